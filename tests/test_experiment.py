"""Experiments: designs, paired seeds, resume after a real kill, failures, determinism.

Most tests run their runs in the test process (``tests.inline``): the store and the resume
logic do not need worker processes. The tests of real worker processes and Dask clusters
(1 or 2 workers, deaths, signals, kill -9) are marked slow.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from youth_sim.cli import main
from youth_sim.contract import INDICATOR_NAMES
from youth_sim.errors import ConfigError
from youth_sim.experiment.faults import RUN_FAULT_ENV as FAULT_ENV
from youth_sim.experiment.spec import load_experiment, replication_seed
from youth_sim.experiment.store import LEDGER, Store

from .conftest import BASELINE, ROOT
from .inline import inline_runs
from .processes import alive, descendants

FREQUENT = {
    "type": "frequency", "name": "frequent", "where": {"zones": ["inside"]}, "wait_factor": 0.5,
    "start_year": 2021, "ramp_years": 0,
}  # fmt: skip


def experiment_file(tmp_path: Path, **changes: object) -> Path:
    """A small, fast experiment (two scenarios, scale 0.01, 1 year) written to ``tmp_path``."""
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
        "years": 1,
    }
    data.update(changes)
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def finished(out: Path) -> int:
    """Runs in a folder's ledger, read as another process would while an experiment runs."""
    if not (out / LEDGER).is_file():
        return 0
    with Store(out, writer=False) as store:
        return len(store.statuses())


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
      "high": 2}]},
     r"small\.yaml \(scenarios\.baseline\), design point 0: residence\.nonsense = [\d.]+: "
     r"unknown key"),
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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inline_runs(monkeypatch)
    out = tmp_path / "out"
    assert main(["experiment", str(experiment_file(tmp_path)), "--out", str(out), "--quiet"]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6
    assert set(runs["status"]) == {"ok"}
    assert {"run_id", "scenario", "replication", "seed", "status", "error", "wall_time_s",
            *INDICATOR_NAMES} <= set(runs.columns)  # fmt: skip
    series = pd.read_parquet(out / "timeseries.parquet")
    assert len(series) == 6 * 13
    assert not series.duplicated(["run_id", "step"]).any()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["experiment"]["config_hashes"]) == {"baseline", "frequent"}
    assert manifest["youth_sim_version"]
    assert len(manifest["run_ids"]) == 6
    with Store(out, writer=False) as store:
        assert len(store.statuses()) == 6
    capsys.readouterr()
    assert main(["summarize", str(out)]) == 0
    text = capsys.readouterr().out
    assert "frequent" in text
    assert "n = 3 pairs" in text
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["indicator"]) == set(INDICATOR_NAMES)
    assert f"written: {out / 'summary.csv'}" in text
    # Persons beside shares: the effect times the persons the share is of (issue 13).
    persons = summary.set_index("indicator")["persons"]
    assert persons[["youth_unemployment_rate", "long_commute_share"]].notna().all()
    assert persons[["mean_utility", "net_outflow", "mismatch_index_knowledge"]].isna().all()
    assert "persons)" in text
    # In Dutch: labels, percentage points, decimal comma, where it wrote (issue 13).
    assert main(["summarize", str(out), "--lang", "nl"]) == 0
    dutch = capsys.readouterr().out
    for words in ("Jeugdwerkloosheid", "procentpunt", "paren", "personen",
                  f"geschreven: {out / 'summary.csv'}"):  # fmt: skip
        assert words in dutch, words
    assert re.search(r"[+-]\d+,\d\d procentpunt", dutch)


def test_more_replications_and_a_new_scenario_reuse_finished_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inline_runs(monkeypatch)
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
    inline_runs(monkeypatch)
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
    printed = capsys.readouterr()
    assert "6 already done, 0 to run" in printed.err
    assert "all 6 runs already done" in printed.out
    assert main(["experiment", str(path), "--out", str(out), "--quiet", "--retry-failed"]) == 0
    assert "5 already done, 1 to run" in capsys.readouterr().err
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6
    assert set(runs["status"]) == {"ok"}


@pytest.mark.slow
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


