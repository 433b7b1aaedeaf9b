"""lcsim.Params: one validated place for every parameter, and the `lcsim params` table."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys

import numpy as np
import pytest

from lcsim.cli import main
from lcsim.params import ParameterError, Params, Spec, coerce

SPECS = Params.specs()
NUMERIC = [s for s in SPECS if s.kind is not bool]
INTS = [s for s in SPECS if s.kind is int]
FLOATS = [s for s in SPECS if s.kind is float]
BOOLS = [s for s in SPECS if s.kind is bool]

# The lever names users and tools type (issue 2, section 3).
LEVERS = ("funding_years", "weeks_after_funding", "n_bridge_builders", "stereotype_strength",
          "turnover_rate", "participation_policy", "psychological_safety", "landing_places")


def _ids(spec: Spec) -> str:
    return spec.name


def _assert_names_parameter_and_range(err: pytest.ExceptionInfo, spec: Spec) -> None:
    message = str(err.value)
    assert spec.name in message
    if spec.kind is not bool:
        assert f"{spec.low:g}" in message and f"{spec.high:g}" in message


def test_there_are_parameters_of_every_kind():
    assert INTS and FLOATS and BOOLS
    assert len(Params.names()) == len(set(Params.names())) == len(SPECS)


@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_every_parameter_has_default_unit_range_doc_and_source(spec):
    assert spec.default is not None
    assert isinstance(spec.default, spec.kind)
    assert spec.unit.strip()
    assert spec.doc.strip()
    assert spec.source.strip()
    assert spec.group.strip()
    assert spec.low <= spec.high
    if spec.kind is not bool:
        assert spec.low <= spec.default <= spec.high
    assert spec.range_text.strip()


def test_every_spec_default_is_the_params_default():
    defaults = Params()
    for spec in SPECS:
        assert getattr(defaults, spec.name) == spec.default


def test_defaults_validate_and_round_trip_through_a_dict():
    defaults = Params()
    assert Params.from_dict({}) == defaults
    assert Params.from_dict(defaults.to_dict()) == defaults
    assert set(defaults.to_dict()) == set(Params.names())


@pytest.mark.parametrize("lever", LEVERS)
def test_the_user_levers_exist_by_their_exact_names(lever):
    assert lever in Params.names()


@pytest.mark.parametrize("lever", ["stereotype_strength", "participation_policy",
                                   "psychological_safety"])
def test_zero_to_one_levers_range_from_zero_to_one(lever):
    spec = Params.spec(lever)
    assert (spec.low, spec.high) == (0.0, 1.0)


def test_count_levers_are_whole_numbers():
    for lever in ("n_bridge_builders", "landing_places", "weeks_after_funding",
                  "n_participants"):
        assert Params.spec(lever).kind is int


def test_params_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Params().funding_years = 2.0  # type: ignore[misc]


def test_parameter_error_is_a_value_error():
    assert issubclass(ParameterError, ValueError)


@pytest.mark.parametrize("spec", NUMERIC, ids=_ids)
def test_value_above_the_range_is_rejected_naming_parameter_and_range(spec):
    too_high = int(spec.high) + 1 if spec.kind is int else spec.high + 0.5
    with pytest.raises(ParameterError) as err:
        Params(**{spec.name: too_high})
    _assert_names_parameter_and_range(err, spec)
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: too_high})
    _assert_names_parameter_and_range(err, spec)


@pytest.mark.parametrize("spec", NUMERIC, ids=_ids)
def test_value_below_the_range_is_rejected_naming_parameter_and_range(spec):
    too_low = int(spec.low) - 1 if spec.kind is int else spec.low - 0.5
    with pytest.raises(ParameterError) as err:
        Params().replace(**{spec.name: too_low})
    _assert_names_parameter_and_range(err, spec)


@pytest.mark.parametrize("spec", NUMERIC, ids=_ids)
def test_range_limits_themselves_are_allowed(spec):
    for edge in (spec.low, spec.high):
        value = int(edge) if spec.kind is int else float(edge)
        assert getattr(Params(**{spec.name: value}), spec.name) == value


@pytest.mark.parametrize("spec", FLOATS, ids=_ids)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_not_a_number_and_infinity_are_rejected(spec, bad):
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: bad})
    _assert_names_parameter_and_range(err, spec)


@pytest.mark.parametrize("spec", SPECS, ids=_ids)
@pytest.mark.parametrize("bad", ["abc", None, [1], "1"])
def test_value_of_the_wrong_type_is_rejected_naming_the_parameter(spec, bad):
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: bad})
    _assert_names_parameter_and_range(err, spec)
    with pytest.raises(ParameterError) as err:
        Params(**{spec.name: bad})
    assert spec.name in str(err.value)


@pytest.mark.parametrize("spec", NUMERIC, ids=_ids)
def test_true_and_false_are_not_numbers(spec):
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: True})
    _assert_names_parameter_and_range(err, spec)
    with pytest.raises(ParameterError):
        Params(**{spec.name: False})


@pytest.mark.parametrize("spec", INTS, ids=_ids)
def test_whole_number_parameters_reject_fractions(spec):
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: spec.low + 0.5})
    _assert_names_parameter_and_range(err, spec)


@pytest.mark.parametrize("spec", BOOLS, ids=_ids)
@pytest.mark.parametrize("bad", [2, -1, 0.5, "yes"])
def test_flags_reject_anything_but_true_false_zero_and_one(spec, bad):
    with pytest.raises(ParameterError) as err:
        Params.from_dict({spec.name: bad})
    assert spec.name in str(err.value)


@pytest.mark.parametrize("spec", BOOLS, ids=_ids)
def test_flags_accept_zero_and_one(spec):
    assert getattr(Params.from_dict({spec.name: 1}), spec.name) is True
    assert getattr(Params.from_dict({spec.name: 0}), spec.name) is False


@pytest.mark.parametrize("how", ["from_dict", "replace"])
def test_unknown_parameter_is_rejected_naming_it(how):
    with pytest.raises(ParameterError) as err:
        if how == "from_dict":
            Params.from_dict({"fundng_years": 2.0})
        else:
            Params().replace(fundng_years=2.0)
    assert "fundng_years" in str(err.value)
    assert "funding_years" in str(err.value)  # the message lists what is known


@pytest.mark.parametrize("build", [
    lambda: Params().replace(stereotype_strenght=0.5),
    lambda: __import__("lcsim").LearningCommunityModel(stereotype_strenght=0.5),
    lambda: __import__("lcsim").RegionModel(n_communities=2, stereotype_strenght=0.5),
], ids=["Params.replace", "LearningCommunityModel", "RegionModel"])
def test_a_misspelt_parameter_in_python_gets_the_suggestion_the_cli_gives(build):
    with pytest.raises(ParameterError) as err:
        build()
    message = str(err.value)
    assert "unknown parameter 'stereotype_strenght' (did you mean 'stereotype_strength'?)" \
        in message
    assert "`lcsim params` lists all" in message and "\n" not in message
    assert "alignment" not in message, "the suggestion replaces the list of every name"


def test_an_unknown_parameter_with_no_close_name_lists_the_known_ones():
    with pytest.raises(ParameterError) as err:
        Params.from_dict({"qqqqqq": 1})
    assert "did you mean" not in str(err.value)
    assert "known: alignment, " in str(err.value)


def test_an_assumption_given_as_a_parameter_is_pointed_to_the_assumptions():
    from lcsim import LearningCommunityModel

    with pytest.raises(ParameterError) as err:
        LearningCommunityModel(sprint_weeks=3)
    assert str(err.value).startswith("unknown parameter 'sprint_weeks': it is a model "
                                     "assumption, not a parameter; give it with the "
                                     "assumptions (assumptions={...} in Python")


def test_spec_of_an_unknown_name_is_rejected():
    with pytest.raises(ParameterError, match="no_such_parameter"):
        Params.spec("no_such_parameter")


def test_errors_say_where_the_value_came_from():
    with pytest.raises(ParameterError) as err:
        Params.from_dict({"funding_years": 99.0}, where="configs/x.toml")
    assert str(err.value).startswith("configs/x.toml: ")
    assert "funding_years" in str(err.value)


@pytest.mark.parametrize("spec", FLOATS, ids=_ids)
def test_from_dict_coerces_numpy_floats_and_ints_to_float(spec):
    whole = math.ceil(spec.low)
    for value in (np.float64(spec.low), np.float64(spec.high), np.float32(spec.default),
                  np.int64(whole)):
        got = getattr(Params.from_dict({spec.name: value}), spec.name)
        assert type(got) is float
        assert got == pytest.approx(float(value))


@pytest.mark.parametrize("spec", INTS, ids=_ids)
def test_from_dict_coerces_numpy_ints_and_integral_floats_to_int(spec):
    value = int(spec.low)
    for given in (np.int64(value), np.int32(value), float(value), np.float64(value)):
        got = getattr(Params.from_dict({spec.name: given}), spec.name)
        assert type(got) is int
        assert got == value


@pytest.mark.parametrize("spec", BOOLS, ids=_ids)
def test_from_dict_coerces_numpy_booleans(spec):
    got = getattr(Params.from_dict({spec.name: np.bool_(True)}), spec.name)
    assert got is True


def test_integers_are_accepted_for_float_parameters_directly():
    assert Params(funding_years=2).funding_years == 2


def test_coerce_names_the_parameter_when_it_fails():
    spec = Params.spec("n_participants")
    with pytest.raises(ParameterError, match="n_participants"):
        coerce(spec, 12.5)


def test_total_weeks_is_funding_plus_follow_up_plus_observation():
    assert Params(funding_years=1.0, weeks_after_funding=10).total_weeks == 62
    assert Params(funding_years=2.0, follow_up_years=1.0, weeks_after_funding=0).total_weeks \
        == 156
    assert Params(funding_years=0.0, weeks_after_funding=5).total_weeks == 5
    longer = Params(funding_years=3.0).total_weeks
    assert longer > Params(funding_years=2.0).total_weeks


def test_params_table_lists_every_parameter(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) >= len(SPECS) + 1
    for spec in SPECS:
        row = next((line for line in lines if line.split()[:1] == [spec.name]), None)
        assert row is not None, spec.name
        assert spec.unit in row
        assert spec.range_text in row


def test_params_markdown_table_has_a_row_per_parameter(capsys):
    assert main(["params", "--markdown"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == Params.names()


def test_python_dash_m_lcsim_params_prints_the_table():
    done = subprocess.run([sys.executable, "-m", "lcsim", "params"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for name in Params.names():
        assert name in done.stdout
