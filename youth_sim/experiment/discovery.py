"""Scenario discovery: which uncertain parameters decide which policy wins (PRIM).

Over a plausible ensemble, one policy beats another on an indicator in some parameter sets and
not in others. The Patient Rule Induction Method (Friedman & Fisher 1999; Bryant & Lempert
2010 for scenario discovery, as in EMA Workbench) finds a box of parameter values where it
wins much more often: starting from all sets, it repeatedly peels off the ``alpha`` share of
sets at one end of one parameter, choosing the peel that most raises the share of wins left,
until the box would hold fewer than ``min_support`` sets. Along that path, the box reported is
the first one whose density (share of wins inside) is within ``NEAR`` of the highest among
those that still hold at least ``min_coverage`` of all the wins (as dense, covering more). A
box restricts at most ``max_dims`` parameters (a box on many parameters over few sets
describes noise). Each limit gets a quasi-p-value (a one-sided binomial test against the box
without it, as EMA Workbench reports), so that a box found in noise can be told apart. Numpy
and scipy, for tens to thousands of sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

NEAR = 0.05
"""A box this close to the densest on the peeling path counts as as dense (and covers more)."""


@dataclass(frozen=True)
class Box:
    """Limits on some parameters, and how well the box describes the wins."""

    limits: dict[str, tuple[float, float]]
    """Only the parameters the box restricts: (low, high), both included."""
    coverage: float
    """Share of all wins that fall in the box."""
    density: float
    """Share of the sets in the box that are wins."""
    support: int
    """Sets in the box."""
    qp: dict[str, float] = field(default_factory=dict)
    """Quasi-p-value of each limit (Bryant & Lempert 2010; EMA Workbench): the chance of at
    least the box's wins among its sets if that limit were dropped and the wins fell at the
    density of the box without it (one-sided binomial). Large means the limit may be chance."""


def prim(
    x: np.ndarray,
    wins: np.ndarray,
    names: list[str],
    alpha: float = 0.1,
    min_support: int = 5,
    min_coverage: float = 0.5,
    max_dims: int = 2,
) -> Box | None:
    """The PRIM box for ``wins`` (n,) bool over parameter values ``x`` (n, d); None if none.

    None when there are no wins, or every set is a win (nothing to explain), or no peel raises
    the density above the share of wins overall.
    """
    x = np.asarray(x, dtype=float)
    wins = np.asarray(wins, dtype=bool)
    total = int(wins.sum())
    if total == 0 or total == len(wins):
        return None
    inside = np.ones(len(wins), dtype=bool)
    low, high = x.min(axis=0), x.max(axis=0)
    base = total / len(wins)
    path: list[Box] = []
    while True:
        count = int(inside.sum())
        peel = max(1, int(np.ceil(alpha * count)))
        if count - peel < min_support:
            break
        choice: tuple[float, int, bool, float] | None = None  # (density, dim, from_low, cut)
        restricted = [
            d for d in range(x.shape[1]) if low[d] > x[:, d].min() or high[d] < x[:, d].max()
        ]
        dims = restricted if len(restricted) >= max_dims else range(x.shape[1])
        for dim in dims:
            values = np.sort(x[inside, dim])
            for from_low in (True, False):
                cut = values[peel - 1] if from_low else values[-peel]
                keep = inside & ((x[:, dim] > cut) if from_low else (x[:, dim] < cut))
                if keep.sum() < min_support or keep.sum() == count:
                    continue
                density = float(wins[keep].mean())
                if choice is None or density > choice[0]:
                    choice = (density, dim, from_low, float(cut))
        if choice is None:
            break
        density, dim, from_low, cut = choice
        inside &= (x[:, dim] > cut) if from_low else (x[:, dim] < cut)
        if from_low:
            low[dim] = x[inside, dim].min()
        else:
            high[dim] = x[inside, dim].max()
        coverage = float(wins[inside].sum() / total)
        if coverage < min_coverage:
            break
        if density > base:
            full_low, full_high = x.min(axis=0), x.max(axis=0)
            limits = {
                names[d]: (float(low[d]), float(high[d]))
                for d in range(x.shape[1])
                if low[d] > full_low[d] or high[d] < full_high[d]
            }
            path.append(Box(limits, coverage, density, int(inside.sum())))
    if not path:
        return None
    # The first box on the path within NEAR of the densest: as dense, and covering more.
    densest = max(box.density for box in path)
    chosen = next(box for box in path if box.density >= densest - NEAR)
    return replace(chosen, qp=quasi_p(x, wins, names, chosen.limits))


def _in_box(
    x: np.ndarray, names: list[str], limits: dict[str, tuple[float, float]], drop: str = ""
) -> np.ndarray:
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in limits.items():
        if name != drop:
            column = x[:, names.index(name)]
            inside &= (column >= low) & (column <= high)
    return inside


def quasi_p(
    x: np.ndarray, wins: np.ndarray, names: list[str], limits: dict[str, tuple[float, float]]
) -> dict[str, float]:
    """Each limit's quasi-p-value (see :attr:`Box.qp`)."""
    from scipy import stats

    inside = _in_box(x, names, limits)
    n, k = int(inside.sum()), int(wins[inside].sum())
    values = {}
    for name in limits:
        wider = _in_box(x, names, limits, drop=name)
        density = float(wins[wider].mean())
        values[name] = float(stats.binom.sf(k - 1, n, density))
    return values


def describe(box: Box, full: dict[str, tuple[float, float]]) -> str:
    """The box in words: 'a below 0.3 and b above 2' (a limit at the range's end is left out)."""
    parts = []
    for name, (low, high) in box.limits.items():
        lo_full, hi_full = full[name]
        if low > lo_full and high < hi_full:
            parts.append(f"{name} between {low:.3g} and {high:.3g}")
        elif low > lo_full:
            parts.append(f"{name} at least {low:.3g}")
        else:
            parts.append(f"{name} at most {high:.3g}")
    return " and ".join(parts)
