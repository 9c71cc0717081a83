"""Run scenarios: validate, execute notebooks with papermill, render, write the manifest, publish atomically.

Life of a run (``talentlib run --scenario S``)::

    plan      every params file and --set override validated through the notebook schemas (exit 2 on error,
              before any kernel starts and before anything is written)
    lock      outputs/.locks/S.lock (a second concurrent run of S is refused; held by this process only, so it
              dies with the runner even when forked workers live on)
    prepare   a publish cut short by a crash is repaired, stale staging of S removed; outputs/S must be absent or
              a folder talentlib published as S (marker or manifest) — anything else is refused, exit 2
    stage     outputs/.staging/S-<id>/<notebook>/…  (papermill output, tables, figures, HTML; same filesystem)
    execute   notebooks in forked worker processes (``--jobs``); papermill, nbconvert and the report template
              load once, in this process, before the workers fork (see talentlib.execution); kernels are
              forked from this run's zygote (``--engine prefork``, talentlib.kernels) or started plain; with
              ``--cluster`` the executions run on Dask workers instead (talentlib.cluster)
    verify    success = no exception, every code cell executed without an error output, every contract
              artifact present — never the notebook's metadata alone
    render    HTML report per notebook, in-process nbconvert; the analysis notebooks' reports are rendered by
              this process while the executive summary (run last, it reads their metrics) executes
    manifest  run.json (parameters, versions, commit, times, statuses, sha256 of every artifact) — written last
    publish   all succeeded: outputs/S is swapped in by one atomic exchange (talentlib.publishing; the previous
              good run stays until then);
              anything failed: the staged run moves to outputs/_failed/S-<time>/ with FAILED-<notebook>.ipynb
              kept as evidence; outputs/S is left untouched.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import fcntl
import hashlib
import importlib.metadata
import multiprocessing
import os
import platform
import subprocess
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from talentlib import __version__, catalog, execution, handoff, linking, links, publishing
from talentlib.config import project_dir
from talentlib.errors import LinkError, ParamsError, RunConflictError
from talentlib.planning import (  # noqa: F401  (the runner's public API: plan, then run)
    NotebookPlan,
    ScenarioPlan,
    parse_override,
    plan_scenario,
)
from talentlib.report import read_json_object, write_json
from talentlib.spec import SYNTHETIC_METRIC
from talentlib.worker import (  # noqa: F401
    MAX_CELL_OUTPUT_CHARS,
    NotebookResult,
    NotebookTask,
    _error_line,
    execute_task,
    notebook_problems,
    render_report,
)

PACKAGES = (
    "talentlib",
    "pandas",
    "numpy",
    "scipy",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pydantic",
)


# ---------------------------------------------------------------------------------------------------------
# Run facts, manifest, publishing


def git_commit() -> str:
    """Return the project's git commit (with ``-dirty`` when the tree has changes), or ``unknown``."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=project_dir(),
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=project_dir(),
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape results."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def sha256_tree(root: Path) -> dict[str, str]:
    """sha256 of every file below ``root`` (relative POSIX paths, sorted)."""
    digests = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digests[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_case_collisions(out_root: Path, scenarios: Sequence[str]) -> None:
    """Refuse a scenario whose name differs only by case from another in the run or an existing output folder.

    Such names would share one folder on case-insensitive disks (macOS, Windows) and one lock here.

    Raises:
        ParamsError: Naming both spellings.
    """
    existing = {p.name.lower(): p.name for p in out_root.iterdir() if p.is_dir()} if out_root.is_dir() else {}
    seen: dict[str, str] = {}
    problems = []
    for name in scenarios:
        other = seen.get(name.lower()) or existing.get(name.lower())
        if other is not None and other != name:
            problems.append(f"scenario '{name}': differs only by case from '{other}'; use one spelling")
        seen.setdefault(name.lower(), name)
    if problems:
        raise ParamsError(problems)


_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a forked child, close the lock files inherited from the runner (the lock must die with the runner)."""
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextlib.contextmanager
def scenario_lock(out_root: Path, scenario: str) -> Iterator[None]:
    """Hold an exclusive lock on ``out_root/.locks/<scenario>.lock`` for the duration of a run.

    The lock belongs to this process only: forked workers close their copy at fork, so a runner killed by any
    signal releases it (the kernel drops ``flock`` locks with the last descriptor) and the next run starts.

    Raises:
        RunConflictError: If another process holds it.
    """
    lock_dir = out_root / ".locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_dir / f"{scenario.lower()}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunConflictError(
                f"scenario '{scenario}' is already being run into {out_root} by another talentlib process; "
                "wait for it to finish"
            ) from None
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)


def prepare_targets(out_root: Path, scenarios: Sequence[str]) -> None:
    """Under the scenarios' locks: repair crashed publishes, drop stale staging, refuse targets we do not own.

    Raises:
        ParamsError: A scenario's output path holds a file or folder talentlib did not create.
    """
    for scenario in scenarios:
        publishing.tidy(out_root, out_root / scenario, scenario)
    publishing.check_targets(out_root / s for s in scenarios)


# ---------------------------------------------------------------------------------------------------------
# Orchestration


@dataclass
class ScenarioOutcome:
    """What happened to one scenario."""

    scenario: str
    status: str
    published: str
    results: list[NotebookResult] = field(default_factory=list)
    error: str = ""


def _finish_scenario(
    plan: ScenarioPlan,
    stage: Path,
    results: Sequence[NotebookResult],
    out_root: Path,
    facts: Mapping[str, Any],
    started_at: str,
    linked: Mapping[str, Mapping[str, Any]] | None = None,
    records: Sequence[links.LinkRecord] = (),
) -> ScenarioOutcome:
    from talentlib.rendering import index_html
    from talentlib.report import format_metric

    handoff.remove(stage)  # individual rows: never published, never kept as evidence
    by_name = {r.notebook: r for r in results}
    ok = all(r.status == "succeeded" for r in results)
    rows = []
    for nb_plan in plan.notebooks:
        spec, result = nb_plan.spec, by_name[nb_plan.spec.name]
        metrics = read_json_object(stage / spec.name / "metrics.json") if result.status == "succeeded" else {}
        rows.append(
            {
                "title": spec.title,
                "question": spec.question,
                "status": result.status,
                "duration": result.duration_s,
                "report": result.report,
                "key_chart": (
                    str(stage / spec.name / spec.key_figures[0])
                    if spec.key_figures and result.status == "succeeded"
                    else ""
                ),
                "error": result.error,
                "headlines": [
                    (
                        f"{h.label} (synthetic sample)" if metrics.get(SYNTHETIC_METRIC) else h.label,
                        format_metric(metrics.get(h.key), h.unit),
                    )
                    for h in spec.headlines
                    if h.key in metrics
                ],
            }
        )
    meta = (
        f"scenario {plan.scenario}",
        f"run {started_at}",
        f"commit {facts['git_commit'][:12]}",
        f"talentlib {__version__}",
    )
    (stage / "index.html").write_text(
        index_html(plan.scenario, plan.description, rows, meta), encoding="utf-8"
    )
    pdfs = {}
    if ok and facts.get("pdf"):
        from talentlib.pdf import print_run

        pdfs = print_run(
            stage, {"scenario": plan.scenario, "started_at": started_at, "git_commit": facts["git_commit"]}
        )
    manifest = {
        "scenario": plan.scenario,
        "description": plan.description,
        "status": "succeeded" if ok else "failed",
        "started_at": started_at,
        "finished_at": _now(),
        "git_commit": facts["git_commit"],
        "versions": facts["versions"],
        "jobs": facts["jobs"],
        "engine": facts.get("engine", "plain"),
        "notebooks": {
            nb_plan.spec.name: {
                **asdict(by_name[nb_plan.spec.name]),
                "params_source": nb_plan.source,
                "params": (linked or {}).get(nb_plan.spec.name, nb_plan.params),
            }
            for nb_plan in plan.notebooks
        },
        "links": links.records_as_json(records),
        "artifacts": sha256_tree(stage),
        **({"pdf": pdfs} if pdfs else {}),
    }
    write_json(manifest, stage / "run.json")
    error = ""
    if ok:
        target = out_root / plan.scenario
        try:
            publishing.publish(stage, target)
            return ScenarioOutcome(plan.scenario, "succeeded", str(target), list(results))
        except OSError as exc:
            error = f"not published, {target} left as it was: {exc}"
    target = failed_dir(out_root, plan.scenario)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(stage, target)
    return ScenarioOutcome(plan.scenario, "failed", str(target), list(results), error)


def _write_failure(
    plan: ScenarioPlan, stage: Path, results: Sequence[NotebookResult], out_root: Path, exc: OSError
) -> ScenarioOutcome:
    """Outcome of a scenario whose products could not be written (full disk, read-only folder).

    The staged run moves to ``_failed`` as evidence when it can, and is removed when even that fails; the
    published run is never touched.
    """
    where = exc.filename or stage
    error = f"cannot write {where}: {exc.strerror or exc}; {out_root / plan.scenario} left as it was"
    kept = failed_dir(out_root, plan.scenario)
    try:
        handoff.remove(stage)
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.rename(stage, kept)
    except OSError:
        publishing.remove_tree(stage)
        kept = out_root / plan.scenario
    return ScenarioOutcome(plan.scenario, "failed", str(kept), list(results), error)


def failed_dir(out_root: Path, scenario: str) -> Path:
    """A new ``outputs/_failed/<scenario>-<time>-<id>`` path for the evidence of a failed run."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return out_root / "_failed" / f"{scenario}-{stamp}-{uuid.uuid4().hex[:4]}"


def write_run_status(
    plan: ScenarioPlan,
    stage: Path,
    results: Sequence[NotebookResult],
    facts: Mapping[str, Any],
    started_at: str,
) -> None:
    """Write ``run_status.json`` for the notebooks that run last (the executive summary reads it)."""
    write_json(
        {
            "scenario": plan.scenario,
            "description": plan.description,
            "started_at": started_at,
            "git_commit": facts["git_commit"],
            "versions": facts["versions"],
            "notebooks": {r.notebook: {"status": r.status, "error": r.error} for r in results},
        },
        stage / "run_status.json",
    )


ProgressCallback = Callable[[str, str, str], None]


def run_plans(
    plans: Sequence[ScenarioPlan],
    out_root: Path,
    jobs: int = 1,
    on_event: ProgressCallback | None = None,
    timeout_seconds: int | None = None,
    pdf: bool = False,
    engine: str | None = None,
    cluster: str | None = None,
    max_kernel_memory_mb: float | None = None,
) -> list[ScenarioOutcome]:
    """Execute validated scenarios in parallel and publish each one.

    Args:
        plans: Output of :func:`plan_scenario`.
        out_root: Outputs folder (``outputs/`` by default).
        jobs: Notebooks executed at once (worker processes).
        on_event: Called with ``(event, scenario, notebook)`` for ``start`` and ``done`` (progress display).
        timeout_seconds: Per-cell timeout for every notebook (default: each notebook's own).
        pdf: Also print the index and every report to PDF (:mod:`talentlib.pdf`) before publishing.
        engine: Kernel engine, ``prefork`` or ``plain`` (default :data:`talentlib.execution.DEFAULT_ENGINE`;
            ``prefork`` becomes ``plain`` off Linux).
        cluster: ``local[:N]``: execute on a Dask ``LocalCluster`` (:mod:`talentlib.cluster`); None: forked
            workers of this process.
        max_kernel_memory_mb: Stop a kernel whose PSS exceeds this many MB; its notebook fails with that cause
            (``prefork`` kernels only).

    Returns:
        One outcome per scenario, in the order given.

    Raises:
        RunConflictError: If a scenario is being run by another process.
    """
    out_root = out_root.resolve()
    check_case_collisions(out_root, [p.scenario for p in plans])
    out_root.mkdir(parents=True, exist_ok=True)
    facts = {
        "git_commit": git_commit(),
        "versions": package_versions(),
        "jobs": jobs,
        "timeout": timeout_seconds,
        "pdf": pdf,
        "engine": execution.resolve_engine(engine),
        "cluster": cluster,
        "max_kernel_memory_mb": max_kernel_memory_mb,
    }
    started_at = _now()
    with contextlib.ExitStack() as locks:
        for plan in plans:
            locks.enter_context(scenario_lock(out_root, plan.scenario))
        prepare_targets(out_root, [p.scenario for p in plans])
        stages = {}
        for plan in plans:
            stage = publishing.staging_dir(out_root, plan.scenario)
            publishing.write_marker(stage, publishing.RUN_KIND, plan.scenario)
            stages[plan.scenario] = stage
        try:
            for plan in plans:  # validated tables for the kernels: the files are not validated twice
                handoff.write_all(
                    stages[plan.scenario], [(n.spec.name, v) for n in plan.notebooks for v in n.validated]
                )
            return _execute(plans, stages, out_root, jobs, facts, started_at, on_event or (lambda *_: None))
        except BaseException:  # interrupted or crashed: nothing half-made is left behind
            for stage in stages.values():
                publishing.remove_tree(stage)
            raise


def _task(
    plan: ScenarioPlan,
    nb_plan: NotebookPlan,
    params: Mapping[str, Any],
    stage: Path,
    facts: Mapping[str, Any],
    started_at: str,
    render: bool = True,
) -> NotebookTask:
    spec = nb_plan.spec
    return NotebookTask(
        scenario=plan.scenario,
        notebook=spec.name,
        title=spec.title,
        params=dict(params),
        input_path=str(catalog.notebook_path(spec.name)),
        stage_dir=str(stage),
        timeout_seconds=facts.get("timeout") or spec.timeout_seconds,
        artifacts=spec.artifacts,
        meta=(
            f"scenario {plan.scenario}",
            f"run {started_at}",
            f"commit {facts['git_commit'][:12]}",
            f"talentlib {__version__}",
        ),
        render=render,
    )


@contextlib.contextmanager
def _pool(jobs: int, facts: Mapping[str, Any], out_root: Path, notebooks: int) -> Iterator[cf.Executor]:
    """Where notebooks execute: forked workers of this process, or a Dask cluster (``facts["cluster"]``).

    At most one forked worker per notebook of the run: an idle one would only hold a copy of this heap.
    """
    with contextlib.ExitStack() as stack:
        if facts.get("cluster"):
            from talentlib import cluster

            env = cluster.worker_environment(facts["engine"], facts.get("max_kernel_memory_mb"))
            pool = stack.enter_context(cluster.executor(facts["cluster"], jobs, out_root, env))
            execution.preload()
            yield pool
            return
        stack.enter_context(
            execution.kernel_engine(facts["engine"], facts.get("max_kernel_memory_mb"))
        )  # the zygote preloads meanwhile
        execution.preload()  # imports and the report template, inherited by the forked workers
        yield stack.enter_context(
            cf.ProcessPoolExecutor(
                max_workers=max(1, min(jobs, notebooks)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=execution.init_worker,
                initargs=(os.getpid(),),
            )
        )


def _execute(
    plans: Sequence[ScenarioPlan],
    stages: Mapping[str, Path],
    out_root: Path,
    jobs: int,
    facts: Mapping[str, Any],
    started_at: str,
    on_event: ProgressCallback,
) -> list[ScenarioOutcome]:
    from talentlib.rendering import prepare_thumbnail

    by_name = {p.scenario: p for p in plans}
    graph = {p.scenario: linking.waits(p) for p in plans}
    waiting = {p.scenario: {n.spec.name: n for n in p.notebooks} for p in plans}
    statuses: dict[str, dict[str, str]] = {p.scenario: {} for p in plans}
    results: dict[str, list[NotebookResult]] = {p.scenario: [] for p in plans}
    ran: dict[str, dict[str, tuple[dict[str, Any], list[links.LinkRecord]]]] = {p.scenario: {} for p in plans}
    has_last = {p.scenario: any(n.spec.runs_last for n in p.notebooks) for p in plans}
    outcomes: dict[str, ScenarioOutcome] = {}
    with _pool(jobs, facts, out_root, sum(len(p.notebooks) for p in plans)) as pool:
        futures: dict[cf.Future[NotebookResult], NotebookTask] = {}
        deferred: dict[str, list[tuple[NotebookTask, NotebookResult]]] = {}

        def submit(plan: ScenarioPlan, nb_plan: NotebookPlan) -> None:
            spec, stage = nb_plan.spec, stages[plan.scenario]
            reason = linking.blocked_by(spec, graph[plan.scenario][spec.name].needs, statuses[plan.scenario])
            if not reason:
                try:
                    params, records = linking.linked_params(
                        nb_plan, stage, [n.spec.name for n in plan.notebooks]
                    )
                except LinkError as exc:
                    reason = f"not run: {exc}"
            if reason:
                on_event("start", plan.scenario, spec.name)
                task = _task(plan, nb_plan, nb_plan.params, stage, facts, started_at)
                finish(task, NotebookResult(plan.scenario, spec.name, error=reason))
                return
            ran[plan.scenario][spec.name] = (params, records)
            if spec.runs_last:
                write_run_status(plan, stage, results[plan.scenario], facts, started_at)
            defer = has_last[plan.scenario] and not spec.runs_last
            task = _task(plan, nb_plan, params, stage, facts, started_at, render=not defer)
            futures[pool.submit(execute_task, task)] = task
            on_event("start", plan.scenario, spec.name)
            if spec.runs_last:  # the others' reports render here while the run-last notebook executes
                for rendered, result in deferred.pop(plan.scenario, []):
                    render_report(rendered, result)

        def advance(plan: ScenarioPlan) -> None:
            for name, nb_plan in list(waiting[plan.scenario].items()):
                ready = graph[plan.scenario][name].after <= statuses[plan.scenario].keys()
                if ready and name in waiting[plan.scenario]:
                    del waiting[plan.scenario][name]
                    submit(plan, nb_plan)

        def finish(task: NotebookTask, result: NotebookResult) -> None:
            plan = by_name[task.scenario]
            spec = next(n.spec for n in plan.notebooks if n.spec.name == task.notebook)
            if result.status == "succeeded" and spec.key_figures:  # the index page's, made while others run
                prepare_thumbnail(stages[plan.scenario] / spec.name / spec.key_figures[0])
            results[task.scenario].append(result)
            statuses[task.scenario][task.notebook] = result.status
            if not task.render:
                deferred.setdefault(task.scenario, []).append((task, result))
            on_event("done", task.scenario, f"{task.notebook}:{result.status}")
            advance(plan)
            if len(statuses[task.scenario]) == len(plan.notebooks):
                stage, done = stages[plan.scenario], results[plan.scenario]
                linked = {name: p for name, (p, _) in ran[plan.scenario].items()}
                records = [r for _, rs in ran[plan.scenario].values() for r in rs]
                try:
                    outcomes[plan.scenario] = _finish_scenario(
                        plan, stage, done, out_root, facts, started_at, linked, records
                    )
                except OSError as exc:
                    outcomes[plan.scenario] = _write_failure(plan, stage, done, out_root, exc)

        def collect(future: cf.Future[NotebookResult]) -> None:
            task = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                result = NotebookResult(
                    task.scenario, task.notebook, error=f"worker crashed: {_error_line(exc)}"
                )
            finish(task, result)

        try:
            for plan in plans:
                advance(plan)
            while futures:
                done, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
                for future in done:
                    collect(future)
        except BaseException:  # Ctrl-C, SIGTERM: cancel the queue and stop the running kernels at once
            if isinstance(pool, cf.ProcessPoolExecutor):
                execution.stop_workers(pool)
            else:  # a Dask executor: cancel its futures; the cluster closes on leaving _pool
                pool.shutdown(wait=False)
            raise
    return [outcomes[p.scenario] for p in plans]
