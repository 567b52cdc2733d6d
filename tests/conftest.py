"""Shared fixtures: the baseline scenario and its geography, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from youth_sim.checks import load_checked
from youth_sim.config import Scenario, load_scenario
from youth_sim.geography import Geography

ROOT = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Tune the test process as the command line tunes a run (results do not depend on it)."""
    from youth_sim.runner import prepare_process

    prepare_process()


BASELINE = ROOT / "configs" / "baseline.yaml"


@pytest.fixture(scope="session")
def baseline() -> Scenario:
    """The shipped baseline scenario."""
    return load_scenario(BASELINE)


@pytest.fixture(scope="session")
def geography(baseline: Scenario) -> Geography:
    """The shipped default geography (never mutate it: models work on copies)."""
    return load_checked(baseline, BASELINE)
