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

import secrets
import time
from collections.abc import Callable
from typing import Any

import reacton.core
import solara
from mesa.visualization.utils import force_update, update_counter
from solara.components.input import use_change

from dashboards import capacity, charts, style, views
from dashboards.session import (
    INTERVENTION_BY_KEY,
    INTERVENTIONS,
    MAIN_LEVERS,
    Classroom,
    presets,
)
from lcsim.params import Params, Spec

MAX_WEEKS_PER_FRAME = 8   # when drawing cannot keep up with the speed, skip frames, not weeks
FRAME_TIMEOUT = 5.0       # seconds the play loop waits for a frame to be drawn
LARGE_COMMUNITY = 1000    # participants above which building and drawing get slow
SPEEDS = (0.5, 20.0)      # weeks per second
SEED_RANGE = (0, 2**32 - 1)  # seeds a student may type (numpy takes no negative seed)
TITLE = "Learning community in dementia care — classroom dashboard"


def _spec_label(spec: Spec, value: Any) -> str:
    name = style.label(spec.name)
    name = name[0].upper() + name[1:]
    if spec.kind is bool:
        return name
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{name}: {shown} {spec.unit}"


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


def read_whole_number(text: str | None, low: int, high: int, name: str
                      ) -> tuple[int | None, str]:
    """The whole number typed in a box, or None and one plain line saying what is allowed.

    Returns:
        (number, "") when `text` is a whole number in [low, high], else (None, message).
    """
    allowed = f"{name} must be a whole number from {low} to {high}"
    typed = (text or "").strip()
    try:
        number = int(typed)
    except ValueError:
        return None, f"{allowed}; “{typed}” is not." if typed else f"{allowed}."
    if not low <= number <= high:
        return None, f"{allowed}; {number} is not."
    return number, ""


@solara.component
def WholeNumberBox(label: str, value: int, low: int, high: int,
                   on_value: Callable[[int], None]) -> None:
    """A box for a whole number in [low, high], taken on Enter or when the box loses focus.

    Anything else keeps the setting as it was and shows, under the box, what is allowed;
    `on_value` only ever sees a valid number that differs from `value`.
    """
    text = solara.use_reactive(str(value))
    problem = solara.use_reactive("")

    def show_new_setting() -> None:  # e.g. New seed: show it, and drop an old complaint
        text.set(str(value))
        problem.set("")

    solara.use_effect(show_new_setting, [value])
    render_context = reacton.core.get_render_context()

    def commit(typed: str | None) -> None:
        number, message = read_whole_number(typed, low, high, label)
        with render_context:  # one render for the message and what the value causes
            problem.set(message)
            if number is not None and number != value:
                on_value(number)

    with solara.Column(gap="0px", style={"flex": "1 1 160px"}):
        box = solara.v.TextField(v_model=text.value, on_v_model=text.set, label=label,
                                 error=bool(problem.value), hide_details=True)
        use_change(box, commit)
        if problem.value:
            solara.Text(problem.value, classes=["lc-note", "lc-input-problem"])


@solara.component
def Lever(spec: Spec, value: Any, on_value: Callable[[Any], None]) -> None:
    """One parameter as a slider (or checkbox), with its one-line real-world meaning."""
    label = _spec_label(spec, value)
    if spec.kind is bool:
        solara.Checkbox(label=label, value=bool(value), on_value=on_value)
    elif spec.kind is int:
        Slider(label, int(value), int(spec.low), int(spec.high), 1, on_value, integer=True)
    else:
        Slider(label, float(value), float(spec.low), float(spec.high),
               style.slider_step(spec), on_value)
    solara.Text(spec.doc, classes=["lc-help"])


