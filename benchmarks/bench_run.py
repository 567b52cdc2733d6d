"""Benchmark one baseline run: wall time and peak memory (issue 2 target: <= 20 s, <= 1 GB).

Usage: ``.venv/bin/python benchmarks/bench_run.py [--scale 1.0] [--years 20] [--repeat 3]``.
Each repetition runs in a fresh process, so the peak resident memory (``ru_maxrss``) is that
run's own; the script prints every repetition and the best wall time. Record results in
``docs/performance.md``. Nothing here is asserted: tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(scale: float, years: int) -> dict[str, float]:
    """Build and run the baseline in this process; return timings and peak memory."""
    from youth_sim.config import load_scenario
    from youth_sim.config.load import with_overrides
    from youth_sim.geography import load_geography
    from youth_sim.model import YouthModel
    from youth_sim.runner import prepare_process

    prepare_process()
    started = time.perf_counter()
    config = with_overrides(
        load_scenario(ROOT / "configs" / "baseline.yaml"), {"run.scale": scale, "run.years": years}
    )
    geography = load_geography(config)
    model = YouthModel(config, geography)
    built = time.perf_counter()
    model.run_months(years * 12)
    done = time.perf_counter()
    return {
        "agents_start": model.n_initial,
        "agents_end": model.people.n,
        "init_s": built - started,
        "run_s": done - built,
        "wall_s": done - started,
        "cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    """Run the benchmark repetitions in child processes and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.scale, args.years)))
        return
    print(
        f"baseline, scale {args.scale}, {args.years} years; {platform.processor() or 'cpu'}, "
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
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        print(
            f"  run {i + 1}: {result['agents_start']:,} -> {result['agents_end']:,} agents, "
            f"init {result['init_s']:.1f} s, run {result['run_s']:.1f} s, "
            f"wall {result['wall_s']:.1f} s, CPU {result['cpu_s']:.1f} s, "
            f"peak RSS {result['peak_rss_mb']:.0f} MB"
        )
    best = min(r["wall_s"] for r in results)
    peak = max(r["peak_rss_mb"] for r in results)
    print(
        f"best wall time {best:.1f} s (target <= 20 s); peak RSS {peak:.0f} MB (target <= 1024 MB)"
    )


if __name__ == "__main__":
    main()
