"""Where the answer calls an effect or interaction clear and a setting has fewer than 10
runs, it says once, in plain words, how many runs per setting that rests on and that more
runs would show whether it holds; with enough runs, or with nothing clear, it says
nothing of the kind. Built on made-up runs (no model run).
"""

from __future__ import annotations

import pandas as pd
from test_answer_fixes_fixed_date import (
    BB_BY_FUNDING,
    answer_words,
    bb_report,
    made_up_report,
    share_with_bb_when_short,
)

from lcsim.experiments.answer import FEW_RUNS, few_runs_caution

CAUTION = ("Clear results in this answer rest on only 6 runs per setting; a study with "
           "more runs per setting would show whether they hold.")


def test_a_clear_interaction_from_6_runs_per_setting_gets_one_caution_with_the_count():
    words = answer_words(bb_report())
    interaction = next(w for w in words if "clearly depends on external funding" in w)
    assert interaction, "the interaction is clear in these runs"
    assert sum(w.count("rest on only") for w in words) == 1, "one caution, not on every line"
    assert words[0].endswith(CAUTION), "after the first sentence that calls something clear"
    assert "clearly" in words[0].removesuffix(CAUTION)


def test_with_enough_runs_per_setting_the_clear_results_stand_without_a_caution():
    words = answer_words(made_up_report(BB_BY_FUNDING, share_with_bb_when_short,
                                        replications=FEW_RUNS))
    assert any("clearly depends on external funding" in w for w in words)
    assert not any("rest on only" in w or "more runs" in w for w in words)


def test_with_nothing_clear_there_is_nothing_to_caution():
    config = {**BB_BY_FUNDING, "baseline": {"n_bridge_builders": 0},
              "base": {"weeks_after_funding": 52, "funding_years": 5},
              "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2]}}}
    words = answer_words(made_up_report(config, lambda bb, years, r: 0.3 + (r % 3) / 20
                                        + (0.01 if bb and r == 0 else 0)))
    assert "rises by 0.0017 from 0 to 2 bridge-builders, but that is not clear yet" \
        in words[0], words[0]
    assert not any("rest on only" in w for w in words), words


def test_the_caution_counts_finished_runs_per_setting_or_scenario():
    def runs(sizes: dict[str, int]) -> pd.DataFrame:
        return pd.DataFrame({"point": [p for p, n in sizes.items() for _ in range(n)]})

    assert "only 5 to 6 runs per setting;" in few_runs_caution(runs({"a": 6, "b": 5}))
    assert "more runs per scenario would" in few_runs_caution(runs({"a": 3}), "scenario")
    assert few_runs_caution(runs({"a": FEW_RUNS, "b": FEW_RUNS + 5})) == ""
    assert few_runs_caution(pd.DataFrame()) == ""


def test_a_scenario_study_with_few_runs_says_it_per_scenario():
    """Scenarios differing in two ways (not an axis): their answer speaks of scenarios."""
    config = {**BB_BY_FUNDING, "baseline": "short",
              "base": {"weeks_after_funding": 52, "funding_years": 1},
              "design": {"kind": "scenarios", "scenarios": [
                  {"name": "short", "params": {"n_bridge_builders": 0}},
                  {"name": "bridged", "params": {"n_bridge_builders": 2,
                                                 "n_participants": 20}}]}}
    words = answer_words(made_up_report(config, share_with_bb_when_short))
    assert sum(w.count("rest on only 6 runs per scenario") for w in words) == 1, words
    cautioned = next(w for w in words if "rest on only" in w)
    assert "Each scenario against the baseline" in cautioned, "the first clear sentence"
