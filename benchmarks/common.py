"""Shared helpers of the benchmarks: best-of-k timing, machine facts, a results table.

Every benchmark reports a ratio against a baseline measured in the same run (same machine, same load), so a
busy machine moves both sides. Times are the best of k runs (``time.perf_counter``): the minimum is the
run least disturbed by other processes. No timing is asserted anywhere in the tests.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
LIBRARIES = ("numpy", "pandas", "scipy", "papermill", "nbclient", "matplotlib", "seaborn")

if str(PROJECT_DIR) not in sys.path:  # run as `python benchmarks/x.py` from anywhere
    sys.path.insert(0, str(PROJECT_DIR))


def best_of(fn: Callable[[], Any], k: int = 5, warmup: int = 0) -> tuple[float, Any]:
    """Time ``fn()`` ``k`` times after ``warmup`` untimed calls.

    Returns:
        (best wall time in seconds, the last result).
    """
    result = None
    for _ in range(warmup):
        result = fn()
    best = float("inf")
    for _ in range(max(1, k)):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def machine_facts() -> dict[str, str]:
    """Cores, CPU, Python and the versions of the libraries that shape the timings."""
    facts = {
        "cores": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }
    for name in LIBRARIES:
        try:
            facts[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            facts[name] = "not installed"
    with contextlib.suppress(OSError):
        facts["load average"] = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return facts


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_line() -> str:
    """The machine facts on one line."""
    return "; ".join(f"{k} {v}" for k, v in machine_facts().items())


def print_machine() -> None:
    """Print the machine facts (every benchmark script starts with them)."""
    print("machine:", machine_line())


@dataclass
class Result:
    """One benchmark's outcome.

    Attributes:
        name: Benchmark name.
        measured: The measured quantity, formatted (e.g. ``0.081 s``).
        baseline: The baseline measured in the same run, formatted.
        ratio: measured ÷ baseline or baseline ÷ measured (``ratio_label`` says which).
        target: The target in words.
        met: Whether the target is met.
        ratio_label: How to read ``ratio``.
        note: Anything the reader needs (scaling of a baseline, what the profile showed).
    """

    name: str
    measured: str
    baseline: str
    ratio: float
    target: str
    met: bool
    ratio_label: str = ""
    note: str = ""


def fmt_s(seconds: float) -> str:
    """Seconds with a sensible unit."""
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def markdown_table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| benchmark | measured | baseline | ratio | target | met? |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:.2f}× {r.ratio_label}".strip()
        lines.append(
            f"| {r.name} | {r.measured} | {r.baseline} | {ratio} | {r.target} | {'yes' if r.met else '**no**'} |"
        )
    notes = [f"- {r.name}: {r.note}" for r in results if r.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def print_results(results: list[Result]) -> None:
    """Print the results table."""
    print()
    print(markdown_table(results))


def standalone(run: Callable[[], Result | list[Result]]) -> list[Result]:
    """Run one benchmark as a script: machine facts, the measurement(s), the results table."""
    print_machine()
    outcome = run()
    results = outcome if isinstance(outcome, list) else [outcome]
    print_results(results)
    return results
