"""One classroom session: the run on screen (A), an optional comparison run (B), and the
interventions a teacher can make. Plain Python, no Solara, so it is easy to test.

Each browser session owns one `Classroom`; nothing here is shared between sessions.
A run is built with `lcsim.build_model`: one community, or a region of communities when
`n_communities` > 1. The views always show one community (`Run.model`); in a region that
is the community the class has chosen (`Classroom.community`), while stepping moves the
whole region.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dashboards import capacity
from lcsim.ecosystem import RegionModel, build_model
from lcsim.model import LearningCommunityModel
from lcsim.params import Params
from lcsim.rules import funding
from lcsim.scenarios import Scenario, classroom_presets

DEFAULT_SEED = 42

# The levers shown first, in this order; every other Params field sits under "More levers"
# (including the region's n_communities and shared_member_share).
MAIN_LEVERS = (
    "funding_years", "n_bridge_builders", "stereotype_strength", "participation_policy",
    "psychological_safety", "embrace_failure", "turnover_rate", "landing_places",
    "n_participants",
)


@dataclass(frozen=True)
class Action:
    """An intervention this dashboard made: when, which (`INTERVENTION_BY_KEY`), where.

    The model's event log says that an intervention happened; these records say which
    button it was, so the log and the charts can name it when its effect shows.
    """

    week: int
    key: str
    community: int = 0
    options: tuple[tuple[str, float], ...] = ()  # its sliders' values, to replay it exactly
    logged: int = -1  # events in the community's log before it: its place in the log
    # (-1: not known; then only events of later weeks count as after it)


@dataclass
class Run:
    """A model with the settings and seed it was built from.

    `root` is what `build_model` returned and what steps; `model` is the community on
    screen: `root` itself, or community `community` of a region.
    """

    name: str
    overrides: dict[str, Any]
    seed: int
    community: int = 0
    root: LearningCommunityModel | RegionModel = field(init=False)
    model: LearningCommunityModel = field(init=False)
    actions: list[Action] = field(default_factory=list)
    presses: list[Action] = field(default_factory=list)  # every press, even to no effect

    def __post_init__(self) -> None:
        self.root = build_model(Params().replace(**self.overrides), rng=self.seed)
        self.show(self.community)

    @property
    def region(self) -> RegionModel | None:
        """The region, or None for a single community."""
        return self.root if isinstance(self.root, RegionModel) else None

    @property
    def n_communities(self) -> int:
        region = self.region
        return 1 if region is None else len(region.communities)

    def show(self, community: int) -> None:
        """Put community `community` (clamped to the region) on screen."""
        region = self.region
        self.community = max(0, min(int(community), self.n_communities - 1))
        self.model = self.root if region is None else region.communities[self.community]
        self.model.layout()  # computed once, so the network never jumps between frames


@dataclass(frozen=True)
class Intervention:
    """A button: what it is called, what it means, and the model method it calls.

    `apply` returns whether it changed anything; when it did not, `nothing` says why
    (a text, or a function of the model that gives one).
    """

    key: str
    label: str
    help: str
    apply: Callable[[LearningCommunityModel, dict[str, float]], bool]
    short: str = "intervention"  # its name on a chart mark and in the event log
    nothing: str | Callable[[LearningCommunityModel], str] = "it had no effect"

    def why_nothing(self, model: LearningCommunityModel) -> str:
        """Why pressing it changed nothing in `model`."""
        return self.nothing(model) if callable(self.nothing) else self.nothing


def _grant(model: LearningCommunityModel, options: dict[str, float]) -> bool:
    model.grant_follow_up(options.get("follow_up_years", 2.0))
    return True


def _policy(model: LearningCommunityModel, options: dict[str, float]) -> bool:
    model.start_participation_policy(options.get("policy_level", 0.8))
    return True


def _no_funding_left(model: LearningCommunityModel) -> str:
    if model.funding_state == funding.NONE:
        return "nothing to end: funding has already ended"
    return "nothing to end: funding already ends after this week"


def _workshop(model: LearningCommunityModel, options: dict[str, float]) -> bool:
    model.hold_stereotype_workshop()
    return True


INTERVENTIONS = (
    Intervention("appoint", "Appoint a bridge-builder",
                 "An educator or researcher takes on the bridge-builder function.",
                 lambda m, o: m.appoint_bridge_builder() is not None,
                 short="appointment of a bridge-builder",
                 nothing="nobody to appoint: every member is already a bridge-builder"),
    Intervention("withdraw", "Withdraw a bridge-builder",
                 "A bridge-builder loses the function but stays as a member.",
                 lambda m, o: m.withdraw_bridge_builder() is not None,
                 short="withdrawal of a bridge-builder",
                 nothing="nobody to withdraw: there is no bridge-builder"),
    Intervention("end_funding", "End funding now",
                 "The funder stops paying members' time from next week.",
                 lambda m, o: m.end_funding_now() is not False, short="early end of funding",
                 nothing=_no_funding_left),
    Intervention("follow_up", "Grant follow-up funding",
                 "More years of paid time after the subsidy ends.", _grant,
                 short="follow-up funding"),
    Intervention("policy", "Start a participation policy",
                 "mbo staff and people with dementia are invited early and as partners.",
                 _policy, short="participation policy"),
    Intervention("workshop", "Workshop against stereotypes",
                 "Members learn what each group's knowledge is worth.", _workshop,
                 short="workshop"),
    Intervention("member_leaves", "A member leaves",
                 "Someone who is not a bridge-builder leaves now.",
                 lambda m, o: m.member_leaves() is not None, short="departure of a member",
                 nothing="nobody to leave: no member besides the bridge-builders is left"),
    Intervention("bb_leaves", "A bridge-builder leaves",
                 "A bridge-builder leaves the community now.",
                 lambda m, o: m.member_leaves(bridge_builder=True) is not None,
                 short="departure of a bridge-builder",
                 nothing="nobody to leave: there is no bridge-builder"),
    Intervention("leader_leaves", "The project leader leaves",
                 "The project leader leaves now; a newcomer must grow into the post.",
                 lambda m, o: m.leader_leaves() is not None,
                 short="departure of the project leader",
                 nothing="nobody to leave: the project leader's post is empty"),
)
INTERVENTION_BY_KEY = {i.key: i for i in INTERVENTIONS}

TARGET_KINDS = ("week", "funding end", "dissolution", "end", "event")


@dataclass(frozen=True)
class Target:
    """Where "run until" stops: a week, the last week of funding (the last week a funder
    pays members' time, as planned now: there is still time to grant follow-up funding),
    the community dissolving, the end of the run, or (lessons) the first event of a kind
    from week `since` on. Each stops once the week it names has run."""

    kind: str
    week: int = 0
    event: str = ""
    since: int = 0

    def __post_init__(self) -> None:
        if self.kind not in TARGET_KINDS:
            raise ValueError(f"run until: {self.kind!r} is not one of {', '.join(TARGET_KINDS)}")

    def describe(self) -> str:
        """In words, e.g. "week 55", "the end of funding"."""
        return {"week": f"week {self.week}", "funding end": "the last week of funding",
                "dissolution": "the community dissolves", "end": "the end of the run",
                "event": f"the next '{self.event}'"}[self.kind]


def presets() -> dict[str, Scenario]:
    """The classroom presets (configs/classroom.toml), by name."""
    return classroom_presets()


class Classroom:
    """What one browser session shows: run A and, in compare mode, run B.

    B uses A's settings plus one preset's changes and the same seed, so the two runs
    differ only in that change (and in any intervention made to one of them).

    The runs' estimated memory is reserved from `budget` (by default the server's, shared
    by every session) before they are built; `close` gives it back.
    """

    def __init__(self, overrides: dict[str, Any] | None = None, seed: int = DEFAULT_SEED,
                 compare_with: str | None = None,
                 budget: capacity.MemoryBudget | None = None) -> None:
        self.budget = budget or capacity.server_budget()
        self.lock = threading.RLock()
        self.frame_shown = threading.Event()  # set by the page once a frame is drawn
        self.a: Run
        self.b: Run | None = None
        self.compare_with: str | None = None
        self.community = 0  # the community on screen when a run is a region
        self.building = False  # a new run is being built in the background
        self.owner: object | None = None  # the page showing this classroom (see Parking)
        # What the page shows besides the runs (a lesson under way, its moment, the chart,
        # projector mode, the teacher's own settings during a lesson): a reloaded page
        # gets it back with the runs (see Parking).
        self.view: dict[str, Any] = {}
        self.reset(overrides or {}, seed, compare_with)

    # ---------------------------------------------------------------- building runs
    def reset(self, overrides: dict[str, Any], seed: int,
              compare_with: str | None = None) -> None:
        """Start again at week 0 with these settings and seed (and B if asked).

        Raises:
            ParameterError: a setting is out of range.
            capacity.TooLargeError: the runs would not fit in the memory the server has
                left for this session.
            Either way the current runs stay as they were.
        """
        params = Params().replace(**overrides)  # validate before touching the current runs
        change = presets()[compare_with].overrides if compare_with else None
        wanted = [params] if change is None else [params, params.replace(**change)]
        with self.lock:
            held = self.budget.held(self)
            capacity.reserve_runs(self.budget, self, wanted)
            try:
                a = Run("A", dict(overrides), int(seed), self.community)
                b = None if change is None else \
                    Run("B", {**overrides, **change}, int(seed), self.community)
            except BaseException:
                self.budget.reserve(self, held, force=True)  # the old runs stay
                raise
            self.a, self.b, self.compare_with = a, b, compare_with
            self.community = a.community

    def close(self) -> None:
        """Give this session's memory reservation back (its page has closed)."""
        self.budget.release(self)

    def show(self, community: int) -> None:
        """Show community `community` of the region(s); stepping is unchanged."""
        with self.lock:
            for run in self.runs:
                run.show(community)
            self.community = self.a.community

    @property
    def n_communities(self) -> int:
        """Communities in the largest run on screen (1 without a region)."""
        return max(run.n_communities for run in self.runs)

    @property
    def runs(self) -> list[Run]:
        return [self.a] if self.b is None else [self.a, self.b]

    @property
    def seed(self) -> int:
        return self.a.seed

    @property
    def overrides(self) -> dict[str, Any]:
        return dict(self.a.overrides)

    @property
    def week(self) -> int:
        return max(run.root.steps for run in self.runs)

    @property
    def running(self) -> bool:
        """True while any run on screen (any community of a region) has weeks left."""
        return any(run.root.running for run in self.runs)

    # ---------------------------------------------------------------- acting on runs
    def step(self, weeks: int = 1, only_if: Run | None = None,
             until: Target | None = None) -> bool:
        """Advance every unfinished run (a whole region) by `weeks` weeks, together.

        With `only_if`, step only while run A is still that run (the play loop must not
        step a run that a Reset has just replaced); with `until`, stop after the week in
        which run A reaches that target (a lesson's moment "event: stereotypes shift" is
        shown in the week of the event, even when a slow screen makes play step several
        weeks a frame). Returns whether it stepped.
        """
        with self.lock:
            if only_if is not None and self.a is not only_if:
                return False
            for _ in range(weeks):
                for run in self.runs:
                    if run.root.running:
                        run.root.step()
                if until is not None and self.reached(until):
                    break
            return True

    def intervene(self, key: str, target: str = "A",
                  options: dict[str, float] | None = None) -> dict[str, str]:
        """Apply an intervention to run A, B or both ("A+B"), to the community on screen.

        Every press is recorded (`Run.presses`), one that changed something also as an
        `Action`. Returns, by run name, why it changed nothing there (empty: it acted).
        """
        intervention = INTERVENTION_BY_KEY[key]
        problems = {}
        with self.lock:
            for run in self.runs:
                if run.name not in target:
                    continue
                action = Action(int(run.model.steps), key, run.community,
                                tuple(sorted((options or {}).items())),
                                logged=len(run.model.events))
                run.presses.append(action)
                if intervention.apply(run.model, options or {}):
                    run.actions.append(action)
                else:
                    problems[run.name] = intervention.why_nothing(run.model)
        return problems

    def presses(self, key: str, name: str = "A") -> int:
        """How often the intervention `key` was pressed in this week, in run `name`, in
        the community on screen (whether or not it changed anything)."""
        run = self.a if name == "A" or self.b is None else self.b
        week = int(run.model.steps)
        return sum(1 for p in run.presses if p.key == key and p.week == week
                   and p.community == run.community)

    def met(self, target: Target) -> bool:
        """Whether run A has got to `target` (see `Target`), whether or not it runs on."""
        model = self.a.model
        if target.kind == "week":
            return self.a.root.steps >= target.week
        if target.kind == "funding end":
            return model.funding_next_week() == funding.NONE
        if target.kind == "dissolution":
            return any(e.kind == "community dissolves" for e in model.events)
        if target.kind == "event":
            return any(e.kind == target.event and e.week >= target.since for e in model.events)
        return not self.a.root.running  # "end"

    def reached(self, target: Target) -> bool:
        """Whether run A has reached `target`, or cannot go further."""
        return not self.a.root.running or self.met(target)

    def cannot_start(self, target: Target) -> str:
        """Why "run until" `target` would not move run A ("" when it would), e.g.
        "Week 10 has passed: the run is at week 61."."""
        week = self.a.root.steps
        if not self.a.root.running:
            return "The run has ended. Press Reset for a new run."
        if not self.met(target):
            return ""
        if target.kind == "week":
            return f"Week {target.week} has passed: the run is at week {week}."
        if target.kind == "funding end":
            return self._funding_over(week)
        return f"Already there: the run is at week {week}."

    def _funding_over(self, week: int) -> str:
        """Why run A has no last week of funding ahead (its funding ends after this week,
        ended before, or never was)."""
        model = self.a.model
        if model.funding_state != funding.NONE:
            return f"Already there: week {week} is the last week of funding."
        ended = [e.week for e in model.events if e.kind == "funding ends"]
        if ended:
            return f"Funding has already ended: week {ended[-1] - 1} was its last week."
        return "This run has no funding to end (External funding is 0 years)."

    def fell_short(self, target: Target) -> str:
        """After "run until" `target` stopped: why run A is not there ("" when it is), e.g.
        "The run reached its last week (312) without the community dissolving."."""
        if self.met(target) or self.a.root.running:
            return ""
        week = self.a.root.steps
        ended = f"The run reached its last week ({week})" if week >= self.a.model.end_week \
            else f"The run ended at week {week}"
        missing = {"week": f"before week {target.week}",
                   "funding end": "before its last week of funding",
                   "dissolution": "without the community dissolving",
                   "event": f"without a '{target.event}'"}.get(target.kind, "")
        return f"{ended} {missing}.".replace(" .", ".")


