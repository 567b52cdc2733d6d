"""Labour market: jobs open to young people, vacancies, search and matching.

Jobs are held per zone and level (``(Z, 2)``, levels in :class:`~youth_sim.population.Education`
order). ``jobs`` is the demand for young workers in each Overijssel zone, in persons; a job whose
young holder leaves (ageing out, separation, a better job) becomes a vacancy, so the number of
vacancies is always ``jobs - filled``. Outside zones hold a finite, growing stock of young
people's jobs too, shared with a competing outside labour force (rivals, not modelled one by
one): young people from Overijssel who move or commute there take jobs that rivals would
otherwise take, and compete with the rivals who are unemployed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from youth_sim.choice import NONE_CHOSEN, draw_grouped, draw_weighted, ration, thinned
from youth_sim.config.schema import Labour, LocalServices
from youth_sim.context import Month
from youth_sim.errors import ConfigError
from youth_sim.geography import CommuteMatrices, Geography
from youth_sim.markets import pay
from youth_sim.population import NO_JOB, Education, Population, Status

N_LEVELS = len(Education)
"""A commute over this many minutes one way raises on-the-job search."""


@dataclass
class LabourMarket:
    """Jobs open to young people, in persons, per zone and level (``(Z, 2)``).

    ``jobs = trend_jobs x (1 + local_share x (resident_ratio - 1))``: the jobs on the zone's
    trend, with their local-service part scaled by how the zone's residents changed
    (:func:`update_demand`). With the mechanism off the ratio stays 1 and ``jobs`` is the trend.
    In outside zones ``rival_held`` of the jobs are held by the competing outside labour force
    of ``rival_force`` persons (both 0 in Overijssel zones).
    """

    jobs: np.ndarray
    scale: float
    inside: np.ndarray
    """(Z,) Overijssel zones (the others are outside zones)."""
    seen: np.ndarray
    """(Z, 2) share of each cell's vacancies that searchers consider: 1 inside,
    ``outside_search_share`` outside."""
    wage: np.ndarray
    """(Z, 2) expected gross monthly pay by job zone and level, EUR (:mod:`.pay`)."""
    pay_weight: np.ndarray
    """(Z, 2) weight of a job in the choice of where to apply, from its pay (:mod:`.pay`)."""
    applicants: np.ndarray
    """(Z, 2) applications by agents in the last month's matching (all rounds), agents."""

    trend_jobs: np.ndarray
    """(Z, 2) jobs on the zone's trend (and jobs policies) alone, persons."""
    local_share: np.ndarray
    """(Z, 2) share of each zone's jobs that serve local residents (0 outside)."""
    residents_base: np.ndarray
    """(Z,) inhabitants of all ages at the start, persons (CBS)."""
    young_base: np.ndarray
    """(Z,) young residents (the agents) at the start, persons."""
    resident_ratio: np.ndarray
    """(Z,) lagged (residents now / residents at the start) ** elasticity."""
    rival_held: np.ndarray
    """(Z, 2) outside jobs held by the competing outside labour force, persons."""
    rival_force: np.ndarray
    """(Z, 2) the competing outside labour force (employed and unemployed), persons."""

    def set_pay(self, wage: np.ndarray, params: Labour) -> None:
        """Set the pay of every cell and the weight searchers give it."""
        self.wage = wage
        self.pay_weight = pay.pay_weight(wage, params)

    def slots(self) -> np.ndarray:
        """(Z, 2) jobs the model's agents can hold, in agents.

        Whole agent-jobs inside; outside, the jobs rivals do not hold (fractional).
        """
        return np.rint(self.jobs * self.scale) - self.rival_held * self.scale

    def rivals_unemployed(self) -> np.ndarray:
        """(Z, 2) rivals without a job (they compete for outside vacancies), persons."""
        return np.maximum(self.rival_force - self.rival_held, 0.0)

    def filled(self, pop: Population, among: np.ndarray | None = None) -> np.ndarray:
        """(Z, 2) agents holding a job in each zone and level (outside zones included).

        ``among`` (n,) bool counts only those agents (e.g. the ones not leaving this month).
        """
        # One pass, no boolean gather: the jobless (NO_JOB, NO_JOB) land in bin 0 and the
        # cells start at bin N_LEVELS + 1 (int16 arithmetic: zones x levels stays small).
        offset = N_LEVELS + 1
        flat = pop.job_zone * np.int16(N_LEVELS) + pop.job_level + np.int16(offset)
        if among is not None:
            flat = np.where(among, flat, 0)
        counts = np.bincount(flat, minlength=self.jobs.size + offset)[offset:]
        return counts.reshape(self.jobs.shape)

    def vacancies(
        self, pop: Population, among: np.ndarray | None = None, filled: np.ndarray | None = None
    ) -> np.ndarray:
        """(Z, 2) open vacancies in agents: jobs held neither by agents nor by rivals.

        ``among`` as in :meth:`filled` (jobs of the others count as open); ``filled``, when
        known, saves counting them.
        """
        held = self.filled(pop, among) if filled is None else filled
        return np.maximum(self.slots() - held, 0.0)

    def openings_persons(self, pop: Population, filled: np.ndarray | None = None) -> np.ndarray:
        """(Z, 2) openings a searcher considers, in persons.

        The open vacancies; outside, only the ``seen`` share of them. ``filled`` as in
        :meth:`vacancies`.
        """
        return self.vacancies(pop, filled=filled) * self.seen / self.scale


