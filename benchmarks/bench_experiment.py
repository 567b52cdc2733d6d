"""Benchmark the shipped policy comparison: runs per minute and peak memory on 1 and 2 workers.

Usage: ``.venv/bin/python benchmarks/bench_experiment.py [--workers 1 2] [--experiment FILE]``.
For each worker count, runs ``youth-sim experiment`` in a child process into a fresh
temporary folder (nothing is reused), then prints the wall time, runs per minute, and the
peak resident memory of the coordinator and of the largest worker; then the scaling.
Target (issue 4): the shipped policy_comparison in 5 minutes or less on a 2-core laptop.
Record results in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the experiment once per worker count and print the figures and the scaling."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--experiment", type=Path, default=ROOT / "experiments" / "policy_comparison.yaml"
    )
    args = parser.parse_args()
    rates = {workers: one(args.experiment, workers) for workers in args.workers}
    if len(rates) > 1:
        base = min(rates)
        print(
            "scaling: "
            + ", ".join(
                f"{w} worker{'s' if w > 1 else ''} x{rates[w] / rates[base]:.2f}"
                for w in sorted(rates)
            )
            + f" (runs per minute relative to {base} worker{'s' if base > 1 else ''})"
        )
    print("target: 5 minutes or less on 2 workers")


def one(experiment: Path, workers: int) -> float:
    """Run ``experiment`` on ``workers`` workers into a fresh folder; return runs per minute."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        # The coordinator's own peak is measured by a tiny wrapper around the command.
        wrapper = (
            "import resource, sys, json\n"
            "from youth_sim.cli import main\n"
            "code = main(sys.argv[1:])\n"
            "print(json.dumps({'rss': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
            " 'children': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}),"
            " file=sys.stderr)\n"
            "sys.exit(code)\n"
        )
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", wrapper, "experiment", str(experiment), "--out", str(out),
             "--workers", str(workers), "--quiet"],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        wall = time.perf_counter() - started
        memory = json.loads(done.stderr.strip().splitlines()[-1])
        runs = pq.read_table(out / "runs.parquet", columns=["status"]).to_pandas()
    rate = len(runs) / wall * 60
    print(
        f"{experiment.name}: {len(runs)} runs ({(runs['status'] != 'ok').sum()} failed) on "
        f"{workers} worker{'s' if workers > 1 else ''} in {wall:.1f} s = {rate:.1f} runs/minute; "
        f"peak RSS: coordinator {memory['rss'] / 1024:.0f} MB, largest worker "
        f"{memory['children'] / 1024:.0f} MB"
    )
    return rate


if __name__ == "__main__":
    main()
