# ruff: noqa: N802  (Solara components are named like classes, e.g. Page)
"""The classroom dashboard: controls, interventions and views of one or two runs.

`Page` builds one `Classroom` per browser session (`solara.use_memo` inside the
component), so two students never share a model. Stepping follows Mesa's visualisation
protocol: change the model, then call `mesa.visualization.utils.force_update()`; the live
area subscribes with `update_counter.get()` and hands the counter down to every view.

Settings (levers, seed, preset, compare mode) take effect at once while a run is at
week 0; later they wait for Reset, which starts a new run from week 0. To change course
in the middle of a run, use an intervention.

Sizes are capped by memory: a session builds a run only if its estimated memory fits in
what the server has left (`dashboards.capacity`), and the settings say how large a run
fits. Sliders and the seed box act only on a user's action, and a typed seed outside its
range is refused with a plain message.

With `n_communities` > 1 a run is a region: a selector chooses the community that every
view shows and that interventions act on, a line sums up the region, and Step/Play
step the whole region.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import reacton.core
import solara
from mesa.visualization.utils import force_update, update_counter
from solara.components.input import use_change

from dashboards import capacity, charts, counterfactual, info, lessons, narrative, style, views
from dashboards.live import SIDE_TABS, LiveControls
from dashboards.run_settings import LARGE_COMMUNITY, SettingsControls
from dashboards.session import (
    INTERVENTION_BY_KEY,
    INTERVENTIONS,
    MAIN_LEVERS,
    PARKING,
    Classroom,
    Run,
    Target,
    matching_preset,
    presets,
)
from lcsim.assumptions import DEFAULTS
from lcsim.outputs import plain_label
from lcsim.params import Params, Spec
from lcsim.roles import max_bridge_builders
from lcsim.rules.phases import Phase

RUN_ENDED = "The run has ended: press Reset."
MESSAGE_WEEKS = 12        # weeks an intervention's message stays on screen
FIRST_HINT = ("Press Step or Play to start. Projector hides the settings; the Lessons "
              "tab has guided lessons.")
SPEEDS = (0.5, 20.0)      # weeks per second
UNTIL_CHOICES = {"a week …": "week", "the end of funding": "funding end",
                 "the community dissolves": "dissolution", "the end of the run": "end"}
SEED_RANGE = (0, 2**32 - 1)  # seeds a student may type (numpy takes no negative seed)
TITLE = "Learning community in dementia care — classroom dashboard"


def _unit(unit: str, value: Any) -> str:
    """The unit as it reads after `value`: "1 person", "1 community", "2 persons"."""
    if value != 1 or not unit:
        return unit
    first, _, rest = unit.partition(" ")
    if first.endswith("ies"):
        first = first[:-3] + "y"
    elif first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


# In lcsim's texts about parameters: names from code, and the source's seven lessons.
_CODE = re.compile(r"\blcsim\.|\b[a-z]+_[a-z_]+\b")
_LESSON_LABEL = re.compile(r"\s*\(lesson \d\)")
_LESSON_DOC = re.compile(r"^Lesson (\d): ")


def lever_name(spec: Spec) -> str:
    """A lever's plain name from `Params`, capitalised, without the "(lesson 2)" that
    numbers the source's seven lessons (the dashboard's Lessons are something else):
    "Participation policy"."""
    name = _LESSON_LABEL.sub("", plain_label(spec.name))
    return name[0].upper() + name[1:]


def teacher_text(text: str) -> str:
    """A parameter's meaning from `Params` as a class reads it: a bracket or clause that
    names code (lcsim.build_model, product_work_share) is left out, "LC" is spelled out,
    and "Lesson 2:" says which lessons it means."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if _CODE.search(m.group()) else m.group(),
                  text)
    clauses = [c for c in re.split(r"(?<=[;.])\s+", text) if not _CODE.search(c)]
    text = " ".join(clauses).strip().rstrip(";,")
    if text and not text.endswith("."):
        text += "."
    text = re.sub(r"\bLC\b", "learning community", text)
    return _LESSON_DOC.sub(r"Lesson \1 of the seven in the SPREAD+ report: ", text)


def lever_label(spec: Spec, value: Any) -> str:
    """A lever's slider label: its plain name and unit from `Params`, with the value,
    e.g. "External funding: 4 years"; a true/false lever shows its name alone."""
    name = lever_name(spec)
    if spec.kind is bool:
        return name
    return f"{name}: {_shown(spec.unit, value)}".strip()


def _shown(unit: str, value: Any) -> str:
    """A lever's value as a class reads it on a projector: shares and fractions as
    percentages ("70% of time", "15% per year"), 0-1 levels on their scale."""
    if unit.startswith("share") and isinstance(value, float):
        return f"{value:.0%} {unit.removeprefix('share').strip()}".strip()
    if unit.startswith("fraction per ") and isinstance(value, float):
        return f"{value:.0%} {unit.removeprefix('fraction ')}"
    if unit in ("level", "intensity") and isinstance(value, float):
        return f"{value:g} on a 0-1 scale"
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown} {_unit(unit, value)}"


@solara.component
def Slider(label: str, value: float, low: float, high: float, step: float,
           on_value: Callable[[Any], None], integer: bool = False) -> None:
    """A slider that reports only what a user did: a drag ended, a click, a key press.

    Vuetify's slider also emits values by itself: it rounds its value to its step when
    it is drawn (see `style.slider_step`) and clamps it when its range changes. Bound to
    `v-model`, those values would change a setting with nobody touching it (opening
    "More levers" once turned product effort from 20 into 200). This one acts only on
    Vuetify's `change` event, which fires on a user's action alone.
    """
    cast: Callable[[Any], Any] = int if integer else float
    render_context = reacton.core.get_render_context()

    def changed(_widget: Any, _event: str, data: Any) -> None:
        with render_context:  # one render after every state change the value causes
            on_value(cast(data))

    slider = solara.v.Slider(v_model=value, label=label, min=low, max=high, step=step,
                             thumb_label=True, hide_details=True)
    solara.v.use_event(slider, "change", changed)


