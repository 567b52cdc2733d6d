"""The command line of ``scripts/build_geography.py``: write, ``--check`` or ``--report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import tools.geobuild
from tools.geobuild.outputs import OUTPUT_FILES, stale_files, write_outputs
from tools.geobuild.raw import DATA_DIR
from tools.geobuild.report import report

DESCRIPTION = (tools.geobuild.__doc__ or "").partition("\n")[0]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 1 when ``--check`` finds stale files.
    """
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--check", action="store_true", help="exit 1 if the CSVs are stale")
    parser.add_argument("--report", action="store_true", help="print fits and sanity checks")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.data_dir)
        if stale:
            print(
                f"stale geography files: {', '.join(stale)}; run scripts/build_geography.py",
                file=sys.stderr,
            )
            return 1
        print("geography files are up to date")
        return 0
    if args.report:
        print(report(args.data_dir))
        return 0
    write_outputs(args.data_dir)
    print(f"wrote {', '.join(OUTPUT_FILES)} in {args.data_dir}")
    return 0
