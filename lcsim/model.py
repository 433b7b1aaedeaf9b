"""The learning-community model: a Mesa model that runs one week at a time.

The state of K communities lives in one `lcsim.state.CommunityState` (`model.state`,
docs/KSTATE.md); each step of the week is a function in `lcsim.week` that updates all of
them at once, called by `step()` in the order of docs/ODD.md ('Process overview'):
funding -> meeting -> exchange -> project work -> sprint review -> climate -> membership ->
phase -> products -> indicators. `CommunitiesModel` builds the state, keeps the Mesa agents
in step with the seats, and computes each community's outputs;
`LearningCommunityModel` is one community (K = 1), `lcsim.RegionModel` several. Every
field of a single community's state can also be read and assigned as a model attribute
(`model.trust`, `model.safety = 0.9`): the assignment goes to `model.state`.
"""

from __future__ import annotations

from dataclasses import fields

import mesa
import networkx as nx
import numpy as np

from lcsim.agents import Organisation, OrganisationKind, Participant
from lcsim.assumptions import Assumptions, as_assumptions
from lcsim.calendar import weeks
from lcsim.community import CommunityView, network_layout
from lcsim.events import EventLog
from lcsim.indicators import IndicatorCollector, community_indicators
from lcsim.interventions import Interventions
from lcsim.params import ParameterError, Params
from lcsim.roles import (
    BRIDGE_BUILDER_ROLES,
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
    empty_state,
    set_ties,
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
    "LANDING_SETTINGS", "LANDS_IN", "SOFT_SKILLS", "TRANSLATING", "CommunitiesModel",
    "LearningCommunityModel", "Product", "Project",
]

# Earlier names of state fields that the model kept private; they still reach the state.
PRIVATE_NAMES = {
    "_ties_of_seat": "ties_of_seat", "_tie_lookup": "tie_lookup", "_live_for": "live_for",
    "_live": "live", "_live_degree": "live_degree", "_live_cross": "live_cross",
    "_live_weight": "live_weight", "_live_cross_weight": "live_cross_weight",
    "_stall_checked": "stall_checked", "_orgs_of_kind": "orgs_of_kind",
}

# The kinds of the home organisations, in the order they are created (repeating).
ORGANISATION_PATTERN = (
    OrganisationKind.UNIVERSITY, OrganisationKind.SCHOOL, OrganisationKind.CLIENT_COUNCIL,
    OrganisationKind.CARE_PROVIDER, OrganisationKind.CARE_PROVIDER, OrganisationKind.SCHOOL,
    OrganisationKind.CARE_PROVIDER, OrganisationKind.CARE_PROVIDER,
)


