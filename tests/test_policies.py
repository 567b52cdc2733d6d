"""Policy levers do exactly what they say, when they say, and move outcomes the right way."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from youth_sim.checks import load_checked
from youth_sim.cli import main
from youth_sim.config import Scenario, load_scenario
from youth_sim.config.load import with_overrides
from youth_sim.config.policy import Frequency
from youth_sim.errors import ConfigError
from youth_sim.geography import Geography, Mode
from youth_sim.model import YouthModel
from youth_sim.policies import corridor, crow_km, effects, strength

from .conftest import BASELINE, ROOT
from .test_theory import paired, z_score

START = 2021  # the baseline's run.start_year


def scenario(baseline: Scenario, *policies: dict[str, Any], **run: Any) -> Scenario:
    """The baseline with these policies (validated like a file)."""
    values: dict[str, Any] = {"policies": list(policies)}
    values.update({f"run.{key}": value for key, value in run.items()})
    return with_overrides(baseline, values)


def month_of(year: int, month: int = 1) -> int:
    """The model step of a calendar month (step 1 = January of the start year)."""
    return (year - START) * 12 + month


BASE = {"start_year": 2024, "ramp_years": 0}


def test_minutes_saved_change_exactly_the_named_pairs(
    baseline: Scenario, geography: Geography
) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "travel_time", "name": "t", "mode": "pt", "minutes_saved": 7.5,
         "where": {"pairs": [["Zwolle", "Kampen"], ["Enschede", "Hengelo"]]}, "propagate": False},
    )  # fmt: skip
    before = effects(geography, config, month_of(2023, 12), 5.0)
    after = effects(geography, config, month_of(2024, 1), 5.0)
    np.testing.assert_array_equal(before.in_vehicle_min, geography.in_vehicle_min)
    change = geography.in_vehicle_min - after.in_vehicle_min
    names = [("Zwolle", "Kampen"), ("Enschede", "Hengelo")]
    expected = np.zeros_like(change)
    for a, b in names:
        i, j = geography.index(a), geography.index(b)
        expected[Mode.PT, i, j] = expected[Mode.PT, j, i] = 7.5
    np.testing.assert_allclose(change, expected, atol=1e-12)
    np.testing.assert_array_equal(after.wait_min, geography.wait_min)


def test_factor_on_a_group_and_intensity(baseline: Scenario, geography: Geography) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "travel_time", "name": "t", "mode": "car", "factor": 0.8,
         "intensity": 0.5, "where": {"zones": ["region:Twente"]}, "propagate": False},
    )  # fmt: skip
    after = effects(geography, config, month_of(2024), 5.0)
    twente = np.array([r == "Twente" for r in geography.region])
    on = np.outer(twente, twente)
    ratio = after.in_vehicle_min[Mode.CAR] / geography.in_vehicle_min[Mode.CAR]
    np.testing.assert_allclose(ratio[on], 0.9)  # half of a 20% cut
    np.testing.assert_allclose(ratio[~on], 1.0)
    np.testing.assert_array_equal(after.in_vehicle_min[Mode.PT], geography.in_vehicle_min[Mode.PT])


def test_line_shares_minutes_by_distance(baseline: Scenario, geography: Geography) -> None:
    line = ["Zwolle", "Raalte", "Hellendoorn", "Wierden"]
    config = scenario(
        baseline,
        {**BASE, "type": "travel_time", "name": "t", "mode": "pt", "minutes_saved": 10,
         "where": {"line": line}, "propagate": False},
    )  # fmt: skip
    after = effects(geography, config, month_of(2025), 5.0)
    saved = geography.in_vehicle_min[Mode.PT] - after.in_vehicle_min[Mode.PT]
    z = [geography.index(n) for n in line]
    km = crow_km(geography)
    legs = [km[a, b] for a, b in pairwise(z)]
    assert saved[z[0], z[-1]] == pytest.approx(10.0)
    assert saved[z[0], z[1]] == pytest.approx(10.0 * legs[0] / sum(legs))
    assert saved[z[1], z[3]] == pytest.approx(10.0 * (legs[1] + legs[2]) / sum(legs))
    off_line = np.ones(saved.shape, dtype=bool)
    off_line[np.ix_(z, z)] = False
    assert np.all(saved[off_line] == 0)


def test_ramp_spreads_the_change_and_nothing_comes_early(baseline: Scenario) -> None:
    config = scenario(
        baseline,
        {"type": "amenity", "name": "a", "zones": ["Ommen"], "delta_sd": 1.2, "start_year": 2024,
         "ramp_years": 2, "intensity": 0.5},
    )  # fmt: skip
    policy = config.policies[0]
    assert strength(policy, month_of(2023, 12), START) == 0.0
    assert strength(policy, month_of(2024, 1), START) == pytest.approx(0.5 / 24)
    assert strength(policy, month_of(2024, 12), START) == pytest.approx(0.5 * 12 / 24)
    assert strength(policy, month_of(2025, 12), START) == pytest.approx(0.5)
    assert strength(policy, month_of(2030, 6), START) == pytest.approx(0.5)


def test_frequency_and_feeder_touch_only_their_trips(
    baseline: Scenario, geography: Geography
) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "frequency", "name": "f", "where": {"line": ["Almelo", "Twenterand",
         "Hardenberg"]}, "wait_factor": 0.5},
        {**BASE, "type": "feeder", "name": "g", "cities": ["Zwolle"], "within_km": 20,
         "factor": 0.8},
    )  # fmt: skip
    after = effects(geography, config, month_of(2024), 5.0)
    line = [geography.index(n) for n in ("Almelo", "Twenterand", "Hardenberg")]
    zwolle = geography.index("Zwolle")
    near = crow_km(geography)[zwolle] <= 20
    near[zwolle] = False
    feeder = np.zeros((geography.n_zones,) * 2, dtype=bool)
    feeder[zwolle, near] = feeder[near, zwolle] = True
    on_line = np.zeros_like(feeder)
    on_line[np.ix_(line, line)] = True
    np.fill_diagonal(on_line, False)
    wait = after.wait_min[Mode.PT] / geography.wait_min[Mode.PT]
    np.testing.assert_allclose(wait[on_line & ~feeder], 0.5)
    np.testing.assert_allclose(wait[feeder & ~on_line], 0.8)
    np.testing.assert_allclose(wait[~on_line & ~feeder], 1.0)
    ride = after.in_vehicle_min[Mode.PT] / geography.in_vehicle_min[Mode.PT]
    np.testing.assert_allclose(ride[feeder], 0.8)
    np.testing.assert_allclose(ride[~feeder], 1.0)
    assert near.sum() >= 2  # Zwolle has neighbours within 20 km (Kampen, Dalfsen, ...)


def test_propagation_lets_trips_through_the_corridor_gain(
    baseline: Scenario, geography: Geography
) -> None:
    pair = {"pairs": [["Zwolle", "Deventer"]]}
    common = {**BASE, "type": "travel_time", "name": "t", "mode": "pt", "factor": 0.3}
    direct = effects(geography, scenario(baseline, {**common, "where": pair, "propagate": False}),
                     month_of(2024), 5.0)  # fmt: skip
    routed = effects(geography, scenario(baseline, {**common, "where": pair, "propagate": True}),
                     month_of(2024), 5.0)  # fmt: skip
    kampen, deventer = geography.index("Kampen"), geography.index("Deventer")
    assert (
        direct.in_vehicle_min[Mode.PT, kampen, deventer]
        == (geography.in_vehicle_min[Mode.PT, kampen, deventer])
    )
    assert (
        routed.in_vehicle_min[Mode.PT, kampen, deventer]
        < (geography.in_vehicle_min[Mode.PT, kampen, deventer])
    )
    assert np.all(routed.in_vehicle_min <= direct.in_vehicle_min + 1e-9)


def test_housing_capacity_grows_as_scheduled(baseline: Scenario, geography: Geography) -> None:
    config = scenario(
        baseline,
        {"type": "housing", "name": "h", "homes": {"Hardenberg": 1200}, "young_share": 0.5,
         "start_year": 2022, "ramp_years": 2},
        scale=0.02, years=4,
    )  # fmt: skip
    model = YouthModel(config, geography)
    zone = geography.index("Hardenberg")
    start = model.homes.capacity.copy()
    per_person = config.housing.young_persons_per_dwelling * 0.5 * 1200 * 0.02  # agents
    # The building trend adds a constant number of places a month everywhere, policy or not.
    trend = config.housing.new_homes_per_year_share_of_stock * (
        config.housing.young_share_of_new_homes_relative
    )
    assert trend > 0
    for month in range(1, 48):
        model.step()
        built = min(max(month - 12, 0) / 24, 1.0) * per_person
        trended = start * (1.0 + trend * month / 12)
        assert model.homes.capacity[zone] == pytest.approx(trended[zone] + built)
        others = np.arange(geography.n_zones) != zone
        np.testing.assert_allclose(model.homes.capacity[others], trended[others])


def test_amenity_rent_support_and_jobs_change_where_stated(
    baseline: Scenario, geography: Geography
) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "amenity", "name": "a", "zones": ["kind:rural"], "delta_sd": 0.4},
        {**BASE, "type": "rent_support", "name": "r", "zones": ["Ommen"], "eur_per_month": 80},
        {**BASE, "type": "jobs", "name": "j", "zones": ["Kampen"], "level": "knowledge",
         "extra_growth_per_year": 0.05},
        scale=0.02, years=4,
    )  # fmt: skip
    plain = with_overrides(config, {"policies": []})
    model, reference = YouthModel(config, geography, rng=2), YouthModel(plain, geography, rng=2)
    rural = np.array([k == 2 for k in geography.kind])
    for _ in range(month_of(2023, 12)):
        model.step()
        reference.step()
    np.testing.assert_array_equal(model.geo.amenity, geography.amenity)
    np.testing.assert_array_equal(model.rent_support_eur_month, 0)
    np.testing.assert_allclose(model.market.jobs, reference.market.jobs)
    model.step()
    reference.step()
    np.testing.assert_allclose(model.geo.amenity - geography.amenity, np.where(rural, 0.4, 0.0))
    ommen = geography.index("Ommen")
    terms = model.zone_terms()
    assert terms.housing_cost_eur_month[ommen] == pytest.approx(
        model.homes.cost_eur_month[ommen] - 80
    )
    others = np.arange(geography.n_zones) != ommen
    np.testing.assert_allclose(
        terms.housing_cost_eur_month[others], model.homes.cost_eur_month[others]
    )
    kampen = geography.index("Kampen")
    jobs, ref = model.market.jobs, reference.market.jobs
    growth = np.divide(jobs, ref, out=np.ones_like(jobs), where=ref > 0)
    trend = 0.012 + config.labour.young_jobs_growth_offset_per_year
    expected = ((1 + trend + 0.05) / (1 + trend)) ** (1 / 12)
    assert growth[kampen, 1] == pytest.approx(expected, rel=1e-9)
    growth[kampen, 1] = 1.0
    np.testing.assert_allclose(growth, 1.0)


def test_commute_subsidy_lowers_costs_not_reach(baseline: Scenario, geography: Geography) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "commute_subsidy", "name": "c", "cost_per_km_factor": 0.5,
         "time_cost_factor": 0.8},
        scale=0.02, years=4,
    )  # fmt: skip
    model = YouthModel(config, geography)
    before = model.commute
    for _ in range(month_of(2024)):
        model.step()
    after = model.commute
    np.testing.assert_allclose(after.money_eur_month, 0.5 * before.money_eur_month, rtol=1e-6)
    np.testing.assert_array_equal(after.reach, before.reach)
    assert after.time_cost_factor == pytest.approx(0.8)


# --- direction: averaged over paired seeds --------------------------------------------------


@pytest.mark.slow
def test_faster_transport_to_a_zone_fills_its_vacancies(
    baseline: Scenario, geography: Geography
) -> None:
    zone = "Staphorst"  # the zone with the most unfilled vacancies in the baseline
    faster = {"type": "travel_time", "name": "t", "where": {"between": {"from": ["inside"],
              "to": [zone]}}, "factor": 0.6, "propagate": False, "start_year": 2021,
              "ramp_years": 0}  # fmt: skip
    config = scenario(
        baseline, {**faster, "mode": "pt"}, {**faster, "mode": "car", "name": "c"}, scale=0.05
    )
    plain = with_overrides(config, {"policies": []})

    def filled_share(model: YouthModel) -> float:
        z = model.geo.index(zone)
        return float(1 - model._openings[z].sum() / model.market.jobs[z].sum())

    differences = []
    for seed in range(301, 313):
        values = []
        for cfg in (plain, config):
            model = YouthModel(cfg, geography, rng=seed)
            model.run_months(24)
            shares = []
            for _ in range(12):  # averaged over the third year
                model.step()
                shares.append(filled_share(model))
            values.append(float(np.mean(shares)))
        differences.append(values[1] - values[0])
    assert z_score(np.array(differences)) > 3.0


@pytest.mark.slow
def test_housing_and_amenity_in_a_zone_raise_its_young_population(
    baseline: Scenario, geography: Geography
) -> None:
    zone = "Twenterand"
    policies = [
        {"type": "housing", "name": "h", "homes": {zone: 1500}, "young_share": 1.0,
         "start_year": 2021, "ramp_years": 1},
        {"type": "amenity", "name": "a", "zones": [zone], "delta_sd": 0.5, "start_year": 2021,
         "ramp_years": 1},
    ]  # fmt: skip

    def residents(model: YouthModel) -> float:
        return float(np.count_nonzero(model.people.home == model.geo.index(zone)))

    plain = scenario(baseline, scale=0.05)
    differences = paired(plain, policies, geography, residents, 36)
    assert z_score(differences) > 3.0


# --- scenario files ---------------------------------------------------------------------------


def test_every_shipped_config_validates(capsys: pytest.CaptureFixture[str]) -> None:
    configs = sorted((ROOT / "configs").glob("*.yaml"))
    names = {path.name for path in configs}
    assert {"baseline.yaml", "people_based.yaml", "place_based.yaml", "combined.yaml",
            "zwolle_wierden.yaml", "nedersaksenlijn.yaml", "vechtdal_half_hourly.yaml",
            "housing_deal.yaml"} <= names  # fmt: skip
    assert main(["validate", *map(str, configs)]) == 0
    assert capsys.readouterr().out.count("ok: ") == len(configs)


def test_named_interventions_carry_their_sources() -> None:
    for name in ("zwolle_wierden", "nedersaksenlijn", "vechtdal_half_hourly", "housing_deal"):
        text = (ROOT / "configs" / f"{name}.yaml").read_text(encoding="utf-8")
        assert "Source" in text, name
        assert load_scenario(ROOT / "configs" / f"{name}.yaml").policies, name


POLICY = (
    "  - {type: travel_time, name: faster, mode: pt, start_year: 2025, ramp_years: 0,"
    " propagate: false, where: {pairs: [[Zwolle, Enschede]]}, "
)
BROKEN = [
    ("unknown key", POLICY + "factor: 0.8, colour: red}",
     r"policies\[0\] \(faster\)\.colour = 'red': unknown key"),
    ("wrong type", POLICY + "factor: fast}",
     r"policies\[0\] \(faster\)\.factor = 'fast': input should be a valid number"),
    ("bad zone name in a corridor", POLICY.replace("Enschede", "Enschde") + "factor: 0.8}",
     r"policies\[0\] \(faster\)\.where\.pairs = 'Enschde': 'Enschde' is not a zone or group"),
    ("start year outside the horizon", POLICY.replace("2025", "2035") + "factor: 0.8}",
     r"policies\[0\] \(faster\)\.start_year = 2035: must lie within the run, 2021-2030"),
    ("negative minutes", POLICY + "minutes_saved: -10}",
     r"policies\[0\] \(faster\)\.minutes_saved = -10: input should be greater than or equal to 0"),
    ("more minutes saved than the trip takes", POLICY + "minutes_saved: 90}",
     r"policies\[0\] \(faster\)\.minutes_saved = 90: more than the pt in-vehicle time of "
     r"Enschede-Zwolle \(48 min\)"),
    ("factor and minutes both given", POLICY + "factor: 0.8, minutes_saved: 5}",
     r"policies\[0\] \(faster\): give exactly one of factor, minutes_saved"),
    ("unknown lever", "  - {type: teleport, name: beam, start_year: 2025, ramp_years: 0}",
     r"policies\[0\] \(beam\)\.type = 'teleport': unknown policy type"),
    ("homes outside the province",
     "  - {type: housing, name: h, start_year: 2025, ramp_years: 1, young_share: 1, "
     "homes: {Randstad: 100}}",
     r"policies\[0\] \(h\)\.homes\.Randstad: homes can be built only in an Overijssel zone"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "policy", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_scenarios_fail_validation_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, policy: str, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(f"extends: {BASELINE}\npolicies:\n{policy}\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2, name
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert re.search(message, err), err


def test_cycle_in_extends_fails_validation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "a.yaml")]) == 2
    assert "cycle in extends" in capsys.readouterr().err


def test_set_overrides_apply_to_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BASELINE), "--set", "run.years=0"]) == 2
    assert "--set: run.years = 0" in capsys.readouterr().err


def test_policies_do_not_move_the_zone_constants(baseline: Scenario, geography: Geography) -> None:
    # The constants are calibrated on the base state: a policy from the first month must not
    # be absorbed by them.
    config = scenario(
        baseline,
        {"type": "amenity", "name": "a", "zones": ["Ommen"], "delta_sd": 3, "start_year": 2021,
         "ramp_years": 0},
        scale=0.02,
    )  # fmt: skip
    plain = with_overrides(config, {"policies": []})
    a, b = YouthModel(config, geography, rng=4), YouthModel(plain, geography, rng=4)
    np.testing.assert_array_equal(a.zone_constant, b.zone_constant)


def test_load_checked_rejects_a_bad_zone_directly(baseline: Scenario) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "amenity", "name": "a", "zones": ["kind:suburb"], "delta_sd": 1},
    )
    with pytest.raises(ConfigError, match=r"policies\[0\] \(a\)\.zones = 'kind:suburb'"):
        load_checked(config, BASELINE)


def test_corridor_is_symmetric(geography: Geography, baseline: Scenario) -> None:
    config = scenario(
        baseline,
        {**BASE, "type": "frequency", "name": "f", "wait_factor": 0.5,
         "where": {"between": {"from": ["Zwolle"], "to": ["kind:rural"]}}},
    )  # fmt: skip
    policy = config.policies[0]
    assert isinstance(policy, Frequency)
    share = corridor(policy.where, geography)
    np.testing.assert_array_equal(share, share.T)


def test_the_people_based_scenario_shortens_the_long_distances(geography: Geography) -> None:
    """The letter's people-based policy: travel times over longer distances, not only inside."""
    config = load_scenario(ROOT / "configs" / "people_based.yaml")
    full = effects(geography, config, 12 * 10, config.commute.pt_transfer_penalty_min)
    after = full.in_vehicle_min + full.access_egress_min + full.wait_min
    saved = geography.minutes - after
    randstad, enschede = geography.index("Randstad"), geography.index("Enschede")
    munster = geography.index("Münster-Osnabrück")
    assert saved[Mode.PT, randstad, enschede] >= 30  # the rail doubling, at full strength
    assert saved[Mode.CAR, randstad, enschede] > 0  # the A1
    assert saved[Mode.PT, enschede, munster] > 0  # to the German border region
    zwolle, hardenberg = geography.index("Zwolle"), geography.index("Hardenberg")
    assert saved[Mode.PT, zwolle, hardenberg] > 0  # and regional PT inside the province
