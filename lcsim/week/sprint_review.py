"""Step 5 of the week: the sprint review (docs/ODD.md §7.5)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.rules import boundary, climate, knowledge, stereotypes, trust
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, roles_present


def review_sprint(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
                  week: int, events: EventLog) -> None:
    """In each community in the execute phase only, every `sprint_weeks`-th week: the sprint
    succeeds (reputational and learning capital, motivation of those present) or fails, and
    a failure is discussed openly (rework saved, learning capital, trust, softer
    stereotypes) or hushed up (a flaw in the product, distrust). The community's learning
    capacity, from its learning capital, raises the chance of success: lessons drawn
    improve later work (003 §2.3 c).
    Random draws, in order, every week: `rng.random(K)` (does the sprint succeed),
    `rng.random(K)` (is a failure discussed); only communities holding a review use them.
    Sources: 003 §3.4 b (sprints), 000 lesson 7 (learning from failure), 003 §2.2
    (reflection), 003 §3.3 e (celebrating interim results)."""
    k = state.n_communities
    executing = state.phase == Phase.EXECUTE
    state.execute_started = np.where(executing & (state.execute_started < 0), week,
                                     state.execute_started)
    reviewing = executing & \
        ((week - state.execute_started) % a.sprint_weeks == a.sprint_weeks - 1)
    success_draw = rng.random(k)
    talk_draw = rng.random(k)
    if not reviewing.any():
        return
    capacity = knowledge.learning_capacity(state.capitals["learning"], a=a)
    chance = knowledge.sprint_success_with_lessons(
        climate.sprint_success_probability(state.sprint_quality, a=a), capacity, a=a)
    succeeded = reviewing & (success_draw < chance)
    open_talk = talk_draw < climate.failure_discussed_probability(
        state.safety, p.embrace_failure, a=a)
    failed = reviewing & ~succeeded
    _celebrate_success(state, a, succeeded)
    _rework(state, a, failed, failed & open_talk)
    _discuss_failure(state, p, a, week, events, failed & open_talk)
    _hush_failure(state, p, a, week, events, failed & ~open_talk)


def _celebrate_success(state: CommunityState, a: Assumptions, succeeded: np.ndarray) -> None:
    """A successful sprint in the communities in `succeeded` (K mask): reputation, learning
    from reflecting on it, and motivation for those present (003 §3.3 e, §3.5 d-e; 000
    lesson 7)."""
    if not succeeded.any():
        return
    here = state.attended & succeeded[state.seat_community]
    state.capitals["reputational"] += np.where(succeeded, a.sprint_reputation, 0.0)
    # Reflecting together on a success (000 lesson 7), as far as the community
    # reflects across its boundaries (003 §2.2).
    state.capitals["learning"] += np.where(
        succeeded, a.sprint_learning * state.boundary[:, boundary.REFLECTION], 0.0)
    state.motivation[here] = np.minimum(1.0, state.motivation[here] + a.sprint_motivation)


def _rework(state: CommunityState, a: Assumptions, failed: np.ndarray,
            discussed: np.ndarray) -> None:
    """A failed sprint (`failed`, K mask) costs rework, less when the lesson is drawn
    openly (`discussed`); a failure hushed up leaves a flaw in the work (000 lesson 7)."""
    if not failed.any():
        return
    rework = a.failure_rework * (1.0 - a.failure_lesson_saves * discussed)
    flaw = 1.0 - a.hushed_flaw * ~discussed
    state.project.progress *= np.where(failed, 1.0 - rework, 1.0)
    state.project.quality_weighted *= np.where(failed, (1.0 - rework) * flaw, 1.0)


def _discuss_failure(state: CommunityState, p: Params, a: Assumptions, week: int,
                     events: EventLog, discussed: np.ndarray) -> None:
    """A failed sprint discussed openly in the communities in `discussed` (K mask):
    learning capital, trust among those present, softer views of the roles in the room,
    and a memory that makes the climate safer (000 lesson 7, §3; 003 §3.3 e)."""
    if not discussed.any():
        return
    ties = state.ties_in_room & discussed[state.tie_community]
    here = state.attended & discussed[state.seat_community]
    state.failures_discussed += discussed
    state.discussed_recently += discussed
    state.capitals["learning"] += np.where(
        discussed, a.failure_learning + state.boundary[:, boundary.REFLECTION], 0.0)
    state.trust[ties] = trust.update_trust(state.trust[ties], a.discussed_failure_trust,
                                           0.0, p.trust_gain, 0.0, a=a)
    # Reflecting together helps those present value each other's perspectives (000 §3).
    present = (roles_present(state) > 0).astype(float)
    state.stereotype = stereotypes.shared_reflection(
        state.stereotype, here, present[state.seat_community], a.failure_stereotype_relief)
    for community in np.flatnonzero(discussed).tolist():
        events.add(week, "failure discussed", "community",
                   "A sprint failed; the group discussed openly what went wrong "
                   "and what it learned.", community=community)


def _hush_failure(state: CommunityState, p: Params, a: Assumptions, week: int,
                  events: EventLog, hushed: np.ndarray) -> None:
    """A failed sprint hushed up in the communities in `hushed` (K mask): distrust among
    those present and a memory that feeds relational conflict (003 §2.4, §3.3 e)."""
    if not hushed.any():
        return
    ties = state.ties_in_room & hushed[state.tie_community]
    state.failures_hushed += hushed
    state.hushed_recently += hushed
    state.trust[ties] = trust.update_trust(state.trust[ties], 0.0, a.hushed_failure_distrust,
                                           0.0, p.trust_loss, a=a)
    for community in np.flatnonzero(hushed).tolist():
        events.add(week, "failure hushed up", "community",
                   "A sprint failed; nobody spoke about it and blame went around, "
                   "so trust fell.", community=community)
