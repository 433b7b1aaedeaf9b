# ruff: noqa: N802  (Solara components are named like classes, e.g. Page)
"""The dashboard's views of one run: status, network, weekly series, the eight conditions,
products and the event log.

The page's live area subscribes to Mesa's `update_counter` (bumped by `force_update()`
after each step or intervention) and passes its value down as `tick`, so every view
redraws in one render pass instead of one pass per subscriber. Views only read the
model (indicators, DataCollector, events, arrays); charts are drawn in `dashboards.charts`.
"""

from __future__ import annotations

import html
import threading

import numpy as np
import pandas as pd
import solara

from dashboards import charts, narrative, style
from dashboards.session import Run
from lcsim.model import LearningCommunityModel
from lcsim.outputs import plain_label, short_label
from lcsim.rules import funding
from lcsim.rules.conditions import CONDITIONS
from lcsim.rules.phases import Phase

ROUTINE_KINDS = narrative.ROUTINE_KINDS
LOG_ROWS = 150


def _html(content: str, classes: list[str] | None = None) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=content, classes=classes or [])


def _name(key: str) -> str:
    """An output's plain name (`lcsim.outputs`) to start a line: "Members taking part"."""
    name = plain_label(key)
    return html.escape(name[0].upper() + name[1:])


def funding_text(model: LearningCommunityModel) -> str:
    """Who pays members' time, short enough for the status line: the source ("external",
    "follow-up", "none"), or the change from next week ("ends after this week",
    "follow-up from next week")."""
    now = str(model.funding_state)
    upcoming = model.funding_next_week()
    if upcoming == now:
        return now
    if upcoming == funding.NONE:
        return "ends after this week"
    return f"{upcoming} from next week"


def run_state(model: LearningCommunityModel, playing: bool) -> str:
    """What the run is doing, when that is not plain from the buttons: "running" while
    it plays, "finished" or "community dissolved" at its end, else ""."""
    if Phase(int(model.indicators["phase"])) is Phase.DISSOLVED:
        return "community dissolved"
    if not model.running:
        return "finished"
    return "running" if playing else ""


@solara.component
def StatusBar(run: Run, tick: int, playing: bool = False) -> None:
    """Week, phase, funding, members and bridge-builders of a run, in large type.

    Funding, members and bridge-builders are read from the model's state now, so an
    intervention shows at once (the weekly indicators change only with the next step).
    """
    model = run.model
    phase = Phase(int(model.indicators["phase"])).name.lower().replace("_", " ")
    members = int(np.count_nonzero(model.active))
    bridge_builders = int(np.count_nonzero(model.is_bridge_builder & model.active))
    parts = [
        f"<span>Week <b>{model.steps}</b> of {charts.end_week(model)}</span>",
        f"<span>{_name('phase')}: <b>{html.escape(phase)}</b></span>",
        f"<span>Funding: <b>{html.escape(funding_text(model))}</b></span>",
        f"<span>Members: <b>{members}</b></span>",  # short: the line fits 1280 px
        f"<span>{_name('bridge_builders')}: <b>{bridge_builders}</b></span>",
    ]
    state = run_state(model, playing)
    if state:
        parts.append(f"<span>({html.escape(state)})</span>")
    _html("".join(parts), ["lc-status"])


@solara.component
def RegionStatus(run: Run, tick: int, prefix: str = "") -> None:
    """One line about a region: communities, surviving, shared people, realized value."""
    region = run.region
    if region is None:
        return
    ind = region.indicators
    parts = [
        f"<span>{html.escape(prefix)}Region, week <b>{region.steps}</b></span>",
        f"<span>{_name('n_communities')}: <b>{int(ind['n_communities'])}</b></span>",
        f"<span>{_name('communities_surviving')}: "
        f"<b>{int(ind['communities_surviving'])}</b></span>",
        f"<span>{_name('shared_people')}: <b>{int(ind['shared_people'])}</b></span>",
        f"<span>{_name('realized_value')} (region total): "
        f"<b>{ind['realized_value']:.2f}</b></span>",
        f"<span>Showing community <b>{run.community}</b></span>",
    ]
    _html("".join(parts), ["lc-status", "lc-region"])


@solara.component
def ChartImage(png: bytes, name: str) -> None:
    """A chart as an image that scales to its box (see `style.CSS`, .lc-figure)."""
    solara.Image(png, width="100%", classes=["lc-figure", f"lc-chart-{name}"])


@solara.component
def NetworkView(run: Run, tick: int, lock: threading.RLock,
                layout: dict[int, tuple[float, float]] | None = None) -> None:
    """The collaboration network on a fixed layout (run A's, in compare mode), drawn again
    only when the week or the event log changes; its legend is HTML below it."""
    model = run.model
    chart = solara.use_memo(lambda: charts.NetworkChart(model, layout), [model])

    def draw() -> bytes:
        with lock:
            return chart.frame(model)

    png = solara.use_memo(draw, [chart, model.steps, len(model.events)])
    ChartImage(png, "network")


