"""Dyadic trust (lcsim.rules.trust): built slowly from experience, lost quickly."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.rules import trust

DEFAULTS = Params()
LEVELS = np.linspace(0.05, 0.95, 19)
NONE = np.zeros_like(LEVELS)
FULL = np.ones_like(LEVELS)


def test_new_ties_start_at_the_initial_level_without_prior_collaboration():
    start = trust.initial_trust(200, 0.2, 0.0, np.random.default_rng(1))
    assert start.shape == (200,)
    assert np.all(start == 0.2)


def test_prior_collaboration_starts_ties_at_higher_trust():
    start = trust.initial_trust(200, 0.2, 1.0, np.random.default_rng(1))
    assert np.all(start > 0.2)
    assert np.all(start <= 1.0)


def test_share_of_prior_collaboration_ties_follows_its_parameter():
    start = trust.initial_trust(20_000, 0.2, 0.3, np.random.default_rng(2))
    assert abs(np.mean(start > 0.2) - 0.3) < 0.02


def test_prior_collaboration_lifts_trust_by_the_assumed_share_of_the_gap():
    lift = Assumptions(prior_trust_lift=0.25)
    start = trust.initial_trust(10, 0.2, 1.0, np.random.default_rng(1), a=lift)
    np.testing.assert_allclose(start, 0.2 + 0.8 * 0.25)


def test_initial_trust_is_reproducible_from_the_generator():
    a = trust.initial_trust(50, 0.3, 0.5, np.random.default_rng(7))
    b = trust.initial_trust(50, 0.3, 0.5, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("basis", ["performance", "competence", "intention"])
def test_trust_basis_rises_with_each_of_performance_competence_and_intention(basis):
    grid = np.linspace(0.0, 1.0, 11)
    values = {"performance": np.full(11, 0.5), "competence": np.full(11, 0.5),
              "intention": np.full(11, 0.5)}
    values[basis] = grid
    shown = trust.trust_basis(**values)
    assert np.all(np.diff(shown) > 0)


def test_full_trustworthiness_needs_all_three_bases():
    one = np.array([1.0])
    zero = np.array([0.0])
    assert trust.trust_basis(one, one, one)[0] == pytest.approx(1.0)
    for missing in range(3):
        args = [one, one, one]
        args[missing] = zero
        assert trust.trust_basis(*args)[0] < 1.0
    assert 0.0 <= trust.trust_basis(zero, one, zero)[0] <= 1.0


def test_good_experience_raises_trust():
    after = trust.update_trust(LEVELS, FULL, NONE, DEFAULTS.trust_gain, DEFAULTS.trust_loss)
    assert np.all(after > LEVELS)


def test_bad_experience_lowers_trust():
    after = trust.update_trust(LEVELS, NONE, FULL, DEFAULTS.trust_gain, DEFAULTS.trust_loss)
    assert np.all(after < LEVELS)


def test_no_experience_leaves_trust_unchanged():
    after = trust.update_trust(LEVELS, NONE, NONE, DEFAULTS.trust_gain, DEFAULTS.trust_loss)
    np.testing.assert_array_equal(after, LEVELS)


def test_stronger_good_experiences_build_more_trust():
    intensity = np.linspace(0.0, 1.0, 11)
    after = trust.update_trust(np.full(11, 0.4), intensity, np.zeros(11), 0.1, 0.25)
    assert np.all(np.diff(after) > 0)


def test_stronger_bad_experiences_destroy_more_trust():
    intensity = np.linspace(0.0, 1.0, 11)
    after = trust.update_trust(np.full(11, 0.6), np.zeros(11), intensity, 0.1, 0.25)
    assert np.all(np.diff(after) < 0)


def test_default_trust_loss_exceeds_trust_gain():
    assert DEFAULTS.trust_loss > DEFAULTS.trust_gain


@pytest.mark.parametrize("level", [0.5, 0.6, 0.7, 0.8, 0.9])
def test_trust_is_lost_faster_than_it_is_built(level):
    """With the default rates, one bad experience on a trusting tie costs more than one good
    experience adds, and it takes several good experiences to win the loss back."""
    t = np.array([level])
    gained = trust.update_trust(t, FULL[:1], NONE[:1], DEFAULTS.trust_gain,
                                DEFAULTS.trust_loss)[0] - level
    lost = level - trust.update_trust(t, NONE[:1], FULL[:1], DEFAULTS.trust_gain,
                                      DEFAULTS.trust_loss)[0]
    assert lost > gained > 0

    after_bad = trust.update_trust(t, NONE[:1], FULL[:1], DEFAULTS.trust_gain,
                                   DEFAULTS.trust_loss)
    repairs = 0
    while after_bad[0] < level and repairs < 1000:
        after_bad = trust.update_trust(after_bad, FULL[:1], NONE[:1], DEFAULTS.trust_gain,
                                       DEFAULTS.trust_loss)
        repairs += 1
    assert repairs > 1


def test_asymmetry_comes_from_the_rates_not_the_rule():
    """At the midpoint, equal rates give equal steps up and down; loss > gain breaks the tie."""
    half = np.array([0.5])
    up = trust.update_trust(half, np.ones(1), np.zeros(1), 0.2, 0.2)[0] - 0.5
    down = 0.5 - trust.update_trust(half, np.zeros(1), np.ones(1), 0.2, 0.2)[0]
    assert up == pytest.approx(down)
    down_fast = 0.5 - trust.update_trust(half, np.zeros(1), np.ones(1), 0.2, 0.4)[0]
    assert down_fast > up


@pytest.mark.parametrize("gain,loss", [(0.0, 0.0), (0.5, 0.9), (0.5, 0.0), (0.0, 0.9)])
def test_trust_stays_between_zero_and_one(gain, loss):
    rng = np.random.default_rng(3)
    t = np.concatenate([[0.0, 1.0], rng.random(200)])
    good = np.concatenate([[1.0, 1.0], rng.random(200)])
    bad = np.concatenate([[1.0, 1.0], rng.random(200)])
    for _ in range(50):
        t = trust.update_trust(t, good, bad, gain, loss)
        assert np.all((t >= 0.0) & (t <= 1.0))


def test_update_trust_returns_a_new_array():
    t = np.array([0.3, 0.6])
    before = t.copy()
    trust.update_trust(t, np.ones(2), np.zeros(2), 0.1, 0.25)
    np.testing.assert_array_equal(t, before)


@pytest.mark.parametrize("strength", [0.1, 0.5, 1.0])
def test_a_bad_experience_costs_more_than_a_good_one_gains_at_every_trust_level(strength):
    """Trust is harder to build than to lose (001 cond. 5; MODEL_BRIEF §2), across 0-1:
    at every level above 0 one bad experience takes more trust than one good experience of
    the same strength adds; at 0 neither moves it."""
    levels = np.linspace(0.0, 1.0, 1001)
    none = np.zeros_like(levels)
    same = np.full_like(levels, strength)
    gained = trust.update_trust(levels, same, none, DEFAULTS.trust_gain,
                                DEFAULTS.trust_loss) - levels
    lost = levels - trust.update_trust(levels, none, same, DEFAULTS.trust_gain,
                                       DEFAULTS.trust_loss)
    assert np.all(lost[1:] > gained[1:])
    assert gained[0] == lost[0] == 0.0


def test_trust_builds_on_trust_up_to_the_foothold():
    """A good experience moves low trust less than trust at the foothold."""
    gain = trust.update_trust(np.array([0.1, 0.5]), np.ones(2), np.zeros(2), 0.1, 0.25) \
        - np.array([0.1, 0.5])
    assert gain[0] / 0.9 < gain[1] / 0.5