def initial_market(
    geo: Geography, pop: Population, params: Labour, scale: float, wage: np.ndarray
) -> LabourMarket:
    """Derive the jobs open to young people from the initial workforce and the zones' jobs.

    The young-job total per level equals initial employment (knowledge workers split into
    their own level and, with ``initial_overqualified_share``, the vocational level) grossed up
    by ``initial_vacancy_rate``. It is spread over Overijssel zones in proportion to all jobs
    there, with a knowledge-level share in proportion to the zone's ``jobs_knowledge_share``.
    Outside zones get the same number of young people's jobs per job as the province, split
    by level the same way; their rivals are set in :func:`assign_initial_jobs`. ``wage`` (Z, 2)
    is the pay of each cell (:func:`.pay.wages`).
    """
    employed = pop.status == Status.EMPLOYED
    n_k = np.count_nonzero(employed & (pop.edu == Education.KNOWLEDGE)) / scale
    n_v = np.count_nonzero(employed & (pop.edu == Education.VOCATIONAL)) / scale
    q0 = params.initial_overqualified_share
    total_k = (1.0 - q0) * n_k / (1.0 - params.initial_vacancy_rate)
    total_v = (n_v + q0 * n_k) / (1.0 - params.initial_vacancy_rate)
    weight = geo.jobs_knowledge_share
    inside = geo.inside
    job_share = np.where(inside, geo.jobs, 0.0) / geo.jobs[inside].sum()
    # Knowledge share of each zone's jobs: proportional to the kind weight, scaled so that the
    # province's knowledge-level jobs add up to total_k.
    k_share = weight * total_k / ((total_k + total_v) * np.sum(job_share * weight))
    if (k_share[inside] > 1.0).any():
        zone = geo.names[int(np.argmax(np.where(inside, k_share, 0.0)))]
        raise ConfigError(
            f"{geo.files.get('zones', 'zones.csv')}: zone = {zone!r}, jobs_knowledge_share = "
            f"{geo.jobs_knowledge_share[geo.index(zone)]:g}: scaled to this workforce it gives "
            f"more knowledge-level jobs than jobs (the shares between zones differ too much)"
        )
    jobs = np.zeros((geo.n_zones, N_LEVELS))
    jobs[:, Education.KNOWLEDGE] = (total_k + total_v) * job_share * k_share
    jobs[:, Education.VOCATIONAL] = (total_k + total_v) * job_share * (1.0 - k_share)
    # Outside: young people's jobs per job as in the province.
    outside_jobs = np.where(inside, 0.0, geo.jobs) * (total_k + total_v) / geo.jobs[inside].sum()
    jobs[~inside, Education.KNOWLEDGE] = (outside_jobs * np.minimum(k_share, 1.0))[~inside]
    jobs[~inside, Education.VOCATIONAL] = (outside_jobs * (1.0 - np.minimum(k_share, 1.0)))[~inside]
    share = params.local_services.share
    local_share = np.where(inside[:, None], share.array(), 0.0)
    return LabourMarket(
        jobs=jobs,
        scale=scale,
        inside=inside.copy(),
        seen=np.where(inside[:, None], 1.0, np.full_like(jobs, params.outside_search_share)),
        wage=wage,
        pay_weight=pay.pay_weight(wage, params),
        applicants=np.zeros_like(jobs),
        trend_jobs=jobs.copy(),
        local_share=local_share,
        residents_base=geo.pop_total.astype(float),
        young_base=np.bincount(pop.home, minlength=geo.n_zones) / scale,
        resident_ratio=np.ones(geo.n_zones),
        rival_held=np.zeros_like(jobs),
        rival_force=np.zeros_like(jobs),
    )


