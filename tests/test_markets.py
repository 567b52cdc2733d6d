"""Submodels on their own, each against values computed by hand or the property it promises.

Housing prices, moving hazards, the mismatch index, commuting reach, zone constants, the
initial job assignment and car access over the life course.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest

from youth_sim.choice import probabilities
from youth_sim.config import Scenario
from youth_sim.config.load import with_overrides
from youth_sim.config.schema import LocalServices
from youth_sim.demography import car_change_by_age_m, update_car_access
from youth_sim.geography import Geography, Mode, commute_matrices, decay
from youth_sim.indicators import dissimilarity
from youth_sim.markets import housing, labour, pay
from youth_sim.model import YouthModel
from youth_sim.population import Education, Population, Status, by_age
from youth_sim.residence import utilities, zone_constants


@pytest.fixture(scope="module")
def model(baseline: Scenario, geography: Geography) -> YouthModel:
    """A model in its initial state, scale 0.02 (about 5,000 agents), without a warm-up."""
    config = with_overrides(baseline, {"run.scale": 0.02, "run.warm_up_years": 0})
    return YouthModel(config, geography, rng=5)


# --- housing price rule (SILO DefaultPricingStrategy) ---------------------------------------


@pytest.mark.parametrize(
    ("vacancy", "factor"),
    [
        (0.02, 1.0),  # at the structural vacancy: no change
        (0.03, 0.99),  # 1 + (-1)(0.03 - 0.02)
        (0.018, 1.002),  # the low inflection 0.9 x 0.02, still the middle slope
        (0.01, 1.082),  # 1 + (-1)(0.018 - 0.02) + (-10)(0.01 - 0.018)
        (0.0, 1.1),  # 1.182 by the rule, capped at +10% a year
        (0.05, 0.979),  # 1 + (-1)(0.04 - 0.02) + (-0.1)(0.05 - 0.04)
        (0.2, 1.0),  # above 10% vacancy: frozen
    ],
)
def test_price_rule_matches_hand_computed_factors(
    baseline: Scenario, vacancy: float, factor: float
) -> None:
    rule = baseline.housing.price_rule
    got = housing.annual_price_factor(np.array([vacancy]), 0.02, rule)
    assert got[0] == pytest.approx(factor, abs=1e-12)


def test_price_rule_is_continuous_and_never_rises_with_vacancy(baseline: Scenario) -> None:
    rule = baseline.housing.price_rule
    v = np.linspace(0.0, rule.freeze_above_vacancy, 2001)
    factor = housing.annual_price_factor(v, 0.02, rule)
    assert np.all(np.diff(factor) <= 1e-12)
    assert np.max(np.abs(np.diff(factor))) < 0.01  # no jump between the pieces
    assert factor.min() >= 1 - rule.max_change_per_year
    assert factor.max() <= 1 + rule.max_change_per_year


@pytest.mark.parametrize("outside_trend", [0.0, 0.03])
def test_cost_update_applies_the_rule_inside_and_the_trend_outside(
    baseline: Scenario, model: YouthModel, outside_trend: float
) -> None:
    params = baseline.housing.model_copy(update={"outside_cost_growth_per_year": outside_trend})
    homes = replace(model.homes, cost_eur_month=model.homes.cost_eur_month.copy())
    before = homes.cost_eur_month.copy()
    inside = np.isfinite(homes.capacity)
    free = np.where(inside, homes.capacity * 0.05, 1e12)  # 5% vacancy inside, none full outside
    housing.update_cost(homes, free, np.zeros_like(free), params)
    yearly = housing.annual_price_factor(np.array([0.05]), 0.02, baseline.housing.price_rule)[0]
    np.testing.assert_allclose(homes.cost_eur_month[inside], before[inside] * yearly ** (1 / 12))
    np.testing.assert_allclose(
        homes.cost_eur_month[~inside], before[~inside] * (1 + outside_trend) ** (1 / 12)
    )


def test_building_trend_adds_the_same_places_every_month_inside_only(
    baseline: Scenario, model: YouthModel
) -> None:
    homes = replace(model.homes, capacity=model.homes.capacity.copy())
    inside = np.isfinite(homes.capacity)
    trend = {"new_homes_per_year_share_of_stock": 0.012, "young_share_of_new_homes_relative": 0.5}
    params = baseline.housing.model_copy(update=trend)
    for _ in range(24):
        housing.build(homes, params)
    added = homes.initial_capacity[inside] * 2 * 0.012 * 0.5  # linear: two years of the trend
    expected = model.homes.capacity[inside] + added
    np.testing.assert_allclose(homes.capacity[inside], expected)
    assert np.all(np.isinf(homes.capacity[~inside]))


# --- moving hazard ---------------------------------------------------------------------------


def test_monthly_hazard_compounds_to_the_cbs_annual_rate(baseline: Scenario) -> None:
    demography = baseline.demography
    monthly = housing.monthly_hazard_by_age(demography, 34)
    for age, yearly in demography.moving_rate_by_age_per_year.items():
        assert 1 - (1 - monthly[age * 12]) ** 12 == pytest.approx(yearly)
    # Between two listed ages the annual rate is interpolated linearly: 19 is halfway 18-20.
    rates = demography.moving_rate_by_age_per_year
    assert 1 - (1 - monthly[19 * 12]) ** 12 == pytest.approx((rates[18] + rates[20]) / 2)


def test_moving_probability_follows_its_rules(baseline: Scenario, model: YouthModel) -> None:
    pop, residence = model.people, baseline.residence
    hazard = housing.monthly_hazard_by_age(baseline.demography, 34)
    step = 7
    base = hazard[pop.age_m]
    chance = housing.moving_probability(pop, hazard, residence, step)
    students = pop.status == Status.STUDENT
    assert np.all(chance[students] == 0)
    others = ~students
    factor = residence.unemployed_moving_factor
    expected = base * np.where(pop.status == Status.UNEMPLOYED, factor, 1.0)
    np.testing.assert_allclose(chance[others], expected[others])
    # A trigger multiplies the hazard while it lasts (capped at 1).
    triggered = replace(pop, trigger_until=np.full(pop.n, step, dtype=pop.trigger_until.dtype))
    raised = housing.moving_probability(triggered, hazard, residence, step)
    multiplier = residence.move_trigger.multiplier
    np.testing.assert_allclose(raised[others], np.minimum(multiplier * expected[others], 1.0))
    # A worker who arrived from outside this month chooses a home for sure.
    arrived = replace(pop, entry_step=np.full(pop.n, step, dtype=pop.entry_step.dtype))
    sure = housing.moving_probability(arrived, hazard, residence, step)
    new_workers = (pop.status == Status.EMPLOYED) & (pop.origin == pop.home)
    assert np.all(sure[new_workers] == 1.0)


# --- the mismatch index -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "index"),
    [
        ([1, 2, 3], [2, 4, 6], 0.0),  # same distribution, another size
        ([1, 0], [0, 1], 1.0),  # nobody lives where the jobs are
        ([1, 1], [1, 0], 0.5),  # 0.5 (|1/2 - 1| + |1/2 - 0|)
        ([3, 1, 0], [1, 1, 2], 0.5),  # 0.5 (|3/4 - 1/4| + |1/4 - 1/4| + |0 - 1/2|)
        ([0, 0], [1, 2], 0.0),  # empty: defined as 0
    ],
)
def test_dissimilarity_matches_hand_computed_values(
    a: list[float], b: list[float], index: float
) -> None:
    assert dissimilarity(np.array(a, float), np.array(b, float)) == pytest.approx(index)


def test_mismatch_indicator_compares_labour_force_homes_with_job_zones(model: YouthModel) -> None:
    pop, geo, market = model.people, model.geo, model.market
    inside = geo.inside
    for edu, name in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        in_force = (pop.edu == edu) & (pop.status != Status.STUDENT) & inside[pop.home]
        homes = np.bincount(pop.home[in_force], minlength=geo.n_zones)[inside]
        jobs = market.jobs[inside, edu]
        assert model.indicators[f"mismatch_index_{name}"] == pytest.approx(
            dissimilarity(homes.astype(float), jobs)
        )


# --- commuting reach and cost -------------------------------------------------------------------


def test_commute_uses_the_fastest_allowed_mode(baseline: Scenario, geography: Geography) -> None:
    params = baseline.commute
    cm = commute_matrices(geography, params)
    minutes, km = geography.minutes, geography.distance_km
    bike_ok = km[Mode.BIKE] <= params.bike_max_km
    no_car = np.minimum(minutes[Mode.PT], np.where(bike_ok, minutes[Mode.BIKE], np.inf))
    np.testing.assert_allclose(cm.minutes[0], no_car, rtol=1e-6)
    np.testing.assert_allclose(cm.minutes[1], np.minimum(no_car, minutes[Mode.CAR]), rtol=1e-6)
    assert not np.any(cm.mode[0] == Mode.CAR)
    assert np.all(bike_ok[cm.mode[1] == Mode.BIKE])
    # Reach: the decay of minutes / kappa, per education; a faster trip never weighs less.
    for edu, kappa in enumerate((params.decay_time_stretch.vocational,
                                 params.decay_time_stretch.knowledge)):  # fmt: skip
        expected = decay(cm.minutes[1].astype(float) / kappa, **params.decay.model_dump())
        np.testing.assert_allclose(cm.reach[1, edu], expected, rtol=1e-5)
    t = np.linspace(1, 180, 500)
    assert np.all(np.diff(decay(t, **params.decay.model_dump())) < 0)
    # Money: both ways, every commuting day, at the chosen mode's cost per km.
    per_km = np.array([params.cost_per_km_eur[m] for m in ("car", "pt", "bike")])
    mode = cm.mode[1].astype(np.int64)
    trip_km = np.take_along_axis(km, mode[None], 0)[0]
    np.testing.assert_allclose(
        cm.money_eur_month[1], 2 * params.days_per_month * per_km[mode] * trip_km, rtol=1e-5
    )


# --- zone constants -----------------------------------------------------------------------------


def test_zone_constants_make_the_initial_state_an_equilibrium(
    baseline: Scenario, model: YouthModel
) -> None:
    """With the constants, expected movers choosing each zone match those living there."""
    config = model.config
    weight_all = housing.moving_probability(model.people, model._monthly_hazard,
                                            config.residence, step=0)  # fmt: skip
    movers = np.flatnonzero(weight_all > 0)
    weight = weight_all[movers]
    terms = replace(model.zone_terms(), constant=np.zeros(model.geo.n_zones))  # before calibration
    constant = zone_constants(model.people, movers, weight, model.geo, terms, model.commute,
                              config.residence, config.labour, iterations=200)  # fmt: skip
    inside = model.geo.inside
    assert np.all(constant[~inside] == 0)
    assert constant[inside].mean() == pytest.approx(0, abs=1e-9)
    # The expected choices with these constants (staying with parents counts as home).
    calibrated = replace(terms, constant=constant)
    utility = utilities(model.people, movers, model.geo, calibrated, model.commute,
                        config.residence, config.labour)  # fmt: skip
    prob = probabilities(utility, config.residence.logit_scale_eur_month)
    n = model.geo.n_zones
    home = model.people.home[movers]
    demand = (weight[:, None] * prob[:, :n]).sum(axis=0)
    demand += np.bincount(home, weights=weight * prob[:, n], minlength=n)
    target = np.bincount(home, weights=weight, minlength=n)
    shares = demand[inside] / demand[inside].sum()
    np.testing.assert_allclose(shares, target[inside] / target[inside].sum(), rtol=1e-3)


# --- initial jobs ---------------------------------------------------------------------------------


def test_initial_jobs_fill_every_zone_to_the_same_vacancy_rate(
    baseline: Scenario, model: YouthModel
) -> None:
    pop, market, inside = model.people, model.market, model.geo.inside
    employed = pop.status == Status.EMPLOYED
    assert employed.sum() > 1000
    assert np.all(pop.job_zone[employed] >= 0)
    filled = market.filled(pop) / market.scale
    v0 = baseline.labour.initial_vacancy_rate
    np.testing.assert_allclose(market.jobs[inside], filled[inside] / (1 - v0))
    # Knowledge workers below their level: the configured share, within binomial noise.
    knowledge = employed & (pop.edu == Education.KNOWLEDGE)
    share = np.mean(pop.job_level[knowledge] == Education.VOCATIONAL)
    expected = baseline.labour.initial_overqualified_share
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / knowledge.sum())
    # Jobs are where commuting reaches: the mean reach weight of the job taken is well above
    # that of a random Overijssel zone (1.0 for jobs drawn regardless of distance; 1.37 with
    # the baseline's decay, flatter since intervening opportunities took over part of it).
    cm = model.commute
    car, edu = pop.car[employed].astype(np.int64), pop.edu[employed]
    taken = cm.reach[car, edu, pop.home[employed], pop.job_zone[employed]].mean()
    anywhere = cm.reach[car, edu, pop.home[employed]][:, inside].mean()
    assert taken > 1.25 * anywhere


# --- car access over the life course ---------------------------------------------------------


def test_a_cohort_gains_cars_as_it_ages_along_the_profile(baseline: Scenario) -> None:
    """20,000 people turning 20 with the profile's 30% share reach the profile at 21 (50%)."""
    profile = baseline.population.car_access_by_age
    rng = np.random.default_rng(9)
    n = 20_000
    age_m = np.full(n, 20 * 12, dtype=np.int16)
    # Only the two arrays update_car_access reads and writes.
    pop = cast(Population, SimpleNamespace(age_m=age_m, car=rng.random(n) < profile[20]))
    shares = []
    for _ in range(24):
        pop.age_m += 1
        update_car_access(pop, profile, 34, rng)
        shares.append(pop.car.mean())
    for months, age in ((12, 21), (24, 22)):
        expected = float(by_age(profile, np.array([age]))[0])
        assert abs(shares[months - 1] - expected) < 4 * np.sqrt(expected * (1 - expected) / n)
    assert np.all(np.diff(shares) >= -1e-12)  # nobody gives up a car on a rising profile


