"""Weekly indicators of the model state: value cycles, trust, stereotypes, participation,
products and the eight conditions of 001.

`compute_indicators` runs once per week; the DataCollector's model reporters and
`model.summary()` read its result, so nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import mesa
import numpy as np

from lcsim.agents import OrganisationKind
from lcsim.roles import Role
from lcsim.rules import boundary, conditions, value
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase
from lcsim.state import (
    LANDING_SETTINGS,
    CommunityState,
    products_in_use,
    strong_live_ties,
    trust_on_live_ties,
)

SUMMARY_KEYS = (
    "expected_value", "immediate_value", "potential_value", "applied_value", "realized_value",
    "transformative_value", "stranded_potential_value", "stranded_share",
    "human_capital", "social_capital", "tangible_capital", "reputational_capital",
    "learning_capital", "value_micro", "value_meso", "value_macro",
    "mean_trust", "trust_within_roles", "trust_between_roles", "cross_role_tie_share",
    "mean_stereotype", "knowledge_combination", "knowledge_combination_funded",
    "psychological_safety", "relational_conflict",
    "collusion", "task_conflict", "shared_ambition",
    "identification", "coordination", "reflection", "transformation",
    "survived", "active_members", "phase", "bridge_builders",
    "products_developed", "products_landed_practice", "products_landed_education",
    "products_unlanded", "pwd_share_inform", "pwd_share_advise", "pwd_share_codesign",
    "mbo_participation", "pwd_participation", "failures_discussed", "failures_hushed",
    "dropouts", "turnover", "bridge_builder_departures",
    "products_in_use", "product_years_practice", "product_years_education",
    "care_organisations_using", "schools_using", "paid_hours", "subsidy_hours", "spent_hours",
    "paid_fte", "spent_fte", "products_lasting", "paid_hours_per_lasting_product", "trust_frozen",
    *conditions.CONDITIONS,
)

# Relations that exist only while members meet: a dissolved community reports them as they
# were when it dissolved (and `trust_frozen` says so), not as the 0 of no members.
FROZEN_AT_DISSOLUTION = (
    "mean_trust", "trust_within_roles", "trust_between_roles", "cross_role_tie_share",
    "mean_stereotype", "personal_relations", "mutual_trust",
)


def read_indicator(model: mesa.Model, name: str) -> float:
    """Model reporter: this week's value of one indicator (a named function, so it pickles)."""
    return model.indicators[name]


def indicator_reporters(names: Iterable[str]) -> dict[str, partial]:
    """One DataCollector model reporter per indicator name."""
    return {name: partial(read_indicator, name=name) for name in names}


MODEL_REPORTERS = indicator_reporters(SUMMARY_KEYS)


class IndicatorCollector(mesa.DataCollector):
    """Mesa's DataCollector with one model reporter per weekly indicator.

    The indicators are plain floats computed once a week, so `collect` stores them as they
    are, without the deepcopy Mesa makes of every reported value (a tenth of a week at 50
    participants). If reporters are added or changed, it collects the Mesa way.
    """

    def __init__(self, names: Iterable[str] = SUMMARY_KEYS) -> None:
        super().__init__(model_reporters=indicator_reporters(names))
        self._plain = dict(self.model_reporters)

    def collect(self, model: mesa.Model) -> None:
        if self.model_reporters != self._plain or self.agent_reporters \
                or self.agenttype_reporters:
            super().collect(model)
            return
        self._collection_steps.append(model.time)
        indicators = model.indicators
        for name, values in self.model_vars.items():
            values.append(indicators[name])


def _share(rungs: np.ndarray, rung: int) -> float:
    """Share of the seats (given by their `rungs`) on `rung`."""
    return float(np.count_nonzero(rungs == rung) / rungs.size) if rungs.size else 0.0


