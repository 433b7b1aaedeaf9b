"""The four boundary-crossing learning mechanisms (Akkerman & Bakker 2011; 003 §2.2).

Identification (knowing the other practice), coordination (routines and boundary
objects that make joint work flow), reflection (perspective making and taking) and
transformation (new hybrid practices). Each is a community-level score in [0, 1];
transformation grows only where the other three are present.
"""

from __future__ import annotations

import numpy as np

MECHANISMS = ("identification", "coordination", "reflection", "transformation")


def update_boundary_crossing(scores: np.ndarray, cross_role_contact: float,
                             coordination_activity: float, reflection_activity: float,
                             rate: float = 0.05, decay: float = 0.01) -> np.ndarray:
    """New scores from this week's activity; unused mechanisms fade slowly."""
    identification, coordination, reflection, transformation = scores
    base = identification * coordination * reflection
    push = np.array([cross_role_contact, coordination_activity, reflection_activity,
                     base ** (1 / 3) * reflection_activity])
    new = scores + rate * push * (1.0 - scores) - decay * scores
    return np.clip(new, 0.0, 1.0)
