"""Boundary crossing (lcsim.rules.boundary): identification, coordination, reflection and
transformation (Akkerman & Bakker 2011)."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.rules import boundary

IDENTIFICATION, COORDINATION, REFLECTION, TRANSFORMATION = range(4)
A = Assumptions()


def test_without_rate_and_decay_the_scores_stand_still():
    still = A.replace(boundary_rate=0.0, boundary_decay=0.0)
    scores = np.array([0.2, 0.4, 0.6, 0.1])
    np.testing.assert_array_equal(
        boundary.update_boundary_crossing(scores, 1.0, 1.0, 1.0, a=still), scores)


def test_a_higher_assumed_rate_moves_the_scores_faster():
    fast = A.replace(boundary_rate=0.2)
    scores = np.full(4, 0.3)
    assert np.all(boundary.update_boundary_crossing(scores, 1.0, 1.0, 1.0, a=fast)
                  > boundary.update_boundary_crossing(scores, 1.0, 1.0, 1.0))


def _weeks(scores, contact=0.0, coordination=0.0, reflection=0.0, weeks=1):
    scores = np.asarray(scores, dtype=float)
    for _ in range(weeks):
        scores = boundary.update_boundary_crossing(scores, contact, coordination, reflection)
    return scores


def test_there_are_four_mechanisms():
    assert boundary.MECHANISMS == ("identification", "coordination", "reflection",
                                   "transformation")
    assert _weeks([0.2] * 4).shape == (4,)


@pytest.mark.parametrize("missing", [IDENTIFICATION, COORDINATION, REFLECTION])
def test_transformation_needs_the_other_three_mechanisms(missing):
    start = np.full(4, 0.6)
    start[missing] = 0.0
    start[TRANSFORMATION] = 0.1
    # activity for every mechanism except the missing one
    activity = {"contact": 1.0, "coordination": 1.0, "reflection": 1.0}
    activity[("contact", "coordination", "reflection")[missing]] = 0.0
    after = _weeks(start, **activity)
    assert after[TRANSFORMATION] <= start[TRANSFORMATION]


def test_transformation_grows_where_the_other_three_are_present():
    start = np.array([0.6, 0.6, 0.6, 0.1])
    after = _weeks(start, contact=1.0, coordination=1.0, reflection=1.0)
    assert after[TRANSFORMATION] > start[TRANSFORMATION]


def test_transformation_grows_faster_on_stronger_foundations():
    weak = _weeks([0.2, 0.2, 0.2, 0.1], reflection=1.0)[TRANSFORMATION]
    strong = _weeks([0.8, 0.8, 0.8, 0.1], reflection=1.0)[TRANSFORMATION]
    assert strong > weak


@pytest.mark.parametrize("mechanism,activity", [
    (IDENTIFICATION, "contact"), (COORDINATION, "coordination"), (REFLECTION, "reflection")])
def test_each_activity_strengthens_its_mechanism(mechanism, activity):
    start = np.full(4, 0.3)
    idle = _weeks(start)
    active = _weeks(start, **{activity: 1.0})
    assert active[mechanism] > idle[mechanism]
    assert active[mechanism] > start[mechanism]


def test_unused_mechanisms_fade_slowly():
    start = np.full(4, 0.5)
    after = _weeks(start)
    assert np.all(after < start)
    assert np.all(after > 0.4)


def test_boundary_crossing_scores_stay_between_zero_and_one():
    for start in (np.zeros(4), np.ones(4), np.full(4, 0.5)):
        for a in (0.0, 1.0):
            after = _weeks(start, contact=a, coordination=a, reflection=a, weeks=300)
            assert np.all((after >= 0.0) & (after <= 1.0))


def test_update_leaves_the_old_scores_untouched():
    start = np.full(4, 0.4)
    before = start.copy()
    boundary.update_boundary_crossing(start, 1.0, 1.0, 1.0)
    np.testing.assert_array_equal(start, before)
