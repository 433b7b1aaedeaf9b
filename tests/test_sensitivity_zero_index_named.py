"""A Morris (or Sobol) finding whose well-estimated settings all have an index of 0 names
those settings, in the appendix and in the answer, instead of "the settings estimated well
enough"."""

from __future__ import annotations

import re
from types import SimpleNamespace

from test_sensitivity_ranking_words import _indices, _writer

from lcsim.experiments.report import _Report


def plain(html_text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text).replace("&plusmn;", "±"))


def _report() -> _Report:
    report = _Report.__new__(_Report)
    report.design = SimpleNamespace(method="morris")
    report._direction = lambda outcome, row: ""
    return report


def test_the_appendix_names_the_one_setting_whose_index_is_zero():
    good = _indices("survived", [("participation_policy", 0.0, 0.0, True)])
    bad = _indices("survived", [("product_landing", 0.5, 0.6, False)])
    text = plain(_report()._ranked_text("<b>Survival</b>", "survived", good, bad))
    assert "policy" in text.split("index of 0")[0], text
    assert "mu_star = 0 ± 0" in text and "did not change it" in text


def test_the_appendix_names_every_setting_whose_index_is_zero():
    good = _indices("survived", [("participation_policy", 0.0, 0.0, True),
                                 ("alignment", 0.0, 0.0, True)])
    text = plain(_report()._ranked_text("<b>Survival</b>", "survived", good,
                                        _indices("survived", [("x", 0.5, 0.6, False)])))
    lead = text.split("index of 0")[0]
    assert "policy" in lead and "aligning differences" in lead, text
    assert "they did not change it" in text


def test_the_answer_names_the_settings_that_do_not_move_an_outcome():
    rows = [("participation_policy", 0.0, 0.0, True), ("product_landing", 0.5, 0.6, False)]
    text = plain(_writer(_indices("survived", rows)).ranking("survived"))
    assert "policy (lesson 2) did not change it in these runs" in text
    assert "policy" in text.split("too uncertain")[0], text