def compute_indicators(model: mesa.Model) -> dict[str, float]:
    """All weekly indicators of a model, as plain floats."""
    s, a = model.state, model.assumptions
    n_active = int(np.count_nonzero(s.active))
    alive = s.phase != Phase.DISSOLVED
    landed = s.product_landed >= 0
    unlanded = ~landed.any(axis=1)
    n_bb = int(np.count_nonzero(s.is_bridge_builder & s.active))
    n_in_use = products_in_use(s)
    live_trust = trust_on_live_ties(s)
    n_strong, n_strong_cross = strong_live_ties(s, a.strong_tie)
    trust = _trust_and_stereotype_indicators(s, live_trust, n_strong_cross, n_active)
    n_live = live_trust[2]
    out = {
        **_value_indicators(model, n_active, unlanded),
        **trust,
        **_climate_indicators(s),
        "survived": 1.0 if alive else 0.0,
        "active_members": float(n_active),
        "phase": float(s.phase),
        "bridge_builders": float(n_bb),
        **_product_indicators(s, landed, unlanded),
        **_participation_indicators(s),
        **_failure_and_turnover_indicators(s),
        **_use_indicators(s, n_in_use),
        **_hours_indicators(s, n_in_use),
        "trust_frozen": 0.0 if alive else 1.0,
        **_condition_indicators(model, n_active, n_bb, alive, trust["mean_trust"],
                                n_strong / n_live if n_live else 0.0),
    }
    if not alive and model.at_dissolution is not None:
        out.update({name: model.at_dissolution[name] for name in FROZEN_AT_DISSOLUTION})
    return out


def _value_indicators(model: mesa.Model, n_active: int, unlanded: np.ndarray
                      ) -> dict[str, float]:
    """The value cycles, the five capitals, stranded value (`unlanded`: products that
    landed nowhere) and value per level."""
    s, a = model.state, model.assumptions
    n_seats = len(s.role)
    capitals = value.in_value_units(s.capitals, a=a)
    potential = float(sum(capitals.values()))
    stranded = value.stranded_value(
        s.capitals, float(s.product_quality[unlanded].sum()),
        s.project.progress / model.p.product_effort * s.project.quality,
        n_active / max(n_seats, 1), a=a)
    return {
        "expected_value": float(s.expected[s.active].sum() / n_active) if n_active else 0.0,
        "immediate_value": s.immediate_value,
        "potential_value": potential,
        "applied_value": s.applied_value,
        "realized_value": s.realized_value,
        "transformative_value": s.transformative_value,
        "stranded_potential_value": float(stranded),
        **{f"{name}_capital": float(v) for name, v in capitals.items()},
        "stranded_share": float(stranded / potential) if potential > 0 else 0.0,
        "value_micro": s.immediate_value / max(n_seats, 1),
        "value_meso": float(s.org_applied_value.sum() / s.org_applied_value.size)
        if s.org_applied_value.size else 0.0,
        "value_macro": s.transformative_value + capitals["social"],
    }


def _trust_and_stereotype_indicators(s: CommunityState, live_trust: tuple[float, float, int, int],
                                     n_strong_cross: int, n_active: int) -> dict[str, float]:
    """Trust on the ties between active members, within and between roles, and the mean
    stereotype of the active members towards the other groups."""
    total_trust, cross_trust, n_live, n_cross = live_trust
    within_trust, n_within = total_trust - cross_trust, n_live - n_cross
    # Views of the four other groups: all five columns minus the view of one's own group.
    own_view = s.stereotype[np.arange(len(s.role)), s.role]
    weight = s.active.astype(float)
    stereo_sum = float(np.einsum("i,ij->", weight, s.stereotype)
                       - np.einsum("i,i->", weight, own_view))
    n_views = n_active * (s.stereotype.shape[1] - 1)
    return {
        "mean_trust": total_trust / n_live if n_live else 0.0,
        "trust_within_roles": within_trust / n_within if n_within else 0.0,
        "trust_between_roles": cross_trust / n_cross if n_cross else 0.0,
        "cross_role_tie_share": n_strong_cross / n_cross if n_cross else 0.0,
        "mean_stereotype": stereo_sum / n_views if n_views else 0.0,
    }


def _climate_indicators(s: CommunityState) -> dict[str, float]:
    """Knowledge combination, the climate, shared ambition and boundary crossing."""
    return {
        "knowledge_combination": s.combination_quality,
        "knowledge_combination_funded": s.combination_funded_sum / s.funded_weeks_seen
        if s.funded_weeks_seen else 0.0,
        "psychological_safety": s.safety,
        "relational_conflict": s.relational_conflict,
        "collusion": s.collusion,
        "task_conflict": s.task_conflict,
        "shared_ambition": s.shared_ambition,
        **dict(zip(("identification", "coordination", "reflection", "transformation"),
                   s.boundary.tolist(), strict=True)),
    }


def _product_indicators(s: CommunityState, landed: np.ndarray, unlanded: np.ndarray
                        ) -> dict[str, float]:
    """Products developed, and how many landed in practice, in education or nowhere."""
    return {
        "products_developed": float(len(s.products)),
        "products_landed_practice": float(np.count_nonzero(landed[:, 0])),
        "products_landed_education": float(np.count_nonzero(landed[:, 1])),
        "products_unlanded": float(np.count_nonzero(unlanded)),
    }


