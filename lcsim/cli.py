"""Command line: `lcsim params | run | experiment | report | dashboard`.

Thin by design: every command calls the public API and formats its answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from lcsim.params import ParameterError, Params, params_markdown, params_table


def _parse_settings(pairs: Sequence[str]) -> dict[str, object]:
    """Turn ['funding_years=2', 'bb_team=true'] into typed values (validated by Params)."""
    values: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise ParameterError(f"--set expects name=value, got {pair!r}")
        try:
            values[name] = json.loads(raw.lower() if raw.lower() in ("true", "false") else raw)
        except json.JSONDecodeError:
            values[name] = raw
    return values


def command_params(args: argparse.Namespace) -> int:
    print(params_markdown() if args.markdown else params_table())
    return 0


def command_run(args: argparse.Namespace) -> int:
    from lcsim.model import LearningCommunityModel

    params = Params.from_dict(_parse_settings(args.set), where="--set")
    model = LearningCommunityModel(params, rng=args.seed).run()
    summary = model.summary()
    if args.json:
        print(json.dumps({"summary": summary, "events": model.events.records()}, indent=2))
        return 0
    print(f"lcsim run: seed {args.seed}, {model.steps} weeks "
          f"({params.funding_years:g} years funded + {params.weeks_after_funding} weeks after)")
    width = max(len(k) for k in summary)
    for key, val in summary.items():
        print(f"  {key:<{width}}  {val:.3f}")
    if not args.quiet:
        print("\nWhat happened:")
        for event in model.events:
            print(f"  {event}")
    return 0


def command_experiment(args: argparse.Namespace) -> int:
    from lcsim.experiments import command_experiment as run

    return run(config=args.config, out=args.out, executor=args.executor, workers=args.workers,
               scheduler=args.scheduler, replications=args.replications, force=args.force)


def command_report(args: argparse.Namespace) -> int:
    from lcsim.experiments import command_report as report

    return report(args.directory)


def command_dashboard(args: argparse.Namespace) -> int:
    import os
    import subprocess
    from pathlib import Path

    app = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
    if not app.exists():
        print(f"error: dashboard app not found at {app}", file=sys.stderr)
        return 2
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}
    cmd = [sys.executable, "-m", "solara", "run", str(app), "--host", args.host,
           "--port", str(args.port), "--no-open", "--production"]
    return subprocess.call(cmd, env=env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lcsim", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("params", help="list every parameter with unit, range, default, source")
    p.add_argument("--markdown", action="store_true", help="as a Markdown table")
    p.set_defaults(func=command_params)

    p = sub.add_parser("run", help="run one community and print its summary and event log")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                   help="override parameters, e.g. --set funding_years=2 n_bridge_builders=0")
    p.add_argument("--json", action="store_true", help="print summary and events as JSON")
    p.add_argument("--quiet", action="store_true", help="summary only, no event log")
    p.set_defaults(func=command_run)

    p = sub.add_parser("experiment", help="run a study from a TOML config")
    p.add_argument("config")
    p.add_argument("--out", default=None, help="output directory (default results/<name>)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--scheduler", default=None, help="address of a running Dask scheduler")
    p.add_argument("--replications", type=int, default=None)
    p.add_argument("--force", action="store_true", help="discard stored runs and start over")
    p.set_defaults(func=command_experiment)

    p = sub.add_parser("report", help="re-render report.html from stored results")
    p.add_argument("directory")
    p.set_defaults(func=command_report)

    p = sub.add_parser("dashboard", help="start the classroom dashboard")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.set_defaults(func=command_dashboard)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ParameterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