def _whole_number_rule(name: str, low: int, high: int) -> str:
    """What a box for a whole number allows: 'Seed must be a whole number from 0 to 9'."""
    return f"{name} must be a whole number from {low} to {high}"


def read_whole_number(text: str | None, low: int, high: int, name: str
                      ) -> tuple[int | None, str]:
    """The whole number typed in a box, or None and one plain line saying what is allowed.

    Returns:
        (number, "") when `text` is a whole number in [low, high], else (None, message).
    """
    allowed = _whole_number_rule(name, low, high)
    typed = (text or "").strip()
    try:
        number = int(typed)
    except ValueError:
        return None, f"{allowed}; “{typed}” is not." if typed else f"{allowed}."
    if not low <= number <= high:
        return None, f"{allowed}; {number} is not."
    return number, ""


def _refused_entry_not_used(typed: str, label: str, low: int, high: int, value: int) -> str:
    """One line for a refused entry that a new run did not use, e.g. '“seven” was not used
    (Seed must be a whole number from 0 to 4294967295): this run uses seed 42.'"""
    return (f"“{typed.strip()}” was not used ({_whole_number_rule(label, low, high)}): "
            f"this run uses {label.lower()} {value}.")


@solara.component
def WholeNumberBox(label: str, value: int, low: int, high: int,
                   on_value: Callable[[int], None],
                   problem: solara.Reactive[str] | None = None, width: str = "",
                   runs_built: int = 0) -> None:
    """A box for a whole number in [low, high], taken on Enter or when the box loses focus.

    Anything else keeps the setting as it was and says what is allowed: under the box,
    or in `problem` when given (a narrow box in a toolbar has no room for a sentence
    under it; its caller shows it). `on_value` only ever sees a valid number that
    differs from `value`. With `width` the box has that width; without, it grows in a row.
    When `runs_built` changes (Reset built new runs) while the box holds a refused
    entry, the box shows `value` again and says that the new run uses it, so nobody
    believes the refused entry was used.
    """
    text = solara.use_reactive(str(value))
    own_problem = solara.use_reactive("")
    said = own_problem if problem is None else problem
    shown = solara.use_ref(value)

    def show_setting_in_use() -> None:
        refused = text.value if said.value and value == shown.current \
            and text.value.strip() != str(value) else None
        shown.current = value
        text.set(str(value))
        said.set("" if refused is None else _refused_entry_not_used(
            refused, label, low, high, value))

    solara.use_effect(show_setting_in_use, [value, runs_built])
    render_context = reacton.core.get_render_context()

    def commit(typed: str | None) -> None:
        number, message = read_whole_number(typed, low, high, label)
        with render_context:  # one render for the message and what the value causes
            said.set(message)
            if number is not None and number != value:
                on_value(number)

    with solara.Column(gap="0px", style={"width": width} if width else {"flex": "1 1 160px"}):
        box = solara.v.TextField(v_model=text.value, on_v_model=text.set, label=label,
                                 error=bool(said.value), hide_details=True)
        use_change(box, commit)
        if problem is None and said.value:
            solara.Text(said.value, classes=["lc-note", "lc-input-problem"])


# Levers whose scale differs from the chart that shows their effect, and why.
SCALE_NOTES = {
    "stereotype_strength": "Scales each group's typical discount of the others' knowledge; "
                           "the Stereotyping chart shows the resulting average discount in %, "
                           "which is lower (some groups discount others little).",
}


@solara.component
def Lever(spec: Spec, value: Any, on_value: Callable[[Any], None], note: str = "",
          high: float | None = None) -> None:
    """One parameter as a slider (or checkbox), with its one-line real-world meaning and,
    where its scale differs from a chart's, why (`note` adds what this run shows). `high`
    lowers the slider's top where the other settings allow less than the parameter's
    range (bridge-builders in a small community)."""
    label = lever_label(spec, value)
    top = spec.high if high is None else min(high, spec.high)
    if spec.kind is bool:
        solara.Checkbox(label=label, value=bool(value), on_value=on_value)
    elif spec.kind is int:
        Slider(label, int(value), int(spec.low), int(top), 1, on_value, integer=True)
    else:
        Slider(label, float(value), float(spec.low), float(spec.high),
               style.slider_step(spec), on_value)
    parts = (teacher_text(spec.doc), SCALE_NOTES.get(spec.name, ""), note)
    help_text = " ".join(t for t in parts if t)
    solara.Text(help_text, classes=["lc-help", f"lc-help-{spec.name}"])


def _say_speed(speed: float) -> str:
    return f"Speed: {speed:g} weeks per second"


@solara.component
def RunUntil(classroom: Classroom, on_run: Callable[[Target], None], disabled: bool,
             note: solara.Reactive[str]) -> None:
    """"Run until" a week, the end of funding, the community dissolving or the end.

    A week is one of the run's weeks (1 to its last); what is wrong with a typed week,
    or why the run cannot go there, is said in `note`.
    """
    choice = solara.use_reactive("the end of funding")
    last = charts.end_week(classroom.a.model)
    week = solara.use_reactive(min(classroom.week + 52, last))
    kind = UNTIL_CHOICES[choice.value]
    with solara.Row(gap="6px", style={"align-items": "center"}, classes=["lc-until"]):
        solara.Button("Run until", color="primary", outlined=True, disabled=disabled,
                      on_click=lambda: on_run(Target(kind, week=week.value)))
        with solara.Column(style={"width": "170px"}):
            solara.Select("stop at", values=list(UNTIL_CHOICES), value=choice)
        if kind == "week":
            WholeNumberBox("Week", week.value, 1, last, week.set, problem=note, width="64px")


