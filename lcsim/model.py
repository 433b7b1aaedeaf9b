"""The learning-community model: a Mesa model that runs one week at a time.

The state of the community lives in a `lcsim.state.CommunityState` (`model.state`); each
step of the week is a function in `lcsim.week` that updates it, called by `step()` in the
order of docs/ODD.md ('Process overview'): funding -> meeting -> exchange -> project work
-> sprint review -> climate -> membership -> phase -> products -> indicators. This class
builds the state, keeps the Mesa agents in step with the seats, and collects the outputs.
Every field of the state can also be read and assigned as a model attribute
(`model.trust`, `model.safety = 0.9`): the assignment goes to `model.state`.
"""

from __future__ import annotations

from dataclasses import fields

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
    BRIDGE_BUILDER_ROLES,
    N_KNOWLEDGE,
    N_ROLES,
    PREFERRED_BRIDGE_BUILDER_ROLES,
    Role,
    max_bridge_builders,
    role_counts,
)
from lcsim.rules import trust
from lcsim.rules.phases import Phase
from lcsim.state import (
    CREATING_MOVEMENT,
    DRIVING_CHANGE,
    EQUAL_PARTICIPATION,
    FIELD,
    INSPIRING,
    LANDING_SETTINGS,
    LANDS_IN,
    SOFT_SKILLS,
    TRANSLATING,
    CommunityState,
    Product,
    Project,
    start_community,
)
from lcsim.state import live_ties as state_live_ties
from lcsim.state import mean_view_of_roles as state_mean_view_of_roles
from lcsim.state import orgs_of as state_orgs_of
from lcsim.state import products_in_use as state_products_in_use
from lcsim.state import strong_live_ties as state_strong_live_ties
from lcsim.state import tie_index as state_tie_index
from lcsim.state import trust_on_live_ties as state_trust_on_live_ties
from lcsim.week import (
    climate,
    exchange,
    funding,
    meeting,
    membership,
    phase,
    products,
    project,
    sprint_review,
)

__all__ = [  # names other modules and tests import from here
    "CREATING_MOVEMENT", "DRIVING_CHANGE", "EQUAL_PARTICIPATION", "FIELD", "INSPIRING",
    "LANDING_SETTINGS", "LANDS_IN", "SOFT_SKILLS", "TRANSLATING", "LearningCommunityModel",
    "Product", "Project",
]