def _participation_indicators(s: CommunityState) -> dict[str, float]:
    """The rungs of the people with dementia and the participation of mbo staff."""
    active = s.active
    pwd_all = s.seats_of_role[Role.PERSON_WITH_DEMENTIA]
    mbo = s.seats_of_role[Role.MBO_STAFF]
    rungs = CO_DESIGN - INFORM + 1  # inform, advise, co-design
    mbo_rung = s.rung[mbo]
    mbo_level = np.where(active[mbo], (mbo_rung - INFORM + 1) / rungs * (mbo_rung >= INFORM),
                         0.0)
    if s.phase < Phase.EXECUTE:
        mbo_level = np.where(s.late_invited[mbo], 0.0, mbo_level)
    pwd_rungs = s.rung[pwd_all[active[pwd_all]]]  # of the active people with dementia
    return {
        "pwd_share_inform": _share(pwd_rungs, INFORM),
        "pwd_share_advise": _share(pwd_rungs, ADVISE),
        "pwd_share_codesign": _share(pwd_rungs, CO_DESIGN),
        "mbo_participation": float(mbo_level.sum() / mbo_level.size) if mbo_level.size
        else 0.0,
        "pwd_participation": float(np.where(
            active[pwd_all], s.load[pwd_all] * s.rung[pwd_all] / CO_DESIGN, 0.0).sum()
            / pwd_all.size) if pwd_all.size else 0.0,
    }


def _failure_and_turnover_indicators(s: CommunityState) -> dict[str, float]:
    """Failures discussed and hushed, dropouts and departures so far."""
    return {
        "failures_discussed": float(s.failures_discussed),
        "failures_hushed": float(s.failures_hushed),
        "dropouts": float(sum(s.dropouts.values())),
        "turnover": float(s.departures),
        "bridge_builder_departures": float(s.bb_departures),
    }


def _use_indicators(s: CommunityState, n_in_use: int) -> dict[str, float]:
    """Products in use, the years of use per landing setting and the organisations using."""
    using = np.bincount(s.use_org[s.use_on], minlength=s.org_kind.size) > 0  # per organisation
    kinds_using = np.bincount(s.org_kind[using], minlength=len(OrganisationKind))
    use_weeks = np.bincount(s.use_setting, weights=s.use_weeks,  # per landing setting
                            minlength=len(LANDING_SETTINGS))
    return {
        "products_in_use": float(n_in_use),
        "product_years_practice": float(use_weeks[0] / 52.0),
        "product_years_education": float(use_weeks[1] / 52.0),
        "care_organisations_using": float(kinds_using[OrganisationKind.CARE_PROVIDER]),
        "schools_using": float(kinds_using[OrganisationKind.SCHOOL]),
    }


def _hours_indicators(s: CommunityState, n_in_use: int) -> dict[str, float]:
    """Hours and FTE paid and spent, and the paid hours per product that lasts."""
    lasting = s.lasting_products if s.lasting_products >= 0 else n_in_use
    return {
        "paid_hours": s.paid_hours,
        "subsidy_hours": s.subsidy_hours,
        "spent_hours": s.spent_hours,
        "paid_fte": s.paid_fte,
        "spent_fte": s.spent_fte,
        "products_lasting": float(lasting),
        "paid_hours_per_lasting_product": s.paid_hours_funded / max(lasting, 1),
    }


def _condition_indicators(model: mesa.Model, n_active: int, n_bb: int, alive: bool,
                          mean_trust: float, strong_tie_share: float) -> dict[str, float]:
    """The scores of the eight conditions for a successful community (001)."""
    s, a = model.state, model.assumptions
    bb_cover = float(min(1.0, n_bb / max(1, n_active / a.members_per_bridge_builder)))
    interests_served = float(min(max(s.motivation[s.active].sum() / n_active, 0.0), 1.0)
                             if n_active else 0.0)
    return conditions.condition_scores(
        combination_quality=s.combination_quality, shared_ambition=s.shared_ambition,
        interests_served=interests_served, strong_tie_share=strong_tie_share,
        mean_trust=mean_trust, coordination=float(s.boundary[boundary.COORDINATION]),
        bridge_builder_cover=bb_cover,
        safety=s.safety, relational_conflict=s.relational_conflict,
        phase_progress=a.phase_progress[s.phase],
        secured_time=float(s.coverage.sum() / s.coverage.size) if alive else 0.0,
        retention=n_active / s.active.size, a=a)
