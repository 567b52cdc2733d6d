"""Zones and travel times: load, check consistency, and derive commuting matrices.

The data files (``zones.csv``, ``travel_times.csv``, ``sources.csv``) are read only here.
Each problem in them raises :class:`~youth_sim.config.ConfigError` naming the file, the row,
the column and the value.
"""

from __future__ import annotations

import copy
import csv
import functools
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path

import numpy as np

from youth_sim.config.load import format_value, resolve_data_path
from youth_sim.config.schema import Commute, Scenario
from youth_sim.errors import ConfigError


class Kind(IntEnum):
    """Kind of zone."""

    CITY = 0
    TOWN = 1
    RURAL = 2
    OUTSIDE = 3


class Mode(IntEnum):
    """Travel mode; the order of the first axis of the travel-time arrays."""

    CAR = 0
    PT = 1
    BIKE = 2


KIND_NAMES = {kind: kind.name.lower() for kind in Kind}
MODE_NAMES = {Mode.CAR: "car", Mode.PT: "pt", Mode.BIKE: "bike"}
POP_BANDS = ((15, "pop_15_19"), (20, "pop_20_24"), (25, "pop_25_29"), (30, "pop_30_34"))
"""First age and column of each five-year population band in ``zones.csv``."""

ZONE_COLUMNS = {
    "zone": "text",
    "kind": "text",
    "region": "text",
    "lat": "number",
    "lon": "number",
    "area_km2": "nonneg",
    "pop_total": "nonneg",
    "pop_15_19": "nonneg",
    "pop_20_24": "nonneg",
    "pop_25_29": "nonneg",
    "pop_30_34": "nonneg",
    "pop_source": "source",
    "jobs": "nonneg",
    "jobs_source": "source",
    "housing_cost_eur_month": "nonneg",
    "housing_cost_source": "source",
    "amenity": "number",
    "amenity_source": "source",
    "campus_intake_per_year": "nonneg",
    "campus_source": "source",
    "young_knowledge_share": "share",
    "young_knowledge_share_source": "source",
    "jobs_knowledge_share": "share",
    "jobs_knowledge_share_source": "source",
    "jobs_growth_per_year": "number",
    "jobs_growth_source": "source",
}
TRAVEL_COLUMNS = {
    "origin": "text",
    "destination": "text",
    "mode": "text",
    "minutes": "nonneg",
    "in_vehicle_min": "nonneg",
    "access_egress_min": "nonneg",
    "wait_min": "nonneg",
    "distance_km": "nonneg",
    "source": "source",
}


