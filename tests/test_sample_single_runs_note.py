"""A sample study (Morris here) that runs each sampled setting once says that its
indices also hold chance between single communities; with replications it does not. The
researchers' tryout: a Morris study with replications = 1 ranked survival, which is 0 or
1 at every setting, without a word on it."""

from __future__ import annotations

import pytest

from lcsim.experiments import run_experiment

MORRIS = {
    "name": "m", "question": "What matters?", "root_seed": 5,
    "outputs": ["realized_value", "survived"], "series": ["realized_value"],
    "base": {"n_participants": 10, "funding_years": 0.5, "weeks_after_funding": 13},
    "design": {"kind": "sample", "method": "morris", "samples": 4, "factors": {
        "initial_trust": {"low": 0.0, "high": 0.6, "type": "float"},
        "stereotype_strength": {"low": 0.0, "high": 1.0, "type": "float"}}},
}


@pytest.mark.parametrize("replications, said", [(1, True), (2, False)])
def test_a_sample_of_single_runs_says_its_indices_also_hold_chance(tmp_path, replications,
                                                                   said):
    result = run_experiment({**MORRIS, "replications": replications}, out=tmp_path,
                            workers=1, progress=False)
    page = " ".join(result.report.read_text().split())
    assert ("Each sampled setting ran once" in page) is said
    if said:
        assert "a yes/no outcome such as communities still active is then 0% or 100%" \
            in page
