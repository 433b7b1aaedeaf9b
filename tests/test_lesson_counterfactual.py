"""A lesson's comparison run: the same run (seed, settings, every other intervention with
its sliders) without one intervention, or with one more, played to the same week; its
numbers in the narration; and the lesson card plays it once per pause, not every frame."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

solara = pytest.importorskip("solara")

import ipyvuetify as vw  # noqa: E402
import ipywidgets  # noqa: E402

from dashboards import counterfactual, lessons  # noqa: E402
from dashboards.page import LessonCard, narration_values  # noqa: E402
from dashboards.session import Classroom  # noqa: E402

SMALL: dict = {}  # a default community (a small one soon stops meeting)


def played(overrides: dict, seed: int, week: int, actions=()) -> Classroom:
    """A classroom played to `week`, making `actions` ((week, key, options)) on the way."""
    room = Classroom(overrides, seed)
    for when, key, options in actions:
        room.step(when - room.week)
        room.intervene(key, "A", options)
    room.step(week - room.week)
    return room


def test_a_run_without_its_intervention_is_the_same_run_never_given_it():
    room = played(SMALL, 5, 30, [(20, "workshop", {})])
    never = played(SMALL, 5, 30)
    compared = counterfactual.compare(room, "without", "workshop", 20)
    assert compared.week == 30
    assert compared.indicators == never.a.model.indicators
    assert compared.indicators["mean_stereotype"] != room.a.model.indicators["mean_stereotype"]


def test_a_comparison_keeps_every_other_intervention_with_its_sliders():
    policy = (10, "policy", {"policy_level": 0.3})
    room = played(SMALL, 7, 40, [policy, (20, "workshop", {})])
    compared = counterfactual.compare(room, "without", "workshop", 20)
    assert compared.indicators == played(SMALL, 7, 40, [policy]).a.model.indicators
    default_policy = played(SMALL, 7, 40, [(10, "policy", {})]).a.model.indicators
    assert compared.indicators != default_policy  # the slider's 0.3 was replayed, not 0.8


def test_a_comparison_with_an_intervention_makes_it_at_the_previous_pause():
    short = {**SMALL, "funding_years": 1.0}
    room = played(short, 2, 80)
    compared = counterfactual.compare(room, "with", "follow_up", 52)
    granted = played(short, 2, 80, [(52, "follow_up", {})]).a.model
    assert compared.indicators == granted.indicators
    assert compared.indicators["paid_hours"] > room.a.model.indicators["paid_hours"]


def test_the_narration_names_the_comparison_and_which_way_the_run_differs():
    room = played(SMALL, 5, 21, [(20, "workshop", {})])  # indicators come with a step
    compared = counterfactual.compare(room, "without", "workshop", 20)
    values = narration_values(room.a, 0, compared)
    assert values["without_mean_stereotype"] == compared.indicators["mean_stereotype"]
    assert values["lower_than_without_mean_stereotype"] is True  # the workshop's effect
    assert values["higher_than_without_mean_stereotype"] is False
    assert values["without_week"] == 21 and isinstance(values["without_phase"], str)
    text = lessons.fill("{lower_than_without_mean_stereotype:lower|not lower} than "
                        "{without_mean_stereotype:.2f}", values)
    assert text == f"lower than {compared.indicators['mean_stereotype']:.2f}"
    assert "without_mean_stereotype" not in narration_values(room.a, 0)


def _lesson(second: dict) -> dict:
    first = {"until": "week 3", "narration": "hi", "then": "workshop"}
    return {"title": "x", "moments": [first, {"until": "week 6", "narration": "hi",
                                              **second}]}


@pytest.mark.parametrize("second, message", [
    ({"compare": "without policy"}, "no earlier moment makes"),
    ({"compare": "without nonsense"}, "must be 'without <intervention>'"),
    ({"compare": "besides workshop"}, "must be 'without <intervention>'"),
    ({"expect": ["lower_than_without_mean_stereotype"]}, "needs compare = 'without"),
    ({"compare": "with follow_up", "expect": ["lower_than_without_mean_stereotype"]},
     "needs compare = 'without"),
])
def test_a_moment_compares_only_with_what_it_can_name(second, message):
    with pytest.raises(lessons.LessonError, match=r"x.toml: moments\[2\]: ") as err:
        lessons.parse(_lesson(second), "x.toml")
    assert message in str(err.value)


def test_a_moment_that_names_a_comparison_loads_and_says_which():
    lesson = lessons.parse(_lesson({"compare": "without workshop",
                                    "expect": ["lower_than_without_mean_stereotype"]}))
    assert lesson.moments[1].comparison == ("without", "workshop")
    assert lesson.moments[0].comparison is None
    with_grant = lessons.parse(_lesson({"compare": " with  follow_up "}))
    assert with_grant.moments[1].comparison == ("with", "follow_up")


def _texts(widget) -> list[str]:
    found = [str(widget.children[0])] if isinstance(widget, vw.Html) and widget.children \
        and isinstance(widget.children[0], str) else []
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            found += _texts(child)
    return found


def test_the_lesson_card_plays_the_comparison_once_per_pause_not_every_frame(monkeypatch):
    lesson = lessons.parse(_lesson({
        "compare": "without workshop",
        "narration": "Stereotypes {mean_stereotype:.3f}, without {without_mean_stereotype:.3f}"}))
    room = played(SMALL, 5, 3)
    calls = []
    real = counterfactual.compare

    def counted(*args):
        calls.append(room.week)
        return real(*args)

    monkeypatch.setattr(counterfactual, "compare", counted)
    tick = solara.reactive(0)
    target = lesson.moments[1].target(since=3)

    @solara.component
    def Card():  # noqa: N802 (a component)
        LessonCard(room, tick.value, lesson, 1, target, False, lambda: None, lambda: None)

    room.intervene("workshop")
    _box, rc = solara.render(Card(), handle_error=False)
    for _ in range(3):  # on the way: frames, no comparison run
        room.step(1)
        tick.value += 1
    assert room.week == 6 and calls == [6]  # arrived on the last frame: played once
    for _ in range(3):  # the class looks at the pause: frames, the same comparison
        tick.value += 1
    assert calls == [6]
    text = " ".join(_texts(rc.find().widget))
    never = played(SMALL, 5, 6).a.model.indicators["mean_stereotype"]
    assert f"without {never:.3f}" in text and "not known" not in text
    rc.close()


def test_the_lesson_card_plays_no_comparison_for_a_target_that_is_not_its_moments(monkeypatch):
    """Go on sets the next moment a moment before its target: the old target, reached,
    is not the new moment's, so no comparison run is played for it."""
    lesson = lessons.parse(_lesson({"compare": "without workshop",
                                    "narration": "without {without_mean_stereotype:.3f}"}))
    room = played(SMALL, 5, 3)
    room.intervene("workshop")
    calls = []
    monkeypatch.setattr(counterfactual, "compare", lambda *args: calls.append(args))
    old_target = lesson.moments[0].target(since=0)  # week 3: reached
    _box, rc = solara.render(LessonCard(room, 0, lesson, 1, old_target, True, lambda: None,
                                        lambda: None), handle_error=False)
    assert calls == []
    rc.close()


