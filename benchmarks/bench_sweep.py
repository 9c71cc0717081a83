"""Sweep throughput: N ``market_sizing`` runs, 2 at a time — plain papermill vs ``talentlib sweep`` per engine.

Sides, measured in one run of this script on the same machine (ratios are against plain papermill):

* **papermill** — ``papermill.execute_notebook`` on the same N notebooks with the same parameters, two worker
  processes, papermill's default engine and kernels, no HTML (the naive loop).
* **sweep plain** — ``talentlib sweep --engine plain`` (our side includes verification, HTML, manifests,
  publishing and the comparison report).
* **sweep prefork** — ``talentlib sweep --engine prefork`` (kernels forked from a preloaded zygote), after one
  untimed warm-up sweep so the zygote's measured module list exists (the first run on a machine is the probe).
* **Dask LocalCluster** — ``talentlib sweep --cluster local:2`` (pre-forked kernels in each Dask worker; the
  cluster's start-up is inside the measured time), and ``--cluster local:1`` for the 1 → 2 worker scaling.

Memory: peak PSS (proportional set size: shared pages split between the processes sharing them) of the whole
process tree, sampled every 0.25 s. The issue's target is N = 100; the default here is N = 12 because the
2 cores are shared with other engineers (``--runs 100`` for the full size). One run, no best-of: the numbers
are noisy and say so.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from common import PROJECT_DIR, print_machine

from talentlib import catalog
from talentlib.runner import plan_scenario

TALENTLIB = str(Path(sys.executable).parent / "talentlib")
TARGET_SPEEDUP = 3.0


class PeakPss:
    """Peak PSS (MB) of a process and its descendants while the block runs."""

    def __init__(self, root: int) -> None:
        self.root, self.peak_mb, self._stop = root, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            total = 0
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(self.root)
                for proc in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += proc.memory_full_info().pss
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _papermill_one(args: tuple[str, str, dict]) -> None:
    import papermill as pm

    source, target, params = args
    pm.execute_notebook(source, target, parameters=params, progress_bar=False, cwd=str(PROJECT_DIR))


def papermill_side(runs: int, jobs: int, out: Path) -> tuple[float, float, float]:
    """Plain papermill, ``jobs`` processes: seconds and peak PSS (MB) of the tree."""
    plan = plan_scenario("default", ["market_sizing"])
    params = plan.notebooks[0].params
    source = str(catalog.notebook_path("market_sizing"))
    tasks = []
    for i in range(runs):
        folder = out / f"run-{i:03d}"
        folder.mkdir(parents=True)
        tasks.append(
            (source, str(folder / "market_sizing.ipynb"), {**params, "seed": i, "output_dir": str(folder)})
        )
    started = time.perf_counter()
    with PeakPss(os.getpid()) as pss, cf.ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_papermill_one, tasks))
    seconds = time.perf_counter() - started
    return seconds, pss.peak_mb, seconds


def sweep_side(runs: int, jobs: int, out: Path, engine: str, cluster: str = "") -> tuple[float, float, float]:
    """``talentlib sweep`` over ``market_sizing.seed=0..runs-1`` (``--cluster cluster`` when given).

    Returns:
        Seconds end to end, peak PSS (MB) of its tree, and the seconds of the run itself (execution, HTML,
        manifests, publish — what the CLI's summary table reports; the rest is start-up, planning and the
        sweep's comparison report).
    """
    seeds = ",".join(str(i) for i in range(runs))
    command = [TALENTLIB, "sweep", "--notebook", "market_sizing", "--grid", f"market_sizing.seed={seeds}"]
    name = f"bench-{engine}" + (f"-{cluster.replace(':', '')}" if cluster else "")
    command += ["--out", str(out), "--jobs", str(jobs), "--quiet", "--engine", engine, "--name", name]
    command += ["--cluster", cluster] if cluster else []
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with PeakPss(proc.pid) as pss:
        _, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"sweep --engine {engine} {cluster} failed: {err[-2000:]}")
    in_run = re.search(r"talentlib run — ([0-9.]+) s", err)
    return time.perf_counter() - started, pss.peak_mb, float(in_run.group(1)) if in_run else float("nan")


#: The sides: (label, engine, cluster); the first row of the table is plain papermill.
SIDES = (
    ("talentlib sweep --engine plain", "plain", ""),
    ("talentlib sweep --engine prefork", "prefork", ""),
    ("talentlib sweep --cluster local:2", "prefork", "local:2"),
    ("talentlib sweep --cluster local:1", "prefork", "local:1"),
)


def table(rows: list[tuple[str, float, float, float]], runs: int, jobs: int) -> str:
    """The sides as text: seconds, speed-up over plain papermill (end to end and in-run), peak PSS."""
    base = rows[0][1]
    lines = [f"{runs} market_sizing runs, {jobs} at a time (one run each; shared machine: noisy)"]
    head = ("side", "seconds", "vs papermill", "in-run s", "vs papermill", "peak PSS MB")
    lines.append(f"{head[0]:36s} {head[1]:>8s} {head[2]:>13s} {head[3]:>9s} {head[4]:>13s} {head[5]:>12s}")
    for name, seconds, pss, in_run in rows:
        cells = f"{seconds:8.1f} {base / seconds:12.2f}x {in_run:9.1f} {base / in_run:12.2f}x {pss:12.0f}"
        lines.append(f"{name:36s} {cells}")
    return "\n".join(lines)


def summary(rows: list[tuple[str, float, float, float]], suite: list[Any]) -> list[str]:
    """Issue 17's ratios side by side, one line each: sweep sides, Dask scaling, memory, suite vs naive floor."""
    by = {name: (seconds, pss) for name, seconds, pss, _ in rows}
    base = rows[0][1]
    lines = []
    for label, _, _ in SIDES[:3]:
        speedup = base / by[label][0]
        verdict = "met" if speedup >= TARGET_SPEEDUP else "NOT met"
        lines.append(
            f"{label} vs papermill: {speedup:.2f}x faster (target >= {TARGET_SPEEDUP:.0f}x: {verdict})"
        )
    one, two = by["talentlib sweep --cluster local:1"][0], by["talentlib sweep --cluster local:2"][0]
    lines.append(f"Dask LocalCluster, 2 workers vs 1: {one / two:.2f}x faster (ideal 2x on 2 idle cores)")
    plain, prefork = by["talentlib sweep --engine plain"][1], by["talentlib sweep --engine prefork"][1]
    lines.append(f"peak PSS, prefork vs plain: {prefork:.0f} / {plain:.0f} MB = {prefork / plain:.2f}x")
    for result in suite:
        verdict = "met" if result.met else "NOT met"
        lines.append(
            f"{result.name}: {result.measured} vs {result.baseline.split(' (')[0]} = {result.ratio:.2f}x "
            f"(target {result.target}: {verdict})"
        )
    return lines


def main() -> None:
    """Measure and print the sides and their ratios (and, unless ``--no-suite``, the suite against its floors)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=12, help="market_sizing runs per side (issue target: 100)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-suite", action="store_true", help="skip bench_suite (suite vs its floors)")
    parser.add_argument("--suite-repeats", type=int, default=2, help="alternating suite/floor rounds")
    args = parser.parse_args()
    print_machine()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sweep_side(2, args.jobs, root / "warm", "prefork")  # untimed: imports cached, zygote list measured
        rows.append(("papermill (2 processes, no HTML)", *papermill_side(args.runs, args.jobs, root / "pm")))
        for label, engine, cluster in SIDES:
            folder = root / (label.split()[-1].replace(":", ""))
            rows.append((label, *sweep_side(args.runs, args.jobs, folder, engine, cluster)))
            print(f"  {label}: {rows[-1][1]:.1f} s", flush=True)
    print()
    print(table(rows, args.runs, args.jobs))
    print(
        "in-run: the CLI's own 'talentlib run — N s' (execution, HTML, manifests, publish); the rest of a sweep"
    )
    print("is start-up, planning and the comparison report.")
    suite = []
    if not args.no_suite:
        import bench_suite

        print("\n== suite vs floors", flush=True)
        suite = bench_suite.run(jobs=args.jobs, repeats=args.suite_repeats)
    print("\nissue 17, side by side:")
    for line in summary(rows, suite):
        print("  " + line)


if __name__ == "__main__":
    main()
