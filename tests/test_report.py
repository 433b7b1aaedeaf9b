"""report.html: its statistics are correct by construction, a part that cannot be drawn
becomes a sentence instead of a crash, and its Reproduce command pastes into a shell; the
answer comes first, in plain words, and every number in it equals the number in the
appendix table it comes from and the runs behind it.

The study configs are the failing cases of /work/shared/cases/sweeps and shortened
versions of the funding-horizon, bridge-builder and seven-lessons studies (so the default
suite stays fast); the slow tests run the real configs exactly as given.
"""

from __future__ import annotations

import html
import re
import shlex
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from statsmodels.stats.proportion import proportion_confint

from lcsim.experiments import run_experiment
from lcsim.experiments.answer import date_text, framing_of
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import (
    _Report,
    build_report,
    error_bars,
    index_range,
    write_report,
)
from lcsim.experiments.storage import PARAM_PREFIX, ResultStore
from lcsim.outputs import output, plain_label
from lcsim.params import Params

# cases/sweeps/report_all_or_none_survive.toml: no community survives half a year of
# funding, every one survives one and a half years (10 replications).
ALL_OR_NONE = {
    "name": "d1", "question": "Does a killed sweep resume exactly?", "replications": 10,
    "root_seed": 424242, "common_random_numbers": True,
    "base": {"n_participants": 20, "weeks_after_funding": 8, "n_bridge_builders": 0},
    # a meeting quorum of 6 of 20, as before quorums became a share (0.2: 4 of 20)
    "assumptions": {"min_meeting_share": 0.3},
    "design": {"kind": "grid", "factors": {"funding_years": [0.5, 1.5]}},
}
# cases/sweeps/no_survivor_anywhere.toml: 0 of 6 runs survive at both scenarios.
NO_SURVIVOR = {
    "name": "zero_variance_binary",
    "question": "What CI does survival get when no community survives anywhere?",
    "replications": 6, "root_seed": 13, "baseline": "half year, 2y after",
    "outputs": ["survived", "mean_trust"], "series": ["mean_trust"],
    "base": {"n_participants": 20},  # the default 30 members now outlast a year at times
    "assumptions": {"min_meeting_share": 0.3},  # a quorum of 6 of 20: none survives
    "design": {"kind": "scenarios", "scenarios": [
        {"name": "half year, 2y after",
         "params": {"funding_years": 0.5, "weeks_after_funding": 104}},
        {"name": "half year", "params": {"funding_years": 0.5, "weeks_after_funding": 52}}]},
}
# cases/sweeps/sobol_tiny_sample.toml: Sobol indices from 8 samples.
SOBOL_TINY = {
    "name": "sobol_small_n",
    "question": "What does the report make of Sobol indices from a tiny sample?",
    "replications": 1, "root_seed": 3, "outputs": ["mean_trust", "active_members"],
    "series": ["mean_trust"], "base": {"funding_years": 1, "weeks_after_funding": 10},
    "design": {"kind": "sample", "method": "sobol", "samples": 8, "second_order": False,
               "factors": {"initial_trust": {"low": 0.0, "high": 0.6, "type": "float"},
                           "stereotype_strength": {"low": 0.0, "high": 1.0,
                                                   "type": "float"}}},
}
MISSING = "Missing here"


def shortened(config: dict, **changes) -> dict:
    """A copy of a case config with top-level keys or `base` entries changed."""
    base = {**config.get("base", {}), **changes.pop("base", {})}
    return {**config, **changes, "base": base}


