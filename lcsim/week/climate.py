"""Step 6 of the week: climate, shared ambition and boundary crossing (docs/ODD.md §7.6)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.rules import boundary, climate, governance, knowledge, phases
from lcsim.rules.phases import Phase
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    CommunityState,
    count_per_community,
    leader_post_holder,
    roles_present,
    share,
    stereotype_in_room,
    trust_on_live_ties,
    work_form_values,
)


def update_climate(state: CommunityState, p: Params, a: Assumptions) -> None:
    """Each community's climate from this week's meeting: power play, relational conflict,
    psychological safety, task conflict, collusion, shared ambition and the four boundary
    crossing mechanisms, all in [0, 1]; a dissolved community is left unchanged. No random
    draws. Sources: 003 §2.4 and Schruijer 2021 (power, conflict, collusion, safety), 001
    condition 2 (shared ambition), Akkerman & Bakker 2011 via 003 §2.2 (boundary
    crossing)."""
    live = state.phase != Phase.DISSOLVED
    updated = None if live.all() else live  # the communities to update (None: all)
    roles_here = roles_present(state).astype(float)  # K x N_ROLES
    anyone = roles_here.any(axis=1)
    diversity = np.where(anyone, knowledge.diversity(roles_here), 0.0)
    total, _, n_live, _ = trust_on_live_ties(state)
    mean_trust = share(total, n_live)
    lead = _leadership(state, p, a, live)
    state.leadership = _if_live(updated, lead, state.leadership)
    state.power = _if_live(updated, climate.power_play(
        _misalignment(roles_here, anyone, a) * a.misalignment_power, state.shared_ambition),
        state.power)
    target = climate.relational_conflict_target(
        stereotype_in_room(state), 1.0 - mean_trust, state.power,
        np.minimum(state.hushed_recently, 1.0), state.bb_effect[:, EQUAL_PARTICIPATION], a=a)
    state.relational_conflict = _if_live(updated, climate.drift(
        state.relational_conflict, target, a.conflict_drift), state.relational_conflict)
    state.hushed_recently = _if_live(updated, state.hushed_recently * a.hushed_memory,
                                     state.hushed_recently)
    state.discussed_recently = _if_live(updated, state.discussed_recently * a.hushed_memory,
                                        state.discussed_recently)
    safety = climate.drift(state.safety, climate.safety_target(
        p.psychological_safety, state.bb_effect[:, CREATING_MOVEMENT], mean_trust,
        state.relational_conflict, lead, np.minimum(state.discussed_recently, 1.0), a=a),
        a.safety_drift)
    state.safety = _if_live(updated, safety, state.safety)
    state.task_conflict = _if_live(updated, climate.task_conflict(diversity, state.safety),
                                   state.task_conflict)
    state.collusion = _if_live(updated, climate.collusion(
        diversity, state.safety, state.relational_conflict), state.collusion)
    attendance = (count_per_community(state, state.attended)
                  / np.maximum(count_per_community(state, state.active), 1))
    _grow_ambition(state, p, a, updated, attendance, mean_trust, lead)
    _cross_boundaries(state, a, updated, attendance)


def _if_live(live: np.ndarray | None, new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """`new` for the communities in the mask `live` and `old` for the others (dissolved);
    `new` for all when `live` is None (no community has dissolved)."""
    return new if live is None else np.where(live, new, old)


def _grow_ambition(state: CommunityState, p: Params, a: Assumptions, live: np.ndarray | None,
                   attendance: np.ndarray, mean_trust: np.ndarray, lead: np.ndarray) -> None:
    """The shared ambition grows with alignment talks among those present, faster under a
    connecting leader, and decays, slower under a leader who guards the goal (001 condition
    2; 004 insight 6)."""
    growth = governance.connected_growth(phases.shared_ambition_growth(
        p.alignment, attendance, mean_trust, state.power, a=a), lead, a=a)
    decay = governance.ambition_decay(a.ambition_decay, lead, a=a)
    ambition = state.shared_ambition
    state.shared_ambition = _if_live(live, np.clip(
        ambition + growth * (1.0 - ambition) - decay * ambition, 0.0, 1.0), ambition)


def _leadership(state: CommunityState, p: Params, a: Assumptions,
                live: np.ndarray) -> np.ndarray:
    """Each community's leader effect this week (0-1, length K). A newcomer in the leader's
    seat takes over the post with little experience, which grows while they hold it; a
    vacant seat or an absent leader leads nobody (004 insight 6; 001 'Persoonlijke
    relaties')."""
    holder = leader_post_holder(state)
    held = live & (holder >= 0)
    experience = governance.leader_experience(
        state.leader_experience, holder == state.leader_member, a=a)
    state.leader_experience = np.where(held, experience, state.leader_experience)
    state.leader_member = np.where(held, holder, state.leader_member)
    present = state.attended[np.maximum(state.leader_seat, 0)]
    return np.where(held, governance.leadership(p.leader_quality, state.leader_experience,
                                                present), 0.0)


def _misalignment(roles_here: np.ndarray, anyone: np.ndarray, a: Assumptions) -> np.ndarray:
    """How far the interests of the members present lie from their mean, by role counts
    (K x N_ROLES): length K, 0 where nobody is present (not `anyone`)."""
    mix = roles_here / np.maximum(roles_here.sum(axis=1, keepdims=True), 1.0)
    interests = a.array("role_interests")
    centre = mix @ interests
    spread = mix @ (interests * interests).sum(axis=1)
    spread_of_centre = 1.0 - share((centre * centre).sum(axis=1), spread)
    return np.where(anyone, np.clip(spread_of_centre, 0.0, 1.0), 0.0)


def _cross_boundaries(state: CommunityState, a: Assumptions, live: np.ndarray | None,
                      attendance: np.ndarray) -> None:
    """Identification, coordination, reflection and transformation move with this week's
    contact across roles, the work form and safety, as far as members attend."""
    moved = ((1.0 - a.movement_coordination)
             + a.movement_coordination * state.bb_effect[:, CREATING_MOVEMENT])
    crossed = boundary.update_boundary_crossing(
        state.boundary, state.cross_contact_share * attendance,
        work_form_values(state, "coordination") * moved * attendance,
        work_form_values(state, "reflection") * state.safety * attendance, a=a)
    state.boundary = _if_live(None if live is None else live[:, None], crossed,
                              state.boundary)
