"""What the compensation report says: metrics, findings, recommendations and the sentences that name the inputs.

Every sentence is computed from the run's metrics and parameters; where a sentence names a source ("the
article's growth") it checks that the scenario really uses that source.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib import reference
from talentlib.compensation.bands import bls_discount_range
from talentlib.compensation.compression import Compression
from talentlib.compensation.drift import case_label, drift_cases, drift_source, growth_rates, survey_drift
from talentlib.compensation.inputs import employees_path, is_synthetic
from talentlib.compensation.model import flight_risk_summary, group_summary, offer_acceptance
from talentlib.compensation.schema import CompensationParams, growth_span
from talentlib.labels import label
from talentlib.report import fmt_money, fmt_num, fmt_pct

GROWTH_FIGURE = "article.pay_growth_2024_2026"


def open_ended_policy(bands: pd.DataFrame, comp: pd.DataFrame) -> str:
    """The open-ended band policy, with the bands it applies to and how many people sit above a written top."""
    part = bands[bands["open_ended"]].drop_duplicates(["role", "level"])
    if part.empty:
        return "No band in this scenario is open-ended: every band has a written maximum."
    names = ", ".join(
        f"{r.replace('_', ' ')} {lv}" for r, lv in zip(part["role"], part["level"], strict=True)
    )
    return (
        f"Open-ended bands ({names}: the article writes '$…K+'): the written top is used as the band maximum "
        "for the midpoint and range penetration; nobody is counted above the maximum of such a band, and the "
        f"{fmt_num(int(comp['above_open_top'].sum()))} employees paid above a written top are counted here, "
        "not treated as overpaid."
    )


# ---------------------------------------------------------------------------------------------------------
# Sentences naming the inputs


def pct_range(low: float, high: float, digits: int = 0) -> str:
    """``"15%–25%"``, or one value when both ends are equal (``"25%"``)."""
    if fmt_pct(low, digits) == fmt_pct(high, digits):
        return fmt_pct(low, digits)
    return f"{fmt_pct(low, digits)}–{fmt_pct(high, digits)}"


def growth_source(params: CompensationParams) -> str:
    """Whose market drift the scenario uses: ``"survey-measured"``, ``"the article's"`` or ``"this scenario's"``."""
    return {"survey": "survey-measured", "article": "the article's", "scenario": "this scenario's"}[
        drift_source(params)
    ]


def growth_phrase(params: CompensationParams) -> str:
    """The drift used in words, e.g. ``"+0.9%/yr (90% interval -0.4%–3.0%), survey US 2023–2024"``."""
    rates = growth_rates(params)
    if drift_source(params) == "survey":
        period = survey_drift(params).iloc[-1]["period"].replace("-", "–")
        return (
            f"{fmt_pct(rates['central'], 1)}/yr (90% interval {pct_range(rates['low'], rates['high'], 1)}), "
            f"survey {params.survey_country} {period}"
        )
    start, end = growth_span()
    low, high = params.pay_growth_two_years
    return f"+{pct_range(low, high)} over {start}–{end} ({pct_range(rates['low'], rates['high'], 1)}/yr)"


def ageing_caption(params: CompensationParams) -> str:
    """Caption of :func:`talentlib.compensation.bands.ageing_table`."""
    return (
        f"Time ageing: bands are aged with {growth_source(params)} market drift ({growth_phrase(params)}); "
        "the other assumption is shown beside it, with its factor to the target year."
    )


def drift_caption(params: CompensationParams) -> str:
    """Caption of :func:`talentlib.compensation.drift.survey_drift`."""
    return (
        f"Survey pay drift, {params.survey_country}: year-on-year change of the median by role and level "
        f"(cells with at least {params.min_group_size} respondents in both years, weighted by respondents), with "
        "n and a seeded bootstrap 90 % interval; the last row pools the five roles"
        + (
            " and is the rate bands are aged with."
            if drift_source(params) == "survey"
            else " (not used: this scenario states its drift)."
        )
    )


def pay_growth_evidence_caption(params: CompensationParams) -> str:
    """Caption of :func:`talentlib.compensation.survey.pay_growth_evidence`: survey changes beside the growth used."""
    rates = growth_rates(params)
    return (
        f"Survey median salary by role and year and its raw change (not level-mix adjusted); the drift used "
        f"({growth_source(params)}) is {pct_range(rates['low'], rates['high'], 1)} a year. Survey composition "
        "changes between years."
    )


def run_notice(params: CompensationParams, employees: pd.DataFrame) -> str:
    """One line saying whose pay this report covers (plain text: the caller escapes it)."""
    label = f"{params.organisation_name}: " if params.organisation_name else ""
    if is_synthetic(params):
        return (
            f"Employees: {label}a synthetic sample organisation of {len(employees)} made-up people (IDs SYN-…, "
            "business units 'Synthetic BU …'), generated by talentlib — not real data."
        )
    name = params.organisation_name or "your organisation"
    return f"Employees: {name}, {len(employees)} people from {employees_path(params).name}."


# ---------------------------------------------------------------------------------------------------------
# Metrics and findings


def metrics(
    params: CompensationParams,
    comp: pd.DataFrame,
    cost: pd.DataFrame,
    forward: pd.DataFrame,
    offer: dict[str, Any],
    survey_table: pd.DataFrame,
    survey: pd.DataFrame,
    squeeze: Compression | None = None,
) -> dict[str, Any]:
    """Headline numbers of a run (aggregates only; roles below ``min_group_size`` are null).

    ``comp`` holds every employee; shares and medians are over those with a band (``has_band``), and
    ``n_without_band`` counts the rest (suppressed survey cells).
    """
    n_without_band = int((~comp["has_band"]).sum()) if "has_band" in comp else 0
    comp = comp[comp["has_band"]] if "has_band" in comp else comp
    total = cost[cost["dimension"] == "total"].iloc[0]
    by_role = group_summary(comp, ["role"], params.min_group_size).set_index("role")["median_compa_ratio"]
    at_target = forward.loc[forward["year"] == params.target_year]
    rates = growth_rates(params)
    low_k, high_k = params.competing_offers
    q = offer["percentile"] / 100
    bls_low, bls_mid, bls_high = bls_discount_range()
    risk = comp["compa_ratio"] < params.flight_risk_compa_ratio
    return {
        "organisation": params.organisation_name or "synthetic sample organisation",
        "synthetic_sample": is_synthetic(params),
        "band_source": params.band_source,
        "pay_measure": params.pay_measure,
        "pay_year": params.pay_year,
        "target_year": params.target_year,
        "min_group_size": params.min_group_size,
        "n_employees": len(comp) + n_without_band,
        "n_without_band": n_without_band,
        "band_measure": params.band_measure,
        "measure_conversion": list(params.measure_conversion),
        "measure_conversion_label": params.measure_conversion_label,
        "drift_rate_source": drift_source(params),
        "drift_rates": {case: r["central"] for case, r in drift_cases(params).items()},
        "share_below_min_by_target_year": _by_case(forward, params.target_year, params),
        "share_below_min_by_forward_year": _by_case(forward, int(forward["year"].iloc[-1]), params),
        "n_above_open_top": int(comp["above_open_top"].sum()) if "above_open_top" in comp else 0,
        "compression_ratio_median": squeeze.pooled_ratio if squeeze else None,
        "compression_n_new": squeeze.n_new if squeeze else 0,
        "compression_n_incumbent": squeeze.n_incumbent if squeeze else 0,
        "compression_n_unknown_hire_date": squeeze.n_unknown_hire_date if squeeze else 0,
        "compression_cells_published": int((~squeeze.table["suppressed"]).sum()) if squeeze else 0,
        "compression_window": [squeeze.window_start, squeeze.window_end] if squeeze else [],
        "offer_percentile_basis": offer.get("percentile_basis", ""),
        "share_below_min": float(comp["below_min"].mean()),
        "share_above_max": float(comp["above_max"].mean()),
        "n_below_min": int(comp["below_min"].sum()),
        "cost_to_min": float(total["cost_to_min"]),
        "cost_to_mid": float(total["cost_to_mid"]),
        "median_compa_ratio": float(comp["compa_ratio"].median()),
        "median_compa_ratio_by_role": {
            role: (None if pd.isna(v) else float(v)) for role, v in by_role.items()
        },
        "share_below_min_target_year": float(at_target["share_below_min"].iloc[0]),
        "share_below_min_target_year_low_drift": float(at_target["share_below_min_low_drift"].iloc[0]),
        "share_below_min_target_year_high_drift": float(at_target["share_below_min_high_drift"].iloc[0]),
        "forward_year": int(forward["year"].iloc[-1]),
        "share_below_min_forward_year": float(forward["share_below_min"].iloc[-1]),
        "share_below_min_forward_year_low_drift": float(forward["share_below_min_low_drift"].iloc[-1]),
        "share_below_min_forward_year_high_drift": float(forward["share_below_min_high_drift"].iloc[-1]),
        "merit_budget": params.merit_budget,
        "flight_risk_count": int(risk.sum()),
        "flight_risk_share": float(risk.mean()),
        "flight_risk_compa_ratio": params.flight_risk_compa_ratio,
        "flight_risk_share_by_role": _risk_by_role(comp, params),
        "annual_market_growth_low": rates["low"],
        "annual_market_growth_central": rates["central"],
        "annual_market_growth_high": rates["high"],
        "offer_low": offer["offer_low"],
        "offer": offer["offer"],
        "offer_high": offer["offer_high"],
        "offer_percentile": offer["percentile"],
        "offer_acceptance_low_k": float(offer_acceptance(params, q, low_k)),
        "offer_acceptance_high_k": float(offer_acceptance(params, q, high_k)),
        "offer_process_weeks": sum(params.process_weeks) / 2,
        "offer_loss_hazard": sum(params.offer_loss_hazard) / 2,
        "survey_rows": len(survey),
        "survey_cells": len(survey_table),
        "survey_cells_suppressed": int(survey_table["suppressed"].sum()),
        "bls_implied_discount_low": bls_low,
        "bls_implied_discount_mid": bls_mid,
        "bls_implied_discount_high": bls_high,
    }


def _risk_by_role(comp: pd.DataFrame, params: CompensationParams) -> dict[str, float | None]:
    """Share of each role's employees below ``flight_risk_compa_ratio`` (count-free; None under ``min_group_size``)."""
    table = flight_risk_summary(comp, params.flight_risk_compa_ratio, params.min_group_size)
    shares = table.set_index("role")["share_at_risk"]
    return {str(role): (None if pd.isna(v) else float(v)) for role, v in shares.items()}


