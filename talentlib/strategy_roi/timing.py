"""Continuous time within months, and backfill: the exposure integrals every strategy's monthly flows are built from.

Each strategy's flows are monthly averages on a grid of ``12 · H`` months (month *m* is ``[m/12, (m+1)/12)`` years)
plus one last column holding the instantaneous value at the deadline *H*. A start, exit or ramp inside a month is
**pro-rated**: a month's value is the exact integral of the occupancy over the month divided by its length, so a
start on day 15 of a 30-day month earns half a month (:func:`month_average`). Attrition is a constant exit hazard
``λ = −ln(1 − annual attrition)`` (so presence after *t* years is ``(1 − attrition)^t``); the ramp is linear from 0
to full productivity over ``ramp`` years.

**Backfill** (:func:`backfill`): every leaver is replaced through the hiring process — the replacement starts
``delay`` years (the expected days to fill) after the exit, ramps, is paid, and leaves and is replaced in turn, for as
long as the horizon lasts (a renewal process, computed in expectation). Starts inside a month are spread evenly over
it, so the month-to-month kernel is the average of the occupancy over a triangular lag (the difference of two uniform
times), integrated by Gauss–Legendre quadrature.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Length of one grid month, years.
MONTH = 1.0 / 12.0
#: Below this ``λ·u`` the closed forms switch to their Taylor series (no cancellation at zero attrition).
_SERIES_BELOW = 1e-3
#: Gauss–Legendre nodes per half of the triangular lag kernel.
_NODES = 4


def exit_rate(attrition: np.ndarray) -> np.ndarray:
    """Constant exit hazard per year from an annual attrition rate: ``λ = −ln(1 − attrition)``."""
    return -np.log1p(-np.minimum(np.asarray(attrition, dtype=float), 1.0 - 1e-12))


def _decay_integral(v: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """``∫_0^v e^{−λx} dx = −expm1(−λv) / λ`` (``v`` when λ = 0; ``expm1`` keeps small λv exact)."""
    rate = np.asarray(rate, dtype=float)
    positive = rate > 0
    return np.where(positive, -np.expm1(-rate * v) / np.where(positive, rate, 1.0), v)


def occupancy_integral(u: np.ndarray, rate: np.ndarray, ramp: np.ndarray) -> np.ndarray:
    """``G(u) = ∫_0^u e^{−λx} min(x / ramp, 1) dx``: FTE-years delivered in the first ``u`` years (0 for u ≤ 0).

    Args:
        u: Years since the start (any shape, broadcast with the others).
        rate: Exit hazard λ per year (:func:`exit_rate`).
        ramp: Years to full productivity; 0 for presence (no ramp).
    """
    u = np.maximum(np.asarray(u, dtype=float), 0.0)
    rate = np.asarray(rate, dtype=float)
    ramp = np.asarray(ramp, dtype=float)
    if not np.any(ramp > 0):
        return _decay_integral(u, rate)
    ramp = np.maximum(ramp, 1e-12)
    within = np.minimum(u, ramp)
    # one expm1 at the ramp's end serves both the ramped part and the tail's lower limit
    x = rate * within
    em1 = np.expm1(-x)
    positive = rate > 0
    safe = np.where(positive, rate, 1.0)
    decay_within = np.where(positive, -em1 / safe, within)
    small = x < _SERIES_BELOW
    moment = np.where(
        small, within * within * (0.5 - x / 3.0 + x * x / 8.0), (-em1 - x * (em1 + 1.0)) / safe**2
    )
    return moment / ramp + _decay_integral(u, rate) - decay_within


def occupancy(u: np.ndarray, rate: np.ndarray, ramp: np.ndarray) -> np.ndarray:
    """Instantaneous ``e^{−λu} min(u / ramp, 1)`` for ``u ≥ 0`` (presence when ``ramp`` is 0), 0 before the start."""
    u = np.asarray(u, dtype=float)
    ramp = np.maximum(np.asarray(ramp, dtype=float), 1e-12)
    ramped = np.where(ramp <= 1e-12, 1.0, np.clip(u / ramp, 0.0, 1.0))
    return np.where(u < 0, 0.0, np.exp(-rate * np.maximum(u, 0.0)) * ramped)


def month_average(start: np.ndarray, rate: np.ndarray, ramp: np.ndarray, horizon_years: int) -> np.ndarray:
    """Monthly averages of one occupant starting at ``start`` (years), then the instantaneous value at the deadline.

    Month *m*'s value is ``(G(b − start) − G(a − start)) / (b − a)`` over ``[a, b) = [m/12, (m+1)/12)``
    (:func:`occupancy_integral`): exact pro-rating of a start, exit or ramp inside a month.

    Args:
        start: ``[n, 1]`` start times, years.
        rate: ``[n, 1]`` exit hazards (0: nobody leaves).
        ramp: ``[n, 1]`` ramp lengths, years (0: present means productive).
        horizon_years: H; the grid has ``12·H`` months plus the deadline.

    Returns:
        ``[n, 12·H + 1]``: average FTE in each month, then FTE at t = H.
    """
    months = 12 * horizon_years
    edges = np.arange(months + 1)[None, :] * MONTH
    cumulative = occupancy_integral(edges - start, rate, ramp)
    average = np.diff(cumulative, axis=1) / MONTH
    return np.hstack([average, occupancy(horizon_years - start, rate, ramp)])


def share_before(end: np.ndarray, horizon_years: int) -> np.ndarray:
    """Share of each month (and of the deadline instant) before ``end`` years: ``clip((end − a) / (b − a), 0, 1)``."""
    months = 12 * horizon_years
    starts = np.arange(months)[None, :] * MONTH
    share = np.clip((end - starts) / MONTH, 0.0, 1.0)
    return np.hstack([share, (float(horizon_years) < end).astype(float)])


def _lag_kernels(rate: np.ndarray, ramp: np.ndarray, months: int) -> tuple[np.ndarray, np.ndarray]:
    """``[n, months]`` twice: month-``d`` average presence and productive FTE of a start spread evenly over month 0.

    The lag between a time uniform in month *d* and a start uniform in month 0 is triangular on ``[(d−1)/12,
    (d+1)/12]``; each kernel is the occupancy's mean under it (Gauss–Legendre on each half; one ``exp`` serves both).
    """
    nodes, weights = np.polynomial.legendre.leggauss(_NODES)
    half = (nodes + 1.0) / 2.0  # on [0, 1]
    w = weights / 2.0
    d = np.arange(months)[None, :, None]
    # rising half: lag (d − 1 + x)/12 with density x; falling half: lag (d + x)/12 with density 1 − x
    lags = np.concatenate([(d - 1 + half) * MONTH, (d + half) * MONTH], axis=2)
    dens = np.concatenate([w * half, w * (1.0 - half)])
    present = np.where(lags < 0, 0.0, np.exp(-rate[:, :, None] * np.maximum(lags, 0.0)))
    ramp3 = ramp[:, :, None]
    ramped = np.where(ramp3 <= 1e-12, 1.0, np.clip(lags / np.maximum(ramp3, 1e-12), 0.0, 1.0))
    return present @ dens, (present * ramped) @ dens


@dataclass(frozen=True)
class Kernel:
    """How one replacement hire, starting spread evenly over a month, contributes to later months and the deadline.

    Attributes:
        presence: ``[n, 12·H]`` average presence in month ``j + d`` of a start in month ``j``, by lag ``d``.
        prod: Same, productive FTE (after the ramp).
        deadline_presence: ``[n, 12·H]`` presence at t = H of a start spread over month ``j``.
        deadline_prod: Same, productive FTE.
        rate: ``[n]`` the replacements' exit hazard per year.
    """

    presence: np.ndarray
    prod: np.ndarray
    deadline_presence: np.ndarray
    deadline_prod: np.ndarray
    rate: np.ndarray


def replacement_kernel(rate: np.ndarray, ramp: np.ndarray, horizon_years: int) -> Kernel:
    """The :class:`Kernel` of hires with exit hazard ``rate`` and ramp ``ramp`` (both ``[n, 1]``), computed once."""
    months = 12 * horizon_years
    # mean over a start uniform in [a_j, a_j + 1/12] of the occupancy at H: (G(H − a_j) − G(H − a_j − 1/12)) · 12,
    # with G evaluated once on H − m/12, m = 0 … 12·H
    since = horizon_years - np.arange(months + 1)[None, :] * MONTH

    def at_deadline(ramp_years: np.ndarray) -> np.ndarray:
        g = occupancy_integral(since, rate, ramp_years)
        return (g[:, :-1] - g[:, 1:]) / MONTH

    presence, prod = _lag_kernels(rate, ramp, months)
    return Kernel(
        presence=presence,
        prod=prod,
        deadline_presence=at_deadline(np.zeros_like(ramp)),
        deadline_prod=at_deadline(ramp),
        rate=rate[:, 0],
    )


@dataclass(frozen=True)
class Backfill:
    """Expected flows of the replacements of one unit's leavers (and of their own leavers in turn).

    Attributes:
        presence: ``[n, 12·H + 1]`` replacements in post (monthly averages, then at the deadline).
        prod: Same shape, their productive FTE (after the ramp).
        starts: ``[n, 12·H]`` replacement hires starting in each month (each one pays a cost per hire).
    """

    presence: np.ndarray
    prod: np.ndarray
    starts: np.ndarray


def _cumulative_at(cumulative: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Linear interpolation of month-boundary cumulatives ``[k+1, n]`` at times ``t [n]`` (clamped to the grid)."""
    top = cumulative.shape[0] - 1
    position = np.clip(t / MONTH, 0.0, float(top))
    low = np.minimum(np.floor(position).astype(int), max(top - 1, 0))
    frac = position - low
    columns = np.arange(cumulative.shape[1])
    high = np.minimum(low + 1, top)
    return cumulative[low, columns] * (1.0 - frac) + cumulative[high, columns] * frac


