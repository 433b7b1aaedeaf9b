"""The learning-community model: a Mesa model that orchestrates one week at a time.

The weekly schedule (docs/ODD.md, 'Process overview') is, in order:
funding -> meeting -> exchange -> project work -> sprint review -> climate ->
membership -> phase -> products -> indicators. Every rule is a pure function in
`lcsim.rules`; this class only holds state and calls them in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mesa
import networkx as nx
import numpy as np

from lcsim.agents import Organisation, OrganisationKind, Participant
from lcsim.assumptions import Assumptions, as_assumptions
from lcsim.events import EventLog
from lcsim.indicators import IndicatorCollector, compute_indicators
from lcsim.interventions import Interventions
from lcsim.params import ParameterError, Params
from lcsim.roles import (
    LOW_STATUS,
    N_KNOWLEDGE,
    N_ROLES,
    PRODUCT_KINDS,
    PRODUCT_LANDS_IN_EDUCATION,
    PRODUCT_LANDS_IN_PRACTICE,
    ROLE_PAID,
    Role,
)
from lcsim.rules import (
    boundary,
    climate,
    funding,
    knowledge,
    membership,
    participation,
    phases,
    products,
    stereotypes,
    trust,
    value,
)
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase

# The five soft skills of bridge-builders (000 Tekstbox 4), as columns of `bb_skills`.
SOFT_SKILLS = ("translating", "equal_participation", "inspiring", "creating_movement",
               "driving_change")
TRANSLATING, EQUAL_PARTICIPATION, INSPIRING, CREATING_MOVEMENT, DRIVING_CHANGE = range(5)


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


class LearningCommunityModel(Interventions, mesa.Model):
    """A learning community in dementia care, one step per week.

    Args:
        params: a `Params`; defaults are used when None.
        rng: seed or numpy Generator (Mesa 3 convention); the only source of randomness.
        assumptions: the constants of the rules, an `Assumptions` or a dict of changes to
            the defaults (`lcsim.Assumptions()` when None).
        **overrides: any `Params` field by name, so `mesa.batch_run` can sweep them.

    Raises:
        ParameterError: a parameter or assumption out of range, or an unknown name.
    """

    def __init__(self, params: Params | None = None, *, rng=None,
                 assumptions: Assumptions | dict | None = None, **overrides) -> None:
        super().__init__(rng=rng)
        base = params if params is not None else Params()
        self.p = base.replace(**overrides) if overrides else base
        self.assumptions = as_assumptions(assumptions)
        if self.p.n_communities != 1:
            raise ParameterError(
                f"parameter 'n_communities' must be 1 for LearningCommunityModel; got "
                f"{self.p.n_communities}: use lcsim.RegionModel or lcsim.build_model for a "
                f"regional ecosystem")
        self.events = EventLog()
        self.policy = self.p.participation_policy  # may be raised by an intervention
        self.funding_weeks = int(round(52 * self.p.funding_years))
        self.follow_up_weeks = int(round(52 * self.p.follow_up_years))
        self.end_week = self.p.total_weeks
        self._build_organisations()
        self._build_participants()
        self._build_ties()
        self._init_community()
        self.datacollector = IndicatorCollector()
        self.indicators = compute_indicators(self)
        self.datacollector.collect(self)
        self.running = self.end_week > 0

    # ------------------------------------------------------------------ setup
    def _build_organisations(self) -> None:
        pattern = [OrganisationKind.UNIVERSITY, OrganisationKind.SCHOOL,
                   OrganisationKind.CLIENT_COUNCIL, OrganisationKind.CARE_PROVIDER,
                   OrganisationKind.CARE_PROVIDER, OrganisationKind.SCHOOL,
                   OrganisationKind.CARE_PROVIDER, OrganisationKind.CARE_PROVIDER]
        a = self.assumptions  # room, pace and turnover are tables per kind, in kind order
        self.organisations: list[Organisation] = []
        for index in range(self.p.n_organisations):
            kind = pattern[index % len(pattern)]
            low, high = a.org_room[kind]
            self.organisations.append(Organisation(
                self, index, kind, float(self.rng.uniform(low, high)), a.org_pace[kind],
                a.org_turnover[kind]))
        self.org_kind = np.array([o.kind for o in self.organisations])
        self.org_room = np.array([o.room_for_innovation for o in self.organisations])
        self.org_pace = np.array([o.pace for o in self.organisations])
        self.org_turnover = np.array([o.turnover_factor for o in self.organisations])
        self.org_applied_value = np.zeros(self.p.n_organisations)
        self._orgs_of_kind: dict[OrganisationKind, np.ndarray] = {}

    def _home_kind(self, role: Role) -> OrganisationKind:
        if role == Role.RESEARCHER:
            return OrganisationKind.UNIVERSITY
        if role == Role.EDUCATOR:
            return OrganisationKind.SCHOOL
        if role == Role.PERSON_WITH_DEMENTIA:
            return OrganisationKind.CLIENT_COUNCIL
        if role == Role.MBO_STAFF and self.rng.random() < self.assumptions.mbo_at_school:
            return OrganisationKind.SCHOOL
        return OrganisationKind.CARE_PROVIDER

    def _build_participants(self) -> None:
        n = self.p.n_participants
        counts = np.maximum(1, np.floor(self.assumptions.array("role_mix") * n).astype(int))
        counts[Role.PRACTITIONER] += n - counts.sum()
        if counts[Role.PRACTITIONER] < 0:
            raise ParameterError(
                f"parameter 'n_participants' ({n}) is too small for assumption 'role_mix': "
                f"every role needs at least one member")
        self.role = np.repeat(np.arange(N_ROLES), counts)
        self.seats_of_role = [np.flatnonzero(self.role == r) for r in range(N_ROLES)]
        self.org = np.array([self._pick_org(self._home_kind(Role(r))) for r in self.role])
        self.participants: list[Participant] = []
        self.active = np.ones(n, dtype=bool)
        self.is_bridge_builder = np.zeros(n, dtype=bool)
        self.bb_skills = np.zeros((n, len(SOFT_SKILLS)))
        self.knowledge = np.zeros((n, N_KNOWLEDGE))
        self.stereotype = np.zeros((n, N_ROLES))
        self.motivation = np.zeros(n)
        self.expected = np.zeros(n)
        self.experienced = np.zeros(n)
        self.rung = np.zeros(n, dtype=np.int8)
        self.late_invited = np.zeros(n, dtype=bool)
        self.barrier = np.zeros(n)
        self.gatekeeping = np.zeros(n)
        self.tolerance = np.ones(n)
        self.load = np.zeros(n)
        self.pending_interest = np.zeros(n)
        self.immediate = np.zeros(n)
        self.joined_week = np.zeros(n, dtype=int)
        self._seat_newcomers(np.arange(n))
        candidates = np.flatnonzero(np.isin(self.role, [Role.EDUCATOR, Role.RESEARCHER]))
        others = np.flatnonzero(np.isin(self.role, [Role.PRACTITIONER]))
        pool = np.concatenate([self.rng.permutation(candidates), self.rng.permutation(others)])
        for seat in pool[: self.p.n_bridge_builders]:
            self._make_bridge_builder(seat)

    def _orgs_of(self, kind: OrganisationKind) -> np.ndarray:
        """The organisations of a kind (all organisations if there is none of that kind)."""
        if kind not in self._orgs_of_kind:
            options = np.flatnonzero(self.org_kind == kind)
            self._orgs_of_kind[kind] = options if options.size else np.arange(
                len(self.organisations))
        return self._orgs_of_kind[kind]

    def _draw_index(self, weights: np.ndarray) -> int:
        """An index drawn with the given weights: what `rng.choice(len(weights), p=weights)`
        does (same draws), without its checks of `p`, which cost more than the draw."""
        cumulative = np.cumsum(weights)
        return int(np.searchsorted(cumulative / cumulative[-1], self.rng.random(), side="right"))

    def _pick_org(self, kind: OrganisationKind) -> int:
        """A random organisation of a kind (any organisation if there is none of that kind)."""
        return int(self.rng.choice(self._orgs_of(kind)))

    def _seat_newcomers(self, seats: np.ndarray) -> None:
        """Put new people in seats: role profile, fresh stereotypes, motivation, ladder rung."""
        p, a, rng, k = self.p, self.assumptions, self.rng, seats.size
        roles = self.role[seats]
        self.knowledge[seats] = np.clip(a.array("role_knowledge")[roles]
                                        + rng.normal(0, a.knowledge_noise, (k, N_KNOWLEDGE)),
                                        0.0, 1.0)
        self.stereotype[seats] = np.clip(
            stereotypes.initial_stereotypes(roles, p.stereotype_strength, a=a)
            * rng.uniform(*a.stereotype_noise, (k, N_ROLES)), 0.0, 1.0)
        self.motivation[seats] = rng.uniform(*a.motivation_start, k)
        self.load[seats] = 0.0
        self.is_bridge_builder[seats] = False
        self.bb_skills[seats] = 0.0
        self.rung[seats] = CO_DESIGN
        pwd = seats[roles == Role.PERSON_WITH_DEMENTIA]
        cognitive = rng.uniform(*a.pwd_cognitive, pwd.size)
        socio_economic = rng.beta(*a.pwd_socio_economic, pwd.size)  # mostly high status joins
        self.barrier[pwd] = (a.pwd_barrier_cognitive * cognitive
                             + a.pwd_barrier_socio_economic * (1.0 - socio_economic))
        self.gatekeeping[pwd] = rng.uniform(*a.pwd_gatekeeping, pwd.size)
        self.tolerance[pwd] = rng.uniform(*a.pwd_tolerance, pwd.size)
        self.rung[pwd] = INFORM
        mbo = seats[roles == Role.MBO_STAFF]
        policy_applies = rng.random(mbo.size) < self.policy
        self.rung[mbo] = np.where(policy_applies, ADVISE, INFORM)
        self.late_invited[mbo] = ~policy_applies
        # Members expect value in line with how much they are asked to take part; a newcomer
        # takes over what the community's members of that role have come to expect.
        expected = rng.uniform(*a.expectation_start, k) * a.array("rung_invitation")[
            self.rung[seats]]
        if self.steps > 0:
            for role in np.flatnonzero(np.bincount(roles, minlength=N_ROLES)):
                members = self.seats_of_role[role]
                peers = members[self.active[members]]
                if peers.size:
                    expected[roles == role] = self.expected[peers].mean()
        self.expected[seats] = expected
        self.experienced[seats] = expected
        self.joined_week[seats] = self.steps
        self.active[seats] = True
        for seat, role in zip(seats.tolist(), roles.tolist(), strict=True):
            agent = Participant(self, seat, Role(role), self.organisations[int(self.org[seat])])
            if seat < len(self.participants):
                self.participants[seat] = agent
            else:
                self.participants.append(agent)

    def _make_bridge_builder(self, seat: int) -> None:
        self.is_bridge_builder[seat] = True
        self.bb_skills[seat] = np.clip(self.p.bb_skill + self.rng.normal(
            0, self.assumptions.bb_skill_noise, len(SOFT_SKILLS)), 0.0, 1.0)

    def _build_ties(self) -> None:
        """Potential collaboration ties: complete in a small community, sparse in a large one."""
        n = self.p.n_participants
        k = self.p.contacts_per_participant
        seed = int(self.rng.integers(2**31))
        if n - 1 <= k:
            graph = nx.complete_graph(n)
        else:
            graph = nx.gnm_random_graph(n, n * k // 2, seed=seed)
        self.network = graph
        self._layout_seed = int(self.rng.integers(2**31))
        self._layout: dict | None = None
        edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
        self.tie_src = np.concatenate([edges[:, 0], edges[:, 1]])
        self.tie_dst = np.concatenate([edges[:, 1], edges[:, 0]])
        self.tie_cross = self.role[self.tie_src] != self.role[self.tie_dst]
        self.trust = trust.initial_trust(self.tie_src.size, self.p.initial_trust,
                                         self.p.prior_collaboration, self.rng,
                                         a=self.assumptions)
        self._tie_lookup: dict[tuple[int, int], int] | None = None
        # Indices of the ties each seat takes part in (either end), for resetting a seat.
        ends = np.concatenate([self.tie_src, self.tie_dst])
        order = np.argsort(ends, kind="stable")
        bounds = np.searchsorted(ends[order], np.arange(n + 1))
        ties = order % self.tie_src.size
        self._ties_of_seat = [ties[bounds[s]:bounds[s + 1]] for s in range(n)]
        self._live_for = np.zeros(n, dtype=bool)   # the `active` that `_live` describes
        self._live = np.zeros(self.tie_src.size, dtype=bool)
        self._live_degree = np.zeros(n)
        self._live_cross = np.zeros(self.tie_src.size, dtype=bool)  # live, between roles
        # The same as 0/1 floats, for sums of trust: live ties, and those between roles.
        self._live_weight = np.zeros(self.tie_src.size)
        self._live_cross_weight = np.zeros(self.tie_src.size)
        self.ties_in_room = np.zeros(self.tie_src.size, dtype=bool)

    def _ties_touching(self, seats: np.ndarray) -> np.ndarray:
        """Indices of the ties with either end in `seats` (a tie between two of them twice)."""
        return np.concatenate([self._ties_of_seat[s] for s in seats])

    def live_ties(self) -> np.ndarray:
        """Mask of the ties between two active members. Kept up to date by rechecking only the
        ties of members who joined or left since the last call, since there are many ties."""
        changed = np.flatnonzero(self.active != self._live_for)
        if changed.size:
            ties = np.sort(self._ties_touching(changed))
            ties = ties[np.diff(ties, prepend=-1) != 0]  # distinct (np.unique is slower here)
            now = self.active[self.tie_src[ties]] & self.active[self.tie_dst[ties]]
            np.add.at(self._live_degree, self.tie_src[ties],
                      now.astype(float) - self._live[ties])
            self._live[ties] = now
            self._live_cross[ties] = now & self.tie_cross[ties]
            self._live_weight[ties] = self._live[ties]
            self._live_cross_weight[ties] = self._live_cross[ties]
            self._live_for[changed] = self.active[changed]
        return self._live

    def trust_on_live_ties(self) -> tuple[float, float, int, int]:
        """Trust summed over the ties between active members, all and between roles only, and
        the number of those ties (weighted sums: much faster than gathering the ties)."""
        self.live_ties()
        total = float(np.einsum("i,i->", self.trust, self._live_weight))
        cross = float(np.einsum("i,i->", self.trust, self._live_cross_weight))
        return (total, cross, int(np.count_nonzero(self._live)),
                int(np.count_nonzero(self._live_cross)))

    def strong_live_ties(self, threshold: float) -> tuple[int, int]:
        """Number of ties between active members with trust >= `threshold`: all, between roles."""
        strong = (self.trust >= threshold) & self.live_ties()
        return int(np.count_nonzero(strong)), int(np.count_nonzero(strong & self._live_cross))

    def tie_index(self, truster: int, trustee: int) -> int | None:
        """Index of the directed tie truster -> trustee in the tie arrays, or None."""
        if self._tie_lookup is None:
            self._tie_lookup = {(int(a), int(b)): e for e, (a, b)
                                in enumerate(zip(self.tie_src, self.tie_dst, strict=True))}
        return self._tie_lookup.get((truster, trustee))

    def layout(self) -> dict[int, tuple[float, float]]:
        """A stable, seeded layout of the tie network, computed once."""
        if self._layout is None:
            self._layout = nx.spring_layout(self.network, seed=self._layout_seed,
                                            iterations=30 if self.network.number_of_nodes()
                                            > 300 else 50)
        return self._layout

    def _init_community(self) -> None:
        p = self.p
        self.phase = Phase.START
        self.shared_ambition = 0.0
        self.design_progress = 0.0
        self.project = Project()
        self.safety = p.psychological_safety
        self.relational_conflict = self.assumptions.relational_conflict_start
        self.task_conflict = 0.0
        self.collusion = 0.0
        self.power = 0.0
        self.combination_quality = 0.0
        self.boundary = np.full(len(boundary.MECHANISMS), self.assumptions.boundary_start)
        self.capitals = dict.fromkeys(value.CAPITALS, 0.0)
        self.immediate_value = 0.0
        self.applied_value = 0.0
        self.realized_value = 0.0
        self.transformative_value = 0.0
        self.products: list[Product] = []
        # The products as arrays (one row each), for the weekly landing and use.
        self.product_quality = np.zeros(0)
        self.product_kind = np.zeros(0, dtype=int)
        self.product_codesigned = np.zeros(0, dtype=bool)
        self.product_fit = np.zeros((0, len(LANDING_SETTINGS)))   # fit to practice, education
        self.product_landed = np.zeros((0, len(LANDING_SETTINGS)), dtype=int)  # week, or -1
        self._stall_checked = 0   # products developed a year ago or more, already checked
        # Products in use at an organisation, where applied value turns into realized value.
        self.use_product = np.zeros(0, dtype=int)
        self.use_org = np.zeros(0, dtype=int)
        self.use_weeks = np.zeros(0, dtype=int)
        self.use_on = np.zeros(0, dtype=bool)
        self.use_setting = np.zeros(0, dtype=int)   # index into LANDING_SETTINGS
        # Members' time in hours: paid (cumulative, and during the funded years) and spent in
        # meetings; this week's as full-time equivalents (FTE).
        self.paid_hours = 0.0
        self.paid_hours_funded = 0.0
        self.spent_hours = 0.0
        self.paid_fte = 0.0
        self.spent_fte = 0.0
        self.lasting_products = -1   # products in use two years after funding; -1 not yet
        self.dissolved_week = -1
        self.at_dissolution: dict[str, float] | None = None  # indicators when it dissolved
        self.place_free_week = np.zeros(p.landing_places, dtype=int)
        self.weeks_without_meeting = 0
        self.execute_started = -1
        self.sprint_quality = 0.0
        self.hushed_recently = 0.0
        self.failures_discussed = 0
        self.failures_hushed = 0
        self.dropouts = dict.fromkeys(membership.DROPOUT_REASONS, 0)
        self.departures = 0
        self.bb_departures = 0
        self.funding_state = funding.EXTERNAL if self.funding_weeks > 0 else funding.NONE
        self.coverage = np.zeros(p.n_organisations)
        self.capacity = np.zeros(p.n_participants)
        self.attended = np.zeros(p.n_participants, dtype=bool)
        self.bb_effect = np.zeros(len(SOFT_SKILLS))
        self.work_forms = phases.work_forms(self.assumptions)
        self.work_form = self.work_forms[0]
        self.cross_contact_share = 0.0
        self._stereotype_mark = None

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week, in the order of docs/ODD.md."""
        week = self.steps
        self._fund(week)
        if self.phase == Phase.DISSOLVED:
            self.bb_effect = np.zeros(len(SOFT_SKILLS))  # nobody facilitates any more
            self.spent_fte = 0.0
        else:
            self._meet()
            self._exchange()
            self._work_on_project(week)
            self._review_sprint(week)
            self._update_climate()
            self._update_membership(week)
            self._advance_phase(week)
        self._land_and_use_products(week)
        if week == self.funding_weeks + self.follow_up_weeks \
                + self.assumptions.lasting_check_weeks:
            self.lasting_products = self.products_in_use()
        self.indicators = compute_indicators(self)
        self._log_stereotype_shift(week)
        self.datacollector.collect(self)
        if week >= self.end_week:
            self.running = False

    def run(self) -> LearningCommunityModel:
        """Run to the end of the observation window; `running` becomes False."""
        while self.running:
            self.step()
        return self

    def products_in_use(self) -> int:
        """Distinct products in use at one or more organisations now."""
        return int(np.unique(self.use_product[self.use_on]).size)

    def summary(self) -> dict[str, float]:
        """The run's outcomes (see docs/ODD.md for each definition)."""
        return {k: float(v) for k, v in self.indicators.items()}

    # 1. funding and capacity
    def _fund(self, week: int) -> None:
        p = self.p
        state = funding.funding_state(week, self.funding_weeks, self.follow_up_weeks)
        if state != self.funding_state:
            text = {funding.FOLLOW_UP: "External funding ends; follow-up funding takes over.",
                    funding.NONE: "Funding ends; members' time now rests on their own "
                                  "organisations."}[state]
            self.events.add(week, "funding ends", "community", text)
            self.funding_state = state
        embedding = funding.embedding_level(p.structural_embedding, self.org_applied_value,
                                            a=self.assumptions)
        self.coverage = funding.coverage(state, p.external_coverage, p.fixed_contribution_share,
                                         p.in_kind_share, embedding, p.follow_up_coverage)
        self.capacity = participation.capacity(
            self.assumptions.array("role_time")[self.role], ROLE_PAID[self.role],
            self.coverage[self.org], self.org_room[self.org]) * self.active
        hours = self.assumptions.fte_hours
        paid = float(self.capacity[ROLE_PAID[self.role]].sum())
        self.paid_fte = paid
        self.paid_hours += paid * hours
        if state != funding.NONE:
            self.paid_hours_funded += paid * hours

    # 2. meeting: work form, bridge-builders, invitations, attendance
    def _meet(self) -> None:
        p, a = self.p, self.assumptions
        weights = phases.work_form_weights(self.phase, p.creative_work_forms, a=a)
        self.work_form = self.work_forms[self._draw_index(weights)]
        draw = self.rng.random(p.n_participants)
        available = np.clip(a.bb_availability * self.capacity, 0.0, 1.0)
        bb_here = (self.is_bridge_builder & self.active & (draw < p.bb_presence * available))
        skills = self.bb_skills[bb_here]
        if skills.size:
            # An innovation team pools its members' skills (000 lesson 3): fully when it works
            # as a team, otherwise as far as the function is invested in.
            pooled = 1.0 if p.bb_team else p.bridge_builder_investment
            skills = skills + pooled * (skills.max(axis=0) - skills)
        self.bb_effect = 1.0 - np.prod(1.0 - skills, axis=0) if skills.size \
            else np.zeros(len(SOFT_SKILLS))
        equal = self.bb_effect[EQUAL_PARTICIPATION]
        inviter_view = self._mean_view_of_roles()[self.role] * LOW_STATUS[self.role]
        invited = participation.invitation_probability(
            self.rung, self.late_invited, self.phase >= Phase.EXECUTE, inviter_view,
            self.policy, equal, a=a)
        reach = np.asarray(self.work_form.reach)[self.role]
        chance = participation.attendance_probability(self.capacity, self.motivation, invited,
                                                      reach, a=a)
        second = self.rng.random(p.n_participants)
        self.attended = self.active & (bb_here | (~self.is_bridge_builder & (second < chance)))
        self.ties_in_room = self.attended[self.tie_src] & self.attended[self.tie_dst]
        self.load = (1.0 - a.load_rate) * self.load + a.load_rate * self.attended
        self.weeks_without_meeting = 0 if self.attended.sum() >= a.min_meeting else \
            self.weeks_without_meeting + 1
        self.spent_fte = float(self.capacity[self.attended].sum())
        self.spent_hours += self.spent_fte * a.fte_hours

    def _mean_view_of_roles(self, members: np.ndarray | None = None) -> np.ndarray:
        """Mean stereotype towards each role of the active members (or of `members`, a mask)."""
        members = self.active if members is None else members
        count = np.count_nonzero(members)
        if count == 0:
            return np.zeros(N_ROLES)
        return np.einsum("i,ij->j", members.astype(float), self.stereotype) / count

    # 3. exchange in the meeting: knowledge, trust, stereotypes
    def _exchange(self) -> None:
        p, a = self.p, self.assumptions
        self.immediate = np.zeros(p.n_participants)
        both = np.flatnonzero(self.ties_in_room)
        n_here = int(self.attended.sum())
        if both.size == 0:
            self.cross_contact_share = 0.0
            return
        src, dst = self.tie_src[both], self.tie_dst[both]
        cross = self.tie_cross[both]
        view = self.stereotype[src, self.role[dst]]
        # People avoid groups they look down on; a bridge-builder brings them together, by the
        # mean of their translating and creating-movement skills.
        brokerage = (self.bb_effect[TRANSLATING] + self.bb_effect[CREATING_MOVEMENT]) / 2
        mixing = np.where(cross, self.work_form.mixing
                          * (1.0 - a.avoidance * view * (1.0 - brokerage)), 1.0)
        chance = np.clip(a.contacts_per_meeting / max(n_here - 1, 1) * mixing, 0.0, 1.0)
        met = self.rng.random(both.size) < chance
        edges, src, dst, cross, view = both[met], src[met], dst[met], cross[met], view[met]
        if edges.size == 0:
            self.cross_contact_share = 0.0
            return
        self.cross_contact_share = float(cross.mean())
        translation = self.bb_effect[TRANSLATING]
        distance = knowledge.cognitive_distance(self.knowledge[src], self.knowledge[dst])
        absorbed = knowledge.absorption(distance, translation, a=a)
        valued = stereotypes.valued_share(view, translation, a=a)
        competence = self.knowledge[dst].max(axis=1)  # before this meeting's learning
        gain = knowledge.uptake(self.knowledge[dst] - self.knowledge[src], self.trust[edges],
                                valued, absorbed, a.learning_rate)
        learned = np.zeros(p.n_participants)
        np.add.at(learned, src, gain.sum(axis=1))
        np.add.at(self.knowledge, src, gain)
        np.clip(self.knowledge, 0.0, 1.0, out=self.knowledge)

        understood = knowledge.understanding(distance, translation, a=a)
        p_success = knowledge.conversation_success(understood, valued, self.safety,
                                                   self.relational_conflict, a=a)
        success = (self.rng.random(edges.size) < p_success).astype(float)
        intention = self.motivation[dst]
        basis = trust.trust_basis(success, competence, intention)
        before = self.trust[both]
        # Everyone present sees how the meeting went: weak evidence of performance. A failure
        # counts against one of the three bases of trust, performance.
        went_well = float(success.mean())
        self.trust[both] = trust.update_trust(
            self.trust[both], a.observed_trust * went_well,
            a.observed_trust * (1.0 - went_well) / trust.BASES, p.trust_gain, p.trust_loss, a=a)
        self.trust[edges] = trust.update_trust(
            self.trust[edges], success * basis,
            (1.0 - success) * (1.0 - a.failure_goodwill * intention) / trust.BASES,
            p.trust_gain, p.trust_loss, a=a)
        delta = np.maximum(self.trust[both] - before, 0.0)
        bonded = np.bincount(self.tie_src[both], weights=delta, minlength=p.n_participants)

        if cross.any():
            c_src, c_dst = src[cross], dst[cross]
            equality = stereotypes.equal_status(self._status(c_src), self._status(c_dst),
                                                self.bb_effect[EQUAL_PARTICIPATION])
            self.stereotype = stereotypes.update_stereotypes(
                self.stereotype, c_src, self.role[c_dst], success[cross], 1.0 - success[cross],
                equality, p.contact_effect, p.value_all_perspectives, a=a)

        self.immediate = value.immediate_value(learned, bonded, self.attended, a=a)
        self.immediate_value += float(self.immediate.sum())
        self.capitals["human"] += float(learned.sum())
        self.capitals["social"] += float(delta[self.tie_cross[both]].sum())

    def _trust_in_room(self, cross: bool) -> float:
        """Mean trust on ties between members present this week (cross-role ties only if asked)."""
        here = self.ties_in_room & self.tie_cross if cross else self.ties_in_room
        count = np.count_nonzero(here)
        return float(np.einsum("i,i->", self.trust, here.astype(float)) / count) if count else 0.0

    def _stereotype_in_room(self) -> float:
        """Mean stereotype of members present towards the other groups present."""
        present = np.bincount(self.role[self.attended], minlength=N_ROLES) > 0
        n_roles = int(present.sum())
        if n_roles < 2:
            return 0.0
        seats = np.flatnonzero(self.attended)
        views = self.stereotype[seats][:, present].sum()
        own = self.stereotype[seats, self.role[seats]].sum()
        return float((views - own) / (seats.size * (n_roles - 1)))

    def _status(self, seats: np.ndarray) -> np.ndarray:
        """Status in the room: low-status groups gain standing as they climb the ladder."""
        base = self.assumptions.array("role_status")[self.role[seats]]
        climbed = (self.rung[seats] - INFORM) / (CO_DESIGN - INFORM)
        return np.where(LOW_STATUS[self.role[seats]], base + (1.0 - base) * climbed, base)

    # 4. project work: combining knowledge into products
    def _work_on_project(self, week: int) -> None:
        if self.phase == Phase.START or not self.attended.any():
            return
        a = self.assumptions
        here = self.attended
        heard = stereotypes.valued_share(self._mean_view_of_roles(here)[self.role],
                                         self.bb_effect[TRANSLATING], a=a)
        voice = a.array("voice")[self.rung]
        in_meeting = a.work_between_meetings + (1.0 - a.work_between_meetings) \
            * self.work_form.work
        share = self.capacity * heard * voice * here * in_meeting
        # What each member puts in, per knowledge type, is knowledge x share; its sums:
        contribution = np.einsum("i,ij->j", share, self.knowledge)  # per knowledge type
        member_total = share * np.einsum("ij->i", self.knowledge)   # per member
        by_role = np.bincount(self.role, weights=member_total, minlength=N_ROLES)
        translation = self.bb_effect[TRANSLATING]
        integrated = knowledge.integration(
            self._trust_in_room(cross=True),
            float(stereotypes.valued_share(np.array(self._stereotype_in_room()), translation,
                                           a=a)))
        amount, quality = knowledge.combination(by_role, integrated, self.task_conflict,
                                                self.collusion, a=a)
        coordination = self.boundary[boundary.COORDINATION]
        coordinated = (1.0 - a.coordination_work) + a.coordination_work * coordination
        amount *= a.work_rate * coordinated
        self.combination_quality = ((1.0 - a.combination_rate) * self.combination_quality
                                    + a.combination_rate * quality)
        if self.phase == Phase.DESIGN:
            self.design_progress += amount / (a.design_effort * self.p.product_effort)
            return
        project = self.project
        project.progress += amount
        project.quality_weighted += amount * quality
        project.contribution += contribution
        project.codesign += float(member_total[(self.role == Role.PERSON_WITH_DEMENTIA)
                                               & (self.rung == CO_DESIGN)].sum())
        project.mbo += float(member_total[(self.role == Role.MBO_STAFF)
                                          & (self.rung >= ADVISE)].sum())
        project.educator += float(member_total[self.role == Role.EDUCATOR].sum())
        self.sprint_quality = ((1.0 - a.sprint_quality_rate) * self.sprint_quality
                               + a.sprint_quality_rate * quality)
        if project.progress >= self.p.product_effort:
            self._finish_product(week)

    def _finish_product(self, week: int) -> None:
        project, a = self.project, self.assumptions
        total = max(project.contribution.sum(), 1e-12)
        weights = products.product_kind_weights(project.contribution, a=a)
        kind = PRODUCT_KINDS[self._draw_index(weights)]
        product = Product(len(self.products) + 1, kind, project.quality,
                          project.codesign / total > a.codesign_share,
                          project.mbo / total > a.mbo_share,
                          project.educator / total > a.educator_share, week)
        self.products.append(product)
        self.product_quality = np.append(self.product_quality, product.quality)
        self.product_kind = np.append(self.product_kind, product.kind_index)
        self.product_codesigned = np.append(self.product_codesigned, product.codesigned)
        fits = [products.fit(product.quality, product.codesigned, product.mbo_involved,
                             product.educator_involved, setting == "education", a=a)
                for setting, _, _, _ in LANDING_SETTINGS]
        self.product_fit = np.vstack([self.product_fit, fits])
        self.product_landed = np.vstack([self.product_landed, [-1] * len(LANDING_SETTINGS)])
        self.capitals["tangible"] += product.quality
        if kind == "publicity":
            self.capitals["reputational"] += product.quality
        made_with = [label for flag, label in ((product.codesigned, "people with dementia"),
                                               (product.mbo_involved, "mbo staff"))
                     if flag]
        extra = f", co-designed with {' and '.join(made_with)}" if made_with else ""
        self.events.add(week, "product developed", "community",
                        f"Product {product.number} ({kind.replace('_', ' ')}) is ready"
                        f"{extra}; quality {product.quality:.2f}.")
        self.project = Project()

    # 5. sprint review: success or failure, discussed or hushed up
    def _review_sprint(self, week: int) -> None:
        if self.phase != Phase.EXECUTE:
            return
        if self.execute_started < 0:
            self.execute_started = week
        p, a = self.p, self.assumptions
        if (week - self.execute_started) % a.sprint_weeks != a.sprint_weeks - 1:
            return
        here = self.attended
        if self.rng.random() < climate.sprint_success_probability(self.sprint_quality, a=a):
            self.capitals["reputational"] += a.sprint_reputation
            # Reflecting together on a success (000 lesson 7), as far as the community
            # reflects across its boundaries (003 §2.2).
            self.capitals["learning"] += a.sprint_learning * self.boundary[boundary.REFLECTION]
            self.motivation[here] = np.minimum(1.0, self.motivation[here] + a.sprint_motivation)
            return
        ties = self.ties_in_room
        discussed = self.rng.random() < climate.failure_discussed_probability(
            self.safety, p.embrace_failure, a=a)
        # A failed sprint costs rework, less when the lesson is drawn openly (000 lesson 7).
        rework = a.failure_rework * (1.0 - a.failure_lesson_saves * discussed)
        self.project.progress *= 1.0 - rework
        self.project.quality_weighted *= (1.0 - rework) * (1.0 - a.hushed_flaw * (not discussed))
        if discussed:
            self.failures_discussed += 1
            self.capitals["learning"] += a.failure_learning + self.boundary[boundary.REFLECTION]
            self.trust[ties] = trust.update_trust(self.trust[ties], a.discussed_failure_trust,
                                                  0.0, p.trust_gain, 0.0, a=a)
            self.events.add(week, "failure discussed", "community",
                            "A sprint failed; the group discussed openly what went wrong "
                            "and what it learned.")
        else:
            self.failures_hushed += 1
            self.hushed_recently += 1.0
            self.trust[ties] = trust.update_trust(self.trust[ties], 0.0,
                                                  a.hushed_failure_distrust, 0.0, p.trust_loss,
                                                  a=a)
            self.events.add(week, "failure hushed up", "community",
                            "A sprint failed; nobody spoke about it and blame went around, "
                            "so trust fell.")

    # 6. climate: safety, conflict, collusion, shared ambition, boundary crossing
    def _update_climate(self) -> None:
        p, a = self.p, self.assumptions
        here = self.attended
        roles_here = np.bincount(self.role[here], minlength=N_ROLES).astype(float)
        diversity = float(knowledge.diversity(roles_here)) if here.any() else 0.0
        total, _, n_live, _ = self.trust_on_live_ties()
        mean_trust = total / n_live if n_live else 0.0
        in_room = self._stereotype_in_room()
        if here.any():  # how far members' interests lie from their mean, by role counts
            share = roles_here / roles_here.sum()
            interests = self.assumptions.array("role_interests")
            centre = share @ interests
            spread = share @ (interests * interests).sum(axis=1)
            misalignment = min(max(float(1.0 - (centre @ centre) / spread), 0.0), 1.0)
        else:
            misalignment = 0.0
        self.power = climate.power_play(misalignment * a.misalignment_power,
                                        self.shared_ambition)
        target = climate.relational_conflict_target(in_room, 1.0 - mean_trust, self.power,
                                                    min(self.hushed_recently, 1.0),
                                                    self.bb_effect[EQUAL_PARTICIPATION], a=a)
        self.relational_conflict = climate.drift(self.relational_conflict, target,
                                                 a.conflict_drift)
        self.hushed_recently *= a.hushed_memory
        self.safety = climate.drift(self.safety, climate.safety_target(
            p.psychological_safety, self.bb_effect[CREATING_MOVEMENT], mean_trust,
            self.relational_conflict, a=a), a.safety_drift)
        self.task_conflict = climate.task_conflict(diversity, self.safety)
        self.collusion = climate.collusion(diversity, self.safety, self.relational_conflict)
        attendance = float(here.sum() / max(self.active.sum(), 1))
        growth = phases.shared_ambition_growth(p.alignment, attendance, mean_trust, self.power,
                                               a=a)
        self.shared_ambition = min(max(float(
            self.shared_ambition + growth * (1.0 - self.shared_ambition)
            - a.ambition_decay * self.shared_ambition), 0.0), 1.0)
        form = self.work_form
        moved = ((1.0 - a.movement_coordination)
                 + a.movement_coordination * self.bb_effect[CREATING_MOVEMENT])
        self.boundary = boundary.update_boundary_crossing(
            self.boundary, self.cross_contact_share * attendance,
            form.coordination * moved * attendance,
            form.reflection * self.safety * attendance, a=a)

    # 7. membership: motivation, ladder, dropout, turnover
    def _update_membership(self, week: int) -> None:
        p, a = self.p, self.assumptions
        active = self.active
        hands = ((self.role == Role.MBO_STAFF) & (self.rung == INFORM)
                 & (self.phase >= Phase.EXECUTE) & self.attended).astype(float)
        self.experienced = (1.0 - a.experience_rate) * self.experienced + a.experience_rate * (
            self.immediate + self.pending_interest - a.hands_experience_penalty * hands)
        self.pending_interest[:] = 0.0
        # Members still waiting for their late invitation have nothing to judge yet.
        engaged = ~(self.late_invited & (self.phase < Phase.EXECUTE))
        self.motivation = np.where(engaged, value.update_motivation(
            self.motivation, self.experienced, self.expected, a=a), self.motivation)
        self.motivation = np.minimum(
            1.0, self.motivation + a.inspiring_motivation * self.bb_effect[INSPIRING])
        self.expected = value.update_expectation(self.expected, self.experienced, a=a)
        if hands.any():  # treated as 'hands' breeds distrust of the others (000 §1)
            ties = self._ties_touching(np.flatnonzero(hands))
            out = ties[hands[self.tie_src[ties]] > 0]  # their trust in others
            self.trust[out] = trust.update_trust(self.trust[out], 0.0, a.hands_distrust, 0.0,
                                                 p.trust_loss, a=a)

        self._climb_ladder(week)
        # Among active members (the only ones who can drop out), ties to active members.
        self.live_ties()  # refresh the live-tie weights
        given = np.bincount(self.tie_src, weights=self.trust * self._live_weight,
                            minlength=p.n_participants)
        trust_in_others = given / np.maximum(self._live_degree, 1.0)
        pressure = membership.dropout_pressures(self.motivation, trust_in_others, hands,
                                                self.relational_conflict, a=a)
        p_drop = 1.0 - np.prod(1.0 - pressure, axis=1)
        leaving = active & (self.rng.random(p.n_participants) < p_drop)
        for seat in np.flatnonzero(leaving):
            reason = membership.DROPOUT_REASONS[int(np.argmax(pressure[seat]))]
            self._drop_out(seat, week, reason)

        weekly = membership.weekly_probability(p.turnover_rate)
        moving = self.active & (self.rng.random(p.n_participants)
                                < weekly * self.org_turnover[self.org])
        for seat in np.flatnonzero(moving):
            self._leave_job(seat, week)

        growth = a.bb_skill_growth * p.bridge_builder_investment
        self.bb_skills[self.is_bridge_builder] += growth * (
            1.0 - self.bb_skills[self.is_bridge_builder])

        self._recruit(week)
        n_active = int(self.active.sum())
        # Fields with an active member: research, education, practice (not people with dementia).
        n_fields = int(np.count_nonzero(np.bincount(
            FIELD[self.role[self.active]], minlength=NO_FIELD + 1)[:NO_FIELD]))
        if phases.dissolves(n_active, n_fields, self.weeks_without_meeting,
                            a=self.assumptions):
            reason = ("too few members are left" if n_active < a.min_members else
                      "too few of research, education and practice still take part"
                      if n_fields < a.min_fields else
                      f"it has not met for {self.weeks_without_meeting} weeks")
            self._dissolve(week, f"The community stops: {reason} ({n_active} active "
                                 f"members).")

    def _dissolve(self, week: int, text: str) -> None:
        """The community stops: its state at this moment is kept for the trust and climate
        outputs, and its remaining members leave (0 active members from now on)."""
        self.at_dissolution = compute_indicators(self)
        self.phase = Phase.DISSOLVED
        self.dissolved_week = week
        for seat in np.flatnonzero(self.active):
            self.participants[seat].remove()
        self.active[:] = False
        self.attended[:] = False
        self.capacity = np.zeros(self.p.n_participants)
        self.events.add(week, "community dissolves", "community", text)

    def _recruit(self, week: int) -> None:
        """Organisations send a new member to an empty seat, if they pay for the time (004)."""
        empty = np.flatnonzero(~self.active)
        if empty.size == 0:
            return
        a = self.assumptions
        chance = membership.recruitment_probability(
            a.recruitment_rate, self.coverage[self.org[empty]], self.shared_ambition, a=a)
        seats = empty[self.rng.random(empty.size) < chance]
        self._fill_seats(seats)
        for seat in seats:
            agent = self.participants[seat]
            self.events.add(week, "member joins", str(agent.unique_id),
                            f"{agent.role.article} joins the community and starts with "
                            f"little trust.")

    def _fill_seats(self, seats: np.ndarray) -> None:
        """Newcomers take empty seats: fresh profiles, and only starting trust on their ties."""
        if seats.size == 0:
            return
        self.trust[self._ties_touching(seats)] = self.p.initial_trust
        self._seat_newcomers(seats)

    def _climb_ladder(self, week: int) -> None:
        low = self.active & LOW_STATUS[self.role]
        if not low.any():
            return
        a = self.assumptions
        view = self._mean_view_of_roles()[self.role]
        barrier = self.barrier * (1.0 - a.policy_barrier_cut * self.policy)
        gatekeeping = self.gatekeeping * (
            1.0 - a.movement_gatekeeping_cut * self.bb_effect[CREATING_MOVEMENT])
        up = participation.rung_up_probability(self.policy, self.bb_effect[EQUAL_PARTICIPATION],
                                               view, barrier, gatekeeping, a=a) * low
        down = participation.overburdened(self.load, self.tolerance) & low \
            & (self.rung > INFORM)
        before = self.rung.copy()
        self.rung = participation.next_rung(self.rung, up, down, self.rng)
        self.rung[~low] = before[~low]
        for seat in np.flatnonzero(self.rung != before):
            agent = self.participants[seat]
            if self.rung[seat] > before[seat]:
                rung = ["", "inform", "advise", "co-design"][self.rung[seat]]
                self.events.add(week, "participation up", str(agent.unique_id),
                                f"{agent.role.article} moves up the ladder and now "
                                f"takes part to {rung}.")
            else:
                self.motivation[seat] *= 1.0 - a.overburden_motivation_loss
                self.events.add(week, "overburdened", str(agent.unique_id),
                                f"{agent.role.article} is overburdened by too many meetings "
                                f"and steps back a rung.")

    def _drop_out(self, seat: int, week: int, reason: str) -> None:
        agent = self.participants[seat]
        self.active[seat] = False
        self.dropouts[reason] = self.dropouts.get(reason, 0) + 1
        kind = "bridge-builder leaves" if self.is_bridge_builder[seat] else "member drops out"
        if self.is_bridge_builder[seat]:
            self.bb_departures += 1
        self.is_bridge_builder[seat] = False
        self.events.add(week, kind, str(agent.unique_id),
                        f"{agent.role.article} leaves the community: "
                        f"{membership.DROPOUT_REASON_TEXT[reason]}.")
        agent.remove()

    def _leave_job(self, seat: int, week: int) -> None:
        """Turnover: a member changes jobs; the seat stays empty until the organisation sends
        someone new (see `_recruit`). A bridge-builder's post may be refilled at once."""
        old = self.participants[seat]
        self.departures += 1
        self.active[seat] = False
        old.remove()
        if self.is_bridge_builder[seat]:
            self.bb_departures += 1
            a = self.assumptions
            refilled = self.rng.random() < a.bb_refill_base + (
                1.0 - a.bb_refill_base) * self.p.bridge_builder_investment
            self.is_bridge_builder[seat] = False
            if refilled:
                self._fill_seats(np.array([seat]))
                self._make_bridge_builder(seat)
            self.events.add(week, "bridge-builder leaves", str(old.unique_id),
                            f"The bridge-builder ({old.role.label}) takes another job; their "
                            f"ties go with them. " + ("A new bridge-builder is appointed."
                                                      if refilled else "Nobody replaces them."))
        elif old.role == Role.PERSON_WITH_DEMENTIA:
            self.events.add(week, "turnover", str(old.unique_id),
                            "A person with dementia or carer can no longer take part.")
        else:
            self.events.add(week, "turnover", str(old.unique_id),
                            f"{old.role.article} changes jobs and leaves the community; their "
                            f"trust and ties go with them.")

    # 8. phase
    def _advance_phase(self, week: int) -> None:
        if self.phase == Phase.DISSOLVED:
            return
        paid = self.active & ROLE_PAID[self.role]
        paid_time = float(self.coverage[self.org[paid]].mean()) if paid.any() else 0.0
        new = phases.next_phase(self.phase, self.shared_ambition, self.design_progress,
                                paid_time, a=self.assumptions)
        if new != self.phase:
            self.events.add(week, "phase", "community",
                            f"The community moves from {self.phase.name.lower()} to "
                            f"{new.name.lower()}.")
        self.phase = new

    # 9. products: landing, use, realized value
    def _land_and_use_products(self, week: int) -> None:
        alive = self.phase != Phase.DISSOLVED
        self._land_products(week, alive)
        self._report_stalled_products(week)
        self._use_products(alive)

    def _land_products(self, week: int, alive: bool) -> None:
        """Each product not yet landed in a setting where it can tries one organisation there.

        Chances are computed for all at once; those whose draw beats their chance land in
        product order, each rechecked against the places and room that the ones before it
        took this week (which only lowers a chance), as if they had tried one by one.
        """
        waiting, setting = np.nonzero((self.product_landed < 0) & LANDS_IN[self.product_kind])
        if waiting.size == 0:
            return
        p, a = self.p, self.assumptions
        change = min(1.0, self.bb_effect[DRIVING_CHANGE] + p.bb_decision_authority
                     * (1.0 if self.is_bridge_builder.any() else 0.0))
        in_use = np.bincount(self.use_org[self.use_on], minlength=len(self.organisations))
        free = np.flatnonzero(self.place_free_week <= week)
        org = np.empty(waiting.size, dtype=int)
        for index, (_, _, _, kind) in enumerate(LANDING_SETTINGS):
            here = setting == index
            options = self._orgs_of(kind)
            org[here] = options[self.rng.integers(options.size, size=int(here.sum()))]
        fit = self.product_fit[waiting, setting]

        def chance(rows: np.ndarray | int) -> np.ndarray:
            room = products.free_room(self.org_room[org[rows]], in_use[org[rows]], a=a)
            return products.landing_probability(
                fit[rows], room * (a.landing_pace_base + self.org_pace[org[rows]]),
                free.size > 0, p.product_landing, change, alive, a=a)

        draw = self.rng.random(waiting.size)
        for row in np.flatnonzero(draw < chance(np.arange(waiting.size))):
            if draw[row] >= chance(row):  # an earlier landing took the place or the room
                continue
            number, where = int(waiting[row]), int(setting[row])
            name, _, attr, _ = LANDING_SETTINGS[where]
            setattr(self.products[number], attr, week)
            self.product_landed[number, where] = week
            if free.size:
                self.place_free_week[free[0]] = week + a.pilot_weeks
                free = free[1:]
            self._apply(number, int(org[row]), name, week)
            in_use[org[row]] += 1

    def _report_stalled_products(self, week: int) -> None:
        """Say once of each product that has waited a year without landing anywhere."""
        while self._stall_checked < len(self.products) and \
                week - self.products[self._stall_checked].week_developed \
                >= self.assumptions.stall_report_weeks:
            product = self.products[self._stall_checked]
            self._stall_checked += 1
            if not product.landed:
                product.stalled_reported = True
                self.events.add(week, "product stalls", "community",
                                f"Product {product.number} ({product.kind.replace('_', ' ')}) "
                                f"has waited a year without landing anywhere.")

    def _use_products(self, alive: bool) -> None:
        """Products in use add realized value after a lag; some are dropped each week."""
        using = np.flatnonzero(self.use_on)
        if using.size == 0:
            return
        p = self.p
        self.use_weeks[using] += 1
        number = self.use_product[using]
        a = self.assumptions
        gain = value.realized_increment(self.product_quality[number], self.use_weeks[using],
                                        p.realization_lag_weeks,
                                        self.org_room[self.use_org[using]], a=a)
        self.realized_value += float(gain.sum())
        self.transformative_value += float((gain * value.transformative_share(
            self.boundary[boundary.TRANSFORMATION], self.product_codesigned[number],
            a=a)).sum())
        quit_chance = products.discontinue_probability(alive, p.product_landing, a=a)
        self.use_on[using[self.rng.random(using.size) < quit_chance]] = False

    def _apply(self, number: int, org: int, setting: str, week: int) -> None:
        """Product `number` is taken into use at an organisation: applied value, and felt value
        for the members whose interests it serves."""
        product, a = self.products[number], self.assumptions
        self.use_product = np.append(self.use_product, number)
        self.use_org = np.append(self.use_org, org)
        self.use_weeks = np.append(self.use_weeks, 0)
        self.use_on = np.append(self.use_on, True)
        self.use_setting = np.append(self.use_setting, 0 if setting == "practice" else 1)
        self.applied_value += product.quality
        self.org_applied_value[org] += product.quality
        self.capitals["reputational"] += a.landing_reputation * product.quality
        self.pending_interest += (a.interest_weight * product.quality
                                  * a.array("role_interests")[self.role, product.kind_index]
                                  * self.active)
        place = "a pilot" if setting == "practice" else "a minor"
        self.events.add(week, f"product lands in {setting}", "community",
                        f"Product {product.number} ({product.kind.replace('_', ' ')}) lands in "
                        f"{setting} at {place} of {self.organisations[org].kind.name.lower()} "
                        f"{org}.")

    def _log_stereotype_shift(self, week: int) -> None:
        a = self.assumptions
        if week % a.stereotype_report_weeks:
            return
        now = self.indicators["mean_stereotype"]
        if self._stereotype_mark is not None and \
                abs(now - self._stereotype_mark) >= a.stereotype_report_shift:
            direction = "soften" if now < self._stereotype_mark else "harden"
            self.events.add(week, "stereotypes shift", "community",
                            f"Stereotypes {direction}: members now discount other groups' "
                            f"knowledge by {now:.0%} on average (was "
                            f"{self._stereotype_mark:.0%}).")
            self._stereotype_mark = now
        elif self._stereotype_mark is None:
            self._stereotype_mark = now
