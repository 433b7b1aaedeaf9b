"""Governance (lcsim.rules.governance): the project leader and decision-makers' backing."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.rules import climate, governance

A = Assumptions()


def test_the_leader_post_goes_to_a_candidate_who_is_not_a_bridge_builder():
    candidates = np.array([0, 1, 2])
    bridge_builders = np.array([True, False, False, False])
    assert governance.choose_leader_seat(candidates, bridge_builders, True) == 1


def test_the_leader_post_goes_to_a_bridge_builder_when_every_candidate_is_one():
    bridge_builders = np.array([True, True])
    assert governance.choose_leader_seat(np.array([0, 1]), bridge_builders, True) == 0


def test_there_is_no_leader_without_a_post_or_candidates():
    bridge_builders = np.zeros(3, dtype=bool)
    assert governance.choose_leader_seat(np.array([0]), bridge_builders, False) == -1
    assert governance.choose_leader_seat(np.array([], dtype=int), bridge_builders,
                                         True) == -1


def test_a_successor_starts_with_little_experience_and_grows_into_the_post():
    successor = governance.leader_experience(1.0, same_leader=False)
    assert successor == A.leader_successor_start
    later = governance.leader_experience(successor, same_leader=True)
    assert successor < later < 1.0


def test_an_absent_leader_leads_nobody():
    assert governance.leadership(0.8, 1.0, present=False) == 0.0
    assert governance.leadership(0.8, 0.5, present=True) == pytest.approx(0.4)


def test_a_present_leader_slows_the_loss_of_shared_ambition():
    without = governance.ambition_decay(0.01, 0.0)
    assert without == 0.01
    assert governance.ambition_decay(0.01, 1.0) == pytest.approx(
        0.01 * (1.0 - A.leader_goal_guarding))


def test_a_connecting_leader_speeds_up_the_growth_of_shared_ambition():
    assert governance.connected_growth(0.02, 0.0) == 0.02
    assert governance.connected_growth(0.02, 1.0) > 0.02


def test_a_present_leader_raises_the_safety_target():
    without = climate.safety_target(0.4, 0.0, 0.5, 0.0)
    with_leader = climate.safety_target(0.4, 0.0, 0.5, 0.0, 1.0)
    assert with_leader == pytest.approx(without + A.leader_safety)


def test_leading_takes_part_of_the_leaders_time():
    assert governance.leader_capacity(0.4) == pytest.approx(0.4 * (1.0 - A.leader_time))


def test_proof_saturates_with_the_value_landed():
    proven = governance.proof(np.array([0.0, 1.0, 10.0, 1e6]))
    assert proven[0] == 0.0 and np.all(np.diff(proven) > 0)
    assert proven[-1] == pytest.approx(1.0)


def test_backing_grows_with_management_involvement():
    backing = np.array([0.3, 0.3])
    signal = np.array([0.5, 0.5])
    low = governance.backing_update(backing, 0.0, signal, signal)
    high = governance.backing_update(backing, 1.0, signal, signal)
    assert np.all(high > low)


def test_backing_grows_with_presence_and_with_proof():
    backing = np.full(3, 0.3)
    none = np.zeros(3)
    base = governance.backing_update(backing, 0.5, none, none)
    assert np.all(governance.backing_update(backing, 0.5, np.ones(3), none) > base)
    assert np.all(governance.backing_update(backing, 0.5, none, np.ones(3)) > base)


def test_backing_fades_without_presence_or_proof():
    backing = np.array([0.6])
    faded = governance.backing_update(backing, 1.0, np.zeros(1), np.zeros(1))
    assert faded[0] == pytest.approx(0.6 * (1.0 - A.backing_decay))


def test_backing_stays_within_zero_and_one():
    backing = governance.backing_update(np.array([0.0, 1.0]), 1.0, np.ones(2), np.ones(2),
                                        a=Assumptions(backing_rate=0.5))
    assert np.all((backing >= 0.0) & (backing <= 1.0))


def test_decision_access_comes_from_backing_or_a_bridge_builder_with_authority():
    backing = np.array([0.0, 0.5])
    assert np.allclose(governance.decision_access(backing, 0.0, True), backing)
    assert np.allclose(governance.decision_access(backing, 1.0, True), 1.0)
    assert np.allclose(governance.decision_access(backing, 1.0, False), backing)
    partial = governance.decision_access(backing, 0.5, True)
    assert np.all(partial > backing) and np.all(partial < 1.0)


def test_a_leader_who_led_convenes_the_next_meeting_like_a_bridge_builder():
    a = Assumptions()
    assert governance.convening(0.0, 0.0, a=a) == 0.0
    assert governance.convening(0.0, 1.0, a=a) == pytest.approx(a.leader_convening)
    assert governance.convening(0.6, 0.0, a=a) == pytest.approx(0.6)
    both = governance.convening(0.6, 1.0, a=a)
    assert 0.6 < both < 1.0
    assert both == pytest.approx(1 - 0.4 * (1 - a.leader_convening))
