"""What the strategy-ROI report says: metrics, findings, recommendations and the sources named in captions.

Every sentence is computed from the run's tables, metrics and params: numbers are formatted from them, and a claim
(a process is faster, a mix is funded, an input comes from the article) is made only when the run supports it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib.report import fmt_money, fmt_num, fmt_pct, sources_caption
from talentlib.spec import SYNTHETIC_METRIC
from talentlib.strategy_roi.hiring import market_median_pay, offer_pay
from talentlib.strategy_roi.optimise import PortfolioResult
from talentlib.strategy_roi.org import ORG_LABELS, ORG_MODELS
from talentlib.strategy_roi.schema import LABELS, UNITS, StrategyRoiParams
from talentlib.strategy_roi.sources import (
    figure,
    figure_pair,
    figure_range,
    figure_value,
    pay_band,
    percent_figure,
)

# ---------------------------------------------------------------------------------------------------------
# Names


def _weeks_text(weeks: list[float]) -> str:
    """``[2, 2]`` → ``2``; ``[2, 3]`` → ``2–3``."""
    low, high = weeks
    return f"{low:g}" if low == high else f"{low:g}–{high:g}"


def strategy_label(key: str, params: StrategyRoiParams) -> str:
    """Display name of a strategy for this run; the short process is named by its length (``faster_hiring.process_weeks``)."""
    if key == "faster_hiring":
        return f"Hire with a {_weeks_text(params.faster_hiring.process_weeks)}-week process"
    return LABELS[key]


# ---------------------------------------------------------------------------------------------------------
# Metrics


def metrics(
    params: StrategyRoiParams,
    strategies: pd.DataFrame,
    result: PortfolioResult,
    org: pd.DataFrame,
    hiring: pd.DataFrame,
    worst_case: dict[str, float] | None = None,
    alternative: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The notebook's ``metrics.json``: run facts, NPV P50 per strategy, portfolio and operating model.

    ``worst_case`` (:func:`~talentlib.strategy_roi.sensitivity.worst_case_npv`) adds each strategy's NPV with every
    input at its least favourable end, so a finding can say when a sign follows from the inputs; ``alternative``
    (:func:`~talentlib.strategy_roi.optimise.basis_alternative`) the cheapest mix counted on the other cost basis.
    """
    by = strategies.set_index("strategy")
    h = hiring.set_index("measure")
    today = org[org["case"] == "today"].iloc[0]
    later = org[org["case"] == "after plan"].iloc[0]
    best = str(by["npv_p50"].idxmax())
    cheapest = str(by["cost_per_productive_fte_year_p50"].idxmin())
    metrics: dict[str, Any] = {
        SYNTHETIC_METRIC: any(record.get("synthetic") for record in params.links),
        "role": params.role,
        "level": params.level,
        "links": list(params.links),
        "simulations": params.simulations,
        "seed": params.seed,
        "horizon_years": params.horizon_years,
        "discount_rate": params.discount_rate,
        "capacity_target_fte": params.capacity_target_fte,
        "budget": params.budget,
        "best_npv_strategy": best,
        "best_npv_strategy_label": strategy_label(best, params),
        "cheapest_fte_year_strategy": cheapest,
        "portfolio_feasible": result.feasible,
        "portfolio_status": result.status,
        "portfolio_explanation": result.explanation,
        "portfolio_cost": result.total_cost,
        "portfolio_fte": result.total_fte,
        "max_reachable_fte": result.max_reachable_fte,
        "min_cost_of_target": result.min_cost,
        "portfolio_confidence": params.confidence,
        "portfolio_p_reach": result.p_reach,
        "portfolio_p_reach_low": result.p_reach_interval[0],
        "portfolio_p_reach_high": result.p_reach_interval[1],
        "portfolio_capacity_fte_p10": result.capacity_fte[0],
        "portfolio_capacity_fte_p50": result.capacity_fte[1],
        "portfolio_capacity_fte_p90": result.capacity_fte[2],
        "portfolio_headcount_p50": result.headcount_p50,
        "portfolio_binding_constraints": list(result.binding),
        "portfolio_marginal_values": [
            {"constraint": label, "cost_change": value} for label, value in result.marginal_values
        ],
        "budget_basis": params.budget_basis,
        "portfolio_cash_cost": _column_sum(result.allocation, "cash_cost"),
        "portfolio_economic_cost": _column_sum(result.allocation, "economic_cost"),
        "portfolio_p_reach_without_shares": result.p_reach_core,
        "portfolio_capacity_fte_p50_without_shares": result.capacity_core_p50,
        "headcount_target": params.headcount_target,
        "backfill": params.backfill,
        "value_multiple_low": params.value_multiple[0],
        "value_multiple_high": params.value_multiple[1],
        "acceptance_standard_p50": float(h.loc["acceptance_standard", "p50"]),
        "acceptance_fast_p50": float(h.loc["acceptance_fast", "p50"]),
        "candidates_not_lost_per_100_offers_p50": float(h.loc["candidates_not_lost_per_100_offers", "p50"]),
        "vacancy_days_saved_p50": float(h.loc["vacancy_days_saved", "p50"]),
        "vacancy_value_saved_p50": float(h.loc["vacancy_value_saved", "p50"]),
        "vacancy_value_saved_net_p50": float(h.loc["vacancy_value_saved_net", "p50"]),
        "days_to_fill_standard_p50": float(h.loc["days_to_fill_standard", "p50"]),
        "days_to_fill_fast_p50": float(h.loc["days_to_fill_fast", "p50"]),
        "offer_percentile": params.hire.offer_percentile,
        "offer_pay": offer_pay(params),
        "market_median_pay": market_median_pay(params),
        "org_model_today": str(today["model_choice"]),
        "org_guidance_today": str(today["article_guidance"]),
        "org_model_after_plan": str(later["model_choice"]),
        "org_guidance_after_plan": str(later["article_guidance"]),
    }
    if alternative is not None:
        metrics["alternative_basis"] = "economic" if params.budget_basis == "cash" else "cash"
        metrics["alternative_units"] = {
            r.strategy: float(r.units) for r in alternative.itertuples() if r.units > 0
        }
        metrics["alternative_cash_cost"] = float(alternative["cash_cost"].sum())
        metrics["alternative_economic_cost"] = float(alternative["economic_cost"].sum())
    for key, row in by.iterrows():
        metrics[f"npv_p50_{key}"] = float(row["npv_p50"])
        metrics[f"roi_p50_{key}"] = float(row["roi_p50"])
        metrics[f"headcount_p50_{key}"] = float(row["headcount_p50"])
        metrics[f"capacity_fte_p50_{key}"] = float(row["capacity_fte_p50"])
        metrics[f"npv_positive_share_{key}"] = float(row["prob_positive_npv"])
        if worst_case is not None:
            metrics[f"npv_worst_case_{key}"] = worst_case[key]
    return metrics


