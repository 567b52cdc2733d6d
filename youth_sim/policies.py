"""Policy levers: pure transforms of the base geography and zone terms, month by month.

Each month the model asks :func:`effects` what the scenario's policies amount to at that
moment: a policy contributes nothing before its start year, then a share that grows linearly
over ``ramp_years`` (times its ``intensity``). Travel-time levers rewrite copies of the base
travel-time arrays; the others give per-zone amounts (amenity, rent support, extra job growth,
homes built) and commuting-cost factors. Nothing here reads files or draws random numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from youth_sim import spatial
from youth_sim.config.policy import (
    Amenity,
    CommuteSubsidy,
    Corridor,
    Feeder,
    Frequency,
    Jobs,
    NewHomes,
    Policy,
    RentSupport,
    TravelTime,
)
from youth_sim.config.schema import Scenario
from youth_sim.geography import KIND_NAMES, Geography, Kind, Mode

MODES = {"car": Mode.CAR, "pt": Mode.PT, "bike": Mode.BIKE}


def label(index: int, policy: Policy) -> str:
    """How error messages name a policy: ``policies[2] (Vechtdal half-hourly)``."""
    return f"policies[{index}] ({policy.name})"


def zones_of(ref: str, geo: Geography) -> np.ndarray:
    """Zone indices named by a reference: a zone name or a group (see ``config.policy``).

    Raises
    ------
    KeyError
        With a readable reason, when the reference names nothing.
    """
    if ref in geo.names:
        return np.array([geo.index(ref)])
    if ref == "all":
        return np.arange(geo.n_zones)
    if ref == "inside":
        return np.flatnonzero(geo.inside)
    if ref == "outside":
        return np.flatnonzero(~geo.inside)
    if ref.startswith("kind:") and ref[5:] in KIND_NAMES.values():
        return np.flatnonzero(np.array([KIND_NAMES[Kind(k)] for k in geo.kind]) == ref[5:])
    if ref.startswith("region:") and ref[7:] in geo.region:
        return np.flatnonzero(np.array(geo.region) == ref[7:])
    raise KeyError(
        f"{ref!r} is not a zone or group (zones by CBS name; groups: kind:city, kind:town, "
        f"kind:rural, kind:outside, region:<{'|'.join(sorted(set(geo.region)))}>, inside, "
        f"outside, all)"
    )


def _group(refs: list[str], geo: Geography) -> np.ndarray:
    return np.unique(np.concatenate([zones_of(ref, geo) for ref in refs]))


def crow_km(geo: Geography) -> np.ndarray:
    """(Z, Z) great-circle km between zone points."""
    return spatial.crow_km(geo.lat, geo.lon)


def corridor(where: Corridor, geo: Geography) -> np.ndarray:
    """(Z, Z) share of the stated change each trip gets: 1 on the corridor, 0 elsewhere.

    On a ``line`` a pair gets its share of the line's length (distance along the line between
    the two zones / the whole line), so minutes saved end to end are shared out by distance;
    a factor applies in full (share > 0 counts as on the line). Symmetric.
    """
    n = geo.n_zones
    share = np.zeros((n, n))
    if where.everywhere:
        share[:] = 1.0
    elif where.pairs is not None:
        for a, b in where.pairs:
            share[zones_of(a, geo)[:, None], zones_of(b, geo)[None, :]] = 1.0
    elif where.between is not None:
        share[np.ix_(_group(where.between.from_, geo), _group(where.between.to, geo))] = 1.0
    elif where.zones is not None:
        members = _group(where.zones, geo)
        share[members[:, None], members[None, :]] = 1.0
    elif where.line is not None:
        stops = [int(zones_of(ref, geo)[0]) for ref in where.line]
        km = crow_km(geo)
        along = np.concatenate(([0.0], np.cumsum([km[a, b] for a, b in pairwise(stops)])))
        total = along[-1] if along[-1] > 0 else 1.0
        # Every pair of stops: its distance along the line / the length of the line.
        share[np.ix_(stops, stops)] = np.abs(along[:, None] - along[None, :]) / total
    return np.maximum(share, share.T)


def strength(policy: Policy, step: int, run_start_year: int) -> float:
    """Share of the policy in force in month ``step`` (1 = the first month of the run).

    0 before ``start_year``; then rising by ``1 / (12 x ramp_years)`` a month from the first
    month (all at once when the ramp is 0); times ``intensity``.
    """
    months_in = step - 1 - (policy.start_year - run_start_year) * 12
    if step <= 0 or months_in < 0:
        return 0.0
    ramp = 1.0 if policy.ramp_years == 0 else min(1.0, (months_in + 1) / (12 * policy.ramp_years))
    return ramp * policy.intensity


@dataclass
class Effects:
    """What the scenario's policies amount to in one month (all relative to the base)."""

    in_vehicle_min: np.ndarray
    access_egress_min: np.ndarray
    wait_min: np.ndarray
    amenity_delta: np.ndarray
    """(Z,) sd units added to the amenity index."""
    rent_support_eur_month: np.ndarray
    """(Z,) housing-cost support for young residents."""
    extra_job_growth: np.ndarray
    """(Z, 2) annual job growth added, per level."""
    homes_persons: np.ndarray
    """(Z,) young people housed in homes built by policies so far (persons)."""
    cost_per_km_factor: float
    time_cost_factor: float
    key: tuple[float, ...]
    """Strength of every policy this month: equal keys mean equal effects."""


