"""Who stays and who joins: dropout after low value, distrust, being treated as 'hands' or
conflict (000 §1; 003 §2.4); turnover empties a seat, which organisations refill when they
pay for the time (000 'personeelsverloop'; 004 'tijd en middelen').

Every function broadcasts over a leading community axis: a community's value may be a
scalar, an array of length K beside K x ... arrays (`_along`), or gathered to the seats
(`x[state.seat_community]`) beside per-seat arrays."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions
from lcsim.calendar import WEEKS_PER_YEAR

DROPOUT_REASONS = ("too little value", "distrust", "treated as hands", "conflict")
# The reasons as the event log says them ("... leaves the community: <reason>.").
DROPOUT_REASON_TEXT = {
    "too little value": "it gives them too little value",
    "distrust": "too little trust in the others",
    "treated as hands": "treated as an extra pair of hands, not as a partner",
    "conflict": "conflict in the group",
    "intervention": "an intervention makes them leave",
}


def _along(value: float | np.ndarray, like: np.ndarray) -> np.ndarray:
    """`value` with axes added at the end, so that its leading (community) axis lines up
    with that of `like`: a (K,) array beside a K x N one becomes K x 1."""
    value = np.asarray(value)
    return value.reshape(value.shape + (1,) * (np.ndim(like) - value.ndim))


def weekly_probability(rate_per_year: float | np.ndarray) -> float | np.ndarray:
    """Weekly chance of an event that happens to a fraction `rate_per_year` each year (used
    for turnover, 000 §2 'personeelsverloop'; constant over the year: an assumption)."""
    return 1.0 - (1.0 - rate_per_year) ** (1.0 / WEEKS_PER_YEAR)


def recruitment_probability(rate: float, coverage: np.ndarray,
                            shared_ambition: float | np.ndarray, *,
                            a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance an empty seat is filled: organisations send people when the time is paid
    for and the community has a clear ambition to join (004: frontrunners, time and means);
    the ambition weighs `a.recruitment_ambition`."""
    shared_ambition = _along(shared_ambition, coverage)
    ambition = (1.0 - a.recruitment_ambition) + a.recruitment_ambition * shared_ambition
    return rate * coverage * ambition


def dropout_pressures(motivation: np.ndarray, trust_in_others: np.ndarray,
                      hands: np.ndarray, relational_conflict: float | np.ndarray, *,
                      a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly dropout pressure per reason (members x 4, or any shape of `motivation` x 4):
    low value, distrust, hands, conflict. `relational_conflict` is the community's: a
    scalar, one per community (K) beside K x N members, or each member's community's.

    Low value and distrust push from below their floors (`a.dropout_motivation_floor`,
    `a.dropout_trust_floor`) and reach their full rate at 0; conflict grows with its square.
    Sources: 003 §2.4 a (stereotyping, distrust, power play and relational conflict, "met
    als mogelijk gevolg het afhaken van partijen"); 000 §1 (treated as 'handjes': "Dit kan
    leiden tot wantrouwen en onwil"); 001 condition 3 (continuous judgement whether the
    collaboration adds value). Floors and rates are assumptions.
    """
    low_value = ((a.dropout_motivation_floor - motivation)
                 / a.dropout_motivation_floor).clip(0.0, 1.0)
    distrusted = ((a.dropout_trust_floor - trust_in_others) / a.dropout_trust_floor
                  ).clip(0.0, 1.0)
    columns = (a.dropout_value * low_value,
               a.dropout_distrust * distrusted,
               a.dropout_hands * hands,
               a.dropout_conflict * _along(relational_conflict, motivation) ** 2)
    pressures = np.empty(np.broadcast(*columns).shape + (len(columns),))
    for reason, column in enumerate(columns):
        pressures[..., reason] = column
    return pressures


def bb_post_kept_probability(investment: float | np.ndarray, *,
                             a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """Chance a vacated bridge-builder post is kept open to be filled: a function the
    organisations invest in is formalised, a loose one lapses (000 lesson 3, §2 'te
    vrijblijvende samenwerkingsafspraken'; 001 'formalisering')."""
    return a.bb_refill_base + (1.0 - a.bb_refill_base) * investment


def bb_vacancy_fill_probability(coverage: np.ndarray, *,
                                a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance a vacant bridge-builder post is filled: finding and appointing someone
    takes time, and only as far as the organisation's time is paid for (000 §2)."""
    return a.bb_vacancy_fill * np.clip(coverage, 0.0, 1.0)
