"""Who can, is invited to, and does take part; the participation ladder.

People with dementia and carers mostly inform, sometimes advise, rarely co-design;
gatekeeping, cognitive and socio-economic barriers and overburdening hold them back
(000 Tekstbox 3, lesson 2). mbo staff are invited late and treated as 'hands' (000 §1).

The functions work on seat arrays of any length (all K communities' seats at once); a
community's value (its phase, policy, bridge-builders' skills) is given one per seat,
gathered from the community (`x[state.seat_community]`), or as one value for all.
"""

from __future__ import annotations

import numpy as np

from lcsim.assumptions import DEFAULTS, Assumptions

# Ladder rungs (000 Tekstbox 3).
OUTSIDE, INFORM, ADVISE, CO_DESIGN = 0, 1, 2, 3


def capacity(role_time: np.ndarray, paid: np.ndarray, coverage: np.ndarray,
             room_for_innovation: np.ndarray) -> np.ndarray:
    """Share of a week each member can give: base time x paid-for share x organisation's room.

    Members who join on their own title (paid=False) do not depend on funding. Sources: 000
    §1 (people with dementia and carers take part on their own title and time), §3 and 002
    §2 (time budgets of the roles); 000 intro list item 7 and 002 Les 4 (room for
    innovation, room to learn); 004 insight 2 (funding makes staff available).
    """
    return role_time * np.where(paid, coverage, 1.0) * room_for_innovation


def invitation_probability(rung: np.ndarray, late_invited: np.ndarray,
                           executing: bool | np.ndarray, inviter_stereotype: np.ndarray,
                           policy: float | np.ndarray, equal_participation: float | np.ndarray,
                           *,
                           a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chance to be asked to this week's meeting.

    Members on low rungs are asked less (`a.rung_invitation`); those invited late (mbo
    without a policy) are asked only once execution starts; the inviters' stereotype of the
    member's group lowers it, a policy and a bridge-builder's 'equal participation' skill
    counter that. Sources: 000 §1 (mbo staff approached only once key design choices are
    made), Tekstbox 3 (people with dementia mostly inform), lesson 2 (a participation
    policy), Tekstbox 4 skill 2 ("ruimte maken voor inspraak van betrokkenen met minder
    status"); the rates are assumptions.
    """
    base = a.array("rung_invitation")[rung]
    waiting = late_invited & ~np.asarray(executing, dtype=bool)
    counter = np.maximum(policy, equal_participation)
    return np.where(waiting, 0.0, base * (1.0 - inviter_stereotype * (1.0 - counter)))


def attendance_probability(capacity: np.ndarray, motivation: np.ndarray,
                           invited: np.ndarray, reach: np.ndarray,
                           convening: float | np.ndarray = 0.0, *,
                           a: Assumptions = DEFAULTS) -> np.ndarray:
    """Chance an invited member comes: enough time, motivation, and a work form that suits;
    a bridge-builder present who keeps the collaboration going (`convening`, their
    'creating movement' skill) raises it by `a.convening_attendance` at full skill (000
    Tekstbox 4 skill 4)."""
    motivated = (1.0 - a.attendance_motivation) + a.attendance_motivation * motivation
    chance = invited * (a.attendance_capacity * capacity).clip(0.0, 1.0) * motivated * reach
    return np.minimum(chance * (1.0 + a.convening_attendance * convening), 1.0)


def rung_up_probability(policy: float | np.ndarray, equal_participation: float | np.ndarray,
                        professional_stereotype: np.ndarray, barrier: np.ndarray,
                        gatekeeping: np.ndarray, *, a: Assumptions = DEFAULTS) -> np.ndarray:
    """Weekly chance to climb one rung: a policy or facilitator opens the way; stereotypes,
    barriers and gatekeepers (family, professionals protecting from overdemand) close it.
    Sources: 000 Tekstbox 3 (the ladder, 'gatekeeping', overvraging), lesson 2 (a clear
    policy against socio-economic and cognitive barriers), Tekstbox 4 skills 2 and 4; the
    rates are assumptions."""
    opening = (a.rung_up_base + a.rung_up_policy * policy
               + a.rung_up_facilitation * equal_participation)
    return opening * (1.0 - professional_stereotype) * (1.0 - barrier) * (1.0 - gatekeeping)


def overburdened(load: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Members whose recent meeting load exceeds what they can bear (overdemand: 000
    Tekstbox 3, "zonder hen te overvragen"; the tolerances are assumptions)."""
    return load > tolerance


def next_rung(rung: np.ndarray, up: np.ndarray, down: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """Climb with probability `up`, step down where `down` is True; stay within the ladder
    of inform, advise and co-design (000 Tekstbox 3; one rung a week is an assumption)."""
    on_ladder = rung >= INFORM
    climb = (rng.random(rung.shape) < up) & on_ladder
    moved = np.minimum(np.maximum(rung + climb - down, INFORM), CO_DESIGN)
    return np.where(on_ladder, moved, rung).astype(rung.dtype)