def _column_sum(frame: pd.DataFrame, column: str) -> float:
    """Sum of a column, NaN when the table does not have it."""
    return float(frame[column].sum()) if column in frame.columns else float("nan")


def cost_finding(metrics: dict[str, Any]) -> str:
    """Cash apart from economic cost for the mix, and which one the budget counts."""
    mix = "chosen" if metrics["portfolio_feasible"] else "best affordable"
    return (
        f"The {mix} mix costs {fmt_money(metrics['portfolio_cash_cost'])} in cash (new spend: hires' pay, fees, "
        f"learning budgets, pay rises, seats, interns) and {fmt_money(metrics['portfolio_economic_cost'])} in "
        "economic cost (cash plus the home-team work of re-allocated staff at the valuation rule); the budget and "
        f"the optimiser count the {metrics['budget_basis']} cost (budget_basis)."
    )


def alternative_finding(metrics: dict[str, Any]) -> str:
    """The cheapest mix on the other cost basis, beside the chosen one (empty when it was not computed)."""
    if "alternative_units" not in metrics:
        return ""
    mix = ", ".join(
        f"{fmt_num(units)} × {LABELS[key]}" for key, units in metrics["alternative_units"].items()
    )
    return (
        f"Counted at {metrics['alternative_basis']} cost instead, the cheapest mix for the same target and "
        f"confidence would be {mix}: {fmt_money(metrics['alternative_cash_cost'])} cash and "
        f"{fmt_money(metrics['alternative_economic_cost'])} economic, against "
        f"{fmt_money(metrics['portfolio_cash_cost'])} and {fmt_money(metrics['portfolio_economic_cost'])} for the "
        f"{'chosen' if metrics['portfolio_feasible'] else 'best affordable'} mix (budget ignored)."
    )


