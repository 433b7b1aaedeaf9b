"""Lesson cards fit a projector and say what the run did, as the class reads them.

The tryout: the third card of "The subsidy cliff" and the second of "Who gets to
co-design?" ran to 130-150 words and pushed the network below the fold at 1024x768; the
closing card of a community that had dissolved said only "The run is over at week 312:
45 products developed ...", not that, when or why it dissolved.
"""

from __future__ import annotations

import re

import pytest

from dashboards import lesson_check, lessons, page
from dashboards.session import Classroom

SHIPPED, _ = lessons.load_all()
QUOTE = "«log»"  # a quoted log entry counts as one word: it is the log's own text


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("title", sorted(SHIPPED))
def test_every_card_of_a_shipped_lesson_stays_under_the_word_limit_as_the_class_reads_it(
        title):
    lesson = SHIPPED[title]
    for pause in lesson_check.play(lesson):
        moment = lesson.moments[pause.moment]
        own = {**pause.values, "last_event": QUOTE}
        card = f"{lessons.fill(moment.narration, own)} {lessons.fill(moment.question, own)}"
        where = f"{lesson.path} moment {pause.moment + 1} (seed {lesson.seed})"
        assert words(card) <= lessons.CARD_WORDS, f"{where}: {words(card)} words: {card}"
        whole = f"{pause.narration} {pause.question}"
        assert words(whole) <= lessons.CARD_WORDS + 25, f"{where}: {whole}"
        assert moment.question.count("?") <= 2, f"{where}: one question for the class"


def test_the_closing_card_of_a_community_that_dissolved_says_so_when_and_why():
    lesson = SHIPPED["Who gets to co-design?"]
    last = lesson_check.play(lesson)[-1]
    assert last.values["phase"] == "dissolved"
    said = re.search(r"dissolved before the end; the log says why: The community stops: "
                     r"it has not had a meeting of at least \d+ members for \d+ weeks "
                     r"\(week (\d+)\)\.", last.narration)
    assert said, last.narration
    assert int(said.group(1)) < last.week


def test_a_dissolved_communitys_newest_key_moment_is_its_dissolution_not_a_later_event():
    """The co-design lesson's run dissolves in week 287; products stall after it."""
    lesson = SHIPPED["Who gets to co-design?"]
    classroom = Classroom(lesson.overrides, lesson.seed)
    try:
        classroom.step(26)
        classroom.intervene("policy")
        while classroom.running:
            classroom.step(52)
        events = classroom.a.model.events
        dissolved = next(i for i, e in enumerate(events) if e.kind == "community dissolves")
        assert any(e.kind == "product stalls" for e in events[dissolved + 1:]), \
            "this run logs no stalled product after it dissolves: choose another"
        newest = page.narration_values(classroom.a)["last_event"]
        assert newest.startswith("The community stops"), newest
        assert f"(week {events[dissolved].week})" in newest
    finally:
        classroom.close()


def test_the_subsidy_cliff_pauses_in_the_last_week_of_the_subsidy():
    lesson = SHIPPED["The subsidy cliff"]
    index = next(i for i, m in enumerate(lesson.moments) if m.until == "funding end")
    cut = lessons.Lesson(lesson.title, lesson.summary, lesson.moments[:index + 1],
                         lesson.preset, lesson.seed, lesson.levers, lesson.path)
    pause = lesson_check.play(cut)[-1]
    assert pause.week == 52 * lesson.levers["funding_years"]
    assert pause.values["funding"] == "external"
    assert pause.narration.startswith(f"Week {pause.week}: the last week of the subsidy.")


def test_a_phase_is_explained_in_a_few_words_and_a_log_entry_can_be_shortened():
    assert lessons.fill("{phase} ({phase_meaning})", {"phase": "sustain"}) == \
        "sustain (keeping up what was made, without new sprints)"
    assert set(lessons.PHASE_MEANINGS) == {"start", "design", "execute", "sustain",
                                           "dissolved"}
    entry = ("The community stops: it has not had a meeting of at least 6 members for 8 "
             "weeks. 23 members were still on its list (week 287). After the early end of "
             "funding in week 107 (65 weeks before).")
    assert lessons.fill("{last_event:short}", {"last_event": entry}) == (
        "The community stops: it has not had a meeting of at least 6 members for 8 weeks "
        "(week 287).")
    assert lessons.short("Product 6 lands in practice.") == "Product 6 lands in practice."
