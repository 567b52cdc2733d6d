"""Discrete choice and rationing: exact MNL draws, weighted draws, and the capacity lottery."""

import numpy as np
import pytest

from youth_sim.choice import (
    NONE_CHOSEN,
    _inverse_cdf,
    bernoulli_indices,
    draw,
    draw_grouped,
    draw_weighted,
    logsum,
    probabilities,
    ration,
    thinned,
)

# Hand-computed MNL table: utilities (EUR/month) [0, 100, -50] with scale 50 give
# exp([0, 2, -1]) / sum = [0.1142, 0.8438, 0.0420] (computed with a pocket calculator:
# e^2 = 7.3891, e^-1 = 0.3679, sum = 8.7570).
HAND_UTILITY = np.array([[0.0, 100.0, -50.0]])
HAND_PROBABILITIES = np.array([[1 / 8.7570, 7.3891 / 8.7570, 0.3679 / 8.7570]])


def _within_binomial_error(counts: np.ndarray, p: np.ndarray, n: int, z: float = 4.5) -> bool:
    """Observed counts agree with expected shares within z standard errors per cell."""
    se = np.sqrt(n * p * (1 - p))
    return bool(np.all(np.abs(counts - n * p) <= z * np.maximum(se, 1.0)))


def test_probabilities_match_hand_computed_table() -> None:
    np.testing.assert_allclose(probabilities(HAND_UTILITY, 50.0), HAND_PROBABILITIES, atol=1e-4)


def test_logsum_matches_hand_computed_value() -> None:
    # 50 x ln(8.7570) = 108.5 EUR/month
    np.testing.assert_allclose(logsum(HAND_UTILITY, 50.0), [50.0 * np.log(8.7570)], rtol=1e-4)


def test_logit_draw_reproduces_mnl_shares() -> None:
    rng = np.random.default_rng(3)
    n = 200_000
    chosen = draw(np.repeat(HAND_UTILITY, n, axis=0), 50.0, rng)
    counts = np.bincount(chosen, minlength=3)
    assert _within_binomial_error(counts, HAND_PROBABILITIES[0], n)


def test_draw_never_picks_an_unavailable_alternative() -> None:
    rng = np.random.default_rng(4)
    utility = np.array([[0.0, -np.inf, 5.0], [-np.inf, -np.inf, 1.0]])
    chosen = draw(np.tile(utility, (5000, 1)), 1.0, rng)
    assert not np.any(chosen == 1)
    assert np.all(chosen[1::2] == 2)


