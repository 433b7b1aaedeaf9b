"""The weekly charts of a sample study mark the end of funding only when every run's
funding ends in the same week, and their caption names a dashed line only when one is
drawn (the researcher's tryout: "Dashed vertical line: external funding ends" under a
Morris study's chart that drew none)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from lcsim.experiments import run_experiment
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import ResultStore
from tests.test_report import text_of

TINY = tomllib.loads((Path(__file__).parent / "configs" / "tiny_morris.toml").read_text())
DASHED = "Dashed vertical line: external funding ends"


def _report_text(tmp_path: Path, config: dict) -> tuple[str, object]:
    result = run_experiment(config, out=tmp_path, workers=1, progress=False)
    return text_of(result.report.read_text()), result


def test_a_sample_with_one_funding_length_marks_its_end_and_says_so(tmp_path: Path):
    config = {**TINY, "series": ["mean_trust"],
              "base": {**TINY["base"], "weeks_after_funding": 4}}
    text, _ = _report_text(tmp_path, config)
    assert DASHED in text
    store = ResultStore(tmp_path)
    runs, series = store.load()
    manifest = store.read_manifest()
    report = _Report(ExperimentConfig.model_validate(manifest["config"]), manifest, runs,
                     series)
    assert report._fan_ends(overall=True) == {None: (10, 10)}  # 0.2 years, drawn


def test_a_sample_that_varies_the_funding_length_claims_no_line(tmp_path: Path):
    base = {k: v for k, v in TINY["base"].items() if k != "funding_years"}
    config = {**TINY, "series": ["mean_trust"],
              "base": {**base, "weeks_after_funding": 4},
              "design": {**TINY["design"], "factors": {
                  **TINY["design"]["factors"],
                  "funding_years": {"low": 0.1, "high": 0.3, "type": "float"}}}}
    text, _ = _report_text(tmp_path, config)
    assert "Weekly series" in text and DASHED not in text
