"""The ``youth-sim charts`` and ``youth-sim report`` commands."""

from __future__ import annotations

import argparse
import sys

from youth_sim.charts.data import Results
from youth_sim.charts.labels import text
from youth_sim.charts.render import draw_all
from youth_sim.errors import ConfigError


def _results(args: argparse.Namespace) -> Results:
    notes: list[str] = []
    results = Results.load(args.dir, notes)
    for note in notes:
        print(note, file=sys.stderr)
    if results.runs.empty:
        raise ConfigError(f"{args.dir}: no finished runs to chart")
    return results


def charts(args: argparse.Namespace) -> int:
    """Draw every chart the results allow; say which were skipped and why."""
    results = _results(args)
    out = args.out or args.dir / "charts"
    drawn = draw_all(results, args.lang, args.fmt, out)
    for name, path in drawn.files.items():
        print(f"{name}: {path}")
    for name, reason in drawn.skipped.items():
        print(f"{name}: {text('skipped', args.lang).lower()} ({reason})")
    return 0


def report(args: argparse.Namespace) -> int:
    """Write the annex: a self-contained HTML file and an A4 PDF (or one of them)."""
    from youth_sim.charts.report import write_report

    results = _results(args)
    formats = (args.format,) if args.format else ("html", "pdf")
    paths, drawn = write_report(results, args.lang, args.out, formats)
    for path in paths:
        print(f"annex: {path}")
    print(f"charts: {args.dir / 'charts'} ({len(drawn.files)} drawn, {len(drawn.skipped)} skipped)")
    return 0
