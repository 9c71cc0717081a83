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
              load once, in this process, before the workers fork (see talentlib.execution)
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
import re
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat

from talentlib import __version__, catalog, execution, publishing
from talentlib.config import project_dir
from talentlib.errors import ParamsError, RunConflictError
from talentlib.execution import KERNEL_NAME
from talentlib.params import (
    load_params_file,
    parse_yaml_text,
    scenario_description,
    validate_params,
)
from talentlib.report import read_json_object, write_json
from talentlib.spec import NotebookSpec

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
# Planning (validation only — nothing is written)


@dataclass(frozen=True)
class NotebookPlan:
    """One notebook of one scenario, with validated parameters."""

    spec: NotebookSpec
    params: dict[str, Any]
    source: str


@dataclass(frozen=True)
class ScenarioPlan:
    """A validated scenario ready to run."""

    scenario: str
    description: str
    notebooks: tuple[NotebookPlan, ...]


def parse_override(text: str) -> tuple[str, list[str], Any]:
    """Parse ``NOTEBOOK.KEY[.SUBKEY…]=VALUE`` (VALUE is YAML/JSON: ``10``, ``0.5``, ``[0.1, 0.2]``, ``'"text"'``).

    Returns:
        (notebook, key path, value).

    Raises:
        ParamsError: If the text is not of that shape.
    """
    target, sep, raw = text.partition("=")
    parts = target.strip().split(".")
    if not sep or len(parts) < 2 or not all(parts):
        raise ParamsError(
            [f"--set {text!r}: expected NOTEBOOK.KEY=VALUE, e.g. market_sizing.horizon_years=10"]
        )
    value = parse_yaml_text(raw, f"--set {target}")
    return parts[0], parts[1:], value


def _apply_override(values: dict[str, Any], path: list[str], value: Any, label: str) -> None:
    node = values
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            raise ParamsError([f"--set {label}: '{key}' is not a mapping parameter"])
        node[key] = child = dict(child)
        node = child
    node[path[-1]] = value


def blame_overrides(
    problems: Sequence[str], file_source: str, overrides: Sequence[tuple[list[str], str]]
) -> list[str]:
    """Attribute validation problems about an overridden key to its ``--set``, not to the params file.

    Args:
        problems: Lines ``<file_source>: key 'a.b': …`` from :func:`talentlib.params.validate_params`.
        file_source: The source those lines start with.
        overrides: ``(key path, label)`` of each ``--set`` applied to this notebook.
    """
    out = []
    for line in problems:
        match = re.match(rf"^{re.escape(file_source)}: key '([^']*)'", line)
        key = match.group(1) if match else None
        label = next(
            (
                lbl
                for path, lbl in reversed(overrides)
                if key is not None and (key == ".".join(path) or key.startswith(".".join(path) + "."))
            ),
            None,
        )
        out.append(f"--set {label}{line[len(file_source) :]}" if label else line)
    return out


