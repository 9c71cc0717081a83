"""Per-unit economics of the six strategies: draws, monthly flows, NPV, ROI, payback and the one-at-a-time tornado.

Pure computation on typed inputs: :func:`simulate` turns :class:`~talentlib.strategy_roi.schema.StrategyRoiParams` into
a frozen :class:`Economics`; :func:`cash_flow_metrics` and :func:`payback_period` summarise any cash flows. Each
strategy's model and the timing convention are described in the package docstring (:mod:`talentlib.strategy_roi`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

from talentlib.formulas import adoption_multiplier, default_adoption_effect
from talentlib.strategy_roi.hiring import hiring_times, market_median_pay, offer_pay
from talentlib.strategy_roi.schema import STRATEGIES, StrategyRoiParams
from talentlib.strategy_roi.timing import (
    MONTH,
    Kernel,
    backfill,
    exit_rate,
    month_average,
    replacement_kernel,
    share_before,
)

# ---------------------------------------------------------------------------------------------------------
# Inputs: every [low, high] field as a flat path


def range_fields(params: StrategyRoiParams) -> dict[str, tuple[float, float]]:
    """Every ``[low, high]`` field as ``path → (low, high)``, e.g. ``"hire.pay"`` (order is stable).

    ``hire.pay`` is the pay offered — ``hire.offer_percentile`` of the band (:func:`offer_pay`), one value — and
    ``hire.offer_percentile`` is listed as a one-value range so every evaluation sees it.
    """
    out: dict[str, tuple[float, float]] = {}
    for name in ("value_multiple", "pay_overhead"):
        low, high = getattr(params, name)
        out[name] = (low, high)
    for key in STRATEGIES:
        section = getattr(params, key)
        for name in type(section).model_fields:
            value = getattr(section, name)
            if isinstance(value, list):
                out[f"{key}.{name}"] = (float(value[0]), float(value[1]))
    pay = offer_pay(params)
    out["hire.pay"] = (pay, pay)
    out["hire.offer_percentile"] = (params.hire.offer_percentile, params.hire.offer_percentile)
    median = market_median_pay(params)
    out["hire.market_pay"] = (median, median)
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
# Monthly flows per strategy (pro-rated within months and backfilled: :mod:`talentlib.strategy_roi.timing`)


@dataclass(frozen=True)
class _Flows:
    """One strategy's monthly grid ``[simulation, months + deadline]`` per unit.

    Attributes:
        prod: AI-equivalent capacity, FTE of AI work (carry-back and tool-freed time only through their shares).
        benefit: Value produced per month, USD (the one valuation rule, :func:`evaluate`).
        cost: Economic cost per month, USD (new pay and outlays, plus displaced work at the same rule).
        cash: Cash cost per month, USD (new spend only: existing salaries re-allocated are not cash).
        upfront: ``[simulation]`` outlay at t = 0, USD (cash).
        fixed: The part of ``cost`` that is a programme-level fixed cost spread per unit, USD.
        headcount: ``[simulation]`` expected people in permanent AI roles at the deadline.
        core: ``[simulation]`` capacity at the deadline without the labelled shares (carry-back, tool-freed time).
    """

    prod: np.ndarray
    benefit: np.ndarray
    cost: np.ndarray
    cash: np.ndarray
    upfront: np.ndarray
    fixed: np.ndarray
    headcount: np.ndarray
    core: np.ndarray


@dataclass(frozen=True)
class _Market:
    """What the hiring process gives every strategy that hires or backfills (columns ``[n, 1]``)."""

    delay: np.ndarray  # years from opening a requisition (or an exit) to the start, standard process
    delay_fast: np.ndarray  # the same with the short process
    rate: np.ndarray  # hires' exit hazard per year
    ramp: np.ndarray  # hires' ramp, years
    cph: np.ndarray  # cost per hire, standard process, USD
    cph_fast: np.ndarray  # cost per hire with the short process, USD
    kernel: (
        Kernel | None
    )  # how a replacement hire contributes to later months; None: leavers are not replaced


def _pad(monthly: np.ndarray) -> np.ndarray:
    """Append a zero deadline column to ``[n, 12·H]`` monthly amounts."""
    return np.hstack([monthly, np.zeros((monthly.shape[0], 1))])


def _replacements(
    present: np.ndarray, rate: np.ndarray, market: _Market, horizon: int, fast: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Presence, productive FTE and hiring cost per month of the hires replacing the leavers of ``present``.

    Returns zeros when ``market.backfill`` is off. Leavers per month = hazard × presence × 1/12.
    """
    if market.kernel is None:
        zero = np.zeros_like(present)
        return zero, zero, zero
    exits = rate * present[:, :-1] * MONTH
    delay = (market.delay_fast if fast else market.delay)[:, 0]
    bf = backfill(exits, delay, market.kernel)
    cph = market.cph_fast if fast else market.cph
    return bf.presence, bf.prod, _pad(bf.starts * cph)


