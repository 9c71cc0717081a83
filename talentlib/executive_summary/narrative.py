"""What the brief says: findings and recommendations quoted from the analyses, the heading, headline formatting."""

from __future__ import annotations

import html
from typing import Any

from talentlib.executive_summary.model import RunDigest
from talentlib.executive_summary.schema import ExecutiveSummaryParams


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


def title_html(params: ExecutiveSummaryParams, digest: RunDigest) -> str:
    """The brief's heading line (user text escaped)."""
    org = html.escape(params.organisation_name) if params.organisation_name else "Your organisation"
    done, total = len(digest.succeeded), len(digest.notebooks)
    return f"<p><strong>{org}</strong> — AI talent brief from {done} of {total} analyses in this run.</p>"
