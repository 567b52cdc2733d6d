"""Invariants of the model state, checked after every step of a small run."""

from __future__ import annotations

import math

import mesa
import numpy as np
import pandas as pd
import pytest

from youth_sim.config import Scenario
from youth_sim.config.load import with_overrides
from youth_sim.contract import INDICATOR_NAMES
from youth_sim.geography import Geography
from youth_sim.model import YouthModel
from youth_sim.population import NO_JOB, Education, Status


def check_invariants(model: YouthModel) -> None:
    """Assert every state invariant a modeller would name; raises AssertionError otherwise."""
    pop, geo, scale = model.people, model.geo, model.scale
    config = model.config.population
    step = model.steps
    # Agents conserved: in = out + change.
    assert pop.n == model.n_initial + model.entered_total - model.aged_out_total
    assert len(np.unique(pop.uid)) == pop.n
    # Every array has one entry per agent.
    assert {len(getattr(pop, name)) for name in pop.__dataclass_fields__} == {pop.n}
    # Ages within the model's bounds.
    assert pop.age_m.min() >= config.youngest_age_years * 12
    assert pop.age_m.max() < (config.oldest_age_years + 1) * 12
    # No dwelling over capacity (person-places) in any Overijssel zone.
    occupied = model.homes.occupied(pop)
    inside = geo.inside
    assert np.all(occupied[inside] <= np.floor(model.homes.capacity[inside]))
    # No job held twice: never more holders than jobs in any zone and level.
    filled = model.market.filled(pop)
    assert np.all(filled[inside] <= np.rint(model.market.jobs[inside] * scale))
    # Outside, agents and rivals together never hold more jobs than there are.
    market = model.market
    assert np.all(filled[~inside] <= market.slots()[~inside] + 1e-6)
    assert np.all(market.rival_held >= 0)
    assert np.all(market.rival_held <= market.rival_force + 1e-6)
    # A job exactly when employed; nobody works above their education.
    employed = pop.status == Status.EMPLOYED
    assert np.all((pop.job_zone != NO_JOB) == employed)
    assert np.all((pop.job_level != NO_JOB) == employed)
    assert np.all(pop.job_level[employed] <= pop.edu[employed])
    # Students have a graduation step still ahead; others have none.
    students = pop.status == Status.STUDENT
    assert np.all(pop.grad_step[students] > step)
    # People living with their parents live in their origin zone.
    assert np.all(pop.home[pop.with_parents] == pop.origin[pop.with_parents])
    assert np.all(pop.with_parents <= inside[pop.home])
    # Costs and indicators are finite numbers.
    assert np.all(np.isfinite(model.homes.cost_eur_month))
    assert np.all(model.homes.cost_eur_month > 0)
    assert set(model.indicators) == set(INDICATOR_NAMES)
    assert all(math.isfinite(value) for value in model.indicators.values())
    for name in ("city_taste", "origin_tie", "vot"):
        assert np.all(np.isfinite(getattr(pop, name)))


@pytest.fixture(scope="module")
def small_config(baseline: Scenario) -> Scenario:
    return with_overrides(baseline, {"run.scale": 0.02, "run.years": 3, "run.seed": 11})


def test_invariants_hold_after_every_step(small_config: Scenario, geography: Geography) -> None:
    model = YouthModel(small_config, geography)
    check_invariants(model)
    for _ in range(small_config.run.years * 12):
        model.step()
        check_invariants(model)
    assert model.entered_total > 0
    assert model.aged_out_total > 0


def test_model_is_a_mesa_model_with_collected_indicators(
    small_config: Scenario, geography: Geography
) -> None:
    model = YouthModel(small_config, geography)
    assert isinstance(model, mesa.Model)
    model.run_months(5)
    metrics = model.metrics()
    assert list(metrics["step"]) == list(range(6))
    assert list(metrics.columns) == ["step", "year", *INDICATOR_NAMES]
    assert metrics["year"].iloc[-1] == pytest.approx(5 / 12)
    assert not metrics.isna().any().any()


