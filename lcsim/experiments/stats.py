"""Statistics for replicated simulation studies: what the mean is (with its 95% CI), how
runs spread (percentile bands), how scenarios differ (paired under common random numbers),
how large the difference is (Cohen's d, Vargha-Delaney A), whether two factors interact,
and which parameters matter (Sobol, Morris or RBD-FAST indices via SALib).

Two kinds of interval are kept apart on purpose: the CI says how precisely the mean is
known and shrinks with more replications; the band says how differently single runs
turn out and does not shrink.

Every interval is correct by construction: it contains its estimate (`Estimate` moves a
bound that a rounding error put on the wrong side of the value onto it), it lies inside
the range the quantity can take (`OutcomeKind`: a mean of an outcome that cannot be
negative gets no negative bound), yes/no outcomes get Wilson intervals and differences of
two shares Newcombe's, both from statsmodels.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import special
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from lcsim import outputs
from lcsim.experiments.levels import factor_column

LEVEL = 0.95
SIGNIFICANCE = 1 - LEVEL  # for tests, after Holm's correction where many are made at once
BAND = (5.0, 95.0)

# The model's yes/no outcomes: 0 or 1 in every run of a single community, read from the
# kind each output declares in lcsim/outputs.py (docs/ODD.md, "Outputs": `survived` has
# the unit "0 or 1"). Known from the model, never guessed from the data: a design point
# where no community survived is still a share (0 of 6, Wilson 0% to 39%), not a constant.
YES_NO_OUTCOMES = outputs.yes_no_outputs()
# Runs with more communities than this are regions (lcsim.ecosystem.RegionModel), whose
# `survived` is the share of their communities still active: a mean, not a yes/no.
REGION_COLUMN = "param_n_communities"


@dataclass(frozen=True)
class OutcomeKind:
    """What values an outcome can take, from the model's definition (not from the data).

    Attributes:
        yes_no: 0 or 1 in every run; its mean is a share and gets a Wilson interval.
        low: smallest possible value (0 for every lcsim outcome), or -inf.
        high: largest possible value, or inf.
        share_of: for a share of several things per run (the share of a region's
            communities still active), the runs column that counts them
            (`param_n_communities`); its mean gets a pooled interval (`pooled_share_ci`).
    """

    yes_no: bool = False
    low: float = -math.inf
    high: float = math.inf
    share_of: str = ""


ANY = OutcomeKind()


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval and the number of values behind it.

    The interval always contains the value: a bound that lies on the wrong side of it (a
    rounding error of a library formula, as in a Wilson bound of 0.9999999999999999 for
    10 of 10) is moved onto the value. A bound that cannot be computed is NaN.
    """

    value: float
    low: float
    high: float
    n: int

    def __post_init__(self) -> None:
        if not math.isnan(self.value):
            if self.low > self.value:
                object.__setattr__(self, "low", self.value)
            if self.high < self.value:
                object.__setattr__(self, "high", self.value)

    @property
    def excludes_zero(self) -> bool:
        """True when the whole interval lies on one side of zero."""
        return bool(self.low > 0 or self.high < 0)

    def within(self, low: float = -math.inf, high: float = math.inf) -> Estimate:
        """The same estimate with its interval cut to [low, high], the range the quantity
        can take (cutting to the possible range keeps the coverage; NaN bounds stay NaN)."""
        return Estimate(self.value, _clip(self.low, low, high), _clip(self.high, low, high),
                        self.n)


def _clip(x: float, low: float, high: float) -> float:
    return x if math.isnan(x) else min(max(x, low), high)


def _clean(values: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[~np.isnan(array)]


def t_quantile(q: float, df: float | np.ndarray) -> float | np.ndarray:
    """Student's t quantile: `scipy.stats.t.ppf(q, df)`, computed by the function that
    `t.ppf` itself calls (`scipy.special.stdtrit`), without the argument checks that make
    `t.ppf` about 40 times slower (NaN for df <= 0 either way). A report makes thousands."""
    return special.stdtrit(df, q)


def _t_interval(mean: float, sd: float, n: int, level: float) -> Estimate:
    if n < 2:
        return Estimate(mean, math.nan, math.nan, n)
    half = t_quantile(0.5 + level / 2, n - 1) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL,
            kind: OutcomeKind = ANY) -> Estimate:
    """Mean and Student-t confidence interval of the mean (NaNs ignored).

    Args:
        values: one value per run.
        level: confidence level, e.g. 0.95.
        kind: the range the outcome can take; the interval is cut to it (an outcome that
            cannot be negative gets no negative bound).

    Returns:
        The mean with its CI; bounds are NaN below two values, all NaN without values.
    """
    x = _clean(values)
    if x.size == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    sd = float(x.std(ddof=1)) if x.size > 1 else math.nan
    return _t_interval(float(x.mean()), sd, int(x.size), level).within(kind.low, kind.high)


def wilson(count: int, n: int, level: float = LEVEL) -> Estimate:
    """Share count/n with its Wilson score interval (statsmodels), sound at 0/n and n/n.

    Raises:
        ValueError: when count is not between 0 and n.
    """
    if not 0 <= count <= n:
        raise ValueError(f"a count of yes answers must lie between 0 and {n}; got {count}")
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    low, high = proportion_confint(count, n, alpha=1 - level, method="wilson")
    return Estimate(count / n, float(low), float(high), n).within(0.0, 1.0)


