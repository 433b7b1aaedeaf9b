"""Every model parameter in one validated place: unit, range, default and source.

`Params` is the single source of parameter names. The CLI table, the dashboard
sliders and the experiment-config validation all read `Params.specs()`.
Seed files are cited by their number (000-004, see docs/ODD.md).
`lcsim.Assumptions` (the modeller's constants) is declared and validated the same way,
through `SpecifiedValues` and `Spec`.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from lcsim.calendar import weeks

# Rules a table can carry beyond its range (see `Spec.check`).
ORDERED, SHARES, POSITIVE_ROWS = "ordered", "shares", "positive rows"


class ParameterError(ValueError):
    """A parameter (or assumption) value outside its allowed range or of the wrong type."""


@dataclass(frozen=True)
class Spec:
    """Metadata of one parameter or assumption.

    A table (kind `tuple`) has a `shape`, and every number in it lies in [low, high];
    `check` adds one rule: ORDERED (each (low, high) pair has low <= high), SHARES (the
    numbers add up to 1) or POSITIVE_ROWS (each row adds up to more than 0).
    """

    name: str
    default: Any
    kind: type
    low: float
    high: float
    unit: str
    doc: str
    source: str
    group: str
    shape: tuple[int, ...] = ()
    check: str = ""
    noun: str = "parameter"
    label: str = ""  # plain name for reports and the dashboard, e.g. "external funding"

    @property
    def range_text(self) -> str:
        if self.kind is bool:
            return "true/false"
        if self.kind is tuple:
            size = "x".join(str(n) for n in self.shape)
            what = "numbers" if len(self.shape) == 1 else "table"
            rule = {ORDERED: ", each pair low <= high", SHARES: ", adding up to 1",
                    POSITIVE_ROWS: ", no row all 0"}.get(self.check, "")
            return f"{size} {what} in [{self.low:g}, {self.high:g}]{rule}"
        what = "whole number" if self.kind is int else "number"
        return f"{what} in [{self.low:g}, {self.high:g}]"

    @property
    def allowed(self) -> str:
        """What a value must be, after "must be": "a number in [0, 1]", "4 numbers in
        [0, 1]", "a 4x2 table in [0, 1], ...", "true or false"."""
        if self.kind is bool:
            return "true or false"
        text = self.range_text
        plural = text[0].isdigit() and " table " not in text
        return text if plural else f"a {text}"

    @property
    def default_text(self) -> str:
        """The default as tables show it; the rows of a table are separated by ' / '."""
        return table_text(self.default) if self.kind is tuple else str(self.default)


def table_text(table: Sequence[Any]) -> str:
    """A table of numbers as text: numbers between commas, rows between slashes
    ("0.6, 0.8 / 0.4, 0.6"), as `lcsim params` prints it and `lcsim run --set` reads it."""
    rows = table if table and isinstance(table[0], (list, tuple)) else (table,)
    return " / ".join(", ".join(f"{x:g}" for x in row) for row in rows)


def _param(default, low, high, unit, doc, source, group="model", check="", label=""):
    kind = type(default)
    return field(
        default=default,
        metadata={"low": low, "high": high, "unit": unit, "doc": doc, "source": source,
                  "group": group, "kind": kind, "check": check, "label": label},
    )


@functools.cache
def _specs_by_name(cls: type) -> dict[str, Spec]:
    """The specs of a `SpecifiedValues` dataclass by name, read once from its fields."""
    out = {}
    for f in dataclasses.fields(cls):
        m = f.metadata
        shape = _shape(f.default) if m["kind"] is tuple else ()
        out[f.name] = Spec(f.name, f.default, m["kind"], m["low"], m["high"], m["unit"],
                           m["doc"], m["source"], m["group"], shape, m["check"], cls.noun,
                           m.get("label", ""))
    return out


def _shape(table: tuple) -> tuple[int, ...]:
    """Shape of a table default: (n,) for a row of numbers, (rows, columns) for a table."""
    return (len(table), len(table[0])) if isinstance(table[0], tuple) else (len(table),)


