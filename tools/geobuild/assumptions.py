"""The builder's estimation assumptions, read once from ``assumptions.yaml``.

Every tuning value of the build (zone-kind rule, housing scaling, shares and growth by zone
kind, amenity bonus, intrazonal, car, bike and bus speeds, PT transfer, access and wait minutes,
rail-line solve weights) lives in ``tools/geobuild/assumptions.yaml``, each with its unit and
source or the flag ``assumption``. :data:`ASSUMPTIONS` holds them as a frozen, typed object; a
missing or malformed entry fails at import with the file and key in the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from tools.geobuild.sources import SOURCE_KINDS

ASSUMPTIONS_FILE = Path(__file__).with_name("assumptions.yaml")
ZONE_KINDS: tuple[str, ...] = ("city", "town", "rural", "outside")
PT_CLASSES: tuple[str, ...] = ("city", "town", "rural", "busonly", "outside")
ENTRY_FIELDS: tuple[str, ...] = ("value", "unit", "source", "note")

# What each key of the file holds: a scalar type, or a table of floats with these keys.
SPEC: dict[str, str | tuple[str, ...]] = {
    "city_zones": "names",
    "town_min_pop": "int",
    "housing_scale_base": "str",
    "housing_price_exponent": "float",
    "young_knowledge_share": ZONE_KINDS,
    "jobs_knowledge_share": ZONE_KINDS,
    "jobs_growth_per_year": ZONE_KINDS,
    "amenity_campus_bonus": "float",
    "intra_dist_factor": "float",
    "intra_detour": "float",
    "intra_car_speed_kmh": ZONE_KINDS,
    "intra_bus_speed_kmh": ZONE_KINDS,
    "car_access_min": "float",
    "bike_speed_kmh": "float",
    "bike_access_min": "float",
    "bus_detour": "float",
    "bus_speed_kmh": "float",
    "transfer_penalty_min": "float",
    "line_solve_weight": SOURCE_KINDS,
    "bridge_weight": "float",
    "pt_access_per_end_min": PT_CLASSES,
    "pt_headway_min": PT_CLASSES,
    "pt_local_headway_min": PT_CLASSES,
    "pt_local_access_per_end_min": "float",
    "pt_wait_cap_min": "float",
}


class AssumptionsError(ValueError):
    """An assumptions file with a missing, unknown or malformed entry."""


@dataclass(frozen=True)
class Assumptions:
    """The estimation assumptions (units and sources: ``assumptions.yaml``).

    Attributes
    ----------
    city_zones, town_min_pop
        Municipalities that are cities; population from which another one is a town.
    housing_scale_base, housing_price_exponent
        Zone whose rent is scaled by relative sale prices, and the exponent of the scaling.
    young_knowledge_share, jobs_knowledge_share, jobs_growth_per_year
        Shares and growth by zone kind.
    amenity_campus_bonus
        Added to ln(population) where the zone hosts a campus.
    intra_dist_factor, intra_detour, intra_car_speed_kmh, intra_bus_speed_kmh
        Intrazonal trip length, detour and speeds (by zone kind).
    car_access_min, bike_speed_kmh, bike_access_min, bus_detour, bus_speed_kmh
        Car, bike and bus-link constants.
    transfer_penalty_min, line_solve_weight, bridge_weight
        PT network: transfer penalty and rail-line least-squares weights (by source kind).
    pt_access_per_end_min, pt_headway_min, pt_local_headway_min
        PT door to door, by PT class.
    pt_local_access_per_end_min, pt_wait_cap_min
        Access per end of intrazonal PT; cap on the initial wait.
    """

    city_zones: tuple[str, ...]
    town_min_pop: int
    housing_scale_base: str
    housing_price_exponent: float
    young_knowledge_share: Mapping[str, float]
    jobs_knowledge_share: Mapping[str, float]
    jobs_growth_per_year: Mapping[str, float]
    amenity_campus_bonus: float
    intra_dist_factor: float
    intra_detour: float
    intra_car_speed_kmh: Mapping[str, float]
    intra_bus_speed_kmh: Mapping[str, float]
    car_access_min: float
    bike_speed_kmh: float
    bike_access_min: float
    bus_detour: float
    bus_speed_kmh: float
    transfer_penalty_min: float
    line_solve_weight: Mapping[str, float]
    bridge_weight: float
    pt_access_per_end_min: Mapping[str, float]
    pt_headway_min: Mapping[str, float]
    pt_local_headway_min: Mapping[str, float]
    pt_local_access_per_end_min: float
    pt_wait_cap_min: float


def _mapping(path: Path, key: str, node: object) -> dict[str, Any]:
    """Return ``node`` if it is a mapping, else raise naming the key."""
    if not isinstance(node, dict):
        raise AssumptionsError(f"{path}: {key} must be a mapping")
    return node


def _check_keys(path: Path, prefix: str, node: dict[str, Any], expected: tuple[str, ...]) -> None:
    """Raise on the first missing or unknown key of a mapping."""
    for name in expected:
        if name not in node:
            raise AssumptionsError(f"{path}: missing key {prefix}{name}")
    unknown = sorted(set(node) - set(expected))
    if unknown:
        raise AssumptionsError(f"{path}: unknown key {prefix}{unknown[0]}")


def _entry_value(
    path: Path, key: str, node: object, kind: str
) -> int | float | str | tuple[str, ...]:
    """Check one entry (value, unit, source, note) and return its value converted to ``kind``."""
    entry = _mapping(path, key, node)
    _check_keys(path, f"{key}.", entry, ENTRY_FIELDS)
    for name in ENTRY_FIELDS[1:]:
        text = entry[name]
        if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
            raise AssumptionsError(f"{path}: {key}.{name} must be one non-empty line of text")
    value = entry["value"]
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind == "str" and isinstance(value, str) and value:
        return value
    if kind == "names" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise AssumptionsError(f"{path}: {key}.value must be of type {kind}, got {value!r}")


def load_assumptions(path: Path = ASSUMPTIONS_FILE) -> Assumptions:
    """Read and check an assumptions file.

    Parameters
    ----------
    path
        The YAML file (default: ``tools/geobuild/assumptions.yaml``).

    Returns
    -------
    Assumptions
        The values, tables as read-only mappings.

    Raises
    ------
    AssumptionsError
        If a key or an entry's field is missing or unknown, or a value has the wrong type; the
        message names the file and the key.
    """
    with path.open(encoding="utf-8") as f:
        data = _mapping(path, "the file", yaml.safe_load(f))
    _check_keys(path, "", data, tuple(SPEC))
    values: dict[str, Any] = {}
    for key, kind in SPEC.items():
        if isinstance(kind, str):
            values[key] = _entry_value(path, key, data[key], kind)
            continue
        table = _mapping(path, key, data[key])
        _check_keys(path, f"{key}.", table, kind)
        values[key] = MappingProxyType(
            {name: _entry_value(path, f"{key}.{name}", table[name], "float") for name in kind}
        )
    return Assumptions(**values)


ASSUMPTIONS: Assumptions = load_assumptions()
