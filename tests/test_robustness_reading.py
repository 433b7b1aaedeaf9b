"""lcsim robustness: what a set's verdict says, when an assumption is named, and how the
page reads (its setting, its terms, percentage points, the legend, yes/no)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lcsim.experiments.config import ConfigError
from lcsim.experiments.robustness import (
    ASSUMPTION_PREFIX,
    Finding,
    finding_effects,
    finding_sensitivity,
    reanalyse,
    run_robustness,
    summarise,
)
from tests.test_robustness import config, flipping_run


def _study(differences: dict[int, list[float]]) -> pd.DataFrame:
    """Runs in which set k's paired differences (long minus short) are differences[k]."""
    return pd.DataFrame([{"assumption_set": k, "replication": r, "point": point,
                          "survived": 0.5 + (d if point == "long" else 0.0)}
                         for k, ds in differences.items() for r, d in enumerate(ds)
                         for point in ("long", "short")])


def test_a_set_is_said_to_hold_show_no_clear_difference_or_reverse_and_each_is_counted():
    ten = np.linspace(-0.05, 0.05, 10)
    study = _study({0: list(0.3 + ten), 1: list(0.3 + ten), 2: [0.0] * 10,
                    3: list(0.01 + ten), 4: list(-0.3 + ten)})
    finding = Finding("long funding keeps more alive", "survived", (("long",), ("short",)))
    effects = finding_effects(study, [finding])
    assert effects.set_index("assumption_set")["verdict"].to_dict() == {
        0: "holds", 1: "holds", 2: "no clear difference", 3: "no clear difference",
        4: "reversed"}
    assert list(effects["reversed"]) == [False, False, False, False, True]
    sets = pd.DataFrame({"assumption_set": range(5), "is_default": [True, *[False] * 4]})
    row = summarise(effects, sets, [finding]).iloc[0]
    assert (row["all_clear"], row["all_unclear"], row["all_reversed"]) == (1, 2, 1)
    assert row["all_zero"] == 1 and row["all_sets"] == 4
    assert row["default_verdict"] == "holds" and row["replications"] == 10


def test_the_spread_between_sets_is_called_noise_when_replications_cannot_tell_them_apart():
    rng = np.random.default_rng(1)
    finding = Finding("f", "survived", (("long",), ("short",)))
    sets = pd.DataFrame({"assumption_set": range(21), "is_default": [True, *[False] * 20]})
    noisy = _study({k: list(rng.normal(0.1, 0.5, 3)) for k in range(21)})  # one truth
    apart = _study({k: list(0.05 * k + rng.normal(0, 0.01, 3)) for k in range(21)})
    assert summarise(finding_effects(noisy, [finding]), sets, [finding]).iloc[0][
        "noise_share"] > 0.5
    assert summarise(finding_effects(apart, [finding]), sets, [finding]).iloc[0][
        "noise_share"] < 0.05


def _sensitivity(effect: np.ndarray, assumptions: dict[str, np.ndarray]) -> pd.DataFrame:
    n = len(effect)
    effects = pd.DataFrame({"assumption_set": range(1, n + 1), "finding": 0, "name": "f",
                            "effect": effect, "holds": effect > 0})
    sets = pd.DataFrame({"assumption_set": range(1, n + 1),
                         **{ASSUMPTION_PREFIX + k: v for k, v in assumptions.items()}})
    return finding_sensitivity(effects, sets, list(assumptions)).set_index("assumption")


def test_a_correlation_only_half_the_sets_show_is_not_named_a_lead_even_when_clear():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 40)
    effect = np.where(np.arange(40) % 2 == 0, x, rng.uniform(0.2, 0.8, 40))  # odd sets: x
    row = _sensitivity(effect, {"learning_rate": x}).loc["learning_rate"]
    assert row["p_adjusted"] < 0.05 and abs(row["rho_half_1"]) > 0.9  # clear overall ...
    assert abs(row["rho_half_2"]) < abs(row["rho"]) / 2  # ... but not in the other half
    assert not row["stable"] and not row["lead"] and not row["flips"]


def test_an_assumption_that_drives_the_effect_is_a_lead_and_chance_ones_are_not():
    rng = np.random.default_rng(4)
    names = ["learning_rate", *(f"noise_{i}" for i in range(30))]
    values = {n: rng.uniform(0, 1, 40) for n in names}
    effect = values["learning_rate"] - 0.5 + rng.normal(0, 0.1, 40)
    table = _sensitivity(effect, values)
    assert table["lead"].sum() == 1 and table.loc["learning_rate", "lead"]
    assert table.loc["learning_rate", "flips"]


def _checked_study(tmp_path, weeks: int = 104, replications: int = 20) -> str:
    path = tmp_path / "main_study.toml"
    path.write_text(f"""
name = "main_study"
question = "Does more funding give more value?"
replications = {replications}
outputs = ["realized_value", "survived"]
[base]
n_participants = 8
weeks_after_funding = {weeks}
[design]
kind = "grid"
factors = {{ funding_years = [0.2, 0.5, 1] }}
""")
    return str(path)


