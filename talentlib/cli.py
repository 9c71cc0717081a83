"""Command line: ``talentlib run | validate | params | list | compare | sweep | pdf | init | app | worker | kernels`` (also ``python -m talentlib``).

Inside a workspace made by ``talentlib init`` (its folder or below), every command uses the workspace's params,
data and outputs: the workspace found from the current directory becomes ``TALENTLIB_HOME``.

Exit codes: 0 everything succeeded; 1 a notebook failed (or another run holds the scenario, or the outputs could
not be written); 2 invalid input or usage (nothing was written); 130 / 143 stopped by Ctrl-C / SIGTERM (queued
notebooks cancelled, staging removed, published runs untouched).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from talentlib import cli_tools, config
from talentlib.cli_parser import build_parser
from talentlib.config import outputs_dir
from talentlib.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, ParamsError, Terminated

#: The parameter ``--export-individual`` sets: the analyst files with one row per person are written only then.
INDIVIDUAL_EXPORT_KEY = "compensation.export_individual"


def _scenarios(args: argparse.Namespace) -> list[str]:
    if args.all:
        from talentlib import catalog

        return catalog.scenarios()
    names = args.scenario or ["default"]
    return list(dict.fromkeys(names))


def _plans(args: argparse.Namespace) -> list:
    from talentlib.runner import plan_scenario

    problems, plans = [], []
    overrides = list(args.set)
    if getattr(args, "export_individual", False):
        overrides.append(f"{INDIVIDUAL_EXPORT_KEY}=true")
    scenarios = _scenarios(args)
    for scenario in scenarios:
        try:  # one scenario hands its validated tables to the kernels (several would each hold theirs)
            plans.append(plan_scenario(scenario, args.notebook, overrides, handoff=len(scenarios) == 1))
        except ParamsError as exc:
            problems += exc.problems
    if problems:
        raise ParamsError(problems)
    return plans


def _cmd_validate(args: argparse.Namespace) -> int:
    plans = _plans(args)
    for plan in plans:
        print(f"ok  {plan.scenario}: " + ", ".join(f"{n.spec.name} ({n.source})" for n in plan.notebooks))
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise ParamsError([f"--jobs {args.jobs}: expected an integer >= 1"])
    if args.pdf:
        from talentlib.pdf import PdfError, chromium_path

        try:
            chromium_path()
        except PdfError as exc:
            raise ParamsError([str(exc)]) from exc
    from talentlib import execution

    with execution.engine_started_early(args.engine, args.cluster):
        code, _ = _execute_plans(_plans(args), args)
    return code


def _use_workspace() -> None:
    """Inside a workspace (``talentlib init``), every command uses its params, data and outputs."""
    from talentlib.config import find_workspace

    if not os.environ.get("TALENTLIB_HOME") and (found := find_workspace(Path.cwd())):
        os.environ["TALENTLIB_HOME"] = str(found)


def _writable_outputs(args: argparse.Namespace) -> None:
    """Refuse to write into the installed package: outside a workspace an installed talentlib needs --out."""
    from talentlib.config import is_read_only_bundle

    if (
        getattr(args, "out", None) is None
        and not os.environ.get("TALENTLIB_OUTPUTS")
        and is_read_only_bundle()
    ):
        raise ParamsError(
            [
                "not in a talentlib workspace: run 'talentlib init DIR', then run commands inside DIR "
                "(or pass --out DIR)"
            ]
        )


def _cmd_compare(args: argparse.Namespace) -> int:
    from talentlib.compare import write_comparison

    out_root = (args.out or outputs_dir()).resolve()
    name = args.name or "-vs-".join(args.scenarios)
    if len(name) > 64 and not args.name:
        import hashlib

        name = "compare-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    index = write_comparison(out_root, args.scenarios, name)
    print(f"comparison: {index}")
    return EXIT_OK


def _cmd_sweep(args: argparse.Namespace) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise ParamsError([f"--jobs {args.jobs}: expected an integer >= 1"])
    from talentlib import execution

    with execution.engine_started_early(args.engine, args.cluster):  # it preloads while the grid is validated
        from talentlib import catalog, compare
        from talentlib.compare import expand_grid, parse_grid, sweep_name, write_comparison
        from talentlib.report import write_json
        from talentlib.runner import plan_scenario

        grid = parse_grid(args.grid)
        name = args.name or sweep_name(args.scenario, grid)
        catalog.check_scenario_name(name, "sweep")
        combos = expand_grid(grid)
        if len(combos) > 200:
            raise ParamsError([f"sweep: {len(combos)} combinations; at most 200 per sweep"])
        problems, plans = [], []
        for index, overrides in enumerate(combos, start=1):
            try:
                plans.append(
                    plan_scenario(
                        args.scenario, args.notebook, [*args.set, *overrides], run_name=f"{name}-{index:02d}"
                    )
                )
            except ParamsError as exc:
                problems += [f"{name}-{index:02d}: {line}" for line in exc.problems]
        if problems:
            raise ParamsError(problems)
        code, out_root = _execute_plans(plans, args, prepare=compare.prepare)
    record = {
        "sweep": name,
        "base_scenario": args.scenario,
        "fixed": args.set,
        "grid": [list(g) for g in grid],
        "runs": {p.scenario: overrides for p, overrides in zip(plans, combos, strict=True)},
    }
    write_json(record, out_root / "sweeps" / name / "sweep.json")
    if code == EXIT_OK:
        index_html = write_comparison(out_root, [p.scenario for p in plans], name, {"sweep": record})
        print(f"sweep comparison: {index_html}")
    return code


def _execute_plans(
    plans: list, args: argparse.Namespace, prepare: Callable[[], object] | None = None
) -> tuple[int, Path]:
    """Run the plans with a progress display; print the summary table and where the reports are.

    ``prepare`` is work for what the command does after the run (the sweep's comparison): it starts in a thread
    once the first notebook has started (the runner's workers are forked by then) and is joined after the run.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table

    from talentlib.runner import RunConflictError, check_case_collisions, run_plans

    out_root = (args.out or outputs_dir()).resolve()
    check_case_collisions(out_root, [p.scenario for p in plans])
    timeout = getattr(args, "timeout", None)
    if timeout is not None and timeout < 1:
        raise ParamsError([f"--timeout {timeout}: expected an integer >= 1"])
    jobs = effective_jobs(args.jobs, getattr(args, "force", False))
    limit = getattr(args, "max_kernel_memory", None)
    if limit is not None:
        from talentlib.execution import resolve_engine

        if limit < 1:
            raise ParamsError([f"--max-kernel-memory {limit}: expected an integer number of MB >= 1"])
        if resolve_engine(getattr(args, "engine", None)) != "prefork":
            raise ParamsError(["--max-kernel-memory needs pre-forked kernels (--engine prefork, Linux)"])
    if getattr(args, "cluster", None):
        from talentlib import cluster

        cluster.parse_cluster(args.cluster, jobs)  # a bad spec is a usage error before anything is written
        if not cluster.available():
            raise ParamsError(["--cluster needs the dask extra: pip install 'talentlib[dask]'"])
    total = sum(len(p.notebooks) for p in plans)
    console = Console(stderr=True)
    running: dict[str, float] = {}
    helpers: list[threading.Thread] = []
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.quiet,
        transient=False,
    ) as progress:
        bar = progress.add_task("starting", total=total)

        def on_event(event: str, scenario: str, notebook: str) -> None:
            name = notebook.split(":")[0]
            key = f"{scenario}/{name}"
            if event == "start":
                if prepare is not None and not helpers:
                    helpers.append(threading.Thread(target=_quietly(prepare), name="talentlib-prepare"))
                    helpers[0].start()
                running[key] = time.perf_counter()
            else:
                running.pop(key, None)
                progress.advance(bar)
            progress.update(bar, description="running " + (", ".join(running) or "—"))

        try:
            outcomes = run_plans(
                plans,
                out_root,
                jobs=jobs,
                on_event=on_event,
                timeout_seconds=timeout,
                pdf=getattr(args, "pdf", False),
                engine=getattr(args, "engine", None),
                cluster=getattr(args, "cluster", None),
                max_kernel_memory_mb=getattr(args, "max_kernel_memory", None),
            )
        except RunConflictError as exc:
            console.print(f"talentlib: error: {exc}")
            return EXIT_FAILED, out_root
        finally:
            for helper in helpers:
                helper.join()
    table = Table(
        title=f"talentlib run — {time.perf_counter() - started:.1f} s, {jobs} job(s)",
        caption="reports and evidence are inside each scenario's run folder, listed below",
    )
    for column in ("scenario", "notebook", "status", "seconds", "report / evidence"):
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        for result in sorted(outcome.results, key=lambda r: r.notebook):
            status = result.status if not result.error else f"{result.status}: {result.error}"
            where = result.report or result.executed
            table.add_row(outcome.scenario, result.notebook, status, f"{result.duration_s:.1f}", where)
    console.print(table)
    for outcome in outcomes:
        label = "report" if outcome.status == "succeeded" else "FAILED run kept at"
        print(f"{outcome.scenario}: {label} {Path(outcome.published) / 'index.html'}")
        if outcome.error:
            print(f"talentlib: error: scenario '{outcome.scenario}': {outcome.error}", file=sys.stderr)
        for result in outcome.results:
            if result.status != "succeeded":
                print(
                    f"talentlib: error: scenario '{outcome.scenario}', {result.notebook}: {result.error}",
                    file=sys.stderr,
                )
    return (EXIT_OK if all(o.status == "succeeded" for o in outcomes) else EXIT_FAILED), out_root


def effective_jobs(requested: int | None, force: bool = False) -> int:
    """Notebooks to run at once: the number of cores by default, and never more without ``--force``.

    Each notebook is a kernel (~200 MB, one core busy); more than the cores only adds contention.
    """
    cores = os.cpu_count() or 1
    if requested is None:
        return cores
    if requested > cores and not force:
        print(
            f"talentlib: note: --jobs {requested} capped at {cores}, the number of cores (--force to override)",
            file=sys.stderr,
        )
        return cores
    return requested


COMMANDS = {
    "worker": cli_tools.cmd_worker,
    "kernels": cli_tools.cmd_kernels,
    "run": _cmd_run,
    "validate": _cmd_validate,
    "params": cli_tools.cmd_params,
    "list": cli_tools.cmd_list,
    "compare": _cmd_compare,
    "sweep": _cmd_sweep,
    "pdf": cli_tools.cmd_pdf,
    "init": cli_tools.cmd_init,
    "app": cli_tools.cmd_app,
}


@contextlib.contextmanager
def _termination_raises() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    Cleanup then runs as for Ctrl-C; the previous handlers are restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    previous = {signum: signal.signal(signum, handler) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``talentlib`` command."""
    config.skip_unused_modules()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _use_workspace()
        if args.command in {"run", "sweep", "compare"}:
            _writable_outputs(args)
        with _termination_raises():
            return COMMANDS[args.command](args)
    except ParamsError as exc:
        for line in exc.problems:
            print(f"talentlib: error: {line}", file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Terminated) as exc:
        signum = exc.signum if isinstance(exc, Terminated) else signal.SIGINT
        print(
            f"talentlib: interrupted ({signal.Signals(signum).name}): queued notebooks cancelled, running ones "
            "stopped, staging removed; published runs are untouched",
            file=sys.stderr,
        )
        return 128 + signum
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"talentlib: error: {type(exc).__name__}: {exc} (run with --debug for details)",
                file=sys.stderr,
            )
        return EXIT_FAILED


def _quietly(work: Callable[[], object]) -> Callable[[], None]:
    """``work`` for a helper thread: a failure is left to the code that needs the result (it will raise there)."""

    def run() -> None:
        with contextlib.suppress(Exception):
            work()

    return run


def console() -> int:
    """The ``talentlib`` command (and ``python -m talentlib``): :func:`main`, then a quick exit.

    What the command loaded is moved out of the garbage collector's reach (``gc.freeze``) before the interpreter
    exits: its last collection would walk every object of pandas, nbconvert and the analyses (0.4 s of a 6.6 s
    default run) to free memory the operating system takes back at once. Exit handlers still run. Not in
    :func:`main`, which tests call in their own process.
    """
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(console())
