"""The errors the commands turn into one line and exit code 2, and the exit codes themselves.

The bottom of the package: every module may import this one; it imports nothing from youth_sim.
"""

EXIT_OK = 0
EXIT_FAILED = 1
"""A failure writing the results, failed runs, or a Dask cluster without workers."""
EXIT_BAD_INPUT = 2
"""Bad config, data or arguments, or a results folder that cannot be used."""


class ConfigError(Exception):
    """A bad scenario, experiment or data file, or bad arguments; ``str(error)`` is the message.

    The message is one line per problem, naming the file, the key and the value, e.g.
    ``configs/rail.yaml: residence.logit_scale_eur_month = -1: input should be greater than 0``.
    """


class StoreError(Exception):
    """A results folder that cannot be used as it is; ``str(error)`` is the one-line message."""