def test_car_changes_keep_a_cohort_on_any_profile() -> None:
    """Up and down: the expected share after each month is the profile's, exactly."""
    profile = {18: 0.2, 22: 0.6, 28: 0.4, 34: 0.4}
    gain, lose = car_change_by_age_m(profile, 34)
    share = by_age(profile, np.array([18.0]))[0]
    for m in range(18 * 12 + 1, 34 * 12 + 1):
        share = share + (1 - share) * gain[m] - share * lose[m]
        assert share == pytest.approx(by_age(profile, np.array([m / 12]))[0], abs=1e-12)


# --- jobs follow residents, and layoffs ---------------------------------------------------------


def _local(baseline: Scenario, **change: float) -> LocalServices:
    return baseline.labour.local_services.model_copy(update=change)


def test_local_jobs_follow_residents_with_a_lag(baseline: Scenario, model: YouthModel) -> None:
    market = replace(model.market, trend_jobs=model.market.trend_jobs.copy(),
                     resident_ratio=model.market.resident_ratio.copy())  # fmt: skip
    z = model.geo.index("Zwolle")
    # Ten percent more inhabitants in Zwolle: add young residents equal to 10% of its people.
    extra = round(0.1 * market.residents_base[z] * model.scale)
    movers = np.flatnonzero(model.people.home != z)[:extra]
    people = replace(model.people, home=model.people.home.copy())
    people.home[movers] = z
    params = _local(baseline, elasticity=0.5, lag_years=2.0)
    no_growth = np.full((model.geo.n_zones, 2), -model.geo.jobs_growth_per_year[:, None])
    ratios = []
    for _ in range(120):
        labour.update_demand(market, model.geo, no_growth, people, params)
        ratios.append(market.resident_ratio[z])
    target = ((market.residents_base[z] + extra / model.scale) / market.residents_base[z]) ** 0.5
    step = 1 - np.exp(-1 / 24)
    assert ratios[0] == pytest.approx(1 + step * (target - 1))  # one month of the lag
    assert ratios[23] == pytest.approx(1 + (1 - (1 - step) ** 24) * (target - 1))
    assert ratios[-1] == pytest.approx(target, rel=1e-3)  # long run: the full elasticity
    share = market.local_share[z]
    np.testing.assert_allclose(market.jobs[z], market.trend_jobs[z] * (1 + share * (target - 1)),
                               rtol=1e-3)  # fmt: skip


