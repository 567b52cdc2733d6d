"""The ``youth-sim run`` and ``youth-sim validate`` commands: one scenario, from file to results."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from youth_sim.checks import load_checked
from youth_sim.config.load import load_scenario, read_yaml
from youth_sim.config.schema import Scenario
from youth_sim.config.uncertainty import is_ranges_file, load_ranges
from youth_sim.contract import INDICATORS
from youth_sim.errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, ConfigError
from youth_sim.policies import total_cost_eur

if TYPE_CHECKING:
    from youth_sim.model import YouthModel


def validate(args: argparse.Namespace) -> int:
    """Check scenario files and their data, or ranges files; exit 2 if any is bad.

    One line per file: ``ok: ...``, or the problem.
    """
    failed = 0
    for path in args.configs:
        try:
            if is_ranges_file(read_yaml(path)):
                ranges = load_ranges(path)
                print(f"ok: {path} ({len(ranges)} plausible ranges)")
                continue
            config = load_scenario(path, args.overrides)
            load_checked(config, path)
        except ConfigError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
        else:
            print(f"ok: {path} ({len(config.policies)} policies)")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run one scenario over its horizon, write its folder and print the final indicators."""
    # Imported here: Mesa (with scipy and networkx) and pandas take about a second, which
    # `validate` does not need (it stays under half a second).
    from tqdm import tqdm

    from youth_sim.io import manifest, write_run
    from youth_sim.model import YouthModel
    from youth_sim.runner import prepare_process

    config = _config(args)
    geography = load_checked(config, args.config)
    out = args.out or Path("results") / f"{args.config.stem}_seed{config.run.seed}"
    prepare_process()
    started = time.perf_counter()
    months = config.run.years * 12
    with tqdm(
        total=months, unit="month", desc=args.config.stem, disable=args.quiet, file=sys.stderr,
        dynamic_ncols=True,
    ) as bar:  # fmt: skip
        try:
            model = YouthModel(config, geography)
        except ConfigError as exc:  # a check that needs the data: name the config file
            raise ConfigError(f"{args.config}: {exc}") from None
        model.run_months(months, bar.update)
    wall = time.perf_counter() - started
    try:
        write_run(
            out, model.metrics(), model.zones(), model.od(), model.migration(), model.moves(),
            manifest(
                seed=config.run.seed,
                config=config.model_dump(mode="json", by_alias=True),
                policy_cost_eur=total_cost_eur(config),
                data_files=geography.files,
                wall_time_s=round(wall, 3),
            ),
        )  # fmt: skip
    except OSError as exc:
        print(f"youth-sim: cannot write results to {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    print(_final_table(args.config, config, model, wall))
    print(f"results: {out}")
    return EXIT_OK


def _config(args: argparse.Namespace) -> Scenario:
    """The scenario with ``--set``, ``--seed``, ``--scale`` and ``--years`` applied."""
    overrides = list(args.overrides)
    for key, value in (("run.seed", args.seed), ("run.scale", args.scale),
                       ("run.years", args.years)):  # fmt: skip
        if value is not None:
            overrides.append(f"{key}={value}")
    try:
        return load_scenario(args.config, overrides)
    except ConfigError as exc:
        # Name the flag the user typed, not the override it became.
        message = str(exc)
        for flag in ("seed", "scale", "years"):
            message = message.replace(f"--set: run.{flag} = ", f"--{flag} = ")
        raise ConfigError(message) from None


def _final_table(path: Path, config: Scenario, model: YouthModel, wall: float) -> str:
    """What a run prints at the end: the run, then every indicator with its unit."""
    width = max(len(indicator.name) for indicator in INDICATORS)
    lines = [
        f"{path.name}: {config.run.years} years at scale {config.run.scale:g}, "
        f"seed {config.run.seed}, {model.people.n:,} agents, {wall:.1f} s"
    ]
    for indicator in INDICATORS:
        value = model.indicators[indicator.name]
        lines.append(f"  {indicator.name:<{width}}  {value:>12.4f}  {indicator.unit}")
    return "\n".join(lines)
