"""lcsim.Assumptions: every constant of the rules named, validated, and used by the model."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import math
import re
from pathlib import Path

import numpy as np
import pytest

import lcsim
from lcsim import Assumptions, LearningCommunityModel, ParameterError, Params, RegionModel
from lcsim.assumptions import (
    DEFAULTS,
    as_assumptions,
    assumptions_markdown,
    assumptions_table,
    split_settings,
)
from lcsim.params import ORDERED, POSITIVE_ROWS, SHARES, Spec

SPECS = Assumptions.specs()
NUMBERS = [s for s in SPECS if s.kind in (int, float)]
TABLES = [s for s in SPECS if s.kind is tuple]
SHORT = {"funding_years": 3.0, "weeks_after_funding": 30}  # quick, yet products land


def _ids(spec: Spec) -> str:
    return spec.name


def _run(seed: int = 1, assumptions=None, **params) -> LearningCommunityModel:
    return LearningCommunityModel(rng=seed, assumptions=assumptions, **{**SHORT, **params}).run()


def _bits(model) -> tuple[bytes, bytes, list[str]]:
    """Everything a run produced, exactly: summary, weekly frame and the event log."""
    frame = model.datacollector.get_model_vars_dataframe().to_numpy(dtype=float)
    summary = np.array(list(model.summary().values()))
    return summary.tobytes(), frame.tobytes(), [str(e) for e in model.events]


def _assert_one_line_naming(err: pytest.ExceptionInfo, spec: Spec) -> None:
    message = str(err.value)
    assert "\n" not in message
    assert f"assumption {spec.name!r}" in message
    assert f"[{spec.low:g}, {spec.high:g}]" in message


# --------------------------------------------------------------------------- the specs
def test_there_are_many_assumptions_in_groups_and_none_is_also_a_parameter():
    assert len(SPECS) >= 150
    assert len({s.name for s in SPECS}) == len(SPECS)
    assert not set(Assumptions.names()) & set(Params.names())
    assert len({s.group for s in SPECS}) >= 12


@pytest.mark.parametrize("spec", SPECS, ids=_ids)
def test_every_assumption_has_default_range_unit_meaning_and_source(spec):
    assert isinstance(spec.default, spec.kind)
    assert spec.low <= spec.high
    assert spec.unit.strip() and spec.doc.strip() and spec.source.strip()
    assert spec.group.strip()
    if spec.kind is tuple:
        assert spec.shape and spec.range_text.startswith("x".join(map(str, spec.shape)))
    else:
        assert spec.low <= spec.default <= spec.high
        assert spec.low < spec.high, "a range that allows only the default is not a range"


def test_sources_are_seed_sections_literature_or_marked_as_assumptions():
    for spec in SPECS:
        cited = any(key in spec.source for key in ("000", "001", "002", "003", "004", "19",
                                                   "20"))
        assert cited or "assumption" in spec.source, spec.name


def test_defaults_validate_and_round_trip_through_a_dict():
    assert Assumptions() == DEFAULTS
    assert Assumptions.from_dict({}) == DEFAULTS
    assert Assumptions.from_dict(DEFAULTS.to_dict()) == DEFAULTS
    as_lists = {k: (np.array(v).tolist() if isinstance(v, tuple) else v)
                for k, v in DEFAULTS.to_dict().items()}
    assert Assumptions.from_dict(as_lists) == DEFAULTS


def test_assumptions_are_frozen_and_their_arrays_read_only():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.learning_rate = 0.1  # type: ignore[misc]
    role_time = DEFAULTS.array("role_time")
    np.testing.assert_array_equal(role_time, DEFAULTS.role_time)
    with pytest.raises(ValueError):
        role_time[0] = 1.0


def test_replace_changes_one_value_and_keeps_the_rest():
    changed = DEFAULTS.replace(learning_rate=0.08, voice=(0.0, 0.5, 0.8, 1.0))
    assert changed.learning_rate == 0.08 and changed.voice == (0.0, 0.5, 0.8, 1.0)
    np.testing.assert_array_equal(changed.array("voice"), [0.0, 0.5, 0.8, 1.0])
    assert changed.replace(learning_rate=DEFAULTS.learning_rate,
                           voice=DEFAULTS.voice) == DEFAULTS


# --------------------------------------------------------------------------- the errors
@pytest.mark.parametrize("spec", NUMBERS, ids=_ids)
def test_a_number_outside_its_range_is_rejected_in_one_line(spec):
    for bad in (spec.high + 1, spec.low - 1):
        with pytest.raises(ParameterError) as err:
            Assumptions.from_dict({spec.name: bad})
        _assert_one_line_naming(err, spec)
        with pytest.raises(ParameterError) as err:
            DEFAULTS.replace(**{spec.name: bad})
        _assert_one_line_naming(err, spec)


@pytest.mark.parametrize("spec", NUMBERS, ids=_ids)
@pytest.mark.parametrize("bad", ["abc", None, True, math.nan, math.inf])
def test_a_number_of_the_wrong_type_is_rejected_naming_it(spec, bad):
    with pytest.raises(ParameterError) as err:
        Assumptions.from_dict({spec.name: bad})
    _assert_one_line_naming(err, spec)


@pytest.mark.parametrize("spec", TABLES, ids=_ids)
def test_a_table_of_the_wrong_shape_or_with_a_value_outside_its_range_is_rejected(spec):
    values = np.array(spec.default, dtype=float)
    wrong_shape = values.tolist()[:-1]
    too_high = values.copy()
    too_high.flat[0] = spec.high + 1
    for bad in (wrong_shape, too_high.tolist(), 0.5, "0.5", [[True]]):
        with pytest.raises(ParameterError) as err:
            Assumptions.from_dict({spec.name: bad})
        _assert_one_line_naming(err, spec)
    with pytest.raises(ParameterError) as err:
        Assumptions(**{spec.name: too_high.tolist()})  # a list is not a table: tuples only
    assert spec.name in str(err.value)


@pytest.mark.parametrize("spec", [s for s in TABLES if s.check], ids=_ids)
def test_a_table_that_breaks_its_rule_is_rejected_saying_the_rule(spec):
    values = np.array(spec.default, dtype=float)
    if spec.check == ORDERED:
        values = values[..., ::-1] if values[..., 0].max() < values[..., 1].min() else values
        rows = np.atleast_2d(values)
        rows[0] = [spec.high, spec.low]
        bad, rule = rows.reshape(values.shape), "low <= high"
    elif spec.check == SHARES:
        bad, rule = np.minimum(values * 1.5, spec.high), "adding up to 1"
    else:
        assert spec.check == POSITIVE_ROWS
        bad, rule = np.zeros_like(values), "no row all 0"
    with pytest.raises(ParameterError) as err:
        Assumptions.from_dict({spec.name: bad.tolist()})
    _assert_one_line_naming(err, spec)
    assert rule in str(err.value)


def test_an_unknown_name_is_rejected_suggesting_the_closest_names():
    with pytest.raises(ParameterError) as err:
        Assumptions.from_dict({"learning_rat": 0.1}, where="configs/x.toml: assumptions")
    message = str(err.value)
    assert message.startswith("configs/x.toml: assumptions: unknown assumption 'learning_rat'")
    assert "'learning_rate'" in message and "\n" not in message


def test_a_misspelt_assumption_in_python_gets_the_one_closest_name():
    for build in (lambda: LearningCommunityModel(assumptions={"learning_rat": 0.1}),
                  lambda: RegionModel(n_communities=2, assumptions={"learning_rat": 0.1})):
        with pytest.raises(ParameterError) as err:
            build()
        assert str(err.value) == ("assumptions: unknown assumption 'learning_rat' (did you "
                                  "mean 'learning_rate'?); `lcsim params --assumptions` lists "
                                  f"all {len(SPECS)}")


def test_a_parameter_given_as_an_assumption_is_pointed_to_the_parameters():
    with pytest.raises(ParameterError) as err:
        LearningCommunityModel(assumptions={"funding_years": 2.0})
    assert str(err.value).startswith("assumptions: unknown assumption 'funding_years': it is "
                                     "a model parameter, not an assumption; give it with the "
                                     "parameters")


def test_errors_say_where_the_value_came_from():
    with pytest.raises(ParameterError) as err:
        Assumptions.from_dict({"learning_rate": 9.0}, where="--set")
    assert str(err.value).startswith("--set: assumption 'learning_rate' must be a number in [0, ")


def test_the_model_rejects_bad_assumptions_in_one_line():
    with pytest.raises(ParameterError, match=r"^assumptions: assumption 'sprint_weeks' must be"):
        LearningCommunityModel(assumptions={"sprint_weeks": 0})
    with pytest.raises(ParameterError, match="expected lcsim.Assumptions or a dict"):
        LearningCommunityModel(assumptions=[("sprint_weeks", 2)])
    with pytest.raises(ParameterError, match="unknown assumption"):
        RegionModel(n_communities=2, assumptions={"no_such_constant": 1.0})


def test_a_role_mix_that_leaves_no_practitioner_seat_is_a_one_line_error():
    crowded = {"role_mix": (0.8, 0.05, 0.05, 0.05, 0.05)}
    with pytest.raises(ParameterError, match="'n_participants' .* too small .*'role_mix'"):
        LearningCommunityModel(n_participants=6, assumptions=crowded)


def test_settings_split_into_parameters_and_assumptions():
    params, assumptions = split_settings({"funding_years": 2, "learning_rate": 0.1, "nope": 1})
    assert params == {"funding_years": 2, "nope": 1}
    assert assumptions == {"learning_rate": 0.1}
    assert as_assumptions(None) is DEFAULTS
    assert as_assumptions({"learning_rate": 0.1}).learning_rate == 0.1


def test_the_tables_list_every_assumption():
    text, markdown = assumptions_table(), assumptions_markdown()
    for spec in SPECS:
        assert any(line.startswith(spec.name + " ") for line in text.splitlines()), spec.name
        assert f"| `{spec.name}` | {spec.default_text} | {spec.range_text} |" in markdown



def test_the_assumptions_table_keeps_its_columns_aligned_when_cells_are_long():
    for block in assumptions_table().split("\n\n"):
        header = block.splitlines()[1]
        starts = [header.index(word) for word in ("default", "range", "unit", "meaning")]
        for line in block.splitlines()[2:]:
            for start in starts:  # two spaces before every column, on every line
                assert line[start - 2:start] in ("  ", ""), (line, start)
    assert "\n" + " " * len("role_knowledge") in assumptions_table()  # a table cell wraps

# --------------------------------------------------------------------------- the model
def test_default_assumptions_give_the_default_model_bit_for_bit():
    plain = _bits(_run())
    assert _bits(_run(assumptions=Assumptions())) == plain
    assert _bits(_run(assumptions={})) == plain
    assert _bits(_run(assumptions=Assumptions.from_dict(DEFAULTS.to_dict()))) == plain


def test_the_model_and_every_community_of_a_region_keep_their_assumptions():
    changed = DEFAULTS.replace(learning_rate=0.08)
    assert LearningCommunityModel(assumptions=changed).assumptions is changed
    assert LearningCommunityModel().assumptions == DEFAULTS
    region = RegionModel(n_communities=3, n_participants=12, assumptions=changed)
    assert region.assumptions is changed
    assert all(c.assumptions is changed for c in region.communities)


def test_a_region_with_default_assumptions_is_the_default_region_bit_for_bit():
    def region(assumptions):
        return RegionModel(n_communities=2, n_participants=12, rng=2, assumptions=assumptions,
                           **SHORT).run()
    assert _bits(region(Assumptions())) == _bits(region(None))


# One assumption of each kind of mechanism, each changed within its range: the run changes.
CHANGES = {
    "org_room": ((0.2, 0.3), (0.2, 0.3), (0.2, 0.3), (0.2, 0.3)),
    "mbo_at_school": 0.9,
    "role_knowledge": tuple(tuple(0.5 for _ in range(7)) for _ in range(5)),
    "motivation_start": (0.2, 0.3),
    "prior_trust_lift": 1.0,
    "base_stereotype": tuple(tuple(0.0 for _ in range(5)) for _ in range(5)),
    "work_form_mixing": (1.0,) * 7,
    "bb_availability": 1.0,
    "attendance_motivation": 0.0,
    "contacts_per_meeting": 10.0,
    "learning_rate": 0.1,
    "success_base": 0.3,
    "observed_trust": 0.5,
    "good_contact_base": 1.5,
    "voice": (0.0, 1.0, 1.0, 1.0),
    "design_effort": 2.0,
    "sprint_weeks": 2,
    "sprint_success_max": 0.3,
    "safety_trust": 0.6,
    "conflict_power": 0.8,
    "ambition_to_design": 0.3,
    "boundary_rate": 0.2,
    "min_meeting_share": 0.5,
    "dropout_value": 0.5,
    "recruitment_rate": 0.3,
    "rung_up_base": 0.05,
    "meeting_value": 0.2,
    "embedding_proof": 0.05,
    "fit_base": 0.5,
    "landing_rate": 0.5,
    "pilot_weeks": 156,
    "interest_weight": 1.0,
    "capital_units": (1.0, 1.0, 1.0, 1.0, 1.0),
    "strong_tie": 0.3,
    "phase_progress": (0.5, 0.5, 0.5, 0.5, 0.5),
    "stereotype_report_shift": 0.001,
}


@pytest.fixture(scope="module")
def default_run() -> tuple[bytes, bytes, list[str]]:
    return _bits(_run(prior_collaboration=0.5))


# Assumptions that act only in a setting the short default run does not reach, with that
# setting: value dropout needs members whose motivation sinks below its floor.
SETTING = {"dropout_value": {"motivation_baseline": 0.3}}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_changing_an_assumption_changes_the_run(name, default_run):
    setting = SETTING.get(name, {})
    before = _bits(_run(assumptions=setting, prior_collaboration=0.5)) if setting \
        else default_run
    changed = _run(assumptions={**setting, name: CHANGES[name]}, prior_collaboration=0.5)
    assert _bits(changed) != before


# --------------------------------------------------------------------------- the code
LCSIM = Path(lcsim.__file__).resolve().parent
SUBMODELS = sorted([*(LCSIM / "rules").glob("*.py"), *(LCSIM / "week").glob("*.py"),
                    *(LCSIM / name for name in ("model.py", "state.py", "ecosystem.py",
                                                "indicators.py", "agents.py", "roles.py",
                                                "interventions.py"))])
RULES = {path.stem: importlib.import_module(f"lcsim.rules.{path.stem}")
         for path in (LCSIM / "rules").glob("*.py") if path.stem != "__init__"}

# Numbers the submodels may still write: none, one, two (a mean of two, a square), and these,
# which carry no assumption (units, guards against 0/0, seeds, drawing).
PLAIN_NUMBERS = {0, 1, 2}
ALLOWED_NUMBERS = {
    "model.py": {52: "weeks a year", 31: "seeds below 2**31", 1e-12: "guard against 0/0",
                 30: "layout iterations (drawing)", 50: "layout iterations (drawing)",
                 300: "layout of large networks (drawing)"},
    "ecosystem.py": {31: "seeds below 2**31"},
    "interventions.py": {52: "weeks a year"},
    "indicators.py": {52.0: "weeks a year"},
    "membership.py": {52.0: "weeks a year"},
    "project.py": {1e-12: "guard against 0/0"},
    "boundary.py": {3: "geometric mean of the three other mechanisms"},
    "knowledge.py": {4.0: "PEAK_SCALE: 4d(1-d) peaks at 1", 1e-12: "guard against 0/0"},
    "trust.py": {3.0: "BASES: performance, competence, intention"},
    "value.py": {1e-6: "guard against 0/0"},
}


def _numbers_in_code(tree: ast.AST) -> list[tuple[float, int]]:
    """Numeric literals in function bodies and in module-level float constants (module-level
    whole numbers are structure: enum values, indices)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            found += [(n.value, n.lineno) for n in ast.walk(node)
                      if isinstance(n, ast.Constant) and type(n.value) in (int, float)]
    for node in tree.body:
        if isinstance(node, ast.Assign):
            found += [(n.value, n.lineno) for n in ast.walk(node)
                      if isinstance(n, ast.Constant) and type(n.value) is float]
    return found


