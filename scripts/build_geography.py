"""Build the default geography of youth_sim: ``zones.csv`` and ``travel_times.csv``.

Reads the hand-entered inputs in ``youth_sim/data/raw/`` (every figure there carries a source key)
and the source registry ``youth_sim/data/sources.csv``, and writes ``youth_sim/data/zones.csv``
and ``youth_sim/data/travel_times.csv``. numpy/pandas only, no network, deterministic: running
it twice gives byte-identical files.

Usage::

    python scripts/build_geography.py            # write the two CSV files
    python scripts/build_geography.py --check    # exit 1 if the shipped CSVs are stale
    python scripts/build_geography.py --report   # print fits, hold-out checks, sanity table

Estimation rules
----------------
Zones (one row per zone: the 25 Overijssel municipalities alphabetically, then 7 outside zones)

* ``kind`` (``kind_rule``): ``city`` for Zwolle, Enschede, Deventer, Hengelo, Almelo; ``town``
  for the other municipalities with ``pop_total >= 30,000``; ``rural`` otherwise; ``outside``
  for the outside zones.
* ``lat``/``lon``/``area_km2``: main-town point and municipal area from the reference (CBS PC4
  polygons via certegis); outside zones: recalled city-centre point and recalled area of the
  representative municipality (used only for intrazonal trips).
* ``pop_*``: CBS PC4 counts of 1-1-2021 summed to municipalities; outside zones 0 (the model
  does not synthesise residents there).
* ``jobs``: copied per municipality (verified values for Deventer, Enschede, Kampen, Zwolle,
  recalled +-20% magnitudes elsewhere; definitions differ, see sources.csv); outside zones:
  recalled regional totals (a relative size only).
* ``housing_cost_eur_month`` (first rule that applies): (1) a sourced anchor (Enschede 400,
  Zwolle 578, Kamernet) or a fixed assumption (Deventer 550, outside zones) from
  ``housing_costs.csv``; (2) if the municipality has a 2020 mean sale price:
  ``400 * (price / price_Enschede) ** 0.5``; (3) the default of its COROP region
  (Twente 440, Noord- and Zuidwest-Overijssel 480; assumptions). Rounded to whole euros.
* ``campus_intake_per_year``: sum over ``institutions.csv`` rows of
  ``value * location_share / students_per_intake`` (``students_per_intake`` is 1 for intake
  figures and 3.09 = 27,500 / 8,900, Windesheim's students per new student, for student
  stocks). Rounded to whole persons.
* ``young_knowledge_share`` (``young_knowledge_share_rule``), ``jobs_knowledge_share``
  (``jobs_level_rule``), ``jobs_growth_per_year`` (``jobs_growth_rule``): by zone kind, from
  the constants block (no municipal figures yet: CBS 85525NED for education, ROA / LISA for
  jobs by level).
* ``amenity``: ``raw = ln(pop) + 1.0 * [campus_intake > 0]`` with ``pop = pop_total`` for
  municipalities and the recalled population of the zone's largest city for outside zones;
  standardised with the mean and population sd (ddof=0) of the 25 municipalities' raw values
  (outside zones use the same mean and sd, so they can exceed 2). Rounded to 4 decimals.

Travel times (every ordered zone pair incl. intrazonal, modes car, pt, bike; symmetric)

* Crow-fly km: haversine between zone points (mean Earth radius 6,371.0088 km).
* Road km: the reference road km where known (mean when several reference places fall in one
  zone, e.g. Zwolle-Amsterdam and Zwolle-Utrecht for Zwolle-Randstad), else
  ``crow * d`` with the road detour ``d`` fitted through the origin to the 20 reference car
  pairs: **d = 1.212** (``tt_estimate_road_detour``).
* Car in-vehicle minutes: the reference off-peak minutes where known (same mean rule), else the
  least-squares line fitted to the 20 reference car pairs (reference crow-fly km):
  **t = 9.46 + 0.7035 * crow_km, RMSE 3.74 min** (leave-one-out RMSE 4.21 min;
  ``tt_estimate_car_fit``). Access/egress 3.0 min (parking and walking), wait 0.
* Intrazonal trips: length ``0.25 * sqrt(area_km2) * 1.3`` km (two points spread evenly over a
  disc are 0.51 * sqrt(area) apart on average; people and jobs cluster in the main town, so we
  take about half of that); car at 30 km/h (city), 35 km/h
  (outside: large municipalities with ring roads) or 40 km/h (town, rural) plus 3.0 min
  access; local bus at 20 km/h (city, outside) or 25 km/h (town, rural).
* Bike: road km at 15 km/h, plus 2.0 min access; no cap (the model caps bike use by distance).
* PT: shortest paths on a network whose nodes are zones.

  - Rail lines (``rail_lines.csv``) are stop sequences of zones. Timetable figures
    (``rail_links.csv``, ``use == model``) between two stops of a line fix the cumulative
    minutes at those stops ("timing points"), solved by weighted least squares (weight 10 for
    sourced/derived figures, 1 for recalled) with the first timing point at 0; several figures
    for one pair are averaged (``tt_rail_line_solve``). Segment weights: the reference figure
    for that pair of consecutive stops if there is one (on any line), else the rail estimate
    below. Between two timing points, segments with a figure keep it and the estimated
    segments share the rest of the solved span in proportion to their weights (if nothing or
    less than nothing is left, all segments are scaled in proportion). Segments before the
    first or after the last timing point, and lines without figures, take their weights.
    (When held-out figures leave timing points unconnected, consecutive timing points are
    bridged by their summed weights at a negligible least-squares weight, 1e-6.)
  - Outside zones on the network: Zwolle-Randstad is the mean of Zwolle-Amsterdam 65 and
    Zwolle-Utrecht 60 (``tt_zone_pair_mean_rule``); Deventer-Randstad uses Deventer-Utrecht
    57 (Utrecht is the zone point). Enschede-Münster-Osnabrück is the RB64 via Gronau
    (75, verified); the recalled Enschede-Osnabrück 75 (via Hengelo) is only a check. Bad
    Bentheim (Gronau-Bentheim zone) is reached via Hengelo-Oldenzaal, Zutphen (Apeldoorn zone)
    via Hengelo-Hof van Twente, both estimated. Checks, not inputs: Enschede-Schiphol 126,
    Enschede-Groningen 111, Zwolle-Nijmegen 90.
  - Rail estimate, fitted to the 25 reference rail pairs without a transfer (``fit == yes``):
    **t = 3.43 + 0.7761 * crow_km, RMSE 8.52 min** (leave-one-out RMSE 9.17 min;
    ``tt_estimate_rail_fit``). Hold-out check (``--report``): each figure left out in turn,
    the rules give the line's time within -23..+12 min of it (most within 4 min).
  - Bus links (``bus_links.csv``: bus-only zones to their hubs, some neighbouring zones):
    ``crow * 1.3 / 35 km/h`` (``tt_estimate_bus``). Each bus link is its own line.
  - Dijkstra over (zone, line) states; boarding a different line than the one arrived on adds
    a 5.0 min transfer penalty. ``in_vehicle_min`` is the network time: the in-vehicle minutes
    of the best path plus its transfer penalties.
  - Door to door: ``access_egress_min`` = per-end minutes of origin + destination by PT class
    (city 6, town 8, rural with rail 10, bus-only 12, outside 6); ``wait_min = min(h / 2, 15)``
    with ``h`` the larger of the two ends' headways (city 15, town 20, rural 30, bus-only 60,
    outside 15). Intrazonal PT: local bus in-vehicle as above, 4.0 min access per end, local
    headway (city 10, town 30, rural and bus-only 60, outside 10).
  - PT ``distance_km`` is the road km (used for money cost).

* Rounding: every component to 0.1 min; ``minutes`` is the sum of the rounded components.
* ``source``: the keys behind every number in the row (times, access/wait, distance), sorted.
  For a PT ride on a rail line: the keys of the figure for exactly that pair on that line if
  there is one (plus ``tt_rail_line_solve`` if the solved time differs from it), else the keys
  of all figures on the line, ``tt_rail_line_solve`` and, unless both ends are timing points,
  ``tt_estimate_rail_fit``; bus rides add ``tt_estimate_bus``; transfers add
  ``tt_pt_transfer_assumption``.

The numbers in bold above are printed by ``--report`` and checked by the tests.
"""

