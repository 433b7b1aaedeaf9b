"""Decimal commas and numbers written as text in study configs: every such mistake gives one
line naming the file, the full key path, what the key allows and how to write it; a grid
list that a decimal comma may have split ([2, 4,5]) is refused rather than run."""

from __future__ import annotations

from pathlib import Path

import pytest

from lcsim import Params
from lcsim.experiments import ConfigError, load_config
from lcsim.experiments.design import design_points
from lcsim.params import ParameterError

HEAD = 'name = "probe"\nquestion = "q?"\nreplications = 2\n'


def grid(factors: str, head: str = HEAD, extra: str = "") -> str:
    return f'{head}{extra}[design]\nkind = "grid"\nfactors = {{ {factors} }}\n'


def scenarios(params: str, head: str = HEAD) -> str:
    return (f'{head}[design]\nkind = "scenarios"\n[[design.scenarios]]\nname = "a"\n'
            f'[[design.scenarios]]\nname = "b"\nparams = {{ {params} }}\n')


def error_of(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "study.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), "the message names the file first"
    assert "\n" not in message, "one message, one line"
    return caught.value


def points(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "ok.toml"
    path.write_text(text)
    return [p.factors for p in design_points(load_config(path))]


# --------------------------------------------------------------- 1. lists of grid levels
def test_a_float_grid_list_split_by_a_decimal_comma_is_refused_not_run(tmp_path: Path):
    err = error_of(tmp_path, grid("funding_years = [2, 4,5]"))
    assert err.path == "design.factors.funding_years"
    assert "'4,5' looks like a decimal comma" in str(err)
    assert "write decimals with a point (4.5)" in str(err)
    assert "space after every comma" in str(err)
    assert "funding_years is a number in [0, 15] (years)" in str(err)


def test_several_decimal_commas_in_one_list_are_counted(tmp_path: Path):
    err = error_of(tmp_path, grid("stereotype_strength = [0,2, 0,8]"))
    assert err.path == "design.factors.stereotype_strength"
    assert "'0,2' (and 1 more) looks like a decimal comma" in str(err)


def test_a_list_without_spaces_that_is_valid_as_read_runs_its_separate_values(
        tmp_path: Path):
    assert points(tmp_path, grid("funding_years = [1,2,4]")) == [
        {"funding_years": 1.0}, {"funding_years": 2.0}, {"funding_years": 4.0}]


def test_a_list_without_spaces_that_is_invalid_as_read_gets_the_decimal_hint(
        tmp_path: Path):
    err = error_of(tmp_path, grid("stereotype_strength = [0,2]"))  # 2 is out of range
    assert err.path == "design.factors.stereotype_strength"
    assert "write decimals with a point (0.2)" in str(err)


def test_a_whole_number_factor_list_with_mixed_spacing_is_read_as_written(tmp_path: Path):
    assert points(tmp_path, grid("n_bridge_builders = [0, 1,2]")) == [
        {"n_bridge_builders": 0}, {"n_bridge_builders": 1}, {"n_bridge_builders": 2}]


def test_digits_with_commas_in_comments_and_texts_are_not_taken_for_numbers(tmp_path: Path):
    head = HEAD + '# 2, 4,5 in a comment\ndescription = "funding of 4,5 years: [2, 4,5]"\n'
    assert len(points(tmp_path, grid("funding_years = [2, 4]", head=head))) == 2


def test_an_assumption_table_split_by_decimal_commas_is_refused(tmp_path: Path):
    err = error_of(tmp_path, grid("funding_years = [2, 4]",
                                  extra="[assumptions]\nrole_mix = [0,2, 0,2, 0,2, 0,2, 0,2]\n"))
    assert err.path == "assumptions.role_mix"
    assert "'0,2' (and 4 more) looks like a decimal comma" in str(err)
    assert "role_mix is 5 numbers in [0.02, 0.8], adding up to 1" in str(err)


# --------------------------------------------------------------- 2. inline tables and arrays
def test_a_decimal_comma_in_scenario_params_names_the_scenario_key_and_the_fix(
        tmp_path: Path):
    err = error_of(tmp_path, scenarios("funding_years=1,5"))
    assert err.path == "design.scenarios[1].params.funding_years"
    assert "not valid TOML" in str(err)
    assert str(err).endswith("funding_years is a number in [0, 15] (years): write decimals "
                             "with a point (funding_years = 1.5)")


def test_a_decimal_comma_before_another_key_in_an_inline_table_is_found(tmp_path: Path):
    err = error_of(tmp_path, scenarios("funding_years=1,5, stereotype_strength=0,2"))
    assert err.path == "design.scenarios[1].params.funding_years"
    assert "(funding_years = 1.5)" in str(err)


def test_a_decimal_comma_in_an_array_of_inline_tables_names_its_index(tmp_path: Path):
    text = (HEAD + '[design]\nkind = "scenarios"\nscenarios = [\n  { name = "a" },\n'
            '  { name = "b", params = { follow_up_coverage = 0,25 } },\n]\n')
    err = error_of(tmp_path, text)
    assert err.path == "design.scenarios[1].params.follow_up_coverage"
    assert "(follow_up_coverage = 0.25)" in str(err)


def test_a_decimal_comma_in_a_sample_range_names_the_bound(tmp_path: Path):
    text = (HEAD + '[design]\nkind = "sample"\nmethod = "latin"\nsamples = 8\n'
            'factors = { funding_years = { low = 0,5, high = 4.0, type = "float" } }\n')
    err = error_of(tmp_path, text)
    assert err.path == "design.factors.funding_years.low"
    assert str(err).endswith("write decimals with a point (low = 0.5)")


# --------------------------------------------------------------- 3. whole numbers
@pytest.mark.parametrize("line, key, allowed", [
    ("replications = 3,5", "replications", "a whole number from 1 to 100000"),
    ("root_seed = 1,5", "root_seed", "a whole number from 0 to"),
])
def test_a_comma_in_a_whole_number_key_does_not_suggest_a_decimal(tmp_path: Path, line, key,
                                                                  allowed):
    head = HEAD.replace("replications = 2", line)
    err = error_of(tmp_path, grid("funding_years = [2, 4]", head=head))
    assert err.path == key
    assert f"{key} is {allowed}" in str(err) and "it has no decimals" in str(err)
    assert "3.5" not in str(err) and "1.5" not in str(err)
    assert "write decimals with a point" not in str(err)


def test_a_comma_in_a_whole_number_parameter_says_it_is_one(tmp_path: Path):
    err = error_of(tmp_path, scenarios("n_participants=30,5"))
    assert err.path == "design.scenarios[1].params.n_participants"
    assert "n_participants is a whole number in [6, 5000] (persons): it has no decimals" \
        in str(err)


def test_a_comma_in_the_sample_size_gives_its_range(tmp_path: Path):
    text = (HEAD + '[design]\nkind = "sample"\nmethod = "latin"\nsamples = 1,000\n'
            'factors = { funding_years = { low = 0.5, high = 4.0, type = "float" } }\n')
    err = error_of(tmp_path, text)
    assert err.path == "design.samples"
    assert "samples is a whole number from 2 to 1000000: it has no decimals" in str(err)


# --------------------------------------------------------------- 4. numbers as text
def test_a_decimal_comma_in_quotes_gets_the_decimal_point_hint(tmp_path: Path):
    err = error_of(tmp_path, grid("stereotype_strength = [0.2]",
                                  extra='[base]\nfunding_years = "4,5"\n'))
    assert err.path == "base.funding_years"
    assert "must be a number in [0, 15] (years)" in str(err)
    assert str(err).endswith("write decimals with a point, without quotes "
                             "(funding_years = 4.5)")


def test_a_whole_number_key_in_quotes_says_it_is_a_whole_number(tmp_path: Path):
    head = HEAD.replace("replications = 2", 'replications = "3,5"')
    err = error_of(tmp_path, grid("funding_years = [2, 4]", head=head))
    assert err.path == "replications"
    assert "replications is a whole number from 1 to 100000: write it without quotes" \
        in str(err)


def test_the_python_api_gives_the_same_hint_for_a_number_in_quotes():
    with pytest.raises(ParameterError) as err:
        Params.from_dict({"funding_years": "4,5"})
    assert "write decimals with a point, without quotes (funding_years = 4.5)" in str(err.value)
    with pytest.raises(ParameterError) as err:
        Params.from_dict({"n_participants": "30"})
    assert "write numbers without quotes (n_participants = 30)" in str(err.value)


# --------------------------------------------------------------- 5. full key paths
def test_a_decimal_comma_in_base_names_base_and_the_key(tmp_path: Path):
    err = error_of(tmp_path, grid("funding_years = [2, 4]",
                                  extra="[base]\nshared_member_share = 0,2\n"))
    assert err.path == "base.shared_member_share"
    assert "shared_member_share is a number in [0, 0.5] (share of members)" in str(err)
    assert str(err).endswith("(shared_member_share = 0.2)")


def test_a_decimal_comma_under_a_scenario_subtable_names_the_scenario(tmp_path: Path):
    text = (HEAD + '[design]\nkind = "scenarios"\n[[design.scenarios]]\nname = "a"\n'
            '[[design.scenarios]]\nname = "b"\n[design.scenarios.params]\n'
            'funding_years = 2,5\n')
    err = error_of(tmp_path, text)
    assert err.path == "design.scenarios[1].params.funding_years"
    assert str(err).endswith("(funding_years = 2.5)")


def test_another_toml_mistake_on_a_line_with_a_list_is_shown_as_it_is(tmp_path: Path):
    err = error_of(tmp_path, grid("funding_years = [1,2 4]"))
    assert err.path == "" and "not valid TOML" in str(err)
    assert "decimal" not in str(err)


def test_a_row_of_a_two_dimensional_assumption_table_is_checked_too(tmp_path: Path):
    rows = "[0,6, 0,8], [0.4, 0.6], [0.35, 0.8], [0.9, 1.0]"
    err = error_of(tmp_path, grid("funding_years = [2, 4]",
                                  extra=f"[assumptions]\norg_room = [{rows}]\n"))
    assert err.path == "assumptions.org_room[0]"
    assert "'0,6' (and 1 more) looks like a decimal comma" in str(err)
    assert "org_room is a 4x2 table in [0, 1]" in str(err)
    valid = "[0,1], [0,1], [0,1], [1,1]"  # written without spaces, and valid as read
    assert len(points(tmp_path, grid("funding_years = [2, 4]",
                                     extra=f"[assumptions]\norg_room = [{valid}]\n"))) == 2
