"""Bad input gets one clear line naming file, key and value, and exit code 2 (never a traceback).

The tables below are the contract: each bad input with the message it must produce.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

from youth_sim.checks import load_checked
from youth_sim.cli import main
from youth_sim.config import Scenario, load_scenario
from youth_sim.config.load import package_data_path, with_overrides
from youth_sim.config.table import rows as table_rows
from youth_sim.config.table import value_at
from youth_sim.config.uncertainty import load_ranges
from youth_sim.errors import ConfigError

from .conftest import BASELINE, ROOT

# (name, YAML text of a scenario extending the baseline, regex the message must match)
BAD_SCENARIOS = [
    (
        "unknown key",
        "residence:\n  logit_scal_eur_month: 130\n",
        r"bad\.yaml: residence\.logit_scal_eur_month = 130: unknown key$",
    ),
    (
        "unknown section",
        "polices: {}\n",
        r"bad\.yaml: polices = \{\}: unknown key$",
    ),
    (
        "wrong type",
        "run:\n  years: ten\n",
        r"bad\.yaml: run\.years = 'ten': input should be a valid integer",
    ),
    (
        "bool is not an int",
        "run:\n  seed: true\n",
        r"bad\.yaml: run\.seed = true: input should be a valid integer",
    ),
    (
        "share above 1",
        "housing:\n  initial_vacancy_rate: 1.5\n",
        r"bad\.yaml: housing\.initial_vacancy_rate = 1\.5: input should be less than or equal to 1",
    ),
    (
        "negative scale",
        "run:\n  scale: -0.1\n",
        r"bad\.yaml: run\.scale = -0\.1: input should be greater than 0",
    ),
    (
        "ages reversed",
        "population:\n  youngest_age_years: 30\n  oldest_age_years: 20\n",
        r"bad\.yaml: population: oldest_age_years \(20\) is below youngest_age_years \(30\)",
    ),
    (
        "missing data file",
        "geography:\n  zones: nowhere/zones.csv\n",
        r"bad\.yaml: geography\.zones = '.*nowhere/zones\.csv': data file not found",
    ),
    (
        "unknown outside zone",
        "demography:\n  inmigrant_origin_shares: {Paris: 1.0}\n",
        r"bad\.yaml: demography\.inmigrant_origin_shares\.Paris: 'Paris' is not an outside zone",
    ),
    (
        "shares do not sum to 1",
        "demography:\n  inmigrant_origin_shares: {Randstad: 0.5}\n",
        r"bad\.yaml: demography\.inmigrant_origin_shares = \{.*: must sum to 1 "
        r"\(sums to 1\.2\)",
    ),
    (
        "invalid YAML",
        "run:\n  years: [10\n",
        r"bad\.yaml: invalid YAML at line \d+, column \d+",
    ),
    (
        "in-migrant ages outside the model's ages",
        "demography:\n  worker_inmigration_age_years: {min: 22, max: 40}\n",
        r"bad\.yaml: demography\.worker_inmigration_age_years\.max = 40: input should be less",
    ),
    (
        "in-migrant ages outside narrowed bounds",
        "population:\n  oldest_age_years: 25\n",
        r"bad\.yaml: demography\.worker_inmigration_age_years = 22-30: must lie within",
    ),
    (
        "extends a missing file",
        "extends: nothere.yaml\n",
        r"bad\.yaml: extends = 'nothere\.yaml': file not found",
    ),
    (
        "a key written twice (PyYAML would keep the last)",
        "run:\n  years: 5\nresidence:\n  lottery_rounds: 3\nrun:\n  years: 8\n",
        r"bad\.yaml: line 6: key 'run' appears twice in one section \(first at line 2\); keep one$",
    ),
    (
        "a key written twice in a nested section",
        "run:\n  years: 5\n  years: 8\n",
        r"bad\.yaml: line 4: key 'years' appears twice in one section \(first at line 3\)",
    ),
    (
        "NaN value of time",
        "population:\n  tastes:\n    value_of_time_eur_hour: {vocational: .nan, knowledge: 12}\n",
        r"bad\.yaml: population\.tastes\.value_of_time_eur_hour\.vocational = \.nan: input "
        r"should be a finite number$",
    ),
    (
        "infinite spread of the value of time",
        "population:\n  tastes:\n    value_of_time_log_sd: .inf\n",
        r"bad\.yaml: population\.tastes\.value_of_time_log_sd = \.inf: input should be a "
        r"finite number$",
    ),
    (
        "negative value of time",
        "population:\n  tastes:\n    value_of_time_eur_hour: {vocational: -3, knowledge: 12}\n",
        r"bad\.yaml: population\.tastes\.value_of_time_eur_hour\.vocational = -3: input "
        r"should be greater than 0$",
    ),
]

# (name, bytes of a scenario file, regex the message must match)
BAD_BYTES = [
    (
        "saved as Latin-1",
        f"extends: {BASELINE}\n# Münster en Osnabrück\nrun:\n  years: 3\n".encode("latin-1"),
        r"bad\.yaml: not UTF-8 text \(byte 0xfc at line 2, column 4\); save the file as UTF-8$",
    ),
    ("binary", bytes(range(256)), r"bad\.yaml: a binary file, not YAML text$"),
]


@pytest.mark.parametrize(("name", "raw", "message"), BAD_BYTES, ids=[c[0] for c in BAD_BYTES])
def test_files_that_are_not_utf8_text_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, raw: bytes, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(raw)
    for command in (["validate", str(path)], ["run", str(path), "--quiet"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert re.search(message, err), err
        assert "\n" not in err


def _write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    if not text.startswith("extends:"):
        text = f"extends: {BASELINE}\n{text}"
    path.write_text(text, encoding="utf-8")
    return path


def _load_with_data(path: Path) -> None:
    config = load_scenario(path)
    load_checked(config, path)


@pytest.mark.parametrize(
    ("name", "text", "message"), BAD_SCENARIOS, ids=[c[0] for c in BAD_SCENARIOS]
)
def test_bad_scenario_is_rejected_with_one_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as info:
        _load_with_data(path)
    assert "\n" not in str(info.value), name


@pytest.mark.parametrize(
    ("name", "text", "message"), BAD_SCENARIOS[:3], ids=[c[0] for c in BAD_SCENARIOS[:3]]
)
def test_command_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    assert main(["run", str(path), "--quiet", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_missing_key_is_named(tmp_path: Path) -> None:
    data = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    del data["labour"]["matching_elasticity"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml: labour\.matching_elasticity: missing"):
        load_scenario(path)


def test_empty_age_table_is_named(tmp_path: Path) -> None:
    data = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    data["demography"]["moving_rate_by_age_per_year"] = {}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"bad\.yaml: demography\.moving_rate_by_age_per_year = \{\}: .*at least 1",
    ):
        load_scenario(path)


def test_extends_cycle_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extends = 'a\.yaml': cycle in extends"):
        load_scenario(tmp_path / "a.yaml")


def test_set_override_errors_name_set() -> None:
    with pytest.raises(ConfigError, match=r"^--set: run\.sede = 3: unknown key$"):
        load_scenario(BASELINE, ["run.sede=3"])
    with pytest.raises(ConfigError, match=r"^--set: run\.years = 0: input should be greater"):
        load_scenario(BASELINE, ["run.years=0"])


def test_overrides_apply() -> None:
    config = load_scenario(BASELINE, ["run.years=3", "residence.logit_scale_eur_month=150"])
    assert config.run.years == 3
    assert config.residence.logit_scale_eur_month == 150
    again = with_overrides(config, {"run.scale": 0.05})
    assert again.run.scale == 0.05
    assert again.run.years == 3


# --- inconsistent geography: (name, file, edit, message) -------------------------------------


def _drop_pair(table: pd.DataFrame) -> pd.DataFrame:
    return table[
        ~((table.origin == "Ommen") & (table.destination == "Zwolle") & (table["mode"] == "pt"))
    ]


def _negative_time(table: pd.DataFrame) -> pd.DataFrame:
    row = table.index[
        (table.origin == "Kampen") & (table.destination == "Zwolle") & (table["mode"] == "car")
    ][0]
    table.loc[row, "in_vehicle_min"] = -5.0
    table.loc[row, "minutes"] = table.loc[row, "access_egress_min"] - 5.0
    return table


def _negative_jobs(table: pd.DataFrame) -> pd.DataFrame:
    table.loc[table.zone == "Borne", "jobs"] = -10
    return table


def _negative_housing(table: pd.DataFrame) -> pd.DataFrame:
    table.loc[table.zone == "Ommen", "housing_cost_eur_month"] = -1
    return table


def _unknown_zone(table: pd.DataFrame) -> pd.DataFrame:
    table.loc[table.index[0], "origin"] = "Atlantis"
    return table


def _unknown_source(table: pd.DataFrame) -> pd.DataFrame:
    table.loc[table.zone == "Zwolle", "jobs_source"] = "my_guess"
    return table


BAD_DATA = [
    ("zone pair without travel time", "travel_times.csv", _drop_pair,
     r"travel_times\.csv: origin = 'Ommen', destination = 'Zwolle', mode = 'pt': no travel time"),
    ("negative time", "travel_times.csv", _negative_time,
     r"travel_times\.csv: row \d+, (minutes|in_vehicle_min) = '-[\d.]+': must be >= 0"),
    ("unknown zone in travel times", "travel_times.csv", _unknown_zone,
     r"travel_times\.csv: row 2, origin = 'Atlantis': not a known zone"),
    ("negative jobs", "zones.csv", _negative_jobs,
     r"zones\.csv: row \d+, jobs = '-10(\.0)?': must be >= 0"),
    ("negative housing cost", "zones.csv", _negative_housing,
     r"zones\.csv: row \d+, housing_cost_eur_month = '-1(\.0)?': must be >= 0"),
    ("unknown source key", "zones.csv", _unknown_source,
     r"zones\.csv: row \d+, jobs_source = 'my_guess': unknown source key 'my_guess'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "file", "edit", "message"), BAD_DATA, ids=[c[0] for c in BAD_DATA]
)
def test_inconsistent_geography_is_rejected(
    tmp_path: Path,
    name: str,
    file: str,
    edit: Callable[[pd.DataFrame], pd.DataFrame],
    message: str,
) -> None:
    for data_file in ("zones.csv", "travel_times.csv", "sources.csv"):
        shutil.copy(package_data_path(data_file), tmp_path / data_file)
    table = pd.read_csv(tmp_path / file, dtype=str, keep_default_na=False)
    for column in (
        "jobs",
        "housing_cost_eur_month",
        "in_vehicle_min",
        "minutes",
        "access_egress_min",
    ):
        if column in table:
            table[column] = table[column].astype(float)
    edit(table).to_csv(tmp_path / file, index=False)
    files = "  zones: zones.csv\n  travel_times: travel_times.csv\n  sources: sources.csv\n"
    path = _write(tmp_path, "geography:\n" + files)
    with pytest.raises(ConfigError, match=message) as info:
        _load_with_data(path)
    assert "\n" not in str(info.value), name


def test_policies_are_addressed_by_name_never_by_position() -> None:
    config = load_scenario(ROOT / "configs" / "combined.yaml",
                           ["policies.attractive cities.intensity=0.25"])  # fmt: skip
    by_name = {policy.name: policy for policy in config.policies}
    assert by_name["attractive cities"].intensity == 0.25
    assert all(p.intensity == 1.0 for name, p in by_name.items() if name != "attractive cities")
    position = r"^--set policies\.0\.intensity: policies has no policy named '0' \(name a policy"
    with pytest.raises(ConfigError, match=position):
        load_scenario(ROOT / "configs" / "combined.yaml", ["policies.0.intensity=0.5"])
    changed = with_overrides(config, {"policies.attractive cities.delta_sd": 0.5})
    assert {p.name: p for p in changed.policies}["attractive cities"].delta_sd == 0.5  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match=r"no policy named 'nothing' \(known: 'attractive"):
        with_overrides(config, {"policies.nothing.intensity": 0.5})


@pytest.mark.parametrize(
    ("names", "message"),
    [(["same", "same"], r"policies\[1\]\.name = 'same': two policies have this name"),
     (["a.b"], r"policies\[0\] \(a\.b\)\.name = 'a\.b': string should match pattern")],
    ids=["duplicate", "dot"],
)  # fmt: skip
def test_policy_names_are_unique_and_dot_free(
    tmp_path: Path, names: list[str], message: str
) -> None:
    policies = [{"type": "amenity", "name": name, "zones": ["kind:city"], "delta_sd": 1.0,
                 "start_year": 2022, "ramp_years": 0} for name in names]  # fmt: skip
    path = _write(tmp_path, yaml.safe_dump({"policies": policies}))
    with pytest.raises(ConfigError, match=message):
        load_scenario(path)


# --- plausible ranges (configs/uncertainty.yaml) ------------------------------------------------

UNCERTAINTY = ROOT / "configs" / "uncertainty.yaml"
CERTAIN = {
    "run.start_year", "run.years", "run.scale", "run.seed",  # the run, not behaviour
    "population.youngest_age_years", "population.oldest_age_years",  # the model's scope
    "population.study_years_hbo", "population.study_years_wo",  # nominal study lengths
    "labour.initial_vacancy_rate", "labour.initial_overqualified_share",  # [D], [S]
    "housing.initial_vacancy_rate",  # set equal to the structural rate, by construction
    "labour.rounds_per_month", "residence.lottery_rounds",  # numerical choices
    "run.warm_up_years",  # numerical: long enough to settle (tested), not behaviour
    "commute.cost_per_km_eur.bike",  # zero by definition
    "demography.inmigrant_origin_shares",  # a composition summing to 1: varied as a whole
}  # fmt: skip


def test_every_uncertain_parameter_has_a_plausible_range(baseline: Scenario) -> None:
    """Numbers flagged [A], [C], [D] or [R] in baseline.yaml (not age tables) have a range."""
    ranges = load_ranges(UNCERTAINTY, baseline)
    flagged = []
    for row in table_rows(BASELINE):
        if not re.search(r"\[(A|C|D|R)\b", row.note) or row.key in CERTAIN:
            continue
        value = value_at(BASELINE, row.key)
        if isinstance(value, dict) and all(not isinstance(k, str) or k.isdigit() for k in value):
            continue  # a table by age: its shape is the assumption, not one number
        leaves = [row.key] if not isinstance(value, dict) else [
            f"{row.key}.{k}" if not isinstance(v, dict) else f"{row.key}.{k}.{sub}"
            for k, v in value.items() for sub in (v if isinstance(v, dict) else [None])
        ]  # fmt: skip
        flagged += [leaf.removesuffix(".None") for leaf in leaves]
    missing = [key for key in flagged if key not in ranges and key not in CERTAIN]
    assert len(flagged) > 50
    assert not missing, missing


@pytest.mark.parametrize(
    ("text", "message"),
    [("residence.nothing: [1, 2]\n", r"ranges\.residence\.nothing = \[1, 2\]: not a key of the "),
     ("residence.logit_scale_eur_month: [140, 200]\n", r"does not contain the config's value 130"),
     ("residence.logit_scale_eur_month: [200, 100]\n", r"low must be below high"),
     ("residence.logit_scale_eur_month: [90]\n", r"expected \[low, high\], two numbers"),
     ("residence.move_trigger: [1, 2]\n", r"the config value \{.*\} is not a number"),
     ("residence.lottery_rounds: [1.5, 4]\n", r"a whole number; so must the bounds be")],
    ids=["unknown key", "outside", "reversed", "one bound", "a section", "integer"],
)  # fmt: skip
def test_bad_ranges_are_one_line_errors(
    tmp_path: Path, baseline: Scenario, text: str, message: str
) -> None:
    path = tmp_path / "uncertainty.yaml"
    path.write_text(f"base: {BASELINE}\nranges:\n  {text}", encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_ranges(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)
