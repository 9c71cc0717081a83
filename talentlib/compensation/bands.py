"""Market bands: a base table (the article's or the survey's) aged by market drift and placed by tier and country.

**Midpoint convention:** ``mid = (low + high) / 2`` with the high end *as written*. Two senior bands are
open-ended in the article ("$…K+"). **Open-ended band policy:** the written top is used as the band maximum for
the midpoint and range penetration; nobody is flagged *above maximum* of such a band, and people paid above
the written top are counted (``n_above_open_top`` in the metrics), not treated as overpaid.

**Pay measure.** Every band carries ``pay_measure``: the article's table is total compensation, the survey's
salaries are base pay. A comparison across measures is refused (:func:`measure_factor`) unless the scenario
gives an explicit, labelled ``measure_conversion`` range (total ÷ base); the converted bands say so in
``source``.

Geography factors come from :mod:`talentlib.compensation.geography` (tier discounts or BLS metro factors, survey
country factors), drift from :mod:`talentlib.compensation.drift`; bands are aged from their base year with
``(1 + a)^(year − base_year)``. BLS OEWS metro medians also give the geography evidence table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation.drift import annual_rate, case_label, drift_cases, drift_source, growth_rates
from talentlib.compensation.geography import geo_factors
from talentlib.compensation.inputs import measure_refusal
from talentlib.compensation.schema import COASTAL, CompensationParams, growth_span
from talentlib.errors import ParamsError
from talentlib.report import fmt_pct

__all__ = ["annual_rate", "growth_rates"]


# ---------------------------------------------------------------------------------------------------------
# Market bands

PERCENTILE_COLUMNS = ("p10", "p25", "p50", "p75", "p90")


def article_base_bands() -> pd.DataFrame:
    """The article's coastal bands with midpoints.

    Returns:
        ``role, level, low, mid, high, open_ended, base_year, source, pay_measure`` (``total_comp``), ``n`` and
        the survey percentile columns (empty: the article gives a range, not percentiles).
    """
    table = reference.article_pay_bands()
    frame = pd.DataFrame(
        {
            "role": table["role"],
            "level": table["level"],
            "low": table["low"].astype(float),
            "mid": (table["low"] + table["high"]) / 2.0,
            "high": table["high"].astype(float),
            "open_ended": table["open_ended"].astype(bool),
            "base_year": table["period"].astype(int),
            "source": "article",
            "pay_measure": "total_comp",
            "n": np.nan,
        }
    )
    for column in PERCENTILE_COLUMNS:
        frame[column] = np.nan
    return frame


def band_years(params: CompensationParams) -> list[int]:
    """Years in ``bands.csv``: the implied start of the article's growth figure, its table year, pay and target year."""
    start, end = growth_span()
    return sorted({start, end, params.pay_year, params.target_year})


def measure_factor(params: CompensationParams) -> tuple[float, float, float, str]:
    """Multiplier (central, low, high) taking a band from its pay measure to ``pay_measure``, and its label.

    Raises:
        ParamsError: The measures differ and no ``measure_conversion`` is given (one line naming both).
    """
    band, pay = params.band_measure, params.pay_measure
    if band == pay:
        return 1.0, 1.0, 1.0, ""
    if not params.measure_conversion:
        raise ParamsError([measure_refusal(params)])  # also checked before any kernel: inputs.validate_inputs
    low, high = params.measure_conversion
    label = (
        f"converted from {band} to {pay} by total ÷ base {low:g}–{high:g} ({params.measure_conversion_label})"
    )
    if band == "base_salary":
        return (low + high) / 2, low, high, label
    return 2 / (low + high), 1 / high, 1 / low, label