def test_the_lesson_card_shows_no_narration_at_a_target_that_is_not_its_moments():
    """In the instant between Go on's new moment and its new target, the card must not
    tell the new moment's story at the old week: it says where the run is heading."""
    lesson = lessons.parse(_lesson({"compare": "without workshop",
                                    "narration": "Fifty weeks later, in week {week}"}))
    room = played(SMALL, 5, 3)
    old_target = lesson.moments[0].target(since=0)  # week 3: reached
    _box, rc = solara.render(LessonCard(room, 0, lesson, 1, old_target, True, lambda: None,
                                        lambda: None), handle_error=False)
    text = " ".join(_texts(rc.find().widget))
    assert "Fifty weeks later" not in text and "running to" in text
    assert not [b for b in rc.find(vw.Btn).widgets if "Go on" in str(b.children)]
    rc.close()


def test_a_choice_may_hold_names_and_choices_of_its_own():
    text = "{gone:left {who}, {late:late|on time}|stayed at {trust:.2f}} now"
    values = {"gone": True, "who": "the bridge-builder", "late": False, "trust": 0.5}
    assert lessons.fill(text, values) == "left the bridge-builder, on time now"
    assert lessons.fill(text, {**values, "gone": False}) == "stayed at 0.50 now"


def test_a_comparison_that_leaves_out_an_intervention_that_changed_nothing_is_the_same_run():
    """No bridge-builder to take away: 'without the departure' is this very run, and the
    narration can say there is nothing to compare (`same_as_without`)."""
    room = played({"n_bridge_builders": 0}, 5, 4)
    room.intervene("bb_leaves")
    room.step(4)
    compared = counterfactual.compare(room, "without", "bb_leaves", 4)
    assert narration_values(room.a, 4, compared)["same_as_without"] is True
    room.close()
    room = played(SMALL, 5, 4)
    room.intervene("workshop")
    room.step(4)
    compared = counterfactual.compare(room, "without", "workshop", 4)
    assert narration_values(room.a, 4, compared)["same_as_without"] is False
    room.close()


def test_a_name_inside_a_choice_is_checked_when_the_lesson_loads():
    bad = _lesson({"narration": "{fell_mean_stereotype:down to {Mean Stereotype}|not down}"})
    with pytest.raises(lessons.LessonError, match="is not a name"):
        lessons.parse(bad)
