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


def _style_axes(ax, title: str, last_week: int) -> None:
    ax.set_title(title, fontsize=style.FONT_TITLE, loc="left", fontweight="bold")
    ax.set_xlim(0, max(last_week, 1))
    ax.set_autoscale_on(False)
    ax.tick_params(labelsize=style.FONT_SMALL)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _event_marks(ax, model: LearningCommunityModel) -> list[Artist]:
    """Dotted black lines at interventions, dash-dotted vermillion at the end of funding."""
    marks = []
    for event in model.events:
        if event.kind == "intervention":
            marks.append(ax.axvline(event.week, color=style.BLACK, linestyle=":",
                                    linewidth=2.0))
        elif event.kind == "funding ends":
            marks.append(ax.axvline(event.week, color=style.VERMILLION, linestyle="-.",
                                    linewidth=2.2))
    return marks


def _mark_legend() -> list[Line2D]:
    return [Line2D([], [], color=style.BLACK, linestyle=":", linewidth=2.0,
                   label="intervention"),
            Line2D([], [], color=style.VERMILLION, linestyle="-.", linewidth=2.2,
                   label="funding ends")]


class NetworkChart(BlitChart):
    """Members as markers (role = colour and shape), trust as line width, bridge-builders
    on a yellow disc with a black ring, on the model's layout (computed once)."""

    def __init__(self, model: LearningCommunityModel, size: tuple[float, float] = (7.0, 7.0)
                 ) -> None:
        super().__init__(size)
        layout = model.layout()
        self.n = len(model.role)
        self.xy = np.array([layout[seat] for seat in range(self.n)], dtype=float)
        self.ax = self.fig.add_axes((0.01, 0.2, 0.98, 0.79))
        self.ax.set_axis_off()
        pad = 0.06 * float(np.ptp(self.xy)) if self.n > 1 else 1.0
        self.ax.set_xlim(self.xy[:, 0].min() - pad, self.xy[:, 0].max() + pad)
        self.ax.set_ylim(self.xy[:, 1].min() - pad, self.xy[:, 1].max() + pad)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_autoscale_on(False)
        self.marker_size = float(np.clip(5000.0 / max(self.n, 1), 20.0, 240.0))
        self.width_scale = float(min(1.0, (40.0 / max(self.n, 1)) ** 0.5))
        handles = [Line2D([], [], linestyle="", marker=style.ROLE_MARKER[r], markersize=13,
                          markerfacecolor=style.ROLE_COLOUR[r], markeredgecolor=style.BLACK,
                          label=r.label) for r in Role]
        handles += [
            Line2D([], [], linestyle="", marker="o", markersize=19, markerfacecolor=style.YELLOW,
                   markeredgecolor=style.BLACK, markeredgewidth=3.0, label="bridge-builder"),
            Line2D([], [], linestyle="", marker="x", markersize=11, color=style.GREY,
                   markeredgewidth=2.0, label="left (empty seat)"),
            Line2D([], [], color=style.BLACK, linewidth=5, alpha=0.75,
                   label="thick line = high trust"),
        ]
        self.fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=style.FONT_BASE,
                        frameon=False, handletextpad=0.3, columnspacing=1.2)

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


class ClimateChart(BlitChart):
    """Weekly trust within and between roles, stereotyping, and the participation ladder."""

    def __init__(self, model: LearningCommunityModel, columns: int = 3) -> None:
        """Three panels side by side (`columns=3`) or stacked (`columns=1`, compare mode)."""
        super().__init__((13.0, 4.6) if columns == 3 else (8.0, 9.0))
        last = end_week(model)
        if columns == 3:
            boxes = [(0.045 + i * 0.335, 0.42, 0.27, 0.48) for i in range(3)]
            anchor, where = (-0.02, -0.2), "upper left"
        else:
            boxes = [(0.08, 0.72 - i * 0.325, 0.5, 0.235) for i in range(3)]
            anchor, where = (1.03, 1.02), "upper left"
        self.trust_ax, self.stereo_ax, self.ladder_ax = axes = [
            self.fig.add_axes(box) for box in boxes]
        titles = ("Trust", "Stereotyping", "Participation ladder")
        for ax, title in zip(axes, titles, strict=True):
            _style_axes(ax, title, last)
            ax.set_ylim(0, 1)
            ax.set_xlabel("week", fontsize=style.FONT_SMALL, labelpad=1)
        legends = (
            [Line2D([], [], color=style.SERIES_COLOURS[i], linestyle=style.LINE_STYLES[i],
                    linewidth=2.8, label=style.label(k)) for i, k in enumerate(TRUST_KEYS)],
            [Line2D([], [], color=style.PURPLE, linewidth=2.8,
                    label="how much groups discount\neach other's knowledge")],
            [Patch(facecolor=c, hatch=h, edgecolor="white", label=style.label(k))
             for (c, h), k in zip(LADDER_STYLE, LADDER_KEYS, strict=True)]
            + [Line2D([], [], color=style.BLACK, linewidth=3.0, label=style.label(MBO_KEY))],
        )
        titles = (None, None, "people with dementia / carers:")
        for ax, handles, title in zip(axes, legends, titles, strict=True):
            if ax is self.trust_ax:
                handles = handles + _mark_legend()
            legend = ax.legend(handles=handles, loc=where, bbox_to_anchor=anchor,
                               fontsize=style.FONT_SMALL, frameon=False, handlelength=2.4,
                               borderaxespad=0.0, title=title, title_fontsize=style.FONT_SMALL,
                               alignment="left")
            legend.set_in_layout(False)

    def frame(self, model: LearningCommunityModel, df: pd.DataFrame) -> bytes:
        """This week's charts as PNG bytes."""
        weeks = df.index.to_numpy()
        artists: list[Artist] = []
        for i, key in enumerate(TRUST_KEYS):
            artists += self.trust_ax.plot(weeks, df[key], color=style.SERIES_COLOURS[i],
                                          linestyle=style.LINE_STYLES[i], linewidth=2.8)
        artists += self.stereo_ax.plot(weeks, df[STEREOTYPE_KEY], color=style.PURPLE,
                                       linewidth=2.8)
        bottom = np.zeros(len(df))
        for (colour, hatch), key in zip(LADDER_STYLE, LADDER_KEYS, strict=True):
            top = bottom + df[key].to_numpy()
            artists.append(self.ladder_ax.fill_between(
                weeks, bottom, top, facecolor=colour, hatch=hatch, edgecolor="white",
                linewidth=0.0, alpha=0.9))
            bottom = top
        artists += self.ladder_ax.plot(weeks, df[MBO_KEY], color=style.BLACK, linewidth=3.0)
        for ax in (self.trust_ax, self.stereo_ax, self.ladder_ax):
            artists += _event_marks(ax, model)
        return self._encode(artists)


