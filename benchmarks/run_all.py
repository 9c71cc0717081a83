"""Run every benchmark and print one Markdown table (also written to ``benchmarks/results/latest.md``).

Usage: ``make bench`` (or ``.venv/bin/python benchmarks/run_all.py [--quick]``; ``--quick`` runs one
suite/floor pair instead of two). Each ratio is against a baseline measured in this same run; times are
best-of-k on a possibly shared machine, so read them as ±10–20 %.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

import bench_compensation
import bench_employees_file
import bench_fluency
import bench_market
import bench_suite
import bench_whatif
from common import RESULTS_DIR, Result, machine_line, markdown_table, print_machine


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one suite/floor pair instead of two")
    parser.add_argument("--jobs", type=int, default=None, help="suite parallelism (default: min(2, cores))")
    args = parser.parse_args(argv)
    print_machine()
    started = time.perf_counter()
    results = []
    for label, bench in (
        ("market", lambda: bench_market.run()),
        ("what-if", lambda: bench_whatif.run()),
        ("compensation", lambda: bench_compensation.run()),
        ("employees file", lambda: bench_employees_file.run()),
        ("fluency", lambda: bench_fluency.run()),
        ("suite", lambda: bench_suite.run(jobs=args.jobs, repeats=1 if args.quick else 3)),
    ):
        print(f"\n== {label}", flush=True)
        outcome = bench()
        results += outcome if isinstance(outcome, list) else [outcome]
    elapsed = time.perf_counter() - started
    table = markdown_table(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# Benchmarks {stamp}\n\nMachine: {machine_line()}\n\n{table}\n\nTotal run time {elapsed:.0f} s.\n"
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "latest.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {RESULTS_DIR / 'latest.md'}")
    return results


if __name__ == "__main__":
    main()
