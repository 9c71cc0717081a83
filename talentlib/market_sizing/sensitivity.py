"""Market-sizing sensitivity: the tornado over every driver, the base-ratio and persistence sweeps, the what-if engine.

Every sensitivity re-runs the Monte Carlo with the **same seed** (common random numbers), so a difference between two
runs comes from the input changed, not from the draws. The tornado's output is the P50 total gap at the horizon, in
the run's unit. A driver held at one end of its range is a degenerate range ``[end, end]``; because the total gap of
every simulation is monotone in each growth range, base ratio, long-run rate and persistence (at the default inputs,
where demand ≥ supply), the base lies inside each of those bars. The correlation moves only the spread of the total,
not its median, so its bar is short and, being Monte Carlo noise, need not contain the base (:func:`noise_drivers`
says which bars are below :data:`NOISE_SHARE` of the base); it is kept so the tornado holds every driver a user controls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.labels import label
from talentlib.market_sizing.model import metrics, projection_table, simulate
from talentlib.market_sizing.schema import MarketSizingParams, RoleMarket, half_life, long_run

#: Simulations per tornado run (at most): 44 runs for five roles; with common random numbers the ordering of the
#: bars is stable at this size (the base of the chart is the P50 at this size, not the report's headline).
TORNADO_SIMULATIONS = 2000
#: Simulations per run of the base-ratio and persistence sweeps (at most; 13 runs, same seed).
SWEEP_SIMULATIONS = 5000
#: Persistence values of the horizon-gap-against-persistence table (0 = long-run rate from year 1, 1 = never fades).
PERSISTENCE_GRID = (0.0, 0.25, 0.5, 0.6, 0.75, 0.9, 1.0)
#: Intermediate base-year demand/supply ratios of the sensitivity table (its ends come from the reference figures).
RATIO_STEPS = (1.25, 1.5, 2.0, 3.0)

#: The one driver the total is not monotone in: the correlation moves the spread of the total, not its median.
CORRELATION_DRIVER = "correlation across roles"
#: A swing below this share of the base P50 is within Monte Carlo noise at :data:`TORNADO_SIMULATIONS`: at the
#: defaults the P50 total gap has a standard error of about 1.25·σ/√n ≈ 1.2 % of itself (σ ≈ (P90 − P10)/2.56), and
#: the correlation's two ends share no joint draws, so their difference carries about √2 times that.
NOISE_SHARE = 0.02

Apply = Callable[[MarketSizingParams, float], MarketSizingParams]


def ratio_ends() -> tuple[float, float]:
    """Lowest and highest base ratio tried: parity (``assumption.market_sensitivity_ratio_low``) and the article's 5x."""
    return (
        reference.figure("assumption.market_sensitivity_ratio_low").value,
        reference.figure("article.demand_supply_factor").high,
    )


def _with_role(params: MarketSizingParams, role: str, **update: Any) -> MarketSizingParams:
    """``params`` with one role's fields replaced (no re-validation: values come from validated ranges)."""
    roles = dict(params.roles)
    roles[role] = roles[role].model_copy(update=update)
    return params.model_copy(update={"roles": roles})


def _set_ratio(role: str) -> Apply:
    return lambda p, v: _with_role(p, role, demand=None, demand_ratio=v)


def _set_range(role: str, field: str) -> Apply:
    return lambda p, v: _with_role(p, role, **{field: [v, v]})


def drivers(params: MarketSizingParams) -> Iterator[tuple[str, float, float, Apply]]:
    """Every driver a user controls: ``(name, low, high, apply)``; ``apply(params, value)`` sets it to ``value``.

    Per role: base demand/supply ratio (from parity to the article's 5x, widened to include the role's own ratio),
    today's demand and supply growth (range ends), long-run growth (range ends). Market-wide: persistence (range
    ends) and the correlation across roles (0 and 1).
    """
    low_ratio, high_ratio = ratio_ends()
    for role, market in params.roles.items():
        role_label = label(role)
        yield (
            f"{role_label}: base demand/supply ratio",
            min(low_ratio, market.ratio),
            max(high_ratio, market.ratio),
            _set_ratio(role),
        )
        for field in ("demand_growth", "supply_growth"):
            low, high = getattr(market, field)
            yield f"{role_label}: today's {field.replace('_', ' ')}", low, high, _set_range(role, field)
        low, high = long_run(params, role)
        yield f"{role_label}: long-run growth", low, high, _set_range(role, "long_run_growth")
    yield (
        "persistence (all roles)",
        *params.persistence,
        lambda p, v: p.model_copy(update={"persistence": [v, v]}),
    )
    yield CORRELATION_DRIVER, 0.0, 1.0, lambda p, v: p.model_copy(update={"growth_correlation": v})


def _horizon_totals(params: MarketSizingParams) -> tuple[np.ndarray, np.ndarray]:
    """Total demand and total supply at the horizon, per simulation, of one Monte Carlo run."""
    sim = simulate(params)
    return sim.demand[:, :, -1].sum(axis=1), sim.supply[:, :, -1].sum(axis=1)


def _gap(params: MarketSizingParams) -> float:
    """P50 total gap at the horizon of one Monte Carlo run (the tornado's output)."""
    demand, supply = _horizon_totals(params)
    return float(np.percentile(demand - supply, 50))