@solara.component
def Toolbar(classroom: Classroom, tick: int, playing: solara.Reactive[bool],
            speed: solara.Reactive[float], on_reset: Callable[[], None]) -> None:
    """Step, play/pause with a speed, reset."""
    running = classroom.running

    def step() -> None:
        classroom.step()
        force_update()

    with solara.Row(gap="10px", style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button("Step", on_click=step, color="primary",
                      disabled=playing.value or not running)
        solara.Button("Pause" if playing.value else "Play", color="primary",
                      on_click=lambda: playing.set(not playing.value),
                      disabled=not running and not playing.value)
        solara.Button("Reset", on_click=on_reset, color="secondary")
        with solara.Column(style={"min-width": "300px", "flex": "1 1 300px"}):
            Slider(f"Speed: {speed.value:g} weeks per second", speed.value, SPEEDS[0],
                   SPEEDS[1], 0.5, speed.set)
    if not running:
        solara.Text("The run has ended. Press Reset for a new run.", classes=["lc-note"])


@solara.component
def Interventions(classroom: Classroom, tick: int, message: solara.Reactive[str]) -> None:
    """Buttons that change the running community now; each leaves a mark in the event log."""
    target = solara.use_reactive("B")
    follow_up_years = solara.use_reactive(2.0)
    policy_level = solara.use_reactive(0.8)
    compare = classroom.b is not None
    aimed = target.value if compare else "A"

    def run(key: str) -> None:
        options = {"follow_up_years": follow_up_years.value,
                   "policy_level": policy_level.value}
        problems = classroom.intervene(key, aimed, options)
        label = INTERVENTION_BY_KEY[key].label
        where = {"A": " in run A", "B": " in run B", "A+B": " in both runs"}[aimed] \
            if compare else ""
        if classroom.n_communities > 1:
            where += f" (community {classroom.community})"
        message.set(" ".join(problems) if problems else f"{label}{where}: see the event log.")
        force_update()

    shown = f" (community {classroom.community})" if classroom.n_communities > 1 else ""
    solara.Text(f"Interventions: change the community{shown} now", classes=["lc-title"])
    if compare:
        with solara.Row(style={"align-items": "center"}):
            solara.Text("Apply to run:")
            solara.ToggleButtonsSingle(value=target, values=["A", "B", "A+B"])
    live = any(r.model.running for r in classroom.runs if r.name in aimed)
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for intervention in INTERVENTIONS:
            solara.Button(intervention.label, on_click=lambda k=intervention.key: run(k),
                          disabled=not live, outlined=True, color="primary")
    with solara.Row(gap="24px", style={"flex-wrap": "wrap"}):
        with solara.Column(style={"min-width": "280px", "flex": "1 1 280px"}):
            spec = Params.spec("follow_up_years")
            Slider(f"Follow-up to grant: {follow_up_years.value:g} years",
                   follow_up_years.value, max(0.25, float(spec.low)), float(spec.high), 0.25,
                   follow_up_years.set)
        with solara.Column(style={"min-width": "280px", "flex": "1 1 280px"}):
            spec = Params.spec("participation_policy")
            Slider(f"Policy strength: {policy_level.value:g}", policy_level.value,
                   float(spec.low), float(spec.high), 0.05, policy_level.set)
    if message.value:
        solara.Text(message.value, classes=["lc-note", "lc-message"])


@solara.component
def RunColumn(classroom: Classroom, tick: int, name: str, limits: charts.Limits,
              key_moments_only: bool) -> None:
    """All views of one run, stacked (compare mode)."""
    run = classroom.a if name == "A" else classroom.b
    if run is None:
        return
    with classroom.lock:
        df = charts.weekly(run.model)
    heading = "A: the settings on the left" if name == "A" else \
        f"B: the same, plus “{classroom.compare_with}”"
    solara.Text(heading, classes=["lc-title", f"lc-run-{name}"])
    views.StatusBar(run, tick)
    views.NetworkView(run, tick, classroom.lock)
    solara.Text("The eight conditions", classes=["lc-title"])
    views.ConditionsView(run, tick)
    views.ProductCounts(run, tick)
    views.ProductsView(run, tick, df, classroom.lock, limits)
    views.ClimateView(run, tick, df, classroom.lock, columns=1)
    views.ValueView(run, tick, df, classroom.lock, limits)
    solara.Text("What happened (newest first)", classes=["lc-title"])
    views.EventLog(run, tick, key_moments_only)


@solara.component
def SingleRun(classroom: Classroom, tick: int, key_moments_only: bool) -> None:
    """All views of run A, laid out for a wide screen."""
    run = classroom.a
    with classroom.lock:
        df = charts.weekly(run.model)
    views.StatusBar(run, tick)
    with solara.Columns([5, 4, 3]):
        with solara.Column():
            views.NetworkView(run, tick, classroom.lock)
        with solara.Column():
            solara.Text("The eight conditions for lasting collaboration", classes=["lc-title"])
            views.ConditionsView(run, tick)
            solara.Text("Products", classes=["lc-title"])
            views.ProductCounts(run, tick)
        with solara.Column():
            solara.Text("What happened (newest first)", classes=["lc-title"])
            views.EventLog(run, tick, key_moments_only)
    views.ClimateView(run, tick, df, classroom.lock)
    with solara.Columns([7, 5]):
        with solara.Column():
            views.ValueView(run, tick, df, classroom.lock)
        with solara.Column():
            views.ProductsView(run, tick, df, classroom.lock)


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
def Live(classroom: Classroom, on_reset: Callable[[], None], key_moments_only: bool,
         closed: dict[str, bool]) -> None:
    """Everything that changes when the model steps: the one subscriber to Mesa's
    `update_counter`, which hands its value down as `tick`."""
    tick = update_counter.get()
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(4.0)
    message = solara.use_reactive("")

    def frame_shown() -> None:
        classroom.frame_shown.set()

    solara.use_effect(frame_shown, [tick])

    def play_loop() -> None:
        """Step while playing; wait until each frame is drawn, and if drawing falls behind
        the chosen speed, step several weeks per frame rather than queueing frames."""
        weeks = 1
        run = classroom.a
        while playing.value and classroom.running and not closed["value"]:
            started = time.perf_counter()
            if not classroom.step(weeks, only_if=run):
                break
            classroom.frame_shown.clear()
            force_update()
            classroom.frame_shown.wait(timeout=FRAME_TIMEOUT)
            interval = 1.0 / max(speed.value, SPEEDS[0])
            elapsed = time.perf_counter() - started
            weeks = min(MAX_WEEKS_PER_FRAME, max(1, int(elapsed / interval)))
            deadline = started + weeks * interval
            while time.perf_counter() < deadline and playing.value and not closed["value"]:
                time.sleep(min(0.05, max(0.0, deadline - time.perf_counter())))
        if playing.value:
            playing.set(False)

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    def reset() -> None:
        playing.set(False)
        message.set("")
        on_reset()

    Toolbar(classroom, tick, playing, speed, reset)
    if classroom.n_communities > 1:
        CommunityPicker(classroom, tick)
    Interventions(classroom, tick, message).key("interventions")  # keeps its sliders' state
    if classroom.b is None:
        SingleRun(classroom, tick, key_moments_only)
    else:
        with classroom.lock:
            limits = charts.shared_limits([charts.weekly(r.model) for r in classroom.runs])
        with solara.Columns([6, 6]):
            for name in ("A", "B"):
                with solara.Column():
                    RunColumn(classroom, tick, name, limits, key_moments_only)


@solara.component
def Dashboard(classroom: Classroom, in_sidebar: bool = True) -> None:
    """Settings (sidebar) and the live area for one classroom session.

    Args:
        classroom: the session's runs (one per browser session).
        in_sidebar: put the settings in the app's sidebar (False in tests without an
            AppLayout, which then show them above the live area).
    """
    draft = solara.use_reactive(dict(classroom.overrides))
    seed = solara.use_reactive(classroom.seed)
    compare_on = solara.use_reactive(classroom.b is not None)
    compare_with = solara.use_reactive(classroom.compare_with or "no bridge-builder")
    preset = solara.use_reactive(None)
    generation = solara.use_reactive(0)   # bumped when the runs are rebuilt
    error = solara.use_reactive("")
    key_moments_only = solara.use_reactive(False)
    closed = solara.use_memo(lambda: {"value": False}, [])

    def stop_on_unmount():
        def cleanup() -> None:
            closed["value"] = True
            classroom.close()  # give the session's memory back to the server
        return cleanup

    solara.use_effect(stop_on_unmount, [])

    generation.get()  # subscribe: re-render (e.g. the pending note) when the runs are rebuilt
    wanted = {"overrides": draft.value, "seed": seed.value,
              "compare_with": compare_with.value if compare_on.value else None}
    current = {"overrides": classroom.overrides, "seed": classroom.seed,
               "compare_with": classroom.compare_with}
    pending = wanted != current

    def rebuild(settings: dict[str, Any]) -> None:
        try:
            classroom.reset(settings["overrides"], settings["seed"], settings["compare_with"])
        except ValueError as err:  # a setting out of range (ParameterError), or too large
            error.set(f"Cannot start: {err}")
            return
        error.set("")
        generation.set(generation.value + 1)
        force_update()

    def change(**changes: Any) -> None:
        """Record a settings change; apply it at once if the run has not started."""
        new = {**wanted, **changes}
        if "overrides" in changes:
            draft.set(new["overrides"])
        if "seed" in changes:
            seed.set(new["seed"])
        if "compare_with" in changes:
            compare_on.set(new["compare_with"] is not None)
            if new["compare_with"]:
                compare_with.set(new["compare_with"])
        if classroom.week == 0:
            rebuild(new)

    def set_lever(name: str, value: Any) -> None:
        overrides = dict(wanted["overrides"])
        if value == Params.spec(name).default:
            overrides.pop(name, None)
        else:
            overrides[name] = value
        preset.set(None)
        change(overrides=overrides)

    def load_preset(name: str | None) -> None:
        preset.set(name)
        if name:
            change(overrides=dict(presets()[name].overrides))

    wanted_params = Params().replace(**wanted["overrides"])
    values = wanted_params.to_dict()
    specs = {s.name: s for s in Params.specs()}

    solara.Style(style.CSS)
    solara.Title("lcsim classroom dashboard")

    def settings() -> None:
        solara.Text("Settings for the next run", classes=["lc-title"])
        with solara.Row(gap="8px", style={"align-items": "center"}):
            WholeNumberBox("Seed", seed.value, *SEED_RANGE, lambda v: change(seed=v))
            solara.Button("New seed", outlined=True,
                          on_click=lambda: change(seed=secrets.randbelow(100_000)))
        if pending:
            solara.Text("Settings changed: press Reset to start a new run with them "
                        "(or use an intervention to change this run).",
                        classes=["lc-note", "lc-pending"])
        if error.value:
            solara.Text(error.value, classes=["lc-note"])
        # Keys: a note that appears above an element must not rebuild it (a rebuilt
        # "More levers" folds shut, a rebuilt slider is redrawn and rounded again).
        solara.Select("Classroom scenario", values=list(presets()), value=preset.value,
                      on_value=load_preset).key("preset")
        if preset.value:
            solara.Text(presets()[preset.value].description, classes=["lc-help"])
        for name in MAIN_LEVERS:
            Lever(specs[name], values[name], lambda v, n=name: set_lever(n, v)).key(name)
        if values["n_participants"] > LARGE_COMMUNITY:
            solara.Text(f"A community of {values['n_participants']} takes a while to lay out "
                        "and to draw; the page waits until it is ready.", classes=["lc-note"])
        runs = 2 if wanted["compare_with"] else 1
        solara.Text(capacity.limit_text(wanted_params, runs,
                                        classroom.budget.free_for(classroom)),
                    classes=["lc-help", "lc-capacity"]).key("capacity")
        with solara.Details("More levers", expand=False).key("more-levers"):
            for spec in Params.specs():
                if spec.name not in MAIN_LEVERS:
                    Lever(spec, values[spec.name],
                          lambda v, n=spec.name: set_lever(n, v)).key(spec.name)
        region_size = values["n_communities"] * values["n_participants"]
        if values["n_communities"] > 1 and region_size > LARGE_COMMUNITY:
            solara.Text(f"A region of {values['n_communities']} communities "
                        f"({region_size} seats) takes a while to build and to step.",
                        classes=["lc-note"])
        solara.Text("Compare", classes=["lc-title"]).key("compare-title")
        solara.Switch(label="Compare with a second run (B)", value=compare_on.value,
                      on_value=lambda on: change(compare_with=compare_with.value if on
                                                 else None)).key("compare")
        if compare_on.value:
            others = [n for n in presets() if n != "baseline"]
            solara.Select("B = these settings, plus", values=others,
                          value=compare_with.value,
                          on_value=lambda name: change(compare_with=name))
            solara.Text("Both runs use the same seed and step together.", classes=["lc-help"])
        solara.Checkbox(label="Event log: key moments only",
                        value=key_moments_only).key("key-moments")

    with solara.Column(classes=["lc-app"], style={"padding": "4px 12px"}):
        if in_sidebar:
            with solara.Sidebar(), solara.Column(classes=["lc-app"]):
                settings()
        else:
            settings()
        Live(classroom, lambda: rebuild(wanted), key_moments_only.value, closed).key("live")


@solara.component
def Page() -> None:
    """The app: one Classroom per browser session."""

    def new_classroom() -> Classroom | str:
        try:
            return Classroom()
        except capacity.TooLargeError as err:  # the server's memory is taken by others
            return f"This server is full ({err}) Please try again later."

    classroom = solara.use_memo(new_classroom, [])
    solara.AppBarTitle(TITLE)
    if isinstance(classroom, str):
        solara.Text(classroom, classes=["lc-note"])
    else:
        Dashboard(classroom)