def test_elasticity_zero_leaves_the_jobs_on_their_trend(
    baseline: Scenario, model: YouthModel
) -> None:
    market = replace(model.market, trend_jobs=model.market.trend_jobs.copy())
    people = replace(model.people, home=np.zeros_like(model.people.home))  # everyone moves
    growth = np.zeros((model.geo.n_zones, 2))
    labour.update_demand(market, model.geo, growth, people, _local(baseline, elasticity=0.0))
    np.testing.assert_array_equal(market.jobs, market.trend_jobs)
    assert np.all(market.resident_ratio == 1.0)


def test_layoffs_bring_every_zone_back_within_its_jobs(model: YouthModel) -> None:
    people = replace(model.people, status=model.people.status.copy(),
                     job_zone=model.people.job_zone.copy(),
                     job_level=model.people.job_level.copy(),
                     months_unemployed=model.people.months_unemployed.copy())  # fmt: skip
    inside = model.geo.inside
    cut = np.where(inside[:, None], 0.8, 1.0)  # a fifth of the jobs in the province gone
    market = replace(model.market, jobs=model.market.jobs * cut)
    capacity = np.rint(market.jobs * market.scale)
    before = market.filled(people)
    excess = np.maximum(before - capacity, 0)[inside].sum()
    assert excess > 0
    rng = np.random.default_rng(3)
    assert labour.lay_off(people, market, rng) == excess
    after = market.filled(people)
    assert np.all(after[inside] <= capacity[inside])
    np.testing.assert_array_equal(after[inside], np.minimum(before, capacity)[inside])
    np.testing.assert_array_equal(after[~inside], before[~inside])  # outside: jobs kept
    assert labour.lay_off(people, market, rng) == 0  # nothing over-full: nobody, no draws


