"""lcsim robustness: assumption ensembles, findings, the pattern filter, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lcsim.experiments.config import ConfigError
from lcsim.experiments.robustness import load_robustness, read_ensemble, run_robustness
from lcsim.experiments.worker import simulate
from lcsim.params import Params

TINY = {
    "name": "tiny", "question": "Does more funding give more value?", "replications": 2,
    "root_seed": 3, "outputs": ["realized_value", "survived"], "series": ["realized_value"],
    "base": {"n_participants": 8, "weeks_after_funding": 13},
    "design": {"kind": "grid", "factors": {"funding_years": [0.2, 0.5]}},
    "robustness": {"samples": 3, "spread": 0.3},
    "findings": [{"name": "0.5 years beat 0.2", "outcome": "realized_value",
                  "comparison": ["funding_years=0.5", "funding_years=0.2"],
                  "direction": "greater"}],
}


def flipping_run(params: Params, seed: int, assumptions: dict | None = None):
    """A stand-in model: more funding gives more value only when learning_rate > 0.25."""
    rate = (assumptions or {}).get("learning_rate", 0.05)
    noise = np.random.default_rng(seed).normal(0, 1e-3)
    value = params.funding_years * (rate - 0.25) + noise
    weekly = pd.DataFrame({"realized_value": [0.0, value]})
    return {"realized_value": value, "survived": 1.0}, weekly


def config(**robustness) -> dict:
    raw = {**TINY, "robustness": {**TINY["robustness"], **robustness}}
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}


def test_a_synthetic_assumption_that_flips_a_finding_is_detected_and_named(tmp_path):
    raw = config(samples=16, vary=["learning_rate", "success_base"],
                 ranges={"learning_rate": [0.0, 0.5]})
    out = run_robustness(raw, out=tmp_path / "r", workers=1, progress=False,
                         run_function=flipping_run)
    summary = out.summary.set_index("name").loc["0.5 years beat 0.2"]
    rates = out.sets.loc[~out.sets["is_default"], "assumption_learning_rate"]
    assert summary["all_holds"] == int((rates > 0.25).sum())
    assert not summary["holds_under_defaults"]  # 0.05 < 0.25
    top = out.sensitivity[out.sensitivity["name"] == "0.5 years beat 0.2"].iloc[0]
    assert top["assumption"] == "learning_rate" and top["flips"] and top["rho"] > 0.8
    page = out.report.read_text()
    assert "is most associated with &#x27;" in page  # its meaning first, then its name
    assert "&#x27; (learning_rate): the higher that is assumed, the larger the effect" in page
    assert "flips across the range of: &#x27;" in page and "&#x27; (learning_rate)." in page


def test_a_study_over_an_ensemble_file_equals_the_same_runs_one_by_one(tmp_path):
    first = run_robustness(config(samples=2), out=tmp_path / "drawn", workers=1,
                           progress=False, report=False)
    sets = first.sets[~first.sets["is_default"]]
    file = tmp_path / "ensemble.parquet"
    sets.drop(columns=["is_default"]).to_parquet(file)
    again = run_robustness(config(samples=99), out=tmp_path / "again", ensemble=file,
                           workers=2, progress=False, report=False)
    runs = again.results.runs
    assert len(runs) == 3 * 2 * 2 and (runs["status"] == "ok").all()
    values, _ = read_ensemble(file)
    for _, row in runs.iterrows():
        k = int(row["run_id"][1:6])
        changes = values[k - 1] if k else None
        params = Params.from_dict({n.removeprefix("param_"): row[n] for n in runs.columns
                                   if n.startswith("param_")})
        summary, _ = simulate(params, int(row["seed"]),
                              **({"assumptions": changes} if changes else {}))
        assert row["realized_value"] == pytest.approx(summary["realized_value"], abs=0)
        assert row["survived"] == summary["survived"]


def test_stored_runs_under_other_assumptions_are_refused_not_mixed(tmp_path):
    run_robustness(config(samples=2), out=tmp_path / "r", workers=1, progress=False,
                   report=False, run_function=flipping_run)
    with pytest.raises(ConfigError, match="do not match this plan"):
        run_robustness(config(samples=2, spread=0.5), out=tmp_path / "r", workers=1,
                       progress=False, report=False, run_function=flipping_run)
    same = run_robustness(config(samples=2), out=tmp_path / "r", workers=1, progress=False,
                          report=False, run_function=flipping_run)
    assert same.results.executed == 0 and len(same.results.runs) == 3 * 2 * 2


@pytest.mark.parametrize("change, key", [
    ({"robustness": {"sample": 3}}, "robustness.sample"),
    ({"robustness": {"ranges": {"learning_rate": [0.0, 9.0]}}}, "robustness.ranges"),
    ({"robustness": {"vary": ["no_such_thing"]}}, "robustness.vary"),
    ({"robustness": {"pattern_rule": "lenient"}}, "robustness.pattern_rule"),
    ({"findings": [{"name": "x", "outcome": "realized_value",
                    "comparison": ["funding_years=9", "funding_years=0.2"]}]}, "findings[0]"),
])
def test_config_mistakes_are_one_line_naming_the_key(change, key):
    raw = {**TINY, **change}
    with pytest.raises(ConfigError) as err:
        load_robustness(raw)
    assert key in str(err.value) and "\n" not in str(err.value)


def _pattern_runs(trust_rise: float, spread: float, replications: int = 4) -> dict:
    """One set's pattern runs in which only 'trust rises over two years' varies: the rise
    per replication is `trust_rise` plus evenly spread noise of half-width `spread`."""
    from lcsim.experiments.patterns import AT_WEEK, PATTERN_OUTPUTS, SCENARIOS, SUMMARY_KEYS

    rises = trust_rise + np.linspace(-spread, spread, replications)
    columns = dict.fromkeys((*SUMMARY_KEYS, *PATTERN_OUTPUTS), np.ones(replications))
    runs = {s.name: pd.DataFrame(columns) for s in SCENARIOS}
    start, two_years = (f"pattern_{k}_w{w}" for k, w in AT_WEEK[:2])
    runs["default"][start] = 0.1
    runs["default"][two_years] = 0.1 + rises
    return runs


@pytest.mark.parametrize("rise, spread, rule, kept", [
    (0.05, 0.01, "not_contradicted", True),   # clearly on the pattern's side
    (0.05, 0.01, "confirmed", True),
    (0.01, 0.2, "not_contradicted", True),    # too noisy to say: no evidence against
    (0.01, 0.2, "confirmed", False),          # ... nor for
    (-0.05, 0.01, "not_contradicted", False),  # clearly against the pattern
    (-0.05, 0.01, "confirmed", False),
])
def test_a_pattern_statistic_turns_a_set_away_by_its_rule(rise, spread, rule, kept):
    from lcsim.experiments.patterns import score_set

    rows = {r["statistic"]: r for r in score_set(_pattern_runs(rise, spread), 0.8, rule)}
    assert rows["trust rises over two years"]["holds"] is kept


def test_an_unmeasurable_pattern_statistic_holds_under_neither_rule():
    from lcsim.experiments.patterns import holds

    assert not holds(float("nan"), float("nan"), 0.0, "not_contradicted")
    assert not holds(float("nan"), float("nan"), 0.0, "confirmed")
    assert holds(0.0, 0.0, 0.0, "not_contradicted")  # every pair tied: no evidence against


@pytest.mark.slow
def test_the_accepted_ensemble_reproduces_the_patterns_when_rerun(tmp_path):
    raw = config(samples=2, patterns=True, pattern_replications=2, pattern_confidence=0.0)
    first = run_robustness(raw, out=tmp_path / "drawn", progress=False, report=False)
    scored = first.sets[~first.sets["is_default"]]
    file = tmp_path / "scored.parquet"
    scored.drop(columns=["is_default"]).to_parquet(file)
    again = run_robustness(raw, out=tmp_path / "again", ensemble=file, progress=False,
                           report=False)
    rerun = again.sets[~again.sets["is_default"]]
    assert list(rerun["accepted"]) == list(scored["accepted"])
    merged = first.patterns.merge(again.patterns, on=["assumption_set", "check"])
    assert np.allclose(merged["estimate_x"], merged["estimate_y"], equal_nan=True)
    accepted = pd.read_parquet(tmp_path / "drawn" / "accepted_assumptions.parquet")
    assert len(accepted) == int(scored["accepted"].sum())


def _write_config(path: Path, samples: int) -> None:
    path.write_text(f"""
