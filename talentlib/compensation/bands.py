"""Market bands: the article's table aged by market pay growth and discounted by location tier.

**Midpoint convention:** ``mid = (low + high) / 2`` with the high end *as written*. Two senior bands are
open-ended in the article ("$…K+"); they keep ``open_ended=True`` and their written high is the band maximum.

Tiers are pay discounts ``[low, high]`` against the coastal (major US tech market) bands
(``location_tiers``); the central band uses each range's midpoint. Market growth ``pay_growth_two_years`` is
stated over the span of the article's growth figure and annualised as ``(1 + g)^(1/years) − 1``; bands are aged
from their base year with ``(1 + a)^(year − base_year)``. ``mid_low``/``mid_high`` take the extreme corners of
the growth and discount ranges. BLS OEWS metro medians give independent geography evidence.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation.schema import COASTAL, CompensationParams, growth_span
from talentlib.report import fmt_pct

# ---------------------------------------------------------------------------------------------------------
# Market bands


def annual_rate(two_year_growth: float | np.ndarray, years: int = 2) -> float | np.ndarray:
    """Compound annual rate of a growth over ``years``: ``(1 + g)^(1/years) − 1``."""
    return (1 + np.asarray(two_year_growth, dtype=float)) ** (1 / years) - 1


def growth_rates(params: CompensationParams) -> dict[str, float]:
    """Annual market pay growth ``low``, ``central`` (from the range midpoint) and ``high``."""
    start, end = growth_span()
    low, high = params.pay_growth_two_years
    return {
        "low": float(annual_rate(low, end - start)),
        "central": float(annual_rate((low + high) / 2, end - start)),
        "high": float(annual_rate(high, end - start)),
    }


def article_base_bands() -> pd.DataFrame:
    """The article's coastal bands with midpoints: ``role, level, low, mid, high, open_ended, base_year, source``."""
    table = reference.article_pay_bands()
    return pd.DataFrame(
        {
            "role": table["role"],
            "level": table["level"],
            "low": table["low"].astype(float),
            "mid": (table["low"] + table["high"]) / 2.0,
            "high": table["high"].astype(float),
            "open_ended": table["open_ended"].astype(bool),
            "base_year": table["period"].astype(int),
            "source": "article",
        }
    )


def band_years(params: CompensationParams) -> list[int]:
    """Years in ``bands.csv``: the implied start of the article's growth figure, its table year, pay and target year."""
    start, end = growth_span()
    return sorted({start, end, params.pay_year, params.target_year})


def market_bands(
    params: CompensationParams, base: pd.DataFrame, years: list[int] | None = None
) -> pd.DataFrame:
    """Age and discount base bands to every tier and year (vectorised cross join).

    Args:
        params: Tiers and growth range.
        base: Output of :func:`base_bands`.
        years: Calendar years (default :func:`band_years`).

    Returns:
        Columns ``role, level, location_tier, year, low, mid, high, open_ended, source, discount,
        annual_growth, mid_low, mid_high`` (USD/yr). ``mid_low``/``mid_high`` are the midpoint at the extreme
        corners of the growth and discount ranges.
    """
    years = years or band_years(params)
    rates = growth_rates(params)
    tiers = pd.DataFrame(
        [{"location_tier": k, "d_low": v[0], "d_high": v[1]} for k, v in params.location_tiers.items()]
    )
    frame = base.merge(tiers, how="cross").merge(pd.DataFrame({"year": years}), how="cross")
    dy = (frame["year"] - frame["base_year"]).to_numpy(dtype=float)
    discount = (frame["d_low"] + frame["d_high"]).to_numpy() / 2
    factor = (1 + rates["central"]) ** dy * (1 - discount)
    corners = np.stack(
        [
            (1 + rate) ** dy * (1 - d)
            for rate in (rates["low"], rates["high"])
            for d in (frame["d_low"].to_numpy(), frame["d_high"].to_numpy())
        ]
    )
    out = pd.DataFrame(
        {
            "role": frame["role"],
            "level": frame["level"],
            "location_tier": frame["location_tier"],
            "year": frame["year"].astype(int),
            "low": frame["low"] * factor,
            "mid": frame["mid"] * factor,
            "high": frame["high"] * factor,
            "open_ended": frame["open_ended"],
            "source": frame["source"],
            "discount": discount,
            "annual_growth": rates["central"],
            "mid_low": frame["mid"].to_numpy() * corners.min(axis=0),
            "mid_high": frame["mid"].to_numpy() * corners.max(axis=0),
        }
    )
    return out.sort_values(["role", "level", "location_tier", "year"], kind="stable").reset_index(drop=True)