def assign_initial_jobs(
    pop: Population,
    market: LabourMarket,
    cm: CommuteMatrices,
    params: Labour,
    rng: np.random.Generator,
    iterations: int = 60,
) -> None:
    """Give every initially employed agent a job by a doubly constrained gravity model.

    Each worker targets a level (knowledge workers the vocational level with probability
    ``initial_overqualified_share``). Per level, commuting shares from each home zone are
    proportional to the reach weight times the zone's jobs times a balancing factor; the
    balancing factors are iterated (Furness / IPF) until every Overijssel zone's jobs are
    filled in equal proportion, and outside zones take workers in proportion to the jobs
    searchers consider there (``outside_search_share`` of them) times their pay weight.
    Job zones are then drawn from these shares (multinomial per home zone and car class) and
    rationed against the jobs; the few left over become unemployed. Finally the jobs are set to
    ``filled / (1 - initial_vacancy_rate)``, so every zone starts at the initial vacancy rate.
    Mutates ``pop`` and ``market``.
    """
    v0 = params.initial_vacancy_rate
    idx = np.flatnonzero(pop.status == Status.EMPLOYED)
    over = (pop.edu[idx] == Education.KNOWLEDGE) & (
        rng.random(len(idx)) < params.initial_overqualified_share
    )
    target_level = np.where(over, Education.VOCATIONAL, pop.edu[idx]).astype(np.int8)
    inside = market.inside
    n_zones = len(inside)
    # Commuter classes: car access x education (they differ in reach).
    cls = pop.car[idx].astype(np.int64) * 2 + pop.edu[idx]
    home = pop.home[idx].astype(np.int64)
    reach = cm.reach.reshape(4, n_zones, n_zones)
    for level in Education:
        workers = np.flatnonzero(target_level == level)
        group = cls[workers] * n_zones + home[workers]
        origins = np.bincount(group, minlength=4 * n_zones).reshape(4, n_zones).astype(float)
        mass = market.jobs[:, level] * market.seen[:, level] * market.pay_weight[:, level]
        shares = _balanced_shares(origins, mass, inside, reach, iterations).reshape(-1, n_zones)
        zone = np.empty(len(workers), dtype=np.int64)
        order = np.argsort(group, kind="stable")
        starts = np.searchsorted(group[order], np.arange(4 * n_zones))
        ends = np.searchsorted(group[order], np.arange(4 * n_zones), side="right")
        for g in np.flatnonzero(ends > starts):
            members = order[starts[g] : ends[g]]
            counts = rng.multinomial(len(members), shares[g])
            zone[rng.permutation(members)] = np.repeat(np.arange(n_zones), counts)
        slots = np.where(inside, np.floor(market.jobs[:, level] * market.scale), len(workers))
        got = ration(zone, slots, rng)
        agents = idx[workers[got]]
        pop.job_zone[agents] = zone[got]
        pop.job_level[agents] = level
        pop.status[idx[workers[~got]]] = Status.UNEMPLOYED
    filled = market.filled(pop) / market.scale
    market.jobs[inside] = filled[inside] / (1.0 - v0)
    market.trend_jobs[:] = market.jobs
    _set_rivals(market, filled, ~inside, params)


def _set_rivals(
    market: LabourMarket, filled: np.ndarray, outside: np.ndarray, params: Labour
) -> None:
    """The competing outside labour force, in a steady state at the initial vacancy rate.

    Rivals hold the outside jobs the agents do not, less ``initial_vacancy_rate`` of them
    left open. Their unemployed number ``R`` is the one at which, with the agents' matching
    function, rivals' monthly hires equal their separations: ``s H = mu R^alpha V^(1-alpha)``
    for each level (``H`` jobs held, ``s`` the separation rate of that level's workers, ``V``
    the vacancies when matching starts: the month-end ones plus the month's quits ``s H``;
    ``R`` counts those quits, so ``R - s H`` rivals are unemployed at a month's end), so that,
    without the young from Overijssel, the outside market would stay where it is.
    Mutates ``market``.
    """
    v0 = params.initial_vacancy_rate
    mu, alpha = params.matching_efficiency_per_month, params.matching_elasticity
    jobs = np.where(outside[:, None], market.jobs, 0.0)
    held = np.maximum(jobs * (1.0 - v0) - filled, 0.0)
    separation = params.separation_rate_per_month.array()
    # Vacancies when the month's matching starts: the month-end stock plus this month's quits.
    vacancies = jobs * (v0 + separation * (1.0 - v0))
    unemployed = np.divide(
        separation * jobs * (1.0 - v0),
        mu * vacancies ** (1.0 - alpha),
        out=np.zeros_like(jobs),
        where=vacancies > 0,
    ) ** (1.0 / alpha)
    market.rival_held = held
    # At the month's end, before this month's quits join them.
    market.rival_force = held + np.maximum(unemployed - separation * held, 0.0)


