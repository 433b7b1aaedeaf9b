"""Behaviour of product upkeep (000 lesson 5, §3) and learning paths (002): kept-up products
stay in use, products without a keeper lose their fit and are dropped, time on products is
taken from project work, and learning on the job in pilots realizes more value."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from pattern_support import outcome, paired_ci, replicate, seeds

from lcsim import LearningCommunityModel
from lcsim.events import EventLog
from lcsim.rules.phases import Phase
from lcsim.week import products, project

REPLICATIONS = 20
YEAR = 52


def _community_with_uses(seed: int) -> LearningCommunityModel:
    """A default community run until it has at least three products in use (or week 208)."""
    model = LearningCommunityModel(rng=seed)
    while model.state.use_on.sum() < 3 and model.steps < 208:
        model.step()
    return model


def _a_year_of_use(model: LearningCommunityModel, dissolved: bool,
                   seed: int) -> tuple[float, int]:
    """Only the products step for a year on a copy of the state: mean local fit of the uses
    there at the start, and how many of them are still in use."""
    state = copy.deepcopy(model.state)
    start = np.flatnonzero(state.use_on)
    if dissolved:
        state.phase, state.active[:] = Phase.DISSOLVED, False
    rng = np.random.default_rng(seed)
    for week in range(model.steps, model.steps + YEAR):
        products.land_and_use_products(state, model.p, model.assumptions, rng, week,
                                       EventLog())
    return float(state.use_fit[start].mean()), int(state.use_on[start].sum())


@pytest.fixture(scope="module")
def kept_and_abandoned():
    rows = []
    for seed in seeds(REPLICATIONS):
        model = _community_with_uses(seed)
        rows.append((_a_year_of_use(model, False, seed), _a_year_of_use(model, True, seed)))
    return np.array(rows)  # replication x (kept, abandoned) x (fit, still in use)


def test_without_a_keeper_uses_lose_their_local_fit(kept_and_abandoned):
    kept, abandoned = kept_and_abandoned[:, 0, 0], kept_and_abandoned[:, 1, 0]
    ci = paired_ci(kept, abandoned)
    assert ci.low > 0, f"local fit kept minus abandoned after a year: {ci}"


def test_products_kept_up_stay_in_use_longer_than_those_of_a_dissolved_community(
        kept_and_abandoned):
    kept, abandoned = kept_and_abandoned[:, 0, 1], kept_and_abandoned[:, 1, 1]
    ci = paired_ci(kept, abandoned)
    assert ci.low > 0, f"uses still on after a year, kept minus abandoned: {ci}"


def test_time_spent_on_products_is_taken_from_project_work():
    model = LearningCommunityModel(rng=seeds(1)[0])
    while model.state.phase not in (Phase.EXECUTE, Phase.SUSTAIN) \
            or not model.state.attended.any():
        model.step()
    progress = []
    for share in (0.0, 0.3):
        state = copy.deepcopy(model.state)
        state.upkeep_share = share
        before = state.project.progress + state.design_progress
        project.work_on_project(state, model.p, model.assumptions, np.random.default_rng(0),
                                model.steps, EventLog())
        progress.append(state.project.progress + state.design_progress - before)
    assert progress[0] > 0.0
    assert progress[1] == pytest.approx(0.7 * progress[0])


def test_a_community_spends_no_product_time_without_products_or_once_dissolved():
    model = LearningCommunityModel(rng=seeds(1)[0])
    state = model.state
    products.land_and_use_products(state, model.p, model.assumptions,
                                   np.random.default_rng(0), 0, EventLog())
    assert state.upkeep_share == 0.0
    busy = _community_with_uses(seeds(1)[0]).state
    products.land_and_use_products(busy, model.p, model.assumptions,
                                   np.random.default_rng(0), 300, EventLog())
    assert busy.upkeep_share > 0.0
    busy.phase = Phase.DISSOLVED
    products.land_and_use_products(busy, model.p, model.assumptions,
                                   np.random.default_rng(0), 301, EventLog())
    assert busy.upkeep_share == 0.0 and busy.landing_effort == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("lever", ["learning_on_the_job", "product_landing"])
def test_the_lever_raises_realized_value(lever):
    low = replicate({lever: 0.0}, n=REPLICATIONS)
    high = replicate({lever: 1.0}, n=REPLICATIONS)
    ci = paired_ci(outcome(high, "realized_value"), outcome(low, "realized_value"))
    assert ci.low > 0, f"{lever} 1 minus 0, realized value: {ci}"
