"""How long the classroom dashboard takes for one step and render.

    .venv/bin/python benchmarks/bench_dashboard.py            # in-process, no browser
    .venv/bin/python benchmarks/bench_dashboard.py --browser  # also a click round trip in Chromium
    .venv/bin/python benchmarks/bench_dashboard.py --memory   # memory per participant, community

"Step + render" is what a Step click costs on the server: the model's week, then the
render pass that redraws every view (charts encoded as PNG, widgets updated), measured
by clicking the Step button of a `solara.render`-ed dashboard. The goal is at most
300 ms at the default size. Sending the images to the browser and painting them comes
on top; `--browser` measures that whole round trip from a click to the new week on
screen, in Debian's Chromium, through `lcsim dashboard`.

`--memory` builds classroom runs of increasing size, each in a fresh process, runs them
to their end, and fits the peak resident memory to communities and participants: the
figures behind `dashboards.capacity`'s size cap.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import ipyvuetify as vw  # noqa: E402
import solara  # noqa: E402

from dashboards import charts  # noqa: E402
from dashboards.page import Dashboard  # noqa: E402
from dashboards.session import Classroom  # noqa: E402
from lcsim.outputs import plain_label  # noqa: E402

GOAL_MS = 300.0


def _ms(seconds: list[float]) -> tuple[float, float, float]:
    values = sorted(1000.0 * s for s in seconds)
    p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
    return statistics.median(values), p90, values[-1]


def bench_in_process(n_participants: int, weeks: int, compare: bool = False) -> dict[str, object]:
    """Time model steps, chart frames and full Step clicks for one community size."""
    overrides = {} if n_participants == 30 else {"n_participants": n_participants}
    started = time.perf_counter()
    classroom = Classroom(overrides, compare_with="no bridge-builder" if compare else None)
    _box, rc = solara.render(Dashboard(classroom, in_sidebar=False), handle_error=False)
    first_render = time.perf_counter() - started
    step = rc.find(vw.Btn, children=["Step"]).widget
    for _ in range(3):  # warm-up: the charts draw their backgrounds once
        step.click()

    clicks = []
    for _ in range(weeks):
        t = time.perf_counter()
        step.click()
        clicks.append(time.perf_counter() - t)

    # The same work in parts, on a copy of the state reached: model step, then charts.
    model = classroom.a.model
    model_steps, chart_frames = [], []
    network = charts.NetworkChart(model)
    df = charts.weekly(model)
    chosen = charts.build("trust", model, df)  # the page draws the one chart on screen
    for _ in range(min(weeks, 20)):
        if not model.running:
            break
        t = time.perf_counter()
        model.step()
        model_steps.append(time.perf_counter() - t)
        t = time.perf_counter()
        df = charts.weekly(model)
        network.frame(model)
        chosen.frame(model, df)
        chart_frames.append(time.perf_counter() - t)
    rc.close()
    median, p90, worst = _ms(clicks)
    return {
        "size": f"{n_participants} participants" + (", compare A|B" if compare else ""),
        "first render ms": 1000.0 * first_render,
        "model step ms": _ms(model_steps)[0] if model_steps else float("nan"),
        "charts ms": _ms(chart_frames)[0] if chart_frames else float("nan"),
        "step+render ms (median)": median,
        "p90": p90,
        "max": worst,
    }


BROWSER_SETUPS = ("30 participants", "500 participants", "30 participants, compare A|B")
BROWSER_GOALS_MS = {"30 participants": 300.0, "500 participants": 600.0,
                    "30 participants, compare A|B": 600.0}


def _set_participants(page, wanted: int) -> None:
    """Set the participants slider from the keyboard, as a teacher could (PageUp jumps by
    a tenth of the range, the arrows by one); each key rebuilds the run at week 0."""
    from playwright.sync_api import expect

    name = plain_label("n_participants")
    name = name[0].upper() + name[1:]  # "Members at the start", as its slider reads
    box = page.locator(".v-input__slider", has_text=f"{name}:")
    slider, label = box.get_by_role("slider"), box.locator("label")
    slider.focus()
    slider.press("Home")  # the smallest community, then a tenth of the range up
    slider.press("PageUp")
    expect(label).not_to_contain_text(f"{name}: 30 ", timeout=60_000)
    now = int(slider.get_attribute("aria-valuenow"))
    for _ in range(abs(now - wanted)):
        slider.press("ArrowLeft" if now > wanted else "ArrowRight")
        page.wait_for_timeout(50)
    expect(label).to_contain_text(f"{name}: {wanted} ", timeout=120_000)


# In the page: the time of each click, and a promise of the ms from it to the first
# animation frame after every status line shows `week` (the page updated).
RECORD_CLICKS = """() => {
    document.addEventListener('click', () => { window.lcClicked = performance.now(); }, true);
    window.lcWatch = week => new Promise(resolve => {
        const done = () => [...document.querySelectorAll('.lc-status')]
            .every(s => s.innerText.includes(`Week ${week} of`));
        const watcher = new MutationObserver(() => {
            if (done()) {
                watcher.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - window.lcClicked));
            }
        });
        watcher.observe(document.body, {subtree: true, childList: true, characterData: true});
    });
}"""


def bench_browser(clicks: int) -> dict[str, float] | None:
    """Median ms from a Step click to the new week on screen, in Chromium, for each of
    BROWSER_SETUPS (a new page each; the first 3 clicks are warm-up).

    Timed in the page, from the click event to the first animation frame after every
    status line shows the new week. "(as Playwright sees it)" is the older figure: from
    Playwright's click call to its `expect` seeing the week, which adds Playwright's
    actionability checks and its polling interval (100 ms, then 250 ms) to each click.
    """
    import os
    import signal
    import socket
    import subprocess
    import urllib.request

    if not Path("/usr/bin/chromium").exists():
        print("(no /usr/bin/chromium: browser round trip skipped)")
        return None
    from playwright.sync_api import expect, sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "lcsim", "dashboard", "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    medians = {}
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            for setup in BROWSER_SETUPS:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url)
                button = page.get_by_role("button", name="Step", exact=True)
                button.wait_for(timeout=60_000)
                if setup.startswith("500"):
                    _set_participants(page, 500)
                if "compare" in setup:
                    page.get_by_text("Compare with a second run (B)").click()
                    expect(page.locator(".lc-run-B")).to_be_visible(timeout=60_000)
                page.wait_for_timeout(1500)
                statuses = page.locator(".lc-status")
                page.evaluate(RECORD_CLICKS)
                times, in_page = [], []
                for week in range(1, clicks + 1):
                    page.evaluate("week => { window.lcResult = window.lcWatch(week); }", week)
                    t = time.perf_counter()
                    button.click()
                    for i in range(statuses.count()):  # every run on screen
                        expect(statuses.nth(i)).to_contain_text(f"Week {week} of",
                                                                timeout=30_000)
                    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                    times.append(time.perf_counter() - t)
                    in_page.append(page.evaluate("() => window.lcResult") / 1000.0)
                medians[setup] = _ms(in_page[3:])[0]
                medians[f"{setup} (as Playwright sees it)"] = _ms(times[3:])[0]
                page.close()
            browser.close()
        return medians
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


# Sizes for --memory: (communities, participants per community, contacts per participant,
# funding years). Single communities of growing size, regions of many tiny communities
# (the per-community part), mid-sized regions, dense tie networks (the per-tie part), and
# long runs (15 funded years: 884 weeks instead of 312).
MEMORY_SIZES = ((1, 500, 24, 4.0), (1, 2000, 24, 4.0), (1, 4000, 24, 4.0), (100, 6, 24, 4.0),
                (400, 6, 24, 4.0), (40, 50, 24, 4.0), (10, 400, 24, 4.0), (1, 1000, 96, 4.0),
                (10, 200, 96, 4.0), (100, 6, 24, 15.0), (1, 2000, 24, 15.0))


def _proc_status(field: str) -> int:
    """`VmRSS` (now) or `VmHWM` (peak so far) of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return 0


