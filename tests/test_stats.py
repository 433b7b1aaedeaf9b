"""Statistics against values worked out by hand, by a reference formula, by statsmodels
or published in the papers that define them; and intervals correct by construction (they
contain their estimate and stay inside the range the quantity can take)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from lcsim.experiments import stats

YES_NO = stats.OutcomeKind(yes_no=True, low=0.0, high=1.0)
NON_NEGATIVE = stats.OutcomeKind(low=0.0)
REPLICATIONS = range(1, 101)


def contains(ci: stats.Estimate) -> bool:
    return ci.low <= ci.value <= ci.high


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
    assert stats.proportion_ci([0] * 6).high == pytest.approx(0.3903, abs=1e-4), "0 of 6"


def test_wilson_matches_newcombes_published_single_proportion_examples():
    # Newcombe (1998) Stat Med 17:857, Table I, method 3: 15/148, 0/20, 1/29.
    for count, n, low, high in ((15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
                                (1, 29, 0.0061, 0.1718)):
        ci = stats.wilson(count, n)
        assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)


@pytest.mark.parametrize("n", [1, 2, 7, 20, 99])
def test_wilson_equals_statsmodels_at_every_count(n):
    for count in range(n + 1):
        ci = stats.proportion_ci([1] * count + [0] * (n - count))
        low, high = proportion_confint(count, n, method="wilson")
        assert ci.value == count / n and ci.n == n
        assert ci.low == pytest.approx(low, abs=1e-12)
        assert ci.high == pytest.approx(high, abs=1e-12)


def test_all_zero_and_all_one_contain_their_estimate_at_every_replication_count():
    # statsmodels gives 0.9999999999999999 as the upper Wilson bound of n/n at 38 of these
    # counts; the interval must still contain the share of 1.
    for n in REPLICATIONS:
        for share in (0.0, 1.0):
            values = [share] * n
            for ci in (stats.proportion_ci(values), stats.outcome_ci(values, kind=YES_NO)):
                assert contains(ci) and ci.low >= 0.0 and ci.high <= 1.0, (n, share, ci)
                assert ci.high - ci.low > 0, "a share of 0/N or N/N is not known exactly"


def test_yes_no_values_must_be_zero_or_one():
    with pytest.raises(ValueError, match="0 or 1"):
        stats.proportion_ci([0, 0.5, 1])
    with pytest.raises(ValueError, match="between 0 and 3"):
        stats.wilson(4, 3)


def test_the_kind_of_an_outcome_comes_from_the_model_not_from_the_data():
    runs = pd.DataFrame({"param_n_communities": [1, 1], "survived": [0.0, 0.0],
                         "mean_trust": [0.0, 0.0], "per_year": [0.0, 1.0],
                         "unknown": [0.0, 1.0]})
    kinds = stats.outcome_kinds(runs, list(runs.columns[1:]), derived=["per_year"])
    assert kinds["survived"] == YES_NO, "zero everywhere is still a share (0 of N)"
    assert kinds["mean_trust"] == stats.OutcomeKind(low=0.0, high=1.0), \
        "a level lies in 0-1, as lcsim/outputs.py declares"
    assert kinds["per_year"] == NON_NEGATIVE
    assert kinds["unknown"] == stats.ANY, "a column the model does not define has no range"
    region = runs.assign(param_n_communities=[1, 4])
    assert stats.outcome_kinds(region, ["survived"])["survived"] == stats.OutcomeKind(
        yes_no=False, low=0.0, high=1.0, share_of="param_n_communities"), \
        "in a region it is the share of communities, counted in param_n_communities"
    assert stats.outcome_ci([1, 1, 0, 1], kind=YES_NO) == stats.proportion_ci([1, 1, 0, 1])
    assert stats.outcome_ci([1, 2, 3]) == stats.mean_ci([1, 2, 3])


def test_yes_no_outcomes_are_read_from_the_output_metadata():
    from lcsim import outputs

    assert outputs.yes_no_outputs() == stats.YES_NO_OUTCOMES
    assert "survived" in stats.YES_NO_OUTCOMES and "realized_value" not in \
        stats.YES_NO_OUTCOMES


def test_a_mean_that_cannot_be_negative_gets_no_negative_bound():
    values = [0.0, 0.0, 0.0, 5.0]
    plain = stats.mean_ci(values)
    assert plain.low < 0, "the t interval alone reaches below zero here"
    cut = stats.mean_ci(values, kind=NON_NEGATIVE)
    assert cut.low == 0.0 and cut.high == plain.high and cut.value == 1.25
    share = stats.mean_ci([1.0, 1.0, 1.0, 0.2], kind=stats.OutcomeKind(low=0.0, high=1.0))
    assert share.high == 1.0 and contains(share)


def test_n_of_one_and_zero_variance():
    single = stats.mean_ci([4.0], kind=NON_NEGATIVE)
    assert single.value == 4.0 and math.isnan(single.low) and math.isnan(single.high)
    flat = stats.mean_ci([2.5] * 5)
    assert (flat.low, flat.value, flat.high) == (2.5, 2.5, 2.5)
    one = stats.proportion_ci([1.0])
    assert (one.low, one.high) == pytest.approx(proportion_confint(1, 1, method="wilson"))
    assert contains(one)
    assert contains(stats.proportion_difference([1.0], [0.0], paired=True))
    assert contains(stats.proportion_difference([1.0], [0.0], paired=False))
    flat_diff = stats.paired_difference([3.0, 3.0, 3.0], [1.0, 1.0, 1.0])
    assert (flat_diff.low, flat_diff.value, flat_diff.high) == (2.0, 2.0, 2.0)


def test_an_estimate_never_lies_outside_its_interval():
    ci = stats.Estimate(1.0, 0.6, 0.9999999999999999, 7)
    assert ci.high == 1.0 and ci.low == 0.6
    ci = stats.Estimate(0.0, 2.7e-17, 0.35, 7)
    assert ci.low == 0.0
    unknown = stats.Estimate(3.0, math.nan, math.nan, 1)
    assert math.isnan(unknown.low) and math.isnan(unknown.high)


# ------------------------------------------------------------------ differences of shares
@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "low", "high"), [
    # Newcombe (1998) Stat Med 17:873, Table II, method 10 (hybrid score).
    (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090),
    (5, 56, 0, 29, -0.0381, 0.1926), (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775), (10, 10, 0, 20, 0.6791, 1.0), (10, 10, 0, 10, 0.6075, 1.0)])
def test_unpaired_difference_of_shares_is_newcombes_hybrid_score_interval(x1, n1, x2, n2,
                                                                          low, high):
    ci = stats.proportion_difference([1] * x1 + [0] * (n1 - x1), [1] * x2 + [0] * (n2 - x2),
                                     paired=False)
    assert ci.value == pytest.approx(x1 / n1 - x2 / n2)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)
    library = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    assert (ci.low, ci.high) == pytest.approx(tuple(float(b) for b in library))


def pairs(a: int, b: int, c: int, d: int) -> tuple[list[int], list[int]]:
    """Two paired 0/1 samples: a pairs yes/yes, b yes/no, c no/yes, d no/no."""
    return [1] * a + [1] * b + [0] * c + [0] * d, [1] * a + [0] * b + [1] * c + [0] * d


@pytest.mark.parametrize(("table", "low", "high", "digits"), [
    # Newcombe (1998) Stat Med 17:2635, worked example, method 10.
    ((20, 12, 2, 16), 0.0562, 0.3292, 4),
    # Fagerland, Lydersen & Laake (2014, 2017), Newcombe square-and-add (= method 10).
    ((59, 6, 16, 80), -0.1186, -0.0046, 4), ((1, 1, 7, 12), -0.507, -0.026, 3),
    # Tang, Ling & Tian (2010) example, as reproduced by the ratesci package.
    ((8, 3, 1, 2), -0.1574, 0.4136, 4)])
def test_paired_difference_of_shares_is_newcombes_method_10(table, low, high, digits):
    ci = stats.newcombe_paired(*table)
    a, b, c, d = table
    assert ci.value == pytest.approx((b - c) / sum(table))
    assert (round(ci.low, digits), round(ci.high, digits)) == (low, high)
    assert stats.proportion_difference(*pairs(*table), paired=True) == ci


def test_pairing_narrows_the_interval_when_paired_runs_agree():
    # The worked example read as two independent samples of 50: 0.0052 to 0.3748.
    treatment, control = pairs(20, 12, 2, 16)
    margins = stats.proportion_difference(treatment, control, paired=False)
    assert (round(margins.low, 4), round(margins.high, 4)) == (0.0052, 0.3748)
    paired = stats.proportion_difference(treatment, control, paired=True)
    assert paired.high - paired.low < margins.high - margins.low
    # With an empty margin there is no correlation to use: both intervals agree.
    treatment, control = pairs(3, 5, 0, 0)
    assert (stats.newcombe_paired(3, 5, 0, 0).low, stats.newcombe_paired(3, 5, 0, 0).high) \
        == pytest.approx((stats.proportion_difference(treatment, control, paired=False).low,
                          stats.proportion_difference(treatment, control, paired=False).high))


def test_differences_of_shares_contain_their_estimate_within_100_points():
    rng = np.random.default_rng(4)
    for n in REPLICATIONS:
        cases = [([0] * n, [0] * n), ([1] * n, [1] * n), ([1] * n, [0] * n), ([0] * n, [1] * n),
                 (rng.integers(0, 2, n), rng.integers(0, 2, n))]
        for treatment, control in cases:
            for paired in (True, False):
                ci = stats.proportion_difference(treatment, control, paired=paired)
                assert contains(ci) and ci.low >= -1.0 and ci.high <= 1.0, (n, paired, ci)


def test_difference_dispatches_on_the_kind():
    treated, control = [1, 1, 0, 1], [0, 1, 0, 0]
    assert stats.difference(treated, control, paired=True, kind=YES_NO) == \
        stats.proportion_difference(treated, control, paired=True)
    assert stats.difference(treated, control, paired=True) == \
        stats.paired_difference(treated, control)
    assert stats.difference(treated, control, paired=False) == \
        stats.welch_difference(treated, control)


def test_percentile_band():
    assert stats.percentile_band(np.arange(101)) == (5.0, 95.0)
    assert stats.percentile_band([1, 2, 3], (0, 100)) == (1.0, 3.0)


def test_the_spread_of_whole_counts_keeps_to_counts_that_runs_had():
    """The researcher's tryout: '90% of runs have 0.45 to 4.5 products in use'."""
    products = [0, 1, 1, 2, 2, 3, 3, 3, 4, 5]
    low, high = stats.percentile_band(products)
    assert (low, high) == (0.0, 5.0) and low in products and high in products
    assert stats.percentile_band([0.5, 1.5, 2.5], (0, 100)) == (0.5, 2.5)
    assert stats.percentile_band(np.linspace(0, 1, 101)) == pytest.approx((0.05, 0.95))


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


