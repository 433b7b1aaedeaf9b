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


def test_discontinuation_upkeep_and_room_follow_the_assumptions():
    kept = A.replace(discontinue_rate=0.0)
    assert products.discontinue_probability(np.zeros(1), a=kept)[0] == 0.0
    assert products.discontinue_probability(np.zeros(1), a=A.replace(
        discontinue_rate=0.05))[0] == pytest.approx(0.05)
    still = A.replace(fit_drift=0.0, upkeep_restore=0.0)
    assert products.local_fit_update(np.full(1, 0.4), 1.0, np.ones(1), a=still)[0] == 0.4
    drift = A.replace(fit_drift=0.1)
    assert products.local_fit_update(np.ones(1), 0.0, np.ones(1), a=drift)[0] == \
        pytest.approx(0.9)
    assert products.upkeep_time(0.5, 2.0, 10, 0, a=A.replace(upkeep_need=0.2)) == (0.5, 0.0)
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


def test_a_use_that_fits_its_setting_less_is_dropped_more_often():
    chances = products.discontinue_probability(np.array([0.0, 0.3, 0.6, 1.0]))
    assert np.all(np.diff(chances) < 0)
    assert chances[-1] == 0.0 and 0.0 < chances[0] < 1.0


def test_without_a_keeper_local_fit_decays():
    fit = np.full(1, 0.8)
    for _ in range(52):
        fit = products.local_fit_update(fit, 0.0, np.ones(1))
    assert fit[0] < 0.8 * (1.0 - A.fit_drift) ** 51


def test_upkeep_restores_local_fit_more_with_the_using_organisation_taking_part():
    low = np.full(2, 0.3)
    none = products.local_fit_update(low, 0.0, np.array([0.0, 1.0]))
    kept = products.local_fit_update(low, 1.0, np.array([0.0, 1.0]))
    assert np.all(kept > none)
    assert kept[1] > kept[0]


def test_local_fit_stays_between_zero_and_one():
    for start in (0.0, 1.0):
        for effort in (0.0, 1.0):
            fit = products.local_fit_update(np.array([start]), effort, np.ones(1))[0]
            assert 0.0 <= fit <= 1.0


def test_uses_are_kept_up_first_and_the_rest_of_the_time_makes_products_accessible():
    need = A.upkeep_need
    assert products.upkeep_time(0.0, 5.0, 3, 3) == (0.0, 0.0)
    keep, access = products.upkeep_time(1.0, 2 * need, 2, 4)
    assert keep == 1.0 and access == 0.0
    keep, access = products.upkeep_time(1.0, 4 * need, 2, 4)
    assert keep == 1.0 and access == pytest.approx(0.5)
    keep, access = products.upkeep_time(1.0, need, 2, 0)
    assert keep == pytest.approx(0.5) and access == 0.0


def test_more_time_on_products_gives_each_more_effort():
    efforts = [products.upkeep_time(share, 5.0, 10, 20) for share in (0.0, 0.05, 0.1, 0.2)]
    assert np.all(np.diff([keep + access for keep, access in efforts]) > 0)


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
