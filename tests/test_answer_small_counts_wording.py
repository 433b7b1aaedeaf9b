"""Counts of one read as one: "the other change ... also has", not "1 of the 1 other
changes" (the researcher's tryout of a 2 x 2 study)."""

from __future__ import annotations

import pandas as pd

from lcsim.experiments.answer import other_steps_caveat


def test_one_other_change_is_not_counted_as_1_of_the_1():
    one = pd.DataFrame({"ci_low": [0.2], "ci_high": [0.9]})
    text = other_steps_caveat(one, "bridge-builders")
    assert "the other change of bridge-builders in the interaction table also has a likely " \
           "range that excludes zero, which may be chance" in text
    assert "1 of the 1" not in text and "among that many" not in text


def test_several_other_changes_are_counted():
    rows = pd.DataFrame({"ci_low": [0.2, -0.5, 0.1], "ci_high": [0.9, 0.4, 0.3]})
    text = other_steps_caveat(rows, "bridge-builders")
    assert "2 of the 3 other changes of bridge-builders in the interaction table have" in text
    assert other_steps_caveat(rows.iloc[[1]], "bridge-builders") == ""