def plan_scenario(
    scenario: str,
    notebooks: Sequence[str] | None = None,
    overrides: Sequence[str] = (),
    run_name: str | None = None,
) -> ScenarioPlan:
    """Validate one scenario: every params file and override, through each notebook's schema.

    Args:
        scenario: Scenario name (``params/*/<scenario>.yaml``).
        notebooks: Subset of notebooks to run (default: all).
        overrides: ``NOTEBOOK.KEY=VALUE`` strings.
        run_name: Publish under this name instead of ``scenario`` (sweeps generate one per combination).

    Returns:
        The plan.

    Raises:
        ParamsError: Listing every problem found (file, key, expected, given).
    """
    catalog.check_scenario_name(scenario)
    files = catalog.scenario_files(scenario)
    if not files:
        known = ", ".join(catalog.scenarios()) or "none"
        raise ParamsError(
            [f"scenario '{scenario}': no params/<notebook>/{scenario}.yaml file found (scenarios: {known})"]
        )
    selected = list(notebooks) if notebooks else list(catalog.specs())
    problems: list[str] = []
    specs = []
    for name in selected:
        try:
            specs.append(catalog.spec(name))
        except ParamsError as exc:
            problems += exc.problems
    parsed_overrides = []
    for text in overrides:
        try:
            nb, path, value = parse_override(text)
            catalog.spec(nb)
            parsed_overrides.append((nb, path, value, text.partition("=")[0]))
        except ParamsError as exc:
            problems += exc.problems
    plans = []
    for spec in specs:
        path = files.get(spec.name)
        try:
            values = load_params_file(path) if path else {}
            source = str(path.relative_to(project_dir())) if path else "schema defaults"
            for nb, key_path, value, label in parsed_overrides:
                if nb == spec.name:
                    _apply_override(values, key_path, value, label)
                    source += f" + --set {label}"
            file_source = str(path.relative_to(project_dir())) if path else spec.name
            try:
                params = validate_params(spec.params_model, values, file_source)
            except ParamsError as exc:
                labels = [(p, label) for nb, p, _, label in parsed_overrides if nb == spec.name]
                raise ParamsError(blame_overrides(exc.problems, file_source, labels)) from None
            if spec.validate_inputs is not None:
                spec.validate_inputs(params)
            plans.append(NotebookPlan(spec=spec, params=params.model_dump(mode="json"), source=source))
        except ParamsError as exc:
            problems += exc.problems
    if problems:
        raise ParamsError(problems)
    description = next((scenario_description(p) for p in files.values() if scenario_description(p)), "")
    if run_name is not None:
        catalog.check_scenario_name(run_name)
        description = f"{description} [{scenario} with: {'; '.join(overrides) or 'no overrides'}]".strip()
    return ScenarioPlan(scenario=run_name or scenario, description=description, notebooks=tuple(plans))


# ---------------------------------------------------------------------------------------------------------
# Execution (runs in worker processes)


@dataclass(frozen=True)
class NotebookTask:
    """Everything a worker needs to execute and render one notebook."""

    scenario: str
    notebook: str
    title: str
    params: dict[str, Any]
    input_path: str
    stage_dir: str
    timeout_seconds: int
    artifacts: tuple[str, ...]
    meta: tuple[str, ...]
    #: False: leave the HTML report to :func:`render_report`, which the runner calls in its own process while
    #: the run-last notebooks (the executive summary) execute — a core that would otherwise sit idle.
    render: bool = True


@dataclass
class NotebookResult:
    """Outcome of one notebook."""

    scenario: str
    notebook: str
    status: str = "failed"
    duration_s: float = 0.0
    error: str = ""
    report: str = ""
    executed: str = ""


#: A cell printing more than this many characters is a fault (a runaway loop), not a report.
MAX_CELL_OUTPUT_CHARS = 5_000_000


_EMBEDDED_IMAGE = re.compile(r"data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\s]+")


def _output_chars(cell: nbformat.NotebookNode) -> int:
    """Characters of text a cell printed or displayed; embedded images (PNG outputs, data: URIs) do not count."""
    total = 0
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        total += len(text) if isinstance(text, str) else sum(len(t) for t in text)
        for mime, value in output.get("data", {}).items():
            if mime.startswith("image/") or not isinstance(value, str):
                continue
            total += len(_EMBEDDED_IMAGE.sub("", value)) if "data:image/" in value else len(value)
    return total


def notebook_problems(nb: nbformat.NotebookNode) -> list[str]:
    """Why an executed notebook is not a complete run (empty list = complete).

    Checks that every code cell was executed, that no cell holds an error output — a ``sys.exit(0)``, a dead
    kernel or a timeout can leave a notebook that looks finished — and that no cell flooded its output.
    """
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        chars = _output_chars(cell)
        if chars > MAX_CELL_OUTPUT_CHARS:
            problems.append(
                f"cell {index + 1}: output flood ({chars / 1e6:.1f} MB of output; limit {MAX_CELL_OUTPUT_CHARS / 1e6:.0f} MB)"
            )
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(
                    f"cell {index + 1}: {output.get('ename', 'error')}: {str(output.get('evalue', ''))[:300]}"
                )
        if cell.get("execution_count") is None and cell.source.strip():
            problems.append(f"cell {index + 1} was never executed (the run stopped early)")
            break
    return problems


