"""One community of a K-community state, read and written by name (`CommunityView`).

The state (`lcsim.state.CommunityState`) keeps every community's values side by side:
per-community scalars as arrays of length K, seats and ties in one block per community.
A `CommunityView` shows community k as if it were alone: `view.safety` is a float,
`view.phase` a `Phase`, `view.work_form` a `WorkForm`, `view.capitals["human"]` a float,
`view.trust` the trust on its own ties, and assignments write back into the state. A
single `LearningCommunityModel` forwards its attributes to the view of its one community;
`RegionModel.communities[k]` is the view of community k.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

import mesa
import networkx as nx
import numpy as np
from mesa.agent import AgentSet

from lcsim.agents import Organisation, Participant
from lcsim.events import Event, EventLog
from lcsim.indicators import IndicatorCollector
from lcsim.interventions import Interventions
from lcsim.rules.phases import Phase
from lcsim.state import (
    COMMUNITY_FLOATS,
    COMMUNITY_SCALARS,
    CommunityState,
    seats_of,
    tie_index,
)

# Fields with one row per community (K x ...): a view shows its community's row.
COMMUNITY_ROWS = ("boundary", "bb_effect", "coverage", "backing", "place_free_week")
SEAT_FIELDS = (
    "seat_community", "role", "org", "member_id", "active", "joined_week",
    "is_bridge_builder", "bb_post_open", "bb_skills", "knowledge", "stereotype", "motivation",
    "expected", "experienced", "rung", "late_invited", "barrier", "gatekeeping", "tolerance",
    "load", "pending_interest", "immediate", "capacity", "attended", "live_for",
    "live_degree",
)
TIE_FIELDS = ("tie_community", "tie_cross", "trust", "live", "live_cross", "live_weight",
              "live_cross_weight", "ties_in_room")


# Fewer spring iterations for large networks keep the first drawing quick.
LARGE_NETWORK, LAYOUT_ITERATIONS, LARGE_LAYOUT_ITERATIONS = 300, 50, 30


def network_layout(network: nx.Graph, seed: int) -> dict[int, tuple[float, float]]:
    """A seeded spring layout of a community's tie network (node -> (x, y) in [-1, 1]),
    the same drawing for the same network and seed."""
    iterations = (LARGE_LAYOUT_ITERATIONS if network.number_of_nodes() > LARGE_NETWORK
                  else LAYOUT_ITERATIONS)
    return nx.spring_layout(network, seed=seed, iterations=iterations)


class CommunityRow(MutableMapping):
    """Community k's entries of a dict of per-community arrays (capitals, dropouts)."""

    def __init__(self, values: dict[str, np.ndarray], community: int) -> None:
        self._values, self._community = values, community

    def __getitem__(self, name: str):
        return self._values[name][self._community].item()

    def __setitem__(self, name: str, value) -> None:
        self._values[name][self._community] = value

    def __delitem__(self, name: str) -> None:
        raise TypeError("the names of a community's values are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return repr(dict(self))


class ProjectRow:
    """Community k's current joint project (`lcsim.state.Project`), read and written by
    name: `progress`, `quality_weighted`, `codesign`, `mbo` and `educator` are floats,
    `contribution` the row of knowledge put in, `quality` the mean quality so far."""

    NAMES = ("progress", "quality_weighted", "contribution", "codesign", "mbo", "educator")

    def __init__(self, state: CommunityState, community: int) -> None:
        object.__setattr__(self, "_state", state)
        object.__setattr__(self, "_community", community)

    def __getattr__(self, name: str):
        values = getattr(self._state.project, name)[self._community]
        return values if name == "contribution" else float(values)

    def __setattr__(self, name: str, value) -> None:
        if name not in self.NAMES:
            raise AttributeError(f"a project has no field {name!r}")
        getattr(self._state.project, name)[self._community] = value


class CommunityView:
    """Community `community` of `state`, with the names of `CommunityState`: scalars as
    Python values, rows of per-community tables, and the community's own seats and ties.
    With one community in the state, array fields are the state's own arrays."""

    def __init__(self, state: CommunityState, community: int) -> None:
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "community", community)

    def _ties(self) -> slice:
        bounds = np.searchsorted(self.state.tie_community, [self.community, self.community + 1])
        return slice(int(bounds[0]), int(bounds[1]))

    def __getattr__(self, name: str):
        if name in ("state", "community") or name.startswith("__"):
            raise AttributeError(name)  # not set yet (while unpickling)
        state, k = self.state, self.community
        if name == "leader_seat":
            seat = int(state.leader_seat[k])
            return seat - k * state.community_size if seat >= 0 else seat
        if name in COMMUNITY_SCALARS:
            return _scalar(state, name, k)
        if name in COMMUNITY_ROWS:
            return getattr(state, name)[k]
        if name in ("capitals", "dropouts"):
            return CommunityRow(getattr(state, name), k)
        if name == "project":
            return ProjectRow(state, k)
        if state.n_communities == 1:
            return getattr(state, name)
        if name in SEAT_FIELDS:
            return getattr(state, name)[seats_of(state, k)]
        if name in TIE_FIELDS:
            return getattr(state, name)[self._ties()]
        if name in ("tie_src", "tie_dst"):
            return getattr(state, name)[self._ties()] - k * state.community_size
        if name == "products":
            return [product for product in state.products if product.community == k]
        return getattr(state, name)

    def __setattr__(self, name: str, value) -> None:
        state, k = self.state, self.community
        if isinstance(getattr(type(self), name, None), property):
            object.__setattr__(self, name, value)
        elif name == "leader_seat":
            state.leader_seat[k] = value + k * state.community_size if value >= 0 else value
        elif name == "work_form":
            getattr(state, name)[k] = state.work_forms.index(value)
        elif name in COMMUNITY_SCALARS or name in COMMUNITY_ROWS:
            getattr(state, name)[k] = value
        elif state.n_communities == 1:
            setattr(state, name, value)
        elif name in SEAT_FIELDS:
            getattr(state, name)[seats_of(state, k)] = value
        elif name in TIE_FIELDS:
            getattr(state, name)[self._ties()] = value
        else:
            raise AttributeError(f"{name!r} is shared by the region's communities; set it on "
                                 f"the state")


