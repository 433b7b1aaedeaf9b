"""Where survival levels off along the funding axis is read from every test, not only up
to the first unclear one: one noisy setting must not make the answer claim a plateau that
a later, clear rise contradicts (the policymaker tryout of session 10 saw 'stops rising
after about 2 years' beside a clear +24 points from 3 years on). Made-up runs, no model.
"""

from __future__ import annotations

import pytest

from tests import test_report_answer_shape as shape
from tests.test_report_answer_shape import answer_words, grid_report, text_of


@pytest.fixture(scope="module")
def noisy_dip() -> shape._Report:
    """Survival 30, 65, 60, 70, 90, 90, 75, 95% for 1..8 years: 2 years is not clearly
    below the longer settings, but 3 years is. Built once for the three tests that read it
    (the made-up runs are made while the survival shares are patched; the patch ends
    before any test runs, so the other tests see the shipped fixture)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shape, "NO_FOLLOW_UP", [30, 65, 60, 70, 90, 90, 75, 95])
        return grid_report()


def test_an_unclear_setting_before_a_clear_rise_is_not_called_the_plateau(noisy_dip):
    trend = noisy_dip.study.trend
    line = trend[(trend["outcome"] == "survived") & (trend["other_level"] == 0)]
    verdicts = dict(zip(line["level"], zip(line["clear"], line["unsure"], line["rising"],
                                           strict=True), strict=True))
    assert verdicts[2.0] == (False, True, True), "2 years: not clear, but rising goes on"
    assert verdicts[3.0][0], "3 years is clearly below the longer settings"
    bottom = answer_words(noisy_dip)[0]
    assert "stops rising after about 2 years" not in bottom
    assert "levels off somewhere between 2 and" in bottom
    start = noisy_dip.answer.highlight[1]
    assert start > 3, "the shaded rise and 'what stopping early loses' go past 3 years"
    assert f"levels off somewhere between 2 and {start:g} years" in bottom


def test_the_answer_names_both_settings_when_where_it_levels_off_is_not_sharp(noisy_dip):
    shape_sentence = answer_words(noisy_dip)[1]
    assert "Where it levels off is not sharp: 2 years of external funding is not clearly " \
           "below the longer settings" in shape_sentence
    assert "but 3 years of external funding still is" in shape_sentence


def test_the_levels_off_table_reads_every_test_and_flags_the_unclear_one(noisy_dip):
    page = text_of(noisy_dip.render())
    assert "not tested" not in page
    assert "not clear, but a later setting still is: where it levels off is not sharp" \
        in page


def test_a_sharp_plateau_is_still_told_as_one_setting(monkeypatch: pytest.MonkeyPatch):
    """Survival rises clearly to 95% at 4 years and stays there: no 'somewhere between',
    and a plateau the runs hold (every later setting the same) is called one."""
    monkeypatch.setattr(shape, "NO_FOLLOW_UP", [30, 45, 60, 95, 95, 95, 95, 95])
    words = answer_words(grid_report())
    assert "somewhere between" not in words[0] and "not sharp" not in words[1]
    assert "stops rising after about 4 years" in words[0]
    assert "and then levels off" in words[1] and "cannot tell" not in words[1]


def test_one_unclear_but_wide_test_is_not_called_a_plateau():
    """The researcher's tryout: 'stops rising after about 2 years ... and then levels off'
    stood on one test of 0 points with a likely range of -36 to +36. In the shipped
    fixture 3 years is not clearly below the longer settings (+11 points, likely range -10
    to +33), yet that range reaches the last clear rise (+24 points up to 3 years)."""
    report = grid_report()
    words = answer_words(report)
    assert "stops rising" not in words[0]
    assert "levels off after that is not clear yet" in words[0]
    assert "and then levels off" not in words[1]
    assert "the runs cannot tell yet" in words[1]
    assert "more runs per setting would tell" in words[1]
    page = text_of(report.render())
    assert "whether it levels off here, more runs would tell" in page


def test_a_fall_clear_only_at_its_end_is_not_told_as_falling_all_along():
    """Survival 95, 95, 55% at 2, 4, 8 years with follow-up funding: only 4 against 8 is
    clear, so the answer says it falls but not clearly at every step."""
    from tests.test_report_later_date_wording import follow_up_report

    words = answer_words(follow_up_report(["survived", "paid_hours"]))
    shape_sentence = next(w for w in words if "falls up to the highest setting" in w)
    assert "falls all along" not in " ".join(words)
    assert "but not clearly at every step: 2 years of external funding is not clearly " \
           "above the longer settings" in shape_sentence
    assert "the highest setting studied, though not clearly at every step" in words[0]
