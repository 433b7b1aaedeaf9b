"""Value creation (lcsim.rules.value): immediate, realized and transformative value, and how
experienced value moves motivation and expectations."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.rules import value

A = Assumptions()


def test_value_rules_use_the_assumed_rates_and_units():
    assert value.immediate_value(np.zeros(1), np.zeros(1), np.ones(1),
                                 a=A.replace(meeting_value=0.1))[0] == 0.1
    assert value.realized_increment(np.ones(1), np.full(1, 20), 13, np.ones(1), np.ones(1),
                                    a=A.replace(realized_rate=0.2))[0] == 0.2
    assert value.transformative_share(1.0, np.array([False]),
                                      a=A.replace(transformative_uncodesigned=0.5))[0] == 0.5
    assert value.update_expectation(np.zeros(1), np.ones(1),
                                    a=A.replace(expectation_rate=0.2))[0] == 0.2
    faster = value.update_motivation(np.full(1, 0.5), np.ones(1), np.full(1, 0.1),
                                     a=A.replace(motivation_rate=0.1))[0]
    assert faster > value.update_motivation(np.full(1, 0.5), np.ones(1), np.full(1, 0.1))[0]
    raw = dict.fromkeys(value.CAPITALS, 10.0)
    units = value.in_value_units(raw, a=A.replace(capital_units=(1.0, 2.0, 5.0, 10.0, 20.0)))
    assert list(units.values()) == [10.0, 5.0, 2.0, 1.0, 0.5]


def _immediate(knowledge=0.0, trust=0.0, attended=False):
    return value.immediate_value(np.array([knowledge]), np.array([trust]),
                                 np.array([attended]))[0]


def test_nothing_learned_nothing_bonded_and_absent_gives_no_immediate_value():
    assert _immediate() == 0.0


@pytest.mark.parametrize("source", ["knowledge", "trust"])
def test_immediate_value_grows_with_learning_and_bonding(source):
    levels = [_immediate(**{source: x}) for x in (0.0, 0.1, 0.2, 0.4)]
    assert np.all(np.diff(levels) > 0)


def test_just_meeting_has_a_small_value():
    met = _immediate(attended=True)
    assert met > 0.0
    assert met < _immediate(knowledge=1.0, trust=1.0)


def _realized(quality=0.6, weeks=30, lag=13, fit=0.7, trained=0.5):
    return value.realized_increment(np.array([quality]), np.array([weeks]), lag,
                                    np.array([fit]), np.array([trained]))[0]


def test_products_realize_value_only_after_the_lag():
    lag = 13
    gains = [_realized(weeks=w, lag=lag) for w in range(0, 30)]
    assert all(g == 0.0 for g in gains[:lag])
    assert all(g > 0.0 for g in gains[lag:])


def test_without_a_lag_products_realize_value_from_the_start():
    assert _realized(weeks=0, lag=0) > 0.0


@pytest.mark.parametrize("factor", ["quality", "fit", "trained"])
def test_better_fitting_products_and_trained_staff_realize_more_value(factor):
    gains = [_realized(**{factor: x}) for x in (0.2, 0.5, 0.8)]
    assert np.all(np.diff(gains) > 0)


@pytest.mark.parametrize("factor", ["quality", "fit", "trained"])
def test_worthless_unfitting_or_unlearned_products_realize_nothing(factor):
    assert _realized(**{factor: 0.0}) == 0.0


def test_transformative_value_needs_transformation():
    share = value.transformative_share(0.0, np.array([True, False]))
    assert np.all(share == 0.0)


def test_codesigned_products_are_more_transformative():
    share = value.transformative_share(0.6, np.array([True, False]))
    assert share[0] > share[1] > 0.0


def test_transformative_value_never_exceeds_realized_value():
    for t in np.linspace(0.0, 1.0, 6):
        share = value.transformative_share(t, np.array([True, False]))
        assert np.all((share >= 0.0) & (share <= 1.0))


def test_transformative_share_grows_with_transformation():
    shares = [value.transformative_share(t, np.array([False]))[0] for t in (0.2, 0.5, 0.8)]
    assert np.all(np.diff(shares) > 0)


BASELINE = Assumptions().motivation_baseline


def _motivation(start=BASELINE, experienced=0.03, expected=0.02):
    return value.update_motivation(np.array([start]), np.array([experienced]),
                                   np.array([expected]))[0]


def test_motivation_rises_when_value_exceeds_expectations():
    assert _motivation(experienced=0.04, expected=0.02) > BASELINE


def test_motivation_falls_when_value_falls_short_of_expectations():
    assert _motivation(experienced=0.01, expected=0.02) < BASELINE


def test_motivation_settles_to_its_baseline_when_value_meets_expectations():
    """With no gap between experienced and expected value, motivation moves a share
    `motivation_settling` of the way to `motivation_baseline`, from above and from below."""
    a = Assumptions()
    for start in (0.2, 0.95):
        after = _motivation(start=start, experienced=0.02, expected=0.02)
        assert after == pytest.approx(start + a.motivation_settling
                                      * (a.motivation_baseline - start))
    assert _motivation(start=a.motivation_baseline, experienced=0.02,
                       expected=0.02) == pytest.approx(a.motivation_baseline)


def test_without_settling_motivation_holds_when_value_meets_expectations():
    still = Assumptions(motivation_settling=0.0)
    out = value.update_motivation(np.array([0.3]), np.array([0.02]), np.array([0.02]),
                                  a=still)
    assert out[0] == pytest.approx(0.3)


def test_bigger_disappointment_lowers_motivation_more():
    levels = [_motivation(experienced=x, expected=0.02) for x in (0.0, 0.01, 0.015, 0.02)]
    assert np.all(np.diff(levels) > 0)


def test_motivation_stays_between_zero_and_one():
    low = np.array([0.0, 0.001])
    high = np.array([1.0, 0.999])
    for _ in range(200):
        low = value.update_motivation(low, np.zeros(2), np.full(2, 0.5))
        high = value.update_motivation(high, np.full(2, 5.0), np.full(2, 0.01))
    assert np.all((low >= 0.0) & (high <= 1.0))


def test_motivation_does_not_explode_when_nothing_was_expected():
    out = value.update_motivation(np.array([0.5]), np.array([0.1]), np.array([0.0]))
    assert np.isfinite(out).all() and 0.0 <= out[0] <= 1.0


@pytest.mark.parametrize("experienced", [0.0, 0.01, 0.05, 1.0])
def test_expectations_move_towards_experience_without_overshooting(experienced):
    expected = np.array([0.02])
    after = value.update_expectation(expected, np.array([experienced]))[0]
    low, high = sorted((0.02, experienced))
    assert low <= after <= high
    if experienced != 0.02:
        assert after != 0.02


def test_expectations_adapt_slowly():
    after = value.update_expectation(np.array([0.0]), np.array([1.0]))[0]
    assert 0.0 < after < 0.5


def test_value_units_cover_the_five_capitals_and_scale_with_them():
    raw = dict.fromkeys(value.CAPITALS, 2.0)
    units = value.in_value_units(raw)
    double = value.in_value_units({k: 2 * v for k, v in raw.items()})
    assert tuple(units) == value.CAPITALS
    for name in value.CAPITALS:
        assert units[name] > 0.0
        assert double[name] == pytest.approx(2 * units[name])


def test_stranded_value_counts_unlanded_products_and_unfinished_work():
    capitals = dict.fromkeys(value.CAPITALS, 1.0)
    base = value.stranded_value(capitals, 0.0, 0.0, False)
    assert value.stranded_value(capitals, 1.5, 0.0, False) > base
    assert value.stranded_value(capitals, 0.0, 0.7, False) > base


def test_relational_capital_is_stranded_by_the_share_of_seats_no_longer_held():
    """One definition for a surviving and a dissolved community: the relational capital
    (social, reputational, learning) strands in proportion to the seats no longer held."""
    capitals = dict.fromkeys(value.CAPITALS, 1.0)
    units = value.in_value_units(capitals)
    relational = sum(units[name] for name in value.RELATIONAL_CAPITALS)
    whole = value.stranded_value(capitals, 0.5, 0.2, 1.0)
    half = value.stranded_value(capitals, 0.5, 0.2, 0.5)
    gone = value.stranded_value(capitals, 0.5, 0.2, 0.0)   # dissolved: no seat held
    assert whole == pytest.approx(0.7)
    assert half == pytest.approx(0.7 + relational / 2)
    assert gone == pytest.approx(0.7 + relational)
    assert whole == value.stranded_value(dict.fromkeys(value.CAPITALS, 9.0), 0.5, 0.2, 1.0)


