"""A sweep on a real ``dask scheduler`` with two ``talentlib worker`` processes: the same results as a local run,
nothing lost when a worker is SIGKILLed mid-sweep, and no scheduler, worker, zygote or kernel left afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from talentlib import cluster

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(not cluster.available(), reason="needs talentlib[dask]"),
]

#: A cheap 4-scenario sweep of the cheapest analysis (500 draws instead of 10,000).
SWEEP = [
    "sweep",
    "--notebook",
    "market_sizing",
    "--grid",
    "market_sizing.seed=1,2,3,4",
    "--set",
    "market_sizing.simulations=500",
    "--name",
    "dask-e2e",
    "--jobs",
    "2",
    "--quiet",
]
SCENARIOS = [f"dask-e2e-{i:02d}" for i in range(1, 5)]
TALENTLIB = [sys.executable, "-m", "talentlib"]


def _spawn(command: list[str], log: Path, **env: str) -> subprocess.Popen:
    """A process in its own session (its group is killed as one), logging to ``log``."""
    with log.open("w") as out:
        return subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, **env},
        )


def _tree(proc: subprocess.Popen) -> list[psutil.Process]:
    """The process and its descendants now (empty once it is gone)."""
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(proc.pid)
        return [root, *root.children(recursive=True)]
    return []


@contextlib.contextmanager
def _dask_cluster(folder: Path) -> Iterator[tuple[str, list[subprocess.Popen], list[psutil.Process]]]:
    """A scheduler on a free port of 127.0.0.1 and two one-kernel workers with pre-forked kernels.

    Yields the address, the two worker processes and a list the caller extends with processes it saw (every
    process seen is checked to be gone afterwards). Every process group is SIGKILLed on leaving.
    """
    scheduler_file = folder / "scheduler.json"
    env = {"DASK_TEMPORARY_DIRECTORY": str(folder / "dask-scratch")}
    procs = [
        _spawn(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            folder / "scheduler.log",
            **env,
        )
    ]
    seen: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 30
        while not scheduler_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for i in (1, 2):
            procs.append(
                _spawn(
                    [*TALENTLIB, "worker", address, "--engine", "prefork"],
                    folder / f"worker-{i}.log",
                    **env,
                )
            )
        from distributed import Client

        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, procs[1:], seen
    finally:
        for proc in procs:
            seen += _tree(proc)
        for proc in reversed(procs):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        _, alive = psutil.wait_procs(seen, timeout=10)
    assert not alive, f"left behind: {[_cmd(p) for p in alive]}"


def _results(out: Path) -> dict[str, tuple[dict[str, bytes], dict]]:
    """Per scenario: the market sizing tables and metrics (bytes), and its notebook's entry in run.json."""
    found = {}
    for scenario in SCENARIOS:
        folder = out / scenario / "market_sizing"
        files = {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted([*(folder / "tables").glob("*.csv"), folder / "metrics.json"])
        }
        run = json.loads((out / scenario / "run.json").read_text())
        found[scenario] = (files, run["notebooks"]["market_sizing"])
    return found


def _kill_when_busy(worker: subprocess.Popen, seen: list[psutil.Process], timeout: float = 60) -> str:
    """SIGKILL ``worker``'s process group as soon as one of its kernels runs; returns its task process ``host:pid``.

    At rest a worker is the nanny, the resource tracker, the Dask worker process and its zygote; a notebook
    running adds a kernel, forked by the zygote.
    """
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        family = _tree(worker)
        kernels = [p for p in family if p.ppid() in {z.pid for z in family if "kernels.zygote" in _cmd(z)}]
        if kernels:
            zygote = psutil.Process(kernels[0].ppid())
            seen += family
            os.killpg(worker.pid, signal.SIGKILL)
            return f"{socket.gethostname()}:{zygote.ppid()}"
        time.sleep(0.05)
    pytest.fail("no kernel started on the worker within the timeout")


def _cmd(proc: psutil.Process) -> str:
    with contextlib.suppress(psutil.Error):
        return " ".join(proc.cmdline())
    return ""


def test_a_sweep_on_a_dask_scheduler_matches_a_local_run_and_survives_a_killed_worker(tmp_path):
    local = subprocess.run(
        [*TALENTLIB, *SWEEP, "--out", str(tmp_path / "local")], capture_output=True, text=True, timeout=120
    )
    assert local.returncode == 0, local.stderr[-2000:]
    expected = _results(tmp_path / "local")

    with _dask_cluster(tmp_path) as (address, workers, seen):
        remote = subprocess.run(
            [*TALENTLIB, *SWEEP, "--out", str(tmp_path / "dask"), "--cluster", address],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert remote.returncode == 0, remote.stderr[-2000:]
        got = _results(tmp_path / "dask")
        assert {s: files for s, (files, _) in got.items()} == {s: files for s, (files, _) in expected.items()}
        assert len({entry["worker"] for _, entry in got.values()}) == 2, "both workers ran notebooks"
        assert {entry["engine"] for _, entry in got.values()} == {"prefork"}, (
            "the workers' kernels were forked"
        )

        sweep = subprocess.Popen(
            [*TALENTLIB, *SWEEP, "--out", str(tmp_path / "killed"), "--cluster", address],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            killed = _kill_when_busy(workers[0], seen)
            _, err = sweep.communicate(timeout=120)
        finally:
            sweep.kill()
        assert sweep.returncode == 0, err[-2000:]
        after = _results(tmp_path / "killed")
        assert {s: files for s, (files, _) in after.items()} == {
            s: files for s, (files, _) in expected.items()
        }
        assert all(entry["status"] == "succeeded" for _, entry in after.values())
        survivor = {entry["worker"] for _, entry in after.values()}
        assert killed not in survivor and len(survivor) == 1, (
            "the notebook the killed worker was running was executed again, on the other worker"
        )
        assert not list((tmp_path / "killed" / ".staging").iterdir()), "nothing half-made is left"
