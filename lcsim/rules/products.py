"""Products of the seven kinds and their landing in practice and education.

Products must be accessible, findable and fit a landing place with room for renewal,
such as pilots and minors (000 lesson 5, Tekstbox 5). What is developed but never
lands is the implementation gap. Fit is better when end users co-designed and mbo
staff took part (000 lesson 2, Tekstbox 3).

Every rule takes numbers or arrays and broadcasts: per product or use (with its
community's values gathered, e.g. `landing_effort[state.product_community]`) or per
community (arrays of length K, or K rows for `product_kind_weights`).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


def product_kind_weights(contribution: np.ndarray, *,
                         a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chances of each product kind given the knowledge mix (per type, last axis) that went
    into it: one row of chances per row of `contribution` (K x N_KNOWLEDGE gives K rows).
    The seven kinds are those of 000 Tekstbox 5; outcomes come from combining kinds of
    knowledge (000 §3); the mapping is an assumption."""
    weights = contribution @ a.array("knowledge_to_product")
    return weights / weights.sum(axis=-1, keepdims=True)


def fit(quality: np.ndarray, codesigned: np.ndarray, mbo_involved: np.ndarray,
        educator_involved: np.ndarray, education: bool, *,
        a: Assumptions = DEFAULTS) -> np.ndarray:
    """How well products fit the landing place (0-1): made with end users and with mbo staff
    who will use them, with educators (for education), and of good quality. Sources: 000
    §3 (innovations land only if they answer questions of practice), lesson 2; 002 Les 1
    and §3 (innovations thrown "over de schutting"); 004 insight 4 (experts by
    experience); the weights are assumptions."""
    teachers = educator_involved if education else 0.0
    return np.clip(a.fit_base + a.fit_codesigned * codesigned + a.fit_mbo * mbo_involved
                   + a.fit_educator * teachers + a.fit_quality * quality, 0.0, 1.0)


def landing_probability(fit: np.ndarray, room: np.ndarray, place_free: bool | np.ndarray,
                        landing_effort: float | np.ndarray, change_agent: float | np.ndarray,
                        community_active: bool | np.ndarray, *,
                        a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance a product lands somewhere. A free pilot or minor makes landing likely;
    without one products only trickle into regular practice. Effort actually spent this
    week on making each waiting product accessible (`landing_effort`, 0-1, from
    `upkeep_time`; 000 lesson 5) and a bridge-builder who drives change help; a dissolved
    community no longer pushes its products."""
    place = np.where(place_free, 1.0, a.landing_without_place)
    push = ((a.landing_push_base + a.landing_push_effort * landing_effort)
            * ((1.0 - a.landing_change) + a.landing_change * change_agent))
    alive = np.where(community_active, 1.0, a.landing_after_dissolution)
    return (a.landing_rate * fit * room * place * push * alive).clip(0.0, 1.0)


def upkeep_time(share: float | np.ndarray, capacity: float | np.ndarray,
                uses: int | np.ndarray, waiting: int | np.ndarray, *,
                a: Assumptions = DEFAULTS) -> tuple[np.ndarray, np.ndarray]:
    """Effort (0-1 of what a product needs, `a.upkeep_need`) the community gives each landed
    product in use and each product still waiting to land, from the time it spends on
    products: `share` of its members' `capacity` (member-weeks a week). Products in use are
    kept up first, the rest of the time makes waiting products accessible (000 §3:
    products must be maintained; researchers have little time to keep them alive).
    Numbers, or arrays of length K (one per community)."""
    time = np.asarray(share * capacity, dtype=float)
    keep = _effort_each(time, uses, a)
    left = time - keep * a.upkeep_need * uses
    return keep, _effort_each(left, waiting, a)


def _effort_each(time: np.ndarray, items: int | np.ndarray, a: Assumptions) -> np.ndarray:
    """Effort each of `items` products gets from `time`, at most 1; 0 with no products."""
    items = np.asarray(items)
    return np.where(items > 0, np.minimum(1.0, time / (a.upkeep_need * np.maximum(items, 1))),
                    0.0)


def local_fit_update(local_fit: np.ndarray, effort: float | np.ndarray, insiders: np.ndarray,
                     *,
                     a: Assumptions = DEFAULTS) -> np.ndarray:
    """A use's fit to its local setting after a week: it drifts away by `a.fit_drift` (the
    context and the product keep changing), and upkeep ("passen en meten") brings it back
    towards 1 at `a.upkeep_restore` x effort, fully where a member of the using
    organisation takes part (`insiders` = 1) and `a.upkeep_outsider` as much otherwise
    (000 §3: products are not ready-made, need local adaptation and upkeep)."""
    restore = a.upkeep_restore * effort * (a.upkeep_outsider
                                           + (1.0 - a.upkeep_outsider) * insiders)
    kept = local_fit * (1.0 - a.fit_drift)
    return (kept + restore * (1.0 - kept)).clip(0.0, 1.0)


def discontinue_probability(local_fit: np.ndarray, *,
                            a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance a product in use is dropped: `a.discontinue_rate` x how far it no
    longer fits (1 - local fit). Without a keeper local fit decays and uses are dropped
    (000 §3: researchers have little time to keep products alive)."""
    return a.discontinue_rate * (1.0 - np.asarray(local_fit, dtype=float))


def free_room(room_for_innovation: np.ndarray, products_in_use: np.ndarray, *,
              a: Assumptions = DEFAULTS) -> np.ndarray:
    """Room for innovation an organisation has left: each product in use takes up part of it
    (000: 'ruimte voor verandering en innovatie'), so returns diminish; full room holds
    `a.room_slots` products."""
    room = np.asarray(room_for_innovation, dtype=float)
    capacity = a.room_slots * room
    has_room = capacity > 0
    left = (1.0 - products_in_use / np.where(has_room, capacity, 1.0)).clip(0.0, 1.0)
    return np.where(has_room, room * left, 0.0)
