"""What a design factor is, and the whole-number values a study may use.

A factor of a grid or sample design is a model parameter (`lcsim.Params`, stored per run
as `param_<name>`) or a single-number model assumption (`lcsim.Assumptions`, stored as
`assumption_<name>`): `factor_spec` finds its spec either way, `factor_column` its column.
Seeds and the whole values of int factors are here too.

Kept apart from the config (which validates them) and the design (which draws them), so
that both can use them without importing each other.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import ParameterError, Params, Spec

PARAM_PREFIX = "param_"  # runs.parquet column of a parameter
ASSUMPTION_PREFIX = "assumption_"  # runs.parquet column of an assumption a run was made under

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


def factor_specs(name: str) -> list[Spec]:
    """The specs `name` has as a model parameter and as a model assumption: none, one, or
    (were a name ever declared twice) both."""
    found = []
    for kind in (Params, Assumptions):
        try:
            found.append(kind.spec(name))
        except ParameterError:
            continue
    return found


def factor_spec(name: str) -> Spec:
    """The spec of a design factor: a model parameter or a model assumption (its `noun`
    says which).

    Raises:
        ParameterError: a name of neither kind, or of both (one line).
    """
    found = factor_specs(name)
    if len(found) > 1:
        raise ParameterError(f"{name!r} is both a model parameter and a model assumption, "
                             "so a design cannot tell which one it varies")
    if not found:
        raise ParameterError(f"{name!r} is neither a model parameter nor a model assumption")
    return found[0]


def assumption_spec(name: str) -> Spec | None:
    """The spec of a design factor that is a model assumption; None for a parameter or
    an unknown name."""
    try:
        spec = factor_spec(name)
    except ParameterError:
        return None
    return spec if spec.noun == Assumptions.noun else None


def is_assumption(name: str) -> bool:
    """Whether a design factor is a model assumption (False for a parameter or an
    unknown name)."""
    return assumption_spec(name) is not None


def factor_column(name: str) -> str:
    """The runs.parquet column of a design factor: `assumption_<name>` for an assumption,
    `param_<name>` otherwise."""
    return (ASSUMPTION_PREFIX if is_assumption(name) else PARAM_PREFIX) + name
