"""The report's words agree with its statistics: what 'clear' means when many steps are
compared, what the subsidy buys, the range of the later settings, the words explained
and the data dictionary. Built on made-up runs (no model run), so these tests are fast."""

from __future__ import annotations

import re

import pandas as pd

from lcsim.experiments.answer import ParamWords, number
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_report_answer_shape import PAGE, REPORT, TECHNICAL, WORDS, text_of

REPS = 12


def one_factor_report(levels: list[float], survived: list[int], products: list[float],
                      outputs: list[str] | None = None, base: dict | None = None,
                      assumptions: dict | None = None) -> _Report:
    """A made-up study of one factor, funding_years at `levels`: `survived[i]` of the
    REPS runs survive at level i, and each run has `products[i]` products in use."""
    config = ExperimentConfig.model_validate({
        "name": "one", "question": "How long to fund?", "replications": REPS,
        "root_seed": 1, "common_random_numbers": True,
        "baseline": {"funding_years": levels[0]},
        "outputs": outputs or ["survived", "products_in_use", "subsidy_hours",
                               "applied_value"],
        "base": {"weeks_after_funding": 104, **(base or {})},
        "assumptions": assumptions or {},
        "design": {"kind": "grid", "factors": {"funding_years": levels}}})
    rows = []
    for point in design_points(config):
        i = levels.index(point.factors["funding_years"])
        for r in range(REPS):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "survived": float(r < survived[i]),
                   "products_in_use": products[i] + (r % 3) / 10,
                   "subsidy_hours": 5000 * levels[i] + 10 * r,
                   "paid_hours": 9000 * levels[i] + 10 * r,
                   "applied_value": 2.0 * levels[i] + (r % 4) / 10,
                   "care_organisations_using": float(min(levels[i] + 1 + r % 2, 4))}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            row.update({f"assumption_{k}": v for k, v in (assumptions or {}).items()})
            rows.append({k: v for k, v in row.items()
                         if k not in ("survived", "products_in_use", "subsidy_hours",
                                      "paid_hours", "applied_value",
                                      "care_organisations_using")
                         or k in config.outputs})
    manifest = {"design_points": [{"name": p.name, "factors": p.factors}
                                  for p in design_points(config)],
                "status": "complete", "baseline": design_points(config)[0].name,
                "sessions": [], "command_line": ["lcsim", "experiment", "one.toml"]}
    return _Report(config, manifest, pd.DataFrame(rows), pd.DataFrame())


def words_of(report: _Report) -> list[str]:
    return [text_of(s) for s in report.answer.sentences]


def glossary_of(page: str) -> str:
    return text_of(page[page.index("<section id=\"glossary\">"):
                        page.index("<section id=\"figures\">")])


def test_the_glossary_says_a_difference_among_many_is_clear_only_after_allowing_for_them():
    glossary = glossary_of(PAGE)
    assert "called clear only if it still stands after allowing for how many were " \
           "compared (Holm's correction)" in glossary
    steps = next(w for w in TECHNICAL if "steps compared" in w)
    assert "even where a likely range misses zero" in steps


def test_tables_say_a_range_that_misses_zero_can_still_be_not_clear_after_holm():
    page = text_of(PAGE)
    assert "a range that misses zero can still be 'no'" in page
    assert "adjusted p = <" not in page and "adjusted p < 0.001" in page
    assert re.search(r"adjusted p = 0\.\d", page)


def test_the_subsidy_buys_products_per_thousand_subsidy_hours_not_per_funded_year():
    report = one_factor_report([1, 2, 3, 4], [6, 8, 9, 10], [1, 4, 3, 2],
                               outputs=["survived", "products_in_use", "subsidy_hours",
                                        "care_organisations_using"])
    buys = next(w for w in words_of(report) if w.startswith("What the subsidy buys"))
    assert "products in use per 1,000 of them (likely range of the average" in buys
    assert "products in use are most with 2 years of external funding" in buys
    assert "least with 4 years of external funding" in buys
    table = report.study.per_subsidy
    assert set(table["outcome"]) == {"subsidy_hours", "products_in_use"}, \
        "a count with a ceiling (care organisations) is not divided by the subsidy"
    point = "funding_years=2"
    runs = report.ok[report.ok["point"] == point]
    row = table[(table["point"] == point) & (table["outcome"] == "products_in_use")]
    assert row["mean"].iloc[0] == (runs["products_in_use"] / runs["subsidy_hours"]
                                   * 1000).mean()
    page = text_of(report.render())
    assert "per funded year" not in page and "What the subsidy buys" in page


