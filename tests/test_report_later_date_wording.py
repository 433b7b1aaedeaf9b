"""Runs with follow-up funding are watched until later, so a state read at the end of a
run (survival, a level 0-1) is measured at a later date for them: the answer says so in
plain words where it compares them, as it already does for totals."""

from __future__ import annotations

import html
import re

import pandas as pd

from lcsim.experiments.answer import _Writer
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX

REPS = 20


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def follow_up_report(outputs: list[str]) -> _Report:
    """External funding 2, 4 or 8 years, with or without 2 years of follow-up funding:
    survival falls with follow-up funding at 8 years (19 of 20 against 11 of 20)."""
    config = ExperimentConfig.model_validate({
        "name": "follow", "question": "Does follow-up funding help?", "replications": REPS,
        "root_seed": 1, "common_random_numbers": True, "outputs": outputs,
        "design": {"kind": "grid", "factors": {"funding_years": [2, 4, 8],
                                               "follow_up_years": [0, 2]}}})
    rows = []
    for point in design_points(config):
        years, follow = point.factors["funding_years"], point.factors["follow_up_years"]
        alive = 11 if (years == 8 and follow) else 19
        for r in range(REPS):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "survived": float(r < alive), "paid_hours": 1000.0 * years + r,
                   "mean_trust": 0.3 + 0.01 * (r % 3) + 0.05 * bool(follow)}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append({k: v for k, v in row.items()
                         if k not in ("survived", "paid_hours", "mean_trust")
                         or k in outputs})
    manifest = {"design_points": [{"name": p.name, "factors": p.factors}
                                  for p in design_points(config)],
                "status": "complete", "baseline": design_points(config)[0].name,
                "sessions": [], "command_line": ["lcsim", "experiment", "follow.toml"]}
    return _Report(config, manifest, pd.DataFrame(rows), pd.DataFrame())


def _added(report: _Report, outcome: str) -> str:
    """Follow-up funding against the same years of external funding, in words (the
    answer's sentence in a grid without a longer subsidy that ends with the follow-up)."""
    added = text_of(_Writer(report.study).added_sentence(outcome))
    assert added.startswith("With 2 years of follow-up funding instead"), added
    return added


def test_survival_with_follow_up_funding_is_said_to_be_measured_at_a_later_date():
    added = _added(follow_up_report(["survived", "paid_hours"]), "survived")
    assert "clearly lower" in added
    assert "measured at a later date" in added and "not like for like" in added


def test_a_level_with_follow_up_funding_is_said_to_be_measured_at_a_later_date():
    added = _added(follow_up_report(["mean_trust", "paid_hours"]), "mean_trust")
    assert "measured at a later date" in added


def test_where_a_longer_subsidy_ends_with_the_follow_up_the_answer_compares_those_instead():
    """2 years and 2 of follow-up end with 4 years of external funding: the answer sets
    those side by side, at the same date, and needs no later-date warning."""
    words = [text_of(s) for s in follow_up_report(["survived", "paid_hours"]).answer.sentences]
    follow = next(w for w in words if w.startswith("What should follow the subsidy"))
    assert "with 2 years of external funding and then 2 years of follow-up funding" in follow
    assert "with 4 years of external funding, whose funding ends in the same week" in follow
    assert not any("later date" in w for w in words)
