"""Strategy ROI: build, buy, borrow or automate — seeded Monte Carlo economics and the cheapest mix that reaches a target.

Six strategies (the article's levers), each evaluated **per unit** — one requisition, one internal candidate, one
rotation seat, one tool seat, one intern — on a monthly grid over ``horizon_years``:

``hire``
    A requisition opened at t = 0, offered at ``offer_percentile`` of the planned role's market band ``pay`` (the
    compensation calculator's rule, :func:`talentlib.acceptance.pay_at_percentile`). **Acceptance** is the suite's
    one model (:mod:`talentlib.acceptance`, labelled assumptions): P = availability × choice — the candidate, who holds
    ``competing_offers``, is still free when we offer (weekly hazard ``offer_loss_hazard`` per offer over
    ``process_weeks``) and picks ours (``pay_weight`` of the choice by pay, ``q^k``; the rest a fair draw). **Time to
    fill** is calibrated on SHRM: ``time_to_fill_days × market_coverage^(−gap_elasticity)`` (``market_coverage``, supply
    ÷ demand, from this run's market sizing or :func:`sources.market_coverage_range`) is the fill time of a
    market-median offer through the standard process, which already includes declines and losses; a fill is the
    process plus a search that scales with ``P_ref / P`` (:func:`talentlib.acceptance.fill_days`), so nothing is
    counted twice. The hire then ramps linearly to full productivity over ``ramp_months`` and leaves at the annual
    ``attrition`` rate; with ``backfill`` (default) every leaver is replaced through the same process (cost per hire,
    days to fill, ramp) while the horizon lasts (:func:`timing.backfill`, a renewal process in expectation), so
    filling a seat sooner is never a penalty.
``faster_hiring``
    The same requisition and offer run as a 2-week process (article): fewer candidates lost while we decide, a
    shorter process and a shorter search ("candidates not lost", vacancy value saved = days saved × value of an
    FTE-day), less re-sourcing (cost per hire × ``P_standard / P_fast``), at an extra cost per requisition. Standard
    and fast requisitions share the recruiting limit.
``upskill``
    An internal candidate spends ``training_time_share`` of their time for ``program_months`` (that output is lost);
    a ``completion_rate`` share moves into AI work at ``productivity_after`` of an experienced hire, with pay up by
    ``pay_uplift``; upskilled staff leave at ``attrition_after`` (baseline to the new-hire rate: they become
    marketable; in a run with compensation, raised for the share of the role's staff paid below the flight-risk
    compa-ratio, :func:`links.underpaid_attrition`), lowered only by the labelled option ``retention_effect`` (0 by default), and are backfilled by hires.
    The learning budget is paid every year the person is enrolled or in the AI role. Their home role's work is
    given up to the deadline even if they later leave: a leaver does not hand it back.
``rotation``
    A seat in the AI team filled by successive engineers for ``rotation_months`` each; the rotator works at
    ``productivity_during``; every alumnus carries ``carry_back_share`` of an FTE of AI work back to the home team.
``ai_tools``
    A tool seat frees ``productivity_gain × adoption_rate × m`` AI FTE after a ramp, for a seat cost, where
    ``m = talentlib.formulas.adoption_multiplier(leadership_gap_points, effect)`` carries the leadership report's
    labelled adoption assumption (``assumption.fluency_adoption_effect``; ``m = 1`` with no fluency gap, the default).
``pipeline``
    An intern (cost up front) converts to a junior hire with probability ``conversion_rate`` after
    ``lead_time_years``; the partnership programme costs ``partnership_cost_per_year`` whatever the intake (the
    per-unit view spreads it over ``max_interns``; the optimiser treats it as a fixed cost).

**One valuation rule** (labelled assumption ``assumption.strategy_value_multiple``, parameter ``value_multiple``,
default 1.3–2.0, in the tornado): every person-hour is valued at the same multiple over the loaded pay (pay × (1 +
``pay_overhead``)) of the work it produces — AI work at the AI FTE-year value (multiple × the loaded market median of ``hire.pay``'s band), home-team
work a rotator or upskiller gives up at the home role's value (multiple × loaded ``internal_pay``), tool-freed time at
the seat holder's value (multiple × loaded ``ai_tools.seat_holder_pay``). Work given up is a cost at that same value;
new pay (a hire's loaded pay, a pay uplift) and outlays are costs at face value (:func:`model.valuation`). Capacity
still in place at the horizon is not valued beyond it (no terminal value — conservative for long-lead strategies).

**Headcount apart from capacity.** Per unit, ``headcount`` is the expected number of people in permanent AI roles at
the deadline (hires, upskilled completers, converted interns; a rotator returns home and a tool seat is held by an
ordinary developer, so both add none); ``capacity`` is AI-equivalent capacity at the deadline, FTE of AI work.
Carry-back work counts through ``rotation.carry_back_share`` and tool-freed time only through
``ai_tools.ai_work_share`` (``assumption.strategy_tool_ai_work_share``).

**Continuous time within months.** Flows are monthly, and a start, exit or ramp inside a month is pro-rated: a month's
value is the exact integral of the occupancy over it (:mod:`~talentlib.strategy_roi.timing`), so a start on day 15 of a
30-day month earns half a month and NPV never rises with a later start through a grid artefact.

**Cash apart from economic cost.** Cash cost is new spend (hires' pay, fees, learning budgets, pay rises, mentoring,
seats, interns, partnerships); economic cost adds the home-team work of re-allocated staff (training time, an
upskiller's or rotator's home role, alumni's carry-back share) at the valuation rule. ``budget_basis`` (default
``cash``) says which one the budget and the optimiser count; the report shows both.

**Timing convention.** Year 0 holds up-front outlays (cost per hire, enablement, intern cost) and is not discounted;
flows accrued during plan year *t* (1 … H) are discounted *t* periods (end of year), which is what ``numpy_financial.npv``
does with ``values[0]`` at t = 0. NPV = Σ_t (benefits_t − costs_t) / (1 + r)^t. ROI = NPV ÷ present value of costs.
Payback = first time the cumulative undiscounted cash flow turns non-negative, interpolated linearly within the year
(``inf`` when it does not within the horizon). Cost per productive FTE-year = undiscounted total cost ÷ productive
FTE-years delivered within the horizon. Capacity at the deadline = expected productive FTE at the end of the horizon.

**Monte Carlo.** Every ``[low, high]`` field is drawn independently and uniformly per simulation from a
``numpy.random.Generator`` seeded with ``seed``; shared inputs (value multiple, AI pay, on-costs, hiring market) take
the same draw for every strategy in a simulation, so strategies are compared on common random numbers. All strategies
are computed as arrays ``[simulation, strategy, year]``; there is no per-simulation loop.

**Portfolio.** Whole units per strategy minimising expected total (undiscounted) cost on the ``budget_basis`` such
that capacity at the deadline reaches ``capacity_target_fte`` in at least ``confidence`` of the sampled simulations (a
chance constraint by sample-average approximation over :data:`optimise.SAA_SCENARIOS` simulations), within
per-strategy limits, the shared recruiting limit, the pipeline's fixed cost and an optional expected
``headcount_target``. It is solved exactly by enumeration (:mod:`~talentlib.strategy_roi.saa`: every confidence level
in one pass), with ``scipy.optimize.milp`` (HiGHS) as the fallback when the limits are too large to enumerate. The
chosen mix is re-evaluated on fresh simulations (another seed) and reported as P(reach) with its Wilson interval, with
and without the labelled shares; binding limits are priced by finite differences (the cost change if one more unit
were allowed); the cost–confidence curve repeats the choice at 50–95 %. Infeasible targets name the binding
constraint.

**Operating model.** Article guidance (CoE for early maturity and fewer than 10 AI professionals, hub-and-spoke when
scaling, embedded when mature) beside a labelled cost/coordination model: capacity losses (CoE context loss per
business unit and bottleneck beyond the CoE size; embedded isolation of small teams and immature practices; hub
coordination per doubling of units) and platform costs (one platform, or a partial platform per unit when embedded).
The model's pick is the lowest cost per effective FTE.

Every default is a reference figure (``article.*``, ``public.*``) or an ``assumption.*`` row of
``talentlib/data/reference_figures.csv`` whose note gives the rationale.

Rooms: :mod:`~talentlib.strategy_roi.sources` (reference figures and derived defaults), :mod:`~.schema` (params),
:mod:`~.timing` (pro-rated occupancy, backfill), :mod:`~.model` (per-unit economics, NPV, payback),
:mod:`~.sensitivity` (tornado, worst cases), :mod:`~.optimise`, :mod:`~.saa` and :mod:`~.reach` (portfolio, out of sample), :mod:`~.org` (operating
model), :mod:`~.views` (report tables, what-if engine), :mod:`~.narrative` (metrics, findings, recommendations, caption
sources), :mod:`~.charts` (charts, what-if widget). This module re-exports what ``notebooks/strategy_roi.ipynb`` uses
and declares :data:`SPEC`.
"""

