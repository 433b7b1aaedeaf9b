"""The `lcsim experiment` and `lcsim report` commands: call the API, print plain answers,
return an exit code (see `lcsim.experiments.errors` for what each code means)."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pyarrow import ArrowException

from lcsim.experiments.config import ConfigError, load_config
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
from lcsim.experiments.progress import StepNotice, after_the_runs
from lcsim.experiments.runner import (
    ExperimentResults,
    default_directory,
    describe_failures,
    run_experiment,
)

if TYPE_CHECKING:
    from lcsim.experiments.robustness import RobustnessResults
    from lcsim.experiments.storage import ResultStore

ROBUSTNESS_PAGE = "robustness.html"


def guarded[T](call: Callable[[], T],
               folder: Callable[[], Path] | None = None) -> tuple[T | None, int]:
    """Run a command's work: SIGTERM and SIGHUP stop it like Ctrl-C (from planning to the
    report), and each way it can stop is one line on stderr with its exit code (see
    `lcsim.experiments.errors`). Returns the work's result (None if it stopped) and the
    exit code so far. `folder` gives the study's results folder, so that a stop can say
    how many runs it holds (`interrupted_line`)."""
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
        print(f"\n{interrupted_line(folder)}", file=sys.stderr)
        return None, EXIT_INTERRUPTED


def interrupted_line(folder: Callable[[], Path] | None = None) -> str:
    """What a stopped study says: how many runs its folder holds, of how many planned, and
    that the same command resumes it; without the counts when the folder or its
    manifest.json cannot tell them (a stop before the session began)."""
    from lcsim.experiments.storage import ResultStore

    try:
        directory = folder() if folder is not None else None
        manifest = ResultStore(directory).read_manifest() if directory is not None else None
    except Exception:  # noqa: BLE001 - the counts are a courtesy; the stop must be said
        manifest = None
    runs = manifest.get("runs") if manifest and manifest.get("status") == "interrupted" \
        else None
    if not isinstance(runs, dict) or not {"planned", "ok", "failed", "missing"} <= set(runs):
        return "interrupted: finished runs are stored; run the same command again to resume."
    stored = runs["ok"] + runs["failed"]
    failed = f" ({runs['failed']} failed)" if runs["failed"] else ""
    return (f"interrupted: {stored} of {runs['planned']} runs are stored{failed} in "
            f"{directory}; run the same command again to resume (it runs only the "
            f"{runs['missing']} left).")


def _study_folder(out: str | Path | None,
                  default: Callable[[], Path]) -> Callable[[], Path]:
    """The results folder of a command: `out`, or `default()` (read only when needed)."""
    return lambda: Path(out) if out is not None else default()


def runs_line(results: ExperimentResults) -> str:
    """How many runs are stored, and how many this command ran, in one line."""
    runs = results.runs
    ok = int((runs["status"] == "ok").sum())
    return (f"{results.config.name}: {ok} of {len(runs)} runs finished "
            f"({results.executed} run now, {len(runs) - results.executed} already stored).")


def report_step_words(design_kind: str | None) -> str:
    """What drawing a study's report.html does, as the progress stream says it: a sampled
    design's report also computes its sensitivity indices (SALib), the slow part of a
    large sample."""
    if design_kind == "sample":
        return "writing the report (figures, tables and sensitivity indices)"
    return "writing the report (figures and tables)"


def experiment_with_report(config: str | Path, quiet: bool = False,
                           **options: object) -> ExperimentResults:
    """`run_experiment` with its report step announced on the progress stream (stderr):
    a line when drawing report.html begins and one with its path and the time it took, so
    minutes of drawing after the last progress line do not look like a hang. `quiet` (or
    TQDM_DISABLE) shows neither. A report that cannot be drawn is recorded in
    `ExperimentResults.report_error`, as `run_experiment` does."""
    from lcsim.experiments.runner import write_report

    results = run_experiment(config, progress=not quiet, report=False, **options)
    if len(results.runs):
        notice = StepNotice(enabled=not quiet)
        notice.start(results.config.name, report_step_words(results.config.design.kind))
        write_report(results)
        if results.report is not None:
            notice.done("report written", results.report)
    return results


def command_experiment(config: str | Path, out: str | Path | None = None,
                       executor: str = "local", workers: int | None = None,
                       scheduler: str | None = None, replications: int | None = None,
                       force: bool = False, quiet: bool = False) -> int:
    """Run or resume a study from a TOML config and say where its report is."""
    results, code = guarded(lambda: experiment_with_report(
        config, quiet=quiet, out=out, executor=executor, workers=workers,
        scheduler=scheduler, replications=replications, force=force),
        _study_folder(out, lambda: default_directory(load_config(config))))
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
    from lcsim.experiments.robustness import (
        ACCEPTED_FILE,
        load_robustness,
        robustness_directory,
    )
    from lcsim.experiments.robustness_report import answer_sentences

    analysis, code = guarded(lambda: robustness_with_report(
        config, quiet=quiet, out=out, samples=samples, replications=replications,
        ensemble=ensemble, executor=executor, workers=workers, scheduler=scheduler,
        force=force),
        _study_folder(out, lambda: robustness_directory(load_robustness(config)[0])))
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


def robustness_with_report(config: str | Path, quiet: bool = False,
                           **options: object) -> RobustnessResults:
    """`run_robustness` with the steps after its runs announced on the progress stream,
    as `experiment_with_report` does for report.html: judging the findings under every
    assumption set (`robustness.analyse`, which `run_robustness` does before it returns,
    so the progress display's last line starts the notice) and drawing robustness.html.
    `quiet` (or TQDM_DISABLE) shows neither."""
    from lcsim.experiments.robustness import run_robustness, write_report

    notice = StepNotice(enabled=not quiet)
    with after_the_runs(notice, "judging the findings under every assumption set and "
                                f"writing {ROBUSTNESS_PAGE} (figures and tables)"):
        analysis = run_robustness(config, progress=not quiet, report=False, **options)
    if len(analysis.results.runs):
        analysis.report = write_report(analysis)
        notice.done(f"{ROBUSTNESS_PAGE} written", analysis.report)
    return analysis


def command_report(directory: str | Path, quiet: bool = False) -> int:
    """Re-render report.html from the stored results in `directory`; for a robustness
    study, judge its findings again and redraw robustness.html instead (a study's report
    would pool the assumption sets as if they were replications). The step is announced
    on stderr when it begins and when it ends (path and time taken) unless `quiet`.

    Exit codes as for `lcsim experiment`: 2 for a folder that holds no finished study or
    files that cannot be read, 3 for a full disk, 4 when the report cannot be drawn.
    """
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
        path = _redraw(directory, manifest, quiet=quiet or not _drawable(store))
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


def _redraw(directory: str | Path, manifest: dict, quiet: bool) -> Path | None:
    """Draw the stored study's page again (report.html, or robustness.html after judging
    the findings again), announced on stderr unless `quiet`; return its path."""
    from lcsim.experiments.report import write_report
    from lcsim.experiments.robustness import reanalyse

    notice = StepNotice(enabled=not quiet)
    doing, done = _redraw_words(manifest)
    notice.start(_study_name(manifest, directory), doing)
    path = reanalyse(directory).report if "robustness" in manifest \
        else write_report(directory)
    notice.done(done, path)
    return path


def _drawable(store: ResultStore) -> bool:
    """Whether `lcsim report` gets past its first checks, so that announcing the step
    is right: a manifest, no report.html lcsim did not write, and Parquet files whose
    footers can be read. Otherwise the report call itself refuses at once with its
    one-line error, which then stands alone on stderr."""
    import pyarrow.parquet as pq

    if store.read_manifest() is None or store.foreign_report():
        return False
    try:
        for path in sorted(store.directory.glob("*.parquet")):
            pq.read_metadata(path)
    except (ArrowException, OSError):
        return False
    return True


def _redraw_words(manifest: dict) -> tuple[str, str]:
    """What `lcsim report` says when it begins and when it has done: redrawing a study's
    report.html, or judging a robustness study's findings again and redrawing its page."""
    if "robustness" in manifest:
        return (f"judging the findings again and writing {ROBUSTNESS_PAGE} (figures and "
                "tables)", f"{ROBUSTNESS_PAGE} written")
    return report_step_words(_design_kind(manifest)), "report written"


def _study_name(manifest: dict, directory: str | Path) -> str:
    """The study's name from its manifest's config, else the folder's name."""
    config = manifest.get("config")
    name = config.get("name") if isinstance(config, dict) else None
    return str(name) if name else Path(directory).name


def _design_kind(manifest: dict) -> str | None:
    """The kind of the stored study's design ("grid", "scenarios", "sample") or None."""
    config = manifest.get("config")
    design = config.get("design") if isinstance(config, dict) else None
    return design.get("kind") if isinstance(design, dict) else None
