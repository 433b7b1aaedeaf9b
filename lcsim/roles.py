"""The five participant roles, the knowledge types, the seven product kinds: fixed data.

The numbers per role and kind (shares, time, status, knowledge, interests, the
knowledge-to-product mapping) are assumptions and live in `lcsim.Assumptions`; this module
holds only the structure: which roles, knowledge types and product kinds there are.
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
    def person(self) -> str:
        """One member of the role: 'mbo staff member' where the label names a group."""
        return ROLE_PERSON.get(self, self.label)

    @property
    def article(self) -> str:
        """One member with an indefinite article, capitalised as the start of a sentence:
        'An educator', 'An mbo staff member' (said em-bee-oh)."""
        spoken_vowel = self.person[0] in "aeiou" or self.person.startswith("mbo")
        return ("An " if spoken_vowel else "A ") + self.person


ROLE_LABELS = {
    Role.RESEARCHER: "researcher",
    Role.EDUCATOR: "educator",
    Role.PRACTITIONER: "practitioner",
    Role.MBO_STAFF: "mbo staff",
    Role.PERSON_WITH_DEMENTIA: "person with dementia / carer",
}
# One person of a role, where the label names a group.
ROLE_PERSON = {Role.MBO_STAFF: "mbo staff member"}
N_ROLES = len(Role)

# Knowledge types (000 §3 'diverse soorten kennis').
KNOWLEDGE_TYPES = (
    "scientific", "methodological", "clinical", "didactic",
    "experiential", "organisational", "work_floor",
)
N_KNOWLEDGE = len(KNOWLEDGE_TYPES)

# Whether funding pays the role's time (people with dementia join on their own title, 000 §1).
ROLE_PAID = np.array([True, True, True, True, False])

# The low-status groups: invited late, heard less, and they climb the participation ladder
# (000 §1, Tekstbox 3): mbo staff and people with dementia and their carers.
LOW_STATUS = np.isin(np.arange(N_ROLES), [Role.MBO_STAFF, Role.PERSON_WITH_DEMENTIA])

# The seven product kinds (000 Tekstbox 5).
PRODUCT_KINDS = (
    "knowledge_product", "instrument", "method", "skills",
    "attitude", "process_outcome", "publicity",
)
N_PRODUCT_KINDS = len(PRODUCT_KINDS)

# Whether a product kind lands mainly in practice, in education, or both (000 lesson 5).
PRODUCT_LANDS_IN_PRACTICE = np.array([True, True, True, True, True, True, False])
PRODUCT_LANDS_IN_EDUCATION = np.array([True, False, True, True, True, False, False])

# Who may hold the bridge-builder function: educators and researchers first (preferred),
# then practitioners (000 Tekstbox 4; the model's set-up and `appoint_bridge_builder`).
PREFERRED_BRIDGE_BUILDER_ROLES = (Role.EDUCATOR, Role.RESEARCHER)
BRIDGE_BUILDER_ROLES = (*PREFERRED_BRIDGE_BUILDER_ROLES, Role.PRACTITIONER)


def role_counts(n_participants: int, role_mix: np.ndarray) -> np.ndarray:
    """Seats per role in a new community of `n_participants` (length N_ROLES): each role's
    share of `role_mix` rounded down, at least one seat each, practitioners taking the
    remainder. The practitioners' count is negative when the community is too small for
    one seat per role."""
    counts = np.maximum(1, np.floor(np.asarray(role_mix) * n_participants).astype(int))
    counts[Role.PRACTITIONER] += n_participants - counts.sum()
    return counts


def max_bridge_builders(n_participants: int, role_mix: np.ndarray) -> int:
    """How many bridge-builders a new community of `n_participants` can have: its seats
    of the roles that may hold the function (`BRIDGE_BUILDER_ROLES`)."""
    counts = role_counts(n_participants, role_mix)
    return int(sum(max(int(counts[role]), 0) for role in BRIDGE_BUILDER_ROLES))
