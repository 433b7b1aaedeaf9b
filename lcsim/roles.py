"""The five participant roles, the knowledge types, the seven product kinds: fixed data.

Each table cites its seed; the numbers are assumptions documented in docs/ODD.md.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Role(IntEnum):
    """Participant roles (000 'Verschillen tussen partners'; 002 §1-2; 003 §2.2)."""

    RESEARCHER = 0
    EDUCATOR = 1
    PRACTITIONER = 2
    MBO_STAFF = 3
    PERSON_WITH_DEMENTIA = 4  # people with dementia and their informal carers

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def article(self) -> str:
        """The label with an indefinite article, capitalised: 'An educator'."""
        return ("An " if self.label[0] in "aeiou" else "A ") + self.label


ROLE_LABELS = {
    Role.RESEARCHER: "researcher",
    Role.EDUCATOR: "educator",
    Role.PRACTITIONER: "practitioner",
    Role.MBO_STAFF: "mbo staff",
    Role.PERSON_WITH_DEMENTIA: "person with dementia / carer",
}
N_ROLES = len(Role)

# Share of each role in a default community: an assumption (000: mbo are the largest care
# workforce; people with dementia and carers take part in small numbers, Tekstbox 3).
ROLE_MIX = np.array([0.15, 0.15, 0.30, 0.25, 0.15])

# Knowledge types (000 §3 'diverse soorten kennis').
KNOWLEDGE_TYPES = (
    "scientific", "methodological", "clinical", "didactic",
    "experiential", "organisational", "work_floor",
)
N_KNOWLEDGE = len(KNOWLEDGE_TYPES)

# Initial knowledge per role (rows) and type (columns), 0-1 (000 §3: who brings what).
ROLE_KNOWLEDGE = np.array([
    # sci  meth  clin  did   exp   org   floor
    [0.90, 0.85, 0.15, 0.10, 0.05, 0.10, 0.05],  # researcher
    [0.20, 0.15, 0.20, 0.90, 0.05, 0.40, 0.10],  # educator
    [0.10, 0.10, 0.90, 0.10, 0.10, 0.45, 0.35],  # practitioner
    [0.05, 0.05, 0.40, 0.05, 0.15, 0.10, 0.90],  # mbo staff
    [0.00, 0.00, 0.05, 0.00, 0.95, 0.05, 0.10],  # person with dementia / carer
])

# Base share of a working week a member can spend on the LC when paid for it
# (000: researchers little time, educators hands full, practitioners production first;
# 002 §2: mbo least room to learn). People with dementia take part on their own time.
ROLE_TIME = np.array([0.45, 0.35, 0.30, 0.25, 0.40])

# Whether funding pays the role's time (people with dementia join on their own title, 000 §1).
ROLE_PAID = np.array([True, True, True, True, False])

# Relative status; low status means invited late and heard less (000 §1, Tekstbox 3).
ROLE_STATUS = np.array([1.0, 0.8, 0.8, 0.4, 0.5])

# Interests: what each role wants from the LC, over the seven product kinds below
# (000 §3: 'welk resultaat is voor welke partner belangrijk'; 001 'stokpaardjes').
PRODUCT_KINDS = (
    "knowledge_product", "instrument", "method", "skills",
    "attitude", "process_outcome", "publicity",
)
N_PRODUCT_KINDS = len(PRODUCT_KINDS)
ROLE_INTERESTS = np.array([
    # know  instr meth  skill att   proc  publ
    [0.40, 0.05, 0.15, 0.05, 0.05, 0.10, 0.20],  # researcher: publications
    [0.15, 0.05, 0.15, 0.35, 0.15, 0.10, 0.05],  # educator: learning outcomes
    [0.05, 0.25, 0.35, 0.15, 0.05, 0.10, 0.05],  # practitioner: usable methods
    [0.00, 0.30, 0.25, 0.25, 0.10, 0.10, 0.00],  # mbo: practical solutions
    [0.05, 0.20, 0.20, 0.05, 0.35, 0.10, 0.05],  # pwd/carer: quality of life, attitude
])

# Which knowledge types make which product kinds (used to type a finished product).
KNOWLEDGE_TO_PRODUCT = np.array([
    # know  instr meth  skill att   proc  publ
    [0.50, 0.05, 0.10, 0.05, 0.00, 0.05, 0.25],  # scientific
    [0.30, 0.10, 0.40, 0.10, 0.00, 0.10, 0.00],  # methodological
    [0.05, 0.25, 0.40, 0.20, 0.05, 0.05, 0.00],  # clinical
    [0.10, 0.00, 0.20, 0.50, 0.15, 0.05, 0.00],  # didactic
    [0.05, 0.15, 0.10, 0.05, 0.50, 0.10, 0.05],  # experiential
    [0.05, 0.10, 0.10, 0.00, 0.05, 0.60, 0.10],  # organisational
    [0.00, 0.45, 0.25, 0.20, 0.05, 0.05, 0.00],  # work-floor
])

# Whether a product kind lands mainly in practice, in education, or both (000 lesson 5).
PRODUCT_LANDS_IN_PRACTICE = np.array([True, True, True, True, True, True, False])
PRODUCT_LANDS_IN_EDUCATION = np.array([True, False, True, True, True, False, False])