def shares_finding(metrics: dict[str, Any], params: StrategyRoiParams) -> str:
    """The mix with and without the labelled shares (carry-back work, tool-freed time)."""
    return (
        "Without carry-back work and tool-freed time (the labelled shares rotation.carry_back_share and "
        f"ai_tools.ai_work_share set to 0), the same mix has {fmt_num(metrics['portfolio_capacity_fte_p50_without_shares'], 1)} "
        f"FTE at the deadline (P50, against {fmt_num(metrics['portfolio_capacity_fte_p50'], 1)} with them) and "
        f"reaches {fmt_num(params.capacity_target_fte, 1)} FTE in "
        f"{fmt_pct(metrics['portfolio_p_reach_without_shares'], 1)} of fresh simulations."
    )


def backfill_finding(metrics: dict[str, Any], params: StrategyRoiParams) -> str:
    """How leavers are treated, with the run's hiring time and the upskilled attrition assumption."""
    low, high = params.upskill.attrition_after
    retention = params.upskill.retention_effect
    linked = any(
        r.get("target", "").endswith(".upskill.attrition_after") and r.get("status") == "linked"
        for r in params.links
    )
    raised = "; raised for staff paid below band, from the compensation report" if linked else ""
    upskilled = (
        f"upskilled staff leave at {fmt_pct(low, 1)}–{fmt_pct(high, 1)} a year (baseline to the new-hire rate: "
        f"they become marketable{raised})"
    )
    if max(retention) > 0:
        upskilled += f", lowered by the retention option {fmt_pct(retention[0])}–{fmt_pct(retention[1])}"
    if not metrics["backfill"]:
        return f"Leavers are not replaced (backfill off), so a seat filled sooner is exposed longer to attrition; {upskilled}."
    return (
        "Leavers from AI roles (hires, upskilled staff, converted interns) are replaced through the standard hiring "
        f"process — cost per hire, {fmt_num(metrics['days_to_fill_standard_p50'])} days to fill (P50), ramp — while "
        f"the {metrics['horizon_years']}-year horizon lasts (requisitions with the short process refill with it); "
        f"{upskilled}."
    )


def valuation_finding(params: StrategyRoiParams) -> str:
    """The one valuation rule, with this run's multiple and the pay each kind of work is valued on."""
    low, high = params.value_multiple
    return (
        f"One valuation rule: every person-hour is worth {low:g}–{high:g} × the loaded pay of the work it produces "
        "(assumption.strategy_value_multiple, no published source) — AI work on the planned role's market median "
        f"pay ({fmt_money(market_median_pay(params))}, the middle of its {fmt_money(params.hire.pay[0])}–"
        f"{fmt_money(params.hire.pay[1])} band; hires are paid P{params.hire.offer_percentile:g}, "
        f"{fmt_money(offer_pay(params))}, which buys a faster fill, not more valuable work), home-team work a rotator or upskiller "
        f"gives up on internal pay ({fmt_money(params.rotation.internal_pay[0])}–"
        f"{fmt_money(params.rotation.internal_pay[1])}), tool-freed time on the seat holder's pay "
        f"({fmt_money(params.ai_tools.seat_holder_pay[0])}–{fmt_money(params.ai_tools.seat_holder_pay[1])}), all "
        f"loaded by {fmt_pct(params.pay_overhead[0])}–{fmt_pct(params.pay_overhead[1])} on-costs; work given up is "
        "a cost at the same rule."
    )


