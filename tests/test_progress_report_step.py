"""After the runs, the commands say on the progress stream (stderr) when the slow step that
follows begins and when it is done, with the file's path and the time it took: drawing
report.html (`lcsim experiment`, `lcsim report`), judging the findings and drawing
robustness.html (`lcsim robustness`). `--quiet` and TQDM_DISABLE keep them quiet."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from lcsim.cli import main
from lcsim.experiments.progress import PlainProgress, StepNotice, after_the_runs

CONFIGS = Path(__file__).parent / "configs"
TINY = CONFIGS / "tiny_scenarios.toml"
MORRIS = CONFIGS / "tiny_morris.toml"
ROBUSTNESS = """
name = "tiny_check"
question = "Does half a year of funding give more value than a fifth of a year?"
replications = 2
root_seed = 3
outputs = ["realized_value", "survived"]
series = []

[base]
n_participants = 8
weeks_after_funding = 2

[design]
kind = "grid"
factors = { funding_years = [0.2, 0.5] }

[robustness]
samples = 1
spread = 0.3

[[findings]]
name = "0.5 years beat 0.2"
outcome = "realized_value"
comparison = ["funding_years=0.5", "funding_years=0.2"]
direction = "greater"
"""
TOOK = r"(under 1 s|\d+ s|\d+ min \d\d s)"


class FakeClock:
    """Monotonic seconds that a test moves on by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def cli(*argv: str) -> tuple[int, str, str]:
    """`lcsim ARGV` through the entry point: exit code, stdout and stderr (not a terminal,
    so progress comes as plain lines, as in a log)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def progress_shown(monkeypatch):
    """Progress on, whatever the environment running the tests says."""
    monkeypatch.delenv("TQDM_DISABLE", raising=False)


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> tuple[Path, str]:
    """A tiny scenarios study run once through `lcsim experiment`: its folder and stderr."""
    out = tmp_path_factory.mktemp("study") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TQDM_DISABLE", raising=False)
        code, _, err = cli("experiment", str(TINY), "--out", str(out), "--workers", "1")
    assert code == 0, err
    return out, err


# ------------------------------------------------------------------------ lcsim experiment
def test_experiment_says_when_the_report_is_begun_and_where_it_is_when_done(study):
    out, err = study
    lines = err.splitlines()
    last_runs = max(i for i, line in enumerate(lines) if line.endswith(", done"))
    assert lines[last_runs].startswith("tiny_scenarios: 9/9 runs, 0 failed")
    assert lines[last_runs + 1] == \
        "tiny_scenarios: writing the report (figures and tables) ..."
    assert re.fullmatch(rf"tiny_scenarios: report written in {TOOK}: "
                        + re.escape(str(out / "report.html")), lines[last_runs + 2])
    assert (out / "report.html").exists()


def test_a_sampled_study_says_its_report_computes_the_sensitivity_indices(tmp_path):
    code, _, err = cli("experiment", str(MORRIS), "--out", str(tmp_path / "m"),
                       "--workers", "1")
    assert code == 0, err
    assert "tiny_morris: writing the report (figures, tables and sensitivity indices) ..." \
        in err.splitlines()
    assert re.search(rf"^tiny_morris: report written in {TOOK}: .*report\.html$", err, re.M)


def test_experiment_quiet_and_tqdm_disable_say_nothing_of_the_report(study, monkeypatch):
    out, _ = study  # every run is stored: only the report is drawn again
    code, stdout, err = cli("experiment", str(TINY), "--out", str(out), "--workers", "1",
                            "--quiet")
    assert code == 0 and err == ""
    assert f"report:  {out / 'report.html'}" in stdout
    monkeypatch.setenv("TQDM_DISABLE", "1")
    code, _, err = cli("experiment", str(TINY), "--out", str(out), "--workers", "1")
    assert code == 0 and err == ""


def test_a_report_that_cannot_be_drawn_is_begun_but_never_said_to_be_written(
        tmp_path, monkeypatch):
    from lcsim.experiments import report

    def broken(directory):
        raise ValueError("no figure today")
    monkeypatch.setattr(report, "write_report", broken)
    code, _, err = cli("experiment", str(TINY), "--out", str(tmp_path / "b"),
                       "--workers", "1")
    assert code == 4
    assert "tiny_scenarios: writing the report (figures and tables) ..." in err
    assert "report written" not in err
    assert "error: the report could not be drawn (ValueError: no figure today)" in err


# ------------------------------------------------------------------------ lcsim report
def test_report_redraw_says_when_it_begins_and_where_the_report_is(study):
    out, _ = study
    code, stdout, err = cli("report", str(out))
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "tiny_scenarios: writing the report (figures and tables) ..."
    assert re.fullmatch(rf"tiny_scenarios: report written in {TOOK}: "
                        + re.escape(str(out / "report.html")), lines[1])
    assert stdout == f"report: {out / 'report.html'}\n"


def test_report_redraw_quiet_says_only_where_the_report_is(study):
    out, _ = study
    code, stdout, err = cli("report", str(out), "--quiet")
    assert code == 0 and err == ""
    assert stdout == f"report: {out / 'report.html'}\n"


def test_report_of_a_folder_without_a_study_is_the_error_alone(tmp_path):
    code, _, err = cli("report", str(tmp_path))
    assert code == 2
    assert err.startswith("error: ") and len(err.splitlines()) == 1


# ------------------------------------------------------------------------ lcsim robustness
def test_robustness_announces_judging_the_findings_right_after_the_runs(tmp_path):
    config = tmp_path / "check.toml"
    config.write_text(ROBUSTNESS, encoding="utf-8")
    out = tmp_path / "r"
    code, _, err = cli("robustness", str(config), "--out", str(out), "--workers", "1")
    assert code == 0, err
    lines = err.splitlines()
    done = next(i for i, line in enumerate(lines) if line.endswith(", done"))
    assert lines[done].startswith("tiny_check: 8/8 runs, 0 failed")
    assert lines[done + 1] == ("tiny_check: judging the findings under every assumption "
                               "set and writing robustness.html (figures and tables) ...")
    assert re.fullmatch(rf"tiny_check: robustness.html written in {TOOK}: "
                        + re.escape(str(out / "robustness.html")), lines[done + 2])
    code, _, err = cli("report", str(out))
    assert code == 0, err
    assert err.splitlines()[0] == ("tiny_check: judging the findings again and writing "
                                   "robustness.html (figures and tables) ...")
    assert re.fullmatch(rf"tiny_check: robustness.html written in {TOOK}: .*",
                        err.splitlines()[1])
    code, _, err = cli("robustness", str(config), "--out", str(out), "--workers", "1",
                       "--quiet")
    assert code == 0 and err == ""


# ------------------------------------------------------------------------ the notices
def test_a_step_notice_says_the_time_the_step_took_as_people_read_it():
    clock, stream = FakeClock(), io.StringIO()
    notice = StepNotice(enabled=True, stream=stream, clock=clock)
    notice.done("report written", "r/report.html")  # not begun: nothing to say
    notice.start("s", "writing the report (figures and tables)")
    clock.now += 151
    notice.done("report written", "r/report.html")
    notice.start("s", "writing it again")
    clock.now += 0.4
    notice.done("written")
    assert stream.getvalue().splitlines() == [
        "s: writing the report (figures and tables) ...",
        "s: report written in 2 min 31 s: r/report.html",
        "s: writing it again ...",
        "s: written in under 1 s"]


def test_a_step_notice_on_a_closed_stream_stops_talking_not_the_step():
    stream = io.StringIO()
    stream.close()
    notice = StepNotice(enabled=True, stream=stream)
    notice.start("s", "writing the report")
    notice.done("report written")
    assert notice.stream is None


def test_only_a_sweep_that_finished_every_run_announces_the_step_after_it():
    clock, stream = FakeClock(), io.StringIO()
    notice = StepNotice(enabled=True, stream=stream, clock=clock)
    with after_the_runs(notice, "judging the findings"):
        stopped = PlainProgress("s", 3, 0, stream, clock=clock)
        stopped.update(1)
        stopped.close()  # Ctrl-C after one run
        assert "judging" not in stream.getvalue()
        finished = PlainProgress("s", 3, 1, stream, clock=clock)
        finished.update(2)
        finished.close()
    outside = PlainProgress("s", 1, 0, stream, clock=clock)
    outside.update(1)
    outside.close()
    lines = stream.getvalue().splitlines()
    assert lines.count("s: judging the findings ...") == 1
    assert lines[lines.index("s: judging the findings ...") - 1].endswith(", done")
