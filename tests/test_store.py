"""The result store: a run is recorded whole or not at all, whatever moment the process dies.

The fault-injection tests kill a real coordinator (a child process, SIGKILL) at every write
point of the commit and the export (``youth_sim.experiment.faults.POINTS``), resume with the
real command, and require the results to equal those of an uninterrupted experiment exactly.
Runs execute inside the coordinator (``tests.inline``) to save process start-up; the process
pool has its own tests in ``test_experiment.py``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from youth_sim.cli import main
from youth_sim.errors import StoreError
from youth_sim.experiment.faults import KILL_ENV, POINTS, RUN_FAULT_ENV
from youth_sim.experiment.lock import FolderLock
from youth_sim.experiment.store import EXPORTS, LEDGER, Store

from .conftest import BASELINE, ROOT
from .inline import InlineExecutor, inline_runs

FREQUENT = {
    "type": "frequency", "name": "frequent", "where": {"zones": ["inside"]}, "wait_factor": 0.5,
    "start_year": 2021, "ramp_years": 0,
}  # fmt: skip
FILES = tuple(EXPORTS.values())


def tiny(directory: Path, replications: int = 2) -> Path:
    """Two scenarios x ``replications``, scale 0.01, one year: about 0.2 s a run."""
    data = {
        "name": "tiny", "base": str(BASELINE),
        "scenarios": {"baseline": {}, "frequent": {"set": {"policies": [FREQUENT]}}},
        "reference": "baseline", "design": {"type": "none"}, "uncertainties": [], "levers": [],
        "outcomes": "all", "replications": replications, "seed": 11, "scale": 0.01, "years": 1,
    }  # fmt: skip
    path = directory / "tiny.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def experiment(path: Path, out: Path, *extra: str) -> int:
    """``youth-sim experiment`` in this process."""
    return main(["experiment", str(path), "--out", str(out), "--quiet", *extra])


def child(path: Path, out: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess:
    """``youth-sim experiment`` in a child process (runs inline), with extra environment."""
    command = [sys.executable, "-m", "tests.inline", "experiment", str(path), "--out", str(out),
               "--quiet", *extra]  # fmt: skip
    return subprocess.run(
        command, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300
    )


def results(out: Path) -> dict[str, pd.DataFrame]:
    """The three exports of an experiment folder, by file name."""
    return {name: pd.read_parquet(out / name) for name in FILES}


def assert_same(out: Path, reference: dict[str, pd.DataFrame]) -> None:
    """The exports equal the reference's exactly, but for wall times."""
    got = results(out)
    for name in FILES:
        pd.testing.assert_frame_equal(
            got[name].drop(columns=["wall_time_s"], errors="ignore"),
            reference[name].drop(columns=["wall_time_s"], errors="ignore"),
            obj=name,
        )
    with Store(out, writer=False) as store:
        assert len(store.statuses()) == len(reference["runs.parquet"])


@pytest.fixture(scope="module")
def finished_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny experiment, run once without interruption (do not change this folder)."""
    directory = tmp_path_factory.mktemp("reference")
    with pytest.MonkeyPatch.context() as patch:
        inline_runs(patch)
        assert experiment(tiny(directory), directory / "out") == 0
    return directory / "out"


@pytest.fixture(scope="module")
def reference(finished_folder: Path) -> dict[str, pd.DataFrame]:
    """The exports of the uninterrupted tiny experiment."""
    frames = results(finished_folder)
    assert len(frames["runs.parquet"]) == 4
    assert set(frames["runs.parquet"]["status"]) == {"ok"}
    return frames


@pytest.fixture
def finished(tmp_path: Path, finished_folder: Path) -> Path:
    """A copy of the finished tiny experiment's folder, to damage."""
    out = tmp_path / "out"
    shutil.copytree(finished_folder, out)
    return out