def effects(base: Geography, scenario: Scenario, step: int, transfer_penalty_min: float) -> Effects:
    """The combined effect of all policies in month ``step``, applied in the listed order."""
    n = base.n_zones
    parts = {
        "in_vehicle_min": base.in_vehicle_min.copy(),
        "access_egress_min": base.access_egress_min.copy(),
        "wait_min": base.wait_min.copy(),
    }
    out = Effects(
        **parts,
        amenity_delta=np.zeros(n),
        rent_support_eur_month=np.zeros(n),
        extra_job_growth=np.zeros((n, 2)),
        homes_persons=np.zeros(n),
        cost_per_km_factor=1.0,
        time_cost_factor=1.0,
        key=(),
    )
    propagate: set[Mode] = set()
    key = []
    for policy in scenario.policies:
        w = strength(policy, step, scenario.run.start_year)
        key.append(w)
        if w == 0.0:
            continue
        _apply(policy, w, base, out, scenario, propagate)
    for mode in sorted(propagate):
        penalty = transfer_penalty_min if mode == Mode.PT else 0.0
        out.in_vehicle_min[mode] = shortest_paths(out.in_vehicle_min[mode], penalty)
    out.key = tuple(key)
    return out


def _apply(
    policy: Policy,
    w: float,
    base: Geography,
    out: Effects,
    scenario: Scenario,
    propagate: set[Mode],
) -> None:
    """Add one policy at strength ``w`` to ``out`` (mutated)."""
    match policy:
        case TravelTime():
            mode = MODES[policy.mode]
            share = corridor(policy.where, base)
            on = share > 0
            if policy.factor is not None:
                out.in_vehicle_min[mode][on] *= 1.0 - w * (1.0 - policy.factor)
            else:
                saving = w * float(policy.minutes_saved or 0.0) * share
                out.in_vehicle_min[mode] = np.maximum(out.in_vehicle_min[mode] - saving, 0.0)
            if policy.propagate:
                propagate.add(mode)
        case Frequency():
            on = corridor(policy.where, base) > 0
            out.wait_min[Mode.PT][on] *= 1.0 - w * (1.0 - policy.wait_factor)
        case Feeder():
            near = crow_km(base) <= policy.within_km
            cities = _group(policy.cities, base)
            on = np.zeros_like(near)
            on[cities, :] = near[cities, :]
            on |= on.T
            np.fill_diagonal(on, False)
            factor = 1.0 - w * (1.0 - policy.factor)
            for part in (out.in_vehicle_min, out.access_egress_min, out.wait_min):
                part[Mode.PT][on] *= factor
        case CommuteSubsidy():
            out.cost_per_km_factor *= 1.0 - w * (1.0 - policy.cost_per_km_factor)
            out.time_cost_factor *= 1.0 - w * (1.0 - policy.time_cost_factor)
        case Amenity():
            out.amenity_delta[_group(policy.zones, base)] += w * policy.delta_sd
        case NewHomes():
            per_home = policy.young_share * scenario.housing.young_persons_per_dwelling
            for zone, homes in policy.homes.items():
                out.homes_persons[base.index(zone)] += w * homes * per_home
        case RentSupport():
            out.rent_support_eur_month[_group(policy.zones, base)] += w * policy.eur_per_month
        case Jobs():
            levels = {"vocational": [0], "knowledge": [1], "both": [0, 1]}[policy.level]
            zones = _group(policy.zones, base)
            out.extra_job_growth[np.ix_(zones, levels)] += w * policy.extra_growth_per_year


def shortest_paths(minutes: np.ndarray, transfer_min: float) -> np.ndarray:
    """Shortest trips between zones through intermediate zones (Floyd-Warshall), (Z, Z).

    A trip via zone k costs ``minutes[i, k] + transfer_min + minutes[k, j]``; trips within a
    zone are left as they are.
    """
    out = minutes.copy()
    n = len(out)
    diagonal = np.diag(out).copy()
    for k in range(n):
        via = out[:, k, None] + transfer_min + out[None, k, :]
        np.minimum(out, via, out=out)
    out[np.arange(n), np.arange(n)] = diagonal
    return out


def total_cost_eur(scenario: Scenario) -> float | None:
    """Sum of the policies' stated costs (None when no policy states one)."""
    costs = [p.cost_eur for p in scenario.policies if p.cost_eur is not None]
    return float(sum(costs)) if costs else None
