"""What a worker process runs: one model run from a `RunTask`, returned as plain data.

Kept apart from the runner and light to import (no pydantic, no pyarrow), because every
spawned or Dask worker imports it, and a forkserver imports it once for all workers.
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from lcsim.experiments.design import RunTask
from lcsim.experiments.provenance import model_fingerprint
from lcsim.params import Params

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import pandas as pd

OK, FAILED = "ok", "failed"
# (params, seed[, assumptions=changes]) -> (summary, weekly series); `assumptions` is passed
# only when the study changes them.
RunFunction = Callable[..., "tuple[dict[str, float], pd.DataFrame]"]
# The model code this process runs, fingerprinted when it first loads this module: a worker
# whose code differs from the session's (the model was edited mid-sweep, or a cluster node
# has another version) must not mix its results with the others.
LOADED_FINGERPRINT = model_fingerprint()


def simulate(params: Params, seed: int, assumptions: dict[str, Any] | None = None,
             ) -> tuple[dict[str, float], pd.DataFrame]:
    """One model run (a community, or a region when n_communities > 1): its summary
    outcomes and its weekly model-level series. `assumptions` changes the defaults of
    `lcsim.Assumptions` (the study's `[assumptions]` table)."""
    from lcsim.ecosystem import build_model

    model = build_model(params, rng=seed, assumptions=assumptions).run()
    return model.summary(), model.datacollector.get_model_vars_dataframe()


def run_task(task: RunTask, run_function: RunFunction = simulate) -> dict[str, Any]:
    """Execute one run in a worker; never raises: errors come back with their traceback."""
    start = time.perf_counter()
    result: dict[str, Any] = {"run_id": task.run_id, "status": OK, "error": None,
                              "outcomes": {}, "weeks": None, "series": None,
                              "model_fingerprint": LOADED_FINGERPRINT}
    try:
        params = Params.from_dict(task.params)
        # A run function of (params, seed) serves studies that keep the default assumptions.
        changes = {"assumptions": task.assumptions} if task.assumptions else {}
        summary, weekly = run_function(params, task.seed, **changes)
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


def failed_result(task: RunTask, error: str) -> dict[str, Any]:
    """The result of a run whose worker could not return one (e.g. the process died)."""
    return {"run_id": task.run_id, "status": FAILED, "error": error, "outcomes": {},
            "weeks": None, "series": None, "wall_seconds": float("nan")}


def serve(conn: Connection, run_function: RunFunction = simulate) -> None:
    """The loop of a local pool's worker process: say it is ready (send its pid), then
    run each `RunTask` the parent sends, one at a time, and send back its result; return
    when the parent sends None, closes the pipe or is gone.

    The parent alone decides when a sweep stops (it stores what finished, then ends its
    workers), so a worker ignores Ctrl-C, which a terminal sends to every process of the
    group, and dies at once on SIGTERM and SIGHUP (a forked worker would otherwise keep
    the parent's handlers, which turn them into KeyboardInterrupt).
    """
    import multiprocessing
    from multiprocessing.connection import wait

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    watched = [conn] if parent is None else [conn, parent.sentinel]
    try:
        conn.send(os.getpid())
        while conn in wait(watched):  # else the parent is gone: do not outlive it
            task = conn.recv()
            if task is None:
                return
            conn.send(run_task(task, run_function))
    except (EOFError, OSError):  # the parent closed the pipe or is gone
        return
