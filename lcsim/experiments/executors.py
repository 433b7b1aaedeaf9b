"""Where a study's runs are computed: inline (one worker), a local process pool, a Dask
LocalCluster on 127.0.0.1, or an existing Dask cluster.

Every executor takes `RunTask`s (plain data) and yields plain result dicts in the order
runs finish, and None whenever a tick passes without one, so the runner can write what
waits. A run that raises comes back as a failed result; the executors never raise for it.
A run that kills its worker process comes back as a failed run too ("WorkerDied: ...",
with the exit code or signal when known); the other runs go on, on a fresh worker.

Dask workers that cannot run the tasks (lcsim missing, other lcsim code) raise
`WorkerError` before the first run. Leaving an executor on an exception (Ctrl-C, or
SIGTERM/SIGHUP inside `signals_as_interrupt`) ends its workers without waiting for the
runs they compute.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import signal
import sys
import threading
import time
import traceback
import types
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from lcsim.experiments.config import ConfigError
from lcsim.experiments.design import RunTask
from lcsim.experiments.errors import WorkerError
from lcsim.experiments.provenance import model_fingerprint
from lcsim.experiments.worker import RunFunction, failed_result, run_task, serve

EXECUTORS = ("local", "dask")
# Overrides how worker processes are started (see `start_method`).
START_METHOD_VARIABLE = "LCSIM_START_METHOD"
# Seconds to wait for a Dask worker that can run tasks before giving up (WorkerError).
WORKER_TIMEOUT = 60.0
# Workers that joined a Dask cluster are checked, and its thread count read, this often.
CHECK_SECONDS = 1.0
# Seconds to wait for a LocalCluster nanny to log how a worker process ended.
DEATH_LOG_SECONDS = 2.0
# Seconds local workers get to stop before they are killed.
STOP_SECONDS = 2.0

__all__ = ["EXECUTORS", "WorkerError", "available_cpus", "chosen_start_method",
           "open_executor", "session_start_method", "signals_as_interrupt", "start_method"]


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


@dataclass
class _LocalWorker:
    """A worker process of the local pool, its end of the pipe, and the run it computes."""

    process: Any
    conn: Connection
    ready: bool = False  # it said so once it started (imports done)
    task: RunTask | None = None


class _ProcessPool:
    """A local pool of worker processes, forked when that is safe (see `start_method`).

    Each worker computes one run at a time, sent to it when it is free, so the pool knows
    which run each worker computes: a worker process that dies (os._exit, a segfault, the
    OOM killer) fails only that run, with its exit code or signal, and a fresh worker takes
    its place; the other runs go on. (concurrent.futures' pool fails every pending run
    when one worker dies.)
    """

    blocking = False

    def __init__(self, run_function: RunFunction, workers: int, method: str) -> None:
        import multiprocessing

        self.run_function = run_function
        self.size = workers
        self.context = multiprocessing.get_context(method)
        self.workers: list[_LocalWorker] = []

    def __enter__(self) -> _ProcessPool:
        try:
            self.workers = [self._start() for _ in range(self.size)]
        except BaseException:
            self._stop(wait=False)
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # On Ctrl-C, SIGTERM or an error the running runs are not awaited: their results
        # would be lost anyway, and a stop must be prompt.
        self._stop(wait=exc_type is None)

    def _start(self) -> _LocalWorker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=serve, args=(theirs, self.run_function),
                                       name="lcsim-worker", daemon=True)
        with warnings.catch_warnings():
            # Python 3.12 warns on every fork of a process with threads; see start_method.
            warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to "
                                    "deadlocks", category=DeprecationWarning)
            process.start()
        theirs.close()  # so that reading `ours` ends when the worker dies
        return _LocalWorker(process, ours)

    def _stop(self, wait: bool) -> None:
        """End every worker: tell idle ones to stop (`wait`), else terminate them at once;
        kill any still alive after a grace period, so none outlives the pool."""
        for worker in self.workers:
            if wait and worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.terminate()
        deadline = time.monotonic() + STOP_SECONDS
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []

    def results(self, tasks: list[RunTask], tick: float) -> Iterator[dict[str, Any] | None]:
        todo = deque(tasks)
        while todo or any(w.task is not None for w in self.workers):
            for worker in self.workers:
                self._give(worker, todo)
            ready = set(wait([w.conn for w in self.workers] +
                             [w.process.sentinel for w in self.workers], timeout=tick))
            if not ready:
                yield None
                continue
            for worker in list(self.workers):
                if worker.conn in ready or worker.process.sentinel in ready:
                    yield from self._collect(worker, todo)

    def _give(self, worker: _LocalWorker, todo: deque[RunTask]) -> None:
        """Send the next run to `worker` if it is ready and free."""
        if worker.ready and worker.task is None and todo:
            worker.task = todo.popleft()
            try:
                worker.conn.send(worker.task)
            except OSError:  # it died before it got the run: `_collect` replaces it
                todo.appendleft(worker.task)
                worker.task = None

    def _collect(self, worker: _LocalWorker,
                 todo: deque[RunTask]) -> Iterator[dict[str, Any]]:
        """What `worker` sent (its start, a result); if it died, its run as a failed run,
        and a fresh worker in its place."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if not worker.ready:  # its pid: it has started
                    worker.ready = True
                    self._give(worker, todo)
                    continue
                worker.task = None
                self._give(worker, todo)  # before the runner takes its time
                yield message
        except (EOFError, OSError):  # the pipe closed: it died
            pass
        if worker.process.is_alive():
            return
        worker.process.join()
        how = exit_description(worker.process.exitcode)
        worker.conn.close()
        if not worker.ready:
            raise WorkerError(f"a local worker process (pid {worker.process.pid}) {how} "
                              "before it could run anything; see the error above")
        self.workers[self.workers.index(worker)] = self._start()
        if worker.task is not None:
            yield failed_result(worker.task, f"WorkerDied: the worker process computing "
                                f"this run (pid {worker.process.pid}) {how}")


