"""Parameters of the strategy-ROI notebook: the pydantic schema (single source of truth) and the strategy names.

Every default is a reference figure (``article.*``, ``public.*``) or an ``assumption.strategy_*`` row of
``talentlib/data/reference_figures.csv`` read through :mod:`talentlib.strategy_roi.sources`; ``params/strategy_roi/*.yaml``
set the scenarios.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from talentlib import reference
from talentlib.params import Finite, LinkedParams, Range, StrictModel
from talentlib.strategy_roi.sources import (
    figure,
    figure_pair,
    figure_range,
    figure_value,
    market_coverage_range,
    pay_band,
    percent_figure,
)

#: The strategies, in report order; each is a section of :class:`StrategyRoiParams`.
STRATEGIES: tuple[str, ...] = ("hire", "upskill", "rotation", "faster_hiring", "ai_tools", "pipeline")
#: Display names; the short process's length is a parameter, named by ``narrative.strategy_label``.
LABELS = {
    "hire": "Hire (standard process)",
    "upskill": "Upskill internal staff",
    "rotation": "Rotation into the AI team",
    "faster_hiring": "Hire with a short process",
    "ai_tools": "AI tools / managed services",
    "pipeline": "Pipeline (interns, universities)",
}
#: What one unit of each strategy is (NPV and cost are per unit).
UNITS = {
    "hire": "requisition",
    "upskill": "internal candidate",
    "rotation": "rotation seat",
    "faster_hiring": "requisition",
    "ai_tools": "tool seat",
    "pipeline": "intern",
}


class HireParams(StrictModel):
    """External hiring with the standard process."""

    pay: Range = Field(
        default_factory=lambda: pay_band("ai_ml_engineer", "mid"),
        description=(
            "market band of the planned role's annual total compensation, USD (article mid-level AI/ML engineer "
            "band, read as P10-P90); the hire is paid at offer_percentile of it"
        ),
    )
    offer_percentile: float = Field(
        default_factory=lambda: figure_value("assumption.compensation_offer_percentile"),
        ge=10,
        le=90,
        description="market percentile of the band the offer is made at (the compensation calculator's default)",
    )
    cost_per_hire: Range = Field(
        default_factory=lambda: figure_pair("public.38", "assumption.strategy_agency_fee"),
        description="recruiting cost per hire, USD (SHRM all-occupation figure to agency fee)",
    )
    time_to_fill_days: Range = Field(
        default_factory=lambda: figure_range("public.37"),
        description="days per hiring attempt with no market shortage (SHRM time to fill)",
    )
    market_coverage: Range = Field(
        default_factory=market_coverage_range,
        description="AI talent supply over demand from market sizing (year 1, pessimistic to optimistic)",
    )
    gap_elasticity: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_ttf_gap_elasticity"),
        description="how strongly time per attempt grows as coverage falls (attempt days scale with coverage^-e)",
    )
    process_weeks: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_standard_process_weeks"),
        description="standard process length from first contact to offer, weeks",
    )
    competing_offers: Range = Field(
        default_factory=lambda: figure_range("article.competing_offers"),
        description="competing offers an AI candidate holds (article 5 to 10)",
    )
    offer_loss_hazard: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_offer_loss_hazard"),
        description="weekly chance of losing the candidate per competing offer (availability exp(-h k weeks))",
    )
    pay_weight: Range = Field(
        default_factory=lambda: figure_range("assumption.compensation_pay_weight"),
        description="share of a candidate's choice between offers decided by pay alone (the rest a fair draw)",
    )
    ramp_months: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_ramp_months"),
        description="months to full productivity after the start date",
    )
    attrition: Range = Field(
        default_factory=lambda: [
            percent_figure("public.39"),
            figure("assumption.strategy_new_hire_attrition").high,
        ],
        description="annual attrition of new hires (LinkedIn tech turnover to assumed new-hire rate)",
    )
    max_offers: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_hire_max_offers")),
        ge=0,
        le=1_000_000,
        description="candidates recruiting can take to offer over the horizon (shared with faster_hiring)",
    )

    @field_validator("pay_weight")
    @classmethod
    def _share(cls, value: list[float]) -> list[float]:
        if not 0.0 <= value[0] <= value[1] <= 1.0:
            raise ValueError("pay_weight must lie within [0, 1]")
        return value


class FasterHiringParams(StrictModel):
    """Requisitions run as a short process (market inputs shared with ``hire``)."""

    process_weeks: Range = Field(
        default_factory=lambda: figure_range("article.target_process_weeks"),
        description="short process length from first contact to offer, weeks (article 2 weeks)",
    )
    extra_cost_per_requisition: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_fast_process_cost"),
        description="extra recruiter and interviewer cost per fast requisition, USD",
    )
    max_requisitions: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_fast_max_requisitions")),
        ge=0,
        le=100_000,
        description="requisitions the interview panel can run at short-process speed over the horizon",
    )


class UpskillParams(StrictModel):
    """Structured upskilling of internal staff."""

    learning_budget_per_person: Range = Field(
        default_factory=lambda: figure_range("article.learning_budget"),
        description="learning budget per person per year while enrolled or in the AI role, USD (article)",
    )
    program_months: Range = Field(
        default_factory=lambda: figure_range("article.program_months"),
        description="length of the structured programme, months (article 3 to 6)",
    )
    training_time_share: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_training_time_share"),
        description="share of working time spent training during the programme (output lost)",
    )
    completion_rate: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_completion_rate"),
        description="share of participants who complete and move into AI work",
    )
    productivity_after: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_upskill_productivity"),
        description="AI productivity after the programme relative to an experienced hire",
    )
    internal_pay: Range = Field(
        default_factory=lambda: [figure_value("public.10"), figure_value("public.11")],
        description="annual pay of an internal candidate, USD (BLS software developer median to p75)",
    )
    pay_uplift: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_pay_uplift"),
        description="pay rise on moving into the AI role, fraction",
    )
    attrition: Range = Field(
        default_factory=lambda: [percent_figure("public.39")] * 2,
        description="baseline annual attrition of internal staff (LinkedIn tech turnover); a reference, not a flow "
        "input: upskilled staff leave at attrition_after, which should not be below it",
    )
    attrition_after: Range = Field(
        default_factory=lambda: [
            percent_figure("public.39"),
            figure("assumption.strategy_new_hire_attrition").high,
        ],
        description="annual attrition of upskilled staff in AI roles (baseline to the new-hire rate: they become "
        "marketable)",
    )
    retention_effect: Range = Field(
        [0.0, 0.0],
        description="labelled option: reduction of upskilled attrition, fraction (0 by default; "
        "assumption.strategy_retention_effect suggests 0.1-0.3)",
    )
    candidate_pool: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_candidate_pool")),
        ge=0,
        le=100_000,
        description="internal candidates with the fundamentals to upskill (limit)",
    )


class RotationParams(StrictModel):
    """Rotations of engineers into the AI team."""

    rotation_months: Range = Field(
        default_factory=lambda: figure_range("article.rotation_months"),
        description="length of one rotation, months (article 3 to 6)",
    )
    productivity_during: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_rotation_productivity"),
        description="AI productivity of the rotator relative to an experienced hire",
    )
    carry_back_share: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_carry_back_share"),
        description="FTE of AI work each alumnus does back in the home team",
    )
    internal_pay: Range = Field(
        default_factory=lambda: [figure_value("public.10"), figure_value("public.11")],
        description="annual pay of a rotating engineer, USD (BLS software developer median to p75)",
    )
    mentoring_cost_per_rotation: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_mentoring_cost"),
        description="mentoring and onboarding cost per rotation, USD",
    )
    attrition: Range = Field(
        default_factory=lambda: [percent_figure("public.39")] * 2,
        description="annual attrition of rotation alumni (LinkedIn tech turnover)",
    )
    max_seats: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_rotation_max_seats")),
        ge=0,
        le=100_000,
        description="rotation seats the AI team can host at once (limit)",
    )


class AiToolsParams(StrictModel):
    """AI coding assistants and managed AI services as a productivity multiplier."""

    seat_cost_per_year: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_seat_cost"),
        description="annual cost per seat, USD",
    )
    enablement_cost_per_seat: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_enablement_cost"),
        description="one-off enablement cost per seat, USD (year 0)",
    )
    productivity_gain: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_productivity_gain"),
        description="AI FTE freed per actively used seat",
    )
    adoption_rate: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_adoption"),
        description="share of paid seats in active use",
    )
    ramp_months: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_ramp_months"),
        description="months until a seat delivers its full gain",
    )
    seat_holder_pay: Range = Field(
        default_factory=lambda: [figure_value("public.10"), figure_value("public.11")],
        description="annual pay of a tool-seat holder, USD (BLS software developer median to p75); "
        "tool-freed time is valued at this pay loaded times value_multiple",
    )
    ai_work_share: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_tool_ai_work_share"),
        description="share of tool-freed time spent on AI work: the only part counted as AI capacity",
    )
    leadership_gap_points: Range = Field(
        [0.0, 0.0],
        description="middle-management fluency gap to target, index points, from the leadership report "
        "(scales adoption by talentlib.formulas.adoption_multiplier; 0 means no drag)",
    )
    max_seats: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_tool_max_seats")),
        ge=0,
        le=1_000_000,
        description="developers and analysts who could use the tools (limit)",
    )


class PipelineParams(StrictModel):
    """University partnerships, internships and community engagement."""

    intern_cost: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_intern_cost"),
        description="cost per intern including stipend and supervision, USD (year 0)",
    )
    conversion_rate: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_intern_conversion"),
        description="share of interns who join as AI hires",
    )
    lead_time_years: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_pipeline_lead_years"),
        description="years from internship to the start date",
    )
    pay: Range = Field(
        default_factory=lambda: pay_band("ai_ml_engineer", "junior"),
        description="annual total compensation of a converted junior hire, USD (article junior band)",
    )
    productivity_after: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_junior_productivity"),
        description="productivity of a converted junior relative to an experienced hire",
    )
    ramp_months: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_ramp_months"),
        description="months to full productivity after the start date",
    )
    attrition: Range = Field(
        default_factory=lambda: [
            percent_figure("public.39"),
            figure("assumption.strategy_new_hire_attrition").high,
        ],
        description="annual attrition of converted hires",
    )
    partnership_cost_per_year: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_partnership_cost"),
        description="fixed annual cost of partnerships and sponsorship if any interns are taken, USD",
    )
    max_interns: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_max_interns")),
        ge=1,
        le=100_000,
        description="interns the organisation can host over the horizon (limit)",
    )


class OrgModelParams(StrictModel):
    """Inputs of the operating-model comparator (CoE, hub and spoke, embedded)."""

    ai_headcount: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_org_ai_headcount")),
        ge=1,
        le=1_000_000,
        description="AI professionals in the organisation today",
    )
    business_units: int = Field(
        default_factory=lambda: int(figure_value("assumption.strategy_org_business_units")),
        ge=1,
        le=10_000,
        description="business units the AI function serves",
    )
    maturity: Literal["early", "scaling", "mature"] = Field(
        "early", description="AI maturity: early (pilots), scaling (pilot to production) or mature"
    )
    coe_context_loss: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_coe_context_loss"),
        ge=0,
        le=1,
        description="CoE capacity lost per business unit served beyond the first",
    )
    coe_bottleneck_loss: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_coe_bottleneck_loss"),
        ge=0,
        le=1,
        description="CoE capacity lost per doubling of headcount beyond the article's CoE size",
    )
    embedded_min_team: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_embedded_min_team"),
        ge=1,
        le=1000,
        description="smallest embedded team that avoids isolation, persons",
    )
    embedded_isolation_loss: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_embedded_isolation_loss"),
        ge=0,
        le=1,
        description="capacity lost by a lone embedded engineer (falls to zero at the minimum team)",
    )
    embedded_immaturity_loss: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_embedded_immaturity_loss"),
        ge=0,
        le=1,
        description="embedded capacity lost to inconsistent practices when early (half when scaling)",
    )
    embedded_duplication: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_embedded_duplication"),
        ge=0,
        le=1,
        description="share of a platform each business unit rebuilds when embedded",
    )
    hub_coordination_loss: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_hub_coordination_loss"),
        ge=0,
        le=1,
        description="hub-and-spoke capacity lost per doubling of business units",
    )
    hub_share: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_hub_share"),
        ge=0,
        le=1,
        description="share of AI headcount in the central hub",
    )
    platform_cost_per_year: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_platform_cost"),
        ge=0,
        le=1e10,
        description="annual cost of one shared AI platform, USD",
    )


class StrategyRoiParams(LinkedParams):
    """Parameters of ``notebooks/strategy_roi.ipynb``.

    ``role``, ``level``, ``location_tier`` and ``start_year`` say which role the plan is for; in a run with the
    other analyses they select the market coverage, pay band and fluency gap linked in (``strategy_roi.links``).
    """

    notebook: ClassVar[str] = "strategy_roi"

    role: str = Field(
        "ai_ml_engineer", description="AI role the plan hires and builds (a role of the article's table)"
    )
    level: Literal["junior", "mid", "senior"] = Field("mid", description="level of the planned hires")
    location_tier: Literal["coastal", "non_coastal", "international"] = Field(
        "coastal", description="location tier whose pay band the hires are paid on"
    )
    start_year: int = Field(
        2026, ge=2020, le=2100, description="calendar year the plan starts (pay bands of that year)"
    )

    horizon_years: int = Field(
        default_factory=lambda: int(figure("article.gap_persistence_years").high),
        ge=1,
        le=15,
        description="plan length in years; capacity is measured at its end (the deadline)",
    )
    discount_rate: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_discount_rate"),
        ge=0,
        le=0.5,
        description="annual discount rate for NPV (year-0 outlays undiscounted, year t flows discounted t years)",
    )
    simulations: int = Field(5000, ge=100, le=200_000, description="Monte Carlo draws")
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    capacity_target_fte: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_capacity_target_fte"),
        ge=0,
        le=1e6,
        description="productive AI FTEs to add by the end of the horizon",
    )
    budget: Finite = Field(
        default_factory=lambda: figure_value("assumption.strategy_budget"),
        ge=0,
        le=1e12,
        description="spending limit over the horizon, USD, on the budget_basis (cash by default)",
    )
    value_multiple: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_value_multiple"),
        description="value of an hour of work as a multiple of the loaded pay of the role whose work it is "
        "(one rule for AI work, home-team work given up and tool-freed time)",
    )
    budget_basis: Literal["cash", "economic"] = Field(
        "cash",
        description="what the budget and the optimiser's cost count: cash (new spend) or economic (cash plus "
        "re-allocated staff time at the valuation rule)",
    )
    backfill: bool = Field(
        True, description="replace leavers from AI roles through the hiring process while the horizon lasts"
    )
    headcount_target: Finite = Field(
        0.0,
        ge=0,
        le=1e6,
        description="people in AI roles the mix must also add by the deadline (P50 over sampled simulations; 0: none)",
    )
    discount_rate_range: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_discount_rate_range"),
        description="discount rates the tornado tries (low, high)",
    )
    confidence: Finite = Field(
        0.8,
        ge=0.5,
        le=0.99,
        description="share of simulations in which the chosen mix must reach the capacity target",
    )
    pay_overhead: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_pay_overhead"),
        description="employer on-costs on total compensation, fraction",
    )
    hire: HireParams = Field(default_factory=HireParams, description="external hiring, standard process")

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        roles = sorted(set(reference.article_pay_bands()["role"]))
        if value not in roles:
            raise ValueError(f"unknown role {value!r}; expected one of {', '.join(roles)}")
        return value

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
