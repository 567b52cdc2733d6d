"""Crash-safe results of an experiment: one part file per finished run, merged into Parquet.

Layout of an output folder ``DIR``:

* ``DIR/parts/<run_id>.ts.parquet``, ``<run_id>.zones.parquet`` and ``<run_id>.run.parquet``:
  written by the coordinator as soon as a run finishes, each to a temporary name and renamed
  (atomic on POSIX). The ``.run`` file is written last: it is the run's completion marker.
* ``DIR/runs.parquet`` (one row per run), ``DIR/timeseries.parquet`` (one row per run and
  month) and ``DIR/zones.parquet`` (one row per run and zone, final state): the merged
  results. :meth:`Store.merge` streams the old merged file and the parts into
  new files (one part in memory at a time), renames them into place, then deletes the parts.
  A part whose run is already in a merged file replaces that row (a retried run), so a merge
  interrupted at any point loses and duplicates nothing: the next merge finishes it.

Killed at any moment, the folder holds every run that finished; the next start merges and
skips them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

RUNS = "runs.parquet"
RUN_SUFFIX = ".run.parquet"
TABLES = {"ts": "timeseries.parquet", "zones": "zones.parquet"}
"""Per-run tables besides the run row: part-file tag -> merged file name."""


def _write_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    tmp.replace(path)


class Store:
    """The results folder of one experiment."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.parts = directory / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)

    def add(self, record: dict[str, Any], tables: dict[str, pd.DataFrame] | None) -> None:
        """Write one finished run: its tables (keys of :data:`TABLES`) first, the row last."""
        run_id = record["run_id"]
        for tag, table in (tables or {}).items():
            _write_atomic(
                pa.Table.from_pandas(table, preserve_index=False),
                self.parts / f"{run_id}.{tag}.parquet",
            )
        _write_atomic(
            pa.Table.from_pandas(pd.DataFrame([record]), preserve_index=False),
            self.parts / f"{run_id}{RUN_SUFFIX}",
        )

    def _part_files(self, suffix: str) -> list[Path]:
        return sorted(self.parts.glob(f"*{suffix}"))

    def statuses(self) -> dict[str, str]:
        """Status (``ok`` or ``failed``) of every finished run, merged or not."""
        out: dict[str, str] = {}
        merged = self.directory / RUNS
        if merged.is_file():
            table = pq.read_table(merged, columns=["run_id", "status"])
            out.update(zip(table["run_id"].to_pylist(), table["status"].to_pylist(), strict=True))
        for path in self._part_files(RUN_SUFFIX):
            table = pq.read_table(path, columns=["run_id", "status"])
            out.update(zip(table["run_id"].to_pylist(), table["status"].to_pylist(), strict=True))
        return out

    def merge(self) -> int:
        """Merge the part files into the merged Parquet files; returns how many runs were merged.

        Memory holds one part (or one row group of the old file) at a time.
        """
        run_parts = self._part_files(RUN_SUFFIX)
        if not run_parts:
            self._clean_orphans()
            return 0
        new_ids = {path.name.removesuffix(RUN_SUFFIX) for path in run_parts}
        merged: list[Path] = []
        for tag, name in TABLES.items():
            suffix = f".{tag}.parquet"
            parts = [p for p in self._part_files(suffix) if p.name.removesuffix(suffix) in new_ids]
            self._merge_file(self.directory / name, parts, new_ids)
            merged.extend(parts)
        self._merge_file(self.directory / RUNS, run_parts, new_ids)
        for path in (*merged, *run_parts):
            path.unlink()
        self._clean_orphans()
        return len(run_parts)

    def _clean_orphans(self) -> None:
        """Remove table parts without a run marker (a kill between the writes)."""
        markers = {p.name.removesuffix(RUN_SUFFIX) for p in self._part_files(RUN_SUFFIX)}
        for tag in TABLES:
            suffix = f".{tag}.parquet"
            for path in self._part_files(suffix):
                if path.name.removesuffix(suffix) not in markers:
                    path.unlink()
        for path in self.parts.glob(".*.tmp"):
            path.unlink()

    def _merge_file(self, target: Path, parts: list[Path], replaced: set[str]) -> None:
        """Stream ``target`` (minus replaced runs) and ``parts`` into a new ``target``."""
        sources: list[Path] = ([target] if target.is_file() else []) + parts
        if not sources:
            return
        schema = pa.unify_schemas(
            [pq.read_schema(p) for p in sources], promote_options="permissive"
        )
        tmp = target.with_name(f".{target.name}.tmp")
        with pq.ParquetWriter(tmp, schema) as writer:
            for table in self._tables(target, replaced):
                writer.write_table(_conform(table, schema))
            for path in parts:
                writer.write_table(_conform(pq.read_table(path), schema))
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        tmp.replace(target)

    @staticmethod
    def _tables(target: Path, replaced: set[str]) -> Iterator[pa.Table]:
        if not target.is_file():
            return
        file = pq.ParquetFile(target)
        for group in range(file.num_row_groups):
            table = file.read_row_group(group)
            keep = [run_id not in replaced for run_id in table["run_id"].to_pylist()]
            yield table.filter(pa.array(keep))

    def read_runs(self) -> pd.DataFrame:
        """The merged runs table (empty if nothing is merged yet)."""
        path = self.directory / RUNS
        return pq.read_table(path).to_pandas() if path.is_file() else pd.DataFrame()

    def read_table(self, tag: str, columns: list[str] | None = None) -> pd.DataFrame:
        """A merged per-run table (``ts`` or ``zones``), optionally only some columns."""
        path = self.directory / TABLES[tag]
        if not path.is_file():
            return pd.DataFrame()
        return pq.read_table(path, columns=columns).to_pandas()


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns of ``schema`` (missing ones null), in its order and types."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table[field.name].cast(field.type))
        else:
            columns.append(pa.nulls(len(table), type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)
