"""Products of the seven kinds and their landing in practice and education.

Products must be accessible, findable and fit a landing place with room for renewal,
such as pilots and minors (000 lesson 5, Tekstbox 5). What is developed but never
lands is the implementation gap. Fit is better when end users co-designed and mbo
staff took part (000 lesson 2, Tekstbox 3).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

PILOT_WEEKS = 26


def product_kind_weights(contribution: np.ndarray, *,
                         a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chances of each product kind given the knowledge mix (per type) that went into it."""
    weights = contribution @ a.array("knowledge_to_product")
    return weights / weights.sum()


def fit(quality: np.ndarray, codesigned: np.ndarray, mbo_involved: np.ndarray,
        educator_involved: np.ndarray, education: bool) -> np.ndarray:
    """How well products fit the landing place (0-1): made with end users and with mbo staff
    who will use them, with educators (for education), and of good quality."""
    teachers = educator_involved if education else 0.0
    return 0.15 + 0.35 * codesigned + 0.2 * mbo_involved + 0.15 * teachers + 0.15 * quality


def landing_probability(fit: np.ndarray, room: np.ndarray, place_free: bool,
                        landing_effort: float, change_agent: float,
                        community_active: bool) -> np.ndarray:
    """Weekly chance a product lands somewhere. A free pilot or minor makes landing likely;
    without one products only trickle into regular practice. Effort to make products
    accessible (lesson 5) and a bridge-builder who drives change help; a dissolved
    community no longer pushes its products."""
    place = 1.0 if place_free else 0.06
    push = (0.3 + 0.7 * landing_effort) * (0.8 + 0.2 * change_agent)
    alive = 1.0 if community_active else 0.3
    return np.clip(0.12 * fit * room * place * push * alive, 0.0, 1.0)


def discontinue_probability(community_active: bool, landing_effort: float) -> float:
    """Weekly chance a product in use is dropped (nobody keeps it alive after dissolution)."""
    return (0.006 if community_active else 0.02) * (1.5 - landing_effort)


def free_room(room_for_innovation: np.ndarray, products_in_use: np.ndarray,
              slots: float = 4.0) -> np.ndarray:
    """Room for innovation an organisation has left: each product in use takes up part of it
    (000: 'ruimte voor verandering en innovatie'), so returns diminish."""
    room = np.asarray(room_for_innovation, dtype=float)
    capacity = slots * room
    left = np.clip(1.0 - products_in_use / np.where(capacity > 0, capacity, 1.0), 0.0, 1.0)
    return np.where(capacity > 0, room * left, 0.0)
