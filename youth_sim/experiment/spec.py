"""Experiment files: loading, checking, and the list of runs they define.

An experiment (``experiments/*.yaml``, EMA Workbench's vocabulary) names a base scenario,
scenarios to compare (config files or inline ``set:`` overrides of the base), a parameter
design over ``uncertainties`` and ``levers`` (dotted config keys), the ``outcomes`` to keep,
``replications``, one ``seed``, ``scale`` and ``years``. Errors follow the config contract: one
line naming the file, the key and the value (:class:`~youth_sim.errors.ConfigError`). The
file's schema is :mod:`youth_sim.experiment.schema`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from youth_sim.config.load import (
    format_errors,
    load_scenario,
    read_yaml,
    with_overrides,
)
from youth_sim.config.schema import Scenario
from youth_sim.errors import ConfigError
from youth_sim.experiment import design
from youth_sim.experiment.schema import ExperimentFile, Value

MIN_LINK_SAVING_MIN = 0.5
"""Links whose public-transport trip gets faster by less than this many minutes are not kept."""


@dataclass(frozen=True)
class RunSpec:
    """One run: everything a worker needs (picklable).

    ``config`` is the scenario's config before the design point; the worker applies ``params``
    (:meth:`resolved_config`), so thousands of runs share one config object in memory.
    """

    run_id: str
    scenario: str
    point: int
    params: dict[str, Value]
    replication: int
    seed: int
    config: Scenario
    outcomes: tuple[str, ...]

    def identity(self) -> dict[str, Any]:
        """The columns that name a run in ``runs.parquet`` (design parameters included)."""
        return {
            "run_id": self.run_id,
            "scenario": self.scenario,
            "point": self.point,
            **self.params,
            "replication": self.replication,
            "seed": self.seed,
        }

    def resolved_config(self) -> Scenario:
        """The run's config: the scenario with the design point's values applied."""
        return with_overrides(self.config, self.params) if self.params else self.config


@dataclass(frozen=True)
class Experiment:
    """A loaded experiment: the file, its resolved scenarios and its design points."""

    path: Path
    spec: ExperimentFile
    scenarios: dict[str, Scenario]
    points: list[dict[str, Value]]
    geographies: dict[str, Any]
    """Each scenario's zones and travel times (loaded once, when the file was checked)."""

    def config_hash(self, scenario: str) -> str:
        """Short hash of a scenario's resolved config (before design points)."""
        return _hash(self.scenarios[scenario].model_dump(mode="json", by_alias=True))

    def runs(self) -> list[RunSpec]:
        """Every run, in design order: scenario, then point, then replication."""
        out = []
        for name, config in self.scenarios.items():
            config_hash = self.config_hash(name)
            for point, params in enumerate(self.points):
                for replication in range(self.spec.replications):
                    run_id = _hash([name, config_hash, point, params, replication])
                    out.append(
                        RunSpec(
                            run_id=run_id,
                            scenario=name,
                            point=point,
                            params=params,
                            replication=replication,
                            seed=replication_seed(self.spec.seed, replication),
                            config=config,
                            outcomes=self.spec.outcome_names,
                        )
                    )
        return out

    def map_content(self) -> dict[str, Any]:
        """The manifest's ``zones`` and ``pt_minutes_saved`` (what the charts' map needs).

        The zones are those of the first scenario's data; the savings are each scenario's
        public-transport minutes saved per link at the end of the horizon (full strength),
        links under :data:`MIN_LINK_SAVING_MIN` left out.
        """
        from youth_sim.geography import KIND_NAMES, Kind, Mode
        from youth_sim.policies import effects

        zones: list[dict[str, Any]] = []
        savings: dict[str, list[dict[str, Any]]] = {}
        for name, config in self.scenarios.items():
            geo = self.geographies[name]
            if not zones:
                zones = [
                    {"name": zone, "kind": KIND_NAMES[Kind(kind)], "region": region,
                     "lat": float(lat), "lon": float(lon)}
                    for zone, kind, region, lat, lon in zip(
                        geo.names, geo.kind, geo.region, geo.lat, geo.lon, strict=True
                    )
                ]  # fmt: skip
            last = config.run.years * 12
            fx = effects(geo, config, last, config.commute.pt_transfer_penalty_min)
            after = (fx.in_vehicle_min + fx.access_egress_min + fx.wait_min)[Mode.PT]
            saved = geo.minutes[Mode.PT] - after
            i, j = np.triu_indices(geo.n_zones, k=1)
            gain = np.maximum(saved[i, j], saved[j, i])
            savings[name] = [
                {"a": geo.names[a], "b": geo.names[b], "minutes": round(float(g), 3)}
                for a, b, g in zip(i, j, gain, strict=True)
                if g >= MIN_LINK_SAVING_MIN
            ]
        return {"zones": zones, "pt_minutes_saved": savings}

    def resolved(self) -> dict[str, Any]:
        """The experiment as run (for the manifest)."""
        return {
            "file": str(self.path),
            "experiment": self.spec.model_dump(mode="json"),
            "config_hashes": {name: self.config_hash(name) for name in self.scenarios},
            "scenario_configs": {
                name: config.model_dump(mode="json", by_alias=True)
                for name, config in self.scenarios.items()
            },
            "points": self.points,
        }


