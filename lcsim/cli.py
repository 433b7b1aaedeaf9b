"""Command line: `lcsim params | run | experiment | robustness | report | dashboard`
(`lcsim params --assumptions` and `--outputs` list the assumptions and the outputs).

Thin by design: every command calls the public API and formats its answer. Mistakes in
the options give one line on stderr and exit code 2; output cut short by a closed pipe
(`lcsim run | head -2`) ends quietly with exit code 141, as a shell reports SIGPIPE.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

import numpy as np

from lcsim import outputs
from lcsim.assumptions import (
    Assumptions,
    assumptions_markdown,
    assumptions_table,
    split_settings,
)
from lcsim.experiments.design import value_text
from lcsim.experiments.levels import MAX_SEED, factor_specs
from lcsim.params import (
    ParameterError,
    Params,
    Spec,
    params_markdown,
    params_table,
    table_text,
)

EXIT_USAGE = 2
EXIT_MACHINE = 3  # the machine could not take the output (a full disk)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports for `... | head`
LOOPBACK_NAMES = ("localhost",)
# What a policymaker asks of one run first: still going, products in use, reach, hours.
IN_SHORT = ("survived", "products_in_use", "care_organisations_using", "schools_using",
            "products_lasting", "paid_hours", "realized_value")
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")  # 2,5: a decimal written the Dutch way


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one line (no usage block), naming the command
    and where to read its options."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {self.prog}: {message} (see `{self.prog} --help`)\n")



class UsageError(ValueError):
    """A command-line value outside what the option allows; the message names both."""


def _parse_settings(pairs: Sequence[str]) -> dict[str, object]:
    """Turn ['funding_years=2', 'bb_team=true'] into typed values (validated by Params).

    Raises ParameterError for a pair without '=' and for a name given twice (which value
    was meant is not for us to guess).
    """
    values: dict[str, object] = {}
    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise ParameterError(f"--set expects name=value, got {pair!r}")
        table = _is_table(name)
        if DECIMAL_COMMA.fullmatch(raw) and not table:
            raise ParameterError(f"--set {pair}: write decimals with a point "
                                 f"({name}={raw.replace(',', '.')})")
        if name in given:
            raise ParameterError(f"--set gives {name} twice ({given[name]} and {raw}); "
                                 "give each parameter once")
        given[name] = raw
        try:
            values[name] = json.loads(raw.lower() if raw.lower() in ("true", "false") else raw)
        except json.JSONDecodeError:
            values[name] = _table_text(raw) if table else raw
    return values


def _setting_spec(name: str) -> Spec | None:
    """The spec of a parameter or assumption called `name`, or None."""
    found = factor_specs(name)
    return found[0] if found else None


def _is_table(name: str) -> bool:
    """Whether `name` is a parameter or assumption whose value is a table of numbers."""
    spec = _setting_spec(name)
    return spec is not None and spec.kind is tuple


def _table_text(raw: str) -> object:
    """A table as `lcsim params --assumptions` prints it, numbers between commas and rows
    between slashes ('0.6, 0.8 / 0.4, 0.6'), as nested lists; `raw` itself if it is not
    one, so the table's own check names what is wrong."""
    try:
        rows = [[float(x) for x in row.split(",")] for row in raw.split("/")]
    except ValueError:
        return raw
    return rows if len(rows) > 1 else rows[0]


