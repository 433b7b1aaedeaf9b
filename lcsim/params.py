"""Every model parameter in one validated place: unit, range, default and source.

`Params` is the single source of parameter names. The CLI table, the dashboard
sliders and the experiment-config validation all read `Params.specs()`.
Seed files are cited by their number (000-004, see docs/ODD.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


class ParameterError(ValueError):
    """A parameter value outside its allowed range or of the wrong type."""


@dataclass(frozen=True)
class Spec:
    """Metadata of one parameter."""

    name: str
    default: Any
    kind: type
    low: float
    high: float
    unit: str
    doc: str
    source: str
    group: str

    @property
    def range_text(self) -> str:
        if self.kind is bool:
            return "true/false"
        return f"{self.kind.__name__} in [{self.low:g}, {self.high:g}]"


def _param(default, low, high, unit, doc, source, group="model"):
    kind = type(default)
    return field(
        default=default,
        metadata={"low": low, "high": high, "unit": unit, "doc": doc, "source": source,
                  "group": group, "kind": kind},
    )


@dataclass(frozen=True)
class Params:
    """All parameters of a learning-community run; values are checked on creation."""

    # --- size and composition -------------------------------------------------
    n_participants: int = _param(
        30, 6, 5000, "persons",
        "Members of the learning community at the start (all five roles).",
        "003 §3.3 (teams of 8-12 per theme); assumption: ~3 themes",
        "composition")
    n_organisations: int = _param(
        8, 3, 1000, "organisations",
        "Home organisations (university, schools, care organisations, client council).",
        "000 opening section (seven ways organisations differ); count assumed", "composition")
    contacts_per_participant: int = _param(
        24, 4, 200, "persons",
        "Potential collaborators per member; the community is complete when smaller than this.",
        "assumption: keeps the tie network sparse at region scale", "composition")

    n_communities: int = _param(
        1, 1, 500, "communities",
        "Learning communities in a regional ecosystem (1 = a single community); use "
        "lcsim.RegionModel or lcsim.build_model when above 1.",
        "MODEL_BRIEF §6; 004 (16 learning networks in one programme)", "composition")
    shared_member_share: float = _param(
        0.1, 0.0, 0.5, "share of members",
        "In an ecosystem, share of each community's members who also sit in the next one.",
        "000 §1 (many 'petten': people serve several communities); assumption",
        "composition")

    # --- funding horizon (user lever) -----------------------------------------
    funding_years: float = _param(
        4.0, 0.0, 15.0, "years",
        "Years of external funding that pay members' time to take part.",
        "003 §2.5 (subsidy end often ends the LC); 000 (SPREAD+ runs 4.5 years); 001 cond. 8",
        "funding")
    weeks_after_funding: int = _param(
        104, 0, 780, "weeks",
        "Observation window after external funding ends.",
        "design choice: two years to see survival", "funding")
    external_coverage: float = _param(
        0.7, 0.0, 1.0, "share of time",
        "Share of members' participation time paid by external funding while it runs.",
        "004 (time and means), 000 (external funding mode)", "funding")
    fixed_contribution_share: float = _param(
        0.1, 0.0, 1.0, "share of time",
        "Share of participation time paid by partners' fixed contributions, always.",
        "000 (three funding modes: fixed contributions)", "funding")
    in_kind_share: float = _param(
        0.15, 0.0, 1.0, "share of time",
        "Share of participation time home organisations give in kind, always.",
        "000 (three funding modes: in kind); 004 (time and means)", "funding")
    follow_up_years: float = _param(
        0.0, 0.0, 10.0, "years",
        "Follow-up funding granted when external funding ends (0 = none).",
        "003 §2.5, §3.5 (verduurzamen)", "funding")
    follow_up_coverage: float = _param(
        0.4, 0.0, 1.0, "share of time",
        "Share of participation time follow-up funding pays (bridging grants are smaller).",
        "003 §3.5 (verduurzamen); assumption: a bridging grant pays less than the subsidy",
        "funding")
    structural_embedding: float = _param(
        0.5, 0.0, 1.0, "share of time",
        "How far home organisations take over members' time once the LC proved its value.",
        "001 'inbedding in organisatie of beleid'; 003 §3.5 (borging)", "funding")

    # --- the seven lessons of 000 as levers ------------------------------------
    alignment: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 1: continuous alignment of differences and interests.",
        "000 lesson 1; 001 cond. 2-3", "lessons")
    participation_policy: float = _param(
        0.0, 0.0, 1.0, "intensity",
        "Lesson 2: a clear policy to involve mbo staff and people with dementia early and fully.",
        "000 lesson 2, Tekstbox 3", "lessons")
    bridge_builder_investment: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 3: investment in bridge-builders' soft skills and in refilling their post.",
        "000 lesson 3, Tekstbox 4", "lessons")
    creative_work_forms: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 4: variety of work forms fitted to members' situations (stand-ups, webinars...).",
        "000 lesson 4; 003 §3.4; 004 (casusbespreking)", "lessons")
    product_landing: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 5: effort to make products accessible, findable and fitted to a landing place.",
        "000 lesson 5", "lessons")
    value_all_perspectives: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 6: a learning attitude that values every kind of knowledge.",
        "000 lesson 6", "lessons")
    embrace_failure: float = _param(
        0.5, 0.0, 1.0, "intensity",
        "Lesson 7: reflecting together on successes and failures.",
        "000 lesson 7", "lessons")

    # --- bridge-builders (user lever) ------------------------------------------
    n_bridge_builders: int = _param(
        1, 0, 50, "persons",
        "Members who hold the bridge-builder function at the start.",
        "000 lesson 3, 'Werken aan verbinding'; 001 (linking pins, project leader); 003 §2.4",
        "bridge_builders")
    bb_skill: float = _param(
        0.6, 0.0, 1.0, "level",
        "Mean level of the five soft skills of a new bridge-builder.",
        "000 Tekstbox 4", "bridge_builders")
    bb_presence: float = _param(
        0.6, 0.0, 1.0, "share of weeks",
        "On-site presence of bridge-builders (seconded ones are rarely on site).",
        "000 §2 ('beperkt aanwezig op locatie')", "bridge_builders")
    bb_decision_authority: float = _param(
        0.0, 0.0, 1.0, "level",
        "Decision authority of bridge-builders (outside hierarchies: none by default).",
        "000 §2 ('niet bevoegd om beslissingen te maken')", "bridge_builders")
    bb_team: bool = _param(
        False, 0, 1, "flag",
        "Bridge-builders work as an innovation team that pools skills, not solo.",
        "000 lesson 3 (innovatieteams)", "bridge_builders")

    # --- stereotyping (user lever) -----------------------------------------------
    stereotype_strength: float = _param(
        0.5, 0.0, 1.0, "level",
        "How strongly groups discount each other's knowledge at the start.",
        "000 §3 and lesson 6; 003 §2.4 (negative patterns)", "stereotypes")
    contact_effect: float = _param(
        0.02, 0.0, 0.2, "per contact",
        "Stereotype reduction per good equal-status contact (intergroup contact).",
        "Allport 1954; Pettigrew & Tropp 2006; calibrated", "stereotypes")

    # --- trust ---------------------------------------------------------------------
    initial_trust: float = _param(
        0.2, 0.0, 1.0, "level",
        "Trust between members who have not worked together before.",
        "003 §2.4 (trust must be built; new LC); 001 cond. 5", "trust")
    prior_collaboration: float = _param(
        0.1, 0.0, 1.0, "share of ties",
        "Share of ties with earlier successful collaboration, starting at higher trust.",
        "001 cond. 5 ('eerdere succesvolle samenwerkingen')", "trust")
    trust_gain: float = _param(
        0.1, 0.0, 0.5, "per good experience",
        "Step towards full trust after a good shared experience.",
        "003 §3.4 Afwegingskader vertrouwen; calibrated", "trust")
    trust_loss: float = _param(
        0.25, 0.0, 0.9, "per bad experience",
        "Share of trust lost after a bad experience (lost faster than built).",
        "001 cond. 5; Slovic 1993 (asymmetry); calibrated", "trust")

    # --- membership, climate, participation ---------------------------------------
    turnover_rate: float = _param(
        0.15, 0.0, 0.8, "fraction per year",
        "Members who leave their job each year; their seat stays empty until someone is sent.",
        "000 'Werken aan verbinding' (personeelsverloop); rate is an assumption", "membership")
    psychological_safety: float = _param(
        0.5, 0.0, 1.0, "level",
        "Psychological safety the facilitator establishes; the climate moves towards it.",
        "003 §2.4 (constructive climate); 000 lesson 7", "climate")
    landing_places: int = _param(
        3, 0, 100, "places",
        "Pilots (practice) and minors (education) open to new products at one time.",
        "000 lesson 5 (minoren, pilots)", "products")
    product_effort: float = _param(
        20.0, 0.5, 200.0, "combined-knowledge units",
        "Combined knowledge a project needs to turn into one product.",
        "assumption, calibrated: a product every few months in a working LC", "products")
    realization_lag_weeks: int = _param(
        13, 0, 104, "weeks",
        "Weeks of use before a landed product starts to change performance (realized value).",
        "assumption (003 §2.3: realized value needs use in practice); calibrated", "products")

    def __post_init__(self) -> None:
        for spec in self.specs():
            value = getattr(self, spec.name)
            _check(spec, value)

    @classmethod
    def specs(cls) -> list[Spec]:
        """Metadata of every parameter, in declaration order."""
        out = []
        for f in dataclasses.fields(cls):
            m = f.metadata
            out.append(Spec(f.name, f.default, m["kind"], m["low"], m["high"], m["unit"],
                            m["doc"], m["source"], m["group"]))
        return out

    @classmethod
    def spec(cls, name: str) -> Spec:
        """Metadata of one parameter; raises ParameterError for an unknown name."""
        for s in cls.specs():
            if s.name == name:
                return s
        raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(cls.names())}")

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    def replace(self, **changes: Any) -> Params:
        """A copy with some values changed (validated, unknown names rejected)."""
        return self.from_dict({**self.to_dict(), **changes})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = "") -> Params:
        """Build from plain values, coercing ints/floats; errors name `where` if given."""
        known = set(cls.names())
        prefix = f"{where}: " if where else ""
        unknown = [k for k in values if k not in known]
        if unknown:
            raise ParameterError(
                f"{prefix}unknown parameter {unknown[0]!r}; known: {', '.join(sorted(known))}")
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

    @property
    def total_weeks(self) -> int:
        """Weeks in a run: the funding horizon, any follow-up, then the observation window."""
        return (int(round(52 * self.funding_years)) + int(round(52 * self.follow_up_years))
                + self.weeks_after_funding)


def coerce(spec: Spec, value: Any) -> Any:
    """Convert a plain value (e.g. numpy scalar, TOML int) to the parameter's type."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if spec.kind is bool:
        if isinstance(value, bool) or value in (0, 1):
            return bool(value)
    elif spec.kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif spec.kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise ParameterError(
        f"parameter {spec.name!r} must be {spec.range_text} ({spec.unit}); got {value!r}")


