"""The experiment file's schema (pydantic): scenarios, design, parameters, outcomes.

EMA Workbench's vocabulary: ``uncertainties`` and ``levers`` are the parameters a design
varies, ``outcomes`` the indicators kept. Loading and checking a file is
:func:`youth_sim.experiment.spec.load_experiment`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from youth_sim.contract import INDICATOR_NAMES

Value = float | int | str | bool


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Parameter(_Strict):
    """A config value the design varies: ``low``-``high`` (sampled) or ``values`` (grid)."""

    name: str = Field(
        min_length=1, description="dotted config key, e.g. residence.logit_scale_eur_month"
    )
    low: int | float | None = Field(
        default=None, description="lowest value sampled (with high; integers stay integers)"
    )
    high: int | float | None = Field(default=None, description="highest value sampled")
    values: list[Value] | None = Field(
        default=None, min_length=1, description="the values a grid takes, in order"
    )

    @model_validator(mode="after")
    def _range_or_values(self) -> Parameter:
        has_range = self.low is not None and self.high is not None
        if has_range == (self.values is not None) or (self.low is None) != (self.high is None):
            raise ValueError(
                "give either low and high, or values (or only the name, with a ranges: file "
                "that has it)"
            )
        if has_range and not self.low < self.high:  # type: ignore[operator]
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class Design(_Strict):
    """How design points are made from the parameters."""

    type: Literal["none", "grid", "lhs", "morris", "sobol"] = Field(
        description="none, grid (every combination of values), lhs (Latin hypercube), morris, sobol"
    )
    n: int | None = Field(
        default=None, ge=1, le=100_000,
        description="LHS samples, Morris trajectories, or Sobol base samples",
    )  # fmt: skip
    levels: int | None = Field(default=None, ge=2, le=20, description="Morris grid levels")


class ScenarioSpec(_Strict):
    """One scenario: a config file (relative to the experiment), and/or overrides of it."""

    config: str | None = Field(
        default=None, description="scenario file, relative to the experiment (default: base)"
    )
    set: dict[str, Any] | None = Field(
        default=None, description="config values to change: dotted key -> value"
    )


class Label(_Strict):
    """A display name in Dutch and English (charts and the annex)."""

    nl: str = Field(min_length=1, description="Dutch")
    en: str = Field(min_length=1, description="English")


class Highlight(_Strict):
    """A design point to mark in charts (e.g. the combination a study suggested)."""

    point: dict[str, Value] = Field(min_length=1, description="parameter -> value")
    label: Label = Field(description="what the charts call it")


class Ensemble(_Strict):
    """Run every scenario on parameter sets of a calibration's plausible ensemble."""

    file: str = Field(
        min_length=1,
        description="plausible.parquet of a calibration (its manifest.json beside it), relative",
    )
    sample: int = Field(ge=1, le=100_000, description="parameter sets drawn from it (seeded)")


class ExperimentFile(_Strict):
    """The whole experiment file."""

    name: str = Field(
        min_length=1, pattern=r"^[A-Za-z0-9_.-]+$",
        description="the experiment's name; default output folder results/<name>",
    )  # fmt: skip
    base: str = Field(description="base scenario file, relative to the experiment file")
    scenarios: dict[str, ScenarioSpec] = Field(
        min_length=1, description="the scenarios compared: name -> config file and/or changes"
    )
    reference: str = Field(description="scenario the others are compared with")
    design: Design = Field(description="how design points are made from the parameters")
    uncertainties: list[Parameter] = Field(
        description="parameters we are unsure of (EMA's uncertainties)"
    )
    levers: list[Parameter] = Field(description="policy settings varied (EMA's levers)")
    outcomes: list[str] | Literal["all"] = Field(description="indicators kept, or all")
    replications: int = Field(ge=1, le=10_000, description="seeds per scenario and point")
    seed: int = Field(ge=0, description="the experiment's seed; every run's seed comes from it")
    scale: float = Field(gt=0.0, le=1.0, description="agents per young person in every run")
    years: int = Field(ge=1, le=100, description="horizon of every run, years")
    ranges: str | None = Field(
        default=None,
        description="plausible ranges (configs/uncertainty.yaml), relative to the experiment "
        "file: a parameter given by name only takes its low and high from there",
    )
    labels: dict[str, Label] | None = Field(
        default=None, description="display names of scenarios and parameters"
    )
    highlight: Highlight | None = Field(
        default=None, description="a design point to mark in the charts"
    )
    ensemble: Ensemble | None = Field(
        default=None,
        description="design points drawn from a calibration's plausible parameter sets "
        "(design type none, no uncertainties or levers)",
    )

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
        if self.ensemble is not None and (kind != "none" or parameters):
            raise ValueError(
                "ensemble: its parameter sets are the design: use design type none and no "
                "uncertainties or levers"
            )
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
