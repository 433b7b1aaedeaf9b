"""The `lcsim experiment` and `lcsim report` commands: call the API, print plain answers,
return an exit code (see `lcsim.experiments.errors` for what each code means)."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from pathlib import Path

from pyarrow import ArrowException

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
from lcsim.experiments.runner import ExperimentResults, describe_failures, run_experiment


def guarded[T](call: Callable[[], T]) -> tuple[T | None, int]:
    """Run a command's work: SIGTERM and SIGHUP stop it like Ctrl-C (from planning to the
    report), and each way it can stop is one line on stderr with its exit code (see
    `lcsim.experiments.errors`). Returns the work's result (None if it stopped) and the
    exit code so far."""
    try:
        with signals_as_interrupt():
            return call(), EXIT_OK
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return None, EXIT_USAGE
    except (MachineError, WorkerError) as err:
        print(f"error: {err}", file=sys.stderr)
        return None, EXIT_MACHINE
    except KeyboardInterrupt:
        print("\ninterrupted: finished runs are stored; run the same command again to resume.",
              file=sys.stderr)
        return None, EXIT_INTERRUPTED


def runs_line(results: ExperimentResults) -> str:
    """How many runs are stored, and how many this command ran, in one line."""
    runs = results.runs
    ok = int((runs["status"] == "ok").sum())
    return (f"{results.config.name}: {ok} of {len(runs)} runs finished "
            f"({results.executed} run now, {len(runs) - results.executed} already stored).")


def command_experiment(config: str | Path, out: str | Path | None = None,
                       executor: str = "local", workers: int | None = None,
                       scheduler: str | None = None, replications: int | None = None,
                       force: bool = False, quiet: bool = False) -> int:
    """Run or resume a study from a TOML config and say where its report is."""
    results, code = guarded(lambda: run_experiment(
        config, out=out, executor=executor, workers=workers, scheduler=scheduler,
        replications=replications, force=force, progress=not quiet))
    if results is None:
        return code
    print(runs_line(results))
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


def command_robustness(config: str | Path, out: str | Path | None = None,
                       samples: int | None = None, replications: int | None = None,
                       ensemble: str | Path | None = None, executor: str = "local",
                       workers: int | None = None, scheduler: str | None = None,
                       force: bool = False, quiet: bool = False) -> int:
    """`lcsim robustness`: run or resume, print the answer and where the page is."""
    from lcsim.experiments.robustness import ACCEPTED_FILE, run_robustness
    from lcsim.experiments.robustness_report import answer_sentences

    analysis, code = guarded(lambda: run_robustness(
        config, out=out, samples=samples, replications=replications, ensemble=ensemble,
        executor=executor, workers=workers, scheduler=scheduler, force=force,
        progress=not quiet))
    if analysis is None:
        return code
    results = analysis.results
    print(runs_line(results))
    for line in answer_sentences(analysis):
        print(f"  {line}")
    if analysis.patterns is not None:
        sampled = analysis.sets[~analysis.sets["is_default"]]
        print(f"pattern filter: {int(sampled['accepted'].sum())} of {len(sampled)} sets "
              f"accepted ({results.directory / ACCEPTED_FILE})")
    if analysis.report is not None:
        print(f"report:  {analysis.report}")
    if not results.failures.empty:
        print(describe_failures(results.failures), file=sys.stderr)
        return EXIT_FAILED_RUNS
    return EXIT_OK


def command_report(directory: str | Path) -> int:
    """Re-render report.html from the stored results in `directory`; for a robustness
    study, judge its findings again and redraw robustness.html instead (a study's report
    would pool the assumption sets as if they were replications).

    Exit codes as for `lcsim experiment`: 2 for a folder that holds no finished study or
    files that cannot be read, 3 for a full disk, 4 when the report cannot be drawn.
    """
    from lcsim.experiments.report import write_report
    from lcsim.experiments.robustness import reanalyse
    from lcsim.experiments.storage import PARTS, ResultStore

    store = ResultStore(directory)
    if any(path.parent.name == PARTS for path in store.own_files()):
        print(f"error: {directory}: the study was stopped before its runs were gathered; "
              "run the same `lcsim experiment` (or `lcsim robustness`) command again to "
              "resume it (it writes the report)", file=sys.stderr)
        return EXIT_USAGE
    manifest = store.read_manifest() or {}
    command = "lcsim robustness" if "robustness" in manifest else "lcsim experiment"
    try:
        path = reanalyse(directory).report if "robustness" in manifest \
            else write_report(directory)
    except (FileNotFoundError, ConfigError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as err:
        print(f"error: {directory}: {err.strerror or err}", file=sys.stderr)
        return EXIT_MACHINE if err.errno in (errno.ENOSPC, errno.EDQUOT) else EXIT_USAGE
    except ArrowException as err:  # a corrupt Parquet file: stored results, exit 2
        print(f"error: {directory}: a stored Parquet file cannot be read "
              f"({str(err).splitlines()[0] if str(err) else type(err).__name__}); restore "
              "it, or run the study again into a new folder", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - e.g. a figure that cannot be drawn
        print(f"error: the report could not be drawn ({type(err).__name__}: "
              f"{str(err).splitlines()[0] if str(err) else ''}); the stored runs are "
              "unchanged", file=sys.stderr)
        return EXIT_REPORT
    status = manifest.get("status")
    if status not in (None, "complete", "failed runs"):
        print(f"note: the study is unfinished ({status}); the report covers the runs "
              f"stored so far. Run the same `{command}` command to finish it.",
              file=sys.stderr)
    print(f"report: {path}")
    return EXIT_OK
