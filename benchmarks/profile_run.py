"""Where a baseline run spends its time, by submodel (the table in docs/performance.md).

Usage: ``.venv/bin/python benchmarks/profile_run.py [--scale 1.0] [--years 20]``.
Wraps the phase methods of :class:`~youth_sim.model.YouthModel` and a few functions inside
them with a timer, runs the baseline (set-up and warm-up included) and prints a Markdown table:
seconds, share of the whole and milliseconds per call. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import collections
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Time the phases of one run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()

    from youth_sim import indicators
    from youth_sim import model as model_module
    from youth_sim.config import load_scenario
    from youth_sim.config.load import with_overrides
    from youth_sim.geography import load_geography
    from youth_sim.markets import housing, labour
    from youth_sim.runner import prepare_process

    prepare_process()
    seconds: dict[str, float] = collections.defaultdict(float)
    calls: collections.Counter[str] = collections.Counter()

    def timed(owner: Any, name: str, label: str) -> None:
        inner: Callable[..., Any] = getattr(owner, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                seconds[label] += time.perf_counter() - started
                calls[label] += 1

        setattr(owner, name, wrapper)

    model_class = model_module.YouthModel
    for owner, name, label in (
        (model_class, "_set_up", "set-up (synthesis, jobs, zone constants)"),
        (model_class, "update_population", "1 demography"),
        (model_class, "update_labour_demand", "2 labour demand, separations"),
        (model_class, "search_jobs", "3 job search and matching"),
        (labour, "_draw_searchers", "3a who searches"),
        (labour, "_applications", "3b application weights, who applies"),
        (labour, "_match_round", "3c destinations, hires"),
        (model_class, "choose_residences", "4 residential choice"),
        (housing, "draw_movers", "4a who moves"),
        (housing, "relocate", "4b utilities, housing lottery"),
        (model_class, "observe", "5 observation"),
        (indicators, "compute", "5a indicators"),
        (model_class, "_mean_utility", "5b mean utility over the panel"),
    ):
        timed(owner, name, label)
    config = with_overrides(
        load_scenario(ROOT / "configs" / "baseline.yaml"),
        {"run.scale": args.scale, "run.years": args.years},
    )
    geography = load_geography(config)
    started = time.perf_counter()
    model = model_class(config, geography)
    built = time.perf_counter()
    model.run_months(args.years * 12)
    total = time.perf_counter() - started
    print(
        f"scale {args.scale}, {args.years} years after a {config.run.warm_up_years}-year "
        f"warm-up: start {built - started:.2f} s, run {total - (built - started):.2f} s, "
        f"total {total:.2f} s\n"
    )
    print("| part | s | share | ms per call |\n|---|---:|---:|---:|")
    for label in sorted(seconds):
        per_call = 1000 * seconds[label] / calls[label]
        print(f"| {label} | {seconds[label]:.2f} | {seconds[label] / total:.0%} | {per_call:.1f} |")


if __name__ == "__main__":
    main()
