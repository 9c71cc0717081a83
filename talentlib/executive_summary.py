"""Executive summary: a one-page brief built from a run's ``metrics.json`` files — nothing is recomputed.

It runs last in a scenario. For each analysis notebook it reads the status (``metrics.json`` present and no
``FAILED-*.ipynb`` → succeeded), the headline metrics declared in the notebook's :class:`~talentlib.spec.NotebookSpec`,
its computed ``findings`` and ``recommendations``, and its key figures. A failed or missing notebook is stated plainly.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd
from pydantic import Field

from talentlib import reference
from talentlib.config import outputs_dir
from talentlib.params import NotebookParams
from talentlib.report import figure_html, fmt_money, fmt_num, fmt_pct, fmt_ratio, read_json_object
from talentlib.spec import Headline, NotebookSpec

RUN_STATUS_FILE = "run_status.json"


class ExecutiveSummaryParams(NotebookParams):
    """Parameters of ``notebooks/executive_summary.ipynb``."""

    notebook: ClassVar[str] = "executive_summary"

    run_dir: str = Field(
        "", description="run folder to summarise; empty means the folder holding this output folder"
    )
    organisation_name: str = Field(
        "", max_length=200, description="organisation named in the brief (optional)"
    )
    max_charts: int = Field(4, ge=0, le=8, description="key charts shown (3 to 5 is best)")


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


def format_headline(value: Any, headline: Headline) -> str:
    """Format a metric by its declared unit."""
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return {"money": fmt_money, "pct": fmt_pct, "ratio": fmt_ratio}.get(headline.unit, fmt_num)(value)
    return str(value)


def headline_table(digest: RunDigest) -> pd.DataFrame:
    """Headline metrics of every succeeded notebook: ``report, metric, value``."""
    rows = [
        {"report": n.spec.title, "metric": h.label, "value": format_headline(n.metrics.get(h.key), h)}
        for n in digest.succeeded
        for h in n.spec.headlines
        if h.key in n.metrics
    ]
    return pd.DataFrame(rows, columns=["report", "metric", "value"])


def status_table(digest: RunDigest) -> pd.DataFrame:
    """Status of every analysis notebook: ``report, status, detail``."""
    return pd.DataFrame(
        [{"report": n.spec.title, "status": n.status, "detail": n.error} for n in digest.notebooks],
        columns=["report", "status", "detail"],
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


def findings(digest: RunDigest) -> list[str]:
    """Headline findings across reports, failures first and stated plainly."""
    out = [
        f"{n.spec.title}: {n.status.upper()} in this run ({n.error}). Its numbers are missing from this brief."
        for n in digest.failed
        if n.status == "failed"
    ]
    for n in digest.succeeded:
        out += [f"{n.spec.title}: {text}" for text in _strings(n.metrics.get("findings"))[:3]]
    return out


def recommendations(digest: RunDigest) -> list[str]:
    """Recommendations computed by the analysis notebooks (each with its numbers)."""
    return [
        f"{n.spec.title}: {text}"
        for n in digest.succeeded
        for text in _strings(n.metrics.get("recommendations"))[:3]
    ]


def key_charts_html(digest: RunDigest, max_charts: int) -> list[str]:
    """Embedded key figures of the succeeded notebooks (at most ``max_charts``)."""
    charts = []
    for n in digest.succeeded:
        for rel in n.spec.key_figures:
            path = digest.run_dir / n.spec.name / rel
            if path.is_file() and len(charts) < max_charts:
                name = Path(rel).stem.replace("_", " ")
                charts.append(
                    figure_html(
                        path.read_bytes(),
                        alt=f"Chart from the {n.spec.title} report: {name}",
                        caption=f"From the {n.spec.title} report ({name}); sources and assumptions are listed in that report.",
                    )
                )
    return charts


def assumptions_table(digest: RunDigest) -> pd.DataFrame:
    """Every sourced figure and assumption used by the succeeded notebooks."""
    ids = [fid for n in digest.succeeded for fid in n.spec.figures]
    return (
        reference.sources_table(ids) if ids else pd.DataFrame(columns=["figure", "kind", "value", "source"])
    )


def assumptions_html(digest: RunDigest) -> str:
    """Counts of article claims, public figures and our assumptions, with the full sourced list folded away."""
    from talentlib.report import table_html

    table = assumptions_table(digest)
    if table.empty:
        return "<p>No analysis succeeded, so no figures were used.</p>"
    counts = table["kind"].value_counts()
    summary = ", ".join(
        f"{counts.get(kind, 0)} {label}"
        for kind, label in (
            ("article", "claims of the source article (a vendor blog, used as defaults)"),
            ("public", "public statistics"),
            ("assumption", "modelling assumptions of ours, labelled as such"),
        )
    )
    article = table[table["kind"] == "article"][["figure", "value", "unit", "source"]]
    return (
        f"<p>This run used {len(table)} sourced figures: {html.escape(summary)}.</p>"
        + table_html(
            article,
            caption="The article's claims used as defaults; each report sets them beside public data.",
        )
        + f"<details><summary>All {len(table)} figures with their sources (click to expand)</summary>"
        + table_html(table, max_rows=len(table))
        + "</details>"
    )


def run_metadata(digest: RunDigest, params: ExecutiveSummaryParams) -> pd.DataFrame:
    """Run facts for the reviewer: scenario, description, commit, start time, versions."""
    ctx = digest.context
    rows = [
        ("organisation", params.organisation_name or "(not set)"),
        ("scenario", ctx.get("scenario", "ad hoc (not run by talentlib)")),
        ("description", ctx.get("description", "")),
        ("run started (UTC)", ctx.get("started_at", "")),
        ("git commit", ctx.get("git_commit", "")),
    ]
    rows += [(f"version: {k}", v) for k, v in sorted(ctx.get("versions", {}).items())]
    return pd.DataFrame(rows, columns=["fact", "value"])


def title_html(params: ExecutiveSummaryParams, digest: RunDigest) -> str:
    """The brief's heading line (user text escaped)."""
    org = html.escape(params.organisation_name) if params.organisation_name else "Your organisation"
    done, total = len(digest.succeeded), len(digest.notebooks)
    return f"<p><strong>{org}</strong> — AI talent brief from {done} of {total} analyses in this run.</p>"


def summary_metrics(digest: RunDigest) -> dict[str, Any]:
    """Metrics of the summary itself."""
    return {
        "notebooks_succeeded": [n.spec.name for n in digest.succeeded],
        "notebooks_failed": [n.spec.name for n in digest.notebooks if n.status == "failed"],
        "notebooks_not_run": [n.spec.name for n in digest.notebooks if n.status == "not run"],
        "complete": not digest.failed,
    }


SPEC = NotebookSpec(
    name="executive_summary",
    title="Executive summary",
    question="What does this run say, on one page: the gap, pay, strategy and leadership — with sources and caveats?",
    params_model=ExecutiveSummaryParams,
    artifacts=("metrics.json", "tables/headlines.csv", "tables/status.csv"),
    headlines=(),
    timeout_seconds=120,
    runs_last=True,
)
