"""One writer per results folder: an operating-system lock on ``DIR/.lock``.

The lock is ``flock`` (POSIX) or ``msvcrt.locking`` (Windows) on an open file, so the
operating system releases it when the holder dies, however it dies: a lock left by a killed
coordinator is never in the way. The file also holds who took it (pid, host, time), for the
message a second coordinator gets, and so the next holder can tell that the last one was
interrupted (the file is emptied on a clean release).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

LOCK_NAME = ".lock"


class FolderBusy(Exception):
    """Another process holds the folder; ``str(error)`` is the one-line message."""


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - not exercised by CI (Linux)
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class FolderLock:
    """The write lock of a results folder (a context manager)."""

    def __init__(self, directory: Path, holder: str = "youth-sim") -> None:
        self.path = directory / LOCK_NAME
        self.holder = holder
        """How the holder is named to others, e.g. 'youth-sim experiment'."""
        self._handle: IO[str] | None = None
        self.previous: dict[str, Any] | None = None
        """Who held the lock last without releasing it (a killed process), else None."""

    def acquire(self) -> FolderLock:
        """Take the lock at once, or raise :class:`FolderBusy` naming the holder."""
        handle = self.path.open("a+", encoding="utf-8")
        if not _try_lock(handle):
            holder = _read(handle)
            handle.close()
            who = describe(holder) if holder else "another process"
            raise FolderBusy(
                f"{self.path.parent}: in use by {who}; wait for it to finish or stop it "
                f"(two experiments cannot write one folder)"
            )
        self.previous = _read(handle) or None
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                    "command": self.holder,
                }
            )
        )
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        """Empty the file (a clean end) and let go of the lock."""
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.flush()
        self._handle.close()  # closing the file releases flock and msvcrt locks
        self._handle = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read(handle: IO[str]) -> dict[str, Any]:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def describe(holder: dict[str, Any]) -> str:
    """A lock holder as words: 'youth-sim (pid 123 on host, since 2026-11-30T10:00:00+00:00)'."""
    return (
        f"{holder.get('command') or 'a process'} (pid {holder.get('pid', '?')} on "
        f"{holder.get('host', '?')}, since {holder.get('since', '?')})"
    )
