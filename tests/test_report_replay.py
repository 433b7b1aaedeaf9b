"""A study's `[assumptions]` are in its report, and the replay command the report prints
gives the stored numbers of the run it names."""

from __future__ import annotations

import html
import json
import re
import shlex

import pandas as pd
import pytest

from lcsim import cli
from lcsim.experiments import run_experiment

STUDY = {
    "name": "replay", "question": "Does a replayed run give the stored numbers?",
    "replications": 1, "root_seed": 11,
    "outputs": ["realized_value", "survived", "mean_trust", "active_members"],
    "base": {"n_participants": 12, "funding_years": 0.3, "weeks_after_funding": 4},
    "assumptions": {"mbo_at_school": 0.3, "role_mix": [0.2, 0.15, 0.3, 0.2, 0.15]},
    "design": {"kind": "grid", "factors": {"stereotype_strength": [0.1234567891, 0.8]}},
}


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[pd.DataFrame, str]:
    out = tmp_path_factory.mktemp("replay")
    result = run_experiment(STUDY, out=out, workers=1, progress=False)
    runs = pd.read_parquet(out / "runs.parquet")
    return runs[runs["status"] == "ok"], result.report.read_text()


def replayed(report: str, capsys) -> tuple[list[str], dict[str, float]]:
    """The replay command a report prints, as words, and the summary that `lcsim run
    --json` gives when it is run."""
    command = html.unescape(re.search(r"<code class='replay'>(.*?)</code>", report).group(1))
    argv = shlex.split(command)
    capsys.readouterr()
    assert cli.main([*argv[1:], "--json", "--quiet"]) == 0
    return argv, json.loads(capsys.readouterr().out)["summary"]


def words(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def test_the_design_lists_the_changed_assumptions(study):
    _, report = study
    design = words(report[report.index("<h3>Design</h3>"):report.index("<h3>Seeds</h3>")])
    assert "Assumptions changed for every run" in design
    assert "mbo_at_school 0.3 0.2 probability" in design
    assert "role_mix 0.2, 0.15, 0.3, 0.2, 0.15 0.15, 0.15, 0.3, 0.25, 0.15 share of " \
           "members" in design


def test_the_printed_replay_command_gives_the_stored_numbers(study, capsys):
    runs, report = study
    argv, summary = replayed(report, capsys)
    assert argv[:2] == ["lcsim", "run"]
    assert "mbo_at_school=0.3" in argv and "role_mix=0.2,0.15,0.3,0.2,0.15" in argv
    assert "stereotype_strength=0.1234567891" in argv, "parameters to their last digit"
    first = runs.sort_values(["point_index", "replication"]).iloc[0]
    for outcome in STUDY["outputs"]:
        assert summary[outcome] == pytest.approx(first[outcome], rel=1e-12, abs=1e-12), \
            outcome


REGION = {**STUDY, "name": "replay_region",
          "base": {**STUDY["base"], "n_communities": 2},
          "design": {"kind": "grid", "factors": {"stereotype_strength": [0.3, 0.8]}}}


def test_a_region_study_prints_a_replay_command_that_gives_the_stored_numbers(
        tmp_path, capsys):
    result = run_experiment(REGION, out=tmp_path, workers=1, progress=False)
    report = result.report.read_text()
    assert "runs of a single community only" not in report
    argv, summary = replayed(report, capsys)
    assert "n_communities=2" in argv
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    first = runs[runs["status"] == "ok"].sort_values(["point_index", "replication"]).iloc[0]
    for outcome in REGION["outputs"]:
        assert summary[outcome] == pytest.approx(first[outcome], rel=1e-12, abs=1e-12), \
            outcome
