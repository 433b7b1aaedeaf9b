"""`lcsim robustness`: does a study's answer hold under other plausible assumptions?

A study (any `lcsim experiment` config) is run under an ensemble of assumption sets: a
Latin hypercube over the plausible range of each scalar field of `lcsim.Assumptions`
(scipy.stats.qmc), or the sets of an ensemble file (`--assumptions-ensemble`). Set 0 is
always the shipped defaults, for reference; sets 1..N are the ensemble. Every run is a
`RunTask` a<set>-p<point>-r<rep>, stored with the sweeps engine (`runner.run_plan`:
batches, resume, manifest, local or Dask), its set's values in `assumption_*` columns.
Seeds do not depend on the set (common random numbers across sets).

The config may add to an experiment config:

    [robustness]
    samples = 200              # assumption sets (CLI --samples)
    seed = 1                   # of the Latin hypercube (default: root_seed)
    spread = 0.5               # sample default x (1 +- spread), within the plausible range
    vary = ["trust_gain", ...] # only these assumptions (default: every scalar one)
    ranges = { learning_rate = [0.03, 0.08] }   # narrower ranges
    patterns = true            # score every set on the patterns (lcsim.experiments.patterns)
    pattern_replications = 4
    pattern_confidence = 0.8
    pattern_rule = "not_contradicted"   # or "confirmed" (lcsim.experiments.patterns)
    discovery = { outcome = "survived", threshold = 0.5, above = true }   # PRIM
    checks = "funding_horizon.toml"   # the study whose answer this checks (path from this
                                      # file's folder): the page says how the settings differ

    [[findings]]               # statements to test under every set
    name = "3+ years keep more communities alive than 1-2"
    outcome = "survived"
    comparison = [["funding_years=3", "funding_years=4"], ["funding_years=1"]]
    direction = "greater"      # first minus second (minus third plus fourth) > 0

`[assumptions]` fixes assumptions (they are then not sampled). An assumption the design
varies as a factor (a grid or sample over it) is not sampled either: the ensemble leaves
it to the design, and `vary`, `ranges` or an ensemble file that names it is refused (one
line), since a set's value and the design's would contradict each other; scenario
discovery takes it in beside the levers. Results: the runs as for a study, with the
set of each run in runs.parquet's whole-number column `assumption_set` (`with_set_column`),
plus assumption_sets.parquet (every set; `accepted` when scored), findings.parquet
(each finding's effect per set), patterns.parquet and accepted_assumptions.parquet (when
scored) and robustness.html; data_dictionary.csv (and each file's Parquet field metadata)
says what every column of every file means (`file_docs`, `run_docs`).
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from scipy import stats

from lcsim import outputs
from lcsim.assumptions import DEFAULTS, Assumptions
from lcsim.experiments import storage
from lcsim.experiments.answer import ParamWords
from lcsim.experiments.config import (
    ConfigError,
    ExperimentConfig,
    did_you_mean,
    read_toml,
    validate_config,
)
from lcsim.experiments.design import (
    RunTask,
    assumption_factors,
    assumption_set_of,
    design_points,
    ensemble_run_id,
    plan_ensemble_runs,
    run_seed,
)
from lcsim.experiments.levels import is_assumption
from lcsim.experiments.patterns import (
    AFTER_LOSS,
    FUNDED,
    INTERVENTION,
    PATTERN_OUTPUTS,
    RULES,
    SCENARIOS,
    SUMMARY_KEYS,
    score_patterns,
)
from lcsim.experiments.resume import ASSUMPTION_PREFIX
from lcsim.experiments.runner import (
    ExperimentResults,
    PlanColumns,
    _storage_errors,
    check_run_options,
    default_directory,
    run_plan,
)
from lcsim.experiments.stats import (
    SIGNIFICANCE,
    holm_adjusted,
    mean_ci,
    outcome_kinds,
    proportion_difference,
    share_contrast,
    wilson,
)
from lcsim.experiments.storage import (
    ENSEMBLE_SET,
    OK,
    PARAM_PREFIX,
    SET_COLUMN,
    ResultStore,
    add_set_column,
    write_data_dictionary,
    write_described,
)
from lcsim.experiments.verdicts import HOLDS, REVERSED, UNCLEAR
from lcsim.params import ParameterError, Params

PATTERN_OFFSET = 90000  # point index of the first pattern scenario
PATTERN_SEED = 20261122  # the seeds of tests/test_patterns.py
SKIPPED_GROUPS = ("reporting",)  # assumptions that only change the event log
SETS_FILE = "assumption_sets.parquet"
ACCEPTED_FILE = "accepted_assumptions.parquet"
FINDINGS_FILE = "findings.parquet"
PATTERNS_FILE = "patterns.parquet"
DIRECTIONS = ("greater", "less")
FINDING_KEYS = ("name", "outcome", "comparison", "direction")
SENSITIVITY_LEVEL = SIGNIFICANCE  # Holm-adjusted p below which a finding hinges on one
PIN_LEVEL = SIGNIFICANCE  # Holm-adjusted KS p below which the patterns pin one down
MIN_SETS_TO_PIN = 5    # accepted and turned-away sets needed on each side
FEW_VALUES = 6  # a box dimension taking at most this many values is shown by its values


# --------------------------------------------------------------------------- config
@dataclass(frozen=True)
class Finding:
    """A testable statement: `direction` of (mean of sides[0] - sides[1]) [- (sides[2] -
    sides[3])] of `outcome`, each side a list of design point names (their mean)."""

    name: str
    outcome: str
    sides: tuple[tuple[str, ...], ...]
    direction: str = "greater"
    automatic: bool = False


@dataclass(frozen=True)
class Discovery:
    """Scenario discovery: which levers and assumptions make `outcome` pass `threshold`."""

    outcome: str
    threshold: float
    above: bool = True


@dataclass(frozen=True)
class RobustnessSpec:
    """How the ensemble is drawn and scored (the `[robustness]` table, validated)."""

    samples: int = 50
    seed: int = 0
    spread: float | None = None
    vary: tuple[str, ...] | None = None
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    patterns: bool = False
    pattern_replications: int = 4
    pattern_confidence: float = 0.8
    pattern_rule: str = "not_contradicted"
    discovery: Discovery | None = None
    findings: tuple[Finding, ...] = ()
    checks: str | None = None
    defaults_used: bool = False  # the config has no [robustness] table

    def as_json(self) -> dict[str, Any]:
        """Plain data for manifest.json."""
        return {"samples": self.samples, "seed": self.seed, "spread": self.spread,
                "vary": list(self.vary) if self.vary else None,
                "ranges": {k: list(v) for k, v in self.ranges.items()},
                "patterns": self.patterns, "pattern_replications": self.pattern_replications,
                "pattern_confidence": self.pattern_confidence,
                "pattern_rule": self.pattern_rule,
                "discovery": None if self.discovery is None else vars(self.discovery),
                "findings": [{"name": f.name, "outcome": f.outcome,
                              "comparison": [list(s) for s in f.sides],
                              "direction": f.direction} for f in self.findings],
                "checks": self.checks}


KEYS = {"samples", "seed", "spread", "vary", "ranges", "patterns", "pattern_replications",
        "pattern_confidence", "pattern_rule", "discovery", "checks"}


def load_robustness(source: str | Path | dict[str, Any]
                    ) -> tuple[ExperimentConfig, RobustnessSpec]:
    """Read a robustness config: an experiment config plus `[robustness]` and `[[findings]]`.

    Raises:
        ConfigError: one line naming the file, the key and what is allowed.
    """
    if isinstance(source, dict):
        raw, label = dict(source), "<config>"
    else:
        raw, label = read_toml(source)
    table = raw.pop("robustness", None)
    findings = raw.pop("findings", []) or []
    config = validate_config(raw, label)
    spec = _spec(table or {}, findings, config, label)
    if table is None:
        spec = RobustnessSpec(**{**vars(spec), "defaults_used": True})
    return config, spec


def _spec(table: dict[str, Any], findings: list[Any], config: ExperimentConfig,
          label: str) -> RobustnessSpec:
    """The `[robustness]` table and `[[findings]]`, checked key by key in reading order."""
    _check_table(table, label)
    samples = _number(table, "samples", 50, int, 1, 100_000, label)
    seed = _number(table, "seed", config.root_seed, int, 0, 2**63 - 1, label)
    spread = table.get("spread")
    if spread is not None:
        spread = _number(table, "spread", None, float, 0.0, 10.0, label)
    vary = _vary(table, label)
    ranges = _ranges(table, label)
    fixed = set(config.assumptions) & (set(ranges) | set(vary or ()))
    if fixed:
        raise ConfigError(label, "assumptions", f"{sorted(fixed)[0]} is fixed in "
                          "[assumptions] and sampled in [robustness]; choose one")
    for key, names in (("vary", vary or ()), ("ranges", ranges)):
        both = [n for n in names if n in assumption_factors(config)]
        if both:
            raise ConfigError(label, f"robustness.{key}", _varied_twice(both[0]))
    patterns = table.get("patterns", False)
    if not isinstance(patterns, bool):
        raise ConfigError(label, "robustness.patterns", "must be true or false")
    reps = _number(table, "pattern_replications", 4, int, 2, 1000, label)
    confidence = _number(table, "pattern_confidence", 0.8, float, 0.0, 0.999, label)
    rule = table.get("pattern_rule", "not_contradicted")
    if rule not in RULES:
        raise ConfigError(label, "robustness.pattern_rule", f"must be one of "
                          f"{', '.join(repr(r) for r in RULES)}; got {rule!r}")
    discovery = _discovery(table, config, label)
    parsed = _findings(findings, config, label)
    checks = table.get("checks")
    if checks is not None and (not isinstance(checks, str) or not checks.strip()):
        raise ConfigError(label, "robustness.checks", "must be the path of the study "
                          f"config this checks, e.g. \"funding_horizon.toml\"; got {checks!r}")
    return RobustnessSpec(samples, seed, spread, vary, ranges, patterns, reps, confidence,
                          rule, discovery, tuple(parsed), checks)


def _check_table(table: Any, label: str) -> None:
    """Refuse a `[robustness]` that is not a table or has a key we do not know."""
    if not isinstance(table, dict):
        raise ConfigError(label, "robustness", "must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(label, f"robustness.{unknown[0]}",
                          f"unknown key; allowed keys here: {', '.join(sorted(KEYS))}")


def _vary(table: dict[str, Any], label: str) -> tuple[str, ...] | None:
    """The number assumptions to sample (`vary`), None for every scalar one."""
    vary = table.get("vary")
    if vary is not None:
        if not isinstance(vary, list) or not vary:
            raise ConfigError(label, "robustness.vary", "must be a non-empty list of "
                              "assumption names")
        for name in vary:
            if name not in scalar_specs():
                raise ConfigError(label, "robustness.vary", f"{_unknown(name)} is not a "
                                  "number assumption; `lcsim params --assumptions` lists them")
        vary = tuple(vary)
    return vary


def _ranges(table: dict[str, Any], label: str) -> dict[str, tuple[float, float]]:
    """The narrower ranges (`ranges`), each within its assumption's plausible range."""
    names = set(Assumptions.names())
    ranges = {}
    for name, value in (table.get("ranges") or {}).items():
        spec = scalar_specs().get(name)
        where = f"robustness.ranges.{name}"
        if spec is None:
            raise ConfigError(label, where, (
                f"{name!r} is a table assumption; tables are not sampled" if name in names
                else f"{_unknown(name)} is not a number assumption; `lcsim params "
                "--assumptions` lists them"))
        ok = (isinstance(value, list) and len(value) == 2 and all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in value))
        if not ok or not spec.low <= value[0] <= value[1] <= spec.high:
            raise ConfigError(label, where, f"must be [low, high] with {spec.low:g} <= low "
                              f"<= high <= {spec.high:g}; got {value!r}")
        ranges[name] = (float(value[0]), float(value[1]))
    return ranges


