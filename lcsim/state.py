"""The state of K learning communities, as arrays the weekly submodels update.

`CommunityState` holds what the rules read and change each week for all communities at
once (docs/KSTATE.md): one row per seat, per directed tie, per product and per product use,
each with its community index; one entry per organisation (shared by the region); and each
community's scalars as arrays of length K. A single community is K = 1. The model
(`lcsim.model`) builds it and owns the Mesa agents; the submodels in `lcsim.week` only read
and write this state. The helpers at the end are pure functions of the state (apart from
the caches they keep up to date: live ties, work-form tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.roles import (
    LOW_STATUS,
    N_KNOWLEDGE,
    N_ROLES,
    PRODUCT_KINDS,
    PRODUCT_LANDS_IN_EDUCATION,
    PRODUCT_LANDS_IN_PRACTICE,
    Role,
)
from lcsim.rules import boundary, funding, governance, membership, phases, value
from lcsim.rules.participation import CO_DESIGN, INFORM
from lcsim.rules.phases import Phase, WorkForm

# The five soft skills of bridge-builders (000 Tekstbox 4), as columns of `bb_skills`.
SOFT_SKILLS = ("translating", "equal_participation", "inspiring", "creating_movement",
               "driving_change")
TRANSLATING, EQUAL_PARTICIPATION, INSPIRING, CREATING_MOVEMENT, DRIVING_CHANGE = range(5)

# Roles that may hold the project leader post (003 §3.2 e: connects knowledge institutions
# and organisations).
LEADER_ROLES = (Role.EDUCATOR, Role.RESEARCHER)

# Field of each role: research, education, practice; people with dementia have no field.
RESEARCH, EDUCATION, PRACTICE, NO_FIELD = range(4)
FIELD = np.array([RESEARCH, EDUCATION, PRACTICE, PRACTICE, NO_FIELD])

# Where products land: setting, which kinds land there, the record field, receiving kind.
LANDING_SETTINGS = (
    ("practice", PRODUCT_LANDS_IN_PRACTICE, "landed_practice", OrganisationKind.CARE_PROVIDER),
    ("education", PRODUCT_LANDS_IN_EDUCATION, "landed_education", OrganisationKind.SCHOOL),
)
LANDS_IN = np.stack([lands for _, lands, _, _ in LANDING_SETTINGS], axis=1)  # kind x setting


@dataclass
class Product:
    """A product of one of the seven kinds (000 Tekstbox 5) and where it landed; `number`
    counts the products of its community (1, 2, ...)."""

    number: int
    kind: str
    quality: float
    codesigned: bool
    mbo_involved: bool
    educator_involved: bool
    week_developed: int
    landed_practice: int = -1     # week it landed, -1 if not (yet)
    landed_education: int = -1
    stalled_reported: bool = False
    community: int = 0

    @property
    def landed(self) -> bool:
        return self.landed_practice >= 0 or self.landed_education >= 0

    @property
    def kind_index(self) -> int:
        return PRODUCT_KINDS.index(self.kind)


@dataclass
class Project:
    """Each community's current joint project: knowledge combined so far and by whom
    (arrays of length K; `contribution` is K x N_KNOWLEDGE)."""

    progress: np.ndarray = field(default_factory=lambda: np.zeros(1))
    quality_weighted: np.ndarray = field(default_factory=lambda: np.zeros(1))
    contribution: np.ndarray = field(default_factory=lambda: np.zeros((1, N_KNOWLEDGE)))
    codesign: np.ndarray = field(default_factory=lambda: np.zeros(1))
    mbo: np.ndarray = field(default_factory=lambda: np.zeros(1))
    educator: np.ndarray = field(default_factory=lambda: np.zeros(1))

    @classmethod
    def empty(cls, k: int) -> Project:
        """K projects with nothing done yet."""
        return cls(np.zeros(k), np.zeros(k), np.zeros((k, N_KNOWLEDGE)), np.zeros(k),
                   np.zeros(k), np.zeros(k))

    def restart(self, done: np.ndarray) -> None:
        """The communities in mask `done` start a new, empty project."""
        for values in (self.progress, self.quality_weighted, self.contribution, self.codesign,
                       self.mbo, self.educator):
            values[done] = 0.0

    @property
    def quality(self) -> np.ndarray:
        return np.divide(self.quality_weighted, self.progress,
                         out=np.zeros(self.progress.shape), where=self.progress > 0)


def _floats() -> np.ndarray:
    return np.zeros(0)


def _ints() -> np.ndarray:
    return np.zeros(0, dtype=int)


def _flags() -> np.ndarray:
    return np.zeros(0, dtype=bool)


def _one() -> np.ndarray:
    return np.zeros(1)


def _one_int() -> np.ndarray:
    return np.zeros(1, dtype=int)


def _one_missing() -> np.ndarray:
    return np.full(1, -1, dtype=int)


# The per-community scalars: each an array of length K (docs/KSTATE.md), with its dtype
# and start value.
COMMUNITY_FLOATS = (
    "policy", "shared_ambition", "design_progress", "safety", "relational_conflict",
    "task_conflict", "collusion", "power", "combination_quality", "immediate_value",
    "applied_value", "realized_value", "transformative_value", "paid_hours",
    "paid_hours_funded", "subsidy_hours", "combination_funded_sum", "spent_hours",
    "paid_fte", "spent_fte", "sprint_quality", "hushed_recently", "discussed_recently",
    "cross_contact_share", "upkeep_share", "landing_effort", "leader_experience",
    "leadership",
)
COMMUNITY_INTS = (
    "funding_weeks", "follow_up_weeks", "funded_weeks_seen", "weeks_without_meeting",
    "failures_discussed", "failures_hushed", "departures", "bb_departures", "stall_checked",
    "phase",
)
COMMUNITY_MISSING = (  # -1 until it happens
    "lasting_products", "dissolved_week", "execute_started", "leader_seat", "leader_member",
)
COMMUNITY_SCALARS = COMMUNITY_FLOATS + COMMUNITY_INTS + COMMUNITY_MISSING + (
    "funding_state", "work_form")


@dataclass
class CommunityState:
    """The hot state of K communities of N seats (docs/KSTATE.md). Seat arrays have length
    S = K x N, community k owning seats k*N to k*N + N - 1; tie arrays one row per directed
    tie (each potential collaboration in both directions), grouped by community; product
    arrays one row per product and use arrays one per landing, of any community;
    organisation arrays one entry per organisation (shared by all K); per-community values
    are arrays of length K (`COMMUNITY_SCALARS`). The model fills it at construction
    (`lcsim.model`)."""

    n_communities: int = 1
    community_size: int = 0

    # seats: fixed role and home organisation; the person in the seat and their profile
    seat_community: np.ndarray = field(default_factory=_ints)
    # each seat's cells in a K x N_ROLES table (its community's row), S x N_ROLES
    seat_cells: np.ndarray = field(default_factory=lambda: np.zeros((0, N_ROLES), dtype=int))
    seat_block_starts: np.ndarray = field(default_factory=_ints)  # first seat of each community
    role: np.ndarray = field(default_factory=_ints)
    seats_of_role: list[np.ndarray] = field(default_factory=list)
    org: np.ndarray = field(default_factory=_ints)
    member_id: np.ndarray = field(default_factory=_ints)  # Mesa unique_id of the seat holder
    active: np.ndarray = field(default_factory=_flags)
    joined_week: np.ndarray = field(default_factory=_ints)
    is_bridge_builder: np.ndarray = field(default_factory=_flags)
    bb_post_open: np.ndarray = field(default_factory=_flags)  # a vacant bridge-builder post
    bb_skills: np.ndarray = field(default_factory=lambda: np.zeros((0, len(SOFT_SKILLS))))
    knowledge: np.ndarray = field(default_factory=lambda: np.zeros((0, N_KNOWLEDGE)))
    stereotype: np.ndarray = field(default_factory=lambda: np.zeros((0, N_ROLES)))
    motivation: np.ndarray = field(default_factory=_floats)
    expected: np.ndarray = field(default_factory=_floats)
    experienced: np.ndarray = field(default_factory=_floats)
    rung: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    late_invited: np.ndarray = field(default_factory=_flags)
    barrier: np.ndarray = field(default_factory=_floats)
    gatekeeping: np.ndarray = field(default_factory=_floats)
    tolerance: np.ndarray = field(default_factory=_floats)
    load: np.ndarray = field(default_factory=_floats)
    pending_interest: np.ndarray = field(default_factory=_floats)
    immediate: np.ndarray = field(default_factory=_floats)
    capacity: np.ndarray = field(default_factory=_floats)
    attended: np.ndarray = field(default_factory=_flags)

    # ties: truster (src) -> trustee (dst), and caches of the ties between active members
    tie_src: np.ndarray = field(default_factory=_ints)
    tie_dst: np.ndarray = field(default_factory=_ints)
    tie_community: np.ndarray = field(default_factory=_ints)
    tie_cross: np.ndarray = field(default_factory=_flags)
    trust: np.ndarray = field(default_factory=_floats)
    ties_of_seat: list[np.ndarray] = field(default_factory=list)  # either end, per seat
    tie_lookup: dict[tuple[int, int], int] | None = None
    live_for: np.ndarray = field(default_factory=_flags)   # the `active` that `live` describes
    live: np.ndarray = field(default_factory=_flags)
    live_degree: np.ndarray = field(default_factory=_floats)
    live_cross: np.ndarray = field(default_factory=_flags)  # live, between roles
    live_weight: np.ndarray = field(default_factory=_floats)  # `live` as 0/1 floats
    live_cross_weight: np.ndarray = field(default_factory=_floats)
    ties_in_room: np.ndarray = field(default_factory=_flags)
    live_count: np.ndarray = field(default_factory=_one_int)  # `live` ties per community
    live_cross_count: np.ndarray = field(default_factory=_one_int)  # `live_cross` ties
    tie_blocks: np.ndarray = field(default_factory=_ints)  # the communities that have ties
    tie_block_starts: np.ndarray = field(default_factory=_ints)  # the first tie of each

    # organisations (shared by the K communities); coverage and backing per community
    org_kind: np.ndarray = field(default_factory=_ints)
    org_room: np.ndarray = field(default_factory=_floats)
    org_pace: np.ndarray = field(default_factory=_floats)
    org_turnover: np.ndarray = field(default_factory=_floats)
    org_applied_value: np.ndarray = field(default_factory=_floats)
    coverage: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))  # K x O
    backing: np.ndarray = field(default_factory=lambda: np.zeros((1, 0)))   # K x O, 0-1
    orgs_of_kind: dict[OrganisationKind, np.ndarray] = field(default_factory=dict)

    # products, and products in use at an organisation
    products: list[Product] = field(default_factory=list)
    product_community: np.ndarray = field(default_factory=_ints)
    product_quality: np.ndarray = field(default_factory=_floats)
    product_kind: np.ndarray = field(default_factory=_ints)
    product_codesigned: np.ndarray = field(default_factory=_flags)
    product_fit: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LANDING_SETTINGS))))
    product_landed: np.ndarray = field(  # week landed per setting, or -1
        default_factory=lambda: np.zeros((0, len(LANDING_SETTINGS)), dtype=int))
    use_product: np.ndarray = field(default_factory=_ints)   # row in the product arrays
    use_community: np.ndarray = field(default_factory=_ints)
    use_org: np.ndarray = field(default_factory=_ints)
    use_weeks: np.ndarray = field(default_factory=_ints)
    use_on: np.ndarray = field(default_factory=_flags)
    use_setting: np.ndarray = field(default_factory=_ints)   # index into LANDING_SETTINGS
    use_fit: np.ndarray = field(default_factory=_floats)     # local fit, kept up by upkeep
    use_trained: np.ndarray = field(default_factory=_floats)  # share of staff trained
    place_free_week: np.ndarray = field(default_factory=lambda: np.zeros((1, 0), dtype=int))

    # the communities: one entry each (length K), or K rows
    project: Project = field(default_factory=Project)
    boundary: np.ndarray = field(default_factory=lambda: np.zeros((1, len(boundary.MECHANISMS))))
    bb_effect: np.ndarray = field(default_factory=lambda: np.zeros((1, len(SOFT_SKILLS))))
    capitals: dict[str, np.ndarray] = field(default_factory=dict)
    dropouts: dict[str, np.ndarray] = field(default_factory=dict)
    work_forms: tuple[WorkForm, ...] = ()
    work_form: np.ndarray = field(default_factory=_one_int)  # index into work_forms
    # `work_forms` and each of its fields as an array over the forms, made when first read
    work_form_table: tuple[tuple[WorkForm, ...], dict[str, np.ndarray]] | None = None
    funding_state: np.ndarray = field(default_factory=lambda: np.full(1, funding.NONE))
    phase: np.ndarray = field(default_factory=_one_int)      # Phase values
    policy: np.ndarray = field(default_factory=_one)
    shared_ambition: np.ndarray = field(default_factory=_one)
    design_progress: np.ndarray = field(default_factory=_one)
    safety: np.ndarray = field(default_factory=_one)
    relational_conflict: np.ndarray = field(default_factory=_one)
    task_conflict: np.ndarray = field(default_factory=_one)
    collusion: np.ndarray = field(default_factory=_one)
    power: np.ndarray = field(default_factory=_one)
    combination_quality: np.ndarray = field(default_factory=_one)
    immediate_value: np.ndarray = field(default_factory=_one)
    applied_value: np.ndarray = field(default_factory=_one)
    realized_value: np.ndarray = field(default_factory=_one)
    transformative_value: np.ndarray = field(default_factory=_one)
    paid_hours: np.ndarray = field(default_factory=_one)
    paid_hours_funded: np.ndarray = field(default_factory=_one)
    subsidy_hours: np.ndarray = field(default_factory=_one)
    combination_funded_sum: np.ndarray = field(default_factory=_one)
    spent_hours: np.ndarray = field(default_factory=_one)
    paid_fte: np.ndarray = field(default_factory=_one)
    spent_fte: np.ndarray = field(default_factory=_one)
    sprint_quality: np.ndarray = field(default_factory=_one)
    hushed_recently: np.ndarray = field(default_factory=_one)
    discussed_recently: np.ndarray = field(default_factory=_one)
    cross_contact_share: np.ndarray = field(default_factory=_one)
    upkeep_share: np.ndarray = field(default_factory=_one)
    landing_effort: np.ndarray = field(default_factory=_one)
    leader_experience: np.ndarray = field(default_factory=_one)
    leadership: np.ndarray = field(default_factory=_one)
    funding_weeks: np.ndarray = field(default_factory=_one_int)
    follow_up_weeks: np.ndarray = field(default_factory=_one_int)
    funded_weeks_seen: np.ndarray = field(default_factory=_one_int)
    weeks_without_meeting: np.ndarray = field(default_factory=_one_int)
    failures_discussed: np.ndarray = field(default_factory=_one_int)
    failures_hushed: np.ndarray = field(default_factory=_one_int)
    departures: np.ndarray = field(default_factory=_one_int)
    bb_departures: np.ndarray = field(default_factory=_one_int)
    stall_checked: np.ndarray = field(default_factory=_one_int)
    lasting_products: np.ndarray = field(default_factory=_one_missing)
    dissolved_week: np.ndarray = field(default_factory=_one_missing)
    execute_started: np.ndarray = field(default_factory=_one_missing)
    leader_seat: np.ndarray = field(default_factory=_one_missing)
    leader_member: np.ndarray = field(default_factory=_one_missing)


def empty_state(k: int, n: int, n_organisations: int, *, landing_places: int = 0,
                work_forms: tuple[WorkForm, ...] = ()) -> CommunityState:
    """A state of `k` communities of `n` seats each and `n_organisations` organisations,
    every array sized and zero (no ties, no products yet, phase START, no funding); the
    model fills in people, ties and organisations, and tests set fields by hand."""
    s = k * n
    state = CommunityState(n_communities=k, community_size=n)
    state.seat_community = np.repeat(np.arange(k), n)
    state.seat_cells = state.seat_community[:, None] * N_ROLES + np.arange(N_ROLES)
    state.seat_block_starts = np.arange(k) * n
    for name in ("role", "org", "member_id", "joined_week"):
        setattr(state, name, np.zeros(s, dtype=int))
    for name in ("active", "is_bridge_builder", "bb_post_open", "late_invited", "attended",
                 "live_for"):
        setattr(state, name, np.zeros(s, dtype=bool))
    for name in ("motivation", "expected", "experienced", "barrier", "gatekeeping", "load",
                 "pending_interest", "immediate", "capacity", "live_degree"):
        setattr(state, name, np.zeros(s))
    state.tolerance = np.ones(s)
    state.rung = np.zeros(s, dtype=np.int8)
    state.bb_skills = np.zeros((s, len(SOFT_SKILLS)))
    state.knowledge, state.stereotype = np.zeros((s, N_KNOWLEDGE)), np.zeros((s, N_ROLES))
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    set_ties(state, _ints(), _ints(), _floats())
    state.org_kind, state.org_room = np.zeros(n_organisations, dtype=int), np.zeros(n_organisations)
    state.org_pace, state.org_turnover = np.ones(n_organisations), np.ones(n_organisations)
    state.org_applied_value = np.zeros(n_organisations)
    state.coverage, state.backing = np.zeros((k, n_organisations)), np.zeros((k, n_organisations))
    state.place_free_week = np.zeros((k, landing_places), dtype=int)
    state.project = Project.empty(k)
    state.boundary = np.zeros((k, len(boundary.MECHANISMS)))
    state.bb_effect = np.zeros((k, len(SOFT_SKILLS)))
    state.capitals = {name: np.zeros(k) for name in value.CAPITALS}
    state.dropouts = {reason: np.zeros(k, dtype=int) for reason in membership.DROPOUT_REASONS}
    state.work_forms, state.work_form = work_forms, np.zeros(k, dtype=int)
    state.funding_state = np.full(k, funding.NONE)
    for name in COMMUNITY_FLOATS:
        setattr(state, name, np.zeros(k))
    for name in COMMUNITY_INTS:
        setattr(state, name, np.zeros(k, dtype=int))
    for name in COMMUNITY_MISSING:
        setattr(state, name, np.full(k, -1, dtype=int))
    state.phase = np.full(k, int(Phase.START))
    return state


def set_ties(state: CommunityState, src: np.ndarray, dst: np.ndarray,
             trust: np.ndarray) -> None:
    """Give the state its directed ties (global seat numbers, grouped by community) and
    their starting trust, with the per-seat index of ties and empty live-tie caches."""
    s = state.role.size
    state.tie_src, state.tie_dst = np.asarray(src, dtype=int), np.asarray(dst, dtype=int)
    state.tie_community = state.seat_community[state.tie_src]
    state.tie_cross = state.role[state.tie_src] != state.role[state.tie_dst]
    state.trust = np.asarray(trust, dtype=float)
    ends = np.concatenate([state.tie_src, state.tie_dst])
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(s + 1))
    ties = order % max(state.tie_src.size, 1)
    state.ties_of_seat = [ties[bounds[seat]:bounds[seat + 1]] for seat in range(s)]
    state.tie_lookup = None
    t = state.tie_src.size
    state.live_for = np.zeros(s, dtype=bool)
    state.live, state.live_cross = np.zeros(t, dtype=bool), np.zeros(t, dtype=bool)
    state.live_degree = np.zeros(s)
    state.live_weight, state.live_cross_weight = np.zeros(t), np.zeros(t)
    state.ties_in_room = np.zeros(t, dtype=bool)
    k = state.n_communities
    state.live_count, state.live_cross_count = np.zeros(k, dtype=int), np.zeros(k, dtype=int)
    bounds = np.searchsorted(state.tie_community, np.arange(k + 1))
    state.tie_blocks = np.flatnonzero(bounds[1:] > bounds[:-1])
    state.tie_block_starts = bounds[state.tie_blocks]


def start_community(state: CommunityState, p: Params, a: Assumptions) -> None:
    """Every community's scalars and empty product records at week 0 (docs/ODD.md §5),
    once its people, ties and organisations are in place."""
    k = state.n_communities
    state.safety = np.full(k, p.psychological_safety)
    state.relational_conflict = np.full(k, a.relational_conflict_start)
    state.boundary = np.full((k, len(boundary.MECHANISMS)), a.boundary_start)
    state.capitals = {name: np.zeros(k) for name in value.CAPITALS}
    state.place_free_week = np.zeros((k, p.landing_places), dtype=int)
    state.dropouts = {reason: np.zeros(k, dtype=int) for reason in membership.DROPOUT_REASONS}
    state.funding_state = np.where(state.funding_weeks > 0, funding.EXTERNAL, funding.NONE)
    state.coverage = np.zeros((k, state.org_kind.size))
    state.work_forms = phases.work_forms(a)
    state.work_form = np.zeros(k, dtype=int)
    _start_governance(state, p, a)


def _start_governance(state: CommunityState, p: Params, a: Assumptions) -> None:
    """In each community the leader post goes to an educator or researcher
    (`governance.choose_leader_seat`), experienced from the start; each organisation's
    decision-makers start with the backing they gave when they joined the consortium
    (003 §3.2 e, c; 004 insights 2, 6)."""
    k = state.n_communities
    leader_role = np.isin(state.role, LEADER_ROLES)
    for community in range(k):
        candidates = np.flatnonzero(leader_role & (state.seat_community == community))
        seat = governance.choose_leader_seat(candidates, state.is_bridge_builder,
                                             p.leader_quality > 0)
        state.leader_seat[community] = seat
        if seat >= 0:
            state.leader_member[community] = state.member_id[seat]
            state.leader_experience[community] = 1.0
    state.backing = np.full((k, state.org_kind.size), a.backing_start)


# ---------------------------------------------------------------- helpers on the state
def seats_of(state: CommunityState, community: int) -> slice:
    """The block of seats that community `community` owns."""
    n = state.community_size
    return slice(community * n, (community + 1) * n)


def per_community(state: CommunityState, seat_values: np.ndarray) -> np.ndarray:
    """Seat values (length S) summed within each community: length K. Each community owns
    one block of `community_size` seats, so this is a sum per block (NumPy's pairwise sum,
    as `ndarray.sum`)."""
    return np.add.reduceat(seat_values, state.seat_block_starts, dtype=float)


def sum_rows(index: np.ndarray, rows: np.ndarray, size: int) -> np.ndarray:
    """Rows of a table (n x m) added up by `index` (length n, each in 0..size-1): size x m.
    Adds in row order (`np.bincount`), as `np.add.at` into zeros does, but many times
    faster over a region's seats or ties. Used for sums per community (index
    `seat_community`) and per seat (index `tie_src`)."""
    width = rows.shape[1]
    bins = (index[:, None] * width + np.arange(width)).ravel()
    return np.bincount(bins, weights=rows.ravel(), minlength=size * width).reshape(-1, width)


def count_per_community(state: CommunityState, seat_mask: np.ndarray) -> np.ndarray:
    """Seats in a mask (length S), counted per community: length K (ints)."""
    return np.bincount(state.seat_community[seat_mask], minlength=state.n_communities)


def per_community_ties(state: CommunityState, tie_values: np.ndarray) -> np.ndarray:
    """Tie values (length T) summed within each community: length K. Sums each
    community's block of ties (`tie_block_starts`) with NumPy's pairwise sum, which is
    many times faster than a sum by index (`np.bincount`) over a large community's ties."""
    sums = np.zeros(state.n_communities)
    sums[state.tie_blocks] = np.add.reduceat(tie_values, state.tie_block_starts, dtype=float)
    return sums


