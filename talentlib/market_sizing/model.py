"""Market-sizing computation: a seeded Monte Carlo of AI-talent demand, supply and the gap, in people, role by role.

Model (per role *r*, simulation *s*, year *t* = 1 … ``horizon_years``)::

    g[s, r, t]      = w[s, t] · g0[s, r] + (1 − w[s, t]) · L[s, r]         w[s, t] = φ[s]^t
    demand[s, r, t] = demand0[r] · Π_{k=1..t} (1 + g_d[s, r, k])            (the same for supply with g_s)
    gap = demand − supply            coverage = supply / demand

``g0`` is today's growth rate, uniform on the role's ``[low, high]`` range; ``L`` the long-run rate both sides fade
toward (uniform on ``long_run_growth``; by default the role's annualised BLS employment projection: in the long run
the market grows at the employment trend, where demand and supply meet); ``φ`` the persistence (uniform on
``persistence``, one per simulation: the boom fades market-wide). ``φ = 1`` keeps today's rate for ever — the model
before fading, reproduced bit for bit (the fading is skipped, ``g0·1 + L·0 = g0``); ``φ = 0`` grows at ``L`` from
year 1. The half-life of the excess growth is ``ln 0.5 / ln φ``.

Today's rates are drawn **once per simulation** by default (``growth_draw="per_simulation"``): the article's ranges
describe an uncertain *structural* rate, not year-to-year noise. ``per_year`` is available for comparison. Draws are
correlated across roles through a Gaussian copula (``growth_correlation``). The ``total`` row is summed **per
simulation** before taking percentiles. Base levels are in ``params.unit`` (people by default).

Random numbers are drawn in a fixed order from the one generator: demand normals, supply normals, then persistence
and long-run uniforms — so adding the fading left the first two streams, and so every path at ``φ = 1``, unchanged.

Everything here is pure: typed parameters in, arrays, tables, dicts of numbers or frozen dataclasses out.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtr

from talentlib import parallel, reference
from talentlib.market_sizing.schema import TOTAL, MarketSizingParams, long_run

PERCENTILES = (10, 50, 90)
#: Public reference rows (``public.<id>``) with BLS 10-year employment projections, in reality-check order.
BLS_ROWS = ("27", "28", "29", "30")
#: The BLS row for all occupations (a benchmark, not an occupation related to AI work).
ALL_OCCUPATIONS_ROW = "30"
#: Share of simulations in which one role's gap must exceed every other role's to be called "the largest".
DOMINANCE = 0.9
#: Text of ``gap_widens`` when the inputs force the gap to widen in every simulation.
FOLLOWS = "follows from inputs"


@dataclass(frozen=True)
class Simulation:
    """Simulated paths.

    Attributes:
        roles: Role keys, in order.
        years: Calendar years, ``base_year`` … ``base_year + horizon``.
        demand: Array ``[simulation, role, year]`` in ``unit``.
        supply: Array ``[simulation, role, year]`` in ``unit``.
        unit: Unit of the levels (``people`` by default).
    """

    roles: tuple[str, ...]
    years: np.ndarray
    demand: np.ndarray
    supply: np.ndarray
    unit: str = "people"

    @property
    def gap(self) -> np.ndarray:
        """Demand minus supply ``[simulation, role, year]``."""
        return self.demand - self.supply


def correlated_normals(
    rng: np.random.Generator, shape: tuple[int, ...], correlation: float, role_axis: int = 1
) -> np.ndarray:
    """Draw standard normals of ``shape`` with pairwise ``correlation`` along one axis (one common factor).

    Args:
        rng: Seeded generator (draws the common factor first, then the own terms).
        shape: Output shape.
        correlation: Pairwise correlation along ``role_axis`` (0…1).
        role_axis: The axis whose entries are correlated.

    Returns:
        ``sqrt(c)·common + sqrt(1 − c)·own`` of ``shape``.
    """
    common_shape = list(shape)
    common_shape[role_axis] = 1
    common = rng.standard_normal(tuple(common_shape))
    own = rng.standard_normal(shape)
    # In place, same arithmetic as ``sqrt(c)·common + sqrt(1 − c)·own`` (bit-identical, fewer temporaries).
    latent = np.multiply(own, np.sqrt(1.0 - correlation), out=own)
    latent += np.sqrt(correlation) * common
    return latent


def _growth_shape(sims: int, roles: int, years: int, per_year: bool) -> tuple[int, int, int]:
    """Shape of the growth draws: one per year, or one per simulation held for the horizon."""
    return (sims, roles, years) if per_year else (sims, roles, 1)


def _growth_from_normals(latent: np.ndarray, ranges: np.ndarray) -> np.ndarray:
    """Map correlated normals to growth rates uniform on each role's ``[low, high]`` (in place)."""
    uniforms = ndtr(latent, out=latent)
    low = ranges[:, 0][None, :, None]
    high = ranges[:, 1][None, :, None]
    uniforms *= high - low  # in place: low + u·(high − low), bit-identical
    uniforms += low
    return uniforms


