"""`second_order = true` in a Sobol study pays for the runs of second-order indices, so
the report shows them: a table of factor pairs with S2 and its CI in the sensitivity part
of the comparison tables, what an interaction index means in plain words, and a tidy
sensitivity_second_order.csv (outcome, factor, factor_2, S2, S2_conf) beside the report.

The stand-in model has a known answer. With a, b and c uniform on [0, 1],
y = 12 (a - 1/2)(b - 1/2) + 6 (c - 1/2): Var of the product term is 144 / 144 = 1, of the
c term 36 / 12 = 3, so S2(a, b) = 1/4, S1(c) = 3/4, and every other index is 0."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_report import section, text_of

from lcsim.experiments import run_experiment
from lcsim.experiments.storage import ResultStore

FACTORS = {name: {"low": 0.0, "high": 1.0, "type": "float"}
           for name in ("alignment", "participation_policy", "product_landing")}


def interacting_run(params, seed, assumptions=None):
    """alignment and participation_policy act only together; product_landing alone."""
    a, b, c = params.alignment, params.participation_policy, params.product_landing
    value = 12 * (a - 0.5) * (b - 0.5) + 6 * (c - 0.5) + 10
    return {"realized_value": value}, pd.DataFrame({"realized_value": [0.0, value]})


def study(second_order: bool, samples: int = 128) -> dict:
    return {"name": "interactions", "question": "Which levers act together?",
            "replications": 1, "root_seed": 5, "outputs": ["realized_value"],
            "series": ["realized_value"],
            "design": {"kind": "sample", "method": "sobol", "samples": samples,
                       "second_order": second_order, "factors": FACTORS}}


@pytest.fixture(scope="module")
def with_pairs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("s2") / "out"
    run_experiment(study(True), out=folder, workers=1, progress=False,
                   run_function=interacting_run)
    return folder


@pytest.mark.slow  # 1,024 runs of a stand-in: about 20 s on a quiet machine
def test_the_tidy_file_holds_the_known_interaction_and_no_other(with_pairs: Path):
    table = pd.read_csv(with_pairs / "sensitivity_second_order.csv")
    assert list(table.columns) == ["outcome", "factor", "factor_2", "S2", "S2_conf"]
    assert len(table) == 3 and set(table["outcome"]) == {"realized_value"}
    pairs = table.set_index(["factor", "factor_2"])
    known = pairs.loc[("alignment", "participation_policy")]
    assert abs(known["S2"] - 0.25) <= max(known["S2_conf"], 0.05)
    assert known["S2"] == table["S2"].max()
    for pair in [("alignment", "product_landing"), ("participation_policy",
                                                    "product_landing")]:
        assert abs(pairs.loc[pair, "S2"]) <= max(pairs.loc[pair, "S2_conf"], 0.05), pair
    first = pd.read_csv(with_pairs / "sensitivity.csv")
    assert list(first.columns) == ["outcome", "factor", "index", "value", "conf",
                                   "reliable", "problem"]
    s1 = first[first["index"] == "S1"].set_index("factor")["value"]
    assert abs(s1["product_landing"] - 0.75) < 0.1 and abs(s1["alignment"]) < 0.1


@pytest.mark.slow
def test_the_report_shows_the_pairs_with_their_ci_in_plain_words(with_pairs: Path):
    report = (with_pairs / "report.html").read_text()
    tables = section(report, "Comparison tables")
    assert "Interactions of two factors (second-order Sobol indices S2)" in tables
    assert "× " in tables and tables.count(" ± ") >= 3 + 3 * 2  # S2 of 3 pairs, S1 and ST
    assert "acting together, beyond what each does alone" in tables
    assert "intervals are often wide" in tables
    assert "sensitivity_second_order.csv" in tables
    assert "Second-order index S2" in section(report, "How to read the statistics")
    assert "Not computed" not in report and "Missing here" not in report


def test_a_sobol_study_without_second_order_has_no_pairs(tmp_path: Path):
    run_experiment(study(False, samples=32), out=tmp_path / "out", workers=1,
                   progress=False, run_function=interacting_run)
    assert not (tmp_path / "out" / "sensitivity_second_order.csv").exists()
    assert (tmp_path / "out" / "sensitivity.csv").exists()
    assert tmp_path / "out" / "sensitivity.csv" in ResultStore(tmp_path / "out").own_files()
    text = text_of((tmp_path / "out" / "report.html").read_text())
    assert "Interactions of two factors" not in text and "Second-order index" not in text
