"""The fast Student's t quantile of the reports is scipy's own `t.ppf`, number for number."""

import numpy as np
from scipy import stats as scipy_stats

from lcsim.experiments.stats import mean_ci, t_quantile


def test_t_quantile_equals_scipy_t_ppf_for_whole_and_fractional_degrees_of_freedom():
    rng = np.random.default_rng(11)
    df = np.concatenate([np.arange(1, 400), rng.uniform(0.5, 300, 400), [np.inf]])
    q = rng.uniform(0.5, 0.9999, df.size)
    assert np.array_equal(t_quantile(q, df), scipy_stats.t.ppf(q, df))


def test_t_quantile_is_undefined_without_degrees_of_freedom():
    assert np.isnan(t_quantile(0.975, 0)) and np.isnan(t_quantile(0.975, -1))


def test_mean_interval_uses_the_t_quantile_of_its_runs():
    values = [1.0, 2.0, 4.0, 7.0]
    estimate = mean_ci(values)
    half = scipy_stats.t.ppf(0.975, 3) * np.std(values, ddof=1) / 2
    assert np.isclose(estimate.high - estimate.value, half)
