"""Crash-safe results on disk: finished runs written in small batches (part files),
consolidated into `runs.parquet` and `timeseries.parquet`, plus `manifest.json`.

Why parts: Parquet files cannot be appended to, and a half-written file is lost. Each
batch of finished runs is written to `parts/` as two files, `batch-NNNNNN.series.parquet`
(the runs' weekly series) and then `batch-NNNNNN.runs.parquet` (their rows, the marker
that the batch is complete), each under a temporary name and renamed (atomic on one file
system). So after Ctrl-C or kill -9 every run whose batch was written is on disk exactly
once; the runner decides how often batches are written (see `lcsim.experiments.runner`).
Batch numbers only grow, so later parts win over earlier ones. Parts of older lcsim
versions (one `<run_id>.run-<status>.parquet` and `<run_id>.series.parquet` per run) are
still read.

Consolidation merges parts and earlier consolidated files, keeps one row per run (an ok
row over a failed one, otherwise the latest), sorts rows by (design point,
replication[, week]) so the files are identical whatever the executor, worker count or
batching, writes them atomically and only then deletes the parts. The files are plain
Parquet (no pandas metadata) for pandas, DuckDB, R or Arrow.

Data dictionary: every field of the consolidated files carries its meaning and unit in
the Parquet schema metadata (field keys `description` and `unit`), and
`data_dictionary.csv` beside them lists the same for people and spreadsheets. Both are
written at consolidation (the CSV atomically, after the Parquet files); the words come
from `lcsim.Params` (parameters), `lcsim.Assumptions` (the `assumption_*` columns of an
ensemble's runs), `lcsim.outputs` (model outputs) and the study's config in manifest.json
(derived outcomes), never from here. A command that writes more tables into the folder
(`lcsim robustness`) writes them with `write_described` and lists them with
`write_data_dictionary(store, files)`, its own words passed in.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lcsim import outputs
from lcsim.experiments.config import ConfigError
from lcsim.experiments.design import assumption_set_of
from lcsim.experiments.levels import ASSUMPTION_PREFIX, PARAM_PREFIX
from lcsim.experiments.worker import FAILED, OK  # noqa: F401 - FAILED re-exported

RUNS = "runs.parquet"
TIMESERIES = "timeseries.parquet"
MANIFEST = "manifest.json"
REPORT = "report.html"
PARTS = "parts"
DICTIONARY = "data_dictionary.csv"
LOCK = "lcsim.lock"  # held while a session works in the folder (see ResultStore.exclusive)
# The tidy sensitivity indices of a sampled study, beside its report (lcsim.experiments.report)
SENSITIVITY = "sensitivity.csv"
SECOND_ORDER = "sensitivity_second_order.csv"
# What lcsim puts in --out.
OWN_NAMES = frozenset({RUNS, TIMESERIES, MANIFEST, REPORT, PARTS, DICTIONARY, LOCK,
                       SENSITIVITY, SECOND_ORDER})
# How lcsim's own report.html says it is lcsim's (in <head>; see templates/report.html.j2),
# and the line every report of older lcsim versions carries in its header.
REPORT_MARK = '<meta name="generator" content="lcsim">'
OLD_REPORT_MARK = '<p class="study">Model results of a simulation study</p>'
# Parts live for one sweep at most: written uncompressed (the cheapest for the process
# that also feeds the workers); the consolidated files are zstd-compressed.
PART_COMPRESSION = "none"
FINAL_COMPRESSION = "zstd"

RUN_META = [("run_id", pa.string()), ("point", pa.string()), ("point_index", pa.int64()),
            ("replication", pa.int64()), ("seed", pa.int64()), ("status", pa.string()),
            ("error", pa.string()), ("wall_seconds", pa.float64())]
SERIES_META = [("run_id", pa.string()), ("point", pa.string()), ("point_index", pa.int64()),
               ("replication", pa.int64()), ("week", pa.int64())]
# Meaning and unit of the identity and bookkeeping columns.
COLUMN_DOCS = {
    "run_id": ("run identifier: p<setting index>-r<replication>", ""),
    "point": ("name of the setting (design point) the run belongs to", ""),
    "point_index": ("position of the setting in the design, from 0", ""),
    "replication": ("replication number from 0; with common random numbers replication r "
                    "has the same seed at every setting", ""),
    "seed": ("the run's random seed (replay it with lcsim run --seed SEED --set ...)", ""),
    "status": ("ok, or failed (then the outcomes are empty)", ""),
    "error": ("traceback of a failed run; empty when ok", ""),
    "wall_seconds": ("wall-clock time the run took", "seconds"),
    "week": ("week since the start of the run; week 0 is the state before the first week",
             "weeks"),
}
# run_id of a run of an assumption ensemble (`lcsim robustness`)
ENSEMBLE_RUN_ID = ("run identifier: a<assumption set>-p<setting index>-r<replication>; set "
                   "0 is the shipped defaults (see assumption_sets.parquet)", "")
ENSEMBLE_ID = re.compile(r"a\d+-p\d+-r\d+")
# The whole-number column of an ensemble's runs.parquet and timeseries.parquet, next to
# run_id, that says which assumption set each row was made under (`add_set_column`).
SET_COLUMN = "assumption_set"
ENSEMBLE_SET = ("number of the assumption set the run was made under: 0 is the shipped "
                "defaults, 1 and up the sets in assumption_sets.parquet (the a-number of "
                "run_id)", "")
DICTIONARY_HEADER = ("file", "column", "description", "unit", "type")
# How to get past stored results that cannot be used, in every such error.
RECOVER = "move it out of the folder, or rerun with --force to discard the stored runs"


class Identity(NamedTuple):
    """Where a run stands in a plan: the identity columns of its rows."""

    run_id: str
    point: str
    point_index: int
    replication: int


BATCH = re.compile(r"batch-(\d+)\.(runs|series)\.parquet")
# Per-run parts of older lcsim versions: <run_id>.run-<status>.parquet, <run_id>.series.parquet
LEGACY_PART = re.compile(r"p\d+-r\d+\.(run-[a-z]+|series)\.parquet")


def _is_part_name(name: str) -> bool:
    """Whether a file name in parts/ is one lcsim writes (a part or its temporary twin)."""
    name = name.removesuffix(".tmp")
    return bool(BATCH.fullmatch(name) or LEGACY_PART.fullmatch(name))


def is_lcsim_report(path: Path) -> bool:
    """Whether the page at `path` is a report lcsim wrote (its own markup)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
            if REPORT_MARK in head:
                return True
            # Older reports: the marker line follows the inlined CSS.
            return OLD_REPORT_MARK in head + handle.read()
    except OSError:
        return False


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
                 series: pa.Schema | None = None,
                 docs: dict[str, tuple[str, str]] | None = None) -> None:
        """`docs`: (description, unit) of plan columns that `column_docs` cannot name
        (e.g. the pattern measures of `lcsim robustness`), written with the rest."""
        self.directory = Path(directory)
        self.parts = self.directory / PARTS
        self.runs_schema = runs
        self.series_schema = series
        self.plan_docs = dict(docs or {})
        self._next_batch: int | None = None

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

    @property
    def dictionary_path(self) -> Path:
        return self.directory / DICTIONARY

    def _batch_part(self, number: int, what: str) -> Path:
        return self.parts / f"batch-{number:06d}.{what}.parquet"

    def _part_files(self) -> tuple[list[Path], list[Path]]:
        """Run parts and series parts, oldest first: per-run parts of older versions, then
        batches in the order they were written."""
        if not self.parts.exists():
            return [], []
        runs: list[tuple[tuple[int, int, str], Path]] = []
        series: list[tuple[tuple[int, int, str], Path]] = []
        for path in self.parts.glob("*.parquet"):
            if not _is_part_name(path.name):
                continue
            match = BATCH.fullmatch(path.name)
            if match:
                key = (1, int(match[1]), "")
                (runs if match[2] == "runs" else series).append((key, path))
            elif ".run-" in path.name:
                runs.append(((0, 0, path.name), path))
            elif path.name.endswith(".series.parquet"):
                series.append(((0, 0, path.name), path))
        return [p for _, p in sorted(runs)], [p for _, p in sorted(series)]

    # ------------------------------------------------------------------ life cycle
    def own_files(self) -> list[Path]:
        """Every file of this study that lcsim wrote, by exact name: the consolidated
        files, manifest and report, the batch parts, and their temporary twins (a write cut
        short by a crash). A user's own files in the folder are never among them, nor a
        report.html that lcsim did not write (see `foreign_report`)."""
        names = [self.directory / n for n in (RUNS, TIMESERIES, MANIFEST, REPORT,
                                              DICTIONARY, SENSITIVITY, SECOND_ORDER)]
        if self.parts.is_dir():
            names += [p for p in self.parts.iterdir() if _is_part_name(p.name)]
        own = names + [p.with_name(p.name + ".tmp") for p in names]
        if self.foreign_report():
            own.remove(self.report_path)
        return [p for p in own if p.is_file()]

    def foreign_report(self) -> bool:
        """Whether the folder holds a report.html that lcsim did not write: one with no
        lcsim results (manifest.json) beside it, or without lcsim's own markup (e.g. a
        page the user saved there). lcsim never overwrites or deletes such a file."""
        if not self.report_path.is_file():
            return False
        if not self.manifest_path.is_file():
            return True
        return not is_lcsim_report(self.report_path)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the folder for one session: a second `lcsim experiment` into the same
        --out is refused while this one runs, instead of both writing the same runs.

        The lock is an advisory lock on `lcsim.lock` (with the holder's pid), removed when
        the session ends and released by the operating system when the process ends,
        however it ends (a killed session leaves the file, harmlessly). A manifest still
        saying "running" when the lock is free was left by a session that was killed; it
        is marked "interrupted". Where locks are not available (not POSIX) nothing is held.

        Raises:
            ConfigError: another process holds the folder (one line naming its pid).
        """
        try:
            import fcntl
        except ImportError:  # not POSIX
            yield
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / LOCK, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                raise ConfigError(str(self.directory), "", f"is in use by another lcsim "
                                  f"process (pid {holder}); wait for it to finish or stop "
                                  "it, or choose another --out") from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            self._mark_abandoned_session()
            try:
                yield
            finally:
                # Removed while still held: a session that opens the old file now finds it
                # locked, one that comes later creates a new one, so none is left behind.
                with contextlib.suppress(OSError):
                    (self.directory / LOCK).unlink()
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _mark_abandoned_session(self) -> None:
        """Mark a manifest left "running" by a killed session as interrupted."""
        with contextlib.suppress(ConfigError, OSError):
            manifest = self.read_manifest()
            if manifest and manifest.get("status") == "running":
                manifest["status"] = "interrupted"
                manifest["note"] = ("the session that was running ended without closing "
                                    "(killed?); its stored runs are kept")
                self.write_manifest(manifest)

    def prepare(self, *, discard: bool = False) -> None:
        """Create the directory; with `discard`, delete stored results first (--force).

        Only files lcsim wrote are deleted (see `own_files`); leftovers of writes cut short
        by a crash are removed by their exact names.
        """
        for path in self.own_files():
            if discard or path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
        self.parts.mkdir(parents=True, exist_ok=True)

    def finished_ids(self) -> set[str]:
        """Runs stored with status ok (consolidated or in parts); these are never redone."""
        done: set[str] = set()
        for path in self._run_files():
            table = _read(path, columns=["run_id", "status"])
            ok = pc.equal(table.column("status"), OK)
            done.update(table.column("run_id").filter(ok).to_pylist())
        return done

    def stored_runs(self) -> pd.DataFrame:
        """One row per stored run (the row consolidation would keep): run_id, point,
        status, seed and the parameters and assumptions it ran with (`param_*` and
        `assumption_*` columns), to check a plan against."""
        pieces = []
        for path in self._run_files():
            table = _read(path)
            columns = ["run_id", "point", "status", "seed"] + [
                n for n in table.column_names if n.startswith((PARAM_PREFIX, ASSUMPTION_PREFIX))]
            pieces.append(table.select(columns).to_pandas())
        if not pieces:
            return pd.DataFrame(columns=["run_id", "point", "status", "seed"])
        rows = pd.concat(pieces, ignore_index=True)
        rows["ok"] = rows["status"] == OK
        rows["order"] = range(len(rows))
        best = rows.sort_values(["ok", "order"]).groupby("run_id").tail(1)
        return best.drop(columns=["ok", "order"]).sort_values("run_id").reset_index(drop=True)

    def _run_files(self) -> list[Path]:
        run_parts, _ = self._part_files()
        return ([self.runs_path] if self.runs_path.exists() else []) + run_parts

    def save_batch(self, runs: pa.Table, series: pa.Table | None) -> None:
        """Store a batch of finished runs durably: their weekly series first, then their
        rows (the marker that the batch is complete). `runs` and `series` must have this
        store's schemas (see `runs_table` and `series_table`)."""
        if not runs.num_rows:
            return
        if self._next_batch is None:
            self.parts.mkdir(parents=True, exist_ok=True)
            numbers = [int(m[1]) for p in (self.parts.glob("batch-*.parquet")
                                           if self.parts.exists() else [])
                       if (m := BATCH.fullmatch(p.name))]
            self._next_batch = max(numbers, default=0) + 1
        number, self._next_batch = self._next_batch, self._next_batch + 1
        if series is not None and series.num_rows:
            _write(series, self._batch_part(number, "series"), PART_COMPRESSION)
        _write(runs, self._batch_part(number, "runs"), PART_COMPRESSION)

    def consolidate(self, planned: Iterable[str],
                    relabel: dict[str, Identity] | None = None,
                    ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
        """Merge parts into runs.parquet and timeseries.parquet; return both and the number
        of stored runs dropped because they are not in this plan.

        Args:
            planned: the run ids of the plan; other stored runs are dropped.
            relabel: stored run id -> its identity in this plan, for runs stored under
                another id (the same parameters and seed planned in another order).
        """
        planned = set(planned)
        run_parts, series_parts = self._part_files()
        runs, ok_ids, dropped = self._planned_runs(planned, relabel)
        series = self._planned_series(series_parts, ok_ids, relabel)
        self._write_consolidated(runs, series)
        for path in run_parts + series_parts:
            path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # only if empty: a temporary file may remain
            self.parts.rmdir()
        runs_frame, series_frame = self.load()
        return runs_frame, series_frame, dropped

    def _planned_runs(self, planned: set[str], relabel: dict[str, Identity] | None
                      ) -> tuple[pa.Table, list[str], int]:
        """The stored rows of the planned runs, one per run, in design order; the ids of
        the ok ones; and how many ok stored runs are not in the plan."""
        pieces = [_relabel(_cast(_read(p), self.runs_schema), relabel)
                  for p in self._run_files()]
        runs = (pa.concat_tables(pieces) if pieces else self.runs_schema.empty_table())
        best = _best_rows(runs)
        dropped = sum(run_id not in planned and status == OK
                      for run_id, (_, status) in best.items())
        runs = runs.take(pa.array(sorted(rank[1] for run_id, (rank, _) in best.items()
                                         if run_id in planned), pa.int64()))
        runs = runs.sort_by([("point_index", "ascending"), ("replication", "ascending")])
        ok_ids = [run_id for run_id, (_, status) in best.items()
                  if status == OK and run_id in planned]
        return runs, ok_ids, dropped

    def _planned_series(self, series_parts: list[Path], ok_ids: list[str],
                        relabel: dict[str, Identity] | None) -> pa.Table:
        """Each ok run's weekly series from the latest file that holds it (a crash between
        writing the consolidated files and deleting the parts leaves a run in both)."""
        files = ([self.series_path] if self.series_path.exists() else []) + series_parts
        tables = [_relabel(_cast(_read(p), self.series_schema), relabel) for p in files]
        latest: dict[str, int] = {}
        for index, table in enumerate(tables):
            latest.update(dict.fromkeys(pc.unique(table.column("run_id")).to_pylist(), index))
        pieces = []
        for index, table in enumerate(tables):
            mine = pa.array([i for i in ok_ids if latest.get(i) == index], pa.string())
            if len(mine):
                pieces.append(table.filter(pc.is_in(table.column("run_id"), value_set=mine)))
        series = (pa.concat_tables(pieces) if pieces else self.series_schema.empty_table())
        return series.sort_by([("point_index", "ascending"), ("replication", "ascending"),
                               ("week", "ascending")])

    def _write_consolidated(self, runs: pa.Table, series: pa.Table) -> None:
        """Write runs.parquet and timeseries.parquet, columns described, and the dictionary.

        The runs of an assumption ensemble get their set as a column of its own in both
        files (`add_set_column`), so the two join on it as they do on run_id; each file is
        written once per consolidation."""
        ensemble = _is_ensemble(runs)
        if ensemble:
            runs, series = add_set_column(runs), add_set_column(series)
        docs = self.column_docs(runs.column_names + series.column_names,
                                region=_is_region(runs), ensemble=ensemble)
        docs.update(self.plan_docs)
        runs, series = _described(runs, docs), _described(series, docs)
        _write(runs.combine_chunks(), self.runs_path, FINAL_COMPRESSION)
        _write(series.combine_chunks(), self.series_path, FINAL_COMPRESSION)
        _write_dictionary(self.dictionary_path, [(RUNS, runs.schema),
                                                 (TIMESERIES, series.schema)])

    def load(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The consolidated runs and weekly series as DataFrames (empty if none stored)."""
        runs = pd.read_parquet(self.runs_path) if self.runs_path.exists() else pd.DataFrame()
        series = (pd.read_parquet(self.series_path) if self.series_path.exists()
                  else pd.DataFrame())
        return runs, series

    # ------------------------------------------------------------------ data dictionary
    def column_docs(self, names: Iterable[str], *, region: bool = False,
                    ensemble: bool = False) -> dict[str, tuple[str, str]]:
        """Meaning and unit of each column name: identity columns (run ids and the
        assumption set of an assumption ensemble when `ensemble`), parameters (`param_*`,
        from lcsim.Params), assumptions (`assumption_*`, from lcsim.Assumptions), model
        outputs (lcsim.outputs) and the derived outcomes of the study config in
        manifest.json."""
        names = list(names)
        derived = {}
        with contextlib.suppress(ConfigError, OSError, KeyError, TypeError):
            manifest = self.read_manifest() or {}
            for d in (manifest.get("config") or {}).get("derived") or []:
                derived[d["name"]] = outputs.derived_output(
                    d["name"], d["numerator"], d["denominator"], d.get("description", ""),
                    region=region)
        docs = {name: column_doc(name, derived, region=region) for name in names
                if name in COLUMN_DOCS or name.startswith(PARAM_PREFIX) or name in derived
                or _assumption_doc(name) is not None or outputs.output(name) is not None}
        if ensemble and "run_id" in docs:
            docs["run_id"] = ENSEMBLE_RUN_ID
        if ensemble and SET_COLUMN in names:
            docs[SET_COLUMN] = ENSEMBLE_SET
        return docs

    # ------------------------------------------------------------------ manifest
    def read_manifest(self) -> dict[str, Any] | None:
        if not self.manifest_path.exists():
            return None
        try:
            manifest = json.loads(self.manifest_path.read_text())
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise ConfigError(str(self.manifest_path), "", f"is not valid JSON ({err}); "
                              f"{RECOVER}") from None
        if not isinstance(manifest, dict):
            raise ConfigError(str(self.manifest_path), "", f"is not an lcsim manifest; "
                              f"{RECOVER}")
        return manifest

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        tmp = self.manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n")
        os.replace(tmp, self.manifest_path)


def runs_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows of runs.parquet (dicts keyed by column; missing columns and NaN are null)."""
    try:
        return pa.Table.from_arrays([pa.array([row.get(f.name) for row in rows], type=f.type,
                                               from_pandas=True) for f in schema],
                                    schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. 1 for a bool: as pandas converts
        return _table(pd.DataFrame(rows), schema)


def series_table(columns: dict[str, list[Any]], schema: pa.Schema) -> pa.Table:
    """Rows of timeseries.parquet from per-column lists of NumPy arrays (one per run), NaN
    stored as null as pandas would."""
    import numpy as np

    arrays = []
    for field in schema:
        chunks = columns[field.name]
        values = np.concatenate(chunks) if chunks else np.array([], dtype=object)
        arrays.append(pa.array(values, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _table(frame: pd.DataFrame, schema: pa.Schema | None) -> pa.Table:
    """A pandas frame as an Arrow table of exactly `schema` (column order and types)."""
    if schema is None:
        return pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    frame = frame.reindex(columns=schema.names)
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table.replace_schema_metadata(None)


def _cast(table: pa.Table, schema: pa.Schema | None) -> pa.Table:
    table = table.replace_schema_metadata(None)
    if schema is None or table.schema.equals(schema):
        return table
    missing = [f for f in schema if f.name not in table.column_names]
    for field in missing:
        table = table.append_column(field, pa.nulls(table.num_rows, field.type))
    return table.select(schema.names).cast(schema)


def _read(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A stored Parquet file, or a one-line ConfigError naming it if it cannot be read."""
    if path.is_dir():
        raise ConfigError(str(path), "", "is a folder where lcsim keeps a file of its own; "
                          "move the folder out of the way")
    try:
        return pq.read_table(path, columns=columns)
    except (pa.ArrowException, OSError, KeyError) as err:
        problem = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ConfigError(str(path), "", f"cannot be read ({problem}); {RECOVER}") from None


def _best_rows(runs: pa.Table) -> dict[str, tuple[tuple[bool, int], str]]:
    """One row per run: an ok row wins over a failed one, otherwise the latest one
    (run id -> ((ok, row), status))."""
    best: dict[str, tuple[tuple[bool, int], str]] = {}
    for i, (run_id, status) in enumerate(zip(runs.column("run_id").to_pylist(),
                                             runs.column("status").to_pylist(),
                                             strict=True)):
        rank = (status == OK, i)
        if run_id not in best or rank > best[run_id][0]:
            best[run_id] = (rank, status)
    return best


def _relabel(table: pa.Table, relabel: dict[str, Identity] | None) -> pa.Table:
    """The table with the identity columns of relabelled runs set to their planned ones."""
    if not relabel or not table.num_rows:
        return table
    old = pa.array(list(relabel), pa.string())
    where = pc.index_in(table.column("run_id"), value_set=old)
    if not pc.any(pc.is_valid(where)).as_py():
        return table
    identities = list(relabel.values())
    for position, name in enumerate(Identity._fields):
        if name not in table.column_names:
            continue
        column = table.column(name)
        new = pa.array([identity[position] for identity in identities], column.type)
        replaced = pc.if_else(pc.is_valid(where), pc.take(new, pc.fill_null(where, 0)), column)
        table = table.set_column(table.column_names.index(name), name, replaced)
    return table


def column_doc(name: str, derived: dict[str, outputs.Output] | None = None, *,
               region: bool = False) -> tuple[str, str]:
    """(description, unit) of one column of runs.parquet or timeseries.parquet."""
    if name in COLUMN_DOCS:
        return COLUMN_DOCS[name]
    if name.startswith(PARAM_PREFIX):
        from lcsim.params import ParameterError, Params

        parameter = name[len(PARAM_PREFIX):]
        try:
            spec = Params.spec(parameter)
        except ParameterError:
            return ("parameter (not known to this lcsim version)", "")
        return (f"parameter {parameter} ({outputs.plain_label(parameter)}): {spec.doc}",
                spec.unit)
    assumption = _assumption_doc(name)
    if assumption is not None:
        return assumption
    meta = outputs.describe(name, derived, region=region)
    kind = "" if meta.kind in (outputs.VALUE, outputs.COUNT) else f" [{meta.kind}]"
    total = "; adds up over the weeks watched" if meta.cumulative else ""
    pooled = outputs.region_pooling_words(name) if region else ""
    total += f"; for a region: {pooled}" if pooled else ""
    return (f"{meta.label}: {meta.meaning.rstrip('.')}{total}{kind}", meta.unit)


def _assumption_doc(name: str) -> tuple[str, str] | None:
    """(description, unit) of an `assumption_<name>` column, from lcsim.Assumptions; None
    for other columns and for names that are not an assumption."""
    if not name.startswith(ASSUMPTION_PREFIX):
        return None
    from lcsim.assumptions import Assumptions
    from lcsim.params import ParameterError

    assumption = name[len(ASSUMPTION_PREFIX):]
    try:
        spec = Assumptions.spec(assumption)
    except ParameterError:
        return None
    return (f"assumption {assumption}, the value the run was made under: "
            f"{spec.doc.strip()}", spec.unit)


def add_set_column(table: pa.Table) -> pa.Table:
    """The rows of an assumption ensemble (runs or weekly series, keyed by an ensemble
    `run_id`) with the whole-number column `assumption_set` right after run_id: 0 for the
    shipped defaults, k for the k-th set (`design.assumption_set_of`). A column of that
    name already there is replaced, so adding it twice gives the same table."""
    if SET_COLUMN in table.column_names:
        table = table.remove_column(table.schema.get_field_index(SET_COLUMN))
    sets = pa.array([assumption_set_of(r) for r in table.column("run_id").to_pylist()],
                    pa.int64())
    description, unit = ENSEMBLE_SET
    field = pa.field(SET_COLUMN, pa.int64(), metadata={"description": description,
                                                       "unit": unit})
    return table.add_column(table.schema.get_field_index("run_id") + 1, field, sets)


def _is_ensemble(runs: pa.Table) -> bool:
    """Whether the runs are those of an assumption ensemble (run ids a<set>-p<..>-r<..>)."""
    if "run_id" not in runs.column_names or not runs.num_rows:
        return False
    first = runs.column("run_id")[0].as_py()
    return bool(first and ENSEMBLE_ID.fullmatch(first))


def _is_region(runs: pa.Table) -> bool:
    column = PARAM_PREFIX + "n_communities"
    if column not in runs.column_names or not runs.num_rows:
        return False
    largest = pc.max(runs.column(column)).as_py()
    return largest is not None and largest > 1


def _described(table: pa.Table, docs: dict[str, tuple[str, str]]) -> pa.Table:
    """The table with each field's description and unit in its Parquet field metadata.

    A column `docs` does not know (a derived outcome when manifest.json is not there to
    name it) keeps the description it was stored with, so consolidating the same runs
    always gives the same files."""
    fields = []
    for f in table.schema:
        if f.name in docs:
            description, unit = docs[f.name]
        elif f.metadata and b"description" in f.metadata:
            fields.append(f)
            continue
        else:
            description, unit = column_doc(f.name)
        fields.append(f.with_metadata({"description": description, "unit": unit}))
    schema = pa.schema(fields, metadata={
        "lcsim.data_dictionary": f"{DICTIONARY} beside this file; model outputs are "
                                 "defined in docs/ODD.md, section Outputs"})
    return pa.Table.from_arrays(table.columns, schema=schema)


def _write_dictionary(path: Path, schemas: list[tuple[str, pa.Schema]]) -> None:
    """data_dictionary.csv: file, column, description, unit and type of every column;
    written atomically (temporary name, then renamed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DICTIONARY_HEADER)
    for file, schema in schemas:
        for f in schema:
            meta = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
            writer.writerow([file, f.name, meta.get("description", ""), meta.get("unit", ""),
                             str(f.type)])
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(tmp, path)


def write_described(frame: pd.DataFrame, path: Path,
                    docs: dict[str, tuple[str, str]]) -> None:
    """Write a table of results as plain Parquet (atomically, zstd, no pandas metadata),
    each column's description and unit from `docs` in its field metadata, as the
    consolidated files are; list it in the dictionary with `write_data_dictionary`."""
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    table = table.cast(pa.schema([pa.field(f.name, pa.string()) if pa.types.is_large_string(
        f.type) else f for f in table.schema]))  # pandas 3 strings: as in runs.parquet
    _write(_described(table, docs), path, FINAL_COMPRESSION)


def write_data_dictionary(store: ResultStore, files: Iterable[str] = (),
                          runs_docs: dict[str, tuple[str, str]] | None = None) -> Path:
    """(Re)write data_dictionary.csv: every column of the consolidated files and of
    `files` (more Parquet files in the folder, written with `write_described`), from their
    field metadata.

    Args:
        store: the results folder.
        files: names of further files in the folder to list, in this order (missing ones
            are skipped).
        runs_docs: (description, unit) of runs.parquet columns this module cannot name
            (the pattern measures of `lcsim robustness`). The run itself writes them
            (`PlanColumns.docs`); only a runs.parquet stored by an older lcsim, whose
            field metadata does not say them yet, is rewritten here, the same rows.

    Consolidated files stored before lcsim wrote metadata get their words here, in the
    CSV only (rerun to add them to the Parquet files).
    """
    if runs_docs and store.runs_path.exists():
        schema = pq.read_schema(store.runs_path)
        stale = any(f.name in runs_docs and (f.metadata or {}).get(b"description")
                    != runs_docs[f.name][0].encode() for f in schema)
        if stale:
            _write(_described(_read(store.runs_path), runs_docs), store.runs_path)
    schemas = []
    for name, path in ((RUNS, store.runs_path), (TIMESERIES, store.series_path),
                       *((f, store.directory / f) for f in files)):
        if path.exists():
            schema = pq.read_schema(path)
            if not any(f.metadata for f in schema):
                docs = store.column_docs(schema.names)
                schema = pa.schema([f.with_metadata(dict(zip(
                    ("description", "unit"), docs.get(f.name) or column_doc(f.name),
                    strict=True))) for f in schema])
            schemas.append((name, schema))
    _write_dictionary(store.dictionary_path, schemas)
    return store.dictionary_path


def _write(table: pa.Table, path: Path, compression: str = FINAL_COMPRESSION) -> None:
    """Write a Parquet file atomically: to a temporary name, then rename over the target."""
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression=compression)
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