# --- outside labour markets, shared with a competing outside labour force ------------------


def test_outside_markets_start_in_their_own_steady_state(
    baseline: Scenario, geography: Geography
) -> None:
    """Without the young from Overijssel, outside markets stay at the initial vacancy rate.

    The rivals' hires match their quits (checked with nobody searching outside).
    """
    config = with_overrides(baseline, {"run.scale": 0.02, "labour.outside_search_share": 0.0})
    model = YouthModel(config, geography, rng=5)
    outside = ~model.geo.inside
    market = model.market
    v0 = baseline.labour.initial_vacancy_rate

    def vacancy_rate() -> np.ndarray:
        open_persons = market.vacancies(model.people) / model.scale
        return open_persons[outside].sum(axis=1) / market.jobs[outside].sum(axis=1)

    np.testing.assert_allclose(vacancy_rate(), v0, atol=1e-3)
    unemployed = market.rivals_unemployed()[outside].sum() / market.rival_force[outside].sum()
    assert 0.0 < unemployed < 0.05
    for _ in range(24):
        model.step()
    # Within half a point: the jobs agents held there at the start (commuters from the province)
    # fall to the rivals, who take a while to refill them. Without the steady state, 1.2 points.
    np.testing.assert_allclose(vacancy_rate(), v0, atol=5e-3)