def _yes_no(values: Sequence[float] | np.ndarray) -> np.ndarray:
    x = _clean(values)
    if not np.isin(x, (0.0, 1.0)).all():
        raise ValueError("a yes/no outcome must be 0 or 1 in every run; got "
                         f"{sorted(set(x[~np.isin(x, (0.0, 1.0))].tolist()))[:3]}")
    return x


def proportion_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """Share of ones among 0/1 values (NaNs ignored) with its Wilson score interval.

    Raises:
        ValueError: when a value is neither 0 nor 1.
    """
    x = _yes_no(values)
    return wilson(int(x.sum()), int(x.size), level)


def outcome_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL,
               kind: OutcomeKind = ANY) -> Estimate:
    """CI of the mean: Wilson for yes/no outcomes, Student t cut to the outcome's range
    otherwise. The kind comes from the model (`outcome_kinds`), never from the values."""
    return proportion_ci(values, level) if kind.yes_no else mean_ci(values, level, kind)


def outcome_kinds(runs: pd.DataFrame, outcomes: Sequence[str],
                  derived: Collection[str] = ()) -> dict[str, OutcomeKind]:
    """What each outcome can take, from the model's definitions (lcsim/outputs.py).

    Every output of lcsim's models is 0 or more (value and experience units, counts,
    codes); shares and levels lie in 0-1; yes/no outputs are 0 or 1 per run. Derived
    outcomes divide one by a sum of outputs or parameters, none of which is negative, so
    they are 0 or more too. `survived` is yes/no in runs of one community and a share of
    communities (0 to 1, not yes/no) in regions. Columns the model does not define get
    no range.

    Args:
        runs: runs.parquet as a frame (its `param_n_communities` tells regions apart).
        outcomes: outcome column names.
        derived: names of derived outcomes of the study config.
    """
    regions = REGION_COLUMN in runs.columns and bool(
        (pd.to_numeric(runs[REGION_COLUMN], errors="coerce") > 1).any())
    ceilings = count_ceilings(runs)
    kinds = {}
    for name in outcomes:
        meta = outputs.output(name, region=regions)
        if meta is not None:
            share_of = REGION_COLUMN if regions and outputs.output(name).yes_no else ""
            kinds[name] = OutcomeKind(yes_no=meta.yes_no, low=meta.low,
                                      high=min(meta.high, ceilings.get(name, math.inf)),
                                      share_of=share_of)
        elif name in derived:
            kinds[name] = OutcomeKind(low=0.0)
        else:
            kinds[name] = ANY
    return kinds


# Outputs that count a community's organisations of one kind: they cannot exceed the
# number of organisations of that kind the community has (a region's communities share
# one set of organisations, and a region counts each organisation once).
ORGANISATION_COUNTS = {"care_organisations_using": "CARE_PROVIDER", "schools_using": "SCHOOL"}
# Outputs that count a region's communities: at most the communities it has.
COMMUNITY_COUNTS = ("communities_surviving", "n_communities")


def count_ceilings(runs: pd.DataFrame) -> dict[str, float]:
    """The most each bounded count of these runs can be: care organisations and schools
    using a product (`organisation_ceilings`) and, in regions, the communities still
    active (the runs' largest `n_communities`). For a group of runs of one setting these
    are that setting's own ceilings."""
    ceilings = organisation_ceilings(runs)
    if REGION_COLUMN in runs.columns:
        sizes = pd.to_numeric(runs[REGION_COLUMN], errors="coerce").dropna()
        if len(sizes):
            ceilings.update(dict.fromkeys(COMMUNITY_COUNTS, float(sizes.max())))
    return ceilings


def capped(kind: OutcomeKind, ceiling: float | None) -> OutcomeKind:
    """`kind` with its highest value lowered to `ceiling` (a setting's own ceiling)."""
    if ceiling is None or kind.yes_no or ceiling >= kind.high:
        return kind
    return dataclasses.replace(kind, high=ceiling)


def organisation_ceilings(runs: pd.DataFrame) -> dict[str, float]:
    """The most care organisations and schools a community of these runs has, the ceiling
    of `care_organisations_using` and `schools_using`: counted in a community the model
    builds with the runs' largest `n_organisations` (the default when not stored)."""
    column = "param_n_organisations"
    values = pd.to_numeric(runs[column], errors="coerce").dropna() \
        if column in runs.columns else pd.Series(dtype=float)
    return dict(_organisation_ceilings(int(values.max()) if len(values) else None))


@functools.cache
def _organisation_ceilings(n_organisations: int | None) -> dict[str, float]:
    from lcsim.agents import OrganisationKind
    from lcsim.model import LearningCommunityModel
    from lcsim.params import ParameterError, Params

    try:
        params = Params() if n_organisations is None else Params(
            n_organisations=n_organisations)
        kinds = LearningCommunityModel(params, rng=0).org_kind
    except ParameterError:
        return {}
    return {name: float((kinds == OrganisationKind[kind]).sum())
            for name, kind in ORGANISATION_COUNTS.items()}


