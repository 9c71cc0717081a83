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
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import norm

#: z of the 90th percentile of a normal distribution (band P90 over P50 gives the lognormal spread).
Z90 = float(norm.ppf(0.9))


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
    return norm.cdf(np.log(ratio) / np.asarray(spread, float))


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
