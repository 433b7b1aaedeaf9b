"""Step 5 of the week: the sprint review (docs/ODD.md §7.5)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import N_ROLES
from lcsim.rules import boundary, climate, knowledge, stereotypes, trust
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState


def review_sprint(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, events: EventLog) -> None:
    """In the execute phase only, every `sprint_weeks`-th week: the sprint succeeds
    (reputational and learning capital, motivation of those present) or fails, and a
    failure is discussed openly (rework saved, learning capital, trust, softer stereotypes)
    or hushed up (a flaw in the product, distrust). The community's learning capacity, from
    its learning capital, raises the chance of success: lessons drawn improve later work
    (003 §2.3 c). Sources: 003 §3.4 b (sprints), 000 lesson 7 (learning
    from failure), 003 §2.2 (reflection), 003 §3.3 e (celebrating interim results)."""
    if state.phase != Phase.EXECUTE:
        return
    if state.execute_started < 0:
        state.execute_started = week
    if (week - state.execute_started) % a.sprint_weeks != a.sprint_weeks - 1:
        return
    capacity = knowledge.learning_capacity(state.capitals["learning"], a=a)
    chance = knowledge.sprint_success_with_lessons(
        climate.sprint_success_probability(state.sprint_quality, a=a), capacity, a=a)
    if rng.random() < chance:
        _celebrate_success(state, a)
        return
    discussed = rng.random() < climate.failure_discussed_probability(
        state.safety, p.embrace_failure, a=a)
    # A failed sprint costs rework, less when the lesson is drawn openly (000 lesson 7).
    rework = a.failure_rework * (1.0 - a.failure_lesson_saves * discussed)
    state.project.progress *= 1.0 - rework
    state.project.quality_weighted *= (1.0 - rework) * (1.0 - a.hushed_flaw * (not discussed))
    if discussed:
        _discuss_failure(state, p, a, week, events)
    else:
        _hush_failure(state, p, a, week, events)


def _celebrate_success(state: CommunityState, a: Assumptions) -> None:
    """A successful sprint: reputation, learning from reflecting on it, and motivation for
    those present (003 §3.3 e, §3.5 d-e; 000 lesson 7)."""
    here = state.attended
    state.capitals["reputational"] += a.sprint_reputation
    # Reflecting together on a success (000 lesson 7), as far as the community
    # reflects across its boundaries (003 §2.2).
    state.capitals["learning"] += a.sprint_learning * state.boundary[boundary.REFLECTION]
    state.motivation[here] = np.minimum(1.0, state.motivation[here] + a.sprint_motivation)


def _discuss_failure(state: CommunityState, p: Params, a: Assumptions, week: int,
                     events: EventLog) -> None:
    """A failed sprint discussed openly: learning capital, trust among those present, softer
    views of the roles in the room, and a memory that makes the climate safer (000 lesson
    7, §3; 003 §3.3 e)."""
    ties = state.ties_in_room
    state.failures_discussed += 1
    state.discussed_recently += 1.0
    state.capitals["learning"] += a.failure_learning + state.boundary[boundary.REFLECTION]
    state.trust[ties] = trust.update_trust(state.trust[ties], a.discussed_failure_trust,
                                           0.0, p.trust_gain, 0.0, a=a)
    # Reflecting together helps those present value each other's perspectives (000 §3).
    present = (np.bincount(state.role[state.attended], minlength=N_ROLES) > 0).astype(float)
    state.stereotype = stereotypes.shared_reflection(state.stereotype, state.attended, present,
                                                     a.failure_stereotype_relief)
    events.add(week, "failure discussed", "community",
               "A sprint failed; the group discussed openly what went wrong "
               "and what it learned.")


def _hush_failure(state: CommunityState, p: Params, a: Assumptions, week: int,
                  events: EventLog) -> None:
    """A failed sprint hushed up: distrust among those present and a memory that feeds
    relational conflict (003 §2.4, §3.3 e)."""
    ties = state.ties_in_room
    state.failures_hushed += 1
    state.hushed_recently += 1.0
    state.trust[ties] = trust.update_trust(state.trust[ties], 0.0, a.hushed_failure_distrust,
                                           0.0, p.trust_loss, a=a)
    events.add(week, "failure hushed up", "community",
               "A sprint failed; nobody spoke about it and blame went around, "
               "so trust fell.")
