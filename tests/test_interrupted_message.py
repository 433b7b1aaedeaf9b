"""A study stopped by Ctrl-C says how many runs its folder holds, of how many, and that
the same command resumes it."""

from __future__ import annotations

from pathlib import Path

import pytest

import lcsim.experiments.commands as commands
from lcsim.experiments import command_experiment
from lcsim.experiments.errors import EXIT_INTERRUPTED
from lcsim.experiments.runner import simulate

GRID = Path(__file__).parent / "configs" / "tiny_grid.toml"  # 4 points x 3 replications


class StopAt:
    """A run function that raises KeyboardInterrupt at its n-th call, as Ctrl-C would."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def __call__(self, params, seed):
        self.calls += 1
        if self.calls == self.n:
            raise KeyboardInterrupt
        return simulate(params, seed)


def test_ctrl_c_says_how_many_runs_are_stored_and_that_the_command_resumes(
        tmp_path: Path, monkeypatch, capsys):
    real = commands.run_experiment
    monkeypatch.setattr(commands, "run_experiment",
                        lambda config, **options: real(config, run_function=StopAt(5),
                                                       **options))
    out = tmp_path / "res"
    code = command_experiment(GRID, out=out, workers=1, quiet=True)
    assert code == EXIT_INTERRUPTED
    err = capsys.readouterr().err.strip()
    assert err == (f"interrupted: 4 of 12 runs are stored in {out}; run the same command "
                   "again to resume (it runs only the 8 left).")


@pytest.mark.parametrize("folder", [None, lambda: Path("/nonexistent/lcsim-study")],
                         ids=["no folder", "folder without a manifest"])
def test_a_stop_before_any_manifest_still_says_how_to_resume(folder):
    assert commands.interrupted_line(folder) == (
        "interrupted: finished runs are stored; run the same command again to resume.")
