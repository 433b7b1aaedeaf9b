"""Step 9 of the week: products land, are used and realize value (docs/ODD.md §7.9)."""

from __future__ import annotations

import numpy as np

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.rules import boundary, governance, learning, products, value
from lcsim.rules.phases import Phase
from lcsim.state import (
    DRIVING_CHANGE,
    LANDING_SETTINGS,
    LANDS_IN,
    CommunityState,
    orgs_of,
)


def land_and_use_products(state: CommunityState, p: Params, a: Assumptions,
                          rng: np.random.Generator, week: int, events: EventLog) -> None:
    """Every week, also after dissolution: unlanded products try to land in practice and in
    education, products waiting a year are reported, and products in use realize value
    and are sometimes dropped.
    Sources: 000 §3 (different landing places for different results), 000 Tekstbox 5
    (product kinds), 003 §2.3 (applied, realized and transformative value), 000 intro
    list items 6-7 (pace, room for innovation)."""
    alive = state.phase != Phase.DISSOLVED
    keep = _spend_product_time(state, p, a, alive)
    land_products(state, p, a, rng, week, alive, events)
    _report_stalled_products(state, a, week, events)
    _use_products(state, p, a, rng, keep)


def _spend_product_time(state: CommunityState, p: Params, a: Assumptions,
                        alive: bool) -> float:
    """The time the community gives its products this week: `product_landing` x
    `product_work_share` of its members' time while it is active and has products to land or
    keep up (taken from project work next week, `state.upkeep_share`). Returns the effort
    each use gets and sets the effort each waiting product gets (`state.landing_effort`).
    Sources: 000 lesson 5 (make products accessible, findable), 000 §3 (maintenance;
    researchers have little time to keep products alive)."""
    waiting = np.count_nonzero((state.product_landed < 0) & LANDS_IN[state.product_kind])
    uses = np.count_nonzero(state.use_on)
    caring = alive and (waiting + uses) > 0
    state.upkeep_share = p.product_landing * a.product_work_share if caring else 0.0
    keep, state.landing_effort = products.upkeep_time(
        state.upkeep_share, float(state.capacity[state.active].sum()), uses, waiting, a=a)
    return keep


def land_products(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, alive: bool, events: EventLog) -> None:
    """Each product not yet landed in a setting where it can tries one organisation there.

    Chances are computed for all at once; those whose draw beats their chance land in
    product order, each rechecked against the places and room that the ones before it
    took this week (which only lowers a chance), as if they had tried one by one.
    """
    waiting, setting = ((state.product_landed < 0) & LANDS_IN[state.product_kind]).nonzero()
    if waiting.size == 0:
        return
    change = np.minimum(1.0, state.bb_effect[DRIVING_CHANGE] + governance.decision_access(
        state.backing, p.bb_decision_authority, bool(state.is_bridge_builder.any())))
    in_use = np.bincount(state.use_org[state.use_on], minlength=state.org_kind.size)
    free = (state.place_free_week <= week).nonzero()[0]
    org = np.empty(waiting.size, dtype=int)
    for index, (_, _, _, kind) in enumerate(LANDING_SETTINGS):
        here = setting == index
        options = orgs_of(state, kind)
        org[here] = options[rng.integers(options.size, size=np.count_nonzero(here))]
    fit = state.product_fit[waiting, setting]

    def chance(rows: np.ndarray | int) -> np.ndarray:
        room = products.free_room(state.org_room[org[rows]], in_use[org[rows]], a=a)
        return products.landing_probability(
            fit[rows], room * (a.landing_pace_base + state.org_pace[org[rows]]),
            free.size > 0, state.landing_effort, change[org[rows]], alive, a=a)

    draw = rng.random(waiting.size)
    for row in (draw < chance(np.arange(waiting.size))).nonzero()[0]:
        if draw[row] >= chance(row):  # an earlier landing took the place or the room
            continue
        number, where = int(waiting[row]), int(setting[row])
        name, _, attr, _ = LANDING_SETTINGS[where]
        setattr(state.products[number], attr, week)
        state.product_landed[number, where] = week
        if free.size:
            state.place_free_week[free[0]] = week + a.pilot_weeks
            free = free[1:]
        apply_product(state, a, number, int(org[row]), name, week, events)
        in_use[org[row]] += 1


