"""Running a study: every planned run on a local process pool (default), a Dask
LocalCluster on 127.0.0.1, or an existing Dask cluster, storing finished runs as they come.

Workers receive a `RunTask` (params + seed, plain data) and return plain dicts and arrays,
never model objects. A run that raises is recorded with its traceback and parameters and
the others go on. Stored runs are skipped on the next call, so rerunning the same command
after Ctrl-C or kill -9 resumes the sweep.

Finished runs are written in batches, each batch as one pair of part files: as soon as
`BATCH_RUNS` (8) runs wait or the oldest of them has waited `BATCH_SECONDS` (1 s, checked
at least every quarter second), and always at the end, on an error and on Ctrl-C. With
one worker, which computes in this process, a batch is also written before the next run
starts if waiting for that run (assumed as long as the last) would make it older than
`BATCH_SECONDS`. So kill -9 loses at most one batch: fewer than 8 finished runs, about the
last second's worth (besides the runs still computing); rerunning computes them again.
Writing every run on its own cost the parent process about 45 ms a run, which on a 2-core
machine is taken from the workers.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from lcsim.assumptions import Assumptions
from lcsim.experiments.config import ConfigError, ExperimentConfig, baseline_name, load_config
from lcsim.experiments.design import RunTask, assumption_factors, design_points, plan_runs
from lcsim.experiments.errors import MachineError
from lcsim.experiments.executors import (
    EXECUTORS,
    available_cpus,
    chosen_start_method,
    open_executor,
    session_start_method,
    signals_as_interrupt,
)
from lcsim.experiments.provenance import command_line, git_state, model_fingerprint, versions
from lcsim.experiments.resume import ASSUMPTION_PREFIX, reconcile
from lcsim.experiments.storage import (
    MANIFEST,
    OWN_NAMES,
    PARAM_PREFIX,
    REPORT,
    ResultStore,
    run_schema,
    runs_table,
    series_schema,
    series_table,
)
from lcsim.experiments.worker import (
    FAILED,
    OK,
    RunFunction,
    simulate,
)
from lcsim.params import ParameterError, Params, table_text

# A batch of finished runs is written once this many wait, or the oldest waited this long.
BATCH_RUNS = 8
BATCH_SECONDS = 1.0


# --------------------------------------------------------------------------- results
@dataclass
class ExperimentResults:
    """A study's stored results as DataFrames, with its config and where they live."""

    config: ExperimentConfig
    directory: Path
    runs: pd.DataFrame
    timeseries: pd.DataFrame
    manifest: dict[str, Any]
    executed: int = 0
    interrupted: bool = False
    report: Path | None = None
    dropped: int = 0
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    report_error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every planned run finished without error."""
        return self.failures.empty and not self.interrupted

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Dict-style access: results['runs'], results['timeseries']."""
        if name in ("runs", "timeseries", "failures"):
            return getattr(self, name)
        raise KeyError(name)


def default_directory(config: ExperimentConfig) -> Path:
    """Where results go without --out: results/<config name> under the current directory."""
    return Path("results") / config.name


def _schemas(config: ExperimentConfig,
             columns: PlanColumns | None = None) -> tuple[pa.Schema, pa.Schema]:
    kinds = {s.name: s.kind for s in Params.specs()}
    runs = run_schema(kinds, config.outcome_names())
    if columns is not None:
        for name, kind in {**columns.fixed, **columns.assumptions}.items():
            runs = runs.append(pa.field(ASSUMPTION_PREFIX + name, kind))
        for name in columns.outcomes:
            if name not in runs.names:
                runs = runs.append(pa.field(name, pa.float64()))
    return runs, series_schema(config.series_names())


# Config keys that decide what every stored run measured or computed, beyond its parameters
# and seed (which `reconcile` checks run by run), with their value in older manifests.
COMPUTED = {"outputs": None, "series": None, "derived": [], "assumptions": {}}


