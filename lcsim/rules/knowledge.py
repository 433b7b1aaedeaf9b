"""Knowledge exchange and combination across boundaries.

Uptake follows Nooteboom's optimal cognitive distance: novelty grows with distance,
absorptive capacity falls with it, so learning peaks at a middle distance
(Nooteboom et al. 2007). Bridge-builders translate, which widens what can be
absorbed (000 Tekstbox 4 'kunnen vertalen'). Outcomes need different kinds of
knowledge combined (000 §3; 001 promoting factor "Combinatie van verschillende 'soorten'
kennis").

Every rule takes numbers or arrays and broadcasts: per tie (with each tie's community
value gathered, e.g. `translation[state.tie_community]`) or per community (arrays of
length K, or K rows for `diversity` and `combination`).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

# 4d(1-d), novelty times absorptive capacity, peaks at 1 when d = 1/2: the 4 scales it to 0-1.
PEAK_SCALE = 4.0


def cognitive_distance(knowledge_a: np.ndarray, knowledge_b: np.ndarray) -> np.ndarray:
    """One minus the cosine similarity of two members' knowledge profiles (rows), 0-1: the
    cognitive distance of Nooteboom 2000 (the cosine measure is an assumption)."""
    dot = np.einsum("ij,ij->i", knowledge_a, knowledge_b)
    # The Euclidean norms as np.linalg.norm computes them, without its dispatch.
    norm = np.sqrt((knowledge_a * knowledge_a).sum(axis=1)) \
        * np.sqrt((knowledge_b * knowledge_b).sum(axis=1))
    return 1.0 - dot / np.maximum(norm, 1e-12)


def absorption(distance: np.ndarray, translation: float | np.ndarray, *,
               a: Assumptions = DEFAULTS) -> np.ndarray:
    """Learning potential at a cognitive distance: novelty times absorptive capacity, 0-1.

    Without translation it is 4d(1-d), peaking at d=0.5; translation in [0, 1] shrinks
    the distance the learner has to bridge (by up to `a.translation_reach`), so far-apart
    partners can learn from each other. Sources: Nooteboom 2000; Nooteboom et al. 2007
    (optimal cognitive distance); 000 Tekstbox 4 skill 1 ('Kunnen vertalen').
    """
    bridged = distance * (1.0 - a.translation_reach * translation)
    return (PEAK_SCALE * distance * (1.0 - bridged)).clip(0.0, 1.0) \
        * np.where(distance > 0, 1.0, 0.0)


def understanding(distance: np.ndarray, translation: float | np.ndarray, *,
                  a: Assumptions = DEFAULTS) -> np.ndarray:
    """How well two members understand each other (0-1): one minus their cognitive distance,
    of which a translator bridges up to `a.translation_reach` (000 Tekstbox 4 skill 1)."""
    return 1.0 - distance * (1.0 - a.translation_reach * translation)


def conversation_success(understood: np.ndarray, valued: np.ndarray,
                         safety: float | np.ndarray, relational_conflict: float | np.ndarray, *,
                         a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chance a conversation goes well: shared understanding of knowledge one values,
    psychological safety and the absence of relational conflict (003 §2.4), within
    `a.success_bounds`."""
    valuing = (1.0 - a.success_valued) + a.success_valued * valued
    return (a.success_base + a.success_understanding * understood * valuing
            + a.success_safety * safety - a.success_conflict * relational_conflict
            ).clip(*a.success_bounds)


def uptake(gap: np.ndarray, trust: np.ndarray, valued: np.ndarray,
           absorbed: np.ndarray, rate: float) -> np.ndarray:
    """Knowledge a learner takes from a source per type: rate x trust x valued x absorbed x gap.

    `gap` is (contacts, types), the rest are per contact. One learns only what the other
    knows better, more from someone trusted (003 §2.2: a culture of mutual trust is crucial
    for sharing knowledge) whose knowledge one values (000 §3, lesson 6); the product form is
    an assumption.
    """
    weight = rate * trust * valued * absorbed
    return weight[:, None] * np.maximum(gap, 0.0)


def diversity(contribution: np.ndarray) -> np.ndarray:
    """Normalised Simpson diversity of a knowledge mix (last axis), 0 (one type) to 1 (even):
    a number for one mix, length K for K rows. Outcomes need different kinds of knowledge
    combined (000 §3; 001 condition 1); the Simpson index is an assumption."""
    total = contribution.sum(axis=-1, keepdims=True)
    share = contribution / np.maximum(total, 1e-12)
    k = contribution.shape[-1]
    return (1.0 - (share ** 2).sum(axis=-1)) * k / (k - 1)


def integration(cross_trust: float | np.ndarray,
                valued: float | np.ndarray) -> np.ndarray:
    """How well contributions from different groups are integrated (0-1): trust across
    roles and valuing each other's knowledge (which a bridge-builder's translation lifts).
    Sources: 003 §2.2 (temple model: an environment of mutual trust, cultural aspects are
    crucial for knowledge sharing); 000 Tekstbox 4 skill 1; the square root is an
    assumption."""
    return np.sqrt(np.clip(cross_trust * valued, 0.0, 1.0))


def combination(contribution_by_role: np.ndarray, integrated: float | np.ndarray,
                task_conflict: float | np.ndarray, collusion: float | np.ndarray, *,
                a: Assumptions = DEFAULTS) -> tuple[np.ndarray, np.ndarray]:
    """Combined knowledge from a week's contributions per source role (last axis: one row,
    or K x N_ROLES), and its quality 0-1 (a number, or length K).

    Quality is the diversity of the groups whose knowledge is used, times how well it is
    integrated; task conflict lets differences be used, collusion flattens them (003 §2.4;
    by `a.combination_task_conflict` and `a.combination_collusion` at full strength).
    """
    quality = diversity(contribution_by_role) * integrated \
        * (1.0 + a.combination_task_conflict * task_conflict
           - a.combination_collusion * collusion)
    quality = np.clip(quality, 0.0, 1.0)
    return contribution_by_role.sum(axis=-1) * quality, quality


def learning_capacity(learning_capital: float | np.ndarray, *,
                      a: Assumptions = DEFAULTS) -> np.ndarray:
    """The community's learning capacity (0-1) from its learning capital, saturating: half
    at `a.learning_capacity_half` (003 §2.3 c: 'Leerkapitaal is het (ontwikkelen) van
    leervermogen')."""
    capital = np.maximum(learning_capital, 0.0)
    return capital / (capital + a.learning_capacity_half)


def sprint_success_with_lessons(success_chance: float | np.ndarray,
                                capacity: float | np.ndarray, *,
                                a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chance a sprint succeeds once the lessons drawn earlier are applied: the chance from
    the sprint's quality plus `a.learning_capacity_success` at full learning capacity, never
    above `a.sprint_success_max` (000 lesson 7; 003 §2.3 c)."""
    return np.minimum(a.sprint_success_max,
                      success_chance + a.learning_capacity_success * capacity)
