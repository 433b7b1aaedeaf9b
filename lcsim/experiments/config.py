"""Experiment configs (TOML): the schema, and validation that turns every mistake into one
clear message naming the file, the key path and what is allowed.

Parameter names, types and ranges come from `lcsim.Params.specs()` only, and those of
assumptions from `lcsim.Assumptions.specs()`; outcome and series names come from the
model itself (`summary()` and its DataCollector), so nothing here repeats them.

A grid or sample factor (and a key of a table `baseline`) is a model parameter or a
single-number model assumption (`levels.factor_spec`), checked against its own range. An
assumption the design varies may not also be set in `[assumptions]`; a table assumption
cannot be a factor.

`root_seed` is a whole number from 0 to 2**63 - 1 (`levels.MAX_SEED`): the range of a
TOML integer, of the seed column of runs.parquet and of `lcsim run --seed`.

Decimal commas. TOML has no decimal comma, and what it does with one depends on where it
stands:

- `x = 4,5` (at the top level, in `[base]`, in an inline table such as a scenario's
  `params = {funding_years=1,5}`, in a sample's `{low = 0,5, ...}`) is not valid TOML. The
  message names the full key path, what the key allows, and the fix: "write decimals with
  a point (funding_years = 1.5)", or, for a whole-number key such as `replications`, that
  it is a whole number and has no decimals (no decimal is suggested).
- `funding_years = [2, 4,5]` is valid TOML for three values. A comma between digits in a
  grid list of a decimal parameter, or in an assumption table, is a decimal comma when
  the list also separates values with ", " (as here), or when the values as read are not
  valid (`stereotype_strength = [0,2]`): such a list is refused, naming the key and
  "write decimals with a point" or "a space after every comma". A list written without
  spaces throughout that is valid as read (`funding_years = [1,2,4]`) runs as TOML reads
  it, separate values: that is what TOML means, the design point names show the values,
  and a warning could not be told apart from this common way of writing a list. A list of
  a whole-number parameter (`n_bridge_builders = [0, 1,2]`) is never suspect.
- `funding_years = "4,5"` (text) is refused with the same hint, without quotes.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lcsim.assumptions import Assumptions
from lcsim.experiments.levels import MAX_SEED, factor_spec, factor_specs, morris_whole_levels
from lcsim.experiments.measures import (  # noqa: F401 - model_* re-exported
    REGION_SIZE,
    model_outcomes,
    model_series,
    region_only_names,
)
from lcsim.params import ParameterError, Params, Spec, coerce, quoted_number_hint
from lcsim.roles import max_bridge_builders

DESIGN_KINDS = ("grid", "scenarios", "sample")
SAMPLE_METHODS = ("latin", "sobol", "morris")


class ConfigError(ValueError):
    """A mistake in an experiment config; the message names file, key path and what is allowed."""

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source = source
        self.path = path
        self.problem = problem
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {problem}")


class _Table(BaseModel):
    """A TOML table: unknown keys are errors, types are not silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class GridDesign(_Table):
    """A full factorial over listed values of one or more parameters or assumptions."""

    kind: Literal["grid"]
    factors: dict[str, list[Any]]


class ScenarioSpec(_Table):
    """One named set of parameter overrides."""

    name: str = Field(min_length=1)
    description: str = ""
    params: dict[str, Any] = Field(default_factory=dict)


class ScenariosDesign(_Table):
    """A named list of parameter sets (the classroom presets use this)."""

    kind: Literal["scenarios"]
    scenarios: list[ScenarioSpec]


class FactorRange(_Table):
    """The range of one sampled parameter or assumption, with its type stated explicitly.

    A float factor is sampled on [low, high]. An int factor takes the whole numbers from
    low to high (whole bounds, at least two values), each equally likely in a Latin or
    Sobol sample; Morris uses `levels` of them, which must be distinct whole values with
    Morris steps of one size (`design.morris_whole_levels`).
    """

    low: float
    high: float
    type: Literal["int", "float"]


class SampleDesign(_Table):
    """Latin hypercube, Sobol (Saltelli) or Morris sample over parameter (or assumption)
    ranges, via SALib.

    `samples` is the number of points (latin, at least `stats.RBD_FAST_MIN_POINTS` for
    its analysis), the base sample N (sobol, a power of two) or the number of
    trajectories (morris, whose `levels` must be even; `levels` applies to morris only
    and is refused for latin and sobol unless left at its default). `second_order` asks
    a sobol sample of two or more factors for the runs and the report of second-order
    indices (S2) as well.
    Impossible combinations are refused when the config is read, before any run.
    """

    kind: Literal["sample"]
    method: Literal["latin", "sobol", "morris"]
    samples: int = Field(ge=2, le=1_000_000)
    levels: int = Field(default=4, ge=2, le=100)
    second_order: bool = False
    factors: dict[str, FactorRange]


Design = Annotated[GridDesign | ScenariosDesign | SampleDesign, Field(discriminator="kind")]


class DerivedOutcome(_Table):
    """An outcome computed per run: an outcome divided by the sum of parameters/outcomes."""

    name: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    numerator: str
    denominator: list[str] = Field(min_length=1)
    description: str = ""