def capacity_finding(params: StrategyRoiParams, strategies: pd.DataFrame) -> str:
    """Headcount apart from capacity: what a rotation seat and a tool seat add, through their labelled shares."""
    by = strategies.set_index("strategy")
    share = params.ai_tools.ai_work_share
    return (
        "People are not capacity: per unit (P50), a requisition adds "
        f"{fmt_num(by.loc['hire', 'headcount_p50'], 2)} people in AI roles and "
        f"{fmt_num(by.loc['hire', 'capacity_fte_p50'], 2)} FTE of AI work at the deadline; a rotation seat adds no "
        f"AI headcount and {fmt_num(by.loc['rotation', 'capacity_fte_p50'], 2)} FTE, most of it alumni's carry-back "
        f"work ({fmt_pct(params.rotation.carry_back_share[0])}–{fmt_pct(params.rotation.carry_back_share[1])} of an "
        "FTE each, assumption.strategy_carry_back_share); a tool seat counts only the "
        f"{fmt_pct(share[0])}–{fmt_pct(share[1])} of freed time spent on AI work "
        f"(assumption.strategy_tool_ai_work_share): {fmt_num(by.loc['ai_tools', 'capacity_fte_p50'], 3)} FTE."
    )


def reach_finding(metrics: dict[str, Any], params: StrategyRoiParams) -> str:
    """The chosen mix on fresh simulations: P(reach) with its interval, capacity P10/P50/P90 and headcount."""
    low, high = metrics["portfolio_p_reach_low"], metrics["portfolio_p_reach_high"]
    return (
        f"On {fmt_num(params.simulations)} fresh simulations (another seed), the "
        f"{'chosen' if metrics['portfolio_feasible'] else 'best affordable'} mix reaches "
        f"{fmt_num(params.capacity_target_fte, 1)} FTE in {fmt_pct(metrics['portfolio_p_reach'])} of simulations "
        f"(95 % interval {fmt_pct(low)}–{fmt_pct(high)}; asked: {fmt_pct(params.confidence)}); its capacity is "
        f"{fmt_num(metrics['portfolio_capacity_fte_p10'], 1)} / {fmt_num(metrics['portfolio_capacity_fte_p50'], 1)}"
        f" / {fmt_num(metrics['portfolio_capacity_fte_p90'], 1)} FTE (P10/P50/P90) and it holds "
        f"{fmt_num(metrics['portfolio_headcount_p50'], 1)} people in AI roles at the deadline (P50)."
    )


# ---------------------------------------------------------------------------------------------------------
# Findings and recommendations


def _process_finding(metrics: dict[str, Any]) -> str:
    """Acceptance and vacancy days of the short process against the standard one, in the direction the run shows."""
    days = metrics["vacancy_days_saved_p50"]
    effect = (
        f"saving about {fmt_num(days)} vacancy days per requisition"
        if days >= 0
        else f"adding about {fmt_num(-days)} vacancy days per requisition"
    )
    net = metrics["vacancy_value_saved_net_p50"]
    value = (
        f"; each day saved is worth the AI FTE-day value less the salary not yet paid: "
        f"{fmt_money(net)} net per requisition (P50; {fmt_money(metrics['vacancy_value_saved_p50'])} gross)"
        if days >= 0
        else ""
    )
    return (
        f"An offer at P{metrics['offer_percentile']:g} of the band ({fmt_money(metrics['offer_pay'])}) is accepted by "
        f"{fmt_pct(metrics['acceptance_fast_p50'])} of candidates approached through the short process against "
        f"{fmt_pct(metrics['acceptance_standard_p50'])} through the standard one (P50; the suite's acceptance model, "
        f"labelled assumptions, the same as the compensation report's offer calculator); days to fill "
        f"{fmt_num(metrics['days_to_fill_fast_p50'])} against {fmt_num(metrics['days_to_fill_standard_p50'])} "
        f"(calibrated so a market-median offer through the standard process takes SHRM's time to fill, lengthened "
        f"for the market gap), {effect}{value}."
    )


