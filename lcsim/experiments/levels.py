"""Whole-number values a study may use: seeds, and the whole values of int factors.

Kept apart from the config (which validates them) and the design (which draws them), so
that both can use them without importing each other.
"""

from __future__ import annotations

import numpy as np

MAX_SEED = 2**63 - 1
"""Largest seed anywhere: a config's root_seed, a run's seed and `lcsim run --seed` all
take whole numbers from 0 to 2**63 - 1, the range of a signed 64-bit integer (how TOML
and runs.parquet store them)."""


def whole_values(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Map values sampled on [low, high + 1) to whole numbers low..high (as floats).

    Each value becomes its whole part; high + 1 itself (the top Morris level) becomes high.
    Values are rounded to 9 decimals first, so 3.9999999999999996, which SALib's scaling
    can produce for 4, counts as 4.
    """
    return np.clip(np.floor(np.round(values, 9)), low, high)


def morris_whole_levels(low: float, high: float, levels: int) -> list[int]:
    """The whole values the `levels` Morris levels of an int factor from low to high map to.

    Morris samples only the levels low + k / (levels - 1) * (high + 1 - low), k = 0..levels-1
    of the range SALib gets (`salib_problem`); this applies `whole_values` to them.
    """
    grid = low + np.arange(levels) / (levels - 1) * (high + 1 - low)
    return [int(v) for v in whole_values(grid, low, high)]
