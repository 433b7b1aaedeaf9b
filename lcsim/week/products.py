"""Step 9 of the week: products land, are used and realize value (docs/ODD.md §7.9)."""

from __future__ import annotations

import numpy as np

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.rules import boundary, products, value
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
    land_products(state, p, a, rng, week, alive, events)
    _report_stalled_products(state, a, week, events)
    _use_products(state, p, a, rng, alive)


def land_products(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, alive: bool, events: EventLog) -> None:
    """Each product not yet landed in a setting where it can tries one organisation there.

    Chances are computed for all at once; those whose draw beats their chance land in
    product order, each rechecked against the places and room that the ones before it
    took this week (which only lowers a chance), as if they had tried one by one.
    """
    waiting, setting = np.nonzero((state.product_landed < 0) & LANDS_IN[state.product_kind])
    if waiting.size == 0:
        return
    change = min(1.0, state.bb_effect[DRIVING_CHANGE] + p.bb_decision_authority
                 * (1.0 if state.is_bridge_builder.any() else 0.0))
    in_use = np.bincount(state.use_org[state.use_on], minlength=state.org_kind.size)
    free = np.flatnonzero(state.place_free_week <= week)
    org = np.empty(waiting.size, dtype=int)
    for index, (_, _, _, kind) in enumerate(LANDING_SETTINGS):
        here = setting == index
        options = orgs_of(state, kind)
        org[here] = options[rng.integers(options.size, size=int(here.sum()))]
    fit = state.product_fit[waiting, setting]

    def chance(rows: np.ndarray | int) -> np.ndarray:
        room = products.free_room(state.org_room[org[rows]], in_use[org[rows]], a=a)
        return products.landing_probability(
            fit[rows], room * (a.landing_pace_base + state.org_pace[org[rows]]),
            free.size > 0, p.product_landing, change, alive, a=a)

    draw = rng.random(waiting.size)
    for row in np.flatnonzero(draw < chance(np.arange(waiting.size))):
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
                  alive: bool) -> None:
    """Products in use add realized value after a lag; some are dropped each week."""
    using = np.flatnonzero(state.use_on)
    if using.size == 0:
        return
    state.use_weeks[using] += 1
    number = state.use_product[using]
    gain = value.realized_increment(state.product_quality[number], state.use_weeks[using],
                                    p.realization_lag_weeks,
                                    state.org_room[state.use_org[using]], a=a)
    state.realized_value += float(gain.sum())
    state.transformative_value += float((gain * value.transformative_share(
        state.boundary[boundary.TRANSFORMATION], state.product_codesigned[number],
        a=a)).sum())
    quit_chance = products.discontinue_probability(alive, p.product_landing, a=a)
    state.use_on[using[rng.random(using.size) < quit_chance]] = False


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
    state.use_setting = np.append(state.use_setting, 0 if setting == "practice" else 1)
    state.applied_value += product.quality
    state.org_applied_value[org] += product.quality
    state.capitals["reputational"] += a.landing_reputation * product.quality
    state.pending_interest += (a.interest_weight * product.quality
                               * a.array("role_interests")[state.role, product.kind_index]
                               * state.active)
    place = "a pilot" if setting == "practice" else "a minor"
    kind = OrganisationKind(state.org_kind[org]).name.lower()
    events.add(week, f"product lands in {setting}", "community",
               f"Product {product.number} ({product.kind.replace('_', ' ')}) lands in "
               f"{setting} at {place} of {kind} {org}.")
