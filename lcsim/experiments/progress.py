"""Progress of a sweep on stderr: a tqdm bar on a terminal, plain lines in a log.

A tqdm bar redraws itself with carriage returns, which a terminal turns into one moving
line but a log file, CI output or `2> sweep.log` keeps as one long line of dozens of
redraws. So when the stream is not a terminal, `progress_reporter` writes a plain line
every `PLAIN_INTERVAL_SECONDS`, e.g.

    funding_horizon: 120/320 runs, 0 failed, 45 s elapsed, about 75 s left

After the runs, a long step (drawing the report, judging a robustness study's findings)
is announced on the same stream by `StepNotice`, when it begins and when it ends:

    funding_horizon: writing the report (figures and tables) ...
    funding_horizon: report written in 2 min 31 s: results/funding_horizon/report.html

`TQDM_DISABLE` (set to anything but "", "0", "false", "no" or "off") turns progress off
in both forms, and these lines too, as does `enabled=False` (`lcsim experiment --quiet`).

The time left is estimated from simulated weeks, not from runs (`TimeLeft`): the weeks
still to simulate (each remaining run's weeks, e.g. `Params.total_weeks`) times the time
a simulated week has taken so far in this session. Runs of one study can differ a lot in
length (1 to 8 years of funding plus follow-up: 156 to 624 weeks in the funding study),
so an estimate that assumes every run takes as long as the first ones was about three
times too low there. The time before the first run began (starting the worker processes,
several seconds on a busy machine) is left out of the time per week.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TextIO

PLAIN_INTERVAL_SECONDS = 10.0
_OFF_VALUES = ("", "0", "false", "no", "off")


class Progress(Protocol):
    """What the runner calls: the subset of a tqdm bar it uses."""

    def update(self, n: int = 1, weeks: float | None = None,
               took: float | None = None) -> Any: ...

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True,
                    **kwargs: Any) -> Any: ...

    def close(self) -> Any: ...


def progress_reporter(name: str, total: int, initial: int, enabled: bool,
                      stream: TextIO | None = None,
                      weeks: Sequence[float] | None = None) -> Progress:
    """A progress display for a sweep of `total` runs, `initial` of them already stored.

    Args:
        name: the study's name, shown first on every line.
        total: runs in the whole plan.
        initial: runs already stored before this session (counted as done).
        enabled: False shows nothing (`--quiet`).
        stream: where to write (default: sys.stderr at call time). A terminal gets a tqdm
            bar; anything else gets a plain line every PLAIN_INTERVAL_SECONDS and one at
            the start and at the end.
        weeks: the simulated weeks of each run still to do (`total - initial` numbers),
            for the time left; without them every run counts as equally long.

    Returns:
        An object with `update(n, weeks=..., took=...)` (the weeks of the n runs that
        finished, and the seconds the last of them took),
        `set_postfix(failed=...)` and `close()`.
    """
    stream = sys.stderr if stream is None else stream
    if not enabled or tqdm_disabled():
        return SilentProgress()
    left = TimeLeft(weeks if weeks is not None else [1.0] * (total - initial))
    if _is_terminal(stream):
        return TerminalProgress(name, total, initial, stream, left)
    return PlainProgress(name, total, initial, stream, time_left=left)


class TimeLeft:
    """Seconds left of a sweep, from the simulated weeks still to do and the time per
    simulated week measured so far (elapsed seconds / weeks of the runs finished).

    Args:
        weeks: the simulated weeks of every run still to do at the start of the session.
    """

    def __init__(self, weeks: Sequence[float]) -> None:
        self.runs_left = len(weeks)
        self.weeks_left = float(sum(weeks))
        self.weeks_done = 0.0
        self.start_up = 0.0  # seconds before the first run began (starting the workers)

    def finished(self, n: int = 1, weeks: float | None = None, elapsed: float | None = None,
                 took: float | None = None) -> None:
        """Count `n` finished runs that simulated `weeks` weeks together (default: n
        runs of the average length still to do). With the first run's `elapsed` seconds
        since the session began and the seconds the run itself `took`, the time before it
        began (starting the worker processes) is left out of the time per week."""
        if self.weeks_done == 0 and elapsed is not None and took is not None \
                and math.isfinite(took):
            self.start_up = max(0.0, elapsed - took)
        if weeks is None:
            weeks = n * self.weeks_left / self.runs_left if self.runs_left > 0 else 0.0
        self.runs_left -= n
        self.weeks_done += weeks
        self.weeks_left = max(0.0, self.weeks_left - weeks)

    def seconds(self, elapsed: float) -> float | None:
        """Seconds left after `elapsed` seconds of the session (the start-up left out);
        None before any run has finished or when nothing is left."""
        if self.weeks_done <= 0 or self.runs_left <= 0 or self.weeks_left <= 0:
            return None
        return self.weeks_left * max(0.0, elapsed - self.start_up) / self.weeks_done


def tqdm_disabled() -> bool:
    """Whether the environment asks for no progress bars (TQDM_DISABLE, as tqdm reads it)."""
    return os.environ.get("TQDM_DISABLE", "").strip().lower() not in _OFF_VALUES


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):  # no isatty, or a closed stream
        return False


def write_line(stream: TextIO | None, line: str) -> TextIO | None:
    """Write one line to `stream` and flush it; returns the stream, or None when there is
    none or the write failed (a closed pipe or file), so that reporting stops and the work
    goes on."""
    if stream is None:
        return None
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        return None
    return stream


class SilentProgress:
    """Progress that shows nothing."""

    def update(self, n: int = 1, weeks: float | None = None,
               took: float | None = None) -> None:
        """Count `n` more finished runs (ignored)."""

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True,
                    **kwargs: Any) -> None:
        """Set the counts shown after the progress (ignored)."""

    def close(self) -> None:
        """Finish (nothing to do)."""


class PlainProgress:
    """Plain progress lines for logs: at the start, then at most one every `interval`
    seconds while runs finish, and a last one on `close()`.

    Args:
        name: the study's name.
        total: runs in the whole plan.
        initial: runs already stored before this session.
        stream: where lines go; a write that fails (a closed pipe) stops the lines,
            never the sweep.
        interval: least seconds between two lines.
        clock: monotonic seconds (tests pass a fake clock).
        time_left: the estimate of the time left (default: every run equally long).
    """

    def __init__(self, name: str, total: int, initial: int, stream: TextIO,
                 interval: float = PLAIN_INTERVAL_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 time_left: TimeLeft | None = None) -> None:
        self.time_left = time_left or TimeLeft([1.0] * (total - initial))
        self.name = name
        self.total = total
        self.initial = initial
        self.done = initial
        self.stream: TextIO | None = stream
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.postfix: dict[str, Any] = {"failed": 0}
        self.closed = False
        self._write(self.line())
        self.last_line = self.started

    def update(self, n: int = 1, weeks: float | None = None,
               took: float | None = None) -> None:
        """Count `n` more finished runs (that simulated `weeks` weeks together, the last
        in `took` seconds); write a line if `interval` seconds have passed."""
        self.done += n
        now = self.clock()
        self.time_left.finished(n, weeks, now - self.started, took)
        if now - self.last_line >= self.interval:
            self._write(self.line(now))
            self.last_line = now

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True,
                    **kwargs: Any) -> None:
        """Set the counts shown after the runs, e.g. `set_postfix(failed=3)` (tqdm's
        signature; `refresh` is accepted and ignored: the next line shows them)."""
        self.postfix.update(dict(ordered_dict or {}), **kwargs)

    def close(self) -> None:
        """Write the last line (once)."""
        if self.closed:
            return
        self.closed = True
        line = self.line(self.clock(), final=True)
        self._write(line + (", done" if self.done >= self.total else ""))
        if self.done >= self.total:
            _runs_ended(self.name)

    def line(self, now: float | None = None, final: bool = False) -> str:
        """The progress line at time `now`, e.g.
        'funding_horizon: 120/320 runs, 0 failed, 45 s elapsed, about 75 s left'."""
        elapsed = (self.clock() if now is None else now) - self.started
        parts = [f"{self.name}: {self.done}/{self.total} runs"]
        for key, value in self.postfix.items():
            parts.append(f"{value} {key}" if key == "failed" else f"{key} {value}")
        parts.append(f"{duration_text(elapsed)} elapsed")
        left = self.time_left.seconds(elapsed)
        if not final and left is not None and self.done < self.total:
            parts.append(f"about {duration_text(left)} left")
        return ", ".join(parts)

    def _write(self, line: str) -> None:
        self.stream = write_line(self.stream, line)


class TerminalProgress:
    """A tqdm bar on a terminal whose time left is `TimeLeft`'s (tqdm's own would assume
    every run equally long): 's:  30%|####    | 3/10 runs [00:12, 0 failed, about 40 s
    left]'."""

    FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} runs [{elapsed}{postfix}]"

    def __init__(self, name: str, total: int, initial: int, stream: TextIO,
                 time_left: TimeLeft, clock: Callable[[], float] = time.monotonic) -> None:
        from tqdm import tqdm

        self.time_left = time_left
        self.clock = clock
        self.name = name
        self.started = clock()
        self.postfix: dict[str, Any] = {"failed": 0}
        self.bar = tqdm(total=total, initial=initial, desc=name, dynamic_ncols=True,
                        file=stream, bar_format=self.FORMAT)
        self._show(refresh=True)

    def update(self, n: int = 1, weeks: float | None = None,
               took: float | None = None) -> None:
        """Count `n` more finished runs (that simulated `weeks` weeks together, the last
        in `took` seconds)."""
        self.time_left.finished(n, weeks, self.clock() - self.started, took)
        self._show(refresh=False)
        self.bar.update(n)

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True,
                    **kwargs: Any) -> None:
        """Set the counts shown after the runs, e.g. `set_postfix(failed=3)`."""
        self.postfix.update(dict(ordered_dict or {}), **kwargs)
        self._show(refresh)

    def close(self) -> None:
        """Finish the bar (once)."""
        if self.bar.disable:  # closed before
            return
        self.bar.close()
        if self.bar.n >= self.bar.total:
            _runs_ended(self.name)

    def _show(self, refresh: bool) -> None:
        parts = [f"{value} {key}" if key == "failed" else f"{key} {value}"
                 for key, value in self.postfix.items()]
        left = self.time_left.seconds(self.clock() - self.started)
        if left is not None:
            parts.append(f"about {duration_text(left)} left")
        self.bar.set_postfix_str(", ".join(parts), refresh=refresh)


