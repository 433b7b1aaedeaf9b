"""Smoke test of the benchmark (issue 5): it runs at tiny sizes and reports every figure.

No timing is asserted here: the targets are held by `python -m lcsim.bench`, not by tests.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_model as bench  # noqa: E402 - the benchmark lives outside the package


def test_benchmark_runs_and_reports_every_figure(tmp_path):
    tiny_study = tmp_path / "tiny.toml"
    tiny_study.write_text(
        'name = "tiny"\nquestion = "How fast?"\nreplications = 2\nroot_seed = 1\n'
        '[base]\nn_participants = 10\nfunding_years = 0.2\nweeks_after_funding = 2\n'
        '[design]\nkind = "scenarios"\n[[design.scenarios]]\nname = "default"\n'
        'params = {}\n')
    result = bench.run_benchmark(
        sizes=(10, 20), steps=2, repeats=1,
        memory_params={"n_participants": 20, "funding_years": 1.0, "weeks_after_funding": 4},
        memory_weeks=3, traced_memory=False, sweep_runs=2,
        sweep_params={"n_participants": 10, "funding_years": 0.2, "weeks_after_funding": 2},
        executors=("local",), workers=(1, 2), sweep_modes=("end_to_end",),
        region_shapes=((2, 10),), default_run_seeds=1, study_config=tiny_study,
        region_memory_params={"n_communities": 2, "n_participants": 10, "funding_years": 1.0,
                              "weeks_after_funding": 4},
        log=lambda *_: None)

    assert [r["n"] for r in result["sizes"]] == [10, 20]
    for row in result["sizes"]:
        for model in ("lcsim", "boltzmann"):
            assert row[model]["per_agent_step_cpu"] > 0
            assert row[model]["build_wall"] > 0
        assert row["ratio"] > 0
    assert result["growth"][0]["lcsim"] > 0
    region = result["regions"][0]
    assert (region["communities"], region["n"]) == (2, 20)
    assert region["lcsim"]["per_agent_step_cpu"] > 0 and region["ratio"] > 0
    assert "region of 2 communities x 10" in bench.format_report(result)
    assert result["memory"]["peak_rss_gib"] > 0
    assert result["memory"]["plain"]["weeks"] == 3
    assert result["region_memory"]["peak_rss_gib"] > 0
    assert result["region_memory"]["plain"]["weeks"] == 3
    local = result["sweeps"]["end_to_end"]["local"]
    assert local["1"]["runs_per_s"] > 0 and local["2"]["runs_per_s"] > 0
    assert local["efficiency"] > 0
    assert result["default_run"]["cpu_s_median"] > 0
    for workers in ("1", "2"):
        assert result["study"][workers]["runs"] == 2
        assert result["study"][workers]["runs_per_s"] > 0
    report = bench.format_report(result)
    assert "One default run" in report and "Study throughput" in report
    statuses = {c["status"] for c in result["checks"]}
    assert statuses <= {"PASS", "MISS"}
    assert "Targets (issue 10" in report
    json.dumps(result)  # JSON-ready
