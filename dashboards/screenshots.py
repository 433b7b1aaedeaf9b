"""The README's screenshot of the classroom dashboard, taken in Debian's Chromium.

    .venv/bin/python -m dashboards.screenshots --out docs/img

This is the only command that writes `docs/img/dashboard.png`; the tests play the same
scene (`readme_scene`) but save into a temporary folder, so running them never changes
a tracked file. It starts `lcsim dashboard` on a free loopback port, drives
/usr/bin/chromium with Playwright (the 'test' extra; never `playwright install`), plays
two years at full speed with a workshop against stereotypes after the first, and saves
the page.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
VIEWPORT = {"width": 1600, "height": 1000}
TIMEOUT_MS = 60_000
START_TIMEOUT_S = 90


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(log_path: Path | None = None) -> Iterator[str]:
    """Run `lcsim dashboard` on a free port in its own process group; yield its URL
    (http://localhost:<port>/).

    Args:
        log_path: where the server's output goes (discarded when None).

    Raises:
        RuntimeError: the server did not answer within START_TIMEOUT_S seconds.
    """
    port = free_port()
    log = log_path.open("w") if log_path else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "lcsim", "dashboard", "--port", str(port)],
                               cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    # The server listens on 127.0.0.1; the browser asks for it by the name localhost. For
    # localhost, Solara sets its session cookie as SameSite=None; Secure (browsers allow
    # Secure cookies on http://localhost); for any other name over http it falls back to
    # SameSite=Lax and logs a 14-line UserWarning about https for each new session.
    url = f"http://localhost:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"lcsim dashboard did not start on port {port}"
                                   + (f"; see {log_path}" if log_path else ""))
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # lcsim and the solara server it started
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if log_path:
            log.close()


def play_until(page: Any, week: int) -> None:
    """Press Play, wait until the status line shows `week` or later, and press Pause."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        f"() => /Week (\\d+) of/.exec(document.querySelector('.lc-status').innerText)[1]"
        f" >= {week}", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS)


def readme_scene(page: Any) -> None:
    """Two years at full speed, with a workshop against stereotypes after the first.

    `page` is a Playwright page showing a fresh dashboard at week 0.
    """
    from playwright.sync_api import expect

    speed = page.locator(".v-input__slider", has_text="Speed:").get_by_role("slider")
    speed.focus()
    speed.press("End")  # full speed, from the keyboard
    expect(page.get_by_text("Speed: 20 weeks per second")).to_be_visible()
    play_until(page, 52)
    page.get_by_role("button", name="Interventions", exact=True).click()
    page.get_by_role("button", name="Workshop against stereotypes", exact=True).click()
    expect(page.locator(".lc-message")).to_contain_text("see the event log")
    play_until(page, 104)
    page.get_by_role("button", name="Event log", exact=True).click()
    page.get_by_role("button", name="Stereotyping", exact=True).click()
    page.wait_for_timeout(800)  # the last frame's images


SIZES = ((1920, 1080), (1280, 720))  # a wide screen and a projector


def compare_scene(page: Any) -> None:
    """Compare mode (B without a bridge-builder), two years at full speed.

    `page` is a Playwright page showing a fresh dashboard at week 0.
    """
    from playwright.sync_api import expect

    page.get_by_text("Compare with a second run (B)").click()  # at week 0: at once
    expect(page.locator(".lc-run-B")).to_be_visible(timeout=TIMEOUT_MS)
    speed = page.locator(".v-input__slider", has_text="Speed:").get_by_role("slider")
    speed.focus()
    speed.press("End")
    expect(page.get_by_text("Speed: 20 weeks per second")).to_be_visible()
    play_until(page, 104)
    page.wait_for_timeout(800)


def take(out: Path) -> Path:
    """Start a dashboard, play `readme_scene` and save `out`/dashboard.png, the same
    scene at each of SIZES as dashboard_<w>x<h>.png, and `compare_scene` as
    dashboard_compare_1920x1080.png; return the first path.

    Raises:
        RuntimeError: Chromium is missing at /usr/bin/chromium, or the server did not start.
    """
    if not CHROMIUM.exists():
        raise RuntimeError("Debian's Chromium is not installed at /usr/bin/chromium "
                           "(apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    path = out / "dashboard.png"
    with serve() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(url)
        page.get_by_role("button", name="Step", exact=True).wait_for(timeout=TIMEOUT_MS)
        readme_scene(page)
        page.screenshot(path=str(path))
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url)
            page.get_by_role("button", name="Step", exact=True).wait_for(timeout=TIMEOUT_MS)
            readme_scene(page)
            page.screenshot(path=str(out / f"dashboard_{width}x{height}.png"))
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url)
        page.get_by_role("button", name="Step", exact=True).wait_for(timeout=TIMEOUT_MS)
        compare_scene(page)
        page.screenshot(path=str(out / "dashboard_compare_1920x1080.png"))
        browser.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True,
                        help="folder for dashboard.png (docs/img for the README)")
    args = parser.parse_args(argv)
    try:
        path = take(args.out)
    except RuntimeError as err:
        print(f"dashboards.screenshots: {err}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