def tornado_table(params: MarketSizingParams) -> tuple[pd.DataFrame, float]:
    """One-at-a-time sensitivity of the P50 total gap at the horizon to every driver, ordered by swing.

    Returns:
        (table ``driver, low_value, high_value, gap_at_low, gap_at_high, swing, unit`` — values of the driver and the
        P50 total gap, in ``params.unit``, with the driver at each; swing = |gap_at_high − gap_at_low|, largest
        first —, the P50 total gap of ``params`` itself), each from :data:`TORNADO_SIMULATIONS` simulations at most.
    """
    params = params.model_copy(update={"simulations": min(params.simulations, TORNADO_SIMULATIONS)})
    base = _gap(params)
    rows = []
    for name, low, high, apply in drivers(params):
        at_low, at_high = _gap(apply(params, low)), _gap(apply(params, high))
        rows.append(
            {
                "driver": name,
                "low_value": low,
                "high_value": high,
                "gap_at_low": at_low,
                "gap_at_high": at_high,
                "swing": abs(at_high - at_low),
                "unit": params.unit,
            }
        )
    table = pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return table, base


def noise_drivers(table: pd.DataFrame, base: float) -> list[str]:
    """Drivers whose swing is below :data:`NOISE_SHARE` of the base P50 gap (their bars are Monte Carlo noise)."""
    return table.loc[table["swing"] < NOISE_SHARE * abs(base), "driver"].tolist()


def _summary(params: MarketSizingParams) -> dict[str, float]:
    """Total gap P10/P50/P90 and coverage P50 at the horizon of one run (at most :data:`SWEEP_SIMULATIONS`)."""
    demand, supply = _horizon_totals(
        params.model_copy(update={"simulations": min(params.simulations, SWEEP_SIMULATIONS)})
    )
    p10, p50, p90 = np.percentile(demand - supply, (10, 50, 90))
    return {
        "total_gap_p10": float(p10),
        "total_gap_p50": float(p50),
        "total_gap_p90": float(p90),
        "total_coverage_p50": float(np.percentile(supply / demand, 50)),
    }


def base_level_sensitivity(
    params: MarketSizingParams, ratios: tuple[float, ...] | None = None
) -> pd.DataFrame:
    """How the horizon gap moves with the base-year demand/supply ratio, set alike in every role (same seed).

    Args:
        params: Base parameters.
        ratios: Ratios tried; default parity, :data:`RATIO_STEPS` and the article's 5x (:func:`ratio_ends`).

    Returns:
        Columns ``base_demand_ratio, total_gap_p10, total_gap_p50, total_gap_p90, total_coverage_p50, unit``.
    """
    low, high = ratio_ends()
    ratios = ratios if ratios is not None else (low, *RATIO_STEPS, high)
    rows = []
    for ratio in ratios:
        roles = {
            r: m.model_copy(update={"demand": None, "demand_ratio": ratio}) for r, m in params.roles.items()
        }
        varied = params.model_copy(update={"roles": roles})
        rows.append({"base_demand_ratio": ratio, **_summary(varied), "unit": params.unit})
    return pd.DataFrame(rows)


def persistence_sensitivity(
    params: MarketSizingParams, values: tuple[float, ...] = PERSISTENCE_GRID
) -> pd.DataFrame:
    """The horizon gap against persistence held at each value (same seed).

    Returns:
        Columns ``persistence, half_life_years, total_gap_p10, total_gap_p50, total_gap_p90, total_coverage_p50,
        unit``.
    """
    rows = []
    for value in values:
        varied = params.model_copy(update={"persistence": [value, value]})
        rows.append(
            {
                "persistence": value,
                "half_life_years": half_life(value),
                **_summary(varied),
                "unit": params.unit,
            }
        )
    return pd.DataFrame(rows)


def what_if_metrics(
    params: MarketSizingParams, demand_shift: float = 0.0, supply_shift: float = 0.0, simulations: int = 2000
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Recompute the projection with every growth range shifted (the what-if widget's engine).

    Args:
        params: Base parameters.
        demand_shift: Added to both ends of every demand-growth range (e.g. ``-0.2``).
        supply_shift: Added to both ends of every supply-growth range.
        simulations: Draws for the interactive view (fewer than the report for speed).

    Returns:
        (projection table, horizon metrics).
    """
    roles: dict[str, RoleMarket] = {
        role: m.model_copy(
            update={
                "demand_growth": [g + demand_shift for g in m.demand_growth],
                "supply_growth": [g + supply_shift for g in m.supply_growth],
            }
        )
        for role, m in params.roles.items()
    }
    varied = params.model_copy(update={"roles": roles, "simulations": simulations})
    sim = simulate(varied)
    return projection_table(sim), metrics(sim, varied)


def closed_form_gap(params: MarketSizingParams, horizon: int | None = None) -> float:
    """Total gap with every range at its low end, by the closed form (a check for degenerate ranges).

    ``Σ_r d₀ Π_t (1 + g_d,t) − s₀ Π_t (1 + g_s,t)`` with ``g_t = φ^t g0 + (1 − φ^t) L``, φ, g0, L the low ends.
    """
    horizon = params.horizon_years if horizon is None else horizon
    phi = params.persistence[0]
    weights = phi ** np.arange(1, horizon + 1)
    total = 0.0
    for role, m in params.roles.items():
        lr = long_run(params, role)[0]
        d = m.base_demand * np.prod(1 + weights * m.demand_growth[0] + (1 - weights) * lr)
        s = m.supply * np.prod(1 + weights * m.supply_growth[0] + (1 - weights) * lr)
        total += float(d - s)
    return total