def test_a_contrast_of_two_shares_is_newcombes_interval():
    treatment, control = [1] * 9 + [0], [1] * 3 + [0] * 7
    mover = stats.share_contrast([(1.0, treatment), (-1.0, control)])
    newcombe = stats.proportion_difference(treatment, control, paired=False)
    assert (mover.low, mover.value, mover.high) == pytest.approx(
        (newcombe.low, newcombe.value, newcombe.high))


def test_interaction_of_shares_is_never_zero_width_and_stays_within_two():
    one, zero = np.ones(3), np.zeros(3)
    for paired in (True, False):
        agree = stats.interaction_contrast(one, one, one, one, paired=paired, kind=YES_NO)
        assert agree.value == 0 and agree.low < 0 < agree.high, "3 of 3 everywhere"
        assert stats.interaction_contrast(one, one, one, one, paired=paired).low == 0, \
            "the t interval would claim the interaction is exactly 0"
    for n in REPLICATIONS:
        one, zero = np.ones(n), np.zeros(n)
        for cells in ((one, zero, zero, one), (zero, one, one, zero), (one, one, zero, zero)):
            ci = stats.interaction_contrast(*cells, paired=True, kind=YES_NO)
            assert contains(ci) and ci.low >= -2 and ci.high <= 2, (n, ci)


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


