"""`lcsim robustness` on a config without a [robustness] table says, in one line before
it starts, that it uses the defaults and how many runs they make."""

from __future__ import annotations

from lcsim.experiments.robustness import run_robustness
from tests.test_robustness import TINY, flipping_run


def _without_table() -> dict:
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in TINY.items()
            if k != "robustness"}


def test_a_config_without_a_robustness_table_gets_a_notice_with_the_run_count(tmp_path,
                                                                             capsys):
    run_robustness(_without_table(), out=tmp_path / "r", samples=2, workers=1,
                   progress=True, report=False, run_function=flipping_run)
    notes = [line for line in capsys.readouterr().err.splitlines()
             if "no [robustness] table" in line]
    assert len(notes) == 1
    assert "the defaults are used: 2 assumption sets" in notes[0]
    assert "12 runs in all" in notes[0]  # 3 sets x 2 settings x 2 replications


def test_a_config_with_a_robustness_table_gets_no_such_notice(tmp_path, capsys):
    raw = {**_without_table(), "robustness": {"samples": 2}}
    run_robustness(raw, out=tmp_path / "r", workers=1, progress=True, report=False,
                   run_function=flipping_run)
    assert "no [robustness] table" not in capsys.readouterr().err