def _by_case(forward: pd.DataFrame, year: int, params: CompensationParams) -> dict[str, float]:
    """Share below minimum in ``year`` under each drift assumption (``{case: share}``)."""
    row = forward.loc[forward["year"] == year].iloc[0]
    return {case: float(row[f"share_below_min_{case}_drift"]) for case in drift_cases(params)}


def drift_sentence(metrics: dict[str, Any], params: CompensationParams) -> str:
    """The forward finding: the share below minimum by the forward year under every drift assumption."""
    year = metrics["forward_year"]
    parts = [
        f"{fmt_pct(share)} under {case_label(case, case != metrics['drift_rate_source'])} at {fmt_pct(metrics['drift_rates'][case], 1)}/yr"
        + (" (used)" if case == metrics["drift_rate_source"] else "")
        for case, share in metrics["share_below_min_by_forward_year"].items()
    ]
    return (
        f"With a {fmt_pct(metrics['merit_budget'], 1)} merit budget, the share below band minimum goes from "
        f"{fmt_pct(metrics['share_below_min'])} in {metrics['pay_year']} to, by {year}: "
        + "; ".join(parts)
        + "."
    )


def compression_sentence(metrics: dict[str, Any], params: CompensationParams) -> str:
    """The pay-compression finding, or why it cannot be stated."""
    start, end = (metrics["compression_window"] or ["", ""])[:2]
    unknown = metrics["compression_n_unknown_hire_date"]
    counted = f"; {fmt_num(unknown)} without a hire date are not classified" if unknown else ""
    ratio = metrics["compression_ratio_median"]
    if ratio is None:
        return (
            f"Pay compression cannot be stated: {fmt_num(metrics['compression_n_new'])} new hires (after {start}) "
            f"are too few against incumbents of their role and level (groups under {params.min_group_size} are "
            f"suppressed){counted}."
        )
    verb = "more" if ratio > 1 else "less"
    who = "synthetic sample, " if metrics.get("synthetic_sample") else ""
    return (
        f"Pay compression ({who}pay at the bands' reference location): the {fmt_num(metrics['compression_n_new'])} people hired in the {params.new_hire_months} "
        f"months to {end} are paid a median {fmt_pct(abs(ratio - 1), 1)} {verb} than incumbents of their role and "
        f"level (ratio {ratio:.2f}; {metrics['compression_cells_published']} role-level cells publishable){counted}."
    )