def count_per_community_ties(state: CommunityState, tie_mask: np.ndarray) -> np.ndarray:
    """Ties in a mask (length T), counted per community: length K (ints). Counts each
    community's block of ties (`tie_block_starts`), without reading `tie_community`."""
    counts = np.zeros(state.n_communities, dtype=int)
    counts[state.tie_blocks] = np.add.reduceat(tie_mask, state.tie_block_starts, dtype=int)
    return counts


def share(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator elementwise, 0 where the denominator is 0."""
    return np.divide(numerator, denominator, out=np.zeros(np.shape(numerator)),
                     where=denominator != 0)


def _work_form_table(state: CommunityState) -> dict[str, np.ndarray]:
    """Each field of the work forms as an array over `state.work_forms` (`reach`: forms x
    N_ROLES), made again only when `work_forms` is replaced."""
    if state.work_form_table is None or state.work_form_table[0] is not state.work_forms:
        names = ("reach", "mixing", "work", "reflection", "coordination")
        state.work_form_table = (state.work_forms, {
            name: np.array([getattr(form, name) for form in state.work_forms])
            for name in names})
    return state.work_form_table[1]


def work_form_values(state: CommunityState, name: str) -> np.ndarray:
    """One intensity of each community's work form this week (`mixing`, `work`,
    `reflection` or `coordination`): length K."""
    return _work_form_table(state)[name][state.work_form]


def work_form_reach(state: CommunityState) -> np.ndarray:
    """How well each community's work form this week fits each role: K x N_ROLES."""
    return _work_form_table(state)["reach"][state.work_form]