def replication_seed(seed: int, replication: int) -> int:
    """The model seed of a replication: the same for every scenario and design point.

    Derived from the experiment seed by numpy's SeedSequence keyed by the replication number,
    never by worker or completion order, so comparisons between scenarios are paired.
    """
    return int(np.random.SeedSequence(seed, spawn_key=(replication,)).generate_state(1)[0])


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _apply_point(config: Scenario, params: dict[str, Value], where: str) -> Scenario:
    if not params:
        return config
    try:
        return with_overrides(config, params, where=where)
    except ConfigError as exc:
        raise ConfigError(str(exc)) from None


def load_experiment(
    path: str | Path,
    *,
    replications: int | None = None,
    scale: float | None = None,
    years: int | None = None,
    overrides: tuple[str, ...] = (),
) -> Experiment:
    """Read and check an experiment file and every scenario it names.

    ``replications``, ``scale`` and ``years`` override the file (for a quick trial);
    ``overrides`` (``key.path=value``) apply to every scenario's config. Each scenario is
    checked against its geography data, and every design point against every scenario, so a
    bad value stops the experiment before any run rather than failing every run of it.
    """
    path = Path(path)
    return experiment_from_data(
        read_yaml(path), path, replications=replications, scale=scale, years=years,
        overrides=overrides,
    )  # fmt: skip


def experiment_from_data(
    data: dict[str, Any],
    path: Path,
    *,
    replications: int | None = None,
    scale: float | None = None,
    years: int | None = None,
    overrides: tuple[str, ...] = (),
) -> Experiment:
    """:func:`load_experiment` for the content ``data`` of the file ``path`` (already read).

    A calibration file builds its experiment this way (:mod:`youth_sim.calibration.spec`);
    relative paths and error messages refer to ``path``.
    """
    _fill_ranges(data, path, overrides)
    flags = {"replications": replications, "scale": scale, "years": years}
    given = {key: value for key, value in flags.items() if value is not None}
    data.update(given)
    try:
        spec = ExperimentFile.model_validate(data)
    except ValidationError as exc:
        message = format_errors(exc, data, path, set(given))
        for key in given:  # name the flag the user typed, not the key it overrode
            message = message.replace(f"--set: {key} = ", f"--{key} = ")
        raise ConfigError(message) from None
    base_path = path.parent / spec.base
    if not base_path.is_file():
        raise ConfigError(f"{path}: base = {spec.base!r}: file not found")
    flag_note = "".join(f", --{key} {value}" for key, value in given.items())
    scenarios = {}
    files: dict[str, tuple[Path, Scenario]] = {}
    for name, scenario in spec.scenarios.items():
        file = path.parent / scenario.config if scenario.config else base_path
        if not file.is_file():
            raise ConfigError(
                f"{path}: scenarios.{name}.config = {scenario.config!r}: file not found"
            )
        raw = config = load_scenario(file, overrides)
        values: dict[str, Any] = {"run.scale": spec.scale, "run.years": spec.years}
        values.update(scenario.set or {})
        try:
            config = with_overrides(
                config, values, where=f"{path} (scenarios.{name}.set{flag_note})"
            )
        except ConfigError as exc:
            raise ConfigError(str(exc)) from None
        scenarios[name] = config
        files[name] = (file, raw)
    points = design.points(spec) if spec.ensemble is None else _ensemble_points(spec, path)
    geographies = _check_against_data(path, scenarios, points, files, flag_note)
    return Experiment(
        path=path, spec=spec, scenarios=scenarios, points=points, geographies=geographies
    )