def _hiring_flows(
    col: dict[str, np.ndarray], value: dict[str, np.ndarray], market: _Market, horizon: int
) -> dict[str, _Flows]:
    """``hire`` and ``faster_hiring``: a start after the expected days to fill, a ramp, attrition and backfill.

    Benefit: productive FTE × the AI FTE-year value; cost (all cash): loaded pay while present, the cost per hire
    up front and a cost per hire for every replacement.
    """
    out = {}
    for key, start, cph, fast in (
        ("hire", market.delay, market.cph, False),
        ("faster_hiring", market.delay_fast, market.cph_fast, True),
    ):
        present = month_average(start, market.rate, np.zeros_like(start), horizon)
        prod = month_average(start, market.rate, market.ramp, horizon)
        rep_present, rep_prod, rep_cph = _replacements(present, market.rate, market, horizon, fast)
        present, prod = present + rep_present, prod + rep_prod
        cost = present * value["ai_loaded"] / 12.0 + rep_cph
        zero = np.zeros_like(cost)
        out[key] = _Flows(
            prod, prod * value["ai"] / 12.0, cost, cost, cph[:, 0], zero, present[:, -1], prod[:, -1]
        )
    return out


def _upskill_flows(
    col: dict[str, np.ndarray], value: dict[str, np.ndarray], market: _Market, horizon: int
) -> _Flows:
    """``upskill``: home-team work lost to training, then completers in AI work at uplifted pay.

    Cost during the programme (pro-rated): ``training_time_share`` of the home role's value (multiple × loaded
    internal pay; economic only — the salary is already paid) plus the learning budget (cash). After it, per
    completer: the whole home role's value (economic) to the deadline, whether or not they stay — a completer who
    later leaves the company does not give the home team its work back (without the programme they would have
    stayed in it, and a home-team leaver is replaced there) — and, while present, the pay uplift and the learning
    budget (cash). Completers leave at ``attrition_after × (1 − retention_effect)`` and are replaced by standard
    hires (backfill), at the hires' pay and cost per hire. Benefit: AI FTE × the AI FTE-year value.
    """
    program = col["upskill.program_months"] / 12.0
    internal_loaded = col["upskill.internal_pay"] * value["load"]
    home_value = value["multiple"] * internal_loaded
    rate = exit_rate(col["upskill.attrition_after"] * (1.0 - col["upskill.retention_effect"]))
    training = share_before(program, horizon)
    after = col["upskill.completion_rate"] * month_average(program, rate, np.zeros_like(program), horizon)
    never_leave = np.zeros_like(program)  # the home work given up runs on whether a completer stays or goes
    moved = col["upskill.completion_rate"] * month_average(program, never_leave, never_leave, horizon)
    budget_m = col["upskill.learning_budget_per_person"] / 12.0
    rep_present, rep_prod, rep_cph = _replacements(after, rate, market, horizon)
    new_pay = internal_loaded * col["upskill.pay_uplift"] / 12.0 + budget_m
    cash = training * budget_m + after * new_pay + rep_present * value["ai_loaded"] / 12.0 + rep_cph
    cost = (
        cash + training * col["upskill.training_time_share"] * home_value / 12.0 + moved * home_value / 12.0
    )
    prod = after * col["upskill.productivity_after"] + rep_prod
    n = program.shape[0]
    zero = np.zeros_like(cost)
    return _Flows(
        prod,
        prod * value["ai"] / 12.0,
        cost,
        cash,
        np.zeros(n),
        zero,
        after[:, -1] + rep_present[:, -1],
        prod[:, -1],
    )