def exit_description(code: int | None) -> str:
    """How a process ended, from its exit code (negative: the signal that killed it)."""
    if code is None:
        return "died"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"was killed by {name} (signal {-code})"
    return f"died with exit code {code}"


# --------------------------------------------------------------------------- Dask
def _describe_worker(payload: bytes) -> dict[str, Any]:
    """Runs on a Dask worker: can it load this session's tasks (`payload`: `run_task`
    and the run function, pickled as Dask sends them), and which lcsim does it have.

    Sent by value (see `_by_value`), so it runs where lcsim is missing and says so.
    """
    import contextlib
    import importlib.metadata
    import sys

    from distributed.protocol.pickle import loads

    report: dict[str, Any] = {"missing": None, "error": None, "version": None,
                              "fingerprint": None, "lcsim": None}
    try:
        loads(payload)
        from lcsim.experiments.worker import LOADED_FINGERPRINT

        report["fingerprint"] = LOADED_FINGERPRINT
    except ImportError as err:
        report.update(missing=err.name, error=f"{type(err).__name__}: {err}")
    except Exception as err:  # noqa: BLE001 - reported to the session, which stops
        report["error"] = f"{type(err).__name__}: {err}"
    lcsim = sys.modules.get("lcsim")
    if lcsim is not None:
        report["lcsim"] = getattr(lcsim, "__file__", None) or \
            ", ".join(getattr(lcsim, "__path__", []))
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        report["version"] = importlib.metadata.version("lcsim")
    return report


def _by_value(function: Callable[..., Any]) -> Callable[..., Any]:
    """A copy of a module-level `function` that belongs to no module, so Dask pickles its
    code (cloudpickle) instead of a reference a worker would have to import. The function
    must only use builtins and what it imports itself."""
    import builtins

    copy = types.FunctionType(function.__code__, {"__builtins__": builtins},
                              function.__name__, function.__defaults__)
    copy.__doc__ = function.__doc__
    return copy