from __future__ import annotations

import argparse
import heapq
import io
import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

# =================================================================================================
# ESTIMATION CONSTANTS (one block; every value is an assumption unless a source key says otherwise;
# the keys are explained in youth_sim/data/sources.csv)
# =================================================================================================
# --- zone kinds [kind_rule] ---------------------------------------------------------------------
CITY_ZONES: tuple[str, ...] = ("Almelo", "Deventer", "Enschede", "Hengelo", "Zwolle")
TOWN_MIN_POP = 30_000  # municipalities with at least this population (1-1-2021) are towns
# --- housing [housing_price_scaling] -----------------------------------------------------------
HOUSING_SCALE_BASE = "Enschede"  # anchor whose room rent is scaled by relative sale prices
HOUSING_PRICE_EXPONENT = 0.5  # rent ratio = (sale price ratio) ** 0.5
# --- young people's education, jobs' level and growth by zone kind ------------------------------
# [young_knowledge_share_rule; jobs_level_rule; jobs_growth_rule]
YOUNG_KNOWLEDGE_SHARE = {"city": 0.48, "town": 0.38, "rural": 0.35, "outside": 0.0}
JOBS_KNOWLEDGE_SHARE = {"city": 0.42, "town": 0.35, "rural": 0.30, "outside": 0.42}
JOBS_GROWTH_PER_YEAR = {"city": 0.010, "town": 0.012, "rural": 0.012, "outside": 0.0}
# --- amenity [amenity_rule] --------------------------------------------------------------------
AMENITY_CAMPUS_BONUS = 1.0  # added to ln(population) when the zone hosts an hbo/wo campus
# --- geometry (physical constant) --------------------------------------------------------------
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius, for haversine crow-fly km
# --- intrazonal trips [tt_intrazonal_assumption] -----------------------------------------------
INTRA_DIST_FACTOR = 0.25  # mean trip length = 0.25 * sqrt(area_km2) (crow-fly); see docstring
INTRA_DETOUR = 1.3  # road km per crow-fly km inside a municipality
INTRA_CAR_SPEED_KMH = {"city": 30.0, "town": 40.0, "rural": 40.0, "outside": 35.0}
INTRA_BUS_SPEED_KMH = {"city": 20.0, "town": 25.0, "rural": 25.0, "outside": 20.0}
# --- car [tt_car_access_assumption] ------------------------------------------------------------
CAR_ACCESS_MIN = 3.0  # parking + walking, both ends together
# --- bike [tt_bike_assumption] -----------------------------------------------------------------
BIKE_SPEED_KMH = 15.0
BIKE_ACCESS_MIN = 2.0
# --- bus links [tt_estimate_bus] ---------------------------------------------------------------
BUS_DETOUR = 1.3  # bus route km per crow-fly km
BUS_SPEED_KMH = 35.0  # regional bus, average including stops
# --- pt network [tt_pt_transfer_assumption; tt_rail_line_solve] --------------------------------
TRANSFER_PENALTY_MIN = 5.0  # per change of line (rail-rail, rail-bus, bus-bus)
LINE_SOLVE_WEIGHT = {"sourced": 10.0, "derived": 10.0, "recalled": 1.0, "assumption": 1.0}
BRIDGE_WEIGHT = 1e-6  # weight of estimate equations that bridge unconnected timing points
# --- pt door to door [tt_pt_access_wait_assumption] --------------------------------------------
PT_ACCESS_PER_END_MIN = {"city": 6.0, "town": 8.0, "rural": 10.0, "busonly": 12.0, "outside": 6.0}
PT_HEADWAY_MIN = {"city": 15.0, "town": 20.0, "rural": 30.0, "busonly": 60.0, "outside": 15.0}
PT_LOCAL_HEADWAY_MIN = {"city": 10.0, "town": 30.0, "rural": 60.0, "busonly": 60.0, "outside": 10.0}
PT_LOCAL_ACCESS_PER_END_MIN = 4.0  # walk to/from a local bus stop, per end
PT_WAIT_CAP_MIN = 15.0  # initial wait = min(headway / 2, cap)
# =================================================================================================

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "youth_sim" / "data"
OUTPUT_FILES = ("zones.csv", "travel_times.csv")
OUTSIDE_ZONES: tuple[str, ...] = (
    "Randstad",
    "Apeldoorn",
    "Arnhem-Nijmegen",
    "Meppel",
    "Groningen",
    "Gronau-Bentheim",
    "Münster-Osnabrück",
)
MODES: tuple[str, ...] = ("car", "pt", "bike")
ZONE_COLUMNS: tuple[str, ...] = (
    "zone", "cbs_code", "kind", "region", "lat", "lon", "area_km2", "pop_total", "pop_15_19",
    "pop_20_24", "pop_25_29", "pop_30_34", "pop_source", "jobs", "jobs_source",
    "housing_cost_eur_month", "housing_cost_source", "amenity", "amenity_source",
    "campus_intake_per_year", "campus_source", "young_knowledge_share",
    "young_knowledge_share_source", "jobs_knowledge_share", "jobs_knowledge_share_source",
    "jobs_growth_per_year", "jobs_growth_source",
)  # fmt: skip
TT_COLUMNS: tuple[str, ...] = (
    "origin", "destination", "mode", "minutes", "in_vehicle_min", "access_egress_min",
    "wait_min", "distance_km", "source",
)  # fmt: skip
SOURCE_KINDS: tuple[str, ...] = ("sourced", "derived", "recalled", "assumption")


