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


def test_run_prints_the_same_numbers_as_the_model_with_labels_and_units(capsys):
    from lcsim import outputs

    assert main([*RUN, "--quiet"]) == 0
    out = capsys.readouterr().out
    summary = LearningCommunityModel(rng=1, funding_years=1.0, weeks_after_funding=10).run() \
        .summary()
    lines = {line.split()[-1]: line for line in out.splitlines() if line.startswith("  ")}
    assert set(lines) == set(summary)
    for key, value in summary.items():
        meta = outputs.output(key, one_run=True)
        label, rest = lines[key].strip().split("  ", 1)
        assert label == meta.label
        assert rest.split()[0] == outputs.value_text(key, value).split()[0]
        assert meta.unit in rest
    assert outputs.value_text("paid_hours", 25957.24) == "25,957"
    assert outputs.value_text("survived", 1.0) == "yes"
    assert outputs.value_text("stranded_share", 0.255) == "26%"
    assert outputs.value_text("phase", 2.0) == "execute"
    assert outputs.value_text("realized_value", 10.0134) == "10.013"



def test_run_opens_with_the_funding_plan_and_the_outputs_a_policymaker_asks_first(capsys):
    assert main(["run", "--seed", "2", "--quiet", "--set", "funding_years=1",
                 "follow_up_years=1", "weeks_after_funding=10"]) == 0
    out = capsys.readouterr().out
    head, rest = out.split("\nEvery output:\n")
    assert ("1 year of external funding paying 70% of members' time + 1 year of follow-up "
            "funding paying 40% of members' time + 10 weeks after all funding ends") in head
    shown = [line.split()[-1] for line in head.splitlines() if line.startswith("  ")]
    assert shown == ["survived", "products_in_use", "care_organisations_using",
                     "schools_using", "products_lasting", "paid_hours", "realized_value"]
    assert "Note: the run ended 10 weeks after all funding ended" in head
    assert "'products in use two years after all funding ends'" in head
    assert "products_lasting" in rest


def test_the_run_header_says_the_level_of_follow_up_funding_as_set(capsys):
    assert main(["run", "--seed", "2", "--quiet", "--set", "funding_years=1",
                 "follow_up_years=1", "follow_up_coverage=0.2", "weeks_after_funding=1"]) == 0
    assert "1 year of follow-up funding paying 20% of members' time" in capsys.readouterr().out