def market_bands(
    params: CompensationParams,
    base: pd.DataFrame,
    years: list[int] | None = None,
    geo: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Age base bands by the market drift and place them by tier and country (vectorised cross join).

    ``factor = (1 + a)^(year − base_year) × geo factor × measure factor`` with ``a`` the central drift of
    :func:`talentlib.compensation.drift.growth_rates`; ``mid_low``/``mid_high`` take the extreme corners of the
    drift, geography and measure-conversion ranges. A suppressed base cell stays empty (no fallback).

    Args:
        params: Tiers, drift and measures.
        base: Output of :func:`base_bands`.
        years: Calendar years (default :func:`band_years`).
        geo: :func:`talentlib.compensation.geography.geo_factors` (default: no country of employees).

    Returns:
        ``role, level, location_tier, country, year, pay_measure, low, mid, high, open_ended, source, factor,
        factor_source, annual_growth, mid_low, mid_high, n, p10 … p90`` (USD/yr in ``pay_measure``).
    """
    years = years or band_years(params)
    geo = geo_factors(params, []) if geo is None else geo
    rates = growth_rates(params)
    m_mid, m_low, m_high, m_label = measure_factor(params)
    frame = base.merge(geo.rename(columns={"n": "factor_n"}), how="cross").merge(
        pd.DataFrame({"year": years}), how="cross"
    )
    dy = (frame["year"] - frame["base_year"]).to_numpy(dtype=float)
    factor = (1 + rates["central"]) ** dy * frame["factor"].to_numpy() * m_mid
    corners = np.stack(
        [
            (1 + rate) ** dy * g * m
            for rate in (rates["low"], rates["high"])
            for g in (frame["factor_low"].to_numpy(), frame["factor_high"].to_numpy())
            for m in (m_low, m_high)
        ]
    )
    source = frame["source"] + (f"; {m_label}" if m_label else "")
    out = pd.DataFrame(
        {
            "role": frame["role"],
            "level": frame["level"],
            "location_tier": frame["location_tier"],
            "country": frame["country"],
            "year": frame["year"].astype(int),
            "pay_measure": params.pay_measure,
            "low": frame["low"] * factor,
            "mid": frame["mid"] * factor,
            "high": frame["high"] * factor,
            "open_ended": frame["open_ended"],
            "source": source,
            "factor": factor,
            "factor_source": frame["factor_source"],
            "annual_growth": rates["central"],
            "mid_low": frame["mid"].to_numpy() * corners.min(axis=0),
            "mid_high": frame["mid"].to_numpy() * corners.max(axis=0),
            "n": frame["n"],
            **{c: frame[c] * factor for c in PERCENTILE_COLUMNS},
        }
    )
    keys = ["role", "level", "location_tier", "country", "year"]
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def bands_for_year(bands: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of :func:`market_bands` for one year."""
    return bands[bands["year"] == year].reset_index(drop=True)


def ageing_table(params: CompensationParams, base_year: int) -> pd.DataFrame:
    """The time-ageing arithmetic under each drift assumption: annual rate and factor to ``target_year``.

    Returns:
        ``case, used, annual_rate_low, annual_rate, annual_rate_high, factor`` (``factor`` ages a band from
        ``base_year`` to ``target_year`` at the central rate); the case used first.
    """
    used = drift_source(params)
    rows = []
    for case, rates in drift_cases(params).items():
        rows.append(
            {
                "case": case_label(case, case != used),
                "used": "yes (bands aged with it)" if case == used else "no (shown for comparison)",
                "annual_rate_low": rates["low"],
                "annual_rate": rates["central"],
                "annual_rate_high": rates["high"],
                f"factor_{params.target_year}_from_{base_year}": (1 + rates["central"])
                ** (params.target_year - base_year),
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
        if not _discount_used(params, tier):
            continue
        rows.append(
            {
                "comparison": f"tier {tier}: discount used (central {fmt_pct((low + high) / 2)}; range {fmt_pct(low)}–{fmt_pct(high)})",
                "value": np.nan,
                "discount_vs_coastal": (low + high) / 2,
                "source": _tier_source(tier, low, high, article),
            }
        )
    return pd.DataFrame(rows)


def _discount_used(params: CompensationParams, tier: str) -> bool:
    """Whether a tier's ``location_tiers`` discount enters the bands (not for survey-factor tiers)."""
    if tier == "international" and params.international_factors == "survey":
        return False
    return not (params.band_source == "survey" and tier in (COASTAL, "non_coastal"))


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