def test_the_page_first_says_how_its_setting_differs_from_the_study_it_checks(tmp_path):
    raw = config(samples=3, vary=["learning_rate"], checks=_checked_study(tmp_path))
    out = run_robustness(raw, out=tmp_path / "r", workers=1, progress=False,
                         run_function=flipping_run)
    page = out.report.read_text()
    note = page.index("Read this first: this check does not run the same setting as the "
                      "study it checks (main_study).")
    assert note < page.index("How robust is this?") + 200 < page.index("0.5 years beat")
    assert ("Here: 13 weeks of observation after funding ends; in the study it checks: "
            "104 weeks of observation after funding ends.") in page
    assert ("Each setting is run 2 times under each set of assumptions; the study it "
            "checks runs each setting 20 times.") in page
    assert "differences in survival" in page and "fewer runs per set" in page.lower()
    (tmp_path / "main_study.toml").unlink()  # lcsim report needs only the manifest
    assert "in the study it checks: 104 weeks" in reanalyse(tmp_path / "r").report.read_text()


def test_the_page_says_so_when_it_runs_the_setting_of_the_study_it_checks(tmp_path):
    raw = config(samples=2, vary=["learning_rate"],
                 checks=_checked_study(tmp_path, weeks=13, replications=2))
    page = run_robustness(raw, out=tmp_path / "r", workers=1, progress=False,
                          run_function=flipping_run).report.read_text()
    assert "This check runs the same setting as the study it checks (main_study)" in page
    assert "Read this first" not in page


def test_without_a_study_to_check_the_setting_is_compared_with_the_model_defaults(tmp_path):
    out = run_robustness(config(samples=2, vary=["learning_rate"]), out=tmp_path / "r",
                         workers=1, progress=False, run_function=flipping_run)
    page = out.report.read_text()
    assert "differs from the model&#x27;s defaults" in page
    assert "Here: 8 members at the start; by default: 30 members at the start." in page
    assert "Each setting is run 2 times under each set of assumptions." in page


def test_a_missing_study_to_check_is_one_line_naming_the_key(tmp_path):
    raw = config(samples=2, checks=str(tmp_path / "nosuch.toml"))
    with pytest.raises(ConfigError) as err:
        run_robustness(raw, out=tmp_path / "r", workers=1, progress=False,
                       run_function=flipping_run)
    assert "robustness.checks" in str(err.value) and "does not exist" in str(err.value)
    assert "\n" not in str(err.value) and not (tmp_path / "r" / "runs.parquet").exists()


@pytest.fixture(scope="module")
def flipped(tmp_path_factory):
    raw = config(samples=8, vary=["learning_rate", "success_base"],
                 ranges={"learning_rate": [0.0, 0.5]})
    raw["findings"] = [*raw["findings"], {
        "name": "0.5 years keep as many alive", "outcome": "survived",
        "comparison": ["funding_years=0.5", "funding_years=0.2"], "direction": "greater"}]
    return run_robustness(raw, out=tmp_path_factory.mktemp("flipped"), workers=1,
                          progress=False, run_function=flipping_run)


def test_the_plain_part_uses_no_statistical_terms_and_each_term_is_explained_first(flipped):
    from lcsim.experiments.robustness_report import robustness_section

    plain = robustness_section(flipped)
    terms = ["95% CI", "p (unadjusted", "Holm", "rank correlation", "Latin hypercube",
             "split-half", "noise share", "Wilson"]
    for term in [*terms, "assumption_learning_rate", "True", "False"]:
        assert term not in plain, term
    page = flipped.report.read_text()
    explained = page.index("The terms used below")
    for term in terms:
        assert explained < page.index(term) < page.index("</dl>"), term


def test_tables_say_yes_and_no_and_name_assumptions_in_words_first(flipped):
    page = flipped.report.read_text()
    assert "<td>True</td>" not in page and "<td>False</td>" not in page
    assert "<td>yes</td>" in page and "<td>no</td>" in page
    assert "<td>learning_rate</td>" not in page and "&#x27; (learning_rate)</td>" in page


def test_share_outcomes_are_charted_in_percentage_points_with_the_legend_off_the_data(
        flipped):
    from lcsim.experiments.robustness_report import axis_words, effect_figure

    assert axis_words("survived") == (
        100.0, "difference in communities still active, percentage points")
    assert axis_words("realized_value")[0] == 1.0
    fig = effect_figure(flipped)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    for ax in fig.axes:
        assert not legend.overlaps(ax.get_window_extent(renderer))
    assert fig.axes[1].get_xlabel().endswith("percentage points")  # survived, second
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_a_named_lead_is_explained_in_plain_words_and_the_correction_left_to_the_appendix():
    from lcsim.experiments.robustness_report import _hinges_on

    rows = pd.DataFrame({"assumption": ["learning_rate", "trust_gain", "success_base"],
                         "rho": [0.6, 0.1, 0.05], "p": [0.0001, 0.4, 0.7],
                         "p_adjusted": [0.0003, 0.8, 0.8], "stable": True})
    text = _hinges_on(rows, sets=30, replications=10)
    assert "learning_rate" in text
    assert "allowing for" not in text and "Holm" not in text and "adjusted" not in text
    assert "3 assumptions at once" in text and "the appendix" in text
