"""The lesson levers alignment, bridge_builder_investment and embrace_failure act through
mechanisms (issue 11): each check below runs one step of the week on a small community and
shows that the lever's effect goes through the state, not by multiplying an outcome."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import LearningCommunityModel
from lcsim.events import EventLog
from lcsim.rules import knowledge
from lcsim.rules.phases import Phase
from lcsim.state import CREATING_MOVEMENT
from lcsim.week import climate, funding, meeting, membership, sprint_review

WEEK = 10


@pytest.fixture
def small() -> LearningCommunityModel:
    """Six members (one of each role, two practitioners), all ties, nobody yet present."""
    return LearningCommunityModel(rng=3, n_participants=6, funding_years=1.0)


def _sprint_outcomes(model: LearningCommunityModel, learning_capital: float,
                     embrace_failure: float, n: int = 200) -> tuple[int, int]:
    """Over `n` sprint reviews with the same seeds: successes, and failures discussed."""
    a = model.assumptions
    p = model.p.replace(embrace_failure=embrace_failure)
    successes = discussed = 0
    for seed in range(n):
        s = model.state
        s.phase[:], s.execute_started[:] = Phase.EXECUTE, WEEK - a.sprint_weeks + 1
        s.sprint_quality[:], s.safety[:] = 0.2, 0.5
        s.capitals["learning"][:] = learning_capital
        s.failures_discussed[:] = s.failures_hushed[:] = 0
        s.attended = s.active.copy()
        s.ties_in_room = s.attended[s.tie_src] & s.attended[s.tie_dst]
        sprint_review.review_sprint(s, p, a, np.random.default_rng(seed), WEEK, EventLog())
        successes += int(s.failures_discussed[0] + s.failures_hushed[0] == 0)
        discussed += int(s.failures_discussed[0])
    return successes, discussed


def test_learning_capital_raises_the_chance_a_sprint_succeeds(small):
    without, _ = _sprint_outcomes(small, 0.0, 0.5)
    with_lessons, _ = _sprint_outcomes(small, 10.0, 0.5)
    assert with_lessons > without
    assert knowledge.learning_capacity(0.0) == 0.0


def test_embrace_failure_changes_nothing_without_learning_capital_or_failures():
    a_rule = knowledge.sprint_success_with_lessons(0.6, knowledge.learning_capacity(0.0))
    assert a_rule == 0.6  # no lessons, no lift: the lever does not touch success itself
    # With the same seeds, the success of sprints does not depend on embrace_failure.
    small = LearningCommunityModel(rng=3, n_participants=6, funding_years=1.0)
    low, _ = _sprint_outcomes(small, 0.0, 0.0)
    high, _ = _sprint_outcomes(small, 0.0, 1.0)
    assert low == high


def test_embracing_failure_acts_only_on_how_failures_are_handled(small):
    _, discussed_low = _sprint_outcomes(small, 0.0, 0.0)
    _, discussed_high = _sprint_outcomes(small, 0.0, 1.0)
    assert discussed_high > discussed_low


def test_a_discussed_failure_adds_learning_capital_and_softens_views_of_those_present(small):
    s, a = small.state, small.assumptions
    p = small.p.replace(embrace_failure=1.0)
    s.phase, s.execute_started = Phase.EXECUTE, WEEK - a.sprint_weeks + 1
    s.sprint_quality, s.safety = 0.0, 1.0
    s.attended = s.active.copy()
    s.ties_in_room = s.attended[s.tie_src] & s.attended[s.tie_dst]
    before = s.stereotype.copy()
    for seed in range(50):  # until a sprint fails (success is never certain)
        sprint_review.review_sprint(s, p, a, np.random.default_rng(seed), WEEK, EventLog())
        if s.failures_discussed:
            break
    assert s.failures_discussed == 1
    assert s.capitals["learning"] > 0.0
    assert np.all(s.stereotype <= before) and np.any(s.stereotype < before)


def test_a_failure_discussed_openly_raises_psychological_safety_a_hushed_one_does_not(small):
    """000 lesson 7: a safe, open culture grows from failures discussed without blame."""
    s, a, p = small.state, small.assumptions, small.p
    s.attended = s.active.copy()
    s.ties_in_room = s.attended[s.tie_src] & s.attended[s.tie_dst]
    start = (s.safety, s.relational_conflict, s.trust.copy(), s.shared_ambition)

    def safety_after(discussed: float, hushed: float) -> float:
        s.safety, s.relational_conflict, trust, s.shared_ambition = start
        s.trust = trust.copy()
        s.discussed_recently, s.hushed_recently = discussed, hushed
        for _ in range(10):
            climate.update_climate(s, p, a)
        return s.safety

    neither = safety_after(0.0, 0.0)
    assert safety_after(1.0, 0.0) > neither
    assert safety_after(0.0, 1.0) <= neither


def test_newcomers_dilute_the_shared_ambition(small):
    s, a = small.state, small.assumptions.replace(recruitment_rate=0.5)
    s.shared_ambition[:] = 0.8
    s.coverage[:] = 1.0
    s.active[:3] = False
    s.motivation[:] = 1.0
    changes = membership.update_membership(s, small.p, a, np.random.default_rng(1), WEEK,
                                           EventLog())
    assert changes.seated  # somebody joined (recruitment chance is not zero)
    share = len(changes.seated) / s.active.sum()
    assert s.shared_ambition[0] == pytest.approx(0.8 * (1.0 - a.newcomer_ambition_dilution
                                                        * share))


def test_without_newcomers_the_shared_ambition_is_not_diluted(small):
    s, a = small.state, small.assumptions
    s.shared_ambition[:] = 0.8
    s.motivation[:] = 1.0
    changes = membership.update_membership(s, small.p, a, np.random.default_rng(1), WEEK,
                                           EventLog())
    assert not changes.seated
    assert s.shared_ambition[0] == 0.8


def _bridge_builder_leaves(model: LearningCommunityModel, investment: float) -> int:
    s = model.state
    seat = int(np.flatnonzero(s.is_bridge_builder)[0])
    p = model.p.replace(bridge_builder_investment=investment)
    membership.leave_job(s, p, model.assumptions, np.random.default_rng(0), seat, WEEK,
                         EventLog())
    return seat


def test_a_vacated_bridge_builder_post_stays_empty_for_a_while(small):
    s, a = small.state, small.assumptions
    seat = _bridge_builder_leaves(small, 1.0)
    assert s.bb_post_open[seat] and not s.active[seat] and not s.is_bridge_builder[seat]
    s.coverage[:] = 1.0
    weeks = 0
    rng = np.random.default_rng(2)
    while not s.active[seat]:
        filled = membership.fill_bb_posts(s, small.p, a, rng, WEEK + weeks, EventLog())
        weeks += 1
        assert weeks < 1000
    assert filled.tolist() == [seat] and s.is_bridge_builder[seat]
    assert weeks > 1  # not at once
    assert np.all(s.trust[s.ties_of_seat[seat]] == small.p.initial_trust)  # no ties yet


def test_a_post_without_investment_lapses_and_is_not_filled(small):
    s, a = small.state, small.assumptions.replace(bb_refill_base=0.0)
    seat = int(np.flatnonzero(s.is_bridge_builder)[0])
    membership.leave_job(s, small.p.replace(bridge_builder_investment=0.0), a,
                         np.random.default_rng(0), seat, WEEK, EventLog())
    assert not s.bb_post_open[seat]
    s.coverage[:] = 1.0
    assert membership.fill_bb_posts(s, small.p, a, np.random.default_rng(0), WEEK,
                                    EventLog()).size == 0


def _bb_presence_after_funding(model: LearningCommunityModel, investment: float) -> float:
    s = model.state
    p = model.p.replace(bridge_builder_investment=investment, external_coverage=0.0,
                        fixed_contribution_share=0.0, in_kind_share=0.0,
                        structural_embedding=0.0)  # no paid time left for anyone
    funding.fund(s, p, model.assumptions, s.funding_weeks + 1, EventLog())
    bb = np.flatnonzero(s.is_bridge_builder)
    present = 0
    for seed in range(200):
        meeting.meet(s, p, model.assumptions, np.random.default_rng(seed))
        present += int(s.attended[bb].any())
    return present / 200


def test_a_formalised_post_keeps_the_bridge_builder_present_after_funding(small):
    assert _bb_presence_after_funding(small, 0.0) == 0.0
    assert _bb_presence_after_funding(small, 1.0) > 0.0


def test_a_bridge_builder_creating_movement_raises_attendance(small):
    s, a = small.state, small.assumptions
    s.capacity = np.full(s.role.size, 0.3)
    s.bb_effect = np.zeros_like(s.bb_effect)
    alone = meeting._attendance_chance(s, small.p, a)
    s.bb_effect[0, CREATING_MOVEMENT] = 1.0
    convened = meeting._attendance_chance(s, small.p, a)
    assert np.all(convened >= alone) and np.any(convened > alone)


def test_skills_are_not_pooled_by_the_investment_lever(small):
    s = small.state
    here = np.zeros(s.role.size, dtype=bool)
    here[:2] = True  # two bridge-builders at the meeting
    s.bb_skills[:2] = np.array([[0.2] * 5, [0.8] * 5])
    low = meeting._skills_present(s, here, small.p.replace(bridge_builder_investment=0.0))
    high = meeting._skills_present(s, here, small.p.replace(bridge_builder_investment=1.0))
    team = meeting._skills_present(s, here, small.p.replace(bb_team=True))
    assert low.shape == (1, 5)
    assert np.allclose(low, high)
    assert np.all(team > low)