def _balanced_shares(
    origins: np.ndarray, mass: np.ndarray, inside: np.ndarray, reach: np.ndarray, iterations: int
) -> np.ndarray:
    """(C, Z, Z) destination shares per commuter class and home zone, balanced on inside zones.

    ``origins`` (C, Z) workers, ``reach`` (C, Z, Z); ``mass`` (Z,) jobs (inside) or the jobs
    searchers consider (outside). The balancing factor of each inside zone is scaled until its
    inflow is proportional to its jobs; outside zones keep factor 1 (the agents are a small
    part of their workforce).
    """
    balance = np.ones(len(mass))
    for _ in range(iterations):
        weights = reach * (balance * mass)[None, None, :]
        shares = weights / np.maximum(weights.sum(axis=2, keepdims=True), 1e-300)
        inflow = np.einsum("ch,chz->z", origins, shares)
        to_inside = origins.sum() - inflow[~inside].sum()
        target = mass[inside] * to_inside / mass[inside].sum()
        balance[inside] *= np.where(
            inflow[inside] > 0, target / np.maximum(inflow[inside], 1e-12), 1.0
        )
    weights = reach * (balance * mass)[None, None, :]
    return weights / np.maximum(weights.sum(axis=2, keepdims=True), 1e-300)


def update_demand(
    market: LabourMarket,
    geo: Geography,
    extra_growth: np.ndarray,
    pop: Population,
    params: LocalServices,
    *,
    offset: float = 0.0,
) -> bool:
    """One month of labour demand: the trend, and local services following residents.

    The jobs on the trend grow by one month of each zone's annual growth, plus ``extra_growth``
    (Z, 2) from jobs policies. The local-service part of each Overijssel zone's jobs scales
    with its residents, ``(residents now / at the start) ** elasticity``, reached gradually:
    each month the ratio moves ``1 - exp(-1 / (12 lag_years))`` of the way to its target.
    Residents are the zone's CBS inhabitants at the start plus the change in its young
    residents (the agents; older people are not modelled, so held constant). Mutates
    ``market``. Returns whether any zone and level lost whole agent-jobs: only then can it hold
    more workers than jobs (hires and arrivals never exceed the vacancies), so only then is
    :func:`lay_off` needed. ``offset`` is added to every zone's growth (young people's jobs
    grow slower than all jobs); the outside rivals' labour force grows with the outside jobs.
    """
    before = np.rint(market.jobs * market.scale)
    growth = geo.jobs_growth_per_year[:, None] + offset
    market.trend_jobs *= (1.0 + growth + extra_growth) ** (1.0 / 12.0)
    market.rival_force *= (1.0 + growth) ** (1.0 / 12.0)
    if params.elasticity > 0:
        young = np.bincount(pop.home, minlength=len(market.young_base)) / market.scale
        residents = np.maximum(market.residents_base + young - market.young_base, 1.0)
        ratio = np.divide(
            residents, market.residents_base,
            out=np.ones_like(residents), where=market.residents_base > 0,
        )  # fmt: skip
        step = 1.0 - np.exp(-1.0 / (12.0 * params.lag_years))
        market.resident_ratio += (ratio**params.elasticity - market.resident_ratio) * step
    market.jobs = market.trend_jobs * (
        1.0 + market.local_share * (market.resident_ratio - 1.0)[:, None]
    )
    return bool((np.rint(market.jobs * market.scale) < before).any())


def lay_off(pop: Population, market: LabourMarket, rng: np.random.Generator) -> int:
    """Where a zone and level holds more workers than it has jobs, lay the excess off.

    The jobs are the whole agent-jobs of :meth:`LabourMarket.slots`, as in the vacancies; the
    laid-off are drawn at random among the holders of the cell and become unemployed. Returns
    how many. Draws one uniform per holder of an over-full cell (none when no cell is over-full).
    """
    capacity = np.floor(market.slots() + 1e-9)
    excess = (market.filled(pop) - capacity).ravel()
    if not (excess > 0).any():
        return 0
    holders = np.flatnonzero(pop.job_zone != NO_JOB)
    cell = pop.job_zone[holders].astype(np.int64) * N_LEVELS + pop.job_level[holders]
    over = excess[cell] > 0
    holders, cell = holders[over], cell[over]
    order = np.lexsort((rng.random(len(holders)), cell))
    holders, cell = holders[order], cell[order]
    first = np.searchsorted(cell, cell)  # where each cell's run starts
    laid_off = holders[np.arange(len(holders)) - first < excess[cell]]
    pop.status[laid_off] = Status.UNEMPLOYED
    pop.job_zone[laid_off] = NO_JOB
    pop.job_level[laid_off] = NO_JOB
    pop.months_unemployed[laid_off] = 0
    return len(laid_off)