def test_rivals_share_outside_hires_in_proportion_to_applicants(model: YouthModel) -> None:
    """Agents and rivals share outside hires by their numbers, never more than the open jobs.

    One matching round with every unemployed vocational agent applying to the Randstad.
    """
    pop = replace(model.people, status=model.people.status.copy(),
                  job_zone=model.people.job_zone.copy(), job_level=model.people.job_level.copy(),
                  months_unemployed=model.people.months_unemployed.copy(),
                  trigger_until=model.people.trigger_until.copy())  # fmt: skip
    market = replace(model.market, rival_held=model.market.rival_held.copy())
    z = model.geo.index("Randstad")
    cell = z * 2 + Education.VOCATIONAL
    seekers = np.flatnonzero((pop.status == Status.UNEMPLOYED) & (pop.edu == Education.VOCATIONAL))
    vacancies = labour._Vacancies.of(pop, market)
    open_before = vacancies.open_agents()[cell]
    rivals = vacancies.rivals[cell]
    weights = np.zeros((1, len(vacancies.stock)))
    weights[0, cell] = 1.0
    applications = labour._Applications(
        order=seekers, table=weights, group=np.zeros(len(seekers), np.int64),
        rows=np.zeros((0, len(vacancies.stock))), active=np.ones(len(seekers), bool),
    )  # fmt: skip
    month = SimpleNamespace(config=model.config, rng=np.random.default_rng(1), step=1)
    hired = labour._match_round(pop, applications, vacancies, model.commute, cast(Any, month))
    rival_hired = vacancies.rival_hires[cell]
    assert hired + rival_hired <= open_before + 1e-9
    share = len(seekers) / (len(seekers) + rivals)
    assert hired == pytest.approx(share * (hired + rival_hired), abs=1.0)
    vacancies.settle(market)
    assert market.rival_held[z, Education.VOCATIONAL] == pytest.approx(
        model.market.rival_held[z, Education.VOCATIONAL] + rival_hired / model.scale
    )


