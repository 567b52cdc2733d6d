"""Experiments whose runs execute in the coordinator process: the same command, less start-up.

A local process pool costs about 3 s per experiment (spawning workers that import numpy,
pandas and Mesa); tests of the store, the resume logic and the messages do not need it. Use
:func:`inline_runs` (a fixture-friendly patch) in-process, or run this module as the command
in a child process that a test kills: ``python -m tests.inline experiment FILE ...``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import pytest

from youth_sim.experiment import runner


class InlineExecutor(Executor):
    """An executor that runs each task at once, in this process, when it is submitted."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` now; the future holds its result or exception."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def _inline_executor(workers: int) -> Executor:
    return InlineExecutor()


def inline_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``youth-sim experiment`` run its runs in this process (local runs only)."""
    monkeypatch.setattr(runner, "local_executor", _inline_executor)


if __name__ == "__main__":
    from youth_sim.cli import main

    runner.local_executor = _inline_executor  # type: ignore[assignment]
    sys.exit(main(sys.argv[1:]))
