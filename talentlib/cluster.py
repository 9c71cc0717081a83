"""Notebook executions on a Dask cluster (optional extra ``talentlib[dask]``): ``--cluster local[:N]``.

Each task is one notebook execution (:func:`talentlib.worker.execute_task`), holding one unit of the worker
resource :data:`KERNEL_RESOURCE` (one kernel per worker thread); it returns the small
:class:`talentlib.worker.NotebookResult`, and its artifacts land in the run's staging folder, which the workers
must see (:func:`check_outputs_visible`). Rendering of deferred reports, the manifest, verification of the
scenario and the atomic publish stay with the client (:mod:`talentlib.runner`). Each Dask worker runs a kernel
zygote (this module is its ``--preload``: :func:`dask_setup`), so kernels are pre-forked there too.

A task whose worker is lost is retried once (``distributed.scheduler.allowed-failures = 1`` on the local
cluster), then reported failed. ``tcp://HOST:PORT`` or ``scheduler.json`` connect to an existing ``dask
scheduler`` whose workers were started by ``talentlib worker`` (:func:`worker_command`); there the scheduler's own
``allowed-failures`` decides the retries.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from talentlib.errors import ParamsError

#: Worker resource a notebook execution holds (one kernel).
KERNEL_RESOURCE = "kernel"
#: Times a task is re-run after losing its worker before it is reported failed.
LOST_WORKER_RETRIES = 1
#: Environment variable naming the kernel engine a worker's zygote hook (:func:`dask_setup`) starts.
ENGINE_ENV = "TALENTLIB_ENGINE"
#: Environment variable holding a worker's ``--max-kernel-memory`` (MB) for its zygote.
MEMORY_ENV = "TALENTLIB_MAX_KERNEL_MEMORY"


def worker_environment(engine: str, max_kernel_memory_mb: float | None = None) -> dict[str, str]:
    """Environment of the workers of a ``local[:N]`` cluster: the run's engine and kernel memory limit.

    Handed to the workers' nannies (``LocalCluster(env=...)``), never set in the calling process, so one run's
    settings cannot leak into a later run of the same process. Workers of an existing scheduler take these
    from the environment ``talentlib worker`` was started in.
    """
    env = {ENGINE_ENV: engine}
    if max_kernel_memory_mb:
        env[MEMORY_ENV] = str(max_kernel_memory_mb)
    return env


def parse_cluster(spec: str, jobs: int) -> int:
    """Workers of a ``local[:N]`` cluster (N defaults to ``jobs``); 0 for an existing scheduler.

    An existing scheduler is ``tcp://HOST:PORT`` or a ``scheduler.json`` file (``dask scheduler
    --scheduler-file``).

    Raises:
        ParamsError: For anything else, N < 1, or a scheduler file that does not exist.
    """
    if spec == "local":
        return max(1, jobs)
    if spec.startswith("local:") and spec[6:].isdigit() and int(spec[6:]) >= 1:
        return int(spec[6:])
    if spec.startswith("tcp://") and len(spec) > 6:
        return 0
    if spec.endswith(".json"):
        if not Path(spec).is_file():
            raise ParamsError([f"--cluster {spec}: no such scheduler file"])
        return 0
    raise ParamsError(
        [f"--cluster {spec!r}: expected local, local:N (N >= 1), tcp://HOST:PORT or scheduler.json"]
    )


def worker_command(address: str, nworkers: int) -> list[str]:
    """The ``dask worker`` command ``talentlib worker`` runs: one thread and one kernel per worker process.

    ``--preload talentlib.cluster`` starts each worker's kernel zygote (:func:`dask_setup`).
    """
    import sys

    target = ["--scheduler-file", address] if address.endswith(".json") else [address]
    return [
        sys.executable,
        "-m",
        "distributed.cli.dask_worker",
        *target,
        "--nworkers",
        str(nworkers),
        "--nthreads",
        "1",
        "--resources",
        f"{KERNEL_RESOURCE}=1",
        "--preload",
        __name__,
    ]


def available() -> bool:
    """True if ``distributed`` is installed (``pip install talentlib[dask]``)."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _sees(path: str, token: str) -> bool:
    try:
        return Path(path).read_text(encoding="utf-8") == token
    except OSError:
        return False


