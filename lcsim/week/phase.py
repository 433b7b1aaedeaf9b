"""Step 8 of the week: the phase moves on when its condition is met (docs/ODD.md §7.8)."""

from __future__ import annotations

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.roles import ROLE_PAID
from lcsim.rules import phases
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState


def advance_phase(state: CommunityState, a: Assumptions, week: int, events: EventLog) -> None:
    """Start -> design -> execute -> sustain, each when its condition holds
    (`phases.next_phase`: shared ambition, design progress, paid time of the paid members
    still active); a dissolved community stays dissolved. Source: 003 ch. 3 (§3.2-§3.5),
    001 condition 2."""
    if state.phase == Phase.DISSOLVED:
        return
    paid = state.active & ROLE_PAID[state.role]
    paid_orgs = state.org[paid]
    paid_time = float(state.coverage[paid_orgs].sum() / paid_orgs.size) if paid_orgs.size else 0.0
    new = phases.next_phase(state.phase, state.shared_ambition, state.design_progress,
                            paid_time, a=a)
    if new != state.phase:
        events.add(week, "phase", "community",
                   f"The community moves from {state.phase.name.lower()} to "
                   f"{new.name.lower()}.")
    state.phase = new
