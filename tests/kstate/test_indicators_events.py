"""Indicators (lcsim/indicators.py, rules/conditions.py) and the event log (lcsim/events.py)
on the state of K communities: the indicators of one small hand-made community worked out
by hand, and K = 3 communities in different situations (design, execute, dissolved) that
each get what they would get alone."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.events import Event, EventLog
from lcsim.indicators import (
    FROZEN_AT_DISSOLUTION,
    SUMMARY_KEYS,
    community_indicators,
    compute_indicators,
)
from lcsim.params import Params
from lcsim.roles import N_ROLES, Role
from lcsim.rules import conditions, value
from lcsim.rules.membership import DROPOUT_REASONS
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, empty_state, set_ties

A = Assumptions()
P = Params()
N = 5
PWD, MBO = Role.PERSON_WITH_DEMENTIA, Role.MBO_STAFF
ROLES = [PWD, PWD, MBO, Role.RESEARCHER, Role.EDUCATOR]
# Organisations, shared by the communities: a university, two care providers, a school.
ORG_KIND = np.array([OrganisationKind.UNIVERSITY, OrganisationKind.CARE_PROVIDER,
                     OrganisationKind.SCHOOL, OrganisationKind.CARE_PROVIDER])
ORG_APPLIED = np.array([1.0, 2.0, 3.0, 2.0])

SEAT_FIELDS = ("active", "rung", "load", "late_invited", "is_bridge_builder", "expected",
               "motivation", "stereotype")
COMMUNITY_FIELDS = (
    "phase", "safety", "relational_conflict", "collusion", "task_conflict",
    "shared_ambition", "combination_quality", "combination_funded_sum", "funded_weeks_seen",
    "immediate_value", "applied_value", "realized_value", "transformative_value",
    "paid_hours", "paid_hours_funded", "subsidy_hours", "spent_hours", "paid_fte",
    "spent_fte", "lasting_products", "failures_discussed", "failures_hushed", "departures",
    "bb_departures")


def _stereotypes(level: float, level_of_seat_3: float) -> np.ndarray:
    """Every seat's view of the other roles at `level` (seat 3's at `level_of_seat_3`), of
    its own role at 1 (not counted by mean_stereotype)."""
    views = np.full((N, N_ROLES), level)
    views[3] = level_of_seat_3
    views[np.arange(N), ROLES] = 1.0
    return views


DESIGN = dict(
    phase=Phase.DESIGN, active=[1, 1, 1, 1, 0], rung=[1, 3, 2, 0, 0],
    load=[0.5, 1.0, 1.0, 0.0, 0.0], late_invited=[0, 0, 1, 0, 0],
    is_bridge_builder=[0, 0, 0, 1, 1], expected=[1.0, 2.0, 3.0, 4.0, 100.0],
    motivation=[0.5, 0.5, 0.5, 0.5, 9.0], stereotype=_stereotypes(0.2, 0.4),
    # truster, trustee, trust: within roles 0-1, across 0-3; seat 4 is not active
    ties=[(0, 1, 0.6), (1, 0, 0.7), (0, 3, 0.8), (3, 0, 0.4), (2, 4, 0.9), (4, 2, 0.9)],
    # quality, week landed in practice, in education
    products=[(1.0, 5, -1), (0.5, -1, 7), (0.3, -1, -1)],
    # product (of this community), organisation, weeks in use, in use now, setting
    uses=[(0, 1, 52, True, 0), (1, 2, 26, True, 1), (0, 3, 104, False, 0)],
    capitals=dict(human=20.0, social=10.0, tangible=1.8, reputational=0.5, learning=0.5),
    dropouts={DROPOUT_REASONS[0]: 2, DROPOUT_REASONS[1]: 1},
    project=(P.product_effort, 0.5 * P.product_effort),  # progress, quality-weighted
    coverage=[0.5, 0.5, 1.0, 0.0], boundary=[0.1, 0.2, 0.3, 0.4],
    safety=0.8, relational_conflict=0.25, collusion=0.1, task_conflict=0.2,
    shared_ambition=0.3, combination_quality=0.45, combination_funded_sum=3.0,
    funded_weeks_seen=6, immediate_value=10.0, applied_value=1.5, realized_value=0.6,
    transformative_value=0.3, paid_hours=300.0, paid_hours_funded=100.0,
    subsidy_hours=80.0, spent_hours=250.0, paid_fte=2.0, spent_fte=1.5,
    lasting_products=-1, failures_discussed=2, failures_hushed=1, departures=3,
    bb_departures=1)

EXECUTE = {**DESIGN, **dict(
    phase=Phase.EXECUTE, active=[1, 1, 1, 1, 1], rung=[2, 2, 2, 1, 1],
    stereotype=_stereotypes(0.5, 0.1), expected=[2.0, 2.0, 2.0, 2.0, 7.0],
    ties=[(0, 1, 0.3), (1, 0, 0.2), (2, 4, 0.9), (4, 2, 0.1)],
    products=[(0.8, 9, 12)], uses=[(0, 3, 10, True, 0)],
    capitals=dict(human=4.0, social=2.0, tangible=0.8, reputational=0.2, learning=0.0),
    dropouts={}, project=(0.0, 0.0), coverage=[1.0, 1.0, 1.0, 1.0],
    boundary=[0.5, 0.6, 0.7, 0.8], safety=0.6, lasting_products=1, immediate_value=4.0)}

# All members have left; trust and stereotypes remain on the ties and seats.
DISSOLVED = {**DESIGN, **dict(
    phase=Phase.DISSOLVED, active=[0, 0, 0, 0, 0], products=[(0.6, -1, -1)], uses=[],
    project=(2.0, 1.0))}
FROZEN = {name: 0.1 * (i + 1) for i, name in enumerate(FROZEN_AT_DISSOLUTION)}


def _build(*communities: dict) -> CommunityState:
    """The state of these communities (N seats each, the same roles), sharing ORG_KIND."""
    k = len(communities)
    state = empty_state(k, N, ORG_KIND.size)
    state.org_kind, state.org_applied_value = ORG_KIND.copy(), ORG_APPLIED.copy()
    state.role = np.tile(ROLES, k)
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    for name in SEAT_FIELDS:
        values = np.concatenate([np.asarray(c[name]) for c in communities])
        setattr(state, name, values.astype(getattr(state, name).dtype))
    for name in COMMUNITY_FIELDS:
        getattr(state, name)[:] = [c[name] for c in communities]
    ties = np.array([(src + j * N, dst + j * N, trust) for j, c in enumerate(communities)
                     for src, dst, trust in c["ties"]])
    set_ties(state, ties[:, 0].astype(int), ties[:, 1].astype(int), ties[:, 2])
    _add_products(state, communities)
    state.coverage = np.array([c["coverage"] for c in communities])
    state.boundary = np.array([c["boundary"] for c in communities])
    state.capitals = {name: np.array([c["capitals"][name] for c in communities])
                      for name in value.CAPITALS}
    state.dropouts = {reason: np.array([c["dropouts"].get(reason, 0) for c in communities])
                      for reason in DROPOUT_REASONS}
    state.project.progress = np.array([float(c["project"][0]) for c in communities])
    state.project.quality_weighted = np.array([float(c["project"][1]) for c in communities])
    return state


def _add_products(state: CommunityState, communities: tuple[dict, ...]) -> None:
    """The products and uses of each community, in community order."""
    rows = [(j, *product) for j, c in enumerate(communities) for product in c["products"]]
    first = np.cumsum([0] + [len(c["products"]) for c in communities])
    uses = [(first[j] + product, *rest) for j, c in enumerate(communities)
            for product, *rest in c["uses"]]
    state.product_community = np.array([r[0] for r in rows], dtype=int)
    state.product_quality = np.array([r[1] for r in rows], dtype=float)
    state.product_landed = np.array([r[2:] for r in rows], dtype=int).reshape(-1, 2)
    columns = list(zip(*uses, strict=True)) if uses else [[]] * 5
    state.use_product = np.array(columns[0], dtype=int)
    state.use_org = np.array(columns[1], dtype=int)
    state.use_weeks = np.array(columns[2], dtype=int)
    state.use_on = np.array(columns[3], dtype=bool)
    state.use_setting = np.array(columns[4], dtype=int)
    state.use_community = state.product_community[state.use_product]


def _alone(community: dict, frozen: dict[str, float] | None = None) -> dict[str, float]:
    """The indicators of one community on its own (K = 1), as floats."""
    at_dissolution = None if frozen is None else {
        name: np.array([v]) for name, v in frozen.items()}
    values = community_indicators(_build(community), P, A, at_dissolution)
    return {name: float(v[0]) for name, v in values.items()}


# ------------------------------------------------------------------ events
def test_an_event_built_without_a_community_belongs_to_community_0():
    event = Event(3, "joined", "Ann", "Ann joined")
    assert event.community == 0
    assert str(event) == f"week   3  {'joined':<20} Ann joined"


def test_the_event_log_keeps_each_events_community_and_exports_it():
    log = EventLog()
    log.add(1, "joined", "Ann", "Ann joined")
    second = log.add(2, "left", "Bob", "Bob left", community=2)
    log.add(4, "left", "Cas", "Cas left", community=np.int64(2))
    assert second.community == 2
    assert [e.text for e in log.of_community(2)] == ["Bob left", "Cas left"]
    assert [e.text for e in log.of_community(0)] == ["Ann joined"]
    assert log.of_community(1) == []
    assert log.records()[1] == dict(week=2, kind="left", who="Bob", text="Bob left",
                                    community=2)
    assert type(log.records()[2]["community"]) is int


# ------------------------------------------------------------------ K = 1 by hand
def test_one_community_in_design_gets_its_indicators_as_worked_out_by_hand():
    out = _alone(DESIGN)
    # ties between active members: within roles 0.6, 0.7; between roles 0.8, 0.4
    assert out["mean_trust"] == pytest.approx(2.5 / 4)
    assert out["trust_within_roles"] == pytest.approx(0.65)
    assert out["trust_between_roles"] == pytest.approx(0.6)
    assert out["cross_role_tie_share"] == pytest.approx(0.5)   # 0.8 of 0.8, 0.4
    assert out["personal_relations"] == pytest.approx(0.75)    # 0.6, 0.7, 0.8 of four
    assert out["mean_stereotype"] == pytest.approx((3 * 0.2 + 0.4) / 4)
    assert out["active_members"] == 4 and out["bridge_builders"] == 1
    assert out["expected_value"] == pytest.approx(2.5)
    assert (out["pwd_share_inform"], out["pwd_share_advise"], out["pwd_share_codesign"]) \
        == (0.5, 0.0, 0.5)
    assert out["pwd_participation"] == pytest.approx((0.5 / 3 + 1.0) / 2)
    assert out["mbo_participation"] == 0.0  # still waiting for a late invitation
    assert out["survived"] == 1.0 and out["trust_frozen"] == 0.0
    assert out["phase"] == float(Phase.DESIGN)


def test_one_community_gets_its_value_product_and_use_indicators_as_worked_out_by_hand():
    out = _alone(DESIGN)
    # capitals in value units: 20/20, 10/10, 1.8, 0.5, 0.5
    assert out["potential_value"] == pytest.approx(4.8)
    assert out["human_capital"] == pytest.approx(1.0)
    # unlanded 0.3 + unfinished 1 * 0.5 + relational capital 2 * (1 - 4/5 seats held)
    assert out["stranded_potential_value"] == pytest.approx(1.2)
    assert out["stranded_share"] == pytest.approx(0.25)
    assert out["value_micro"] == pytest.approx(10.0 / N)
    assert out["value_meso"] == pytest.approx(2.0)
    assert out["value_macro"] == pytest.approx(0.3 + 1.0)
    assert (out["products_developed"], out["products_landed_practice"],
            out["products_landed_education"], out["products_unlanded"]) == (3, 1, 1, 1)
    assert out["products_in_use"] == 2.0
    assert out["product_years_practice"] == pytest.approx(3.0)
    assert out["product_years_education"] == pytest.approx(0.5)
    assert (out["care_organisations_using"], out["schools_using"]) == (1.0, 1.0)
    assert out["products_lasting"] == 2.0  # before the check: products in use now
    assert out["paid_hours_per_lasting_product"] == pytest.approx(50.0)
    assert out["knowledge_combination_funded"] == pytest.approx(0.5)
    assert out["dropouts"] == 3.0 and out["turnover"] == 3.0


def test_one_community_gets_the_eight_conditions_as_worked_out_by_hand():
    out = _alone(DESIGN)
    assert out["transdisciplinarity"] == 0.45
    assert out["justice_to_interests"] == pytest.approx(0.5)
    # coordination 0.2; one bridge-builder covers 4 active members fully
    organised = A.organisation_coordination
    assert out["professional_organisation"] == pytest.approx(organised * 0.2 + 1 - organised)
    meaning = 1 - A.meaningful_progress + A.meaningful_progress * A.phase_progress[1]
    assert out["meaningful_process"] == pytest.approx(0.8 * 0.75 * meaning)
    assert out["time_and_continuity"] == pytest.approx(0.5 * 0.8)  # coverage x retention


def test_mbo_staff_invited_late_count_once_the_community_executes():
    assert _alone(EXECUTE)["mbo_participation"] == pytest.approx(2 / 3)


def test_a_dissolved_community_reports_its_relations_as_when_it_dissolved():
    out = _alone(DISSOLVED, FROZEN)
    assert {name: out[name] for name in FROZEN_AT_DISSOLUTION} == pytest.approx(FROZEN)
    assert out["trust_frozen"] == 1.0 and out["survived"] == 0.0
    assert out["active_members"] == 0.0 and out["time_and_continuity"] == 0.0
    # all relational capital is stranded, with the unlanded product and unfinished work
    assert out["stranded_potential_value"] == pytest.approx(0.6 + 2 / P.product_effort * 0.5 + 2)


def test_a_community_reports_current_relations_where_nothing_was_frozen():
    assert _alone(DISSOLVED, {name: np.nan for name in FROZEN})["mean_trust"] == 0.0
    assert _alone(DISSOLVED, {})["mean_trust"] == 0.0
    # a value frozen for a community that still lives is not used
    assert _alone(DESIGN, FROZEN)["mean_trust"] == pytest.approx(2.5 / 4)


def test_compute_indicators_gives_a_single_community_as_plain_floats():
    model = SimpleNamespace(state=_build(DISSOLVED), p=P, assumptions=A, at_dissolution=FROZEN)
    out = compute_indicators(model)
    assert list(out) == list(dict.fromkeys(SUMMARY_KEYS))
    assert all(type(v) is float for v in out.values())
    assert out == _alone(DISSOLVED, FROZEN)
    model.at_dissolution = None
    assert compute_indicators(model)["mean_trust"] == 0.0


# ------------------------------------------------------------------ K communities
def test_each_of_three_communities_gets_what_it_would_get_alone():
    frozen = {name: np.array([np.nan, np.nan, v]) for name, v in FROZEN.items()}
    together = community_indicators(_build(DESIGN, EXECUTE, DISSOLVED), P, A, frozen)
    alone = [_alone(DESIGN), _alone(EXECUTE), _alone(DISSOLVED, FROZEN)]
    assert list(together) == list(dict.fromkeys(SUMMARY_KEYS))
    for name, values in together.items():
        assert values.shape == (3,) and values.dtype == float
        assert values == pytest.approx([one[name] for one in alone], abs=1e-12), name


def test_the_indicators_do_not_change_when_the_state_changes_later():
    state = _build(DESIGN, EXECUTE)
    out = community_indicators(state, P, A)
    state.safety[:] = 0.0
    state.boundary[:] = 0.0
    assert out["psychological_safety"].tolist() == [0.8, 0.6]
    assert out["coordination"].tolist() == [0.2, 0.6]


def test_condition_scores_of_k_communities_are_each_communitys_own_scores():
    rng = np.random.default_rng(5)
    names = ("combination_quality", "shared_ambition", "interests_served", "strong_tie_share",
             "mean_trust", "coordination", "bridge_builder_cover", "safety",
             "relational_conflict", "phase_progress", "secured_time", "retention")
    inputs = {name: rng.random(3) for name in names}
    scores = conditions.condition_scores(**inputs, a=A)
    for k in range(3):
        alone = conditions.condition_scores(**{n: float(v[k]) for n, v in inputs.items()}, a=A)
        assert {name: float(v[k]) for name, v in scores.items()} == pytest.approx(alone)