def _varied_twice(name: str) -> str:
    """Why an ensemble may not vary an assumption the design varies."""
    return (f"{name} is a factor of the study's design, so the ensemble cannot vary it "
            "too (a set's value would contradict the design point's); leave it out here, "
            "or take it out of the design")


def _unknown(name: str) -> str:
    """An unknown assumption name with the closest number assumptions: "'prior_trust_lif'
    (did you mean 'prior_trust_lift'?)"."""
    return did_you_mean(str(name), scalar_specs(), n=3).strip()


def _discovery(table: dict[str, Any], config: ExperimentConfig,
               label: str) -> Discovery | None:
    """The scenario discovery asked for (`discovery`), None when none is."""
    if table.get("discovery") is None:
        return None
    d = table["discovery"]
    if not isinstance(d, dict) or "outcome" not in d or "threshold" not in d or \
            set(d) - {"outcome", "threshold", "above"}:
        raise ConfigError(label, "robustness.discovery", "must be { outcome = ..., "
                          "threshold = number, above = true|false }")
    if d["outcome"] not in config.outcome_names():
        raise ConfigError(label, "robustness.discovery.outcome", f"{d['outcome']!r} is "
                          f"not an outcome of this study: {', '.join(config.outcome_names())}")
    return Discovery(d["outcome"], float(d["threshold"]), bool(d.get("above", True)))


def _findings(findings: list[Any], config: ExperimentConfig, label: str) -> list[Finding]:
    """The declared findings (`[[findings]]`), their sides named by design point. A name
    or a statement (outcome, sides and direction) given twice is refused, naming both
    places: the report would judge it twice under one heading, or the same test twice."""
    points = {p.name for p in design_points(config)}
    parsed = [_finding(i, f, config, points, label) for i, f in enumerate(findings)]
    seen_names: dict[str, int] = {}
    seen_statements: dict[tuple[Any, ...], int] = {}
    for i, finding in enumerate(parsed):
        statement = (finding.outcome, finding.sides, finding.direction)
        if finding.name in seen_names:
            raise ConfigError(label, f"findings[{i}].name", f"{finding.name!r} is also the "
                              f"name of findings[{seen_names[finding.name]}]; give each "
                              "finding its own name")
        if statement in seen_statements:
            raise ConfigError(label, f"findings[{i}]", "states the same as findings["
                              f"{seen_statements[statement]}] (outcome, comparison and "
                              "direction); leave one out")
        seen_names[finding.name] = i
        seen_statements[statement] = i
    return parsed


def _finding(i: int, f: Any, config: ExperimentConfig, points: set[str],
             label: str) -> Finding:
    """One declared finding, checked: keys, outcome, sides and direction."""
    where = f"findings[{i}]"
    if not isinstance(f, dict):
        raise ConfigError(label, where, "must be a table with keys "
                          f"{', '.join(FINDING_KEYS)}")
    unknown = [k for k in f if k not in FINDING_KEYS]
    if unknown:
        raise ConfigError(label, f"{where}.{unknown[0]}", f"unknown key"
                          f"{did_you_mean(str(unknown[0]), FINDING_KEYS)}; allowed keys: "
                          f"{', '.join(FINDING_KEYS)}")
    if f.get("outcome") not in config.outcome_names():
        raise ConfigError(label, f"{where}.outcome", f"{f.get('outcome')!r} is not an "
                          f"outcome of this study: {', '.join(config.outcome_names())}")
    sides = f.get("comparison")
    if not isinstance(sides, list) or len(sides) not in (2, 4):
        raise ConfigError(label, f"{where}.comparison", "must list 2 sides (first minus "
                          "second) or 4 ((first - second) - (third - fourth)), each a "
                          "design point name or a list of them")
    sides = tuple(tuple(s) if isinstance(s, list) else (s,) for s in sides)
    for side in sides:
        for name in side:
            if name not in points:
                raise ConfigError(label, f"{where}.comparison", f"{name!r} is not a "
                                  f"design point; points: {', '.join(sorted(points))}")
    direction = f.get("direction", "greater")
    if direction not in DIRECTIONS:
        raise ConfigError(label, f"{where}.direction", "must be " + " or ".join(
            f'"{d}"' for d in DIRECTIONS) + f"; got {direction!r}")
    return Finding(str(f.get("name") or f"finding {i + 1}"), f["outcome"], sides,
                   direction)


def _number(table: dict[str, Any], key: str, default: Any, kind: type, low: float,
            high: float, label: str) -> Any:
    value = table.get(key, default)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and (
        kind is float or isinstance(value, int))
    if not ok or not low <= value <= high:
        raise ConfigError(label, f"robustness.{key}", f"must be {kind.__name__} in "
                          f"[{low:g}, {high:g}]; got {value!r}")
    return kind(value)


# --------------------------------------------------------------------------- the setting
def setting_of(config: ExperimentConfig) -> dict[str, Any]:
    """What a study runs: per model parameter the values its design points take (sorted),
    its replications per point and the assumptions it fixes; plain data (manifest.json)."""
    values: dict[str, list[Any]] = {}
    for point in design_points(config):
        for name, value in point.params.items():
            taken = values.setdefault(name, [])
            if value not in taken:
                taken.append(value)
    return {"name": config.name, "replications": config.replications,
            "params": {name: sorted(taken) for name, taken in values.items()},
            "assumptions": dict(config.assumptions)}


def checked_study(spec: RobustnessSpec, source: Any) -> dict[str, Any] | None:
    """The setting (`setting_of`) of the study a robustness study checks (`checks`, a path
    from the robustness config's folder, else from the working folder) and that path;
    None when `checks` is not given.

    Raises:
        ConfigError: the file is missing or not a valid study config (one line).
    """
    if spec.checks is None:
        return None
    path = Path(spec.checks)
    if not path.is_absolute() and isinstance(source, str | Path):
        beside = Path(source).parent / path
        path = beside if beside.exists() or not path.exists() else path
    label = str(source) if isinstance(source, str | Path) else "<config>"
    if not path.is_file():
        raise ConfigError(label, "robustness.checks", f"{spec.checks!r} does not exist "
                          "(a path from the robustness config's folder, e.g. "
                          "\"funding_horizon.toml\")")
    raw, name = read_toml(path)
    for key in ("robustness", "findings"):
        raw.pop(key, None)
    return {"path": spec.checks, **setting_of(validate_config(raw, name))}


