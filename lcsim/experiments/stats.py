"""Statistics for replicated simulation studies: what the mean is (with its 95% CI), how
runs spread (percentile bands), how scenarios differ (paired under common random numbers),
how large the difference is (Cohen's d, Vargha-Delaney A), whether two factors interact,
and which parameters matter (Sobol, Morris or RBD-FAST indices via SALib).

Two kinds of interval are kept apart on purpose: the CI says how precisely the mean is
known and shrinks with more replications; the band says how differently single runs
turn out and does not shrink.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

LEVEL = 0.95
BAND = (5.0, 95.0)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval and the number of values behind it."""

    value: float
    low: float
    high: float
    n: int

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of zero."""
        return bool(self.low > 0 or self.high < 0)


def _clean(values: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[~np.isnan(array)]


def _t_interval(mean: float, sd: float, n: int, level: float) -> Estimate:
    if n < 2:
        return Estimate(mean, math.nan, math.nan, n)
    half = scipy_stats.t.ppf(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """Mean and Student-t confidence interval of the mean (NaNs ignored)."""
    x = _clean(values)
    if x.size == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    sd = float(x.std(ddof=1)) if x.size > 1 else math.nan
    return _t_interval(float(x.mean()), sd, int(x.size), level)


def proportion_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """Share of ones and its Wilson score interval (sound also at 0% and 100%)."""
    x = _clean(values)
    n = int(x.size)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    p = float(x.mean())
    z = scipy_stats.norm.ppf(0.5 + level / 2)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n)


def is_binary(values: Sequence[float] | np.ndarray) -> bool:
    """True for a yes/no outcome, e.g. whether the community survived: every value is 0 or 1
    and some are 1 (an outcome that stayed 0 everywhere is just zero, not a share)."""
    x = _clean(values)
    return bool(x.size) and bool(np.isin(x, (0.0, 1.0)).all()) and bool((x == 1.0).any())


def outcome_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL,
               binary: bool | None = None) -> Estimate:
    """CI of the mean: Wilson for yes/no outcomes, Student t otherwise.

    Pass `binary` when the kind is known from all runs: a design point where no community
    survived is still a share (0%, Wilson CI 0 to 16% at n=20), not a constant.
    """
    binary = is_binary(values) if binary is None else binary
    return proportion_ci(values, level) if binary else mean_ci(values, level)


def percentile_band(values: Sequence[float] | np.ndarray,
                    band: tuple[float, float] = BAND) -> tuple[float, float]:
    """Spread across runs: the given percentiles of the values (not a CI)."""
    x = _clean(values)
    if x.size == 0:
        return (math.nan, math.nan)
    low, high = np.percentile(x, band)
    return (float(low), float(high))


def paired_difference(treatment: Sequence[float] | np.ndarray,
                      control: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """Mean of pairwise differences treatment - control, with a paired t CI.

    Pairs are positions in the two arrays (same replication seed under common random
    numbers); pairs with a missing value are dropped.
    """
    a = np.asarray(treatment, dtype=float)
    b = np.asarray(control, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired samples need equal lengths; got {a.size} and {b.size}")
    diff = _clean(a - b)
    return mean_ci(diff, level)


def welch_difference(treatment: Sequence[float] | np.ndarray,
                     control: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """Difference of means with a Welch CI (independent samples, unequal variances)."""
    a, b = _clean(treatment), _clean(control)
    return _contrast([(1.0, a), (-1.0, b)], level)


def _contrast(terms: list[tuple[float, np.ndarray]], level: float) -> Estimate:
    """A linear contrast of independent means with a Welch-Satterthwaite t interval."""
    if any(x.size == 0 for _, x in terms):
        return Estimate(math.nan, math.nan, math.nan, 0)
    value = float(sum(c * x.mean() for c, x in terms))
    n = int(min(x.size for _, x in terms))
    if any(x.size < 2 for _, x in terms):
        return Estimate(value, math.nan, math.nan, n)
    parts = [c * c * x.var(ddof=1) / x.size for c, x in terms]
    variance = float(sum(parts))
    if variance == 0:
        return Estimate(value, value, value, n)
    df = variance ** 2 / sum(p * p / (x.size - 1) for p, (_, x) in zip(parts, terms,
                                                                        strict=True))
    half = scipy_stats.t.ppf(0.5 + level / 2, df) * math.sqrt(variance)
    return Estimate(value, value - half, value + half, n)


def cohens_d(treatment: Sequence[float] | np.ndarray,
             control: Sequence[float] | np.ndarray) -> float:
    """Standardised mean difference (treatment - control) / pooled SD; NaN without spread."""
    a, b = _clean(treatment), _clean(control)
    if a.size < 2 or b.size < 2:
        return math.nan
    pooled = ((a.size - 1) * a.var(ddof=1) + (b.size - 1) * b.var(ddof=1)) / (a.size + b.size
                                                                              - 2)
    if pooled == 0:
        return math.nan
    return float((a.mean() - b.mean()) / math.sqrt(pooled))


def vargha_delaney_a(treatment: Sequence[float] | np.ndarray,
                     control: Sequence[float] | np.ndarray) -> float:
    """Probability that a treatment run beats a control run (ties count half); 0.5 = no effect."""
    a, b = _clean(treatment), _clean(control)
    if a.size == 0 or b.size == 0:
        return math.nan
    greater = (a[:, None] > b[None, :]).sum()
    equal = (a[:, None] == b[None, :]).sum()
    return float((greater + 0.5 * equal) / (a.size * b.size))


def effect_label(a: float) -> str:
    """Vargha and Delaney's (2000) verbal labels for A: negligible, small, medium, large."""
    if math.isnan(a):
        return "n/a"
    distance = abs(a - 0.5)
    if distance < 0.06:
        return "negligible"
    if distance < 0.14:
        return "small"
    if distance < 0.21:
        return "medium"
    return "large"


