"""From a config to concrete runs: design points (grid, scenarios or a SALib sample),
replications and their seeds.

A grid or sample factor may be a model parameter or a single-number model assumption
(`levels.factor_spec`): a point's parameters go into its `params`, its assumption values
into its `assumptions`, which every run of the point uses on top of the config's
`[assumptions]` table.

Seeds come from `numpy.random.SeedSequence(root_seed)`. With common random numbers,
replication r uses the same seed at every design point (`spawn_key=(r,)`), so design
points can be compared run by run; without them every (point, replication) gets its own
stream (`spawn_key=(point, r)`). Spawn keys keep seeds stable when replications are added.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from lcsim.experiments.levels import (  # noqa: F401 - MAX_SEED, morris_whole_levels re-exported
    MAX_SEED,
    factor_spec,
    is_assumption,
    morris_whole_levels,
    whole_values,
)
from lcsim.experiments.measures import region_only_names
from lcsim.params import Params, coerce

if TYPE_CHECKING:
    from lcsim.experiments.config import ExperimentConfig, SampleDesign


@dataclass(frozen=True)
class DesignPoint:
    """One setting of the study: its name, what the design set, full params, and the
    assumption values the design set."""

    index: int
    name: str
    factors: dict[str, Any]       # the values the design set here (grid/sample factors)
    description: str
    params: dict[str, Any]        # every Params field, base and design applied
    assumptions: dict[str, Any] = field(default_factory=dict)  # assumption factors' values


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run: plain data only, so it pickles anywhere."""

    run_id: str
    point: str
    point_index: int
    replication: int
    seed: int
    params: dict[str, Any]
    outputs: tuple[str, ...]
    series: tuple[str, ...]
    derived: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, numerator, denominator)
    optional: frozenset[str] = frozenset()  # outputs/series a single community lacks: NaN
    assumptions: dict[str, Any] = field(default_factory=dict)  # changes to the defaults


def value_text(value: Any) -> str:
    """A parameter value as people write it: 4 not 4.0, true not True."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def point_label(factors: dict[str, Any]) -> str:
    """Name of a grid point, e.g. 'n_bridge_builders=2, stereotype_strength=0.8'."""
    return ", ".join(f"{k}={value_text(v)}" for k, v in factors.items())


def design_points(config: ExperimentConfig) -> list[DesignPoint]:
    """The study's design points in a fixed order; raises ParameterError for invalid params."""
    base = Params.from_dict(config.base, where="base")
    design = config.design
    points: list[DesignPoint] = []
    if design.kind == "grid":
        names = list(design.factors)
        levels = [[coerce(factor_spec(n), v) for v in design.factors[n]] for n in names]
        for combo in itertools.product(*levels):
            factors = dict(zip(names, combo, strict=True))
            points.append(_point(len(points), point_label(factors), factors, base))
    elif design.kind == "scenarios":
        for scenario in design.scenarios:
            params = base.replace(**scenario.params).to_dict()
            points.append(DesignPoint(len(points), scenario.name, dict(scenario.params),
                                      scenario.description, params))
    else:
        matrix = sample_matrix(design, config.root_seed)
        names = list(design.factors)
        width = len(str(len(matrix)))
        for row in matrix:
            factors = {n: _typed(design.factors[n].type, x) for n, x in zip(names, row,
                                                                              strict=True)}
            points.append(_point(len(points), f"sample {len(points) + 1:0{width}d}",
                                 factors, base))
    return points


def _point(index: int, name: str, factors: dict[str, Any], base: Params) -> DesignPoint:
    """A grid or sample point: its parameter factors applied to `base`, its assumption
    factors kept apart (`DesignPoint.assumptions`)."""
    assumed = {n: v for n, v in factors.items() if is_assumption(n)}
    params = base.replace(**{n: v for n, v in factors.items() if n not in assumed})
    return DesignPoint(index, name, factors, "", params.to_dict(), assumed)


def assumption_factors(config: ExperimentConfig) -> list[str]:
    """The model assumptions a grid or sample design varies as factors, in design order
    ([] for scenarios or a design that varies only parameters)."""
    return [n for n in getattr(config.design, "factors", {}) if is_assumption(n)]


def _typed(kind: str, value: float) -> int | float:
    return int(value) if kind == "int" else float(value)


def salib_problem(design: SampleDesign) -> dict[str, Any]:
    """The SALib problem dict of a sampled design, for sampling and for the analysis alike.

    An int factor from `low` to `high` is sampled as a continuous value on
    [low, high + 1) and then mapped to its whole part (`whole_values`), so its bounds
    here are [low, high + 1]: every whole value from low to high then covers an equal
    share of the range and is equally likely. The analysis gets the same problem and the
    whole values the runs used.
    """
    names = list(design.factors)
    return {"num_vars": len(names), "names": names,
            "bounds": [_bounds(design.factors[n].low, design.factors[n].high,
                               design.factors[n].type) for n in names]}


