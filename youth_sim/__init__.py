"""youth_sim: where young people in Overijssel live and work, and what policy changes.

Public API: :class:`YouthModel`, :func:`load_scenario`, :func:`run_scenario`,
:func:`run_indicators` (the model as a plain function), :class:`Scenario`,
:class:`ConfigError`. They are imported on first use (PEP 562), so that importing a small
part of the package (the command line's ``--help``, the charts) does not load the model and
Mesa.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from youth_sim.version import __version__

if TYPE_CHECKING:
    from youth_sim.config import Scenario, load_scenario
    from youth_sim.errors import ConfigError
    from youth_sim.model import YouthModel
    from youth_sim.runner import run_indicators, run_scenario

_PUBLIC = {
    "ConfigError": "youth_sim.errors",
    "Scenario": "youth_sim.config",
    "YouthModel": "youth_sim.model",
    "load_scenario": "youth_sim.config",
    "run_indicators": "youth_sim.runner",
    "run_scenario": "youth_sim.runner",
}

__all__ = [
    "ConfigError",
    "Scenario",
    "YouthModel",
    "__version__",
    "load_scenario",
    "run_indicators",
    "run_scenario",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'youth_sim' has no attribute {name!r}")
