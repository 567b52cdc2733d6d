"""Benchmark the shipped policy comparison: runs per minute and peak memory on 2 workers.

Usage: ``.venv/bin/python benchmarks/bench_experiment.py [--workers 2] [--experiment FILE]``.
Runs ``youth-sim experiment`` in a child process into a fresh temporary folder (nothing is
reused), then prints the wall time, runs per minute, and the peak resident memory of the
coordinator and of the largest worker. Target (issue 4): the shipped policy_comparison in 5
minutes or less on a 2-core laptop. Record results in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Run the experiment once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--experiment", type=Path, default=ROOT / "experiments" / "policy_comparison.yaml"
    )
    args = parser.parse_args()
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
            [sys.executable, "-c", wrapper, "experiment", str(args.experiment), "--out", str(out),
             "--workers", str(args.workers), "--quiet"],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        wall = time.perf_counter() - started
        memory = json.loads(done.stderr.strip().splitlines()[-1])
        runs = pq.read_table(out / "runs.parquet", columns=["status"]).to_pandas()
    grandchild = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"{args.experiment.name}: {len(runs)} runs ({(runs['status'] != 'ok').sum()} failed) on "
        f"{args.workers} workers in {wall:.1f} s = {len(runs) / wall * 60:.1f} runs/minute"
    )
    print(
        f"peak RSS: coordinator {memory['rss'] / 1024:.0f} MB, largest worker "
        f"{memory['children'] / 1024:.0f} MB (this process's children: {grandchild / 1024:.0f} MB)"
    )
    print("target: 5 minutes or less")


if __name__ == "__main__":
    main()
