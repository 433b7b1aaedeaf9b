"""The model benchmark: how fast lcsim is, held against Mesa's own BoltzmannWealth.

Kept out of the installed package; `python -m lcsim.bench` (a thin entry point) runs it,
and so does `python benchmarks/bench_model.py`.

    python -m lcsim.bench                  # full run (minutes); writes benchmarks/latest.json
    python -m lcsim.bench --quick          # fewer steps, weeks and runs (a minute or two)
    python -m lcsim.bench --json out.json  # another JSON path
    python -m lcsim.bench --profile        # also cProfile the 500- and 5,000-participant cases

In one process and one run it measures:

- lcsim's cost per agent-step (CPU seconds per participant per weekly step, construction
  excluded, best of k repeats of the same seeded run) at 50, 500 and 5,000 participants;
- Mesa's BoltzmannWealth example at the same N and steps, interleaved repeat by repeat with
  lcsim so that machine noise hits both alike, and the ratio lcsim / Boltzmann;
- how the step cost grows with N (per-step time ratios for each 10x in N);
- peak memory of 5,000 participants over 10 simulated years, in a fresh child process
  (peak RSS of a plain run; tracemalloc peak of a second, traced run), with the step cost
  year by year over that run; and the same for a region of 100 communities of 50 (plain
  run only);
- sweep throughput of default-size runs with 1 and 2 workers, local process pool and Dask
  LocalCluster: end to end through `lcsim.experiments.run_experiment` (pool start and result
  storage included, each case in a fresh process as one `lcsim experiment` command), and
  with a warmed pool of our own (steady state: runs only);
- regional ecosystems of 5,000 participants (100 x 50 and 10 x 500) for the same weeks.

Step costs are CPU time (`time.process_time`) of this process, which a shared machine
disturbs far less than wall time; wall time is recorded too. Throughput is wall time.
- CPU time of one whole default run (30 participants, 4 funded years and 2 after, model
  construction included), median over seeds;
- throughput of the shipped seven-lessons study (configs/seven_lessons.toml, end to end
  through `run_experiment`, each case in a fresh process) with 1 and 2 workers.

The targets of issue 10 (and those of issue 5 that still hold) are printed next to the
figures with PASS/MISS and the margin.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import math
import multiprocessing
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_JSON = ROOT / "benchmarks" / "latest.json"

SIZES = (50, 500, 5000)
# Regional ecosystems of 5,000 participants: (communities, participants per community).
REGION_SHAPES = ((100, 50), (10, 500))
# Long enough funding that every community is alive during the measured weeks.
TIMING_PARAMS = {"funding_years": 8.0, "weeks_after_funding": 104}
MEMORY_PARAMS = {"n_participants": 5000, "funding_years": 8.0, "weeks_after_funding": 104}
# The same 5,000 participants as a regional ecosystem of 100 communities of 50.
REGION_MEMORY_PARAMS = {**MEMORY_PARAMS, "n_participants": 50, "n_communities": 100}
SEED = 20261122

TARGETS = {  # issue 10, and issue 5 where issue 10 sets none
    "ratio_small": 1.0,        # lcsim / Boltzmann cost per agent-step at ~50 participants
    "ratio_large": 0.05,       # ... at 5,000 participants, one community
    "ratio_region": 0.25,      # ... at 5,000 participants, a region of 100 x 50
    "default_run_cpu_s": 0.060,  # one default run, construction included
    "growth_per_10x": 12.0,    # time per step when N grows 10x
    "efficiency_2_workers": 0.8,  # issue 5
    "peak_memory_gib": 1.0,    # 5,000 participants over 10 years (issue 5)
    "region_peak_memory_gib": 0.5,  # a region of 100 x 50 over 10 years
}
STUDY_CONFIG = ROOT / "configs" / "seven_lessons.toml"

FULL = {"sizes": SIZES, "steps": 104, "repeats": 3, "memory_weeks": None, "sweep_runs": 20,
        "sweep_params": {}, "region_shapes": REGION_SHAPES}
QUICK = {"sizes": SIZES, "steps": 26, "repeats": 2, "memory_weeks": 104, "sweep_runs": 8,
         "sweep_params": {}, "region_shapes": REGION_SHAPES, "default_run_seeds": 4,
         "study_replications": 1}


# --------------------------------------------------------------------------- models
def make_lcsim(n: int, seed: int = SEED, **params: Any):
    from lcsim.model import LearningCommunityModel

    return LearningCommunityModel(rng=seed, n_participants=n, **{**TIMING_PARAMS, **params})


def make_region(communities: int, n: int, seed: int = SEED, **params: Any):
    from lcsim.ecosystem import RegionModel

    return RegionModel(rng=seed, n_communities=communities, n_participants=n,
                       **{**TIMING_PARAMS, **params})


def boltzmann_side(n: int) -> int:
    """Grid side for BoltzmannWealth at N agents: one agent per cell, as its default 100/10x10."""
    return max(2, round(math.sqrt(n)))


def make_boltzmann(n: int, seed: int = SEED):
    from mesa.examples import BoltzmannWealth
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario

    side = boltzmann_side(n)
    return BoltzmannWealth(BoltzmannScenario(rng=seed, n=n, width=side, height=side))


# --------------------------------------------------------------------------- step cost
def _time_once(factory, n: int, steps: int) -> dict[str, float]:
    """Build one model, then time `steps` steps (construction timed separately)."""
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    model = factory(n)
    w1, c1 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        model.step()
    w2, c2 = time.perf_counter(), time.process_time()
    out = {"build_wall": w1 - w0, "build_cpu": c1 - c0,
           "step_wall": (w2 - w1) / steps, "step_cpu": (c2 - c1) / steps}
    if hasattr(model, "indicators"):  # lcsim: show that the community was alive throughout
        out["survived"] = float(model.indicators["survived"])
        out["active_members"] = float(model.indicators["active_members"])
        phase = getattr(model, "phase", None)  # a region's is an array, one per community
        if hasattr(phase, "name"):
            out["phase"] = str(phase.name)
    return out


def _best(runs: list[dict[str, float]], n: int) -> dict[str, Any]:
    best = {k: min(r[k] for r in runs) for k in ("build_wall", "build_cpu", "step_wall",
                                                 "step_cpu")}
    best["step_cpu_median"] = sorted(r["step_cpu"] for r in runs)[len(runs) // 2]
    best["step_cpu_all"] = [r["step_cpu"] for r in runs]
    best["per_agent_step_cpu"] = best["step_cpu"] / n
    best["per_agent_step_wall"] = best["step_wall"] / n
    for key in ("survived", "active_members", "phase"):
        if key in runs[-1]:
            best[key] = runs[-1][key]
    return best


def bench_sizes(sizes=SIZES, steps: int = 104, repeats: int = 3,
                log=print) -> list[dict[str, Any]]:
    """lcsim and BoltzmannWealth at each size, repeats interleaved, best of `repeats`."""
    rows = []
    for n in sizes:
        lc, bw = [], []
        for _ in range(repeats):
            lc.append(_time_once(make_lcsim, n, steps))
            bw.append(_time_once(make_boltzmann, n, steps))
        lcsim, boltz = _best(lc, n), _best(bw, n)
        rows.append({"n": n, "steps": steps, "repeats": repeats,
                     "boltzmann_grid": boltzmann_side(n), "lcsim": lcsim,
                     "boltzmann": boltz,
                     "ratio": lcsim["per_agent_step_cpu"] / boltz["per_agent_step_cpu"],
                     "ratio_wall": lcsim["per_agent_step_wall"] / boltz["per_agent_step_wall"]})
        log(f"  n={n:>5}: lcsim {1e6 * lcsim['per_agent_step_cpu']:7.2f} us/agent-step, "
            f"Boltzmann {1e6 * boltz['per_agent_step_cpu']:7.2f}, ratio {rows[-1]['ratio']:.2f}")
    return rows


def bench_regions(shapes=REGION_SHAPES, steps: int = 104, repeats: int = 3,
                  boltzmann: dict[int, float] | None = None,
                  log=print) -> list[dict[str, Any]]:
    """Regional ecosystems (`RegionModel`), best of `repeats`, against Boltzmann's cost per
    agent-step at the same total N (from `bench_sizes`, when it measured that N)."""
    rows = []
    for communities, n in shapes:
        total = communities * n
        runs = [_time_once(lambda _total, c=communities, k=n: make_region(c, k), total, steps)
                for _ in range(repeats)]
        best = _best(runs, total)
        boltz = (boltzmann or {}).get(total)
        rows.append({"communities": communities, "n_per_community": n, "n": total,
                     "steps": steps, "repeats": repeats, "lcsim": best,
                     "boltzmann_per_agent_step_cpu": boltz,
                     "ratio": best["per_agent_step_cpu"] / boltz if boltz else None})
        log(f"  region {communities} x {n}: lcsim {1e6 * best['per_agent_step_cpu']:7.2f} "
            f"us/agent-step" + (f", ratio {rows[-1]['ratio']:.2f}" if boltz else ""))
    return rows


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-step time ratio between consecutive sizes, against the ratio in N."""
    out = []
    for a, b in zip(rows, rows[1:], strict=False):
        out.append({"from": a["n"], "to": b["n"], "n_ratio": b["n"] / a["n"],
                    "lcsim": b["lcsim"]["step_cpu"] / a["lcsim"]["step_cpu"],
                    "boltzmann": b["boltzmann"]["step_cpu"] / a["boltzmann"]["step_cpu"]})
    return out


