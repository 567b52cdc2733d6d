"""Read an experiment's results: paired policy effects and sensitivity indices.

* :func:`paired_effects`: for each scenario and indicator, the mean difference from the
  reference scenario, paired on (design point, replication), with a 95% t-interval; flagged
  when the interval straddles zero (the sign cannot be told).
* :func:`sensitivity`: Morris mu*/sigma or Sobol S1/ST per parameter (SALib), on each
  scenario's paired difference from the reference (or on the indicator itself when the
  experiment has one scenario), averaged over replications. It refuses when any run is
  missing, failed or NaN: SALib would silently return zeros (checked: one NaN gives S1 = ST = 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from youth_sim.experiment.manifest import ExperimentManifest, read_manifest
from youth_sim.experiment.store import Store

if TYPE_CHECKING:
    from youth_sim.experiment.discovery import Box


class SummaryError(Exception):
    """Results that cannot be summarised honestly; the message says why."""


def load_results(
    directory: Path, notes: list[str] | None = None
) -> tuple[ExperimentManifest, pd.DataFrame]:
    """The manifest and the runs of the current design, in design order.

    The runs come from the ledger. When no experiment is writing to the folder, its Parquet
    exports are brought up to date first; ``notes`` receives what was found and done.
    """
    manifest, runs, _ = load_results_and_tables(directory, (), notes)
    return manifest, runs


def load_results_and_tables(
    directory: Path, tables: tuple[str, ...], notes: list[str] | None = None
) -> tuple[ExperimentManifest, pd.DataFrame, dict[str, pd.DataFrame]]:
    """:func:`load_results`, plus the per-run ``tables`` (``ts``, ``zones``) of every run.

    One visit to the ledger for all of them (the charts need the three).
    """
    manifest = read_manifest(directory)
    planned = manifest.run_ids
    with Store(directory, writer=False) as store:
        store.export(planned)  # does nothing unless this process holds the folder
        runs = store.read_runs()
        extra = {tag: store.read_table(tag) for tag in tables}
        if notes is not None:
            notes.extend(store.notes)
    if runs.empty:
        return manifest, runs, extra
    order = {run_id: i for i, run_id in enumerate(planned)}
    runs = runs[runs["run_id"].isin(order)].copy()
    runs["_order"] = runs["run_id"].map(order)
    runs = runs.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    return manifest, runs, extra


def paired_effects(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Mean paired difference from the reference per scenario and indicator, with a 95% CI."""
    spec = manifest.spec
    reference = spec["reference"]
    outcomes = manifest.outcomes
    ok = runs[runs["status"] == "ok"]
    base = ok[ok["scenario"] == reference].set_index(["point", "replication"])
    rows = []
    for scenario in spec["scenarios"]:
        if scenario == reference:
            continue
        other = ok[ok["scenario"] == scenario].set_index(["point", "replication"])
        both = other.index.intersection(base.index)
        for outcome in outcomes:
            diff = (other.loc[both, outcome] - base.loc[both, outcome]).to_numpy(dtype=float)
            diff = diff[np.isfinite(diff)]
            n = len(diff)
            mean, low, high = _mean_with_interval(diff)
            rows.append(
                {
                    "scenario": scenario,
                    "indicator": outcome,
                    "mean_difference": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "n_pairs": n,
                    "sign_clear": bool(n > 1 and (low > 0 or high < 0)),
                    "reference_mean": float(base.loc[both, outcome].mean()) if n else np.nan,
                }
            )
    return pd.DataFrame(rows)


PERSONS_OF: dict[str, tuple[str, ...]] = {
    "youth_unemployment_rate": ("unemployed_vocational", "unemployed_knowledge",
                                "workers_home_vocational", "workers_home_knowledge"),
    "unemployment_rate_vocational": ("unemployed_vocational", "workers_home_vocational"),
    "unemployment_rate_knowledge": ("unemployed_knowledge", "workers_home_knowledge"),
    "long_commute_share": ("workers_home_vocational", "workers_home_knowledge"),
    "overqualified_share": ("workers_home_knowledge",),
    "unfilled_vacancy_rate": ("jobs_vocational", "jobs_knowledge"),
    "unfilled_vacancy_rate_city": ("jobs_vocational", "jobs_knowledge"),
    "unfilled_vacancy_rate_rest": ("jobs_vocational", "jobs_knowledge"),
}  # fmt: skip
"""The persons a share is of, as sums of final zone columns over Overijssel zones (the cities
or the rest for the vacancy rates there): a share's effect times their number is persons."""


