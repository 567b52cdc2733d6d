"""The ``youth-sim experiment`` and ``youth-sim summarize`` commands (argument handling only)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, cast

import pandas as pd
from tqdm import tqdm

from youth_sim.errors import EXIT_FAILED, EXIT_OK, ConfigError, StoreError
from youth_sim.experiment import design, runner
from youth_sim.experiment.faults import checkpoint
from youth_sim.experiment.manifest import ExperimentManifest
from youth_sim.experiment.spec import Experiment, RunSpec, load_experiment
from youth_sim.experiment.store import Store
from youth_sim.experiment.summary import (
    KEY_INDICATORS,
    SummaryError,
    discovery,
    ensemble_effects,
    load_results_and_tables,
    paired_effects,
    point_means,
    sensitivity,
    with_persons,
)
from youth_sim.io import atomic_write_text, manifest, write_csv

DEFAULT_WORKERS = 2


def experiment_manifest(
    experiment: Experiment, run_ids: list[str], how: dict[str, Any]
) -> ExperimentManifest:
    """The manifest of an experiment folder: provenance, the plan, and what maps need."""
    spec = experiment.spec
    numeric = spec.design.type in ("lhs", "morris", "sobol")
    content = manifest(
        experiment=experiment.resolved(),
        outcomes=list(spec.outcome_names),
        problem=design.problem(spec) if numeric else None,
        run_ids=run_ids,
        execution=how,
        **experiment.map_content(),
    )
    return ExperimentManifest.model_validate(content)


def _executor_factory(
    args: argparse.Namespace, workers: int
) -> tuple[Callable[[], Executor], Any, Callable[[], str | None] | None]:
    """A function making executors, a Dask client to close (or None) and a health check."""
    if not args.scheduler:
        return (lambda: runner.local_executor(workers)), None, None
    address = args.scheduler
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(
            f"--scheduler = {address!r}: needs Dask (pip install 'youth_sim[dask]')"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(
            f"--scheduler = {address!r}: cannot connect ({reason}); expected an address "
            f"such as tcp://host:8786"
        ) from None
    # Dask's client logs each failed reconnection with a traceback; the health check below
    # says what matters in one line instead.
    for name in ("distributed.client", "distributed.utils"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    limit = args.worker_timeout
    last_seen = time.monotonic()

    def health() -> str | None:
        """None while the cluster has workers (or lost them less than ``limit`` s ago)."""
        nonlocal last_seen
        connected = client.status == "running"
        try:
            alive = connected and bool(client.scheduler_info()["workers"])
        except (OSError, TimeoutError, RuntimeError):
            alive = False
        if alive:
            last_seen = time.monotonic()
            return None
        if time.monotonic() - last_seen < limit:
            return None
        if not connected:
            return f"--scheduler {address}: the scheduler has not answered for {limit:g} s"
        return f"--scheduler {address}: no Dask workers for {limit:g} s"

    return client.get_executor, client, health


def run_experiment(args: argparse.Namespace) -> int:
    """Run (or resume) an experiment; exit 0 when every run succeeded, 1 when some failed.

    The folder is locked for the whole command; the Parquet exports are brought up to date
    when it ends, however it ends (a kill -9 excepted: the next start does it).
    """
    experiment = load_experiment(
        args.file, replications=args.replications, scale=args.scale, years=args.years,
        overrides=tuple(args.overrides),
    )  # fmt: skip
    return run_folder(experiment, args.out or Path("results") / experiment.spec.name, args)


def run_folder(experiment: Experiment, out: Path, args: argparse.Namespace) -> int:
    """Run (or resume) ``experiment`` into the folder ``out``; the exit code of the command.

    ``args`` holds the options of ``youth-sim experiment``: workers, scheduler,
    worker_timeout, retry_failed and quiet. Used by ``experiment`` and, once per wave, by
    ``calibrate``.
    """
    workers = DEFAULT_WORKERS if args.workers is None else args.workers
    planned = experiment.runs()
    order = [r.run_id for r in planned]
    make_executor, client, health = _executor_factory(args, workers)
    try:
        with Store(out, writer=True) as store:
            for note in store.notes:
                print(note, file=sys.stderr)
            how = {"workers": workers, "scheduler": args.scheduler}
            try:
                atomic_write_text(
                    out / "manifest.json",
                    experiment_manifest(experiment, order, how).model_dump_json(indent=2) + "\n",
                )
            except OSError as exc:
                path = out / "manifest.json"
                raise StoreError(f"{path}: cannot write ({exc.strerror})") from None
            checkpoint("manifest:written")
            todo = runner.pending(planned, store, retry_failed=args.retry_failed)
            print(
                f"{experiment.spec.name}: {len(planned)} runs ({len(experiment.scenarios)} "
                f"scenarios x {len(experiment.points)} design points x "
                f"{experiment.spec.replications} replications); {len(planned) - len(todo)} "
                f"already done, {len(todo)} to run",
                file=sys.stderr,
            )
            try:
                progress = _run(args, todo, order, store, make_executor, workers, health, out)
            except runner.ClusterLost as exc:
                print(
                    f"{exc}; the {len(store.statuses())} finished runs are kept in {out}; when "
                    f"the cluster is back, run the same command again to resume",
                    file=sys.stderr,
                )
                return EXIT_FAILED
            runs = store.statuses()
    finally:
        if client is not None:
            client.close()
    failed = sum(runs.get(run_id) == "failed" for run_id in order)
    finished = sum(run_id in runs for run_id in order)
    files = "runs.parquet, timeseries.parquet, zones.parquet"
    if progress.total == 0:
        print(f"all {len(order)} runs already done; results in {out} ({files})")
    else:
        print(
            f"ran {progress.done} runs ({progress.failed} failed); {finished} of {len(order)} "
            f"planned runs finished; results in {out} ({files})"
        )
    if failed:
        print(f"{failed} runs failed (see the error column); --retry-failed reruns them")
        return EXIT_FAILED
    return EXIT_OK


def _run(
    args: argparse.Namespace,
    todo: list[RunSpec],
    order: list[str],
    store: Store,
    make_executor: Callable[[], Executor],
    workers: int,
    health: Callable[[], str | None] | None,
    out: Path,
) -> runner.Progress:
    """Run ``todo`` with a progress bar; export the results (rows in ``order``) however it ends."""
    bar = tqdm(total=len(todo), unit="run", disable=args.quiet, file=sys.stderr, dynamic_ncols=True)

    def show(progress: runner.Progress) -> None:
        bar.update(1)
        bar.set_postfix(
            done=progress.done, failed=progress.failed, left=progress.total - progress.done
        )

    try:
        return runner.run(
            todo, store, make_executor=make_executor, workers=workers, on_result=show,
            health=health,
        )  # fmt: skip
    except KeyboardInterrupt:
        bar.close()  # before the message, so the bar does not overwrite it
        print(
            f"youth-sim: stopping; the {len(store.statuses())} finished runs are kept in {out} "
            f"(the same command resumes)",
            file=sys.stderr,
        )
        raise
    finally:
        bar.close()
        store.export(order)


def summarize(args: argparse.Namespace, words: dict[str, Any] | None = None) -> int:
    """Print and write the results tables of an experiment folder.

    Paired effects (summary.csv, with persons beside shares), means per design point
    (points.csv) and, for Morris and Sobol designs, sensitivity indices (sensitivity.csv).
    ``words`` (from the charts' label table, passed in by the command line for ``--lang``)
    holds the phrases and indicator labels to print in; without it, English and the
    indicators' names.
    """
    words = words or {}
    notes: list[str] = []
    manifest_data, runs, tables = load_results_and_tables(args.dir, ("zones",), notes)
    for note in notes:
        print(note, file=sys.stderr)
    if runs.empty:
        raise ConfigError(f"{args.dir}: no finished runs yet")
    kind = manifest_data.spec["design"]["type"]
    effects = with_persons(paired_effects(manifest_data, runs), manifest_data, tables["zones"],
                           runs)  # fmt: skip
    if kind != "none":
        write_csv(point_means(manifest_data, runs), args.dir / "points.csv")
        print(f"means per design point: {args.dir / 'points.csv'}")
    if not effects.empty:
        write_csv(effects, args.dir / "summary.csv")
        print(format_effects(effects, words))
        print(words.get("written", "written: {path}").format(path=args.dir / "summary.csv"))
    if manifest_data.spec.get("ensemble"):
        robust = ensemble_effects(manifest_data, runs)
        write_csv(robust, args.dir / "ensemble.csv")
        print(format_ensemble(robust))
        found = discovery(manifest_data, runs)
        write_csv(found, args.dir / "discovery.csv")
        print(format_discovery(found))
    if kind in ("morris", "sobol"):
        try:
            table = sensitivity(manifest_data, runs)
        except SummaryError as exc:
            print(f"sensitivity: not computed: {exc}", file=sys.stderr)
            return EXIT_FAILED
        write_csv(table, args.dir / "sensitivity.csv")
        print(format_sensitivity(table, kind))
    return EXIT_OK


def format_effects(effects: pd.DataFrame, words: dict[str, Any] | None = None) -> str:
    """The paired effects as a text table, with a warning where the sign is unclear.

    Persons beside shares where the summary has them; ``words`` as in :func:`summarize`.
    """
    words = words or {}
    labels: dict[str, str] = words.get("labels", {})
    number = words.get("number", lambda value, decimals: f"{value:,.{decimals}f}")
    lines = [words.get("header", "effect of each scenario against the reference (paired on "
                                 "seeds; 95% interval)")]  # fmt: skip
    width = max([30, *(len(v) + 2 for v in labels.values())])
    for scenario, group in effects.groupby("scenario", sort=False):
        n = int(group["n_pairs"].max())
        title = words.get("pairs", "{scenario}  (n = {n} pairs)")
        lines.append("\n" + title.format(scenario=words.get("scenario", {}).get(scenario, scenario),
                                         n=n))  # fmt: skip
        for row in group.itertuples():
            note = "" if row.sign_clear else words.get(
                "unclear", "   ! interval includes 0: sign unclear")  # fmt: skip
            persons = getattr(row, "persons", float("nan"))
            count = (
                words.get("persons", "  (about {n} persons)").format(
                    n=number(round(float(persons), -1), 0)
                )
                if pd.notna(persons)
                else ""
            )
            name = labels.get(str(row.indicator), str(row.indicator))
            if "scale" in words:  # labels, display units and the reader's number format
                scale, unit = words["scale"][row.indicator], words["unit"][row.indicator]
                decimals = 3 if unit.startswith("index") else 2
                values = [
                    float(cast(float, v)) for v in (row.mean_difference, row.ci_low, row.ci_high)
                ]
                shown = [("+" if v > 0 else "") + number(scale * v, decimals) for v in values]
                lines.append(f"  {name:<{width}} {shown[0]:>10} {unit}  "
                             f"[{shown[1]}; {shown[2]}]{count}{note}")  # fmt: skip
                continue
            lines.append(
                f"  {name:<{width}} {row.mean_difference:>+11.4f}  "
                f"[{row.ci_low:+.4f}, {row.ci_high:+.4f}]{count}{note}"
            )
    return "\n".join(lines)


def format_ensemble(table: pd.DataFrame) -> str:
    """Effects over the plausible ensemble: interval with parameter uncertainty, win shares."""
    lines = [
        "over the plausible parameter sets (parameter uncertainty and chance; 95% interval over "
        "the sets, the sets' 2.5-97.5% range, and the share of sets in which the scenario does "
        "better than the reference / than each other scenario; the rest of the spread over "
        "the sets is chance between seeds)"
    ]
    for scenario, group in table.groupby("scenario", sort=False):
        lines.append(f"\n{scenario}  (n = {int(group['n_sets'].max())} parameter sets)")
        others = [c for c in group.columns if c.startswith("beats_")]
        for record in group.to_dict("records"):
            versus = "".join(
                f", beats {c.removeprefix('beats_')} in {record[c]:.0%}"
                for c in others
                if c != f"beats_{scenario}" and pd.notna(record[c])
            )
            lines.append(
                f"  {record['indicator']:<30} {record['mean_difference']:>+11.4f}  "
                f"[{record['ci_low']:+.4f}, {record['ci_high']:+.4f}]  range "
                f"[{record['band_low']:+.4f}, {record['band_high']:+.4f}]  better than the "
                f"reference in {record['win_share']:.0%}{versus}{_explained(record)}"
            )
    return "\n".join(lines)


def _explained(record: dict[Any, Any]) -> str:
    share = record.get("parameter_share")
    if share is None or pd.isna(share):
        return ""
    return f"; parameters explain {share:.0%} of the spread over the sets"


def format_discovery(table: pd.DataFrame) -> str:
    """Where in the plausible parameter space each policy wins, for the key indicators."""
    lines = [
        "\nwhat decides who wins (scenario discovery: PRIM boxes on at most two parameters, "
        "shown where the box raises the share of wins by 20 points or more; every indicator in "
        "discovery.csv). With few parameter sets the boxes are indicative only."
    ]
    if table.empty:
        return lines[0] + ": no parameters varied"
    key = table[table["indicator"].isin(KEY_INDICATORS) & (table["box"] != "")]
    for sentence in key["sentence"]:
        lines.append(f"  {sentence}")
    if key.empty:
        lines.append("  no box: the wins do not gather in one part of the parameter space")
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