def findings(
    metrics: dict[str, Any], strategies: pd.DataFrame, params: StrategyRoiParams | None = None
) -> list[str]:
    """Plain-language findings, every number computed from the run (the rule, capacity and P(reach) need ``params``)."""
    by = strategies.set_index("strategy")
    best = metrics["best_npv_strategy"]
    cheap = metrics["cheapest_fte_year_strategy"]
    negative = [k for k, row in by.iterrows() if row["npv_p50"] < 0]
    out = [
        (
            f"Per unit, {metrics['best_npv_strategy_label']} has the highest median NPV: "
            f"{fmt_money(by.loc[best, 'npv_p50'])} per {UNITS[best]} "
            f"(P10–P90 {fmt_money(by.loc[best, 'npv_p10'])} to {fmt_money(by.loc[best, 'npv_p90'])})."
        ),
        (
            f"The cheapest productive FTE-year comes from {LABELS[cheap]} at "
            f"{fmt_money(by.loc[cheap, 'cost_per_productive_fte_year_p50'])} (P50)."
        ),
        _process_finding(metrics),
        metrics["portfolio_explanation"],
    ]
    if params is not None:
        out[:0] = [valuation_finding(params)]
        out += [
            capacity_finding(params, strategies),
            reach_finding(metrics, params),
            cost_finding(metrics),
            *([alternative_finding(metrics)] if "alternative_units" in metrics else []),
            shares_finding(metrics, params),
            backfill_finding(metrics, params),
        ]
    sure = _sign_finding(metrics, by)
    if sure:
        out.append(sure)
    if negative:
        out.append(
            "Median NPV is negative within the "
            f"{metrics['horizon_years']}-year horizon for: {', '.join(LABELS[k] for k in negative)} "
            "(no value is counted after the horizon)."
        )
    return out


def _sign_finding(metrics: dict[str, Any], by: pd.DataFrame) -> str:
    """Strategies positive in every simulation, said to follow from the inputs when even their worst case is positive."""
    always = [key for key in by.index if metrics.get(f"npv_positive_share_{key}", 0.0) >= 1.0]
    if not always:
        return ""
    forced = [key for key in always if metrics.get(f"npv_worst_case_{key}", -1.0) > 0]
    found = [key for key in always if key not in forced]
    parts = []
    if forced:
        cases = ", ".join(
            f"{LABELS[key]} (worst case {fmt_money(metrics[f'npv_worst_case_{key}'])})" for key in forced
        )
        parts.append(
            f"A positive NPV in every simulation follows from the input ranges for {cases}: it stays positive with "
            "each input at the end of its range that lowers it, so it is not a finding of the simulation."
        )
    if found:
        parts.append(
            f"NPV is positive in all {fmt_num(metrics['simulations'])} simulations for "
            f"{', '.join(LABELS[key] for key in found)}, though not with every input at its worst end."
        )
    return " ".join(parts)


def _process_recommendation(metrics: dict[str, Any]) -> str:
    """Run requisitions as the short process only where the run shows it fills sooner, keeps more and pays more."""
    standard, fast = metrics["acceptance_standard_p50"], metrics["acceptance_fast_p50"]
    days = metrics["vacancy_days_saved_p50"]
    npv_std, npv_fast = metrics["npv_p50_hire"], metrics["npv_p50_faster_hiring"]
    if fast > standard and days > 0 and npv_fast >= npv_std:
        return (
            f"Run the AI requisitions you open as the short process: acceptance rises from {fmt_pct(standard)} "
            f"to {fmt_pct(fast)} (P50), a seat is filled about {fmt_num(days)} days sooner and the median NPV per "
            f"requisition is {fmt_money(npv_fast)} against {fmt_money(npv_std)}."
        )
    return (
        "Keep the standard process for AI requisitions as set: the short process has a median NPV of "
        f"{fmt_money(npv_fast)} per requisition against {fmt_money(npv_std)}, acceptance {fmt_pct(fast)} against "
        f"{fmt_pct(standard)} and {fmt_num(days)} vacancy days saved (P50)."
    )


