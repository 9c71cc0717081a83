"""Read a run from disk: each analysis's status, metrics and findings. Nothing is recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentlib.config import outputs_dir
from talentlib.executive_summary.schema import ExecutiveSummaryParams
from talentlib.report import read_json_object
from talentlib.spec import SYNTHETIC_METRIC, NotebookSpec

RUN_STATUS_FILE = "run_status.json"


@dataclass
class NotebookStatus:
    """What one analysis notebook produced in the run."""

    spec: NotebookSpec
    status: str
    error: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunDigest:
    """Everything the brief shows, read from disk."""

    run_dir: Path
    context: dict[str, Any]
    notebooks: list[NotebookStatus]

    @property
    def succeeded(self) -> list[NotebookStatus]:
        """Notebooks that completed."""
        return [n for n in self.notebooks if n.status == "succeeded"]

    @property
    def failed(self) -> list[NotebookStatus]:
        """Notebooks that failed or did not run."""
        return [n for n in self.notebooks if n.status != "succeeded"]


def resolve_run_dir(params: ExecutiveSummaryParams) -> Path:
    """The folder holding the run's notebook folders."""
    if params.run_dir:
        return Path(params.run_dir).resolve()
    if params.output_dir:
        return Path(params.output_dir).resolve().parent
    return outputs_dir() / "adhoc"


def collect_run(run_dir: Path, specs: list[NotebookSpec]) -> RunDigest:
    """Read the run's statuses and metrics.

    Args:
        run_dir: Folder with ``<notebook>/metrics.json`` (and ``run_status.json`` when run by talentlib).
        specs: The analysis notebooks to look for.

    Returns:
        The digest.
    """
    context = read_json_object(run_dir / RUN_STATUS_FILE)
    statuses = context.get("notebooks", {})
    notebooks = []
    for spec in specs:
        folder = run_dir / spec.name
        known = statuses.get(spec.name, {})
        metrics_path = folder / "metrics.json"
        if (folder / f"FAILED-{spec.name}.ipynb").exists() or known.get("status") == "failed":
            notebooks.append(NotebookStatus(spec, "failed", known.get("error", "the notebook failed")))
        elif metrics_path.is_file() and known.get("status", "succeeded") == "succeeded":
            notebooks.append(NotebookStatus(spec, "succeeded", metrics=read_json_object(metrics_path)))
        else:
            notebooks.append(NotebookStatus(spec, "not run", "not part of this run"))
    return RunDigest(run_dir=run_dir, context=context, notebooks=notebooks)


def is_synthetic(status: NotebookStatus) -> bool:
    """Whether an analysis of the run rests on a bundled synthetic sample (its ``metrics.json`` says so)."""
    return bool(status.metrics.get(SYNTHETIC_METRIC, False))


def synthetic_titles(digest: RunDigest) -> list[str]:
    """Titles of the analyses in this run whose results come from bundled synthetic samples."""
    return [n.spec.title for n in digest.succeeded if is_synthetic(n)]


def summary_metrics(digest: RunDigest) -> dict[str, Any]:
    """Metrics of the summary itself."""
    return {
        "notebooks_succeeded": [n.spec.name for n in digest.succeeded],
        "notebooks_failed": [n.spec.name for n in digest.notebooks if n.status == "failed"],
        "notebooks_not_run": [n.spec.name for n in digest.notebooks if n.status == "not run"],
        "complete": not digest.failed,
        "synthetic_analyses": synthetic_titles(digest),
    }
