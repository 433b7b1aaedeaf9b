"""Funding (lcsim.rules.funding): who pays members' time, and what happens when it ends."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.rules import funding
from lcsim.rules.funding import EXTERNAL, FOLLOW_UP, NONE

SHARES = {"external_share": 0.7, "fixed_share": 0.1, "in_kind_share": 0.15}


def _coverage(state, embedding=0.0, **shares):
    return funding.coverage(state, **{**SHARES, **shares}, embedding=np.array([embedding]))[0]


def test_funding_runs_external_then_follow_up_then_none():
    states = [funding.funding_state(week, 52, 26) for week in range(1, 120)]
    assert states[:52] == [EXTERNAL] * 52
    assert states[52:78] == [FOLLOW_UP] * 26
    assert set(states[78:]) == {NONE}


def test_without_follow_up_funding_ends_right_after_the_horizon():
    assert funding.funding_state(52, 52, 0) == EXTERNAL
    assert funding.funding_state(53, 52, 0) == NONE


def test_no_external_funding_means_none_from_the_first_week():
    assert funding.funding_state(1, 0, 0) == NONE


def test_once_funding_has_ended_it_stays_ended():
    states = [funding.funding_state(w, 30, 10) for w in range(41, 400)]
    assert set(states) == {NONE}


def test_coverage_drops_to_own_contributions_when_funding_ends():
    during = _coverage(EXTERNAL)
    after = _coverage(NONE)
    assert after < during
    assert after == pytest.approx(SHARES["fixed_share"] + SHARES["in_kind_share"])


def test_follow_up_funding_pays_time_like_external_funding_unless_told_otherwise():
    assert _coverage(FOLLOW_UP) == pytest.approx(_coverage(EXTERNAL))
    assert _coverage(FOLLOW_UP) > _coverage(NONE)
    smaller = _coverage(FOLLOW_UP, follow_up_share=0.3)
    assert _coverage(NONE) < smaller < _coverage(EXTERNAL)


@pytest.mark.parametrize("mode", ["fixed_share", "in_kind_share"])
def test_fixed_and_in_kind_contributions_keep_paying_after_funding(mode):
    assert _coverage(NONE, **{mode: 0.3}) > _coverage(NONE, **{mode: 0.0})


def test_embedding_keeps_time_paid_after_funding_ends():
    levels = [_coverage(NONE, embedding=e) for e in (0.0, 0.2, 0.5)]
    assert np.all(np.diff(levels) > 0)


@pytest.mark.parametrize("embedding", [0.0, 0.3, 0.7, 1.0])
def test_coverage_never_rises_when_funding_ends(embedding):
    assert _coverage(EXTERNAL, embedding) >= _coverage(NONE, embedding)


def test_coverage_is_a_share_of_time_even_when_modes_add_up_beyond_one():
    states = (EXTERNAL, FOLLOW_UP, NONE)
    for state in states:
        for embedding in (0.0, 1.0):
            c = _coverage(state, embedding, external_share=1.0, fixed_share=1.0,
                          in_kind_share=1.0)
            assert 0.0 <= c <= 1.0


def test_coverage_is_per_organisation():
    cov = funding.coverage(NONE, 0.7, 0.1, 0.15, np.array([0.0, 0.4, 0.8]))
    assert cov.shape == (3,)
    assert np.all(np.diff(cov) > 0)


def test_embedding_grows_with_decision_makers_backing():
    level = funding.embedding_level(0.5, np.linspace(0.0, 1.0, 11))
    assert level[0] == 0.0
    assert np.all(np.diff(level) > 0)


def test_embedding_never_exceeds_what_organisations_are_willing_to_embed():
    level = funding.embedding_level(0.5, np.array([0.0, 0.5, 1.0]))
    assert np.all(level <= 0.5)
    assert level[-1] == pytest.approx(0.5)


def test_no_embedding_without_willingness_to_embed():
    assert np.all(funding.embedding_level(0.0, np.array([0.0, 0.5, 1.0])) == 0.0)


def test_embedding_rises_with_structural_embedding():
    levels = [funding.embedding_level(s, np.array([0.6]))[0] for s in (0.2, 0.5, 0.9)]
    assert np.all(np.diff(levels) > 0)


def test_the_subsidy_pays_its_share_as_far_as_partners_leave_room():
    assert funding.subsidy_share(funding.EXTERNAL, 0.7, 0.1, 0.15) == pytest.approx(0.7)
    assert funding.subsidy_share(funding.EXTERNAL, 0.9, 0.2, 0.15) == pytest.approx(0.65)
    assert funding.subsidy_share(funding.FOLLOW_UP, 0.7, 0.1, 0.15, 0.4) == pytest.approx(0.4)
    assert funding.subsidy_share(funding.NONE, 0.7, 0.1, 0.15) == 0.0


def test_subsidy_hours_are_the_paid_hours_of_funded_weeks_when_nobody_else_pays():
    from lcsim import LearningCommunityModel

    alone = dict(fixed_contribution_share=0.0, in_kind_share=0.0, structural_embedding=0.0,
                 funding_years=1.0, weeks_after_funding=20)
    model = LearningCommunityModel(rng=2, **alone).run()
    assert model.subsidy_hours == pytest.approx(model.paid_hours_funded)
    shared = LearningCommunityModel(rng=2, **{**alone, "fixed_contribution_share": 0.2}).run()
    assert 0 < shared.summary()["subsidy_hours"] < shared.paid_hours_funded
    unfunded = LearningCommunityModel(rng=2, funding_years=0.0, weeks_after_funding=20).run()
    assert unfunded.summary()["subsidy_hours"] == 0.0 < unfunded.summary()["paid_hours"]