def duration_text(seconds: float) -> str:
    """Seconds as people read them: '45 s', '75 s', '3 min 20 s', '2 h 05 min'."""
    whole = max(0, round(seconds))
    if whole < 120:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"



class StepNotice:
    """Two plain lines around a long step after the runs (drawing the report, judging
    the findings), on the progress stream, so a log never goes silent for minutes:

        funding_horizon: writing the report (figures and tables) ...
        funding_horizon: report written in 2 min 31 s: results/funding_horizon/report.html

    Shown when progress is (`enabled` and no TQDM_DISABLE), on a terminal and in a log
    alike. A write that fails (a closed pipe) stops the lines, never the step.

    Args:
        enabled: False shows nothing (`--quiet`).
        stream: where to write (default: sys.stderr at call time).
        clock: monotonic seconds (tests pass a fake clock).
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream: TextIO | None = (sys.stderr if stream is None else stream) \
            if enabled and not tqdm_disabled() else None
        self.clock = clock
        self.name = ""
        self.started: float | None = None  # when the step began; None before `start`

    def start(self, name: str, doing: str) -> None:
        """Say that the step `doing` (e.g. 'writing the report (figures and tables)') of
        study `name` begins now; its time is counted from here."""
        self.name = name
        self.started = self.clock()
        self._write(f"{name}: {doing} ...")

    def done(self, what: str, path: Any = None) -> None:
        """Say that the step ended: `what` (e.g. 'report written'), the time since
        `start`, and the file it wrote if `path` is given. Nothing before `start`."""
        if self.started is None:
            return
        seconds = self.clock() - self.started
        took = duration_text(seconds) if seconds >= 1 else "under 1 s"
        self._write(f"{self.name}: {what} in {took}" + (f": {path}" if path is not None
                                                        else ""))

    def _write(self, line: str) -> None:
        self.stream = write_line(self.stream, line)


_AFTER_THE_RUNS: ContextVar[tuple[StepNotice, str] | None] = \
    ContextVar("after_the_runs", default=None)


@contextmanager
def after_the_runs(notice: StepNotice, doing: str) -> Iterator[StepNotice]:
    """While inside, a sweep's progress display that closes with every run done starts
    `notice` on the step `doing`, right below its last line.

    For a step that follows the runs inside one API call, which the command cannot
    announce itself: `run_robustness` judges the findings (scenario discovery alone
    takes 10 s or more) before it returns. A sweep that stops early announces nothing.
    """
    token = _AFTER_THE_RUNS.set((notice, doing))
    try:
        yield notice
    finally:
        _AFTER_THE_RUNS.reset(token)


def _runs_ended(name: str) -> None:
    """Start the step that follows the runs, if a command asked for it (`after_the_runs`)."""
    waiting = _AFTER_THE_RUNS.get()
    if waiting is not None:
        notice, doing = waiting
        notice.start(name, doing)
