"""The policy report says truthfully when each outcome is measured, keeps statistics
jargon out of its plain answer (the allowance for many comparisons is in the appendix),
and the shipped funding studies carry no outcome "per funded year", while a user's own
config that divides by years of funding is warned about. Built on made-up runs (no model
run), so these tests are fast."""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from lcsim import outputs
from lcsim.experiments.config import ExperimentConfig, load_config
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_report_answer_shape import REPORT as FUNDING_REPORT

ROOT = Path(__file__).parents[1]
REPS = 12
# Statistics words that belong in the appendix, not in the plain answer.
JARGON = ("allowing for", "Holm", "correction", "uncorrected", "many comparisons",
          "p-value", "adjusted p", "confidence interval", "95% CI", "Wilson", "Cohen",
          "Vargha", "interaction table", "design point", "replication", "paired")


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def made_up_report(config: dict[str, Any], value: Any) -> _Report:
    """The report of made-up runs: `value(outcome, factors, replication)` gives each run's
    number of each outcome of `config["outputs"]`."""
    parsed = ExperimentConfig.model_validate(config)
    points = design_points(parsed)
    rows = []
    for point in points:
        for r in range(REPS):
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1}
            row.update({o: float(value(o, point.factors, r)) for o in parsed.outcome_names()})
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
    manifest = {"design_points": [{"name": p.name, "factors": p.factors} for p in points],
                "status": "complete", "baseline": points[0].name, "sessions": [],
                "command_line": ["lcsim", "experiment", "study.toml"]}
    return _Report(parsed, manifest, pd.DataFrame(rows), pd.DataFrame())


# Bridge-builders x stereotyping, led by knowledge combined while funded (as
# configs/bridge_builders.toml is): its runs are watched two years after funding ends.
BRIDGE = {
    "name": "bridge", "question": "Do bridge-builders matter more under stereotyping?",
    "replications": REPS, "root_seed": 1, "common_random_numbers": True,
    "baseline": {"n_bridge_builders": 0, "stereotype_strength": 0.2},
    "outputs": ["knowledge_combination_funded", "realized_value", "survived",
                "products_landed_practice"],
    "base": {"weeks_after_funding": 104},
    "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 1, 2, 3, 4],
                                           "stereotype_strength": [0.2, 0.8]}},
}


def _bridge_value(outcome: str, factors: dict[str, Any], r: int) -> float:
    k, high = factors["n_bridge_builders"], factors["stereotype_strength"] > 0.5
    noise = (r % 4) / 100
    if outcome == "knowledge_combination_funded":  # bridge-builders help more when high
        step = (0.06 if high else 0.04) + ((r * (k + 1) + 3 * high) % 5) / 500
        return min(0.43 + step * min(k, 2) - (0.07 if high else 0) + noise, 1.0)
    if outcome == "realized_value":
        return 19 + 1.6 * k + 10 * noise
    if outcome == "survived":
        return float(r < 9)
    return 15 + k - (5 if high else 0) + r % 3


BRIDGE_REPORT = made_up_report(BRIDGE, _bridge_value)


def sentences_of(report: _Report) -> list[str]:
    return [text_of(s) for s in report.answer.sentences]


def answer_section(page: str) -> str:
    start = page.index('<section id="answer">')
    return text_of(page[start:page.index("</section>", start)])


def appendix_of(page: str) -> str:
    return text_of(page[page.index('<section id="appendix">'):])


# --------------------------------------------------------------------------- when
def test_every_output_says_when_a_run_s_number_of_it_is_measured():
    for name, meta in outputs.OUTPUTS.items():
        assert meta.measured, name
        if meta.at_end:
            expected = "added up from the start" if meta.cumulative else "in the last week"
            assert expected in meta.measured, name
    funded = outputs.OUTPUTS["knowledge_combination_funded"]
    assert not funded.at_end and funded.measured == "averaged over the funded weeks"
    assert funded.when_words("two years after funding ends") == \
        "averaged over the funded weeks"
    lasting = outputs.OUTPUTS["products_lasting"]
    assert not lasting.at_end and "two years after all funding ends" in lasting.measured
    assert lasting.when_words("at the end of year 10 after the start") == "", \
        "its name already says when it is counted"
    assert outputs.OUTPUTS["survived"].when_words("two years after funding ends") == \
        "two years after funding ends"


