"""The collaborative climate: psychological safety, task and relational conflict,
collusion, and what failures do.

A constructive climate dares task conflict under psychological safety; collusion is
conflict avoidance that feels like good collaboration; stereotyping, distrust and
power play breed relational conflict and dropout (003 §2.4, Schruijer 2021).
Under safety failures are discussed and teach; without it they are hushed up and
hurt trust (000 lesson 7).

Every function takes community-wide values as numbers or as arrays with one entry per
community (length K) and broadcasts (docs/KSTATE.md).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

Level = float | np.ndarray  # one community's value, or one per community


def _unit(level: Level) -> Level:
    """A level kept within 0-1."""
    return np.clip(level, 0.0, 1.0)


def safety_target(base: Level, facilitation: Level, mean_trust: Level,
                  relational_conflict: Level, leadership: Level = 0.0,
                  failures_discussed_lately: Level = 0.0, *,
                  a: Assumptions = DEFAULTS) -> Level:
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


def drift(level: Level, target: Level, rate: float) -> Level:
    """Move a climate variable a share `rate` towards its target: a climate is built up
    over time, not set at once (003 §2.4: relations "moeten worden ontwikkeld, hetgeen tijd,
    inspanning en geduld vergt"); the rate is an assumption."""
    return level + rate * (target - level)


def task_conflict(diversity: Level, safety: Level) -> Level:
    """Constructive conflict about the task: needs differences and the safety to voice them
    (003 §2.4: a constructive climate in which "taakconflicten (constructieve conflicten)
    aangegaan durven worden", Schruijer 2021; the product form is an assumption)."""
    return diversity * safety


def collusion(diversity: Level, safety: Level, relational_conflict: Level) -> Level:
    """Conflict avoidance: differences present but unspoken, for lack of safety (003 §2.4 b:
    collusive behaviour, a climate of conflict avoidance while those involved feel they
    collaborate well, Schruijer 2021; the product form is an assumption)."""
    return diversity * (1.0 - safety) * (1.0 - relational_conflict)


def power_play(interest_misalignment: Level, shared_ambition: Level) -> Level:
    """Win-lose pressure when interests diverge and no shared ambition binds them (003 §2.4 a:
    power play and win-lose dynamics; 001 hindering factor "Ingewikkelde krachtenvelden en
    belangenconflicten"; 001 condition 3; the form is an assumption)."""
    return interest_misalignment * (1.0 - shared_ambition)


def relational_conflict_target(stereotype_in_room: Level, distrust: Level,
                               power: Level, hushed_failures: Level,
                               equal_participation: Level = 0.0, *,
                               a: Assumptions = DEFAULTS) -> Level:
    """Relational conflict fed by stereotyping, distrust, power play and blame; a facilitator
    who secures equal participation defuses the part that stereotyping feeds. Sources: 003
    §2.4 a ("Stereotypering, wantrouwen, machtsspel, relationeel conflict"); 000 Tekstbox 4
    skill 2 (recognising and handling tensions); that hushed-up failures feed it (000 lesson
    7) and the weights are assumptions."""
    return _unit(a.conflict_stereotype * stereotype_in_room
                 * (1.0 - a.conflict_defusing * equal_participation)
                 + a.conflict_distrust * distrust + a.conflict_power * power
                 + a.conflict_hushed * hushed_failures)


def sprint_success_probability(sprint_quality: Level, *, a: Assumptions = DEFAULTS) -> Level:
    """Chance a sprint succeeds: better with the quality of the knowledge combined in it, but
    never certain (`a.sprint_success_max`). Sprints: 003 §3.4 b; outcomes come from
    combining kinds of knowledge (000 §3); the numbers are assumptions."""
    return np.minimum(a.sprint_success_max,
                      a.sprint_success_base + a.sprint_success_quality * sprint_quality)


def failure_discussed_probability(safety: Level, embrace_failure: Level, *,
                                  a: Assumptions = DEFAULTS) -> Level:
    """Chance a failure is reflected upon together rather than hushed up: more likely under
    psychological safety and where the community embraces failure (000 lesson 7: a safe and
    open culture in which partners learn from successes and failures; 003 §3.3 e: when
    something has not worked, look as a group at how to overcome it; the form is an
    assumption)."""
    return _unit(safety * (a.failure_discussion_base + embrace_failure))