def pooled_share_ci(shares: Sequence[float] | np.ndarray, sizes: Sequence[float] | np.ndarray,
                    level: float = LEVEL) -> Estimate:
    """The mean of per-run shares of several things (say, the share of a region's
    communities still active, `sizes` communities in each run), with an interval that is
    never zero-width.

    The interval covers both the Wilson interval of the pooled count (communities still
    active of all communities in all runs) and the Student t interval of the per-run
    shares: Wilson alone would treat the communities of one region as independent, which
    they are not when they share members; t alone is zero-width when every run agrees.
    When every run has one thing (a single community) this is exactly the Wilson interval
    of a yes/no outcome. NaNs are ignored; `n` counts runs.
    """
    x = np.asarray(shares, dtype=float)
    m = np.asarray(sizes, dtype=float)
    if x.shape != m.shape:
        raise ValueError(f"one size per share is needed; got {m.size} for {x.size}")
    keep = ~(np.isnan(x) | np.isnan(m))
    x, m = x[keep], m[keep]
    if x.size == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    pooled = wilson(int(np.rint(x * m).sum()), int(m.sum()), level)
    if (m == 1).all():
        return Estimate(pooled.value, pooled.low, pooled.high, int(x.size))
    spread = mean_ci(x, level).within(0.0, 1.0)
    low = min(pooled.low, spread.low) if not math.isnan(spread.low) else pooled.low
    high = max(pooled.high, spread.high) if not math.isnan(spread.high) else pooled.high
    return Estimate(float(x.mean()), low, high, int(x.size)).within(0.0, 1.0)


def mover(terms: Sequence[tuple[float, Estimate]]) -> Estimate:
    """A linear contrast, sum of c * estimate, with Zou and Donner's (2008) MOVER interval
    built from the estimates' own intervals (for +1 and -1 times two Wilson intervals this
    is Newcombe's hybrid score interval). It treats the estimates as independent, so for
    runs paired by seed it errs on the wide side."""
    if not terms or any(e.n == 0 or math.isnan(e.low) or math.isnan(e.high)
                        for _, e in terms):
        return Estimate(math.nan, math.nan, math.nan, 0)
    value = sum(c * e.value for c, e in terms)
    below = math.sqrt(sum((c * e.value - min(c * e.low, c * e.high)) ** 2 for c, e in terms))
    above = math.sqrt(sum((max(c * e.low, c * e.high) - c * e.value) ** 2 for c, e in terms))
    return Estimate(value, value - below, value + above, min(e.n for _, e in terms))


def share_of_ci(values: Sequence[float] | np.ndarray, kind: OutcomeKind,
                sizes: Sequence[float] | np.ndarray | None = None,
                level: float = LEVEL) -> Estimate:
    """CI of the mean of a share outcome: `pooled_share_ci` when it is a share of several
    things per run and their counts are known (`sizes`), otherwise `outcome_ci`."""
    if kind.share_of and sizes is not None:
        return pooled_share_ci(values, sizes, level)
    return outcome_ci(values, level, kind)


def share_difference(treatment: Sequence[float] | np.ndarray,
                     control: Sequence[float] | np.ndarray,
                     treatment_sizes: Sequence[float] | np.ndarray,
                     control_sizes: Sequence[float] | np.ndarray, *, paired: bool,
                     level: float = LEVEL) -> Estimate:
    """Difference of two shares of several things per run (regions): Newcombe's interval
    (`proportion_difference`) when every run has one thing, otherwise the MOVER
    combination of the two `pooled_share_ci` intervals; never zero-width, within -1..1."""
    a, b = np.asarray(treatment, dtype=float), np.asarray(control, dtype=float)
    ma, mb = np.asarray(treatment_sizes, dtype=float), np.asarray(control_sizes, dtype=float)
    if np.nan_to_num(ma, nan=1.0).max(initial=1) <= 1 and \
            np.nan_to_num(mb, nan=1.0).max(initial=1) <= 1:
        return proportion_difference(a, b, paired=paired, level=level)
    first, second = pooled_share_ci(a, ma, level), pooled_share_ci(b, mb, level)
    return mover([(1.0, first), (-1.0, second)]).within(-1.0, 1.0)


def percentile_band(values: Sequence[float] | np.ndarray,
                    band: tuple[float, float] = BAND) -> tuple[float, float]:
    """Spread across runs: the given percentiles of the values (not a CI). Whole numbers
    (counts of products, members, organisations) keep to values that runs had, the band
    widened to the nearest of them, so no run is said to have 0.45 products."""
    x = _clean(values)
    if x.size == 0:
        return (math.nan, math.nan)
    if np.all(x == np.round(x)):
        return (float(np.percentile(x, band[0], method="lower")),
                float(np.percentile(x, band[1], method="higher")))
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