def test_yes_no_outcomes_get_wilson_and_newcombe_in_the_tables():
    runs = _runs({("base", 0): [0.0] * 6, ("more", 1): [1.0] * 6})
    kinds = {"y": YES_NO}
    summary = stats.summarize(runs, ["y"], kinds=kinds).set_index("point")
    assert summary.loc["base", "ci_high"] == pytest.approx(0.3903, abs=1e-4)
    assert summary.loc["more", "ci_low"] == pytest.approx(1 - 0.3903, abs=1e-4)
    assert summary.loc["more", "ci_high"] == 1.0
    row = stats.compare_with_baseline(runs, ["y"], "base", paired=True, kinds=kinds).iloc[0]
    expected = stats.newcombe_paired(0, 6, 0, 0)
    assert (row["difference"], row["ci_low"], row["ci_high"]) == (
        expected.value, expected.low, expected.high)
    row = stats.compare_with_baseline(runs, ["y"], "base", paired=False, kinds=kinds).iloc[0]
    assert row["ci_low"] == pytest.approx(float(confint_proportions_2indep(
        6, 6, 0, 6, method="newcomb", compare="diff")[0]))


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
    total = table[table["index"] == "ST"].set_index("parameter")
    assert total.loc["strong", "value"] == pytest.approx(25 / 26, abs=0.05)
    assert total["value"].idxmax() == "strong"
    assert total.loc["none", "value"] == pytest.approx(0.0, abs=0.01)
    assert total.loc["strong", "reliable"] and total.loc["weak", "reliable"]


