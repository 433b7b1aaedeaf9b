"""Value creation after Wenger, Trayner & de Laat (2011), with expected value
(Dingyloudi & Strijbos 2015), as used in 003 §2.3.

Cycles: expected -> immediate -> potential (five capitals) -> applied -> realized ->
transformative. Applied and realized value need potential value and a place to land.

Every rule takes numbers or arrays and broadcasts: per seat or per use (with its
community's values gathered) or per community (capitals as a dict of arrays of length K).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

# The five capitals of potential value, in the order of `Assumptions.capital_units`.
CAPITALS = ("human", "social", "tangible", "reputational", "learning")
# Capital that lives in the collaboration itself and is lost when it dissolves (003 §2.5).
RELATIONAL_CAPITALS = ("social", "reputational", "learning")


def in_value_units(capitals: dict[str, float | np.ndarray], *,
                   a: Assumptions = DEFAULTS) -> dict[str, float | np.ndarray]:
    """The five capitals of potential value, each expressed in value units: raw amounts
    (knowledge gained summed over members and types, trust gained across roles summed over
    ties, ...) divided by `a.capital_units`, so that one unit is worth about one good
    product. Each capital a number, or an array of length K (one per community). The five
    capitals are those of 003 §2.3 c (Wenger, Trayner & de Laat 2011); the units are
    assumptions."""
    return {name: capitals[name] / a.capital_units[i] for i, name in enumerate(CAPITALS)}


def stranded_value(capitals: dict[str, float | np.ndarray], unlanded: float | np.ndarray,
                   unfinished: float | np.ndarray, carried_share: float | np.ndarray, *,
                   a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """Potential value never applied (003 §2.5): products that did not land, unfinished work,
    and the part of the relational capital (social, reputational, learning) that left with
    the people who no longer carry it: `1 - carried_share`, where `carried_share` is the
    share of the community's seats still held by active members (0 once it has dissolved).
    The same definition holds whether the community survives or not. Numbers, or arrays
    of length K (capitals as in `in_value_units`)."""
    units = in_value_units(capitals, a=a)
    lost = sum(units[name] for name in RELATIONAL_CAPITALS) * (1.0 - carried_share)
    return unlanded + unfinished + lost


def immediate_value(knowledge_gain: np.ndarray, trust_gain: np.ndarray,
                    attended: np.ndarray, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Value members feel this week: what they learned, the bonds they strengthened,
    and a small value of just having met (`a.meeting_value`; 004: new contacts, new
    insights)."""
    return knowledge_gain + trust_gain + a.meeting_value * attended


def realized_increment(quality: np.ndarray, weeks_in_use: np.ndarray, lag: int,
                       local_fit: np.ndarray, trained: np.ndarray, *,
                       a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly change in performance from products in use, after a lag of `lag` weeks:
    `a.realized_rate` a week for quality 1, a use that fits its setting fully (local fit,
    kept up by upkeep, 000 §3) and staff fully trained to work with it (002 Les 4-5:
    learning is a condition for innovations to succeed)."""
    return np.where(weeks_in_use >= lag, a.realized_rate * quality * local_fit * trained,
                    0.0)


def transformative_share(transformation: float | np.ndarray, codesigned: np.ndarray, *,
                         a: Assumptions = DEFAULTS) -> np.ndarray:
    """Part of realized value that is transformative: a hybrid practice or reframed success.

    It needs boundary crossing that reached transformation and products made with end users
    (others count `a.transformative_uncodesigned` as much). Sources: 003 §2.2, §2.3 f
    (transformative value; transformation as a boundary-crossing mechanism, Akkerman &
    Bakker 2011); 000 lesson 2 (end users as co-designers); the numbers are assumptions.
    """
    return transformation * np.where(codesigned, 1.0, a.transformative_uncodesigned)


def update_motivation(motivation: np.ndarray, experienced: np.ndarray,
                      expected: np.ndarray, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Motivation follows the relative gap between value experienced and value expected, by
    at most `a.motivation_rate` a week, and settles back a share `a.motivation_settling` a
    week towards `a.motivation_baseline`. Without settling, a small persistent shortfall
    (knowledge and trust gains shrink as a community matures) would wear motivation down to
    0 however long it is funded; with it, motivation is a level that value pushes up or
    down, as disconfirmation accounts of expected value have it (Dingyloudi & Strijbos
    2015, via 003 §2.3 a)."""
    gap = (experienced - expected) / np.maximum(expected, 1e-6)
    settle = a.motivation_settling * (a.motivation_baseline - motivation)
    return (motivation + a.motivation_rate * np.tanh(gap) + settle).clip(0.0, 1.0)


def update_expectation(expected: np.ndarray, experienced: np.ndarray, *,
                       a: Assumptions = DEFAULTS) -> np.ndarray:
    """Expectations adapt slowly (`a.expectation_rate`) to what members experience (expected
    value: Dingyloudi & Strijbos 2015 via 003 §2.3 a; the adaptive form is an assumption)."""
    return expected + a.expectation_rate * (experienced - expected)
