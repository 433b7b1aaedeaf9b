"""Experiment configs: every shipped config validates, and every kind of mistake gives one
clear message naming the file, the key path and what is allowed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from lcsim import Params
from lcsim.experiments import ConfigError, load_config
from lcsim.experiments.config import ROBUSTNESS_KEYS, baseline_name
from lcsim.experiments.design import design_points, plan_runs, run_seed
from lcsim.experiments.robustness import load_robustness
from lcsim.scenarios import CONFIGS, classroom_presets

HERE = Path(__file__).parent
SHIPPED = sorted(CONFIGS.glob("*.toml"))
TEST_CONFIGS = sorted((HERE / "configs").glob("*.toml"))

GOOD = """
name = "probe"
question = "Does validation work?"
replications = 2
root_seed = 1
[base]
n_participants = 8
[design]
kind = "grid"
factors = { n_bridge_builders = [0, 1] }
"""


def write(tmp_path: Path, text: str, name: str = "study.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def error_of(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    err = caught.value
    message = str(err)
    assert message.startswith(f"{path}: "), "the message names the file first"
    assert "\n" not in message, "one message, one line"
    return err


# --------------------------------------------------------------------------- shipped configs
@pytest.mark.parametrize("path", SHIPPED + TEST_CONFIGS, ids=lambda p: p.name)
def test_every_shipped_and_test_config_validates_and_plans(path: Path):
    if set(ROBUSTNESS_KEYS) & set(tomllib.loads(path.read_text())):
        config, _ = load_robustness(path)  # a robustness study's config
    else:
        config = load_config(path)
    tasks = plan_runs(config)
    points = design_points(config)
    assert len(tasks) == len(points) * config.replications > 0
    assert len({t.run_id for t in tasks}) == len(tasks)
    if config.baseline is not None:
        assert baseline_name(config) in {p.name for p in points}


def test_classroom_config_keeps_the_dashboard_scenarios():
    config = load_config(CONFIGS / "classroom.toml")
    assert [p.name for p in design_points(config)] == list(classroom_presets())


def test_studies_the_readme_promises_exist():
    names = {p.stem for p in SHIPPED}
    assert {"funding_horizon", "bridge_builders", "seven_lessons", "classroom"} <= names
    seven = load_config(CONFIGS / "seven_lessons.toml")
    lessons = {s.name for s in Params.specs() if s.group == "lessons"}
    assert set(seven.design.factors) == lessons
    bridge = load_config(CONFIGS / "bridge_builders.toml")
    assert list(bridge.design.factors)[0] == "n_bridge_builders"
    assert bridge.design.factors["n_bridge_builders"] == [0, 1, 2, 3, 4]
    assert len(bridge.design.factors["stereotype_strength"]) == 2


def test_the_bridge_study_leads_with_knowledge_combined_while_funded():
    """experiments/README (Robustness): the interaction shows in knowledge combined over
    the funded years, not at the end of the run, so the study's answer reads that one."""
    bridge = load_config(CONFIGS / "bridge_builders.toml")
    assert bridge.outputs[0] == "knowledge_combination_funded"


def test_a_good_config_loads(tmp_path: Path):
    config = load_config(write(tmp_path, GOOD))
    assert [p.name for p in design_points(config)] == ["n_bridge_builders=0",
                                                       "n_bridge_builders=1"]
    assert all(p.params["n_participants"] == 8 for p in design_points(config))


# --------------------------------------------------------------------------- each mistake
def test_unknown_top_level_key_is_named_with_a_suggestion(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("replications = 2", "replicatons = 2"))
    assert err.path == "replicatons"
    assert "unknown key 'replicatons'" in str(err)
    assert "did you mean 'replications'" in str(err)
    assert "allowed keys here:" in str(err) and "root_seed" in str(err)


def test_unknown_key_inside_the_design_names_its_path(tmp_path: Path):
    err = error_of(tmp_path, GOOD + "levels = 3\n")
    assert err.path == "design.levels"
    assert "allowed keys here: kind, factors" in str(err)


