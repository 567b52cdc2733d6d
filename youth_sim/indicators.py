"""The indicators of the contract (:mod:`youth_sim.contract`), computed from the model state.

One pure function, :func:`compute`, returns them all; their names, units and definitions are
in :data:`youth_sim.contract.INDICATORS`.
"""

from __future__ import annotations

import numpy as np

from youth_sim.contract import INDICATOR_NAMES, LONG_COMMUTE_MIN
from youth_sim.geography import CommuteMatrices, Geography, Kind
from youth_sim.markets.labour import LabourMarket
from youth_sim.population import Education, Population, Status


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
    # One pass over everyone by (home zone, status, education); Overijssel rows are kept below.
    key = (pop.home.astype(np.int32) * len(Status) + pop.status) * 2 + pop.edu
    counts = np.bincount(key, minlength=n_zones * len(Status) * 2).reshape(n_zones, len(Status), 2)
    counts[~inside_zone] = 0
    employed, unemployed = counts[:, Status.EMPLOYED], counts[:, Status.UNEMPLOYED]
    n_emp, n_unemp = employed.sum(axis=0), unemployed.sum(axis=0)  # by education
    out["youth_unemployment_rate"] = _rate(n_unemp.sum(), n_emp.sum() + n_unemp.sum())
    for level, label in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        out[f"unemployment_rate_{label}"] = _rate(n_unemp[level], n_emp[level] + n_unemp[level])
        labour_force = (employed + unemployed)[:, level]
        out[f"mismatch_index_{label}"] = dissimilarity(
            labour_force[inside_zone].astype(float), jobs[inside_zone, level]
        )
    working = np.flatnonzero((pop.status == Status.EMPLOYED) & resident)
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
