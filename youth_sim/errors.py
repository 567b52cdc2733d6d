"""The errors the commands turn into one line and exit code 2 (the bottom of the package).

Every module may import this one; it imports nothing from youth_sim.
"""


class ConfigError(Exception):
    """A bad scenario, experiment or data file, or bad arguments; ``str(error)`` is the message.

    The message is one line per problem, naming the file, the key and the value, e.g.
    ``configs/rail.yaml: residence.logit_scale_eur_month = -1: input should be greater than 0``.
    """


class StoreError(Exception):
    """A results folder that cannot be used as it is; ``str(error)`` is the one-line message."""