# -------------------------------------------------------------------------------------------------
# Input
# -------------------------------------------------------------------------------------------------
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


def join_keys(*groups: str | set[str] | list[str]) -> str:
    """Merge source keys into one sorted ``;``-separated cell.

    Parameters
    ----------
    *groups
        Keys, as ``;``-separated strings or collections of keys.

    Returns
    -------
    str
        Sorted, de-duplicated keys joined by ``;``.
    """
    keys: set[str] = set()
    for group in groups:
        items = group.split(";") if isinstance(group, str) else group
        keys.update(k.strip() for k in items if k and k.strip())
    return ";".join(sorted(keys))


# -------------------------------------------------------------------------------------------------
# Zones
# -------------------------------------------------------------------------------------------------
def municipal_kind(name: str, pop_total: int) -> str:
    """Classify a municipality as city, town or rural (``kind_rule``).

    Parameters
    ----------
    name
        CBS municipality name.
    pop_total
        Population on 1-1-2021.

    Returns
    -------
    str
        ``city``, ``town`` or ``rural``.
    """
    if name in CITY_ZONES:
        return "city"
    return "town" if pop_total >= TOWN_MIN_POP else "rural"


def campus_intake(raw: RawData) -> tuple[dict[str, float], dict[str, str]]:
    """Sum first-year hbo/wo intake per zone from ``institutions.csv``.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    intake, keys
        Intake per zone (persons/year, unrounded) and the source keys behind it.
    """
    inst = raw.institutions
    value = inst["value"] * inst["location_share"] / inst["students_per_intake"]
    intake: dict[str, float] = {}
    keys: dict[str, set[str]] = {}
    for zone, v, row in zip(inst["zone"], value, inst.itertuples(index=False), strict=True):
        intake[zone] = intake.get(zone, 0.0) + float(v)
        keys.setdefault(zone, set()).update(
            {str(row.value_source), str(row.conversion_source), str(row.share_source)}
        )
    return intake, {z: join_keys(k) for z, k in keys.items()}


def housing_costs(
    raw: RawData, zones: list[str], regions: list[str]
) -> tuple[list[int], list[str]]:
    """Monthly housing cost of an independent young person per zone (euro/month).

    Parameters
    ----------
    raw
        The raw inputs.
    zones, regions
        Zone names and their regions (COROP name, or ``outside``).

    Returns
    -------
    costs, keys
        Whole-euro costs and their source keys, in zone order.
    """
    h = raw.housing
    direct = {
        str(r.applies_to): (float(str(r.eur_month)), str(r.source))
        for r in h.itertuples(index=False)
        if r.rule in ("anchor", "fixed")
    }
    default = {
        str(r.applies_to): (float(str(r.eur_month)), str(r.source))
        for r in h.itertuples(index=False)
        if r.rule == "default"
    }
    prices = raw.house_prices.set_index("gemeente")["avg_sale_price_2020_eur"].dropna()
    base_cost, base_key = direct[HOUSING_SCALE_BASE]
    base_price = float(prices[HOUSING_SCALE_BASE])
    costs: list[int] = []
    keys: list[str] = []
    for zone, region in zip(zones, regions, strict=True):
        if zone in direct:
            cost, key = direct[zone]
        elif zone in prices.index:
            cost = base_cost * (float(prices[zone]) / base_price) ** HOUSING_PRICE_EXPONENT
            key = join_keys(base_key, "cbs_house_prices_rtvoost", "housing_price_scaling")
        else:
            cost, key = default[region]
        costs.append(int(np.floor(cost + 0.5)))
        keys.append(key)
    return costs, keys


