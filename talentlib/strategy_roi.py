"""Strategy ROI: build, buy, borrow or automate — seeded Monte Carlo economics and the cheapest mix that reaches a target.

Six strategies (the article's levers), each evaluated **per unit** — one requisition, one internal candidate, one
rotation seat, one tool seat, one intern — on a monthly grid over ``horizon_years``:

``hire``
    A requisition opened at t = 0. Time to fill = attempts × days per attempt, where days per attempt is SHRM's
    time to fill stretched by the market gap, ``time_to_fill_days × market_coverage^(−gap_elasticity)``
    (``market_coverage`` = supply ÷ demand from :mod:`talentlib.market_sizing`), and the expected number of attempts
    is ``1 / p_accept`` (each lost candidate restarts the search). The hire then ramps linearly to full productivity
    over ``ramp_months`` and leaves at the annual ``attrition`` rate (no backfill).
``faster_hiring``
    The same requisition run as a 2-week process (article). **Acceptance model** (labelled assumption): a candidate
    holding ``n`` competing offers is lost to one of them at a constant hazard ``h`` per offer per week, so
    ``p_accept = exp(−h · n · weeks)``. Shorter processes keep more candidates ("candidates not lost"), fill sooner
    (vacancy value saved = days saved × value of an FTE-day) and spend less on re-sourcing (cost per hire scales with
    attempts), at an extra cost per requisition. Standard and fast requisitions share the recruiting limit.
``upskill``
    An internal candidate spends ``training_time_share`` of their time for ``program_months`` (that output is lost);
    a ``completion_rate`` share moves into AI work at ``productivity_after`` of an experienced hire, with pay up by
    ``pay_uplift`` and attrition lowered by ``retention_effect``. The learning budget is paid every year the person
    is enrolled or in the AI role.
``rotation``
    A seat in the AI team filled by successive engineers for ``rotation_months`` each; the rotator works at
    ``productivity_during``; every alumnus carries ``carry_back_share`` of an FTE of AI work back to the home team.
``ai_tools``
    A tool seat frees ``productivity_gain × adoption_rate × m`` AI FTE after a ramp, for a seat cost, where
    ``m = leadership_fluency.adoption_multiplier(leadership_gap_points, effect)`` carries the leadership report's
    labelled adoption assumption (``assumption.fluency_adoption_effect``; ``m = 1`` with no fluency gap, the default).
``pipeline``
    An intern (cost up front) converts to a junior hire with probability ``conversion_rate`` after
    ``lead_time_years``; the partnership programme costs ``partnership_cost_per_year`` whatever the intake (the
    per-unit view spreads it over ``max_interns``; the optimiser treats it as a fixed cost).

**Costing.** People's time is costed at loaded pay (pay × (1 + ``pay_overhead``)) whoever they are: a new hire's pay,
the share of an internal person's time diverted to training or AI work (its opportunity cost), pay uplifts. **Benefit
valuation** (labelled assumption): a productive AI FTE-year is worth ``fte_year_value`` (default: 1.3–2.0 × the loaded
mid-level AI/ML engineer pay from the article's table). Capacity still in place at the horizon is not valued beyond it
(no terminal value — conservative for long-lead strategies such as the pipeline).

**Timing convention.** Year 0 holds up-front outlays (cost per hire, enablement, intern cost) and is not discounted;
flows accrued during plan year *t* (1 … H) are discounted *t* periods (end of year), which is what ``numpy_financial.npv``
does with ``values[0]`` at t = 0. NPV = Σ_t (benefits_t − costs_t) / (1 + r)^t. ROI = NPV ÷ present value of costs.
Payback = first time the cumulative undiscounted cash flow turns non-negative, interpolated linearly within the year
(``inf`` when it does not within the horizon). Cost per productive FTE-year = undiscounted total cost ÷ productive
FTE-years delivered within the horizon. Capacity at the deadline = expected productive FTE at the end of the horizon.

**Monte Carlo.** Every ``[low, high]`` field is drawn independently and uniformly per simulation from a
``numpy.random.Generator`` seeded with ``seed``; shared inputs (value of an FTE-year, on-costs, hiring market) take
the same draw for every strategy in a simulation, so strategies are compared on common random numbers. All strategies
are computed as arrays ``[simulation, strategy, year]``; there is no per-simulation loop.

**Portfolio.** ``scipy.optimize.milp`` chooses integer units per strategy minimising total (undiscounted) cost subject
to expected capacity at the deadline ≥ ``capacity_target_fte``, per-strategy limits, the shared recruiting limit and
the pipeline's fixed cost (a binary switch). ``budget`` covers the same full economic cost; infeasible targets name the
binding constraint.

**Operating model.** Article guidance (CoE for early maturity and fewer than 10 AI professionals, hub-and-spoke when
scaling, embedded when mature) beside a labelled cost/coordination model: capacity losses (CoE context loss per
business unit and bottleneck beyond the CoE size; embedded isolation of small teams and immature practices; hub
coordination per doubling of units) and platform costs (one platform, or a partial platform per unit when embedded).
The model's pick is the lowest cost per effective FTE.

Every default is a reference figure (``article.*``, ``public.*``) or an ``assumption.strategy_*`` row of
``talentlib/data/reference_figures.csv`` whose note gives the rationale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
import numpy_financial as npf
import pandas as pd
from pydantic import Field
from scipy.optimize import Bounds, LinearConstraint, milp

from talentlib import leadership_fluency, market_sizing, reference
from talentlib.config import batch_mode
from talentlib.params import Finite, NotebookParams, Range, StrictModel
from talentlib.report import (
    Chart,
    figure_png,
    findings_html,
    fmt_money,
    fmt_num,
    fmt_pct,
    sources_caption,
    table_html,
)
from talentlib.spec import Headline, NotebookSpec

STRATEGIES: tuple[str, ...] = ("hire", "upskill", "rotation", "faster_hiring", "ai_tools", "pipeline")
LABELS = {
    "hire": "Hire (standard process)",
    "upskill": "Upskill internal staff",
    "rotation": "Rotation into the AI team",
    "faster_hiring": "Hire with a 2-week process",
    "ai_tools": "AI tools / managed services",
    "pipeline": "Pipeline (interns, universities)",
}
UNITS = {
    "hire": "requisition",
    "upskill": "internal candidate",
    "rotation": "rotation seat",
    "faster_hiring": "requisition",
    "ai_tools": "tool seat",
    "pipeline": "intern",
}
ORG_MODELS: tuple[str, ...] = ("coe", "hub_and_spoke", "embedded")
ORG_LABELS = {"coe": "Centre of Excellence", "hub_and_spoke": "Hub and spoke", "embedded": "Embedded"}
PERCENTILES = (10, 50, 90)
MARKET_FIGURE = "assumption.strategy_market_coverage_year"

#: Every reference figure behind the defaults; public.2–5 and public.35 are the public alternatives of the
#: ``public_data`` scenario (BLS data-scientist pay, ATD learning spend).
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
    "assumption.strategy_agency_fee",
    "assumption.strategy_market_coverage_year",
    "assumption.strategy_ttf_gap_elasticity",
    "assumption.strategy_standard_process_weeks",
    "assumption.strategy_offer_loss_hazard",
    "assumption.strategy_ramp_months",
    "assumption.strategy_new_hire_attrition",
    "assumption.strategy_hire_max_offers",
    "assumption.strategy_training_time_share",
    "assumption.strategy_completion_rate",
    "assumption.strategy_upskill_productivity",
    "assumption.strategy_pay_uplift",
    "assumption.strategy_retention_effect",
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


def _fig(figure_id: str) -> reference.Figure:
    if figure_id not in FIGURES_USED:
        raise KeyError(f"{figure_id} is used but missing from strategy_roi.FIGURES_USED (the sources table)")
    return reference.figure(figure_id)


def _rng(figure_id: str) -> list[float]:
    fig = _fig(figure_id)
    return [fig.low, fig.high]


def _val(figure_id: str) -> float:
    return _fig(figure_id).value


def _pair(low_id: str, high_id: str) -> list[float]:
    return [_fig(low_id).low, _fig(high_id).high]


def _pct_figure(figure_id: str) -> float:
    """A public figure given in percent, as a fraction."""
    return _fig(figure_id).value / 100


def pay_band(role: str, level: str) -> list[float]:
    """The article's total-compensation band ``[low, high]`` (USD/yr) for one role and level."""
    bands = reference.article_pay_bands()
    row = bands[(bands["role"] == role) & (bands["level"] == level)].iloc[0]
    return [float(row["low"]), float(row["high"])]


def market_coverage_range(years: float | None = None) -> list[float]:
    """Deterministic coverage (total supply ÷ total demand) of the default market-sizing markets.

    Uses :class:`talentlib.market_sizing.MarketSizingParams` defaults, compounded ``years`` past the base year at
    the pessimistic end (demand growth high, supply growth low) and the optimistic end (the reverse).

    Args:
        years: Years of compounding; default ``assumption.strategy_market_coverage_year``.

    Returns:
        ``[low, high]`` coverage as fractions (1 = no shortage).
    """
    years = _val(MARKET_FIGURE) if years is None else years
    roles = market_sizing.MarketSizingParams().roles

    def coverage(demand_end: int, supply_end: int) -> float:
        supply = sum(m.supply * (1 + m.supply_growth[supply_end]) ** years for m in roles.values())
        demand = sum(m.demand * (1 + m.demand_growth[demand_end]) ** years for m in roles.values())
        return float(supply / demand)

    return [round(coverage(1, 0), 4), round(coverage(0, 1), 4)]


def default_fte_year_value() -> list[float]:
    """Value of a productive AI FTE-year: value multiple × loaded mid-level AI/ML engineer pay (USD/yr)."""
    multiple = _fig("assumption.strategy_value_multiple")
    pay = sum(pay_band("ai_ml_engineer", "mid")) / 2
    loaded = pay * (1 + _val("assumption.strategy_pay_overhead"))
    return [round(multiple.low * loaded, 0), round(multiple.high * loaded, 0)]


