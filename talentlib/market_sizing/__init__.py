"""Market sizing: a seeded Monte Carlo of AI-talent demand, supply and the gap between them.

Rooms: :mod:`.schema` (parameters), :mod:`.model` (the Monte Carlo and what it implies), :mod:`.narrative`
(findings, recommendations, claims audit), :mod:`.views` (report tables), :mod:`.charts` (charts and the what-if
widget). This module re-exports what ``notebooks/market_sizing.ipynb`` uses, and declares :data:`SPEC`.

Defaults: growth ranges are the article's (demand +40–60 %/yr, supply +15–20 %/yr); base levels are an index
(supply = 100, demand = supply — no starting shortage), a labelled assumption, since the article gives none.
"""

from __future__ import annotations

from talentlib.market_sizing.charts import fan_chart, gap_chart, tornado_chart, what_if_widget
from talentlib.market_sizing.model import (
    PERCENTILES,
    ClaimsEvidence,
    PublicRates,
    Simulation,
    base_level_sensitivity,
    claims_evidence,
    correlated_normals,
    deterministic_total_gap,
    memory_estimate,
    metrics,
    params_total_ratio,
    projection_table,
    public_growth_table,
    public_rates,
    simulate,
    tornado_table,
    what_if_metrics,
    with_total,
)
from talentlib.market_sizing.narrative import claims_audit, findings, rate_sources, recommendations
from talentlib.market_sizing.schema import DEFAULT_ROLES, TOTAL, MarketSizingParams, RoleMarket, default_roles
from talentlib.market_sizing.views import TABLE_FORMATS, inputs_table, total_rows
from talentlib.spec import ComparableSeries, Headline, NotebookSpec

FIGURES_USED = [
    "article.demand_growth",
    "article.supply_growth",
    "article.demand_supply_factor",
    "article.gap_persistence_years",
    "assumption.base_supply_index",
    "assumption.base_demand_ratio",
    "assumption.growth_correlation",
    "public.27",
    "public.28",
    "public.29",
    "public.30",
    "public.31",
    "public.32",
]

SPEC = NotebookSpec(
    title="AI talent market sizing",
    question="How fast does the gap between demand for and supply of AI talent grow, per role, and how sure are we?",
    params_model=MarketSizingParams,
    artifacts=(
        "metrics.json",
        "tables/projection.csv",
        "tables/tornado.csv",
        "tables/claims_audit.csv",
        "tables/reality_check.csv",
        "figures/fan_chart.png",
        "figures/gap_over_time.png",
        "figures/tornado.png",
    ),
    headlines=(
        Headline("total_gap_p50", "Total gap at horizon (P50)", "num"),
        Headline("total_coverage_p50", "Supply covers demand (P50)", "pct"),
        Headline("prob_gap_widens", "Probability the gap widens", "pct"),
    ),
    timeout_seconds=300,
    key_figures=("figures/fan_chart.png",),
    figures=tuple(FIGURES_USED),
    position=10,
    memory_estimate=memory_estimate,
    comparable=(
        ComparableSeries(
            name="total_gap",
            table="projection",
            title="Total AI-talent gap by scenario (P50, band P10–P90)",
            x="year",
            low="gap_p10",
            mid="gap_p50",
            high="gap_p90",
            y_label="gap (scenario units)",
            rows=(("role", TOTAL),),
            caption="Market-sizing total gap per scenario; units follow each scenario's base levels (index or headcount).",
        ),
    ),
)

__all__ = [
    "DEFAULT_ROLES",
    "FIGURES_USED",
    "PERCENTILES",
    "SPEC",
    "TABLE_FORMATS",
    "TOTAL",
    "ClaimsEvidence",
    "MarketSizingParams",
    "PublicRates",
    "RoleMarket",
    "Simulation",
    "base_level_sensitivity",
    "claims_audit",
    "claims_evidence",
    "correlated_normals",
    "default_roles",
    "deterministic_total_gap",
    "fan_chart",
    "findings",
    "gap_chart",
    "inputs_table",
    "metrics",
    "params_total_ratio",
    "projection_table",
    "public_growth_table",
    "public_rates",
    "rate_sources",
    "recommendations",
    "simulate",
    "tornado_chart",
    "tornado_table",
    "total_rows",
    "what_if_metrics",
    "what_if_widget",
    "with_total",
]
