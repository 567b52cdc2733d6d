"""Measure the baseline's drift: housing costs over the years, and return migration.

Usage: ``.venv/bin/python scripts/baseline_drift.py [--config configs/baseline.yaml]
[--years 20] [--scale 0.1] [--seeds 1,2,3]``.

Per seed, prints the mean housing cost (EUR/month, unweighted over zones) inside and outside
the province at years 0, 5, 10, 15, 20 (those within the horizon) with the change since year
0, and the return migration at the end: of the people with an Overijssel origin who lived in
an outside zone at some point and are still in the model, the share living in the province
again (all, those who were students when first seen outside, the others, and those first seen
outside in the first five years). The figures in ``docs/ODD.md`` (7.6) and ``CHANGELOG.md``
come from this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's youth_sim

from youth_sim.config import load_scenario
from youth_sim.config.load import with_overrides
from youth_sim.model import YouthModel
from youth_sim.population import Status


def run(config_path: Path, years: int, scale: float, seed: int) -> None:
    """Run one seed and print its cost path and return shares."""
    config = with_overrides(load_scenario(config_path), {"run.years": years, "run.scale": scale})
    model = YouthModel(config, rng=seed)
    inside = model.geo.inside
    # By uid: the month each person from Overijssel was first seen outside (-1: never), and
    # whether they were a student then.
    first_month = np.full(model.next_uid, -1)
    as_student = np.zeros(model.next_uid, dtype=bool)
    for month in range(years * 12):
        model.step()
        grow = model.next_uid - len(first_month)
        first_month = np.concatenate((first_month, np.full(grow, -1)))
        as_student = np.concatenate((as_student, np.zeros(grow, dtype=bool)))
        pop = model.people
        out = inside[pop.origin] & ~inside[pop.home]
        new = out & (first_month[pop.uid] < 0)
        first_month[pop.uid[new]] = month
        as_student[pop.uid[new]] = pop.status[new] == Status.STUDENT
    zones = model.zones()
    zones["where"] = np.where(zones["kind"] == "outside", "outside", "inside")
    cost = zones.groupby(["year", "where"])["housing_cost"].mean().unstack()
    print(f"seed {seed}: mean housing cost, EUR/month (change since year 0)")
    for year in (y for y in (0, 5, 10, 15, 20) if y <= years):
        row = cost.loc[year]
        change = row / cost.loc[0] - 1
        print(f"  year {year:2d}: inside {row['inside']:6.1f} ({change['inside']:+.1%}), "
              f"outside {row['outside']:6.1f} ({change['outside']:+.1%})")  # fmt: skip
    pop = model.people
    left = first_month[pop.uid] >= 0
    back = inside[pop.home[left]]
    month_out, student = first_month[pop.uid[left]], as_student[pop.uid[left]]
    groups = {"all": np.ones(len(back), bool), "left to study": student, "other": ~student,
              "left in years 0-5": month_out < 60}  # fmt: skip
    parts = [f"{name} {back[g].mean():.1%} of {np.count_nonzero(g)}" for name, g in groups.items()]
    print(f"  back in Overijssel after {years} years: " + "; ".join(parts))


def main() -> None:
    """Parse the arguments and run every seed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("configs/baseline.yaml"))
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    for seed in (int(s) for s in args.seeds.split(",")):
        run(args.config, args.years, args.scale, seed)


if __name__ == "__main__":
    main()
