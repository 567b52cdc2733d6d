"""The package's layers point one way: no import cycles, and charts never import the model.

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``); import-linter checks every
import, including those inside functions, so a new cycle or a wrong-way import fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


def test_import_contracts_are_kept(tmp_path: Path) -> None:
    pytest.importorskip("importlinter")
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command is not None
    done = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "3 kept, 0 broken" in done.stdout


def test_a_wrong_way_import_is_caught(tmp_path: Path) -> None:
    """The check itself can fail: a copy of the package whose charts import the model."""
    pytest.importorskip("importlinter")
    package = tmp_path / "youth_sim"
    shutil.copytree(ROOT / "youth_sim", package, ignore=shutil.ignore_patterns("__pycache__"))
    labels = package / "charts" / "labels.py"
    labels.write_text(labels.read_text(encoding="utf-8") + "\nfrom youth_sim import model\n",
                      encoding="utf-8")  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command is not None
    done = subprocess.run(
        [command, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)},
    )  # fmt: skip
    assert done.returncode != 0
    assert "youth_sim.charts.labels -> youth_sim.model" in done.stdout
