"""Presentation constants for the classroom dashboard: palette, role markers, fonts, CSS.

Pure presentation: nothing here knows how the model works. Colours are the Okabe-Ito
palette (Okabe & Ito 2008), which viewers with the common colour-vision deficiencies can
tell apart; every role and every series also differs in marker or line style, so colour
is never the only cue. The plain names and units of levers and outputs are not here:
the dashboard reads them from `lcsim.Params` and `lcsim.outputs`."""

from __future__ import annotations

import math
from decimal import Decimal

from lcsim.params import Spec
from lcsim.roles import Role

# Okabe-Ito palette.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

# Roles: colour AND marker shape (matplotlib marker codes).
ROLE_COLOUR = {
    Role.RESEARCHER: BLUE,
    Role.EDUCATOR: ORANGE,
    Role.PRACTITIONER: GREEN,
    Role.MBO_STAFF: VERMILLION,
    Role.PERSON_WITH_DEMENTIA: PURPLE,
}
ROLE_MARKER = {
    Role.RESEARCHER: "o",
    Role.EDUCATOR: "s",
    Role.PRACTITIONER: "^",
    Role.MBO_STAFF: "D",
    Role.PERSON_WITH_DEMENTIA: "P",
}

# The same shapes as text, for legends written in HTML.
ROLE_SYMBOL = {
    Role.RESEARCHER: "●",
    Role.EDUCATOR: "■",
    Role.PRACTITIONER: "▲",
    Role.MBO_STAFF: "◆",
    Role.PERSON_WITH_DEMENTIA: "✚",
}

# Line styles cycle with colours so series differ in two ways.
LINE_STYLES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
SERIES_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY_BLUE, VERMILLION)

# Chart text for a projector. At 72 dpi a point is a pixel of the PNG; a 547-pixel-wide
# chart is shown about 440 pixels wide on a 1280 x 720 screen (0.8x), so 18-point text
# reads as about 14 pixels there, and 18 at 1920 x 1080, where it is shown full size.
FIG_DPI = 72
FONT_CHART = 18
FONT_CHART_TITLE = 20



