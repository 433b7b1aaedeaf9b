"""A derived ratio whose denominator is 0 in every run (no run developed a product) has
no value anywhere: the answer says so in plain words instead of "n/a (likely range n/a)",
and the report is drawn without warnings (no heatmap of nothing, no mean of nothing).
Built on made-up runs (no model run)."""

from __future__ import annotations

import html
import re
import warnings

from lcsim.experiments.answer import uncomputable_reason
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_region_report_ceilings import made_up_report

CONFIG = {
    "name": "zero_products", "question": "Zero products edge", "replications": 3,
    "root_seed": 99, "outputs": ["share_landed_practice", "products_developed", "survived"],
    "series": [],
    "derived": [{"name": "share_landed_practice", "numerator": "products_landed_practice",
                 "denominator": ["products_developed"]}],
    "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 1],
                                           "funding_years": [0, 0.1]}}}


def _report(alive: bool = True) -> _Report:
    config = ExperimentConfig.model_validate(CONFIG)
    rows = []
    for point in design_points(config):
        for r in range(3):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "products_developed": 0.0, "products_landed_practice": 0.0,
                   "share_landed_practice": float("nan"),
                   "survived": float(alive or r < point.index)}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    return made_up_report(config, rows, [])


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


REASON = ("cannot be computed: products developed is 0 in every run, so there is nothing "
          "to divide by.")


def test_the_answer_says_why_a_ratio_with_nothing_to_divide_by_has_no_value():
    report = _report()
    answer = text_of(" ".join(report.answer.sentences))
    assert REASON in answer
    assert "n/a" not in answer


def test_when_other_outcomes_differ_the_reason_is_a_note_under_the_answer():
    report = _report(alive=False)
    assert any(REASON in note for note in report.answer.notes), report.answer.notes


def test_the_report_of_a_ratio_without_values_is_drawn_without_warnings():
    report = _report()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = text_of(report.render())
    assert "n/a (likely range n/a)" not in page


def test_a_ratio_with_a_value_in_some_run_has_no_reason_given():
    report = _report()
    runs = report.ok.copy()
    runs.loc[runs.index[0], "share_landed_practice"] = 0.5
    assert uncomputable_reason(report.config, runs, "share_landed_practice") == ""
    assert uncomputable_reason(report.config, report.ok, "survived") == ""
