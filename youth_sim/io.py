"""Write a run's outputs: metrics.csv, zones.csv, od.csv and manifest.json.

Files are written to a temporary name and renamed, so a reader never sees half a file. The
CSV formatting is fixed (``%.10g`` floats, counts rounded to whole persons), so the same run
gives the same bytes.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from youth_sim import __version__

COUNT_DECIMALS = 1
"""Counts in persons are agents / scale; rounded to this many decimals in the CSVs."""


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


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
    atomic_write_text(
        out_dir / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )


def manifest(
    config: dict[str, Any],
    seed: int,
    wall_time_s: float,
    data_files: dict[str, str],
    policy_cost_eur: float | None = None,
) -> dict[str, Any]:
    """Provenance of a run: resolved config, seed, versions, git commit, wall time."""
    import mesa

    return {
        "youth_sim_version": __version__,
        "git_commit": git_commit(),
        "seed": seed,
        "config": config,
        "policy_cost_eur": policy_cost_eur,
        "data_files": data_files,
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "wall_time_s": round(wall_time_s, 3),
    }
