"""History matching (issue 12): implausibility, emulators and waves on synthetic problems."""

from __future__ import annotations

import numpy as np
import pytest

from youth_sim.calibration.history import (
    CUTOFF,
    Emulator,
    Target,
    implausibility,
    latin_hypercube,
    next_wave,
    not_ruled_out,
    screen,
)


def test_implausibility_by_hand() -> None:
    # |10 - 7| / sqrt(1^2 + 2^2 + 4 / 4) = 3 / sqrt(6) = 1.2247
    targets = [Target("a", 10.0, observation_sd=1.0, discrepancy_sd=2.0)]
    value = implausibility(np.array([[7.0]]), np.array([[4.0]]), 4, targets)
    assert value[0, 0] == pytest.approx(3.0 / np.sqrt(6.0))
    with_emulator = implausibility(
        np.array([[7.0]]), np.array([[4.0]]), 4, targets, emulator_var=np.array([[3.0]])
    )
    assert with_emulator[0, 0] == pytest.approx(1.0)
    assert not_ruled_out(np.array([[1.0, 2.9], [3.1, 0.0]])).tolist() == [True, False]


def test_latin_hypercube_fills_every_slice_once() -> None:
    points = latin_hypercube(50, 3, np.random.default_rng(1))
    assert points.shape == (50, 3)
    for axis in range(3):
        np.testing.assert_array_equal(np.sort(np.floor(points[:, axis] * 50)), np.arange(50))


def test_a_quadratic_emulator_recovers_a_quadratic_and_knows_where_it_is_unsure() -> None:
    rng = np.random.default_rng(2)
    x = latin_hypercube(Emulator.minimum_runs(2) + 10, 2, rng)

    def truth(p: np.ndarray) -> np.ndarray:
        return 1.0 + 2.0 * p[:, 0] - 3.0 * p[:, 1] ** 2 + 0.5 * p[:, 0] * p[:, 1]

    emulator = Emulator.fit(x, truth(x))
    probe = latin_hypercube(200, 2, rng)
    mean, _ = emulator.predict(probe)
    np.testing.assert_allclose(mean, truth(probe), atol=1e-4)  # a tiny ridge
    noisy = Emulator.fit(x, truth(x) + rng.normal(0.0, 0.1, len(x)))
    _, near = noisy.predict(np.array([[0.5, 0.5]]))
    _, far = noisy.predict(np.array([[3.0, 3.0]]))  # well outside the runs
    assert far[0] > 10 * near[0]


def _model(x: np.ndarray, rng: np.random.Generator, replications: int) -> tuple:
    """A stochastic toy model with three outputs: (mean, variance) over replications."""
    runs = []
    for _ in range(replications):
        noise = rng.normal(0.0, 0.02, (len(x), 3))
        runs.append(
            np.column_stack(
                (x[:, 0] + 0.3 * x[:, 1], (x[:, 1] - 0.2) ** 2 + 0.5 * x[:, 2], x[:, 2] * x[:, 0])
            )
            + noise
        )
    stacked = np.stack(runs)
    return stacked.mean(axis=0), stacked.var(axis=0, ddof=1)


def test_waves_close_in_on_the_truth_and_rule_out_a_set_far_from_it() -> None:
    """Synthetic targets from a known truth: three waves keep the truth, rule out the far set.

    The plausible share of the cube shrinks from wave to wave, and the sets the model runs
    that are not ruled out cluster around the truth.
    """
    rng = np.random.default_rng(3)
    truth = np.array([[0.3, 0.7, 0.5]])
    observed, _ = _model(truth, np.random.default_rng(99), 50)
    targets = [
        Target(name, float(value), observation_sd=0.02)
        for name, value in zip(("a", "b", "c"), observed[0], strict=True)
    ]
    replications = 3
    x = first = latin_hypercube(60, 3, rng)
    mean, var = _model(x, rng, replications)
    shares = []
    for _ in range(3):
        new, share = next_wave(x, mean, targets, runs=40, rng=rng, candidates=5000)
        shares.append(share)
        new_mean, new_var = _model(new, rng, replications)
        x, mean, var = np.vstack((x, new)), np.vstack((mean, new_mean)), np.vstack((var, new_var))
    print("plausible share of the cube by wave:", shares)  # noqa: T201 (shown with -s)
    assert max(shares) < 0.05  # the targets pin the parameters down
    assert screen(x, mean, targets, truth)[0]  # the emulators never rule out the truth
    plausible = not_ruled_out(implausibility(mean, var, replications, targets))
    assert plausible.sum() >= 5
    distance = np.linalg.norm(x - truth, axis=1)
    before = np.linalg.norm(first - truth, axis=1)  # the first wave: the whole cube
    assert np.median(distance[plausible]) < 0.3 * np.median(before)
    truth_mean, truth_var = _model(truth, rng, replications)
    assert implausibility(truth_mean, truth_var, replications, targets).max() < CUTOFF
    far_mean, far_var = _model(np.array([[0.9, 0.1, 0.9]]), rng, replications)
    assert implausibility(far_mean, far_var, replications, targets).max() > CUTOFF