@solara.component
def Toolbar(classroom: Classroom, tick: int, playing: solara.Reactive[bool],
            on_play_pause: Callable[[], None], speed: solara.Reactive[float],
            on_reset: Callable[[], None],
            on_until: Callable[[Target], None], stats: dict[str, float],
            projector: solara.Reactive[bool], show_info: solara.Reactive[bool],
            note: solara.Reactive[str], building: bool = False,
            lesson_waits: bool = False) -> None:
    """Step, play/pause with a speed (and the speed reached), reset, run until, projector
    mode and the Info panel, on one line, and under it a `note` (e.g. why "run until"
    did not go on). While a new run is `building`, Step, Play, Reset and Run until are
    disabled; while a lesson waits at a moment (`lesson_waits`), its "Go on" plays on,
    not Play."""
    running = classroom.running and not building

    def step() -> None:
        if classroom.building:  # a click queued during a build must not step the new run
            return
        classroom.step()
        note.set("")
        force_update()

    # One root element whether or not a note shows: a component whose root changes is
    # built anew, and the "stop at" chooser would forget its choice.
    with solara.Div(classes=["lc-toolbar-area"]):
        with solara.Div(classes=["lc-toolbar"]):
            solara.Button("Step", on_click=step, color="primary",
                          disabled=playing.value or not running)
            solara.Button("Pause" if playing.value else "Play", color="primary",
                          on_click=on_play_pause, classes=["lc-play"],
                          disabled=not playing.value and (not running or lesson_waits))
            solara.Button("Reset", on_click=on_reset, color="secondary", disabled=building)
            SpeedControl(speed, playing.value, stats.get("achieved", 0.0),
                         fast=bool(stats.get("fast")),
                         ended=not classroom.running and not building)
            RunUntil(classroom, on_until, disabled=playing.value or not running,
                     note=note).key("run-until")
            solara.Button("Settings" if projector.value else "Projector", outlined=True,
                          on_click=lambda: projector.set(not projector.value),
                          classes=["lc-projector"])
            solara.Button("Info", outlined=True, on_click=lambda: show_info.set(True))
        if note.value:
            ended = "" if classroom.running else " Press Reset for a new run."
            solara.Text(note.value + ended, classes=["lc-note", "lc-until-note"])


@solara.component
def SpeedControl(speed: solara.Reactive[float], playing: bool, achieved: float,
                 ended: bool, fast: bool = False) -> None:
    """The speed slider, and under it a line that is always there: the speed play
    reaches while it plays, that the run has `ended`, or blank. The toolbar keeps its
    size and nothing below it moves when play starts or stops, and the end of the run
    takes no row of its own (which pushed the charts' footnotes below 720 pixels).
    `fast`: "run until" or a lesson plays at its own speed, which the line says (moving
    the slider slows it to the slider's)."""
    with solara.Div(classes=["lc-speed"]):
        Slider(_say_speed(speed.value), speed.value, SPEEDS[0], SPEEDS[1], 0.5, speed.set)
        reached = ((f"fast forward: {achieved:.1f} weeks/s" if fast else
                    f"reaching {achieved:.1f} weeks per second")
                   if playing and achieved else "\u00a0")
        if ended:
            reached = RUN_ENDED
        solara.Text(reached, classes=["lc-achieved"] + (["lc-ended"] if ended else []))


def intervention_message(classroom: Classroom, key: str, aimed: str,
                         problems: dict[str, str]) -> str:
    """What an intervention did, with the week and how often it was pressed this week
    (so a second press shows), e.g. "Week 3: End funding now (2nd press this week):
    nothing to end: funding has already ended." A run's name ("A:") is said only in
    compare mode."""
    compare = classroom.b is not None
    label = INTERVENTION_BY_KEY[key].label
    where = {"A": " in run A", "B": " in run B", "A+B": " in both runs"}[aimed] \
        if compare else ""
    if classroom.n_communities > 1:
        where += f" (community {classroom.community})"
    presses = classroom.presses(key, "A" if "A" in aimed else "B")
    again = f" ({_ordinal(presses)} press this week)" if presses > 1 else ""
    head = f"Week {classroom.week}: {label}{where}{again}"
    if not problems:
        return f"{head}: see the event log."
    if not compare:
        return f"{head}: {problems['A']}."
    said = "; ".join(f"{name}: {why}" for name, why in sorted(problems.items()))
    acted = [run.name for run in classroom.runs
             if run.name in aimed and run.name not in problems]
    done = f"; {' and '.join(acted)}: done, see the event log" if acted else ""
    return f"{head}: {said}{done}."


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st."""
    last = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{last}"


@solara.component
def Interventions(classroom: Classroom, tick: int, message: solara.Reactive[str]) -> None:
    """Buttons that change the running community now; each leaves a mark in the event log.
    In compare mode they act on both runs unless the teacher picks one."""
    target = solara.use_reactive("A+B")
    follow_up_years = solara.use_reactive(2.0)
    policy_level = solara.use_reactive(0.8)
    compare = classroom.b is not None
    aimed = target.value if compare else "A"

    def run(key: str) -> None:
        options = {"follow_up_years": follow_up_years.value,
                   "policy_level": policy_level.value}
        problems = classroom.intervene(key, aimed, options)
        message.set(intervention_message(classroom, key, aimed, problems))
        force_update()

    shown = f" (community {classroom.community})" if classroom.n_communities > 1 else ""
    solara.Text(f"Interventions: change the community{shown} now", classes=["lc-title"])
    if compare:
        with solara.Row(style={"align-items": "center"}):
            solara.Text("Apply to run:")
            solara.ToggleButtonsSingle(value=target, values=["A+B", "A", "B"])
    live = any(r.model.running for r in classroom.runs if r.name in aimed)
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for intervention in INTERVENTIONS:
            solara.Button(intervention.label, on_click=lambda k=intervention.key: run(k),
                          disabled=not live or classroom.building, outlined=True,
                          color="primary")
    spec = Params.spec("follow_up_years")
    Slider(lever_label(spec, follow_up_years.value), follow_up_years.value,
           max(0.25, float(spec.low)), float(spec.high), 0.25, follow_up_years.set)
    spec = Params.spec("participation_policy")
    Slider(f"{lever_label(spec, policy_level.value)} (0 none, 1 full)", policy_level.value,
           float(spec.low), float(spec.high), 0.05, policy_level.set)


def _weekly_csv(run: Run) -> str:
    df = charts.weekly(run.model)
    return df.rename_axis("week").to_csv()


def _events_csv(run: Run) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "kind", "key_moment", "text", "follows"])
    for row in narrative.rows(run.model.events, run.actions, charts.weekly(run.model),
                              run.community):
        writer.writerow([row.week, row.kind, "yes" if row.key else "no", row.text, row.cause])
    return out.getvalue()


def _chart_png(run: Run, name: str, lock: Any) -> bytes:
    with lock:
        model = run.model
        if name == "network":
            return charts.NetworkChart(model).frame(model)
        df = charts.weekly(model)
        chart = charts.build(name, model, df)
        return chart.frame(model, df, narrative.marks(model.events, run.actions,
                                                      run.community))


@solara.component
def Export(classroom: Classroom, tick: int) -> None:
    """Downloads: each run's weekly data and event log (CSV) and its charts (PNG)."""
    solara.Text("Export this run", classes=["lc-title"])
    for run in classroom.runs:
        prefix = f"lcsim_seed{run.seed}_week{run.model.steps}_run{run.name}"
        if classroom.b is not None:
            solara.Text(f"Run {run.name}", classes=["lc-help"])
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            solara.FileDownload(lambda r=run: _weekly_csv(r), f"{prefix}_weekly.csv",
                                label="Weekly data (CSV)", mime_type="text/csv")
            solara.FileDownload(lambda r=run: _events_csv(r), f"{prefix}_events.csv",
                                label="Event log (CSV)", mime_type="text/csv")
            for name in ("network", *charts.CHART_NAMES):
                solara.FileDownload(lambda r=run, n=name: _chart_png(r, n, classroom.lock),
                                    f"{prefix}_{name}.png", label=f"{name.capitalize()} (PNG)",
                                    mime_type="image/png")
    solara.Text("The weekly data has one row per week (0 = the start) and one column per "
                "indicator; the model description (under Info) says what each means.",
                classes=["lc-help"])