#: Simulations compounded per block in :func:`_paths` (a block's paths stay in the CPU cache).
_PATH_BLOCK = 2048


def _paths(
    base: np.ndarray,
    growth: np.ndarray,
    sims: int,
    years: int,
    fade: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Compound base levels by growth rates: ``[sim, role, 0..years]`` with year 0 = base.

    ``base · cumprod(1 + g)`` over years. Without ``fade``, ``g`` is ``growth`` (today's rate, ``[sim, role, 1 or
    year]``); with ``fade = (φ [sim], L [sim, role])``, ``g_t = φ^t · g0 + (1 − φ^t) · L``, built year by year inside
    the block (``φ^t`` as the running product φ·φ·…), so no ``[sim, role, year]`` growth array is ever allocated.
    Per block of simulations the cumulative factors are built year-major in a small scratch array (one contiguous
    multiply per year), scaled by the base, and written transposed into the output. The arithmetic and its order are
    those of ``base * np.cumprod(1 + g)``, so results are bit-identical to it (and to ``benchmarks/bench_market.py``).
    """
    roles = base.shape[0]
    rows = sims * roles
    per_year = growth.shape[2] > 1
    today = growth.reshape(rows, growth.shape[2])
    factors = None if fade is not None else 1.0 + today
    if fade is not None:
        phi_rows = np.repeat(fade[0], roles)
        long_rows = fade[1].reshape(rows)
    out = np.empty((sims, roles, years + 1))
    rows_out = out.reshape(rows, years + 1)
    base_row = np.tile(base.astype(float), _PATH_BLOCK)
    scratch = np.empty((years + 1, _PATH_BLOCK * roles))
    weight = np.empty(_PATH_BLOCK * roles)
    for start in range(0, rows, _PATH_BLOCK * roles):
        stop = min(rows, start + _PATH_BLOCK * roles)
        cumulative = scratch[:, : stop - start]
        cumulative[0] = 1.0  # year 0: base · 1.0 = base exactly
        if fade is None:
            rates = factors[start:stop].T  # [year or 1, row]
            if years:
                cumulative[1] = rates[0]
            for year in range(2, years + 1):
                np.multiply(cumulative[year - 1], rates[year - 1 if per_year else 0], out=cumulative[year])
        else:
            w = weight[: stop - start]
            phi, long_block = phi_rows[start:stop], long_rows[start:stop]
            w[:] = phi
            for year in range(1, years + 1):
                rate = today[start:stop, year - 1 if per_year else 0] * w
                rate += long_block * (1.0 - w)
                rate += 1.0
                if year == 1:
                    cumulative[1] = rate
                else:
                    np.multiply(cumulative[year - 1], rate, out=cumulative[year])
                w *= phi
        cumulative *= base_row[: stop - start]
        rows_out[start:stop] = cumulative.T
    return out


def _uniform_between(rng: np.random.Generator, ranges: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform draws on ``[low, high]`` (last axis of ``ranges``) broadcast to ``shape``."""
    return ranges[..., 0] + rng.random(shape) * (ranges[..., 1] - ranges[..., 0])


