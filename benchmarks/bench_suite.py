"""Suite vs floor: the default scenario end to end against the unavoidable cost of its kernel starts.

Suite: ``runner.plan_scenario("default")`` + ``runner.run_plans(out_root=<tmp>, jobs=N)`` — every notebook
executed, verified, rendered to HTML, the manifest written and the run published.

Floor: the same number of papermill executions through the same machinery (``runner.execute_task`` in
forked workers, ``jobs=N``, the same parameters injected, the notebooks that run last started only after
the others, in-process HTML rendering), each of a notebook that only imports what the notebook it stands for
imported. "What it imported" is measured, not listed: a probe run (also the warm-up) executes copies of the
real notebooks with a last cell that records the kernel's ``sys.modules``, so modules imported lazily (matplotlib
inside a chart function, the analysis modules the executive summary reads its specs from) count as imports.
Target: suite ≤ 1.2 × floor.

Naive floor (issue 17): the same import-only notebooks run by plain ``papermill.execute_notebook``, two at a
time in a process pool, papermill's own engine and kernels, no HTML — what a hand-written loop pays. The
suite with pre-forked kernels (``--engine prefork``) is measured against it. Target: ≤ 0.6 × naive floor.
Printed twice: with the run's own zygote (its preload on the run's critical path) and with a kernel server
(``talentlib kernels start``, started untimed before the first run and kept for the others, as a user keeps it
between runs).

Floor and suite runs alternate (floor, suite, floor, suite, …) and the best of each is kept, so a burst of
load on the shared machine does not land on one side only. The profile (always printed) reads the cell
timings papermill records in each executed notebook (``metadata.papermill.duration``).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import logging
import multiprocessing
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
from common import Result, fmt_s, standalone

from talentlib import catalog, execution, runner
from talentlib.kernels import server

TARGET_RATIO = 1.2
#: Suite with pre-forked kernels ÷ naive floor (issue 17).
NAIVE_TARGET_RATIO = 0.6


#: Appended to a copy of each real notebook for the probe run: records every module its kernel loaded.
PROBE_CELL = (
    "import json as _json, sys as _sys\n\nopen({path!r}, 'w').write(_json.dumps(sorted(_sys.modules)))"
)

#: The floor's only code: load the modules the real kernel had loaded (no-ops for those already there).
FLOOR_CELL = """import importlib

for _name in {modules!r}:
    try:
        importlib.import_module(_name)
    except Exception:  # a module that only exists as an alias or inside a package's own import
        pass"""


def _with_kernelspec(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.metadata["kernelspec"] = {
        "name": execution.KERNEL_NAME,
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def probe_notebook(path: Path, notebook: Path, modules_file: Path) -> Path:
    """Write a copy of a real notebook whose last cell dumps the kernel's ``sys.modules`` to ``modules_file``."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE_CELL.format(path=str(modules_file))))
    nbformat.write(_with_kernelspec(nb), path)
    return path


def floor_notebook(path: Path, modules: list[str]) -> Path:
    """Write a floor notebook: a ``parameters`` cell and one cell importing ``modules``, nothing computed."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('output_dir = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(FLOOR_CELL.format(modules=modules))]
    nbformat.write(_with_kernelspec(nb), path)
    return path


def tasks(plan: runner.ScenarioPlan, notebooks: dict[str, Path], stage: Path) -> tuple[list, list]:
    """One task per notebook of the plan running ``notebooks[name]`` with the plan's parameters.

    Returns (first wave, run-last) like the runner.
    """
    first, last = [], []
    for nb_plan in plan.notebooks:
        task = runner.NotebookTask(
            scenario=plan.scenario,
            notebook=nb_plan.spec.name,
            title=nb_plan.spec.title,
            params=nb_plan.params,
            input_path=str(notebooks[nb_plan.spec.name]),
            stage_dir=str(stage),
            timeout_seconds=nb_plan.spec.timeout_seconds,
            artifacts=(),
            meta=("floor",),
        )
        (last if getattr(nb_plan.spec, "runs_last", False) else first).append(task)
    return first, last


def run_tasks(
    plan: runner.ScenarioPlan, notebooks: dict[str, Path], out_root: Path, jobs: int
) -> tuple[float, list, Path]:
    """Execute ``notebooks`` with the runner's machinery (forked pool, ``execute_task``); (seconds, results, stage)."""
    stage = out_root / f"run-{time.monotonic_ns()}"
    stage.mkdir(parents=True)
    first, last = tasks(plan, notebooks, stage)
    start = time.perf_counter()
    execution.preload()  # as run_plans does before its workers fork
    context = multiprocessing.get_context("fork")
    results = []
    with cf.ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool:
        for wave in (first, last):  # the runner starts run-last notebooks after all the others
            results += list(pool.map(runner.execute_task, wave))
    failed = [r for r in results if r.status != "succeeded"]
    if failed:
        raise RuntimeError(f"{failed[0].notebook}: {failed[0].error}")
    return time.perf_counter() - start, results, stage