def narration_values(run: Run, since: int = 0,
                     compared: counterfactual.Compared | None = None) -> dict[str, Any]:
    """What a lesson's narration may name: the week, phase, funding, the newest key
    moment and every indicator of the community on screen; and, as `previous_week` and
    `previous_<indicator>`, the week the lesson last paused (`since`) and each indicator
    then, and as `rose_<indicator>` and `fell_<indicator>` whether it moved since (with
    `phase_<name>`, for a narration that says what the run did, see `lessons`). With
    `compared` (the same run without or with one intervention), also its indicators as
    `without_<indicator>` (or `with_...`) and whether this run's are lower or higher, as
    `lower_than_without_<indicator>` and `higher_than_without_<indicator>`, and whether it
    is the very same run (`same_as_without`: the intervention found nothing to change)."""
    model = run.model
    df = charts.weekly(model)
    values: dict[str, Any] = dict(model.indicators)
    week = int(model.steps)
    values["week"] = week
    values["phase"] = Phase(int(values["phase"])).name.lower().replace("_", " ")
    values["funding"] = str(getattr(model, "funding_state", ""))
    keys = [r for r in narrative.rows(model.events, run.actions, df, run.community)
            if r.key and r.kind != "intervention"]
    last = keys[-1] if keys else None
    if last is None:
        values["last_event"] = "nothing yet."
    else:  # "... (week 98)" unless it is this week's (a narration names this week itself)
        when = "" if last.week == week else f" (week {last.week})"
        text = last.text.rstrip(".") + when + "."
        values["last_event"] = text + (f" {last.cause}" if last.cause else "")
    values.update({f"phase_{p.name.lower()}": values["phase"] == p.name.lower()
                   for p in Phase})
    then = max(0, min(int(since), len(df) - 1))
    values["previous_week"] = then
    if len(df):
        for name, value in df.iloc[then].items():
            if name in model.indicators:
                values[f"previous_{name}"] = value
                values[f"rose_{name}"] = bool(model.indicators[name] > value)
                values[f"fell_{name}"] = bool(model.indicators[name] < value)
    if compared is not None:
        word = compared.word
        values[f"{word}_week"] = compared.week
        for name, value in compared.indicators.items():
            values[f"{word}_{name}"] = value
            values[f"lower_than_{word}_{name}"] = bool(model.indicators[name] < value)
            values[f"higher_than_{word}_{name}"] = bool(model.indicators[name] > value)
        values[f"{word}_phase"] = Phase(int(compared.indicators["phase"])).name.lower() \
            .replace("_", " ")
        values[f"same_as_{word}"] = all(model.indicators.get(name) == value
                                        for name, value in compared.indicators.items())
    return values


@solara.component
def LessonCard(classroom: Classroom, tick: int, lesson: lessons.Lesson, moment: int,
               target: Target, playing: bool, on_go_on: Callable[[], None],
               on_close: Callable[[], None]) -> None:
    """The guided lesson: its narration and question once the run has got to the
    moment's `target`; before that, where it is heading (running, or paused on the way).
    A moment that names a comparison run (`compare`) plays it once, when the run gets
    there (again only if the week, the run or its interventions change), not while the
    run plays towards it.
    """
    step = lesson.moments[min(moment, len(lesson.moments) - 1)]
    last = moment >= len(lesson.moments) - 1
    # Not in the instant between Go on's new moment and its new target: the old target
    # is reached, but it is not this moment's (its narration would show the old week).
    arrived = classroom.reached(target) and step.target(since=target.since) == target
    comparison = step.comparison if arrived else None
    compared = solara.use_memo(
        lambda: comparison and counterfactual.compare(classroom, *comparison, target.since),
        dependencies=[id(classroom.a), classroom.week, len(classroom.a.actions), comparison,
                      target.since])
    with solara.Div(classes=["lc-lesson"]):
        head = f"Lesson “{lesson.title}”, moment {moment + 1} of {len(lesson.moments)}"
        if arrived:
            values = narration_values(classroom.a, target.since, compared or None)
            solara.Text(f"{head}: {lessons.fill(step.narration, values)}",
                        classes=["lc-narration"])
            if step.question:
                solara.Text(f"Ask the class: {lessons.fill(step.question, values)}",
                            classes=["lc-question"])
        elif playing:
            solara.Text(f"{head}: running to {target.describe()} …")
        else:
            solara.Text(f"{head}: paused on the way to {target.describe()} (week "
                        f"{classroom.week}). Press Play to go on.")
        with solara.Row(gap="8px"):
            if arrived and not last:
                then = INTERVENTION_BY_KEY[step.then].label if step.then else ""
                solara.Button(f"Go on{f' ({then})' if then else ''}", color="primary",
                              on_click=on_go_on)
            solara.Button("End the lesson" if arrived and last else "Leave the lesson",
                          outlined=True, on_click=on_close)


