"""Labour market: jobs open to young people, vacancies, search and matching.

Jobs are held per zone and level (``(Z, 2)``, levels in :class:`~youth_sim.population.Education`
order). ``jobs`` is the demand for young workers in each Overijssel zone, in persons; a job whose
young holder leaves (ageing out, separation, a better job) becomes a vacancy, so the number of
vacancies is always ``jobs - filled``. Outside zones have no tracked stock: they offer a constant
flow of openings (``outside_offers``, persons) that Overijssel's young can apply to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from youth_sim.choice import NONE_CHOSEN, draw_weighted, ration
from youth_sim.config.schema import Labour, Residence
from youth_sim.geography import CommuteMatrices, Geography, Kind
from youth_sim.population import NO_JOB, Education, Population, Status

N_LEVELS = len(Education)


@dataclass
class LabourMarket:
    """Jobs and outside job offers, in persons, per zone and level (both ``(Z, 2)``)."""

    jobs: np.ndarray
    outside_offers: np.ndarray
    scale: float

    def filled(self, pop: Population) -> np.ndarray:
        """(Z, 2) agents holding a job in each zone and level (outside zones included)."""
        held = pop.job_zone != NO_JOB
        flat = pop.job_zone[held].astype(np.int64) * N_LEVELS + pop.job_level[held]
        return np.bincount(flat, minlength=self.jobs.size).reshape(self.jobs.shape)

    def vacancies(self, pop: Population) -> np.ndarray:
        """(Z, 2) open vacancies in agents (0 in outside zones, which have no tracked stock)."""
        return np.maximum(np.rint(self.jobs * self.scale) - self.filled(pop), 0.0)

    def openings_persons(self, pop: Population) -> np.ndarray:
        """(Z, 2) openings a searcher sees, in persons: vacancies inside, offers outside."""
        return self.vacancies(pop) / self.scale + self.outside_offers


def initial_market(geo: Geography, pop: Population, params: Labour, scale: float) -> LabourMarket:
    """Derive the jobs open to young people from the initial workforce and the zones' jobs.

    The young-job total per level equals initial employment (knowledge workers split into
    their own level and, with ``initial_overqualified_share``, the vocational level) grossed up
    by ``initial_vacancy_rate``. It is spread over Overijssel zones in proportion to all jobs
    there, with a knowledge-level share that scales with ``knowledge_job_weight`` by zone kind.
    Outside zones get ``outside_offers_per_job`` offers per job, split by level the same way.
    """
    employed = pop.status == Status.EMPLOYED
    n_k = np.count_nonzero(employed & (pop.edu == Education.KNOWLEDGE)) / scale
    n_v = np.count_nonzero(employed & (pop.edu == Education.VOCATIONAL)) / scale
    q0 = params.initial_overqualified_share
    total_k = (1.0 - q0) * n_k / (1.0 - params.initial_vacancy_rate)
    total_v = (n_v + q0 * n_k) / (1.0 - params.initial_vacancy_rate)
    weight_by_kind = params.knowledge_job_weight.model_dump()
    weight = np.array([weight_by_kind[Kind(k).name.lower()] for k in geo.kind])
    inside = geo.inside
    job_share = np.where(inside, geo.jobs, 0.0) / geo.jobs[inside].sum()
    # Knowledge share of each zone's jobs: proportional to the kind weight, scaled so that the
    # province's knowledge-level jobs add up to total_k.
    k_share = weight * total_k / ((total_k + total_v) * np.sum(job_share * weight))
    if (k_share[inside] > 1.0).any():
        raise ValueError("knowledge_job_weight gives a zone more knowledge jobs than jobs")
    jobs = np.zeros((geo.n_zones, N_LEVELS))
    jobs[:, Education.KNOWLEDGE] = (total_k + total_v) * job_share * k_share
    jobs[:, Education.VOCATIONAL] = (total_k + total_v) * job_share * (1.0 - k_share)
    offers = np.zeros_like(jobs)
    outside_jobs = np.where(inside, 0.0, geo.jobs) * params.outside_offers_per_job
    offers[:, Education.KNOWLEDGE] = outside_jobs * np.minimum(k_share, 1.0)
    offers[:, Education.VOCATIONAL] = outside_jobs * (1.0 - np.minimum(k_share, 1.0))
    return LabourMarket(jobs=jobs, outside_offers=offers, scale=scale)


def assign_initial_jobs(
    pop: Population, market: LabourMarket, cm: CommuteMatrices, params: Labour,
    rng: np.random.Generator, rounds: int = 5,
) -> None:
    """Give every initially employed agent a job, by a gravity lottery with finite slots.

    Each worker targets a level (knowledge workers the vocational level with probability
    ``initial_overqualified_share``), then draws a zone in proportion to the slots there times
    the reach weight from home; slots per Overijssel zone are ``jobs x (1 - initial vacancy
    rate)``, outside zones take ``outside_offers / initial vacancy rate`` workers. Whoever is
    left without a job after ``rounds`` lotteries becomes unemployed. Mutates ``pop``.
    """
    idx = np.flatnonzero(pop.status == Status.EMPLOYED)
    over = (pop.edu[idx] == Education.KNOWLEDGE) & (
        rng.random(len(idx)) < params.initial_overqualified_share
    )
    level = np.where(over, Education.VOCATIONAL, pop.edu[idx])
    v0 = params.initial_vacancy_rate
    inside_slots = np.floor(market.jobs * market.scale * (1.0 - v0))
    outside_mass = market.outside_offers * market.scale / max(v0, 1e-9)
    slots = inside_slots + outside_mass
    outside_zone = market.outside_offers.sum(axis=1) > 0
    pending = np.ones(len(idx), dtype=bool)
    for _ in range(rounds):
        who = np.flatnonzero(pending)
        if len(who) == 0:
            break
        agents = idx[who]
        free = slots - market.filled(pop)
        free[outside_zone] = outside_mass[outside_zone]
        weights = np.maximum(free[:, level[who]].T, 0.0) * cm.reach[
            pop.car[agents].astype(np.int64), pop.home[agents].astype(np.int64)
        ]
        zone = draw_weighted(weights, rng)
        chose = zone != NONE_CHOSEN
        group = np.where(chose, zone * N_LEVELS + level[who], 0)
        capacity = np.where(outside_zone[:, None], len(idx), np.floor(free)).ravel()
        won = chose & ration(group, capacity, rng)
        winners = agents[won]
        pop.job_zone[winners] = zone[won]
        pop.job_level[winners] = level[who][won]
        pending[who[won]] = False
    pop.status[idx[pending]] = Status.UNEMPLOYED


def update_demand(market: LabourMarket, geo: Geography, params: Labour) -> None:
    """Grow the jobs open to young people by one month of the annual trend (per zone kind)."""
    growth = params.job_growth_per_year.model_dump()
    rate = np.array([growth.get(Kind(k).name.lower(), 0.0) for k in geo.kind])
    market.jobs *= ((1.0 + rate) ** (1.0 / 12.0))[:, None]


def separate(pop: Population, params: Labour, rng: np.random.Generator) -> int:
    """Employed people lose their job with a monthly rate by education; returns how many.

    Their job becomes a vacancy (the stock of jobs is unchanged). Draws one uniform per agent.
    """
    rate = np.where(
        pop.edu == Education.KNOWLEDGE,
        params.separation_rate_per_month.knowledge,
        params.separation_rate_per_month.vocational,
    )
    lose = (pop.status == Status.EMPLOYED) & (rng.random(pop.n) < rate)
    pop.status[lose] = Status.UNEMPLOYED
    pop.job_zone[lose] = NO_JOB
    pop.job_level[lose] = NO_JOB
    pop.months_unemployed[lose] = 0
    return int(np.count_nonzero(lose))


def search_and_match(
    pop: Population, market: LabourMarket, cm: CommuteMatrices, params: Labour,
    residence: Residence, step: int, rng: np.random.Generator,
) -> int:
    """One month of job search and matching; returns the number of hires.

    Searchers are the unemployed and, with a monthly probability, the employed (more if their
    commute is over 45 minutes or they are overqualified). Each searcher applies with
    probability ``1 - exp(-search_intensity x reachable openings)`` to one (zone, level) drawn
    in proportion to openings x reach weight x level weight; the employed only to jobs they
    would take (a higher level, or the same level for a commute at least
    ``job_switch_min_gain_eur_month`` cheaper). Per (zone, level), hires are
    ``min(applicants, vacancies, mu A^alpha V^(1-alpha))``, stochastically rounded, and the
    employer picks the winners at random, knowledge applicants to vocational jobs weighted by
    ``employer_preference_knowledge``. Losers try again in the next round, with the vacancies
    left. A job far from home raises the moving hazard. Mutates ``pop``.

    Draws, in order: one uniform per agent (who searches), one per searcher (who applies), then
    per round the destination draws, the stochastic rounding of hires and the employers' pick.
    """
    employed = pop.status == Status.EMPLOYED
    commute_min = np.zeros(pop.n)
    commute_min[employed] = cm.minutes[
        pop.car[employed].astype(np.int64), pop.home[employed], pop.job_zone[employed]
    ]
    ojs = params.on_the_job_search_per_month
    p_search = np.where(
        employed,
        ojs.base + ojs.long_commute * (commute_min > 45.0) + ojs.overqualified * pop.overqualified(),
        (pop.status == Status.UNEMPLOYED).astype(float),
    )
    searchers = np.flatnonzero(rng.random(pop.n) < p_search)
    if len(searchers) == 0:
        return 0
    factor = _search_weights(pop, searchers, market, cm, params)  # (n, Z, 2)
    n_cells = factor.shape[1] * N_LEVELS
    factor = factor.reshape(len(searchers), n_cells)
    openings = market.openings_persons(pop).ravel()
    p_apply = 1.0 - np.exp(-params.search_intensity * (factor @ openings))
    active = rng.random(len(searchers)) < p_apply
    hires = 0
    for _ in range(params.rounds_per_month):
        pick = np.flatnonzero(active)
        if len(pick) == 0:
            break
        choice = draw_weighted(factor[pick] * market.openings_persons(pop).ravel(), rng)
        pick, choice = pick[choice != NONE_CHOSEN], choice[choice != NONE_CHOSEN]
        applicants = np.bincount(choice, minlength=n_cells).astype(float)
        open_agents = (market.vacancies(pop) + market.outside_offers * market.scale).ravel()
        alpha = params.matching_elasticity
        expected = params.matching_efficiency_per_month * applicants**alpha * open_agents ** (
            1.0 - alpha
        )
        expected = np.minimum(np.minimum(expected, applicants), open_agents)
        slots = np.minimum(np.floor(expected + rng.random(n_cells)), np.floor(open_agents))
        agents = searchers[pick]
        level = (choice % N_LEVELS).astype(np.int8)
        preference = np.where(
            (pop.edu[agents] == Education.KNOWLEDGE) & (level == Education.VOCATIONAL),
            params.employer_preference_knowledge,
            1.0,
        )
        won = ration(choice, slots, rng, weight=preference)
        winners = agents[won]
        zone = (choice[won] // N_LEVELS).astype(np.int16)
        pop.job_zone[winners] = zone
        pop.job_level[winners] = level[won]
        pop.status[winners] = Status.EMPLOYED
        pop.months_unemployed[winners] = 0
        far = cm.minutes[pop.car[winners].astype(np.int64), pop.home[winners], zone]
        trigger = residence.move_trigger
        pop.trigger_until[winners[far > trigger.far_job_min]] = step + trigger.months
        hires += len(winners)
        active[pick[won]] = False
    return hires


def _search_weights(
    pop: Population, searchers: np.ndarray, market: LabourMarket, cm: CommuteMatrices,
    params: Labour,
) -> np.ndarray:
    """(n, Z, 2) weight of each (zone, level) for each searcher, before openings.

    reach weight from home x level weight (1 at one's own level; knowledge searchers
    ``overqualified_weight`` on vocational jobs once allowed) x 0/1 for whether an employed
    searcher would take the job.
    """
    car = pop.car[searchers].astype(np.int64)
    home = pop.home[searchers].astype(np.int64)
    reach = cm.reach[car, home]
    knowledge = pop.edu[searchers] == Education.KNOWLEDGE
    reach_k = reach @ market.openings_persons(pop)[:, Education.KNOWLEDGE]
    below_ok = knowledge & (
        (pop.months_unemployed[searchers] >= params.overqualified_after_months_unemployed)
        | (reach_k < params.knowledge_reach_threshold)
    )
    level_weight = np.empty((len(searchers), N_LEVELS))
    level_weight[:, Education.VOCATIONAL] = np.where(
        knowledge, np.where(below_ok, params.overqualified_weight, 0.0), 1.0
    )
    level_weight[:, Education.KNOWLEDGE] = knowledge
    factor = reach[:, :, None] * level_weight[:, None, :]
    rows = np.flatnonzero(pop.status[searchers] == Status.EMPLOYED)
    if len(rows):
        who = searchers[rows]
        cost_new = cm.cost_eur_month(pop.car[who], pop.vot[who], home[rows])
        cost_now = cm.cost_eur_month(pop.car[who], pop.vot[who], home[rows], pop.job_zone[who])
        cheaper = cost_new <= (cost_now - params.job_switch_min_gain_eur_month)[:, None]
        levels = np.arange(N_LEVELS)[None, None, :]
        now = pop.job_level[who][:, None, None]
        accept = (levels > now) | ((levels == now) & cheaper[:, :, None])
        factor[rows] *= accept
    return factor


def count_unemployed_month(pop: Population) -> None:
    """Add one month to the unemployment duration of everyone unemployed."""
    unemployed = pop.status == Status.UNEMPLOYED
    pop.months_unemployed[unemployed] = np.minimum(pop.months_unemployed[unemployed] + 1, 10_000)