@pytest.fixture
def inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs execute in this process (see ``tests.inline``)."""
    inline_runs(monkeypatch)


def _kill_cases() -> Iterator[object]:
    quick = {"add:inserted"}
    for point in POINTS:
        target = f"{point}@2" if point.startswith("add:") else point
        marks = () if point in quick else (pytest.mark.slow,)
        yield pytest.param(target, marks=marks, id=target)


@pytest.mark.parametrize("target", list(_kill_cases()))
def test_killed_at_any_write_point_the_resumed_experiment_equals_an_uninterrupted_one(
    tmp_path: Path, reference: dict[str, pd.DataFrame], inline: None, target: str
) -> None:
    path, out = tiny(tmp_path), tmp_path / "out"
    killed = child(path, out, {KILL_ENV: target})
    assert killed.returncode == -9, f"never reached {target}: {killed.stderr}"
    assert experiment(path, out) == 0
    assert_same(out, reference)


def test_retry_failed_then_more_replications(
    tmp_path: Path, reference: dict[str, pd.DataFrame], inline: None,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Reproduction: this sequence used to leave a folder no command could open again."""
    path, out = tiny(tmp_path, replications=1), tmp_path / "out"
    monkeypatch.setenv(RUN_FAULT_ENV, "raise:frequent:0")
    assert experiment(path, out) == 1
    monkeypatch.delenv(RUN_FAULT_ENV)
    assert experiment(path, out, "--retry-failed") == 0
    assert experiment(path, out, "--replications", "2") == 0
    assert "2 already done, 2 to run" in capsys.readouterr().err
    assert_same(out, reference)
    assert main(["summarize", str(out)]) == 0


