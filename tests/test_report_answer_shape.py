"""The answer of a funding study reads the overall shape of survival, calls single steps
clear only after allowing for how many were compared, names directions, says which
settings are still funded at a fixed date, and the report's words, units and figures agree
with it. Built on made-up runs (no model run), so these tests are fast.
"""

from __future__ import annotations

import functools
import html
import re

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from lcsim.experiments.answer import _Writer, half_up, number, signed
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report, compact
from lcsim.experiments.storage import PARAM_PREFIX
from lcsim.outputs import output

# The policymaker's main study: survival (%) for 1..8 years, 20 runs each.
NO_FOLLOW_UP = [30, 45, 60, 60, 70, 85, 70, 70]
FOLLOW_UP = [50, 50, 55, 90, 60, 55, 70, 65]
REPS = 20
GRID = {
    "name": "funding_horizon", "question": "How many years must a subsidy run?",
    "description": "Survived says whether the community still existed at the end; "
                   "stranded potential value is knowledge that never landed.",
    "replications": REPS, "root_seed": 1, "common_random_numbers": True,
    "baseline": {"funding_years": 4, "follow_up_years": 0},
    "outputs": ["survived", "products_in_use", "paid_hours", "realized_value",
                "mean_trust", "active_members", "care_organisations_using",
                "stranded_potential_value"],
    "series": ["realized_value", "survived"],
    "base": {"weeks_after_funding": 104},
    "design": {"kind": "grid", "factors": {"funding_years": [1, 2, 3, 4, 5, 6, 7, 8],
                                           "follow_up_years": [0, 2]}},
}


def _survival(percent: int, replication: int) -> float:
    """Yes for the first `percent` of the runs, so shares are exact."""
    return float(replication < percent * REPS // 100)


def grid_report(first: str | None = None, realized=None, base: dict | None = None
                ) -> _Report:
    """The report of made-up runs shaped like the main study, with a weekly series of
    realized value that every run has at the end of year 3 (still the same for every run
    funded 3 years or more, since they are all still funded then). `first`: an outcome to
    list first in `outputs`, so that the answer leads with it; `realized(years, noise)`:
    realized value of a run (6.5 a funded year by default)."""
    outputs = GRID["outputs"] if first is None else \
        [first] + [o for o in GRID["outputs"] if o != first]
    config = ExperimentConfig.model_validate({**GRID, "outputs": outputs,
                                              "base": {**GRID["base"], **(base or {})}})
    rows, series = [], []
    for point in design_points(config):
        years, follow = point.factors["funding_years"], point.factors["follow_up_years"]
        shares = FOLLOW_UP if follow else NO_FOLLOW_UP
        for r in range(REPS):
            noise = (r % 5) / 10
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "survived": _survival(shares[int(years) - 1], r),
                   "products_in_use": min(years, 3) + noise + (1 if follow else 0),
                   "paid_hours": 10_000 * (years + follow) + 100 * r,
                   "realized_value": (realized or (lambda y, e: 6.5 * y + e))(years, noise),
                   "mean_trust": 0.5 + noise / 10,
                   "active_members": 10 + r % 3, "care_organisations_using": 1 + noise,
                   "stranded_potential_value": 5 + years + noise}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
            end = int(52 * (years + follow)) + 104
            for week in sorted({156, end}):
                value = 1.1 * min(years, 3) + noise if week == 156 else row["realized_value"]
                series.append({"run_id": row["run_id"], "point": point.name,
                               "point_index": point.index, "replication": r, "week": week,
                               "realized_value": value, "survived": row["survived"]})
    points = design_points(config)
    manifest = {"design_points": [{"name": p.name, "factors": p.factors} for p in points],
                "status": "complete", "baseline": "funding_years=4, follow_up_years=0",
                "sessions": [], "command_line": ["lcsim", "experiment", "study.toml"]}
    return _Report(config, manifest, pd.DataFrame(rows), pd.DataFrame(series))


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def at_level(sentence: str) -> str:
    """A sentence without the level of the second factor that opens it ("With no
    follow-up funding, "), in lower case: what it says at that level."""
    return re.sub(r"^With [^,]+, ", "", sentence).lower()


def answer_words(report: _Report) -> list[str]:
    return [text_of(s) for s in report.answer.sentences]


REPORT = grid_report()


@functools.cache
def realized_first() -> _Report:
    """The same runs with realized value listed first (built once, for two tests)."""
    return grid_report(first="realized_value")
WORDS = answer_words(REPORT)
TECHNICAL = [text_of(s) for s in REPORT.answer.technical]
PAGE = REPORT.render()


def test_survival_is_described_by_its_shape_from_the_shortest_funding_to_where_it_levels_off():
    shape = WORDS[1]
    assert shape.startswith("With no follow-up funding, the share of communities still "
                            "active two years after all funding ends rises from 30%")
    assert "with 3 years of external funding. Whether it levels off" in shape
    assert not any("most from" in w for w in WORDS), "no single step is called 'most'"