@solara.component
def LessonStopped(classroom: Classroom, tick: int, stopped: dict[str, Any],
                  on_again: Callable[[], None], on_own: Callable[[], None],
                  on_close: Callable[[], None]) -> None:
    """The lesson card after a Reset stopped the lesson: that it stopped and in which
    week, that the new run has the settings shown in Settings (with its seed), and how
    to start the lesson again; "My settings back" offers the teacher's settings from
    before the lesson, if they differ."""
    lesson: lessons.Lesson = stopped["lesson"]
    with classroom.lock:
        seed, overrides = classroom.seed, classroom.overrides
    own = classroom.view.get("own_settings")
    whose = ""
    if seed == lesson.seed and Params().replace(**overrides) == \
            Params().replace(**lesson.overrides):
        whose = "the lesson's, "
    with solara.Div(classes=["lc-lesson", "lc-lesson-stopped"]):
        solara.Text(f"Lesson “{lesson.title}” stopped by Reset in week {stopped['week']}. "
                    f"The new run starts at week 0 with the settings shown in Settings "
                    f"({whose}seed {seed}), without the lesson's pauses. To start the "
                    "lesson again, press “Start it again” (or its Start in the Lessons tab).",
                    classes=["lc-narration"])
        with solara.Row(gap="8px"):
            solara.Button("Start it again", color="primary", on_click=on_again)
            if own is not None and own["seed"] is not None and (
                    own["seed"], own["overrides"]) != (seed, overrides):
                solara.Button(f"My settings back (seed {own['seed']})", outlined=True,
                              on_click=on_own)
            solara.Button("Keep this run", outlined=True, on_click=on_close)


@solara.component
def LessonPicker(on_start: Callable[..., None]) -> None:
    """The guided lessons in configs/lessons/, each with a Start button (the lesson's own
    run, picked to show its effect at a typical size) and "Another run" (a new seed, to
    show the class that one run is one draw of chance)."""
    found, problems = solara.use_memo(lessons.load_all, [])
    solara.Text("Guided lessons", classes=["lc-title"])
    for lesson in found.values():
        with solara.Row(gap="8px", style={"align-items": "center"}):
            solara.Button(f"Start: {lesson.title}", outlined=True, color="primary",
                          on_click=lambda le=lesson: on_start(le))
            solara.Button("Another run", outlined=True,
                          on_click=lambda le=lesson: on_start(le, secrets.randbelow(100_000)))
        solara.Text(lesson.summary, classes=["lc-help"])
    for problem in problems:
        solara.Text(problem, classes=["lc-note"])
    solara.Text("Write your own: copy a file in configs/lessons/ and change its text "
                "(see dashboards/lessons.py for every key).", classes=["lc-help"])


@solara.component
def ChartChooser(chart: solara.Reactive[str]) -> None:
    """Tabs-like buttons that choose the one time chart on screen."""
    solara.ToggleButtonsSingle(value=chart.value, on_value=chart.set, classes=["lc-chooser"],
                               children=[solara.Button(label, value=name, classes=[
                                   f"lc-choose-{name}"])
                                   for name, label in charts.CHART_NAMES.items()])


@solara.component
def SingleRun(classroom: Classroom, tick: int, chart: solara.Reactive[str],
              side: Callable[[], None], first: bool = False) -> None:
    """Run A: network | conditions and one chosen chart | event log and other panels
    (its status line sits with the toolbar, in `Live`). With `first` (week 0, no lesson,
    settings open), a line under the network says where to begin (Step, Play, Projector
    and the Lessons tab)."""
    run = classroom.a
    with classroom.lock:
        df = charts.weekly(run.model)
    with solara.Div(classes=["lc-main"]):
        with solara.Div(classes=["lc-net"]):
            views.NetworkView(run, tick, classroom.lock)
            views.NetworkLegend()
            if first:
                solara.Text(FIRST_HINT, classes=["lc-note", "lc-first-hint"])
        with solara.Div(classes=["lc-mid"]):
            with solara.Div(classes=["lc-cond-box"]):
                solara.Text("Eight conditions for lasting collaboration (0-1)",
                            classes=["lc-title", "lc-cond-title"])
                views.ConditionsView(run, tick)
            with solara.Div(classes=["lc-chart-box"]):
                ChartChooser(chart)
                views.ChartView(run, tick, chart.value, df, classroom.lock)
        with solara.Div(classes=["lc-side"]):
            side()


@solara.component
def RunColumn(classroom: Classroom, tick: int, name: str, limits: charts.Limits,
              chart: str, playing: bool = False) -> None:
    """One run in compare mode: heading, status, network beside its conditions, the
    chosen chart (on scales shared with the other run), all in one screen."""
    run = classroom.a if name == "A" else classroom.b
    if run is None:
        return
    with classroom.lock:
        df = charts.weekly(run.model)
        layout = classroom.a.model.layout() \
            if len(classroom.a.model.role) == len(run.model.role) else None
    heading = "A: the settings on the left" if name == "A" else \
        f"B: the same, plus “{classroom.compare_with}”"
    with solara.Div(classes=["lc-compare-run"]):
        with solara.Div(classes=["lc-span"]):
            solara.Text(heading, classes=["lc-title", f"lc-run-{name}"])
            views.StatusBar(run, tick, playing)
        with solara.Div():
            views.NetworkView(run, tick, classroom.lock, layout)
        with solara.Div():
            views.ConditionsView(run, tick)
            views.ProductCounts(run, tick)
        with solara.Div(classes=["lc-span"]):
            views.ChartView(run, tick, chart, df, classroom.lock, limits)


