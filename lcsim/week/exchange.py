"""Step 3 of the week: exchange between those present (docs/ODD.md §7.3)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.rules import knowledge, stereotypes, trust, value
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    TRANSLATING,
    CommunityState,
    status,
)


def exchange(state: CommunityState, p: Params, a: Assumptions,
             rng: np.random.Generator) -> None:
    """Conversations between members present: who talks, knowledge uptake, the success of
    each conversation, trust and stereotype updates, and this week's immediate value, human
    and social capital. All synchronous: computed from the state at the start of the
    exchange (docs/ODD.md, 'Update order'). Sources: 000 Tekstbox 4 skills 1 and 4
    (translating, bringing groups together), 003 §2.4 (stereotyping), 001 condition 5
    (trust), 003 §2.3 (immediate value)."""
    state.immediate = np.zeros(p.n_participants)
    both = state.ties_in_room.nonzero()[0]
    if both.size == 0:
        state.cross_contact_share = 0.0
        return
    edges = _conversations(state, a, rng, both)
    if edges.size == 0:
        state.cross_contact_share = 0.0
        return
    src, dst = state.tie_src[edges], state.tie_dst[edges]
    cross = state.tie_cross[edges]
    view = state.stereotype[src, state.role[dst]]
    state.cross_contact_share = np.count_nonzero(cross) / cross.size
    translation = state.bb_effect[TRANSLATING]
    distance = knowledge.cognitive_distance(state.knowledge[src], state.knowledge[dst])
    valued = stereotypes.valued_share(view, translation, p.value_all_perspectives, a=a)
    competence = state.knowledge[dst].max(axis=1)  # before this meeting's learning
    learned = _learn(state, p, a, edges, distance, valued)
    understood = knowledge.understanding(distance, translation, a=a)
    p_success = knowledge.conversation_success(understood, valued, state.safety,
                                               state.relational_conflict, a=a)
    success = (rng.random(edges.size) < p_success).astype(float)
    delta = _update_trust(state, p, a, both, edges, success, competence)
    bonded = np.bincount(state.tie_src[both], weights=delta, minlength=p.n_participants)
    if cross.any():
        _update_stereotypes(state, p, a, edges[cross], success[cross])
    state.immediate = value.immediate_value(learned, bonded, state.attended, a=a)
    state.immediate_value += float(state.immediate.sum())
    state.capitals["human"] += float(learned.sum())
    state.capitals["social"] += float(delta[state.tie_cross[both]].sum())


def _conversations(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                   both: np.ndarray) -> np.ndarray:
    """The ties (among `both`, those between members present) that hold a conversation.
    People avoid groups they look down on; a bridge-builder brings them together, by the
    mean of their translating and creating-movement skills."""
    n_here = int(np.count_nonzero(state.attended))
    src, dst = state.tie_src[both], state.tie_dst[both]
    view = state.stereotype[src, state.role[dst]]
    brokerage = (state.bb_effect[TRANSLATING] + state.bb_effect[CREATING_MOVEMENT]) / 2
    mixing = np.where(state.tie_cross[both], state.work_form.mixing
                      * (1.0 - a.avoidance * view * (1.0 - brokerage)), 1.0)
    chance = (a.contacts_per_meeting / max(n_here - 1, 1) * mixing).clip(0.0, 1.0)
    return both[rng.random(both.size) < chance]


def _learn(state: CommunityState, p: Params, a: Assumptions, edges: np.ndarray,
           distance: np.ndarray, valued: np.ndarray) -> np.ndarray:
    """Each tie source takes up knowledge from the trustee; returns what each seat learned
    (length N). Gains are computed from the knowledge before the meeting, added together."""
    src, dst = state.tie_src[edges], state.tie_dst[edges]
    absorbed = knowledge.absorption(distance, state.bb_effect[TRANSLATING], a=a)
    gain = knowledge.uptake(state.knowledge[dst] - state.knowledge[src], state.trust[edges],
                            valued, absorbed, a.learning_rate)
    learned = np.bincount(src, weights=gain.sum(axis=1), minlength=p.n_participants)
    np.add.at(state.knowledge, src, gain)
    state.knowledge.clip(0.0, 1.0, out=state.knowledge)
    return learned


def _update_trust(state: CommunityState, p: Params, a: Assumptions, both: np.ndarray,
                  edges: np.ndarray, success: np.ndarray, competence: np.ndarray) -> np.ndarray:
    """Trust on the ties in the room, then on those that talked; returns the rise of trust
    on each tie in the room (the bonding part of immediate value)."""
    intention = state.motivation[state.tie_dst[edges]]
    basis = trust.trust_basis(success, competence, intention)
    before = state.trust[both]
    # Everyone present sees how the meeting went: weak evidence of performance. A failure
    # counts against one of the three bases of trust, performance.
    went_well = float(success.sum() / success.size)
    state.trust[both] = trust.update_trust(
        state.trust[both], a.observed_trust * went_well,
        a.observed_trust * (1.0 - went_well) / trust.BASES, p.trust_gain, p.trust_loss, a=a)
    state.trust[edges] = trust.update_trust(
        state.trust[edges], success * basis,
        (1.0 - success) * (1.0 - a.failure_goodwill * intention) / trust.BASES,
        p.trust_gain, p.trust_loss, a=a)
    return np.maximum(state.trust[both] - before, 0.0)


def _update_stereotypes(state: CommunityState, p: Params, a: Assumptions, edges: np.ndarray,
                        success: np.ndarray) -> None:
    """Contact across roles under equal status softens stereotypes when it goes well."""
    src, dst = state.tie_src[edges], state.tie_dst[edges]
    seat_status = status(state, np.arange(state.role.size), a)
    equality = stereotypes.equal_status(seat_status[src], seat_status[dst],
                                        state.bb_effect[EQUAL_PARTICIPATION])
    state.stereotype = stereotypes.update_stereotypes(
        state.stereotype, src, state.role[dst], success, 1.0 - success,
        equality, p.contact_effect, p.value_all_perspectives, a=a)