def text_of(report: str) -> str:
    """The report's visible text, in one line."""
    report = re.sub(r"<style>.*?</style>|<img[^>]*>", " ", report, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", report)))


SECTIONS = ("The answer", "Words used in this report", "Figures", "Technical appendix",
            "Findings per outcome", "Comparison tables", "Failures", "Data dictionary",
            "Design", "Seeds", "Manifest", "Reproduce", "How to read the statistics")


def section(report: str, title: str) -> str:
    """The visible text of one section, from its heading to the next one."""
    text = text_of(report)
    start = text.index(title)
    following = [text.find(f" {t} ", start + len(title)) for t in SECTIONS]
    ends = [e for e in following if e > start]
    return text[start:min(ends) if ends else len(text)]


def answer_html(report: str) -> str:
    """The HTML of the answer section."""
    start = report.index('<section id="answer">')
    return report[start:report.index("</section>", start)]


# --------------------------------------------------------------------------- synthetic
def synthetic_report(config: dict, values: dict[int, list[float]], outcome: str,
                     command_line: list[str] | None = None) -> str:
    """build_report on runs made up for each design point (point index -> one value per
    replication), without running the model: fast enough to try many replication counts."""
    parsed = ExperimentConfig.model_validate(config)
    points = design_points(parsed)
    rows = []
    for point in points:
        for replication, value in enumerate(values[point.index]):
            row = {"run_id": f"{point.index}-{replication}", "point": point.name,
                   "point_index": point.index, "replication": replication,
                   "seed": 1000 + replication, "status": "ok", "error": None,
                   "wall_seconds": 0.1, outcome: value}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    runs = pd.DataFrame(rows)
    manifest = {"design_points": [{"name": p.name, "factors": p.factors} for p in points],
                "runs": {"planned": len(runs), "ok": len(runs), "failed": 0, "missing": 0},
                "status": "complete", "baseline": points[0].name, "sessions": [],
                "command_line": command_line or ["lcsim", "experiment", "study.toml"]}
    return build_report(parsed, manifest, runs, pd.DataFrame())


def counts_where_statsmodels_rounds_below_one() -> list[int]:
    """Replication counts at which statsmodels' upper Wilson bound of n/n is below 1."""
    return [n for n in range(1, 101) if proportion_confint(n, n, method="wilson")[1] < 1]


def test_all_none_and_all_every_share_is_drawn_at_counts_where_wilson_rounds():
    counts = counts_where_statsmodels_rounds_below_one()
    assert counts, "the rounding this guards against happens (7, 9, 12, ... of 1 to 100)"
    config = {**ALL_OR_NONE, "outputs": ["survived"]}
    for n in [1, *counts[:3]]:
        report = synthetic_report({**config, "replications": n},
                                  {0: [0.0] * n, 1: [1.0] * n}, "survived")
        assert MISSING not in report and "Not computed" not in report
        low = round(100 * proportion_confint(n, n, method="wilson")[0])
        assert f"100% (likely range {low}% to 100%)" in text_of(report), n


def test_error_bars_are_never_negative_and_unknown_bounds_draw_no_bar():
    below, above = error_bars([1.0, 0.0, 2.0], [0.6, 2.7e-17, float("nan")],
                              [0.9999999999999999, 0.3, float("nan")])
    assert list(below[:2]) == [pytest.approx(0.4), 0.0] and list(above[:2]) == [0.0, 0.3]
    assert pd.isna(below[2]) and pd.isna(above[2])


def test_a_sensitivity_index_range_and_its_error_bar_stop_at_zero():
    """A researcher's Morris report drew mu* = 0.02 give or take 0.05 with a bar down to
    -0.03: mu*, S1 and ST are never below 0."""
    values, confs = pd.Series([0.02, 0.5, -0.01]), pd.Series([0.05, 0.1, 0.02])
    low, high = index_range(values, confs)
    assert list(low) == [0.0, pytest.approx(0.4), 0.0]
    assert list(high) == [pytest.approx(0.07), pytest.approx(0.6), pytest.approx(0.01)]
    below, _ = error_bars(values, low, high)
    assert list(below) == [pytest.approx(0.02), pytest.approx(0.1), 0.0]
    assert index_range(0.3, 0.5) == (0.0, 0.8)


def test_reproduce_command_is_quoted_for_the_shell():
    argv = ["lcsim", "experiment", "/tmp/my studies & more/it's here.toml", "--out",
            "out dir"]
    report = synthetic_report({**NO_SURVIVOR, "replications": 2}, {0: [0.0, 0.0],
                                                                  1: [0.0, 1.0]},
                              "survived", command_line=argv)
    code = re.search(r"Command of the last session: <code>(.*?)</code>", report).group(1)
    assert shlex.split(html.unescape(code)) == argv


# --------------------------------------------------------------------------- real studies
@pytest.fixture(scope="module")
def no_survivor(tmp_path_factory) -> Path:
    """The no-survivor case, run from a config whose path has a space and an &, with the
    command line the CLI would store."""
    folder = tmp_path_factory.mktemp("cases") / "my studies & more"
    folder.mkdir()
    config = folder / "no survivor.toml"
    config.write_text(_toml(NO_SURVIVOR), encoding="utf-8")
    out = folder / "out"
    argv = ["lcsim", "experiment", str(config), "--out", str(out)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", argv)
        result = run_experiment(config, out=out, workers=1, progress=False)
    assert result.report is not None
    return out


def _toml(config: dict) -> str:
    """The few TOML shapes these configs use: scalars, lists, inline tables, [[tables]]."""

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return repr(v)

    lines = [f"{k} = {value(v)}" for k, v in config.items() if k not in ("base", "design")]
    if config.get("base"):
        lines += ["[base]"] + [f"{k} = {value(v)}" for k, v in config["base"].items()]
    design = dict(config["design"])
    scenarios = design.pop("scenarios", [])
    lines += ["[design]"] + [f"{k} = {value(v)}" for k, v in design.items()]
    for scenario in scenarios:
        lines += ["[[design.scenarios]]"] + [f"{k} = {value(v)}" for k, v in scenario.items()]
    return "\n".join(lines) + "\n"


def test_no_survivor_anywhere_shows_wilson_zero_to_39_percent(no_survivor: Path):
    runs = pd.read_parquet(no_survivor / "runs.parquet")
    assert (runs["survived"] == 0).all() and len(runs) == 12
    report = (no_survivor / "report.html").read_text()
    findings = section(report, "Findings")
    assert "Communities still active (share of runs) is the same everywhere: 0% (likely " \
           "range 0% to 39%)" in findings
    assert MISSING not in report
    # The difference of two shares of 0 of 6: Newcombe, paired, within -100 to +100 points.
    assert "-39 to +39 points" in text_of(report)


def test_reproduce_command_of_a_real_study_pastes_as_one_argument(no_survivor: Path):
    report = (no_survivor / "report.html").read_text()
    code = re.search(r"Command of the last session: <code>(.*?)</code>", report).group(1)
    words = shlex.split(html.unescape(code))
    assert words[0] == "cd" and words[2] == "&&", "the command runs where it ran first"
    assert Path(words[1]).is_dir()
    argv = words[3:]
    assert argv[2].endswith("my studies & more/no survivor.toml")
    assert (Path(words[1]) / argv[2]).exists() and argv[4] == str(no_survivor)


def test_a_figure_that_cannot_be_drawn_becomes_a_sentence(no_survivor: Path, monkeypatch):
    def broken(self):
        raise RuntimeError("no room on the canvas")

    monkeypatch.setattr(_Report, "_scenario_dots", broken)
    report = write_report(no_survivor).read_text()
    assert "Missing here: the figure of outcomes by scenario, because it could not be drawn " \
           "(RuntimeError: no room on the canvas)" in text_of(report)
    assert "Comparison table" in report and "Reproduce" in report
    assert "Weekly series" in report, "the other figures are still drawn"


def test_a_statistic_that_cannot_be_computed_is_named_in_the_findings(no_survivor: Path,
                                                                      monkeypatch):
    from lcsim.experiments import stats

    def broken(*args, **kwargs):
        raise ValueError("baseline has no runs")

    monkeypatch.setattr(stats, "compare_with_baseline", broken)
    report = write_report(no_survivor).read_text()
    assert "Not computed: the comparison with the baseline (ValueError: baseline has no " \
           "runs)" in section(report, "Findings per outcome")
    assert "0% to 39%" in report


def test_all_or_none_survive_report_is_written(tmp_path: Path):
    # Shortened to 7 replications (a count at which the upper Wilson bound of 7/7 comes out
    # of statsmodels as 0.9999999999999999).
    # All survive when watched until funding ends, none a year later (the model's
    # calibration decides which settings give all or none; this pair does).
    base = {k: v for k, v in ALL_OR_NONE["base"].items() if k != "weeks_after_funding"}
    config = {**ALL_OR_NONE, "replications": 7,
              "base": {**base, "funding_years": 0.5, "turnover_rate": 0.0},
              "design": {"kind": "grid", "factors": {"weeks_after_funding": [52, 0]}}}
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    survived = result.runs.groupby("point_index")["survived"].agg(["min", "max"])
    assert list(survived["min"]) == [0.0, 1.0] and list(survived["max"]) == [0.0, 1.0]
    assert getattr(result, "report_error", None) is None
    report = result.report.read_text()
    assert MISSING not in report and "Not computed" not in report
    findings = section(report, "Findings per outcome")
    assert "100% (likely range 65% to 100%)" in findings
    assert "0% (likely range 0% to 35%)" in findings
    assert report.count("data:image/png;base64,") >= 3, "headline, grid and series figures"


def test_sobol_indices_from_a_tiny_sample_are_flagged_not_ranked(tmp_path: Path):
    config = shortened(SOBOL_TINY, base={"funding_years": 0.3, "weeks_after_funding": 4,
                                         "n_participants": 15})
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    report = result.report.read_text()
    findings = section(report, "Findings per outcome")
    assert "unreliable, so not ranked" in findings and "raise samples" in findings
    assert "depends most on" not in findings
    assert "share of variance" not in text_of(report)
    assert "(unreliable)" in section(report, "Comparison tables")
    assert "too small to say which setting moves" in section(report, "The answer")
    assert MISSING not in report


@pytest.mark.slow
@pytest.mark.parametrize("config", [ALL_OR_NONE, NO_SURVIVOR, SOBOL_TINY],
                         ids=["all_or_none", "no_survivor", "sobol_tiny"])
def test_the_failing_case_configs_give_a_complete_report(config: dict, tmp_path: Path):
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    assert getattr(result, "report_error", None) is None
    report = result.report.read_text()
    assert MISSING not in report and "Not computed" not in report
    if config is NO_SURVIVOR:
        assert "0% (likely range 0% to 39%)" in report
    if config is SOBOL_TINY:
        assert "depends most on" not in report and "share of variance" not in text_of(report)


# --------------------------------------------------------------------------- the answer
# Shortened studies of the shapes the answer generator must handle: the funding horizon
# (a grid of funding and follow-up years), bridge-builders x stereotyping (an
# interaction), and a sampled design (Morris).
FUNDING = {
    "name": "funding_small", "question": "How many years must a subsidy run?",
    "replications": 4, "root_seed": 7, "common_random_numbers": True,
    "baseline": {"funding_years": 2.0, "follow_up_years": 0},
    "outputs": ["survived", "products_landed_practice", "products_landed_education",
                "realized_value", "stranded_potential_value", "active_members"],
    "series": ["realized_value", "active_members"],
    "derived": [{"name": "value_per_funded_year", "numerator": "realized_value",
                 "denominator": ["funding_years", "follow_up_years"]}],
    "base": {"n_participants": 20, "weeks_after_funding": 26},
    "design": {"kind": "grid", "factors": {"funding_years": [1.0, 2.0, 3.0],
                                           "follow_up_years": [0.0, 1.0]}},
}
BRIDGE = {
    "name": "bridge_small", "question": "Do bridge-builders matter more where groups "
                                        "stereotype each other strongly?",
    "replications": 4, "root_seed": 5, "common_random_numbers": True,
    "baseline": {"n_bridge_builders": 0, "stereotype_strength": 0.2},
    # Survival first: the answer leads with the first outcome of `outputs` that varies.
    "outputs": ["survived", "realized_value", "products_landed_practice", "mean_trust"],
    "series": ["mean_trust"],
    "base": {"n_participants": 20, "funding_years": 2.0, "weeks_after_funding": 26},
    "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2],
                                           "stereotype_strength": [0.2, 0.8]}},
}
SAMPLE = Path(__file__).parent / "configs" / "tiny_morris.toml"
SPAN = re.compile(r'<span class="num( mag)?" data-ref="([^"]*)">([^<]*)</span>')
JARGON = ("Cohen", "Vargha", "design point", "confidence interval", "95% CI", "p-value",
          "mu*", "Sobol", "param_", "standard deviation", "allowing for", "Holm",
          "uncorrected", "many comparisons")


