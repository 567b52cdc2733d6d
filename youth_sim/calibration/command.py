"""The ``youth-sim calibrate`` command: history matching in waves on the experiment runner.

Each wave is an experiment (one scenario, the wave's parameter sets, the file's replications)
run into ``OUT/wave_<k>`` by the experiment runner, so a wave is crash-safe, resumable and runs
on Dask unchanged. The next wave's sets are a deterministic function of the finished waves'
stored results (seeded by the calibration's seed and the wave's number), so a calibration
stopped at any moment resumes where it was: the finished waves are read back, the same next
sets are drawn, and the interrupted wave's store runs only what is missing.

Outputs in ``OUT``: ``sets.parquet`` (every parameter set run: its wave, values, each target's
mean and implausibility, and whether it is ruled out), ``plausible.parquet`` (the sets not
ruled out by their own runs) and ``manifest.json`` (provenance, the waves, and the observed
value of every target against the band of the plausible sets, validation targets apart).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from youth_sim.calibration.history import implausibility, next_wave, not_ruled_out
from youth_sim.calibration.report import report_html
from youth_sim.calibration.spec import Calibration, TargetSpec, load_calibration
from youth_sim.calibration.targets import Places, measure
from youth_sim.errors import EXIT_FAILED, EXIT_OK, ConfigError
from youth_sim.experiment.command import run_folder
from youth_sim.experiment.schema import Value
from youth_sim.io import atomic_write_text, manifest


def calibrate(args: argparse.Namespace) -> int:
    """Run (or resume) a calibration; exit 0 when every wave finished, 1 otherwise."""
    calibration = load_calibration(args.file)
    spec = calibration.spec
    out = args.out or Path("results") / "calibration" / spec.name
    budget = args.budget
    places = _places(calibration)
    bounds = np.array(calibration.bounds)
    names = spec.parameters
    points: list[dict[str, Value]] = list(calibration.experiment.points)
    results: list[pd.DataFrame] = []
    waves: list[dict[str, Any]] = []
    spent = 0
    for wave in range(1, spec.method.waves + 1):
        runs = len(points) * spec.replications
        if budget is not None and spent + runs > budget:
            affordable = (budget - spent) // spec.replications
            if affordable < 1:
                print(f"calibrate: budget of {budget} runs reached before wave {wave}")
                break
            points = points[:affordable]
            runs = affordable * spec.replications
        experiment = dataclasses.replace(calibration.experiment, points=points)
        folder = out / f"wave_{wave}"
        print(f"calibrate: wave {wave}: {len(points)} parameter sets", file=sys.stderr)
        code = run_folder(experiment, folder, args)
        if code != EXIT_OK:
            print(f"calibrate: wave {wave} did not finish; the same command resumes it")
            return code
        spent += runs
        table = _wave_table(folder, calibration, places, wave)
        results.append(table)
        done = pd.concat(results, ignore_index=True)
        unit = (done[names].to_numpy(dtype=float) - bounds[:, 0]) / (bounds[:, 1] - bounds[:, 0])
        means = done[[f"mean_{t.measure}" for t in spec.calibrating]].to_numpy()
        info: dict[str, Any] = {"wave": wave, "sets": len(points), "runs": runs}
        if wave < spec.method.waves:
            rng = np.random.default_rng([spec.seed, wave])
            new, share = next_wave(
                unit, means, [t.target() for t in spec.calibrating], spec.method.runs_per_wave,
                rng, candidates=spec.method.candidates, cutoff=spec.method.cutoff,
            )  # fmt: skip
            info["share_not_ruled_out_by_emulators"] = share
            if len(new) == 0:
                waves.append(info)
                print(f"calibrate: after wave {wave} the emulators rule out every candidate")
                break
            values = bounds[:, 0] + new * (bounds[:, 1] - bounds[:, 0])
            points = [calibration.point(row) for row in values]
        waves.append(info)
    if not results:
        raise ConfigError(f"{args.file}: --budget = {budget}: too small for a single parameter set")
    sets = _judge(pd.concat(results, ignore_index=True), calibration)
    _write(out, sets, calibration, waves, spent)
    plausible = sets[~sets["ruled_out"]]
    print(_summary(sets, plausible, calibration, out))
    return EXIT_OK if len(plausible) else EXIT_FAILED


def _places(calibration: Calibration) -> Places:
    from youth_sim.geography import Kind

    geo = next(iter(calibration.experiment.geographies.values()))
    kinds = list(zip(geo.names, geo.kind, strict=True))
    return Places(
        cities=frozenset(name for name, kind in kinds if kind == Kind.CITY),
        inside=frozenset(name for name, kind in kinds if kind != Kind.OUTSIDE),
    )


def _wave_table(folder: Path, calibration: Calibration, places: Places, wave: int) -> pd.DataFrame:
    """One row per parameter set of a wave: values, and each target's mean and variance."""
    from youth_sim.experiment.summary import load_results_and_tables

    spec = calibration.spec
    # The runs of this wave's design only: a folder run before under another base config
    # (e.g. after the baseline changed) keeps those runs in its ledger too.
    _, runs, tables = load_results_and_tables(folder, ("ts", "zones"))
    runs = runs[runs["status"] == "ok"]
    series, zones = tables["ts"], tables["zones"]
    by_run_series = dict(tuple(series.groupby("run_id")))
    by_run_zones = dict(tuple(zones.groupby("run_id")))
    values: dict[str, list[float]] = {t.measure: [] for t in spec.targets}
    for run_id in runs["run_id"]:
        for t in spec.targets:
            values[t.measure].append(
                measure(t.measure, by_run_series[run_id], by_run_zones[run_id], places)
            )
    for name, column in values.items():
        runs = runs.assign(**{f"value_{name}": column})
    grouped = runs.groupby("point", sort=True)
    table = grouped[spec.parameters].first().reset_index()
    for t in spec.targets:
        table[f"mean_{t.measure}"] = grouped[f"value_{t.measure}"].mean().to_numpy()
        table[f"var_{t.measure}"] = grouped[f"value_{t.measure}"].var(ddof=1).fillna(0.0).to_numpy()
    table["replications"] = grouped.size().to_numpy()
    table.insert(0, "wave", wave)
    return table


