"""Measures of observed patterns, computed from a run's standard outputs (issue 12).

A calibration compares each run with published patterns. Every measure here is a named
function of what an experiment stores for a run: its monthly ``series`` (the indicators, in
``timeseries.parquet``) and its final ``zones`` table (residents and workers per zone, in
``zones.parquet``), so a measure can be recomputed from any experiment folder. Rates are the
mean over the last twelve months of the run (the model's year is noisy month to month).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

LAST_MONTHS = 12
"""Rates are averaged over this many last months of a run."""


@dataclass(frozen=True)
class Places:
    """Which zones are cities and which lie in Overijssel (by name)."""

    cities: frozenset[str]
    inside: frozenset[str]


@dataclass(frozen=True)
class Measure:
    """A pattern the model produces, comparable with a published figure."""

    name: str
    unit: str
    description: str
    compute: Callable[[pd.DataFrame, pd.DataFrame, Places], float]
    """(series, zones, places) -> value."""
    needs: tuple[str, ...]
    """Indicators the series must hold."""


def _last_year(series: pd.DataFrame, name: str) -> float:
    ordered = series.sort_values("step")
    return float(ordered[name].iloc[-LAST_MONTHS:].mean())


def _indicator(name: str) -> Callable[[pd.DataFrame, pd.DataFrame, Places], float]:
    def compute(series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
        return _last_year(series, name)

    return compute


def _commute_gap(series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
    knowledge = _last_year(series, "mean_commute_min_knowledge")
    return knowledge - _last_year(series, "mean_commute_min_vocational")


def _mean_commute(series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
    """Mean one-way commute of the employed young, both educations weighted by workers."""
    workers = zones[["workers_home_vocational", "workers_home_knowledge"]].sum()
    vocational = _last_year(series, "mean_commute_min_vocational")
    knowledge = _last_year(series, "mean_commute_min_knowledge")
    total = float(workers.sum())
    if total <= 0:
        return (vocational + knowledge) / 2.0
    return float(
        vocational * workers["workers_home_vocational"] / total
        + knowledge * workers["workers_home_knowledge"] / total
    )


def _city_sorting(series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
    """Share of knowledge residents living in a city less the share of their jobs there."""
    in_city = zones["zone"].isin(places.cities)
    residents = zones["residents_knowledge"]
    jobs = zones["workers_job_knowledge"]
    if residents.sum() <= 0 or jobs.sum() <= 0:
        return 0.0
    return float(residents[in_city].sum() / residents.sum() - jobs[in_city].sum() / jobs.sum())


def _working_locally(series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
    """Share of the employed living in Overijssel who work in their home municipality."""
    here = zones[zones["zone"].isin(places.inside)]
    local = here[["workers_local_vocational", "workers_local_knowledge"]].to_numpy().sum()
    workers = here[["workers_home_vocational", "workers_home_knowledge"]].to_numpy().sum()
    return float(local / workers) if workers > 0 else 0.0


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "youth_unemployment_rate", "share",
            "unemployed / labour force of the young living in Overijssel, last 12 months",
            _indicator("youth_unemployment_rate"), ("youth_unemployment_rate",),
        ),
        Measure(
            "unfilled_vacancy_rate", "share",
            "open vacancies / jobs for young people in Overijssel, last 12 months",
            _indicator("unfilled_vacancy_rate"), ("unfilled_vacancy_rate",),
        ),
        Measure(
            "overqualified_share", "share",
            "knowledge workers in vocational-level jobs / employed knowledge workers",
            _indicator("overqualified_share"), ("overqualified_share",),
        ),
        Measure(
            "mean_commute_min", "minutes",
            "mean one-way commute of the employed young of Overijssel, both educations",
            _mean_commute, ("mean_commute_min_vocational", "mean_commute_min_knowledge"),
        ),
        Measure(
            "long_commute_share", "share",
            "employed young people commuting over 45 minutes one way",
            _indicator("long_commute_share"), ("long_commute_share",),
        ),
        Measure(
            "commute_gap_knowledge_min", "minutes",
            "mean commute of knowledge workers less that of vocational workers",
            _commute_gap, ("mean_commute_min_vocational", "mean_commute_min_knowledge"),
        ),
        Measure(
            "share_working_in_home_municipality", "share",
            "employed young living in Overijssel who work in their home municipality",
            _working_locally, (),
        ),
        Measure(
            "knowledge_city_sorting", "share",
            "share of hbo/wo residents living in a city less the share of their jobs there",
            _city_sorting, (),
        ),
    )
}  # fmt: skip
"""Every measure a calibration file can name, by name."""


def measure(name: str, series: pd.DataFrame, zones: pd.DataFrame, places: Places) -> float:
    """The value of measure ``name`` for one run's ``series`` and final ``zones``."""
    return MEASURES[name].compute(series, zones, places)