def backfill(exits: np.ndarray, delay: np.ndarray, kernel: Kernel) -> Backfill:
    """Replace every leaver through the hiring process while the horizon lasts (expected renewal flows).

    A leaver at time *t* is replaced by a hire starting at ``t + delay``; the replacement ramps, leaves at the
    kernel's hazard and is replaced in turn. Starts in month *j* are the exits in ``[a_j − delay, b_j − delay)``
    (cumulative exits interpolated linearly within a month). A delay shorter than a month lets a month's own exits
    start replacements in that month: a second pass over the month settles them (one fixed-point step).

    Args:
        exits: ``[n, 12·H]`` expected leavers per month of the unit's own people.
        delay: ``[n]`` years from an exit to the replacement's start (days to fill ÷ 365).
        kernel: The replacements' :class:`Kernel` (:func:`replacement_kernel`).
    """
    n, months = exits.shape
    # time-major arrays ([month, simulation]) keep every slice below contiguous
    k_pres, k_prod = np.ascontiguousarray(kernel.presence.T), np.ascontiguousarray(kernel.prod.T)
    own = np.ascontiguousarray(np.asarray(exits, dtype=float).T)
    starts = np.zeros((months, n))
    in_post = np.zeros((months, n))  # replacements in post, filled month by month
    cumulative = np.zeros((months + 1, n))  # exits up to each month boundary (own people + replacements)
    # a delay under a month lets exits of month j start replacements in month j: one more pass settles them
    passes = 2 if bool(np.any(delay < MONTH)) else 1
    for j in range(months):
        for settled in range(passes):
            known = cumulative[: j + 1 + settled]  # the second pass also sees month j's exits
            s = np.maximum(
                _cumulative_at(known, (j + 1) * MONTH - delay) - _cumulative_at(known, j * MONTH - delay), 0.0
            )
            previous, starts[j] = starts[j].copy(), s
            in_post[j:] += (s - previous) * k_pres[: months - j]
            cumulative[j + 1] = cumulative[j] + own[j] + kernel.rate * in_post[j] * MONTH
    prod = np.zeros((months, n))
    for d in range(months):  # productive FTE: starts convolved with the ramped kernel, one lag at a time
        prod[d:] += starts[: months - d] * k_prod[d]
    presence, prod, starts = in_post.T, prod.T, starts.T
    at_deadline_pres = np.sum(starts * kernel.deadline_presence, axis=1, keepdims=True)
    at_deadline_prod = np.sum(starts * kernel.deadline_prod, axis=1, keepdims=True)
    return Backfill(np.hstack([presence, at_deadline_pres]), np.hstack([prod, at_deadline_prod]), starts)