@solara.component
def CommunityPicker(classroom: Classroom, tick: int) -> None:
    """In a region: which community the views show and interventions act on, and a line
    about the whole region."""

    def pick(community: int) -> None:
        classroom.show(community)
        force_update()

    last = classroom.n_communities - 1
    with solara.Column(style={"max-width": "600px"}):
        Slider(f"Community shown: {classroom.community} (0 to {last})", classroom.community,
               0, last, 1, pick, integer=True)
    for run in classroom.runs:
        views.RegionStatus(run, tick, prefix=f"{run.name}: " if classroom.b else "")


@solara.component
def InfoDialog(show: solara.Reactive[bool]) -> None:
    """What the model is, what each view shows, how to use it, and its sources."""
    full = solara.use_reactive(False)
    with solara.v.Dialog(v_model=show.value, on_v_model=show.set, max_width="1000px",  # noqa: SIM117
                         scrollable=True):
        with solara.Card("About this dashboard", classes=["lc-info"]):
            with solara.Div(classes=["lc-info-text"]):
                solara.HTML(tag="div", unsafe_innerHTML=info.html(info.INFO))
                if full.value:
                    solara.HTML(tag="div", unsafe_innerHTML=info.html(info.odd_text()))
            with solara.Row(gap="8px", style={"flex-wrap": "wrap"}):
                solara.Button("Hide the model description" if full.value else
                              "Read the model description", outlined=True,
                              on_click=lambda: full.set(not full.value))
                solara.FileDownload(lambda: info.odd_text(), "ODD.md",
                                    label="Download the model description",
                                    mime_type="text/markdown")
                solara.Button("Close", color="primary", on_click=lambda: show.set(False))


@solara.component
def Live(classroom: Classroom, on_reset: Callable[[dict[str, Any] | None], None],
         key_moments_only: solara.Reactive[bool], closed: dict[str, Any],
         projector: solara.Reactive[bool],
         start_run: Callable[[dict[str, Any], int], None], building: bool = False,
         own_settings: Callable[[], dict[str, Any] | None] = lambda: None) -> None:
    """Everything that changes when the model steps: the one subscriber to Mesa's
    `update_counter`, which hands its value down as `tick`. `building`: a new run is
    being built in the background (the toolbar waits for it). `own_settings` puts the
    teacher's settings from before a lesson back and returns them (None: no lesson).
    What the buttons do is `dashboards.live.LiveControls`.

    A lesson, its moment, the chart and the side tab are kept in `classroom.view`, so a
    reloaded page that gets the classroom back (`session.Parking`) goes on with them."""
    tick = update_counter.get()
    view = solara.use_memo(lambda: dict(classroom.view), [])  # as handed over, once
    live = LiveControls(
        classroom, classroom.a, closed, playing=solara.use_reactive(False),
        speed=solara.use_reactive(4.0), message=solara.use_reactive(view.get("message", "")),
        chart=solara.use_reactive(view.get("chart", "trust")),
        tab=solara.use_reactive(view.get("tab", SIDE_TABS[0])),
        until=solara.use_reactive(None), note=solara.use_reactive(""),
        lesson=solara.use_reactive(view.get("lesson")),
        moment=solara.use_reactive(view.get("moment", 0)),
        goal=solara.use_reactive(view.get("goal")), stats=solara.use_memo(dict, []),
        key_moments_only=key_moments_only, on_reset=on_reset, start_run=start_run,
        own_settings=own_settings, plays=solara.use_reactive(0),
        hand_over=solara.use_memo(threading.Lock, []), player=solara.use_memo(dict, []),
        stopped=solara.use_reactive(view.get("stopped")),
        render_context=reacton.core.get_render_context())
    show_info = solara.use_reactive(False)
    said = solara.use_memo(dict, [])        # the message shown and the week it was said
    if said.get("text") != live.message.value or classroom.week < said["week"]:  # new run
        said.update(text=live.message.value, week=classroom.week)
    if closed.get("owner") is None or classroom.owner is closed["owner"]:
        classroom.view.update(chart=live.chart.value, tab=live.tab.value,
                              lesson=live.lesson.value, moment=live.moment.value,
                              goal=live.goal.value, message=live.message.value,
                              stopped=live.stopped.value)
    solara.use_effect(classroom.frame_shown.set, [tick])
    solara.lab.use_task(live.play_loop, prefer_threaded=True, dependencies=[
        live.playing.value, live.plays.value, id(live.shown)])

    solara.Style(style.PROJECTOR_CSS if projector.value else "")
    InfoDialog(show_info)
    with solara.Div(classes=["lc-top"]):  # stays on screen when the live area scrolls
        Toolbar(classroom, tick, live.playing, live.play_pause, live.speed, live.reset,
                live.run_until,
                live.stats, projector, show_info, live.note, building, live.lesson_waits)
        if classroom.b is None:
            views.StatusBar(classroom.a, tick, live.playing.value)
    if live.in_lesson:
        LessonCard(classroom, tick, live.lesson.value, live.moment.value, live.goal.value,
                   live.playing.value, live.go_on, live.leave_lesson)
    elif live.stopped.value is not None:
        stopped_lesson = live.stopped.value["lesson"]
        LessonStopped(classroom, tick, live.stopped.value,
                      lambda: live.start_lesson(stopped_lesson), live.restore_own,
                      live.close_stopped)
    if classroom.n_communities > 1:
        CommunityPicker(classroom, tick)
    side = partial(_side_panel, live, tick, said)
    if classroom.b is None:
        SingleRun(classroom, tick, live.chart, side, first=classroom.week == 0
                  and live.lesson.value is None and not projector.value)
        return
    with classroom.lock:
        limits = charts.shared_limits([charts.weekly(r.model) for r in classroom.runs])
    ChartChooser(live.chart)
    with solara.Div(classes=["lc-compare"]):
        for name in ("A", "B"):
            with solara.Div():
                RunColumn(classroom, tick, name, limits, live.chart.value, live.playing.value)
    with solara.Div(classes=["lc-compare-side"]):
        side()


