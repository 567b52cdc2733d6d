"""Experiment files: schema, loading, and the list of runs they define.

An experiment (``experiments/*.yaml``, EMA Workbench's vocabulary) names a base scenario,
scenarios to compare (config files or inline ``set:`` overrides of the base), a parameter
design over ``uncertainties`` and ``levers`` (dotted config keys), the ``outcomes`` to keep,
``replications``, one ``seed``, ``scale`` and ``years``. Errors follow the config contract: one
line naming the file, the key and the value (:class:`~youth_sim.config.ConfigError`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from youth_sim.config.load import (
    ConfigError,
    format_errors,
    load_scenario,
    read_yaml,
    with_overrides,
)
from youth_sim.config.schema import Scenario
from youth_sim.experiment import design
from youth_sim.indicators import INDICATOR_NAMES

Value = float | int | str | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Parameter(_Strict):
    """A config value the design varies: ``low``-``high`` (sampled) or ``values`` (grid)."""

    name: str = Field(
        min_length=1, description="dotted config key, e.g. residence.logit_scale_eur_month"
    )
    low: int | float | None = None
    high: int | float | None = None
    values: list[Value] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _range_or_values(self) -> Parameter:
        has_range = self.low is not None and self.high is not None
        if has_range == (self.values is not None) or (self.low is None) != (self.high is None):
            raise ValueError("give either low and high, or values")
        if has_range and not self.low < self.high:  # type: ignore[operator]
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Design(_Strict):
    """How design points are made from the parameters."""

    type: Literal["none", "grid", "lhs", "morris", "sobol"]
    n: int | None = Field(
        default=None, ge=1, le=100_000,
        description="LHS samples, Morris trajectories, or Sobol base samples",
    )  # fmt: skip
    levels: int | None = Field(default=None, ge=2, le=20, description="Morris grid levels")


class ScenarioSpec(_Strict):
    """One scenario: a config file (relative to the experiment), and/or overrides of it."""

    config: str | None = None
    set: dict[str, Any] | None = None


class Label(_Strict):
    """A display name in Dutch and English (charts and the annex)."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Highlight(_Strict):
    """A design point to mark in charts (e.g. the combination a study suggested)."""

    point: dict[str, Value] = Field(min_length=1)
    label: Label


class ExperimentFile(_Strict):
    """The whole experiment file."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    base: str = Field(description="base scenario file, relative to the experiment file")
    scenarios: dict[str, ScenarioSpec] = Field(min_length=1)
    reference: str = Field(description="scenario the others are compared with")
    design: Design
    uncertainties: list[Parameter]
    levers: list[Parameter]
    outcomes: list[str] | Literal["all"]
    replications: Annotated[int, Field(ge=1, le=10_000)]
    seed: Annotated[int, Field(ge=0)]
    scale: Annotated[float, Field(gt=0.0, le=1.0)]
    years: Annotated[int, Field(ge=1, le=100)]
    labels: dict[str, Label] | None = Field(
        default=None, description="display names of scenarios and parameters"
    )
    highlight: Highlight | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ExperimentFile:
        if self.reference not in self.scenarios:
            raise ValueError(f"reference = {self.reference!r}: not one of the scenarios")
        if self.outcomes != "all":
            for name in self.outcomes:
                if name not in INDICATOR_NAMES:
                    raise ValueError(f"outcomes: {name!r} is not an indicator")
        parameters = [*self.uncertainties, *self.levers]
        names = [p.name for p in parameters]
        if len(set(names)) != len(names):
            raise ValueError("a parameter is listed twice in uncertainties and levers")
        kind = self.design.type
        if kind == "none" and parameters:
            raise ValueError("design.type = 'none' takes no uncertainties or levers")
        if kind != "none" and not parameters:
            raise ValueError(f"design.type = {kind!r} needs uncertainties or levers to vary")
        if kind == "grid" and any(p.values is None for p in parameters):
            raise ValueError("a grid needs values for every parameter")
        if kind in ("lhs", "morris", "sobol"):
            if any(p.low is None for p in parameters):
                raise ValueError(f"design.type = {kind!r} needs low and high for every parameter")
            if self.design.n is None:
                raise ValueError(f"design.n: missing (the {kind} sample size)")
        n = self.design.n
        if kind == "sobol" and n is not None and n & (n - 1):
            below = 1 << (n.bit_length() - 1)
            raise ValueError(
                f"design.n = {n}: a Sobol design needs a power of two (e.g. {below} or "
                f"{2 * below}); other sizes lose the sequence's balance"
            )
        if kind == "morris" and self.design.levels is None:
            raise ValueError("design.levels: missing (Morris grid levels)")
        for key in self.labels or {}:
            if key not in self.scenarios and key not in names:
                raise ValueError(f"labels.{key}: not a scenario or parameter of this experiment")
        if self.highlight is not None:
            unknown = set(self.highlight.point) - set(names)
            if unknown:
                raise ValueError(f"highlight.point: {sorted(unknown)[0]!r} is not a parameter")
        return self

    @property
    def parameters(self) -> list[Parameter]:
        """Uncertainties then levers, in file order."""
        return [*self.uncertainties, *self.levers]

    @property
    def outcome_names(self) -> tuple[str, ...]:
        """The indicators kept."""
        return INDICATOR_NAMES if self.outcomes == "all" else tuple(self.outcomes)


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
    data = read_yaml(path)
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
    points = design.points(spec)
    experiment = Experiment(path=path, spec=spec, scenarios=scenarios, points=points)
    _check_against_data(experiment, files, flag_note)
    return experiment


def _check_against_data(
    experiment: Experiment, files: dict[str, tuple[Path, Scenario]], flag_note: str
) -> None:
    """Check every scenario, at every design point, against its geography data.

    Validating a point costs about 0.2 ms, so even a Sobol design of thousands of points is
    checked whole, not only at its corners.
    """
    from youth_sim.geography import check_scenario, load_geography

    geographies: dict[tuple[str, ...], Any] = {}
    for name, config in experiment.scenarios.items():
        where = f"{experiment.path} (scenarios.{name}{flag_note})"
        key = (config.geography.zones, config.geography.travel_times, config.geography.sources)
        if key not in geographies:
            file, raw = files[name]
            if raw.geography == config.geography:  # checks the file as written; errors name it
                geographies[key] = load_geography(raw, file)
            else:
                geographies[key] = load_geography(config, Path(where))
        geo = geographies[key]
        check_scenario(config, geo, Path(where))
        for point, params in enumerate(experiment.points):
            if params:
                at = f"{where}, design point {point}"
                check_scenario(_apply_point(config, params, at), geo, Path(at))
