"""Plausible ranges of the uncertain parameters (``configs/uncertainty.yaml``), checked.

The file names its config (``base: baseline.yaml``) and, under ``ranges:``, maps dotted config
keys to ``[low, high]``, each with a note and source flag in a comment. An experiment names a
parameter and takes its range from here; the parameter table in the docs shows it;
``youth-sim validate`` checks the file. A range must name a numeric config value and contain it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from youth_sim.config.load import format_value, load_scenario, lookup, read_comments, read_yaml
from youth_sim.config.schema import Scenario
from youth_sim.errors import ConfigError


@dataclass(frozen=True)
class Range:
    """A parameter's plausible range and why (the comment next to it)."""

    low: float
    high: float
    note: str
    integer: bool
    """The config value is an integer (a number of months or rounds): so are its samples."""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def is_ranges_file(data: dict[str, Any]) -> bool:
    """Whether a YAML file's content is a ranges file (it has a ``ranges:`` section)."""
    return "ranges" in data


def load_ranges(path: Path, scenario: Scenario | None = None) -> dict[str, Range]:
    """The ranges in ``path``, checked against ``scenario`` (default: the file's ``base``).

    Raises
    ------
    ConfigError
        One line naming the file, the key and the value.
    """
    data = read_yaml(path)
    unknown = sorted(set(data) - {"base", "ranges"})
    if unknown:
        raise ConfigError(f"{path}: {unknown[0]}: unknown key (a ranges file has base and ranges)")
    if not isinstance(data.get("ranges"), dict):
        raise ConfigError(f"{path}: ranges: missing, or not a mapping of key: [low, high]")
    if scenario is None:
        base = data.get("base")
        if not isinstance(base, str) or not (path.parent / base).is_file():
            raise ConfigError(f"{path}: base = {format_value(base)}: config file not found")
        scenario = load_scenario(path.parent / base)
    comments = {key.removeprefix("ranges."): note for key, note in read_comments(path).items()}
    values = scenario.model_dump(mode="json", by_alias=True)
    out = {}
    for key, bounds in data["ranges"].items():
        where = f"{path}: ranges.{key} = {format_value(bounds)}"
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(map(_number, bounds))):
            raise ConfigError(f"{where}: expected [low, high], two numbers")
        low, high = bounds
        if not low < high:
            raise ConfigError(f"{where}: low must be below high")
        found, value = lookup(values, str(key).split("."))
        if not found:
            raise ConfigError(f"{where}: not a key of the config")
        if not _number(value):
            raise ConfigError(f"{where}: the config value {format_value(value)} is not a number")
        if not low <= value <= high:
            raise ConfigError(f"{where}: does not contain the config's value {value:g}")
        integer = isinstance(value, int)
        if integer and not (float(low).is_integer() and float(high).is_integer()):
            raise ConfigError(f"{where}: the config value is a whole number; so must the bounds be")
        out[str(key)] = Range(float(low), float(high), comments.get(str(key), ""), integer)
    return out
