"""The answer's fixed-date sentence reads which settings are still funded from each
setting's own funding years, names both sides of every comparison, and groups settings as
"still funded then, so the length of funding cannot make a difference" only where their
funding lengths differ; an axis of two settings is told as one step, clear or not, with
no claim about where it levels off. Built on made-up runs (no model run), so these tests
are fast.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

import pandas as pd

from lcsim.experiments.answer import still_funded_levels
from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import PARAM_PREFIX

# The researcher's study (bb_subsidy.toml): bridge-builders x years of external funding,
# watched one year after funding ends, so the fixed date is the end of year 2 (week 104).
BB_BY_FUNDING = {
    "name": "bb_subsidy", "question": "Do bridge-builders raise the share of products that "
                                      "land in practice, more so when the subsidy is short?",
    "replications": 6, "root_seed": 777001, "common_random_numbers": True,
    "baseline": {"n_bridge_builders": 0, "funding_years": 5},
    "outputs": ["share_landed_practice", "products_landed_practice", "products_developed",
                "realized_value", "survived"],
    "series": ["realized_value"],
    "derived": [{"name": "share_landed_practice", "numerator": "products_landed_practice",
                 "denominator": ["products_developed"]}],
    "base": {"weeks_after_funding": 52},
    "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2],
                                           "funding_years": [1, 2.5, 5]}},
}
FIXED_WEEK = 104


def share_with_bb_when_short(bb: int, years: float, replication: int) -> float:
    """Share of products landed: 0.3 to 0.42, and 0.7 to 0.82 with bridge-builders and a
    1-year subsidy (a clear interaction); elsewhere bridge-builders add 0.02 in every other
    run (not clear)."""
    return ((0.7 if bb and years == 1 else 0.3) + (replication % 3) / 20
            + bb * (replication % 2) / 100)


def made_up_report(config: dict, share: Callable[[int, float, int], float],
                   replications: int | None = None) -> _Report:
    """The report of made-up runs of a grid over bridge-builders and/or years of external
    funding. Products developed grow with funding; `share(bb, years, replication)` of them
    land in practice. Realized value is kept weekly: at the fixed date (week 104) a run
    still funded then has a value that depends only on bridge-builders and replication,
    as the model gives with common random numbers, and 0.2 less once funding has ended."""
    config = {**config, "replications": replications or config["replications"]}
    parsed = ExperimentConfig.model_validate(config)
    points = design_points(parsed)
    rows, series = [], []
    for point in points:
        bb = point.params["n_bridge_builders"]
        years = point.params["funding_years"]
        for r in range(parsed.replications):
            developed = 4 + 10 * years + r % 2
            landed = share(bb, years, r) * developed
            row = {"run_id": f"{point.index}-{r}", "point": point.name,
                   "point_index": point.index, "replication": r, "seed": 100 + r,
                   "status": "ok", "error": None, "wall_seconds": 0.1,
                   "share_landed_practice": landed / developed,
                   "products_landed_practice": landed, "products_developed": developed,
                   "realized_value": 3 * years + bb + r % 3, "survived": float(r % 2 == 0)}
            row.update({PARAM_PREFIX + k: v for k, v in point.params.items()})
            rows.append(row)
            end = int(52 * years) + 52
            at_date = 0.4 + bb / 2 + r / 10 - (0.2 if 52 * years < FIXED_WEEK else 0)
            for week in sorted({FIXED_WEEK, end}):
                series.append({"run_id": row["run_id"], "point": point.name,
                               "point_index": point.index, "replication": r, "week": week,
                               "realized_value": at_date if week == FIXED_WEEK
                               else row["realized_value"]})
    base = parsed.baseline if isinstance(parsed.baseline, str) else next(
        p.name for p in points if all(p.factors[k] == v for k, v in parsed.baseline.items()))
    manifest = {"design_points": [{"name": p.name, "factors": p.factors} for p in points],
                "status": "complete", "baseline": base, "sessions": [],
                "command_line": ["lcsim", "experiment", "study.toml"]}
    return _Report(parsed, manifest, pd.DataFrame(rows), pd.DataFrame(series))


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def answer_words(report: _Report) -> list[str]:
    return [text_of(s) for s in report.answer.sentences]


@functools.cache
def bb_report() -> _Report:
    return made_up_report(BB_BY_FUNDING, share_with_bb_when_short)


@functools.cache
def funding_report() -> _Report:
    """Years of external funding alone (1, 2.5 and 5 years, no bridge-builders)."""
    config = {**BB_BY_FUNDING, "baseline": {"funding_years": 5},
              "base": {"weeks_after_funding": 52, "n_bridge_builders": 0},
              "design": {"kind": "grid", "factors": {"funding_years": [1, 2.5, 5]}}}
    return made_up_report(config, lambda bb, years, r: 0.3 + years / 20 + (r % 3) / 50)


def value_sentence(report: _Report) -> str:
    return next(w for w in answer_words(report) if "at a fixed date" in w)


def test_still_funded_settings_are_read_from_each_settings_funding_years():
    study = bb_report().study
    assert still_funded_levels(study, 5) == [0, 2], "5 years: funded at week 104"
    assert still_funded_levels(study, 2.5) == [0, 2], "2.5 years: funded at week 104"
    assert still_funded_levels(study, 1) == [], "1 year: funding ended at week 52"


def test_settings_funded_equally_long_are_compared_at_the_fixed_date_with_both_sides():
    value = value_sentence(bb_report())
    fixed = value.split("at a fixed date, the end of year 2,")[1]
    assert value.startswith("With 5 years of external funding, realized value")
    # both settings of bridge-builders, each with its own number: 0.65 and 1.65 on average
    assert re.search(r"it is 0\.65 \(likely range [^)]*\) with 0 bridge-builders and 1\.7 "
                     r"\(likely range [^)]*\) with 2 bridge-builders, both still funded then",
                     fixed), fixed
    assert "every setting" not in value and "cannot make a difference" not in value


def test_settings_that_differ_in_funding_length_are_one_group_named_by_both_ends():
    value = value_sentence(funding_report())
    fixed = value.split("at a fixed date, the end of year 2,")[1]
    assert fixed.startswith(" it is 0.45") and "with 1 year of external funding, while" in fixed
    assert ("every setting with 2.5 years of external funding or more is still funded "
            "then, so the length of funding cannot make a difference there yet") in fixed
    group = fixed.split("there yet")[1]
    assert "with 2.5 years of external funding and" in group
    assert group.rstrip(".").endswith("with 5 years of external funding)"), group


def test_a_clear_step_between_two_settings_is_told_as_one_step_not_as_a_trend():
    bottom, shape = answer_words(bb_report())[:2]
    assert "rises clearly from 0 to 2 bridge-builders (with 1 year of external funding)" \
        in bottom
    assert "with 5 years of external funding, it rises by 0.01 from 0 to 2 " \
           "bridge-builders, but that is not clear yet" in bottom
    assert shape.startswith("With 1 year of external funding, the share landed practice")
    assert re.search(r"rises clearly from 0\.35 \(likely range [^)]*\) with 0 "
                     r"bridge-builders to 0\.76 \(likely range [^)]*\) with 2 "
                     r"bridge-builders \(\+0\.41, likely range \+0\.4", shape), shape
    for words in (bottom, shape):
        for overreach in ("keeps rising", "level off", "levels off", "all along",
                          "the ones after it", "highest setting studied"):
            assert overreach not in words, (overreach, words)


def test_an_unclear_step_between_two_settings_says_only_that_it_is_not_clear():
    report = made_up_report(BB_BY_FUNDING, lambda bb, years, r: 0.3 + (r % 3) / 20
                            + (0.01 if bb and r == 0 else 0))
    bottom, shape = answer_words(report)[:2]
    assert "rises by 0.0017 from 0 to 2 bridge-builders, but that is not clear yet" in bottom
    assert re.search(r"it is 0\.35 \(likely range [^)]*\) with 0 bridge-builders and 0\.35 "
                     r"at the setting with more bridge-builders, "
                     r"which is not clearly higher on average \(\+0\.0017, likely range ",
                     shape), shape
    assert "levels off" not in shape and "rises" not in shape