@pytest.mark.parametrize("path", SUBMODELS, ids=lambda p: p.name)
def test_no_numeric_literal_with_model_meaning_is_left_in_the_submodels(path):
    allowed = PLAIN_NUMBERS | set(ALLOWED_NUMBERS.get(path.name, {}))
    stray = [(value, line) for value, line in _numbers_in_code(ast.parse(path.read_text()))
             if value not in allowed]
    assert not stray, f"{path.name}: name these numbers in lcsim.Assumptions: {stray}"


def test_every_assumption_is_used_by_the_model():
    code = "\n".join(path.read_text() for path in SUBMODELS)
    unused = [name for name in Assumptions.names()
              if not re.search(rf"\.{name}\b|\"{name}\"", code)]
    assert not unused, f"assumptions no submodel reads: {unused}"


def _takes_assumptions(function) -> int | None:
    """Position of a rule function's `a` parameter, or None if it takes none."""
    names = list(inspect.signature(function).parameters)
    return names.index("a") if "a" in names else None


@pytest.mark.parametrize("path", SUBMODELS, ids=lambda p: p.name)
def test_every_rule_call_passes_on_the_models_assumptions(path):
    """A rule that takes `a` falls back on the defaults when it is left out; the model must
    never leave it out, or a changed assumption would silently not apply."""
    own = RULES.get(path.stem) if path.parent.name == "rules" else None
    missing = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in RULES:
            target = getattr(RULES[func.value.id], func.attr, None)
        elif isinstance(func, ast.Name) and own is not None:
            target = getattr(own, func.id, None)
        else:
            continue
        position = _takes_assumptions(target) if callable(target) else None
        if position is not None and len(node.args) <= position \
                and not any(k.arg == "a" for k in node.keywords):
            missing.append(f"{path.name}:{node.lineno}")
    assert not missing, f"rule calls without a=: {missing}"
