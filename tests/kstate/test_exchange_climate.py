"""Exchange (step 3) and climate (step 6) on the state of K communities: each alone on a
small hand-made state, with a result worked out by hand for K = 1, and with K = 3
communities in different situations (one dissolved) that each get what they would get
alone."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.params import Params
from lcsim.roles import N_KNOWLEDGE, N_ROLES, Role
from lcsim.rules import boundary, phases, stereotypes
from lcsim.rules import climate as climate_rules
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, empty_state, set_ties
from lcsim.week import climate, exchange

A = Assumptions()
P = Params()
WORK_FORMS = phases.work_forms(A)
CASE_DISCUSSION = phases.WORK_FORM_NAMES.index("case discussion")

SEAT_FIELDS = ("role", "active", "attended", "knowledge", "stereotype", "motivation",
               "member_id")
COMMUNITY_FIELDS = ("phase", "work_form", "safety", "relational_conflict", "shared_ambition",
                    "hushed_recently", "discussed_recently", "cross_contact_share",
                    "immediate_value", "leader_member", "leader_experience",
                    "leadership", "power", "task_conflict", "collusion")
CHANGED = ("cross_contact_share", "immediate_value", "leadership", "leader_member",
           "leader_experience", "power", "relational_conflict", "hushed_recently",
           "discussed_recently", "safety", "task_conflict", "collusion", "shared_ambition")


def _community(roles, **values) -> dict:
    """One community's description: its seats' roles and any field of SEAT_FIELDS or
    COMMUNITY_FIELDS, plus `trust` (start trust of every tie), `bb_effect` (5 skills) and
    `boundary` (4 scores), and `seed` for their random knowledge profiles; everyone active
    and present unless said otherwise."""
    n = len(roles)
    rng = np.random.default_rng(values.pop("seed", 0))
    c = dict(role=np.array(roles), active=np.ones(n, bool), attended=np.ones(n, bool),
             knowledge=rng.random((n, N_KNOWLEDGE)), stereotype=np.zeros((n, N_ROLES)),
             motivation=np.full(n, 0.6), member_id=np.arange(n) + 1, trust=0.4,
             bb_effect=np.zeros(5), boundary=np.full(4, 0.3), phase=int(Phase.DESIGN),
             work_form=CASE_DISCUSSION, safety=0.5, relational_conflict=0.1,
             shared_ambition=0.2, leader_seat=-1)
    c.update(values)
    return c


def _build(*communities: dict) -> CommunityState:
    """The state of these communities (each with the same number of seats), every tie
    within a community in both directions."""
    k, n = len(communities), len(communities[0]["role"])
    state = empty_state(k, n, 1, work_forms=WORK_FORMS)
    for name in SEAT_FIELDS:
        setattr(state, name, np.concatenate([np.asarray(c[name]) for c in communities]))
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    src, dst, trust = [], [], []
    for j, c in enumerate(communities):
        for name in COMMUNITY_FIELDS:
            if name in c:
                getattr(state, name)[j] = c[name]
        state.bb_effect[j], state.boundary[j] = c["bb_effect"], c["boundary"]
        if c["leader_seat"] >= 0:
            state.leader_seat[j] = j * n + c["leader_seat"]
        pairs = [(j * n + s, j * n + d) for s in range(n) for d in range(n) if s != d]
        src += [s for s, _ in pairs]
        dst += [d for _, d in pairs]
        trust += list(np.broadcast_to(c["trust"], len(pairs)))
    set_ties(state, np.array(src), np.array(dst), np.array(trust))
    state.ties_in_room = state.attended[state.tie_src] & state.attended[state.tie_dst]
    return state


class Replay:
    """Stands in for the generator: gives back fixed draws, one array per call."""

    def __init__(self, *calls: np.ndarray) -> None:
        self.calls = [np.asarray(c, dtype=float) for c in calls]

    def random(self, size: int) -> np.ndarray:
        draws = self.calls.pop(0)
        assert draws.size == size
        return draws


class Recorder:
    """A seeded generator that keeps every array it drew."""

    def __init__(self, seed: int) -> None:
        self.rng, self.calls = np.random.default_rng(seed), []

    def random(self, size: int) -> np.ndarray:
        self.calls.append(self.rng.random(size))
        return self.calls[-1]


def _same_as_alone(together: CommunityState, alone: CommunityState, j: int) -> None:
    """Community j of `together` holds what `alone` (its own K = 1 state) holds."""
    n = together.community_size
    seats = slice(j * n, (j + 1) * n)
    ties = together.tie_community == j
    for name in CHANGED:
        assert getattr(together, name)[j] == pytest.approx(getattr(alone, name)[0]), name
    for name, value in together.capitals.items():
        assert value[j] == pytest.approx(alone.capitals[name][0]), name
    np.testing.assert_allclose(together.boundary[j], alone.boundary[0])
    np.testing.assert_allclose(together.trust[ties], alone.trust)
    for name in ("knowledge", "stereotype", "immediate"):
        np.testing.assert_allclose(getattr(together, name)[seats], getattr(alone, name))


def _three_communities() -> list[dict]:
    """A design-phase community with a translator present, a dissolved one (nobody active,
    its values set to be seen unchanged) and an execute-phase one with strong stereotypes
    and half its members away."""
    roles = [Role.RESEARCHER, Role.EDUCATOR, Role.PRACTITIONER, Role.MBO_STAFF]
    first = _community(roles, seed=1, bb_effect=np.array([0.8, 0.3, 0.2, 0.5, 0.1]),
                       leader_seat=1, leader_member=2, leader_experience=0.5)
    gone = _community(roles, active=np.zeros(4, bool), attended=np.zeros(4, bool),
                      phase=int(Phase.DISSOLVED), cross_contact_share=0.7,
                      immediate_value=3.0, safety=0.9, relational_conflict=0.4,
                      shared_ambition=0.6, hushed_recently=0.5, discussed_recently=0.5,
                      leader_seat=0, leader_member=1, leader_experience=0.8,
                      leadership=0.3, power=0.2, task_conflict=0.25, collusion=0.15,
                      boundary=np.array([0.1, 0.2, 0.3, 0.4]))
    third = _community([Role.PRACTITIONER, Role.PRACTITIONER, Role.MBO_STAFF,
                        Role.PERSON_WITH_DEMENTIA], seed=3,
                       attended=np.array([True, False, True, True]),
                       stereotype=np.full((4, N_ROLES), 0.6), phase=int(Phase.EXECUTE),
                       work_form=0, safety=0.3, relational_conflict=0.3, trust=0.25,
                       leader_seat=2, leader_member=9, leader_experience=0.9,
                       hushed_recently=1.5, discussed_recently=0.4)
    return [first, gone, third]


# ---------------------------------------------------------------- exchange
def _pair() -> dict:
    """A researcher and a practitioner with the same knowledge (nothing to learn)."""
    return _community([Role.RESEARCHER, Role.PRACTITIONER],
                      knowledge=np.full((2, N_KNOWLEDGE), 0.5))


def _trust_after(t: float, good: float, bad: float) -> float:
    """`trust.update_trust` written out for one tie."""
    foothold = min(1.0, t / A.trust_foothold)
    return min(max(t + P.trust_gain * good * (1 - t) * foothold - P.trust_loss * bad * t,
                   0.0), 1.0)


def test_two_members_who_talk_and_succeed_gain_trust_as_worked_out_by_hand():
    state = _build(_pair())
    exchange.exchange(state, P, A, Replay(np.zeros(2), np.zeros(2)))
    seen = _trust_after(0.4, A.observed_trust, 0.0)
    basis = (1.0 + 0.5 + 0.6) / 3  # success, competence (max knowledge), intention
    expected = _trust_after(seen, basis, 0.0)
    np.testing.assert_allclose(state.trust, [expected, expected])
    assert state.cross_contact_share[0] == 1.0
    rise = 2 * (expected - 0.4)
    assert state.capitals["human"][0] == 0.0
    assert state.capitals["social"][0] == pytest.approx(rise)
    assert state.immediate_value[0] == pytest.approx(rise + 2 * A.meeting_value)
    np.testing.assert_allclose(state.immediate, expected - 0.4 + A.meeting_value)


def test_a_failed_conversation_costs_trust_as_worked_out_by_hand():
    state = _build(_pair())
    exchange.exchange(state, P, A, Replay(np.zeros(2), np.ones(2)))  # both fail
    seen = _trust_after(0.4, 0.0, A.observed_trust / 3)
    expected = _trust_after(seen, 0.0, (1.0 - A.failure_goodwill * 0.6) / 3)
    np.testing.assert_allclose(state.trust, [expected, expected])
    assert state.capitals["social"][0] == 0.0
    assert state.immediate_value[0] == pytest.approx(2 * A.meeting_value)


def test_a_community_where_nobody_talks_keeps_its_trust_and_gains_no_value():
    state = _build(_pair(), _pair())
    exchange.exchange(state, P, A, Replay([0.0, 0.0, 1.0, 1.0], np.zeros(2)))
    np.testing.assert_allclose(state.trust[2:], 0.4)
    assert state.trust[0] > 0.4
    np.testing.assert_array_equal(state.cross_contact_share, [1.0, 0.0])
    assert state.immediate_value[1] == 0.0 and state.capitals["social"][1] == 0.0
    np.testing.assert_array_equal(state.immediate[2:], 0.0)


def test_exchange_gives_each_of_three_communities_what_it_gets_alone():
    communities = _three_communities()
    alone = [_build(c) for c in communities]
    recorders = [Recorder(seed) for seed in (1, 2, 3)]
    for state, rng in zip(alone, recorders, strict=True):
        exchange.exchange(state, P, A, rng)
    assert all(len(r.calls) == 2 for r in recorders)
    together = _build(*communities)
    before = together.immediate.copy()
    exchange.exchange(together, P, A, Replay(
        *(np.concatenate([r.calls[i] for r in recorders]) for i in range(2))))
    for j in (0, 2):
        _same_as_alone(together, alone[j], j)
    assert together.cross_contact_share[1] == 0.7 and together.immediate_value[1] == 3.0
    np.testing.assert_array_equal(together.immediate[4:8], before[4:8])
    assert together.capitals["human"][0] > 0  # someone learned: the test is not empty


# ---------------------------------------------------------------- climate
def test_climate_of_one_community_as_worked_out_by_hand():
    c = _community([Role.RESEARCHER, Role.PRACTITIONER, Role.MBO_STAFF],
                   attended=np.array([True, True, False]), trust=0.5)
    state = _build(c)
    climate.update_climate(state, P, A)
    interests = A.array("role_interests")
    pair = interests[[Role.RESEARCHER, Role.PRACTITIONER]]
    centre = pair.mean(axis=0)
    misalignment = 1 - centre @ centre / (pair * pair).sum(axis=1).mean()
    power = misalignment * A.misalignment_power * (1 - 0.2)
    assert state.power[0] == pytest.approx(power)
    target = A.conflict_distrust * 0.5 + A.conflict_power * power
    conflict = 0.1 + A.conflict_drift * (target - 0.1)
    assert state.relational_conflict[0] == pytest.approx(conflict)
    safety_target = (P.psychological_safety + A.safety_trust * (0.5 - A.safety_trust_midpoint)
                     - A.safety_conflict * conflict)
    safety = 0.5 + A.safety_drift * (np.clip(safety_target, 0, 1) - 0.5)
    assert state.safety[0] == pytest.approx(safety)
    diversity = (1 - 0.5) * N_ROLES / (N_ROLES - 1)  # two of five roles, one each
    assert state.task_conflict[0] == pytest.approx(diversity * safety)
    assert state.collusion[0] == pytest.approx(diversity * (1 - safety) * (1 - conflict))
    attendance = 2 / 3
    growth = (A.ambition_rate * (A.ambition_alignment_base + P.alignment) * attendance
              * (A.ambition_trust_base + 0.5) * (1 - power))
    assert state.shared_ambition[0] == pytest.approx(0.2 + growth * 0.8 - A.ambition_decay * 0.2)
    assert state.leadership[0] == 0.0


def test_boundary_crossing_of_one_community_as_worked_out_by_hand():
    state = _build(_community([Role.RESEARCHER, Role.PRACTITIONER],
                              cross_contact_share=0.5))
    climate.update_climate(state, P, A)
    form = WORK_FORMS[CASE_DISCUSSION]
    moved = 1 - A.movement_coordination
    expected = boundary.update_boundary_crossing(
        np.full(4, 0.3), 0.5, form.coordination * moved, form.reflection * state.safety[0],
        a=A)
    np.testing.assert_allclose(state.boundary[0], expected)


def test_a_present_leader_grows_into_the_post_and_a_newcomer_starts_over():
    roles = [Role.RESEARCHER, Role.EDUCATOR]
    same = _community(roles, leader_seat=1, leader_member=2, leader_experience=0.5)
    new = _community(roles, leader_seat=1, leader_member=7, leader_experience=0.5)
    away = _community(roles, leader_seat=1, leader_member=2, leader_experience=0.5,
                      attended=np.array([True, False]))
    state = _build(same, new, away)
    climate.update_climate(state, P, A)
    grown = 0.5 + A.leader_growth * 0.5
    np.testing.assert_allclose(state.leader_experience,
                               [grown, A.leader_successor_start, grown])
    np.testing.assert_array_equal(state.leader_member, [2, 2, 2])
    np.testing.assert_allclose(state.leadership,
                               [P.leader_quality * grown,
                                P.leader_quality * A.leader_successor_start, 0.0])


def test_climate_gives_each_of_three_communities_what_it_gets_alone():
    communities = _three_communities()
    communities[0]["cross_contact_share"] = 0.4
    communities[2]["cross_contact_share"] = 0.9
    alone = [_build(c) for c in communities]
    for state in alone:
        climate.update_climate(state, P, A)
    together = _build(*communities)
    climate.update_climate(together, P, A)
    for j in (0, 2):
        _same_as_alone(together, alone[j], j)
    gone = communities[1]
    for name in CHANGED:
        assert getattr(together, name)[1] == gone[name], name
    np.testing.assert_array_equal(together.boundary[1], gone["boundary"])


# ---------------------------------------------------------------- rules on K communities
def test_climate_rules_give_one_value_per_community_as_for_each_alone():
    quality, safety = np.array([0.0, 0.4, 1.0]), np.array([0.1, 0.5, 0.9])
    np.testing.assert_allclose(
        climate_rules.sprint_success_probability(quality, a=A),
        [climate_rules.sprint_success_probability(q, a=A) for q in quality])
    np.testing.assert_allclose(
        climate_rules.failure_discussed_probability(safety, 0.5, a=A),
        [climate_rules.failure_discussed_probability(x, 0.5, a=A) for x in safety])
    np.testing.assert_allclose(
        climate_rules.safety_target(0.5, safety, safety, quality, a=A),
        [climate_rules.safety_target(0.5, x, x, q, a=A) for x, q in zip(safety, quality,
                                                                         strict=True)])


def test_boundary_crossing_of_k_communities_is_each_community_alone():
    scores = np.array([[0.2, 0.3, 0.4, 0.1], [0.5, 0.5, 0.5, 0.5], [0.0, 1.0, 0.3, 0.9]])
    contact, coordination, reflection = (np.array([1.0, 0.0, 0.5]), np.array([0.5, 0.2, 0.0]),
                                         np.array([0.3, 0.9, 0.6]))
    together = boundary.update_boundary_crossing(scores, contact, coordination, reflection, a=A)
    assert together.shape == (3, 4)
    for k in range(3):
        np.testing.assert_array_equal(together[k], boundary.update_boundary_crossing(
            scores[k], contact[k], coordination[k], reflection[k], a=A))


def test_shared_reflection_takes_each_seats_own_community_roles_present():
    views = np.full((2, N_ROLES), 0.5)
    present = np.array([[1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0, 0.0]])  # per seat
    out = stereotypes.shared_reflection(views, np.array([True, True]), present, 0.2)
    np.testing.assert_allclose(out[0], [0.4, 0.5, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(out[1], [0.5, 0.4, 0.5, 0.5, 0.5])