def _worker_problem(report: dict[str, Any], version: str | None,
                    fingerprint: str) -> str | None:
    """Why a worker (its `_describe_worker` report) cannot run this session's tasks, or
    None if it can."""
    if report["error"]:
        missing = report["missing"] or ""
        where = f"; its lcsim is {report['lcsim']}" if report["lcsim"] and \
            missing.startswith("lcsim") else ""
        same = f"lcsim {version}" if version else "the same lcsim"
        fix = (f"install {same} there, as here, and restart the worker"
               if missing.startswith("lcsim") or not missing else
               "make the run function's module importable there")
        what = f"import {missing!r}" if missing else "load the tasks"
        return f"cannot {what} ({report['error']}{where}); {fix}"
    if report["fingerprint"] != fingerprint or (
            version and report["version"] and report["version"] != version):
        return (f"runs other lcsim code (version {report['version']}, model fingerprint "
                f"{report['fingerprint']}) than this session (version {version}, "
                f"fingerprint {fingerprint}); install the same lcsim on every worker and "
                "restart them")
    return None


class _WorkerDeaths(logging.Handler):
    """How the worker processes of our LocalCluster ended, by pid, as its nannies (which
    run in this process) log it: 'died with exit code 1', 'was killed by SIGKILL ...'."""

    PATTERN = re.compile(r"Worker process (\d+) (exited with status|was killed by signal) "
                         r"(\d+)")

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.ended: dict[int, str] = {}
        self.changed = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        match = self.PATTERN.search(record.getMessage())
        if match:
            pid, kind, number = int(match[1]), match[2], int(match[3])
            with self.changed:
                self.ended[pid] = exit_description(number if kind.startswith("exited")
                                                   else -number)
                self.changed.notify_all()

    def wait_for(self, pid: int | None, timeout: float) -> str | None:
        """How worker `pid` ended, waiting up to `timeout` seconds for its nanny to see it."""
        with self.changed:
            self.changed.wait_for(lambda: pid in self.ended, timeout)
            return self.ended.get(pid) if pid is not None else None


def _not_a_killed_task(record: logging.LogRecord) -> bool:
    """Drops the scheduler's error line for a task whose worker died: that run is stored
    as failed, with how its worker ended, and the failure summary lists it."""
    return not str(record.msg).startswith("Task %s marked as failed because")