def base_levels(params: MarketSizingParams) -> tuple[np.ndarray, np.ndarray]:
    """Base-year demand and supply per role, in ``params.unit`` (demand = ``demand`` or supply × ``demand_ratio``)."""
    markets = list(params.roles.values())
    return (
        np.array([m.base_demand for m in markets], dtype=float),
        np.array([m.supply for m in markets], dtype=float),
    )


def simulate(params: MarketSizingParams, rng: np.random.Generator | None = None) -> Simulation:
    """Run the vectorised Monte Carlo.

    Args:
        params: Validated parameters.
        rng: Generator to draw from; default ``numpy.random.default_rng(params.seed)``.

    Returns:
        Demand and supply paths for every simulation, role and year, in ``params.unit``.
    """
    rng = rng if rng is not None else np.random.default_rng(params.seed)
    roles = tuple(params.roles)
    markets = [params.roles[r] for r in roles]
    sims, horizon = params.simulations, params.horizon_years
    shape = _growth_shape(sims, len(roles), horizon, params.growth_draw == "per_year")
    demand_latent = correlated_normals(rng, shape, params.growth_correlation)
    supply_latent = correlated_normals(rng, shape, params.growth_correlation)
    persistence = _uniform_between(rng, np.array(params.persistence, dtype=float), (sims,))
    long_ranges = np.array([long_run(params, r) for r in roles], dtype=float)
    long_run_rate = _uniform_between(rng, long_ranges, (sims, len(roles)))
    fades = params.persistence != [1.0, 1.0]
    fade = (persistence, long_run_rate) if fades else None
    demand0, supply0 = base_levels(params)

    def side(latent: np.ndarray, kind: str, base: np.ndarray) -> np.ndarray:
        ranges = np.array([getattr(m, f"{kind}_growth") for m in markets], dtype=float)
        return _paths(base, _growth_from_normals(latent, ranges), sims, horizon, fade)

    if 2 * sims * len(roles) * (horizon + 1) < parallel.MIN_THREADED_ELEMENTS:
        demand = side(demand_latent, "demand", demand0)
        supply = side(supply_latent, "supply", supply0)
    else:  # demand is compounded in a second thread while supply is (numpy releases the GIL)
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(side, demand_latent, "demand", demand0)
            supply = side(supply_latent, "supply", supply0)
            demand = pending.result()
    years = np.arange(params.base_year, params.base_year + horizon + 1)
    return Simulation(roles=roles, years=years, demand=demand, supply=supply, unit=params.unit)


def with_total(values: np.ndarray) -> np.ndarray:
    """Append the per-simulation sum over roles as a last role: ``[sim, role + 1, year]``."""
    return np.concatenate([values, values.sum(axis=1, keepdims=True)], axis=1)


def projection_table(sim: Simulation) -> pd.DataFrame:
    """Percentiles of demand, supply, gap and coverage by role and year, with a ``total`` role.

    Returns:
        Columns ``role, year, demand_p10 … gap_p90, coverage_p10, coverage_p50, coverage_p90, unit`` (levels and gaps
        in ``unit``; coverage = supply ÷ demand, a fraction).
    """
    demand = with_total(sim.demand)
    supply = with_total(sim.supply)
    series = {"demand": demand, "supply": supply, "gap": demand - supply, "coverage": supply / demand}
    roles = [*sim.roles, TOTAL]
    frame = pd.DataFrame(
        {
            "role": np.repeat(roles, len(sim.years)),
            "year": np.tile(sim.years, len(roles)),
        }
    )
    for name, values in series.items():
        pct = np.percentile(values, PERCENTILES, axis=0)  # [pct, role, year]
        for index, p in enumerate(PERCENTILES):
            frame[f"{name}_p{p}"] = pct[index].reshape(-1)
    frame["unit"] = sim.unit
    return frame


def largest_gap_shares(sim: Simulation) -> dict[str, float]:
    """Share of simulations in which each role's horizon gap is the largest of all roles (ties to the first role)."""
    winners = np.argmax(sim.gap[:, :, -1], axis=1)
    counts = np.bincount(winners, minlength=len(sim.roles))
    return {role: float(count / len(winners)) for role, count in zip(sim.roles, counts, strict=True)}


