"""The eight conditions of sustainable knowledge collaborations (001), as indicators 0-1.

Computed every week from the state, the way scan instruments such as 'Seeds of
innovation' (003 §3.5) score a community.
"""

from __future__ import annotations

from lcsim.assumptions import DEFAULTS, Assumptions

CONDITIONS = (
    "transdisciplinarity", "shared_ambition", "justice_to_interests", "personal_relations",
    "mutual_trust", "professional_organisation", "meaningful_process", "time_and_continuity",
)


def condition_scores(*, combination_quality: float, shared_ambition: float,
                     interests_served: float, strong_tie_share: float, mean_trust: float,
                     coordination: float, bridge_builder_cover: float, safety: float,
                     relational_conflict: float, phase_progress: float,
                     secured_time: float, retention: float,
                     a: Assumptions = DEFAULTS) -> dict[str, float]:
    """Score each condition from state variables; names follow 001's list in order."""
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
