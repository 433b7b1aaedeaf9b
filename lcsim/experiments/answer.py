"""The answer a policy reader reads first: a few plain sentences, generated from the numbers.

A study asks a question; `build_answer` answers it in 3 to 6 sentences, each with its
uncertainty (the "likely range", a 95% confidence interval), using the plain names and
units of parameters (`lcsim.Params` labels) and outputs (`lcsim.outputs`), never code
names. Every number in a sentence is taken from a table of the technical appendix and
carries the same reference (`data-ref`) as that table's cell, so tests can check that the
words and the tables agree, and the sentences stay true when the config changes.

What the generator says depends on the shape of the study, not on its name:

- an *axis* (a grid, or scenarios that differ in one number, such as years of funding):
  where along it the main outcome changes most, what stopping at the lower setting costs
  in readable units (products, members, organisations, hours), what a second grid factor
  adds, and how cumulative outcomes compare at a fixed date as well as at the same time
  after funding ends;
- *scenarios*: which scenario is highest and lowest, and the clearest differences from
  the baseline;
- a *sample*: which of the varied settings moves each outcome most, with only reliable
  sensitivity estimates ranked.

The main outcome is the first yes/no outcome kept (survival), otherwise the first
readable one, otherwise the first kept. Outputs marked `frozen_when_dissolved` (members,
trust) are left out of the answer when communities dissolve, because a dissolved
community keeps its last value.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lcsim import outputs
from lcsim.calendar import WEEKS_PER_YEAR
from lcsim.experiments import stats
from lcsim.experiments.config import ExperimentConfig, GridDesign, SampleDesign
from lcsim.experiments.design import DesignPoint, design_points
from lcsim.experiments.levels import assumption_spec
from lcsim.experiments.storage import PARAM_PREFIX
from lcsim.outputs import Output
from lcsim.params import ParameterError, Params

MAX_SENTENCES = 6
MAX_LISTED = 3  # clear steps or settings named one by one; the rest are in the appendix
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight",
                "nine", "ten")
NO_SPREAD = "zero width, the runs do not vary"
# A difference of zero width: the runs may vary, but every pair differs by as much.
NO_DIFF_SPREAD = "zero width, the difference is the same in every pair of runs"
HAS = "on average a community has "  # the likely range is of the average
# Outputs whose differences read as "2 more products", not as "2 units higher".
COUNTED_KINDS = frozenset({outputs.COUNT, outputs.HOURS})
LIKELY = "likely range"
# Below this many finished runs per setting, the answer adds one caution to the first
# sentence that calls an effect or interaction clear (`few_runs_caution`).
FEW_RUNS = 10


# --------------------------------------------------------------------------- numbers
# Smaller than this is 0 up to floating-point rounding: a difference of 0 computed from
# sums of floats, or an effect size divided from one, is shown as 0.
FLOAT_NOISE = 1e-12


def number(x: float, percent: bool = False) -> str:
    """A number at a readable precision; shares as whole percentages ("65%")."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if percent:
        return f"{half_up(100 * x)}%"
    size = abs(x)
    if size >= 1000:  # three significant digits: "6,050 hours", not "6,052"
        return f"{round(x, 3 - len(str(int(size)))):,.0f}"
    if size >= 100:
        return f"{x:.0f}"
    if size >= 1:
        return f"{x:.1f}"
    if size < FLOAT_NOISE:  # 0, or 0 up to rounding (an effect size of 1.6e-15)
        return "0"
    text = f"{x:.2g}"
    if abs(float(text)) >= 1:
        return f"{x:.1f}"  # 0.996 reads "1.0", as 1.0 does
    # Two significant digits in plain decimals: "-0.000024", never "-2.4e-05".
    return np.format_float_positional(float(text), precision=2, fractional=False, trim="-")


