"""Settings further along a lever are named in the lever's own words: longer funding,
more bridge-builders, not "longer" bridge-builders."""

from __future__ import annotations

import pandas as pd

from lcsim.experiments.answer import ParamWords
from lcsim.experiments.report import _trend_verdict


def test_settings_with_more_bridge_builders_are_not_called_longer():
    assert ParamWords("n_bridge_builders").later() == "the settings with more bridge-builders"
    assert ParamWords("funding_years").later() == "the longer settings"
    assert ParamWords("funding_years").later(False) == "the longer setting"


def test_the_levels_off_verdict_uses_the_levers_words():
    row = pd.Series({"difference": 2.0, "rising": True, "clear": True, "unsure": False,
                     "direction": 1})
    verdict = _trend_verdict(row, False, ParamWords("n_bridge_builders").later())
    assert verdict == "clearly below the settings with more bridge-builders"
