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
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Transform, blended_transform_factory, offset_copy
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
    """A figure with a cached background; `frame()` draws data artists and returns a PNG.

    Args:
        size: width and height in inches (at `style.FIG_DPI`).
        constrained: let matplotlib's constrained layout place the axes, so that titles,
            tick labels, axis labels and legends all fit inside the figure.
    """

    def __init__(self, size: tuple[float, float], constrained: bool = False) -> None:
        self.fig = Figure(figsize=size, dpi=style.FIG_DPI,
                          layout="constrained" if constrained else None)
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


YEAR = 52  # weeks; the time axes tick once a year (or every few years on a long run)


def week_ticks(last_week: int, most: int | None = None) -> list[int]:
    """Ticks for a time axis of `last_week` weeks: every year, and always the last week
    (a year tick too close to it is dropped so their labels do not overlap).

    Args:
        last_week: the end of the axis.
        most: at most this many ticks: the ticks then stand every 2, 3, ... years.
    """
    last = max(int(last_week), 1)
    years = 1
    while most is not None and last // (YEAR * years) + 2 > most and YEAR * years < last:
        years += 1
    step = YEAR * years
    ticks = list(range(0, last + 1, step)) if last >= step else [0]
    if ticks[-1] != last:
        if last - ticks[-1] < step // 3 and len(ticks) > 1:
            ticks.pop()
        ticks.append(last)
    return ticks


def week_label(ticks: Sequence[int]) -> str:
    """The time axis's label, saying how far apart its ticks stand."""
    step = ticks[1] - ticks[0] if len(ticks) > 2 else YEAR
    years = max(step // YEAR, 1)
    return "week (a tick each year)" if years == 1 else f"week (a tick every {years} years)"


def _style_axes(ax, title: str, last_week: int, ylabel: str = "",
                most_ticks: int | None = None) -> None:
    ax.set_title(title, fontsize=style.FONT_CHART_TITLE, loc="left", fontweight="bold",
                 pad=12)  # clear of the top tick label
    ax.set_xlim(0, max(last_week, 1))
    ticks = week_ticks(last_week, most_ticks)
    ax.set_xticks(ticks)
    ax.set_autoscale_on(False)
    ax.tick_params(labelsize=style.FONT_CHART)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_xlabel(week_label(ticks), fontsize=style.FONT_CHART, labelpad=2)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=style.FONT_CHART)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _under_x_axis(ax) -> Transform:
    """Figure x, and y in points from the bottom of the x-axis's tick labels and label:
    a legend or note anchored at y=0 of this transform starts just below the axis."""
    renderer = ax.figure.canvas.get_renderer()
    depth = ax.get_window_extent(renderer).y0 - ax.xaxis.get_tightbbox(renderer).y0
    points = depth * 72.0 / ax.figure.dpi + 4.0
    return blended_transform_factory(
        ax.figure.transFigure,
        offset_copy(ax.transAxes, fig=ax.figure, y=-points, units="points"))


def _free_row(right_edges: list[float], left: float, lines: int) -> int | None:
    """The highest row where a name `lines` rows tall, starting at pixel `left`, passes
    every name already placed on its rows; None if none is free."""
    for first in range(len(right_edges) - lines + 1):
        if all(right_edges[row] + 4.0 <= left for row in range(first, first + lines)):
            return first
    return None


