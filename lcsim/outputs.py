"""What every model output means: its plain name, unit, one-line meaning and kind.

This is the one home of that knowledge. The report, the data dictionary written beside
the results (`data_dictionary.csv`, the Parquet schema metadata), the statistics (which
outputs are yes/no, which range each can take) and the dashboard read it from here; the
plain names and units of parameters live in `lcsim.Params` (`plain_label`, `param_unit`).
Meanings and units follow docs/ODD.md, section "Outputs".

Every key of `model.summary()` (lcsim/indicators.py, `SUMMARY_KEYS`, and the region
outcomes of lcsim/ecosystem.py) has an entry, and so has every weekly series (the series
carry the same names); tests/test_outputs.py fails when one is missing.

Kinds say what values an output takes, and so how it is shown and which interval it
gets: a yes/no output is 0 or 1 per run (its mean is a share, with a Wilson interval),
shares and levels lie in 0-1, counts and value units are 0 or more.

`cumulative` marks outputs that add up over the weeks a run is watched (realized value,
products landed, dropouts): comparing them between runs watched for different lengths
(longer-funded runs are watched longer) is not like for like, and the report says so or
compares them at a fixed date. `frozen_when_dissolved` marks the state of a living
community (members, trust, climate): once a community dissolves it keeps its last value,
so a dissolved community's seats still count. `readable` marks outputs a reader knows
without the model (products, members, communities, organisations, hours); the report's
answer prefers them over model value units.

`when` says when a run's one number of an output is taken, where that is not the end of
the observed window: `knowledge_combination_funded` is averaged over the funded weeks,
`products_lasting` is counted two years after all funding ends. Every other output is read
in the run's last week (`at_end`): a state that week, or, when cumulative, a total from the
start up to then. `Output.measured` says this in words for every output, and the report
uses `Output.when_words` wherever it says when its numbers are measured, so that the
study's end ("two years after funding ends") is not claimed of an average over the funded
weeks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

# Kinds: what values an output takes.
YES_NO = "yes/no"
SHARE = "share 0-1"
LEVEL = "level 0-1"
COUNT = "count"
VALUE = "model value units"
EXPERIENCE = "experience units"
CODE = "code"
WEEKS = "weeks"
HOURS = "hours"
KINDS = (YES_NO, SHARE, LEVEL, COUNT, VALUE, EXPERIENCE, CODE, WEEKS, HOURS)
# Kinds shown as percentages (a share of runs, or a share of something within a run).
PERCENT_KINDS = frozenset({YES_NO, SHARE})

MORE, LESS = "more", "less"  # which direction is better, where one is


@dataclass(frozen=True)
class Output:
    """Metadata of one model output.

    Attributes:
        name: the key in `summary()` and the weekly series, e.g. "realized_value".
        label: its plain name, e.g. "realized value"; no code names.
        unit: what one unit is, e.g. "model value units", "products", "yes/no".
        meaning: one line saying what it measures (docs/ODD.md, "Outputs").
        kind: one of KINDS.
        cumulative: adds up over the weeks a run is watched.
        frozen_when_dissolved: keeps its last value once the community dissolves.
        readable: a quantity people know without the model (products, members, hours).
        better: MORE or LESS when one direction is plainly better, else "".
        high: the largest possible value (inf when unbounded).
        region_kind, region_label, region_meaning: the kind, plain name and meaning in a
            region of several communities, when they differ (`survived` is a share of
            communities there).
        run_label: the plain name in one run of a single community, when `label` names
            the share a study reports over its runs ("community still active" for
            `survived`, whose label is "communities still active"); "" when `label` fits
            one run too (see `in_one_run`).
        short: a shorter plain name for a crowded place where the context says the rest
            (a legend of the participation ladder: "informed"); "" when `label` is short
            enough (see `short_label`).
        when: when or over what a run's number is taken, in words that fit after its name
            in a sentence ("averaged over the funded weeks"), for an output not read at
            the end of the observed window; "" for one read then (see `at_end`).
    """

    name: str
    label: str
    unit: str
    meaning: str
    kind: str
    cumulative: bool = False
    frozen_when_dissolved: bool = False
    readable: bool = False
    better: str = ""
    high: float = math.inf
    region_kind: str = ""
    region_label: str = ""
    region_meaning: str = ""
    run_label: str = ""
    short: str = ""
    when: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"output {self.name!r}: kind must be one of {KINDS}; "
                             f"got {self.kind!r}")
        if self.kind in (YES_NO, SHARE, LEVEL):
            object.__setattr__(self, "high", 1.0)

    @property
    def low(self) -> float:
        """The smallest possible value: no lcsim output is negative."""
        return 0.0

    @property
    def yes_no(self) -> bool:
        return self.kind == YES_NO

    @property
    def percent(self) -> bool:
        """Shown as a percentage (a share of runs or a share within a run)."""
        return self.kind in PERCENT_KINDS

    def in_region(self) -> Output:
        """This output as a region of several communities reports it."""
        if not self.region_kind:
            return self
        return replace(self, kind=self.region_kind, label=self.region_label or self.label,
                       unit="share of communities" if self.region_kind == SHARE else self.unit,
                       meaning=self.region_meaning or self.meaning, region_kind="",
                       region_label="", region_meaning="", run_label="")

    def in_one_run(self) -> Output:
        """This output as one run of a single community reports it (`run_label`)."""
        return replace(self, label=self.run_label, run_label="") if self.run_label else self

    @property
    def at_end(self) -> bool:
        """Whether a run's number is read in the last week of its observed window (a state
        then, or a total up to then), so that the study's end ("two years after funding
        ends") says when it is measured."""
        return not self.when

    @property
    def measured(self) -> str:
        """When and over what a run's number is measured, in words, for every output:
        "in the last week of the observed window", "added up from the start to the end of
        the observed window", or its own `when`."""
        if self.when:
            return self.when
        if self.cumulative:
            return "added up from the start of the run to the end of the observed window"
        return "in the last week of the observed window"

    def when_words(self, end: str) -> str:
        """When a run's number is measured, for a sentence in which `end` says when the
        study's runs end ("two years after all funding ends"): `end` for an output read
        then, its own `when` otherwise; "" when its name already says it ("products in use
        two years after all funding ends": the part of `when` before its first comma)."""
        if self.at_end:
            return end
        return "" if self.when.split(",")[0] in self.label else self.when

    @property
    def short_label(self) -> str:
        """Its short plain name, or its plain name when it has no shorter one."""
        return self.short or self.label

    @property
    def unit_text(self) -> str:
        """The unit as an axis label or table heading shows it, e.g. "products",
        "% of runs", "level 0-1"."""
        if self.kind == YES_NO:
            return "% of runs"
        if self.kind == SHARE:
            return "%" + (f" ({self.unit})" if self.unit not in ("share", "") else "")
        return self.unit


