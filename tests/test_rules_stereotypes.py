"""Stereotypes (lcsim.rules.stereotypes): discounting other groups' knowledge, and how
equal-status contact, a learning attitude and bad experiences change it."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim import Assumptions
from lcsim.roles import N_ROLES, Role
from lcsim.rules import stereotypes

ALL_ROLES = np.arange(N_ROLES)
A = Assumptions()
ROLE_STATUS = A.array("role_status")


def _one_contact(current=0.5, good=1.0, bad=0.0, equality=1.0, effect=0.05, attitude=0.5,
                 member_role=Role.RESEARCHER, other=Role.MBO_STAFF):
    """The stereotype of member 0 towards `other` after one contact."""
    s = np.full((1, N_ROLES), current)
    s[0, member_role] = 0.0
    new = stereotypes.update_stereotypes(
        s, np.array([0]), np.array([other]), np.array([good]), np.array([bad]),
        np.array([equality]), effect, attitude)
    return new[0, other], s, new


def test_nobody_discounts_their_own_group():
    s = stereotypes.initial_stereotypes(ALL_ROLES, 1.0)
    np.testing.assert_array_equal(np.diag(s), np.zeros(N_ROLES))


def test_every_group_discounts_every_other_group_at_full_strength():
    s = stereotypes.initial_stereotypes(ALL_ROLES, 1.0)
    off_diagonal = s[~np.eye(N_ROLES, dtype=bool)]
    assert np.all(off_diagonal > 0.0)
    assert np.all(off_diagonal <= 1.0)


def test_no_stereotypes_at_zero_strength():
    assert np.all(stereotypes.initial_stereotypes(ALL_ROLES, 0.0) == 0.0)


def test_stereotypes_grow_with_their_strength():
    levels = [stereotypes.initial_stereotypes(ALL_ROLES, k).sum() for k in (0.0, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(levels) > 0)


def test_researchers_discount_mbo_staff_most():
    """mbo staff are seen as 'hands' (000 §1): researchers value their knowledge least."""
    row = stereotypes.initial_stereotypes(np.array([Role.RESEARCHER]), 1.0)[0]
    assert np.argmax(row) == Role.MBO_STAFF


def test_initial_stereotypes_follow_the_assumed_table():
    flat = A.replace(base_stereotype=((0.0, 0.2, 0.2, 0.2, 0.2),) * N_ROLES)
    row = stereotypes.initial_stereotypes(np.array([Role.EDUCATOR]), 0.5, a=flat)[0]
    np.testing.assert_allclose(row, [0.0, 0.1, 0.1, 0.1, 0.1])


def test_translation_takes_away_the_assumed_share_of_the_discount():
    full = A.replace(translation_revalue=1.0)
    assert stereotypes.valued_share(np.array([0.6]), 1.0, a=full)[0] == 1.0
    assert stereotypes.valued_share(np.array([0.6]), 1.0)[0] < 1.0


def test_bad_contact_weighs_as_the_assumptions_say():
    def rise(a):
        s = np.full((1, N_ROLES), 0.5)
        new = stereotypes.update_stereotypes(s, np.array([0]), np.array([Role.MBO_STAFF]),
                                             np.array([0.0]), np.array([1.0]), np.array([1.0]),
                                             0.05, 0.5, a=a)
        return new[0, Role.MBO_STAFF] - 0.5
    assert rise(A.replace(bad_contact_effect=1.0)) == pytest.approx(2 * rise(A))
    assert rise(A.replace(bad_contact_effect=0.0)) == 0.0


def test_stronger_stereotype_means_less_knowledge_valued():
    views = np.linspace(0.0, 1.0, 11)
    valued = stereotypes.valued_share(views)
    assert np.all(np.diff(valued) < 0)
    assert valued[0] == pytest.approx(1.0)
    assert valued[-1] == pytest.approx(0.0)


def test_contact_between_equals_feels_fully_equal():
    status = np.array([0.8])
    assert stereotypes.equal_status(status, status, 0.0)[0] == pytest.approx(1.0)


def test_status_gap_makes_contact_feel_less_equal():
    high = np.full(3, 1.0)
    low = np.array([0.8, 0.6, 0.4])
    equality = stereotypes.equal_status(high, low, 0.0)
    assert np.all(equality < 1.0)
    assert np.all(np.diff(equality) < 0)


def test_equal_status_is_symmetric():
    a = ROLE_STATUS[[0, 1, 3]]
    b = ROLE_STATUS[[3, 4, 2]]
    np.testing.assert_allclose(stereotypes.equal_status(a, b, 0.3),
                               stereotypes.equal_status(b, a, 0.3))


def test_facilitating_equal_participation_makes_contact_more_equal():
    high, low = np.array([1.0]), np.array([0.4])
    levels = [stereotypes.equal_status(high, low, f)[0] for f in (0.0, 0.5, 1.0)]
    assert np.all(np.diff(levels) > 0)
    assert levels[-1] == pytest.approx(1.0)


def test_good_equal_status_contact_lowers_stereotype():
    after, before, _ = _one_contact(good=1.0, bad=0.0, equality=1.0)
    assert after < before[0, Role.MBO_STAFF]


def test_bad_contact_raises_stereotype():
    after, before, _ = _one_contact(good=0.0, bad=1.0)
    assert after > before[0, Role.MBO_STAFF]


def test_unequal_contact_lowers_stereotype_less_than_equal_contact():
    equal, _, _ = _one_contact(equality=1.0)
    unequal, _, _ = _one_contact(equality=0.3)
    assert equal < unequal < 0.5


def test_stronger_contact_effect_lowers_stereotype_more():
    weak, _, _ = _one_contact(effect=0.01)
    strong, _, _ = _one_contact(effect=0.1)
    assert strong < weak < 0.5


def test_learning_attitude_strengthens_the_effect_of_good_contact():
    closed, _, _ = _one_contact(attitude=0.0)
    open_, _, _ = _one_contact(attitude=1.0)
    assert open_ < closed < 0.5


def test_learning_attitude_damps_the_effect_of_bad_contact():
    closed, _, _ = _one_contact(good=0.0, bad=1.0, attitude=0.0)
    open_, _, _ = _one_contact(good=0.0, bad=1.0, attitude=0.9)
    assert closed > open_ >= 0.5


def test_contact_only_changes_the_view_of_the_group_met():
    _, before, after = _one_contact()
    changed = after != before
    assert changed[0, Role.MBO_STAFF]
    assert changed.sum() == 1


def test_repeated_contacts_in_one_week_add_up():
    s = np.full((2, N_ROLES), 0.5)
    once = stereotypes.update_stereotypes(
        s, np.array([0]), np.array([Role.EDUCATOR]), np.ones(1), np.zeros(1), np.ones(1),
        0.05, 0.5)
    twice = stereotypes.update_stereotypes(
        s, np.array([0, 0]), np.array([Role.EDUCATOR, Role.EDUCATOR]), np.ones(2), np.zeros(2),
        np.ones(2), 0.05, 0.5)
    assert twice[0, Role.EDUCATOR] < once[0, Role.EDUCATOR] < 0.5


def test_update_stereotypes_leaves_its_input_untouched():
    s = np.full((1, N_ROLES), 0.5)
    before = s.copy()
    stereotypes.update_stereotypes(s, np.array([0]), np.array([1]), np.ones(1), np.zeros(1),
                                   np.ones(1), 0.1, 0.5)
    np.testing.assert_array_equal(s, before)


@pytest.mark.parametrize("good,bad", [(1.0, 0.0), (0.0, 1.0), (1.0, 1.0)])
def test_stereotypes_stay_between_zero_and_one(good, bad):
    rng = np.random.default_rng(4)
    s = rng.random((10, N_ROLES))
    members = rng.integers(0, 10, 500)
    others = rng.integers(0, N_ROLES, 500)
    for _ in range(20):
        s = stereotypes.update_stereotypes(s, members, others, np.full(500, good),
                                           np.full(500, bad), np.ones(500), 0.2, 0.0)
        assert np.all((s >= 0.0) & (s <= 1.0))


def test_workshop_lowers_stereotypes_of_those_who_attend_only():
    s = np.full((3, N_ROLES), 0.6)
    attended = np.array([True, False, True])
    after = stereotypes.workshop(s, attended, A.workshop_effect)
    assert np.all(after[attended] < 0.6)
    assert np.all(after[attended] >= 0.0)
    np.testing.assert_array_equal(after[~attended], s[~attended])


def test_stronger_workshop_lowers_stereotypes_more():
    s = np.full((1, N_ROLES), 0.6)
    attended = np.array([True])
    levels = [stereotypes.workshop(s, attended, e).sum() for e in (0.0, 0.2, 0.5)]
    assert levels[0] == pytest.approx(s.sum())
    assert np.all(np.diff(levels) < 0)


def test_translation_takes_part_of_the_discount_away():
    views = np.array([0.2, 0.5, 0.9])
    levels = [stereotypes.valued_share(views, t) for t in (0.0, 0.5, 1.0)]
    for lower, higher in zip(levels, levels[1:], strict=False):
        assert np.all(higher > lower)
    assert np.all(levels[-1] <= 1.0)


def test_translation_adds_nothing_where_knowledge_is_already_valued():
    assert stereotypes.valued_share(np.array([0.0]), 1.0)[0] == pytest.approx(1.0)


def test_shared_reflection_softens_only_attendees_views_of_roles_present():
    views = np.full((2, 3), 0.5)
    out = stereotypes.shared_reflection(views, np.array([True, False]),
                                        np.array([1.0, 0.0, 1.0]), 0.2)
    assert np.allclose(out[0], [0.4, 0.5, 0.4]) and np.allclose(out[1], 0.5)


def test_a_learning_attitude_takes_part_of_the_stereotype_discount_away():
    a = Assumptions()
    view = np.array([0.0, 0.5, 1.0])
    closed = stereotypes.valued_share(view, 0.0, 0.0, a=a)
    open_ = stereotypes.valued_share(view, 0.0, 1.0, a=a)
    assert np.allclose(closed, 1.0 - view)
    assert np.allclose(open_, 1.0 - view * (1.0 - a.attitude_revalue))
    assert open_[0] == closed[0] == 1.0  # nothing to take away without a stereotype
    both = stereotypes.valued_share(view, 1.0, 1.0, a=a)
    assert np.all(both >= open_)