class SpecifiedValues:
    """What `Params` and `Assumptions` share: specs read from the fields' metadata,
    validation on creation, and building from plain values with one-line errors.

    Subclasses are frozen dataclasses whose fields are declared with `_param`; `noun`
    names a value in messages ("parameter 'x' must be ...").
    """

    noun: ClassVar[str] = "parameter"
    _kinds: ClassVar[list[type[SpecifiedValues]]] = []  # every subclass (Params, Assumptions)

    def __post_init__(self) -> None:
        for spec in self.specs():
            _check(spec, getattr(self, spec.name))

    @classmethod
    def specs(cls) -> list[Spec]:
        """Metadata of every value, in declaration order."""
        return list(_specs_by_name(cls).values())

    @classmethod
    def spec(cls, name: str) -> Spec:
        """Metadata of one value; raises ParameterError for an unknown name."""
        try:
            return _specs_by_name(cls)[name]
        except KeyError:
            raise ParameterError(cls._unknown(name)) from None

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def _unknown(cls, name: str) -> str:
        """The message for an unknown name, one line: the closest known name (as the CLI
        and configs suggest it), or where it belongs if it is a value of the other kind (an
        assumption given as a parameter or the other way round), else every known name or,
        if there are many, where they are listed."""
        known = cls.names()
        listing = "`lcsim params`" if cls.noun == "parameter" else \
            f"`lcsim params --{cls.noun}s`"
        other = cls._other_kind()
        if other is not None and name in other.names():
            table = "the assumptions (assumptions={...} in Python, [assumptions] in a " \
                "config)" if other.noun == "assumption" else \
                "the parameters (keywords in Python, [base] in a config)"
            article = "an" if cls.noun[0] in "aeiou" else "a"
            return (f"unknown {cls.noun} {name!r}: it is a model {other.noun}, not "
                    f"{article} {cls.noun}; give it with {table}")
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        if close:
            return (f"unknown {cls.noun} {name!r} (did you mean {close[0]!r}?); {listing} "
                    f"lists all {len(known)}")
        if len(known) <= 50:
            return f"unknown {cls.noun} {name!r}; known: {', '.join(sorted(known))}"
        return f"unknown {cls.noun} {name!r}; {listing} lists all {len(known)}"

    @classmethod
    def _other_kind(cls) -> type[SpecifiedValues] | None:
        """The other kind of specified values (Assumptions for Params and back), whose
        names an unknown name may belong to; None unless there is exactly one."""
        others = [kind for kind in SpecifiedValues._kinds
                  if not issubclass(cls, kind) and not issubclass(kind, cls)]
        return others[0] if len(others) == 1 else None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        SpecifiedValues._kinds.append(cls)  # known to each other without importing

    def replace(self, **changes: Any):
        """A copy with some values changed (validated, unknown names rejected)."""
        return self.from_dict({**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = ""):
        """Build from plain values, coercing ints, floats and lists; errors name `where`."""
        known = set(cls.names())
        prefix = f"{where}: " if where else ""
        unknown = [k for k in values if k not in known]
        if unknown:
            raise ParameterError(f"{prefix}{cls._unknown(unknown[0])}")
        coerced = {}
        for name, value in values.items():
            try:
                coerced[name] = coerce(cls.spec(name), value)
            except ParameterError as err:
                raise ParameterError(f"{prefix}{err}") from None
        try:
            return cls(**coerced)
        except ParameterError as err:
            raise ParameterError(f"{prefix}{err}") from None


@dataclass(frozen=True)
class Params(SpecifiedValues):
    """All parameters of a learning-community run; values are checked on creation."""

    # --- size and composition -------------------------------------------------
    n_participants: int = _param(
        30, 6, 5000, "persons",
        "Members of the learning community at the start (all five roles).",
        "003 §3.3 (teams of 8-12 per theme); assumption: ~3 themes",
        "composition", label="members at the start")
    n_organisations: int = _param(
        8, 3, 1000, "organisations",
        "Home organisations (university, schools, care organisations, client council).",
        "000 opening section (seven ways organisations differ); count assumed", "composition",
        label="home organisations")
    contacts_per_participant: int = _param(
        24, 4, 200, "persons",
        "Potential collaborators per member; the community is complete when smaller than this.",
        "assumption: keeps the tie network sparse at region scale", "composition",
        label="potential collaborators per member")

    n_communities: int = _param(
        1, 1, 500, "communities",
        "Learning communities in a regional ecosystem (1 = a single community).",
        "MODEL_BRIEF §6; 004 (16 learning networks in one programme)", "composition",
        label="communities in the region")
    shared_member_share: float = _param(
        0.1, 0.0, 0.5, "share of members",
        "In an ecosystem, share of each community's members who also sit in the next one.",
        "000 §1 (many 'petten': people serve several communities); assumption",
        "composition", label="members shared with the next community")

    # --- funding horizon (user lever) -----------------------------------------
    funding_years: float = _param(
        4.0, 0.0, 15.0, "years",
        "Years of external funding that pay members' time to take part.",
        "003 §2.5 (subsidy end often ends the learning community); 000 (SPREAD+ runs 4.5 "
        "years); 001 cond. 8",
        "funding", label="external funding")
    weeks_after_funding: int = _param(
        104, 0, 780, "weeks",
        "Observation window after all funding (external and follow-up) ends.",
        "design choice: two years to see survival", "funding",
        label="observation after funding ends")
    external_coverage: float = _param(
        0.7, 0.0, 1.0, "share of time",
        "Share of members' participation time paid by external funding while it runs.",
        "004 (time and means), 000 (external funding mode)", "funding",
        label="time paid by the subsidy")
    fixed_contribution_share: float = _param(
        0.1, 0.0, 1.0, "share of time",
        "Share of participation time paid by partners' fixed contributions, always.",
        "000 (three funding modes: fixed contributions)", "funding",
        label="time paid by partners' fixed contributions")
    in_kind_share: float = _param(
        0.15, 0.0, 1.0, "share of time",
        "Share of participation time home organisations give in kind, always.",
        "000 (three funding modes: in kind); 004 (time and means)", "funding",
        label="time given in kind")
    follow_up_years: float = _param(
        0.0, 0.0, 10.0, "years",
        "Follow-up funding granted when external funding ends (0 = none); it pays "
        "follow_up_coverage of members' time, a smaller grant than the subsidy.",
        "003 §2.5, §3.5 (verduurzamen)", "funding", label="follow-up funding")
    follow_up_coverage: float = _param(
        0.4, 0.0, 1.0, "share of time",
        "Share of participation time follow-up funding pays (bridging grants are smaller).",
        "003 §3.5 (verduurzamen); assumption: a bridging grant pays less than the subsidy",
        "funding", label="time paid by follow-up funding")
    structural_embedding: float = _param(
        0.5, 0.0, 1.0, "share of time",
        "How far home organisations take over members' time once the learning community "
        "proved its value.",
        "001 promoting factor 'Inbedding van de samenwerking in de organisatie of beleid'; "
        "003 §3.5 (borging)", "funding",
        label="take-over of members' time by their organisations")

    # --- the seven lessons of 000 as levers ------------------------------------
    alignment: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 1: continuous alignment of differences and interests.",
        "000 lesson 1; 001 cond. 2-3", "lessons",
        label="aligning differences and interests (lesson 1)")
    participation_policy: float = _param(
        0.0, 0.0, 1.0, "intensity",
        "Lesson 2: a clear policy to involve mbo staff and people with dementia early and fully.",
        "000 lesson 2, Tekstbox 3", "lessons", label="participation policy (lesson 2)")
    bridge_builder_investment: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 3: investment in bridge-builders' soft skills and in refilling their post.",
        "000 lesson 3, Tekstbox 4", "lessons", label="investing in bridge-builders (lesson 3)")
    creative_work_forms: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 4: variety of work forms fitted to members' situations (stand-ups, webinars...).",
        "000 lesson 4; 003 §3.4; 004 (casusbespreking)", "lessons",
        label="creative work forms (lesson 4)")
    product_landing: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 5: time spent making products accessible and findable and keeping landed "
        "products fitted and up to date, as a share of the most a community gives to it; "
        "it is taken from project work.",
        "000 lesson 5, §3", "lessons", label="helping products land (lesson 5)")
    value_all_perspectives: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 6: a learning attitude that values every kind of knowledge.",
        "000 lesson 6", "lessons", label="valuing every kind of knowledge (lesson 6)")
    embrace_failure: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 7: reflecting together on successes and failures.",
        "000 lesson 7", "lessons", label="learning from failure (lesson 7)")

    # --- bridge-builders (user lever) ------------------------------------------
    n_bridge_builders: int = _param(
        1, 0, 50, "persons",
        "Members who hold the bridge-builder function at the start.",
        "000 lesson 3, 'Werken aan verbinding'; 001 (linking pins, project leader); 003 §2.4",
        "bridge_builders", label="bridge-builders")
    bb_skill: float = _param(
        0.6, 0.0, 1.0, "level",
        "Mean level of the five soft skills of a new bridge-builder.",
        "000 Tekstbox 4", "bridge_builders", label="bridge-builders' skill")
    bb_presence: float = _param(
        0.6, 0.0, 1.0, "share of weeks",
        "On-site presence of bridge-builders (seconded ones are rarely on site).",
        "000 §2 ('beperkt aanwezig op locatie')", "bridge_builders",
        label="bridge-builders' presence on site")
    bb_decision_authority: float = _param(
        0.0, 0.0, 1.0, "level",
        "Decision authority of bridge-builders (outside hierarchies: none by default).",
        "000 §2 ('niet bevoegd zijn om beslissingen te maken')", "bridge_builders",
        label="bridge-builders' decision authority")
    bb_team: bool = _param(
        False, 0, 1, "flag",
        "Bridge-builders work as an innovation team that pools skills, not solo.",
        "000 lesson 3 (innovatieteams)", "bridge_builders", label="bridge-builders work as a team")

    # --- governance: project leader, decision-makers -------------------------------
    leader_quality: float = _param(
        0.5, 0.0, 1.0, "level",
        "Quality of the project (consortium) leader, an educator or researcher who guards "
        "the goal, connects and makes a trusted environment (0 = no leader post).",
        "003 §3.2 e (consortium leader 'zeer bepalend'); 004 insight 6 (projectleider "
        "onmisbaar); 001 'Persoonlijke relaties'", "governance",
        label="quality of the project leader")
    management_involvement: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "How far managers and decision-makers of the partner organisations are involved in "
        "the learning community (their backing decides landing and take-over of members' time).",
        "003 §3.2 c (beslissingsbevoegd of toegang tot de beslissers), §3.5 h; 004 insight 2",
        "governance", label="involvement of managers and decision-makers")

    # --- stereotyping (user lever) -----------------------------------------------
    stereotype_strength: float = _param(
        0.5, 0.0, 1.0, "level",
        "How strongly groups discount each other's knowledge at the start.",
        "000 §3 and lesson 6; 003 §2.4 (negative patterns)", "stereotypes",
        label="initial stereotyping")
    contact_effect: float = _param(
        0.02, 0.0, 0.2, "per contact",
        "Stereotype reduction per good equal-status contact (intergroup contact).",
        "Allport 1954; Pettigrew & Tropp 2006; calibrated", "stereotypes",
        label="stereotype reduction per good contact")

    # --- trust ---------------------------------------------------------------------
    initial_trust: float = _param(
        0.2, 0.0, 1.0, "level",
        "Trust between members who have not worked together before.",
        "003 §2.4 (trust must be built; new learning community); 001 cond. 5", "trust",
        label="trust between new colleagues")
    prior_collaboration: float = _param(
        0.1, 0.0, 1.0, "share of ties",
        "Share of ties with earlier successful collaboration, starting at higher trust.",
        "001 cond. 5 ('eerdere succesvolle samenwerkingen')", "trust",
        label="ties from earlier collaboration")
    trust_gain: float = _param(
        0.1, 0.0, 0.5, "per good experience",
        "Step towards full trust after a good shared experience.",
        "003 §3.4 Afwegingskader vertrouwen; calibrated", "trust",
        label="trust gained per good experience")
    trust_loss: float = _param(
        0.25, 0.0, 0.9, "per bad experience",
        "Share of trust lost after a bad experience (lost faster than built).",
        "001 cond. 5; Slovic 1993 (asymmetry); calibrated", "trust",
        label="trust lost per bad experience")

    # --- membership, climate, participation ---------------------------------------
    turnover_rate: float = _param(
        0.15, 0.0, 0.8, "fraction per year",
        "Members who leave their job each year; their seat stays empty until someone is sent.",
        "000 'Werken aan verbinding' (personeelsverloop); rate is an assumption", "membership",
        label="job turnover")
    psychological_safety: float = _param(
        0.5, 0.0, 1.0, "level",
        "Psychological safety the facilitator establishes; the climate moves towards it.",
        "003 §2.4 (constructive climate); 000 lesson 7", "climate",
        label="psychological safety set by the facilitator")
    landing_places: int = _param(
        3, 0, 100, "places",
        "Pilots (practice) and minors (education) open to new products at one time.",
        "000 lesson 5 (minoren, pilots)", "products", label="landing places for products")
    product_effort: float = _param(
        20.0, 0.5, 200.0, "combined-knowledge units",
        "Combined knowledge a project needs to turn into one product.",
        "assumption, calibrated: a product every few months in a working learning "
        "community", "products",
        label="work per product")
    realization_lag_weeks: int = _param(
        13, 0, 104, "weeks",
        "Weeks of use before a landed product starts to change performance (realized value).",
        "assumption (003 §2.3: realized value needs use in practice); calibrated", "products",
        label="waiting before a landed product pays off")
    learning_on_the_job: float = _param(
        0.5, 0.0, 1.0, "share",
        "Share of the training for a landed product given on the job in its pilot rather "
        "than in formal courses.",
        "002 Les 3 (informal learning lands better), Les 5 (couple learning to pilots)",
        "products", label="learning on the job in pilots")

    def replace(self, **changes: Any) -> Params:
        """A copy with some values changed (validated, unknown names rejected)."""
        return super().replace(**changes)

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = "") -> Params:
        """Build from plain values, coercing ints/floats; errors name `where` if given."""
        return super().from_dict(values, where=where)

    @property
    def total_weeks(self) -> int:
        """Weeks in a run: the funding horizon, any follow-up, then the observation window."""
        return (weeks(self.funding_years) + weeks(self.follow_up_years)
                + self.weeks_after_funding)