def build_floors(plan: runner.ScenarioPlan, root: Path, jobs: int) -> dict[str, Path]:
    """Probe run (real notebooks + a module dump), then one floor notebook per notebook from what it loaded.

    The probe is also the warm-up run: file caches and the kernel spec are hot for every measured run.
    """
    names = [n.spec.name for n in plan.notebooks]
    probes = {
        n: probe_notebook(root / f"probe-{n}.ipynb", catalog.notebook_path(n), root / f"{n}.modules.json")
        for n in names
    }
    run_tasks(plan, probes, root / "probe", jobs)
    return {
        n: floor_notebook(root / f"floor-{n}.ipynb", json.loads((root / f"{n}.modules.json").read_text()))
        for n in names
    }


def run_suite(
    plan: runner.ScenarioPlan, out_root: Path, jobs: int, engine: str | None = None
) -> tuple[float, list]:
    """The real thing: ``run_plans`` into ``out_root`` (kernels: ``engine``); returns (seconds, outcomes)."""
    start = time.perf_counter()
    outcomes = runner.run_plans([plan], out_root=out_root, jobs=jobs, engine=engine)
    return time.perf_counter() - start, outcomes


def _papermill_one(task: tuple[str, str, dict]) -> None:
    import papermill as pm

    source, target, params = task
    pm.execute_notebook(
        source, target, parameters=params, progress_bar=False, kernel_name=execution.KERNEL_NAME
    )


def run_naive(plan: runner.ScenarioPlan, notebooks: dict[str, Path], out_root: Path, jobs: int) -> float:
    """The naive floor: plain papermill over ``notebooks``, ``jobs`` processes, no HTML; returns seconds."""
    stage = out_root / f"run-{time.monotonic_ns()}"
    work = []
    for nb_plan in plan.notebooks:
        folder = stage / nb_plan.spec.name
        folder.mkdir(parents=True)
        target = str(folder / f"{nb_plan.spec.name}.ipynb")
        work.append(
            (str(notebooks[nb_plan.spec.name]), target, {**nb_plan.params, "output_dir": str(folder)})
        )
    start = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(_papermill_one, work))
    return time.perf_counter() - start


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


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (a value) or remove (None) environment variables while in the block."""
    previous = {name: os.environ.get(name) for name in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(previous)


def _set_environment(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextlib.contextmanager
def kernel_server(root: Path) -> Iterator[dict]:
    """A kernel server of the benchmark's own (its folder under ``root``), running while in the block."""
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700)
    with environment(XDG_RUNTIME_DIR=str(runtime), **{server.DISABLE_ENV: None}):
        info = server.start(idle_timeout_min=30)
        try:
            yield info
        finally:
            server.stop()


