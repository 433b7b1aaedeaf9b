"""Funding (7.1), meeting (7.2) and phase (7.8) on a state of K communities: each against a
hand computation for one community, and each community of a K-state getting what it would
get alone (lcsim.week.funding, lcsim.week.meeting, lcsim.week.phase)."""

from __future__ import annotations

import numpy as np
import pytest

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import N_ROLES, ROLE_PAID, Role
from lcsim.rules import funding as funding_rules
from lcsim.rules import phases
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase
from lcsim.state import SOFT_SKILLS, CommunityState, empty_state, set_ties
from lcsim.week import funding, meeting, phase

A = Assumptions()
P = Params()
N = 6
N_ORGS = 4
ROLES = np.array([Role.RESEARCHER, Role.EDUCATOR, Role.PRACTITIONER, Role.MBO_STAFF,
                  Role.PERSON_WITH_DEMENTIA, Role.PRACTITIONER])
ORGS = np.array([0, 1, 2, 2, 3, 1])
ROOM = np.array([0.9, 0.8, 0.7, 1.0])

SEAT_FIELDS = ("active", "attended", "is_bridge_builder", "late_invited", "rung", "capacity",
               "motivation", "load", "stereotype", "bb_skills")
COMMUNITY_FIELDS = ("phase", "funding_weeks", "follow_up_weeks", "funding_state",
                    "shared_ambition", "design_progress", "policy", "leadership",
                    "leader_member", "weeks_without_meeting", "spent_hours", "paid_hours",
                    "paid_hours_funded", "subsidy_hours", "combination_quality",
                    "combination_funded_sum", "funded_weeks_seen", "work_form")
ROW_FIELDS = ("coverage", "backing", "bb_effect")


def community(**changes) -> dict:
    """One community's hand-set state (seats local, 0 ... N-1); `changes` overrides."""
    spec = dict(
        active=np.ones(N, dtype=bool), attended=np.zeros(N, dtype=bool),
        is_bridge_builder=np.zeros(N, dtype=bool), late_invited=np.zeros(N, dtype=bool),
        rung=np.full(N, CO_DESIGN, dtype=np.int8), capacity=np.full(N, 0.3),
        motivation=np.full(N, 0.5), load=np.full(N, 0.1), stereotype=np.zeros((N, N_ROLES)),
        bb_skills=np.zeros((N, len(SOFT_SKILLS))),
        phase=int(Phase.DESIGN), funding_weeks=52, follow_up_weeks=0,
        funding_state=funding_rules.EXTERNAL, shared_ambition=0.2, design_progress=0.0,
        policy=0.0, leadership=0.0, leader_member=-1, weeks_without_meeting=0,
        spent_hours=10.0, paid_hours=100.0, paid_hours_funded=80.0, subsidy_hours=50.0,
        combination_quality=0.4, combination_funded_sum=2.0, funded_weeks_seen=5,
        work_form=0, coverage=np.full(N_ORGS, 0.9), backing=np.full(N_ORGS, A.backing_start),
        bb_effect=np.zeros(len(SOFT_SKILLS)), leader_seat=-1, trust=0.4)
    spec.update(changes)
    return spec


def build(*specs: dict, a: Assumptions = A) -> CommunityState:
    """A state of the given communities, built by hand: each a complete tie network, the
    work forms of `a`."""
    state = empty_state(len(specs), N, N_ORGS, work_forms=phases.work_forms(a))
    state.role, state.org = np.tile(ROLES, len(specs)), np.tile(ORGS, len(specs))
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    state.member_id = np.arange(len(specs) * N) + 100
    state.org_room = ROOM.copy()
    for name in SEAT_FIELDS:
        setattr(state, name, np.concatenate([np.array(s[name]) for s in specs]))
    for name in COMMUNITY_FIELDS:
        setattr(state, name, np.array([s[name] for s in specs]))
    for name in ROW_FIELDS:
        setattr(state, name, np.stack([np.array(s[name], dtype=float) for s in specs]))
    state.leader_seat = np.array([s["leader_seat"] + k * N if s["leader_seat"] >= 0 else -1
                                  for k, s in enumerate(specs)])
    src, dst = np.nonzero(~np.eye(N, dtype=bool))
    set_ties(state, np.concatenate([src + k * N for k in range(len(specs))]),
             np.concatenate([dst + k * N for k in range(len(specs))]),
             np.concatenate([np.full(src.size, s["trust"]) for s in specs]))
    return state


