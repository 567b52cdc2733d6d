"""An experiment's results, read once for all charts and the annex."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from youth_sim.charts.labels import LANGS, Lang, text
from youth_sim.config.schema import Scenario
from youth_sim.experiment.manifest import ExperimentManifest
from youth_sim.experiment.summary import (
    discovery,
    ensemble_effects,
    load_results_and_tables,
    paired_effects,
    point_differences,
)

OKABE_ITO = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Colour-blind-safe palette (Okabe & Ito 2008), ordered so that the first three policies
differ in lightness too (orange, blue, bluish green: they stay apart printed in grey); the
reference scenario is drawn in dark grey. Each policy also has its own marker and line."""
REFERENCE_COLOUR = "#595959"


@dataclass(frozen=True)
class View:
    """What one line, bar or map panel shows: a scenario, at some of its design points."""

    key: str
    """Unique name: the scenario, or ``scenario@point`` for one point of a lever grid."""
    scenario: str
    points: tuple[int, ...] | None
    """Design points shown (their runs pooled); None: all of them."""
    labels: Mapping[str, str] | None = None
    """Display name per language; None: the scenario's label."""


@dataclass(frozen=True)
class Costs:
    """What a policy package costs over a run (intensities applied), euros."""

    one_off: float
    per_year: float
    """Running cost a year once every policy has started."""
    average_per_year: float
    """(One-off + running costs within the horizon) / horizon years."""
    missing: tuple[str, ...]
    """Policies that state no cost at all."""