def test_a_uniform_at_the_top_never_lands_on_a_trailing_empty_column() -> None:
    # If u x total reached the total, counting the running sums below it would pick the empty
    # column after the last one with weight (the old clip to the last column did).
    weights = np.array([[0.1, 0.2, 0.0, 0.0], [0.1, 0.2, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    chosen = _inverse_cdf(weights, np.array([1.0, 0.0, 0.5]))
    np.testing.assert_array_equal(chosen, [1, 0, NONE_CHOSEN])


def test_weighted_draw_reproduces_weights_and_flags_empty_rows() -> None:
    rng = np.random.default_rng(5)
    n = 100_000
    weights = np.array([[0.0, 1.0, 3.0, 0.0, 6.0]])
    chosen = draw_weighted(np.repeat(weights, n, axis=0), rng)
    counts = np.bincount(chosen, minlength=5)
    assert counts[0] == 0
    assert counts[3] == 0
    assert _within_binomial_error(counts, weights[0] / weights.sum(), n)
    assert draw_weighted(np.zeros((3, 4)), rng).tolist() == [NONE_CHOSEN] * 3


def test_ration_accepts_exactly_the_free_slots() -> None:
    rng = np.random.default_rng(6)
    choice = rng.integers(0, 5, 10_000)
    slots = np.array([0, 10, 5_000, 1_000_000, -3])
    accepted = ration(choice, slots, rng)
    per_alternative = np.bincount(choice[accepted], minlength=5)
    demand = np.bincount(choice, minlength=5)
    np.testing.assert_array_equal(per_alternative, np.minimum(demand, np.maximum(slots, 0)))


def test_ration_order_is_uniform_without_weights() -> None:
    # One slot, three choosers: each wins a third of the time.
    rng = np.random.default_rng(7)
    wins = np.zeros(3)
    for _ in range(6000):
        wins += ration(np.zeros(3, dtype=int), np.array([1]), rng)
    assert _within_binomial_error(wins, np.full(3, 1 / 3), 6000)


def test_weighted_ration_is_weighted_sampling_without_replacement() -> None:
    # One slot, weights 1 and 3: the heavier chooser wins with probability 3/4.
    rng = np.random.default_rng(8)
    n = 20_000
    wins = np.zeros(2)
    for _ in range(n // 1000):
        # 1000 independent contests at once: contest k is alternative k.
        choice = np.repeat(np.arange(1000), 2)
        weight = np.tile([1.0, 3.0], 1000)
        won = ration(choice, np.ones(1000), rng, weight=weight)
        wins += won.reshape(1000, 2).sum(axis=0)
    assert _within_binomial_error(wins, np.array([0.25, 0.75]), n)


@pytest.mark.parametrize("n", [0, 1])
def test_ration_handles_tiny_inputs(n: int) -> None:
    rng = np.random.default_rng(9)
    accepted = ration(np.zeros(n, dtype=int), np.array([1]), rng)
    assert accepted.tolist() == [True] * n


def test_grouped_draw_reproduces_each_groups_weights() -> None:
    rng = np.random.default_rng(10)
    weights = np.array([[1.0, 0.0, 3.0], [0.0, 0.0, 0.0], [0.0, 5.0, 5.0], [2.0, 0.0, 0.0]])
    n = 60_000
    group = rng.integers(0, 4, n)
    chosen = draw_grouped(weights, group, rng)
    assert np.all(chosen[group == 1] == NONE_CHOSEN)
    assert np.all(chosen[group == 3] == 0)
    for g in (0, 2):
        counts = np.bincount(chosen[group == g], minlength=3)
        assert _within_binomial_error(
            counts, weights[g] / weights[g].sum(), int((group == g).sum())
        )


def test_bernoulli_indices_hit_each_index_at_the_rate() -> None:
    """Geometric gaps give every index the chance p, the last ones too, and nothing twice."""
    rng = np.random.default_rng(11)
    n, p, reps = 500, 0.05, 4000
    hits = np.zeros(n)
    for _ in range(reps):
        idx = bernoulli_indices(n, p, rng)
        assert np.all(np.diff(idx) > 0)
        assert np.all((idx >= 0) & (idx < n))
        hits[idx] += 1
    rate = hits / reps
    se = np.sqrt(p * (1 - p) / reps)
    assert abs(rate.mean() - p) < 4 * se / np.sqrt(n)
    assert abs(rate[:50].mean() - p) < 4 * se / np.sqrt(50)  # the start
    assert abs(rate[-50:].mean() - p) < 4 * se / np.sqrt(50)  # the end (the last gap)
    assert len(bernoulli_indices(n, 0.0, rng)) == 0
    np.testing.assert_array_equal(bernoulli_indices(5, 1.0, rng), np.arange(5))


def test_thinning_gives_each_agent_its_own_chance() -> None:
    """Candidates at the bound, kept with chance / bound: agent i has the event with chance_i."""
    rng = np.random.default_rng(12)
    n, reps = 400, 5000
    chance = np.linspace(0.0, 0.08, n)
    hits = np.zeros(n)
    for _ in range(reps):
        hits[thinned(n, 0.1, lambda idx: chance[idx], rng)] += 1
    rate = hits / reps
    slope, intercept = np.polyfit(chance, rate, 1)
    assert abs(slope - 1.0) < 0.05
    assert abs(intercept) < 0.002
    assert rate[chance == 0].sum() == 0  # a chance of 0 never happens
    with pytest.raises(ValueError, match="exceeds the bound"):
        thinned(n, 0.05, lambda idx: chance[idx], rng)