def newcombe_paired(a: int, b: int, c: int, d: int, level: float = LEVEL) -> Estimate:
    """Difference of two paired shares with Newcombe's (1998) method 10 interval.

    The pairs are the same replication seed at two design points (common random numbers):
    a = yes at both, b = yes in the first only, c = yes in the second only, d = no at
    both; the difference is (a + b)/n - (a + c)/n. statsmodels has no paired Newcombe
    interval, so it is built from statsmodels' Wilson limits of the two shares, combined
    with the correlation estimate phi of method 10 (Newcombe 1998, Stat Med 17:2635; the
    "square-and-add" interval of Fagerland, Lydersen and Laake). Cut to -1..1.

    Raises:
        ValueError: for a negative count.
    """
    if min(a, b, c, d) < 0:
        raise ValueError(f"counts of pairs cannot be negative; got {(a, b, c, d)}")
    n = a + b + c + d
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    first, second = wilson(a + b, n, level), wilson(a + c, n, level)
    p1, l1, u1 = first.value, first.low, first.high
    p2, l2, u2 = second.value, second.low, second.high
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    phi = 0.0
    if margins > 0:
        excess = a * d - b * c
        # Method 10's continuity-adjusted numerator: ad - bc - n/2 above n/2, 0 up to it.
        excess = excess - n / 2 if excess > n / 2 else (0.0 if excess >= 0 else excess)
        phi = excess / math.sqrt(margins)
    below = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2)
                          + (u2 - p2) ** 2))
    above = math.sqrt(max(0.0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1)
                          + (u1 - p1) ** 2))
    diff = p1 - p2
    return Estimate(diff, diff - below, diff + above, n).within(-1.0, 1.0)


def proportion_difference(treatment: Sequence[float] | np.ndarray,
                          control: Sequence[float] | np.ndarray, *, paired: bool,
                          level: float = LEVEL) -> Estimate:
    """Share of ones in treatment minus share in control, with Newcombe's interval.

    Paired (common random numbers; pairs are positions, pairs with a missing value are
    dropped): method 10 for paired data (`newcombe_paired`). Unpaired: statsmodels'
    hybrid score interval (`confint_proportions_2indep(method="newcomb")`). Both lie
    within -1..1 (-100 to +100 percentage points).

    Raises:
        ValueError: when a value is neither 0 nor 1, or paired samples differ in length.
    """
    if paired:
        x = np.asarray(treatment, dtype=float)
        y = np.asarray(control, dtype=float)
        if x.shape != y.shape:
            raise ValueError(f"paired samples need equal lengths; got {x.size} and {y.size}")
        keep = ~(np.isnan(x) | np.isnan(y))
        x, y = _yes_no(x[keep]), _yes_no(y[keep])
        return newcombe_paired(int(((x == 1) & (y == 1)).sum()),
                               int(((x == 1) & (y == 0)).sum()),
                               int(((x == 0) & (y == 1)).sum()),
                               int(((x == 0) & (y == 0)).sum()), level)
    x, y = _yes_no(treatment), _yes_no(control)
    if x.size == 0 or y.size == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    low, high = confint_proportions_2indep(int(x.sum()), int(x.size), int(y.sum()),
                                           int(y.size), method="newcomb", compare="diff",
                                           alpha=1 - level)
    return Estimate(float(x.mean() - y.mean()), float(low), float(high),
                    int(min(x.size, y.size))).within(-1.0, 1.0)


def share_contrast(terms: Sequence[tuple[float, Sequence[float] | np.ndarray]],
                   level: float = LEVEL) -> Estimate:
    """A linear contrast of shares, sum of c * share, with a MOVER-Wilson interval.

    Each share gets its Wilson interval (statsmodels) and the intervals are combined by
    Zou and Donner's (2008) method of variance estimates recovery; for two shares with
    coefficients +1 and -1 this is exactly Newcombe's hybrid score interval. It treats the
    shares as independent, so under common random numbers it is conservative (wider).
    Unlike a t interval it is not zero-width when every run agrees. Cut to the contrast's
    range, -sum|c| to +sum|c|.

    Raises:
        ValueError: when a value is neither 0 nor 1.
    """
    shares = [(c, wilson(int(x.sum()), int(x.size), level)) for c, x in
              ((c, _yes_no(values)) for c, values in terms)]
    reach = sum(abs(c) for c, _ in shares)
    return mover(shares).within(-reach, reach)


def difference(treatment: Sequence[float] | np.ndarray, control: Sequence[float] | np.ndarray,
               *, paired: bool, kind: OutcomeKind = ANY, level: float = LEVEL,
               sizes: tuple[Sequence[float], Sequence[float]] | None = None) -> Estimate:
    """Treatment minus control: Newcombe for yes/no outcomes, `share_difference` for a
    share of several things per run when their counts (`sizes`, treatment's and
    control's) are given, else paired t or Welch, cut to what a difference of the outcome
    can be (at most 4 fewer care organisations out of 4)."""
    if kind.share_of and sizes is not None:
        return share_difference(treatment, control, sizes[0], sizes[1], paired=paired,
                                level=level)
    if kind.yes_no:
        return proportion_difference(treatment, control, paired=paired, level=level)
    widest = kind.high - kind.low  # a difference cannot exceed the outcome's range
    if paired:
        return paired_difference(treatment, control, level).within(-widest, widest)
    return welch_difference(treatment, control, level).within(-widest, widest)


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
    half = t_quantile(0.5 + level / 2, df) * math.sqrt(variance)
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
                         *, paired: bool, level: float = LEVEL,
                         kind: OutcomeKind = ANY) -> Estimate:
    """Difference of differences (y11 - y10) - (y01 - y00), with a CI.

    With `paired` (common random numbers) the contrast is taken per replication and a t CI
    is used; otherwise a Welch-Satterthwaite CI for four independent means. For a yes/no
    outcome it is a contrast of four shares (-2..2) with a MOVER-Wilson interval
    (`share_contrast`), which a t interval would make zero-width when all runs agree.
    """
    arrays = [np.asarray(y, dtype=float) for y in (y11, y10, y01, y00)]
    if kind.yes_no:
        return share_contrast(list(zip((1.0, -1.0, -1.0, 1.0), arrays, strict=True)), level)
    if paired:
        return mean_ci(arrays[0] - arrays[1] - arrays[2] + arrays[3], level)
    return _contrast([(1.0, _clean(arrays[0])), (-1.0, _clean(arrays[1])),
                      (-1.0, _clean(arrays[2])), (1.0, _clean(arrays[3]))], level)