def _by_role(values: np.ndarray, roles: tuple[str, ...], q: float) -> dict[str, float]:
    """Percentile ``q`` across simulations of ``[sim, role]`` values, per role."""
    return {role: float(v) for role, v in zip(roles, np.percentile(values, q, axis=0), strict=True)}


def metrics(sim: Simulation, params: MarketSizingParams) -> dict[str, Any]:
    """Headline numbers at the horizon (all computed per simulation, then summarised).

    Returns:
        ``unit``; ``total_gap_p10/p50/p90`` and ``total_demand_p50``/``total_supply_p50`` (in ``unit``),
        ``total_coverage_p50``; per role ``coverage_p10/p50/p90_by_role``, ``gap_p50_by_role``,
        ``base_supply_by_role``, ``base_demand_by_role``; ``prob_gap_widens`` (share of simulations whose total gap at
        the horizon exceeds the base-year gap) and ``gap_widens`` (that share, or ``"follows from inputs"`` when
        :func:`gap_widening_is_certain`); ``largest_gap_role`` (None unless one role's gap is the largest in
        ≥ :data:`DOMINANCE` of simulations) with ``largest_gap_share``; run facts.
    """
    demand = sim.demand.sum(axis=1)
    supply = sim.supply.sum(axis=1)
    gap = demand - supply
    p10, p50, p90 = np.percentile(gap[:, -1], PERCENTILES)
    coverage = sim.supply[:, :, -1] / sim.demand[:, :, -1]
    shares = largest_gap_shares(sim)
    leader = max(shares, key=shares.__getitem__)
    prob = float(np.mean(gap[:, -1] > gap[:, 0]))
    base_demand, base_supply = base_levels(params)
    return {
        "base_year": params.base_year,
        "horizon_year": int(sim.years[-1]),
        "simulations": params.simulations,
        "seed": params.seed,
        "unit": params.unit,
        "geography": params.geography,
        "roles": list(sim.roles),
        "total_demand_p50": float(np.percentile(demand[:, -1], 50)),
        "total_supply_p50": float(np.percentile(supply[:, -1], 50)),
        "total_gap_p10": float(p10),
        "total_gap_p50": float(p50),
        "total_gap_p90": float(p90),
        "total_gap_base": float(gap[0, 0]),
        "total_coverage_p50": float(np.percentile(supply[:, -1] / demand[:, -1], 50)),
        "coverage_p10_by_role": _by_role(coverage, sim.roles, 10),
        "coverage_p50_by_role": _by_role(coverage, sim.roles, 50),
        "coverage_p90_by_role": _by_role(coverage, sim.roles, 90),
        "gap_p50_by_role": _by_role(sim.gap[:, :, -1], sim.roles, 50),
        "base_supply_by_role": dict(zip(sim.roles, base_supply.tolist(), strict=True)),
        "base_demand_by_role": dict(zip(sim.roles, base_demand.tolist(), strict=True)),
        "prob_gap_widens": prob,
        "gap_widens": FOLLOWS if gap_widening_is_certain(params) else prob,
        "demand_supply_ratio_p50": float(np.percentile(demand[:, -1] / supply[:, -1], 50)),
        "largest_gap_role": leader if shares[leader] >= DOMINANCE else None,
        "largest_gap_share": shares[leader],
        "largest_gap_leader": leader,
        "largest_gap_role_p50": float(np.percentile(sim.gap[:, sim.roles.index(leader), -1], 50)),
    }


def params_total_ratio(params: MarketSizingParams) -> float:
    """Base-year total demand ÷ total supply."""
    demand, supply = base_levels(params)
    return float(demand.sum() / supply.sum())


