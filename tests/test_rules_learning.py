"""Learning paths and room to learn (lcsim.rules.learning, 002): staff at a using organisation
learn to work with a product in use."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.rules import learning

A = Assumptions()
PRACTICE, EDUCATION = 0, 1


def _rate(room=0.6, formal=True, in_pilot=True, setting=PRACTICE, on_the_job=0.5, a=A):
    return float(learning.training_rate(np.array([room]), np.array([formal]),
                                        np.array([in_pilot]), np.array([setting]),
                                        on_the_job, a=a)[0])


def test_learning_rules_follow_the_assumed_rates():
    only_informal = A.replace(learning_informal=0.1, learning_course=0.0, learning_in_pilot=0.0)
    assert _rate(room=1.0, a=only_informal) == pytest.approx(0.1)
    only_courses = A.replace(learning_informal=0.0, learning_course=0.2, learning_in_pilot=0.0,
                             course_reach=(0.5, 1.0))
    assert _rate(room=1.0, on_the_job=0.0, a=only_courses) == pytest.approx(0.1)
    only_pilot = A.replace(learning_informal=0.0, learning_course=0.0, learning_in_pilot=0.3)
    assert _rate(room=1.0, on_the_job=1.0, a=only_pilot) == pytest.approx(0.3)
    leaving = A.replace(trained_staff_leaving=0.05)
    assert learning.trained_update(np.ones(1), np.zeros(1), np.ones(1), a=leaving)[0] == \
        pytest.approx(0.95)


def test_schools_and_large_care_providers_have_a_formal_path_small_ones_do_not():
    kinds = np.array([OrganisationKind.SCHOOL, OrganisationKind.CARE_PROVIDER,
                      OrganisationKind.CARE_PROVIDER, OrganisationKind.CLIENT_COUNCIL])
    room = np.array([0.45, 0.75, 0.4, 1.0])
    assert learning.formal_path(kinds, room).tolist() == [True, True, False, False]


def test_learning_on_the_job_in_a_pilot_trains_faster_than_courses():
    assert _rate(on_the_job=1.0) > _rate(on_the_job=0.0)
    assert _rate(on_the_job=1.0, setting=EDUCATION) > _rate(on_the_job=0.0, setting=EDUCATION)


def test_on_the_job_learning_needs_the_pilot_and_courses_need_a_formal_path():
    assert _rate(on_the_job=1.0, in_pilot=False) < _rate(on_the_job=1.0, in_pilot=True)
    assert _rate(on_the_job=0.0, formal=False) < _rate(on_the_job=0.0, formal=True)
    assert _rate(on_the_job=0.0, formal=False) == _rate(on_the_job=1.0, in_pilot=False)


def test_courses_reach_fewer_care_staff_than_teachers():
    assert _rate(on_the_job=0.0, setting=PRACTICE) < _rate(on_the_job=0.0, setting=EDUCATION)


@pytest.mark.parametrize("on_the_job", [0.0, 0.5, 1.0])
def test_more_room_to_learn_trains_faster(on_the_job):
    rates = [_rate(room=r, on_the_job=on_the_job) for r in (0.0, 0.3, 0.6, 1.0)]
    assert rates[0] == 0.0 and np.all(np.diff(rates) > 0)


def test_the_trained_share_grows_towards_one_and_staff_turnover_erodes_it():
    trained = np.zeros(2)
    for _ in range(52):
        trained = learning.trained_update(trained, np.full(2, 0.05), np.array([0.0, 2.0]))
    assert 0.5 < trained[1] < trained[0] < 1.0


def test_the_trained_share_stays_between_zero_and_one():
    for start in (0.0, 1.0):
        for rate in (0.0, 1.0):
            for turnover in (0.0, 3.0):
                share = learning.trained_update(np.array([start]), np.array([rate]),
                                                np.array([turnover]))[0]
                assert 0.0 <= share <= 1.0
