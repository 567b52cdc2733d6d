"""The model as a plain function, and as a Mesa model usable by Mesa's own batch_run."""

from __future__ import annotations

import pytest
from mesa.batchrunner import batch_run

from youth_sim import YouthModel, load_scenario, run_indicators
from youth_sim.indicators import INDICATOR_NAMES

from .conftest import BASELINE


def test_run_indicators_is_a_plain_function_of_config_and_seed() -> None:
    small = {"run__scale": 0.01, "run__years": 1}
    first = run_indicators(BASELINE, seed=3, **small)
    assert set(first) == set(INDICATOR_NAMES)
    assert run_indicators(BASELINE, seed=3, **small) == first
    assert run_indicators(BASELINE, seed=4, **small) != first
    slower = run_indicators(BASELINE, seed=3, labour__matching_efficiency_per_month=0.1, **small)
    assert slower["youth_unemployment_rate"] > first["youth_unemployment_rate"]


def test_mesa_batch_run_can_drive_the_model() -> None:
    config = load_scenario(BASELINE, ["run.scale=0.01"])
    rows = batch_run(
        YouthModel, parameters={"config": [config]}, rng=[1, 2], max_steps=3,
        number_processes=1, display_progress=False,
    )  # fmt: skip
    assert len(rows) == 2
    assert {row["Step"] for row in rows} == {3}
    assert set(INDICATOR_NAMES) <= set(rows[0])
    assert rows[0]["youth_unemployment_rate"] != pytest.approx(rows[1]["youth_unemployment_rate"])
