"""Market pay drift: measured in the survey itself (default), or stated (``pay_growth_two_years``, the article's).

**Default method (``pay_drift: survey``).** Year-on-year change of the survey's median salary in
``survey_country`` from ``survey_year − 1`` to ``survey_year``, computed per role *and level* so that a change in
the level mix between years does not pass for drift: each role × level cell with at least ``min_group_size``
respondents in both years gives ``log(median₁ / median₀)``; a role's drift is the mean of its cells weighted by
the cells' respondents in both years, and the pooled drift (the rate bands are aged with) the same mean over
every cell of the five roles; rates are ``exp(·) − 1``. The interval is a seeded bootstrap (rows resampled within
each cell and year, :data:`BOOTSTRAP_DRAWS` draws, seed :data:`BOOTSTRAP_SEED`), its 5th and 95th percentiles.
The survey is self-reported and its volume jumps in 2024: the interval is a sampling interval, not a bound on
composition effects.

**Stress case.** The article's +15–25 % over 2024–2026, annualised as ``(1 + g)^(1/2) − 1`` (≈ 9.5 %/yr at
the midpoint), is always shown beside the drift used, with the share of employees below minimum under each.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation.inputs import load_survey
from talentlib.compensation.schema import CompensationParams, growth_span

BOOTSTRAP_DRAWS = 400
BOOTSTRAP_SEED = 15
INTERVAL = (5.0, 95.0)
GROWTH_FIGURE = "article.pay_growth_2024_2026"
POOLED = "all five roles"


def annual_rate(growth: float | np.ndarray, years: int = 2) -> float | np.ndarray:
    """Compound annual rate of a growth over ``years``: ``(1 + g)^(1/years) − 1``."""
    return (1 + np.asarray(growth, dtype=float)) ** (1 / years) - 1


def stated_rates(two_year: list[float]) -> dict[str, float]:
    """Annual ``low``/``central``/``high`` rates of a growth range stated over the article figure's span."""
    start, end = growth_span()
    low, high = two_year
    return {
        "low": float(annual_rate(low, end - start)),
        "central": float(annual_rate((low + high) / 2, end - start)),
        "high": float(annual_rate(high, end - start)),
    }


def article_rates() -> dict[str, float]:
    """The article's pay growth as annual rates: the stress case shown beside the drift used."""
    fig = reference.figure(GROWTH_FIGURE)
    return stated_rates([fig.low, fig.high])


def _cells(survey: pd.DataFrame, country: str, year: int, min_group_size: int) -> list[tuple]:
    """Role × level cells with at least ``min_group_size`` rows in ``year − 1`` and ``year``: (role, level, x0, x1)."""
    part = survey[(survey["country"] == country) & survey["year"].isin([year - 1, year])]
    out = []
    for (role, level), cell in part.groupby(["role", "level"], sort=True):
        x0 = cell.loc[cell["year"] == year - 1, "salary_in_usd"].to_numpy(dtype=float)
        x1 = cell.loc[cell["year"] == year, "salary_in_usd"].to_numpy(dtype=float)
        if len(x0) >= min_group_size and len(x1) >= min_group_size:
            out.append((role, level, x0, x1))
    return out


