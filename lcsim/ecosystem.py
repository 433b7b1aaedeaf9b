"""A regional ecosystem: several learning communities that share organisations and members.

A funding programme runs many learning communities in one region (MODEL_BRIEF §6). Here
each community is a `LearningCommunityModel`; the region gives them the same home
organisations and lets some people sit in two communities at once. Once every community
has stepped through a week, each shared person's experiences from both places are merged
(knowledge, stereotypes, motivation, and trust between people who share both
communities), and the value that landed in each organisation is pooled, so that
organisations embed on what the whole programme brought them. Update order: communities
in index order, then the merge (docs/ODD.md, 'Update order and vectorisation').
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
import pandas as pd
from mesa.agent import AgentSet

from lcsim.agents import Organisation, Participant
from lcsim.assumptions import Assumptions, as_assumptions
from lcsim.events import Event, EventLog
from lcsim.indicators import IndicatorCollector
from lcsim.model import LearningCommunityModel
from lcsim.params import Params

# Region outcomes that add up over communities; all other outcomes are averaged.
TOTALS = (
    "immediate_value", "potential_value", "applied_value", "realized_value",
    "transformative_value", "stranded_potential_value", "human_capital", "social_capital",
    "tangible_capital", "reputational_capital", "learning_capital", "active_members",
    "bridge_builders", "products_developed", "products_landed_practice",
    "products_landed_education", "products_unlanded", "failures_discussed",
    "failures_hushed", "dropouts", "turnover", "bridge_builder_departures",
    "products_in_use", "product_years_practice", "product_years_education", "paid_hours",
    "subsidy_hours", "spent_hours", "paid_fte", "spent_fte", "products_lasting",
)


# Person state that shared people carry between their communities: name, lowest, highest.
MERGED_STATE = (("knowledge", 0.0, 1.0), ("stereotype", 0.0, 1.0), ("motivation", 0.0, 1.0),
                ("expected", 0.0, None))


def _still_shared(first: LearningCommunityModel, seats_a: np.ndarray | int,
                  second: LearningCommunityModel, seats_b: np.ndarray | int) -> np.ndarray:
    """Whether these seats still hold the people shared from the start: active in both
    communities and never replaced by a newcomer."""
    return (first.active[seats_a] & second.active[seats_b]
            & (first.joined_week[seats_a] == 0) & (second.joined_week[seats_b] == 0))


@dataclass
class SharedPerson:
    """One person holding seat `seat_a` in community `a` and `seat_b` in community `b`."""

    a: int
    seat_a: int
    b: int
    seat_b: int


class RegionModel(mesa.Model):
    """A region of `n_communities` learning communities sharing organisations and members.

    Args:
        params: a `Params` (n_participants is the size of each community).
        rng: seed or numpy Generator; with an int seed, community 0 uses that same seed,
            so a one-community region equals `LearningCommunityModel` with that seed.
        assumptions: the constants of the rules (an `Assumptions` or a dict of changes),
            the same for every community; `lcsim.Assumptions()` when None.
        **overrides: any `Params` field by name.

    Raises:
        ParameterError: a parameter or assumption out of range, or an unknown name.
    """

    def __init__(self, params: Params | None = None, *, rng=None,
                 assumptions: Assumptions | dict | None = None, **overrides) -> None:
        super().__init__(rng=rng)
        base = params if params is not None else Params()
        self.p = base.replace(**overrides) if overrides else base
        self.assumptions = as_assumptions(assumptions)
        count = self.p.n_communities
        if isinstance(rng, (int, np.integer)):
            extra = np.random.SeedSequence(int(rng)).spawn(count)
            seeds = [int(rng)] + [int(s.generate_state(1)[0]) for s in extra[1:]]
        else:
            seeds = [int(s) for s in self.rng.integers(2**31, size=count)]
        one = self.p.replace(n_communities=1)
        self.communities = [LearningCommunityModel(one, rng=seed, assumptions=self.assumptions)
                            for seed in seeds]
        self._share_organisations()
        self.shared = self._pick_shared_people()
        self._shared_ties = self._find_shared_ties()
        self._pairs = self._group_by_community_pair()
        self._last = self._snapshot()
        self._applied = self.communities[0].org_applied_value.copy()
        self.end_week = max(c.end_week for c in self.communities)
        self.datacollector = IndicatorCollector(self._indicator_names())
        self.indicators = self._compute_indicators()
        self.datacollector.collect(self)
        self.running = self.end_week > 0

    # ------------------------------------------------------------------ setup
    def _share_organisations(self) -> None:
        """Every community uses the organisations of community 0 (same kinds, rooms, pace)."""
        first = self.communities[0]
        for community in self.communities[1:]:
            community.org_kind = first.org_kind
            community.org_room = first.org_room
            community.org_pace = first.org_pace
            community.org_turnover = first.org_turnover
            community.organisations = first.organisations

    def _pick_shared_people(self) -> list[SharedPerson]:
        """Pair a share of each community's members with same-role members of the next one."""
        count = len(self.communities)
        if count < 2 or self.p.shared_member_share == 0:
            return []
        shared = []
        for a in range(count):
            b = (a + 1) % count
            if b == a or (count == 2 and a == 1):
                continue
            first, second = self.communities[a], self.communities[b]
            taken_b: set[int] = {s.seat_b for s in shared if s.b == b} | {
                s.seat_a for s in shared if s.a == b}
            taken_a: set[int] = {s.seat_b for s in shared if s.b == a} | {
                s.seat_a for s in shared if s.a == a}
            n_share = int(round(self.p.shared_member_share * len(first.role)))
            for seat_a in self.rng.permutation(len(first.role))[:n_share]:
                if int(seat_a) in taken_a:
                    continue
                options = [s for s in np.flatnonzero(second.role == first.role[seat_a])
                           if int(s) not in taken_b]
                if not options:
                    continue
                seat_b = int(self.rng.choice(options))
                taken_a.add(int(seat_a))
                taken_b.add(seat_b)
                shared.append(SharedPerson(a, int(seat_a), b, seat_b))
                second.org[seat_b] = first.org[seat_a]
                second.participants[seat_b].organisation = first.participants[
                    seat_a].organisation
                if first.is_bridge_builder[seat_a]:  # one bridge-builder serves both
                    second.is_bridge_builder[seat_b] = True
                    second.bb_skills[seat_b] = first.bb_skills[seat_a]
        return shared

    def _find_shared_ties(self) -> list[tuple[int, int, int, int]]:
        """Ties between two shared people who share the same two communities:
        (community a, tie in a, community b, tie in b)."""
        ties = []
        by_pair: dict[tuple[int, int], list[SharedPerson]] = {}
        for person in self.shared:
            by_pair.setdefault((person.a, person.b), []).append(person)
        for (a, b), people in by_pair.items():
            for x in people:
                for y in people:
                    if x is y:
                        continue
                    tie_a = self.communities[a].tie_index(x.seat_a, y.seat_a)
                    tie_b = self.communities[b].tie_index(x.seat_b, y.seat_b)
                    if tie_a is not None and tie_b is not None:
                        ties.append((a, tie_a, b, tie_b))
        return ties

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """Every community steps one week, then shared people and organisations are merged."""
        for community in self.communities:
            if community.running:
                community.step()
        self._merge_shared_people()
        self._pool_organisation_value()
        self.indicators = self._compute_indicators()
        self.datacollector.collect(self)
        if not any(c.running for c in self.communities):
            self.running = False

    def run(self) -> RegionModel:
        while self.running:
            self.step()
        return self

    def _still_same_person(self, person: SharedPerson) -> bool:
        return bool(_still_shared(self.communities[person.a], person.seat_a,
                                  self.communities[person.b], person.seat_b))

    def _group_by_community_pair(self) -> list[tuple[int, np.ndarray, int, np.ndarray,
                                                      np.ndarray, np.ndarray]]:
        """Shared people and shared ties as arrays per pair of communities, so that a week's
        merge is a few array operations per pair: (a, seats in a, b, seats in b, ties in a,
        ties in b). A seat or tie belongs to at most one pair."""
        pairs = []
        for a, b in dict.fromkeys((person.a, person.b) for person in self.shared):
            people = [person for person in self.shared if (person.a, person.b) == (a, b)]
            ties = [(tie_a, tie_b) for pa, tie_a, pb, tie_b in self._shared_ties
                    if (pa, pb) == (a, b)]
            pairs.append((a, np.array([x.seat_a for x in people], dtype=int),
                          b, np.array([x.seat_b for x in people], dtype=int),
                          np.array([t[0] for t in ties], dtype=int),
                          np.array([t[1] for t in ties], dtype=int)))
        return pairs

    def _snapshot(self) -> list[dict[str, tuple[np.ndarray, np.ndarray]]]:
        """Per pair, the state of its shared people and the trust on its shared ties after the
        last merge."""
        snap = []
        for a, seats_a, b, seats_b, ties_a, ties_b in self._pairs:
            first, second = self.communities[a], self.communities[b]
            state = {name: (getattr(first, name)[seats_a], getattr(second, name)[seats_b])
                     for name, _, _ in MERGED_STATE}
            state["trust"] = (first.trust[ties_a], second.trust[ties_b])
            snap.append(state)
        return snap

    def _merge_shared_people(self) -> None:
        """One person, two places: add up what happened to them in both communities."""
        for (a, seats_a, b, seats_b, ties_a, ties_b), last in zip(self._pairs, self._last,
                                                                  strict=True):
            first, second = self.communities[a], self.communities[b]
            same = _still_shared(first, seats_a, second, seats_b)
            for name, low, high in MERGED_STATE:
                before_a, before_b = last[name]
                state_a, state_b = getattr(first, name), getattr(second, name)
                merged = np.clip(before_a + (state_a[seats_a] - before_a)
                                 + (state_b[seats_b] - before_b), low, high)
                state_a[seats_a[same]] = merged[same]
                state_b[seats_b[same]] = merged[same]
            before_a, before_b = last["trust"]
            merged = np.clip(before_a + (first.trust[ties_a] - before_a)
                             + (second.trust[ties_b] - before_b), 0.0, 1.0)
            first.trust[ties_a] = second.trust[ties_b] = merged
        self._last = self._snapshot()

    def _pool_organisation_value(self) -> None:
        """Value landed in an organisation by any community counts for all (embedding)."""
        gained = sum(c.org_applied_value - self._applied for c in self.communities)
        self._applied = self._applied + gained
        for community in self.communities:
            community.org_applied_value = self._applied.copy()

    # ------------------------------------------------------------------ outputs
    def _indicator_names(self) -> list[str]:
        names = list(self.communities[0].indicators)
        return names + ["n_communities", "communities_surviving", "realized_value_sd",
                        "realized_value_min", "realized_value_max", "shared_people"]

    def _compute_indicators(self) -> dict[str, float]:
        per = [c.indicators for c in self.communities]
        out = {}
        for name in per[0]:
            values = np.array([ind[name] for ind in per])
            out[name] = float(values.sum() if name in TOTALS else values.mean())
        realized = np.array([ind["realized_value"] for ind in per])
        out["n_communities"] = float(len(per))
        out["communities_surviving"] = float(sum(ind["survived"] for ind in per))
        out["realized_value_sd"] = float(realized.std())
        out["realized_value_min"] = float(realized.min())
        out["realized_value_max"] = float(realized.max())
        out["shared_people"] = float(sum(
            np.count_nonzero(_still_shared(self.communities[a], seats_a,
                                           self.communities[b], seats_b))
            for a, seats_a, b, seats_b, _, _ in self._pairs))
        return out

    def summary(self) -> dict[str, float]:
        """Region totals (value, products, members) and means (shares, trust, conditions),
        plus the spread of realized value across communities; `survived` is the share of
        communities still active."""
        return dict(self.indicators)

    @property
    def agents(self) -> AgentSet:
        """Every member of every community (`Participant`) and the region's shared home
        organisations (`Organisation`), as a new AgentSet each call (Mesa's read-only view
        for a model whose agents live in its communities). Mesa tools that read
        `model.agents` (DataCollector agent reporters, `agents_by_type`) work on a region
        as on one community."""
        members = [agent for community in self.communities
                   for agent in community.agents_by_type.get(Participant, ())]
        organisations = list(self.communities[0].agents_by_type.get(Organisation, ()))
        return AgentSet(organisations + members, random=self.random)

    @property
    def agents_by_type(self) -> dict[type, AgentSet]:
        """The region's agents grouped by class: `Participant` and `Organisation`."""
        agents = self.agents
        return {kind: agents.select(agent_type=kind)
                for kind in dict.fromkeys(type(agent) for agent in agents)}

    def community_series(self) -> pd.DataFrame:
        """Every community's weekly indicators in one long table: one row per community and
        week (columns `community`, `week`, then the indicators of docs/ODD.md "Outputs")."""
        frames = []
        for index, community in enumerate(self.communities):
            frame = community.datacollector.get_model_vars_dataframe().reset_index(drop=True)
            frame.insert(0, "week", np.arange(len(frame)))
            frame.insert(0, "community", index)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)

    @property
    def events(self) -> EventLog:
        """Every community's events, in week order, each marked with its community (an
        `EventLog`, as a single community's `events`)."""
        merged = [Event(e.week, e.kind, f"community {i}: {e.who}", f"[community {i}] {e.text}")
                  for i, c in enumerate(self.communities) for e in c.events]
        return EventLog(sorted(merged, key=lambda e: e.week))


def build_model(params: Params | None = None, *, rng=None,
                assumptions: Assumptions | dict | None = None, **overrides):
    """A `LearningCommunityModel`, or a `RegionModel` when `n_communities` > 1, with the
    given assumptions (the defaults when None)."""
    base = params if params is not None else Params()
    p = base.replace(**overrides) if overrides else base
    if p.n_communities > 1:
        return RegionModel(p, rng=rng, assumptions=assumptions)
    return LearningCommunityModel(p, rng=rng, assumptions=assumptions)
