"""Step 3 of the week: exchange between those present (docs/ODD.md §7.3)."""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.rules import knowledge, stereotypes, trust, value
from lcsim.rules.phases import Phase
from lcsim.state import (
    CREATING_MOVEMENT,
    EQUAL_PARTICIPATION,
    TRANSLATING,
    CommunityState,
    count_per_community,
    per_community,
    share,
    status,
    sum_rows,
    work_form_values,
)


def exchange(state: CommunityState, p: Params, a: Assumptions,
             rng: np.random.Generator) -> None:
    """Conversations between members present, in every community at once: who talks,
    knowledge uptake, the success of each conversation, trust and stereotype updates, and
    this week's immediate value, human and social capital. All synchronous: computed from
    the state at the start of the exchange (docs/ODD.md, 'Update order'). A community where
    nobody talks gains nothing (its trust, immediate value and capitals stay) and its
    share of cross-role contact is 0; a dissolved community is left unchanged. Sources: 000
    Tekstbox 4 skills 1 and 4 (translating, bringing groups together), 003 §2.4
    (stereotyping), 001 condition 5 (trust), 003 §2.3 (immediate value).

    Random draws, in order: one per tie between members present, in all communities that
    have not dissolved (who talks), then one per conversation held (whether it goes
    well)."""
    k = state.n_communities
    dissolved = state.phase == Phase.DISSOLVED
    state.immediate = np.where(dissolved[state.seat_community], state.immediate, 0.0)
    in_room = state.ties_in_room & ~dissolved[state.tie_community] if dissolved.any() \
        else state.ties_in_room
    room = in_room.nonzero()[0]
    edges = _conversations(state, a, rng, room)
    edge_community = state.tie_community[edges]
    talks = np.bincount(edge_community, minlength=k)
    cross = state.tie_cross[edges]
    state.cross_contact_share = np.where(dissolved, state.cross_contact_share, share(
        np.bincount(edge_community, weights=cross, minlength=k), talks))
    # Only the communities where someone talked update trust (as a whole room) and value.
    both = room[(talks > 0)[state.tie_community[room]]]
    learned, delta, success = _talk(state, p, a, rng, both, edges)
    bonded = np.bincount(state.tie_src[both], weights=delta, minlength=state.role.size)
    if cross.any():
        _update_stereotypes(state, p, a, edges[cross], success[cross])
    talked = talks[state.seat_community] > 0
    state.immediate = np.where(talked, value.immediate_value(learned, bonded, state.attended,
                                                             a=a), state.immediate)
    state.immediate_value += per_community(state, np.where(talked, state.immediate, 0.0))
    state.capitals["human"] += per_community(state, learned)
    state.capitals["social"] += np.bincount(state.tie_community[both],
                                            weights=delta * state.tie_cross[both], minlength=k)


def _talk(state: CommunityState, p: Params, a: Assumptions, rng: np.random.Generator,
          both: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The conversations on ties `edges`: knowledge uptake, whether each goes well (one draw
    per conversation), and trust on the ties in the room `both`. Returns what each seat
    learned (length S), the rise of trust on each tie in `both`, and each conversation's
    success (0/1)."""
    src, dst, c = state.tie_src[edges], state.tie_dst[edges], state.tie_community[edges]
    view = state.stereotype[src, state.role[dst]]
    translation = state.bb_effect[c, TRANSLATING]
    source, trustee = state.knowledge[src], state.knowledge[dst]
    distance = knowledge.cognitive_distance(source, trustee)
    valued = stereotypes.valued_share(view, translation, p.value_all_perspectives, a=a)
    competence = trustee.max(axis=1)  # before this meeting's learning
    learned = _learn(state, a, edges, trustee - source, valued,
                     knowledge.absorption(distance, translation, a=a))
    understood = knowledge.understanding(distance, translation, a=a)
    p_success = knowledge.conversation_success(understood, valued, state.safety[c],
                                               state.relational_conflict[c], a=a)
    success = (rng.random(edges.size) < p_success).astype(float)
    delta = _update_trust(state, p, a, both, edges, success, competence, c)
    return learned, delta, success


def _conversations(state: CommunityState, a: Assumptions, rng: np.random.Generator,
                   both: np.ndarray) -> np.ndarray:
    """The ties (among `both`, those between members present) that hold a conversation.
    People avoid groups they look down on; a bridge-builder brings them together, by the
    mean of their translating and creating-movement skills. The chance of a talk falls with
    the number present in the tie's community."""
    c = state.tie_community[both]
    n_here = count_per_community(state, state.attended)
    talk_rate = (a.contacts_per_meeting / np.maximum(n_here - 1, 1))[c]
    src, dst = state.tie_src[both], state.tie_dst[both]
    view = state.stereotype[src, state.role[dst]]
    brokerage = ((state.bb_effect[:, TRANSLATING] + state.bb_effect[:, CREATING_MOVEMENT])
                 / 2)[c]
    mixing = np.where(state.tie_cross[both], work_form_values(state, "mixing")[c]
                      * (1.0 - a.avoidance * view * (1.0 - brokerage)), 1.0)
    chance = (talk_rate * mixing).clip(0.0, 1.0)
    return both[rng.random(both.size) < chance]


def _learn(state: CommunityState, a: Assumptions, edges: np.ndarray, gap: np.ndarray,
           valued: np.ndarray, absorbed: np.ndarray) -> np.ndarray:
    """Each tie source takes up knowledge from the trustee (the knowledge `gap`, trustee
    less source, before the meeting; `absorbed` at their cognitive distance); returns what
    each seat learned (length S). Gains are added together."""
    src = state.tie_src[edges]
    gain = knowledge.uptake(gap, state.trust[edges], valued, absorbed, a.learning_rate)
    learned = np.bincount(src, weights=gain.sum(axis=1), minlength=state.role.size)
    state.knowledge += sum_rows(src, gain, state.role.size)
    state.knowledge.clip(0.0, 1.0, out=state.knowledge)
    return learned


def _update_trust(state: CommunityState, p: Params, a: Assumptions, both: np.ndarray,
                  edges: np.ndarray, success: np.ndarray, competence: np.ndarray,
                  c: np.ndarray) -> np.ndarray:
    """Trust on the ties in the room, then on those that talked (in communities `c`);
    returns the rise of trust on each tie in the room (the bonding part of immediate
    value)."""
    intention = state.motivation[state.tie_dst[edges]]
    basis = trust.trust_basis(success, competence, intention)
    before = state.trust[both]
    # Everyone present sees how the meeting went: weak evidence of performance. A failure
    # counts against one of the three bases of trust, performance.
    k = state.n_communities
    went_well = share(np.bincount(c, weights=success, minlength=k),
                      np.bincount(c, minlength=k))[state.tie_community[both]]
    state.trust[both] = trust.update_trust(
        before, a.observed_trust * went_well,
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
                                        state.bb_effect[state.tie_community[edges],
                                                        EQUAL_PARTICIPATION])
    state.stereotype = stereotypes.update_stereotypes(
        state.stereotype, src, state.role[dst], success, 1.0 - success,
        equality, p.contact_effect, p.value_all_perspectives, a=a)
