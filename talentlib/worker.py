"""What a worker process does with one notebook: execute it with papermill, verify it, render its report.

Success is decided from the run itself — no exception, every code cell executed without an error output, no
output flood, every contract artifact present — never from the notebook's metadata alone.
"""

from __future__ import annotations

import os
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from talentlib import execution
from talentlib.config import project_dir
from talentlib.execution import KERNEL_NAME


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
    #: ``host:pid`` of the process that executed the notebook (on a cluster: which worker ran it, last).
    worker: str = ""
    #: How its kernel was started there: ``prefork`` or ``plain`` (what the executing worker did, which on a
    #: cluster of ``talentlib worker`` processes is their ``--engine``, not the submitting command's).
    engine: str = ""


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
    from talentlib.kernels.client import take_cause, take_launch

    take_cause()  # forget a cause and a launch left by an earlier notebook of this worker
    take_launch()
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
                kernel_manager_class=execution.kernel_manager_class(),
                extra_arguments=list(execution.KERNEL_ARGUMENTS),
            )
    except BaseException as exc:
        return [take_cause() or _error_line(exc)]  # the zygote's reason (e.g. memory) beats "the kernel died"
    return []


def execute_task(task: NotebookTask) -> NotebookResult:
    """Execute one notebook into its staging folder, verify it, and render its HTML report (unless deferred).

    Never raises: every failure is reported in the result and the executed notebook, if any, is kept as
    ``FAILED-<notebook>.ipynb``.
    """
    import papermill as pm

    from talentlib.kernels.client import take_launch

    started = time.perf_counter()
    result = NotebookResult(
        scenario=task.scenario, notebook=task.notebook, worker=f"{socket.gethostname()}:{os.getpid()}"
    )
    nb_dir = Path(task.stage_dir) / task.notebook
    nb_dir.mkdir(parents=True, exist_ok=True)
    executed = nb_dir / f"{task.notebook}.ipynb"
    parameters = dict(task.params, output_dir=str(nb_dir))
    problems: list[str] = []
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        problems = _papermill(pm, task, executed, parameters)
        result.engine = take_launch()
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
