"""End-to-end tests of the classroom dashboard in a real browser.

They start `lcsim dashboard` on a free port, drive Debian's Chromium at /usr/bin/chromium
with Playwright (never `playwright install`), and check that the page works offline,
that stepping, playing and interventions change the charts, the network and the event
log, that two browser contexts get independent models, and that the page logs no
errors. They play the README's screenshot scene but save it in a temporary folder:
only `python -m dashboards.screenshots --out docs/img` writes docs/img/dashboard.png.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium "
                "(apt-get install -y chromium; .ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright (from PyPI, the 'test' extra) is not installed")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboards import lessons, screenshots  # noqa: E402
from lcsim.params import Params  # noqa: E402

CHROMIUM_ARGS = screenshots.CHROMIUM_ARGS
WEEK = re.compile(r"Week (\d+) of")
TIMEOUT_MS = 30_000


def lever(name: str) -> str:
    """A lever's plain name as its slider starts, from `Params`: "External funding"."""
    label = Params.spec(name).label
    return label[0].upper() + label[1:]


REGION = lever("n_communities")  # "Communities in the region"
PRODUCT_EFFORT = f"{lever('product_effort')}: 20 {Params.spec('product_effort').unit}"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`lcsim dashboard --port <free port>`, in its own process group, stopped afterwards."""
    log_path = tmp_path_factory.mktemp("dashboard") / "server.log"
    try:
        with screenshots.serve(log_path) as url:
            yield url
    except RuntimeError as err:
        pytest.fail(f"{err}:\n{log_path.read_text()}")
    log = log_path.read_text()
    assert "starting at http://localhost:" in log and "0.0.0.0" not in log  # this computer only


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """One browser context on the dashboard, recording everything that went wrong."""

    def __init__(self, browser, url: str, height: int = 1300) -> None:
        self.context = browser.new_context(viewport={"width": 1600, "height": height})
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda err: self.problems.append(f"page error: {err}"))
        self.page.on("requestfailed", lambda req: self.problems.append(
            f"request failed: {req.url}"))
        self.page.on("request", self._request)
        self.page.goto(url)
        self.page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        self.status.wait_for(timeout=TIMEOUT_MS)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _request(self, request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http", "ws")) and host not in ("127.0.0.1", "localhost"):
            self.problems.append(f"request leaves the machine: {request.url}")

    @property
    def status(self):
        return self.page.locator(".lc-status").first

    def week(self) -> int:
        return int(WEEK.search(self.status.inner_text()).group(1))

    def click(self, label: str) -> None:
        self.page.get_by_role("button", name=label, exact=True).click()

    def wait_for_week(self, week: int) -> None:
        expect(self.status).to_contain_text(f"Week {week} of", timeout=TIMEOUT_MS)

    def chart(self, name: str):
        return self.page.locator(f"img.lc-chart-{name}").first

    def picture(self, name: str) -> bytes:
        return self.chart(name).screenshot()

    def close(self) -> None:
        self.context.close()
        assert not self.problems, "\n".join(self.problems)


def test_step_play_and_intervene(server, browser):
    session = Session(browser, server)
    page = session.page
    assert session.week() == 0
    before = {name: session.picture(name) for name in ("network", "trust")}
    log_before = page.locator(".lc-events").first.inner_text()

    session.click("Step")
    session.wait_for_week(1)
    session.click("Step")
    session.wait_for_week(2)

    _play_until(session, 10)
    paused = session.week()
    page.wait_for_timeout(600)
    assert session.week() == paused

    session.click("Interventions")
    session.click("Workshop against stereotypes")
    session.click("Event log")
    log = page.locator(".lc-events").first
    expect(log.locator("li").first).to_contain_text("intervention", timeout=TIMEOUT_MS)
    expect(log.locator("li").first).to_contain_text(f"week {paused}")
    expect(page.locator(".lc-message")).to_contain_text("see the event log")
    session.click("Step")
    session.wait_for_week(paused + 1)
    page.wait_for_timeout(300)

    after = {name: session.picture(name) for name in before}
    for name in before:
        assert after[name] != before[name], f"the {name} chart did not change"
    assert log.inner_text() != log_before
    session.close()


def test_two_browser_contexts_have_independent_models(server, browser):
    first = Session(browser, server)
    second = Session(browser, server)
    for week in (1, 2, 3):
        first.click("Step")
        first.wait_for_week(week)
    second.page.wait_for_timeout(300)
    assert second.week() == 0
    second.click("Step")
    second.wait_for_week(1)
    first.page.wait_for_timeout(300)
    assert first.week() == 3
    first.close()
    second.close()


def _play_until(session: Session, week: int) -> None:
    screenshots.play_until(session.page, week)


def test_readme_scene_and_compare_mode(server, browser, tmp_path):
    session = Session(browser, server, height=screenshots.VIEWPORT["height"])
    page = session.page
    for label in ("Step", "Step"):
        session.click(label)
    session.wait_for_week(2)
    session.click("Reset")
    session.wait_for_week(0)

    # The README's scene (full speed from the keyboard, two years, a workshop after the
    # first), saved where tests may write: never docs/img.
    screenshots.readme_scene(page)
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert session.week() >= 104

    # Compare mode: B starts again with A's seed plus one change, and they step together.
    page.get_by_text("Compare with a second run (B)").click()
    session.click("Reset")
    expect(page.locator(".lc-run-B")).to_be_visible(timeout=TIMEOUT_MS)
    statuses = page.locator(".lc-status")
    expect(statuses).to_have_count(2, timeout=TIMEOUT_MS)
    for week in (1, 2):
        session.click("Step")
        expect(statuses.nth(0)).to_contain_text(f"Week {week} of", timeout=TIMEOUT_MS)
        expect(statuses.nth(1)).to_contain_text(f"Week {week} of", timeout=TIMEOUT_MS)
    expect(page.locator("img.lc-chart-network")).to_have_count(2)
    session.close()


def test_a_region_of_three_communities(server, browser):
    """A teacher sets the region lever, starts a region, steps it, and looks at (and changes)
    another community than the first."""
    session = Session(browser, server)
    page = session.page
    page.get_by_text("More levers").click()
    region = page.locator(".v-input__slider", has_text=f"{REGION}:").get_by_role("slider")
    for communities in (2, 3):  # one key press at a time: each one builds a new region
        region.focus()
        region.press("ArrowRight")
        expect(page.get_by_text(re.compile(rf"^{REGION}: {communities} "))).to_be_visible(
            timeout=TIMEOUT_MS)
    session.click("Reset")
    line = page.locator(".lc-region").first
    expect(line).to_contain_text(f"{REGION}: 3", timeout=60_000)
    session.click("Step")
    expect(line).to_contain_text("Region, week 1", timeout=TIMEOUT_MS)
    expect(page.locator(".lc-status", has_text="Week 1 of")).to_be_visible()

    before = session.picture("network")
    picker = page.locator(".v-input__slider", has_text="Community shown:").get_by_role("slider")
    picker.focus()
    picker.press("End")
    expect(page.get_by_text("Community shown: 2 (0 to 2)")).to_be_visible(timeout=TIMEOUT_MS)
    expect(line).to_contain_text("Showing community 2")
    page.wait_for_timeout(500)
    assert session.picture("network") != before, "another community, another network"

    session.click("Interventions")
    session.click("Workshop against stereotypes")
    expect(page.locator(".lc-message")).to_contain_text("(community 2)", timeout=TIMEOUT_MS)
    session.close()


def _sliders(page) -> dict[str, str]:
    """Every slider in the settings: its label (the value the server holds) -> the value
    its thumb reports."""
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('nav .v-input__slider')].map(e => [
            e.querySelector('label').textContent.trim(),
            e.querySelector('[role=slider]').getAttribute('aria-valuenow')]))""")


