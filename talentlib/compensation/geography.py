"""Where pay is benchmarked: US tier factors from BLS metro medians, country factors from the survey.

Every factor multiplies a band of the chosen ``band_source`` and says what it rests on (``factor_source``):

* **US tiers.** The article's bands are coastal: ``coastal`` is the reference (factor 1), ``non_coastal`` and any
  other tier take ``1 − discount`` of ``location_tiers`` (by default the article's 20–40 %). The survey's bands
  are *national* US bands, so they are tiered by BLS OEWS data-scientist medians (May 2025, base wages) against
  the national median: ``coastal`` = mean of the two coastal metros ÷ national (range: the cheaper and the dearer
  metro), ``non_coastal`` = mean of the two inland metros ÷ national. No article discount is applied on top.
* **International** (``international_factors: survey``). Per country (ISO code of residence), the median over the
  survey's rows in ``survey_year − 1`` … ``survey_year`` of *salary ÷ the US median of the same role, level and
  year* (so a country's level mix does not pass for a pay gap), with ``n`` and a distribution-free 90 % interval
  of the median (order statistics, normal approximation to the binomial). A country with fewer than
  ``min_group_size`` rows takes its UN M49 region's pool (``data/country_regions.csv``), else the global
  non-US pool, and says so. The US median cells need ``min_group_size`` rows. With article bands the factor is
  applied to the coastal band times the BLS national ÷ coastal ratio (the article's table is coastal, the
  survey's factor is against the US nation); ``international_factors: tier`` keeps the ``location_tiers``
  discount instead.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation.inputs import load_survey
from talentlib.compensation.schema import COASTAL, INTERNATIONAL, CompensationParams
from talentlib.config import DATA_DIR
from talentlib.report import fmt_pct

US = "US"
POOLED_COUNTRY = "pooled"
Z90 = 1.6448536269514722
COASTAL_ROWS = ("21", "22")
INLAND_ROWS = ("23", "24")
NATIONAL_ROW = "4"


@cache
def country_regions() -> dict[str, str]:
    """ISO country → UN M49 region (``data/country_regions.csv``)."""
    table = pd.read_csv(DATA_DIR / "country_regions.csv", keep_default_na=False)
    return dict(zip(table["country"], table["region"], strict=True))


def bls_tier_factors() -> dict[str, tuple[float, float, float]]:
    """BLS metro ÷ national data-scientist median: ``{tier: (central, low, high)}`` for coastal and non_coastal."""
    pub = reference.public_figures().set_index("row_id")["value"].astype(float)
    national = pub[NATIONAL_ROW]
    out = {}
    for tier, rows in ((COASTAL, COASTAL_ROWS), ("non_coastal", INLAND_ROWS)):
        values = pub[list(rows)].to_numpy() / national
        out[tier] = (float(values.mean()), float(values.min()), float(values.max()))
    return out


def _median_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Median and a distribution-free 90 % interval (order statistics ``n/2 ∓ z·√n/2``)."""
    x = np.sort(values)
    n = len(x)
    half = Z90 * np.sqrt(n) / 2
    lo = int(np.clip(np.floor(n / 2 - half), 0, n - 1))
    hi = int(np.clip(np.ceil(n / 2 + half) - 1, 0, n - 1))
    return float(np.median(x)), float(x[lo]), float(x[hi])


@cache
def _relative_pay(year: int, min_group_size: int) -> pd.DataFrame:
    """Non-US survey rows of ``year − 1``…``year`` with ``relative`` = salary ÷ US median of role, level, year."""
    survey = load_survey()
    part = survey[survey["year"].isin([year - 1, year])]
    keys = ["role", "level", "year"]
    us = part[part["country"] == US].groupby(keys)["salary_in_usd"].agg(["size", "median"])
    us = us[us["size"] >= min_group_size]["median"].rename("us_median").reset_index()
    rows = part[part["country"] != US].merge(us, on=keys, how="inner")
    rows["relative"] = rows["salary_in_usd"] / rows["us_median"]
    rows["region"] = rows["country"].map(country_regions()).fillna("")
    return rows[["country", "region", "relative"]].reset_index(drop=True)


def relative_pay(params: CompensationParams) -> pd.DataFrame:
    """The survey rows behind the country factors: ``country, region, relative`` (a copy)."""
    return _relative_pay(params.survey_year, params.min_group_size).copy()