# --------------------------------------------------------------------------- tables
def ok_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Runs that finished without error."""
    return runs[runs["status"] == "ok"]


def summarize(runs: pd.DataFrame, outcomes: Sequence[str], level: float = LEVEL,
              band: tuple[float, float] = BAND,
              kinds: Mapping[str, OutcomeKind] | None = None) -> pd.DataFrame:
    """Per design point and outcome: mean with CI, median and percentile band of runs.

    `kinds` (from `outcome_kinds`) says which outcomes are yes/no (Wilson CI) and which
    range each can take; outcomes it does not name get a plain t CI.
    """
    kinds = kinds or {}
    rows = []
    failed = runs[runs["status"] != "ok"].groupby("point_index").size()
    for (index, point), group in ok_runs(runs).groupby(["point_index", "point"], sort=True):
        ceilings = count_ceilings(group)
        for outcome in outcomes:
            values = group[outcome].to_numpy(dtype=float)
            kind = capped(kinds.get(outcome, ANY), ceilings.get(outcome))
            ci = share_of_ci(values, kind, sizes_of(group, kind), level)
            low, high = percentile_band(values, band)
            rows.append({"point_index": index, "point": point, "outcome": outcome,
                         "n": ci.n, "failed": int(failed.get(index, 0)), "mean": ci.value,
                         "ci_low": ci.low, "ci_high": ci.high, "ceiling": kind.high,
                         "median": float(np.nanmedian(values)) if ci.n else math.nan,
                         "band_low": low, "band_high": high})
    return pd.DataFrame(rows)


def sizes_of(runs: pd.DataFrame, kind: OutcomeKind) -> np.ndarray | None:
    """How many things each run's share is of (`OutcomeKind.share_of`), or None when the
    outcome is no such share or the runs do not say."""
    if not kind.share_of or kind.share_of not in runs.columns:
        return None
    return pd.to_numeric(runs[kind.share_of], errors="coerce").to_numpy(dtype=float)


def compare_with_baseline(runs: pd.DataFrame, outcomes: Sequence[str], baseline: str,
                          *, paired: bool, level: float = LEVEL,
                          kinds: Mapping[str, OutcomeKind] | None = None) -> pd.DataFrame:
    """Every design point against the baseline: difference with CI, Cohen's d and A.

    Paired by replication when common random numbers were used; Welch otherwise. For
    yes/no outcomes (`kinds`) the difference of shares gets Newcombe's interval (method 10
    for paired data, the hybrid score interval otherwise).
    """
    points = ok_runs(runs)[["point_index", "point"]].drop_duplicates().sort_values(
        "point_index")
    pairs = [(point, baseline) for point in points["point"] if point != baseline]
    return compare_pairs(runs, pairs, outcomes, paired=paired, level=level, kinds=kinds)


def compare_pairs(runs: pd.DataFrame, pairs: Sequence[tuple[str, str]],
                  outcomes: Sequence[str], *, paired: bool, level: float = LEVEL,
                  kinds: Mapping[str, OutcomeKind] | None = None) -> pd.DataFrame:
    """Each (point, control) pair of design points: point minus control, with CI, Cohen's
    d and Vargha-Delaney A, as `compare_with_baseline` computes them.

    Columns: point_index, point, control, outcome, n, difference, ci_low, ci_high,
    cohens_d, vd_a, effect, paired. Pairs are matched by replication when `paired`.
    """
    kinds = kinds or {}
    index_of = dict(zip(runs["point"], runs["point_index"], strict=False))
    by_point = {point: group.set_index("replication")
                for point, group in ok_runs(runs).groupby("point", sort=False)}
    ceilings = {point: count_ceilings(group) for point, group in by_point.items()}
    empty = pd.DataFrame(columns=list(outcomes), dtype=float)
    rows = []
    for point, control in pairs:
        for outcome in outcomes:
            first = by_point.get(point, empty)
            second = by_point.get(control, empty)
            if paired:
                both = first.index.intersection(second.index)
                first, second = first.loc[both], second.loc[both]
            treated, base = first[outcome].astype(float), second[outcome].astype(float)
            kind = kinds.get(outcome, ANY)
            sizes = (sizes_of(first, kind), sizes_of(second, kind))
            diff = difference(treated.to_numpy(), base.to_numpy(), paired=paired,
                              kind=kind, level=level,
                              sizes=None if sizes[0] is None or sizes[1] is None else sizes)
            if not kind.yes_no:  # from all of the control's ceiling fewer to all more
                top = capped(kind, ceilings.get(point, {}).get(outcome)).high
                floor = capped(kind, ceilings.get(control, {}).get(outcome)).high
                diff = diff.within(kind.low - floor, top - kind.low)
            a = vargha_delaney_a(treated.to_numpy(), base.to_numpy())
            rows.append({"point_index": index_of.get(point), "point": point,
                         "control": control, "outcome": outcome,
                         "n": diff.n, "difference": diff.value, "ci_low": diff.low,
                         "ci_high": diff.high, "cohens_d": cohens_d(treated.to_numpy(),
                                                                    base.to_numpy()),
                         "vd_a": a, "effect": effect_label(a), "paired": paired})
    return pd.DataFrame(rows)


def grid_interactions(runs: pd.DataFrame, factor_a: str, factor_b: str,
                      outcomes: Sequence[str], *, paired: bool, level: float = LEVEL,
                      kinds: Mapping[str, OutcomeKind] | None = None) -> pd.DataFrame:
    """Does the effect of factor A (first level -> each other level) depend on factor B?

    Compares B's last level with its first. Columns: effect of A at each B level and the
    interaction (difference of the two effects) with CIs. Factors are columns of the runs
    (`param_<name>`, or `assumption_<name>` for an assumption: `levels.factor_column`).
    Effects on yes/no outcomes (`kinds`) get Newcombe intervals.
    """
    kinds = kinds or {}
    ok = ok_runs(runs)
    col_a, col_b = factor_column(factor_a), factor_column(factor_b)
    levels_a = sorted(ok[col_a].unique())
    levels_b = sorted(ok[col_b].unique())
    if len(levels_a) < 2 or len(levels_b) < 2:
        return pd.DataFrame()
    a0, b0, b1 = levels_a[0], levels_b[0], levels_b[-1]
    rows = []

    def cell(a: Any, b: Any) -> pd.DataFrame:
        return ok[(ok[col_a] == a) & (ok[col_b] == b)].set_index("replication")

    for outcome in outcomes:
        kind = kinds.get(outcome, ANY)
        for a1 in levels_a[1:]:
            y = {key: cell(a, b) for key, (a, b) in
                 {"11": (a1, b1), "10": (a0, b1), "01": (a1, b0), "00": (a0, b0)}.items()}
            at_b0, at_b1, inter = _two_by_two(y, outcome, kind, paired, level)
            rows.append({"outcome": outcome, "factor_a": factor_a, "a_from": a0, "a_to": a1,
                         "factor_b": factor_b, "b_low": b0, "b_high": b1,
                         "effect_at_b_low": at_b0.value, "effect_at_b_low_ci_low": at_b0.low,
                         "effect_at_b_low_ci_high": at_b0.high,
                         "effect_at_b_high": at_b1.value, "effect_at_b_high_ci_low": at_b1.low,
                         "effect_at_b_high_ci_high": at_b1.high,
                         "interaction": inter.value, "ci_low": inter.low,
                         "ci_high": inter.high, "n": inter.n, "paired": paired})
    return pd.DataFrame(rows)


def _two_by_two(cells: dict[str, pd.DataFrame], outcome: str, kind: OutcomeKind,
                paired: bool, level: float) -> tuple[Estimate, Estimate, Estimate]:
    """The effect of A at B's low and high level and their difference (the interaction),
    from the four cells "11", "10", "01", "00" (A level, B level) of a 2x2 comparison,
    each runs indexed by replication (matched by replication when `paired`)."""
    if paired:
        common = cells["11"].index
        for frame in cells.values():
            common = common.intersection(frame.index)
        cells = {k: v.loc[common] for k, v in cells.items()}
    arrays = {k: v[outcome].to_numpy(dtype=float) for k, v in cells.items()}
    sizes = {k: sizes_of(v, kind) for k, v in cells.items()}
    known = all(v is not None for v in sizes.values())
    at_b0 = difference(arrays["01"], arrays["00"], paired=paired, kind=kind, level=level,
                       sizes=(sizes["01"], sizes["00"]) if known else None)
    at_b1 = difference(arrays["11"], arrays["10"], paired=paired, kind=kind, level=level,
                       sizes=(sizes["11"], sizes["10"]) if known else None)
    if kind.share_of and known:
        inter = mover([(c, pooled_share_ci(arrays[k], sizes[k], level)) for c, k in
                       ((1.0, "11"), (-1.0, "10"), (-1.0, "01"), (1.0, "00"))]
                      ).within(-2.0, 2.0)
    else:
        reach = 2 * (kind.high - kind.low)  # a difference of two differences
        inter = interaction_contrast(arrays["11"], arrays["10"], arrays["01"], arrays["00"],
                                     paired=paired, level=level, kind=kind
                                     ).within(-reach, reach)
    return at_b0, at_b1, inter


def with_run_sizes(timeseries: pd.DataFrame, runs: pd.DataFrame) -> pd.DataFrame:
    """The weekly rows with each run's number of communities (`REGION_COLUMN`, from
    runs.parquet by run id), so that a weekly share of a region's communities gets the
    same pooled interval as the end-of-run one (`sizes_of`); unchanged when the runs do
    not say."""
    if REGION_COLUMN in timeseries.columns or REGION_COLUMN not in runs.columns \
            or "run_id" not in timeseries.columns or "run_id" not in runs.columns:
        return timeseries
    size = runs.drop_duplicates("run_id").set_index("run_id")[REGION_COLUMN]
    return timeseries.assign(**{REGION_COLUMN: pd.to_numeric(
        timeseries["run_id"].map(size), errors="coerce")})


def weekly_bands(timeseries: pd.DataFrame, series: str, level: float = LEVEL,
                 band: tuple[float, float] = BAND, by: str | None = "point",
                 kind: OutcomeKind = ANY) -> pd.DataFrame:
    """Per design point (or overall with by=None) and week: mean with CI, median and band.

    The CI is Wilson's for a yes/no series, the wider of the pooled Wilson and the t
    interval for a share of a region's communities (`pooled_share_ci`, when the rows carry
    the runs' sizes: `with_run_sizes`), otherwise Student t cut to the series' range; it
    contains the mean in every week (NaN where a week has fewer than two runs for t).
    """
    keys = [by, "week"] if by else ["week"]
    if kind.share_of and kind.share_of in timeseries.columns:
        return _pooled_weekly_bands(timeseries, series, keys, level, band, kind)
    grouped = timeseries.groupby(keys, sort=True)[series]
    out = grouped.agg(["mean", "std", "count", "median", "sum"])
    out["band_low"] = grouped.quantile(band[0] / 100)
    out["band_high"] = grouped.quantile(band[1] / 100)
    n = out["count"].to_numpy(dtype=float)
    mean = out["mean"].to_numpy(dtype=float)
    if kind.yes_no:
        _yes_no(timeseries[series])
        counts = np.rint(out["sum"].to_numpy(dtype=float))
        low, high = proportion_confint(counts, np.maximum(n, 1), alpha=1 - level,
                                       method="wilson")
        low = np.where(n > 0, low, np.nan)
        high = np.where(n > 0, high, np.nan)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(n > 1, t_quantile(0.5 + level / 2, np.maximum(n - 1, 1)),
                         np.nan)
            half = t * out["std"].to_numpy(dtype=float) / np.sqrt(n)
        low, high = mean - half, mean + half
    with np.errstate(invalid="ignore"):
        low = np.clip(np.fmin(low, mean), kind.low, kind.high)
        high = np.clip(np.fmax(high, mean), kind.low, kind.high)
    out["ci_low"] = np.where(np.isnan(mean), np.nan, low)
    out["ci_high"] = np.where(np.isnan(mean), np.nan, high)
    return out.drop(columns="sum").reset_index()


def _pooled_weekly_bands(timeseries: pd.DataFrame, series: str, keys: list[str],
                         level: float, band: tuple[float, float],
                         kind: OutcomeKind) -> pd.DataFrame:
    """`weekly_bands` of a share of several things per run: `pooled_share_ci` each week."""
    rows = []
    for key, group in timeseries.groupby(keys, sort=True):
        values = group[series].to_numpy(dtype=float)
        ci = pooled_share_ci(values, group[kind.share_of].to_numpy(dtype=float), level)
        low, high = percentile_band(values, band)
        clean = _clean(values)
        rows.append({**dict(zip(keys, key if isinstance(key, tuple) else (key,),
                                strict=True)),
                     "mean": ci.value, "std": float(clean.std(ddof=1)) if clean.size > 1
                     else math.nan, "count": int(clean.size),
                     "median": float(np.median(clean)) if clean.size else math.nan,
                     "band_low": low, "band_high": high, "ci_low": ci.low,
                     "ci_high": ci.high})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- sensitivity
# Sobol and RBD-FAST indices estimate shares of variance, so their true values lie in [0, 1].
SHARE_INDICES = frozenset({"S1", "ST"})
# Indices SALib gives a bootstrap CI for: the ones a finding may rank.
RANKED_INDICES = frozenset({"S1", "ST", "mu_star"})


def indices_overlap(a: Any, b: Any) -> bool:
    """Whether two sensitivity indices' likely ranges (`value` give or take `conf`, rows
    of `sensitivity`) overlap, so that the two cannot be ranked against each other."""
    return bool(a["value"] - a["conf"] <= b["value"] + b["conf"]
                and b["value"] - b["conf"] <= a["value"] + a["conf"])


WIDE_CI = "its CI is wider than the index itself"
"""`index_problem`'s reason for an index whose CI (value +- conf) is wider than it."""