def findings(metrics: dict[str, Any], params: CompensationParams) -> list[str]:
    """Plain-language findings; every number comes from the run's metrics."""
    who = "The synthetic sample organisation" if metrics["synthetic_sample"] else "The team"
    discount = reference.figure("article.non_coastal_discount")
    return [
        (
            f"{who}: {fmt_pct(metrics['share_below_min'])} of {fmt_num(metrics['n_employees'])} employees are paid below "
            f"their band minimum in {metrics['pay_year']}; median compa-ratio {metrics['median_compa_ratio']:.2f} "
            f"({metrics['pay_measure'].replace('_', ' ')} against {metrics['band_source']} bands"
            + (
                f"; {fmt_num(metrics['n_without_band'])} without a band: survey cell suppressed"
                if metrics["n_without_band"]
                else ""
            )
            + ")"
            + (
                ". By construction: the synthetic sample's pay is drawn around the article's band midpoints, so "
                "this follows from how the sample was made, not from a market"
                if metrics["synthetic_sample"] and metrics["band_source"] == "article"
                else ""
            )
            + "."
        ),
        (
            f"Raising them to the band minimum costs {fmt_money(metrics['cost_to_min'])} a year; raising everyone below "
            f"the midpoint to it costs {fmt_money(metrics['cost_to_mid'])} a year."
        ),
        drift_sentence(metrics, params),
        compression_sentence(metrics, params),
        (
            f"{fmt_num(metrics['flight_risk_count'])} employees ({fmt_pct(metrics['flight_risk_share'])}) are below a "
            f"compa-ratio of {params.flight_risk_compa_ratio:.2f} (flight-risk screen; names only in the analyst CSV)."
        ),
        (
            f"BLS metro medians imply inland data scientists earn {fmt_pct(metrics['bls_implied_discount_low'])}–"
            f"{fmt_pct(metrics['bls_implied_discount_high'])} less than coastal ones (base wages), against the "
            f"article's {fmt_pct(discount.low)}–{fmt_pct(discount.high)}."
        ),
    ]


