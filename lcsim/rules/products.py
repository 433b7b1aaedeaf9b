"""Products of the seven kinds and their landing in practice and education.

Products must be accessible, findable and fit a landing place with room for renewal,
such as pilots and minors (000 lesson 5, Tekstbox 5). What is developed but never
lands is the implementation gap. Fit is better when end users co-designed and mbo
staff took part (000 lesson 2, Tekstbox 3).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


def product_kind_weights(contribution: np.ndarray, *,
                         a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chances of each product kind given the knowledge mix (per type) that went into it."""
    weights = contribution @ a.array("knowledge_to_product")
    return weights / weights.sum()


def fit(quality: np.ndarray, codesigned: np.ndarray, mbo_involved: np.ndarray,
        educator_involved: np.ndarray, education: bool, *,
        a: Assumptions = DEFAULTS) -> np.ndarray:
    """How well products fit the landing place (0-1): made with end users and with mbo staff
    who will use them, with educators (for education), and of good quality."""
    teachers = educator_involved if education else 0.0
    return (a.fit_base + a.fit_codesigned * codesigned + a.fit_mbo * mbo_involved
            + a.fit_educator * teachers + a.fit_quality * quality)


def landing_probability(fit: np.ndarray, room: np.ndarray, place_free: bool,
                        landing_effort: float, change_agent: float,
                        community_active: bool, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance a product lands somewhere. A free pilot or minor makes landing likely;
    without one products only trickle into regular practice. Effort to make products
    accessible (lesson 5) and a bridge-builder who drives change help; a dissolved
    community no longer pushes its products."""
    place = 1.0 if place_free else a.landing_without_place
    push = ((a.landing_push_base + a.landing_push_effort * landing_effort)
            * ((1.0 - a.landing_change) + a.landing_change * change_agent))
    alive = 1.0 if community_active else a.landing_after_dissolution
    return np.clip(a.landing_rate * fit * room * place * push * alive, 0.0, 1.0)


def discontinue_probability(community_active: bool, landing_effort: float, *,
                            a: Assumptions = DEFAULTS) -> float:
    """Weekly chance a product in use is dropped (nobody keeps it alive after dissolution);
    effort to make products accessible keeps them in use."""
    rate = a.discontinue_active if community_active else a.discontinue_dissolved
    return rate * (a.discontinue_effort_base - landing_effort)


def free_room(room_for_innovation: np.ndarray, products_in_use: np.ndarray, *,
              a: Assumptions = DEFAULTS) -> np.ndarray:
    """Room for innovation an organisation has left: each product in use takes up part of it
    (000: 'ruimte voor verandering en innovatie'), so returns diminish; full room holds
    `a.room_slots` products."""
    room = np.asarray(room_for_innovation, dtype=float)
    capacity = a.room_slots * room
    left = np.clip(1.0 - products_in_use / np.where(capacity > 0, capacity, 1.0), 0.0, 1.0)
    return np.where(capacity > 0, room * left, 0.0)
