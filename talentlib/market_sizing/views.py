"""Market-sizing report tables: the run's inputs, the total rows of the projection, and display formats."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib.market_sizing.model import PERCENTILES
from talentlib.market_sizing.schema import TOTAL, MarketSizingParams, is_index
from talentlib.report import fmt_num, fmt_pct

TABLE_FORMATS: dict[str, Any] = {
    **{f"{k}_p{p}": fmt_num for k in ("demand", "supply", "gap", "total_gap") for p in PERCENTILES},
    **{f"coverage_p{p}": fmt_pct for p in PERCENTILES},
    "total_coverage_p50": fmt_pct,
    "annual_growth_low": lambda v: fmt_pct(v, 1),
    "annual_growth_high": lambda v: fmt_pct(v, 1),
}


def inputs_table(params: MarketSizingParams) -> pd.DataFrame:
    """The run's inputs per role, for display."""
    return pd.DataFrame(
        [
            {
                "role": role,
                "base_demand": m.demand,
                "base_supply": m.supply,
                "demand_growth": f"{fmt_pct(m.demand_growth[0])}–{fmt_pct(m.demand_growth[1])}/yr",
                "supply_growth": f"{fmt_pct(m.supply_growth[0])}–{fmt_pct(m.supply_growth[1])}/yr",
            }
            for role, m in params.roles.items()
        ]
    )


def total_rows(projection: pd.DataFrame) -> pd.DataFrame:
    """The ``total`` rows of a projection (gap and coverage columns) for display."""
    columns = [
        "year",
        *[f"{k}_p{p}" for k in ("demand", "supply", "gap") for p in PERCENTILES],
        "coverage_p50",
    ]
    return projection.loc[projection["role"] == TOTAL, columns]


def unit_label(params: MarketSizingParams) -> str:
    """Axis label of levels: an index (base supply 100) or a headcount."""
    return "index (base supply 100)" if is_index(params) else "headcount"