def _bounds(low: float, high: float, kind: str) -> list[float]:
    return [low, high + 1] if kind == "int" else [low, high]


def sample_matrix(design: SampleDesign, seed: int) -> np.ndarray:
    """The SALib sample of a design (rows = points), int factors mapped to whole numbers.

    Float factors are sampled uniformly on [low, high]; int factors as `salib_problem`
    says, so each whole value from low to high is equally likely (Latin, Sobol) or each
    Morris level is a whole value (the config check makes sure the levels are distinct).
    """
    import warnings

    from SALib.sample import latin, morris, sobol

    problem = salib_problem(design)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if design.method == "latin":
            matrix = latin.sample(problem, design.samples, seed=seed)
        elif design.method == "sobol":
            matrix = sobol.sample(problem, design.samples,
                                  calc_second_order=design.second_order, seed=seed)
        else:
            matrix = morris.sample(problem, design.samples, num_levels=design.levels, seed=seed)
    matrix = np.asarray(matrix, dtype=float)
    for column, name in enumerate(problem["names"]):
        low, high = design.factors[name].low, design.factors[name].high
        if design.factors[name].type == "int":
            matrix[:, column] = whole_values(matrix[:, column], low, high)
        else:
            matrix[:, column] = np.clip(matrix[:, column], low, high)
    return matrix


def run_seed(root_seed: int, point_index: int, replication: int, common: bool) -> int:
    """Seed of one run, from SeedSequence(root_seed); the same across points under CRN.

    A whole number from 0 to MAX_SEED, so `lcsim run --seed S` reproduces the run.
    """
    key = (replication,) if common else (point_index, replication)
    state = np.random.SeedSequence(root_seed, spawn_key=key).generate_state(1, np.uint64)[0]
    return int(state >> np.uint64(1))


def run_id(point_index: int, replication: int) -> str:
    """Stable identity of a run, also its part-file name: p<point>-r<replication>."""
    return f"p{point_index:05d}-r{replication:05d}"


def plan_runs(config: ExperimentConfig) -> list[RunTask]:
    """Every run of the study, ordered by design point then replication."""
    outputs, series, derived, optional = _measures(config)
    tasks = []
    for point in design_points(config):
        for replication in range(config.replications):
            tasks.append(RunTask(
                run_id(point.index, replication), point.name, point.index, replication,
                run_seed(config.root_seed, point.index, replication,
                         config.common_random_numbers),
                point.params, outputs, series, derived, optional,
                {**config.assumptions, **point.assumptions}))
    return tasks


def _measures(config: ExperimentConfig) -> tuple[tuple[str, ...], tuple[str, ...],
                                                 tuple[tuple[str, str, tuple[str, ...]], ...],
                                                 frozenset[str]]:
    """What every run of a study measures: outputs, series, derived outcomes, optional."""
    outputs = tuple(n for n in config.outcome_names() if n not in {d.name for d in
                                                                    config.derived})
    series = tuple(config.series_names())
    derived = tuple((d.name, d.numerator, tuple(d.denominator)) for d in config.derived)
    optional = frozenset(region_only_names() & (set(outputs) | set(series)))
    return outputs, series, derived, optional


def ensemble_run_id(assumption_set: int, point_index: int, replication: int) -> str:
    """Identity of a run of an assumption ensemble: a<set>-p<point>-r<replication>."""
    return f"a{assumption_set:05d}-{run_id(point_index, replication)}"


def assumption_set_of(run_id_: str) -> int:
    """The assumption set of an ensemble run id (`ensemble_run_id`); -1 for other ids."""
    head = run_id_.split("-", 1)[0]
    return int(head[1:]) if head.startswith("a") and head[1:].isdigit() else -1


def plan_ensemble_runs(config: ExperimentConfig,
                       sets: list[dict[str, Any]]) -> list[RunTask]:
    """Every run of the study under each assumption set, ordered by set, point, replication.

    Set k's values are applied on top of the config's `[assumptions]` table, and a
    point's assumption factors on top of both (a set never varies an assumption the design
    varies: `lcsim robustness` refuses that). Seeds do not
    depend on the set: replication r of a point starts from the same random numbers under
    every set (common random numbers across sets, and across points when the config asks
    for them), so differences between sets come from the assumptions alone.
    """
    outputs, series, derived, optional = _measures(config)
    points = design_points(config)
    tasks = []
    for k, values in enumerate(sets):
        changes = {**config.assumptions, **values}
        for point in points:
            for replication in range(config.replications):
                tasks.append(RunTask(
                    ensemble_run_id(k, point.index, replication), point.name, point.index,
                    replication, run_seed(config.root_seed, point.index, replication,
                                          config.common_random_numbers),
                    point.params, outputs, series, derived, optional,
                    {**changes, **point.assumptions}))
    return tasks