def index_problem(index: str, value: float, conf: float) -> str:
    """Why a sensitivity index cannot be read as a finding, or "" when it can.

    Unreliable: no CI; a Sobol or RBD-FAST index outside [0, 1] beyond its CI; or a CI
    (value +- conf) wider than the index itself. The cure is a larger sample.
    """
    if index not in RANKED_INDICES:
        return ""
    if math.isnan(value) or math.isnan(conf):
        return "no confidence interval could be computed"
    if index in SHARE_INDICES and (value - conf > 1 or value + conf < 0):
        return "outside 0 to 1, the only values such an index can take, beyond its CI"
    if 2 * conf > abs(value):
        return WIDE_CI
    return ""


def point_means(runs: pd.DataFrame, outcome: str, n_points: int) -> np.ndarray:
    """Mean outcome per design point over its ok replications, in design order (NaN if none)."""
    means = ok_runs(runs).groupby("point_index")[outcome].mean()
    return means.reindex(range(n_points)).to_numpy(dtype=float)


RBD_FAST_HARMONICS = 10
"""SALib's default number of harmonics M in RBD-FAST (`rbd_fast.analyze(M=10)`)."""
RBD_FAST_MIN_POINTS = 4 * RBD_FAST_HARMONICS + 4
"""Fewest latin points RBD-FAST can analyse honestly: its bias correction divides by
1 - 2M/n and its bootstrap draws half the sample, so half the points must exceed 2M (40
points give a division by zero); below 4M + 4 the half-sample periodogram holds only the
M harmonics, every resample gives S1 = 1 and the likely range is exactly 0, a false
certainty (measured at 42 and 43 points)."""


