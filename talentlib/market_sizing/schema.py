"""Parameters of the market-sizing notebook: the pydantic schema, its validators and defaults (single source of truth).

Defaults: growth ranges are the article's (``article.demand_growth``, ``article.supply_growth``); base levels are an
index (``assumption.base_supply_index``, demand = supply × ``assumption.base_demand_ratio``), labelled assumptions,
since the article gives none.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field

from talentlib import reference
from talentlib.params import NAME_PATTERN, Finite, NotebookParams, Range, StrictModel

DEFAULT_ROLES = (
    "ai_ml_engineer",
    "data_engineer",
    "mlops_engineer",
    "ai_product_manager",
    "ai_research_scientist",
)
#: Key of the per-simulation sum over roles (reserved: no role may use it).
TOTAL = "total"


def _growth_range(value: list[float]) -> list[float]:
    """Refuse growth rates at or below −100 %/yr and above +1000 %/yr (a percentage typed as a fraction)."""
    if value[0] <= -1:
        raise ValueError("growth must be above -100 %/yr (e.g. -0.1 for a 10 % fall)")
    if value[1] > 10:
        raise ValueError("growth above +1000 %/yr is not plausible; rates are fractions (0.4 = 40 %)")
    return value


GrowthRange = Annotated[Range, AfterValidator(_growth_range)]


class RoleMarket(StrictModel):
    """Base-year levels and annual growth ranges of one role's market."""

    demand: Finite = Field(gt=0, description="base-year demand (headcount or index)")
    supply: Finite = Field(gt=0, description="base-year supply (headcount or index)")
    demand_growth: GrowthRange = Field(description="annual demand growth [low, high] as fractions")
    supply_growth: GrowthRange = Field(description="annual supply growth [low, high] as fractions")


def _default_role() -> dict[str, Any]:
    """One role at the article's growth ranges and the indexed base levels (reference figures)."""
    supply = reference.figure("assumption.base_supply_index").value
    ratio = reference.figure("assumption.base_demand_ratio").value
    demand_growth = reference.figure("article.demand_growth")
    supply_growth = reference.figure("article.supply_growth")
    return {
        "demand": supply * ratio,
        "supply": supply,
        "demand_growth": [demand_growth.low, demand_growth.high],
        "supply_growth": [supply_growth.low, supply_growth.high],
    }


def default_roles() -> dict[str, RoleMarket]:
    """Default markets: every article role at the article's growth ranges, base levels as labelled assumptions."""
    return {role: RoleMarket(**_default_role()) for role in DEFAULT_ROLES}


def _check_role_keys(roles: dict[str, RoleMarket]) -> dict[str, RoleMarket]:
    """Require at least one role, safe role keys, and no role named ``total``."""
    if not roles:
        raise ValueError("at least one role is needed")
    for key in roles:
        if not NAME_PATTERN.match(key):
            raise ValueError(f"role key {key!r} must be letters, digits, '_', '-' or '.' (max 64 characters)")
        if key == TOTAL:
            raise ValueError("'total' is reserved for the sum over roles")
    return roles


class MarketSizingParams(NotebookParams):
    """Parameters of ``notebooks/market_sizing.ipynb``."""

    notebook: ClassVar[str] = "market_sizing"

    base_year: int = Field(2026, ge=2000, le=2100, description="first year of the projection (year 0)")
    horizon_years: int = Field(5, ge=1, le=30, description="years projected past base_year")
    simulations: int = Field(10_000, ge=100, le=1_000_000, description="Monte Carlo draws")
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    growth_draw: Literal["per_simulation", "per_year"] = Field(
        "per_simulation", description="draw each growth rate once per simulation or afresh every year"
    )
    growth_correlation: float = Field(
        default_factory=lambda: reference.figure("assumption.growth_correlation").value,
        ge=0,
        le=1,
        description="correlation of growth draws across roles (0 independent, 1 identical)",
    )
    roles: Annotated[dict[str, RoleMarket], AfterValidator(_check_role_keys)] = Field(
        default_factory=default_roles,
        description="role key -> {demand, supply, demand_growth: [low, high], supply_growth: [low, high]}",
    )


def is_index(params: MarketSizingParams) -> bool:
    """Whether every role's base supply is the index level (``assumption.base_supply_index``), not a headcount."""
    base = reference.figure("assumption.base_supply_index").value
    return all(m.supply == base for m in params.roles.values())