def _luminance(colour: str) -> float:
    """The relative luminance of a colour "#RRGGBB" (WCAG 2.1), 0 (black) to 1 (white)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    """The WCAG contrast ratio of two colours "#RRGGBB", from 1 (none) to 21."""
    light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(colour: str, least: float = 4.5) -> str:
    """`colour` darkened just enough that text in it reads on white: its hue kept, its
    contrast at least `least` (WCAG's 4.5 for normal text). Okabe-Ito orange (#E69F00)
    has 2.0 on white and becomes a dark amber."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    for percent in range(100, -1, -1):
        darker = "#" + "".join(f"{round(c * percent / 100):02X}" for c in (red, green, blue))
        if contrast(darker) >= least:
            return darker
    return BLACK


# Event kinds that deserve a colour in the log (the rest are plain), in the palette's
# hues darkened for text on white (`text_colour`): the name of the kind says the same.
EVENT_KIND_COLOUR = {kind: text_colour(colour) for kind, colour in {
    "intervention": BLUE,
    "funding ends": VERMILLION,
    "community dissolves": VERMILLION,
    "member drops out": VERMILLION,
    "project leader leaves": VERMILLION,
    "product developed": GREEN,
    "product lands": GREEN,
    "product stalls": ORANGE,
    "failure hushed up": ORANGE,
    "failure discussed": GREEN,
    "stereotypes shift": PURPLE,
    "phase": SKY_BLUE,
}.items()}

CSS = """
.lc-app { font-size: 17px; }
.lc-app .v-label, .lc-app .v-btn, .lc-app .v-select__selection, .lc-app input,
.lc-app .v-input { font-size: 16px !important; }
.lc-app .v-btn { text-transform: none !important; letter-spacing: 0 !important; }
.lc-title { display: block; font-size: 19px; font-weight: 700; margin: 2px 0 2px 0; }
.lc-help { display: block; font-size: 14px; color: #333; line-height: 1.25; margin: 2px 0 12px 0; }
/* Slider labels sit above their track and wrap: a long label never squeezes the track. */
.lc-app .v-input__slider .v-input__slot { flex-wrap: wrap; }
.lc-app .v-input__slider .v-input__slot > .v-label {
    flex: 1 1 100%; max-width: 100%; white-space: normal; height: auto !important;
    line-height: 1.25; overflow: visible; text-overflow: clip; margin: 0 0 2px 0 !important;
    position: static !important; transform: none !important; }
.lc-app .v-input__slider .v-slider { flex: 1 1 100%; min-width: 0; margin: 0; }
.lc-app .v-input__slider { margin-top: 6px; }
/* No empty gaps above the toolbar: every pixel counts on a 720-pixel projector. This div
   is the page's scrolling box (100cqh is its height). Its scroll-padding keeps whatever
   the browser scrolls into view (a clicked tab, a focused button) clear of the sticky
   toolbar and status line. */
.solara-content-main .v-content__wrap > div { padding-top: 4px !important;
                                              scroll-padding-top: 150px;
                                              container-type: size; }
.solara-autorouter-content > .v-sheet, .lc-app, .lc-live > .v-sheet { gap: 2px !important; }
/* The toolbar and the status line stay on screen when the live area scrolls (a click low
   on a 720-pixel screen scrolls it), on white, with room above for the labels of the
   speed slider and the "Run until" chooser. */
.lc-top { position: sticky; top: 0; z-index: 5; background: #fff; padding-top: 8px;
          box-shadow: 0 -12px 0 #fff; }  /* and nothing shows through the strip above it */
/* A note under the toolbar (why "Run until" stopped short) sits in the sticky area: one
   slim line, so it pushes the network and chart down as little as it can. */
.lc-top > .lc-note { margin: 2px 0; padding: 1px 10px; line-height: 1.3; }
.lc-toolbar { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: center; }
/* Wide enough for "Speed: 20 weeks per second" on one line, with a line under the slider
   kept for the speed play reaches: the toolbar does not grow or wrap when play starts. */
.lc-toolbar .lc-speed { width: 196px; }
.lc-toolbar .lc-speed .v-label { white-space: nowrap; }
.lc-toolbar .lc-speed .v-label { font-size: 14px !important; }
.lc-toolbar .v-btn { padding: 0 10px !important; min-width: 0 !important; }
/* Play and Pause take the same width, so the buttons after it do not move (or wrap onto
   a second row at 1280 pixels) when play starts. */
.lc-toolbar .v-btn.lc-play { min-width: 68px !important; }
/* The "stop at" chooser shows its choice in full: no room is kept for typing (it is a
   list), and "the community dissolves" wraps onto a second line. */
.lc-until .v-select__selections input { flex: 0 0 0; width: 0; min-width: 0; padding: 0; }
.lc-until .v-select__selection { white-space: normal; overflow: visible;
                                 text-overflow: clip; max-width: 100%; line-height: 1.2; }
.lc-toolbar .v-input { margin-top: 0; padding-top: 0; }
.lc-chooser { flex-wrap: wrap; margin: 4px 0; }
.lc-chooser .v-btn, .lc-tabs .v-btn { height: 34px !important; padding: 0 10px !important; }
/* The side panel's tabs wrap in a narrow column instead of running past its edge. */
.lc-tabs { flex-wrap: wrap; max-width: 100%; }
.lc-cond-title { font-size: 17px; line-height: 1.2; }
.lc-achieved { display: block; font-size: 13px; line-height: 16px; height: 16px;
               color: #333; white-space: nowrap; }
.lc-achieved.lc-ended { color: #B34700; font-weight: 700; }
/* Sized to fit on one line in the 836-pixel live area of a 1280-pixel screen. */
.lc-status { font-size: 17px; display: flex; flex-wrap: wrap; gap: 0 14px;
             align-items: baseline; margin: 2px 0; }
.lc-status b { font-size: 20px; }
.lc-live { container-type: inline-size; }
/* Two columns below 1180 pixels (1280 x 720 with the settings open): the side panel's
   tabs sit under a network made a little smaller, not below both columns at the screen's
   bottom edge, so a click on "Lessons" shows the lessons. Three columns when wide. */
.lc-main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr);
           grid-template-rows: auto 1fr; grid-template-areas: "net mid" "side mid";
           gap: 6px 16px; align-items: start; }
.lc-net { grid-area: net; }
.lc-mid { grid-area: mid; }
.lc-side { grid-area: side; }
/* The side panel never reaches below the window, so that reaching a control in it
   scrolls the panel, not the page: on a 1024 x 768 projector the page scrolled the
   network and the chart away to reach an intervention. The live area reaches down to
   the window's bottom edge; the panel takes what its row leaves there (its content does
   not make the row taller) and scrolls inside, under its tabs. */
.lc-live > .v-sheet:has(> .lc-main) { min-height: calc(100cqh - 6px); }
.lc-live > .v-sheet > .lc-main { flex-grow: 1; }
.lc-side { contain: size; align-self: stretch; min-height: 120px; overflow-y: auto; }
.lc-side > .lc-tabs { position: sticky; top: 0; z-index: 2; width: 100%; background: #fff; }
.lc-side .lc-log { max-height: none; }
.lc-main img.lc-chart-network { max-height: calc(100vh - 460px); min-height: 150px; }
/* A narrow live area (1024 x 768 with the settings open) gives the chart the wider
   column, so its tick labels stay about 12 pixels tall. */
@container (max-width: 700px) {
  .lc-main { grid-template-columns: minmax(0, 0.75fr) minmax(0, 1.25fr); }
}
@container (min-width: 1180px) {
  .lc-main { grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr) minmax(320px, 0.8fr);
             grid-template-rows: auto; grid-template-areas: "net mid side"; }
  .lc-main img.lc-chart-network { max-height: calc(100vh - 300px); }
}
.lc-compare { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 6px 16px; }
.lc-compare-run { display: grid; grid-template-columns: minmax(0, 0.8fr) minmax(0, 1fr);
                  gap: 4px 10px; align-items: start; }
.lc-compare-run > .lc-span { grid-column: 1 / -1; }
img.lc-figure { width: 100%; height: auto; object-fit: contain; object-position: left top; }
img.lc-chart-network { max-height: calc(100vh - 300px); }
.lc-mid img.lc-figure { max-height: calc(100vh - 440px); min-height: 180px; }
/* Compare mode on one screen, also at 1280 x 720: a compact status line and product
   counts per run, the network and the chart each about a third of the height. */
.lc-compare img.lc-chart-network { max-height: calc(50vh - 165px); }
.lc-compare img.lc-figure:not(.lc-chart-network) { max-height: calc(50vh - 125px); }
.lc-compare .lc-status { font-size: 15px; gap: 0 10px; }
.lc-compare .lc-status b { font-size: 17px; }
.lc-compare .lc-products { gap: 2px 10px; font-size: 14px; }
.lc-compare .lc-products b { font-size: 17px; display: inline; margin-right: 3px; }
.lc-compare .lc-title { margin: 0; }
/* Wide (1920 pixels, settings open or not): the event log and interventions stand in a
   third column beside runs A and B, not below them. */
@container (min-width: 1400px) {
  .lc-live > .v-sheet:has(> .lc-compare) {
    display: grid !important; column-gap: 16px; align-items: start !important;
    grid-template-columns: minmax(0, 1fr) minmax(340px, 0.36fr);
    grid-template-areas: "top top" "chooser side" "compare side"; }
  .lc-live > .v-sheet:has(> .lc-compare) > * { grid-column: 1 / -1; }
  .lc-live > .v-sheet:has(> .lc-compare) > .lc-top { grid-area: top; }
  .lc-live > .v-sheet:has(> .lc-compare) > .lc-chooser { grid-area: chooser; }
  .lc-live > .v-sheet:has(> .lc-compare) > .lc-compare { grid-area: compare; }
  .lc-live > .v-sheet:has(> .lc-compare) > .lc-compare-side { grid-area: side; }
}
.lc-first-hint { font-size: 15px; line-height: 1.2; margin: 4px 0 0 0; padding: 2px 8px; }
.lc-legend { display: flex; flex-wrap: wrap; gap: 0 14px; font-size: 15px; line-height: 1.3; }
.lc-legend b { font-size: 17px; }
.lc-bb { color: #F0E442; -webkit-text-stroke: 1.5px #000; }
.lc-cond { display: grid; grid-template-columns: minmax(8em, 12.5em) minmax(80px, 1fr) 2.6em;
           gap: 2px 8px; align-items: center; font-size: 15px; line-height: 1.2; }
.lc-cond > span:first-child { overflow-wrap: anywhere; }
.lc-cond > span:last-child { white-space: nowrap; }
.lc-bar { background: #e6e6e6; height: 15px; border: 1px solid #777; }
.lc-bar > div { background: #0072B2; height: 100%; }
.lc-products { display: flex; gap: 18px; font-size: 15px; flex-wrap: wrap; }
.lc-products b { font-size: 24px; display: block; }
.lc-log { max-height: calc(100vh - 300px); min-height: 160px; overflow-y: auto;
          font-size: 16px; line-height: 1.3; }
.lc-log ol { list-style: none; padding: 0; margin: 0; }
/* Under the interventions: the newest three or so lines of the log. */
.lc-log-peek .lc-log { max-height: 9em; min-height: 0; }
.lc-log-peek .lc-after-note, .lc-log-peek .lc-log-more { display: none !important; }
.lc-peek-title { font-size: 16px; margin-top: 8px; }
.lc-log li { padding: 3px 2px; border-bottom: 1px solid #ddd; }
.lc-kind { font-weight: 700; white-space: nowrap; }
.lc-week { white-space: nowrap; color: #333; }
.lc-cause { color: #0072B2; font-weight: 600; }
.lc-note { display: block; font-size: 16px; background: #FFF4D6; border-left: 5px solid #E69F00;
           padding: 6px 10px; margin: 4px 0; }
/* The lesson card never runs below the screen: a long narration scrolls inside it, and
   the question and the buttons stay in view under it. */
.lc-lesson { display: flex; flex-direction: column; font-size: 16px; line-height: 1.3;
             background: #E8F4FB; border-left: 6px solid #0072B2; padding: 3px 10px;
             margin: 2px 0; max-height: calc(100vh - 200px); }
.lc-lesson > .lc-narration { display: block; flex: 0 1 auto; min-height: 2.6em;
                             overflow-y: auto; }
.lc-lesson > * { flex: 0 0 auto; }
.lc-lesson .lc-question { font-weight: 700; display: block; margin-top: 2px; }
.lc-lesson .v-btn { height: 32px !important; margin-top: 4px; }
/* Its row of buttons wraps in a narrow column, on the card's blue, not on white. */
.lc-lesson > div { flex-wrap: wrap !important; background: transparent !important; }
/* With a lesson, the card stands beside the chart it talks about instead of pushing it
   below a 720-pixel screen. The live area's column becomes the grid and the panels of
   .lc-main its cells (display: contents). In two columns (1280 x 720 with the settings
   open) the card heads the first column, above the network, beside the conditions and
   the chart; in three (Projector mode at 1280 x 720, or any 1920 x 1080) it stands at
   the top of the third, beside the network and the chart. */
.lc-live > .v-sheet:has(> .lc-lesson) {
    display: grid !important; column-gap: 16px; align-items: start !important;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr);
    grid-template-rows: auto auto auto 1fr;
    grid-template-areas: "top top" "lesson mid" "net mid" "side mid"; }
.lc-live > .v-sheet:has(> .lc-lesson) > * { grid-column: 1 / -1; }
.lc-live > .v-sheet:has(> .lc-lesson) > .lc-top { grid-area: top; }
.lc-live > .v-sheet:has(> .lc-lesson) > .lc-lesson { grid-area: lesson; }
.lc-live > .v-sheet:has(> .lc-lesson) > .lc-main { display: contents; }
@container (min-width: 1180px) {
  .lc-live > .v-sheet:has(> .lc-lesson) {
    display: grid !important; column-gap: 16px; align-items: start !important;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr) minmax(320px, 0.8fr);
    grid-template-rows: auto auto 1fr;
    grid-template-areas: "top top top" "net mid lesson" "net mid side"; }
  .lc-live > .v-sheet:has(> .lc-lesson) > * { grid-column: 1 / -1; }
  .lc-live > .v-sheet:has(> .lc-lesson) > .lc-top { grid-area: top; }
  .lc-live > .v-sheet:has(> .lc-lesson) > .lc-lesson { grid-area: lesson; }
  .lc-live > .v-sheet:has(> .lc-lesson) > .lc-main { display: contents; }
  .lc-live > .v-sheet:has(> .lc-lesson) .lc-net { grid-area: net; }
  .lc-live > .v-sheet:has(> .lc-lesson) .lc-mid { grid-area: mid; }
  .lc-live > .v-sheet:has(> .lc-lesson) .lc-side { grid-area: side; }
}
.lc-stale { opacity: 0.35; pointer-events: none; }
.lc-info { font-size: 17px; line-height: 1.4; }
.lc-info-text { max-height: 70vh; overflow-y: auto; }
"""


# Projector mode hides the settings, and lays one run (without a lesson card) out as one
# screen: the toolbar and status line on top, and below them the run's panels, which
# share what the toolbar leaves. Heights follow the page's scrolling box (100cqh: the
# window below the app bar) instead of fixed pixel offsets, so a browser zoom, which
# shrinks the window in CSS pixels, leaves network and chart as large a share of the
# screen as before: their text grows with the zoom. Below SHORT_SCREEN CSS pixels of
# height (720 pixels at 125% zoom, 768 at 125% or more) network and chart stand side by
# side under the toolbar, and the eight conditions and the tabs (event log,
# interventions, lessons) follow below them: the page scrolls for those.
SHORT_SCREEN = 660
_SCREEN = ".lc-live > .v-sheet:has(> .lc-main):not(:has(> .lc-lesson))"
PROJECTOR_CSS = """
nav.v-navigation-drawer { display: none !important; }
.v-main, main.v-content { padding-left: 0 !important; }
.v-app-bar, header.v-app-bar { left: 0 !important; }
SCREEN { height: calc(100cqh - 6px); flex-wrap: nowrap !important; }
SCREEN > * { flex: 0 0 auto; }
SCREEN > .lc-main { flex: 1 1 0; min-height: 300px; align-items: stretch;
                    grid-template-rows: minmax(0, 2fr) minmax(0, 1fr); }
SCREEN > .lc-main > div { min-height: 0; display: flex; flex-direction: column; }
SCREEN .lc-chart-box { flex: 1 1 0; min-height: 0; display: flex; flex-direction: column; }
SCREEN .lc-net > *, SCREEN .lc-chart-box > * { flex: 0 0 auto; }
SCREEN .lc-net > div:has(> img.lc-figure), SCREEN .lc-chart-box > div:has(> img.lc-figure) {
    flex: 1 1 0; min-height: 140px; }
SCREEN img.lc-figure { height: 100%; min-height: 0; max-height: none; }
SCREEN .lc-side .lc-log { max-height: none; }
@container (min-width: 1180px) {
  SCREEN > .lc-main { grid-template-rows: minmax(0, 1fr); }
}
@media (max-height: SHORTpx) {
  header.v-app-bar, header.v-app-bar .v-toolbar__content { height: 44px !important; }
  main.v-content { padding-top: 44px !important; }
  header.v-app-bar .v-toolbar__title { font-size: 18px; }
  SCREEN > .lc-main {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.15fr);
      grid-template-rows: minmax(0, 1fr) 0; grid-template-areas: "net chart" "side cond";
      min-height: 240px; }
  SCREEN > .lc-main > .lc-mid { display: contents; }
  SCREEN .lc-chart-box { grid-area: chart; }
  SCREEN .lc-cond-box { grid-area: cond; padding-bottom: 12px; }
  SCREEN .lc-side { contain: none; overflow: visible; padding-bottom: 12px; }
  SCREEN .lc-side .lc-log { max-height: 80cqh; }
  .lc-status { font-size: 15px; gap: 0 10px; }
  .lc-status b { font-size: 17px; }
  .lc-toolbar { gap: 2px 6px; }
  .lc-toolbar .v-btn { padding: 0 8px !important; }
  SCREEN .lc-legend { font-size: 14px; gap: 0 10px; }
  SCREEN .lc-chooser { margin: 2px 0; }
  SCREEN .lc-chooser .v-btn { height: 30px !important; padding: 0 8px !important; }
}
""".replace("SCREEN", _SCREEN).replace("SHORT", str(SHORT_SCREEN))

def _decimals(value: float) -> int:
    """Decimal places of a number as it is written (0.25 -> 2, 20.0 -> 0)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _on_grid(value: float, low: float, step: float) -> bool:
    return (Decimal(repr(float(value))) - Decimal(repr(float(low)))) \
        % Decimal(repr(float(step))) == 0


def slider_step(spec: Spec) -> float:
    """A round slider step on whose grid the low end, the default and the high end all lie.

    Vuetify's slider rounds its value to `low + k * step`, written with the step's number
    of decimals, as soon as it is drawn, and reports the rounded value as if a user had
    moved it. With product effort (0.5 to 200, default 20) and a step of 1 that rounding
    turned 20 into 21, then 22, ... up to 200 without anyone touching it. On this grid,
    rounding leaves every value the dashboard sets unchanged. Prefers the smallest round
    step (1, 2.5 or 5 times a power of ten) that gives at most about 100 positions;
    finer ones only if no coarser step fits.
    """
    if spec.kind is int:
        return 1
    low, high, default = float(spec.low), float(spec.high), float(spec.default)
    span = high - low
    if span <= 0:
        return 1.0
    places = max(_decimals(low), _decimals(default), _decimals(high))
    exponent = math.floor(math.log10(span / 100.0))
    candidates = sorted({round(m * 10.0 ** e, 12) for e in range(exponent - 3, exponent + 3)
                         for m in (1.0, 2.5, 5.0)})
    fits = [step for step in candidates
            if _decimals(step) >= places
            and all(_on_grid(v, low, step) for v in (default, high))]
    coarse = [step for step in fits if step >= span / 100.0 - 1e-12]
    if coarse:
        return coarse[0]
    if fits:
        return fits[-1]
    return 10.0 ** -places  # low, default and high are all multiples of it
