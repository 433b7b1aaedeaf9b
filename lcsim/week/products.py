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
    count_per_community,
    orgs_of,
    per_community,
    seats_of,
)


def land_and_use_products(state: CommunityState, p: Params, a: Assumptions,
                          rng: np.random.Generator, week: int, events: EventLog) -> None:
    """Every week, in every community, also after it dissolved: unlanded products try to
    land in practice and in education, products waiting a year are reported, and products
    in use realize value and are sometimes dropped.
    Random draws, in order: those of `land_products` (an organisation for each waiting
    product and setting, then one number each), then `rng.random(U)` for the U uses on
    (is it dropped).
    Sources: 000 §3 (different landing places for different results), 000 Tekstbox 5
    (product kinds), 003 §2.3 (applied, realized and transformative value), 000 intro
    list items 6-7 (pace, room for innovation)."""
    alive = state.phase != Phase.DISSOLVED
    keep = _spend_product_time(state, p, a, alive)
    land_products(state, p, a, rng, week, alive, events)
    _report_stalled_products(state, a, week, events)
    _use_products(state, p, a, rng, keep)


def _waiting(state: CommunityState) -> tuple[np.ndarray, np.ndarray]:
    """The (product row, setting) pairs of products not yet landed in a setting where they
    can land, in product order."""
    return ((state.product_landed < 0) & LANDS_IN[state.product_kind]).nonzero()


def _spend_product_time(state: CommunityState, p: Params, a: Assumptions,
                        alive: np.ndarray) -> np.ndarray:
    """The time each community gives its products this week: `product_landing` x
    `product_work_share` of its members' time while it is active and has products to land or
    keep up (taken from project work next week, `state.upkeep_share`). Returns the effort
    each use gets, per community (length K), and sets the effort each waiting product gets
    (`state.landing_effort`).
    Sources: 000 lesson 5 (make products accessible, findable), 000 §3 (maintenance;
    researchers have little time to keep products alive)."""
    k = state.n_communities
    waiting = np.bincount(state.product_community[_waiting(state)[0]], minlength=k)
    uses = np.bincount(state.use_community[state.use_on], minlength=k)
    caring = alive & ((waiting + uses) > 0)
    state.upkeep_share = np.where(caring, p.product_landing * a.product_work_share, 0.0)
    keep, state.landing_effort = products.upkeep_time(
        state.upkeep_share, per_community(state, np.where(state.active, state.capacity, 0.0)),
        uses, waiting, a=a)
    return keep


def land_products(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, alive: np.ndarray | bool, events: EventLog) -> None:
    """Each product not yet landed in a setting where it can tries one organisation there;
    `alive` says per community (length K, or one value for all) whether it still exists.

    Chances are computed for all at once; those whose draw beats their chance land in
    product order, each rechecked against the places of its community and the room at the
    organisation that the ones before it took this week (which only lowers a chance), as if
    they had tried one by one. Landing places belong to a community; the room of an
    organisation is shared by all.
    Random draws, in order: `rng.integers` for the waiting (product, setting) pairs of each
    setting in turn (the organisation tried), then `rng.random` for all pairs.
    """
    waiting, setting = _waiting(state)
    if waiting.size == 0:
        return
    community = state.product_community[waiting]
    alive = np.ones(state.n_communities, dtype=bool) & alive
    has_bridge_builder = count_per_community(state, state.is_bridge_builder) > 0
    access = governance.decision_access(state.backing, p.bb_decision_authority,
                                        has_bridge_builder)  # K x O
    change = np.minimum(1.0, state.bb_effect[:, DRIVING_CHANGE, None] + access)
    in_use = np.bincount(state.use_org[state.use_on], minlength=state.org_kind.size)
    free = state.place_free_week <= week  # K x landing places
    org = np.empty(waiting.size, dtype=int)
    for index, (_, _, _, kind) in enumerate(LANDING_SETTINGS):
        here = setting == index
        options = orgs_of(state, kind)
        org[here] = options[rng.integers(options.size, size=np.count_nonzero(here))]
    fit = state.product_fit[waiting, setting]

    def chance(rows: np.ndarray | int) -> np.ndarray:
        at, c = org[rows], community[rows]
        room = products.free_room(state.org_room[at], in_use[at], a=a)
        return products.landing_probability(
            fit[rows], room * (a.landing_pace_base + state.org_pace[at]),
            free[c].any(axis=-1), state.landing_effort[c], change[c, at], alive[c], a=a)

    draw = rng.random(waiting.size)
    for row in (draw < chance(np.arange(waiting.size))).nonzero()[0].tolist():
        if draw[row] >= chance(row):  # an earlier landing took the place or the room
            continue
        _land(state, a, int(waiting[row]), int(setting[row]), int(org[row]), free, week,
              events)
        in_use[org[row]] += 1


def _land(state: CommunityState, a: Assumptions, number: int, where: int, org: int,
          free: np.ndarray, week: int, events: EventLog) -> None:
    """Product row `number` lands in setting `where` at `org`: it takes the first free
    landing place of its community, if any (marked taken in `free`), and is put in use."""
    name, _, attr, _ = LANDING_SETTINGS[where]
    setattr(state.products[number], attr, week)
    state.product_landed[number, where] = week
    community = state.product_community[number]
    places = np.flatnonzero(free[community])
    if places.size:
        state.place_free_week[community, places[0]] = week + a.pilot_weeks
        free[community, places[0]] = False
    apply_product(state, a, number, org, name, week, events)