def matching_preset(overrides: dict[str, Any]) -> str | None:
    """The classroom preset whose settings these are (None when no preset matches)."""
    params = Params().replace(**overrides)
    for name, scenario in presets().items():
        if Params().replace(**scenario.overrides) == params:
            return name
    return None


PARK_SECONDS = 600.0  # how long the run of a closed or reloaded page waits to be claimed


class Parking:
    """Each browser tab's classroom, so that a reloaded tab gets its run back.

    A page names its tab with a key that survives a reload of that tab but not a new tab
    (the browser's sessionStorage, prefixed with the session cookie). `attach` records the
    classroom a tab shows; `claim` hands it to the tab's next page (a reload), which
    becomes its owner, so the old page's play loop stops and its unmount leaves it alone.
    When a page goes, `park` keeps its classroom (and its memory reservation) for
    `seconds`; nobody claiming it by then, it is closed and its memory given back.

    Thread-safe: pages mount and unmount on different threads.
    """

    def __init__(self, seconds: float = PARK_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._by_key: dict[str, tuple[Classroom, float | None]] = {}  # deadline when parked

    def attach(self, key: str, classroom: Classroom, owner: object) -> None:
        """Record that the page `owner` shows `classroom` in the tab `key`."""
        with self._lock:
            classroom.owner = owner
            self._by_key[key] = (classroom, None)
        self.expire()

    def claim(self, key: str, owner: object) -> Classroom | None:
        """The classroom last shown in tab `key`, now owned by `owner`; None if none waits."""
        self.expire()
        with self._lock:
            found = self._by_key.get(key)
            if found is None:
                return None
            classroom = found[0]
            classroom.owner = owner
            self._by_key[key] = (classroom, None)
            return classroom

    def park(self, key: str, classroom: Classroom, owner: object) -> bool:
        """The page `owner` has gone: keep its classroom for `seconds` if it still owns it.

        Returns whether it was parked (False: another page has claimed it meanwhile).
        """
        with self._lock:
            if classroom.owner is not owner or self._by_key.get(key, (None,))[0] is not classroom:
                return False
            self._by_key[key] = (classroom, self.clock() + self.seconds)
            timer = threading.Timer(self.seconds + 1.0, self.expire)
            timer.daemon = True
            timer.start()
            return True

    def expire(self) -> None:
        """Close every parked classroom whose time is up."""
        now = self.clock()
        with self._lock:
            gone = [key for key, (_, deadline) in self._by_key.items()
                    if deadline is not None and deadline <= now]
            closing = [self._by_key.pop(key)[0] for key in gone]
        for classroom in closing:
            classroom.owner = None
            classroom.close()

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_key)


PARKING = Parking()