def setting_differences(config: ExperimentConfig, checked: dict[str, Any] | None
                        ) -> list[dict[str, Any]]:
    """How the setting of this study differs from the study it checks (`checked`, from
    `checked_study`) or, without one, from the model's defaults.

    Returns:
        One row per difference, {"name", "kind", "here", "there"} ("here" and "there" are
        lists of values): a model parameter ("parameter") whose values here are not all
        among those there (without a checked study: one held at another value than its
        default), an assumption fixed in `[assumptions]` ("assumption"), and, with a
        checked study, the replications per design point ("replications").
    """
    here = setting_of(config)
    if checked is None:
        there = {"params": {k: [v] for k, v in Params().to_dict().items()},
                 "assumptions": {}, "replications": None}
        mine = {k: v for k, v in here["params"].items() if len(v) == 1}
    else:
        there, mine = checked, here["params"]
    rows = []
    for name, values in mine.items():
        other = there["params"].get(name)
        if other is not None and not all(v in other for v in values):
            rows.append({"name": name, "kind": "parameter", "here": values, "there": other})
    fixed_here, fixed_there = here["assumptions"], there.get("assumptions") or {}
    for name in sorted(set(fixed_here) | set(fixed_there)):
        if fixed_here.get(name) != fixed_there.get(name):
            default = getattr(DEFAULTS, name, None)
            rows.append({"name": name, "kind": "assumption",
                         "here": [fixed_here.get(name, default)],
                         "there": [fixed_there.get(name, default)]})
    if there.get("replications") not in (None, here["replications"]):
        rows.append({"name": "replications", "kind": "replications",
                     "here": [here["replications"]], "there": [there["replications"]]})
    return rows


# --------------------------------------------------------------------------- sampling
def scalar_specs() -> dict[str, Any]:
    """The assumptions that can be sampled: numbers (not tables), event log ones aside."""
    return {s.name: s for s in Assumptions.specs()
            if s.kind in (int, float) and s.group not in SKIPPED_GROUPS}


def sampled_ranges(spec: RobustnessSpec, config: ExperimentConfig
                   ) -> dict[str, tuple[float, float]]:
    """Each sampled assumption's range: `ranges`, else default x (1 +- spread) within the
    plausible range, else the whole plausible range. A whole-number assumption's range is
    narrowed to the whole numbers inside it (its default when there is none), so every
    drawn value lies in the range the manifest records. Fixed assumptions are not
    sampled."""
    specs = scalar_specs()
    names = spec.vary or tuple(n for n in specs if n not in config.assumptions
                               and n not in assumption_factors(config))
    out = {}
    for name in names:
        s = specs[name]
        if name in spec.ranges:
            out[name] = spec.ranges[name]
        elif spec.spread is not None:
            d = float(s.default)
            low, high = (d * (1 - spec.spread), d * (1 + spec.spread)) if d else \
                (s.low, s.low + spec.spread * (s.high - s.low))
            out[name] = (max(s.low, low), min(s.high, high))
        else:
            out[name] = (float(s.low), float(s.high))
        if s.kind is int:
            out[name] = _whole_numbers_in(*out[name], default=s.default)
    return out


def _whole_numbers_in(low: float, high: float, default: int) -> tuple[float, float]:
    """The smallest and largest whole number in [low, high]; (default, default) when the
    range holds none."""
    first, last = math.ceil(low), math.floor(high)
    return (float(first), float(last)) if first <= last else (float(default),) * 2


def latin_sets(ranges: dict[str, tuple[float, float]], samples: int,
               seed: int) -> list[dict[str, Any]]:
    """`samples` assumption sets, a Latin hypercube over `ranges` (whole numbers for int
    assumptions, each whole value equally likely)."""
    from scipy.stats import qmc

    specs = scalar_specs()
    names = list(ranges)
    unit = qmc.LatinHypercube(d=len(names), seed=np.random.default_rng(seed)).random(samples)
    sets = []
    for row in unit:
        values: dict[str, Any] = {}
        for name, u in zip(names, row, strict=True):
            low, high = ranges[name]
            if specs[name].kind is int:
                values[name] = int(min(high, math.floor(low + u * (high - low + 1))))
            else:
                values[name] = float(low + u * (high - low))
        sets.append(values)
    return sets


def read_ensemble(path: str | Path) -> tuple[list[dict[str, Any]], list[bool] | None]:
    """The assumption sets of an ensemble file (`assumption_*` columns, one row a set; an
    `accepted` column is kept) - e.g. accepted_assumptions.parquet of another run.

    Raises:
        ConfigError: the file is missing, unreadable, or holds invalid assumptions.
    """
    label = str(path)
    if not Path(path).exists():
        raise ConfigError("--assumptions-ensemble", label, "does not exist; give an "
                          f"ensemble file such as {SETS_FILE} or {ACCEPTED_FILE} of a "
                          "robustness study")
    try:
        frame = pd.read_parquet(path)
    except (OSError, ValueError) as err:
        raise ConfigError("--assumptions-ensemble", label, f"cannot be read "
                          f"({str(err).splitlines()[0]})") from None
    if "assumption_set" in frame and (frame["assumption_set"] == 0).any() and \
            "is_default" in frame:
        frame = frame[~frame["is_default"]]
    columns = [c for c in frame.columns if c.startswith(ASSUMPTION_PREFIX)
               and c != "assumption_set"]
    specs = scalar_specs()
    if not columns or not len(frame):
        raise ConfigError("--assumptions-ensemble", label, "holds no assumption sets "
                          "(columns assumption_<name>, one row per set)")
    _check_ensemble_columns(frame, columns, specs, label)
    sets = []
    for i, row in enumerate(frame[columns].to_dict("records")):
        values = {}
        for column, value in row.items():
            name = column.removeprefix(ASSUMPTION_PREFIX)
            values[name] = int(value) if specs[name].kind is int else float(value)
        try:
            Assumptions.from_dict(values, where=f"{label} row {i}")
        except ParameterError as err:
            raise ConfigError("--assumptions-ensemble", label, str(err)) from None
        sets.append(values)
    accepted = [bool(x) for x in frame["accepted"]] if "accepted" in frame else None
    return sets, accepted


ENSEMBLE_BOOKKEEPING = ("assumption_set", "is_default", "accepted")  # columns of a set file


def _check_ensemble_columns(frame: pd.DataFrame, columns: list[str], specs: dict[str, Any],
                            label: str) -> None:
    """Refuse a column of an ensemble file that is neither bookkeeping
    (`ENSEMBLE_BOOKKEEPING`) nor `assumption_<a number assumption>`: it would be ignored
    and the runs made under other values than the file seems to give."""
    for column in columns:  # an unknown assumption_<name> first: runs.parquet's hint
        if column.removeprefix(ASSUMPTION_PREFIX) not in specs:
            hint = (f"; this looks like runs.parquet: use {SETS_FILE} or "
                    f"{ACCEPTED_FILE} of the study instead" if "run_id" in frame else
                    f"; an ensemble file holds one row per set, as {SETS_FILE} or "
                    f"{ACCEPTED_FILE} of a robustness study do")
            raise ConfigError("--assumptions-ensemble", label, f"column {column}: not a "
                              f"number assumption{hint}")
    for column in frame.columns:
        if column in ENSEMBLE_BOOKKEEPING or column in columns:
            continue
        name = str(column)
        if name in specs:
            fix = f"write it as {ASSUMPTION_PREFIX}{name}"
        elif "run_id" in frame:
            fix = f"this looks like runs.parquet: use {SETS_FILE} or {ACCEPTED_FILE} instead"
        elif name.startswith(PARAM_PREFIX) or name in Params.names():
            fix = ("an ensemble varies assumptions only: vary a parameter in the study's "
                   "design, or drop the column")
        else:
            fix = (f"name an assumption as {ASSUMPTION_PREFIX}<name> "
                   f"({_unknown(name)}), or drop the column")
        raise ConfigError("--assumptions-ensemble", label, f"column {name}: not an "
                          f"assumption column, so it would be ignored; {fix}")


# --------------------------------------------------------------------------- planning
def pattern_tasks(config: ExperimentConfig, sets: list[dict[str, Any]],
                  replications: int) -> list[RunTask]:
    """The pattern scenarios under every set, ids a<set>-p<90000+k>-r<rep>, at the model
    defaults plus each scenario's change (the study's base does not apply)."""
    tasks = []
    for k, values in enumerate(sets):
        for s_index, scenario in enumerate(SCENARIOS):
            params = Params.from_dict(scenario.params).to_dict()
            changes = {**config.assumptions, **values}
            if scenario.intervention:
                changes[INTERVENTION] = scenario.intervention
            for rep in range(replications):
                index = PATTERN_OFFSET + s_index
                tasks.append(RunTask(
                    ensemble_run_id(k, index, rep), f"pattern: {scenario.name}", index, rep,
                    run_seed(PATTERN_SEED, 0, rep, True), params, PATTERN_OUTPUTS, (), (),
                    frozenset(), changes))
    return tasks


