"""Report tables of the strategy-ROI notebook and the what-if engine behind the widget.

Percentiles per strategy, cash flows, hiring, portfolio and inputs; each table is a pure function of a result or the
params. :data:`TABLE_FORMATS` formats them for display.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentlib.report import fmt_money, fmt_num, fmt_pct
from talentlib.strategy_roi.hiring import DERIVED
from talentlib.strategy_roi.model import (
    Economics,
    cash_flow_metrics,
    limits,
    payback_period,
    range_fields,
    simulate,
)
from talentlib.strategy_roi.optimise import PortfolioResult, optimise, portfolio_problem
from talentlib.strategy_roi.org import ORG_MODELS
from talentlib.strategy_roi.reach import out_of_sample
from talentlib.strategy_roi.schema import UNITS, StrategyRoiParams

PERCENTILES = (10, 50, 90)


def _pct(values: np.ndarray, p: float) -> float:
    """Percentile ``p`` of the non-NaN values (``inverted_cdf``: an observed value); NaN when there are none."""
    finite = values[~np.isnan(values)]
    if finite.size == 0:
        return float("nan")
    result = float(np.percentile(finite, p, method="inverted_cdf"))
    return result


def strategy_table(econ: Economics) -> pd.DataFrame:
    """P10/P50/P90 per strategy (contract columns first); payback from the monthly flows.

    Returns:
        ``strategy, npv_p10, npv_p50, npv_p90, roi_p50, payback_years_p50, cost_per_productive_fte_year_p50,
        headcount_p50`` (expected people in permanent AI roles at the deadline per unit), ``capacity_fte_p10/p50/p90``
        (AI-equivalent capacity at the deadline per unit, FTE of AI work), ``cash_cost_p50`` (new spend over the
        horizon, undiscounted) and ``economic_cost_p50`` (cash plus re-allocated staff time at the valuation rule), then
        ``unit, roi_p10, roi_p90, payback_years_p10, payback_years_p90, prob_positive_npv, fte_years_p50,
        capacity_at_deadline_mean, total_cost_mean``. Payback beyond the horizon is empty.
    """
    metrics = cash_flow_metrics(econ.benefits, econ.costs, econ.discount_rate)
    metrics["payback_years"] = payback_period(econ.monthly_net, 12)
    cash_total = econ.cash_costs.sum(axis=2)
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
            "headcount_p50": _pct(econ.headcount[:, index], 50),
            "capacity_fte_p10": _pct(econ.capacity[:, index], 10),
            "capacity_fte_p50": _pct(econ.capacity[:, index], 50),
            "capacity_fte_p90": _pct(econ.capacity[:, index], 90),
            "cash_cost_p50": _pct(cash_total[:, index], 50),
            "economic_cost_p50": _pct(metrics["total_cost"][:, index], 50),
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


#: Unit of each hiring measure (the display formats by it).
HIRING_UNITS = {
    "acceptance_standard": "share",
    "acceptance_fast": "share",
    "candidates_not_lost_per_100_offers": "count",
    "days_to_fill_standard": "days",
    "days_to_fill_fast": "days",
    "vacancy_days_saved": "days",
    "vacancy_value_saved": "money",
    "vacancy_value_saved_net": "money",
}


def hiring_table(econ: Economics) -> pd.DataFrame:
    """Standard vs short process: acceptance, days to fill, candidates not lost and vacancy value saved (P10/P50/P90).

    Vacancy value saved (gross) = days saved ÷ 365 × the AI FTE-year value (value multiple × loaded market pay); net
    of the salary not yet paid it is days saved ÷ 365 × (value − the hire's loaded pay) (the ramp after the start is
    the same for both processes and left out).

    Returns:
        ``measure, unit, p10, p50, p90`` (:data:`HIRING_UNITS`).
    """
    h = econ.hiring
    value = h["fte_year_value"]
    saved = (h["days_standard"] - h["days_fast"]) / 365.0
    series = {
        "acceptance_standard": h["p_standard"],
        "acceptance_fast": h["p_fast"],
        "candidates_not_lost_per_100_offers": 100 * (h["p_fast"] - h["p_standard"]),
        "days_to_fill_standard": h["days_standard"],
        "days_to_fill_fast": h["days_fast"],
        "vacancy_days_saved": h["days_standard"] - h["days_fast"],
        "vacancy_value_saved": saved * value,
        "vacancy_value_saved_net": saved * (value - h["ai_loaded_pay"]),
    }
    return pd.DataFrame(
        [
            {
                "measure": name,
                "unit": HIRING_UNITS[name],
                **{f"p{p}": _pct(np.asarray(v, dtype=float), p) for p in PERCENTILES},
            }
            for name, v in series.items()
        ]
    )


def _fmt_days(value: float) -> str:
    """``124.2`` → ``124 days``."""
    return f"{fmt_num(value)} days"


#: How each unit is shown: share as %, money as $, days as days.
UNIT_FORMATS: dict[str, Any] = {
    "share": fmt_pct,
    "money": fmt_money,
    "days": _fmt_days,
    "weeks": lambda v: f"{fmt_num(v, 1)} weeks",
    "months": lambda v: f"{fmt_num(v, 1)} months",
    "years": lambda v: f"{fmt_num(v, 1)} years",
    "count": lambda v: fmt_num(v, 1),
    "integer": fmt_num,
    "multiple": lambda v: f"{v:.2f}×",
    "number": lambda v: f"{v:.2f}",
    "points": lambda v: f"{fmt_num(v, 1)} points",
    "percentile": lambda v: f"P{v:g}",
}


def formatted(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """A display copy of a table with a ``unit`` column: each of ``columns`` formatted by its row's unit."""
    out = frame.copy()
    for column in columns:
        out[column] = [
            UNIT_FORMATS[unit](value) for unit, value in zip(frame["unit"], frame[column], strict=True)
        ]
    return out.drop(columns="unit")


