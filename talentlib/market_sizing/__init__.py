"""Market sizing: a seeded Monte Carlo of AI-talent demand, supply and the gap between them, in people, role by role.

Rooms: :mod:`.schema` (parameters), :mod:`.sources` (the role ← SOC crosswalk and the role defaults read from the
article), :mod:`.model` (the Monte Carlo and what it implies), :mod:`.sensitivity` (tornado, base-ratio and persistence
sweeps, what-if), :mod:`.narrative` (findings, recommendations, claims audit), :mod:`.views` (report tables),
:mod:`.charts` (charts and the what-if widget). This module re-exports what ``notebooks/market_sizing.ipynb`` uses,
and declares :data:`SPEC`.

Defaults: base supply per role in US persons from BLS OEWS May 2025 through ``data/market_soc_crosswalk.csv``; base
demand = supply × a per-role ratio (our reading of the article's order of scarcity); today's growth ranges are the
article's 40–60 %/yr and 15–20 %/yr read per role (``data/market_role_defaults.csv``), fading toward the role's
annualised BLS projection with persistence ``assumption.market_persistence``.
"""

from __future__ import annotations

from talentlib.market_sizing.charts import (
    fan_chart,
    gap_chart,
    persistence_chart,
    tornado_chart,
    what_if_widget,
)
from talentlib.market_sizing.model import (
    FOLLOWS,
    PERCENTILES,
    ClaimsEvidence,
    PublicRates,
    Simulation,
    claims_evidence,
    correlated_normals,
    gap_widening_is_certain,
    largest_gap_shares,
    memory_estimate,
    metrics,
    params_total_ratio,
    projection_table,
    public_growth_table,
    public_rates,
    simulate,
    with_total,
)
from talentlib.market_sizing.narrative import (
    base_source,
    claims_audit,
    findings,
    rate_sources,
    recommendations,
)
from talentlib.market_sizing.schema import DEFAULT_ROLES, TOTAL, MarketSizingParams, RoleMarket, default_roles
from talentlib.market_sizing.sensitivity import (
    SWEEP_SIMULATIONS,
    TORNADO_SIMULATIONS,
    base_level_sensitivity,
    closed_form_gap,
    persistence_sensitivity,
    tornado_table,
    what_if_metrics,
)
from talentlib.market_sizing.sources import crosswalk_table, role_defaults_table, survey_mix_check
from talentlib.market_sizing.views import TABLE_FORMATS, horizon_rows, inputs_table, total_rows
from talentlib.spec import ComparableSeries, Headline, NotebookSpec

FIGURES_USED = [
    "article.demand_growth",
    "article.supply_growth",
    "article.demand_supply_factor",
    "article.gap_persistence_years",
    "assumption.market_persistence",
    "assumption.market_long_run_band",
    "assumption.market_sensitivity_ratio_low",
    "assumption.growth_correlation",
    "public.1",
    "public.7",
    "public.13",
    "public.17",
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
        "tables/base_level_sensitivity.csv",
        "tables/persistence_sensitivity.csv",
        "tables/crosswalk.csv",
        "tables/claims_audit.csv",
        "tables/reality_check.csv",
        "figures/fan_chart.png",
        "figures/gap_over_time.png",
        "figures/tornado.png",
        "figures/gap_vs_persistence.png",
    ),
    headlines=(
        Headline("total_gap_p50", "Total gap at horizon (P50, people)", "num"),
        Headline("total_coverage_p50", "Supply covers demand (P50)", "pct"),
        Headline("gap_widens", "Gap widens (share of simulations)", "pct"),
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
            y_label="gap (people, or each scenario's unit)",
            rows=(("role", TOTAL),),
            caption="Market-sizing total gap per scenario, in each scenario's unit (people by default: BLS-based levels).",
        ),
    ),
)

__all__ = [
    "DEFAULT_ROLES",
    "FIGURES_USED",
    "FOLLOWS",
    "PERCENTILES",
    "SPEC",
    "SWEEP_SIMULATIONS",
    "TABLE_FORMATS",
    "TORNADO_SIMULATIONS",
    "TOTAL",
    "ClaimsEvidence",
    "MarketSizingParams",
    "PublicRates",
    "RoleMarket",
    "Simulation",
    "base_level_sensitivity",
    "base_source",
    "claims_audit",
    "claims_evidence",
    "closed_form_gap",
    "correlated_normals",
    "crosswalk_table",
    "default_roles",
    "fan_chart",
    "findings",
    "gap_chart",
    "gap_widening_is_certain",
    "horizon_rows",
    "inputs_table",
    "largest_gap_shares",
    "metrics",
    "params_total_ratio",
    "persistence_chart",
    "persistence_sensitivity",
    "projection_table",
    "public_growth_table",
    "public_rates",
    "rate_sources",
    "recommendations",
    "role_defaults_table",
    "simulate",
    "survey_mix_check",
    "tornado_chart",
    "tornado_table",
    "total_rows",
    "what_if_metrics",
    "what_if_widget",
    "with_total",
]