def test_single_steps_are_clear_only_after_allowing_for_how_many_were_compared():
    steps = next(w for w in TECHNICAL if "steps compared" in w)
    assert "No single step between neighbouring settings is clear once allowing for the " \
           "14 steps compared" in steps
    # The one-off spike and the equally large fall after it are both named, with signs.
    assert re.search(r"largest rise is \+35 points \([^)]*\) from 3 to 4 years of external "
                     r"funding", steps)
    assert re.search(r"largest fall is -30 points \([^)]*\) from 4 to 5 years of external "
                     r"funding", steps)
    table = REPORT.study.steps
    assert {"p_holm", "clear_holm"} <= set(table.columns)
    survival = table[table["outcome"] == "survived"]
    assert (survival["p_holm"] >= survival["p"]).all()


def test_steps_that_are_all_clear_the_same_way_are_told_in_one_phrase_not_listed():
    technical = [text_of(s) for s in realized_first().answer.technical]
    steps = next(w for w in technical if "steps between neighbouring settings" in w)
    assert steps.startswith("All 14 steps between neighbouring settings are clear rises, "
                            "even allowing for the number compared: from +")
    assert steps.count("from ") == 3  # the smallest and the largest step, nothing more

def test_a_rise_that_flattens_step_by_step_is_not_told_as_rising_all_along_unqualified():
    """Clear rises to 4 years, then small steps none of which is clear, then a jump at 8
    (the fixed-date study's shape): the overall test still finds no plateau, so the answer
    names the flat stretch."""
    steps = {1: 0, 2: 10, 3: 20, 4: 30, 5: 30.1, 6: 30.2, 7: 30.3, 8: 45}
    words = answer_words(grid_report(
        first="realized_value",
        realized=lambda y, e: steps[int(y)] + (e - 0.2) * 20 * (1 if y % 2 else -1)))
    shape = words[1]
    assert "rises all along the settings studied" in shape
    assert ("but step by step the rise is not clear from 4 to 7 years of external funding "
            "(none of these 3 steps is clear), so it may flatten there") in shape
    assert "allowing for" not in shape, "how many were compared is for the appendix"

def added_words(report: _Report) -> str:
    """What follow-up funding adds at the same years of external funding, in words: the
    answer's sentence where the grid has no longer subsidy that ends with the follow-up
    (in this grid the answer compares with that instead: tests/test_policy_follow_up.py)."""
    return text_of(_Writer(report.study).added_sentence("survived"))


def test_what_follow_up_funding_does_is_told_with_its_direction():
    added = added_words(REPORT)
    assert added.startswith("With 2 years of follow-up funding")
    assert "on average" in added and "so not clearly different" in added
    assert re.search(r"is on average (\d+ points? (higher|lower)|about the same) \(likely range",
                     added), "a difference is said as higher or lower, never 'on average -8'"
    assert "up from 60% to 90% with 4 years" in added
    assert "down from 85% to 55% with 6 years" in added
    assert "changes clearly with" not in added
    gain = added.split("; with ")[-1]  # the clear gain in a readable outcome says against what
    assert "2 years of follow-up funding means on average a community has" in gain
    assert "against no follow-up funding, each counted at the end of its run" in gain


def test_the_shaded_region_of_the_headline_figure_is_the_rise_the_text_describes():
    first, start = REPORT.answer.highlight
    assert first == 1
    assert f"with {start:g} years of external funding. Whether it levels off" in WORDS[1]


def test_settings_still_funded_at_the_fixed_date_are_named_not_compared():
    value = next(w for w in WORDS if at_level(w).startswith("realized value"))
    assert "every setting with 3 years of external funding or more is still funded then" \
        in value
    assert "with 8 years of external funding (likely" not in value.split("end of year 3")[1]
    tables = text_of(PAGE)
    assert "still funded then" in tables and "read them as one group" in tables


def test_without_subsidy_hours_kept_the_answer_says_nothing_per_funded_year():
    assert not any("funded year" in w for w in WORDS)
    assert not len(REPORT.study.per_subsidy), "no subsidy hours kept, nothing to divide by"


def test_shares_round_half_up_so_differences_agree_with_the_shown_shares():
    assert number(0.625, percent=True) == "63%" and number(0.375, percent=True) == "38%"
    assert signed(0.625 - 0.375, percent=True) == "+25 points" == f"{63 - 38:+d} points"
    assert half_up(-2.5) == -3 and signed(0.01, percent=True) == "+1 point"
    assert number(0.9996) == "1.0" == number(1.0)


def test_grid_cells_show_short_numbers():
    assert compact(24_842.4) == "24.8k" and compact(132_277) == "132k"
    assert compact(12.3) == "12.3"


def test_the_page_speaks_the_study_question_and_the_report_words_for_code_names():
    assert "funding_horizon &middot;" not in PAGE and "Model results of a simulation" in PAGE
    page = text_of(PAGE)
    assert "'survived' is called 'communities still active'" in page
    assert "'stranded potential value' is called 'value that never landed'" in page
    assert "Morris" not in page and "Sobol" not in page
    assert "document 003" in page and "How sources are cited" in page


