"""The dashboard's time charts read well on a projector: everything they print fits
inside the figure, no two texts overprint each other, and text is large enough.

The charts are matplotlib figures (`dashboards.charts`); these tests draw them without a
browser and measure their text artists in pixels of the PNG.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboards import charts, style  # noqa: E402
from dashboards.session import Classroom  # noqa: E402

# How wide a chart is shown on a 1280 x 720 screen with the settings sidebar open
# (measured in Chromium: 439 CSS pixels; 457 in Projector mode), and the smallest text
# a class reads there from the back of a room.
SHOWN_WIDTH_1280 = 439
MIN_SHOWN_PX = 14

# Interventions close together, as in the teacher's report ("workshop unding
# ridge-builder"), plus long names near both ends of the axis.
CLOSE_MARKS = [charts.Mark(2, "participation policy"),
               charts.Mark(100, "workshop"),
               charts.Mark(104, "funding ends", style.VERMILLION, "-."),
               charts.Mark(108, "appointment of a bridge-builder"),
               charts.Mark(300, "departure of the project leader")]


@pytest.fixture(scope="module")
def run():
    """A community after 150 weeks of its 312-week run, with its weekly series."""
    classroom = Classroom()
    classroom.step(150)
    model = classroom.a.model
    yield model, charts.weekly(model)
    classroom.close()


def drawn(name: str, run, marks=CLOSE_MARKS) -> charts.TimeChart:
    """Chart `name` with this week's data and `marks` on it, fully drawn."""
    model, df = run
    chart = charts.build(name, model, df)
    chart.artists(df, marks)
    chart.canvas.draw()
    return chart


