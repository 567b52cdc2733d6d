"""The ``youth-sim`` command line: argument parsing and exit codes only.

The commands themselves live in :mod:`youth_sim.run_command` (run, validate),
:mod:`youth_sim.experiment.command` (experiment, summarize) and
:mod:`youth_sim.charts.command` (charts, report), imported only when used, so that
``youth-sim --help`` answers at once.

Exit codes: 0 success, 2 bad input (config, data, arguments, or a results folder that cannot
be used; one line per problem on stderr, never a traceback), 1 a failure writing the results,
failed runs, or a Dask cluster without workers; 130 after Ctrl-C and 143 after SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from youth_sim.errors import EXIT_BAD_INPUT
from youth_sim.version import __version__


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


def _add_runner_options(parser: argparse.ArgumentParser) -> None:
    """The options of commands that run on the experiment runner (experiment, calibrate)."""
    parser.add_argument("--workers", type=_at_least_one, help="local worker processes (default 2)")
    parser.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    parser.add_argument(
        "--worker-timeout", type=_seconds, default=300.0, metavar="SECONDS",
        help="with --scheduler: stop when the cluster has had no workers this long (300)",
    )  # fmt: skip
    parser.add_argument("--retry-failed", action="store_true", help="rerun failed runs")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


DESCRIPTION = """\
Where do young people in Overijssel live and work, and what would shorter travel times
(people-based policy) or more attractive places (place-based policy) change? youth_sim runs
an agent-based model of every young person aged 18-34 choosing a home and a job.
"""
EPILOG = """\
typical use:
  youth-sim run configs/people_based.yaml                     one scenario, one seed
  youth-sim experiment experiments/policy_comparison.yaml     many runs, paired on seeds
  youth-sim calibrate calibration/overijssel.yaml             parameters that fit observed patterns
  youth-sim report results/policy_comparison --lang nl        the annex for an advice