def _check_resumable(store: ResultStore, config: ExperimentConfig, fingerprint: str) -> None:
    """Refuse stored results measured differently or computed with other model code."""
    manifest = store.read_manifest()
    if manifest is None:
        return
    hint = ("rerun with --force to discard them (force=True from Python), or choose "
            "another --out")
    stored = manifest.get("config") or {}
    planned = config.model_dump(mode="json")
    for key, missing in COMPUTED.items():
        if stored and stored.get(key, missing) != planned[key]:
            raise ConfigError(str(store.manifest_path), key,
                              f"the stored runs were made with {stored.get(key, missing)!r}, "
                              f"this config has {planned[key]!r}; {hint}")
    if manifest.get("model_fingerprint") != fingerprint:
        raise ConfigError(str(store.manifest_path), "model_fingerprint",
                          "the stored results were computed with different model code; "
                          f"{hint}")


def check_out_directory(out: str | Path) -> Path:
    """The results folder a user named, or a one-line ConfigError if it is unsafe.

    Refused: an empty name, the file system root, the home folder, the current folder or
    one above it (results need a folder of their own: --force deletes lcsim's files there),
    a path that is or lies under a file, and an existing folder that holds other files but
    no lcsim results (hidden files such as .gitkeep aside; a report.html there is the
    user's, since lcsim writes one only beside its results), and a folder whose report.html
    lcsim did not write (`ResultStore.foreign_report`): lcsim touches only its own files.
    """
    if not str(out).strip():
        raise ConfigError("--out", "", "is empty; name a folder of its own for the results, "
                          "e.g. --out results/my_study")
    directory = Path(out).expanduser()
    resolved = directory.resolve()
    here = Path.cwd().resolve()
    if resolved in (Path(resolved.anchor), Path.home().resolve(), here, *here.parents):
        raise ConfigError("--out", str(out), f"is {resolved}, which holds more than this "
                          "study; name a folder of its own, e.g. "
                          f"{Path(str(out)) / 'results'}")
    for path in (resolved, *resolved.parents):
        if path.exists() and not path.is_dir():
            where = "is a file" if path == resolved else f"lies under the file {path}"
            raise ConfigError("--out", str(out), f"{where}; name a folder")
    if resolved.is_dir() and not (resolved / MANIFEST).exists():
        others = sorted(p.name for p in resolved.iterdir()
                        if not p.name.startswith(".") and (p.name not in OWN_NAMES
                                                           or p.name == REPORT))
        if others:
            raise ConfigError("--out", str(out), f"already holds other files "
                              f"({', '.join(others[:3])}{', ...' if len(others) > 3 else ''})"
                              " and no lcsim results; name a new or empty folder")
    if resolved.is_dir() and ResultStore(resolved).foreign_report():
        raise ConfigError("--out", str(out), f"already holds a {REPORT} that lcsim did not "
                          "write; move it out of the folder, or name a new or empty folder")
    return directory


@contextmanager
def _storage_errors(directory: Path) -> Iterator[None]:
    """Turn file system failures while storing into one-line errors: a folder that cannot
    be written is the user's to fix (ConfigError), a full disk the machine's
    (MachineError)."""
    try:
        yield
    except (PermissionError, IsADirectoryError, NotADirectoryError, FileExistsError) as err:
        raise ConfigError("--out", str(directory), f"cannot be written ({_reason(err)}); "
                          "choose a folder you may write to") from None
    except OSError as err:
        if err.errno == errno.EROFS:
            raise ConfigError("--out", str(directory), "is on a read-only file system; "
                              "choose another folder") from None
        full = err.errno in (errno.ENOSPC, errno.EDQUOT)
        raise MachineError(f"{'disk full' if full else 'file system error'} while writing "
                           f"results in {directory} ({_reason(err)}); runs already stored "
                           "are kept: free space or fix the disk and rerun to resume"
                           ) from None


@contextmanager
def _never_left_running(store: ResultStore) -> Iterator[None]:
    """Whatever stops this session (an error, Ctrl-C, a signal), manifest.json does not
    go on saying "running": it says "interrupted" or "stopped: <why>"."""
    try:
        yield
    except BaseException as err:
        with contextlib.suppress(Exception):
            manifest = store.read_manifest()
            if manifest and manifest.get("status") == "running":
                manifest["status"] = ("interrupted" if isinstance(err, KeyboardInterrupt)
                                      else f"stopped: {_reason(err)}")
                store.write_manifest(manifest)
        raise


