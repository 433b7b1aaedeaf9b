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

import pandas as pd
import solara

from dashboards import charts, style
from dashboards.session import Run
from lcsim.model import LearningCommunityModel
from lcsim.rules.conditions import CONDITIONS
from lcsim.rules.phases import Phase

# Events a teacher may want to hide to see the big moments only.
ROUTINE_KINDS = frozenset({"participation up", "member joins", "turnover", "overburdened"})
LOG_ROWS = 150


def _html(content: str, classes: list[str] | None = None) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=content, classes=classes or [])


@solara.component
def StatusBar(run: Run, tick: int) -> None:
    """Week, phase, funding, members and bridge-builders of a run, in large type."""
    model = run.model
    ind = model.indicators
    phase = Phase(int(ind["phase"])).name.lower().replace("_", " ")
    funding = getattr(model, "funding_state", "")
    state = "running" if model.running else "finished"
    if phase == "dissolved":
        state = "community dissolved"
    parts = [
        f"<span>Week <b>{model.steps}</b> of {charts.end_week(model)}</span>",
        f"<span>Phase: <b>{html.escape(phase)}</b></span>",
        f"<span>Funding: <b>{html.escape(str(funding))}</b></span>",
        f"<span>Members: <b>{int(ind['active_members'])}</b></span>",
        f"<span>Bridge-builders: <b>{int(ind['bridge_builders'])}</b></span>",
        f"<span>({html.escape(state)})</span>",
    ]
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
        f"<span>Communities: <b>{int(ind['n_communities'])}</b></span>",
        f"<span>Surviving: <b>{int(ind['communities_surviving'])}</b></span>",
        f"<span>Shared people: <b>{int(ind['shared_people'])}</b></span>",
        f"<span>Realized value (region total): <b>{ind['realized_value']:.2f}</b></span>",
        f"<span>Showing community <b>{run.community}</b></span>",
    ]
    _html("".join(parts), ["lc-status", "lc-region"])


@solara.component
def ChartImage(png: bytes, name: str) -> None:
    """A chart as an image that scales to its column."""
    solara.Image(png, width="100%", classes=["lc-figure", f"lc-chart-{name}"])


@solara.component
def LiveChart(chart: charts.BlitChart, name: str, tick: int, lock: threading.RLock,
              model: LearningCommunityModel, df: pd.DataFrame | None = None) -> None:
    """A chart's frame for the model's current week (with its weekly series `df`, if the
    chart plots them), drawn under the session lock and again only when the week or the
    event log changes. `tick` re-renders it on every update, like the views."""

    def draw() -> bytes:
        with lock:
            return chart.frame(model) if df is None else chart.frame(model, df)

    png = solara.use_memo(draw, [chart, model.steps, len(model.events)])
    ChartImage(png, name)


@solara.component
def NetworkView(run: Run, tick: int, lock: threading.RLock) -> None:
    """The collaboration network on the run's fixed layout."""
    model = run.model
    chart = solara.use_memo(lambda: charts.NetworkChart(model), [model])
    LiveChart(chart, "network", tick, lock, model)


@solara.component
def ClimateView(run: Run, tick: int, df: pd.DataFrame, lock: threading.RLock,
                columns: int = 3) -> None:
    """Trust within and between roles, stereotyping and the participation ladder."""
    model = run.model
    last = charts.end_week(model)
    chart = solara.use_memo(lambda: charts.ClimateChart(model, columns=columns),
                            [model, last, columns])
    LiveChart(chart, "climate", tick, lock, model, df)


@solara.component
def ValueView(run: Run, tick: int, df: pd.DataFrame, lock: threading.RLock,
              limits: charts.Limits | None = None) -> None:
    """The six value cycles as lanes."""
    model = run.model
    ceilings = charts.value_ceilings(df, limits)
    key = tuple(ceilings.values())
    chart = solara.use_memo(lambda: charts.ValueChart(model, ceilings),
                            [model, charts.end_week(model), key])
    LiveChart(chart, "value", tick, lock, model, df)


@solara.component
def ProductsView(run: Run, tick: int, df: pd.DataFrame, lock: threading.RLock,
                 limits: charts.Limits | None = None) -> None:
    """Products developed vs landed in practice and in education, week by week."""
    model = run.model
    ceiling = charts.products_ceiling(df, limits)
    chart = solara.use_memo(lambda: charts.ProductsChart(model, ceiling),
                            [model, charts.end_week(model), ceiling])
    LiveChart(chart, "products", tick, lock, model, df)


@solara.component
def ProductCounts(run: Run, tick: int) -> None:
    """Products developed vs landed this far, in large type."""
    ind = run.model.indicators
    numbers = "".join(
        f"<div><b>{int(ind[key])}</b>{html.escape(style.label(key))}</div>"
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
        rows.append(f"<span>{html.escape(style.label(key).capitalize())}</span>"
                    f"<div class='lc-bar' role='meter' aria-valuemin='0' aria-valuemax='1' "
                    f"aria-valuenow='{value:.2f}' aria-label='{html.escape(key)}'>"
                    f"<div style='width:{width:.1f}%'></div></div>"
                    f"<span>{value:.2f}</span>")
    _html("".join(rows), ["lc-cond", "lc-conditions"])


@solara.component
def EventLog(run: Run, tick: int, key_moments_only: bool = False) -> None:
    """The narrative event log, newest first."""
    events = list(run.model.events)
    if key_moments_only:
        events = [e for e in events if e.kind not in ROUTINE_KINDS]
    shown = events[::-1][:LOG_ROWS]
    rows = []
    for event in shown:
        colour = style.EVENT_KIND_COLOUR.get(event.kind, "#333333")
        rows.append(f"<li><span class='lc-week'>week {event.week}</span> "
                    f"<span class='lc-kind' style='color:{colour}'>{html.escape(event.kind)}"
                    f"</span><br>{html.escape(event.text)}</li>")
    more = len(events) - len(shown)
    footer = f"<p>… and {more} earlier events.</p>" if more > 0 else ""
    if not rows:
        body = "<p>Nothing has happened yet. Press Step or Play.</p>"
    else:
        body = f"<ol>{''.join(rows)}</ol>{footer}"
    _html(body, ["lc-log", "lc-events"])
