"""The state of one learning community, as arrays and scalars the weekly submodels update.

`CommunityState` holds what the rules read and change each week: one row per seat, one per
directed tie, one per product and per product use, one per organisation, and the
community's scalars. The model (`lcsim.model`) builds it and owns the Mesa agents; the
submodels in `lcsim.week` only read and write this state. The helpers at the end are pure
functions of the state (apart from the live-tie cache they keep up to date).
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
    """A product of one of the seven kinds (000 Tekstbox 5) and where it landed."""

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

    @property
    def landed(self) -> bool:
        return self.landed_practice >= 0 or self.landed_education >= 0

    @property
    def kind_index(self) -> int:
        return PRODUCT_KINDS.index(self.kind)


@dataclass
class Project:
    """The community's current joint project: knowledge combined so far and by whom."""

    progress: float = 0.0
    quality_weighted: float = 0.0
    contribution: np.ndarray = field(default_factory=lambda: np.zeros(N_KNOWLEDGE))
    codesign: float = 0.0
    mbo: float = 0.0
    educator: float = 0.0

    @property
    def quality(self) -> float:
        return self.quality_weighted / self.progress if self.progress > 0 else 0.0


def _floats() -> np.ndarray:
    return np.zeros(0)


def _ints() -> np.ndarray:
    return np.zeros(0, dtype=int)


def _flags() -> np.ndarray:
    return np.zeros(0, dtype=bool)


@dataclass
class CommunityState:
    """The hot state of one community. Seat arrays have length N (`n_participants`), tie
    arrays length 2E (each of the E potential collaborations in both directions), product
    arrays one row per product, use arrays one row per landing, organisation arrays one
    entry per organisation. The model fills it at construction (`lcsim.model`)."""

    # seats: fixed role and home organisation; the person in the seat and their profile
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

    # organisations
    org_kind: np.ndarray = field(default_factory=_ints)
    org_room: np.ndarray = field(default_factory=_floats)
    org_pace: np.ndarray = field(default_factory=_floats)
    org_turnover: np.ndarray = field(default_factory=_floats)
    org_applied_value: np.ndarray = field(default_factory=_floats)
    coverage: np.ndarray = field(default_factory=_floats)
    backing: np.ndarray = field(default_factory=_floats)  # decision-makers' backing, 0-1
    orgs_of_kind: dict[OrganisationKind, np.ndarray] = field(default_factory=dict)

    # products, and products in use at an organisation
    products: list[Product] = field(default_factory=list)
    product_quality: np.ndarray = field(default_factory=_floats)
    product_kind: np.ndarray = field(default_factory=_ints)
    product_codesigned: np.ndarray = field(default_factory=_flags)
    product_fit: np.ndarray = field(default_factory=lambda: np.zeros((0, len(LANDING_SETTINGS))))
    product_landed: np.ndarray = field(  # week landed per setting, or -1
        default_factory=lambda: np.zeros((0, len(LANDING_SETTINGS)), dtype=int))
    stall_checked: int = 0   # products developed a year ago or more, already checked
    use_product: np.ndarray = field(default_factory=_ints)
    use_org: np.ndarray = field(default_factory=_ints)
    use_weeks: np.ndarray = field(default_factory=_ints)
    use_on: np.ndarray = field(default_factory=_flags)
    use_setting: np.ndarray = field(default_factory=_ints)   # index into LANDING_SETTINGS
    use_fit: np.ndarray = field(default_factory=_floats)     # local fit, kept up by upkeep
    use_trained: np.ndarray = field(default_factory=_floats)  # share of staff trained
    upkeep_share: float = 0.0    # share of project time spent on products this week
    landing_effort: float = 0.0  # effort given each waiting product this week (0-1)
    place_free_week: np.ndarray = field(default_factory=_ints)

    # the community
    phase: Phase = Phase.START
    policy: float = 0.0
    funding_weeks: int = 0
    follow_up_weeks: int = 0
    funding_state: str = funding.NONE
    shared_ambition: float = 0.0
    design_progress: float = 0.0
    project: Project = field(default_factory=Project)
    safety: float = 0.0
    relational_conflict: float = 0.0
    task_conflict: float = 0.0
    collusion: float = 0.0
    power: float = 0.0
    combination_quality: float = 0.0
    boundary: np.ndarray = field(default_factory=_floats)
    capitals: dict[str, float] = field(default_factory=dict)
    immediate_value: float = 0.0
    applied_value: float = 0.0
    realized_value: float = 0.0
    transformative_value: float = 0.0
    paid_hours: float = 0.0
    paid_hours_funded: float = 0.0
    subsidy_hours: float = 0.0   # the subsidy's part of paid_hours
    combination_funded_sum: float = 0.0  # knowledge combination summed over funded weeks
    funded_weeks_seen: int = 0
    spent_hours: float = 0.0
    paid_fte: float = 0.0
    spent_fte: float = 0.0
    lasting_products: int = -1   # products in use two years after funding; -1 not yet
    dissolved_week: int = -1
    weeks_without_meeting: int = 0
    execute_started: int = -1
    sprint_quality: float = 0.0
    hushed_recently: float = 0.0
    discussed_recently: float = 0.0
    failures_discussed: int = 0
    failures_hushed: int = 0
    dropouts: dict[str, int] = field(default_factory=dict)
    departures: int = 0
    bb_departures: int = 0
    bb_effect: np.ndarray = field(default_factory=lambda: np.zeros(len(SOFT_SKILLS)))
    work_forms: tuple[WorkForm, ...] = ()
    work_form: WorkForm | None = None
    cross_contact_share: float = 0.0
    leader_seat: int = governance.NO_LEADER   # seat that holds the leader post, or -1
    leader_member: int = -1                   # member_id of the current post holder
    leader_experience: float = 0.0            # how far the holder has grown into the post
    leadership: float = 0.0                   # the leader's effect last week (0-1)


