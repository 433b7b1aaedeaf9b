"""Guided lessons: scripted scenarios stored as TOML in configs/lessons/, no code needed.

A lesson starts a run with given settings, runs it to a moment, pauses, shows a short
narration (what to look at and why, filled in from the run's state and event log) and a
question for the class, and goes on when the teacher says so. A file looks like this:

    title = "Stereotypes and the workshop"
    summary = "One line that says what the class will see."
    preset = "strong stereotypes"          # optional: a classroom preset (configs/classroom.toml)
    seed = 42                              # optional (default 42)
    [levers]                               # optional: parameters on top of the preset
    funding_years = 2.0

    [[moments]]
    until = "week 55"        # "week N", "funding end" (its last funded week), "dissolution",
                             # "end", "event: <kind>"
    chart = "stereotyping"   # trust, stereotyping, participation, value or products
    narration = "Week {week}: members discount other groups' knowledge by {mean_stereotype:.0%}."
    question = "What do you expect a workshop to change?"
    then = "workshop"        # optional: an intervention made when the class goes on
    expect = ["fell_mean_stereotype"]  # optional: what shows when the effect does (below)

In `narration` and `question`, `{week}`, `{phase}`, `{phase_meaning}` (what the phase
is, in a few words: for execute "sprints that make and try out products"), `{funding}`,
`{last_event}` (the newest key moment; once the community has dissolved, its dissolution,
with when and why; `{last_event:short}` gives only its first sentence and week) and
every indicator of the model (`{trust_between_roles:.2f}`, ...) are filled in from the
run at that moment; `{previous_week}` and `{previous_<indicator>}`
(`{previous_trust_between_roles:.2f}`) from the lesson's previous pause (week 0 for the
first moment), so a narration can say how a number moved before the question asks why.

One run may not show what a lesson expects, so a text can say either, by what the run
did: `{fell_<indicator>:text if it fell|text if not}` (and `rose_<indicator>`) since the
previous pause, `{phase_<name>:text if in that phase|text if not}` (`phase_sustain`).
Write questions that hold whatever the run shows: state the numbers, say plainly when
the expected effect did not come this time, then ask.

A card is read from a projector: keep narration and question together under
`CARD_WORDS` words as the class reads them (what to look at, the numbers, one question);
tests/test_lesson_cards.py holds every shipped lesson to it.

Write a count's noun in the plural: `{products_developed:.0f} products are developed`.
When the count shows as 1, the noun after it is made singular and a verb right after
the noun agrees with it ("1 product is developed", "1 member takes part"; `agree`).

A moment may name the effect it expects: `expect = ["fell_trust_between_roles"]` (one
or more of those `fell_`/`rose_`/`phase_` flags, or "says: <text>" for words the filled-in
narration must contain, such as the log's "After the workshop in week 55, ... less")
says what is true when the run shows what the lesson is about. The dashboard does not
use it; it states the lesson's claim so that it can be measured and kept:
`python -m dashboards.lesson_check --seeds 200` plays the lesson headless over many
seeds and says how often the effect shows (pick a seed where it shows, of a typical
size, and say so in the file), and tests/test_lesson_seeds.py checks that each shipped
lesson shows it with its own seed.

What an intervention did shows best against the same run without it: chance moves a
run more than one departure or policy does, so "before and after" often misleads. A
moment may name such a comparison (see `dashboards.counterfactual`):

    compare = "without bb_leaves"   # the same run (seed, settings, every other
                                    # intervention) without the lesson's departure
    compare = "with follow_up"      # the same run with follow-up funding granted at
                                    # the previous pause

"without" names an intervention an earlier moment makes (`then`), "with" one that the
comparison run gets at the previous pause. The comparison run is played once, when the
run gets to the moment, to the same week. Its indicators are then named
`{without_<indicator>}` (or `{with_<indicator>}`, and `{without_phase}`), and the flags
`lower_than_without_<indicator>` and `higher_than_without_<indicator>` (`..._with_...`)
say how the run on screen differs; `expect` may name them.
"""

from __future__ import annotations

import numbers
import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboards import charts
from dashboards.session import INTERVENTION_BY_KEY, Target, presets
from lcsim.params import ParameterError, Params
from lcsim.rules.phases import Phase