def sensitivity(method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *,
                second_order: bool = False, levels: int = 4, seed: int = 0,
                level: float = LEVEL) -> pd.DataFrame:
    """Sensitivity indices of one outcome via SALib, tidy: parameter, index, value, conf,
    reliable, problem.

    morris -> mu_star (mean absolute elementary effect) and sigma; sobol -> S1 and ST
    (first-order and total indices); latin -> S1 by RBD-FAST. `reliable` is False, with
    the reason in `problem` (`index_problem`), for an index that must not be ranked.

    Raises:
        ValueError: when a design point has no finished run, the outcome is constant, or
            a latin sample is smaller than `RBD_FAST_MIN_POINTS`.
    """
    if np.isnan(y).any():
        raise ValueError(f"{int(np.isnan(y).sum())} design point(s) have no finished run")
    if np.nanstd(y) == 0:
        raise ValueError("the outcome does not vary across the sample")
    if method == "latin" and y.size < RBD_FAST_MIN_POINTS:
        raise ValueError(
            f"the sample of {y.size} settings is too small for RBD-FAST, which reads "
            f"{RBD_FAST_HARMONICS} harmonics and estimates its likely range from half "
            f"the sample; raise samples in [design] to at least {RBD_FAST_MIN_POINTS} "
            "and more for narrower likely ranges")
    res, pairs = _salib_analyze(method, problem, x, y, second_order=second_order,
                                levels=levels, seed=seed, level=level)
    rows = []
    for i, name in enumerate(problem["names"]):
        for index, conf in pairs:
            value = float(res[index][i])
            width = float(res[conf][i]) if conf else math.nan
            problem_text = index_problem(index, value, width)
            rows.append({"parameter": name, "index": index, "value": value, "conf": width,
                         "reliable": index in RANKED_INDICES and not problem_text,
                         "problem": problem_text})
    return pd.DataFrame(rows)