def _reason(err: BaseException) -> str:
    return (getattr(err, "strerror", None) or str(err) or type(err).__name__).splitlines()[0]


def run_experiment(config_or_path: str | Path | dict[str, Any] | ExperimentConfig, *,
                   out: str | Path | None = None, executor: str = "local",
                   workers: int | None = None, scheduler: str | None = None,
                   replications: int | None = None, force: bool = False,
                   progress: bool = True, report: bool = True,
                   run_function: RunFunction | None = None) -> ExperimentResults:
    """Run (or resume) a study, store its results and write report.html.

    Resuming reuses a stored run only when the parameters and seed it ran with equal a
    planned run's (see `lcsim.experiments.resume`); stored runs the plan lacks are refused
    unless `force`. lcsim deletes or overwrites only files it wrote, by exact name.

    Args:
        config_or_path: a TOML path, a config dict or an ExperimentConfig.
        out: output directory (default results/<name>); see `check_out_directory`.
        executor: "local" (process pool; inline when workers == 1) or "dask" (LocalCluster
            on 127.0.0.1). `scheduler` ("tcp://host:port") uses an existing Dask cluster.
        workers: worker processes, at least 1 (default: CPU count).
        replications: override the config's replications (seeds of existing ones are kept).
        force: discard stored results and start over.
        progress: show progress on stderr.
        report: write report.html; if it cannot be drawn the runs stay stored and
            `ExperimentResults.report_error` says why.
        run_function: (params, seed) -> (summary, weekly series), default `simulate`; it
            must pickle (a module-level function) for process pools and Dask.

    Returns:
        ExperimentResults with `runs` and `timeseries` DataFrames (failed runs included in
        `runs` with status "failed" and their traceback in `error`).

    Raises:
        ConfigError: invalid config or options, or stored results that do not match them.
        MachineError: the disk is full or the file system fails.
        KeyboardInterrupt: on Ctrl-C (SIGTERM and SIGHUP likewise), after storing what
            finished.
    """
    check_run_options(executor, workers)
    config = load_config(config_or_path).with_replications(replications)
    results = run_plan(config, plan_runs(config), source=config_or_path, out=out,
                       executor=executor, workers=workers, scheduler=scheduler,
                       force=force, progress=progress, run_function=run_function,
                       columns=PlanColumns(factor_assumption_columns(config),
                                           fixed=fixed_assumption_columns(config)))
    if report and len(results.runs):
        write_report(results)
    return results


def check_run_options(executor: str, workers: int | None) -> None:
    """Refuse an unknown executor or fewer than one worker (one-line ConfigError)."""
    if executor not in EXECUTORS:
        raise ConfigError("--executor", "", f"must be one of {', '.join(EXECUTORS)}; "
                                            f"got {executor!r}")
    if workers is not None and workers < 1:
        raise ConfigError("--workers", "", f"must be at least 1; got {workers}")


@dataclass(frozen=True)
class PlanColumns:
    """Columns a plan stores beyond a plain study's (e.g. an assumption ensemble's).

    Attributes:
        assumptions: assumption name -> Arrow type, stored per run as `assumption_<name>`
            from `RunTask.assumptions`; resuming also matches runs on these values (an
            ensemble's sampled assumptions, a design's assumption factors).
        outcomes: extra outcome columns (float), measured by the plan's run function.
        docs: (description, unit) of extra columns that `lcsim.outputs` does not define,
            written into the consolidated files' field metadata and data_dictionary.csv.
        fixed: assumption name -> Arrow type of the assumptions every run shares (a config's
            `[assumptions]`), stored per run as `assumption_<name>` so that each row says
            how to replay it (tables as text, as `lcsim params --assumptions` prints them);
            not matched on resume, since the manifest's config already holds them.
    """

    assumptions: dict[str, pa.DataType] = field(default_factory=dict)
    outcomes: tuple[str, ...] = ()
    docs: dict[str, tuple[str, str]] = field(default_factory=dict)
    fixed: dict[str, pa.DataType] = field(default_factory=dict)