@pytest.fixture(scope="module")
def studies(tmp_path_factory) -> dict[str, Path]:
    """The three shortened studies, run once for the tests below."""
    out = {}
    for name, config in (("funding", FUNDING), ("bridge", BRIDGE), ("sample", SAMPLE)):
        folder = tmp_path_factory.mktemp(name)
        result = run_experiment(config, out=folder, workers=1, progress=False)
        assert result.report is not None
        out[name] = folder
    return out


def spans(fragment: str) -> list[tuple[str, str, bool]]:
    """(reference, text, shown without sign) of every number in an HTML fragment."""
    return [(html.unescape(r), html.unescape(t), bool(m)) for m, r, t in
            SPAN.findall(fragment)]


def values_in(text: str) -> list[float]:
    """The numbers in a formatted cell: '+14 to +66 points' -> [14.0, 66.0]."""
    return [float(x.replace(",", "")) for x in re.findall(r"[-+]?\d[\d,]*\.?\d*", text)]


def decimals(text: str) -> int:
    found = re.findall(r"\d+\.(\d+)", text)
    return max((len(f) for f in found), default=0)


def close(text: str, value: float, percent: bool) -> bool:
    """Whether a formatted number shows `value` (a share shown in %) to its precision."""
    shown = values_in(text)[0]
    expected = 100 * value if percent else value
    return abs(abs(shown) - abs(expected)) <= 0.5 * 10 ** -decimals(text) + 1e-9