@solara.component
def NetworkLegend() -> None:
    """What the network's markers and lines mean, as text that stays readable."""
    items = "".join(
        f"<span><b style='color:{style.ROLE_COLOUR[role]}'>{style.ROLE_SYMBOL[role]}</b> "
        f"{html.escape(role.label)}</span>" for role in style.ROLE_COLOUR)
    items += ("<span><b class='lc-bb'>●</b> bridge-builder</span>"
              "<span><b style='color:#999'>×</b> left (empty seat)</span>"
              "<span><b>━</b> thick line = high trust</span>")
    _html(items, ["lc-legend"])


@solara.component
def ChartView(run: Run, tick: int, name: str, df: pd.DataFrame, lock: threading.RLock,
              limits: charts.Limits | None = None) -> None:
    """One time chart (`charts.CHART_NAMES`) of a run, with its interventions named.

    The chart is rebuilt when its scales change; a frame is drawn again only when the
    week, the event log or the dashboard's interventions change.
    """
    model = run.model
    scales = charts.scale_key(name, df, limits)
    chart = solara.use_memo(lambda: charts.build(name, model, df, limits),
                            [model, name, charts.end_week(model), scales])

    def draw() -> bytes:
        with lock:
            marks = narrative.marks(model.events, run.actions, run.community)
            return chart.frame(model, df, marks)

    png = solara.use_memo(draw, [chart, model.steps, len(model.events), len(run.actions)])
    ChartImage(png, name)


@solara.component
def ProductCounts(run: Run, tick: int) -> None:
    """Products developed vs landed this far, in large type."""
    ind = run.model.indicators
    numbers = "".join(
        f"<div><b>{int(ind[key])}</b>{html.escape(short_label(key))}</div>"
        for key in charts.PRODUCT_KEYS)
    _html(numbers, ["lc-products"])


@solara.component
def ConditionsView(run: Run, tick: int) -> None:
    """The eight conditions of sustainable collaboration (001) as live bars, 0 to 1."""
    ind = run.model.indicators
    rows = []
    for key in CONDITIONS:
        value = float(ind[key])
        width = max(0.0, min(1.0, value)) * 100
        rows.append(f"<span>{html.escape(short_label(key).capitalize())}</span>"
                    f"<div class='lc-bar' role='meter' aria-valuemin='0' aria-valuemax='1' "
                    f"aria-valuenow='{value:.2f}' aria-label='{html.escape(plain_label(key))}'>"
                    f"<div style='width:{width:.1f}%'></div></div>"
                    f"<span>{value:.2f}</span>")
    _html("".join(rows), ["lc-cond", "lc-conditions"])


@solara.component
def EventLog(run: Run, tick: int, key_moments_only: bool = False,
             df: pd.DataFrame | None = None) -> None:
    """The narrative event log, newest first; an effect names the intervention it follows.

    It shows the newest `LOG_ROWS` rows; a button below shows every earlier one too.
    """
    everything = solara.use_reactive(False)
    all_rows = narrative.rows(run.model.events, run.actions, df, run.community)
    rows = [r for r in all_rows if r.key] if key_moments_only else all_rows
    shown = rows[::-1] if everything.value else rows[::-1][:LOG_ROWS]
    items = []
    for row in shown:
        colour = style.EVENT_KIND_COLOUR.get(row.kind, "#333333")
        cause = "".join(f"<br><span class='lc-cause'>{html.escape(line)}</span>"
                        for line in (row.cause, row.since) if line)
        items.append(f"<li><span class='lc-week'>week {row.week}</span> "
                     f"<span class='lc-kind' style='color:{colour}'>{html.escape(row.kind)}"
                     f"</span><br>{html.escape(row.text)}{cause}</li>")
    more = len(rows) - len(shown)
    if not items:
        body = f"<p>{html.escape(narrative.empty_text(len(all_rows), key_moments_only))}</p>"
    else:
        body = f"<ol>{''.join(items)}</ol>"
    _html(body, ["lc-log", "lc-events"])
    if any(row.cause or row.since for row in shown):
        solara.Text(narrative.AFTER_NOTE, classes=["lc-help", "lc-after-note"])
    if more > 0:
        solara.Button(f"Show {narrative.plural(more, 'earlier event')} too", text=True,
                      color="primary", on_click=lambda: everything.set(True),
                      classes=["lc-log-more"])
    elif everything.value and len(rows) > LOG_ROWS:
        solara.Button(f"Show only the newest {LOG_ROWS}", text=True, color="primary",
                      on_click=lambda: everything.set(False), classes=["lc-log-more"])