def bands_for_year(bands: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of :func:`market_bands` for one year."""
    return bands[bands["year"] == year].reset_index(drop=True)


def ageing_table(params: CompensationParams) -> pd.DataFrame:
    """The time-ageing arithmetic: two-year growth, implied annual rate and factor to ``target_year``."""
    start, end = growth_span()
    low, high = params.pay_growth_two_years
    rows = []
    for label, growth in (("low", low), ("central", (low + high) / 2), ("high", high)):
        rate = float(annual_rate(growth, end - start))
        rows.append(
            {
                "case": label,
                "growth_over_period": growth,
                "period": f"{start}-{end}",
                "annual_rate": rate,
                f"factor_{start}_from_{end}": 1 / (1 + growth),
                f"factor_{params.target_year}_from_{end}": (1 + rate) ** (params.target_year - end),
            }
        )
    return pd.DataFrame(rows)


def geography_evidence(params: CompensationParams) -> pd.DataFrame:
    """BLS OEWS metro medians (data scientists, May 2025) beside the tier discounts.

    Returns:
        Columns ``comparison, value, discount_vs_coastal, source`` — the four metros, the implied
        inland-vs-coastal discount (lowest pair, average of each side, highest pair) and the tiers.
    """
    pub = reference.public_figures().set_index("row_id")
    coastal = [("21", pub.loc["21"]), ("22", pub.loc["22"])]
    inland = [("23", pub.loc["23"]), ("24", pub.loc["24"])]
    citation = reference.figure("public.21").citation
    rows = [
        {
            "comparison": f"{row['geography']} ({row['note']})",
            "value": row["value"],
            "discount_vs_coastal": np.nan,
            "source": citation,
        }
        for _, row in coastal + inland
    ]
    c_vals = np.array([r["value"] for _, r in coastal])
    i_vals = np.array([r["value"] for _, r in inland])
    implied = {
        "lowest (dearest inland vs cheapest coastal)": 1 - i_vals.max() / c_vals.min(),
        "average inland vs average coastal": 1 - i_vals.mean() / c_vals.mean(),
        "highest (cheapest inland vs dearest coastal)": 1 - i_vals.min() / c_vals.max(),
    }
    for label, value in implied.items():
        rows.append(
            {
                "comparison": f"BLS implied discount, {label}",
                "value": np.nan,
                "discount_vs_coastal": value,
                "source": citation,
            }
        )
    article = reference.figure("article.non_coastal_discount")
    for tier, (low, high) in params.location_tiers.items():
        rows.append(
            {
                "comparison": f"tier {tier}: discount used (central {fmt_pct((low + high) / 2)}; range {fmt_pct(low)}–{fmt_pct(high)})",
                "value": np.nan,
                "discount_vs_coastal": (low + high) / 2,
                "source": _tier_source(tier, low, high, article),
            }
        )
    return pd.DataFrame(rows)


def _tier_source(tier: str, low: float, high: float, article: reference.Figure) -> str:
    """Where a tier's discount comes from: the reference tier, the article's range, or the scenario's own."""
    if tier == COASTAL:
        return "reference tier (the article's bands)"
    if (low, high) == (article.low, article.high):
        return article.citation
    return "scenario parameter location_tiers (not the article's range)"


def bls_discount_range() -> tuple[float, float, float]:
    """Implied inland-vs-coastal discount from BLS rows 21–24: (lowest pair, average, highest pair)."""
    values = geography_evidence(CompensationParams())["discount_vs_coastal"].dropna().to_numpy()
    return float(values[0]), float(values[1]), float(values[2])


def public_pay_table() -> pd.DataFrame:
    """BLS OEWS May 2025 national wage percentiles of the nearest occupations (base wages, USD/yr)."""
    pub = reference.public_figures()
    wages = pub[
        (pub["topic"] == "wages") & (pub["geography"] == "US") & pub["metric"].str.startswith("annual_wage")
    ]
    wide = wages.pivot_table(index="entity", columns="metric", values="value", aggfunc="first", sort=False)
    wide = wide.rename(
        columns={
            "annual_wage_p10": "p10",
            "annual_wage_p25": "p25",
            "annual_wage_median": "p50",
            "annual_wage_p75": "p75",
            "annual_wage_p90": "p90",
        }
    )
    wide = (
        wide.reindex(columns=["p10", "p25", "p50", "p75", "p90"])
        .reset_index()
        .rename(columns={"entity": "occupation"})
    )
    wide["source"] = reference.figure("public.4").citation + " (base wages, not total compensation)"
    return wide
