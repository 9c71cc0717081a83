"""Survey bands: percentiles of the aijobs.net salary survey by role, level, country and year.

The survey (read by :func:`talentlib.compensation.inputs.load_survey`) reports salaries (mostly base), the
article total compensation: compare shapes, not levels. Percentiles use numpy's default (linear) interpolation;
cells with ``n < min_group_size`` are suppressed. With ``band_source="survey"`` the bands are the survey's
P10/P50/P90 for ``survey_country`` and ``survey_year`` — national bands in base salary; suppressed cells stay
suppressed (no band) and say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib.compensation.bands import PERCENTILE_COLUMNS, article_base_bands
from talentlib.compensation.inputs import load_survey
from talentlib.compensation.schema import CompensationParams

PERCENTILES = (10, 25, 50, 75, 90)


def survey_base_bands(survey_bands_table: pd.DataFrame, params: CompensationParams) -> pd.DataFrame:
    """National bands from the survey's P10/P50/P90 for ``survey_country`` and ``survey_year`` (base salary).

    A cell with ``n < min_group_size`` (or no respondents) stays suppressed: its band is empty and ``source``
    says so; it never falls back to the article's total-compensation band.
    """
    article = article_base_bands()[["role", "level"]]
    cells = survey_bands_table[
        (survey_bands_table["country"] == params.survey_country)
        & (survey_bands_table["year"] == params.survey_year)
    ]
    merged = article.merge(
        cells[["role", "level", "n", *PERCENTILE_COLUMNS]], on=["role", "level"], how="left"
    )
    use = merged["p50"].notna()
    label = f"survey {params.survey_country} {params.survey_year} P10/P50/P90 (national, base salary)"
    n = merged["n"].fillna(0).astype(int)
    empty = [
        f"survey {params.survey_country} {params.survey_year}: suppressed (n={k} < {params.min_group_size}); no band"
        for k in n
    ]
    frame = pd.DataFrame(
        {
            "role": merged["role"],
            "level": merged["level"],
            "low": merged["p10"],
            "mid": merged["p50"],
            "high": merged["p90"],
            "open_ended": False,
            "base_year": params.survey_year,
            "source": np.where(use, label, empty),
            "pay_measure": "base_salary",
            "n": n.astype(float),
        }
    )
    for column in PERCENTILE_COLUMNS:
        frame[column] = merged[column]
    return frame


def base_bands(params: CompensationParams, survey_bands_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The unaged bands of the chosen ``band_source`` (article: coastal total comp; survey: national base)."""
    if params.band_source == "survey":
        if survey_bands_table is None:
            survey_bands_table = survey_bands(load_survey(), params.min_group_size)
        return survey_base_bands(survey_bands_table, params)
    return article_base_bands()


def survey_bands(survey: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """P10/P25/P50/P75/P90 of ``salary_in_usd`` with ``n`` by role, level, country and year.

    Percentiles are numpy's linear interpolation (pandas ``quantile``); cells with ``n < min_group_size`` keep
    their ``n`` but have every percentile suppressed (empty).

    Returns:
        Columns ``role, level, country, year, n, p10, p25, p50, p75, p90, suppressed``.
    """
    keys = ["role", "level", "country", "year"]
    grouped = survey.groupby(keys, sort=True, observed=True)["salary_in_usd"]
    n = grouped.size().rename("n")
    quantiles = grouped.quantile([p / 100 for p in PERCENTILES]).unstack()
    quantiles.columns = [f"p{p}" for p in PERCENTILES]
    table = pd.concat([n, quantiles], axis=1).reset_index()
    small = table["n"] < min_group_size
    table.loc[small, [f"p{p}" for p in PERCENTILES]] = np.nan
    table["suppressed"] = small
    return table


def pay_growth_evidence(survey: pd.DataFrame, params: CompensationParams) -> pd.DataFrame:
    """Survey median salary by role and year (``survey_country``, years up to ``survey_year``) and its change.

    Returns:
        Columns ``role, year, n, p50, change_vs_previous_year`` (suppressed below ``min_group_size``).
    """
    part = survey[(survey["country"] == params.survey_country) & (survey["year"] <= params.survey_year)]
    table = (
        part.groupby(["role", "year"], sort=True)["salary_in_usd"].agg(n="size", p50="median").reset_index()
    )
    table.loc[table["n"] < params.min_group_size, "p50"] = np.nan
    previous = table.groupby("role")["p50"].shift(1)
    previous_year = table.groupby("role")["year"].shift(1)
    consecutive = previous_year == table["year"] - 1
    table["change_vs_previous_year"] = (table["p50"] / previous - 1).where(consecutive)
    return table
