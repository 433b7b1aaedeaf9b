"""Newcomers seated in one batch, and the tie caches kept up to date as people come and go
(docs/ODD.md, 'Update order and vectorisation')."""

from __future__ import annotations

import numpy as np

from lcsim import LearningCommunityModel
from lcsim.roles import N_ROLES


def test_newcomers_take_over_their_roles_expectation_and_start_with_little_trust():
    model = LearningCommunityModel(rng=4, n_participants=60)
    for _ in range(30):
        model.step()
    seats = np.flatnonzero(model.active)[::7][:6]
    for seat in seats:
        model.active[seat] = False
    expectation = {role: model.expected[model.active & (model.role == role)].mean()
                   for role in range(N_ROLES)}
    model.trust[np.concatenate([model._ties_of_seat[s] for s in seats])] = 0.9

    model._fill_seats(seats)

    for seat in seats:
        assert model.active[seat]
        assert model.expected[seat] == expectation[model.role[seat]]
        assert model.experienced[seat] == model.expected[seat]
        assert np.all(model.trust[model._ties_of_seat[seat]] == model.p.initial_trust)
        agent = model.participants[seat]
        assert agent.seat == seat and agent.joined_week == model.steps == model.joined_week[seat]
        assert agent in model.agents


def test_live_tie_caches_match_a_fresh_count_through_dropout_turnover_and_recruitment():
    model = LearningCommunityModel(rng=9, n_participants=120, turnover_rate=0.4,
                                   funding_years=1.0, weeks_after_funding=52)
    changes = 0
    before = model.active.copy()
    while model.running:
        model.step()
        changes += int((model.active != before).sum())
        before = model.active.copy()
        live = model.active[model.tie_src] & model.active[model.tie_dst]
        assert np.array_equal(model.live_ties(), live)
        degree = np.bincount(model.tie_src, weights=live, minlength=len(model.active))
        assert np.array_equal(model._live_degree, degree)
        total, cross, n_live, n_cross = model.trust_on_live_ties()
        assert n_live == live.sum() and n_cross == (live & model.tie_cross).sum()
        assert np.isclose(total, model.trust[live].sum())
        assert np.isclose(cross, model.trust[live & model.tie_cross].sum())
    assert changes > 50, "the run must have people joining and leaving"