def run(jobs: int | None = None, repeats: int = 3, scenario: str = "default") -> list[Result]:
    """Alternate naive floor, floor, suite and prefork suite runs ``repeats`` times each; best of each."""
    jobs = jobs or min(2, os.cpu_count() or 1)
    os.environ.setdefault("MPLBACKEND", "Agg")
    logging.getLogger("papermill").setLevel(logging.ERROR)  # the floor's "Passed unknown parameter" lines
    plan = runner.plan_scenario(scenario)
    modules = [n.spec.name for n in plan.notebooks]
    times: dict[str, list[float]] = {"naive": [], "floor": [], "suite": [], "prefork": [], "server": []}
    with tempfile.TemporaryDirectory(prefix="talentlib-bench-suite-") as tmp:
        root = Path(tmp)
        floors = build_floors(plan, root, jobs)
        with environment(**{server.DISABLE_ENV: "off"}):  # untimed: the zygote's module list is measured
            run_suite(plan, root / "warm", jobs, "prefork")
        outcomes: dict[str, Any] = {}
        with kernel_server(root) as started:
            for _ in range(repeats):
                times["naive"].append(run_naive(plan, floors, root / "naive", jobs))
                seconds, _, floor_stage = run_tasks(plan, floors, root / "floor", jobs)
                times["floor"].append(seconds)
                for side, engine in (("suite", "plain"), ("prefork", "prefork"), ("server", "prefork")):
                    with environment(**{server.DISABLE_ENV: None if side == "server" else "off"}):
                        seconds, done = run_suite(plan, root / side, jobs, engine)
                    times[side].append(seconds)
                    outcomes[side] = done[0]
            used = server.status() or {}
        if used.get("pid") != started.get("pid"):
            raise RuntimeError("the kernel server stopped during the benchmark")
        print(
            f"suite: {len(plan.notebooks)} notebooks ({', '.join(modules)}), jobs={jobs}: "
            + "; ".join(f"{side} {', '.join(fmt_s(t) for t in ts)}" for side, ts in times.items())
            + f" (status {outcomes['suite'].status}, prefork {outcomes['prefork'].status}, "
            f"server {outcomes['server'].status})"
        )
        for r in outcomes["suite"].results:
            print(f"   {r.notebook}: {r.status} in {r.duration_s:.2f} s {r.error}")
        summary = print_profile(Path(outcomes["suite"].published), floor_stage)
    best = {side: min(ts) for side, ts in times.items()}
    ok = outcomes["suite"].status == "succeeded"
    ok_prefork = outcomes["prefork"].status == "succeeded"
    ok_server = outcomes["server"].status == "succeeded"
    ratio, naive_ratio = best["suite"] / best["floor"], best["prefork"] / best["naive"]
    server_ratio = best["server"] / best["naive"]
    n = len(plan.notebooks)
    return [
        Result(
            name=f"Suite vs floor ({n} notebooks, jobs={jobs})",
            measured=fmt_s(best["suite"]) + ("" if ok else f" ({outcomes['suite'].status})"),
            baseline=f"{fmt_s(best['floor'])} (floor: {n} import-only runs through the runner's machinery)",
            ratio=ratio,
            ratio_label="of floor",
            target=f"≤ {TARGET_RATIO}×",
            met=ok and ratio <= TARGET_RATIO,
            note=f"best of {repeats} alternating runs; costliest cells: {summary}",
        ),
        Result(
            name=f"Suite --engine prefork vs naive floor ({n} notebooks, jobs={jobs})",
            measured=fmt_s(best["prefork"]) + ("" if ok_prefork else f" ({outcomes['prefork'].status})"),
            baseline=f"{fmt_s(best['naive'])} (naive floor: {n} plain papermill runs of import-only notebooks, "
            f"{jobs} at a time, no HTML)",
            ratio=naive_ratio,
            ratio_label="of naive floor",
            target=f"≤ {NAIVE_TARGET_RATIO}×",
            met=ok_prefork and naive_ratio <= NAIVE_TARGET_RATIO,
            note=f"best of {repeats}; plain-kernel suite {fmt_s(best['suite'])} = "
            f"{best['suite'] / best['naive']:.2f}× of the naive floor",
        ),
        Result(
            name=f"Suite --engine prefork with a kernel server vs naive floor ({n} notebooks, jobs={jobs})",
            measured=fmt_s(best["server"]) + ("" if ok_server else f" ({outcomes['server'].status})"),
            baseline=f"{fmt_s(best['naive'])} (naive floor, as above)",
            ratio=server_ratio,
            ratio_label="of naive floor",
            target=f"≤ {NAIVE_TARGET_RATIO}×",
            met=ok_server and server_ratio <= NAIVE_TARGET_RATIO,
            note=f"best of {repeats}; `talentlib kernels start` once, before the first run (its preload: "
            f"{started.get('preload_s', 0):.1f} s, untimed)",
        ),
    ]


def main() -> list[Result]:
    return standalone(run)


if __name__ == "__main__":
    main()