class ExperimentConfig(_Table):
    """A whole study: what varies, what stays fixed, what is measured, and how often."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    question: str = Field(min_length=1)
    description: str = ""
    replications: int = Field(default=10, ge=1, le=100_000)
    root_seed: int = Field(default=0, ge=0, le=MAX_SEED)  # what `lcsim run --seed` takes
    common_random_numbers: bool = True
    baseline: str | dict[str, Any] | None = None
    outputs: list[str] | None = None
    series: list[str] | None = None
    derived: list[DerivedOutcome] = Field(default_factory=list)
    base: dict[str, Any] = Field(default_factory=dict)
    assumptions: dict[str, Any] = Field(default_factory=dict)
    design: Design

    def design_hash(self) -> str:
        """The design hash: a hash of the settings that decide the runs (seed, design,
        base, assumptions, kept outcomes), not of the results, replications or texts. Two
        studies with the same settings show the same design hash; results are told apart
        by their folder. manifest.json keeps it under its older key `results_hash`, so
        folders written before and after the rename read alike.
        """
        data = self.model_dump(mode="json", include={"root_seed", "common_random_numbers",
                                                     "outputs", "series", "derived", "base",
                                                     "assumptions", "design"})
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def results_hash(self) -> str:
        """The older name of `design_hash` (the manifest key `results_hash`)."""
        return self.design_hash()

    def config_hash(self) -> str:
        """Hash of the whole resolved config (texts and replications included)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def with_replications(self, replications: int | None) -> ExperimentConfig:
        """The same config with another number of replications (the CLI override)."""
        if replications is None:
            return self
        limit = type(self).model_fields["replications"].metadata
        high = next(m.le for m in limit if getattr(m, "le", None) is not None)
        if not 1 <= replications <= high:
            raise ConfigError("--replications", "", f"out of range; allowed: 1 to {high}; "
                              f"got {replications}")
        return self.model_copy(update={"replications": replications})

    def uses_regions(self) -> bool:
        """True when some design point is a region of several communities."""
        from lcsim.experiments.design import design_points

        return any(p.params.get(REGION_SIZE, 1) > 1 for p in design_points(self))

    def outcome_names(self) -> list[str]:
        """Outcome columns kept per run, in report order (derived outcomes included)."""
        derived = [d.name for d in self.derived]
        if self.outputs is not None:
            return list(self.outputs) + [d for d in derived if d not in self.outputs]
        return model_outcomes(self.uses_regions()) + derived

    def series_names(self) -> list[str]:
        """Weekly series kept per run."""
        if self.series is not None:
            return list(self.series)
        return model_series(self.uses_regions())


# --------------------------------------------------------------------------- loading
def load_config(source: str | Path | dict[str, Any] | ExperimentConfig,
                *, name: str | None = None) -> ExperimentConfig:
    """Read and validate a config from a TOML path, a plain dict or an ExperimentConfig.

    Raises ConfigError with one message naming the file, the key path and what is allowed.
    """
    if isinstance(source, ExperimentConfig):
        return source
    if isinstance(source, dict):
        return validate_config(source, name or "<config>")
    raw, label, text = _read_toml_text(source, name)
    _check_decimal_comma_lists(text, raw, label)
    return validate_config(raw, label)


def read_toml(source: str | Path, name: str | None = None) -> tuple[dict[str, Any], str]:
    """The parsed TOML of a config file and the label errors name it by.

    Raises:
        ConfigError: a folder, a missing or unreadable file, not UTF-8, or not TOML.
    """
    raw, label, _ = _read_toml_text(source, name)
    return raw, label


def _read_toml_text(source: str | Path,
                    name: str | None = None) -> tuple[dict[str, Any], str, str]:
    """`read_toml`, and the file's text."""
    path = Path(source)
    label = name or str(path)
    if path.is_dir():
        raise ConfigError(label, "", "is a folder; name a config file (.toml)")
    if not path.is_file():
        raise ConfigError(label, "", "no such config file")
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark is fine
        raw = tomllib.loads(text)
    except UnicodeDecodeError as err:
        raise ConfigError(label, "", f"is not UTF-8 text (byte {err.start}); save it as "
                          "UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        raise _toml_error(label, text, err) from None
    except OSError as err:
        raise ConfigError(label, "", f"cannot be read ({err.strerror or err})") from None
    return raw, label, text


def _toml_error(label: str, text: str, err: tomllib.TOMLDecodeError) -> ConfigError:
    """The TOML error; where it comes from a comma between digits (a decimal comma, as in
    `follow_up_coverage = 0,2` or `params = {funding_years=1,5}`), with the full key path,
    what the key allows and how to write the number.

    The comma is the last one between digits on the error's line, at or before the error
    (TOML stops at the comma itself at the top level, a little after it in an inline table).
    The key path is found by parsing the text with that number as a marker string; when
    that does not parse either, the error has another cause and is shown as it is.
    """
    repeated = _repeated_key(text) if _REPEAT.search(str(err)) else None
    if repeated is not None:
        path, line, first = repeated
        lines = f"line {line}" if line == first else f"lines {first} and {line}"
        return ConfigError(label, path, f"is given twice ({lines}); TOML allows each key "
                                        "once in a table: give it once")
    found = re.search(r"line (\d+), column (\d+)", str(err))
    lines = text.splitlines(keepends=True)
    if found and 0 < int(found[1]) <= len(lines):
        line_start = sum(len(line) for line in lines[:int(found[1]) - 1])
        at = line_start + int(found[2]) - 1
        every = _comma_spots(text)
        spots = [spot for spot in every if line_start <= spot[0] <= at]
        if spots:
            comma, start, end = spots[-1]
            others = [spot for spot in every if spot[0] > at]
            where = _marked_path(text, start, end, others)
            if where is not None:
                hint = _comma_hint(where, text[start:end])
                return ConfigError(label, _path_text(where), f"not valid TOML: {err}; {hint}")
    return ConfigError(label, "", f"not valid TOML: {err}")


_REPEAT = re.compile(r"Cannot overwrite a value|Cannot mutate immutable namespace|"
                     r"Cannot declare .* twice")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*)\s*=\s*(.*)$")


