"""The run on screen without one of its interventions (or with one more): what a lesson's
moment compares with (`compare` in `dashboards.lessons`).

One run cannot show what an intervention did: chance (who meets whom, who joins or
leaves) moves trust or membership more than one departure or policy does, so a
"before and after" often points the wrong way. The same run without the intervention
can: same settings, same seed, every other intervention made in the same week with the
same sliders, played to the same week. It is built as the dashboard builds its runs (a
`Classroom`, whose memory is reserved from the classroom's budget while it plays) and
played headless, once, when a lesson gets to its moment; a default community's 110
weeks take about 0.2 s of CPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboards import capacity
from dashboards.session import Action, Classroom, Run


@dataclass(frozen=True)
class Compared:
    """The comparison run at the moment: "without" or "with", the intervention it left
    out or added, the week it got to (earlier only if it ended before) and its
    indicators."""

    word: str
    key: str
    week: int
    indicators: dict[str, Any]


def replayed_actions(run: Run, word: str, key: str, since: int) -> list[Action]:
    """The interventions of `run` that the comparison run makes, in order: all of them
    but `key`'s ("without"), or all of them and `key` at week `since` ("with")."""
    actions = [a for a in run.actions if not (word == "without" and a.key == key)]
    if word == "with":
        actions.append(Action(int(since), key, run.community))
    return sorted(actions, key=lambda a: a.week)  # stable: a week's order is kept


def compare(classroom: Classroom, word: str, key: str, since: int) -> Compared | None:
    """Play run A of `classroom` again from week 0, to its week, without ("without") or
    with ("with", at week `since`) the intervention `key`; None when the server has no
    memory left for a second run (the narration then shows its numbers as not known)."""
    run = classroom.a
    week = int(run.root.steps)
    try:
        other = Classroom(run.overrides, run.seed, budget=classroom.budget)
    except capacity.TooLargeError:
        return None
    try:
        for action in replayed_actions(run, word, key, since):
            if action.week > week:
                break
            other.step(action.week - other.week)
            other.show(action.community)
            other.intervene(action.key, "A", dict(action.options))
        other.step(week - other.week)
        other.show(run.community)
        model = other.a.model
        return Compared(word, key, int(model.steps), dict(model.indicators))
    finally:
        other.close()