def coerce(spec: Spec, value: Any) -> Any:
    """Convert a plain value (numpy scalar or array, TOML int, list) to the value's type."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if spec.kind is bool:
        if isinstance(value, bool) or value in (0, 1):
            return bool(value)
    elif spec.kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif spec.kind is float and _is_number(value):
        return float(value)
    elif spec.kind is tuple:
        table = _as_table(value, spec.shape)
        if table is not None:
            return table
    raise ParameterError(_must_be(spec, value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_table(value: Any, shape: tuple[int, ...]) -> tuple | None:
    """`value` as nested tuples of floats of the given shape, or None if it does not fit."""
    if not isinstance(value, (list, tuple)) or len(value) != shape[0]:
        return None
    if len(shape) == 1:
        return tuple(float(x) for x in value) if all(_is_number(x) for x in value) else None
    rows = [_as_table(row, shape[1:]) for row in value]
    return None if any(row is None for row in rows) else tuple(rows)


def _must_be(spec: Spec, value: Any) -> str:
    return (f"{spec.noun} {spec.name!r} must be {spec.allowed} ({spec.unit}); got "
            f"{value!r}{quoted_number_hint(spec.name, spec.kind, value)}")


def quoted_number_hint(name: str, kind: type, value: Any, allowed: str = "") -> str:
    """How to write a number given as text ("4,5", "4.5", "3") for the key `name` of type
    `kind`, as "; ..."; '' for any other value. A decimal comma gets "write decimals with a
    point", except for a whole number, which has no decimals. `allowed` (e.g. "a whole
    number from 1 to 100000") replaces the plain "a whole number"."""
    if not isinstance(value, str) or kind not in (int, float):
        return ""
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", text):
        return ""
    if kind is int and not text.lstrip("+-").isdigit():
        return (f"; {name} is {allowed or 'a whole number'}: write it without quotes, and "
                "without a comma or point")
    fixed = text.replace(",", ".")
    if "," in text:
        return f"; write decimals with a point, without quotes ({name} = {fixed})"
    return f"; write numbers without quotes ({name} = {fixed})"


