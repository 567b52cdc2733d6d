"""Draw every chart an experiment's results allow, and save them (the only writer of charts)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen: render to files

from youth_sim.charts.data import Results
from youth_sim.charts.figures import CHARTS, Skip
from youth_sim.charts.labels import Lang, text

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text in SVG: searchable, editable in a report
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlepad": 3,
}


@dataclass
class Drawn:
    """What :func:`draw_all` made: files per chart, and charts skipped with the reason."""

    files: dict[str, Path] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    png: dict[str, bytes] = field(default_factory=dict)
    """PNG bytes of each chart (for embedding in the annex)."""


def draw_all(results: Results, lang: Lang, fmt: str, out: Path, keep_png: bool = False) -> Drawn:
    """Render every chart the results allow into ``out`` as ``<chart>_<lang>.<fmt>``."""
    out.mkdir(parents=True, exist_ok=True)
    drawn = Drawn()
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        for name, chart in CHARTS.items():
            try:
                figure = chart(results, lang)
            except Skip as skip:
                drawn.skipped[name] = text(skip.args[0], lang)
                continue
            path = out / f"{name}_{lang}.{fmt}"
            figure.savefig(path, dpi=200)
            drawn.files[name] = path
            if keep_png:
                buffer = io.BytesIO()
                figure.savefig(buffer, format="png", dpi=150)
                drawn.png[name] = buffer.getvalue()
    return drawn