# ---------------------------------------------------------------------------------------------------------
# Parameters


class HireParams(StrictModel):
    """External hiring with the standard process."""

    pay: Range = Field(
        default_factory=lambda: pay_band("ai_ml_engineer", "mid"),
        description="annual total compensation of an AI hire, USD (article mid-level AI/ML engineer band)",
    )
    cost_per_hire: Range = Field(
        default_factory=lambda: _pair("public.38", "assumption.strategy_agency_fee"),
        description="recruiting cost per hire, USD (SHRM all-occupation figure to agency fee)",
    )
    time_to_fill_days: Range = Field(
        default_factory=lambda: _rng("public.37"),
        description="days per hiring attempt with no market shortage (SHRM time to fill)",
    )
    market_coverage: Range = Field(
        default_factory=market_coverage_range,
        description="AI talent supply over demand from market sizing (year 1, pessimistic to optimistic)",
    )
    gap_elasticity: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_ttf_gap_elasticity"),
        description="how strongly time per attempt grows as coverage falls (attempt days scale with coverage^-e)",
    )
    process_weeks: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_standard_process_weeks"),
        description="standard process length from first contact to offer, weeks",
    )
    competing_offers: Range = Field(
        default_factory=lambda: _rng("article.competing_offers"),
        description="competing offers an AI candidate holds (article 5 to 10)",
    )
    offer_loss_hazard: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_offer_loss_hazard"),
        description="weekly chance of losing the candidate per competing offer (acceptance exp(-h n weeks))",
    )
    ramp_months: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_ramp_months"),
        description="months to full productivity after the start date",
    )
    attrition: Range = Field(
        default_factory=lambda: [
            _pct_figure("public.39"),
            _fig("assumption.strategy_new_hire_attrition").high,
        ],
        description="annual attrition of new hires (LinkedIn tech turnover to assumed new-hire rate)",
    )
    max_offers: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_hire_max_offers")),
        ge=0,
        le=1_000_000,
        description="candidates recruiting can take to offer over the horizon (shared with faster_hiring)",
    )


class FasterHiringParams(StrictModel):
    """Requisitions run as a short process (market inputs shared with ``hire``)."""

    process_weeks: Range = Field(
        default_factory=lambda: _rng("article.target_process_weeks"),
        description="short process length from first contact to offer, weeks (article 2 weeks)",
    )
    extra_cost_per_requisition: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_fast_process_cost"),
        description="extra recruiter and interviewer cost per fast requisition, USD",
    )
    max_requisitions: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_fast_max_requisitions")),
        ge=0,
        le=100_000,
        description="requisitions the interview panel can run at short-process speed over the horizon",
    )


class UpskillParams(StrictModel):
    """Structured upskilling of internal staff."""

    learning_budget_per_person: Range = Field(
        default_factory=lambda: _rng("article.learning_budget"),
        description="learning budget per person per year while enrolled or in the AI role, USD (article)",
    )
    program_months: Range = Field(
        default_factory=lambda: _rng("article.program_months"),
        description="length of the structured programme, months (article 3 to 6)",
    )
    training_time_share: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_training_time_share"),
        description="share of working time spent training during the programme (output lost)",
    )
    completion_rate: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_completion_rate"),
        description="share of participants who complete and move into AI work",
    )
    productivity_after: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_upskill_productivity"),
        description="AI productivity after the programme relative to an experienced hire",
    )
    internal_pay: Range = Field(
        default_factory=lambda: [_val("public.10"), _val("public.11")],
        description="annual pay of an internal candidate, USD (BLS software developer median to p75)",
    )
    pay_uplift: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_pay_uplift"),
        description="pay rise on moving into the AI role, fraction",
    )
    attrition: Range = Field(
        default_factory=lambda: [_pct_figure("public.39")] * 2,
        description="baseline annual attrition of internal staff (LinkedIn tech turnover)",
    )
    retention_effect: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_retention_effect"),
        description="reduction of attrition for upskilled staff, fraction of the baseline",
    )
    candidate_pool: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_candidate_pool")),
        ge=0,
        le=100_000,
        description="internal candidates with the fundamentals to upskill (limit)",
    )


class RotationParams(StrictModel):
    """Rotations of engineers into the AI team."""

    rotation_months: Range = Field(
        default_factory=lambda: _rng("article.rotation_months"),
        description="length of one rotation, months (article 3 to 6)",
    )
    productivity_during: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_rotation_productivity"),
        description="AI productivity of the rotator relative to an experienced hire",
    )
    carry_back_share: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_carry_back_share"),
        description="FTE of AI work each alumnus does back in the home team",
    )
    internal_pay: Range = Field(
        default_factory=lambda: [_val("public.10"), _val("public.11")],
        description="annual pay of a rotating engineer, USD (BLS software developer median to p75)",
    )
    mentoring_cost_per_rotation: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_mentoring_cost"),
        description="mentoring and onboarding cost per rotation, USD",
    )
    attrition: Range = Field(
        default_factory=lambda: [_pct_figure("public.39")] * 2,
        description="annual attrition of rotation alumni (LinkedIn tech turnover)",
    )
    max_seats: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_rotation_max_seats")),
        ge=0,
        le=100_000,
        description="rotation seats the AI team can host at once (limit)",
    )


class AiToolsParams(StrictModel):
    """AI coding assistants and managed AI services as a productivity multiplier."""

    seat_cost_per_year: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_tool_seat_cost"),
        description="annual cost per seat, USD",
    )
    enablement_cost_per_seat: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_tool_enablement_cost"),
        description="one-off enablement cost per seat, USD (year 0)",
    )
    productivity_gain: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_tool_productivity_gain"),
        description="AI FTE freed per actively used seat",
    )
    adoption_rate: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_tool_adoption"),
        description="share of paid seats in active use",
    )
    ramp_months: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_tool_ramp_months"),
        description="months until a seat delivers its full gain",
    )
    leadership_gap_points: Range = Field(
        [0.0, 0.0],
        description="middle-management fluency gap to target, index points, from the leadership report "
        "(scales adoption by leadership_fluency.adoption_multiplier; 0 means no drag)",
    )
    max_seats: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_tool_max_seats")),
        ge=0,
        le=1_000_000,
        description="developers and analysts who could use the tools (limit)",
    )


class PipelineParams(StrictModel):
    """University partnerships, internships and community engagement."""

    intern_cost: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_intern_cost"),
        description="cost per intern including stipend and supervision, USD (year 0)",
    )
    conversion_rate: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_intern_conversion"),
        description="share of interns who join as AI hires",
    )
    lead_time_years: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_pipeline_lead_years"),
        description="years from internship to the start date",
    )
    pay: Range = Field(
        default_factory=lambda: pay_band("ai_ml_engineer", "junior"),
        description="annual total compensation of a converted junior hire, USD (article junior band)",
    )
    productivity_after: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_junior_productivity"),
        description="productivity of a converted junior relative to an experienced hire",
    )
    ramp_months: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_ramp_months"),
        description="months to full productivity after the start date",
    )
    attrition: Range = Field(
        default_factory=lambda: [
            _pct_figure("public.39"),
            _fig("assumption.strategy_new_hire_attrition").high,
        ],
        description="annual attrition of converted hires",
    )
    partnership_cost_per_year: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_partnership_cost"),
        description="fixed annual cost of partnerships and sponsorship if any interns are taken, USD",
    )
    max_interns: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_max_interns")),
        ge=1,
        le=100_000,
        description="interns the organisation can host over the horizon (limit)",
    )


class OrgModelParams(StrictModel):
    """Inputs of the operating-model comparator (CoE, hub and spoke, embedded)."""

    ai_headcount: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_org_ai_headcount")),
        ge=1,
        le=1_000_000,
        description="AI professionals in the organisation today",
    )
    business_units: int = Field(
        default_factory=lambda: int(_val("assumption.strategy_org_business_units")),
        ge=1,
        le=10_000,
        description="business units the AI function serves",
    )
    maturity: Literal["early", "scaling", "mature"] = Field(
        "early", description="AI maturity: early (pilots), scaling (pilot to production) or mature"
    )
    coe_context_loss: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_coe_context_loss"),
        ge=0,
        le=1,
        description="CoE capacity lost per business unit served beyond the first",
    )
    coe_bottleneck_loss: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_coe_bottleneck_loss"),
        ge=0,
        le=1,
        description="CoE capacity lost per doubling of headcount beyond the article's CoE size",
    )
    embedded_min_team: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_embedded_min_team"),
        ge=1,
        le=1000,
        description="smallest embedded team that avoids isolation, persons",
    )
    embedded_isolation_loss: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_embedded_isolation_loss"),
        ge=0,
        le=1,
        description="capacity lost by a lone embedded engineer (falls to zero at the minimum team)",
    )
    embedded_immaturity_loss: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_embedded_immaturity_loss"),
        ge=0,
        le=1,
        description="embedded capacity lost to inconsistent practices when early (half when scaling)",
    )
    embedded_duplication: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_embedded_duplication"),
        ge=0,
        le=1,
        description="share of a platform each business unit rebuilds when embedded",
    )
    hub_coordination_loss: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_hub_coordination_loss"),
        ge=0,
        le=1,
        description="hub-and-spoke capacity lost per doubling of business units",
    )
    hub_share: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_hub_share"),
        ge=0,
        le=1,
        description="share of AI headcount in the central hub",
    )
    platform_cost_per_year: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_platform_cost"),
        ge=0,
        le=1e10,
        description="annual cost of one shared AI platform, USD",
    )