def fixed_assumption_columns(config: ExperimentConfig) -> dict[str, pa.DataType]:
    """The Arrow type of each assumption the config's `[assumptions]` sets: whole numbers,
    numbers, or text for tables."""
    return {name: _arrow_kind(name) for name in config.assumptions}


def factor_assumption_columns(config: ExperimentConfig) -> dict[str, pa.DataType]:
    """The Arrow type of each assumption a grid or sample design varies (its factors that
    are assumptions, `levels.is_assumption`): stored per run as `assumption_<name>`, the
    design's column of that factor, and matched on resume (design points may differ in
    nothing else)."""
    return {name: _arrow_kind(name) for name in assumption_factors(config)}


def _arrow_kind(name: str) -> pa.DataType:
    """The Arrow type of an assumption's column: whole numbers, numbers, or text (tables)."""
    kinds = {int: pa.int64(), float: pa.float64()}
    return kinds.get(Assumptions.spec(name).kind, pa.string())


def run_plan(config: ExperimentConfig, tasks: list[RunTask], *, source: Any = None,
             out: str | Path | None = None, executor: str = "local",
             workers: int | None = None, scheduler: str | None = None,
             force: bool = False, progress: bool = True,
             run_function: RunFunction | None = None,
             columns: PlanColumns | None = None,
             manifest_extra: dict[str, Any] | None = None) -> ExperimentResults:
    """Run (or resume) a planned list of runs of a study and store them (no report).

    The engine under `run_experiment` and `lcsim robustness`: the same batching, storage,
    resume rules, manifest and executors for any list of `RunTask`s with unique run ids.

    Args:
        config: the study (its outputs, series, derived outcomes, name and seeds).
        tasks: the runs to have stored.
        source: where the config came from (recorded in the manifest).
        columns: extra per-run columns (see `PlanColumns`).
        manifest_extra: entries added to manifest.json (e.g. how an ensemble was drawn).
        Other arguments: as for `run_experiment`.

    Raises:
        As `run_experiment`.
    """
    check_run_options(executor, workers)
    chosen_start_method()
    columns = columns or PlanColumns()
    directory = check_out_directory(out if out is not None else default_directory(config))
    fingerprint = model_fingerprint()
    store = ResultStore(directory, *_schemas(config, columns), docs=columns.docs)
    names = tuple(columns.assumptions)
    relabel: dict[str, Any] = {}
    with store.exclusive(), _storage_errors(directory), _never_left_running(store):
        if not force:
            _check_resumable(store, config, fingerprint)
            fit = reconcile(tasks, store.stored_runs(), names)
            if fit.outside:
                raise fit.refusal(str(directory))
            relabel = fit.relabel
        store.prepare(discard=force)
        if relabel:
            store.consolidate([t.run_id for t in tasks], relabel)
        manifest = _start_manifest(store, config, source if source is not None else config,
                                   fingerprint)
        manifest.update(manifest_extra or {})
        results = _run_session(store, config, tasks, manifest, fingerprint,
                               Session(executor, workers, scheduler,
                                       run_function or simulate, progress))
    return results


@dataclass(frozen=True)
class Session:
    """How this call computes its runs: where, on how many workers, showing progress."""

    executor: str
    workers: int | None
    scheduler: str | None
    run_function: RunFunction
    progress: bool


