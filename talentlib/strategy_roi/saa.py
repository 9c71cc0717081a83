"""The chance-constrained mix solved exactly by enumeration: every confidence level from one pass over the mixes.

The sample-average approximation (Luedtke & Ahmed 2008; Pagnoncelli, Ahmed & Shapiro 2009) asks for the cheapest
whole-unit mix whose capacity reaches the target in at least ``ceil(confidence × N)`` of *N* sampled simulations.
With a handful of strategies and small limits it has an exact solution without branch and bound: fix the units of
every strategy but one (the one with the largest limit, *L*) and the cheapest number of *L* units that satisfies
``k`` scenarios is the *k*-th smallest of the per-scenario requirements ``ceil((target − base_j) / c_Lj)``. Costs are
non-negative, so that is optimal for the fixed units, and the minimum over all fixed units is the MILP's optimum —
for every confidence at once (one sort of the requirements per chunk). Mixes are visited in order of their cost without
*L*, and the pass stops when that alone exceeds the best cost found at every level (a valid bound).

:func:`solve_levels` returns ``None`` when the enumeration would be too large (:data:`MAX_CELLS`); the caller then
falls back to the MILP (:mod:`talentlib.strategy_roi.optimise`).
"""

from __future__ import annotations

import math

import numpy as np

#: Largest number of (mix × scenario) cells enumerated; beyond it the MILP is used.
MAX_CELLS = 150_000_000
#: Mixes evaluated per vectorised chunk.
CHUNK = 8192
#: Tolerance of "capacity reaches the target" (the same as :func:`optimise.reach_probability`).
TOLERANCE = 1e-9


def _grid(upper: np.ndarray) -> np.ndarray:
    """Every whole-unit vector ``0 ≤ x ≤ upper`` as rows ``[count, len(upper)]``."""
    axes = [np.arange(int(u) + 1, dtype=float) for u in upper]
    if not axes:
        return np.zeros((1, 0))
    return np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(axes))


def required(confidence: float, scenarios: int) -> int:
    """Scenarios that must reach the target: ``ceil(confidence × N)`` (at least 1, at most N)."""
    return max(1, min(scenarios, math.ceil(confidence * scenarios - 1e-9)))


def _last_bound(problem, others: np.ndarray, mixes: np.ndarray, last: int) -> np.ndarray:
    """Most units of strategy ``last`` each mix of the other strategies leaves within the shared limits."""
    bound = np.full(len(mixes), float(problem.max_units[last]))
    ok = np.ones(len(mixes), dtype=bool)
    for names, weights, limit, _label in problem.shared_limits:
        w = np.zeros(len(problem.strategies))
        for name, weight in zip(names, weights, strict=True):
            w[problem.strategies.index(name)] = weight
        used = mixes @ w[others]
        ok &= used <= limit + 1e-9
        if w[last] > 0:
            bound = np.minimum(bound, np.floor((limit - used) / w[last] + 1e-9))
    return np.where(ok, bound, -1.0)


def solve_levels(
    problem,
    target: float,
    levels: tuple[float, ...],
    headcount_per_unit: np.ndarray | None = None,
    headcount_target: float = 0.0,
) -> dict[float, tuple[float, np.ndarray | None]] | None:
    """Cheapest mix reaching ``target`` in ``ceil(level × N)`` sampled scenarios, for every level (budget ignored).

    Args:
        problem: A :class:`~talentlib.strategy_roi.optimise.PortfolioProblem` with ``capacity_samples``.
        target: Capacity asked at the deadline, FTE.
        levels: Confidence levels.
        headcount_per_unit: Expected people in AI roles per unit (for ``headcount_target``).
        headcount_target: Expected people in AI roles the mix must add (0: no constraint).

    Returns:
        ``level → (cost, units)`` (``(nan, None)`` where no mix within the limits reaches it), or ``None`` when the
        enumeration exceeds :data:`MAX_CELLS` cells.
    """
    samples = np.asarray(problem.capacity_samples, dtype=float)
    n_sc, s = samples.shape
    upper = np.asarray(problem.max_units, dtype=float)
    last = int(np.argmax(upper))
    others = np.array([k for k in range(s) if k != last], dtype=int)
    if float(np.prod(upper[others] + 1)) * n_sc > MAX_CELLS:
        return None
    mixes = _grid(upper[others])
    cost, fixed = np.asarray(problem.cost_per_unit, float), np.asarray(problem.fixed_cost, float)
    partial = mixes @ cost[others] + (mixes > 0) @ fixed[others]
    order = np.argsort(partial, kind="stable")
    mixes, partial = mixes[order], partial[order]
    bound = _last_bound(problem, others, mixes, last)
    within = bound >= 0  # mixes of the other strategies that already break a shared limit are dropped
    mixes, partial, bound = mixes[within], partial[within], bound[within]
    heads = np.zeros(s) if headcount_per_unit is None else np.asarray(headcount_per_unit, dtype=float)
    kth = sorted({required(level, n_sc) - 1 for level in levels})
    best = {k: (math.inf, None) for k in kth}
    c_last = samples[:, last]
    for start in range(0, len(mixes), CHUNK):
        if partial[start] >= max(cost for cost, _ in best.values()):
            break  # no later mix can beat any level: costs of the last strategy are non-negative
        chunk = slice(start, start + CHUNK)
        deficit = target - TOLERANCE - mixes[chunk] @ samples[:, others].T  # [mix, scenario]
        with np.errstate(divide="ignore", invalid="ignore"):
            need = np.where(deficit <= 0, 0.0, np.ceil(deficit / c_last - 1e-12))
        need = np.where((deficit > 0) & (c_last <= 0), np.inf, need)
        ordered = np.sort(need, axis=1)  # faster than a multi-kth partition for ~100 scenarios
        heads_short = headcount_target - mixes[chunk] @ heads[others]
        if heads[last] > 0:
            heads_units = np.maximum(np.ceil(heads_short / heads[last] - 1e-9), 0.0)
        else:
            heads_units = np.where(heads_short > 1e-9, np.inf, 0.0)
        for k in kth:
            units_last = np.maximum(ordered[:, k], heads_units)
            total = partial[chunk] + cost[last] * units_last + fixed[last] * (units_last > 0)
            total = np.where(units_last <= bound[chunk], total, np.inf)
            i = int(np.argmin(total))
            if total[i] < best[k][0] - 1e-9:
                units = np.zeros(s)
                units[others] = mixes[chunk][i]
                units[last] = units_last[i]
                best[k] = (float(total[i]), units)
    out = {}
    for level in levels:
        cost_k, units = best[required(level, n_sc) - 1]
        out[level] = (cost_k, units) if units is not None else (float("nan"), None)
    return out