# --- pay ------------------------------------------------------------------------------------


def test_pay_is_base_at_the_average_reach_and_rises_with_it(
    baseline: Scenario, geography: Geography
) -> None:
    cm = commute_matrices(geography, baseline.commute)
    reach = pay.employment_within_reach(geography, cm, baseline)
    wage = pay.wages(geography, cm, baseline)
    base = baseline.labour.pay.base_eur_month
    inside = geography.inside
    # The jobs-weighted average zone pays about the base (exactly, in logs, to first order).
    weights = geography.jobs[inside]
    for level, value in ((Education.VOCATIONAL, base.vocational),
                         (Education.KNOWLEDGE, base.knowledge)):  # fmt: skip
        assert np.average(wage[inside, level], weights=weights) == pytest.approx(value, rel=2e-3)
        # Pay rises with the employment within reach, by the level's elasticity.
        order = np.argsort(reach)
        assert np.all(np.diff(wage[order, level]) >= 0)
    randstad, enschede = geography.index("Randstad"), geography.index("Enschede")
    ratio = reach[randstad] / reach[enschede]
    elasticity = baseline.labour.pay.reach_elasticity.knowledge
    assert wage[randstad, 1] / wage[enschede, 1] == pytest.approx(ratio**elasticity)
    # Knowledge pay rises more with a large market than vocational pay.
    premium = wage[randstad] / wage[enschede]
    assert premium[Education.KNOWLEDGE] > premium[Education.VOCATIONAL] > 1.0


def test_faster_trips_raise_pay_where_they_bring_jobs_within_reach(
    baseline: Scenario, geography: Geography
) -> None:
    faster = geography.copy()
    faster.in_vehicle_min = geography.in_vehicle_min * 0.7
    cm = commute_matrices(geography, baseline.commute)
    reference = pay.reference_employment(geography, cm, baseline)
    before = pay.wages(geography, cm, baseline, reference)
    after = pay.wages(faster, commute_matrices(faster, baseline.commute), baseline, reference)
    assert np.all(after >= before - 1e-9)
    assert (after > before + 1.0).any()
    flat = with_overrides(baseline, {"labour.pay.reach_elasticity.vocational": 0.0,
                                     "labour.pay.reach_elasticity.knowledge": 0.0})  # fmt: skip
    cm = commute_matrices(geography, flat.commute)
    np.testing.assert_allclose(pay.wages(geography, cm, flat)[:, 0], 2640.0)
    np.testing.assert_allclose(pay.pay_weight(pay.wages(geography, cm, flat), flat.labour), 1.0)


def test_an_employed_searcher_takes_a_longer_commute_for_enough_more_pay(
    model: YouthModel,
) -> None:
    """A big enough pay rise outweighs a longer commute.

    At the same level, a job is acceptable when net pay less commuting cost beats the job held
    by the switching gain.
    """
    pop, cm, params = model.people, model.commute, model.config.labour
    far = model.geo.index("Randstad")
    employed = (pop.status == Status.EMPLOYED) & (pop.job_level == pop.edu)
    who = np.flatnonzero(employed & (pop.job_zone != far))[:200]
    wage = model.market.wage.copy()
    rows = labour._employed_weights(pop, who, cm, cm.reach, wage, params).reshape(len(who), 2, -1)
    level = pop.job_level[who]
    taken_before = rows[np.arange(len(who)), level, far] > 0
    richer = wage.copy()
    richer[far] += 10_000.0  # far more pay than any commute costs
    rows = labour._employed_weights(pop, who, cm, cm.reach, richer, params).reshape(len(who), 2, -1)
    taken_after = rows[np.arange(len(who)), level, far] > 0
    reachable = cm.reach[pop.car[who].astype(np.int64), pop.edu[who], pop.home[who], far] > 0
    assert not taken_before[reachable].all()
    assert taken_after[reachable].all()


