"""Weekly indicators of the model state: value cycles, trust, stereotypes, participation,
products and the eight conditions of 001.

`community_indicators` computes them for all K communities of a state at once (one array
of length K per indicator) and runs once per week; `compute_indicators` gives a single
community's (K = 1) as plain floats. The DataCollector's model reporters and
`model.summary()` read the result, so nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import mesa
import numpy as np

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.calendar import WEEKS_PER_YEAR
from lcsim.params import Params
from lcsim.roles import Role
from lcsim.rules import boundary, conditions, value
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase
from lcsim.state import (
    LANDING_SETTINGS,
    CommunityState,
    count_per_community,
    organisations_using,
    own_group_view,
    per_community,
    products_in_use,
    share,
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
# were when it dissolved (and `trust_frozen` says so), not as the 0 of no members: the model
# keeps each community's values at that moment (`community_indicators`' `at_dissolution`).
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


def compute_indicators(model: mesa.Model) -> dict[str, float]:
    """All weekly indicators of a single community (K = 1), as plain floats.

    `model.at_dissolution` is None while the community lives, else the indicators when it
    dissolved (floats, or arrays of length 1)."""
    frozen = {name: np.atleast_1d(np.asarray(v, dtype=float))
              for name, v in (model.at_dissolution or {}).items()}
    values = community_indicators(model.state, model.p, model.assumptions, frozen)
    return {name: float(v[0]) for name, v in values.items()}


def community_indicators(state: CommunityState, p: Params, a: Assumptions,
                         at_dissolution: dict[str, np.ndarray] | None = None
                         ) -> dict[str, np.ndarray]:
    """All weekly indicators of each of the K communities (docs/ODD.md "Outputs"): one
    array of length K per name, in the order of SUMMARY_KEYS.

    `at_dissolution` maps each name in FROZEN_AT_DISSOLUTION to the values frozen when each
    community dissolved (length K, NaN for a community still alive); a dissolved community
    reports those instead of its current ones. Names it lacks (or None) freeze nothing."""
    s = state
    n_active = count_per_community(s, s.active).astype(float)
    alive = s.phase != Phase.DISSOLVED
    landed = s.product_landed >= 0
    unlanded = ~landed.any(axis=1)
    n_bb = count_per_community(s, s.is_bridge_builder & s.active).astype(float)
    n_in_use = products_in_use(s).astype(float)
    live_trust = trust_on_live_ties(s)
    n_strong, n_strong_cross = strong_live_ties(s, a.strong_tie)
    trust = _trust_and_stereotype_indicators(s, live_trust, n_strong_cross, n_active)
    out = {
        **_value_indicators(s, p, a, n_active, unlanded),
        **trust,
        **_climate_indicators(s),
        "survived": alive,
        "active_members": n_active,
        "phase": s.phase,
        "bridge_builders": n_bb,
        **_product_indicators(s, landed, unlanded),
        **_participation_indicators(s),
        **_failure_and_turnover_indicators(s),
        **_use_indicators(s, n_in_use),
        **_hours_indicators(s, n_in_use),
        "trust_frozen": ~alive,
        **_condition_indicators(s, a, n_active, n_bb, alive, trust["mean_trust"],
                                share(n_strong, live_trust[2])),
    }
    for name in FROZEN_AT_DISSOLUTION:
        if at_dissolution and name in at_dissolution:
            frozen = np.asarray(at_dissolution[name], dtype=float)
            out[name] = np.where(~alive & ~np.isnan(frozen), frozen, out[name])
    # Copies as floats (rows of one table), so that the state changing next week leaves
    # them as they are.
    table = np.concatenate([out[name] for name in SUMMARY_KEYS], dtype=float)
    return dict(zip(SUMMARY_KEYS, table.reshape(len(SUMMARY_KEYS), s.n_communities),
                    strict=True))


def _value_indicators(s: CommunityState, p: Params, a: Assumptions, n_active: np.ndarray,
                      unlanded: np.ndarray) -> dict[str, np.ndarray]:
    """The value cycles, the five capitals, stranded value (`unlanded`: products that
    landed nowhere) and value per level."""
    k, n_seats = s.n_communities, max(s.community_size, 1)
    capitals = value.in_value_units(s.capitals, a=a)
    potential = sum(capitals.values())
    unlanded_quality = np.bincount(s.product_community, weights=s.product_quality * unlanded,
                                   minlength=k)
    stranded = value.stranded_value(
        s.capitals, unlanded_quality, s.project.progress / p.product_effort * s.project.quality,
        n_active / n_seats, a=a)
    meso = s.org_applied_value.sum() / s.org_applied_value.size \
        if s.org_applied_value.size else 0.0
    return {
        "expected_value": share(per_community(s, s.expected * s.active), n_active),
        "immediate_value": s.immediate_value,
        "potential_value": potential,
        "applied_value": s.applied_value,
        "realized_value": s.realized_value,
        "transformative_value": s.transformative_value,
        "stranded_potential_value": stranded,
        **{f"{name}_capital": v for name, v in capitals.items()},
        "stranded_share": np.where(potential > 0, share(stranded, potential), 0.0),
        "value_micro": s.immediate_value / n_seats,
        "value_meso": np.full(k, meso),  # organisations are shared by the region
        "value_macro": s.transformative_value + capitals["social"],
    }


def _trust_and_stereotype_indicators(
        s: CommunityState, live_trust: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        n_strong_cross: np.ndarray, n_active: np.ndarray) -> dict[str, np.ndarray]:
    """Trust on the ties between active members, within and between roles, and the mean
    stereotype of the active members towards the other groups."""
    total_trust, cross_trust, n_live, n_cross = live_trust
    within_trust, n_within = total_trust - cross_trust, n_live - n_cross
    # Views of the four other groups: all five columns minus the view of one's own group.
    own_view = own_group_view(s)
    weight = s.active.astype(float)
    stereo_sum = (per_community(s, weight * s.stereotype.sum(axis=1))
                  - per_community(s, weight * own_view))
    n_views = n_active * (s.stereotype.shape[1] - 1)
    return {
        "mean_trust": share(total_trust, n_live),
        "trust_within_roles": share(within_trust, n_within),
        "trust_between_roles": share(cross_trust, n_cross),
        "cross_role_tie_share": share(n_strong_cross, n_cross),
        "mean_stereotype": share(stereo_sum, n_views),
    }


def _climate_indicators(s: CommunityState) -> dict[str, np.ndarray]:
    """Knowledge combination, the climate, shared ambition and boundary crossing."""
    return {
        "knowledge_combination": s.combination_quality,
        "knowledge_combination_funded": share(s.combination_funded_sum, s.funded_weeks_seen),
        "psychological_safety": s.safety,
        "relational_conflict": s.relational_conflict,
        "collusion": s.collusion,
        "task_conflict": s.task_conflict,
        "shared_ambition": s.shared_ambition,
        **dict(zip(boundary.MECHANISMS, s.boundary.T, strict=True)),
    }


def _product_indicators(s: CommunityState, landed: np.ndarray, unlanded: np.ndarray
                        ) -> dict[str, np.ndarray]:
    """Products developed, and how many landed in practice, in education or nowhere."""
    k, c = s.n_communities, s.product_community
    return {
        "products_developed": np.bincount(c, minlength=k),
        "products_landed_practice": np.bincount(c[landed[:, 0]], minlength=k),
        "products_landed_education": np.bincount(c[landed[:, 1]], minlength=k),
        "products_unlanded": np.bincount(c[unlanded], minlength=k),
    }


def _participation_indicators(s: CommunityState) -> dict[str, np.ndarray]:
    """The rungs of the people with dementia and the participation of mbo staff: shares of
    the active people with dementia on each rung, and means over all seats of a role."""
    k, active, c = s.n_communities, s.active, s.seat_community
    pwd = s.role == Role.PERSON_WITH_DEMENTIA
    mbo = s.role == Role.MBO_STAFF
    rungs = CO_DESIGN - INFORM + 1  # inform, advise, co-design
    waiting = s.late_invited & (s.phase[c] < Phase.EXECUTE)  # for a late invitation
    mbo_level = np.where(active & mbo & ~waiting,
                         (s.rung - INFORM + 1) / rungs * (s.rung >= INFORM), 0.0)
    pwd_active = pwd & active
    pwd_level = np.where(pwd_active, s.load * s.rung / CO_DESIGN, 0.0)
    ladder = CO_DESIGN + 1  # outside, inform, advise, co-design
    on_rung = np.bincount(c[pwd_active] * ladder + s.rung[pwd_active],
                          minlength=k * ladder).reshape(k, ladder)
    rung_share = share(on_rung, on_rung.sum(axis=1)[:, None])  # of the active pwd
    return {
        "pwd_share_inform": rung_share[:, INFORM],
        "pwd_share_advise": rung_share[:, ADVISE],
        "pwd_share_codesign": rung_share[:, CO_DESIGN],
        "mbo_participation": share(per_community(s, mbo_level), count_per_community(s, mbo)),
        "pwd_participation": share(per_community(s, pwd_level), count_per_community(s, pwd)),
    }


def _failure_and_turnover_indicators(s: CommunityState) -> dict[str, np.ndarray]:
    """Failures discussed and hushed, dropouts and departures so far."""
    return {
        "failures_discussed": s.failures_discussed,
        "failures_hushed": s.failures_hushed,
        "dropouts": sum(s.dropouts.values(), np.zeros(s.n_communities)),
        "turnover": s.departures,
        "bridge_builder_departures": s.bb_departures,
    }


def _use_indicators(s: CommunityState, n_in_use: np.ndarray) -> dict[str, np.ndarray]:
    """Products in use, the years of use per landing setting and the organisations using."""
    k, n_settings = s.n_communities, len(LANDING_SETTINGS)
    using = organisations_using(s)
    use_weeks = np.bincount(s.use_community * n_settings + s.use_setting,  # x setting
                            weights=s.use_weeks, minlength=k * n_settings
                            ).reshape(k, n_settings)
    return {
        "products_in_use": n_in_use,
        "product_years_practice": use_weeks[:, 0] / WEEKS_PER_YEAR,
        "product_years_education": use_weeks[:, 1] / WEEKS_PER_YEAR,
        "care_organisations_using": (using & (s.org_kind == OrganisationKind.CARE_PROVIDER)
                                     ).sum(axis=1),
        "schools_using": (using & (s.org_kind == OrganisationKind.SCHOOL)).sum(axis=1),
    }


def _hours_indicators(s: CommunityState, n_in_use: np.ndarray) -> dict[str, np.ndarray]:
    """Hours and FTE paid and spent, and the paid hours per product that lasts."""
    lasting = np.where(s.lasting_products >= 0, s.lasting_products, n_in_use)
    return {
        "paid_hours": s.paid_hours,
        "subsidy_hours": s.subsidy_hours,
        "spent_hours": s.spent_hours,
        "paid_fte": s.paid_fte,
        "spent_fte": s.spent_fte,
        "products_lasting": lasting,
        "paid_hours_per_lasting_product": s.paid_hours_funded / np.maximum(lasting, 1),
    }


def _condition_indicators(s: CommunityState, a: Assumptions, n_active: np.ndarray,
                          n_bb: np.ndarray, alive: np.ndarray, mean_trust: np.ndarray,
                          strong_tie_share: np.ndarray) -> dict[str, np.ndarray]:
    """The scores of the eight conditions for a successful community (001)."""
    bb_cover = np.minimum(1.0, n_bb / np.maximum(1, n_active / a.members_per_bridge_builder))
    interests_served = np.clip(share(per_community(s, s.motivation * s.active), n_active),
                               0.0, 1.0)
    n_orgs = s.coverage.shape[1]
    return conditions.condition_scores(
        combination_quality=s.combination_quality, shared_ambition=s.shared_ambition,
        interests_served=interests_served, strong_tie_share=strong_tie_share,
        mean_trust=mean_trust, coordination=s.boundary[:, boundary.COORDINATION],
        bridge_builder_cover=bb_cover,
        safety=s.safety, relational_conflict=s.relational_conflict,
        phase_progress=a.array("phase_progress")[s.phase],
        secured_time=np.where(alive, share(s.coverage.sum(axis=1), n_orgs), 0.0),
        retention=n_active / max(s.community_size, 1), a=a)
