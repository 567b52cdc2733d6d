"""Design points: none, full grid, Latin hypercube, Morris and Sobol (through SALib).

Every design is drawn from the experiment seed, so the same file gives the same points.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from youth_sim.experiment.schema import ExperimentFile, Value


def problem(spec: ExperimentFile) -> dict[str, Any]:
    """The SALib problem dictionary of a numeric design."""
    parameters = spec.parameters
    return {
        "num_vars": len(parameters),
        "names": [p.name for p in parameters],
        "bounds": [[p.low, p.high] for p in parameters],
    }


def cast(value: float, like: float | None) -> float | int:
    """Keep integers integral when both bounds are integers (e.g. a number of rounds)."""
    return round(value) if isinstance(like, int) else float(value)


def points(spec: ExperimentFile) -> list[dict[str, Value]]:
    """One dict of parameter values per design point (integer parameters stay integers).

    The Morris and Sobol analyses rebuild their sample matrix from these points, in order.
    """
    parameters = spec.parameters
    kind = spec.design.type
    if kind == "none":
        return [{}]
    if kind == "grid":
        values = [p.values or [] for p in parameters]
        return [
            {p.name: v for p, v in zip(parameters, combo, strict=True)}
            for combo in itertools.product(*values)
        ]
    n = int(spec.design.n or 0)
    if kind == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(parameters), seed=np.random.default_rng(spec.seed)).random(
            n
        )
        low = np.array([p.low for p in parameters], dtype=float)
        high = np.array([p.high for p in parameters], dtype=float)
        sample = low + unit * (high - low)
    elif kind == "morris":
        from SALib.sample import morris

        sample = morris.sample(problem(spec), n, num_levels=spec.design.levels or 4, seed=spec.seed)
    else:
        from SALib.sample import sobol

        sample = sobol.sample(problem(spec), n, calc_second_order=False, seed=spec.seed)
    rows: list[dict[str, Value]] = [
        {p.name: cast(float(x), p.low) for p, x in zip(parameters, row, strict=True)}
        for row in sample
    ]
    return rows