def _side_panel(live: LiveControls, tick: int, said: dict[str, Any]) -> None:
    """The side of the live area: the tabs (event log, interventions, lessons, export),
    under the message of the last intervention while it is fresh."""
    classroom = live.classroom
    solara.ToggleButtonsSingle(value=live.tab.value, on_value=live.tab.set,
                               values=list(SIDE_TABS), classes=["lc-tabs"])
    fresh = classroom.week - said["week"] <= MESSAGE_WEEKS
    if live.message.value and fresh:  # what the last intervention did, for a while
        solara.Text(live.message.value, classes=["lc-note", "lc-message"])
    if live.tab.value == "Event log":
        for run in classroom.runs:
            if classroom.b is not None:
                solara.Text(f"What happened in {run.name} (newest first)",
                            classes=["lc-title"])
            with classroom.lock:
                df = charts.weekly(run.model)
            views.EventLog(run, tick, live.key_moments_only.value, df)
        solara.Checkbox(label="Event log: key moments only",
                        value=live.key_moments_only).key("key-moments")
    elif live.tab.value == "Interventions":
        Interventions(classroom, tick, live.message).key("interventions")
        _log_peek(classroom, tick, live.key_moments_only.value)
    elif live.tab.value == "Lessons":
        LessonPicker(live.start_lesson)
    else:
        Export(classroom, tick)


def _log_peek(classroom: Classroom, tick: int, key_moments_only: bool) -> None:
    """The newest lines of each run's event log under the interventions, so a class sees
    what a click did without the teacher switching to the Event log tab."""
    for run in classroom.runs:
        name = f" of {run.name}" if classroom.b is not None else ""
        solara.Text(f"Newest in the event log{name}", classes=["lc-title", "lc-peek-title"])
        with classroom.lock:
            df = charts.weekly(run.model)
        with solara.Div(classes=["lc-log-peek"]):
            views.EventLog(run, tick, key_moments_only, df)


@solara.component
def Dashboard(classroom: Classroom, in_sidebar: bool = True, owner: object = None,
              ) -> None:
    """Settings (sidebar) and the live area for one classroom session. What the settings
    do is `dashboards.run_settings.SettingsControls`.

    Args:
        classroom: the session's runs (one per browser tab).
        in_sidebar: put the settings in the app's sidebar (False in tests without an
            AppLayout, which then show them above the live area).
        owner: the page that owns `classroom` (`Page`; None when a test renders this
            alone). Once another page owns it (the tab was reloaded), this one's play
            loop stops. `Page` gives the classroom's memory back, not this component.
    """
    controls = SettingsControls(
        classroom, draft=solara.use_reactive(dict(classroom.overrides)),
        seed=solara.use_reactive(classroom.seed),
        compare_on=solara.use_reactive(classroom.b is not None),
        compare_with=solara.use_reactive(classroom.compare_with or "no bridge-builder"),
        generation=solara.use_reactive(0), error=solara.use_reactive(""),
        building=solara.use_reactive(""), build_request=solara.use_reactive(0),
        to_build=solara.use_memo(dict, []))
    view = solara.use_memo(lambda: dict(classroom.view), [])  # as handed over, once
    key_moments_only = solara.use_reactive(view.get("key_moments_only", False))
    projector = solara.use_reactive(view.get("projector", False))
    closed = solara.use_memo(lambda: {"value": False, "owner": owner}, [])

    def stop_on_unmount():
        def cleanup() -> None:
            closed["value"] = True
            if owner is None:  # rendered alone (tests): nobody else gives the memory back
                classroom.close()
        return cleanup

    solara.use_effect(stop_on_unmount, [])
    solara.lab.use_task(controls.build_in_background,
                        dependencies=[controls.build_request.value], prefer_threaded=True)
    controls.generation.get()  # subscribe: re-render (e.g. the pending note) on a rebuild
    if owner is None or classroom.owner is owner:  # handed to a reloaded page
        classroom.view.update(projector=projector.value,
                              key_moments_only=key_moments_only.value)
    solara.Style(style.CSS)
    solara.Title("lcsim classroom dashboard")
    with solara.Column(classes=["lc-app"], style={"padding": "2px 10px"}):
        if not in_sidebar:
            _settings_panel(controls)
        elif not projector.value:
            with solara.Sidebar(), solara.Column(classes=["lc-app"]):
                _settings_panel(controls)
        if controls.error.value:  # also where the class looks when Settings are shut
            solara.Text(controls.error.value, classes=["lc-note", "lc-build-error"])
        building = controls.building.value
        if building:
            with solara.Row(style={"align-items": "center"}, classes=["lc-building"]):
                solara.v.ProgressCircular(indeterminate=True, color="primary")
                solara.Text(building, classes=["lc-note"])
        with solara.Div(classes=["lc-live"] + (["lc-stale"] if building else [])
                        ).key("live-area"):
            Live(classroom, controls.reset, key_moments_only, closed, projector,
                 controls.start_run, bool(building), controls.own_settings).key("live")


def _settings_panel(controls: SettingsControls) -> None:
    """The Settings panel: seed, classroom scenario, the main levers and more, the
    memory the server has left, and compare mode."""
    classroom, wanted = controls.classroom, controls.wanted
    values = Params().replace(**wanted["overrides"]).to_dict()
    solara.Text("Settings for the next run", classes=["lc-title"])
    with solara.Row(gap="8px", style={"align-items": "center"}):
        WholeNumberBox("Seed", controls.seed.value, *SEED_RANGE,
                       lambda v: controls.change(seed=v),
                       runs_built=controls.generation.value)
        solara.Button("New seed", outlined=True,
                      on_click=lambda: controls.change(seed=secrets.randbelow(100_000)))
    if controls.pending:
        solara.Text("Settings changed: press Reset to start a new run with them "
                    "(or use an intervention to change this run).",
                    classes=["lc-note", "lc-pending"])
    if controls.error.value:
        solara.Text(controls.error.value, classes=["lc-note"])
    # Keys: a note that appears above an element must not rebuild it (a rebuilt
    # "More levers" folds shut, a rebuilt slider is redrawn and rounded again).
    preset = matching_preset(wanted["overrides"])  # the settings shown, if a preset's
    solara.Select("Classroom scenario", values=list(presets()), value=preset,
                  on_value=controls.load_preset).key("preset")
    if preset:
        solara.Text(presets()[preset].description, classes=["lc-help"])
    _main_levers(controls, values)
    runs = 2 if wanted["compare_with"] else 1
    solara.Text(capacity.limit_text(Params().replace(**wanted["overrides"]), runs,
                                    classroom.budget.free_for(classroom)),
                classes=["lc-help", "lc-capacity"]).key("capacity")
    with solara.Details("More levers", expand=False).key("more-levers"):
        for spec in Params.specs():
            if spec.name not in MAIN_LEVERS:
                Lever(spec, values[spec.name],
                      lambda v, n=spec.name: controls.set_lever(n, v)).key(spec.name)
    region_size = values["n_communities"] * values["n_participants"]
    if values["n_communities"] > 1 and region_size > LARGE_COMMUNITY:
        solara.Text(f"A region of {values['n_communities']} communities "
                    f"({region_size} seats) takes a while to build and to step.",
                    classes=["lc-note"])
    _compare_settings(controls)