def test_everyone_has_a_status_and_education(small_config: Scenario, geography: Geography) -> None:
    model = YouthModel(small_config, geography)
    model.run_months(13)
    pop = model.people
    assert set(np.unique(pop.status)) <= {int(s) for s in Status}
    assert set(np.unique(pop.edu)) == {int(e) for e in Education}
    # All three statuses occur in a year of the baseline.
    assert set(np.unique(pop.status)) == {int(s) for s in Status}


def test_geography_given_to_the_model_is_not_changed(
    small_config: Scenario, geography: Geography
) -> None:
    before = geography.in_vehicle_min.copy(), geography.amenity.copy()
    model = YouthModel(small_config, geography)
    model.geo.in_vehicle_min *= 0.5
    model.geo.amenity += 1
    np.testing.assert_array_equal(geography.in_vehicle_min, before[0])
    np.testing.assert_array_equal(geography.amenity, before[1])


def test_a_cached_warm_up_gives_the_same_run(
    baseline: Scenario, geography: Geography, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs that differ only in policies share one start (set-up and warm-up) per process.

    A run restored from the cache is identical to one that built its start itself, and a
    restored run does not synthesise a population at all.
    """
    from youth_sim import model as model_module

    synthesised = []
    real_synthesise = model_module.synthesise

    def counting_synthesise(*args: object) -> object:
        synthesised.append(1)
        return real_synthesise(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(model_module, "synthesise", counting_synthesise)

    config = with_overrides(baseline, {"run.scale": 0.02, "run.years": 1, "run.warm_up_years": 2})
    model_module._SETTLED.clear()
    first = YouthModel(config, geography, rng=4)
    first.run_months(12)
    assert len(model_module._SETTLED) == 1
    policy = {"type": "amenity", "name": "nicer", "zones": ["Ommen"], "delta_sd": 1.0,
              "start_year": 2021, "ramp_years": 0}  # fmt: skip
    other = YouthModel(with_overrides(config, {"policies": [policy]}), geography, rng=4)
    assert len(model_module._SETTLED) == 1  # the same warm-up, from the cache
    assert len(synthesised) == 1  # the set-up too
    other.run_months(12)
    assert not other.metrics().equals(first.metrics())  # the policy still acts
    again = YouthModel(config, geography, rng=4)
    again.run_months(12)
    pd.testing.assert_frame_equal(again.metrics(), first.metrics())
    model_module._SETTLED.clear()
    fresh = YouthModel(config, geography, rng=4)
    fresh.run_months(12)
    pd.testing.assert_frame_equal(fresh.metrics(), first.metrics())
    pd.testing.assert_frame_equal(fresh.moves(), first.moves())


@pytest.mark.parametrize("entrants", [0, 3, 6, 40])
def test_dropping_and_adding_rows_keeps_every_agents_data(entrants: int) -> None:
    """Entrants take leavers' rows; the rest are appended or the last rows fill the gaps.

    Whatever the order, each agent's row holds its own data, the leavers are gone and the
    entrants are in, for fewer, as many and more entrants than leavers (gaps in the tail too).
    """
    from dataclasses import fields

    from youth_sim.population import DTYPES, Population

    def population(uids: np.ndarray) -> Population:
        # Every field derived from the uid, so a row's fields must agree with each other.
        return Population(**{f.name: (uids % 97).astype(DTYPES[f.name]) for f in fields(Population)}
                          | {"uid": uids.astype(np.int64)})  # fmt: skip

    rng = np.random.default_rng(entrants)
    pop = population(np.arange(30))
    for round_ in range(3):  # the second and third rounds use the spare room
        keep = rng.random(pop.n) > 0.2
        keep[-2:] = False  # gaps at the very end
        before = set(pop.uid[keep].tolist())
        new = population(np.arange(entrants) + 1000 * (round_ + 1))
        pop.keep_and_append(keep, new)
        assert sorted(pop.uid.tolist()) == sorted(before | set(new.uid.tolist()))
        for f in fields(Population)[1:]:  # after uid
            values = getattr(pop, f.name)
            assert len(values) == pop.n
            np.testing.assert_array_equal(values, (pop.uid % 97).astype(DTYPES[f.name]), f.name)
