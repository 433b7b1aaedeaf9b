"""lcsim touches only files it wrote: a report.html in --out that lcsim did not write (no
lcsim results beside it, or not lcsim's own markup) is refused in one line and left as
it was, by `lcsim experiment` (with or without --force) and by `lcsim report`."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcsim.experiments import ConfigError, command_experiment, command_report, run_experiment
from lcsim.experiments.errors import EXIT_USAGE
from lcsim.experiments.storage import OLD_REPORT_MARK, REPORT_MARK, ResultStore

GRID = Path(__file__).parent / "configs" / "tiny_grid.toml"
QUIET = {"workers": 1, "progress": False}
MINE = "<html>my own</html>"


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: "), err
    return err


def test_a_report_alone_in_the_out_folder_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "X"
    out.mkdir()
    (out / "report.html").write_text(MINE)
    with pytest.raises(ConfigError, match=r"already holds other files \(report.html\) "
                                          "and no lcsim results"):
        run_experiment(GRID, out=out, **QUIET)
    assert command_experiment(GRID, out=out, quiet=True) == EXIT_USAGE
    assert "report.html" in one_line_error(capsys)
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]
    assert (out / "report.html").read_text() == MINE


def test_a_report_not_in_lcsims_markup_beside_results_is_refused_and_kept(tmp_path, capsys):
    out = tmp_path / "study"
    run_experiment(GRID, out=out, report=False, **QUIET)
    (out / "report.html").write_text(MINE)
    for force in (False, True):
        with pytest.raises(ConfigError, match="report.html that lcsim did not write"):
            run_experiment(GRID, out=out, force=force, **QUIET)
    assert command_report(out) == EXIT_USAGE
    assert "not written by lcsim" in one_line_error(capsys)
    assert (out / "report.html").read_text() == MINE
    assert (out / "runs.parquet").exists()  # --force was refused before deleting anything


def test_lcsims_own_report_is_redrawn_also_one_of_an_older_version(tmp_path):
    out = tmp_path / "study"
    results = run_experiment(GRID, out=out, **QUIET)
    page = results.report.read_text()
    assert REPORT_MARK in page and not ResultStore(out).foreign_report()
    (out / "report.html").write_text(f"<html><body>{OLD_REPORT_MARK} old</body></html>")
    assert not ResultStore(out).foreign_report()
    assert command_report(out) == 0
    assert REPORT_MARK in (out / "report.html").read_text()
