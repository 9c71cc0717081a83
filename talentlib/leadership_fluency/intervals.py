"""Confidence intervals of a tier mean that hold for small groups: Student t below a size, BCa bootstrap above.

Why two methods: a percentile bootstrap of the mean is too narrow for small n (its spread is the plug-in
standard error ``s·√((n−1)/n)/√n`` and it ignores the t quantile), so groups with fewer than
``small_group_n`` respondents (30 by default) get the Student t interval ``x̄ ± t(1 − γ/2; n − 1) · s/√n``.
Larger groups get the bias-corrected and accelerated (BCa) bootstrap (Efron 1987; Efron & Tibshirani 1993,
§14.3 and eq. 14.15), computed exactly as :func:`scipy.stats.bootstrap` with ``method="BCa"`` computes it
from the same bootstrap distribution (a test checks), but with the jackknife of the mean in closed form::

    z0 = Φ⁻¹((#{θ*_b < θ̂} + #{θ*_b ≤ θ̂}) / 2B)
    a  = Σ dᵢ³ / (6 · (Σ dᵢ²)^{3/2}),   dᵢ = xᵢ − x̄       (jackknife of the mean: θ̂₍.₎ − θ̂₍ᵢ₎ = dᵢ/(n − 1))
    αⱼ = Φ(z0 + (z0 + z_j) / (1 − a (z0 + z_j)))  for z_j = Φ⁻¹(γ/2), Φ⁻¹(1 − γ/2)
    CI = linear-interpolated quantiles αⱼ of the bootstrap means
"""

from __future__ import annotations

import numpy as np
from scipy import special

#: How the tier table names each method (column ``ci_method``).
T_METHOD = "t"
BCA_METHOD = "BCa bootstrap"


def interval_method(n: int, small_group_n: int) -> str:
    """The interval method for a group of ``n`` respondents: t below ``small_group_n``, BCa from it on."""
    return T_METHOD if n < small_group_n else BCA_METHOD


def t_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    """Student t interval of the mean: ``x̄ ± t(1 − γ/2; n − 1) · s/√n`` (NaN ignored; needs n ≥ 2).

    Args:
        values: Observations (NaN = missing).
        level: Coverage, e.g. 0.95.

    Returns:
        (low, high); the point itself when the values do not vary, NaN with fewer than 2 values.
    """
    x = values[~np.isnan(values)]
    if x.size < 2:
        return float("nan"), float("nan")
    mean = float(x.mean())
    half = float(special.stdtrit(x.size - 1, 1 - (1 - level) / 2) * x.std(ddof=1) / np.sqrt(x.size))
    return mean - half, mean + half


def bca_interval(values: np.ndarray, draws: np.ndarray, level: float) -> tuple[float, float]:
    """BCa interval of the mean from a bootstrap distribution ``draws`` of it (formulas in the module docstring).

    Args:
        values: The observations the draws resampled (NaN ignored).
        draws: Bootstrap means of ``values``.
        level: Coverage, e.g. 0.95.

    Returns:
        (low, high); the point itself when the values do not vary, NaN without values or draws.
    """
    x = values[~np.isnan(values)]
    if x.size == 0 or draws.size == 0:
        return float("nan"), float("nan")
    theta = float(np.mean(x))
    d = x - theta
    spread = float(np.sum(d**2))
    if spread == 0:
        return theta, theta
    share = (np.count_nonzero(draws < theta) + np.count_nonzero(draws <= theta)) / (2 * draws.size)
    z0 = float(special.ndtri(share))
    accel = float(np.sum(d**3)) / (6 * spread**1.5)
    z = special.ndtri(np.array([(1 - level) / 2, 1 - (1 - level) / 2]))
    probs = special.ndtr(z0 + (z0 + z) / (1 - accel * (z0 + z)))
    if not np.isfinite(probs).all():  # every draw on one side of the estimate: fall back to the draws' range
        return float(draws.min()), float(draws.max())
    low, high = np.quantile(draws, probs)
    return float(low), float(high)
