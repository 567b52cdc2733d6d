"""Run an experiment on local worker processes or a Dask cluster, resumably.

The runner is written against :class:`concurrent.futures.Executor`: a local
``ProcessPoolExecutor`` by default, Dask's ``Client.get_executor()`` when a scheduler address
is given. Guarantees:

* a run that raises is recorded with its error (the task catches it) and the rest go on;
* a local worker that dies breaks the pool: the pool is replaced, and each run that was in
  flight is retried once on its own, in a fresh one-worker pool; a run that kills that worker
  too is recorded as failed (on Dask, the scheduler retries and reports ``KilledWorker``);
* at most ``2 x workers`` runs are in flight, each result goes to the ledger as it arrives
  (:class:`~youth_sim.experiment.store.Store`), so memory stays bounded and nothing hangs;
* on Ctrl-C or SIGTERM (both arrive as ``KeyboardInterrupt``) the local worker processes are
  terminated, not left running, and the interrupt goes on to the caller;
* a ``health`` check, polled while waiting, stops the experiment with :class:`ClusterLost`
  (a Dask cluster that has had no workers for too long);
* finished runs are skipped on the next start (``retry_failed`` reruns the failed ones).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from youth_sim.experiment.faults import maybe_fail_run
from youth_sim.experiment.spec import RunSpec
from youth_sim.experiment.store import Store

HEALTH_POLL_S = 2.0
"""How often the ``health`` check runs while no result arrives, seconds."""
WATCHDOG_S = 1.0
"""How often a local worker checks that its coordinator is still alive, seconds."""


class ClusterLost(Exception):
    """The cluster cannot run anything (e.g. no Dask workers for too long); the message says so."""


_GEOGRAPHY_CACHE: dict[tuple[str, ...], Any] = {}


def execute(spec: RunSpec) -> dict[str, Any]:
    """Run one model and return its record and time series; never raises.

    Runs in a worker process. The record holds the run's identity, parameters, seed, status,
    error (one line), wall time and the final value of each kept indicator.
    """
    from youth_sim.geography import load_geography
    from youth_sim.model import YouthModel
    from youth_sim.runner import prepare_process

    prepare_process()  # here, not at worker start: numpy's BLAS must be loaded to be limited
    started = time.perf_counter()
    record = spec.identity()
    try:
        maybe_fail_run(spec.scenario, spec.replication)
        config = spec.resolved_config()
        files = config.geography
        key = (files.zones, files.travel_times, files.sources)
        if key not in _GEOGRAPHY_CACHE:
            _GEOGRAPHY_CACHE[key] = load_geography(config)
        model = YouthModel(config, _GEOGRAPHY_CACHE[key], rng=spec.seed)
        model.run_months(config.run.years * 12)
        metrics = model.metrics()
        series = metrics[["step", "year", *spec.outcomes]].copy()
        series.insert(0, "run_id", spec.run_id)
        zones = final_zones(model)
        zones.insert(0, "run_id", spec.run_id)
        tables: dict[str, Any] | None = {"ts": series, "zones": zones}
        finals = {name: float(model.indicators[name]) for name in spec.outcomes}
        status, error = "ok", None
    except Exception as exc:  # noqa: BLE001 - a failing run is a result, recorded, not a crash
        tables, finals = None, dict.fromkeys(spec.outcomes, np.nan)
        status, error = "failed", f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
    record.update(status=status, error=error, attempts=1)
    record["wall_time_s"] = time.perf_counter() - started
    record.update(finals)
    return {"record": record, "tables": tables}


def final_zones(model: Any) -> pd.DataFrame:
    """Per zone at the end of a run (persons): residents and workers by home and by job zone.

    ``workers_home_*`` count the employed by where they live, ``workers_job_*`` by where they
    work, ``workers_local_*`` those who live and work in the same zone, ``unemployed_*`` the
    unemployed by where they live, ``jobs_*`` and ``vacancies_*`` the jobs open to young people
    at each level and those open (all by education or level), for the charts of where young
    people live and work, the annex's regional conclusions and calibration targets.
    """
    from youth_sim.population import Education, Status

    pop, geo, scale = model.people, model.geo, model.scale
    employed = pop.status == Status.EMPLOYED
    unemployed = pop.status == Status.UNEMPLOYED
    slots, open_ = model.market.slots(), model.market.vacancies(pop)
    out: dict[str, Any] = {"zone": list(geo.names)}
    for edu, label in ((Education.VOCATIONAL, "vocational"), (Education.KNOWLEDGE, "knowledge")):
        mine = pop.edu == edu
        out[f"residents_{label}"] = np.bincount(pop.home[mine], minlength=geo.n_zones) / scale
        out[f"workers_home_{label}"] = (
            np.bincount(pop.home[mine & employed], minlength=geo.n_zones) / scale
        )
        out[f"workers_job_{label}"] = (
            np.bincount(pop.job_zone[mine & employed], minlength=geo.n_zones) / scale
        )
        local = mine & employed & (pop.job_zone == pop.home)
        out[f"workers_local_{label}"] = np.bincount(pop.home[local], minlength=geo.n_zones) / scale
        out[f"unemployed_{label}"] = (
            np.bincount(pop.home[mine & unemployed], minlength=geo.n_zones) / scale
        )
        out[f"jobs_{label}"] = slots[:, int(edu)] / scale
        out[f"vacancies_{label}"] = open_[:, int(edu)] / scale
    return pd.DataFrame(out)


def local_executor(workers: int) -> ProcessPoolExecutor:
    """A pool of fresh ('spawn') worker processes that end with their coordinator."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )


