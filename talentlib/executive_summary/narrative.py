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
