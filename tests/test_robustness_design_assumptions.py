"""A robustness check of a study whose design varies an assumption: the page says the
ensemble left it out, the automatic finding contrasts levers, and PRIM boxes read well."""

from types import SimpleNamespace

import pandas as pd

from lcsim.experiments.design import design_points
from lcsim.experiments.robustness import automatic_findings, load_robustness
from lcsim.experiments.robustness_report import box_words, prim_caution, setting_note

STUDY = {
    "name": "lr", "question": "Do bridge-builders help at any learning rate?",
    "replications": 2, "root_seed": 3, "outputs": ["realized_value", "survived"],
    "series": ["realized_value"], "base": {"n_participants": 8},
    "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2],
                                           "learning_rate": [0.03, 0.15]}},
    "robustness": {"samples": 3, "spread": 0.3},
}


def test_the_page_says_an_assumption_the_design_varies_was_left_out_of_the_ensemble():
    config, _ = load_robustness(dict(STUDY))
    analysis = SimpleNamespace(results=SimpleNamespace(config=config), checked=None,
                               differences=[])
    note = setting_note(analysis)
    assert "(learning_rate) is varied by the study's design" in note
    assert "left out of the ensemble" in note and "\n" not in note


def test_the_automatic_finding_contrasts_levers_not_the_designs_assumption():
    config, spec = load_robustness(dict(STUDY))
    # the learning rate moves realized value far more than the bridge-builders do
    value = {(0, 0.03): 0.1, (2, 0.03): 0.2, (0, 0.15): 0.9, (2, 0.15): 0.95}
    rows = [{"assumption_set": 0, "point": p.name, "survived": 1.0,
             "realized_value": value[(p.factors["n_bridge_builders"],
                                      p.factors["learning_rate"])]}
            for p in design_points(config) for _ in range(2)]
    [finding] = automatic_findings(pd.DataFrame(rows), config, spec)
    (high,), (low,) = finding.sides
    points = {p.name: p.factors for p in design_points(config)}
    assert points[high]["learning_rate"] == points[low]["learning_rate"] == 0.03
    assert (points[high]["n_bridge_builders"], points[low]["n_bridge_builders"]) == (2, 0)


def test_a_prim_box_on_an_assumption_is_rounded_and_has_its_unit():
    words = box_words({"name": "knowledge_noise", "kind": "assumption",
                       "values": [0.0491599, 0.0562235, 0.0578085]})
    assert "0.0492, 0.0562 or 0.0578 (unit: level (sd))" in words
    assert "0.0491599" not in words
    span = box_words({"name": "fte_hours", "kind": "assumption", "low": 33.123456,
                      "high": 38.98765})
    assert "from 33.1 to 39 (unit: hours per week)" in span


def test_prim_on_too_few_sets_is_flagged_as_a_lead_not_a_finding():
    box = {"limits": [{"name": "knowledge_noise", "kind": "assumption", "values": [0.05]}],
           "sets": 4}
    assert "only 4 sampled sets" in prim_caution(box)
    assert prim_caution({**box, "sets": 20}) == ""
    lever = {"limits": [{"name": "funding_years", "kind": "lever", "values": [0.5]}],
             "sets": 4}
    assert prim_caution(lever) == ""


def test_the_design_hash_is_named_for_the_settings_it_hashes_and_keeps_its_old_name():
    from lcsim.experiments.config import validate_config

    raw = {k: v for k, v in STUDY.items() if k != "robustness"}
    one = validate_config(dict(raw), "one")
    other = validate_config({**raw, "name": "other", "question": "Another study?"}, "other")
    assert one.design_hash() == other.design_hash() == one.results_hash()
    assert "settings that decide the runs" in type(one).design_hash.__doc__
