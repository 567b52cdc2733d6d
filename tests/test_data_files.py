"""Tests for the shipped geography data (``youth_sim/data``).

The checks are plain functions of a data directory, so the same checks run on the shipped files
and, in ``test_checks_catch_broken_data``, on a temporary copy that is broken on purpose (to show
that every check can fail).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import tools.geobuild
from tools.geobuild import cli, fits, outputs, raw
from tools.geobuild.assumptions import ASSUMPTIONS_FILE, AssumptionsError, load_assumptions

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "youth_sim" / "data"

OUTSIDE = [
    "Randstad",
    "Apeldoorn",
    "Arnhem-Nijmegen",
    "Meppel",
    "Groningen",
    "Gronau-Bentheim",
    "Münster-Osnabrück",
]
CITIES = {"Almelo", "Deventer", "Enschede", "Hengelo", "Zwolle"}
COROPS = {"Twente", "Noord-Overijssel", "Zuidwest-Overijssel"}
KINDS = {"sourced", "derived", "recalled", "assumption"}
MODES = ["car", "pt", "bike"]
ZONE_COLUMNS = [
    "zone", "cbs_code", "kind", "region", "lat", "lon", "area_km2", "pop_total", "pop_15_19",
    "pop_20_24", "pop_25_29", "pop_30_34", "pop_source", "jobs", "jobs_source",
    "housing_cost_eur_month", "housing_cost_source", "amenity", "amenity_source",
    "campus_intake_per_year", "campus_source", "young_knowledge_share",
    "young_knowledge_share_source", "jobs_knowledge_share", "jobs_knowledge_share_source",
    "jobs_growth_per_year", "jobs_growth_source",
]  # fmt: skip
TT_COLUMNS = [
    "origin", "destination", "mode", "minutes", "in_vehicle_min", "access_egress_min",
    "wait_min", "distance_km", "source",
]  # fmt: skip


def read(path: Path) -> pd.DataFrame:
    """Read a data file with empty cells kept as empty strings.

    Parameters
    ----------
    path
        CSV file.

    Returns
    -------
    pandas.DataFrame
        The table.
    """
    return pd.read_csv(path, encoding="utf-8", keep_default_na=False)


# -------------------------------------------------------------------------------------------------
# Checks (each raises AssertionError on a problem)
# -------------------------------------------------------------------------------------------------
def check_matches_builder(data_dir: Path) -> None:
    """Assert that the generated files equal what the builder writes from ``raw/``.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.
    """
    built = outputs.build_outputs(data_dir)
    assert set(built) == {"zones.csv", "travel_times.csv"}
    for name, text in built.items():
        shipped = (data_dir / name).read_bytes()
        assert shipped == text.encode("utf-8"), f"{name} is stale: run build_geography.py"


def check_sources_registry(data_dir: Path) -> None:
    """Assert that ``sources.csv`` is well formed.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.
    """
    src = read(data_dir / "sources.csv")
    assert list(src.columns) == ["key", "kind", "citation", "note"]
    assert src["key"].is_unique, "duplicate keys in sources.csv"
    bad_keys = [k for k in src["key"] if not re.fullmatch(r"[a-z][a-z0-9_]*", k)]
    assert not bad_keys, f"keys not in snake_case: {bad_keys}"
    bad_kinds = sorted(set(src["kind"]) - KINDS)
    assert not bad_kinds, f"invalid kinds: {bad_kinds}"
    assert (src["citation"].str.strip() != "").all(), "empty citation"
    assert (src["note"].str.strip() != "").all(), "empty note"


def source_cells(data_dir: Path) -> list[tuple[str, str, int, str]]:
    """Collect every source cell of the data and raw files.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.

    Returns
    -------
    list of tuple
        ``(file, column, row, cell)`` for every column named ``source`` or ``*_source``.
    """
    files = sorted(data_dir.glob("*.csv")) + sorted((data_dir / "raw").glob("*.csv"))
    cells = []
    for path in files:
        if path.name == "sources.csv":
            continue
        df = read(path)
        for col in df.columns:
            if col == "source" or col.endswith("_source"):
                cells += [(path.name, col, i, str(v)) for i, v in enumerate(df[col])]
    return cells


def check_source_keys_resolve(data_dir: Path) -> None:
    """Assert that every source cell holds one or more registered keys.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.
    """
    keys = set(read(data_dir / "sources.csv")["key"])
    cells = source_cells(data_dir)
    assert len(cells) > 3000
    bad = []
    for name, col, row, cell in cells:
        parts = cell.split(";")
        if cell.strip() == "" or any(p.strip() not in keys for p in parts):
            bad.append(f"{name}:{row + 2}:{col}={cell!r}")
    assert not bad, f"unresolved source keys: {bad[:10]}"


def check_zones(data_dir: Path) -> None:
    """Assert the structure and rules of ``zones.csv``.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.
    """
    z = read(data_dir / "zones.csv")
    assert list(z.columns) == ZONE_COLUMNS
    muni = z[z["kind"] != "outside"]
    out = z[z["kind"] == "outside"]
    assert len(muni) == 25, f"{len(muni)} municipalities"
    assert list(out["zone"]) == OUTSIDE
    assert list(z["zone"]) == sorted(muni["zone"]) + OUTSIDE, "zone order"
    assert set(z["kind"]) <= {"city", "town", "rural", "outside"}
    assert set(muni.loc[muni["kind"] == "city", "zone"]) == CITIES
    rest = muni[~muni["zone"].isin(CITIES)]
    expected = np.where(rest["pop_total"] >= 30_000, "town", "rural")
    assert (rest["kind"].to_numpy() == expected).all(), "kind_rule"
    assert set(muni["region"]) == COROPS
    assert set(out["region"]) == {"outside"}
    assert muni["cbs_code"].str.fullmatch(r"GM\d{4}").all()
    pop_cols = ["pop_total", "pop_15_19", "pop_20_24", "pop_25_29", "pop_30_34"]
    assert (muni[pop_cols] > 0).all().all()
    assert (out[pop_cols] == 0).all().all()
    assert (muni[pop_cols[1:]].sum(axis=1) < muni["pop_total"]).all()
    assert (z["jobs"] > 0).all()
    assert (z["housing_cost_eur_month"] > 0).all()
    assert (z["campus_intake_per_year"] >= 0).all()
    amen = muni["amenity"].to_numpy(float)
    assert abs(amen.mean()) < 1e-3, "amenity mean"
    assert abs(amen.std(ddof=0) - 1.0) < 1e-3, "amenity sd"
    assert z["lat"].between(51.5, 53.5).all()
    assert z["lon"].between(4.5, 8.0).all()


def check_travel_times(data_dir: Path) -> None:
    """Assert completeness, order and arithmetic of ``travel_times.csv``.

    Parameters
    ----------
    data_dir
        A ``youth_sim/data`` directory.
    """
    zones = list(read(data_dir / "zones.csv")["zone"])
    tt = read(data_dir / "travel_times.csv")
    assert list(tt.columns) == TT_COLUMNS
    expected = [(o, d, m) for o in zones for d in zones for m in MODES]
    got = list(zip(tt["origin"], tt["destination"], tt["mode"], strict=True))
    assert len(got) == len(zones) ** 2 * 3 == 3072, f"{len(got)} rows"
    assert got == expected, "rows missing, duplicated or out of order"
    num = tt[["minutes", "in_vehicle_min", "access_egress_min", "wait_min", "distance_km"]]
    assert num.notna().all().all()
    assert (tt["minutes"] > 0).all(), "minutes must be > 0"
    assert (tt["distance_km"] > 0).all(), "distance_km must be > 0"
    assert (num >= 0).all().all()
    parts = tt["in_vehicle_min"] + tt["access_egress_min"] + tt["wait_min"]
    assert np.allclose(tt["minutes"], parts, atol=0.01), "minutes != sum of components"
    assert (tt.loc[tt["mode"] != "pt", "wait_min"] == 0).all()
    back = tt.set_index(["destination", "origin", "mode"])[["minutes", "distance_km"]]
    fwd = tt.set_index(["origin", "destination", "mode"])[["minutes", "distance_km"]]
    assert fwd.sort_index().equals(back.rename_axis(fwd.index.names).sort_index()), "asymmetry"


# -------------------------------------------------------------------------------------------------
# Tests on the shipped files
# -------------------------------------------------------------------------------------------------
def test_shipped_files_equal_builder_output() -> None:
    """The shipped CSVs are exactly what the builder writes."""
    check_matches_builder(DATA)


def test_builder_is_deterministic() -> None:
    """Two builds give identical text."""
    assert outputs.build_outputs(DATA) == outputs.build_outputs(DATA)


def test_sources_registry() -> None:
    """Every key is unique, snake_case, of a valid kind and cited."""
    check_sources_registry(DATA)


def test_source_keys_resolve() -> None:
    """Every source cell in the data and raw files names registered keys."""
    check_source_keys_resolve(DATA)


def test_zones() -> None:
    """Zones: 25 municipalities plus the 7 outside zones, rules respected."""
    check_zones(DATA)


def test_travel_times() -> None:
    """Every (origin, destination, mode), positive, components add up, symmetric."""
    check_travel_times(DATA)


def test_raw_files_have_source_columns() -> None:
    """Every raw input file carries a source column per row."""
    for path in sorted((DATA / "raw").glob("*.csv")):
        cols = read(path).columns
        assert any(c == "source" or c.endswith("_source") for c in cols), path.name


def test_geographic_sanity() -> None:
    """Hand-checked values from the brief stay in range."""
    tt = read(DATA / "travel_times.csv")
    rows: dict[tuple[str, str, str], dict[str, float]] = {
        (o, d, m): {c: float(r[c]) for c in ("minutes", "in_vehicle_min", "access_egress_min",
                                             "wait_min")}
        for o, d, m, r in zip(
            tt["origin"], tt["destination"], tt["mode"], tt.to_dict("records"), strict=True
        )
    }  # fmt: skip

    def row(o: str, d: str, m: str) -> dict[str, float]:
        return rows[(o, d, m)]

    assert row("Zwolle", "Kampen", "car")["in_vehicle_min"] == 17.0
    assert 8.0 <= row("Enschede", "Hengelo", "pt")["in_vehicle_min"] <= 10.0
    ze = row("Zwolle", "Enschede", "pt")
    assert ze["in_vehicle_min"] == 48.0  # verified IC, no transfer
    assert ze["minutes"] == 48.0 + ze["access_egress_min"] + ze["wait_min"]
    zones = list(read(DATA / "zones.csv")["zone"])
    assert all(5.0 <= row(z, z, "car")["minutes"] <= 20.0 for z in zones), "intrazonal car"
    for city in CITIES:
        assert 60.0 <= row(city, "Randstad", "pt")["minutes"] <= 130.0, city
    bus_only = ["Staphorst", "Zwartewaterland", "Haaksbergen", "Losser", "Dinkelland", "Tubbergen"]
    hubs = {"Zwolle", "Enschede", "Almelo", "Oldenzaal", "Hengelo", "Kampen"}
    for o in bus_only:
        for d in hubs:
            assert row(o, d, "pt")["minutes"] > 1.5 * row(o, d, "car")["minutes"], (o, d)
    housing = read(DATA / "zones.csv").set_index("zone")["housing_cost_eur_month"]
    assert float(housing["Randstad"]) > 683.0  # above the NL mean (Kamernet)


def test_fit_numbers_documented() -> None:
    """The fitted formulas quoted in the ``tools.geobuild`` docstring and README match the data."""
    inputs = raw.load_raw(DATA)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    doc = tools.geobuild.__doc__ or ""
    for fit in (fits.car_fit(inputs), fits.rail_fit(inputs)):
        text = f"t = {fit.a:.2f} + {fit.b:.4f} * crow_km, RMSE {fit.rmse:.2f} min"
        assert text in doc, text
        assert text in readme, text
    detour = f"{fits.road_detour_fit(inputs):.3f}"
    assert detour in doc
    assert detour in readme


def test_check_cli_exit_codes(tmp_path: Path) -> None:
    """``--check`` exits 0 on the shipped data and 1 on a stale copy."""
    assert cli.main(["--check"]) == 0
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    path = copy / "zones.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cli.main(["--check", "--data-dir", str(copy)]) == 1


def test_assumption_notes_cite_registered_keys() -> None:
    """Every ``[key]`` quoted in ``assumptions.yaml`` is a key of ``sources.csv``."""
    keys = set(read(DATA / "sources.csv")["key"])
    cited = re.findall(r"\[([a-z][a-z0-9_]*)\]", ASSUMPTIONS_FILE.read_text(encoding="utf-8"))
    assert cited
    assert set(cited) <= keys, sorted(set(cited) - keys)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (["pt_wait_cap_min"], "missing key pt_wait_cap_min"),
        (["pt_headway_min", "busonly"], "missing key pt_headway_min.busonly"),
        (["bus_speed_kmh", "source"], "missing key bus_speed_kmh.source"),
    ],
)
def test_incomplete_assumptions_name_the_key(path: list[str], message: str, tmp_path: Path) -> None:
    """A missing assumption, table entry or field fails with the file and the key."""
    data = yaml.safe_load(ASSUMPTIONS_FILE.read_text(encoding="utf-8"))
    node = data
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    broken = tmp_path / "assumptions.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AssumptionsError, match=re.escape(f"{broken}: {message}")):
        load_assumptions(broken)


# -------------------------------------------------------------------------------------------------
# The checks must be able to fail: break a temporary copy and expect an AssertionError
# -------------------------------------------------------------------------------------------------
def _edit(rel: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], None]:
    """Return a mutation that edits one CSV file of a data directory as text cells."""

    def mutate(data_dir: Path) -> None:
        path = data_dir / rel
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        change(df).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")

    return mutate


def _set(row: int, **cells: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Return a change that overwrites cells of one row."""

    def change(df: pd.DataFrame) -> pd.DataFrame:
        for col, value in cells.items():
            df.loc[row, col] = value
        return df

    return change


