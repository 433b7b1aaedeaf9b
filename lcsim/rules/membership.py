"""Who stays and who joins: dropout after low value, distrust, being treated as 'hands' or
conflict (000 §1; 003 §2.4); turnover empties a seat, which organisations refill when they
pay for the time (000 'personeelsverloop'; 004 'tijd en middelen')."""

from __future__ import annotations

import numpy as np

DROPOUT_REASONS = ("too little value", "distrust", "treated as hands", "conflict")


def weekly_probability(rate_per_year: float) -> float:
    """Weekly chance of an event that happens to a fraction `rate_per_year` each year."""
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / 52.0)


def recruitment_probability(rate: float, coverage: np.ndarray,
                            shared_ambition: float) -> np.ndarray:
    """Weekly chance an empty seat is filled: organisations send people when the time is paid
    for and the community has a clear ambition to join (004: frontrunners, time and means)."""
    return rate * coverage * (0.5 + 0.5 * shared_ambition)


def dropout_pressures(motivation: np.ndarray, trust_in_others: np.ndarray,
                      hands: np.ndarray, relational_conflict: float) -> np.ndarray:
    """Weekly dropout pressure per reason (members x 4): low value, distrust, hands, conflict."""
    return np.column_stack([
        0.05 * np.clip((0.35 - motivation) / 0.35, 0.0, 1.0),
        0.006 * np.clip((0.25 - trust_in_others) / 0.25, 0.0, 1.0),
        0.004 * hands,
        0.01 * relational_conflict ** 2 * np.ones_like(motivation),
    ])
