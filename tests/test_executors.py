"""The sweep executors under faults: a worker process that dies (local pool and Dask),
Dask workers that cannot run the tasks (lcsim missing, other lcsim code, none at all), and
`lcsim experiment` stopped by SIGTERM or SIGHUP, which must store what finished, leave no
process behind and resume on the rerun."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from lcsim import Params
from lcsim.experiments import command_experiment, run_experiment
from lcsim.experiments.errors import WorkerError
from lcsim.experiments.runner import simulate
from lcsim.experiments.storage import ResultStore

CONFIGS = Path(__file__).parent / "configs"
GRID = CONFIGS / "tiny_grid.toml"
RESUME = CONFIGS / "resume.toml"
LCSIM_DIR = Path(__file__).resolve().parents[1] / "lcsim"

# Twelve one-replication runs; the run with 9 participants ends its worker process with
# exit code 3, the one with 11 is killed by SIGKILL (see `crashes_two_runs`).
CRASHING = {"name": "crashing", "question": "Does one dying worker fail only its own run?",
            "replications": 1, "root_seed": 5, "outputs": ["realized_value"],
            "series": ["mean_trust"],
            "base": {"funding_years": 0.2, "weeks_after_funding": 0},
            "design": {"kind": "grid", "factors": {
                "n_participants": [7, 8, 9, 10, 11, 12], "stereotype_strength": [0.2, 0.8]}}}


def crashes_two_runs(params: Params, seed: int):
    """Kills its own worker process in two runs of CRASHING (module level, so it pickles):
    os._exit(3) with 9 participants, SIGKILL with 11, both at stereotype strength 0.8."""
    if params.stereotype_strength == 0.8 and params.n_participants == 9:
        os._exit(3)
    if params.stereotype_strength == 0.8 and params.n_participants == 11:
        os.kill(os.getpid(), signal.SIGKILL)
    return simulate(params, seed)


def kills_one_run(params: Params, seed: int):
    """Kills its own worker process (SIGKILL) in the run of CRASHING with 11 participants
    and stereotype strength 0.8."""
    if params.stereotype_strength == 0.8 and params.n_participants == 11:
        os.kill(os.getpid(), signal.SIGKILL)
    return simulate(params, seed)


def sleeps_unless_small(params: Params, seed: int):
    """A minute-long run unless the community has fewer than 8 participants."""
    if params.n_participants >= 8:
        time.sleep(60)
    return simulate(params, seed)


def assert_only_the_crashed_runs_failed(runs, worker: str) -> None:
    failed = runs[runs["status"] == "failed"].set_index("param_n_participants")
    assert sorted(failed.index) == [9, 11], "only the two runs that crashed failed"
    assert (failed["param_stereotype_strength"] == 0.8).all()
    assert f"{worker} process computing this run" in failed.loc[9, "error"]
    assert "died with exit code 3" in failed.loc[9, "error"]
    assert "killed by SIGKILL (signal 9)" in failed.loc[11, "error"]
    assert (runs["status"] == "ok").sum() == 10


# --------------------------------------------------------------------------- worker died
def test_a_dying_local_worker_fails_only_its_run_and_is_replaced(tmp_path: Path):
    result = run_experiment(CRASHING, out=tmp_path, workers=2, progress=False, report=False,
                            run_function=crashes_two_runs)
    assert_only_the_crashed_runs_failed(result.runs, "the worker")
    healed = run_experiment(CRASHING, out=tmp_path, workers=2, progress=False, report=False)
    assert healed.executed == 2 and healed.ok


@pytest.mark.slow
def test_a_dying_dask_worker_fails_only_its_run_and_is_replaced(tmp_path: Path):
    result = run_experiment(CRASHING, out=tmp_path, executor="dask", workers=2,
                            progress=False, report=False, run_function=crashes_two_runs)
    assert_only_the_crashed_runs_failed(result.runs, "the Dask worker")
    assert "tcp://127.0.0.1:" in result.runs["error"].dropna().iloc[0]


def test_a_dying_worker_of_an_existing_dask_cluster_fails_only_its_run(tmp_path: Path):
    """Its workers have no nanny here: the one that dies is gone, the other does the rest
    (runs are handed out one per free thread, so none waited on the dying worker)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster, \
            dask_worker(cluster.scheduler_address, tmp_path), \
            dask_worker(cluster.scheduler_address, tmp_path):
        result = run_experiment(CRASHING, out=tmp_path / "out", progress=False,
                                report=False, scheduler=cluster.scheduler_address,
                                run_function=kills_one_run)
    runs = result.runs
    failed = runs[runs["status"] == "failed"]
    assert list(failed["param_n_participants"]) == [11] and len(runs) == 12
    assert failed["error"].iloc[0].startswith("WorkerDied: the Dask worker process "
                                              "computing this run (tcp://127.0.0.1:")