def with_persons(
    effects: pd.DataFrame, manifest: ExperimentManifest, zones: pd.DataFrame, runs: pd.DataFrame
) -> pd.DataFrame:
    """``effects`` with ``persons``: a share's effect times the persons it is a share of.

    The denominator is the reference scenario's mean over its runs at the end (zones
    written from version 0.3 on); NaN for indicators that are not shares of persons here.
    """
    effects = effects.copy()
    effects["persons"] = np.nan
    if zones.empty or effects.empty:
        return effects
    kind = {zone.name: zone.kind for zone in manifest.zones}
    reference = runs[(runs["scenario"] == manifest.spec["reference"]) & (runs["status"] == "ok")]
    mine = zones[zones["run_id"].isin(reference["run_id"])]
    mine = mine.assign(kind=mine["zone"].map(kind))
    places = {
        "unfilled_vacancy_rate_city": mine["kind"] == "city",
        "unfilled_vacancy_rate_rest": mine["kind"].isin(["town", "rural"]),
    }
    for indicator, columns in PERSONS_OF.items():
        if not set(columns) <= set(mine.columns):
            continue
        where = places.get(indicator, mine["kind"] != "outside")
        total = mine[where].groupby("run_id")[list(columns)].sum().sum(axis=1).mean()
        rows = effects["indicator"] == indicator
        effects.loc[rows, "persons"] = effects.loc[rows, "mean_difference"] * total
    return effects