def _growth_text(today: pd.Series, later: pd.Series, target: float, feasible: bool) -> str:
    """How the AI function grows in the operating-model case ``after plan``: today's headcount plus the target.

    The comparator counts the capacity target (FTE of AI work) as headcount, so the text says "the equivalent of";
    when the plan as funded does not reach the target, the move is stated as conditional.
    """
    added = f"today's headcount plus the {fmt_num(target, 1)}-FTE target"
    if feasible:
        return (
            f"as AI capacity grows from {today['ai_headcount']} AI professionals to the equivalent of "
            f"{later['ai_headcount']} ({added})"
        )
    return (
        f"if AI capacity reaches the equivalent of {later['ai_headcount']} AI professionals ({added}, "
        "which the plan as funded does not reach)"
    )


def _org_recommendation(metrics: dict[str, Any], org: pd.DataFrame) -> str:
    """Keep or change the operating model between today and the after-plan case."""
    today = org[org["case"] == "today"].iloc[0]
    later = org[org["case"] == "after plan"].iloc[0]
    growth = _growth_text(today, later, metrics["capacity_target_fte"], metrics["portfolio_feasible"])
    if today["model_choice"] == later["model_choice"]:
        return f"Keep a {ORG_LABELS[today['model_choice']]} model {growth}."
    return (
        f"Start as a {ORG_LABELS[today['model_choice']]} and plan the move to {ORG_LABELS[later['model_choice']]} "
        f"{growth}."
    )


def recommendations(metrics: dict[str, Any], allocation: pd.DataFrame, org: pd.DataFrame) -> list[str]:
    """Planning consequences of the run, each with its number."""
    used = allocation[allocation["units"] > 0]
    mix = ", ".join(f"{fmt_num(row.units)} × {LABELS[row.strategy]}" for row in used.itertuples())
    out = []
    if metrics["portfolio_feasible"]:
        out.append(
            f"Fund the cheapest mix for {fmt_num(metrics['capacity_target_fte'], 1)} FTE by year "
            f"{metrics['horizon_years']}: {mix} ({fmt_money(metrics['portfolio_cash_cost'])} cash, "
            f"{fmt_money(metrics['portfolio_economic_cost'])} economic); it reaches "
            f"{fmt_num(metrics['capacity_target_fte'], 1)} FTE in {fmt_pct(metrics['portfolio_p_reach'])} of fresh "
            "simulations."
        )
    else:
        out.append(f"Re-scope before funding: {metrics['portfolio_explanation']}")
    out.append(_process_recommendation(metrics))
    out.append(_org_recommendation(metrics, org))
    return out


