"""The generated files: their CSV text, the stale check and writing them."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from tools.geobuild.raw import DATA_DIR, load_raw
from tools.geobuild.travel import build_travel_network, build_travel_times
from tools.geobuild.zones import ZONE_COLUMNS

OUTPUT_FILES: tuple[str, ...] = ("zones.csv", "travel_times.csv")


def render_zones(zones: pd.DataFrame) -> str:
    """Format the zone table as CSV text.

    Parameters
    ----------
    zones
        Zone table from ``build_zones``.

    Returns
    -------
    str
        CSV text (UTF-8, newline line ends).
    """
    z = zones.copy()
    for c in ("lat", "lon"):
        z[c] = [f"{v:.4f}" for v in z[c].astype(float)]
    z["area_km2"] = [f"{v:.1f}" for v in z["area_km2"].astype(float)]
    z["amenity"] = [f"{np.round(v, 4):.4f}" for v in zones["amenity"].astype(float)]
    for c in ("young_knowledge_share", "jobs_knowledge_share", "jobs_growth_per_year"):
        z[c] = [f"{v:.3f}" for v in z[c].astype(float)]
    for c in ("pop_total", "pop_15_19", "pop_20_24", "pop_25_29", "pop_30_34", "jobs",
              "housing_cost_eur_month", "campus_intake_per_year"):  # fmt: skip
        z[c] = [str(int(v)) for v in z[c]]
    return _to_csv(z)


def render_travel_times(tt: pd.DataFrame) -> str:
    """Format the travel-time table as CSV text.

    Parameters
    ----------
    tt
        Table from ``build_travel_times``.

    Returns
    -------
    str
        CSV text (UTF-8, newline line ends).
    """
    t = tt.copy()
    for c in ("minutes", "in_vehicle_min", "access_egress_min", "wait_min", "distance_km"):
        t[c] = [f"{v:.1f}" for v in t[c].astype(float)]
    return _to_csv(t)


def _to_csv(df: pd.DataFrame) -> str:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def build_outputs(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Build the text of every generated file.

    Parameters
    ----------
    data_dir
        The ``youth_sim/data`` directory.

    Returns
    -------
    dict
        File name (``zones.csv``, ``travel_times.csv``) -> CSV text.

    Raises
    ------
    ValueError
        If an output cell names a source key that ``sources.csv`` does not define.
    """
    raw = load_raw(data_dir)
    net = build_travel_network(raw)
    tt = build_travel_times(net, raw)
    cells = [net.zones[c] for c in ZONE_COLUMNS if c.endswith("_source")] + [tt["source"]]
    used = {k for col in cells for cell in col for k in str(cell).split(";")}
    unknown = sorted(used - set(raw.source_kinds))
    if unknown:
        raise ValueError(f"source keys missing from sources.csv: {', '.join(unknown)}")
    return {"zones.csv": render_zones(net.zones), "travel_times.csv": render_travel_times(tt)}


def stale_files(data_dir: Path = DATA_DIR) -> list[str]:
    """List generated files whose shipped text differs from what the builder writes.

    Parameters
    ----------
    data_dir
        The ``youth_sim/data`` directory.

    Returns
    -------
    list of str
        Names of missing or different files (empty when everything is current).
    """
    stale = []
    for name, text in build_outputs(data_dir).items():
        path = data_dir / name
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            stale.append(name)
    return stale


def write_outputs(data_dir: Path = DATA_DIR) -> None:
    """Write the generated files.

    Parameters
    ----------
    data_dir
        The ``youth_sim/data`` directory.
    """
    for name, text in build_outputs(data_dir).items():
        (data_dir / name).write_bytes(text.encode("utf-8"))