LESSON_DIR = Path(__file__).resolve().parents[1] / "configs" / "lessons"
NAMES = ("week", "phase", "phase_meaning", "funding", "last_event")
CARD_WORDS = 60
"""The most words a lesson card's narration and question may have together, filled in
(a quoted log entry, `{last_event}`, counts as one: it is the log's own text)."""
PHASE_MEANINGS = {
    "start": "members get to know each other and their shared question",
    "design": "members agree on what to make together",
    "execute": "sprints that make and try out products",
    "sustain": "keeping up what was made, without new sprints",
    "dissolved": "the community has stopped meeting",
}
"""What each phase (`lcsim.rules.phases.Phase`) means, in a few words for a class."""
_PHASES = "|".join(p.name.lower() for p in Phase)
_FLAG = re.compile(rf"^(?:(?:fell|rose)_[a-z_]+|phase_(?:{_PHASES}))$")  # and COMPARED_FLAG
COMPARED_FLAG = re.compile(r"^(lower|higher)_than_(without|with)_([a-z_]+)$")
"""A flag on the comparison run: lower_than_without_<indicator> and the like (groups:
which way, "without" or "with", the indicator)."""
_COMPARE = re.compile(r"^\s*(without|with)\s+([a-z_]+)\s*$")
SAYS = "says:"
_UNTIL = re.compile(r"^\s*(?:(week)\s+(\d+)|(funding end)|(dissolution)|(end)|"
                    r"event:\s*(.+?))\s*$")


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Moment:
    """A pause in a lesson: where it stops, what it shows and says, what it does next."""

    until: str
    narration: str
    question: str = ""
    chart: str = ""
    then: str = ""
    expect: tuple[str, ...] = ()  # what is true when the run shows the effect
    compare: str = ""  # "without <intervention>" or "with <intervention>" (see above)

    @property
    def comparison(self) -> tuple[str, str] | None:
        """The comparison run this moment names, as ("without" or "with", intervention
        key), or None."""
        match = _COMPARE.match(self.compare)
        return (match.group(1), match.group(2)) if match else None

    def target(self, since: int = 0) -> Target:
        """Where the run stops, as a `Target` from week `since` (the lesson's previous
        pause; events count from then on)."""
        match = _UNTIL.match(self.until)
        assert match is not None  # checked on loading
        week, number, funding_end, dissolution, end, event = match.groups()
        if week:
            return Target("week", week=int(number), since=since)
        if funding_end:
            return Target("funding end", since=since)
        if dissolution:
            return Target("dissolution", since=since)
        if end:
            return Target("end", since=since)
        return Target("event", event=event, since=since)


@dataclass(frozen=True)
class Lesson:
    """A guided lesson: settings for a run and the moments it pauses at."""

    title: str
    summary: str
    moments: tuple[Moment, ...]
    preset: str = ""
    seed: int = 42
    levers: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    @property
    def overrides(self) -> dict[str, Any]:
        """The run's settings: the preset's changes, then the lesson's own levers."""
        base = dict(presets()[self.preset].overrides) if self.preset else {}
        return {**base, **self.levers}


