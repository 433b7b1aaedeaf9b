"""Step 6 of the week: climate, shared ambition and boundary crossing (docs/ODD.md §7.6)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.roles import N_ROLES
from lcsim.rules import boundary, climate, governance, knowledge, phases
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    CommunityState,
    leader_post_holder,
    stereotype_in_room,
    trust_on_live_ties,
)


def update_climate(state: CommunityState, p: Params, a: Assumptions) -> None:
    """Community-level climate from this week's meeting: power play, relational conflict,
    psychological safety, task conflict, collusion, shared ambition and the four boundary
    crossing mechanisms, all in [0, 1]. Sources: 003 §2.4 and Schruijer 2021 (power,
    conflict, collusion, safety), 001 condition 2 (shared ambition), Akkerman & Bakker 2011
    via 003 §2.2 (boundary crossing)."""
    here = state.attended
    roles_here = np.bincount(state.role[here], minlength=N_ROLES).astype(float)
    diversity = float(knowledge.diversity(roles_here)) if here.any() else 0.0
    total, _, n_live, _ = trust_on_live_ties(state)
    mean_trust = total / n_live if n_live else 0.0
    in_room = stereotype_in_room(state)
    lead = _leadership(state, p, a)
    state.leadership = lead
    state.power = climate.power_play(_misalignment(roles_here, a) * a.misalignment_power,
                                     state.shared_ambition)
    target = climate.relational_conflict_target(in_room, 1.0 - mean_trust, state.power,
                                                min(state.hushed_recently, 1.0),
                                                state.bb_effect[EQUAL_PARTICIPATION], a=a)
    state.relational_conflict = climate.drift(state.relational_conflict, target,
                                              a.conflict_drift)
    state.hushed_recently *= a.hushed_memory
    state.discussed_recently *= a.hushed_memory
    state.safety = climate.drift(state.safety, climate.safety_target(
        p.psychological_safety, state.bb_effect[CREATING_MOVEMENT], mean_trust,
        state.relational_conflict, lead, min(state.discussed_recently, 1.0), a=a),
        a.safety_drift)
    state.task_conflict = climate.task_conflict(diversity, state.safety)
    state.collusion = climate.collusion(diversity, state.safety, state.relational_conflict)
    attendance = np.count_nonzero(here) / max(np.count_nonzero(state.active), 1)
    growth = governance.connected_growth(phases.shared_ambition_growth(
        p.alignment, attendance, mean_trust, state.power, a=a), lead, a=a)
    decay = governance.ambition_decay(a.ambition_decay, lead, a=a)
    state.shared_ambition = min(max(float(
        state.shared_ambition + growth * (1.0 - state.shared_ambition)
        - decay * state.shared_ambition), 0.0), 1.0)
    _cross_boundaries(state, a, attendance)


def _leadership(state: CommunityState, p: Params, a: Assumptions) -> float:
    """The leader's effect this week (0-1). A newcomer in the leader's seat takes over the
    post with little experience, which grows while they hold it; a vacant seat or an absent
    leader leads nobody (004 insight 6; 001 'Persoonlijke relaties')."""
    holder = leader_post_holder(state)
    if holder is None:
        return 0.0
    state.leader_experience = governance.leader_experience(
        state.leader_experience, holder == state.leader_member, a=a)
    state.leader_member = holder
    return governance.leadership(p.leader_quality, state.leader_experience,
                                 bool(state.attended[state.leader_seat]))


def _misalignment(roles_here: np.ndarray, a: Assumptions) -> float:
    """How far the interests of the members present lie from their mean, by role counts."""
    if not roles_here.any():
        return 0.0
    share = roles_here / roles_here.sum()
    interests = a.array("role_interests")
    centre = share @ interests
    spread = share @ (interests * interests).sum(axis=1)
    return min(max(float(1.0 - (centre @ centre) / spread), 0.0), 1.0)


def _cross_boundaries(state: CommunityState, a: Assumptions, attendance: float) -> None:
    """Identification, coordination, reflection and transformation move with this week's
    contact across roles, the work form and safety, as far as members attend."""
    form = state.work_form
    moved = ((1.0 - a.movement_coordination)
             + a.movement_coordination * state.bb_effect[CREATING_MOVEMENT])
    state.boundary = boundary.update_boundary_crossing(
        state.boundary, state.cross_contact_share * attendance,
        form.coordination * moved * attendance,
        form.reflection * state.safety * attendance, a=a)
