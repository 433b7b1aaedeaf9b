"""A robustness study's two tidy files join on the assumption set: timeseries.parquet has
the `assumption_set` column that runs.parquet has, and runs.parquet is written once per
session (by the consolidation, the column included), also when an interrupted study is
resumed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_robustness import config, flipping_run

from lcsim.experiments import storage
from lcsim.experiments.design import assumption_set_of
from lcsim.experiments.robustness import reanalyse, run_robustness

QUIET = {"workers": 1, "progress": False, "report": False}


def test_timeseries_parquet_has_the_assumption_set_of_each_row_next_to_run_id(tmp_path):
    folder = tmp_path / "r"
    run_robustness(config(samples=2), out=folder, run_function=flipping_run, **QUIET)
    table = pq.read_table(folder / "timeseries.parquet")
    assert table.column_names[:2] == ["run_id", "assumption_set"]
    assert table.schema.field("assumption_set").type == pa.int64()
    meta = table.schema.field("assumption_set").metadata
    assert b"0 is the shipped defaults" in meta[b"description"]
    series = table.to_pandas()
    assert series["assumption_set"].tolist() == [assumption_set_of(r)
                                                 for r in series["run_id"]]
    runs = pd.read_parquet(folder / "runs.parquet")
    joined = series.merge(runs[["run_id", "assumption_set", "seed"]],
                          on=["run_id", "assumption_set"], validate="many_to_one")
    assert len(joined) == len(series) and sorted(joined["assumption_set"].unique()) == [0, 1, 2]
    dictionary = pd.read_csv(folder / "data_dictionary.csv", keep_default_na=False)
    row = dictionary[(dictionary["file"] == "timeseries.parquet")
                     & (dictionary["column"] == "assumption_set")]
    assert len(row) == 1 and row.iloc[0]["type"] == "int64"


@pytest.fixture
def writes(monkeypatch) -> list[str]:
    """The names of the files lcsim writes (storage._write, every Parquet write)."""
    written: list[str] = []
    original = storage._write

    def counting_write(table, path, *args):
        written.append(path.name)
        return original(table, path, *args)

    monkeypatch.setattr(storage, "_write", counting_write)
    return written


def test_a_robustness_study_writes_runs_parquet_once(tmp_path, writes):
    run_robustness(config(samples=2), out=tmp_path / "r", run_function=flipping_run,
                   **QUIET)
    assert writes.count("runs.parquet") == 1
    assert writes.count("timeseries.parquet") == 1
    assert pq.read_schema(tmp_path / "r" / "runs.parquet").names[:2] == ["run_id",
                                                                         "assumption_set"]


def stopping_run(params, seed, assumptions=None):
    """flipping_run, but the sweep stops at the first run of assumption set 2."""
    if (assumptions or {}).get("learning_rate") == STOP_AT["learning_rate"]:
        raise KeyboardInterrupt
    return flipping_run(params, seed, assumptions)


STOP_AT: dict[str, float] = {}


def test_an_interrupted_robustness_study_resumes_with_the_column_and_one_write(
        tmp_path, writes):
    folder = tmp_path / "r"
    whole = run_robustness(config(samples=2, vary=["learning_rate"]), out=tmp_path / "whole",
                           run_function=flipping_run, **QUIET)
    STOP_AT["learning_rate"] = float(whole.sets.iloc[2]["assumption_learning_rate"])
    with pytest.raises(KeyboardInterrupt):
        run_robustness(config(samples=2, vary=["learning_rate"]), out=folder,
                       run_function=stopping_run, **QUIET)
    stored = pd.read_parquet(folder / "runs.parquet")  # what the stop kept, consolidated
    assert 0 < len(stored) < len(whole.results.runs)
    assert list(stored.columns[:2]) == ["run_id", "assumption_set"]
    assert "assumption_set" in pd.read_parquet(folder / "timeseries.parquet")
    writes.clear()
    again = run_robustness(config(samples=2, vary=["learning_rate"]), out=folder,
                           run_function=flipping_run, **QUIET)
    assert again.results.executed == len(whole.results.runs) - len(stored)
    assert writes.count("runs.parquet") == 1
    for name in ("runs.parquet", "timeseries.parquet"):
        resumed = pd.read_parquet(folder / name)
        fresh = pd.read_parquet(tmp_path / "whole" / name)
        pd.testing.assert_frame_equal(resumed.drop(columns=["wall_seconds"], errors="ignore"),
                                      fresh.drop(columns=["wall_seconds"], errors="ignore"))


def test_lcsim_report_gives_an_older_folder_the_column_in_both_files(tmp_path: Path):
    folder = tmp_path / "r"
    run_robustness(config(samples=2), out=folder, run_function=flipping_run, **QUIET)
    for name in ("runs.parquet", "timeseries.parquet"):  # as an older lcsim wrote them
        table = pq.read_table(folder / name)
        pq.write_table(table.drop_columns(["assumption_set"]), folder / name)
    again = reanalyse(folder, report=False)
    for name in ("runs.parquet", "timeseries.parquet"):
        assert pq.read_schema(folder / name).names[:2] == ["run_id", "assumption_set"]
    assert list(again.results.timeseries.columns[:2]) == ["run_id", "assumption_set"]