def _repeated_key(text: str) -> tuple[str, int, int] | None:
    """The first key (or table) a TOML text gives twice, as (key path, its line, the line
    that gave it first), or None. tomllib says only 'Cannot overwrite a value', often
    'at end of document'; this names the key. Plain keys, [tables] and one-line inline
    tables are read; quoted keys and multi-line strings are not (None is then possible)."""
    seen: dict[str, int] = {}
    table = ""
    arrays: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = re.sub(r"\s*\.\s*", ".", header[2])
            if header[1] == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                table = f"{table}[{arrays[table]}]"
            elif table in seen:
                return table, number, seen[table]
            seen[table] = number
            continue
        key = _KEY.match(line)
        if not key:
            continue
        names = [re.sub(r"\s*\.\s*", ".", key[1])]
        if key[2].startswith("{"):
            names += [f"{names[0]}.{inner}" for inner in _inline_keys(key[2])]
        for name in names:
            path = f"{table}.{name}" if table else name
            if path in seen:
                return path, number, seen[path]
            seen[path] = number
    return None


def _inline_keys(value: str) -> list[str]:
    """The keys of a one-line inline table `{ a = 1, b = { c = 2 } }` as paths (a, b, b.c),
    in order, repeats kept; tables inside arrays are skipped (their keys may repeat)."""
    keys: list[str] = []
    stack: list[tuple[str, str]] = []  # each open bracket, with the key a '{' belongs to
    quote = ""
    pending = ""
    for index, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            stack.append((char, pending))
        elif char in "]}" and stack:
            stack.pop()
        if char in "{," and stack and stack[-1][0] == "{" and all(b == "{" for b, _ in stack):
            found = re.match(r"\s*([A-Za-z0-9_\-]+)\s*=", value[index + 1:])
            if found:
                prefix = stack[-1][1]
                pending = f"{prefix}.{found[1]}" if prefix else found[1]
                keys.append(pending)
    return keys


_MARK = "lcsim: the number with a comma"
_COMMA = re.compile(r"(?<![\w.])[+-]?\d+,\d+(?![\w.])")


def _comma_spots(text: str) -> list[tuple[int, int, int]]:
    """Every comma between digits in `text` (a decimal comma, or a list written without
    spaces): (offset of the comma, start and end of the number around it). Overlapping
    ones ("1,2,3") are all listed."""
    spots = []
    for match in re.finditer(r"(?<=\d),(?=\d)", text):
        start = match.start()
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        if start > 0 and text[start - 1] in "+-":
            start -= 1
        end = match.end()
        while end < len(text) and text[end].isdigit():
            end += 1
        number = _COMMA.match(text, start)
        if number and number.end() == end:
            spots.append((match.start(), start, end))
    return spots


def _marked_path(text: str, start: int, end: int,
                 others: list[tuple[int, int, int]] = ()) -> tuple[Any, ...] | None:
    """The key path of the number text[start:end] (e.g. ('design', 'scenarios', 0,
    'params', 'funding_years')): the text is parsed with a marker string in its place, and
    if that fails, with later decimal commas (`others`) written with a point as well. None
    when it does not parse or the number is no value (in a comment or a string)."""
    marked = text[:start] + json.dumps(_MARK) + text[end:]
    tries = [marked]
    if others:
        fixed = text
        for _, a, b in sorted(others, key=lambda spot: spot[1], reverse=True):
            if a >= end and fixed[a:b] == text[a:b]:
                fixed = fixed[:a] + text[a:b].replace(",", ".") + fixed[b:]
        tries.append(fixed[:start] + json.dumps(_MARK) + fixed[end:])
    for attempt in tries:
        try:
            data = tomllib.loads(attempt)
        except tomllib.TOMLDecodeError:
            continue
        return _find_mark(data, ())
    return None


