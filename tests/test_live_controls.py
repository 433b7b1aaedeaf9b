"""The live area's and the Settings panel's actions, without a page: `LiveControls` and
`SettingsControls` act on Solara reactives and a `Classroom` (the page tests drive the
same actions through the widgets)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

solara = pytest.importorskip("solara")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run alone, without the dashboard tests that add it
    sys.path.insert(0, str(ROOT))

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
        plays=solara.reactive(0), hand_over=threading.Lock(), player={},
        stopped=solara.reactive(None))


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


def test_reset_in_a_lesson_stops_it_and_runs_the_settings_shown(classroom):
    """Reset always runs the settings shown: in a lesson, the lesson's (no silent switch
    to the teacher's own settings); `stopped` says which lesson it stopped, and when."""
    settings = settings_controls(classroom)
    resets: list = []
    live = live_controls(classroom, settings, resets)
    own = dict(settings.wanted)
    lesson = next(iter(lessons.load_all()[0].values()))
    live.start_lesson(lesson)
    assert live.lesson.value is lesson and live.playing.value
    assert live.tab.value == SIDE_TABS[0] and live.key_moments_only.value
    assert classroom.seed == lesson.seed and settings.wanted != own
    shown = dict(settings.wanted)
    classroom.step(3)
    live.reset()
    assert live.lesson.value is None and live.goal.value is None and not live.playing.value
    assert live.stopped.value == {"lesson": lesson, "week": 3}
    assert resets == [None] and settings.wanted == shown
    assert classroom.seed == shown["seed"] == lesson.seed and classroom.week == 0
    assert not settings.pending
    live.restore_own()  # the card's "My settings back", at week 0: a run from them
    assert live.stopped.value is None and settings.wanted == own
    assert classroom.seed == own["seed"] and not settings.pending
    assert "seed 3" in live.message.value


def test_go_to_changes_the_page_in_one_render(classroom):
    """Going to a lesson's moment sets the moment, chart, target, note and play; each
    set re-rendered the page on its own (five renders a jump), now one."""
    live = live_controls(classroom, settings_controls(classroom), [])
    renders: list = []

    @solara.component
    def watcher():
        renders.append((live.moment.value, live.chart.value, live.goal.value,
                        live.until.value, live.note.value, live.playing.value,
                        live.plays.value))
        solara.Text("watching")

    _box, rc = solara.render(watcher(), handle_error=False)
    live.render_context = rc
    lesson = next(iter(lessons.load_all()[0].values()))
    live.lesson.set(lesson)
    live.until.set(Target("week", week=30))
    live.note.set("Week 10 has passed.")
    before = len(renders)
    live.go_to(lesson, 1)
    step = lesson.moments[1]
    assert len(renders) == before + 1, renders[before:]
    assert renders[-1][:6] == (1, step.chart or "trust", step.target(since=0), None, "",
                               True)
    rc.close()


def test_several_weeks_a_frame_stop_in_the_week_the_target_event_happens(classroom):
    """A slow screen makes play step up to 8 weeks a frame; a lesson's moment at an event
    must still be shown in the event's week (CI once showed the workshop lesson's
    'stereotypes shift' four weeks late, after a newer event)."""
    target = Target("funding end")
    classroom.step(40)
    assert not classroom.met(target)
    while not classroom.met(target):
        classroom.step(8, until=target)
    last_funded = classroom.a.model.funding_weeks
    assert classroom.a.root.steps == last_funded, "stopped in the last funded week, not later"


def test_another_run_of_a_lesson_starts_it_with_a_new_seed_and_its_own_settings(classroom):
    live = live_controls(classroom, settings_controls(classroom), [])
    lesson = next(iter(lessons.load_all()[0].values()))
    live.start_lesson(lesson, seed=lesson.seed + 1)
    assert classroom.seed == lesson.seed + 1 and classroom.week == 0
    assert live.lesson.value is lesson and live.moment.value == 0
    live.start_lesson(lesson)
    assert classroom.seed == lesson.seed


def test_a_setting_the_model_refuses_is_said_in_plain_words_and_the_run_on_screen_stays(
        classroom):
    """The teacher's tryout: 24 bridge-builders in a community of 30, then Reset, did
    nothing visible; the error named 'n_bridge_builders'."""
    settings = settings_controls(classroom)
    classroom.step(3)
    settings.change(overrides={**settings.wanted["overrides"], "n_participants": 30,
                               "n_bridge_builders": 24})
    settings.reset()
    error = settings.error.value
    assert error.startswith("Cannot start a new run: “bridge-builders” (24) must be at most")
    assert "n_bridge_builders" not in error and "press Reset" in error
    assert classroom.week == 3  # the run on screen goes on


def test_a_smaller_community_takes_the_bridge_builders_down_to_what_it_can_seat(classroom):
    settings = settings_controls(classroom)
    settings.set_lever("n_bridge_builders", 8)
    assert classroom.overrides["n_bridge_builders"] == 8 and not settings.error.value
    settings.set_lever("n_participants", 6)
    fewer = settings.wanted["overrides"]["n_bridge_builders"]
    assert fewer < 8 and not settings.error.value
    assert classroom.overrides["n_bridge_builders"] == fewer  # built at week 0


class _DrawnAtOnce:
    """A page that draws every frame at once (no browser here)."""

    def clear(self) -> None:
        pass

    def wait(self, timeout: float | None = None) -> bool:
        return True


def test_run_until_goes_fast_forward_and_the_speed_slider_slows_it(classroom):
    """The teacher's tryout: a lesson played at 20 weeks a second while the toolbar said
    'Speed: 4 weeks per second', and the slider could not slow it down to talk over it."""
    classroom.frame_shown = _DrawnAtOnce()
    live = live_controls(classroom, settings_controls(classroom), [])
    live.playing.set(True)
    live._play_towards(classroom.a, Target("week", week=4))
    assert classroom.week == 4 and live.stats["fast"]  # UNTIL_SPEED, not the slider's 4
    player = threading.Thread(target=live._play_towards,
                              args=(classroom.a, Target("week", week=12)))
    player.start()
    deadline = time.monotonic() + 20
    while classroom.week < 5 and time.monotonic() < deadline:  # it plays on
        time.sleep(0.005)
    live.speed.set(10.0)  # the teacher moves the slider while it plays
    player.join(timeout=30)
    assert classroom.week == 12 and not live.stats["fast"]