def _rotation_flows(col: dict[str, np.ndarray], value: dict[str, np.ndarray], horizon: int) -> _Flows:
    """``rotation``: a seat filled continuously; every alumnus carries ``carry_back_share`` of AI work home.

    Benefit: (rotator's ``productivity_during`` + carry-back FTE) × the AI FTE-year value. Economic cost: the
    home-team work given up — the rotator's whole home role and the alumni's carry-back share of theirs — at the home
    role's value (multiple × loaded internal pay), plus mentoring; cash cost: mentoring only. A rotator returns home,
    so a seat adds no AI headcount; alumni who leave are not replaced (they hold no AI role).
    """
    length = col["rotation.rotation_months"] / 12.0
    n = length.shape[0]
    home_value = value["multiple"] * col["rotation.internal_pay"] * value["load"]
    rate = exit_rate(col["rotation.attrition"])
    alumni = np.zeros((n, 12 * horizon + 1))
    max_cohorts = math.ceil(horizon * 12 / max(float(np.min(col["rotation.rotation_months"])), 1e-9)) + 1
    for k in range(1, max_cohorts + 1):  # loop over cohorts (≤ 12·H), vectorised over draws and months
        alumni += month_average(k * length, rate, np.zeros_like(length), horizon)
    carry = col["rotation.carry_back_share"] * alumni
    prod = col["rotation.productivity_during"] + carry
    cash = col["rotation.mentoring_cost_per_rotation"] / length / 12.0 * np.ones_like(alumni)
    cost = (1.0 + carry) * home_value / 12.0 + cash
    zero = np.zeros_like(cost)
    core = col["rotation.productivity_during"][:, 0]
    return _Flows(prod, prod * value["ai"] / 12.0, cost, cash, np.zeros(n), zero, np.zeros(n), core)


def _tools_flows(col: dict[str, np.ndarray], value: dict[str, np.ndarray], horizon: int) -> _Flows:
    """``ai_tools``: freed time = gain × adoption × the fluency adoption multiplier after a ramp (pro-rated).

    Benefit: freed FTE × the seat holder's value (multiple × loaded ``seat_holder_pay``); AI capacity: freed FTE ×
    ``ai_work_share`` only. Cost (cash): the seat cost.
    """
    zero_start = np.zeros_like(col["ai_tools.ramp_months"])
    freed = (
        col["ai_tools.productivity_gain"]
        * col["ai_tools.adoption_rate"]
        * adoption_multiplier(col["ai_tools.leadership_gap_points"], default_adoption_effect())
        * month_average(zero_start, zero_start, col["ai_tools.ramp_months"] / 12.0, horizon)
    )
    n = freed.shape[0]
    holder_value = value["multiple"] * col["ai_tools.seat_holder_pay"] * value["load"]
    cost = col["ai_tools.seat_cost_per_year"] / 12.0 * np.ones_like(freed)
    prod = freed * col["ai_tools.ai_work_share"]
    upfront = col["ai_tools.enablement_cost_per_seat"][:, 0]
    zero = np.zeros_like(cost)
    return _Flows(prod, freed * holder_value / 12.0, cost, cost, upfront, zero, np.zeros(n), np.zeros(n))


def _pipeline_flows(
    col: dict[str, np.ndarray], value: dict[str, np.ndarray], market: _Market, horizon: int, max_interns: int
) -> _Flows:
    """``pipeline``: interns converting after the lead time (pro-rated), leavers replaced by standard hires.

    The partnership cost is spread over ``max_interns``; every cost is cash.
    """
    lead = col["pipeline.lead_time_years"]
    rate = exit_rate(col["pipeline.attrition"])
    ramp = col["pipeline.ramp_months"] / 12.0
    conversion = col["pipeline.conversion_rate"]
    present = conversion * month_average(lead, rate, np.zeros_like(lead), horizon)
    prod = conversion * col["pipeline.productivity_after"] * month_average(lead, rate, ramp, horizon)
    rep_present, rep_prod, rep_cph = _replacements(present, rate, market, horizon)
    fixed = col["pipeline.partnership_cost_per_year"] / 12.0 / max(max_interns, 1) * np.ones_like(present)
    cost = present * col["pipeline.pay"] * value["load"] / 12.0 + rep_present * value["ai_loaded"] / 12.0
    cost = cost + rep_cph + fixed
    prod = prod + rep_prod
    upfront = col["pipeline.intern_cost"][:, 0]
    headcount = present[:, -1] + rep_present[:, -1]
    return _Flows(prod, prod * value["ai"] / 12.0, cost, cost, upfront, fixed, headcount, prod[:, -1])


# ---------------------------------------------------------------------------------------------------------
# Economics