def build_zones(raw: RawData) -> pd.DataFrame:
    """Assemble the zone table (numeric columns unformatted).

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    pandas.DataFrame
        One row per zone with the columns of ``ZONE_COLUMNS``.
    """
    m = raw.municipalities.sort_values("gemeente", kind="stable").reset_index(drop=True)
    muni = pd.DataFrame(
        {
            "zone": m["gemeente"],
            "cbs_code": m["cbs_code"],
            "kind": [
                municipal_kind(n, int(p))
                for n, p in zip(m["gemeente"], m["pop_total_2021"], strict=True)
            ],
            "region": m["corop"],
            "lat": m["town_lat"],
            "lon": m["town_lon"],
            "area_km2": m["area_km2"],
            "pop_total": m["pop_total_2021"],
            "pop_15_19": m["pop_15_19_2021"],
            "pop_20_24": m["pop_20_24_2021"],
            "pop_25_29": m["pop_25_29_2021"],
            "pop_30_34": m["pop_30_34_2021"],
            "pop_source": [
                join_keys(a, b, c, d, "kind_rule")
                for a, b, c, d in zip(
                    m["pop_source"],
                    m["geo_source"],
                    m["corop_source"],
                    m["cbs_code_source"],
                    strict=True,
                )
            ],
            "jobs": m["jobs"],
            "jobs_source": m["jobs_source"],
            "amenity_pop": m["pop_total_2021"].astype(float),
            "amenity_pop_source": m["pop_source"],
        }
    )
    o = raw.outside.set_index("zone").loc[list(OUTSIDE_ZONES)].reset_index()
    out = pd.DataFrame(
        {
            "zone": o["zone"],
            "cbs_code": "",
            "kind": "outside",
            "region": "outside",
            "lat": o["lat"],
            "lon": o["lon"],
            "area_km2": o["area_km2"],
            "pop_total": 0,
            "pop_15_19": 0,
            "pop_20_24": 0,
            "pop_25_29": 0,
            "pop_30_34": 0,
            "pop_source": [join_keys(g, "pop_outside_zero_assumption") for g in o["geo_source"]],
            "jobs": o["jobs"],
            "jobs_source": o["jobs_source"],
            "amenity_pop": o["main_city_pop"].astype(float),
            "amenity_pop_source": o["main_city_pop_source"],
        }
    )
    z = pd.concat([muni, out], ignore_index=True)

    intake, intake_keys = campus_intake(raw)
    z["campus_intake_per_year"] = [int(np.floor(intake.get(n, 0.0) + 0.5)) for n in z["zone"]]
    z["campus_source"] = [intake_keys.get(n, "campus_none_assumption") for n in z["zone"]]

    costs, cost_keys = housing_costs(raw, list(z["zone"]), list(z["region"]))
    z["housing_cost_eur_month"] = costs
    z["housing_cost_source"] = cost_keys

    amenity_raw = np.log(z["amenity_pop"].to_numpy()) + AMENITY_CAMPUS_BONUS * (
        z["campus_intake_per_year"].to_numpy() > 0
    )
    is_muni = (z["kind"] != "outside").to_numpy()
    mean, sd = amenity_raw[is_muni].mean(), amenity_raw[is_muni].std(ddof=0)
    z["amenity"] = (amenity_raw - mean) / sd
    z["amenity_source"] = [join_keys("amenity_rule", k) for k in z["amenity_pop_source"]]
    z["young_knowledge_share"] = [YOUNG_KNOWLEDGE_SHARE[k] for k in z["kind"]]
    z["young_knowledge_share_source"] = "young_knowledge_share_rule"
    z["jobs_knowledge_share"] = [JOBS_KNOWLEDGE_SHARE[k] for k in z["kind"]]
    z["jobs_knowledge_share_source"] = "jobs_level_rule"
    z["jobs_growth_per_year"] = [JOBS_GROWTH_PER_YEAR[k] for k in z["kind"]]
    z["jobs_growth_source"] = "jobs_growth_rule"
    return z[list(ZONE_COLUMNS)]


# -------------------------------------------------------------------------------------------------
# Geometry and fits
# -------------------------------------------------------------------------------------------------
def haversine_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances between all pairs of points.

    Parameters
    ----------
    lat, lon
        Coordinates in degrees, shape (n,).

    Returns
    -------
    numpy.ndarray
        Matrix (n, n) of crow-fly km.
    """
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class LinearFit:
    """Least-squares line ``t = a + b * x``.

    Attributes
    ----------
    a, b
        Intercept (min) and slope (min per crow-fly km).
    rmse
        Root mean squared residual (min).
    loo_rmse
        Leave-one-out root mean squared prediction error (min).
    n
        Number of pairs fitted.
    """

    a: float
    b: float
    rmse: float
    loo_rmse: float
    n: int

    def __call__(self, x: np.ndarray | float) -> np.ndarray | float:
        """Evaluate the line."""
        return self.a + self.b * x

    def summary(self) -> str:
        """Return the formula as printed in the docs."""
        return (
            f"t = {self.a:.2f} + {self.b:.4f} * crow_km, RMSE {self.rmse:.2f} min"
            f" (n = {self.n}, leave-one-out RMSE {self.loo_rmse:.2f} min)"
        )


def fit_line(x: np.ndarray, y: np.ndarray) -> LinearFit:
    """Fit ``y = a + b x`` by least squares, with leave-one-out error.

    Parameters
    ----------
    x, y
        Crow-fly km and minutes.

    Returns
    -------
    LinearFit
        The fitted line.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    design = np.column_stack([np.ones_like(x), x])
    coef = np.linalg.lstsq(design, y, rcond=None)[0]
    resid = y - design @ coef
    loo = []
    for i in range(len(x)):
        keep = np.arange(len(x)) != i
        c = np.linalg.lstsq(design[keep], y[keep], rcond=None)[0]
        loo.append(y[i] - design[i] @ c)
    return LinearFit(
        a=float(coef[0]),
        b=float(coef[1]),
        rmse=float(np.sqrt(np.mean(resid**2))),
        loo_rmse=float(np.sqrt(np.mean(np.square(loo)))),
        n=len(x),
    )


def road_detour_fit(raw: RawData) -> float:
    """Road km per crow-fly km, least squares through the origin over the reference car pairs.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    float
        The detour factor.
    """
    crow, road = raw.car["crow_fly_km"].to_numpy(float), raw.car["road_km"].to_numpy(float)
    return float((road * crow).sum() / (crow**2).sum())


def car_fit(raw: RawData) -> LinearFit:
    """Fit car minutes on crow-fly km over all reference car pairs.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    LinearFit
        The car line.
    """
    return fit_line(raw.car["crow_fly_km"].to_numpy(), raw.car["minutes"].to_numpy())


def rail_fit(raw: RawData) -> LinearFit:
    """Fit rail minutes on crow-fly km over the reference pairs flagged ``fit == yes``.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    LinearFit
        The rail line.
    """
    r = raw.rail_links[raw.rail_links["fit"] == "yes"]
    return fit_line(r["crow_fly_km"].to_numpy(), r["minutes"].to_numpy())


def pair_means(
    df: pd.DataFrame, cols: list[str], group: list[str] | None = None
) -> dict[tuple, dict[str, object]]:
    """Average reference figures that map to the same unordered zone pair.

    Parameters
    ----------
    df
        Rows with ``origin_zone``, ``destination_zone`` and ``source``.
    cols
        Value columns to average.
    group
        Extra grouping columns placed before the pair in the key (e.g. ``["line"]``).

    Returns
    -------
    dict
        ``(*group values, zone_a, zone_b) -> {col: mean, "source": keys, "n": rows}`` with
        ``zone_a < zone_b``; ``tt_zone_pair_mean_rule`` is added when rows were averaged.
    """
    out: dict[tuple, dict[str, object]] = {}
    acc: dict[tuple, list] = {}
    for row in df.itertuples(index=False):
        a, b = sorted((str(row.origin_zone), str(row.destination_zone)))
        key = (*(getattr(row, g) for g in group or []), a, b)
        acc.setdefault(key, []).append(row)
    for key, rows in acc.items():
        rec: dict[str, object] = {c: float(np.mean([getattr(r, c) for r in rows])) for c in cols}
        extra = ["tt_zone_pair_mean_rule"] if len(rows) > 1 else []
        rec["source"] = join_keys(*[r.source for r in rows], extra)
        rec["n"] = len(rows)
        out[key] = rec
    return out


