"""Market Monte Carlo: 100,000 simulations × 5 roles × 10 years with ``market_sizing.simulate``.

Target: ≤ 0.1 s, and ≥ 50× a per-simulation Python loop of the same model (numpy per simulation). The loop
baseline runs on fewer simulations and is scaled linearly (its cost is a fixed amount per simulation). It
consumes the same random numbers in the same order as ``simulate`` (drawn up front, which flatters the
baseline), so both give the same paths — the smoke test checks that.
"""

from __future__ import annotations

import numpy as np
from common import Result, best_of, fmt_s, standalone
from scipy.special import ndtr

from talentlib import market_sizing as ms
from talentlib.market_sizing.schema import long_run

SIMULATIONS = 100_000
HORIZON = 10
LOOP_SIMULATIONS = 4_000
TARGET_SECONDS = 0.1
TARGET_SPEEDUP = 50.0


def bench_params(simulations: int = SIMULATIONS, horizon: int = HORIZON, **extra) -> ms.MarketSizingParams:
    """Default roles (5), the given size."""
    return ms.MarketSizingParams(simulations=simulations, horizon_years=horizon, **extra)


def loop_simulate(params: ms.MarketSizingParams) -> ms.Simulation:
    """The same model as :func:`market_sizing.simulate`, one simulation at a time (the baseline).

    Today's rates fade toward the long-run rate: ``g_t = φ^t · g0 + (1 − φ^t) · L`` (skipped when persistence is
    ``[1, 1]``, as in ``simulate``).
    """
    rng = np.random.default_rng(params.seed)
    roles = tuple(params.roles)
    markets = [params.roles[r] for r in roles]
    sims, horizon, corr = params.simulations, params.horizon_years, params.growth_correlation
    per_year = params.growth_draw == "per_year"
    shape = (sims, len(roles), horizon if per_year else 1)
    sides = []
    for range_key in ("demand_growth", "supply_growth"):
        common = rng.standard_normal((sims, 1, shape[2]))  # same stream order as simulate()
        own = rng.standard_normal(shape)
        ranges = np.array([getattr(m, range_key) for m in markets], dtype=float)
        sides.append((common, own, ranges[:, :1], ranges[:, 1:]))
    low_p, high_p = params.persistence
    persistence = low_p + rng.random(sims) * (high_p - low_p)
    long_ranges = np.array([long_run(params, r) for r in roles], dtype=float)
    long_rates = long_ranges[:, 0] + rng.random((sims, len(roles))) * (long_ranges[:, 1] - long_ranges[:, 0])
    fades = params.persistence != [1.0, 1.0]
    bases = (
        np.array([m.base_demand for m in markets], dtype=float),
        np.array([m.supply for m in markets], dtype=float),
    )
    paths = [np.empty((sims, len(roles), horizon + 1)) for _ in sides]
    for s in range(sims):
        weights = np.cumprod(np.full(horizon, persistence[s]))[None, :]  # φ, φ·φ, … as in simulate()
        for (common, own, low, high), base, out in zip(sides, bases, paths, strict=True):
            latent = np.sqrt(corr) * common[s] + np.sqrt(1.0 - corr) * own[s]
            growth = low + ndtr(latent) * (high - low)
            if fades:
                growth = growth * weights + long_rates[s][:, None] * (1.0 - weights)
            factors = np.broadcast_to(1.0 + growth, (len(roles), horizon))
            out[s, :, 0] = base
            out[s, :, 1:] = np.cumprod(factors, axis=1) * base[:, None]
    years = np.arange(params.base_year, params.base_year + horizon + 1)
    return ms.Simulation(roles=roles, years=years, demand=paths[0], supply=paths[1], unit=params.unit)


def run(simulations: int = SIMULATIONS, loop_simulations: int = LOOP_SIMULATIONS, k: int = 7) -> Result:
    """Time ``simulate`` at full size and the loop at ``loop_simulations`` (scaled to full size)."""
    params = bench_params(simulations)
    fast, sim = best_of(lambda: ms.simulate(params), k=k, warmup=1)
    loop_params = bench_params(loop_simulations)
    slow, _ = best_of(lambda: loop_simulate(loop_params), k=max(1, k // 3))
    scaled = slow * simulations / loop_simulations
    speedup = scaled / fast
    cells = sim.demand.size + sim.supply.size
    print(
        f"market: simulate {simulations:,} sims × {len(sim.roles)} roles × {HORIZON} yrs "
        f"({cells / 1e6:.1f} M path values): best of {k} {fmt_s(fast)}; "
        f"loop baseline {loop_simulations:,} sims {fmt_s(slow)} → scaled {fmt_s(scaled)}; speed-up {speedup:.0f}×"
    )
    return Result(
        name=f"Market Monte Carlo ({simulations // 1000}k sims × 5 roles × {HORIZON} yrs)",
        measured=fmt_s(fast),
        baseline=f"{fmt_s(scaled)} (per-simulation loop, {loop_simulations:,} sims scaled)",
        ratio=speedup,
        ratio_label="faster",
        target=f"≤ {TARGET_SECONDS} s and ≥ {TARGET_SPEEDUP:.0f}×",
        met=fast <= TARGET_SECONDS and speedup >= TARGET_SPEEDUP,
    )


def main() -> list[Result]:
    return standalone(run)


if __name__ == "__main__":
    main()