def memory_child(n_communities: int, n_participants: int, contacts: int,
                 funding_years: float) -> dict[str, float]:
    """In a fresh process: a classroom run of this size, built and run to its end.

    Returns the resident memory it added at build and at its peak (bytes above the
    process after imports and a default-size warm-up run). Resident memory, not
    tracemalloc: numpy buffers, temporaries and allocator slack count here, as they do
    on the server.
    """
    from dashboards.session import Classroom

    overrides = {"n_communities": n_communities, "n_participants": n_participants,
                 "contacts_per_participant": contacts, "funding_years": funding_years}
    Classroom()  # warm caches and lazy imports with a default-size run, then measure
    baseline = _proc_status("VmRSS")
    classroom = Classroom(overrides)
    built = _proc_status("VmRSS") - baseline
    weeks = 0
    while classroom.running:
        classroom.step()
        weeks += 1
    root = classroom.a.root
    communities = getattr(root, "communities", [root])
    return {"communities": n_communities, "participants": n_communities * n_participants,
            "contacts": contacts, "funding_years": funding_years,
            "ties": sum(c.tie_src.size for c in communities),
            "weeks": weeks, "build_bytes": built,
            "peak_bytes": _proc_status("VmHWM") - baseline}


def bench_memory() -> list[dict[str, float]]:
    """Peak memory of classroom runs of `MEMORY_SIZES`, each in a new process."""
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    rows = []
    for size in MEMORY_SIZES:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            rows.append(pool.submit(memory_child, *size).result())
        print(rows[-1], flush=True)
    return rows