from __future__ import annotations

from talentlib import reference
from talentlib.spec import Headline, NotebookSpec
from talentlib.strategy_roi.charts import frontier_chart, npv_chart, org_chart, tornado_chart, what_if_widget
from talentlib.strategy_roi.hiring import (
    acceptance_probability,
    hiring_times,
    market_median_pay,
    offer_pay,
)
from talentlib.strategy_roi.links import LINKS, linked_inputs
from talentlib.strategy_roi.model import (
    Economics,
    cash_flow_metrics,
    discount_factors,
    draw_inputs,
    evaluate,
    fresh_simulation,
    limits,
    midpoint_inputs,
    payback_period,
    range_fields,
    simulate,
    valuation,
)
from talentlib.strategy_roi.narrative import (
    findings,
    input_sources,
    metrics,
    org_findings,
    recommendations,
    strategy_label,
)
from talentlib.strategy_roi.optimise import (
    PortfolioProblem,
    PortfolioResult,
    basis_alternative,
    frontier,
    max_reachable,
    min_cost,
    optimise,
    portfolio_problem,
)
from talentlib.strategy_roi.org import ORG_LABELS, ORG_MODELS, article_guidance, org_costs, org_model_table
from talentlib.strategy_roi.reach import confidence_curve, out_of_sample, reach_probability
from talentlib.strategy_roi.schema import (
    LABELS,
    STRATEGIES,
    UNITS,
    AiToolsParams,
    FasterHiringParams,
    HireParams,
    OrgModelParams,
    PipelineParams,
    RotationParams,
    StrategyRoiParams,
    UpskillParams,
)
from talentlib.strategy_roi.sensitivity import tornado_table, worst_case_npv
from talentlib.strategy_roi.sources import (
    FIGURES_USED,
    default_fte_year_value,
    market_coverage_range,
    pay_band,
)
from talentlib.strategy_roi.views import (
    HIRING_UNITS,
    PERCENTILES,
    TABLE_FORMATS,
    cash_flow_table,
    formatted,
    hiring_table,
    input_unit,
    inputs_table,
    portfolio_table,
    strategy_table,
    what_if,
)

