"""A single-number model assumption can be a factor of a grid or sample design: it is
validated like a parameter, every run of a setting is made under the setting's value,
runs.parquet stores it per run, resume and replay respect it, and the report names it
by its name and unit."""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from test_report_replay import replayed

from lcsim import Params, build_model
from lcsim.experiments import ConfigError, load_config, run_experiment
from lcsim.experiments.answer import ParamWords
from lcsim.experiments.design import assumption_set_of, plan_runs
from lcsim.experiments.robustness import (
    Discovery,
    _discovery_cases,
    load_robustness,
    run_robustness,
    sampled_ranges,
)

QUIET = {"workers": 1, "progress": False}
OUTPUTS = ["immediate_value", "human_capital", "mean_trust"]
GRID = {
    "name": "assumption_grid", "question": "Do bridge-builders matter as much when people "
                                           "learn faster?",
    "replications": 2, "root_seed": 5, "outputs": OUTPUTS,
    "base": {"n_participants": 10, "funding_years": 0.5, "weeks_after_funding": 0},
    "design": {"kind": "grid",
               "factors": {"n_bridge_builders": [0, 2], "learning_rate": [0.1, 0.3]}},
}


def words(page: str) -> str:
    """The text of an HTML page, tags and styles removed, spaces collapsed."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("assumption_grid")
    return run_experiment(GRID, out=out, **QUIET)


def test_each_setting_of_a_grid_over_an_assumption_runs_under_its_value(grid):
    runs = grid.runs
    assert grid.ok and len(runs) == 8
    assert "param_learning_rate" not in runs.columns
    for _, row in runs.iterrows():
        value = row["assumption_learning_rate"]
        assert row["point"].endswith(f"learning_rate={value:g}")
        params = Params.from_dict({k.removeprefix("param_"): row[k] for k in row.index
                                   if k.startswith("param_")})
        model = build_model(params, rng=int(row["seed"]),
                            assumptions={"learning_rate": value}).run()
        assert row["immediate_value"] == model.summary()["immediate_value"]
    by_value = runs.groupby("assumption_learning_rate")["immediate_value"].mean()
    assert by_value[0.3] != by_value[0.1], "the assumption changes what the runs give"


def test_seeds_and_run_ids_of_an_assumption_grid_follow_the_design_as_for_parameters():
    tasks = plan_runs(load_config(GRID))
    assert [t.run_id for t in tasks][:3] == ["p00000-r00000", "p00000-r00001",
                                             "p00001-r00000"]
    assert tasks[0].seed == tasks[2].seed, "common random numbers across settings"
    assert [t.assumptions for t in tasks[::2]] == [{"learning_rate": v}
                                                   for v in (0.1, 0.3, 0.1, 0.3)]


def test_the_data_dictionary_says_the_factor_column_is_an_assumption_with_its_unit(grid):
    dictionary = pd.read_csv(grid.directory / "data_dictionary.csv")
    row = dictionary[dictionary["column"] == "assumption_learning_rate"].iloc[0]
    assert row["description"].startswith("assumption learning_rate")
    assert row["unit"] == "share of the gap"
    factors = [p["factors"] for p in grid.manifest["design_points"]]
    assert factors[1] == {"n_bridge_builders": 0, "learning_rate": 0.3}


def test_the_report_names_the_assumption_factor_by_its_name_and_unit(grid):
    text = words(grid.report.read_text())
    assert "assumed learning rate of 0.3 (share of the gap)" in text
    assert "parameter or assumption code name values unit" in text
    assert "assumed learning rate learning_rate 0.1, 0.3 share of the gap Share of a " \
           "knowledge gap" in text
    assert "What assumed learning rate adds" in text
    assert "Missing here" not in text and "Not computed" not in text, \
        "the figure of every combination and the interaction are drawn"
    assert ParamWords("learning_rate").axis_label() == \
        "assumed learning rate (share of the gap)"


def test_the_printed_replay_command_replays_a_run_made_under_an_assumption_factor(
        grid, capsys):
    page = grid.report.read_text()
    argv, summary = replayed(page, capsys)
    assert "learning_rate=0.1" in argv
    first = grid.runs.sort_values(["point_index", "replication"]).iloc[0]
    for outcome in OUTPUTS:
        assert summary[outcome] == pytest.approx(first[outcome], rel=1e-12, abs=1e-12)


def test_resuming_matches_stored_runs_on_their_assumption_values(tmp_path: Path):
    small = {**GRID, "replications": 1,
             "design": {"kind": "grid", "factors": {"learning_rate": [0.1, 0.3]}}}
    first = run_experiment(small, out=tmp_path, **QUIET, report=False)
    swapped = {**small, "design": {"kind": "grid", "factors": {"learning_rate": [0.3, 0.1]}}}
    again = run_experiment(swapped, out=tmp_path, **QUIET, report=False)
    assert again.executed == 0
    stored = again.runs.set_index("point")["immediate_value"]
    made = first.runs.set_index("point")["immediate_value"]
    assert again.runs["assumption_learning_rate"].tolist() == [0.3, 0.1]
    assert stored["learning_rate=0.3"] == made["learning_rate=0.3"]


def test_a_morris_sample_over_assumptions_and_a_lever_ranks_them_by_name(tmp_path: Path):
    config = {**GRID, "name": "assumption_morris", "replications": 1,
              "design": {"kind": "sample", "method": "morris", "samples": 3, "levels": 4,
                         "factors": {
                             "learning_rate": {"low": 0.02, "high": 0.4, "type": "float"},
                             "prior_trust_lift": {"low": 0.0, "high": 1.0, "type": "float"},
                             "stereotype_strength": {"low": 0.1, "high": 0.9,
                                                     "type": "float"}}}}
    result = run_experiment(config, out=tmp_path, **QUIET)
    runs = result.runs
    assert result.ok and len(runs) == 12
    assert runs["assumption_learning_rate"].between(0.02, 0.4).all()
    assert runs["assumption_learning_rate"].nunique() > 1
    text = words(result.report.read_text())
    assert "Not computed" not in text and "Missing here" not in text
    assert "assumed learning rate" in text and "assumed prior trust lift" in text
    assert "What moves" in text
    assert "Sensitivity index mu_star per parameter or assumption" in text
    assert "Sensitivity indices parameter or assumption " in text


def test_a_latin_sample_over_an_int_assumption_stores_whole_values(tmp_path: Path):
    config = {**GRID, "name": "assumption_latin", "replications": 1,
              "design": {"kind": "sample", "method": "latin", "samples": 44,
                         "factors": {"sprint_weeks": {"low": 2, "high": 5, "type": "int"}}}}
    result = run_experiment(config, out=tmp_path, **QUIET, report=False)
    values = result.runs["assumption_sprint_weeks"]
    assert str(values.dtype) == "int64" and values.between(2, 5).all()


def test_the_readmes_examples_of_assumption_factors_are_valid_configs():
    readme = (Path(__file__).resolve().parents[1] / "experiments" / "README.md").read_text()
    section = readme[readme.index("### An assumption as a factor"):]
    block = section[section.index("```toml") + 7:section.index("```", section.index(
        "```toml") + 7)]
    grid, sample = block.split("# or a sample")
    sample = "\n".join(line.removeprefix("# ") for line in sample.splitlines()[1:])
    question = {"name": "readme", "question": "?"}
    for text in (grid, sample):
        config = load_config({**question, **tomllib.loads(text)})
        assert any(t.assumptions for t in plan_runs(config.with_replications(1)))


def grid_with(factors: dict, **more) -> dict:
    return {**GRID, **more, "design": {"kind": "grid", "factors": factors}}


@pytest.mark.parametrize(("config", "message"), [
    (grid_with({"learning_rate": [0.1, 0.9]}),
     r"^<config>: design\.factors\.learning_rate\[1\]: out of range; allowed: number in "
     r"\[0, 0\.5\] \(share of the gap\); got 0\.9$"),
    (grid_with({"sprint_weeks": [2, 2.5]}),
     r"design\.factors\.sprint_weeks\[1\]: must be a whole number in \[1, 10\] \(weeks\)"),
    (grid_with({"role_mix": [[0.2, 0.2, 0.2, 0.2, 0.2]]}),
     r"design\.factors\.role_mix: 'role_mix' is a table assumption \(5 numbers .*\), and "
     r"a design factor takes single numbers"),
    (grid_with({"learnin_rate": [0.1]}),
     r"design\.factors\.learnin_rate: 'learnin_rate' \(did you mean 'learning_rate'\?\) is "
     r"not a model parameter or a model assumption"),
    (grid_with({"learning_rate": [0.1, 0.2]}, assumptions={"learning_rate": 0.1}),
     r"design\.factors\.learning_rate: learning_rate is varied by the design and also set "
     r"under \[assumptions\]"),
    (grid_with({"learning_rate": [0.1, 0.2]}, baseline={"learning_rate": 0.15}),
     r"^<config>: baseline: .* is not a point of the grid"),
    ({**GRID, "design": {"kind": "sample", "method": "latin", "samples": 4, "factors": {
        "learning_rate": {"low": 0.0, "high": 0.9, "type": "float"}}}},
     r"design\.factors\.learning_rate\.high: out of range; allowed: number in \[0, 0\.5\] "
     r"\(share of the gap\)"),
    ({**GRID, "design": {"kind": "sample", "method": "latin", "samples": 4, "factors": {
        "sprint_weeks": {"low": 2, "high": 5, "type": "float"}}}},
     r"design\.factors\.sprint_weeks\.type: sprint_weeks is int, so type must be 'int'"),
])
def test_a_bad_assumption_factor_is_one_line_naming_its_key_path(config, message):
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(config)
    assert "\n" not in str(caught.value)


def test_a_decimal_comma_in_an_assumption_factor_names_the_assumptions_range(
        tmp_path: Path):
    path = tmp_path / "comma.toml"
    path.write_text('name = "comma"\nquestion = "?"\n[design]\nkind = "grid"\n'
                    'factors = { n_bridge_builders = [0, 2], learning_rate = [0.05, 0,2] }\n')
    with pytest.raises(ConfigError, match=r"design\.factors\.learning_rate: '0,2' looks like "
                                          r"a decimal comma.*; learning_rate is a number in "
                                          r"\[0, 0\.5\] \(share of the gap\)$"):
        load_config(path)


def test_a_baseline_may_name_a_setting_of_an_assumption_factor():
    config = load_config(grid_with({"learning_rate": [0.1, 0.2]},
                                   baseline={"learning_rate": 0.2}))
    from lcsim.experiments.config import baseline_name

    assert baseline_name(config) == "learning_rate=0.2"


def test_a_name_that_is_both_a_parameter_and_an_assumption_is_refused(monkeypatch):
    from lcsim import Assumptions

    declared = Params.spec

    def spec(name):  # as if learning_rate were declared as a parameter too
        return Assumptions.spec(name) if name == "learning_rate" else declared(name)

    monkeypatch.setattr(Params, "spec", staticmethod(spec))
    with pytest.raises(ConfigError, match=r"design\.factors\.learning_rate: 'learning_rate' "
                                          r"is both a model parameter and a model "
                                          r"assumption"):
        load_config(grid_with({"learning_rate": [0.1, 0.2]}))


def robust(table: dict) -> dict:
    return {**grid_with({"n_bridge_builders": [0, 2], "learning_rate": [0.1, 0.3]}),
            "robustness": table}


def test_a_robustness_ensemble_leaves_an_assumption_factor_to_the_design():
    config, spec = load_robustness(robust({"samples": 2}))
    ranges = sampled_ranges(spec, config)
    assert "learning_rate" not in ranges and "prior_trust_lift" in ranges
    for key, value in (("vary", ["learning_rate"]), ("ranges", {"learning_rate": [0.1, 0.2]})):
        with pytest.raises(ConfigError, match=rf"robustness\.{key}: learning_rate is a "
                                              r"factor of the study's design, so the "
                                              r"ensemble cannot vary it too"):
            load_robustness(robust({"samples": 2, key: value}))


def test_a_robustness_study_stores_each_runs_design_and_ensemble_assumptions(tmp_path: Path):
    config = {**robust({"samples": 1, "vary": ["prior_trust_lift"]}), "replications": 1}
    result = run_robustness(config, out=tmp_path, **QUIET, report=False)
    runs = result.results.runs
    study = runs[runs["run_id"].str.match(r"a\d+-p\d+-r\d+") & runs["point_index"].lt(4)]
    assert len(study) == 8
    assert study.groupby("point")["assumption_learning_rate"].nunique().eq(1).all()
    assert sorted(study["assumption_learning_rate"].unique()) == [0.1, 0.3]
    assert study["assumption_prior_trust_lift"].nunique() == 2
    study = study.assign(assumption_set=[assumption_set_of(r) for r in study["run_id"]])
    cases, factors = _discovery_cases(study, result.sets, Discovery("immediate_value", 0.0),
                                      ["prior_trust_lift"])
    assert factors == ["param_n_bridge_builders", "assumption_learning_rate"], \
        "scenario discovery looks at the design's assumption factor as at its lever"
    assert len(cases) == 4


def test_an_ensemble_file_that_varies_an_assumption_factor_is_refused(tmp_path: Path):
    sets = tmp_path / "sets.parquet"
    pd.DataFrame({"assumption_learning_rate": [0.2]}).to_parquet(sets)
    with pytest.raises(ConfigError, match=r"--assumptions-ensemble: .*sets\.parquet: column "
                                          r"assumption_learning_rate: learning_rate is a "
                                          r"factor of the study's design"):
        run_robustness(robust({"samples": 1}), out=tmp_path / "out", ensemble=sets,
                       **QUIET, report=False)