def _check_thumbs_match_labels(sliders: dict[str, str]) -> None:
    for label, thumb in sliders.items():
        number, percent = re.search(r": (-?[\d.]+)(%?)", label).groups()
        shown = float(number) / 100 if percent else float(number)
        tolerance = 0.005 if percent else 0.0  # "12%" may show 0.125
        assert abs(float(thumb) - shown) <= tolerance, f"{label!r}: the thumb says {thumb}"


def test_opening_closing_resizing_and_rerendering_panels_change_no_setting(server, browser):
    """No widget may change a setting by itself. Opening "More levers" once turned product
    effort from 20 into 200 within 1.5 s (Vuetify rounding 20 to a grid based at 0.5,
    and again, up to the maximum), and at week 0 the run was rebuilt with it."""
    session = Session(browser, server)
    page = session.page
    main = _sliders(page)
    assert PRODUCT_EFFORT not in main  # still folded

    page.get_by_text("More levers").click()
    page.wait_for_timeout(2000)
    opened = _sliders(page)
    assert PRODUCT_EFFORT in opened
    assert {k: opened[k] for k in main} == main
    _check_thumbs_match_labels(opened)

    page.get_by_text("More levers").click()  # close, reopen
    page.wait_for_timeout(600)
    page.get_by_text("More levers").click()
    page.wait_for_timeout(1500)
    assert _sliders(page) == opened

    page.set_viewport_size({"width": 700, "height": 1300})  # a narrow screen: the drawer
    page.wait_for_timeout(1000)                            # folds away
    page.set_viewport_size({"width": 1600, "height": 1300})
    page.wait_for_timeout(1000)
    menu = page.locator(".v-app-bar__nav-icon")
    for _ in range(2):  # hide the settings (zero width) and show them again
        menu.click()
        page.wait_for_timeout(800)
    if page.locator("nav").first.bounding_box()["x"] < 0:
        menu.click()
    expect(page.get_by_text(PRODUCT_EFFORT)).to_be_visible()

    session.click("Step")  # re-render everything; from now on a change would wait for Reset
    session.wait_for_week(1)
    key_moments = page.get_by_text("Event log: key moments only")
    key_moments.click()
    key_moments.click()
    page.wait_for_timeout(1500)
    assert _sliders(page) == opened
    assert page.locator(".lc-pending").count() == 0, "a setting changed by itself"
    assert session.week() == 1
    session.close()