def test_a_second_coordinator_stops_at_once_and_a_dead_ones_lock_is_taken(
    tmp_path: Path, reference: dict[str, pd.DataFrame], inline: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Reproduction: two coordinators on one folder used to interleave their merges."""
    path, out = tiny(tmp_path), tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from youth_sim.experiment.lock import FolderLock; "
         "lock = FolderLock(Path(sys.argv[1])).acquire(); print('held', flush=True); "
         "sys.stdin.read()", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert experiment(path, out) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0, err
        assert f"{out}: in use by youth-sim (pid {holder.pid} on " in err
        assert "wait for it to finish or stop it" in err
        assert not (out / LEDGER).exists()  # nothing was touched
    finally:
        holder.kill()  # dies holding the lock
        holder.communicate()
    assert experiment(path, out) == 0
    err = capsys.readouterr().err  # the stale lock was noticed and taken
    assert f"the last writer, youth-sim (pid {holder.pid} on " in err
    assert_same(out, reference)


@pytest.mark.parametrize("damage", ["delete", "truncate", "garbage"])
@pytest.mark.parametrize("name", FILES)
def test_a_deleted_or_damaged_export_is_found_and_rebuilt_from_the_ledger(
    tmp_path: Path, reference: dict[str, pd.DataFrame], finished: Path,
    capsys: pytest.CaptureFixture[str], name: str, damage: str,
) -> None:  # fmt: skip
    """Reproduction: a truncated timeseries.parquet used to go unnoticed on resume."""
    path, out = tiny(tmp_path), finished
    target = out / name
    if damage == "delete":
        target.unlink()
    elif damage == "truncate":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    else:
        target.write_bytes(b"PAR1" + b"\0" * 100)
    capsys.readouterr()
    assert experiment(path, out) == 0
    err = capsys.readouterr().err
    problem = "missing" if damage == "delete" else "damaged or changed since it was written"
    assert f"{target}: {problem}; rebuilt from {LEDGER}" in err
    assert_same(out, reference)


def test_summarize_rebuilds_exports_too(
    reference: dict[str, pd.DataFrame], finished: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = finished
    (out / "timeseries.parquet").unlink()
    assert main(["summarize", str(out)]) == 0
    assert "timeseries.parquet: missing; rebuilt" in capsys.readouterr().err
    assert_same(out, reference)


def test_a_damaged_ledger_is_one_line_and_its_runs_come_back_from_the_exports(
    tmp_path: Path, reference: dict[str, pd.DataFrame], finished: Path, inline: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    path, out = tiny(tmp_path), finished
    ledger = out / LEDGER
    ledger.write_bytes(b"not a database at all" * 100)
    capsys.readouterr()
    for command in (["experiment", str(path), "--out", str(out), "--quiet"],
                    ["summarize", str(out)], ["charts", str(out)]):  # fmt: skip
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"{ledger}: damaged ("), err
        assert "move it away" in err
        assert "\n" not in err
    ledger.rename(out / f"{LEDGER}.damaged")
    assert experiment(path, out) == 0
    err = capsys.readouterr().err
    assert "4 finished runs imported from the Parquet files" in err
    assert "4 already done, 0 to run" in err
    assert_same(out, reference)


def _legacy_folder(out: Path, reference: dict[str, pd.DataFrame], missing: str) -> None:
    """The layout of youth_sim 0.1: merged Parquet files, plus one run still in parts/."""
    runs, series, zones = (reference[name] for name in FILES)
    last = runs["run_id"].iloc[-1]
    out.mkdir()
    runs[runs["run_id"] != last].to_parquet(out / "runs.parquet")
    series[series["run_id"] != last].to_parquet(out / "timeseries.parquet")
    zones[zones["run_id"] != last].to_parquet(out / "zones.parquet")
    parts = out / "parts"
    parts.mkdir()
    runs[runs["run_id"] == last].to_parquet(parts / f"{last}.run.parquet")
    zones[zones["run_id"] == last].to_parquet(parts / f"{last}.zones.parquet")
    if missing != "ts":
        series[series["run_id"] == last].to_parquet(parts / f"{last}.ts.parquet")


@pytest.mark.parametrize("missing", ["nothing", "ts"])
def test_a_folder_of_version_0_1_is_imported_and_a_run_without_its_series_is_rerun(
    tmp_path: Path, reference: dict[str, pd.DataFrame], inline: None,
    capsys: pytest.CaptureFixture[str], missing: str,
) -> None:  # fmt: skip
    """Reproduction: a run marked ok whose time-series part was gone used to be kept without it."""
    path, out = tiny(tmp_path), tmp_path / "out"
    _legacy_folder(out, reference, missing)
    assert experiment(path, out) == 0
    err = capsys.readouterr().err
    if missing == "ts":
        assert "3 finished runs imported" in err
        assert "1 marked ok had no time series or zone table and will be rerun" in err
        assert "3 already done, 1 to run" in err
    else:
        assert "4 finished runs imported" in err
        assert "4 already done, 0 to run" in err
    assert not (out / "parts").exists()
    assert_same(out, reference)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "damaged (not valid JSON at line 1)"),
        ('{"a": 1}', "not an experiment manifest"),
    ],
    ids=["not-json", "not-a-manifest"],
)
def test_a_damaged_manifest_is_one_line_for_summarize_charts_and_report(
    tmp_path: Path, finished: Path, inline: None, capsys: pytest.CaptureFixture[str],
    content: str, message: str,
) -> None:  # fmt: skip
    path, out = tiny(tmp_path), finished
    (out / "manifest.json").write_text(content, encoding="utf-8")
    capsys.readouterr()
    for command in (["summarize", str(out)], ["charts", str(out)], ["report", str(out)]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"{out / 'manifest.json'}: {message}"), err
        assert "\n" not in err
    assert experiment(path, out) == 0  # the experiment command rewrites it
    assert main(["summarize", str(out)]) == 0


def test_store_api_records_whole_runs_replaces_retries_and_exports_in_order(
    tmp_path: Path,
) -> None:
    def record(run_id: str, status: str, value: float) -> dict[str, object]:
        error = None if status == "ok" else "RuntimeError: boom"
        return {"run_id": run_id, "status": status, "error": error, "x": value}

    def series(run_id: str) -> pd.DataFrame:
        return pd.DataFrame({"run_id": run_id, "step": [0, 1], "y": [1.0, 2.0]})

    with Store(tmp_path, writer=True) as store:
        store.add(record("b", "ok", 1.0), {"ts": series("b"), "zones": series("b")})
        store.add(record("a", "failed", float("nan")), None)
        assert store.statuses() == {"b": "ok", "a": "failed"}
        assert store.export(["a", "b"])
        assert not store.export(["a", "b"])  # up to date: nothing written
        assert list(pd.read_parquet(tmp_path / "runs.parquet")["run_id"]) == ["a", "b"]
        store.add(record("a", "ok", 2.0), {"ts": series("a"), "zones": series("a")})
        assert store.statuses() == {"b": "ok", "a": "ok"}
        assert store.export(["a", "b"])
        assert list(store.read_runs()["run_id"]) == ["b", "a"]  # commit order
        assert len(store.read_table("ts")) == 4
    runs = pd.read_parquet(tmp_path / "runs.parquet")
    assert list(runs["run_id"]) == ["a", "b"]
    assert list(runs["x"]) == [2.0, 1.0]
    series_file = pq.read_table(tmp_path / "timeseries.parquet").to_pandas()
    assert list(series_file["run_id"]) == ["a", "a", "b", "b"]
    # Only the writer adds runs; a second writer is refused while the first holds the folder.
    with Store(tmp_path, writer=True), pytest.raises(StoreError, match="in use by"):
        Store(tmp_path, writer=True)
    with Store(tmp_path, writer=False) as reader:
        assert reader.writable  # nobody else holds it
    with FolderLock(tmp_path), Store(tmp_path, writer=False) as reader:
        assert not reader.writable
        assert set(reader.statuses()) == {"a", "b"}
        with pytest.raises(RuntimeError, match="writer"):
            reader.add(record("c", "ok", 0.0), None)


def test_a_run_is_one_transaction(tmp_path: Path) -> None:
    """An add interrupted inside its transaction leaves no trace of the run."""
    with Store(tmp_path, writer=True) as store:
        db = sqlite3.connect(tmp_path / LEDGER)
        db.execute("BEGIN IMMEDIATE")  # another writer holds the database: add must wait, fail
        db.execute("PRAGMA busy_timeout = 0")
        store._db.execute("PRAGMA busy_timeout = 100")  # type: ignore[union-attr]
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.add({"run_id": "r", "status": "ok"}, None)
        db.execute("ROLLBACK")
        db.close()
        assert store.statuses() == {}


class _InterruptedAt:
    """A connection that raises KeyboardInterrupt right after running a given statement."""

    def __init__(self, db: sqlite3.Connection, statement: str) -> None:
        self.db, self.statement = db, statement

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        cursor = self.db.execute(sql, *args)
        if sql.startswith(self.statement):
            raise KeyboardInterrupt
        return cursor

    def __getattr__(self, name: str) -> object:
        return getattr(self.db, name)


@pytest.mark.parametrize(("statement", "kept"), [("INSERT", False), ("COMMIT", True)])
def test_ctrl_c_inside_an_add_keeps_the_run_whole_or_not_at_all(
    tmp_path: Path, statement: str, kept: bool
) -> None:
    """Ctrl-C during the insert rolls the run back; just after the commit, the run is kept.

    Either way the interrupt reaches the caller as an interrupt (the command exits 130), not
    as "cannot rollback - no transaction is active".
    """
    with Store(tmp_path, writer=True) as store:
        real = store._db
        assert real is not None
        store._db = _InterruptedAt(real, statement)  # type: ignore[assignment]
        with pytest.raises(KeyboardInterrupt):
            store.add({"run_id": "r", "status": "ok"}, None)
        store._db = real
        assert set(store.statuses()) == ({"r"} if kept else set())
        store.add({"run_id": "s", "status": "ok"}, None)  # the store still works
        assert "s" in store.statuses()


def test_inline_executor_hands_back_exceptions() -> None:
    future = InlineExecutor().submit(int, "x")
    with pytest.raises(ValueError, match="invalid literal"):
        future.result()


def test_a_read_only_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root (CI) permissions do not bite, so the check is made to see a read-only folder.

    Checked by hand on a read-only tmpfs: `/tmp/rofs: cannot write here (read-only)`.
    """
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert experiment(tiny(tmp_path), out) == 2
    assert capsys.readouterr().err.strip() == f"{out}: cannot write here (read-only)"