def _o(name: str, label: str, unit: str, kind: str, meaning: str, **flags) -> Output:
    return Output(name, label, unit, meaning, kind, **flags)


_LIVING = {"frozen_when_dissolved": True}
# When products that last are counted (lcsim/indicators.py, `lasting_check_weeks`).
LASTING_WHEN = "two years after all funding ends, or at the end of a run that ends sooner"

OUTPUTS: dict[str, Output] = {o.name: o for o in (
    # ---- value cycles (docs/ODD.md, Outputs: Value cycles)
    _o("expected_value", "expected value", "experience units per week", EXPERIENCE,
       "what active members expect to gain from taking part each week, on average",
       **_LIVING, short="expected"),
    _o("immediate_value", "immediate value", "experience units", EXPERIENCE,
       "what members gained along the way: knowledge learned, trust gained, meetings "
       "attended, summed over weeks and members", cumulative=True, better=MORE,
       short="immediate"),
    _o("potential_value", "potential value", VALUE, VALUE,
       "knowledge, relations, products, reputation and lessons built up (the five "
       "capitals), whether or not they were ever used", cumulative=True, better=MORE,
       short="potential"),
    _o("human_capital", "knowledge built up", VALUE, VALUE,
       "knowledge learned by all members, summed over types, / 20 (human capital)",
       cumulative=True, better=MORE),
    _o("social_capital", "relations built up", VALUE, VALUE,
       "trust gained on ties between roles among members present, / 10 (social capital)",
       better=MORE),
    _o("tangible_capital", "products made (quality)", VALUE, VALUE,
       "summed quality of all products developed (tangible capital)", cumulative=True,
       better=MORE),
    _o("reputational_capital", "reputation built up", VALUE, VALUE,
       "credit from successful sprints, publicity and landed products (reputational "
       "capital)", cumulative=True, better=MORE),
    _o("learning_capital", "lessons learned", VALUE, VALUE,
       "what the community learned from successful sprints and discussed failures "
       "(learning capital)", cumulative=True, better=MORE),
    _o("applied_value", "applied value", VALUE, VALUE,
       "summed quality of products when they landed in practice or education (a product "
       "landing in both counts twice)", cumulative=True, better=MORE, short="applied"),
    _o("realized_value", "realized value", VALUE, VALUE,
       "value that reached practice and education and changed how they work: the summed "
       "gains of every product in use", cumulative=True, better=MORE, short="realized"),
    _o("transformative_value", "transformative value", VALUE, VALUE,
       "the part of realized value that changed how organisations work (not in addition "
       "to it)", cumulative=True, better=MORE, short="transformative"),
    _o("stranded_potential_value", "value that never landed", VALUE, VALUE,
       "knowledge and products that have not reached practice or education: unlanded "
       "products, the unfinished project and, once a community dissolves, its relations, "
       "reputation and lessons", better=LESS),
    _o("stranded_share", "share of potential value that never landed",
       "share of potential value", SHARE,
       "value that never landed divided by potential value (0 without potential value)",
       better=LESS),
    _o("value_micro", "immediate value per seat", "experience units per seat", EXPERIENCE,
       "immediate value divided by the number of seats (micro level)", cumulative=True,
       better=MORE),
    _o("value_meso", "applied value per organisation", VALUE, VALUE,
       "applied value that landed in the members' home organisations, mean over "
       "organisations (meso level)", cumulative=True, better=MORE),
    _o("value_macro", "value for society: new practices and networks", VALUE, VALUE,
       "transformative value (practices changed together) plus relations built across "
       "roles and organisations (social capital) (macro level, 003 §2.3)", cumulative=True,
       better=MORE),
    # ---- trust, ties, stereotypes, combination, climate
    _o("mean_trust", "trust between members", LEVEL, LEVEL,
       "mean trust over the ties between active members", better=MORE, **_LIVING),
    _o("trust_within_roles", "trust within roles", LEVEL, LEVEL,
       "mean trust over ties between active members of the same role", better=MORE,
       **_LIVING),
    _o("trust_between_roles", "trust between roles", LEVEL, LEVEL,
       "mean trust over ties between active members of different roles", better=MORE,
       **_LIVING),
    _o("cross_role_tie_share", "strong ties between roles", "share of ties between roles", SHARE,
       "share of ties between active members of different roles with trust of 0.5 or "
       "more", better=MORE, **_LIVING),
    _o("mean_stereotype", "stereotyping", LEVEL, LEVEL,
       "how strongly active members discount the knowledge of the four other roles, on "
       "average", better=LESS, **_LIVING),
    _o("knowledge_combination", "knowledge combined", LEVEL, LEVEL,
       "moving average of how well the project combines the members' kinds of knowledge",
       better=MORE, **_LIVING),
    _o("knowledge_combination_funded", "knowledge combined while funded", LEVEL, LEVEL,
       "knowledge combined, averaged over the weeks that external or follow-up funding "
       "paid so far (0 before the first); a run's number is its average over all its "
       "funded weeks", better=MORE,
       when="averaged over the funded weeks"),
    _o("psychological_safety", "psychological safety", LEVEL, LEVEL,
       "how safe members feel to speak up and admit mistakes", better=MORE, **_LIVING),
    _o("relational_conflict", "personal conflict", LEVEL, LEVEL,
       "conflict between persons (as opposed to about the task)", better=LESS, **_LIVING),
    _o("collusion", "collusion", LEVEL, LEVEL,
       "members avoiding disagreement to keep the peace", better=LESS, **_LIVING),
    _o("task_conflict", "disagreement about the work", LEVEL, LEVEL,
       "open disagreement about the task, which can help", **_LIVING),
    _o("shared_ambition", "shared ambition", LEVEL, LEVEL,
       "how far members share one ambition (also condition 2 of the eight)", better=MORE,
       **_LIVING),
    _o("identification", "identification across boundaries", LEVEL, LEVEL,
       "boundary crossing: members see what the other fields are and do", better=MORE,
       **_LIVING),
    _o("coordination", "coordination across boundaries", LEVEL, LEVEL,
       "boundary crossing: work across fields is coordinated", better=MORE, **_LIVING),
    _o("reflection", "reflection across boundaries", LEVEL, LEVEL,
       "boundary crossing: members look at their own practice through others' eyes",
       better=MORE, **_LIVING),
    _o("transformation", "transformation across boundaries", LEVEL, LEVEL,
       "boundary crossing: practices change together", better=MORE, **_LIVING),
    # ---- community, products and participation
    _o("survived", "communities still active", YES_NO, YES_NO,
       "1 if the community still exists at the end of the observed window, 0 if it has "
       "dissolved", better=MORE, run_label="community still active", region_kind=SHARE,
       region_label="share of the region's communities still active",
       region_meaning="share of the region's communities that still exist at the end of "
                      "the observed window (0-1)"),
    _o("active_members", "members taking part", "members", COUNT,
       "occupied seats; 0 once the community has dissolved", readable=True,
       better=MORE),
    _o("trust_frozen", "trust figures as at dissolution", YES_NO, YES_NO,
       "1 when the community has dissolved and its trust and stereotype figures are those "
       "of the week it dissolved", region_kind=SHARE,
       region_label="share of communities reporting trust as at dissolution"),
    _o("products_in_use", "products in use now", "products", COUNT,
       "distinct products in use at one or more care organisations or schools this week",
       readable=True, better=MORE),
    _o("product_years_practice", "product-years in use in care", "product-years", COUNT,
       "years of use of landed products summed over care organisations (one product used "
       "at one organisation for a year is 1)", cumulative=True, readable=True, better=MORE),
    _o("product_years_education", "product-years in use in schools", "product-years",
       COUNT, "years of use of landed products summed over schools", cumulative=True,
       readable=True, better=MORE),
    _o("care_organisations_using", "care organisations using a product", "organisations",
       COUNT, "care organisations with at least one landed product in use this week",
       readable=True, better=MORE),
    _o("schools_using", "schools using a product", "organisations", COUNT,
       "schools with at least one landed product in use this week", readable=True,
       better=MORE),
    _o("paid_hours", "members' paid hours", "hours", HOURS,
       "hours of members' time paid for (by the subsidy, partners or in kind) so far",
       cumulative=True, readable=True),
    _o("subsidy_hours", "hours paid by the subsidy", "hours", HOURS,
       "the part of members' paid hours that external and follow-up funding paid for, so "
       "far (the rest: partners' contributions, in kind, embedded time)", cumulative=True,
       readable=True),
    _o("spent_hours", "members' hours spent in the community", "hours", HOURS,
       "hours members spent taking part in the community's meetings and work so far",
       cumulative=True, readable=True),
    _o("paid_fte", "paid time this week", "FTE", COUNT,
       "members' time paid for this week, in full-time equivalents (36 hours)",
       readable=True),
    _o("spent_fte", "time spent this week", "FTE", COUNT,
       "members' time spent taking part this week, in full-time equivalents (36 hours)",
       readable=True),
    _o("products_lasting", "products in use two years after all funding ends", "products",
       COUNT,
       "distinct products still in use two years after all funding ended (before that "
       "date: products in use now)", readable=True, better=MORE,
       when=LASTING_WHEN),
    _o("paid_hours_per_lasting_product", "paid hours in the funded years per lasting product",
       "hours", HOURS,
       "hours of members' time paid during the funded years per product still in use two "
       "years after funding (all paid hours when none lasts)", readable=True, better=LESS,
       when=LASTING_WHEN),
    _o("phase", "phase", "code 0-4", CODE,
       "0 start, 1 design, 2 execute, 3 sustain, 4 dissolved", high=4.0),
    _o("bridge_builders", "bridge-builders", "persons", COUNT,
       "active members who hold the bridge-builder function", readable=True, **_LIVING),
    _o("products_developed", "products developed", "products", COUNT,
       "products finished so far", cumulative=True, readable=True, better=MORE,
       short="developed"),
    _o("products_landed_practice", "products landed in practice", "products", COUNT,
       "products that have landed in care practice (a product can land in both places)",
       cumulative=True, readable=True, better=MORE, short="landed in practice"),
    _o("products_landed_education", "products landed in education", "products", COUNT,
       "products that have landed in education (a product can land in both places)",
       cumulative=True, readable=True, better=MORE, short="landed in education"),
    _o("products_unlanded", "products that landed nowhere", "products", COUNT,
       "finished products that have landed neither in practice nor in education (the "
       "implementation gap)", readable=True, better=LESS),
    _o("pwd_share_inform", "people with dementia informed", "share of those taking part", SHARE,
       "share of active people with dementia and carers who are informed", **_LIVING,
       short="informed"),
    _o("pwd_share_advise", "people with dementia advising", "share of those taking part", SHARE,
       "share of active people with dementia and carers who advise", **_LIVING,
       short="advising"),
    _o("pwd_share_codesign", "people with dementia co-designing", "share of those taking part",
       SHARE, "share of active people with dementia and carers who co-design",
       better=MORE, **_LIVING, short="co-designing"),
    _o("mbo_participation", "mbo care staff taking part", LEVEL, LEVEL,
       "mean over mbo seats of 1/3 informed, 2/3 advising, 1 co-designing; 0 for an empty "
       "seat or a member still waiting to be invited", better=MORE, **_LIVING),
    _o("pwd_participation", "people with dementia taking part", LEVEL, LEVEL,
       "mean over the seats of people with dementia and carers of their rung (1/3 "
       "informed to 1 co-designing) weighted by recent attendance", better=MORE, **_LIVING),
    _o("failures_discussed", "failures discussed", "failed sprints", COUNT,
       "failed sprints the community discussed so far", cumulative=True, readable=True),
    _o("failures_hushed", "failures hushed up", "failed sprints", COUNT,
       "failed sprints the community hushed up so far", cumulative=True, readable=True,
       better=LESS),
    _o("dropouts", "members who dropped out", "members", COUNT,
       "members who dropped out so far, for any reason", cumulative=True, readable=True,
       better=LESS),
    _o("turnover", "members who changed jobs", "members", COUNT,
       "members who left their job so far", cumulative=True, readable=True),
    _o("bridge_builder_departures", "bridge-builders who left", "persons", COUNT,
       "bridge-builders who left so far (job change or dropout)", cumulative=True,
       readable=True, better=LESS),
    # ---- the eight conditions of 001 (docs/ODD.md 7.11); shared_ambition is above
    _o("transdisciplinarity", "condition 1: transdisciplinarity", "score 0-1", LEVEL,
       "how well the kinds of knowledge are combined", better=MORE, **_LIVING,
       short="transdisciplinarity"),
    _o("justice_to_interests", "condition 3: justice to interests", "score 0-1", LEVEL,
       "how far members feel their interests are served (mean motivation)", better=MORE,
       **_LIVING, short="justice to interests"),
    _o("personal_relations", "condition 4: personal relations", "score 0-1", LEVEL,
       "share of ties with trust of 0.5 or more", better=MORE, **_LIVING,
       short="personal relations"),
    _o("mutual_trust", "condition 5: mutual trust", "score 0-1", LEVEL,
       "mean trust between active members", better=MORE, **_LIVING, short="mutual trust"),
    _o("professional_organisation", "condition 6: professional organisation", "score 0-1",
       LEVEL, "coordination and cover by bridge-builders", better=MORE, **_LIVING,
       short="professional organisation"),
    _o("meaningful_process", "condition 7: meaningful process", "score 0-1", LEVEL,
       "safety without personal conflict, weighted by how far the project has come",
       better=MORE, short="meaningful process"),
    _o("time_and_continuity", "condition 8: time and continuity", "score 0-1", LEVEL,
       "members' time that is paid for, times the share of seats occupied (0 once "
       "dissolved)", better=MORE, short="time and continuity"),
    # ---- regions of several communities (lcsim/ecosystem.py)
    _o("n_communities", "communities in the region", "communities", COUNT,
       "learning communities in the regional programme", readable=True),
    _o("communities_surviving", "communities still active", "communities", COUNT,
       "communities of the region that have not dissolved", readable=True, better=MORE),
    _o("realized_value_sd", "spread of realized value between communities", VALUE, VALUE,
       "standard deviation of realized value over the region's communities",
       cumulative=True),
    _o("realized_value_min", "realized value of the weakest community", VALUE, VALUE,
       "lowest realized value of any community in the region", cumulative=True,
       better=MORE),
    _o("realized_value_max", "realized value of the strongest community", VALUE, VALUE,
       "highest realized value of any community in the region", cumulative=True,
       better=MORE),
    _o("shared_people", "people in two communities", "persons", COUNT,
       "people who still sit in two communities of the region", readable=True),
)}