def test_sobol_indices_from_a_tiny_sample_are_flagged_unreliable():
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0, 1], [0, 1]]}
    x = sobol_sample.sample(problem, 8, calc_second_order=False, seed=3)
    y = np.sin(6 * x[:, 0]) + x[:, 1] ** 3 + np.random.default_rng(0).normal(0, 0.5, len(x))
    table = stats.sensitivity("sobol", problem, x, y, seed=3)
    assert not table["reliable"].any()
    assert (table["problem"] != "").all()


def test_which_sensitivity_indices_are_unreliable():
    assert stats.index_problem("ST", 3.57, 2.73) == "its CI is wider than the index itself"
    assert stats.index_problem("S1", -1.88, 0.5).startswith("outside 0 to 1")
    assert stats.index_problem("ST", 1.3, 0.1).startswith("outside 0 to 1")
    assert stats.index_problem("ST", 1.05, 0.1) == "", "outside 0 to 1 only within its CI"
    assert stats.index_problem("ST", 0.6, 0.1) == ""
    assert stats.index_problem("mu_star", 2.0, 1.5) != "", "Morris mu* too"
    assert stats.index_problem("mu_star", 0.0, 0.0) == "", "exactly no effect is readable"
    assert stats.index_problem("S1", 0.5, math.nan) != ""
    assert stats.index_problem("sigma", 5.0, math.nan) == "", "never ranked, never flagged"


def test_sensitivity_refuses_missing_points_and_constant_outcomes():
    problem = {"num_vars": 1, "names": ["p"], "bounds": [[0, 1]]}
    x = np.array([[0.0], [1.0]])
    with pytest.raises(ValueError, match="no finished run"):
        stats.sensitivity("latin", problem, x, np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="does not vary"):
        stats.sensitivity("latin", problem, x, np.array([1.0, 1.0]))


def test_weekly_bands_of_a_yes_no_series_are_wilson_and_contain_the_mean():
    for n in (1, 7, 9, 12, 20):
        frame = pd.DataFrame({"point": "p", "week": np.repeat([0, 1], n),
                              "s": np.r_[np.ones(n), np.zeros(n)]})
        bands = stats.weekly_bands(frame, "s", kind=YES_NO)
        assert (bands["ci_low"] <= bands["mean"]).all()
        assert (bands["mean"] <= bands["ci_high"]).all()
        assert bands.loc[1, "ci_high"] == pytest.approx(
            proportion_confint(0, n, method="wilson")[1])


def test_weekly_bands_of_a_series_that_cannot_be_negative_start_at_zero():
    frame = pd.DataFrame({"week": [0, 0, 0, 0], "s": [0.0, 0.0, 0.0, 5.0]})
    bands = stats.weekly_bands(frame, "s", by=None, kind=NON_NEGATIVE)
    assert bands.loc[0, "ci_low"] == 0.0 and bands.loc[0, "ci_high"] > 1.25


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
    summary = stats.summarize(runs, ["y"], kinds={"y": YES_NO}).set_index("point")
    assert summary.loc["short", "mean"] == 0.0
    assert summary.loc["short", "ci_high"] == pytest.approx(0.1611, abs=1e-4)


REGION = stats.OutcomeKind(low=0.0, high=1.0, share_of="param_n_communities")


