"""What the model says in words reads as plain English: one member of a role, the reasons
members leave, and the allowed ranges in error messages."""

import pytest

from lcsim import Params
from lcsim.params import ParameterError
from lcsim.roles import Role
from lcsim.rules.membership import DROPOUT_REASON_TEXT, DROPOUT_REASONS


def test_one_member_of_each_role_takes_the_right_article():
    assert [r.article for r in Role] == ["A researcher", "An educator", "A practitioner",
                                         "An mbo staff member",
                                         "A person with dementia / carer"]


def test_every_reason_to_leave_is_said_in_plain_words():
    assert set(DROPOUT_REASONS) | {"intervention"} == set(DROPOUT_REASON_TEXT)
    assert DROPOUT_REASON_TEXT["treated as hands"] == ("treated as an extra pair of hands, "
                                                       "not as a partner")


def test_ranges_name_whole_numbers_not_python_types():
    with pytest.raises(ParameterError) as caught:
        Params(n_participants=2)
    assert "whole number in [" in str(caught.value) and "int" not in str(caught.value)
