"""Where a study's runs are computed: inline (one worker), a local process pool, a Dask
LocalCluster on 127.0.0.1, or an existing Dask cluster.

Every executor takes `RunTask`s (plain data) and yields plain result dicts in the order
runs finish, and None whenever a tick passes without one, so the runner can write what
waits. A run that raises comes back as a failed result; the executors never raise for it.
"""

from __future__ import annotations

import os
import queue
import sys
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lcsim.experiments.config import ConfigError
from lcsim.experiments.design import RunTask
from lcsim.experiments.worker import RunFunction, failed_result, run_task

EXECUTORS = ("local", "dask")
# Overrides how worker processes are started (see `start_method`).
START_METHOD_VARIABLE = "LCSIM_START_METHOD"


def _finished(futures: list[Any], tick: float) -> Iterator[Any]:
    """Futures (concurrent or Dask) in the order they finish, and None whenever `tick`
    seconds pass without one, so the caller can write what waits."""
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for future in futures:
        future.add_done_callback(done.put)
    for _ in range(len(futures)):
        while True:
            try:
                future = done.get(timeout=tick)
            except queue.Empty:
                yield None
                continue
            yield future
            break


class _Inline:
    """One worker: runs in this process, in plan order (no pool to start)."""

    blocking = True  # nothing finishes while a run computes

    def __init__(self, run_function: RunFunction) -> None:
        self.run_function = run_function

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def results(self, tasks: list[RunTask], tick: float) -> Iterator[dict[str, Any] | None]:
        for task in tasks:
            yield run_task(task, self.run_function)


def start_method(dask: bool = False) -> str:
    """How a fresh pool starts its worker processes: the local pool, or with `dask` the
    workers of a Dask LocalCluster.

    While the lcsim code this process has loaded is still the code on disk (no lcsim
    source changed since the process started) and on Linux: the local pool forks its
    workers, which start at once with lcsim, mesa and pandas imported; a spawned worker
    first imports them, about 1 CPU second, as long as three default-size runs. Forked
    workers only run the model: the threads a parent may have (tqdm's monitor, the OpenBLAS
    and Arrow pools, which reset themselves in a forked child) are not used there. Dask
    workers are not forked from this process (Dask's own threads and event loop live
    here) but from a forkserver, a clean process that imports lcsim once and serves all
    later LocalClusters of this process.

    Otherwise "spawn": after a model edit (a notebook session), the loaded code is stale
    and spawned workers import the current code. The environment variable
    LCSIM_START_METHOD (fork, spawn or forkserver) overrides the choice.
    """
    chosen = chosen_start_method()
    if chosen:
        return chosen
    if sys.platform != "linux" or not _loaded_code_is_current():
        return "spawn"
    return "forkserver" if dask else "fork"


def chosen_start_method() -> str | None:
    """The start method set in LCSIM_START_METHOD, if any; ConfigError if it is unknown."""
    import multiprocessing

    chosen = os.environ.get(START_METHOD_VARIABLE, "").strip()
    if chosen and chosen not in multiprocessing.get_all_start_methods():
        raise ConfigError(START_METHOD_VARIABLE, "", "must be one of "
                          f"{', '.join(multiprocessing.get_all_start_methods())}; "
                          f"got {chosen!r}")
    return chosen or None


def _loaded_code_is_current() -> bool:
    """True if no source of a loaded lcsim module changed since this process started."""
    started = _process_start_time()
    if started is None:
        return False
    try:
        newest = max(os.stat(module.__file__).st_mtime for name, module in
                     list(sys.modules.items()) if (name == "lcsim" or name.startswith("lcsim."))
                     and getattr(module, "__file__", None))
    except (OSError, ValueError):
        return False
    # The start time is known to a second (the boot time is whole seconds): keep a margin.
    return newest < started - 2.0


def _process_start_time() -> float | None:
    """When this process started (Unix time, Linux), or None if unknown."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime
        boot = next(float(line.split()[1]) for line in
                    Path("/proc/stat").read_text().splitlines() if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


class _ProcessPool:
    """A local pool of worker processes, forked when that is safe (see `start_method`)."""

    blocking = False

    def __init__(self, run_function: RunFunction, workers: int, method: str) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.run_function = run_function
        self.pool = ProcessPoolExecutor(max_workers=workers,
                                        mp_context=multiprocessing.get_context(method))

    def __enter__(self) -> _ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def results(self, tasks: list[RunTask], tick: float) -> Iterator[dict[str, Any] | None]:
        with warnings.catch_warnings():
            # Python 3.12 warns on every fork of a process with threads; see start_method.
            warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to "
                                    "deadlocks", category=DeprecationWarning)
            futures = [self.pool.submit(run_task, t, self.run_function) for t in tasks]
        pending = dict(zip(futures, tasks, strict=True))
        for future in _finished(futures, tick):
            if future is None:
                yield None
                continue
            task = pending.pop(future)
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 - e.g. a worker process died
                yield failed_result(task, traceback.format_exc())


class _Dask:
    """A Dask client: a fresh LocalCluster on 127.0.0.1, or an existing cluster's scheduler."""

    blocking = False

    def __init__(self, run_function: RunFunction, workers: int, scheduler: str | None,
                 method: str | None) -> None:
        import logging

        from distributed import Client, LocalCluster

        self.run_function = run_function
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            import dask
            from distributed.utils import get_mp_context

            method = method or "spawn"
            with dask.config.set({"distributed.worker.multiprocessing-method": method}):
                if method == "forkserver":
                    # Used when this process's forkserver starts (once): it then imports
                    # what a worker needs; Dask's own list would leave lcsim to each worker.
                    get_mp_context().set_forkserver_preload(["distributed",
                                                             "lcsim.experiments.worker"])
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                            processes=True, host="127.0.0.1",
                                            dashboard_address=None,
                                            silence_logs=logging.ERROR)
            self.client = Client(self.cluster)

    def __enter__(self) -> _Dask:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def results(self, tasks: list[RunTask], tick: float) -> Iterator[dict[str, Any] | None]:
        futures = self.client.map(run_task, tasks, run_function=self.run_function, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in _finished(futures, tick):
            if future is None:
                yield None
                continue
            try:
                yield future.result()
            except Exception:  # noqa: BLE001 - e.g. KilledWorker
                yield failed_result(by_key[future.key], traceback.format_exc())
            future.release()


def session_start_method(executor: str, workers: int, scheduler: str | None) -> str | None:
    """How this session starts worker processes: None if it starts none (inline, or an
    existing Dask cluster)."""
    if scheduler:
        return None
    if executor == "dask":
        return start_method(dask=True)
    return start_method() if workers > 1 else None


def open_executor(executor: str, workers: int, scheduler: str | None,
                   run_function: RunFunction, method: str | None):
    if scheduler or executor == "dask":
        return _Dask(run_function, workers, scheduler, method)
    if workers == 1:
        return _Inline(run_function)
    return _ProcessPool(run_function, workers, method or "spawn")


def available_cpus() -> int:
    """CPUs this process may use (respects container and taskset limits)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