def _find_mark(node: Any, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    if isinstance(node, str):
        return path if node == _MARK else None
    items = node.items() if isinstance(node, dict) else \
        enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        found = _find_mark(value, path + (key,))
        if found is not None:
            return found
    return None


def _number_key(path: tuple[Any, ...]) -> tuple[str, type | None, str]:
    """The name, number type (int or float; None if unknown) and allowed range of the number
    at `path` in a study config: a model parameter or assumption, or a key of the config
    itself (replications, root_seed, a sample's low and high...)."""
    keys = [part for part in path if isinstance(part, str)]
    name = keys[-1] if keys else ""
    specs: dict[str, Any] = {}
    if len(keys) >= 2 and keys[0] in ("base", "baseline"):
        specs, name = {s.name: s for s in Params.specs()}, keys[1]
    elif len(keys) >= 3 and keys[:2] == ["design", "factors"]:
        specs, name = {s.name: s for s in [*Assumptions.specs(), *Params.specs()]}, keys[2]
    elif len(keys) >= 4 and keys[:2] == ["design", "scenarios"] and keys[2] == "params":
        specs, name = {s.name: s for s in Params.specs()}, keys[3]
    elif len(keys) >= 2 and keys[0] == "assumptions":
        specs, name = {s.name: s for s in Assumptions.specs()}, keys[1]
    if name in specs:
        spec = specs[name]
        kind = float if spec.kind is tuple else spec.kind
        return (name, kind if kind in (int, float) else None,
                f"{spec.allowed} ({spec.unit})")
    # A design's keys: pydantic's key paths name the design's kind after 'design'.
    tagged = [("design", kind) + tuple(path[1:]) for kind in DESIGN_KINDS] \
        if path[:1] == ("design",) and path[1:2] not in [(k,) for k in DESIGN_KINDS] else []
    for loc in [*tagged, tuple(path)]:
        node: Any = ExperimentConfig
        for part in loc:
            node = _descend(node, part)
            if node is None:
                break
        node = _unwrap(node)
        if node in (int, float):
            span = _field_range(loc)
            what = "a whole number" if node is int else "a number"
            return name, node, f"{what} from {span}" if span else what
    return name, None, ""


def _comma_hint(path: tuple[Any, ...], number: str) -> str:
    """What a number written with a comma should be at `path`: a whole number has no
    decimals; any other number is written with a decimal point."""
    name, kind, allowed = _number_key(path)
    key = next((str(part) for part in reversed(path) if isinstance(part, str)), name)
    if kind is int:
        return f"{name} is {allowed}: it has no decimals, so write it without a comma"
    range_text = f"{name} is {allowed}: " if allowed else ""
    return f"{range_text}write decimals with a point ({key} = {number.replace(',', '.')})"


def _check_decimal_comma_lists(text: str, raw: dict[str, Any], label: str) -> None:
    """Refuse a list of numbers that a decimal comma may have split: TOML reads
    `funding_years = [2, 4,5]` as 2, 4 and 5.

    A comma between digits in a list of a decimal parameter (a grid factor) or of an
    assumption table is suspect. The list is refused when it also has commas followed by a
    space (as in [2, 4,5]: the writer separates values with ", ", so "4,5" is most likely
    4.5), or when the values as read are not valid. A list written without spaces
    throughout and valid as read (`[1,2,4]`) is read as TOML defines it: separate values.
    """
    spots = _comma_spots(text)
    if not spots:
        return
    suspects: dict[tuple[Any, ...], list[str]] = {}
    for _, start, end in spots:
        where = _marked_path(text, start, end)
        if where is None or not isinstance(where[-1], int):
            continue
        list_path = where[:-1]
        is_grid = list_path[:2] == ("design", "factors") and len(list_path) == 3 and \
            isinstance(raw.get("design"), dict) and raw["design"].get("kind") == "grid"
        is_table = list_path[:1] == ("assumptions",)
        if not (is_grid or is_table):
            continue
        name, kind, _ = _number_key(list_path)
        if kind is float:
            suspects.setdefault(list_path, []).append(text[start:end])
    for list_path, numbers in suspects.items():
        values: Any = raw
        for part in list_path:
            values = values[part]
        separators = _separators(values)
        if len(numbers) == separators and _valid_as_read(list_path, raw):
            continue
        name, _, allowed = _number_key(list_path)
        first = numbers[0]
        more = f" (and {len(numbers) - 1} more)" if len(numbers) > 1 else ""
        raise ConfigError(label, _path_text(list_path), (
            f"{first!r}{more} looks like a decimal comma, which TOML reads as two values "
            f"({first.replace(',', ' and ')}): write decimals with a point "
            f"({first.replace(',', '.')}), or put a space after every comma to mean separate "
            f"values; {name} is {allowed}"))


def _separators(values: Any) -> int:
    """How many commas separate the numbers of a list (of lists)."""
    if not isinstance(values, list):
        return 0
    return max(len(values) - 1, 0) + sum(_separators(v) for v in values)


def _valid_as_read(list_path: tuple[Any, ...], raw: dict[str, Any]) -> bool:
    """Whether the grid factor's levels or the assumption table that holds the list at
    `list_path` are valid as TOML read them."""
    if list_path[0] == "assumptions":
        name, values = list_path[1], raw["assumptions"][list_path[1]]
    else:
        name, values = list_path[2], raw["design"]["factors"][list_path[2]]
    try:
        if list_path[0] == "assumptions":
            Assumptions.from_dict({name: values})
            return True
        spec = factor_spec(name)
        typed = [coerce(spec, v) for v in values]
    except ParameterError:
        return False
    return len(set(typed)) == len(typed) and all(spec.low <= v <= spec.high for v in typed)


ROBUSTNESS_KEYS = ("robustness", "findings")  # tables only `lcsim robustness` reads


def validate_config(raw: dict[str, Any], source: str) -> ExperimentConfig:
    """Validate a parsed config: structure by pydantic, parameters by `Params.specs()`."""
    for key in ROBUSTNESS_KEYS:
        if key in raw:
            raise ConfigError(source, key, "belongs to a robustness study; run it with "
                              "`lcsim robustness`, or remove the table for `lcsim experiment`")
    try:
        config = ExperimentConfig.model_validate(raw)
    except ValidationError as err:
        # An unknown key first: a misspelled key also makes the key it meant "missing",
        # and the misspelling is what the user has to fix.
        errors = err.errors()
        first = min(errors, key=lambda e: e["type"] != "extra_forbidden")
        path, problem = _describe(first, raw)
        more = sum(1 for e in errors if e is not first and not _explained_by(first, e))
        if more:
            problem += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise ConfigError(source, path, problem) from None
    _check_semantics(config, source)
    return config


# --------------------------------------------------------------------------- pydantic errors
def _explained_by(unknown: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether `other` is the missing key that the unknown key `unknown` misspells."""
    if unknown["type"] != "extra_forbidden" or other["type"] != "missing":
        return False
    parent, name = tuple(unknown["loc"][:-1]), str(unknown["loc"][-1])
    if tuple(other["loc"][:-1]) != parent:
        return False
    return difflib.get_close_matches(name, _allowed_keys(parent), n=1) == [other["loc"][-1]]


def _describe(error: dict[str, Any], raw: dict[str, Any]) -> tuple[str, str]:
    """Key path and a plain problem statement for one pydantic error."""
    loc = tuple(error["loc"])
    kind = error["type"]
    # Drop the discriminator tag pydantic puts after 'design' (e.g. design.grid.factors).
    shown = loc
    if len(loc) >= 2 and loc[0] == "design" and loc[1] in DESIGN_KINDS:
        shown = loc[:1] + loc[2:]
    path = _path_text(shown)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed)
        return path, (f"unknown key{hint}; allowed keys here: {', '.join(allowed)}"
                      if allowed else "unknown key")
    if kind == "missing":
        return path, "required key is missing" + _literal_choices(loc)
    if kind == "union_tag_not_found":
        given = error.get("input")
        allowed = [k for option in (GridDesign, ScenariosDesign, SampleDesign)
                   for k in option.model_fields]
        allowed = list(dict.fromkeys(allowed))
        unknown = [k for k in given if k not in allowed] if isinstance(given, dict) else []
        if unknown:  # e.g. 'knd' for 'kind': the misspelling is what to fix
            return _path_text(shown + (unknown[0],)), (
                f"unknown key{did_you_mean(str(unknown[0]), allowed)}; allowed keys here: "
                f"{', '.join(allowed)}")
        return _path_text(shown + ("kind",)), (
            f"required key is missing; allowed: {', '.join(map(repr, DESIGN_KINDS))}")
    if kind == "union_tag_invalid":
        got = error.get("ctx", {}).get("tag")
        return _path_text(shown + ("kind",)), (
            f"must be one of {', '.join(map(repr, DESIGN_KINDS))}; got {got!r}")
    if kind in ("greater_than_equal", "less_than_equal") and _field_range(loc):
        return path, f"out of range; allowed: {_field_range(loc)}; got {error.get('input')!r}"
    message = error["msg"]
    message = message[0].lower() + message[1:]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"must be one of {expected}"
    given = error.get("input")
    _, number_kind, allowed = _number_key(shown)
    hint = quoted_number_hint(str(loc[-1]), number_kind, given, allowed) \
        if number_kind else ""
    return path, f"{message}; got {_shown_value(given)}{hint}"


def _shown_value(value: Any) -> str:
    text = repr(value)
    kind = type(value).__name__
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} ({_toml_type(kind)})"


def _toml_type(python_type: str) -> str:
    return {"str": "a string", "int": "an integer", "float": "a float", "bool": "a boolean",
            "list": "an array", "dict": "a table"}.get(python_type, python_type)


def _path_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """Field names of the config table at `loc` (pydantic loc, discriminator tags included)."""
    node: Any = ExperimentConfig
    for part in loc:
        node = _descend(node, part)
        if node is None:
            return []
    node = _unwrap(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return list(node.model_fields)
    return []


def _field_range(loc: tuple[Any, ...]) -> str:
    """'LOW to HIGH' of the number field at `loc` (pydantic loc), '' when it has no bounds."""
    parent: Any = ExperimentConfig
    for part in loc[:-1]:
        parent = _descend(parent, part)
        if parent is None:
            return ""
    parent = _unwrap(parent)
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return ""
    field = parent.model_fields.get(str(loc[-1]))
    if field is None:
        return ""
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    if low is None or high is None:
        return ""
    return f"{low} to {high}" + (" (2**63 - 1)" if high == MAX_SEED else "")


def _literal_choices(loc: tuple[Any, ...]) -> str:
    """'; allowed: ...' when the key at `loc` takes one of a fixed set of values."""
    node: Any = ExperimentConfig
    for part in loc:
        node = _descend(node, part)
        if node is None:
            return ""
    node = _unwrap(node)
    if get_origin(node) is Literal:
        return "; allowed: " + ", ".join(repr(v) for v in get_args(node))
    return ""


def _unwrap(node: Any) -> Any:
    while get_origin(node) is Annotated:
        node = get_args(node)[0]
    return node


def _descend(node: Any, part: Any) -> Any:
    node = _unwrap(node)
    origin = get_origin(node)
    if isinstance(node, type) and issubclass(node, BaseModel):
        field = node.model_fields.get(str(part))
        return field.annotation if field else None
    if origin in (Union, UnionType):
        for option in get_args(node):
            option = _unwrap(option)
            if isinstance(option, type) and issubclass(option, BaseModel):
                kind = option.model_fields.get("kind")
                if kind is not None and get_args(kind.annotation) == (part,):
                    return option
        for option in get_args(node):  # Optional[...] and friends
            found = _descend(option, part)
            if found is not None:
                return found
        return None
    if origin is list and isinstance(part, int):
        return get_args(node)[0]
    if origin is dict and isinstance(part, str):
        return get_args(node)[1]
    return None


def did_you_mean(name: str, options: Iterable[str], n: int = 1) -> str:
    """" 'nme' (did you mean 'name'?)": the name with up to `n` closest options."""
    close = [repr(c) for c in difflib.get_close_matches(name, list(options), n=n)]
    if not close:
        return f" {name!r}"
    shown = close[0] if len(close) == 1 else ", ".join(close[:-1]) + " or " + close[-1]
    return f" {name!r} (did you mean {shown}?)"


# --------------------------------------------------------------------------- semantics
def _check_semantics(config: ExperimentConfig, source: str) -> None:
    """Checks pydantic cannot do alone: parameter names, types, ranges and the design."""
    for name, value in config.base.items():
        _check_value(source, f"base.{name}", name, value)
    for name, value in config.assumptions.items():  # each alone first: its own key path
        _check_assumptions(source, f"assumptions.{name}", {name: value})
    _check_assumptions(source, "assumptions", config.assumptions)
    design = config.design
    if isinstance(design, GridDesign):
        _check_grid(design, source)
    elif isinstance(design, ScenariosDesign):
        _check_scenarios(design, source)
    else:
        _check_sample(design, source)
    _check_factors_set_once(config, source)
    _check_names(config, source)
    _check_points(config, source)


def _spec_of(source: str, path: str, name: str) -> Spec:
    try:
        return Params.spec(name)
    except ParameterError:
        hint = did_you_mean(name, Params.names()).strip()
        if name in Assumptions.names():
            raise ConfigError(source, path, f"{name!r} is not a model parameter but a model "
                                            "assumption: set it under [assumptions]") from None
        raise ConfigError(source, path, f"{hint} is not a model parameter; "
                                        "`lcsim params` lists every parameter") from None


def _factor_spec_of(source: str, path: str, name: str) -> Spec:
    """The spec of a grid or sample factor (or a key of a table baseline): a model
    parameter or a single-number model assumption; otherwise a ConfigError at `path`."""
    try:
        spec = factor_spec(name)
    except ParameterError as err:
        if factor_specs(name):  # a name of both kinds
            raise ConfigError(source, path, f"{err}; rename one of them") from None
        numbers = [s.name for s in Assumptions.specs() if s.kind is not tuple]
        hint = did_you_mean(name, [*Params.names(), *numbers]).strip()
        raise ConfigError(source, path, f"{hint} is not a model parameter or a model "
                                        "assumption; `lcsim params` and `lcsim params "
                                        "--assumptions` list them") from None
    if spec.kind is tuple:
        raise ConfigError(source, path, f"{name!r} is a table assumption ({spec.allowed}), "
                                        "and a design factor takes single numbers; set the "
                                        "table for every run under [assumptions] instead")
    return spec


def _check_factors_set_once(config: ExperimentConfig, source: str) -> None:
    """Refuse a parameter or assumption that the design varies and `[base]` or
    `[assumptions]` sets as well: the design's values would win, and the report would
    list the other as fixed for every run."""
    design = config.design
    factors = design.factors if isinstance(design, (GridDesign, SampleDesign)) else {}
    for name in factors:
        for table, values in (("base", config.base), ("assumptions", config.assumptions)):
            if name in values:
                raise ConfigError(source, f"design.factors.{name}",
                                  f"{name} is varied by the design and also set under "
                                  f"[{table}]; give it in one place")


def _check_assumptions(source: str, path: str, values: dict[str, Any]) -> None:
    """`values` make valid `Assumptions`, or a ConfigError at `path`."""
    try:
        Assumptions.from_dict(values)
    except ParameterError as err:
        hint = "" if "lcsim params --assumptions" in str(err) else \
            "; `lcsim params --assumptions` lists every assumption"
        raise ConfigError(source, path, f"{err}{hint}") from None


def _check_value(source: str, path: str, name: str, value: Any, *,
                 factor: bool = False) -> Any:
    """The value of parameter `name` at `path` in its own type, or a ConfigError; with
    `factor`, `name` may also be a single-number assumption (a grid factor)."""
    where = path.rsplit("[", 1)[0] if path.endswith("]") else path
    spec = _factor_spec_of(source, where, name) if factor else _spec_of(source, where, name)
    try:
        if spec.kind is bool and not isinstance(value, bool):
            raise ParameterError(f"{name} takes true or false")  # not 1 or 0
        typed = coerce(spec, value)
    except ParameterError:
        raise ConfigError(source, path, f"must be {spec.allowed} ({spec.unit}); "
                                        f"got {_shown_value(value)}"
                                        f"{quoted_number_hint(name, spec.kind, value)}"
                          ) from None
    if spec.kind is not bool and not spec.low <= typed <= spec.high:
        raise ConfigError(source, path, f"out of range; allowed: {spec.range_text} "
                                        f"({spec.unit}); got {value!r}")
    return typed


def _empty(source: str, path: str, what: str) -> ConfigError:
    return ConfigError(source, path, f"the design is empty; {what}")


def _check_grid(design: GridDesign, source: str) -> None:
    if not design.factors:
        raise _empty(source, "design.factors",
                     "list at least one parameter with its values, e.g. funding_years = [1, 2]")
    for name, values in design.factors.items():
        path = f"design.factors.{name}"
        _factor_spec_of(source, path, name)
        if not values:
            raise _empty(source, path, "give at least one value")
        typed = [_check_value(source, f"{path}[{i}]", name, v, factor=True)
                 for i, v in enumerate(values)]
        if len(set(typed)) != len(typed):
            raise ConfigError(source, path, f"values must be distinct; got {values!r}")


def _check_scenarios(design: ScenariosDesign, source: str) -> None:
    if not design.scenarios:
        raise _empty(source, "design.scenarios",
                     "add at least one [[design.scenarios]] with a name and params")
    seen: set[str] = set()
    for index, scenario in enumerate(design.scenarios):
        if scenario.name in seen:
            raise ConfigError(source, f"design.scenarios[{index}].name",
                              f"scenario names must be unique; {scenario.name!r} repeats")
        seen.add(scenario.name)
        for name, value in scenario.params.items():
            _check_value(source, f"design.scenarios[{index}].params.{name}", name, value)


def _check_sample(design: SampleDesign, source: str) -> None:
    if not design.factors:
        raise _empty(source, "design.factors", "give at least one parameter range, e.g. "
                                               "alignment = { low = 0.0, high = 1.0, "
                                               "type = \"float\" }")
    for name, factor in design.factors.items():
        path = f"design.factors.{name}"
        spec = _factor_spec_of(source, path, name)
        if spec.kind is bool:
            raise ConfigError(source, path, "a true/false parameter cannot be sampled; "
                                            "use a grid or scenarios for it")
        if factor.type != spec.kind.__name__:
            raise ConfigError(source, f"{path}.type",
                              f"{name} is {spec.kind.__name__}, so type must be "
                              f"{spec.kind.__name__!r}; got {factor.type!r}")
        for end in ("low", "high"):
            value = getattr(factor, end)
            if not spec.low <= value <= spec.high:
                raise ConfigError(source, f"{path}.{end}", f"out of range; allowed: "
                                                          f"{spec.range_text} ({spec.unit}); "
                                                          f"got {value!r}")
        if factor.low >= factor.high:
            raise ConfigError(source, path, f"low must be below high; got low={factor.low!r}, "
                                            f"high={factor.high!r}")
        if factor.type == "int":
            _check_whole_range(source, path, spec, factor)
    _check_sample_size(design, source)
    _check_levels_apply(design, source)
    if design.second_order and design.method != "sobol":
        raise ConfigError(source, "design.second_order",
                          f"second-order indices come from a sobol sample only; remove "
                          f"second_order for method = {design.method!r}, or use "
                          "method = 'sobol'")
    if design.second_order and len(design.factors) < 2:
        raise ConfigError(source, "design.second_order",
                          "second-order indices are the joint effects of two factors, and "
                          f"the design samples only {next(iter(design.factors))}; set "
                          "second_order = false or add a factor")
    if design.method == "sobol" and design.samples & (design.samples - 1):
        raise ConfigError(source, "design.samples", "Sobol sampling needs a power of two "
                                                    f"(e.g. 64, 128, 256); got {design.samples}")
    if design.method == "morris" and design.levels % 2:
        raise ConfigError(source, "design.levels",
                          f"Morris needs an even number of levels; got {design.levels}")
    if design.method == "morris":
        _check_morris_levels(design, source)


def _check_sample_size(design: SampleDesign, source: str) -> None:
    """Refuse a latin sample too small for its analysis before any run is spent: RBD-FAST
    needs `stats.RBD_FAST_MIN_POINTS` points (the report would otherwise say so only
    after every run)."""
    if design.method != "latin":
        return
    from lcsim.experiments.stats import RBD_FAST_HARMONICS, RBD_FAST_MIN_POINTS

    if design.samples < RBD_FAST_MIN_POINTS:
        high = next(m.le for m in SampleDesign.model_fields["samples"].metadata
                    if getattr(m, "le", None) is not None)
        raise ConfigError(source, "design.samples",
                          f"too few for a latin sample: its analysis (RBD-FAST) reads "
                          f"{RBD_FAST_HARMONICS} harmonics and estimates its likely range "
                          f"from half the sample; allowed: {RBD_FAST_MIN_POINTS} to {high}, "
                          f"more for narrower likely ranges; got {design.samples}")


def _check_levels_apply(design: SampleDesign, source: str) -> None:
    """Refuse `levels` set for a method that never reads it, instead of ignoring it: only
    Morris steps between levels; a Latin or Sobol sample spreads its points over the
    whole range. Left out, or written as the default (4, which every stored manifest.json
    holds for every sample, so results folders read again as before), it goes through."""
    default = SampleDesign.model_fields["levels"].default
    if design.method == "morris" or "levels" not in design.model_fields_set \
            or design.levels == default:
        return
    raise ConfigError(source, "design.levels",
                      f"applies only to method = 'morris' (the number of levels its "
                      f"trajectories step between); a {design.method} sample spreads its "
                      f"points over the whole range and would ignore it: remove levels, or "
                      f"use method = 'morris'; got {design.levels}")


def _check_whole_range(source: str, path: str, spec: Spec, factor: FactorRange) -> None:
    """An int factor samples the whole numbers from low to high: at least two of them, and
    bounds that are whole numbers themselves (so the range means what it says)."""
    allowed = f"whole numbers from {spec.low:g} to {spec.high:g}"
    if math.floor(factor.high) - math.ceil(factor.low) < 1:
        raise ConfigError(source, path, f"an int factor needs at least two whole values "
                                        f"between low and high; got low={factor.low!r}, "
                                        f"high={factor.high!r}; allowed: {allowed}")
    for end in ("low", "high"):
        value = getattr(factor, end)
        if value != int(value):
            raise ConfigError(source, f"{path}.{end}", f"an int factor's bounds are whole "
                                                      f"numbers; got {value!r}; allowed: "
                                                      f"{allowed}")


def _morris_problem(low: float, high: float, levels: int) -> str:
    """Why `levels` Morris levels do not work for an int factor from low to high ('' if they
    do): they must map to distinct whole values, and every Morris step (a jump of
    levels / 2 levels) must change the factor by the same amount, since the analysis
    treats all of a factor's elementary effects as steps of one size."""
    values = morris_whole_levels(low, high, levels)
    shown = ", ".join(map(str, values))
    if len(set(values)) < levels:
        return f"maps its {levels} levels to {shown}, not {levels} distinct whole values"
    steps = sorted({values[k + levels // 2] - values[k] for k in range(levels // 2)})
    if len(steps) > 1:
        return (f"maps its levels to {shown}, so its Morris steps would differ in size "
                f"({', '.join(map(str, steps))})")
    return ""


def _check_morris_levels(design: SampleDesign, source: str) -> None:
    ints = {n: f for n, f in design.factors.items() if f.type == "int"}
    for name, factor in ints.items():
        problem = _morris_problem(factor.low, factor.high, design.levels)
        if problem:
            good = [str(p) for p in range(2, 101, 2)
                    if not any(_morris_problem(f.low, f.high, p) for f in ints.values())]
            raise ConfigError(source, "design.levels",
                              f"levels = {design.levels} does not fit the int factor {name} "
                              f"({factor.low:g} to {factor.high:g}): it {problem}; "
                              f"allowed for this design: {', '.join(good)}")


def _check_distinct(source: str, key: str, entries: Iterable[str], field: str = "") -> None:
    """Refuse a list that names an entry twice (an outcome kept twice would make two
    columns of one name in runs.parquet, which no reader can tell apart)."""
    first: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry in first:
            raise ConfigError(source, f"{key}[{index}]{field}",
                              f"{entry!r} is listed twice (also {key}[{first[entry]}]{field}); "
                              "list each once")
        first[entry] = index


def _check_names(config: ExperimentConfig, source: str) -> None:
    _check_distinct(source, "outputs", config.outputs or [])
    _check_distinct(source, "series", config.series or [])
    _check_distinct(source, "derived", (d.name for d in config.derived), ".name")
    for index, item in enumerate(config.derived):
        _check_distinct(source, f"derived[{index}].denominator", item.denominator)
    if config.outputs == [] and not config.derived:
        raise ConfigError(source, "outputs", "is empty; list at least one outcome, or leave "
                          "it out to keep them all")
    region = config.uses_regions()
    outcomes = model_outcomes(region)
    series = model_series(region)
    derived = [d.name for d in config.derived]
    taken = set(outcomes) | set(Params.names())
    for index, item in enumerate(config.derived):
        path = f"derived[{index}]"
        if item.name in taken:
            raise ConfigError(source, f"{path}.name", f"{item.name!r} is already the name of a "
                                                      "parameter or outcome; choose another")
        if item.numerator not in outcomes:
            hint = did_you_mean(item.numerator, outcomes).strip()
            raise ConfigError(source, f"{path}.numerator",
                              f"{hint} is not an outcome; allowed: {', '.join(outcomes)}")
        for j, term in enumerate(item.denominator):
            if term not in outcomes and term not in Params.names():
                raise ConfigError(source, f"{path}.denominator[{j}]",
                                  f"{term!r} is neither an outcome nor a parameter")
    for key, allowed, given in (("outputs", outcomes + derived, config.outputs),
                                ("series", series, config.series)):
        for index, name in enumerate(given or []):
            if name not in allowed and name in region_only_names():
                raise ConfigError(source, f"{key}[{index}]",
                                  f"{name!r} is only reported by regions; set "
                                  f"{REGION_SIZE} above 1 in [base] or the design")
            if name not in allowed:
                hint = did_you_mean(name, allowed).strip()
                listed = "" if "did you mean" in hint else f"; allowed: {', '.join(allowed)}"
                raise ConfigError(source, f"{key}[{index}]",
                                  f"{hint} is not a known {key[:-1] if key == 'outputs' else key}"
                                  f"{listed} (docs/ODD.md, section Outputs, lists them all)")


def _check_points(config: ExperimentConfig, source: str) -> None:
    from lcsim.experiments.design import design_points

    try:
        points = design_points(config)
    except ParameterError as err:
        raise ConfigError(source, "design", str(err)) from None
    _check_bridge_builders(config, points, source)
    names = [p.name for p in points]
    baseline = config.baseline
    if isinstance(baseline, dict):
        if not isinstance(config.design, GridDesign):
            raise ConfigError(source, "baseline", "a table baseline only works for a grid; "
                                                  "give a design point name instead")
        wanted = set(config.design.factors)
        if set(baseline) != wanted:
            raise ConfigError(source, "baseline", "give a value for each grid factor: "
                                                  f"{', '.join(sorted(wanted))}")
        key = {k: _check_value(source, f"baseline.{k}", k, v, factor=True)
               for k, v in baseline.items()}
        if not any(p.factors == key for p in points):
            levels = "; ".join(f"{k}: {', '.join(map(str, v))}"
                               for k, v in config.design.factors.items())
            raise ConfigError(source, "baseline", f"{baseline!r} is not a point of the grid; "
                                                  f"its values are {levels}")
    elif isinstance(baseline, str) and baseline not in names:
        shown = names if len(names) <= 20 else names[:20] + ["..."]
        raise ConfigError(source, "baseline", f"{baseline!r} is not a design point; "
                                              f"allowed: {', '.join(map(repr, shown))}")


def _check_bridge_builders(config: ExperimentConfig, points: list, source: str) -> None:
    """Refuse a design point with more bridge-builders than its communities have members
    who may hold the function (`lcsim.roles.max_bridge_builders`)."""
    role_mix = Assumptions.from_dict(config.assumptions).array("role_mix")
    for point in points:
        wanted, size = point.params["n_bridge_builders"], point.params["n_participants"]
        most = max_bridge_builders(size, role_mix)
        if wanted > most:
            raise ConfigError(source, "design", f"point {point.name!r}: n_bridge_builders "
                                                f"({wanted}) must be at most {most} in a "
                                                f"community of {size} (its educators, "
                                                f"researchers and practitioners)")


def baseline_name(config: ExperimentConfig) -> str | None:
    """Name of the baseline design point (None when the config names none)."""
    from lcsim.experiments.design import design_points

    baseline = config.baseline
    if baseline is None:
        return None
    if isinstance(baseline, str):
        return baseline
    key = {k: coerce(factor_spec(k), v) for k, v in baseline.items()}
    for point in design_points(config):
        if point.factors == key:
            return point.name
    return None