# -------------------------------------------------------------------------------------------------
# PT network
# -------------------------------------------------------------------------------------------------
@dataclass
class Line:
    """One PT line: consecutive stops (zone indices) and segment minutes.

    Attributes
    ----------
    name
        Line id (``bus:...`` for bus links).
    stops
        Zone indices in running order.
    seg_min
        Minutes of each segment (len(stops) - 1).
    cum
        Cumulative minutes at each stop.
    timing
        Stop positions that are timing points (fixed by reference figures).
    constraints
        ``(pos_i, pos_j) -> (minutes, keys)`` for the figures on this line (pos_i < pos_j).
    keys
        Source keys of all figures on the line.
    is_bus
        True for bus links.
    """

    name: str
    stops: list[int]
    seg_min: list[float]
    cum: list[float] = field(default_factory=list)
    timing: set[int] = field(default_factory=set)
    constraints: dict[tuple[int, int], tuple[float, str]] = field(default_factory=dict)
    keys: str = ""
    is_bus: bool = False

    def ride_keys(self, i: int, j: int) -> str:
        """Source keys for a ride between stop positions ``i`` and ``j``.

        Parameters
        ----------
        i, j
            Boarding and alighting positions on the line.

        Returns
        -------
        str
            The keys of the figure for exactly this pair if one exists (plus
            ``tt_rail_line_solve`` when the solved time differs from it), else the line's
            figure keys with ``tt_rail_line_solve`` and, unless both ends are timing points,
            ``tt_estimate_rail_fit``.
        """
        if self.is_bus:
            return "tt_estimate_bus"
        lo, hi = min(i, j), max(i, j)
        solved = self.cum[hi] - self.cum[lo]
        if (lo, hi) in self.constraints:
            minutes, keys = self.constraints[(lo, hi)]
            extra = ["tt_rail_line_solve"] if abs(solved - minutes) > 0.05 else []
            return join_keys(keys, extra)
        extra = ["tt_rail_line_solve"] if self.constraints else []
        if not (lo in self.timing and hi in self.timing):
            extra.append("tt_estimate_rail_fit")
        return join_keys(self.keys, extra)


def solve_line(
    line: Line,
    figures: list[tuple[int, int, float, str]],
    weights: list[float],
    has_figure: list[bool],
    source_kinds: dict[str, str],
) -> None:
    """Set a rail line's segment times from its reference figures and segment weights.

    Parameters
    ----------
    line
        The line (``stops`` set; ``seg_min`` is filled in).
    figures
        ``(pos_i, pos_j, minutes, keys)`` reference figures between stops of the line.
    weights
        Segment weights (reference figure for that segment if any, else the rail estimate).
    has_figure
        Per segment, whether its weight is a reference figure.
    source_kinds
        Kind of each source key, for the least-squares weights.

    Raises
    ------
    ValueError
        If the solved timing points are not increasing along the line.
    """
    n_seg = len(line.stops) - 1
    seg = list(weights)
    if figures:
        timing = sorted({p for f in figures for p in f[:2]})
        index = {p: k for k, p in enumerate(timing)}
        rows, rhs, w = [], [], []
        for i, j, minutes, keys in figures:
            lo, hi = min(i, j), max(i, j)
            r = np.zeros(len(timing))
            r[index[hi]] += 1.0
            r[index[lo]] -= 1.0
            rows.append(r[1:])  # the first timing point is fixed at 0
            rhs.append(minutes)
            kinds = [source_kinds[k] for k in keys.split(";")]
            w.append(min(LINE_SOLVE_WEIGHT[k] for k in kinds))
            line.constraints[(lo, hi)] = (minutes, keys)
        if np.linalg.matrix_rank(np.array(rows)) < len(timing) - 1:
            # Figures leave groups of timing points unconnected (only in hold-out checks):
            # bridge consecutive timing points with the segment weights at a negligible weight.
            for p, q in itertools.pairwise(timing):
                r = np.zeros(len(timing))
                r[index[q]] += 1.0
                r[index[p]] -= 1.0
                rows.append(r[1:])
                rhs.append(sum(weights[p:q]))
                w.append(BRIDGE_WEIGHT)
        a = np.array(rows) * np.sqrt(w)[:, None]
        b = np.array(rhs) * np.sqrt(w)
        x = np.concatenate([[0.0], np.linalg.lstsq(a, b, rcond=None)[0]])
        if np.any(np.diff(x) <= 0):
            raise ValueError(f"line {line.name}: solved timing points are not increasing")
        for (p, q), (xp, xq) in zip(itertools.pairwise(timing), itertools.pairwise(x), strict=True):
            total = xq - xp
            fixed = sum(weights[k] for k in range(p, q) if has_figure[k])
            free = sum(weights[k] for k in range(p, q) if not has_figure[k])
            for k in range(p, q):
                if free > 0 and total - fixed > 0:
                    # segments with a figure keep it; the estimated ones share the rest
                    seg[k] = weights[k] * (1.0 if has_figure[k] else (total - fixed) / free)
                else:
                    seg[k] = weights[k] * total / (fixed + free)
        line.timing = set(timing)
        line.keys = join_keys(*[f[3] for f in figures])
    line.seg_min = seg[:n_seg]
    line.cum = [0.0, *np.cumsum(line.seg_min).tolist()]


