"""Parameters of the market-sizing notebook: the pydantic schema, its validators and defaults (single source of truth).

Units: base levels are **persons** (``unit``, default ``people``) in ``geography`` (default the United States). Demand
is the number of people employers want in the role (filled jobs plus unfilled openings); supply is the number of people
working in or available for the role. Defaults (:mod:`.sources`):

* base supply per role: BLS OEWS May 2025 employment through ``data/market_soc_crosswalk.csv`` (shares our assumption);
* base demand: supply × ``demand_ratio``, our reading of the article's order of scarcity (``data/market_role_defaults.csv``);
* today's growth ranges: the article's 40–60 %/yr and 15–20 %/yr, read per role (same file);
* long-run growth: the annualised BLS 10-year projection of the role's occupations ± ``assumption.market_long_run_band``;
* persistence: ``assumption.market_persistence``.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from talentlib import reference
from talentlib.market_sizing import sources
from talentlib.params import NAME_PATTERN, Finite, NotebookParams, Range, StrictModel

DEFAULT_ROLES = sources.default_roles()
#: Key of the per-simulation sum over roles (reserved: no role may use it).
TOTAL = "total"


def _growth_range(value: list[float]) -> list[float]:
    """Refuse growth rates at or below −100 %/yr and above +1000 %/yr (a percentage typed as a fraction)."""
    if value[0] <= -1:
        raise ValueError("growth must be above -100 %/yr (e.g. -0.1 for a 10 % fall)")
    if value[1] > 10:
        raise ValueError("growth above +1000 %/yr is not plausible; rates are fractions (0.4 = 40 %)")
    return value


def _unit_range(value: list[float]) -> list[float]:
    """Refuse a persistence outside [0, 1]."""
    if value[0] < 0 or value[1] > 1:
        raise ValueError("persistence is a share kept per year, between 0 and 1")
    return value


GrowthRange = Annotated[Range, AfterValidator(_growth_range)]
PersistenceRange = Annotated[Range, AfterValidator(_unit_range)]


class RoleMarket(StrictModel):
    """Base-year levels and annual growth of one role's market (levels in the run's ``unit``)."""

    supply: Finite = Field(gt=0, description="base-year supply (people working in or available for the role)")
    demand: Finite | None = Field(
        None,
        gt=0,
        description="base-year demand (people employers want: filled jobs + openings); wins over demand_ratio",
    )
    demand_ratio: Finite | None = Field(
        None, gt=0, description="base-year demand ÷ supply, used when demand is not given"
    )
    demand_growth: GrowthRange = Field(description="today's annual demand growth [low, high] as fractions")
    supply_growth: GrowthRange = Field(description="today's annual supply growth [low, high] as fractions")
    long_run_growth: GrowthRange | None = Field(
        None, description="long-run annual growth [low, high] both sides fade toward; default BLS projection"
    )

    @model_validator(mode="after")
    def _some_demand(self) -> RoleMarket:
        """``demand`` or ``demand_ratio`` (``demand`` wins when both are given, e.g. a ``--set`` over the defaults)."""
        if self.demand is None and self.demand_ratio is None:
            raise ValueError("give demand (in the run's unit) or demand_ratio (demand ÷ supply)")
        return self

    @property
    def base_demand(self) -> float:
        """Base-year demand in the run's unit: ``demand``, or ``supply × demand_ratio``."""
        return self.demand if self.demand is not None else self.supply * self.demand_ratio

    @property
    def ratio(self) -> float:
        """Base-year demand ÷ supply."""
        return self.base_demand / self.supply


def _default_role(role: str) -> dict[str, Any]:
    """One role's defaults from the crosswalk and the role defaults file (:mod:`.sources`)."""
    return {
        "supply": sources.base_supply(role),
        "demand_ratio": sources.role_default(role, "demand_ratio")[0],
        "demand_growth": sources.role_default(role, "demand_growth"),
        "supply_growth": sources.role_default(role, "supply_growth"),
        "long_run_growth": sources.long_run_range(role),
    }


