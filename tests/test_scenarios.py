"""Every shipped preset and config loads, validates and runs (the mesa-examples contract)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from lcsim import LearningCommunityModel, ParameterError, Params
from lcsim.scenarios import CLASSROOM, CONFIGS, Scenario, classroom_presets, load_scenarios

PRESETS = classroom_presets()
CONFIG_FILES = sorted(CONFIGS.glob("*.toml"))


def test_there_are_classroom_presets_starting_with_a_baseline():
    assert CLASSROOM.exists()
    assert len(PRESETS) >= 2
    assert "baseline" in PRESETS


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_classroom_preset_loads_validates_and_runs(name):
    scenario = PRESETS[name]
    assert isinstance(scenario, Scenario)
    assert scenario.name == name
    assert scenario.description.strip(), "the dashboard shows this line to the class"
    params = scenario.params()
    assert isinstance(params, Params)
    for key, value in scenario.overrides.items():
        assert getattr(params, key) == value
    model = LearningCommunityModel(params, rng=1)
    for _ in range(5):
        model.step()
    assert model.steps == 5
    assert len(model.summary()) > 0


@pytest.mark.parametrize("name", [n for n in PRESETS if n != "baseline"])
def test_every_preset_other_than_baseline_changes_something(name):
    assert PRESETS[name].params() != Params()


def test_presets_apply_on_top_of_a_given_base():
    base = Params(n_participants=12)
    for scenario in PRESETS.values():
        assert scenario.params(base).n_participants == 12 or \
            "n_participants" in scenario.overrides


@pytest.mark.parametrize("path", CONFIG_FILES, ids=lambda p: p.name)
def test_every_config_file_is_valid_toml_and_its_scenarios_load(path):
    with path.open("rb") as handle:
        config = tomllib.load(handle)
    scenarios = load_scenarios(path)
    declared = config.get("design", {}).get("scenarios", [])
    assert len(scenarios) == len(declared), "scenario names must be unique"
    for scenario in scenarios.values():
        model = LearningCommunityModel(scenario.params(), rng=1)
        model.step()
    baseline = config.get("baseline")
    if isinstance(baseline, str) and declared:
        assert baseline in scenarios, f"{path.name}: baseline {baseline!r} is not a scenario"


def test_a_preset_with_a_bad_value_is_rejected_naming_file_and_parameter(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[design.scenarios]]\nname = "oops"\nparams = { funding_years = 40 }\n')
    with pytest.raises(ParameterError) as err:
        load_scenarios(bad)
    message = str(err.value)
    assert "bad.toml" in message and "funding_years" in message and "[0, 15]" in message


def test_a_preset_with_an_unknown_parameter_is_rejected(tmp_path: Path):
    bad = tmp_path / "typo.toml"
    bad.write_text('[[design.scenarios]]\nname = "typo"\nparams = { n_bridgebuilders = 2 }\n')
    with pytest.raises(ParameterError, match="n_bridgebuilders"):
        load_scenarios(bad)


def test_base_values_apply_to_every_scenario(tmp_path: Path):
    config = tmp_path / "based.toml"
    config.write_text('[base]\nn_participants = 12\n\n'
                      '[[design.scenarios]]\nname = "a"\nparams = {}\n\n'
                      '[[design.scenarios]]\nname = "b"\nparams = { n_participants = 20 }\n')
    scenarios = load_scenarios(config)
    assert list(scenarios) == ["a", "b"]
    assert scenarios["a"].params().n_participants == 12
    assert scenarios["b"].params().n_participants == 20