def test_a_negative_seed_is_refused_next_to_the_box(server, browser):
    session = Session(browser, server)
    page = session.page
    seed = page.get_by_role("textbox", name="Seed")
    seed.fill("-5")
    seed.press("Enter")
    expect(page.locator(".lc-input-problem")).to_have_text(
        "Seed must be a whole number from 0 to 4294967295; -5 is not.", timeout=TIMEOUT_MS)
    assert session.week() == 0 and page.locator(".lc-pending").count() == 0
    seed.fill("7")
    seed.press("Enter")
    expect(page.locator(".lc-input-problem")).to_have_count(0, timeout=TIMEOUT_MS)
    expect(page.locator(".lc-capacity")).to_contain_text("This server can run a community of up to")
    session.close()  # and no page errors on the way


TOOLBAR_LABELS = """() => {
    const bar = document.querySelector('.v-app-bar').getBoundingClientRect().bottom;
    return [...document.querySelectorAll('.lc-toolbar label')].map(label => {
        const box = label.getBoundingClientRect();
        label.style.pointerEvents = 'auto';  // a floating label lets clicks through
        const seen = [[box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2],
                      [(box.left + box.right) / 2, (box.top + box.bottom) / 2]]
            .every(([x, y]) => label.contains(document.elementFromPoint(x, y)));
        label.style.pointerEvents = '';
        return {text: label.textContent.trim(), top: box.top, bottom: box.bottom,
                below_bar: box.top >= bar - 0.5, seen: seen,
                clipped: label.scrollHeight > label.clientHeight + 1
                         || label.scrollWidth > label.clientWidth + 1};
    });
}"""


