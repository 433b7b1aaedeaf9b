"""Mesa agents: the readable face of the model's array state.

The hot state (trust, knowledge, stereotypes...) lives in numpy arrays on the model,
indexed by a participant's `seat`; these classes give it names a Mesa user expects.
A person who left keeps `active == False`; their other properties describe the seat,
which a newcomer may hold by now (check `current`).
"""

from __future__ import annotations

from enum import IntEnum

import mesa
import numpy as np

from lcsim.roles import KNOWLEDGE_TYPES, Role
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM, OUTSIDE


class Rung(IntEnum):
    """Steps of the participation ladder (000 Tekstbox 3)."""

    OUTSIDE = OUTSIDE
    INFORM = INFORM
    ADVISE = ADVISE
    CO_DESIGN = CO_DESIGN


class OrganisationKind(IntEnum):
    UNIVERSITY = 0
    SCHOOL = 1          # hbo and mbo schools
    CARE_PROVIDER = 2
    CLIENT_COUNCIL = 3  # people with dementia and carers joining on their own title


class Organisation(mesa.Agent):
    """A home organisation; its differences (000 §1) are attributes."""

    model: mesa.Model

    def __init__(self, model: mesa.Model, index: int, kind: OrganisationKind,
                 room_for_innovation: float, pace: float, turnover_factor: float) -> None:
        super().__init__(model)
        self.index = index
        self.kind = kind
        self.room_for_innovation = room_for_innovation
        self.pace = pace
        self.turnover_factor = turnover_factor

    @property
    def applied_value(self) -> float:
        """Value of the community's products landed here (meso-level value)."""
        return float(self.model.org_applied_value[self.index])


class Participant(mesa.Agent):
    """A member of the learning community, holding one seat of the model's arrays."""

    model: mesa.Model

    def __init__(self, model: mesa.Model, seat: int, role: Role,
                 organisation: Organisation) -> None:
        super().__init__(model)
        self.seat = seat
        self.role = role
        self.organisation = organisation
        self.joined_week = model.steps

    @property
    def current(self) -> bool:
        """Whether this person still holds their seat (a newcomer may have taken it since)."""
        return self.model.participants[self.seat] is self

    @property
    def active(self) -> bool:
        return self.current and bool(self.model.active[self.seat])

    @property
    def is_bridge_builder(self) -> bool:
        return bool(self.model.is_bridge_builder[self.seat])

    @property
    def motivation(self) -> float:
        return float(self.model.motivation[self.seat])

    @property
    def rung(self) -> Rung:
        return Rung(int(self.model.rung[self.seat]))

    @property
    def knowledge(self) -> dict[str, float]:
        return dict(zip(KNOWLEDGE_TYPES, self.model.knowledge[self.seat].tolist(), strict=True))

    @property
    def stereotypes(self) -> dict[Role, float]:
        """How much this member discounts each group's knowledge (0 valued - 1 ignored)."""
        return {r: float(self.model.stereotype[self.seat, r]) for r in Role}

    def trust_in(self, other: Participant) -> float | None:
        """This member's trust in `other`, or None if they have no tie."""
        edge = self.model.tie_index(self.seat, other.seat)
        return None if edge is None else float(self.model.trust[edge])

    @property
    def mean_trust_received(self) -> float:
        incoming = self.model.tie_dst == self.seat
        return float(np.mean(self.model.trust[incoming])) if incoming.any() else 0.0

    def __repr__(self) -> str:
        bb = ", bridge-builder" if self.is_bridge_builder else ""
        return f"<Participant {self.unique_id} {self.role.label}{bb}>"
