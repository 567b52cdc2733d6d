"""Test hooks that make an experiment fail on purpose, at a chosen run or write point.

Two environment variables, read only by the test suite's fault-injection tests:

* :data:`RUN_FAULT_ENV` = ``raise:<scenario>:<replication>`` or ``exit:<scenario>:<replication>``
  makes that run raise, or kill its worker process (:func:`maybe_fail_run`, in the worker);
* :data:`KILL_ENV` = ``<point>`` or ``<point>@<n>`` kills the coordinator with SIGKILL the
  ``n``-th time (default the first) it reaches the named write point (:func:`checkpoint`),
  e.g. ``add:inserted@2``: after the second run's rows are written to the ledger, before the
  transaction commits. The points are listed in :data:`POINTS`.

With neither set, both functions do nothing (one dictionary lookup).
"""

from __future__ import annotations

import os
import signal

RUN_FAULT_ENV = "YOUTH_SIM_TEST_FAULT"
KILL_ENV = "YOUTH_SIM_TEST_KILL_AT"

POINTS = (
    "start:locked",  # the folder lock is taken, nothing written yet
    "manifest:written",  # manifest.json replaced
    "add:begin",  # a finished run is about to be written to the ledger
    "add:inserted",  # its rows are written, the transaction is not committed
    "add:committed",  # the transaction is committed
    "export:runs.parquet:written",  # the new export is complete under a temporary name
    "export:runs.parquet:renamed",  # ... and renamed into place, its hash not yet recorded
    "export:timeseries.parquet:written",
    "export:timeseries.parquet:renamed",
    "export:zones.parquet:written",
    "export:zones.parquet:renamed",
    "export:recorded",  # the exports' sizes and hashes are committed to the ledger
)
"""Every write point of the commit and export, in the order they are reached."""

_seen: dict[str, int] = {}


def checkpoint(point: str) -> None:
    """Die here, by SIGKILL, if :data:`KILL_ENV` names this point (and this occurrence)."""
    target = os.environ.get(KILL_ENV)
    if not target:
        return
    name, _, nth = target.partition("@")
    if name != point:
        return
    _seen[point] = _seen.get(point, 0) + 1
    if _seen[point] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def maybe_fail_run(scenario: str, replication: int) -> None:
    """Raise, or end the worker process, if :data:`RUN_FAULT_ENV` names this run."""
    fault = os.environ.get(RUN_FAULT_ENV, "")
    if not fault:
        return
    action, target, number = fault.split(":")
    if scenario == target and replication == int(number):
        if action == "exit":
            os._exit(13)
        raise RuntimeError(f"injected failure in {scenario} replication {replication}")
