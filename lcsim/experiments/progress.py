"""Progress of a sweep on stderr: a tqdm bar on a terminal, plain lines in a log.

A tqdm bar redraws itself with carriage returns, which a terminal turns into one moving
line but a log file, CI output or `2> sweep.log` keeps as one long line of dozens of
redraws. So when the stream is not a terminal, `progress_reporter` writes a plain line
every `PLAIN_INTERVAL_SECONDS`, e.g.

    funding_horizon: 120/320 runs, 0 failed, 45 s elapsed, about 75 s left

`TQDM_DISABLE` (set to anything but "", "0", "false", "no" or "off") turns progress off
in both forms, as does `enabled=False` (`lcsim experiment --quiet`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any, Protocol, TextIO

PLAIN_INTERVAL_SECONDS = 10.0
_OFF_VALUES = ("", "0", "false", "no", "off")


class Progress(Protocol):
    """What the runner calls: the subset of a tqdm bar it uses."""

    def update(self, n: int = 1) -> Any: ...

    def set_postfix(self, ordered_dict: Any = None, refresh: bool = True,
                    **kwargs: Any) -> Any: ...

    def close(self) -> Any: ...


def progress_reporter(name: str, total: int, initial: int, enabled: bool,
                      stream: TextIO | None = None) -> Progress:
    """A progress display for a sweep of `total` runs, `initial` of them already stored.

    Args:
        name: the study's name, shown first on every line.
        total: runs in the whole plan.
        initial: runs already stored before this session (counted as done).
        enabled: False shows nothing (`--quiet`).
        stream: where to write (default: sys.stderr at call time). A terminal gets a tqdm
            bar; anything else gets a plain line every PLAIN_INTERVAL_SECONDS and one at
            the start and at the end.

    Returns:
        An object with `update(n)`, `set_postfix(failed=...)` and `close()`.
    """
    stream = sys.stderr if stream is None else stream
    if not enabled or tqdm_disabled():
        return SilentProgress()
    if _is_terminal(stream):
        from tqdm import tqdm

        return tqdm(total=total, initial=initial, unit="run", desc=name, dynamic_ncols=True,
                    file=stream, postfix={"failed": 0})
    return PlainProgress(name, total, initial, stream)


def tqdm_disabled() -> bool:
    """Whether the environment asks for no progress bars (TQDM_DISABLE, as tqdm reads it)."""
    return os.environ.get("TQDM_DISABLE", "").strip().lower() not in _OFF_VALUES


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):  # no isatty, or a closed stream
        return False


class SilentProgress:
    """Progress that shows nothing."""

    def update(self, n: int = 1) -> None:
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
    """

    def __init__(self, name: str, total: int, initial: int, stream: TextIO,
                 interval: float = PLAIN_INTERVAL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
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

    def update(self, n: int = 1) -> None:
        """Count `n` more finished runs; write a line if `interval` seconds have passed."""
        self.done += n
        now = self.clock()
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

    def line(self, now: float | None = None, final: bool = False) -> str:
        """The progress line at time `now`, e.g.
        'funding_horizon: 120/320 runs, 0 failed, 45 s elapsed, about 75 s left'."""
        elapsed = (self.clock() if now is None else now) - self.started
        parts = [f"{self.name}: {self.done}/{self.total} runs"]
        for key, value in self.postfix.items():
            parts.append(f"{value} {key}" if key == "failed" else f"{key} {value}")
        parts.append(f"{duration_text(elapsed)} elapsed")
        run_now = self.done - self.initial
        if not final and run_now > 0 and self.done < self.total:
            left = (self.total - self.done) * elapsed / run_now
            parts.append(f"about {duration_text(left)} left")
        return ", ".join(parts)

    def _write(self, line: str) -> None:
        if self.stream is None:
            return
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe or file: stop reporting, keep running
            self.stream = None


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
