"""The documents users read name exactly what the code does."""

from __future__ import annotations

import re

from youth_sim.contract import INDICATOR_NAMES
from youth_sim.tables import MIGRATION_COLUMNS, OD_COLUMNS, ZONE_COLUMNS

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
    for column in (*ZONE_COLUMNS, *OD_COLUMNS, *MIGRATION_COLUMNS):
        assert f"`{column}`" in text, column
    for file in ("metrics.csv", "zones.csv", "od.csv", "migration.csv", "manifest.json"):
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
