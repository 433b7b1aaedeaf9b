"""A region report keeps bounded outcomes within what the region has: care organisations
using a product at most the care organisations that exist (shared by its communities),
communities still active at most its communities; it says the ceiling ("out of 20",
"to all 20"), clips differences, and its weekly table gives a region's share the pooled
interval the glossary promises. Built on made-up runs (no model run), so these are fast;
the tests that only read the study over OUTPUTS share one build of it and of its page."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from lcsim.experiments import stats
from lcsim.experiments.answer import interval
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX

REPS = 3
CARE = 20  # care providers among 40 organisations (lcsim builds them in a fixed mix)
REGION = 15


def region_report(outputs: list[str], factor: str = "funding_years",
                  levels: tuple = (2, 4, 8), base: dict | None = None) -> _Report:
    """A made-up region study along `factor`: care organisations using a product close
    to all 20 at the longest funding with much spread between runs, a few communities
    still active with much spread, survival the same in every run at the fixed date."""
    config = ExperimentConfig.model_validate({
        "name": "region", "question": "How long to fund a region?", "replications": REPS,
        "root_seed": 1, "common_random_numbers": True, "outputs": outputs,
        "series": ["survived", "care_organisations_using"],
        "base": {"n_communities": REGION, "n_organisations": 40, "n_participants": 20,
                 **(base or {})},
        "design": {"kind": "grid", "factors": {factor: list(levels)}}})
    care = {0: [11.0, 12.0, 14.0], 1: [15.0, 16.0, 17.0], 2: [19.0, 20.0, 20.0]}
    alive = {0: [1.0, 3.0, 14.0], 1: [0.0, 1.0, 9.0], 2: [0.0, 2.0, 12.0]}
    rows, weekly = [], []
    for point in design_points(config):
        i = list(levels).index(point.factors[factor])
        k = point.params.get("n_communities", REGION)
        for r in range(REPS):
            run_id = f"{point.index}-{r}"
            row = {"run_id": run_id, "point": point.name, "point_index": point.index,
                   "replication": r, "seed": 100 + r, "status": "ok", "error": None,
                   "wall_seconds": 0.1, "care_organisations_using": care[i][r],
                   "communities_surviving": min(alive[i][r], k),
                   "survived": min(alive[i][r], k) / k, "realized_value": 10.0 + i + r,
                   "paid_hours": 1000.0 * (i + 1) + r, "mean_trust": 0.3 + 0.01 * r}
            row.update({PARAM_PREFIX + n: v for n, v in point.params.items()})
            rows.append({n: v for n, v in row.items() if n not in (
                "care_organisations_using", "communities_surviving", "survived",
                "realized_value", "paid_hours", "mean_trust") or n in outputs})
            for week in (0, 208, 520):
                weekly.append({"run_id": run_id, "point": point.name,
                               "point_index": point.index, "replication": r, "week": week,
                               "survived": 14 / 15,
                               "care_organisations_using": care[i][r]})
    return made_up_report(config, rows, weekly)


def made_up_report(config: ExperimentConfig, rows: list[dict], weekly: list[dict]) -> _Report:
    """The report of made-up runs and weekly rows of a complete study (no model run), a
    region's or one of single communities, with the manifest lcsim would store."""
    manifest = {"design_points": [{"name": p.name, "factors": p.factors}
                                  for p in design_points(config)],
                "status": "complete", "baseline": design_points(config)[0].name,
                "sessions": [], "command_line": ["lcsim", "experiment", "region.toml"]}
    return _Report(config, manifest, pd.DataFrame(rows), pd.DataFrame(weekly))


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


OUTPUTS = ["care_organisations_using", "communities_surviving", "survived",
           "realized_value", "paid_hours", "mean_trust"]


@pytest.fixture(scope="module")
def report() -> _Report:
    """The made-up region study over OUTPUTS, built once for the tests that only read it."""
    return region_report(OUTPUTS)


@pytest.fixture(scope="module")
def page(report: _Report) -> str:
    """Its rendered page, as text."""
    return text_of(report.render())


def test_a_region_average_and_its_likely_range_stay_within_the_care_organisations_there_are(
        report):
    care = report.summary[report.summary["outcome"] == "care_organisations_using"]
    assert (care["ci_high"] <= CARE).all() and (care["ceiling"] == CARE).all(), care
    alive = report.summary[report.summary["outcome"] == "communities_surviving"]
    assert (alive["ci_high"] <= REGION).all(), alive


def test_a_region_report_names_the_ceiling_where_the_range_reaches_it(report, page):
    assert "to all 20" in page
    assert not re.search(r"to (20\.[1-9]|2[1-9]\.)", page)
    assert "out of 20" in text_of(" ".join(report.answer.sentences))


def test_the_weekly_bands_of_a_region_stay_within_the_care_organisations_there_are(report):
    bands = report._fan_bands("care_organisations_using", False,
                              list(report.ok["point"].unique()))
    assert (bands["ci_high"] <= CARE).all(), bands


def test_a_difference_between_region_sizes_cannot_exceed_the_smaller_regions_communities():
    report = region_report(["communities_surviving", "care_organisations_using"],
                           factor="n_communities", levels=(1, 6), base={"funding_years": 2})
    compared = stats.compare_pairs(report.runs, [(report.ok["point"].iloc[-1],
                                                  report.ok["point"].iloc[0])],
                                   ["communities_surviving", "care_organisations_using"],
                                   paired=True, kinds=report.kinds)
    alive = compared[compared["outcome"] == "communities_surviving"].iloc[0]
    assert alive["ci_low"] >= -1 and alive["ci_high"] <= 6, alive
    care = compared[compared["outcome"] == "care_organisations_using"].iloc[0]
    assert care["ci_low"] >= -CARE and care["ci_high"] <= CARE, care


def test_a_single_settings_ceiling_is_its_own_number_of_communities():
    report = region_report(["communities_surviving"], factor="n_communities",
                           levels=(1, 6), base={"funding_years": 2})
    ceilings = report.summary.set_index("point")["ceiling"]
    assert sorted(ceilings.tolist()) == [1.0, 6.0]


def test_the_weekly_table_gives_a_regions_share_the_pooled_interval_not_a_zero_width_one(
        report):
    """14 of 15 communities active in every run: a t interval is 93% to 93%; the pooled
    Wilson interval of 42 of 45 communities is not."""
    framed = report.study.framed
    share = framed[framed["outcome"] == "survived"]
    assert len(share) and (share["ci_high"] - share["ci_low"] > 0.05).all(), share
    expected = stats.wilson(42, 45)
    assert np.isclose(share["ci_low"].iloc[0], expected.low)


def test_the_weekly_chart_bands_of_a_regions_share_are_not_zero_width(report):
    bands = report._fan_bands("survived", False, list(report.ok["point"].unique()))
    assert (bands["ci_high"] - bands["ci_low"] > 0.05).all(), bands


def test_an_interval_that_reaches_a_ceiling_says_all_of_them():
    assert interval(18.2, 20.0, ceiling=20.0) == "18.2 to all 20"
    assert interval(18.2, 19.5, ceiling=20.0) == "18.2 to 19.5"
    assert interval(0.2, 1.0, percent=True, ceiling=1.0) == "20% to 100%"
