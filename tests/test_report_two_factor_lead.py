"""A two-factor answer never leads with a null when the first factor's effect is clear at
another level of the second: it says plainly where the effect is clear, and every number
it quotes names the level of the second factor it was read at."""

from __future__ import annotations

import html
import re

import numpy as np

from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_region_report_ceilings import made_up_report

REPS = 10
BRIDGE = [0, 1, 3]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def two_factor_report(rise_at_low: float, rise_at_high: float) -> _Report:
    """Knowledge combined while funded along bridge-builders 0, 1, 3: it rises by
    `rise_at_low` per bridge-builder with stereotyping 0.2 and by `rise_at_high` with 0.9,
    with run-to-run noise of sd 0.02 (fixed seeds)."""
    config = ExperimentConfig.model_validate({
        "name": "two", "question": "Do bridge-builders help?", "replications": REPS,
        "root_seed": 1, "common_random_numbers": True,
        "outputs": ["knowledge_combination_funded", "realized_value"],
        "design": {"kind": "grid", "factors": {"n_bridge_builders": BRIDGE,
                                               "stereotype_strength": [0.2, 0.9]}}})
    rows = []
    for point in design_points(config):
        bridge = point.factors["n_bridge_builders"]
        rise = rise_at_low if point.factors["stereotype_strength"] == 0.2 else rise_at_high
        for r in range(REPS):
            noise = np.random.default_rng([point.index, r]).normal(0.0, 0.02)
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "knowledge_combination_funded": 0.4 + rise * min(bridge, 1) + noise,
                   "realized_value": 10.0 + bridge + r % 3}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    return made_up_report(config, rows, [])


def test_a_clear_effect_at_the_other_level_leads_the_answer_not_the_null():
    words = [text_of(s) for s in two_factor_report(0.0, 0.15).answer.sentences]
    first = words[0]
    assert not first.split(";")[0].endswith("(with initial stereotyping of 0.2)"), first
    assert "does not clearly change" not in first.split(";")[0], first
    assert "initial stereotyping of 0.9" in first.split(";")[0], first
    assert "with initial stereotyping of 0.2, it does not clearly change" in first, first


def test_a_clear_effect_at_the_reference_level_leads_as_before():
    first = text_of(two_factor_report(0.15, 0.0).answer.sentences[0])
    assert first.endswith("(with initial stereotyping of 0.2)."), first
    assert "does not clearly change" not in first, first


def test_every_number_the_two_factor_answer_quotes_names_its_stereotyping_level():
    for sentence in two_factor_report(0.0, 0.15).answer.sentences:
        words = text_of(sentence)
        if re.search(r"\d\.\d", words):
            assert "initial stereotyping of" in words, words
