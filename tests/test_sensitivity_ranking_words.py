"""A sensitivity answer never hides a larger but uncertain effect: the ranking is said to
be among the well-estimated settings, and an index of exactly 0 is never the one that
"moves it most" or "the one reliable index"."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd

from lcsim import outputs
from lcsim.experiments.answer import _Writer
from lcsim.experiments.report import _Report


def _indices(outcome: str, rows: list[tuple[str, float, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame([{"outcome": outcome, "index": "mu_star", "parameter": p,
                          "value": v, "conf": c, "reliable": ok,
                          "problem": "" if ok else "its CI is wider than the index itself"}
                         for p, v, c, ok in rows])


def _writer(sensitivity: pd.DataFrame) -> _Writer:
    writer = _Writer.__new__(_Writer)
    writer.s = SimpleNamespace(sensitivity=sensitivity, main_index="mu_star",
                               meta={o: outputs.output(o) for o in
                                     ("realized_value", "survived")})
    return writer


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text)


SEVEN = [("learning_from_failure", 3.4, 1.1, True), ("product_landing", 10.7, 7.7, False),
         ("participation_policy", 5.0, 4.3, False), ("alignment", 0.2, 0.1, True)]


def test_the_answer_ranks_among_well_estimated_settings_and_names_larger_uncertain_ones():
    text = plain(_writer(_indices("realized_value", SEVEN)).ranking("realized_value"))
    assert "most among the settings whose effect is estimated well enough is" in text
    assert "may move it more" in text and "too uncertain to rank" in text


def test_an_index_of_zero_is_not_what_moves_an_outcome_most():
    rows = [("participation_policy", 0.0, 0.0, True), ("product_landing", 0.5, 0.6, False)]
    text = plain(_writer(_indices("survived", rows)).ranking("survived"))
    assert "most is" not in text
    assert text.startswith("The study cannot tell yet which settings move")


def test_the_appendix_does_not_call_an_index_of_zero_the_one_reliable_index():
    report = _Report.__new__(_Report)
    report.design = SimpleNamespace(method="morris")
    report._direction = lambda outcome, row: ""
    good = _indices("survived", [("participation_policy", 0.0, 0.0, True)])
    bad = _indices("survived", [("product_landing", 0.5, 0.6, False)])
    text = plain(report._ranked_text("<b>Survival</b>", "survived", good, bad))
    assert "one reliable index" not in text and "did not change it" in text
    many = _indices("realized_value", SEVEN)
    good, bad = many[many["reliable"]], many[~many["reliable"]]
    text = plain(report._ranked_text("<b>Value</b>", "realized_value",
                                     good.sort_values("value", ascending=False), bad))
    assert "depends most among the settings estimated well enough on" in text


def test_a_larger_uncertain_estimate_is_named_beside_the_second_setting_too():
    """The researcher's tryout: trust came first, initial stereotyping 'comes next (about
    0.88)', while the learning rate (mu* 1.4, likely range 0.45 to 2.3) was left unranked
    with no word, although its estimate lay between the two."""
    rows = [("trust_gain", 2.0, 0.4, True), ("stereotype_strength", 0.88, 0.3, True),
            ("learning_rate", 1.4, 0.95, False), ("alignment", 0.1, 0.05, True)]
    text = plain(_writer(_indices("realized_value", rows)).ranking("realized_value"))
    second = text.split("comes next", 1)[1]
    assert "may move it more" in second and "too uncertain to rank" in second
    assert "among those estimated well enough" in second
    assert "may move it more" not in text.split("comes next", 1)[0]
