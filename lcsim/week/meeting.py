"""Step 2 of the week: the meeting (docs/ODD.md §7.2)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.roles import LOW_STATUS
from lcsim.rules import governance, participation, phases
from lcsim.rules.phases import Phase
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    SOFT_SKILLS,
    CommunityState,
    draw_index,
    leader_post_holder,
    mean_view_of_roles,
)


def meet(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator) -> None:
    """The week's one meeting: its work form, the bridge-builders present and the soft
    skills they bring (`bb_effect`), who is invited and who attends (`attended`, and the
    `ties_in_room` between them); updates meeting load and hours spent. Sources: 003 §3.4 c
    (weekly meetings), 000 lesson 4 (work forms), 000 lesson 3 and Tekstbox 4
    (bridge-builders), 000 §1 and Tekstbox 3 (invitation of mbo staff and people with
    dementia)."""
    weights = phases.work_form_weights(state.phase, p.creative_work_forms, a=a)
    state.work_form = state.work_forms[draw_index(rng, weights)]
    draw = rng.random(p.n_participants)
    # A formalised post's paid time is part of the bridge-builder's capacity (7.1).
    available = (a.bb_availability * state.capacity).clip(0.0, 1.0)
    # Weeks spent on training off site are the cost of investing in soft skills (001 cond. 8).
    on_site = p.bb_presence * (1.0 - a.bb_training_time * p.bridge_builder_investment)
    bb_here = state.is_bridge_builder & state.active & (draw < on_site * available)
    state.bb_effect = _skills_present(state.bb_skills[bb_here], p)
    chance = _attendance_chance(state, p, a)
    second = rng.random(p.n_participants)
    state.attended = state.active & (bb_here | (~state.is_bridge_builder & (second < chance)))
    state.ties_in_room = state.attended[state.tie_src] & state.attended[state.tie_dst]
    state.load = (1.0 - a.load_rate) * state.load + a.load_rate * state.attended
    state.weeks_without_meeting = 0 if np.count_nonzero(state.attended) >= a.min_meeting else \
        state.weeks_without_meeting + 1
    state.spent_fte = float(state.capacity[state.attended].sum())
    state.spent_hours += state.spent_fte * a.fte_hours


def _skills_present(skills: np.ndarray, p: Params) -> np.ndarray:
    """The five soft skills present, from the skills (one row each) of the bridge-builders
    at the meeting: the chance that at least one of them brings each skill."""
    if not skills.size:
        return np.zeros(len(SOFT_SKILLS))
    # An innovation team pools its members' skills (000 lesson 3, §2 'innovatieteams');
    # bridge-builders working solo each bring only their own.
    if p.bb_team:
        skills = np.broadcast_to(skills.max(axis=0), skills.shape)
    return 1.0 - (1.0 - skills).prod(axis=0)


def _leadership_still_here(state: CommunityState) -> float:
    """Last week's leadership, if the one who led still holds the seat (a leader who has
    left since convenes nobody; 004 insight 6)."""
    holder = leader_post_holder(state)
    if holder is None or holder != state.leader_member:
        return 0.0
    return state.leadership


def _attendance_chance(state: CommunityState, p: Params, a: Assumptions) -> np.ndarray:
    """Each seat's chance to attend: invited (rung, late invitation, the inviters' view of
    low-status groups, policy), then capacity, motivation and the work form's reach."""
    inviter_view = mean_view_of_roles(state)[state.role] * LOW_STATUS[state.role]
    invited = participation.invitation_probability(
        state.rung, state.late_invited, state.phase >= Phase.EXECUTE, inviter_view,
        state.policy, state.bb_effect[EQUAL_PARTICIPATION], a=a)
    reach = np.asarray(state.work_form.reach)[state.role]
    convened = governance.convening(state.bb_effect[CREATING_MOVEMENT],
                                    _leadership_still_here(state), a=a)
    return participation.attendance_probability(state.capacity, state.motivation, invited,
                                                reach, convened, a=a)
