"""What an outside researcher found in report.html, fixed: the answer leads with an outcome
that differs between settings (in the order of the config's `outputs`), every kept outcome
gets its finding and table, effect-size words are kept for clear differences, and numbers
take their outcome's format. Built on made-up runs (no model run), so these tests are fast.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd

from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX

REPS = 6
FUNDING = {
    "name": "fh_small", "question": "How many years must a subsidy run?",
    "replications": REPS, "root_seed": 99, "common_random_numbers": True,
    "base": {"weeks_after_funding": 52},
    "design": {"kind": "grid", "factors": {"funding_years": [0, 1, 2, 4]}},
}


def made_up(config: dict, values: dict[str, object]) -> _Report:
    """The report of made-up runs: outcome -> value, or a function of (point, replication)
    giving it."""
    parsed = ExperimentConfig.model_validate(config)
    points = design_points(parsed)
    rows = []
    for point in points:
        for r in range(parsed.replications):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1}
            row.update({o: (v(point, r) if callable(v) else v) for o, v in values.items()})
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    manifest = {"design_points": [{"name": p.name, "factors": p.factors} for p in points],
                "status": "complete", "baseline": points[0].name, "sessions": [],
                "command_line": ["lcsim", "experiment", "study.toml"]}
    return _Report(parsed, manifest, pd.DataFrame(rows), pd.DataFrame())


def words(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def rising(point, r: int) -> float:
    return 5.0 * point.params["funding_years"] + 0.3 * r


# --------------------------------------------------------------------------- the answer
def test_the_answer_skips_survival_that_is_zero_everywhere_and_says_so():
    report = made_up({**FUNDING, "outputs": ["survived", "realized_value"]},
                     {"survived": 0.0, "realized_value": rising})
    first = words(report.answer.sentences[0])
    assert first.startswith("In the model, realized value"), first
    assert "The same at every setting, so not what the answer leads with: communities " \
           "still active (0%)." in report.answer.notes


def test_the_answer_follows_the_order_of_outputs():
    def survival(point, r: int) -> float:
        return float(r < point.index)

    report = made_up({**FUNDING, "outputs": ["realized_value", "survived"]},
                     {"survived": survival, "realized_value": rising})
    assert words(report.answer.sentences[0]).startswith("In the model, realized value")
    assert not report.answer.notes or "same at every setting" not in report.answer.notes[0]


def test_an_answer_where_nothing_differs_says_so_in_one_sentence():
    report = made_up({**FUNDING, "outputs": ["bridge_builders", "realized_value"]},
                     {"bridge_builders": 0.0, "realized_value": 0.0})
    assert len(report.answer.sentences) == 1
    assert words(report.answer.sentences[0]).startswith(
        "No outcome the study kept differs between its 4 settings")


# --------------------------------------------------------------------------- many outcomes
NULL = {
    "name": "null_study", "question": "Do identical scenarios differ?", "replications": 8,
    "root_seed": 123, "common_random_numbers": False, "baseline": "s0",
    "outputs": ["realized_value", "mean_trust", "trust_between_roles",
                "knowledge_combination", "products_developed", "immediate_value",
                "potential_value", "mean_stereotype", "psychological_safety",
                "shared_ambition"],
    "base": {"n_participants": 12},
    "design": {"kind": "scenarios", "scenarios": [
        {"name": f"s{i}", "params": {"alignment": 0.5}} for i in range(10)]},
}


def noise(point, r: int) -> float:
    """Identical scenarios: the same distribution everywhere, different draws."""
    return float(np.random.default_rng(100 * point.index + r).uniform(0.3, 0.5))


def test_every_kept_outcome_gets_its_finding_and_its_table():
    report = made_up(NULL, {o: noise for o in NULL["outputs"]})
    findings = words(report._findings())
    tables = report._tables()
    for label in ("Psychological safety", "Shared ambition"):
        assert f"{label} (level 0-1) is highest with" in findings, label
        assert f"<h4>{label} <small>" in tables, label


def test_no_size_word_for_a_difference_that_is_not_clear_and_a_note_on_many_comparisons():
    report = made_up(NULL, {o: noise for o in NULL["outputs"]})
    compared = report.compared
    unclear = compared[(compared["ci_low"] <= 0) & (compared["ci_high"] >= 0)]
    assert len(unclear) and (unclear["effect"] != "negligible").any(), \
        "the made-up noise gives size words to differences that are not clear"
    table = words(report._tables())
    assert "(large)" not in table and "(medium)" not in table and "(small)" not in table
    assert "(difference not clear)" in table
    assert "9 settings are compared with the baseline here. Where a setting makes no " \
           "difference, its 95% likely range still misses zero 1 time in 20, so about 0.45 " \
           "of these 9 could look clear by chance alone" in table


FOLLOW_UP_SCENARIOS = {
    "name": "follow_up_levels", "question": "Does a smaller follow-up grant still help?",
    "replications": 10, "root_seed": 1, "common_random_numbers": True, "baseline": "none",
    "outputs": ["survived", "realized_value", "subsidy_hours"],
    "design": {"kind": "scenarios", "scenarios": [
        {"name": "none", "params": {"funding_years": 2}},
        {"name": "follow-up at 40%", "params": {"funding_years": 2, "follow_up_years": 2,
                                                "follow_up_coverage": 0.4}},
        {"name": "follow-up at 20%", "params": {"funding_years": 2, "follow_up_years": 2,
                                                "follow_up_coverage": 0.2}},
        {"name": "four years", "params": {"funding_years": 4}}]},
}


def test_a_scenario_study_compares_every_scenario_with_the_baseline_and_its_subsidy_hours():
    hours = {0: 10_000.0, 1: 14_000.0, 2: 12_000.0, 3: 20_000.0}
    report = made_up(FOLLOW_UP_SCENARIOS, {
        "survived": lambda point, r: float(r < 5 + 4 * (point.index == 3)),
        "realized_value": lambda point, r: 10.0 + point.index + 0.1 * r,
        "subsidy_hours": lambda point, r: hours[point.index] + r})
    every = next(words(s) for s in report.answer.sentences if s.startswith("Each scenario"))
    every = re.sub(r"\(\s+", "(", re.sub(r"\s+([),])", r"\1", every))
    assert "with follow-up at 40% (+4,000 subsidy hours), no clear difference in " \
           "communities still active (on average" in every
    assert "with follow-up at 20% (+2,000 subsidy hours), no clear difference" in every
    assert "with four years (+10,000 subsidy hours)" in every
    value = next(words(s) for s in report.answer.sentences if "realized value is" in words(s))
    assert "so this is not like for like" in value, "funding ends at different years"
