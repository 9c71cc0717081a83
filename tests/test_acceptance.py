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


def test_both_reports_use_the_one_model():
    from talentlib import compensation as cp
    from talentlib import strategy_roi as sr

    q, k, weeks, w, h = 0.6, np.array([5.0, 7.5, 10.0]), 6.0, 0.5, 0.02
    np.testing.assert_array_equal(cp.win_probability(q, k, w), acceptance.choice(q, k, w))
    np.testing.assert_array_equal(
        sr.acceptance_probability(weeks, k, h), acceptance.availability(weeks, k, h)
    )
    np.testing.assert_allclose(
        cp.win_probability(q, k, w) * sr.acceptance_probability(weeks, k, h),
        acceptance.probability(q, k, weeks, w, h),
    )
