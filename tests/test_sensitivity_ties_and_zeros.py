"""A sensitivity summary accounts for every well-estimated setting, calls settings whose
likely ranges overlap level rather than ranked, and does not read built-in zeros as a
null result when the other estimates are merely uncertain."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from test_sensitivity_ranking_words import _indices, _writer, plain

from lcsim import outputs
from lcsim.experiments.report import _Report

# The researcher's Morris study: three reliable factors, the last two level.
MORRIS = [("realized_rate", 23.4, 3.1, True), ("n_bridge_builders", 6.7, 3.0, True),
          ("learning_rate", 6.3, 2.9, True), ("prior_trust_lift", 3.5, 2.7, False),
          ("dropout_distrust", 0.19, 0.27, False)]


def test_the_answer_names_a_reliable_factor_tied_with_the_second_and_counts_truly():
    text = plain(_writer(_indices("realized_value", MORRIS)).ranking("realized_value"))
    assert "learning rate" in text
    assert "level with" in text and "not ranked against each other" in text
    assert "For 2 other settings the estimate is too uncertain to rank" in text


def test_factors_level_with_the_top_one_are_not_called_second():
    rows = [("realized_rate", 6.0, 2.0, True), ("n_bridge_builders", 5.5, 2.0, True),
            ("learning_rate", 0.5, 0.1, True)]
    text = plain(_writer(_indices("realized_value", rows)).ranking("realized_value"))
    assert "comes next" not in text
    assert "level with bridge-builders" in text
    assert "1 other setting whose effect is estimated well enough moves it less" in text


def test_the_appendix_lists_every_reliable_factor_and_says_which_overlap():
    report = _Report.__new__(_Report)
    report.design = SimpleNamespace(method="morris")
    report._direction = lambda outcome, row: ""
    rows = _indices("realized_value", MORRIS)
    good = rows[rows["reliable"]].sort_values("value", ascending=False)
    text = plain(report._ranked_text("Value", "realized_value", good,
                                     rows[~rows["reliable"]]))
    assert "learning_rate" in text or "learning rate" in text
    assert "overlap" in text and "level" in text


def test_only_zero_indices_well_estimated_is_not_a_null_result():
    rows = [("realized_rate", 0.0, 0.0, True), ("learning_rate", 0.3, 0.4, False),
            ("n_bridge_builders", 0.2, 0.25, False)]
    text = plain(_writer(_indices("survived", rows)).ranking("survived"))
    assert text.startswith("The study cannot tell yet which settings move")
    assert "more samples or replications" in text


def test_a_latin_sample_too_small_for_rbd_fast_gets_a_plain_sentence_not_a_python_error():
    import numpy as np
    import pytest

    from lcsim.experiments import stats

    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 1]]}
    rng = np.random.default_rng(1)
    x = rng.random((40, 2))
    y = x[:, 0] * 3 + x[:, 1]
    with pytest.raises(ValueError, match="at least 44") as err:
        stats.sensitivity("latin", problem, x, y)
    assert "division" not in str(err.value)
    x = rng.random((44, 2))
    table = stats.sensitivity("latin", problem, x, x[:, 0] * 3 + x[:, 1])
    assert table["value"].notna().all()


def test_an_index_too_uncertain_to_rank_is_shown_with_its_likely_range():
    report = _Report.__new__(_Report)
    report.design = SimpleNamespace(method="morris", samples=12)
    report.headline = ["realized_value"]
    report.sensitivity_problems = {}
    report.sensitivity = _indices("realized_value", MORRIS)
    report._direction = lambda outcome, row: ""
    report._outcome_words = lambda outcome: "Value"
    report.study = SimpleNamespace()
    text = plain(" ".join(report._sensitivity_findings()))
    assert "likely range 0.8 to 6.2" in text
    assert "wider than the index itself" not in text


def test_small_numbers_are_written_in_plain_decimals_not_scientific_notation():
    from lcsim.experiments.answer import number, signed

    assert number(-2.4e-05) == "-0.000024"
    assert signed(2.4e-05) == "+0.000024"
    assert number(0.0031) == "0.0031" and number(0.093) == "0.093"


def test_a_likely_range_of_an_index_never_starts_below_zero():
    report = _Report.__new__(_Report)
    report.design = SimpleNamespace(method="morris", samples=12)
    report.headline = ["survived"]
    report.sensitivity_problems = {}
    report.sensitivity = _indices("survived", [("realized_rate", 0.0, 0.0, True),
                                               ("learning_rate", 0.25, 0.26, False)])
    report._direction = lambda outcome, row: ""
    report._outcome_words = lambda outcome: "Survival"
    report.study = SimpleNamespace()
    text = plain(" ".join(report._sensitivity_findings()))
    assert "likely range 0 to 0.51" in text
    assert "cannot be told yet" in text


def _added_average_text(other_levels: list[float]) -> str:
    differences = [-2.0, 3.0][:len(other_levels)]
    table = pd.DataFrame([{"outcome": "realized_value", "other_level": lv, "reference": 0.5,
                           "settings": 3, "n": 10, "difference": d, "ci_low": d - 1,
                           "ci_high": d + 1}
                          for lv, d in zip(other_levels, differences, strict=True)])
    report = _Report.__new__(_Report)
    report.study = SimpleNamespace(added_avg=table, axis=SimpleNamespace(
        other="stereotype_strength", words=SimpleNamespace(label="bridge-builders")))
    report.meta = {"realized_value": outputs.output("realized_value")}
    report.percent = lambda outcome: False
    return plain(report._added_average())


def test_what_a_three_level_second_factor_adds_counts_its_two_comparisons():
    text = _added_average_text([0.2, 0.8])
    assert "2 comparisons per outcome" in text and "no correction for many" in text
    assert "no correction for many is needed" not in text
    assert "with more" not in text and "0.5" in text
    assert "one comparison per outcome" in _added_average_text([0.8])
