"""Interventions a teacher or an experiment makes during a run; each leaves an event.

A mixin of `LearningCommunityModel`: these methods change the model's state now, through
the same state the weekly rules use, and write what happened to `model.events`.
"""

from __future__ import annotations

import numpy as np

from lcsim.agents import Participant
from lcsim.calendar import weeks
from lcsim.roles import PREFERRED_BRIDGE_BUILDER_ROLES
from lcsim.rules import funding, stereotypes


class Interventions:
    """Appoint or withdraw bridge-builders, end or extend funding, start a participation
    policy, hold a workshop against stereotypes, let a member or the project leader leave."""

    def appoint_bridge_builder(self) -> Participant | None:
        """Give the bridge-builder function to an active educator or researcher (or anyone)."""
        pool = np.flatnonzero(self.active & ~self.is_bridge_builder)
        if pool.size == 0:
            return None
        preferred = pool[np.isin(self.role[pool], PREFERRED_BRIDGE_BUILDER_ROLES)]
        seat = int(self.rng.choice(preferred if preferred.size else pool))
        self._make_bridge_builder(seat)
        agent = self.participants[seat]
        self.events.add(self.steps, "intervention", str(agent.unique_id),
                        f"{agent.role.article} is appointed bridge-builder.")
        return agent

    def withdraw_bridge_builder(self) -> Participant | None:
        """Withdraw the function from a bridge-builder (they stay as a member)."""
        seats = np.flatnonzero(self.is_bridge_builder & self.active)
        if seats.size == 0:
            return None
        seat = int(self.rng.choice(seats))
        self.is_bridge_builder[seat] = False
        agent = self.participants[seat]
        self.events.add(self.steps, "intervention", str(agent.unique_id),
                        f"The bridge-builder function of {agent.role.article.lower()} "
                        "is withdrawn.")
        return agent

    def end_funding_now(self) -> bool:
        """External funding (and any follow-up) stops from next week. Returns False, and
        changes and logs nothing, when no funding was left to end."""
        if self.funding_next_week() == funding.NONE:
            return False
        self.funding_weeks = min(self.funding_weeks, self.steps)
        self.follow_up_weeks = max(0, self.steps - self.funding_weeks)
        self.events.add(self.steps, "intervention", "community",
                        "The funder ends external funding now."
                        if self.funding_state == funding.EXTERNAL else
                        "The funder ends the follow-up funding now.")
        return True

    def funding_next_week(self) -> str:
        """Which source pays members' time from next week on, as planned now (after any
        intervention this week): `lcsim.rules.funding` EXTERNAL, FOLLOW_UP or NONE."""
        return funding.funding_state(self.steps + 1, self.funding_weeks, self.follow_up_weeks)

    def grant_follow_up(self, years: float | None = None) -> None:
        """Grant follow-up funding of `years` (assumption `follow_up_grant_years` if None)
        after external funding ends (or from now)."""
        if years is None:
            years = self.assumptions.follow_up_grant_years
        start = max(self.funding_weeks, self.steps)
        self.follow_up_weeks = start - self.funding_weeks + weeks(years)
        self.end_week = max(self.end_week, self.funding_weeks + self.follow_up_weeks
                            + self.p.weeks_after_funding)
        self.events.add(self.steps, "intervention", "community",
                        f"Follow-up funding of {years:g} year{'s' * (years != 1)} is granted.")

    def start_participation_policy(self, level: float | None = None) -> None:
        """Adopt a participation policy of `level` (assumption `policy_level` if None): mbo
        staff invited early, barriers addressed."""
        if level is None:
            level = self.assumptions.policy_level
        self.policy = max(self.policy, level)
        self.late_invited[:] = False
        self.events.add(self.steps, "intervention", "community",
                        "A participation policy starts: mbo staff and people with dementia are "
                        "invited early and as partners.")

    def hold_stereotype_workshop(self, effect: float | None = None) -> None:
        """A workshop against stereotypes for all active members; it takes away a share
        `effect` of them (assumption `workshop_effect` if None)."""
        if effect is None:
            effect = self.assumptions.workshop_effect
        self.stereotype = stereotypes.workshop(self.stereotype, self.active, effect)
        self.events.add(self.steps, "intervention", "community",
                        "A workshop on each other's knowledge and stereotypes is held.")

    def member_leaves(self, bridge_builder: bool = False) -> Participant | None:
        """A member (or a bridge-builder, if asked) leaves the community now."""
        mask = self.active & (self.is_bridge_builder if bridge_builder
                              else ~self.is_bridge_builder)
        seats = np.flatnonzero(mask)
        if seats.size == 0:
            return None
        seat = int(self.rng.choice(seats))
        agent = self.participants[seat]
        self._drop_out(seat, self.steps, "intervention")
        return agent

    def leader_leaves(self) -> Participant | None:
        """The project leader leaves the community now: the post is vacant until a newcomer
        takes the seat and grows into it (004 insight 6; 001 'Persoonlijke relaties')."""
        seat = self.leader_seat
        if seat < 0 or not self.active[seat]:
            return None
        agent = self.participants[seat]
        self._drop_out(seat, self.steps, "intervention")
        return agent
