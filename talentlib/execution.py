"""How the runner drives papermill: a lighter save policy, quick kernel exit, batch environment, preloading.

Papermill (2.x) rewrites the whole output notebook at the start and at the end of every cell. Our notebooks
embed their figures, so each rewrite serialises and schema-validates ~1 MB; over ~30 cells that is ~0.5 s of CPU per
notebook, on the same two cores the kernels need. The ``talentlib`` engine registered here keeps papermill's
execution (the same ``NBClientEngine``) but saves at most every :data:`talentlib.papermill_engine.SAVE_EVERY_S` seconds while cells run,
and always once when execution stops — after a failure too (timeout, dead kernel), so the evidence notebook
still shows how far the run got. On success papermill's own final write produces the output notebook.

Kernels started by the runner see ``TALENTLIB_BATCH=1`` (:func:`batch_environment`; the what-if widgets are not
built there, batch reports drop them anyway) and log critical problems only. :func:`preload` loads papermill,
nbconvert and the report template once in the runner, before its workers fork.

The raw ``papermill`` CLI is unaffected: it uses papermill's default engine and builds the widgets.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import signal
import time
from collections.abc import Iterator

from talentlib.config import BATCH_ENV

#: Kernel the notebooks run on.
KERNEL_NAME = "python3"
#: Name under which :class:`talentlib.papermill_engine.ThrottledSaveEngine` is registered with papermill.
ENGINE_NAME = "talentlib"
#: Kernel command-line options. Log critical problems only: drops "Kernel is running over TCP without encryption"
#: (printed by every kernel although it listens on localhost only) and "KeyboardInterrupt caught in kernel" (a
#: kernel stopped after the quick shutdown wait); cell output, tracebacks and kernel deaths are unaffected.
#: No IPython history: a batch kernel's inputs are the notebook itself, and the history database is one SQLite
#: file in the user's home that every kernel of a run would otherwise open and write after each cell.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False")
#: Seconds to wait for a kernel to exit before it is killed (jupyter_client's default is 5, seen stalling 3 s).
KERNEL_SHUTDOWN_WAIT_S = 0.5


@functools.cache
def quick_shutdown_kernel_manager() -> type:
    """Return the runner's kernel manager class: no waiting seconds for a kernel that is slow to exit."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Float

    class QuickShutdownKernelManager(AsyncKernelManager):
        """Kernel manager that does not wait 3 s+ for a kernel that is slow to exit (seen in ~7 % of runs)."""

        shutdown_wait_time = Float(KERNEL_SHUTDOWN_WAIT_S, config=True)

    return QuickShutdownKernelManager


#: Kernel engines: ``prefork`` (a zygote forks each kernel, Linux only) or ``plain`` (a new interpreter each).
ENGINES = ("prefork", "plain")
#: Engine used when none is asked for: pre-forked kernels (on Linux; :func:`resolve_engine` falls back to plain
#: elsewhere).
DEFAULT_ENGINE = "prefork"


def kernel_manager_class() -> type:
    """The kernel manager papermill hands to nbclient: pre-forked kernels while a zygote is in use here."""
    from talentlib.kernels import client

    base = quick_shutdown_kernel_manager()
    socket_path = client.current_socket()
    return base if socket_path is None else client.kernel_manager_class(base, socket_path)


def resolve_engine(engine: str | None) -> str:
    """The engine that will run: ``prefork`` falls back to ``plain`` where it is not supported (not Linux).

    Raises:
        ValueError: For a name not in :data:`ENGINES`.
    """
    from talentlib import kernels

    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"engine '{engine}': expected one of {', '.join(ENGINES)}")
    return "prefork" if engine == "prefork" and kernels.supported() else "plain"


@contextlib.contextmanager
def kernel_engine(engine: str | None, max_kernel_memory_mb: float | None = None) -> Iterator[str]:
    """While in the block, kernels started by this process (and workers forked from it) use ``engine``.

    ``prefork`` starts this runner's zygote (stopped, with any kernel it still runs, on leaving); the zygote
    must start before the workers fork so they inherit its socket. Yields the engine actually used.

    Args:
        engine: ``prefork`` or ``plain`` (None: :data:`DEFAULT_ENGINE`).
        max_kernel_memory_mb: ``prefork`` only: the zygote stops a kernel whose PSS exceeds this many MB.
    """
    from talentlib.kernels import client

    engine = resolve_engine(engine)
    if engine == "plain":
        yield engine
        return
    with client.zygote_running(max_kernel_memory_mb):
        yield engine


