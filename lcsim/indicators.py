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

SUMMARY_KEYS = (
    "expected_value", "immediate_value", "potential_value", "applied_value", "realized_value",
    "transformative_value", "stranded_potential_value", "stranded_share",
    "human_capital", "social_capital", "tangible_capital", "reputational_capital",
    "learning_capital", "value_micro", "value_meso", "value_macro",
    "mean_trust", "trust_within_roles", "trust_between_roles", "cross_role_tie_share",
    "mean_stereotype", "knowledge_combination", "psychological_safety", "relational_conflict",
    "collusion", "task_conflict", "shared_ambition",
    "identification", "coordination", "reflection", "transformation",
    "survived", "active_members", "phase", "bridge_builders",
    "products_developed", "products_landed_practice", "products_landed_education",
    "products_unlanded", "pwd_share_inform", "pwd_share_advise", "pwd_share_codesign",
    "mbo_participation", "pwd_participation", "failures_discussed", "failures_hushed",
    "dropouts", "turnover", "bridge_builder_departures",
    "products_in_use", "product_years_practice", "product_years_education",
    "care_organisations_using", "schools_using", "paid_hours", "spent_hours", "paid_fte",
    "spent_fte", "products_lasting", "paid_hours_per_lasting_product", "trust_frozen",
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


def _share(mask: np.ndarray, of: np.ndarray) -> float:
    total = int(of.sum())
    return float((mask & of).sum() / total) if total else 0.0


def compute_indicators(model: mesa.Model) -> dict[str, float]:
    """All weekly indicators of a model, as plain floats."""
    m, a = model, model.assumptions
    active = m.active
    n_active = int(np.count_nonzero(active))
    total_trust, cross_trust, n_live, n_cross = m.trust_on_live_ties()
    within_trust, n_within = total_trust - cross_trust, n_live - n_cross
    mean_trust = total_trust / n_live if n_live else 0.0
    n_strong, n_strong_cross = m.strong_live_ties(a.strong_tie)
    # Views of the four other groups: all five columns minus the view of one's own group.
    own_view = m.stereotype[np.arange(len(m.role)), m.role]
    weight = active.astype(float)
    stereo_sum = float(np.einsum("i,ij->", weight, m.stereotype)
                       - np.einsum("i,i->", weight, own_view))
    n_views = n_active * (m.stereotype.shape[1] - 1)

    pwd_all = m.role == Role.PERSON_WITH_DEMENTIA
    pwd = active & pwd_all
    mbo = m.role == Role.MBO_STAFF
    rungs = CO_DESIGN - INFORM + 1  # inform, advise, co-design
    mbo_level = np.where(active[mbo], (m.rung[mbo] - INFORM + 1) / rungs
                         * (m.rung[mbo] >= INFORM), 0.0)
    mbo_level = np.where(m.late_invited[mbo] & (m.phase < Phase.EXECUTE), 0.0, mbo_level)

    capitals = value.in_value_units(m.capitals, a=a)
    potential = float(sum(capitals.values()))
    landed = m.product_landed >= 0
    unlanded = ~landed.any(axis=1)
    alive = m.phase != Phase.DISSOLVED
    stranded = value.stranded_value(
        m.capitals, float(m.product_quality[unlanded].sum()),
        m.project.progress / m.p.product_effort * m.project.quality,
        n_active / max(len(m.role), 1), a=a)
    in_use = m.use_on
    using_orgs = np.unique(m.use_org[in_use])
    using_kinds = m.org_kind[using_orgs] if using_orgs.size else np.zeros(0, dtype=int)
    practice = m.use_setting == 0
    lasting = m.lasting_products if m.lasting_products >= 0 else m.products_in_use()
    bb_cover = float(min(1.0, m.is_bridge_builder[active].sum()
                         / max(1, active.sum() / a.members_per_bridge_builder)))
    interests_served = float(np.clip(np.mean(m.motivation[active]) if active.any() else 0.0,
                                     0.0, 1.0))
    progress = a.phase_progress[m.phase]
    secured = float(np.mean(m.coverage)) if alive else 0.0
    retention = float(active.mean())

    out = {
        "expected_value": float(m.expected[active].mean()) if active.any() else 0.0,
        "immediate_value": m.immediate_value,
        "potential_value": potential,
        "applied_value": m.applied_value,
        "realized_value": m.realized_value,
        "transformative_value": m.transformative_value,
        "stranded_potential_value": float(stranded),
        **{f"{name}_capital": float(v) for name, v in capitals.items()},
        "stranded_share": float(stranded / potential) if potential > 0 else 0.0,
        "value_micro": m.immediate_value / max(len(m.role), 1),
        "value_meso": float(m.org_applied_value.mean()) if m.org_applied_value.size else 0.0,
        "value_macro": m.transformative_value + capitals["social"],
        "mean_trust": mean_trust,
        "trust_within_roles": within_trust / n_within if n_within else 0.0,
        "trust_between_roles": cross_trust / n_cross if n_cross else 0.0,
        "cross_role_tie_share": n_strong_cross / n_cross if n_cross else 0.0,
        "mean_stereotype": stereo_sum / n_views if n_views else 0.0,
        "knowledge_combination": m.combination_quality,
        "psychological_safety": m.safety,
        "relational_conflict": m.relational_conflict,
        "collusion": m.collusion,
        "task_conflict": m.task_conflict,
        "shared_ambition": m.shared_ambition,
        **{name: float(v) for name, v in zip(
            ("identification", "coordination", "reflection", "transformation"), m.boundary,
            strict=True)},
        "survived": 1.0 if alive else 0.0,
        "active_members": float(active.sum()),
        "phase": float(m.phase),
        "bridge_builders": float((m.is_bridge_builder & active).sum()),
        "products_developed": float(len(m.products)),
        "products_landed_practice": float(landed[:, 0].sum()),
        "products_landed_education": float(landed[:, 1].sum()),
        "products_unlanded": float(unlanded.sum()),
        "pwd_share_inform": _share(m.rung == INFORM, pwd),
        "pwd_share_advise": _share(m.rung == ADVISE, pwd),
        "pwd_share_codesign": _share(m.rung == CO_DESIGN, pwd),
        "mbo_participation": float(mbo_level.mean()) if mbo_level.size else 0.0,
        "pwd_participation": float(np.mean(np.where(
            active[pwd_all], m.load[pwd_all] * m.rung[pwd_all] / CO_DESIGN, 0.0)))
        if pwd_all.any() else 0.0,
        "failures_discussed": float(m.failures_discussed),
        "failures_hushed": float(m.failures_hushed),
        "dropouts": float(sum(m.dropouts.values())),
        "turnover": float(m.departures),
        "bridge_builder_departures": float(m.bb_departures),
        "products_in_use": float(m.products_in_use()),
        "product_years_practice": float(m.use_weeks[practice].sum() / 52.0),
        "product_years_education": float(m.use_weeks[~practice].sum() / 52.0),
        "care_organisations_using": float(np.count_nonzero(
            using_kinds == OrganisationKind.CARE_PROVIDER)),
        "schools_using": float(np.count_nonzero(using_kinds == OrganisationKind.SCHOOL)),
        "paid_hours": m.paid_hours,
        "spent_hours": m.spent_hours,
        "paid_fte": m.paid_fte,
        "spent_fte": m.spent_fte,
        "products_lasting": float(lasting),
        "paid_hours_per_lasting_product": m.paid_hours_funded / max(lasting, 1),
        "trust_frozen": 0.0 if alive else 1.0,
    }
    out.update(conditions.condition_scores(
        combination_quality=m.combination_quality, shared_ambition=m.shared_ambition,
        interests_served=interests_served,
        strong_tie_share=n_strong / n_live if n_live else 0.0,
        mean_trust=mean_trust, coordination=float(m.boundary[boundary.COORDINATION]),
        bridge_builder_cover=bb_cover,
        safety=m.safety, relational_conflict=m.relational_conflict, phase_progress=progress,
        secured_time=secured, retention=retention, a=a))
    if not alive and m.at_dissolution is not None:
        out.update({name: m.at_dissolution[name] for name in FROZEN_AT_DISSOLUTION})
    return out
