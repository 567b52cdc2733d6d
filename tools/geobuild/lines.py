"""PT lines with segment minutes: rail lines solved from timetable figures, and bus links.

``solve_line`` is the rail-line least-squares solve (``tt_rail_line_solve``): reference figures
between stops of a line fix its timing points; segments between timing points share the solved
span in proportion to their weights.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from tools.geobuild.assumptions import ASSUMPTIONS
from tools.geobuild.fits import LinearFit, pair_means
from tools.geobuild.raw import RawData
from tools.geobuild.sources import join_keys


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
            w.append(min(ASSUMPTIONS.line_solve_weight[k] for k in kinds))
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
                w.append(ASSUMPTIONS.bridge_weight)
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
        minutes = crow[i, j] * ASSUMPTIONS.bus_detour / ASSUMPTIONS.bus_speed_kmh * 60.0
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
