"""Crash-safe results of an experiment: one part file per finished run, merged into Parquet.

Layout of an output folder ``DIR``:

* ``DIR/parts/<run_id>.ts.parquet`` and ``DIR/parts/<run_id>.run.parquet``: written by the
  coordinator as soon as a run finishes, each to a temporary name and renamed (atomic on
  POSIX). The ``.run`` file is written last: it is the run's completion marker.
* ``DIR/runs.parquet`` (one row per run) and ``DIR/timeseries.parquet`` (one row per run and
  month): the merged results. :meth:`Store.merge` streams the old merged file and the parts into
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
TIMESERIES = "timeseries.parquet"
RUN_SUFFIX = ".run.parquet"
TS_SUFFIX = ".ts.parquet"


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

    def add(self, record: dict[str, Any], timeseries: pd.DataFrame | None) -> None:
        """Write one finished run (its time series first, the run row last)."""
        run_id = record["run_id"]
        if timeseries is not None:
            _write_atomic(
                pa.Table.from_pandas(timeseries, preserve_index=False),
                self.parts / f"{run_id}{TS_SUFFIX}",
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
        """Merge the part files into the two Parquet files; returns how many runs were merged.

        Memory holds one part (or one row group of the old file) at a time.
        """
        run_parts = self._part_files(RUN_SUFFIX)
        if not run_parts:
            self._clean_orphans()
            return 0
        new_ids = {path.name.removesuffix(RUN_SUFFIX) for path in run_parts}
        ts_parts = [
            p for p in self._part_files(TS_SUFFIX) if p.name.removesuffix(TS_SUFFIX) in new_ids
        ]
        self._merge_file(self.directory / TIMESERIES, ts_parts, new_ids)
        self._merge_file(self.directory / RUNS, run_parts, new_ids)
        for path in (*ts_parts, *run_parts):
            path.unlink()
        self._clean_orphans()
        return len(run_parts)

    def _clean_orphans(self) -> None:
        """Remove time-series parts without a run marker (a kill between the two writes)."""
        markers = {p.name.removesuffix(RUN_SUFFIX) for p in self._part_files(RUN_SUFFIX)}
        for path in self._part_files(TS_SUFFIX):
            if path.name.removesuffix(TS_SUFFIX) not in markers:
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

    def read_timeseries(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The merged time series (optionally only some columns)."""
        path = self.directory / TIMESERIES
        return (
            pq.read_table(path, columns=columns).to_pandas() if path.is_file() else pd.DataFrame()
        )


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns of ``schema`` (missing ones null), in its order and types."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table[field.name].cast(field.type))
        else:
            columns.append(pa.nulls(len(table), type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)