def separate(pop: Population, market: LabourMarket, month: Month) -> int:
    """Employed people lose their job with a monthly rate by education; returns how many.

    Their job becomes a vacancy (the stock of jobs is unchanged). Rivals holding outside jobs
    leave them at the rate of the job's level (expected numbers, no draw). Who loses their job
    is drawn by thinning (:func:`~youth_sim.choice.thinned`).
    """
    params = month.config.labour
    by_level = params.separation_rate_per_month.array()
    market.rival_held *= 1.0 - by_level

    def chance(idx: np.ndarray) -> np.ndarray:
        return np.where(pop.status[idx] == Status.EMPLOYED, by_level[pop.edu[idx]], 0.0)

    lose = thinned(pop.n, float(by_level.max()), chance, month.rng)
    pop.status[lose] = Status.UNEMPLOYED
    pop.job_zone[lose] = NO_JOB
    pop.job_level[lose] = NO_JOB
    pop.months_unemployed[lose] = 0
    return len(lose)


class Matching(NamedTuple):
    """What a month's matching did."""

    hires: int
    filled: np.ndarray
    """(Z, 2) jobs held by agents afterwards (as :meth:`LabourMarket.filled` counts them)."""


def search_and_match(
    pop: Population, market: LabourMarket, cm: CommuteMatrices, month: Month
) -> Matching:
    """One month of job search and matching. Mutates ``pop`` and ``market``.

    Searchers are the unemployed and, with a monthly probability, the employed (more if their
    commute is long or they are overqualified): :func:`_draw_searchers`. Each
    searcher applies with probability ``1 - exp(-search_intensity x reachable openings)``
    (:func:`_applications`) to one (zone, level) drawn in proportion to openings x reach
    weight x level weight; the employed only to jobs they would take (a higher level, or the
    same level for a commute at least ``job_switch_gain_eur_month`` cheaper). Per (zone,
    level), hires are ``min(applicants, vacancies, mu A^alpha V^(1-alpha))``, stochastically
    rounded, and the employer picks the winners at random, knowledge applicants to
    vocational jobs weighted by ``employer_preference_knowledge`` (:func:`_match_round`).
    Losers try again in the next round, with the vacancies left. A job far from home raises
    the moving hazard.

    Job seekers without a job share their weights with everyone of the same car access,
    education, home zone and openness to lower-level jobs (a group), so their draws use one
    table per group; the employed, whose acceptable jobs depend on their current job, get a
    row each. Draws, in order: who searches (thinning over the employed), one uniform per
    searcher (who applies), then per round the destinations, the rounding of hires and the
    employers' pick.
    """
    params = month.config.labour
    searchers = _draw_searchers(pop, cm, params, month.rng)
    if len(searchers) == 0:
        market.applicants = np.zeros_like(market.jobs)
        return Matching(0, market.filled(pop))
    vacancies = _Vacancies.of(pop, market)
    applications = _applications(pop, searchers, vacancies, cm, params, month.rng)
    hires = 0
    for _ in range(params.rounds_per_month):
        if not applications.active.any():
            break
        hires += _match_round(pop, applications, vacancies, cm, month)
    return Matching(hires, vacancies.settle(market))


def _draw_searchers(
    pop: Population, cm: CommuteMatrices, params: Labour, rng: np.random.Generator
) -> np.ndarray:
    """Indices of this month's searchers: every unemployed person, then some employed ones.

    An employed person searches with a chance by commute and overqualification; they are
    drawn by thinning (:func:`~youth_sim.choice.thinned`).
    """
    ojs = params.on_the_job_search_per_month
    n_zones = cm.minutes.shape[1]
    by_cell = (
        ojs.base
        + ojs.long_commute * (cm.minutes > ojs.long_commute_above_min)[..., None]
        + ojs.overqualified * np.array([False, True])
    ).ravel()  # (car, home, job zone, overqualified)

    def chance(idx: np.ndarray) -> np.ndarray:
        employed = pop.status[idx] == Status.EMPLOYED
        cell = (pop.car[idx] * np.int32(n_zones) + pop.home[idx]) * np.int32(n_zones)
        cell = (cell + pop.job_zone[idx]) * 2 + (pop.job_level[idx] < pop.edu[idx])
        return np.where(employed, by_cell[np.where(employed, cell, 0)], 0.0)

    unemployed = np.flatnonzero(pop.status == Status.UNEMPLOYED)
    employed = thinned(pop.n, float(by_cell.max()), chance, rng)
    return np.concatenate((unemployed, employed))