class _Dask:
    """A Dask client: a fresh LocalCluster on 127.0.0.1, or an existing cluster's scheduler.

    Before the first run, every worker is checked (`_describe_worker`): one that cannot
    load lcsim or the run function, or has other lcsim code, stops the session with a
    `WorkerError` naming it, instead of taking tasks it can never run (which would leave
    the sweep at 0 runs for good). Workers that join later are checked within a second.
    With no worker for `WORKER_TIMEOUT` seconds the session stops too.

    At most as many runs as workers have threads are submitted at a time, so a run waits
    here, not on a worker: a worker process that dies fails only the run it computed.
    Our LocalCluster gives up on such a run at once (allowed-failures 0) and says how
    its worker ended; an existing cluster retries it by its own allowed-failures.
    """

    blocking = False

    def __init__(self, run_function: RunFunction, workers: int, scheduler: str | None,
                 method: str | None) -> None:
        from distributed.protocol.pickle import dumps

        self.run_function = run_function
        self.cluster: Any = None
        self.client: Any = None
        self.deaths: _WorkerDeaths | None = None
        self.running: dict[str, tuple[Any, RunTask]] = {}
        self.checked: set[str] = set()
        self.next_check = 0.0
        self.payload = dumps((run_task, run_function))
        self.version = lcsim_version()
        self.fingerprint = model_fingerprint()
        try:
            self._connect(workers, scheduler, method)
        except BaseException:
            self._close()
            raise

    def _connect(self, workers: int, scheduler: str | None, method: str | None) -> None:
        from distributed import Client, LocalCluster

        if scheduler:
            check_scheduler(scheduler)
            self.client = Client(scheduler)
            return
        import dask
        from distributed.utils import get_mp_context

        method = method or "spawn"
        settings = {"distributed.worker.multiprocessing-method": method,
                    # Fail a run whose worker died at once (see the class docstring).
                    "distributed.scheduler.allowed-failures": 0,
                    "distributed.scheduler.worker-saturation": 1.0}
        with dask.config.set(settings):
            if method == "forkserver":
                # Used when this process's forkserver starts (once): it then imports
                # what a worker needs; Dask's own list would leave lcsim to each worker.
                get_mp_context().set_forkserver_preload(forkserver_preload())
            self.deaths = _WorkerDeaths()
            logging.getLogger("distributed.nanny").addHandler(self.deaths)
            logging.getLogger("distributed.scheduler").addFilter(_not_a_killed_task)
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, host="127.0.0.1",
                                        dashboard_address=None,
                                        silence_logs=logging.ERROR)
        self.client = Client(self.cluster)

    def __enter__(self) -> _Dask:
        try:
            self._check_workers(first=True)
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is not None and self.running:  # Ctrl-C, SIGTERM or an error
            with contextlib.suppress(Exception):
                self.client.cancel([future for future, _ in self.running.values()])
        self._close()

    def _close(self) -> None:
        try:
            if self.client is not None:
                with contextlib.suppress(Exception):  # e.g. interrupted mid-call
                    self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        finally:
            if self.deaths is not None:
                logging.getLogger("distributed.nanny").removeHandler(self.deaths)
                logging.getLogger("distributed.scheduler").removeFilter(_not_a_killed_task)

    def _check_workers(self, first: bool = False) -> int:
        """Check workers not checked yet; return the threads of all workers now.

        Raises:
            WorkerError: a worker cannot run the tasks, or (`first`) none joined within
                `WORKER_TIMEOUT` seconds.
        """
        where = self.client.scheduler.address
        if first:
            try:
                self.client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
            except TimeoutError:
                raise WorkerError(f"no Dask worker joined the scheduler {where} within "
                                  f"{WORKER_TIMEOUT:g} s; start workers (dask worker "
                                  f"{where}) and rerun") from None
        self.next_check = time.monotonic() + CHECK_SECONDS
        threads = self.client.nthreads()
        new = [address for address in threads if address not in self.checked]
        if new:
            try:
                reports = self.client.run(_by_value(_describe_worker), self.payload,
                                          workers=new, on_error="return",
                                          callback_timeout=WORKER_TIMEOUT)
            except (OSError, TimeoutError) as err:
                raise WorkerError(f"the Dask workers of {where} did not answer a check "
                                  f"within {WORKER_TIMEOUT:g} s ({err})") from None
            for address in new:
                report = reports.get(address)
                if not isinstance(report, dict):  # it left meanwhile: check it if back
                    continue
                problem = _worker_problem(report, self.version, self.fingerprint)
                if problem:
                    raise WorkerError(f"Dask worker {address} {problem}")
                self.checked.add(address)
        return sum(threads.values())

    def results(self, tasks: list[RunTask], tick: float) -> Iterator[dict[str, Any] | None]:
        todo = deque(tasks)
        finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
        threads = self._check_workers()
        without_workers = None if threads else time.monotonic()
        while todo or self.running:
            while todo and len(self.running) < threads:
                task = todo.popleft()
                future = self.client.submit(run_task, task, self.run_function, pure=False)
                self.running[future.key] = (future, task)
                future.add_done_callback(finished.put)
            try:
                future = finished.get(timeout=tick)
            except queue.Empty:
                future = None
            result = None if future is None else self._outcome(future)
            if time.monotonic() >= self.next_check:
                threads = self._check_workers()
                without_workers = None if threads else without_workers or time.monotonic()
                if without_workers and time.monotonic() - without_workers > WORKER_TIMEOUT:
                    raise WorkerError(f"no Dask worker for {WORKER_TIMEOUT:g} s (the "
                                      f"scheduler {self.client.scheduler.address} has none)")
            yield result

    def _outcome(self, future: Any) -> dict[str, Any]:
        """The result of a finished future, or its run as a failed run."""
        from distributed import KilledWorker

        _, task = self.running.pop(future.key)
        try:
            return future.result()
        except KilledWorker as err:
            self.next_check = 0.0  # its worker is gone: fewer threads until it is back
            worker = err.last_worker
            how = self.deaths.wait_for(worker.pid, DEATH_LOG_SECONDS) if self.deaths \
                else None
            return failed_result(task, f"WorkerDied: the Dask worker process computing "
                                 f"this run ({worker.address}, pid {worker.pid}) "
                                 f"{how or 'died (see its log for how)'}")
        except Exception:  # noqa: BLE001 - recorded with the run
            return failed_result(task, traceback.format_exc())
        finally:
            future.release()


