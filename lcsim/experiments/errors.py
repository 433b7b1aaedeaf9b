"""What can stop a study, and the exit code each gives on the command line.

| code | meaning |
|---|---|
| 0 | every planned run finished and the report was written |
| 1 | some runs failed (the others are stored; rerun to retry the failed ones) |
| 2 | a mistake in the command or config, or stored results that do not fit it |
| 3 | a fault of the machine: a full disk, a file system error, workers that cannot run |
| 4 | every run is stored, but the report could not be drawn |
| 130 | stopped by Ctrl-C, SIGTERM or SIGHUP (finished runs are stored; rerun to resume) |

User mistakes raise `lcsim.experiments.ConfigError` (a ValueError whose message names the
file or option, the key and what is allowed).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED_RUNS = 1
EXIT_USAGE = 2
EXIT_MACHINE = 3
EXIT_REPORT = 4
EXIT_INTERRUPTED = 130


class MachineError(RuntimeError):
    """A fault of the machine, not of the user's input: e.g. the disk is full. The message
    is one line saying what failed, where, and what is already stored."""


class WorkerError(RuntimeError):
    """Workers that cannot run the study's tasks (lcsim missing or another version there);
    the message is one line naming the worker and what it lacks."""
