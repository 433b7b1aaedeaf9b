"""A region study's report as an analyst reads it: a difference of 0 up to float rounding
shows as 0 (not 0.0000000000000016), a range whose ends show the same number is said
once ("80% at each of the longer settings"), an output's label takes "the" where it opens
with a singular noun ("In the model, the share of the region's communities ..."), and a
share's weekly charts run from 0 to 100% like its summary charts. Built on made-up runs
(no model run), so these tests are fast."""

from __future__ import annotations

import functools
import html
import math
import re

import pytest

import lcsim.experiments.report as report_module
from lcsim import outputs
from lcsim.experiments.answer import SINGULAR_OPENINGS, Study, _Writer, number, signed
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import SHARE_LIMITS, _Report
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_region_report_ceilings import made_up_report

REGION = 10
# Share of each region's communities still active, per replication: 77% at 1 year, then
# 80% at every longer setting; at 4 years one share is off by float rounding (as a share
# summed from floats can be), so 2 -> 4 years differs by 2e-16 only.
SURVIVAL = {1: [0.6, 0.8, 0.9], 2: [0.7, 0.8, 0.9], 4: [0.7, 0.8, math.nextafter(0.9, 1)],
            8: [0.7, 0.8, 0.9]}


@functools.cache
def region_report() -> _Report:
    config = ExperimentConfig.model_validate({
        "name": "region", "question": "How long to fund a region's communities?",
        "replications": 3, "root_seed": 1, "common_random_numbers": True,
        "outputs": ["survived"], "series": ["survived"],
        "base": {"n_communities": REGION, "n_organisations": 40, "n_participants": 20},
        "design": {"kind": "grid", "factors": {"funding_years": list(SURVIVAL)}}})
    rows, weekly = [], []
    for point in design_points(config):
        years = point.factors["funding_years"]
        for r, share in enumerate(SURVIVAL[years]):
            run_id = f"{point.index}-{r}"
            row = {"run_id": run_id, "point": point.name, "point_index": point.index,
                   "replication": r, "seed": 100 + r, "status": "ok", "error": None,
                   "wall_seconds": 0.1, "survived": share}
            row.update({PARAM_PREFIX + n: v for n, v in point.params.items()})
            rows.append(row)
            end = round(52 * years) + 104
            weekly += [{"run_id": run_id, "point": point.name, "point_index": point.index,
                        "replication": r, "week": week,
                        "survived": 1.0 if week <= 52 * years else share}
                       for week in range(0, end + 1, 26)]
    return made_up_report(config, rows, weekly)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def answer() -> list[str]:
    return [re.sub(r" ([),;.])", r"\1", text_of(s)) for s in region_report().answer.sentences]


def test_a_difference_of_zero_up_to_float_rounding_shows_as_zero():
    steps = region_report().study.steps
    noise = steps[(steps["from_level"] == 2) & (steps["to_level"] == 4)].iloc[0]
    assert noise["difference"] != 0 and abs(noise["cohens_d"]) < 1e-12  # the made-up case
    page = text_of(region_report().render())
    assert not re.search(r"0\.0000000\d", page), "no float noise shown as a number"
    assert number(1.6e-15) == number(-1.6e-15) == "0" and signed(1.6e-15) == "0"
    assert number(-0.000024) == "-0.000024", "small numbers are still shown"


def test_a_range_whose_ends_show_the_same_number_is_said_once():
    words = " ".join(answer())
    assert "between 80% and 80%" not in words
    assert "80% at each of the longer settings" in words


def test_in_the_model_the_regions_share_takes_its_article():
    bottom = answer()[0]
    assert bottom.startswith("In the model, the share of the region's communities still "
                             "active two years after funding ends "), bottom


@pytest.mark.parametrize("region", [False, True])
def test_every_output_label_reads_with_its_article_in_a_sentence(region):
    writer = _Writer.__new__(_Writer)
    metas = {o.name: o.in_region() if region else o for o in outputs.OUTPUTS.values()}
    writer.s = Study.__new__(Study)
    writer.s.meta = metas
    for name, meta in metas.items():
        named = writer.quantity(name)
        if meta.yes_no or meta.kind == outputs.SHARE:
            assert named.startswith("the share of "), named
        elif meta.label.startswith(SINGULAR_OPENINGS):
            assert named.startswith("the "), named
        else:  # a plural or a mass noun: "products in use now", "realized value (...)"
            assert named.startswith(meta.label), named
        assert f"In the model, {named}".count(" the the ") == 0


def test_a_shares_weekly_charts_run_from_0_to_100_percent_like_its_summary_charts(
        monkeypatch):
    drawn = []
    original = report_module.figure_html

    def keep(fig, *args, **kwargs):
        drawn.append(fig)
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(report_module, "figure_html", keep)
    region_report().render()
    limits = [tuple(round(v) for v in ax.get_ylim()) for fig in drawn for ax in fig.axes
              if ax.get_visible() and ax.has_data()]
    weekly = [fig for fig in drawn if fig._suptitle is not None]
    assert weekly, "a weekly chart was drawn"
    for fig in weekly:
        for ax in fig.axes:
            if ax.get_visible() and ax.has_data():
                assert tuple(round(v) for v in ax.get_ylim()) == SHARE_LIMITS
    assert limits and set(limits) == {SHARE_LIMITS}, limits
