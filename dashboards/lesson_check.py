"""Play a guided lesson headless, as the dashboard plays it, and see whether each moment
shows what the lesson expects; scan seeds to pick one where it shows clearly.

A lesson's run is the dashboard's own: a `Classroom` built from the lesson's preset,
levers and seed, stepped a week at a time to each moment's target, the narration filled
from `page.narration_values`, and the moment's `then` intervention made when the class
goes on. A moment's `expect` (see `dashboards.lessons`) names the narration flags that
are true when the run shows the lesson's effect there.

    .venv/bin/python -m dashboards.lesson_check                 # each lesson, its own seed
    .venv/bin/python -m dashboards.lesson_check --seeds 200     # share of seeds 0..199

A moment that names a comparison run (`compare`) plays it as the dashboard does
(`dashboards.counterfactual`), once, at the moment.

The scan prints, per lesson, the share of seeds where every expected flag is true and
the size of the effect (the change of the indicator a `fell_`/`rose_` flag names, from
the previous pause to the moment, or its distance from the comparison run's for a
`lower_than_`/`higher_than_` flag), so a seed can be picked where the effect shows and
is of a typical size; then the lesson file's comment says so.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from dashboards import counterfactual, lessons
from dashboards.page import narration_values
from dashboards.session import Classroom


@dataclass(frozen=True)
class Pause:
    """A lesson's moment as the class saw it: where the run stopped and what it said."""

    moment: int
    week: int
    met: bool            # the run got to the moment's target (not only to its end)
    values: dict[str, Any]
    narration: str
    question: str
    expected: tuple[str, ...]

    @property
    def missing(self) -> list[str]:
        """What the moment expects that this run does not show (empty: the effect shows)."""
        return lessons.unmet(self.expected, self.values, self.narration)

    @property
    def shows(self) -> bool:
        return self.met and not self.missing

    def change(self, flag: str) -> float | None:
        """How far the indicator a `fell_`/`rose_` flag names moved since the previous
        pause, or how far a `lower_than_`/`higher_than_` flag's indicator is from the
        comparison run's (positive in the expected direction); None for another flag."""
        for prefix, sign in (("fell_", -1.0), ("rose_", 1.0)):
            if flag.startswith(prefix):
                name = flag[len(prefix):]
                return sign * (float(self.values[name])
                               - float(self.values[f"previous_{name}"]))
        compared = lessons.COMPARED_FLAG.match(flag)
        if compared:
            sign = -1.0 if compared.group(1) == "lower" else 1.0
            word, name = compared.group(2), compared.group(3)
            other = self.values.get(f"{word}_{name}")
            return None if other is None else sign * (float(self.values[name]) - other)
        return None


def play(lesson: lessons.Lesson, seed: int | None = None) -> list[Pause]:
    """Play `lesson` (with `seed`, default its own) to its last moment, a week at a time,
    going on with each moment's intervention; one `Pause` per moment."""
    classroom = Classroom(lesson.overrides, lesson.seed if seed is None else seed)
    pauses = []
    try:
        for index, moment in enumerate(lesson.moments):
            target = moment.target(since=classroom.week)
            while not classroom.reached(target):
                classroom.step(1)
            comparison = moment.comparison
            compared = comparison and counterfactual.compare(classroom, *comparison,
                                                             target.since)
            values = narration_values(classroom.a, target.since, compared or None)
            pauses.append(Pause(index, classroom.week, classroom.met(target), values,
                                lessons.fill(moment.narration, values),
                                lessons.fill(moment.question, values), moment.expect))
            if moment.then and index < len(lesson.moments) - 1:
                classroom.intervene(moment.then, "A+B")
    finally:
        classroom.close()
    return pauses


def _until_last_expectation(lesson: lessons.Lesson) -> lessons.Lesson:
    """The lesson cut after its last moment with an `expect` (the rest shows nothing to
    check, so a scan need not run it)."""
    last = max((i for i, m in enumerate(lesson.moments) if m.expect), default=-1)
    return lessons.Lesson(lesson.title, lesson.summary, lesson.moments[:last + 1],
                          lesson.preset, lesson.seed, lesson.levers, lesson.path)