def leader_post_holder(state: CommunityState) -> np.ndarray:
    """Per community, the member_id of the active member in the project leader's seat, or -1
    when there is no leader post or its holder has left (003 §3.2 e; 004 insight 6; 001
    'Persoonlijke relaties'): length K."""
    seat = np.maximum(state.leader_seat, 0)
    held = (state.leader_seat >= 0) & state.active[seat]
    return np.where(held, state.member_id[seat], -1)


def ties_touching(state: CommunityState, seats: np.ndarray) -> np.ndarray:
    """Indices of the ties with either end in `seats` (a tie between two of them twice)."""
    if len(seats) == 0:
        return _ints()
    return np.concatenate([state.ties_of_seat[s] for s in seats])


def live_ties(state: CommunityState) -> np.ndarray:
    """Mask of the ties between two active members. Kept up to date by rechecking only the
    ties of members who joined or left since the last call, since there are many ties."""
    changed = (state.active != state.live_for).nonzero()[0]
    if changed.size:
        ties = np.sort(ties_touching(state, changed))
        ties = ties[np.diff(ties, prepend=-1) != 0]  # distinct (np.unique is slower here)
        now = state.active[state.tie_src[ties]] & state.active[state.tie_dst[ties]]
        gained = now.astype(int) - state.live[ties]  # +1 live now, -1 no longer
        np.add.at(state.live_degree, state.tie_src[ties], gained)
        np.add.at(state.live_count, state.tie_community[ties], gained)
        np.add.at(state.live_cross_count, state.tie_community[ties], gained * state.tie_cross[ties])
        state.live[ties] = now
        state.live_cross[ties] = now & state.tie_cross[ties]
        state.live_weight[ties] = state.live[ties]
        state.live_cross_weight[ties] = state.live_cross[ties]
        state.live_for[changed] = state.active[changed]
    return state.live