@dataclass
class RobustnessResults:
    """A robustness study: its runs (as for a study) and what was concluded from them."""

    results: ExperimentResults
    spec: RobustnessSpec
    sets: pd.DataFrame
    findings: pd.DataFrame
    summary: pd.DataFrame
    sensitivity: pd.DataFrame
    patterns: pd.DataFrame | None
    constraints: pd.DataFrame | None
    discovery: dict[str, Any] | None
    report: Path | None = None
    checked: dict[str, Any] | None = None  # the setting of the study this checks
    differences: list[dict[str, Any]] = field(default_factory=list)  # setting_differences
    left_out: list[str] = field(default_factory=list)  # frozen outcomes, no automatic finding


def robustness_directory(config: ExperimentConfig) -> Path:
    """Where a robustness study goes without --out: results/<config name>_robustness
    under the current directory (beside the plain study's results/<config name>)."""
    return default_directory(config).with_name(f"{config.name}_robustness")


def run_robustness(source: str | Path | dict[str, Any], *, out: str | Path | None = None,
                   samples: int | None = None, replications: int | None = None,
                   ensemble: str | Path | None = None, executor: str = "local",
                   workers: int | None = None, scheduler: str | None = None,
                   force: bool = False, progress: bool = True, report: bool = True,
                   run_function: Any = None) -> RobustnessResults:
    """Run (or resume) a study under an ensemble of assumption sets and judge its findings.

    Args:
        source: a robustness config (TOML path or dict), see the module docstring.
        out: output folder (default results/<name>_robustness).
        samples: number of Latin hypercube sets (overrides `[robustness] samples`).
        replications: replications per design point (overrides the config).
        ensemble: an ensemble file to use instead of sampling (`read_ensemble`).
        executor, workers, scheduler, force, progress: as for `run_experiment`.
        report: write robustness.html.
        run_function: as for `run_experiment` (default `patterns.ensemble_simulate`).

    Returns:
        RobustnessResults.

    Raises:
        ConfigError, MachineError, KeyboardInterrupt: as `run_experiment`.
    """
    from lcsim.experiments.patterns import ensemble_simulate

    check_run_options(executor, workers)
    config, spec = load_robustness(source)
    config = config.with_replications(replications)
    spec = _with_samples(spec, samples)
    checked = checked_study(spec, source)
    ranges, drawn, accepted_in_file = _draw_sets(spec, config, ensemble)
    names = list(dict.fromkeys([*ranges, *(n for s in drawn for n in s)]))
    sets = [{n: getattr(DEFAULTS, n) for n in names}, *drawn]
    tasks = _ensemble_tasks(config, sets, spec)
    if progress and spec.defaults_used and ensemble is None:
        print(defaults_notice(spec, len(sets) - 1, len(tasks)), file=sys.stderr)
    directory = Path(out) if out is not None else robustness_directory(config)
    results = run_plan(config, tasks, source=source if not isinstance(source, dict) else None,
                       out=directory, executor=executor, workers=workers,
                       scheduler=scheduler, force=force, progress=progress,
                       run_function=run_function or ensemble_simulate,
                       columns=_plan_columns(spec, names, assumption_factors(config)),
                       manifest_extra=_manifest_extra(spec, ranges, ensemble, drawn,
                                                      checked))
    results.runs = with_set_column(results.directory, results.runs)
    analysis = analyse(results, spec, config, sets, ranges, accepted_in_file, checked)
    if report and len(results.runs):
        analysis.report = write_report(analysis)
    return analysis


def defaults_notice(spec: RobustnessSpec, drawn: int, runs: int) -> str:
    """One line before a study without a `[robustness]` table starts: the defaults in use
    and how many runs they make."""
    return (f"note: the config has no [robustness] table, so the defaults are used: "
            f"{drawn} assumption sets (samples) drawn over every number assumption's "
            f"plausible range, plus the defaults; {runs} runs in all. Add a [robustness] "
            "table (samples, spread) to choose fewer.")


def _with_samples(spec: RobustnessSpec, samples: int | None) -> RobustnessSpec:
    """The spec with the number of sets given on the command line (`--samples`)."""
    if samples is None:
        return spec
    if samples < 1:
        raise ConfigError("--samples", "", f"must be at least 1; got {samples}")
    return RobustnessSpec(**{**vars(spec), "samples": samples})


def _draw_sets(spec: RobustnessSpec, config: ExperimentConfig, ensemble: str | Path | None
               ) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]],
                          list[bool] | None]:
    """The ranges sampled, the assumption sets (drawn, or read from the ensemble file)
    and which of the file's sets it marks accepted."""
    ranges = sampled_ranges(spec, config)
    accepted_in_file = None
    if ensemble is not None:
        drawn, accepted_in_file = read_ensemble(ensemble)
        both = [n for n in drawn[0] if n in assumption_factors(config)]
        if both:
            raise ConfigError("--assumptions-ensemble", str(ensemble),
                              f"column {ASSUMPTION_PREFIX}{both[0]}: {_varied_twice(both[0])}")
        ranges = {n: r for n, r in ranges.items() if n in drawn[0]} or {
            n: (scalar_specs()[n].low, scalar_specs()[n].high) for n in drawn[0]}
    else:
        drawn = latin_sets(ranges, spec.samples, spec.seed)
    return ranges, drawn, accepted_in_file


def _ensemble_tasks(config: ExperimentConfig, sets: list[dict[str, Any]],
                    spec: RobustnessSpec) -> list[RunTask]:
    """The study's runs under every set, and the pattern runs when sets are scored."""
    tasks = plan_ensemble_runs(config, sets)
    if spec.patterns:
        tasks += pattern_tasks(config, sets, spec.pattern_replications)
    return tasks


def _plan_columns(spec: RobustnessSpec, names: list[str],
                  factors: list[str] = ()) -> PlanColumns:
    """The runs' extra columns: each assumption's Arrow type (the sampled ones, `names`,
    and those the design varies, `factors`), the pattern outputs."""
    kinds = {n: pa.int64() if Assumptions.spec(n).kind is int else pa.float64()
             for n in [*names, *factors]}
    kinds[INTERVENTION] = pa.string()
    return PlanColumns(kinds, PATTERN_OUTPUTS if spec.patterns else (), run_docs())


def _manifest_extra(spec: RobustnessSpec, ranges: dict[str, tuple[float, float]],
                    ensemble: str | Path | None, drawn: list[dict[str, Any]],
                    checked: dict[str, Any] | None = None) -> dict[str, Any]:
    """What manifest.json records of the robustness study beyond the sweep (with the
    setting of the study it checks, so `lcsim report` needs not find that file)."""
    return {"robustness": {
        **spec.as_json(), "ranges_sampled": {k: list(v) for k, v in ranges.items()},
        "ensemble_file": str(ensemble) if ensemble else None,
        "sets": len(drawn), "checked_study": checked}}


def with_set_column(directory: Path, runs: pd.DataFrame) -> pd.DataFrame:
    """Give the runs of an ensemble their whole-number `assumption_set` column (set 0 the
    shipped defaults, k the k-th row of assumption_sets.parquet), right after `run_id`, so
    that pandas or R can group them by set without decoding run ids
    (`design.assumption_set_of`); return `runs` (the file's rows) with it too.

    The runner's consolidation writes the column into runs.parquet and timeseries.parquet
    (`storage.add_set_column`), once; this only rewrites a file that lacks it, one
    written before the column came (found again by `lcsim report` or a resumed study).
    """
    store = ResultStore(directory)
    with _storage_errors(Path(directory)):
        stale = [p for p in (store.runs_path, store.series_path)
                 if p.exists() and SET_COLUMN not in pq.read_schema(p).names]
        if stale:
            with store.exclusive():
                for path in stale:
                    storage._write(add_set_column(pq.read_table(path)), path)  # atomic
    return with_set_frame(runs)


