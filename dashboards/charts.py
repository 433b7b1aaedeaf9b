"""Matplotlib charts of a running model, fast enough to redraw every week.

Each chart draws its static parts (axes, ticks, titles, legends) once and keeps that
background; a frame only restores it and draws the data on top (blitting), then encodes
a PNG. A full matplotlib redraw costs about 45 ms per axes on this machine; a frame here
costs a few milliseconds per chart. Axes limits are therefore fixed per chart: the x-axis
spans the whole run, shares sit on 0-1, and counts get a ceiling that is raised (and the
background redrawn) only when a value outgrows it.

Charts read the model's public state (arrays, `layout()`, the DataCollector's weekly
series, the event log) and draw it; none computes anything about the model.
Figures are `matplotlib.figure.Figure` objects (no pyplot), so sessions never share one.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from dashboards import style
from lcsim.model import LearningCommunityModel
from lcsim.outputs import OUTPUTS, plain_label, short_label
from lcsim.roles import Role

TRUST_KEYS = ("trust_within_roles", "trust_between_roles")
STEREOTYPE_KEY = "mean_stereotype"
LADDER_KEYS = ("pwd_share_inform", "pwd_share_advise", "pwd_share_codesign")
MBO_KEY = "mbo_participation"
VALUE_KEYS = ("expected_value", "immediate_value", "potential_value", "applied_value",
              "realized_value", "transformative_value")
PRODUCT_KEYS = ("products_developed", "products_landed_practice", "products_landed_education")
PRODUCT_STYLE = ((style.BLACK, "-"), (style.GREEN, "--"), (style.ORANGE, ":"))
LADDER_STYLE = ((style.GREY, ""), (style.SKY_BLUE, "//"), (style.GREEN, ".."))

Limits = dict[str, float]
CHART_SIZE = (7.6, 4.6)  # inches at style.FIG_DPI: 547 x 331 px, scaled to its column


def weekly(model: LearningCommunityModel) -> pd.DataFrame:
    """The model's weekly series; row i is the state after week i (row 0: the start)."""
    return model.datacollector.get_model_vars_dataframe()


def end_week(model: LearningCommunityModel) -> int:
    """The last week of the run as the model now plans it (follow-up funding extends it)."""
    return int(getattr(model, "end_week", model.p.total_weeks))


def shared_limits(frames: Sequence[pd.DataFrame]) -> Limits:
    """Common ceilings for runs shown side by side, so their charts share a scale."""
    limits = {key: max(float(f[key].max()) for f in frames) for key in VALUE_KEYS}
    limits["products"] = max(float(f[list(PRODUCT_KEYS)].to_numpy().max()) for f in frames)
    return limits


def _ceiling(value: float, floor: float) -> float:
    """The smallest round number (1, 2 or 5 times a power of ten) >= value and >= floor."""
    value = max(value, floor)
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 2, 5, 10):
        top = mantissa * 10.0 ** exponent
        if top >= value * (1 - 1e-9):
            return top
    return 10.0 ** (exponent + 1)


class BlitChart:
    """A figure with a cached background; `frame()` draws data artists and returns a PNG."""

    def __init__(self, size: tuple[float, float]) -> None:
        self.fig = Figure(figsize=size, dpi=style.FIG_DPI)
        self.canvas = FigureCanvasAgg(self.fig)
        self._background = None

    def _snapshot(self, artists: list[Artist]) -> None:
        """Draw and keep everything except this frame's data artists."""
        for artist in artists:
            artist.set_visible(False)
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        for artist in artists:
            artist.set_visible(True)

    def _encode(self, artists: list[Artist]) -> bytes:
        if self._background is None:
            self._snapshot(artists)
        self.canvas.restore_region(self._background)
        for artist in artists:
            (artist.axes or self.fig).draw_artist(artist)
        pixels = np.asarray(self.canvas.buffer_rgba())
        out = io.BytesIO()
        Image.fromarray(pixels).convert("RGB").save(out, format="PNG", compress_level=1)
        for artist in artists:
            artist.remove()
        return out.getvalue()


