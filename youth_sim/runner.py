"""Run one scenario over its horizon: the plain-function view of the model."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, SupportsIndex

import numpy as np
from threadpoolctl import threadpool_limits

from youth_sim.config.load import load_scenario, with_overrides
from youth_sim.config.schema import Scenario
from youth_sim.geography import Geography
from youth_sim.model import YouthModel


def prepare_process() -> None:
    """Set this process up for model runs: one BLAS thread, freed memory kept for reuse.

    Called by the command line, every experiment run and the benchmarks; a program that uses
    :class:`~youth_sim.model.YouthModel` directly can call it too. Results do not depend on it.
    """
    one_blas_thread()
    keep_freed_memory()


def keep_freed_memory() -> None:
    """Keep large freed blocks in the C heap instead of returning them to the system (glibc).

    Every month allocates and frees many arrays of a few megabytes. By default glibc serves
    each from fresh pages of the system (and gives them back when freed), so every use pays
    page faults: about 15% of a full-scale run. Raising glibc's mmap and trim thresholds keeps
    those blocks for reuse; the resident memory stays near its peak, which is small here. A
    no-op where the C library is not glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to tune
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's <malloc.h>
    mallopt(m_mmap_threshold, 1 << 30)
    mallopt(m_trim_threshold, 1 << 30)


def one_blas_thread() -> None:
    """Limit this process's BLAS and OpenMP thread pools to one thread, for good.

    The model's only BLAS calls are small matrix-vector products, which a threaded BLAS
    splits over cores whose idle threads then busy-wait: a full-scale run used 24.5 s of CPU
    for 13.5 s of wall time, and two experiment workers kept four threads busy on two cores.
    Part of :func:`prepare_process`.
    """
    threadpool_limits(limits=1)


def run_scenario(
    config: Scenario,
    *,
    seed: SupportsIndex | None = None,
    geography: Geography | None = None,
    progress: Callable[[int], object] | None = None,
) -> YouthModel:
    """Build a :class:`YouthModel` and run it for ``config.run.years`` years.

    Parameters
    ----------
    config
        A validated scenario.
    seed
        Overrides ``config.run.seed``.
    geography
        Pre-loaded zones and travel times (saves reading the files again in a sweep).
    progress
        Called with 1 after every month.

    Returns
    -------
    YouthModel
        The model at the end of the horizon; ``model.indicators`` holds the final values and
        ``model.metrics()`` the monthly series.
    """
    model = YouthModel(config, geography, rng=seed)
    model.run_months(config.run.years * 12, progress)
    return model


def run_indicators(
    config: Scenario | str | Path, seed: SupportsIndex, **params: Any
) -> dict[str, float]:
    """The model as a plain function: a config and a seed in, the final indicators out.

    ``params`` override config values; as keyword names cannot hold dots, write ``__`` for
    ``.`` (``residence__logit_scale_eur_month=150``), which suits EMA Workbench, whose
    uncertainties and levers must be Python identifiers. A config path is read each call.
    Seeds and parameters may be numpy scalars.

    Examples
    --------
    >>> out = run_indicators("configs/baseline.yaml", seed=1, run__scale=0.01, run__years=1)
    >>> sorted(out)[:2]
    ['long_commute_share', 'mean_commute_min_knowledge']
    """
    scenario = config if isinstance(config, Scenario) else load_scenario(config)
    if params:
        # numpy scalars (EMA Workbench samples numpy.int64 and numpy.float64) become Python
        # numbers, which the strict config schema accepts.
        scenario = with_overrides(
            scenario,
            {
                key.replace("__", "."): value.item() if isinstance(value, np.generic) else value
                for key, value in params.items()
            },
        )
    return dict(run_scenario(scenario, seed=seed).indicators)
