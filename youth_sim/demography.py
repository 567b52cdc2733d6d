"""Demography: ageing, leaving at the upper age, graduation, entry and in-migration.

One call of :func:`advance` is one month. Entrants are school leavers turning
``youngest_age_years`` in their home zone (knowledge-track entrants choose a campus, and move
there unless it is close enough to stay with their parents), students arriving from outside
the province at the campus zones, and workers arriving from outside for a job in the province
(who choose a home in the same month's residential step). Housing places are rationed here
as everywhere.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from youth_sim.choice import draw, draw_weighted, ration, thinned
from youth_sim.config.schema import AgeRange, Scenario
from youth_sim.context import Month
from youth_sim.geography import Geography, Mode
from youth_sim.markets.housing import Housing
from youth_sim.markets.labour import N_LEVELS, LabourMarket
from youth_sim.population import (
    AGE_SLOTS,
    NEVER,
    Education,
    Population,
    Status,
    by_age,
    count_by_age,
    count_moves,
    move_cells,
    new_agents,
    study_months,
)


@dataclass
class DemographyCounts:
    """What one month of demography did, in agents."""

    entered: int = 0
    aged_out: int = 0
    graduated: int = 0
    school_leavers: int = 0
    left_to_study_by_age: np.ndarray = field(default_factory=lambda: np.zeros(AGE_SLOTS, np.int64))
    """(AGE_SLOTS,) school leavers who moved to a campus outside the province, by age."""
    inmigrant_students_by_age: np.ndarray = field(
        default_factory=lambda: np.zeros(AGE_SLOTS, np.int64)
    )
    """(AGE_SLOTS,) students who arrived from outside the province, by age."""
    inmigrant_workers: int = 0
    flows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Moves between zones at entry (school leavers to a campus, students arriving from
    outside), by (from, to, age band, education, student): see
    :func:`~youth_sim.population.count_moves`."""


@dataclass
class _Entry:
    """What the entry submodels share within one month's demography."""

    pop: Population
    keep: np.ndarray
    """(n,) False for agents leaving this month (not yet dropped)."""
    geo: Geography
    market: LabourMarket
    scenario: Scenario
    step: int
    rng: np.random.Generator
    counts: DemographyCounts
    free: np.ndarray
    """(Z,) free housing places left for entrants; each submodel takes what it uses."""
    next_uid: int


