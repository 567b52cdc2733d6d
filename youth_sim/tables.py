"""Zone and origin-destination tables from the model state (persons, not agents)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from youth_sim.config.schema import PopulationSettings
from youth_sim.geography import KIND_NAMES, Geography, Kind
from youth_sim.markets.housing import Housing
from youth_sim.markets.labour import LabourMarket
from youth_sim.population import (
    AGE_BAND_STARTS,
    N_AGE_BANDS,
    Education,
    Population,
    Status,
)

ZONE_COLUMNS = (
    "year",
    "zone",
    "kind",
    "residents_vocational",
    "residents_knowledge",
    "jobs_vocational",
    "jobs_knowledge",
    "filled_vocational",
    "filled_knowledge",
    "housing_capacity",
    "housing_occupied",
    "housing_cost",
    "employed_residents_vocational",
    "employed_residents_knowledge",
)
OD_COLUMNS = ("home_zone", "work_zone", "education", "count")
MIGRATION_COLUMNS = ("year", "age", "moved_out", "moved_in", "net_outflow")
MOVES_COLUMNS = ("year", "from_zone", "to_zone", "age_band", "education", "student", "count")
EDUCATION_NAMES = {Education.VOCATIONAL: "vocational", Education.KNOWLEDGE: "knowledge"}


def zone_table(
    pop: Population,
    geo: Geography,
    market: LabourMarket,
    homes: Housing,
    scale: float,
    year: int,
) -> pd.DataFrame:
    """One row per zone: residents, jobs, filled jobs and housing, in persons.

    ``scale`` is agents per person. ``jobs_*`` and ``housing_capacity`` are empty for outside
    zones (their jobs are mostly held by the outside labour force, which is not modelled one
    by one); ``filled_*`` counts the young people from the model working there.
    """
    n_zones = geo.n_zones

    def count(mask: np.ndarray, zone: np.ndarray) -> np.ndarray:
        return np.bincount(zone[mask], minlength=n_zones) / scale

    knowledge = pop.edu == Education.KNOWLEDGE
    employed = pop.status == Status.EMPLOYED
    filled = market.filled(pop) / scale
    inside = geo.inside
    # Jobs as the whole number of agent-jobs the markets use (rint), so filled <= jobs here too.
    jobs = np.where(inside[:, None], np.rint(market.jobs * scale) / scale, np.nan)
    capacity = np.where(inside, homes.capacity / scale, np.nan)
    table = pd.DataFrame(
        {
            "year": year,
            "zone": geo.names,
            "kind": [KIND_NAMES[Kind(k)] for k in geo.kind],
            "residents_vocational": count(~knowledge, pop.home),
            "residents_knowledge": count(knowledge, pop.home),
            "jobs_vocational": jobs[:, Education.VOCATIONAL],
            "jobs_knowledge": jobs[:, Education.KNOWLEDGE],
            "filled_vocational": filled[:, Education.VOCATIONAL],
            "filled_knowledge": filled[:, Education.KNOWLEDGE],
            "housing_capacity": capacity,
            "housing_occupied": homes.occupied(pop) / scale,
            "housing_cost": homes.cost_eur_month,
            "employed_residents_vocational": count(employed & ~knowledge, pop.home),
            "employed_residents_knowledge": count(employed & knowledge, pop.home),
        }
    )
    return table.loc[:, list(ZONE_COLUMNS)]


def od_table(pop: Population, geo: Geography, scale: float) -> pd.DataFrame:
    """Employed young people by home zone, work zone and education (persons, non-zero rows)."""
    employed = pop.status == Status.EMPLOYED
    n_zones = geo.n_zones
    flat = (pop.home[employed].astype(np.int64) * n_zones + pop.job_zone[employed]) * 2 + pop.edu[
        employed
    ]
    counts = np.bincount(flat, minlength=n_zones * n_zones * 2)
    cells = np.flatnonzero(counts)
    home, rest = np.divmod(cells, n_zones * 2)
    work, edu = np.divmod(rest, 2)
    names = np.array(geo.names, dtype=object)
    return pd.DataFrame(
        {
            "home_zone": names[home],
            "work_zone": names[work],
            "education": [EDUCATION_NAMES[Education(e)] for e in edu],
            "count": counts[cells] / scale,
        }
    )


def migration_table(
    years: list[np.ndarray], params: PopulationSettings, scale: float
) -> pd.DataFrame:
    """Moves out of and into the province per model year (1 = the first year) and age, persons.

    Out: moves from an Overijssel zone to an outside zone, including school leavers who go to
    study outside. In: moves from outside into the province, including arriving students.
    """
    ages = np.arange(params.youngest_age_years, params.oldest_age_years + 1)
    rows = []
    for year, flows in enumerate(years, start=1):
        out, into = flows[0, ages] / scale, flows[1, ages] / scale
        rows.append(
            pd.DataFrame(
                {
                    "year": year,
                    "age": ages,
                    "moved_out": out,
                    "moved_in": into,
                    "net_outflow": out - into,
                }
            )
        )
    if not rows:
        return pd.DataFrame(columns=list(MIGRATION_COLUMNS))
    return pd.concat(rows, ignore_index=True)


def age_band_labels(params: PopulationSettings) -> list[str]:
    """Labels of the moves table's age bands: ``18-22``, ``23-29``, ``30-34`` by default."""
    edges = [params.youngest_age_years, *AGE_BAND_STARTS, params.oldest_age_years + 1]
    return [f"{low}-{high - 1}" for low, high in itertools.pairwise(edges)]


def moves_table(
    years: list[np.ndarray], names: tuple[str, ...], params: PopulationSettings, scale: float
) -> pd.DataFrame:
    """Moves of residence between zones per model year (1 = the first), persons, non-zero rows.

    By origin and destination zone (Overijssel municipalities and outside zones), age band,
    education and whether the mover is a student. Counted: moves between zones in the
    residential choice (in-migrant workers' first home included), school leavers moving to a
    campus in another zone, students arriving from outside. Not counted: leaving the parental
    home within one's zone, and entering or leaving the model by age.
    """
    n_zones = len(names)
    labels = age_band_labels(params)
    zone_names = np.array(names, dtype=object)
    rows = []
    for year, flat in enumerate(years, start=1):
        cells = np.flatnonzero(flat)
        origin, destination, band, edu, student = np.unravel_index(
            cells, (n_zones, n_zones, N_AGE_BANDS, 2, 2)
        )
        rows.append(
            pd.DataFrame(
                {
                    "year": year,
                    "from_zone": zone_names[origin],
                    "to_zone": zone_names[destination],
                    "age_band": np.array(labels, dtype=object)[band],
                    "education": [EDUCATION_NAMES[Education(e)] for e in edu],
                    "student": student.astype(bool),
                    "count": flat[cells] / scale,
                }
            )
        )
    if not rows:
        return pd.DataFrame(columns=list(MOVES_COLUMNS))
    return pd.concat(rows, ignore_index=True)
