"""Participation (lcsim.rules.participation): capacity, invitations, attendance and the
participation ladder with its barriers, gatekeeping and overburdening."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import Assumptions
from lcsim.roles import ROLE_PAID, Role
from lcsim.rules import participation
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM, OUTSIDE

RUNGS = np.array([OUTSIDE, INFORM, ADVISE, CO_DESIGN])
A = Assumptions()
ROLE_TIME = A.array("role_time")


def _invite(rung=ADVISE, late=False, executing=False, stereotype=0.0, policy=0.0, equal=0.0):
    return participation.invitation_probability(
        np.array([rung]), np.array([late]), executing, np.array([stereotype]), policy, equal)[0]


def _climb(policy=0.0, equal=0.0, stereotype=0.3, barrier=0.3, gatekeeping=0.3):
    return participation.rung_up_probability(
        policy, equal, np.array([stereotype]), np.array([barrier]), np.array([gatekeeping]))[0]


def test_paid_members_capacity_grows_with_funding_coverage():
    coverage = np.linspace(0.0, 1.0, 5)
    cap = participation.capacity(np.full(5, 0.3), np.full(5, True), coverage, np.full(5, 0.8))
    assert np.all(np.diff(cap) > 0)
    assert cap[0] == 0.0


def test_people_with_dementia_take_part_on_their_own_time_regardless_of_funding():
    pwd = Role.PERSON_WITH_DEMENTIA
    assert not ROLE_PAID[pwd]
    coverage = np.linspace(0.0, 1.0, 5)
    cap = participation.capacity(np.full(5, ROLE_TIME[pwd]), np.full(5, ROLE_PAID[pwd]),
                                 coverage, np.full(5, 0.8))
    assert np.all(cap == cap[0]) and cap[0] > 0


def test_no_room_for_innovation_means_no_capacity():
    cap = participation.capacity(ROLE_TIME, ROLE_PAID, np.ones(5), np.zeros(5))
    assert np.all(cap == 0.0)


def test_capacity_grows_with_room_for_innovation():
    room = np.linspace(0.1, 1.0, 4)
    cap = participation.capacity(np.full(4, 0.3), np.full(4, True), np.full(4, 0.7), room)
    assert np.all(np.diff(cap) > 0)


def test_higher_rungs_are_invited_more_often():
    chances = participation.invitation_probability(
        RUNGS, np.zeros(4, bool), True, np.zeros(4), 0.0, 0.0)
    assert chances[0] == 0.0
    assert np.all(np.diff(chances) > 0)


def test_mbo_invited_late_are_not_invited_before_execution():
    for rung in (INFORM, ADVISE, CO_DESIGN):
        assert _invite(rung=rung, late=True, executing=False) == 0.0
        assert _invite(rung=rung, late=True, executing=False, policy=1.0, equal=1.0) == 0.0


def test_members_invited_late_are_invited_once_execution_starts():
    assert _invite(late=True, executing=True) > 0.0
    assert _invite(late=True, executing=True) == _invite(late=False, executing=True)


def test_members_invited_early_are_invited_before_execution():
    assert _invite(late=False, executing=False) > 0.0


def test_inviters_stereotype_lowers_the_chance_to_be_invited():
    chances = [_invite(stereotype=s) for s in (0.0, 0.3, 0.6, 0.9)]
    assert np.all(np.diff(chances) < 0)


@pytest.mark.parametrize("lever", ["policy", "equal"])
def test_policy_or_facilitation_counters_stereotyped_invitations(lever):
    chances = [_invite(stereotype=0.8, **{lever: x}) for x in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) > 0)
    assert chances[-1] == pytest.approx(_invite(stereotype=0.0))


def test_invitation_probability_is_a_probability():
    for rung in RUNGS:
        for s in (0.0, 0.5, 1.0):
            for policy in (0.0, 1.0):
                assert 0.0 <= _invite(rung=rung, stereotype=s, policy=policy) <= 1.0


def _attend(capacity=0.1, motivation=0.5, invited=1.0, reach=0.8):
    return participation.attendance_probability(
        np.array([capacity]), np.array([motivation]), np.array([invited]), np.array([reach]))[0]


def test_attendance_follows_the_assumed_weights():
    """With motivation weighing nothing, the unmotivated come as often as the motivated; a
    higher capacity factor lets a member with little time come more often."""
    indifferent = A.replace(attendance_motivation=0.0)
    low, high = (participation.attendance_probability(
        np.array([0.1]), np.array([m]), np.array([1.0]), np.array([0.8]), a=indifferent)[0]
        for m in (0.0, 1.0))
    assert low == high
    eager = A.replace(attendance_capacity=8.0)
    assert participation.attendance_probability(
        np.array([0.1]), np.array([0.5]), np.array([1.0]), np.array([0.8]), a=eager)[0] \
        > _attend()


def test_invitations_follow_the_assumed_rates_per_rung():
    every_rung = A.replace(rung_invitation=(0.0, 1.0, 1.0, 1.0))
    chance = participation.invitation_probability(
        np.array([INFORM]), np.array([False]), False, np.array([0.0]), 0.0, 0.0, a=every_rung)
    assert chance[0] == 1.0 > _invite(rung=INFORM)


def test_uninvited_members_do_not_attend():
    assert _attend(invited=0.0, capacity=1.0, motivation=1.0, reach=1.0) == 0.0


@pytest.mark.parametrize("factor", ["capacity", "motivation", "reach", "invited"])
def test_attendance_grows_with_time_motivation_fitting_work_form_and_invitation(factor):
    chances = [_attend(**{factor: x}) for x in (0.05, 0.1, 0.15, 0.2)]
    assert np.all(np.diff(chances) > 0)


def test_no_time_means_no_attendance():
    assert _attend(capacity=0.0, motivation=1.0, reach=1.0) == 0.0


def test_attendance_probability_is_a_probability():
    for c in (0.0, 0.5, 1.0):
        for m in (0.0, 1.0):
            for r in (0.0, 1.0):
                assert 0.0 <= _attend(capacity=c, motivation=m, reach=r) <= 1.0


def test_the_ladder_opens_at_the_assumed_rates():
    open_ladder = A.replace(rung_up_base=0.05, rung_up_policy=0.0, rung_up_facilitation=0.0)
    chance = participation.rung_up_probability(1.0, 1.0, np.zeros(1), np.zeros(1), np.zeros(1),
                                               a=open_ladder)[0]
    assert chance == 0.05
    assert _climb(stereotype=0.0, barrier=0.0, gatekeeping=0.0) == A.rung_up_base


def test_policy_raises_chance_to_climb_the_ladder():
    chances = [_climb(policy=p) for p in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) > 0)


def test_facilitated_equal_participation_raises_chance_to_climb_the_ladder():
    chances = [_climb(equal=e) for e in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) > 0)


@pytest.mark.parametrize("obstacle", ["stereotype", "barrier", "gatekeeping"])
def test_stereotypes_barriers_and_gatekeeping_hold_members_back(obstacle):
    chances = [_climb(policy=0.5, **{obstacle: x}) for x in (0.0, 0.4, 0.8)]
    assert np.all(np.diff(chances) < 0)
    assert _climb(policy=1.0, equal=1.0, **{obstacle: 1.0}) == 0.0


def test_chance_to_climb_is_a_small_weekly_probability():
    assert 0.0 < _climb(policy=1.0, equal=1.0, stereotype=0.0, barrier=0.0,
                        gatekeeping=0.0) <= 1.0


def test_members_are_overburdened_when_load_exceeds_tolerance():
    load = np.array([0.2, 0.5, 0.8])
    tolerance = np.array([0.5, 0.5, 0.5])
    np.testing.assert_array_equal(participation.overburdened(load, tolerance),
                                  [False, False, True])


def test_a_sure_climb_goes_up_exactly_one_rung():
    rung = np.array([INFORM, ADVISE], dtype=np.int8)
    new = participation.next_rung(rung, np.ones(2), np.zeros(2, bool), np.random.default_rng(0))
    np.testing.assert_array_equal(new, [ADVISE, CO_DESIGN])
    assert new.dtype == rung.dtype


def test_nobody_climbs_above_co_design():
    rung = np.full(10, CO_DESIGN, dtype=np.int8)
    new = participation.next_rung(rung, np.ones(10), np.zeros(10, bool),
                                  np.random.default_rng(0))
    assert np.all(new == CO_DESIGN)


def test_overburdened_members_step_down_but_not_off_the_ladder():
    rung = np.array([INFORM, ADVISE, CO_DESIGN], dtype=np.int8)
    new = participation.next_rung(rung, np.zeros(3), np.ones(3, bool), np.random.default_rng(0))
    np.testing.assert_array_equal(new, [INFORM, INFORM, ADVISE])


def test_no_chance_to_climb_means_nobody_climbs():
    rung = np.full(100, INFORM, dtype=np.int8)
    new = participation.next_rung(rung, np.zeros(100), np.zeros(100, bool),
                                  np.random.default_rng(0))
    assert np.all(new == INFORM)


def test_share_of_climbers_follows_the_chance_to_climb():
    rung = np.full(20_000, INFORM, dtype=np.int8)
    new = participation.next_rung(rung, np.full(20_000, 0.3), np.zeros(20_000, bool),
                                  np.random.default_rng(1))
    assert abs(np.mean(new == ADVISE) - 0.3) < 0.02


def test_members_outside_the_ladder_stay_outside():
    rung = np.array([OUTSIDE, OUTSIDE], dtype=np.int8)
    new = participation.next_rung(rung, np.array([0.0, 1.0]), np.zeros(2, bool),
                                  np.random.default_rng(0))
    np.testing.assert_array_equal(new, [OUTSIDE, OUTSIDE])


def test_a_convening_bridge_builder_raises_attendance_but_never_above_certainty():
    args = (np.array([0.3, 1.0]), np.array([0.5, 1.0]), np.array([1.0, 1.0]),
            np.array([1.0, 1.0]))
    alone = participation.attendance_probability(*args)
    convened = participation.attendance_probability(*args, 1.0)
    assert convened[0] > alone[0] and convened[1] == 1.0
