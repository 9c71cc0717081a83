"""Market-sizing report tables: the run's inputs, the total rows of the projection, and display formats."""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib.market_sizing.model import PERCENTILES
from talentlib.market_sizing.schema import TOTAL, MarketSizingParams, long_run, supply_from_bls
from talentlib.report import fmt_num, fmt_pct

TABLE_FORMATS: dict[str, Any] = {
    **{f"{k}_p{p}": fmt_num for k in ("demand", "supply", "gap", "total_gap") for p in PERCENTILES},
    **{f"coverage_p{p}": fmt_pct for p in PERCENTILES},
    **{
        k: fmt_num
        for k in ("base_supply", "base_demand", "employment", "persons", "gap_at_low", "gap_at_high", "swing")
    },
    "total_coverage_p50": fmt_pct,
    "crosswalk_share": lambda v: fmt_pct(v, 1),
    "survey_share": lambda v: fmt_pct(v, 1),
    "share": lambda v: fmt_pct(v, 0),
    "half_life_years": lambda v: "never" if v == float("inf") else f"{v:.1f}",
    "annual_growth_low": lambda v: fmt_pct(v, 1),
    "annual_growth_high": lambda v: fmt_pct(v, 1),
}


def _range_text(low: float, high: float, digits: int = 0) -> str:
    """``[low, high]`` fractions as ``40%–60%/yr``."""
    return f"{fmt_pct(low, digits)}–{fmt_pct(high, digits)}/yr"


def inputs_table(params: MarketSizingParams) -> pd.DataFrame:
    """The run's inputs per role, in ``params.unit``, each level with where it comes from."""
    return pd.DataFrame(
        [
            {
                "role": role,
                "base_supply": m.supply,
                "base_demand": m.base_demand,
                "demand_ratio": round(m.ratio, 3),
                "unit": params.unit,
                "supply_source": "BLS OEWS via crosswalk (shares: assumption)"
                if supply_from_bls(params, role)
                else "scenario",
                "demand_growth_today": _range_text(*m.demand_growth),
                "supply_growth_today": _range_text(*m.supply_growth),
                "long_run_growth": _range_text(*long_run(params, role), digits=1),
            }
            for role, m in params.roles.items()
        ]
    )


def total_rows(projection: pd.DataFrame) -> pd.DataFrame:
    """The ``total`` rows of a projection (levels, gap and coverage columns) for display."""
    columns = [
        "year",
        *[f"{k}_p{p}" for k in ("demand", "supply", "gap") for p in PERCENTILES],
        "coverage_p50",
        "unit",
    ]
    return projection.loc[projection["role"] == TOTAL, columns]


def horizon_rows(projection: pd.DataFrame) -> pd.DataFrame:
    """Per role at the horizon: coverage P10/P50/P90 and the gap, for display."""
    last = projection[projection["year"] == projection["year"].max()]
    return last[
        ["role", "coverage_p10", "coverage_p50", "coverage_p90", "gap_p10", "gap_p50", "gap_p90", "unit"]
    ]


def unit_label(params: MarketSizingParams) -> str:
    """Axis label of levels: the unit and where it is counted, e.g. ``people (United States)``."""
    return f"{params.unit} ({params.geography})"