def check_outputs_visible(client: Any, folder: Path) -> None:
    """Refuse a cluster whose workers cannot read what the client writes in ``folder`` (the staging area).

    Raises:
        ParamsError: Naming the workers that do not see it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".visible-{uuid.uuid4().hex[:8]}"
    token = uuid.uuid4().hex
    probe.write_text(token, encoding="utf-8")
    try:
        seen = client.run(_sees, str(probe), token)
    finally:
        probe.unlink(missing_ok=True)
    blind = sorted(worker for worker, ok in seen.items() if not ok)
    if blind:
        raise ParamsError(
            [
                f"--cluster: workers {', '.join(blind)} cannot see the outputs folder {folder}; use a shared folder (--out)"
            ]
        )


@contextlib.contextmanager
def executor(
    spec: str, jobs: int, out_root: Path, worker_env: Mapping[str, str] | None = None
) -> Iterator[Any]:
    """A ``concurrent.futures`` executor running tasks on the cluster ``spec`` (one kernel per task).

    Args:
        spec: ``local[:N]``, ``tcp://HOST:PORT`` or a ``scheduler.json`` file (:func:`parse_cluster`).
        jobs: Workers of a ``local`` cluster without ``:N``.
        out_root: The outputs folder; the workers must see its staging area.
        worker_env: Extra environment of a local cluster's workers (:func:`worker_environment`); workers of an
            existing scheduler keep their own.

    Raises:
        ParamsError: Without the ``dask`` extra, for an unknown spec, or when workers cannot see ``out_root``.
    """
    if not available():
        raise ParamsError(["--cluster needs the dask extra: pip install 'talentlib[dask]'"])
    workers = parse_cluster(spec, jobs)
    import dask
    from distributed import Client, LocalCluster

    if workers == 0:  # an existing scheduler: its own allowed-failures applies (Dask's default is 3)
        target = {"scheduler_file": spec} if spec.endswith(".json") else {"address": spec}
        with Client(**target, timeout=30) as client:
            check_outputs_visible(client, out_root / ".staging")
            yield client.get_executor(resources={KERNEL_RESOURCE: 1}, pure=False, retries=0)
        return
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": LOST_WORKER_RETRIES}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            resources={KERNEL_RESOURCE: 1},
            dashboard_address=None,
            preload=[__name__],
            env=dict(worker_env or {}),
            silence_logs=50,
        ) as cluster,
        Client(cluster) as client,
    ):
        check_outputs_visible(client, out_root / ".staging")
        yield client.get_executor(resources={KERNEL_RESOURCE: 1}, pure=False)


_ZYGOTE: list[Any] = []


#: What Dask's nanny sets for the worker process only, not for the kernels a worker starts (``distributed.nanny.
#: pre-spawn-environ``): glibc returning freed memory at 64 KiB suits a long-lived worker holding data, and cost
#: the single-use kernels 21 % more CPU (a 20-run market-sizing sweep: 24.8 against 20.6 s of kernel CPU).
WORKER_ONLY_ENV = ("MALLOC_TRIM_THRESHOLD_",)


def kernel_environment_of_worker() -> None:
    """Remove from this worker's environment what its nanny set for the worker alone (:data:`WORKER_ONLY_ENV`).

    Only a value equal to Dask's ``pre-spawn-environ`` one goes (a value the user set differently stays). The
    worker's own allocator read it when the worker started and keeps it; the zygote, and the kernels that copy this
    environment, start without it.
    """
    import dask

    nanny = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    for name in WORKER_ONLY_ENV:
        if name in nanny and nanny[name] is not None and os.environ.get(name) == str(nanny[name]):
            del os.environ[name]


def dask_setup(worker: Any) -> None:
    """Dask ``--preload`` hook: start this worker's kernel zygote (pre-forked kernels on Linux)."""
    from talentlib import execution, kernels
    from talentlib.kernels import client

    kernel_environment_of_worker()
    if execution.resolve_engine(os.environ.get(ENGINE_ENV)) == "prefork" and kernels.supported():
        zygote = client.ZygoteProcess()
        limit = os.environ.get(MEMORY_ENV)
        client.use_zygote(zygote.socket_path, float(limit) if limit else None)
        _ZYGOTE.append(zygote)


def dask_teardown(worker: Any) -> None:
    """Dask ``--preload`` hook: stop the zygote and its kernels."""
    while _ZYGOTE:
        _ZYGOTE.pop().stop()
