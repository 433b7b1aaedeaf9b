"""Stereotypes: how much each member discounts the knowledge of each other group.

Scientific knowledge is seen as slow and over-complicated; mbo practical wisdom and
didactic or organisational knowledge go unrecognised; mbo staff are seen as 'hands'
(000 §3, lesson 6; 003 §2.4). Equal-status contact that goes well lowers them
(Allport 1954; Pettigrew & Tropp 2006), bad experiences raise them.

Community-wide inputs (a bridge-builder's skill, the learning attitude) may be numbers or
arrays gathered per contact or per seat from one value per community (docs/KSTATE.md).
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions


def initial_stereotypes(roles: np.ndarray, strength: float, *,
                        a: Assumptions = DEFAULTS) -> np.ndarray:
    """Stereotype of each member (rows) towards each role (columns): the row of the member's
    role in `a.base_stereotype` (0 = fully valued, 1 = ignored), scaled by `strength`.
    Sources: 000 §3 (scientific knowledge seen as "onnodig ingewikkeld, traag en
    losgezongen"; practical mbo wisdom not recognised as knowledge), §1 (mbo staff as
    'handjes'); 003 §2.4 a; the table is an assumption."""
    return strength * a.array("base_stereotype")[roles]


def valued_share(stereotype: np.ndarray, translation: float | np.ndarray = 0.0,
                 learning_attitude: float | np.ndarray = 0.0, *,
                 a: Assumptions = DEFAULTS) -> np.ndarray:
    """Share of a group's knowledge a member takes seriously, given their stereotype of it.

    A bridge-builder who translates makes the other's knowledge understandable and shows
    its worth, which takes part (up to `a.translation_revalue`) of the discount away
    (000 Tekstbox 4). A community that makes room for every kind of knowledge and takes a
    learning attitude (lesson 6, `learning_attitude` = `value_all_perspectives`) takes
    another part (up to `a.attitude_revalue`) away: members look past the stereotype to
    what the other knows (000 lesson 6 "Maak ruimte voor verschillende soorten kennis en
    pas op voor stereotypen over elkaar"; 000 §3).
    """
    return 1.0 - stereotype * (1.0 - a.translation_revalue * translation) \
        * (1.0 - a.attitude_revalue * learning_attitude)


def equal_status(status_a: np.ndarray, status_b: np.ndarray,
                 facilitation: float | np.ndarray) -> np.ndarray:
    """How equal a contact feels (0-1); a facilitator's 'equal participation' skill lifts it.
    Equal status is the first condition for contact to reduce prejudice (Allport 1954); the
    skill is "Zorgen voor gelijkwaardige participatie in ongelijke situaties" (000 Tekstbox
    4 skill 2); the status ratio is an assumption."""
    ratio = np.minimum(status_a, status_b) / np.maximum(status_a, status_b)
    return ratio + (1.0 - ratio) * facilitation


def update_stereotypes(stereotype: np.ndarray, member: np.ndarray, other_role: np.ndarray,
                       good: np.ndarray, bad: np.ndarray, equality: np.ndarray,
                       contact_effect: float, learning_attitude: float | np.ndarray, *,
                       a: Assumptions = DEFAULTS) -> np.ndarray:
    """Lower stereotypes after good equal-status contact, raise them after bad contact.

    Each contact k is member[k] meeting someone of other_role[k]. A learning attitude
    (lesson 6) strengthens the good effect (on top of `a.good_contact_base`) and damps the
    bad one (`a.bad_contact_effect` of the good one's size). Sources: Allport 1954;
    Pettigrew & Tropp 2006 (contact between equals that goes well lowers prejudice); 000
    lesson 6 ("Neem een lerende houding aan voor meer gelijkwaardigheid"); the sizes are
    assumptions.
    """
    new = stereotype.copy()
    current = stereotype[member, other_role]
    down = contact_effect * good * equality * (a.good_contact_base + learning_attitude) * current
    up = a.bad_contact_effect * contact_effect * bad * (1.0 - learning_attitude) \
        * (1.0 - current)
    np.add.at(new, (member, other_role), up - down)
    return new.clip(0.0, 1.0)


def workshop(stereotype: np.ndarray, attended: np.ndarray, effect: float) -> np.ndarray:
    """A workshop against stereotypes lowers the stereotypes of those who attend by `effect`
    (an intervention for lesson 6 of 000, "pas op voor stereotypen over elkaar"; its effect
    is the user's assumption)."""
    return np.where(attended[:, None], stereotype * (1.0 - effect), stereotype)


def shared_reflection(stereotype: np.ndarray, attended: np.ndarray, roles_present: np.ndarray,
                      relief: float | np.ndarray) -> np.ndarray:
    """Reflecting together on a failure softens the views those present hold of the other
    roles in the room by the share `relief` (000 §3: reflecting on successes and failures
    helps value all perspectives). `roles_present` is a 0/1 mask over the roles (N_ROLES),
    or one row per seat (S x N_ROLES: the mask of the seat's community, gathered as
    `roles_present[state.seat_community]`)."""
    lowered = stereotype * (1.0 - relief * roles_present)
    return np.where(attended[:, None], lowered, stereotype)
