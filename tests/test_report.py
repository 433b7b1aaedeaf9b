"""report.html: its statistics are correct by construction, a part that cannot be drawn
becomes a sentence instead of a crash, and its Reproduce command pastes into a shell.

The study configs are the failing cases of /work/shared/cases/sweeps (shortened where
noted, so the default suite stays fast); the slow test runs them exactly as given.
"""

from __future__ import annotations

import html
import re
import shlex
import sys
from pathlib import Path

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from lcsim.experiments import run_experiment
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report, build_report, error_bars, write_report
from lcsim.experiments.storage import PARAM_PREFIX

# cases/sweeps/report_all_or_none_survive.toml: no community survives half a year of
# funding, every one survives one and a half years (10 replications).
ALL_OR_NONE = {
    "name": "d1", "question": "Does a killed sweep resume exactly?", "replications": 10,
    "root_seed": 424242, "common_random_numbers": True,
    "base": {"n_participants": 20, "weeks_after_funding": 8, "n_bridge_builders": 0},
    "design": {"kind": "grid", "factors": {"funding_years": [0.5, 1.5]}},
}
# cases/sweeps/no_survivor_anywhere.toml: 0 of 6 runs survive at both scenarios.
NO_SURVIVOR = {
    "name": "zero_variance_binary",
    "question": "What CI does survival get when no community survives anywhere?",
    "replications": 6, "root_seed": 13, "baseline": "half year, 2y after",
    "outputs": ["survived", "mean_trust"], "series": ["mean_trust"],
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


def section(report: str, title: str) -> str:
    """The visible text of one <h2> section."""
    text = text_of(report)
    start = text.index(title)
    following = [text.find(t, start + 1) for t in ("Figures", "Comparison table",
                                                   "How to read this report", "Reproduce")]
    ends = [e for e in following if e > start]
    return text[start:min(ends) if ends else len(text)]


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
        assert f"100% (95% CI of the mean: {low}% to 100%)" in text_of(report), n


def test_error_bars_are_never_negative_and_unknown_bounds_draw_no_bar():
    below, above = error_bars([1.0, 0.0, 2.0], [0.6, 2.7e-17, float("nan")],
                              [0.9999999999999999, 0.3, float("nan")])
    assert list(below[:2]) == [pytest.approx(0.4), 0.0] and list(above[:2]) == [0.0, 0.3]
    assert pd.isna(below[2]) and pd.isna(above[2])


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
    assert "Survived (share of runs) is the same everywhere: 0% (95% CI of the mean: 0% to " \
           "39%)" in findings
    assert MISSING not in report
    # The difference of two shares of 0 of 6: Newcombe, paired, within -100 to +100 points.
    assert "-39 to +39 points" in text_of(report)


def test_reproduce_command_of_a_real_study_pastes_as_one_argument(no_survivor: Path):
    report = (no_survivor / "report.html").read_text()
    code = re.search(r"Command of the last session: <code>(.*?)</code>", report).group(1)
    argv = shlex.split(html.unescape(code))
    assert argv[2].endswith("my studies & more/no survivor.toml")
    assert Path(argv[2]).exists() and argv[4] == str(no_survivor)


def test_a_figure_that_cannot_be_drawn_becomes_a_sentence(no_survivor: Path, monkeypatch):
    def broken(self):
        raise RuntimeError("no room on the canvas")

    monkeypatch.setattr(_Report, "_scenario_dots", broken)
    report = write_report(no_survivor).read_text()
    assert "Missing here: the figure of outcomes by scenario, because it could not be drawn " \
           "(RuntimeError: no room on the canvas)" in text_of(report)
    assert "Comparison table" in report and "Reproduce" in report
    assert "Weekly series (fan charts)" in report, "the other figures are still drawn"


def test_a_statistic_that_cannot_be_computed_is_named_in_the_findings(no_survivor: Path,
                                                                      monkeypatch):
    from lcsim.experiments import stats

    def broken(*args, **kwargs):
        raise ValueError("baseline has no runs")

    monkeypatch.setattr(stats, "compare_with_baseline", broken)
    report = write_report(no_survivor).read_text()
    assert "Not computed: the comparison with the baseline (ValueError: baseline has no " \
           "runs)" in section(report, "Findings")
    assert "0% to 39%" in report


def test_all_or_none_survive_report_is_written(tmp_path: Path):
    # Shortened to 7 replications (a count at which the upper Wilson bound of 7/7 comes out
    # of statsmodels as 0.9999999999999999).
    result = run_experiment({**ALL_OR_NONE, "replications": 7}, out=tmp_path, workers=1,
                            progress=False)
    survived = result.runs.groupby("param_funding_years")["survived"].agg(["min", "max"])
    assert list(survived["min"]) == [0.0, 1.0] and list(survived["max"]) == [0.0, 1.0]
    assert getattr(result, "report_error", None) is None
    report = result.report.read_text()
    assert MISSING not in report and "Not computed" not in report
    findings = section(report, "Findings")
    assert "100% (95% CI of the mean: 65% to 100%)" in findings
    assert "0% (95% CI of the mean: 0% to 35%)" in findings
    assert report.count("data:image/png;base64,") == 2


def test_sobol_indices_from_a_tiny_sample_are_flagged_not_ranked(tmp_path: Path):
    config = shortened(SOBOL_TINY, base={"funding_years": 0.3, "weeks_after_funding": 4,
                                         "n_participants": 15})
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    report = result.report.read_text()
    findings = section(report, "Findings")
    assert "unreliable, so not ranked" in findings and "raise samples" in findings
    assert "depends most on" not in findings
    assert "share of variance" not in text_of(report)
    assert "(unreliable)" in section(report, "Comparison table")
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
        assert "0% (95% CI of the mean: 0% to 39%)" in report
    if config is SOBOL_TINY:
        assert "depends most on" not in report and "share of variance" not in text_of(report)
