"""The live area's and the Settings panel's actions, without a page: `LiveControls` and
`SettingsControls` act on Solara reactives and a `Classroom` (the page tests drive the
same actions through the widgets)."""

from __future__ import annotations

import threading

import pytest

solara = pytest.importorskip("solara")

from dashboards import lessons  # noqa: E402
from dashboards.live import SIDE_TABS, LiveControls  # noqa: E402
from dashboards.run_settings import SettingsControls  # noqa: E402
from dashboards.session import Classroom, Target  # noqa: E402


@pytest.fixture
def classroom():
    room = Classroom({"n_participants": 12, "funding_years": 1.0}, seed=3)
    yield room
    room.close()


def settings_controls(classroom: Classroom) -> SettingsControls:
    return SettingsControls(
        classroom, draft=solara.reactive(dict(classroom.overrides)),
        seed=solara.reactive(classroom.seed), compare_on=solara.reactive(False),
        compare_with=solara.reactive("no bridge-builder"), generation=solara.reactive(0),
        error=solara.reactive(""), building=solara.reactive(""),
        build_request=solara.reactive(0), to_build={})


def live_controls(classroom: Classroom, settings: SettingsControls,
                  resets: list) -> LiveControls:
    def on_reset(back):
        resets.append(back)
        settings.reset(back)

    return LiveControls(
        classroom, classroom.a, {"value": False, "owner": None},
        playing=solara.reactive(False), speed=solara.reactive(4.0),
        message=solara.reactive(""), chart=solara.reactive("trust"),
        tab=solara.reactive(SIDE_TABS[1]), until=solara.reactive(None),
        note=solara.reactive(""), lesson=solara.reactive(None), moment=solara.reactive(0),
        goal=solara.reactive(None), stats={}, key_moments_only=solara.reactive(False),
        on_reset=on_reset, start_run=settings.start_run, own_settings=settings.own_settings,
        plays=solara.reactive(0), hand_over=threading.Lock(), player={})


def test_run_until_aims_before_a_lessons_moment_and_refuses_a_week_passed(classroom):
    live = live_controls(classroom, settings_controls(classroom), [])
    live.goal.set(Target("week", week=40))
    assert live.aim() is None  # no lesson under way: the goal alone aims nowhere
    classroom.step(5)
    live.run_until(Target("week", week=3))
    assert live.note.value and not live.playing.value and live.until.value is None
    live.run_until(Target("week", week=20))
    assert live.note.value == "" and live.playing.value
    assert live.aim() == Target("week", week=20)


def test_a_settings_change_at_week_0_builds_at_once_and_later_waits_for_reset(classroom):
    settings = settings_controls(classroom)
    settings.set_lever("n_participants", 14)
    assert classroom.overrides["n_participants"] == 14 and not settings.pending
    classroom.step(2)
    settings.change(seed=99)
    assert settings.pending and classroom.seed == 3 and classroom.week == 2
    settings.reset()
    assert classroom.seed == 99 and classroom.week == 0 and not settings.pending


def test_reset_in_a_lesson_leaves_it_and_restores_the_teachers_settings(classroom):
    settings = settings_controls(classroom)
    resets: list = []
    live = live_controls(classroom, settings, resets)
    own = dict(settings.wanted)
    lesson = next(iter(lessons.load_all()[0].values()))
    live.start_lesson(lesson)
    assert live.lesson.value is lesson and live.playing.value
    assert live.tab.value == SIDE_TABS[0] and live.key_moments_only.value
    assert classroom.seed == lesson.seed and settings.wanted != own
    live.reset()
    assert live.lesson.value is None and live.goal.value is None
    assert "the lesson" in live.message.value and "was left" in live.message.value
    assert resets == [own] and settings.wanted == own
    assert classroom.seed == own["seed"] and classroom.week == 0


def test_several_weeks_a_frame_stop_in_the_week_the_target_event_happens(classroom):
    """A slow screen makes play step up to 8 weeks a frame; a lesson's moment at an event
    must still be shown in the event's week (CI once showed the workshop lesson's
    'stereotypes shift' four weeks late, after a newer event)."""
    target = Target("funding end")
    classroom.step(40)
    assert not classroom.met(target)
    while not classroom.met(target):
        classroom.step(8, until=target)
    ended = next(e.week for e in classroom.a.model.events if e.kind == "funding ends")
    assert classroom.a.root.steps == ended, "stopped in the week funding ended, not later"


def test_another_run_of_a_lesson_starts_it_with_a_new_seed_and_its_own_settings(classroom):
    live = live_controls(classroom, settings_controls(classroom), [])
    lesson = next(iter(lessons.load_all()[0].values()))
    live.start_lesson(lesson, seed=lesson.seed + 1)
    assert classroom.seed == lesson.seed + 1 and classroom.week == 0
    assert live.lesson.value is lesson and live.moment.value == 0
    live.start_lesson(lesson)
    assert classroom.seed == lesson.seed
