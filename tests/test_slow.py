"""Slow end-to-end checks, run by CI as a separate step (`pytest -m slow`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lcsim import RegionModel

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_the_readme_main_job_writes_the_funding_horizon_report(tmp_path):
    out = tmp_path / "funding_horizon"
    done = subprocess.run(
        [sys.executable, "-m", "lcsim", "experiment", str(ROOT / "configs/funding_horizon.toml"),
         "--out", str(out)], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 8 * 2 * 20
    assert (runs["status"] == "ok").all()
    report = (out / "report.html").read_text()
    assert "Findings" in report and "data:image/png;base64" in report


def test_a_region_of_five_thousand_participants_runs_for_two_years():
    region = RegionModel(rng=1, n_communities=100, n_participants=50, funding_years=2.0,
                         weeks_after_funding=0).run()
    summary = region.summary()
    assert region.steps == 104
    assert summary["n_communities"] == 100
    assert sum(len(c.role) for c in region.communities) == 5000
    assert summary["products_developed"] > 0