def one_scenario(line: str) -> str:
    """A scenarios config whose one scenario, "a", has `line` besides its name."""
    return f"""
name = "s"
question = "q"
[design]
kind = "scenarios"
[[design.scenarios]]
name = "a"
{line}
"""


def test_unknown_key_inside_a_scenario(tmp_path: Path):
    err = error_of(tmp_path, one_scenario("parms = { n_bridge_builders = 0 }"))
    assert err.path == "design.scenarios[0].parms"
    assert "did you mean 'params'" in str(err)


def test_wrong_type_of_a_setting(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("replications = 2", 'replications = "ten"'))
    assert err.path == "replications"
    assert "valid integer" in str(err) and "'ten' (a string)" in str(err)


def test_wrong_type_of_a_parameter_value_uses_the_params_range(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("n_participants = 8", 'n_participants = "many"'))
    spec = Params.spec("n_participants")
    assert err.path == "base.n_participants"
    assert f"must be {spec.allowed} ({spec.unit})" in str(err)
    assert "'many'" in str(err)


def test_out_of_range_factor_value_names_the_item_and_the_allowed_range(tmp_path: Path):
    spec = Params.spec("n_bridge_builders")
    too_many = int(spec.high) + 10
    err = error_of(tmp_path, GOOD.replace("[0, 1]", f"[0, {too_many}]"))
    assert err.path == "design.factors.n_bridge_builders[1]"
    assert f"out of range; allowed: {spec.range_text}" in str(err)
    assert str(too_many) in str(err)


def test_out_of_range_base_value(tmp_path: Path):
    spec = Params.spec("funding_years")
    err = error_of(tmp_path, GOOD.replace("n_participants = 8",
                                          f"funding_years = {spec.high + 1}"))
    assert err.path == "base.funding_years"
    assert spec.range_text in str(err)


def test_swept_parameter_that_does_not_exist(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("n_bridge_builders = [0, 1]",
                                          "n_bridgebuilders = [0, 1]"))
    assert err.path == "design.factors.n_bridgebuilders"
    assert "is not a model parameter" in str(err)
    assert "did you mean 'n_bridge_builders'" in str(err)
    assert "lcsim params" in str(err)


def test_scenario_parameter_that_does_not_exist(tmp_path: Path):
    err = error_of(tmp_path, one_scenario("params = { stereotyping = 0.5 }"))
    assert err.path == "design.scenarios[0].params.stereotyping"
    assert "is not a model parameter" in str(err)


@pytest.mark.parametrize("design, path", [
    ('kind = "grid"\nfactors = {}', "design.factors"),
    ('kind = "grid"\nfactors = { n_bridge_builders = [] }', "design.factors.n_bridge_builders"),
    ('kind = "scenarios"\nscenarios = []', "design.scenarios"),
    ('kind = "sample"\nmethod = "morris"\nsamples = 4\nfactors = {}', "design.factors"),
])
def test_empty_design(tmp_path: Path, design: str, path: str):
    text = f'name = "e"\nquestion = "q"\n[design]\n{design}\n'
    err = error_of(tmp_path, text)
    assert err.path == path
    assert "the design is empty" in str(err)


def test_missing_and_unknown_design_kind(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace('kind = "grid"\n', ""))
    assert err.path == "design.kind" and "required key is missing" in str(err)
    assert "'grid', 'scenarios', 'sample'" in str(err)
    err = error_of(tmp_path, GOOD.replace('kind = "grid"', 'kind = "factorial"'))
    assert err.path == "design.kind" and "'factorial'" in str(err)


def test_missing_required_key(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace('question = "Does validation work?"\n', ""))
    assert err.path == "question" and "required key is missing" in str(err)


def test_baseline_must_be_a_design_point(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("root_seed = 1", 'root_seed = 1\nbaseline = "nope"'))
    assert err.path == "baseline"
    assert "'n_bridge_builders=0'" in str(err)
    err = error_of(tmp_path, GOOD.replace("root_seed = 1",
                                          "root_seed = 1\nbaseline = { n_bridge_builders = 3 }"))
    assert err.path == "baseline" and "not a point of the grid" in str(err)
    assert "its values are n_bridge_builders: 0, 1" in str(err)


