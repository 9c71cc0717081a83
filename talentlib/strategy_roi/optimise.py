"""The portfolio optimiser: the cheapest whole-unit mix of strategies that reaches a capacity target within budget.

``scipy.optimize.milp`` chooses integer units per strategy minimising total (undiscounted) cost subject to expected
capacity at the deadline ≥ the target, per-strategy limits, the shared recruiting limit and the pipeline's fixed cost (a
binary switch). Infeasible targets name the binding constraint (:attr:`PortfolioResult.explanation`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from talentlib.report import fmt_money, fmt_num
from talentlib.strategy_roi.model import Economics, limits
from talentlib.strategy_roi.schema import STRATEGIES, StrategyRoiParams


@dataclass(frozen=True)
class PortfolioProblem:
    """A min-cost mix problem.

    Attributes:
        strategies: Names.
        capacity_per_unit: Expected FTE at the deadline per unit.
        cost_per_unit: Variable cost per unit over the horizon, USD.
        max_units: Per-strategy upper bounds.
        fixed_cost: Cost incurred once if a strategy is used at all (0 for none), USD.
        shared_limits: ``(strategy names, weights, limit, label)``: Σ weight × units ≤ limit.
        integer: Whole units (people, seats) when True.
    """

    strategies: tuple[str, ...]
    capacity_per_unit: np.ndarray
    cost_per_unit: np.ndarray
    max_units: np.ndarray
    fixed_cost: np.ndarray
    shared_limits: tuple[tuple[tuple[str, ...], tuple[float, ...], float, str], ...] = ()
    integer: bool = True


@dataclass(frozen=True)
class PortfolioResult:
    """The optimiser's answer.

    Attributes:
        feasible: The target is reachable within limits and budget.
        status: ``optimal``, ``over_limits`` or ``over_budget``.
        explanation: One sentence naming the binding constraint.
        allocation: ``strategy, units, fte, cost`` (best effort when infeasible).
        total_fte: Capacity of the allocation.
        total_cost: Cost of the allocation.
        max_reachable_fte: Capacity with every strategy at its limit.
        min_cost: Cheapest cost of the target ignoring the budget (NaN if unreachable).
        binding: Constraints at their bound in the solution.
    """

    feasible: bool
    status: str
    explanation: str
    allocation: pd.DataFrame
    total_fte: float
    total_cost: float
    max_reachable_fte: float
    min_cost: float
    binding: tuple[str, ...]


def _solve(
    problem: PortfolioProblem, objective: str, target: float = 0.0, budget: float | None = None
) -> np.ndarray | None:
    """Solve one MILP: ``objective`` is ``min_cost`` (capacity ≥ target) or ``max_capacity`` (cost ≤ budget)."""
    s = len(problem.strategies)
    cap, cost, fixed = problem.capacity_per_unit, problem.cost_per_unit, problem.fixed_cost
    upper = np.asarray(problem.max_units, dtype=float)
    # variables: units x (s), switches y (s, binary) for fixed costs
    c = np.concatenate([cost, fixed]) if objective == "min_cost" else np.concatenate([-cap, np.zeros(s)])
    rows, lower_b, upper_b = [], [], []
    link = np.hstack([np.eye(s), -np.diag(upper)])  # x ≤ max × y
    rows.append(link)
    lower_b.append(np.full(s, -np.inf))
    upper_b.append(np.zeros(s))
    for names, weights, limit, _label in problem.shared_limits:
        row = np.zeros(2 * s)
        for name, weight in zip(names, weights, strict=True):
            row[problem.strategies.index(name)] = weight
        rows.append(row[None, :])
        lower_b.append([-np.inf])
        upper_b.append([limit])
    if objective == "min_cost":
        rows.append(np.concatenate([cap, np.zeros(s)])[None, :])
        lower_b.append([target - 1e-9])
        upper_b.append([np.inf])
    if budget is not None:
        rows.append(np.concatenate([cost, fixed])[None, :])
        lower_b.append([-np.inf])
        upper_b.append([budget])
    constraint = LinearConstraint(np.vstack(rows), np.concatenate(lower_b), np.concatenate(upper_b))
    integrality = np.concatenate([np.full(s, 1 if problem.integer else 0), np.ones(s)])
    bounds = Bounds(np.zeros(2 * s), np.concatenate([upper, np.ones(s)]))
    result = milp(c, constraints=constraint, integrality=integrality, bounds=bounds, options={"disp": False})
    if not result.success or result.x is None:
        return None
    x = result.x[:s]
    if problem.integer:
        x = np.round(x) + 0.0
    return x


def _allocation(problem: PortfolioProblem, units: np.ndarray) -> pd.DataFrame:
    """``strategy, units, fte, cost`` of a solution (fixed costs counted for every strategy used)."""
    used = units > 0
    cost = units * problem.cost_per_unit + used * problem.fixed_cost
    return pd.DataFrame(
        {
            "strategy": list(problem.strategies),
            "units": units,
            "fte": units * problem.capacity_per_unit,
            "cost": cost,
        }
    )


def max_reachable(problem: PortfolioProblem) -> float:
    """Capacity at the deadline with every strategy as large as its limits allow (budget ignored)."""
    units = _solve(problem, "max_capacity")
    return float(units @ problem.capacity_per_unit) if units is not None else 0.0


def min_cost(problem: PortfolioProblem, target: float) -> tuple[float, np.ndarray | None]:
    """Cheapest cost of reaching ``target`` FTE within the limits (budget ignored); ``(nan, None)`` if unreachable."""
    units = _solve(problem, "min_cost", target=target)
    if units is None:
        return float("nan"), None
    return float(_allocation(problem, units)["cost"].sum()), units


def _limits_text(problem: PortfolioProblem) -> str:
    """The per-strategy and shared limits as one readable list."""
    parts = [
        f"{name} ≤ {fmt_num(limit)}"
        for name, limit in zip(problem.strategies, problem.max_units, strict=True)
    ]
    parts += [f"{label} ≤ {fmt_num(limit)}" for _names, _weights, limit, label in problem.shared_limits]
    return ", ".join(parts)


def _best_effort(problem: PortfolioProblem, budget: float) -> pd.DataFrame:
    """The allocation with the most capacity within the limits and the budget (all zeros if none is found)."""
    units = _solve(problem, "max_capacity", budget=budget)
    units = units if units is not None else np.zeros(len(problem.strategies))
    return _allocation(problem, units)


def _binding(problem: PortfolioProblem, units: np.ndarray) -> list[str]:
    """The per-strategy and shared limits a solution uses in full."""
    binding = [
        f"{name} at its limit ({fmt_num(limit)})"
        for name, limit, used in zip(problem.strategies, problem.max_units, units, strict=True)
        if limit > 0 and used >= limit - 1e-9
    ]
    for names, weights, limit, label in problem.shared_limits:
        used = sum(w * units[problem.strategies.index(n)] for n, w in zip(names, weights, strict=True))
        if used >= limit - max(weights) + 1e-9:
            binding.append(f"{label} at its limit ({fmt_num(limit)})")
    return binding


def _infeasible(
    problem: PortfolioProblem, target: float, budget: float, reach: float, cheapest: float | None
) -> PortfolioResult:
    """The answer when the target is out of reach: the best mix within limits and budget, and why.

    Args:
        problem: The mix problem.
        target: Capacity asked, FTE.
        budget: Spending limit, USD.
        reach: Most capacity the limits allow, FTE.
        cheapest: Minimum cost of the target when the limits reach it but the budget does not; None when the limits
            cannot reach it at all.
    """
    alloc = _best_effort(problem, budget)
    fte, cost = float(alloc["fte"].sum()), float(alloc["cost"].sum())
    if cheapest is None:
        explanation = (
            f"Target {fmt_num(target, 1)} FTE exceeds the maximum reachable {fmt_num(reach, 1)} FTE under "
            f"per-strategy limits ({_limits_text(problem)}); raise a limit or lower the target. The best mix within "
            f"limits and budget reaches {fmt_num(fte, 1)} FTE for {fmt_money(cost)}."
        )
        return PortfolioResult(
            False, "over_limits", explanation, alloc, fte, cost, reach, float("nan"), ("per-strategy limits",)
        )
    explanation = (
        f"Budget {fmt_money(budget)} is below the {fmt_money(cheapest)} minimum cost of reaching "
        f"{fmt_num(target, 1)} FTE; the budget buys at most {fmt_num(fte, 1)} FTE."
    )
    return PortfolioResult(False, "over_budget", explanation, alloc, fte, cost, reach, cheapest, ("budget",))


def optimise(problem: PortfolioProblem, target: float, budget: float) -> PortfolioResult:
    """Minimum-cost mix reaching ``target`` FTE within per-strategy limits and ``budget``; explain infeasibility.

    Order of checks: (1) can the limits reach the target at all; (2) is the cheapest such mix within budget.
    When infeasible, the allocation is the best effort: the most capacity within the limits (and the budget, if the
    budget is what binds).
    """
    reach = max_reachable(problem)
    if target > reach + 1e-6:
        return _infeasible(problem, target, budget, reach, None)
    cheapest, units = min_cost(problem, target)
    assert units is not None
    if cheapest > budget + 1e-6:
        return _infeasible(problem, target, budget, reach, cheapest)
    alloc = _allocation(problem, units)
    binding = _binding(problem, units)
    explanation = (
        f"The cheapest mix reaching {fmt_num(target, 1)} FTE costs {fmt_money(cheapest)} "
        f"({fmt_money(budget - cheapest)} under budget); binding: {', '.join(binding) or 'none'}."
    )
    return PortfolioResult(
        True,
        "optimal",
        explanation,
        alloc,
        float(alloc["fte"].sum()),
        cheapest,
        reach,
        cheapest,
        tuple(binding),
    )


def portfolio_problem(econ: Economics, params: StrategyRoiParams) -> PortfolioProblem:
    """Per-unit expected capacity at the deadline and cost (Monte Carlo means) with the parameters' limits.

    The pipeline's partnership cost moves from a per-unit share to a fixed cost (mean over the horizon). External
    hiring shares one market: a standard hire uses ``E[1/p_standard]`` candidates taken to offer, a fast one
    ``E[1/p_fast]``, and together they may use at most ``hire.max_offers`` (so a shorter process fills more
    requisitions from the same candidates).
    """
    total_cost = econ.costs.sum(axis=2)
    lim = limits(params)
    attempts_std = float(np.mean(1.0 / econ.hiring["p_standard"]))
    attempts_fast = float(np.mean(1.0 / econ.hiring["p_fast"]))
    offers = float(params.hire.max_offers)
    lim = dict(lim)
    lim["hire"] = math.floor(offers / attempts_std + 1e-9)
    lim["faster_hiring"] = min(
        params.faster_hiring.max_requisitions, math.floor(offers / attempts_fast + 1e-9)
    )
    fixed_per_unit = econ.fixed_cost.mean(axis=0)
    fixed = np.zeros(len(STRATEGIES))
    pipeline = STRATEGIES.index("pipeline")
    fixed[pipeline] = fixed_per_unit[pipeline] * max(params.pipeline.max_interns, 1)
    return PortfolioProblem(
        strategies=STRATEGIES,
        capacity_per_unit=econ.capacity.mean(axis=0),
        cost_per_unit=total_cost.mean(axis=0) - fixed_per_unit,
        max_units=np.array([lim[k] for k in STRATEGIES], dtype=float),
        fixed_cost=fixed,
        shared_limits=(
            (
                ("hire", "faster_hiring"),
                (attempts_std, attempts_fast),
                offers,
                "candidates taken to offer (hire.max_offers)",
            ),
        ),
    )


def frontier(problem: PortfolioProblem, points: int = 21) -> pd.DataFrame:
    """Minimum cost against capacity target, from 0 to the maximum reachable (budget ignored).

    Returns:
        ``capacity_target_fte, min_cost`` and the units of each strategy at that point.
    """
    reach = max_reachable(problem)
    rows = []
    for target in np.linspace(0.0, reach, points):
        cost, units = min_cost(problem, float(target))
        row = {"capacity_target_fte": float(target), "min_cost": cost}
        for name, value in zip(
            problem.strategies,
            units if units is not None else [np.nan] * len(problem.strategies),
            strict=True,
        ):
            row[f"units_{name}"] = float(value)
        rows.append(row)
    return pd.DataFrame(rows)