@dataclass
class _Vacancies:
    """Jobs per (zone, level) cell this month, in agents, kept up to date as hires are made."""

    stock: np.ndarray
    """(Z x 2,) jobs the agents can hold (outside: those rivals do not hold)."""
    filled: np.ndarray
    """(Z x 2,) jobs held by agents, updated after each round (no recount)."""
    rivals: np.ndarray
    """(Z x 2,) unemployed rivals competing for each cell, agents (0 inside)."""
    rival_hires: np.ndarray
    """(Z x 2,) jobs taken by rivals this month, agents."""
    applicants: np.ndarray
    """(Z x 2,) applications by agents this month, agents."""
    seen: np.ndarray
    """(Z x 2,) share of the vacancies searchers consider."""
    pay_weight: np.ndarray
    """(Z x 2,) weight of each cell's pay in the choice of where to apply."""
    wage: np.ndarray
    """(Z, 2) expected gross monthly pay, EUR."""
    scale: float

    @classmethod
    def of(cls, pop: Population, market: LabourMarket) -> _Vacancies:
        return cls(
            stock=market.slots().ravel(),
            filled=market.filled(pop).ravel().astype(np.float64),
            rivals=(market.rivals_unemployed() * market.scale).ravel(),
            rival_hires=np.zeros(market.jobs.size),
            applicants=np.zeros(market.jobs.size),
            seen=market.seen.ravel(),
            pay_weight=market.pay_weight.ravel(),
            wage=market.wage,
            scale=market.scale,
        )

    def open_agents(self) -> np.ndarray:
        """(Z x 2,) open vacancies now, agents."""
        return np.maximum(self.stock - self.filled - self.rival_hires, 0.0)

    def considered(self) -> np.ndarray:
        """(Z x 2,) the open vacancies searchers consider, agents."""
        return self.open_agents() * self.seen

    def attraction(self) -> np.ndarray:
        """(Z x 2,) the vacancies considered, weighted by their pay: the search weights."""
        return self.considered() * self.pay_weight

    def settle(self, market: LabourMarket) -> np.ndarray:
        """Hand the rivals' hires (persons) and the month's applications to ``market``.

        Returns the (Z, 2) jobs held by agents now (kept up to date by the rounds; no recount).
        """
        market.rival_held += self.rival_hires.reshape(market.jobs.shape) / self.scale
        market.applicants = self.applicants.reshape(market.jobs.shape)
        return self.filled.reshape(market.jobs.shape)


@dataclass
class _Applications:
    """Who applies this month, and the weights of the cells each may apply to."""

    order: np.ndarray
    """(m,) applicants: seekers without a job first, then the employed."""
    table: np.ndarray
    """(G, Z x 2) weights per group of seekers without a job."""
    group: np.ndarray
    """(s,) each seeker's group."""
    rows: np.ndarray
    """(e, 2 x Z) weights of each employed searcher, level-major (:func:`_employed_weights`)."""
    active: np.ndarray
    """(m,) still applying (has not applied and been hired yet)."""

    @property
    def n_seekers(self) -> int:
        """How many applicants have no job (they come first in ``order``)."""
        return len(self.group)


def _applications(
    pop: Population,
    searchers: np.ndarray,
    vacancies: _Vacancies,
    cm: CommuteMatrices,
    params: Labour,
    rng: np.random.Generator,
) -> _Applications:
    """Weights of every searcher, and who applies at all (one uniform per searcher)."""
    openings = vacancies.considered() / vacancies.scale
    is_emp = pop.status[searchers] == Status.EMPLOYED
    reach = reach_with_intervening(cm, openings, params)
    table, group = _group_weights(pop, searchers[~is_emp], openings, reach, params)
    rows = _employed_weights(pop, searchers[is_emp], cm, reach, vacancies.wage, params)
    order = np.concatenate((searchers[~is_emp], searchers[is_emp]))
    reachable = np.concatenate(((table @ openings)[group], rows @ _level_major(openings)))
    active = rng.random(len(order)) < 1.0 - np.exp(-params.search_intensity * reachable)
    return _Applications(order, table, group, rows, active)


