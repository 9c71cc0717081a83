"""The one acceptance model: hand-worked values, limits and monotonicity."""

from __future__ import annotations

import math

import numpy as np
import pytest

from talentlib import acceptance


def test_hand_worked_probability():
    # q = 0.5, k = 5, w = 0.5: choice = 0.5 × 0.5^5 + 0.5 / 6 = 0.015625 + 0.083333 = 0.098958
    # 6 weeks at h = 0.02 with 5 offers: availability = exp(−0.6) = 0.548812
    p = acceptance.probability(0.5, 5, 6, 0.5, 0.02)
    assert float(p) == pytest.approx(math.exp(-0.6) * (0.5 * 0.5**5 + 0.5 / 6), rel=1e-12)
    assert float(p) == pytest.approx(0.054310, abs=1e-6)


def test_limits():
    assert float(acceptance.probability(0.3, 0, 10, 0.5, 0.03)) == 1.0, "no competing offer: ours is taken"
    assert float(acceptance.choice(1.0, 7, 1.0)) == 1.0, "the top offer wins when pay alone decides"
    assert float(acceptance.choice(0.0, 7, 1.0)) == 0.0
    assert float(acceptance.choice(0.9, 4, 0.0)) == pytest.approx(0.2), "pay irrelevant: a fair draw among 5"
    assert float(acceptance.availability(0, 9, 0.05)) == 1.0, "an instant process loses nobody"


def test_monotone_in_pay_offers_and_weeks():
    q = np.linspace(0.05, 0.95, 10)
    assert np.all(np.diff(acceptance.probability(q, 5, 4, 0.5, 0.02)) > 0), "paying more helps"
    k = np.arange(1, 11)
    assert np.all(np.diff(acceptance.probability(0.5, k, 4, 0.5, 0.02)) < 0), "more competing offers hurt"
    weeks = np.arange(0, 12)
    assert np.all(np.diff(acceptance.probability(0.5, 5, weeks, 0.5, 0.02)) < 0), "a slower process loses"


def test_quantile_from_premium_and_band():
    sigma = acceptance.spread_from_band(200_000, 200_000 * math.exp(acceptance.Z90 * 0.2))
    assert float(sigma) == pytest.approx(0.2)
    assert float(acceptance.offer_quantile(200_000, 200_000, 0.2)) == pytest.approx(0.5)
    # a 10 % premium with σ = 0.2: Φ(ln 1.1 / 0.2) = Φ(0.4766) = 0.6832
    assert float(acceptance.offer_quantile(220_000, 200_000, 0.2)) == pytest.approx(0.68317, abs=1e-4)


def test_pay_at_percentile_reads_between_knots():
    knots, values = [10.0, 50.0, 90.0], [180_000.0, 230_000.0, 280_000.0]
    # P75: 230,000 + (280,000 − 230,000) × (75 − 50)/(90 − 50) = 261,250
    assert float(acceptance.pay_at_percentile(75, knots, values)) == pytest.approx(261_250)
    assert float(acceptance.pay_at_percentile(50, knots, values)) == 230_000
    assert float(acceptance.pay_at_percentile(95, knots, values)) == 280_000, "beyond the band: its end"


def test_fill_days_reference_limit_and_floor():
    # SHRM 44 days × coverage 0.8^−1 = 55 days at the reference; standard 6 weeks = 42 days of process
    assert float(acceptance.fill_days(55, 6, 6, 0.03, 0.03)) == pytest.approx(55), (
        "the reference gives SHRM back"
    )
    # twice the acceptance halves the 13-day search: 42 + 13/2 = 48.5
    assert float(acceptance.fill_days(55, 6, 6, 0.03, 0.06)) == pytest.approx(48.5)
    # a 2-week process at 3× the acceptance: 14 + 13/3
    assert float(acceptance.fill_days(55, 6, 2, 0.03, 0.09)) == pytest.approx(14 + 13 / 3)
    # a market faster than the standard process itself: no search, the process only
    assert float(acceptance.fill_days(30, 6, 6, 0.03, 0.01)) == pytest.approx(42)


def test_fill_days_monotone():
    p = acceptance.probability(np.linspace(0.1, 0.9, 9), 7, 6, 0.5, 0.02)
    days = acceptance.fill_days(60, 6, 6, float(acceptance.probability(0.5, 7, 6, 0.5, 0.02)), p)
    assert np.all(np.diff(days) < 0), "a higher offer fills sooner"
    weeks = np.arange(1.0, 9.0)
    p_weeks = acceptance.probability(0.75, 7, weeks, 0.5, 0.02)
    days = acceptance.fill_days(60, 6, weeks, 0.03, p_weeks)
    assert np.all(np.diff(days) > 0), "a longer process fills later"


def test_both_reports_give_the_same_acceptance():
    """The same offer, offers held and process: the compensation calculator and strategy hiring agree."""
    from talentlib import compensation as cp
    from talentlib import strategy_roi as sr

    weeks, hazard, k, percentile = 5.0, 0.015, 6.0, 70.0
    comp = cp.CompensationParams(
        process_weeks=[weeks, weeks],
        offer_loss_hazard=[hazard, hazard],
        competing_offers=[k, k],
        offer_percentile=percentile,
    )
    from_compensation = float(cp.offer_win_table(comp, (percentile,))[f"accept_at_p{percentile:g}"].iloc[0])
    hire = sr.StrategyRoiParams().hire.model_copy(
        update={
            "process_weeks": [weeks, weeks],
            "offer_loss_hazard": [hazard, hazard],
            "competing_offers": [k, k],
            "offer_percentile": percentile,
        }
    )
    strategy = sr.StrategyRoiParams(simulations=100, hire=hire)
    from_strategy = sr.simulate(strategy).hiring["p_standard"]
    np.testing.assert_allclose(from_strategy, from_compensation, rtol=1e-12)
    assert from_compensation == pytest.approx(
        math.exp(-hazard * k * weeks) * (0.5 * 0.7**k + 0.5 / (k + 1)), rel=1e-12
    )