def interaction_contrast(y11: np.ndarray, y10: np.ndarray, y01: np.ndarray, y00: np.ndarray,
                         *, paired: bool, level: float = LEVEL) -> Estimate:
    """Difference of differences (y11 - y10) - (y01 - y00), with a CI.

    With `paired` (common random numbers) the contrast is taken per replication and a t CI
    is used; otherwise a Welch-Satterthwaite CI for four independent means.
    """
    arrays = [np.asarray(y, dtype=float) for y in (y11, y10, y01, y00)]
    if paired:
        return mean_ci(arrays[0] - arrays[1] - arrays[2] + arrays[3], level)
    return _contrast([(1.0, _clean(arrays[0])), (-1.0, _clean(arrays[1])),
                      (-1.0, _clean(arrays[2])), (1.0, _clean(arrays[3]))], level)


# --------------------------------------------------------------------------- tables
def ok_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs that finished without error."""
    return runs[runs["status"] == "ok"]


def summarize(runs: pd.DataFrame, outcomes: Sequence[str], level: float = LEVEL,
              band: tuple[float, float] = BAND) -> pd.DataFrame:
    """Per design point and outcome: mean with CI, median and percentile band of runs."""
    rows = []
    failed = runs[runs["status"] != "ok"].groupby("point_index").size()
    binary = {o: is_binary(ok_runs(runs)[o]) for o in outcomes}
    for (index, point), group in ok_runs(runs).groupby(["point_index", "point"], sort=True):
        for outcome in outcomes:
            values = group[outcome].to_numpy(dtype=float)
            ci = outcome_ci(values, level, binary[outcome])
            low, high = percentile_band(values, band)
            rows.append({"point_index": index, "point": point, "outcome": outcome,
                         "n": ci.n, "failed": int(failed.get(index, 0)), "mean": ci.value,
                         "ci_low": ci.low, "ci_high": ci.high,
                         "median": float(np.nanmedian(values)) if ci.n else math.nan,
                         "band_low": low, "band_high": high})
    return pd.DataFrame(rows)


def _by_replication(runs: pd.DataFrame, point: str, outcome: str) -> pd.Series:
    group = ok_runs(runs)
    group = group[group["point"] == point]
    return group.set_index("replication")[outcome].astype(float)


def compare_with_baseline(runs: pd.DataFrame, outcomes: Sequence[str], baseline: str,
                          *, paired: bool, level: float = LEVEL) -> pd.DataFrame:
    """Every design point against the baseline: difference with CI, Cohen's d and A.

    Paired by replication when common random numbers were used; Welch otherwise.
    """
    rows = []
    points = ok_runs(runs)[["point_index", "point"]].drop_duplicates().sort_values(
        "point_index")
    for index, point in points.itertuples(index=False):
        if point == baseline:
            continue
        for outcome in outcomes:
            treated = _by_replication(runs, point, outcome)
            control = _by_replication(runs, baseline, outcome)
            if paired:
                both = treated.index.intersection(control.index)
                diff = paired_difference(treated.loc[both].to_numpy(),
                                         control.loc[both].to_numpy(), level)
            else:
                diff = welch_difference(treated.to_numpy(), control.to_numpy(), level)
            a = vargha_delaney_a(treated.to_numpy(), control.to_numpy())
            rows.append({"point_index": index, "point": point, "outcome": outcome,
                         "n": diff.n, "difference": diff.value, "ci_low": diff.low,
                         "ci_high": diff.high, "cohens_d": cohens_d(treated.to_numpy(),
                                                                    control.to_numpy()),
                         "vd_a": a, "effect": effect_label(a), "paired": paired})
    return pd.DataFrame(rows)


def grid_interactions(runs: pd.DataFrame, factor_a: str, factor_b: str,
                      outcomes: Sequence[str], *, paired: bool,
                      level: float = LEVEL) -> pd.DataFrame:
    """Does the effect of factor A (first level -> each other level) depend on factor B?

    Compares B's last level with its first. Columns: effect of A at each B level and the
    interaction (difference of the two effects) with CIs. Factors are `param_` columns.
    """
    ok = ok_runs(runs)
    col_a, col_b = f"param_{factor_a}", f"param_{factor_b}"
    levels_a = sorted(ok[col_a].unique())
    levels_b = sorted(ok[col_b].unique())
    if len(levels_a) < 2 or len(levels_b) < 2:
        return pd.DataFrame()
    a0, b0, b1 = levels_a[0], levels_b[0], levels_b[-1]
    rows = []

    def cell(a: Any, b: Any, outcome: str) -> pd.Series:
        chosen = ok[(ok[col_a] == a) & (ok[col_b] == b)]
        return chosen.set_index("replication")[outcome].astype(float)

    for outcome in outcomes:
        for a1 in levels_a[1:]:
            y = {key: cell(a, b, outcome) for key, (a, b) in
                 {"11": (a1, b1), "10": (a0, b1), "01": (a1, b0), "00": (a0, b0)}.items()}
            if paired:
                common = y["11"].index
                for series in y.values():
                    common = common.intersection(series.index)
                arrays = {k: v.loc[common].to_numpy() for k, v in y.items()}
                at_b0 = paired_difference(arrays["01"], arrays["00"], level)
                at_b1 = paired_difference(arrays["11"], arrays["10"], level)
            else:
                arrays = {k: v.to_numpy() for k, v in y.items()}
                at_b0 = welch_difference(arrays["01"], arrays["00"], level)
                at_b1 = welch_difference(arrays["11"], arrays["10"], level)
            inter = interaction_contrast(arrays["11"], arrays["10"], arrays["01"], arrays["00"],
                                         paired=paired, level=level)
            rows.append({"outcome": outcome, "factor_a": factor_a, "a_from": a0, "a_to": a1,
                         "factor_b": factor_b, "b_low": b0, "b_high": b1,
                         "effect_at_b_low": at_b0.value, "effect_at_b_low_ci_low": at_b0.low,
                         "effect_at_b_low_ci_high": at_b0.high,
                         "effect_at_b_high": at_b1.value, "effect_at_b_high_ci_low": at_b1.low,
                         "effect_at_b_high_ci_high": at_b1.high,
                         "interaction": inter.value, "ci_low": inter.low,
                         "ci_high": inter.high, "n": inter.n, "paired": paired})
    return pd.DataFrame(rows)


def weekly_bands(timeseries: pd.DataFrame, series: str, level: float = LEVEL,
                 band: tuple[float, float] = BAND, by: str | None = "point") -> pd.DataFrame:
    """Per design point (or overall with by=None) and week: mean with CI, median and band."""
    keys = [by, "week"] if by else ["week"]
    grouped = timeseries.groupby(keys, sort=True)[series]
    out = grouped.agg(["mean", "std", "count", "median"])
    out["band_low"] = grouped.quantile(band[0] / 100)
    out["band_high"] = grouped.quantile(band[1] / 100)
    n = out["count"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n > 1, scipy_stats.t.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), np.nan)
        half = t * out["std"].to_numpy(dtype=float) / np.sqrt(n)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out.reset_index()


# --------------------------------------------------------------------------- sensitivity
def point_means(runs: pd.DataFrame, outcome: str, n_points: int) -> np.ndarray:
    """Mean outcome per design point over its ok replications, in design order (NaN if none)."""
    means = ok_runs(runs).groupby("point_index")[outcome].mean()
    return means.reindex(range(n_points)).to_numpy(dtype=float)


def sensitivity(method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *,
                second_order: bool = False, levels: int = 4, seed: int = 0,
                level: float = LEVEL) -> pd.DataFrame:
    """Sensitivity indices of one outcome via SALib, tidy: parameter, index, value, conf.

    morris -> mu_star (mean absolute elementary effect) and sigma; sobol -> S1 and ST
    (first-order and total shares of variance); latin -> S1 by RBD-FAST.
    """
    if np.isnan(y).any():
        raise ValueError(f"{int(np.isnan(y).sum())} design point(s) have no finished run")
    if np.nanstd(y) == 0:
        raise ValueError("the outcome does not vary across the sample")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(problem, x, y, num_levels=levels, conf_level=level,
                                 seed=seed, print_to_console=False)
            pairs = [("mu_star", "mu_star_conf"), ("sigma", None), ("mu", None)]
        elif method == "sobol":
            from SALib.analyze import sobol

            res = sobol.analyze(problem, y, calc_second_order=second_order, conf_level=level,
                                seed=seed, print_to_console=False)
            pairs = [("S1", "S1_conf"), ("ST", "ST_conf")]
        else:
            from SALib.analyze import rbd_fast

            res = rbd_fast.analyze(problem, x, y, conf_level=level, seed=seed,
                                   print_to_console=False)
            pairs = [("S1", "S1_conf")]
    rows = []
    for i, name in enumerate(problem["names"]):
        for index, conf in pairs:
            rows.append({"parameter": name, "index": index, "value": float(res[index][i]),
                         "conf": float(res[conf][i]) if conf else math.nan})
    return pd.DataFrame(rows)
