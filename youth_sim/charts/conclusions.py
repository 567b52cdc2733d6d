"""Belangrijkste uitkomsten: the annex's conclusions, written from the results (issue 13).

Two steps, so that the wording can be tested on a small synthetic table:

* :func:`effects_table` turns an experiment's results into one tidy table of paired effects
  against the reference: per policy, measure, region and education, the mean difference over
  replications with its 95% interval, in the measure's unit (percentage points, persons,
  persons a year, euro a month);
* :func:`sentences` writes four to six plain sentences from such a table, each with its
  number, its interval and its certainty in words (the direction is certain when the interval
  excludes zero), for mbo and hbo/wo apart, per region where one stands out, in persons as
  well as rates; over a plausible ensemble, how robust each statement is across the sets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from youth_sim.charts.data import Results, View
from youth_sim.charts.labels import Lang, number, signed, text

REGIONS = ("Twente", "Noord-Overijssel", "Zuidwest-Overijssel")
"""COROP regions of Overijssel: Twente, the Zwolle region (IJssel-Vecht), Salland/Deventer."""
EDUCATIONS = ("vocational", "knowledge")


@dataclass(frozen=True)
class Effect:
    """A paired effect: mean and 95% interval."""

    mean: float
    low: float
    high: float

    @property
    def certain(self) -> bool:
        """Whether the interval excludes zero (the direction is certain)."""
        return bool(self.low > 0 or self.high < 0)


def _effect(values: np.ndarray) -> Effect:
    from scipy import stats

    values = values[np.isfinite(values)]
    if len(values) < 2:
        mean = float(values.mean()) if len(values) else np.nan
        return Effect(mean, np.nan, np.nan)
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
    return Effect(float(values.mean()), float(values.mean() - half), float(values.mean() + half))


def _keys(results: Results, view: View, reference: View) -> list[str]:
    both_all = view.points is None and reference.points is None
    return ["point", "replication"] if both_all else ["replication"]


def _regional(results: Results, view: View) -> pd.DataFrame:
    """Per run of a view: persons by place and education, one row per run.

    Places: a region, ``city``, ``rest`` or ``all``; educations: ``vocational``, ``knowledge``
    or ``all``; columns ``<what>_<edu>@<place>``.
    """
    zones = results.of_view(results.zones, view)
    info = results.zone_info
    zones = zones[zones["zone"].map(info["inside"])].copy()
    for what in ("unemployed", "workers_home", "residents", "vacancies"):
        zones[f"{what}_all"] = zones[f"{what}_vocational"] + zones[f"{what}_knowledge"]
    columns = [
        f"{what}_{edu}"
        for edu in (*EDUCATIONS, "all")
        for what in ("unemployed", "workers_home", "residents", "vacancies")
    ]
    places = {
        "region": zones["zone"].map(info["region"]),
        "kind": zones["zone"].map(info["kind"]).map(lambda k: "city" if k == "city" else "rest"),
        "all": pd.Series("all", index=zones.index),
    }
    parts = []
    for where in places.values():
        frame = zones.assign(place=where.to_numpy())
        parts.append(
            frame.pivot_table(
                index=["point", "replication"], columns="place", values=columns, aggfunc="sum"
            )
        )
    table = pd.concat(parts, axis=1)
    table.columns = pd.Index([f"{pair[0]}@{pair[1]}" for pair in table.columns])
    return table.reset_index()


def effects_table(results: Results) -> pd.DataFrame:
    """Paired effects of every policy view against the reference view (see the module doc).

    Columns: ``policy`` (view key), ``measure``, ``place`` (a region, ``city``, ``rest`` or
    ``all``), ``education`` (``vocational``, ``knowledge`` or ``all``), ``mean``, ``low``,
    ``high``, ``unit``.
    """
    views = results.views
    reference = views[0]
    rows: list[dict[str, object]] = []
    base_runs = results.of_view(results.runs, reference)
    # Folders run before version 0.3 lack the unemployed and vacancies by zone: runs only.
    regional = "unemployed_vocational" in results.zones.columns
    base_zones = _regional(results, reference) if regional else None
    for view in views[1:]:
        keys = _keys(results, view, reference)
        mine = results.of_view(results.runs, view)
        paired = mine.merge(base_runs, on=keys, suffixes=("", "_ref"))
        for name, unit in (
            ("net_outflow", "persons/year"),
            ("youth_unemployment_rate", "points"),
            ("long_commute_share", "points"),
            ("share_outside_province", "points"),
            ("mean_utility", "EUR/month"),
        ):
            if name not in paired:
                continue
            factor = 100.0 if unit == "points" else 1.0
            gap = factor * (paired[name] - paired[f"{name}_ref"]).to_numpy(dtype=float)
            rows.append(_row(view.key, name, "all", "all", _effect(gap), unit))
        if base_zones is None:
            continue
        zones = _regional(results, view).merge(base_zones, on=keys, suffixes=("", "_ref"))
        for place in (*REGIONS, "city", "rest", "all"):
            for edu in (*EDUCATIONS, "all"):
                if f"unemployed_{edu}@{place}" not in zones:
                    continue
                rates = [_rate(zones, f"{edu}@{place}{suffix}") for suffix in ("", "_ref")]
                effect = _effect(rates[0] - rates[1])
                rows.append(_row(view.key, "unemployment_rate", place, edu, effect, "points"))
                for what in ("unemployed", "residents", "vacancies"):
                    column = f"{what}_{edu}@{place}"
                    gap = (zones[column] - zones[f"{column}_ref"]).to_numpy(dtype=float)
                    rows.append(_row(view.key, what, place, edu, _effect(gap), "persons"))
    return pd.DataFrame(rows)


def _rate(zones: pd.DataFrame, cell: str) -> np.ndarray:
    """Unemployment rate of one (education, place) column pair, percent."""
    jobless = zones[f"unemployed_{cell}"].to_numpy(dtype=float)
    working = zones[f"workers_home_{cell}"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100.0 * jobless / (jobless + working)


def _row(
    policy: str, measure: str, place: str, education: str, effect: Effect, unit: str
) -> dict[str, object]:
    return {
        "policy": policy,
        "measure": measure,
        "place": place,
        "education": education,
        "mean": effect.mean,
        "low": effect.low,
        "high": effect.high,
        "unit": unit,
    }


def get_effect(
    table: pd.DataFrame, policy: str, measure: str, place: str = "all", education: str = "all"
) -> Effect | None:
    """The effect of ``policy`` on ``measure`` at a place and education; None if not there."""
    match = table[
        (table["policy"] == policy)
        & (table["measure"] == measure)
        & (table["place"] == place)
        & (table["education"] == education)
    ]
    if match.empty or not np.isfinite(match["mean"].iloc[0]):
        return None
    row = match.iloc[0]
    return Effect(float(row["mean"]), float(row["low"]), float(row["high"]))


def _certainty(effect: Effect, lang: Lang) -> str:
    if not np.isfinite(effect.low):
        return text("c_no_interval", lang)
    return text("c_certain" if effect.certain else "c_uncertain", lang)


def _interval(effect: Effect, lang: Lang, decimals: int, persons: bool = False) -> str:
    if not np.isfinite(effect.low):
        return ""
    if persons:  # counts rounded as the mean is
        low, high = (
            ("-" if v < 0 else "+") + round_persons(v, lang) for v in (effect.low, effect.high)
        )
        return text("c_interval", lang, low=low, high=high)
    return text(
        "c_interval",
        lang,
        low=signed(effect.low, lang, decimals),
        high=signed(effect.high, lang, decimals),
    )


def round_persons(value: float, lang: Lang) -> str:
    """A count of persons rounded as one would say it: about 600, about 1.200."""
    size = abs(value)
    step = 10 if size < 200 else 50 if size < 1000 else 100
    return number(round(size / step) * step, lang, 0)


def sentences(
    table: pd.DataFrame,
    label: dict[str, str],
    lang: Lang,
    robust: pd.DataFrame | None = None,
) -> list[str]:
    """Four to six sentences from an :func:`effects_table` (``label``: view key -> name).

    ``robust``, when the results come from a plausible ensemble, is the ``ensemble.csv``
    table (win shares over the parameter sets), used to say how robust a statement is.
    """
    policies = list(dict.fromkeys(table["policy"]))
    if not policies:
        return []
    out: list[str] = []

    def robustness(policy: str, indicator: str) -> str:
        if robust is None or robust.empty:
            return ""
        match = robust[
            (robust["scenario"] == policy.split("@")[0]) & (robust["indicator"] == indicator)
        ]
        if match.empty:
            return ""
        share = float(match["win_share"].iloc[0])
        return " " + text("c_robust", lang, pct=number(100 * share, lang, 0))

    def best(measure: str, place: str = "all", education: str = "all") -> tuple[str, Effect]:
        """The policy with the lowest mean effect on a measure there, and that effect."""
        found = {
            p: x
            for p in policies
            if (x := get_effect(table, p, measure, place, education)) is not None
        }
        winner = min(found, key=lambda p: found[p].mean) if found else ""
        return winner, found.get(winner, Effect(np.nan, np.nan, np.nan))

    # 1. Leaving the province: the policy that keeps the most young people, in persons a year;
    # 2. where: the region in which that policy moves most of them.
    keeper, e = best("net_outflow")
    if keeper:
        key = "c_outflow_fewer" if e.mean < 0 else "c_outflow_more"
        out.append(
            text(key, lang, policy=label[keeper], n=round_persons(e.mean, lang),
                 interval=_interval(e, lang, 0, persons=True), certainty=_certainty(e, lang))
            + robustness(keeper, "net_outflow")
        )  # fmt: skip
        moved = {
            r: x for r in REGIONS if (x := get_effect(table, keeper, "residents", r)) is not None
        }
        if moved:
            region = max(moved, key=lambda r: abs(moved[r].mean))
            e = moved[region]
            key = "c_region_more" if e.mean > 0 else "c_region_fewer"
            out.append(
                text(key, lang, policy=label[keeper], region=text(f"c_{region}", lang),
                     n=round_persons(e.mean, lang), certainty=_certainty(e, lang))
            )  # fmt: skip
    # 3-4. Unemployment of mbo and of hbo/wo apart: the largest fall, certain or not.
    for edu in EDUCATIONS:
        winner, rate = best("unemployment_rate", "all", edu)
        if not winner:
            continue
        persons = get_effect(table, winner, "unemployed", "all", edu)
        group = text(f"c_{edu}", lang)
        if rate.certain and persons is not None:
            key = "c_unemp_down" if rate.mean < 0 else "c_unemp_up"
            out.append(
                text(key, lang, policy=label[winner], group=group,
                     points=number(abs(rate.mean), lang, 2), n=round_persons(persons.mean, lang),
                     interval=_interval(rate, lang, 2), certainty=_certainty(rate, lang))
            )  # fmt: skip
        else:
            largest = max(
                abs(x.mean)
                for p in policies
                if (x := get_effect(table, p, "unemployment_rate", "all", edu)) is not None
            )
            out.append(text("c_unemp_none", lang, group=group, points=number(largest, lang, 2)))
    # 5. Vacancies outside the cities, in persons.
    winner, e = best("vacancies", "rest")
    if winner:
        if e.certain and e.mean < 0:
            out.append(
                text("c_vacancies_fewer", lang, policy=label[winner],
                     n=round_persons(e.mean, lang), certainty=_certainty(e, lang))
            )  # fmt: skip
        else:
            out.append(text("c_vacancies_none", lang))
    # 6. Long commutes.
    winner, e = best("long_commute_share")
    if winner:
        key = "c_commute_down" if e.mean < 0 else "c_commute_up"
        out.append(
            text(key, lang, policy=label[winner], points=number(abs(e.mean), lang, 1),
                 interval=_interval(e, lang, 1), certainty=_certainty(e, lang))
            + robustness(winner, "long_commute_share")
        )  # fmt: skip
    return [line[0].upper() + line[1:] for line in out[:6]]