def _role_widens_surely(params: MarketSizingParams, role: str) -> bool:
    """Whether one role's gap must widen by the horizon whatever the draws.

    Both sides fade with the same weight w_t = φ^t toward the same long-run rate L, so
    g_d,t − g_s,t = w_t (g0_d − g0_s). With gap_H − gap_0 = (d₀ − s₀)(D − 1) + s₀(D − S), where D, S are the
    compound factors: the gap widens in every draw when d₀ ≥ s₀, D ≥ 1 (every demand rate ≥ 0: lowest g0_d ≥ 0 and
    lowest L ≥ 0), D ≥ S (lowest g0_d ≥ highest g0_s) and one term is strictly positive (D > S: lowest
    g0_d > highest g0_s and lowest φ > 0; or d₀ > s₀ and D > 1: lowest g0_d > 0 and lowest L > 0).
    """
    market = params.roles[role]
    d0, s0 = market.base_demand, market.supply
    dg_low, sg_high = market.demand_growth[0], market.supply_growth[1]
    lr_low = long_run(params, role)[0]
    if d0 < s0 or dg_low < sg_high or dg_low < 0 or lr_low < 0:
        return False
    return (dg_low > sg_high and params.persistence[0] > 0) or (d0 > s0 and dg_low > 0 and lr_low > 0)


def gap_widening_is_certain(params: MarketSizingParams) -> bool:
    """Whether every simulation must widen the total gap, whatever the draws (so the result follows from the inputs).

    Sufficient condition: every role's gap widens surely (:func:`_role_widens_surely`), so their sum does.
    """
    return all(_role_widens_surely(params, role) for role in params.roles)


def bls_annual_rates() -> dict[str, float]:
    """BLS 10-year employment projections (``public.27`` … ``public.30``) annualised: row id → rate per year.

    Annualised with ``(1 + g)^(1/10) − 1`` (:func:`talentlib.reference.annualise_10yr_growth`).
    """
    return {row: reference.annualise_10yr_growth(reference.figure(f"public.{row}").value) for row in BLS_ROWS}


def postings_growth() -> float:
    """One-year change of US job postings mentioning generative AI, 2023 → 2024 (``public.31`` → ``public.32``)."""
    before, after = reference.figure("public.31"), reference.figure("public.32")
    return after.value / before.value - 1


def public_growth_table() -> pd.DataFrame:
    """Public growth series as annual rates beside the article's ranges (the reality check).

    BLS projections are 10-year changes, annualised with ``(1 + g)^(1/10) − 1``; the Lightcast GenAI
    postings change is one year (2023 → 2024).

    Returns:
        Columns ``series, annual_growth_low, annual_growth_high, kind, source``.
    """
    rows = []
    for fid, label in (
        ("article.demand_growth", "Article: AI talent demand"),
        ("article.supply_growth", "Article: AI talent supply"),
    ):
        fig = reference.figure(fid)
        rows.append(
            {
                "series": label,
                "annual_growth_low": fig.low,
                "annual_growth_high": fig.high,
                "kind": fig.kind,
                "source": fig.citation,
            }
        )
    entities = reference.public_figures().set_index("row_id")["entity"]
    for row_id, rate in bls_annual_rates().items():
        fig = reference.figure(f"public.{row_id}")
        rows.append(
            {
                "series": f"BLS employment projection: {entities.loc[row_id]} ({fig.period}), annualised",
                "annual_growth_low": rate,
                "annual_growth_high": rate,
                "kind": fig.kind,
                "source": fig.citation,
            }
        )
    rows.append(
        {
            "series": "US job postings mentioning generative AI, 2023 → 2024",
            "annual_growth_low": postings_growth(),
            "annual_growth_high": postings_growth(),
            "kind": "public",
            "source": reference.figure("public.32").citation,
        }
    )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class PublicRates:
    """Public growth rates the narrative compares a scenario with (fractions per year).

    Attributes:
        employment_low: Lowest annualised BLS projection, all occupations included.
        employment_high: Highest annualised BLS projection.
        related_low: Lowest annualised BLS projection of occupations related to AI work (all occupations excluded).
        related_high: Highest of those.
        postings: One-year change of GenAI job postings, 2023 → 2024.
    """

    employment_low: float
    employment_high: float
    related_low: float
    related_high: float
    postings: float


def public_rates() -> PublicRates:
    """The public growth rates of the reference data (:func:`bls_annual_rates`, :func:`postings_growth`)."""
    rates = bls_annual_rates()
    related = [rate for row, rate in rates.items() if row != ALL_OCCUPATIONS_ROW]
    return PublicRates(
        employment_low=min(rates.values()),
        employment_high=max(rates.values()),
        related_low=min(related),
        related_high=max(related),
        postings=postings_growth(),
    )


