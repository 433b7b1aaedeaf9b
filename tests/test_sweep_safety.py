"""A study never mixes runs, never touches a user's files, and fails with one line.

Resuming reuses a stored run only when its parameters and seed equal a planned run's,
whatever the design kind and however the design is written; lcsim deletes only files it
wrote; user mistakes exit 2, machine faults 3, a report that cannot be drawn 4, and the
manifest never stays "running".
"""

from __future__ import annotations

import errno
import hashlib
import os
import tomllib
from pathlib import Path
from typing import Any

import dask
import pandas as pd
import pytest

from lcsim import Params
from lcsim.experiments import ConfigError, command_experiment, run_experiment
from lcsim.experiments.errors import EXIT_MACHINE, EXIT_REPORT, EXIT_USAGE, MachineError
from lcsim.experiments.runner import simulate
from lcsim.experiments.storage import ResultStore

CONFIGS = Path(__file__).parent / "configs"
GRID = CONFIGS / "tiny_grid.toml"
SCENARIOS = CONFIGS / "tiny_scenarios.toml"
QUIET = {"workers": 1, "progress": False, "report": False}


class StopAt:
    """A run function that raises KeyboardInterrupt at its n-th call (a Ctrl-C mid-sweep)."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def __call__(self, params: Params, seed: int):
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return simulate(params, seed)


def variant(source: Path, change) -> dict[str, Any]:
    """The config of `source` with `change(config_dict)` applied."""
    config = tomllib.loads(source.read_text())
    change(config)
    return config


def interrupted(config: Path | dict, out: Path, after: int) -> None:
    """Run `config` into `out` and stop it (Ctrl-C) when `after` runs have finished."""
    with pytest.raises(KeyboardInterrupt):
        run_experiment(config, out=out, run_function=StopAt(after + 1), **QUIET)


def results(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "runs.parquet").drop(columns=["wall_seconds"])


def assert_same_results(out: Path, clean: Path) -> None:
    pd.testing.assert_frame_equal(results(out), results(clean), check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "timeseries.parquet"),
                                  pd.read_parquet(clean / "timeseries.parquet"),
                                  check_exact=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- never mix
def reorder_grid(config: dict) -> None:
    config["design"]["factors"] = dict(reversed(config["design"]["factors"].items()))


def reorder_scenarios(config: dict) -> None:
    config["design"]["scenarios"] = config["design"]["scenarios"][::-1]


@pytest.mark.parametrize(("source", "change"), [(GRID, reorder_grid),
                                                (SCENARIOS, reorder_scenarios)],
                         ids=["grid factors", "scenarios"])
def test_a_design_written_in_another_order_resumes_to_exactly_a_clean_run(tmp_path, source,
                                                                          change):
    reordered = variant(source, change)
    interrupted(source, tmp_path / "out", after=5)
    resumed = run_experiment(reordered, out=tmp_path / "out", **QUIET)
    assert resumed.executed == len(resumed.runs) - 5, "the 5 stored runs are reused"
    run_experiment(reordered, out=tmp_path / "clean", **QUIET)
    assert_same_results(tmp_path / "out", tmp_path / "clean")


def reverse_levels(config: dict) -> None:
    config["design"]["factors"]["n_bridge_builders"] = [2, 0]


def add_level_in_front(config: dict) -> None:
    config["design"]["factors"]["n_bridge_builders"] = [1, 0, 2]


@pytest.mark.parametrize(("source", "change", "stored"), [
    (GRID, reorder_grid, 12), (GRID, reverse_levels, 12), (GRID, add_level_in_front, 12),
    (SCENARIOS, reorder_scenarios, 9), (GRID, reorder_grid, 7)],
    ids=["grid factors", "grid levels", "level in front", "scenarios", "factors, part"])
def test_every_stored_run_lands_on_its_planned_place_when_the_design_moves(
        tmp_path, source, change, stored):
    """Stored runs swap places with each other (p1 <-> p2): each must land where its
    parameters and seed are planned, whichever is relabelled first."""
    moved = variant(source, change)
    if stored == len(run_experiment(source, out=tmp_path / "ref", **QUIET).runs):
        run_experiment(source, out=tmp_path / "out", **QUIET)
    else:
        interrupted(source, tmp_path / "out", after=stored)
    resumed = run_experiment(moved, out=tmp_path / "out", **QUIET)
    clean = run_experiment(moved, out=tmp_path / "clean", **QUIET)
    assert resumed.executed == len(clean.runs) - stored
    assert_same_results(tmp_path / "out", tmp_path / "clean")


def test_retyped_factor_values_and_renamed_scenarios_reuse_the_stored_runs(tmp_path):
    run_experiment(GRID, out=tmp_path / "grid", **QUIET)
    retyped = variant(GRID, lambda c: c["design"]["factors"].update(
        n_bridge_builders=[0.0, 2.0]))
    again = run_experiment(retyped, out=tmp_path / "grid", **QUIET)
    assert again.executed == 0 and again.ok

    run_experiment(SCENARIOS, out=tmp_path / "scen", **QUIET)

    def rename(config: dict) -> None:
        config["design"]["scenarios"][1]["name"] = "without a bridge-builder"
    renamed = variant(SCENARIOS, rename)
    again = run_experiment(renamed, out=tmp_path / "scen", **QUIET)
    assert again.executed == 0
    assert "without a bridge-builder" in set(again.runs["point"])
    run_experiment(renamed, out=tmp_path / "clean", **QUIET)
    assert_same_results(tmp_path / "scen", tmp_path / "clean")


def test_a_changed_parameter_is_refused_naming_what_changed(tmp_path):
    interrupted(GRID, tmp_path / "out", after=4)
    before = digest(tmp_path / "out" / "runs.parquet")
    changed = variant(GRID, lambda c: c["base"].update(n_participants=9))
    with pytest.raises(ConfigError, match=r"n_participants 8 -> 9.*--force"):
        run_experiment(changed, out=tmp_path / "out", **QUIET)
    assert digest(tmp_path / "out" / "runs.parquet") == before
    assert ResultStore(tmp_path / "out").read_manifest()["status"] == "interrupted"


def test_a_sample_design_never_mixes_runs_of_another_sample(tmp_path):
    """Reordering a sampled design's factors draws another sample: the stored runs are
    refused (or, if every point happens to match, reused exactly), never mixed in."""
    morris = CONFIGS / "tiny_morris.toml"
    interrupted(morris, tmp_path / "out", after=6)

    def reorder(config: dict) -> None:
        config["design"]["factors"] = dict(reversed(config["design"]["factors"].items()))
    reordered = variant(morris, reorder)
    try:
        run_experiment(reordered, out=tmp_path / "out", **QUIET)
    except ConfigError as err:
        assert "do not match this plan" in str(err)
        return
    run_experiment(reordered, out=tmp_path / "clean", **QUIET)
    assert_same_results(tmp_path / "out", tmp_path / "clean")


def test_fewer_replications_are_refused_and_keep_every_stored_run(tmp_path):
    run_experiment(GRID, out=tmp_path, replications=3, **QUIET)
    before = digest(tmp_path / "runs.parquet")
    with pytest.raises(ConfigError, match="not planned.*--force"):
        run_experiment(GRID, out=tmp_path, replications=2, **QUIET)
    assert digest(tmp_path / "runs.parquet") == before
    more = run_experiment(GRID, out=tmp_path, replications=4, **QUIET)
    assert more.executed == 4 and len(more.runs) == 16


# --------------------------------------------------------------------------- user files
USER_FILES = ["notes/draft.tmp", "draft.tmp", "parts/mine.tmp", "parts/mine.parquet",
              "analysis.parquet", "runs.parquet.bak", "notes/figure.png", "README.md",
              "manifest.json.orig", "sub/deeper/x.tmp", ".hidden.tmp"]


def test_a_users_files_under_out_survive_runs_resumes_and_force(tmp_path):
    out = tmp_path / "study"
    run_experiment(GRID, out=out, **QUIET)  # a study folder the user then adds notes to
    for i, name in enumerate(USER_FILES):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(f"user file {i}")
    interrupted_again = variant(GRID, lambda c: c.update(replications=4))
    with pytest.raises(KeyboardInterrupt):
        run_experiment(interrupted_again, out=out, run_function=StopAt(2), **QUIET)
    run_experiment(interrupted_again, out=out, **QUIET)
    run_experiment(GRID, out=out, force=True, **QUIET)
    for i, name in enumerate(USER_FILES):
        assert (out / name).read_text() == f"user file {i}", name


@pytest.mark.parametrize("out", ["", "  ", ".", "..", "~", "/"])
def test_an_empty_or_unsafe_out_is_refused(tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="--out"):
        run_experiment(GRID, out=out, **QUIET)
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_is_or_lies_under_a_file_or_holds_other_files_is_refused(tmp_path):
    (tmp_path / "file").write_text("mine")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "thesis.docx").write_text("mine")
    for out, problem in [(tmp_path / "file", "is a file"),
                         (tmp_path / "file" / "below", "lies under the file"),
                         (tmp_path / "folder", "already holds other files")]:
        with pytest.raises(ConfigError, match=problem):
            run_experiment(GRID, out=out, **QUIET)
    assert sorted(p.name for p in (tmp_path / "folder").iterdir()) == ["thesis.docx"]


# --------------------------------------------------------------------------- exit codes
def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    return err


def test_user_mistakes_exit_2_with_one_line(tmp_path, capsys, monkeypatch):
    (tmp_path / "file").write_text("x")
    assert command_experiment(GRID, out=tmp_path / "file", quiet=True) == EXIT_USAGE
    assert "is a file" in one_line_error(capsys)
    assert command_experiment(GRID, out="", quiet=True) == EXIT_USAGE
    one_line_error(capsys)
    assert command_experiment(GRID, out=tmp_path / "w", workers=0, quiet=True) == EXIT_USAGE
    assert "--workers" in one_line_error(capsys)


def test_corrupt_stored_files_exit_2_naming_the_file(tmp_path, capsys):
    run_experiment(GRID, out=tmp_path / "m", **QUIET)
    (tmp_path / "m" / "manifest.json").write_text("{ not json")
    assert command_experiment(GRID, out=tmp_path / "m", quiet=True) == EXIT_USAGE
    assert "manifest.json" in one_line_error(capsys)

    run_experiment(GRID, out=tmp_path / "p", **QUIET)
    (tmp_path / "p" / "runs.parquet").write_bytes(b"PAR1 this is not parquet")
    assert command_experiment(GRID, out=tmp_path / "p", quiet=True) == EXIT_USAGE
    assert "runs.parquet" in one_line_error(capsys)


def failing_writes(monkeypatch, error: OSError, after: int) -> None:
    """Make every batch write after the first `after` raise `error`."""
    import lcsim.experiments.runner as runner
    from lcsim.experiments import storage

    monkeypatch.setattr(runner, "BATCH_RUNS", 1)
    real = storage.ResultStore.save_batch
    calls = {"n": 0}

    def save_batch(self, runs, series):
        calls["n"] += 1
        if calls["n"] > after:
            raise error
        return real(self, runs, series)
    monkeypatch.setattr(storage.ResultStore, "save_batch", save_batch)


def test_a_full_disk_exits_3_keeps_stored_runs_and_the_rerun_resumes(tmp_path, capsys,
                                                                     monkeypatch):
    with monkeypatch.context() as patch:
        failing_writes(patch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), after=3)
        assert command_experiment(GRID, out=tmp_path, workers=1, quiet=True) == EXIT_MACHINE
        assert "disk full" in one_line_error(capsys)
    assert ResultStore(tmp_path).read_manifest()["status"].startswith("stopped")
    assert len(ResultStore(tmp_path).finished_ids()) == 3
    resumed = run_experiment(GRID, out=tmp_path, **QUIET)
    assert resumed.executed == 12 - 3 and resumed.ok


def test_a_folder_that_cannot_be_written_exits_2(tmp_path, capsys, monkeypatch):
    """Root ignores permission bits, so the refusal of the file system is simulated."""
    failing_writes(monkeypatch, PermissionError(errno.EACCES, "Permission denied"), after=0)
    assert command_experiment(GRID, out=tmp_path, workers=1, quiet=True) == EXIT_USAGE
    assert "cannot be written" in one_line_error(capsys)
    assert ResultStore(tmp_path).read_manifest()["status"] != "running"


def test_machine_faults_are_machine_errors_not_tracebacks(tmp_path, monkeypatch):
    failing_writes(monkeypatch, OSError(errno.EIO, "Input/output error"), after=1)
    with pytest.raises(MachineError, match="file system error"):
        run_experiment(GRID, out=tmp_path, **QUIET)


def test_an_unreachable_scheduler_exits_2_quickly(tmp_path, capsys, monkeypatch):
    import socket

    import distributed  # noqa: F401 - its defaults first, then the test's timeout

    # Dask read its environment when it was imported: set the running config instead.
    monkeypatch.setitem(dask.config.config["distributed"]["comm"]["timeouts"], "connect",
                        "2s")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = command_experiment(GRID, out=tmp_path, scheduler=f"tcp://127.0.0.1:{port}",
                              quiet=True)
    assert code == EXIT_USAGE
    assert "--scheduler" in one_line_error(capsys)
    assert ResultStore(tmp_path).read_manifest()["status"] != "running"


def test_a_report_that_cannot_be_drawn_keeps_the_study_and_exits_4(tmp_path, capsys,
                                                                 monkeypatch):
    from lcsim.experiments import report

    def broken(directory):
        raise ValueError("'yerr' must not contain negative values")
    monkeypatch.setattr(report, "write_report", broken)
    assert command_experiment(GRID, out=tmp_path, workers=1, quiet=True) == EXIT_REPORT
    assert "report could not be drawn" in one_line_error(capsys)
    assert len(pd.read_parquet(tmp_path / "runs.parquet")) == 12
    manifest = ResultStore(tmp_path).read_manifest()
    assert manifest["status"] == "complete" and "yerr" in manifest["report_error"]


# --------------------------------------------------------------------------- one session
def test_a_second_session_into_the_same_folder_is_refused_while_one_runs(tmp_path):
    store = ResultStore(tmp_path)
    with store.exclusive(), pytest.raises(ConfigError, match=rf"in use .*pid {os.getpid()}"):
        run_experiment(GRID, out=tmp_path, **QUIET)
    assert run_experiment(GRID, out=tmp_path, **QUIET).ok  # free again
    assert not (tmp_path / "lcsim.lock").exists()  # a finished session leaves no lock file


def test_a_manifest_left_running_by_a_killed_session_is_marked_interrupted(tmp_path):
    interrupted(GRID, tmp_path, after=4)
    store = ResultStore(tmp_path)
    manifest = store.read_manifest()
    manifest["status"] = "running"  # as kill -9 leaves it
    store.write_manifest(manifest)
    changed = variant(GRID, lambda c: c["base"].update(n_participants=9))
    with pytest.raises(ConfigError, match="do not match"):
        run_experiment(changed, out=tmp_path, **QUIET)
    assert store.read_manifest()["status"] == "interrupted"


def test_an_error_after_the_runs_never_leaves_the_manifest_running(tmp_path, capsys):
    run_experiment(GRID, out=tmp_path, **QUIET)
    (tmp_path / "timeseries.parquet").write_text("junk")
    assert command_experiment(GRID, out=tmp_path, quiet=True) == EXIT_USAGE
    assert "timeseries.parquet" in one_line_error(capsys)
    assert ResultStore(tmp_path).read_manifest()["status"] != "running"


def test_a_folder_where_lcsim_keeps_a_file_is_named_without_a_force_hint(tmp_path, capsys):
    run_experiment(GRID, out=tmp_path, **QUIET)
    (tmp_path / "runs.parquet").unlink()
    (tmp_path / "runs.parquet").mkdir()
    assert command_experiment(GRID, out=tmp_path, force=True, quiet=True) == EXIT_USAGE
    err = one_line_error(capsys)
    assert "runs.parquet" in err and "is a folder" in err and "--force" not in err


# --------------------------------------------------------------------------- inputs
@pytest.mark.parametrize(("content", "problem"), [
    (b'name = "x\xff"\n', "not UTF-8"), (None, "is a folder")])
def test_unreadable_configs_are_one_line_errors(tmp_path, capsys, content, problem):
    path = tmp_path / "study.toml"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert command_experiment(path, out=tmp_path / "out", quiet=True) == EXIT_USAGE
    assert problem in one_line_error(capsys)


def test_a_config_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GRID.read_bytes())
    assert run_experiment(path, out=tmp_path / "out", replications=1, **QUIET).ok


def test_more_replications_than_a_config_allows_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"--replications: out of range; allowed: 1 to"):
        run_experiment(GRID, out=tmp_path, replications=100_001, **QUIET)


@pytest.mark.parametrize("address", ["notaurl", "http://127.0.0.1:1", "tcp://127.0.0.1:"])
def test_a_malformed_scheduler_address_exits_2_at_once(tmp_path, capsys, address):
    assert command_experiment(GRID, out=tmp_path, scheduler=address, quiet=True) == EXIT_USAGE
    assert "not a Dask scheduler address" in one_line_error(capsys)


def test_a_server_that_is_not_a_dask_scheduler_does_not_hang_the_study(tmp_path, capsys,
                                                                      monkeypatch):
    import socket
    import threading

    import distributed  # noqa: F401 - its defaults first, then the test's timeout

    # Dask read its environment when it was imported: set the running config instead.
    monkeypatch.setitem(dask.config.config["distributed"]["comm"]["timeouts"], "connect",
                        "2s")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        code = command_experiment(GRID, out=tmp_path, quiet=True,
                                  scheduler=f"tcp://127.0.0.1:{server.getsockname()[1]}")
    finally:
        server.close()
    assert code == EXIT_USAGE and "no Dask scheduler answered" in one_line_error(capsys)


# --------------------------------------------------------------------------- lcsim report
def test_report_of_a_stopped_study_says_how_to_resume(tmp_path, capsys):
    from lcsim.experiments import command_report

    interrupted(GRID, tmp_path, after=4)
    (tmp_path / "parts").mkdir(exist_ok=True)
    store = ResultStore(tmp_path)
    (store.parts / "batch-000009.runs.parquet").write_bytes(
        (tmp_path / "runs.parquet").read_bytes())
    assert command_report(tmp_path) == EXIT_USAGE
    assert "resume" in one_line_error(capsys)


def test_report_of_unreadable_results_is_one_line(tmp_path, capsys):
    from lcsim.experiments import command_report

    run_experiment(GRID, out=tmp_path, **QUIET)
    (tmp_path / "timeseries.parquet").write_text("junk")
    assert command_report(tmp_path) in (EXIT_USAGE, EXIT_REPORT)
    one_line_error(capsys)
