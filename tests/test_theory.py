"""Behaviour: policies move outcomes in the direction theory expects.

Each check compares paired runs (same seed, with and without a policy) over several seeds, and
requires the mean difference to clear a margin derived from its standard error, so the test is
neither flaky nor tuned to a number. Every intervention is a policy of a scenario, as users
write them (``policies:`` with a ``start_year`` of the first model year and no ramp): the test
exercises the same levers a scenario file does, and the zone constants are calibrated on the
initial state before any policy applies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from youth_sim.config import Scenario
from youth_sim.config.load import with_overrides
from youth_sim.geography import Geography
from youth_sim.model import YouthModel
from youth_sim.population import Status

from .test_model import check_invariants

pytestmark = pytest.mark.slow

SEEDS = tuple(range(201, 209))
MORE_SEEDS = tuple(range(201, 217))
"""For effects whose z with 8 seeds sits within about 2 of the threshold. Under another
random stream (issue 11's speed-ups changed it three times) the z of 8 seeds moved by up to
3 while the z of 24 seeds held: twice the seeds keep such a test from failing by chance."""
Z_SIGNIFICANT = 3.0  # a one-sided check at about 3 standard errors
START = {"start_year": 2021, "ramp_years": 0}  # in force from the first month


def paired(
    config: Scenario,
    policies: list[dict[str, Any]],
    geography: Geography,
    measure: Callable[[YouthModel], float],
    months: int,
    seeds: tuple[int, ...] = SEEDS,
) -> np.ndarray:
    """Per seed, ``measure(config plus policies) - measure(config)`` after ``months`` months.

    ``policies`` are added to those the config already has.
    """
    existing = config.model_dump(mode="python", by_alias=True)["policies"]
    treated = with_overrides(config, {"policies": [*existing, *policies]})
    return paired_configs(config, treated, geography, measure, months, seeds)


def paired_configs(
    control: Scenario,
    treated: Scenario,
    geography: Geography,
    measure: Callable[[YouthModel], float],
    months: int,
    seeds: tuple[int, ...] = SEEDS,
) -> np.ndarray:
    """Per seed, ``measure(treated) - measure(control)`` after ``months`` months."""
    differences = []
    for seed in seeds:
        values = []
        for arm in (control, treated):
            model = YouthModel(arm, geography, rng=seed)
            model.run_months(months)
            values.append(measure(model))
        differences.append(values[1] - values[0])
    return np.array(differences)


def z_score(differences: np.ndarray) -> float:
    """Mean difference in standard errors (paired over seeds)."""
    se = differences.std(ddof=1) / np.sqrt(len(differences))
    z = float(differences.mean() / se) if se > 0 else float(np.sign(differences.mean()) * np.inf)
    print(f"mean difference {differences.mean():.4g}, z = {z:.1f}")  # noqa: T201 (shown with -s)
    return z


@pytest.fixture(scope="module")
def config(baseline: Scenario) -> Scenario:
    return with_overrides(baseline, {"run.scale": 0.05})


def faster_public_transport(where: dict[str, Any]) -> list[dict[str, Any]]:
    """Public transport twice as fast in the vehicle and twice as frequent on ``where``."""
    return [
        {**START, "type": "travel_time", "name": "faster", "mode": "pt", "where": where,
         "factor": 0.5, "propagate": False},
        {**START, "type": "frequency", "name": "more frequent", "where": where,
         "wait_factor": 0.5},
    ]  # fmt: skip


EVERYWHERE = {"everywhere": True}
INSIDE = {"zones": ["inside"]}


def mean_commute_km(model: YouthModel) -> float:
    pop, cm = model.people, model.commute
    working = np.flatnonzero((pop.status == Status.EMPLOYED) & model.geo.inside[pop.home])
    car, home, job = pop.car[working].astype(np.int64), pop.home[working], pop.job_zone[working]
    return float(model.geo.distance_km[cm.mode[car, home, job], home, job].mean())


def mean_over_last_year(name: str) -> Callable[[YouthModel], float]:
    def measure(model: YouthModel) -> float:
        return float(model.metrics()[name].iloc[-12:].mean())

    return measure


def residents(zone: str) -> Callable[[YouthModel], float]:
    def measure(model: YouthModel) -> float:
        return float(np.count_nonzero(model.people.home == model.geo.index(zone)))

    return measure


def amenity(zone: str, sd: float) -> dict[str, Any]:
    return {**START, "type": "amenity", "name": "nicer", "zones": [zone], "delta_sd": sd}


def homes(config: Scenario, geography: Geography, zone: str, share: float) -> dict[str, Any]:
    """A housing policy adding ``share`` of the zone's initial places for young people."""
    model = YouthModel(config, geography, rng=SEEDS[0])
    places = model.homes.capacity[model.geo.index(zone)] / config.run.scale
    dwellings = share * places / config.housing.young_persons_per_dwelling
    return {**START, "type": "housing", "name": "homes", "homes": {zone: float(dwellings)},
            "young_share": 1.0}  # fmt: skip


def test_faster_public_transport_everywhere_lowers_youth_unemployment(
    config: Scenario, geography: Geography
) -> None:
    """A larger reachable labour market: more matches, fewer unemployed (z about -19)."""
    differences = paired(
        config, faster_public_transport(EVERYWHERE), geography,
        mean_over_last_year("youth_unemployment_rate"), 36,
    )  # fmt: skip
    assert z_score(differences) < -Z_SIGNIFICANT


def test_faster_public_transport_inside_the_province_fills_vacancies(
    config: Scenario, geography: Geography
) -> None:
    """Within the province, faster and more frequent PT fills more of its vacancies (z about -8).

    Not asserted, and worth knowing: at this version the vacancies filled are the cities'; the
    rural ones do not fall, and youth unemployment rises slightly, because labour demand does
    not respond to the young people who stay (the model issue on jobs following residents).
    """
    differences = paired(
        config, faster_public_transport(INSIDE), geography,
        mean_over_last_year("unfilled_vacancy_rate"), 36, MORE_SEEDS,
    )  # fmt: skip
    assert z_score(differences) < -Z_SIGNIFICANT


def test_faster_public_transport_lengthens_commutes_in_km(
    config: Scenario, geography: Geography
) -> None:
    differences = paired(
        config, faster_public_transport(EVERYWHERE), geography, mean_commute_km, 36
    )
    assert z_score(differences) > Z_SIGNIFICANT


def test_amenity_with_spare_housing_raises_population(
    config: Scenario, geography: Geography
) -> None:
    zone = "Hardenberg"
    with_homes = with_overrides(config, {"policies": [homes(config, geography, zone, 0.5)]})
    differences = paired(
        with_homes, [amenity(zone, 1.0)], geography, residents(zone), 36, MORE_SEEDS
    )
    assert z_score(differences) > Z_SIGNIFICANT


def test_amenity_without_spare_housing_raises_cost(config: Scenario, geography: Geography) -> None:
    zone = "Zwolle"

    def cost(model: YouthModel) -> float:
        return float(model.homes.cost_eur_month[model.geo.index(zone)])

    differences = paired(config, [amenity(zone, 1.0)], geography, cost, 60, MORE_SEEDS)
    assert z_score(differences) > Z_SIGNIFICANT


@pytest.mark.parametrize("zone", ["Zwolle", "Hardenberg", "Ommen"])
def test_more_housing_never_lowers_population(
    config: Scenario, geography: Geography, zone: str
) -> None:
    policy = homes(config, geography, zone, 0.3)
    seeds = MORE_SEEDS if zone == "Zwolle" else SEEDS  # Zwolle's check is the tight one
    differences = paired(config, [policy], geography, residents(zone), 36, seeds)
    assert z_score(differences) > -2.0
    if zone == "Zwolle":  # where homes are short, more homes means more young residents
        assert z_score(differences) > Z_SIGNIFICANT


def test_zero_moving_rate_means_nobody_moves(baseline: Scenario, geography: Geography) -> None:
    ages = baseline.demography.moving_rate_by_age_per_year
    config = with_overrides(
        baseline,
        {
            "run.scale": 0.05,
            "demography.moving_rate_by_age_per_year": dict.fromkeys(ages, 0.0),
        },
    )
    model = YouthModel(config, geography, rng=3)
    for _ in range(24):
        uid, home = model.people.uid.copy(), model.people.home.copy()
        parents = model.people.with_parents.copy()
        model.step()
        pop = model.people
        stayed = np.flatnonzero(pop.entry_step < model.steps)  # not entered this month
        by_uid = np.argsort(uid)  # rows are in no particular order
        where = by_uid[np.searchsorted(uid, pop.uid[stayed], sorter=by_uid)]
        np.testing.assert_array_equal(uid[where], pop.uid[stayed])
        np.testing.assert_array_equal(home[where], pop.home[stayed])
        np.testing.assert_array_equal(parents[where], pop.with_parents[stayed])


def zone_jobs(zone: str) -> Callable[[YouthModel], float]:
    def measure(model: YouthModel) -> float:
        return float(model.market.jobs[model.geo.index(zone)].sum())

    return measure


def test_more_residents_raise_a_zones_local_jobs_after_the_lag(
    config: Scenario, geography: Geography
) -> None:
    """Homes for young people in a town: more residents, so more local-service jobs (z > 3)."""
    zone = "Hardenberg"
    policies = [homes(config, geography, zone, 0.5)]
    grown = paired(config, policies, geography, zone_jobs(zone), 60)
    assert z_score(grown) > Z_SIGNIFICANT
    # With the mechanism switched off the same homes add no jobs at all.
    off = with_overrides(config, {"labour.local_services.elasticity": 0.0})
    assert np.all(paired(off, policies, geography, zone_jobs(zone), 60) == 0)


def test_fewer_residents_lower_local_jobs(config: Scenario, geography: Geography) -> None:
    """A zone made much less attractive loses residents and so local-service jobs (z about -10).

    Worth knowing: few are laid off (about one agent in five years here), because turnover
    (separations, people turning 35, job changes) frees jobs faster than local demand falls;
    layoffs are tested where jobs fall fast (the next test but one).
    """
    zone = "Twenterand"
    policies = [amenity(zone, -3.0)]
    # No trend growth and a quick, full adjustment, so that jobs really fall.
    shrinking = with_overrides(config, {"labour.local_services.elasticity": 1.0,
                                        "labour.local_services.lag_years": 1.0})  # fmt: skip
    still = _no_growth(shrinking, geography)
    fewer = paired(still, policies, geography, zone_jobs(zone), 60, MORE_SEEDS)
    assert z_score(fewer) < -Z_SIGNIFICANT


def _no_growth(config: Scenario, geography: Geography) -> Scenario:
    """Jobs without trend growth: a jobs policy cancelling every zone's trend."""
    cancel = [{**START, "type": "jobs", "name": f"no growth {kind}", "zones": [f"kind:{kind}"],
               "level": "both", "extra_growth_per_year": -rate}
              for kind, rate in (("city", 0.010), ("town", 0.012), ("rural", 0.012))]  # fmt: skip
    return with_overrides(config, {"policies": cancel})


def test_twenty_years_of_shrinking_jobs_never_leave_a_job_held_twice(
    baseline: Scenario, geography: Geography
) -> None:
    """Jobs falling 5% a year in the cities for 20 years: layoffs keep every invariant."""
    shrink = {**START, "type": "jobs", "name": "shrink", "zones": ["kind:city"],
              "level": "both", "extra_growth_per_year": -0.06}  # fmt: skip
    config = with_overrides(baseline, {"run.scale": 0.01, "run.years": 20,
                                       "policies": [shrink]})  # fmt: skip
    model = YouthModel(config, geography, rng=5)
    for _ in range(20 * 12):
        model.step()
        check_invariants(model)
    assert model.laid_off_total > 0


def test_more_young_people_moving_out_raise_unemployment_there(
    config: Scenario, geography: Geography
) -> None:
    """Outside labour markets are contested (z about 7).

    The Randstad made more attractive (its constant up EUR 300 a month): more young people from
    Overijssel live and work there, taking jobs that the outside labour force would have taken,
    so the rivals' unemployment there rises.
    """
    randstad = config.residence.outside_constant_eur_month["Randstad"]
    more = {"vocational": randstad.vocational + 300, "knowledge": randstad.knowledge + 300}
    pulled = with_overrides(config, {"residence.outside_constant_eur_month.Randstad": more})

    def rivals_unemployed(model: YouthModel) -> float:
        z = model.geo.index("Randstad")
        market = model.market
        return float(market.rivals_unemployed()[z].sum() / market.rival_force[z].sum())

    differences = paired_configs(config, pulled, geography, rivals_unemployed, 60)
    assert z_score(differences) > Z_SIGNIFICANT


def test_a_better_paid_zone_attracts_more_applicants(
    config: Scenario, geography: Geography
) -> None:
    """Pay in Deventer 5% higher at both levels: more of the month's applications go there."""
    zone = "Deventer"

    def applications(raise_pay: bool, seed: int) -> float:
        model = YouthModel(config, geography, rng=seed)
        if raise_pay:
            wage = model.market.wage.copy()
            wage[model.geo.index(zone)] *= 1.05
            model.market.set_pay(wage, config.labour)
        total = 0.0
        for _ in range(12):
            model.step()
            total += model.market.applicants[model.geo.index(zone)].sum()
        return total

    differences = np.array([applications(True, s) - applications(False, s) for s in SEEDS])
    assert z_score(differences) > Z_SIGNIFICANT


def returned_share(config: Scenario, geography: Geography, seed: int, months: int) -> np.ndarray:
    """Shares of the people from Overijssel who have lived outside it that live in it again.

    Follows one run month by month, marking everyone with an Overijssel origin seen living in
    an outside zone, and whether they were a student then (left to study). Returns
    ``[all who left, those who left to study]``: of those marked and still in the model at
    the end, the share living in an Overijssel zone.
    """
    model = YouthModel(config, geography, rng=seed)
    inside = model.geo.inside
    left_any, left_study = np.zeros(0, np.int64), np.zeros(0, np.int64)  # uids
    for _ in range(months):
        model.step()
        pop = model.people
        out = inside[pop.origin] & ~inside[pop.home]
        left_any = np.union1d(left_any, pop.uid[out])
        left_study = np.union1d(left_study, pop.uid[out & (pop.status == Status.STUDENT)])
    pop = model.people
    back = inside[pop.home]
    return np.array([back[np.isin(pop.uid, left)].mean() for left in (left_any, left_study)])


TIES = (
    "population.tastes.origin_tie_mean_eur_month.vocational",
    "population.tastes.origin_tie_mean_eur_month.knowledge",
)


def test_people_who_left_come_back_and_a_stronger_origin_tie_brings_more_back(
    config: Scenario, geography: Geography
) -> None:
    """Return migration comes from the residential choice itself (origin tie, outside ASCs).

    Over ten years some of those who left live in the province again; fewer than the 23.5% of
    leavers from Twente who intend to return (Gaastra 2017: an intention, so an upper bound)
    is a validation target, reported as an expected failure while it is not met (after the
    warm-up 28% are back: those living outside at the start include people who left years
    before). Tripling the origin tie brings back more of those who left to study (z about 11;
    doubling gave z = 2.9 once the outside constants became equal by education): their leaving
    (the campus choice) does not depend on the tie, so the comparison is free of the selection
    that makes the tie also keep the most attached from leaving at all.
    """
    months = 10 * 12
    tie = config.population.tastes.origin_tie_mean_eur_month
    stronger = with_overrides(config, {TIES[0]: 3 * tie.vocational, TIES[1]: 3 * tie.knowledge})
    base = np.array([returned_share(config, geography, seed, months) for seed in SEEDS])
    tied = np.array([returned_share(stronger, geography, seed, months) for seed in SEEDS])
    print(f"returned: all {base[:, 0].mean():.3f}, left to study {base[:, 1].mean():.3f}")  # noqa: T201
    assert z_score(base[:, 0]) > Z_SIGNIFICANT
    assert z_score(tied[:, 1] - base[:, 1]) > Z_SIGNIFICANT
    share = base[:, 0].mean()
    if share >= 0.235:  # a validation target, reported until it is met
        pytest.xfail(
            f"{share:.1%} of leavers back within ten years, above the 23.5% who intend to "
            "return (Gaastra 2017), an upper bound: the return flows may be too strong"
        )