def fit_memory(rows: list[dict[str, float]]) -> dict[str, float]:
    """Least-squares bytes per run, per community-week, per directed tie and per member of
    one community (the form of `dashboards.capacity.run_bytes`)."""
    import numpy as np

    names = ("run", "community-week", "tie", "member of one community")
    a = np.array([[1.0, r["communities"] * r["weeks"], r["ties"],
                   r["participants"] / r["communities"]] for r in rows])
    b = np.array([r["peak_bytes"] for r in rows], dtype=float)
    coefficients, *_ = np.linalg.lstsq(a, b, rcond=None)
    return dict(zip(names, (float(c) for c in coefficients), strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=40, help="timed Step clicks per size")
    parser.add_argument("--browser", action="store_true",
                        help="also time a click round trip in Chromium via lcsim dashboard")
    parser.add_argument("--memory", action="store_true",
                        help="only measure peak memory per community and per participant")
    args = parser.parse_args(argv)

    if args.memory:
        from dashboards import capacity
        from lcsim.params import Params

        rows = bench_memory()
        fitted = fit_memory(rows)
        print("Peak memory of a classroom run, least squares: "
              + ", ".join(f"{v:,.0f} B per {k}" for k, v in fitted.items()))
        print("communities x participants, contacts, weeks: measured / dashboards.capacity")
        for r in rows:
            size = r["participants"] // r["communities"]
            params = Params(n_communities=r["communities"], n_participants=size,
                            contacts_per_participant=r["contacts"],
                            funding_years=r["funding_years"])
            print(f"  {r['communities']:>4} x {size:>5}, {r['contacts']:>3}, "
                  f"{r['weeks']:>4}: {r['peak_bytes'] / 2**20:6.1f} MiB / "
                  f"{capacity.run_bytes(params) / 2**20:6.1f} MiB")
        return 0

    rows = [bench_in_process(30, args.weeks), bench_in_process(500, max(10, args.weeks // 4)),
            bench_in_process(30, max(10, args.weeks // 2), compare=True)]
    keys = list(rows[0])
    widths = [max(len(k), *(len(_fmt(r[k])) for r in rows)) for k in keys]
    print("  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)))
    for row in rows:
        print("  ".join(_fmt(row[k]).ljust(w) for k, w in zip(keys, widths, strict=True)))
    default = rows[0]["step+render ms (median)"]
    verdict = "meets" if default <= GOAL_MS else "MISSES"
    print(f"\nDefault size: {default:.0f} ms per step and render; {verdict} the goal of "
          f"{GOAL_MS:.0f} ms. 'max' includes the weeks a chart redraws its background "
          "(a value outgrew its axis).")
    if args.browser:
        trips = bench_browser(clicks=15) or {}
        for setup in BROWSER_SETUPS:
            trip, goal = trips[setup], BROWSER_GOALS_MS[setup]
            print(f"Browser, {setup}: {trip:.0f} ms median from a Step click to the new week "
                  f"on screen; {'meets' if trip <= goal else 'MISSES'} the goal of "
                  f"{goal:.0f} ms (as Playwright sees it: "
                  f"{trips[f'{setup} (as Playwright sees it)']:.0f} ms; Chromium, "
                  "lcsim dashboard on 127.0.0.1).")
    return 0


def _fmt(value: object) -> str:
    return f"{value:.0f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.exit(main())
