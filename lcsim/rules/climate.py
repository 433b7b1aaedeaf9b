"""The collaborative climate: psychological safety, task and relational conflict,
collusion, and what failures do.

A constructive climate dares task conflict under psychological safety; collusion is
conflict avoidance that feels like good collaboration; stereotyping, distrust and
power play breed relational conflict and dropout (003 §2.4, Schruijer 2021).
Under safety failures are discussed and teach; without it they are hushed up and
hurt trust (000 lesson 7).
"""

from __future__ import annotations

from lcsim.assumptions import DEFAULTS, Assumptions


def _unit(level: float) -> float:
    """A level kept within 0-1 (plain Python: these are single community-wide values)."""
    return float(min(max(level, 0.0), 1.0))


def safety_target(base: float, facilitation: float, mean_trust: float,
                  relational_conflict: float, leadership: float = 0.0,
                  failures_discussed_lately: float = 0.0, *,
                  a: Assumptions = DEFAULTS) -> float:
    """The level psychological safety drifts to: the facilitator's base, lifted by skilled
    facilitation, by a present project leader who creates a trusted environment (001
    'Persoonlijke relaties': "het creëren van een vertrouwde omgeving"), by failures lately
    discussed openly without blame (0-1, `failures_discussed_lately`: members see that
    speaking up is safe; 000 lesson 7 "een veilige en open cultuur waarin partners
    waardevolle lessen kunnen trekken uit (elkaars) successen én mislukkingen"; 003 §3.3 e)
    and by trust (above `a.safety_trust_midpoint`), lowered by relational conflict."""
    return _unit(base + a.safety_facilitation * facilitation + a.leader_safety * leadership
                 + a.open_failure_safety * failures_discussed_lately
                 + a.safety_trust * (mean_trust - a.safety_trust_midpoint)
                 - a.safety_conflict * relational_conflict)


def drift(level: float, target: float, rate: float) -> float:
    """Move a climate variable a share `rate` towards its target."""
    return level + rate * (target - level)


def task_conflict(diversity: float, safety: float) -> float:
    """Constructive conflict about the task: needs differences and the safety to voice them."""
    return diversity * safety


def collusion(diversity: float, safety: float, relational_conflict: float) -> float:
    """Conflict avoidance: differences present but unspoken, for lack of safety."""
    return diversity * (1.0 - safety) * (1.0 - relational_conflict)


def power_play(interest_misalignment: float, shared_ambition: float) -> float:
    """Win-lose pressure when interests diverge and no shared ambition binds them."""
    return interest_misalignment * (1.0 - shared_ambition)


def relational_conflict_target(stereotype_in_room: float, distrust: float,
                               power: float, hushed_failures: float,
                               equal_participation: float = 0.0, *,
                               a: Assumptions = DEFAULTS) -> float:
    """Relational conflict fed by stereotyping, distrust, power play and blame; a facilitator
    who secures equal participation defuses the part that stereotyping feeds."""
    return _unit(a.conflict_stereotype * stereotype_in_room
                 * (1.0 - a.conflict_defusing * equal_participation)
                 + a.conflict_distrust * distrust + a.conflict_power * power
                 + a.conflict_hushed * hushed_failures)


def sprint_success_probability(sprint_quality: float, *, a: Assumptions = DEFAULTS) -> float:
    """Chance a sprint succeeds: better with the quality of the knowledge combined in it, but
    never certain (`a.sprint_success_max`)."""
    return min(a.sprint_success_max,
               a.sprint_success_base + a.sprint_success_quality * sprint_quality)


def failure_discussed_probability(safety: float, embrace_failure: float, *,
                                  a: Assumptions = DEFAULTS) -> float:
    """Chance a failure is reflected upon together rather than hushed up."""
    return _unit(safety * (a.failure_discussion_base + embrace_failure))