@pytest.mark.slow
def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = experiment_file(tmp_path, replications=12, years=3)
    command = [sys.executable, "-m", "youth_sim", "experiment", str(path), "--out", str(out),
               "--quiet", "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, start_new_session=True, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if finished(out) >= 3:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("no run finished in time")
    os.killpg(process.pid, signal.SIGKILL)  # the coordinator and its workers, mid-experiment
    process.wait()
    finished_before = finished(out)
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


@pytest.mark.slow
def test_same_results_with_one_or_two_workers(tmp_path: Path) -> None:
    path = experiment_file(tmp_path)
    for workers in ("1", "2"):
        assert main(["experiment", str(path), "--out", str(tmp_path / workers), "--quiet",
                     "--workers", workers]) == 0  # fmt: skip
    pd.testing.assert_frame_equal(comparable(tmp_path / "1"), comparable(tmp_path / "2"))


@pytest.mark.filterwarnings("ignore")  # Dask's own start-up and shut-down warnings
@pytest.mark.slow
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
    inline_runs(monkeypatch)
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


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("sig", "code"),
    [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGKILL, -9)],
    ids=["SIGTERM", "SIGINT", "SIGKILL"],
)
def test_a_stopped_coordinator_leaves_no_worker_behind_and_keeps_every_finished_run(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    """Reproduction: SIGTERM used to leave the worker processes running (SIGKILL: forever)."""
    out = tmp_path / "out"
    path = experiment_file(tmp_path, replications=12, years=3)
    command = [sys.executable, "-m", "youth_sim", "experiment", str(path), "--out", str(out),
               "--quiet", "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while finished(out) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = descendants(process.pid)
        assert len(workers) >= 2, "the worker pool should be running"
        process.send_signal(sig)  # the coordinator alone, as `kill PID` does
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == code, err
    assert "Traceback" not in err
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers), "worker processes outlived the coordinator"
    kept = finished(out)
    assert 1 <= kept < 24
    if sig != signal.SIGKILL:  # a coordinator that can react says so and exports on its way out
        assert "finished runs are kept" in err
        assert len(pd.read_parquet(out / "runs.parquet")) == kept


@pytest.mark.filterwarnings("ignore")  # Dask's own start-up and shut-down warnings
@pytest.mark.slow
def test_a_dask_cluster_without_workers_stops_with_a_message_and_keeps_what_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reproduction: a cluster that lost its last worker used to hang without a word."""
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    path = experiment_file(tmp_path, replications=6)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:  # fmt: skip
        original = Store.add

        def add_then_lose_the_workers(self: Store, *args: object) -> None:
            original(self, *args)  # type: ignore[arg-type]
            if len(self.statuses()) == 2:
                cluster.scale(0)

        monkeypatch.setattr(Store, "add", add_then_lose_the_workers)
        started = time.monotonic()
        code = main(["experiment", str(path), "--out", str(out), "--quiet", "--scheduler",
                     cluster.scheduler_address, "--worker-timeout", "3"])  # fmt: skip
        elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 1, err
    kept = finished(out)
    assert 2 <= kept < 12
    assert f"no Dask workers for 3 s; the {kept} finished runs are kept in {out}" in err
    assert "run the same command again to resume" in err
    assert elapsed < 120  # a guard against a hang, not a speed requirement
    assert len(pd.read_parquet(out / "runs.parquet")) == kept


def _latin1(tmp_path: Path) -> list[str]:
    path = experiment_file(tmp_path)
    text = path.read_text(encoding="utf-8").replace("name: small", "name: small  # Münster")
    path.write_bytes(text.encode("latin-1"))
    return [str(path)]


def _duplicate(tmp_path: Path) -> list[str]:
    path = experiment_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "seed: 8\n", encoding="utf-8")
    return [str(path)]


def _file_as_out(tmp_path: Path) -> list[str]:
    (tmp_path / "taken").write_text("", encoding="utf-8")
    return [str(experiment_file(tmp_path)), "--out", str(tmp_path / "taken")]


def _args(*extra: str, **changes: object) -> Callable[[Path], list[str]]:
    return lambda tmp_path: [str(experiment_file(tmp_path, **changes)), *extra]


ATLANTIS = {**FREQUENT, "where": {"zones": ["Atlantis"]}}
# (id, argv after `experiment` as a function of tmp_path, regex the one-line message must match)
BAD_EXPERIMENT_INPUTS = [
    ("workers-0", _args("--workers", "0"), r"argument --workers: '0': must be at least 1$"),
    ("scheduler-not-an-address", _args("--scheduler", "not a url"),
     r"^--scheduler = 'not a url': cannot connect \(missing port number.*\); expected an "
     r"address such as tcp://host:8786$"),
    ("worker-timeout-0", _args("--worker-timeout", "0"),
     r"argument --worker-timeout: '0': must be a positive number of seconds$"),
    ("out-is-a-file", _file_as_out, r"taken: is a file, not a folder \(choose another --out\)$"),
    ("out-cannot-be-made", _args("--out", "/proc/youth_sim_test/out"),
     r"^/proc/youth_sim_test/out: cannot create the folder \("),
    ("replications-flag", _args("--replications", "0"),
     r"^--replications = 0: input should be greater than or equal to 1$"),
    ("scale-flag", _args("--scale", "2"), r"^--scale = 2\.0: input should be less than or equal"),
    ("years-flag", _args("--years", "0"), r"^--years = 0: input should be greater than or equal"),
    ("latin-1-file", _latin1, r"small\.yaml: not UTF-8 text \(byte 0xfc at line 1, column 17\)"),
    ("duplicate-key", _duplicate,
     r"small\.yaml: line \d+: key 'seed' appears twice in one section \(first at line \d+\)"),
    ("set-nan", _args("--set", "population.tastes.value_of_time_eur_hour.knowledge=.nan"),
     r"^--set: population\.tastes\.value_of_time_eur_hour\.knowledge = \.nan: input should be a "
     r"finite number$"),
    ("sobol-not-power-of-two",
     _args(design={"type": "sobol", "n": 10},
           uncertainties=[{"name": "residence.logit_scale_eur_month", "low": 100, "high": 160}]),
     r"small\.yaml: design\.n = 10: a Sobol design needs a power of two \(e\.g\. 8 or 16\)"),
    ("unknown-zone-in-a-scenario", _args(scenarios={"baseline": {}, "x": {"set": {"policies":
                                                                       [ATLANTIS]}}}),
     r"small\.yaml \(scenarios\.x\): policies\[0\] \(frequent\)\.where\.zones = 'Atlantis'"),
    ("bad-value-inside-a-grid",
     _args(design={"type": "grid"},
           levers=[{"name": "labour.rounds_per_month", "values": [1, 0, 2]}]),
     r"small\.yaml \(scenarios\.baseline\), design point 1: labour\.rounds_per_month = 0: "
     r"input should be greater than or equal to 1$"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"), [case[1:] for case in BAD_EXPERIMENT_INPUTS],
    ids=[case[0] for case in BAD_EXPERIMENT_INPUTS],
)  # fmt: skip
def test_bad_experiment_input_gives_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
    argv: Callable[[Path], list[str]], message: str,
) -> None:  # fmt: skip
    arguments = argv(tmp_path)
    if "--out" not in arguments:
        arguments += ["--out", str(tmp_path / "out")]
    try:
        code = main(["experiment", *arguments, "--quiet"])
    except SystemExit as exit_:  # argparse's own errors (exit code 2 as well)
        code = int(exit_.code or 0)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert re.search(message, err), err
    assert "\n" not in err
    assert not (tmp_path / "out" / LEDGER).exists()  # refused before anything was written


def test_parameters_named_only_take_their_plausible_range(tmp_path: Path) -> None:
    ranges = str(ROOT / "configs" / "uncertainty.yaml")
    names = ["residence.logit_scale_eur_month", "labour.overqualified_after_months_unemployed"]
    path = experiment_file(
        tmp_path, design={"type": "lhs", "n": 6}, ranges=ranges,
        uncertainties=[{"name": name} for name in names],
    )  # fmt: skip
    experiment = load_experiment(path)
    sigma, months = experiment.spec.uncertainties
    assert (sigma.low, sigma.high) == (90.0, 180.0)
    assert (months.low, months.high) == (1, 6)
    assert all(isinstance(point[names[1]], int) for point in experiment.points)
    assert all(90 <= float(point[names[0]]) <= 180 for point in experiment.points)
    missing = experiment_file(
        tmp_path, design={"type": "lhs", "n": 6}, ranges=ranges,
        uncertainties=[{"name": "run.seed"}],
    )  # fmt: skip
    message = (
        r"small\.yaml: uncertainties\[0\]\.name = 'run\.seed': no low and high given, and "
        r".*uncertainty\.yaml has no range for it$"
    )
    with pytest.raises(ConfigError, match=message):
        load_experiment(missing)
