"""Learning paths and room to learn: staff learn to work with a product in use (002).

Organisations differ in their learning paths (002 §2: formal, informal and mixed; large
care organisations often have academies, small day-care locations do not; schools train
their teachers). Informal learning on the job lands better and costs less scarce time (002
Les 3); learning coupled to pilots raises the success of innovations (002 Les 5). Room to
learn differs by organisation and by role (002 §2, Les 4).

Every rule takes numbers or arrays (one entry per use or organisation, of any community)
and broadcasts.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


def formal_path(org_kind: np.ndarray, room: np.ndarray, *,
                a: Assumptions = DEFAULTS) -> np.ndarray:
    """Whether an organisation has a formal learning path (courses, an academy): its room
    for innovation reaches the threshold for its kind (`a.formal_path_room`), so schools
    always have one, care providers only the larger ones with more room (002 §2: "grote
    zorgorganisaties vaak academies hebben, maar kleine ... dagbestedingslocaties niet")."""
    return np.asarray(room) >= a.array("formal_path_room")[np.asarray(org_kind)]


def training_rate(room: np.ndarray, formal: np.ndarray, in_pilot: np.ndarray,
                  setting: np.ndarray, on_the_job: float, *,
                  a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly share of untrained staff who learn to work with a product in use.

    Everyone picks some up informally (`a.learning_informal`); the share `1 - on_the_job`
    of training given as courses works only where the organisation has a formal path and
    reaches only the staff with room for courses in that setting (`a.course_reach`: care
    staff other than registered professionals have less, 002 §2); the share `on_the_job`
    given on the job in the pilot (`a.learning_in_pilot`) works only while the product
    is in its pilot (002 Les 3, Les 5). All of it scales with the organisation's room to
    learn (002 Les 4)."""
    courses = (1.0 - on_the_job) * a.learning_course * formal \
        * a.array("course_reach")[np.asarray(setting)]
    pilot = on_the_job * a.learning_in_pilot * in_pilot
    return np.asarray(room) * (a.learning_informal + courses + pilot)


def trained_update(trained: np.ndarray, rate: np.ndarray, turnover: np.ndarray, *,
                   a: Assumptions = DEFAULTS) -> np.ndarray:
    """Trained share after a week: it grows by `rate` of the untrained share, and trained
    staff leave at `a.trained_staff_leaving` x the organisation's turnover factor (000 §2:
    staff turnover)."""
    leaving = a.trained_staff_leaving * np.asarray(turnover) * trained
    return (trained + rate * (1.0 - trained) - leaving).clip(0.0, 1.0)