SPEC = NotebookSpec(
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
        "tables/confidence_curve.csv",
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
    position=30,
    key_figures=("figures/frontier.png", "figures/npv_ranges.png"),
    figures=tuple(FIGURES_USED),
    links=LINKS,
)

__all__ = [
    "FIGURES_USED",
    "HIRING_UNITS",
    "LABELS",
    "ORG_LABELS",
    "ORG_MODELS",
    "PERCENTILES",
    "SPEC",
    "STRATEGIES",
    "TABLE_FORMATS",
    "UNITS",
    "AiToolsParams",
    "Economics",
    "FasterHiringParams",
    "HireParams",
    "OrgModelParams",
    "PipelineParams",
    "PortfolioProblem",
    "PortfolioResult",
    "RotationParams",
    "StrategyRoiParams",
    "UpskillParams",
    "acceptance_probability",
    "article_guidance",
    "basis_alternative",
    "cash_flow_metrics",
    "cash_flow_table",
    "confidence_curve",
    "default_fte_year_value",
    "discount_factors",
    "draw_inputs",
    "evaluate",
    "findings",
    "formatted",
    "fresh_simulation",
    "frontier",
    "frontier_chart",
    "hiring_table",
    "hiring_times",
    "input_sources",
    "input_unit",
    "inputs_table",
    "limits",
    "linked_inputs",
    "market_coverage_range",
    "market_median_pay",
    "max_reachable",
    "metrics",
    "midpoint_inputs",
    "min_cost",
    "npv_chart",
    "offer_pay",
    "optimise",
    "org_chart",
    "org_costs",
    "org_findings",
    "org_model_table",
    "out_of_sample",
    "pay_band",
    "payback_period",
    "portfolio_problem",
    "portfolio_table",
    "range_fields",
    "reach_probability",
    "recommendations",
    "reference",
    "simulate",
    "strategy_label",
    "strategy_table",
    "tornado_chart",
    "tornado_table",
    "valuation",
    "what_if",
    "what_if_widget",
    "worst_case_npv",
]