@pytest.mark.parametrize("name", ["funding", "bridge", "sample"])
def test_numbers_in_the_answer_equal_those_in_the_tables(studies, name):
    report = (studies[name] / "report.html").read_text()
    answer = answer_html(report)
    rest = report.replace(answer, "")
    in_answer = spans(answer)
    assert in_answer, "the answer quotes numbers"
    tables = {}
    for key, text, _ in spans(rest):
        tables.setdefault(key, text)
    for key, text, magnitude in in_answer:
        assert key in tables, f"{key}: the number {text!r} is in no table"
        table = tables[key]
        if magnitude:  # "2.1 fewer" quotes the size of the table's -2.1
            assert sorted(abs(v) for v in values_in(text)) == \
                sorted(abs(v) for v in values_in(table)), (key, text, table)
        else:
            assert text == table, (key, text, table)


@pytest.mark.parametrize("name", ["funding", "bridge", "sample"])
def test_numbers_in_the_answer_equal_those_of_the_stored_runs(studies, name):
    folder = studies[name]
    runs = pd.read_parquet(folder / "runs.parquet")
    runs = runs[runs["status"] == "ok"]
    checked = 0
    for key, text, _ in spans(answer_html((folder / "report.html").read_text())):
        what, *keys = key.split("|")
        if what == "mean":
            point, outcome = keys
            values = runs.loc[runs["point"] == point, outcome]
            assert close(text, values.mean(), outcome == "survived"), (key, text)
        elif what == "ci" and keys[1] == "survived":
            values = runs.loc[runs["point"] == keys[0], "survived"]
            low, high = proportion_confint(int(values.sum()), len(values), method="wilson")
            shown = values_in(text)
            assert (shown[0], shown[1]) == (round(100 * low), round(100 * high)), (key, text)
        elif what in ("step", "added", "diff"):
            outcome, point, *control = keys
            control = control[0] if control else None
            if control is None:
                continue
            a = runs[runs["point"] == point].set_index("replication")[outcome]
            b = runs[runs["point"] == control].set_index("replication")[outcome]
            assert close(text, (a - b).mean(), outcome == "survived"), (key, text)
        elif what == "overall":
            assert close(text, runs[keys[0]].mean(), keys[0] == "survived"), (key, text)
        else:
            continue
        checked += 1
    assert checked, "some numbers of the answer were checked against the runs"


