"""The zone table: one row per zone, the 25 municipalities alphabetically, then 7 outside zones.

Kinds (``kind_rule``), campus intake per zone, housing costs and the amenity index; the rules are
in the package docstring and the values in ``assumptions.yaml``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tools.geobuild.assumptions import ASSUMPTIONS
from tools.geobuild.raw import RawData
from tools.geobuild.sources import join_keys

OUTSIDE_ZONES: tuple[str, ...] = (
    "Randstad",
    "Apeldoorn",
    "Arnhem-Nijmegen",
    "Meppel",
    "Groningen",
    "Gronau-Bentheim",
    "Münster-Osnabrück",
)
ZONE_COLUMNS: tuple[str, ...] = (
    "zone", "cbs_code", "kind", "region", "lat", "lon", "area_km2", "pop_total", "pop_15_19",
    "pop_20_24", "pop_25_29", "pop_30_34", "pop_source", "jobs", "jobs_source",
    "housing_cost_eur_month", "housing_cost_source", "amenity", "amenity_source",
    "campus_intake_per_year", "campus_source", "young_knowledge_share",
    "young_knowledge_share_source", "jobs_knowledge_share", "jobs_knowledge_share_source",
    "jobs_growth_per_year", "jobs_growth_source",
)  # fmt: skip


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
    if name in ASSUMPTIONS.city_zones:
        return "city"
    return "town" if pop_total >= ASSUMPTIONS.town_min_pop else "rural"


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
    base_cost, base_key = direct[ASSUMPTIONS.housing_scale_base]
    base_price = float(prices[ASSUMPTIONS.housing_scale_base])
    costs: list[int] = []
    keys: list[str] = []
    for zone, region in zip(zones, regions, strict=True):
        if zone in direct:
            cost, key = direct[zone]
        elif zone in prices.index:
            cost = (
                base_cost * (float(prices[zone]) / base_price) ** ASSUMPTIONS.housing_price_exponent
            )
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

    amenity_raw = np.log(z["amenity_pop"].to_numpy()) + ASSUMPTIONS.amenity_campus_bonus * (
        z["campus_intake_per_year"].to_numpy() > 0
    )
    is_muni = (z["kind"] != "outside").to_numpy()
    mean, sd = amenity_raw[is_muni].mean(), amenity_raw[is_muni].std(ddof=0)
    z["amenity"] = (amenity_raw - mean) / sd
    z["amenity_source"] = [join_keys("amenity_rule", k) for k in z["amenity_pop_source"]]
    z["young_knowledge_share"] = [ASSUMPTIONS.young_knowledge_share[k] for k in z["kind"]]
    z["young_knowledge_share_source"] = "young_knowledge_share_rule"
    z["jobs_knowledge_share"] = [ASSUMPTIONS.jobs_knowledge_share[k] for k in z["kind"]]
    z["jobs_knowledge_share_source"] = "jobs_level_rule"
    z["jobs_growth_per_year"] = [ASSUMPTIONS.jobs_growth_per_year[k] for k in z["kind"]]
    z["jobs_growth_source"] = "jobs_growth_rule"
    return z[list(ZONE_COLUMNS)]