@dataclass
class Geography:
    """Zones and the travel-time components between them.

    Zone arrays have shape (Z,); travel arrays have shape (3, Z, Z) with the first axis in
    :class:`Mode` order. Minutes are one-way, door to door: ``in_vehicle + access + wait``.
    Policies change copies of these arrays; :meth:`copy` gives an independent copy.
    """

    names: tuple[str, ...]
    kind: np.ndarray
    region: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    pop_bands: np.ndarray
    """(Z, 4) persons aged 15-19, 20-24, 25-29, 30-34 on the reference date."""
    pop_total: np.ndarray
    """(Z,) inhabitants of all ages on the reference date (0 for outside zones)."""
    jobs: np.ndarray
    housing_cost_eur_month: np.ndarray
    amenity: np.ndarray
    campus_intake_per_year: np.ndarray
    young_knowledge_share: np.ndarray
    """(Z,) share of young residents on the hbo/wo track (used at the start and for entrants)."""
    jobs_knowledge_share: np.ndarray
    """(Z,) share of jobs at knowledge level; only ratios between zones are used."""
    jobs_growth_per_year: np.ndarray
    """(Z,) annual growth of the jobs open to young people."""
    in_vehicle_min: np.ndarray
    access_egress_min: np.ndarray
    wait_min: np.ndarray
    distance_km: np.ndarray
    files: dict[str, str] = field(default_factory=dict)

    @property
    def n_zones(self) -> int:
        """Number of zones, Z."""
        return len(self.names)

    @property
    def inside(self) -> np.ndarray:
        """(Z,) bool: zone is in the province (not an outside destination)."""
        return self.kind != Kind.OUTSIDE

    @property
    def minutes(self) -> np.ndarray:
        """(3, Z, Z) door-to-door one-way minutes per mode."""
        return self.in_vehicle_min + self.access_egress_min + self.wait_min

    def index(self, name: str) -> int:
        """Zone index of ``name``; KeyError if unknown."""
        return self.names.index(name)

    def copy(self) -> Geography:
        """Deep copy (arrays copied), so a model can change its own geography."""
        return copy.deepcopy(self)

    def pop_by_single_age(self, ages: np.ndarray) -> np.ndarray:
        """(Z, len(ages)) persons per single year of age, spreading each band evenly over 5 years.

        The even spread is an assumption (CBS PC4 tables give five-year bands only).
        """
        band = np.clip((ages - POP_BANDS[0][0]) // 5, 0, len(POP_BANDS) - 1)
        return self.pop_bands[:, band] / 5.0


Table = dict[str, np.ndarray]
"""Columns of a data file by name (numbers as float arrays, text as arrays of str)."""


def _read_csv(path: Path, columns: dict[str, str], sources: set[str] | None) -> Table:
    """Read and check the ``columns`` of a CSV file (the csv module: no pandas at start-up)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise ConfigError(f"{path}: data file not found") from None
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read as CSV ({exc})") from None
    if not rows:
        raise ConfigError(f"{path}: cannot read as CSV (the file is empty)")
    header, body = rows[0], [cells for cells in rows[1:] if cells]  # blank lines skipped
    missing = [name for name in columns if name not in header]
    if missing:
        raise ConfigError(f"{path}: missing column(s) {', '.join(missing)}")
    for row, cells in enumerate(body):
        if len(cells) != len(header):
            raise ConfigError(
                f"{path}: cannot read as CSV (row {row + 2} has {len(cells)} fields, "
                f"the header {len(header)})"
            )
    table: Table = {}
    for name, kind in columns.items():
        column = header.index(name)
        texts = [cells[column] for cells in body]
        for row, text in enumerate(texts):
            where = f"{path}: row {row + 2}, {name} = {format_value(text)}"
            if kind == "text" and not text.strip():
                raise ConfigError(f"{where}: must not be empty")
            if kind in ("number", "nonneg", "share"):
                try:
                    value = float(text)
                except ValueError:
                    raise ConfigError(f"{where}: must be a number") from None
                if not np.isfinite(value):
                    raise ConfigError(f"{where}: must be a finite number")
                if kind in ("nonneg", "share") and value < 0:
                    raise ConfigError(f"{where}: must be >= 0")
                if kind == "share" and value > 1:
                    raise ConfigError(f"{where}: must be <= 1")
            if kind == "source" and sources is not None:
                keys = [key.strip() for key in text.split(";")]
                unknown = [key for key in keys if key not in sources]
                if unknown:
                    raise ConfigError(f"{where}: unknown source key {unknown[0]!r} (see sources)")
        numeric = kind in ("number", "nonneg", "share")
        table[name] = np.array([float(t) for t in texts]) if numeric else np.array(texts, object)
    return table


def load_sources(path: Path) -> set[str]:
    """Keys of the source registry; every ``*_source`` cell must use one of them."""
    table = _read_csv(path, {"key": "text", "kind": "text", "citation": "text"}, None)
    kinds = {"sourced", "derived", "recalled", "assumption"}
    for row, kind in enumerate(table["kind"]):
        if kind not in kinds:
            raise ConfigError(
                f"{path}: row {row + 2}, kind = {kind!r}: must be one of {', '.join(sorted(kinds))}"
            )
    return set(table["key"])


def load_zones(path: Path, sources: set[str]) -> Table:
    """Read and check ``zones.csv``: unique names, known kinds, no negative counts."""
    zones = _read_csv(path, ZONE_COLUMNS, sources)
    for row, kind in enumerate(zones["kind"]):
        if kind not in KIND_NAMES.values():
            raise ConfigError(
                f"{path}: row {row + 2}, kind = {kind!r}: must be city, town, rural or outside"
            )
    seen: set[str] = set()
    for name in zones["zone"]:
        if name in seen:
            raise ConfigError(f"{path}: zone = {name!r}: listed twice")
        seen.add(name)
    if not (zones["kind"] != "outside").any():
        raise ConfigError(f"{path}: no zone inside the province (every kind is outside)")
    return zones


def load_travel_times(
    path: Path, names: tuple[str, ...], sources: set[str]
) -> dict[str, np.ndarray]:
    """Read ``travel_times.csv`` into (3, Z, Z) arrays; every pair and mode must be present."""
    table = _read_csv(path, TRAVEL_COLUMNS, sources)
    index = {name: i for i, name in enumerate(names)}
    modes = {name: int(mode) for mode, name in MODE_NAMES.items()}
    coded = {}
    for column, lookup in (("origin", index), ("destination", index), ("mode", modes)):
        for row, text in enumerate(table[column]):
            if text not in lookup:
                raise ConfigError(
                    f"{path}: row {row + 2}, {column} = {text!r}: "
                    f"not a known {'mode (car, pt, bike)' if column == 'mode' else 'zone'}"
                )
        coded[column] = np.array([lookup[text] for text in table[column]], dtype=np.int64)
    o, d, m = coded["origin"], coded["destination"], coded["mode"]
    z = len(names)
    flat = (m * z + o) * z + d
    counts = np.bincount(flat, minlength=3 * z * z)
    if (counts > 1).any():
        mode, rest = divmod(int(np.argmax(counts > 1)), z * z)
        raise ConfigError(
            f"{path}: origin = {names[rest // z]!r}, destination = {names[rest % z]!r}, "
            f"mode = {MODE_NAMES[Mode(mode)]!r}: listed twice"
        )
    if (counts == 0).any():
        mode, rest = divmod(int(np.argmax(counts == 0)), z * z)
        raise ConfigError(
            f"{path}: origin = {names[rest // z]!r}, destination = {names[rest % z]!r}, "
            f"mode = {MODE_NAMES[Mode(mode)]!r}: no travel time (every zone pair and mode "
            f"needs one, intrazonal included)"
        )
    parts = {}
    for column in ("minutes", "in_vehicle_min", "access_egress_min", "wait_min", "distance_km"):
        array = np.empty(3 * z * z)
        array[flat] = table[column]
        parts[column] = array.reshape(3, z, z)
    total = parts["in_vehicle_min"] + parts["access_egress_min"] + parts["wait_min"]
    off = np.abs(total - parts["minutes"]) > 0.051
    if off.any():
        mode, oi, di = (int(v[0]) for v in np.nonzero(off))
        raise ConfigError(
            f"{path}: origin = {names[oi]!r}, destination = {names[di]!r}, "
            f"mode = {MODE_NAMES[Mode(mode)]!r}, minutes = {parts['minutes'][mode, oi, di]:g}: "
            f"must equal in_vehicle_min + access_egress_min + wait_min ({total[mode, oi, di]:g})"
        )
    if (parts["minutes"] <= 0).any():
        mode, oi, di = (int(v[0]) for v in np.nonzero(parts["minutes"] <= 0))
        raise ConfigError(
            f"{path}: origin = {names[oi]!r}, destination = {names[di]!r}, "
            f"mode = {MODE_NAMES[Mode(mode)]!r}, minutes = 0: must be > 0"
        )
    del parts["minutes"]
    return parts


def load_geography(scenario: Scenario, config_path: Path | None = None) -> Geography:
    """Load the zones and travel times a scenario names, and check the data files themselves.

    Checking the scenario against the data (zone names, policies) is
    :func:`youth_sim.checks.check_scenario`; :func:`youth_sim.checks.load_checked` does both.

    Parameters
    ----------
    scenario
        A validated scenario; its ``geography`` section names the three data files.
    config_path
        The scenario file, for error messages that concern the config rather than the data.
    """
    base = config_path.parent if config_path else Path.cwd()
    where = config_path or Path("<config>")
    paths = {
        key: resolve_data_path(getattr(scenario.geography, key), base)
        for key in ("zones", "travel_times", "sources")
    }
    for key, path in paths.items():
        if not path.is_file():
            value = getattr(scenario.geography, key)
            raise ConfigError(f"{where}: geography.{key} = {value!r}: data file not found")
    sources = load_sources(paths["sources"])
    zones = load_zones(paths["zones"], sources)
    names = tuple(zones["zone"])
    travel = load_travel_times(paths["travel_times"], names, sources)
    return Geography(
        names=names,
        kind=np.array([Kind[k.upper()] for k in zones["kind"]], dtype=np.int8),
        region=tuple(zones["region"]),
        lat=zones["lat"],
        lon=zones["lon"],
        pop_bands=np.column_stack([zones[column] for _, column in POP_BANDS]),
        pop_total=zones["pop_total"].astype(float),
        jobs=zones["jobs"],
        housing_cost_eur_month=zones["housing_cost_eur_month"],
        amenity=zones["amenity"],
        campus_intake_per_year=zones["campus_intake_per_year"],
        young_knowledge_share=zones["young_knowledge_share"],
        jobs_knowledge_share=zones["jobs_knowledge_share"],
        jobs_growth_per_year=zones["jobs_growth_per_year"],
        files={key: str(path) for key, path in paths.items()},
        **travel,
    )


@dataclass(frozen=True)
class CommuteMatrices:
    """Best commuting mode between zones, for people without (index 0) and with (1) a car.

    ``minutes`` (one-way time of the fastest mode), ``money_eur_month`` (its monthly money cost,
    both ways, all commuting days) and ``mode`` (the :class:`Mode` used) are (2, Z, Z), indexed
    by car access. ``reach`` (0-1, the decay weight) is (2, 2, Z, Z), indexed by car access and
    education, since the two educations tolerate commuting time differently.
    """

    reach: np.ndarray
    minutes: np.ndarray
    money_eur_month: np.ndarray
    mode: np.ndarray
    days_per_month: float
    time_cost_factor: float = 1.0
    """Multiplies the valued commuting time (below 1 under a commuting subsidy)."""

    def cost_eur_month(
        self, car: np.ndarray, vot: np.ndarray, home: np.ndarray, work: np.ndarray | None = None
    ) -> np.ndarray:
        """Monthly commuting cost, EUR/month: time at each person's VoT (EUR/hour) plus money.

        ``car``, ``vot`` and ``home`` are (n,). With ``work`` (n,) the result is (n,); without
        it, (n, Z): the cost from each person's home to every zone.
        """
        if work is None:
            n_zones = self.minutes.shape[1]
            rows = car.astype(np.int64) * n_zones + home  # (car, home) rows
            minutes = np.take(self.minutes.reshape(-1, n_zones), rows, axis=0)
            money = np.take(self.money_eur_month.reshape(-1, n_zones), rows, axis=0)
            vot = vot[:, None]
        else:
            car = car.astype(np.int64)
            minutes, money = self.minutes[car, home, work], self.money_eur_month[car, home, work]
        return self._cost(vot, minutes, money)

    def cost_to_job_eur_month(
        self, car: np.ndarray, vot: np.ndarray, job: np.ndarray
    ) -> np.ndarray:
        """(n, Z) monthly commuting cost from every zone to each person's job zone ``job``."""
        rows = car.astype(np.int64) * self.minutes.shape[1] + job  # (car, work) rows
        minutes, money = self._to_work
        return self._cost(
            vot[:, None], np.take(minutes, rows, axis=0), np.take(money, rows, axis=0)
        )

    @functools.cached_property
    def reach_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Zones in the order each home reaches them, and where each one's tie starts.

        ``order`` (car, home, rank) -> zone, by minutes (stable); ``first`` (car, home, rank)
        the first rank with the same minutes (zones equally far do not intervene for each
        other). Computed once per matrices (they change only with policies).
        """
        order = np.argsort(self.minutes, axis=2, kind="stable")
        ranks = np.arange(self.minutes.shape[2])
        new = np.diff(np.take_along_axis(self.minutes, order, axis=2), axis=2, prepend=-1.0) > 0
        first = np.maximum.accumulate(np.where(new, ranks, 0), axis=2)
        return order, first

    @functools.cached_property
    def _to_work(self) -> tuple[np.ndarray, np.ndarray]:
        """Minutes and money with (car, work zone) as rows, home zones as columns (contiguous)."""
        n_zones = self.minutes.shape[1]
        return tuple(  # type: ignore[return-value]
            np.ascontiguousarray(m.transpose(0, 2, 1)).reshape(-1, n_zones)
            for m in (self.minutes, self.money_eur_month)
        )

    def _cost(self, vot: np.ndarray, minutes: np.ndarray, money: np.ndarray) -> np.ndarray:
        return 2.0 * self.days_per_month * self.time_cost_factor * vot * minutes / 60.0 + money


def decay(minutes: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    """PBL log-logistic distance decay: share of people willing to travel ``minutes`` (0-1)."""
    t = np.maximum(minutes, 1e-3)
    return 1.0 / (1.0 + np.exp(a + b * np.log(t) + c * t))


def commute_matrices(
    geo: Geography,
    params: Commute,
    cost_per_km_factor: float = 1.0,
    time_cost_factor: float = 1.0,
) -> CommuteMatrices:
    """Each pair's commuting mode is the fastest available; its reach weight decays with time.

    Available modes: public transport always, bike up to ``params.bike_max_km``, the car only
    for people with one. The weight is ``decay(minutes / decay_time_stretch)``, one decay for
    every mode, so a faster trip is never less acceptable.
    """
    minutes = geo.minutes
    per_km = cost_per_km_factor * np.array(
        [params.cost_per_km_eur[MODE_NAMES[mode]] for mode in Mode]
    )
    usable = np.ones(minutes.shape, dtype=bool)
    usable[Mode.BIKE] = geo.distance_km[Mode.BIKE] <= params.bike_max_km
    out: dict[str, np.ndarray] = {}
    for name in ("minutes", "money_eur_month", "mode"):
        out[name] = np.empty((2, *minutes.shape[1:]))
    out["reach"] = np.empty((2, 2, *minutes.shape[1:]))
    stretch = (params.decay_time_stretch.vocational, params.decay_time_stretch.knowledge)
    for has_car in (0, 1):
        allowed = usable.copy()
        allowed[Mode.CAR] = bool(has_car)
        best = np.argmin(np.where(allowed, minutes, np.inf), axis=0)
        pick = best[None]
        time = np.take_along_axis(minutes, pick, 0)[0]
        km = np.take_along_axis(geo.distance_km, pick, 0)[0]
        out["mode"][has_car] = best
        out["minutes"][has_car] = time
        for edu, kappa in enumerate(stretch):
            out["reach"][has_car, edu] = decay(time / kappa, **params.decay.model_dump())
        out["money_eur_month"][has_car] = 2.0 * params.days_per_month * per_km[best] * km
    # float32 halves the memory traffic of the (agents x zones) gathers in every step.
    return CommuteMatrices(
        reach=out["reach"].astype(np.float32),
        minutes=out["minutes"].astype(np.float32),
        money_eur_month=out["money_eur_month"].astype(np.float32),
        mode=out["mode"].astype(np.int8),
        days_per_month=params.days_per_month,
        time_cost_factor=time_cost_factor,
    )
