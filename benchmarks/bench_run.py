"""Benchmark one baseline run: wall time, CPU time and peak memory.

Usage: ``.venv/bin/python benchmarks/bench_run.py [--scale 1.0] [--years 20] [--repeat 3]``.
Each repetition runs in a fresh process, so the peak resident memory (``ru_maxrss``) is that
run's own; the script prints every repetition and the best wall time. Record results in
``docs/performance.md``. Nothing here is asserted: tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(scale: float, years: int, cached_start: bool) -> dict[str, float]:
    """Build and run the baseline in this process; return timings and peak memory.

    With ``cached_start`` a first model is built (set-up and warm-up) and discarded, and the
    timed model starts from the process's cache, as every run after the first of a seed does
    in an experiment worker. CPU time is over the same interval as the wall time.
    """
    import_started = time.perf_counter()
    from youth_sim.config import load_scenario
    from youth_sim.config.load import with_overrides
    from youth_sim.geography import load_geography
    from youth_sim.model import YouthModel
    from youth_sim.runner import prepare_process

    imported = time.perf_counter()
    prepare_process()
    config = with_overrides(
        load_scenario(ROOT / "configs" / "baseline.yaml"), {"run.scale": scale, "run.years": years}
    )
    geography = load_geography(config)
    if cached_start:
        YouthModel(config, geography)
    started, cpu_started = time.perf_counter(), time.process_time()
    model = YouthModel(config, geography)
    built = time.perf_counter()
    model.run_months(years * 12)
    done, cpu_done = time.perf_counter(), time.process_time()
    return {
        "agents_start": model.n_initial,
        "agents_end": model.people.n,
        "import_s": imported - import_started,
        "init_s": built - started,
        "run_s": done - built,
        "wall_s": done - started,
        "cpu_s": cpu_done - cpu_started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    """Run the benchmark repetitions in child processes and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cached-start",
        action="store_true",
        help="time a run whose start (set-up and warm-up) comes from the process's cache",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.scale, args.years, args.cached_start)))
        return
    print(
        f"baseline, scale {args.scale}, {args.years} years"
        f"{', start from the cache' if args.cached_start else ''}; "
        f"{platform.processor() or 'cpu'}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    results = []
    for i in range(args.repeat):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--scale",
                str(args.scale),
                "--years",
                str(args.years),
                *(["--cached-start"] if args.cached_start else []),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(
            f"  run {i + 1}: {result['agents_start']:,} -> {result['agents_end']:,} agents, "
            f"import {result['import_s']:.1f} s, start {result['init_s']:.2f} s, "
            f"run {result['run_s']:.2f} s, wall {result['wall_s']:.2f} s, "
            f"CPU {result['cpu_s']:.2f} s, "
            f"peak RSS {result['peak_rss_mb']:.0f} MB"
        )
    best = min(r["wall_s"] for r in results)
    peak = max(r["peak_rss_mb"] for r in results)
    cpu = min(r["cpu_s"] / r["wall_s"] for r in results)
    print(
        f"best wall time {best:.2f} s (CPU {cpu:.2f} s per wall second); peak RSS {peak:.0f} MB. "
        "Targets (issue 11): full scale, 20 years: <= 10 s and <= 1 CPU-second per second; "
        "scale 0.1, 10 years: run < 1 s"
    )


if __name__ == "__main__":
    main()
