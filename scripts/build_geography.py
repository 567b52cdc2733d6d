"""Build the default geography of youth_sim: ``zones.csv`` and ``travel_times.csv``.

Usage::

    python scripts/build_geography.py            # write the two CSV files
    python scripts/build_geography.py --check    # exit 1 if the shipped CSVs are stale
    python scripts/build_geography.py --report   # print fits, hold-out checks, sanity table

The builder is the package ``tools/geobuild`` (estimation rules in its docstring, assumptions in
``tools/geobuild/assumptions.yaml``); this script only runs its command line.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, for ``tools``

from tools.geobuild.cli import main

if __name__ == "__main__":
    sys.exit(main())