# --------------------------------------------------------------------------- look-up
def output(name: str, *, region: bool = False, one_run: bool = False) -> Output | None:
    """The metadata of a model output; None for a name the model does not define (a
    derived outcome: see `derived_output`).

    `region`: as a region of several communities reports it. `one_run`: as one run
    reports it (`lcsim run`) rather than a study over many runs; for a single community
    that is `Output.in_one_run`, for a region its region's wording.
    """
    found = OUTPUTS.get(name)
    if found is None:
        return None
    if region:
        return found.in_region()
    return found.in_one_run() if one_run else found


TOTAL, AVERAGE = "total", "average"

# How a region of several communities gets one number from its communities' numbers
# (lcsim/ecosystem.py, `RegionModel._collect`): these add up over communities, the few
# in `_REGION_POOLING` are made otherwise, and all others are averaged.
REGION_TOTALS = (
    "immediate_value", "potential_value", "applied_value", "realized_value",
    "transformative_value", "stranded_potential_value", "human_capital", "social_capital",
    "tangible_capital", "reputational_capital", "learning_capital", "active_members",
    "bridge_builders", "products_developed", "products_landed_practice",
    "products_landed_education", "products_unlanded", "failures_discussed",
    "failures_hushed", "dropouts", "turnover", "bridge_builder_departures",
    "products_in_use", "product_years_practice", "product_years_education", "paid_hours",
    "subsidy_hours", "spent_hours", "paid_fte", "spent_fte", "products_lasting",
)
_REGION_POOLING = {
    "care_organisations_using": "counted once for the region, whose communities share them",
    "schools_using": "counted once for the region, whose communities share them",
    "stranded_share": "from the region's totals",
    "paid_hours_per_lasting_product": "from the region's totals",
    "phase": "the middle community's",
    # Their plain names already say that they are the region's: nothing to add.
    **dict.fromkeys(("survived", "trust_frozen", "n_communities", "communities_surviving",
                     "realized_value_sd", "realized_value_min", "realized_value_max",
                     "shared_people"), ""),
}


