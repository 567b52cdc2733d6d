"""The indicators: a fixed contract of names, and one pure function computing them all.

``INDICATORS`` is the single list of names, units and definitions; the data collector, the
CSV writer, README and ``docs/ODD.md`` all use exactly these names (a test checks the docs).
Unless stated, indicators are over young people living in Overijssel zones; the labour force
is the employed plus the unemployed (students are not in it). Counts are in persons.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from youth_sim.geography import CommuteMatrices, Geography, Kind
from youth_sim.markets.labour import LabourMarket
from youth_sim.population import Education, Population, Status

LONG_COMMUTE_MIN = 45.0
"""One-way minutes above which a commute counts as long (fixed by the indicator contract)."""


class Indicator(NamedTuple):
    """One model-level indicator: snake_case name, unit, definition, short chart label.

    The Dutch chart labels are in ``youth_sim.charts.labels`` (Dutch appears only there).
    """

    name: str
    unit: str
    definition: str
    label: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "unfilled_vacancy_rate",
        "share",
        "open vacancies / jobs open to young people, all Overijssel zones and levels",
        "Unfilled vacancies",
    ),
    Indicator(
        "unfilled_vacancy_rate_city",
        "share",
        "the same over the city zones (Zwolle, Enschede, Deventer, Hengelo, Almelo)",
        "Unfilled vacancies, cities",
    ),
    Indicator(
        "unfilled_vacancy_rate_rest",
        "share",
        "the same over the other Overijssel zones",
        "Unfilled vacancies, outside the cities",
    ),
    Indicator(
        "youth_unemployment_rate",
        "share",
        "unemployed / labour force",
        "Youth unemployment",
    ),
    Indicator(
        "unemployment_rate_vocational",
        "share",
        "the same for vocational (mbo) young people",
        "Unemployment, vocational (mbo)",
    ),
    Indicator(
        "unemployment_rate_knowledge",
        "share",
        "the same for knowledge (hbo/wo) young people",
        "Unemployment, knowledge (hbo/wo)",
    ),
    Indicator(
        "mismatch_index_vocational",
        "index 0-1",
        (
            "dissimilarity between where the vocational labour force lives and where "
            "vocational-level jobs are, over Overijssel zones"
        ),
        "Spatial mismatch, vocational",
    ),
    Indicator(
        "mismatch_index_knowledge",
        "index 0-1",
        "the same for the knowledge labour force and knowledge-level jobs",
        "Spatial mismatch, knowledge",
    ),
    Indicator(
        "mean_commute_min_vocational",
        "minutes",
        (
            "mean one-way commute of employed vocational young people (jobs outside the "
            "province included)"
        ),
        "Commute, vocational",
    ),
    Indicator(
        "mean_commute_min_knowledge",
        "minutes",
        "the same for employed knowledge workers",
        "Commute, knowledge",
    ),
    Indicator(
        "long_commute_share",
        "share",
        "employed young people commuting over 45 minutes one way",
        "Commutes over 45 minutes",
    ),
    Indicator(
        "overqualified_share",
        "share",
        "knowledge workers in vocational-level jobs / employed knowledge workers",
        "Knowledge workers below their level",
    ),
    Indicator(
        "share_outside_province",
        "share",
        (
            "young people with an Overijssel origin living outside the province / all with an "
            "Overijssel origin"
        ),
        "Living outside Overijssel",
    ),
    Indicator(
        "net_outflow",
        "persons/year",
        (
            "moves out of the province minus moves and arrivals into it, over the last 12 "
            "months (annualised in the first year)"
        ),
        "Net outflow from the province",
    ),
    Indicator(
        "mean_utility",
        "EUR/month",
        (
            "mean expected maximum utility (logsum) of the residential choice over a fixed "
            "panel of agents"
        ),
        "Welfare (logsum)",
    ),
)
INDICATOR_NAMES: tuple[str, ...] = tuple(indicator.name for indicator in INDICATORS)


def _rate(numerator: float | np.integer, denominator: float | np.integer) -> float:
    return float(numerator / denominator) if denominator > 0 else 0.0


def dissimilarity(a: np.ndarray, b: np.ndarray) -> float:
    """Duncan dissimilarity index ``0.5 sum |a/sum(a) - b/sum(b)|`` (0 if either is empty)."""
    if a.sum() <= 0 or b.sum() <= 0:
        return 0.0
    return float(0.5 * np.abs(a / a.sum() - b / b.sum()).sum())


def compute(
    pop: Population,
    geo: Geography,
    market: LabourMarket,
    cm: CommuteMatrices,
    net_outflow_per_year: float,
    mean_utility: float,
    openings: np.ndarray,
) -> dict[str, float]:
    """All indicators for the current state, keyed by :data:`INDICATOR_NAMES`.

    ``openings`` is the (Z, 2) job openings in persons (vacancies in Overijssel zones).
    """
    inside_zone = geo.inside
    n_zones = geo.n_zones
    resident = inside_zone[pop.home]
    vacancies = np.where(inside_zone[:, None], openings, 0.0)
    jobs = market.jobs
    city = geo.kind == Kind.CITY
    rest = inside_zone & ~city
    out = {
        "unfilled_vacancy_rate": _rate(vacancies[inside_zone].sum(), jobs[inside_zone].sum()),
        "unfilled_vacancy_rate_city": _rate(vacancies[city].sum(), jobs[city].sum()),
        "unfilled_vacancy_rate_rest": _rate(vacancies[rest].sum(), jobs[rest].sum()),
    }
    # One pass: residents of Overijssel by (home zone, status, education).
    res = np.flatnonzero(resident)
    status, edu, home = pop.status[res], pop.edu[res], pop.home[res]
    counts = np.bincount(
        (home.astype(np.int64) * len(Status) + status) * 2 + edu,
        minlength=n_zones * len(Status) * 2,
    ).reshape(n_zones, len(Status), 2)
    employed, unemployed = counts[:, Status.EMPLOYED], counts[:, Status.UNEMPLOYED]
    n_emp, n_unemp = employed.sum(axis=0), unemployed.sum(axis=0)  # by education
    out["youth_unemployment_rate"] = _rate(n_unemp.sum(), n_emp.sum() + n_unemp.sum())
    for level, label in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        out[f"unemployment_rate_{label}"] = _rate(n_unemp[level], n_emp[level] + n_unemp[level])
        labour_force = (employed + unemployed)[:, level]
        out[f"mismatch_index_{label}"] = dissimilarity(
            labour_force[inside_zone].astype(float), jobs[inside_zone, level]
        )
    working = res[status == Status.EMPLOYED]
    minutes = cm.minutes[
        pop.car[working].astype(np.int64), pop.home[working], pop.job_zone[working]
    ]
    knowledge_emp = pop.edu[working] == Education.KNOWLEDGE
    out["mean_commute_min_vocational"] = _mean(minutes[~knowledge_emp])
    out["mean_commute_min_knowledge"] = _mean(minutes[knowledge_emp])
    out["long_commute_share"] = _rate(np.count_nonzero(minutes > LONG_COMMUTE_MIN), len(minutes))
    over = np.count_nonzero(knowledge_emp & (pop.job_level[working] == Education.VOCATIONAL))
    out["overqualified_share"] = _rate(over, np.count_nonzero(knowledge_emp))
    from_here = inside_zone[pop.origin]
    out["share_outside_province"] = _rate(
        np.count_nonzero(from_here & ~resident), np.count_nonzero(from_here)
    )
    out["net_outflow"] = float(net_outflow_per_year)
    out["mean_utility"] = float(mean_utility)
    return {name: out[name] for name in INDICATOR_NAMES}


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else 0.0
