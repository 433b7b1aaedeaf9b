"""The classroom dashboard at projector sizes and browser zoom, in Debian's Chromium.

A browser zoom of 125% on a 1280 x 720 screen gives the page a window of 1024 x 576 CSS
pixels at 1.25 device pixels each. The teacher's tryout: zoomed in, the network and the
chart got smaller (fixed pixel offsets took most of the smaller window), the chart fell
below the screen, and below 960 CSS pixels the settings opened over the page. On a
1024 x 768 projector, reaching an intervention scrolled the network and the chart away.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

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

from dashboards import screenshots  # noqa: E402

TIMEOUT_MS = 30_000
SCREEN = (1280, 720)  # device pixels of the projector
OPEN = re.compile(r"\bv-navigation-drawer--open\b")

# Each picture as drawn inside its box (object-fit: contain): its size in CSS pixels,
# its bottom edge, and the scale of the PNG's pixels on the page.
PICTURES = """() => Object.fromEntries(
    [['network', 'img.lc-chart-network'], ['chart', '.lc-mid img.lc-figure']].map(([n, s]) => {
        const img = document.querySelector(s), box = img.getBoundingClientRect();
        const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
        return [n, {height: img.naturalHeight * scale, bottom: box.top + img.naturalHeight * scale,
                    scale: scale, window: window.innerHeight}];
    }))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """`lcsim dashboard` on a free port, stopped afterwards."""
    log_path = tmp_path_factory.mktemp("dashboard") / "server.log"
    try:
        with screenshots.serve(log_path) as url:
            yield url
    except RuntimeError as err:
        pytest.fail(f"{err}:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=screenshots.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_zoomed(browser, url: str, zoom: float):
    """A page on the projector's screen at `zoom` (1.25 = 125%), once Step is there."""
    context = browser.new_context(
        viewport={"width": round(SCREEN[0] / zoom), "height": round(SCREEN[1] / zoom)},
        device_scale_factor=zoom)
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Step").wait_for(timeout=60_000)
    return context, page


def projector_pictures(browser, url: str, zoom: float) -> dict:
    context, page = open_zoomed(browser, url, zoom)
    page.get_by_role("button", name="Projector", exact=True).click()
    expect(page.locator("nav.v-navigation-drawer")).to_have_count(0, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Step", exact=True).click()
    expect(page.locator(".lc-status")).to_contain_text("Week 1 of", timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)
    pictures = page.evaluate(PICTURES)
    context.close()
    return pictures


def test_zooming_in_makes_network_and_chart_larger_and_keeps_them_on_screen(server, browser):
    """At 100%, 125% and 150% on 1280 x 720 in Projector mode the network and the chart
    lie wholly on the screen, and zoomed in their text is larger on the screen (device
    pixels) than at 100%: the tryout measured a 180-pixel network and 8-pixel chart
    ticks at 125%, and the chart below the screen at 150%."""
    seen = {zoom: projector_pictures(browser, server, zoom) for zoom in (1.0, 1.25, 1.5)}
    for zoom, pictures in seen.items():
        print(f"zoom {zoom:.0%}: " + "; ".join(
            f"{name} {p['height']:.0f} CSS px tall, 18-px text shown at "
            f"{18 * p['scale'] * zoom:.1f} device px" for name, p in pictures.items()))
        for name, picture in pictures.items():
            assert picture["bottom"] <= picture["window"] + 1, (zoom, name, picture)
            assert picture["height"] * zoom >= 250, (zoom, name, picture)  # device pixels
    for zoom in (1.25, 1.5):
        chart, plain = seen[zoom]["chart"], seen[1.0]["chart"]
        assert chart["scale"] * zoom > plain["scale"], (zoom, chart, plain)


def test_below_960_css_pixels_the_settings_start_closed_and_the_menu_opens_them(server,
                                                                                browser):
    """At 150% on 1280 x 720 (853 CSS pixels wide) the settings drawer used to open over
    the page, so Step and Projector could not be clicked."""
    context, page = open_zoomed(browser, server, 1.5)
    drawer = page.locator("nav.v-navigation-drawer")
    expect(drawer).not_to_have_class(OPEN, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Step", exact=True).click(timeout=5_000)
    expect(page.locator(".lc-status")).to_contain_text("Week 1 of", timeout=TIMEOUT_MS)
    page.locator("header .v-app-bar__nav-icon").click()
    expect(drawer).to_have_class(OPEN, timeout=TIMEOUT_MS)
    expect(page.get_by_text("Settings for the next run")).to_be_in_viewport()
    context.close()


def test_on_a_1024_by_768_screen_the_settings_start_closed_and_a_lesson_can_be_started(
        server, browser):
    """The teacher's tryout at 1024 x 768: the open settings left the live area 600
    pixels wide, the toolbar on two rows and the Lessons list below the screen. Below
    1100 CSS pixels the settings start closed (the menu opens them), and the first
    lesson's Start button is on screen without scrolling."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="Step").wait_for(timeout=60_000)
    drawer = page.locator("nav.v-navigation-drawer")
    expect(drawer).not_to_have_class(OPEN, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Lessons", exact=True).click()
    expect(page.get_by_role("button", name=re.compile("^Start: ")).first).to_be_in_viewport(
        timeout=TIMEOUT_MS)
    page.locator("header .v-app-bar__nav-icon").click()
    expect(drawer).to_have_class(OPEN, timeout=TIMEOUT_MS)
    expect(page.get_by_text("Settings for the next run")).to_be_in_viewport()
    context.close()


# The teacher's tryout on a 1024 x 768 projector: the tabs (event log, interventions,
# lessons) lay under the network, and their controls ran below the window. Reaching an
# intervention scrolled the whole page, so the network and the chart left the screen just
# when the class was to see what the intervention did. Playwright's click scrolls a
# control into view as a keyboard's focus does (the chart's top went from 412 to 108
# pixels at 1280 x 720).

# Where the network and the chart are in the window, and the window's height.
PLACES = """() => Object.fromEntries(
    [['network', 'img.lc-chart-network'], ['chart', '.lc-mid img.lc-figure']].map(([n, s]) => {
        const box = document.querySelector(s).getBoundingClientRect();
        return [n, {top: box.top, bottom: box.bottom, window: window.innerHeight}];
    }))"""


def assert_in_place(page, before: dict, what: str) -> None:
    """The network and the chart are where they were (`before`), whole on screen."""
    page.wait_for_timeout(500)  # a late re-render or scroll
    after = page.evaluate(PLACES)
    for name, place in after.items():
        assert abs(place["top"] - before[name]["top"]) <= 1, (what, name, before, after)
        assert place["bottom"] <= place["window"] + 1, (what, name, after)


@pytest.mark.parametrize(("width", "height", "projector"), [
    (1024, 768, False), (1024, 768, True), (1280, 720, False), (1366, 768, False)])
def test_pressing_interventions_on_a_projector_leaves_network_and_chart_in_place(
        server, browser, width, height, projector):
    """At 1024 x 768 (settings closed, and in Projector mode), 1280 x 720 and 1366 x 768
    (settings open), after a few weeks: opening the Interventions tab and pressing the
    interventions low in it and its lowest slider moves neither the network nor the
    chart; the tabs' panel scrolls instead of the page."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(server)
    step = page.get_by_role("button", name="Step", exact=True)
    step.wait_for(timeout=60_000)
    if projector:
        page.get_by_role("button", name="Projector", exact=True).click()
        expect(page.locator("nav.v-navigation-drawer")).to_have_count(0, timeout=TIMEOUT_MS)
    for week in (1, 2, 3):
        step.click()
        expect(page.locator(".lc-status")).to_contain_text(f"Week {week} of",
                                                           timeout=TIMEOUT_MS)
    page.wait_for_timeout(800)  # the last frame's images
    before = page.evaluate(PLACES)
    for place in before.values():
        assert place["bottom"] <= place["window"] + 1, before

    page.get_by_role("button", name="Interventions", exact=True).click()
    expect(page.get_by_role("button", name="Workshop against stereotypes")).to_be_visible(
        timeout=TIMEOUT_MS)
    assert_in_place(page, before, "Interventions tab")
    for label in ("Workshop against stereotypes", "The project leader leaves"):
        page.get_by_role("button", name=label, exact=True).click()
        expect(page.locator(".lc-message")).to_contain_text(f"Week 3: {label}",
                                                            timeout=TIMEOUT_MS)
        assert_in_place(page, before, label)
    policy = page.locator(".lc-side .v-input__slider", has_text="Participation policy")
    track = policy.locator(".v-slider")
    track.click(position={"x": 8, "y": track.bounding_box()["height"] / 2})
    expect(policy).not_to_contain_text("0.8 on a 0-1 scale", timeout=TIMEOUT_MS)
    assert_in_place(page, before, "participation policy slider")
    context.close()
