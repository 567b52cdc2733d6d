"""Discrete choice and rationing, vectorised over choosers (no per-agent Python loops).

* :func:`draw` draws from a multinomial logit (exact MNL: one uniform per chooser against the
  running sum of the logit probabilities).
* :func:`draw_weighted` draws one column per row in proportion to non-negative weights.
* :func:`logsum` is the expected maximum utility (consumer surplus up to a constant).
* :func:`bernoulli_indices` and :func:`thinned` pick who has an event this month without a
  uniform per agent: candidates by geometric gaps at a bound, then each kept with its own
  chance over the bound (thinning; exact).
* :func:`ration` keeps, per alternative, the first ``slots`` choosers in a random (optionally
  weighted) order: the capacity lottery of ChoiceModels' ``iterative_lottery_choices`` and the
  employer's pick among applicants.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

NONE_CHOSEN = -1
"""Returned by :func:`draw_weighted` for a row whose weights are all zero."""


def draw(utility: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """Draw one alternative per chooser from a multinomial logit.

    Parameters
    ----------
    utility
        (n, K) systematic utilities, ``-inf`` where an alternative is unavailable. Every row
        needs at least one finite entry.
    scale
        Logit scale sigma in the utilities' unit: P(k) = exp(U_k / sigma) / sum exp(U / sigma).
    rng
        Draws n uniforms.

    Returns
    -------
    numpy.ndarray
        (n,) column indices.
    """
    # The logit probabilities (up to their sum), then one uniform per chooser against their
    # running sum: exact, and a tenth of the cost of n x K Gumbel variates.
    top = np.max(utility, axis=1, keepdims=True)
    weights = np.exp((utility - top) / scale)
    return _inverse_cdf(weights, rng.random(len(weights)))


def _inverse_cdf(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """(n,) per row, the column where ``u`` x the row's total falls in its running sum.

    A column of weight 0 is never chosen; :data:`NONE_CHOSEN` where all weights are 0.
    """
    # Running sums column by column over a (K, n) copy: the same sums as np.cumsum(axis=1),
    # several times faster for the few columns here (numpy's accumulate is slow on short rows).
    cumulative = np.array(weights.T, order="C")
    for k in range(1, len(cumulative)):
        np.add(cumulative[k - 1], cumulative[k], out=cumulative[k])
    total = cumulative[-1]
    # Below the total, even where u x total rounds up to it: the last column with weight.
    target = np.minimum(u * total, np.nextafter(total, 0.0))
    chosen = np.count_nonzero(cumulative <= target, axis=0)
    return np.where(total > 0, chosen, NONE_CHOSEN)


def logsum(utility: np.ndarray, scale: float) -> np.ndarray:
    """(n,) expected maximum utility ``scale * ln sum_k exp(U_k / scale)`` (stable)."""
    top = np.max(utility, axis=1, keepdims=True)
    return (top + scale * np.log(np.sum(np.exp((utility - top) / scale), axis=1, keepdims=True)))[
        :, 0
    ]


def probabilities(utility: np.ndarray, scale: float) -> np.ndarray:
    """(n, K) multinomial-logit probabilities (rows sum to 1)."""
    top = np.max(utility, axis=1, keepdims=True)
    expu = np.exp((utility - top) / scale)
    return expu / expu.sum(axis=1, keepdims=True)


def draw_weighted(weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one column per row with probability proportional to ``weights``.

    Parameters
    ----------
    weights
        (n, K) non-negative weights.
    rng
        Draws n uniforms.

    Returns
    -------
    numpy.ndarray
        (n,) column indices; :data:`NONE_CHOSEN` where a row's weights are all zero.
    """
    return _inverse_cdf(weights, rng.random(len(weights)))