@dataclass
class Results:
    """Everything the charts need from an experiment folder."""

    directory: Path
    manifest: ExperimentManifest
    runs: pd.DataFrame
    """Finished runs of the current design, status ok only, in design order."""
    tables: dict[str, pd.DataFrame]
    """The per-run ``ts`` and ``zones`` tables of every run in the ledger."""

    @classmethod
    def load(cls, directory: Path, notes: list[str] | None = None) -> Results:
        """Read manifest, runs and their tables in one visit to the ledger.

        See :func:`~youth_sim.experiment.summary.load_results_and_tables`.
        """
        manifest, runs, tables = load_results_and_tables(directory, ("ts", "zones"), notes)
        if not runs.empty:
            runs = runs[runs["status"] == "ok"].reset_index(drop=True)
        return cls(directory=directory, manifest=manifest, runs=runs, tables=tables)

    @property
    def spec(self) -> dict[str, Any]:
        """The experiment file as run."""
        return self.manifest.spec

    @property
    def scenarios(self) -> list[str]:
        """Scenario names in file order (the reference included)."""
        return [s for s in self.spec["scenarios"] if s in set(self.runs["scenario"])]

    @property
    def reference(self) -> str:
        """The scenario the others are compared with."""
        return str(self.spec["reference"])

    @property
    def policies(self) -> list[str]:
        """Scenarios other than the reference that have finished runs."""
        return [s for s in self.scenarios if s != self.reference]

    @property
    def replications(self) -> int:
        """Replications per scenario and design point (as planned)."""
        return int(self.spec["replications"])

    @property
    def years(self) -> int:
        """Horizon of every run, years."""
        return int(self.spec["years"])

    @property
    def start_year(self) -> int:
        """Calendar year of step 0."""
        first = self.manifest.scenario_config(next(iter(self.spec["scenarios"])))
        return int(first["run"]["start_year"])

    def config(self, scenario: str) -> Scenario:
        """The resolved config of a scenario (before design points)."""
        data = self.manifest.scenario_config(scenario)
        return Scenario.model_validate_json(json.dumps(data))  # JSON mode: "18" keys are ages

    def colour(self, scenario: str) -> str:
        """The one colour of a scenario in every chart."""
        if scenario == self.reference:
            return REFERENCE_COLOUR
        others = [s for s in self.spec["scenarios"] if s != self.reference]
        return OKABE_ITO[others.index(scenario) % len(OKABE_ITO)]

    def label(self, name: str, lang: Lang) -> str:
        """Display name of a scenario or parameter (the experiment's labels, else its name)."""
        labels = self.spec.get("labels") or {}
        if name in labels:
            return str(labels[name][lang])
        return name.replace("_", " ")

    @cached_property
    def zone_info(self) -> pd.DataFrame:
        """The zones as the manifest lists them: ``kind``, ``region``, ``lat``, ``lon``, ``inside``.

        Indexed by zone name, in the data's order.
        """
        table = pd.DataFrame([zone.model_dump() for zone in self.manifest.zones]).set_index("name")
        table["inside"] = table["kind"] != "outside"
        return table

    @cached_property
    def effects(self) -> pd.DataFrame:
        """Paired differences from the reference (see ``experiment.summary``)."""
        return paired_effects(self.manifest, self.runs)

    @cached_property
    def views(self) -> list[View]:
        """What the time paths, the map and the home-and-work bars compare; reference first.

        One view per scenario, over all its design points; but for a grid of policy levers in
        one scenario, the grid's point without any policy (every lever at its lowest) against
        the point the experiment highlights (else every lever at its highest), each named for
        what it is: point 0 of such a grid is no policy at all, not the scenario's package.
        """
        spec = self.spec
        levers = [lever["name"] for lever in spec.get("levers") or []]
        if spec["design"]["type"] != "grid" or len(self.scenarios) != 1 or not levers:
            ordered = [self.reference] + [s for s in self.scenarios if s != self.reference]
            return [View(s, s, None) for s in ordered if s in self.scenarios]
        scenario = self.scenarios[0]
        points = pd.DataFrame(self.manifest.points)
        lowest = np.flatnonzero((points[levers] == points[levers].min()).all(axis=1))
        highlight = spec.get("highlight") or {}
        wanted = highlight.get("point") or {name: points[name].max() for name in levers}
        chosen = np.flatnonzero(
            np.all([np.isclose(points[name], wanted[name]) for name in levers], axis=0)
        )
        none: dict[str, str] = {lang: text("grid_none", lang) for lang in LANGS}
        label = highlight.get("label") or {
            lang: text("grid_full", lang, scenario=self.label(scenario, lang)) for lang in LANGS
        }
        views = [View(f"{scenario}@none", scenario, tuple(int(i) for i in lowest[:1]), none)]
        if len(chosen):
            views.append(View(f"{scenario}@{int(chosen[0])}", scenario,
                              (int(chosen[0]),), dict(label)))  # fmt: skip
        return views

    @cached_property
    def policy_start(self) -> float | None:
        """Calendar year the first policy of any compared scenario starts; None without any."""
        years = [p.start_year for s in self.scenarios for p in self.config(s).policies]
        return float(min(years)) if years else None

    def costs(self, view: View) -> Costs:
        """Costs of a view's policies, scaled by their intensity (at a grid point: the lever's).

        Running costs count from each policy's start year to the end of the horizon.
        """
        point = self.manifest.points[view.points[0]] if view.points else {}
        end = self.start_year + self.years
        one_off = running = per_year = 0.0
        missing = []
        for policy in self.config(view.scenario).policies:
            strength = float(point.get(f"policies.{policy.name}.intensity", policy.intensity))
            if policy.cost_eur is None and policy.cost_eur_per_year is None:
                missing.append(policy.name)
            one_off += strength * (policy.cost_eur or 0.0)
            yearly = strength * (policy.cost_eur_per_year or 0.0)
            per_year += yearly
            running += yearly * min(max(end - policy.start_year, 0), self.years)
        return Costs(one_off, per_year, (one_off + running) / self.years, tuple(missing))

    def view_label(self, view: View, lang: Lang) -> str:
        """Display name of a view."""
        return view.labels[lang] if view.labels else self.label(view.scenario, lang)

    def view_colour(self, view: View) -> str:
        """The reference view grey, the others in the scenario palette, in order."""
        views = self.views
        if view.key == views[0].key:
            return REFERENCE_COLOUR
        if view.points is None:
            return self.colour(view.scenario)
        return OKABE_ITO[(views.index(view) - 1) % len(OKABE_ITO)]

    def of_view(self, table: pd.DataFrame, view: View) -> pd.DataFrame:
        """Rows of a per-run table (``scenario`` and ``point`` columns) that a view shows."""
        mine = table[table["scenario"] == view.scenario]
        return mine if view.points is None else mine[mine["point"].isin(view.points)]

    @property
    def is_ensemble(self) -> bool:
        """Whether the scenarios ran over a calibration's plausible parameter sets."""
        return bool(self.spec.get("ensemble"))

    @cached_property
    def ensemble(self) -> pd.DataFrame:
        """Effects over the parameter sets and win shares (``summary.ensemble_effects``)."""
        return ensemble_effects(self.manifest, self.runs)

    @cached_property
    def discovery(self) -> pd.DataFrame:
        """Where in the parameter space each policy wins (``summary.discovery``)."""
        return discovery(self.manifest, self.runs)

    @cached_property
    def parameter_sets(self) -> pd.DataFrame:
        """The design points' parameter values, indexed by point."""
        return pd.DataFrame(self.manifest.points)

    def differences(self, scenario: str, rival: str, outcome: str) -> pd.Series:
        """``scenario`` less ``rival`` per design point, mean over replications."""
        return point_differences(self.manifest, self.runs, scenario, rival, outcome)

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """Monthly indicators of the ok runs, with their scenario and point."""
        return self._of_ok_runs("ts")

    @cached_property
    def zones(self) -> pd.DataFrame:
        """Final zone tables of the ok runs, with their scenario and point."""
        return self._of_ok_runs("zones")

    def _of_ok_runs(self, tag: str) -> pd.DataFrame:
        table = self.tables[tag]
        if table.empty:
            return table
        keys = self.runs[["run_id", "scenario", "point", "replication"]]
        return table.merge(keys, on="run_id", how="inner")

    def footnote(self, lang: Lang) -> str:
        """The line under every chart: scenarios, replications, version, run date."""
        from youth_sim.charts.labels import number

        return text(
            "footnote",
            lang,
            version=self.manifest.youth_sim_version,
            scenarios=", ".join(self.label(s, lang) for s in self.scenarios),
            replications=text("replications", lang, n=self.replications)
            if self.replications != 1
            else text("replication", lang),
            per_agent=number(1 / float(self.spec["scale"]), lang, 0),
            date=self.manifest.created[:10],
        )