def assert_as_alone(state: CommunityState, k: int, alone: CommunityState,
                    fields: tuple[str, ...]) -> None:
    """Community k of `state` holds what the one-community state `alone` holds."""
    seats = slice(k * N, (k + 1) * N)
    for name in fields:
        mine, own = getattr(state, name), getattr(alone, name)
        if len(own) == alone.n_communities:  # one value or row per community
            np.testing.assert_array_equal(mine[k], own[0], err_msg=name)
        elif name == "ties_in_room":
            np.testing.assert_array_equal(mine[state.tie_community == k], own, err_msg=name)
        else:
            np.testing.assert_array_equal(mine[seats], own, err_msg=name)


class ScriptedRng:
    """Hands out the given arrays, in order, as `rng.random(size)`: lets a K-state and each
    community alone see the same numbers."""

    def __init__(self, draws: list[np.ndarray]) -> None:
        self.draws = list(draws)

    def random(self, size: int) -> np.ndarray:
        out = self.draws.pop(0)
        assert out.size == size
        return out


def scripted(per_community: list[list[np.ndarray]]) -> ScriptedRng:
    """The draws of a K-state: each draw the communities' own numbers side by side."""
    return ScriptedRng([np.concatenate(d) for d in zip(*per_community, strict=True)])


def meeting_draws(seed: int) -> list[np.ndarray]:
    """One community's draws in a meeting: work form, bridge-builders on site, attendance."""
    rng = np.random.default_rng(seed)
    return [rng.random(1), rng.random(N), rng.random(N)]


# ------------------------------------------------------------------------------ funding
FUNDED_FIELDS = ("funding_state", "coverage", "backing", "capacity", "paid_fte",
                 "paid_hours", "paid_hours_funded", "subsidy_hours")


def test_funding_pays_time_and_counts_hours_as_computed_by_hand():
    attended = np.array([True, False, True, False, False, True])
    state = build(community(attended=attended, leader_seat=1,
                            is_bridge_builder=np.array([0, 0, 0, 1, 0, 0], bool)))
    funding.fund(state, P, A, 1, EventLog())
    seats = np.bincount(ORGS, minlength=N_ORGS)
    presence = np.bincount(ORGS[attended], minlength=N_ORGS) / seats
    signal = A.backing_presence * presence  # nothing proved yet
    growth = A.backing_rate * (A.backing_involvement_base + P.management_involvement) * signal
    backing = A.backing_start + growth * (1 - A.backing_start) - A.backing_decay * A.backing_start
    np.testing.assert_allclose(state.backing[0], backing)
    shares = P.fixed_contribution_share + P.in_kind_share
    cover = np.minimum(shares + np.maximum(P.external_coverage,
                                           P.structural_embedding * backing), 1.0)
    np.testing.assert_allclose(state.coverage[0], cover)
    capacity = A.array("role_time")[ROLES] * np.where(ROLE_PAID[ROLES], cover[ORGS], 1.0) \
        * ROOM[ORGS]
    capacity[3] = max(capacity[3], A.bb_post_time * P.bridge_builder_investment)
    capacity[1] *= 1 - A.leader_time
    np.testing.assert_allclose(state.capacity, capacity)
    paid = capacity[ROLE_PAID[ROLES]].sum()
    assert state.funding_state.tolist() == [funding_rules.EXTERNAL]
    np.testing.assert_allclose(state.paid_fte, [paid])
    np.testing.assert_allclose(state.paid_hours, [100 + paid * A.fte_hours])
    np.testing.assert_allclose(state.paid_hours_funded, [80 + paid * A.fte_hours])
    by_subsidy = P.external_coverage / cover[ORGS]
    subsidy = (capacity * by_subsidy)[ROLE_PAID[ROLES]].sum() * A.fte_hours
    np.testing.assert_allclose(state.subsidy_hours, [50 + subsidy])


