"""Crow-fly distances and the fits to the reference pairs: car and rail lines, road detour.

Also the averaging of reference figures that fall on the same zone pair
(``tt_zone_pair_mean_rule``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.geobuild.raw import RawData
from tools.geobuild.sources import join_keys


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