def test_params_says_the_observation_window_starts_when_all_funding_ends(capsys):
    assert main(["params"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines()
                if row.startswith("weeks_after_funding"))
    assert "after all funding (external and follow-up) ends" in line


@pytest.mark.parametrize("argv, named", [
    (["run", "--seed", "abc"], "lcsim run: argument --seed: invalid int value: 'abc'"),
    (["bogus"], "lcsim: argument command: invalid choice: 'bogus'"),
    (["run", "--set", "follow_up_years=2,5"], "write decimals with a point "
                                               "(follow_up_years=2.5)"),
])
def test_a_mistyped_command_line_is_one_line_that_says_what_to_write(capsys, argv, named):
    try:
        code = main(argv)
    except SystemExit as exit_info:
        code = exit_info.code
    assert code == 2
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1 and "usage:" not in err

def test_run_without_quiet_tells_what_happened(capsys):
    assert main(RUN) == 0
    out = capsys.readouterr().out
    assert "What happened" in out
    assert "funding ends" in out


def test_run_json_is_valid_json_with_summary_and_events(capsys):
    assert main([*RUN, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"seed", "params", "assumptions_changed", "summary", "units", "events"}
    assert data["seed"] == 1 and data["params"]["funding_years"] == 1.0
    assert data["units"]["paid_hours"] == "hours"
    for key in REQUIRED:
        assert isinstance(data["summary"][key], float)
    assert data["events"], "a year-long run has at least the end of funding to tell"
    for event in data["events"]:
        assert set(event) == {"week", "kind", "who", "text", "community"}
        assert event["community"] == 0  # one community
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


# --------------------------------------------------------------------------- option ranges
@pytest.mark.parametrize("argv, option, allowed", [
    (["experiment", "study.toml", "--workers", "0"], "--workers", "at least 1; got 0"),
    (["experiment", "study.toml", "--workers", "-3"], "--workers", "at least 1; got -3"),
    (["experiment", "study.toml", "--replications", "0"], "--replications",
     "at least 1; got 0"),
    (["run", "--seed", "-1"], "--seed", f"from 0 to {2**63 - 1} (2**63 - 1); got -1"),
    (["run", "--seed", str(2**63)], "--seed", f"got {2**63}"),
    (["dashboard", "--port", "0"], "--port", "from 1 to 65535; got 0"),
])
def test_option_values_out_of_range_exit_2_with_one_line(capsys, argv, option, allowed):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option} must be a whole number ")
    assert allowed in err
    assert err.count("\n") == 1


def test_the_largest_seed_runs(capsys):
    assert main(["run", "--seed", str(2**63 - 1), "--set", "funding_years=0.2",
                 "weeks_after_funding=0", "--quiet"]) == 0
    assert f"seed {2**63 - 1}" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--set", "funding_years=1", "funding_years=2"],
    ["--set", "funding_years=1", "--set", "funding_years=2"],
])
def test_a_parameter_set_twice_exits_2_naming_it(capsys, argv):
    assert main(["run", *argv, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err == "error: --set gives funding_years twice (1 and 2); give each parameter once\n"


def test_several_set_options_add_up(capsys):
    main([*RUN, "--json"])
    together = capsys.readouterr().out
    main(["run", "--seed", "1", "--set", "funding_years=1", "--set", "weeks_after_funding=10",
          "--json"])
    assert capsys.readouterr().out == together


# --------------------------------------------------------------------------- pipes
@pytest.mark.parametrize("command", [["params"], [*RUN], [*RUN, "--json"]])
def test_a_reader_that_leaves_early_gets_no_traceback(command):
    # The read end closes before lcsim writes a byte (Python takes a while to start), so
    # the first write meets a closed pipe: `lcsim ... | head -0`, deterministically.
    proc = subprocess.Popen([sys.executable, "-m", "lcsim", *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""


# --------------------------------------------------------------------------- experiment, dashboard
def test_experiment_quiet_turns_the_progress_display_off(monkeypatch):
    seen = {}

    def fake_command_experiment(**kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr("lcsim.experiments.command_experiment", fake_command_experiment)
    assert main(["experiment", "study.toml", "--quiet"]) == 0
    assert seen["quiet"] is True
    assert main(["experiment", "study.toml"]) == 0
    assert seen["quiet"] is False


@pytest.mark.parametrize("host, warned", [
    ("0.0.0.0", True), ("192.168.1.20", True), ("::", True), ("classroom.example", True),
    ("127.0.0.1", False), ("127.0.0.2", False), ("localhost", False), ("::1", False),
])
def test_dashboard_warns_when_it_listens_beyond_this_computer(monkeypatch, capsys, host,
                                                              warned):
    started = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, env: started.append(cmd) or 0)
    assert main(["dashboard", "--host", host]) == 0
    assert started and started[0][started[0].index("--host") + 1] == host
    err = capsys.readouterr().err
    assert ("reachable from the network" in err) is warned
    if warned:
        assert err.startswith(f"warning: --host {host} ") and err.count("\n") == 1


def test_a_table_assumption_can_be_set_as_it_is_printed(capsys):
    from lcsim import Assumptions

    assert main(["run", "--seed", "1", "--json", "--set", "funding_years=0.2",
                 "weeks_after_funding=2", "role_mix=0.2,0.15,0.3,0.2,0.15",
                 "org_room=0.6,0.8/0.4,0.6/0.35,0.8/0.9,1"]) == 0
    changed = json.loads(capsys.readouterr().out)["assumptions_changed"]
    assert changed["role_mix"] == [0.2, 0.15, 0.3, 0.2, 0.15]
    assert Assumptions.from_dict(changed).org_room[2] == (0.35, 0.8)


def test_a_malformed_table_gets_one_line_showing_how_to_write_it(capsys):
    assert main(["run", "--set", "role_mix=a,b"]) == 2
    err = capsys.readouterr().err
    assert "e.g. role_mix=0.15,0.15,0.3,0.25,0.15" in err and err.count("\n") == 1


def test_the_dashboard_listens_on_localhost_by_default(monkeypatch, capsys):
    started = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, env: started.append(cmd) or 0)
    assert main(["dashboard"]) == 0
    assert started[0][started[0].index("--host") + 1] == "localhost"
    assert capsys.readouterr().err == ""


def test_a_region_run_replays_from_the_command_line(capsys):
    from lcsim import RegionModel

    settings = ["n_communities=2", "funding_years=0.3", "weeks_after_funding=3"]
    assert main(["run", "--json", "--seed", "5", "--set", *settings]) == 0
    printed = json.loads(capsys.readouterr().out)
    region = RegionModel(n_communities=2, funding_years=0.3, weeks_after_funding=3,
                         rng=5).run()
    assert printed["summary"] == region.summary()
    assert printed["events"] and printed["events"][0]["text"].startswith("[community ")


@pytest.mark.parametrize("after", ["104", "3"])
def test_a_region_run_prints_its_summary_and_story_without_a_traceback(capsys, after):
    """A region keeps one count of lasting products per community; `lcsim run` printed a
    traceback for any region. With 3 weeks after funding, none is counted yet: the note
    says so."""
    assert main(["run", "--seed", "1", "--set", "n_communities=3", "funding_years=0.3",
                 f"weeks_after_funding={after}"]) == 0
    out = capsys.readouterr().out
    assert "In short:" in out and "Every output:" in out and "What happened:" in out
    assert "[community " in out.split("What happened:")[1]
    assert ("could be counted" in out) == (after == "3")


def test_a_region_run_says_which_outputs_are_totals_and_which_averages(capsys):
    assert main(["run", "--seed", "1", "--quiet", "--set", "n_communities=2",
                 "funding_years=0.3", "weeks_after_funding=3"]) == 0
    rows = capsys.readouterr().out.splitlines()

    def row(name):
        return next(r for r in rows if f"  {name}  " in r + "  ")
    assert row("paid_hours").endswith("total over the region's communities")
    assert row("realized_value").endswith("total over the region's communities")
    assert row("mean_trust").endswith("average over the region's communities")
    assert "whose communities share them" in row("care_organisations_using")


def test_region_run_json_says_how_each_output_is_made_from_the_communities(capsys):
    assert main(["run", "--json", "--seed", "1", "--set", "n_communities=2",
                 "funding_years=0.3", "weeks_after_funding=3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed["region_pooling"]) == set(printed["summary"])
    assert printed["region_pooling"]["paid_hours"].startswith("total")
    assert printed["region_pooling"]["mean_trust"].startswith("average")


def test_a_runs_story_says_which_assumptions_it_was_run_under(capsys):
    settings = ["funding_years=1", "weeks_after_funding=4", "learning_rate=0.02"]
    assert main(["run", "--seed", "1", "--set", *settings]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ("Assumptions changed from their defaults: learning_rate = 0.02 "
                        "(default 0.05, share of the gap)")
    assert main(["run", "--seed", "1", "--set", *settings[:2]]) == 0
    assert "Assumptions changed" not in capsys.readouterr().out
