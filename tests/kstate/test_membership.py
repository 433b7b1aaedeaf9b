"""Membership (lcsim.week.membership) on a hand-made state of K communities: results worked
out by hand for one community, and with K = 2 or 3 each community gets what it would get
alone (draws from a generator that gives every seat the same number, so that a community's
draws are the same in the K-state and alone)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import N_ROLES, Role
from lcsim.rules import funding, phases
from lcsim.rules import membership as rules
from lcsim.rules.participation import ADVISE, CO_DESIGN, INFORM
from lcsim.rules.phases import Phase
from lcsim.state import INSPIRING, CommunityState, empty_state, seats_of, set_ties
from lcsim.week import membership

N = 6
ROLES = np.array([Role.RESEARCHER, Role.EDUCATOR, Role.PRACTITIONER, Role.PRACTITIONER,
                  Role.MBO_STAFF, Role.PERSON_WITH_DEMENTIA])
RESEARCHER, EDUCATOR, PRACTITIONER, PRACTITIONER_2, MBO, PWD = range(N)
STABLE, MOBILE = 0, 1  # organisations: nobody leaves its jobs, everyone may
WEEK = 10
A = Assumptions()
P = Params()

Setup = Callable[[CommunityState, int, slice], None]


class SameDraws:
    """A stand-in for `np.random.Generator` that gives every draw the same value: `u` for
    `random`, the middle of the range for `uniform`, the mean for `normal` and `beta`."""

    def __init__(self, u: float) -> None:
        self.u = u

    def random(self, size=None):
        return self.u if size is None else np.full(size, self.u)

    def uniform(self, low, high, size):
        return np.full(size, (low + high) / 2)

    def normal(self, loc, scale, size):
        return np.full(size, float(loc))

    def beta(self, a, b, size):
        return np.full(size, a / (a + b))


def _state(*setups: Setup) -> CommunityState:
    """One community per setup, each of six active members (one of each role, two
    practitioners) at the stable organisation, all directed ties within a community at
    trust 0.5, in the execute phase; then each setup changes its community."""
    k = len(setups)
    state = empty_state(k, N, 2)
    state.role = np.tile(ROLES, k)
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    state.member_id = np.tile(np.arange(N), k)
    state.org_turnover = np.array([0.0, 1.0])
    state.active[:] = True
    state.motivation[:], state.expected[:], state.experienced[:] = 0.8, 0.5, 0.5
    state.immediate[:], state.rung[:] = 0.4, CO_DESIGN
    state.rung[state.role == Role.MBO_STAFF] = ADVISE
    state.rung[state.role == Role.PERSON_WITH_DEMENTIA] = INFORM
    pairs = [(c * N + i, c * N + j) for c in range(k) for i in range(N) for j in range(N)
             if i != j]
    src, dst = np.array(pairs).T
    set_ties(state, src, dst, np.full(src.size, 0.5))
    state.phase[:] = Phase.EXECUTE
    for community, setup in enumerate(setups):
        setup(state, community, seats_of(state, community))
    return state


def _quiet(state: CommunityState, k: int, seats: slice) -> None:
    """Nothing happens: nobody can climb (full barriers), drop out or change jobs."""
    state.barrier[seats] = 1.0


def _troubled(state: CommunityState, k: int, seats: slice) -> None:
    """Executing, with an mbo staff member kept at inform in the room ('hands'), a member
    about to give up, and a bridge-builder at an organisation where people change jobs."""
    _quiet(state, k, seats)
    block = np.arange(N) + seats.start
    state.attended[seats] = True
    state.rung[block[MBO]] = INFORM
    state.motivation[block[EDUCATOR]] = 0.1
    state.org[block[PRACTITIONER]] = MOBILE
    state.is_bridge_builder[block[PRACTITIONER]] = True
    state.bb_skills[block[PRACTITIONER]] = 0.5
    state.bb_effect[k, INSPIRING] = 0.5


def _dissolved(state: CommunityState, k: int, seats: slice) -> None:
    """Dissolved: nobody active, an open bridge-builder post, paid time everywhere, felt
    value waiting, a leftover bridge-builder flag."""
    block = np.arange(N) + seats.start
    state.phase[k] = Phase.DISSOLVED
    state.active[seats] = False
    state.bb_post_open[block[PRACTITIONER_2]] = True
    state.is_bridge_builder[block[EDUCATOR]] = True
    state.pending_interest[seats] = 0.3
    state.coverage[k] = 1.0
    state.shared_ambition[k] = 0.5


def _growing(state: CommunityState, k: int, seats: slice) -> None:
    """Designing, fully paid, with an empty seat, a bridge-builder post open since an
    earlier week, and mbo staff at inform free to climb."""
    block = np.arange(N) + seats.start
    state.phase[k] = Phase.DESIGN
    state.coverage[k] = 1.0
    state.shared_ambition[k] = 0.5
    state.policy[k] = 1.0
    state.active[block[[PWD, EDUCATOR]]] = False
    state.bb_post_open[block[EDUCATOR]] = True
    state.rung[block[MBO]] = INFORM
    state.barrier[block[PWD]] = 1.0


SEAT_VALUES = ("active", "motivation", "expected", "experienced", "rung", "is_bridge_builder",
               "bb_post_open", "bb_skills", "knowledge", "stereotype", "joined_week",
               "late_invited", "barrier", "gatekeeping", "tolerance", "pending_interest",
               "load")
COMMUNITY_VALUES = ("shared_ambition", "departures", "bb_departures", "phase")


def _community_values(state: CommunityState, k: int) -> dict[str, object]:
    """Everything membership may change in community k, as it would read alone."""
    seats = seats_of(state, k)
    ties = state.tie_community == k
    values = {name: getattr(state, name)[seats].tolist() for name in SEAT_VALUES}
    values |= {name: getattr(state, name)[k].item() for name in COMMUNITY_VALUES}
    values |= {f"dropouts {r}": int(n[k]) for r, n in state.dropouts.items()}
    values["trust"] = state.trust[ties].tolist()
    return values


def _events(events: EventLog, k: int) -> list[tuple[str, str, str]]:
    return [(e.kind, e.who, e.text) for e in events.of_community(k)]


def _local(seats, k: int) -> list[int]:
    return [int(s) - k * N for s in seats if s // N == k]


# ---------------------------------------------------------------- one community by hand
def test_motivation_expectation_and_hands_distrust_follow_the_rules_by_hand():
    state = _state(_troubled)
    state.pending_interest[:] = 0.2
    state.motivation[:] = 0.8  # nobody gives up
    p, a = P.replace(turnover_rate=0.0), A.replace(dropout_hands=0.0)
    membership.update_membership(state, p, a, np.random.default_rng(0), WEEK, EventLog())
    experienced = (1 - a.experience_rate) * 0.5 + a.experience_rate * 0.6
    assert np.allclose(state.experienced[np.arange(N) != MBO], experienced)
    assert np.isclose(state.experienced[MBO], experienced - a.experience_rate
                      * a.hands_experience_penalty)
    gap = np.tanh((experienced - 0.5) / 0.5)
    motivation = (0.8 + a.motivation_rate * gap + a.motivation_settling
                  * (a.motivation_baseline - 0.8) + a.inspiring_motivation * 0.5)
    assert np.isclose(state.motivation[RESEARCHER], motivation)
    assert np.isclose(state.expected[RESEARCHER],
                      0.5 + a.expectation_rate * (experienced - 0.5))
    assert np.all(state.pending_interest == 0.0)
    hands_ties = state.tie_src == MBO
    assert np.allclose(state.trust[hands_ties], 0.5 - p.trust_loss * a.hands_distrust * 0.5)
    assert np.all(state.trust[~hands_ties] == 0.5)


def test_membership_draws_six_numbers_per_seat_when_nobody_joins():
    state = _state(_quiet, _quiet)
    rng = np.random.default_rng(4)
    membership.update_membership(state, P.replace(turnover_rate=0.0), A, rng, WEEK,
                                 EventLog())
    same = np.random.default_rng(4)
    for _ in ("ladder", "dropout", "job change", "post kept", "post filled", "recruitment"):
        same.random(2 * N)
    assert rng.random() == same.random()


def test_a_newcomer_expects_what_its_roles_members_in_its_own_community_expect():
    state = _state(_quiet, _quiet)
    state.expected[PRACTITIONER], state.expected[N + PRACTITIONER] = 0.3, 0.7
    newcomers = np.array([PRACTITIONER_2, MBO, N + PRACTITIONER_2])
    state.active[newcomers] = False
    membership.seat_newcomers(state, P, A, SameDraws(0.5), newcomers, WEEK)
    assert state.expected[newcomers[[0, 2]]].tolist() == [0.3, 0.7]
    # The only mbo staff member: no peers; the policy (0) leaves them at inform.
    assert state.rung[MBO] == INFORM and state.late_invited[MBO]
    assert np.isclose(state.expected[MBO],
                      np.mean(A.expectation_start) * A.rung_invitation[INFORM])
    assert state.active[newcomers].all() and np.all(state.joined_week[newcomers] == WEEK)


# ---------------------------------------------------------------- K communities
def test_each_community_gets_what_it_would_get_alone():
    setups = (_troubled, _dissolved, _growing)
    p = P.replace(turnover_rate=0.5)  # weekly 0.013: everyone at the mobile organisation
    together, events = _state(*setups), EventLog()
    changes = membership.update_membership(together, p, A, SameDraws(0.01), WEEK, events)
    for k, setup in enumerate(setups):
        alone, alone_events = _state(setup), EventLog()
        alone_changes = membership.update_membership(alone, p, A, SameDraws(0.01), WEEK,
                                                     alone_events)
        assert _community_values(together, k) == _community_values(alone, 0)
        assert _events(events, k) == _events(alone_events, 0)
        assert _local(changes.left, k) == alone_changes.left
        assert _local(changes.seated, k) == alone_changes.seated
        assert _local(changes.recruited, k) == alone_changes.recruited.tolist()
    # and something happened: a dropout, a job change, a recruit, a successor, a climb
    assert {e.kind for e in events} == {"member drops out", "bridge-builder leaves",
                                        "bridge-builder appointed", "participation up"}
    assert changes.left == [EDUCATOR, PRACTITIONER]
    assert changes.recruited.tolist() == [2 * N + PWD]
    assert changes.seated == [2 * N + EDUCATOR, 2 * N + PWD]


def test_a_dissolved_community_is_left_unchanged():
    state = _state(_growing, _dissolved)
    before = _community_values(state, 1)
    membership.update_membership(state, P.replace(turnover_rate=0.5), A, SameDraws(0.0),
                                 WEEK, EventLog())
    assert _community_values(state, 1) == before
    assert state.active[seats_of(state, 0)].all()  # the other one filled its seats


def test_the_ladder_reads_each_communitys_view_of_the_role():
    def looked_down_on(state: CommunityState, k: int, seats: slice) -> None:
        _climbing(state, k, seats)
        state.stereotype[seats, Role.MBO_STAFF] = 1.0

    state, events = _state(looked_down_on, _climbing), EventLog()
    membership.climb_ladder(state, A, SameDraws(A.rung_up_base - 0.001), WEEK, events)
    assert state.rung[MBO] == INFORM and state.rung[N + MBO] == ADVISE
    assert [(e.kind, e.community) for e in events] == [("participation up", 1)]


def _climbing(state: CommunityState, k: int, seats: slice) -> None:
    """Mbo staff at inform; nobody else can climb; no policy, no facilitation."""
    _quiet(state, k, seats)
    state.rung[seats.start + MBO] = INFORM
    state.barrier[seats.start + MBO] = 0.0


def test_recruitment_reads_the_coverage_and_ambition_of_the_seats_community():
    def empty_seat(state: CommunityState, k: int, seats: slice) -> None:
        state.active[seats.start + PWD] = False
        state.coverage[k] = 1.0

    state = _state(empty_seat, empty_seat, empty_seat)
    state.shared_ambition[:] = [1.0, 0.0, 1.0]
    state.coverage[2] = 0.0
    chances = A.recruitment_rate * np.array([1.0, 1.0 - A.recruitment_ambition, 0.0])
    u = (chances[0] + chances[1]) / 2
    seats = membership.recruit(state, P, A, SameDraws(u), WEEK)
    assert seats.tolist() == [PWD]
    assert state.active.tolist() == [True] * N + [True] * (N - 1) + [False] + [True] * (
        N - 1) + [False]
    assert np.all(state.trust[state.ties_of_seat[PWD]] == P.initial_trust)


def test_an_open_bridge_builder_post_is_filled_only_where_time_is_paid():
    def open_post(state: CommunityState, k: int, seats: slice) -> None:
        state.active[seats.start + EDUCATOR] = False
        state.bb_post_open[seats.start + EDUCATOR] = True

    state, events = _state(open_post, open_post), EventLog()
    state.coverage[:] = [[1.0, 1.0], [0.0, 0.0]]
    filled = membership.fill_bb_posts(state, P, A, SameDraws(0.0), WEEK, events)
    assert filled.tolist() == [EDUCATOR]
    assert state.is_bridge_builder.tolist() == [False, True] + [False] * (2 * N - 2)
    assert np.allclose(state.bb_skills[EDUCATOR], P.bb_skill)
    assert state.bb_post_open.tolist() == [False] * (N + 1) + [True] + [False] * (N - 2)
    assert [(e.kind, e.community) for e in events] == [("bridge-builder appointed", 0)]


def test_newcomers_dilute_the_ambition_of_their_own_community_only():
    state = _state(_growing, _growing, _quiet)
    state.shared_ambition[:] = 0.5
    state.coverage[1] = 0.0  # nobody comes to the second
    changes = membership.update_membership(state, P.replace(turnover_rate=0.0), A,
                                           SameDraws(0.01), WEEK, EventLog())
    assert changes.seated == [EDUCATOR, PWD]
    share = 2 / N  # two newcomers among the six active members after they joined
    assert np.allclose(state.shared_ambition,
                       [0.5 * (1 - A.newcomer_ambition_dilution * share), 0.5, 0.5])


def test_dropouts_and_departures_count_in_the_members_community():
    state, events = _state(_quiet, _quiet), EventLog()
    state.is_bridge_builder[N + PRACTITIONER] = True
    state.leader_seat[:] = [RESEARCHER, N + RESEARCHER]
    membership.drop_out(state, N + EDUCATOR, WEEK, "conflict", events)
    membership.drop_out(state, N + RESEARCHER, WEEK, "intervention", events)
    membership.leave_job(state, P.replace(bridge_builder_investment=1.0), A, SameDraws(0.5),
                         N + PRACTITIONER, WEEK, events)
    assert state.dropouts["conflict"].tolist() == [0, 1]
    assert state.dropouts["intervention"].tolist() == [0, 1]
    assert state.departures.tolist() == [0, 1] and state.bb_departures.tolist() == [0, 1]
    assert state.bb_post_open[N + PRACTITIONER] and not state.is_bridge_builder.any()
    assert [(e.kind, e.community) for e in events] == [
        ("member drops out", 1), ("project leader leaves", 1), ("bridge-builder leaves", 1)]
    assert membership.departure_causes(state, 0) == "Nobody had left before."


def test_dissolution_reasons_name_only_the_communities_that_stop_now_and_why():
    def failing(state: CommunityState, k: int, seats: slice) -> None:
        state.active[seats] = False
        state.active[[seats.start + RESEARCHER, seats.start + PWD]] = True
        state.capacity[[seats.start + RESEARCHER, seats.start + PWD]] = [0.5, 0.3]
        state.weeks_without_meeting[k] = A.weeks_without_meeting
        state.funding_weeks[k], state.funding_state[k] = 52, funding.NONE
        state.departures[k], state.dropouts["conflict"][k] = 3, 5

    def gone(state: CommunityState, k: int, seats: slice) -> None:
        _dissolved(state, k, seats)
        state.weeks_without_meeting[k] = A.weeks_without_meeting

    text = ("The community stops: too few members are left and too few of research, "
            "education and practice still take part and it has not had a meeting of at "
            f"least {{quorum}} members for {A.weeks_without_meeting} weeks. 2 members "
            "were still on its list, able to "
            "give 40% of a week on average, after funding had ended. Before this, 8 members "
            "left (conflict in the group: 5; changed jobs or could no longer take part: 3).")
    text = text.format(quorum=phases.meeting_quorum(N, A))
    assert membership.dissolution_reasons(_state(_quiet, failing, gone), A) == {1: text}
    assert membership.dissolution_reasons(_state(failing), A) == {0: text}
    assert membership.dissolution_reasons(_state(_quiet), A) == {}


def test_dissolving_one_community_empties_only_its_seats():
    state, events = _state(_quiet, _quiet), EventLog()
    state.attended[:], state.capacity[:] = True, 0.5
    membership.dissolve(state, P, 1, WEEK, "It stops.", events)
    assert state.phase.tolist() == [Phase.EXECUTE, Phase.DISSOLVED]
    assert state.dissolved_week.tolist() == [-1, WEEK]
    assert state.active.tolist() == [True] * N + [False] * N
    assert state.attended.tolist() == [True] * N + [False] * N
    assert state.capacity.tolist() == [0.5] * N + [0.0] * N
    assert [(e.kind, e.text, e.community) for e in events] == [
        ("community dissolves", "It stops.", 1)]


# ---------------------------------------------------------------- the rules, per community
def test_dropout_pressures_take_each_communitys_conflict_along_a_leading_axis():
    motivation = np.array([[0.1, 0.9, 0.5], [0.3, 0.2, 1.0]])
    trust = np.full((2, 3), 0.1)
    hands = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    conflict = np.array([0.2, 0.7])
    pressures = rules.dropout_pressures(motivation, trust, hands, conflict)
    assert pressures.shape == (2, 3, len(rules.DROPOUT_REASONS))
    for k in range(2):
        alone = rules.dropout_pressures(motivation[k], trust[k], hands[k], conflict[k])
        assert np.array_equal(pressures[k], alone)
    per_seat = rules.dropout_pressures(motivation.ravel(), trust.ravel(), hands.ravel(),
                                       np.repeat(conflict, 3))
    assert np.array_equal(per_seat, pressures.reshape(6, -1))


def test_recruitment_takes_each_communitys_ambition_along_a_leading_axis():
    coverage = np.array([[0.2, 1.0], [0.5, 0.0], [1.0, 1.0]])
    ambition = np.array([0.0, 0.5, 1.0])
    chances = rules.recruitment_probability(0.05, coverage, ambition)
    for k in range(3):
        assert np.array_equal(chances[k],
                              rules.recruitment_probability(0.05, coverage[k], ambition[k]))
