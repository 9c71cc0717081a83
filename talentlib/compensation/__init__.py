"""Compensation benchmarking: market bands by role, level, location and year, and a team against them.

Rooms: :mod:`.schema` (parameters), :mod:`.inputs` (the employees CSV and the salary survey: column rules),
:mod:`.bands` (the article's bands aged by ``pay_growth_two_years`` and discounted by ``location_tiers``, and
the BLS geography evidence), :mod:`.survey` (survey percentiles and survey-based bands), :mod:`.model` (the team
against the market: compa-ratio, cost to market, drift, flight risk, offer), :mod:`.narrative` (metrics,
findings, recommendations), :mod:`.views` (report tables), :mod:`.charts` (charts and the what-if widget). This
module re-exports what ``notebooks/compensation.ipynb`` uses, and declares :data:`SPEC`.

Defaults (all from ``data/reference_figures.csv``): the article's total-compensation table as coastal bands, its
non-coastal discount range for the ``non_coastal`` and ``international`` tiers, its two-year pay-growth range
(annualised as ``(1 + g)^(1/years) − 1`` over the figure's span), its competing-offers range, and labelled
assumptions for the merit budget, the flight-risk screen, the offer percentile, the percentiles an article band
spans and the weight of pay in the offer-win model. Groups smaller than ``min_group_size`` are suppressed.
"""

from __future__ import annotations

from talentlib.compensation.bands import (
    ageing_table,
    annual_rate,
    article_base_bands,
    band_years,
    bands_for_year,
    bls_discount_range,
    geography_evidence,
    growth_rates,
    market_bands,
    public_pay_table,
)
from talentlib.compensation.charts import (
    band_chart,
    compa_distribution_chart,
    cost_chart,
    forward_chart,
    heatmap_chart,
    survey_chart,
    what_if_widget,
)
from talentlib.compensation.inputs import (
    LEVEL_MAP,
    MAX_PROBLEMS,
    REQUIRED_COLUMNS,
    SAMPLE_FILE,
    SURVEY_FILE,
    SURVEY_SOURCE,
    UNASSIGNED,
    employees_path,
    is_synthetic,
    load_employees,
    load_survey,
    read_employees,
    title_role_map,
    validate_inputs,
)
from talentlib.compensation.model import (
    compa_table,
    cost_to_market,
    flight_risk,
    flight_risk_summary,
    forward_by_role,
    forward_view,
    group_summary,
    heatmap_table,
    offer_quote,
    offer_win_table,
    what_if_metrics,
    win_probability,
)
from talentlib.compensation.narrative import (
    ageing_caption,
    findings,
    metrics,
    pay_growth_evidence_caption,
    recommendations,
    run_notice,
)
from talentlib.compensation.schema import COASTAL, LEVELS, CompensationParams, article_roles, article_year
from talentlib.compensation.survey import (
    PERCENTILES,
    base_bands,
    pay_growth_evidence,
    survey_bands,
    survey_base_bands,
)
from talentlib.compensation.views import (
    OTHER,
    TABLE_FORMATS,
    band_display,
    cost_display,
    cost_export,
    employee_table,
    individual_exports,
    offer_export,
    offer_formats,
    offer_frame,
    survey_bands_table,
    survey_view,
)
from talentlib.spec import Headline, NotebookSpec

FIGURES_USED = [
    "article.non_coastal_discount",
    "article.pay_growth_2024_2026",
    "article.competing_offers",
    "assumption.compensation_merit_budget",
    "assumption.compensation_flight_risk_compa_ratio",
    "assumption.compensation_offer_percentile",
    "assumption.compensation_band_percentiles",
    "assumption.compensation_pay_weight",
    *(f"public.{i}" for i in (2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15, 16, 21, 22, 23, 24)),
]

SPEC = NotebookSpec(
    title="AI compensation benchmarking",
    question="What should we pay for each AI role and level, where and in which year, and where does our team stand?",
    params_model=CompensationParams,
    artifacts=(
        "metrics.json",
        "tables/bands.csv",
        "tables/survey_bands.csv",
        "tables/cost_to_market.csv",
        "tables/forward_view.csv",
        "tables/offer.csv",
        "figures/band_ranges.png",
        "figures/survey_vs_article.png",
        "figures/compa_ratio_distribution.png",
        "figures/compa_ratio_heatmap.png",
        "figures/cost_to_market.png",
        "figures/forward_view.png",
    ),
    headlines=(
        Headline("share_below_min", "Employees below band minimum", "pct"),
        Headline("cost_to_min", "Annual cost to bring them to minimum", "money"),
        Headline("median_compa_ratio", "Median compa-ratio", "ratio"),
    ),
    timeout_seconds=300,
    key_figures=("figures/survey_vs_article.png",),
    figures=tuple(FIGURES_USED),
    validate_inputs=validate_inputs,
    position=20,
)

__all__ = [
    "COASTAL",
    "FIGURES_USED",
    "LEVELS",
    "LEVEL_MAP",
    "MAX_PROBLEMS",
    "OTHER",
    "PERCENTILES",
    "REQUIRED_COLUMNS",
    "SAMPLE_FILE",
    "SPEC",
    "SURVEY_FILE",
    "SURVEY_SOURCE",
    "TABLE_FORMATS",
    "UNASSIGNED",
    "CompensationParams",
    "ageing_caption",
    "ageing_table",
    "annual_rate",
    "article_base_bands",
    "article_roles",
    "article_year",
    "band_chart",
    "band_display",
    "band_years",
    "bands_for_year",
    "base_bands",
    "bls_discount_range",
    "compa_distribution_chart",
    "compa_table",
    "cost_chart",
    "cost_display",
    "cost_export",
    "cost_to_market",
    "employee_table",
    "employees_path",
    "findings",
    "flight_risk",
    "flight_risk_summary",
    "forward_by_role",
    "forward_chart",
    "forward_view",
    "geography_evidence",
    "group_summary",
    "growth_rates",
    "heatmap_chart",
    "heatmap_table",
    "individual_exports",
    "is_synthetic",
    "load_employees",
    "load_survey",
    "market_bands",
    "metrics",
    "offer_export",
    "offer_formats",
    "offer_frame",
    "offer_quote",
    "offer_win_table",
    "pay_growth_evidence",
    "pay_growth_evidence_caption",
    "public_pay_table",
    "read_employees",
    "recommendations",
    "run_notice",
    "survey_bands",
    "survey_bands_table",
    "survey_base_bands",
    "survey_chart",
    "survey_view",
    "title_role_map",
    "validate_inputs",
    "what_if_metrics",
    "what_if_widget",
    "win_probability",
]
