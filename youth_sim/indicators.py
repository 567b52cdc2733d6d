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
    vacancies = np.where(inside_zone[:, None], openings, 0.0)
    jobs = market.jobs
    city = geo.kind == Kind.CITY
    rest = inside_zone & ~city
    out = {
        "unfilled_vacancy_rate": _rate(vacancies[inside_zone].sum(), jobs[inside_zone].sum()),
        "unfilled_vacancy_rate_city": _rate(vacancies[city].sum(), jobs[city].sum()),
        "unfilled_vacancy_rate_rest": _rate(vacancies[rest].sum(), jobs[rest].sum()),
    }
    # One pass over everyone: counts by (car, home, job zone, status, education, job level);
    # every count below is a sum over this table (the jobless have job zone and level -1).
    n_status = len(Status)
    shape = (2, n_zones, n_zones + 1, n_status, 2, 3)
    key = pop.car * np.int32(n_zones) + pop.home
    key = key * np.int32(n_zones + 1) + (pop.job_zone + np.int16(1))
    key = (key * np.int32(n_status) + pop.status) * 2 + pop.edu
    key = key * 3 + (pop.job_level + np.int8(1))
    cells = np.bincount(key, minlength=int(np.prod(shape))).reshape(shape)
    inside_cells = cells[:, inside_zone]
    counts = inside_cells.sum(axis=(0, 2, 5))  # (home, status, education), Overijssel
    employed, unemployed = counts[:, Status.EMPLOYED], counts[:, Status.UNEMPLOYED]
    n_emp, n_unemp = employed.sum(axis=0), unemployed.sum(axis=0)  # by education
    out["youth_unemployment_rate"] = _rate(n_unemp.sum(), n_emp.sum() + n_unemp.sum())
    for level, label in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        out[f"unemployment_rate_{label}"] = _rate(n_unemp[level], n_emp[level] + n_unemp[level])
        labour_force = (employed + unemployed)[:, level]
        out[f"mismatch_index_{label}"] = dissimilarity(
            labour_force.astype(float), jobs[inside_zone, level]
        )
    # Employed residents of Overijssel by (car, home, job zone, education, job level).
    working = inside_cells[:, :, 1:, Status.EMPLOYED, :, 1:]
    minutes = cm.minutes[:, inside_zone][:, :, :, None]  # (car, home, job zone, 1)
    by_edu = working.sum(axis=4)  # (car, home, job zone, education)
    n_by_edu = by_edu.sum(axis=(0, 1, 2))
    time_by_edu = (by_edu * minutes).sum(axis=(0, 1, 2))
    out["mean_commute_min_vocational"] = _ratio(time_by_edu, n_by_edu, Education.VOCATIONAL)
    out["mean_commute_min_knowledge"] = _ratio(time_by_edu, n_by_edu, Education.KNOWLEDGE)
    out["long_commute_share"] = _rate((by_edu * (minutes > LONG_COMMUTE_MIN)).sum(), n_by_edu.sum())
    # Vacancies within reach per job seeker: a two-step floating catchment (Luo & Wang 2003).
    # Each zone's open vacancies at a level are shared among the unemployed of that education
    # who live within the long-commute line of it (by their fastest mode, car if they have
    # one); a seeker's score sums the shares of every zone within the line from home.
    seekers = inside_cells[:, :, 0, Status.UNEMPLOYED, :, 0].astype(float)  # (car, home, edu)
    near = (cm.minutes[:, inside_zone] <= LONG_COMMUTE_MIN).astype(float)  # (car, home, zone)
    for level, label in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        mine = seekers[..., level] / market.scale  # persons
        competing = np.einsum("ch,chz->z", mine, near)
        share = np.divide(vacancies[:, level], competing, out=np.zeros(n_zones),
                          where=competing > 0)  # fmt: skip
        score = near @ share  # (car, home): vacancies per seeker within reach
        out[f"reachable_vacancies_{label}"] = _rate((mine * score).sum(), mine.sum())
    knowledge_jobs = working[..., Education.KNOWLEDGE, :].sum(axis=(0, 1, 2))  # by job level
    out["overqualified_share"] = _rate(knowledge_jobs[Education.VOCATIONAL], knowledge_jobs.sum())
    from_here = _in(pop.origin, inside_zone)
    out["share_outside_province"] = _rate(
        np.count_nonzero(from_here & ~_in(pop.home, inside_zone)), np.count_nonzero(from_here)
    )
    out["net_outflow"] = float(net_outflow_per_year)
    out["mean_utility"] = float(mean_utility)
    return {name: out[name] for name in INDICATOR_NAMES}


def _in(zone: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """(n,) bool: ``chosen[zone]``; a comparison when the chosen zones come first (as here)."""
    n_chosen = int(np.count_nonzero(chosen))
    if chosen[:n_chosen].all():
        return zone < n_chosen
    return chosen[zone]


def _ratio(total: np.ndarray, count: np.ndarray, level: int) -> float:
    return float(total[level] / count[level]) if count[level] > 0 else 0.0
