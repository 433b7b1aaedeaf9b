"""Crash-safe results on disk: one small part file per finished run, consolidated into
`runs.parquet` and `timeseries.parquet`, plus `manifest.json`.

Why parts: Parquet files cannot be appended to, and a half-written file is lost. Each
finished run is written to `parts/` under a temporary name and renamed (atomic on one
file system), so after Ctrl-C or kill -9 every finished run is on disk exactly once.
Consolidation merges parts and earlier consolidated files, keeps one row per run, sorts
rows by (design point, replication[, week]) so the files are identical whatever the
executor or worker count, writes them atomically and only then deletes the parts.
The files are plain Parquet (no pandas metadata) for pandas, DuckDB, R or Arrow.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

RUNS = "runs.parquet"
TIMESERIES = "timeseries.parquet"
MANIFEST = "manifest.json"
REPORT = "report.html"
PARTS = "parts"
PARAM_PREFIX = "param_"

RUN_META = [("run_id", pa.string()), ("point", pa.string()), ("point_index", pa.int64()),
            ("replication", pa.int64()), ("seed", pa.int64()), ("status", pa.string()),
            ("error", pa.string()), ("wall_seconds", pa.float64())]
SERIES_META = [("run_id", pa.string()), ("point", pa.string()), ("point_index", pa.int64()),
               ("replication", pa.int64()), ("week", pa.int64())]
OK, FAILED = "ok", "failed"


def run_schema(param_kinds: dict[str, type], outcomes: Iterable[str]) -> pa.Schema:
    """Columns of runs.parquet: run identity, status, every parameter, every kept outcome."""
    arrow = {bool: pa.bool_(), int: pa.int64(), float: pa.float64()}
    fields = [pa.field(n, t) for n, t in RUN_META]
    fields += [pa.field(PARAM_PREFIX + n, arrow[k]) for n, k in param_kinds.items()]
    fields += [pa.field(n, pa.float64()) for n in outcomes]
    return pa.schema(fields)


def series_schema(series: Iterable[str]) -> pa.Schema:
    """Columns of timeseries.parquet: one row per run and week, one column per series."""
    return pa.schema([pa.field(n, t) for n, t in SERIES_META]
                     + [pa.field(n, pa.float64()) for n in series])


class ResultStore:
    """The output directory of one study: parts, consolidated Parquet files, manifest."""

    def __init__(self, directory: str | Path, runs: pa.Schema | None = None,
                 series: pa.Schema | None = None) -> None:
        self.directory = Path(directory)
        self.parts = self.directory / PARTS
        self.runs_schema = runs
        self.series_schema = series

    # ------------------------------------------------------------------ paths
    @property
    def runs_path(self) -> Path:
        return self.directory / RUNS

    @property
    def series_path(self) -> Path:
        return self.directory / TIMESERIES

    @property
    def manifest_path(self) -> Path:
        return self.directory / MANIFEST

    @property
    def report_path(self) -> Path:
        return self.directory / REPORT

    def _part(self, run_id: str, what: str) -> Path:
        return self.parts / f"{run_id}.{what}.parquet"

    # ------------------------------------------------------------------ life cycle
    def prepare(self, *, discard: bool = False) -> None:
        """Create the directory; with `discard`, delete stored results first (--force)."""
        if discard:
            for name in (RUNS, TIMESERIES, MANIFEST, REPORT):
                (self.directory / name).unlink(missing_ok=True)
            shutil.rmtree(self.parts, ignore_errors=True)
        self.parts.mkdir(parents=True, exist_ok=True)
        for leftover in self.directory.rglob("*.tmp"):  # writes cut short by a crash
            leftover.unlink(missing_ok=True)

    def finished_ids(self) -> set[str]:
        """Runs stored with status ok (consolidated or in parts); these are never redone."""
        done: set[str] = set()
        if self.runs_path.exists():
            table = pq.read_table(self.runs_path, columns=["run_id", "status"])
            frame = table.to_pandas()
            done.update(frame.loc[frame["status"] == OK, "run_id"])
        if self.parts.exists():
            done.update(p.name.split(".")[0] for p in self.parts.glob(f"*.run-{OK}.parquet"))
        return done

    def save_run(self, row: dict[str, Any], series: pd.DataFrame | None) -> None:
        """Store one finished run durably: its weekly series first, then its row (the marker)."""
        run_id = row["run_id"]
        if series is not None:
            _write(_table(series, self.series_schema), self._part(run_id, "series"))
        status = row["status"]
        _write(_table(pd.DataFrame([row]), self.runs_schema), self._part(run_id, f"run-{status}"))
        if status == OK:
            self._part(run_id, f"run-{FAILED}").unlink(missing_ok=True)

    def consolidate(self, planned: Iterable[str]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        """Merge parts into runs.parquet and timeseries.parquet; return both and the number
        of stored runs dropped because they are not in this plan (e.g. fewer replications).
        """
        planned = set(planned)
        pieces = []
        if self.runs_path.exists():
            pieces.append(_cast(pq.read_table(self.runs_path), self.runs_schema))
        part_files = sorted(self.parts.glob("*.run-*.parquet")) if self.parts.exists() else []
        # Failed parts before ok parts: on a run id clash the last one (ok) wins.
        part_files.sort(key=lambda p: (p.name.endswith(f"run-{OK}.parquet"), p.name))
        pieces += [_cast(pq.read_table(p), self.runs_schema) for p in part_files]
        runs = (pa.concat_tables(pieces).to_pandas() if pieces
                else self.runs_schema.empty_table().to_pandas())
        runs = runs.drop_duplicates("run_id", keep="last")
        dropped = int((~runs["run_id"].isin(planned)).sum())
        runs = runs[runs["run_id"].isin(planned)]
        runs = runs.sort_values(["point_index", "replication"], kind="stable")
        ok_ids = set(runs.loc[runs["status"] == OK, "run_id"])

        series_files = sorted(self.parts.glob("*.series.parquet")) if self.parts.exists() else []
        fresh = {p.name.split(".")[0]: p for p in series_files}
        pieces = []
        if self.series_path.exists():
            old = _cast(pq.read_table(self.series_path), self.series_schema)
            keep = [i for i in set(old.column("run_id").to_pylist()) if i not in fresh]
            pieces.append(old.filter(pc.is_in(old.column("run_id"),
                                                      value_set=pa.array(keep, pa.string()))))
        pieces += [_cast(pq.read_table(p), self.series_schema) for i, p in fresh.items()
                   if i in ok_ids]
        series = (pa.concat_tables(pieces).to_pandas() if pieces
                  else self.series_schema.empty_table().to_pandas())
        series = series[series["run_id"].isin(ok_ids)]
        series = series.sort_values(["point_index", "replication", "week"], kind="stable")

        _write(_table(runs, self.runs_schema), self.runs_path)
        _write(_table(series, self.series_schema), self.series_path)
        for path in part_files + series_files:
            path.unlink(missing_ok=True)
        runs, series = self.load()
        return runs, series, dropped

    def load(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The consolidated runs and weekly series as DataFrames (empty if none stored)."""
        runs = pd.read_parquet(self.runs_path) if self.runs_path.exists() else pd.DataFrame()
        series = (pd.read_parquet(self.series_path) if self.series_path.exists()
                  else pd.DataFrame())
        return runs, series

    # ------------------------------------------------------------------ manifest
    def read_manifest(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        return json.loads(self.manifest_path.read_text())

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        tmp = self.manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n")
        os.replace(tmp, self.manifest_path)


def _table(frame: pd.DataFrame, schema: pa.Schema | None) -> pa.Table:
    """A pandas frame as an Arrow table of exactly `schema` (column order and types)."""
    if schema is None:
        return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    frame = frame.reindex(columns=schema.names)
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table.replace_schema_metadata(None)


def _cast(table: pa.Table, schema: pa.Schema | None) -> pa.Table:
    table = table.replace_schema_metadata(None)
    if schema is None:
        return table
    missing = [f for f in schema if f.name not in table.column_names]
    for field in missing:
        table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table.select(schema.names).cast(schema)


def _write(table: pa.Table, path: Path) -> None:
    """Write a Parquet file atomically: to a temporary name, then rename over the target."""
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
