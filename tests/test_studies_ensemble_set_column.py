"""A robustness study's runs.parquet has the assumption set of every run as its own
whole-number column, `assumption_set`, next to run_id: a researcher groups the tidy file
by it in pandas or R without decoding run ids. Folders written before the column came
still resume and are read again, and get it then."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from test_robustness import config, flipping_run

from lcsim.experiments.design import assumption_set_of
from lcsim.experiments.robustness import reanalyse, run_robustness

QUIET = {"workers": 1, "progress": False, "report": False, "run_function": flipping_run}


def stored(folder: Path) -> pa.Table:
    return pq.read_table(folder / "runs.parquet")


def without_set_column(folder: Path) -> None:
    """Make the folder look like one an older lcsim wrote (no assumption_set column)."""
    table = stored(folder)
    table = table.remove_column(table.schema.get_field_index("assumption_set"))
    pq.write_table(table, folder / "runs.parquet")


def test_runs_parquet_has_the_assumption_set_as_a_whole_number_column(tmp_path: Path):
    folder = tmp_path / "r"
    result = run_robustness(config(samples=3), out=folder, **QUIET)
    table = stored(folder)
    assert table.column_names[:2] == ["run_id", "assumption_set"]
    assert table.schema.field("assumption_set").type == pa.int64()
    runs = pd.read_parquet(folder / "runs.parquet")
    assert runs["assumption_set"].tolist() == [assumption_set_of(r) for r in runs["run_id"]]
    assert sorted(runs["assumption_set"].unique()) == [0, 1, 2, 3]
    assert runs.groupby("assumption_set").size().tolist() == [2 * 2] * 4  # points x reps
    pd.testing.assert_series_equal(result.results.runs["assumption_set"],
                                   runs["assumption_set"])


def test_the_set_column_is_described_in_the_file_and_the_data_dictionary(tmp_path: Path):
    folder = tmp_path / "r"
    run_robustness(config(samples=2), out=folder, **QUIET)
    meta = stored(folder).schema.field("assumption_set").metadata
    dictionary = pd.read_csv(folder / "data_dictionary.csv", keep_default_na=False)
    row = dictionary[(dictionary["file"] == "runs.parquet")
                     & (dictionary["column"] == "assumption_set")]
    assert len(row) == 1 and row.iloc[0]["type"] == "int64"
    assert row.iloc[0]["description"] == meta[b"description"].decode()
    assert "0 is the shipped defaults" in row.iloc[0]["description"]


def test_a_folder_written_without_the_set_column_resumes_and_gets_it(tmp_path: Path):
    folder = tmp_path / "r"
    run_robustness(config(samples=2), out=folder, **QUIET)
    before = pd.read_parquet(folder / "runs.parquet")
    without_set_column(folder)
    again = run_robustness(config(samples=2), out=folder, **QUIET)
    assert again.results.executed == 0  # every stored run reused, none refused
    after = pd.read_parquet(folder / "runs.parquet")
    pd.testing.assert_frame_equal(after, before)
    third = run_robustness(config(samples=2), out=folder, **QUIET)  # with the column
    assert third.results.executed == 0
    assert stored(folder).column_names.count("assumption_set") == 1


def test_an_interrupted_folder_without_the_column_resumes_its_missing_runs(tmp_path: Path):
    folder = tmp_path / "r"
    run_robustness(config(samples=2), out=folder, **QUIET)
    without_set_column(folder)
    table = stored(folder)
    keep = pa.array([not r.startswith("a00002") for r in table.column("run_id").to_pylist()])
    pq.write_table(table.filter(keep), folder / "runs.parquet")  # set 2 never stored
    again = run_robustness(config(samples=2), out=folder, **QUIET)
    assert again.results.executed == 2 * 2
    runs = pd.read_parquet(folder / "runs.parquet")
    assert runs.groupby("assumption_set").size().tolist() == [4, 4, 4]


def test_lcsim_report_reads_an_older_folder_and_adds_the_column(tmp_path: Path):
    folder = tmp_path / "r"
    first = run_robustness(config(samples=2), out=folder, **QUIET)
    without_set_column(folder)
    again = reanalyse(folder, report=False)
    pd.testing.assert_frame_equal(again.summary, first.summary)
    assert stored(folder).schema.field("assumption_set").type == pa.int64()
