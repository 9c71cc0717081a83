"""The chosen mix checked out of sample: P(reach) on fresh simulations with its Wilson interval, and the cost–confidence curve.

A mix chosen on sampled simulations reaches its target less often on fresh ones; these functions re-evaluate it on
another seed's draws (totals summed per simulation before percentiles are taken).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd

from talentlib.strategy_roi.model import Economics
from talentlib.strategy_roi.optimise import PortfolioProblem, PortfolioResult, min_cost_levels


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (Wilson 1927), 95 % by default."""
    if trials == 0:
        return float("nan"), float("nan")
    p = successes / trials
    denom = 1 + z**2 / trials
    centre = (p + z**2 / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z**2 / (4 * trials**2)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def reach_probability(
    units: np.ndarray, capacity: np.ndarray, target: float
) -> tuple[float, tuple[float, float]]:
    """Share of simulations whose mix capacity (summed per simulation) reaches ``target``, with its Wilson interval.

    Args:
        units: Units per strategy.
        capacity: ``[simulation, strategy]`` capacity per unit, FTE.
        target: Capacity asked, FTE.
    """
    reached = int(np.sum(capacity @ units >= target - 1e-9))
    return reached / len(capacity), wilson_interval(reached, len(capacity))


def out_of_sample(result: PortfolioResult, fresh: Economics, target: float) -> PortfolioResult:
    """The mix re-evaluated on fresh simulations (another seed): P(reach), capacity and headcount percentiles.

    Totals are summed per simulation before percentiles are taken; the allocation gains ``headcount_p50`` and
    ``capacity_fte_p50`` (per strategy). ``p_reach_core`` and ``capacity_core_p50`` count no carry-back work and no
    tool-freed time (:attr:`Economics.core_capacity`).
    """
    units = result.allocation["units"].to_numpy(dtype=float)
    p_reach, interval = reach_probability(units, fresh.capacity, target)
    capacity = fresh.capacity @ units
    headcount = fresh.headcount @ units
    alloc = result.allocation.copy()
    alloc["headcount_p50"] = np.percentile(fresh.headcount * units, 50, axis=0, method="inverted_cdf")
    alloc["capacity_fte_p50"] = np.percentile(fresh.capacity * units, 50, axis=0, method="inverted_cdf")
    core = fresh.core_capacity @ units
    p10, p50, p90 = (float(np.percentile(capacity, q, method="inverted_cdf")) for q in (10, 50, 90))
    return replace(
        result,
        allocation=alloc,
        p_reach=p_reach,
        p_reach_interval=interval,
        capacity_fte=(p10, p50, p90),
        headcount_p50=float(np.percentile(headcount, 50, method="inverted_cdf")),
        p_reach_core=float(np.mean(core >= target - 1e-9)),
        capacity_core_p50=float(np.percentile(core, 50, method="inverted_cdf")),
    )


def confidence_curve(
    problem: PortfolioProblem,
    fresh: Economics,
    target: float,
    levels: tuple[float, ...] = (0.5, 0.65, 0.8, 0.95),
) -> pd.DataFrame:
    """Cheapest cost of the target at each confidence, and its P(reach) on fresh simulations (budget ignored).

    Returns:
        ``confidence, cost, p_reach_out_of_sample`` (NaN cost and P(reach) where the limits cannot reach it).
    """
    solved = min_cost_levels(problem, target, tuple(levels))
    rows = []
    for level in levels:
        cost, units = solved[level]
        p_reach = reach_probability(units, fresh.capacity, target)[0] if units is not None else float("nan")
        rows.append({"confidence": level, "cost": cost, "p_reach_out_of_sample": p_reach})
    return pd.DataFrame(rows)
