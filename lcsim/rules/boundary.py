"""The four boundary-crossing learning mechanisms (Akkerman & Bakker 2011; 003 §2.2).

Identification (knowing the other practice), coordination (routines and boundary
objects that make joint work flow), reflection (perspective making and taking) and
transformation (new hybrid practices). Each is a community-level score in [0, 1];
transformation grows only where the other three are present.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

MECHANISMS = ("identification", "coordination", "reflection", "transformation")
IDENTIFICATION, COORDINATION, REFLECTION, TRANSFORMATION = range(len(MECHANISMS))


def update_boundary_crossing(scores: np.ndarray, cross_role_contact: float | np.ndarray,
                             coordination_activity: float | np.ndarray,
                             reflection_activity: float | np.ndarray, *,
                             a: Assumptions = DEFAULTS) -> np.ndarray:
    """New scores from this week's activity: each closes `a.boundary_rate` of its gap at
    full push; unused mechanisms fade slowly (`a.boundary_decay`). Transformation is pushed
    by the geometric mean of the other three. Source: the four mechanisms of Akkerman &
    Bakker 2011 via 003 §2.2; the rates and the way transformation rests on the other three
    are assumptions (003 §2.5: how transformation relates to the other mechanisms is still
    little known).

    `scores` is one community's four scores (4,) or one row per community (K x 4); the
    activities are numbers or one per community (K,)."""
    scores = np.asarray(scores, dtype=float)
    identification, coordination, reflection = (
        scores[..., m] for m in (IDENTIFICATION, COORDINATION, REFLECTION))
    base = identification * coordination * reflection
    activities = (cross_role_contact, coordination_activity, reflection_activity,
                  base ** (1 / 3) * reflection_activity)
    push = np.empty(np.broadcast(*activities).shape + (len(MECHANISMS),))
    for mechanism, activity in enumerate(activities):
        push[..., mechanism] = activity
    new = scores + a.boundary_rate * push * (1.0 - scores) - a.boundary_decay * scores
    return new.clip(0.0, 1.0)
