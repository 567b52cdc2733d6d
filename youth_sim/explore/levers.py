"""Policy levers in plain words, and the scenario they make (issue 14, the explore page's core).

An adviser in the room asks "what if the train to Twente is 20 minutes faster, what if the
towns get 2,000 homes for young people". Each :class:`Lever` is one such question: a plain
name in Dutch and English (``charts.labels.LEVERS``), a range, and the policy it becomes.
:func:`policies` turns lever values into the policies of a scenario, :func:`scenario` adds
them to a base scenario's own, and :func:`scenario_yaml` writes them as a scenario file that
``youth-sim run`` accepts (``extends: baseline.yaml`` and the policies), so what is explored can
be kept and rerun. Costs are left out: a lever's size has no sourced price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from youth_sim.config.schema import Scenario

TOWNS = ("Hardenberg", "Twenterand", "Hof van Twente", "Steenwijkerland", "Rijssen-Holten")
"""Where the homes lever builds, in equal parts (as ``configs/place_based.yaml``)."""


@dataclass(frozen=True)
class Lever:
    """One question an adviser can ask, as a control: its range, step and default (off)."""

    key: str
    low: float
    high: float
    step: float
    default: float = 0.0


LEVERS: tuple[Lever, ...] = (
    Lever("rail_twente_minutes", 0, 40, 5),
    Lever("regional_pt_wait_cut", 0, 0.6, 0.1),
    Lever("feeder_faster", 0, 0.4, 0.05),
    Lever("homes_in_towns", 0, 10000, 500),
    Lever("amenity_towns_sd", 0, 1.0, 0.1),
    Lever("rent_support_eur", 0, 150, 10),
    Lever("start_year", 2022, 2030, 1, default=2024),
)
"""The levers of the explore page, in the order shown; every one but the start year is off at 0."""

BY_KEY = {lever.key: lever for lever in LEVERS}
LEVER_SUFFIX = " (lever)"
"""Ends every lever policy's name: names must be unique in a scenario, and the presets'
policies, which the levers come on top of, have names of their own."""


def _checked(values: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(values) - set(BY_KEY))
    if unknown:
        raise ValueError(f"unknown lever {unknown[0]!r}; levers: {', '.join(BY_KEY)}")
    out = {lever.key: float(values.get(lever.key, lever.default)) for lever in LEVERS}
    for key, value in out.items():
        lever = BY_KEY[key]
        if not lever.low <= value <= lever.high:
            raise ValueError(f"lever {key} = {value:g}: outside {lever.low:g}-{lever.high:g}")
    return out


def policies(values: Mapping[str, float]) -> list[dict[str, Any]]:
    """The policies (as a scenario file writes them) that the levers at ``values`` make.

    A lever at 0 makes no policy; all start in the ``start_year`` lever's year, phased in over
    two years.
    """
    v = _checked(values)
    start = int(v["start_year"])
    timing = {"start_year": start, "ramp_years": 2}
    out: list[dict[str, Any]] = []
    if v["rail_twente_minutes"] > 0:
        out.append({
            "type": "travel_time", "name": "faster train Randstad-Twente", "mode": "pt",
            "where": {"between": {"from": ["Randstad"], "to": ["region:Twente"]}},
            "minutes_saved": v["rail_twente_minutes"], "propagate": False, **timing,
        })  # fmt: skip
    if v["regional_pt_wait_cut"] > 0:
        out.append({
            "type": "frequency", "name": "more frequent regional PT",
            "where": {"zones": ["inside"]}, "wait_factor": round(1 - v["regional_pt_wait_cut"], 4),
            **timing,
        })  # fmt: skip
    if v["feeder_faster"] > 0:
        out.append({
            "type": "feeder", "name": "fine-meshed PT from the cities", "cities": ["kind:city"],
            "within_km": 35, "factor": round(1 - v["feeder_faster"], 4), **timing,
        })  # fmt: skip
    if v["homes_in_towns"] > 0:
        each = round(v["homes_in_towns"] / len(TOWNS))
        out.append({
            "type": "housing", "name": "homes for young people in towns",
            "homes": dict.fromkeys(TOWNS, each), "young_share": 1.0, **timing,
        })  # fmt: skip
    if v["amenity_towns_sd"] > 0:
        out.append({
            "type": "amenity", "name": "amenities in towns and villages",
            "zones": ["kind:town", "kind:rural"], "delta_sd": v["amenity_towns_sd"], **timing,
        })  # fmt: skip
    if v["rent_support_eur"] > 0:
        out.append({
            "type": "rent_support", "name": "rent support outside the cities",
            "zones": ["kind:town", "kind:rural"], "eur_per_month": v["rent_support_eur"],
            "start_year": start, "ramp_years": 0,
        })  # fmt: skip
    for policy in out:  # apart from the presets' own (place_based has a "rent support ...")
        policy["name"] += LEVER_SUFFIX
    return out


def _on_top(base: Scenario | None, values: Mapping[str, float]) -> list[dict[str, Any]]:
    """``base``'s own policies (as a file writes them), then the levers'."""
    kept = [
        p.model_dump(mode="json", by_alias=True, exclude_none=True)
        for p in (base.policies if base is not None else [])
    ]
    return kept + policies(values)


def scenario(base: Scenario, values: Mapping[str, float]) -> Scenario:
    """``base`` with the levers' policies on top of its own, validated like a file."""
    from youth_sim.config.load import with_overrides

    return with_overrides(base, {"policies": _on_top(base, values)}, where="levers")


def scenario_yaml(
    values: Mapping[str, float], extends: str = "baseline.yaml", base: Scenario | None = None
) -> str:
    """A scenario file for the levers at ``values``: what ``youth-sim run`` accepts.

    ``base``, the scenario ``extends`` names, gives its policies too: a file's ``policies``
    list replaces the one it extends, so they are written out with the levers'.
    """
    v = _checked(values)
    header = (
        "# Made on the explore page (youth-sim explore) from these levers:\n"
        + "".join(f"#   {key}: {value:g}\n" for key, value in v.items())
        + "# Lever sizes are what the user set [A]; costs are not included.\n"
    )
    body = yaml.safe_dump({"extends": extends, "policies": _on_top(base, v)}, sort_keys=False,
                          allow_unicode=True)  # fmt: skip
    return header + body