@pytest.mark.parametrize("name", ["funding", "bridge", "sample"])
def test_the_answer_comes_first_in_three_to_six_plain_sentences(studies, name):
    report = (studies[name] / "report.html").read_text()
    answer = answer_html(report)
    assert report.index('<section id="answer">') < report.index("<table")
    assert report.index('<section id="answer">') < report.index('id="appendix"')
    sentences = re.findall(r"<li>(.*?)</li>", answer, flags=re.S)
    assert 3 <= len(sentences) <= 6 or (name == "sample" and 2 <= len(sentences) <= 6)
    words = text_of(answer)
    runs = pd.read_parquet(studies[name] / "runs.parquet")
    code_names = [n for n in Params.names() if "_" in n]
    code_names += [c for c in runs.columns if "_" in c]
    for code in code_names:
        assert code not in words, f"code name {code!r} in the answer"
    for term in JARGON:
        assert term not in words, f"{term!r} in the answer"
    for sentence in sentences[1:] if text_of(sentences[0]).startswith("In the model,") \
            else sentences:  # the plain bottom line first has no number to qualify
        assert any(words in sentence for words in ("likely range", "in every run",
                                                   "give or take", "too uncertain")), sentence
    glossary = section(report, "Words used in this report")
    assert "likely range" in glossary and "model result" in glossary


