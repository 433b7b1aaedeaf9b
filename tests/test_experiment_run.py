"""Running studies end to end: results and report, identical results on every executor,
resuming after kill -9, failing runs isolated, and the CLI's exit codes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import lcsim
from lcsim import Params
from lcsim.experiments import ConfigError, command_experiment, command_report, run_experiment
from lcsim.experiments.report import BAND_LABEL, CI_LABEL
from lcsim.experiments.runner import simulate
from lcsim.experiments.storage import ResultStore

CONFIGS = Path(__file__).parent / "configs"
TINY = CONFIGS / "tiny_scenarios.toml"
GRID = CONFIGS / "tiny_grid.toml"
MORRIS = CONFIGS / "tiny_morris.toml"
RESUME = CONFIGS / "resume.toml"
TIMING = ["wall_seconds"]  # the only column that may differ between executors


def fails_without_bridge_builders(params: Params, seed: int):
    """A run function that raises for one design point (module level, so it pickles)."""
    if params.n_bridge_builders == 0:
        raise RuntimeError(f"injected failure (seed {seed})")
    return simulate(params, seed)


def results_only(runs: pd.DataFrame) -> pd.DataFrame:
    return runs.drop(columns=TIMING).reset_index(drop=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> lcsim.experiments.ExperimentResults:
    out = tmp_path_factory.mktemp("tiny")
    return run_experiment(TINY, out=out, workers=1, progress=False)


# --------------------------------------------------------------------------- end to end
def test_the_same_study_run_again_stores_the_same_files_but_for_the_run_times(tiny,
                                                                             tmp_path):
    """What experiments/README.md promises: timeseries.parquet is the same byte for byte,
    runs.parquet the same but for wall_seconds."""
    again = run_experiment(TINY, out=tmp_path, workers=1, progress=False)
    assert (again.directory / "timeseries.parquet").read_bytes() == \
        (tiny.directory / "timeseries.parquet").read_bytes()
    pd.testing.assert_frame_equal(again.runs.drop(columns=TIMING),
                                  tiny.runs.drop(columns=TIMING))


def test_small_experiment_stores_runs_series_manifest_and_report(tiny):
    out = tiny.directory
    runs, series = tiny.runs, tiny.timeseries
    assert len(runs) == 3 * 3 and (runs["status"] == "ok").all()
    assert runs["run_id"].is_unique
    assert list(runs["point"].unique()) == ["baseline", "no bridge-builder",
                                            "strong stereotypes"]
    for column in ("seed", "replication", "wall_seconds", "param_funding_years",
                   "realized_value", "survived", "value_per_funded_year"):
        assert column in runs.columns
    assert "immediate_value" not in runs.columns, "only kept outputs (and derived) stored"
    weeks = Params(funding_years=0.2, weeks_after_funding=2).total_weeks
    assert set(series.groupby("run_id")["week"].max()) == {weeks}
    assert list(series.columns[-2:]) == ["mean_trust", "active_members"]
    manifest = tiny.manifest
    for key in ("config_hash", "results_hash", "config", "versions", "git", "root_seed",
                "command_line", "sessions", "model_fingerprint"):
        assert key in manifest
    assert manifest["status"] == "complete" and manifest["runs"]["ok"] == 9
    assert manifest["versions"]["mesa"].startswith("3.5")

    report = (out / "report.html").read_text()
    assert (report.index('id="answer"') < report.index('id="figures"')
            < report.index('id="appendix"')), "the answer first, the appendix last"
    assert "data:image/png;base64," in report
    assert CI_LABEL in report and BAND_LABEL in report
    assert "<script" not in report and "src=\"http" not in report


def test_parquet_files_are_plain_and_readable_without_lcsim(tiny):
    for name in ("runs.parquet", "timeseries.parquet"):
        schema = pq.read_schema(tiny.directory / name)
        assert not schema.metadata or b"pandas" not in schema.metadata
    table = pq.read_table(tiny.directory / "runs.parquet")
    assert table.num_rows == 9
    assert str(table.schema.field("param_bb_team").type) == "bool"


def test_the_api_mirrors_the_cli(tiny):
    assert lcsim.run_experiment is run_experiment
    assert tiny["runs"] is tiny.runs and tiny["timeseries"] is tiny.timeseries


def test_rerunning_a_finished_study_redoes_nothing_and_rerenders(tiny):
    before = results_only(tiny.runs)
    again = run_experiment(TINY, out=tiny.directory, workers=1, progress=False)
    assert again.executed == 0
    pd.testing.assert_frame_equal(results_only(again.runs), before)
    (tiny.directory / "report.html").unlink()
    assert command_report(tiny.directory) == 0
    assert (tiny.directory / "report.html").exists()
    assert len(again.manifest["sessions"]) == 2


def test_report_of_a_directory_without_results_is_a_clear_error(tmp_path: Path, capsys):
    assert command_report(tmp_path) == 2
    assert "no manifest" in capsys.readouterr().err


def test_more_replications_extend_a_stored_study(tmp_path: Path):
    first = run_experiment(GRID, out=tmp_path / "grown", replications=2, workers=1,
                           progress=False, report=False)
    assert len(first.runs) == 8
    grown = run_experiment(GRID, out=tmp_path / "grown", replications=3, workers=1,
                           progress=False, report=False)
    assert grown.executed == 4
    fresh = run_experiment(GRID, out=tmp_path / "fresh", workers=1, progress=False,
                           report=False)
    pd.testing.assert_frame_equal(results_only(grown.runs), results_only(fresh.runs))
    pd.testing.assert_frame_equal(grown.timeseries.reset_index(drop=True),
                                  fresh.timeseries.reset_index(drop=True))


def test_grid_report_has_heatmaps_and_interaction(tmp_path: Path):
    result = run_experiment(GRID, out=tmp_path, workers=1, progress=False)
    report = result.report.read_text()
    assert "<h3>Every combination of " in report and "grid parameters" not in report
    assert "Interaction of bridge-builders and initial stereotyping" in report
    assert "95% CI of the interaction" in report


def test_morris_study_reports_sensitivity(tmp_path: Path):
    result = run_experiment(MORRIS, out=tmp_path, workers=1, progress=False)
    assert result.runs["point_index"].nunique() == 4 * (3 + 1)
    report = result.report.read_text()
    assert "Sensitivity" in report and "mu_star" in report


def test_a_changed_config_does_not_mix_with_stored_results(tmp_path: Path, tiny):
    changed = tmp_path / "changed.toml"
    changed.write_text(TINY.read_text().replace("root_seed = 7", "root_seed = 8"))
    with pytest.raises(ConfigError, match="do not match this plan.*seed.*--force"):
        run_experiment(changed, out=tiny.directory, workers=1, progress=False)
    copy = tmp_path / "copy"
    run_experiment(TINY, out=copy, workers=1, progress=False, report=False)
    forced = run_experiment(changed, out=copy, workers=1, progress=False, force=True,
                            report=False)
    assert forced.executed == 9 and len(forced.manifest["sessions"]) == 1


# --------------------------------------------------------------------------- executors
def test_local_pool_and_dask_clusters_give_identical_parquet_contents(tmp_path: Path,
                                                                     monkeypatch):
    """Inline, a 2-process pool (forked and spawned), a fresh Dask LocalCluster and an
    existing cluster."""
    inline = run_experiment(GRID, out=tmp_path / "inline", workers=1, progress=False,
                            report=False)
    pool = run_experiment(GRID, out=tmp_path / "pool", workers=2, progress=False,
                          report=False)
    assert pool.manifest["sessions"][-1]["start_method"] in ("fork", "spawn")
    monkeypatch.setenv("LCSIM_START_METHOD", "spawn")
    spawned = run_experiment(GRID, out=tmp_path / "spawned", workers=2, progress=False,
                             report=False)
    monkeypatch.delenv("LCSIM_START_METHOD")
    assert spawned.manifest["sessions"][-1]["start_method"] == "spawn"
    dask = run_experiment(GRID, out=tmp_path / "dask", executor="dask", workers=2,
                          progress=False, report=False)
    assert dask.manifest["sessions"][-1]["executor"] == "dask"
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        existing = run_experiment(GRID, out=tmp_path / "existing",
                                  scheduler=cluster.scheduler_address, progress=False,
                                  report=False)
    assert existing.manifest["sessions"][-1]["scheduler"].startswith("tcp://127.0.0.1")
    for other in (pool, spawned, dask, existing):
        stored = pd.read_parquet(other.directory / "runs.parquet")
        reference = pd.read_parquet(inline.directory / "runs.parquet")
        pd.testing.assert_frame_equal(results_only(stored), results_only(reference),
                                      check_exact=True)
        assert digest(other.directory / "timeseries.parquet") == \
            digest(inline.directory / "timeseries.parquet")


# --------------------------------------------------------------------------- failures
def test_a_failing_run_is_recorded_and_the_others_go_on(tmp_path: Path):
    result = run_experiment(GRID, out=tmp_path, workers=1, progress=False,
                            run_function=fails_without_bridge_builders)
    runs = result.runs
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 6 and (failed["param_n_bridge_builders"] == 0).all()
    assert (runs.loc[runs["status"] == "ok", "param_n_bridge_builders"] == 2).all()
    assert failed["error"].str.contains("RuntimeError: injected failure").all()
    assert failed["error"].str.contains("Traceback").all()
    assert failed["realized_value"].isna().all()
    assert set(result.timeseries["run_id"]) == set(runs.loc[runs["status"] == "ok", "run_id"])
    assert not result.ok and len(result.failures) == 6
    assert result.manifest["status"] == "failed runs"
    report = result.report.read_text()
    assert "Failures" in report and "injected failure" in report

    # Rerunning retries only the failed runs.
    healed = run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False)
    assert healed.executed == 6 and healed.ok
    assert (healed.runs["status"] == "ok").all()


def test_failures_are_isolated_in_worker_processes_too(tmp_path: Path):
    result = run_experiment(GRID, out=tmp_path, workers=2, progress=False, report=False,
                            run_function=fails_without_bridge_builders)
    assert (result.runs["status"] == "failed").sum() == 6
    assert (result.runs["status"] == "ok").sum() == 6


def test_the_command_exits_nonzero_with_a_failure_summary(tmp_path: Path, monkeypatch,
                                                          capsys):
    import lcsim.experiments.runner as runner

    monkeypatch.setattr(runner, "simulate", fails_without_bridge_builders)
    code = command_experiment(GRID, out=tmp_path, workers=1)
    assert code == 1
    captured = capsys.readouterr()
    assert "6 run(s) failed" in captured.err and "injected failure" in captured.err
    assert f"report:  {tmp_path / 'report.html'}" in captured.out


# --------------------------------------------------------------------------- kill -9
def test_a_sweep_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path: Path):
    out = tmp_path / "killed"
    store = ResultStore(out)
    planned = 2 * 40  # 40 replications make the sweep long enough to kill in the middle
    process = subprocess.Popen(
        [sys.executable, "-m", "lcsim", "experiment", str(RESUME), "--out", str(out),
         "--workers", "2", "--replications", "40"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if store.parts.exists() and len(store.finished_ids()) >= 6:
                break
            if process.poll() is not None:
                pytest.fail("the sweep ended before it could be killed")
            time.sleep(0.01)
        else:
            pytest.fail("no runs finished in time")
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its worker processes
        process.wait()
    finished = store.finished_ids()
    assert 6 <= len(finished) < planned, "killed in the middle of the sweep"
    assert list(store.parts.glob("batch-*.runs.parquet")), "finished runs are in parts"
    assert not (out / "runs.parquet").exists()

    resumed = run_experiment(RESUME, out=out, workers=2, replications=40, progress=False,
                             report=False)
    assert resumed.executed == planned - len(finished), "finished runs are not redone"
    killed, again = resumed.manifest["sessions"]  # the killed one could not record its end
    assert killed["interrupted"] and killed["runs_executed"] == len(finished)
    assert "killed" in killed["note"] and again["runs_executed"] == resumed.executed
    runs = resumed.runs
    assert len(runs) == planned and runs["run_id"].is_unique
    assert (runs["status"] == "ok").all()
    assert not list(store.parts.glob("*.parquet")), "parts are consolidated"
    assert len(resumed.timeseries.drop_duplicates(["run_id", "week"])) == \
        len(resumed.timeseries)

    clean = run_experiment(RESUME, out=tmp_path / "clean", workers=2, replications=40,
                           progress=False, report=False)
    pd.testing.assert_frame_equal(results_only(runs), results_only(clean.runs),
                                  check_exact=True)
    assert digest(out / "timeseries.parquet") == digest(tmp_path / "clean" /
                                                         "timeseries.parquet")


# --------------------------------------------------------------------------- batches
class StopAfter:
    """A run function that stops the sweep (raises `error`) at its n-th call, in process."""

    def __init__(self, n: int, error: type[BaseException], store: ResultStore | None = None,
                 sleep: float = 0.0):
        self.n, self.error, self.store, self.sleep = n, error, store, sleep
        self.calls, self.stored = 0, None

    def __call__(self, params: Params, seed: int):
        self.calls += 1
        time.sleep(self.sleep)
        if self.calls == self.n:
            if self.store is not None:
                self.stored = len(self.store.finished_ids())
            raise self.error
        return simulate(params, seed)


def test_ctrl_c_stores_every_finished_run_and_the_rerun_does_the_rest(tmp_path: Path):
    stop = StopAfter(5, KeyboardInterrupt)
    with pytest.raises(KeyboardInterrupt):
        run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False,
                       run_function=stop)
    stored = pd.read_parquet(tmp_path / "runs.parquet")
    assert len(stored) == 4 and (stored["status"] == "ok").all()
    assert ResultStore(tmp_path).read_manifest()["status"] == "interrupted"
    resumed = run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False)
    assert resumed.executed == 12 - 4 and resumed.ok and len(resumed.runs) == 12


def test_the_manifest_of_an_interrupted_session_counts_its_runs(tmp_path: Path):
    with pytest.raises(KeyboardInterrupt):
        run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False,
                       run_function=StopAfter(5, KeyboardInterrupt))
    manifest = ResultStore(tmp_path).read_manifest()
    assert manifest["runs"] == {"planned": 12, "ok": 4, "failed": 0, "missing": 8}


def test_runs_that_finished_before_an_error_are_kept_for_the_rerun(tmp_path: Path):
    """An error that escapes the sweep (here SystemExit) still writes the waiting batch."""
    with pytest.raises(SystemExit):
        run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False,
                       run_function=StopAfter(5, SystemExit))
    assert len(ResultStore(tmp_path).finished_ids()) == 4
    resumed = run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False)
    assert resumed.executed == 8 and resumed.ok


def test_batches_are_written_during_the_sweep(tmp_path: Path, monkeypatch):
    import lcsim.experiments.runner as runner

    monkeypatch.setattr(runner, "BATCH_RUNS", 2)  # by count: runs 1-2 and 3-4 are on disk
    monkeypatch.setattr(runner, "BATCH_SECONDS", 100.0)
    by_count = StopAfter(6, RuntimeError, ResultStore(tmp_path / "count"))
    run_experiment(GRID, out=tmp_path / "count", workers=1, progress=False, report=False,
                   run_function=by_count)
    assert by_count.stored == 4
    # Runs longer than BATCH_SECONDS in this process: each is written before the next.
    monkeypatch.setattr(runner, "BATCH_RUNS", 100)
    monkeypatch.setattr(runner, "BATCH_SECONDS", 0.05)
    by_age = StopAfter(6, RuntimeError, ResultStore(tmp_path / "age"), sleep=0.06)
    run_experiment(GRID, out=tmp_path / "age", workers=1, progress=False, report=False,
                   run_function=by_age)
    assert by_age.stored == 5


def test_older_per_run_parts_and_a_crash_during_consolidation_are_merged(tiny, tmp_path):
    """Parts in the format of earlier versions are read, and runs that are both in the
    consolidated files and in parts (kill -9 before the parts were deleted) stored once."""
    from lcsim.experiments.config import load_config
    from lcsim.experiments.runner import _schemas

    schemas = _schemas(load_config(TINY))
    runs = pq.read_table(tiny.directory / "runs.parquet")
    series = pq.read_table(tiny.directory / "timeseries.parquet")
    planned = runs.column("run_id").to_pylist()

    legacy = ResultStore(tmp_path / "legacy", *schemas)
    legacy.prepare()
    for i, run_id in enumerate(planned):
        row = runs.slice(i, 1)
        pq.write_table(row, legacy.parts / f"{run_id}.run-ok.parquet")
        mine = series.filter(pc.equal(series.column("run_id"), run_id))
        pq.write_table(mine, legacy.parts / f"{run_id}.series.parquet")
    failed = runs.slice(0, 1).set_column(5, "status", pa.array(["failed"]))
    pq.write_table(failed, legacy.parts / f"{planned[0]}.run-failed.parquet")
    assert legacy.finished_ids() == set(planned)

    crashed = ResultStore(tmp_path / "crashed", *schemas)
    crashed.prepare()
    for name in ("runs.parquet", "timeseries.parquet"):
        (crashed.directory / name).write_bytes((tiny.directory / name).read_bytes())
    crashed.save_batch(runs.slice(2, 4), series)

    for store in (legacy, crashed):
        store.consolidate(planned)
        assert not store.parts.exists(), "the emptied parts folder is removed"
        for name in ("runs.parquet", "timeseries.parquet"):
            assert digest(store.directory / name) == digest(tiny.directory / name), name


def test_the_start_method_follows_the_loaded_code_and_can_be_chosen(tmp_path: Path,
                                                                    monkeypatch):
    import lcsim.experiments.executors as executors

    started = executors._process_start_time()
    assert started is None or 0 < started <= time.time()
    monkeypatch.delenv("LCSIM_START_METHOD", raising=False)
    monkeypatch.setattr(executors, "_process_start_time", lambda: time.time() + 60)
    if sys.platform == "linux":  # the loaded code is the code on disk
        assert (executors.start_method(), executors.start_method(dask=True)) == ("fork",
                                                                            "forkserver")
    monkeypatch.setattr(executors, "_process_start_time", lambda: 0.0)  # edited since
    assert (executors.start_method(), executors.start_method(dask=True)) == ("spawn", "spawn")
    monkeypatch.setenv("LCSIM_START_METHOD", "forkserver")
    assert executors.start_method() == "forkserver"
    monkeypatch.setenv("LCSIM_START_METHOD", "vfork")
    with pytest.raises(ConfigError, match="LCSIM_START_METHOD"):
        run_experiment(GRID, out=tmp_path / "unused", workers=2, progress=False)
    assert not (tmp_path / "unused").exists()


def test_runs_computed_with_other_model_code_are_not_mixed_in(tmp_path: Path, monkeypatch):
    import lcsim.experiments.worker as worker

    monkeypatch.setattr(worker, "LOADED_FINGERPRINT", "edited-since")
    result = run_experiment(GRID, out=tmp_path, workers=1, progress=False, report=False)
    assert (result.runs["status"] == "failed").all()
    assert result.runs["error"].str.contains("model was edited during the sweep").all()
    assert result.timeseries.empty


def test_the_model_fingerprint_covers_the_model_and_only_the_model():
    from lcsim.experiments.provenance import LCSIM_DIR, model_sources

    names = {p.relative_to(LCSIM_DIR).as_posix() for p in model_sources()}
    assert {"model.py", "params.py", "rules/trust.py", "rules/funding.py"} <= names
    assert not any(n.startswith(("experiments/", "cli", "scenarios", "__init__"))
                   for n in names)


def test_a_grid_over_region_size_keeps_region_outcomes(tmp_path: Path):
    """Single communities and regions in one study: region-only outcomes are NaN for the
    single community and numbers for the region."""
    config = {"name": "regions", "question": "Do regions run?", "replications": 2,
              "root_seed": 4, "outputs": ["realized_value", "realized_value_sd"],
              "series": ["mean_trust"],
              "base": {"n_participants": 6, "funding_years": 0.1, "weeks_after_funding": 0},
              "design": {"kind": "grid", "factors": {"n_communities": [1, 2]}}}
    result = run_experiment(config, out=tmp_path, workers=1, progress=False, report=False)
    runs = result.runs.set_index("param_n_communities")
    assert (result.runs["status"] == "ok").all()
    assert runs.loc[1, "realized_value_sd"].isna().all()
    assert runs.loc[2, "realized_value_sd"].notna().all()