def _run_session(store: ResultStore, config: ExperimentConfig, tasks: list[RunTask],
                 manifest: dict[str, Any], fingerprint: str,
                 how: Session) -> ExperimentResults:
    """Compute the runs not yet stored, store them, and record the session in the
    manifest, which never stays "running" after an error or an interruption."""
    by_id = {t.run_id: t for t in tasks}
    done = store.finished_ids() & set(by_id)
    # Replication by replication across the settings: the time left is estimated from a
    # fair mix of short and long runs from the start, and a stopped sweep leaves every
    # setting with about as many runs.
    todo = sorted((t for t in tasks if t.run_id not in done),
                  key=lambda t: (t.replication, t.point_index))
    _close_unrecorded_session(manifest["sessions"], len(done))
    session = _session_record(how, tasks, todo, done)
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    store.write_manifest(manifest)
    started = time.perf_counter()
    counts = {"executed": 0, "failures": 0}
    try:
        with signals_as_interrupt():  # SIGTERM and SIGHUP stop the sweep like Ctrl-C
            _compute(store, by_id, todo, fingerprint, how, session["workers"],
                     session["start_method"], counts,
                     bar=_progress_bar(config.name, len(tasks), len(done), how.progress,
                                       [run_weeks(t) for t in todo]))
    except BaseException as err:
        _record_stop(store, by_id, manifest, session, started, counts, err)
        raise

    runs, weekly, dropped = store.consolidate(by_id)
    failed = runs[runs["status"] == FAILED]
    _end_session(session, started, counts, interrupted=False)
    manifest.update(
        status="failed runs" if len(failed) else "complete",
        runs=_run_counts(runs, len(tasks)),
        run_seconds={"total": float(runs["wall_seconds"].sum()),
                     "mean": float(runs["wall_seconds"].mean()) if len(runs) else None})
    store.write_manifest(manifest)
    return ExperimentResults(config, store.directory, runs, weekly, manifest,
                             counts["executed"], False, None, dropped, failed)


def _session_record(how: Session, tasks: list[RunTask], todo: list[RunTask],
                    done: set[str]) -> dict[str, Any]:
    """The manifest's record of a session as it starts: executor, workers, start method
    and how many runs are planned and already stored."""
    workers = how.workers or available_cpus()
    if how.scheduler is None:
        workers = min(workers, max(1, len(todo)))
    method = session_start_method(how.executor, workers, how.scheduler) if todo else None
    return {"started": _now(), "executor": "dask" if how.scheduler or
            how.executor == "dask" else "local", "workers": workers,
            "scheduler": how.scheduler, "start_method": method,
            "runs_planned": len(tasks), "runs_already_stored": len(done),
            "runs_executed": 0, "failures": 0}


def _close_unrecorded_session(sessions: list[dict[str, Any]], stored: int) -> None:
    """Complete the record of an earlier session that could not record its own end (its
    process was killed with SIGKILL, or the machine stopped): it was interrupted, and the
    runs it executed are those found stored beyond what it started with."""
    last = sessions[-1] if sessions else None
    if last is None or "finished" in last:
        return
    last.update(finished=None, wall_seconds=None, interrupted=True,
                runs_executed=max(stored - int(last.get("runs_already_stored", 0)), 0),
                note="ended without recording its end (killed); its finished runs were "
                     "found stored by the next session")


def _end_session(session: dict[str, Any], started: float, counts: dict[str, int],
                 interrupted: bool) -> None:
    """Complete a session's record: when it ended, how long it took, what it ran."""
    session.update(finished=_now(), wall_seconds=round(time.perf_counter() - started, 3),
                   runs_executed=counts["executed"], failures=counts["failures"],
                   interrupted=interrupted)


def _record_stop(store: ResultStore, by_id: dict[str, RunTask], manifest: dict[str, Any],
                 session: dict[str, Any], started: float, counts: dict[str, int],
                 err: BaseException) -> None:
    """Record why a session stopped early and keep the runs it finished (best effort)."""
    interrupted = isinstance(err, KeyboardInterrupt)
    _end_session(session, started, counts, interrupted)
    manifest["status"] = "interrupted" if interrupted else \
        f"stopped: {_reason(err)}"
    manifest["runs"] = {"planned": len(by_id), "ok": 0, "failed": 0, "missing": len(by_id)}
    with contextlib.suppress(Exception):
        manifest["runs"] = _run_counts(store.consolidate(by_id)[0], len(by_id))
    with contextlib.suppress(OSError):
        store.write_manifest(manifest)


def _run_counts(runs: pd.DataFrame, planned: int) -> dict[str, int]:
    """The manifest's "runs": planned, finished (ok), failed and missing."""
    return {"planned": planned, "ok": int((runs["status"] == OK).sum()),
            "failed": int((runs["status"] == FAILED).sum()), "missing": planned - len(runs)}


