"""lcsim robustness gives every finding a defined 95 % interval, also when every run
agrees: a yes/no outcome gets Newcombe's interval of the difference of shares (as
report.html), a numeric one whose paired differences are all equal a zero-width one."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lcsim.experiments.robustness import Finding, finding_effects


def _study(outcome: str, long: float, short: float, replications: int = 3) -> pd.DataFrame:
    return pd.DataFrame([{"assumption_set": 0, "replication": r, "point": point,
                          outcome: long if point == "long" else short}
                         for r in range(replications) for point in ("long", "short")])


def test_survival_three_of_three_against_none_of_three_is_a_clear_difference():
    finding = Finding("long funding keeps more alive", "survived", (("long",), ("short",)))
    row = finding_effects(_study("survived", 1.0, 0.0), [finding]).iloc[0]
    assert row["effect"] == 1.0
    assert row["low"] == pytest.approx(0.206, abs=0.005)  # Newcombe method 10
    assert row["high"] == 1.0
    assert row["verdict"] == "holds" and bool(row["clear"])


def test_survival_with_a_single_replication_is_not_clear_but_has_bounds():
    finding = Finding("f", "survived", (("long",), ("short",)))
    row = finding_effects(_study("survived", 1.0, 0.0, replications=1), [finding]).iloc[0]
    assert not math.isnan(row["low"]) and row["low"] < 0
    assert row["verdict"] == "no clear difference"


def test_an_interaction_of_survival_gets_a_defined_interval():
    raw = [{"assumption_set": 0, "replication": r, "point": point,
            "survived": float(point == "a")}
           for r in range(5) for point in ("a", "b", "c", "d")]
    finding = Finding("f", "survived", (("a",), ("b",), ("c",), ("d",)))
    row = finding_effects(pd.DataFrame(raw), [finding]).iloc[0]
    assert row["effect"] == 1.0
    assert not math.isnan(row["low"]) and row["low"] < row["effect"] <= row["high"]


def test_an_equal_numeric_difference_in_every_replication_has_a_zero_width_interval():
    finding = Finding("f", "realized_value", (("long",), ("short",)))
    row = finding_effects(_study("realized_value", 6.0, 1.0), [finding]).iloc[0]
    assert (row["effect"], row["low"], row["high"]) == (5.0, 5.0, 5.0)
    assert row["verdict"] == "holds"
    same = finding_effects(_study("realized_value", 2.0, 2.0), [finding]).iloc[0]
    assert (same["low"], same["high"]) == (0.0, 0.0)
    assert same["verdict"] == "no clear difference"
    reversed_ = finding_effects(_study("realized_value", 1.0, 3.0), [finding]).iloc[0]
    assert reversed_["verdict"] == "reversed"
