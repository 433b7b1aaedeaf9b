"""The event log as a class reads it: key moments, and effects linked to their cause.

The model's event log (`model.events`) says what happened each week. It does not say
which button a teacher pressed, nor that a change weeks later came after it. This
module joins the two from public records only: the model's events and weekly series,
and the interventions this dashboard made (`session.Action`). It computes nothing
about the model: a link says "after the workshop in week 55, ...", which is when it
happened, not why, and the numbers are the model's own weekly series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboards import charts, style
from dashboards.session import INTERVENTION_BY_KEY, Action
from lcsim.calendar import weeks
from lcsim.events import Event
from lcsim.outputs import output, plain_label
from lcsim.params import Params

# Events a teacher may want to hide to see the big moments only.
ROUTINE_KINDS = frozenset({"participation up", "member joins", "turnover", "overburdened"})
DISSOLVES = "community dissolves"
INTERVENTION = "intervention"

@dataclass(frozen=True)
class Effect:
    """An event kind an intervention acts on, the weeks after it in which the log names
    it, and, for a kind with several causes, words its text must (`has`) or must not
    (`lacks`) contain: a phase move into or out of sustain follows paid time (funding),
    any other phase move follows shared ambition and design progress. `recurs`: the kind
    comes again and again by itself, so that one after the intervention is no sign of it
    when it was already happening in as many weeks before (not so for a change of
    funding, which follows from what was granted)."""

    kind: str
    window: int
    has: str = ""
    lacks: str = ""
    recurs: bool = True

    def matches(self, event: Event) -> bool:
        return event.kind == self.kind and self.has in event.text \
            and not (self.lacks and self.lacks in event.text)


# For each intervention: the events whose first appearance after it (within the weeks
# given) the log names with it, because the intervention acts on what they report.
# Follow-up funding acts on the funding that follows it: it takes over from external
# funding, or starts again after funding had ended, and it ends in its turn.
# Longer than any external funding left plus any grant the levers allow.
_FOLLOW_UP_WINDOW = weeks(Params.spec("funding_years").high + Params.spec("follow_up_years").high)
EFFECTS: dict[str, tuple[Effect, ...]] = {
    "workshop": (Effect("stereotypes shift", 52),),
    "policy": (Effect("participation up", 52),),
    "end_funding": (Effect("funding ends", 2, recurs=False), Effect("phase", 52, has="to sustain"),
                    Effect("community dissolves", 156)),
    "follow_up": (Effect("funding ends", _FOLLOW_UP_WINDOW, has="follow-up funding takes over",
                         recurs=False),
                  Effect("funding starts", _FOLLOW_UP_WINDOW, recurs=False),
                  Effect("funding ends", _FOLLOW_UP_WINDOW, lacks="follow-up funding takes over",
                         recurs=False),
                  Effect("phase", 52, has="from sustain")),
    "withdraw": (Effect("community dissolves", 104),),
    "bb_leaves": (Effect("community dissolves", 104),),
    "leader_leaves": (Effect("community dissolves", 104),),
    "appoint": (Effect("phase", 52, lacks="sustain"),),
}
# What each intervention acts on, as weekly series: the line under the intervention in
# the log says how they moved since (the numbers are the model's own series).
WATCHED: dict[str, tuple[str, ...]] = {
    "appoint": ("trust_between_roles", "cross_role_tie_share"),
    "withdraw": ("trust_between_roles", "cross_role_tie_share"),
    "bb_leaves": ("trust_between_roles", "cross_role_tie_share"),
    "leader_leaves": ("professional_organisation", "personal_relations"),
    "member_leaves": ("active_members", "mean_trust"),
    "end_funding": ("active_members", "paid_fte"),
    "follow_up": ("active_members", "paid_fte"),
    "policy": ("mbo_participation", "pwd_participation"),
    "workshop": (charts.STEREOTYPE_KEY, "trust_between_roles"),
}
SINCE_WEEKS = 4  # weeks after an intervention before the log says how things moved
IN_PERCENT = frozenset({charts.STEREOTYPE_KEY, "mbo_participation", "pwd_participation"})
# The sentence under a linked event says when, not why: it follows in time.
AFTER_NOTE = ("“After …” and “Since then …” say what came first, not that it was the "
              "cause: one run cannot tell; compare with a run without the intervention.")


@dataclass(frozen=True)
class Row:
    """One line of the log as shown: the event, whether it is a key moment, the sentence
    that names an earlier intervention it follows ("" when there is none), and, on an
    intervention's own line, how what it acts on moved since (`since_then`)."""

    week: int
    kind: str
    text: str
    key: bool
    cause: str = ""
    since: str = ""