def _compute(store: ResultStore, by_id: dict[str, RunTask], todo: list[RunTask],
             fingerprint: str, how: Session, workers: int, method: str | None,
             counts: dict[str, int], bar: Any) -> None:
    """Compute `todo` on the chosen executor, writing finished runs in batches; whatever
    stops it (an error, Ctrl-C), the runs that finished are written first."""
    batch = _Batch(store)
    try:
        if not todo:
            return
        with _open(how, workers, method) as pool:
            for result in pool.results(todo, BATCH_SECONDS / 4):
                ahead = 0.0  # how long until the next result can arrive, if known
                if result is not None:
                    _check_worker_code(result, fingerprint)
                    task = by_id[result["run_id"]]
                    batch.add(task, result)
                    counts["executed"] += 1
                    counts["failures"] += result["status"] == FAILED
                    bar.update(1, weeks=run_weeks(task), took=result.get("wall_seconds"))
                    bar.set_postfix(failed=counts["failures"], refresh=False)
                    if pool.blocking:
                        ahead = result["wall_seconds"]
                if batch.due(ahead):
                    batch.write()
    finally:
        try:
            batch.write()
        finally:
            bar.close()


def _open(how: Session, workers: int, method: str | None) -> Any:
    """The executor; an unreachable --scheduler is the user's to fix (ConfigError)."""
    try:
        return open_executor(how.executor, workers, how.scheduler, how.run_function, method)
    except (OSError, TimeoutError) as err:
        if how.scheduler is None:
            raise
        raise ConfigError("--scheduler", how.scheduler, f"cannot be reached "
                          f"({_reason(err)}); start the scheduler or check the address"
                          ) from None


def write_report(results: ExperimentResults) -> None:
    """Draw the study's report from its stored results and record the outcome.

    Writes report.html in `results.directory` (with the sensitivity CSV files of a sampled
    study and a missing data_dictionary.csv beside it, `report.write_report`), sets
    `results.report` to its path and rewrites manifest.json without an older
    `report_error`.

    Errors: none raised. A report that cannot be drawn is recorded in
    `results.report_error` and the manifest as "<ErrorType>: <reason>", since the study's
    runs are stored either way; a manifest that cannot be written is left as it was.
    """
    from lcsim.experiments.report import write_report as draw_report

    try:
        results.report = draw_report(results.directory)
        results.manifest.pop("report_error", None)
    except Exception as err:  # noqa: BLE001 - any report fault must not fail the study
        results.report_error = f"{type(err).__name__}: {_reason(err)}"
        results.manifest["report_error"] = results.report_error
    with contextlib.suppress(OSError):
        ResultStore(results.directory).write_manifest(results.manifest)


def _check_worker_code(result: dict[str, Any], fingerprint: str) -> None:
    """Turn a run computed with other model code than the session's into a failed run."""
    worker = result.get("model_fingerprint")
    if worker is not None and worker != fingerprint and result["status"] == OK:
        result.update(status=FAILED, outcomes={}, weeks=None, series=None, error=(
            f"model code of the worker (fingerprint {worker}) differs from this session's "
            f"({fingerprint}): the model was edited during the sweep or the worker has "
            "another lcsim version. Restart and rerun to redo this run."))


def _run_row(task: RunTask, result: dict[str, Any]) -> dict[str, Any]:
    """A worker result as one runs.parquet row."""
    row: dict[str, Any] = {"run_id": task.run_id, "point": task.point,
                           "point_index": task.point_index, "replication": task.replication,
                           "seed": task.seed, "status": result["status"],
                           "error": result["error"], "wall_seconds": result["wall_seconds"]}
    row.update({PARAM_PREFIX + k: v for k, v in task.params.items()})
    # Assumptions as `assumption_*` columns: kept only where the schema has them (ensembles,
    # a config's [assumptions]); a table as the text `lcsim run --set` takes.
    row.update({ASSUMPTION_PREFIX + k: table_text(v) if isinstance(v, (list, tuple)) else v
                for k, v in task.assumptions.items()})
    row.update(result["outcomes"])
    return row