def start_community(state: CommunityState, p: Params, a: Assumptions) -> None:
    """The community's scalars and empty product records at week 0 (docs/ODD.md §5)."""
    state.safety = p.psychological_safety
    state.relational_conflict = a.relational_conflict_start
    state.boundary = np.full(len(boundary.MECHANISMS), a.boundary_start)
    state.capitals = dict.fromkeys(value.CAPITALS, 0.0)
    state.place_free_week = np.zeros(p.landing_places, dtype=int)
    state.dropouts = dict.fromkeys(membership.DROPOUT_REASONS, 0)
    state.funding_state = funding.EXTERNAL if state.funding_weeks > 0 else funding.NONE
    state.coverage = np.zeros(p.n_organisations)
    state.capacity = np.zeros(p.n_participants)
    state.attended = np.zeros(p.n_participants, dtype=bool)
    state.bb_post_open = np.zeros(p.n_participants, dtype=bool)
    state.work_forms = phases.work_forms(a)
    state.work_form = state.work_forms[0]
    _start_governance(state, p, a)


def _start_governance(state: CommunityState, p: Params, a: Assumptions) -> None:
    """The leader post goes to an educator or researcher (`governance.choose_leader_seat`),
    experienced from the start; each organisation's decision-makers start with the backing
    they gave when they joined the consortium (003 §3.2 e, c; 004 insights 2, 6)."""
    candidates = np.flatnonzero(np.isin(state.role, LEADER_ROLES))
    state.leader_seat = governance.choose_leader_seat(candidates, state.is_bridge_builder,
                                                      p.leader_quality > 0)
    if state.leader_seat >= 0:
        state.leader_member = int(state.member_id[state.leader_seat])
        state.leader_experience = 1.0
    state.backing = np.full(p.n_organisations, a.backing_start)


# ---------------------------------------------------------------- helpers on the state
def leader_post_holder(state: CommunityState) -> int | None:
    """The member_id of the active member in the project leader's seat, or None when there
    is no leader post or its holder has left (003 §3.2 e; 004 insight 6; 001 'Persoonlijke
    relaties')."""
    seat = state.leader_seat
    if seat < 0 or not state.active[seat]:
        return None
    return int(state.member_id[seat])