def car_change_by_age_m(
    car_access_by_age: dict[int, float], oldest_age_years: int
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly chances to get and to lose a car, by age in months: a cohort stays on the profile.

    With ``p(m)`` the car share at age m months (the age table, linear between ages), a person
    without a car gets one turning ``m`` with chance ``(p(m) - p(m-1)) / (1 - p(m-1))`` where
    the profile rises, and a car owner loses it with ``(p(m-1) - p(m)) / p(m-1)`` where it
    falls; so a cohort's share follows ``p`` exactly in expectation.
    """
    months = np.arange((oldest_age_years + 1) * 12 + 1)
    share = by_age(car_access_by_age, months / 12.0)
    before = np.concatenate(([share[0]], share[:-1]))
    gain = np.where(share > before, (share - before) / np.maximum(1.0 - before, 1e-12), 0.0)
    lose = np.where(share < before, (before - share) / np.maximum(before, 1e-12), 0.0)
    return gain, lose


def update_car_access(
    pop: Population,
    car_access_by_age: dict[int, float],
    oldest_age_years: int,
    rng: np.random.Generator,
) -> None:
    """Give or take cars as people age, so every cohort follows the car-access profile.

    Mutates ``pop.car``. Who changes is drawn by thinning (:func:`~youth_sim.choice.thinned`).
    """
    table = _car_change_table(tuple(sorted(car_access_by_age.items())), oldest_age_years)
    last = len(table) // 2 - 1

    def chance(idx: np.ndarray) -> np.ndarray:
        # People without a car read the chance to get one, car owners the chance to lose it.
        return table[np.minimum(pop.age_m[idx], last) + pop.car[idx] * np.int16(last + 1)]

    flip = thinned(len(pop.car), float(table.max()), chance, rng)
    pop.car[flip] = ~pop.car[flip]


@functools.lru_cache(maxsize=8)
def _car_change_table(profile: tuple[tuple[int, float], ...], oldest_age_years: int) -> np.ndarray:
    """The chances to get a car (first half) and to lose one (second half), by age in months."""
    gain, lose = car_change_by_age_m(dict(profile), oldest_age_years)
    table = np.concatenate((gain, lose))
    table.flags.writeable = False
    return table


def _ages(age_range: AgeRange, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n,) ages in months, uniform over the whole years ``min..max``."""
    return rng.integers(age_range.min * 12, (age_range.max + 1) * 12, n)


def _outside_origins(
    geo: Geography, scenario: Scenario, n: int, rng: np.random.Generator
) -> np.ndarray:
    names = list(scenario.demography.inmigrant_origin_shares)
    shares = np.array([scenario.demography.inmigrant_origin_shares[k] for k in names])
    zones = np.array([geo.index(name) for name in names])
    return zones[rng.choice(len(names), size=n, p=shares / shares.sum())]


def advance(
    pop: Population,
    geo: Geography,
    housing: Housing,
    market: LabourMarket,
    next_uid: int,
    month: Month,
) -> DemographyCounts:
    """Advance demography by one month; mutates ``pop`` (drops leavers, appends entrants).

    Order: age everyone one month; car access follows the age profile; drop those past
    ``oldest_age_years``; graduates become job seekers with a raised moving hazard; school
    leavers enter; in-migrant students and workers arrive. Returns the counts; new agents get
    uids from ``next_uid`` on.
    """
    scenario, step, rng = month.config, month.step, month.rng
    params = scenario.population
    counts = DemographyCounts(flows=np.zeros(move_cells(geo.n_zones), dtype=np.int64))
    pop.age_m += 1
    update_car_access(pop, params.car_access_by_age, params.oldest_age_years, rng)
    keep = pop.age_m < (params.oldest_age_years + 1) * 12
    counts.aged_out = int(np.count_nonzero(~keep))
    graduating = np.flatnonzero((pop.grad_step <= step) & (pop.status == Status.STUDENT) & keep)
    pop.status[graduating] = Status.UNEMPLOYED
    pop.months_unemployed[graduating] = 0
    pop.grad_step[graduating] = NEVER
    pop.trigger_until[graduating] = step + scenario.residence.move_trigger.months
    counts.graduated = len(graduating)
    # Places freed by leavers are free for this month's entrants.
    leaving = np.flatnonzero(~keep)
    free = housing.free(pop) + np.bincount(
        pop.home[leaving[~pop.with_parents[leaving]]], minlength=geo.n_zones
    )
    entry = _Entry(pop, keep, geo, market, scenario, step, rng, counts, free, next_uid)
    parts = []
    for build in (_school_leavers, _inmigrant_students, _inmigrant_workers):
        new = build(entry)
        entry.next_uid += new.n
        parts.append(new)
    entrants = Population.concat(parts)
    counts.entered = entrants.n
    pop.keep_and_append(keep, entrants)
    return counts


def _school_leavers(month: _Entry) -> Population:
    """Young people turning the youngest age in each Overijssel zone (Poisson, fixed cohorts).

    Knowledge-track entrants choose a campus by logit over ln(intake) minus a time cost; if it
    is within ``study_stay_home_within_min`` by PT, a share stays with the parents; the others
    move there (to a free place; outside the province, without limit) or, when turned away,
    stay with their parents and commute.
    """
    geo, scenario, step, rng = month.geo, month.scenario, month.step, month.rng
    params = scenario.population
    demo = scenario.demography
    cohort = geo.pop_by_single_age(np.array([params.youngest_age_years]))[:, 0]
    expected = np.where(geo.inside, cohort * scenario.run.scale / 12.0, 0.0)
    home = np.repeat(np.arange(geo.n_zones), rng.poisson(expected))
    n = len(home)
    edu = (rng.random(n) < geo.young_knowledge_share[home]).astype(np.int8)
    months = study_months(edu, params, rng)
    status = np.where(months > 0, Status.STUDENT, Status.UNEMPLOYED)
    grad_step = np.where(months > 0, step + months, NEVER)
    new = new_agents(
        n,
        age_m=np.full(n, params.youngest_age_years * 12),
        edu=edu,
        home=home,
        origin=home,
        with_parents=np.ones(n, dtype=bool),
        status=status,
        grad_step=grad_step,
        first_uid=month.next_uid,
        entry_step=step,
        scenario=scenario,
        rng=rng,
    )
    month.counts.school_leavers = n
    students = np.flatnonzero((edu == Education.KNOWLEDGE) & (status == Status.STUDENT))
    campuses = np.flatnonzero(geo.campus_intake_per_year > 0)
    if len(students) == 0 or len(campuses) == 0:
        return new
    pt_min = geo.minutes[Mode.PT][home[students]][:, campuses]
    utility = np.log(geo.campus_intake_per_year[campuses])[None, :] - (
        demo.study_time_coeff_per_min * pt_min
    )
    pick = draw(utility, 1.0, rng)
    campus = campuses[pick]
    near = pt_min[np.arange(len(students)), pick] <= demo.study_stay_home_within_min
    stays = near & (rng.random(len(students)) < demo.study_stay_home_share)
    movers, target = students[~stays], campus[~stays]
    inside = geo.inside[target]
    slots = np.where(geo.inside, month.free, 0)
    accepted = ~inside | ration(np.where(inside, target, 0), slots, rng)
    moved, to = movers[accepted], target[accepted]
    new.home[moved] = to
    new.with_parents[moved] = False
    month.counts.left_to_study_by_age = count_by_age(new.age_m[moved[~geo.inside[to]]])
    month.counts.flows += count_moves(
        new.origin[moved], to, new.age_m[moved], new.edu[moved],
        np.ones(len(moved), dtype=bool), geo.n_zones,
    )  # fmt: skip
    month.free = month.free - np.bincount(to[geo.inside[to]], minlength=geo.n_zones)
    return new


def _inmigrant_students(month: _Entry) -> Population:
    """Students from outside the province arriving at Overijssel campuses, if they find a place.

    Per campus zone, Poisson(intake x ``student_inmigration_share`` / 12 x scale) a month; those
    turned away by the housing lottery do not come.
    """
    geo, scenario, step, rng = month.geo, month.scenario, month.step, month.rng
    demo = scenario.demography
    expected = np.where(geo.inside, geo.campus_intake_per_year, 0.0) * (
        demo.student_inmigration_share * scenario.run.scale / 12.0
    )
    campus = np.repeat(np.arange(geo.n_zones), rng.poisson(expected))
    come = ration(campus, month.free, rng)
    campus = campus[come]
    n = len(campus)
    edu = np.full(n, Education.KNOWLEDGE, dtype=np.int8)
    age_m = _ages(demo.student_inmigration_age_years, n, rng)
    months = study_months(edu, scenario.population, rng)
    new = new_agents(
        n,
        age_m=age_m,
        edu=edu,
        home=campus,
        origin=_outside_origins(geo, scenario, n, rng),
        with_parents=np.zeros(n, dtype=bool),
        status=np.full(n, Status.STUDENT),
        grad_step=step + months,
        first_uid=month.next_uid,
        entry_step=step,
        scenario=scenario,
        rng=rng,
    )
    month.counts.inmigrant_students_by_age = count_by_age(new.age_m)
    month.counts.flows += count_moves(
        new.origin, new.home, new.age_m, new.edu, np.ones(n, dtype=bool), geo.n_zones
    )
    month.free = month.free - np.bincount(campus, minlength=geo.n_zones)
    return new


def _inmigrant_workers(month: _Entry) -> Population:
    """Young workers from outside taking an open job in the province.

    Per level, Poisson(``worker_inmigration_per_vacancy_per_year`` / 12 x the province's open
    vacancies at that level) a month, so in-migration for work follows the vacancies; each
    takes a vacancy at their own level drawn in proportion to the vacancies per zone.
    They arrive living in their outside origin zone and choose a home in this month's
    residential step.
    """
    geo, scenario, step, rng = month.geo, month.scenario, month.step, month.rng
    pop, market = month.pop, month.market
    demo = scenario.demography
    # Jobs held by this month's leavers are open too: count only the holders who stay.
    vacancies = np.where(geo.inside[:, None], market.vacancies(pop, among=month.keep), 0.0)
    arrivals = rng.poisson(demo.worker_inmigration_per_vacancy_per_year / 12.0 * vacancies.sum(0))
    edu = np.repeat(np.arange(N_LEVELS, dtype=np.int8), arrivals)
    weights = vacancies[:, edu].T
    zone = draw_weighted(weights, rng)
    got = zone >= 0
    cell = np.where(got, zone * N_LEVELS + edu, 0)
    got &= ration(cell, vacancies.ravel(), rng)
    n_got = int(np.count_nonzero(got))
    origin = _outside_origins(geo, scenario, n_got, rng)
    new = new_agents(
        n_got,
        age_m=_ages(demo.worker_inmigration_age_years, n_got, rng),
        edu=edu[got],
        home=origin,
        origin=origin,
        with_parents=np.zeros(n_got, dtype=bool),
        status=np.full(n_got, Status.EMPLOYED),
        grad_step=np.full(n_got, NEVER),
        first_uid=month.next_uid,
        entry_step=step,
        scenario=scenario,
        rng=rng,
    )
    new.job_zone[:] = zone[got]
    new.job_level[:] = edu[got]
    month.counts.inmigrant_workers = n_got
    return new
