"""The hiring market of strategy ROI: the offer, the one acceptance model and days to fill.

The hire is offered ``hire.offer_percentile`` of the planned role's market band (:func:`offer_pay`, the compensation
calculator's rule) while AI work is valued on the band's median (:func:`market_median_pay`); whether the candidate
accepts is the suite's one model (:mod:`talentlib.acceptance`), and days to fill are calibrated on SHRM's time to
fill (:func:`talentlib.acceptance.fill_days`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from talentlib import acceptance
from talentlib.strategy_roi.schema import StrategyRoiParams

#: Inputs derived from the schema's fields rather than set directly: path → description.
DERIVED = {
    "hire.pay": "pay offered to a hire: offer_percentile of the planned role's market band, USD/yr (its cost)",
    "hire.offer_percentile": "market percentile of the band the offer is made at",
    "hire.market_pay": "market median of the planned role's band, USD/yr: what an AI FTE-year is valued on",
}


def market_median_pay(params: StrategyRoiParams) -> float:
    """The planned role's market median pay: the band's P50 (its midpoint), USD/yr — the price of AI work."""
    low, high = params.hire.pay
    return (low + high) / 2


def offer_pay(params: StrategyRoiParams) -> float:
    """Pay offered to a hire: ``hire.offer_percentile`` of the ``hire.pay`` band, USD/yr.

    The band's low and high are read as the percentiles of ``assumption.compensation_band_percentiles`` around its
    midpoint, exactly as the compensation report's offer calculator reads an article band.
    """
    low, high = params.hire.pay
    values = [low, market_median_pay(params), high]
    return float(acceptance.pay_at_percentile(params.hire.offer_percentile, acceptance.band_knots(), values))


def acceptance_probability(
    quantile: Any, process_weeks: Any, competing_offers: Any, pay_weight: Any, hazard: Any
) -> Any:
    """P(accept) of an offer at market ``quantile`` through a process of ``process_weeks``: the suite's one model.

    :func:`talentlib.acceptance.probability` (availability × choice), the same function the compensation report's
    offer calculator applies, so the same offer and process give the same acceptance in both reports.
    """
    return acceptance.probability(quantile, competing_offers, process_weeks, pay_weight, hazard)


def hiring_times(x: dict[str, np.ndarray], fast_weeks: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Acceptance probabilities and expected days to fill, standard and short process.

    SHRM's time to fill, lengthened for the market gap, is the fill time of a market-median offer (quantile 0.5)
    through the standard process; our offer and process scale its search part (:func:`talentlib.acceptance.fill_days`).

    Returns:
        ``p_standard, p_fast, p_reference, days_standard, days_fast`` (arrays).
    """
    fast_weeks = x["faster_hiring.process_weeks"] if fast_weeks is None else fast_weeks
    offers, hazard, weight = x["hire.competing_offers"], x["hire.offer_loss_hazard"], x["hire.pay_weight"]
    std_weeks = x["hire.process_weeks"]
    quantile = x["hire.offer_percentile"] / 100.0
    p_ref = acceptance_probability(0.5, std_weeks, offers, weight, hazard)
    p_std = acceptance_probability(quantile, std_weeks, offers, weight, hazard)
    p_fast = acceptance_probability(quantile, fast_weeks, offers, weight, hazard)
    reference_fill = x["hire.time_to_fill_days"] * x["hire.market_coverage"] ** (-x["hire.gap_elasticity"])
    return {
        "p_standard": p_std,
        "p_fast": p_fast,
        "p_reference": p_ref,
        "days_standard": acceptance.fill_days(reference_fill, std_weeks, std_weeks, p_ref, p_std),
        "days_fast": acceptance.fill_days(reference_fill, std_weeks, fast_weeks, p_ref, p_fast),
    }
