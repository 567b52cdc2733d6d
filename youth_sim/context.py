"""The month being simulated: what every submodel of a step reads besides the state it changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from youth_sim.config.schema import Scenario


@dataclass(frozen=True)
class Month:
    """One step's context, passed to every submodel instead of long argument lists.

    Attributes
    ----------
    step
        Months since the start; the first step is 1 (step 0 is the initial state).
    config
        The scenario: each submodel reads its own section (``config.labour`` ...).
    rng
        The model's random number generator: the only source of randomness.
    """

    step: int
    config: Scenario
    rng: np.random.Generator
