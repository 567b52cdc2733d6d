"""Run one scenario over its horizon: the plain-function view of the model."""

from __future__ import annotations

from collections.abc import Callable

from youth_sim.config.schema import Scenario
from youth_sim.geography import Geography
from youth_sim.model import YouthModel


def run_scenario(
    config: Scenario,
    *,
    seed: int | None = None,
    geography: Geography | None = None,
    progress: Callable[[int], object] | None = None,
) -> YouthModel:
    """Build a :class:`YouthModel` and run it for ``config.run.years`` years.

    Parameters
    ----------
    config
        A validated scenario.
    seed
        Overrides ``config.run.seed``.
    geography
        Pre-loaded zones and travel times (saves reading the files again in a sweep).
    progress
        Called with 1 after every month.

    Returns
    -------
    YouthModel
        The model at the end of the horizon; ``model.indicators`` holds the final values and
        ``model.metrics()`` the monthly series.
    """
    model = YouthModel(config, geography, rng=seed)
    model.run_months(config.run.years * 12, progress)
    return model
