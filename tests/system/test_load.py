"""Load: 50 notebook executions in one run leave no kernels, workers or threads behind, and memory stays flat."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from talentlib.params import NotebookParams
from talentlib.runner import NotebookPlan, ScenarioPlan, run_plans
from talentlib.spec import NotebookSpec

FAULTS = Path(__file__).resolve().parent / "fixtures" / "faults"
EXECUTIONS = 50


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def orphaned_kernels() -> int:
    """Kernels whose parent has gone (re-parented to PID 1): what a leak looks like once workers exit."""
    count = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if b"ipykernel_launcher" not in (proc / "cmdline").read_bytes():
                continue
            ppid = next(
                line.split()[1]
                for line in (proc / "status").read_text().splitlines()
                if line.startswith("PPid:")
            )
        except (OSError, StopIteration):
            continue
        count += ppid == "1"
    return count


def children() -> int:
    me = str(os.getpid())
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if any(line.split()[1:2] == [me] for line in text.splitlines() if line.startswith("PPid:")):
            count += 1
    return count


@pytest.mark.notebook
def test_fifty_executions_leave_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("TALENTLIB_HOME", str(FAULTS))
    spec = NotebookSpec(
        name="ok", title="ok", question="load", params_model=NotebookParams, timeout_seconds=60
    )
    plans = [
        ScenarioPlan(
            scenario=f"load-{i:02d}",
            description="",
            notebooks=(NotebookPlan(spec, {"output_dir": ""}, "test"),),
        )
        for i in range(EXECUTIONS)
    ]
    kernels_before, threads_before = orphaned_kernels(), threading.active_count()
    children_before = children()  # what earlier tests in this pytest worker may have left is not ours
    run_plans(plans[:4], tmp_path / "warm", jobs=2)  # warm-up: imports and caches
    rss_before = rss_mb()
    outcomes = run_plans(plans, tmp_path / "out", jobs=2)
    assert [o.status for o in outcomes] == ["succeeded"] * EXECUTIONS
    assert orphaned_kernels() == kernels_before, "leaked kernels"
    assert children() == children_before, "leaked worker processes"
    assert threading.active_count() == threads_before, "leaked threads"
    assert rss_mb() - rss_before < 40, (
        f"runner memory grew {rss_mb() - rss_before:.0f} MB over {EXECUTIONS} executions"
    )