name = "tiny"
question = "Does more funding give more value?"
replications = 2
root_seed = 3
outputs = ["realized_value", "survived"]
series = ["realized_value"]
[base]
n_participants = 8
weeks_after_funding = 13
[design]
kind = "grid"
factors = {{ funding_years = [0.2, 0.5] }}
[robustness]
samples = {samples}
spread = 0.3
""")


@pytest.mark.slow
def test_cli_kill_9_then_rerun_equals_a_clean_run(tmp_path):
    cfg = tmp_path / "tiny.toml"
    samples = 40  # 164 runs: long enough to be killed before they are all done
    _write_config(cfg, samples=samples)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "lcsim", "robustness", str(cfg), "--out", str(out),
           "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list((out / "parts").glob("batch-*.runs.parquet")
                                              if (out / "parts").exists() else []):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # as soon as the first batch is on disk
    proc.wait()
    assert not (out / "runs.parquet").exists()  # killed mid-sweep, before consolidation
    assert subprocess.run(cmd, capture_output=True).returncode == 0
    clean = tmp_path / "clean"
    assert subprocess.run([*cmd[:6], str(clean), *cmd[7:]],
                          capture_output=True).returncode == 0
    resumed = pd.read_parquet(out / "runs.parquet").set_index("run_id").sort_index()
    fresh = pd.read_parquet(clean / "runs.parquet").set_index("run_id").sort_index()
    assert len(fresh) == (samples + 1) * 2 * 2 and list(resumed.index) == list(fresh.index)
    columns = ["seed", "realized_value", "survived", "assumption_learning_rate"]
    pd.testing.assert_frame_equal(resumed[columns], fresh[columns])


def test_pattern_runs_measure_when_the_start_phase_ends_and_the_first_product_comes():
    from lcsim import LearningCommunityModel
    from lcsim.experiments.patterns import pattern_measures
    from lcsim.rules.phases import Phase
    model = LearningCommunityModel(rng=4, funding_years=1.0, weeks_after_funding=26).run()
    weekly = model.datacollector.get_model_vars_dataframe()
    measures = pattern_measures(model, weekly)
    phase = weekly["phase"].to_numpy()
    left = next(w for w, ph in enumerate(phase) if Phase.DESIGN <= ph <= Phase.SUSTAIN)
    assert measures["pattern_left_start_week"] == left
    made = weekly["products_developed"].to_numpy()
    first = next((w for w, n in enumerate(made) if n >= 1), float("inf"))
    assert measures["pattern_first_product_week"] == first
    assert model.products[0].week_developed == first if model.products else first == np.inf


def test_the_patterns_pin_down_only_an_assumption_that_separates_accepted_sets(monkeypatch):
    import lcsim.experiments.robustness as robustness
    from lcsim.experiments.robustness import ASSUMPTION_PREFIX, pattern_constraints

    rng = np.random.default_rng(7)
    names = ["learning_rate", *(f"noise_{i}" for i in range(20))]
    sets = pd.DataFrame({ASSUMPTION_PREFIX + n: rng.uniform(0, 1, 80) for n in names})
    sets["is_default"] = False
    sets["accepted"] = sets[ASSUMPTION_PREFIX + "learning_rate"] > 0.5
    ranges = dict.fromkeys(names, (0.0, 1.0))
    monkeypatch.setattr(robustness, "DEFAULTS", type("Defaults", (), dict.fromkeys(names, 0.5)))
    table = pattern_constraints(sets, ranges)
    assert table[table["pinned"]]["assumption"].tolist() == ["learning_rate"]
    assert table.iloc[0]["median_position"] > 0.5
    assert (table["p_adjusted"] >= table["p"]).all()


def test_lcsim_report_redraws_a_robustness_page_from_the_stored_runs(tmp_path, capsys):
    from lcsim.experiments.commands import command_report

    raw = config(samples=6, vary=["learning_rate"], ranges={"learning_rate": [0.0, 0.5]})
    first = run_robustness(raw, out=tmp_path / "r", workers=1, progress=False,
                           run_function=flipping_run)
    page = first.report.read_text()
    first.report.unlink()
    assert command_report(tmp_path / "r") == 0
    assert "robustness.html" in capsys.readouterr().out
    assert not (tmp_path / "r" / "report.html").exists()  # sets are not replications
    assert first.report.read_text().split("How this was made")[0] == \
        page.split("How this was made")[0]


def test_a_finding_is_said_to_hinge_on_an_assumption_only_after_allowing_for_many_tests():
    from lcsim.experiments.robustness_report import _hinges_on
    from lcsim.experiments.stats import holm_adjusted

    p = np.array([0.004, 0.03, 0.2, *([0.5] * 37)])  # 40 assumptions, one at p = 0.004
    rows = pd.DataFrame({"assumption": ["learning_rate", "success_base", "trust_gain",
                                        *(f"other_{i}" for i in range(37))],
                         "rho": 0.4, "p": p, "p_adjusted": holm_adjusted(p)})
    rows["stable"] = True  # the same in both halves of the sets
    assert rows["p_adjusted"].iloc[0] == pytest.approx(0.16)
    text = _hinges_on(rows)
    assert "No assumption is clearly and stably linked" in text
    assert "learning_rate" not in text  # an unadjusted lead is not named in plain words
    rows.loc[0, "p_adjusted"] = 0.001
    text = _hinges_on(rows, sets=30, replications=10)
    assert "is most associated with '" in text and "' (learning_rate)" in text
    assert "with 30 sets and 10 runs per set it can still be chance" in text
    assert "learning_rate" not in _hinges_on(rows.assign(stable=False))
    assert "clearly and stably linked" in _hinges_on(rows.assign(p=0.5, p_adjusted=1.0))


@pytest.mark.parametrize("replications, clear", [(1, False), (2, True), (6, True)])
def test_survival_in_every_run_against_none_is_clear_from_two_replications_by_newcombe(
        replications, clear):
    from lcsim.experiments.robustness import Finding, finding_effects

    study = pd.DataFrame([{"assumption_set": 1, "replication": r, "point": point,
                           "survived": float(point == "long")}
                          for r in range(replications) for point in ("long", "short")])
    finding = Finding("long funding keeps more alive", "survived", (("long",), ("short",)))
    row = finding_effects(study, [finding]).iloc[0]
    assert row["holds"] and bool(row["clear"]) is clear


def test_a_perfect_rank_correlation_over_a_few_sets_is_not_taken_for_certain():
    from lcsim.experiments.robustness import ASSUMPTION_PREFIX, finding_sensitivity

    effects = pd.DataFrame({"assumption_set": [0, 1, 2, 3, 4], "finding": 0, "name": "f",
                            "effect": [0.0, 1.0, 2.0, 3.0, 4.0],
                            "holds": [True, False, False, True, True]})
    sets = pd.DataFrame({"assumption_set": [0, 1, 2, 3, 4],
                         ASSUMPTION_PREFIX + "learning_rate": [0.05, 0.1, 0.2, 0.3, 0.4]})
    row = finding_sensitivity(effects, sets, ["learning_rate"]).iloc[0]
    assert row["rho"] == pytest.approx(1.0)
    assert row["p"] == pytest.approx(2 / 24)  # 2 of the 4! orders of four sets


def test_every_column_of_the_robustness_files_is_in_the_data_dictionary(tmp_path):
    import pyarrow.parquet as pq

    from lcsim.experiments.patterns import PATTERN_OUTPUTS

    def measured_run(params, seed, assumptions=None):
        summary, weekly = flipping_run(params, seed, assumptions)
        return {**dict.fromkeys(PATTERN_OUTPUTS, 1.0), **summary}, weekly

    raw = config(samples=2, patterns=True, pattern_replications=2)
    run_robustness(raw, out=tmp_path / "r", workers=1, progress=False, report=False,
                   run_function=measured_run)
    folder = tmp_path / "r"
    dictionary = pd.read_csv(folder / "data_dictionary.csv", keep_default_na=False)
    listed = {(f, c): d for f, c, d in zip(dictionary["file"], dictionary["column"],
                                            dictionary["description"], strict=True)}
    files = sorted(p.name for p in folder.glob("*.parquet"))
    assert {"findings.parquet", "patterns.parquet", "accepted_assumptions.parquet",
            "assumption_sets.parquet", "runs.parquet"} <= set(files)
    for file in files:
        schema = pq.read_schema(folder / file)
        for field in schema:
            description = listed.get((file, field.name), "")
            assert description and "not a model output" not in description, (file, field)
            assert field.metadata[b"description"].decode() == description  # Parquet too
    assert "a<assumption set>-p<setting index>-r<replication>" in \
        listed[("runs.parquet", "run_id")]
    lift = dictionary[(dictionary["file"] == "assumption_sets.parquet")
                      & (dictionary["column"] == "assumption_prior_trust_lift")].iloc[0]
    assert "earlier successful collaboration" in lift["description"]
    assert lift["unit"] == "share of the gap"
    patterns = {c: d for (f, c), d in listed.items() if f == "patterns.parquet"}
    assert "paired difference" in patterns["estimate"] and "threshold" in patterns["estimate"]
    assert "pattern_confidence (80%" in patterns["low"]
    assert "must exceed" in patterns["bound"]
    findings = {c: d for (f, c), d in listed.items() if f == "findings.parquet"}
    assert "paired difference" in findings["effect"] and "95%" in findings["low"]


def test_the_robustness_study_writes_runs_parquet_with_the_pattern_words_not_again(
        tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from lcsim.experiments import storage
    from lcsim.experiments.patterns import PATTERN_OUTPUTS
    from lcsim.experiments.robustness import run_docs

    def measured_run(params, seed, assumptions=None):
        summary, weekly = flipping_run(params, seed, assumptions)
        return {**dict.fromkeys(PATTERN_OUTPUTS, 1.0), **summary}, weekly

    written = []
    original = storage._write

    def counting_write(table, path, *args):
        written.append(path.name)
        return original(table, path, *args)

    monkeypatch.setattr(storage, "_write", counting_write)
    run_robustness(config(samples=2, patterns=True, pattern_replications=2),
                   out=tmp_path / "r", workers=1, progress=False, report=False,
                   run_function=measured_run)
    # Once, by the consolidation, with the pattern words and the assumption_set column
    # (storage.add_set_column); never again by the dictionary.
    assert written.count("runs.parquet") == 1
    schema = pq.read_schema(tmp_path / "r" / "runs.parquet")
    for name, (description, _) in run_docs().items():
        assert schema.field(name).metadata[b"description"].decode() == description



def test_whole_number_assumptions_are_drawn_inside_the_range_the_manifest_records(tmp_path):
    import json

    names = ["sprint_weeks", "min_members", "pilot_weeks"]
    out = run_robustness(config(samples=24, spread=0.3, vary=names), out=tmp_path / "r",
                         workers=1, progress=False, report=False, run_function=flipping_run)
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    ranges = manifest["robustness"]["ranges_sampled"]
    assert ranges["sprint_weeks"] == [3, 3]  # 3 +- 30% holds no other whole number
    assert ranges["min_members"] == [4, 6] and ranges["pilot_weeks"] == [19, 33]
    for name in names:
        drawn = out.sets["assumption_" + name]
        low, high = ranges[name]
        assert drawn.between(low, high).all(), (name, sorted(set(drawn)))
    assert set(out.sets["assumption_min_members"]) == {4, 5, 6}

def test_automatic_findings_name_outcomes_and_design_points_in_plain_words():
    from lcsim.experiments.robustness import automatic_findings

    raw = {**TINY, "findings": [], "design": {"kind": "grid", "factors": {
        "funding_years": [0, 3], "n_bridge_builders": [0, 2]}}}
    study_config, spec = load_robustness(raw)
    means = {"funding_years=0, n_bridge_builders=0": 0.1,
             "funding_years=3, n_bridge_builders=2": 0.9,
             "funding_years=0, n_bridge_builders=2": 0.4,
             "funding_years=3, n_bridge_builders=0": 0.5}
    study = pd.DataFrame([{"assumption_set": 0, "point": p, "replication": r,
                           "survived": m, "realized_value": m}
                          for p, m in means.items() for r in range(2)])
    found = {f.outcome: f for f in automatic_findings(study, study_config, spec)}
    name = found["survived"].name
    assert name == ("communities still active: higher with 3 years of external funding, "
                    "2 bridge-builders than with no external funding, 0 bridge-builders")
    assert "_" not in found["realized_value"].name and "=" not in name
    assert found["survived"].sides == (("funding_years=3, n_bridge_builders=2",),
                                       ("funding_years=0, n_bridge_builders=0",))
    declared = load_robustness(TINY)[1]  # a declared finding keeps its name
    assert [f.name for f in declared.findings] == ["0.5 years beat 0.2"]


def test_a_prim_box_shows_the_values_of_a_lever_with_few_values_in_plain_words():
    from lcsim.experiments.robustness import (
        ASSUMPTION_PREFIX,
        Discovery,
        discover,
    )
    from lcsim.experiments.robustness_report import _discovery_part

    rng = np.random.default_rng(5)
    rates = rng.uniform(0.02, 0.08, 40)
    sets = pd.DataFrame({"assumption_set": range(41),
                         ASSUMPTION_PREFIX + "learning_rate": [0.05, *rates]})
    study = pd.DataFrame([{"assumption_set": k, "point_index": i, "replication": 0,
                           "param_funding_years": years,
                           "survived": float(years == 3 and rate > 0.04)}
                          for k, rate in enumerate([0.05, *rates])
                          for i, years in enumerate((1.0, 3.0))])
    found = discover(study, sets, None, Discovery("survived", 0.5), ["learning_rate"])
    limits = {x["name"]: x for x in found["limits"]}
    assert limits["funding_years"]["values"] == [3]
    assert limits["learning_rate"]["kind"] == "assumption"
    text = "".join(_discovery_part(found))
    assert "Where 3 years of external funding; &#x27;" in text  # plain words first
    assert "&#x27; (learning_rate) from 0.0" in text
    assert "funding_years" not in text and "from 2" not in text
    assert "communities still active at least 0.5" in text


@pytest.mark.parametrize("change, expected", [
    ({"findings": [{"name": "x", "outcome": "realized_value", "directon": "less",
                    "comparison": ["funding_years=0.5", "funding_years=0.2"]}]},
     "findings[0].directon: unknown key 'directon' (did you mean 'direction'?); allowed "
     "keys: name, outcome, comparison, direction"),
    ({"robustness": {"ranges": {"prior_trust_lif": [0.2, 0.8]}}},
     "robustness.ranges.prior_trust_lif: 'prior_trust_lif' (did you mean "
     "'prior_trust_lift'"),
    ({"findings": [{"name": "x", "outcome": "realized_value", "direction": "more",
                    "comparison": ["funding_years=0.5", "funding_years=0.2"]}]},
     "findings[0].direction: must be \"greater\" or \"less\"; got 'more'"),
    ({"findings": [{"name": "x", "outcome": "realized_value",
                    "comparison": ["funding_years=0.5", "funding_years=0.2"]},
                   {"name": "x", "outcome": "survived",
                    "comparison": ["funding_years=0.5", "funding_years=0.2"]}]},
     "findings[1].name: 'x' is also the name of findings[0]; give each finding its own"),
    ({"findings": [{"name": "x", "outcome": "realized_value",
                    "comparison": ["funding_years=0.5", "funding_years=0.2"]},
                   {"name": "y", "outcome": "realized_value", "direction": "greater",
                    "comparison": [["funding_years=0.5"], "funding_years=0.2"]}]},
     "findings[1]: states the same as findings[0] (outcome, comparison and direction)"),
])
def test_config_mistakes_name_the_bad_key_and_what_was_meant(change, expected):
    with pytest.raises(ConfigError) as err:
        load_robustness({**TINY, **change})
    assert expected in str(err.value) and "\n" not in str(err.value)
    assert "('greater', 'less')" not in str(err.value)


def test_a_wrong_ensemble_file_is_named_with_what_to_give_instead(tmp_path):
    with pytest.raises(ConfigError, match=r"nosuch\.parquet: does not exist"):
        read_ensemble(tmp_path / "nosuch.parquet")
    runs = tmp_path / "runs.parquet"
    pd.DataFrame({"run_id": ["a00001-p00000-r00000"], "assumption_learning_rate": [0.05],
                  "assumption_intervention": [""]}).to_parquet(runs)
    with pytest.raises(ConfigError) as err:
        read_ensemble(runs)
    message = str(err.value)
    assert "assumption_intervention" in message and "\n" not in message
    assert "assumption_sets.parquet" in message and "accepted_assumptions.parquet" in message