def _main_levers(controls: SettingsControls, values: dict[str, Any]) -> None:
    """The main levers, with how strongly members discount others at the start."""
    specs = {s.name: s for s in Params.specs()}
    classroom = controls.classroom
    start_discount = ""
    if not controls.pending and classroom.a is not None:
        start = float(charts.weekly(classroom.a.model)[charts.STEREOTYPE_KEY].iloc[0])
        start_discount = f"In this run members start by discounting {start:.0%}."
    most = max_bridge_builders(values["n_participants"], DEFAULTS.array("role_mix"))
    notes = {"stereotype_strength": start_discount,
             "n_bridge_builders": f"At most {most} in a community of "
                                  f"{values['n_participants']}: its educators, researchers "
                                  "and practitioners."}
    for name in MAIN_LEVERS:
        Lever(specs[name], values[name], lambda v, n=name: controls.set_lever(n, v),
              notes.get(name, ""), high=most if name == "n_bridge_builders" else None
              ).key(name)
    if values["n_participants"] > LARGE_COMMUNITY:
        solara.Text(f"A community of {values['n_participants']} takes a while to lay out "
                    "and to draw; the page says so while it builds.", classes=["lc-note"])


def _compare_settings(controls: SettingsControls) -> None:
    """Compare mode: a second run B with the same seed and a classroom scenario added."""
    solara.Text("Compare", classes=["lc-title"]).key("compare-title")
    solara.Switch(label="Compare with a second run (B)", value=controls.compare_on.value,
                  on_value=lambda on: controls.change(
                      compare_with=controls.compare_with.value if on else None)
                  ).key("compare")
    if controls.compare_on.value:
        others = [n for n in presets() if n != "baseline"]
        solara.Select("B = these settings, plus", values=others,
                      value=controls.compare_with.value,
                      on_value=lambda name: controls.change(compare_with=name))
        solara.Text("Both runs use the same seed, the same network layout, and step "
                    "together; interventions go to both unless you pick one.",
                    classes=["lc-help"])


@solara.component_vue("reload_guard.vue")
def ReloadGuardWidget(armed: bool, tab: str = "",
                      event_tab: Callable[[str], None] | None = None) -> None:
    """The browser side of `ReloadGuard` (dashboards/reload_guard.vue)."""


@solara.component
def ReloadGuard(classroom: Classroom, tab: str, on_tab: Callable[[str], None]) -> None:
    """Ask before a reload or a closed tab leaves a run past week 0, and report the tab's
    key (`on_tab`), by which a reloaded tab gets its run back (`session.Parking`)."""
    update_counter.get()  # re-armed as the run moves
    ReloadGuardWidget(armed=classroom.week > 0, tab=tab, event_tab=on_tab)


def _session_id() -> str:
    """The browser session's cookie id ('' outside a Solara server, e.g. in tests)."""
    try:
        return solara.get_session_id()
    except Exception:  # noqa: BLE001  (no server context: no session to restore)
        return ""


@solara.component
def Page() -> None:
    """The app: one Classroom per browser tab, kept over a reload of that tab.

    The page starts with a new classroom at once; when the browser reports the tab's key
    and a classroom of that tab is waiting (the page was reloaded), it shows that one
    instead and gives the new one's memory back. When the page goes, its classroom waits
    `session.PARK_SECONDS` for a reload before its memory is given back.
    """
    owner = solara.use_memo(object, [])
    tab = solara.use_reactive("")

    def new_classroom() -> Classroom | str:
        try:
            return Classroom()
        except capacity.TooLargeError as err:  # the server's memory is taken by others
            return f"This server is full ({err}) Please try again later."

    first = solara.use_memo(new_classroom, [])
    shown = solara.use_reactive(first)
    classroom = shown.value
    latest = solara.use_memo(dict, [])  # what the unmount cleanup must park
    latest.update(classroom=classroom, tab=tab.value)

    def on_tab(browser_key: str) -> None:
        key = f"{_session_id()}/{browser_key}"
        if not browser_key or key == tab.value:
            return
        tab.set(key)
        found = PARKING.claim(key, owner)
        current = shown.value
        if found is not None and found is not current:
            shown.set(found)
            if isinstance(current, Classroom):
                current.close()
        elif isinstance(current, Classroom):
            PARKING.attach(key, current, owner)

    def park_on_unmount():
        def cleanup() -> None:
            gone = latest["classroom"]
            if not isinstance(gone, Classroom):
                return
            parked = bool(latest["tab"]) and PARKING.park(latest["tab"], gone, owner)
            if not parked and gone.owner in (None, owner):
                gone.close()  # give the session's memory back to the server
        return cleanup

    solara.use_effect(park_on_unmount, [])
    solara.AppBarTitle(TITLE)
    if isinstance(classroom, str):
        solara.Text(classroom, classes=["lc-note"])
    else:
        ReloadGuard(classroom, tab.value, on_tab)
        Dashboard(classroom, owner=owner).key(f"dashboard-{id(classroom)}")