def test_the_funding_answer_says_where_survival_changes_and_what_stopping_loses(studies):
    report = (studies["funding"] / "report.html").read_text()
    words = text_of(answer_html(report))
    assert "With no follow-up funding, the share of communities still active half a year " \
           "after all funding ends" in words
    assert re.search(r"(rises|falls) from|no clear trend|the same at every setting", words)
    # Follow-up funding is set against the longer subsidy that ends in the same week
    # (1 year and then 1 year of follow-up against 2 years; 2 and 1 against 3).
    assert re.search(r"What should follow the subsidy, compared at the same date: with \d "
                     r"years? of external funding and then 1 year of follow-up funding", words)
    assert "whose funding ends in the same week; over all 2 such pairs" in words
    assert "years of external funding" in words
    # Totals that add up over time are read with the longer watch of longer funding in
    # mind: said once for the answer, and the value sentence adds the fixed date.
    assert "How the numbers compare: each run is compared half a year after all funding " \
           "ends, so a run with more funding is also watched longer" in words
    assert re.search(r"(runs with more funding are watched longer|at a fixed date, week \d+)",
                     words)


def test_cumulative_outcomes_are_compared_at_a_fixed_date_too(studies):
    folder = studies["funding"]
    report = (folder / "report.html").read_text()
    series = pd.read_parquet(folder / "timeseries.parquet")
    runs = pd.read_parquet(folder / "runs.parquet")
    fixed = int(series.groupby("run_id")["week"].max().min())
    assert fixed == 52 + 26, "the shortest run's last week"
    title = f"Weekly series at {date_text(fixed)} after the start, a fixed date every run " \
            "reaches"
    assert title in text_of(report)
    table_refs = dict((k, t) for k, t, _ in spans(report))
    for point in runs["point"].unique():
        at = series[(series["point"] == point) & (series["week"] == fixed)]
        assert close(table_refs[f"framed|{point}|realized_value"],
                     at["realized_value"].mean(), False)
    assert "Framing: at " in report and "Framing: the same time after funding ends" in report
    assert "At at " not in text_of(report)  # the heading reads "At the end of year ..."
    assert ".." not in text_of(answer_html(report)).replace("...", "")


