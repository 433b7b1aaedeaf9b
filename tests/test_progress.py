"""Sweep progress: plain lines every few seconds in a log (no carriage-return redraws), a
tqdm bar on a terminal, nothing with TQDM_DISABLE or `lcsim experiment --quiet`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from tqdm import tqdm

from lcsim.experiments.progress import (
    PLAIN_INTERVAL_SECONDS,
    PlainProgress,
    SilentProgress,
    duration_text,
    progress_reporter,
)

TINY = Path(__file__).parent / "configs" / "tiny_scenarios.toml"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def plain(total: int = 320, initial: int = 0, interval: float = 10.0):
    stream, clock = io.StringIO(), FakeClock()
    return PlainProgress("funding_horizon", total, initial, stream, interval, clock), \
        stream, clock


def test_a_log_gets_plain_lines_with_counts_failures_elapsed_and_time_left():
    progress, stream, clock = plain()
    for _ in range(120):
        clock.now += 45 / 120
        progress.update(1)
    clock.now += 0.001  # the line at exactly 45 s
    progress.set_postfix(failed=0, refresh=False)
    assert progress.line() == ("funding_horizon: 120/320 runs, 0 failed, 45 s elapsed, "
                               "about 75 s left")
    assert "\r" not in stream.getvalue()


def test_plain_lines_come_every_interval_not_every_run():
    progress, stream, clock = plain(total=1000, interval=10.0)
    for _ in range(600):  # one run every 0.1 s for 60 s
        clock.now += 0.1
        progress.update(1)
    progress.close()
    lines = stream.getvalue().splitlines()
    # the start, one about every 10 s of the 60 (rounding may cost the last), the end
    assert 7 <= len(lines) <= 8, lines
    assert lines[0] == "funding_horizon: 0/1000 runs, 0 failed, 0 s elapsed"
    assert lines[-1] == "funding_horizon: 600/1000 runs, 0 failed, 60 s elapsed"


def test_the_last_line_says_done_and_failures_and_is_written_once():
    progress, stream, clock = plain(total=4)
    for failed in range(4):
        clock.now += 1
        progress.update(1)
        progress.set_postfix(failed=failed, refresh=False)
    progress.close()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[-1] == "funding_horizon: 4/4 runs, 3 failed, 4 s elapsed, done"
    assert sum("done" in line for line in lines) == 1


def test_a_resumed_sweep_estimates_time_left_from_this_sessions_runs():
    progress, _, clock = plain(total=300, initial=200)
    clock.now += 50
    progress.update(50)
    # 50 runs in 50 s now; 50 left: about 50 s (not 50 * 50 / 250)
    assert progress.line().endswith("250/300 runs, 0 failed, 50 s elapsed, about 50 s left")


def test_a_closed_stream_stops_the_lines_not_the_sweep():
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    progress = PlainProgress("s", 3, 0, Closed(), 0.0, FakeClock())
    progress.update(1)
    progress.close()


@pytest.mark.parametrize("seconds, text", [(0, "0 s"), (44.6, "45 s"), (75, "75 s"),
                                           (200, "3 min 20 s"), (7500, "2 h 05 min")])
def test_durations_read_like_people_write_them(seconds, text):
    assert duration_text(seconds) == text


def test_a_terminal_gets_a_tqdm_bar_and_anything_else_plain_lines(monkeypatch):
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    bar = progress_reporter("s", 10, 2, True, stream=Terminal())
    try:
        assert isinstance(bar.bar, tqdm) and bar.bar.n == 2 and bar.bar.total == 10
    finally:
        bar.close()
    assert isinstance(progress_reporter("s", 10, 2, True, stream=io.StringIO()), PlainProgress)
    assert PLAIN_INTERVAL_SECONDS <= 10


@pytest.mark.parametrize("value, silent", [("1", True), ("true", True), ("0", False),
                                           ("", False), ("false", False)])
def test_tqdm_disable_turns_progress_off_on_terminals_and_logs(monkeypatch, value, silent):
    monkeypatch.setenv("TQDM_DISABLE", value)
    for stream in (Terminal(), io.StringIO()):
        progress = progress_reporter("s", 10, 0, True, stream=stream)
        assert isinstance(progress, SilentProgress) is silent
        progress.update(1)
        progress.close()
        if silent:
            assert stream.getvalue() == ""


def test_disabled_progress_writes_nothing():
    stream = io.StringIO()
    progress = progress_reporter("s", 10, 0, False, stream=stream)
    progress.update(3)
    progress.set_postfix(failed=1, refresh=False)
    progress.close()
    assert stream.getvalue() == ""


# ----------------------------------------------------------------- through `lcsim experiment`
# These two need the lead's side of the change: runner._progress_bar calling
# progress_reporter, and commands.command_experiment(..., quiet=False) (see the report).
def experiment(tmp_path: Path, *extra: str, env: dict[str, str] | None = None):
    import os

    done = subprocess.run(
        [sys.executable, "-m", "lcsim", "experiment", str(TINY), "--out", str(tmp_path / "out"),
         "--workers", "1", *extra], capture_output=True, timeout=300,
        env={**os.environ, **(env or {})})
    # Bytes, decoded by hand: text mode would turn the "\r" of a redraw into "\n".
    return done.returncode, done.stderr.decode()


def test_experiment_progress_in_a_log_is_plain_lines(tmp_path: Path):
    code, stderr = experiment(tmp_path, env={"TQDM_DISABLE": ""})
    assert code == 0, stderr
    assert "\r" not in stderr
    assert "tiny_scenarios: 0/9 runs, 0 failed" in stderr
    assert "tiny_scenarios: 9/9 runs, 0 failed" in stderr and ", done" in stderr


def test_experiment_quiet_and_tqdm_disable_show_no_progress(tmp_path: Path):
    for extra, env in ((["--quiet"], {}), (["--force"], {"TQDM_DISABLE": "1"})):
        code, stderr = experiment(tmp_path, *extra, env=env)
        assert code == 0, stderr
        assert stderr == "", "no progress at all, and nothing else went wrong"
