"""Text on the classroom dashboard reads on a projector: the event log's coloured kinds
have enough contrast on white, and the Value chart writes its numbers with two digits
and says in plain words what its units are."""

from __future__ import annotations

import pytest

from dashboards import charts, style


def test_every_coloured_event_kind_has_at_least_4_5_to_1_contrast_on_white():
    """The tryout: "product stalls" in Okabe-Ito orange had about 2:1."""
    assert style.contrast(style.ORANGE) < 2.5
    for kind, colour in style.EVENT_KIND_COLOUR.items():
        assert style.contrast(colour) >= 4.5, (kind, colour)


def test_a_darkened_colour_keeps_its_hue():
    red, green, blue = (int(style.EVENT_KIND_COLOUR["product stalls"][i:i + 2], 16)
                        for i in (1, 3, 5))
    assert red > green > blue  # still orange, only darker
    assert style.text_colour(style.BLUE) == style.BLUE  # dark enough already


@pytest.mark.parametrize(("value", "shown"), [(0.0463, "0.046"), (0.1, "0.1"), (3.36, "3.4"),
                                              (395, "400"), (1234, "1,200"), (0, "0"),
                                              (20, "20")])
def test_value_chart_numbers_have_two_significant_digits(value, shown):
    assert charts._number(value) == shown


def test_the_value_charts_unit_note_says_the_units_are_the_models_own():
    note = charts.unit_note(charts.VALUE_KEYS)
    assert note.splitlines()[-1] == "(the model's own scales, not euros or hours)"
    assert max(len(line) for line in note.splitlines()) <= 46
