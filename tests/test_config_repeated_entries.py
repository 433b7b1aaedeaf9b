"""A study config that names an entry twice is refused when it is read, before any run,
with one line naming the file, the key and the repeated entry (an output kept twice used
to run every run and then fail to read its own runs.parquet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcsim.experiments import ConfigError, load_config

HEAD = """
name = "probe"
question = "Are repeats refused?"
replications = 2
"""

GRID = """
[design]
kind = "grid"
factors = { n_bridge_builders = [0, 1] }
"""


def error_of(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "study.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return caught.value


def test_an_output_listed_twice_is_refused_naming_both_places(tmp_path: Path):
    err = error_of(tmp_path, HEAD + 'outputs = ["survived", "survived", '
                                    '"products_landed_practice"]\n' + GRID)
    assert err.path == "outputs[1]"
    assert "'survived' is listed twice (also outputs[0])" in str(err)


def test_a_series_listed_twice_is_refused(tmp_path: Path):
    err = error_of(tmp_path, HEAD + 'series = ["phase", "active_members", "phase"]\n' + GRID)
    assert err.path == "series[2]" and "'phase' is listed twice (also series[0])" in str(err)


def test_two_derived_outcomes_of_one_name_are_refused_as_a_repeat(tmp_path: Path):
    derived = ('[[derived]]\nname = "per_member"\nnumerator = "products_landed_practice"\n'
               'denominator = ["n_participants"]\n')
    err = error_of(tmp_path, HEAD + GRID + derived + derived)
    assert err.path == "derived[1].name"
    assert "'per_member' is listed twice (also derived[0].name)" in str(err)


def test_a_denominator_term_listed_twice_is_refused(tmp_path: Path):
    derived = ('[[derived]]\nname = "per_member"\nnumerator = "products_landed_practice"\n'
               'denominator = ["n_participants", "n_participants"]\n')
    err = error_of(tmp_path, HEAD + GRID + derived)
    assert err.path == "derived[0].denominator[1]" and "listed twice" in str(err)


def test_a_grid_factor_given_twice_is_named_with_its_lines(tmp_path: Path):
    err = error_of(tmp_path, HEAD + '[design]\nkind = "grid"\n[design.factors]\n'
                                    'n_bridge_builders = [0, 1]\nn_bridge_builders = [2]\n')
    assert err.path == "design.factors.n_bridge_builders"
    assert "is given twice (lines 8 and 9)" in str(err)


def test_a_factor_given_twice_in_an_inline_table_is_named(tmp_path: Path):
    err = error_of(tmp_path, HEAD + '[design]\nkind = "grid"\n'
                                    'factors = { n_bridge_builders = [0], '
                                    'n_bridge_builders = [1] }\n')
    assert err.path == "design.factors.n_bridge_builders" and "given twice" in str(err)


def test_a_sample_factor_given_twice_is_named(tmp_path: Path):
    err = error_of(tmp_path, HEAD + '[design]\nkind = "sample"\nmethod = "sobol"\n'
                                    'samples = 8\n[design.factors]\n'
                                    'alignment = { low = 0.0, high = 1.0, type = "float" }\n'
                                    'alignment = { low = 0.1, high = 0.9, type = "float" }\n')
    assert err.path == "design.factors.alignment" and "given twice" in str(err)


def test_a_table_declared_twice_is_named(tmp_path: Path):
    err = error_of(tmp_path, HEAD + "[base]\nn_participants = 8\n[base]\nalignment = 0.5\n"
                   + GRID)
    assert err.path == "base" and "given twice" in str(err)


def test_a_scenario_name_used_twice_is_refused(tmp_path: Path):
    scenario = '[[design.scenarios]]\nname = "a"\nparams = {{ n_bridge_builders = {n} }}\n'
    err = error_of(tmp_path, HEAD + '[design]\nkind = "scenarios"\n'
                   + scenario.format(n=0) + scenario.format(n=1))
    assert err.path == "design.scenarios[1].name" and "'a' repeats" in str(err)


def test_a_grid_value_given_twice_is_refused(tmp_path: Path):
    err = error_of(tmp_path, HEAD + GRID.replace("[0, 1]", "[0, 1, 1]"))
    assert err.path == "design.factors.n_bridge_builders" and "distinct" in str(err)


def test_distinct_outputs_series_and_derived_still_load(tmp_path: Path):
    path = tmp_path / "study.toml"
    path.write_text(HEAD + 'outputs = ["survived", "products_landed_practice"]\n'
                    'series = ["phase"]\n' + GRID
                    + '[[derived]]\nname = "per_member"\nnumerator = "products_landed_practice"\n'
                      'denominator = ["n_participants", "funding_years"]\n')
    config = load_config(path)
    assert config.outcome_names() == ["survived", "products_landed_practice", "per_member"]