# --- intervening opportunities (thin markets) ------------------------------------------------


def test_intervening_opportunities_discount_zones_behind_many_openings(
    baseline: Scenario, model: YouthModel
) -> None:
    cm = model.commute
    n_zones = model.geo.n_zones
    openings = np.zeros((n_zones, 2))
    openings[:, Education.VOCATIONAL] = 100.0  # many vocational openings everywhere
    openings[:, Education.KNOWLEDGE] = 10.0  # few knowledge-level ones
    off = baseline.labour.model_copy(update={"intervening_opportunities_per_person": 0.0})
    assert labour.reach_with_intervening(cm, openings.ravel(), off) is cm.reach
    rate = 0.002
    params = baseline.labour.model_copy(update={"intervening_opportunities_per_person": rate})
    reach = labour.reach_with_intervening(cm, openings.ravel(), params)
    home, car = model.geo.index("Ommen"), 1
    minutes = cm.minutes[car, home]
    for level, per_zone in ((Education.VOCATIONAL, 100.0), (Education.KNOWLEDGE, 10.0)):
        closer = np.array([per_zone * np.sum(minutes < t) for t in minutes])  # ties: not closer
        expected = cm.reach[car, level, home] * np.exp(-rate * closer)
        np.testing.assert_allclose(reach[car, level, home], expected, rtol=1e-6)
    # Thin market: where one's own level has fewer openings, far zones lose less weight.
    relative = reach / np.maximum(cm.reach, 1e-30)
    assert np.all(relative[:, Education.KNOWLEDGE] >= relative[:, Education.VOCATIONAL] - 1e-12)


# --- who has a rare event this month (thinning) ------------------------------------------------


def test_movers_and_searchers_are_drawn_with_their_chances(model: YouthModel) -> None:
    """The thinned draws give each agent its chance: counts match the sums of the chances.

    Movers against :func:`housing.moving_probability` (a graduate's trigger, unemployment and
    students included), employed searchers against the on-the-job search chances, over 300
    draws each (well within 4 standard errors).
    """
    from youth_sim.context import Month

    pop, config = model.people, model.config
    hazard = housing.monthly_hazard_by_age(config.demography, config.population.oldest_age_years)
    pop.trigger_until[::7] = 5  # some with a raised hazard until step 5
    month = Month(step=3, config=config, rng=np.random.default_rng(21))
    chance = housing.moving_probability(pop, hazard, config.residence, step=3)
    counts = np.zeros(pop.n)
    for _ in range(300):
        counts[housing.draw_movers(pop, hazard, month)] += 1
    expected, spread = 300 * chance.sum(), np.sqrt(300 * (chance * (1 - chance)).sum())
    assert abs(counts.sum() - expected) < 4 * spread
    assert counts[pop.status == Status.STUDENT].sum() == 0
    raised = np.zeros(pop.n, bool)
    raised[::7] = True
    busy = raised & (pop.status != Status.STUDENT)
    assert abs(counts[busy].sum() - 300 * chance[busy].sum()) < 4 * np.sqrt(
        300 * (chance[busy] * (1 - chance[busy])).sum()
    )

    ojs = config.labour.on_the_job_search_per_month
    employed = pop.status == Status.EMPLOYED
    minutes = model.commute.minutes[pop.car.astype(np.int64), pop.home, pop.job_zone]
    p_search = np.where(
        employed,
        ojs.base
        + ojs.long_commute * (minutes > ojs.long_commute_above_min)
        + ojs.overqualified * (pop.job_level < pop.edu),
        0.0,
    )
    searched = np.zeros(pop.n)
    for _ in range(300):
        searched[labour._draw_searchers(pop, model.commute, config.labour, month.rng)] += 1
    assert np.all(searched[pop.status == Status.UNEMPLOYED] == 300)
    expected, spread = 300 * p_search.sum(), np.sqrt(300 * (p_search * (1 - p_search)).sum())
    assert abs(searched[employed].sum() - expected) < 4 * spread
