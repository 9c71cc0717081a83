"""A 1,000,000-row employees file, validated and analysed end to end (issue: reliability, scale).

Two measurements on one synthetic CSV (the bundled sample's generator, :mod:`talentlib.samples.employees`):

1. Validation: :func:`talentlib.compensation.inputs.read_employees` (every column rule, every problem
   collected) against a plain ``pandas.read_csv`` of the same file in the same process — the floor of
   reading it at all. The runner does this once before any kernel starts and hands the validated table to
   the kernel through the run's staging folder (:mod:`talentlib.handoff`); the notebook reads it back.
2. End to end: ``talentlib run --notebook compensation --set compensation.employees_csv=FILE`` as a user
   runs it (validation, kernel, analysis, charts, HTML, publish), wall time and the peak resident memory
   of the whole process tree (runner, worker and kernel, sampled every 50 ms), against the same command on
   the bundled 60-row sample: the ratio is what a million rows add to the fixed cost of a run.

Targets: end to end under 10 s and 1.5 GB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil
from common import PROJECT_DIR, Result, best_of, fmt_s, standalone

from talentlib.compensation import inputs
from talentlib.compensation.schema import article_roles
from talentlib.samples.employees import synthetic_employees

ROWS = 1_000_000
SEED = 11
TARGET_SECONDS = 10.0
TARGET_BYTES = 1.5 * 1024**3
TALENTLIB = [sys.executable, "-m", "talentlib"]


def write_file(folder: Path, rows: int) -> Path:
    """A synthetic employees CSV of ``rows`` rows."""
    path = folder / f"employees_{rows}.csv"
    synthetic_employees(SEED, rows).to_csv(path, index=False)
    return path


def validate(path: Path) -> pd.DataFrame:
    """The runner's check of the file: every column rule of the compensation inputs."""
    return inputs.read_employees(path, article_roles(), ("coastal", "non_coastal", "international"))


def tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes (0 for those already gone)."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def run_end_to_end(employees_csv: Path | None, out: Path) -> tuple[float, int]:
    """``talentlib run`` of the compensation notebook; (wall seconds, peak RSS of the process tree)."""
    command = [*TALENTLIB, "run", "--notebook", "compensation", "--out", str(out), "--quiet"]
    if employees_csv is not None:
        command += ["--set", f"compensation.employees_csv={employees_csv}"]
    start = time.perf_counter()
    process = psutil.Popen(command, cwd=PROJECT_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"talentlib run failed: {process.stderr.read().decode()[-2000:]}")
    return seconds, peak


def run(rows: int = ROWS, k: int = 2) -> Result:
    """Validation against a plain read, then the run end to end against the bundled sample's run."""
    with tempfile.TemporaryDirectory(prefix="bench-employees-") as tmp:
        folder = Path(tmp)
        path = write_file(folder, rows)
        plain, _ = best_of(lambda: pd.read_csv(path), k=k)
        checked, table = best_of(lambda: validate(path), k=k)
        assert len(table) == rows
        sample_seconds, sample_peak = run_end_to_end(None, folder / "out-sample")
        seconds, peak = run_end_to_end(path, folder / "out-file")
    print(
        f"employees file: {rows:,} rows validated in {fmt_s(checked)} (plain read_csv {fmt_s(plain)}, "
        f"{checked / plain:.1f}×); end to end {fmt_s(seconds)}, peak RSS of runner + worker + kernel "
        f"{peak / 2**20:.0f} MiB; the bundled sample end to end {fmt_s(sample_seconds)}, "
        f"{sample_peak / 2**20:.0f} MiB"
    )
    return Result(
        name=f"Employees file ({rows // 1000:,}k rows) end to end",
        measured=f"{fmt_s(seconds)}, peak {peak / 2**20:.0f} MiB",
        baseline=f"{fmt_s(sample_seconds)} (same run on the 60-row sample)",
        ratio=seconds / sample_seconds,
        ratio_label="of the sample run",
        target="< 10 s and < 1.5 GB",
        met=seconds < TARGET_SECONDS and peak < TARGET_BYTES,
        note=f"validation {fmt_s(checked)} = {checked / plain:.1f}× a plain read_csv ({fmt_s(plain)}); once per "
        "run (the runner's, before any kernel; the kernel reads the runner's table back); peak = whole process tree",
    )


def main() -> list[Result]:
    return standalone(run)


if __name__ == "__main__":
    main()
