"""Value creation after Wenger, Trayner & de Laat (2011), with expected value
(Dingyloudi & Strijbos 2015), as used in 003 §2.3.

Cycles: expected -> immediate -> potential (five capitals) -> applied -> realized ->
transformative. Applied and realized value need potential value and a place to land.
"""

from __future__ import annotations

import numpy as np

CAPITALS = ("human", "social", "tangible", "reputational", "learning")


def immediate_value(knowledge_gain: np.ndarray, trust_gain: np.ndarray,
                    attended: np.ndarray) -> np.ndarray:
    """Value members feel this week: what they learned, the bonds they strengthened,
    and a small value of just having met (004: new contacts, new insights)."""
    return knowledge_gain + trust_gain + 0.02 * attended


def realized_increment(quality: np.ndarray, weeks_in_use: np.ndarray, lag: int,
                       room_to_learn: np.ndarray, rate: float = 0.05) -> np.ndarray:
    """Weekly change in performance from products in use, after a lag of `lag` weeks."""
    return np.where(weeks_in_use >= lag, rate * quality * room_to_learn, 0.0)


def transformative_share(transformation: float, codesigned: np.ndarray) -> np.ndarray:
    """Part of realized value that is transformative: a hybrid practice or reframed success.

    It needs boundary crossing that reached transformation and products made with end users.
    """
    return transformation * np.where(codesigned, 1.0, 0.3)


def update_motivation(motivation: np.ndarray, experienced: np.ndarray,
                      expected: np.ndarray, rate: float = 0.02) -> np.ndarray:
    """Motivation follows the relative gap between value experienced and value expected."""
    gap = (experienced - expected) / np.maximum(expected, 1e-6)
    return np.clip(motivation + rate * np.tanh(gap), 0.0, 1.0)


def update_expectation(expected: np.ndarray, experienced: np.ndarray,
                       rate: float = 0.01) -> np.ndarray:
    """Expectations adapt slowly to what members actually experience."""
    return expected + rate * (experienced - expected)