def _judge(sets: pd.DataFrame, calibration: Calibration) -> pd.DataFrame:
    """Each target's implausibility for every set, and whether the set is ruled out."""
    spec = calibration.spec
    for t in spec.targets:
        column = implausibility(
            sets[[f"mean_{t.measure}"]].to_numpy(),
            sets[[f"var_{t.measure}"]].to_numpy(),
            spec.replications,
            [t.target()],
        )[:, 0]
        sets[f"implausibility_{t.measure}"] = column
    used = sets[[f"implausibility_{t.measure}" for t in spec.calibrating]].to_numpy()
    sets["max_implausibility"] = used.max(axis=1)
    sets["ruled_out"] = ~not_ruled_out(used, spec.method.cutoff)
    return sets


def _chosen(sets: pd.DataFrame, calibration: Calibration) -> dict[str, Any] | None:
    """The median of the plausible sets, parameter by parameter, and the best-fitting set."""
    plausible = sets[~sets["ruled_out"]]
    if not len(plausible):
        return None
    names = calibration.spec.parameters
    best = plausible.iloc[int(np.argmin(plausible["max_implausibility"].to_numpy()))]
    return {
        "median": {name: float(plausible[name].median()) for name in names},
        "best_fitting": {
            "wave": int(best["wave"]), "point": int(best["point"]),
            "max_implausibility": float(best["max_implausibility"]),
            "values": {name: float(best[name]) for name in names},
        },
    }  # fmt: skip


def _share_within(plausible: pd.DataFrame, name: str) -> float | None:
    """Share of the plausible sets whose own runs are within 3 sd of the target."""
    if not len(plausible):
        return None
    return float((plausible[f"implausibility_{name}"] <= 3.0).mean())


def _band(values: pd.Series) -> list[float] | None:
    return [float(values.min()), float(values.max())] if len(values) else None


def _target_report(t: TargetSpec, sets: pd.DataFrame, plausible: pd.DataFrame) -> dict[str, Any]:
    column = f"mean_{t.measure}"
    return {
        "measure": t.measure, "role": t.role, "observed": t.observed, "sd": t.sd,
        "discrepancy_sd": t.discrepancy_sd, "source": t.source,
        "band_all_runs": _band(sets[column]), "band_plausible": _band(plausible[column]),
        "share_of_plausible_within_3_sd": _share_within(plausible, t.measure),
    }  # fmt: skip


def _write(
    out: Path, sets: pd.DataFrame, calibration: Calibration, waves: list[dict[str, Any]], spent: int
) -> None:
    plausible = sets[~sets["ruled_out"]]
    sets.to_parquet(out / "sets.parquet", index=False)
    plausible.to_parquet(out / "plausible.parquet", index=False)
    content = manifest(
        calibration=calibration.spec.model_dump(mode="json"),
        file=str(calibration.path),
        waves=waves,
        runs=spent,
        sets=len(sets),
        plausible=len(plausible),
        parameters={
            name: {"low": low, "high": high, "band_plausible": _band(plausible[name])}
            for name, (low, high) in zip(
                calibration.spec.parameters, calibration.bounds, strict=True
            )
        },
        targets=[_target_report(t, sets, plausible) for t in calibration.spec.targets],
        chosen=_chosen(sets, calibration),
    )
    atomic_write_text(out / "manifest.json", json.dumps(content, indent=2, default=str) + "\n")
    atomic_write_text(out / "calibration_report.html", report_html(calibration, sets, waves, spent))


def _summary(
    sets: pd.DataFrame, plausible: pd.DataFrame, calibration: Calibration, out: Path
) -> str:
    lines = [
        f"calibration {calibration.spec.name}: {len(sets)} parameter sets run, "
        f"{len(plausible)} not ruled out; results in {out} (calibration_report.html, "
        f"sets.parquet, plausible.parquet, manifest.json)"
    ]
    for t in calibration.spec.targets:
        band = _band(plausible[f"mean_{t.measure}"])
        shown = f"[{band[0]:.4g}, {band[1]:.4g}]" if band else "none"
        lines.append(
            f"  {t.role:<9} {t.measure:<28} observed {t.observed:.4g} (sd {t.sd:.3g}); "
            f"plausible sets {shown}"
        )
    return "\n".join(lines)
