"""The ``--report`` text: fits, rail segments, hold-out tables and a sanity table."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from tools.geobuild.fits import car_fit, fit_line, pair_means
from tools.geobuild.lines import Line, build_lines
from tools.geobuild.raw import DATA_DIR, RawData, load_raw
from tools.geobuild.travel import MODES, TravelNetwork, build_travel_network, build_travel_times
from tools.geobuild.zones import OUTSIDE_ZONES

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


def holdout_table(raw: RawData, net: TravelNetwork) -> pd.DataFrame:
    """Compare the reference rail figures with the network, each figure held out in turn.

    Parameters
    ----------
    raw
        The raw inputs.
    net
        The full build.

    Returns
    -------
    pandas.DataFrame
        One row per (line, pair) figure: known minutes, the line's minutes with all figures
        (``on_line``), the line's minutes rebuilt without this figure (``held_out``, i.e. what
        the estimation rules give), their difference, and the network minutes of the full build
        (best path over all lines, incl. transfer penalties). Then one row per check figure.
    """
    names = list(net.zones["zone"])
    idx = {z: i for i, z in enumerate(names)}
    rows = []
    model = raw.rail_links[raw.rail_links["use"] == "model"]
    for (line, a, b), rec in pair_means(model, ["minutes"], group=["line"]).items():
        lines = build_lines(raw, names, net.crow, net.rfit, exclude=(line, a, b))
        held = line_minutes(lines, line, idx[a], idx[b])
        known = float(rec["minutes"])  # type: ignore[arg-type]
        rows.append(
            (f"{a}-{b}", line, known, line_minutes(net.lines, line, idx[a], idx[b]), held,
             held - known, net.pt_ivt[idx[a], idx[b]])
        )  # fmt: skip
    for r in raw.rail_links[raw.rail_links["use"] == "check"].itertuples(index=False):
        full = net.pt_ivt[idx[r.origin_zone], idx[r.destination_zone]]
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
    net = build_travel_network(raw)
    tt = build_travel_times(net, raw).set_index(["origin", "destination", "mode"])
    names = list(net.zones["zone"])
    out = [
        f"car fit:  {net.cfit.summary()}",
        f"rail fit: {net.rfit.summary()}",
        f"road detour (through origin, n = {len(raw.car)}): {net.detour:.3f}",
        "",
        "rail segments (minutes):",
    ]
    for line in net.lines:
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
    out += [holdout_table(raw, net).to_string(index=False), ""]
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
    z = net.zones.set_index("zone")
    twente = z.loc[z["region"] == "Twente", "jobs"].sum()
    out += [
        "",
        f"Twente jobs in zones.csv: {twente:,} (verified total: 336,730 werkzame personen 2022)",
        f"amenity range over municipalities: {z['amenity'][z['kind'] != 'outside'].min():.2f}"
        f" .. {z['amenity'][z['kind'] != 'outside'].max():.2f}; outside zones: "
        + ", ".join(f"{k} {v:.2f}" for k, v in z.loc[list(OUTSIDE_ZONES), "amenity"].items()),
    ]
    return "\n".join(out)
