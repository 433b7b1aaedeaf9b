"""The eight conditions of sustainable knowledge collaborations (001), as indicators 0-1.

Computed every week from the state, the way scan instruments such as 'Seeds of
innovation' (003 §3.5) score a community.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

CONDITIONS = (
    "transdisciplinarity", "shared_ambition", "justice_to_interests", "personal_relations",
    "mutual_trust", "professional_organisation", "meaningful_process", "time_and_continuity",
)

# A level in [0, 1]: of one community (float) or of each of K communities (array).
Level = float | np.ndarray


def condition_scores(*, combination_quality: Level, shared_ambition: Level,
                     interests_served: Level, strong_tie_share: Level, mean_trust: Level,
                     coordination: Level, bridge_builder_cover: Level, safety: Level,
                     relational_conflict: Level, phase_progress: Level,
                     secured_time: Level, retention: Level,
                     a: Assumptions = DEFAULTS) -> dict[str, Level]:
    """Score each condition from state variables; names follow 001's list in order. Each
    input is a float for one community or an array of length K (one per community), and
    so is each score."""
    organised = a.organisation_coordination
    meaning = (1.0 - a.meaningful_progress) + a.meaningful_progress * phase_progress
    return {
        "transdisciplinarity": combination_quality,
        "shared_ambition": shared_ambition,
        "justice_to_interests": interests_served,
        "personal_relations": strong_tie_share,
        "mutual_trust": mean_trust,
        "professional_organisation": organised * coordination
        + (1.0 - organised) * bridge_builder_cover,
        "meaningful_process": safety * (1.0 - relational_conflict) * meaning,
        "time_and_continuity": secured_time * retention,
    }
