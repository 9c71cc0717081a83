"""Reference figures with provenance — the only way code reads the bundled data files.

Three kinds of figure share one shape (:class:`Figure`):

* ``article.*`` — claims of the source article (a 2026 vendor blog), see ``data/reference_figures.csv``;
* ``public.<row_id>`` — rows of ``data/public_reference_figures.csv`` (BLS, SHRM, ATD, …);
* ``assumption.*`` — modelling choices of ours, labelled as such.

Example:
    >>> from talentlib import reference
    >>> reference.figure("article.demand_growth").low
    0.4
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from talentlib.config import DATA_DIR

ARTICLE_SOURCE = "CallSphere Blog, The Talent Gap in AI (2026)"


@dataclass(frozen=True)
class Figure:
    """One sourced number or range.

    Attributes:
        figure_id: Stable identifier, e.g. ``article.demand_growth`` or ``public.27``.
        kind: ``article``, ``public`` or ``assumption``.
        description: What the figure measures.
        low: Lower end (equal to ``high`` for a point value).
        high: Upper end.
        unit: Unit as written in the data file.
        period: Reference period.
        source_name: Publisher and title, or ``assumption (talentlib)``.
        source_url: URL where known (empty for the article, whose text gives none).
        locator: Where in the source the figure appears.
        confidence: Grade from the data file (``A``, ``B``, ``vendor claim``, ``assumption`` …).
        note: Caveats.
    """

    figure_id: str
    kind: str
    description: str
    low: float
    high: float
    unit: str
    period: str
    source_name: str
    source_url: str
    locator: str
    confidence: str
    note: str

    @property
    def value(self) -> float:
        """The midpoint (the value itself for a point figure)."""
        return (self.low + self.high) / 2

    @property
    def citation(self) -> str:
        """A one-line citation suitable for captions: source, period and confidence."""
        if self.kind == "assumption":
            return f"Assumption (talentlib): {self.description.lower()}"
        parts = [self.source_name]
        if self.period:
            parts.append(self.period)
        if self.confidence:
            parts.append(f"confidence {self.confidence}")
        return ", ".join(parts)


@cache
def _article_and_assumptions() -> pd.DataFrame:
    frame = pd.read_csv(DATA_DIR / "reference_figures.csv", dtype=str, keep_default_na=False)
    frame["low"] = frame["low"].astype(float)
    frame["high"] = frame["high"].astype(float)
    return frame


@cache
def public_figures() -> pd.DataFrame:
    """Return the public reference figures (BLS, SHRM, ATD, …) exactly as shipped, with a ``figure_id``."""
    frame = pd.read_csv(DATA_DIR / "public_reference_figures.csv", dtype=str, keep_default_na=False)
    frame["value"] = frame["value"].astype(float)
    frame.insert(0, "figure_id", "public." + frame["row_id"])
    return frame


def _public_as_figures() -> pd.DataFrame:
    pub = public_figures()
    return pd.DataFrame(
        {
            "figure_id": pub["figure_id"],
            "kind": "public",
            "description": pub["metric"].str.replace("_", " ")
            + " — "
            + pub["entity"]
            + " ("
            + pub["geography"]
            + ")",
            "low": pub["value"],
            "high": pub["value"],
            "unit": pub["unit"],
            "period": pub["period"],
            "source_name": pub["source_name"],
            "source_url": pub["source_url"],
            "locator": pub["access_path"],
            "confidence": pub["confidence"],
            "note": pub["note"],
        }
    )


@cache
def all_figures() -> pd.DataFrame:
    """Return every figure (article, public, assumption) in one table indexed by ``figure_id``."""
    frame = pd.concat([_article_and_assumptions(), _public_as_figures()], ignore_index=True)
    if frame["figure_id"].duplicated().any():
        dupes = frame.loc[frame["figure_id"].duplicated(), "figure_id"].tolist()
        raise ValueError(f"duplicate figure ids in talentlib/data: {dupes}")
    return frame.set_index("figure_id", drop=False)


def figure(figure_id: str) -> Figure:
    """Look up one figure by id.

    Args:
        figure_id: e.g. ``article.supply_growth``, ``public.27`` or ``assumption.base_supply_index``.

    Returns:
        The figure with its provenance.

    Raises:
        KeyError: If the id is unknown (the message lists the known prefixes).
    """
    table = all_figures()
    if figure_id not in table.index:
        raise KeyError(
            f"unknown reference figure {figure_id!r}; ids start with article., public. or assumption."
        )
    row = table.loc[figure_id]
    values = {name: row[name] for name in Figure.__dataclass_fields__}
    values["low"], values["high"] = float(values["low"]), float(values["high"])
    return Figure(**values)


def sources_table(figure_ids: list[str]) -> pd.DataFrame:
    """Return a tidy table of the given figures for a report's "Sources and assumptions" section.

    Args:
        figure_ids: Ids in the order they should appear (duplicates are dropped).

    Returns:
        Columns ``figure, kind, value, unit, source, confidence, note``.
    """
    rows = []
    for fid in dict.fromkeys(figure_ids):
        fig = figure(fid)
        value = f"{fig.low:g}" if fig.low == fig.high else f"{fig.low:g}–{fig.high:g}"
        source = (
            fig.source_name
            + (f" ({fig.source_url})" if fig.source_url else "")
            + (f" — {fig.locator}" if fig.kind == "article" else "")
        )
        rows.append(
            {
                "figure": fig.description,
                "kind": fig.kind,
                "value": value,
                "unit": fig.unit,
                "source": source,
                "confidence": fig.confidence,
                "note": fig.note,
            }
        )
    return pd.DataFrame(rows)


@cache
def article_pay_bands() -> pd.DataFrame:
    """Return the article's 2026 total-compensation table (role × level, USD/yr, ``open_ended`` flags)."""
    frame = pd.read_csv(DATA_DIR / "article_pay_bands.csv", keep_default_na=False)
    frame["open_ended"] = frame["open_ended"].astype(str).str.lower().eq("true")
    return frame


def annualise_10yr_growth(pct_over_10_years: float) -> float:
    """Convert a 10-year percentage change (BLS projections) to a compound annual rate.

    Args:
        pct_over_10_years: e.g. ``33.5`` for +33.5 % over ten years.

    Returns:
        The annual rate as a fraction: ``(1 + pct/100) ** (1/10) - 1``.
    """
    return (1 + pct_over_10_years / 100) ** (1 / 10) - 1
