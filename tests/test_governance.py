"""Governance in the running model: a present project leader raises safety and shared
ambition, losing the leader costs them, and involving decision-makers raises survival."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from pattern_support import Intervention, outcome, paired_ci, replicate

from lcsim import LearningCommunityModel
from lcsim.week import climate, funding

WEEKS = 20


@pytest.fixture
def small() -> LearningCommunityModel:
    """Six members, everyone present every week, some shared ambition and safety."""
    model = LearningCommunityModel(rng=3, n_participants=6, funding_years=1.0)
    s = model.state
    s.capacity = np.full(s.role.size, 0.5)
    s.attended = s.active.copy()
    s.ties_in_room = s.attended[s.tie_src] & s.attended[s.tie_dst]
    s.shared_ambition, s.safety = 0.3, 0.4
    return model


def _climate_weeks(model: LearningCommunityModel, state) -> tuple[float, float]:
    for _ in range(WEEKS):
        climate.update_climate(state, model.p, model.assumptions)
    return float(state.safety[0]), float(state.shared_ambition[0])


def test_the_community_starts_with_a_leader_who_is_not_a_bridge_builder():
    model = LearningCommunityModel(rng=1)
    seat = model.leader_seat
    assert seat >= 0 and not model.state.is_bridge_builder[seat]
    assert LearningCommunityModel(rng=1, leader_quality=0.0).leader_seat == -1


def test_a_present_leader_raises_safety_and_shared_ambition(small):
    led = copy.deepcopy(small.state)
    unled = copy.deepcopy(small.state)
    unled.leader_seat[:] = -1
    safety_led, ambition_led = _climate_weeks(small, led)
    safety_unled, ambition_unled = _climate_weeks(small, unled)
    assert safety_led > safety_unled
    assert ambition_led > ambition_unled


def test_a_leader_who_does_not_come_leads_nobody(small):
    absent = copy.deepcopy(small.state)
    absent.attended[absent.leader_seat] = False
    unled = copy.deepcopy(absent)
    unled.leader_seat[:] = -1
    assert _climate_weeks(small, absent) == pytest.approx(_climate_weeks(small, unled))


def test_a_successor_in_the_leaders_seat_leads_less_at_first(small):
    staying = copy.deepcopy(small.state)
    succeeded = copy.deepcopy(small.state)
    succeeded.member_id[succeeded.leader_seat] += 1000  # a newcomer took the seat
    safety_stay, ambition_stay = _climate_weeks(small, staying)
    safety_new, ambition_new = _climate_weeks(small, succeeded)
    assert succeeded.leader_experience < staying.leader_experience
    assert safety_new < safety_stay and ambition_new < ambition_stay


def test_leading_takes_part_of_the_leaders_time(small):
    s = small.state
    funding.fund(s, small.p, small.assumptions, 10, small.events)
    led = s.capacity[s.leader_seat]
    unled = copy.deepcopy(s)
    unled.leader_seat[:] = -1
    funding.fund(unled, small.p, small.assumptions, 10, small.events)
    assert led == pytest.approx(unled.capacity[s.leader_seat]
                                * (1.0 - small.assumptions.leader_time))


def test_involved_managers_back_the_lc_more(small):
    low, high = copy.deepcopy(small.state), copy.deepcopy(small.state)
    for _ in range(WEEKS):
        funding.fund(low, small.p.replace(management_involvement=0.0), small.assumptions,
                     10, small.events)
        funding.fund(high, small.p.replace(management_involvement=1.0), small.assumptions,
                     10, small.events)
    assert np.all(high.backing >= low.backing)
    assert high.backing.sum() > low.backing.sum()


def test_the_leaders_departure_lowers_psychological_safety_after_it():
    """Paired runs (24 seeds): the leader leaves in week 30 or stays; the mean psychological
    safety over the following year is lower without them (a vacant post, then a successor
    who still has to grow into it)."""
    after = slice(31, 83)
    stays = replicate({}, weeks=after.stop)
    leaves = replicate({}, Intervention(30, "leader_leaves"), weeks=after.stop)

    def safety(runs: list[dict]) -> np.ndarray:
        return np.array([r["series"]["psychological_safety"].iloc[after].mean()
                         for r in runs])

    assert paired_ci(safety(leaves), safety(stays)).high < 0


@pytest.mark.slow
def test_involving_decision_makers_raises_survival_after_funding():
    """Paired runs (24 seeds), management_involvement 0 versus 1."""
    low = replicate({"management_involvement": 0.0})
    high = replicate({"management_involvement": 1.0})
    assert paired_ci(outcome(high, "survived"), outcome(low, "survived")).low > 0