def test_each_community_is_funded_as_it_would_be_alone():
    specs = [
        community(attended=np.array([1, 1, 0, 0, 1, 0], bool), leader_seat=0),
        community(funding_weeks=10, follow_up_weeks=20, funding_state=funding_rules.EXTERNAL,
                  active=np.array([1, 0, 1, 1, 1, 1], bool), leader_seat=1),
        community(funding_weeks=4, funding_state=funding_rules.EXTERNAL,
                  phase=int(Phase.DISSOLVED), active=np.zeros(N, bool),
                  backing=np.full(N_ORGS, 0.6)),
        community(funding_weeks=0, funding_state=funding_rules.NONE,
                  is_bridge_builder=np.array([0, 0, 1, 0, 0, 0], bool)),
    ]
    state = build(*specs)
    funding.fund(state, P, A, 12, EventLog())
    for k, spec in enumerate(specs):
        alone = build(spec)
        funding.fund(alone, P, A, 12, EventLog())
        assert_as_alone(state, k, alone, FUNDED_FIELDS)
    assert state.funding_state.tolist() == [funding_rules.EXTERNAL, funding_rules.FOLLOW_UP,
                                            funding_rules.NONE, funding_rules.NONE]
    assert state.capacity[2 * N:3 * N].sum() == 0.0


def test_funding_changes_are_announced_in_their_own_community():
    gone = community(funding_weeks=10, phase=int(Phase.DISSOLVED), active=np.zeros(N, bool))
    state = build(community(funding_weeks=52), community(funding_weeks=10, follow_up_weeks=5),
                  gone, community(funding_weeks=0, funding_state=funding_rules.NONE))
    events = EventLog()
    funding.fund(state, P, A, 11, events)
    assert [(e.kind, e.community, e.text) for e in events] == [
        ("funding ends", 1, funding.FUNDING_ENDS_TEXT[funding_rules.FOLLOW_UP]),
        ("funding ends", 2, funding.FUNDING_ENDS_DISSOLVED_TEXT)]
    state.funding_weeks[3] = 20  # follow-up granted after funding ended
    events = EventLog()
    funding.fund(state, P, A, 12, events)
    assert [(e.kind, e.community) for e in events] == [("funding starts", 3)]
    assert events[0].text == funding.FOLLOW_UP_STARTS_TEXT


def test_a_funded_week_counts_only_for_the_communities_that_were_funded():
    state = build(community(), community(funding_state=funding_rules.NONE),
                  community(funding_state=funding_rules.FOLLOW_UP, combination_quality=0.7))
    funding.record_funded_week(state)
    np.testing.assert_allclose(state.combination_funded_sum, [2.4, 2.0, 2.7])
    np.testing.assert_array_equal(state.funded_weeks_seen, [6, 5, 6])


# ------------------------------------------------------------------------------ phase
def test_a_community_with_a_shared_ambition_moves_to_design_and_says_so():
    state = build(community(phase=int(Phase.START), shared_ambition=A.ambition_to_design))
    events = EventLog()
    phase.advance_phase(state, A, 7, events)
    assert state.phase.tolist() == [Phase.DESIGN]
    assert [(e.week, e.kind, e.text) for e in events] == [
        (7, "phase", "The community moves from start to design.")]


def test_paid_time_is_the_mean_coverage_of_each_communitys_active_paid_members():
    """Community 0 pays 0.9 of every member's time; community 1 only 0.1 at organisations
    1 and 2, where four of its five paid members work: its mean, (0.9 + 4 x 0.1) / 5 = 0.26,
    is below `sustain_paid_time`, so it turns to sustaining; the unpaid member (org 3,
    0.9) does not count."""
    low = np.array([0.9, 0.1, 0.1, 0.9])
    state = build(community(phase=int(Phase.EXECUTE)),
                  community(phase=int(Phase.EXECUTE), coverage=low))
    phase.advance_phase(state, A, 3, EventLog())
    assert state.phase.tolist() == [Phase.EXECUTE, Phase.SUSTAIN]


