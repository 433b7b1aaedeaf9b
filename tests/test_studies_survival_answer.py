"""When only built-in zeros are estimated well enough, the sensitivity answer says one
thing: the study cannot tell yet which settings move the outcome. It does not go on
with "none of the settings moves it", which reads as the opposite to a non-statistician;
when no uncertain estimate is above 0, the null result is still said as one."""

from __future__ import annotations

import re

from test_sensitivity_ranking_words import _indices, _writer


def words(outcome: str, rows: list[tuple[str, float, float, bool]]) -> str:
    html = _writer(_indices(outcome, rows)).ranking(outcome)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


ZERO_AND_UNCERTAIN = [("participation_policy", 0.0, 0.0, True),
                      ("product_landing", 0.5, 0.6, False),
                      ("alignment", 0.2, 0.25, False)]


def test_cannot_tell_yet_is_not_followed_by_a_null_result():
    text = words("survived", ZERO_AND_UNCERTAIN)
    assert text.startswith("The study cannot tell yet which settings move the share of "
                           "communities still active:")
    assert "None of the settings" not in text and "moves it" not in text
    assert "no finding" not in text  # nothing was claimed that needs taking back
    assert text.count(". ") == 0 and text.endswith("would settle it."), text  # one sentence


def test_cannot_tell_yet_names_the_zero_and_counts_the_uncertain_settings():
    text = words("survived", ZERO_AND_UNCERTAIN)
    assert "participation policy (lesson 2) did not change it in these runs" in text
    assert "for 2 other settings the estimates are too uncertain to tell whether they do" \
        in text
    one = words("survived", ZERO_AND_UNCERTAIN[:2])
    assert "for 1 other setting the estimate is too uncertain to tell whether it does" in one


def test_a_null_result_is_still_said_when_no_uncertain_estimate_is_above_zero():
    text = words("survived", [("participation_policy", 0.0, 0.0, True),
                              ("product_landing", -0.1, 0.6, False)])
    assert "cannot tell yet" not in text
    assert text.startswith("None of the settings whose effect is estimated well enough "
                           "moves the share of communities still active in these runs")
