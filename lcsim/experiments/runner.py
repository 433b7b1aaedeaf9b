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

import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lcsim.experiments.config import ConfigError, ExperimentConfig, baseline_name, load_config
from lcsim.experiments.design import RunTask, design_points, plan_runs
from lcsim.experiments.executors import (
    EXECUTORS,
    available_cpus,
    chosen_start_method,
    open_executor,
    session_start_method,
)
from lcsim.experiments.provenance import git_state, model_fingerprint, versions
from lcsim.experiments.storage import (
    PARAM_PREFIX,
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
from lcsim.params import Params

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


def _schemas(config: ExperimentConfig) -> tuple[Any, Any]:
    kinds = {s.name: s.kind for s in Params.specs()}
    return run_schema(kinds, config.outcome_names()), series_schema(config.series_names())


def _check_resumable(store: ResultStore, config: ExperimentConfig, fingerprint: str) -> None:
    manifest = store.read_manifest()
    if manifest is None:
        return
    hint = "rerun with --force (force=True) to discard them, or choose another --out"
    if manifest.get("results_hash") != config.results_hash():
        raise ConfigError(str(store.manifest_path), "results_hash",
                          f"the stored results come from a different config; {hint}")
    if manifest.get("model_fingerprint") != fingerprint:
        raise ConfigError(str(store.manifest_path), "model_fingerprint",
                          "the stored results were computed with different model code; "
                          f"{hint}")


def run_experiment(config_or_path: str | Path | dict[str, Any] | ExperimentConfig, *,
                   out: str | Path | None = None, executor: str = "local",
                   workers: int | None = None, scheduler: str | None = None,
                   replications: int | None = None, force: bool = False,
                   progress: bool = True, report: bool = True,
                   run_function: RunFunction | None = None) -> ExperimentResults:
    """Run (or resume) a study, store its results and write report.html.

    Args:
        config_or_path: a TOML path, a config dict or an ExperimentConfig.
        out: output directory (default results/<name>).
        executor: "local" (process pool; inline when workers == 1) or "dask" (LocalCluster
            on 127.0.0.1). `scheduler` ("tcp://host:port") uses an existing Dask cluster.
        workers: worker processes (default: CPU count).
        replications: override the config's replications (seeds of existing ones are kept).
        force: discard stored results and start over.
        run_function: (params, seed) -> (summary, weekly series), default `simulate`; it
            must pickle (a module-level function) for process pools and Dask.

    Returns:
        ExperimentResults with `runs` and `timeseries` DataFrames (failed runs included in
        `runs` with status "failed" and their traceback in `error`).

    Raises:
        ConfigError: invalid config, or stored results that do not match it.
    """
    if executor not in EXECUTORS:
        raise ConfigError("--executor", "", f"must be one of {', '.join(EXECUTORS)}; "
                                            f"got {executor!r}")
    chosen_start_method()
    run_function = run_function or simulate
    config = load_config(config_or_path).with_replications(replications)
    directory = Path(out) if out is not None else default_directory(config)
    fingerprint = model_fingerprint()
    runs_schema, weekly_schema = _schemas(config)
    store = ResultStore(directory, runs_schema, weekly_schema)
    if not force:
        _check_resumable(store, config, fingerprint)
    store.prepare(discard=force)

    tasks = plan_runs(config)
    by_id = {t.run_id: t for t in tasks}
    done = store.finished_ids() & set(by_id)
    todo = [t for t in tasks if t.run_id not in done]
    workers = max(1, workers or available_cpus())
    if scheduler is None:
        workers = min(workers, max(1, len(todo)))
    method = session_start_method(executor, workers, scheduler) if todo else None

    manifest = _start_manifest(store, config, config_or_path, fingerprint)
    session = {"started": _now(), "executor": "dask" if scheduler or executor == "dask"
               else "local", "workers": workers, "scheduler": scheduler,
               "start_method": method,
               "runs_planned": len(tasks), "runs_already_stored": len(done),
               "runs_executed": 0, "failures": 0}
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    store.write_manifest(manifest)

    started = time.perf_counter()
    executed = failures = 0
    interrupted = False
    bar = _progress_bar(config.name, len(tasks), len(done), progress)
    batch = _Batch(store)
    try:
        if todo:
            with open_executor(executor, workers, scheduler, run_function, method) as pool:
                for result in pool.results(todo, BATCH_SECONDS / 4):
                    ahead = 0.0  # how long until the next result can arrive, if known
                    if result is not None:
                        _check_worker_code(result, fingerprint)
                        batch.add(by_id[result["run_id"]], result)
                        executed += 1
                        failures += result["status"] == FAILED
                        bar.update(1)
                        bar.set_postfix(failed=failures, refresh=False)
                        if pool.blocking:
                            ahead = result["wall_seconds"]
                    if batch.due(ahead):
                        batch.write()
                batch.write()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        try:
            batch.write()  # what finished before an error or Ctrl-C
        finally:
            bar.close()

    runs, weekly, dropped = store.consolidate(by_id)
    failed = runs[runs["status"] == FAILED]
    session.update(finished=_now(), wall_seconds=round(time.perf_counter() - started, 3),
                   runs_executed=executed, failures=failures, interrupted=interrupted)
    manifest.update(
        status="interrupted" if interrupted else ("failed runs" if len(failed) else "complete"),
        runs={"planned": len(tasks), "ok": int((runs["status"] == OK).sum()),
              "failed": len(failed), "missing": len(tasks) - len(runs)},
        run_seconds={"total": float(runs["wall_seconds"].sum()),
                     "mean": float(runs["wall_seconds"].mean()) if len(runs) else None})
    store.write_manifest(manifest)

    results = ExperimentResults(config, directory, runs, weekly, manifest, executed,
                                interrupted, None, dropped, failed)
    if interrupted:
        raise KeyboardInterrupt
    if report and len(runs):
        from lcsim.experiments.report import write_report

        results.report = write_report(directory)
    return results


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


def _progress_bar(name: str, total: int, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="run", desc=name, disable=not enabled,
                dynamic_ncols=True, file=sys.stderr, postfix={"failed": 0})


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
        "results_hash": config.results_hash(),
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
        "command_line": sys.argv,
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

