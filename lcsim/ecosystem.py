"""A regional ecosystem: several learning communities that share organisations and members.

A funding programme runs many learning communities in one region (MODEL_BRIEF §6; 004: "16
leernetwerken" in one programme; 000 opening section: people wear several 'petten'). The
region is K communities in one state (docs/KSTATE.md): every weekly submodel runs once for
all of them. They share one set of home organisations, so value landed in an organisation
by any community counts for all when organisations embed; and some people sit in two
communities at once. After each week, each shared person's experiences from both places
are merged (knowledge, stereotypes, motivation, and trust between people who share both
communities). Update order: all communities' week, then the merge (docs/ODD.md, 'Update
order and vectorisation').
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np
import pandas as pd
from mesa.agent import AgentSet

from lcsim.agents import Organisation, OrganisationKind, Participant
from lcsim.assumptions import Assumptions
from lcsim.community import Community
from lcsim.events import Event, EventLog
from lcsim.indicators import SUMMARY_KEYS, IndicatorCollector, community_indicators
from lcsim.model import CommunitiesModel, LearningCommunityModel
from lcsim.outputs import REGION_TOTALS
from lcsim.params import Params
from lcsim.state import organisations_using

REGION_OUTPUTS = ("n_communities", "communities_surviving", "realized_value_sd",
                  "realized_value_min", "realized_value_max", "shared_people")

# Person state that shared people carry between their communities: name, lowest, highest.
MERGED_STATE = (("knowledge", 0.0, 1.0), ("stereotype", 0.0, 1.0), ("motivation", 0.0, 1.0),
                ("expected", 0.0, None))


@dataclass
class SharedPerson:
    """One person holding seat `seat_a` of community `a` and seat `seat_b` of community
    `b` (seats numbered within their community)."""

    a: int
    seat_a: int
    b: int
    seat_b: int


class RegionModel(CommunitiesModel):
    """A region of `n_communities` learning communities sharing organisations and members.

    Args:
        params: a `Params` (n_participants is the size of each community).
        rng: seed or numpy Generator; a one-community region equals
            `LearningCommunityModel` with the same seed.
        assumptions: the constants of the rules (an `Assumptions` or a dict of changes),
            the same for every community; `lcsim.Assumptions()` when None.
        **overrides: any `Params` field by name.

    Attributes:
        communities: community k as a `lcsim.community.Community` (its values by name, its
            outputs, events and interventions), in the order of the state.

    Raises:
        ParameterError: a parameter or assumption out of range, or an unknown name.
    """

    def __init__(self, params: Params | None = None, *, rng=None,
                 assumptions: Assumptions | dict | None = None, **overrides) -> None:
        super().__init__(rng=rng)
        self._set_up(params, assumptions, overrides, single=False)
        self.communities = [Community(self, k) for k in range(self.state.n_communities)]
        self.shared = self._pick_shared_people()
        self._shared_ties = self._find_shared_ties()
        n = self.state.community_size
        self._seats_a = np.array([p.a * n + p.seat_a for p in self.shared], dtype=int)
        self._seats_b = np.array([p.b * n + p.seat_b for p in self.shared], dtype=int)
        first_tie = np.searchsorted(self.state.tie_community, np.arange(self.state.n_communities))
        self._ties_a = np.array([first_tie[a] + tie for a, tie, _, _ in self._shared_ties],
                                dtype=int)
        self._ties_b = np.array([first_tie[b] + tie for _, _, b, tie in self._shared_ties],
                                dtype=int)
        self._last = self._snapshot()
        self.history: list[dict[str, np.ndarray]] = []
        self.datacollector = IndicatorCollector(self._indicator_names())
        self.community_values = self._community_indicators()
        self._collect()
        self.running = self.end_week > 0

    # ------------------------------------------------------------------ setup
    def _pick_shared_people(self) -> list[SharedPerson]:
        """Pair a share of each community's members with same-role members of the next one;
        the pair keeps the first one's organisation (and bridge-builder function)."""
        count, n, s = self.state.n_communities, self.state.community_size, self.state
        if count < 2 or self.p.shared_member_share == 0:
            return []
        shared: list[SharedPerson] = []
        for a in range(count):
            b = (a + 1) % count
            if count == 2 and a == 1:
                continue
            taken_a = {x.seat_b for x in shared if x.b == a} | {
                x.seat_a for x in shared if x.a == a}
            taken_b = {x.seat_b for x in shared if x.b == b} | {
                x.seat_a for x in shared if x.a == b}
            for seat_a in self.rng.permutation(n)[:int(round(self.p.shared_member_share * n))]:
                if int(seat_a) in taken_a:
                    continue
                options = [x for x in np.flatnonzero(s.role[b * n:(b + 1) * n]
                                                     == s.role[a * n + seat_a])
                           if int(x) not in taken_b]
                if not options:
                    continue
                seat_b = int(self.rng.choice(options))
                taken_a.add(int(seat_a))
                taken_b.add(seat_b)
                shared.append(SharedPerson(a, int(seat_a), b, seat_b))
                self._share_seat(a * n + int(seat_a), b * n + seat_b)
        return shared

    def _share_seat(self, first: int, second: int) -> None:
        """The person in global seat `first` also holds `second`: same organisation, and one
        bridge-builder serves both."""
        s = self.state
        s.org[second] = s.org[first]
        self.participants[second].organisation = self.participants[first].organisation
        if s.is_bridge_builder[first]:
            s.is_bridge_builder[second] = True
            s.bb_skills[second] = s.bb_skills[first]

    def _find_shared_ties(self) -> list[tuple[int, int, int, int]]:
        """Ties between two shared people who share the same two communities:
        (community a, tie in a, community b, tie in b), ties numbered within their
        community as in `communities[k].trust`."""
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
    def _still_shared(self) -> np.ndarray:
        """Per shared person: do both seats still hold the people shared from the start
        (active in both communities and never replaced by a newcomer)?"""
        s = self.state
        return (s.active[self._seats_a] & s.active[self._seats_b]
                & (s.joined_week[self._seats_a] == 0) & (s.joined_week[self._seats_b] == 0))

    def _still_same_person(self, person: SharedPerson) -> bool:
        return bool(self._still_shared()[self.shared.index(person)])

    def _snapshot(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The state of the shared people and the trust on the shared ties after the last
        merge."""
        s = self.state
        snap = {name: (getattr(s, name)[self._seats_a], getattr(s, name)[self._seats_b])
                for name, _, _ in MERGED_STATE}
        snap["trust"] = (s.trust[self._ties_a], s.trust[self._ties_b])
        return snap

    def _after_week(self) -> None:
        """One person, two places: add up what happened to them in both communities."""
        s, last = self.state, self._last
        same = self._still_shared()
        for name, low, high in MERGED_STATE:
            before_a, before_b = last[name]
            values = getattr(s, name)
            merged = np.clip(before_a + (values[self._seats_a] - before_a)
                             + (values[self._seats_b] - before_b), low, high)
            values[self._seats_a[same]] = merged[same]
            values[self._seats_b[same]] = merged[same]
        before_a, before_b = last["trust"]
        s.trust[self._ties_a] = s.trust[self._ties_b] = np.clip(
            before_a + (s.trust[self._ties_a] - before_a)
            + (s.trust[self._ties_b] - before_b), 0.0, 1.0)
        self._last = self._snapshot()

    # ------------------------------------------------------------------ outputs
    def _indicator_names(self) -> list[str]:
        return list(SUMMARY_KEYS) + list(REGION_OUTPUTS)

    def _community_indicators(self) -> dict[str, np.ndarray]:
        return community_indicators(self.state, self.p, self.assumptions,
                                    self.frozen_at_dissolution)

    def _collect(self) -> None:
        """The region's outputs this week: totals or means over communities, and the
        spread of realized value; each community's outputs are kept in `history`."""
        per = self.community_values
        self.history.append(per)
        out = {name: float(values.sum() if name in REGION_TOTALS else values.mean())
               for name, values in per.items()}
        out.update(self._region_wide(per))
        realized = per["realized_value"]
        out["n_communities"] = float(self.state.n_communities)
        out["communities_surviving"] = float(per["survived"].sum())
        out["realized_value_sd"] = float(realized.std())
        out["realized_value_min"] = float(realized.min())
        out["realized_value_max"] = float(realized.max())
        out["shared_people"] = float(np.count_nonzero(self._still_shared()))
        self.indicators = out
        self.datacollector.collect(self)

    def _region_wide(self, per: dict[str, np.ndarray]) -> dict[str, float]:
        """Outputs that are neither a sum nor a mean over communities: organisations using
        a product are counted once for the region (they are shared), ratios are ratios of
        the region's totals, and the phase is the middle community's (a code, not a
        quantity to average)."""
        s = self.state
        using = organisations_using(s).any(axis=0)
        lasting = per["products_lasting"].sum()
        potential = per["potential_value"].sum()
        return {
            "care_organisations_using": float(np.count_nonzero(
                using & (s.org_kind == OrganisationKind.CARE_PROVIDER))),
            "schools_using": float(np.count_nonzero(
                using & (s.org_kind == OrganisationKind.SCHOOL))),
            "stranded_share": float(per["stranded_potential_value"].sum() / potential
                                    if potential > 0 else 0.0),
            "paid_hours_per_lasting_product": float(s.paid_hours_funded.sum()
                                                    / max(lasting, 1.0)),
            "phase": float(np.sort(per["phase"])[s.n_communities // 2]),
        }

    def summary(self) -> dict[str, float]:
        """Region totals (value, products, members) and means (shares, trust, conditions),
        plus the spread of realized value across communities; `survived` is the share of
        communities still active."""
        return dict(self.indicators)

    @property
    def agents_by_type(self) -> dict[type, AgentSet]:
        """The region's agents grouped by class: `Participant` and `Organisation`."""
        return {kind: self.agents.select(agent_type=kind)
                for kind in (Organisation, Participant)}

    def community_series(self) -> pd.DataFrame:
        """Every community's weekly indicators in one long table: one row per community and
        week (columns `community`, `week`, then the indicators of docs/ODD.md "Outputs")."""
        k, weeks = self.state.n_communities, len(self.history)
        table = {"community": np.repeat(np.arange(k), weeks),
                 "week": np.tile(np.arange(weeks), k)}
        for name in self.history[0]:
            table[name] = np.stack([row[name] for row in self.history], axis=1).ravel()
        return pd.DataFrame(table)

    @property
    def events(self) -> EventLog:
        """Every community's events, in week order, each marked with its community in `who`
        and `text` (an `EventLog`, as a single community's `events`); `event_log` holds
        them as they were written."""
        return EventLog(sorted(
            (Event(e.week, e.kind, f"community {e.community}: {e.who}",
                   f"[community {e.community}] {e.text}", e.community)
             for e in self.event_log), key=lambda e: e.week))


def build_model(params: Params | None = None, *, rng=None,
                assumptions: Assumptions | dict | None = None, **overrides) -> mesa.Model:
    """A `LearningCommunityModel`, or a `RegionModel` when `n_communities` > 1, with the
    given assumptions (the defaults when None)."""
    base = params if params is not None else Params()
    p = base.replace(**overrides) if overrides else base
    if p.n_communities > 1:
        return RegionModel(p, rng=rng, assumptions=assumptions)
    return LearningCommunityModel(p, rng=rng, assumptions=assumptions)
