"""`lcsim run` of one community says whether that community is still active in words for
one community ("community still active  yes"), while studies keep the share wording
("communities still active") for the mean over their runs."""

from __future__ import annotations

import re

from lcsim import outputs
from lcsim.cli import main

SHORT_RUN = ["run", "--seed", "3", "--quiet", "--set", "funding_years=1",
             "weeks_after_funding=4"]


def survived_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.rstrip().endswith(" survived")]


def test_one_community_run_says_community_still_active_yes_or_no(capsys):
    assert main(SHORT_RUN) == 0
    lines = survived_lines(capsys.readouterr().out)
    assert len(lines) == 2  # "In short" and "Every output"
    for line in lines:
        assert re.fullmatch(r"  community still active +(yes|no)  yes/no +survived", line), line
        assert "communities" not in line


def test_a_study_of_many_runs_keeps_the_share_wording_for_survival():
    assert outputs.describe("survived").label == "communities still active"
    assert outputs.describe("survived", one_run=True).label == "community still active"
    assert outputs.describe("survived", region=True, one_run=True).label == \
        "share of the region's communities still active"
