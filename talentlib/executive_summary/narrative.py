"""What the brief says: findings and recommendations quoted from the analyses, the heading, headline formatting."""

from __future__ import annotations

import html
from typing import Any

from talentlib.executive_summary.model import NotebookStatus, RunDigest, is_synthetic, synthetic_titles
from talentlib.executive_summary.schema import ExecutiveSummaryParams


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []


def _source(status: NotebookStatus) -> str:
    return f"{status.spec.title} (synthetic sample)" if is_synthetic(status) else status.spec.title


def findings(digest: RunDigest) -> list[str]:
    """Headline findings across reports, failures first and stated plainly; synthetic ones marked."""
    out = [
        f"{n.spec.title}: {n.status.upper()} in this run ({n.error}). Its numbers are missing from this brief."
        for n in digest.failed
        if n.status == "failed"
    ]
    for n in digest.succeeded:
        out += [f"{_source(n)}: {text}" for text in _strings(n.metrics.get("findings"))[:3]]
    return out


def recommendations(digest: RunDigest) -> list[str]:
    """Recommendations computed by the analysis notebooks; those resting on synthetic data are illustrative."""
    out = []
    for n in digest.succeeded:
        prefix = f"{n.spec.title} (illustrative only: synthetic sample)" if is_synthetic(n) else n.spec.title
        out += [f"{prefix}: {text}" for text in _strings(n.metrics.get("recommendations"))[:3]]
    return out


def title_html(params: ExecutiveSummaryParams, digest: RunDigest) -> str:
    """The brief's heading line (user text escaped).

    The organisation is named only when none of the run's results rests on a bundled synthetic sample;
    otherwise the heading says which analyses are synthetic.
    """
    done, total = len(digest.succeeded), len(digest.notebooks)
    synthetic = synthetic_titles(digest)
    if synthetic:
        which = html.escape(", ".join(synthetic))
        return (
            f"<p><strong>Illustrative brief</strong> — {which} in this run rest on bundled synthetic samples, "
            f"not on an organisation's data; AI talent brief from {done} of {total} analyses.</p>"
        )
    org = html.escape(params.organisation_name) if params.organisation_name else "Your organisation"
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
