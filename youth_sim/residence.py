"""Residential utility: what a zone is worth to a young person, in EUR per month.

A multinomial logit over zones (scale ``logit_scale_eur_month``), so every coefficient reads as
a willingness to pay. The terms (``docs/ODD.md``, "Residential choice"):

``U_iz = beta_A,e A_z + city_taste_i [z is a city] - gamma_e cost_z
       - commute cost to the current job (employed)
         or  + lambda ln(1 + pay-weighted job openings in reach)
       + origin_tie_i [z = origin_i] + beta_cur [z = home_i] - beta_md ln(1 + km(home_i, z)/d0)
       + ASC_z,e (outside zones) + delta_z (Overijssel zones)
       + sigma ln(capacity_z / mean capacity) (Overijssel zones)``

``delta_z`` are zone constants calibrated once, on the initial state (:func:`zone_constants`).

People living with their parents have one more alternative, staying there: the utility of
their home zone without the housing cost and minus a penalty that rises with age.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from youth_sim.config.schema import Labour, Residence
from youth_sim.geography import CommuteMatrices, Geography, Kind, Mode
from youth_sim.population import Education, Population, Status, by_age


@dataclass(frozen=True)
class ZoneTerms:
    """Zone-level inputs of the utility that change over a run, all (Z,)."""

    amenity: np.ndarray
    housing_cost_eur_month: np.ndarray
    size: np.ndarray
    """capacity / mean initial capacity of Overijssel zones; 1 for outside zones."""
    openings: np.ndarray
    """(Z, 2) job openings searchers consider, in persons, weighted by their pay, per level."""
    constant: np.ndarray
    """Zone constants, EUR/month (calibrated at the start; 0 for outside zones)."""


def job_access(
    openings: np.ndarray, cm: CommuteMatrices, overqualified_weight: float
) -> np.ndarray:
    """(2 car, 2 edu, Z) reach-weighted job openings from each home zone, persons.

    Knowledge workers count vocational openings at ``overqualified_weight``.
    """
    by_level = cm.reach @ openings  # (2 car, 2 edu, Z, 2 level)
    access = by_level[:, :, :, Education.VOCATIONAL].copy()
    access[:, Education.KNOWLEDGE] = (
        by_level[:, Education.KNOWLEDGE, :, Education.KNOWLEDGE]
        + overqualified_weight * by_level[:, Education.KNOWLEDGE, :, Education.VOCATIONAL]
    )
    return access


def utilities(
    pop: Population,
    idx: np.ndarray,
    geo: Geography,
    zones: ZoneTerms,
    cm: CommuteMatrices,
    params: Residence,
    labour: Labour,
) -> np.ndarray:
    """(n, Z + 1) utilities of every zone, plus a last column for staying with the parents.

    The last column is ``-inf`` for people who do not live with their parents.
    """
    n, n_zones = len(idx), geo.n_zones
    edu = pop.edu[idx].astype(np.int64)
    home = pop.home[idx].astype(np.int64)
    car = pop.car[idx].astype(np.int64)
    # Zone-level terms as small tables (by education; by home zone), gathered once per person.
    # The extra last column (staying with the parents) starts at -inf.
    outside = geo.kind == Kind.OUTSIDE
    asc = np.zeros((2, n_zones + 1))
    for zone in np.flatnonzero(outside):
        constant = params.outside_constant_eur_month[geo.names[zone]]
        asc[:, zone] = (constant.vocational, constant.knowledge)
    asc[:, n_zones] = -np.inf
    by_edu = asc  # (education, zone + stay), Education order
    by_edu[:, :n_zones] += (
        params.amenity_eur_month_per_sd.array()[:, None] * zones.amenity[None, :]
        - params.housing_cost_weight.array()[:, None] * zones.housing_cost_eur_month[None, :]
        + zones.constant[None, :]
        + params.logit_scale_eur_month * np.log(zones.size)[None, :]
    )
    by_home = np.zeros((n_zones, n_zones + 1))
    by_home[:, :n_zones] = -params.distance_friction_eur_month_per_log * np.log1p(
        geo.distance_km[Mode.CAR] / params.distance_scale_km
    )
    by_home[np.arange(n_zones), np.arange(n_zones)] += params.current_zone_eur_month
    utility = np.take(by_edu, edu, axis=0)
    utility += np.take(by_home, home, axis=0)
    utility[:, np.flatnonzero(geo.kind == Kind.CITY)] += pop.city_taste[idx, None]
    # Commute to the current job, or the value of job openings within reach.
    employed = pop.status[idx] == Status.EMPLOYED
    working = np.flatnonzero(employed)
    job = idx[working]
    utility[working, :n_zones] -= cm.cost_to_job_eur_month(
        pop.car[job], pop.vot[job], pop.job_zone[job]
    )
    seeking = np.flatnonzero(~employed)
    access = job_access(zones.openings, cm, labour.overqualified_weight)  # (car, edu, zone)
    value = params.job_access_eur_month_per_log * np.log1p(access)
    utility[seeking, :n_zones] += value[car[seeking], edu[seeking]]
    utility[np.arange(n), pop.origin[idx]] += pop.origin_tie[idx]
    # Staying with the parents: the home zone without its housing cost, less a penalty by age.
    rows = np.flatnonzero(pop.with_parents[idx])
    if len(rows):
        penalty = by_age(params.parents_penalty_by_age_eur_month, pop.age_m[idx[rows]] / 12.0)
        utility[rows, n_zones] = (
            utility[rows, home[rows]]
            + params.housing_cost_weight.array()[edu[rows]]
            * zones.housing_cost_eur_month[home[rows]]
            - penalty
        )
    return utility


def zone_constants(
    pop: Population,
    idx: np.ndarray,
    weight: np.ndarray,
    geo: Geography,
    zones: ZoneTerms,
    cm: CommuteMatrices,
    params: Residence,
    labour: Labour,
    iterations: int = 40,
) -> np.ndarray:
    """Calibrate Overijssel zone constants so that the initial distribution is an equilibrium.

    With weights ``weight`` (each agent's monthly moving probability), the expected number of
    movers choosing each Overijssel zone (staying with the parents counts as the home zone) is
    made proportional to the expected movers living there, as LUTI models calibrate zone
    constants to the base year. Outside zones keep their configured constants, so the expected
    flow out of the province is left to them. Iterates ``delta += sigma ln(target / predicted)``
    (a contraction for the logit). Capacity is ignored here: it is the equilibrium being sought.

    Returns
    -------
    numpy.ndarray
        (Z,) constants in EUR/month, mean 0 over Overijssel zones, 0 for outside zones.
    """
    sigma = params.logit_scale_eur_month
    inside = geo.inside
    if len(idx) == 0 or weight.sum() <= 0:
        return np.zeros(geo.n_zones)  # nobody moves: nothing to calibrate
    home = pop.home[idx].astype(np.int64)
    base = utilities(pop, idx, geo, zones, cm, params, labour)
    target = np.bincount(home, weights=weight, minlength=geo.n_zones)
    constant = np.zeros(geo.n_zones)
    n_zones = geo.n_zones
    for _ in range(iterations):
        shift = np.append(constant, 0.0)[None, :]
        # The stay-with-parents column belongs to the home zone: shift it by that constant.
        stay_shift = constant[home]
        utility = base + shift
        utility[:, n_zones] += stay_shift
        top = utility.max(axis=1, keepdims=True)
        prob = np.exp((utility - top) / sigma)
        prob /= prob.sum(axis=1, keepdims=True)
        demand = (weight[:, None] * prob[:, :n_zones]).sum(axis=0)
        demand += np.bincount(home, weights=weight * prob[:, n_zones], minlength=n_zones)
        # Overijssel zones share what the logit sends to Overijssel in proportion to the target.
        wanted = target[inside] * demand[inside].sum() / target[inside].sum()
        constant[inside] += sigma * np.log(wanted / np.maximum(demand[inside], 1e-12))
        constant[inside] -= constant[inside].mean()
    return constant
