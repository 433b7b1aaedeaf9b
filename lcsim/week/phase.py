"""Step 8 of the week: the phase moves on when its condition is met (docs/ODD.md §7.8), for
all K communities at once."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.roles import ROLE_PAID
from lcsim.rules import phases
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, share


def advance_phase(state: CommunityState, a: Assumptions, week: int, events: EventLog) -> None:
    """Start -> design -> execute -> sustain, each when its condition holds
    (`phases.next_phase`: shared ambition, design progress, and the paid time of the paid
    members still active: the mean of their organisations' coverage in their community);
    a dissolved community stays dissolved and is left unchanged. One "phase" event per
    community that moves on. No random draws. Source: 003 ch. 3 (§3.2-§3.5), 001
    condition 2."""
    paid = state.active & ROLE_PAID[state.role]
    c = state.seat_community[paid]
    coverage = state.coverage[c, state.org[paid]]
    paid_time = share(np.bincount(c, weights=coverage, minlength=state.n_communities),
                      np.bincount(c, minlength=state.n_communities))
    new = phases.next_phase(state.phase, state.shared_ambition, state.design_progress,
                            paid_time, a=a)
    new = np.where(state.phase == Phase.DISSOLVED, state.phase, new)
    for k in np.flatnonzero(new != state.phase).tolist():
        events.add(week, "phase", "community",
                   f"The community moves from {Phase(state.phase[k]).name.lower()} to "
                   f"{Phase(new[k]).name.lower()}.", community=k)
    state.phase = new
