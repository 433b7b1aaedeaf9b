"""A region report says which of its numbers are totals over a region's communities
(realized value, paid hours, products, members) and which averages (trust, levels 0-1):
in the answer, in the tables' headings and in the data dictionary."""

from __future__ import annotations

import pytest

from lcsim import outputs
from lcsim.experiments.report import _Report
from lcsim.experiments.storage import column_doc
from tests.test_region_report_ceilings import OUTPUTS, region_report, text_of


@pytest.fixture(scope="module")
def report() -> _Report:
    """The made-up region study over OUTPUTS, built once; the tests only read it."""
    return region_report(OUTPUTS)


@pytest.fixture(scope="module")
def page(report: _Report) -> str:
    """Its rendered page (HTML)."""
    return report.render()


def test_the_answer_of_a_region_study_says_which_numbers_are_totals_and_which_averages(
        report):
    notes = text_of(" ".join(report.answer.notes))
    assert "realized value and members' paid hours are the total" in notes
    assert "the total over the region's communities" in notes
    assert "trust between members is the average over the region's communities" in notes


def test_a_region_answer_speaks_of_a_region_not_a_community_for_totals(report):
    words = text_of(" ".join(report.answer.sentences))
    assert "a community has" not in words
    assert "Single communities vary" not in words


def test_region_table_headings_name_total_or_average_beside_the_unit(page):
    text = text_of(page)
    assert "Members' paid hours (hours, total over the region's communities)" in text
    assert "Trust between members (level 0-1, average over the region's communities)" in text
    assert "Care organisations using a product (organisations, counted once for the " \
           "region, whose communities share them; at most 20)" in text


def test_the_region_data_dictionary_says_total_or_average_and_a_single_one_does_not(page):
    assert "for a region: total over the region's communities" in column_doc(
        "paid_hours", region=True)[0]
    assert "for a region: average over the region's communities" in column_doc(
        "mean_trust", region=True)[0]
    assert "region" not in column_doc("paid_hours")[0]
    dictionary = text_of(page[page.index("<h3>Data dictionary</h3>"):])
    assert "for a region: total over the region's communities" in dictionary


def test_every_model_output_is_a_total_an_average_or_says_how_a_region_makes_it():
    for name in outputs.OUTPUTS:
        how = outputs.region_pooling(name)
        assert (how == outputs.TOTAL) == (name in outputs.REGION_TOTALS), name


def test_every_region_output_made_neither_as_total_nor_average_has_its_own_words():
    """outputs._REGION_POOLING names the outputs that RegionModel._region_wide makes
    otherwise than as a total or a mean; the two lists must not drift apart."""
    from lcsim import RegionModel

    region = RegionModel(rng=1, n_communities=2, n_participants=10, funding_years=0.5,
                         weeks_after_funding=0)
    made_otherwise = set(region._region_wide(region.community_values))
    for name in made_otherwise:
        assert outputs.region_pooling(name) not in ("", outputs.TOTAL, outputs.AVERAGE), name
