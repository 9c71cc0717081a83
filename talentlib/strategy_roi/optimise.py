"""The portfolio optimiser: the cheapest whole-unit mix of strategies that reaches a capacity target within budget.

Whole units per strategy minimising total (undiscounted) expected cost on the problem's basis (cash or economic)
subject to a chance constraint — capacity at the deadline ≥ the target in at least ``confidence`` of
:data:`SAA_SCENARIOS` sampled simulations (sample-average approximation; Luedtke & Ahmed 2008; Pagnoncelli, Ahmed &
Shapiro 2009) — per-strategy limits, the shared recruiting limit, the pipeline's fixed cost and an optional expected
headcount target. The chance-constrained problem is solved exactly by enumeration (:func:`saa.solve_levels`, every
confidence in one pass); ``scipy.optimize.milp`` (HiGHS, one binary per scenario) is the fallback when the limits are
too large to enumerate, and solves the mean-capacity problems (frontier, best effort within budget). Infeasible targets
name the binding constraint (:attr:`PortfolioResult.explanation`); binding limits are priced by finite differences
(:func:`marginal_values`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp

from talentlib.report import fmt_money, fmt_num, fmt_pct
from talentlib.strategy_roi.model import Economics, limits
from talentlib.strategy_roi.saa import solve_levels
from talentlib.strategy_roi.schema import STRATEGIES, StrategyRoiParams

#: Simulations of the in-sample draw used as scenarios of the chance constraint. Measured on the default scenario
#: (fresh draws, another seed): the mix chosen at 80 % reaches the target in 81 % (cash basis) and 81 % (economic)
#: of fresh simulations with 150; 300 gave 81 % and 78 % at 1.3–1.5 × the time, so 150 stays.
SAA_SCENARIOS = 150
#: Wall-clock limit of one MILP, seconds (HiGHS returns its best mix found when it is hit).
MILP_TIME_LIMIT_SECONDS = 60.0
#: Relative optimality gap HiGHS stops at (its default).
MILP_REL_GAP = 1e-4


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
        capacity_samples: ``[scenario, strategy]`` capacity per unit in each sampled simulation; when set, the
            target must be reached in ``confidence`` of them (chance constraint) instead of on the mean.
        confidence: Share of sampled scenarios that must reach the target.
        cash_cost_per_unit: Cash cost per unit (new spend), USD, for reporting beside the economic cost.
        economic_cost_per_unit: Economic cost per unit (cash plus re-allocated staff time), USD.
        basis: Which of the two ``cost_per_unit`` is: ``cash`` or ``economic``.
        headcount_per_unit: Expected people in AI roles at the deadline per unit.
        headcount_target: Expected people in AI roles the mix must add (0: no constraint).
    """

    strategies: tuple[str, ...]
    capacity_per_unit: np.ndarray
    cost_per_unit: np.ndarray
    max_units: np.ndarray
    fixed_cost: np.ndarray
    shared_limits: tuple[tuple[tuple[str, ...], tuple[float, ...], float, str], ...] = ()
    integer: bool = True
    capacity_samples: np.ndarray | None = None
    confidence: float | None = None
    cash_cost_per_unit: np.ndarray | None = None
    economic_cost_per_unit: np.ndarray | None = None
    basis: str = "economic"
    headcount_per_unit: np.ndarray | None = None
    headcount_target: float = 0.0


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
        confidence: Share of sampled scenarios the mix was asked to reach the target in (NaN: on the mean).
        p_reach: Share of fresh simulations (another seed) in which the mix reaches the target (NaN until
            :func:`out_of_sample`).
        p_reach_interval: Wilson 95 % interval of ``p_reach``.
        capacity_fte: P10/P50/P90 of the mix's AI-equivalent capacity on the fresh simulations, FTE.
        headcount_p50: P50 of the mix's people in permanent AI roles at the deadline (fresh simulations).
        marginal_values: ``(constraint, cost change of the target when it is relaxed by one unit)``, USD
            (finite differences; negative = a saving).
        p_reach_core: P(reach) on fresh simulations counting no carry-back work and no tool-freed time.
        capacity_core_p50: P50 capacity of the mix without those shares, FTE.
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
    confidence: float = float("nan")
    p_reach: float = float("nan")
    p_reach_interval: tuple[float, float] = (float("nan"), float("nan"))
    capacity_fte: tuple[float, float, float] = (float("nan"), float("nan"), float("nan"))
    headcount_p50: float = float("nan")
    marginal_values: tuple[tuple[str, float], ...] = ()
    p_reach_core: float = float("nan")
    capacity_core_p50: float = float("nan")