def _check(spec: Spec, value: Any) -> None:
    if spec.kind is tuple:
        _check_table(spec, value)
        return
    ok_type = (isinstance(value, bool) if spec.kind is bool else
               isinstance(value, spec.kind) and not isinstance(value, bool))
    if spec.kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok_type = True
    if not ok_type or (spec.kind is not bool and not spec.low <= value <= spec.high):
        raise ParameterError(_must_be(spec, value))


def _check_table(spec: Spec, value: Any) -> None:
    """A table is nested tuples of numbers of the spec's shape, each in [low, high], that
    meet the spec's `check`."""
    if not isinstance(value, tuple) or _as_table(value, spec.shape) is None:
        raise ParameterError(_must_be(spec, value))
    rows = value if len(spec.shape) == 2 else (value,)
    ok = all(spec.low <= x <= spec.high for row in rows for x in row)
    if spec.check == ORDERED:
        ok = ok and all(row[0] <= row[1] for row in rows)
    elif spec.check == SHARES:
        ok = ok and math.isclose(sum(x for row in rows for x in row), 1.0, abs_tol=1e-9)
    elif spec.check == POSITIVE_ROWS:
        ok = ok and all(sum(row) > 0 for row in rows)
    if not ok:
        raise ParameterError(_must_be(spec, value))