class ValueChart(BlitChart):
    """The six value cycles (Wenger, Trayner & de Laat 2011) as lanes, top to bottom.

    Each lane has its own scale (its ceiling is printed), so small cycles stay visible;
    the number at the right is this week's value. In compare mode both runs share ceilings.
    """

    def __init__(self, model: LearningCommunityModel, ceilings: dict[str, float],
                 size: tuple[float, float] = (8.0, 5.6)) -> None:
        super().__init__(size)
        self.ceilings = dict(ceilings)
        self.ax = ax = self.fig.add_axes((0.24, 0.1, 0.6, 0.8))
        _style_axes(ax, "Value cycles: expected → transformative", end_week(model))
        ax.set_ylim(0, len(VALUE_KEYS))
        ax.set_yticks([self._base(i) + 0.45 for i in range(len(VALUE_KEYS))])
        ax.set_yticklabels([f"{i + 1}. {style.label(k)}" for i, k in enumerate(VALUE_KEYS)],
                           fontsize=style.FONT_BASE)
        ax.tick_params(axis="y", length=0)
        ax.grid(False)
        for i, key in enumerate(VALUE_KEYS):
            ax.axhline(self._base(i), color="#bbbbbb", linewidth=1.0)
            ax.text(1.01, self._base(i) + 0.88, f"max {self.ceilings[key]:.3g}",
                    transform=ax.get_yaxis_transform(), fontsize=style.FONT_SMALL - 2,
                    color="#555555", va="top")
        ax.set_xlabel("week", fontsize=style.FONT_SMALL, labelpad=1)

    def _base(self, i: int) -> float:
        return float(len(VALUE_KEYS) - 1 - i)

    def frame(self, model: LearningCommunityModel, df: pd.DataFrame) -> bytes:
        """This week's value lanes as PNG bytes."""
        weeks = df.index.to_numpy()
        artists: list[Artist] = []
        for i, key in enumerate(VALUE_KEYS):
            base, colour = self._base(i), style.SERIES_COLOURS[i % 6]
            lane = base + 0.85 * np.clip(df[key].to_numpy() / self.ceilings[key], 0.0, 1.0)
            artists.append(self.ax.fill_between(weeks, base, lane, color=colour, alpha=0.3,
                                                linewidth=0))
            artists += self.ax.plot(weeks, lane, color=colour, linewidth=2.6)
            artists.append(self.ax.text(1.01, base + 0.35, f"{float(df[key].iloc[-1]):.3g}",
                                        transform=self.ax.get_yaxis_transform(),
                                        fontsize=style.FONT_BASE, fontweight="bold",
                                        color=style.BLACK))
        artists += _event_marks(self.ax, model)
        return self._encode(artists)


class ProductsChart(BlitChart):
    """Products developed vs landed in practice and in education, week by week."""

    def __init__(self, model: LearningCommunityModel, ceiling: float,
                 size: tuple[float, float] = (6.0, 4.2)) -> None:
        super().__init__(size)
        self.ceiling = ceiling
        self.ax = ax = self.fig.add_axes((0.1, 0.36, 0.86, 0.55))
        _style_axes(ax, "Products", end_week(model))
        ax.set_ylim(0, ceiling)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("week", fontsize=style.FONT_SMALL, labelpad=1)
        ax.legend(handles=[Line2D([], [], color=c, linestyle=ls, linewidth=3.0,
                                  label=style.label(k))
                           for (c, ls), k in zip(PRODUCT_STYLE, PRODUCT_KEYS, strict=True)],
                  loc="upper left", bbox_to_anchor=(-0.02, -0.22), ncol=2, frameon=False,
                  fontsize=style.FONT_SMALL, borderaxespad=0.0)

    def frame(self, model: LearningCommunityModel, df: pd.DataFrame) -> bytes:
        """This week's product counts as PNG bytes."""
        weeks = df.index.to_numpy()
        artists: list[Artist] = []
        for (colour, ls), key in zip(PRODUCT_STYLE, PRODUCT_KEYS, strict=True):
            artists += self.ax.step(weeks, df[key], where="post", color=colour, linestyle=ls,
                                    linewidth=3.0)
        artists += _event_marks(self.ax, model)
        return self._encode(artists)


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
