"""A count filled into a lesson's narration gets the right form of the noun after it.

The tryout: a narration said "1 products" (and "1 members", "1 bridge-builders are
active"). Every shipped lesson template is filled with each count at 1 and at 2, and
the noun (and a verb right after it) must read as English does.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboards import lessons  # noqa: E402

# What follows a count in the shipped lessons, and how it reads after the count 1. A new
# word after a count in a lesson fails the test below until it is added here.
AFTER_ONE = {"products": "product", "members": "member", "bridge-builders": "bridge-builder",
             "organisations": "organisation", "weeks": "week", "communities": "community",
             "schools": "school", "landed": "landed", "in": "in", "here": "here",
             "and": "and", "now": "now", "at": "at", "with": "with"}
VERB_AFTER_ONE = {"are": "is", "were": "was", "take": "takes", "have": "has"}
COUNT = re.compile(r"\{([a-z_]+):\.0f\} ([A-Za-z-]+)(?: ([a-z]+))?")
FLAG = re.compile(r"^(?:fell|rose|phase|lower_than|higher_than|same_as)_")


def _names(text: str) -> set[str]:
    """Every name a template fills in, inside choices too."""
    names = set()
    for _lit, name, spec, _conv in string.Formatter().parse(text):
        if name is None:
            continue
        names.add(name)
        if spec and "|" in spec:
            for branch in lessons._branches(spec):
                names |= _names(branch)
    return names


def _filled(text: str, count: float) -> str:
    """`text` filled with every number at `count`, once with every flag true and once
    false (so that every branch of every choice is read), joined."""
    out = []
    for flags in (True, False):
        values = {name: flags if FLAG.match(name) else count for name in _names(text)}
        values["phase"], values["funding"], values["last_event"] = "execute", "none", "-"
        out.append(lessons.fill(text, values))
    return " || ".join(out)


TEMPLATES = [pytest.param(text, id=f"{lesson.title}/moment {i}/{kind}")
             for lesson in lessons.load_all()[0].values()
             for i, moment in enumerate(lesson.moments, start=1)
             for kind, text in (("narration", moment.narration), ("question", moment.question))]


def test_the_shipped_lessons_put_counts_before_nouns():
    """The test below has something to check: the shipped lessons count products,
    members and bridge-builders in their narrations."""
    words = {match.group(2) for param in TEMPLATES for match in COUNT.finditer(param.values[0])}
    assert {"products", "members"} <= words, words


@pytest.mark.parametrize("text", TEMPLATES)
def test_a_count_of_one_takes_the_singular_and_two_the_plural(text):
    one, two = _filled(text, 1.0), _filled(text, 2.0)
    for _name, word, verb in COUNT.findall(text):
        assert word in AFTER_ONE, f"'{word}' follows a count: add how it reads after 1"
        after = AFTER_ONE[word] + (f" {VERB_AFTER_ONE.get(verb, verb)}" if verb else "")
        assert re.search(rf"(?<![\d.]){re.escape('1 ' + after)}\b", one), (after, one)
        plural = word + (f" {verb}" if verb else "")
        assert re.search(rf"(?<![\d.]){re.escape('2 ' + plural)}\b", two), (plural, two)
    for noun in (w for w in AFTER_ONE if AFTER_ONE[w] != w):
        assert not re.search(rf"(?<![\d.])1 {noun}\b", one), (noun, one)


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 products are developed, 0 members take part in 0 organisations for 0 weeks"),
    (1, "1 product is developed, 1 member takes part in 1 organisation for 1 week"),
    (2, "2 products are developed, 2 members take part in 2 organisations for 2 weeks"),
    (0.6, "1 product is developed, 1 member takes part in 1 organisation for 1 week"),
])
def test_the_noun_after_a_count_agrees_with_the_number_shown(count, expected):
    text = ("{n:.0f} products are developed, {n:.0f} members take part in "
            "{n:.0f} organisations for {n:.0f} weeks")
    assert lessons.fill(text, {"n": count}) == expected


def test_words_that_are_no_plural_noun_stay_as_they_are_after_one():
    assert lessons.fill("{n:.0f} landed; {n:.0f} is left; {n:.0f} was; {n:.1f} weeks; "
                        "{n:.0%} are informed", {"n": 1.0}) == \
        "1 landed; 1 is left; 1 was; 1.0 weeks; 100% are informed"
    assert lessons.fill("{n:.0f} communities, {n:.0f} people", {"n": 1}) == \
        "1 community, 1 person"
