"""The young people: a struct of equal-length numpy arrays, and the initial synthesis.

One row per agent. Rows are dense: once a month entrants take the rows of the agents who age
out (:meth:`Population.keep_and_append`), so every array always has length ``n`` and no
``alive`` mask is needed. ``uid`` is a stable identity (never reused); the order of the rows
carries no meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

from youth_sim.config.schema import ByEducation, PopulationSettings, Scenario
from youth_sim.geography import Geography

NO_JOB = -1
"""Sentinel for ``job_zone`` and ``job_level`` of people without a job."""
NEVER = -1
"""Sentinel step for ``grad_step`` and ``trigger_until`` when not applicable."""
AGE_SLOTS = 35
"""Length of per-age count arrays (ages 0..34 in whole years; the oldest possible age is 34)."""


def count_by_age(age_m: np.ndarray) -> np.ndarray:
    """(AGE_SLOTS,) number of agents per whole year of age."""
    return np.bincount(age_m // 12, minlength=AGE_SLOTS)


AGE_BAND_STARTS = (23, 30)
"""Ages at which the second and third band of the moves table begin (18-22, 23-29, 30-34)."""
N_AGE_BANDS = len(AGE_BAND_STARTS) + 1


def move_cells(n_zones: int) -> int:
    """Length of a flat moves count: from zone x to zone x age band x education x student."""
    return n_zones * n_zones * N_AGE_BANDS * 2 * 2


def count_moves(
    origin: np.ndarray,
    destination: np.ndarray,
    age_m: np.ndarray,
    edu: np.ndarray,
    student: np.ndarray,
    n_zones: int,
) -> np.ndarray:
    """Flat counts of moves by (from zone, to zone, age band, education, student).

    All arrays (n,) for n movers; moves within a zone are left out. Returns
    (:func:`move_cells` (n_zones),) int64, unravelled as (Z, Z, bands, 2, 2).
    """
    between = origin != destination
    band = np.searchsorted(AGE_BAND_STARTS, age_m[between] // 12, side="right")
    cell = (
        ((origin[between].astype(np.int64) * n_zones + destination[between]) * N_AGE_BANDS + band)
        * 4
        + edu[between].astype(np.int64) * 2
        + student[between]
    )
    return np.bincount(cell, minlength=move_cells(n_zones))


class Education(IntEnum):
    """Education track; also the job level it normally matches."""

    VOCATIONAL = 0
    KNOWLEDGE = 1


class Status(IntEnum):
    """Main activity."""

    STUDENT = 0
    EMPLOYED = 1
    UNEMPLOYED = 2


@dataclass
class Population:
    """Struct of arrays, one element per agent (all arrays have the same length).

    Ages are in months, zones are indices into the geography, money is EUR/month.
    """

    uid: np.ndarray  # int64, stable identity
    age_m: np.ndarray  # int16, age in months
    edu: np.ndarray  # int8, Education
    status: np.ndarray  # int8, Status
    home: np.ndarray  # int16, zone of residence
    origin: np.ndarray  # int16, zone of residence at entry (for in-migrants: where they came from)
    with_parents: np.ndarray  # bool, lives in the parental home (uses no housing unit)
    job_zone: np.ndarray  # int16, NO_JOB if none
    job_level: np.ndarray  # int8, Education level of the job, NO_JOB if none
    car: np.ndarray  # bool, a car is available for commuting
    grad_step: np.ndarray  # int32, step at which study ends (students), NEVER otherwise
    city_taste: np.ndarray  # float32, EUR/month for living in a city
    origin_tie: np.ndarray  # float32, EUR/month for living in the origin zone
    vot: np.ndarray  # float32, value of commuting time, EUR/hour
    months_unemployed: np.ndarray  # int16
    trigger_until: np.ndarray  # int32, raised moving hazard up to this step, NEVER if none
    entry_step: np.ndarray  # int32, step at which the agent entered (0 for the initial population)

    @property
    def n(self) -> int:
        """Number of agents."""
        return len(self.uid)

    @classmethod
    def empty(cls) -> Population:
        """A population with no agents (all arrays of length 0, right dtypes)."""
        return cls(**{f.name: np.empty(0, dtype=DTYPES[f.name]) for f in fields(cls)})

    def __post_init__(self) -> None:
        self._spare: dict[str, np.ndarray] = {}
        """Per field, a longer buffer whose first ``n`` rows are the field (room to append)."""

    def __deepcopy__(self, memo: dict[int, object]) -> Population:
        return type(self)(**{f.name: getattr(self, f.name).copy() for f in fields(self)})

    def __getstate__(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, np.ndarray]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def keep_and_append(self, keep: np.ndarray, new: Population) -> None:
        """Drop the rows where ``keep`` is False and add the rows of ``new``, in place.

        The order of the rows is not kept: entrants take the rows of those who left; more
        entrants are appended (into spare room, grown by a quarter when full), fewer are made
        up by moving the last rows into the remaining gaps. The work is in proportion to the
        rows that change, not to ``n`` (no copy of every array every month).
        """
        gone = np.flatnonzero(~keep)
        n, m = self.n, new.n
        into = gone[:m]  # gaps the entrants fill
        if m <= len(gone):
            n_after = n - (len(gone) - m)
            gaps = gone[m:]
            gaps = gaps[gaps < n_after]
            alive = keep[n_after:].copy()
            alive[into[into >= n_after] - n_after] = True
            moved = n_after + np.flatnonzero(alive)  # the last rows still in use
            for f in fields(self):
                array = getattr(self, f.name)
                array[into] = getattr(new, f.name)
                array[gaps] = array[moved]
                setattr(self, f.name, array[:n_after])
            return
        extra = m - len(gone)
        for f in fields(self):
            array, added = getattr(self, f.name), getattr(new, f.name)
            array[into] = added[: len(into)]
            grown = self._room(f.name, array, n + extra)
            grown[n:] = added[len(into) :]
            setattr(self, f.name, grown)

    def _room(self, name: str, array: np.ndarray, size: int) -> np.ndarray:
        """``array`` extended to ``size`` rows (new rows unset) in its spare buffer or a new one."""
        spare = self._spare.get(name)
        if (
            spare is None
            or len(spare) < size
            or array.__array_interface__["data"][0] != spare.__array_interface__["data"][0]
        ):
            spare = np.empty(max(size, len(array) + len(array) // 4), dtype=array.dtype)
            spare[: len(array)] = array
            self._spare[name] = spare
        return spare[:size]

    @classmethod
    def concat(cls, parts: list[Population]) -> Population:
        """One population holding the rows of ``parts`` in order."""
        if not parts:
            return cls.empty()
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    def overqualified(self) -> np.ndarray:
        """(n,) bool: a knowledge worker in a vocational-level job."""
        return (self.edu == Education.KNOWLEDGE) & (self.job_level == Education.VOCATIONAL)


DTYPES = {
    "uid": np.int64,
    "age_m": np.int16,
    "edu": np.int8,
    "status": np.int8,
    "home": np.int16,
    "origin": np.int16,
    "with_parents": np.bool_,
    "job_zone": np.int16,
    "job_level": np.int8,
    "car": np.bool_,
    "grad_step": np.int32,
    "city_taste": np.float32,
    "origin_tie": np.float32,
    "vot": np.float32,
    "months_unemployed": np.int16,
    "trigger_until": np.int32,
    "entry_step": np.int32,
}


def by_age(table: dict[int, float], age_years: np.ndarray) -> np.ndarray:
    """Linear interpolation of an age table (ages in years; flat beyond its ends)."""
    ages = np.array(sorted(table), dtype=float)
    values = np.array([table[a] for a in sorted(table)], dtype=float)
    return np.interp(age_years, ages, values)


def study_months(
    edu: np.ndarray, params: PopulationSettings, rng: np.random.Generator
) -> np.ndarray:
    """Months of study after ``youngest_age_years``, per agent.

    Hbo or wo years for the knowledge track, uniform mbo months (0..max) for the vocational
    track. Draws one uniform per agent.
    """
    u = rng.random(len(edu))
    knowledge = edu == Education.KNOWLEDGE
    wo = u < params.wo_share_of_knowledge
    k_months = np.where(wo, params.study_years_wo, params.study_years_hbo) * 12
    v_months = np.floor(u * (params.vocational_study_months_max + 1)).astype(int)
    return np.where(knowledge, k_months, v_months)


def new_agents(
    n: int,
    *,
    age_m: np.ndarray,
    edu: np.ndarray,
    home: np.ndarray,
    origin: np.ndarray,
    with_parents: np.ndarray,
    status: np.ndarray,
    grad_step: np.ndarray,
    first_uid: int,
    entry_step: int,
    scenario: Scenario,
    rng: np.random.Generator,
) -> Population:
    """Build ``n`` agents with given demographics; draw car access and individual tastes.

    Draws, in order: car access (uniform), city taste (normal), origin tie (exponential), value
    of time (normal on the log scale). Everyone starts without a job.
    """
    params = scenario.population
    tastes = params.tastes
    age_years = age_m / 12.0
    car = rng.random(n) < by_age(params.car_access_by_age, age_years)
    knowledge = edu == Education.KNOWLEDGE

    def pick(pair: ByEducation) -> np.ndarray:
        return np.where(knowledge, pair.knowledge, pair.vocational)

    city_taste = pick(tastes.city_taste_mean_eur_month) + tastes.city_taste_sd_eur_month * (
        rng.standard_normal(n)
    )
    origin_tie = pick(tastes.origin_tie_mean_eur_month) * rng.standard_exponential(n)
    vot = pick(tastes.value_of_time_eur_hour) * np.exp(
        tastes.value_of_time_log_sd * rng.standard_normal(n)
    )
    return Population(
        uid=np.arange(first_uid, first_uid + n, dtype=np.int64),
        age_m=age_m.astype(np.int16),
        edu=edu.astype(np.int8),
        status=status.astype(np.int8),
        home=home.astype(np.int16),
        origin=origin.astype(np.int16),
        with_parents=with_parents.astype(bool),
        job_zone=np.full(n, NO_JOB, dtype=np.int16),
        job_level=np.full(n, NO_JOB, dtype=np.int8),
        car=car,
        grad_step=grad_step.astype(np.int32),
        city_taste=city_taste.astype(np.float32),
        origin_tie=origin_tie.astype(np.float32),
        vot=vot.astype(np.float32),
        months_unemployed=np.zeros(n, dtype=np.int16),
        trigger_until=np.full(n, NEVER, dtype=np.int32),
        entry_step=np.full(n, entry_step, dtype=np.int32),
    )


def initial_counts(geo: Geography, scenario: Scenario) -> np.ndarray:
    """(Z, A) agents per zone and single year of age at the start (A = ages min..max).

    Each zone's total is the scaled CBS figure rounded to the nearest agent; the rounding
    remainder goes to the ages with the largest fractional parts, so no randomness is used and
    every zone is within half an agent of its scaled population.
    """
    params = scenario.population
    ages = np.arange(params.youngest_age_years, params.oldest_age_years + 1)
    expected = geo.pop_by_single_age(ages) * scenario.run.scale
    expected[~geo.inside] = 0.0
    counts = np.floor(expected).astype(np.int64)
    remainder = np.rint(expected.sum(axis=1)).astype(np.int64) - counts.sum(axis=1)
    order = np.argsort(-(expected - counts), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(len(ages))[None, :], axis=1)
    counts += ranks < remainder[:, None]
    return counts


def synthesise(geo: Geography, scenario: Scenario, rng: np.random.Generator) -> Population:
    """Create the initial population on 1 January of ``run.start_year``.

    Everyone lives in their CBS municipality (:func:`initial_counts`), with ``origin = home``.
    Education is drawn with the home zone's ``young_knowledge_share``; people still
    within their study length (counted from ``youngest_age_years``) are students; the rest are
    in the labour force, unemployed with ``initial_unemployment_rate`` (jobs are assigned later, by
    the labour market). Living with parents follows the age profile. Draws: month of birth,
    education, study length, parents, unemployment, then :func:`new_agents`.
    """
    params = scenario.population
    counts = initial_counts(geo, scenario)
    ages = np.arange(params.youngest_age_years, params.oldest_age_years + 1)
    zone_idx, age_idx = np.nonzero(counts)
    reps = counts[zone_idx, age_idx]
    home = np.repeat(zone_idx, reps)
    n = len(home)
    age_m = np.repeat(ages[age_idx], reps) * 12 + rng.integers(0, 12, n)
    edu = (rng.random(n) < geo.young_knowledge_share[home]).astype(np.int8)
    months_since_entry = age_m - params.youngest_age_years * 12
    remaining = study_months(edu, params, rng) - months_since_entry
    student = remaining > 0
    with_parents = rng.random(n) < by_age(params.with_parents_by_age, age_m / 12.0)
    unemployed = rng.random(n) < params.initial_unemployment_rate
    status = np.where(
        student, Status.STUDENT, np.where(unemployed, Status.UNEMPLOYED, Status.EMPLOYED)
    )
    grad_step = np.where(student, remaining, NEVER)
    origin = home.copy()
    _label_inmigrant_students(
        geo, scenario, rng, age_m, home, edu, status, grad_step, with_parents, origin
    )
    return new_agents(
        n,
        age_m=age_m,
        edu=edu,
        home=home,
        origin=origin,
        with_parents=with_parents,
        status=status,
        grad_step=grad_step,
        first_uid=0,
        entry_step=0,
        scenario=scenario,
        rng=rng,
    )


def _label_inmigrant_students(
    geo: Geography,
    scenario: Scenario,
    rng: np.random.Generator,
    age_m: np.ndarray,
    home: np.ndarray,
    edu: np.ndarray,
    status: np.ndarray,
    grad_step: np.ndarray,
    with_parents: np.ndarray,
    origin: np.ndarray,
) -> None:
    """Make part of each campus zone's youngest residents students from outside the province.

    The stock is the steady state of the monthly inflow: intake x ``student_inmigration_share``
    x mean study years. They are drawn among residents in their first five years of age,
    keep their zone (so CBS totals hold), and become knowledge-track students living on their
    own, with an outside origin and a uniform share of their study still ahead. Mutates the
    arrays passed in.
    """
    params = scenario.population
    demo = scenario.demography
    years = (
        params.wo_share_of_knowledge * params.study_years_wo
        + (1 - params.wo_share_of_knowledge) * params.study_years_hbo
    )
    young = age_m < (params.youngest_age_years + 5) * 12
    names = list(demo.inmigrant_origin_shares)
    shares = np.array([demo.inmigrant_origin_shares[k] for k in names])
    outside = np.array([geo.index(name) for name in names])
    for zone in np.flatnonzero(geo.inside & (geo.campus_intake_per_year > 0)):
        stock = geo.campus_intake_per_year[zone] * demo.student_inmigration_share * years
        candidates = np.flatnonzero(young & (home == zone))
        k = min(len(candidates), round(stock * scenario.run.scale))
        chosen = rng.choice(candidates, size=k, replace=False)
        edu[chosen] = Education.KNOWLEDGE
        status[chosen] = Status.STUDENT
        grad_step[chosen] = rng.integers(1, round(years * 12) + 1, k)
        with_parents[chosen] = False
        origin[chosen] = outside[rng.choice(len(names), size=k, p=shares / shares.sum())]
