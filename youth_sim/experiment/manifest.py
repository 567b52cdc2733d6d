"""An experiment folder's ``manifest.json``, typed: provenance, the plan, and what maps need.

The manifest is written at every start of ``youth-sim experiment`` and read by
``summarize``, ``charts`` and ``report``. Besides provenance (:func:`youth_sim.io.manifest`)
and the resolved experiment, it carries the zones (name, kind, region, coordinates) and, per
scenario, the public-transport minutes its policies save on each link at full strength
(:meth:`youth_sim.experiment.spec.Experiment.map_content`): everything the charts need, so
they never load the geography or run the policies themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from youth_sim.errors import ConfigError


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Zone(_Frozen):
    """A zone as a map draws it."""

    name: str
    kind: Literal["city", "town", "rural", "outside"]
    region: str
    lat: float
    lon: float


class Link(_Frozen):
    """Public-transport minutes a scenario saves between two zones (the larger direction)."""

    a: str
    b: str
    minutes: float


class ExperimentManifest(_Frozen):
    """The content of ``manifest.json`` in an experiment folder."""

    youth_sim_version: str
    git_commit: str | None
    python: str
    mesa: str
    numpy: str
    pandas: str
    created: str
    experiment: dict[str, Any]
    """The experiment as run: ``file``, ``experiment`` (the file's content), ``config_hashes``,
    ``scenario_configs`` (each scenario's resolved config) and ``points`` (the design)."""
    outcomes: list[str]
    problem: dict[str, Any] | None
    """SALib's problem (names and bounds) for numeric designs."""
    run_ids: list[str]
    """The planned runs, in design order."""
    execution: dict[str, Any]
    zones: list[Zone]
    pt_minutes_saved: dict[str, list[Link]]
    """Per scenario, the links its policies make faster by public transport, at full strength."""

    @property
    def spec(self) -> dict[str, Any]:
        """The experiment file's content (as validated)."""
        return dict(self.experiment["experiment"])

    @property
    def points(self) -> list[dict[str, Any]]:
        """The design points, in order."""
        return list(self.experiment["points"])

    def scenario_config(self, scenario: str) -> dict[str, Any]:
        """A scenario's resolved config (JSON form)."""
        return dict(self.experiment["scenario_configs"][scenario])

    def savings_matrix(self, scenario: str) -> np.ndarray:
        """(Z, Z) symmetric public-transport minutes saved, zones in :attr:`zones` order."""
        index = {zone.name: i for i, zone in enumerate(self.zones)}
        out = np.zeros((len(self.zones), len(self.zones)))
        for link in self.pt_minutes_saved.get(scenario, []):
            out[index[link.a], index[link.b]] = out[index[link.b], index[link.a]] = link.minutes
        return out


def read_manifest(directory: Path) -> ExperimentManifest:
    """An experiment folder's manifest; :class:`ConfigError` in one line if it cannot be used."""
    path = directory / "manifest.json"
    rewrite = f"run the experiment command again with --out {directory} to rewrite it"
    if not path.is_file():
        raise ConfigError(f"{directory}: no manifest.json (not an experiment output folder)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ConfigError(
            f"{path}: damaged (not valid JSON{where}); {rewrite} (finished runs are kept)"
        ) from None
    if not isinstance(data, dict) or "run_ids" not in data or "experiment" not in data:
        raise ConfigError(f"{path}: not an experiment manifest (no 'run_ids'); {rewrite}")
    try:
        return ExperimentManifest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        problem = "missing" if first["type"] == "missing" else str(first["msg"]).lower()
        raise ConfigError(
            f"{path}: {key}: {problem} (written by an older youth_sim?); {rewrite} (finished "
            f"runs are kept)"
        ) from None