def engine_started_early(engine: str | None, cluster: str | None = None) -> contextlib.AbstractContextManager:
    """Start the pre-fork zygote ahead of planning (it preloads on the other core while inputs are validated).

    Only for local ``prefork`` runs; :func:`kernel_engine` then takes this zygote over. A run that stops before
    executing discards it.
    """
    if cluster or resolve_engine(engine) != "prefork":
        return contextlib.nullcontext()
    from talentlib.kernels import client

    return client.zygote_started_early()


def register_engine() -> str:
    """Return the name of the ``talentlib`` papermill engine, checking papermill found it.

    The engine (:class:`talentlib.papermill_engine.ThrottledSaveEngine`) is registered through the
    ``papermill.engine`` entry-point group declared in ``pyproject.toml``; papermill loads that group when it is
    imported.

    Raises:
        RuntimeError: If the entry point is missing (talentlib installed without its metadata).
    """
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    try:
        papermill_engines.get_engine(ENGINE_NAME)
    except PapermillException:
        raise RuntimeError(
            f"papermill has no '{ENGINE_NAME}' engine: reinstall talentlib (pip install -e .) so its "
            "papermill.engine entry point is registered"
        ) from None
    return ENGINE_NAME


def preload() -> None:
    """Import papermill and nbconvert and compile the report template once, before workers fork.

    Forked workers inherit the loaded modules and the compiled template, so no worker pays ~1.5 s of imports
    (papermill → nbformat → jsonschema's URI grammar), the first render's template compilation or the first
    kernel start's lookups (:func:`warm_kernel_start`).
    """
    import nbformat
    import papermill  # noqa: F401

    from talentlib.rendering import notebook_to_html

    register_engine()
    notebook_to_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("warm-up")]), "warm-up")
    warm_kernel_start()
    return_free_memory()


def warm_kernel_start() -> None:
    """Do once, before workers fork, what each worker's first kernel start would do: 80 ms at a run's start.

    jupyter_client's kernelspec search imports IPython (for ``~/.ipython/kernels``) and its provisioner factory
    reads the provisioner entry points; both are kept for the process, so forked workers start with them done.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.provisioning import KernelProvisionerFactory

    with contextlib.suppress(Exception):  # no kernelspec here: the worker's own start reports it
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        KernelProvisionerFactory.instance().is_provisioner_available(spec)


def return_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op elsewhere).

    Called before workers fork: a forked worker's resident memory starts as a copy of the runner's, so the
    pages the runner's input checks freed (a million-row table: tens of MB glibc would otherwise keep) would
    be counted once more for every worker.
    """
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def batch_environment() -> Iterator[None]:
    """Set ``TALENTLIB_BATCH=1`` while a kernel is started here (kernels inherit the environment); restore it."""
    previous = os.environ.get(BATCH_ENV)
    os.environ[BATCH_ENV] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(BATCH_ENV, None)
        else:
            os.environ[BATCH_ENV] = previous


#: ``prctl`` option: the signal a process receives when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1
#: Seconds :func:`stop_workers` waits for workers to exit after SIGTERM before killing them.
STOP_GRACE_S = 2.0


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent (the runner) dies, however it dies.

    SIGKILL, not SIGTERM: a worker blocked in C (zmq polling retries on EINTR) might never run a Python handler.
    Its kernels then exit by themselves: ipykernel's parent poller (``JPY_PARENT_PID``, set by jupyter_client)
    ends a kernel within about a second of its worker's death.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the runner's own stop_workers still applies
        return
    if os.getppid() != parent:  # the runner died before the request took effect
        os._exit(143)


def _kill_children_and_exit(signum: int, _frame: object) -> None:
    """SIGTERM in a worker: kill the kernels it started, then exit at once (no queue left to drain).

    The worker's output is silenced first: the runner prints the one line that says what happened.
    """
    import psutil

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)

    with contextlib.suppress(psutil.Error):
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
    os._exit(128 + signum)


def init_worker(runner_pid: int) -> None:
    """Set up a forked worker of the runner.

    It ignores Ctrl-C (the runner decides), dies with the runner, and takes its kernels with it when stopped.

    Args:
        runner_pid: The runner's PID, taken before the fork: a worker that starts after the runner died exits.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _kill_children_and_exit)
    _die_with_parent(runner_pid)


def stop_workers(pool: object) -> None:
    """Cancel every queued notebook and stop the running ones (their kernels too) within ~:data:`STOP_GRACE_S`.

    Args:
        pool: The runner's ``ProcessPoolExecutor``; its workers are this process's multiprocessing children.
    """
    pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]
    workers = multiprocessing.active_children()
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            worker.kill()
            worker.join(1.0)
