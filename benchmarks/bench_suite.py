"""Suite vs floor: the default scenario end to end against the unavoidable cost of its kernel starts.

Suite: ``runner.plan_scenario("default")`` + ``runner.run_plans(out_root=<tmp>, jobs=N)`` — every notebook
executed, verified, rendered to HTML, the manifest written and the run published.

Floor: the same number of papermill executions through the same machinery (``runner.execute_task`` in
forked workers, ``jobs=N``, the same parameters injected, the notebooks that run last started only after
the others, in-process HTML rendering), of a notebook that only imports what ours import (talentlib and its
analysis modules, pandas, numpy, scipy, seaborn, matplotlib, ipywidgets). Target: suite ≤ 1.2 × floor.

Floor and suite runs alternate (floor, suite, floor, suite, …) and the best of each is kept, so a burst of
load on the shared machine does not land on one side only. The profile (always printed) reads the cell
timings papermill records in each executed notebook (``metadata.papermill.duration``).
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import nbformat
from common import Result, fmt_s, standalone

from talentlib import runner

TARGET_RATIO = 1.2
FLOOR_IMPORTS = (
    "import numpy",
    "import pandas",
    "import scipy.special",
    "import scipy.stats",
    "import matplotlib",
    "import matplotlib.pyplot",
    "import seaborn",
    "import ipywidgets",
    "import talentlib",
    "from talentlib import plots, reference, report",
    "from talentlib.params import notebook_params",
)


def floor_notebook(path: Path, modules: list[str]) -> Path:
    """Write the floor notebook: a ``parameters`` cell and one cell of imports, nothing computed."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('output_dir = ""')
    params.metadata["tags"] = ["parameters"]
    imports = [*FLOOR_IMPORTS, *(f"import talentlib.{m}" for m in modules)]
    nb.cells = [params, nbformat.v4.new_code_cell("\n".join(imports))]
    nb.metadata["kernelspec"] = {"name": runner.KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def floor_tasks(plan: runner.ScenarioPlan, notebook: Path, stage: Path) -> tuple[list, list]:
    """One floor task per notebook of the plan (same parameters); (first wave, run-last) like the runner."""
    first, last = [], []
    for nb_plan in plan.notebooks:
        task = runner.NotebookTask(
            scenario=plan.scenario,
            notebook=nb_plan.spec.name,
            title=nb_plan.spec.title,
            params=nb_plan.params,
            input_path=str(notebook),
            stage_dir=str(stage),
            timeout_seconds=nb_plan.spec.timeout_seconds,
            artifacts=(),
            meta=("floor",),
        )
        (last if getattr(nb_plan.spec, "runs_last", False) else first).append(task)
    return first, last


def run_floor(
    plan: runner.ScenarioPlan, notebook: Path, out_root: Path, jobs: int
) -> tuple[float, list, Path]:
    """Execute the floor tasks with the runner's worker pool; returns (seconds, results, stage folder)."""
    stage = out_root / f"floor-{time.monotonic_ns()}"
    stage.mkdir(parents=True)
    first, last = floor_tasks(plan, notebook, stage)
    start = time.perf_counter()
    context = multiprocessing.get_context("fork")
    results = []
    with cf.ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        for wave in (first, last):  # the runner starts run-last notebooks after all the others
            results += list(pool.map(runner.execute_task, wave))
    return time.perf_counter() - start, results, stage


def run_suite(plan: runner.ScenarioPlan, out_root: Path, jobs: int) -> tuple[float, list]:
    """The real thing: ``run_plans`` into ``out_root``; returns (seconds, outcomes)."""
    start = time.perf_counter()
    outcomes = runner.run_plans([plan], out_root=out_root, jobs=jobs)
    return time.perf_counter() - start, outcomes


def cell_costs(published: Path) -> tuple[list[tuple[float, str]], list[tuple[float, str, int, str]]]:
    """(notebook totals, every cell) from papermill's timing metadata of the executed notebooks."""
    totals, cells = [], []
    for path in sorted(published.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        total = 0.0
        for index, cell in enumerate(nb.cells):
            duration = (cell.metadata.get("papermill") or {}).get("duration") or 0.0
            if cell.cell_type != "code":
                continue
            total += duration
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")[:70]
            cells.append((duration, path.stem, index + 1, first))
        run_time = (nb.metadata.get("papermill") or {}).get("duration") or 0.0
        totals.append((run_time, f"{path.stem}: papermill {run_time:.2f} s, cells {total:.2f} s"))
    return sorted(totals, reverse=True), sorted(cells, reverse=True)


def print_profile(published: Path, floor_stage: Path, top: int = 8) -> str:
    """Print notebook and cell costs of a published run (and the floor's); returns a one-line summary."""
    totals, cells = cell_costs(published)
    floor_totals, _ = cell_costs(floor_stage)
    print("suite profile (papermill metadata of the executed notebooks):")
    for _, line in totals:
        print("  ", line)
    print("floor (import-only notebook), for comparison:")
    for _, line in floor_totals:
        print("  ", line)
    print(f"  top {top} cells:")
    for duration, notebook, index, first in cells[:top]:
        print(f"    {duration:6.2f} s  {notebook} cell {index}: {first}")
    return "; ".join(f"{nb} cell {i} {d:.1f} s" for d, nb, i, _ in cells[:3])


def run(jobs: int | None = None, repeats: int = 2, scenario: str = "default") -> Result:
    """Alternate floor and suite runs ``repeats`` times each; best of each."""
    jobs = jobs or min(2, os.cpu_count() or 1)
    os.environ.setdefault("MPLBACKEND", "Agg")
    logging.getLogger("papermill").setLevel(logging.ERROR)  # the floor's "Passed unknown parameter" lines
    plan = runner.plan_scenario(scenario)
    modules = [n.spec.name for n in plan.notebooks]
    floor_times, suite_times = [], []
    with tempfile.TemporaryDirectory(prefix="talentlib-bench-suite-") as tmp:
        root = Path(tmp)
        notebook = floor_notebook(root / "floor.ipynb", modules)
        last_outcome = None
        for _ in range(repeats):
            seconds, results, floor_stage = run_floor(plan, notebook, root / "floor", jobs)
            failed = [r for r in results if r.status != "succeeded"]
            if failed:
                raise RuntimeError(f"floor notebook failed: {failed[0].error}")
            floor_times.append(seconds)
            seconds, outcomes = run_suite(plan, root / "suite", jobs)
            suite_times.append(seconds)
            last_outcome = outcomes[0]
        print(
            f"suite: {len(plan.notebooks)} notebooks ({', '.join(modules)}), jobs={jobs}: "
            f"floor {', '.join(fmt_s(t) for t in floor_times)}; suite {', '.join(fmt_s(t) for t in suite_times)} "
            f"(status {last_outcome.status})"
        )
        for r in last_outcome.results:
            print(f"   {r.notebook}: {r.status} in {r.duration_s:.2f} s {r.error}")
        summary = print_profile(Path(last_outcome.published), floor_stage)
    floor, suite = min(floor_times), min(suite_times)
    ratio = suite / floor
    ok = last_outcome.status == "succeeded"
    return Result(
        name=f"Suite vs floor ({len(plan.notebooks)} notebooks, jobs={jobs})",
        measured=fmt_s(suite) + ("" if ok else f" ({last_outcome.status})"),
        baseline=f"{fmt_s(floor)} (floor: {len(plan.notebooks)} import-only papermill runs)",
        ratio=ratio,
        ratio_label="of floor",
        target=f"≤ {TARGET_RATIO}×",
        met=ok and ratio <= TARGET_RATIO,
        note=f"best of {repeats} alternating runs; costliest cells: {summary}",
    )


def main() -> list[Result]:
    return standalone(run)


if __name__ == "__main__":
    main()