def _check(spec: Spec, value: Any) -> None:
    ok_type = (isinstance(value, bool) if spec.kind is bool else
               isinstance(value, spec.kind) and not isinstance(value, bool))
    if spec.kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok_type = True
    if not ok_type or (spec.kind is not bool and not spec.low <= value <= spec.high):
        raise ParameterError(
            f"parameter {spec.name!r} must be {spec.range_text} ({spec.unit}); got {value!r}")


def params_table() -> str:
    """A plain-text table of every parameter: name, default, range, unit, meaning, source."""
    rows = [("name", "default", "range", "unit", "meaning", "source")]
    for s in Params.specs():
        rows.append((s.name, str(s.default), s.range_text, s.unit, s.doc, s.source))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        head = "  ".join(r[i].ljust(widths[i]) for i in range(4))
        lines.append(f"{head}  {r[4]}  [{r[5]}]")
    return "\n".join(lines)


def params_markdown() -> str:
    """The parameter table as Markdown (used in docs/ODD.md)."""
    lines = ["| name | default | range | unit | meaning | source |",
             "|---|---|---|---|---|---|"]
    for s in Params.specs():
        lines.append(f"| `{s.name}` | {s.default} | {s.range_text} | {s.unit} | {s.doc} | "
                     f"{s.source} |")
    return "\n".join(lines)
