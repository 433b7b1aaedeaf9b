"""A region study whose main outcome (the share of communities still active) shows no
trend along the funding length still says what stopping early loses when products in
use clearly rise, in the words of the one-community study, and says nothing about it
when they do not. Built on made-up runs (no model run)."""

from __future__ import annotations

from lcsim.experiments.config import ExperimentConfig
from lcsim.experiments.design import design_points
from lcsim.experiments.storage import PARAM_PREFIX
from tests.test_region_report_ceilings import made_up_report, text_of

LEVELS = (1.5, 3, 6)
ALIVE = [[2, 3, 2, 3], [3, 2, 2, 2], [2, 3, 3, 3]]  # of 3 communities: no clear trend


def _report(products: list[list[float]]):
    config = ExperimentConfig.model_validate({
        "name": "region_funding", "question": "How long to fund a region?",
        "replications": 4, "root_seed": 1, "common_random_numbers": True,
        "outputs": ["survived", "products_in_use"], "series": ["survived"],
        "base": {"n_communities": 3, "n_participants": 14, "n_organisations": 16},
        "design": {"kind": "grid", "factors": {"funding_years": list(LEVELS)}}})
    rows, weekly = [], []
    for point in design_points(config):
        i = LEVELS.index(point.factors["funding_years"])
        for r in range(4):
            run_id = f"{point.index}-{r}"
            row = {"run_id": run_id, "point": point.name, "point_index": point.index,
                   "replication": r, "seed": 100 + r, "status": "ok", "error": None,
                   "wall_seconds": 0.1, "survived": ALIVE[i][r] / 3,
                   "products_in_use": products[i][r]}
            row.update({PARAM_PREFIX + n: v for n, v in point.params.items()})
            rows.append(row)
            weekly += [{"run_id": run_id, "point": point.name, "point_index": point.index,
                        "replication": r, "week": week, "survived": ALIVE[i][r] / 3}
                       for week in (0, 104)]
    return made_up_report(config, rows, weekly)


def _answer(report) -> str:
    return text_of(" ".join(report.answer.sentences))


def test_a_clear_rise_in_products_says_what_stopping_early_loses_without_a_main_trend():
    report = _report([[5.0, 6.0, 5.0, 6.0], [11.0, 10.0, 12.0, 11.0],
                      [18.0, 19.0, 18.0, 18.0]])
    answer = _answer(report)
    assert "shows no clear trend" in answer or "does not clearly change" in answer
    assert ("What stopping at 1.5 years of external funding loses: with 6 years of "
            "external funding instead of 1.5, on average a region has 12.8 more products "
            "in use") in answer
    assert "against where products in use now (the main outcome shows no trend) levels off" \
        in text_of(report.render())


def test_no_loss_sentence_when_products_do_not_clearly_rise_either():
    flat = [[5.0, 9.0, 2.0, 8.0], [9.0, 2.0, 7.0, 5.0], [4.0, 8.0, 6.0, 5.0]]
    assert "loses" not in _answer(_report(flat))