def _start_worker(coordinator: int) -> None:
    """In a worker: leave Ctrl-C to the coordinator, and exit when the coordinator is gone.

    Ctrl-C in a terminal reaches the whole process group; ignoring it here keeps the workers
    from printing a traceback each (the coordinator terminates them). A coordinator killed
    outright (SIGKILL, the out-of-memory killer) cannot terminate anyone, and an idle worker
    would wait on the task queue forever (measured: still alive after 30 s): a watchdog
    thread ends the worker within a second of its parent's death.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(coordinator,), daemon=True).start()


def _exit_with(coordinator: int) -> None:
    while os.getppid() == coordinator:
        time.sleep(WATCHDOG_S)
    os._exit(1)


def stop(executor: Executor) -> None:
    """Cancel what has not started and end the workers now (local processes are terminated).

    ``ProcessPoolExecutor.shutdown(wait=False)`` alone lets each worker finish its current
    run, minutes at full scale, as an orphan if the coordinator exits first.
    """
    if not isinstance(executor, ProcessPoolExecutor):
        executor.shutdown(wait=False)  # Dask's executor: cancels its futures
        return
    executor.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(executor, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


@dataclass
class Progress:
    """Counts shown while running (and returned at the end)."""

    total: int
    done: int = 0
    failed: int = 0


def pending(runs: list[RunSpec], store: Store, retry_failed: bool = False) -> list[RunSpec]:
    """The runs still to do: not finished in ``store`` (or failed, with ``retry_failed``)."""
    finished = store.statuses()
    return [
        r for r in runs
        if r.run_id not in finished or (retry_failed and finished[r.run_id] == "failed")
    ]  # fmt: skip


def run(
    todo: list[RunSpec],
    store: Store,
    *,
    make_executor: Callable[[], Executor],
    workers: int,
    on_result: Callable[[Progress], None] | None = None,
    health: Callable[[], str | None] | None = None,
) -> Progress:
    """Run ``todo`` and write each result to ``store`` as it arrives; returns the final counts.

    ``make_executor`` builds a fresh executor (called again if a local pool breaks).
    ``health``, polled every :data:`HEALTH_POLL_S` seconds while no result arrives, returns
    None while all is well, else a message: the runs in flight are cancelled and
    :class:`ClusterLost` is raised with it. On Ctrl-C or SIGTERM the workers are stopped
    (:func:`stop`) and the interrupt goes on to the caller; every run recorded so far is in
    the ledger either way.
    """
    progress = Progress(total=len(todo))
    if not todo:
        return progress

    def record(result: dict[str, Any]) -> None:
        store.add(result["record"], result["tables"])
        progress.done += 1
        progress.failed += result["record"]["status"] != "ok"
        if on_result is not None:
            on_result(progress)

    executor = make_executor()
    try:
        # Replication by replication: the scenarios of one seed (and design point) follow each
        # other, so a worker often finds their common warm-up in its cache (model._SETTLED).
        queue: Iterator[RunSpec] = iter(sorted(todo, key=lambda r: (r.replication, r.point)))
        while True:
            broken, leftover = _drain(executor, queue, 2 * workers, record, health)
            if not broken and not leftover:
                break
            stop(executor)
            for spec in broken:  # retry each alone, so a run that kills workers is found out
                record(_retry_alone(spec))
            queue = itertools.chain(leftover, queue)
            executor = make_executor()
    except BaseException:
        stop(executor)
        raise
    executor.shutdown(wait=True)
    return progress


def _drain(
    executor: Executor,
    queue: Iterator[RunSpec],
    limit: int,
    record: Callable[[dict[str, Any]], None],
    health: Callable[[], str | None] | None,
) -> tuple[list[RunSpec], list[RunSpec]]:
    """Submit runs (at most ``limit`` in flight) and record results as they arrive.

    Returns, when the local pool broke, the runs that were in flight and those taken from the
    queue but not yet submitted; two empty lists when every run was recorded.
    """
    pending: dict[Future[dict[str, Any]], RunSpec] = {}
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            spec = next(queue, None)
            if spec is None:
                exhausted = True
                break
            try:
                pending[executor.submit(execute, spec)] = spec
            except BrokenProcessPool:
                return list(pending.values()), [spec]
        if not pending:
            return [], []
        timeout = HEALTH_POLL_S if health is not None else None
        done, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        if not done and health is not None:
            problem = health()
            if problem is not None:
                raise ClusterLost(problem)
        for future in done:
            spec = pending.pop(future)
            try:
                result = future.result()
            except BrokenProcessPool:
                return [spec, *pending.values()], []
            except Exception as exc:  # noqa: BLE001 - e.g. Dask's KilledWorker: record, go on
                result = _failure(spec, f"{type(exc).__name__}: {exc}", attempts=2)
            record(result)  # outside the try: a failure to store is not a failed run


def _retry_alone(spec: RunSpec) -> dict[str, Any]:
    """Run ``spec`` alone in a fresh one-worker pool; a second worker death means failed."""
    pool = local_executor(1)
    try:
        result = pool.submit(execute, spec).result()
    except BrokenProcessPool:
        return _failure(spec, "worker process died twice running this run", attempts=2)
    finally:
        stop(pool)
    result["record"]["attempts"] = 2
    return result


def _failure(spec: RunSpec, error: str, attempts: int) -> dict[str, Any]:
    record: dict[str, Any] = {
        **spec.identity(),
        "status": "failed",
        "error": error.splitlines()[0][:500],
        "attempts": attempts,
        "wall_time_s": np.nan,
        **dict.fromkeys(spec.outcomes, np.nan),
    }
    return {"record": record, "tables": None}