@dataclass(frozen=True)
class Outcome:
    """One seed of a scan: whether every expectation held, and the effect sizes."""

    seed: int
    shows: bool
    changes: tuple[float, ...]   # per expected fell_/rose_ flag, in the expected direction
    missing: tuple[str, ...]
    also: tuple[bool, ...] = ()  # the flags asked for with --also, at the last check


def outcome(lesson: lessons.Lesson, seed: int, also: tuple[str, ...] = ()) -> Outcome:
    """Play the lesson with `seed` up to its last expectation; `also` names flags (e.g.
    "phase_sustain") whose value there is recorded as well."""
    pauses = play(_until_last_expectation(lesson), seed)
    checked = [p for p in pauses if p.expected]
    changes = tuple(c for p in checked for f in p.expected
                    if (c := p.change(f)) is not None)
    missing = tuple(f"moment {p.moment + 1}: " + ("not reached" if not p.met else m)
                    for p in checked for m in (p.missing or ([""] if not p.met else []))
                    if not p.met or m)
    last = checked[-1].values if checked else {}
    return Outcome(seed, all(p.shows for p in checked), changes, missing,
                   tuple(last.get(flag) is True for flag in also))


def _outcome(args: tuple[lessons.Lesson, int, tuple[str, ...]]) -> Outcome:
    return outcome(*args)


def scan(lesson: lessons.Lesson, seeds: range, workers: int = 2,
         also: tuple[str, ...] = ()) -> list[Outcome]:
    """The lesson's outcome for every seed in `seeds`."""
    jobs = [(lesson, s, also) for s in seeds]
    if workers <= 1 or len(jobs) == 1:
        return [outcome(*job) for job in jobs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_outcome, jobs, chunksize=4))


def _spread(sizes: list[float]) -> str:
    if len(sizes) < 2:
        return f"{sizes[0]:+.3f}" if sizes else "none"
    q = statistics.quantiles(sizes, n=4)
    return f"median {q[1]:+.3f} (quartiles {q[0]:+.3f} .. {q[2]:+.3f})"


def describe(lesson: lessons.Lesson, outcomes: list[Outcome],
             also: tuple[str, ...] = ()) -> str:
    """A few lines: the share of seeds where the effect shows, its size, the lesson's
    seed, and how often each flag in `also` is true at the last expectation."""
    shown = [o for o in outcomes if o.shows]
    lines = [f"{lesson.title} ({lesson.path}, seed {lesson.seed}): the effect shows in "
             f"{len(shown)} of {len(outcomes)} seeds ({len(shown) / len(outcomes):.0%})"]
    if len(outcomes) > 1 and outcomes[0].changes:
        lines.append("  first expected change, in its direction: all seeds "
                     f"{_spread([o.changes[0] for o in outcomes])}; where it shows "
                     f"{_spread([o.changes[0] for o in shown])}")
    for i, flag in enumerate(also):
        true = sum(o.also[i] for o in outcomes)
        lines.append(f"  {flag}: true in {true} of {len(outcomes)} seeds "
                     f"({true / len(outcomes):.0%})")
    own = next((o for o in outcomes if o.seed == lesson.seed), None)
    if own is not None:
        lines.append(f"  seed {own.seed}: {'shows' if own.shows else 'does not show'}"
                     + (f", changes {', '.join(f'{c:+.3f}' for c in own.changes)}"
                        if own.changes else "")
                     + (f"; missing {', '.join(own.missing)}" if own.missing else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=0,
                        help="scan seeds 0..N-1 (default: each lesson's own seed only)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lesson", default="", help="only lessons whose title has this")
    parser.add_argument("--also", default="",
                        help="comma-separated flags to count at the last expectation too "
                             "(e.g. phase_sustain,fell_active_members)")
    args = parser.parse_args(argv)
    also = tuple(f.strip() for f in args.also.split(",") if f.strip())
    found, problems = lessons.load_all()
    for problem in problems:
        print(problem, file=sys.stderr)
    for lesson in found.values():
        if args.lesson.lower() not in lesson.title.lower():
            continue
        seeds = range(args.seeds) if args.seeds else range(lesson.seed, lesson.seed + 1)
        print(describe(lesson, scan(lesson, seeds, args.workers, also), also), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