def point_means(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard error of each indicator per scenario and design point (ok runs).

    One row per (scenario, point) with the point's parameter values, ``n`` and for each
    indicator ``<name>`` (mean) and ``<name>_se``: the table behind a grid's heatmap.
    """
    outcomes = manifest.outcomes
    ok = runs[runs["status"] == "ok"]
    grouped = ok.groupby(["scenario", "point"], sort=False)[outcomes]
    means = grouped.mean()
    se = (grouped.std(ddof=1) / grouped.count().transform(np.sqrt)).add_suffix("_se")
    table = pd.concat([grouped.size().rename("n"), means, se], axis=1).reset_index()
    points = pd.DataFrame(manifest.points)
    points.index.name = "point"
    return points.reset_index().merge(table, on="point", how="right")


def sensitivity(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Morris or Sobol indices per scenario (difference from the reference), indicator, parameter.

    Raises
    ------
    SummaryError
        When the design is not Morris or Sobol, or a run is missing, failed or NaN.
    """
    spec = manifest.spec
    kind = spec["design"]["type"]
    if kind not in ("morris", "sobol"):
        raise SummaryError(f"design.type is {kind!r}: sensitivity indices need morris or sobol")
    problem = manifest.problem or {}
    points = manifest.points
    replications = spec["replications"]
    scenarios = list(spec["scenarios"])
    expected = len(points) * replications * len(scenarios)
    ok = runs[runs["status"] == "ok"]
    missing = expected - len(ok)
    if missing:
        raise SummaryError(
            f"{missing} of {expected} runs are missing or failed; {kind} indices need every "
            f"design point (SALib would silently return zeros). Finish or --retry-failed first."
        )
    outcomes = manifest.outcomes
    if ok[outcomes].isna().any().any():
        raise SummaryError("some indicator values are NaN; SALib would silently return zeros")
    reference = spec["reference"]
    compare = [s for s in scenarios if s != reference] or [reference]
    x = np.array([[point[name] for name in problem["names"]] for point in points], dtype=float)
    means = ok.groupby(["scenario", "point"])[outcomes].mean()
    rows = []
    for scenario in compare:
        for outcome in outcomes:
            y = means.loc[scenario, outcome].to_numpy()
            if scenario != reference:
                y = y - means.loc[reference, outcome].to_numpy()
            rows.extend(_indices(kind, problem, x, y, spec, scenario, outcome))
    return pd.DataFrame(rows)


def _indices(
    kind: str,
    problem: dict[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    spec: dict[str, Any],
    scenario: str,
    outcome: str,
) -> list[dict[str, Any]]:
    head = {"scenario": scenario, "indicator": outcome}
    if kind == "morris":
        from SALib.analyze import morris

        result = morris.analyze(
            problem, x, y, num_levels=spec["design"]["levels"], seed=spec["seed"]
        )
        return [
            {**head, "parameter": name, "mu_star": float(mu_star), "mu_star_conf": float(conf),
             "sigma": float(sigma), "mu": float(mu)}
            for name, mu_star, conf, sigma, mu in zip(
                result["names"], result["mu_star"], result["mu_star_conf"], result["sigma"],
                result["mu"], strict=True,
            )
        ]  # fmt: skip
    from SALib.analyze import sobol

    result = sobol.analyze(problem, y, calc_second_order=False, seed=spec["seed"])
    return [
        {**head, "parameter": name, "S1": float(s1), "S1_conf": float(s1c), "ST": float(st),
         "ST_conf": float(stc)}
        for name, s1, s1c, st, stc in zip(
            problem["names"], result["S1"], result["S1_conf"], result["ST"], result["ST_conf"],
            strict=True,
        )
    ]  # fmt: skip


def ensemble_effects(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Effects over a plausible ensemble: parameter uncertainty included, and win shares.

    For each scenario other than the reference and each indicator: the paired difference is
    averaged over replications within each parameter set (design point); then ``mean_difference``
    is the mean over the sets, ``ci_low``/``ci_high`` a 95% t-interval over the sets (so it
    holds what we do not know about behaviour as well as chance), ``band_low``/``band_high``
    the 2.5-97.5% range of the sets' effects, and ``win_share`` the share of sets in which the
    scenario does better than the reference (:data:`~youth_sim.contract.BETTER`). Rows for
    every other scenario ``versus`` give the share of sets in which the scenario beats it.
    ``parameter_share`` is the part of the spread of the sets' effects that the parameters
    explain (the rest is chance between seeds; :func:`_parameter_share`).
    """
    from youth_sim.contract import BETTER

    spec = manifest.spec
    reference = spec["reference"]
    means = _point_means(manifest, runs)
    ok = runs[runs["status"] == "ok"].set_index(["scenario", "point", "replication"])
    scenarios = list(spec["scenarios"])
    rows = []
    for scenario in scenarios:
        if scenario == reference:
            continue
        for outcome in manifest.outcomes:
            effect = _point_difference(means, scenario, reference, outcome).to_numpy()
            n = len(effect)
            mean, low, high = _mean_with_interval(effect)
            paired = (ok.loc[scenario][outcome] - ok.loc[reference][outcome]).dropna()
            row: dict[str, Any] = {
                "scenario": scenario,
                "indicator": outcome,
                "mean_difference": mean,
                "ci_low": low,
                "ci_high": high,
                "band_low": float(np.percentile(effect, 2.5)) if n else np.nan,
                "band_high": float(np.percentile(effect, 97.5)) if n else np.nan,
                "n_sets": n,
                "win_share": _share_better(BETTER[outcome] * effect),
                "parameter_share": _parameter_share(paired),
            }
            for other in scenarios:
                if other in (scenario, reference):
                    continue
                gap = _point_difference(means, scenario, other, outcome).to_numpy()
                row[f"beats_{other}"] = _share_better(BETTER[outcome] * gap)
            rows.append(row)
    return pd.DataFrame(rows)


def _parameter_share(paired: pd.Series) -> float:
    """Share of the variance of the sets' mean effects that is not chance between seeds.

    ``paired`` holds each run's paired effect, indexed by (point, replication). With ``r``
    replications per set, chance adds ``within / r`` to the variance of the set means
    (one-way random effects, method of moments); the parameters explain the rest (at least 0).
    NaN with one replication per set or fewer than two sets.
    """
    by_point = paired.groupby(level="point")
    counts = by_point.size()
    if len(counts) < 2 or counts.min() < 2:
        return np.nan
    between = float(by_point.mean().var(ddof=1))
    within = float(by_point.var(ddof=1).mean())
    if between <= 0:
        return 0.0
    chance = within / float(counts.mean())
    return float(max(between - chance, 0.0) / between)


def _mean_with_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t-interval (low, high) of finite ``values``; NaN where too few."""
    n = len(values)
    mean = float(values.mean()) if n else np.nan
    if n < 2:
        return mean, np.nan, np.nan
    from scipy import stats

    half = float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return mean, mean - half, mean + half


def _point_means(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's mean over replications, per (scenario, design point), ok runs only."""
    ok = runs[runs["status"] == "ok"]
    return ok.groupby(["scenario", "point"])[manifest.outcomes].mean()


def point_differences(
    manifest: ExperimentManifest, runs: pd.DataFrame, scenario: str, rival: str, outcome: str
) -> pd.Series:
    """``scenario`` less ``rival`` on ``outcome`` per design point (mean over replications)."""
    return _point_difference(_point_means(manifest, runs), scenario, rival, outcome)


def _point_difference(means: pd.DataFrame, scenario: str, rival: str, outcome: str) -> pd.Series:
    """``scenario`` less ``rival`` per design point both have, finite values only."""
    mine, theirs = means.loc[scenario][outcome].align(means.loc[rival][outcome], "inner")
    difference = (mine - theirs).astype(float)
    return difference[np.isfinite(difference)]


def _share_better(signed: np.ndarray) -> float:
    """Share of the parameter sets where the signed difference is positive (better)."""
    return float((signed > 0).mean()) if len(signed) else np.nan


MIN_LIFT = 0.2
"""A box is reported only if the policy wins in it this much more often than overall."""
MAX_QUASI_P = 0.05
"""... and only if every limit's quasi-p-value is below this. On 40 sets with wins drawn at
random (200 draws, 10 parameters), 55% gave a box passing the lift alone and 1.5% passing
both; a real rule (wins where one parameter is below 0.3) gives 0.0002."""

KEY_INDICATORS = (
    "youth_unemployment_rate",
    "unfilled_vacancy_rate_rest",
    "long_commute_share",
    "share_outside_province",
    "mean_utility",
)
"""The indicators whose scenario discovery ``summarize`` prints (all go to the CSV)."""


def discovery(manifest: ExperimentManifest, runs: pd.DataFrame) -> pd.DataFrame:
    """Where in the plausible parameter space each policy wins (scenario discovery).

    For each policy, each rival (the reference and the other policies) and each indicator: the
    PRIM box of the parameter sets where the policy does better, how well the box describes
    the wins (coverage, density), and a sentence an adviser can read. ``limits`` holds the
    box as JSON, ``{parameter: [low or null, high or null]}`` (null where the box reaches the
    end of the parameter's range), for the annex to word in either language.
    """
    from youth_sim.contract import BETTER
    from youth_sim.experiment.discovery import describe, prim

    spec = manifest.spec
    reference = spec["reference"]
    points = pd.DataFrame(manifest.points)
    names = list(points.columns)
    if not names:
        return pd.DataFrame()
    full = {name: (float(points[name].min()), float(points[name].max())) for name in names}
    means = _point_means(manifest, runs)
    scenarios = list(spec["scenarios"])
    rows = []
    for scenario in scenarios:
        if scenario == reference:
            continue
        for rival in scenarios:
            if rival == scenario:
                continue
            for outcome in manifest.outcomes:
                difference = _point_difference(means, scenario, rival, outcome)
                wins = (BETTER[outcome] * difference > 0).to_numpy()
                x = points.loc[difference.index, names].to_numpy(dtype=float)
                box = prim(x, wins, names, min_support=max(5, int(np.ceil(0.25 * len(wins)))))
                share = float(wins.mean()) if len(wins) else np.nan
                if box is not None and not (
                    box.limits
                    and 0.1 <= share <= 0.9
                    and box.density - share >= MIN_LIFT
                    and max(box.qp.values()) < MAX_QUASI_P
                ):
                    box = None  # nothing the parameters decide, or too little to tell
                sentence = f"{scenario} beats {rival} on {outcome} in {share:.0%} of the sets"
                if box is not None:
                    sentence += (
                        f"; in {box.density:.0%} of those with {describe(box, full)} "
                        f"({box.support} sets, {box.coverage:.0%} of its wins)"
                    )
                rows.append(
                    {
                        "scenario": scenario,
                        "versus": rival,
                        "indicator": outcome,
                        "win_share": share,
                        "box": describe(box, full) if box is not None else "",
                        "limits": _limits(box, full),
                        "coverage": box.coverage if box is not None else np.nan,
                        "density": box.density if box is not None else np.nan,
                        "support": box.support if box is not None else 0,
                        "quasi_p": max(box.qp.values()) if box is not None else np.nan,
                        "sentence": sentence,
                    }
                )
    return pd.DataFrame(rows)


def _limits(box: Box | None, full: dict[str, tuple[float, float]]) -> str:
    """The box's limits as JSON; a limit at the end of the parameter's range is null."""
    if box is None:
        return ""
    limits = {
        name: [low if low > full[name][0] else None, high if high < full[name][1] else None]
        for name, (low, high) in box.limits.items()
    }
    return json.dumps(limits)