def bench_default_run(seeds: int = 10, log=print) -> dict[str, Any]:
    """CPU seconds of one whole default run (`LearningCommunityModel(rng=seed).run()`,
    construction included), for seeds 0..seeds-1 after one warm-up run; median and best."""
    from lcsim.model import LearningCommunityModel

    LearningCommunityModel(rng=SEED).run()
    times = []
    for seed in range(seeds):
        gc.collect()
        start = time.process_time()
        model = LearningCommunityModel(rng=seed).run()
        times.append(time.process_time() - start)
    ordered = sorted(times)
    out = {"seeds": seeds, "weeks": int(model.steps), "cpu_s_all": times,
           "cpu_s_median": ordered[len(ordered) // 2], "cpu_s_best": ordered[0]}
    log(f"  default run ({out['weeks']} weeks): median {1e3 * out['cpu_s_median']:.0f} ms CPU, "
        f"best {1e3 * out['cpu_s_best']:.0f} ms")
    return out


def _study_once(config: str, workers: int, replications: int | None) -> dict[str, Any]:
    """The study through `run_experiment` (storage included, no HTML report), wall time."""
    from lcsim.experiments import run_experiment
    from lcsim.experiments.config import read_toml

    raw, _ = read_toml(config)
    if replications is not None:
        raw["replications"] = replications
    out = Path(tempfile.mkdtemp(prefix="lcsim-bench-study-"))
    try:
        t0 = time.perf_counter()
        results = run_experiment(raw, out=out, workers=workers, force=True, progress=False,
                                 report=False)
        wall = time.perf_counter() - t0
        ok = int((results.runs["status"] == "ok").sum())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {"runs": ok, "wall_s": wall, "runs_per_s": ok / wall}


def bench_study(config: Path = STUDY_CONFIG, workers=(1, 2), replications: int | None = None,
                log=print) -> dict[str, Any]:
    """Runs per second of a shipped study, end to end, each case in a fresh process (as one
    `lcsim experiment` command); `replications` overrides the config's (for --quick)."""
    out: dict[str, Any] = {"config": str(Path(config).relative_to(ROOT))
                           if Path(config).is_relative_to(ROOT) else str(config),
                           "replications": replications}
    for w in workers:
        code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); "
                "from bench_model import _study_once; "
                "print(json.dumps(_study_once(*json.loads(sys.argv[1]))))")
        done = subprocess.run([sys.executable, "-c", code,
                               json.dumps([str(config), w, replications])],
                              capture_output=True, text=True, cwd=ROOT, check=False)
        if done.returncode != 0:
            out[str(w)] = {"error": done.stderr.strip().splitlines()[-1]
                           if done.stderr.strip() else f"exit code {done.returncode}"}
        else:
            out[str(w)] = json.loads(done.stdout.strip().splitlines()[-1])
        log(f"  {out['config']}, {w} worker(s): " + (
            f"{out[str(w)]['runs']} runs, {out[str(w)]['runs_per_s']:.2f} runs/s"
            if "runs_per_s" in out[str(w)] else out[str(w)]["error"]))
    return out