def test_outputs_and_series_must_exist(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("root_seed = 1",
                                          'root_seed = 1\noutputs = ["realised_value"]'))
    assert err.path == "outputs[0]" and "did you mean 'realized_value'" in str(err)
    assert "allowed:" not in str(err) and len(str(err)) < 300  # the hint, not all 70 names
    err = error_of(tmp_path, GOOD.replace("root_seed = 1", 'root_seed = 1\nseries = ["x"]'))
    assert err.path == "series[0]" and "allowed: " in str(err)  # no close name: the list


def test_sample_ranges_follow_params(tmp_path: Path):
    head = 'name = "s"\nquestion = "q"\n[design]\nkind = "sample"\nmethod = "sobol"\n'
    err = error_of(tmp_path, head + 'samples = 8\n[design.factors]\n'
                                    'alignment = { low = 0.0, high = 2.0, type = "float" }\n')
    assert err.path == "design.factors.alignment.high"
    assert Params.spec("alignment").range_text in str(err)
    err = error_of(tmp_path, head + 'samples = 8\n[design.factors]\n'
                                    'alignment = { low = 0.0, high = 1.0, type = "int" }\n')
    assert err.path == "design.factors.alignment.type" and "'float'" in str(err)
    err = error_of(tmp_path, head + 'samples = 8\n[design.factors]\n'
                                    'alignment = { low = 0.6, high = 0.4, type = "float" }\n')
    assert err.path == "design.factors.alignment" and "low must be below high" in str(err)
    err = error_of(tmp_path, head + 'samples = 10\n[design.factors]\n'
                                    'alignment = { low = 0.0, high = 1.0, type = "float" }\n')
    assert err.path == "design.samples" and "power of two" in str(err)
    err = error_of(tmp_path, head.replace("sobol", "latin") + 'samples = 10\n[design.factors]\n'
                   'bb_team = { low = 0.0, high = 1.0, type = "int" }\n')
    assert err.path == "design.factors.bb_team" and "cannot be sampled" in str(err)


def test_not_toml_and_missing_file(tmp_path: Path):
    err = error_of(tmp_path, "name = \n")
    assert "not valid TOML" in str(err)
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.toml")