def specs_table(specs: list[Spec], max_width: int | None = None) -> str:
    """A plain-text table of specs: name, default, range, unit, meaning, source.

    Columns are as wide as their widest cell, or `max_width` if given: wider cells (such as
    the defaults of tables) wrap onto the following lines inside their column, so every
    column stays aligned. Meaning and source follow on the row's first line.
    """
    labelled = any(s.label for s in specs)
    rows = [("name", "default", "range", "unit", "meaning", "source")]
    for s in specs:
        meaning = f"{s.label}: {s.doc}" if labelled and s.label else s.doc
        rows.append((s.name, s.default_text, s.range_text, s.unit, meaning, s.source))
    widths = [min(max(len(r[i]) for r in rows), max_width or 10**6) for i in range(4)]
    lines = []
    for r in rows:
        cells = [textwrap.wrap(r[i], widths[i], break_on_hyphens=False) or [""]
                 for i in range(4)]
        for depth in range(max(len(c) for c in cells)):
            head = "  ".join((c[depth] if depth < len(c) else "").ljust(w)
                             for c, w in zip(cells, widths, strict=True))
            lines.append(f"{head}  {r[4]}  [{r[5]}]" if depth == 0 else head.rstrip())
    return "\n".join(lines)


def specs_markdown(specs: list[Spec]) -> str:
    """Specs as a Markdown table: name, default, range, unit, meaning, source."""
    lines = ["| name | default | range | unit | meaning | source |",
             "|---|---|---|---|---|---|"]
    for s in specs:
        lines.append(f"| `{s.name}` | {s.default_text} | {s.range_text} | {s.unit} | {s.doc} "
                     f"| {s.source} |")
    return "\n".join(lines)


def params_table() -> str:
    """A plain-text table of every parameter: name, default, range, unit, meaning, source."""
    return specs_table(Params.specs())


def params_markdown() -> str:
    """The parameter table as Markdown (used in docs/ODD.md)."""
    return specs_markdown(Params.specs())