def test_weekly_series_are_small_multiples_that_mark_the_end_of_funding(studies):
    folder = studies["funding"]
    store = ResultStore(folder)
    runs, series = store.load()
    manifest = store.read_manifest()
    report = _Report(ExperimentConfig.model_validate(manifest["config"]), manifest, runs,
                     series)
    panels = report._fan_panels()
    assert [title for title, _ in panels] == [
        f"{v} of {plain_label('funding_years')}" for v in ("1 year", "2 years", "3 years")]
    assert all(len(lines) == 2 for _, lines in panels), "follow-up levels as lines"
    ends = report._funding_weeks()
    for _, row in runs.drop_duplicates("point").iterrows():
        external = round(52 * row["param_funding_years"])
        assert ends[row["point"]] == (external, external + round(52 * row[
            "param_follow_up_years"]))
    assert "Dashed vertical line: external funding ends" in text_of(
        (folder / "report.html").read_text())


def test_outcomes_frozen_at_dissolution_are_left_out_of_the_answer(studies):
    report = (studies["bridge"] / "report.html").read_text()
    runs = pd.read_parquet(studies["bridge"] / "runs.parquet")
    assert output("mean_trust").frozen_when_dissolved and "mean_trust" in runs
    answer = text_of(answer_html(report))
    sentences = re.findall(r"<li>(.*?)</li>", answer_html(report), flags=re.S)
    if (runs["survived"] < 1).any():
        assert "Left out of the answer: trust between members" in answer
        assert not any("trust between members" in s for s in sentences)
    else:
        assert "Left out of the answer" not in answer


def test_results_carry_a_data_dictionary_that_the_report_links(studies):
    folder = studies["funding"]
    runs_schema = pq.read_schema(folder / "runs.parquet")
    series_schema = pq.read_schema(folder / "timeseries.parquet")
    meta = {f.name: {k.decode(): v.decode() for k, v in f.metadata.items()}
            for f in runs_schema}
    assert meta["realized_value"]["unit"] == "model value units"
    assert "value that reached practice" in meta["realized_value"]["description"]
    assert meta["param_funding_years"]["unit"] == "years"
    assert meta["survived"]["unit"] == "yes/no"
    assert meta["value_per_funded_year"]["unit"] == "model value units per year"
    assert all(f.metadata and f.metadata[b"description"] for f in series_schema)
    dictionary = pd.read_csv(folder / "data_dictionary.csv").fillna("")
    listed = set(zip(dictionary["file"], dictionary["column"], strict=True))
    assert {("runs.parquet", n) for n in runs_schema.names} <= listed
    assert {("timeseries.parquet", n) for n in series_schema.names} <= listed
    assert (dictionary["description"] != "").all()
    report = (folder / "report.html").read_text()
    assert '<a href="data_dictionary.csv">' in report or \
        "<a href='data_dictionary.csv'>" in report
    assert (folder / "data_dictionary.csv") in ResultStore(folder).own_files()


def test_the_report_prints_on_a4_with_the_answer_first(studies):
    report = (studies["bridge"] / "report.html").read_text()
    assert "@page{size:A4" in report.replace(" ", "") and "@media print" in report
    assert report.index('id="answer"') < report.index('id="glossary"') \
        < report.index('id="figures"') < report.index('id="appendix"')