def _match_round(
    pop: Population,
    applications: _Applications,
    vacancies: _Vacancies,
    cm: CommuteMatrices,
    month: Month,
) -> int:
    """One round: active applicants pick a cell, each cell hires some; returns the hires.

    Mutates ``pop`` (the winners' job), ``vacancies.filled`` and ``applications.active``.
    """
    params, rng = month.config.labour, month.rng
    n_cells = len(vacancies.stock)
    pick = np.flatnonzero(applications.active)
    open_agents = vacancies.open_agents()
    attraction = vacancies.attraction()
    n_seekers = applications.n_seekers
    seekers, emps = pick[pick < n_seekers], pick[pick >= n_seekers]
    choice = np.concatenate(
        (
            draw_grouped(applications.table * attraction, applications.group[seekers], rng),
            _cell_of_level_major(
                draw_weighted(
                    _rows_of(applications.rows, emps - n_seekers) * _level_major(attraction), rng
                ),
                n_cells // N_LEVELS,
            ),
        )
    )
    pick = np.concatenate((seekers, emps))
    pick, choice = pick[choice != NONE_CHOSEN], choice[choice != NONE_CHOSEN]
    applicants = np.bincount(choice, minlength=n_cells).astype(np.float64)
    vacancies.applicants += applicants
    # Outside, unemployed rivals apply too; hires are shared in proportion to applicants.
    rivals = np.maximum(vacancies.rivals - vacancies.rival_hires, 0.0)
    everyone = applicants + rivals
    alpha = params.matching_elasticity
    expected = params.matching_efficiency_per_month * everyone**alpha * open_agents ** (1.0 - alpha)
    expected = np.minimum(np.minimum(expected, everyone), open_agents)
    ours = np.divide(applicants, everyone, out=np.zeros(n_cells), where=everyone > 0)
    slots = np.minimum(np.floor(expected * ours + rng.random(n_cells)), np.floor(open_agents))
    agents = applications.order[pick]
    level = (choice % N_LEVELS).astype(np.int8)
    preference = np.where(
        (pop.edu[agents] == Education.KNOWLEDGE) & (level == Education.VOCATIONAL),
        params.employer_preference_knowledge,
        1.0,
    )
    won = ration(choice, slots, rng, weight=preference)
    winners = agents[won]
    had_job = pop.job_zone[winners] != NO_JOB
    old = (
        pop.job_zone[winners[had_job]].astype(np.int64) * N_LEVELS + pop.job_level[winners[had_job]]
    )
    vacancies.filled += np.bincount(choice[won], minlength=n_cells) - np.bincount(
        old, minlength=n_cells
    )
    taken = np.bincount(choice[won], minlength=n_cells)
    vacancies.rival_hires += np.clip(expected * (1.0 - ours), 0.0, open_agents - taken)
    zone = (choice[won] // N_LEVELS).astype(np.int16)
    pop.job_zone[winners] = zone
    pop.job_level[winners] = level[won]
    pop.status[winners] = Status.EMPLOYED
    pop.months_unemployed[winners] = 0
    far = cm.minutes[pop.car[winners].astype(np.int64), pop.home[winners], zone]
    trigger = month.config.residence.move_trigger
    pop.trigger_until[winners[far > trigger.far_job_min]] = month.step + trigger.months
    applications.active[pick[won]] = False
    return len(winners)


def _rows_of(table: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``table[rows]`` (a view when ``rows`` are all the rows in order, as in a first round)."""
    if len(rows) == len(table):
        return table
    return np.take(table, rows, axis=0)


def reach_with_intervening(cm: CommuteMatrices, openings: np.ndarray, params: Labour) -> np.ndarray:
    """(2 car, 2 edu, Z, Z) reach weights discounted by the intervening opportunities.

    Stouffer's intervening opportunities: the chance that a searcher takes a job in zone z
    falls with the openings at their own level in zones reached sooner from home,
    ``exp(-L x openings closer than z)`` (``L`` = ``intervening_opportunities_per_person``).
    Where jobs at one's level are few nearby, as knowledge-level jobs are, the search goes
    farther: thin markets mean longer commutes, with one ``L`` for everyone. ``openings``
    (Z x 2,) in persons. With ``L = 0`` this is ``cm.reach``.
    """
    rate = params.intervening_opportunities_per_person
    if rate == 0:
        return cm.reach
    n_zones = cm.reach.shape[-1]
    by_level = openings.reshape(n_zones, N_LEVELS)
    order, first = cm.reach_order
    factor = np.empty(cm.reach.shape)
    for level in Education:
        ranked = by_level[:, level][order]  # openings in the order each home reaches them
        closer = np.take_along_axis(np.cumsum(ranked, axis=2) - ranked, first, axis=2)
        before = np.empty_like(closer)
        np.put_along_axis(before, order, closer, axis=2)
        factor[:, level] = np.exp(-rate * before)
    return cm.reach * factor


def _level_weights(knowledge: np.ndarray, below_ok: np.ndarray, params: Labour) -> np.ndarray:
    """(n, 2) weight of vocational and knowledge-level jobs for each searcher."""
    weight = np.empty((*knowledge.shape, N_LEVELS))
    weight[..., Education.VOCATIONAL] = np.where(
        knowledge, np.where(below_ok, params.overqualified_weight, 0.0), 1.0
    )
    weight[..., Education.KNOWLEDGE] = knowledge
    return weight


def _group_weights(
    pop: Population,
    seekers: np.ndarray,
    openings: np.ndarray,
    reach: np.ndarray,
    params: Labour,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights of every (zone, level) cell for groups of job seekers without a job.

    A group is (car access, education, home zone, open to lower-level jobs). Returns the
    (G, Z x 2) table of reach weight x level weight and each seeker's group (n,). Knowledge
    seekers are open to vocational jobs after some months of unemployment, or when fewer
    knowledge openings than ``knowledge_reach_threshold`` are within reach.
    """
    n_zones = reach.shape[-1]  # reach: (car, edu, home, zone), reach_with_intervening
    reach_k = reach @ openings.reshape(n_zones, N_LEVELS)[:, Education.KNOWLEDGE]
    car = pop.car[seekers].astype(np.int64)
    edu = pop.edu[seekers].astype(np.int64)
    home = pop.home[seekers].astype(np.int64)
    below_ok = (edu == Education.KNOWLEDGE) & (
        (pop.months_unemployed[seekers] >= params.overqualified_after_months_unemployed)
        | (reach_k[car, edu, home] < params.knowledge_reach_threshold)
    )
    group = ((car * 2 + edu) * n_zones + home) * 2 + below_ok
    # Table over all groups: (car, edu, home, below_ok) x (zone, level).
    knowledge = np.arange(2)[None, :, None, None] == Education.KNOWLEDGE
    below = np.arange(2)[None, None, None, :] == 1
    level = _level_weights(
        np.broadcast_to(knowledge, (2, 2, n_zones, 2)),
        np.broadcast_to(below, (2, 2, n_zones, 2)),
        params,
    )  # (car, edu, home, below, level)
    table = reach[:, :, :, None, :, None] * level[:, :, :, :, None, :]
    return table.reshape(-1, n_zones * N_LEVELS), group


def _employed_weights(
    pop: Population,
    who: np.ndarray,
    cm: CommuteMatrices,
    reach_all: np.ndarray,
    wage: np.ndarray,
    params: Labour,
) -> np.ndarray:
    """(n, 2 x Z) weights for employed searchers: only jobs they would take.

    Rows are level-major (all vocational-level zones, then all knowledge-level ones; see
    :func:`_level_major`), so each level is one contiguous block.

    A higher level than their job, or the same level where net pay less the monthly commuting
    cost is at least ``job_switch_gain_eur_month`` more than in their job; never a lower level.
    ``reach_all`` (2 car, 2 edu, Z, Z) is :func:`reach_with_intervening`; ``wage`` (Z, 2) the
    expected gross pay.
    """
    car = pop.car[who]
    home = pop.home[who].astype(np.int64)
    reach = reach_all[car.astype(np.int64), pop.edu[who], home]
    net = pay.net_pay(wage, params)  # (Z, 2)
    now = pop.job_level[who].astype(np.int64)
    value_now = net[pop.job_zone[who], now] - cm.cost_eur_month(
        car, pop.vot[who], home, pop.job_zone[who]
    )
    value_new = np.take(net.T, now, axis=0) - cm.cost_eur_month(car, pop.vot[who], home)
    better = value_new >= (value_now + params.job_switch_gain_eur_month)[:, None]
    level = _level_weights(pop.edu[who] == Education.KNOWLEDGE, np.ones(len(who), bool), params)
    # Acceptable: a higher level than the job anywhere, its own level where it pays better,
    # never a lower one. Vocational-level jobs: only for those in one, where better.
    in_vocational = now == Education.VOCATIONAL
    weights = np.empty((len(who), N_LEVELS, reach.shape[1]))  # level-major rows
    better_reach = reach * better
    np.multiply(
        better_reach,
        (level[:, Education.VOCATIONAL] * in_vocational)[:, None],
        out=weights[:, Education.VOCATIONAL],
    )
    np.multiply(
        reach * (better | in_vocational[:, None]),
        level[:, Education.KNOWLEDGE, None],
        out=weights[:, Education.KNOWLEDGE],
    )
    return weights.reshape(len(who), -1)


def _level_major(cells: np.ndarray) -> np.ndarray:
    """(Z x 2,) values in (zone, level) cell order -> (2 x Z,) in (level, zone) order."""
    return cells.reshape(-1, N_LEVELS).T.ravel()


def _cell_of_level_major(column: np.ndarray, n_zones: int) -> np.ndarray:
    """Columns of level-major rows -> (zone, level) cells; :data:`NONE_CHOSEN` stays."""
    level, zone = np.divmod(column, n_zones)
    return np.where(column == NONE_CHOSEN, NONE_CHOSEN, zone * N_LEVELS + level)


def count_unemployed_month(pop: Population) -> None:
    """Add one month to the unemployment duration of everyone unemployed."""
    months = pop.months_unemployed
    np.add(months, pop.status == Status.UNEMPLOYED, out=months, casting="unsafe")
    np.minimum(months, 10_000, out=months)
