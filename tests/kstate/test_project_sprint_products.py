"""Project work (step 4), the sprint review (step 5) and products (step 9) on the state of
K communities: each alone on a small hand-made state, with results worked out by hand for
K = 1, and with several communities in different situations (one dissolved, one in the
start or design phase) that each get what they would get alone."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from lcsim.agents import OrganisationKind
from lcsim.assumptions import Assumptions
from lcsim.events import EventLog
from lcsim.params import Params
from lcsim.roles import N_KNOWLEDGE, N_ROLES, PRODUCT_KINDS, Role
from lcsim.rules import phases, trust
from lcsim.rules.participation import CO_DESIGN
from lcsim.rules.phases import Phase
from lcsim.state import CommunityState, Product, empty_state, set_ties
from lcsim.week import products as week_products
from lcsim.week import project, sprint_review

A = Assumptions()
P = Params()
WORK_FORMS = phases.work_forms(A)
CASE_DISCUSSION = phases.WORK_FORM_NAMES.index("case discussion")
ROLES = [Role.RESEARCHER, Role.PRACTITIONER, Role.MBO_STAFF, Role.PERSON_WITH_DEMENTIA]
CARE, SCHOOL = 0, 1  # the two organisations: a care provider and a school
ONLY = {kind: A.replace(knowledge_to_product=tuple(
    tuple(1.0 if j == PRODUCT_KINDS.index(kind) else 0.0 for j in range(len(PRODUCT_KINDS)))
    for _ in range(N_KNOWLEDGE))) for kind in ("publicity", "instrument")}
# With every draw 0 (`Zeros`), any product with a chance lands; no use is dropped.
SURE_LANDING = A.replace(discontinue_rate=0.0, room_slots=20.0)
WEEK = 60

SEAT_FIELDS = ("role", "active", "attended", "knowledge", "stereotype", "motivation", "rung",
               "capacity", "org", "pending_interest", "member_id")
COMMUNITY_FIELDS = ("phase", "work_form", "safety", "task_conflict", "collusion",
                    "combination_quality", "design_progress", "sprint_quality",
                    "upkeep_share", "execute_started", "landing_effort",
                    "failures_discussed", "failures_hushed", "discussed_recently",
                    "hushed_recently", "applied_value", "realized_value",
                    "transformative_value", "stall_checked")
PROJECT_FIELDS = ("progress", "quality_weighted", "contribution", "codesign", "mbo",
                  "educator")


def _community(roles=ROLES, **values) -> dict:
    """One community's description: its seats' roles and any field of SEAT_FIELDS or
    COMMUNITY_FIELDS, plus `trust` (of every tie), `bb_effect`, `boundary`, `capitals`
    (dict), `project` (dict of PROJECT_FIELDS) and `places` (week each landing place is
    free); everyone active and present unless said otherwise."""
    n = len(roles)
    rng = np.random.default_rng(n + int(values.get("phase", 0)))
    c = dict(role=np.array(roles), active=np.ones(n, bool), attended=np.ones(n, bool),
             knowledge=rng.random((n, N_KNOWLEDGE)), stereotype=np.full((n, N_ROLES), 0.2),
             motivation=np.full(n, 0.6), rung=np.full(n, CO_DESIGN),
             capacity=np.linspace(0.4, 0.8, n), org=np.zeros(n, int),
             pending_interest=np.zeros(n), member_id=np.arange(n) + 1, trust=0.5,
             bb_effect=np.array([0.4, 0.2, 0.1, 0.3, 0.5]), boundary=np.full(4, 0.3),
             phase=int(Phase.EXECUTE), work_form=CASE_DISCUSSION, safety=0.5,
             task_conflict=0.2, collusion=0.1, combination_quality=0.3, sprint_quality=0.4,
             capitals={}, project={}, places=[0])
    c.update(values)
    return c


def _build(*communities: dict) -> CommunityState:
    """The state of these communities (each with the same number of seats), every tie
    within a community in both directions, and a care provider and a school."""
    k, n = len(communities), len(communities[0]["role"])
    state = empty_state(k, n, 2, landing_places=len(communities[0]["places"]),
                        work_forms=WORK_FORMS)
    state.org_kind = np.array([OrganisationKind.CARE_PROVIDER, OrganisationKind.SCHOOL])
    state.org_room, state.org_pace = np.array([0.8, 0.6]), np.array([0.5, 0.7])
    state.backing[:] = 0.4
    for name in SEAT_FIELDS:
        setattr(state, name, np.concatenate([np.asarray(c[name]) for c in communities]))
    state.seats_of_role = [np.flatnonzero(state.role == r) for r in range(N_ROLES)]
    src, dst, trusts = [], [], []
    for j, c in enumerate(communities):
        for name in COMMUNITY_FIELDS:
            if name in c:
                getattr(state, name)[j] = c[name]
        state.bb_effect[j], state.boundary[j] = c["bb_effect"], c["boundary"]
        state.place_free_week[j] = c["places"]
        for name, amount in c["capitals"].items():
            state.capitals[name][j] = amount
        for name, amount in c["project"].items():
            getattr(state.project, name)[j] = amount
        pairs = [(j * n + s, j * n + d) for s in range(n) for d in range(n) if s != d]
        src += [s for s, _ in pairs]
        dst += [d for _, d in pairs]
        trusts += [c["trust"]] * len(pairs)
    set_ties(state, np.array(src), np.array(dst), np.array(trusts))
    state.ties_in_room = state.attended[state.tie_src] & state.attended[state.tie_dst]
    return state


def _add_product(state: CommunityState, community: int, kind: str, quality: float,
                 week: int, a: Assumptions = A) -> int:
    """Record a product of a community by hand; returns its row."""
    number = int(np.count_nonzero(state.product_community == community)) + 1
    project._record_product(state, a, Product(number, kind, quality, True, False, False, week,
                                              community=community))
    return len(state.products) - 1


def _products_of(state: CommunityState, community: int) -> list[tuple]:
    return [(pr.number, pr.kind, pytest.approx(pr.quality), pr.codesigned, pr.mbo_involved,
             pr.week_developed, pr.landed_practice, pr.landed_education, pr.stalled_reported)
            for pr in state.products if pr.community == community]


def _same_as_alone(together: CommunityState, alone: CommunityState, j: int) -> None:
    """Community j of `together` holds what `alone` (its own K = 1 state) holds."""
    n = together.community_size
    seats = slice(j * n, (j + 1) * n)
    for name in COMMUNITY_FIELDS:
        assert getattr(together, name)[j] == pytest.approx(getattr(alone, name)[0]), name
    for name in PROJECT_FIELDS:
        np.testing.assert_allclose(getattr(together.project, name)[j],
                                   getattr(alone.project, name)[0], err_msg=name)
    for name, value in together.capitals.items():
        assert value[j] == pytest.approx(alone.capitals[name][0]), name
    np.testing.assert_array_equal(together.place_free_week[j], alone.place_free_week[0])
    np.testing.assert_allclose(together.trust[together.tie_community == j], alone.trust)
    for name in ("motivation", "stereotype", "pending_interest"):
        np.testing.assert_allclose(getattr(together, name)[seats], getattr(alone, name))
    assert _products_of(together, j) == _products_of(alone, 0)
    uses = together.use_community == j
    for name in ("use_org", "use_weeks", "use_on", "use_setting", "use_fit", "use_trained"):
        np.testing.assert_allclose(getattr(together, name)[uses], getattr(alone, name))


class Replay:
    """Stands in for the generator: gives back fixed draws, one array per call, and the
    first organisation of a kind."""

    def __init__(self, *calls) -> None:
        self.calls = [np.asarray(c, dtype=float) for c in calls]

    def random(self, size: int) -> np.ndarray:
        draws = self.calls.pop(0)
        assert draws.size == size
        return draws

    def integers(self, high: int, size: int) -> np.ndarray:
        return np.zeros(size, dtype=int)


class Zeros(Replay):
    """Stands in for the generator: every draw is 0."""

    def random(self, size: int) -> np.ndarray:
        return np.zeros(size)


# ---------------------------------------------------------------- project work (step 4)
def test_design_work_builds_the_design_as_worked_out_by_hand():
    roles = [Role.RESEARCHER, Role.PRACTITIONER]
    knowledge = np.zeros((2, N_KNOWLEDGE))
    knowledge[0, 0], knowledge[1, 2] = 1.0, 2.0
    state = _build(_community(roles, phase=int(Phase.DESIGN), knowledge=knowledge,
                              stereotype=np.zeros((2, N_ROLES)), capacity=[0.5, 0.8],
                              design_progress=0.1, upkeep_share=0.05))
    project.work_on_project(state, P, A, np.random.default_rng(0), WEEK, EventLog())
    in_meeting = A.work_between_meetings + (1 - A.work_between_meetings) \
        * WORK_FORMS[CASE_DISCUSSION].work
    voice = A.voice[CO_DESIGN]
    put_in = [0.5 * voice * in_meeting * 1.0, 0.8 * voice * in_meeting * 2.0]
    shares = [x / sum(put_in) for x in put_in]
    diversity = (1 - shares[0] ** 2 - shares[1] ** 2) * N_ROLES / (N_ROLES - 1)
    quality = diversity * np.sqrt(0.5) * (1 + A.combination_task_conflict * 0.2
                                          - A.combination_collusion * 0.1)
    amount = sum(put_in) * quality * A.work_rate \
        * ((1 - A.coordination_work) + A.coordination_work * 0.3) * (1 - 0.05)
    assert state.design_progress[0] == pytest.approx(
        0.1 + amount / (A.design_effort * P.product_effort))
    assert state.combination_quality[0] == pytest.approx(
        (1 - A.combination_rate) * 0.3 + A.combination_rate * quality)
    assert state.project.progress[0] == 0.0


def test_a_finished_project_becomes_a_product_of_its_community_numbered_within_it():
    state = _build(_community(), _community())
    _add_product(state, 1, "method", 0.5, 3)
    contribution = np.arange(N_KNOWLEDGE, dtype=float)
    for j in (0, 1):
        state.project.progress[j], state.project.quality_weighted[j] = 4.0, 2.4
        state.project.contribution[j] = contribution
        state.project.codesign[j] = contribution.sum()  # all of it co-designed
    events = EventLog()
    project.finish_product(state, ONLY["publicity"], np.random.default_rng(0), WEEK, events,
                           np.array([False, True]))
    product = state.products[-1]
    assert (product.community, product.number, product.kind) == (1, 2, "publicity")
    assert product.quality == pytest.approx(0.6) and product.codesigned
    assert not product.mbo_involved and product.week_developed == WEEK
    assert state.product_community.tolist() == [1, 1]
    assert state.product_landed.shape == (2, 2) and state.product_fit.shape == (2, 2)
    assert state.capitals["tangible"].tolist() == [0.0, pytest.approx(0.6)]
    assert state.capitals["reputational"].tolist() == [0.0, pytest.approx(0.6)]
    assert state.project.progress.tolist() == [4.0, 0.0]
    assert state.project.contribution[1].sum() == 0.0
    assert [(e.kind, e.community) for e in events] == [("product developed", 1)]
    assert events[0].text.startswith("Product 2 (publicity) is ready, co-designed with "
                                     "people with dementia")


def _four_projects() -> list[dict]:
    """An execute-phase community about to finish its project, a dissolved one (nobody
    active, its values set to be seen unchanged), one designing with half its members away,
    and one still in the start phase."""
    nobody = np.zeros(len(ROLES), bool)
    busy = dict(progress=P.product_effort, quality_weighted=0.5 * P.product_effort,
                contribution=np.ones(N_KNOWLEDGE), mbo=3.0, codesign=1.0, educator=0.5)
    return [_community(project=busy, capitals={"tangible": 1.0}),
            _community(phase=int(Phase.DISSOLVED), active=nobody, attended=nobody,
                       project=dict(progress=0.3, quality_weighted=0.1), design_progress=1.0,
                       combination_quality=0.7, sprint_quality=0.6),
            _community(phase=int(Phase.DESIGN), design_progress=0.4,
                       attended=np.array([True, False, True, False])),
            _community(phase=int(Phase.START), combination_quality=0.9)]


def test_each_community_works_on_its_project_as_it_would_alone():
    communities = _four_projects()
    earlier = {2: ("method", 0.5, 3), 0: ("skills", 0.4, 5)}  # products made before
    together = _build(*communities)
    for j, made in earlier.items():
        _add_product(together, j, *made)
    events = EventLog()
    project.work_on_project(together, P, ONLY["publicity"], np.random.default_rng(1), WEEK,
                            events)
    for j, community in enumerate(communities):
        alone = _build(community)
        if j in earlier:
            _add_product(alone, 0, *earlier[j])
        alone_events = EventLog()
        project.work_on_project(alone, P, ONLY["publicity"], np.random.default_rng(2), WEEK,
                                alone_events)
        _same_as_alone(together, alone, j)
        assert [e.text for e in events.of_community(j)] == [e.text for e in alone_events]
    assert together.products[-1].number == 2 and together.products[-1].community == 0
    assert together.design_progress[2] > 0.4 and together.project.progress[0] == 0.0


def test_project_work_draws_one_kind_per_community_every_week():
    state = _build(*_four_projects())
    rng = Replay([0.3, 0.9, 0.9, 0.9])
    project.work_on_project(state, P, A, rng, WEEK, EventLog())
    assert rng.calls == []
    quiet = _build(_community(phase=int(Phase.START)))
    rng = Replay([0.5])
    project.work_on_project(quiet, P, A, rng, WEEK, EventLog())
    assert rng.calls == [] and quiet.products == []


# ---------------------------------------------------------------- sprint review (step 5)
def _reviewing(**values) -> dict:
    """An execute-phase community whose sprint ends this week."""
    started = WEEK - A.sprint_weeks + 1
    return _community(execute_started=started, project=dict(progress=2.0,
                                                            quality_weighted=1.0),
                      capitals={"learning": 1.0}, **values)


def test_a_successful_sprint_is_celebrated_as_worked_out_by_hand():
    state = _build(_reviewing(attended=np.array([True, True, False, True])))
    motivation = state.motivation.copy()
    sprint_review.review_sprint(state, P, A, Replay([0.0], [0.0]), WEEK, EventLog())
    assert state.capitals["reputational"][0] == pytest.approx(A.sprint_reputation)
    assert state.capitals["learning"][0] == pytest.approx(1.0 + A.sprint_learning * 0.3)
    expected = np.minimum(1.0, motivation + A.sprint_motivation)
    expected[2] = motivation[2]
    np.testing.assert_allclose(state.motivation, expected)
    assert state.project.progress[0] == 2.0


@pytest.mark.parametrize("discussed", [True, False])
def test_a_failed_sprint_costs_rework_and_is_discussed_or_hushed_as_worked_out_by_hand(
        discussed):
    state = _build(_reviewing())
    events = EventLog()
    sprint_review.review_sprint(state, P, A, Replay([1.0], [0.0 if discussed else 1.0]), WEEK,
                                events)
    rework = A.failure_rework * (1 - A.failure_lesson_saves * discussed)
    flaw = 1.0 if discussed else 1 - A.hushed_flaw
    assert state.project.progress[0] == pytest.approx(2.0 * (1 - rework))
    assert state.project.quality_weighted[0] == pytest.approx(1.0 * (1 - rework) * flaw)
    assert state.failures_discussed[0] == int(discussed)
    assert state.failures_hushed[0] == int(not discussed)
    if discussed:
        after = trust.update_trust(np.array([0.5]), A.discussed_failure_trust, 0.0,
                                   P.trust_gain, 0.0, a=A)[0]
        assert state.capitals["learning"][0] == pytest.approx(1.0 + A.failure_learning + 0.3)
        softened = np.full(N_ROLES, 0.2 * (1 - A.failure_stereotype_relief))
        softened[Role.EDUCATOR] = 0.2  # nobody of that role in the room
        np.testing.assert_allclose(state.stereotype, np.tile(softened, (len(ROLES), 1)))
    else:
        after = trust.update_trust(np.array([0.5]), 0.0, A.hushed_failure_distrust, 0.0,
                                   P.trust_loss, a=A)[0]
        np.testing.assert_allclose(state.stereotype, 0.2)
    np.testing.assert_allclose(state.trust, after)
    assert [e.community for e in events] == [0]
    assert events[0].kind == ("failure discussed" if discussed else "failure hushed up")


def test_each_community_reviews_its_sprint_as_it_would_alone():
    """A success, a failure discussed, a failure hushed up, a community mid-sprint, one in
    the design phase and a dissolved one, all in one week."""
    nobody = np.zeros(len(ROLES), bool)
    communities = [_reviewing(), _reviewing(), _reviewing(),
                   _community(execute_started=WEEK - 1, project=dict(progress=2.0)),
                   _community(phase=int(Phase.DESIGN)),
                   _community(phase=int(Phase.DISSOLVED), active=nobody, attended=nobody,
                              project=dict(progress=2.0))]
    success = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 0.0])
    talk = np.array([0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    together, events = _build(*communities), EventLog()
    sprint_review.review_sprint(together, P, A, Replay(success, talk), WEEK, events)
    for j, community in enumerate(communities):
        alone, alone_events = _build(community), EventLog()
        sprint_review.review_sprint(alone, P, A, Replay(success[[j]], talk[[j]]), WEEK,
                                    alone_events)
        _same_as_alone(together, alone, j)
        assert [e.text for e in events.of_community(j)] == [e.text for e in alone_events]
    assert together.failures_discussed.tolist() == [0, 1, 0, 0, 0, 0]
    assert together.failures_hushed.tolist() == [0, 0, 1, 0, 0, 0]
    assert together.execute_started.tolist() == [WEEK - A.sprint_weeks + 1] * 3 \
        + [WEEK - 1, -1, -1]


def test_the_first_executing_week_starts_the_sprint_clock_and_draws_come_every_week():
    state = _build(_community(execute_started=-1), _community(phase=int(Phase.DESIGN)))
    rng = Replay([0.0, 0.0], [0.0, 0.0])
    sprint_review.review_sprint(state, P, A, rng, WEEK, EventLog())
    assert rng.calls == []
    assert state.execute_started.tolist() == [WEEK, -1]
    assert state.capitals["reputational"].tolist() == [0.0, 0.0]


# ---------------------------------------------------------------- products (step 9)
def test_time_for_products_is_shared_between_uses_and_waiting_products_by_hand():
    state = _build(_community(capacity=np.array([0.5, 0.5, 0.5, 0.5]),
                              active=np.array([True, True, True, False])))
    _add_product(state, 0, "instrument", 0.6, 1)   # waits in practice
    _add_product(state, 0, "method", 0.6, 1)       # waits in practice and in education
    a = A.replace(upkeep_need=0.01)
    keep = week_products._spend_product_time(state, P, a, np.array([True]))
    share = P.product_landing * a.product_work_share
    assert state.upkeep_share[0] == pytest.approx(share)
    assert keep[0] == 0.0
    assert state.landing_effort[0] == pytest.approx(min(1.0, share * 1.5 / (0.01 * 3)))
    gone = _build(_community(), _community())
    _add_product(gone, 1, "instrument", 0.6, 1)
    week_products._spend_product_time(gone, P, a, np.array([True, False]))
    assert gone.upkeep_share.tolist() == [0.0, 0.0]  # nothing to do; dissolved


def test_a_landing_takes_its_own_communitys_place_and_is_put_in_use():
    state = _build(_community(places=[0, 0]), _community(places=[0, 0]))
    row = _add_product(state, 1, "instrument", 0.8, 1, SURE_LANDING)
    events = EventLog()
    week_products.land_products(state, P, SURE_LANDING, Zeros(), WEEK,
                                np.array([True, True]), events)
    assert state.product_landed[row].tolist() == [WEEK, -1]
    assert state.products[row].landed_practice == WEEK
    assert state.place_free_week.tolist() == [[0, 0], [WEEK + A.pilot_weeks, 0]]
    assert state.use_community.tolist() == [1] and state.use_org.tolist() == [CARE]
    assert state.applied_value.tolist() == [0.0, pytest.approx(0.8)]
    assert state.org_applied_value.tolist() == [pytest.approx(0.8), 0.0]
    assert [(e.kind, e.community) for e in events] == [("product lands in practice", 1)]
    assert events[0].text == "Product 1 (instrument) lands in practice at a pilot of care " \
                             "provider 0."


def test_communities_compete_for_the_room_of_an_organisation_only():
    """Room for two products in all at the care provider: with one free place in each
    community, a product of each lands there and both places are taken; a third product,
    of either community, finds the room full."""
    tight = SURE_LANDING.replace(room_slots=2.0 / 0.8)  # room for two at the care provider
    state = _build(_community(), _community())
    for community in (0, 1, 0):
        _add_product(state, community, "instrument", 0.8, 1, tight)
    week_products.land_products(state, P, tight, Zeros(), WEEK, True,
                                EventLog())
    assert state.product_landed[:, 0].tolist() == [WEEK, WEEK, -1]
    assert state.place_free_week[:, 0].tolist() == [WEEK + A.pilot_weeks] * 2


def test_apply_product_counts_for_the_products_community_and_the_shared_organisation():
    state = _build(_community(), _community())
    _add_product(state, 0, "method", 0.5, 1)
    row = _add_product(state, 1, "method", 0.7, 1)
    events = EventLog()
    week_products.apply_product(state, A, row, SCHOOL, "education", WEEK, events)
    n = state.community_size
    interests = A.interest_weight * 0.7 * A.array("role_interests")[
        state.role[n:], PRODUCT_KINDS.index("method")]
    np.testing.assert_allclose(state.pending_interest, np.r_[np.zeros(n), interests])
    assert state.capitals["reputational"].tolist() == [0.0, pytest.approx(
        A.landing_reputation * 0.7)]
    assert state.org_applied_value.tolist() == [0.0, pytest.approx(0.7)]
    assert state.use_setting.tolist() == [1] and state.use_product.tolist() == [row]
    assert state.use_fit[0] == state.product_fit[row, 1]
    assert events[0].community == 1 and events[0].text.startswith("Product 1 (method)")


def test_each_community_reports_its_own_stalled_products_once():
    state = _build(_community(), _community())
    first = _add_product(state, 0, "method", 0.5, 0)
    _add_product(state, 1, "method", 0.5, 5)
    landed = _add_product(state, 1, "method", 0.5, 10)
    _add_product(state, 0, "method", 0.5, 30)
    state.products[landed].landed_practice = 12
    week = 10 + A.stall_report_weeks
    events = EventLog()
    for _ in range(2):
        week_products._report_stalled_products(state, A, week, events)
    assert state.stall_checked.tolist() == [1, 2]
    assert [(e.community, e.text[:9]) for e in events] == [(0, "Product 1"), (1, "Product 1")]
    assert state.products[first].stalled_reported and not state.products[landed].stalled_reported


def _uses_and_waiting(state: CommunityState, j: int) -> None:
    """Community j's product landed at the care provider 20 weeks ago, and one waiting."""
    row = _add_product(state, j, "method", 0.7, 1, SURE_LANDING)
    week_products.apply_product(state, SURE_LANDING, row, CARE, "practice", WEEK - 20,
                                EventLog())
    state.use_weeks[-1], state.use_fit[-1], state.use_trained[-1] = 20, 0.5, 0.3
    state.product_landed[row] = WEEK - 20
    _add_product(state, j, "instrument", 0.6, 2, SURE_LANDING)


