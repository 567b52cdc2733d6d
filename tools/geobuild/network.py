"""The PT network: line-aware shortest paths between zones, and PT service classes.

Nodes are zones; a search state is (zone, line arrived on), so boarding another line costs the
transfer penalty.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tools.geobuild.assumptions import ASSUMPTIONS
from tools.geobuild.lines import Line
from tools.geobuild.raw import RawData
from tools.geobuild.sources import join_keys


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
            penalty = ASSUMPTIONS.transfer_penalty_min if lu not in (start, lv) else 0.0
            nd = d + t + penalty
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
