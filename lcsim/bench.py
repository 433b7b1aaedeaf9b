"""`python -m lcsim.bench`: the model benchmark, kept in benchmarks/bench_model.py outside
the installed package (see that file and docs/PERFORMANCE.md for what it measures)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def main(argv: list[str] | None = None) -> int:
    """Run benchmarks/bench_model.py; exit 2 with one line where it is not present (an
    installed copy of lcsim without the repository)."""
    if not (BENCHMARKS / "bench_model.py").exists():
        print(f"error: the benchmark needs the lcsim repository: {BENCHMARKS / 'bench_model.py'}"
              " not found", file=sys.stderr)
        return 2
    # Worker processes (spawned pools, Dask) import the benchmark's functions by module name.
    sys.path.insert(0, str(BENCHMARKS))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(BENCHMARKS), os.environ.get("PYTHONPATH", "")) if p)
    import bench_model

    return bench_model.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