def region_pooling(name: str) -> str:
    """How a region's number of output `name` is made from its communities' numbers:
    `TOTAL` (added up over the communities: value, paid hours, products, members),
    `AVERAGE` (the communities' mean: trust, levels 0-1, conditions), or words for the
    few made otherwise ("counted once for the region, whose communities share them"); "" for
    a name the model does not define (a derived outcome, an assumption) and for one whose
    plain name already says it is the region's ("communities still active")."""
    if name in _REGION_POOLING:
        return _REGION_POOLING[name]
    if name in REGION_TOTALS:
        return TOTAL
    return AVERAGE if name in OUTPUTS else ""


def region_pooling_words(name: str) -> str:
    """`region_pooling` as words after a number: "total over the region's communities",
    "average over the region's communities", or its own words; "" when unknown."""
    how = region_pooling(name)
    return f"{how} over the region's communities" if how in (TOTAL, AVERAGE) else how


def yes_no_outputs() -> frozenset[str]:
    """Names of the outputs that are 0 or 1 in every run of one community."""
    return frozenset(n for n, o in OUTPUTS.items() if o.kind == YES_NO)


def _param_spec(name: str):
    from lcsim.params import ParameterError, Params

    try:
        return Params.spec(name)
    except ParameterError:
        return None


def plain_label(name: str) -> str:
    """The plain name of a parameter (its `label` in `lcsim.Params`) or of a model output,
    e.g. "funding_years" -> "years of external funding"; unknown names read as words."""
    spec = _param_spec(name)
    if spec is not None:
        return getattr(spec, "label", "") or name.replace("_", " ")
    found = OUTPUTS.get(name)
    return found.label if found is not None else name.replace("_", " ")


