"""Development phases and the work forms used in each.

Phases: start, design, execute (sprints of orientation, action, evaluation) and
sustain (003 ch. 3). A phase moves on when its condition is met, not on a deadline;
funding ending pushes an executing community into sustain (003 §3.5).
Work forms: stand-ups, webinars, lunch meetings, thematic tables, case discussions,
intervision and work sessions (000 lesson 4; 003 §3.4; 004 'casusbespreking').
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


class Phase(IntEnum):
    START = 0
    DESIGN = 1
    EXECUTE = 2
    SUSTAIN = 3
    DISSOLVED = 4


SHARED_AMBITION_TO_DESIGN = 0.5
DESIGN_PROGRESS_TO_EXECUTE = 1.0


@dataclass(frozen=True)
class WorkForm:
    """A way of meeting. `reach` is per role (researcher, educator, practitioner, mbo, pwd):
    how well it fits their situation. The other fields are intensities 0-1."""

    name: str
    reach: tuple[float, float, float, float, float]
    mixing: float        # cross-role conversation
    work: float          # joint project work
    reflection: float    # perspective exchange
    coordination: float  # routines and agreements


# The seven work forms (000 lesson 4, §2; 004 casusbespreking; 002 Les 2; 003 §3.4 c), in the
# order of the work-form tables of `lcsim.Assumptions`.
WORK_FORM_NAMES = ("stand-up", "webinar", "lunch meeting", "thematic table", "case discussion",
                   "intervision", "work session")
FORM_INDEX = {name: i for i, name in enumerate(WORK_FORM_NAMES)}


def work_forms(a: Assumptions = DEFAULTS) -> tuple[WorkForm, ...]:
    """The seven work forms with their reach and intensities from the assumptions."""
    return tuple(WorkForm(name, a.work_form_reach[i], a.work_form_mixing[i],
                          a.work_form_work[i], a.work_form_reflection[i],
                          a.work_form_coordination[i])
                 for i, name in enumerate(WORK_FORM_NAMES))


def work_form_weights(phase: Phase, creative_work_forms: float, *,
                      a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chances of each work form this week: the standard plenaries (`a.standard_forms`)
    blended with the forms that fit the phase (`a.phase_forms`, 003 §3.2-3.5)."""
    return ((1.0 - creative_work_forms) * a.array("standard_forms")
            + creative_work_forms * a.array("phase_forms")[phase])


def next_phase(phase: Phase, shared_ambition: float, design_progress: float,
               funding_ended: bool) -> Phase:
    """The phase after this week: moves on when its condition is met, not on a deadline.

    Funding ending pushes a community to sustain or to dissolve (003 §2.5): one with a
    shared ambition (designing or executing) goes on to sustain what it has; one that never
    found a shared ambition stops.
    """
    if phase == Phase.START and shared_ambition >= SHARED_AMBITION_TO_DESIGN:
        return Phase.DESIGN
    if phase == Phase.DESIGN and design_progress >= DESIGN_PROGRESS_TO_EXECUTE:
        return Phase.EXECUTE
    if funding_ended and phase in (Phase.START, Phase.DESIGN, Phase.EXECUTE):
        return Phase.DISSOLVED if phase == Phase.START else Phase.SUSTAIN
    return phase


def shared_ambition_growth(alignment: float, attendance: float, mean_trust: float,
                           power: float) -> float:
    """Weekly growth of a shared ambition: alignment talks among those present, helped by
    trust, held back by power play (001 cond. 2-3; 000 lesson 1)."""
    return 0.12 * (0.2 + alignment) * attendance * (0.5 + mean_trust) * (1.0 - power)


MIN_MEMBERS = 5
MIN_MEETING = 3
WEEKS_WITHOUT_MEETING = 8


def dissolves(n_active: int, n_fields_active: int, weeks_without_meeting: int) -> bool:
    """A community dissolves when too few members remain, when fewer than two of research,
    education and practice still take part, or when it has not met for two months."""
    return (n_active < MIN_MEMBERS or n_fields_active < 2
            or weeks_without_meeting >= WEEKS_WITHOUT_MEETING)