def input_unit(path: str) -> str:
    """The unit of an input path, from its name: pay and costs are money, ``*_days`` days, rates and shares %."""
    name = path.rsplit(".", 1)[-1]
    for suffix, unit in (("_days", "days"), ("_weeks", "weeks"), ("_months", "months"), ("_years", "years")):
        if name.endswith(suffix):
            return unit
    if any(word in name for word in ("pay", "cost", "budget")) and name not in (
        "pay_overhead",
        "pay_uplift",
        "pay_weight",
    ):
        return "money"
    if name in ("max_offers", "candidate_pool", "max_seats", "max_requisitions", "max_interns"):
        return "integer"
    special = {
        "value_multiple": "multiple",
        "gap_elasticity": "number",
        "competing_offers": "number",
        "market_coverage": "number",
        "leadership_gap_points": "points",
        "offer_percentile": "percentile",
    }
    return special.get(name, "share")


def portfolio_table(result: PortfolioResult) -> pd.DataFrame:
    """The chosen mix: ``strategy, units, headcount_p50, capacity_fte_p50, cash_cost, economic_cost, fte, cost``.

    ``fte`` is mean capacity and ``cost`` the cost on the budget basis.

    The percentiles are over the fresh simulations of :func:`~talentlib.strategy_roi.optimise.out_of_sample`.
    """
    columns = [
        "strategy",
        "units",
        "headcount_p50",
        "capacity_fte_p50",
        "cash_cost",
        "economic_cost",
        "fte",
        "cost",
    ]
    return result.allocation[[c for c in columns if c in result.allocation.columns]].copy()


def _description(path: str) -> str:
    """The schema's description of an input path such as ``hire.pay`` (or of a derived input, :data:`DERIVED`)."""
    if path in DERIVED:
        return DERIVED[path]
    if "." not in path:
        return StrategyRoiParams.model_fields[path].description or ""
    section, name = path.split(".", 1)
    model = StrategyRoiParams.model_fields[section].annotation
    return model.model_fields[name].description or ""


def inputs_table(params: StrategyRoiParams) -> pd.DataFrame:
    """Every range input and limit of the run with its unit and description (:func:`formatted` shows it by unit)."""
    rows = [
        {"input": path, "unit": input_unit(path), "low": low, "high": high, "description": _description(path)}
        for path, (low, high) in range_fields(params).items()
    ]
    low_rate, high_rate = params.discount_rate_range
    rows.append(
        {
            "input": "discount_rate_range",
            "unit": "share",
            "low": low_rate,
            "high": high_rate,
            "description": _description("discount_rate_range"),
        }
    )
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
            "unit": "integer",
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
    "economic_cost": fmt_money,
    "cash_cost": fmt_money,
    "cash_cost_p50": fmt_money,
    "economic_cost_p50": fmt_money,
    "headcount_p50": lambda v: fmt_num(v, 2),
    **{f"capacity_fte_p{p}": lambda v: fmt_num(v, 2) for p in PERCENTILES},
    "confidence": fmt_pct,
    "p_reach_out_of_sample": fmt_pct,
    "units": fmt_num,
    "min_cost": fmt_money,
    **{f"{m}_cost_per_effective_fte": fmt_money for m in ORG_MODELS},
    **{f"{m}_capacity_loss": fmt_pct for m in ORG_MODELS},
}


def what_if(
    params: StrategyRoiParams,
    value_scale: float = 1.0,
    discount_rate: float | None = None,
    capacity_target_fte: float | None = None,
    budget: float | None = None,
    simulations: int = 1000,
    offer_percentile: float | None = None,
) -> tuple[pd.DataFrame, PortfolioResult]:
    """Recompute the strategy table and the portfolio with key levers changed (the widget's engine).

    Args:
        params: Base parameters.
        value_scale: Multiplies both ends of ``value_multiple`` (the one valuation rule).
        discount_rate: Replaces the discount rate.
        capacity_target_fte: Replaces the target.
        budget: Replaces the budget.
        simulations: Draws for the interactive view.
        offer_percentile: Replaces ``hire.offer_percentile`` (pay, acceptance and days to fill move together).
    """
    update: dict[str, Any] = {
        "value_multiple": [v * value_scale for v in params.value_multiple],
        "simulations": simulations,
    }
    if offer_percentile is not None:
        update["hire"] = params.hire.model_copy(update={"offer_percentile": offer_percentile})
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
    fresh = simulate(varied, np.random.default_rng([varied.seed, 1]))
    return strategy_table(econ), out_of_sample(result, fresh, varied.capacity_target_fte)