# Earlier names of state fields that the model kept private; they still reach the state.
PRIVATE_NAMES = {
    "_ties_of_seat": "ties_of_seat", "_tie_lookup": "tie_lookup", "_live_for": "live_for",
    "_live": "live", "_live_degree": "live_degree", "_live_cross": "live_cross",
    "_live_weight": "live_weight", "_live_cross_weight": "live_cross_weight",
    "_stall_checked": "stall_checked", "_orgs_of_kind": "orgs_of_kind",
}


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

    state: CommunityState

    def __init__(self, params: Params | None = None, *, rng=None,
                 assumptions: Assumptions | dict | None = None, **overrides) -> None:
        super().__init__(rng=rng)
        self.state = CommunityState()
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
        self.at_dissolution: dict[str, float] | None = None  # indicators when it dissolved
        self._stereotype_mark: tuple[int, float] | None = None  # week, level last reported
        self._build_organisations()
        self._build_participants()
        self._build_ties()
        start_community(self.state, self.p, self.assumptions)
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
        n, role_mix = self.p.n_participants, self.assumptions.array("role_mix")
        counts = role_counts(n, role_mix)
        if counts[Role.PRACTITIONER] < 0:
            raise ParameterError(
                f"parameter 'n_participants' ({n}) is too small for assumption 'role_mix': "
                f"every role needs at least one member")
        if self.p.n_bridge_builders > (most := max_bridge_builders(n, role_mix)):
            raise ParameterError(
                f"parameter 'n_bridge_builders' ({self.p.n_bridge_builders}) must be at most "
                f"{most} in a community of {n}: its educators, researchers and "
                f"practitioners, who may hold the function")
        s = self.state
        s.role = np.repeat(np.arange(N_ROLES), counts)
        s.seats_of_role = [np.flatnonzero(s.role == r) for r in range(N_ROLES)]
        s.org = np.array([self._pick_org(self._home_kind(Role(r))) for r in s.role])
        self.participants: list[Participant] = []
        s.member_id = np.zeros(n, dtype=int)
        s.active, s.is_bridge_builder = np.ones(n, dtype=bool), np.zeros(n, dtype=bool)
        s.bb_skills = np.zeros((n, len(SOFT_SKILLS)))
        s.knowledge, s.stereotype = np.zeros((n, N_KNOWLEDGE)), np.zeros((n, N_ROLES))
        s.motivation, s.expected, s.experienced = np.zeros(n), np.zeros(n), np.zeros(n)
        s.rung, s.late_invited = np.zeros(n, dtype=np.int8), np.zeros(n, dtype=bool)
        s.barrier, s.gatekeeping, s.tolerance = np.zeros(n), np.zeros(n), np.ones(n)
        s.load, s.pending_interest, s.immediate = np.zeros(n), np.zeros(n), np.zeros(n)
        s.joined_week = np.zeros(n, dtype=int)
        self._seat_newcomers(np.arange(n))
        candidates = np.flatnonzero(np.isin(s.role, PREFERRED_BRIDGE_BUILDER_ROLES))
        others = np.flatnonzero(np.isin(s.role, BRIDGE_BUILDER_ROLES)
                                & ~np.isin(s.role, PREFERRED_BRIDGE_BUILDER_ROLES))
        pool = np.concatenate([self.rng.permutation(candidates), self.rng.permutation(others)])
        for seat in pool[: self.p.n_bridge_builders]:
            self._make_bridge_builder(seat)

    def _build_ties(self) -> None:
        """Potential collaboration ties: complete in a small community, sparse in a large one."""
        n, s = self.p.n_participants, self.state
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
        s.tie_src = np.concatenate([edges[:, 0], edges[:, 1]])
        s.tie_dst = np.concatenate([edges[:, 1], edges[:, 0]])
        s.tie_cross = s.role[s.tie_src] != s.role[s.tie_dst]
        s.trust = trust.initial_trust(s.tie_src.size, self.p.initial_trust,
                                      self.p.prior_collaboration, self.rng, a=self.assumptions)
        # Indices of the ties each seat takes part in (either end), for resetting a seat.
        ends = np.concatenate([s.tie_src, s.tie_dst])
        order = np.argsort(ends, kind="stable")
        bounds = np.searchsorted(ends[order], np.arange(n + 1))
        ties = order % s.tie_src.size
        s.ties_of_seat = [ties[bounds[seat]:bounds[seat + 1]] for seat in range(n)]
        s.live_for = np.zeros(n, dtype=bool)
        s.live, s.live_cross = (np.zeros(s.tie_src.size, dtype=bool) for _ in range(2))
        s.live_degree = np.zeros(n)
        s.live_weight, s.live_cross_weight = np.zeros(s.tie_src.size), np.zeros(s.tie_src.size)
        s.ties_in_room = np.zeros(s.tie_src.size, dtype=bool)

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week, in the order of docs/ODD.md ('Process overview and scheduling')."""
        week, s, p, a, rng, events = (self.steps, self.state, self.p, self.assumptions,
                                      self.rng, self.events)
        funding.fund(s, p, a, week, events)
        if s.phase == Phase.DISSOLVED:
            s.bb_effect = np.zeros(len(SOFT_SKILLS))  # nobody facilitates any more
            s.spent_fte = 0.0
        else:
            meeting.meet(s, p, a, rng)
            exchange.exchange(s, p, a, rng)
            project.work_on_project(s, p, a, rng, week, events)
            sprint_review.review_sprint(s, p, a, rng, week, events)
            climate.update_climate(s, p, a)
            changes = membership.update_membership(s, p, a, rng, week, events)
            self._replace_agents(changes.left, changes.seated)
            membership.announce_newcomers(s, changes.recruited, week, events)
            if (reason := membership.dissolution_reason(s, a)) is not None:
                self._dissolve(week, reason)
            phase.advance_phase(s, a, week, events)
        products.land_and_use_products(s, p, a, rng, week, events)
        if week == s.funding_weeks + s.follow_up_weeks + a.lasting_check_weeks:
            s.lasting_products = self.products_in_use()
        funding.record_funded_week(s)
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

    def summary(self) -> dict[str, float]:
        """The run's outcomes (see docs/ODD.md for each definition)."""
        return {k: float(v) for k, v in self.indicators.items()}

    # ------------------------------------------------------------------ Mesa agents
    def _seat_agents(self, seats: np.ndarray | list[int]) -> None:
        """Create the Participant agents of the people just seated in `seats`, in order."""
        for seat in np.asarray(seats, dtype=int).tolist():
            organisation = self.organisations[int(self.state.org[seat])]
            agent = Participant(self, seat, Role(int(self.state.role[seat])), organisation)
            self.state.member_id[seat] = agent.unique_id
            if seat < len(self.participants):
                self.participants[seat] = agent
            else:
                self.participants.append(agent)

    def _replace_agents(self, left: list[int], seated: list[int]) -> None:
        """Remove the agents of members who left, then create those of the newcomers."""
        for seat in left:
            self.participants[seat].remove()
        self._seat_agents(seated)

    def _dissolve(self, week: int, text: str) -> None:
        """The community stops: its state at this moment is kept for the trust and climate
        outputs, and its remaining members leave (0 active members from now on)."""
        self.at_dissolution = compute_indicators(self)
        for seat in np.flatnonzero(self.state.active):
            self.participants[seat].remove()
        membership.dissolve(self.state, self.p, week, text, self.events)

    # ------------------------------------------------------------------ seats, used by
    # the setup, the interventions and tests
    def _seat_newcomers(self, seats: np.ndarray) -> None:
        """Put new people in seats (profiles drawn from `rng`) and create their agents."""
        membership.seat_newcomers(self.state, self.p, self.assumptions, self.rng, seats,
                                  self.steps)
        self._seat_agents(seats)

    def _fill_seats(self, seats: np.ndarray) -> None:
        """Newcomers take empty seats: fresh profiles, and only starting trust on their ties."""
        membership.fill_seats(self.state, self.p, self.assumptions, self.rng, seats,
                              self.steps)
        self._seat_agents(seats)

    def _make_bridge_builder(self, seat: int) -> None:
        membership.make_bridge_builder(self.state, self.p, self.assumptions, self.rng, seat)

    def _drop_out(self, seat: int, week: int, reason: str) -> None:
        """The member in `seat` leaves for `reason`; their agent is removed."""
        membership.drop_out(self.state, seat, week, reason, self.events)
        self.participants[seat].remove()

    def _land_products(self, week: int, alive: bool) -> None:
        products.land_products(self.state, self.p, self.assumptions, self.rng, week, alive,
                               self.events)

    def _orgs_of(self, kind: OrganisationKind) -> np.ndarray:
        """The organisations of a kind (all organisations if there is none of that kind)."""
        return state_orgs_of(self.state, kind)

    def _pick_org(self, kind: OrganisationKind) -> int:
        """A random organisation of a kind (any organisation if there is none of that kind)."""
        return int(self.rng.choice(self._orgs_of(kind)))

    def _mean_view_of_roles(self, members: np.ndarray | None = None) -> np.ndarray:
        """Mean stereotype towards each role of the active members (or of `members`, a mask)."""
        return state_mean_view_of_roles(self.state, members)

    # ------------------------------------------------------------------ reading the state
    def live_ties(self) -> np.ndarray:
        """Mask of the ties between two active members (see `lcsim.state.live_ties`)."""
        return state_live_ties(self.state)

    def trust_on_live_ties(self) -> tuple[float, float, int, int]:
        """Trust summed over the ties between active members, all and between roles only, and
        the number of those ties."""
        return state_trust_on_live_ties(self.state)

    def strong_live_ties(self, threshold: float) -> tuple[int, int]:
        """Number of ties between active members with trust >= `threshold`: all, between roles."""
        return state_strong_live_ties(self.state, threshold)

    def tie_index(self, truster: int, trustee: int) -> int | None:
        """Index of the directed tie truster -> trustee in the tie arrays, or None."""
        return state_tie_index(self.state, truster, trustee)

    def products_in_use(self) -> int:
        """Distinct products in use at one or more organisations now."""
        return state_products_in_use(self.state)

    def layout(self) -> dict[int, tuple[float, float]]:
        """A stable, seeded layout of the tie network, computed once."""
        if self._layout is None:
            self._layout = nx.spring_layout(self.network, seed=self._layout_seed,
                                            iterations=30 if self.network.number_of_nodes()
                                            > 300 else 50)
        return self._layout

    def _log_stereotype_shift(self, week: int) -> None:
        a = self.assumptions
        if week % a.stereotype_report_weeks:
            return
        now = self.indicators["mean_stereotype"]
        if self._stereotype_mark is not None:
            mark_week, mark = self._stereotype_mark
            if abs(now - mark) < a.stereotype_report_shift:
                return
            direction = "soften" if now < mark else "harden"
            self.events.add(week, "stereotypes shift", "community",
                            f"Stereotypes {direction}: members now discount other groups' "
                            f"knowledge by {now:.0%} on average ({mark:.0%} in week "
                            f"{mark_week}, when this was last reported).")
        self._stereotype_mark = (week, now)


def _forward_to_state(name: str) -> property:
    """A model attribute that reads and assigns the state's field `name`."""
    return property(lambda model: getattr(model.state, name),
                    lambda model, value: setattr(model.state, name, value),
                    doc=f"`model.state.{name}` (see `lcsim.state.CommunityState`).")


# Every field of the state is also a model attribute, for readers of the model (indicators,
# interventions, the region, dashboards, tests): reading and assigning reach `model.state`.
for _field in fields(CommunityState):
    setattr(LearningCommunityModel, _field.name, _forward_to_state(_field.name))
for _old, _field_name in PRIVATE_NAMES.items():
    setattr(LearningCommunityModel, _old, _forward_to_state(_field_name))
