"""What the model says in words reads as plain English: one member of a role, the reasons
members leave, and the allowed ranges in error messages."""

import pytest

from lcsim import LearningCommunityModel, Params
from lcsim.outputs import OUTPUTS
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


def test_lever_names_hold_no_colon_so_a_slider_reads_name_colon_value():
    """A slider reads "External funding: 4 years": a colon inside the name would make
    "Lesson 7: learning from failure: 0.5 intensity"."""
    for spec in Params.specs():
        assert spec.label and ":" not in spec.label, spec.name


def test_short_output_names_are_plain_and_no_longer_than_the_full_names():
    for name, meta in OUTPUTS.items():
        assert "_" not in meta.short_label, name
        assert len(meta.short_label) <= len(meta.label), name


def test_event_texts_have_no_code_names():
    """The event log is read on a projector: organisation kinds and everything else in
    plain words, no underscores."""
    model = LearningCommunityModel(rng=7, funding_years=2.0, weeks_after_funding=52).run()
    texts = [event.text for event in model.events]
    assert any("lands in practice" in text for text in texts)
    assert not [text for text in texts if "_" in text]
