"""Executive summary: a one-page brief built from a run's ``metrics.json`` files — nothing is recomputed.

It runs last in a scenario. For each analysis notebook it reads the status (``metrics.json`` present and no
``FAILED-*.ipynb`` → succeeded), the headline metrics declared in the notebook's :class:`~talentlib.spec.NotebookSpec`,
its computed ``findings`` and ``recommendations``, and its key figures. A failed or missing notebook is stated plainly.
"""

from __future__ import annotations

from talentlib.executive_summary.model import (
    RUN_STATUS_FILE,
    NotebookStatus,
    RunDigest,
    collect_run,
    resolve_run_dir,
    summary_metrics,
)
from talentlib.executive_summary.narrative import data_basis, findings, recommendations, title_html
from talentlib.executive_summary.schema import ExecutiveSummaryParams
from talentlib.executive_summary.views import (
    assumptions_html,
    assumptions_table,
    figure_kinds,
    headline_table,
    key_charts_html,
    run_metadata,
    status_table,
)
from talentlib.spec import NotebookSpec

__all__ = [
    "RUN_STATUS_FILE",
    "SPEC",
    "ExecutiveSummaryParams",
    "NotebookStatus",
    "RunDigest",
    "assumptions_html",
    "assumptions_table",
    "collect_run",
    "data_basis",
    "figure_kinds",
    "findings",
    "headline_table",
    "key_charts_html",
    "recommendations",
    "resolve_run_dir",
    "run_metadata",
    "status_table",
    "summary_metrics",
    "title_html",
]

SPEC = NotebookSpec(
    title="Executive summary",
    question="What does this run say, on one page: the gap, pay, strategy and leadership — with sources and caveats?",
    params_model=ExecutiveSummaryParams,
    artifacts=("metrics.json", "tables/headlines.csv", "tables/status.csv"),
    headlines=(),
    timeout_seconds=120,
    runs_last=True,
)
