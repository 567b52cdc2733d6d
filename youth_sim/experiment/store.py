"""Crash-safe results of an experiment: an SQLite ledger, exported to Parquet.

Layout of an output folder ``DIR``:

* ``DIR/ledger.sqlite``: the ledger, one row per finished run (``ok`` or ``failed``) holding
  its record (its row of ``runs.parquet``), its monthly indicators and its final zone table as
  compressed Arrow blobs, all written in **one SQLite transaction** (rollback journal,
  ``synchronous=FULL``). A run is in the ledger whole or not at all, whatever moment the
  process dies, and writing a run costs the same however many runs are stored.
* ``DIR/runs.parquet``, ``DIR/timeseries.parquet``, ``DIR/zones.parquet``: the exports users
  read, written from the ledger (:func:`youth_sim.io.atomic_write`) by :meth:`Store.export`,
  which the commands call when an experiment ends or is interrupted and whenever a folder is
  opened with the exports out of date. Their sizes and SHA-256 hashes are recorded in the
  ledger, so a missing, truncated or changed export is found and rebuilt, never trusted.
* ``DIR/.lock``: one writer at a time (:mod:`youth_sim.experiment.lock`).

A folder written by youth_sim 0.1 (``parts/`` and merged Parquet files, no ledger) is
imported into a new ledger on first open; a run marked finished whose time series or zone
table is missing is left out, so it is run again rather than kept incomplete. The same import
recovers the runs in the exports when a damaged ledger has been moved away.

Why SQLite rather than immutable part files plus a manifest: the transaction is the
completion marker, so there is no ordering of renames to get right, no merge step whose cost
grows with the number of runs, and no half-merged state to repair; it is in the standard
library, and a reader (``summarize`` while an experiment runs) sees every committed run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from youth_sim.errors import StoreError
from youth_sim.experiment.faults import checkpoint
from youth_sim.experiment.lock import FolderBusy, FolderLock, describe
from youth_sim.io import atomic_write

LEDGER = "ledger.sqlite"
EXPORTS = {"record": "runs.parquet", "ts": "timeseries.parquet", "zones": "zones.parquet"}
"""Ledger column -> exported file. ``ts`` and ``zones`` are the per-run tables."""
TABLES = ("ts", "zones")
FORMAT_VERSION = 1
_ROWS_PER_GROUP = 100_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- commit order; a retried run gets a new one
    run_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    record BLOB NOT NULL,                   -- one-row Arrow table: the run's runs.parquet row
    ts BLOB,                                -- Arrow table: run_id, step, year, indicators
    zones BLOB                              -- Arrow table: run_id, zone, counts
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Store:
    """The results folder of one experiment.

    Parameters
    ----------
    directory
        The folder (created when writing).
    writer
        True for the ``experiment`` command: the folder lock is required, and
        :class:`StoreError` names the process holding it. False for readers (``summarize``,
        ``charts``): the lock is taken if free, for upkeep (import, rebuilding exports);
        otherwise the ledger is read as it stands.

    Attributes
    ----------
    notes : list[str]
        One-line notes for the user: a previous writer that was killed, exports rebuilt, runs
        imported. The commands print them.
    """

    def __init__(self, directory: Path, *, writer: bool) -> None:
        self.directory = directory
        self.notes: list[str] = []
        self._lock: FolderLock | None = None
        self._verified: dict[str, Any] | None = None
        """The export state whose files were last hashed and found intact (so not again)."""
        if writer:
            _make_folder(directory)
        if directory.is_dir():
            try:
                holder = "youth-sim experiment" if writer else "youth-sim (reading results)"
                self._lock = FolderLock(directory, holder).acquire()
            except FolderBusy as exc:
                if writer:
                    raise StoreError(str(exc)) from None
            except OSError as exc:
                if writer:
                    raise StoreError(f"{directory}: cannot write here ({_reason(exc)})") from None
        self.path = directory / LEDGER
        try:
            self._db = self._connect()
            self.check_exports()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise self._damaged(exc) from None
        except BaseException:
            self.close()
            raise

    @property
    def writable(self) -> bool:
        """Whether this process holds the folder (it may add runs and rebuild exports)."""
        return self._lock is not None

    def _connect(self) -> sqlite3.Connection | None:
        if self._lock is None:
            if not self.path.is_file():
                return None
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 30000")
            return db
        checkpoint("start:locked")
        if self._lock.previous:
            self.notes.append(
                f"{self.directory}: the last writer, {describe(self._lock.previous)}, stopped "
                f"without finishing; its finished runs are kept"
            )
        legacy = not self.path.exists() and (
            (self.directory / EXPORTS["record"]).is_file() or (self.directory / "parts").is_dir()
        )
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode = DELETE")  # one self-contained file after each commit
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA busy_timeout = 30000")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            db.close()
            raise sqlite3.DatabaseError(check)
        db.executescript(_SCHEMA)
        version = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if version is None:
            db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT_VERSION),))
        elif int(version[0]) > FORMAT_VERSION:
            db.close()
            raise StoreError(
                f"{self.path}: written by a newer youth_sim (ledger format {version[0]}); "
                f"upgrade youth_sim to read it"
            )
        self._db = db
        if legacy:
            self._import_parquet()
        for tmp in self.directory.glob(".*.tmp"):
            tmp.unlink()
        return db

    def _damaged(self, exc: BaseException) -> StoreError:
        return StoreError(
            f"{self.path}: damaged ({exc}); move it away (e.g. to {LEDGER}.damaged) and run "
            f"the experiment again: the runs in the Parquet files are imported and the rest rerun"
        )

    def close(self) -> None:
        """Close the ledger and release the folder."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def add(self, record: dict[str, Any], tables: dict[str, pd.DataFrame] | None) -> None:
        """Write one finished run (its record and tables, keys of :data:`TABLES`) atomically.

        A run already in the ledger (a failed run retried) is replaced.
        """
        if self._db is None or self._lock is None:
            raise RuntimeError("Store.add needs a store opened as the writer")
        tables = tables or {}
        row = (
            record["run_id"],
            record["status"],
            _to_blob(pd.DataFrame([record])),
            *(_to_blob(tables[tag]) if tag in tables else None for tag in TABLES),
        )
        checkpoint("add:begin")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO runs (run_id, status, record, ts, zones) "
                "VALUES (?, ?, ?, ?, ?)",
                row,
            )
            checkpoint("add:inserted")
            self._db.execute("COMMIT")
        except BaseException:
            # Ctrl-C can arrive after SQLite committed but before the call returned: the run
            # is then stored, and there is nothing to roll back.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        checkpoint("add:committed")

    def export(self, order: Iterable[str] = ()) -> bool:
        """Write the Parquet exports from the ledger if they are missing or out of date.

        ``order`` (run ids, e.g. the planned runs in design order) sets the row order; other
        runs follow in run-id order. Returns whether anything was written. Each file is
        written under a temporary name, synced and renamed; the sizes and hashes are recorded
        last, so a kill anywhere leaves exports that the next open rebuilds.
        """
        if self._db is None or self._lock is None:
            return False
        order = list(order)
        wanted = {"version": self._version(), "order": _digest(json.dumps(order).encode())}
        state = self._meta("exports")
        if (
            state is not None
            and all(state.get(key) == value for key, value in wanted.items())
            and (state == self._verified or not self._changed_exports(state))
        ):
            return False  # up to date; files hashed once per open at most
        position = {run_id: i for i, run_id in enumerate(order)}
        ids = [row[0] for row in self._db.execute("SELECT run_id FROM runs")]
        ids.sort(key=lambda run_id: (position.get(run_id, len(position)), run_id))
        files = {}
        for column, name in EXPORTS.items():
            target = self.directory / name
            blobs = partial(self._blobs, column, ids)
            schema = _schema_of(blobs())
            if schema is None:  # no run has this table (every run failed)
                target.unlink(missing_ok=True)
                continue
            atomic_write(
                target,
                partial(_write_parquet, blobs, schema),
                before_rename=partial(checkpoint, f"export:{name}:written"),
            )
            checkpoint(f"export:{name}:renamed")
            files[name] = {"size": target.stat().st_size, "sha256": _file_digest(target)}
        written = {**wanted, "files": files}
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('exports', ?)", (json.dumps(written),)
        )
        self._verified = written
        checkpoint("export:recorded")
        return True

    def check_exports(self) -> None:
        """Add a note for each export that is missing, damaged or changed (rebuilt by export)."""
        if self._db is None or self._lock is None:
            return
        state = self._meta("exports")
        if state is None:
            return
        damaged = self._changed_exports(state)
        for path, problem in damaged:
            self.notes.append(f"{path}: {problem}; rebuilt from {self.path.name}")
        self._verified = None if damaged else state

    def _changed_exports(self, state: dict[str, Any]) -> list[tuple[Path, str]]:
        """The recorded exports that are missing, or whose size or SHA-256 changed."""
        out = []
        for name, expected in state.get("files", {}).items():
            path = self.directory / name
            if not path.is_file():
                out.append((path, "missing"))
            elif path.stat().st_size != expected["size"] or (
                _file_digest(path) != expected["sha256"]
            ):
                out.append((path, "damaged or changed since it was written"))
        return out

    # -- reading ---------------------------------------------------------------------------

    def statuses(self) -> dict[str, str]:
        """Status (``ok`` or ``failed``) of every run in the ledger."""
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT run_id, status FROM runs").fetchall())

    def read_runs(self) -> pd.DataFrame:
        """One row per run (empty if there is none), in commit order."""
        return _concat(self._blobs("record"))

    def read_table(self, tag: str, columns: list[str] | None = None) -> pd.DataFrame:
        """A per-run table (``ts`` or ``zones``) of every run that has one (or some columns)."""
        if tag not in TABLES:
            raise ValueError(f"unknown table {tag!r}")
        return _concat(self._blobs(tag), columns)

    def _blobs(self, column: str, ids: list[str] | None = None) -> Iterator[bytes]:
        if self._db is None:
            return
        if ids is None:
            query = f"SELECT {column} FROM runs WHERE {column} IS NOT NULL ORDER BY seq"
            for (blob,) in self._db.execute(query):
                yield blob
            return
        query = f"SELECT {column} FROM runs WHERE run_id = ?"
        for run_id in ids:
            found = self._db.execute(query, (run_id,)).fetchone()
            if found is not None and found[0] is not None:
                yield found[0]

    def _version(self) -> int:
        assert self._db is not None
        row = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'runs'").fetchone()
        return int(row[0]) if row else 0

    def _meta(self, key: str) -> dict[str, Any] | None:
        assert self._db is not None
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- folders of youth_sim 0.1 ------------------------------------------------------------

    def _import_parquet(self) -> None:
        """Fill a new ledger from merged Parquet files and ``parts/`` (youth_sim 0.1 layout)."""
        records: dict[str, pd.DataFrame] = {}
        tables: dict[str, dict[str, pd.DataFrame]] = {tag: {} for tag in TABLES}
        names = {"ts": EXPORTS["ts"], "zones": EXPORTS["zones"]}
        runs_file = self.directory / EXPORTS["record"]
        if runs_file.is_file():
            runs = _read_parquet(runs_file, self._import_failed)
            for run_id, row in runs.groupby("run_id", sort=False):
                records[str(run_id)] = row.tail(1)
        for tag, name in names.items():
            path = self.directory / name
            if path.is_file():
                table = _read_parquet(path, None)
                for run_id, rows in table.groupby("run_id", sort=False):
                    tables[tag][str(run_id)] = rows
        parts = self.directory / "parts"
        if parts.is_dir():
            for marker in sorted(parts.glob("*.run.parquet")):
                run_id = marker.name.removesuffix(".run.parquet")
                row = _read_parquet(marker, None)
                if row.empty:
                    continue
                records[run_id] = row
                for tag in TABLES:
                    part = parts / f"{run_id}.{tag}.parquet"
                    tables[tag].pop(run_id, None)  # a part replaces the merged rows
                    if part.is_file():
                        tables[tag][run_id] = _read_parquet(part, None)
        incomplete = 0
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        for run_id, row in records.items():
            status = str(row["status"].iloc[0])
            have = {tag: tables[tag].get(run_id) for tag in TABLES}
            if status == "ok" and any(t is None or t.empty for t in have.values()):
                incomplete += 1
                continue
            record = row.to_dict(orient="records")[0]
            self._db.execute(
                "INSERT OR REPLACE INTO runs (run_id, status, record, ts, zones) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    run_id,
                    status,
                    _to_blob(pd.DataFrame([record])),
                    *(
                        _to_blob(t.reset_index(drop=True)) if t is not None and not t.empty
                        else None
                        for t in have.values()
                    ),
                ),
            )  # fmt: skip
        self._db.execute("COMMIT")
        if parts.is_dir():
            shutil.rmtree(parts)
        kept = len(records) - incomplete
        note = f"{self.directory}: {kept} finished runs imported from the Parquet files"
        if incomplete:
            note += f"; {incomplete} marked ok had no time series or zone table and will be rerun"
        self.notes.append(note)

    def _import_failed(self, path: Path, exc: Exception) -> StoreError:
        return StoreError(
            f"{path}: cannot be read ({_reason(exc)}) and there is no {LEDGER} to rebuild it "
            f"from; move the folder away and run the experiment again"
        )


