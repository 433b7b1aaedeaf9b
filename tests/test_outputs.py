"""lcsim/outputs.py: every model output has a plain name, unit, meaning and kind, and the
statistics, report and data dictionary read them from there."""

from __future__ import annotations

import math

import pytest

from lcsim import outputs
from lcsim.experiments.config import model_outcomes, model_series
from lcsim.indicators import SUMMARY_KEYS
from lcsim.params import Params


@pytest.mark.parametrize("region", [False, True], ids=["community", "region"])
def test_every_summary_key_and_weekly_series_has_metadata(region: bool):
    names = set(model_outcomes(region)) | set(model_series(region))
    assert not outputs.missing(sorted(names)), \
        f"add these outputs to lcsim/outputs.py: {outputs.missing(sorted(names))}"
    assert not outputs.missing(SUMMARY_KEYS)


def test_metadata_is_complete_and_plain():
    for name, meta in outputs.OUTPUTS.items():
        assert meta.name == name
        assert meta.label and "_" not in meta.label, name
        assert meta.unit and meta.meaning, name
        assert meta.kind in outputs.KINDS
        assert meta.low == 0.0 and meta.high > 0
        if meta.kind in (outputs.YES_NO, outputs.SHARE, outputs.LEVEL):
            assert meta.high == 1.0, name
        assert meta.better in ("", outputs.MORE, outputs.LESS)


def test_survival_is_yes_no_in_a_community_and_a_share_in_a_region():
    assert outputs.output("survived").yes_no
    region = outputs.output("survived", region=True)
    assert region.kind == outputs.SHARE and not region.yes_no and region.high == 1.0
    assert "survived" in outputs.yes_no_outputs()
    assert all(outputs.output(n).yes_no for n in outputs.yes_no_outputs())


def test_cumulative_and_frozen_outputs_are_marked():
    assert outputs.output("realized_value").cumulative
    assert outputs.output("products_landed_practice").cumulative
    assert not outputs.output("stranded_potential_value").cumulative
    assert outputs.output("mean_trust").frozen_when_dissolved
    assert outputs.output("products_landed_practice").readable
    assert not outputs.output("realized_value").readable
    assert outputs.output("realized_value").unit == "model value units"


def test_plain_labels_of_parameters_and_outputs_have_no_code_names():
    for name in Params.names():
        assert Params.spec(name).label, f"{name}: give it a label in lcsim/params.py"
        assert outputs.plain_label(name) == Params.spec(name).label
        assert "_" not in outputs.plain_label(name), name
        assert outputs.param_unit(name) == Params.spec(name).unit
    assert outputs.plain_label("products_landed_practice") == "products landed in practice"
    assert outputs.plain_label("funding_years") == "external funding"
    assert outputs.plain_label("no_such_thing") == "no such thing"


def test_a_derived_outcome_gets_its_unit_from_its_parts():
    meta = outputs.derived_output("value_per_funded_year", "realized_value",
                                  ["funding_years", "follow_up_years"], "what a year buys")
    assert meta.unit == "model value units per year"
    assert meta.cumulative and meta.meaning == "what a year buys"
    mixed = outputs.derived_output("x", "realized_value", ["funding_years", "active_members"])
    assert mixed.unit.startswith("model value units per unit of ")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        outputs.Output("x", "x", "u", "m", "furlongs")
    assert math.isinf(outputs.output("realized_value").high)


@pytest.mark.parametrize("changes", [
    {}, {"funding_years": 1.0, "n_participants": 8, "turnover_rate": 0.35},
    {"n_participants": 6, "turnover_rate": 0.35},  # dissolves in its second month
])
def test_knowledge_combined_while_funded_is_the_mean_of_the_funded_weeks(changes):
    from lcsim import LearningCommunityModel

    model = LearningCommunityModel(rng=4, **changes).run()
    weekly = model.datacollector.get_model_vars_dataframe()["knowledge_combination"]
    funded = weekly.iloc[1:model.funding_weeks + 1]
    assert model.summary()["knowledge_combination_funded"] == pytest.approx(funded.mean())


def test_a_regions_survival_reads_as_a_share_of_its_communities():
    from lcsim.outputs import describe, value_text

    assert value_text("survived", 1.0) == "yes" and value_text("survived", 0.0) == "no"
    assert value_text("survived", 1.0, region=True) == "100%"
    assert value_text("survived", 0.5) == "50%"  # never "no" for half the communities
    assert value_text("phase", 2.5) == "2.5 on average"
    meta = describe("survived", region=True)
    assert meta.unit == "share of communities" and "share of the region's" in meta.meaning
    assert "1 if the community" not in meta.meaning
