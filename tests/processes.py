"""Which processes are alive below a given one (Linux ``/proc``), for the signal tests.

Used by ``tests/test_experiment.py`` and ``scripts/chaos_experiment.py``: a stopped
coordinator must leave no worker process behind.
"""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``, zombies excluded."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    """The pids still running (not gone, not zombies)."""
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1]
        except OSError:
            continue
        if state.split()[0] != "Z":
            out.add(pid)
    return out
