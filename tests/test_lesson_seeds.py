"""Each shipped guided lesson shows, with its own seed, the effect it is about.

A lesson's claim is about the typical effect of its intervention, mostly measured
against the same run without it (a moment's `compare`, `dashboards.counterfactual`):
after the bridge-builder leaves, less knowledge is combined across roles than without
the departure; a year after the subsidy cliff fewer members take part and fewer products
are developed than with follow-up funding; the participation policy lifts mbo staff's
participation above the run without it; the log names a softening of stereotypes with
the workshop. A lesson's seed was picked (`python -m dashboards.lesson_check --seeds
200`) where the run shows that effect with a typical size, and the lesson file says how
often it shows over 200 seeds. The model's random stream decides that; when a change of
the stream breaks a lesson, a test here fails and the seed must be picked again (the
lesson file's comment says how).
"""

from __future__ import annotations

import dataclasses

import pytest

from dashboards import lesson_check, lessons

SHIPPED, PROBLEMS = lessons.load_all()


def test_every_shipped_lesson_loads_and_names_the_effect_it_expects():
    assert PROBLEMS == []
    for lesson in SHIPPED.values():
        assert any(m.expect for m in lesson.moments), \
            f"{lesson.path}: no moment says what it expects (expect = [...])"


@pytest.mark.parametrize("title", sorted(SHIPPED))
def test_lesson_shows_its_expected_effect_at_its_moment_with_its_own_seed(title):
    lesson = SHIPPED[title]
    pauses = lesson_check.play(lesson)
    assert len(pauses) == len(lesson.moments)
    for pause in pauses:
        if not pause.expected:
            continue
        where = f"{lesson.path} seed {lesson.seed}, moment {pause.moment + 1}"
        assert pause.met, f"{where}: the run ended at week {pause.week} before the moment"
        assert pause.missing == [], (f"{where} (week {pause.week}) does not show "
                                     f"{pause.missing}; the class reads: {pause.narration}")
    for pause in pauses:  # every number the texts name is known (comparisons included)
        where = f"{lesson.path} seed {lesson.seed}, moment {pause.moment + 1}"
        assert "not known]" not in pause.narration + pause.question, \
            f"{where}: {pause.narration} {pause.question}"
    assert pauses[-1].met, f"{lesson.path}: the lesson did not get to its last moment"


def test_an_effect_the_run_does_not_show_is_reported_flag_by_flag():
    values = {"fell_trust_between_roles": False, "phase_sustain": True}
    expect = ("fell_trust_between_roles", "phase_sustain", "rose_realized_value",
              "says: After the workshop in week 55")
    narration = "Stereotypes soften (week 65). After the workshop in week 55, groups ..."
    assert lessons.unmet(expect, values, narration) == ["fell_trust_between_roles",
                                                        "rose_realized_value"]
    assert lessons.unmet(expect[-1:], values, "Stereotypes soften (week 65).") == \
        ["says: After the workshop in week 55"]


def test_a_lesson_expecting_what_its_run_does_not_show_is_caught():
    """The check can fail: the bridge-builder lesson, expecting trust between roles to
    rise as well as fall at the same moment, cannot show both."""
    lesson = SHIPPED["A bridge-builder leaves"]
    index = next(i for i, m in enumerate(lesson.moments) if m.expect)
    moment = lesson.moments[index]
    both = dataclasses.replace(moment, expect=("fell_trust_between_roles",
                                               "rose_trust_between_roles"))
    cut = lessons.Lesson(lesson.title, lesson.summary,
                         (*lesson.moments[:index], both), lesson.preset, lesson.seed,
                         lesson.levers, lesson.path)
    pause = lesson_check.play(cut)[-1]
    assert pause.met and pause.missing and not pause.shows


@pytest.mark.parametrize("expect, message", [
    ('"falls_trust"', "must be fell_<indicator>"),
    ('["phase_nowhere"]', "phase_<name>"),
    ('"says:  "', "'says: <text>'"),
    ("3", "must be a flag or a list of flags"),
])
def test_a_bad_expect_names_file_and_moment(tmp_path, expect, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(f'title = "x"\n[[moments]]\nuntil = "week 3"\nnarration = "hi"\n'
                   f"expect = {expect}\n")
    with pytest.raises(lessons.LessonError, match=r"bad.toml: moments\[1\]: ") as err:
        lessons.load(bad)
    assert message in str(err.value)
