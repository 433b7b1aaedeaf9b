"""`lcsim.state.sum_rows` adds rows by index exactly as `np.add.at` into zeros does."""

import numpy as np

from lcsim.state import sum_rows


def test_sum_rows_equals_add_at_into_zeros_bit_for_bit():
    rng = np.random.default_rng(7)
    index = rng.integers(0, 40, size=3000)
    rows = rng.random((3000, 7)) * 1e-3 - 4e-4
    expected = np.zeros((40, 7))
    np.add.at(expected, index, rows)
    summed = sum_rows(index, rows, 40)
    assert summed.shape == (40, 7)
    assert summed.tobytes() == expected.tobytes()


def test_sum_rows_gives_zero_rows_for_indices_that_never_occur():
    summed = sum_rows(np.array([0, 0, 3]), np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), 5)
    assert summed.tolist() == [[4.0, 6.0], [0.0, 0.0], [0.0, 0.0], [5.0, 6.0], [0.0, 0.0]]
