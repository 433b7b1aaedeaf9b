"""The `lcsim experiment` and `lcsim report` commands: call the API, print plain answers,
return an exit code (see `lcsim.experiments.errors` for what each code means)."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from lcsim.experiments.config import ConfigError
from lcsim.experiments.errors import (
    EXIT_FAILED_RUNS,
    EXIT_INTERRUPTED,
    EXIT_MACHINE,
    EXIT_OK,
    EXIT_REPORT,
    EXIT_USAGE,
    MachineError,
    WorkerError,
)
from lcsim.experiments.executors import signals_as_interrupt
from lcsim.experiments.runner import describe_failures, run_experiment


def command_experiment(config: str | Path, out: str | Path | None = None,
                       executor: str = "local", workers: int | None = None,
                       scheduler: str | None = None, replications: int | None = None,
                       force: bool = False, quiet: bool = False) -> int:
    """Run or resume a study from a TOML config and say where its report is."""
    try:
        with signals_as_interrupt():  # from planning to the report, not only while computing
            results = run_experiment(config, out=out, executor=executor, workers=workers,
                                     scheduler=scheduler, replications=replications,
                                     force=force, progress=not quiet)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (MachineError, WorkerError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_MACHINE
    except KeyboardInterrupt:
        print("\ninterrupted: finished runs are stored; run the same command again to resume.",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    runs = results.runs
    ok = int((runs["status"] == "ok").sum())
    print(f"{results.config.name}: {ok} of {len(runs)} runs finished "
          f"({results.executed} run now, {len(runs) - results.executed} already stored).")
    if results.dropped:
        print(f"note: {results.dropped} stored run(s) outside this plan were dropped "
              "(their seeds are stable, so they can be recomputed exactly).")
    print(f"results: {results.directory / 'runs.parquet'}, "
          f"{results.directory / 'timeseries.parquet'}")
    if results.report is not None:
        print(f"report:  {results.report}")
    if not results.failures.empty:
        print(describe_failures(results.failures), file=sys.stderr)
        return EXIT_FAILED_RUNS
    if results.report_error is not None:
        print(f"error: the report could not be drawn ({results.report_error}); every run is "
              f"stored in {results.directory}. Try again with `lcsim report "
              f"{results.directory}`.", file=sys.stderr)
        return EXIT_REPORT
    return EXIT_OK


def command_report(directory: str | Path) -> int:
    """Re-render report.html from the stored results in `directory`.

    Exit codes as for `lcsim experiment`: 2 for a folder that holds no finished study or
    files that cannot be read, 3 for a full disk, 4 when the report cannot be drawn.
    """
    from lcsim.experiments.report import write_report
    from lcsim.experiments.storage import PARTS, ResultStore

    store = ResultStore(directory)
    if any(path.parent.name == PARTS for path in store.own_files()):
        print(f"error: {directory}: the study was stopped before its runs were gathered; "
              "run the same `lcsim experiment` command again to resume it (it writes the "
              "report)", file=sys.stderr)
        return EXIT_USAGE
    try:
        path = write_report(directory)
    except (FileNotFoundError, ConfigError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"error: {directory}: {err.strerror or err}", file=sys.stderr)
        return EXIT_MACHINE if err.errno in (errno.ENOSPC, errno.EDQUOT) else EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - e.g. a corrupt Parquet file
        print(f"error: the report could not be drawn ({type(err).__name__}: "
              f"{str(err).splitlines()[0] if str(err) else ''}); the stored runs are "
              "unchanged", file=sys.stderr)
        return EXIT_REPORT
    status = (store.read_manifest() or {}).get("status")
    if status not in (None, "complete", "failed runs"):
        print(f"note: the study is unfinished ({status}); the report covers the runs "
              "stored so far. Run the same `lcsim experiment` command to finish it.",
              file=sys.stderr)
    print(f"report: {path}")
    return EXIT_OK
