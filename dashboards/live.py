"""What the live area's buttons do: play on a clock, run until a target, Reset, and the
steps of a guided lesson.

`LiveControls` holds the live area's reactive values, which `page.Live` makes with Solara's
hooks, and acts on them and on the `Classroom`; it draws nothing. Stepping follows Mesa's
visualisation protocol: step the model, then `force_update()`, and wait until the page
has drawn the frame (`Classroom.frame_shown`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import solara
from mesa.visualization.utils import force_update

from dashboards import lessons
from dashboards.session import Classroom, Run, Target

MAX_WEEKS_PER_FRAME = 8   # when drawing cannot keep up with the speed, skip frames, not weeks
FRAME_TIMEOUT = 5.0       # seconds the play loop waits for a frame to be drawn
UNTIL_SPEED = 20.0        # weeks per second of "run until" and of lessons
SIDE_TABS = ("Event log", "Interventions", "Lessons", "Export")


# eq=False: Solara keeps a callback prop that compares equal, so each render's actions
# must differ from the last render's (as closures do).
@dataclass(eq=False)
class LiveControls:
    """The live area's state and actions.

    `shown` is the run that play steps (the one on screen when this render was made, not
    one a Reset has built since); `closed` says whether the page has gone (`value`) and
    which page owns the classroom (`owner`). `on_reset(settings)` builds a new run (the
    teacher's own settings when a lesson is left, else None: the settings shown);
    `start_run(overrides, seed)` builds a lesson's run; `own_settings()` puts the
    teacher's settings from before a lesson back and returns them (None: no lesson).
    `stopped` is the lesson a Reset stopped and the week it got to ({"lesson", "week"};
    None: none), which the lesson card then reports. `render_context` (the page's, from
    reacton) batches the reactive changes of one click into one render; None (tests
    without a page) batches nothing."""

    classroom: Classroom
    shown: Run | None
    closed: dict[str, Any]
    playing: solara.Reactive[bool]
    speed: solara.Reactive[float]
    message: solara.Reactive[str]
    chart: solara.Reactive[str]
    tab: solara.Reactive[str]
    until: solara.Reactive[Target | None]   # a Target while "run until" runs
    note: solara.Reactive[str]              # what "run until" could not do
    lesson: solara.Reactive[lessons.Lesson | None]
    moment: solara.Reactive[int]
    goal: solara.Reactive[Target | None]    # the Target of the lesson's moment
    stats: dict[str, float]                 # the speed play reaches (read when drawing)
    key_moments_only: solara.Reactive[bool]
    on_reset: Callable[[dict[str, Any] | None], None]
    start_run: Callable[[dict[str, Any], int], None]
    own_settings: Callable[[], dict[str, Any] | None]
    plays: solara.Reactive[int]             # counts the requests for a new play loop
    hand_over: threading.Lock               # between a play loop ending and "Go on"
    player: dict[str, Run | None]           # "run": the run a play loop is playing
    stopped: solara.Reactive[dict[str, Any] | None]  # the lesson a Reset stopped
    render_context: Any = None              # reacton's render context of the page

    def batch(self) -> contextlib.AbstractContextManager:
        """One render for every reactive change made inside it: reacton's render context
        as a context manager, the batching that Solara documents (issue 637; Solara has
        no public batch API yet). Outside a page, a context that does nothing."""
        return self.render_context if self.render_context is not None \
            else contextlib.nullcontext()

    @property
    def in_lesson(self) -> bool:
        """A lesson is under way at one of its moments."""
        return self.lesson.value is not None and self.goal.value is not None

    @property
    def lesson_waits(self) -> bool:
        """At a lesson's moment: "Go on" plays on, not Play."""
        return self.in_lesson and self.classroom.reached(self.goal.value)

    def aim(self) -> Target | None:
        """Where play stops: "run until"'s target, else the lesson's next moment."""
        if self.until.value is not None:
            return self.until.value
        if self.in_lesson and not self.classroom.reached(self.goal.value):
            return self.goal.value
        return None

    def gone(self) -> bool:
        """The page has closed, or a reload of its tab took the run."""
        mine = self.closed.get("owner")
        return self.closed["value"] or (mine is not None and self.classroom.owner is not mine)

    def play_loop(self) -> None:
        """Play the run on screen while `playing`: towards `aim()` when there is one (and
        on to the next aim that a lesson's "Go on" sets meanwhile), else freely at the
        chosen speed. One loop plays a run: a loop that finds another one playing the same
        run leaves it to that one; a loop of a run no longer shown steps nothing."""
        run = self.shown
        with self.hand_over:
            if self.player.get("run") is run:
                return
            self.player["run"] = run
        while True:
            self._play_towards(run, self.aim())
            if self._stop_playing(run):
                return

    def _play_towards(self, run: Run, target: Target | None) -> None:
        """Step on a clock: after each frame, step as many weeks as the chosen speed asks
        for since play started (at most MAX_WEEKS_PER_FRAME a frame), so the speed holds
        when drawing is slow; with a target, until it is reached, at UNTIL_SPEED unless the
        speed slider is moved meanwhile (a teacher slowing a lesson down to talk over it).
        `stats["fast"]` says that play goes at UNTIL_SPEED rather than the slider's."""
        rate = UNTIL_SPEED if target is not None else self.speed.value
        chosen = self.speed.value
        started, first = time.perf_counter(), run.root.steps
        self.stats.clear()
        self.stats["fast"] = rate != chosen
        while self.playing.value and self.classroom.running and not self.gone():
            if target is not None and self.classroom.reached(target):
                break
            if self.speed.value != chosen:   # the slider moved: its speed, on a new clock
                chosen = rate = self.speed.value
                started, first = time.perf_counter(), run.root.steps
                self.stats["fast"] = False
            if not self._step_frame(run, target, rate, started, first):
                break
        if target is not None and target is self.until.value:
            self.until.set(None)
            if self.classroom.a is run:
                self.note.set(self.classroom.fell_short(target))

    def _stop_playing(self, run: Run) -> bool:
        """Whether play of `run` ends now (then Play comes back): not while it is still
        asked to play towards a target not yet reached (a lesson's "Go on" that came as
        the last one was reached). Holding `hand_over`, as the requests to play do, so
        that no request falls between this check and the stop."""
        with self.hand_over:
            aim = self.aim()
            if (self.playing.value and self.classroom.a is run and self.classroom.running
                    and not self.gone() and aim is not None
                    and not self.classroom.reached(aim)):
                return False
            if self.player.get("run") is run:
                self.player["run"] = None
            if self.playing.value and self.classroom.a is run:  # not the play of a newer run
                self.playing.set(False)
            return True

    def _ask_to_play(self) -> None:
        """Play on (holding `hand_over`): a new play loop unless one is playing the run."""
        self.playing.set(True)
        if self.player.get("run") is not self.classroom.a:
            self.plays.set(self.plays.value + 1)

    def play_pause(self) -> None:
        """The toolbar's Play / Pause."""
        if self.playing.value:
            self.playing.set(False)
            return
        with self.hand_over:
            self._ask_to_play()

    def _step_frame(self, run: Run, target: Target | None, rate: float, started: float,
                    first: int) -> bool:
        """Step the weeks due by the clock, show them, and wait until the next week is
        due; False when the run could not step (it ended, or another run is shown)."""
        due = first + int((time.perf_counter() - started) * rate) + 1 - run.root.steps
        weeks = max(1, min(MAX_WEEKS_PER_FRAME, due))
        if target is not None and target.kind == "week":
            weeks = max(1, min(weeks, target.week - run.root.steps))
        if not self.classroom.step(weeks, only_if=run, until=target):
            return False
        # The first week is due at once, as if the clock had started a week earlier.
        elapsed = time.perf_counter() - started + 1.0 / rate
        self.stats["achieved"] = (run.root.steps - first) / elapsed
        self.classroom.frame_shown.clear()
        force_update()
        self.classroom.frame_shown.wait(timeout=FRAME_TIMEOUT)
        wake = started + (run.root.steps - first) / rate   # when the next week is due
        while time.perf_counter() < wake and self.playing.value and not self.gone():
            time.sleep(min(0.02, max(0.0, wake - time.perf_counter())))
        return True

    def run_until(self, target: Target) -> None:
        """Play at UNTIL_SPEED until `target`, or say why that cannot start."""
        why_not = self.classroom.cannot_start(target)
        self.note.set(why_not)
        if why_not:
            return
        with self.hand_over:
            self.until.set(target)
            self._ask_to_play()

    def close_lesson(self) -> dict[str, Any] | None:
        """Leave the lesson; the teacher's own settings go back into Settings."""
        self.lesson.set(None)
        self.goal.set(None)
        self.playing.set(False)
        self.until.set(None)
        return self.own_settings()

    def leave_lesson(self) -> None:
        """The lesson card's Leave: close the lesson and say what the settings are now."""
        title = self.lesson.value.title if self.lesson.value is not None else ""
        back = self.close_lesson()
        self.message.set(f"The lesson “{title}” is closed" + (
            ": your own settings are back in Settings; press Reset to start a run with "
            "them." if back else "."))

    def reset(self) -> None:
        """A new run from week 0 with the settings shown in Settings, as always. A lesson
        under way stops: the lesson card says so, with the seed of the new run and how
        to start the lesson again (`stopped`); the Settings stay as they are shown, so
        the run is the one they describe (the teacher's own settings from before the
        lesson wait behind the card's "My settings back")."""
        with self.batch():
            current = self.lesson.value
            if current is not None:
                self.stopped.set({"lesson": current, "week": self.classroom.week})
                self.lesson.set(None)
                self.goal.set(None)
            self.playing.set(False)
            self.until.set(None)
            self.message.set("")
            self.note.set("")
            self.on_reset(None)

    def restore_own(self) -> None:
        """The stopped lesson's "My settings back": the teacher's settings from before
        the lesson go back into Settings; at week 0 the run starts from them at once (as
        any setting does at week 0), later they wait for Reset. The message says which."""
        with self.batch():
            self.stopped.set(None)
            back = self.own_settings()
            if back is None:
                return
            if self.classroom.week == 0:
                self.on_reset(back)
                self.message.set("Your own settings are back in Settings, and the run "
                                 f"starts from them (seed {back['seed']}).")
            else:
                self.message.set(f"Your own settings are back in Settings (seed "
                                 f"{back['seed']}); press Reset to start a run with them.")

    def close_stopped(self) -> None:
        """Close the card of a lesson a Reset stopped; the settings stay as shown."""
        with self.batch():
            self.stopped.set(None)
            self.classroom.view.pop("own_settings", None)

    def go_to(self, current: lessons.Lesson, index: int) -> None:
        """Play on to moment `index` of the lesson, showing its chart."""
        step = current.moments[index]
        # One render for the jump, not one per value; it is drawn after the lock is free.
        with self.batch(), self.hand_over:
            self.moment.set(index)
            if step.chart:
                self.chart.set(step.chart)
            self.goal.set(step.target(since=self.classroom.week))
            self.until.set(None)
            self.note.set("")
            self._ask_to_play()
            self.plays.set(self.plays.value + 1)   # a new play loop, even if one is ending

    def start_lesson(self, chosen: lessons.Lesson, seed: int | None = None) -> None:
        """Start a lesson: its run from week 0 (with the lesson's seed, or `seed` for
        another run of it), key moments in the log, to its first moment."""
        with self.batch():
            self.playing.set(False)
            self.message.set("")
            self.stopped.set(None)
            self.start_run(chosen.overrides, chosen.seed if seed is None else seed)
            self.key_moments_only.set(True)
            self.lesson.set(chosen)
            self.tab.set(SIDE_TABS[0])
            self.go_to(chosen, 0)

    def go_on(self) -> None:
        """The lesson card's Go on: the moment's intervention (if any), then on to the
        next moment."""
        current = self.lesson.value
        step = current.moments[self.moment.value]
        with self.batch():
            if step.then:
                self.classroom.intervene(step.then, "A+B")
            self.go_to(current, self.moment.value + 1)