def test_each_community_moves_on_as_it_would_alone_and_a_dissolved_one_stays():
    specs = [community(phase=int(Phase.START), shared_ambition=0.9),
             community(phase=int(Phase.DESIGN), design_progress=0.5),
             community(phase=int(Phase.DESIGN), design_progress=1.0),
             community(phase=int(Phase.SUSTAIN), coverage=np.full(N_ORGS, 0.6)),
             community(phase=int(Phase.DISSOLVED), active=np.zeros(N, bool),
                       shared_ambition=0.9, design_progress=2.0)]
    state = build(*specs)
    events = EventLog()
    phase.advance_phase(state, A, 3, events)
    texts = []
    for k, spec in enumerate(specs):
        alone, own = build(spec), EventLog()
        phase.advance_phase(alone, A, 3, own)
        assert_as_alone(state, k, alone, ("phase",))
        texts += [(k, e.text) for e in own]
    assert state.phase.tolist() == [Phase.DESIGN, Phase.DESIGN, Phase.EXECUTE, Phase.EXECUTE,
                                    Phase.DISSOLVED]
    assert [(e.community, e.text) for e in events] == texts
    assert [e.community for e in events] == [0, 2, 3]


# ------------------------------------------------------------------------------ meeting
# Everyone invited comes: full invitation at every rung, capacity never short, motivation
# and reach weigh nothing; the work form is the one each phase's table names.
SURE = A.replace(rung_invitation=(0.0, 1.0, 1.0, 1.0),
                 attendance_motivation=0.0, work_form_reach=((1.0,) * 5,) * 7,
                 bb_availability=20.0, standard_forms=(0, 0, 0, 0, 0, 0, 1.0),
                 phase_forms=tuple(tuple(float(i == f) for i in range(7))
                                   for f in (0, 1, 2, 3)))
ON_SITE = P.replace(bb_presence=1.0, bridge_builder_investment=0.0, creative_work_forms=1.0)
MET_FIELDS = ("work_form", "bb_effect", "attended", "ties_in_room", "load",
              "weeks_without_meeting", "spent_hours")


def test_everyone_invited_and_able_comes_and_the_meeting_counts_as_computed_by_hand():
    active = np.array([1, 1, 1, 1, 1, 0], bool)
    state = build(community(active=active, weeks_without_meeting=3), a=SURE)
    meeting.meet(state, ON_SITE, SURE, np.random.default_rng(0))
    assert state.work_form.tolist() == [1]  # the one form of the design phase's table
    np.testing.assert_array_equal(state.attended, active)
    np.testing.assert_allclose(state.load, 0.1 * (1 - SURE.load_rate) + SURE.load_rate * active)
    assert state.weeks_without_meeting.tolist() == [0]  # 5 present >= a quorum of 2 of 6
    np.testing.assert_allclose(state.spent_fte, [5 * 0.3])
    np.testing.assert_allclose(state.spent_hours, [10 + 5 * 0.3 * SURE.fte_hours])
    room = active[state.tie_src] & active[state.tie_dst]
    np.testing.assert_array_equal(state.ties_in_room, room)


def test_the_work_form_is_drawn_from_the_phases_weights_with_one_number_per_community():
    state = build(community(phase=int(Phase.START)), community(phase=int(Phase.EXECUTE)))
    meeting.meet(state, P, A, np.random.default_rng(5))
    draws = np.random.default_rng(5).random(2)
    for k, form_phase in enumerate((Phase.START, Phase.EXECUTE)):
        cumulative = np.cumsum(phases.work_form_weights(form_phase, P.creative_work_forms, a=A))
        expected = np.searchsorted(cumulative / cumulative[-1], draws[k], side="right")
        assert state.work_form[k] == expected


@pytest.mark.parametrize("team", [False, True])
def test_bridge_builders_present_bring_their_skills_solo_or_pooled(team):
    skills = np.zeros((N, len(SOFT_SKILLS)))
    skills[1], skills[2] = 0.5, np.linspace(0.2, 0.6, len(SOFT_SKILLS))
    bbs = np.array([0, 1, 1, 0, 0, 0], bool)
    state = build(community(), community(is_bridge_builder=bbs, bb_skills=skills), a=SURE)
    meeting.meet(state, ON_SITE.replace(bb_team=team), SURE, np.random.default_rng(1))
    if team:
        expected = 1 - (1 - np.maximum(skills[1], skills[2])) ** 2
    else:
        expected = 1 - (1 - skills[1]) * (1 - skills[2])
    np.testing.assert_allclose(state.bb_effect, [np.zeros(len(SOFT_SKILLS)), expected])


