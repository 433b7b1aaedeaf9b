"""The command a study records (manifest.json `command_line`, the report's "Reproduce"
line) can be typed again: `python -m lcsim ...` is recorded as such, not as the path of
lcsim/__main__.py that Python puts in sys.argv[0]."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import lcsim
from lcsim.experiments.provenance import command_line

MAIN = str(Path(lcsim.__file__).with_name("__main__.py"))
TINY = Path(__file__).parent / "configs" / "tiny_grid.toml"


def test_python_dash_m_is_recorded_with_the_interpreter_as_typed():
    recorded = command_line([MAIN, "experiment", "my/bb2.toml", "--workers", "1"],
                            ["python3", "-m", "lcsim", "experiment", "my/bb2.toml",
                             "--workers", "1"])
    assert recorded == ["python3", "-m", "lcsim", "experiment", "my/bb2.toml",
                        "--workers", "1"]


def test_the_lcsim_command_is_recorded_by_its_name_not_its_path():
    recorded = command_line(["/home/me/.venv/bin/lcsim", "experiment", "s.toml"],
                            ["/home/me/.venv/bin/python", "/home/me/.venv/bin/lcsim",
                             "experiment", "s.toml"])
    assert recorded == ["lcsim", "experiment", "s.toml"]


def test_another_start_is_recorded_as_it_is():
    assert command_line(["study.py", "--fast"], ["python", "study.py", "--fast"]) == \
        ["study.py", "--fast"]


def test_a_study_started_with_python_dash_m_records_a_runnable_command(tmp_path: Path):
    out = tmp_path / "res"
    done = subprocess.run([sys.executable, "-m", "lcsim", "experiment", str(TINY),
                           "--out", str(out), "--workers", "1", "--replications", "1",
                           "--quiet"], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    recorded = json.loads((out / "manifest.json").read_text())["command_line"]
    assert recorded[:4] == [sys.executable, "-m", "lcsim", "experiment"]
    assert "__main__.py" not in " ".join(recorded)
    assert "-m lcsim experiment" in (out / "report.html").read_text()
