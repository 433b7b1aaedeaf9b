"""A study of follow-up funding's years (0, 1, 2, 4) by the share of time it pays (40% or
70%): where there is no follow-up funding, the share it pays cannot act (its runs are the
same seed by seed, whatever the share). So the baseline is named "no follow-up funding",
without a share of time it does not pay, and what 70% instead of 40% adds is averaged
only over the settings where it can act, saying which was left out and why. Built on
made-up runs (no model run), so these tests are fast."""

from __future__ import annotations

import functools
import html
import re

import pandas as pd

from lcsim.experiments.answer import identical_groups
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX

REPS = 20
GRID = {
    "name": "follow_up_levels", "question": "How much follow-up funding, and how generous?",
    "replications": REPS, "root_seed": 1, "common_random_numbers": True,
    "baseline": {"follow_up_years": 0, "follow_up_coverage": 0.4},
    "outputs": ["survived", "realized_value"],
    "base": {"weeks_after_funding": 104},
    "design": {"kind": "grid", "factors": {"follow_up_years": [0, 1, 2, 4],
                                           "follow_up_coverage": [0.4, 0.7]}},
}
# Survival (%) with 40% paid; 70% adds 20 points wherever there is follow-up funding.
SURVIVAL = {0: 50, 1: 55, 2: 60, 4: 60}


@functools.cache
def report() -> _Report:
    config = ExperimentConfig.model_validate(GRID)
    rows = []
    for point in design_points(config):
        years, share = point.factors["follow_up_years"], point.factors["follow_up_coverage"]
        percent = SURVIVAL[years] + (20 if years and share > 0.5 else 0)
        for r in range(REPS):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "survived": float(r < percent * REPS // 100),
                   "realized_value": 10.0 + years * (1 + share) + r % 4}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    manifest = {"design_points": [{"name": p.name, "factors": p.factors}
                                  for p in design_points(config)],
                "status": "complete",
                "baseline": "follow_up_years=0, follow_up_coverage=0.4",
                "sessions": [], "command_line": ["lcsim", "experiment", "study.toml"]}
    return _Report(config, manifest, pd.DataFrame(rows), pd.DataFrame())


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def test_the_baseline_is_not_named_by_a_share_of_time_it_does_not_pay():
    labels = report().labels
    assert labels["follow_up_years=0, follow_up_coverage=0.4"] == "no follow-up funding"
    assert labels["follow_up_years=0, follow_up_coverage=0.7"] == (
        "no follow-up funding, 70% of members' time paid by follow-up funding (no effect "
        "here)")
    assert labels["follow_up_years=2, follow_up_coverage=0.4"] == (
        "2 years of follow-up funding, 40% of members' time paid by follow-up funding")
    assert len(set(labels.values())) == len(labels), "every setting keeps a name of its own"
    page = text_of(report().render())
    assert "no follow-up funding, 40% of members' time" not in page


def test_what_the_higher_share_adds_is_averaged_only_where_it_can_act():
    added = next(text_of(s) for s in report().answer.sentences
                 if "70% of members' time paid by follow-up funding instead of" in text_of(s))
    assert re.search(r"is on average 20 points higher \(likely range [^)]*\) over the 3 "
                     r"settings of follow-up funding where time paid by follow-up funding can "
                     r"make a difference \(left out: no follow-up funding, where every run "
                     r"gave exactly the same results with either level\)", added), added
    average = report().study.added_avg
    survival = average[average["outcome"] == "survived"].iloc[0]
    assert survival["settings"] == 3 and round(100 * survival["difference"]) == 20
    # setting by setting, too, only where it can act
    assert added.count("with no follow-up funding") == 0
    assert len(report().study.added.query("outcome == 'survived'")) == 3


def test_settings_that_agree_only_on_a_yes_no_outcome_are_not_taken_as_the_same():
    runs = pd.DataFrame({"point": ["a"] * 3 + ["b"] * 3, "point_index": [0] * 3 + [1] * 3,
                         "replication": [0, 1, 2] * 2, "survived": [1.0, 0.0, 1.0] * 2,
                         "realized_value": [5.0, 6.0, 7.0, 5.0, 6.0, 7.5]})
    assert identical_groups(runs, ["survived", "realized_value"], paired=True) == {}
    same = runs.assign(realized_value=[5.0, 6.0, 7.0] * 2)
    assert identical_groups(same, ["survived", "realized_value"], paired=True) == \
        {"a": 0, "b": 0}
    weekly = pd.DataFrame({"point": ["a"] * 3 + ["b"] * 3, "replication": [0, 1, 2] * 2,
                           "week": [10] * 6, "survived": [1.0, 1.0, 1.0, 1.0, 0.0, 1.0]})
    assert identical_groups(same, ["survived", "realized_value"], True, weekly) == {}
    assert identical_groups(same, ["survived", "realized_value"], paired=False) == {}