def test_a_share_of_a_regions_communities_never_gets_a_zero_width_interval():
    none = stats.pooled_share_ci([0.0, 0.0, 0.0], [3, 3, 3])
    assert none.value == 0 and none.low == 0
    assert none.high == pytest.approx(proportion_confint(0, 9, method="wilson")[1]), \
        "0 of 9 communities still active: Wilson on the pooled count"
    every = stats.pooled_share_ci([1.0] * 3, [3] * 3)
    assert every.low == pytest.approx(proportion_confint(9, 9, method="wilson")[0])
    assert stats.pooled_share_ci([0.0, 1.0, 1.0], [1, 1, 1]) == stats.wilson(2, 3), \
        "one community per run: the Wilson interval of a yes/no outcome"
    varied = stats.pooled_share_ci([0.0, 1.0, 0.0, 1.0], [3] * 4)
    t = stats.mean_ci([0.0, 1.0, 0.0, 1.0]).within(0.0, 1.0)
    assert varied.low <= t.low and varied.high >= t.high, \
        "whole regions that live or die together: at least as wide as t over regions"


def test_region_survival_in_the_tables_is_pooled_and_differences_are_not_zero_width():
    runs = _runs({("one", 0): [0.0] * 3, ("three", 1): [0.0] * 3},
                 n_communities={"one": 1, "three": 3})
    kinds = {"y": REGION}
    summary = stats.summarize(runs, ["y"], kinds=kinds).set_index("point")
    assert summary.loc["one", "ci_high"] == pytest.approx(
        proportion_confint(0, 3, method="wilson")[1]), "a single community: yes/no"
    assert summary.loc["three", "ci_high"] == pytest.approx(
        proportion_confint(0, 9, method="wilson")[1]), "3 runs x 3 communities"
    for paired in (True, False):
        row = stats.compare_with_baseline(runs, ["y"], "one", paired=paired,
                                          kinds=kinds).iloc[0]
        assert row["difference"] == 0 and row["ci_low"] < 0 < row["ci_high"], paired
    both = _runs({("a", 0): [0.0] * 3, ("b", 1): [0.0] * 3},
                 n_communities={"a": 1, "b": 1})
    row = stats.compare_with_baseline(both, ["y"], "a", paired=True, kinds=kinds).iloc[0]
    expected = stats.newcombe_paired(0, 0, 0, 3)
    assert (row["ci_low"], row["ci_high"]) == (expected.low, expected.high), \
        "single communities in a region study: Newcombe, as in any other study"


def test_region_interaction_of_survival_is_not_zero_width():
    values = {(name, i): [0.0] * 3 for i, name in enumerate(("a0b0", "a1b0", "a0b1", "a1b1"))}
    runs = _runs(values, n_communities={"a0b0": 1, "a1b0": 3, "a0b1": 1, "a1b1": 3},
                 share={"a0b0": 0.0, "a1b0": 0.0, "a0b1": 0.3, "a1b1": 0.3})
    row = stats.grid_interactions(runs, "n_communities", "share", ["y"], paired=True,
                                  kinds={"y": REGION}).iloc[0]
    assert row["interaction"] == 0 and row["ci_low"] < 0 < row["ci_high"]
    assert row["effect_at_b_low_ci_low"] < 0 < row["effect_at_b_low_ci_high"]


def test_a_count_of_care_organisations_never_has_a_range_above_how_many_the_community_has():
    runs = pd.DataFrame({"param_n_organisations": [8] * 4, "point": ["a"] * 4,
                         "week": [1] * 4, "care_organisations_using": [4.0, 4.0, 3.0, 4.0],
                         "schools_using": [2.0, 1.0, 2.0, 2.0]})
    kinds = stats.outcome_kinds(runs, ["care_organisations_using", "schools_using"])
    assert kinds["care_organisations_using"].high == 4  # 8 organisations: 4 care providers
    assert kinds["schools_using"].high == 2
    ci = stats.mean_ci(runs["care_organisations_using"], kind=kinds["care_organisations_using"])
    assert ci.low < ci.value < ci.high == 4
    bands = stats.weekly_bands(runs, "care_organisations_using",
                               kind=kinds["care_organisations_using"])
    assert bands["ci_high"].max() == 4


def test_a_difference_of_care_organisations_never_has_a_range_beyond_how_many_there_are():
    kind = stats.OutcomeKind(low=0.0, high=4.0)
    fewer = stats.difference([1.0, 0.0, 0.0, 4.0], [4.0, 4.0, 4.0, 4.0], paired=True, kind=kind)
    assert fewer.low == -4.0 < fewer.value
    welch = stats.difference([1.0, 0.0, 0.0, 4.0], [4.0, 3.0, 4.0, 4.0], paired=False,
                             kind=kind)
    assert welch.low == -4.0 and welch.high <= 4.0
