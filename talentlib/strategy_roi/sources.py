"""Reference figures behind the strategy-ROI defaults: the sources list and the defaults derived from it.

Every default of :mod:`talentlib.strategy_roi.schema` is read here, from ``talentlib/data/reference_figures.csv``
(``article.*``, ``assumption.*``) or the public figures (``public.*``), and only through :func:`figure`, which refuses an
id missing from :data:`FIGURES_USED` so the report's sources table is complete by construction.
"""

from __future__ import annotations

from talentlib import reference
from talentlib.formulas import compound

#: Plan year at which the market's coverage sets hiring difficulty.
MARKET_FIGURE = "assumption.strategy_market_coverage_year"

#: Every reference figure behind the defaults; public.2–5 and public.35 are the public alternatives of the
#: ``public_data`` scenario (BLS data-scientist pay, ATD learning spend). The market figures (article growth rates,
#: base levels) are the ones the market-sizing defaults are built from; they set the default market coverage.
FIGURES_USED: list[str] = [
    "article.learning_budget",
    "article.program_months",
    "article.rotation_months",
    "article.competing_offers",
    "article.target_process_weeks",
    "article.coe_max_headcount",
    "article.gap_persistence_years",
    "article.demand_growth",
    "article.supply_growth",
    "assumption.base_supply_index",
    "assumption.base_demand_ratio",
    "public.37",
    "public.38",
    "public.39",
    "public.10",
    "public.11",
    "assumption.strategy_discount_rate",
    "assumption.strategy_capacity_target_fte",
    "assumption.strategy_budget",
    "assumption.strategy_value_multiple",
    "assumption.strategy_pay_overhead",
    "assumption.strategy_discount_rate_range",
    "assumption.strategy_agency_fee",
    "assumption.strategy_market_coverage_year",
    "assumption.strategy_ttf_gap_elasticity",
    "assumption.strategy_standard_process_weeks",
    "assumption.strategy_offer_loss_hazard",
    "assumption.compensation_offer_percentile",
    "assumption.compensation_pay_weight",
    "assumption.compensation_band_percentiles",
    "assumption.strategy_ramp_months",
    "assumption.strategy_new_hire_attrition",
    "assumption.strategy_hire_max_offers",
    "assumption.strategy_training_time_share",
    "assumption.strategy_completion_rate",
    "assumption.strategy_upskill_productivity",
    "assumption.strategy_pay_uplift",
    "assumption.strategy_retention_effect",
    "assumption.strategy_underpaid_attrition_risk",
    "assumption.strategy_candidate_pool",
    "assumption.strategy_rotation_productivity",
    "assumption.strategy_carry_back_share",
    "assumption.strategy_mentoring_cost",
    "assumption.strategy_rotation_max_seats",
    "assumption.strategy_fast_process_cost",
    "assumption.strategy_fast_max_requisitions",
    "assumption.strategy_tool_seat_cost",
    "assumption.strategy_tool_enablement_cost",
    "assumption.strategy_tool_productivity_gain",
    "assumption.strategy_tool_adoption",
    "assumption.fluency_adoption_effect",
    "assumption.strategy_tool_ramp_months",
    "assumption.strategy_tool_max_seats",
    "assumption.strategy_tool_ai_work_share",
    "assumption.strategy_intern_cost",
    "assumption.strategy_intern_conversion",
    "assumption.strategy_pipeline_lead_years",
    "assumption.strategy_junior_productivity",
    "assumption.strategy_partnership_cost",
    "assumption.strategy_max_interns",
    "assumption.strategy_org_ai_headcount",
    "assumption.strategy_org_business_units",
    "assumption.strategy_coe_context_loss",
    "assumption.strategy_coe_bottleneck_loss",
    "assumption.strategy_embedded_min_team",
    "assumption.strategy_embedded_isolation_loss",
    "assumption.strategy_embedded_immaturity_loss",
    "assumption.strategy_embedded_duplication",
    "assumption.strategy_hub_coordination_loss",
    "assumption.strategy_hub_share",
    "assumption.strategy_platform_cost",
    "public.2",
    "public.3",
    "public.4",
    "public.5",
    "public.35",
]


def figure(figure_id: str) -> reference.Figure:
    """One reference figure, refused unless it is listed in :data:`FIGURES_USED` (the sources table).

    Raises:
        KeyError: If ``figure_id`` is used but not listed.
    """
    if figure_id not in FIGURES_USED:
        raise KeyError(f"{figure_id} is used but missing from strategy_roi.FIGURES_USED (the sources table)")
    return reference.figure(figure_id)


def figure_range(figure_id: str) -> list[float]:
    """A figure as a ``[low, high]`` range."""
    fig = figure(figure_id)
    return [fig.low, fig.high]


def figure_value(figure_id: str) -> float:
    """A figure's midpoint (its value for a point figure)."""
    return figure(figure_id).value


def figure_pair(low_id: str, high_id: str) -> list[float]:
    """A range from the low end of one figure to the high end of another."""
    return [figure(low_id).low, figure(high_id).high]


def percent_figure(figure_id: str) -> float:
    """A public figure given in percent, as a fraction."""
    return figure(figure_id).value / 100


def pay_band(role: str, level: str) -> list[float]:
    """The article's total-compensation band ``[low, high]`` (USD/yr) for one role and level."""
    bands = reference.article_pay_bands()
    row = bands[(bands["role"] == role) & (bands["level"] == level)].iloc[0]
    return [float(row["low"]), float(row["high"])]


def market_coverage_range(years: float | None = None) -> list[float]:
    """Deterministic coverage (total supply ÷ total demand) of the default AI talent markets.

    Built from the reference figures the market-sizing defaults are built from (no analysis imports another):
    every default role starts at supply ``assumption.base_supply_index`` and demand = supply ×
    ``assumption.base_demand_ratio`` and grows at the article's ranges (``article.demand_growth``,
    ``article.supply_growth``). All roles share those levels and rates, so total coverage is one role's coverage,
    compounded (:func:`talentlib.formulas.compound`) ``years`` past the base year at the pessimistic end (demand
    growth high, supply growth low) and the optimistic end (the reverse). A test checks it against
    ``market_sizing.MarketSizingParams()``.

    Args:
        years: Years of compounding; default ``assumption.strategy_market_coverage_year``.

    Returns:
        ``[low, high]`` coverage as fractions (1 = no shortage), rounded to 4 decimals.
    """
    years = figure_value(MARKET_FIGURE) if years is None else years
    supply = figure_value("assumption.base_supply_index")
    demand = supply * figure_value("assumption.base_demand_ratio")
    demand_growth = figure("article.demand_growth")
    supply_growth = figure("article.supply_growth")

    def coverage(demand_rate: float, supply_rate: float) -> float:
        return float(compound(supply, supply_rate, years) / compound(demand, demand_rate, years))

    return [
        round(coverage(demand_growth.high, supply_growth.low), 4),
        round(coverage(demand_growth.low, supply_growth.high), 4),
    ]


def default_fte_year_value() -> list[float]:
    """Value of a productive AI FTE-year: value multiple × loaded mid-level AI/ML engineer pay (USD/yr).

    Multiple: ``assumption.strategy_value_multiple``; pay: the article's mid-level AI/ML engineer band midpoint;
    on-costs: ``assumption.strategy_pay_overhead``.
    """
    multiple = figure("assumption.strategy_value_multiple")
    pay = sum(pay_band("ai_ml_engineer", "mid")) / 2
    loaded = pay * (1 + figure_value("assumption.strategy_pay_overhead"))
    return [round(multiple.low * loaded, 0), round(multiple.high * loaded, 0)]