def _check_toolbar_labels_read_in_full(page, height: int) -> None:
    """The speed slider's and the "Run until" chooser's labels, at the longest speed
    label, read in full: below the app bar, inside the window, not cut, not covered;
    also after a click low on the page has scrolled the live area (the README scene
    clicks "Event log" at the bottom, which once hid them under the app bar), and the
    status line stays in view with them."""
    speed = page.locator(".v-input__slider", has_text="Speed:").get_by_role("slider")
    speed.focus()
    speed.press("End")
    expect(page.get_by_text("Speed: 20 weeks per second")).to_be_visible()
    page.get_by_role("button", name="Event log", exact=True).click()
    page.wait_for_timeout(500)
    labels = page.evaluate(TOOLBAR_LABELS)
    assert {label["text"] for label in labels} == {"Speed: 20 weeks per second", "stop at"}
    for label in labels:
        assert label["below_bar"] and label["bottom"] <= height, label
        assert label["seen"] and not label["clipped"], str(label)
    status = page.evaluate("() => { const b = document.querySelector('.lc-status')"
                           ".getBoundingClientRect(); return [b.top, b.bottom, "
                           "document.querySelector('.v-app-bar').getBoundingClientRect()"
                           ".bottom]; }")
    assert status[0] >= status[2] - 0.5 and status[1] <= height, status


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_key_elements_are_in_the_viewport_without_scrolling(server, browser, width, height):
    """Step/Play/Reset, the status line, the network, the eight conditions and the chosen
    chart fit on one screen with the settings open; sliders keep a usable track."""
    session = Session(browser, server, height=height)
    page = session.page
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(800)
    for name in ("Step", "Play", "Reset"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, name
    for selector in (".lc-status", "img.lc-chart-network", ".lc-conditions",
                     ".lc-mid img.lc-figure"):
        box = page.locator(selector).first.bounding_box()
        assert box["y"] + box["height"] <= height + 1, (selector, box)
        assert box["height"] >= 150 or selector in (".lc-status", ".lc-conditions"), selector
    status = page.locator(".lc-status").first.bounding_box()
    assert status["height"] < 45, f"the status line wraps: {status}"  # one line of 21 px
    bars = page.evaluate("() => [...document.querySelectorAll('.lc-bar')].map(b => "
                         "b.getBoundingClientRect().width)")
    assert len(bars) == 8 and min(bars) >= 80, bars
    _check_toolbar_labels_read_in_full(page, height)
    page.get_by_text("More levers").click()
    page.wait_for_timeout(1000)
    tracks = page.evaluate("""() => [...document.querySelectorAll('nav .v-input__slider')]
        .map(e => [e.querySelector('label').textContent,
                   e.querySelector('.v-slider').getBoundingClientRect().width,
                   e.querySelector('label').getBoundingClientRect().bottom,
                   e.querySelector('.v-slider').getBoundingClientRect().top])""")
    for label, track, label_bottom, track_top in tracks:
        assert track >= 150, f"{label}: a {track:.0f} px track"
        assert label_bottom <= track_top + 1, f"{label}: the label overlaps its slider"
    session.close()


def test_a_guided_lesson_runs_pauses_narrates_and_goes_on(server, browser):
    session = Session(browser, server, height=1080)
    page = session.page
    session.click("Lessons")
    session.click("Start: Stereotypes and the workshop")
    card = page.locator(".lc-lesson")
    expect(card).to_contain_text("Ask the class", timeout=60_000)
    expect(card).to_contain_text("moment 1 of 4")
    assert session.week() == 55
    assert page.get_by_role("checkbox", name="Event log: key moments only").is_checked()
    page.get_by_role("button", name=re.compile(r"^Go on")).click()
    expect(card).to_contain_text("moment 2 of 4", timeout=TIMEOUT_MS)
    expect(card).to_contain_text("Ask the class", timeout=60_000)
    log = page.locator(".lc-events").first
    # Go on held the workshop at the paused moment, and the lesson's seed was picked so
    # that the next stereotype shift is linked to it (tests/test_lesson_seeds.py).
    expect(log).to_contain_text(re.compile(r"week 55\s*intervention\s*A workshop", re.I),
                                timeout=TIMEOUT_MS)
    expect(log).to_contain_text(re.compile("after the workshop in week 55", re.I),
                                timeout=TIMEOUT_MS)
    expect(card).to_contain_text("After the workshop in week 55, groups discount each "
                                 "other's knowledge less")
    page.get_by_role("button", name="Leave the lesson").click()
    expect(card).to_have_count(0, timeout=TIMEOUT_MS)
    session.close()


def test_exports_download_and_parse(server, browser, tmp_path):
    import csv

    session = Session(browser, server)
    page = session.page
    for week in (1, 2, 3):
        session.click("Step")
        session.wait_for_week(week)
    session.click("Export")
    files = {}
    for label in ("Weekly data (CSV)", "Event log (CSV)", "Trust (PNG)", "Network (PNG)"):
        with page.expect_download(timeout=TIMEOUT_MS) as info:
            page.get_by_role("button", name=label).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[label] = path
    weekly = list(csv.DictReader(files["Weekly data (CSV)"].open()))
    assert [row["week"] for row in weekly] == ["0", "1", "2", "3"]
    assert "mean_stereotype" in weekly[0]
    header = next(csv.reader(files["Event log (CSV)"].open()))
    assert header == ["week", "kind", "key_moment", "text", "follows"]
    for label in ("Trust (PNG)", "Network (PNG)"):
        assert files[label].read_bytes().startswith(b"\x89PNG")
    session.close()


def test_info_opens_and_run_until_stops_at_the_week(server, browser):
    session = Session(browser, server)
    page = session.page
    session.click("Info")
    expect(page.get_by_text("What is this model?")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("What each view shows")).to_be_visible()
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page.get_by_text("What is this model?")).to_be_hidden(timeout=TIMEOUT_MS)
    page.locator(".lc-until .v-select").click()
    page.get_by_role("option", name="a week …").click()
    week = page.get_by_role("textbox", name="Week")
    week.fill("20")
    week.press("Enter")
    session.click("Run until")
    session.wait_for_week(20)
    page.wait_for_timeout(800)
    assert session.week() == 20
    session.close()


