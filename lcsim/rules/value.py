"""Value creation after Wenger, Trayner & de Laat (2011), with expected value
(Dingyloudi & Strijbos 2015), as used in 003 §2.3.

Cycles: expected -> immediate -> potential (five capitals) -> applied -> realized ->
transformative. Applied and realized value need potential value and a place to land.
"""

from __future__ import annotations

import numpy as np

CAPITALS = ("human", "social", "tangible", "reputational", "learning")
# Raw amounts per value unit, so that one unit is worth about one good product: knowledge
# gained (summed over members and types) and trust gained across roles (summed over ties).
CAPITAL_UNITS = {"human": 20.0, "social": 10.0, "tangible": 1.0, "reputational": 1.0,
                 "learning": 1.0}
# Capital that lives in the collaboration itself and is lost when it dissolves (003 §2.5).
RELATIONAL_CAPITALS = ("social", "reputational", "learning")


def in_value_units(capitals: dict[str, float]) -> dict[str, float]:
    """The five capitals of potential value, each expressed in value units."""
    return {name: capitals[name] / CAPITAL_UNITS[name] for name in CAPITALS}


def stranded_value(capitals: dict[str, float], unlanded: float, unfinished: float,
                   dissolved: bool) -> float:
    """Potential value never applied: products that did not land, unfinished work, and, when
    the collaboration has dissolved, the relational capital that went with it (003 §2.5)."""
    lost = sum(in_value_units(capitals)[name] for name in RELATIONAL_CAPITALS) if dissolved \
        else 0.0
    return unlanded + unfinished + lost


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
