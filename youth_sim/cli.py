"""The ``youth-sim`` command: argument parsing and exit codes only.

Exit codes: 0 success, 2 bad input (config, data, arguments, or a results folder that cannot
be used; one line per problem on stderr, never a traceback), 1 a failure writing the results,
failed runs, or a Dask cluster without workers; 130 after Ctrl-C and 143 after SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with code 2 and a one-line message (its default, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _at_least_one(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: must be at least 1")
    return value


def _seconds(text: str) -> float:
    value = _positive_float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: must be a positive number of seconds")
    return value


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it is cleaned up like Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _add_set(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--set KEY.PATH=VALUE`` option (repeatable) that every config command takes."""
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY.PATH=VALUE",
        help=help_text,
    )  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = _Parser(prog="youth-sim", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run one scenario and write its results")
    run.add_argument("config", type=Path, help="scenario file (YAML)")
    run.add_argument("--seed", type=_int, help="seed (overrides run.seed)")
    run.add_argument(
        "--scale", type=_positive_float, help="agents per person (overrides run.scale)"
    )
    run.add_argument("--years", type=_int, help="horizon in years (overrides run.years)")
    run.add_argument("--out", type=Path, help="output folder (default: results/<name>_seed<N>)")
    _add_set(run, "override any config value, e.g. --set residence.logit_scale_eur_month=150")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    validate = sub.add_parser(
        "validate", help="check scenario files (and their data) without running"
    )
    validate.add_argument("configs", type=Path, nargs="+", metavar="CONFIG")
    _add_set(validate, "override a config value in every file checked")
    experiment = sub.add_parser(
        "experiment", help="run an experiment file (resumable; local processes or Dask)"
    )
    experiment.add_argument("file", type=Path, help="experiment file (YAML)")
    experiment.add_argument("--out", type=Path, help="output folder (default: results/<name>)")
    experiment.add_argument(
        "--workers", type=_at_least_one, help="local worker processes (default 2)"
    )
    experiment.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    experiment.add_argument(
        "--worker-timeout", type=_seconds, default=300.0, metavar="SECONDS",
        help="with --scheduler: stop when the cluster has had no workers this long (300)",
    )  # fmt: skip
    experiment.add_argument("--replications", type=_int, help="overrides the file")
    experiment.add_argument("--scale", type=_positive_float, help="overrides the file")
    experiment.add_argument("--years", type=_int, help="overrides the file")
    experiment.add_argument("--retry-failed", action="store_true", help="rerun failed runs")
    _add_set(experiment, "override a config value in every scenario")
    experiment.add_argument("--quiet", action="store_true", help="no progress bar")
    summarize = sub.add_parser("summarize", help="paired policy effects and sensitivity tables")
    summarize.add_argument("dir", type=Path, help="an experiment's output folder")
    charts = sub.add_parser("charts", help="draw the charts of an experiment's results")
    charts.add_argument("dir", type=Path, help="an experiment's output folder")
    charts.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (nl)")
    charts.add_argument("--format", choices=("png", "svg", "pdf"), default="png", dest="fmt")
    charts.add_argument("--out", type=Path, help="folder for the charts (default DIR/charts)")
    report = sub.add_parser("report", help="write the annex (one HTML file) for an experiment")
    report.add_argument("dir", type=Path, help="an experiment's output folder")
    report.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (nl)")
    return parser


def _validate(args: argparse.Namespace) -> int:
    from youth_sim.checks import load_checked
    from youth_sim.config.load import load_scenario
    from youth_sim.errors import ConfigError

    failed = 0
    for path in args.configs:
        try:
            config = load_scenario(path, args.overrides)
            load_checked(config, path)
        except ConfigError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
        else:
            print(f"ok: {path} ({len(config.policies)} policies)")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from youth_sim.checks import load_checked
    from youth_sim.config.load import load_scenario
    from youth_sim.contract import INDICATORS
    from youth_sim.errors import ConfigError
    from youth_sim.io import manifest, write_run
    from youth_sim.model import YouthModel
    from youth_sim.policies import total_cost_eur

    overrides = list(args.overrides)
    for key, value in (
        ("run.seed", args.seed),
        ("run.scale", args.scale),
        ("run.years", args.years),
    ):
        if value is not None:
            overrides.append(f"{key}={value}")
    try:
        config = load_scenario(args.config, overrides)
    except ConfigError as exc:
        # Name the flag the user typed, not the override it became.
        message = str(exc)
        for flag in ("seed", "scale", "years"):
            message = message.replace(f"--set: run.{flag} = ", f"--{flag} = ")
        raise ConfigError(message) from None
    geography = load_checked(config, args.config)
    out = args.out or Path("results") / f"{args.config.stem}_seed{config.run.seed}"
    started = time.perf_counter()
    months = config.run.years * 12
    with tqdm(
        total=months,
        unit="month",
        desc=args.config.stem,
        disable=args.quiet,
        file=sys.stderr,
        dynamic_ncols=True,
    ) as bar:
        try:
            model = YouthModel(config, geography)
        except ConfigError as exc:  # a check that needs the data: name the config file
            raise ConfigError(f"{args.config}: {exc}") from None
        model.run_months(months, bar.update)
    wall = time.perf_counter() - started
    try:
        write_run(
            out,
            model.metrics(),
            model.zones(),
            model.od(),
            model.migration(),
            manifest(
                seed=config.run.seed,
                config=config.model_dump(mode="json", by_alias=True),
                policy_cost_eur=total_cost_eur(config),
                data_files=geography.files,
                wall_time_s=round(wall, 3),
            ),
        )
    except OSError as exc:
        print(f"youth-sim: cannot write results to {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    width = max(len(indicator.name) for indicator in INDICATORS)
    print(
        f"{args.config.name}: {config.run.years} years at scale {config.run.scale:g}, "
        f"seed {config.run.seed}, {model.people.n:,} agents, {wall:.1f} s"
    )
    for indicator in INDICATORS:
        value = model.indicators[indicator.name]
        print(f"  {indicator.name:<{width}}  {value:>12.4f}  {indicator.unit}")
    print(f"results: {out}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``youth-sim`` command; returns the exit code.

    SIGTERM is handled like Ctrl-C (exit 143 rather than 130): finished work is kept and
    worker processes are stopped.
    """
    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    try:
        return _dispatch(args)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _dispatch(args: argparse.Namespace) -> int:
    from youth_sim.errors import ConfigError, StoreError

    try:
        if args.command == "run":
            return _run(args)
        if args.command == "validate":
            return _validate(args)
        if args.command == "experiment":
            from youth_sim.experiment.command import run_experiment

            return run_experiment(args)
        if args.command in ("charts", "report"):
            from youth_sim.charts.command import charts, report

            return charts(args) if args.command == "charts" else report(args)
        if args.command == "summarize":
            from youth_sim.experiment.command import summarize

            return summarize(args)
    except (ConfigError, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        print(f"youth-sim: {'terminated' if terminated else 'interrupted'}", file=sys.stderr)
        return 143 if terminated else 130
    return EXIT_BAD_INPUT