def test_a_local_pool_reports_each_run_within_a_tick_and_ctrl_c_ends_busy_workers():
    """A finished run comes at once and then None per tick while the others compute (so
    the runner can write what waits); leaving on Ctrl-C does not wait for them."""
    from lcsim.experiments.config import load_config
    from lcsim.experiments.design import plan_runs
    from lcsim.experiments.executors import open_executor

    tasks = plan_runs(load_config(CRASHING))  # the two runs with 7 participants come first
    with pytest.raises(KeyboardInterrupt), \
            open_executor("local", 2, None, sleeps_unless_small, "fork") as pool:
        processes = [w.process for w in pool.workers]
        stream = pool.results(tasks, tick=0.05)
        finished: list[str] = []
        deadline = time.monotonic() + 30
        while len(finished) < 2 and time.monotonic() < deadline:
            result = next(stream)
            finished += [result["run_id"]] if result is not None else []
        assert sorted(finished) == [t.run_id for t in tasks[:2]]
        started = time.monotonic()
        assert [next(stream) for _ in range(4)] == [None] * 4, "ticks pass without runs"
        assert time.monotonic() - started < 2
        started = time.monotonic()
        raise KeyboardInterrupt
    assert time.monotonic() - started < 5, "running runs are not awaited"
    assert not any(p.is_alive() for p in processes)


# --------------------------------------------------------------------------- Dask checks
@pytest.fixture
def scheduler() -> Iterator[str]:
    """A Dask scheduler on 127.0.0.1 without workers (each test brings its own)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@contextmanager
def dask_worker(scheduler: str, path: Path) -> Iterator[None]:
    """A `dask worker` process for `scheduler` whose import path starts with `path`, then
    this folder of tests (for the run functions). It runs in `path`: the current folder
    comes first on its import path, and the test's own holds lcsim."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(path), str(Path(__file__).parent)] +
        [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    process = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", scheduler, "--nthreads", "1",
         "--no-nanny", "--no-dashboard"], cwd=path, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.terminate()
        process.wait(30)


def test_a_dask_worker_without_lcsim_stops_the_study_with_one_line(scheduler, tmp_path,
                                                                  capsys):
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text(  # this worker's Python has no lcsim
        "import sys\n"
        "class HideLcsim:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'lcsim':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, HideLcsim())\n")
    with dask_worker(scheduler, hidden):
        started = time.monotonic()
        code = command_experiment(GRID, out=tmp_path / "out", scheduler=scheduler,
                                  quiet=True)
    assert code == 3
    assert time.monotonic() - started < 30, "no hang"
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert error.startswith("error: Dask worker tcp://127.0.0.1:")
    assert "cannot import 'lcsim'" in error and "No module named 'lcsim'" in error
    assert not ResultStore(tmp_path / "out").finished_ids()


def test_a_dask_worker_with_other_lcsim_code_is_refused(scheduler, tmp_path: Path):
    other = tmp_path / "other"
    shutil.copytree(LCSIM_DIR, other / "lcsim", ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "lcsim" / "model.py").open("a") as model:
        model.write("\n# edited on this worker only\n")
    with dask_worker(scheduler, other), \
            pytest.raises(WorkerError, match=r"^Dask worker tcp://127\.0\.0\.1:\d+ runs "
                          r"other lcsim code \(version .*, model fingerprint \w+\) than "
                          r"this session"):
        run_experiment(GRID, out=tmp_path / "out", scheduler=scheduler, progress=False,
                       report=False)


