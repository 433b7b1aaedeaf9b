"""Resuming a study: which stored runs belong to the plan, and under which run id.

A stored run is reused only when the parameters and seed it ran with equal those of a
planned run. Run ids follow the design's written order, so the same grid with its
factors (or scenarios) written in another order plans the same runs under other ids:
those stored runs are relabelled to their planned ids, never mixed in under the old ones.
A stored run with parameters or a seed the plan does not have is refused, with what
changed, unless the user discards the stored runs (--force) or changes the plan.

Runs of an assumption ensemble (`lcsim robustness`) differ by their assumptions too: those
are stored per run as `assumption_*` columns, and `reconcile(..., assumptions=names)`
makes them part of what must be equal.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lcsim.experiments.config import ConfigError
from lcsim.experiments.design import RunTask, point_label
from lcsim.experiments.storage import ASSUMPTION_PREFIX, OK, PARAM_PREFIX, Identity

DROPPED = "dropped:"  # prefix of the id a stale failed run is relabelled to (not planned)
EXAMPLES = 3  # stored runs named in a refusal


@dataclass
class Reconciliation:
    """How the stored runs of a folder fit a plan.

    Attributes:
        relabel: stored run id -> its identity in the plan (only for ids that change).
        outside: stored finished runs that match no planned run, with what differs.
    """

    relabel: dict[str, Identity] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)

    def refusal(self, source: str) -> ConfigError:
        """The error that refuses to resume, naming what changed and how to go on."""
        shown = "; ".join(self.outside[:EXAMPLES])
        more = f" (and {len(self.outside) - EXAMPLES} more)" if len(self.outside) > EXAMPLES \
            else ""
        return ConfigError(source, "", f"{len(self.outside)} stored run(s) do not match this "
                           f"plan: {shown}{more}. Rerun with the study's earlier settings to "
                           "keep them, with --force to discard them, or choose another --out")


def reconcile(tasks: list[RunTask], stored: pd.DataFrame,
              assumptions: tuple[str, ...] = ()) -> Reconciliation:
    """Match stored runs (see `ResultStore.stored_runs`) to planned tasks by parameters
    and seed; run ids that changed go to `relabel`, finished runs the plan lacks to
    `outside`. A failed stored run that matches nothing is relabelled out of the plan
    (it holds no results; it is recomputed if planned).

    `assumptions` names the assumptions stored per run (`assumption_<name>` columns of
    `stored`, `RunTask.assumptions` of the plan; missing = None): they must be equal too.
    """
    result = Reconciliation()
    if stored.empty:
        return result
    by_key: dict[Hashable, list[RunTask]] = {}
    for task in tasks:
        by_key.setdefault(_key(task.seed, task.params, _task_assumptions(task, assumptions)),
                          []).append(task)
    by_id = {task.run_id: task for task in tasks}
    kept: set[str] = set()  # stored runs already under their planned id
    taken: set[str] = set()  # planned ids a stored run stands for
    rows = stored.to_dict("records")
    keys = [_key(row["seed"], _stored_params(row),
                 {n: row.get(ASSUMPTION_PREFIX + n) for n in assumptions}) for row in rows]
    for row, key in zip(rows, keys, strict=True):  # runs already under their planned id
        task = by_id.get(row["run_id"])
        if task is not None and task in by_key.get(key, []):
            kept.add(task.run_id)
            taken.add(task.run_id)
            if row.get("point") != task.point:  # e.g. a renamed scenario
                result.relabel[task.run_id] = _identity(task)
    for row, key in zip(rows, keys, strict=True):
        if row["run_id"] in kept:
            continue
        free = [task for task in by_key.get(key, []) if task.run_id not in taken]
        if free:
            taken.add(free[0].run_id)
            result.relabel[row["run_id"]] = _identity(free[0])
            continue
        result.relabel[row["run_id"]] = Identity(DROPPED + row["run_id"], "", -1, -1)
        if row["status"] == OK and key not in by_key:
            result.outside.append(_difference(row, by_id.get(row["run_id"]), assumptions))
    return result


def _stored_params(row: dict[str, Any]) -> dict[str, Any]:
    return {name.removeprefix(PARAM_PREFIX): value for name, value in row.items()
            if name.startswith(PARAM_PREFIX)}


def _task_assumptions(task: RunTask, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: task.assumptions.get(n) for n in names}


def _key(seed: int, params: dict[str, Any],
         assumptions: dict[str, Any] | None = None) -> Hashable:
    """What must be equal for a stored run to stand for a planned one."""
    return (int(seed), tuple(sorted((name, _plain(value)) for name, value in params.items())),
            tuple(sorted((name, _plain(value)) for name, value in (assumptions or {}).items())))


def _plain(value: Any) -> Any:
    """A parameter value comparable across Arrow, NumPy and Python types (NaN = missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _identity(task: RunTask) -> Identity:
    return Identity(task.run_id, task.point, task.point_index, task.replication)


def _difference(row: dict[str, Any], planned: RunTask | None,
                assumptions: tuple[str, ...] = ()) -> str:
    """What differs between a stored run and the planned run of the same id, in words."""
    if planned is None:
        return (f"{row['run_id']} (seed {row['seed']}) is not planned "
                "(e.g. fewer replications or design points than before)")
    stored = _stored_params(row)
    changed = {name: (stored.get(name), value) for name, value in planned.params.items()
               if _plain(stored.get(name)) != _plain(value)}
    changed.update({name: (row.get(ASSUMPTION_PREFIX + name), planned.assumptions.get(name))
                    for name in assumptions
                    if _plain(row.get(ASSUMPTION_PREFIX + name))
                    != _plain(planned.assumptions.get(name))})
    parts = [f"{name} {_text(old)} -> {_text(new)}" for name, (old, new) in changed.items()]
    if len(parts) > EXAMPLES:  # e.g. a redrawn assumption set: every value differs
        parts = parts[:EXAMPLES] + [f"{len(parts) - EXAMPLES} more"]
    if int(row["seed"]) != planned.seed:
        parts.append(f"seed {row['seed']} -> {planned.seed}")
    return f"{row['run_id']} ran with {', '.join(parts) or 'other settings'}"


def _text(value: Any) -> str:
    plain = _plain(value)
    return "missing" if plain is None else point_label({"": plain}).removeprefix("=")
