"""Experiments: designs, paired seeds, resume after a real kill, failures, determinism."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from youth_sim.cli import main
from youth_sim.config import ConfigError
from youth_sim.experiment.runner import FAULT_ENV
from youth_sim.experiment.spec import load_experiment, replication_seed
from youth_sim.experiment.store import Store
from youth_sim.indicators import INDICATOR_NAMES

from .conftest import BASELINE, ROOT

FREQUENT = {
    "type": "frequency", "name": "frequent", "where": {"zones": ["inside"]}, "wait_factor": 0.5,
    "start_year": 2021, "ramp_years": 0,
}  # fmt: skip


def experiment_file(tmp_path: Path, **changes: object) -> Path:
    """A small, fast experiment (two scenarios, scale 0.01, 2 years) written to ``tmp_path``."""
    data: dict[str, object] = {
        "name": "small",
        "base": str(BASELINE),
        "scenarios": {"baseline": {}, "frequent": {"set": {"policies": [FREQUENT]}}},
        "reference": "baseline",
        "design": {"type": "none"},
        "uncertainties": [],
        "levers": [],
        "outcomes": "all",
        "replications": 3,
        "seed": 7,
        "scale": 0.01,
        "years": 2,
    }
    data.update(changes)
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def comparable(directory: Path) -> pd.DataFrame:
    """runs.parquet without what legitimately differs between executions (wall time)."""
    runs = pd.read_parquet(directory / "runs.parquet")
    return runs.drop(columns=["wall_time_s"]).sort_values("run_id").reset_index(drop=True)


def test_seeds_are_shared_across_scenarios_and_keyed_by_replication(tmp_path: Path) -> None:
    experiment = load_experiment(experiment_file(tmp_path))
    runs = experiment.runs()
    assert len(runs) == 6
    by = {(r.scenario, r.replication): r for r in runs}
    for replication in range(3):
        assert by[("baseline", replication)].seed == by[("frequent", replication)].seed
        assert by[("baseline", replication)].seed == replication_seed(7, replication)
    assert len({r.seed for r in runs}) == 3
    assert len({r.run_id for r in runs}) == 6
    # More replications keep the ids (and seeds) of the runs already planned.
    more = load_experiment(experiment_file(tmp_path), replications=5).runs()
    assert {r.run_id for r in runs} <= {r.run_id for r in more}


def test_designs_grid_lhs_morris_sobol(tmp_path: Path) -> None:
    grid = load_experiment(
        experiment_file(tmp_path, design={"type": "grid"}, levers=[
            {"name": "residence.logit_scale_eur_month", "values": [110, 130, 150]},
            {"name": "labour.rounds_per_month", "values": [1, 2]}]),
    )  # fmt: skip
    assert len(grid.points) == 6
    assert {"labour.rounds_per_month": 2, "residence.logit_scale_eur_month": 150} in grid.points
    ranged = [
        {"name": "residence.logit_scale_eur_month", "low": 100, "high": 160},
        {"name": "labour.matching_efficiency_per_month", "low": 0.25, "high": 0.45},
    ]
    lhs = load_experiment(experiment_file(tmp_path, design={"type": "lhs", "n": 8},
                                          uncertainties=ranged))  # fmt: skip
    values = np.array([p["residence.logit_scale_eur_month"] for p in lhs.points])
    assert len(values) == 8
    assert np.all((values >= 100) & (values <= 160))
    # Latin hypercube: one sample in each eighth of the range.
    assert sorted(np.floor((values - 100) / 7.5).astype(int)) == list(range(8))
    morris = load_experiment(
        experiment_file(
            tmp_path, design={"type": "morris", "n": 4, "levels": 4}, uncertainties=ranged
        )
    )
    assert len(morris.points) == 4 * 3  # trajectories x (parameters + 1)
    # Trajectories may share a point; every design point still gets its own runs.
    runs = morris.runs()
    assert len({r.run_id for r in runs}) == len(runs)
    sobol = load_experiment(
        experiment_file(tmp_path, design={"type": "sobol", "n": 8}, uncertainties=ranged)
    )
    assert len(sobol.points) == 8 * (2 + 2)  # N (D + 2) without second order
    again = load_experiment(
        experiment_file(tmp_path, design={"type": "sobol", "n": 8}, uncertainties=ranged)
    )
    assert again.points == sobol.points  # same seed, same design


BAD = [
    ({"colour": "red"}, r"small\.yaml: colour = 'red': unknown key"),
    ({"outcomes": ["happiness"]}, r"small\.yaml: outcomes: 'happiness' is not an indicator"),
    ({"reference": "nothing"}, r"reference = 'nothing': not one of the scenarios"),
    ({"replications": 0}, r"small\.yaml: replications = 0: input should be greater"),
    ({"design": {"type": "grid"}, "levers": [{"name": "run.seed", "low": 1, "high": 2}]},
     r"a grid needs values for every parameter"),
    ({"design": {"type": "lhs", "n": 4}, "levers": [{"name": "residence.nonsense", "low": 1,
      "high": 2}]}, r"residence\.nonsense = 1(\.0)?: unknown key"),
    ({"design": {"type": "lhs", "n": 4}, "levers": [{"name": "labour.rounds_per_month",
      "low": 0, "high": 3}]}, r"labour\.rounds_per_month = 0: input should be greater"),
    ({"base": "nowhere.yaml"}, r"small\.yaml: base = 'nowhere\.yaml': file not found"),
    ({"scenarios": {"baseline": {}, "x": {"config": "gone.yaml"}}},
     r"scenarios\.x\.config = 'gone\.yaml': file not found"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "message"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_broken_experiment_files_are_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changes: dict, message: str
) -> None:
    path = experiment_file(tmp_path, **changes)
    with pytest.raises(ConfigError, match=message):
        load_experiment(path)
    assert main(["experiment", str(path), "--quiet", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_run_writes_parquet_and_a_manifest_and_summarizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["experiment", str(experiment_file(tmp_path)), "--out", str(out), "--quiet"]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6
    assert set(runs["status"]) == {"ok"}
    assert {"run_id", "scenario", "replication", "seed", "status", "error", "wall_time_s",
            *INDICATOR_NAMES} <= set(runs.columns)  # fmt: skip
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 6 * 25
    assert not series.duplicated(["run_id", "step"]).any()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["experiment"]["config_hashes"]) == {"baseline", "frequent"}
    assert manifest["youth_sim_version"]
    assert len(manifest["run_ids"]) == 6
    assert not list((out / "parts").iterdir())  # everything merged
    capsys.readouterr()
    assert main(["summarize", str(out)]) == 0
    text = capsys.readouterr().out
    assert "frequent" in text
    assert "n = 3 pairs" in text
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["indicator"]) == set(INDICATOR_NAMES)


def test_more_replications_and_a_new_scenario_reuse_finished_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    path = experiment_file(tmp_path)
    assert main(["experiment", str(path), "--out", str(out), "--quiet"]) == 0
    first = comparable(out)
    capsys.readouterr()
    assert main(["experiment", str(path), "--out", str(out), "--quiet", "--replications", "4"]) == 0
    assert "6 already done, 2 to run" in capsys.readouterr().err
    both = comparable(out)
    assert len(both) == 8
    pd.testing.assert_frame_equal(both[both["run_id"].isin(first["run_id"])].reset_index(drop=True),
                                  first)  # fmt: skip


def test_a_run_that_raises_is_recorded_and_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    path = experiment_file(tmp_path)
    monkeypatch.setenv(FAULT_ENV, "raise:frequent:1")
    assert main(["experiment", str(path), "--out", str(out), "--quiet"]) == 1
    runs = pd.read_parquet(out / "runs.parquet")
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 1
    assert failed.iloc[0]["scenario"] == "frequent"
    assert "RuntimeError: injected failure" in failed.iloc[0]["error"]
    assert (runs["status"] == "ok").sum() == 5
    # A plain rerun skips it; --retry-failed reruns only that one.
    monkeypatch.delenv(FAULT_ENV)
    capsys.readouterr()
    assert main(["experiment", str(path), "--out", str(out), "--quiet"]) == 1
    assert "6 already done, 0 to run" in capsys.readouterr().err
    assert main(["experiment", str(path), "--out", str(out), "--quiet", "--retry-failed"]) == 0
    assert "5 already done, 1 to run" in capsys.readouterr().err
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6
    assert set(runs["status"]) == {"ok"}


def test_a_worker_that_dies_is_replaced_and_its_run_fails_after_one_retry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "youth_sim", "experiment", str(experiment_file(tmp_path)),
               "--out", str(out), "--quiet"]  # fmt: skip
    env = {**os.environ, FAULT_ENV: "exit:frequent:0"}
    # A hang would show as the timeout firing (a guard, not a speed requirement).
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6
    dead = runs[runs["status"] == "failed"]
    assert len(dead) == 1
    assert dead.iloc[0]["error"] == "worker process died twice running this run"
    assert (runs["status"] == "ok").sum() == 5


def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = experiment_file(tmp_path, replications=12, years=3)
    command = [sys.executable, "-m", "youth_sim", "experiment", str(path), "--out", str(out),
               "--quiet", "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, start_new_session=True, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    parts = out / "parts"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if parts.is_dir() and len(list(parts.glob("*.run.parquet"))) >= 3:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("no run finished in time")
    os.killpg(process.pid, signal.SIGKILL)  # the coordinator and its workers, mid-experiment
    process.wait()
    finished_before = len(Store(out).statuses())
    assert 3 <= finished_before < 24
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{finished_before} already done, {24 - finished_before} to run" in done.stderr
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 24
    assert runs["run_id"].is_unique
    assert set(runs["status"]) == {"ok"}
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 24 * 37
    assert not series.duplicated(["run_id", "step"]).any()


def test_same_results_with_one_or_two_workers(tmp_path: Path) -> None:
    path = experiment_file(tmp_path)
    for workers in ("1", "2"):
        assert main(["experiment", str(path), "--out", str(tmp_path / workers), "--quiet",
                     "--workers", workers]) == 0  # fmt: skip
    pd.testing.assert_frame_equal(comparable(tmp_path / "1"), comparable(tmp_path / "2"))


@pytest.mark.filterwarnings("ignore")  # Dask's own start-up and shut-down warnings
def test_same_results_on_a_dask_local_cluster(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    path = experiment_file(tmp_path)
    assert main(["experiment", str(path), "--out", str(tmp_path / "local"), "--quiet"]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:  # fmt: skip
        assert main(["experiment", str(path), "--out", str(tmp_path / "dask"), "--quiet",
                     "--scheduler", cluster.scheduler_address]) == 0  # fmt: skip
    pd.testing.assert_frame_equal(comparable(tmp_path / "local"), comparable(tmp_path / "dask"))


def test_sensitivity_refuses_missing_runs_and_reports_morris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = experiment_file(
        tmp_path, design={"type": "morris", "n": 2, "levels": 4}, replications=1,
        uncertainties=[{"name": "residence.logit_scale_eur_month", "low": 100, "high": 160},
                       {"name": "labour.matching_efficiency_per_month", "low": 0.25,
                        "high": 0.45}],
    )  # fmt: skip
    out = tmp_path / "out"
    monkeypatch.setenv(FAULT_ENV, "raise:frequent:0")
    main(["experiment", str(path), "--out", str(out), "--quiet"])
    capsys.readouterr()
    assert main(["summarize", str(out)]) == 1
    assert "missing or failed" in capsys.readouterr().err
    monkeypatch.delenv(FAULT_ENV)
    assert main(["experiment", str(path), "--out", str(out), "--quiet", "--retry-failed"]) == 0
    capsys.readouterr()
    assert main(["summarize", str(out)]) == 0
    table = pd.read_csv(out / "sensitivity.csv")
    assert set(table["parameter"]) == {"residence.logit_scale_eur_month",
                                       "labour.matching_efficiency_per_month"}  # fmt: skip
    assert set(table["scenario"]) == {"frequent"}
    assert (table["mu_star"] >= 0).all()
    assert table["mu_star"].notna().all()


def test_shipped_experiments_load() -> None:
    for name in ("policy_comparison", "travel_vs_amenity", "sensitivity"):
        experiment = load_experiment(ROOT / "experiments" / f"{name}.yaml")
        assert experiment.runs(), name
    comparison = load_experiment(ROOT / "experiments" / "policy_comparison.yaml")
    assert set(comparison.scenarios) == {"baseline", "people_based", "place_based", "combined"}
    assert comparison.spec.replications >= 20