def draw_grouped(weights: np.ndarray, group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one column per chooser from its group's row of weights (proportional).

    Choosers in the same group share one row of ``weights`` (G, K), so the cost is one
    cumulative table and one binary search per chooser, not a row per chooser.

    Parameters
    ----------
    weights
        (G, K) non-negative weights per group.
    group
        (n,) group index of each chooser.
    rng
        Draws n uniforms.

    Returns
    -------
    numpy.ndarray
        (n,) column indices; :data:`NONE_CHOSEN` where the group's weights are all zero.
    """
    n_groups, n_cols = weights.shape
    total = weights.sum(axis=1)
    cdf = np.cumsum(weights, axis=1) / np.where(total > 0, total, 1.0)[:, None]
    # Row g's cumulative shares lie in (g, g + 1], so one search over the flattened table
    # finds the column for every chooser at once.
    flat = (cdf + np.arange(n_groups)[:, None]).ravel()
    target = group + rng.random(len(group))
    # Searching for the targets in sorted order is much faster than in random order.
    by_target = np.argsort(target)
    position = np.empty(len(target), dtype=np.int64)
    position[by_target] = np.searchsorted(flat, target[by_target], side="right")
    column = np.minimum(position - group * n_cols, n_cols - 1)
    return np.where(total[group] > 0, column, NONE_CHOSEN)


def ration(
    choice: np.ndarray,
    slots: np.ndarray,
    rng: np.random.Generator,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """Accept, per alternative, at most ``slots`` of the choosers, in a random order.

    Parameters
    ----------
    choice
        (n,) chosen alternative per chooser, in ``0..len(slots)-1``.
    slots
        (K,) how many choosers each alternative can take (negative counts as 0).
    rng
        Draws n uniforms (the random order).
    weight
        Optional (n,) positive priority weights: a chooser with weight w is ahead of one with
        weight 1 as in weighted sampling without replacement (exponential race keys).

    Returns
    -------
    numpy.ndarray
        (n,) bool, True for accepted choosers. Exactly ``min(slots[k], choosers of k)`` are
        accepted for each alternative k.
    """
    n = len(choice)
    if n == 0:
        return np.zeros(0, dtype=bool)
    u = rng.random(n)
    slots = np.maximum(slots, 0)
    # Alternatives with room for all their choosers take them all; only the others draw lots.
    crowded = np.bincount(choice, minlength=len(slots)) > slots
    accepted = ~crowded[choice]
    who = np.flatnonzero(~accepted)
    if len(who) == 0:
        return accepted
    # Exponential race: key E / w with E = -ln(1 - u) ~ Exp(1), smallest first (with w = 1 a
    # uniformly random order). Sorted as 1 - exp(-key) = 1 - (1 - u)^(1/w), which orders the
    # same and lies in [0, 1), so that alternative + position sorts by alternative, then key.
    position = u[who] if weight is None else -np.expm1(np.log1p(-u[who]) / weight[who])
    mine = choice[who]
    order = np.argsort(mine + position)
    sorted_choice = mine[order]
    per_choice = np.bincount(mine, minlength=len(slots))
    first = np.cumsum(per_choice) - per_choice  # where each alternative's run starts
    rank = np.arange(len(who)) - first[sorted_choice]
    accepted[who[order]] = rank < slots[sorted_choice]
    return accepted


def bernoulli_indices(n: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """Sorted indices of the successes among ``n`` independent trials of chance ``p``.

    The gaps between successes are geometric, so the work is in proportion to the successes
    (about ``n p``), not to ``n``. Draws geometric variates until past ``n``.
    """
    if n <= 0 or p <= 0.0:
        return np.zeros(0, dtype=np.int64)
    if p >= 1.0:
        return np.arange(n, dtype=np.int64)
    expected = n * p
    parts = []
    end = -1  # index of the last success so far
    while True:
        gaps = rng.geometric(p, size=int(expected + 4.0 * np.sqrt(expected) + 16))
        positions = end + np.cumsum(gaps)
        parts.append(positions[positions < n])
        if positions[-1] >= n:
            return np.concatenate(parts)
        end = int(positions[-1])
        expected = (n - 1 - end) * p


def thinned(
    n: int,
    bound: float,
    chance: Callable[[np.ndarray], np.ndarray],
    rng: np.random.Generator,
) -> np.ndarray:
    """Sorted indices of those among ``n`` agents who have an event, each with its own chance.

    ``chance(idx)`` gives the chances (at most ``bound``) of the agents ``idx``. Candidates are
    drawn at the ``bound`` (:func:`bernoulli_indices`) and each is kept with ``chance /
    bound``, so agent i has the event with probability ``chance_i`` exactly, independently of
    the others (thinning), and only the candidates are looked at. Draws the candidates' gaps,
    then one uniform per candidate.
    """
    candidates = bernoulli_indices(n, bound, rng)
    if bound <= 0.0 or len(candidates) == 0:
        return candidates
    p = chance(candidates)
    if np.any(p > bound * (1.0 + 1e-12)):
        raise ValueError(f"a chance of {p.max():g} exceeds the bound {bound:g}")
    return candidates[rng.random(len(candidates)) * bound < p]