def short_label(name: str) -> str:
    """The short plain name of a model output (`Output.short_label`) for a crowded place
    such as a legend, e.g. "pwd_share_inform" -> "informed"; other names as `plain_label`."""
    found = OUTPUTS.get(name)
    return found.short_label if found is not None else plain_label(name)


def param_unit(name: str) -> str:
    """The unit of a parameter as `lcsim.Params` declares it ("" for an unknown name)."""
    spec = _param_spec(name)
    return spec.unit if spec is not None else ""


def _singular(unit: str) -> str:
    """'years' -> 'year', 'persons' -> 'person' (first word only)."""
    first, _, rest = unit.partition(" ")
    if first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def derived_adds_up(numerator: str, denominator: Sequence[str], *,
                    region: bool = False) -> bool:
    """Whether a derived outcome, numerator / sum of denominator, adds up over the weeks
    a run is watched, as a total does. The config's syntax has two operators: `+` among
    the denominator terms and one `/`. A sum adds up only when all its terms do, but it
    sits below the line here, and dividing by anything that changes over the run (any
    outcome: a total, a state) makes a ratio or share, which does not add up. Only a
    total divided by parameters, fixed for the whole run (e.g. per year of funding),
    stays a scaled total that grows the longer a run is watched. Unknown names do not
    add up."""
    top = output(numerator, region=region)
    if top is None or not top.cumulative:
        return False
    return all(_param_spec(term) is not None and output(term, region=region) is None
               for term in denominator)