def recommendations(metrics: dict[str, Any], params: CompensationParams) -> list[str]:
    """What to do about pay, each with its number from the run's metrics (for the report and the brief)."""
    out = []
    if metrics["n_below_min"]:
        out.append(
            f"Budget {fmt_money(metrics['cost_to_min'])} a year to bring the {fmt_num(metrics['n_below_min'])} "
            f"employees paid below their band minimum ({fmt_pct(metrics['share_below_min'])}) up to it."
        )
    central = metrics["annual_market_growth_central"]
    used = metrics.get("drift_rate_source", "")
    others = [
        f"under {case_label(case)} ({fmt_pct(metrics['drift_rates'][case], 1)}/yr) it would be {fmt_pct(share)}"
        for case, share in metrics.get("share_below_min_by_forward_year", {}).items()
        if case != used
    ]
    other = f"; {others[0]}" if others else ""
    if params.merit_budget < central:
        out.append(
            f"A {fmt_pct(params.merit_budget, 1)} merit budget trails the market's central drift of "
            f"{fmt_pct(central, 1)}/yr: without market adjustments {fmt_pct(metrics['share_below_min_forward_year'])} "
            f"of employees would be below band minimum by {metrics['forward_year']}{other}."
        )
    else:
        out.append(
            f"Keep the merit budget at or above the market's central drift of {fmt_pct(central, 1)}/yr: at "
            f"{fmt_pct(params.merit_budget, 1)} the share below band minimum goes from {fmt_pct(metrics['share_below_min'])} "
            f"to {fmt_pct(metrics['share_below_min_forward_year'])} by {metrics['forward_year']}{other}."
        )
    low_k, high_k = params.competing_offers
    low, high = fmt_money(metrics["offer_low"]), fmt_money(metrics["offer_high"])
    spread = f", range {low}–{high} across the drift and geography ranges" if low != high else ""
    out.append(
        f"Quote {fmt_money(metrics['offer'])} (band P{metrics['offer_percentile']:g}{spread}) for a {params.offer_level} "
        f"{label(params.offer_role)} ({label(params.offer_tier)}): it is expected to be accepted by "
        f"{fmt_pct(metrics['offer_acceptance_high_k'])}–{fmt_pct(metrics['offer_acceptance_low_k'])} of "
        f"candidates holding {low_k:g}–{high_k:g} competing offers through a {metrics['offer_process_weeks']:g}-week "
        f"process (the suite's acceptance model, labelled assumptions; strategy ROI uses the same)."
    )
    return out
