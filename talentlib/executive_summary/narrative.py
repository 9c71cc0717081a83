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


def data_basis(digest: RunDigest, figure_kinds: dict[str, int]) -> list[str]:
    """What this run's numbers rest on: the sourced figures by kind, and whose people data each analysis read.

    Args:
        digest: The run.
        figure_kinds: Count of the figures used per kind (``article``, ``public``, ``assumption``).

    Returns:
        Sentences for the answer block; empty when no analysis succeeded.
    """
    if not digest.succeeded:
        return []
    out = [
        f"{sum(figure_kinds.values())} sourced figures: {figure_kinds.get('article', 0)} claims of the source article "
        f"(a vendor blog, used as defaults), {figure_kinds.get('public', 0)} public statistics, "
        f"{figure_kinds.get('assumption', 0)} assumptions of ours (labelled, with ranges)."
    ]
    for n in digest.succeeded:
        synthetic = n.metrics.get("synthetic_sample")
        source = n.metrics.get("responses_source")
        if isinstance(synthetic, bool):
            whose = "the bundled SYNTHETIC employee sample" if synthetic else "your employee file"
            out.append(f"{n.spec.title}: pay positions computed on {whose}.")
        elif isinstance(source, str) and source:
            out.append(f"{n.spec.title}: survey answers from {source[0].lower() + source[1:]}.")
    return out
