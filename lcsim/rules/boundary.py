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


def update_boundary_crossing(scores: np.ndarray, cross_role_contact: float,
                             coordination_activity: float, reflection_activity: float, *,
                             a: Assumptions = DEFAULTS) -> np.ndarray:
    """New scores from this week's activity: each closes `a.boundary_rate` of its gap at
    full push; unused mechanisms fade slowly (`a.boundary_decay`). Transformation is pushed
    by the geometric mean of the other three."""
    identification, coordination, reflection, transformation = scores
    base = identification * coordination * reflection
    push = np.array([cross_role_contact, coordination_activity, reflection_activity,
                     base ** (1 / 3) * reflection_activity])
    new = scores + a.boundary_rate * push * (1.0 - scores) - a.boundary_decay * scores
    return new.clip(0.0, 1.0)
