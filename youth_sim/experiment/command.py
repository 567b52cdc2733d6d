"""The ``youth-sim experiment`` and ``youth-sim summarize`` commands (argument handling only)."""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import Executor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from youth_sim import __version__
from youth_sim.config.load import ConfigError
from youth_sim.experiment import design, runner
from youth_sim.experiment.spec import Experiment, load_experiment
from youth_sim.experiment.store import Store
from youth_sim.experiment.summary import (
    SummaryError,
    load_results,
    paired_effects,
    point_means,
    sensitivity,
)
from youth_sim.io import atomic_write_text, git_commit, write_csv

DEFAULT_WORKERS = 2


def manifest(experiment: Experiment, run_ids: list[str], how: dict[str, Any]) -> dict[str, Any]:
    """Provenance of an experiment: resolved file, hashes, planned runs, versions."""
    spec = experiment.spec
    numeric = spec.design.type in ("lhs", "morris", "sobol")
    return {
        "youth_sim_version": __version__,
        "git_commit": git_commit(),
        "experiment": experiment.resolved(),
        "outcomes": list(spec.outcome_names),
        "problem": design.problem(spec) if numeric else None,
        "run_ids": run_ids,
        "execution": how,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _executor_factory(args: argparse.Namespace, workers: int) -> tuple[Any, Any]:
    """A function making executors, and a Dask client to close (or None)."""
    if not args.scheduler:
        return (lambda: runner.local_executor(workers)), None
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            f"--scheduler = {args.scheduler!r}: needs Dask (pip install 'youth_sim[dask]')"
        ) from None
    try:
        client = Client(args.scheduler, timeout="10s")
    except OSError as exc:
        raise ConfigError(f"--scheduler = {args.scheduler!r}: cannot connect ({exc})") from None

    def make() -> Executor:
        return client.get_executor()

    return make, client


def run_experiment(args: argparse.Namespace) -> int:
    """Run (or resume) an experiment; exit 0 when every run succeeded, 1 when some failed."""
    experiment = load_experiment(
        args.file, replications=args.replications, scale=args.scale, years=args.years,
        overrides=tuple(args.overrides),
    )  # fmt: skip
    workers = args.workers or DEFAULT_WORKERS
    if workers < 1:
        raise ConfigError(f"--workers = {workers}: must be at least 1")
    out = args.out or Path("results") / experiment.spec.name
    store = Store(out)
    planned = experiment.runs()
    how = {"workers": workers, "scheduler": args.scheduler}
    atomic_write_text(
        out / "manifest.json",
        json.dumps(manifest(experiment, [r.run_id for r in planned], how), indent=2) + "\n",
    )
    todo = runner.pending(planned, store, retry_failed=args.retry_failed)
    print(
        f"{experiment.spec.name}: {len(planned)} runs ({len(experiment.scenarios)} scenarios x "
        f"{len(experiment.points)} design points x {experiment.spec.replications} replications); "
        f"{len(planned) - len(todo)} already done, {len(todo)} to run",
        file=sys.stderr,
    )
    make_executor, client = _executor_factory(args, workers)
    bar = tqdm(total=len(todo), unit="run", disable=args.quiet, file=sys.stderr, dynamic_ncols=True)

    def show(progress: runner.Progress) -> None:
        bar.update(1)
        bar.set_postfix(
            done=progress.done, failed=progress.failed, left=progress.total - progress.done
        )

    try:
        progress = runner.run(
            todo, store, make_executor=make_executor, workers=workers, on_result=show
        )
    finally:
        bar.close()
        if client is not None:
            client.close()
    runs = store.read_runs()
    failed = int((runs[runs["run_id"].isin({r.run_id for r in planned})]["status"] != "ok").sum())
    print(
        f"{progress.done} runs now ({progress.failed} failed); results in {out} "
        f"(runs.parquet, timeseries.parquet)"
    )
    if failed:
        print(f"{failed} runs failed (see the error column); --retry-failed reruns them")
        return 1
    return 0


def summarize(args: argparse.Namespace) -> int:
    """Print and write the results tables of an experiment folder.

    Paired effects (summary.csv), means per design point (points.csv) and, for Morris and
    Sobol designs, sensitivity indices (sensitivity.csv).
    """
    manifest_data, runs = load_results(args.dir)
    if runs.empty:
        raise ConfigError(f"{args.dir}: no finished runs yet")
    kind = manifest_data["experiment"]["experiment"]["design"]["type"]
    effects = paired_effects(manifest_data, runs)
    if kind != "none":
        write_csv(point_means(manifest_data, runs), args.dir / "points.csv")
        print(f"means per design point: {args.dir / 'points.csv'}")
    if not effects.empty:
        write_csv(effects, args.dir / "summary.csv")
        print(format_effects(effects))
    if kind in ("morris", "sobol"):
        try:
            table = sensitivity(manifest_data, runs)
        except SummaryError as exc:
            print(f"sensitivity: not computed: {exc}", file=sys.stderr)
            return 1
        write_csv(table, args.dir / "sensitivity.csv")
        print(format_sensitivity(table, kind))
    return 0


def format_effects(effects: pd.DataFrame) -> str:
    """The paired effects as a text table, with a warning where the sign is unclear."""
    lines = ["effect of each scenario against the reference (paired on seeds; 95% interval)"]
    for scenario, group in effects.groupby("scenario", sort=False):
        lines.append(f"\n{scenario}  (n = {int(group['n_pairs'].max())} pairs)")
        for row in group.itertuples():
            note = "" if row.sign_clear else "   ! interval includes 0: sign unclear"
            lines.append(
                f"  {row.indicator:<30} {row.mean_difference:>+11.4f}  "
                f"[{row.ci_low:+.4f}, {row.ci_high:+.4f}]{note}"
            )
    return "\n".join(lines)


def format_sensitivity(table: pd.DataFrame, kind: str) -> str:
    """Morris mu*/sigma or Sobol S1/ST per parameter, largest first."""
    first, second = ("mu_star", "sigma") if kind == "morris" else ("S1", "ST")
    lines = [f"sensitivity ({kind}): {first} and {second} per parameter"]
    for (scenario, indicator), group in table.groupby(["scenario", "indicator"], sort=False):
        lines.append(f"\n{scenario}: {indicator}")
        for row in group.sort_values(first, ascending=False).itertuples():
            lines.append(
                f"  {row.parameter:<45} {first} {getattr(row, first):>10.4g}  "
                f"{second} {getattr(row, second):>10.4g}"
            )
    return "\n".join(lines)