class CommunitiesModel(mesa.Model):
    """K learning communities in one state, one step per week (the shared code of
    `LearningCommunityModel`, K = 1, and `lcsim.RegionModel`). The communities share the
    home organisations; each has `n_participants` seats and its own ties.

    Attributes:
        state: the `CommunityState` of all K communities.
        community_values: this week's outputs per community, name -> array of length K
            (docs/ODD.md "Outputs").
        participants: the `Participant` agent in each seat (length K x N).
        events: what happened, each event marked with its community.
    """

    state: CommunityState

    def _set_up(self, params: Params | None, assumptions: Assumptions | dict | None,
                overrides: dict, single: bool) -> None:
        """Build the state of `n_communities` communities (one if `single`)."""
        base = params if params is not None else Params()
        self.p = base.replace(**overrides) if overrides else base
        self.assumptions = as_assumptions(assumptions)
        if single and self.p.n_communities != 1:
            raise ParameterError(
                f"parameter 'n_communities' must be 1 for LearningCommunityModel; got "
                f"{self.p.n_communities}: use lcsim.RegionModel or lcsim.build_model for a "
                f"regional ecosystem")
        n_communities = self.p.n_communities
        self.event_log = EventLog()
        self.end_week = self.p.total_weeks
        self._check_roles()
        self._build_organisations()
        n = self.p.n_participants
        self.state = empty_state(n_communities, n, self.p.n_organisations)
        self._copy_organisations()
        s = self.state
        s.policy[:] = self.p.participation_policy  # may be raised by an intervention
        s.funding_weeks[:] = weeks(self.p.funding_years)
        s.follow_up_weeks[:] = weeks(self.p.follow_up_years)
        self.participants: list[Participant] = [None] * (n_communities * n)
        for community in range(n_communities):
            self._build_participants(community)
        self._build_ties()
        start_community(s, self.p, self.assumptions)
        self.frozen_at_dissolution: dict[str, np.ndarray] = {}
        self._stereotype_mark = (np.full(n_communities, -1), np.zeros(n_communities))

    # ------------------------------------------------------------------ setup
    def _check_roles(self) -> None:
        n, role_mix = self.p.n_participants, self.assumptions.array("role_mix")
        if role_counts(n, role_mix)[Role.PRACTITIONER] < 0:
            raise ParameterError(
                f"parameter 'n_participants' ({n}) is too small for assumption 'role_mix': "
                f"every role needs at least one member")
        if self.p.n_bridge_builders > (most := max_bridge_builders(n, role_mix)):
            raise ParameterError(
                f"parameter 'n_bridge_builders' ({self.p.n_bridge_builders}) must be at most "
                f"{most} in a community of {n}: its educators, researchers and "
                f"practitioners, who may hold the function")

    def _build_organisations(self) -> None:
        a = self.assumptions  # room, pace and turnover are tables per kind, in kind order
        self.organisations: list[Organisation] = []
        for index in range(self.p.n_organisations):
            kind = ORGANISATION_PATTERN[index % len(ORGANISATION_PATTERN)]
            low, high = a.org_room[kind]
            self.organisations.append(Organisation(
                self, index, kind, float(self.rng.uniform(low, high)), a.org_pace[kind],
                a.org_turnover[kind]))

    def _copy_organisations(self) -> None:
        s, organisations = self.state, self.organisations
        s.org_kind = np.array([o.kind for o in organisations])
        s.org_room = np.array([o.room_for_innovation for o in organisations])
        s.org_pace = np.array([o.pace for o in organisations])
        s.org_turnover = np.array([o.turnover_factor for o in organisations])

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

    def _build_participants(self, community: int) -> None:
        """Seat the members of one community: roles in the mix of `role_mix`, a home
        organisation of their kind, profiles drawn as newcomers', and the bridge-builders."""
        s, n = self.state, self.p.n_participants
        seats = np.arange(community * n, (community + 1) * n)
        counts = role_counts(n, self.assumptions.array("role_mix"))
        s.role[seats] = np.repeat(np.arange(N_ROLES), counts)
        s.seats_of_role = [np.flatnonzero(s.role == r) for r in range(N_ROLES)]
        s.org[seats] = [self._pick_org(self._home_kind(Role(r))) for r in s.role[seats]]
        s.active[seats] = True
        self._seat_newcomers(seats)
        roles = s.role[seats]
        candidates = seats[np.isin(roles, PREFERRED_BRIDGE_BUILDER_ROLES)]
        others = seats[np.isin(roles, BRIDGE_BUILDER_ROLES)
                       & ~np.isin(roles, PREFERRED_BRIDGE_BUILDER_ROLES)]
        pool = np.concatenate([self.rng.permutation(candidates), self.rng.permutation(others)])
        for seat in pool[: self.p.n_bridge_builders]:
            self._make_bridge_builder(int(seat))

    def _build_ties(self) -> None:
        """Potential collaboration ties within each community: complete in a small
        community, sparse in a large one."""
        n, k = self.p.n_participants, self.p.contacts_per_participant
        self.networks: list[nx.Graph] = []
        sources, targets = [], []
        for community in range(self.state.n_communities):
            seed = int(self.rng.integers(2**31))
            graph = nx.complete_graph(n) if n - 1 <= k else nx.gnm_random_graph(
                n, n * k // 2, seed=seed)
            self.networks.append(graph)
            edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2) + community * n
            sources.append(np.concatenate([edges[:, 0], edges[:, 1]]))
            targets.append(np.concatenate([edges[:, 1], edges[:, 0]]))
        self._layout_seed = int(self.rng.integers(2**31))
        self._layout: dict | None = None
        src, dst = np.concatenate(sources), np.concatenate(targets)
        set_ties(self.state, src, dst, trust.initial_trust(
            src.size, self.p.initial_trust, self.p.prior_collaboration, self.rng,
            a=self.assumptions))

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """One week for every community, in the order of docs/ODD.md ('Process overview
        and scheduling'); a dissolved community skips meeting to phase."""
        week, s, p, a, rng, events = (self.steps, self.state, self.p, self.assumptions,
                                      self.rng, self.event_log)
        funding.fund(s, p, a, week, events)
        dissolved = s.phase == Phase.DISSOLVED
        s.bb_effect[dissolved] = 0.0  # nobody facilitates any more
        s.spent_fte[dissolved] = 0.0
        if not dissolved.all():
            meeting.meet(s, p, a, rng)
            exchange.exchange(s, p, a, rng)
            project.work_on_project(s, p, a, rng, week, events)
            sprint_review.review_sprint(s, p, a, rng, week, events)
            climate.update_climate(s, p, a)
            changes = membership.update_membership(s, p, a, rng, week, events)
            self._replace_agents(changes.left, changes.seated)
            membership.announce_newcomers(s, changes.recruited, week, events)
            for community, reason in membership.dissolution_reasons(s, a).items():
                self._dissolve(community, week, reason)
            phase.advance_phase(s, a, week, events)
        products.land_and_use_products(s, p, a, rng, week, events)
        checked = week == s.funding_weeks + s.follow_up_weeks + a.lasting_check_weeks
        if checked.any():  # the week a community counts the products that lasted
            s.lasting_products = np.where(checked, state_products_in_use(s), s.lasting_products)
        funding.record_funded_week(s)
        self._after_week()
        self.community_values = community_indicators(s, p, a, self.frozen_at_dissolution)
        self._log_stereotype_shift(week)
        self._collect()
        if week >= self.end_week:
            self.running = False

    def _after_week(self) -> None:
        """What follows the communities' week before the outputs (a region merges the
        people it shares); nothing for one community."""

    def _collect(self) -> None:
        """This week's outputs into the DataCollector."""
        raise NotImplementedError

    @property
    def events(self) -> EventLog:
        """What happened, in plain words, in the order it happened (`lcsim.events`)."""
        return self.event_log

    def run(self) -> CommunitiesModel:
        """Run to the end of the observation window; `running` becomes False."""
        while self.running:
            self.step()
        return self

    # ------------------------------------------------------------------ Mesa agents
    def _seat_agents(self, seats: np.ndarray | list[int]) -> None:
        """Create the Participant agents of the people just seated in `seats`, in order."""
        for seat in np.asarray(seats, dtype=int).tolist():
            organisation = self.organisations[int(self.state.org[seat])]
            agent = Participant(self, seat, Role(int(self.state.role[seat])), organisation)
            self.state.member_id[seat] = agent.unique_id
            self.participants[seat] = agent

    def _replace_agents(self, left: list[int], seated: list[int]) -> None:
        """Remove the agents of members who left, then create those of the newcomers."""
        for seat in left:
            self.participants[seat].remove()
        self._seat_agents(seated)

    def _dissolve(self, community: int, week: int, text: str) -> None:
        """Community `community` stops: its outputs at this moment are kept for the trust
        and climate outputs, and its remaining members leave (0 active members from now)."""
        now = community_indicators(self.state, self.p, self.assumptions,
                                   self.frozen_at_dissolution)
        for name, values in now.items():
            frozen = self.frozen_at_dissolution.setdefault(
                name, np.full(self.state.n_communities, np.nan))
            frozen[community] = values[community]
        members = np.flatnonzero(self.state.active & (self.state.seat_community == community))
        for seat in members:
            self.participants[seat].remove()
        membership.dissolve(self.state, self.p, community, week, text, self.event_log)

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
        membership.drop_out(self.state, seat, week, reason, self.event_log)
        self.participants[seat].remove()

    def tie_index(self, truster: int, trustee: int) -> int | None:
        """Index of the directed tie truster -> trustee in the tie arrays, or None."""
        return state_tie_index(self.state, truster, trustee)

    def _orgs_of(self, kind: OrganisationKind) -> np.ndarray:
        """The organisations of a kind (all organisations if there is none of that kind)."""
        return state_orgs_of(self.state, kind)

    def _pick_org(self, kind: OrganisationKind) -> int:
        """A random organisation of a kind (any organisation if there is none of that kind)."""
        return int(self.rng.choice(self._orgs_of(kind)))

    def _log_stereotype_shift(self, week: int) -> None:
        """Every `stereotype_report_weeks`, an event for each community whose members'
        mean stereotype moved by `stereotype_report_shift` or more since it was last
        reported."""
        a = self.assumptions
        if week % a.stereotype_report_weeks:
            return
        now = self.community_values["mean_stereotype"]
        mark_week, mark = self._stereotype_mark
        moved = (mark_week < 0) | (np.abs(now - mark) >= a.stereotype_report_shift)
        for community in np.flatnonzero(moved & (mark_week >= 0)):
            direction = "soften" if now[community] < mark[community] else "harden"
            self.event_log.add(week, "stereotypes shift", "community",
                            f"Stereotypes {direction}: members now discount other groups' "
                            f"knowledge by {now[community]:.0%} on average "
                            f"({mark[community]:.0%} in week {mark_week[community]}, when "
                            f"this was last reported).", community=int(community))
        mark_week[moved] = week
        mark[moved] = now[moved]