def printed_texts(chart: charts.TimeChart) -> list[Text]:
    """Every text the chart prints: title, axis labels, tick labels, legend, texts."""
    ax = chart.ax
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label]
    texts += ax.xaxis.get_ticklabels() + ax.yaxis.get_ticklabels() + list(ax.texts)
    legend = ax.get_legend()
    if legend is not None:
        texts += [legend.get_title(), *legend.get_texts()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def extent(text: Text):
    return text.get_window_extent(text.figure.canvas.get_renderer())


def overprint(a: Text, b: Text) -> bool:
    """Whether two texts share more than half a pixel each way (touching is fine: the
    value and " / top" of a lane meet at one edge)."""
    one, other = extent(a), extent(b)
    return (min(one.x1, other.x1) - max(one.x0, other.x0) > 0.5
            and min(one.y1, other.y1) - max(one.y0, other.y0) > 0.5)


@pytest.mark.parametrize("name", list(charts.CHART_NAMES))
def test_everything_a_chart_prints_lies_inside_the_figure(name, run):
    chart = drawn(name, run)
    figure = chart.fig.bbox
    outside = [t.get_text() for t in printed_texts(chart)
               if not figure.contains(extent(t).x0, extent(t).y0)
               or not figure.contains(extent(t).x1, extent(t).y1)]
    assert not outside
    legend = chart.ax.get_legend()
    if legend is not None:
        box = legend.get_window_extent(chart.canvas.get_renderer())
        assert figure.x0 <= box.x0 and box.x1 <= figure.x1
        assert figure.y0 <= box.y0 and box.y1 <= figure.y1


@pytest.mark.parametrize("name", list(charts.CHART_NAMES))
def test_no_two_texts_of_a_chart_overlap(name, run):
    chart = drawn(name, run)
    texts = printed_texts(chart)
    overlapping = [(a.get_text(), b.get_text()) for a, b in itertools.combinations(texts, 2)
                   if overprint(a, b)]
    assert not overlapping


@pytest.mark.parametrize("name", list(charts.CHART_NAMES))
def test_chart_text_reads_at_14_pixels_on_a_1280_wide_screen(name, run):
    chart = drawn(name, run)
    scale = SHOWN_WIDTH_1280 / chart.fig.bbox.width
    small = [(t.get_text(), round(t.get_fontsize() * chart.fig.dpi / 72 * scale, 1))
             for t in printed_texts(chart)
             if t.get_fontsize() * chart.fig.dpi / 72 * scale < MIN_SHOWN_PX]
    assert not small


@pytest.mark.parametrize("name", list(charts.CHART_NAMES))
def test_the_plot_keeps_at_least_half_the_figure_height_and_width(name, run):
    chart = drawn(name, run)
    plot, figure = chart.ax.get_window_extent(), chart.fig.bbox
    assert plot.height >= 0.45 * figure.height
    assert plot.width >= 0.45 * figure.width


def test_mark_names_stand_inside_the_plot_next_to_their_lines(run):
    chart = drawn("trust", run)
    plot = chart.ax.get_window_extent()
    labels = {t.get_text().replace("\n", " "): extent(t) for t in chart.ax.texts}
    assert set(labels) == {m.label for m in CLOSE_MARKS}
    for mark in CLOSE_MARKS:
        box = labels[mark.label]
        assert plot.x0 <= box.x0 and box.x1 <= plot.x1 and plot.y0 <= box.y0 <= box.y1 <= plot.y1
        line_x = chart.ax.transData.transform((mark.week, 0))[0]
        assert min(abs(box.x0 - line_x), abs(box.x1 - line_x)) < 12  # it starts or ends there


@pytest.mark.parametrize("name", list(charts.CHART_NAMES))
def test_every_series_is_drawn_over_the_marks_so_no_name_hides_the_data(name, run):
    """The teacher's tryout: after three interventions their names, on white boxes, hid
    the mbo staff line of the participation chart. A frame draws its artists in order:
    filled areas under the marks, lines and texts over them."""
    model, df = run
    chart = charts.build(name, model, df)
    labels, weeks = {m.label for m in CLOSE_MARKS}, {m.week for m in CLOSE_MARKS}

    def is_mark(artist) -> bool:
        if isinstance(artist, Text):
            return artist.get_text().replace("\n", " ") in labels
        x = list(artist.get_xdata()) if isinstance(artist, Line2D) else []
        return len(set(x)) == 1 and x[0] in weeks  # a mark's vertical line

    drawn_in_order = [artist for artist in chart.artists(df, CLOSE_MARKS)
                      if not isinstance(artist, Collection)]  # filled areas go under all
    order = [is_mark(artist) for artist in drawn_in_order]
    assert True in order and False in order
    assert order == sorted(order, reverse=True)  # every mark before any line or text


def test_a_name_with_no_free_row_is_left_out_rather_than_overprinted(run):
    crowd = [charts.Mark(100 + week, f"intervention {week}") for week in range(12)]
    chart = drawn("stereotyping", run, crowd)
    names = [t for t in chart.ax.texts if t.get_text().startswith("intervention")]
    assert 1 < len(names) < len(crowd)
    assert not [(a.get_text(), b.get_text()) for a, b in itertools.combinations(names, 2)
                if overprint(a, b)]
    assert len(chart.ax.lines) >= len(crowd)  # every mark keeps its line


def test_value_lanes_print_this_weeks_value_then_the_lane_top(run):
    model, df = run
    chart = drawn("value", run, [])
    texts = [t.get_text() for t in chart.ax.texts]
    for key in charts.VALUE_KEYS:
        assert charts._number(float(df[key].iloc[-1])) in texts
        assert f" / {charts._number(chart.ceilings[key])}" in texts
    assert charts.unit_note(charts.VALUE_KEYS) in texts


def test_on_the_value_chart_a_marks_name_stands_clear_of_lane_1(run):
    """The tryout: the "funding ends" label overlapped lane 1 ("expected")."""
    for marks in ([charts.Mark(104, "funding ends", style.VERMILLION, "-.")],
                  [charts.Mark(95, "workshop"), *CLOSE_MARKS]):
        chart = drawn("value", run, marks)
        names = {t.get_text().replace("\n", " "): t for t in chart.ax.texts
                 if t.get_text().replace("\n", " ") in {m.label for m in marks}}
        assert "funding ends" in names  # it comes first
        lane_1_top = chart.ax.transData.transform((0, len(charts.VALUE_KEYS) - 1 + 0.85))[1]
        assert all(extent(t).y0 >= lane_1_top - 0.5 for t in names.values()), names


def test_unit_note_names_each_lanes_unit_once_on_short_lines():
    note = charts.unit_note(charts.VALUE_KEYS)
    assert "3-6 = model value units" in note
    assert note.startswith("units: 1 = experience units per week")
    assert max(len(line) for line in note.splitlines()) <= 46


def test_week_ticks_thin_to_whole_years_when_capped():
    assert charts.week_ticks(312, most=5) == [0, 104, 208, 312]
    assert charts.week_ticks(416, most=8) == [0, 104, 208, 312, 416]
    assert charts.week_ticks(312, most=8) == charts.week_ticks(312)
    assert charts.week_label([0, 104, 208, 312]) == "week (a tick every 2 years)"
    assert charts.week_label([0, 52, 104]) == "week (a tick each year)"


def test_a_chart_frame_is_a_png_of_the_figure_size(run):
    model, df = run
    chart = charts.build("participation", model, df)
    png = chart.frame(model, df, CLOSE_MARKS)
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (round(chart.fig.bbox.width), round(chart.fig.bbox.height))
    assert not chart.ax.texts  # the frame's data and marks are gone again


def test_a_dashboard_opened_by_its_url_logs_no_cookie_warning(tmp_path):
    """The URL `screenshots.serve` gives (localhost) gets Solara's cookie without its
    https warning; the same server asked as 127.0.0.1 would log it."""
    import urllib.request

    from dashboards import screenshots

    log = tmp_path / "dash.log"
    with screenshots.serve(log) as url, urllib.request.urlopen(url, timeout=30) as response:
        cookies = response.headers.get_all("set-cookie") or []
    assert url.startswith("http://localhost:")
    assert any("solara-session-id=" in c for c in cookies)
    text = log.read_text()
    assert "Solara server is starting" in text
    assert "samesite" not in text.lower()


def test_the_info_text_is_rendered_on_the_server_without_fetching_anything():
    from dashboards import info

    text = info.html(info.INFO + "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h3>What is this model?</h3>" in text and "<table>" in text
    assert "http" not in text and "katex" not in text
    model_description = info.html(info.odd_text())
    assert "<table>" in model_description and "katex" not in model_description
