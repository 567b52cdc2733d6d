"""History matching in waves: rule out the parameter sets that cannot reproduce the targets.

The method of Craig et al. (1997) and Vernon, Goldstein & Bower (2010), as Andrianakis et al.
(2015) apply it to a stochastic individual-based model. For a parameter set ``x`` and a target
``t`` with observed value ``z_t``, the implausibility is

    I_t(x) = |z_t - E[f_t(x)]| / sqrt(V_obs,t + V_disc,t + V_rep,t(x) / r + V_em,t(x))

with the observation variance ``V_obs`` (the target's tolerance), the model discrepancy
``V_disc`` (what the model leaves out), the variance between replications ``V_rep`` of ``r``
replications (the model is stochastic) and, where an emulator stands in for the model, its
variance ``V_em``. A set is ruled out when its largest implausibility (over the targets used
for calibration) exceeds a cut-off, 3 by Pukelsheim's three-sigma rule. Each wave runs the
model on sets drawn from the space not yet ruled out: a cheap quadratic emulator per target,
fitted on all runs so far, screens a large Latin hypercube of candidates, and the runs go to
candidates it does not rule out. The runs, not the emulators, decide what is plausible in the
end.

Everything here is pure numpy on the unit cube (parameters scaled to 0-1 by their ranges); the
calibration command runs the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CUTOFF = 3.0
"""Implausibility above which a parameter set is ruled out (Pukelsheim's three-sigma rule)."""


@dataclass(frozen=True)
class Target:
    """An observed pattern the model must reproduce, and how sure we are of it."""

    name: str
    observed: float
    observation_sd: float
    """Uncertainty of the observation (the tolerance is about two of these)."""
    discrepancy_sd: float = 0.0
    """What the model leaves out, in the target's unit (model discrepancy)."""


def implausibility(
    mean: np.ndarray,
    replication_var: np.ndarray,
    replications: int,
    targets: list[Target],
    emulator_var: np.ndarray | None = None,
) -> np.ndarray:
    """(n, T) implausibility of n parameter sets for T targets.

    ``mean`` (n, T) is the mean over ``replications`` runs (or an emulator's prediction),
    ``replication_var`` (n, T) the variance between runs of one set, ``emulator_var`` (n, T)
    the emulator's variance where an emulator predicts.
    """
    observed = np.array([t.observed for t in targets])
    fixed = np.array([t.observation_sd**2 + t.discrepancy_sd**2 for t in targets])
    variance = fixed + np.asarray(replication_var) / max(replications, 1)
    if emulator_var is not None:
        variance = variance + emulator_var
    return np.abs(np.asarray(mean) - observed) / np.sqrt(np.maximum(variance, 1e-300))


def not_ruled_out(implausible: np.ndarray, cutoff: float = CUTOFF) -> np.ndarray:
    """(n,) bool: the largest implausibility of each set is at most ``cutoff``."""
    return np.asarray(implausible).max(axis=1) <= cutoff


def latin_hypercube(n: int, dims: int, rng: np.random.Generator) -> np.ndarray:
    """(n, dims) points in the unit cube, one in each of n equal slices of every axis."""
    slices = np.argsort(rng.random((dims, n)), axis=1).T  # a random permutation per axis
    return (slices + rng.random((n, dims))) / n


def _features(x: np.ndarray) -> np.ndarray:
    """Constant, linear, squared and pairwise terms of points in the unit cube (centred)."""
    centred = np.asarray(x, dtype=float) - 0.5
    n, dims = centred.shape
    rows, cols = np.triu_indices(dims, k=1)
    return np.hstack((np.ones((n, 1)), centred, centred**2, centred[:, rows] * centred[:, cols]))


@dataclass(frozen=True)
class Emulator:
    """A quadratic regression of one target on the parameters (least squares, small ridge).

    Its variance is the residual variance plus the uncertainty of the fitted coefficients, so
    it is honest about what it does not know far from the runs it was fitted on.
    """

    coefficients: np.ndarray
    residual_var: float
    inverse_gram: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, ridge: float = 1e-6) -> Emulator:
        """Fit on points ``x`` (n, d) in the unit cube and their values ``y`` (n,)."""
        features = _features(x)
        n, k = features.shape
        gram = features.T @ features + ridge * np.eye(k)
        inverse = np.linalg.inv(gram)
        coefficients = inverse @ features.T @ np.asarray(y, dtype=float)
        residuals = np.asarray(y, dtype=float) - features @ coefficients
        residual_var = float(residuals @ residuals / max(n - k, 1))
        return cls(coefficients, residual_var, inverse)

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(mean, variance) at points ``x`` (m, d)."""
        features = _features(x)
        mean = features @ self.coefficients
        spread = np.einsum("ij,jk,ik->i", features, self.inverse_gram, features)
        return mean, self.residual_var * (1.0 + spread)

    @staticmethod
    def minimum_runs(dims: int) -> int:
        """Runs needed to fit it: one per coefficient, plus some to estimate the residuals."""
        return 1 + 2 * dims + dims * (dims - 1) // 2 + 5


def screen(
    x: np.ndarray, y: np.ndarray, targets: list[Target], points: np.ndarray, cutoff: float = CUTOFF
) -> np.ndarray:
    """(m,) bool: ``points`` (m, d) not ruled out by emulators fitted on runs ``x``, ``y``.

    One quadratic emulator per target, fitted on the sets run so far ``x`` (n, d) and their
    mean outputs ``y`` (n, T); the variance between replications is left to the emulators'
    residuals.
    """
    means, variances = [], []
    for t in range(len(targets)):
        mean, var = Emulator.fit(x, y[:, t]).predict(points)
        means.append(mean)
        variances.append(var)
    mean, var = np.column_stack(means), np.column_stack(variances)
    return not_ruled_out(
        implausibility(mean, np.zeros_like(mean), 1, targets, emulator_var=var), cutoff
    )


def next_wave(
    x: np.ndarray,
    y: np.ndarray,
    targets: list[Target],
    runs: int,
    rng: np.random.Generator,
    candidates: int = 20_000,
    cutoff: float = CUTOFF,
) -> tuple[np.ndarray, float]:
    """The parameter sets of the next wave, and the share of the cube still not ruled out.

    ``x`` (n, d) are all sets run so far (unit cube) and ``y`` (n, T) their mean outputs;
    ``candidates`` Latin-hypercube points are screened by emulators fitted on them
    (:func:`screen`), and ``runs`` of those not ruled out are returned, spread over the space
    left (the nearest survivor to each point of a Latin hypercube of their bounding box). With
    fewer than ``runs`` survivors all of them are returned; with fewer runs so far than an
    emulator needs (:meth:`Emulator.minimum_runs`), nothing is ruled out yet.
    """
    dims = x.shape[1]
    pool = latin_hypercube(candidates, dims, rng)
    if len(x) < Emulator.minimum_runs(dims):
        # Too few runs to fit the emulators honestly (they would interpolate and be sure of
        # themselves): rule nothing out yet.
        keep = np.ones(len(pool), dtype=bool)
    else:
        keep = screen(x, y, targets, pool, cutoff)
    survivors = pool[keep]
    share = float(keep.mean())
    if len(survivors) <= runs:
        return survivors, share
    # Spread the runs over the survivors: the survivor nearest to each point of a fresh
    # Latin hypercube of the survivors' bounding box, without repeats.
    low, high = survivors.min(axis=0), survivors.max(axis=0)
    spread = low + latin_hypercube(runs, dims, rng) * (high - low)
    chosen: list[int] = []
    taken = np.zeros(len(survivors), dtype=bool)
    for point in spread:
        distance = np.sum((survivors - point) ** 2, axis=1)
        distance[taken] = np.inf
        best = int(np.argmin(distance))
        taken[best] = True
        chosen.append(best)
    return survivors[chosen], share
