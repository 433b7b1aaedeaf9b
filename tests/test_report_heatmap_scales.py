"""The grid's heat maps read as their cells do: a colour bar of thousands says "40.0k"
like the cells, not "40000", and a share is coloured on its whole 0-100% scale, so a small
spread (67% to 90%) is not painted as if it ran from nothing to everything (the
researcher's tryout)."""

from __future__ import annotations

from lcsim.experiments import report as report_module
from lcsim.experiments.config import ExperimentConfig
from tests.test_report_two_levels_honest import bridge_builder_runs


def grid_report():
    """0 or 2 bridge-builders under 3 or 5 years of funding: survival 65% and 90%, paid
    hours about 40,000."""
    config = ExperimentConfig.model_validate({
        "name": "bbgrid", "question": "Do two bridge-builders help?", "replications": 20,
        "root_seed": 7, "common_random_numbers": True,
        "baseline": {"n_bridge_builders": 0, "funding_years": 3},
        "outputs": ["survived", "paid_hours"], "series": ["survived"],
        "base": {"weeks_after_funding": 104},
        "design": {"kind": "grid", "factors": {"n_bridge_builders": [0, 2],
                                               "funding_years": [3, 5]}}})
    return bridge_builder_runs(config, (13, 18), lambda arm, r: {
        "paid_hours": 40_000.0 + 1_000 * r + 5_000 * arm})


def _heatmap_figure(monkeypatch):
    drawn = {}

    def keep(fig, *args, **kwargs):
        drawn["fig"] = fig
        fig.canvas.draw()
        return ""

    monkeypatch.setattr(report_module, "figure_html", keep)
    grid_report()._heatmaps()
    return drawn["fig"]


def test_colour_bars_read_like_the_cells_and_shares_span_0_to_100(monkeypatch):
    fig = _heatmap_figure(monkeypatch)
    plots = [ax for ax in fig.axes if ax.images]
    bars = [ax for ax in fig.axes if not ax.images and ax.get_label() == "<colorbar>"]
    assert plots and len(bars) == len(plots)
    by_title = {ax.get_title(): ax for ax in plots}
    survival = next(ax for title, ax in by_title.items() if "%" in title)
    assert survival.images[0].get_clim() == (0.0, 100.0)
    labels = [t.get_text() for bar in bars for t in bar.get_yticklabels() if t.get_text()]
    assert any(label.endswith("k") for label in labels), labels  # paid hours, thousands
    assert not any(label.replace(".", "").isdigit() and len(label) >= 5 for label in labels)
    assert any(label.endswith("%") for label in labels)
