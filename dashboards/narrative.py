"""The event log as a class reads it: key moments, and effects linked to their cause.

The model's event log (`model.events`) says what happened each week. It does not say
which button a teacher pressed, nor that a change weeks later may follow from it. This
module joins the two from public records only: the model's events and weekly series,
and the interventions this dashboard made (`session.Action`). It computes nothing
about the model: a link says "since the workshop in week 55, ...", which is when it
happened, and the numbers are the model's own weekly series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboards import charts, style
from dashboards.session import INTERVENTION_BY_KEY, Action
from lcsim.events import Event

# Events a teacher may want to hide to see the big moments only.
ROUTINE_KINDS = frozenset({"participation up", "member joins", "turnover", "overburdened"})

# For each intervention: the event kinds whose first appearance after it (within the
# weeks given) the log links to it, because the intervention acts on what they report.
EFFECTS: dict[str, tuple[tuple[str, int], ...]] = {
    "workshop": (("stereotypes shift", 52),),
    "policy": (("participation up", 52),),
    "end_funding": (("funding ends", 2), ("community dissolves", 156)),
    "follow_up": (("funding ends", 780),),
    "withdraw": (("community dissolves", 104),),
    "bb_leaves": (("community dissolves", 104),),
    "leader_leaves": (("community dissolves", 104),),
    "appoint": (("phase", 52),),
}


@dataclass(frozen=True)
class Row:
    """One line of the log as shown: the event, whether it is a key moment, and the
    sentence that links it to an earlier intervention ("" when there is none)."""

    week: int
    kind: str
    text: str
    key: bool
    cause: str = ""


def _article(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _link(event: Event, action: Action, df: pd.DataFrame | None) -> str:
    """The sentence that names `action` as what `event` follows."""
    name = INTERVENTION_BY_KEY[action.key].short
    since = f"since the {name} in week {action.week}"
    if event.kind == "stereotypes shift" and df is not None and len(df) > event.week:
        before = float(df[charts.STEREOTYPE_KEY].iloc[min(action.week, len(df) - 1)])
        after = float(df[charts.STEREOTYPE_KEY].iloc[event.week])
        change = "less" if after < before else "more"
        return (f"{_article(since)}, groups discount each other's knowledge {change}: "
                f"{before:.0%} in week {action.week}, {after:.0%} in week {event.week}.")
    return f"{_article(since)} ({plural(event.week - action.week, 'week')} before)."


def rows(events: Sequence[Event], actions: Sequence[Action],
         df: pd.DataFrame | None = None, community: int = 0) -> list[Row]:
    """The log's rows, oldest first, each effect linked to the intervention it follows.

    Args:
        events: the community's events (`model.events`).
        actions: the interventions the dashboard made in this run.
        df: the weekly series (for the numbers in a link), or None.
        community: the community shown; actions in other communities are ignored.
    """
    linked: dict[int, Action] = {}
    for action in actions:
        if action.community != community:
            continue
        for kind, window in EFFECTS.get(action.key, ()):
            for i, event in enumerate(events):
                if event.kind == kind and action.week <= event.week <= action.week + window \
                        and i not in linked:
                    linked[i] = action
                    break
    out = []
    for i, event in enumerate(events):
        cause = _link(event, linked[i], df) if i in linked else ""
        out.append(Row(event.week, event.kind, event.text,
                       event.kind not in ROUTINE_KINDS, cause))
    return out


def marks(events: Sequence[Event], actions: Sequence[Action], community: int = 0
          ) -> list[charts.Mark]:
    """Chart marks: each intervention by its short name, and the end of funding.

    An "End funding now" and the end of funding it causes a week later are one mark,
    not two lines on top of each other.
    """
    mine = [a for a in actions if a.community == community]
    out: list[charts.Mark] = []
    ended_by_teacher = [a.week for a in mine if a.key == "end_funding"]
    for event in events:
        if event.kind == "funding ends":
            early = any(0 <= event.week - w <= 2 for w in ended_by_teacher)
            out.append(charts.Mark(event.week, "funding ended early" if early
                                   else "funding ends", style.VERMILLION, "-."))
    named = {(a.week, a.key) for a in mine}
    shown_weeks = {m.week for m in out}
    for week, key in sorted(named):
        if key == "end_funding" and any(0 <= w - week <= 2 for w in shown_weeks):
            continue
        out.append(charts.Mark(week, INTERVENTION_BY_KEY[key].short))
    unnamed = {e.week for e in events if e.kind == "intervention"} - {w for w, _ in named}
    out += [charts.Mark(week, "intervention") for week in sorted(unnamed)]
    return out


def empty_text(n_events: int, key_only: bool) -> str:
    """What the log says when it shows no row."""
    if n_events == 0:
        return "Nothing has happened yet. Press Step or Play."
    hidden = "1 routine event is" if n_events == 1 else f"{n_events} routine events are"
    return (f"No key moment yet: {hidden} hidden (members joining, turnover, "
            "steps on the participation ladder). Untick “key moments only” to see them.")


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 person", "3 persons": a count with the right form of its noun."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