def _drop(row: int) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Return a change that deletes one row."""
    return lambda df: df.drop(index=row)


def _add_minutes(row: int, *cols: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Return a change that adds 10 minutes to some columns of one row."""

    def change(df: pd.DataFrame) -> pd.DataFrame:
        for col in cols:
            values = [str(v) for v in df[col]]
            values[row] = f"{float(values[row]) + 10.0:.1f}"
            df[col] = values
        return df

    return change


BREAKAGES = {
    "edited minutes": (
        _edit("travel_times.csv", _set(4, minutes="1.0")),
        [check_matches_builder, check_travel_times],
    ),
    "raw figure changed, not rebuilt": (
        _edit("raw/rail_links.csv", _add_minutes(0, "minutes")),
        [check_matches_builder],
    ),
    "unknown source key": (
        _edit("zones.csv", _set(0, jobs_source="jobs_guessed")),
        [check_source_keys_resolve],
    ),
    "empty source cell in raw": (
        _edit("raw/bus_links.csv", _set(0, source="")),
        [check_source_keys_resolve],
    ),
    "invalid kind": (
        _edit("sources.csv", _set(0, kind="guessed")),
        [check_sources_registry],
    ),
    "missing travel-time row": (
        _edit("travel_times.csv", _drop(100)),
        [check_travel_times],
    ),
    "missing municipality": (
        _edit("zones.csv", _drop(3)),
        [check_zones],
    ),
    "zero minutes": (
        _edit(
            "travel_times.csv",
            _set(0, minutes="0.0", in_vehicle_min="0.0", access_egress_min="0.0"),
        ),
        [check_travel_times],
    ),
    "asymmetric times": (
        # components still add up; only the reverse direction differs
        _edit("travel_times.csv", _add_minutes(4, "minutes", "in_vehicle_min")),
        [check_travel_times],
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_checks_catch_broken_data(name: str, tmp_path: Path) -> None:
    """Each check fails on a temporary copy broken in the way it guards against."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    for check in (check_matches_builder, check_sources_registry, check_source_keys_resolve,
                  check_zones, check_travel_times):  # fmt: skip
        check(copy)  # the untouched copy passes every check
    mutate, checks = BREAKAGES[name]
    mutate(copy)
    for check in checks:
        with pytest.raises(AssertionError):
            check(copy)
