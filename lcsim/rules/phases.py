"""Development phases and the work forms used in each.

Phases: start, design, execute (sprints of orientation, action, evaluation) and
sustain (003 ch. 3). A phase moves on when its condition is met, not on a deadline;
an executing community whose paid time runs low turns to sustaining (003 §3.5).
Work forms: stand-ups, webinars, lunch meetings, thematic tables, case discussions,
intervision and work sessions (000 lesson 4; 003 §3.4; 004 'casusbespreking').
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


class Phase(IntEnum):
    """The development phases start, design, execute and sustain of 003 ch. 3 (§3.2-§3.5),
    and dissolved (an assumption: a community that stopped)."""

    START = 0
    DESIGN = 1
    EXECUTE = 2
    SUSTAIN = 3
    DISSOLVED = 4


# design_progress counts designs: the design is done at 1 (its effort is an assumption).
DESIGN_PROGRESS_TO_EXECUTE = 1.0
# A meeting takes at least two people, however small the community.
SMALLEST_MEETING = 2


def meeting_quorum(community_size: int, a: Assumptions = DEFAULTS) -> int:
    """The fewest members present for a week to count as a meeting: `min_meeting_share` of
    the community's members at the start, rounded, and at least SMALLEST_MEETING (6 of 30,
    2 of 10). A share, not a number of people, so that a community of one team of 8-12
    (003 §3.3 b) is held to what it can muster, as a community of 30 is (docs/ODD.md
    7.7). Assumption."""
    return max(SMALLEST_MEETING, round(a.min_meeting_share * community_size))


@dataclass(frozen=True)
class WorkForm:
    """A way of meeting. `reach` is per role (researcher, educator, practitioner, mbo, pwd):
    how well it fits their situation. The other fields are intensities 0-1. The forms come
    from 000 lesson 4 and §2, 004 (casusbespreking), 002 Les 2 and 003 §3.4 c; their values
    are assumptions."""

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
    """The seven work forms with their reach and intensities from the assumptions (the
    forms: 000 lesson 4, §2; 004; 002 Les 2; 003 §3.4 c)."""
    return tuple(WorkForm(name, a.work_form_reach[i], a.work_form_mixing[i],
                          a.work_form_work[i], a.work_form_reflection[i],
                          a.work_form_coordination[i])
                 for i, name in enumerate(WORK_FORM_NAMES))


def work_form_weights(phase: Phase | np.ndarray, creative_work_forms: float, *,
                      a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chances of each work form this week: the standard plenaries (`a.standard_forms`)
    blended with the forms that fit the phase (`a.phase_forms`, 003 §3.2-3.5). One phase
    gives a row of W chances, K phases (a live phase each) a K x W table."""
    return ((1.0 - creative_work_forms) * a.array("standard_forms")
            + creative_work_forms * a.array("phase_forms")[phase])


def next_phase(phase: Phase | np.ndarray, shared_ambition: float | np.ndarray,
               design_progress: float | np.ndarray, paid_time: float | np.ndarray, *,
               a: Assumptions = DEFAULTS) -> Phase | np.ndarray:
    """The phase after this week: moves on when its condition is met, not on a deadline
    (a shared ambition of `a.ambition_to_design`, a finished design). Per community when
    given arrays of length K (ints of `Phase` values).

    An executing community whose members' paid time (`paid_time`, the mean share of their
    time paid for) falls below `a.sustain_paid_time` can no longer run sprints and turns to
    sustaining what it made (003 §3.5); when paid time returns (follow-up funding, embedding
    in the organisations) it re-sets its goals and executes again (003 §2.5, §3.5). No phase
    is keyed on a date: a community without a shared ambition does not dissolve here but
    when its members stop coming (see `dissolves`).
    """
    phase = np.asarray(phase)
    paid_enough = np.asarray(paid_time) >= a.sustain_paid_time
    # Each condition reads this week's phase, so at most one of them applies.
    new = np.where((phase == Phase.START)
                   & (np.asarray(shared_ambition) >= a.ambition_to_design), Phase.DESIGN, phase)
    new = np.where((phase == Phase.DESIGN)
                   & (np.asarray(design_progress) >= DESIGN_PROGRESS_TO_EXECUTE),
                   Phase.EXECUTE, new)
    new = np.where((phase == Phase.EXECUTE) & ~paid_enough, Phase.SUSTAIN, new)
    return np.where((phase == Phase.SUSTAIN) & paid_enough, Phase.EXECUTE, new)[()]


def shared_ambition_growth(alignment: float | np.ndarray, attendance: float | np.ndarray,
                           mean_trust: float | np.ndarray, power: float | np.ndarray, *,
                           a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """Weekly growth of a shared ambition (share of the remaining gap): alignment talks among
    those present, helped by trust, held back by power play (001 cond. 2-3; 000 lesson 1)."""
    return (a.ambition_rate * (a.ambition_alignment_base + alignment) * attendance
            * (a.ambition_trust_base + mean_trust) * (1.0 - power))


def dissolves(n_active: int | np.ndarray, n_fields_active: int | np.ndarray,
              weeks_without_meeting: int | np.ndarray, *,
              a: Assumptions = DEFAULTS) -> bool | np.ndarray:
    """A community dissolves when fewer than `a.min_members` remain, when fewer than
    `a.min_fields` of research, education and practice still take part, or when it has not
    met for `a.weeks_without_meeting` weeks (per community for arrays of length K). An LC
    connects research, education and practice (000 intro; 003 §2.5 core principles:
    several types of stakeholders, mutually dependent); the thresholds are assumptions."""
    return ((n_active < a.min_members) | (n_fields_active < a.min_fields)
            | (weeks_without_meeting >= a.weeks_without_meeting))


def diluted_ambition(shared_ambition: float | np.ndarray, newcomers: int | np.ndarray,
                     n_active: int | np.ndarray, *,
                     a: Assumptions = DEFAULTS) -> float | np.ndarray:
    """The shared ambition after `newcomers` joined the `n_active` active members: newcomers
    do not share it yet, so it falls by their share (weighted by
    `a.newcomer_ambition_dilution`) and must be worked on again (003 §3.5 d 'geen eenmalige
    afspraak'; §3.5 b). Unchanged without newcomers or members; per community for arrays."""
    joined = (np.asarray(newcomers) > 0) & (np.asarray(n_active) > 0)
    share = np.minimum(np.divide(newcomers, np.maximum(n_active, 1)), 1.0)
    return np.where(joined, shared_ambition * (1.0 - a.newcomer_ambition_dilution * share),
                    shared_ambition)[()]