def test_a_scheduler_without_workers_times_out(scheduler, tmp_path: Path, monkeypatch):
    import lcsim.experiments.executors as executors

    monkeypatch.setattr(executors, "WORKER_TIMEOUT", 0.5)
    with pytest.raises(WorkerError, match=f"no Dask worker joined the scheduler "
                       f"{scheduler} within 0.5 s"):
        run_experiment(GRID, out=tmp_path, scheduler=scheduler, progress=False,
                       report=False)


def test_dask_workers_do_not_import_an_lcsim_folder_from_the_current_folder(tmp_path,
                                                                           monkeypatch):
    """Started from the parent of a clone named lcsim, the forkserver of the Dask workers
    (whose first import path is the current folder) must not import that folder."""
    from lcsim.experiments.executors import forkserver_preload

    monkeypatch.chdir(LCSIM_DIR.parent)  # lcsim here is this very package: preload it
    assert forkserver_preload() == ["distributed", "lcsim.experiments.worker"]
    (tmp_path / "lcsim").symlink_to(LCSIM_DIR.parent, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    assert forkserver_preload() == ["distributed"]


@pytest.mark.slow
def test_a_dask_study_runs_from_the_parent_of_a_clone_named_lcsim(tmp_path: Path):
    (tmp_path / "lcsim").symlink_to(LCSIM_DIR.parent, target_is_directory=True)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lcsim"), "experiment", str(GRID), "--executor",
         "dask", "--workers", "2", "--out", str(tmp_path / "out")], cwd=tmp_path,
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(ResultStore(tmp_path / "out").finished_ids()) == 12


# --------------------------------------------------------------------------- signals
def test_sigterm_and_sighup_raise_keyboard_interrupt_only_inside_the_context():
    from lcsim.experiments.executors import signals_as_interrupt

    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    for signum in before:
        with signals_as_interrupt():
            with pytest.raises(KeyboardInterrupt, match=signum.name):
                os.kill(os.getpid(), signum)
                time.sleep(5)  # the handler runs before this ends
            os.kill(os.getpid(), signum)  # a repeat while stopping is ignored
            time.sleep(0.05)
    assert {s: signal.getsignal(s) for s in before} == before


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    """The processes that still run (not the same pid reused, not a zombie)."""
    running = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                running.append(process)
        except psutil.NoSuchProcess:
            pass
    return running


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("signum", [  # SIGHUP differs only by its number (see above)
    signal.SIGTERM, pytest.param(signal.SIGHUP, marks=pytest.mark.slow)], ids=["TERM", "HUP"])
def test_a_signalled_sweep_stores_its_runs_leaves_no_process_and_resumes(
        tmp_path: Path, signum: signal.Signals, workers: int):
    out = tmp_path / "out"
    store = ResultStore(out)
    planned = 2 * 20
    process = subprocess.Popen(
        [sys.executable, "-m", "lcsim", "experiment", str(RESUME), "--out", str(out),
         "--workers", str(workers), "--replications", "20"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    try:
        while not (store.parts.exists() and store.finished_ids()):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the sweep ended, or stored nothing, before the signal")
            time.sleep(0.01)
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) >= (workers if workers > 1 else 0), "its workers run"
        process.send_signal(signum)  # the parent only, as `kill PID` does
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, err
    assert "run the same command again to resume" in err
    finished = store.finished_ids()
    assert 1 <= len(finished) < planned, "stopped in the middle"
    deadline = time.monotonic() + 10
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(children), "no worker outlives the sweep"

    resumed = run_experiment(RESUME, out=out, workers=2, replications=20, progress=False,
                             report=False)
    assert resumed.executed == planned - len(finished), "finished runs are not redone"
    assert len(resumed.runs) == planned and (resumed.runs["status"] == "ok").all()
