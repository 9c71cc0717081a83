"""A runner stopped by SIGTERM, Ctrl-C or SIGKILL leaves no process, no staging and no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from talentlib import runner

pytestmark = pytest.mark.notebook


def _start(out: Path, run_command) -> tuple[subprocess.Popen, psutil.Process]:
    proc = subprocess.Popen(
        run_command(out, "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until kernels are running under the workers
        if any(
            "ipykernel" in " ".join(c.cmdline()) for c in parent.children(recursive=True) if c.is_running()
        ):
            return proc, parent
        time.sleep(0.1)
    proc.kill()
    pytest.fail("no kernel started within 60 s")


def _descendants(parent: psutil.Process) -> list[psutil.Process]:
    try:
        return parent.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _all_gone(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return alive


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_runner_exits_at_once_with_nothing_left(
    tmp_path, signum, code, tree, earlier_good_run, run_command
):
    earlier = earlier_good_run(tmp_path)
    proc, parent = _start(tmp_path, run_command)
    family = _descendants(parent)
    started = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert time.monotonic() - started < 5, "exits within a few seconds, without running the queue"
    assert err.strip().count("\n") == 0 and "interrupted" in err
    assert not _all_gone(family, timeout=5), "workers and kernels stop with the runner"
    assert not list((tmp_path / ".staging").iterdir())
    assert tree(tmp_path / "default") == earlier
    with runner.scenario_lock(tmp_path, "default"):
        pass


def test_a_killed_runner_takes_its_workers_and_kernels_and_frees_the_lock(
    tmp_path, tree, earlier_good_run, run_command
):
    earlier = earlier_good_run(tmp_path)
    proc, parent = _start(tmp_path, run_command)
    family = _descendants(parent)
    zygote_folders = [
        _socket_folder(p) for p in family if "talentlib.kernels.zygote" in " ".join(_cmdline(p))
    ]
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    assert not _all_gone(family, timeout=10), (
        "workers die with the runner (PR_SET_PDEATHSIG) and take their kernels"
    )
    with runner.scenario_lock(tmp_path, "default"):
        pass  # the lock died with the runner
    assert tree(tmp_path / "default") == earlier
    runner.prepare_targets(tmp_path, ["default"])  # what the next run does first
    assert not list((tmp_path / ".staging").iterdir()), "the next run removes the killed run's staging"
    from talentlib.kernels import client

    assert zygote_folders and all(f.is_dir() for f in zygote_folders), "a killed runner cannot remove its own"
    for folder in zygote_folders:  # as it will be when the next run starts, a minute later or more
        old = time.time() - 2 * client.STALE_FOLDER_S
        os.utime(folder, (old, old))
    removed = client.remove_stale_folders(str(zygote_folders[0].parent))
    assert set(zygote_folders) <= set(removed), "the next zygote's start removes the killed run's folder"


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _socket_folder(process: psutil.Process) -> Path:
    argv = _cmdline(process)
    return Path(argv[argv.index("--socket") + 1]).parent