def mark_artists(ax, marks: Sequence[Mark], top: float = 0.8) -> list[Artist]:
    """The marks as lines with their names at the top, inside the axes.

    A name stands right of its line, or left of it where the axes end; a name too wide
    for either side wraps onto two lines. It takes the highest row where it overlaps no
    other name, within the `top` share of the plot's height. A name that finds no free
    row is left out (its line stays; the event log names it). The end of funding (a
    vermilion mark) gets its row first. The axes must have their final position (the
    figure drawn once).
    """
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    line = 1.25 * style.FONT_CHART * ax.figure.dpi / 72.0
    right_edges = [-math.inf] * max(1, int(top * box.height // line))
    artists: list[Artist] = []
    for mark in sorted(marks, key=lambda m: (m.colour != style.VERMILLION, m.week)):
        artists.append(ax.axvline(mark.week, color=mark.colour, linestyle=mark.linestyle,
                                  linewidth=2.2))
        text = ax.text(0.0, 0.0, mark.label, transform=ax.transAxes, color=mark.colour,
                       fontsize=style.FONT_CHART, fontweight="bold", ha="left", va="top",
                       linespacing=1.0,  # on a white box, under the data drawn after it
                       bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": mark.colour,
                             "linewidth": 0.8, "pad": 1.5})
        x = float(ax.transData.transform((mark.week, 0.0))[0])
        fits = []  # (text, left edge, width, rows tall): right of the line, then left
        for words in (mark.label, textwrap.fill(mark.label, len(mark.label) // 2 + 1)):
            text.set_text(words)
            width = text.get_window_extent(renderer).width
            fits += [(words, left, width, words.count("\n") + 1)
                     for left in (x + 4, x - 4 - width)
                     if box.x0 + 2 <= left and left + width <= box.x1]
        if not fits and width <= box.width - 2:  # wrapped, as near its line as it can be
            fits.append((words, min(max(x + 4, box.x0 + 2), box.x1 - width), width,
                         words.count("\n") + 1))
        text.set_text(mark.label)
        width = text.get_window_extent(renderer).width
        if width <= box.width - 2:  # last: on one line across its line (few rows free)
            fits.append((mark.label, min(max(x + 4, box.x0 + 2), box.x1 - width), width, 1))
        places = [(row, lines, words, left, width) for words, left, width, lines in fits
                  if (row := _free_row(right_edges, left, lines)) is not None]
        if not places:
            text.remove()
            continue
        row, lines, words, left, width = min(places, key=lambda place: place[0])
        for r in range(row, row + lines):
            right_edges[r] = left + width
        text.set_text(words)
        text.set_position(((left - box.x0) / box.width, 1.0 - (row * line + 3) / box.height))
        artists.append(text)
    return artists


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

    Subclasses set the y-axis in `_setup` and draw the data in `_draw`. The figure is
    laid out and drawn once when the chart is made (constrained layout: everything fits
    inside it); each frame then draws only the data and the marks.
    """

    title = ""
    ylabel = ""
    most_ticks = 8  # time-axis ticks; more would crowd their labels

    def __init__(self, model: LearningCommunityModel, size: tuple[float, float] = CHART_SIZE
                 ) -> None:
        super().__init__(size, constrained=True)
        self.fig.get_layout_engine().set(w_pad=3 / 72, h_pad=3 / 72)
        self.last = end_week(model)
        self.ax = self.fig.add_subplot()
        _style_axes(self.ax, self.title, self.last, self.ylabel, self.most_ticks)
        self._setup()
        self._snapshot([])

    mark_top = 0.8  # the share of the plot's height the names of marks may take

    def _setup(self) -> None:  # pragma: no cover - overridden
        pass

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        raise NotImplementedError

    def artists(self, df: pd.DataFrame, marks: Sequence[Mark] = ()) -> list[Artist]:
        """Add this week's data and `marks` to the figure; return them in drawing order:
        filled areas, then the marks, then lines and texts, so a line is drawn over a
        mark's name and never hidden by it (a frame removes them again once drawn)."""
        data = self._draw(df, df.index.to_numpy())
        areas = [artist for artist in data if isinstance(artist, Collection)]
        return (areas + mark_artists(self.ax, marks, self.mark_top)
                + [artist for artist in data if not isinstance(artist, Collection)])

    def frame(self, model: LearningCommunityModel, df: pd.DataFrame,
              marks: Sequence[Mark] = ()) -> bytes:
        """This week's chart as PNG bytes, with `marks` (interventions, end of funding)."""
        return self._encode(self.artists(df, marks))

    def _legend(self, handles: list, ncol: int = 2, title: str | None = None) -> None:
        """The legend, below the x-axis, from the figure's left edge."""
        self.ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 0.0),
                       bbox_transform=_under_x_axis(self.ax), ncol=ncol, frameon=False,
                       fontsize=style.FONT_CHART, borderaxespad=0.0, borderpad=0.0,
                       title=title, title_fontsize=style.FONT_CHART, alignment="left",
                       handlelength=2.0, handletextpad=0.5, columnspacing=1.0,
                       labelspacing=0.2)


def _percent_axis(ax) -> None:
    ax.set_ylim(0, 100)
    ax.set_yticks([0, 25, 50, 75, 100])


class TrustChart(TimeChart):
    """Mean trust between members of the same role and of different roles, 0 to 1."""

    title = "Trust"
    ylabel = "trust (0-1)"

    def _setup(self) -> None:
        self.ax.set_ylim(0, 1)
        self.ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
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
    ylabel = "% discounted"

    def _setup(self) -> None:
        _percent_axis(self.ax)
        self._legend([Line2D([], [], color=style.PURPLE, linewidth=2.8,
                             label="mean % of other groups' knowledge\n"
                                   "that members discount")], ncol=1)

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        return list(self.ax.plot(weeks, 100.0 * df[STEREOTYPE_KEY], color=style.PURPLE,
                                 linewidth=2.8))


class ParticipationChart(TimeChart):
    """The participation ladder of people with dementia and carers (stacked shares, %),
    and how far mbo care staff take part (a line, 0-100 on the same axis)."""

    title = "Participation"
    ylabel = "% taking part"

    def _setup(self) -> None:
        _percent_axis(self.ax)
        handles = [Patch(facecolor=c, hatch=h, edgecolor="white", label=short_label(k))
                   for (c, h), k in zip(LADDER_STYLE, LADDER_KEYS, strict=True)]
        handles.append(Line2D([], [], color=style.BLACK, linewidth=3.0,
                              label=f"{plain_label(MBO_KEY)}\n(0 none, 100 all co-design)"))
        # Two columns, filled top to bottom: informed and advising, then co-designing
        # and the mbo staff's line.
        self._legend(handles, ncol=2, title="people with dementia / carers (stacked):")

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


def _number(value: float) -> str:
    """A value as a class reads it: two significant digits and no exponent: 0.046, 3.4,
    390, 1,200 (a chart shows how values move, not their third digit)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    digits = 1 - math.floor(math.log10(abs(value)))  # decimals that keep two digits
    rounded = round(value, digits)
    if digits <= 0:
        return f"{rounded:,.0f}"
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")


OWN_SCALES = "(the model's own scales, not euros or hours)"


def unit_note(keys: Sequence[str]) -> str:
    """Which value lanes are in which unit, e.g. "units: 1 = experience units per week;
    2 = experience units; 3-6 = model value units", on lines of about 44 characters,
    and in plain words what those units are (`OWN_SCALES`): the model's own, which
    compare weeks and runs; the Products chart counts products."""
    groups: list[tuple[str, list[int]]] = []
    for i, key in enumerate(keys, start=1):
        unit = value_unit(key)
        if groups and groups[-1][0] == unit:
            groups[-1][1].append(i)
        else:
            groups.append((unit, [i]))
    parts = [f"{lanes[0]}{f'-{lanes[-1]}' if len(lanes) > 1 else ''} = {unit}"
             for unit, lanes in groups]
    lines = [f"units: {parts[0]}"]
    for part in parts[1:]:  # a line breaks between lanes, never inside a unit
        if len(lines[-1]) + len(part) > 44:
            lines.append(part)
        else:
            lines[-1] += f"; {part}"
    return "\n".join([*lines, OWN_SCALES])


MARK_STRIP = 1.4  # lanes' height above the value lanes, for the names of marks (2 lines)


class ValueChart(TimeChart):
    """The six value cycles (Wenger, Trayner & de Laat 2011) as lanes, top to bottom.

    Each lane has its own scale, so small cycles stay visible: at the right of each lane
    stand this week's value and the lane's top ("now / top"); a note under the chart
    names each lane's unit. In compare mode both runs share the lanes' scales.
    """

    title = "Value cycles"
    most_ticks = 5  # the lanes leave a narrow plot
    mark_top = MARK_STRIP / (len(VALUE_KEYS) + MARK_STRIP)  # names above the lanes only

    def __init__(self, model: LearningCommunityModel, ceilings: dict[str, float],
                 size: tuple[float, float] = CHART_SIZE) -> None:
        self.ceilings = dict(ceilings)
        super().__init__(model, size)

    def _base(self, i: int) -> float:
        return float(len(VALUE_KEYS) - 1 - i)

    def _setup(self) -> None:
        ax = self.ax
        # A strip above lane 1 for the names of marks ("funding ends"), which stand at
        # the top of the plot and would otherwise cover lane 1's line.
        ax.set_ylim(0, len(VALUE_KEYS) + MARK_STRIP)
        ax.set_yticks([self._base(i) + 0.45 for i in range(len(VALUE_KEYS))])
        ax.set_yticklabels([f"{i + 1}. {short_label(k)}" for i, k in enumerate(VALUE_KEYS)],
                           fontsize=style.FONT_CHART)
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        # This week's value is right-aligned in a column as wide as the widest value a
        # lane can show (just under its top), then " / top": the column never moves.
        renderer = self.canvas.get_renderer()
        probe = ax.text(0, 0, "", fontsize=style.FONT_CHART, fontweight="bold")
        widths = []
        for key in VALUE_KEYS:  # the widest a value up to the top can be written
            for share in (0.95, 0.99, 1.0):
                probe.set_text(_number(share * self.ceilings[key]))
                widths.append(probe.get_window_extent(renderer).width)
        probe.remove()
        self.split = offset_copy(ax.get_yaxis_transform(), fig=self.fig, units="points",
                                 x=6 + max(widths) * 72.0 / self.fig.dpi)
        top = len(VALUE_KEYS) + MARK_STRIP
        ax.text(1.0, top, "now", transform=self.split, ha="right", va="bottom",
                fontsize=style.FONT_CHART, color="#444444")
        ax.text(1.0, top, " / top", transform=self.split, ha="left",
                va="bottom", fontsize=style.FONT_CHART, color="#444444")
        for i, key in enumerate(VALUE_KEYS):
            ax.axhline(self._base(i), color="#bbbbbb", linewidth=1.0)
            ax.text(1.0, self._base(i) + 0.45, f" / {_number(self.ceilings[key])}",
                    transform=self.split, ha="left", va="center",
                    fontsize=style.FONT_CHART, color="#444444")
        ax.text(0.01, 0.0, unit_note(VALUE_KEYS), transform=_under_x_axis(ax), ha="left",
                va="top", fontsize=style.FONT_CHART, color="#444444", linespacing=1.1)

    def _draw(self, df: pd.DataFrame, weeks: np.ndarray) -> list[Artist]:
        artists: list[Artist] = []
        for i, key in enumerate(VALUE_KEYS):
            base, colour = self._base(i), style.SERIES_COLOURS[i % 6]
            lane = base + 0.85 * np.clip(df[key].to_numpy() / self.ceilings[key], 0.0, 1.0)
            artists.append(self.ax.fill_between(weeks, base, lane, color=colour, alpha=0.3,
                                                linewidth=0))
            artists += self.ax.plot(weeks, lane, color=colour, linewidth=2.6)
            artists.append(self.ax.text(1.0, base + 0.45, _number(float(df[key].iloc[-1])),
                                        transform=self.split, ha="right", va="center",
                                        fontsize=style.FONT_CHART, fontweight="bold",
                                        color=style.BLACK))
        return artists


class ProductsChart(TimeChart):
    """Products developed vs landed in practice and in education, week by week."""

    title = "Products"
    ylabel = "products"

    def __init__(self, model: LearningCommunityModel, ceiling: float,
                 size: tuple[float, float] = CHART_SIZE) -> None:
        self.ceiling = ceiling
        super().__init__(model, size)

    def _setup(self) -> None:
        self.ax.set_ylim(0, self.ceiling)
        self.ax.yaxis.get_major_locator().set_params(integer=True, nbins=5)
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
