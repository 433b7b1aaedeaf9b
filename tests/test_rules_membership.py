"""Membership (lcsim.rules.membership): dropout for its four reasons, and turnover."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import DEFAULTS, Assumptions
from lcsim.rules import membership

A = Assumptions()


def test_dropout_pressures_follow_the_assumed_rates_and_floors():
    unmotivated = membership.dropout_pressures(np.zeros(1), np.ones(1), np.ones(1), 1.0)[0]
    assert list(unmotivated) == [A.dropout_value, 0.0, A.dropout_hands, A.dropout_conflict]
    patient = A.replace(dropout_motivation_floor=0.1, dropout_trust_floor=0.1)
    calm = membership.dropout_pressures(np.full(1, 0.2), np.full(1, 0.2), np.zeros(1), 0.0,
                                        a=patient)[0]
    assert list(calm) == [0.0, 0.0, 0.0, 0.0]
    assert membership.dropout_pressures(np.full(1, 0.2), np.full(1, 0.2), np.zeros(1), 0.0)[
        0, :2].min() > 0.0


def test_recruitment_depends_on_the_ambition_only_as_much_as_assumed():
    indifferent = A.replace(recruitment_ambition=0.0)
    chances = [membership.recruitment_probability(0.05, np.ones(1), s, a=indifferent)[0]
               for s in (0.0, 1.0)]
    assert chances[0] == chances[1] == 0.05


@pytest.mark.parametrize("rate", [0.0, 0.05, 0.15, 0.5, 0.8])
def test_weekly_chance_compounds_to_the_yearly_rate(rate):
    weekly = membership.weekly_probability(rate)
    assert 0.0 <= weekly <= rate
    assert 1.0 - (1.0 - weekly) ** 52 == pytest.approx(rate)


def test_higher_turnover_means_a_higher_weekly_chance():
    chances = [membership.weekly_probability(r) for r in (0.0, 0.1, 0.3, 0.6)]
    assert chances[0] == 0.0
    assert np.all(np.diff(chances) > 0)


def _pressure(motivation=0.6, trust=0.5, hands=0.0, conflict=0.0):
    return membership.dropout_pressures(np.array([motivation]), np.array([trust]),
                                        np.array([hands]), conflict)[0]


REASON = {name: i for i, name in enumerate(membership.DROPOUT_REASONS)}


def test_there_is_one_pressure_per_dropout_reason_per_member():
    out = membership.dropout_pressures(np.full(7, 0.5), np.full(7, 0.5), np.zeros(7), 0.2)
    assert out.shape == (7, len(membership.DROPOUT_REASONS))
    assert set(membership.DROPOUT_REASONS) == {"too little value", "distrust",
                                               "treated as hands", "conflict"}


def test_a_motivated_trusted_respected_member_in_a_calm_group_feels_no_pressure():
    assert np.all(_pressure(motivation=1.0, trust=1.0, hands=0.0, conflict=0.0) == 0.0)


def test_too_little_value_pushes_members_out():
    levels = [_pressure(motivation=m)[REASON["too little value"]] for m in (0.3, 0.2, 0.1, 0.0)]
    assert np.all(np.diff(levels) > 0)


def test_distrust_pushes_members_out():
    levels = [_pressure(trust=t)[REASON["distrust"]] for t in (0.2, 0.1, 0.05, 0.0)]
    assert np.all(np.diff(levels) > 0)


def test_being_treated_as_hands_pushes_members_out():
    assert _pressure(hands=1.0)[REASON["treated as hands"]] > _pressure(hands=0.0)[
        REASON["treated as hands"]]


def test_relational_conflict_pushes_members_out():
    levels = [_pressure(conflict=c)[REASON["conflict"]] for c in (0.0, 0.3, 0.6, 1.0)]
    assert levels[0] == 0.0
    assert np.all(np.diff(levels) > 0)


def test_each_pressure_only_reacts_to_its_own_reason():
    calm = _pressure(motivation=1.0, trust=1.0)
    for change, reason in (({"motivation": 0.0}, "too little value"),
                           ({"trust": 0.0}, "distrust"),
                           ({"hands": 1.0}, "treated as hands"),
                           ({"conflict": 1.0}, "conflict")):
        moved = _pressure(**{"motivation": 1.0, "trust": 1.0, **change}) != calm
        assert list(np.flatnonzero(moved)) == [REASON[reason]]


def test_dropout_pressures_are_weekly_probabilities():
    rng = np.random.default_rng(9)
    out = membership.dropout_pressures(rng.random(100), rng.random(100),
                                       rng.integers(0, 2, 100).astype(float), 1.0)
    assert np.all((out >= 0.0) & (out <= 1.0))
    assert np.all(1.0 - np.prod(1.0 - out, axis=1) < 1.0)


def _recruit(rate=0.03, coverage=0.6, ambition=0.5):
    return membership.recruitment_probability(rate, np.array([coverage]), ambition)[0]


def test_organisations_send_no_one_when_the_time_is_not_paid():
    assert _recruit(coverage=0.0, ambition=1.0) == 0.0


@pytest.mark.parametrize("factor", ["coverage", "ambition"])
def test_paid_time_and_a_clear_ambition_attract_new_members(factor):
    chances = [_recruit(**{factor: x}) for x in (0.1, 0.4, 0.7, 1.0)]
    assert np.all(np.diff(chances) > 0)


def test_recruitment_never_exceeds_its_rate():
    for c in (0.0, 0.5, 1.0):
        for a in (0.0, 0.5, 1.0):
            assert 0.0 <= _recruit(rate=0.03, coverage=c, ambition=a) <= 0.03


def test_investment_keeps_a_vacated_bridge_builder_post_open():
    assert membership.bb_post_kept_probability(0.0) == DEFAULTS.bb_refill_base
    assert membership.bb_post_kept_probability(1.0) == 1.0


def test_a_vacant_bridge_builder_post_is_filled_only_with_paid_time():
    chance = membership.bb_vacancy_fill_probability(np.array([0.0, 0.5, 1.0]))
    assert chance[0] == 0.0 and chance[1] < chance[2] == DEFAULTS.bb_vacancy_fill
