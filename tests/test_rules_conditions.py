"""The eight conditions of sustainable knowledge collaboration (lcsim.rules.conditions)."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.rules import conditions

BASE = {
    "combination_quality": 0.5, "shared_ambition": 0.5, "interests_served": 0.5,
    "strong_tie_share": 0.5, "mean_trust": 0.5, "coordination": 0.5,
    "bridge_builder_cover": 0.5, "safety": 0.5, "relational_conflict": 0.3,
    "phase_progress": 0.5, "secured_time": 0.5, "retention": 0.5,
}


def _scores(**changes):
    return conditions.condition_scores(**{**BASE, **changes})


def test_condition_weights_follow_the_assumptions():
    a = Assumptions(organisation_coordination=1.0, meaningful_progress=1.0)
    scores = conditions.condition_scores(**{**BASE, "bridge_builder_cover": 0.9,
                                            "phase_progress": 0.0}, a=a)
    assert scores["professional_organisation"] == BASE["coordination"]
    assert scores["meaningful_process"] == 0.0


def test_the_eight_conditions_are_scored_in_the_order_of_the_source():
    scores = _scores()
    assert tuple(scores) == conditions.CONDITIONS
    assert len(scores) == 8
    assert conditions.CONDITIONS == (
        "transdisciplinarity", "shared_ambition", "justice_to_interests",
        "personal_relations", "mutual_trust", "professional_organisation",
        "meaningful_process", "time_and_continuity")


def test_condition_scores_stay_between_zero_and_one():
    rng = np.random.default_rng(10)
    for _ in range(200):
        inputs = {name: float(rng.random()) for name in BASE}
        for name, score in conditions.condition_scores(**inputs).items():
            assert 0.0 <= score <= 1.0, name
    for extreme in (0.0, 1.0):
        for score in conditions.condition_scores(**dict.fromkeys(BASE, extreme)).values():
            assert 0.0 <= score <= 1.0


@pytest.mark.parametrize("state,condition", [
    ("combination_quality", "transdisciplinarity"),
    ("shared_ambition", "shared_ambition"),
    ("interests_served", "justice_to_interests"),
    ("strong_tie_share", "personal_relations"),
    ("mean_trust", "mutual_trust"),
    ("coordination", "professional_organisation"),
    ("bridge_builder_cover", "professional_organisation"),
    ("safety", "meaningful_process"),
    ("phase_progress", "meaningful_process"),
    ("secured_time", "time_and_continuity"),
    ("retention", "time_and_continuity"),
])
def test_each_condition_rises_with_the_state_it_reflects(state, condition):
    levels = [_scores(**{state: x})[condition] for x in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(levels) > 0)


def test_relational_conflict_spoils_a_meaningful_process():
    levels = [_scores(relational_conflict=x)["meaningful_process"] for x in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(levels) < 0)
    assert levels[-1] == 0.0


def test_no_time_and_continuity_without_secured_time_or_members():
    assert _scores(secured_time=0.0)["time_and_continuity"] == 0.0
    assert _scores(retention=0.0)["time_and_continuity"] == 0.0


def test_a_condition_does_not_move_with_unrelated_state():
    """Trust changes mutual trust, not transdisciplinarity or time and continuity."""
    low, high = _scores(mean_trust=0.1), _scores(mean_trust=0.9)
    assert low["transdisciplinarity"] == high["transdisciplinarity"]
    assert low["time_and_continuity"] == high["time_and_continuity"]
    assert low["mutual_trust"] < high["mutual_trust"]
