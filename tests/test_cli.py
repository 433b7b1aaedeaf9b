"""The command line: `lcsim run` prints a summary or JSON; bad settings exit 2 with a message."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lcsim import LearningCommunityModel
from lcsim.cli import main

RUN = ["run", "--seed", "1", "--set", "funding_years=1", "weeks_after_funding=10"]
REQUIRED = ("realized_value", "applied_value", "potential_value", "stranded_potential_value",
            "mean_trust", "survived", "products_developed", "mbo_participation",
            "time_and_continuity")


def test_run_quiet_prints_the_summary_only(capsys):
    assert main([*RUN, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "seed 1" in out
    for key in REQUIRED:
        assert key in out
    assert "What happened" not in out


def test_run_prints_the_same_numbers_as_the_model(capsys):
    assert main([*RUN, "--quiet"]) == 0
    out = capsys.readouterr().out
    summary = LearningCommunityModel(rng=1, funding_years=1.0, weeks_after_funding=10).run() \
        .summary()
    printed = {line.split()[0]: float(line.split()[1]) for line in out.splitlines()
               if line.startswith("  ") and len(line.split()) == 2}
    assert set(printed) == set(summary)
    for key, value in summary.items():
        assert printed[key] == pytest.approx(value, abs=5e-4)


def test_run_without_quiet_tells_what_happened(capsys):
    assert main(RUN) == 0
    out = capsys.readouterr().out
    assert "What happened" in out
    assert "funding ends" in out


def test_run_json_is_valid_json_with_summary_and_events(capsys):
    assert main([*RUN, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"summary", "events"}
    for key in REQUIRED:
        assert isinstance(data["summary"][key], float)
    assert data["events"], "a year-long run has at least the end of funding to tell"
    for event in data["events"]:
        assert set(event) == {"week", "kind", "who", "text"}
    assert any(e["kind"] == "funding ends" for e in data["events"])


def test_run_json_is_deterministic_for_a_seed(capsys):
    main([*RUN, "--json"])
    first = capsys.readouterr().out
    main([*RUN, "--json"])
    assert capsys.readouterr().out == first


@pytest.mark.parametrize("setting,named,allowed", [
    ("funding_years=99", "funding_years", "[0, 15]"),
    ("stereotype_strength=-0.1", "stereotype_strength", "[0, 1]"),
    ("n_bridge_builders=1.5", "n_bridge_builders", "[0, 50]"),
    ("turnover_rate=lots", "turnover_rate", "[0, 0.8]"),
])
def test_bad_set_value_exits_2_naming_parameter_and_range(capsys, setting, named, allowed):
    assert main(["run", "--seed", "1", "--set", setting, "--quiet"]) == 2
    captured = capsys.readouterr()
    assert named in captured.err
    assert allowed in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_unknown_set_name_exits_2_naming_it(capsys):
    assert main(["run", "--set", "fundng_years=1", "--quiet"]) == 2
    assert "fundng_years" in capsys.readouterr().err


def test_set_without_equals_sign_exits_2(capsys):
    assert main(["run", "--set", "funding_years", "--quiet"]) == 2
    assert "funding_years" in capsys.readouterr().err


def test_bad_set_value_from_the_shell_gives_a_message_not_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "lcsim", "run", "--set", "funding_years=99", "--quiet"],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "funding_years" in done.stderr and "[0, 15]" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