def required_scenarios(confidence: float, scenarios: int) -> int:
    """Scenarios of the sample-average approximation that must reach the target: ``ceil(confidence × N)``."""
    return min(scenarios, math.ceil(confidence * scenarios - 1e-9))


def _chance_rows(problem: PortfolioProblem, target: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of the chance constraint over ``units, switches, z`` (z_j = 1 if scenario j must reach the target).

    Sample-average approximation (Luedtke & Ahmed 2008; Pagnoncelli, Ahmed & Shapiro 2009): for every sampled
    scenario j, ``Σ_k c_jk x_k ≥ target × z_j`` (capacity is never negative, so z_j = 0 leaves the row slack), and
    ``Σ_j z_j ≥ ceil(confidence × N)``.
    """
    samples = np.asarray(problem.capacity_samples, dtype=float)
    n_sc, s = samples.shape
    per_scenario = np.hstack([samples, np.zeros((n_sc, s)), -target * np.eye(n_sc)])
    count = np.concatenate([np.zeros(2 * s), np.ones(n_sc)])[None, :]
    rows = np.vstack([per_scenario, count])
    need = required_scenarios(float(problem.confidence or 0.0), n_sc)
    lower = np.concatenate([np.full(n_sc, -1e-9), [need]])
    return rows, lower, np.full(n_sc + 1, np.inf)


def _solve(
    problem: PortfolioProblem, objective: str, target: float = 0.0, budget: float | None = None
) -> np.ndarray | None:
    """Solve one MILP: ``objective`` is ``min_cost`` (capacity ≥ target) or ``max_capacity`` (cost ≤ budget).

    With ``capacity_samples`` set, ``min_cost`` asks for the target in ``confidence`` of the sampled scenarios
    (:func:`_chance_rows`); otherwise, and always for ``max_capacity``, capacity is the mean per unit.
    """
    s = len(problem.strategies)
    cap, cost, fixed = problem.capacity_per_unit, problem.cost_per_unit, problem.fixed_cost
    upper = np.asarray(problem.max_units, dtype=float)
    chance = objective == "min_cost" and problem.capacity_samples is not None
    n_z = len(problem.capacity_samples) if chance else 0
    width = 2 * s + n_z
    # variables: units x (s), switches y (s, binary) for fixed costs, scenario indicators z (n_z, binary)
    c = np.concatenate([cost, fixed]) if objective == "min_cost" else np.concatenate([-cap, np.zeros(s)])
    c = np.concatenate([c, np.zeros(n_z)])
    rows, lower_b, upper_b = [], [], []
    rows.append(np.hstack([np.eye(s), -np.diag(upper), np.zeros((s, n_z))]))  # x ≤ max × y
    lower_b.append(np.full(s, -np.inf))
    upper_b.append(np.zeros(s))
    for names, weights, limit, _label in problem.shared_limits:
        row = np.zeros(width)
        for name, weight in zip(names, weights, strict=True):
            row[problem.strategies.index(name)] = weight
        rows.append(row[None, :])
        lower_b.append([-np.inf])
        upper_b.append([limit])
    if chance:
        chance_rows, chance_low, chance_high = _chance_rows(problem, target)
        rows.append(chance_rows)
        lower_b.append(chance_low)
        upper_b.append(chance_high)
    elif objective == "min_cost":
        rows.append(np.concatenate([cap, np.zeros(s + n_z)])[None, :])
        lower_b.append([target - 1e-9])
        upper_b.append([np.inf])
    if objective == "min_cost" and problem.headcount_target > 0 and problem.headcount_per_unit is not None:
        rows.append(np.concatenate([problem.headcount_per_unit, np.zeros(s + n_z)])[None, :])
        lower_b.append([problem.headcount_target - 1e-9])
        upper_b.append([np.inf])
    if budget is not None:
        rows.append(np.concatenate([cost, fixed, np.zeros(n_z)])[None, :])
        lower_b.append([-np.inf])
        upper_b.append([budget])
    constraint = LinearConstraint(np.vstack(rows), np.concatenate(lower_b), np.concatenate(upper_b))
    integrality = np.concatenate([np.full(s, 1 if problem.integer else 0), np.ones(s + n_z)])
    bounds = Bounds(np.zeros(width), np.concatenate([upper, np.ones(s + n_z)]))
    options = {"disp": False, "mip_rel_gap": MILP_REL_GAP, "time_limit": MILP_TIME_LIMIT_SECONDS}
    result = milp(c, constraints=constraint, integrality=integrality, bounds=bounds, options=options)
    if result.x is None or result.status not in (0, 1):
        return None
    x = result.x[:s]
    if problem.integer:
        x = np.round(x) + 0.0
    return x


def _allocation(problem: PortfolioProblem, units: np.ndarray) -> pd.DataFrame:
    """``strategy, units, fte, cost`` of a solution (fixed costs counted for every strategy used)."""
    used = units > 0
    cost = units * problem.cost_per_unit + used * problem.fixed_cost
    frame = pd.DataFrame(
        {
            "strategy": list(problem.strategies),
            "units": units,
            "fte": units * problem.capacity_per_unit,
            "cost": cost,
        }
    )
    for name, per_unit in (
        ("cash_cost", problem.cash_cost_per_unit),
        ("economic_cost", problem.economic_cost_per_unit),
    ):
        if per_unit is not None:
            frame[name] = units * per_unit + used * problem.fixed_cost
    return frame


def max_reachable(problem: PortfolioProblem) -> float:
    """Capacity at the deadline with every strategy as large as its limits allow (budget ignored)."""
    units = _solve(problem, "max_capacity")
    return float(units @ problem.capacity_per_unit) if units is not None else 0.0


def min_cost_levels(
    problem: PortfolioProblem, target: float, levels: tuple[float, ...]
) -> dict[float, tuple[float, np.ndarray | None]]:
    """Cheapest cost of ``target`` at each confidence level (budget ignored); ``(nan, None)`` where unreachable.

    Exact enumeration of the sample-average approximation (:func:`saa.solve_levels`: every level in one pass) when
    it is small enough, else one MILP per level.
    """
    if problem.capacity_samples is not None:
        solved = solve_levels(problem, target, levels, problem.headcount_per_unit, problem.headcount_target)
        if solved is not None:
            return solved
    out: dict[float, tuple[float, np.ndarray | None]] = {}
    for level in levels:
        variant = replace(problem, confidence=level) if problem.capacity_samples is not None else problem
        units = _solve(variant, "min_cost", target=target)
        out[level] = (
            (float("nan"), None)
            if units is None
            else (float(_allocation(variant, units)["cost"].sum()), units)
        )
    return out


def min_cost(problem: PortfolioProblem, target: float) -> tuple[float, np.ndarray | None]:
    """Cheapest cost of reaching ``target`` FTE within the limits (budget ignored); ``(nan, None)`` if unreachable."""
    level = float(problem.confidence) if problem.capacity_samples is not None else 0.0
    return min_cost_levels(problem, target, (level,))[level]


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


def _reach_text(problem: PortfolioProblem, target: float) -> str:
    """``"15.0 FTE in at least 80 % of 300 sampled simulations"`` (chance constraint) or ``"15.0 FTE on the mean"``."""
    people = (
        f" with at least {fmt_num(problem.headcount_target, 1)} expected people in AI roles"
        if problem.headcount_target > 0
        else ""
    )
    if problem.capacity_samples is None:
        return f"{fmt_num(target, 1)} FTE of expected capacity{people}"
    return (
        f"{fmt_num(target, 1)} FTE in at least {fmt_pct(problem.confidence)} of "
        f"{fmt_num(len(problem.capacity_samples))} sampled simulations{people}"
    )


def optimise(problem: PortfolioProblem, target: float, budget: float) -> PortfolioResult:
    """Minimum-cost mix reaching ``target`` FTE within per-strategy limits and ``budget``; explain infeasibility.

    Order of checks: (1) can the limits reach the target at all (on the mean, then at the confidence asked when
    ``capacity_samples`` is set); (2) is the cheapest such mix within budget. When infeasible, the allocation is the
    best effort: the most expected capacity within the limits (and the budget, if the budget is what binds).
    """
    reach = max_reachable(problem)
    confidence = float(problem.confidence) if problem.capacity_samples is not None else float("nan")
    if target > reach + 1e-6:
        return replace(_infeasible(problem, target, budget, reach, None), confidence=confidence)
    cheapest, units = min_cost(problem, target)
    if units is None:
        alloc = _best_effort(problem, budget)
        explanation = (
            f"No mix within the limits ({_limits_text(problem)}) reaches {_reach_text(problem, target)}; "
            "lower the confidence or the target, or raise a limit."
        )
        fte, cost = float(alloc["fte"].sum()), float(alloc["cost"].sum())
        return PortfolioResult(
            False, "over_limits", explanation, alloc, fte, cost, reach, float("nan"), ("limits",), confidence
        )
    binding = _binding(problem, units)
    marginal = marginal_values(problem, target, units, cheapest)
    worth = _marginal_text(marginal)
    basis = _basis_text(problem)
    if cheapest > budget + 1e-6:
        result = _infeasible(problem, target, budget, reach, cheapest)
        explanation = (
            f"Budget {fmt_money(budget)} is below the {fmt_money(cheapest)} minimum {basis} of reaching "
            f"{_reach_text(problem, target)}; the budget buys at most {fmt_num(result.total_fte, 1)} FTE of "
            f"expected capacity.{worth}"
        )
        return replace(
            result,
            explanation=explanation,
            confidence=confidence,
            binding=("budget", *binding),
            marginal_values=marginal,
        )
    alloc = _allocation(problem, units)
    explanation = (
        f"The cheapest mix reaching {_reach_text(problem, target)} has a {basis} of {fmt_money(cheapest)} "
        f"({fmt_money(budget - cheapest)} under budget); binding: {', '.join(binding) or 'none'}.{worth}"
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
        confidence,
        marginal_values=marginal,
    )


def _basis_text(problem: PortfolioProblem) -> str:
    """``cash cost`` or ``economic cost``: what the optimiser minimised and the budget counts."""
    return f"{problem.basis} cost"


def _relaxations(problem: PortfolioProblem, units: np.ndarray) -> list[tuple[str, PortfolioProblem]]:
    """Each limit the solution uses in full, and the problem with that limit one unit larger."""
    out = []
    for index, (name, limit) in enumerate(zip(problem.strategies, problem.max_units, strict=True)):
        if limit > 0 and units[index] >= limit - 1e-9:
            larger = np.asarray(problem.max_units, dtype=float).copy()
            larger[index] += 1
            out.append(
                (f"{name} limit {fmt_num(limit)} → {fmt_num(limit + 1)}", replace(problem, max_units=larger))
            )
    for position, (names, weights, limit, label) in enumerate(problem.shared_limits):
        used = sum(w * units[problem.strategies.index(n)] for n, w in zip(names, weights, strict=True))
        if used >= limit - max(weights) + 1e-9:
            shared = list(problem.shared_limits)
            shared[position] = (names, weights, limit + 1, label)
            out.append(
                (
                    f"one more of {label} (limit {fmt_num(limit)})",
                    replace(problem, shared_limits=tuple(shared)),
                )
            )
    return out


def marginal_values(
    problem: PortfolioProblem, target: float, units: np.ndarray, cost: float
) -> tuple[tuple[str, float], ...]:
    """What one more unit of each binding limit is worth: the change in the target's minimum cost (finite difference).

    The mix is whole units under a chance constraint, so LP duals would price a relaxation that cannot be bought;
    re-solving with the limit one unit larger gives the saving a real extra unit brings (negative = cheaper).
    """
    out = []
    for label, relaxed in _relaxations(problem, units):
        relaxed_cost, _units = min_cost(relaxed, target)
        out.append((label, float(relaxed_cost - cost) if not math.isnan(relaxed_cost) else float("nan")))
    return tuple(out)


def _marginal_text(marginal: tuple[tuple[str, float], ...]) -> str:
    """`` One more X would change the cost by −$Y; …`` (empty when nothing binds)."""
    if not marginal:
        return ""
    parts = [f"{label}: {fmt_money(delta)}" for label, delta in marginal]
    return " Cost of the target if a binding limit were one unit larger (change): " + "; ".join(parts) + "."


def basis_alternative(problem: PortfolioProblem, target: float) -> pd.DataFrame | None:
    """The cheapest mix of the target counted on the *other* cost basis (budget ignored), for comparison.

    Returns:
        Its allocation (``strategy, units, fte, cost, cash_cost, economic_cost``), or None when the target is out of
        reach or the problem carries only one cost.
    """
    if problem.cash_cost_per_unit is None or problem.economic_cost_per_unit is None:
        return None
    other = "economic" if problem.basis == "cash" else "cash"
    per_unit = problem.economic_cost_per_unit if other == "economic" else problem.cash_cost_per_unit
    variant = replace(problem, cost_per_unit=per_unit, basis=other)
    _cost, units = min_cost(variant, target)
    return None if units is None else _allocation(variant, units)


def portfolio_problem(econ: Economics, params: StrategyRoiParams) -> PortfolioProblem:
    """Per-unit expected capacity at the deadline and cost (Monte Carlo means) with the parameters' limits.

    The cost minimised and budgeted is the ``budget_basis`` one (cash by default: new spend; economic adds the
    re-allocated staff time at the valuation rule); both are carried for the report.

    The pipeline's partnership cost moves from a per-unit share to a fixed cost (mean over the horizon). External
    hiring shares one market: a standard hire uses ``E[1/p_standard]`` candidates taken to offer, a fast one
    ``E[1/p_fast]``, and together they may use at most ``hire.max_offers`` (so a shorter process fills more
    requisitions from the same candidates).
    """
    economic = econ.costs.sum(axis=2).mean(axis=0)
    cash = econ.cash_costs.sum(axis=2).mean(axis=0)
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
        cost_per_unit=(cash if params.budget_basis == "cash" else economic) - fixed_per_unit,
        cash_cost_per_unit=cash - fixed_per_unit,
        economic_cost_per_unit=economic - fixed_per_unit,
        basis=params.budget_basis,
        headcount_per_unit=econ.headcount.mean(axis=0),
        headcount_target=params.headcount_target,
        max_units=np.array([lim[k] for k in STRATEGIES], dtype=float),
        fixed_cost=fixed,
        capacity_samples=econ.capacity[:SAA_SCENARIOS],
        confidence=params.confidence,
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
    """Minimum cost against expected-capacity target, from 0 to the maximum reachable (budget ignored).

    The frontier is on mean capacity per unit (``capacity_samples`` dropped); :func:`confidence_curve` gives the
    cost at each confidence for the target itself.

    Returns:
        ``capacity_target_fte, min_cost`` and the units of each strategy at that point.
    """
    problem = replace(problem, capacity_samples=None)
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
