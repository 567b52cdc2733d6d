"""Writing files: the one atomic-write helper, a run's outputs, and every manifest.

Every file youth_sim writes goes through :func:`atomic_write`: to a temporary name, synced,
renamed, the folder synced, so a reader never sees half a file and a crash leaves the old file
or the new one. A run's CSV formatting is fixed (``%.10g`` floats, counts rounded to whole
persons), so the same run gives the same bytes.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from youth_sim.version import __version__

COUNT_DECIMALS = 1
"""Counts in persons are agents / scale; rounded to this many decimals in the CSVs."""


def atomic_write(
    path: Path,
    write: Callable[[Path], object],
    before_rename: Callable[[], object] | None = None,
) -> None:
    """Make ``path`` by ``write(tmp)`` on a temporary name, sync it, and rename it into place.

    ``before_rename`` runs between the two (a test hook: the fault-injection tests die there).
    The folder is created if needed and synced after the rename, so the rename survives a
    power loss too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    if before_rename is not None:
        before_rename()
    tmp.replace(path)
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 with :func:`atomic_write` (never half a file)."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as UTF-8 CSV with fixed float formatting, atomically."""
    atomic_write_text(path, table.to_csv(index=False, float_format="%.10g", lineterminator="\n"))


def _round_counts(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = table.copy()
    for column in columns:
        out[column] = np.round(out[column].astype(float), COUNT_DECIMALS)
    return out


def _git(*args: str) -> str:
    """Output of a git command run in the package's folder (raises if git fails)."""
    return subprocess.run(
        ["git", *args],
        cwd=Path(__file__).resolve().parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=5,
    ).stdout.strip()


def git_commit() -> str | None:
    """The git commit of the package source, with ``-dirty`` if modified; None if unknown."""
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def write_run(
    out_dir: Path,
    metrics: pd.DataFrame,
    zones: pd.DataFrame,
    od: pd.DataFrame,
    migration: pd.DataFrame,
    moves: pd.DataFrame,
    manifest: dict[str, Any],
) -> None:
    """Write the output files of one run into ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(metrics, out_dir / "metrics.csv")
    count_columns = [c for c in zones.columns if c not in ("year", "zone", "kind", "housing_cost")]
    write_csv(_round_counts(zones, count_columns), out_dir / "zones.csv")
    write_csv(_round_counts(od, ["count"]), out_dir / "od.csv")
    write_csv(
        _round_counts(migration, ["moved_out", "moved_in", "net_outflow"]),
        out_dir / "migration.csv",
    )
    write_csv(_round_counts(moves, ["count"]), out_dir / "moves.csv")
    atomic_write_text(
        out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )


def manifest(**content: Any) -> dict[str, Any]:
    """Provenance shared by every output folder, followed by ``content``.

    The package version and git commit, the versions of Python, Mesa, numpy and pandas, and
    the time written (UTC); then what the caller adds: for a run its resolved config, seed and
    wall time, for an experiment the resolved experiment and the planned runs.
    """
    import mesa

    return {
        "youth_sim_version": __version__,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **content,
    }