def _scalar(state: CommunityState, name: str, community: int):
    """Community `community`'s value of a per-community scalar, as a Python value."""
    value = getattr(state, name)[community]
    if name == "phase":
        return Phase(int(value))
    if name == "funding_state":
        return str(value)
    if name == "work_form":
        return state.work_forms[int(value)] if state.work_forms else None
    return float(value) if name in COMMUNITY_FLOATS else int(value)


class CommunityEvents(EventLog):
    """The events of one community of a region, in the order they happened; `add` writes
    to the region's log with the community's index."""

    def __init__(self, log: EventLog, community: int) -> None:
        super().__init__(e for e in log if e.community == community)
        self._log, self._community = log, community

    def add(self, week: int, kind: str, who: str, text: str, community: int | None = None
            ) -> Event:
        event = self._log.add(week, kind, who, text, community=self._community)
        self.append(event)
        return event


class Community(Interventions, CommunityView):
    """Community k of a region, as a teacher or a test uses one community: its values by
    name (seats numbered within the community), its outputs and events, and the
    interventions of `lcsim.interventions`, which act on the region's state now.

    Args:
        model: the `lcsim.RegionModel` (or any `CommunitiesModel`) it belongs to.
        community: its index k.
    """

    def __init__(self, model: mesa.Model, community: int) -> None:
        super().__init__(model.state, community)
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "_layout", None)

    @property
    def _offset(self) -> int:
        return self.community * self.state.community_size

    @property
    def steps(self) -> int:
        return self.model.steps

    @property
    def rng(self) -> np.random.Generator:
        return self.model.rng

    @property
    def p(self):
        return self.model.p

    @property
    def assumptions(self):
        return self.model.assumptions

    @property
    def running(self) -> bool:
        return self.model.running

    @property
    def end_week(self) -> int:
        return self.model.end_week

    @end_week.setter
    def end_week(self, week: int) -> None:
        self.model.end_week = week

    @property
    def participants(self) -> list[Participant]:
        """The agent in each of the community's seats (seat numbers within the community)."""
        seats = seats_of(self.state, self.community)
        return self.model.participants[seats]

    @property
    def organisations(self) -> list[Organisation]:
        return self.model.organisations

    @property
    def events(self) -> CommunityEvents:
        return CommunityEvents(self.model.event_log, self.community)

    @property
    def indicators(self) -> dict[str, float]:
        """The community's outputs this week (docs/ODD.md "Outputs")."""
        return {name: float(values[self.community])
                for name, values in self.model.community_values.items()}

    def summary(self) -> dict[str, float]:
        return self.indicators

    @property
    def datacollector(self) -> IndicatorCollector:
        """The community's weekly outputs so far, as a DataCollector (built from the
        region's `history`)."""
        collector = IndicatorCollector()
        for name in collector.model_vars:
            collector.model_vars[name] = [float(row[name][self.community])
                                          for row in self.model.history]
        return collector

    @property
    def agents_by_type(self) -> dict[type, AgentSet]:
        members = [agent for agent, active in zip(self.participants, self.active, strict=True)
                   if active]
        return {Participant: AgentSet(members, random=self.model.random),
                Organisation: AgentSet(self.organisations, random=self.model.random)}

    @property
    def network(self) -> nx.Graph:
        return self.model.networks[self.community]

    def layout(self) -> dict[int, tuple[float, float]]:
        """A stable, seeded layout of the community's tie network, computed once."""
        if self._layout is None:
            object.__setattr__(self, "_layout", network_layout(
                self.network, self.model._layout_seed + self.community))
        return self._layout

    def tie_index(self, truster: int, trustee: int) -> int | None:
        """Index of the directed tie truster -> trustee (seats within the community) in
        the community's tie arrays, or None."""
        tie = tie_index(self.state, truster + self._offset, trustee + self._offset)
        return None if tie is None else tie - self._ties().start

    def _make_bridge_builder(self, seat: int) -> None:
        self.model._make_bridge_builder(seat + self._offset)

    def _drop_out(self, seat: int, week: int, reason: str) -> None:
        self.model._drop_out(seat + self._offset, week, reason)

    def _fill_seats(self, seats: np.ndarray) -> None:
        self.model._fill_seats(np.asarray(seats) + self._offset)
