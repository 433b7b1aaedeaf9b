"""A derived outcome of a study config (numerator / sum of denominator terms) is labelled
as a total that adds up over the weeks watched only when it still is one: a total divided
by parameters, fixed for the whole run. A ratio of outcomes (a share of products, a total
per other total, per a state, or per a sum with an outcome in it) does not add up, so the
data dictionary, the Parquet metadata and the report do not call it a total.
"""

from __future__ import annotations

import csv

import pyarrow.parquet as pq
import pytest
from test_answer_fixes_fixed_date import BB_BY_FUNDING, bb_report, text_of

from lcsim import outputs
from lcsim.experiments.storage import column_doc

TOTAL = "; adds up over the weeks watched"


@pytest.mark.parametrize(("numerator", "denominator", "adds_up"), [
    # a share: a total of some products over the total of all products
    ("products_landed_practice", ["products_developed"], False),
    # a total per the sum of two totals
    ("realized_value", ["products_landed_practice", "products_landed_education"], False),
    # a total per a state at the end of the run
    ("realized_value", ["active_members"], False),
    # a total per a sum of a parameter and an outcome: the outcome changes over the run
    ("realized_value", ["funding_years", "active_members"], False),
    # a state per a parameter: a state does not add up, divided or not
    ("mean_trust", ["funding_years"], False),
    # a total per fixed parameters (one, or a sum of them): still a scaled total
    ("realized_value", ["funding_years"], True),
    ("products_developed", ["funding_years", "follow_up_years"], True),
])
def test_a_derived_outcome_adds_up_only_when_it_is_a_total_divided_by_parameters(
        numerator, denominator, adds_up):
    meta = outputs.derived_output("derived", numerator, denominator)
    assert meta.cumulative is adds_up
    assert outputs.derived_adds_up(numerator, denominator) is adds_up
    description, _ = column_doc("derived", {"derived": meta})
    assert description.endswith(TOTAL) is adds_up, description
    measured = "added up from the start" in meta.measured
    assert measured is adds_up, meta.measured


def test_a_share_of_totals_is_not_called_a_total_in_a_region_either():
    meta = outputs.derived_output("share", "products_landed_practice", ["products_developed"],
                                  region=True)
    assert not meta.cumulative


def test_the_report_does_not_call_a_share_a_total_that_adds_up():
    report = bb_report()
    assert not report.meta["share_landed_practice"].cumulative
    page = text_of(report.render())
    totals = page.split("totals that add up over time (")[1].split(")")[0]
    assert "share landed practice" not in totals and "products developed" in totals, totals
    share_part = page.split("Share landed practice (products per product) is highest")[1]
    share_part = share_part.split("Products landed in practice (products) is highest")[0]
    assert "It adds up over time" not in share_part, share_part
    assert "It adds up over time" in page.split("Products developed (products) is highest")[1]


@pytest.mark.slow
def test_a_run_study_describes_a_share_as_a_ratio_in_its_dictionary_and_parquet(tmp_path):
    from lcsim.experiments.runner import run_experiment

    config = {**BB_BY_FUNDING, "replications": 2,
              "outputs": ["share_landed_practice", "value_per_funded_year",
                          "products_landed_practice", "products_developed",
                          "realized_value"],
              "derived": BB_BY_FUNDING["derived"] + [
                  {"name": "value_per_funded_year", "numerator": "realized_value",
                   "denominator": ["funding_years"]}],
              "base": {"n_participants": 20, "weeks_after_funding": 13},
              "design": {"kind": "grid", "factors": {"funding_years": [1.0, 1.5]}},
              "baseline": {"funding_years": 1.0}}
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    assert result.report is not None
    with open(tmp_path / "data_dictionary.csv", newline="") as handle:
        rows = {(r["file"], r["column"]): r for r in csv.DictReader(handle)}
    share = rows[("runs.parquet", "share_landed_practice")]["description"]
    per_year = rows[("runs.parquet", "value_per_funded_year")]["description"]
    assert "adds up" not in share and per_year.endswith(TOTAL), (share, per_year)
    field = pq.read_schema(tmp_path / "runs.parquet").field("share_landed_practice")
    assert b"adds up" not in field.metadata[b"description"]
    page = text_of((tmp_path / "report.html").read_text())
    totals = page.split("totals that add up over time (")[1].split(")")[0]
    assert "share landed practice" not in totals and "value per funded year" in totals