def _report_stalled_products(state: CommunityState, a: Assumptions, week: int,
                             events: EventLog) -> None:
    """Say once of each product that has waited a year without landing anywhere.
    `stall_checked` counts each community's products looked at so far; they are looked at
    in the order they were made, so only each community's next product needs a look."""
    k = state.n_communities
    order = np.argsort(state.product_community, kind="stable")  # by community, then age
    made = np.bincount(state.product_community, minlength=k)
    first = np.cumsum(made) - made
    while True:
        looking = np.flatnonzero(state.stall_checked < made)
        rows = order[first[looking] + state.stall_checked[looking]]
        due = np.array([week - state.products[row].week_developed >= a.stall_report_weeks
                        for row in rows.tolist()], dtype=bool)
        if not due.any():
            return
        for row in rows[due].tolist():
            product = state.products[row]
            if not product.landed:
                product.stalled_reported = True
                events.add(week, "product stalls", "community",
                           f"Product {product.number} ({product.kind.replace('_', ' ')}) "
                           f"has waited a year without landing anywhere.",
                           community=product.community)
        state.stall_checked[looking[due]] += 1


def _use_products(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  keep: np.ndarray) -> None:
    """Products in use are kept up (or drift out of fit) with their community's effort
    (`keep`, length K), staff learn to work with them, they add realized value to their
    community after a lag, and some are dropped each week. Sources: 000 §3 (adaptation and
    upkeep), 002 §2, Les 3-5 (learning paths, room to learn), 003 §2.3 e (realized
    value)."""
    using = state.use_on.nonzero()[0]
    if using.size == 0:
        return
    k = state.n_communities
    weeks = state.use_weeks[using] + 1
    state.use_weeks[using] = weeks
    number, org, c = state.use_product[using], state.use_org[using], state.use_community[using]
    members = state.active
    with_member = np.zeros((k, state.org_kind.size), dtype=bool)  # community x organisation
    with_member[state.seat_community[members], state.org[members]] = True
    fit = products.local_fit_update(state.use_fit[using], keep[c],
                                    with_member[c, org].astype(float), a=a)
    state.use_fit[using] = fit
    gain = value.realized_increment(state.product_quality[number], weeks,
                                    p.realization_lag_weeks, fit,
                                    _train_staff(state, p, a, using, org, weeks), a=a)
    state.realized_value += np.bincount(c, weights=gain, minlength=k)
    transformative = gain * value.transformative_share(
        state.boundary[:, boundary.TRANSFORMATION][c], state.product_codesigned[number], a=a)
    state.transformative_value += np.bincount(c, weights=transformative, minlength=k)
    quit_chance = products.discontinue_probability(fit, a=a)
    state.use_on[using[rng.random(using.size) < quit_chance]] = False


def _train_staff(state: CommunityState, p: Params, a: Assumptions, using: np.ndarray,
                 org: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    """Staff at the using organisations (`org`, one per use in `using`, in use for `weeks`)
    learn to work with the products in use, along the organisation's learning path and
    with its room to learn (002 §2, Les 3-5). Returns the uses' trained shares."""
    room = state.org_room[org]
    rate = learning.training_rate(
        room, learning.formal_path(state.org_kind[org], room, a=a),
        weeks <= a.pilot_weeks, state.use_setting[using], p.learning_on_the_job, a=a)
    trained = learning.trained_update(state.use_trained[using], rate, state.org_turnover[org],
                                      a=a)
    state.use_trained[using] = trained
    return trained


def apply_product(state: CommunityState, a: Assumptions, number: int, org: int, setting: str,
                  week: int, events: EventLog) -> None:
    """Product row `number` (a global row, of any community) is taken into use at
    organisation `org`: applied value for its community and at the organisation (shared by
    the region), reputational capital, and felt value for the community's members whose
    interests it serves (000 §3 "welk resultaat is voor welke partner belangrijk")."""
    product = state.products[number]
    community = int(state.product_community[number])
    state.use_product = np.append(state.use_product, number)
    state.use_community = np.append(state.use_community, community)
    state.use_org = np.append(state.use_org, org)
    state.use_weeks = np.append(state.use_weeks, 0)
    state.use_on = np.append(state.use_on, True)
    where = 0 if setting == "practice" else 1
    state.use_setting = np.append(state.use_setting, where)
    state.use_fit = np.append(state.use_fit, state.product_fit[number, where])
    state.use_trained = np.append(state.use_trained, 0.0)
    state.applied_value[community] += product.quality
    state.org_applied_value[org] += product.quality
    state.capitals["reputational"][community] += a.landing_reputation * product.quality
    seats = seats_of(state, community)
    state.pending_interest[seats] += (
        a.interest_weight * product.quality
        * a.array("role_interests")[state.role[seats], product.kind_index] * state.active[seats])
    place = "a pilot" if setting == "practice" else "a minor"
    kind = OrganisationKind(state.org_kind[org]).name.lower().replace("_", " ")
    events.add(week, f"product lands in {setting}", "community",
               f"Product {product.number} ({product.kind.replace('_', ' ')}) lands in "
               f"{setting} at {place} of {kind} {org}.", community=community)