@dataclass(frozen=True)
class Economics:
    """Per-unit economics of every strategy.

    Attributes:
        strategies: Strategy keys (axis 1 of the arrays).
        horizon_years: Plan length.
        discount_rate: Annual rate used for NPV.
        benefits: ``[simulation, strategy, year 0..H]`` value produced, USD (one valuation rule).
        costs: Same shape, economic cost, USD (cash plus re-allocated staff time at the valuation rule).
        cash_costs: Same shape, cash cost, USD (new spend only).
        fte_years: ``[simulation, strategy]`` FTE-years of AI work within the horizon.
        capacity: ``[simulation, strategy]`` AI-equivalent capacity at the deadline, FTE of AI work.
        headcount: ``[simulation, strategy]`` expected people in permanent AI roles at the deadline.
        core_capacity: ``[simulation, strategy]`` capacity at the deadline without carry-back work and tool-freed
            time (the labelled shares set to zero).
        fixed_cost: ``[simulation, strategy]`` part of ``costs`` that is a programme-level fixed cost spread per unit.
        hiring: Acceptance probabilities and days to fill (see :func:`hiring_times`).
        monthly_net: ``[simulation, strategy, 1 + 12·H]`` net cash flow: up-front outlay, then each month (for payback).
    """

    strategies: tuple[str, ...]
    horizon_years: int
    discount_rate: float
    benefits: np.ndarray
    costs: np.ndarray
    cash_costs: np.ndarray
    fte_years: np.ndarray
    capacity: np.ndarray
    headcount: np.ndarray
    core_capacity: np.ndarray
    fixed_cost: np.ndarray
    hiring: dict[str, np.ndarray]
    monthly_net: np.ndarray

    @property
    def cash_flows(self) -> np.ndarray:
        """Benefits − costs, ``[simulation, strategy, year]``."""
        return self.benefits - self.costs


def _assemble(
    flows: dict[str, _Flows], n: int, horizon_years: int, discount_rate: float, times: dict[str, np.ndarray]
) -> Economics:
    """Yearly benefits and costs, FTE-years, capacity and headcount at the deadline and monthly net flows."""
    months = 12 * horizon_years

    def yearly(monthly: np.ndarray) -> np.ndarray:
        return monthly[:, :months].reshape(n, horizon_years, 12).sum(axis=2)

    benefits = np.zeros((n, len(STRATEGIES), horizon_years + 1))
    costs = np.zeros_like(benefits)
    cash = np.zeros_like(benefits)
    fte_years = np.zeros((n, len(STRATEGIES)))
    capacity = np.zeros_like(fte_years)
    headcount = np.zeros_like(fte_years)
    core = np.zeros_like(fte_years)
    fixed = np.zeros_like(fte_years)
    monthly = np.zeros((n, len(STRATEGIES), months + 1))
    for index, key in enumerate(STRATEGIES):
        f = flows[key]
        monthly[:, index, 0] = -f.upfront
        monthly[:, index, 1:] = (f.benefit - f.cost)[:, :months]
        benefits[:, index, 1:] = yearly(f.benefit)
        costs[:, index, 0] = f.upfront
        costs[:, index, 1:] = yearly(f.cost)
        cash[:, index, 0] = f.upfront
        cash[:, index, 1:] = yearly(f.cash)
        fte_years[:, index] = f.prod[:, :months].sum(axis=1) / 12.0
        capacity[:, index] = f.prod[:, -1]
        headcount[:, index] = f.headcount
        core[:, index] = f.core
        fixed[:, index] = f.fixed[:, :months].sum(axis=1)
    return Economics(
        strategies=STRATEGIES,
        horizon_years=horizon_years,
        discount_rate=discount_rate,
        benefits=benefits,
        costs=costs,
        cash_costs=cash,
        fte_years=fte_years,
        capacity=capacity,
        headcount=headcount,
        core_capacity=core,
        fixed_cost=fixed,
        hiring=times,
        monthly_net=monthly,
    )