@dataclass(frozen=True)
class Mark:
    """A vertical line on every time chart: an intervention or the end of funding.

    Attributes:
        week: where the line stands.
        label: a short name printed at its top, e.g. "workshop", "funding ends".
        colour, linestyle: how it is drawn (black dotted: intervention; vermillion
            dash-dotted: the end of funding).
    """

    week: int
    label: str
    colour: str = style.BLACK
    linestyle: str = ":"


YEAR = 52  # weeks; the time axes tick once a year


def week_ticks(last_week: int) -> list[int]:
    """Ticks for a time axis of `last_week` weeks: every year, and always the last week
    (a year tick too close to it is dropped so their labels do not overlap)."""
    last = max(int(last_week), 1)
    ticks = list(range(0, last + 1, YEAR)) if last >= YEAR else [0]
    if ticks[-1] != last:
        if last - ticks[-1] < YEAR // 3 and len(ticks) > 1:
            ticks.pop()
        ticks.append(last)
    return ticks


def _style_axes(ax, title: str, last_week: int, ylabel: str = "") -> None:
    ax.set_title(title, fontsize=style.FONT_TITLE, loc="left", fontweight="bold")
    ax.set_xlim(0, max(last_week, 1))
    ax.set_xticks(week_ticks(last_week))
    ax.set_autoscale_on(False)
    ax.tick_params(labelsize=style.FONT_SMALL)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel("week (a tick each year of 52 weeks, and the last week)",
                  fontsize=style.FONT_SMALL, labelpad=1)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=style.FONT_SMALL)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _mark_artists(ax, marks: Sequence[Mark], last_week: int) -> list[Artist]:
    """The marks as lines with their names at the top; a name whose mark is less than
    a third of the axis after the previous one steps down a line, so names never overlap."""
    artists: list[Artist] = []
    row, previous = -1, -math.inf
    for mark in sorted(marks, key=lambda m: m.week):
        artists.append(ax.axvline(mark.week, color=mark.colour, linestyle=mark.linestyle,
                                  linewidth=2.2))
        row = row + 1 if mark.week - previous < last_week / 3 else 0
        previous = mark.week
        right = mark.week > 0.7 * last_week
        artists.append(ax.text(mark.week, 0.98 - 0.11 * (row % 4), f" {mark.label} ",
                               transform=ax.get_xaxis_transform(), color=mark.colour,
                               fontsize=style.FONT_SMALL, fontweight="bold", va="top",
                               ha="right" if right else "left",
                               bbox={"facecolor": "white", "edgecolor": "none",
                                     "alpha": 0.8, "pad": 0.5}))
    return artists


def mark_legend() -> list[Line2D]:
    """Legend entries for the two kinds of mark."""
    return [Line2D([], [], color=style.BLACK, linestyle=":", linewidth=2.0,
                   label="intervention"),
            Line2D([], [], color=style.VERMILLION, linestyle="-.", linewidth=2.2,
                   label="funding ends")]