def lcsim_version() -> str | None:
    """The installed lcsim version, or None if lcsim runs from a source folder."""
    import importlib.metadata

    try:
        return importlib.metadata.version("lcsim")
    except importlib.metadata.PackageNotFoundError:
        return None


def forkserver_preload() -> list[str]:
    """What the forkserver of Dask workers imports when it starts: lcsim's worker module
    too, unless the current folder holds another `lcsim` (e.g. the parent of a clone).

    CPython starts the forkserver with `python -c`, so its first import path is the
    current folder, and it does not take this process's path before it preloads: a
    folder named lcsim there would hide the installed package from every worker. Then
    each worker imports lcsim itself, with this process's import path.
    """
    here = Path.cwd()
    ours = Path(__file__).resolve().parents[1]
    shadows = [p for p in (here / "lcsim", here / "lcsim.py") if p.exists()]
    if any(p.resolve() != ours for p in shadows):
        return ["distributed"]
    return ["distributed", "lcsim.experiments.worker"]


def check_scheduler(address: str) -> None:
    """Make sure a Dask scheduler answers at `address` before a client waits on it.

    A client of an address where nothing answers, or where another kind of server (a web
    server) listens, can wait for ever; this asks the scheduler for its identity with a
    hard time limit: Dask's connect timeout (`distributed.comm.timeouts.connect`, 30 s).

    Raises:
        ConfigError: one line naming --scheduler: not an address, or no Dask scheduler
            answered in time.
    """
    import asyncio

    import dask
    from dask.utils import parse_timedelta
    from distributed.comm import connect

    seconds = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")

    async def identity() -> Any:
        comm = await connect(address, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    try:
        # In a thread of its own, so it works where an event loop runs already (Jupyter).
        with ThreadPoolExecutor(1) as thread:
            answer = thread.submit(asyncio.run, asyncio.wait_for(identity(), seconds)).result()
    except (ValueError, TypeError) as err:
        raise ConfigError("--scheduler", address, f"is not a Dask scheduler address "
                          f"({err}); e.g. tcp://127.0.0.1:8786") from None
    except (OSError, TimeoutError) as err:
        reason = str(err).splitlines()[0] if str(err) else "no answer"
        raise ConfigError("--scheduler", address, f"no Dask scheduler answered within "
                          f"{seconds:g} s ({reason}); start the scheduler or check the "
                          "address") from None
    except Exception as err:  # noqa: BLE001 - whatever else a foreign server makes happen
        raise ConfigError("--scheduler", address, "did not answer as a Dask scheduler "
                          f"({type(err).__name__}); check the address") from None
    if not isinstance(answer, dict) or answer.get("type") != "Scheduler":
        raise ConfigError("--scheduler", address, "answers, but is not a Dask scheduler; "
                          "check the address")


@contextmanager
def signals_as_interrupt() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP (`kill PID`, a closed terminal) stop the sweep like
    Ctrl-C: they raise KeyboardInterrupt in the main thread, so the finished runs are
    stored, the executor ends its workers and the resume hint is printed. Repeats of them
    are ignored while the stop is under way (SIGKILL still ends everything). The previous
    handlers come back on exit. Outside the main thread it does nothing (Python delivers
    signals there only).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = False

    def interrupt(signum: int, frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, interrupt)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def session_start_method(executor: str, workers: int, scheduler: str | None) -> str | None:
    """How this session starts worker processes: None if it starts none (inline, or an
    existing Dask cluster)."""
    if scheduler:
        return None
    if executor == "dask":
        return start_method(dask=True)
    return start_method() if workers > 1 else None


def open_executor(executor: str, workers: int, scheduler: str | None,
                  run_function: RunFunction, method: str | None
                  ) -> _Inline | _ProcessPool | _Dask:
    """The executor for a session, to use as a context manager: `results(tasks, tick)`
    yields result dicts and None per idle tick; leaving it ends its workers.

    Raises:
        OSError, TimeoutError: the Dask scheduler cannot be reached.
        WorkerError: (on entering) Dask workers cannot run the tasks.
    """
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