def build_lines(
    raw: RawData,
    zones: list[str],
    crow: np.ndarray,
    rfit: LinearFit,
    exclude: tuple[str, str, str] | None = None,
) -> list[Line]:
    """Build rail lines and bus links with segment times.

    Parameters
    ----------
    raw
        The raw inputs.
    zones
        Zone names (node order).
    crow
        Crow-fly km matrix.
    rfit
        Rail estimate line.
    exclude
        ``(line, zone_a, zone_b)``: leave out the figure(s) for this pair on this line, and
        do not use any line's figure for this pair as a segment weight (hold-out checks).

    Returns
    -------
    list of Line
        Rail lines in file order, then one line per bus link.
    """
    idx = {z: i for i, z in enumerate(zones)}
    links = raw.rail_links[raw.rail_links["use"] == "model"]
    if exclude is not None:
        line_name, za, zb = exclude
        drop = (links["line"] == line_name) & (
            ((links["origin_zone"] == za) & (links["destination_zone"] == zb))
            | ((links["origin_zone"] == zb) & (links["destination_zone"] == za))
        )
        links = links[~drop]
    per_line = pair_means(links, ["minutes"], group=["line"])
    any_line: dict[tuple[str, str], list[float]] = {}
    for (_, a, b), rec in per_line.items():
        if exclude is None or (a, b) != tuple(sorted(exclude[1:])):
            any_line.setdefault((a, b), []).append(float(rec["minutes"]))  # type: ignore[arg-type]

    lines: list[Line] = []
    rl = raw.rail_lines.sort_values(["line", "seq"], kind="stable")
    order = list(dict.fromkeys(raw.rail_lines["line"]))
    for name in order:
        stops_z = list(rl.loc[rl["line"] == name, "zone"])
        stops = [idx[z] for z in stops_z]
        weights, has_figure = [], []
        for za, zb in itertools.pairwise(stops_z):
            pair = tuple(sorted((za, zb)))
            if pair in any_line:
                weights.append(float(np.mean(any_line[pair])))
                has_figure.append(True)
            else:
                weights.append(float(rfit(crow[idx[za], idx[zb]])))
                has_figure.append(False)
        pos = {z: p for p, z in enumerate(stops_z)}
        figures = []
        for (ln, a, b), rec in per_line.items():
            if ln != name:
                continue
            if a not in pos or b not in pos:
                raise ValueError(f"figure {a}-{b} is not between two stops of line {name}")
            figures.append((pos[a], pos[b], float(rec["minutes"]), str(rec["source"])))  # type: ignore[arg-type]
        figures.sort()
        line = Line(name=name, stops=stops, seg_min=[])
        solve_line(line, figures, weights, has_figure, raw.source_kinds)
        lines.append(line)
    for row in raw.bus.itertuples(index=False):
        i, j = idx[str(row.origin_zone)], idx[str(row.destination_zone)]
        minutes = crow[i, j] * BUS_DETOUR / BUS_SPEED_KMH * 60.0
        lines.append(
            Line(
                name=f"bus:{row.origin_zone}|{row.destination_zone}",
                stops=[i, j],
                seg_min=[float(minutes)],
                cum=[0.0, float(minutes)],
                is_bus=True,
            )
        )
    return lines


@dataclass
class PathResult:
    """Best PT path between two zones.

    Attributes
    ----------
    cost
        Network minutes (in-vehicle plus transfer penalties).
    rides
        ``(line index, boarding position, alighting position)`` per ride.
    """

    cost: float
    rides: list[tuple[int, int, int]]


def shortest_paths(lines: list[Line], n: int, origin: int) -> dict[int, PathResult]:
    """Line-aware Dijkstra from one origin over (zone, line) states.

    Parameters
    ----------
    lines
        PT lines.
    n
        Number of zones.
    origin
        Origin zone index.

    Returns
    -------
    dict
        Destination index -> best path, for every reachable destination except the origin.
    """
    adj: list[list[tuple[int, int, int, int, float]]] = [[] for _ in range(n)]
    for li, line in enumerate(lines):
        for p in range(len(line.stops) - 1):
            a, b, t = line.stops[p], line.stops[p + 1], line.seg_min[p]
            adj[a].append((b, li, p, p + 1, t))
            adj[b].append((a, li, p + 1, p, t))
    n_lines = len(lines)
    dist = np.full((n, n_lines + 1), np.inf)
    start = n_lines  # pseudo-line "not yet boarded"
    dist[origin, start] = 0.0
    pred: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    heap: list[tuple[float, int, int]] = [(0.0, origin, start)]
    while heap:
        d, u, lu = heapq.heappop(heap)
        if d > dist[u, lu]:
            continue
        for v, lv, pu, pv, t in adj[u]:
            nd = d + t + (TRANSFER_PENALTY_MIN if lu not in (start, lv) else 0.0)
            if nd < dist[v, lv] - 1e-9:
                dist[v, lv] = nd
                pred[(v, lv)] = (u, lu, pu, pv)
                heapq.heappush(heap, (nd, v, lv))
    result: dict[int, PathResult] = {}
    for dest in range(n):
        if dest == origin or not np.isfinite(dist[dest, :n_lines]).any():
            continue
        best = int(np.argmin(dist[dest, :n_lines]))
        steps: list[tuple[int, int, int]] = []  # (line, from pos, to pos) per edge, reversed
        state = (dest, best)
        while state[1] != start:
            u, lu, pu, pv = pred[state]
            steps.append((state[1], pu, pv))
            state = (u, lu)
        steps.reverse()
        rides: list[tuple[int, int, int]] = []
        for li, pu, pv in steps:
            if rides and rides[-1][0] == li and rides[-1][2] == pu:
                rides[-1] = (li, rides[-1][1], pv)
            else:
                rides.append((li, pu, pv))
        result[dest] = PathResult(cost=float(dist[dest, best]), rides=rides)
    return result


def pt_network(lines: list[Line], n: int) -> tuple[np.ndarray, list[list[str]], list[list[int]]]:
    """All-pairs PT network minutes, source keys and transfer counts.

    Parameters
    ----------
    lines
        PT lines.
    n
        Number of zones.

    Returns
    -------
    minutes, keys, transfers
        Network minutes (n, n) with 0 on the diagonal, the keys per pair and the number of
        transfers per pair.
    """
    minutes = np.zeros((n, n))
    keys = [["" for _ in range(n)] for _ in range(n)]
    transfers = [[0 for _ in range(n)] for _ in range(n)]
    for o in range(n):
        paths = shortest_paths(lines, n, o)
        for d in range(n):
            if d == o:
                continue
            if d not in paths:
                raise ValueError(f"zone {d} cannot be reached from zone {o} by PT")
            p = paths[d]
            minutes[o, d] = p.cost
            ride_keys = [lines[li].ride_keys(i, j) for li, i, j in p.rides]
            if len(p.rides) > 1:
                ride_keys.append("tt_pt_transfer_assumption")
            keys[o][d] = join_keys(*ride_keys)
            transfers[o][d] = len(p.rides) - 1
    return minutes, keys, transfers