Bad input gives one line naming the file, the key and the value, and exit code 2.
Documentation: README.md, docs/experiments.md, docs/ODD.md.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for all subcommands."""
    parser = _Parser(
        prog="youth-sim", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"youth-sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    run = sub.add_parser(
        "run", help="run one scenario and write its results (metrics, zones, commuting)",
        description="Run one scenario over its horizon and write its output folder.",
    )  # fmt: skip
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
        "validate", help="check scenario, ranges or calibration files and their data; no run",
        description="Check scenario files and the data they name; one line per file.",
    )  # fmt: skip
    validate.add_argument("configs", type=Path, nargs="+", metavar="CONFIG")
    _add_set(validate, "override a config value in every file checked")
    experiment = sub.add_parser(
        "experiment", help="run many scenarios and seeds from an experiment file (resumable)",
        description="Run (or resume) an experiment file on local processes or a Dask cluster.",
    )  # fmt: skip
    experiment.add_argument("file", type=Path, help="experiment file (YAML)")
    experiment.add_argument("--out", type=Path, help="output folder (default: results/<name>)")
    _add_runner_options(experiment)
    experiment.add_argument("--replications", type=_int, help="overrides the file")
    experiment.add_argument("--scale", type=_positive_float, help="overrides the file")
    experiment.add_argument("--years", type=_int, help="overrides the file")
    _add_set(experiment, "override a config value in every scenario")
    calibrate = sub.add_parser(
        "calibrate", help="history matching of uncertain parameters to observed patterns",
        description="Run (or resume) a calibration file: waves of runs on the experiment runner.",
    )  # fmt: skip
    calibrate.add_argument("file", type=Path, help="calibration file (YAML)")
    calibrate.add_argument(
        "--out", type=Path, help="output folder (default: results/calibration/<name>)"
    )
    _add_runner_options(calibrate)
    calibrate.add_argument(
        "--budget", type=_at_least_one, metavar="RUNS",
        help="at most this many runs in all (waves stop, or shrink, to stay within it)",
    )  # fmt: skip
    summarize = sub.add_parser(
        "summarize", help="each policy's effect with a 95%% interval; sensitivity indices",
        description="Print and write the tables of an experiment's results.",
    )  # fmt: skip
    summarize.add_argument("dir", type=Path, help="an experiment's output folder")
    summarize.add_argument(
        "--lang", choices=("nl", "en"),
        help="print in Dutch or English with indicator labels (default: English, names)",
    )  # fmt: skip
    charts = sub.add_parser(
        "charts", help="draw the charts of an experiment (Dutch or English)",
        description="Draw every chart an experiment's results allow.",
    )  # fmt: skip
    charts.add_argument("dir", type=Path, help="an experiment's output folder")
    charts.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (nl)")
    charts.add_argument("--format", choices=("png", "svg", "pdf"), default="png", dest="fmt")
    charts.add_argument("--out", type=Path, help="folder for the charts (default DIR/charts)")
    report = sub.add_parser(
        "report", help="write the annex for an advice: HTML and an A4 PDF, charts included",
        description="Write the annex of an experiment: a self-contained HTML file and an A4 "
        "PDF made without a browser.",
    )  # fmt: skip
    report.add_argument("dir", type=Path, help="an experiment's output folder")
    report.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (nl)")
    report.add_argument(
        "--format", choices=("html", "pdf"),
        help="write only this format (default: both, annex_<lang>.html and annex_<lang>.pdf)",
    )  # fmt: skip
    report.add_argument(
        "--out", type=Path, help="file to write (default DIR/annex_<lang>.html and .pdf)"
    )
    explore = sub.add_parser(
        "explore", help="explore a policy in the browser: levers, a live map, key figures",
        description="Start the explore page (Mesa's SolaraViz) on a local port; needs the "
        "explore extra: pip install -e '.[explore]'.",
    )  # fmt: skip
    explore.add_argument("--port", type=_int, default=8765, help="local port (8765)")
    explore.add_argument(
        "--scale", type=_positive_float, default=0.05, help="agents per person (0.05)"
    )
    explore.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (nl)")
    explore.add_argument(
        "--preset", choices=("none", "people_based", "place_based", "combined"), default="none",
        help="the shipped scenario the levers start from (none)",
    )  # fmt: skip
    explore.add_argument(
        "--config", type=Path, default=Path("configs/baseline.yaml"),
        help="the base scenario (configs/baseline.yaml; presets are its sibling files)",
    )  # fmt: skip
    return parser


def _explore(args: argparse.Namespace) -> int:
    """Serve the explore page with solara until Ctrl-C; one line if the extra is missing."""
    import importlib.util
    import os
    import subprocess

    from youth_sim.errors import EXIT_BAD_INPUT

    if importlib.util.find_spec("solara") is None:
        print("youth-sim explore needs the explore extra: pip install -e '.[explore]' "
              "(scripts/setup-venv explore)", file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    if not 1 <= args.port <= 65535:
        print(f"--port = {args.port}: must be 1-65535", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.config.is_file():
        print(f"{args.config}: file not found (--config names the base scenario)", file=sys.stderr)
        return EXIT_BAD_INPUT
    from youth_sim.config import load_scenario
    from youth_sim.config.load import with_overrides
    from youth_sim.errors import ConfigError

    try:  # the page builds its models from these: a bad scale or file is one line here
        with_overrides(load_scenario(args.config), {"run.scale": args.scale}, where="--scale")
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    env = {
        **os.environ, "YOUTH_SIM_SCALE": str(args.scale), "YOUTH_SIM_LANG": args.lang,
        "YOUTH_SIM_PRESET": args.preset,
        "YOUTH_SIM_CONFIG": str(args.config.resolve()),
    }  # fmt: skip
    print(f"explore: http://localhost:{args.port}/  (Ctrl-C stops it)", flush=True)
    command = [sys.executable, "-m", "solara", "run", "youth_sim.explore.app", "--port",
               str(args.port), "--host", "127.0.0.1", "--production", "--no-open"]  # fmt: skip
    return subprocess.call(command, env=env)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``youth-sim`` command; returns the exit code.

    SIGTERM is handled like Ctrl-C (exit 143 rather than 130): finished work is kept and
    worker processes are stopped.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # bare `youth-sim`: show what it can do
        parser.print_help()
        return EXIT_BAD_INPUT
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main_thread else None
    try:
        return _dispatch(args)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _validate(args: argparse.Namespace) -> int:
    """Check scenario, ranges and calibration files; the heavy calibration check only if needed."""
    from youth_sim import run_command
    from youth_sim.errors import EXIT_BAD_INPUT, EXIT_OK, ConfigError

    calibrations = [path for path in args.configs if _is_calibration(path)]
    others = [path for path in args.configs if path not in calibrations]
    code = EXIT_OK
    if others:
        code = run_command.validate(argparse.Namespace(**{**vars(args), "configs": others}))
    if calibrations:
        from youth_sim.calibration.spec import load_calibration

        for path in calibrations:
            try:
                calibration = load_calibration(path)
            except ConfigError as exc:
                print(str(exc), file=sys.stderr)
                code = EXIT_BAD_INPUT
            else:
                spec = calibration.spec
                print(
                    f"ok: {path} (calibration: {len(spec.parameters)} parameters, "
                    f"{len(spec.calibrating)} calibration and "
                    f"{len(spec.targets) - len(spec.calibrating)} validation targets)"
                )
    return code


def _is_calibration(path: Path) -> bool:
    """A YAML mapping with ``targets`` and ``method``: a calibration file (else: not one)."""
    from youth_sim.config.load import read_yaml
    from youth_sim.errors import ConfigError

    try:
        data = read_yaml(path)
    except ConfigError:
        return False  # the scenario check reports it
    return isinstance(data, dict) and "targets" in data and "method" in data


def _dispatch(args: argparse.Namespace) -> int:
    from youth_sim.errors import ConfigError, StoreError

    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "explore":
            return _explore(args)
        if args.command == "run":
            from youth_sim import run_command

            return run_command.run(args)
        if args.command == "experiment":
            from youth_sim.experiment.command import run_experiment

            return run_experiment(args)
        if args.command == "calibrate":
            from youth_sim.calibration.command import calibrate

            return calibrate(args)
        if args.command in ("charts", "report"):
            from youth_sim.charts.command import charts, report

            return charts(args) if args.command == "charts" else report(args)
        if args.command == "summarize":
            from youth_sim.experiment.command import summarize

            words = None
            if args.lang:
                from youth_sim.charts.labels import summary_words

                words = summary_words(args.lang, args.dir)
            return summarize(args, words)
    except (ConfigError, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        print(f"youth-sim: {'terminated' if terminated else 'interrupted'}", file=sys.stderr)
        return 143 if terminated else 130
    return EXIT_BAD_INPUT
