"""Statistics against values worked out by hand or by a reference formula."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lcsim.experiments import stats


def test_mean_ci_of_one_to_five():
    # mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445
    ci = stats.mean_ci([1, 2, 3, 4, 5])
    half = 2.7764451051977987 * math.sqrt(2.5) / math.sqrt(5)
    assert ci.value == 3.0 and ci.n == 5
    assert ci.low == pytest.approx(3 - half) and ci.high == pytest.approx(3 + half)
    assert ci.low == pytest.approx(1.036757, abs=1e-6)


def test_mean_ci_ignores_nan_and_needs_two_values():
    assert stats.mean_ci([1.0, np.nan, 5.0]).value == 3.0
    single = stats.mean_ci([4.0])
    assert single.value == 4.0 and math.isnan(single.low)
    assert math.isnan(stats.mean_ci([]).value)


def test_mean_ci_covers_the_true_mean_about_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(2000):
        ci = stats.mean_ci(rng.normal(10.0, 3.0, size=8))
        hits += ci.low <= 10.0 <= ci.high
    assert 0.93 <= hits / 2000 <= 0.97


def test_wilson_interval_of_eight_out_of_ten():
    ci = stats.proportion_ci([1] * 8 + [0] * 2)
    assert ci.value == 0.8
    assert ci.low == pytest.approx(0.4902, abs=1e-4)
    assert ci.high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_interval_at_zero_and_one_is_not_degenerate():
    none = stats.proportion_ci([0] * 20)
    assert none.low == 0.0 and none.high == pytest.approx(0.1611, abs=1e-4)
    everyone = stats.proportion_ci([1] * 20)
    assert everyone.high == 1.0 and everyone.low == pytest.approx(0.8389, abs=1e-4)


def test_yes_no_outcomes_get_wilson_other_outcomes_student():
    assert stats.is_binary([0, 1, 1]) and not stats.is_binary([0, 0.5, 1])
    assert not stats.is_binary([0.0, 0.0]), "an outcome that stays zero is not a share"
    assert stats.outcome_ci([1, 1, 0, 1]) == stats.proportion_ci([1, 1, 0, 1])
    assert stats.outcome_ci([1, 2, 3]) == stats.mean_ci([1, 2, 3])


def test_percentile_band():
    assert stats.percentile_band(np.arange(101)) == (5.0, 95.0)
    assert stats.percentile_band([1, 2, 3], (0, 100)) == (1.0, 3.0)


def test_paired_difference_uses_the_pairs():
    treated = np.array([11.0, 12.0, 14.0, 13.0])
    control = np.array([10.0, 11.0, 12.0, 12.0])
    # differences 1, 1, 2, 1: mean 1.25, sd 0.5, t(0.975, 3) = 3.182446
    ci = stats.paired_difference(treated, control)
    assert ci.value == pytest.approx(1.25)
    assert ci.high - ci.value == pytest.approx(3.182446305 * 0.5 / 2)
    unpaired = stats.welch_difference(treated, control)
    assert unpaired.value == pytest.approx(1.25)
    assert unpaired.high - unpaired.low > ci.high - ci.low, "pairing removes shared noise"
    with pytest.raises(ValueError):
        stats.paired_difference([1, 2], [1, 2, 3])


def test_welch_difference_matches_the_textbook_formula():
    a = np.array([20.0, 22.0, 19.0, 24.0, 25.0])
    b = np.array([15.0, 18.0, 14.0])
    ci = stats.welch_difference(a, b)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    from scipy import stats as scipy_stats

    half = scipy_stats.t.ppf(0.975, df) * math.sqrt(va + vb)
    assert ci.value == pytest.approx(a.mean() - b.mean())
    assert ci.high == pytest.approx(ci.value + half)


def test_cohens_d_known_value():
    # means differ by 2, both sd sqrt(2.5): d = 2 / 1.5811 = 1.2649
    assert stats.cohens_d([3, 4, 5, 6, 7], [1, 2, 3, 4, 5]) == pytest.approx(1.264911, abs=1e-6)
    assert stats.cohens_d([1, 2, 3, 4, 5], [3, 4, 5, 6, 7]) == pytest.approx(-1.264911, abs=1e-6)
    assert math.isnan(stats.cohens_d([1, 1, 1], [1, 1, 1]))


def test_vargha_delaney_a_known_values():
    assert stats.vargha_delaney_a([1, 2, 3], [1, 2, 3]) == 0.5
    assert stats.vargha_delaney_a([4, 5], [1, 2]) == 1.0
    assert stats.vargha_delaney_a([1, 2], [4, 5]) == 0.0
    # 1 vs {1, 2}: tie + loss; 3 vs {1, 2}: two wins -> (0.5 + 2) / 4
    assert stats.vargha_delaney_a([1, 3], [1, 2]) == pytest.approx(0.625)
    assert [stats.effect_label(a) for a in (0.5, 0.6, 0.3, 0.9)] == [
        "negligible", "small", "medium", "large"]


def test_interaction_contrast_paired_and_unpaired():
    y00 = np.array([1.0, 2.0, 3.0, 4.0])
    y01 = y00 + 1.0                            # effect 1 at the low level of B
    y10 = y00 + 0.5
    y11 = y10 + np.array([3.0, 3.0, 3.0, 3.5])  # effect 3 or 3.5 at the high level of B
    paired = stats.interaction_contrast(y11, y10, y01, y00, paired=True)
    assert paired.value == pytest.approx(2.125)
    assert paired.excludes_zero
    unpaired = stats.interaction_contrast(y11, y10, y01, y00, paired=False)
    assert unpaired.value == pytest.approx(2.125)
    assert unpaired.high - unpaired.low > paired.high - paired.low


def _runs(values: dict[tuple[str, int], list[float]], **params: dict[str, float]) -> pd.DataFrame:
    rows = []
    for (point, index), ys in values.items():
        for replication, y in enumerate(ys):
            row = {"run_id": f"{index}-{replication}", "point": point, "point_index": index,
                   "replication": replication, "status": "ok", "y": y}
            for name, by_point in params.items():
                row[f"param_{name}"] = by_point[point]
            rows.append(row)
    return pd.DataFrame(rows)


def test_summary_and_baseline_comparison_tables():
    runs = _runs({("base", 0): [1.0, 2.0, 3.0], ("more", 1): [2.0, 3.5, 4.0]})
    summary = stats.summarize(runs, ["y"])
    assert list(summary["point"]) == ["base", "more"]
    assert summary.loc[0, "mean"] == 2.0 and summary.loc[0, "n"] == 3
    compared = stats.compare_with_baseline(runs, ["y"], "base", paired=True)
    assert len(compared) == 1
    row = compared.iloc[0]
    assert row["difference"] == pytest.approx(7 / 6)
    assert row["vd_a"] == stats.vargha_delaney_a([2.0, 3.5, 4.0], [1.0, 2.0, 3.0])


def test_grid_interactions_table():
    values = {("a0b0", 0): [1.0, 2.0, 3.0], ("a1b0", 1): [2.0, 3.0, 4.0],
              ("a0b1", 2): [1.0, 2.0, 3.0], ("a1b1", 3): [4.0, 5.0, 6.5]}
    runs = _runs(values, a={"a0b0": 0, "a1b0": 1, "a0b1": 0, "a1b1": 1},
                 b={"a0b0": 0.2, "a1b0": 0.2, "a0b1": 0.8, "a1b1": 0.8})
    table = stats.grid_interactions(runs, "a", "b", ["y"], paired=True)
    row = table.iloc[0]
    assert row["effect_at_b_low"] == pytest.approx(1.0)
    assert row["effect_at_b_high"] == pytest.approx(3 + 1 / 6)
    assert row["interaction"] == pytest.approx(2 + 1 / 6)


def test_sensitivity_ranks_the_parameter_that_drives_the_outcome():
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": 3, "names": ["strong", "weak", "none"],
               "bounds": [[0, 1], [0, 1], [0, 1]]}

    def model(x: np.ndarray) -> np.ndarray:
        return 5 * x[:, 0] + x[:, 1] + 0 * x[:, 2]

    x = morris_sample.sample(problem, 20, num_levels=4, seed=1)
    table = stats.sensitivity("morris", problem, x, model(x), seed=1)
    mu = table[table["index"] == "mu_star"].set_index("parameter")["value"]
    assert mu["strong"] == pytest.approx(5.0) and mu["weak"] == pytest.approx(1.0)
    assert mu["none"] == 0.0

    x = sobol_sample.sample(problem, 256, calc_second_order=False, seed=1)
    table = stats.sensitivity("sobol", problem, x, model(x), seed=1)
    total = table[table["index"] == "ST"].set_index("parameter")["value"]
    assert total["strong"] == pytest.approx(25 / 26, abs=0.05)
    assert total.idxmax() == "strong" and total["none"] == pytest.approx(0.0, abs=0.01)


def test_sensitivity_refuses_missing_points_and_constant_outcomes():
    problem = {"num_vars": 1, "names": ["p"], "bounds": [[0, 1]]}
    x = np.array([[0.0], [1.0]])
    with pytest.raises(ValueError, match="no finished run"):
        stats.sensitivity("latin", problem, x, np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="does not vary"):
        stats.sensitivity("latin", problem, x, np.array([1.0, 1.0]))


def test_weekly_bands_give_ci_inside_band_for_many_runs():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"point": "p", "week": np.repeat([0, 1], 200),
                          "s": rng.normal(0, 1, 400)})
    bands = stats.weekly_bands(frame, "s")
    assert list(bands["week"]) == [0, 1]
    assert (bands["ci_low"] > bands["band_low"]).all()
    assert (bands["ci_high"] < bands["band_high"]).all()


def test_a_point_where_no_run_survived_still_gets_a_wilson_interval():
    runs = _runs({("short", 0): [0.0] * 20, ("long", 1): [1.0] * 10 + [0.0] * 10})
    summary = stats.summarize(runs, ["y"]).set_index("point")
    assert summary.loc["short", "mean"] == 0.0
    assert summary.loc["short", "ci_high"] == pytest.approx(0.1611, abs=1e-4)
