"""Knowledge exchange and combination (lcsim.rules.knowledge): optimal cognitive distance,
translation by bridge-builders, uptake and the combination of different knowledge."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import Assumptions
from lcsim.assumptions import DEFAULTS
from lcsim.roles import N_KNOWLEDGE, N_ROLES
from lcsim.rules import knowledge

A = Assumptions()
ROLE_KNOWLEDGE = A.array("role_knowledge")

DISTANCES = np.linspace(0.0, 1.0, 101)


def test_identical_profiles_are_at_zero_distance():
    d = knowledge.cognitive_distance(ROLE_KNOWLEDGE, ROLE_KNOWLEDGE)
    np.testing.assert_allclose(d, 0.0, atol=1e-12)


def test_profiles_with_no_shared_knowledge_are_at_full_distance():
    a = np.eye(N_KNOWLEDGE)[[0]]
    b = np.eye(N_KNOWLEDGE)[[4]]
    assert knowledge.cognitive_distance(a, b)[0] == pytest.approx(1.0)


def test_cognitive_distance_is_symmetric_and_within_bounds():
    rng = np.random.default_rng(5)
    a, b = rng.random((50, N_KNOWLEDGE)), rng.random((50, N_KNOWLEDGE))
    d = knowledge.cognitive_distance(a, b)
    np.testing.assert_allclose(d, knowledge.cognitive_distance(b, a))
    assert np.all((d >= -1e-12) & (d <= 1.0 + 1e-12))


def test_cognitive_distance_ignores_how_much_one_knows_only_what():
    a = ROLE_KNOWLEDGE[[0]]
    b = ROLE_KNOWLEDGE[[3]]
    np.testing.assert_allclose(knowledge.cognitive_distance(a, b),
                               knowledge.cognitive_distance(0.5 * a, b))


def test_absorption_peaks_at_middle_cognitive_distance():
    learning = knowledge.absorption(DISTANCES, 0.0)
    peak = DISTANCES[np.argmax(learning)]
    assert 0.3 <= peak <= 0.7
    assert learning.max() > learning[10]   # close partners: little new to learn
    assert learning.max() > learning[90]   # far partners: too hard to absorb


def test_nothing_is_learned_from_an_identical_mind():
    assert knowledge.absorption(np.array([0.0]), 0.0)[0] == 0.0
    assert knowledge.absorption(np.array([0.0]), 1.0)[0] == 0.0


def test_translation_widens_absorption_at_large_distance():
    far = np.array([0.8, 0.9, 1.0])
    assert np.all(knowledge.absorption(far, 1.0) > knowledge.absorption(far, 0.0))


def test_translation_reach_of_zero_means_translation_changes_nothing():
    none = A.replace(translation_reach=0.0)
    np.testing.assert_array_equal(knowledge.absorption(DISTANCES, 1.0, a=none),
                                  knowledge.absorption(DISTANCES, 0.0, a=none))
    np.testing.assert_array_equal(knowledge.understanding(DISTANCES, 1.0, a=none),
                                  1.0 - DISTANCES)


def test_translation_raises_understanding_and_distance_lowers_it():
    assert np.all(knowledge.understanding(DISTANCES[1:], 1.0)
                  > knowledge.understanding(DISTANCES[1:], 0.0))
    assert np.all(np.diff(knowledge.understanding(DISTANCES, 0.5)) < 0)
    assert knowledge.understanding(np.array([0.0]), 0.0)[0] == 1.0


def _success(understood=0.6, valued=0.6, safety=0.5, conflict=0.2, a=A):
    return knowledge.conversation_success(np.array([understood]), np.array([valued]), safety,
                                          conflict, a=a)[0]


@pytest.mark.parametrize("factor", ["understood", "valued", "safety"])
def test_conversations_go_better_with_understanding_valuing_and_safety(factor):
    chances = [_success(**{factor: x}) for x in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) > 0)


def test_relational_conflict_makes_conversations_fail():
    chances = [_success(conflict=x) for x in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) < 0)


def test_conversation_success_stays_within_the_assumed_bounds():
    low, high = A.success_bounds
    assert _success(understood=0.0, valued=0.0, safety=0.0, conflict=1.0) >= low
    assert _success(understood=1.0, valued=1.0, safety=1.0, conflict=0.0) <= high
    wide = A.replace(success_bounds=(0.0, 1.0), success_base=1.0)
    assert _success(a=wide) == 1.0


def test_translation_never_hurts_absorption():
    levels = [knowledge.absorption(DISTANCES, t) for t in (0.0, 0.25, 0.5, 0.75, 1.0)]
    for lower, higher in zip(levels, levels[1:], strict=False):
        assert np.all(higher >= lower - 1e-12)


def test_translation_widens_the_range_of_distances_one_can_learn_across():
    useful_without = np.sum(knowledge.absorption(DISTANCES, 0.0) >= 0.5)
    useful_with = np.sum(knowledge.absorption(DISTANCES, 1.0) >= 0.5)
    assert useful_with > useful_without


@pytest.mark.parametrize("translation", [0.0, 0.5, 1.0])
def test_absorption_stays_between_zero_and_one(translation):
    a = knowledge.absorption(DISTANCES, translation)
    assert np.all((a >= 0.0) & (a <= 1.0))


def _uptake(gap=0.5, trust=0.5, valued=0.5, absorbed=0.5, rate=0.05):
    return knowledge.uptake(np.full((1, N_KNOWLEDGE), gap), np.array([trust]),
                            np.array([valued]), np.array([absorbed]), rate)[0]


@pytest.mark.parametrize("factor", ["trust", "valued", "absorbed", "gap"])
def test_uptake_grows_with_trust_valuing_absorption_and_gap(factor):
    levels = [_uptake(**{factor: x}).sum() for x in (0.1, 0.4, 0.7, 1.0)]
    assert np.all(np.diff(levels) > 0)


@pytest.mark.parametrize("factor", ["trust", "valued", "absorbed"])
def test_no_uptake_without_trust_valuing_or_absorption(factor):
    assert np.all(_uptake(**{factor: 0.0}) == 0.0)


def test_nobody_unlearns_from_someone_who_knows_less():
    assert np.all(_uptake(gap=-0.4, trust=1.0, valued=1.0, absorbed=1.0) == 0.0)


def test_a_learner_never_overtakes_the_source():
    gained = _uptake(gap=0.3, trust=1.0, valued=1.0, absorbed=1.0, rate=1.0)
    assert np.all(gained <= 0.3 + 1e-12)


def test_uptake_is_per_contact_and_per_knowledge_type():
    gap = np.array([[0.5] * N_KNOWLEDGE, [0.0] * N_KNOWLEDGE])
    out = knowledge.uptake(gap, np.ones(2), np.ones(2), np.ones(2), 0.1)
    assert out.shape == (2, N_KNOWLEDGE)
    assert np.all(out[0] > 0) and np.all(out[1] == 0)


def test_diversity_is_zero_for_one_kind_and_one_for_an_even_mix():
    one = np.zeros(N_ROLES)
    one[2] = 3.0
    assert knowledge.diversity(one) == pytest.approx(0.0)
    assert knowledge.diversity(np.ones(N_ROLES)) == pytest.approx(1.0)
    assert 0.0 < knowledge.diversity(np.array([3.0, 1.0, 0, 0, 0])) < 1.0


def test_diversity_does_not_depend_on_scale():
    mix = np.array([1.0, 2.0, 0.5, 0.0, 0.3])
    assert knowledge.diversity(mix) == pytest.approx(knowledge.diversity(10 * mix))


@pytest.mark.parametrize("argument", ["cross_trust", "valued"])
def test_integration_grows_with_cross_role_trust_and_valuing(argument):
    base = {"cross_trust": 0.3, "valued": 0.4}
    levels = [knowledge.integration(**{**base, argument: x}) for x in (0.1, 0.4, 0.7, 1.0)]
    assert np.all(np.diff(levels) > 0)


def test_no_integration_without_trust_across_roles_or_valuing():
    assert knowledge.integration(0.0, 1.0) == 0.0
    assert knowledge.integration(1.0, 0.0) == 0.0


def test_full_trust_and_full_valuing_integrate_fully():
    assert knowledge.integration(1.0, 1.0) == pytest.approx(1.0)


def test_integration_stays_between_zero_and_one():
    for t in np.linspace(0.0, 1.0, 6):
        for v in np.linspace(0.0, 1.0, 6):
            assert 0.0 <= knowledge.integration(t, v) <= 1.0


EVEN_MIX = np.ones(N_ROLES)


def test_knowledge_of_one_group_alone_combines_into_nothing():
    one = np.array([0.0, 0.0, 2.0, 0.0, 0.0])
    amount, quality = knowledge.combination(one, 1.0, 0.5, 0.0)
    assert quality == 0.0 and amount == 0.0


def test_combining_more_groups_gives_better_quality():
    two = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
    _, q_two = knowledge.combination(two, 0.8, 0.0, 0.0)
    _, q_all = knowledge.combination(EVEN_MIX, 0.8, 0.0, 0.0)
    assert q_all > q_two > 0.0


def test_conflict_changes_combination_only_as_much_as_the_assumptions_say():
    calm = A.replace(combination_task_conflict=0.0, combination_collusion=0.0)
    _, plain = knowledge.combination(EVEN_MIX, 0.8, 0.0, 0.0, a=calm)
    _, conflicted = knowledge.combination(EVEN_MIX, 0.8, 1.0, 1.0, a=calm)
    assert conflicted == plain


def test_task_conflict_improves_combination_and_collusion_flattens_it():
    _, plain = knowledge.combination(EVEN_MIX, 0.6, 0.0, 0.0)
    _, debated = knowledge.combination(EVEN_MIX, 0.6, 0.8, 0.0)
    _, colluded = knowledge.combination(EVEN_MIX, 0.6, 0.0, 0.8)
    assert debated > plain > colluded


def test_better_integration_gives_better_combination():
    qualities = [knowledge.combination(EVEN_MIX, i, 0.0, 0.0)[1] for i in (0.2, 0.5, 0.8)]
    assert np.all(np.diff(qualities) > 0)


def test_combined_amount_never_exceeds_what_was_contributed():
    rng = np.random.default_rng(6)
    for _ in range(50):
        mix = rng.random(N_ROLES)
        amount, quality = knowledge.combination(mix, 1.0, 1.0, 0.0)
        assert 0.0 <= quality <= 1.0
        assert amount <= mix.sum() + 1e-12
        assert amount == pytest.approx(mix.sum() * quality)



def test_learning_capacity_saturates_and_is_half_at_the_half_saturation_capital():
    half = DEFAULTS.learning_capacity_half
    assert knowledge.learning_capacity(0.0) == 0.0
    assert knowledge.learning_capacity(half) == pytest.approx(0.5)
    assert knowledge.learning_capacity(100 * half) < 1.0
    assert knowledge.learning_capacity(2 * half) > knowledge.learning_capacity(half)


def test_lessons_raise_sprint_success_up_to_its_maximum():
    assert knowledge.sprint_success_with_lessons(0.5, 0.0) == 0.5
    assert knowledge.sprint_success_with_lessons(0.5, 1.0) > 0.5
    assert knowledge.sprint_success_with_lessons(0.89, 1.0) == DEFAULTS.sprint_success_max