def country_factor(params: CompensationParams, country: str) -> dict[str, object]:
    """One country's survey pay factor against the US: its own rows, else its region's, else the global pool.

    Returns:
        ``country, factor, factor_low, factor_high, n, pool, factor_source``.
    """
    rows = relative_pay(params)
    region = country_regions().get(country, "")
    period = f"{params.survey_year - 1}–{params.survey_year}"
    candidates = [
        (f"country {country}", rows["country"] == country),
        (f"region {region}", rows["region"] == region) if region else None,
        ("all non-US countries", pd.Series(True, index=rows.index)),
    ]
    pools = ((label, rows.loc[mask, "relative"].to_numpy()) for label, mask in filter(None, candidates))
    found = next(((label, v) for label, v in pools if len(v) >= params.min_group_size), None)
    if found is None:
        raise ValueError("the survey holds too few non-US rows for any country factor")
    pool, values = found
    mid, low, high = _median_interval(values)
    fallback = (
        ""
        if pool.startswith("country")
        else (
            f" ({country}: fewer than {params.min_group_size} rows)"
            if country
            else " (employees without a country)"
        )
    )
    return {
        "country": country or POOLED_COUNTRY,
        "factor": mid,
        "factor_low": low,
        "factor_high": high,
        "n": len(values),
        "pool": pool,
        "factor_source": f"survey {period}, {pool}{fallback}, n={len(values)}: median pay ÷ US median of the same role and level",
    }


def country_factors(params: CompensationParams, countries: list[str]) -> pd.DataFrame:
    """:func:`country_factor` for each country (``""`` is the global pool for employees without a country)."""
    return pd.DataFrame([country_factor(params, c) for c in dict.fromkeys(countries)])


def _tier_label(params: CompensationParams, tier: str, low: float, high: float) -> str:
    """Source of a ``location_tiers`` discount: the article's range or the scenario's own."""
    article = reference.figure("article.non_coastal_discount")
    what = "the article's" if (low, high) == (article.low, article.high) else "scenario location_tiers"
    return f"{what} {tier.replace('_', ' ')} discount {fmt_pct(low)}–{fmt_pct(high)}"


def _us_rows(params: CompensationParams) -> list[dict[str, object]]:
    """Factor rows of the US tiers (every tier but international, which gets country rows)."""
    bls = bls_tier_factors()
    citation = reference.figure(f"public.{COASTAL_ROWS[0]}").citation
    rows = []
    for tier, (d_low, d_high) in params.location_tiers.items():
        if tier == INTERNATIONAL and params.international_factors == "survey":
            continue
        if params.band_source == "survey" and tier in bls:
            mid, low, high = bls[tier]
            source = f"BLS OEWS metro ÷ national data-scientist median ({citation}; base wages)"
        else:
            base = bls[COASTAL] if params.band_source == "survey" else (1.0, 1.0, 1.0)
            mid = base[0] * (1 - (d_low + d_high) / 2)
            low, high = base[1] * (1 - d_high), base[2] * (1 - d_low)
            source = (
                "reference: the article's bands are coastal"
                if params.band_source == "article" and tier == COASTAL and d_high == 0
                else _tier_label(params, tier, d_low, d_high)
            )
            if params.band_source == "survey":
                source = f"BLS coastal ÷ national × {source}"
        country = POOLED_COUNTRY if tier == INTERNATIONAL else US
        rows.append(
            {
                "location_tier": tier,
                "country": country,
                "factor": mid,
                "factor_low": low,
                "factor_high": high,
                "n": np.nan,
                "factor_source": source,
            }
        )
    return rows


def geo_factors(params: CompensationParams, countries: list[str] | None = None) -> pd.DataFrame:
    """Multiplier of the base band for every tier and country benchmarked.

    Args:
        params: Band source, tiers and ``international_factors``.
        countries: Countries of the international employees and the offer (``""`` = no country: global pool).

    Returns:
        ``location_tier, country, factor, factor_low, factor_high, n, factor_source`` (``country`` is ``US``
        for US tiers, an ISO code or :data:`POOLED_COUNTRY` for international rows).
    """
    rows = _us_rows(params)
    if INTERNATIONAL in params.location_tiers and params.international_factors == "survey":
        wanted = [*(countries or []), ""]
        table = country_factors(params, wanted)
        scale = (1.0, 1.0, 1.0)
        label = ""
        if params.band_source == "article":
            mid, low, high = bls_tier_factors()[COASTAL]
            scale = (1 / mid, 1 / high, 1 / low)
            label = " × BLS national ÷ coastal; a base-pay ratio applied to total comp (our assumption)"
        for _, row in table.iterrows():
            rows.append(
                {
                    "location_tier": INTERNATIONAL,
                    "country": row["country"],
                    "factor": row["factor"] * scale[0],
                    "factor_low": row["factor_low"] * scale[1],
                    "factor_high": row["factor_high"] * scale[2],
                    "n": row["n"],
                    "factor_source": row["factor_source"] + label,
                }
            )
    return pd.DataFrame(rows)