def with_set_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An ensemble's runs or weekly series (a DataFrame with `run_id`) with the column
    `assumption_set` after run_id, as the files have it; unchanged when it is there."""
    if SET_COLUMN in frame or "run_id" not in frame:
        return frame
    frame = frame.copy()
    frame.insert(int(frame.columns.get_loc("run_id")) + 1, SET_COLUMN,
                 np.array([assumption_set_of(r) for r in frame["run_id"]], dtype=np.int64))
    return frame


def write_report(analysis: RobustnessResults) -> Path:
    """Draw the robustness study's page and return its path.

    Writes robustness.html (`robustness_report.write_robustness_report`) into the results
    folder, `analysis.results.directory`, replacing an older one.

    Raises:
        OSError: the folder cannot be written. A fault in drawing the page is raised too:
            unlike a study's report.html, the page is not recorded as missing.
    """
    from lcsim.experiments.robustness_report import write_robustness_report

    return write_robustness_report(analysis)


def reanalyse(directory: str | Path, report: bool = True) -> RobustnessResults:
    """Judge the findings and score the patterns again from the runs a robustness study
    stored in `directory` (`lcsim report DIR`), and redraw robustness.html: after the
    analysis changed, or to get the page back. No run is repeated.

    Raises:
        ConfigError: the folder holds no finished robustness study (one line, naming it).
    """
    directory = Path(directory)
    store = ResultStore(directory)
    try:
        manifest = store.read_manifest() or {}
        stored = manifest["robustness"]
        sets_table = pd.read_parquet(directory / SETS_FILE).sort_values("assumption_set")
        if not store.runs_path.exists():
            raise FileNotFoundError(f"no {store.runs_path.name}")
        runs, series = store.load()
    except (OSError, KeyError, ValueError) as err:
        raise ConfigError(str(directory), "", f"holds no finished robustness study "
                          f"({type(err).__name__}: {err})") from None
    runs = with_set_column(directory, runs)  # a folder written before the column came
    series = with_set_frame(series)
    keys = {k: v for k, v in stored.items() if k in KEYS and v is not None}
    config, spec = load_robustness({**manifest["config"], "robustness": keys,
                                    "findings": stored.get("findings", [])})
    ranges = {k: (float(v[0]), float(v[1])) for k, v in stored["ranges_sampled"].items()}
    names = [c.removeprefix(ASSUMPTION_PREFIX) for c in sets_table.columns
             if c.startswith(ASSUMPTION_PREFIX) and c != "assumption_set"]
    sets = [{n: row[ASSUMPTION_PREFIX + n] for n in names}
            for _, row in sets_table.iterrows()]
    accepted_in_file = None
    if not spec.patterns and "accepted" in sets_table:
        accepted_in_file = [bool(a) for a in sets_table["accepted"].iloc[1:]]
    results = ExperimentResults(config=config, directory=directory, runs=runs,
                                timeseries=series, manifest=manifest)
    analysis = analyse(results, spec, config, sets, ranges, accepted_in_file,
                       stored.get("checked_study"))
    if report and len(runs):
        analysis.report = write_report(analysis)
    return analysis


# --------------------------------------------------------------------------- analysis
def analyse(results: ExperimentResults, spec: RobustnessSpec, config: ExperimentConfig,
            sets: list[dict[str, Any]], ranges: dict[str, tuple[float, float]],
            accepted_in_file: list[bool] | None = None,
            checked: dict[str, Any] | None = None) -> RobustnessResults:
    """Judge every finding under every set, score the patterns, find what matters; writes
    the Parquet files named in the module docstring into the results folder."""
    directory = results.directory
    runs = results.runs[results.runs["status"] == OK].copy()
    if SET_COLUMN not in runs:  # runs read some other way than `with_set_column`
        runs[SET_COLUMN] = [assumption_set_of(r) for r in runs["run_id"]]
    study = runs[runs["point_index"] < PATTERN_OFFSET]
    table = pd.DataFrame([{"assumption_set": k, **{ASSUMPTION_PREFIX + n: v
                                                  for n, v in values.items()}}
                          for k, values in enumerate(sets)])
    table["is_default"] = table["assumption_set"] == 0
    patterns = constraints = None
    if accepted_in_file is not None:
        table["accepted"] = [True, *accepted_in_file]
    if spec.patterns:
        pruns = runs[runs["point_index"] >= PATTERN_OFFSET].copy()
        pruns["scenario"] = pruns["point"].str.removeprefix("pattern: ")
        patterns = score_patterns(pruns, spec.pattern_confidence, spec.pattern_rule)
        passed = patterns.groupby("assumption_set")["holds"].all() if len(patterns) else \
            pd.Series(dtype=bool)
        table["accepted"] = [bool(passed.get(k, False)) for k in table["assumption_set"]]
        constraints = pattern_constraints(table, ranges)
    findings = list(spec.findings) + automatic_findings(study, config, spec)
    effects = finding_effects(study, findings)
    _write_files(directory, spec, table, effects, patterns, accepted_in_file is not None)
    summary = summarise(effects, table, findings)
    sensitivity = finding_sensitivity(effects, table, list(ranges))
    discovery = discover(study, table, config, spec.discovery, list(ranges)) \
        if spec.discovery else None
    declared = {f.outcome for f in spec.findings}
    return RobustnessResults(results, spec, table, effects, summary, sensitivity, patterns,
                             constraints, discovery, checked=checked,
                             differences=setting_differences(config, checked),
                             left_out=[o for o in frozen_left_out(study, config)
                                       if o not in declared])


def _write_files(directory: Path, spec: RobustnessSpec, table: pd.DataFrame,
                 effects: pd.DataFrame, patterns: pd.DataFrame | None,
                 from_file: bool) -> None:
    """Write the robustness tables, each column described in its Parquet field metadata,
    and a data_dictionary.csv that lists every column of every file in the folder."""
    docs = file_docs(spec, from_file)
    written = [SETS_FILE, FINDINGS_FILE]
    effects = effects.reindex(columns=list(docs[FINDINGS_FILE])) if not len(effects) \
        else effects  # no finding judged: the columns all the same
    write_described(table, directory / SETS_FILE, docs[SETS_FILE])
    write_described(effects, directory / FINDINGS_FILE, docs[FINDINGS_FILE])
    if patterns is not None:
        if not len(patterns):  # no set scored (failed runs): the columns all the same
            patterns = patterns.reindex(columns=list(docs[PATTERNS_FILE]))
        write_described(patterns, directory / PATTERNS_FILE, docs[PATTERNS_FILE])
        accepted = table[table["accepted"] & ~table["is_default"]]
        write_described(accepted.drop(columns=["is_default"]), directory / ACCEPTED_FILE,
                        docs[ACCEPTED_FILE])
        written += [PATTERNS_FILE, ACCEPTED_FILE]
    write_data_dictionary(ResultStore(directory), written, runs_docs=run_docs())


def _assumption_docs() -> dict[str, tuple[str, str]]:
    """(description, unit) of each `assumption_<name>` column of a table of sets."""
    return {ASSUMPTION_PREFIX + s.name: (
        f"assumption {s.name}, its value in this set: {s.doc.strip()}", s.unit)
        for s in Assumptions.specs()}


def file_docs(spec: RobustnessSpec, from_file: bool = False
              ) -> dict[str, dict[str, tuple[str, str]]]:
    """(description, unit) of every column of the files `analyse` writes, by file name
    (the words of data_dictionary.csv and of the files' Parquet field metadata)."""
    sets = _sets_docs(from_file)
    accepted_sets = {k: v for k, v in sets.items() if k != "is_default"}
    accepted_sets["accepted"] = ("true: every set here passes the pattern filter (the "
                                 "defaults, set 0, are left out)", "")
    return {SETS_FILE: sets, FINDINGS_FILE: _findings_docs(sets),
            PATTERNS_FILE: _patterns_docs(spec, sets), ACCEPTED_FILE: accepted_sets}


def _sets_docs(from_file: bool) -> dict[str, tuple[str, str]]:
    """The columns of assumption_sets.parquet."""
    accepted = ("whether the set passes the pattern filter: every statistic in "
                "patterns.parquet holds under it" + (
                    "" if not from_file else "; as the ensemble file it was read from "
                    "marks it (set 0, the defaults, is marked accepted)"))
    sets = {"assumption_set": ("number of the assumption set: 0 is the shipped defaults, "
                               "1 and up the sets sampled (or read from an ensemble file); "
                               "the a-number of run_id in runs.parquet", ""),
            **_assumption_docs(),
            "is_default": ("true for set 0, the shipped defaults (kept for reference, not "
                           "sampled)", ""),
            "accepted": (accepted, "")}
    return sets


def _findings_docs(sets: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The columns of findings.parquet."""
    outcome_unit = "the outcome's unit (see the outcome in runs.parquet)"
    findings = {
        "assumption_set": sets["assumption_set"],
        "finding": ("number of the finding, from 0: the [[findings]] of the config in "
                    "order, then the automatic ones", ""),
        "name": ("the finding in words", ""),
        "outcome": ("the outcome compared (a column of runs.parquet)", ""),
        "direction": ("greater or less: the sign the effect must have for the finding to "
                      "hold", ""),
        "automatic": ("true for a finding lcsim added: per outcome no [[findings]] entry "
                      "covers, the design point with the highest mean against the one with "
                      "the lowest, under the defaults; false for a [[findings]] entry", ""),
        "comparison": ("the design points compared, as JSON: a list of 2 or 4 sides, each "
                       "a list of design point names (column point of runs.parquet) whose "
                       "mean is taken", ""),
        "effect": ("the finding's effect under this set: the mean over replications of the "
                   "paired difference of the outcome (same seeds on both sides), first "
                   "side minus second, or (first - second) - (third - fourth) with four "
                   "sides", outcome_unit),
        "low": ("lower end of the effect's 95% interval: for a yes/no outcome Newcombe's "
                "interval of the difference of shares (as report.html), defined also when "
                "every run agrees; otherwise the t-interval over replications, equal to "
                "effect when every replication gave the same difference (empty with one "
                "replication)", outcome_unit),
        "high": ("upper end of the effect's 95% interval (as low)", outcome_unit),
        "holds": ("true when the effect (the mean) points the stated way (direction): "
                  "above 0 for greater, below 0 for less; with few replications this can "
                  "be chance, see verdict", ""),
        "clear": ("true when the whole 95% interval lies on the stated side of 0, not "
                  "only the mean (verdict 'holds')", ""),
        "reversed": ("true when the whole 95% interval lies on the other side of 0: the "
                     "opposite of the finding, clearly (verdict 'reversed')", ""),
        "verdict": ("the finding under this set in words: 'holds' (clear is true), "
                    "'reversed' (reversed is true) or 'no clear difference' (the 95% "
                    "interval includes 0, or cannot be computed: one replication of a "
                    "numeric outcome)", ""),
        "replications": ("number of replications the effect is the mean of (paired "
                         "differences that could be computed)", "runs"),
        "standard_error": ("standard error of the effect: standard deviation of the paired "
                           "differences over the replications divided by the square root "
                           "of their number (empty with one replication)", outcome_unit)}
    return findings


def _patterns_docs(spec: RobustnessSpec, sets: dict[str, tuple[str, str]]
                   ) -> dict[str, tuple[str, str]]:
    """The columns of patterns.parquet (the rule and level of `spec`)."""
    rule = ("unless its whole interval lies below bound (high >= bound): no evidence "
            "against the pattern" if spec.pattern_rule == "not_contradicted" else
            "when its whole interval lies above bound (low > bound)")
    level = f"{spec.pattern_confidence:.0%}"
    patterns = {
        "assumption_set": sets["assumption_set"],
        "check": ("number of the statistic, from 0 (the order of "
                  "lcsim.experiments.patterns.CHECKS)", ""),
        "pattern": ("pattern it measures: 1-8 the patterns of MODEL_BRIEF §5, 9 the "
                    "timescales and shares the sources report", ""),
        "statistic": ("the statistic in words; it shows the pattern when it is above "
                      "bound", ""),
        "estimate": ("the statistic under this set: the mean over the pattern replications "
                     "of a paired difference between two scenarios (same seeds), or of a "
                     "value minus its threshold (a share minus 0.5, 26 weeks minus the week "
                     "the start phase ends); for the 'z' statistic a two-proportion z over "
                     "the pooled runs", "the statistic's own (outcome units; shares; "
                     "weeks; z in standard errors)"),
        "low": (f"lower end of the statistic's interval at pattern_confidence ({level}; "
                f"t over replications, normal for z; equal to estimate at 0)",
                "as estimate"),
        "high": (f"upper end of the statistic's interval at pattern_confidence ({level})",
                 "as estimate"),
        "bound": ("the value the statistic must exceed for the pattern to show (0 for "
                  "most; 0.2 where the share must be over 0.2 higher)", "as estimate"),
        "holds": (f"whether the statistic holds under pattern_rule "
                  f"'{spec.pattern_rule}': {rule}; false when it cannot be measured", "")}
    return patterns


def run_docs() -> dict[str, tuple[str, str]]:
    """(description, unit) of the runs.parquet columns a robustness study adds that
    lcsim.outputs does not define: the pattern scenarios' intervention and measures."""
    def words(key: str) -> tuple[str, str]:
        meta = outputs.describe(key)
        return meta.label, meta.unit

    docs = {SET_COLUMN: ENSEMBLE_SET, ASSUMPTION_PREFIX + INTERVENTION: (
        "the change a pattern scenario makes during the run, method:week:bridge-builder "
        "(member_leaves:78:1, a bridge-builder leaves at week 78); empty otherwise", "")}
    pattern = " (pattern scenario runs only; empty for the study's runs)"
    for name in PATTERN_OUTPUTS:
        if name in SUMMARY_KEYS:
            continue
        key = name.removeprefix("pattern_")
        if key.endswith("_funded"):
            label, unit = words(key.removesuffix("_funded"))
            text = f"mean {label} over the funded weeks {FUNDED[0]}-{FUNDED[1] - 1}"
        elif key.endswith("_after_loss"):
            label, unit = words(key.removesuffix("_after_loss"))
            text = (f"mean {label} over weeks {AFTER_LOSS[0]}-{AFTER_LOSS[1] - 1}, after a "
                    f"member leaves at week {AFTER_LOSS[0] - 1}")
        elif "_w" in key and key.rsplit("_w", 1)[1].isdigit():
            base, week = key.rsplit("_w", 1)
            label, unit = words(base)
            text = f"{label} at week {week}"
        elif key in ("left_start_week", "first_product_week"):
            unit = "weeks"
            text = ("first week past the start phase (in design, execute or sustain)"
                    if key == "left_start_week" else "first week a product is finished")
            text += "; infinite if never"
        else:
            kind, what = key.split("_")
            unit = "products"
            text = ("those of the " if what == "landed" else "") + (
                f"{'co-designed' if kind == 'codesigned' else 'other (not co-designed)'} "
                "products finished at least a year before the run ends") + (
                " that landed in practice within a year of being finished"
                if what == "landed" else "")
        docs[name] = (text + pattern, unit)
    return docs


def automatic_findings(study: pd.DataFrame, config: ExperimentConfig,
                       spec: RobustnessSpec) -> list[Finding]:
    """The largest contrast per outcome under the default assumptions: the design point
    with the highest mean against the one with the lowest (outcomes a declared finding
    already covers are left out). When the design varies levers and assumptions, the
    contrast is between lever settings at the same values of the design's assumptions
    (`lever_groups`): a robustness check of a difference between two assumed values
    would test an assumption under other assumptions, not a lever."""
    declared = {f.outcome for f in spec.findings} | set(frozen_left_out(study, config))
    base = study[study["assumption_set"] == 0]
    if base["point"].nunique() < 2:
        return []
    words = point_words(config)
    groups = lever_groups(config)
    found = []
    for outcome in config.outcome_names():
        if outcome in declared or outcome not in base:
            continue
        means = base.groupby("point")[outcome].mean().dropna()
        if groups:
            spreads = [m for m in (means[means.index.isin(g)] for g in groups)
                       if len(m) >= 2 and m.max() > m.min()]
            if spreads:
                means = max(spreads, key=lambda m: m.max() - m.min())
        if len(means) < 2 or means.max() == means.min():
            continue
        high, low = str(means.idxmax()), str(means.idxmin())
        label = outputs.describe(outcome, region=config.uses_regions()).label
        found.append(Finding(f"{label}: higher with {words.get(high, high)} than with "
                             f"{words.get(low, low)}", outcome, ((high,), (low,)),
                             "greater", automatic=True))
    return found


def lever_groups(config: ExperimentConfig) -> list[list[str]]:
    """The design points by the values of the assumptions the design varies, when it
    varies levers too: in each group only levers differ ([] when the design varies no
    assumption or no lever, or is not a grid)."""
    if config.design.kind != "grid":
        return []
    names = list(getattr(config.design, "factors", {}))
    assumed = assumption_factors(config)
    if not assumed or len(assumed) == len(names):
        return []
    groups: dict[tuple[Any, ...], list[str]] = {}
    for point in design_points(config):
        groups.setdefault(tuple(point.factors[n] for n in assumed), []).append(point.name)
    return list(groups.values())


def frozen_left_out(study: pd.DataFrame, config: ExperimentConfig) -> list[str]:
    """Outcomes a dissolved community keeps at their last value (trust), which get no
    automatic finding when some community dissolved, or when survival was not kept and
    nobody knows: as in `lcsim experiment`'s answer, they do not compare like for like."""
    dissolving = "survived" not in study or bool((study["survived"] < 1).any())
    region = config.uses_regions()
    return [o for o in config.outcome_names() if dissolving and (
        meta := outputs.output(o, region=region)) is not None and meta.frozen_when_dissolved]


def point_words(config: ExperimentConfig) -> dict[str, str]:
    """Each design point in words, as the study's report names it: a grid point by its
    settings ("3 years of external funding, 2 bridge-builders"), others by their name."""
    if config.design.kind != "grid":
        return {}
    return {p.name: ", ".join(ParamWords(k).setting(v) for k, v in p.factors.items())
            for p in design_points(config) if p.factors}


def finding_effects(study: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Each finding's effect under each set: the mean over replications of the paired
    contrast (first minus second side [minus (third minus fourth)]), its 95 % CI, and
    whether it points in the stated direction (`holds`), whether the CI lies wholly on
    the stated side of 0 (`clear`) or wholly on the other (`reversed`), and so the set's
    `verdict`: "holds", "no clear difference" or "reversed" (`VERDICTS`)."""
    rows = []
    kinds = outcome_kinds(study, sorted({f.outcome for f in findings}))
    for set_index, frame in study.groupby("assumption_set", sort=True):
        for number, finding in enumerate(findings):
            wide = frame.pivot_table(index="replication", columns="point",
                                     values=finding.outcome, aggfunc="mean")
            try:
                sides = [wide[list(side)].mean(axis=1) for side in finding.sides]
            except KeyError:
                continue
            contrast = sides[0] - sides[1]
            if len(sides) == 4:
                contrast = contrast - (sides[2] - sides[3])
            values = contrast.dropna().to_numpy(dtype=float)
            if not len(values):
                continue
            kind = kinds.get(finding.outcome)
            mean, below, above = _effect_interval(values, wide, finding, kind)
            sign = 1 if finding.direction == "greater" else -1
            low_end, high_end = mean - below, mean + above
            clear = sign * mean > 0 and (low_end > 0 if sign > 0 else high_end < 0)
            opposite = sign * mean < 0 and (high_end < 0 if sign > 0 else low_end > 0)
            reach = _reach(kind, len(finding.sides))
            rows.append({"assumption_set": int(set_index), "finding": number,
                         "name": finding.name, "outcome": finding.outcome,
                         "direction": finding.direction, "automatic": finding.automatic,
                         "comparison": json.dumps([list(s) for s in finding.sides]),
                         "effect": mean, "low": _cut(low_end, reach),
                         "high": _cut(high_end, reach),
                         "holds": bool(sign * mean > 0), "clear": bool(clear),
                         "reversed": bool(opposite),
                         "verdict": HOLDS if clear else REVERSED if opposite else UNCLEAR,
                         "replications": len(values),
                         "standard_error": float(values.std(ddof=1) / math.sqrt(len(values)))
                         if len(values) > 1 else math.nan})
    return pd.DataFrame(rows)


def _effect_interval(values: np.ndarray, wide: pd.DataFrame, finding: Finding,
                     kind: Any) -> tuple[float, float, float]:
    """A finding's effect and how far its 95 % interval reaches below and above it.

    A yes/no outcome (one community: survived or not) gets the interval report.html
    gives a difference of shares: Newcombe's method 10 for two single design points
    paired by seed, else the MOVER-Wilson interval of the sides' shares
    (`stats.share_contrast`); both stay defined when every run agrees (3 of 3 against
    0 of 3: about +21 to +100 points). Other outcomes get the paired t interval of the
    per-replication differences; when they are all equal it is zero-width at that
    difference (NaN only with one replication). Units: the outcome's. A yes/no
    outcome whose runs are not all 0 or 1 (a made-up table) is taken as numeric.
    """
    columns = [wide[list(side)] for side in finding.sides]
    if kind is not None and kind.yes_no and not kind.share_of and all(
            np.isin(_flat(side), (0.0, 1.0)).all() for side in columns):
        if len(columns) == 2 and all(len(side) == 1 for side in finding.sides):
            ci = proportion_difference(columns[0].iloc[:, 0], columns[1].iloc[:, 0],
                                       paired=True)
        else:
            signs = (1.0, -1.0, -1.0, 1.0)[:len(columns)]
            ci = share_contrast([(c, _flat(side))
                                 for c, side in zip(signs, columns, strict=True)])
        mean = float(values.mean())
        if not math.isnan(ci.low):
            return mean, max(mean - float(ci.low), 0.0), max(float(ci.high) - mean, 0.0)
    ci = mean_ci(values)
    mean = float(ci.value)
    if len(values) > 1 and float(np.ptp(values)) == 0.0:
        return mean, 0.0, 0.0  # every replication gave the same difference
    return mean, mean - float(ci.low), float(ci.high) - mean


def _flat(side: pd.DataFrame) -> np.ndarray:
    """Every run's value at a side's design points, one array (missing runs dropped)."""
    values = side.to_numpy(dtype=float).ravel()
    return values[~np.isnan(values)]


def _reach(kind: Any, sides: int) -> float:
    """How far a contrast of `sides` sides can lie from 0: the outcome's range for a
    difference (a share: 1, so -100 to +100 points), twice that for an interaction."""
    if kind is None:
        return math.inf
    return (kind.high - kind.low) * (1 if sides == 2 else 2)


def _cut(x: float, reach: float) -> float:
    """A bound of a contrast cut to what the contrast can be (NaN stays NaN)."""
    return x if math.isnan(x) else min(max(x, -reach), reach)


def summarise(effects: pd.DataFrame, sets: pd.DataFrame,
              findings: list[Finding]) -> pd.DataFrame:
    """Per finding, over all sampled sets and over the accepted ones: the share of sets
    under which it points the stated way (95 % Wilson CI), and how many sets give each
    verdict (`clear`: holds, `unclear`: no clear difference, `reversed`) and a mean
    difference of exactly 0 (`zero`); its verdict and effect under the defaults; the
    replications per set; and `noise_share` (`noise_share`)."""
    rows = []
    accepted = set(sets.loc[sets.get("accepted", pd.Series(False, index=sets.index))
                            .astype(bool), "assumption_set"])
    for number, finding in enumerate(findings):
        mine = effects[effects["finding"] == number] if len(effects) else effects
        if not len(mine):
            continue
        default = mine[mine["assumption_set"] == 0]
        sampled = mine[mine["assumption_set"] != 0]
        row = {"finding": number, "name": finding.name, "outcome": finding.outcome,
               "automatic": finding.automatic,
               "holds_under_defaults": bool(default["holds"].iloc[0]) if len(default) else None,
               "default_effect": float(default["effect"].iloc[0]) if len(default) else math.nan,
               "default_verdict": str(default["verdict"].iloc[0]) if len(default) else "",
               "replications": int(mine["replications"].min()),
               "noise_share": noise_share(sampled)}
        for label, part in (("all", sampled),
                            ("accepted", sampled[sampled["assumption_set"].isin(accepted)])):
            n, k = len(part), int(part["holds"].sum())
            share = wilson(k, n)
            row.update({f"{label}_sets": n, f"{label}_holds": k,
                        f"{label}_share": share.value,
                        f"{label}_low": share.low, f"{label}_high": share.high,
                        f"{label}_clear": int(part["clear"].sum()),
                        f"{label}_unclear": int((part["verdict"] == UNCLEAR).sum()),
                        f"{label}_reversed": int(part["reversed"].sum()),
                        f"{label}_zero": int((part["effect"] == 0).sum())})
        rows.append(row)
    return pd.DataFrame(rows)


def noise_share(effects: pd.DataFrame) -> float:
    """How much of the spread of a finding's effect between sets chance alone gives: the
    mean squared standard error of a set's effect (from its replications) over the
    variance of the effects between sets. Near 0: the sets really differ; 0.5 or more:
    the spread is mostly noise of too few replications per set; NaN below 3 sets or
    without spread."""
    if len(effects) < 3:
        return math.nan
    between = float(effects["effect"].var(ddof=1))
    chance = float(np.nanmean(effects["standard_error"].to_numpy(dtype=float) ** 2)) \
        if effects["standard_error"].notna().any() else math.nan
    return chance / between if between > 0 else math.nan


def finding_sensitivity(effects: pd.DataFrame, sets: pd.DataFrame,
                        names: list[str]) -> pd.DataFrame:
    """How each finding depends on each sampled assumption, over the sampled sets.

    `rho`: Spearman correlation of the effect with the assumption's value (p-value `p`;
    `p_adjusted`: Holm's correction over all assumptions tested for the finding, since
    with many assumptions some correlate by chance); `share_low`/`share_high`: the share
    of sets where the finding holds with the assumption in the lowest/highest third of its
    sampled values. The strongest of many correlations over few, noisy sets can be
    chance, so each is checked on two halves of the sets (odd and even set numbers):
    `rho_half_1`, `rho_half_2`, and `stable` when in both halves it has its sign, at
    least half its size and is among the strongest `lead_rank(n)` of the n assumptions
    tested for the finding (a chance correlation rarely stands out in both). `lead` when the
    correlation holds after the correction (`p_adjusted` < `SENSITIVITY_LEVEL`) and is
    stable; `flips` when it is a lead and the shares differ by at least 0.5 (the finding
    holds at one end and fails at the other).
    """

    rows = []
    if not len(effects):
        return pd.DataFrame(rows)
    sampled = sets[sets["assumption_set"] != 0]
    for number, frame in effects[effects["assumption_set"] != 0].groupby("finding"):
        joined = frame.merge(sampled, on="assumption_set").sort_values("assumption_set")
        if len(joined) < 4 or np.ptp(joined["effect"]) == 0:
            continue
        for name in names:
            x = joined[ASSUMPTION_PREFIX + name].to_numpy(dtype=float)
            if np.ptp(x) != 0:
                rows.append({"finding": int(number), "name": frame["name"].iloc[0],
                             "assumption": name, **_correlation(x, joined)})
    out = pd.DataFrame(rows)
    if len(out):
        out["p_adjusted"] = out.groupby("finding")["p"].transform(holm_adjusted)
        for half in ("rho_half_1", "rho_half_2"):
            rank = out.groupby("finding")[half].transform(
                lambda r: r.abs().rank(ascending=False, method="min"))
            tested = out.groupby("finding")["p"].transform("size")
            out["stable"] &= rank <= tested.map(lead_rank)
        out["lead"] = (out["p_adjusted"] < SENSITIVITY_LEVEL) & out["stable"]
        out["flips"] &= out["lead"]
        out = out.assign(strength=out["rho"].abs()).sort_values(
            ["finding", "strength"], ascending=[True, False]).drop(columns="strength")
    return out.reset_index(drop=True)


def _correlation(x: np.ndarray, joined: pd.DataFrame) -> dict[str, Any]:
    """One finding against one assumption (values `x`, one per set of `joined`, which has
    each set's `effect` and whether it `holds`): `finding_sensitivity`'s columns."""
    effect = joined["effect"].to_numpy(dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rho, p = stats.spearmanr(x, effect)
    if abs(rho) == 1:  # the t approximation says p = 0; exactly, 2 of n! orders
        p = 2 / math.factorial(len(x))
    low_cut, high_cut = np.quantile(x, [1 / 3, 2 / 3])
    share_low = float(joined.loc[x <= low_cut, "holds"].mean())
    share_high = float(joined.loc[x >= high_cut, "holds"].mean())
    halves = [_spearman(x[i::2], effect[i::2]) for i in (0, 1)]
    return {"rho": float(rho), "p": float(p), "rho_half_1": halves[0],
            "rho_half_2": halves[1],
            "stable": bool(all(h * rho > 0 and abs(h) >= abs(rho) / 2 for h in halves)),
            "share_low": share_low, "share_high": share_high,
            "flips": bool(abs(share_high - share_low) >= 0.5)}


def lead_rank(tested: int) -> int:
    """How high (1 = strongest) a correlation must rank in each half of the sets to count
    as stable, of `tested` assumptions: the top 5 %, at least the top 3."""
    return max(3, math.ceil(0.05 * tested))


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation of x and y; NaN below 3 pairs or without spread."""
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(stats.spearmanr(x, y)[0])


def pattern_constraints(sets: pd.DataFrame,
                        ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Where the accepted sets lie in each sampled range, and whether the patterns pin the
    assumption down.

    Per assumption: the accepted sets' median and 10-90 % spread as a share of the range,
    and a two-sample KS test of the accepted against the turned-away sets (`p`). Since every
    sampled assumption is tested at once, `p_adjusted` is Holm's correction over them, and
    an assumption counts as pinned down when `p_adjusted` < 0.05 with at least 5 sets on
    each side. Rows are sorted by `p`, so the first rows are the strongest leans even when
    nothing is pinned.
    """

    sampled = sets[~sets["is_default"]]
    accepted, rejected = sampled[sampled["accepted"]], sampled[~sampled["accepted"]]
    testable = len(accepted) >= 2 and len(rejected) >= 2
    rows = []
    for name, (low, high) in ranges.items():
        column = ASSUMPTION_PREFIX + name
        width = (high - low) or 1.0
        values = accepted[column].to_numpy(dtype=float)
        row = {"assumption": name, "low": low, "high": high,
               "default": float(getattr(DEFAULTS, name)), "accepted": len(values),
               "median_position": math.nan, "spread": math.nan, "p": math.nan}
        if len(values):
            q10, q50, q90 = np.quantile(values, [0.1, 0.5, 0.9])
            row.update(median_position=(q50 - low) / width, spread=(q90 - q10) / width)
        if testable:
            row["p"] = float(stats.ks_2samp(values, rejected[column].to_numpy(dtype=float)
                                            ).pvalue)
        rows.append(row)
    table = pd.DataFrame(rows)
    table["p_adjusted"] = math.nan
    tested = table["p"].notna()
    if tested.any():
        table.loc[tested, "p_adjusted"] = holm_adjusted(table.loc[tested, "p"])
    enough = min(len(accepted), len(rejected)) >= MIN_SETS_TO_PIN
    table["pinned"] = enough & (table["p_adjusted"] < PIN_LEVEL)
    return table.sort_values("p", na_position="last").reset_index(drop=True)


def discover(study: pd.DataFrame, sets: pd.DataFrame, config: ExperimentConfig,
             discovery: Discovery, names: list[str]) -> dict[str, Any] | None:
    """Scenario discovery with PRIM (ema_workbench) over levers and assumptions.

    Each (sampled set, design point) is a case; it is 'of interest' when its mean outcome
    over replications passes the threshold. The box reported is, on PRIM's peeling
    trajectory, the densest with coverage of at least 0.5.

    Returns:
        {"outcome", "threshold", "above", "cases", "of_interest", "coverage", "density",
        "limits": [{"name", "kind", "low", "high", "full_low", "full_high", "values"}]}:
        per dimension the box narrows, "lever" (a parameter the design sets) or
        "assumption", and for one that takes at most `FEW_VALUES` values, the values
        inside the box (else None).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

    cases, levers = _discovery_cases(study, sets, discovery, names)
    y = (cases[discovery.outcome] >= discovery.threshold) if discovery.above else \
        (cases[discovery.outcome] <= discovery.threshold)
    y = y.to_numpy(dtype=bool)
    if y.all() or not y.any():
        return _discovery_result(discovery, cases, y, math.nan, math.nan, [])
    x = cases[levers + [ASSUMPTION_PREFIX + n for n in names]].astype(float)  # pandas 3
    x.columns = [c.removeprefix(PARAM_PREFIX).removeprefix(ASSUMPTION_PREFIX)
                 for c in x.columns]
    x = x.loc[:, x.nunique() > 1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, y, peel_alpha=0.05, mass_min=0.05)
        box = finder.find_box()
    trajectory = box.peeling_trajectory
    good = trajectory[trajectory["coverage"] >= 0.5]
    index = int(good["density"].idxmax()) if len(good) else 0
    restricted = _restricted_limits(x, box.box_lims[index], finder.box_init,
                                    {c.removeprefix(PARAM_PREFIX) for c in levers})
    return _discovery_result(discovery, cases, y,
                             float(trajectory["coverage"].iloc[index]),
                             float(trajectory["density"].iloc[index]), restricted)


def _discovery_cases(study: pd.DataFrame, sets: pd.DataFrame, discovery: Discovery,
                     names: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The cases of scenario discovery, one per (sampled set, design point), with the
    mean outcome, the design's factors that vary (levers, and assumptions the design
    varies) and the set's assumptions; and those factors' columns."""
    sampled = study[study["assumption_set"] != 0]
    levers = [c for c in sampled.columns if (c.startswith(PARAM_PREFIX) or (
        c.startswith(ASSUMPTION_PREFIX) and c.removeprefix(ASSUMPTION_PREFIX) not in names
        and is_assumption(c.removeprefix(ASSUMPTION_PREFIX)))) and sampled[c].nunique() > 1]
    cases = sampled.groupby(["assumption_set", "point_index"]).agg(
        {discovery.outcome: "mean", **dict.fromkeys(levers, "first")}).reset_index()
    cases = cases.merge(sets[["assumption_set", *(ASSUMPTION_PREFIX + n for n in names)]],
                        on="assumption_set")
    return cases, levers


def _restricted_limits(x: pd.DataFrame, limits: pd.DataFrame, initial: pd.DataFrame,
                       levers: set[str]) -> list[dict[str, Any]]:
    """The dimensions PRIM's box narrows, with the box's and the full limits, and the
    values inside the box of a dimension that takes only a few."""
    restricted = []
    for name in x.columns:
        low, high = float(limits[name].iloc[0]), float(limits[name].iloc[1])
        full_low, full_high = float(initial[name].iloc[0]), float(initial[name].iloc[1])
        if low > full_low or high < full_high:
            taken = sorted(x[name].unique())
            values = [_plain_number(v) for v in taken if low <= v <= high] \
                if len(taken) <= FEW_VALUES else None
            restricted.append({"name": name,
                               "kind": "lever" if name in levers else "assumption",
                               "low": low, "high": high, "full_low": full_low,
                               "full_high": full_high, "values": values})
    return restricted


def _plain_number(value: float) -> int | float:
    """A whole number as an int (3, not 3.0), for the words of a box."""
    return int(value) if float(value).is_integer() else float(value)


def _discovery_result(discovery: Discovery, cases: pd.DataFrame, y: np.ndarray,
                      coverage: float, density: float,
                      limits: list[dict[str, Any]]) -> dict[str, Any]:
    """What `discover` returns: the question, the cases and the box found."""
    return {"outcome": discovery.outcome, "threshold": discovery.threshold,
            "above": discovery.above, "cases": len(cases), "of_interest": int(y.sum()),
            "sets": int(cases["assumption_set"].nunique()) if "assumption_set" in cases
            else None,
            "coverage": coverage, "density": density, "limits": limits}