def test_an_average_over_the_funded_weeks_is_not_said_to_be_measured_after_funding_ends():
    words = sentences_of(BRIDGE_REPORT)
    assert words[0].startswith("In the model, knowledge combined while funded (level 0-1), "
                               "averaged over the funded weeks, stops rising after about 2 "
                               "bridge-builders")
    assert words[1].startswith("With initial stereotyping of 0.2, knowledge combined while "
                               "funded (level 0-1), averaged over the funded weeks, rises")
    for sentence in words:
        assert not re.search(r"knowledge combined while funded \(level 0-1\),? two years",
                             sentence), sentence
    # Realized value, read at the end of the runs, still says so.
    value = next(w for w in words if "realized value (model value units)" in w.lower())
    assert value.startswith("With initial stereotyping of 0.2, realized value (model value "
                            "units), two years after funding ends, at the end of year 6, is")


def test_the_report_names_the_outcome_measured_at_another_time_wherever_it_states_the_end():
    page = BRIDGE_REPORT.render()
    answer = answer_section(page)
    assert ("How the numbers compare: every run is compared two years after funding ends, "
            "at the end of year 6") in answer
    assert ("Measured at another time: knowledge combined while funded (averaged over the "
            "funded weeks).") in answer
    appendix = appendix_of(page)
    assert ("Framing of these tables: two years after funding ends, at the end of year 6 (the "
            "same time after funding ends and the same date for every run); measured "
            "otherwise: knowledge combined while funded (averaged over the funded weeks).") \
        in appendix
    assert "When a run's number is measured: averaged over the funded weeks." in appendix
    assert ("When a run's number is measured: two years after funding ends, at the end of "
            "year 6, as a total from the start of the run.") in appendix  # realized value
    figures = text_of(page[page.index('<section id="figures">'):
                           page.index('<section id="appendix">')])
    assert "measured otherwise: knowledge combined while funded (averaged over the funded " \
           "weeks)" in figures
    dictionary = appendix[appendix.index("Data dictionary"):]
    assert "when a run's number is measured" in dictionary
    assert re.search(r"knowledge_combination_funded knowledge combined while funded .* "
                     r"averaged over the funded weeks runs", dictionary)


def test_a_study_that_reads_every_outcome_at_the_end_names_no_exception():
    page = FUNDING_REPORT.render()
    assert "Measured at another time" not in page and "measured otherwise" not in page


# --------------------------------------------------------------------------- jargon
@pytest.mark.parametrize("report", [FUNDING_REPORT, BRIDGE_REPORT],
                         ids=["funding", "bridge"])
def test_the_plain_answer_has_no_statistics_jargon(report):
    page = report.render()
    answer = answer_section(page)
    for term in JARGON:
        assert term not in answer, f"{term!r} in the plain answer"


def test_what_the_second_factor_adds_is_told_plainly_and_its_allowance_in_the_appendix():
    added = next(w for w in sentences_of(BRIDGE_REPORT)
                 if w.startswith("With initial stereotyping of 0.8 instead of"))
    assert "it is clearly lower at every one of the 5 settings;" in added
    # The funding grid sets follow-up funding against the longer subsidy that ends with it
    # (tests/test_policy_follow_up.py), on average over the pairs, with its verdict.
    funding_added = next(w for w in sentences_of(FUNDING_REPORT)
                         if w.startswith("What should follow the subsidy"))
    assert re.search(r"such pairs .*, (so not clearly different|clearly (higher|lower))",
                     funding_added)
    assert "settings compared" not in added + funding_added
    appendix = appendix_of(BRIDGE_REPORT.render())
    assert ("What initial stereotyping of 0.8 adds to knowledge combined while funded (level "
            "0-1), setting by setting: the answer calls a difference clear only once "
            "allowing for the 5 settings compared (Holm's correction); 5 of 5 are clear "
            "then") in appendix
    assert "applies Holm's correction for the pairs of each outcome" in appendix


