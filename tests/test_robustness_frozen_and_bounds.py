"""lcsim robustness judges trust as `lcsim experiment` does (no automatic finding on an
outcome a dissolved community keeps at its last value), and a difference of shares keeps
its likely range within -100 to +100 points."""

from __future__ import annotations

import pandas as pd

from lcsim.experiments.robustness import (
    Finding,
    automatic_findings,
    finding_effects,
    frozen_left_out,
    load_robustness,
)
from tests.test_robustness import TINY


def _study(survived: list[float]) -> pd.DataFrame:
    raw = [{"assumption_set": 0, "point": point, "replication": r,
            "survived": s if point == "funding_years=0.5" else 0.0,
            "mean_trust": 0.6 if point == "funding_years=0.5" else 0.3,
            "realized_value": 5.0 if point == "funding_years=0.5" else 1.0}
           for r, s in enumerate(survived) for point in ("funding_years=0.5",
                                                         "funding_years=0.2")]
    return pd.DataFrame(raw)


def _automatic(study: pd.DataFrame) -> set[str]:
    raw = {**TINY, "findings": [], "outputs": ["survived", "mean_trust", "realized_value"]}
    config, spec = load_robustness(raw)
    return {f.outcome for f in automatic_findings(study, config, spec)}


def test_no_automatic_finding_on_trust_when_communities_dissolve():
    assert "mean_trust" not in _automatic(_study([1.0, 0.0, 1.0]))
    assert "realized_value" in _automatic(_study([1.0, 0.0, 1.0]))


def test_trust_gets_an_automatic_finding_when_every_community_survives():
    study = _study([1.0, 1.0, 1.0])
    study["survived"] = 1.0
    assert "mean_trust" in _automatic(study)


def test_a_difference_of_survival_stays_within_minus_and_plus_one():
    finding = Finding("longer keeps more alive", "survived",
                      (("funding_years=0.5",), ("funding_years=0.2",)))
    row = finding_effects(_study([1.0, 0.0, 1.0]), [finding]).iloc[0]
    assert row["effect"] == 2 / 3
    assert -1.0 <= row["low"] < row["effect"] < row["high"] <= 1.0  # Newcombe's interval


def test_the_robustness_page_says_why_trust_has_no_automatic_finding():
    from types import SimpleNamespace

    from lcsim.experiments.robustness_report import left_out_note

    raw = {**TINY, "findings": [], "outputs": ["survived", "mean_trust", "realized_value"]}
    config, _ = load_robustness(raw)
    left_out = frozen_left_out(_study([1.0, 0.0, 1.0]), config)
    assert left_out == ["mean_trust"]
    analysis = SimpleNamespace(results=SimpleNamespace(config=config), left_out=left_out)
    note = left_out_note(analysis)
    assert note.startswith("No automatic finding on trust between members")
    assert "keeps its last value" in note