def years_to_ratio(demand_g: float, supply_g: float, ratio: float) -> float:
    """Years until demand/supply reaches ``ratio`` from parity, or inf if demand never outgrows supply.

    ``ln(ratio) / (ln(1 + g_d) − ln(1 + g_s))``.
    """
    growth = np.log1p(demand_g) - np.log1p(supply_g)
    return float(np.log(ratio) / growth) if growth > 0 else float("inf")


@dataclass(frozen=True)
class ClaimsEvidence:
    """What the article's own inputs imply for its claims (the numbers behind the claims audit).

    Attributes:
        demand_growth: The article's demand growth ``(low, high)`` per year (``article.demand_growth``).
        supply_growth: The article's supply growth ``(low, high)`` (``article.supply_growth``).
        factor: The claimed demand/supply factor ``(low, high)`` (``article.demand_supply_factor``).
        persistence_years: The claimed years the gap persists (``article.gap_persistence_years``).
        ratio_low: Lowest growth-rate ratio the article's ranges allow, demand low ÷ supply high.
        ratio_high: Highest, demand high ÷ supply low.
        years_to_factor_low: Years from parity until demand/supply levels reach the low factor, at mid rates.
        years_to_factor_high: The same for the high factor.
        public: Public growth rates to compare with.
    """

    demand_growth: tuple[float, float]
    supply_growth: tuple[float, float]
    factor: tuple[float, float]
    persistence_years: tuple[float, float]
    ratio_low: float
    ratio_high: float
    years_to_factor_low: float
    years_to_factor_high: float
    public: PublicRates

    @property
    def factor_overlaps(self) -> bool:
        """Whether the implied growth-rate ratio range overlaps the claimed factor range."""
        return self.factor[0] <= self.ratio_high and self.ratio_low <= self.factor[1]

    @property
    def factor_covered(self) -> bool:
        """Whether the implied growth-rate ratio range contains the whole claimed factor range."""
        return self.ratio_low <= self.factor[0] and self.factor[1] <= self.ratio_high

    @property
    def widening_guaranteed(self) -> bool:
        """Whether the article's lowest demand growth exceeds its highest supply growth (widening is an input)."""
        return self.demand_growth[0] > self.supply_growth[1]


def claims_evidence() -> ClaimsEvidence:
    """Compute what the article's own figures imply for each of its quantitative claims (reference data only)."""
    dg, sg = reference.figure("article.demand_growth"), reference.figure("article.supply_growth")
    factor = reference.figure("article.demand_supply_factor")
    persist = reference.figure("article.gap_persistence_years")
    return ClaimsEvidence(
        demand_growth=(dg.low, dg.high),
        supply_growth=(sg.low, sg.high),
        factor=(factor.low, factor.high),
        persistence_years=(persist.low, persist.high),
        ratio_low=dg.low / sg.high,
        ratio_high=dg.high / sg.low,
        years_to_factor_low=years_to_ratio(dg.value, sg.value, factor.low),
        years_to_factor_high=years_to_ratio(dg.value, sg.value, factor.high),
        public=public_rates(),
    )


#: Peak bytes per simulation × role series (the roles and their total) × year point, measured with tracemalloc
#: over ``simulate`` + ``projection_table`` + ``metrics`` (53.5 at 100,000 × 6 × 11), rounded up.
BYTES_PER_CELL = 64


def memory_estimate(params: MarketSizingParams) -> tuple[int, str]:
    """Peak memory of one run, in bytes, and the product it comes from (checked before any kernel starts).

    Returns:
        ``(bytes, "6 role series × 10,000 simulations × 6 year points × 64 bytes")``.
    """
    series, years = len(params.roles) + 1, params.horizon_years + 1
    total = BYTES_PER_CELL * params.simulations * series * years
    product = (
        f"{series} role series (incl. the total) × {params.simulations:,} simulations × {years} year points "
        f"× {BYTES_PER_CELL} bytes"
    )
    return total, product