def _report_stalled_products(state: CommunityState, a: Assumptions, week: int,
                             events: EventLog) -> None:
    """Say once of each product that has waited a year without landing anywhere."""
    while state.stall_checked < len(state.products) and \
            week - state.products[state.stall_checked].week_developed \
            >= a.stall_report_weeks:
        product = state.products[state.stall_checked]
        state.stall_checked += 1
        if not product.landed:
            product.stalled_reported = True
            events.add(week, "product stalls", "community",
                       f"Product {product.number} ({product.kind.replace('_', ' ')}) "
                       f"has waited a year without landing anywhere.")


def _use_products(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  keep: float) -> None:
    """Products in use are kept up (or drift out of fit), staff learn to work with them, they
    add realized value after a lag, and some are dropped each week. Sources: 000 §3
    (adaptation and upkeep), 002 §2, Les 3-5 (learning paths, room to learn), 003 §2.3 e
    (realized value)."""
    using = state.use_on.nonzero()[0]
    if using.size == 0:
        return
    state.use_weeks[using] += 1
    number, org = state.use_product[using], state.use_org[using]
    with_member = np.bincount(state.org[state.active], minlength=state.org_kind.size) > 0
    insiders = with_member[org].astype(float)
    state.use_fit[using] = products.local_fit_update(state.use_fit[using], keep, insiders,
                                                     a=a)
    _train_staff(state, p, a, using)
    gain = value.realized_increment(state.product_quality[number], state.use_weeks[using],
                                    p.realization_lag_weeks, state.use_fit[using],
                                    state.use_trained[using], a=a)
    state.realized_value += float(gain.sum())
    state.transformative_value += float((gain * value.transformative_share(
        state.boundary[boundary.TRANSFORMATION], state.product_codesigned[number],
        a=a)).sum())
    quit_chance = products.discontinue_probability(state.use_fit[using], a=a)
    state.use_on[using[rng.random(using.size) < quit_chance]] = False


def _train_staff(state: CommunityState, p: Params, a: Assumptions, using: np.ndarray) -> None:
    """Staff at the using organisations learn to work with the products in use, along the
    organisation's learning path and with its room to learn (002 §2, Les 3-5)."""
    org = state.use_org[using]
    room = state.org_room[org]
    rate = learning.training_rate(
        room, learning.formal_path(state.org_kind[org], room, a=a),
        state.use_weeks[using] <= a.pilot_weeks, state.use_setting[using],
        p.learning_on_the_job, a=a)
    state.use_trained[using] = learning.trained_update(
        state.use_trained[using], rate, state.org_turnover[org], a=a)


def apply_product(state: CommunityState, a: Assumptions, number: int, org: int, setting: str,
                  week: int, events: EventLog) -> None:
    """Product `number` is taken into use at organisation `org`: applied value (there and in
    total), reputational capital, and felt value for the members whose interests it serves
    (000 §3 "welk resultaat is voor welke partner belangrijk")."""
    product = state.products[number]
    state.use_product = np.append(state.use_product, number)
    state.use_org = np.append(state.use_org, org)
    state.use_weeks = np.append(state.use_weeks, 0)
    state.use_on = np.append(state.use_on, True)
    where = 0 if setting == "practice" else 1
    state.use_setting = np.append(state.use_setting, where)
    state.use_fit = np.append(state.use_fit, state.product_fit[number, where])
    state.use_trained = np.append(state.use_trained, 0.0)
    state.applied_value += product.quality
    state.org_applied_value[org] += product.quality
    state.capitals["reputational"] += a.landing_reputation * product.quality
    state.pending_interest += (a.interest_weight * product.quality
                               * a.array("role_interests")[state.role, product.kind_index]
                               * state.active)
    place = "a pilot" if setting == "practice" else "a minor"
    kind = OrganisationKind(state.org_kind[org]).name.lower().replace("_", " ")
    events.add(week, f"product lands in {setting}", "community",
               f"Product {product.number} ({product.kind.replace('_', ' ')}) lands in "
               f"{setting} at {place} of {kind} {org}.")