def test_mbo_invited_late_wait_for_execution_in_their_own_community():
    late = np.array([0, 0, 0, 1, 0, 0], bool)
    state = build(community(phase=int(Phase.DESIGN), late_invited=late),
                  community(phase=int(Phase.EXECUTE), late_invited=late), a=SURE)
    meeting.meet(state, ON_SITE, SURE, np.random.default_rng(2))
    assert not state.attended[3] and state.attended[N + 3]
    assert state.weeks_without_meeting.tolist() == [0, 0]  # 5 and 6 present: quorum 2


def test_a_dissolved_community_does_not_meet_and_keeps_its_state():
    gone = community(phase=int(Phase.DISSOLVED), active=np.zeros(N, bool), work_form=4,
                     attended=np.array([1, 1, 0, 0, 0, 0], bool), weeks_without_meeting=2,
                     bb_effect=np.full(len(SOFT_SKILLS), 0.5))
    state = build(community(), gone, a=SURE)
    before = build(community(), gone, a=SURE)
    before.ties_in_room[:] = state.ties_in_room[:] = True
    meeting.meet(state, ON_SITE, SURE, np.random.default_rng(3))
    seats, ties = slice(N, 2 * N), state.tie_community == 1
    for name in ("attended", "load"):
        np.testing.assert_array_equal(getattr(state, name)[seats], getattr(before, name)[seats])
    assert state.ties_in_room[ties].all()
    assert state.work_form[1] == 4 and state.weeks_without_meeting[1] == 2
    assert state.spent_hours[1] == 10.0 and state.spent_fte[1] == 0.0
    assert not state.bb_effect[1].any()  # nobody facilitates any more


@pytest.mark.parametrize("team", [False, True])
def test_each_community_meets_as_it_would_alone(team):
    rng = np.random.default_rng(9)
    skills = rng.random((N, len(SOFT_SKILLS)))
    specs = [
        community(phase=int(Phase.START), rung=np.array([1, 2, 3, 1, 2, 3], np.int8),
                  is_bridge_builder=np.array([0, 0, 1, 0, 0, 0], bool), bb_skills=skills,
                  stereotype=np.full((N, N_ROLES), 0.4), capacity=rng.random(N) * 0.3),
        community(phase=int(Phase.EXECUTE), policy=0.7, leader_seat=1,
                  leader_member=100 + N + 1,
                  leadership=0.6, late_invited=np.array([0, 0, 0, 1, 0, 0], bool),
                  stereotype=np.full((N, N_ROLES), 0.5),
                  rung=np.array([INFORM, INFORM, CO_DESIGN, CO_DESIGN, CO_DESIGN, INFORM],
                                np.int8), motivation=rng.random(N),
                  active=np.array([1, 1, 1, 1, 0, 1], bool)),
        community(phase=int(Phase.DISSOLVED), active=np.zeros(N, bool), work_form=2),
        community(phase=int(Phase.SUSTAIN), rung=np.full(N, ADVISE, np.int8),
                  is_bridge_builder=np.array([1, 0, 0, 0, 0, 1], bool), bb_skills=skills[::-1],
                  capacity=np.full(N, 0.1), stereotype=np.full((N, N_ROLES), 0.6)),
    ]
    for week in range(20):  # twenty sets of draws, so that a wrong chance shows
        draws = [meeting_draws(100 * week + k) for k in range(len(specs))]
        state = build(*specs)
        meeting.meet(state, P.replace(bb_team=team), A, scripted(draws))
        for k, spec in enumerate(specs):
            alone = build(spec)
            alone.leader_member[0] = -1 if spec["leader_member"] < 0 else 100 + 1
            meeting.meet(alone, P.replace(bb_team=team), A, ScriptedRng(draws[k]))
            assert_as_alone(state, k, alone, MET_FIELDS + ("spent_fte",))


def test_a_week_with_fewer_present_than_the_quorum_is_a_week_without_a_meeting():
    """2 of 6 members present: a meeting under a quorum of a fifth (2 of 6), none under a
    quorum of half (3 of 6)."""
    active = np.array([1, 1, 0, 0, 0, 0], bool)
    for share, idle in ((0.2, 0), (0.5, 3 + 1)):
        state = build(community(active=active, weeks_without_meeting=3), a=SURE)
        meeting.meet(state, ON_SITE, SURE.replace(min_meeting_share=share),
                     np.random.default_rng(0))
        assert state.attended.sum() == 2
        assert state.weeks_without_meeting.tolist() == [idle], share
