"""The installed package's version (the bottom of the package: imports nothing from youth_sim)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("youth_sim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
