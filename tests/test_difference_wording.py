"""A difference whose likely range has zero width is not said to come from runs that do
not vary: the runs may vary (0 and 1) while every pair differs by the same amount."""

from __future__ import annotations

from lcsim.experiments.answer import diff_interval


def test_a_zero_width_difference_says_every_pair_differs_alike_not_that_runs_do_not_vary():
    text = diff_interval(0.0, 0.0)
    assert "the runs do not vary" not in text
    assert text == "zero width, the difference is the same in every pair of runs"