class StrategyRoiParams(NotebookParams):
    """Parameters of ``notebooks/strategy_roi.ipynb``."""

    notebook: ClassVar[str] = "strategy_roi"

    horizon_years: int = Field(
        default_factory=lambda: int(_fig("article.gap_persistence_years").high),
        ge=1,
        le=15,
        description="plan length in years; capacity is measured at its end (the deadline)",
    )
    discount_rate: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_discount_rate"),
        ge=0,
        le=0.5,
        description="annual discount rate for NPV (year-0 outlays undiscounted, year t flows discounted t years)",
    )
    simulations: int = Field(5000, ge=100, le=200_000, description="Monte Carlo draws")
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    capacity_target_fte: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_capacity_target_fte"),
        ge=0,
        le=1e6,
        description="productive AI FTEs to add by the end of the horizon",
    )
    budget: Finite = Field(
        default_factory=lambda: _val("assumption.strategy_budget"),
        ge=0,
        le=1e12,
        description="spending limit over the horizon, USD (full economic cost incl. staff time)",
    )
    fte_year_value: Range = Field(
        default_factory=default_fte_year_value,
        description="value of one productive AI FTE-year, USD (1.3 to 2.0 x loaded mid-level AI pay)",
    )
    pay_overhead: Range = Field(
        default_factory=lambda: _rng("assumption.strategy_pay_overhead"),
        description="employer on-costs on total compensation, fraction",
    )
    hire: HireParams = Field(default_factory=HireParams, description="external hiring, standard process")
    upskill: UpskillParams = Field(default_factory=UpskillParams, description="structured upskilling")
    rotation: RotationParams = Field(default_factory=RotationParams, description="rotations into the AI team")
    faster_hiring: FasterHiringParams = Field(
        default_factory=FasterHiringParams, description="hiring with a short process"
    )
    ai_tools: AiToolsParams = Field(
        default_factory=AiToolsParams, description="AI tools and managed services"
    )
    pipeline: PipelineParams = Field(
        default_factory=PipelineParams, description="interns and university pipeline"
    )
    org_model: OrgModelParams = Field(
        default_factory=OrgModelParams, description="operating-model comparator inputs and cost model"
    )


# ---------------------------------------------------------------------------------------------------------
# Inputs: every [low, high] field as a flat path


def range_fields(params: StrategyRoiParams) -> dict[str, tuple[float, float]]:
    """Every ``[low, high]`` field as ``path → (low, high)``, e.g. ``"hire.pay"`` (order is stable)."""
    out: dict[str, tuple[float, float]] = {}
    for name in ("fte_year_value", "pay_overhead"):
        low, high = getattr(params, name)
        out[name] = (low, high)
    for key in STRATEGIES:
        section = getattr(params, key)
        for name in type(section).model_fields:
            value = getattr(section, name)
            if isinstance(value, list):
                out[f"{key}.{name}"] = (float(value[0]), float(value[1]))
    return out


