"""``python -m youth_sim`` is the ``youth-sim`` command."""

from youth_sim.cli import main

raise SystemExit(main())