def _check_options(args: argparse.Namespace) -> None:
    """Refuse option values outside their range (argparse checks only their type)."""
    for option, low, high in (("seed", 0, MAX_SEED), ("workers", 1, None),
                              ("replications", 1, None), ("port", 1, 65535)):
        value = getattr(args, option, None)
        if value is None or (value >= low and (high is None or value <= high)):
            continue
        allowed = f"a whole number from {low} to {high}" if high is not None else \
            f"a whole number of at least {low}"
        if high == MAX_SEED:
            allowed += " (2**63 - 1)"
        raise UsageError(f"--{option} must be {allowed}; got {value}")


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this computer (127.0.0.1, ::1, localhost)."""
    import ipaddress

    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: reachable from wherever it resolves
        return False


def command_params(args: argparse.Namespace) -> int:
    if args.outputs:
        print(outputs_markdown() if args.markdown else outputs_table())
    elif args.assumptions:
        print(assumptions_markdown() if args.markdown else assumptions_table())
    else:
        print(params_markdown() if args.markdown else params_table())
    return 0


def _output_rows() -> list[tuple[str, str, str, str, str, str]]:
    """Each model output: name, plain label, unit, kind, meaning, and where it may be kept
    (a study's `outputs` and `series` take the same names; some only regions report)."""
    from lcsim.experiments.measures import REGION_SIZE, region_only_names

    region = region_only_names()
    return [(o.name, o.label, o.unit, o.kind, o.meaning,
             f"regions only: {REGION_SIZE} above 1" if o.name in region else "")
            for o in outputs.OUTPUTS.values()]


def outputs_table() -> str:
    """A plain-text table of every model output (what a study's `outputs` and `series`
    may name): name, plain label, unit and kind in aligned columns, then the meaning."""
    rows = [("name", "label", "unit", "kind", "meaning", ""), *_output_rows()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        lines.append(f"{head}  {row[4]}" + (f"  [{row[5]}]" if row[5] else ""))
    return "\n".join(lines)


def outputs_markdown() -> str:
    """The output table as Markdown: name, label, unit, kind, meaning."""
    lines = ["| name | label | unit | kind | meaning |", "|---|---|---|---|---|"]
    for name, label, unit, kind, meaning, where in _output_rows():
        note = f" ({where})" if where else ""
        lines.append(f"| `{name}` | {label} | {unit} | {kind} | {meaning}{note} |")
    return "\n".join(lines)


def _assumptions_changed_line(values: dict[str, object]) -> str:
    """"Assumptions changed from their defaults: learning_rate = 0.02 (default 0.05,
    share of the gap)", so a run's story says what it was run under."""
    changed = []
    for name, value in values.items():
        spec = Assumptions.spec(name)
        shown = table_text(value) if spec.kind is tuple else value_text(value)
        changed.append(f"{name} = {shown} (default {spec.default_text}, {spec.unit})")
    return "Assumptions changed from their defaults: " + "; ".join(changed)


def command_run(args: argparse.Namespace) -> int:
    from lcsim.ecosystem import build_model

    params, assumptions, assumption_values = _run_settings(args.set)
    model = build_model(params, rng=args.seed, assumptions=assumptions).run()
    summary = model.summary()
    region = params.n_communities > 1
    if args.json:
        print(json.dumps({"seed": args.seed, "params": params.to_dict(),
                          "assumptions_changed": assumption_values, "summary": summary,
                          "units": {k: outputs.OUTPUTS[k].unit for k in summary
                                    if k in outputs.OUTPUTS},
                          **({"region_pooling": {k: outputs.region_pooling_words(k)
                                                 for k in summary}} if region else {}),
                          "events": model.events.records()}, indent=2))
        return 0
    follow_up = (f" + {_years(params.follow_up_years)} of follow-up funding paying "
                 f"{_percent(params.follow_up_coverage)} of members' time"
                 if params.follow_up_years else "")
    print(f"lcsim run: seed {args.seed}, {model.steps} weeks ({_years(params.funding_years)} "
          f"of external funding paying {_percent(params.external_coverage)} of members' time"
          f"{follow_up} + {params.weeks_after_funding} weeks after all funding ends)")
    if assumption_values:
        print(_assumptions_changed_line(assumption_values))
    print("\nIn short:")
    _print_outputs({k: summary[k] for k in IN_SHORT if k in summary}, region)
    uncounted = int(np.count_nonzero(np.asarray(model.lasting_products) < 0))
    if uncounted:  # one number for one community, one per community for a region
        which = (f"{uncounted} of the region's {params.n_communities} communities' "
                 if region and uncounted < params.n_communities else "")
        print(f"Note: the run ended {params.weeks_after_funding} weeks after all funding ended, "
              f"before {which}products in use {model.assumptions.lasting_check_weeks} weeks "
              "after funding ended could be counted, so 'products in use two years after all "
              "funding ends' counts those in use at the end.")
    print("\nEvery output:")
    _print_outputs(summary, region)
    print(_measured_note(summary, model.steps))
    if not args.quiet:
        print("\nWhat happened:")
        for event in model.events:
            print(f"  {event}")
    return 0


def _run_settings(pairs: Sequence[str]) -> tuple[Params, Assumptions, dict[str, object]]:
    """The parameters and assumptions `--set` gives (and the assumptions as given), or a
    one-line ParameterError: an unknown name with its closest match, a bad value with its
    range, a malformed table with how to write one."""
    param_values, assumption_values = split_settings(_parse_settings(pairs))
    for name in param_values:
        if name not in Params.names():
            close = difflib.get_close_matches(name, [*Params.names(), *Assumptions.names()], 1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ParameterError(f"--set: {name!r} is neither a parameter nor an assumption"
                                 f"{hint}; `lcsim params` and `lcsim params --assumptions` "
                                 "list them")
    try:
        return (Params.from_dict(param_values, where="--set"),
                Assumptions.from_dict(assumption_values, where="--set"), assumption_values)
    except ParameterError as err:
        tables = [n for n in (*param_values, *assumption_values)
                  if _is_table(n) and f"'{n}'" in str(err)]
        if not tables:
            raise
        example = _setting_spec(tables[0]).default_text.replace(" ", "")
        raise ParameterError(f"{err}; write a table as numbers between commas, rows between "
                             f"slashes, e.g. {tables[0]}={example}") from None


def _years(years: float) -> str:
    return f"{years:g} year{'s' * (years != 1)}"


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _measured_note(values: dict[str, float], weeks: int) -> str:
    """When the numbers above are measured: in the run's last week (a total from the start
    where an output adds up), except the outputs measured at another time
    (`lcsim.outputs.Output.when`), each named with its time unless its name says it."""
    others = [f"{o.label}, {o.when}" for o in map(outputs.OUTPUTS.get, values)
              if o is not None and o.when_words("")]
    return (f"Measured in week {weeks}, the last (totals from the start of the run)"
            + (", except: " + "; ".join(others) if others else "") + ".")


def _print_outputs(values: dict[str, float], region: bool = False) -> None:
    """One run's outputs as aligned rows: plain label, value, unit, output name (as a
    region of several communities reports them when `region`, else as one community)."""
    meta = {key: outputs.describe(key, region=region, one_run=True) for key in values}
    rows = [(meta[key].label, outputs.value_text(key, val, region=region), meta[key].unit,
             key, outputs.region_pooling_words(key) if region else "")
            for key, val in values.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for label, text, unit, key, how in rows:
        line = f"  {label:<{widths[0]}}  {text:>{widths[1]}}  {unit:<{widths[2]}}  {key}"
        print(f"{line:<{widths[3] + len(line) - len(key)}}  {how}".rstrip() if how else line)


def command_experiment(args: argparse.Namespace) -> int:
    from lcsim.experiments import command_experiment as run

    return run(config=args.config, out=args.out, executor=args.executor, workers=args.workers,
               scheduler=args.scheduler, replications=args.replications, force=args.force,
               quiet=args.quiet)


def command_robustness(args: argparse.Namespace) -> int:
    from lcsim.experiments.commands import command_robustness as run

    return run(config=args.config, out=args.out, samples=args.samples,
               replications=args.replications, ensemble=args.assumptions_ensemble,
               executor=args.executor, workers=args.workers, scheduler=args.scheduler,
               force=args.force, quiet=args.quiet)


def command_report(args: argparse.Namespace) -> int:
    from lcsim.experiments import command_report as report

    return report(args.directory, quiet=args.quiet)


def command_dashboard(args: argparse.Namespace) -> int:
    import subprocess
    from pathlib import Path

    app = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
    if not app.exists():
        print(f"error: dashboard app not found at {app}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(f"warning: --host {args.host} makes the dashboard reachable from the network: "
              f"anyone who can reach this computer on port {args.port} can open it and run "
              "and change the class's models; leave out --host to keep it on this computer",
              file=sys.stderr)
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    cmd = [sys.executable, "-m", "solara", "run", str(app), "--host", args.host,
           "--port", str(args.port), "--no-open", "--production"]
    return subprocess.call(cmd, env=env)


def _add_params_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim params`: the parameter (or assumption) table."""
    p = sub.add_parser("params", help="list every parameter with unit, range, default, source")
    p.add_argument("--markdown", action="store_true", help="as a Markdown table")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--assumptions", action="store_true",
                       help="list the modeller's assumptions (the rules' constants) instead")
    which.add_argument("--outputs", action="store_true",
                       help="list the model's outputs instead: the names a study's "
                            "outputs and series take, with label, unit, kind and meaning")
    p.set_defaults(func=command_params)


def _add_run_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim run`: one community, its summary and event log."""
    p = sub.add_parser("run", help="run one community and print its summary and event log")
    p.add_argument("--seed", type=int, default=42,
                   help=f"random seed, a whole number from 0 to {MAX_SEED} (2**63 - 1); "
                        "the seed column of an experiment's runs.parquet reproduces that run "
                        "(default 42)")
    p.add_argument("--set", nargs="*", action="extend", default=[], metavar="NAME=VALUE",
                   help="override parameters or assumptions, e.g. --set funding_years=2 "
                        "n_bridge_builders=0 learning_rate=0.08")
    p.add_argument("--json", action="store_true", help="print summary and events as JSON")
    p.add_argument("--quiet", action="store_true", help="summary only, no event log")
    p.set_defaults(func=command_run)


def _add_experiment_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim experiment`: a study from a TOML config."""
    p = sub.add_parser("experiment", help="run a study from a TOML config")
    p.add_argument("config")
    p.add_argument("--out", default=None, help="output directory (default results/<name>)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes, at least 1 (default: every CPU)")
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler")
    p.add_argument("--replications", type=int, default=None,
                   help="replications per design point, at least 1 (default: the config's)")
    p.add_argument("--force", action="store_true", help="discard stored runs and start over")
    p.add_argument("--quiet", action="store_true",
                   help="no progress display, nor the lines on stderr that say when the "
                        "report is being written and when it is done (TQDM_DISABLE=1 does "
                        "the same)")
    p.set_defaults(func=command_experiment)


def _add_robustness_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim robustness`: a study under many plausible sets of assumptions."""
    p = sub.add_parser("robustness", help="run a study under many plausible sets of "
                       "assumptions and say which findings hold (robustness.html)")
    p.add_argument("config")
    p.add_argument("--samples", type=int, default=None,
                   help="assumption sets to draw, at least 1 (default: the config's)")
    p.add_argument("--replications", type=int, default=None,
                   help="replications per design point, at least 1 (default: the config's)")
    p.add_argument("--assumptions-ensemble", default=None, metavar="FILE",
                   help="run over the sets of this file (e.g. accepted_assumptions.parquet) "
                        "instead of drawing them")
    p.add_argument("--out", default=None,
                   help="output directory (default results/<name>_robustness)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes, at least 1 (default: every CPU)")
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler")
    p.add_argument("--force", action="store_true", help="discard stored runs and start over")
    p.add_argument("--quiet", action="store_true",
                   help="no progress display, nor the lines on stderr about writing "
                        "robustness.html (TQDM_DISABLE=1 does the same)")
    p.set_defaults(func=command_robustness)


def _add_report_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim report`: re-render a stored study's report."""
    p = sub.add_parser("report", help="re-render report.html from stored results")
    p.add_argument("directory")
    p.add_argument("--quiet", action="store_true",
                   help="no lines on stderr saying when the report is being written and "
                        "when it is done (TQDM_DISABLE=1 does the same)")
    p.set_defaults(func=command_report)


def _add_dashboard_command(sub: argparse._SubParsersAction) -> None:
    """Add `lcsim dashboard`: the classroom dashboard."""
    p = sub.add_parser("dashboard", help="start the classroom dashboard")
    # localhost, not 127.0.0.1: Solara warns about its session cookie on every page served
    # to any other name over http; both reach only this computer.
    p.add_argument("--host", default="localhost",
                   help="address to listen on (default localhost: this computer only)")
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(func=command_dashboard)


def build_parser() -> argparse.ArgumentParser:
    """The `lcsim` argument parser with one subcommand per public entry point."""
    parser = OneLineParser(prog="lcsim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_params_command(sub)
    _add_run_command(sub)
    _add_experiment_command(sub)
    _add_robustness_command(sub)
    _add_report_command(sub)
    _add_dashboard_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (2 for a mistake in the options)."""
    args = build_parser().parse_args(argv)
    try:
        _check_options(args)
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except (ParameterError, UsageError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader left (`lcsim run | head -2`): what it wanted is written. Point stdout
        # at devnull so Python's own flush at exit does not fail again (the recipe in the
        # Python docs, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as err:
        if err.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
            raise
        # stdout (or a file the command writes) cannot take more: say so, once.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        print(f"error: cannot write the output ({err.strerror})", file=sys.stderr)
        return EXIT_MACHINE


if __name__ == "__main__":
    sys.exit(main())
