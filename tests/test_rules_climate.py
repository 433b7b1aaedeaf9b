"""The collaborative climate (lcsim.rules.climate): psychological safety, task and relational
conflict, collusion, power play and what happens to failures."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.rules import climate

A = Assumptions()

GRID = np.linspace(0.0, 1.0, 5)


def _target(base=0.5, facilitation=0.3, trust=0.4, conflict=0.2):
    return climate.safety_target(base, facilitation, trust, conflict)


@pytest.mark.parametrize("factor", ["base", "facilitation", "trust"])
def test_safety_target_rises_with_base_facilitation_and_trust(factor):
    levels = [_target(**{factor: x}) for x in (0.1, 0.3, 0.5)]
    assert np.all(np.diff(levels) > 0)


def test_safety_target_follows_the_assumed_weights():
    trust_blind = A.replace(safety_trust=0.0)
    assert climate.safety_target(0.5, 0.3, 0.1, 0.2, a=trust_blind) == \
        climate.safety_target(0.5, 0.3, 0.9, 0.2, a=trust_blind)
    assert climate.safety_target(0.5, 0.0, A.safety_trust_midpoint, 0.0) == 0.5


def test_a_fully_defusing_facilitator_removes_the_conflict_stereotypes_feed():
    defusing = A.replace(conflict_defusing=1.0)
    assert climate.relational_conflict_target(0.8, 0.0, 0.0, 0.0, 1.0, a=defusing) == 0.0
    assert climate.relational_conflict_target(0.8, 0.0, 0.0, 0.0, 1.0) > 0.0


def test_relational_conflict_lowers_safety():
    levels = [_target(conflict=x) for x in (0.0, 0.3, 0.6)]
    assert np.all(np.diff(levels) < 0)


def test_safety_target_stays_between_zero_and_one():
    for b in GRID:
        for f in GRID:
            for t in GRID:
                for c in GRID:
                    assert 0.0 <= climate.safety_target(b, f, t, c) <= 1.0


@pytest.mark.parametrize("level,target", [(0.2, 0.8), (0.8, 0.2), (0.5, 0.5)])
def test_climate_drifts_towards_its_target_without_overshooting(level, target):
    after = climate.drift(level, target, 0.1)
    assert min(level, target) <= after <= max(level, target)
    assert abs(after - target) <= abs(level - target)
    if level != target:
        assert abs(after - target) < abs(level - target)


def test_drift_rate_sets_the_speed():
    assert climate.drift(0.2, 0.8, 0.0) == 0.2
    assert climate.drift(0.2, 0.8, 1.0) == pytest.approx(0.8)
    assert climate.drift(0.2, 0.8, 0.3) > climate.drift(0.2, 0.8, 0.1)


def test_task_conflict_needs_both_differences_and_safety():
    assert climate.task_conflict(0.0, 1.0) == 0.0
    assert climate.task_conflict(1.0, 0.0) == 0.0
    assert climate.task_conflict(0.8, 0.8) > 0.0


def test_safety_turns_collusion_into_task_conflict():
    task = [climate.task_conflict(0.8, s) for s in GRID]
    colluding = [climate.collusion(0.8, s, 0.0) for s in GRID]
    assert np.all(np.diff(task) > 0)
    assert np.all(np.diff(colluding) < 0)


def test_no_collusion_without_differences_or_under_full_safety():
    assert climate.collusion(0.0, 0.2, 0.0) == 0.0
    assert climate.collusion(0.9, 1.0, 0.0) == 0.0


def test_open_relational_conflict_is_not_collusion():
    levels = [climate.collusion(0.8, 0.3, r) for r in GRID]
    assert np.all(np.diff(levels) < 0)
    assert levels[-1] == 0.0


def test_power_play_grows_with_diverging_interests():
    levels = [climate.power_play(m, 0.3) for m in GRID]
    assert levels[0] == 0.0
    assert np.all(np.diff(levels) > 0)


def test_shared_ambition_takes_the_win_lose_pressure_away():
    levels = [climate.power_play(0.8, a) for a in GRID]
    assert np.all(np.diff(levels) < 0)
    assert levels[-1] == 0.0


@pytest.mark.parametrize("source", ["stereotype_in_room", "distrust", "power", "hushed_failures"])
def test_relational_conflict_is_fed_by_stereotypes_distrust_power_and_blame(source):
    base = {"stereotype_in_room": 0.2, "distrust": 0.2, "power": 0.2, "hushed_failures": 0.2}
    levels = [climate.relational_conflict_target(**{**base, source: x}) for x in (0.0, 0.4, 0.8)]
    assert np.all(np.diff(levels) > 0)


def test_no_relational_conflict_without_its_sources():
    assert climate.relational_conflict_target(0.0, 0.0, 0.0, 0.0) == 0.0


def test_relational_conflict_target_stays_between_zero_and_one():
    for a in GRID:
        for b in GRID:
            for c in GRID:
                for d in GRID:
                    assert 0.0 <= climate.relational_conflict_target(a, b, c, d) <= 1.0


def test_sprints_succeed_more_often_with_better_combined_knowledge_but_never_surely():
    chances = [climate.sprint_success_probability(q) for q in (0.0, 0.1, 0.2, 0.3)]
    assert np.all(np.diff(chances) > 0)
    assert chances[0] == A.sprint_success_base
    assert climate.sprint_success_probability(1.0) == A.sprint_success_max < 1.0


def test_failures_are_discussed_more_often_with_a_higher_assumed_base():
    open_minded = A.replace(failure_discussion_base=1.0)
    assert climate.failure_discussed_probability(0.5, 0.0, a=open_minded) == 0.5
    assert climate.failure_discussed_probability(0.5, 0.0) < 0.5


def test_failures_are_discussed_more_under_safety():
    chances = [climate.failure_discussed_probability(s, 0.5) for s in GRID]
    assert np.all(np.diff(chances) > 0)


def test_embracing_failure_makes_discussing_failures_more_likely():
    chances = [climate.failure_discussed_probability(0.5, e) for e in (0.0, 0.3, 0.6)]
    assert np.all(np.diff(chances) > 0)


def test_without_safety_failures_are_hushed_up():
    assert climate.failure_discussed_probability(0.0, 1.0) == 0.0


def test_failure_discussed_probability_is_a_probability():
    for s in GRID:
        for e in GRID:
            assert 0.0 <= climate.failure_discussed_probability(s, e) <= 1.0


def test_facilitating_equal_participation_defuses_conflict_fed_by_stereotypes():
    levels = [climate.relational_conflict_target(0.8, 0.2, 0.1, 0.0, e) for e in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(levels) < 0)


def test_equal_participation_does_not_remove_conflict_from_distrust_power_or_blame():
    without = climate.relational_conflict_target(0.0, 0.6, 0.5, 0.5, 0.0)
    with_ = climate.relational_conflict_target(0.0, 0.6, 0.5, 0.5, 1.0)
    assert without > 0.0
    assert with_ == pytest.approx(without)


def test_failures_discussed_lately_raise_the_safety_target_only_through_the_memory():
    a = Assumptions()
    without = climate.safety_target(0.4, 0.0, 0.5, 0.0, 0.0, 0.0, a=a)
    remembered = climate.safety_target(0.4, 0.0, 0.5, 0.0, 0.0, 1.0, a=a)
    assert remembered == pytest.approx(without + a.open_failure_safety)
    half = climate.safety_target(0.4, 0.0, 0.5, 0.0, 0.0, 0.5, a=a)
    assert without < half < remembered