# --------------------------------------------------------------------------- memory
def _rss_now(field: str = "VmRSS") -> int:
    """This process's resident memory (`VmRSS`) or its peak so far (`VmHWM`), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _peak_rss() -> int:
    """Peak resident memory of this process. VmHWM, not ru_maxrss: on Linux a spawned child's
    ru_maxrss starts at its parent's peak (it survives fork and exec), so it would report the
    benchmark's own memory rather than the run's."""
    import resource

    return _rss_now("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_child(params: dict[str, Any], max_weeks: int | None, trace: bool,
                 seed: int = SEED) -> dict[str, Any]:
    """One long run in a fresh process: peak RSS (or tracemalloc peak) and yearly step cost."""
    import tracemalloc

    from lcsim.ecosystem import build_model

    baseline = _rss_now()
    if trace:
        tracemalloc.start()
    c0 = time.process_time()
    model = build_model(rng=seed, **params)  # a community, or a region if n_communities > 1
    build = time.process_time() - c0
    yearly, year_start, weeks = [], time.process_time(), 0
    while model.running and (max_weeks is None or weeks < max_weeks):
        model.step()
        weeks += 1
        if weeks % 52 == 0:
            now = time.process_time()
            yearly.append((now - year_start) / 52)
            year_start = now
    cpu = time.process_time() - c0 - build
    out = {"weeks": weeks, "build_cpu": build, "run_cpu": cpu,
           "step_cpu_mean": cpu / max(weeks, 1), "step_cpu_by_year": yearly,
           "baseline_rss_bytes": baseline,
           "maxrss_bytes": _peak_rss(),
           "survived": float(model.indicators["survived"]),
           "active_members": float(model.indicators["active_members"]),
           "products": sum(len(c.products) for c in getattr(model, "communities", [model])),
           "events": len(model.events)}
    if trace:
        out["tracemalloc_peak_bytes"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return out


def bench_memory(params: dict[str, Any] = MEMORY_PARAMS, max_weeks: int | None = None,
                 traced: bool = True) -> dict[str, Any]:
    """Plain run (RSS, step cost by year) and traced run (tracemalloc), each in a new process."""
    context = multiprocessing.get_context("spawn")
    result: dict[str, Any] = {"params": dict(params), "max_weeks": max_weeks}
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result["plain"] = pool.submit(memory_child, params, max_weeks, False).result()
    if traced:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            result["traced"] = pool.submit(memory_child, params, max_weeks, True).result()
    result["full_horizon"] = max_weeks is None
    result["peak_rss_gib"] = result["plain"]["maxrss_bytes"] / 2**30
    result["tracemalloc_peak_gib"] = (result["traced"]["tracemalloc_peak_bytes"] / 2**30
                                      if traced else None)
    return result


# --------------------------------------------------------------------------- sweeps
def sweep_run(params: dict[str, Any], seed: int) -> dict[str, float]:
    """One default-size run in a worker: build from params + seed, run, return the summary."""
    from lcsim.model import LearningCommunityModel

    return LearningCommunityModel(rng=seed, **params).run().summary()


def timed_sweep_run(params: dict[str, Any], seed: int) -> float:
    """`sweep_run`, returning the CPU seconds the worker spent on it."""
    start = time.process_time()
    sweep_run(params, seed)
    return time.process_time() - start


def _warm(_: int) -> int:
    import lcsim.model  # noqa: F401 - import cost paid before the clock starts

    return os.getpid()


def _seeds(runs: int) -> list[int]:
    import numpy as np

    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(SEED).spawn(runs)]


def _steady_state(executor: str, workers: int, runs: int,
                  params: dict[str, Any]) -> dict[str, float]:
    """Start a pool, warm every worker, then time only the runs."""
    seeds = _seeds(runs)
    t0 = time.perf_counter()
    if executor == "local":
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_warm, range(workers)))
            t1 = time.perf_counter()
            cpu = list(pool.map(timed_sweep_run, [params] * runs, seeds))
            t2 = time.perf_counter()
    else:
        import logging

        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1", dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            client.gather(client.map(_warm, range(workers), pure=False))
            t1 = time.perf_counter()
            cpu = client.gather(client.map(timed_sweep_run, [params] * runs, seeds,
                                           pure=False))
            t2 = time.perf_counter()
    assert len(cpu) == runs
    # CPU the runs got per worker and second of wall time: 1.0 on an idle machine; less when
    # other processes take the cores (then the efficiency says more about them than about us).
    return {"startup_s": t1 - t0, "wall_s": t2 - t1, "runs_per_s": runs / (t2 - t1),
            "cpu_s_per_run": sum(cpu) / runs,
            "cpu_utilisation": sum(cpu) / ((t2 - t1) * workers)}


def _end_to_end(executor: str, workers: int, runs: int,
                params: dict[str, Any]) -> dict[str, float]:
    """The same sweep through `run_experiment` (pool start, storage, no HTML report)."""
    from lcsim.experiments import run_experiment

    config = {"name": "bench_sweep", "question": "How many default-size runs per second?",
              "replications": runs, "root_seed": SEED, "base": dict(params),
              "design": {"kind": "scenarios",
                         "scenarios": [{"name": "default", "params": {}}]}}
    out = Path(tempfile.mkdtemp(prefix="lcsim-bench-"))
    try:
        t0 = time.perf_counter()
        results = run_experiment(config, out=out, executor=executor, workers=workers,
                                 force=True, progress=False, report=False)
        wall = time.perf_counter() - t0
        ok = int((results.runs["status"] == "ok").sum())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    if ok != runs:
        raise RuntimeError(f"run_experiment finished {ok} of {runs} runs")
    return {"wall_s": wall, "runs_per_s": runs / wall}


def _end_to_end_fresh(executor: str, workers: int, runs: int,
                      params: dict[str, Any]) -> dict[str, float]:
    """`_end_to_end` in a fresh Python process, as a single `lcsim experiment` command runs:
    nothing (imports, a Dask forkserver) is left warm by the case measured before it."""
    code = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); "
            "from bench_model import _end_to_end; "
            "print(json.dumps(_end_to_end(*json.loads(sys.argv[1]))))")
    done = subprocess.run([sys.executable, "-c", code,
                           json.dumps([executor, workers, runs, params])],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                           else f"exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


SWEEP_MODES = {"end_to_end": _end_to_end_fresh, "steady_state": _steady_state}


def bench_sweeps(runs: int = 20, params: dict[str, Any] | None = None,
                 executors=("local", "dask"), workers=(1, 2),
                 modes=("end_to_end", "steady_state"), log=print) -> dict[str, Any]:
    """Throughput and 2-worker parallel efficiency t1 / (2 * t2), both ways of running."""
    params = dict(params or {})
    out: dict[str, Any] = {"runs": runs, "params": params}
    for mode in modes:
        measure = SWEEP_MODES[mode]
        out[mode] = {}
        for executor in executors:
            row: dict[str, Any] = {}
            for w in workers:
                try:
                    row[str(w)] = measure(executor, w, runs, params)
                except Exception as error:  # noqa: BLE001 - report, do not abort the benchmark
                    row[str(w)] = {"error": f"{type(error).__name__}: {error}"}
                log(f"  {mode:<12} {executor:<5} {w} worker(s): "
                    + (f"{row[str(w)]['runs_per_s']:.2f} runs/s"
                       if "runs_per_s" in row[str(w)] else row[str(w)]["error"]))
            one, two = row.get("1", {}), row.get("2", {})
            if "wall_s" in one and "wall_s" in two:
                row["efficiency"] = one["wall_s"] / (2 * two["wall_s"])
            out[mode][executor] = row
    return out


# --------------------------------------------------------------------------- profile
def profile_case(n: int, steps: int, skip: int = 0, top: int = 12) -> dict[str, Any]:
    """cProfile `steps` weeks of an n-participant run after `skip` unprofiled weeks."""
    model = make_lcsim(n)
    for _ in range(skip):
        model.step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        model.step()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]

    def rows(key: int, only_lcsim: bool) -> list[dict[str, Any]]:
        entries = []
        for (file, line, name), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
            if only_lcsim and "/lcsim/" not in file:
                continue
            entries.append({"function": f"{_short(file)}:{name}", "line": line,
                            "tottime_share": tt / total, "cumtime_share": ct / total})
        entries.sort(key=lambda e: e["tottime_share" if key == 0 else "cumtime_share"],
                     reverse=True)
        return [e for e in entries if not e["function"].endswith(":step")][:top]

    return {"n": n, "weeks": f"{skip}-{skip + steps}", "total_s": total,
            "by_self_time": rows(0, False), "lcsim_by_cumulative_time": rows(1, True)}


def _short(file: str) -> str:
    if file == "~":
        return "builtin"
    for marker in ("/lcsim/", "/site-packages/"):
        if marker in file:
            return file.split(marker, 1)[1] if marker != "/lcsim/" else \
                "lcsim/" + file.split(marker, 1)[1]
    return Path(file).name


# --------------------------------------------------------------------------- targets
def _check(name: str, measured: float | None, target: float, upper: bool,
           note: str = "") -> dict[str, Any]:
    if measured is None or not math.isfinite(measured):
        return {"target": name, "measured": None, "limit": target, "status": "n/a",
                "by": "not measured", "note": note}
    ok = measured <= target if upper else measured >= target
    if upper:
        by = (f"{target / measured:.2f}x headroom" if ok
              else f"{measured / target:.2f}x over the limit")
    else:
        by = (f"{measured - target:+.2f} above" if ok
              else f"{target - measured:.2f} short ({measured / target:.0%} of target)")
    return {"target": name, "measured": measured, "limit": target,
            "status": "PASS" if ok else "MISS", "by": by, "note": note}


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = result["sizes"]
    small, large = rows[0], rows[-1]
    checks = [
        _check(f"cost per agent-step <= {TARGETS['ratio_small']}x Boltzmann at n={small['n']}",
               small["ratio"], TARGETS["ratio_small"], True),
        _check(f"cost per agent-step <= {TARGETS['ratio_large']}x Boltzmann at n={large['n']}",
               large["ratio"], TARGETS["ratio_large"], True),
    ]
    memory = result.get("memory")
    if memory and memory["plain"]["step_cpu_mean"]:
        n = memory["params"]["n_participants"]
        boltz = next((r["boltzmann"]["per_agent_step_cpu"] for r in rows if r["n"] == n), None)
        if boltz:
            weeks = memory["plain"]["weeks"]
            checks.append(_check(
                f"  same, mean over the whole {weeks}-week run at n={n}",
                memory["plain"]["step_cpu_mean"] / n / boltz, TARGETS["ratio_large"], True,
                "lcsim over its whole run vs Boltzmann's measured window"))
    for region in result.get("regions", []):
        checks.append(_check(
            f"cost per agent-step <= {TARGETS['ratio_region']}x Boltzmann, a region of "
            f"{region['communities']} communities x {region['n_per_community']}",
            region["ratio"], TARGETS["ratio_region"], True))
    default_run = result.get("default_run")
    if default_run:
        checks.append(_check(f"one default run <= {1e3 * TARGETS['default_run_cpu_s']:g} ms CPU",
                             default_run["cpu_s_median"], TARGETS["default_run_cpu_s"], True,
                             "seconds, construction included"))
    for g in result["growth"]:
        # 12x per 10x in N; other size ratios get the same limit per unit of N ratio.
        limit = TARGETS["growth_per_10x"] * g["n_ratio"] / 10
        checks.append(_check(f"time per step {g['from']} -> {g['to']} (x{g['n_ratio']:g} N) "
                             f"<= {limit:g}x", g["lcsim"], limit, True))
    sweeps = result.get("sweeps") or {}
    for mode in ("end_to_end", "steady_state"):
        for executor, row in sweeps.get(mode, {}).items():
            checks.append(_check(f"2-worker efficiency >= {TARGETS['efficiency_2_workers']} "
                                 f"({executor}, {mode.replace('_', ' ')})",
                                 row.get("efficiency"), TARGETS["efficiency_2_workers"], False))
    if memory:
        scope = "10 years" if memory["full_horizon"] else \
            f"{memory['plain']['weeks']} weeks only (--quick), not 10 years"
        checks.append(_check(f"peak RSS < {TARGETS['peak_memory_gib']:g} GiB, "
                             f"n={memory['params']['n_participants']}, {scope}",
                             memory["peak_rss_gib"], TARGETS["peak_memory_gib"], True,
                             "whole process (VmHWM), interpreter and imports included"))
    region = result.get("region_memory")
    if region:
        p = region["params"]
        scope = "10 years" if region["full_horizon"] else \
            f"{region['plain']['weeks']} weeks only (--quick), not 10 years"
        checks.append(_check(f"peak RSS < {TARGETS['region_peak_memory_gib']:g} GiB, "
                             f"a region of {p['n_communities']} x "
                             f"{p['n_participants']}, {scope}", region["peak_rss_gib"],
                             TARGETS["region_peak_memory_gib"], True))
    return checks


# --------------------------------------------------------------------------- provenance
def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict[str, Any]:
    import mesa
    import numpy as np

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"python": platform.python_version(), "mesa": mesa.__version__,
            "numpy": np.__version__, "platform": platform.platform(), "cpus": cpus,
            "cpu_model": cpu_model,
            "git_commit": _git("rev-parse", "--short", "HEAD"),
            "lcsim_uncommitted": [line for line in _git("status", "--porcelain", "--", "lcsim")
                                  .splitlines() if not line.endswith("lcsim/bench.py")]}


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# --------------------------------------------------------------------------- run
def run_benchmark(*, sizes=SIZES, steps: int = 104, repeats: int = 3,
                  memory_params: dict[str, Any] | None = None, memory_weeks: int | None = None,
                  traced_memory: bool = True, sweep_runs: int = 20,
                  sweep_params: dict[str, Any] | None = None, executors=("local", "dask"),
                  workers=(1, 2), sweep_modes=("end_to_end", "steady_state"),
                  region_shapes=REGION_SHAPES,
                  region_memory_params: dict[str, Any] | None = REGION_MEMORY_PARAMS,
                  default_run_seeds: int = 10, study_config: Path | None = STUDY_CONFIG,
                  study_replications: int | None = None,
                  profile: bool = False, quick: bool = False,
                  log=print) -> dict[str, Any]:
    """Measure everything and return it as a JSON-ready dict (see module docstring)."""
    started = time.perf_counter()
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m lcsim.bench " + " ".join(sys.argv[1:])
        if Path(sys.argv[0]).stem in ("bench", "__main__") else "lcsim.bench.run_benchmark()",
        "mode": "quick" if quick else "full", "machine": machine(),
        "settings": {"sizes": list(sizes), "region_shapes": [list(s) for s in region_shapes],
                     "steps": steps, "repeats": repeats,
                     "timing_params": TIMING_PARAMS, "memory_weeks": memory_weeks,
                     "sweep_runs": sweep_runs, "seed": SEED, "clock": "process CPU time"},
        "targets": TARGETS, "load_average": {"start": _load()}}
    log(f"Step cost ({steps} weeks, best of {repeats}, CPU time):")
    result["sizes"] = bench_sizes(sizes, steps, repeats, log=log)
    result["growth"] = growth(result["sizes"])
    if region_shapes:
        log(f"Regions ({steps} weeks, best of {repeats}, CPU time):")
        boltzmann = {r["n"]: r["boltzmann"]["per_agent_step_cpu"] for r in result["sizes"]}
        result["regions"] = bench_regions(region_shapes, steps, repeats, boltzmann, log=log)
    if default_run_seeds:
        log("One default run (CPU time, construction included):")
        result["default_run"] = bench_default_run(default_run_seeds, log=log)
    result["load_average"]["after_step_cost"] = _load()

    memory_params = dict(memory_params or MEMORY_PARAMS)
    log(f"Memory (n={memory_params['n_participants']}, "
        + ("10 years" if memory_weeks is None else f"{memory_weeks} weeks") + ", child process):")
    result["memory"] = bench_memory(memory_params, memory_weeks, traced_memory)
    log(f"  peak RSS {result['memory']['peak_rss_gib']:.3f} GiB"
        + (f", tracemalloc peak {result['memory']['tracemalloc_peak_gib']:.3f} GiB"
           if traced_memory else ""))
    if region_memory_params:
        region_params = dict(region_memory_params)
        log(f"Memory of a region ({region_params['n_communities']} x "
            f"{region_params['n_participants']}, plain run only, child process):")
        result["region_memory"] = bench_memory(region_params, memory_weeks, traced=False)
        log(f"  peak RSS {result['region_memory']['peak_rss_gib']:.3f} GiB")
    result["load_average"]["after_memory"] = _load()

    log(f"Sweep throughput ({sweep_runs} runs):")
    result["sweeps"] = bench_sweeps(sweep_runs, sweep_params, executors, workers, sweep_modes,
                                    log=log)
    if study_config is not None:
        log(f"Study throughput ({Path(study_config).name}, end to end):")
        result["study"] = bench_study(study_config, workers, study_replications, log=log)
    result["load_average"]["end"] = _load()

    if profile:
        log("Profiling (cProfile) ...")
        cases = [profile_case(n, steps) for n in sizes if n >= 500] or \
            [profile_case(sizes[-1], steps)]
        if not quick and memory_weeks is None and sizes[-1] >= 5000:
            # The last weeks of the 10-year horizon, where a step costs most.
            end = int(round(52 * TIMING_PARAMS["funding_years"])) \
                + TIMING_PARAMS["weeks_after_funding"]
            cases.append(profile_case(sizes[-1], steps, skip=max(0, end - steps)))
        result["profile"] = cases
    result["checks"] = evaluate(result)
    result["elapsed_s"] = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------- report
def _us(x: float) -> str:
    return f"{1e6 * x:.2f}"


def format_report(result: dict[str, Any]) -> str:
    lines = []
    m = result["machine"]
    dirty = " + uncommitted lcsim changes" if m["lcsim_uncommitted"] else ""
    lines.append(f"lcsim benchmark ({result['mode']}), {result['when']}, commit "
                 f"{m['git_commit']}{dirty}")
    lines.append(f"{m['cpus']} CPUs ({m['cpu_model']}), Python {m['python']}, Mesa {m['mesa']}, "
                 f"load average {result['load_average']}")
    lines.append("")
    s = result["settings"]
    lines.append(f"Cost per agent-step, {s['steps']} weekly steps from week 0, best of "
                 f"{s['repeats']}, CPU time (wall in brackets):")
    lines.append(f"{'N':>6} | {'lcsim us':>16} | {'Boltzmann us':>16} | {'ratio':>5} | "
                 f"{'lcsim ms/step':>13} | {'build lcsim/Boltz s':>19} | alive")
    for r in result["sizes"]:
        lc, bw = r["lcsim"], r["boltzmann"]
        lines.append(
            f"{r['n']:>6} | {_us(lc['per_agent_step_cpu']):>6} "
            f"({_us(lc['per_agent_step_wall']):>6})"
            f"  | {_us(bw['per_agent_step_cpu']):>6} ({_us(bw['per_agent_step_wall']):>6})  | "
            f"{r['ratio']:5.2f} | {1e3 * lc['step_cpu']:13.2f} | "
            f"{lc['build_cpu']:8.3f} / {bw['build_cpu']:.3f} | "
            f"{'yes' if lc.get('survived') else 'no'} ({int(lc.get('active_members', 0))}, "
            f"{lc.get('phase', '').lower()})")
    if result.get("regions"):
        lines.append("")
        lines.append("Regional ecosystems (RegionModel), same weeks; ratio against Boltzmann at "
                     "the same total N:")
        for r in result["regions"]:
            lc = r["lcsim"]
            ratio = f"{r['ratio']:5.2f}" if r["ratio"] is not None else "  n/a"
            lines.append(f"  {r['communities']:>4} x {r['n_per_community']:<4} = {r['n']:>5} | "
                         f"{_us(lc['per_agent_step_cpu']):>6} us/agent-step | ratio {ratio} | "
                         f"{1e3 * lc['step_cpu']:7.2f} ms/step | build {lc['build_cpu']:.2f} s")
    run = result.get("default_run")
    if run:
        lines.append("")
        lines.append(f"One default run ({run['weeks']} weeks, construction included): median "
                     f"{1e3 * run['cpu_s_median']:.0f} ms CPU, best {1e3 * run['cpu_s_best']:.0f}"
                     f" ms over {run['seeds']} seeds")
    lines.append("")
    lines.append("Growth of time per step:")
    for g in result["growth"]:
        lines.append(f"  {g['from']} -> {g['to']} (x{g['n_ratio']:g} N): lcsim x{g['lcsim']:.2f}, "
                     f"Boltzmann x{g['boltzmann']:.2f}")
    mem = result.get("memory")
    if mem:
        p = mem["plain"]
        lines.append("")
        scope = "10 years" if mem["full_horizon"] else f"{p['weeks']} weeks (--quick)"
        lines.append(f"Memory, n={mem['params']['n_participants']}, {scope} ({p['weeks']} steps): "
                     f"peak RSS {mem['peak_rss_gib']:.3f} GiB (interpreter + imports "
                     f"{p['baseline_rss_bytes'] / 2**30:.3f} GiB)"
                     + (f", tracemalloc peak {mem['tracemalloc_peak_gib']:.3f} GiB"
                        if mem.get("tracemalloc_peak_gib") is not None else ""))
        years = ", ".join(f"{1e3 * y:.0f}" for y in p["step_cpu_by_year"])
        lines.append(f"  step cost over that run, ms per step by year: {years}; mean "
                     f"{_us(p['step_cpu_mean'] / mem['params']['n_participants'])} us/agent-step")
    region = result.get("region_memory")
    if region:
        p, params = region["plain"], region["params"]
        total = params["n_communities"] * params["n_participants"]
        scope = "10 years" if region["full_horizon"] else f"{p['weeks']} weeks (--quick)"
        years = ", ".join(f"{1e3 * y:.0f}" for y in p["step_cpu_by_year"])
        lines.append(f"Memory, region of {params['n_communities']} x {params['n_participants']} "
                     f"= {total}, {scope}: peak RSS {region['peak_rss_gib']:.3f} GiB; ms per "
                     f"step by year: {years}; mean {_us(p['step_cpu_mean'] / total)} "
                     f"us/agent-step")
    sw = result.get("sweeps")
    if sw:
        lines.append("")
        lines.append(f"Sweep throughput, {sw['runs']} default-size runs (wall time):")
        lines.append(f"  {'how':<28} | {'1 worker':>15} | {'2 workers':>15} | efficiency "
                     f"| CPU per worker (1 / 2)")
        for mode in ("end_to_end", "steady_state"):
            for executor, row in sw.get(mode, {}).items():
                cells = []
                for w in ("1", "2"):
                    c = row.get(w, {})
                    cells.append(f"{c['runs_per_s']:6.2f} runs/s" if "runs_per_s" in c
                                 else "error")
                eff = row.get("efficiency")
                label = {"end_to_end": "run_experiment", "steady_state": "warm pool"}[mode]
                util = " / ".join(f"{row[w]['cpu_utilisation']:.0%}" for w in ("1", "2")
                                  if "cpu_utilisation" in row.get(w, {}))
                lines.append(f"  {label + ', ' + executor:<28} | {cells[0]:>15} | "
                             f"{cells[1]:>15} | "
                             + (f"{eff:10.2f}" if eff is not None else f"{'n/a':>10}")
                             + (f" | {util}" if util else " |"))
    study = result.get("study")
    if study:
        cells = [f"{study[w]['runs_per_s']:.2f} runs/s ({study[w]['runs']} runs)"
                 if "runs_per_s" in study.get(w, {}) else study.get(w, {}).get("error", "n/a")
                 for w in ("1", "2")]
        lines.append("")
        lines.append(f"Study throughput, {study['config']} end to end (run_experiment, fresh "
                     f"process, wall time): 1 worker {cells[0]}; 2 workers {cells[1]}")
    lines.append("")
    lines.append("Targets (issue 10; 2-worker efficiency and one-community memory: issue 5):")
    for c in result["checks"]:
        measured = "n/a" if c["measured"] is None else f"{c['measured']:.3f}"
        lines.append(f"  [{c['status']:>4}] {c['target']}: {measured} ({c['by']})")
    for case in result.get("profile", []):
        lines.append("")
        lines.append(f"cProfile, n={case['n']}, weeks {case['weeks']} ({case['total_s']:.2f} s "
                     f"profiled); lcsim functions by cumulative share:")
        for e in case["lcsim_by_cumulative_time"][:8]:
            lines.append(f"  {100 * e['cumtime_share']:5.1f}%  {e['function']}")
        lines.append("  by self time:")
        for e in case["by_self_time"][:6]:
            lines.append(f"  {100 * e['tottime_share']:5.1f}%  {e['function']}")
    lines.append("")
    lines.append(f"Shared machine: figures are noisy; elapsed {result['elapsed_s']:.0f} s.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lcsim.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="26 steps, best of 2, memory over 104 weeks only, 8-run sweeps")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON,
                        help="where to write the results (default benchmarks/latest.json)")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile the 500- and 5,000-participant cases")
    parser.add_argument("--sweep-runs", type=int, default=None,
                        help="runs per sweep measurement (default 20, quick 8)")
    args = parser.parse_args(argv)
    settings = dict(QUICK if args.quick else FULL)
    if args.sweep_runs:
        settings["sweep_runs"] = args.sweep_runs
    result = run_benchmark(**settings, profile=args.profile, quick=args.quick)
    print()
    print(format_report(result))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    # Re-import as bench_model so worker processes unpickle functions by their module name.
    from bench_model import main as _main

    raise SystemExit(_main())