def _make_folder(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise StoreError(f"{directory}: is a file, not a folder (choose another --out)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot create the folder ({_reason(exc)})") from None
    if not os.access(directory, os.W_OK):
        raise StoreError(f"{directory}: cannot write here (read-only)")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc).splitlines()[0]


def _read_parquet(path: Path, on_error: Any) -> pd.DataFrame:
    """A Parquet file as a DataFrame; an unreadable one is an error (runs) or empty (tables)."""
    try:
        return pq.read_table(path).to_pandas()
    except (OSError, pa.ArrowException) as exc:
        if on_error is None:
            return pd.DataFrame()
        raise on_error(path, exc) from None


_CODEC = pa.Codec("zstd", compression_level=1)


def _to_blob(frame: pd.DataFrame) -> bytes:
    """A table as an Arrow IPC stream compressed whole (zstd), its length in front.

    One compression of the whole stream is about 7x faster than Arrow's per-buffer compression
    for tables this small (measured: 0.06 against 0.43 ms for a 121-month series).
    """
    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    raw = sink.getvalue()
    return raw.size.to_bytes(8, "little") + bytes(_CODEC.compress(raw, asbytes=True))


def _reader(blob: bytes) -> pa.ipc.RecordBatchStreamReader:
    size = int.from_bytes(blob[:8], "little")
    return pa.ipc.open_stream(_CODEC.decompress(memoryview(blob)[8:], size))


