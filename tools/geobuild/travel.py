"""Travel times: the unrounded matrices of every zone pair, and the long table by mode."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.geobuild.assumptions import ASSUMPTIONS
from tools.geobuild.fits import (
    LinearFit,
    car_fit,
    pair_means,
    rail_fit,
    road_detour_fit,
)
from tools.geobuild.lines import Line, build_lines
from tools.geobuild.network import pt_class, pt_network
from tools.geobuild.raw import RawData
from tools.geobuild.sources import join_keys
from tools.geobuild.zones import build_zones
from youth_sim.spatial import crow_km

MODES: tuple[str, ...] = ("car", "pt", "bike")
TT_COLUMNS: tuple[str, ...] = (
    "origin", "destination", "mode", "minutes", "in_vehicle_min", "access_egress_min",
    "wait_min", "distance_km", "source",
)  # fmt: skip


@dataclass
class TravelNetwork:
    """Zones and the unrounded matrices (per zone pair) the travel-time table is built from.

    Attributes
    ----------
    zones
        Zone table.
    crow, road_km
        Crow-fly and road km matrices.
    car_ivt, pt_ivt
        Car driving minutes and PT network minutes.
    car_keys, dist_keys, pt_keys
        Source keys per pair.
    transfers
        PT transfers per pair.
    cfit, rfit
        Car and rail fits.
    detour
        Road detour factor.
    lines
        The PT lines.
    """

    zones: pd.DataFrame
    crow: np.ndarray
    road_km: np.ndarray
    car_ivt: np.ndarray
    pt_ivt: np.ndarray
    car_keys: list[list[str]]
    dist_keys: list[list[str]]
    pt_keys: list[list[str]]
    transfers: list[list[int]]
    cfit: LinearFit
    rfit: LinearFit
    detour: float
    lines: list[Line]


def build_travel_network(raw: RawData) -> TravelNetwork:
    """Compute zones and all travel-time matrices.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    TravelNetwork
        Zones and matrices (unrounded).
    """
    zones = build_zones(raw)
    names = list(zones["zone"])
    n = len(names)
    idx = {z: i for i, z in enumerate(names)}
    crow = crow_km(zones["lat"].to_numpy(float), zones["lon"].to_numpy(float))
    cfit, rfit, detour = car_fit(raw), rail_fit(raw), road_detour_fit(raw)

    area = zones["area_km2"].to_numpy(float)
    intra_km = ASSUMPTIONS.intra_dist_factor * np.sqrt(area) * ASSUMPTIONS.intra_detour
    kinds = list(zones["kind"])
    road_km = crow * detour
    car_ivt = np.asarray(cfit(crow), dtype=float)
    car_keys = [["tt_estimate_car_fit"] * n for _ in range(n)]
    dist_keys = [["tt_estimate_road_detour"] * n for _ in range(n)]
    known = pair_means(raw.car[raw.car["use_for_pair"] == "yes"], ["minutes", "road_km"])
    for (a, b), rec in known.items():
        for i, j in ((idx[a], idx[b]), (idx[b], idx[a])):
            car_ivt[i, j] = float(rec["minutes"])  # type: ignore[arg-type]
            road_km[i, j] = float(rec["road_km"])  # type: ignore[arg-type]
            car_keys[i][j] = dist_keys[i][j] = str(rec["source"])
    for i in range(n):
        road_km[i, i] = intra_km[i]
        car_ivt[i, i] = intra_km[i] / ASSUMPTIONS.intra_car_speed_kmh[kinds[i]] * 60.0
        car_keys[i][i] = dist_keys[i][i] = "tt_intrazonal_assumption"

    lines = build_lines(raw, names, crow, rfit)
    pt_ivt, pt_keys, transfers = pt_network(lines, n)
    for i in range(n):
        pt_ivt[i, i] = intra_km[i] / ASSUMPTIONS.intra_bus_speed_kmh[kinds[i]] * 60.0
        pt_keys[i][i] = "tt_intrazonal_assumption"
    return TravelNetwork(
        zones=zones, crow=crow, road_km=road_km, car_ivt=car_ivt, pt_ivt=pt_ivt,
        car_keys=car_keys, dist_keys=dist_keys, pt_keys=pt_keys, transfers=transfers,
        cfit=cfit, rfit=rfit, detour=detour, lines=lines,
    )  # fmt: skip


def r1(x: float) -> float:
    """Round to one decimal (half away from zero), without negative zero."""
    return float(np.floor(abs(x) * 10.0 + 0.5) / 10.0 * np.sign(x)) + 0.0


def build_travel_times(net: TravelNetwork, raw: RawData) -> pd.DataFrame:
    """Assemble the long travel-time table.

    Parameters
    ----------
    net
        Zones and matrices.
    raw
        The raw inputs.

    Returns
    -------
    pandas.DataFrame
        One row per (origin, destination, mode), components rounded to 0.1.
    """
    names = list(net.zones["zone"])
    n = len(names)
    cls = pt_class(net.zones, raw)
    access = ASSUMPTIONS.pt_access_per_end_min
    headways = ASSUMPTIONS.pt_headway_min
    local_headway = ASSUMPTIONS.pt_local_headway_min
    rows = []
    for i in range(n):
        for j in range(n):
            dist = r1(net.road_km[i, j])
            dkey = net.dist_keys[i][j]
            for mode in MODES:
                if mode == "car":
                    ivt, acc, wait = net.car_ivt[i, j], ASSUMPTIONS.car_access_min, 0.0
                    src = join_keys(net.car_keys[i][j], dkey, "tt_car_access_assumption")
                elif mode == "bike":
                    ivt = dist * 60.0 / ASSUMPTIONS.bike_speed_kmh
                    acc, wait = ASSUMPTIONS.bike_access_min, 0.0
                    src = join_keys(dkey, "tt_bike_assumption")
                elif i == j:
                    ivt = net.pt_ivt[i, i]
                    acc = 2 * ASSUMPTIONS.pt_local_access_per_end_min
                    wait = min(local_headway[cls[i]] / 2.0, ASSUMPTIONS.pt_wait_cap_min)
                    src = join_keys(net.pt_keys[i][j], dkey, "tt_pt_access_wait_assumption")
                else:
                    ivt = net.pt_ivt[i, j]
                    acc = access[cls[i]] + access[cls[j]]
                    headway = max(headways[cls[i]], headways[cls[j]])
                    wait = min(headway / 2.0, ASSUMPTIONS.pt_wait_cap_min)
                    src = join_keys(net.pt_keys[i][j], dkey, "tt_pt_access_wait_assumption")
                ivt_r, acc_r, wait_r = r1(ivt), r1(acc), r1(wait)
                rows.append(
                    (names[i], names[j], mode, r1(ivt_r + acc_r + wait_r), ivt_r, acc_r, wait_r,
                     dist, src)
                )  # fmt: skip
    return pd.DataFrame(rows, columns=list(TT_COLUMNS))
