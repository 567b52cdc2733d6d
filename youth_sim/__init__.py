"""youth_sim: where young people in Overijssel live and work, and what policy changes.

Public API: :class:`YouthModel`, :func:`load_scenario`, :func:`run_scenario`,
:func:`run_indicators` (the model as a plain function).
"""

from youth_sim.config import Scenario, load_scenario
from youth_sim.errors import ConfigError
from youth_sim.model import YouthModel
from youth_sim.runner import run_indicators, run_scenario
from youth_sim.version import __version__

__all__ = [
    "ConfigError",
    "Scenario",
    "YouthModel",
    "__version__",
    "load_scenario",
    "run_indicators",
    "run_scenario",
]
