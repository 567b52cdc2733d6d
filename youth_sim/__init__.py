"""youth_sim: where young people in Overijssel live and work, and what policy changes.

Public API: :class:`YouthModel`, :func:`load_scenario`, :func:`run_scenario`,
:func:`run_indicators` (the model as a plain function).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("youth_sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

from youth_sim.config import ConfigError, Scenario, load_scenario
from youth_sim.model import YouthModel
from youth_sim.runner import run_indicators, run_scenario

__all__ = [
    "ConfigError",
    "Scenario",
    "YouthModel",
    "__version__",
    "load_scenario",
    "run_indicators",
    "run_scenario",
]