def trust_on_live_ties(state: CommunityState) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                       np.ndarray]:
    """Per community (each length K): trust summed over the ties between active members,
    all and between roles only, and the number of those ties, all and between roles."""
    live_ties(state)
    total = per_community_ties(state, state.trust * state.live_weight)
    cross = per_community_ties(state, state.trust * state.live_cross_weight)
    return total, cross, state.live_count.copy(), state.live_cross_count.copy()


def strong_live_ties(state: CommunityState, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Per community (each length K), the ties between active members with trust >=
    `threshold`: all, and between roles."""
    strong = (state.trust >= threshold) & live_ties(state)
    return (count_per_community_ties(state, strong),
            count_per_community_ties(state, strong & state.live_cross))


def tie_index(state: CommunityState, truster: int, trustee: int) -> int | None:
    """Index of the directed tie truster -> trustee (global seats) in the tie arrays, or
    None."""
    if state.tie_lookup is None:
        state.tie_lookup = {(int(a), int(b)): e for e, (a, b)
                            in enumerate(zip(state.tie_src, state.tie_dst, strict=True))}
    return state.tie_lookup.get((truster, trustee))


def mean_view_of_roles(state: CommunityState, members: np.ndarray | None = None) -> np.ndarray:
    """Per community, the mean stereotype towards each role of its active members (or of
    `members`, a seat mask): K x N_ROLES, zeros for a community with nobody."""
    members = state.active if members is None else members
    k = state.n_communities
    counts = count_per_community(state, members)
    views = state.stereotype * members[:, None]  # rows of 0 for the others
    sums = np.bincount(state.seat_cells.ravel(), weights=views.ravel(), minlength=k * N_ROLES)
    return sums.reshape(k, N_ROLES) / np.maximum(counts, 1)[:, None]


def trust_in_room(state: CommunityState, cross: bool) -> np.ndarray:
    """Per community, the mean trust on ties between members present this week
    (cross-role ties only if asked): length K, 0 where there are none."""
    here = state.ties_in_room & state.tie_cross if cross else state.ties_in_room
    return share(per_community_ties(state, state.trust * here),
                 count_per_community_ties(state, here))


def roles_present(state: CommunityState, seats: np.ndarray | None = None) -> np.ndarray:
    """Per community, the members of each role in a seat mask (members present this week
    when None): K x N_ROLES counts."""
    seats = state.attended if seats is None else seats
    k = state.n_communities
    cells = state.seat_community[seats] * N_ROLES + state.role[seats]
    return np.bincount(cells, minlength=k * N_ROLES).reshape(k, N_ROLES)


def stereotype_in_room(state: CommunityState) -> np.ndarray:
    """Per community, the mean stereotype of members present towards the other groups
    present: length K, 0 where fewer than two groups are present."""
    here = state.attended
    counts = roles_present(state)
    present = counts > 0
    n_roles = present.sum(axis=1)
    views = per_community(state, np.where(here, (state.stereotype * present[
        state.seat_community]).sum(axis=1), 0.0))
    own = per_community(state, np.where(here, own_group_view(state), 0.0))
    count = counts.sum(axis=1)
    # 0 (share of a zero denominator) where fewer than two groups are present
    return share(views - own, count * (n_roles - 1) * (n_roles >= 2))


def own_group_view(state: CommunityState) -> np.ndarray:
    """Each seat's stereotype towards its own role: length S."""
    return state.stereotype[np.arange(state.role.size), state.role]


def status(state: CommunityState, seats: np.ndarray, a: Assumptions) -> np.ndarray:
    """Status in the room: low-status groups gain standing as they climb the ladder."""
    roles = state.role[seats]
    base = a.array("role_status")[roles]
    climbed = (state.rung[seats] - INFORM) / (CO_DESIGN - INFORM)
    return np.where(LOW_STATUS[roles], base + (1.0 - base) * climbed, base)


def orgs_of(state: CommunityState, kind: OrganisationKind) -> np.ndarray:
    """The organisations of a kind (all organisations if there is none of that kind)."""
    if kind not in state.orgs_of_kind:
        options = np.flatnonzero(state.org_kind == kind)
        state.orgs_of_kind[kind] = options if options.size else np.arange(state.org_kind.size)
    return state.orgs_of_kind[kind]


def products_in_use(state: CommunityState) -> np.ndarray:
    """Per community, the distinct products in use at one or more organisations now:
    length K (ints)."""
    in_use = np.bincount(state.use_product[state.use_on],
                         minlength=state.product_community.size) > 0
    return np.bincount(state.product_community[in_use], minlength=state.n_communities)


def organisations_using(state: CommunityState) -> np.ndarray:
    """Which organisations have one or more products of each community in use now: a K x O
    mask (`.any(axis=0)` gives the region's, where organisations are shared)."""
    k, n_orgs = state.n_communities, state.org_kind.size
    on = state.use_on
    return np.bincount(state.use_community[on] * n_orgs + state.use_org[on],
                       minlength=k * n_orgs).reshape(k, n_orgs) > 0


def draw_index(rng: np.random.Generator, weights: np.ndarray) -> int:
    """An index drawn with the given weights: what `rng.choice(len(weights), p=weights)`
    does (same draws), without its checks of `p`, which cost more than the draw."""
    cumulative = np.cumsum(weights)
    return int(np.searchsorted(cumulative / cumulative[-1], rng.random(), side="right"))


def draw_indices(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One index per row of `weights` (K x W), drawn with that row's weights from
    `rng.random(K)`: row by row what `draw_index` gives with the same numbers."""
    cumulative = np.cumsum(weights, axis=1)
    cumulative /= cumulative[:, -1:]
    draws = rng.random(weights.shape[0])
    return (cumulative <= draws[:, None]).sum(axis=1)