def _boot_medians(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Medians of :data:`BOOTSTRAP_DRAWS` resamples of ``x`` (drawn in chunks to bound memory)."""
    out = np.empty(BOOTSTRAP_DRAWS)
    chunk = max(1, 2_000_000 // max(len(x), 1))
    for start in range(0, BOOTSTRAP_DRAWS, chunk):
        stop = min(start + chunk, BOOTSTRAP_DRAWS)
        out[start:stop] = np.median(x[rng.integers(0, len(x), size=(stop - start, len(x)))], axis=1)
    return out


@cache
def _measured(country: str, year: int, min_group_size: int) -> pd.DataFrame:
    """:func:`survey_drift` for one survey country, year and threshold (computed once per process)."""
    survey = load_survey()
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    rows = []
    for role, level, x0, x1 in _cells(survey, country, year, min_group_size):
        point = np.log(np.median(x1) / np.median(x0))
        boot = np.log(_boot_medians(x1, rng) / _boot_medians(x0, rng))
        rows.append({"role": role, "level": level, "n": len(x0) + len(x1), "log": point, "boot": boot})
    cells = pd.DataFrame(rows)
    groups = [(role, part) for role, part in cells.groupby("role", sort=True)] if len(cells) else []
    out = []
    for role, part in [*groups, (POOLED, cells)]:
        if part.empty:
            out.append(
                {"role": role, "n": 0, "levels": 0, "rate": np.nan, "rate_low": np.nan, "rate_high": np.nan}
            )
            continue
        w = part["n"].to_numpy(dtype=float)
        boot = np.average(np.stack(part["boot"].to_list()), axis=0, weights=w)
        low, high = np.percentile(boot, INTERVAL)
        out.append(
            {
                "role": role,
                "n": int(w.sum()),
                "levels": len(part),
                "rate": float(np.expm1(np.average(part["log"], weights=w))),
                "rate_low": float(np.expm1(low)),
                "rate_high": float(np.expm1(high)),
            }
        )
    table = pd.DataFrame(out)
    table.insert(1, "period", f"{year - 1}-{year}")
    table.insert(2, "country", country)
    return table


def survey_drift(params: CompensationParams) -> pd.DataFrame:
    """Year-on-year survey pay drift by role and pooled (the module's default method).

    Returns:
        Columns ``role, period, country, n, levels, rate, rate_low, rate_high``: respondents in both years of the cells
        used, how many levels they span, the drift per year and its bootstrap 90 % interval; the last row
        (``role`` = :data:`POOLED`) is the rate bands are aged with. Roles without a cell big enough are absent.
    """
    return _measured(params.survey_country, params.survey_year, params.min_group_size).copy()


def growth_rates(params: CompensationParams) -> dict[str, float]:
    """Annual market drift ``low``, ``central`` and ``high`` used to age bands (see the module docstring)."""
    if params.pay_drift == "stated":
        return stated_rates(list(params.pay_growth_two_years))
    pooled = survey_drift(params).iloc[-1]
    if pd.isna(pooled["rate"]):
        return stated_rates(list(params.pay_growth_two_years))
    return {
        "low": float(pooled["rate_low"]),
        "central": float(pooled["rate"]),
        "high": float(pooled["rate_high"]),
    }


def drift_source(params: CompensationParams) -> str:
    """``survey`` (measured), ``article`` (stated and equal to the article's range) or ``scenario`` (stated otherwise)."""
    if params.pay_drift == "survey" and not pd.isna(survey_drift(params).iloc[-1]["rate"]):
        return "survey"
    fig = reference.figure(GROWTH_FIGURE)
    return "article" if list(params.pay_growth_two_years) == [fig.low, fig.high] else "scenario"


def case_label(case: str, stress: bool = True) -> str:
    """A drift assumption in words: ``survey``, ``article`` (with the figure's range and span) or ``scenario``.

    ``stress`` marks the article's figure as the stress case (when it is not the drift used).
    """
    if case == "survey":
        return "survey-measured drift (year-on-year medians by role and level)"
    if case == "article":
        fig = reference.figure(GROWTH_FIGURE)
        return f"the article's +{fig.low:.0%}–{fig.high:.0%} over {fig.period}" + (
            " (stress case)" if stress else ""
        )
    return "this scenario's stated pay_growth_two_years"


def drift_cases(params: CompensationParams) -> dict[str, dict[str, float]]:
    """The drift assumptions the report shows side by side: the one used and the other of survey / article.

    Returns:
        ``{name: {"low", "central", "high"}}`` with the used one first; names are ``survey``, ``article``
        and, for a scenario's own stated range, ``scenario``.
    """
    used = drift_source(params)
    cases = {used: growth_rates(params)}
    survey = survey_drift(params).iloc[-1]
    if "survey" not in cases and not pd.isna(survey["rate"]):
        cases["survey"] = {"low": survey["rate_low"], "central": survey["rate"], "high": survey["rate_high"]}
    if "article" not in cases:
        cases["article"] = article_rates()
    return cases