def half_up(x: float) -> int:
    """x rounded to a whole number, halves away from zero (62.5 -> 63, as people round),
    so that differences of shares of an even number of runs agree with the shown shares
    (62.5% and 37.5% show as 63% and 38%, 25 points apart)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def signed(x: float, percent: bool = False) -> str:
    """A difference with its sign; differences of shares in percentage points."""
    if x is None or math.isnan(x):
        return "n/a"
    if percent:
        shown = half_up(100 * x)
        if shown == 0:
            return "0 points"
        return f"{shown:+d} point" + ("s" if abs(shown) != 1 else "")
    text = number(x)
    if text == "0":
        return text
    return text if text.startswith("-") else f"+{text}"


def interval(low: float, high: float, percent: bool = False,
             ceiling: float = math.inf) -> str:
    """A likely range as text. A t interval of zero width says that the runs did not vary
    (a share's Wilson interval is never zero-width). A count with a `ceiling` (the care
    organisations that exist) whose range reaches it says so: "18.2 to all 20"."""
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    if not percent and low == high:
        return NO_SPREAD
    if percent:
        return f"{half_up(100 * low)}% to {half_up(100 * high)}%"
    if math.isfinite(ceiling) and high >= ceiling:
        return f"{number(low)} to all {plain_value(ceiling)}"
    return f"{number(low)} to {number(high)}"


def ceiling_of(row: Any) -> float:
    """The ceiling of a row of the summary (`stats.summarize`: the setting's own), or none."""
    value = row.get("ceiling", math.inf) if hasattr(row, "get") else math.inf
    return math.inf if value is None or pd.isna(value) else float(value)


def diff_interval(low: float, high: float, percent: bool = False) -> str:
    """The likely range of a difference, signed; in percentage points for shares."""
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    if not percent and low == high:
        return NO_DIFF_SPREAD
    if percent:
        return f"{half_up(100 * low):+d} to {half_up(100 * high):+d} points"
    return f"{signed(low)} to {signed(high)}"


def magnitude_interval(low: float, high: float, percent: bool = False) -> str:
    """The likely range of the size of a difference: a signed range with its sign taken
    away ("-3.0 to -1.2" -> "1.2 to 3.0"), for sentences that say "fewer" or "more"."""
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    if low < 0 < high or (low == 0 and high > 0) or (high == 0 and low < 0):
        return diff_interval(low, high, percent)  # crosses zero: keep the signs
    low, high = sorted((abs(low), abs(high)))
    if percent:
        return f"{half_up(100 * low)} to {half_up(100 * high)} points"
    return interval(low, high)


def ref(*keys: Any) -> str:
    """The reference that ties a number in a sentence to its cell in a table."""
    return "|".join(str(k) for k in keys)


def num(text: str, key: str, magnitude: bool = False) -> str:
    """A number as HTML, carrying its table reference (`magnitude`: shown without sign)."""
    cls = "num mag" if magnitude else "num"
    return (f'<span class="{cls}" data-ref="{html.escape(key, quote=True)}">'
            f"{html.escape(text)}</span>")


def esc(text: Any) -> str:
    return html.escape(str(text))


# --------------------------------------------------------------------------- words
def duration(weeks: int) -> str:
    """Weeks as people say them: 104 -> "two years", 26 -> "half a year", 10 -> "10 weeks"."""
    if weeks == 26:
        return "half a year"
    if weeks and weeks % WEEKS_PER_YEAR == 0:
        years = weeks // WEEKS_PER_YEAR
        word = NUMBER_WORDS[years] if years < len(NUMBER_WORDS) else str(years)
        return f"{word} year" + ("s" if years != 1 else "")
    return f"{weeks} week" + ("s" if weeks != 1 else "")


def date_text(week: int) -> str:
    """A week since the start as a date in the run: "the end of year 3", or "week 182
    (3.5 years in)"."""
    if week and week % WEEKS_PER_YEAR == 0:
        return f"the end of year {week // WEEKS_PER_YEAR}"
    return f"week {week} ({week / WEEKS_PER_YEAR:.1f} years in)"


def plain_value(value: Any) -> str:
    """A parameter value as people write it: 4 not 4.0, yes not True."""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return str(value)


def _singular(word: str) -> str:
    """The first word in the singular: "communities in the region" -> "community in the
    region", "years" -> "year"."""
    first, _, rest = word.partition(" ")
    if first.endswith("ies"):
        first = first[:-3] + "y"
    elif first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


# Output labels that open with a singular noun, which takes "the" in a sentence ("the
# share of the region's communities still active", "the phase"); the other labels are
# plurals or mass nouns ("products in use now", "realized value") and read without it.
SINGULAR_OPENINGS = ("share ", "spread ", "phase", "number ", "standard deviation ")


def the(label: str) -> str:
    """An output's label as a sentence names it: with "the" where it opens with a
    singular noun (SINGULAR_OPENINGS)."""
    return f"the {label}" if label.startswith(SINGULAR_OPENINGS) else label


def percent_text(value: Any) -> str:
    """A share as a whole percentage: 0.4 -> "40%"."""
    return f"{half_up(100 * _number(value))}%"


SHARE_OF_TIME = "share of time"
TIME_UNITS = frozenset({"years", "weeks"})
COUNT_UNITS = frozenset({"persons", "organisations", "places", "communities"})
SCALE_UNITS = frozenset({"level", "intensity", "flag"})


@dataclass(frozen=True)
class ParamWords:
    """How a parameter reads in a sentence, from its plain label and unit in Params; an
    assumption a design varies reads by its label in Assumptions, else "assumed" and its
    name in words ("assumed learning rate"), with its unit."""

    name: str

    @property
    def label(self) -> str:
        spec = assumption_spec(self.name)
        if spec is not None:
            return spec.label or "assumed " + self.name.replace("_", " ")
        return outputs.plain_label(self.name)

    @property
    def unit(self) -> str:
        spec = assumption_spec(self.name)
        return spec.unit if spec is not None else outputs.param_unit(self.name)

    def unit_for(self, value: Any) -> str:
        unit = self.unit
        return _singular(unit) if _is_one(value) and unit in TIME_UNITS | COUNT_UNITS \
            else unit

    def setting(self, value: Any) -> str:
        """One setting in words: "3 years of external funding", "no follow-up funding",
        "2 bridge-builders", "initial stereotyping of 0.8"."""
        unit, label, shown = self.unit, self.label, plain_value(value)
        if unit in TIME_UNITS:
            if _is_zero(value):
                return f"no {label}"
            return f"{shown} {self.unit_for(value)} of {label}"
        if unit in COUNT_UNITS:
            return f"{shown} {_singular(label) if _is_one(value) else label}"
        if unit == "flag":
            return f"{label}: {shown}"
        if unit == SHARE_OF_TIME:
            return self._of_time(percent_text(value))
        return f"{label} of {shown}" + ("" if unit in SCALE_UNITS or not unit
                                        else f" ({unit})")

    def _of_time(self, shown: str) -> str:
        """"40% of members' time paid by follow-up funding", for a share of time."""
        if self.label.startswith("time "):
            return f"{shown} of members' {self.label}"
        return f"{self.label} of {shown}" + ("" if "time" in self.label
                                             else " of members' time")

    def change(self, low: Any, high: Any) -> str:
        """A move between two settings: "from 2 to 3 years of external funding"."""
        a, b = plain_value(low), plain_value(high)
        if self.unit in TIME_UNITS:
            return f"from {a} to {b} {self.unit} of {self.label}"
        if self.unit in COUNT_UNITS:
            return f"from {a} to {b} {self.label}"
        if self.unit == SHARE_OF_TIME:
            return "from " + self._of_time(f"{percent_text(low)} to {percent_text(high)}")
        return f"from {self.label} of {a} to {b}" + (
            "" if self.unit in SCALE_UNITS or not self.unit else f" ({self.unit})")

    @property
    def is_funding(self) -> bool:
        """True for a funding parameter (Params group "funding"): then a lower setting
        reads as funding that stops earlier."""
        try:
            return Params.spec(self.name).group == "funding"
        except ParameterError:
            return False

    def levels(self, values: Sequence[Any]) -> str:
        """Several settings in words: "0, 2 and 4 bridge-builders", "1 and 2 years of
        external funding", "initial stereotyping of 0.2 and 0.8"."""
        shown = [plain_value(v) for v in values]
        joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        if self.unit in TIME_UNITS:
            unit = self.unit_for(values[0]) if len(values) == 1 else self.unit
            return f"{joined} {unit} of {self.label}"
        if self.unit in COUNT_UNITS:
            one = len(values) == 1 and _is_one(values[0])
            return f"{joined} {_singular(self.label) if one else self.label}"
        if self.unit == SHARE_OF_TIME:
            return self._of_time(_join([percent_text(v) for v in values]))
        return f"{self.label} of {joined}"

    def later(self, many: bool = True) -> str:
        """The settings further along this parameter, in its own words: "the longer
        settings" for a time, "the settings with more bridge-builders" otherwise."""
        settings = "settings" if many else "setting"
        if self.unit in TIME_UNITS:
            return f"the longer {settings}"
        if self.unit in COUNT_UNITS:
            return f"the {settings} with more {self.label}"
        return f"the higher {settings} of {self.label}"

    def axis_label(self) -> str:
        """An axis title: "external funding (years)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def _clear_count(rows: pd.DataFrame) -> int:
    return int(((rows["ci_low"] > 0) | (rows["ci_high"] < 0)).sum())


def other_steps_caveat(others: pd.DataFrame, label: str) -> str:
    """After the tested interaction (first level of A to its last): how many of the other
    changes of A in the interaction table have a range that excludes zero, which, with no
    correction for many comparisons, may be chance ("" when none does)."""
    clear = _clear_count(others)
    if not clear:
        return ""
    which = (f"the other change of {label} in the interaction table also has"
             if len(others) == 1 else
             f"{clear} of the {len(others)} other changes of {label} in the interaction "
             f"table {'has' if clear == 1 else 'have'}")
    return (f" This is the one change the answer tests; {which} a likely range that "
            "excludes zero, which may be chance: the other changes are not corrected for "
            "the number of comparisons made.")


def interaction_family_note(table: pd.DataFrame, label: str) -> str:
    """Which rows of the interaction table are the test (first level of A to its last,
    marked "tested") and how many of the other, exploratory intervals chance alone would
    make exclude zero."""
    others = table[table["a_to"] != table["a_to"].max()]
    if others.empty:
        return ""
    clear = _clear_count(others)
    return (f"Per outcome the answer tests one row: {label} from its first to its last "
            f"level (marked tested). The other {len(others)} rows are for exploring and are "
            "not corrected for many comparisons: about "
            f"{len(others) / 20:.2g} of them could exclude zero by chance alone (1 in 20 at "
            f"a 95% likely range); {clear} {'does' if clear == 1 else 'do'}. Read such a row "
            "as a lead to test with a study of its own, not as a finding.")


def _is_one(value: Any) -> bool:
    return not isinstance(value, (bool, np.bool_)) and _number(value) == 1


def _is_zero(value: Any) -> bool:
    return not isinstance(value, (bool, np.bool_)) and _number(value) == 0


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# --------------------------------------------------------------------------- timing
@dataclass(frozen=True)
class Framing:
    """When funding ends and watching ends, per design point, and so what the numbers at
    the end of a run compare: the same time after funding ends, a fixed date, or neither.

    Attributes:
        funding_end: design point -> the week all funding (external and follow-up) ends.
        end: design point -> the last week the run is watched.
        follow_up: whether some run has follow-up funding (then "after all funding ends").
    """

    funding_end: dict[str, int]
    end: dict[str, int]
    follow_up: bool = False

    @property
    def after(self) -> dict[str, int]:
        return {p: self.end[p] - self.funding_end[p] for p in self.end}

    @property
    def same_date(self) -> bool:
        return len(set(self.end.values())) <= 1

    @property
    def same_after(self) -> bool:
        return len(set(self.after.values())) <= 1

    @property
    def unequal_watch(self) -> bool:
        """True when runs are watched for different lengths: cumulative outcomes at the
        end of a run are then not like for like."""
        return not self.same_date

    def end_phrase(self) -> str:
        """What "at the end of a run" means here, e.g. "two years after funding ends"."""
        if self.same_after and self.end:
            after = next(iter(self.after.values()))
            funding = "all funding" if self.follow_up else "funding"
            text = (f"{duration(after)} after {funding} ends" if after else
                    f"when {funding} ends")
            if self.same_date and len(self.end) > 1:
                text += f", at {date_text(next(iter(self.end.values())))}"
            return text
        if self.same_date and self.end:
            return f"at {date_text(next(iter(self.end.values())))} after the start"
        return "at the end of each run"

    def end_framing(self) -> str:
        """The framing of end-of-run numbers, as a figure or table states it."""
        if self.same_after and self.same_date:
            return (f"{self.end_phrase()} (the same time after funding ends and the same "
                    "date for every run)")
        if self.same_after:
            return (f"the same time after funding ends: {self.end_phrase()} (each run's "
                    "last week; runs funded longer are watched longer)")
        if self.same_date:
            return f"a fixed date: {self.end_phrase()} (each run's last week)"
        return ("each run's last week; runs are watched for different lengths and end at "
                "different times after funding")

    def other_short(self) -> str:
        """The other framing in a few words: "at a fixed date, the end of year 3"."""
        other = self.other()
        if other is None:
            return ""
        kind, _, weeks = other
        if kind == "date":
            return f"at a fixed date, {date_text(next(iter(weeks.values())))},"
        offset = min(self.after.values())
        return (f"{duration(offset)} after funding ends" if offset else "when funding ends")

    def other(self) -> tuple[str, str, dict[str, int]] | None:
        """The framing that end-of-run numbers do not give, read from weekly series:
        (kind, words, design point -> week), or None when both framings coincide."""
        if not self.end:
            return None
        if not self.same_date:
            week = min(self.end.values())
            return ("date", f"at {date_text(week)} after the start, a fixed date every run "
                    "reaches", dict.fromkeys(self.end, week))
        if not self.same_after:
            offset = min(self.after.values())
            words = (f"{duration(offset)} after funding ends" if offset else
                     "when funding ends")
            return ("after", words + " (the same time after funding ends for every run)",
                    {p: self.funding_end[p] + offset for p in self.end})
        return None


def framing_of(runs: pd.DataFrame) -> Framing:
    """The funding and watching weeks of every design point, from its parameters."""
    firsts = runs.drop_duplicates("point")
    columns = [c for c in runs.columns if c.startswith(PARAM_PREFIX)]
    funding_end, end, follow_up = {}, {}, False
    for _, row in firsts.iterrows():
        values = {c[len(PARAM_PREFIX):]: row[c] for c in columns
                  if c[len(PARAM_PREFIX):] in Params.names() and not pd.isna(row[c])}
        try:
            params = Params.from_dict(values)
        except ParameterError:
            continue
        end[row["point"]] = params.total_weeks
        funding_end[row["point"]] = params.total_weeks - params.weeks_after_funding
        follow_up = follow_up or params.follow_up_years > 0
    return Framing(funding_end, end, follow_up)


# --------------------------------------------------------------------------- the study
@dataclass
class Axis:
    """An ordered setting along which the study moves, with the design point at each of
    its levels (the other factors at their reference levels), and an optional second
    factor whose levels are compared with its reference level.
    """

    factor: str
    levels: list[Any]
    points: list[str]
    other: str | None = None
    other_levels: list[Any] = field(default_factory=list)  # reference level first
    cells: dict[tuple[Any, Any], str] = field(default_factory=dict)  # (main, other) -> point
    fixed: dict[str, Any] = field(default_factory=dict)  # further factors, at reference

    @property
    def words(self) -> ParamWords:
        return ParamWords(self.factor)

    def point(self, level: Any, other_level: Any = None) -> str | None:
        if self.other is None:
            return self.points[self.levels.index(level)] if level in self.levels else None
        return self.cells.get((level, other_level))


def find_axis(config: ExperimentConfig, runs: pd.DataFrame,
              baseline: str | None) -> Axis | None:
    """The study's axis: the first grid factor (a second one as `other`), or the one
    number in which scenarios differ; None for samples and for scenarios that differ in
    several ways.

    The observation window (`weeks_after_funding`) does not count as a difference of
    scenarios when something else differs too: a fixed-date study sets it to end every
    run at the same date.
    """
    if isinstance(config.design, SampleDesign):
        return None
    points = _points_run(config, runs)
    if len(points) < 2:
        return None
    base = next((p for p in points if p.name == baseline), None)
    if isinstance(config.design, GridDesign):
        return _grid_axis(config.design, points, base)
    return _scenario_axis(points)


def _points_run(config: ExperimentConfig, runs: pd.DataFrame) -> list[DesignPoint]:
    """The design points that have runs, in design order; none if the design is invalid."""
    try:
        points = design_points(config)
    except (ParameterError, ValueError):
        return []
    present = set(runs["point"]) if len(runs) else set()
    return [p for p in points if p.name in present]


def _at_fixed(point: DesignPoint, fixed: dict[str, Any]) -> bool:
    """Whether a point has the further grid factors at their reference levels."""
    return all(point.factors[f] == v for f, v in fixed.items())


def _grid_axis(design: GridDesign, points: list[DesignPoint],
               base: DesignPoint | None) -> Axis | None:
    """The axis of a grid: its first varied factor, the second one as `other`."""
    factors = [f for f in design.factors
               if len({p.factors[f] for p in points}) > 1]
    if not factors:
        return None
    reference = {f: (base.factors[f] if base else min(p.factors[f] for p in points))
                 for f in factors}
    main, rest = factors[0], factors[1:]
    other = rest[0] if rest else None
    fixed = {f: reference[f] for f in rest[1:]}
    levels = sorted({p.factors[main] for p in points})
    line = {p.factors[main]: p.name for p in points if _at_fixed(p, fixed)
            and (other is None or p.factors[other] == reference[other])}
    if len(line) < 2:
        return None
    axis = Axis(main, [v for v in levels if v in line], [line[v] for v in levels
                                                        if v in line], fixed=fixed)
    if other is not None:
        _add_other_factor(axis, other, reference[other], points)
    return axis


def _add_other_factor(axis: Axis, other: str, reference: Any,
                      points: list[DesignPoint]) -> None:
    """Give a grid axis its second factor: levels (reference first) and cells."""
    others = sorted({p.factors[other] for p in points})
    axis.other = other
    axis.other_levels = [reference] + [v for v in others if v != reference]
    axis.cells = {(p.factors[axis.factor], p.factors[other]): p.name for p in points
                  if _at_fixed(p, axis.fixed)}


def _scenario_axis(points: list[DesignPoint]) -> Axis | None:
    """The axis of scenarios that differ in one number (the observation window aside)."""
    names = [n for n in Params.names()
             if len({_hashable(p.params[n]) for p in points}) > 1]
    if len(names) > 1 and "weeks_after_funding" in names:
        names.remove("weeks_after_funding")
    if len(names) != 1:
        return None
    name = names[0]
    values = [p.params[name] for p in points]
    if isinstance(values[0], (bool, tuple)) or len(set(values)) != len(values):
        return None
    order = sorted(range(len(points)), key=lambda i: values[i])
    return Axis(name, [values[i] for i in order], [points[i].name for i in order])


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@dataclass
class Study:
    """What the answer is built from: the results and the tables of the appendix.

    Attributes:
        config, runs (finished runs only), timeseries: the stored study.
        headline: outcome columns in report order; meta: their metadata.
        kinds: their ranges for the statistics; summary: per point and outcome.
        compared: every point against `baseline`; interactions: of a two-factor grid.
        sensitivity: indices of a sample, with `main_index` the one ranked.
        axis, framing: the study's shape and timing; steps, added, framed, trend, spans:
            the tables the answer draws on (see `axis_tables`, `framed_table`,
            `trend_table` and `span_table`).
    """

    config: ExperimentConfig
    runs: pd.DataFrame
    timeseries: pd.DataFrame
    headline: list[str]
    meta: dict[str, Output]
    kinds: dict[str, stats.OutcomeKind]
    summary: pd.DataFrame
    compared: pd.DataFrame
    interactions: pd.DataFrame
    sensitivity: pd.DataFrame
    main_index: str
    baseline: str | None
    paired: bool
    axis: Axis | None
    framing: Framing
    steps: pd.DataFrame = field(default_factory=pd.DataFrame)
    added: pd.DataFrame = field(default_factory=pd.DataFrame)
    framed: pd.DataFrame = field(default_factory=pd.DataFrame)
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    spans: pd.DataFrame = field(default_factory=pd.DataFrame)
    added_avg: pd.DataFrame = field(default_factory=pd.DataFrame)
    per_subsidy: pd.DataFrame = field(default_factory=pd.DataFrame)
    follow_up: pd.DataFrame = field(default_factory=pd.DataFrame)
    follow_up_avg: pd.DataFrame = field(default_factory=pd.DataFrame)
    identical: dict[str, int] = field(default_factory=dict)  # point -> identical_groups
    framed_kind: str = ""
    framed_words: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # point -> plain name

    def percent(self, outcome: str) -> bool:
        meta = self.meta.get(outcome)
        return bool(meta and meta.percent)

    @property
    def region(self) -> bool:
        """Whether the runs are regions of several communities (whose numbers are totals
        or averages over their communities: `outputs.region_pooling`)."""
        column = stats.REGION_COLUMN
        return column in self.runs.columns and bool(
            (pd.to_numeric(self.runs[column], errors="coerce") > 1).any())

    @property
    def dissolving(self) -> bool | None:
        """Whether some communities dissolved (then outputs frozen at dissolution do not
        compare like for like); None when survival was not kept, so nobody knows."""
        if "survived" not in self.runs.columns or not len(self.runs):
            return None
        return bool((self.runs["survived"] < 1).any())


# --------------------------------------------------------------------------- identical
def identical_groups(runs: pd.DataFrame, outcomes: Sequence[str], paired: bool,
                     timeseries: pd.DataFrame | None = None) -> dict[str, int]:
    """Settings whose runs gave exactly the same outcomes, seed by seed (every numeric
    one of `outcomes`, and every weekly series when `timeseries` is given, so that two
    settings that only happen to agree on a yes/no outcome are not taken as the same):
    point -> the number of its group, for every point in a group of two or more. With
    common random numbers this means the model treats the settings as equivalent (e.g.
    the share of time follow-up funding pays, where there is no follow-up funding);
    without them, or with a single replication, nothing is told (empty)."""
    numeric = [o for o in outcomes if o in runs and pd.api.types.is_numeric_dtype(runs[o])]
    if not paired or not len(runs) or runs["replication"].nunique() < 2 or not numeric:
        return {}
    weekly: dict[str, tuple] = {}
    if timeseries is not None and len(timeseries):
        values = [c for c in timeseries.columns if c not in
                  ("run_id", "point", "point_index", "replication", "week")
                  and pd.api.types.is_numeric_dtype(timeseries[c])]
        for point, group in timeseries.sort_values(["replication", "week"]).groupby(
                "point", sort=False):
            weekly[point] = (tuple(group["replication"]), tuple(group["week"]),
                             tuple(group[values].to_numpy(dtype=float).ravel().tolist()))
    groups: dict[tuple, list[str]] = {}
    ordered = runs.sort_values(["point_index", "replication"])
    for point, group in ordered.groupby("point", sort=False):
        key = tuple(group["replication"]) + tuple(
            group[numeric].to_numpy(dtype=float).ravel().tolist()) + (weekly.get(point),)
        groups.setdefault(key, []).append(point)
    return {point: k for k, names in enumerate(n for n in groups.values() if len(n) > 1)
            for point in names}


def same_results(identical: dict[str, int], a: str | None, b: str | None) -> bool:
    """Whether two settings gave exactly the same outcomes seed by seed."""
    return a in identical and b in identical and identical[a] == identical[b]


def inert_factors(factors: dict[str, dict[str, Any]], identical: dict[str, int]
                  ) -> dict[str, set[str]]:
    """Per point of a grid (point -> its factor levels), the factors that cannot act
    there: every other setting of the factor, all else equal, gave exactly the same
    results (e.g. the share of time follow-up funding pays, with no follow-up funding)."""
    inert: dict[str, set[str]] = {}
    for point, levels in factors.items():
        for name in levels:
            twins = [other for other, theirs in factors.items() if other != point
                     and theirs[name] != levels[name]
                     and all(theirs[k] == v for k, v in levels.items() if k != name)]
            if twins and all(same_results(identical, point, t) for t in twins):
                inert.setdefault(point, set()).add(name)
    return inert


# --------------------------------------------------------------------------- tables
def axis_tables(study: Study, outcomes: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Steps along the axis (each level minus the one before, at every level of the
    second factor) and what the second factor adds (its other levels minus its reference
    level, at every level of the axis), as `stats.compare_pairs` tables."""
    axis = study.axis
    if axis is None or not len(study.runs):
        return pd.DataFrame(), pd.DataFrame()
    pairs, where = [], []
    for other_level in (axis.other_levels or [None]):
        line = [axis.point(level, other_level) for level in axis.levels]
        for (a, pa), (b, pb) in zip(zip(axis.levels, line, strict=True),
                                    list(zip(axis.levels, line, strict=True))[1:],
                                    strict=False):
            if pa and pb:
                pairs.append((pb, pa))
                where.append({"from_level": a, "to_level": b, "other_level": other_level})
    steps = _annotated(study, pairs, where, outcomes)
    added = pd.DataFrame()
    if axis.other is not None:
        pairs, where = [], []
        reference = axis.other_levels[0]
        for level in axis.levels:
            for other_level in axis.other_levels[1:]:
                hi, lo = axis.point(level, other_level), axis.point(level, reference)
                if hi and lo and not same_results(study.identical, hi, lo):
                    pairs.append((hi, lo))
                    where.append({"level": level, "other_level": other_level,
                                  "reference": reference})
        added = _annotated(study, pairs, where, outcomes)
    return steps, added


def _annotated(study: Study, pairs: list[tuple[str, str]], where: list[dict[str, Any]],
               outcomes: Sequence[str]) -> pd.DataFrame:
    """compare_pairs of `pairs`, with where each pair lies and, per outcome, whether its
    difference stays clear once allowing for the number of pairs compared (Holm)."""
    if not pairs:
        return pd.DataFrame()
    table = stats.compare_pairs(study.runs, pairs, outcomes, paired=study.paired,
                                kinds=study.kinds)
    extra = pd.DataFrame([w for w in where for _ in outcomes])
    table = pd.concat([table.reset_index(drop=True), extra], axis=1)
    by_point = {p: g.set_index("replication") for p, g in study.runs.groupby("point")}
    table["p"] = [pair_p_value(by_point[r["point"]], by_point[r["control"]], r["outcome"],
                               study.paired, study.kinds.get(r["outcome"], stats.ANY))
                  for _, r in table.iterrows()]
    table["p_holm"] = table.groupby("outcome")["p"].transform(stats.holm_adjusted)
    table["clear_holm"] = table["p_holm"] < stats.SIGNIFICANCE
    table["family"] = table.groupby("outcome")["p"].transform("size").astype(int)
    return table


def pair_p_value(treated: pd.DataFrame, control: pd.DataFrame, outcome: str, paired: bool,
                 kind: stats.OutcomeKind) -> float:
    """The p-value that goes with the likely range of a difference in `outcome` between the
    runs of two settings (indexed by replication): one minus the highest confidence level
    at which `stats.difference` still excludes zero (found by halving), so a p-value below
    0.05 means exactly that the 95% range excludes zero."""
    if paired:
        both = treated.index.intersection(control.index)
        treated, control = treated.loc[both], control.loc[both]
    a = treated[outcome].to_numpy(dtype=float)
    b = control[outcome].to_numpy(dtype=float)
    sizes = (stats.sizes_of(treated, kind), stats.sizes_of(control, kind))
    sizes = None if sizes[0] is None or sizes[1] is None else sizes

    def excludes(level: float) -> bool:
        return stats.difference(a, b, paired=paired, kind=kind, level=level,
                                sizes=sizes).excludes_zero

    low, high = 1e-6, 1 - 1e-9
    if not excludes(low):
        return 1.0
    if excludes(high):
        return 1 - high
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if excludes(middle) else (low, middle)
    return 1 - low


def trend_table(study: Study, outcomes: Sequence[str]) -> pd.DataFrame:
    """Where each outcome stops changing along the axis, per level of the second factor.

    At each setting, in order, the settings above it (averaged per replication, so runs
    that share a seed stay paired) minus the setting itself, with a t likely range of the
    per-replication differences. `clear` is True where that difference is clear in the
    direction of the trend (the sign of the first clear test, or of the first test when
    none is). Every test is read: `rising` is True for every setting up to the last clear
    one, so the outcome levels off only where no later setting is still clearly below
    (or, falling, above) the ones after it. `unsure` is True on a setting that is not
    clear although a later one is: where the outcome levels off is then not sharp (the
    answer says so and names both). Also per setting: the average from that setting on
    (with its likely range) and the lowest and highest average of the settings from it
    on. `open` is True on a setting past the last clear one whose likely range still
    reaches a change as large as that last clear one: the runs cannot tell whether the
    outcome levels off there (one unclear test is not evidence of a plateau).
    """
    axis = study.axis
    if axis is None or not len(study.runs):
        return pd.DataFrame()
    rows = []
    for other_level in (axis.other_levels or [None]):
        line = [(lv, axis.point(lv, other_level)) for lv in axis.levels]
        line = [(lv, p) for lv, p in line if p]
        for outcome in outcomes:
            rows += _trend_rows(study, outcome, other_level, line)
    return pd.DataFrame(rows)


def _trend_rows(study: Study, outcome: str, other_level: Any,
                line: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    """`trend_table`'s rows of one outcome along one line of settings (level, point)."""
    points = [p for _, p in line]
    wide = study.runs[study.runs["point"].isin(points)].pivot_table(
        index="replication", columns="point", values=outcome, aggfunc="mean")
    wide = wide.reindex(columns=points).dropna()
    means = study.runs.groupby("point")[outcome].mean()
    share = _is_share(study, outcome)
    kind = study.kinds.get(outcome, stats.ANY)
    rows = []
    for j, (level, point) in enumerate(line):
        here = (share_contrast(study, outcome, [(1 / (len(line) - j), p) for p in points[j:]],
                               wide.index)
                if share else stats.mean_ci(wide.iloc[:, j:].mean(axis=1).to_numpy(),
                                            kind=kind))
        row = {"outcome": outcome, "other_level": other_level, "level": level,
               "point": point, "mean": float(means[point]), "from_mean": here.value,
               "from_ci_low": here.low, "from_ci_high": here.high,
               "from_min": float(means[points[j:]].min()),
               "from_max": float(means[points[j:]].max()), "last_level": line[-1][0],
               "difference": math.nan, "ci_low": math.nan, "ci_high": math.nan}
        if j + 1 < len(line):
            k = len(line) - j - 1
            ci = (share_contrast(study, outcome, [(1 / k, p) for p in points[j + 1:]]
                                 + [(-1.0, point)], wide.index)
                  if share else stats.mean_ci((wide.iloc[:, j + 1:].mean(axis=1)
                                               - wide.iloc[:, j]).to_numpy()
                                              ).within(*_difference_reach(study, outcome)))
            row.update(difference=ci.value, ci_low=ci.low, ci_high=ci.high)
        rows.append(row)
    return _read_trend(rows)


def _read_trend(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`direction`, `clear`, `rising` and `unsure` of one line's rows (see `trend_table`)."""
    tested = [r for r in rows if not math.isnan(r["difference"])]
    clear_any = [r for r in tested if r["ci_low"] > 0 or r["ci_high"] < 0]
    lead = (clear_any or tested or [{"difference": 0.0}])[0]["difference"]
    direction = math.copysign(1.0, lead) if lead else 0.0
    for r in rows:
        r["direction"] = direction
        r["clear"] = bool((r["ci_low"] > 0 and direction > 0)
                          or (r["ci_high"] < 0 and direction < 0))  # False when untested
    last_clear = max((j for j, r in enumerate(rows) if r["clear"]), default=-1)
    clear_change = abs(rows[last_clear]["difference"]) if last_clear >= 0 else math.inf
    for j, r in enumerate(rows):
        r["rising"] = j <= last_clear
        r["unsure"] = r["rising"] and not r["clear"]
        reach = r["ci_high"] if direction > 0 else r["ci_low"]
        r["open"] = bool(not r["rising"] and direction * reach >= clear_change)
    return rows


def _difference_reach(study: Study, outcome: str) -> tuple[float, float]:
    """The lowest and highest a difference of two averages of `outcome` can be."""
    kind = study.kinds.get(outcome, stats.ANY)
    return kind.low - kind.high, kind.high - kind.low


def _is_share(study: Study, outcome: str) -> bool:
    """Whether an outcome is a share of runs (yes/no) or of a region's communities."""
    kind = study.kinds.get(outcome, stats.ANY)
    return kind.yes_no or bool(kind.share_of)


def share_contrast(study: Study, outcome: str, terms: Sequence[tuple[float, str]],
                   replications: Sequence[Any]) -> stats.Estimate:
    """A contrast of settings' shares, sum of c * share (runs of the given replications),
    with the MOVER combination of their Wilson (or pooled, for regions) intervals: unlike a
    t interval of paired differences it is not zero-width when every run agrees."""
    kind = study.kinds.get(outcome, stats.ANY)
    runs = study.runs[study.runs["replication"].isin(list(replications))]
    parts = []
    for c, point in terms:
        chosen = runs[runs["point"] == point]
        parts.append((c, stats.share_of_ci(chosen[outcome].to_numpy(dtype=float), kind,
                                           stats.sizes_of(chosen, kind))))
    reach = sum(abs(c) for c, _ in terms)
    return stats.mover(parts).within(-reach, reach)


# Outcomes whose clear rise along the axis says what stopping early loses even when the
# main outcome shows no trend (what reached practice, not effort).
LOSS_MEASURES = ("products_in_use", "care_organisations_using")


def loss_end(study: Study) -> tuple[Any, str] | None:
    """The setting the first one is set against to say what stopping early loses, and
    the outcome whose levelling off picks it ("" for the main outcome): where the main
    outcome stops changing clearly (`plateau_start`); when the main outcome shows no
    trend, where products in use (else care organisations using a product) stop
    changing clearly, so a clear loss of what reached practice is still said. None when
    no such setting lies past the first."""
    axis = study.axis
    if axis is None or not len(study.trend):
        return None
    primary = _primary(study)
    for outcome in (primary, *LOSS_MEASURES):
        start = plateau_start(study, study.trend, outcome)
        if start is not None and start != axis.levels[0]:
            return start, "" if outcome == primary else outcome
    return None


def span_table(study: Study, outcomes: Sequence[str]) -> pd.DataFrame:
    """The main line's first setting against the setting where the main outcome stops
    changing (see `loss_end`; column `basis` names another outcome that picked it), for every
    outcome: what stopping at the first costs."""
    end_of = loss_end(study)
    axis = study.axis
    if end_of is None or axis is None:
        return pd.DataFrame()
    start, basis = end_of
    reference = axis.other_levels[0] if axis.other else None
    first = axis.point(axis.levels[0], reference)
    end = axis.point(start, reference)
    if not first or not end or first == end:
        return pd.DataFrame()
    return _annotated(study, [(end, first)], [{"from_level": axis.levels[0],
                                               "to_level": start, "other_level": reference,
                                               "basis": basis}], outcomes)


def added_average_table(study: Study, outcomes: Sequence[str]) -> pd.DataFrame:
    """What each other level of the second factor adds on average over the axis: per
    replication, the mean over the axis's settings at that level minus the mean at the
    reference level (so paired runs stay paired), with a t likely range. Only over the
    settings where the second factor can act: a setting where both levels gave exactly
    the same results seed by seed (`identical_groups`) is left out, and `left_out` lists
    those settings."""
    axis = study.axis
    if axis is None or axis.other is None or not len(study.runs):
        return pd.DataFrame()
    reference = axis.other_levels[0]
    rows = []
    for other_level in axis.other_levels[1:]:
        pairs = [(axis.point(lv, other_level), axis.point(lv, reference), lv)
                 for lv in axis.levels]
        pairs = [(hi, lo, lv) for hi, lo, lv in pairs if hi and lo]
        left_out = [lv for hi, lo, lv in pairs if same_results(study.identical, hi, lo)]
        pairs = [(hi, lo, lv) for hi, lo, lv in pairs if lv not in left_out]
        if not pairs:
            continue
        for outcome in outcomes:
            ci = pairs_average(study, [(hi, lo) for hi, lo, _ in pairs], outcome)
            rows.append({"outcome": outcome, "other_level": other_level,
                         "reference": reference, "settings": len(pairs), "n": ci.n,
                         "difference": ci.value, "ci_low": ci.low, "ci_high": ci.high,
                         "left_out": left_out})
    return pd.DataFrame(rows)


def pairs_average(study: Study, pairs: Sequence[tuple[str, str]],
                  outcome: str) -> stats.Estimate:
    """The average over `pairs` (setting, its control) of the setting minus its control:
    per replication, the mean over the settings minus the mean over the controls (so paired
    runs stay paired), with a t likely range (a share: the MOVER range of the contrast)."""
    wide = study.runs.pivot_table(index="replication", columns="point", values=outcome,
                                  aggfunc="mean")
    his = wide.reindex(columns=[hi for hi, _ in pairs])
    los = wide.reindex(columns=[lo for _, lo in pairs])
    diff = (his.mean(axis=1, skipna=False) - los.mean(axis=1, skipna=False)).dropna()
    k = len(pairs)
    if _is_share(study, outcome):
        return share_contrast(study, outcome, [(1 / k, hi) for hi, _ in pairs]
                              + [(-1 / k, lo) for _, lo in pairs], diff.index)
    return stats.mean_ci(diff.to_numpy()).within(*_difference_reach(study, outcome))


# --------------------------------------------------------------------------- follow-up
# In a grid of years of external funding by years of follow-up funding, "X years and then
# L years of follow-up funding" and "X + L years of external funding" end all funding in
# the same week and are watched to the same date: the like-for-like answer to "what should
# follow the subsidy?". Comparing X + L follow-up with X alone compares different dates.
FOLLOW_UP_FACTORS = ("funding_years", "follow_up_years")
# The weekly survival series show that follow-up funding "mostly postpones the decline by
# its own length" when, averaged over the settings of external funding, the share active
# when all funding ends and at every week after it differs by at most this much from the
# share at the same time after the subsidy ends without follow-up (while without follow-up
# at least MIN_DECLINE of the communities stop in that time: a decline to postpone).
POSTPONE_TOLERANCE = 0.10
MIN_DECLINE = 0.05


def follow_up_pairs(study: Study) -> list[dict[str, Any]]:
    """Each setting with follow-up funding paired with the setting without it whose
    funding ends in the same week and whose run ends in the same week (same date): level
    (years of external funding before the follow-up), other_level (years of follow-up),
    twin_level (years of external funding of the twin), point, control (the twin) and
    base (the same years of external funding without follow-up). Empty unless the study's
    axis is years of external funding and its second factor years of follow-up funding."""
    axis = study.axis
    if axis is None or (axis.factor, axis.other) != FOLLOW_UP_FACTORS \
            or not _is_zero(axis.other_levels[0]):
        return []
    reference, framing = axis.other_levels[0], study.framing
    twins = {(framing.funding_end.get(p), framing.end.get(p)): level for level in axis.levels
             if (p := axis.point(level, reference))}
    pairs = []
    for other_level in axis.other_levels[1:]:
        for level in axis.levels:
            point, base = axis.point(level, other_level), axis.point(level, reference)
            if point is None or base is None:
                continue
            twin = twins.get((framing.funding_end.get(point), framing.end.get(point)))
            if twin is not None and twin != level:
                pairs.append({"level": level, "other_level": other_level, "twin_level": twin,
                              "point": point, "control": axis.point(twin, reference),
                              "base": base})
    return pairs


def follow_up_tables(study: Study, outcomes: Sequence[str]
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Follow-up funding against the longer subsidy that ends at the same time (see
    `follow_up_pairs`): every pair as a `stats.compare_pairs` table (follow-up minus the
    longer subsidy, with Holm per outcome), and the average over the pairs of each level
    of follow-up (`pairs_average`)."""
    pairs = follow_up_pairs(study)
    if not pairs or not len(study.runs):
        return pd.DataFrame(), pd.DataFrame()
    where = [{k: p[k] for k in ("level", "other_level", "twin_level", "base")} for p in pairs]
    table = _annotated(study, [(p["point"], p["control"]) for p in pairs], where, outcomes)
    rows = []
    for other_level in dict.fromkeys(p["other_level"] for p in pairs):
        chosen = [(p["point"], p["control"]) for p in pairs if p["other_level"] == other_level]
        for outcome in outcomes:
            ci = pairs_average(study, chosen, outcome)
            rows.append({"outcome": outcome, "other_level": other_level,
                         "settings": len(chosen), "n": ci.n, "difference": ci.value,
                         "ci_low": ci.low, "ci_high": ci.high})
    return table, pd.DataFrame(rows)


def follow_up_hours(study: Study, pair: pd.Series) -> tuple[float, float] | None:
    """What the follow-up years of a pair paid against the extra subsidy years of its twin,
    in hours of members' time (average `subsidy_hours` minus that of the same years of
    external funding without follow-up, which both build on); None without subsidy hours
    or when the longer subsidy paid nothing more."""
    runs = study.runs
    if "subsidy_hours" not in runs:
        return None
    hours = runs.groupby("point")["subsidy_hours"].mean()
    if not {pair["point"], pair["control"], pair["base"]} <= set(hours.index):
        return None
    follow = float(hours[pair["point"]] - hours[pair["base"]])
    longer = float(hours[pair["control"]] - hours[pair["base"]])
    return (follow, longer) if longer > 0 and follow >= 0 else None


def postponement(study: Study, other_level: Any) -> dict[str, Any] | None:
    """Whether the weekly survival series show that `other_level` years of follow-up
    funding mostly postpone the decline by their own length (see POSTPONE_TOLERANCE):
    averaged over the settings of external funding, the share active at each week after
    all funding ends, with follow-up funding, against the share the same time after the
    subsidy ends without it. Returns the settings compared, the weeks after the end of
    funding read, and the shares at the end of funding and that long after, with and
    without follow-up; None when the series do not show it (or were not kept)."""
    axis, ts = study.axis, study.timeseries
    if axis is None or ts is None or "survived" not in ts or not len(ts):
        return None
    reference, framing = axis.other_levels[0], study.framing
    curves: list[tuple[pd.Series, pd.Series]] = []
    for level in axis.levels:
        with_, without = axis.point(level, other_level), axis.point(level, reference)
        if with_ is None or without is None:
            continue
        pair = []
        for point in (with_, without):
            rows = ts[(ts["point"] == point) & (ts["week"] >= framing.funding_end[point])]
            mean = rows.groupby("week")["survived"].mean()
            mean.index = mean.index - framing.funding_end[point]
            pair.append(mean)
        common = pair[0].index.intersection(pair[1].index)
        if 0 in common and len(common) > 1:
            curves.append((pair[0][common], pair[1][common]))
    if not curves:
        return None
    weeks = curves[0][0].index
    for a, _ in curves[1:]:
        weeks = weeks.intersection(a.index)
    if 0 not in weeks or len(weeks) < 2:
        return None
    with_ = pd.concat([a[weeks] for a, _ in curves], axis=1).mean(axis=1)
    without = pd.concat([b[weeks] for _, b in curves], axis=1).mean(axis=1)
    last = int(weeks.max())
    if (without[0] - without[last] < MIN_DECLINE
            or (with_ - without).abs().max() > POSTPONE_TOLERANCE):
        return None
    return {"settings": len(curves), "weeks": last,
            "at_end": (float(with_[0]), float(without[0])),
            "after": (float(with_[last]), float(without[last]))}



# Outcomes set against the subsidy in "what the subsidy buys", per SUBSIDY_HOURS hours the
# subsidy paid, and their words. Not divided by funded years: a year of follow-up funding
# pays a smaller share of members' time than a subsidy year, and counts with a ceiling
# (care organisations, schools) cannot grow with funding past their ceiling, so "per
# funded year" would make longer funding look worse by construction.
PER_SUBSIDY_OUTCOMES = ("products_in_use", "realized_value")
PER_SUBSIDY_WORDS = {"products_in_use": "products in use",
                     "realized_value": "units of realized value"}
SUBSIDY_HOURS = 1000


def per_subsidy_table(study: Study) -> pd.DataFrame:
    """Per setting: the hours the subsidy paid (`subsidy_hours`, average with its likely
    range), and products in use and realized value per SUBSIDY_HOURS of them (each run's
    value divided by its subsidy hours, averaged). Empty when the study kept no subsidy
    hours or none of these outcomes."""
    runs = study.runs
    kept = [o for o in PER_SUBSIDY_OUTCOMES if o in study.headline and o in runs]
    if "subsidy_hours" not in runs or not kept or not len(runs):
        return pd.DataFrame()
    rows = []
    for (index, point), group in runs.groupby(["point_index", "point"], sort=True):
        hours = group["subsidy_hours"].to_numpy(dtype=float)
        if not (hours > 0).all():
            continue
        cis = {"subsidy_hours": stats.mean_ci(hours, kind=stats.OutcomeKind(low=0.0))}
        for outcome in kept:
            per = group[outcome].to_numpy(dtype=float) / hours * SUBSIDY_HOURS
            cis[outcome] = stats.mean_ci(per, kind=stats.OutcomeKind(low=0.0))
        rows += [{"point_index": index, "point": point, "outcome": o, "n": ci.n,
                  "mean": ci.value, "ci_low": ci.low, "ci_high": ci.high}
                 for o, ci in cis.items()]
    return pd.DataFrame(rows)


def funding_levels(runs: pd.DataFrame) -> str:
    """What follow-up funding pays against the subsidy, read from the runs' parameters:
    "follow-up funding pays 40% of members' time, the subsidy 70%"; "" when no run
    had follow-up funding or the runs do not store these levels."""
    years, follow, subsidy = (PARAM_PREFIX + n for n in (
        "follow_up_years", "follow_up_coverage", "external_coverage"))
    if not {years, follow, subsidy} <= set(runs.columns):
        return ""
    funded = runs[pd.to_numeric(runs[years], errors="coerce").fillna(0) > 0]
    if not len(funded):
        return ""

    def shares(column: pd.Series) -> str:
        return _join([percent_text(v) for v in sorted(set(column.astype(float)))])

    return (f"follow-up funding pays {shares(funded[follow])} of members' time, the subsidy "
            f"{shares(runs[subsidy])}")


def still_funded_levels(study: Study, other_level: Any) -> list[Any]:
    """The settings of the axis (at `other_level` of the second factor) still funded at
    the fixed date the weekly series are compared at; none when that framing is not a
    fixed date."""
    other = study.framing.other()
    axis = study.axis
    if other is None or other[0] != "date" or axis is None:
        return []
    week = next(iter(other[2].values()))
    return [lv for lv in axis.levels if (p := axis.point(lv, other_level))
            and study.framing.funding_end.get(p, -1) >= week]


def few_runs_caution(runs: pd.DataFrame, per: str = "setting") -> str:
    """' Clear results in this answer rest on only 6 runs per setting; a study with more
    runs per setting would show whether they hold.' when some setting (`per`: "setting"
    or "scenario") has fewer than FEW_RUNS finished runs, '' otherwise. A likely range
    that excludes zero is right for the runs made, but from so few runs it is not as
    firm as the same words from many."""
    if not len(runs) or "point" not in runs:
        return ""
    counts = runs.groupby("point").size()
    low, high = int(counts.min()), int(counts.max())
    if low >= FEW_RUNS:
        return ""
    n = f"{low}" if low == high else f"{low} to {high}"
    return (f" Clear results in this answer rest on only {n} run{'s' * (high != 1)} per "
            f"{per}; a study with more runs per {per} would show whether they hold.")


def runs_needed(difference: float, low: float, high: float, runs: int) -> int | None:
    """Runs per setting at which the likely range of a difference, now from `low` to
    `high` at `runs` per setting, would exclude zero if the estimate held: the distance
    from the estimate to the bound on zero's side shrinks with 1 / sqrt(runs) until it
    is less than |difference|. A rough guide, not a power analysis; at least one more run
    than now; None without a difference or a range to scale."""
    reach = difference - low if difference > 0 else high - difference
    if not difference or not math.isfinite(reach) or reach <= 0 or runs < 1:
        return None
    return max(runs + 1, math.ceil(runs * (reach / abs(difference)) ** 2))


def one_step_table(study: Study) -> str:
    """Where the report shows the difference of an axis's trend rows: "trend" (the
    table of where the main outcome levels off) with three or more settings along the
    axis; with two, which have one step and nothing to level off, "step" (the steps
    table, kept when a second factor has lines that are no baseline comparison) or
    "diff" (the comparison with the baseline, which the one step repeats when the
    baseline is the first setting)."""
    axis = study.axis
    if axis is None or len(axis.levels) != 2:
        return "trend"
    if axis.other is not None:
        return "step"
    return "diff" if axis.point(axis.levels[0], None) == study.baseline else "trend"


def _join(parts: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _from_words(words: ParamWords, levels: Sequence[Any], axis_levels: Sequence[Any] = ()
                ) -> str:
    """Settings in words; a run of the highest ones as "3 years of external funding or
    more" when it is a tail of the axis."""
    levels = list(levels)
    if len(levels) > 1 and list(axis_levels)[-len(levels):] == levels:
        return words.setting(levels[0]) + " or more"
    return words.levels(levels)


def plateau_start(study: Study, trend: pd.DataFrame, outcome: str | None) -> Any:
    """The first setting of the main line from which `outcome` no longer changes clearly
    (the last setting when it changes clearly all the way); None without a trend."""
    if outcome is None or not len(trend):
        return None
    axis = study.axis
    reference = axis.other_levels[0] if axis.other else None
    rows = trend[(trend["outcome"] == outcome)]
    rows = rows[rows["other_level"] == reference] if axis.other else rows
    if not len(rows):
        return None
    stop = rows[~rows["rising"]]
    return stop.iloc[0]["level"] if len(stop) else rows.iloc[-1]["level"]


def framed_table(study: Study, series: Sequence[str]) -> pd.DataFrame:
    """Each kept weekly series at the framing end-of-run numbers do not give (a fixed date
    every run reaches, or the same time after funding ends), per design point: mean with
    its likely range. Empty when both framings coincide or no series is kept."""
    other = study.framing.other()
    ts = study.timeseries
    if other is None or ts is None or not len(ts) or not series:
        return pd.DataFrame()
    _, _, weeks = other
    wanted = ts["point"].map(weeks)
    at = stats.with_run_sizes(ts[ts["week"] == wanted], study.runs)
    rows = []
    for (index, point), group in at.groupby(["point_index", "point"], sort=True):
        ceilings = stats.count_ceilings(study.runs[study.runs["point"] == point])
        for name in series:
            if name not in group:
                continue
            kind = study.kinds.get(name) or stats.outcome_kinds(study.runs, [name])[name]
            kind = stats.capped(kind, ceilings.get(name))
            ci = stats.share_of_ci(group[name].to_numpy(dtype=float), kind,
                                   stats.sizes_of(group, kind))
            rows.append({"point_index": index, "point": point, "outcome": name,
                         "week": int(weeks[point]), "n": ci.n, "mean": ci.value,
                         "ci_low": ci.low, "ci_high": ci.high, "ceiling": kind.high})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- sentences
@dataclass
class Answer:
    """The answer: sentences (HTML), the outcomes and points the headline figure shows,
    and a note on what the answer leaves out and why."""

    sentences: list[str]
    figure_outcomes: list[str] = field(default_factory=list)
    highlight: tuple[Any, Any] | None = None
    notes: list[str] = field(default_factory=list)
    technical: list[str] = field(default_factory=list)  # for the appendix, not the answer


class _Writer:
    """Writes the sentences of one study's answer."""

    said_clear = False  # set by every wording of a clear effect or interaction (`clear`)

    def __init__(self, study: Study) -> None:
        self.s = study
        self.framing = study.framing.end_phrase()

    def written(self, make: Callable[[], str]) -> tuple[str, bool]:
        """A sentence from `make` and whether it calls an effect or interaction clear (a
        difference, trend or interaction whose likely range excludes zero)."""
        self.said_clear = False
        text = make()
        return text, bool(text) and self.said_clear

    def cautioned(self, sentences: list[tuple[str, bool]], per: str = "setting") -> list[str]:
        """The sentences, with `few_runs_caution` after the first that calls something
        clear (once for the whole answer, not on every line)."""
        caution = few_runs_caution(self.s.runs, per)
        first = next((j for j, (_, clear) in enumerate(sentences) if clear), None)
        return [text + (caution if j == first else "")
                for j, (text, _) in enumerate(sentences)]

    def at(self, outcome: str) -> str:
        """When a run's number of `outcome` is measured, for a sentence: the study's end
        ("two years after all funding ends") for an output read then, its own time
        otherwise ("averaged over the funded weeks"; `Output.when_words`)."""
        meta = self.s.meta.get(outcome)
        return meta.when_words(self.framing) if meta is not None else self.framing

    def named_at(self, outcome: str) -> str:
        """An outcome's plain name with when it is measured: "the share of communities
        still active two years after all funding ends", or, set off by commas, its own
        time: "knowledge combined while funded (level 0-1), averaged over the funded
        weeks,"."""
        when = self.at(outcome)
        if not when:
            return self.quantity(outcome)
        if self.s.meta[outcome].at_end:
            return f"{self.quantity(outcome)} {when}"
        return f"{self.quantity(outcome)}, {when},"

    # ------------------------------------------------------------ choosing outcomes
    def usable(self, outcome: str) -> bool:
        meta = self.s.meta.get(outcome)
        if meta is None:
            return False
        return not (meta.frozen_when_dissolved and self.s.dissolving)

    def primary(self) -> str | None:
        """The main outcome: the first kept outcome that differs between settings, in the
        order of the config's `outputs`; without `outputs`, survival first, then another
        yes/no outcome where more is better, then a readable one, then any kept. An
        outcome that is the same at every setting leads only when every one is."""
        usable = [o for o in self.s.headline if self.usable(o)]
        varying = [o for o in usable if self.varies(o)] or usable
        if self.s.config.outputs is not None:
            return varying[0] if varying else None
        for test in (lambda m: m.name == "survived",
                     lambda m: (m.yes_no or m.kind == outputs.SHARE) and m.better,
                     lambda m: m.readable, lambda m: True):
            found = [o for o in varying if test(self.s.meta[o])]
            if found:
                return found[0]
        return None

    def varies(self, outcome: str) -> bool:
        """Whether an outcome's average differs between settings (for a sample: whether
        its runs differ)."""
        if isinstance(self.s.config.design, SampleDesign) or not len(self.s.summary):
            return outcome in self.s.runs and self.s.runs[outcome].nunique() > 1
        means = self.s.summary.loc[self.s.summary["outcome"] == outcome, "mean"].dropna()
        return means.nunique() > 1

    def constant_before(self, primary: str | None) -> list[str]:
        """Outcomes passed over for the main one because they are the same at every
        setting."""
        usable = [o for o in self.s.headline if self.usable(o)]
        if primary is None or not any(self.varies(o) for o in usable):
            return []
        return [o for o in usable if not self.varies(o) and o != primary
                and (usable.index(o) < usable.index(primary) or o == "survived")]

    def nothing_varies(self) -> bool:
        """Whether the study has several settings and no usable outcome differs between
        them."""
        usable = [o for o in self.s.headline if self.usable(o)]
        return (bool(usable) and self.s.summary["point"].nunique() > 1
                and not any(self.varies(o) for o in usable)) if len(self.s.summary) else False

    def nothing_varies_sentence(self) -> Answer:
        """One sentence: every kept outcome is the same at every setting, with its value."""
        usable = [o for o in self.s.headline if self.usable(o)]
        point = self.s.summary["point"].iloc[0]
        same = len({self.at(o) for o in usable}) == 1
        why = {o: uncomputable_reason(self.s.config, self.s.runs, o) for o in usable}
        parts = [f"{self.quantity(o) if same else self.named_at(o)} {self.mean(point, o)}"
                 for o in usable if not why[o]]
        reasons = " ".join(why[o] for o in usable if why[o])
        if not parts:
            return Answer([reasons], usable[:1])
        when = f", {self.at(usable[0])}" if same and self.at(usable[0]) else ""
        return Answer([f"No outcome the study kept differs between its "
                       f"{self.s.summary['point'].nunique()} settings{when}: "
                       + _join(parts) + " at every setting." + (" " + reasons) * bool(reasons)],
                      usable[:1])

    def constant_words(self, outcome: str) -> str:
        """"communities still active, 0% at every setting"."""
        rows = self.s.summary[self.s.summary["outcome"] == outcome].dropna(subset=["mean"])
        if not len(rows):
            return self.s.meta[outcome].label
        value = number(float(rows["mean"].iloc[0]), self.s.percent(outcome))
        return f"{self.s.meta[outcome].label} ({value})"

    def readable(self, exclude: Sequence[str] = ()) -> list[str]:
        return [o for o in self.s.headline if o not in exclude and self.usable(o)
                and self.s.meta[o].readable]

    def value(self, exclude: Sequence[str] = ()) -> str | None:
        """The first outcome in value units where more is better (realized value)."""
        for o in self.s.headline:
            m = self.s.meta.get(o)
            if o not in exclude and m and self.usable(o) and m.kind == outputs.VALUE \
                    and m.better == outputs.MORE and o in outputs.OUTPUTS:
                return o
        return None

    def frozen_left_out(self) -> list[str]:
        return [o for o in self.s.headline if o in self.s.meta
                and self.s.meta[o].frozen_when_dissolved and self.s.dissolving]

    def frozen_unknown(self) -> list[str]:
        """Frozen outputs used although nobody knows whether communities dissolved."""
        return [o for o in self.s.headline if o in self.s.meta
                and self.s.meta[o].frozen_when_dissolved and self.s.dissolving is None]

    # ------------------------------------------------------------ number pieces
    def out_of(self, outcome: str, point: str | None = None) -> str:
        """" out of 4" after a count with a ceiling (care organisations; a setting's own
        when `point` is given), else ""."""
        meta, high = self.s.meta.get(outcome), self.s.kinds.get(outcome, stats.ANY).high
        if point is not None and len(self.s.summary):
            high = min(high, ceiling_of(self._summary_row(point, outcome)))
        if meta is None or meta.kind != outputs.COUNT or not math.isfinite(high):
            return ""
        return f" out of {plain_value(high)}"

    def mean(self, point: str, outcome: str) -> str:
        row = self._summary_row(point, outcome)
        percent = self.s.percent(outcome)
        shown = num(number(row["mean"], percent), ref("mean", point, outcome)) \
            + self.out_of(outcome, point)
        if not percent and row["ci_low"] == row["ci_high"]:
            return shown + " (in every run)"
        return (shown + f" ({LIKELY} "
                + num(interval(row["ci_low"], row["ci_high"], percent, ceiling_of(row)),
                      ref("ci", point, outcome)) + ")")

    def mean_value(self, point: str, outcome: str) -> float:
        return float(self._summary_row(point, outcome)["mean"])

    def _summary_row(self, point: str, outcome: str) -> pd.Series:
        s = self.s.summary
        return s[(s["point"] == point) & (s["outcome"] == outcome)].iloc[0]

    def quantity(self, outcome: str) -> str:
        """An outcome's plain name for a sentence, with its unit where it is not obvious:
        "the share of communities still active", "realized value (model value units)"."""
        meta = self.s.meta[outcome]
        if meta.yes_no:
            return f"the share of {meta.label}"
        if meta.kind == outputs.SHARE:  # "the share of the region's communities ..."
            return the(meta.label) if meta.label.startswith("share ") \
                else f"the share of {meta.label}"
        if meta.kind == outputs.COUNT:
            return the(meta.label)
        return f"{the(meta.label)} ({meta.unit})"

    def unit_after(self, outcome: str) -> str:
        """The unit written after a number of this outcome, "" for shares."""
        meta = self.s.meta[outcome]
        if meta.percent:
            return ""
        if meta.kind == outputs.COUNT:
            return ""  # the label names the things counted ("products landed ...")
        return f" {meta.unit}"

    def difference(self, table: str, row: pd.Series, outcome: str, *keys: Any) -> str:
        """A difference of averages in words: "on average a community has 2.1 more products
        landed in practice (likely range of the average 1.2 to 3.0)" when it is clear, "no
        clear difference in products landed in practice (on average -0.9, likely range -2.0
        to +0.25)" when it is not."""
        percent = self.s.percent(outcome)
        value = float(row["difference"])
        label = self.s.meta[outcome].label
        if row["ci_low"] == row["ci_high"] == value == 0:
            return f"no difference in {label}, in every run"
        if not self.clear(row):
            return (f"no clear difference in {label} (on average "
                    + num(signed(value, percent), ref(table, *keys)) + f", {LIKELY} "
                    + num(diff_interval(row["ci_low"], row["ci_high"], percent),
                          ref(f"{table}-ci", *keys)) + ")")
        meta = self.s.meta[outcome]
        size = num(number(abs(value)) if not percent else f"{half_up(100 * abs(value))}",
                   ref(table, *keys), magnitude=True)
        likely = (f" ({LIKELY} of the average "
                  + num(magnitude_interval(row["ci_low"], row["ci_high"], percent),
                        ref(f"{table}-ci", *keys), magnitude=True) + ")")
        if meta.kind in COUNTED_KINDS:
            has = HAS.replace("a community", "a region") if self.s.region else HAS
            return f"{has}{size} {'more' if value > 0 else 'fewer'} {label}{likely}"
        higher = "higher" if value > 0 else "lower"
        if percent:
            return f"{self.quantity(outcome)} is {size} percentage points {higher}{likely}"
        return f"{label} is on average {size} {esc(meta.unit)} {higher}{likely}"

    def signed_difference(self, table: str, row: pd.Series, outcome: str,
                          *keys: Any) -> str:
        percent = self.s.percent(outcome)
        return (num(signed(row["difference"], percent), ref(table, *keys)) + f" ({LIKELY} "
                + num(diff_interval(row["ci_low"], row["ci_high"], percent),
                      ref(f"{table}-ci", *keys)) + ")")

    def clear(self, row: pd.Series) -> bool:
        """Whether a difference or interaction is clear (its likely range excludes zero);
        every caller words it as clear or not, so a clear one is noted (`said_clear`)."""
        clear = bool(row["ci_low"] > 0 or row["ci_high"] < 0)
        self.said_clear = self.said_clear or clear
        return clear

    def later_date_note(self, o: str, pairs: Sequence[tuple[str, str]], later: str) -> str:
        """For a state read at the end of each run (survival, trust, a level 0-1)
        compared between settings whose runs end at different weeks: that `later` are
        measured at a later date, so the comparison is not like for like (totals get
        `watched_note`); "" when every pair ends in the same week or for other outputs."""
        meta, end = self.s.meta.get(o), self.s.framing.end
        if meta is None or meta.cumulative or not meta.at_end or not any(
                end.get(a) != end.get(b) for a, b in pairs):
            return ""
        return (f" (but {later} are watched for longer, so this is measured at a later "
                "date for them and is not like for like: a community has had longer to "
                "stop or to change)")

    def watched_note(self, outcomes: Sequence[str]) -> str:
        if self.s.framing.unequal_watch and any(
                self.s.meta[o].cumulative for o in outcomes if o in self.s.meta):
            return (" (runs with more funding are watched longer, so this is not like for "
                    "like)")
        return ""

    # ------------------------------------------------------------ axis studies
    # Which axis sentences to keep when there are more than MAX_SENTENCES (first kept
    # first), and the order they are read in.
    AXIS_PRIORITY = ("bottom", "shape", "more_runs", "others", "added", "lost", "buys",
                     "value", "interaction", "loss")
    AXIS_ORDER = ("bottom", "shape", "more_runs", "others", "added", "interaction", "lost",
                  "buys", "value", "loss")

    def axis_sentences(self) -> Answer:
        """The answer of an axis study: the shape of the main outcome along the axis (where
        it changes clearly and where it levels off), whether single steps stand out, what
        a second factor adds, what stopping early costs and what the subsidy buys, at
        most MAX_SENTENCES sentences."""
        s, axis = self.s, self.s.axis
        p = self.primary()
        if p is None:
            return Answer([], notes=["No outcome was kept that the answer can use."])
        reference = axis.other_levels[0] if axis.other else None
        lead = self.lead_level(p, reference)
        # each slot: (sentence, whether it calls something clear: see `cautioned`)
        slots = {"bottom": self.written(lambda: self.bottom_line(p, lead)),
                 "shape": self.written(lambda: self.shape_sentence(p, lead)),
                 "more_runs": self.written(lambda: self.more_runs_sentence(p, lead))}
        start = plateau_start(s, s.trend, p)
        first = axis.levels[0]
        highlight = (first, start) if start is not None and start != first else None
        if axis.other is not None and len(s.added):
            slots["added"] = self.written(
                lambda: self.follow_up_sentence(p) or self.added_sentence(p))
        if len(s.interactions) and axis.other is not None:
            slots["interaction"] = self.written(lambda: self.interaction_sentence(p))
        if highlight is not None:
            slots["lost"] = self.written(lambda: self.lost_sentence(p, *highlight))
            slots["loss"] = self.written(
                lambda: self._loss_sentence(highlight, reference) or "")
        elif len(s.spans):  # no trend in the main outcome, but one in what reached practice
            span = s.spans.iloc[0]
            slots["lost"] = self.written(
                lambda: self.lost_sentence(p, span["from_level"], span["to_level"]))
        value = self.value(exclude=[p])
        if not (slots.get("lost") or ("", False))[0]:  # else it tells what reached practice
            slots["others"] = self.written(
                lambda: self.others_sentence(p, lead, told=[value]))
        slots["buys"] = self.written(lambda: self.buys_sentence(reference, start))
        if value is not None:
            slots["value"] = self.written(lambda: self.value_sentence(value, start))
        for key in ("lost", "loss", "buys", "value"):  # numbers at the reference level
            if key in slots and slots[key][0]:
                slots[key] = (self._at_level(slots[key][0], reference), slots[key][1])
        kept = [k for k in self.AXIS_PRIORITY if k in slots and slots[k][0]][:MAX_SENTENCES]
        sentences = self.cautioned([slots[k] for k in self.AXIS_ORDER if k in kept])
        notes = [] if len(axis.levels) > 1 else [
            "There is only one setting along the axis, so nothing to compare."]
        technical = [t for t in (self.steps_sentence(p), self.added_technical(p)) if t]
        return Answer(sentences, [p] + self.readable(exclude=[p])[:1], highlight, notes,
                      technical)

    def _at_level(self, sentence: str, other_level: Any) -> str:
        """A sentence whose numbers are all read at `other_level` of the second factor,
        opened with that level ("With initial stereotyping of 0.2, realized value ...")
        unless it names it already; unchanged in a study of one factor."""
        under = self._under(other_level).strip()
        if not under or under in sentence:
            return sentence
        return f"{_cap(under)}, {sentence[:1].lower()}{sentence[1:]}"

    def _under(self, other_level: Any) -> str:
        """", with no follow-up funding": the second factor's level, for a sentence."""
        axis = self.s.axis
        if axis.other is None or other_level is None:
            return ""
        return f" with {ParamWords(axis.other).setting(other_level)}"

    def _trend_rows(self, p: str, other_level: Any) -> pd.DataFrame:
        trend = self.s.trend
        if not len(trend):
            return trend
        rows = trend[trend["outcome"] == p]
        if self.s.axis.other is not None:
            rows = rows[rows["other_level"] == other_level]
        return rows.reset_index(drop=True)

    def plain_mean(self, point: str, outcome: str) -> str:
        """A setting's average alone (no range), as its table shows it."""
        return num(number(self.mean_value(point, outcome), self.s.percent(outcome)),
                   ref("mean", point, outcome)) + self.out_of(outcome)

    def changes_clearly(self, p: str, other_level: Any) -> bool:
        """Whether the main outcome changes clearly along the axis at this level of the
        second factor (its first setting differs clearly from the ones after it)."""
        rows = self._trend_rows(p, other_level)
        if len(rows) < 2 or (rows["mean"] == rows.iloc[0]["mean"]).all():
            return False
        return rows[~rows["rising"]].iloc[0].name != 0

    def lead_level(self, p: str, reference: Any) -> Any:
        """The level of the second factor the answer leads with: its reference level,
        unless the main outcome changes clearly along the axis only at other levels; then
        the first of those, so that a clear effect is never hidden behind a null."""
        axis = self.s.axis
        if axis.other is None or self.changes_clearly(p, reference):
            return reference
        return next((lv for lv in axis.other_levels if self.changes_clearly(p, lv)),
                    reference)

    def bottom_line(self, p: str, other_level: Any) -> str:
        """The answer in one plain line, read from the same shape as `shape_sentence`:
        where the main outcome stops rising (or falling), that it keeps rising, or that it
        shows no clear trend. When it leads with another level of the second factor than
        the reference (`lead_level`: the effect is clear only there), the reference
        level's shape follows, so the null is said but not led with."""
        rows = self._trend_rows(p, other_level)
        if len(rows) < 2 or (rows["mean"] == rows.iloc[0]["mean"]).all():
            return ""
        under = self._under(other_level).strip()
        clause = self._bottom_clause(rows)
        lead = f"{under}, " if under and clause.endswith(")") else ""  # not two brackets
        what = f"In the model, {lead}{self.named_at(p)}" + (
            "," if "," in self.at(p) and self.s.meta[p].at_end else "")
        text = f"{what} {clause}" + (f" ({under})" if under and not lead else "")
        axis = self.s.axis
        reference = axis.other_levels[0] if axis.other is not None else None
        others = [reference] if other_level != reference and len(
            self._trend_rows(p, reference)) >= 2 else []  # led with a clear effect elsewhere
        for lv in others:
            clause = self._bottom_clause(self._trend_rows(p, lv))
            text += f"; {self._under(lv).strip()}, it {clause}"
        return text + "."

    def _bottom_clause(self, rows: pd.DataFrame) -> str:
        """"stops rising after about 1 bridge-builder", "levels off somewhere between 2 and
        4 years ..." (not sharp: see `trend_table`), "keeps rising up to 3 ...", "does not
        clearly change with bridge-builders": the shape along the axis in a clause."""
        words = self.s.axis.words
        if (rows["mean"] == rows.iloc[0]["mean"]).all():
            return f"is the same at every setting of {words.label}"
        stop = rows[~rows["rising"]].iloc[0]
        self.said_clear = self.said_clear or stop.name != 0  # a clear trend
        if len(rows) == 2:  # one step: no question of where it levels off
            step = words.change(rows.iloc[0]["level"], rows.iloc[1]["level"])
            if stop.name == 0:
                return self._not_clear_yet(rows.iloc[0], step)
            return f"{'rises' if rows.iloc[0]['direction'] > 0 else 'falls'} clearly {step}"
        if stop.name == 0:
            return f"does not clearly change with {words.label}"
        verb = "rising" if rows.iloc[0]["direction"] > 0 else "falling"
        unsure = rows[rows["unsure"]]
        if stop.name == len(rows) - 1:
            return (f"keeps {verb} up to {words.setting(stop['level'])}, the highest "
                    "setting studied" + (", though not clearly at every step"
                                         if len(unsure) else ""))
        if len(unsure):
            return (f"levels off somewhere between {plain_value(unsure.iloc[0]['level'])} "
                    f"and {words.setting(stop['level'])}")
        if stop["open"]:
            return (f"{'rises' if verb == 'rising' else 'falls'} up to "
                    f"{words.setting(stop['level'])}; whether it levels off after that "
                    "is not clear yet")
        return f"stops {verb} after about {words.setting(stop['level'])}"

    def _not_clear_yet(self, row: pd.Series, step: str) -> str:
        """"rises by 25 points from 0 to 2 bridge-builders, but that is not clear yet
        (likely range -1 to +48 points)": one unclear step with its estimate and range, so
        an uncertain effect does not read as no effect."""
        p = row["outcome"]
        percent = self.s.percent(p)
        table, *keys = self._trend_keys(row, p)
        size = signed(abs(row["difference"]), percent).lstrip("+")
        likely = (f"{LIKELY} " + num(diff_interval(row["ci_low"], row["ci_high"], percent),
                                     ref(f"{table}-ci", *keys)))
        if size in ("0", "0 points"):
            return f"is about the same {step}, but that is not clear yet ({likely})"
        verb = "rises" if row["difference"] > 0 else "falls"
        return (f"{verb} by " + num(size, ref(table, *keys), magnitude=True)
                + f" {step}, but that is not clear yet ({likely})")

    def more_runs_sentence(self, p: str, other_level: Any) -> str:
        """When the main outcome changes along the axis but not clearly: about how many
        runs per setting would make the range of its first difference (the first setting
        against the later ones) exclude zero if the estimate held, from its half-width
        shrinking with the square root of the runs (`runs_needed`); "" otherwise."""
        rows = self._trend_rows(p, other_level)
        if len(rows) < 2 or (rows["mean"] == rows.iloc[0]["mean"]).all() \
                or rows.iloc[0]["rising"]:
            return ""
        first = rows.iloc[0]
        now = int(self.s.runs[self.s.runs["point"].isin(rows["point"])]
                  .groupby("point").size().min())
        needed = runs_needed(first["difference"], first["ci_low"], first["ci_high"], now)
        if needed is None:
            return ""
        size = signed(first["difference"], self.s.percent(p))
        return (f"More runs would likely tell: if the difference stayed at {size}, about "
                f"{needed:,} runs per setting instead of {now} would give a likely range "
                "that excludes zero (a rough guide: the range narrows with the square root "
                "of the number of runs, and the estimate itself will move).")

    def clear_others(self, p: str, other_level: Any) -> list[str]:
        """The other usable outcomes the study names whose first setting differs clearly
        from the later ones along the axis (at `other_level` of a second factor). Only
        with two settings along the axis: with more, the levels-off table that would
        show their difference holds the main outcome alone."""
        if one_step_table(self.s) == "trend":
            return []
        return [o for o in self.s.headline if o != p and self.usable(o)
                and len(rows := self._trend_rows(o, other_level)) >= 2
                and bool(rows.iloc[0]["clear"])]

    def others_sentence(self, p: str, other_level: Any, told: Sequence[str | None] = ()
                        ) -> str:
        """The other outcomes the study names that change clearly along the axis (the
        first setting against the later ones), whether or not the main outcome does, at
        most MAX_LISTED, leaving out those another sentence has `told`; "" when none
        does."""
        words = self.s.axis.words
        said = [o for o in self.clear_others(p, other_level) if o not in told][:MAX_LISTED]
        if not said:
            return ""
        parts = []
        for o in said:
            first = self._trend_rows(o, other_level).iloc[0]
            table, *keys = self._trend_keys(first, o)
            parts.append(self.difference(table, first, o, *keys))
        levels = self._trend_rows(said[0], other_level)["level"]
        against = (words.change(levels.iloc[0], levels.iloc[1]) if len(levels) == 2 else
                   f"from {words.setting(levels.iloc[0])} to {words.later()}")
        return (f"{_cap(against)}{self._under(other_level)}, "
                f"{'other outcomes change' if len(said) > 1 else 'another outcome changes'}"
                " clearly: " + "; ".join(parts) + self.watched_note(said) + ".")

    def shape_sentence(self, p: str, other_level: Any) -> str:
        """The overall shape of the main outcome along the axis: from the first setting to
        where it levels off, read from `trend_table` (each setting against the average of
        the settings after it, in order, stopping at the first that is not clear)."""
        axis = self.s.axis
        rows = self._trend_rows(p, other_level)
        if len(rows) < 2:
            return ""
        words = axis.words
        under = self._under(other_level).strip()
        lead = (f"{_cap(under)}, {self.named_at(p)}" if under else
                _cap(self.named_at(p)))
        first, last = rows.iloc[0], rows.iloc[-1]
        if (rows["mean"] == first["mean"]).all():
            return (f"{lead} is the same at every setting of {words.label}: "
                    f"{self.mean(first['point'], p)}.")
        stop = rows[~rows["rising"]].iloc[0]
        self.said_clear = self.said_clear or stop.name != 0  # a clear trend
        ends = (f"{self.mean(first['point'], p)} with {words.setting(first['level'])}")
        if stop.name == 0:
            return self._no_trend(lead, ends, rows, p)
        if len(rows) == 2:
            return self._one_step(lead, ends, rows, p)
        verb = "rises" if first["direction"] > 0 else "falls"
        side = "below" if verb == "rises" else "above"
        if stop.name == len(rows) - 1 and rows["unsure"].any():
            return (f"{lead} {verb} up to the highest setting studied, from {ends} to "
                    f"{self.mean(last['point'], p)} with {words.setting(last['level'])}, "
                    + self._unsure_sentence(rows, p, side, "but not clearly at every step:"))
        if stop.name == len(rows) - 1:
            return (f"{lead} {verb} all along the settings studied, from {ends} to "
                    f"{self.mean(last['point'], p)} with {words.setting(last['level'])}. "
                    f"Each setting is clearly {side} the average of the ones after it, so it "
                    "does not level off within this range"
                    + self._flat_stretch(p, other_level, verb) + ".")
        return self._levels_off(lead, ends, rows, stop, p, verb) \
            + self._unsure_sentence(rows, p, side)

    def _levels_off(self, lead: str, ends: str, rows: pd.DataFrame, stop: pd.Series, p: str,
                    verb: str) -> str:
        """The shape sentence where the main outcome stops rising (falling) at `stop`: it
        levels off there, or, where the test after it is unclear but wide (`open`), the
        runs cannot tell yet whether it does."""
        words, percent = self.s.axis.words, self.s.percent(p)
        at, value = words.setting(stop["level"]), plain_value(stop["level"])
        more = "raise" if verb == "rises" else "lower"
        further = (f"More than {at} does not clearly {more} it further (the settings above "
                   f"{value} against {value}: " + self._trend_difference(stop, p) + ")")
        if stop["open"]:
            change = "rise" if verb == "rises" else "fall"
            return (f"{lead} {verb} from {ends} to {self.mean(stop['point'], p)} with {at}. "
                    "Whether it levels off after that, the runs cannot tell yet: "
                    + further[:1].lower() + further[1:] + f", but that range still allows a "
                    f"{change} as large as the one up to {at}; more runs per setting would "
                    "tell.")
        plateau = (num(number(stop["from_mean"], percent), ref("trend-from", p, stop["point"]))
                   + f" ({LIKELY} " + num(interval(stop["from_ci_low"], stop["from_ci_high"],
                                                   percent, self.s.kinds.get(p, stats.ANY).high),
                                          ref("trend-from-ci", p, stop["point"])) + ")")
        between = self._spread_of(rows.iloc[stop.name:], p, "each of them", "each of them")
        return (f"{lead} {verb} from {ends} to about {plateau} on average with {at} or more "
                f"({between}), and then levels off. {further}.")

    def _unsure_sentence(self, rows: pd.DataFrame, p: str, side: str,
                         opening: str = " Where it levels off is not sharp:") -> str:
        """' Where it levels off is not sharp: 2 years is not clearly below the longer
        settings (...), but 3 years still is (...); more runs per setting would tell.'
        when an earlier setting is not clear and a later one is; '' otherwise."""
        unsure = rows[rows["unsure"]]
        if not len(unsure):
            return ""
        words = self.s.axis.words
        first = unsure.iloc[0]
        later = rows[rows["clear"] & (rows.index > first.name)].iloc[-1]
        return (f"{opening} {words.setting(first['level'])} is not "
                f"clearly {side} {words.later()} ({self._trend_difference(first, p)}), but "
                f"{words.setting(later['level'])} still is "
                f"({self._trend_difference(later, p)}); more runs per setting would tell.")

    def _flat_stretch(self, p: str, other_level: Any, verb: str) -> str:
        """'; but step by step it is not clear from 4 to 7 years ...': the longest run of
        two or more neighbouring steps none of which is clear (after Holm), where an
        overall rise may flatten; '' when there is none."""
        steps = self.s.steps
        if not len(steps) or "clear_holm" not in steps:
            return ""
        rows = steps[steps["outcome"] == p]
        if self.s.axis.other is not None:
            rows = rows[rows["other_level"] == other_level]
        rows = rows.sort_values("from_level")
        best: list[Any] = []
        run: list[Any] = []
        for _, r in rows.iterrows():
            run = [] if r["clear_holm"] else run + [r]
            if len(run) > len(best):
                best = run
        if len(best) < 2:
            return ""
        change = self.s.axis.words.change(best[0]["from_level"], best[-1]["to_level"])
        word = "rise" if verb == "rises" else "fall"
        return (f"; but step by step the {word} is not clear {change} (none of these "
                f"{len(best)} steps is clear), so it may flatten there")

    def _one_step(self, lead: str, ends: str, rows: pd.DataFrame, p: str) -> str:
        """The shape along an axis of two settings whose one step is clear: "rises clearly
        from ... to ..." with its difference, and nothing on where it levels off, which two
        settings cannot tell (an unclear step: `_no_trend`, "not clearly higher")."""
        first, last = rows.iloc[0], rows.iloc[1]
        to = f"{self.mean(last['point'], p)} with {self.s.axis.words.setting(last['level'])}"
        verb = "rises" if first["direction"] > 0 else "falls"
        return (f"{lead} {verb} clearly from {ends} to {to} ("
                + self._trend_difference(first, p) + ").")

    def _no_trend(self, lead: str, ends: str, rows: pd.DataFrame, p: str) -> str:
        """No clear trend: the first setting, then the range over the later ones only (or
        the one later setting), which are not clearly higher or lower on average."""
        first, later = rows.iloc[0], rows.iloc[1:]
        verb = "higher" if first["difference"] > 0 else "lower"
        words = self.s.axis.words
        where = (f"{self._extreme(later, p, 'min')} at {words.later(False)}, which is"
                 if len(later) == 1 else
                 self._spread_of(later, p, words.later(), f"each of {words.later()}")
                 + ", which are")
        return (f"{lead} shows no clear trend along {self.s.axis.words.label}: it is {ends} "
                f"and {where} not clearly {verb} on average ("
                + self._trend_difference(first, p) + ").")

    def _spread_of(self, rows: pd.DataFrame, p: str, where: str, each: str) -> str:
        """"between 60% and 85% at <where>", or "80% at <each>" ("at each of the longer
        settings") when the lowest and the highest average of `rows` show as the same
        number."""
        low, high = self._extreme(rows, p, "min"), self._extreme(rows, p, "max")
        if re.sub(r"<[^>]+>", "", low) == re.sub(r"<[^>]+>", "", high):  # as shown
            return f"{low} at {each}"
        return f"between {low} and {high} at {where}"

    def _extreme(self, rows: pd.DataFrame, p: str, which: str) -> str:
        row = rows.loc[rows["mean"].idxmin() if which == "min" else rows["mean"].idxmax()]
        return self.plain_mean(row["point"], p)

    def _trend_difference(self, row: pd.Series, p: str) -> str:
        percent = self.s.percent(p)
        table, *keys = self._trend_keys(row, p)
        return (num(signed(row["difference"], percent), ref(table, *keys))
                + f", {LIKELY} " + num(diff_interval(row["ci_low"], row["ci_high"], percent),
                                       ref(f"{table}-ci", *keys)))

    def _trend_keys(self, row: pd.Series, p: str) -> tuple[Any, ...]:
        """The table cell that shows a trend row's difference: with two settings along the
        axis the report shows no levels-off table (`one_step_table`), so the one step's
        cell in the steps table or in the comparison with the baseline."""
        shown_in = one_step_table(self.s)
        if shown_in == "trend":
            return ("trend", p, row["point"])
        later = self._trend_rows(p, row["other_level"]).iloc[-1]["point"]
        if shown_in == "step":
            return ("step", p, later, row["point"])
        return ("diff", p, later)

    def _step_words(self, row: pd.Series, p: str) -> str:
        """One step, with its direction: "+35 points from 3 to 4 years of external funding
        (with 2 years of follow-up funding)"."""
        axis = self.s.axis
        change = self.signed_difference("step", row, p, p, row["point"], row["control"])
        where = (f" (with {ParamWords(axis.other).setting(row['other_level'])})"
                 if axis.other is not None else "")
        return (f"{change} {axis.words.change(row['from_level'], row['to_level'])}"
                f"{where}")

    def steps_sentence(self, p: str) -> str:
        """Whether single steps between neighbouring settings stand out once allowing for
        how many were compared (Holm), with the direction of each step named."""
        steps = self.s.steps
        if not len(steps) or "clear_holm" not in steps:
            return ""
        rows = steps[steps["outcome"] == p]
        if len(rows) < 2 or (rows["difference"] == 0).all():
            return ""
        n = len(rows)
        clear = rows[rows["clear_holm"]]
        if len(clear) == n and len(set(np.sign(clear["difference"]))) == 1:
            kind = "rises" if clear["difference"].iloc[0] > 0 else "falls"
            by_size = clear["difference"].abs()
            every = "Both" if n == 2 else f"All {n}"
            return (f"{every} steps between neighbouring settings are clear {kind}, even "
                    f"allowing for the number compared: from "
                    f"{self._step_words(clear.loc[by_size.idxmin()], p)} to "
                    f"{self._step_words(clear.loc[by_size.idxmax()], p)}.")
        if len(clear):
            largest = clear.loc[clear["difference"].abs().sort_values(
                ascending=False).index[:MAX_LISTED]]
            parts = [self._step_words(r, p) for _, r in largest.iterrows()]
            many = "steps are" if len(clear) > 1 else "step is"
            more = (f"; {len(clear) - len(largest)} more in the appendix"
                    if len(clear) > len(largest) else "")
            return (f"Of the {n} steps between neighbouring settings, {len(clear)} {many} "
                    f"clear even allowing for the number compared"
                    f"{', the largest' if more else ''}: " + "; ".join(parts) + more + ".")
        rise = rows[rows["difference"] > 0]
        fall = rows[rows["difference"] < 0]
        named, misses = [], False
        for kind, part in (("rise", rise), ("fall", fall)):
            if not len(part):
                continue
            top = part.loc[part["difference"].abs().idxmax()]
            misses = misses or top["ci_low"] > 0 or top["ci_high"] < 0
            ties = int((part["difference"].abs() == abs(top["difference"])).sum()) - 1
            tie = f" (as large at {ties} other step{'s' if ties > 1 else ''})" \
                if ties else ""
            named.append(f"the largest {kind} is {self._step_words(top, p)}{tie}")
        both = "both" if len(named) == 2 else "it is"
        though = (", even where a likely range misses zero ('clear difference' under Words "
                  "used says why)" if misses else "")
        return (f"No single step between neighbouring settings is clear once allowing for "
                f"the {n} steps compared: " + "; ".join(named)
                + f"; {both} within what chance gives across that many steps{though}.")

    def added_sentence(self, p: str) -> str:
        """What the second factor's top level adds to the main outcome: on average over the
        axis (one comparison) and setting by setting (clear only after Holm), with the
        direction of each difference named, and a clear gain in a readable outcome."""
        s, axis = self.s, self.s.axis
        other = ParamWords(axis.other)
        reference, top = axis.other_levels[0], axis.other_levels[-1]
        rows = s.added[(s.added["outcome"] == p) & (s.added["other_level"] == top)]
        if not len(rows):
            return ""
        levels = funding_levels(s.runs) if axis.other == "follow_up_years" else ""
        text = (f"With {other.setting(top)} instead of {other.setting(reference)}"
                + (f" ({levels})" if levels else "") + ", "
                + self._added_on_average(p, top, len(rows))
                + self._added_setting_by_setting(p, rows)
                + self.later_date_note(p, list(zip(rows["point"], rows["control"],
                                                   strict=True)),
                                       f"the runs with {other.setting(top)}"))
        for o in self.readable(exclude=[p])[:1]:
            r = s.added[(s.added["outcome"] == o) & (s.added["other_level"] == top)
                        & s.added["clear_holm"]]
            if len(r):
                best = r.loc[r["difference"].abs().idxmax()]
                gives = self.difference("added", best, o, o, best["point"], best["control"])
                when = ("each counted at the end of its run" if s.meta[o].at_end
                        else f"each counted {s.meta[o].when}")
                text += (f"; with {axis.words.setting(best['level'])}, {other.setting(top)} "
                         f"means {gives}, against {other.setting(reference)}, {when}"
                         + self.watched_note([o]))
        return text + "."

    def follow_up_sentence(self, p: str) -> str:
        """What should follow the subsidy, like for like: X years of external funding and
        then follow-up funding against the longer subsidy whose funding ends in the same
        week (`follow_up_tables`), at one pair (at the baseline's years where it has one)
        and on average over all pairs, with the hours each paid, and, where the weekly
        survival series show it, that follow-up funding mostly postpones the decline; ""
        when the study has no such pairs."""
        s, axis = self.s, self.s.axis
        if not len(s.follow_up):
            return ""
        top = axis.other_levels[-1]
        rows = s.follow_up[(s.follow_up["outcome"] == p) & (s.follow_up["other_level"] == top)]
        if not len(rows):
            return ""
        words, other = axis.words, ParamWords(axis.other)
        r = self._follow_up_example(rows)
        levels = funding_levels(s.runs)
        text = (f"What should follow the subsidy, compared at the same date: with "
                f"{words.setting(r['level'])} and then {other.setting(top)}"
                + (f" ({levels})" if levels else "") + ", "
                f"{self.named_at(p)} is {self.mean(r['point'], p)}, against "
                f"{self.mean(r['control'], p)} with {words.setting(r['twin_level'])}, whose "
                "funding ends in the same week")
        average = s.follow_up_avg[(s.follow_up_avg["outcome"] == p)
                                  & (s.follow_up_avg["other_level"] == top)]
        if len(rows) > 1 and len(average):
            a = average.iloc[0]
            first, last = rows.iloc[0]["level"], rows.iloc[-1]["level"]
            text += (f"; over all {len(rows)} such pairs ({plain_value(first)} to "
                     f"{words.setting(last)} before the follow-up), it is "
                     + self._average_words(a, p, ("follow-up-avg", p, top),
                                           " with follow-up funding"))
        text += self._follow_up_hours(r, top) + "."
        return text + (self._postponed(top) if p == "survived" else "")

    def _follow_up_hours(self, r: pd.Series, top: Any) -> str:
        """'; the 2 years of follow-up funding paid about 5,600 hours of members' time, 40%
        of the 14,000 that 2 more years of external funding paid' (`follow_up_hours`), or
        '' without subsidy hours."""
        hours = follow_up_hours(self.s, r)
        if hours is None:
            return ""
        follow, longer = hours
        years = plain_value(top)
        return (f"; the {ParamWords(self.s.axis.other).setting(top)} paid about "
                + num(number(follow), ref("follow-up-hours", r["point"]))
                + f" hours of members' time, {percent_text(follow / longer)} of the "
                + num(number(longer), ref("follow-up-hours", r["point"], r["control"]))
                + f" that {years} more year{'s' * (years != '1')} of external funding paid")

    def _postponed(self, top: Any) -> str:
        """' Follow-up funding mostly postpones the decline by its own length: ...' where
        the weekly survival series show it (`postponement`), else ''."""
        later = postponement(self.s, top)
        if later is None:
            return ""
        (with_end, without_end), (with_after, without_after) = (later["at_end"],
                                                               later["after"])
        return (f" Follow-up funding mostly postpones the decline by its own length: on "
                f"average over the {later['settings']} settings of "
                f"{self.s.axis.words.label}, {number(with_end, True)} of communities are "
                f"active when all funding ends with "
                f"{ParamWords(self.s.axis.other).setting(top)} and "
                f"{number(without_end, True)} when the subsidy ends without it, and "
                f"{duration(later['weeks'])} later {number(with_after, True)} against "
                f"{number(without_after, True)}.")

    def _follow_up_example(self, rows: pd.DataFrame) -> pd.Series:
        """The pair told in words: the one at the baseline's years of external funding,
        else the middle one."""
        base = self.s.baseline
        at_base = rows[rows["base"] == base]
        return at_base.iloc[0] if len(at_base) else rows.iloc[len(rows) // 2]

    def _average_words(self, a: pd.Series, p: str, keys: tuple[Any, ...],
                       after: str = "") -> str:
        """"on average 8 points lower<after> (likely range -17 to +1 points), so not
        clearly different" for an average difference `a`."""
        percent = self.s.percent(p)
        verdict = ("so not clearly different" if not self.clear(a) else
                   "clearly " + ("higher" if a["difference"] > 0 else "lower"))
        size = signed(abs(a["difference"]), percent).lstrip("+")
        direction = ("about the same" if size in ("0", "0 points") else
                     num(size, ref(*keys), magnitude=True)
                     + (" higher" if a["difference"] > 0 else " lower"))
        return (f"on average {direction}{after} ({LIKELY} "
                + num(diff_interval(a["ci_low"], a["ci_high"], percent),
                      ref(f"{keys[0]}-ci", *keys[1:]))
                + f"), {verdict}")

    def added_technical(self, p: str) -> str:
        """For the appendix: how the answer judged what the second factor adds setting by
        setting (clear only once allowing for how many settings were compared, Holm), which
        the plain answer leaves out; "" without a second factor."""
        s, axis = self.s, self.s.axis
        if axis.other is None or not len(s.added) or "clear_holm" not in s.added:
            return ""
        top = axis.other_levels[-1]
        rows = s.added[(s.added["outcome"] == p) & (s.added["other_level"] == top)]
        if len(rows) < 2:
            return ""
        other = ParamWords(axis.other)
        clear, n = int(rows["clear_holm"].sum()), len(rows)
        missed = int(((rows["ci_low"] > 0) | (rows["ci_high"] < 0)).sum())
        return (f"What {other.setting(top)} adds to {self.quantity(p)}, setting by setting: "
                f"the answer calls a difference clear only once allowing for the {n} "
                f"settings compared (Holm's correction); {clear} of {n} "
                f"{'is' if clear == 1 else 'are'} clear then, and {missed} of {n} likely "
                f"ranges miss zero before that allowance.")

    def _added_on_average(self, p: str, top: Any, n_settings: int) -> str:
        """'<outcome> is on average 8 points lower (likely range -17 to +1 points) over the
        n settings of <axis>, so not clearly different', or just the outcome's name when
        there is no average."""
        s = self.s
        percent = s.percent(p)
        average = s.added_avg[(s.added_avg["outcome"] == p)
                              & (s.added_avg["other_level"] == top)] \
            if len(s.added_avg) else s.added_avg
        if not len(average):
            return self.quantity(p)
        a = average.iloc[0]
        verdict = ("so not clearly different" if not self.clear(a) else
                   "clearly " + ("higher" if a["difference"] > 0 else "lower"))
        size = signed(abs(a["difference"]), percent).lstrip("+")  # "8 points", "2.1"
        direction = ("about the same" if size in ("0", "0 points") else
                     num(size, ref("added-avg", p, top), magnitude=True)
                     + (" higher" if a["difference"] > 0 else " lower"))
        left_out = list(a.get("left_out") or [])
        where = f"the {n_settings} settings of {s.axis.words.label}"
        if left_out:  # where the second factor cannot act: identical runs
            other = ParamWords(s.axis.other)
            where = (f"the {n_settings} setting{'s' * (n_settings != 1)} of "
                     f"{s.axis.words.label} where {other.label} can make a difference "
                     f"(left out: {_join([s.axis.words.setting(v) for v in left_out])}, "
                     f"where every run gave exactly the same results with either level)")
        return (f"{self.quantity(p)} is on average {direction}"
                + f" ({LIKELY} " + num(diff_interval(a["ci_low"], a["ci_high"], percent),
                                       ref("added-avg-ci", p, top))
                + f") over {where}, {verdict}")

    def _added_setting_by_setting(self, p: str, rows: pd.DataFrame) -> str:
        """Setting by setting: clear differences (after Holm) with their direction, or the
        largest move up and down when none is clear."""
        words = self.s.axis.words
        clear = rows[rows["clear_holm"]]
        self.said_clear = self.said_clear or bool(len(clear))
        if len(clear) == len(rows) > 1 and len(set(np.sign(clear["difference"]))) == 1:
            word = "higher" if clear["difference"].iloc[0] > 0 else "lower"
            return f"; it is clearly {word} at every one of the {len(rows)} settings"
        if len(clear):
            largest = clear.loc[clear["difference"].abs().sort_values(
                ascending=False).index[:MAX_LISTED]]
            parts = [f"{'higher' if r['difference'] > 0 else 'lower'} with "
                     f"{words.setting(r['level'])} (from {self.plain_mean(r['control'], p)} "
                     f"to {self.plain_mean(r['point'], p)})" for _, r in largest.iterrows()]
            more = (f" ({len(clear) - len(largest)} more in the appendix)"
                    if len(clear) > len(largest) else "")
            return "; setting by setting it is clearly " + "; ".join(parts) + more
        moves = []
        for part, word in ((rows[rows["difference"] > 0], "up"),
                           (rows[rows["difference"] < 0], "down")):
            if len(part):
                r = part.loc[part["difference"].abs().idxmax()]
                moves.append(f"{word} from {self.plain_mean(r['control'], p)} to "
                             f"{self.plain_mean(r['point'], p)} with "
                             f"{words.setting(r['level'])}")
        if not moves:
            return ""
        how = "it goes both ways: " if len(moves) == 2 else "the largest difference is "
        return (f"; setting by setting {how}" + " and ".join(moves)
                + "; no single setting differs clearly")

    def _loss_sentence(self, highlight: tuple[Any, Any], reference: Any) -> str | None:
        """The first value outcome where less is better, at the two ends of the highlight."""
        s, axis = self.s, self.s.axis
        loss = [o for o in s.headline if self.usable(o) and s.meta[o].better == outputs.LESS
                and s.meta[o].kind == outputs.VALUE]
        if not loss:
            return None
        o = loss[0]
        a, b = highlight
        pa, pb = axis.point(a, reference), axis.point(b, reference)
        return (f"{_cap(s.meta[o].label)} ({s.meta[o].unit}) is "
                f"{self.mean(pa, o)} with {axis.words.setting(a)} and {self.mean(pb, o)} with "
                f"{axis.words.setting(b)}" + (f", {self.at(o)}" if self.at(o) else "") + ".")

    # Outcomes that say what stopping early costs, most telling first; products developed
    # count effort, not what reached practice, so they are not used for it.
    LOST_FIRST = ("products_in_use", "care_organisations_using", "paid_hours")
    NOT_A_LOSS = frozenset({"products_developed"})

    def lost_sentence(self, p: str, a: Any, b: Any) -> str:
        """What stopping at the first setting costs against the setting where the main
        outcome levels off (`span_table`), in readable units."""
        s, words = self.s, self.s.axis.words
        spans = s.spans
        if not len(spans):
            return ""
        readable = [o for o in self.readable(exclude=[p]) if s.meta[o].better != outputs.LESS
                    and o not in self.NOT_A_LOSS]
        lost = sorted(readable, key=lambda o: (o not in self.LOST_FIRST,
                                               self.LOST_FIRST.index(o)
                                               if o in self.LOST_FIRST else 0))[:2]
        # Set against where another outcome levels off (the main one shows no trend):
        # said only where the difference is clear.
        only_clear = bool("basis" in spans and spans["basis"].iloc[0])
        parts, said = [], []
        for o in lost:
            row = spans[spans["outcome"] == o]
            if len(row) and not (only_clear and not self.clear(row.iloc[0])):
                r = row.iloc[0]
                parts.append(self.difference("span", r, o, o, r["point"], r["control"]))
                said.append(o)
        if not parts or all(part.startswith("no difference") for part in parts):
            return ""
        whens = {self.at(o) for o in said}
        if len(whens) > 1:  # measured at different times: each part says its own
            parts = [part + (f", {self.at(o)}" if self.at(o) else "")
                     for part, o in zip(parts, said, strict=True)]
        when = whens.pop() if len(whens) == 1 else ""
        instead = f"{words.setting(b)} instead of {plain_value(a)}"
        lead = (f"What stopping at {words.setting(a)} loses: with {instead}, "
                if words.is_funding else f"With {instead}, ")
        has = HAS.replace("a community", "a region") if s.region else HAS
        parts = parts[:1] + [p.removeprefix(has) for p in parts[1:]]
        return (lead + " and ".join(parts) + (f", {when}" if when else "")
                + self.watched_note(lost)
                + "." + self._spread_words(lost[0], a, b))

    def _spread_words(self, o: str, a: Any, b: Any) -> str:
        """' Single communities vary: 90% of runs have 0 to 3.0
        products in use now with 1 year ..., and 2.0 to 9.0 with 4 years ...' (the spread
        across runs at both settings, from the summary), for a count; else ''."""
        s, axis = self.s, self.s.axis
        if s.meta[o].kind not in COUNTED_KINDS or s.percent(o):
            return ""
        reference = axis.other_levels[0] if axis.other else None
        spread = []
        for level in (a, b):
            row = self._summary_row(axis.point(level, reference), o)
            if not row["band_low"] < row["band_high"]:
                return ""  # no spread to tell
            spread.append(num(interval(row["band_low"], row["band_high"]),
                              ref("band", row["point"], o)) + self.out_of(o)
                          + f" with {axis.words.setting(level)}")
        opening = (" Single regions vary: 90% of simulated regions have " if s.region else
                   " Single communities vary: 90% of runs have ")
        return (opening
                + f"{spread[0].replace(' with ', f' {s.meta[o].label} with ', 1)}, and "
                f"{spread[1]}.")

    def buys_sentence(self, reference: Any, start: Any) -> str:
        """What the subsidy buys: the hours it paid and products in use (or realized value)
        per SUBSIDY_HOURS of them, at the first setting, where the main outcome levels off
        and at the last; then where that is most and least."""
        s, axis = self.s, self.s.axis
        table = s.per_subsidy
        if not len(table):
            return ""
        product = next(o for o in PER_SUBSIDY_OUTCOMES if o in set(table["outcome"]))
        levels = list(dict.fromkeys(v for v in (axis.levels[0], start, axis.levels[-1])
                                    if v is not None))
        parts = [f"with {axis.words.setting(level)}, "
                 + self._subsidy_words(axis.point(level, reference), product)
                 for level in levels if axis.point(level, reference) in set(table["point"])]
        if not parts:
            return ""
        under = self._under(reference).strip()
        return (f"What the subsidy buys{f' ({under})' if under else ''}: " + "; ".join(parts)
                + f" ({PER_SUBSIDY_WORDS[product]} counted {self.at(product)})."
                + self._most_per_subsidy(product, reference))

    def _subsidy_words(self, point: str, product: str) -> str:
        """"the subsidy paid about 12,000 hours of members' time, and there are 0.21
        products in use per 1,000 of them (likely range of the average 0.15 to 0.27)"."""
        rows = self.s.per_subsidy
        rows = rows[rows["point"] == point].set_index("outcome")
        r, h = rows.loc[product], rows.loc["subsidy_hours"]
        return ("the subsidy paid about "
                + num(number(h["mean"]), ref("per-subsidy", point, "subsidy_hours"))
                + " hours of members' time, and there are "
                + num(number(r["mean"]), ref("per-subsidy", point, product)) + " "
                + PER_SUBSIDY_WORDS[product] + f" per {SUBSIDY_HOURS:,} of them ({LIKELY} "
                "of the average " + num(interval(r["ci_low"], r["ci_high"]),
                                        ref("per-subsidy-ci", point, product)) + ")")

    def _most_per_subsidy(self, product: str, reference: Any) -> str:
        """Where `product` per subsidy hours is most and least along the axis (at the
        `reference` level of the second factor), pointing to the table with every setting.
        Settings whose averages round to the same shown value are named together as about
        equal, so a tie (0.453 against 0.454) is not read as a winner; where the likely
        ranges of the most and the least overlap, the order is said to need care."""
        axis, table = self.s.axis, self.s.per_subsidy
        points = {axis.point(level, reference): level for level in axis.levels}
        rows = table[(table["outcome"] == product) & table["point"].isin(list(points))]
        if rows["mean"].nunique() < 2:
            return ""
        shown = rows["mean"].map(number)
        top = rows[shown == number(rows["mean"].max())]
        bottom = rows[shown == number(rows["mean"].min())]
        opening = f" Per {SUBSIDY_HOURS:,} subsidy hours, {PER_SUBSIDY_WORDS[product]} are "
        tail = "; every setting is in the appendix table 'What the subsidy buys'."
        if len(top) == len(rows):
            return (opening + "about equal at every setting ("
                    + self._per_subsidy_value(top, product) + ")" + tail)
        overlap = ("; their likely ranges overlap, so read this order with care"
                   if top["ci_low"].max() <= bottom["ci_high"].min() else "")
        return (opening + self._per_subsidy_group("most", top, points, product) + " and "
                + self._per_subsidy_group("least", bottom, points, product) + overlap
                + tail)

    def _per_subsidy_group(self, which: str, rows: pd.DataFrame, points: dict[str, Any],
                           product: str) -> str:
        """"most with 3 years ... (0.45)", or for settings that round alike "most, about
        equally, with 1.5 years ... and 3 years ... (0.45 each)"."""
        names = [self.s.axis.words.setting(points[p]) for p in rows["point"]]
        if len(names) == 1:
            return f"{which} with {names[0]} (" + self._per_subsidy_value(rows, product) + ")"
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return (f"{which}, about equally, with {listed} ("
                + self._per_subsidy_value(rows, product) + " each)")

    @staticmethod
    def _per_subsidy_value(rows: pd.DataFrame, product: str) -> str:
        """The shown value of the first of `rows`, tied to its cell in the table."""
        first = rows.iloc[0]
        return num(number(first["mean"]), ref("per-subsidy", first["point"], product))

    def interaction_sentence(self, p: str) -> str:
        s, axis = self.s, self.s.axis
        rows = s.interactions[s.interactions["outcome"] == p]
        if not len(rows):
            return ""
        r = rows.iloc[-1]
        percent = s.percent(p)
        other = ParamWords(r["factor_b"])
        keys = (p, r["a_to"])
        verdict = (f"so the effect clearly depends on {other.label}" if self.clear(r) else
                   "within the uncertainty, so these runs do not show that the effect "
                   f"depends on {other.label}")
        return (f"Going {axis.words.change(r['a_from'], r['a_to'])} changes "
                f"{self.quantity(p)} by "
                + num(signed(r["effect_at_b_high"], percent), ref("inter-hi", *keys))
                + f" with {other.setting(r['b_high'])} and by "
                + num(signed(r["effect_at_b_low"], percent), ref("inter-lo", *keys))
                + f" with {other.setting(r['b_low'])}: a difference of "
                + num(signed(r["interaction"], percent), ref("inter", *keys))
                + f" ({LIKELY} "
                + num(diff_interval(r["ci_low"], r["ci_high"], percent),
                      ref("inter-ci", *keys)) + f"), {verdict}" + self.watched_note([p]) + ".")

    def value_sentence(self, o: str, start: Any) -> str:
        """A value outcome in both framings: at the end of each run and, from the weekly
        series, at a fixed date (or at the same time after funding ends). Settings still
        funded at a fixed date are named as such, not compared as if their funding length
        mattered there."""
        s, axis = self.s, self.s.axis
        words = axis.words
        reference = axis.other_levels[0] if axis.other else None
        first, last = axis.levels[0], axis.levels[-1]
        pf, pl = axis.point(first, reference), axis.point(last, reference)
        rows = s.summary[s.summary["outcome"] == o]
        if len(rows) and (rows["mean"] == 0).all() and (rows["ci_high"] == 0).all():
            return ""  # nothing was created anywhere: no sentence to write
        when = f", {self.at(o)}," if self.at(o) else ""
        text = (f"{_cap(self.quantity(o))}{when} is {self.mean(pf, o)} with "
                f"{words.setting(first)} and {self.mean(pl, o)} with {words.setting(last)}")
        framed = s.framed[s.framed["outcome"] == o] if len(s.framed) else s.framed
        if len(framed):
            text += self._framed_words(o, framed.set_index("point"), start, reference)
        elif s.framing.unequal_watch and s.meta[o].cumulative:
            text += (". It adds up over time and runs funded longer are watched longer, so "
                     "this is not a like-for-like comparison; to compare it at a fixed date, "
                     "list it among the weekly series the study keeps (the config's "
                     "`series`)")
        return text + "."

    def _framed_words(self, o: str, rows: pd.DataFrame, start: Any, reference: Any) -> str:
        """A value outcome at the other framing, at the first setting, where the main
        outcome levels off and the last. At a fixed date, the settings still funded then
        are read from each setting's own funding end (its funding years and follow-up):
        when they differ in how long they are funded, they are named as one group that
        cannot differ by funding length yet, with the first and last of its numbers;
        when they are all funded equally long, they compare like any other settings and
        are only marked as still funded."""
        s, axis = self.s, self.s.axis
        words = axis.words
        levels = list(dict.fromkeys(v for v in (axis.levels[0], start, axis.levels[-1])
                                    if v is not None))
        levels = [v for v in levels if axis.point(v, reference) in rows.index]
        if not levels:
            return ""
        funded = [v for v in still_funded_levels(s, reference)
                  if axis.point(v, reference) in rows.index]
        lengths = {s.framing.funding_end.get(axis.point(v, reference)) for v in funded}
        if len(lengths) > 1:
            return self._funded_group_words(o, rows, funded, reference)
        text = f"; {s.framing.other_short()} it is " + _join(
            [f"{self._at(o, rows, axis.point(v, reference))} with {words.setting(v)}"
             for v in levels])
        marked = [v for v in levels if v in funded]
        if marked == levels:
            text += (", both" if len(levels) == 2 else ", all") + " still funded then"
        elif marked:
            text += f" ({words.levels(marked)} still funded then)"
        return text

    def _funded_group_words(self, o: str, rows: pd.DataFrame, funded: list[Any],
                            reference: Any) -> str:
        """'; at a fixed date, ... it is X with 1 year ..., while every setting with 2.5
        years ... or more is still funded then, so the length of funding cannot make a
        difference there yet (Y with 2.5 years ... and Z with 5 years ...)': the settings
        funded then, which differ in funding length, as one group named by both ends."""
        s, axis = self.s, self.s.axis
        words = axis.words
        shown = [v for v in axis.levels if v not in funded
                 and axis.point(v, reference) in rows.index][:3]
        parts = [f"{self._at(o, rows, axis.point(v, reference))} with {words.setting(v)}"
                 for v in shown]
        text = (f"; {s.framing.other_short()} it is " + _join(parts) + ", while" if parts
                else f"; {s.framing.other_short()}")
        ends = list(dict.fromkeys((funded[0], funded[-1])))
        values = _join([f"{self._at(o, rows, axis.point(v, reference))} with "
                        f"{words.setting(v)}" for v in ends])
        return (text + f" every setting with {_from_words(words, funded, axis.levels)} is "
                "still funded then, so the length of funding cannot make a difference there "
                f"yet ({values})")

    def _at(self, o: str, rows: pd.DataFrame, point: str) -> str:
        percent = self.s.percent(o)
        r = rows.loc[point]
        if not percent and r["ci_low"] == r["ci_high"]:
            return num(number(r["mean"], percent), ref("framed", point, o)) + " (in every run)"
        return (num(number(r["mean"], percent), ref("framed", point, o))
                + f" ({LIKELY} " + num(interval(r["ci_low"], r["ci_high"], percent),
                                       ref("framed-ci", point, o)) + ")")

    # ------------------------------------------------------------ scenario studies
    def scenario_sentences(self) -> Answer:
        s = self.s
        p = self.primary()
        if p is None:
            return Answer([], notes=["No outcome was kept that the answer can use."])
        rows = s.summary[s.summary["outcome"] == p].dropna(subset=["mean"])
        sentences: list[tuple[str, bool]] = []  # (sentence, calls something clear)
        if len(rows):
            hi = rows.loc[rows["mean"].idxmax()]
            lo = rows.loc[rows["mean"].idxmin()]
            if hi["mean"] == lo["mean"]:
                sentences.append((f"{_cap(self.named_at(p))} is the same in "
                                  f"every scenario: {self.mean(hi['point'], p)}.", False))
            else:
                sentences.append((
                    f"{_cap(self.named_at(p))} is highest with "
                    f"{self.name(hi['point'])}: {self.mean(hi['point'], p)}, and lowest with "
                    f"{self.name(lo['point'])}: {self.mean(lo['point'], p)}"
                    + self.watched_note([p]) + ".", False))
        if len(s.compared):
            sentences.append(self.written(lambda: self.every_scenario_sentence(p)))
            value = self.value(exclude=[p])
            for o in self.readable(exclude=[p])[:1] + ([value] if value else []):
                c = s.compared[s.compared["outcome"] == o]
                clear = c[(c["ci_low"] > 0) | (c["ci_high"] < 0)]
                if not len(clear):
                    continue
                top = clear.reindex(clear["difference"].abs().sort_values(
                    ascending=False).index).head(2)
                parts = [f"with {self.name(r['point'])}, "
                         + self.difference("diff", r, o, o, r["point"])
                         for _, r in top.iterrows()]
                text = (f"Compared with {self.baseline_name()}, " + "; ".join(parts)
                        + self.watched_note([o]))
                if o == value:
                    text += self.framed_scenarios(o, [s.baseline, top.iloc[0]["point"]])
                sentences.append((text + ".", True))  # clear differences only
                if len(sentences) >= MAX_SENTENCES:
                    break
        return Answer(self.cautioned(sentences, "scenario"),
                      [p] + self.readable(exclude=[p])[:1])

    def every_scenario_sentence(self, p: str) -> str:
        """Every scenario against the baseline in the main outcome, clear or not, with the
        hours the subsidy paid more or less than in the baseline (when kept)."""
        compared = self.s.compared
        hours = compared[compared["outcome"] == "subsidy_hours"].set_index("point")
        parts = []
        for _, r in compared[compared["outcome"] == p].iterrows():
            extra = ("" if r["point"] not in hours.index else " (" + num(
                signed(hours.loc[r["point"], "difference"]),
                ref("diff", "subsidy_hours", r["point"])) + " subsidy hours)")
            parts.append(f"with {self.name(r['point'])}{extra}, "
                         + self.difference("diff", r, p, p, r["point"]))
        pairs = [(r["point"], self.s.baseline) for _, r in
                 compared[compared["outcome"] == p].iterrows()]
        return (f"Each scenario against {self.baseline_name()}: " + "; ".join(parts)
                + self.watched_note([p])
                + self.later_date_note(p, pairs, "the scenarios that end later") + ".")

    def name(self, point: str) -> str:
        return f"<i>{esc(self.s.labels.get(point, point))}</i>"

    def baseline_name(self) -> str:
        name = self.s.labels.get(self.s.baseline, self.s.baseline)
        return ("the baseline" if name.strip().lower() == "baseline" else
                f"the baseline, {self.name(self.s.baseline)}")

    def framed_scenarios(self, o: str, points: Sequence[str]) -> str:
        """A cumulative outcome of some scenarios at the other framing (a fixed date)."""
        framed = self.s.framed
        if not len(framed) or not self.s.meta[o].cumulative:
            return ""
        rows = framed[framed["outcome"] == o].set_index("point")
        if not all(p in rows.index for p in points):
            return ""
        percent = self.s.percent(o)
        parts = [num(number(rows.loc[p, "mean"], percent), ref("framed", p, o)) + f" ({LIKELY} "
                 + num(interval(rows.loc[p, "ci_low"], rows.loc[p, "ci_high"], percent),
                       ref("framed-ci", p, o)) + f") with {self.name(p)}" for p in points]
        return (f"; {self.s.framing.other_short()} {self.s.meta[o].label} is "
                + " and ".join(parts))

    # ------------------------------------------------------------ sampled studies
    def sample_sentences(self) -> Answer:
        s = self.s
        sentences = []
        p = self.primary()
        if p is None:
            return Answer([], notes=["No outcome was kept that the answer can use."])
        values = s.runs[p]
        ci = stats.outcome_ci(values, kind=s.kinds.get(p, stats.ANY))
        percent = s.percent(p)
        n_points = s.runs["point_index"].nunique()
        sentences.append(
            f"Across the {n_points} sampled settings ({len(s.runs)} runs), "
            f"{self.named_at(p)} is "
            + num(number(ci.value, percent), ref("overall", p)) + f" ({LIKELY} "
            + num(interval(ci.low, ci.high, percent), ref("overall-ci", p)) + ").")
        chosen = [p] + self.readable(exclude=[p])[:1] + [v for v in [self.value([p])] if v]
        chosen += [o for o in s.headline if o not in chosen and self.usable(o)]
        for o in chosen:
            if len(sentences) >= MAX_SENTENCES:
                break
            text = self.ranking(o)
            if text:
                sentences.append(text)
        return Answer(sentences, [p], notes=[self.single_runs_note()] if int(
            s.runs.groupby("point_index").size().max()) == 1 else [])

    def single_runs_note(self) -> str:
        """Why one run per sampled setting blurs the indices: the model is random, so each
        index also holds the chance differences between single communities, and a
        yes/no outcome is only 0 or 1 at a setting."""
        yes_no = [self.s.meta[o].label for o in self.s.headline if self.s.meta[o].yes_no]
        either = (f" (a yes/no outcome such as {yes_no[0]} is then 0% or 100% at each "
                  "setting)" if yes_no else "")
        return ("Each sampled setting ran once, so these indices also hold the chance "
                f"differences between single communities{either}; more replications per "
                "setting (replications in the config) would separate a setting's effect "
                "from chance.")

    def ranking(self, o: str) -> str:
        s = self.s
        if s.sensitivity.empty:
            return ""
        rows = s.sensitivity[(s.sensitivity["outcome"] == o)
                             & (s.sensitivity["index"] == s.main_index)]
        if not len(rows):
            return ""
        good = rows[rows["reliable"]].sort_values("value", ascending=False)
        if not len(good):
            return (f"The sample is too small to say which setting moves "
                    f"{self.quantity(o)} most: every estimate is too uncertain (a larger "
                    "sample would tell).")
        top = good.iloc[0]
        bad = rows[~rows["reliable"]]
        if top["value"] == 0:
            return self._zero_top(o, good, bad)
        larger = bad[bad["value"] > top["value"]]
        among = " among the settings whose effect is estimated well enough" if len(
            larger) else ""
        rest = [r for _, r in good.iloc[1:].iterrows()]
        level = [r for r in rest if r["value"] > 0 and stats.indices_overlap(top, r)]
        text = (f"What moves {self.quantity(o)} most{among} is "
                f"{ParamWords(top['parameter']).label}{self.size(o, top)}")
        if len(larger):
            names = _join([ParamWords(r["parameter"]).label for _, r in larger.iterrows()])
            estimate = "their estimates are" if len(larger) > 1 else "its estimate is"
            text += f" ({names} may move it more: {estimate} larger but too uncertain to rank)"
        named = [top["parameter"], *larger["parameter"]]
        if level:
            text += self._level_with(o, level)
            named += [r["parameter"] for r in level]
        elif rest and rest[0]["value"] > 0:
            second = rest[0]
            text += (f"; {ParamWords(second['parameter']).label} comes next"
                     f"{self.size(o, second)}")
            named.append(second["parameter"])
            between = bad[(bad["value"] > second["value"]) & (bad["value"] <= top["value"])]
            if len(between):  # larger than the second but not named above
                names = _join([ParamWords(r["parameter"]).label
                               for _, r in between.iterrows()])
                estimate = "their estimates are" if len(between) > 1 else "its estimate is"
                text += (f" among those estimated well enough ({names} may move it more: "
                         f"{estimate} larger but too uncertain to rank)")
                named += list(between["parameter"])
            tied = [r for r in rest[1:] if r["value"] > 0 and stats.indices_overlap(second, r)]
            if tied:
                text += self._level_with(o, tied)
                named += [r["parameter"] for r in tied]
        return text + self._rest_words(rows, good, rest, named) + "."

    def _zero_top(self, o: str, good: pd.DataFrame, bad: pd.DataFrame) -> str:
        """The ranking when the largest well-estimated index is exactly 0: a null result
        only when no uncertain estimate is above 0, otherwise an open question."""
        names = _join([ParamWords(r["parameter"]).label for _, r in good.iterrows()])
        does = "does" if len(good) == 1 else "do"
        others = f"for {len(bad)} other{'s' if len(bad) > 1 else ''} the estimate is too " \
                 "uncertain to tell"
        if not bad.empty and (bad["value"] > 0).any():
            # Only built-in zeros are "well estimated": no null result, an open question,
            # said as one thing (no "none of the settings moves it" after "cannot tell").
            many = len(bad) > 1
            return (f"The study cannot tell yet which settings move {self.quantity(o)}: "
                    f"{names} did not change it in these runs ({'each ' if len(good) > 1 else ''}"
                    "an index of exactly 0), "
                    f"but for {len(bad)} other setting{'s' if many else ''} the "
                    f"estimate{'s are' if many else ' is'} too uncertain to tell whether "
                    f"{'they do' if many else 'it does'}; more samples or replications "
                    "would settle it.")
        return (f"None of the settings whose effect is estimated well enough moves "
                f"{self.quantity(o)} in these runs ({names} {does} not)"
                + ("" if bad.empty else f"; {others}") + ".")

    def _rest_words(self, rows: pd.DataFrame, good: pd.DataFrame, rest: list[pd.Series],
                    named: list[str]) -> str:
        """The count of well-estimated settings not named and of uncertain ones."""
        text = ""
        left = [r for r in rest if r["parameter"] not in named]
        if left:
            moving = [r for r in left if r["value"] > 0]
            text += (f". {len(left)} other setting{'s' if len(left) > 1 else ''} whose "
                     f"effect is estimated well enough move{'' if len(left) > 1 else 's'} "
                     + ("it less" if len(moving) == len(left) else
                        "it less or not at all" if moving else "it not at all"))
        unreliable = int((~rows["reliable"] & ~rows["parameter"].isin(named)).sum())
        if unreliable:  # those not named already
            text += (f". For {unreliable} other setting{'s' if unreliable > 1 else ''} the "
                     "estimate is too uncertain to rank")
        return text

    def _level_with(self, o: str, rows: list[pd.Series]) -> str:
        """Settings whose likely ranges overlap the one just named: level, not ranked."""
        parts = [f"{ParamWords(r['parameter']).label}{self.size(o, r)}" for r in rows]
        return (f", level with {_join(parts)}: their likely ranges overlap, so "
                f"{'the two are' if len(rows) == 1 else 'these are'} not ranked against "
                "each other")

    def size(self, o: str, row: pd.Series) -> str:
        keys = (o, row["parameter"], self.s.main_index)
        value = num(number(row["value"]), ref("sens", *keys))
        conf = num(number(row["conf"]), ref("sens-conf", *keys))
        if self.s.main_index == "mu_star":
            meta = self.s.meta[o]
            unit = ("on a scale of 0 to 1" if meta.percent or meta.kind == outputs.LEVEL
                    else esc(meta.unit))
            return (f" (moving it across its sampled range changes it by about {value} "
                    f"{unit} on average, give or take {conf})")
        return (f" (it accounts for a share of about {value} of the differences between "
                f"runs, give or take {conf})")


def uncomputable_reason(config: ExperimentConfig, runs: pd.DataFrame, outcome: str) -> str:
    """Why a derived outcome of `config` has no value in any run of `runs`, in plain
    words, one sentence ("Share landed practice cannot be computed: products developed is
    0 in every run, so there is nothing to divide by."); "" when some run has a value or the
    outcome is not derived. Lets the answer say why instead of "n/a"."""
    derived = next((d for d in config.derived if d.name == outcome), None)
    if derived is None or outcome not in runs or runs[outcome].notna().any():
        return ""
    label = outputs.plain_label(outcome)
    columns = [t if t in runs else PARAM_PREFIX + t for t in derived.denominator]
    if all(c in runs for c in columns) and len(runs) and \
            (runs[columns].apply(pd.to_numeric, errors="coerce").fillna(0).sum(axis=1)
             == 0).all():
        below = " plus ".join(outputs.plain_label(t) for t in derived.denominator)
        verb = "are" if len(derived.denominator) > 1 else "is"
        return (f"{_cap(label)} cannot be computed: {below} {verb} 0 in every run, so "
                "there is nothing to divide by.")
    return f"{_cap(label)} cannot be computed: it has no value in any run."


def _primary(study: Study) -> str | None:
    """The answer's main outcome (see `_Writer.primary`)."""
    return _Writer(study).primary()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_answer(study: Study) -> Answer:
    """The plain-language answer to the study's question (see the module docstring)."""
    if not len(study.runs):
        return Answer([], notes=["No run finished, so there is no answer yet; see the "
                                 "failures in the appendix."])
    writer = _Writer(study)
    if isinstance(study.config.design, SampleDesign):
        answer = writer.sample_sentences()
    elif writer.nothing_varies():
        answer = writer.nothing_varies_sentence()
    elif study.axis is not None:
        answer = writer.axis_sentences()
    else:
        answer = writer.scenario_sentences()
    answer.sentences = answer.sentences[:MAX_SENTENCES]
    same = writer.constant_before(writer.primary())
    if same and answer.sentences:
        answer.notes.insert(0, "The same at every setting, so not what the answer leads "
                            "with: " + "; ".join(writer.constant_words(o) for o in same)
                            + ".")
    unknown = writer.frozen_unknown()
    if unknown and answer.sentences:
        names = ", ".join(study.meta[o].label for o in unknown)
        answer.notes.append(
            f"The study did not keep survival, so whether communities dissolved is not "
            f"known; a dissolved community keeps its last value of {names}.")
    if not writer.nothing_varies():  # there the sentence itself says why
        answer.notes += [why for why in (uncomputable_reason(study.config, study.runs, o)
                                         for o in study.headline) if why]
    pooled = region_pooling_sentence(study, [*study.headline])
    if pooled and answer.sentences:
        answer.notes.insert(0, pooled)
    left_out = writer.frozen_left_out()
    if left_out:
        names = ", ".join(study.meta[o].label for o in left_out)
        answer.notes.append(
            f"Left out of the answer: {names}. A community that dissolves keeps its last "
            f"value of {'these' if len(left_out) > 1 else 'this'} (its trust and relations "
            "stay as they were when it stopped), so where communities dissolve "
            f"{'they do' if len(left_out) > 1 else 'it does'} not compare like for like; the "
            "appendix tables still show "
            f"{'them' if len(left_out) > 1 else 'it'}.")
    return answer


def region_pooling_sentence(study: Study, names: Sequence[str]) -> str:
    """For a region study, which of `names` are totals over each region's communities and
    which averages (or made otherwise), in one sentence; "" for single communities."""
    if not study.region:
        return ""
    groups: dict[str, list[str]] = {}
    for name in names:
        how = outputs.region_pooling_words(name)
        if how and name in study.meta:
            groups.setdefault(how, []).append(study.meta[name].label)
    if not groups:
        return ""
    order = sorted(groups, key=lambda how: (not how.startswith(outputs.TOTAL),
                                            not how.startswith(outputs.AVERAGE), how))
    parts = [f"{_and(groups[how])} {'are' if _plural(groups[how]) else 'is'} "
             + (f"the {how}" if how.startswith((outputs.TOTAL, outputs.AVERAGE))
                else how) for how in order]
    return "Each number is for a whole region: " + "; ".join(parts) + "."


def _plural(labels: Sequence[str]) -> bool:
    """Whether plain names take "are": several, or one whose first word is a plural
    ("care organisations using a product", "members' paid hours", "people ...")."""
    head = [w.rstrip("'") for w in (labels[0].split()[:2] if labels else [])]
    return len(labels) > 1 or any(
        w == "people" or (w.endswith("s") and not w.endswith("ss")) for w in head)


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------- glossary
GLOSSARY: dict[str, str] = {
    "likely range": "The range in which the true average of the model's results lies "
                    "with 95% confidence (a 95% confidence interval). It narrows when the "
                    "study runs more communities. For a share of communities it is a "
                    "Wilson interval, which stays sensible even when all runs agree (0 of "
                    "6: 0% to 39%).",
    "clear difference": "A difference whose likely range lies wholly above or wholly "
                        "below zero. A difference whose range includes zero may be chance. "
                        "When many differences are compared at once (such as every step "
                        "between neighbouring settings), some ranges miss zero by chance "
                        "alone; then a difference is called clear only if it still stands "
                        "after allowing for how many were compared (Holm's correction), so "
                        "a difference whose range misses zero can still be 'not clear'.",
    "percentage points": "The difference between two percentages: from 20% to 65% is "
                         "+45 percentage points.",
    "spread across runs": "How differently single communities turn out: 90% of runs "
                          "fall between the 5th and 95th percentile. Unlike the likely "
                          "range it does not narrow with more runs.",
    "setting": "One combination of parameter values the study ran (statisticians call it "
               "a design point), each run many times with different random communities.",
    "baseline": "The setting the others are compared with.",
    "model value units": "The model's unit of value, not money: a product of quality 1 is "
                         "worth 1 unit when it lands; the capitals are scaled so that 1 "
                         "unit of each is worth about one good product (docs/ODD.md).",
    "experience units": "What members feel they gain each week (knowledge, trust, "
                        "meetings attended); 20 units of knowledge make 1 model value unit.",
    "level 0-1": "A score from 0 (none) to 1 (full), such as trust or psychological "
                 "safety.",
    "same time after funding ends": "A comparison of runs at the same distance from the "
                                    "end of their funding. Runs funded longer are then "
                                    "watched longer, so totals that add up over time "
                                    "favour them.",
    "fixed date": "A comparison of all runs at the same week after the start, whatever "
                  "their funding: the fair comparison for totals that add up over time.",
    "effect size (Cohen's d)": "The difference between two settings divided by the "
                               "typical spread of single runs: about 0.2 is small, 0.5 "
                               "medium, 0.8 large.",
    "chance to beat the baseline (Vargha-Delaney A)": "The probability that a run of a "
                                                      "setting has a higher value than a "
                                                      "run of the baseline; 0.5 means no "
                                                      "difference.",
    "paired by seed": "Every setting starts from the same random communities "
                      "(replication 1 from the same one everywhere, and so on), so "
                      "settings are compared community by community, which removes much "
                      "of the chance from a comparison.",
    "interaction": "Whether the effect of one setting depends on another: the effect at "
                   "the high level of the second minus the effect at its low level.",
    "sensitivity": "How strongly an outcome responds to each setting varied in a sample. "
                   "Morris mu*: the average size of the change when a setting moves; "
                   "Sobol ST and S1: the share of the differences between runs due to a "
                   "setting (with and without its interactions). An estimate outside 0-1 "
                   "beyond its range, or with a range wider than itself, is unreliable and "
                   "not ranked.",
    "model result": "What follows from the model's assumptions (docs/ODD.md), not a "
                    "measurement of real communities: read directions and sizes, not "
                    "exact values.",
}


def glossary_terms(study: Study) -> list[str]:
    """The glossary entries this study's report needs, in reading order."""
    terms = ["likely range", "clear difference", "setting", "spread across runs"]
    if any(study.percent(o) for o in study.headline):
        terms.append("percentage points")
    if study.baseline:
        terms.append("baseline")
    kinds = {study.meta[o].kind for o in study.headline if o in study.meta}
    if outputs.VALUE in kinds:
        terms.append("model value units")
    if outputs.EXPERIENCE in kinds:
        terms.append("experience units")
    if outputs.LEVEL in kinds:
        terms.append("level 0-1")
    terms += ["same time after funding ends", "fixed date"]
    if len(study.compared):
        terms += ["effect size (Cohen's d)", "chance to beat the baseline (Vargha-Delaney A)"]
    if study.paired:
        terms.append("paired by seed")
    if len(study.interactions):
        terms.append("interaction")
    if isinstance(study.config.design, SampleDesign):
        terms.append("sensitivity")
    terms.append("model result")
    return terms