def valuation(col: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The one valuation rule's ingredients, per draw (columns ``[n, 1]``).

    Every person-hour is valued at ``value_multiple`` × the loaded market pay (pay × (1 + ``pay_overhead``)) of the
    role whose work it is: AI work at the AI FTE-year value ``ai = multiple × hire.market_pay × load`` (the planned
    role's market median: paying above it buys a faster fill, not more valuable work), home-team work at
    ``multiple × internal_pay × load``, tool-freed time at ``multiple × seat_holder_pay × load``. Work given up is a
    cost at the same rule. A hire costs what is offered, ``ai_loaded = hire.pay × load``.

    Returns:
        ``multiple``, ``load`` (1 + on-costs), ``ai_loaded`` (loaded pay of a hire, USD/yr) and ``ai``
        (USD/FTE-year).
    """
    load = 1.0 + col["pay_overhead"]
    return {
        "multiple": col["value_multiple"],
        "load": load,
        "ai_loaded": col["hire.pay"] * load,
        "ai": col["value_multiple"] * col["hire.market_pay"] * load,
    }


def _market(
    col: dict[str, np.ndarray], times: dict[str, np.ndarray], horizon: int, backfill_leavers: bool
) -> _Market:
    """The hiring process every hire and replacement goes through: delays, exit hazard, ramp and cost per hire.

    A fast requisition re-sources fewer lost candidates: its cost per hire is the standard one × ``p_standard /
    p_fast`` plus the extra cost per requisition.
    """
    cph = col["hire.cost_per_hire"]
    ratio = (times["p_standard"] / times["p_fast"])[:, None]
    rate, ramp = exit_rate(col["hire.attrition"]), col["hire.ramp_months"] / 12.0
    return _Market(
        delay=(times["days_standard"] / 365.0)[:, None],
        delay_fast=(times["days_fast"] / 365.0)[:, None],
        rate=rate,
        ramp=ramp,
        cph=cph,
        cph_fast=cph * ratio + col["faster_hiring.extra_cost_per_requisition"],
        kernel=replacement_kernel(rate, ramp, horizon) if backfill_leavers else None,
    )


def evaluate(
    x: dict[str, np.ndarray],
    horizon_years: int,
    discount_rate: float,
    max_interns: int = 1,
    backfill_leavers: bool = True,
) -> Economics:
    """Per-unit cash flows, FTE-years, capacity and headcount of every strategy, vectorised over draws.

    Args:
        x: Inputs ``path → array [n]`` (see :func:`draw_inputs`).
        horizon_years: Plan length H (years).
        discount_rate: Annual discount rate.
        max_interns: Intake over which the pipeline's partnership cost is spread in the per-unit view.
        backfill_leavers: Replace AI-role leavers through the hiring process while the horizon lasts.

    Returns:
        The economics (see the package docstring for each strategy's model, the valuation rule (:func:`valuation`)
        and the timing convention).
    """
    n = len(next(iter(x.values())))
    col = {k: np.asarray(v, dtype=float).reshape(n, 1) for k, v in x.items()}
    value = valuation(col)
    # hire and faster_hiring share the hiring market; every replacement of a leaver goes through it too
    times = hiring_times({k: v.reshape(n) for k, v in col.items()})
    times["fte_year_value"] = value["ai"][:, 0]
    times["ai_loaded_pay"] = value["ai_loaded"][:, 0]
    market = _market(col, times, horizon_years, backfill_leavers)
    flows = _hiring_flows(col, value, market, horizon_years)
    flows["upskill"] = _upskill_flows(col, value, market, horizon_years)
    flows["rotation"] = _rotation_flows(col, value, horizon_years)
    flows["ai_tools"] = _tools_flows(col, value, horizon_years)
    flows["pipeline"] = _pipeline_flows(col, value, market, horizon_years, max_interns)
    return _assemble(flows, n, horizon_years, discount_rate, times)


def simulate(
    params: StrategyRoiParams, rng: np.random.Generator | None = None, simulations: int | None = None
) -> Economics:
    """Run the seeded Monte Carlo over every range (``simulations`` draws, default ``params.simulations``)."""
    rng = rng if rng is not None else np.random.default_rng(params.seed)
    x = draw_inputs(params, rng, simulations or params.simulations)
    return evaluate(
        x, params.horizon_years, params.discount_rate, params.pipeline.max_interns, params.backfill
    )


def fresh_simulation(params: StrategyRoiParams) -> Economics:
    """The same Monte Carlo on fresh draws (stream ``[seed, 1]``): the out-of-sample check of a chosen mix."""
    return simulate(params, np.random.default_rng([params.seed, 1]))


# ---------------------------------------------------------------------------------------------------------
# Cash-flow metrics


def discount_factors(rate: float, years: int) -> np.ndarray:
    """Discount factor of each year 0 … ``years − 1``, from ``numpy_financial.npv`` of unit cash flows.

    ``npf.npv(rate, e_t)`` is the NPV of 1 USD in year *t*: ``1 / (1 + rate)^t`` (year 0 undiscounted).
    """
    return np.array([npf.npv(rate, unit) for unit in np.eye(years)])


def npv_at(rate: float, flows: np.ndarray) -> np.ndarray:
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
    npv = npv_at(rate, flows)
    pv_costs = npv_at(rate, costs)
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