def test_outcomes_left_out_of_a_figure_are_listed():
    page = text_of(PAGE)
    assert "Not drawn here (to keep the figure readable): stranded" not in page
    left = [output(o).label for o in GRID["outputs"][6:]]
    assert all(label in page.split("Not drawn here")[1][:400] for label in left)


def test_a_yes_no_weekly_series_draws_its_share_without_a_spread_band():
    fig = Figure()
    ax = fig.add_subplot(1, 1, 1)
    bands = pd.DataFrame({"point": "p", "week": np.arange(3), "mean": 0.5, "ci_low": 0.3,
                          "ci_high": 0.7, "band_low": 0.0, "band_high": 1.0})
    _Report._fan_panel(ax, [("", "p")], bands, False, output("survived"), {}, {})
    assert len(ax.collections) == 1, "only the likely range of the share"
    ax = fig.add_subplot(1, 2, 1)
    _Report._fan_panel(ax, [("", "p")], bands, False, output("realized_value"), {}, {})
    assert len(ax.collections) == 2


def test_the_axis_figure_legend_sits_below_the_axis_labels_and_says_where_it_is_shaded(
        monkeypatch):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from lcsim.experiments import report as report_module

    figures = []
    monkeypatch.setattr(report_module, "figure_html",
                        lambda fig, *args, **kwargs: figures.append(fig) or "")
    for built, shaded in ((REPORT, "before it levels off"),
                          (realized_first(), "all along the settings")):
        built._axis_figure(built.answer.figure_outcomes[:2], built.answer.highlight,
                           headline=True)
        fig = figures[-1]
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        legend = fig.legends[0].get_window_extent(renderer)
        assert shaded in fig.legends[0].get_title().get_text()
        for ax in fig.axes:
            label = ax.xaxis.label.get_window_extent(renderer)
            assert legend.y1 <= label.y0, "the legend runs over an x-axis label"
        assert legend.y0 >= 0  # inside the figure


def test_the_ringed_points_note_names_every_ringed_setting_with_its_follow_up():
    note = text_of(re.search(r"Ringed points:[^<]*", PAGE).group(0))
    assert "3, 4, 5, 6, 7 and 8 years of external funding with no follow-up funding" in note
    assert "1, 2, 3, 4, 5, 6, 7 and 8 years of external funding with 2 years of follow-up " \
           "funding" in note


def test_the_answer_and_the_design_say_follow_up_funding_is_a_smaller_grant():
    report = grid_report(base={"follow_up_coverage": 0.4, "external_coverage": 0.7})
    assert added_words(report).startswith(
        "With 2 years of follow-up funding instead of no follow-up funding (follow-up "
        "funding pays 40% of members' time, the subsidy 70%), ")
    follow = next(w for w in answer_words(report) if w.startswith("What should follow"))
    assert "then 2 years of follow-up funding (follow-up funding pays 40% of members' time, " \
           "the subsidy 70%), " in follow
    page = text_of(report.render())
    assert "Funding levels: follow-up funding pays 40% of members' time, the subsidy 70%, so " \
           "a year of follow-up funding is a smaller grant than a year of subsidy" in page


def test_a_difference_in_a_count_is_said_of_the_average_not_of_one_community():
    gain = added_words(REPORT).split("; with ")[-1]
    assert "on average a community has 1.0 more products in use now (likely range of the " \
           "average" in gain


def test_the_answer_opens_with_a_plain_bottom_line_and_leaves_step_statistics_to_the_appendix():
    start = REPORT.answer.highlight[1]  # where the shape sentence says it levels off
    assert WORDS[0] == ("In the model, the share of communities still active two years after "
                        f"all funding ends rises up to {start:g} years of external funding; "
                        "whether it levels off after that is not clear yet (with no follow-up "
                        "funding).")
    assert f"with {start:g} years of external funding. Whether it levels off" in WORDS[1]
    assert not any("allowing for the 14 steps" in w or "Holm" in w for w in WORDS)
    appendix = text_of(PAGE[PAGE.index('id="appendix"'):])
    assert "No single step between neighbouring settings is clear once allowing for the 14 " \
           "steps compared" in appendix
    assert WORDS[1].count(". ") >= 1, "the shape is told in more than one sentence"


def test_what_stopping_early_loses_also_gives_the_spread_of_single_communities():
    lost = next(w for w in WORDS if at_level(w).startswith("what stopping"))
    assert "on average a community has" in lost
    assert "Single communities vary: 90% of runs have 1.0 to 1.4 products in use now with 1 " \
           "year of external funding, and 3.0 to 3.4 with 3 years" in lost


def test_an_interaction_of_a_total_over_unequal_watches_says_it_is_not_like_for_like():
    """The researcher's tryout: a 'clear' interaction of realized value, which adds up over
    a run, where runs with follow-up funding are watched two years longer."""
    going = next(w for w in answer_words(realized_first()) if w.startswith("Going from"))
    assert going.endswith("(runs with more funding are watched longer, so this is not like "
                          "for like).")