def _from_blob(blob: bytes) -> pa.Table:
    return _reader(blob).read_all()


def _schema_of(blobs: Iterable[bytes]) -> pa.Schema | None:
    schemas = [_reader(blob).schema for blob in blobs]
    if not schemas:
        return None
    return pa.unify_schemas(schemas, promote_options="permissive")


def _concat(blobs: Iterable[bytes], columns: list[str] | None = None) -> pd.DataFrame:
    tables = [_from_blob(blob) for blob in blobs]
    if not tables:
        return pd.DataFrame()
    schema = pa.unify_schemas([t.schema for t in tables], promote_options="permissive")
    table = pa.concat_tables([_conform(t, schema) for t in tables])
    if columns is not None:
        table = table.select(columns)
    return table.to_pandas()


def _write_parquet(blobs: Callable[[], Iterable[bytes]], schema: pa.Schema, path: Path) -> None:
    """Write the tables of ``blobs()`` (conformed to ``schema``) as one Parquet file.

    The blobs are read one at a time, so memory holds one row group at a time.
    """
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[pa.Table] = []
        rows = 0
        for blob in blobs():
            table = _conform(_from_blob(blob), schema)
            batch.append(table)
            rows += table.num_rows
            if rows >= _ROWS_PER_GROUP:
                writer.write_table(pa.concat_tables(batch))
                batch, rows = [], 0
        if batch:
            writer.write_table(pa.concat_tables(batch))


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns of ``schema`` (missing ones null), in its order and types."""
    if table.schema.equals(schema, check_metadata=False):
        return table
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table[field.name].cast(field.type))
        else:
            columns.append(pa.nulls(len(table), type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