def test_each_communitys_products_land_and_are_used_as_they_would_alone():
    """A living community whose members work at the care provider (insiders there), a
    dissolved one, one whose members work at the school (outsiders), and one with no
    products; products of each land and are used, after dissolution too."""
    nobody = np.zeros(len(ROLES), bool)
    communities = [_community(), _community(phase=int(Phase.DISSOLVED), active=nobody,
                                            attended=nobody),
                   _community(org=np.full(len(ROLES), SCHOOL)), _community()]
    together, events = _build(*communities), EventLog()
    for j in (0, 1, 2):
        _uses_and_waiting(together, j)
    before = copy.deepcopy(together)
    week_products.land_and_use_products(together, P, SURE_LANDING, Zeros(),
                                        WEEK, events)
    for j, community in enumerate(communities):
        alone, alone_events = _build(community), EventLog()
        if j < 3:
            _uses_and_waiting(alone, 0)
        week_products.land_and_use_products(alone, P, SURE_LANDING, Zeros(),
                                            WEEK, alone_events)
        _same_as_alone(together, alone, j)
        assert [e.text for e in events.of_community(j)] == [e.text for e in alone_events]
    assert together.upkeep_share[1] == 0.0 and together.upkeep_share[0] > 0.0
    assert (together.product_landed[:, 0] >= 0).all()
    assert together.realized_value[1] > 0.0 and together.realized_value[3] == 0.0
    assert together.use_fit[0] > together.use_fit[2]  # insiders keep a use up better
    np.testing.assert_allclose(together.org_applied_value,
                               before.org_applied_value + [3 * 0.6, 0.0])