def _ensemble_points(spec: ExperimentFile, path: Path) -> list[dict[str, Value]]:
    """``ensemble.sample`` parameter sets drawn (seeded, without repeats) from a plausible set.

    The parameters are those the calibration varied (its ``manifest.json``); each point also
    keeps nothing else, so runs are paired on (point, replication) as in any design.
    """
    import pandas as pd

    ensemble = spec.ensemble
    assert ensemble is not None
    where = f"{path}: ensemble.file = {ensemble.file!r}"
    file = path.parent / ensemble.file
    if not file.is_file():
        raise ConfigError(f"{where}: file not found (run youth-sim calibrate first)")
    try:
        table = pd.read_parquet(file)
        parameters = list(json.loads((file.parent / "manifest.json").read_text())["parameters"])
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{where}: not a calibration's plausible sets ({exc})") from None
    missing = [name for name in parameters if name not in table.columns]
    if missing or len(table) == 0:
        reason = f"no column {missing[0]!r}" if missing else "no plausible parameter set"
        raise ConfigError(f"{where}: {reason}")
    rng = np.random.default_rng(spec.seed)
    chosen = np.sort(rng.choice(len(table), size=min(ensemble.sample, len(table)), replace=False))
    return [{name: _plain(table[name].iloc[row]) for name in parameters} for row in chosen.tolist()]


def _plain(value: Any) -> Value:
    """A numpy scalar as a plain int or float (integer columns stay integers)."""
    plain: Value = value.item() if hasattr(value, "item") else value
    return plain


def _fill_ranges(data: dict[str, Any], path: Path, overrides: tuple[str, ...]) -> None:
    """Give parameters named without low, high or values the range of the ``ranges:`` file.

    The file is checked against the experiment's base scenario (keys, values inside).
    """
    from youth_sim.config.uncertainty import load_ranges

    named = [
        (section, i, item)
        for section in ("uncertainties", "levers")
        for i, item in enumerate(data.get(section) or [])
        if isinstance(item, dict) and set(item) == {"name"}
    ]
    if not named or not isinstance(data.get("ranges"), str):
        return  # the schema says what is missing
    ranges_path = path.parent / data["ranges"]
    if not ranges_path.is_file():
        raise ConfigError(f"{path}: ranges = {data['ranges']!r}: file not found")
    base = data.get("base")
    if not isinstance(base, str) or not (path.parent / base).is_file():
        return  # reported by the schema or the base check
    ranges = load_ranges(ranges_path, load_scenario(path.parent / base, overrides))
    for section, i, item in named:
        found = ranges.get(item["name"])
        if found is None:
            raise ConfigError(
                f"{path}: {section}[{i}].name = {item['name']!r}: no low and high given, and "
                f"{data['ranges']} has no range for it"
            )
        kind = int if found.integer else float  # integer parameters get integer samples
        item["low"], item["high"] = kind(found.low), kind(found.high)


def _check_against_data(
    path: Path,
    scenarios: dict[str, Scenario],
    points: list[dict[str, Value]],
    files: dict[str, tuple[Path, Scenario]],
    flag_note: str,
) -> dict[str, Any]:
    """Check every scenario, at every design point, against its geography data.

    Validating a point costs about 0.2 ms, so even a Sobol design of thousands of points is
    checked whole, not only at its corners. Returns each scenario's geography (scenarios
    naming the same data files share one).
    """
    from youth_sim.checks import check_scenario, load_checked
    from youth_sim.geography import load_geography

    geographies: dict[tuple[str, ...], Any] = {}
    by_scenario = {}
    for name, config in scenarios.items():
        where = f"{path} (scenarios.{name}{flag_note})"
        key = (config.geography.zones, config.geography.travel_times, config.geography.sources)
        if key not in geographies:
            file, raw = files[name]
            if raw.geography == config.geography:  # checks the file as written; errors name it
                geographies[key] = load_checked(raw, file)
            else:
                geographies[key] = load_geography(config, Path(where))
        geo = by_scenario[name] = geographies[key]
        check_scenario(config, geo, Path(where))
        for point, params in enumerate(points):
            if params:
                at = f"{where}, design point {point}"
                check_scenario(_apply_point(config, params, at), geo, Path(at))
    return by_scenario