def draw_inputs(params: StrategyRoiParams, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Draw every range uniformly on ``[low, high]`` (one matrix of uniforms, columns in field order).

    Returns:
        ``path → array [n]``; a degenerate range ``[a, a]`` gives exactly ``a``.
    """
    fields = range_fields(params)
    uniforms = rng.random((n, len(fields)))
    return {
        path: low + uniforms[:, index] * (high - low)
        for index, (path, (low, high)) in enumerate(fields.items())
    }


def midpoint_inputs(params: StrategyRoiParams) -> dict[str, np.ndarray]:
    """Every range at its midpoint (one row)."""
    return {path: np.array([(low + high) / 2]) for path, (low, high) in range_fields(params).items()}


def limits(params: StrategyRoiParams) -> dict[str, int]:
    """The limits as set: units per strategy, except ``hire`` (candidates taken to offer, shared with fast hiring)."""
    return {
        "hire": params.hire.max_offers,
        "upskill": params.upskill.candidate_pool,
        "rotation": params.rotation.max_seats,
        "faster_hiring": params.faster_hiring.max_requisitions,
        "ai_tools": params.ai_tools.max_seats,
        "pipeline": params.pipeline.max_interns,
    }


# ---------------------------------------------------------------------------------------------------------
# Economics


def acceptance_probability(process_weeks: Any, competing_offers: Any, hazard: Any) -> Any:
    """Probability a candidate is still available and accepts: ``exp(−hazard × offers × weeks)`` (labelled model).

    Args:
        process_weeks: Process length from first contact to offer, weeks.
        competing_offers: Offers the candidate holds.
        hazard: Weekly probability of losing the candidate per competing offer.
    """
    return np.exp(-np.asarray(hazard) * np.asarray(competing_offers) * np.asarray(process_weeks))


def hiring_times(x: dict[str, np.ndarray], fast_weeks: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Acceptance probabilities and expected days to fill, standard and short process.

    Returns:
        ``p_standard, p_fast, days_standard, days_fast`` (arrays).
    """
    fast_weeks = x["faster_hiring.process_weeks"] if fast_weeks is None else fast_weeks
    offers, hazard = x["hire.competing_offers"], x["hire.offer_loss_hazard"]
    std_weeks = x["hire.process_weeks"]
    p_std = acceptance_probability(std_weeks, offers, hazard)
    p_fast = acceptance_probability(fast_weeks, offers, hazard)
    attempt = x["hire.time_to_fill_days"] * x["hire.market_coverage"] ** (-x["hire.gap_elasticity"])
    attempt_fast = np.maximum(attempt - (std_weeks - fast_weeks) * 7.0, fast_weeks * 7.0)
    return {
        "p_standard": p_std,
        "p_fast": p_fast,
        "days_standard": attempt / p_std,
        "days_fast": attempt_fast / p_fast,
    }


def _ramp(tau: np.ndarray, start: np.ndarray, ramp_years: np.ndarray) -> np.ndarray:
    """Share of full productivity: 0 before ``start``, linear to 1 over ``ramp_years``."""
    since = tau - start
    safe = np.maximum(ramp_years, 1e-12)
    return np.where(since < 0, 0.0, np.clip(since / safe, 0.0, 1.0))


def _present(tau: np.ndarray, start: np.ndarray, attrition: np.ndarray) -> np.ndarray:
    """Expected presence: 0 before ``start``, then ``(1 − attrition)^(τ − start)``."""
    since = tau - start
    return np.where(since < 0, 0.0, (1.0 - attrition) ** np.maximum(since, 0.0))


@dataclass(frozen=True)
class Economics:
    """Per-unit economics of every strategy.

    Attributes:
        strategies: Strategy keys (axis 1 of the arrays).
        horizon_years: Plan length.
        discount_rate: Annual rate used for NPV.
        benefits: ``[simulation, strategy, year 0..H]`` value of productive FTE-years, USD.
        costs: Same shape, USD.
        fte_years: ``[simulation, strategy]`` productive FTE-years within the horizon.
        capacity: ``[simulation, strategy]`` expected productive FTE at the deadline.
        fixed_cost: ``[simulation, strategy]`` part of ``costs`` that is a programme-level fixed cost spread per unit.
        hiring: Acceptance probabilities and days to fill (see :func:`hiring_times`).
        monthly_net: ``[simulation, strategy, 1 + 12·H]`` net cash flow: up-front outlay, then each month (for payback).
    """

    strategies: tuple[str, ...]
    horizon_years: int
    discount_rate: float
    benefits: np.ndarray
    costs: np.ndarray
    fte_years: np.ndarray
    capacity: np.ndarray
    fixed_cost: np.ndarray
    hiring: dict[str, np.ndarray]
    monthly_net: np.ndarray

    @property
    def cash_flows(self) -> np.ndarray:
        """Benefits − costs, ``[simulation, strategy, year]``."""
        return self.benefits - self.costs


def evaluate(
    x: dict[str, np.ndarray], horizon_years: int, discount_rate: float, max_interns: int = 1
) -> Economics:
    """Per-unit cash flows, FTE-years and capacity of every strategy, vectorised over draws.

    Args:
        x: Inputs ``path → array [n]`` (see :func:`draw_inputs`).
        horizon_years: Plan length H (years).
        discount_rate: Annual discount rate.
        max_interns: Intake over which the pipeline's partnership cost is spread in the per-unit view.

    Returns:
        The economics (see the module docstring for each strategy's model and the timing convention).
    """
    n = len(next(iter(x.values())))
    col = {k: np.asarray(v, dtype=float).reshape(n, 1) for k, v in x.items()}
    months = 12 * horizon_years
    # month midpoints (years) plus the deadline as a last column
    tau = np.concatenate([(np.arange(months) + 0.5) / 12.0, [float(horizon_years)]])[None, :]
    value_m = col["fte_year_value"] / 12.0
    load = 1.0 + col["pay_overhead"]
    zero = np.zeros((n, months + 1))
    prod: dict[str, np.ndarray] = {}
    cost_m: dict[str, np.ndarray] = {}
    upfront: dict[str, np.ndarray] = {}
    fixed_m: dict[str, np.ndarray] = {}

    # hire and faster_hiring share the hiring market
    times = hiring_times({k: v.reshape(n) for k, v in col.items()})
    times["fte_year_value"] = col["fte_year_value"][:, 0]
    for key, days, cph in (
        ("hire", times["days_standard"], col["hire.cost_per_hire"][:, 0]),
        (
            "faster_hiring",
            times["days_fast"],
            col["hire.cost_per_hire"][:, 0] * times["p_standard"] / times["p_fast"]
            + col["faster_hiring.extra_cost_per_requisition"][:, 0],
        ),
    ):
        start = (days / 365.0)[:, None]
        present = _present(tau, start, col["hire.attrition"])
        prod[key] = present * _ramp(tau, start, col["hire.ramp_months"] / 12.0)
        cost_m[key] = present * col["hire.pay"] * load / 12.0
        upfront[key] = cph
        fixed_m[key] = zero

    # upskill
    program = col["upskill.program_months"] / 12.0
    internal_loaded = col["upskill.internal_pay"] * load
    attr_up = col["upskill.attrition"] * (1.0 - col["upskill.retention_effect"])
    in_program = tau < program
    after = col["upskill.completion_rate"] * _present(tau, program, attr_up)
    prod["upskill"] = after * col["upskill.productivity_after"]
    budget_m = col["upskill.learning_budget_per_person"] / 12.0
    cost_m["upskill"] = np.where(
        in_program,
        col["upskill.training_time_share"] * internal_loaded / 12.0 + budget_m,
        after * (internal_loaded * (1.0 + col["upskill.pay_uplift"]) / 12.0 + budget_m),
    )
    upfront["upskill"] = np.zeros(n)
    fixed_m["upskill"] = zero

    # rotation: a seat filled continuously; alumni carry AI work back
    length = col["rotation.rotation_months"] / 12.0
    rot_loaded = col["rotation.internal_pay"] * load
    alumni = np.zeros((n, months + 1))
    max_cohorts = math.ceil(horizon_years * 12 / max(float(np.min(x["rotation.rotation_months"])), 1e-9)) + 1
    for k in range(1, max_cohorts + 1):  # loop over cohorts (≤ 12·H), vectorised over draws and months
        returned = k * length
        alumni += _present(tau, returned, col["rotation.attrition"])
    carry = col["rotation.carry_back_share"]
    prod["rotation"] = col["rotation.productivity_during"] + carry * alumni
    cost_m["rotation"] = (
        rot_loaded / 12.0
        + carry * alumni * rot_loaded / 12.0
        + col["rotation.mentoring_cost_per_rotation"] / length / 12.0
    ) * np.ones_like(tau)
    upfront["rotation"] = np.zeros(n)
    fixed_m["rotation"] = zero

    # ai_tools
    prod["ai_tools"] = (
        col["ai_tools.productivity_gain"]
        * col["ai_tools.adoption_rate"]
        * leadership_fluency.adoption_multiplier(
            col["ai_tools.leadership_gap_points"], leadership_fluency.default_adoption_effect()
        )
        * _ramp(tau, 0.0, col["ai_tools.ramp_months"] / 12.0)
    )
    cost_m["ai_tools"] = col["ai_tools.seat_cost_per_year"] / 12.0 * np.ones_like(tau)
    upfront["ai_tools"] = col["ai_tools.enablement_cost_per_seat"][:, 0]
    fixed_m["ai_tools"] = zero

    # pipeline
    lead = col["pipeline.lead_time_years"]
    present = col["pipeline.conversion_rate"] * _present(tau, lead, col["pipeline.attrition"])
    prod["pipeline"] = (
        present * col["pipeline.productivity_after"] * _ramp(tau, lead, col["pipeline.ramp_months"] / 12.0)
    )
    fixed_m["pipeline"] = (
        col["pipeline.partnership_cost_per_year"] / 12.0 / max(max_interns, 1) * np.ones_like(tau)
    )
    cost_m["pipeline"] = present * col["pipeline.pay"] * load / 12.0 + fixed_m["pipeline"]
    upfront["pipeline"] = col["pipeline.intern_cost"][:, 0]

    def yearly(monthly: np.ndarray) -> np.ndarray:
        return monthly[:, :months].reshape(n, horizon_years, 12).sum(axis=2)

    benefits = np.zeros((n, len(STRATEGIES), horizon_years + 1))
    costs = np.zeros_like(benefits)
    fte_years = np.zeros((n, len(STRATEGIES)))
    capacity = np.zeros_like(fte_years)
    fixed = np.zeros_like(fte_years)
    monthly = np.zeros((n, len(STRATEGIES), months + 1))
    for index, key in enumerate(STRATEGIES):
        monthly[:, index, 0] = -upfront[key]
        monthly[:, index, 1:] = (prod[key] * value_m - cost_m[key])[:, :months]
        benefits[:, index, 1:] = yearly(prod[key] * value_m)
        costs[:, index, 0] = upfront[key]
        costs[:, index, 1:] = yearly(cost_m[key])
        fte_years[:, index] = prod[key][:, :months].sum(axis=1) / 12.0
        capacity[:, index] = prod[key][:, -1]
        fixed[:, index] = fixed_m[key][:, :months].sum(axis=1)
    return Economics(
        strategies=STRATEGIES,
        horizon_years=horizon_years,
        discount_rate=discount_rate,
        benefits=benefits,
        costs=costs,
        fte_years=fte_years,
        capacity=capacity,
        fixed_cost=fixed,
        hiring=times,
        monthly_net=monthly,
    )


def simulate(params: StrategyRoiParams, rng: np.random.Generator | None = None) -> Economics:
    """Run the seeded Monte Carlo over every range (``params.simulations`` draws)."""
    rng = rng if rng is not None else np.random.default_rng(params.seed)
    x = draw_inputs(params, rng, params.simulations)
    return evaluate(x, params.horizon_years, params.discount_rate, params.pipeline.max_interns)


def discount_factors(rate: float, years: int) -> np.ndarray:
    """Discount factor of each year 0 … ``years − 1``, from ``numpy_financial.npv`` of unit cash flows.

    ``npf.npv(rate, e_t)`` is the NPV of 1 USD in year *t*: ``1 / (1 + rate)^t`` (year 0 undiscounted).
    """
    return np.array([npf.npv(rate, unit) for unit in np.eye(years)])


def _npv(rate: float, flows: np.ndarray) -> np.ndarray:
    """NPV over the last axis (years) of an array of any shape: flows · discount factors (``numpy_financial``).

    NPV is linear in the flows, so this equals ``npf.npv(rate, flows[i])`` for every case ``i`` (``npf.npv`` itself
    only handles one series at a time).
    """
    flows = np.asarray(flows, dtype=float)
    return flows @ discount_factors(rate, flows.shape[-1])


def payback_period(flows: np.ndarray, periods_per_year: int = 1) -> np.ndarray:
    """Years until the cumulative undiscounted cash flow turns non-negative for good.

    ``flows[..., 0]`` is the outlay at t = 0; ``flows[..., k]`` accrues evenly over period *k* (ending at
    ``k / periods_per_year`` years). Payback is the crossing after the **last** period whose cumulative is negative,
    interpolated linearly within the period: 0 if the cumulative is never negative, ``inf`` if it is still negative at
    the horizon.

    Args:
        flows: Net cash flows, last axis = period 0 … T.
        periods_per_year: 1 for yearly flows, 12 for monthly.
    """
    flows = np.asarray(flows, dtype=float)
    cumulative = np.cumsum(flows, axis=-1)
    negative = cumulative < -1e-9
    periods = flows.shape[-1]
    last = periods - 1 - np.argmax(negative[..., ::-1], axis=-1)  # last negative period (if any)
    nxt = np.minimum(last + 1, periods - 1)
    short = -np.take_along_axis(cumulative, last[..., None], axis=-1)[..., 0]
    flow = np.take_along_axis(flows, nxt[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        within = np.where(flow > 0, short / flow, 0.0)
    payback = (last + within) / periods_per_year
    payback = np.where(negative.any(axis=-1), payback, 0.0)
    return np.where(negative[..., -1], np.inf, payback)


def cash_flow_metrics(benefits: np.ndarray, costs: np.ndarray, rate: float) -> dict[str, np.ndarray]:
    """NPV, ROI, payback and totals of yearly cash flows (last axis = year 0 … H).

    Args:
        benefits: Benefits by year, any leading shape.
        costs: Costs by year, same shape.
        rate: Annual discount rate.

    Returns:
        ``npv`` (``numpy_financial.npv``: year 0 undiscounted, year t discounted t periods), ``pv_costs``,
        ``roi`` (NPV ÷ PV of costs), ``payback_years`` (:func:`payback_period` of the yearly flows),
        ``total_cost``, ``total_benefit``.
    """
    flows = benefits - costs
    npv = _npv(rate, flows)
    pv_costs = _npv(rate, costs)
    with np.errstate(divide="ignore", invalid="ignore"):
        roi = np.where(pv_costs > 0, npv / pv_costs, np.nan)
    return {
        "npv": npv,
        "pv_costs": pv_costs,
        "roi": roi,
        "payback_years": payback_period(flows),
        "total_cost": costs.sum(axis=-1),
        "total_benefit": benefits.sum(axis=-1),
    }


def _pct(values: np.ndarray, p: float) -> float:
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        return float("nan")
    result = float(np.percentile(finite, p, method="inverted_cdf"))
    return result


def strategy_table(econ: Economics) -> pd.DataFrame:
    """P10/P50/P90 per strategy (contract columns first); payback from the monthly flows.

    Returns:
        ``strategy, npv_p10, npv_p50, npv_p90, roi_p50, payback_years_p50, cost_per_productive_fte_year_p50`` then
        ``unit, roi_p10, roi_p90, payback_years_p10, payback_years_p90, prob_positive_npv, fte_years_p50,
        capacity_at_deadline_mean, total_cost_mean``. Payback beyond the horizon is empty.
    """
    metrics = cash_flow_metrics(econ.benefits, econ.costs, econ.discount_rate)
    metrics["payback_years"] = payback_period(econ.monthly_net, 12)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost_per_fte = np.where(econ.fte_years > 0, metrics["total_cost"] / econ.fte_years, np.inf)
    rows = []
    for index, key in enumerate(econ.strategies):
        npv = metrics["npv"][:, index]
        payback = metrics["payback_years"][:, index]
        roi = metrics["roi"][:, index]
        row = {
            "strategy": key,
            "npv_p10": _pct(npv, 10),
            "npv_p50": _pct(npv, 50),
            "npv_p90": _pct(npv, 90),
            "roi_p50": _pct(roi, 50),
            "payback_years_p50": _pct(payback, 50),
            "cost_per_productive_fte_year_p50": _pct(cost_per_fte[:, index], 50),
            "unit": UNITS[key],
            "roi_p10": _pct(roi, 10),
            "roi_p90": _pct(roi, 90),
            "payback_years_p10": _pct(payback, 10),
            "payback_years_p90": _pct(payback, 90),
            "prob_positive_npv": float(np.mean(npv > 0)),
            "fte_years_p50": _pct(econ.fte_years[:, index], 50),
            "capacity_at_deadline_mean": float(np.mean(econ.capacity[:, index])),
            "total_cost_mean": float(np.mean(metrics["total_cost"][:, index])),
        }
        rows.append(row)
    frame = pd.DataFrame(rows)
    numeric = frame.select_dtypes("number").columns
    frame[numeric] = frame[numeric].replace([np.inf, -np.inf], np.nan)
    return frame


def cash_flow_table(econ: Economics) -> pd.DataFrame:
    """Mean yearly benefits, costs and net cash flow per unit of each strategy (long format)."""
    rows = []
    for index, key in enumerate(econ.strategies):
        for year in range(econ.horizon_years + 1):
            benefit = float(econ.benefits[:, index, year].mean())
            cost = float(econ.costs[:, index, year].mean())
            rows.append(
                {
                    "strategy": key,
                    "year": year,
                    "benefit_mean": benefit,
                    "cost_mean": cost,
                    "net_mean": benefit - cost,
                }
            )
    return pd.DataFrame(rows)


def hiring_table(econ: Economics) -> pd.DataFrame:
    """Standard vs short process: acceptance, days to fill, candidates not lost and vacancy value saved (P10/P50/P90).

    Vacancy value saved = days saved ÷ 365 × value of a productive FTE-year.
    """
    h = econ.hiring
    value = h["fte_year_value"]
    series = {
        "acceptance_standard": h["p_standard"],
        "acceptance_fast": h["p_fast"],
        "candidates_not_lost_per_100_offers": 100 * (h["p_fast"] - h["p_standard"]),
        "days_to_fill_standard": h["days_standard"],
        "days_to_fill_fast": h["days_fast"],
        "vacancy_days_saved": h["days_standard"] - h["days_fast"],
        "vacancy_value_saved": (h["days_standard"] - h["days_fast"]) / 365.0 * value,
    }
    return pd.DataFrame(
        [
            {"measure": name, **{f"p{p}": _pct(np.asarray(v, dtype=float), p) for p in PERCENTILES}}
            for name, v in series.items()
        ]
    )


# ---------------------------------------------------------------------------------------------------------
# Sensitivity


def tornado_table(params: StrategyRoiParams) -> pd.DataFrame:
    """One-at-a-time sensitivity of each strategy's per-unit NPV.

    Every range sits at its midpoint except one, set to its low and then its high end; all cases are evaluated in
    one vectorised call. Inputs that do not move a strategy's NPV are dropped for that strategy.

    Returns:
        ``strategy, variable, low_input, high_input, base_value, low_value, high_value, swing``.
    """
    fields = range_fields(params)
    mid = {path: (low + high) / 2 for path, (low, high) in fields.items()}
    paths = list(fields)
    n = 1 + 2 * len(paths)
    x = {path: np.full(n, value) for path, value in mid.items()}
    for index, path in enumerate(paths):
        x[path][1 + 2 * index] = fields[path][0]
        x[path][2 + 2 * index] = fields[path][1]
    econ = evaluate(x, params.horizon_years, params.discount_rate, params.pipeline.max_interns)
    npv = cash_flow_metrics(econ.benefits, econ.costs, params.discount_rate)["npv"]
    rows = []
    for s_index, key in enumerate(STRATEGIES):
        base = float(npv[0, s_index])
        for index, path in enumerate(paths):
            low_value, high_value = float(npv[1 + 2 * index, s_index]), float(npv[2 + 2 * index, s_index])
            swing = abs(high_value - low_value)
            if swing <= 1e-6 * max(1.0, abs(base)):
                continue
            rows.append(
                {
                    "strategy": key,
                    "variable": path,
                    "low_input": fields[path][0],
                    "high_input": fields[path][1],
                    "base_value": base,
                    "low_value": low_value,
                    "high_value": high_value,
                    "swing": swing,
                }
            )
    return pd.DataFrame(rows).sort_values(["strategy", "swing"], ascending=[True, False], ignore_index=True)


# ---------------------------------------------------------------------------------------------------------
# Portfolio optimiser


@dataclass(frozen=True)
class PortfolioProblem:
    """A min-cost mix problem.

    Attributes:
        strategies: Names.
        capacity_per_unit: Expected FTE at the deadline per unit.
        cost_per_unit: Variable cost per unit over the horizon, USD.
        max_units: Per-strategy upper bounds.
        fixed_cost: Cost incurred once if a strategy is used at all (0 for none), USD.
        shared_limits: ``(strategy names, weights, limit, label)``: Σ weight × units ≤ limit.
        integer: Whole units (people, seats) when True.
    """

    strategies: tuple[str, ...]
    capacity_per_unit: np.ndarray
    cost_per_unit: np.ndarray
    max_units: np.ndarray
    fixed_cost: np.ndarray
    shared_limits: tuple[tuple[tuple[str, ...], tuple[float, ...], float, str], ...] = ()
    integer: bool = True


@dataclass(frozen=True)
class PortfolioResult:
    """The optimiser's answer.

    Attributes:
        feasible: The target is reachable within limits and budget.
        status: ``optimal``, ``over_limits`` or ``over_budget``.
        explanation: One sentence naming the binding constraint.
        allocation: ``strategy, units, fte, cost`` (best effort when infeasible).
        total_fte: Capacity of the allocation.
        total_cost: Cost of the allocation.
        max_reachable_fte: Capacity with every strategy at its limit.
        min_cost: Cheapest cost of the target ignoring the budget (NaN if unreachable).
        binding: Constraints at their bound in the solution.
    """

    feasible: bool
    status: str
    explanation: str
    allocation: pd.DataFrame
    total_fte: float
    total_cost: float
    max_reachable_fte: float
    min_cost: float
    binding: tuple[str, ...]


def _solve(
    problem: PortfolioProblem, objective: str, target: float = 0.0, budget: float | None = None
) -> np.ndarray | None:
    """Solve one MILP: ``objective`` is ``min_cost`` (capacity ≥ target) or ``max_capacity`` (cost ≤ budget)."""
    s = len(problem.strategies)
    cap, cost, fixed = problem.capacity_per_unit, problem.cost_per_unit, problem.fixed_cost
    upper = np.asarray(problem.max_units, dtype=float)
    # variables: units x (s), switches y (s, binary) for fixed costs
    c = np.concatenate([cost, fixed]) if objective == "min_cost" else np.concatenate([-cap, np.zeros(s)])
    rows, lower_b, upper_b = [], [], []
    link = np.hstack([np.eye(s), -np.diag(upper)])  # x ≤ max × y
    rows.append(link)
    lower_b.append(np.full(s, -np.inf))
    upper_b.append(np.zeros(s))
    for names, weights, limit, _label in problem.shared_limits:
        row = np.zeros(2 * s)
        for name, weight in zip(names, weights, strict=True):
            row[problem.strategies.index(name)] = weight
        rows.append(row[None, :])
        lower_b.append([-np.inf])
        upper_b.append([limit])
    if objective == "min_cost":
        rows.append(np.concatenate([cap, np.zeros(s)])[None, :])
        lower_b.append([target - 1e-9])
        upper_b.append([np.inf])
    if budget is not None:
        rows.append(np.concatenate([cost, fixed])[None, :])
        lower_b.append([-np.inf])
        upper_b.append([budget])
    constraint = LinearConstraint(np.vstack(rows), np.concatenate(lower_b), np.concatenate(upper_b))
    integrality = np.concatenate([np.full(s, 1 if problem.integer else 0), np.ones(s)])
    bounds = Bounds(np.zeros(2 * s), np.concatenate([upper, np.ones(s)]))
    result = milp(c, constraints=constraint, integrality=integrality, bounds=bounds, options={"disp": False})
    if not result.success or result.x is None:
        return None
    x = result.x[:s]
    if problem.integer:
        x = np.round(x) + 0.0
    return x


def _allocation(problem: PortfolioProblem, units: np.ndarray) -> pd.DataFrame:
    used = units > 0
    cost = units * problem.cost_per_unit + used * problem.fixed_cost
    return pd.DataFrame(
        {
            "strategy": list(problem.strategies),
            "units": units,
            "fte": units * problem.capacity_per_unit,
            "cost": cost,
        }
    )


def max_reachable(problem: PortfolioProblem) -> float:
    """Capacity at the deadline with every strategy as large as its limits allow (budget ignored)."""
    units = _solve(problem, "max_capacity")
    return float(units @ problem.capacity_per_unit) if units is not None else 0.0


def min_cost(problem: PortfolioProblem, target: float) -> tuple[float, np.ndarray | None]:
    """Cheapest cost of reaching ``target`` FTE within the limits (budget ignored); ``(nan, None)`` if unreachable."""
    units = _solve(problem, "min_cost", target=target)
    if units is None:
        return float("nan"), None
    return float(_allocation(problem, units)["cost"].sum()), units


def _limits_text(problem: PortfolioProblem) -> str:
    parts = [
        f"{name} ≤ {fmt_num(limit)}"
        for name, limit in zip(problem.strategies, problem.max_units, strict=True)
    ]
    parts += [f"{label} ≤ {fmt_num(limit)}" for _names, _weights, limit, label in problem.shared_limits]
    return ", ".join(parts)


def optimise(problem: PortfolioProblem, target: float, budget: float) -> PortfolioResult:
    """Minimum-cost mix reaching ``target`` FTE within per-strategy limits and ``budget``; explain infeasibility.

    Order of checks: (1) can the limits reach the target at all; (2) is the cheapest such mix within budget.
    When infeasible, the allocation is the best effort: the most capacity within the limits (and the budget, if the
    budget is what binds).
    """
    reach = max_reachable(problem)
    if target > reach + 1e-6:
        units = _solve(problem, "max_capacity", budget=budget)
        units = units if units is not None else np.zeros(len(problem.strategies))
        alloc = _allocation(problem, units)
        explanation = (
            f"Target {fmt_num(target, 1)} FTE exceeds the maximum reachable {fmt_num(reach, 1)} FTE under "
            f"per-strategy limits ({_limits_text(problem)}); raise a limit or lower the target. The best mix within "
            f"limits and budget reaches {fmt_num(alloc['fte'].sum(), 1)} FTE for {fmt_money(alloc['cost'].sum())}."
        )
        return PortfolioResult(
            False,
            "over_limits",
            explanation,
            alloc,
            float(alloc["fte"].sum()),
            float(alloc["cost"].sum()),
            reach,
            float("nan"),
            ("per-strategy limits",),
        )
    cheapest, units = min_cost(problem, target)
    assert units is not None
    if cheapest > budget + 1e-6:
        best = _solve(problem, "max_capacity", budget=budget)
        best = best if best is not None else np.zeros(len(problem.strategies))
        alloc = _allocation(problem, best)
        explanation = (
            f"Budget {fmt_money(budget)} is below the {fmt_money(cheapest)} minimum cost of reaching "
            f"{fmt_num(target, 1)} FTE; the budget buys at most {fmt_num(alloc['fte'].sum(), 1)} FTE."
        )
        return PortfolioResult(
            False,
            "over_budget",
            explanation,
            alloc,
            float(alloc["fte"].sum()),
            float(alloc["cost"].sum()),
            reach,
            cheapest,
            ("budget",),
        )
    alloc = _allocation(problem, units)
    binding = [
        f"{name} at its limit ({fmt_num(limit)})"
        for name, limit, used in zip(problem.strategies, problem.max_units, units, strict=True)
        if limit > 0 and used >= limit - 1e-9
    ]
    for names, weights, limit, label in problem.shared_limits:
        used = sum(w * units[problem.strategies.index(n)] for n, w in zip(names, weights, strict=True))
        if used >= limit - max(weights) + 1e-9:
            binding.append(f"{label} at its limit ({fmt_num(limit)})")
    explanation = (
        f"The cheapest mix reaching {fmt_num(target, 1)} FTE costs {fmt_money(cheapest)} "
        f"({fmt_money(budget - cheapest)} under budget); binding: {', '.join(binding) or 'none'}."
    )
    return PortfolioResult(
        True,
        "optimal",
        explanation,
        alloc,
        float(alloc["fte"].sum()),
        cheapest,
        reach,
        cheapest,
        tuple(binding),
    )


def portfolio_problem(econ: Economics, params: StrategyRoiParams) -> PortfolioProblem:
    """Per-unit expected capacity at the deadline and cost (Monte Carlo means) with the parameters' limits.

    The pipeline's partnership cost moves from a per-unit share to a fixed cost (mean over the horizon). External
    hiring shares one market: a standard hire uses ``E[1/p_standard]`` candidates taken to offer, a fast one
    ``E[1/p_fast]``, and together they may use at most ``hire.max_offers`` (so a shorter process fills more
    requisitions from the same candidates).
    """
    total_cost = econ.costs.sum(axis=2)
    lim = limits(params)
    attempts_std = float(np.mean(1.0 / econ.hiring["p_standard"]))
    attempts_fast = float(np.mean(1.0 / econ.hiring["p_fast"]))
    offers = float(params.hire.max_offers)
    lim = dict(lim)
    lim["hire"] = math.floor(offers / attempts_std + 1e-9)
    lim["faster_hiring"] = min(
        params.faster_hiring.max_requisitions, math.floor(offers / attempts_fast + 1e-9)
    )
    fixed_per_unit = econ.fixed_cost.mean(axis=0)
    fixed = np.zeros(len(STRATEGIES))
    pipeline = STRATEGIES.index("pipeline")
    fixed[pipeline] = fixed_per_unit[pipeline] * max(params.pipeline.max_interns, 1)
    return PortfolioProblem(
        strategies=STRATEGIES,
        capacity_per_unit=econ.capacity.mean(axis=0),
        cost_per_unit=total_cost.mean(axis=0) - fixed_per_unit,
        max_units=np.array([lim[k] for k in STRATEGIES], dtype=float),
        fixed_cost=fixed,
        shared_limits=(
            (
                ("hire", "faster_hiring"),
                (attempts_std, attempts_fast),
                offers,
                "candidates taken to offer (hire.max_offers)",
            ),
        ),
    )


def portfolio_table(result: PortfolioResult) -> pd.DataFrame:
    """The contract table ``strategy, fte, cost`` (plus ``units``)."""
    return result.allocation[["strategy", "fte", "cost", "units"]].copy()


def frontier(problem: PortfolioProblem, points: int = 21) -> pd.DataFrame:
    """Minimum cost against capacity target, from 0 to the maximum reachable (budget ignored).

    Returns:
        ``capacity_target_fte, min_cost`` and the units of each strategy at that point.
    """
    reach = max_reachable(problem)
    rows = []
    for target in np.linspace(0.0, reach, points):
        cost, units = min_cost(problem, float(target))
        row = {"capacity_target_fte": float(target), "min_cost": cost}
        for name, value in zip(
            problem.strategies,
            units if units is not None else [np.nan] * len(problem.strategies),
            strict=True,
        ):
            row[f"units_{name}"] = float(value)
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Operating model


def article_guidance(ai_headcount: int, maturity: str) -> str:
    """The article's rule: CoE when early and below the CoE size, embedded when mature, else hub and spoke."""
    coe_max = _val("article.coe_max_headcount")
    if maturity == "mature":
        return "embedded"
    if maturity == "early" and ai_headcount < coe_max:
        return "coe"
    return "hub_and_spoke"


def org_costs(
    org: OrgModelParams, ai_headcount: float, business_units: float, maturity: str, loaded_pay: float
) -> dict[str, dict[str, float]]:
    """Labelled cost/coordination model of the three operating models.

    Returns:
        ``model → {capacity_loss, effective_fte, annual_cost, cost_per_effective_fte}``.
    """
    n, b = float(ai_headcount), float(business_units)
    coe_max = _val("article.coe_max_headcount")
    immaturity = {"early": 1.0, "scaling": 0.5, "mature": 0.0}[maturity] * org.embedded_immaturity_loss
    team = n / b
    losses = {
        "coe": org.coe_context_loss * (b - 1) + org.coe_bottleneck_loss * max(0.0, math.log2(n / coe_max)),
        "embedded": org.embedded_isolation_loss * max(0.0, 1 - team / org.embedded_min_team) + immaturity,
        "hub_and_spoke": org.hub_coordination_loss * math.log2(1 + b)
        + 0.5
        * org.embedded_isolation_loss
        * max(0.0, 1 - (n * (1 - org.hub_share) / b) / org.embedded_min_team),
    }
    platform = {
        "coe": org.platform_cost_per_year,
        "embedded": org.platform_cost_per_year * max(1.0, org.embedded_duplication * b),
        "hub_and_spoke": org.platform_cost_per_year,
    }
    out = {}
    for model in ORG_MODELS:
        loss = min(max(losses[model], 0.0), 0.95)
        effective = n * (1 - loss)
        cost = n * loaded_pay + platform[model]
        out[model] = {
            "capacity_loss": loss,
            "effective_fte": effective,
            "annual_cost": cost,
            "cost_per_effective_fte": cost / effective,
        }
    return out


def _loaded_pay(params: StrategyRoiParams) -> float:
    return sum(params.hire.pay) / 2 * (1 + sum(params.pay_overhead) / 2)


def org_model_table(
    params: StrategyRoiParams,
    headcounts: tuple[int, ...] = (5, 10, 20, 40, 80, 160),
    business_units: tuple[int, ...] = (1, 2, 4, 8, 16),
) -> pd.DataFrame:
    """Article guidance and the cost model's pick for the organisation (today and after the plan) and a grid.

    The organisation's rows use its maturity; the grid covers every maturity × headcount × business units.

    Returns:
        ``case, ai_headcount, business_units, maturity, article_guidance, model_choice, agree`` and
        ``<model>_cost_per_effective_fte`` / ``<model>_capacity_loss`` for each model.
    """
    org = params.org_model
    pay = _loaded_pay(params)
    after = org.ai_headcount + round(params.capacity_target_fte)
    cases = [("today", org.ai_headcount, org.business_units, org.maturity)]
    cases.append(("after plan", after, org.business_units, org.maturity))
    cases += [
        ("grid", h, b, m) for m in ("early", "scaling", "mature") for h in headcounts for b in business_units
    ]
    rows = []
    for case, h, b, maturity in cases:
        costs = org_costs(org, h, b, maturity, pay)
        choice = min(ORG_MODELS, key=lambda m, c=costs: c[m]["cost_per_effective_fte"])
        guidance = article_guidance(h, maturity)
        row = {
            "case": case,
            "ai_headcount": h,
            "business_units": b,
            "maturity": maturity,
            "article_guidance": guidance,
            "model_choice": choice,
            "agree": guidance == choice,
        }
        for model in ORG_MODELS:
            row[f"{model}_cost_per_effective_fte"] = costs[model]["cost_per_effective_fte"]
            row[f"{model}_capacity_loss"] = costs[model]["capacity_loss"]
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Headline metrics and findings


def run_metrics(
    params: StrategyRoiParams,
    strategies: pd.DataFrame,
    result: PortfolioResult,
    org: pd.DataFrame,
    hiring: pd.DataFrame,
) -> dict[str, Any]:
    """The notebook's ``metrics.json``: run facts, NPV P50 per strategy, portfolio and operating model."""
    by = strategies.set_index("strategy")
    h = hiring.set_index("measure")
    today = org[org["case"] == "today"].iloc[0]
    later = org[org["case"] == "after plan"].iloc[0]
    best = str(by["npv_p50"].idxmax())
    cheapest = str(by["cost_per_productive_fte_year_p50"].idxmin())
    metrics: dict[str, Any] = {
        "simulations": params.simulations,
        "seed": params.seed,
        "horizon_years": params.horizon_years,
        "discount_rate": params.discount_rate,
        "capacity_target_fte": params.capacity_target_fte,
        "budget": params.budget,
        "best_npv_strategy": best,
        "best_npv_strategy_label": LABELS[best],
        "cheapest_fte_year_strategy": cheapest,
        "portfolio_feasible": result.feasible,
        "portfolio_status": result.status,
        "portfolio_explanation": result.explanation,
        "portfolio_cost": result.total_cost,
        "portfolio_fte": result.total_fte,
        "max_reachable_fte": result.max_reachable_fte,
        "min_cost_of_target": result.min_cost,
        "acceptance_standard_p50": float(h.loc["acceptance_standard", "p50"]),
        "acceptance_fast_p50": float(h.loc["acceptance_fast", "p50"]),
        "candidates_not_lost_per_100_offers_p50": float(h.loc["candidates_not_lost_per_100_offers", "p50"]),
        "vacancy_days_saved_p50": float(h.loc["vacancy_days_saved", "p50"]),
        "vacancy_value_saved_p50": float(h.loc["vacancy_value_saved", "p50"]),
        "org_model_today": str(today["model_choice"]),
        "org_guidance_today": str(today["article_guidance"]),
        "org_model_after_plan": str(later["model_choice"]),
        "org_guidance_after_plan": str(later["article_guidance"]),
    }
    for key, row in by.iterrows():
        metrics[f"npv_p50_{key}"] = float(row["npv_p50"])
        metrics[f"roi_p50_{key}"] = float(row["roi_p50"])
    return metrics


def findings(metrics: dict[str, Any], strategies: pd.DataFrame) -> list[str]:
    """Plain-language findings, every number computed from the run."""
    by = strategies.set_index("strategy")
    best = metrics["best_npv_strategy"]
    cheap = metrics["cheapest_fte_year_strategy"]
    negative = [k for k, row in by.iterrows() if row["npv_p50"] < 0]
    out = [
        (
            f"Per unit, {LABELS[best]} has the highest median NPV: {fmt_money(by.loc[best, 'npv_p50'])} per "
            f"{UNITS[best]} (P10–P90 {fmt_money(by.loc[best, 'npv_p10'])} to {fmt_money(by.loc[best, 'npv_p90'])})."
        ),
        (
            f"The cheapest productive FTE-year comes from {LABELS[cheap]} at "
            f"{fmt_money(by.loc[cheap, 'cost_per_productive_fte_year_p50'])} (P50)."
        ),
        (
            f"A 2-week process keeps {fmt_pct(metrics['acceptance_fast_p50'])} of candidates against "
            f"{fmt_pct(metrics['acceptance_standard_p50'])} for the standard process (P50), saving about "
            f"{fmt_num(metrics['vacancy_days_saved_p50'])} vacancy days per requisition."
        ),
        metrics["portfolio_explanation"],
    ]
    if negative:
        out.append(
            "Median NPV is negative within the "
            f"{metrics['horizon_years']}-year horizon for: {', '.join(LABELS[k] for k in negative)} "
            "(no value is counted after the horizon)."
        )
    return out


def recommendations(metrics: dict[str, Any], allocation: pd.DataFrame, org: pd.DataFrame) -> list[str]:
    """Planning consequences of the run, each with its number."""
    used = allocation[allocation["units"] > 0]
    mix = ", ".join(f"{fmt_num(row.units)} × {LABELS[row.strategy]}" for row in used.itertuples())
    out = []
    if metrics["portfolio_feasible"]:
        out.append(
            f"Fund the cheapest mix for {fmt_num(metrics['capacity_target_fte'], 1)} FTE by year "
            f"{metrics['horizon_years']}: {mix} ({fmt_money(metrics['portfolio_cost'])})."
        )
    else:
        out.append(f"Re-scope before funding: {metrics['portfolio_explanation']}")
    out.append(
        f"Run AI requisitions as a 2-week process: acceptance rises from {fmt_pct(metrics['acceptance_standard_p50'])} "
        f"to {fmt_pct(metrics['acceptance_fast_p50'])} (P50) and a seat is filled about "
        f"{fmt_num(metrics['vacancy_days_saved_p50'])} days sooner."
    )
    today = org[org["case"] == "today"].iloc[0]
    later = org[org["case"] == "after plan"].iloc[0]
    if today["model_choice"] == later["model_choice"]:
        out.append(
            f"Keep a {ORG_LABELS[today['model_choice']]} model as the AI team grows to {later['ai_headcount']}."
        )
    else:
        out.append(
            f"Start as a {ORG_LABELS[today['model_choice']]} and plan the move to {ORG_LABELS[later['model_choice']]} "
            f"as the AI team grows from {today['ai_headcount']} to {later['ai_headcount']}."
        )
    return out


def org_findings(org: pd.DataFrame) -> list[str]:
    """Operating-model findings for the organisation today and after the plan."""
    out = []
    for case in ("today", "after plan"):
        row = org[org["case"] == case].iloc[0]
        out.append(
            f"{case.capitalize()} ({row['ai_headcount']} AI professionals, {row['business_units']} business units, "
            f"{row['maturity']} maturity): the article points to {ORG_LABELS[row['article_guidance']]}, "
            f"the cost model to {ORG_LABELS[row['model_choice']]}."
        )
    for maturity in ("early", "scaling", "mature"):
        grid = org[(org["case"] == "grid") & (org["maturity"] == maturity)]
        counts = grid["model_choice"].value_counts()
        picks = ", ".join(f"{ORG_LABELS[m]} {int(counts.get(m, 0))}" for m in ORG_MODELS)
        out.append(
            f"At {maturity} maturity, over {len(grid)} combinations of headcount and business units, the cost "
            f"model picks {picks}; it agrees with the article in {fmt_pct(grid['agree'].mean())} of them."
        )
    return out


def _description(path: str) -> str:
    if "." not in path:
        return StrategyRoiParams.model_fields[path].description or ""
    section, name = path.split(".", 1)
    model = StrategyRoiParams.model_fields[section].annotation
    return model.model_fields[name].description or ""


def inputs_table(params: StrategyRoiParams) -> pd.DataFrame:
    """Every range input and limit of the run with its description, for display."""
    rows = [
        {"input": path, "low": low, "high": high, "description": _description(path)}
        for path, (low, high) in range_fields(params).items()
    ]
    limit_paths = {
        "hire": "hire.max_offers",
        "upskill": "upskill.candidate_pool",
        "rotation": "rotation.max_seats",
        "faster_hiring": "faster_hiring.max_requisitions",
        "ai_tools": "ai_tools.max_seats",
        "pipeline": "pipeline.max_interns",
    }
    rows += [
        {
            "input": limit_paths[key],
            "low": float(value),
            "high": float(value),
            "description": _description(limit_paths[key]),
        }
        for key, value in limits(params).items()
    ]
    return pd.DataFrame(rows)


TABLE_FORMATS: dict[str, Any] = {
    **{f"npv_p{p}": fmt_money for p in PERCENTILES},
    **{f"roi_p{p}": fmt_pct for p in PERCENTILES},
    **{f"payback_years_p{p}": lambda v: f"{v:.1f} yrs" for p in PERCENTILES},
    "cost_per_productive_fte_year_p50": fmt_money,
    "prob_positive_npv": fmt_pct,
    "fte_years_p50": lambda v: fmt_num(v, 2),
    "capacity_at_deadline_mean": lambda v: fmt_num(v, 2),
    "total_cost_mean": fmt_money,
    "fte": lambda v: fmt_num(v, 1),
    "cost": fmt_money,
    "units": fmt_num,
    "min_cost": fmt_money,
    **{f"{m}_cost_per_effective_fte": fmt_money for m in ORG_MODELS},
    **{f"{m}_capacity_loss": fmt_pct for m in ORG_MODELS},
}


# ---------------------------------------------------------------------------------------------------------
# Charts


def _assumption_caption() -> str:
    return sources_caption(
        [
            "article: learning budget, programme and rotation months, competing offers, 2-week process, pay bands",
            "SHRM cost per hire and time to fill; LinkedIn tech turnover; BLS OEWS software developer pay",
            "value of an FTE-year, acceptance model and other inputs: talentlib assumptions (assumption.strategy_*)",
        ]
    )


def npv_chart(strategies: pd.DataFrame, params: StrategyRoiParams) -> Chart:
    """NPV per unit, P10–P90 range with the P50, by strategy."""
    from talentlib import plots
    from talentlib.plots import plt

    data = strategies.sort_values("npv_p50")
    fig, axis = plt.subplots(figsize=(8, 0.55 * len(data) + 1.6))
    positions = np.arange(len(data))
    axis.hlines(
        positions,
        data["npv_p10"],
        data["npv_p90"],
        color=plots.PALETTE[0],
        linewidth=6,
        alpha=0.45,
        label="P10–P90",
    )
    axis.scatter(data["npv_p50"], positions, color=plots.PALETTE[1], zorder=3, label="P50")
    axis.axvline(0, color="black", linewidth=1)
    axis.set_yticks(positions, [f"{LABELS[k]} (per {UNITS[k]})" for k in data["strategy"]])
    plots.money_axis(axis, "x")
    axis.set_xlabel(
        f"NPV per unit over {params.horizon_years} years at {fmt_pct(params.discount_rate)} (USD)"
    )
    axis.set_title("NPV by strategy, per unit")
    axis.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return Chart(
        fig,
        "npv_ranges",
        alt="Horizontal range bars of NPV per unit for each strategy, P10 to P90 with the median marked.",
        caption=f"Seeded Monte Carlo, {params.simulations:,} draws, uniform over every input range; no value after the "
        "horizon. " + _assumption_caption(),
    )


def tornado_chart(table: pd.DataFrame, params: StrategyRoiParams, top: int = 6) -> Chart:
    """Small multiples: for each strategy, the inputs that move its per-unit NPV most (one at a time)."""
    from talentlib import plots
    from talentlib.plots import plt

    keys = [k for k in STRATEGIES if k in set(table["strategy"])]
    ncols = 2
    nrows = math.ceil(len(keys) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(13, 2.9 * nrows), squeeze=False)
    for index, key in enumerate(keys):
        axis = axes[index // ncols][index % ncols]
        data = table[table["strategy"] == key].nlargest(top, "swing").iloc[::-1]
        base = float(data["base_value"].iloc[0])
        pos = np.arange(len(data))
        axis.barh(
            pos, data["low_value"] - base, left=base, color=plots.PALETTE[0], label="input at its low end"
        )
        axis.barh(
            pos, data["high_value"] - base, left=base, color=plots.PALETTE[1], label="input at its high end"
        )
        axis.axvline(base, color="black", linewidth=1)
        axis.set_yticks(pos, [v.split(".", 1)[-1].replace("_", " ") for v in data["variable"]], fontsize=8)
        plots.money_axis(axis, "x")
        axis.set_title(f"{LABELS[key]} (base {fmt_money(base)})", fontsize=10)
    for index in range(len(keys), nrows * ncols):
        axes[index // ncols][index % ncols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    fig.suptitle("What moves each strategy's NPV per unit", fontweight="bold")
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return Chart(
        fig,
        "tornado",
        alt="Six tornado panels, one per strategy, showing NPV per unit with each input at its low and high end.",
        caption="One input at a time at its low/high end, all others at their midpoints (deterministic). "
        + _assumption_caption(),
    )


def frontier_chart(front: pd.DataFrame, result: PortfolioResult, params: StrategyRoiParams) -> Chart:
    """Minimum cost against capacity target, with the budget and the target."""
    from talentlib import plots
    from talentlib.plots import plt

    fig, axis = plt.subplots(figsize=(8, 4.4))
    axis.plot(
        front["capacity_target_fte"],
        front["min_cost"],
        marker="o",
        color=plots.PALETTE[0],
        label="minimum cost",
    )
    axis.axhline(
        params.budget, color=plots.PALETTE[4], linestyle="--", label=f"budget {fmt_money(params.budget)}"
    )
    axis.axvline(
        params.capacity_target_fte,
        color=plots.PALETTE[2],
        linestyle=":",
        label=f"target {fmt_num(params.capacity_target_fte, 1)} FTE",
    )
    axis.scatter(
        [result.total_fte], [result.total_cost], color=plots.PALETTE[1], zorder=4, s=60, label="chosen mix"
    )
    axis.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"${v / 1e6:,.1f}M"))
    axis.set_xlabel(f"productive AI FTE added by year {params.horizon_years} (expected)")
    axis.set_ylabel("minimum total cost over the horizon (USD)")
    axis.set_title("Cost-versus-capacity frontier")
    axis.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return Chart(
        fig,
        "frontier",
        alt="Rising curve of minimum cost against FTE target, with the budget as a horizontal line and the target vertical.",
        caption="Mixed-integer programme (scipy.optimize.milp) over whole units; capacity and cost per unit are Monte "
        "Carlo means; limits per strategy and a shared recruiting limit. " + _assumption_caption(),
    )


def org_chart(org: pd.DataFrame) -> Chart:
    """Cost per effective FTE by model for the organisation, and the model choice across the grid."""
    from matplotlib.colors import ListedColormap

    from talentlib import plots
    from talentlib.plots import plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.6), gridspec_kw={"width_ratios": [1, 1.3]})
    mine = org[org["case"].isin(["today", "after plan"])]
    width = 0.38
    for offset, (_, row) in zip((-width / 2, width / 2), mine.iterrows(), strict=True):
        values = [row[f"{m}_cost_per_effective_fte"] for m in ORG_MODELS]
        left.bar(
            np.arange(3) + offset, values, width, label=f"{row['case']} ({row['ai_headcount']} AI staff)"
        )
    left.set_xticks(np.arange(3), [ORG_LABELS[m] for m in ORG_MODELS])
    plots.money_axis(left)
    left.set_ylabel("annual cost per effective AI FTE (USD)")
    left.set_title("Your organisation")
    left.legend(fontsize=8)
    maturity = mine["maturity"].iloc[0]
    grid = org[(org["case"] == "grid") & (org["maturity"] == maturity)]
    heads = sorted(grid["ai_headcount"].unique())
    units = sorted(grid["business_units"].unique())
    code = {m: i for i, m in enumerate(ORG_MODELS)}
    matrix = np.full((len(heads), len(units)), np.nan)
    for _, row in grid.iterrows():
        matrix[heads.index(row["ai_headcount"]), units.index(row["business_units"])] = code[
            row["model_choice"]
        ]
    right.imshow(
        matrix, cmap=ListedColormap(plots.PALETTE[:3]), vmin=-0.5, vmax=2.5, aspect="auto", origin="lower"
    )
    short = {"coe": "CoE", "hub_and_spoke": "Hub", "embedded": "Emb"}
    for _, row in grid.iterrows():
        i, j = heads.index(row["ai_headcount"]), units.index(row["business_units"])
        right.text(
            j,
            i,
            f"{short[row['model_choice']]}\n(article: {short[row['article_guidance']]})",
            ha="center",
            va="center",
            fontsize=7,
            color="white",
        )
    right.set_xticks(range(len(units)), [str(u) for u in units])
    right.set_yticks(range(len(heads)), [str(h) for h in heads])
    right.set_xlabel("business units")
    right.set_ylabel("AI headcount")
    right.set_title(f"Cost model's pick ({grid['maturity'].iloc[0]} maturity)")
    right.grid(False)
    fig.tight_layout()
    return Chart(
        fig,
        "org_model",
        alt="Bar chart of cost per effective FTE for CoE, hub and spoke and embedded; grid of the cheapest model by headcount and business units.",
        caption="Article guidance (CoE below 10 AI professionals at early maturity, hub and spoke when scaling, embedded "
        "when mature) beside a labelled cost and coordination model (assumption.strategy_coe_*, embedded_*, hub_*). "
        + sources_caption([_fig("article.coe_max_headcount").citation]),
    )


# ---------------------------------------------------------------------------------------------------------
# What-if


def what_if(
    params: StrategyRoiParams,
    value_scale: float = 1.0,
    discount_rate: float | None = None,
    capacity_target_fte: float | None = None,
    budget: float | None = None,
    simulations: int = 1000,
) -> tuple[pd.DataFrame, PortfolioResult]:
    """Recompute the strategy table and the portfolio with key levers changed (the widget's engine).

    Args:
        params: Base parameters.
        value_scale: Multiplies both ends of ``fte_year_value``.
        discount_rate: Replaces the discount rate.
        capacity_target_fte: Replaces the target.
        budget: Replaces the budget.
        simulations: Draws for the interactive view.
    """
    update: dict[str, Any] = {
        "fte_year_value": [v * value_scale for v in params.fte_year_value],
        "simulations": simulations,
    }
    for name, value in (
        ("discount_rate", discount_rate),
        ("capacity_target_fte", capacity_target_fte),
        ("budget", budget),
    ):
        if value is not None:
            update[name] = value
    varied = params.model_copy(update=update)
    econ = simulate(varied)
    result = optimise(portfolio_problem(econ, varied), varied.capacity_target_fte, varied.budget)
    return strategy_table(econ), result


def what_if_widget(params: StrategyRoiParams) -> Any:
    """Sliders for the value of an FTE-year, discount rate, target and budget; NPV bars and the mix recompute live.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    from talentlib import plots

    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib.plots import plt

    style = {"description_width": "initial"}
    value = widgets.FloatSlider(
        value=1.0, min=0.5, max=2.0, step=0.05, description="× value of an FTE-year", style=style
    )
    rate = widgets.FloatSlider(
        value=params.discount_rate, min=0.0, max=0.3, step=0.01, description="discount rate", style=style
    )
    target = widgets.FloatSlider(
        value=params.capacity_target_fte,
        min=0.0,
        max=max(4 * params.capacity_target_fte, 10.0),
        step=1.0,
        description="target FTE",
        style=style,
    )
    budget = widgets.FloatSlider(
        value=params.budget,
        min=0.0,
        max=max(3 * params.budget, 1e6),
        step=max(params.budget / 20, 1e5),
        description="budget (USD)",
        style=style,
        readout_format=",.0f",
    )
    image = widgets.Image(format="png")
    notes = widgets.HTML()

    def redraw(*_: Any) -> None:
        table, result = what_if(params, value.value, rate.value, target.value, budget.value)
        fig, axis = plt.subplots(figsize=(7.5, 3.4))
        axis.barh([LABELS[k] for k in table["strategy"]], table["npv_p50"], color=plots.PALETTE[0])
        axis.axvline(0, color="black", linewidth=1)
        plots.money_axis(axis, "x")
        axis.set_title("NPV per unit (P50)")
        fig.tight_layout()
        image.value = figure_png(fig, dpi=90)
        chosen = result.allocation.loc[result.allocation["units"] > 0, ["strategy", "units", "fte", "cost"]]
        notes.value = findings_html([result.explanation], title="Portfolio") + table_html(
            chosen, formats=TABLE_FORMATS
        )

    for slider in (value, rate, target, budget):
        slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([value, rate]), widgets.HBox([target, budget]), image, notes])


SPEC = NotebookSpec(
    name="strategy_roi",
    title="Strategy ROI: build, buy, borrow or automate",
    question="Which mix of hiring, upskilling, rotations, faster hiring, AI tools and pipeline reaches the capacity "
    "target within budget, at what cost, and how sure are we?",
    params_model=StrategyRoiParams,
    artifacts=(
        "metrics.json",
        "tables/strategies.csv",
        "tables/portfolio.csv",
        "tables/org_model.csv",
        "tables/tornado.csv",
        "tables/frontier.csv",
        "figures/npv_ranges.png",
        "figures/tornado.png",
        "figures/frontier.png",
        "figures/org_model.png",
    ),
    headlines=(
        Headline("best_npv_strategy_label", "Best NPV per unit (P50)", "text"),
        Headline("portfolio_cost", "Cost of the chosen mix", "money"),
        Headline("portfolio_feasible", "Target reachable within budget", "text"),
    ),
    timeout_seconds=300,
    key_figures=("figures/frontier.png", "figures/npv_ranges.png"),
    figures=tuple(FIGURES_USED),
)
