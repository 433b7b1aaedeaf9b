"""`lcsim report` on a folder whose runs.parquet is corrupt exits with 2 (stored results
that cannot be read, as the exit-code table in experiments/README.md says), in one line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lcsim import cli
from lcsim.experiments.errors import EXIT_USAGE

CONFIG = Path(__file__).resolve().parent / "configs" / "tiny_grid.toml"
README = Path(__file__).resolve().parents[1] / "experiments" / "README.md"


def test_a_corrupt_runs_parquet_exits_with_the_code_the_readme_gives(tmp_path, capsys):
    shutil.copy(CONFIG, tmp_path / "tiny.toml")
    out = tmp_path / "out"
    assert cli.main(["experiment", str(tmp_path / "tiny.toml"), "--out", str(out),
                     "--workers", "1", "--quiet", "--replications", "2"]) == 0
    (out / "runs.parquet").write_bytes(b"garbage")
    capsys.readouterr()
    code = cli.main(["report", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_USAGE
    assert "\n" not in err and "runs.parquet" in err and "Traceback" not in err
    row = next(line for line in README.read_text().splitlines()
               if re.match(r"\| 2 \|", line))
    assert "Parquet file" in row
