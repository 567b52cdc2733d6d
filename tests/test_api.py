"""The model as a plain function, and as a Mesa model usable by Mesa's own batch_run."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from mesa.batchrunner import batch_run

from youth_sim import YouthModel, load_scenario, run_indicators
from youth_sim.contract import INDICATOR_NAMES

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


def test_batch_run_stops_at_the_horizon_without_max_steps() -> None:
    """Mesa's batch_run steps while ``model.running``: the model ends it at run.years."""
    config = load_scenario(BASELINE, ["run.scale=0.01", "run.years=1"])
    rows = batch_run(
        YouthModel, parameters={"config": [config]}, rng=[1], number_processes=1,
        display_progress=False,
    )  # fmt: skip
    assert [row["Step"] for row in rows] == [12]


def test_numpy_seeds_and_parameters_are_accepted() -> None:
    small = {"run__scale": 0.01, "run__years": 1}
    plain = run_indicators(BASELINE, seed=3, labour__rounds_per_month=2, **small)
    numpy = run_indicators(BASELINE, seed=np.int64(3), labour__rounds_per_month=np.int64(2),
                           **small)  # fmt: skip
    assert numpy == plain
    config = load_scenario(BASELINE, ["run.scale=0.01"])
    assert YouthModel(config, rng=np.uint32(5)).indicators == YouthModel(config, rng=5).indicators


@pytest.mark.slow  # importing EMA (scikit-learn, statsmodels) is most of its 3 s
def test_ema_workbench_drives_the_model_through_its_sequential_evaluator() -> None:
    """EMA Workbench (optional; installed by the dev extra, so CI runs this) samples numpy seeds."""
    with warnings.catch_warnings():  # EMA warns at import about optional parallel back ends
        warnings.simplefilter("ignore")
        ema = pytest.importorskip("ema_workbench")
    seeds: list[type] = []

    def youth(seed: int = 0, **params: float) -> dict[str, float]:
        seeds.append(type(seed))
        return run_indicators(BASELINE, seed, run__scale=0.01, run__years=1, **params)

    model = ema.Model("youth", function=youth)
    model.uncertainties = [
        ema.IntegerParameter("seed", 0, 1000),
        ema.RealParameter("labour__matching_efficiency_per_month", 0.1, 0.5),
    ]
    model.outcomes = [ema.ScalarOutcome("youth_unemployment_rate")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its progress bar and pandas notes
        with ema.SequentialEvaluator(model) as evaluator:
            experiments, outcomes = evaluator.perform_experiments(scenarios=4)
    rates = outcomes["youth_unemployment_rate"]
    assert len(experiments) == len(rates) == 4
    assert np.all(np.isfinite(rates))
    assert np.all((rates > 0) & (rates < 0.5))
    assert all(issubclass(kind, np.integer) for kind in seeds)  # numpy seeds, not int
    # Each row is the model at that seed and parameter: rerunning one gives the same number.
    row = experiments.iloc[0]
    again = run_indicators(BASELINE, int(row["seed"]), run__scale=0.01, run__years=1,
                           labour__matching_efficiency_per_month=float(
                               row["labour__matching_efficiency_per_month"]))  # fmt: skip
    assert again["youth_unemployment_rate"] == rates[0]