def _error_line(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "PapermillExecutionError":
        return f"cell {getattr(exc, 'exec_count', '?')}: {getattr(exc, 'ename', '')}: {str(getattr(exc, 'evalue', ''))[:300]}"
    if name == "CellTimeoutError":
        return "a cell exceeded the execution timeout"
    if name == "DeadKernelError":
        return "the kernel died (killed, or out of memory)"
    text = str(exc).strip().splitlines()
    return f"{name}: {text[0][:300] if text else ''}"


KERNEL_START_ATTEMPTS = 3
#: Errors that mean the kernel never came up (worth a retry), e.g. two kernels colliding on a port.
STARTUP_FAILURE = re.compile(
    r"Address already in use|ZMQError|Kernel didn't respond|Kernel died before replying", re.I
)


def _never_started(executed: Path) -> bool:
    """True if no cell of the output notebook ran (the failure happened while starting the kernel)."""
    if not executed.exists():
        return True
    try:
        nb = nbformat.read(executed, as_version=4)
    except (OSError, ValueError):
        return True
    return all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def _papermill(pm: Any, task: NotebookTask, executed: Path, parameters: dict[str, Any]) -> list[str]:
    try:
        with execution.batch_environment():
            pm.execute_notebook(
                task.input_path,
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL_NAME,
                cwd=str(project_dir()),
                execution_timeout=task.timeout_seconds,
                start_timeout=120,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=True,
                engine_name=execution.register_engine(),
                kernel_manager_class=execution.quick_shutdown_kernel_manager(),
                extra_arguments=list(execution.KERNEL_ARGUMENTS),
            )
    except BaseException as exc:
        return [_error_line(exc)]
    return []


def execute_task(task: NotebookTask) -> NotebookResult:
    """Execute one notebook into its staging folder, verify it, and render its HTML report (unless deferred).

    Never raises: every failure is reported in the result and the executed notebook, if any, is kept as
    ``FAILED-<notebook>.ipynb``.
    """
    import papermill as pm

    started = time.perf_counter()
    result = NotebookResult(scenario=task.scenario, notebook=task.notebook)
    nb_dir = Path(task.stage_dir) / task.notebook
    nb_dir.mkdir(parents=True, exist_ok=True)
    executed = nb_dir / f"{task.notebook}.ipynb"
    parameters = dict(task.params, output_dir=str(nb_dir))
    problems: list[str] = []
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        problems = _papermill(pm, task, executed, parameters)
        retry = problems and STARTUP_FAILURE.search(problems[0]) and _never_started(executed)
        if not retry or attempt == KERNEL_START_ATTEMPTS:
            break
        executed.unlink(missing_ok=True)  # the kernel failed to start (e.g. a port collision): try again
    nb = None
    try:
        if executed.exists():
            nb = nbformat.read(executed, as_version=4)
            if not problems:
                problems += notebook_problems(nb)
        elif not problems:
            problems.append("papermill wrote no output notebook")
    except Exception as exc:
        problems.append(f"unreadable output notebook: {_error_line(exc)}")
    missing = [rel for rel in task.artifacts if not (nb_dir / rel).is_file()]
    if missing and not problems:
        problems.append("missing artifacts: " + ", ".join(missing))
    if not problems:
        result.status = "succeeded"
        result.executed = f"{task.notebook}/{executed.name}"
        if task.render:
            problems = _render(task, result, nb)
    if problems:
        _mark_failed(task, result, problems)
    result.duration_s = round(time.perf_counter() - started, 2)
    return result


def render_report(task: NotebookTask, result: NotebookResult) -> NotebookResult:
    """Render the HTML report of a notebook executed with ``task.render`` False (updates ``result``).

    A rendering failure turns the result into a failure, exactly as when the worker renders.
    """
    if result.status != "succeeded" or result.report:
        return result
    started = time.perf_counter()
    problems = _render(task, result)
    if problems:
        _mark_failed(task, result, problems)
    result.duration_s = round(result.duration_s + time.perf_counter() - started, 2)
    return result


def _render(task: NotebookTask, result: NotebookResult, nb: nbformat.NotebookNode | None = None) -> list[str]:
    """Write ``<notebook>.html`` from the executed notebook; returns problems (empty on success)."""
    from talentlib.rendering import notebook_to_html

    nb_dir = Path(task.stage_dir) / task.notebook
    try:
        nb = nb if nb is not None else nbformat.read(nb_dir / f"{task.notebook}.ipynb", as_version=4)
        html_path = nb_dir / f"{task.notebook}.html"
        html_path.write_text(notebook_to_html(nb, task.title, task.meta), encoding="utf-8")
    except Exception as exc:
        return [f"rendering failed: {_error_line(exc)}"]
    result.report = f"{task.notebook}/{html_path.name}"
    return []


def _mark_failed(task: NotebookTask, result: NotebookResult, problems: list[str]) -> None:
    """Record the failure, drop any report, keep the executed notebook as ``FAILED-<notebook>.ipynb``."""
    nb_dir = Path(task.stage_dir) / task.notebook
    result.status = "failed"
    result.report = ""
    result.error = problems[0] if len(problems) == 1 else f"{problems[0]} (+{len(problems) - 1} more)"
    for stale in nb_dir.glob("*.html"):
        stale.unlink()
    executed = nb_dir / f"{task.notebook}.ipynb"
    if executed.exists():
        evidence = nb_dir / f"FAILED-{task.notebook}.ipynb"
        executed.replace(evidence)
        result.executed = f"{task.notebook}/{evidence.name}"


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
        publishing.recover(out_root / scenario)
        for stale in publishing.stale_stages(out_root, scenario):
            publishing.remove_tree(stale)
    publishing.check_targets(out_root / s for s in scenarios)


def publish(stage: Path, target: Path) -> None:
    """Publish a staged run (see :func:`talentlib.publishing.publish`)."""
    publishing.publish(stage, target)


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
) -> ScenarioOutcome:
    from talentlib.rendering import index_html
    from talentlib.report import format_metric

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
                "error": result.error,
                "headlines": [
                    (h.label, format_metric(metrics.get(h.key), h.unit))
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
    manifest = {
        "scenario": plan.scenario,
        "description": plan.description,
        "status": "succeeded" if ok else "failed",
        "started_at": started_at,
        "finished_at": _now(),
        "git_commit": facts["git_commit"],
        "versions": facts["versions"],
        "jobs": facts["jobs"],
        "notebooks": {
            nb_plan.spec.name: {
                **asdict(by_name[nb_plan.spec.name]),
                "params_source": nb_plan.source,
                "params": nb_plan.params,
            }
            for nb_plan in plan.notebooks
        },
        "artifacts": sha256_tree(stage),
    }
    write_json(manifest, stage / "run.json")
    error = ""
    if ok:
        target = out_root / plan.scenario
        try:
            publish(stage, target)
            return ScenarioOutcome(plan.scenario, "succeeded", str(target), list(results))
        except OSError as exc:
            error = f"not published, {target} left as it was: {exc}"
    target = failed_dir(out_root, plan.scenario)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(stage, target)
    return ScenarioOutcome(plan.scenario, "failed", str(target), list(results), error)


def _finish_or_keep_evidence(
    plan: ScenarioPlan,
    stage: Path,
    results: Sequence[NotebookResult],
    out_root: Path,
    facts: Mapping[str, Any],
    started_at: str,
) -> ScenarioOutcome:
    """:func:`_finish_scenario`, turning a write failure (full disk, read-only folder) into a failed outcome.

    The staged run moves to ``_failed`` as evidence when it can, and is removed when even that fails; the
    published run is never touched.
    """
    try:
        return _finish_scenario(plan, stage, results, out_root, facts, started_at)
    except OSError as exc:
        where = exc.filename or stage
        error = f"cannot write {where}: {exc.strerror or exc}; {out_root / plan.scenario} left as it was"
        kept = failed_dir(out_root, plan.scenario)
        try:
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
) -> list[ScenarioOutcome]:
    """Execute validated scenarios in parallel and publish each one.

    Args:
        plans: Output of :func:`plan_scenario`.
        out_root: Outputs folder (``outputs/`` by default).
        jobs: Notebooks executed at once (worker processes).
        on_event: Called with ``(event, scenario, notebook)`` for ``start`` and ``done`` (progress display).
        timeout_seconds: Per-cell timeout for every notebook (default: each notebook's own).

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
            return _execute(plans, stages, out_root, jobs, facts, started_at, on_event or (lambda *_: None))
        except BaseException:  # interrupted or crashed: nothing half-made is left behind
            for stage in stages.values():
                publishing.remove_tree(stage)
            raise


def _task(
    plan: ScenarioPlan,
    nb_plan: NotebookPlan,
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
        params=nb_plan.params,
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


def _execute(
    plans: Sequence[ScenarioPlan],
    stages: Mapping[str, Path],
    out_root: Path,
    jobs: int,
    facts: Mapping[str, Any],
    started_at: str,
    on_event: ProgressCallback,
) -> list[ScenarioOutcome]:
    first = [(p, n) for p in plans for n in p.notebooks if not n.spec.runs_last]
    last = {p.scenario: [n for n in p.notebooks if n.spec.runs_last] for p in plans}
    pending_first = {p.scenario: sum(1 for n in p.notebooks if not n.spec.runs_last) for p in plans}
    results: dict[str, list[NotebookResult]] = {p.scenario: [] for p in plans}
    outstanding = {p.scenario: len(p.notebooks) for p in plans}
    outcomes: dict[str, ScenarioOutcome] = {}
    by_name = {p.scenario: p for p in plans}
    runs_last = {(p.scenario, n.spec.name): n.spec.runs_last for p in plans for n in p.notebooks}
    execution.preload()  # imports and the report template, inherited by the forked workers
    context = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(
        max_workers=max(1, jobs), mp_context=context, initializer=execution.init_worker
    ) as pool:
        futures: dict[cf.Future[NotebookResult], NotebookTask] = {}
        deferred: dict[str, list[tuple[NotebookTask, NotebookResult]]] = {}

        def submit_last(plan: ScenarioPlan) -> None:
            if last[plan.scenario]:
                write_run_status(plan, stages[plan.scenario], results[plan.scenario], facts, started_at)
            for nb_plan in last[plan.scenario]:
                submit(plan, nb_plan)
            for task, result in deferred.pop(plan.scenario, []):  # while the run-last notebooks execute
                render_report(task, result)

        def submit(plan: ScenarioPlan, nb_plan: NotebookPlan) -> None:
            defer = bool(last[plan.scenario]) and not nb_plan.spec.runs_last
            task = _task(plan, nb_plan, stages[plan.scenario], facts, started_at, render=not defer)
            futures[pool.submit(execute_task, task)] = task
            on_event("start", plan.scenario, nb_plan.spec.name)

        def collect(future: cf.Future[NotebookResult]) -> None:
            task = futures.pop(future)
            try:
                result = future.result()
            except Exception as exc:
                result = NotebookResult(
                    task.scenario, task.notebook, error=f"worker crashed: {_error_line(exc)}"
                )
            results[task.scenario].append(result)
            if not task.render:
                deferred.setdefault(task.scenario, []).append((task, result))
            on_event("done", task.scenario, f"{task.notebook}:{result.status}")
            outstanding[task.scenario] -= 1
            if not runs_last[(task.scenario, task.notebook)]:
                pending_first[task.scenario] -= 1
                if pending_first[task.scenario] == 0:
                    submit_last(by_name[task.scenario])
            if outstanding[task.scenario] == 0:
                plan = by_name[task.scenario]
                outcomes[plan.scenario] = _finish_or_keep_evidence(
                    plan, stages[plan.scenario], results[plan.scenario], out_root, facts, started_at
                )

        try:
            for plan, nb_plan in first:
                submit(plan, nb_plan)
            for plan in plans:
                if pending_first[plan.scenario] == 0:
                    submit_last(plan)
            while futures:
                done, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
                for future in done:
                    collect(future)
        except BaseException:  # Ctrl-C, SIGTERM: cancel the queue and stop the running kernels at once
            execution.stop_workers(pool)
            raise
    return [outcomes[p.scenario] for p in plans]
