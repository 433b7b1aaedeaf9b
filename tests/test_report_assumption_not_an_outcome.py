"""A fixed assumption stored beside each run ([assumptions] in the config) is a setting,
not an outcome: the report does not count it among the outcomes stored per run."""

from __future__ import annotations

import re

from tests.test_report_wording import one_factor_report

FIVE = ["survived", "products_in_use", "subsidy_hours", "applied_value", "paid_hours"]


def _stored_note(page: str) -> str:
    found = re.search(r"(\d+) outcomes? (?:is|are) stored per run[^<]*", page)
    return found.group(0) if found else ""


def test_a_fixed_assumption_is_not_counted_as_an_outcome():
    page = one_factor_report([1, 2], [6, 9], [2, 2.5], outputs=FIVE,
                             assumptions={"avoidance": 0.9}).render()
    assert "6 outcomes are stored" not in page
    assert _stored_note(page) == ""  # all 5 outcomes are in the tables already


def test_the_stored_outcomes_note_counts_outcomes_and_names_the_assumption_apart():
    report = one_factor_report([1, 2], [6, 9], [2, 2.5], outputs=FIVE,
                               assumptions={"avoidance": 0.9})
    report.headline = FIVE[:2]  # a report that shows only two of the five in its tables
    note = _stored_note(report.render())
    assert note.startswith("5 outcomes are stored per run"), note
    assert "1 assumption each run was made under" in note