def test_a_reload_asks_first_and_gives_the_tab_its_run_back(server, browser):
    """A teacher who reloads by accident is asked first (beforeunload, once the run has
    moved past week 0), and a confirmed reload shows the same run at the same week."""
    session = Session(browser, server)
    page = session.page
    guard = page.locator(".lc-reload-guard")
    expect(guard).to_have_attribute("data-armed", "no", timeout=TIMEOUT_MS)  # week 0: free
    for week in (1, 2, 3):
        session.click("Step")
        session.wait_for_week(week)
    expect(guard).to_have_attribute("data-armed", "yes", timeout=TIMEOUT_MS)

    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()  # "stay on this page"

    page.on("dialog", answer)
    page.close(run_before_unload=True)  # closing the tab: the browser asks first
    page.wait_for_timeout(1000)
    assert asked == ["beforeunload"]
    assert not page.is_closed() and session.week() == 3
    page.remove_listener("dialog", answer)

    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.reload()  # confirmed: the same tab gets its run back
    page.get_by_role("button", name="Step").wait_for(timeout=60_000)
    expect(session.status).to_contain_text("Week 3 of", timeout=TIMEOUT_MS)
    session.click("Step")
    session.wait_for_week(4)

    other = Session(browser, server)  # another browser session starts its own run
    assert other.week() == 0
    other.close()
    session.close()


RECORD_WEEKS = """() => {
    window.lcWeeks = [];
    const status = document.querySelector('.lc-status');
    const note = () => {
        const week = Number(/Week (\\d+) of/.exec(status.innerText)[1]);
        const last = window.lcWeeks[window.lcWeeks.length - 1];
        if (!last || last[0] !== week) window.lcWeeks.push([week, performance.now()]);
    };
    note();
    new MutationObserver(note).observe(status, {subtree: true, childList: true,
                                                characterData: true});
}"""


PLAY_WEEKS_TO_TIME = 10  # weeks drawn after the first second, to time Play's rate
PLAY_EXTRA_SECONDS = 30  # how much longer Play may run to draw them on a busy machine


def test_play_keeps_4_weeks_per_second_or_shows_the_speed_it_reaches(server, browser):
    """Issue item 4: at 4 weeks per second Play ran 2.6-3.0. The achieved rate, timed in
    the browser from the weeks drawn after a one-second start, must be within 10% of the
    4 asked for; if the machine is too busy for that, the page must say what it reaches
    (its figure within 10% of the rate measured here). On a busy machine Play runs until
    enough weeks are drawn to time it, instead of failing for want of them."""
    session = Session(browser, server, height=1080)
    page = session.page
    expect(page.locator(".lc-speed")).to_contain_text("Speed: 4 weeks per second")
    page.evaluate(RECORD_WEEKS)
    session.click("Play")
    page.wait_for_timeout(6000)
    for _ in range(PLAY_EXTRA_SECONDS):  # a busy machine draws fewer weeks: watch longer
        if len(page.evaluate("() => window.lcWeeks")) >= PLAY_WEEKS_TO_TIME + 3:
            break
        page.wait_for_timeout(1000)
    shown_text = page.locator(".lc-achieved").inner_text()
    session.click("Pause")
    seen = page.evaluate("() => window.lcWeeks")
    started = seen[1][1]  # the first week drawn after Play
    timed = [(week, t) for week, t in seen if t >= started + 1000]
    assert len(timed) >= PLAY_WEEKS_TO_TIME, seen
    (w1, t1), (w2, t2) = timed[0], timed[-1]
    measured = (w2 - w1) / ((t2 - t1) / 1000)
    whole = (seen[-1][0] - seen[0][0]) / ((seen[-1][1] - started) / 1000 + 1 / 4)
    shown = float(re.search(r"reaching ([\d.]+) weeks per second", shown_text).group(1))
    print(f"play at 4 w/s: measured {measured:.2f} w/s ({w2 - w1} weeks in "
          f"{(t2 - t1) / 1000:.2f} s), since Play {whole:.2f}; page shows {shown}")
    honest = abs(shown - whole) <= 0.10 * whole
    assert abs(measured - 4.0) <= 0.4 or honest, (measured, whole, shown)
    session.close()