def test_local_fit_of_a_use_follows_its_communitys_upkeep_by_hand():
    state = _build(_community(capacity=np.full(len(ROLES), 0.5)))
    _uses_and_waiting(state, 0)
    state.product_landed[1] = WEEK  # nothing waits
    a = SURE_LANDING.replace(upkeep_need=1.0)
    week_products.land_and_use_products(state, P, a, Zeros(), WEEK, EventLog())
    keep = P.product_landing * a.product_work_share * 2.0 / 1.0
    kept = 0.5 * (1 - a.fit_drift)
    assert state.use_fit[0] == pytest.approx(kept + a.upkeep_restore * keep * (1 - kept))
    assert state.use_weeks[0] == 21
    assert state.realized_value[0] == pytest.approx(
        a.realized_rate * 0.7 * state.use_fit[0] * state.use_trained[0])
    assert state.transformative_value[0] == pytest.approx(
        state.realized_value[0] * 0.3)  # transformation 0.3, co-designed


def test_landing_and_use_draw_for_all_products_and_uses_at_once():
    state = _build(_community(), _community())
    for j in (0, 1):
        _uses_and_waiting(state, j)
    rng = Replay([0.0, 0.0], [0.5] * 4)  # two waiting products, then four uses
    week_products.land_and_use_products(state, P, A, rng, WEEK, EventLog())
    assert rng.calls == []