def _text(data: dict, key: str, where: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise LessonError(f"{where}: '{key}' must be {'a non-empty' if required else 'a'} "
                          "text")
    return value.strip()


def _check_template(text: str, where: str) -> None:
    """Braces must hold a name (indicators are only known once the run exists)."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as err:
        raise LessonError(f"{where}: {err} (write {{{{ and }}}} for a literal brace)") from None
    for _lit, name, spec, _conv in fields:
        if name is not None and not re.fullmatch(r"[a-z_]+", name):
            raise LessonError(f"{where}: '{{{name}}}' is not a name; use e.g. {{week}} or "
                              "{mean_stereotype:.0%}")
        if spec and "|" in spec:  # a choice: its branches are filled in turn (`fill`)
            for branch in _branches(spec):
                _check_template(branch, where)


def _expect(value: Any, where: str) -> tuple[str, ...]:
    """What `expect` names: a flag like "fell_trust_between_roles" or "says: <text>", or
    a list of them."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise LessonError(f"{where}: 'expect' must be a flag or a list of flags")
    for name in names:
        if not (_FLAG.match(name) or COMPARED_FLAG.match(name)
                or (name.startswith(SAYS) and name[len(SAYS):].strip())):
            raise LessonError(f"{where}: expect '{name}' must be fell_<indicator>, "
                              "rose_<indicator>, phase_<name> (e.g. phase_sustain) or "
                              "'says: <text>'")
    return tuple(names)


def unmet(expect: tuple[str, ...], values: dict[str, Any], narration: str) -> list[str]:
    """The items of a moment's `expect` that the run does not show: flags that are not
    true in `values`, "says: <text>" whose text the filled-in `narration` lacks."""
    return [item for item in expect
            if (item[len(SAYS):].strip() not in narration if item.startswith(SAYS)
                else values.get(item) is not True)]


def _compare(item: dict, where: str, made: set[str], expect: tuple[str, ...]) -> str:
    """A moment's `compare`, checked: an intervention a "without" comparison leaves out
    must be one the lesson makes before (`made`), and an `expect` flag that names a
    comparison run needs the moment to name it."""
    compare = _text(item, "compare", where, required=False)
    match = _COMPARE.match(compare)
    if compare and (match is None or match.group(2) not in INTERVENTION_BY_KEY):
        raise LessonError(f"{where}: compare = '{compare}' must be 'without <intervention>' "
                          f"or 'with <intervention>', one of {', '.join(INTERVENTION_BY_KEY)}")
    if match and match.group(1) == "without" and match.group(2) not in made:
        raise LessonError(f"{where}: compare = '{compare}' leaves out an intervention that "
                          "no earlier moment makes (then = ...); the run would equal itself")
    word = match.group(1) if match else ""
    for flag in expect:
        named = COMPARED_FLAG.match(flag)
        if named and named.group(2) != word:
            raise LessonError(f"{where}: expect '{flag}' needs compare = "
                              f"'{named.group(2)} <intervention>' on this moment")
    return compare


def _moment(item: Any, where: str, made: set[str]) -> Moment:
    """One [[moments]] table, checked; `made` holds the interventions of earlier moments."""
    if not isinstance(item, dict):
        raise LessonError(f"{where} must be a table")
    keys = ("until", "narration", "question", "chart", "then", "expect", "compare")
    unknown = set(item) - set(keys)
    if unknown:
        raise LessonError(f"{where}: unknown key '{sorted(unknown)[0]}' (allowed: "
                          f"{', '.join(keys)})")
    until = _text(item, "until", where)
    if not _UNTIL.match(until):
        raise LessonError(f"{where}: until = '{until}' must be 'week N', 'funding end', "
                          "'dissolution', 'end' or 'event: <kind>'")
    narration = _text(item, "narration", where)
    question = _text(item, "question", where, required=False)
    for text in (narration, question):
        _check_template(text, where)
    chart = _text(item, "chart", where, required=False)
    if chart and chart not in charts.CHART_NAMES:
        raise LessonError(f"{where}: chart '{chart}' must be one of "
                          f"{', '.join(charts.CHART_NAMES)}")
    then = _text(item, "then", where, required=False)
    if then and then not in INTERVENTION_BY_KEY:
        raise LessonError(f"{where}: then '{then}' must be one of "
                          f"{', '.join(INTERVENTION_BY_KEY)}")
    expect = _expect(item.get("expect", []), where)
    compare = _compare(item, where, made, expect)
    return Moment(until, narration, question, chart, then, expect, compare)


def parse(data: dict, path: str = "<lesson>") -> Lesson:
    """A Lesson from a TOML table; raises LessonError naming `path` and the key."""
    title = _text(data, "title", path)
    summary = _text(data, "summary", path, required=False)
    preset = _text(data, "preset", path, required=False)
    if preset and preset not in presets():
        raise LessonError(f"{path}: preset '{preset}' is not one of "
                          f"{', '.join(presets())} (configs/classroom.toml)")
    seed = data.get("seed", 42)
    if not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise LessonError(f"{path}: 'seed' must be a whole number from 0 to {2**32 - 1}")
    levers = data.get("levers", {})
    if not isinstance(levers, dict):
        raise LessonError(f"{path}: [levers] must be a table of parameters")
    try:
        Params().replace(**levers)
    except ParameterError as err:
        raise LessonError(f"{path}: [levers] {err}") from None
    raw = data.get("moments")
    if not isinstance(raw, list) or not raw:
        raise LessonError(f"{path}: a lesson needs at least one [[moments]] table")
    moments: list[Moment] = []
    for i, item in enumerate(raw, start=1):
        made = {m.then for m in moments if m.then}
        moments.append(_moment(item, f"{path}: moments[{i}]", made))
    return Lesson(title, summary, tuple(moments), preset, seed, dict(levers), path)


def load(path: Path) -> Lesson:
    """Read one lesson file; raises LessonError with the file and key on any problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise LessonError(f"{path.name}: cannot read it as TOML ({err})") from None
    return parse(data, f"configs/lessons/{path.name}")


def load_all(folder: Path = LESSON_DIR) -> tuple[dict[str, Lesson], list[str]]:
    """Every lesson in `folder` by title, and one line per file that could not be used."""
    lessons, problems = {}, []
    for path in sorted(folder.glob("*.toml")):
        try:
            lesson = load(path)
        except LessonError as err:
            problems.append(str(err))
            continue
        lessons[lesson.title] = lesson
    return lessons, problems


def _branches(spec: str) -> tuple[str, str]:
    """"yes {x:.2f}|no {flag:a|b}" -> ("yes {x:.2f}", "no {flag:a|b}"): split at the first
    "|" outside braces, so a branch may hold names and choices of its own."""
    depth = 0
    for i, char in enumerate(spec):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "|" and depth == 0:
            return spec[:i], spec[i + 1:]
    return spec, ""


# Words that end in "s" but are no plural noun, where they may follow a number.
_NOT_PLURAL = frozenset({"as", "has", "was", "is", "its", "this", "thus", "less", "plus",
                         "across", "always", "perhaps", "besides", "towards", "whereas",
                         "yes", "us", "does", "goes", "means", "series", "species"})
_IRREGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}
# Verbs that follow a plural subject in a narration, and their singular form.
_VERB_AGREES = {"are": "is", "were": "was", "have": "has", "do": "does", "take": "takes",
                "keep": "keeps", "come": "comes", "stay": "stays", "leave": "leaves",
                "remain": "remains", "give": "gives", "meet": "meets", "work": "works",
                "join": "joins", "advise": "advises", "share": "shares", "land": "lands",
                "need": "needs", "get": "gets", "make": "makes"}
_NOUN_AFTER = re.compile(r"^(\s+)([A-Za-z]+(?:-[A-Za-z]+)*)(?:(\s+)([a-z]+)\b)?")


def singular(word: str) -> str | None:
    """The singular of a plural noun ("products" -> "product", "communities" ->
    "community", "bridge-builders" -> "bridge-builder", "people" -> "person"); None when
    `word` does not read as a plural noun ("is", "landed", "here")."""
    head, _, last = word.rpartition("-")
    lower = last.lower()
    if lower in _IRREGULAR:
        one = _IRREGULAR[lower]
    elif lower in _NOT_PLURAL or len(lower) < 3 or not lower.endswith("s") \
            or lower.endswith(("ss", "us", "is")):
        return None
    elif lower.endswith("ies"):
        one = lower[:-3] + "y"
    elif lower.endswith(("sses", "ches", "shes", "xes")):
        one = lower[:-2]
    else:
        one = lower[:-1]
    if last[:1].isupper():
        one = one[0].upper() + one[1:]
    return f"{head}-{one}" if head else one


def agree(shown: str, after: str) -> str:
    """The text `after` a number shown as `shown`, with the noun that starts it made
    singular when the number is 1 ("1" and " products are developed" -> " product is
    developed"), and a verb right after that noun made to agree (`_VERB_AGREES`).
    Any other number, or text that does not start with a plural noun, is unchanged."""
    if shown.strip().lstrip("+-") != "1":
        return after
    match = _NOUN_AFTER.match(after)
    one = singular(match.group(2)) if match else None
    if one is None:
        return after
    space, _, gap, verb = match.groups()
    if verb in _VERB_AGREES:
        return f"{space}{one}{gap}{_VERB_AGREES[verb]}{after[match.end():]}"
    return f"{space}{one}{after[match.end(2):]}"


SHORT = "short"
_WEEK_NOTE = re.compile(r"\s*\(week \d+\)")


def short(text: str) -> str:
    """A log entry's first sentence, with the "(week N)" the entry names after it: "The
    community stops: it has not had a meeting of at least 6 members for 8 weeks. 23
    members ... (week 287)." -> "The community stops: it has not had a meeting of at least
    6 members for 8 weeks (week 287)." What `{last_event:short}` shows on a card with
    little room; the log shows it whole."""
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    week = _WEEK_NOTE.search(text)
    if week is None or week.group().strip() in first:
        return first
    return f"{first.rstrip('.!?')} {week.group().strip()}."


def fill(text: str, values: dict[str, Any]) -> str:
    """`text` with `{name}` and `{name:spec}` filled from `values`, and `{name:yes|no}`
    with "yes" when the value is True, "no" when it is False (each branch filled in turn,
    so it may name values and hold choices of its own); an unknown name shows as
    "[name: not known]" instead of failing in front of the class. `{phase_meaning}` is
    filled from `{phase}` (`PHASE_MEANINGS`); `{name:short}` shows a text's first
    sentence (`short`). A number that shows
    as 1 gets the singular of the noun written after it (`agree`)."""
    if "phase" in values and "phase_meaning" not in values:
        values = {**values, "phase_meaning": PHASE_MEANINGS.get(str(values["phase"]), "")}
    out = []
    shown = ""  # the number filled in just before this literal ("" after anything else)
    for literal, name, spec, _conv in string.Formatter().parse(text):
        out.append(agree(shown, literal) if shown else literal)
        shown = ""
        if name is None:
            continue
        value = values.get(name)
        if isinstance(value, bool) and "|" in (spec or ""):
            when_true, when_false = _branches(spec)
            out.append(fill(when_true if value else when_false, values))
        elif name in values and isinstance(value, str) and spec == SHORT:
            out.append(short(value))
        elif name in values:
            try:
                text_value = format(value, spec or "")
            except (ValueError, TypeError):
                text_value = str(value)
            out.append(text_value)
            if isinstance(value, numbers.Real) and not isinstance(value, bool):
                shown = text_value  # numpy's numbers too
        else:
            out.append(f"[{name}: not known]")
    return "".join(out)
