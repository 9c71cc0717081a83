"""The brief's tables and embedded charts."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from talentlib import reference
from talentlib.executive_summary.model import RunDigest
from talentlib.executive_summary.schema import ExecutiveSummaryParams
from talentlib.report import figure_html, format_metric


def headline_table(digest: RunDigest) -> pd.DataFrame:
    """Headline metrics of every succeeded notebook: ``report, metric, value``."""
    rows = [
        {"report": n.spec.title, "metric": h.label, "value": format_metric(n.metrics.get(h.key), h.unit)}
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


def figure_kinds(digest: RunDigest) -> dict[str, int]:
    """How many of the figures used in the run are article claims, public statistics and assumptions."""
    table = assumptions_table(digest)
    return {str(k): int(v) for k, v in table["kind"].value_counts().items()} if not table.empty else {}
