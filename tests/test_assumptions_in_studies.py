"""The modeller's assumptions reach every run of a study and of `lcsim run`, are validated
like parameters, and decide whether stored runs may be reused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lcsim import Assumptions, Params, build_model
from lcsim.cli import main
from lcsim.experiments import ConfigError, run_experiment

GRID = Path(__file__).parent / "configs" / "tiny_grid.toml"
QUIET = {"workers": 1, "progress": False, "report": False}
CHANGE = {"learning_rate": 0.3}


def grid_with(assumptions: dict) -> dict:
    config = tomllib.loads(GRID.read_text())
    config["assumptions"] = assumptions
    return config


def test_a_studys_assumptions_reach_every_run(tmp_path: Path):
    results = run_experiment(grid_with(CHANGE), out=tmp_path, **QUIET)
    default = run_experiment(GRID, out=tmp_path / "default", **QUIET)
    for _, row in results.runs.head(4).iterrows():
        params = Params.from_dict({k.removeprefix("param_"): row[k] for k in row.index
                                   if k.startswith("param_")})
        model = build_model(params, rng=int(row["seed"]), assumptions=CHANGE).run()
        assert row["mean_trust"] == model.summary()["mean_trust"]
    assert not results.runs["mean_trust"].equals(default.runs["mean_trust"])
    assert results.manifest["config"]["assumptions"] == CHANGE


def test_each_stored_run_says_its_assumptions_and_replays_from_its_row(tmp_path: Path, capsys):
    import json

    mix = [0.2, 0.15, 0.3, 0.2, 0.15]
    results = run_experiment(grid_with({**CHANGE, "role_mix": mix}), out=tmp_path, **QUIET)
    row = results.runs.iloc[1]
    assert row["assumption_learning_rate"] == 0.3
    assert row["assumption_role_mix"] == "0.2, 0.15, 0.3, 0.2, 0.15"
    settings = [f"{k.removeprefix('param_')}={json.dumps(row[k].item())}"
                for k in row.index if k.startswith("param_")]
    settings += [f"{k.removeprefix('assumption_')}={row[k]}" for k in row.index
                 if k.startswith("assumption_")]
    assert main(["run", "--json", "--seed", str(row["seed"]), "--set", *settings]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["mean_trust"] == row["mean_trust"]

def test_an_invalid_assumption_in_a_config_is_one_line_naming_its_key_path(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"assumptions\.learning_rate: .*must be a number "
                                          r"in \[0, 0\.5\]"):
        run_experiment(grid_with({"learning_rate": 9.0}), out=tmp_path, **QUIET)
    with pytest.raises(ConfigError, match=r"assumptions\.learnin_rate: .*did you mean "
                                          r"'learning_rate'"):
        run_experiment(grid_with({"learnin_rate": 0.1}), out=tmp_path, **QUIET)


def test_stored_runs_made_under_other_assumptions_are_not_reused(tmp_path: Path):
    run_experiment(GRID, out=tmp_path, **QUIET)
    with pytest.raises(ConfigError, match="assumptions.*--force"):
        run_experiment(grid_with(CHANGE), out=tmp_path, **QUIET)
    again = run_experiment(grid_with({}), out=tmp_path, **QUIET)
    assert again.executed == 0


def test_lcsim_run_sets_assumptions_and_params_lists_them(capsys):
    assert main(["params", "--assumptions"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in Assumptions.names())
    assert main(["run", "--json", "--seed", "3", "--set", "funding_years=1"]) == 0
    default = capsys.readouterr().out
    assert main(["run", "--json", "--seed", "3", "--set", "funding_years=1",
                 "learning_rate=0.3"]) == 0
    assert capsys.readouterr().out != default
    assert main(["run", "--set", "learning_rate=9"]) == 2
    assert "learning_rate" in capsys.readouterr().err
