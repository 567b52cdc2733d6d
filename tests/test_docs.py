"""The documents users read name exactly what the code does."""

from __future__ import annotations

import importlib.util
import re
import types
import typing
from types import ModuleType

import pytest
from pydantic import BaseModel

from youth_sim.config.schema import Scenario
from youth_sim.contract import INDICATOR_NAMES
from youth_sim.experiment.schema import ExperimentFile
from youth_sim.tables import MIGRATION_COLUMNS, MOVES_COLUMNS, OD_COLUMNS, ZONE_COLUMNS

from .conftest import ROOT

DOCS = {"README.md": ROOT / "README.md", "docs/ODD.md": ROOT / "docs" / "ODD.md"}


def _indicator_table(text: str) -> list[str]:
    """Names in the first column of the table in the section headed '... Indicators'."""
    section = re.split(r"^## (?:\d+\. )?Indicators\s*$", text, flags=re.MULTILINE)[1]
    section = re.split(r"^## ", section, flags=re.MULTILINE)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_readme_and_odd_list_exactly_the_indicators() -> None:
    for name, path in DOCS.items():
        assert _indicator_table(path.read_text(encoding="utf-8")) == list(INDICATOR_NAMES), name


def test_readme_names_every_output_column() -> None:
    text = DOCS["README.md"].read_text(encoding="utf-8")
    for column in (*ZONE_COLUMNS, *OD_COLUMNS, *MIGRATION_COLUMNS, *MOVES_COLUMNS):
        assert f"`{column}`" in text, column
    for file in ("metrics.csv", "zones.csv", "od.csv", "migration.csv", "moves.csv",
                 "manifest.json"):  # fmt: skip
        assert f"`{file}`" in text, file


def test_readme_commands_exist() -> None:
    text = DOCS["README.md"].read_text(encoding="utf-8")
    assert (
        "scripts/setup-venv && .venv/bin/youth-sim experiment experiments/policy_comparison.yaml"
        " && .venv/bin/youth-sim report results/policy_comparison --lang nl" in text
    )
    assert "scripts/setup-venv dev && scripts/check" in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/setup-venv dev && scripts/check" in ci


def _render_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_docs", ROOT / "scripts" / "render_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_up_to_date() -> None:
    """docs/parameters.md and docs/ODD.md come from the schema and the baseline config."""
    for path, text in _render_docs().outputs().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date: run scripts/render_docs.py (and edit "
            f"docs/src/ODD.md, not docs/ODD.md)"
        )


def test_the_odd_quotes_only_values_the_config_has() -> None:
    render = _render_docs()
    source = (ROOT / "docs" / "src" / "ODD.md").read_text(encoding="utf-8")
    keys = render.PLACEHOLDER.findall(source)
    assert len(keys) > 50  # the ODD quotes its parameters through placeholders
    with pytest.raises(KeyError):
        render.render_odd("a value that does not exist: {{residence.no_such_thing}}")


def _models(annotation: object, seen: set[type[BaseModel]]) -> set[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models(typing.get_args(annotation)[0], seen)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            _models(argument, seen)
        return seen
    if (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and annotation not in seen
    ):
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, seen)
    return seen


def test_every_config_field_is_described() -> None:
    """Every field of a scenario file (policies and experiment files too) says what it is."""
    models = _models(Scenario, set()) | _models(ExperimentFile, set())
    assert len(models) > 25
    missing = [
        f"{model.__name__}.{name}"
        for model in models
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert not missing, missing


def test_parameter_table_has_every_leaf_with_its_source_note() -> None:
    table = (ROOT / "docs" / "parameters.md").read_text(encoding="utf-8")
    for key in ("residence.housing_cost_weight", "residence.distance_scale_km",
                "labour.on_the_job_search_per_month.long_commute_above_min",
                "commute.decay", "housing.price_rule.slope_low"):  # fmt: skip
        assert f"| `{key}` |" in table, key
    assert "| `residence.housing_cost_weight` | vocational 1, knowledge 0.9 | >= 0 |" in table
