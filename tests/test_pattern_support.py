"""The shared replications of pattern_support: a run made for one test is handed to another
only where it is the same run (same parameters, seed and intervention)."""

from __future__ import annotations

import pandas as pd
from pattern_support import Intervention, replicate, run_one, seeds

SHORT = {"funding_years": 1.0, "weeks_after_funding": 10}


def _same_run(a: dict, b: dict) -> None:
    assert a["summary"] == b["summary"]
    pd.testing.assert_frame_equal(a["series"], b["series"], check_exact=True)
    assert a["products"] == b["products"]


def test_a_shared_run_is_the_run_a_fresh_process_makes_for_its_parameters_and_seed():
    shared = replicate(SHORT, n=2)
    for seed, run in zip(seeds(2), shared, strict=True):
        _same_run(run, run_one((SHORT, seed, None, None)))


def test_a_run_stopped_early_is_the_start_of_the_whole_run_and_is_kept_apart():
    whole = replicate(SHORT, n=1)[0]
    start = replicate(SHORT, n=1, weeks=10)[0]
    assert len(start["series"]) == 11 and start is not whole
    assert start["series"].equals(whole["series"].iloc[:11])


def test_equal_parameters_written_differently_share_runs_and_fewer_seeds_are_a_prefix():
    spelled_out = replicate({**SHORT, "participation_policy": 0.0}, n=3)  # 0.0 is the default
    assert replicate(SHORT, n=2) == spelled_out[:2]
    assert all(a is b for a, b in zip(replicate(SHORT, n=2), spelled_out, strict=False))


def test_other_parameters_or_an_intervention_are_other_runs():
    plain = replicate(SHORT, n=2)
    other = replicate({**SHORT, "stereotype_strength": 0.9}, n=2)
    leaves = replicate(SHORT, Intervention(20, "member_leaves"), n=2)
    for a, b, c in zip(plain, other, leaves, strict=True):
        assert a["summary"] != b["summary"] and a["summary"] != c["summary"]