def org_findings(org: pd.DataFrame) -> list[str]:
    """Operating-model findings for the organisation today and after the plan."""
    today = org[org["case"] == "today"].iloc[0]
    later = org[org["case"] == "after plan"].iloc[0]
    added = later["ai_headcount"] - today["ai_headcount"]
    described = {
        "today": f"Today ({today['ai_headcount']} AI professionals, ",
        "after plan": (
            f"After the plan (the equivalent of {later['ai_headcount']} AI professionals — today's "
            f"{today['ai_headcount']} plus the {added}-FTE capacity target, counted as headcount — "
        ),
    }
    out = []
    for case, row in (("today", today), ("after plan", later)):
        out.append(
            f"{described[case]}{row['business_units']} business units, {row['maturity']} maturity): "
            f"the article points to {ORG_LABELS[row['article_guidance']]}, "
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


# ---------------------------------------------------------------------------------------------------------
# Sources named in captions

#: A sourced value an input may take: ``(value, source, what the caption calls it)``.
Candidate = tuple[list[float], str, str]


def _sourced_inputs() -> list[tuple[str, str, list[Candidate]]]:
    """``(input path, name, sourced values it may take)``: the schema default first, then public alternatives."""
    article = "the article"
    bls_ds = [figure_value("public.4"), figure_value("public.5")]
    bls_junior = [figure_value("public.2"), figure_value("public.3")]
    new_hire_attrition = [percent_figure("public.39"), figure("assumption.strategy_new_hire_attrition").high]
    tech = [percent_figure("public.39")] * 2
    weeks = figure_range("article.target_process_weeks")
    return [
        (
            "upskill.learning_budget_per_person",
            "learning budget",
            [
                (figure_range("article.learning_budget"), article, "learning budget"),
                (
                    [figure_value("public.35")] * 2,
                    "ATD",
                    "learning spend per employee (as the learning budget)",
                ),
            ],
        ),
        (
            "upskill.program_months",
            "programme months",
            [(figure_range("article.program_months"), article, "programme months")],
        ),
        (
            "rotation.rotation_months",
            "rotation months",
            [(figure_range("article.rotation_months"), article, "rotation months")],
        ),
        (
            "hire.competing_offers",
            "competing offers",
            [(figure_range("article.competing_offers"), article, "competing offers")],
        ),
        (
            "faster_hiring.process_weeks",
            "short-process length",
            [(weeks, article, f"the {_weeks_text(weeks)}-week process")],
        ),
        (
            "hire.pay",
            "hire pay",
            [
                (pay_band("ai_ml_engineer", "mid"), article, "pay bands"),
                (bls_ds, "BLS OEWS", "data-scientist pay (hires, median to p75)"),
            ],
        ),
        (
            "pipeline.pay",
            "junior pay",
            [
                (pay_band("ai_ml_engineer", "junior"), article, "pay bands"),
                (bls_junior, "BLS OEWS", "data-scientist pay (juniors, p10 to p25)"),
            ],
        ),
        (
            "hire.cost_per_hire",
            "cost per hire",
            [
                (
                    figure_pair("public.38", "assumption.strategy_agency_fee"),
                    "SHRM",
                    "cost per hire (to an assumed agency fee)",
                ),
                ([figure_value("public.38")] * 2, "SHRM", "cost per hire"),
            ],
        ),
        ("hire.time_to_fill_days", "time to fill", [(figure_range("public.37"), "SHRM", "time to fill")]),
        ("hire.attrition", "new-hire attrition", [(new_hire_attrition, "LinkedIn", "tech turnover")]),
        ("upskill.attrition", "internal attrition", [(tech, "LinkedIn", "tech turnover")]),
        (
            "upskill.internal_pay",
            "internal pay",
            [(figure_pair("public.10", "public.11"), "BLS OEWS", "software developer pay")],
        ),
        (
            "rotation.internal_pay",
            "internal pay",
            [(figure_pair("public.10", "public.11"), "BLS OEWS", "software developer pay")],
        ),
        (
            "value_multiple",
            "value multiple",
            [
                (
                    figure_range("assumption.strategy_value_multiple"),
                    "talentlib assumptions",
                    "value multiple over loaded pay (assumption.strategy_value_multiple)",
                )
            ],
        ),
    ]


def _run_value(params: StrategyRoiParams, path: str) -> list[float]:
    """The run's ``[low, high]`` of an input path."""
    node: Any = params
    for part in path.split("."):
        node = getattr(node, part)
    return [float(v) for v in node]


def input_sources(params: StrategyRoiParams) -> list[str]:
    """Where this run's sourced inputs come from, one entry per source: ``"the article: competing offers, …"``.

    An input is credited to a source only when its value equals that source's figure (the schema default or a
    public alternative such as the ``public_data`` scenario's BLS pay); any other value is named as set for this run.
    """
    grouped: dict[str, list[str]] = {}
    for path, name, candidates in _sourced_inputs():
        value = _run_value(params, path)
        match = next(((source, what) for cand, source, what in candidates if cand == value), None)
        source, what = match if match is not None else ("set for this run", name)
        items = grouped.setdefault(source, [])
        if what not in items:
            items.append(what)
    last = {"talentlib assumptions": 1, "set for this run": 2}
    order = sorted(grouped, key=lambda source: (source != "the article", last.get(source, 0)))
    return [f"{source}: {', '.join(grouped[source])}" for source in order]


def assumption_caption(params: StrategyRoiParams) -> str:
    """The sources sentence of the strategy charts, computed from the run's inputs (:func:`input_sources`)."""
    return sources_caption(
        [
            *input_sources(params),
            "acceptance model and other inputs: talentlib assumptions (assumption.strategy_*)",
        ]
    )
