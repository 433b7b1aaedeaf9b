"""The settings of the next run (levers, seed, compare mode), and building the runs they
ask for.

`SettingsControls` holds the Settings panel's reactive values, which `page.Dashboard`
makes with Solara's hooks, and acts on them and on the `Classroom`; it draws nothing.
Settings take effect at once while a run is at week 0; later they wait for Reset. A large
run is built in the background, with a note, while Step waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import solara
from mesa.visualization.utils import force_update

from dashboards import narrative
from dashboards.session import Classroom, presets
from lcsim.assumptions import DEFAULTS
from lcsim.params import Params
from lcsim.roles import max_bridge_builders

LARGE_COMMUNITY = 1000    # participants above which building and drawing get slow


def plain_error(err: Exception) -> str:
    """A setting's error in the dashboard's words: each parameter named by its lever's
    label ("bridge-builders (24) must be at most 19 ..."), not by its name in the code."""
    text = str(err).rstrip(".")
    for spec in Params.specs():
        text = text.replace(f"parameter {spec.name!r}", f"“{spec.label or spec.name}”")
    return text


# eq=False: Solara keeps a callback prop that compares equal, so each render's actions
# must differ from the last render's (as closures do).
@dataclass(eq=False)
class SettingsControls:
    """The Settings panel's state and actions.

    `draft`, `seed`, `compare_on` and `compare_with` are the settings shown; `generation`
    counts the rebuilds of the runs; `error` says why the last build could not start;
    `building` is the note shown while a large run is built in the background
    (`build_request` asks for one, with the settings in `to_build`)."""

    classroom: Classroom
    draft: solara.Reactive[dict[str, Any]]
    seed: solara.Reactive[int]
    compare_on: solara.Reactive[bool]
    compare_with: solara.Reactive[str]
    generation: solara.Reactive[int]
    error: solara.Reactive[str]
    building: solara.Reactive[str]
    build_request: solara.Reactive[int]
    to_build: dict[str, Any]

    @property
    def wanted(self) -> dict[str, Any]:
        """The settings shown: overrides, seed and compare_with (None: no compare)."""
        return {"overrides": self.draft.value, "seed": self.seed.value,
                "compare_with": self.compare_with.value if self.compare_on.value else None}

    @property
    def pending(self) -> bool:
        """The settings shown differ from those of the runs on screen."""
        current = {"overrides": self.classroom.overrides, "seed": self.classroom.seed,
                   "compare_with": self.classroom.compare_with}
        return self.wanted != current

    def show(self, settings: dict[str, Any]) -> None:
        """Put `settings` (overrides, seed, compare_with) in the Settings panel."""
        self.draft.set(dict(settings["overrides"]))
        self.seed.set(settings["seed"])
        self.compare_on.set(settings["compare_with"] is not None)
        if settings["compare_with"]:
            self.compare_with.set(settings["compare_with"])

    def build(self, settings: dict[str, Any]) -> None:
        """Build the runs of `settings` now; a setting out of range is said in `error`."""
        try:
            self.classroom.reset(settings["overrides"], settings["seed"],
                                 settings["compare_with"])
        except ValueError as err:  # a setting out of range (ParameterError), or too large
            self.error.set(f"Cannot start a new run: {plain_error(err)}. The run on "
                           "screen stays; change that setting and press Reset.")
            return
        self.error.set("")
        self.generation.set(self.generation.value + 1)
        force_update()

    def build_in_background(self) -> None:
        """The background task: build the runs asked for in `to_build`, if any."""
        if not self.to_build:
            return
        settings = dict(self.to_build)
        self.to_build.clear()
        try:
            self.build(settings)
        finally:
            self.classroom.building = False
            self.building.set("")
            force_update()

    def rebuild(self, settings: dict[str, Any]) -> None:
        """Build the runs; a large one in the background, with a note and Step disabled
        (a Step clicked meanwhile is ignored, never applied to the new run)."""
        params = Params().replace(**{k: v for k, v in settings["overrides"].items()
                                     if k in Params.__dataclass_fields__})
        seats = params.n_participants * params.n_communities * \
            (2 if settings["compare_with"] else 1)
        if seats <= LARGE_COMMUNITY:
            self.build(settings)
            return
        self.classroom.building = True
        self.to_build.update(settings)
        self.building.set(f"Building {narrative.plural(seats, 'seat')} "
                          f"({narrative.plural(params.n_participants, 'participant')} per "
                          "community): this takes about a minute for 5,000. The old run is "
                          "greyed out and Step waits until the new one is ready.")
        self.build_request.set(self.build_request.value + 1)

    def change(self, **changes: Any) -> None:
        """Record a settings change; apply it at once if the run has not started."""
        new = {**self.wanted, **changes}
        if "overrides" in changes:
            self.draft.set(new["overrides"])
        if "seed" in changes:
            self.seed.set(new["seed"])
        if "compare_with" in changes:
            self.compare_on.set(new["compare_with"] is not None)
            if new["compare_with"]:
                self.compare_with.set(new["compare_with"])
        if self.classroom.week == 0:
            self.rebuild(new)

    def set_lever(self, name: str, value: Any) -> None:
        """One lever to a value (its default drops the override). A smaller community
        takes the bridge-builders down to as many as it can seat, as their slider does."""
        overrides = dict(self.wanted["overrides"])
        changed = {name: value}
        if name == "n_participants":
            most = max_bridge_builders(int(value), DEFAULTS.array("role_mix"))
            wanted = overrides.get("n_bridge_builders",
                                   Params.spec("n_bridge_builders").default)
            changed["n_bridge_builders"] = min(wanted, most)
        for lever, new in changed.items():
            if new == Params.spec(lever).default:
                overrides.pop(lever, None)
            else:
                overrides[lever] = new
        self.change(overrides=overrides)

    def load_preset(self, name: str | None) -> None:
        """The levers of a classroom scenario (`session.presets`)."""
        if name:
            self.change(overrides=dict(presets()[name].overrides))

    def start_run(self, overrides: dict[str, Any], new_seed: int) -> None:
        """A lesson's run: these settings and seed, one run, from week 0 now; the
        teacher's own settings wait for the end of the lesson (`own_settings`)."""
        self.classroom.view.setdefault("own_settings", dict(self.wanted))
        shown = {"overrides": dict(overrides), "seed": new_seed, "compare_with": None}
        self.show(shown)
        self.rebuild(shown)

    def own_settings(self) -> dict[str, Any] | None:
        """The settings from before a lesson back in Settings (None: none saved)."""
        saved = self.classroom.view.pop("own_settings", None)
        if saved is not None:
            self.show(saved)
        return saved

    def reset(self, back: dict[str, Any] | None = None) -> None:
        """Reset: new runs with `back` (the teacher's settings after a lesson), else with
        the settings shown."""
        self.rebuild(back or self.wanted)
