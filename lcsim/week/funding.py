"""Step 1 of the week: funding and capacity (docs/ODD.md §7.1), for all K communities at
once. Funding runs for every community, dissolved or not."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import ROLE_PAID
from lcsim.rules import funding, governance, participation
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, per_community, share

FUNDING_ENDS_TEXT = {
    funding.FOLLOW_UP: "External funding ends; follow-up funding takes over.",
    funding.NONE: "Funding ends; members' time now rests on their own organisations.",
}
FOLLOW_UP_STARTS_TEXT = "Follow-up funding starts; members' time is paid for again."
FUNDING_ENDS_DISSOLVED_TEXT = ("The funding planned for the community ends; the community "
                               "itself had already stopped.")


def fund(state: CommunityState, p: Params, a: Assumptions, week: int,
         events: EventLog) -> None:
    """Which source pays this week in each community (`funding_state`, length K), each
    organisation's paid-for share of its members' time per community (`coverage`, K x O)
    and each member's `capacity` (share of a week, zero for empty seats); adds each
    community's paid time this week to its hours (`paid_fte`, `paid_hours`,
    `paid_hours_funded`, `subsidy_hours`, length K). No random draws. Sources: 000 intro
    (three ways of funding), 003 §2.5 (subsidies end), 001 promoting factor "inbedding",
    004 insight 2 (financing frees staff time); capacity 000 §3, 002 §2."""
    now = funding.funding_state(week, state.funding_weeks, state.follow_up_weeks)
    _announce_funding_changes(state, now, week, events)
    state.funding_state = now
    _update_backing(state, p, a)
    embedding = funding.embedding_level(p.structural_embedding, state.backing)
    state.coverage = funding.coverage(now, p.external_coverage, p.fixed_contribution_share,
                                      p.in_kind_share, embedding, p.follow_up_coverage)
    c = state.seat_community
    seat_coverage = state.coverage[c, state.org]
    paid_seats = ROLE_PAID[state.role]
    state.capacity = participation.capacity(
        a.array("role_time")[state.role], paid_seats, seat_coverage,
        state.org_room[state.org]) * state.active
    # A formalised bridge-builder post keeps paid time for the function when members' other
    # time is no longer paid (000 §2 'beperkt aanwezig op locatie'; 001 'formalisering').
    post_time = a.bb_post_time * p.bridge_builder_investment
    state.capacity = np.where(state.is_bridge_builder & state.active,
                              np.maximum(state.capacity, post_time), state.capacity)
    leaders = state.leader_seat[state.leader_seat >= 0]
    state.capacity[leaders] = governance.leader_capacity(state.capacity[leaders], a=a)
    paid = per_community(state, np.where(paid_seats, state.capacity, 0.0))
    state.paid_fte = paid
    state.paid_hours += paid * a.fte_hours
    state.paid_hours_funded += np.where(now != funding.NONE, paid * a.fte_hours, 0.0)
    subsidy = funding.subsidy_share(now, p.external_coverage, p.fixed_contribution_share,
                                    p.in_kind_share, p.follow_up_coverage)
    # Where a subsidy pays, every coverage is at least `subsidy`; elsewhere it adds 0.
    by_subsidy = share(subsidy[c], seat_coverage)
    state.subsidy_hours += per_community(
        state, np.where(paid_seats, state.capacity * by_subsidy, 0.0)) * a.fte_hours


def _announce_funding_changes(state: CommunityState, now: np.ndarray, week: int,
                              events: EventLog) -> None:
    """An event for each community whose source of funding changes this week: funding
    ends (for a dissolved community only when no funding is left), or follow-up funding
    starts after funding had ended."""
    for k in np.flatnonzero(now != state.funding_state):
        new, old = str(now[k]), str(state.funding_state[k])
        if state.phase[k] == Phase.DISSOLVED:
            if new == funding.NONE:
                events.add(week, "funding ends", "community", FUNDING_ENDS_DISSOLVED_TEXT,
                           community=k)
        elif old == funding.NONE:  # follow-up granted after funding ended
            events.add(week, "funding starts", "community", FOLLOW_UP_STARTS_TEXT,
                       community=k)
        else:
            events.add(week, "funding ends", "community", FUNDING_ENDS_TEXT[new],
                       community=k)


def record_funded_week(state: CommunityState) -> None:
    """At the end of a funded week (dissolved or not), add each funded community's knowledge
    combination to the sum behind `knowledge_combination_funded`, the mean over the funded
    weeks: the level the bridge-builder pattern is about (MODEL_BRIEF §5 pattern 3; 000
    Tekstbox 4)."""
    funded = state.funding_state != funding.NONE
    state.combination_funded_sum += np.where(funded, state.combination_quality, 0.0)
    state.funded_weeks_seen += funded


def _update_backing(state: CommunityState, p: Params, a: Assumptions) -> None:
    """Each organisation's decision-makers back each community (`backing`, K x O) more as
    far as they are involved (`management_involvement`) and see their staff take part in
    it (share of the organisation's seats in that community present at last week's
    meeting) and value proved there (region-wide); backing fades without renewal (003 §3.2
    c, §3.5 h; 004 insight 2; 002 §3)."""
    k, n_orgs = state.backing.shape
    cell = state.seat_community * n_orgs + state.org
    seats = np.bincount(cell, minlength=k * n_orgs).reshape(k, n_orgs)
    present = np.bincount(cell[state.attended], minlength=k * n_orgs).reshape(k, n_orgs)
    presence = present / np.maximum(seats, 1)
    state.backing = governance.backing_update(
        state.backing, p.management_involvement, presence,
        governance.proof(state.org_applied_value, a=a), a=a)