def test_large_numbers_are_rounded_to_three_significant_digits():
    assert number(6052.4) == "6,050" and number(24_842.4) == "24,800"
    assert number(999.6) == "1000" and number(132_277) == "132,000"


def test_no_clear_trend_gives_the_later_settings_only_and_one_setting_in_the_singular():
    report = one_factor_report([1, 2], [10, 12], [2, 2.5])
    shape = words_of(report)[1]
    assert "shows no clear trend" in shape
    assert "83%" in shape.split("at the longer")[0]
    assert "between" not in shape
    assert "and 100% at the longer setting, which is not clearly higher" in shape


def test_no_clear_trend_ranges_over_the_later_settings_without_the_first():
    report = one_factor_report([1, 2, 3], [10, 11, 12], [2, 2.5, 2.6])
    shape = words_of(report)[1]
    later = shape.split(" and between ")[1]
    assert later.startswith("92% and 100% at the longer settings, which are not")


def test_every_outcome_the_answer_names_is_explained_in_the_words_used():
    glossary = glossary_of(PAGE)
    answer = " ".join(WORDS).lower()
    named = [m.label for o, m in REPORT.meta.items() if o in REPORT.headline
             and m.label.lower() in answer]
    assert "realized value" in named and "communities still active" in named
    for outcome in REPORT.headline:
        meta = REPORT.meta[outcome]
        if meta.label in named:
            assert f" {meta.label} {meta.meaning[:1].upper()}{meta.meaning[1:20]}" \
                in glossary, meta.label


def test_the_report_words_for_code_names_are_in_the_words_used_not_above_the_answer():
    head = text_of(PAGE[:PAGE.index("<section id=\"answer\">")])
    assert "is called" not in head
    assert "'survived' is called 'communities still active'" in glossary_of(PAGE)


def test_the_data_dictionary_table_uses_the_words_of_the_csv_for_assumptions():
    report = one_factor_report([1, 2], [10, 12], [2, 2.5],
                               assumptions={"mbo_at_school": 0.3})
    page = report.render()
    dictionary = text_of(page[page.index("<h3>Data dictionary</h3>"):])
    row = dictionary[dictionary.index("assumption_mbo_at_school"):][:400]
    assert "probability" in row and "not a model output" not in row
    assert "the value the run was made under" in row


def test_a_region_study_says_its_shares_get_the_wider_of_pooled_wilson_and_t():
    region = one_factor_report([1, 2], [6, 9], [2, 2.5], base={"n_communities": 2})
    assert region.region
    assert "the wider of two ranges" in glossary_of(region.render())
    assert "the wider of two ranges" not in glossary_of(PAGE)


def test_the_levels_off_table_shows_the_longer_settings_average_that_its_difference_uses():
    report, page = REPORT, PAGE
    table = page[page.index("levels off</h4>"):]
    table = table[:table.index("</table>")]
    assert "average of the longer settings only" in text_of(table)
    assert "this one included" in text_of(table)
    first = report.study.trend.iloc[0]
    cells = text_of(table.split("</tr>")[1])
    assert number(first["mean"] + first["difference"], percent=True) in cells.split(
        number(first["from_mean"], percent=True))[1]


def test_a_count_of_care_organisations_is_said_out_of_how_many_there_are():
    report = one_factor_report([1, 2], [6, 8], [1, 2],
                               outputs=["care_organisations_using", "survived"])
    shape = words_of(report)[1]
    assert "out of 4 (likely range" in shape, shape


def test_a_share_of_members_time_reads_as_a_percentage_of_members_time():
    words = ParamWords("follow_up_coverage")
    assert words.setting(0.4) == "40% of members' time paid by follow-up funding"
    assert words.change(0.2, 0.4) == "from 20% to 40% of members' time paid by follow-up funding"
    assert words.levels([0.2, 0.4]) == "20% and 40% of members' time paid by follow-up funding"


def test_a_region_study_header_counts_regions_and_their_communities():
    region = one_factor_report([1, 2], [6, 9], [2, 2.5], base={"n_communities": 5})
    header = region._meta_line()
    assert f"= {2 * REPS} simulated regions of 5 communities ({10 * REPS} communities)" \
        in header
    assert "simulated communities" in REPORT._meta_line()