def default_roles() -> dict[str, RoleMarket]:
    """Default markets: the article's five roles in US persons, each with its own reading of the article."""
    return {role: RoleMarket(**_default_role(role)) for role in DEFAULT_ROLES}


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


def _check_label(value: str) -> str:
    """A short printable label (unit, geography)."""
    if not value.strip() or len(value) > 64 or not value.isprintable():
        raise ValueError("expected a short printable label (1–64 characters)")
    return value


Label = Annotated[str, AfterValidator(_check_label)]


class MarketSizingParams(NotebookParams):
    """Parameters of ``notebooks/market_sizing.ipynb``."""

    notebook: ClassVar[str] = "market_sizing"

    base_year: int = Field(2026, ge=2000, le=2100, description="first year of the projection (year 0)")
    horizon_years: int = Field(5, ge=1, le=30, description="years projected past base_year")
    simulations: int = Field(10_000, ge=100, le=1_000_000, description="Monte Carlo draws")
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    unit: Label = Field("people", description="unit of the base levels (people, or e.g. requisitions)")
    geography: Label = Field(sources.BLS_GEOGRAPHY, description="where the base levels are counted")
    growth_draw: Literal["per_simulation", "per_year"] = Field(
        "per_simulation", description="draw each growth rate once per simulation or afresh every year"
    )
    growth_correlation: float = Field(
        default_factory=lambda: reference.figure("assumption.growth_correlation").value,
        ge=0,
        le=1,
        description="correlation of growth draws across roles (0 independent, 1 identical)",
    )
    persistence: PersistenceRange = Field(
        default_factory=lambda: [
            reference.figure("assumption.market_persistence").low,
            reference.figure("assumption.market_persistence").high,
        ],
        description="share of today's excess growth kept each year [low, high] (1 never fades, 0 long-run at once)",
    )
    roles: Annotated[dict[str, RoleMarket], AfterValidator(_check_role_keys)] = Field(
        default_factory=default_roles,
        description=(
            "role key -> {supply, demand_ratio or demand, demand_growth: [low, high], supply_growth: [low, high], "
            "long_run_growth: [low, high]}"
        ),
    )

    @field_validator("roles")
    @classmethod
    def _bls_supply_is_us(cls, roles: dict[str, RoleMarket], info: ValidationInfo) -> dict[str, RoleMarket]:
        """Refuse the BLS (United States) default supply under another geography."""
        geography = info.data.get("geography", sources.BLS_GEOGRAPHY)
        if geography == sources.BLS_GEOGRAPHY:
            return roles
        for role, market in roles.items():
            if role in DEFAULT_ROLES and market.supply == sources.base_supply(role):
                raise ValueError(
                    f"{role}.supply counted in {geography} (the default is the BLS figure for the "
                    f"{sources.BLS_GEOGRAPHY})"
                )
        return roles


def supply_from_bls(params: MarketSizingParams, role: str) -> bool:
    """Whether a role's base supply is the crosswalk's BLS OEWS figure (not a level the user gave)."""
    return (
        role in DEFAULT_ROLES
        and params.geography == sources.BLS_GEOGRAPHY
        and params.roles[role].supply == sources.base_supply(role)
    )


def long_run(params: MarketSizingParams, role: str) -> list[float]:
    """A role's long-run growth range: the one given, else its BLS default (:func:`.sources.long_run_range`)."""
    given = params.roles[role].long_run_growth
    return list(given) if given is not None else sources.long_run_range(role)


def half_life(persistence: float) -> float:
    """Years until the excess growth over the long-run rate halves: ``ln 0.5 / ln φ`` (inf at φ = 1, 0 at φ = 0)."""
    if persistence >= 1:
        return float("inf")
    if persistence <= 0:
        return 0.0
    return math.log(0.5) / math.log(persistence)