def ties_touching(state: CommunityState, seats: np.ndarray) -> np.ndarray:
    """Indices of the ties with either end in `seats` (a tie between two of them twice)."""
    return np.concatenate([state.ties_of_seat[s] for s in seats])


def live_ties(state: CommunityState) -> np.ndarray:
    """Mask of the ties between two active members. Kept up to date by rechecking only the
    ties of members who joined or left since the last call, since there are many ties."""
    changed = (state.active != state.live_for).nonzero()[0]
    if changed.size:
        ties = np.sort(ties_touching(state, changed))
        ties = ties[np.diff(ties, prepend=-1) != 0]  # distinct (np.unique is slower here)
        now = state.active[state.tie_src[ties]] & state.active[state.tie_dst[ties]]
        np.add.at(state.live_degree, state.tie_src[ties], now.astype(float) - state.live[ties])
        state.live[ties] = now
        state.live_cross[ties] = now & state.tie_cross[ties]
        state.live_weight[ties] = state.live[ties]
        state.live_cross_weight[ties] = state.live_cross[ties]
        state.live_for[changed] = state.active[changed]
    return state.live


def trust_on_live_ties(state: CommunityState) -> tuple[float, float, int, int]:
    """Trust summed over the ties between active members, all and between roles only, and
    the number of those ties (weighted sums: much faster than gathering the ties)."""
    live_ties(state)
    total = float(np.einsum("i,i->", state.trust, state.live_weight))
    cross = float(np.einsum("i,i->", state.trust, state.live_cross_weight))
    return (total, cross, int(np.count_nonzero(state.live)),
            int(np.count_nonzero(state.live_cross)))


def strong_live_ties(state: CommunityState, threshold: float) -> tuple[int, int]:
    """Number of ties between active members with trust >= `threshold`: all, between roles."""
    strong = (state.trust >= threshold) & live_ties(state)
    return int(np.count_nonzero(strong)), int(np.count_nonzero(strong & state.live_cross))


def tie_index(state: CommunityState, truster: int, trustee: int) -> int | None:
    """Index of the directed tie truster -> trustee in the tie arrays, or None."""
    if state.tie_lookup is None:
        state.tie_lookup = {(int(a), int(b)): e for e, (a, b)
                            in enumerate(zip(state.tie_src, state.tie_dst, strict=True))}
    return state.tie_lookup.get((truster, trustee))


def mean_view_of_roles(state: CommunityState, members: np.ndarray | None = None) -> np.ndarray:
    """Mean stereotype towards each role of the active members (or of `members`, a mask)."""
    members = state.active if members is None else members
    count = np.count_nonzero(members)
    if count == 0:
        return np.zeros(N_ROLES)
    return np.einsum("i,ij->j", members.astype(float), state.stereotype) / count


def trust_in_room(state: CommunityState, cross: bool) -> float:
    """Mean trust on ties between members present this week (cross-role ties only if asked)."""
    here = state.ties_in_room & state.tie_cross if cross else state.ties_in_room
    count = np.count_nonzero(here)
    return float(np.einsum("i,i->", state.trust, here.astype(float)) / count) if count else 0.0


def stereotype_in_room(state: CommunityState) -> float:
    """Mean stereotype of members present towards the other groups present."""
    seats = state.attended.nonzero()[0]
    roles = state.role[seats]
    present = np.bincount(roles, minlength=N_ROLES) > 0
    n_roles = int(np.count_nonzero(present))
    if n_roles < 2:
        return 0.0
    views = state.stereotype[seats][:, present].sum()
    own = state.stereotype[seats, roles].sum()
    return float((views - own) / (seats.size * (n_roles - 1)))


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


def products_in_use(state: CommunityState) -> int:
    """Distinct products in use at one or more organisations now."""
    return int(np.count_nonzero(np.bincount(state.use_product[state.use_on])))


def draw_index(rng: np.random.Generator, weights: np.ndarray) -> int:
    """An index drawn with the given weights: what `rng.choice(len(weights), p=weights)`
    does (same draws), without its checks of `p`, which cost more than the draw."""
    cumulative = np.cumsum(weights)
    return int(np.searchsorted(cumulative / cumulative[-1], rng.random(), side="right"))
