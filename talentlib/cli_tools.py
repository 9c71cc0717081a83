"""The CLI's subcommands that print, prepare or serve rather than run: params, list, pdf, init, app, worker, kernels.

Each takes the parsed arguments of :mod:`talentlib.cli` and returns an exit code; heavy imports stay inside.
"""

from __future__ import annotations

import argparse
import os
import sys

from talentlib.errors import EXIT_FAILED, EXIT_OK, ParamsError


def cmd_pdf(args: argparse.Namespace) -> int:
    """Print a published run's index and reports to PDF (``talentlib pdf RUN_DIR``)."""
    from talentlib.pdf import PdfError, print_published

    try:
        digests = print_published(args.run_dir.resolve())
    except PdfError as exc:
        raise ParamsError([str(exc)]) from exc
    for rel in digests:
        print(f"pdf: {args.run_dir.resolve() / rel}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """Create a workspace for the user's own data (``talentlib init DIR``)."""
    from talentlib.workspace import init_workspace

    written = init_workspace(args.directory, notebooks=args.notebooks, force=args.force)
    print(
        f"workspace: {args.directory.resolve()} ({len(written)} files); next: cd {args.directory} && talentlib validate"
    )
    return EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    """Serve the analyses with Voilà until Ctrl-C (``talentlib app``); nothing is written to outputs/."""
    import shutil

    from talentlib.app import start

    process, folder = start(args.notebook, args.scenario, args.port, args.ip)
    print(f"app: http://{args.ip}:{args.port}/ (Ctrl-C to stop; nothing is written to outputs/)")
    try:
        return process.wait()
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def cmd_worker(args: argparse.Namespace) -> int:
    """Become a correctly configured ``dask worker`` for a sweep's scheduler (``talentlib worker ADDR``)."""
    from talentlib import cluster

    if not cluster.available():
        raise ParamsError(["talentlib worker needs the dask extra: pip install 'talentlib[dask]'"])
    if args.nworkers < 1:
        raise ParamsError([f"--nworkers {args.nworkers}: expected an integer >= 1"])
    if cluster.parse_cluster(args.scheduler, 1) != 0:
        raise ParamsError([f"worker: {args.scheduler}: expected tcp://HOST:PORT or a scheduler.json file"])
    command = cluster.worker_command(args.scheduler, args.nworkers)
    env = dict(os.environ)  # without --engine the environment's TALENTLIB_ENGINE (or the default) applies
    if args.engine or args.max_kernel_memory:
        engine = args.engine or env.get(cluster.ENGINE_ENV) or ""
        env.update(cluster.worker_environment(engine, args.max_kernel_memory))
    os.execve(command[0], command, env)
    return EXIT_FAILED  # pragma: no cover - execv does not return


def cmd_kernels(args: argparse.Namespace) -> int:
    """Start, show or stop this user's kernel server (``talentlib kernels start|status|stop``).

    Returns:
        0; 1 for ``status`` when no server runs, when the server cannot start or its folder is unsafe, or when
        this machine cannot pre-fork kernels.
    """
    from talentlib.kernels import server

    if not server.kernels_supported():
        print("talentlib: pre-forked kernels need Linux (os.pidfd_open, socket.send_fds)", file=sys.stderr)
        return EXIT_FAILED
    if args.idle_timeout is not None and (args.action != "start" or args.idle_timeout < 0):
        raise ParamsError([f"--idle-timeout {args.idle_timeout:g}: only for start, in minutes >= 0"])
    try:
        if args.action == "start":
            info = server.start(server.DEFAULT_IDLE_MIN if args.idle_timeout is None else args.idle_timeout)
        elif args.action == "stop":
            info = server.stop()
        else:
            info = server.status()
    except server.KernelServerError as exc:
        print(f"talentlib: error: kernel server: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(describe_server(args.action, info))
    return EXIT_FAILED if info is None and args.action == "status" else EXIT_OK


def describe_server(action: str, info: dict | None) -> str:
    """One line on the kernel server after ``action`` (its ``status`` reply, None when none runs)."""
    from talentlib.kernels import server

    if info is None:
        return f"kernel server: none running ({server.socket_path()})"
    if action == "stop":
        running = info.get("kernels", 0)
        return f"kernel server {info['pid']}: stopped" + (
            f" taking kernels; it exits when its {running} running kernel(s) end" if running else ""
        )
    idle = info.get("idle_timeout_s") or 0
    lines = [
        f"kernel server {info['pid']}: "
        + ("already running" if info.get("already") else "ready" if action == "start" else "running")
        + f", {info['modules']} modules preloaded in {info['preload_s']:.1f} s, {info['kernels']} kernel(s) running, "
        + (f"exits after {idle / 60:g} min without kernels" if idle else "no idle timeout")
        + f" ({server.socket_path()})"
    ]
    if info.get("replaced"):
        lines.append(f"  replaces one that could not serve this shell: {info['replaced']}")
    return "\n".join(lines)


def cmd_params(args: argparse.Namespace) -> int:
    """Print each notebook's parameters (name, type, default, description), or its parameters cell (``--cell``)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from talentlib import catalog
    from talentlib.params import schema_rows

    names = [args.notebook] if args.notebook else list(catalog.specs())
    if args.cell:
        from talentlib.params import parameters_cell

        for name in names:
            print(parameters_cell(catalog.spec(name).params_model))
        return EXIT_OK
    console = Console()
    for name in names:
        spec = catalog.spec(name)
        table = Table(title=f"{name} — {spec.title}", show_lines=False)
        for column in ("name", "type", "default", "description"):
            table.add_column(column, overflow="fold")
        for row in schema_rows(spec.params_model):
            table.add_row(*(escape(row[key]) for key in ("name", "type", "default", "description")))
        console.print(table)
    return EXIT_OK


def cmd_list(_: argparse.Namespace) -> int:
    """Print the notebooks with their questions, and the scenarios with the notebooks each has files for."""
    from talentlib import catalog
    from talentlib.params import scenario_description

    print("Notebooks:")
    for spec in catalog.specs().values():
        print(f"  {spec.name:22s} {spec.question}")
    print("Scenarios:")
    for scenario in catalog.scenarios():
        files = catalog.scenario_files(scenario)
        description = next((scenario_description(p) for p in files.values() if scenario_description(p)), "")
        print(f"  {scenario:22s} {description}  [{', '.join(files)}]")
    return EXIT_OK
