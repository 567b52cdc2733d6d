"""The hand-entered inputs: the tables in ``youth_sim/data/raw/`` and the source registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "youth_sim" / "data"


@dataclass
class RawData:
    """Hand-entered inputs read from ``youth_sim/data/raw`` and the source registry.

    Attributes
    ----------
    municipalities, outside, institutions, housing, house_prices, car, rail_lines, rail_links, bus
        One DataFrame per raw CSV file.
    source_kinds
        Map from source key to its kind (sourced, derived, recalled, assumption).
    """

    municipalities: pd.DataFrame
    outside: pd.DataFrame
    institutions: pd.DataFrame
    housing: pd.DataFrame
    house_prices: pd.DataFrame
    car: pd.DataFrame
    rail_lines: pd.DataFrame
    rail_links: pd.DataFrame
    bus: pd.DataFrame
    source_kinds: dict[str, str]


def _read(path: Path) -> pd.DataFrame:
    """Read a CSV file with empty cells as empty strings where the column is text."""
    return pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])


def load_raw(data_dir: Path = DATA_DIR) -> RawData:
    """Read every raw input file and the source registry.

    Parameters
    ----------
    data_dir
        The ``youth_sim/data`` directory (holding ``sources.csv`` and ``raw/``).

    Returns
    -------
    RawData
        The parsed inputs.
    """
    raw = data_dir / "raw"
    sources = _read(data_dir / "sources.csv")
    return RawData(
        municipalities=_read(raw / "municipalities.csv"),
        outside=_read(raw / "outside_zones.csv"),
        institutions=_read(raw / "institutions.csv"),
        housing=_read(raw / "housing_costs.csv"),
        house_prices=_read(raw / "house_prices.csv"),
        car=_read(raw / "car_times.csv"),
        rail_lines=_read(raw / "rail_lines.csv"),
        rail_links=_read(raw / "rail_links.csv"),
        bus=_read(raw / "bus_links.csv"),
        source_kinds=dict(zip(sources["key"], sources["kind"], strict=True)),
    )
