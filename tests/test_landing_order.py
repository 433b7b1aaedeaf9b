"""The weekly landing of products (`lcsim.week.products.land_products`) draws for all
waiting products at once, then rechecks the candidates in order. docs/ODD.md says this
gives the same outcome as trying the products one by one. One test compares landing rates
with a plain one-by-one implementation of the same rules; the other fixes the draws so that
only the recheck keeps a second product from the single free place."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import LearningCommunityModel
from lcsim.model import DRIVING_CHANGE, LANDING_SETTINGS, LANDS_IN
from lcsim.rules import products
from lcsim.week.products import land_products

TRIALS = 1500


@pytest.fixture(scope="module")
def crowded_week() -> LearningCommunityModel:
    """A community with many products, all waiting, and a single free landing place: the
    first product to land takes the place, and every later one has far less chance."""
    model = LearningCommunityModel(rng=11, n_participants=300, funding_years=3.0,
                                   product_landing=1.0, bb_decision_authority=1.0)
    while len(model.products) < 12:
        model.step()
    model.product_landed[:] = -1
    model.place_free_week[:] = model.steps + 100
    model.place_free_week[0] = 0
    return model


def _reset(model: LearningCommunityModel, seed: int) -> None:
    model.product_landed[:] = -1
    model.place_free_week[1:] = model.steps + 100
    model.place_free_week[0] = 0
    model.use_org = np.zeros(0, dtype=int)
    model.use_product = np.zeros(0, dtype=int)
    model.use_weeks = np.zeros(0, dtype=int)
    model.use_on = np.zeros(0, dtype=bool)
    model.rng = np.random.default_rng(seed)


def _landings_batched(model: LearningCommunityModel, seed: int) -> int:
    _reset(model, seed)
    land_products(model.state, model.p, model.assumptions, model.rng, model.steps, True,
                  model.event_log)
    return int((model.product_landed >= 0).sum())


def _landings_one_by_one(model: LearningCommunityModel, seed: int) -> int:
    """The rule as written in docs/ODD.md, one (product, setting) pair after the other."""
    _reset(model, seed)
    p = model.p
    change = min(1.0, model.bb_effect[DRIVING_CHANGE] + p.bb_decision_authority
                 * (1.0 if model.is_bridge_builder.any() else 0.0))
    in_use = np.zeros(len(model.organisations))
    free = int((model.place_free_week <= model.steps).sum())
    landed = 0
    for product in model.products:
        for setting, lands_here, _, kind in LANDING_SETTINGS:
            if not lands_here[product.kind_index]:
                continue
            org = model._pick_org(kind)
            fit = products.fit(product.quality, product.codesigned, product.mbo_involved,
                               product.educator_involved, setting == "education")
            room = products.free_room(model.org_room[org], in_use[org])
            chance = products.landing_probability(fit, room * (0.5 + model.org_pace[org]),
                                                  free > 0, model.state.landing_effort,
                                                  change, True)
            if model.rng.random() < chance:
                landed += 1
                free = max(free - 1, 0)
                in_use[org] += 1
    return landed


def test_landing_all_at_once_matches_trying_products_one_by_one(crowded_week):
    batched = np.array([_landings_batched(crowded_week, s) for s in range(TRIALS)])
    single = np.array([_landings_one_by_one(crowded_week, 10**6 + s) for s in range(TRIALS)])
    assert single.mean() > 0.05, "the scenario must land products now and then"
    error = np.sqrt(batched.var(ddof=1) / TRIALS + single.var(ddof=1) / TRIALS)
    z = (batched.mean() - single.mean()) / error
    assert abs(z) < 4, f"batched {batched.mean():.4f} vs one by one {single.mean():.4f}"


class _Draws:
    """Stands in for the model's generator: every product tries the first organisation of its
    kind, and each landing draw is half the chance that product has while a place is free."""

    def __init__(self, half_chances: np.ndarray) -> None:
        self.half_chances = half_chances

    def integers(self, high: int, size: int) -> np.ndarray:
        return np.zeros(size, dtype=int)

    def random(self, size: int) -> np.ndarray:
        assert size == self.half_chances.size
        return self.half_chances


def test_a_landing_lowers_the_chances_of_the_products_after_it(crowded_week):
    """With one free place, every waiting product would land on its own (its draw is below
    its chance). In order, the first takes the place, and each later one, rechecked without
    a free place (6% of its chance), stays waiting: exactly one lands."""
    model = crowded_week
    _reset(model, 0)
    p = model.p
    waiting, setting = np.nonzero(LANDS_IN[model.product_kind])
    assert waiting.size >= 10
    change = min(1.0, model.bb_effect[DRIVING_CHANGE] + p.bb_decision_authority
                 * (1.0 if model.is_bridge_builder.any() else 0.0))
    first_org = np.array([model._orgs_of(kind)[0] for _, _, _, kind in LANDING_SETTINGS])
    org = first_org[setting]
    room = products.free_room(model.org_room[org], np.zeros(org.size))
    chance = products.landing_probability(model.product_fit[waiting, setting],
                                          room * (0.5 + model.org_pace[org]), True,
                                          model.state.landing_effort, change, True)
    assert (chance > 0).all()
    model.rng = _Draws(0.5 * chance)
    land_products(model.state, model.p, model.assumptions, model.rng, model.steps, True,
                  model.event_log)
    landed = np.argwhere(model.product_landed >= 0)
    assert landed.tolist() == [[waiting[0], setting[0]]]
    assert (model.place_free_week > model.steps).all(), "the place is taken"
