"""Step 2 of the week: the meeting (docs/ODD.md §7.2), in all K communities at once."""

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
    count_per_community,
    draw_indices,
    leader_post_holder,
    mean_view_of_roles,
    per_community,
    work_form_reach,
)


def meet(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator) -> None:
    """Each community's one meeting this week: its work form (`work_form`), the
    bridge-builders present and the soft skills they bring (`bb_effect`, K x 5), who is
    invited and who attends (`attended`, and the `ties_in_room` between them); updates
    meeting load, `weeks_without_meeting`, `spent_fte` and `spent_hours`. A dissolved
    community meets no more: nobody facilitates (`bb_effect` 0) and no time is spent
    (`spent_fte` 0); everything else of it stays unchanged.

    Random draws, in order: `rng.random(K)` the work form of each community; `rng.random(S)`
    which bridge-builders are on site; `rng.random(S)` who attends.

    Sources: 003 §3.4 c (weekly meetings), 000 lesson 4 (work forms), 000 lesson 3 and
    Tekstbox 4 (bridge-builders), 000 §1 and Tekstbox 3 (invitation of mbo staff and people
    with dementia)."""
    meets = state.phase != Phase.DISSOLVED
    seat_meets = meets[state.seat_community]
    # A dissolved community draws a form too (as if starting), so the stream stays the same.
    weights = phases.work_form_weights(np.where(meets, state.phase, Phase.START),
                                       p.creative_work_forms, a=a)
    state.work_form = np.where(meets, draw_indices(rng, weights), state.work_form)
    draw = rng.random(state.role.size)
    # A formalised post's paid time is part of the bridge-builder's capacity (7.1).
    available = (a.bb_availability * state.capacity).clip(0.0, 1.0)
    # Weeks spent on training off site are the cost of investing in soft skills (001 cond. 8).
    on_site = p.bb_presence * (1.0 - a.bb_training_time * p.bridge_builder_investment)
    bb_here = state.is_bridge_builder & state.active & (draw < on_site * available)
    state.bb_effect = np.where(meets[:, None], _skills_present(state, bb_here, p), 0.0)
    chance = _attendance_chance(state, p, a)
    second = rng.random(state.role.size)
    attended = state.active & (bb_here | (~state.is_bridge_builder & (second < chance)))
    state.attended = np.where(seat_meets, attended, state.attended)
    state.ties_in_room = np.where(meets[state.tie_community],
                                  state.attended[state.tie_src] & state.attended[state.tie_dst],
                                  state.ties_in_room)
    state.load = np.where(seat_meets,
                          (1.0 - a.load_rate) * state.load + a.load_rate * state.attended,
                          state.load)
    met = count_per_community(state, state.attended) >= phases.meeting_quorum(
        state.community_size, a)
    state.weeks_without_meeting = np.where(
        meets, np.where(met, 0, state.weeks_without_meeting + 1), state.weeks_without_meeting)
    state.spent_fte = np.where(meets, per_community(state, state.capacity * state.attended),
                               0.0)
    state.spent_hours += state.spent_fte * a.fte_hours


def _skills_present(state: CommunityState, bb_here: np.ndarray, p: Params) -> np.ndarray:
    """Per community, the five soft skills present, from the skills of the bridge-builders
    at its meeting (seat mask `bb_here`): the chance that at least one of them brings each
    skill (K x 5, zeros without any)."""
    shape = (state.n_communities, len(SOFT_SKILLS))
    c = state.seat_community[bb_here]
    skills = state.bb_skills[bb_here]
    # An innovation team pools its members' skills (000 lesson 3, §2 'innovatieteams');
    # bridge-builders working solo each bring only their own.
    if p.bb_team:
        pooled = np.zeros(shape)
        np.maximum.at(pooled, c, skills)
        skills = pooled[c]
    nobody_brings = np.ones(shape)
    np.multiply.at(nobody_brings, c, 1.0 - skills)
    return 1.0 - nobody_brings


def _leadership_still_here(state: CommunityState) -> np.ndarray:
    """Per community, last week's leadership if the one who led still holds the seat (a
    leader who has left since convenes nobody; 004 insight 6): length K."""
    holder = leader_post_holder(state)
    return np.where((holder >= 0) & (holder == state.leader_member), state.leadership, 0.0)


def _attendance_chance(state: CommunityState, p: Params, a: Assumptions) -> np.ndarray:
    """Each seat's chance to attend: invited (rung, late invitation, the inviters' view of
    low-status groups, policy), then capacity, motivation and the work form's reach."""
    c = state.seat_community
    inviter_view = mean_view_of_roles(state)[c, state.role] * LOW_STATUS[state.role]
    invited = participation.invitation_probability(
        state.rung, state.late_invited, (state.phase >= Phase.EXECUTE)[c], inviter_view,
        state.policy[c], state.bb_effect[c, EQUAL_PARTICIPATION], a=a)
    reach = work_form_reach(state)[c, state.role]
    convened = governance.convening(state.bb_effect[:, CREATING_MOVEMENT],
                                    _leadership_still_here(state), a=a)
    return participation.attendance_probability(state.capacity, state.motivation, invited,
                                                reach, convened[c], a=a)
