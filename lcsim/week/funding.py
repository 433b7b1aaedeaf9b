"""Step 1 of the week: funding and capacity (docs/ODD.md §7.1)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import ROLE_PAID
from lcsim.rules import funding, governance, participation
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState

FUNDING_ENDS_TEXT = {
    funding.FOLLOW_UP: "External funding ends; follow-up funding takes over.",
    funding.NONE: "Funding ends; members' time now rests on their own organisations.",
}
FOLLOW_UP_STARTS_TEXT = "Follow-up funding starts; members' time is paid for again."
FUNDING_ENDS_DISSOLVED_TEXT = ("The funding planned for the community ends; the community "
                               "itself had already stopped.")


def fund(state: CommunityState, p: Params, a: Assumptions, week: int,
         events: EventLog) -> None:
    """Which source pays this week, each organisation's paid-for share of its members' time
    (`coverage`, one per organisation) and each member's `capacity` (share of a week, zero
    for empty seats); adds this week's paid time to the hours. Sources: 000 intro (three
    ways of funding), 003 §2.5 (subsidies end), 001 promoting factor "inbedding", 004
    insight 2 (financing frees staff time); capacity 000 §3, 002 §2."""
    now = funding.funding_state(week, state.funding_weeks, state.follow_up_weeks)
    if now != state.funding_state:
        if state.phase == Phase.DISSOLVED:
            if now == funding.NONE:
                events.add(week, "funding ends", "community", FUNDING_ENDS_DISSOLVED_TEXT)
        elif state.funding_state == funding.NONE:  # follow-up granted after funding ended
            events.add(week, "funding starts", "community", FOLLOW_UP_STARTS_TEXT)
        else:
            events.add(week, "funding ends", "community", FUNDING_ENDS_TEXT[now])
        state.funding_state = now
    _update_backing(state, p, a)
    embedding = funding.embedding_level(p.structural_embedding, state.backing)
    state.coverage = funding.coverage(now, p.external_coverage, p.fixed_contribution_share,
                                      p.in_kind_share, embedding, p.follow_up_coverage)
    state.capacity = participation.capacity(
        a.array("role_time")[state.role], ROLE_PAID[state.role],
        state.coverage[state.org], state.org_room[state.org]) * state.active
    # A formalised bridge-builder post keeps paid time for the function when members' other
    # time is no longer paid (000 §2 'beperkt aanwezig op locatie'; 001 'formalisering').
    post_time = a.bb_post_time * p.bridge_builder_investment
    state.capacity = np.where(state.is_bridge_builder & state.active,
                              np.maximum(state.capacity, post_time), state.capacity)
    if state.leader_seat >= 0:
        state.capacity[state.leader_seat] = governance.leader_capacity(
            state.capacity[state.leader_seat], a=a)
    paid_seats = ROLE_PAID[state.role]
    paid = float(state.capacity[paid_seats].sum())
    state.paid_fte = paid
    state.paid_hours += paid * a.fte_hours
    if now != funding.NONE:
        state.paid_hours_funded += paid * a.fte_hours
    subsidy = funding.subsidy_share(now, p.external_coverage, p.fixed_contribution_share,
                                    p.in_kind_share, p.follow_up_coverage)
    if subsidy > 0:  # then every coverage is at least `subsidy`
        by_subsidy = subsidy / state.coverage[state.org[paid_seats]]
        state.subsidy_hours += float(state.capacity[paid_seats] @ by_subsidy) * a.fte_hours


def record_funded_week(state: CommunityState) -> None:
    """At the end of a funded week (dissolved or not), add its knowledge combination to the
    sum behind `knowledge_combination_funded`, the mean over the funded weeks: the level the
    bridge-builder pattern is about (MODEL_BRIEF §5 pattern 3; 000 Tekstbox 4)."""
    if state.funding_state != funding.NONE:
        state.combination_funded_sum += state.combination_quality
        state.funded_weeks_seen += 1


def _update_backing(state: CommunityState, p: Params, a: Assumptions) -> None:
    """Each organisation's decision-makers back the LC more as far as they are involved
    (`management_involvement`) and see their staff take part (last week's meeting) and value
    proved there; backing fades without renewal (003 §3.2 c, §3.5 h; 004 insight 2; 002 §3)."""
    n_orgs = state.backing.size
    seats = np.bincount(state.org, minlength=n_orgs)
    present = np.bincount(state.org[state.attended], minlength=n_orgs)
    presence = present / np.maximum(seats, 1)
    state.backing = governance.backing_update(
        state.backing, p.management_involvement, presence,
        governance.proof(state.org_applied_value, a=a), a=a)
