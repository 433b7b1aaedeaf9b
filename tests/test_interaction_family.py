"""The interaction table says which row per outcome is the test and warns that the other,
uncorrected rows may exclude zero by chance; the answer says so when one of them does.
An interaction of a bounded outcome stays within what it can be."""

from __future__ import annotations

import pandas as pd

from lcsim.experiments import stats
from lcsim.experiments.answer import interaction_family_note, other_steps_caveat


def _table() -> pd.DataFrame:
    """Interactions of 0 -> k bridge-builders: only the 0 -> 2 row excludes zero."""
    return pd.DataFrame([{"outcome": "realized_value", "a_to": k, "interaction": 1.0,
                          "ci_low": 0.7 if k == 2 else -11.0, "ci_high": 14.5}
                         for k in (1, 2, 3, 4)])


def test_the_interaction_table_names_the_tested_row_and_counts_chance_hits():
    note = interaction_family_note(_table(), "bridge-builders")
    assert "tests one row" in note and "marked tested" in note
    assert "The other 3 rows" in note and "about 0.15 of them" in note
    assert "1 does" in note and "not corrected for many comparisons" in note


def test_the_tested_interaction_warns_when_an_untested_step_excludes_zero():
    table = _table()
    caveat = other_steps_caveat(table.iloc[:-1], "bridge-builders")
    assert "1 of the 3 other changes of bridge-builders" in caveat
    assert "may be chance" in caveat
    quiet = table.assign(ci_low=-1.0)
    assert other_steps_caveat(quiet.iloc[:-1], "bridge-builders") == ""


def test_an_interaction_of_a_level_stays_within_minus_and_plus_two():
    rows = []
    for a in (0, 1):
        for b in (0, 1):
            for r in range(3):
                value = 1.0 if (a == b) == (r != 2) else 0.0  # per replication +2, +2, -2
                rows.append({"status": "ok", "replication": r, "param_a": a,
                             "param_b": b, "cohesion": value})
    runs = pd.DataFrame(rows)
    kind = stats.OutcomeKind(low=0.0, high=1.0)
    table = stats.grid_interactions(runs, "a", "b", ["cohesion"], paired=True,
                                    kinds={"cohesion": kind})
    r = table.iloc[0]
    assert -2.0 <= r["ci_low"] <= r["interaction"] <= r["ci_high"] <= 2.0
    assert r["ci_low"] == -2.0 or r["ci_high"] == 2.0  # the t interval reached past 2
