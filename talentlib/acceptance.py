"""One acceptance model for the suite: will a candidate accept our offer?

Used by the compensation report's offer calculator and by hiring in the strategy ROI model, so that the same
offer and the same process give the same answer in both reports. Two labelled assumptions multiply:

* **Still available at the offer.** Each competing offer the candidate holds takes them with a constant
  weekly hazard ``h`` while our process runs: ``exp(−h · k · weeks)`` (``assumption.strategy_offer_loss_hazard``).
* **Chooses ours.** With weight ``w`` pay decides and ours must beat all ``k`` competing offers, each drawn
  from the same market: ``q^k`` for an offer at market quantile ``q``; otherwise the choice is a fair draw,
  ``1/(k + 1)`` (``assumption.compensation_pay_weight``). So ``w · q^k + (1 − w)/(k + 1)``.

An offer's quantile comes from its premium over the candidate's market pay when market pay is lognormal with
spread ``σ`` (read from a band, :func:`spread_from_band`): ``q = Φ(ln(offer / market median) / σ)``.
Every coefficient is an assumption with a range, not a fit; the reports say so.

**Days to fill** (strategy ROI) are calibrated on SHRM's time to fill, which already includes declined offers
and lost candidates: it is read as the fill time of a market-median offer (``q = 0.5``) run as the standard
process. A fill is the process itself plus a search for a candidate who accepts, and the search scales with
``1 / P``: ``days = 7 · weeks + max(fill_ref − 7 · weeks_std, 0) · P_ref / P`` (:func:`fill_days`). So the
reference offer and process give back SHRM's figure, a higher offer or a shorter process fill faster, and no
fill is quicker than its own process.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ndtr, ndtri

from talentlib import reference

#: z of the 90th percentile of a normal distribution (band P90 over P50 gives the lognormal spread).
Z90 = float(ndtri(0.9))


def availability(process_weeks: Any, competing_offers: Any, weekly_hazard: Any) -> np.ndarray:
    """Chance the candidate has not accepted elsewhere by the time we offer: ``exp(−h · k · weeks)``."""
    exponent = (
        np.asarray(weekly_hazard, float) * np.asarray(competing_offers, float) * np.asarray(process_weeks)
    )
    return np.exp(-exponent)


def choice(quantile: Any, competing_offers: Any, pay_weight: Any) -> np.ndarray:
    """Chance an available candidate picks ours among ``k`` competing offers: ``w · q^k + (1 − w)/(k + 1)``."""
    q = np.clip(np.asarray(quantile, float), 0.0, 1.0)
    k = np.asarray(competing_offers, float)
    w = np.asarray(pay_weight, float)
    return w * q**k + (1.0 - w) / (k + 1.0)


def offer_quantile(offer: Any, market_median: Any, spread: Any) -> np.ndarray:
    """Market quantile of an offer when market pay is lognormal: ``Φ(ln(offer / median) / σ)``."""
    ratio = np.asarray(offer, float) / np.asarray(market_median, float)
    return ndtr(np.log(ratio) / np.asarray(spread, float))


def spread_from_band(p50: Any, p90: Any) -> np.ndarray:
    """Lognormal spread ``σ`` of market pay from a band's median and 90th percentile: ``ln(P90/P50) / z90``."""
    return np.log(np.asarray(p90, float) / np.asarray(p50, float)) / Z90


def probability(
    quantile: Any, competing_offers: Any, process_weeks: Any, pay_weight: Any, weekly_hazard: Any
) -> np.ndarray:
    """P(accept) = availability × choice (see the module docstring); broadcasts over arrays of draws.

    Args:
        quantile: Our offer's quantile in the candidate's market (0–1; 0.5 = the market median).
        competing_offers: Offers the candidate holds besides ours.
        process_weeks: Weeks from first contact to our offer.
        pay_weight: Share of the choice decided by pay alone (0–1).
        weekly_hazard: Weekly chance, per competing offer, of losing the candidate while we decide.
    """
    return availability(process_weeks, competing_offers, weekly_hazard) * choice(
        quantile, competing_offers, pay_weight
    )


def pay_at_percentile(percentile: Any, knots: Any, values: Any) -> np.ndarray:
    """Pay at a market percentile, read linearly between a band's known percentiles (``knots`` → ``values``).

    The one rule for "an offer at P<N> of the band", used by the compensation offer calculator and by hiring in
    strategy ROI; beyond the outer knots the band's end is kept.
    """
    return np.interp(np.asarray(percentile, float), np.asarray(knots, float), np.asarray(values, float))


def band_knots() -> list[float]:
    """Market percentiles an article band's low, mid and high are read as (``assumption.compensation_band_percentiles``)."""
    span = reference.figure("assumption.compensation_band_percentiles")
    return [span.low, 50.0, span.high]


def fill_days(
    reference_fill_days: Any,
    standard_weeks: Any,
    process_weeks: Any,
    p_reference: Any,
    p_offer: Any,
) -> np.ndarray:
    """Expected days to fill a requisition: the process plus a search that scales with ``1 / P(accept)``.

    ``7 · process_weeks + max(reference_fill_days − 7 · standard_weeks, 0) · p_reference / p_offer`` (module
    docstring); equals ``reference_fill_days`` for the reference offer run as the standard process.

    Args:
        reference_fill_days: Fill time of a market-median offer through the standard process (SHRM time to fill,
            lengthened for a short market).
        standard_weeks: The standard process length, weeks.
        process_weeks: This requisition's process length, weeks.
        p_reference: P(accept) of the reference offer through the standard process.
        p_offer: P(accept) of this offer through this process.
    """
    search = np.maximum(np.asarray(reference_fill_days, float) - 7.0 * np.asarray(standard_weeks, float), 0.0)
    return 7.0 * np.asarray(process_weeks, float) + search * np.asarray(p_reference, float) / np.asarray(
        p_offer, float
    )
