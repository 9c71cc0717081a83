"""The ``talentlib`` command's argument parser: every subcommand and option (no command runs here).

Kept apart from :mod:`talentlib.cli` so the parser, which the docs test also reads, is one file to scan; importing
it loads nothing of the analyses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from talentlib.errors import EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"talentlib: error: {message}\n")


def _add_selection(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        action="append",
        default=None,
        metavar="NAME",
        help="scenario to run (repeatable; default: default)",
    )
    parser.add_argument("--all", action="store_true", help="every scenario found under params/")
    parser.add_argument(
        "--notebook",
        action="append",
        default=None,
        metavar="NAME",
        help="only these notebooks (repeatable; default: all)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NOTEBOOK.KEY=VALUE",
        help="override a parameter for this run; VALUE is YAML/JSON (e.g. market_sizing.horizon_years=10)",
    )


def _add_execution(parser: argparse.ArgumentParser, cluster: bool = True) -> None:
    """Options of ``run``, ``sweep`` (and without ``--cluster``: ``worker``) that choose how kernels start (#17)."""
    from talentlib.execution import DEFAULT_ENGINE, ENGINES

    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help=f"kernels: prefork (forked from a preloaded zygote, Linux) or plain (default: {DEFAULT_ENGINE})",
    )
    if cluster:
        parser.add_argument(
            "--cluster",
            default=None,
            metavar="local[:N]",
            help="execute on a Dask LocalCluster of N workers (default N: --jobs), or on the scheduler at "
            "tcp://HOST:PORT or in scheduler.json; needs talentlib[dask]",
        )
    parser.add_argument(
        "--max-kernel-memory",
        type=int,
        default=None,
        metavar="MB",
        help="stop a kernel whose memory (PSS) exceeds MB; its notebook fails with that cause (prefork kernels)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (also used by the docs test)."""
    parser = _Parser(
        prog="talentlib",
        description="Run and inspect the AI talent-gap notebook suite. Outputs go to outputs/<scenario>/.",
        epilog="Exit codes: 0 success, 1 a notebook failed, 2 invalid input or usage.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="execute scenarios and render their reports",
        description="Validate, execute, render and publish.",
    )
    _add_selection(run)
    run.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="outputs folder (default: outputs/)"
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks executed at once (default: number of cores; at most that without --force)",
    )
    run.add_argument("--force", action="store_true", help="allow --jobs above the number of cores")
    run.add_argument(
        "--export-individual",
        action="store_true",
        help="also write the analyst files with one row per person (compensation: employees.csv, flight_risk.csv)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress display")
    run.add_argument(
        "--timeout",
        type=int,
        default=None,
        metavar="S",
        help="per-cell timeout in seconds (default: per notebook)",
    )
    _add_execution(run)

    run.add_argument(
        "--pdf", action="store_true", help="also print the index and every report to PDF (system Chromium)"
    )

    pdf = sub.add_parser(
        "pdf", help="print a published run's index and reports to PDF (listed in its run.json)"
    )
    pdf.add_argument("run_dir", type=Path, metavar="OUTPUT_DIR", help="a run folder, e.g. outputs/default")

    init = sub.add_parser(
        "init", help="create a workspace (params, example data, README) to use your own data"
    )
    init.add_argument("directory", type=Path, metavar="DIR", help="new or empty folder")
    init.add_argument("--notebooks", action="store_true", help="also copy the notebooks, to edit them")
    init.add_argument("--force", action="store_true", help="write into a non-empty folder")

    app = sub.add_parser(
        "app", help="serve the analyses as a web app with live what-if widgets (Voila; this machine only)"
    )
    app.add_argument("notebook", nargs="?", default=None, help="one analysis (default: all, as a list)")
    app.add_argument(
        "--scenario",
        default="default",
        metavar="NAME",
        help="scenario when the URL names none (?scenario=NAME)",
    )
    app.add_argument("--port", type=int, default=8866, metavar="P", help="port (default: 8866)")
    app.add_argument(
        "--ip",
        default="127.0.0.1",
        metavar="ADDR",
        help="address to bind (default: 127.0.0.1, this machine only)",
    )

    validate = sub.add_parser("validate", help="check parameters without running anything")
    _add_selection(validate)

    params = sub.add_parser("params", help="list a notebook's parameters: name, type, default, description")
    params.add_argument("notebook", nargs="?", help="notebook name (default: all)")
    params.add_argument(
        "--cell", action="store_true", help="print the notebook's parameters cell (defaults as literals)"
    )

    sub.add_parser("list", help="list notebooks and scenarios")

    compare = sub.add_parser(
        "compare", help="compare published scenarios side by side (outputs/compare/<name>/)"
    )
    compare.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more published scenarios")
    compare.add_argument(
        "--name", default=None, help="comparison name (default: the scenario names joined by '-vs-')"
    )
    compare.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="outputs folder (default: outputs/)"
    )

    sweep = sub.add_parser(
        "sweep",
        help="run one generated scenario per combination of a parameter grid, then compare them",
        description="Example: talentlib sweep --grid market_sizing.horizon_years=5,10 --grid market_sizing.growth_correlation=0,1",
    )
    sweep.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NOTEBOOK.KEY=V1,V2",
        help="values to sweep (repeatable)",
    )
    sweep.add_argument(
        "--scenario", default="default", metavar="NAME", help="base scenario (default: default)"
    )
    sweep.add_argument(
        "--notebook", action="append", default=None, metavar="NAME", help="only these notebooks"
    )
    sweep.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NOTEBOOK.KEY=VALUE",
        help="fixed overrides for every run",
    )
    sweep.add_argument("--name", default=None, help="sweep name (default: sweep-<hash of base and grid>)")
    sweep.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="outputs folder (default: outputs/)"
    )
    sweep.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="notebooks executed at once (default: cores)"
    )
    sweep.add_argument("--force", action="store_true", help="allow --jobs above the number of cores")
    sweep.add_argument("--quiet", action="store_true", help="no progress display")
    _add_execution(sweep)

    worker = sub.add_parser(
        "worker",
        help="start Dask workers for --cluster (one kernel per worker process; --engine prefork: pre-forked)",
        description="Runs `dask worker` with the kernel resource, one thread per worker and talentlib's preload.",
    )
    worker.add_argument("scheduler", metavar="tcp://HOST:PORT|scheduler.json", help="the scheduler to join")
    worker.add_argument("--nworkers", type=int, default=1, metavar="N", help="worker processes (default: 1)")
    _add_execution(worker, cluster=False)

    kernels = sub.add_parser(
        "kernels",
        help="keep a kernel server running, so runs fork kernels without waiting for a preload (prefork, Linux)",
        description="start: one preloaded zygote for this user, interpreter and talentlib; prefork runs use it until "
        "stop, its idle timeout, or a change to a file it loaded (then it exits and runs start their own). "
        "TALENTLIB_KERNEL_SERVER=off makes runs ignore it.",
    )
    kernels.add_argument("action", choices=("start", "status", "stop"), help="what to do")
    kernels.add_argument(
        "--idle-timeout",
        type=float,
        default=None,
        metavar="MIN",
        help="start: exit after MIN minutes without a kernel (default: 60; 0: never)",
    )
    return parser