def _article(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _link(event: Event, action: Action, df: pd.DataFrame | None) -> str:
    """The sentence that names `action` as what `event` follows in time."""
    name = INTERVENTION_BY_KEY[action.key].short
    after = f"after the {name} in week {action.week}"
    gap = event.week - action.week
    later = "the same week" if gap == 0 else f"{plural(gap, 'week')} later"
    if action.key == "follow_up" and event.kind in ("funding ends", "funding starts"):
        granted = f"The follow-up funding granted in week {action.week}"
        if event.kind == "funding ends" and "takes over" not in event.text:
            return f"{granted} has run out ({later})."
        return f"{granted} pays from here on."
    if event.kind == "stereotypes shift" and df is not None and len(df) > event.week:
        before = float(df[charts.STEREOTYPE_KEY].iloc[min(action.week, len(df) - 1)])
        now = float(df[charts.STEREOTYPE_KEY].iloc[event.week])
        change = "less" if now < before else "more"
        return (f"{_article(after)}, groups discount each other's knowledge {change}: "
                f"{before:.0%} in week {action.week}, {now:.0%} in week {event.week}.")
    if gap == 0:
        return f"{_article(after)} (later the same week)."
    return f"{_article(after)} ({plural(gap, 'week')} before)."


def _value_text(key: str, value: float) -> str:
    """A weekly value as the dashboard shows it: a share in % (and what its charts show in
    %), members as a count, paid time in FTE, a level or score to two decimals."""
    meta = output(key)
    if meta.percent or key in IN_PERCENT:
        return f"{value:.0%}"
    if meta.unit == "members":
        return f"{value:.0f}"
    if meta.unit == "FTE":
        return f"{value:.1f} FTE"
    return f"{value:.2f}"


def since_then(action: Action, df: pd.DataFrame | None) -> str:
    """How the series the intervention acts on (`WATCHED`) moved from its week to the
    latest, e.g. "Since then (12 weeks): condition 6: professional organisation 0.37 ->
    0.18; ..."; "" before SINCE_WEEKS weeks have passed or without the weekly series."""
    watched = [key for key in WATCHED.get(action.key, ()) if df is not None and key in df]
    if not watched or len(df) - 1 - action.week < SINCE_WEEKS:
        return ""
    start, now = df.iloc[min(action.week, len(df) - 1)], df.iloc[-1]
    moves = []
    for key in watched:
        label = "discount of other groups' knowledge" if key == charts.STEREOTYPE_KEY \
            else plain_label(key)
        moves.append(f"{label} {_value_text(key, float(start[key]))} → "
                     f"{_value_text(key, float(now[key]))}")
    return (f"Since then ({plural(len(df) - 1 - action.week, 'week')}): "
            + "; ".join(moves) + ".")


def _place(events: Sequence[Event], action: Action) -> int:
    """The index in `events` of the first event logged after `action`: its recorded place
    (`Action.logged`), or, when that is not known, the first event of a later week."""
    if action.logged >= 0:
        return action.logged
    return next((i for i, e in enumerate(events) if e.week > action.week), len(events))


def _was_happening(events: Sequence[Event], effect: Effect, action: Action, place: int
                   ) -> bool:
    """Whether events of a recurring `effect` were logged before `action` (its `place`
    in the log), in the `effect.window` weeks before it: then one after it is no sign of
    it."""
    return effect.recurs and any(
        effect.matches(e) and e.week >= action.week - effect.window
        for e in events[:place])


def _firsts_after(events: Sequence[Event], action: Action, taken: dict[int, Action]
                  ) -> list[int]:
    """For each effect of `action`, the index of its first event logged after the action
    (later in the log, not only in a later week) within its window and not yet named
    with another intervention; none for a recurring kind already happening before."""
    place = _place(events, action)
    found = []
    for effect in EFFECTS.get(action.key, ()):
        if _was_happening(events, effect, action, place):
            continue
        for i in range(place, len(events)):
            event = events[i]
            if effect.matches(event) and i not in taken and i not in found \
                    and event.week <= action.week + effect.window:
                found.append(i)
                break
    return found


def rows(events: Sequence[Event], actions: Sequence[Action],
         df: pd.DataFrame | None = None, community: int = 0) -> list[Row]:
    """The log's rows, oldest first; an effect names the intervention it follows.

    An event is named with an intervention only when it was logged after it (an event
    of the intervention's week that came before the press is not named with it), the
    intervention acts on what it reports (`EFFECTS`: a move to sustain follows an end of
    funding, not a new bridge-builder) and a recurring kind was not already happening in
    as many weeks before it. When two interventions acted on the same event, the later
    one is named.

    Once the community has dissolved, its later events (products that stall, the end of
    funding planned for it) are not key moments: the dissolution stays the newest (the
    interventions a teacher makes after it still are).

    Args:
        events: the community's events (`model.events`).
        actions: the interventions the dashboard made in this run.
        df: the weekly series (for the numbers in a link), or None.
        community: the community shown; actions in other communities are ignored.
    """
    events = list(events)
    linked: dict[int, Action] = {}
    mine = [a for a in actions if a.community == community]
    latest_first = sorted(mine, key=lambda a: (a.week, _place(events, a)), reverse=True)
    for action in latest_first:
        for found in _firsts_after(events, action, linked):
            linked[found] = action
    dissolved = next((i for i, e in enumerate(events) if e.kind == DISSOLVES), len(events))
    own = {}  # the intervention's own line (the first it logged): how things moved since
    for action in mine:
        if 0 <= action.logged < len(events) and action.logged not in own:
            own[action.logged] = since_then(action, df)
    out = []
    for i, event in enumerate(events):
        cause = _link(event, linked[i], df) if i in linked else ""
        key = event.kind not in ROUTINE_KINDS and (i <= dissolved or event.kind == INTERVENTION)
        out.append(Row(event.week, event.kind, event.text, key, cause, own.get(i, "")))
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
