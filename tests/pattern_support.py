"""Replications for the pattern tests: common random numbers, paired statistics, a process pool.

Kept out of the test module so that worker processes (spawn) can import it by name.

A run depends only on its parameters, its seed and its intervention, so each such run is
computed once per test session and shared by every test that asks for it (the default
community over the first 20 or 24 seeds serves the patterns, governance and validity tests
alike). One pool of worker processes serves the whole session: spawning a worker costs
about as much as three default runs.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
from scipy import stats

from lcsim import LearningCommunityModel, Params

REPLICATIONS = 24
ROOT_SEED = 20261122
FUNDED = slice(1, 209)  # weeks 1-208: the default four funded years


def seeds(n: int = REPLICATIONS) -> list[int]:
    """Replication seeds shared by every scenario (common random numbers)."""
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(ROOT_SEED).spawn(n)]


@dataclass(frozen=True)
class Intervention:
    """Call `method(**kwargs)` on the model at the start of `week`."""

    week: int
    method: str
    kwargs: tuple = ()


def run_one(job: tuple[dict, int, Intervention | None, int | None]) -> dict:
    """One run: its summary, weekly series, and per-product landing records. With a number
    of weeks, the run stops after that many weeks (a test that reads only the start of a
    run need not pay for the rest); the summary is then that of the week it stopped."""
    overrides, seed, intervention, weeks = job
    model = LearningCommunityModel(rng=seed, **overrides)
    if intervention is not None:
        while model.steps < intervention.week:
            model.step()
        getattr(model, intervention.method)(**dict(intervention.kwargs))
    while model.running and (weeks is None or model.steps < weeks):
        model.step()
    series = model.datacollector.get_model_vars_dataframe()
    products = [
        {"codesigned": p.codesigned, "developed": p.week_developed,
         "landed_practice": p.landed_practice, "end": model.steps}
        for p in model.products]
    return {"summary": model.summary(), "series": series, "products": products}


# (Params, seed, intervention, weeks) -> the run's record; tests only read the records.
_runs: dict[tuple[Params, int, Intervention | None, int | None], dict] = {}
_pool: ProcessPoolExecutor | None = None


def _worker_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        workers = min(2, os.cpu_count() or 1)
        _pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    return _pool


def shutdown_pool() -> None:
    """End the session's worker processes (conftest calls this when the session ends)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None


def replicate(overrides: dict, intervention: Intervention | None = None,
              n: int = REPLICATIONS, weeks: int | None = None) -> list[dict]:
    """Runs of one scenario over the first `n` shared seeds, in a small process pool; runs
    already made in this session (same parameters, seed, intervention and length) are
    reused. `weeks` stops each run after that many weeks (None: the whole run)."""
    params = Params(**overrides)
    keys = [(params, seed, intervention, weeks) for seed in seeds(n)]
    missing = list(dict.fromkeys(key for key in keys if key not in _runs))
    if missing:
        jobs = [(overrides, seed, intervention, weeks) for _, seed, _, _ in missing]
        try:
            records = list(_worker_pool().map(run_one, jobs))
        except BrokenProcessPool:
            shutdown_pool()  # the next call starts a fresh pool
            raise
        _runs.update(zip(missing, records, strict=True))
    return [_runs[key] for key in keys]


def outcome(runs: list[dict], key: str) -> np.ndarray:
    """A summary outcome across replications."""
    return np.array([r["summary"][key] for r in runs])


def series_mean(runs: list[dict], key: str, weeks: slice = FUNDED) -> np.ndarray:
    """Per replication, the mean of a weekly series over `weeks`."""
    return np.array([r["series"][key].iloc[weeks].mean() for r in runs])


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.4g} [95% CI {self.low:.4g}, {self.high:.4g}]"


def mean_ci(values: np.ndarray, level: float = 0.95) -> Interval:
    """Mean with a t-based confidence interval."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    half = float(stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1)
                 / np.sqrt(len(values)))
    return Interval(mean, mean - half, mean + half)


def paired_ci(a: np.ndarray, b: np.ndarray) -> Interval:
    """CI of the mean paired difference a - b (same seeds: common random numbers)."""
    return mean_ci(np.asarray(a, float) - np.asarray(b, float))
