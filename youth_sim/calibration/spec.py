"""Calibration files (``calibration/*.yaml``): parameters, targets, method; loaded and checked.

A calibration file names a base scenario, the uncertain parameters (by their dotted config keys;
their ranges come from the ``ranges:`` file, as in an experiment), the targets (a measure of
:mod:`.targets`, the observed value with its uncertainty and source, and whether it is used to
calibrate or kept back to validate), the method's settings, and the runs' replications, seed,
scale and years. It is turned into an experiment with one scenario and a Latin-hypercube first
wave, so that every wave runs on the experiment runner (crash-safe, resumable, on Dask).
Errors follow the config contract: one line naming the file, the key and the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from youth_sim.calibration.history import CUTOFF, Target
from youth_sim.calibration.targets import MEASURES
from youth_sim.config.load import format_errors, read_yaml
from youth_sim.errors import ConfigError
from youth_sim.experiment.design import cast
from youth_sim.experiment.schema import Parameter, Value
from youth_sim.experiment.spec import Experiment, experiment_from_data

SCENARIO = "calibration"
"""The one scenario of a calibration's experiments."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class TargetSpec(_Strict):
    """One observed pattern and how sure we are of it."""

    measure: str = Field(description="a measure of youth_sim.calibration.targets.MEASURES")
    observed: float = Field(description="the published value, in the measure's unit")
    sd: float = Field(gt=0.0, description="uncertainty of the observation (1 sd), same unit")
    discrepancy_sd: float = Field(
        default=0.0, ge=0.0, description="what the model leaves out (1 sd), same unit"
    )
    role: Literal["calibrate", "validate"] = Field(
        description="calibrate (used to rule out parameter sets) or validate (kept back)"
    )
    source: str = Field(min_length=1, description="where the observed value comes from")

    @field_validator("measure")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in MEASURES:
            raise ValueError(f"not a known measure ({', '.join(sorted(MEASURES))})")
        return value

    def target(self) -> Target:
        """The target as the history-matching code takes it."""
        return Target(self.measure, self.observed, self.sd, self.discrepancy_sd)


class Method(_Strict):
    """History matching in waves (docs/calibration.md)."""

    type: Literal["history_matching"] = Field(description="the method (one, for now)")
    waves: int = Field(ge=1, le=20, description="waves, the first one included")
    first_wave: int = Field(ge=2, le=100_000, description="parameter sets of the first wave")
    runs_per_wave: int = Field(ge=1, le=100_000, description="parameter sets of later waves")
    cutoff: float = Field(default=CUTOFF, gt=0.0, description="implausibility cut-off")
    candidates: int = Field(
        default=20_000, ge=100, le=10_000_000, description="points the emulators screen a wave"
    )


class CalibrationFile(_Strict):
    """The whole calibration file."""

    name: str = Field(min_length=1, description="folder name under results/calibration")
    base: str = Field(description="base scenario file, relative to this file")
    set: dict[str, Any] | None = Field(
        default=None, description="config values changed for every run: dotted key -> value"
    )
    ranges: str = Field(description="ranges file (configs/uncertainty.yaml), relative")
    parameters: list[str] = Field(
        min_length=1, description="dotted config keys varied (their ranges: from the ranges file)"
    )
    targets: list[TargetSpec] = Field(min_length=1, description="observed patterns")
    method: Method
    replications: int = Field(ge=1, le=1000, description="seeds per parameter set")
    seed: int = Field(ge=0, description="the calibration's seed: designs and runs")
    scale: float = Field(gt=0.0, le=1.0, description="agents per young person in every run")
    years: int = Field(ge=1, le=100, description="horizon of every run after the warm-up")

    @model_validator(mode="after")
    def _consistent(self) -> CalibrationFile:
        if len(set(self.parameters)) != len(self.parameters):
            raise ValueError("parameters: a key is listed twice")
        roles = [t.role for t in self.targets]
        if "calibrate" not in roles:
            raise ValueError("targets: none has role calibrate")
        kept = {t.measure for t in self.targets if t.role == "validate"}
        if len(kept) < 2:
            raise ValueError(
                "targets: keep at least two kinds of pattern back (role: validate), to "
                "check the calibrated model against what it was not fitted to"
            )
        return self

    @property
    def calibrating(self) -> list[TargetSpec]:
        """The targets used to rule out parameter sets."""
        return [t for t in self.targets if t.role == "calibrate"]

    @property
    def validating(self) -> list[TargetSpec]:
        """The targets kept back."""
        return [t for t in self.targets if t.role == "validate"]


@dataclass(frozen=True)
class Calibration:
    """A loaded calibration: the file and its first wave as an experiment."""

    path: Path
    spec: CalibrationFile
    experiment: Experiment
    """The first wave (a Latin hypercube over the ranges); later waves replace its points."""

    @property
    def parameters(self) -> list[Parameter]:
        """The varied parameters with their ranges, in the file's order."""
        by_name = {p.name: p for p in self.experiment.spec.parameters}
        return [by_name[name] for name in self.spec.parameters]

    @property
    def bounds(self) -> list[tuple[float, float]]:
        """Each parameter's (low, high), in the file's order."""
        return [(float(p.low), float(p.high)) for p in self.parameters]  # type: ignore[arg-type]

    def point(self, values: Iterable[float]) -> dict[str, Value]:
        """A parameter set as a design point (integer parameters stay integers, as in LHS)."""
        return {
            p.name: cast(float(value), p.low)
            for p, value in zip(self.parameters, values, strict=True)
        }


def load_calibration(path: str | Path) -> Calibration:
    """Read and check a calibration file, its base scenario, ranges and data."""
    path = Path(path)
    data = read_yaml(path)
    try:
        spec = CalibrationFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_errors(exc, data, path, set())) from None
    needs = sorted({need for t in spec.targets for need in MEASURES[t.measure].needs})
    try:
        experiment = _experiment(spec, path, needs)
    except ConfigError as exc:  # name the calibration file's own keys
        raise ConfigError(str(exc).replace("uncertainties[", "parameters[")) from None
    return Calibration(path=path, spec=spec, experiment=experiment)


def _experiment(spec: CalibrationFile, path: Path, needs: list[str]) -> Experiment:
    """The first wave as an experiment: one scenario, a Latin hypercube over the ranges."""
    return experiment_from_data(
        {
            "name": spec.name,
            "base": spec.base,
            "scenarios": {SCENARIO: {"set": dict(spec.set)} if spec.set else {}},
            "reference": SCENARIO,
            "design": {"type": "lhs", "n": spec.method.first_wave},
            "ranges": spec.ranges,
            "uncertainties": [{"name": name} for name in spec.parameters],
            "levers": [],
            "outcomes": needs or ["youth_unemployment_rate"],
            "replications": spec.replications,
            "seed": spec.seed,
            "scale": spec.scale,
            "years": spec.years,
        },
        path,
    )