# -------------------------------------------------------------------------------------------------
# Travel times
# -------------------------------------------------------------------------------------------------
def pt_class(zones: pd.DataFrame, raw: RawData) -> list[str]:
    """PT service class per zone: its kind, or ``busonly`` without a rail station.

    Parameters
    ----------
    zones
        Zone table.
    raw
        The raw inputs.

    Returns
    -------
    list of str
        One of city, town, rural, busonly, outside per zone.
    """
    rail = set(raw.rail_lines["zone"])
    return [
        k if (k == "outside" or z in rail) else "busonly"
        for z, k in zip(zones["zone"], zones["kind"], strict=True)
    ]


@dataclass
class Geography:
    """Intermediate matrices of the travel-time build.

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


def build_geography(raw: RawData) -> Geography:
    """Compute zones and all travel-time matrices.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    Geography
        Zones and matrices (unrounded).
    """
    zones = build_zones(raw)
    names = list(zones["zone"])
    n = len(names)
    idx = {z: i for i, z in enumerate(names)}
    crow = haversine_km(zones["lat"].to_numpy(float), zones["lon"].to_numpy(float))
    cfit, rfit, detour = car_fit(raw), rail_fit(raw), road_detour_fit(raw)

    intra_km = INTRA_DIST_FACTOR * np.sqrt(zones["area_km2"].to_numpy(float)) * INTRA_DETOUR
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
        car_ivt[i, i] = intra_km[i] / INTRA_CAR_SPEED_KMH[kinds[i]] * 60.0
        car_keys[i][i] = dist_keys[i][i] = "tt_intrazonal_assumption"

    lines = build_lines(raw, names, crow, rfit)
    pt_ivt, pt_keys, transfers = pt_network(lines, n)
    for i in range(n):
        pt_ivt[i, i] = intra_km[i] / INTRA_BUS_SPEED_KMH[kinds[i]] * 60.0
        pt_keys[i][i] = "tt_intrazonal_assumption"
    return Geography(
        zones=zones, crow=crow, road_km=road_km, car_ivt=car_ivt, pt_ivt=pt_ivt,
        car_keys=car_keys, dist_keys=dist_keys, pt_keys=pt_keys, transfers=transfers,
        cfit=cfit, rfit=rfit, detour=detour, lines=lines,
    )  # fmt: skip


def r1(x: float) -> float:
    """Round to one decimal (half away from zero), without negative zero."""
    return float(np.floor(abs(x) * 10.0 + 0.5) / 10.0 * np.sign(x)) + 0.0


def build_travel_times(geo: Geography, raw: RawData) -> pd.DataFrame:
    """Assemble the long travel-time table.

    Parameters
    ----------
    geo
        Zones and matrices.
    raw
        The raw inputs.

    Returns
    -------
    pandas.DataFrame
        One row per (origin, destination, mode), components rounded to 0.1.
    """
    names = list(geo.zones["zone"])
    n = len(names)
    cls = pt_class(geo.zones, raw)
    rows = []
    for i in range(n):
        for j in range(n):
            dist = r1(geo.road_km[i, j])
            dkey = geo.dist_keys[i][j]
            for mode in MODES:
                if mode == "car":
                    ivt, acc, wait = geo.car_ivt[i, j], CAR_ACCESS_MIN, 0.0
                    src = join_keys(geo.car_keys[i][j], dkey, "tt_car_access_assumption")
                elif mode == "bike":
                    ivt, acc, wait = dist * 60.0 / BIKE_SPEED_KMH, BIKE_ACCESS_MIN, 0.0
                    src = join_keys(dkey, "tt_bike_assumption")
                elif i == j:
                    ivt = geo.pt_ivt[i, i]
                    acc = 2 * PT_LOCAL_ACCESS_PER_END_MIN
                    wait = min(PT_LOCAL_HEADWAY_MIN[cls[i]] / 2.0, PT_WAIT_CAP_MIN)
                    src = join_keys(geo.pt_keys[i][j], dkey, "tt_pt_access_wait_assumption")
                else:
                    ivt = geo.pt_ivt[i, j]
                    acc = PT_ACCESS_PER_END_MIN[cls[i]] + PT_ACCESS_PER_END_MIN[cls[j]]
                    headway = max(PT_HEADWAY_MIN[cls[i]], PT_HEADWAY_MIN[cls[j]])
                    wait = min(headway / 2.0, PT_WAIT_CAP_MIN)
                    src = join_keys(geo.pt_keys[i][j], dkey, "tt_pt_access_wait_assumption")
                ivt_r, acc_r, wait_r = r1(ivt), r1(acc), r1(wait)
                rows.append(
                    (names[i], names[j], mode, r1(ivt_r + acc_r + wait_r), ivt_r, acc_r, wait_r,
                     dist, src)
                )  # fmt: skip
    return pd.DataFrame(rows, columns=list(TT_COLUMNS))


# -------------------------------------------------------------------------------------------------
# Output
# -------------------------------------------------------------------------------------------------
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
    geo = build_geography(raw)
    tt = build_travel_times(geo, raw)
    cells = [geo.zones[c] for c in ZONE_COLUMNS if c.endswith("_source")] + [tt["source"]]
    used = {k for col in cells for cell in col for k in str(cell).split(";")}
    unknown = sorted(used - set(raw.source_kinds))
    if unknown:
        raise ValueError(f"source keys missing from sources.csv: {', '.join(unknown)}")
    return {"zones.csv": render_zones(geo.zones), "travel_times.csv": render_travel_times(tt)}


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


# -------------------------------------------------------------------------------------------------
# Report
# -------------------------------------------------------------------------------------------------
SANITY_PAIRS: tuple[tuple[str, str], ...] = (
    ("Zwolle", "Enschede"),
    ("Enschede", "Hengelo"),
    ("Zwolle", "Kampen"),
    ("Zwolle", "Deventer"),
    ("Zwolle", "Randstad"),
    ("Enschede", "Randstad"),
    ("Deventer", "Randstad"),
    ("Hardenberg", "Enschede"),
    ("Staphorst", "Zwolle"),
    ("Losser", "Enschede"),
    ("Tubbergen", "Zwolle"),
    ("Haaksbergen", "Deventer"),
    ("Enschede", "Münster-Osnabrück"),
    ("Zwolle", "Groningen"),
    ("Enschede", "Enschede"),
    ("Hardenberg", "Hardenberg"),
)


def line_minutes(lines: list[Line], name: str, a: int, b: int) -> float:
    """Minutes between two zones along one line.

    Parameters
    ----------
    lines
        PT lines.
    name
        Line id.
    a, b
        Zone indices (both stops of the line).

    Returns
    -------
    float
        Absolute difference of the cumulative minutes at the two stops.
    """
    line = next(ln for ln in lines if ln.name == name)
    return abs(line.cum[line.stops.index(b)] - line.cum[line.stops.index(a)])


def holdout_table(raw: RawData, geo: Geography) -> pd.DataFrame:
    """Compare the reference rail figures with the network, each figure held out in turn.

    Parameters
    ----------
    raw
        The raw inputs.
    geo
        The full build.

    Returns
    -------
    pandas.DataFrame
        One row per (line, pair) figure: known minutes, the line's minutes with all figures
        (``on_line``), the line's minutes rebuilt without this figure (``held_out``, i.e. what
        the estimation rules give), their difference, and the network minutes of the full build
        (best path over all lines, incl. transfer penalties). Then one row per check figure.
    """
    names = list(geo.zones["zone"])
    idx = {z: i for i, z in enumerate(names)}
    rows = []
    model = raw.rail_links[raw.rail_links["use"] == "model"]
    for (line, a, b), rec in pair_means(model, ["minutes"], group=["line"]).items():
        lines = build_lines(raw, names, geo.crow, geo.rfit, exclude=(line, a, b))
        held = line_minutes(lines, line, idx[a], idx[b])
        known = float(rec["minutes"])  # type: ignore[arg-type]
        rows.append(
            (f"{a}-{b}", line, known, line_minutes(geo.lines, line, idx[a], idx[b]), held,
             held - known, geo.pt_ivt[idx[a], idx[b]])
        )  # fmt: skip
    for r in raw.rail_links[raw.rail_links["use"] == "check"].itertuples(index=False):
        full = geo.pt_ivt[idx[r.origin_zone], idx[r.destination_zone]]
        label = f"{r.origin_place}-{r.destination_place}"
        rows.append((label, "(check)", float(str(r.minutes)), np.nan, np.nan, np.nan, full))
    cols = ["pair", "line", "known", "on_line", "held_out", "diff", "network"]
    return pd.DataFrame(rows, columns=cols).round(1)


def car_holdout_table(raw: RawData) -> pd.DataFrame:
    """Compare the reference car pairs with the car fit, with and without each pair.

    Parameters
    ----------
    raw
        The raw inputs.

    Returns
    -------
    pandas.DataFrame
        Pair, crow-fly km, known minutes, fitted minutes, leave-one-out prediction and the
        leave-one-out difference.
    """
    crow = raw.car["crow_fly_km"].to_numpy(float)
    known = raw.car["minutes"].to_numpy(float)
    full = car_fit(raw)
    rows = []
    for i, r in enumerate(raw.car.itertuples(index=False)):
        keep = np.arange(len(crow)) != i
        f = fit_line(crow[keep], known[keep])
        pred = float(f(crow[i]))
        rows.append(
            (f"{r.origin_place}-{r.destination_place}", crow[i], known[i], float(full(crow[i])),
             pred, pred - known[i])
        )  # fmt: skip
    cols = ["pair", "crow_km", "known", "fit", "held_out", "diff"]
    return pd.DataFrame(rows, columns=cols).round(1)


def report(data_dir: Path = DATA_DIR) -> str:
    """Text report: fits, line segments, hold-out checks and a sanity table.

    Parameters
    ----------
    data_dir
        The ``youth_sim/data`` directory.

    Returns
    -------
    str
        The report.
    """
    raw = load_raw(data_dir)
    geo = build_geography(raw)
    tt = build_travel_times(geo, raw).set_index(["origin", "destination", "mode"])
    names = list(geo.zones["zone"])
    out = [
        f"car fit:  {geo.cfit.summary()}",
        f"rail fit: {geo.rfit.summary()}",
        f"road detour (through origin, n = {len(raw.car)}): {geo.detour:.3f}",
        "",
        "rail segments (minutes):",
    ]
    for line in geo.lines:
        if line.is_bus:
            continue
        segs = " ".join(
            f"{names[a]}-{names[b]} {t:.1f}{'*' if {p, p + 1} <= line.timing else ''}"
            for p, ((a, b), t) in enumerate(
                zip(itertools.pairwise(line.stops), line.seg_min, strict=True)
            )
        )
        out.append(f"  {line.name}: {segs}")
    out += ["  (* = between two adjacent timing points)", ""]
    out += [
        "rail figures: known vs the line's minutes with all figures (on_line), without this",
        "figure (held_out) and the network's best in-vehicle minutes incl. transfers (network)",
    ]
    out += [holdout_table(raw, geo).to_string(index=False), ""]
    out += ["car reference pairs: known vs fit and leave-one-out prediction (in-vehicle min)"]
    out += [car_holdout_table(raw).to_string(index=False), ""]
    out.append("sanity table (door-to-door minutes; pt = in-vehicle + access + wait):")
    table = []
    for a, b in SANITY_PAIRS:
        car, pt, bike = (tt.xs((a, b, m)) for m in MODES)
        table.append(
            (f"{a}-{b}", car["distance_km"], car["minutes"], pt["in_vehicle_min"],
             pt["access_egress_min"], pt["wait_min"], pt["minutes"], bike["minutes"])
        )  # fmt: skip
    cols = ["pair", "road_km", "car", "pt_ivt", "pt_acc", "pt_wait", "pt", "bike"]
    out.append(pd.DataFrame(table, columns=cols).to_string(index=False))
    z = geo.zones.set_index("zone")
    twente = z.loc[z["region"] == "Twente", "jobs"].sum()
    out += [
        "",
        f"Twente jobs in zones.csv: {twente:,} (verified total: 336,730 werkzame personen 2022)",
        f"amenity range over municipalities: {z['amenity'][z['kind'] != 'outside'].min():.2f}"
        f" .. {z['amenity'][z['kind'] != 'outside'].max():.2f}; outside zones: "
        + ", ".join(f"{k} {v:.2f}" for k, v in z.loc[list(OUTSIDE_ZONES), "amenity"].items()),
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 1 when ``--check`` finds stale files.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the CSVs are stale")
    parser.add_argument("--report", action="store_true", help="print fits and sanity checks")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.data_dir)
        if stale:
            print(
                f"stale geography files: {', '.join(stale)}; run scripts/build_geography.py",
                file=sys.stderr,
            )
            return 1
        print("geography files are up to date")
        return 0
    if args.report:
        print(report(args.data_dir))
        return 0
    write_outputs(args.data_dir)
    print(f"wrote {', '.join(OUTPUT_FILES)} in {args.data_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
