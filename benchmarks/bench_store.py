"""Benchmark the result store: the cost of recording a run as the ledger grows, and of exporting.

Usage: ``.venv/bin/python benchmarks/bench_store.py [--runs 2000] [--months 121]``.
Fills a fresh ledger with synthetic runs shaped like a scale-0.1, 10-year experiment (one
record of 30 values, a time series of ``months`` rows by 17 indicators, a 30-zone table) and
prints the time to record a run when 0, 500, ... runs are already stored, then the time to
write the three Parquet exports. Target (issue 8): recording cost independent of the number of
runs stored (youth_sim 0.1 merged whole files: 6 s a merge at 2,000 runs). Record results in
``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from youth_sim.experiment.store import Store


def synthetic(run_id: str, months: int, rng: np.random.Generator) -> tuple[dict, dict]:
    """A record and tables the size of a real run's."""
    record = {"run_id": run_id, "scenario": "s", "point": 0, "replication": 0, "seed": 1,
              "status": "ok", "error": None, "attempts": 1, "wall_time_s": 1.0,
              **{f"indicator_{i}": float(v) for i, v in enumerate(rng.random(17))}}  # fmt: skip
    series = pd.DataFrame(rng.random((months, 17)), columns=[f"indicator_{i}" for i in range(17)])
    series.insert(0, "year", np.arange(months) / 12)
    series.insert(0, "step", np.arange(months))
    series.insert(0, "run_id", run_id)
    zones = pd.DataFrame(rng.random((30, 6)), columns=[f"count_{i}" for i in range(6)])
    zones.insert(0, "zone", [f"zone {i}" for i in range(30)])
    zones.insert(0, "run_id", run_id)
    return record, {"ts": series, "zones": zones}


def main() -> None:
    """Fill a ledger and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--months", type=int, default=121)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    checkpoints = set(range(0, args.runs + 1, max(args.runs // 4, 1)))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp), writer=True) as store:
        ids = [f"run{i:06d}" for i in range(args.runs)]
        window: list[float] = []
        for i, run_id in enumerate(ids):
            record, tables = synthetic(run_id, args.months, rng)
            started = time.perf_counter()
            store.add(record, tables)
            window.append(time.perf_counter() - started)
            if i + 1 in checkpoints or i == 0:
                recent = window[-50:]
                print(f"after {i + 1:>5} runs: recording a run takes "
                      f"{1000 * float(np.median(recent)):.1f} ms (median of the last "
                      f"{len(recent)})")  # fmt: skip
        started = time.perf_counter()
        store.export(ids)
        export_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(tmp).iterdir() if p.is_file()) / 2**20
        started = time.perf_counter()
        store.export(ids)
        check_s = time.perf_counter() - started
    print(f"exporting {args.runs} runs: {export_s:.2f} s; an up-to-date export is checked in "
          f"{check_s:.2f} s; folder {size:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