def test_the_interaction_sentence_leaves_the_untested_rows_to_the_appendix():
    inter = next(w for w in sentences_of(BRIDGE_REPORT) if w.startswith("Going from 0 to 4"))
    assert inter.endswith("so the effect clearly depends on initial stereotyping.")
    assert "other changes" not in inter
    appendix = appendix_of(BRIDGE_REPORT.render())
    assert "Per outcome the answer tests one row" in appendix


# --------------------------------------------------------------------------- per year
@pytest.mark.parametrize("path", sorted((ROOT / "configs").glob("funding_horizon*.toml")),
                         ids=lambda p: p.name)
def test_the_shipped_funding_studies_have_no_outcome_per_funded_year(path):
    config = load_config(path)
    for derived in config.derived:
        assert not set(derived.denominator) & {"funding_years", "follow_up_years"}, \
            derived.name
    text = path.read_text().lower()
    assert "per funded year" not in text and "value_per_funded_year" not in text
    assert "per_funded_year" not in " ".join(tomllib.loads(path.read_text()).get(
        "outputs", []))


def test_the_experiments_readme_says_nothing_of_a_value_per_funded_year_study_outcome():
    readme = (ROOT / "experiments" / "README.md").read_text()
    assert "value_per_funded_year" not in readme
    assert "- value per funded year" not in readme
    assert "The report still warns when your own config divides" in readme


def _per_year_config(numerator: str) -> dict[str, Any]:
    return {
        "name": "own", "question": "How long to fund?", "replications": REPS,
        "root_seed": 1, "common_random_numbers": True,
        "baseline": {"funding_years": 1, "follow_up_years": 0},
        "outputs": ["survived", "products_in_use", "subsidy_hours", numerator,
                    "per_funded_year"],
        "derived": [{"name": "per_funded_year", "numerator": numerator,
                     "denominator": ["funding_years", "follow_up_years"]}],
        "base": {"weeks_after_funding": 104},
        "design": {"kind": "grid", "factors": {"funding_years": [1, 2, 4],
                                               "follow_up_years": [0, 2]}}}


def _per_year_value(outcome: str, factors: dict[str, Any], r: int) -> float:
    years, follow = factors["funding_years"], factors["follow_up_years"]
    if outcome == "survived":
        return float(r < 4 + 2 * years)
    if outcome == "subsidy_hours":
        return 6000 * years + 2400 * follow + 10 * r
    if outcome == "care_organisations_using":
        return float(min(1 + years + r % 2, 4))
    if outcome == "per_funded_year":
        return float(min(1 + years + r % 2, 4)) / (years + follow)
    return 2 * years + r % 3


def test_a_users_outcome_per_funded_year_is_warned_about_beside_the_answer_and_its_table():
    report = made_up_report(_per_year_config("care_organisations_using"), _per_year_value)
    page = report.render()
    answer = answer_section(page)
    assert ("Per funded year divides care organisations using a product by years of funding "
            "(external funding plus follow-up funding). Read it with care: a year of "
            "follow-up funding counts as a full year although it pays a smaller share of "
            "members' time (follow-up funding pays 40% of members' time, the subsidy 70%); "
            "care organisations using a product cannot grow past the number of "
            "organisations a community has, so divided by years it falls with longer "
            "funding by construction.") in answer
    assert "as 'what the subsidy buys' does, per 1,000 subsidy hours" in answer
    findings = appendix_of(page)
    assert findings.count("Per funded year divides care organisations using a product") >= 2


def test_an_outcome_divided_by_something_else_gets_no_warning():
    config = _per_year_config("products_in_use")
    config["derived"][0]["denominator"] = ["subsidy_hours"]
    report = made_up_report(config, _per_year_value)
    assert "by years of funding" not in report.render()


def test_lcsim_run_says_which_outputs_are_not_measured_in_the_last_week(capsys):
    from lcsim.cli import main

    assert main(["run", "--seed", "1", "--quiet", "--set", "funding_years=1",
                 "weeks_after_funding=10", "n_participants=20"]) == 0
    out = capsys.readouterr().out
    note = out.splitlines()[-1]
    assert note == ("Measured in week 62, the last (totals from the start of the run), "
                    "except: knowledge combined while funded, averaged over the funded weeks; "
                    "paid hours in the funded years per lasting product, two years after all "
                    "funding ends, or at the end of a run that ends sooner.")