class LearningCommunityModel(Interventions, CommunitiesModel):
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
        self._set_up(params, assumptions, overrides, single=True)
        self.view = CommunityView(self.state, 0)
        self.network = self.networks[0]
        self.datacollector = IndicatorCollector()
        self.community_values = community_indicators(self.state, self.p, self.assumptions,
                                                     self.frozen_at_dissolution)
        self._collect()
        self.running = self.end_week > 0

    def _collect(self) -> None:
        self.indicators = {name: float(values[0])
                           for name, values in self.community_values.items()}
        self.datacollector.collect(self)

    @property
    def at_dissolution(self) -> dict[str, float] | None:
        """The outputs at the moment the community dissolved, or None while it has not."""
        if self.state.dissolved_week[0] < 0 or not self.frozen_at_dissolution:
            return None
        return {name: float(values[0]) for name, values in self.frozen_at_dissolution.items()}

    def summary(self) -> dict[str, float]:
        """The run's outcomes (see docs/ODD.md for each definition)."""
        return dict(self.indicators)

    # ------------------------------------------------------------------ reading the state
    def _mean_view_of_roles(self, members: np.ndarray | None = None) -> np.ndarray:
        """Mean stereotype towards each role of the active members (or of `members`, a mask)."""
        return state_mean_view_of_roles(self.state, members)[0]

    def live_ties(self) -> np.ndarray:
        """Mask of the ties between two active members (see `lcsim.state.live_ties`)."""
        return state_live_ties(self.state)

    def trust_on_live_ties(self) -> tuple[float, float, int, int]:
        """Trust summed over the ties between active members, all and between roles only, and
        the number of those ties."""
        total, cross, n, n_cross = state_trust_on_live_ties(self.state)
        return float(total[0]), float(cross[0]), int(n[0]), int(n_cross[0])

    def strong_live_ties(self, threshold: float) -> tuple[int, int]:
        """Number of ties between active members with trust >= `threshold`: all, between roles."""
        strong, cross = state_strong_live_ties(self.state, threshold)
        return int(strong[0]), int(cross[0])

    def products_in_use(self) -> int:
        """Distinct products in use at one or more organisations now."""
        return int(state_products_in_use(self.state)[0])

    def layout(self) -> dict[int, tuple[float, float]]:
        """A stable, seeded layout of the tie network, computed once."""
        if self._layout is None:
            self._layout = network_layout(self.network, self._layout_seed)
        return self._layout


def _forward_to_state(name: str) -> property:
    """A model attribute that reads and assigns the field `name` of the one community
    (`lcsim.community.CommunityView`): per-community values as Python values."""
    return property(lambda model: getattr(model.view, name),
                    lambda model, value: setattr(model.view, name, value),
                    doc=f"`model.state.{name}` (see `lcsim.state.CommunityState`).")


def _forward_seat_array(name: str) -> property:
    """A model attribute that reads and assigns the state's field `name` as it is."""
    return property(lambda model: getattr(model.state, name),
                    lambda model, value: setattr(model.state, name, value),
                    doc=f"`model.state.{name}` (see `lcsim.state.CommunityState`).")


# Every field of the state is also a model attribute, for readers of the model (indicators,
# interventions, the agents, dashboards, tests): reading and assigning reach `model.state`.
# Any number of communities: the agents' arrays; one community: every field.
for _field in fields(CommunityState):
    setattr(CommunitiesModel, _field.name, _forward_seat_array(_field.name))
    setattr(LearningCommunityModel, _field.name, _forward_to_state(_field.name))
for _old, _field_name in PRIVATE_NAMES.items():
    setattr(LearningCommunityModel, _old, _forward_to_state(_field_name))