class _Batch:
    """Finished runs waiting to be written together as one pair of part files."""

    def __init__(self, store: ResultStore) -> None:
        self.store = store
        self.rows: list[dict[str, Any]] = []
        self.columns: dict[str, list[np.ndarray]] = {n: [] for n in store.series_schema.names}
        self.oldest = 0.0

    def add(self, task: RunTask, result: dict[str, Any]) -> None:
        if not self.rows:
            self.oldest = time.monotonic()
        self.rows.append(_run_row(task, result))
        if result["status"] != OK or result["series"] is None:
            return
        weeks = np.asarray(result["weeks"], dtype=np.int64)
        n = len(weeks)
        identity = {"run_id": task.run_id, "point": task.point,
                    "point_index": task.point_index, "replication": task.replication}
        for name, chunks in self.columns.items():
            if name in identity:
                value = identity[name]
                chunks.append(np.full(n, value, dtype=object if isinstance(value, str)
                                      else np.int64))
            elif name == "week":
                chunks.append(weeks)
            else:
                values = result["series"].get(name)
                chunks.append(np.full(n, np.nan) if values is None
                              else np.asarray(values, dtype=np.float64))

    def due(self, ahead: float = 0.0) -> bool:
        """Whether to write now: enough runs wait, or the oldest has waited (or, `ahead`
        seconds from now, would have waited) `BATCH_SECONDS`."""
        return bool(self.rows) and (len(self.rows) >= BATCH_RUNS or
                                    time.monotonic() + ahead - self.oldest >= BATCH_SECONDS)

    def write(self) -> None:
        if not self.rows:
            return
        runs = runs_table(self.rows, self.store.runs_schema)
        series = (series_table(self.columns, self.store.series_schema)
                  if self.columns["run_id"] else None)
        self.store.save_batch(runs, series)
        self.rows = []
        self.columns = {n: [] for n in self.columns}


def _progress_bar(name: str, total: int, initial: int, enabled: bool,
                  weeks: list[float]) -> Any:
    from lcsim.experiments.progress import progress_reporter

    return progress_reporter(name, total, initial, enabled, weeks=weeks)


def run_weeks(task: RunTask) -> float:
    """The weeks a run simulates (`Params.total_weeks`), which the time left is estimated
    from; 1 for parameters that do not make a `Params` (a test's own run function)."""
    try:
        return float(Params.from_dict(task.params).total_weeks)
    except (ParameterError, TypeError, ValueError):
        return 1.0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _start_manifest(store: ResultStore, config: ExperimentConfig, source: Any,
                    fingerprint: str) -> dict[str, Any]:
    """The manifest for this session: provenance plus the sessions stored so far."""
    old = store.read_manifest() or {}
    points = design_points(config)
    return {
        "name": config.name,
        "question": config.question,
        "config_source": str(source) if isinstance(source, (str, Path)) else None,
        "config_hash": config.config_hash(),
        "results_hash": config.design_hash(),
        "model_fingerprint": fingerprint,
        "root_seed": config.root_seed,
        "replications": config.replications,
        "common_random_numbers": config.common_random_numbers,
        "baseline": baseline_name(config),
        "config": config.model_dump(mode="json"),
        "design_points": [{"index": p.index, "name": p.name, "factors": p.factors,
                           "description": p.description} for p in points],
        "versions": versions(),
        "git": git_state(),
        "command_line": command_line(),
        "working_directory": os.getcwd(),
        "sessions": old.get("sessions", []),
        "status": old.get("status", "new"),
    }


def describe_failures(failed: pd.DataFrame, limit: int = 5) -> str:
    """A short plain-text summary of failed runs: where, which seed, the error's last line."""
    lines = [f"{len(failed)} run(s) failed:"]
    for _, row in failed.head(limit).iterrows():
        last = (row["error"] or "").strip().splitlines()[-1:] or ["(no traceback)"]
        lines.append(f"  {row['run_id']}  point {row['point']!r}  seed {row['seed']}: "
                     f"{last[0]}")
    if len(failed) > limit:
        lines.append(f"  ... and {len(failed) - limit} more")
    lines.append("  Full tracebacks and parameters: runs.parquet (status, error, param_*) "
                 "and the report.")
    return "\n".join(lines)

