"""Kill an experiment again and again at random moments; check nothing is lost or duplicated.

Usage: ``.venv/bin/python scripts/chaos_experiment.py [--kills 24] [--seed 1] [--workers 2]``.

Runs a small experiment (2 scenarios x 40 replications, scale 0.01, 12 years) once without
interruption, then in a fresh folder starts it over and over, each time sending SIGKILL to
the whole process group (coordinator and workers) after a random delay of 0.5-8 s (start-up
included), until it finishes.
Every few kills it also sends SIGTERM to the coordinator alone, and checks that no worker
outlives it. At the end the exports must equal the uninterrupted run's exactly (wall times
aside), and the ledger must hold each planned run once. Prints one line per attempt and a
summary for the table in ``docs/experiments.md``; exits 1 if anything was lost, duplicated or
orphaned.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.processes import alive, descendants  # noqa: E402 - the repo root is on the path now

FILES = ("runs.parquet", "timeseries.parquet", "zones.parquet")


def experiment_file(folder: Path) -> Path:
    """The small experiment used for the chaos."""
    data = {
        "name": "chaos", "base": str(ROOT / "configs" / "baseline.yaml"),
        "scenarios": {"baseline": {}, "people_based": {"config": str(ROOT / "configs" /
                                                                    "people_based.yaml")}},
        "reference": "baseline", "design": {"type": "none"}, "uncertainties": [], "levers": [],
        "outcomes": "all", "replications": 40, "seed": 3, "scale": 0.01, "years": 12,
    }  # fmt: skip
    path = folder / "chaos.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def command(path: Path, out: Path, workers: int) -> list[str]:
    """The experiment command line."""
    return [sys.executable, "-m", "youth_sim", "experiment", str(path), "--out", str(out),
            "--quiet", "--workers", str(workers)]  # fmt: skip


def frames(out: Path) -> dict[str, pd.DataFrame]:
    """The exports without wall times."""
    return {
        name: pd.read_parquet(out / name).drop(columns=["wall_time_s"], errors="ignore")
        for name in FILES
    }


def main() -> int:
    """Run the chaos and print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = experiment_file(folder)
        started = time.perf_counter()
        subprocess.run(command(path, folder / "ref", args.workers), check=True, cwd=ROOT,
                       capture_output=True)  # fmt: skip
        full = time.perf_counter() - started
        reference = frames(folder / "ref")
        planned = len(reference["runs.parquet"])
        out = folder / "out"
        kills = terms = orphans = attempts = 0
        while True:
            attempts += 1
            process = subprocess.Popen(command(path, out, args.workers), cwd=ROOT,
                                       start_new_session=True, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)  # fmt: skip
            delay = rng.uniform(0.5, 8.0) if kills + terms < args.kills else None
            try:
                process.wait(timeout=delay)
                finished = True
            except subprocess.TimeoutExpired:
                finished = False
            if finished:
                print(f"attempt {attempts}: finished (exit {process.returncode})")
                assert process.stderr is not None
                process.stderr.close()
                break
            if (kills + terms) % 4 == 3:
                below = descendants(process.pid)
                process.send_signal(signal.SIGTERM)
                code = process.wait(timeout=60)
                deadline = time.monotonic() + 10
                while alive(below) and time.monotonic() < deadline:
                    time.sleep(0.1)
                left = len(alive(below))
                orphans += left
                terms += 1
                print(f"attempt {attempts}: SIGTERM after {delay:.1f} s -> exit {code}, "
                      f"{left} of {len(below)} child processes left")  # fmt: skip
            else:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                kills += 1
                print(f"attempt {attempts}: SIGKILL to the process group after {delay:.1f} s")
            assert process.stderr is not None
            process.stderr.close()
        got = frames(out)
        lost = planned - got["runs.parquet"]["run_id"].nunique()
        duplicated = len(got["runs.parquet"]) - got["runs.parquet"]["run_id"].nunique()
        equal = all(got[name].equals(reference[name]) for name in FILES)
    print(
        f"uninterrupted: {full:.0f} s. {kills} SIGKILLs and {terms} SIGTERMs over {attempts} "
        f"starts: {planned} runs planned, "
        f"{lost} lost, {duplicated} duplicated, {orphans} orphaned processes; exports equal to "
        f"an uninterrupted run: {equal}"
    )
    return 0 if (lost, duplicated, orphans, equal) == (0, 0, 0, True) else 1


if __name__ == "__main__":
    sys.exit(main())
