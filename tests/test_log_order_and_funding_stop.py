"""The classroom log names an intervention only with what was logged after it, and "Run
until the last week of funding" stops while follow-up funding can still bridge the cliff.

The tryout (seed 42): "Run until the end of funding" stopped in week 209, after funding
had ended; the teacher granted follow-up funding, and the week-209 "funding ends" entry,
logged before the grant, read "After the follow-up funding in week 209 (0 weeks before)".
"""

from __future__ import annotations

import pytest

from dashboards import narrative
from dashboards.session import Action, Classroom, Target
from lcsim.events import Event
from lcsim.rules import funding


@pytest.fixture
def classroom():
    room = Classroom({}, seed=42)
    yield room
    room.close()


def run_until(classroom: Classroom, target: Target, weeks_a_frame: int = 8) -> None:
    while not classroom.reached(target):
        classroom.step(weeks_a_frame, until=target)


def test_the_funding_end_logged_before_a_follow_up_grant_in_its_week_is_not_named_with_it(
        classroom):
    while not any(e.kind == "funding ends" for e in classroom.a.model.events):
        classroom.step()
    ended = classroom.week
    assert classroom.intervene("follow_up", options={"follow_up_years": 2.0}) == {}
    classroom.step(110)
    rows = narrative.rows(classroom.a.model.events, classroom.a.actions)
    first_end = next(r for r in rows if r.kind == "funding ends")
    assert first_end.week == ended and first_end.cause == ""
    restart = next(r for r in rows if r.kind == "funding starts")
    assert restart.cause == f"The follow-up funding granted in week {ended} pays from here on."
    follow_up_end = [r for r in rows if r.kind == "funding ends"][1]
    assert follow_up_end.week == ended + 105
    assert follow_up_end.cause == (f"The follow-up funding granted in week {ended} has run "
                                   "out (105 weeks later).")


def test_an_event_of_the_interventions_week_is_named_with_it_only_when_logged_after_it():
    move = Event(20, "phase", "community", "The community moves from design to execute.")
    appointed = Event(20, "intervention", "community", "A bridge-builder is appointed.")
    joins = Event(20, "member joins", "7", "A researcher joins.")
    after = narrative.rows([joins, appointed, move], [Action(20, "appoint", logged=1)])
    assert [r.cause for r in after] == [
        "", "", "After the appointment of a bridge-builder in week 20 (later the same week)."]
    before = narrative.rows([move, appointed], [Action(20, "appoint", logged=1)])
    assert [r.cause for r in before] == ["", ""]
    # Without its place in the log, only events of later weeks follow it.
    unplaced = narrative.rows([joins, appointed, move], [Action(20, "appoint")])
    assert [r.cause for r in unplaced] == ["", "", ""]


def test_a_recurring_kind_logged_before_the_intervention_in_its_week_was_already_happening():
    events = [Event(20, "participation up", "3", "Someone steps up."),
              Event(20, "intervention", "community", "A participation policy starts."),
              Event(22, "participation up", "4", "Someone else steps up.")]
    assert narrative.rows(events, [Action(20, "policy", logged=1)])[2].cause == ""
    assert narrative.rows(events[1:], [Action(20, "policy", logged=0)])[1].cause.startswith(
        "After the participation policy in week 20 (2 weeks before)")


def test_run_until_the_last_week_of_funding_stops_before_the_cliff_so_follow_up_bridges_it(
        classroom):
    target = Target("funding end")
    assert target.describe() == "the last week of funding"
    assert classroom.cannot_start(target) == ""
    run_until(classroom, target)
    model = classroom.a.model
    last_funded = model.funding_weeks
    assert classroom.week == last_funded
    assert model.funding_state == funding.EXTERNAL
    assert not any(e.kind == "funding ends" for e in model.events)
    assert classroom.cannot_start(target) == (
        f"Already there: week {last_funded} is the last week of funding.")
    classroom.intervene("follow_up", options={"follow_up_years": 1.0})
    assert not classroom.met(target), "with follow-up granted, funding goes on"
    states = []
    for _ in range(52):
        classroom.step()
        states.append(model.funding_state)
    assert states == [funding.FOLLOW_UP] * 52, "no week without paid time"
    rows = narrative.rows(model.events, classroom.a.actions)
    handover = next(r for r in rows if r.kind == "funding ends")
    assert handover.text.startswith("External funding ends; follow-up funding takes over")
    assert handover.cause == (f"The follow-up funding granted in week {last_funded} pays "
                              "from here on.")
    run_until(classroom, target)
    assert classroom.week == last_funded + 52 and model.funding_state == funding.FOLLOW_UP
    classroom.step()
    assert classroom.cannot_start(target) == (
        f"Funding has already ended: week {last_funded + 52} was its last week.")


def test_run_until_funding_in_a_run_without_funding_says_there_is_none():
    room = Classroom({"funding_years": 0.0}, seed=1)
    try:
        assert room.cannot_start(Target("funding end")) == (
            "This run has no funding to end (External funding is 0 years).")
    finally:
        room.close()


def test_each_run_until_target_stops_in_the_week_it_names():
    room = Classroom({"n_participants": 12, "funding_years": 1.0}, seed=3)
    try:
        run_until(room, Target("week", week=30))
        assert room.week == 30
        run_until(room, Target("event", event="funding ends", since=30))
        assert room.week == next(e.week for e in room.a.model.events
                                 if e.kind == "funding ends")
        run_until(room, Target("dissolution"))
        dissolved = [e.week for e in room.a.model.events if e.kind == "community dissolves"]
        assert dissolved == [room.week] or not room.running
        run_until(room, Target("end"))
        assert not room.running
    finally:
        room.close()


def test_after_the_community_dissolves_its_later_events_are_no_key_moments():
    events = [Event(280, "product stalls", "community", "Product 40 has waited a year."),
              Event(287, "community dissolves", "community", "The community stops: ..."),
              Event(293, "product stalls", "community", "Product 43 has waited a year."),
              Event(294, "intervention", "community", "A workshop is held."),
              Event(306, "product stalls", "community", "Product 44 has waited a year.")]
    keys = [r for r in narrative.rows(events, []) if r.key]
    assert [r.week for r in keys] == [280, 287, 294]
    assert [r for r in keys if r.kind != "intervention"][-1].kind == "community dissolves"