def test_cli_prints_the_error_without_traceback_and_exits_2(tmp_path: Path):
    path = write(tmp_path, GOOD.replace("[0, 1]", "[0, 99]"))
    done = subprocess.run([sys.executable, "-m", "lcsim", "experiment", str(path), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"error: {path}: design.factors.n_bridge_builders[1]: out of range" in done.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- seeds and plans
def test_common_random_numbers_share_seeds_across_points(tmp_path: Path):
    config = load_config(write(tmp_path, GOOD.replace("replications = 2", "replications = 3")))
    tasks = plan_runs(config)
    by_point: dict[int, list[int]] = {}
    for task in tasks:
        by_point.setdefault(task.point_index, []).append(task.seed)
    assert by_point[0] == by_point[1]
    assert len(set(by_point[0])) == 3
    expected = np.random.SeedSequence(1).spawn(3)[2].generate_state(1, np.uint64)[0] >> 1
    assert by_point[0][2] == int(expected)


def test_without_common_random_numbers_every_run_has_its_own_seed(tmp_path: Path):
    text = GOOD.replace("root_seed = 1", "root_seed = 1\ncommon_random_numbers = false")
    tasks = plan_runs(load_config(write(tmp_path, text)))
    assert len({t.seed for t in tasks}) == len(tasks)


def test_more_replications_keep_the_earlier_seeds(tmp_path: Path):
    config = load_config(write(tmp_path, GOOD))
    small = {t.run_id: t.seed for t in plan_runs(config)}
    large = {t.run_id: t.seed for t in plan_runs(config.with_replications(5))}
    assert all(large[k] == v for k, v in small.items())
    assert config.results_hash() == config.with_replications(5).results_hash()
    assert run_seed(1, 0, 0, True) == run_seed(1, 7, 0, True)
    assert run_seed(1, 0, 0, False) != run_seed(1, 7, 0, False)


def test_results_hash_changes_with_what_runs_compute(tmp_path: Path):
    one = load_config(write(tmp_path, GOOD, "a.toml"))
    other = load_config(write(tmp_path, GOOD.replace("n_participants = 8",
                                                     "n_participants = 9"), "b.toml"))
    reworded = load_config(write(tmp_path, GOOD.replace("Does validation work?", "Reworded?"),
                                 "c.toml"))
    assert one.results_hash() != other.results_hash()
    assert one.results_hash() == reworded.results_hash()


def test_a_dict_config_is_accepted(tmp_path: Path):
    config = load_config({"name": "d", "question": "q",
                          "design": {"kind": "scenarios",
                                     "scenarios": [{"name": "only", "params": {}}]}})
    assert [p.name for p in design_points(config)] == ["only"]
    with pytest.raises(ConfigError, match=r"^<config>: design.scenarios\[0\].params.x"):
        load_config({"name": "d", "question": "q",
                     "design": {"kind": "scenarios",
                                "scenarios": [{"name": "only", "params": {"x": 1}}]}})


def test_region_outcomes_need_a_region(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("root_seed = 1",
                                          'root_seed = 1\noutputs = ["realized_value_sd"]'))
    assert err.path == "outputs[0]" and "only reported by regions" in str(err)
    region = GOOD.replace("n_participants = 8", "n_participants = 8\nn_communities = 2")
    config = load_config(write(tmp_path, region.replace(
        "root_seed = 1", 'root_seed = 1\noutputs = ["realized_value_sd"]')))
    assert config.uses_regions()


# --------------------------------------------------------------------------- misspelled keys
SAMPLE = """
name = "probe"
question = "q"
[design]
kind = "sample"
method = "latin"
samples = 64
[design.factors]
alignment = { low = 0.0, high = 1.0, type = "float" }
"""

DERIVED = GOOD + """
[[derived]]
name = "value_per_builder"
numerator = "realized_value"
denominator = ["n_bridge_builders"]
"""


@pytest.mark.parametrize("text, wrong, meant, path", [
    # A misspelled required key also leaves that key missing; the misspelling is named.
    (SAMPLE.replace("[design.factors]", "[design.factor]"), "factor", "factors",
     "design.factor"),
    (GOOD.replace("factors = {", "factor = {"), "factor", "factors", "design.factor"),
    (SAMPLE.replace('method = "latin"', 'methd = "latin"'), "methd", "method", "design.methd"),
    (SAMPLE.replace("high = 1.0", "hihg = 1.0"), "hihg", "high",
     "design.factors.alignment.hihg"),
    (one_scenario("").replace('name = "a"', 'nmae = "a"'), "nmae", "name",
     "design.scenarios[0].nmae"),
    (DERIVED.replace("numerator =", "numerater ="), "numerater", "numerator",
     "derived[0].numerater"),
    (GOOD.replace('question = "Does validation work?"', 'questoin = "Does validation work?"'),
     "questoin", "question", "questoin"),
    (GOOD.replace('kind = "grid"', 'knd = "grid"'), "knd", "kind", "design.knd"),
])
def test_a_misspelled_key_is_named_with_a_suggestion_at_every_level(tmp_path: Path, text,
                                                                     wrong, meant, path):
    err = error_of(tmp_path, text)
    assert err.path == path
    assert f"unknown key {wrong!r} (did you mean {meant!r}?)" in str(err)
    assert "required key is missing" not in str(err)
    assert "more problem" not in str(err), "the missing key it misspells is no other problem"


def test_a_misspelling_does_not_hide_a_second_real_problem(tmp_path: Path):
    text = GOOD.replace("factors = {", "factor = {").replace("replications = 2",
                                                             'replications = "two"')
    err = error_of(tmp_path, text)
    assert err.path == "design.factor" and "(and 1 more problem)" in str(err)


# --------------------------------------------------------------------------- seeds
@pytest.mark.parametrize("seed", [2**64, 2**63, -1])
def test_root_seed_outside_what_lcsim_run_seed_takes_is_refused(tmp_path: Path, seed: int):
    err = error_of(tmp_path, GOOD.replace("root_seed = 1", f"root_seed = {seed}"))
    assert err.path == "root_seed"
    assert f"out of range; allowed: 0 to {2**63 - 1} (2**63 - 1); got {seed}" in str(err)


def test_the_largest_root_seed_plans_runs_with_seeds_lcsim_run_takes(tmp_path: Path):
    config = load_config(write(tmp_path, GOOD.replace("root_seed = 1",
                                                      f"root_seed = {2**63 - 1}")))
    assert all(0 <= t.seed <= 2**63 - 1 for t in plan_runs(config))


def test_other_bounded_numbers_name_their_range(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("replications = 2", "replications = 0"))
    assert err.path == "replications" and "allowed: 1 to 100000; got 0" in str(err)
    err = error_of(tmp_path, SAMPLE.replace("samples = 64", "samples = 1"))
    assert err.path == "design.samples" and "allowed: 2 to 1000000; got 1" in str(err)


def test_an_empty_list_of_outputs_is_refused(tmp_path: Path):
    err = error_of(tmp_path, SAMPLE.replace('question = "q"',
                                            'question = "q"\noutputs = []'))
    assert err.path == "outputs" and "at least one outcome" in str(err)


def test_a_design_point_with_more_bridge_builders_than_can_hold_the_function_is_refused(
        tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("n_participants = 8", "n_participants = 6")
                   .replace("[0, 1]", "[0, 5]"))
    assert err.path == "design"
    assert "'n_bridge_builders=5'" in str(err) and "at most 4 in a community of 6" in str(err)


def test_an_assumption_error_names_the_table_once_and_gives_one_hint(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("root_seed = 1",
                                          "root_seed = 1\n[assumptions]\nlearning_rat = 0.1"))
    text = str(err)
    assert "assumptions: assumptions" not in text and "did you mean 'learning_rate'" in text
    assert text.count("lcsim params --assumptions") == 1


def test_a_decimal_comma_in_a_config_says_write_decimals_with_a_point(tmp_path: Path):
    err = error_of(tmp_path, 'name = "x"\n[base]\nfollow_up_coverage = 0,2\n')
    assert "not valid TOML" in str(err) and "(at line 3, column 23)" in str(err)
    assert str(err).endswith("write decimals with a point (follow_up_coverage = 0.2)")
    assert "\n" not in str(err)


def test_a_yes_no_parameter_refuses_one_and_zero(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace("n_participants = 8",
                                          "n_participants = 8\nbb_team = 1"))
    assert err.path == "base.bb_team" and "must be true or false" in str(err)
    load_config(write(tmp_path, GOOD.replace("n_participants = 8",
                                             "n_participants = 8\nbb_team = true"), "ok.toml"))


def test_an_assumption_under_base_is_pointed_to_assumptions(tmp_path: Path):
    err = error_of(tmp_path, GOOD.replace(
        "n_participants = 8", "n_participants = 8\nrole_mix = [0.2, 0.2, 0.2, 0.2, 0.2]"))
    assert err.path == "base.role_mix"
    assert "model assumption: set it under [assumptions]" in str(err)


def test_a_parameter_set_under_base_and_varied_by_the_design_is_refused(tmp_path: Path):
    """The researcher's tryout: n_bridge_builders = 3 under [base] and [0, 2] in the grid
    ran 0 and 2, and the report's design listed 3 as fixed for every run."""
    err = error_of(tmp_path, GOOD.replace("n_participants = 8",
                                          "n_participants = 8\nn_bridge_builders = 3"))
    assert err.path == "design.factors.n_bridge_builders"
    assert "varied by the design and also set under [base]; give it in one place" in str(err)
    assert "\n" not in str(err)