def test_the_bridge_answer_reads_the_interaction(studies):
    words = text_of(answer_html((studies["bridge"] / "report.html").read_text()))
    assert re.search(r"Going from 0 to 2 \S.* changes the share of communities still active "
                     r"by", words)
    assert "so the effect clearly depends on" in words or \
        "do not show that the effect depends on" in words


def test_a_study_without_weekly_series_says_what_is_missing(tmp_path):
    config = shortened(ALL_OR_NONE, replications=2, series=[], outputs=["survived",
                                                                        "realized_value"])
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    text = text_of(result.report.read_text())
    assert "Not drawn: the study kept no weekly series" in text
    assert "because the study kept no weekly series of its outcomes" in text
    assert "Technical appendix" in text and "Reproduce" in text


def test_framing_of_a_fixed_date_study_and_of_equal_windows():
    ends = framing_of(pd.DataFrame([
        {"point": "1 year", "param_funding_years": 1.0, "param_weeks_after_funding": 468},
        {"point": "8 years", "param_funding_years": 8.0, "param_weeks_after_funding": 104}]))
    assert ends.same_date and not ends.same_after
    assert ends.end_phrase() == "at the end of year 10 after the start"
    kind, words, weeks = ends.other()
    assert kind == "after" and weeks == {"1 year": 52 + 104, "8 years": 416 + 104}
    after = framing_of(pd.DataFrame([
        {"point": "a", "param_funding_years": 1.0, "param_weeks_after_funding": 104},
        {"point": "b", "param_funding_years": 2.0, "param_weeks_after_funding": 104}]))
    assert after.end_phrase() == "two years after funding ends" and after.unequal_watch
    assert after.other()[2] == {"a": 156, "b": 156}


def test_with_follow_up_funding_the_end_of_a_run_is_counted_from_when_all_funding_ends():
    after = framing_of(pd.DataFrame([
        {"point": "a", "param_funding_years": 1.0, "param_follow_up_years": 0.0,
         "param_weeks_after_funding": 104},
        {"point": "b", "param_funding_years": 1.0, "param_follow_up_years": 2.0,
         "param_weeks_after_funding": 104}]))
    assert after.end_phrase() == "two years after all funding ends"


@pytest.mark.slow
@pytest.mark.parametrize("config", ["funding_horizon", "bridge_builders"])
def test_real_studies_answer_in_numbers_that_equal_their_tables(config, tmp_path):
    path = Path(__file__).parents[1] / "configs" / f"{config}.toml"
    result = run_experiment(path, out=tmp_path, progress=False)
    report = result.report.read_text()
    answer = answer_html(report)
    tables = dict((k, t) for k, t, _ in spans(report.replace(answer, "")))
    for key, text, magnitude in spans(answer):
        if magnitude:
            assert sorted(map(abs, values_in(text))) == sorted(map(abs, values_in(
                tables[key]))), key
        else:
            assert tables[key] == text, key
    assert 3 <= len(re.findall(r"<li>", answer)) <= 6
    words = text_of(answer)
    assert not any(term in words for term in JARGON)
    assert not any(name in words for name in Params.names() if "_" in name)


def test_lcsim_report_writes_a_missing_data_dictionary(studies, tmp_path):
    folder = tmp_path / "older"
    folder.mkdir()
    for name in ("runs.parquet", "timeseries.parquet", "manifest.json"):
        (folder / name).write_bytes((studies["bridge"] / name).read_bytes())
    write_report(folder)
    dictionary = pd.read_csv(folder / "data_dictionary.csv")
    assert "realized_value" in set(dictionary["column"])
    assert "data_dictionary.csv" in (folder / "report.html").read_text()


def test_the_appendix_calls_the_hash_of_the_run_deciding_settings_a_design_hash(studies):
    """Two studies with different results showed the same "results hash": it hashes the
    settings that decide the runs, and says so."""
    page = (studies["funding"] / "report.html").read_text()
    assert "design hash (of the settings that decide the runs, not of their results)" in page
    assert "results hash" not in page