def derived_output(name: str, numerator: str, denominator: Sequence[str],
                   description: str = "", *, region: bool = False) -> Output:
    """Metadata of a derived outcome of a study config: numerator / sum of denominator
    (model outputs or parameters). Its unit is the numerator's per the denominators'
    common unit, e.g. "model value units per year". It adds up over the weeks watched
    (`cumulative`) only as `derived_adds_up` says: a total divided by fixed parameters;
    a ratio of outcomes, such as a share, does not.
    """
    top = output(numerator, region=region)
    units = {param_unit(d) or (output(d).unit if output(d) else "") for d in denominator}
    per = _singular(units.pop()) if len(units) == 1 else "unit of " + " + ".join(
        plain_label(d) for d in denominator)
    top_unit = top.unit if top is not None else "units"
    words = " + ".join(plain_label(d) for d in denominator)
    meaning = description or f"{plain_label(numerator)} divided by ({words})"
    kind = top.kind if top is not None and top.kind in (VALUE, EXPERIENCE, HOURS) else VALUE
    return Output(name, name.replace("_", " "), f"{top_unit} per {per}", meaning, kind,
                  cumulative=derived_adds_up(numerator, denominator, region=region),
                  better=top.better if top is not None else "",
                  when=top.when if top is not None else "")


def describe(name: str, derived: dict[str, Output] | None = None, *,
             region: bool = False, one_run: bool = False) -> Output:
    """Metadata of any outcome column: a model output (`region` and `one_run` as in
    `output`), a derived outcome (from `derived`), or, for a name neither knows, a plain
    entry without unit or range."""
    if derived and name in derived:
        return derived[name]
    found = output(name, region=region, one_run=one_run)
    if found is not None:
        return found
    return Output(name, name.replace("_", " "), "", "not a model output", VALUE,
                  better="")