def _salib_analyze(method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, *,
                   second_order: bool, levels: int, seed: int, level: float
                   ) -> tuple[Any, list[tuple[str, str | None]]]:
    """SALib's result for `method`, with the (index, its CI column) pairs to read."""
    pairs: list[tuple[str, str | None]]
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
    return res, pairs


SECOND_ORDER_PAIR_COLUMNS = ("factor", "factor_2", "S2", "S2_conf")
"""The columns of `second_order_indices`: one row per pair of factors."""


def second_order_indices(problem: dict[str, Any], y: np.ndarray, *, seed: int = 0,
                         level: float = LEVEL) -> pd.DataFrame:
    """Second-order Sobol indices of one outcome via SALib (`sobol.analyze` with
    calc_second_order, the analysis of the sample `second_order = true` draws): one row
    per pair of factors, `SECOND_ORDER_PAIR_COLUMNS`. S2 is the share of the
    outcome's variance due to the two factors acting together, beyond each alone; S2_conf
    is the half-width of its `level` bootstrap CI (the same seed as `sensitivity`).

    Args:
        problem: the SALib problem of the design (`design.salib_problem`).
        y: the outcome per design point in design order (`point_means`); its length
            must be N (2D + 2) for D factors.

    Raises:
        ValueError: a design point without a finished run, or a sample of the wrong size.
    """
    from SALib.analyze import sobol

    if np.isnan(y).any():
        raise ValueError(f"{int(np.isnan(y).sum())} design point(s) have no finished run")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sobol.analyze(problem, y, calc_second_order=True, conf_level=level,
                            seed=seed, print_to_console=False)
    names = problem["names"]
    return pd.DataFrame([{"factor": a, "factor_2": names[j], "S2": float(res["S2"][i, j]),
                          "S2_conf": float(res["S2_conf"][i, j])}
                         for i, a in enumerate(names) for j in range(i + 1, len(names))],
                        columns=list(SECOND_ORDER_PAIR_COLUMNS))


def holm_adjusted(p_values: Sequence[float] | pd.Series) -> np.ndarray:
    """Holm's step-down adjustment of p-values tested together (statsmodels), so that a
    family of many tests (one per assumption, say) claims no more than 5 % false findings
    in all; a missing p-value counts as 1."""
    from statsmodels.stats.multitest import multipletests

    values = np.nan_to_num(np.asarray(p_values, dtype=float), nan=1.0)
    return multipletests(values, method="holm")[1] if values.size else values
