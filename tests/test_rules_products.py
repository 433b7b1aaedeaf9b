"""Products (lcsim.rules.products): their kind, their fit to a landing place, landing and
being dropped again (the implementation gap)."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.roles import KNOWLEDGE_TYPES, N_KNOWLEDGE, PRODUCT_KINDS
from lcsim.rules import products

A = Assumptions()


def test_product_kinds_follow_the_assumed_knowledge_mapping():
    methods_only = A.replace(knowledge_to_product=((0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0),)
                             * N_KNOWLEDGE)
    weights = products.product_kind_weights(np.ones(N_KNOWLEDGE), a=methods_only)
    assert PRODUCT_KINDS[int(np.argmax(weights))] == "method" and weights.max() == 1.0


def test_fit_and_landing_follow_the_assumed_coefficients():
    only_codesign = A.replace(fit_base=0.0, fit_codesigned=1.0, fit_mbo=0.0, fit_educator=0.0,
                              fit_quality=0.0)
    assert products.fit(0.9, True, True, True, True, a=only_codesign) == 1.0
    assert products.fit(0.9, False, True, True, True, a=only_codesign) == 0.0
    sure = A.replace(landing_rate=1.0, landing_push_base=1.0, landing_push_effort=0.0,
                     landing_change=0.0)
    assert products.landing_probability(np.ones(1), np.ones(1), True, 0.0, 0.0, True,
                                        a=sure)[0] == 1.0
    no_trickle = A.replace(landing_without_place=0.0)
    assert products.landing_probability(np.ones(1), np.ones(1), False, 1.0, 1.0, True,
                                        a=no_trickle)[0] == 0.0


def test_discontinuation_and_room_follow_the_assumptions():
    kept = A.replace(discontinue_active=0.0)
    assert products.discontinue_probability(True, 0.5, a=kept) == 0.0
    assert products.discontinue_probability(False, 0.5, a=kept) > 0.0
    roomy = A.replace(room_slots=20.0)
    assert products.free_room(np.ones(1), np.full(1, 4.0))[0] == 0.0
    assert products.free_room(np.ones(1), np.full(1, 4.0), a=roomy)[0] == pytest.approx(0.8)


def _pure(kind: str) -> np.ndarray:
    mix = np.zeros(N_KNOWLEDGE)
    mix[KNOWLEDGE_TYPES.index(kind)] = 1.0
    return mix


def test_product_kind_weights_are_a_probability_distribution():
    rng = np.random.default_rng(8)
    for _ in range(20):
        w = products.product_kind_weights(rng.random(N_KNOWLEDGE))
        assert w.shape == (len(PRODUCT_KINDS),)
        assert np.all(w >= 0.0)
        assert w.sum() == pytest.approx(1.0)


def test_product_kind_depends_on_the_mix_not_on_the_amount():
    mix = np.array([0.3, 0.1, 0.5, 0.2, 0.4, 0.1, 0.6])
    np.testing.assert_allclose(products.product_kind_weights(mix),
                               products.product_kind_weights(7 * mix))


def test_experiential_knowledge_mostly_changes_attitudes():
    w = products.product_kind_weights(_pure("experiential"))
    assert PRODUCT_KINDS[int(np.argmax(w))] == "attitude"


def test_scientific_knowledge_alone_rarely_makes_an_instrument():
    w = products.product_kind_weights(_pure("scientific"))
    assert w[PRODUCT_KINDS.index("knowledge_product")] > w[PRODUCT_KINDS.index("instrument")]


def _fit(quality=0.5, codesigned=False, mbo=False, educator=False, education=False):
    return float(products.fit(np.array(quality), np.array(codesigned), np.array(mbo),
                              np.array(educator), education))


def test_codesign_with_end_users_improves_fit_in_practice():
    assert _fit(codesigned=True) > _fit(codesigned=False)


def test_educators_involvement_improves_fit_in_education():
    assert _fit(educator=True, education=True) > _fit(educator=False, education=True)


@pytest.mark.parametrize("education", [False, True])
def test_mbo_involvement_improves_fit(education):
    assert _fit(mbo=True, education=education) > _fit(mbo=False, education=education)


def test_better_products_fit_better():
    fits = [_fit(quality=q) for q in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(fits) > 0)


def test_fit_stays_between_zero_and_one():
    for q in (0.0, 1.0):
        for flags in np.ndindex(2, 2, 2, 2):
            c, m, e, edu = (bool(x) for x in flags)
            assert 0.0 <= _fit(q, c, m, e, edu) <= 1.0


def _land(fit=0.6, room=0.6, place_free=True, effort=0.5, change=0.3, active=True):
    return float(products.landing_probability(np.array(fit), np.array(room), place_free,
                                              effort, change, active))


def test_a_free_pilot_or_minor_makes_landing_more_likely():
    assert _land(place_free=True) > _land(place_free=False) > 0.0


@pytest.mark.parametrize("factor", ["fit", "room", "effort", "change"])
def test_landing_grows_with_fit_room_effort_and_a_change_agent(factor):
    chances = [_land(**{factor: x}) for x in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(chances) > 0)


def test_a_dissolved_community_lands_fewer_products():
    assert _land(active=False) < _land(active=True)


def test_no_landing_without_fit_or_room():
    assert _land(fit=0.0) == 0.0
    assert _land(room=0.0) == 0.0


def test_landing_probability_is_a_probability():
    for f in (0.0, 1.0):
        for r in (0.0, 1.0, 1.5):
            for e in (0.0, 1.0):
                for c in (0.0, 1.0):
                    assert 0.0 <= _land(f, r, True, e, c, True) <= 1.0


def test_products_are_dropped_more_often_once_the_community_is_gone():
    assert products.discontinue_probability(False, 0.5) > products.discontinue_probability(
        True, 0.5)


def test_landing_effort_keeps_products_in_use():
    chances = [products.discontinue_probability(True, e) for e in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(chances) < 0)
    for alive in (False, True):
        for e in (0.0, 1.0):
            assert 0.0 < products.discontinue_probability(alive, e) < 1.0


def test_an_organisation_with_nothing_in_use_has_all_its_room():
    room = np.array([0.35, 0.6, 0.9])
    np.testing.assert_allclose(products.free_room(room, np.zeros(3)), room)


def test_each_product_in_use_takes_up_room():
    room = np.full(6, 0.6)
    free = products.free_room(room, np.arange(6))
    assert np.all(np.diff(free) <= 0)
    assert free[1] < free[0]
    assert np.all((free >= 0.0) & (free <= room))


def test_an_organisation_full_of_products_has_no_room_left():
    assert products.free_room(np.array([0.5]), np.array([1000]))[0] == 0.0


def test_an_organisation_without_room_for_innovation_has_no_free_room():
    with np.errstate(invalid="ignore", divide="ignore"):
        free = products.free_room(np.array([0.0, 0.0]), np.array([0, 2]))
    np.testing.assert_array_equal(free, [0.0, 0.0])
