"""Running a study: every planned run on a local process pool (default), a Dask
LocalCluster on 127.0.0.1, or an existing Dask cluster, storing each run as it finishes.

Workers receive a `RunTask` (params + seed, plain data) and return plain dicts and arrays,
never model objects. A run that raises is recorded with its traceback and parameters and
the others go on. Stored runs are skipped on the next call, so rerunning the same command
after Ctrl-C or kill -9 resumes the sweep.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lcsim.experiments.config import ConfigError, ExperimentConfig, baseline_name, load_config
from lcsim.experiments.design import RunTask, design_points, plan_runs
from lcsim.experiments.provenance import git_state, model_fingerprint, versions
from lcsim.experiments.storage import (
    FAILED,
    OK,
    PARAM_PREFIX,
    ResultStore,
    run_schema,
    series_schema,
)
from lcsim.params import Params

EXECUTORS = ("local", "dask")
RunFunction = Callable[[Params, int], tuple[dict[str, float], pd.DataFrame]]
# The model code this process runs, fingerprinted when it first loads the runner: a worker
# whose code differs from the session's (the model was edited mid-sweep, or a cluster node
# has another version) must not mix its results with the others.
LOADED_FINGERPRINT = model_fingerprint()


# --------------------------------------------------------------------------- one run
def simulate(params: Params, seed: int) -> tuple[dict[str, float], pd.DataFrame]:
    """One model run (a community, or a region when n_communities > 1): its summary
    outcomes and its weekly model-level series."""
    from lcsim.ecosystem import build_model

    model = build_model(params, rng=seed).run()
    return model.summary(), model.datacollector.get_model_vars_dataframe()


def run_task(task: RunTask, run_function: RunFunction = simulate) -> dict[str, Any]:
    """Execute one run in a worker; never raises: errors come back with their traceback."""
    start = time.perf_counter()
    result: dict[str, Any] = {"run_id": task.run_id, "status": OK, "error": None,
                              "outcomes": {}, "weeks": None, "series": None,
                              "model_fingerprint": LOADED_FINGERPRINT}
    try:
        params = Params.from_dict(task.params)
        summary, weekly = run_function(params, task.seed)
        missing = float("nan")
        outcomes = {name: float(summary[name]) if name in summary or name not in task.optional
                    else missing for name in task.outputs}
        for name, numerator, denominator in task.derived:
            total = sum(float(summary[t]) if t in summary else float(task.params[t])
                        for t in denominator)
            outcomes[name] = float(summary[numerator]) / total if total else float("nan")
        result["outcomes"] = outcomes
        if task.series:
            result["weeks"] = np.asarray(weekly.index, dtype=np.int64)
            result["series"] = {
                name: np.asarray(weekly[name], dtype=np.float64)
                if name in weekly or name not in task.optional
                else np.full(len(weekly), np.nan) for name in task.series}
    except Exception:  # noqa: BLE001 - any model error must be recorded, not stop the sweep
        result.update(status=FAILED, error=traceback.format_exc(), outcomes={}, weeks=None,
                      series=None)
    result["wall_seconds"] = time.perf_counter() - start
    return result


def _failed_result(task: RunTask, error: str) -> dict[str, Any]:
    return {"run_id": task.run_id, "status": FAILED, "error": error, "outcomes": {},
            "weeks": None, "series": None, "wall_seconds": float("nan")}


# --------------------------------------------------------------------------- executors
class _Inline:
    """One worker: runs in this process, in plan order (no pool to start)."""

    def __init__(self, run_function: RunFunction) -> None:
        self.run_function = run_function

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def results(self, tasks: list[RunTask]) -> Iterator[dict[str, Any]]:
        for task in tasks:
            yield run_task(task, self.run_function)


class _ProcessPool:
    """A local pool of spawned worker processes (safe with threads, same on every OS)."""

    def __init__(self, run_function: RunFunction, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.run_function = run_function
        self.pool = ProcessPoolExecutor(max_workers=workers,
                                        mp_context=multiprocessing.get_context("spawn"))

    def __enter__(self) -> _ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def results(self, tasks: list[RunTask]) -> Iterator[dict[str, Any]]:
        from concurrent.futures import as_completed

        futures = {self.pool.submit(run_task, t, self.run_function): t for t in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 - e.g. a worker process died
                yield _failed_result(futures[future], traceback.format_exc())


class _Dask:
    """A Dask client: a fresh LocalCluster on 127.0.0.1, or an existing cluster's scheduler."""

    def __init__(self, run_function: RunFunction, workers: int, scheduler: str | None) -> None:
        import logging

        from distributed import Client, LocalCluster

        self.run_function = run_function
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)

    def __enter__(self) -> _Dask:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def results(self, tasks: list[RunTask]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        futures = self.client.map(run_task, tasks, run_function=self.run_function, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 - e.g. KilledWorker
                yield _failed_result(by_key[future.key], traceback.format_exc())
            future.release()


def _open_executor(executor: str, workers: int, scheduler: str | None,
                   run_function: RunFunction):
    if scheduler or executor == "dask":
        return _Dask(run_function, workers, scheduler)
    if workers == 1:
        return _Inline(run_function)
    return _ProcessPool(run_function, workers)


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

    manifest = _start_manifest(store, config, config_or_path, fingerprint)
    session = {"started": _now(), "executor": "dask" if scheduler or executor == "dask"
               else "local", "workers": workers, "scheduler": scheduler,
               "runs_planned": len(tasks), "runs_already_stored": len(done),
               "runs_executed": 0, "failures": 0}
    manifest["sessions"].append(session)
    manifest["status"] = "running"
    store.write_manifest(manifest)

    started = time.perf_counter()
    executed = failures = 0
    interrupted = False
    bar = _progress_bar(config.name, len(tasks), len(done), progress)
    try:
        if todo:
            with _open_executor(executor, workers, scheduler, run_function) as pool:
                for result in pool.results(todo):
                    task = by_id[result["run_id"]]
                    _check_worker_code(result, fingerprint)
                    row, weekly = _to_records(task, result)
                    store.save_run(row, weekly)
                    executed += 1
                    failures += result["status"] == FAILED
                    bar.update(1)
                    bar.set_postfix(failed=failures, refresh=False)
    except KeyboardInterrupt:
        interrupted = True
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


def available_cpus() -> int:
    """CPUs this process may use (respects container and taskset limits)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_worker_code(result: dict[str, Any], fingerprint: str) -> None:
    """Turn a run computed with other model code than the session's into a failed run."""
    worker = result.get("model_fingerprint")
    if worker is not None and worker != fingerprint and result["status"] == OK:
        result.update(status=FAILED, outcomes={}, weeks=None, series=None, error=(
            f"model code of the worker (fingerprint {worker}) differs from this session's "
            f"({fingerprint}): the model was edited during the sweep or the worker has "
            "another lcsim version. Restart and rerun to redo this run."))


def _to_records(task: RunTask, result: dict[str, Any]) -> tuple[dict[str, Any],
                                                                pd.DataFrame | None]:
    """A worker result as one runs.parquet row and a timeseries frame (None if failed)."""
    row: dict[str, Any] = {"run_id": task.run_id, "point": task.point,
                           "point_index": task.point_index, "replication": task.replication,
                           "seed": task.seed, "status": result["status"],
                           "error": result["error"], "wall_seconds": result["wall_seconds"]}
    row.update({PARAM_PREFIX + k: v for k, v in task.params.items()})
    row.update(result["outcomes"])
    weekly = None
    if result["status"] == OK and result["series"] is not None:
        weeks = result["weeks"]
        weekly = pd.DataFrame({"run_id": task.run_id, "point": task.point,
                               "point_index": task.point_index,
                               "replication": task.replication, "week": weeks,
                               **result["series"]})
    return row, weekly


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

