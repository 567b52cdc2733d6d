"""Scenario configuration: schema, loading and the one-line error contract."""

from youth_sim.config.load import load_scenario
from youth_sim.config.schema import Scenario

__all__ = ["Scenario", "load_scenario"]
