"""The time left of a sweep is estimated from the simulated weeks still to do and the time
a simulated week has taken so far, not from the runs left at the pace of the first runs:
in the funding study, runs last from 156 to 624 weeks, and the first ones are the short
ones. Tested with a fake clock on the funding study's own plan, in the runner's order."""

from __future__ import annotations

import io
import re
from pathlib import Path

from lcsim.experiments import run_experiment
from lcsim.experiments.config import load_config
from lcsim.experiments.design import plan_runs
from lcsim.experiments.progress import PlainProgress, TerminalProgress, TimeLeft
from lcsim.experiments.runner import run_weeks

FUNDING = Path(__file__).parents[1] / "configs" / "funding_horizon.toml"
SECONDS_PER_WEEK = 287 / 124_800  # the whole study in 287 s, as measured by the analyst


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def seconds(text: str) -> int:
    """'about 3 min 20 s left' -> 200."""
    match = re.search(r"about (?:(\d+) min )?(\d+) s left", text)
    assert match, text
    return int(match[1] or 0) * 60 + int(match[2])


def funding_plan_weeks() -> list[float]:
    """Weeks of every run of the funding study, in the order the runner computes them."""
    tasks = sorted(plan_runs(load_config(FUNDING)), key=lambda t: (t.replication,
                                                                   t.point_index))
    return [run_weeks(task) for task in tasks]


def test_the_funding_studys_time_left_counts_the_weeks_still_to_simulate():
    weeks = funding_plan_weeks()
    assert (min(weeks), max(weeks), sum(weeks)) == (156, 624, 124_800)
    clock, stream = FakeClock(), io.StringIO()
    progress = PlainProgress("funding_horizon", len(weeks), 0, stream, 10.0, clock,
                             TimeLeft(weeks))
    done = 0
    while clock.now - 1000 < 20:  # the analyst's look at the estimate, 20 s in
        clock.now += weeks[done] * SECONDS_PER_WEEK
        progress.update(1, weeks=weeks[done])
        done += 1
    elapsed = clock.now - 1000
    truly_left = sum(weeks[done:]) * SECONDS_PER_WEEK
    line = progress.line()
    assert abs(seconds(line) - truly_left) <= 1, (line, truly_left)
    # Runs left at the pace of the runs so far (the old estimate) is short here, since
    # each replication's settings run from the shortest to the longest.
    per_run = (len(weeks) - done) * elapsed / done
    assert per_run < truly_left - 20


def test_the_estimate_stays_right_to_the_end_and_a_resumed_session_counts_only_its_own():
    weeks = funding_plan_weeks()
    clock = FakeClock()
    left = TimeLeft(weeks[100:])  # 100 runs stored by an earlier session
    progress = PlainProgress("f", len(weeks), 100, io.StringIO(), 10.0, clock, left)
    for i, run in enumerate(weeks[100:-1], start=101):
        clock.now += run * SECONDS_PER_WEEK
        progress.update(1, weeks=run)
        if i % 50 == 0:
            assert abs(seconds(progress.line()) - sum(weeks[i:]) * SECONDS_PER_WEEK) <= 1
    clock.now += weeks[-1] * SECONDS_PER_WEEK
    progress.update(1, weeks=weeks[-1])
    progress.close()
    assert "left" not in progress.line() and progress.line(final=True).startswith("f: 320/320")


def test_without_weeks_every_run_counts_as_equally_long():
    clock = FakeClock()
    progress = PlainProgress("f", 300, 200, io.StringIO(), 10.0, clock)
    clock.now += 50
    progress.update(50)
    assert progress.line().endswith("250/300 runs, 0 failed, 50 s elapsed, about 50 s left")


def test_a_terminal_bar_shows_the_same_estimate_from_weeks():
    stream, clock = io.StringIO(), FakeClock()
    bar = TerminalProgress("f", 4, 0, stream, TimeLeft([100, 100, 400, 400]), clock)
    clock.now += 10  # the two short runs: 200 weeks in 10 s, 800 weeks left
    bar.update(1, weeks=100)
    bar.update(1, weeks=100)
    bar.set_postfix(failed=0, refresh=True)
    bar.close()
    last = stream.getvalue().split("\r")[-1]
    assert "2/4 runs" in last and "0 failed" in last and seconds(last) == 40, last


def test_the_runner_reports_each_finished_runs_simulated_weeks(tmp_path, monkeypatch):
    import lcsim.experiments.runner as runner

    seen: dict[str, list] = {"planned": [], "finished": [], "took": []}

    class Recorder:
        def update(self, n: int = 1, weeks: float | None = None,
                   took: float | None = None) -> None:
            seen["finished"].append(weeks)
            seen["took"].append(took)

        def set_postfix(self, *args, **kwargs) -> None:
            pass

        def close(self) -> None:
            pass

    def recorder(name, total, initial, enabled, weeks):
        seen["planned"] = list(weeks)
        return Recorder()

    monkeypatch.setattr(runner, "_progress_bar", recorder)
    config = {"name": "lengths", "question": "Do runs of two lengths count as such?",
              "replications": 2, "root_seed": 3, "outputs": ["survived"],
              "base": {"n_participants": 6, "weeks_after_funding": 1},
              "design": {"kind": "grid", "factors": {"funding_years": [0.1, 0.2]}}}
    run_experiment(config, out=tmp_path / "out", workers=1, progress=True, report=False)
    # 0.1 and 0.2 years: 5 and 10 funded weeks, plus one week after funding
    assert sorted(seen["planned"]) == [6, 6, 11, 11]
    assert sorted(seen["finished"]) == [6, 6, 11, 11]
    assert all(0 < took < 60 for took in seen["took"]), "each run's own seconds"


def test_starting_the_workers_is_not_counted_as_time_per_week():
    clock = FakeClock()
    progress = PlainProgress("f", 3, 0, io.StringIO(), 10.0, clock,
                             TimeLeft([100, 100, 200]))
    clock.now += 12  # 10 s to start the worker processes, then a run of 2 s
    progress.update(1, weeks=100, took=2)
    # 2 s per 100 weeks: 300 weeks left take 6 s (not 36 s, as if the start were a run's)
    assert progress.line().endswith("1/3 runs, 0 failed, 12 s elapsed, about 6 s left")
    clock.now += 2
    progress.update(1, weeks=100, took=2)
    assert progress.line().endswith("about 4 s left")