class NetworkChart(BlitChart):
    """Members as markers (role = colour and shape), trust as line width, bridge-builders
    on a yellow disc with a black ring, on a fixed layout. The legend is HTML next to the
    image (`views.NetworkLegend`), so its text stays readable at any size.

    Args:
        model: the community drawn.
        layout: positions by seat; the model's own `layout()` when None. Compare mode
            passes run A's layout to run B, so both networks sit in the same places.
    """

    def __init__(self, model: LearningCommunityModel,
                 layout: dict[int, tuple[float, float]] | None = None,
                 size: tuple[float, float] = (6.0, 6.0)) -> None:
        super().__init__(size)
        layout = layout if layout is not None else model.layout()
        self.n = len(model.role)
        self.xy = np.array([layout[seat] for seat in range(self.n)], dtype=float)
        self.ax = self.fig.add_axes((0.01, 0.01, 0.98, 0.98))
        self.ax.set_axis_off()
        pad = 0.06 * float(np.ptp(self.xy)) if self.n > 1 else 1.0
        self.ax.set_xlim(self.xy[:, 0].min() - pad, self.xy[:, 0].max() + pad)
        self.ax.set_ylim(self.xy[:, 1].min() - pad, self.xy[:, 1].max() + pad)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_autoscale_on(False)
        self.marker_size = float(np.clip(5000.0 / max(self.n, 1), 20.0, 240.0))
        self.width_scale = float(min(1.0, (40.0 / max(self.n, 1)) ** 0.5))

    def frame(self, model: LearningCommunityModel) -> bytes:
        """This week's network as PNG bytes."""
        ax, xy, n = self.ax, self.xy, self.n
        active = np.asarray(model.active, dtype=bool)
        src, dst = np.asarray(model.tie_src), np.asarray(model.tie_dst)
        live = active[src] & active[dst]
        # Both directions of a tie share one line; its width shows the pair's mean trust.
        lo = np.minimum(src[live], dst[live]).astype(np.int64)
        hi = np.maximum(src[live], dst[live]).astype(np.int64)
        pair, inverse = np.unique(lo * n + hi, return_inverse=True)
        artists: list[Artist] = []
        if pair.size:
            trust = np.bincount(inverse, weights=np.asarray(model.trust)[live]) \
                / np.bincount(inverse)
            segments = np.stack([xy[pair // n], xy[pair % n]], axis=1)
            # Trust of newcomers (about 0.2) barely shows; strong ties stand out.
            strength = np.clip((trust - 0.15) / 0.6, 0.0, 1.0)
            colours = np.tile(np.array([0.17, 0.2, 0.25, 0.0]), (pair.size, 1))
            colours[:, 3] = 0.03 + 0.6 * strength ** 1.5
            edges = LineCollection(segments, linewidths=(0.3 + 5.0 * strength ** 2)
                                   * self.width_scale, colors=colours)
            ax.add_collection(edges, autolim=False)
            artists.append(edges)
        bridge = np.asarray(model.is_bridge_builder, dtype=bool) & active
        if bridge.any():
            artists.append(ax.scatter(xy[bridge, 0], xy[bridge, 1],
                                      s=max(self.marker_size * 3.4, 220.0),
                                      facecolors=style.YELLOW, edgecolors=style.BLACK,
                                      linewidths=3.0))
        if (~active).any():
            artists.append(ax.scatter(xy[~active, 0], xy[~active, 1], s=self.marker_size * 0.6,
                                      marker="x", color=style.GREY, linewidths=2.0))
        for role in Role:
            mask = (model.role == role) & active
            if mask.any():
                artists.append(ax.scatter(xy[mask, 0], xy[mask, 1], s=self.marker_size,
                                          marker=style.ROLE_MARKER[role],
                                          color=style.ROLE_COLOUR[role],
                                          edgecolors=style.BLACK, linewidths=0.9))
        return self._encode(artists)


class TimeChart(BlitChart):
    """One weekly series chart: a title, labelled axes, the whole run on the x-axis, marks.

    Subclasses set the y-axis in `_setup` and draw the data in `_draw`.
    """

    title = ""
    ylabel = ""

    def __init__(self, model: LearningCommunityModel, size: tuple[float, float] = CHART_SIZE
                 ) -> None:
        super().__init__(size)
        self.last = end_week(model)
        self.ax = self.fig.add_axes(self.box)
        _style_axes(self.ax, self.title, self.last, self.ylabel)
        self._setup()

    box = (0.12, 0.33, 0.85, 0.58)

    def _setup(self) -> None:  # pragma: no cover - overridden
        pass

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        raise NotImplementedError

    def frame(self, model: LearningCommunityModel, df: pd.DataFrame,
              marks: Sequence[Mark] = ()) -> bytes:
        """This week's chart as PNG bytes, with `marks` (interventions, end of funding)."""
        weeks = df.index.to_numpy()
        artists = self._draw(df, weeks)
        artists += _mark_artists(self.ax, marks, self.last)
        return self._encode(artists)

    def _legend(self, handles: list, ncol: int = 2, title: str | None = None) -> None:
        legend = self.ax.legend(handles=handles + mark_legend(), loc="upper left",
                                bbox_to_anchor=(-0.1, -0.2), ncol=ncol, frameon=False,
                                fontsize=style.FONT_SMALL, borderaxespad=0.0, title=title,
                                title_fontsize=style.FONT_SMALL, alignment="left",
                                handlelength=2.4, columnspacing=1.2)
        legend.set_in_layout(False)


def _percent_axis(ax) -> None:
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 25, 50, 75, 100])


class TrustChart(TimeChart):
    """Mean trust between members of the same role and of different roles, 0 to 1."""

    title = "Trust"
    ylabel = "trust (0 = none, 1 = full)"

    def _setup(self) -> None:
        self.ax.set_ylim(0, 1)
        self._legend([Line2D([], [], color=style.SERIES_COLOURS[i],
                             linestyle=style.LINE_STYLES[i], linewidth=2.8,
                             label=plain_label(k)) for i, k in enumerate(TRUST_KEYS)])

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        artists: list[Artist] = []
        for i, key in enumerate(TRUST_KEYS):
            artists += self.ax.plot(weeks, df[key], color=style.SERIES_COLOURS[i],
                                    linestyle=style.LINE_STYLES[i], linewidth=2.8)
        return artists


class StereotypeChart(TimeChart):
    """How much members discount other groups' knowledge on average, in percent: the
    same number the event log reports ("discount ... by 45%").

    The lever `stereotype_strength` scales each group's typical discount (the model's
    table of discounts between roles); at 0.9 the average discount at the start is lower
    than 90%, because some groups discount others little.
    """

    title = "Stereotyping"
    ylabel = "% of other groups' knowledge\ndiscounted (mean)"

    def _setup(self) -> None:
        _percent_axis(self.ax)
        self._legend([Line2D([], [], color=style.PURPLE, linewidth=2.8,
                             label="how much members discount other groups' knowledge")],
                     ncol=1)

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        return list(self.ax.plot(weeks, 100.0 * df[STEREOTYPE_KEY], color=style.PURPLE,
                                 linewidth=2.8))


class ParticipationChart(TimeChart):
    """The participation ladder of people with dementia and carers (stacked shares, %),
    and how far mbo care staff take part (a line, 0-100 on the same axis)."""

    title = "Participation"
    ylabel = "% of people with dementia /\ncarers taking part (stacked)"

    def _setup(self) -> None:
        _percent_axis(self.ax)
        handles = [Patch(facecolor=c, hatch=h, edgecolor="white", label=short_label(k))
                   for (c, h), k in zip(LADDER_STYLE, LADDER_KEYS, strict=True)]
        handles.append(Line2D([], [], color=style.BLACK, linewidth=3.0,
                              label=f"{plain_label(MBO_KEY)}\n(0 none, 100 all co-design)"))
        self._legend(handles, ncol=2)

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        artists: list[Artist] = []
        bottom = np.zeros(len(df))
        for (colour, hatch), key in zip(LADDER_STYLE, LADDER_KEYS, strict=True):
            top = bottom + 100.0 * df[key].to_numpy()
            artists.append(self.ax.fill_between(weeks, bottom, top, facecolor=colour,
                                                hatch=hatch, edgecolor="white",
                                                linewidth=0.0, alpha=0.9))
            bottom = top
        artists += self.ax.plot(weeks, 100.0 * df[MBO_KEY], color=style.BLACK, linewidth=3.0)
        return artists


class ValueChart(TimeChart):
    """The six value cycles (Wenger, Trayner & de Laat 2011) as lanes, top to bottom.

    Each lane has its own scale (its top is printed with its unit), so small cycles stay
    visible; the number at the right is this week's value. In compare mode both runs
    share the lanes' scales.
    """

    title = "Value cycles: expected → transformative"
    box = (0.25, 0.15, 0.5, 0.74)

    def __init__(self, model: LearningCommunityModel, ceilings: dict[str, float],
                 size: tuple[float, float] = CHART_SIZE) -> None:
        self.ceilings = dict(ceilings)
        super().__init__(model, size)

    def _base(self, i: int) -> float:
        return float(len(VALUE_KEYS) - 1 - i)

    def _setup(self) -> None:
        ax = self.ax
        ax.set_ylim(0, len(VALUE_KEYS))
        ax.set_yticks([self._base(i) + 0.45 for i in range(len(VALUE_KEYS))])
        ax.set_yticklabels([f"{i + 1}. {short_label(k)}" for i, k in enumerate(VALUE_KEYS)],
                           fontsize=style.FONT_SMALL)
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        ax.set_xlabel("week", fontsize=style.FONT_SMALL, labelpad=1)
        for i, key in enumerate(VALUE_KEYS):
            ax.axhline(self._base(i), color="#bbbbbb", linewidth=1.0)
            unit = value_unit(key).replace(" per ", "\nper ")
            ax.text(1.01, self._base(i) + 0.95, f"top {self.ceilings[key]:.3g}\n{unit}",
                    transform=ax.get_yaxis_transform(),
                    fontsize=style.FONT_SMALL - 3, color="#444444", va="top",
                    linespacing=0.9)

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        artists: list[Artist] = []
        for i, key in enumerate(VALUE_KEYS):
            base, colour = self._base(i), style.SERIES_COLOURS[i % 6]
            lane = base + 0.85 * np.clip(df[key].to_numpy() / self.ceilings[key], 0.0, 1.0)
            artists.append(self.ax.fill_between(weeks, base, lane, color=colour, alpha=0.3,
                                                linewidth=0))
            artists += self.ax.plot(weeks, lane, color=colour, linewidth=2.6)
            artists.append(self.ax.text(1.01, base + 0.3, f"{float(df[key].iloc[-1]):.3g}",
                                        transform=self.ax.get_yaxis_transform(),
                                        fontsize=style.FONT_SMALL, fontweight="bold",
                                        color=style.BLACK, va="center"))
        return artists


class ProductsChart(TimeChart):
    """Products developed vs landed in practice and in education, week by week."""

    title = "Products"
    ylabel = "products (count)"

    def __init__(self, model: LearningCommunityModel, ceiling: float,
                 size: tuple[float, float] = CHART_SIZE) -> None:
        self.ceiling = ceiling
        super().__init__(model, size)

    def _setup(self) -> None:
        self.ax.set_ylim(0, self.ceiling)
        self.ax.yaxis.get_major_locator().set_params(integer=True)
        self._legend([Line2D([], [], color=c, linestyle=ls, linewidth=3.0,
                             label=short_label(k))
                      for (c, ls), k in zip(PRODUCT_STYLE, PRODUCT_KEYS, strict=True)])

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        artists: list[Artist] = []
        for (colour, ls), key in zip(PRODUCT_STYLE, PRODUCT_KEYS, strict=True):
            artists += self.ax.step(weeks, df[key], where="post", color=colour, linestyle=ls,
                                    linewidth=3.0)
        return artists


def value_unit(key: str) -> str:
    """The unit of a value cycle as lcsim's outputs declare it."""
    output = OUTPUTS.get(key)
    return output.unit if output is not None else ""


# The time charts a class can choose between, by the name in their CSS class.
CHART_NAMES = {"trust": "Trust", "stereotyping": "Stereotyping",
               "participation": "Participation", "value": "Value", "products": "Products"}


def build(name: str, model: LearningCommunityModel, df: pd.DataFrame,
          limits: Limits | None = None) -> TimeChart:
    """A new chart `name` (one of CHART_NAMES) for `model`; scales from `df` and `limits`."""
    if name == "trust":
        return TrustChart(model)
    if name == "stereotyping":
        return StereotypeChart(model)
    if name == "participation":
        return ParticipationChart(model)
    if name == "value":
        return ValueChart(model, value_ceilings(df, limits))
    if name == "products":
        return ProductsChart(model, products_ceiling(df, limits))
    raise KeyError(f"unknown chart {name!r}; choose one of {', '.join(CHART_NAMES)}")


def scale_key(name: str, df: pd.DataFrame, limits: Limits | None = None) -> tuple:
    """What a chart's fixed scales depend on: a new key means the chart must be rebuilt."""
    if name == "value":
        return tuple(value_ceilings(df, limits).values())
    if name == "products":
        return (products_ceiling(df, limits),)
    return ()


def value_ceilings(df: pd.DataFrame, limits: Limits | None = None) -> dict[str, float]:
    """Round ceilings per value cycle for this run (or the shared compare limits)."""
    out = {}
    for key in VALUE_KEYS:
        peak = max(float(df[key].max()), (limits or {}).get(key, 0.0))
        out[key] = _ceiling(peak, 0.01 if key == "expected_value" else 1.0)
    return out


def products_ceiling(df: pd.DataFrame, limits: Limits | None = None) -> float:
    """A round ceiling for the product counts (at least 5)."""
    peak = max(float(df[list(PRODUCT_KEYS)].to_numpy().max()),
               (limits or {}).get("products", 0.0))
    return _ceiling(peak + 0.5, 5.0)
