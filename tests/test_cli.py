"""The ``youth-sim run`` command: its files, their columns, and byte-for-byte determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from youth_sim import __version__
from youth_sim.cli import main
from youth_sim.contract import INDICATOR_NAMES
from youth_sim.tables import MIGRATION_COLUMNS, MOVES_COLUMNS, OD_COLUMNS, ZONE_COLUMNS

from .conftest import BASELINE

ARGS = ["--scale", "0.02", "--years", "2", "--quiet"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", str(BASELINE), *ARGS, "--seed", "5", "--out", str(out)]) == 0
    return out


def test_run_writes_the_documented_files(run_dir: Path) -> None:
    metrics = pd.read_csv(run_dir / "metrics.csv")
    assert list(metrics.columns) == ["step", "year", *INDICATOR_NAMES]
    assert list(metrics["step"]) == list(range(25))
    assert metrics["year"].iloc[12] == 1.0
    zones = pd.read_csv(run_dir / "zones.csv")
    assert list(zones.columns) == list(ZONE_COLUMNS)
    assert sorted(zones["year"].unique()) == [0, 1, 2]
    assert set(zones["kind"]) == {"city", "town", "rural", "outside"}
    assert "Enschede" in set(zones["zone"])
    od = pd.read_csv(run_dir / "od.csv")
    assert list(od.columns) == list(OD_COLUMNS)
    assert set(od["education"]) == {"vocational", "knowledge"}
    assert (od["count"] > 0).all()
    migration = pd.read_csv(run_dir / "migration.csv")
    assert list(migration.columns) == list(MIGRATION_COLUMNS)
    moves = pd.read_csv(run_dir / "moves.csv")
    assert list(moves.columns) == list(MOVES_COLUMNS)
    assert set(moves["age_band"]) <= {"18-22", "23-29", "30-34"}
    assert (moves["from_zone"] != moves["to_zone"]).all()
    assert (moves["count"] > 0).all()
    # The province totals of moves.csv are migration.csv's, year by year.
    kinds = zones[zones["year"] == 0].set_index("zone")["kind"]
    out_of = moves[(moves["from_zone"].map(kinds) != "outside")
                   & (moves["to_zone"].map(kinds) == "outside")]  # fmt: skip
    into = moves[(moves["from_zone"].map(kinds) == "outside")
                 & (moves["to_zone"].map(kinds) != "outside")]  # fmt: skip
    by_year = migration.groupby("year")
    pd.testing.assert_series_equal(
        out_of.groupby("year")["count"].sum(), by_year["moved_out"].sum(), check_names=False
    )
    pd.testing.assert_series_equal(
        into.groupby("year")["count"].sum(), by_year["moved_in"].sum(), check_names=False
    )
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 5
    assert manifest["config"]["run"]["scale"] == 0.02
    assert {"youth_sim_version", "git_commit", "wall_time_s", "config"} <= set(manifest)


def test_counts_are_persons_not_agents(run_dir: Path) -> None:
    # At scale 0.02 one agent stands for 50 people: employed persons in od.csv match the
    # employed residents in zones.csv, and the population of Overijssel at the start (after
    # the warm-up) is near the CBS size (246,000), not 2% of it.
    zones = pd.read_csv(run_dir / "zones.csv")
    start = zones[(zones["year"] == 0) & (zones["kind"] != "outside")]
    total = (start["residents_vocational"] + start["residents_knowledge"]).sum()
    assert 230_000 < total < 270_000
    od = pd.read_csv(run_dir / "od.csv")
    end = zones[zones["year"] == 2]
    employed = (end["employed_residents_vocational"] + end["employed_residents_knowledge"]).sum()
    assert od["count"].sum() == pytest.approx(employed, rel=1e-6)


def test_final_table_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(BASELINE), *ARGS, "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    for name in INDICATOR_NAMES:
        assert name in out
    assert str(tmp_path / "o") in out


def test_same_seed_same_files_byte_for_byte(tmp_path: Path, run_dir: Path) -> None:
    again = tmp_path / "again"
    assert main(["run", str(BASELINE), *ARGS, "--seed", "5", "--out", str(again)]) == 0
    for name in ("metrics.csv", "zones.csv", "od.csv", "migration.csv", "moves.csv"):
        assert (again / name).read_bytes() == (run_dir / name).read_bytes(), name
    first = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    for varies in ("wall_time_s", "created"):  # when and how fast, not what
        first.pop(varies)
        second.pop(varies)
    assert first == second


def test_another_seed_gives_other_results(tmp_path: Path, run_dir: Path) -> None:
    other = tmp_path / "other"
    assert main(["run", str(BASELINE), *ARGS, "--seed", "6", "--out", str(other)]) == 0
    assert (other / "metrics.csv").read_bytes() != (run_dir / "metrics.csv").read_bytes()


def test_python_m_entry_point_and_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--scale", "2", r"^--scale = 2\.0: input should be less than or equal to 1$"),
        ("--years", "0", r"^--years = 0: input should be greater than or equal to 1$"),
        ("--seed", "-1", r"^--seed = -1: input should be greater than or equal to 0$"),
    ],
)
def test_bad_flags_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, message: str
) -> None:
    assert main(["run", str(BASELINE), flag, value, "--quiet", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert re.match(message, err), err


def test_version_help_and_bare_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"youth-sim {__version__}"
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "young people in Overijssel" in text  # written for users, not a module docstring
    assert "argument parsing" not in text
    for command in ("run", "validate", "experiment", "summarize", "charts", "report"):
        assert f"\n    {command}" in text, command
    assert main([]) == 2  # bare: the same help, and a usage exit code
    assert "typical use:" in capsys.readouterr().out


def test_validate_and_help_do_not_import_the_heavy_libraries() -> None:
    """``validate`` and ``--help`` stay quick: no Mesa (scipy, networkx), pandas or pyarrow.

    Issue 11 asks for both under half a second; these imports are most of a second. Nothing is
    timed: the test checks which modules a fresh process loaded.
    """
    import subprocess
    import sys

    heavy = ("mesa", "pandas", "scipy", "networkx", "pyarrow", "matplotlib")
    probe = (
        "import sys, contextlib, io\n"
        "from youth_sim.cli import main\n"
        "for argv in (['validate', sys.argv[1]], ['--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(argv)\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(BASELINE)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