CONTENT_HEIGHT = """() => {
    const main = document.querySelector('.solara-content-main .v-content__wrap > div');
    return Math.max(main.scrollHeight, document.documentElement.scrollHeight);
}"""


def test_compare_mode_fits_about_one_screen_and_interventions_go_to_both_runs(server,
                                                                              browser):
    """Issue item 6: the compare page was 3,850 px tall at 1920x1080, and interventions
    went to run A unless one chose otherwise."""
    session = Session(browser, server, height=1080)
    page = session.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_text("Compare with a second run (B)").click()  # at week 0: at once
    expect(page.locator(".lc-run-B")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("img.lc-chart-network")).to_have_count(2, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    height = page.evaluate(CONTENT_HEIGHT)
    print(f"compare page at 1920x1080: {height} px tall (was 3,850)")
    assert height <= 1.5 * 1080, f"the compare page is {height} px tall"
    figures = page.evaluate("() => [...document.querySelectorAll('.lc-compare img')]"
                            ".map(i => [i.className, i.getBoundingClientRect().bottom])")
    assert len(figures) == 4, figures  # each run's network and chosen chart, one screen
    for name, bottom in figures:
        assert bottom <= 1080 + 1, (name, bottom)

    session.click("Interventions")
    both = page.get_by_role("button", name="A+B", exact=True)
    expect(both).to_have_class(re.compile(r"v-item--active|v-btn--active"),
                               timeout=TIMEOUT_MS)
    session.click("Workshop against stereotypes")
    expect(page.locator(".lc-message")).to_contain_text("in both runs", timeout=TIMEOUT_MS)
    session.click("Event log")
    logs = page.locator(".lc-events")
    expect(logs).to_have_count(2, timeout=TIMEOUT_MS)
    for run in range(2):
        expect(logs.nth(run).locator("li").first).to_contain_text("intervention",
                                                                   timeout=TIMEOUT_MS)
    session.close()


def test_at_1280_by_720_play_moves_nothing_and_the_first_hint_is_on_screen(server, browser):
    """The tryout: "reaching 19.9 weeks per second" pushed Projector and Info onto a
    second row and the live area 40 px down; the speed label wrapped; the only first
    hint ("Press Step or Play") was below the fold."""
    session = Session(browser, server, height=720)
    page = session.page
    page.set_viewport_size({"width": 1280, "height": 720})
    hint = page.locator(".lc-first-hint")
    expect(hint).to_contain_text("Projector", timeout=TIMEOUT_MS)
    box = hint.bounding_box()
    assert box["y"] + box["height"] <= 720 + 1, box
    label = page.locator(".lc-speed .v-label")
    assert label.bounding_box()["height"] < 24, "the speed label wraps"

    def places() -> list[float]:
        return [page.locator(sel).first.bounding_box()["y"] for sel in
                (".lc-status", ".lc-projector", "img.lc-chart-network")]

    before = places()
    page.locator(".v-input__slider", has_text="Speed:").get_by_role("slider").press("End")
    session.click("Play")
    expect(page.locator(".lc-achieved")).to_contain_text("reaching", timeout=TIMEOUT_MS)
    assert places() == before
    session.click("Pause")
    expect(hint).to_have_count(0)  # past week 0 the hint has done its work
    session.close()


def test_compare_mode_fits_a_720_projector_and_puts_the_log_beside_the_runs_at_1920(
        server, browser):
    """The tryout: at 1280x720 with Projector the A and B charts were cut at the bottom;
    at 1920x1080 with the settings open the Event log and Interventions were below."""
    session = Session(browser, server, height=1080)
    page = session.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_text("Compare with a second run (B)").click()
    expect(page.locator("img.lc-chart-network")).to_have_count(2, timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)
    for name in ("Event log", "Interventions"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["y"] + box["height"] <= 1080, (name, box)
    session.click("Projector")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(1500)
    figures = page.evaluate("() => [...document.querySelectorAll('.lc-compare img')]"
                            ".map(i => [i.className, i.getBoundingClientRect().bottom])")
    assert len(figures) == 4, figures
    for name, bottom in figures:
        assert bottom <= 720 + 1, (name, bottom)
    session.close()


def test_a_reload_during_a_lesson_goes_on_with_the_lesson_and_projector_mode(server,
                                                                             browser):
    """The tryout: a reload during a lesson gave the run back but dropped the lesson
    card, Projector mode and the lesson's chart, and the moment's workshop never came."""
    session = Session(browser, server, height=720)
    page = session.page
    page.on("dialog", lambda dialog: dialog.accept())
    session.click("Projector")
    session.click("Lessons")
    session.click("Start: Stereotypes and the workshop")
    card = page.locator(".lc-lesson")
    expect(card).to_contain_text("Ask the class", timeout=60_000)
    before = card.inner_text()
    page.reload()
    page.get_by_role("button", name="Step").wait_for(timeout=60_000)
    expect(card).to_contain_text("Ask the class", timeout=TIMEOUT_MS)
    assert card.inner_text() == before
    expect(page.get_by_role("button", name="Settings", exact=True)).to_be_visible()
    expect(session.chart("stereotyping")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Go on")).click()
    expect(card).to_contain_text("moment 2 of 4", timeout=TIMEOUT_MS)
    session.close()


INSIDE = """(selector) => { const b = document.querySelector(selector).getBoundingClientRect();
    return {top: b.top, left: b.left, bottom: b.bottom, right: b.right,
            inside: b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight + 1
                    && b.right <= innerWidth + 1 && b.height > 0}; }"""


def _card_and_chart_in_view(page, chart: str) -> None:
    """The lesson card and the chart it names, each whole inside the window."""
    for selector in (".lc-lesson", f"img.lc-chart-{chart}"):
        box = page.evaluate(INSIDE, selector)
        assert box["inside"], (selector, box)


def test_at_1280_by_720_with_settings_a_lesson_card_and_its_chart_are_both_on_screen(
        server, browser):
    """The tryout: at 1280x720 without Projector the Lessons tab sat at the screen's
    bottom edge and a lesson card pushed the chart it talks about below the screen. Now
    the Lessons tab shows its first lesson, and the card (also the longest one, the
    subsidy cliff's third moment, and after a Reset stopped a lesson) and its chart are
    both whole on screen, with the settings open and in Projector mode."""
    session = Session(browser, server, height=720)
    page = session.page
    page.set_viewport_size({"width": 1280, "height": 720})
    session.click("Lessons")
    start = page.get_by_role("button", name="Start: Stereotypes and the workshop")
    expect(start).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate(INSIDE, ".lc-tabs")["inside"]
    assert page.locator(".v-btn", has_text="Start: ").first.bounding_box()["y"] + 36 <= 720
    start.click()
    card = page.locator(".lc-lesson")
    expect(card).to_contain_text("Ask the class", timeout=60_000)
    page.wait_for_timeout(500)
    _card_and_chart_in_view(page, "stereotyping")
    session.click("Reset")
    expect(card).to_contain_text("stopped by Reset", timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    _card_and_chart_in_view(page, "stereotyping")

    session.click("Lessons")
    session.click("Start: The subsidy cliff")
    for moment in (1, 2, 3):
        expect(card).to_contain_text(f"moment {moment} of 4", timeout=60_000)
        expect(card).to_contain_text("Ask the class", timeout=60_000)
        if moment < 3:
            page.get_by_role("button", name=re.compile(r"^Go on")).click()
    third_chart = lessons.load_all()[0]["The subsidy cliff"].moments[2].chart
    page.wait_for_timeout(500)
    _card_and_chart_in_view(page, third_chart)
    expect(page.get_by_role("button", name="Go on", exact=True)).to_be_in_viewport()
    session.click("Projector")
    page.wait_for_timeout(1000)
    _card_and_chart_in_view(page, third_chart)
    expect(page.get_by_role("button", name="Go on", exact=True)).to_be_in_viewport()
    session.close()
