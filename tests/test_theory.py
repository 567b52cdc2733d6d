"""Behaviour: interventions move outcomes in the direction theory expects.

Each check compares paired runs (same seed, with and without the intervention) over several
seeds, and requires the mean difference to clear a margin derived from its standard error, so
the test is neither flaky nor tuned to a number. Interventions are made after the model is
built, as a policy from a start year would be (the zone constants are calibrated on the
initial state and must not absorb the intervention).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from youth_sim.config import Scenario
from youth_sim.config.load import with_overrides
from youth_sim.geography import Geography, Mode
from youth_sim.model import YouthModel
from youth_sim.population import Status

pytestmark = pytest.mark.slow

SEEDS = tuple(range(201, 209))
Z_SIGNIFICANT = 3.0  # a one-sided check at about 3 standard errors


def paired(
    config: Scenario,
    geography: Geography,
    change: Callable[[YouthModel], None],
    measure: Callable[[YouthModel], float],
    months: int,
    prepare: Callable[[YouthModel], None] = lambda model: None,
) -> np.ndarray:
    """Per seed, ``measure(with change) - measure(without)``; both arms get ``prepare``."""
    differences = []
    for seed in SEEDS:
        values = []
        for treated in (False, True):
            model = YouthModel(config, geography, rng=seed)
            prepare(model)
            if treated:
                change(model)
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


def halve_public_transport(model: YouthModel) -> None:
    for part in (model.geo.in_vehicle_min, model.geo.access_egress_min, model.geo.wait_min):
        part[Mode.PT] *= 0.5
    model.refresh_commute()


def halve_public_transport_inside(model: YouthModel) -> None:
    inside = np.outer(model.geo.inside, model.geo.inside)
    for part in (model.geo.in_vehicle_min, model.geo.access_egress_min, model.geo.wait_min):
        part[Mode.PT][inside] *= 0.5
    model.refresh_commute()


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


def add_amenity(zone: str, sd: float) -> Callable[[YouthModel], None]:
    def change(model: YouthModel) -> None:
        model.geo.amenity[model.geo.index(zone)] += sd

    return change


def add_housing(zone: str, factor: float) -> Callable[[YouthModel], None]:
    def change(model: YouthModel) -> None:
        model.homes.capacity[model.geo.index(zone)] *= factor

    return change


def test_faster_public_transport_fills_rural_vacancies(
    config: Scenario, geography: Geography
) -> None:
    vacancies = paired(
        config,
        geography,
        halve_public_transport,
        mean_over_last_year("unfilled_vacancy_rate_rest"),
        36,
    )
    unemployment = paired(
        config,
        geography,
        halve_public_transport,
        mean_over_last_year("youth_unemployment_rate"),
        36,
    )
    assert z_score(vacancies) < -Z_SIGNIFICANT or z_score(unemployment) < -Z_SIGNIFICANT


def test_faster_public_transport_inside_the_province_fills_rural_vacancies(
    config: Scenario, geography: Geography
) -> None:
    # Halving every PT time also brings the Randstad closer, and some young workers then take
    # jobs there (more out-commuting: the known side effect of people-based policy). Within
    # the province alone, faster PT fills vacancies outside the cities.
    differences = paired(
        config,
        geography,
        halve_public_transport_inside,
        mean_over_last_year("unfilled_vacancy_rate_rest"),
        36,
    )
    assert z_score(differences) < -Z_SIGNIFICANT


def test_faster_public_transport_lengthens_commutes_in_km(
    config: Scenario, geography: Geography
) -> None:
    differences = paired(config, geography, halve_public_transport, mean_commute_km, 36)
    assert z_score(differences) > Z_SIGNIFICANT


def test_amenity_with_spare_housing_raises_population(
    config: Scenario, geography: Geography
) -> None:
    zone = "Hardenberg"
    differences = paired(
        config,
        geography,
        add_amenity(zone, 1.0),
        residents(zone),
        36,
        prepare=add_housing(zone, 1.5),
    )
    assert z_score(differences) > Z_SIGNIFICANT


def test_amenity_without_spare_housing_raises_cost(config: Scenario, geography: Geography) -> None:
    zone = "Zwolle"

    def cost(model: YouthModel) -> float:
        return float(model.homes.cost_eur_month[model.geo.index(zone)])

    differences = paired(config, geography, add_amenity(zone, 1.0), cost, 60)
    assert z_score(differences) > Z_SIGNIFICANT


@pytest.mark.parametrize("zone", ["Zwolle", "Hardenberg", "Ommen"])
def test_more_housing_never_lowers_population(
    config: Scenario, geography: Geography, zone: str
) -> None:
    differences = paired(config, geography, add_housing(zone, 1.3), residents(zone), 36)
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
        where = np.searchsorted(uid, pop.uid[stayed])  # uids only ever grow, so uid is sorted
        np.testing.assert_array_equal(uid[where], pop.uid[stayed])
        np.testing.assert_array_equal(home[where], pop.home[stayed])
        np.testing.assert_array_equal(parents[where], pop.with_parents[stayed])
