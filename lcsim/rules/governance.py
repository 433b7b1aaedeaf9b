"""Governance: a project (consortium) leader, and organisations' backing by their
decision-makers.

A good project leader is indispensable: they initiate, facilitate and guard the goal,
motivate and connect (004 insight 6); an independent consortium leader is "zeer
bepalend" for a successful LC (003 §3.2 e); a poorly functioning one is a barrier, and
the leader is essential for a trusted environment (001 'Persoonlijke relaties').
Everyone at the table should be able to decide or have access to those who do (003 §3.2 c);
managers' permission and moral support matter, so involve them (004 insight 2; 003 §3.5 h),
and managers need proof before they back an innovation (002 §3).

Every function except `choose_leader_seat` (set-up, one community at a time) takes one
community's values or arrays with a leading community axis (length K, or K x O per
organisation) and broadcasts.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

NO_LEADER = -1


def choose_leader_seat(candidates: np.ndarray, is_bridge_builder: np.ndarray,
                       has_post: bool) -> int:
    """The seat that holds the leader post: the first candidate (an educator or researcher)
    who is not a bridge-builder, else the first candidate, else none; none without a post.
    The leader steers goals and organisations, bridge-builders translate on the work floor
    (003 §3.2 e: a consortium leader who connects knowledge institutions and organisations)."""
    if not has_post or candidates.size == 0:
        return NO_LEADER
    free = candidates[~is_bridge_builder[candidates]]
    return int(free[0] if free.size else candidates[0])


def leader_experience(experience: float | np.ndarray, same_leader: bool | np.ndarray, *,
                      a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """How far the leader has grown into the post (0-1): a successor starts at
    `a.leader_successor_start` and grows `a.leader_growth` of the remaining way each week
    they hold the post (001: the leader's role in the relations between parties has to be
    built; assumption for the rates)."""
    grown = experience + a.leader_growth * (1.0 - np.asarray(experience))
    return np.where(same_leader, grown, a.leader_successor_start)[()]


def leadership(quality: float, experience: float | np.ndarray,
               present: bool | np.ndarray) -> float | np.ndarray:
    """Leadership felt in the community this week (0-1): the leader's quality as far as they
    have grown into the post, only when they hold the seat and came (004 insight 6)."""
    return np.where(present, quality * np.asarray(experience), 0.0)[()]


def ambition_decay(decay: float, leadership_now: float | np.ndarray, *,
                   a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """Weekly share of the shared ambition lost: a present leader guards the goal and slows
    the loss by up to `a.leader_goal_guarding` (004 insight 6 'bewaakt de doelstelling')."""
    return decay * (1.0 - a.leader_goal_guarding * leadership_now)


def connected_growth(growth: float | np.ndarray, leadership_now: float | np.ndarray, *,
                     a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """Weekly growth of the shared ambition when a leader motivates and connects the parties
    (004 insight 6 'motiveert en verbindt'; 003 §3.3 b: collects the strategic interests
    of organisations and knowledge institutions): up to `a.leader_connecting` faster."""
    return growth * (1.0 + a.leader_connecting * leadership_now)


def convening(movement: float | np.ndarray, leadership_last_week: float | np.ndarray, *,
              a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """How strongly the next meeting is convened (0-1): by a bridge-builder's 'creating
    movement' skill (`movement`) or by a leader who led last week, up to
    `a.leader_convening` (004 insight 6: the project leader initiates, facilitates,
    motivates and connects; 000 Tekstbox 4 skill 4), whichever of the two brings it."""
    return 1.0 - (1.0 - movement) * (1.0 - a.leader_convening * leadership_last_week)


def leader_capacity(capacity: float | np.ndarray, *,
                    a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """The leader's time left for meetings and project work: leading takes
    `a.leader_time` of it (004 insight 6: initiating, facilitating, connecting take time)."""
    return capacity * (1.0 - a.leader_time)


def proof(applied_value: np.ndarray, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """How far the LC has proved itself at an organisation (0-1): saturates with the applied
    value landed there on the scale `a.embedding_proof` (001 'inbedding'; 002 §3). Same
    shape as `applied_value` (per organisation, region-wide on the K-state)."""
    return 1.0 - np.exp(-np.asarray(applied_value, dtype=float) / a.embedding_proof)


def backing_update(backing: np.ndarray, involvement: float | np.ndarray, presence: np.ndarray,
                   proven: np.ndarray, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Next week's backing of the LC by each organisation's decision-makers (0-1). It grows
    as far as managers are involved (`involvement`, above a base of
    `a.backing_involvement_base`) with what they see: their staff taking part (`presence`,
    share of the organisation's seats present) and value proved there (`proven`); it fades
    by `a.backing_decay` a week without renewal (003 §3.2 c, §3.5 h; 004 insight 2; 002 §3).
    Per organisation, or K x O with `presence` K x O and `proven` per organisation."""
    signal = a.backing_presence * presence + (1.0 - a.backing_presence) * proven
    growth = a.backing_rate * (a.backing_involvement_base + involvement) * signal
    return (backing + growth * (1.0 - backing) - a.backing_decay * backing).clip(0.0, 1.0)


def decision_access(backing: np.ndarray, bb_authority: float,
                    has_bridge_builder: bool | np.ndarray) -> np.ndarray:
    """Access to a decision at each organisation (0-1): its decision-makers back the LC, or
    a bridge-builder at the table may decide (003 §3.2 c 'beslissingsbevoegd (of heeft
    toegang tot de beslissers)'; 000 §2: bridge-builders usually may not decide). With
    `backing` K x O, `has_bridge_builder` is per community (length K)."""
    authority = np.expand_dims(np.where(has_bridge_builder, bb_authority, 0.0), -1)
    return 1.0 - (1.0 - np.asarray(backing, dtype=float)) * (1.0 - authority)