def missing(names: Iterable[str]) -> list[str]:
    """The names among `names` that have no metadata here (for the coverage test)."""
    return [n for n in names if n not in OUTPUTS]


def value_text(name: str, value: float, *, region: bool = False) -> str:
    """One run's value of an output as a reader says it: "yes"/"no", "45%", "25,957"
    (hours), "3" (a whole count), "execute" (the phase), otherwise three decimals; a name
    lcsim does not know gets three decimals. `region`: as a region of several communities
    reports it (survival as a share of its communities)."""
    from lcsim.rules.phases import Phase

    meta = OUTPUTS.get(name)
    if meta is None or not math.isfinite(value):
        return f"{value:.3f}"
    meta = meta.in_region() if region else meta
    if meta.kind == YES_NO and value in (0.0, 1.0):
        return "yes" if value else "no"
    if meta.kind in (YES_NO, SHARE):  # a yes/no output of a region: a share
        return f"{value:.0%}"
    if meta.kind == CODE and name == "phase":  # a region's is its communities' average
        return Phase(int(value)).name.lower() if float(value).is_integer() else \
            f"{value:.1f} on average"
    whole = meta.kind in (COUNT, WEEKS) and float(value).is_integer()
    if whole or meta.kind == HOURS:
        return f"{value:,.0f}"
    return f"{value:.3f}"
