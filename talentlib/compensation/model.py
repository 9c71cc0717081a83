"""The team against the market: compa-ratio, summaries, cost to market, drift, flight risk, the offer.

Pure functions over DataFrames and typed parameters.

Formulas (WorldatWork): compa-ratio = pay ÷ band midpoint; range penetration = (pay − min) ÷ (max − min).
Nobody is flagged *above maximum* of an open-ended band (penetration may exceed 1 there).

Labelled assumptions (``data/reference_figures.csv``, kind ``assumption``): the merit budget of the forward
view, the flight-risk screen, the offer percentile, an article band's low/high read as market percentiles
(``assumption.compensation_band_percentiles``), and the suite's one acceptance model (:mod:`talentlib.acceptance`,
also used by strategy ROI's hiring): the candidate is still free at the offer, ``exp(−h·k·weeks)`` over
``process_weeks`` with weekly hazard ``offer_loss_hazard`` per competing offer, and then picks ours — with our offer
at market quantile ``q`` against ``k`` competing offers drawn from the same market, pay decides with weight ``w``
(``assumption.compensation_pay_weight``; ours wins if highest, probability ``q^k``) and everything else is a fair draw
(``1/(k+1)``): ``P(accept) = exp(−h·k·weeks) · (w·q^k + (1 − w)/(k + 1))``. Illustrative, not fitted to data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentlib import acceptance, reference
from talentlib.compensation.bands import market_bands
from talentlib.compensation.drift import drift_cases, growth_rates
from talentlib.compensation.geography import POOLED_COUNTRY, US, geo_factors
from talentlib.compensation.schema import INTERNATIONAL, LEVELS, CompensationParams, article_roles
from talentlib.compensation.survey import base_bands

#: The forward view always shows at least this many years past the pay year (display choice).
FORWARD_MIN_YEARS = 3


# ---------------------------------------------------------------------------------------------------------
# Team against the market


def _band_rows(
    employees: pd.DataFrame, band: pd.DataFrame, keys: list[str]
) -> tuple[np.ndarray, dict[str, Any]]:
    """Row of ``band`` for every employee (-1 if none) via integer codes, plus the keys as categoricals.

    Each key column is coded against the band table's labels (a hash lookup per column); the combined code
    indexes a small dense table. The codes double as zero-cost ``Categorical`` keys for later group-bys.
    """
    emp_code = np.zeros(len(employees), dtype=np.int64)
    band_code = np.zeros(len(band), dtype=np.int64)
    valid = np.ones(len(employees), dtype=bool)
    size = 1
    categoricals: dict[str, Any] = {}
    for key in keys:
        labels = pd.Index(pd.unique(band[key].to_numpy()))
        codes = labels.get_indexer(employees[key])
        valid &= codes >= 0
        categoricals[key] = pd.Categorical.from_codes(codes, categories=labels)
        emp_code = emp_code * len(labels) + np.maximum(codes, 0)
        band_code = band_code * len(labels) + labels.get_indexer(band[key])
        size *= len(labels)
    lookup = np.full(size, -1, dtype=np.int64)
    lookup[band_code] = np.arange(len(band))
    return np.where(valid, lookup[emp_code], -1), categoricals


def band_country(employees: pd.DataFrame, bands: pd.DataFrame) -> np.ndarray:
    """The band country of each employee.

    ``US`` for US tiers; for ``international`` the employee's country when the bands carry it (survey country
    factors), else the pooled row.
    """
    listed = set(bands.loc[bands["location_tier"] == INTERNATIONAL, "country"])
    tier_codes, tiers = pd.factorize(employees["location_tier"])
    abroad = np.append(np.asarray(tiers == INTERNATIONAL), False)[tier_codes]  # code -1 (missing) → False
    if "country" not in employees:
        return np.array([US, POOLED_COUNTRY], dtype=object)[abroad.astype(np.int8)]
    codes, countries = pd.factorize(employees["country"].fillna(""))
    place = np.array(
        [c if c in listed else POOLED_COUNTRY for c in countries] + [POOLED_COUNTRY], dtype=object
    )
    out = place[codes]
    out[~abroad] = US
    return out


def compa_table(
    employees: pd.DataFrame, bands: pd.DataFrame, pay_measure: str = "total_comp"
) -> pd.DataFrame:
    """Per-employee band position (an integer-coded join, no row loop; fit for a million rows).

    Args:
        employees: Output of :func:`read_employees`.
        bands: One year of :func:`market_bands` (``role, level, location_tier, country, low, mid, high,
            open_ended``); employees are matched on :func:`band_country`.
        pay_measure: Employee column compared with the band.

    Returns:
        ``employee_id, role, level, location_tier, country, business_unit, pay, band_min, band_mid,
        band_max, open_ended, compa_ratio, range_penetration, below_min, above_max, above_open_top,
        has_band``; the label columns are categoricals. ``above_max`` is never set for an open-ended band
        (``above_open_top`` counts pay above its written top instead); penetration is NaN when
        ``band_max == band_min``; band columns are NaN for an employee without a band (a suppressed survey
        cell), and ``has_band`` is False.
    """
    keys = ["role", "level", "location_tier", "country"]
    if bands.duplicated(keys).any():
        raise ValueError("bands must hold one row per role, level, tier and country (pass one year)")
    by_tier = bands.groupby("location_tier", sort=False)["country"].agg(["nunique", "first"])
    if (by_tier["nunique"] == 1).all():  # one country per tier: the tier decides (the fast path)
        rows, categoricals = _band_rows(employees, bands, keys[:3])
        tier_codes = categoricals["location_tier"].codes
        country = np.append(
            by_tier["first"].reindex(categoricals["location_tier"].categories).to_numpy(dtype=object), ""
        )
        categoricals["country"] = country[tier_codes]
    else:
        rows, categoricals = _band_rows(employees.assign(country=band_country(employees, bands)), bands, keys)
    found = rows >= 0

    def pick(column: str, fill: Any) -> np.ndarray:
        values = bands[column].to_numpy()[np.maximum(rows, 0)]
        return np.where(found, values, fill)

    low, mid, high = (pick(c, np.nan).astype(float) for c in ("low", "mid", "high"))
    open_ended = pick("open_ended", False).astype(bool)
    pay = employees[pay_measure].to_numpy(dtype=float)
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        penetration = np.where(width > 0, (pay - low) / width, np.nan)
        compa = pay / mid
    unit_codes, unit_labels = pd.factorize(employees["business_unit"], sort=True)
    return pd.DataFrame(
        {
            "employee_id": employees["employee_id"].to_numpy(),
            **categoricals,
            "business_unit": pd.Categorical.from_codes(unit_codes, categories=unit_labels),
            "pay": pay,
            "band_min": low,
            "band_mid": mid,
            "band_max": high,
            "open_ended": open_ended,
            "compa_ratio": compa,
            "range_penetration": penetration,
            "below_min": pay < low,
            "above_max": (pay > high) & ~open_ended,
            "above_open_top": (pay > high) & open_ended,
            "has_band": ~np.isnan(mid),
        }
    )


def group_summary(comp: pd.DataFrame, by: list[str], min_group_size: int) -> pd.DataFrame:
    """Headcount, median compa-ratio, share below/above band by group; small groups suppressed.

    Returns:
        ``*by, n, median_compa_ratio, share_below_min, share_above_max, suppressed`` (values of suppressed
        groups are empty; ``n`` is kept only when at least ``min_group_size``).
    """
    table = (
        comp.groupby(by, sort=True, observed=True)
        .agg(
            n=("compa_ratio", "size"),
            median_compa_ratio=("compa_ratio", "median"),
            share_below_min=("below_min", "mean"),
            share_above_max=("above_max", "mean"),
        )
        .reset_index()
    )
    small = table["n"] < min_group_size
    table.loc[small, ["median_compa_ratio", "share_below_min", "share_above_max"]] = np.nan
    table["n"] = table["n"].astype(float).where(~small)
    table["suppressed"] = small
    return table


def cost_to_market(comp: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Cost of raising everyone below band minimum to the minimum and to the midpoint (USD/yr).

    ``cost_to_mid`` raises everyone below the midpoint to it. Grouped by ``role``, ``level`` and
    ``business_unit`` (long format) with a ``total`` row; ``suppressed`` marks groups below ``min_group_size``
    (their numbers are kept in this analyst CSV, hidden in the report).

    Returns:
        ``dimension, group, n, n_below_min, share_below_min, cost_to_min, cost_to_mid, suppressed``.
    """
    work = pd.DataFrame(
        {
            "role": comp["role"],
            "level": comp["level"],
            "business_unit": comp["business_unit"],
            "below": comp["below_min"],
            "to_min": np.clip(comp["band_min"] - comp["pay"], 0, None),
            "to_mid": np.clip(comp["band_mid"] - comp["pay"], 0, None),
        }
    )
    work["total"] = pd.Categorical.from_codes(
        np.zeros(len(work), dtype=np.int64), categories=["all employees"]
    )
    parts = []
    for dimension in ("total", "role", "level", "business_unit"):
        part = (
            work.groupby(dimension, sort=True, observed=True)
            .agg(
                n=("below", "size"),
                n_below_min=("below", "sum"),
                share_below_min=("below", "mean"),
                cost_to_min=("to_min", "sum"),
                cost_to_mid=("to_mid", "sum"),
            )
            .reset_index()
            .rename(columns={dimension: "group"})
        )
        part.insert(0, "dimension", dimension)
        parts.append(part)
    for part in parts:
        part["group"] = part["group"].astype(str)
    table = pd.concat(parts, ignore_index=True)
    table["n_below_min"] = table["n_below_min"].astype(int)
    table["suppressed"] = table["n"] < min_group_size
    return table


def heatmap_table(comp: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Role × level median compa-ratio (rows roles, columns levels); cells below ``min_group_size`` are NaN."""
    summary = group_summary(comp, ["role", "level"], min_group_size)
    wide = summary.pivot(index="role", columns="level", values="median_compa_ratio")
    return wide.reindex(index=[r for r in article_roles() if r in wide.index], columns=list(LEVELS))


def forward_view(
    comp: pd.DataFrame,
    params: CompensationParams,
    merit_budget: float | None = None,
    target_year: int | None = None,
) -> pd.DataFrame:
    """Share of employees below band minimum by year: pay grows by the merit budget, bands by market drift.

    Everyone below minimum in year ``y`` satisfies ``pay·(1+m)^t < min·(1+a)^t`` with ``t = y − pay_year``,
    i.e. ``pay/min < ((1+a)/(1+m))^t`` — one vectorised comparison per year and growth case.

    Employees without a band (a suppressed survey cell) are left out of the shares.

    Returns:
        ``year, years_ahead, share_below_min_low_drift, share_below_min, share_below_min_high_drift`` (the
        drift used: interval and central) and ``share_below_min_<case>_drift`` for each case of
        :func:`talentlib.compensation.drift.drift_cases` (survey, article, scenario), for ``pay_year`` …
        ``max(target_year, pay_year + 3)``.
    """
    merit = params.merit_budget if merit_budget is None else merit_budget
    target = params.target_year if target_year is None else target_year
    rates = growth_rates(params)
    ratio = (comp["pay"] / comp["band_min"]).to_numpy(dtype=float)
    last = max(target, params.pay_year + FORWARD_MIN_YEARS)
    years = np.arange(params.pay_year, last + 1)
    t = (years - params.pay_year)[:, None]
    out = {"year": years, "years_ahead": years - params.pay_year}
    ratio = ratio[np.isfinite(ratio)]
    cases = [
        ("share_below_min_low_drift", rates["low"]),
        ("share_below_min", rates["central"]),
        ("share_below_min_high_drift", rates["high"]),
        *((f"share_below_min_{name}_drift", r["central"]) for name, r in drift_cases(params).items()),
    ]
    for label, rate in cases:
        threshold = ((1 + rate) / (1 + merit)) ** t
        out[label] = (ratio[None, :] < threshold).mean(axis=1) if len(ratio) else np.full(len(years), np.nan)
    return pd.DataFrame(out)


def forward_by_role(comp: pd.DataFrame, params: CompensationParams) -> pd.DataFrame:
    """Share below minimum now and at ``target_year`` (central drift) by role; small roles suppressed."""
    rates = growth_rates(params)
    t = params.target_year - params.pay_year
    threshold = ((1 + rates["central"]) / (1 + params.merit_budget)) ** t
    work = comp[comp["has_band"]].assign(below_target=(comp["pay"] / comp["band_min"]) < threshold)
    table = (
        work.groupby("role", sort=True, observed=True)
        .agg(
            n=("pay", "size"),
            share_below_min_now=("below_min", "mean"),
            share_below_min_target=("below_target", "mean"),
        )
        .reset_index()
    )
    small = table["n"] < params.min_group_size
    table.loc[small, ["share_below_min_now", "share_below_min_target"]] = np.nan
    table["n"] = table["n"].astype(float).where(~small)
    return table


def flight_risk(comp: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Analyst rows: employees in the article's AI roles whose compa-ratio is below ``threshold``, lowest first."""
    risk = comp[(comp["compa_ratio"] < threshold) & comp["role"].isin(article_roles())]
    columns = [
        "employee_id",
        "role",
        "level",
        "location_tier",
        "business_unit",
        "compa_ratio",
        "range_penetration",
    ]
    return risk.sort_values(["compa_ratio", "employee_id"])[columns].reset_index(drop=True)


def flight_risk_summary(comp: pd.DataFrame, threshold: float, min_group_size: int) -> pd.DataFrame:
    """Flight risks by role (for the report): ``role, n, n_at_risk, share_at_risk``; small roles suppressed."""
    table = (
        comp.assign(at_risk=comp["compa_ratio"] < threshold)
        .groupby("role", sort=True, observed=True)
        .agg(n=("at_risk", "size"), n_at_risk=("at_risk", "sum"), share_at_risk=("at_risk", "mean"))
        .reset_index()
    )
    small = table["n"] < min_group_size
    table[["n", "n_at_risk"]] = table[["n", "n_at_risk"]].astype(float)
    table.loc[small, ["n", "n_at_risk", "share_at_risk"]] = np.nan
    return table


# ---------------------------------------------------------------------------------------------------------
# Offer calculator


def win_probability(quantile: float | np.ndarray, k: float | np.ndarray, pay_weight: float) -> np.ndarray:
    """Chance a candidate still free at the offer, holding ``k`` others, picks ours: ``w·q^k + (1 − w)/(k + 1)``.

    The choice half of the suite's one acceptance model (:func:`talentlib.acceptance.choice`): with weight ``w``
    the highest pay wins (our offer at market quantile ``q`` beats ``k`` independent market offers with
    probability ``q^k``); otherwise each of the ``k + 1`` offers is equally likely to win.
    """
    return acceptance.choice(quantile, k, pay_weight)


def offer_acceptance(
    params: CompensationParams, quantile: float | np.ndarray, k: float | np.ndarray
) -> np.ndarray:
    """P(accept) of an offer at market ``quantile`` to a candidate holding ``k`` offers: the suite's one model.

    :func:`talentlib.acceptance.probability` (availability × choice) over a process of the midpoint of
    ``process_weeks`` at the midpoint of ``offer_loss_hazard``, with ``assumption.compensation_pay_weight``; strategy
    ROI's hiring applies the same function (a test checks both reports agree).
    """
    weeks = sum(params.process_weeks) / 2
    hazard = sum(params.offer_loss_hazard) / 2
    weight = reference.figure("assumption.compensation_pay_weight").value
    return acceptance.probability(quantile, k, weeks, weight, hazard)


def offer_knots(row: pd.Series) -> tuple[list[float], list[float], str]:
    """Percentiles and pay an offer interpolates between, and how the band's percentiles are read.

    A survey band uses the survey's own P10/P25/P50/P75/P90 (aged and placed like the band); an article band
    reads its low/high as the percentiles of ``assumption.compensation_band_percentiles`` around its midpoint.
    """
    survey = [p for p in (10, 25, 50, 75, 90) if pd.notna(row.get(f"p{p}"))]
    if len(survey) == 5:
        return (
            [float(p) for p in survey],
            [float(row[f"p{p}"]) for p in survey],
            "the survey's own percentiles",
        )
    knots = acceptance.band_knots()
    return (
        knots,
        [row["low"], row["mid"], row["high"]],
        (f"band low/mid/high read as P{knots[0]:g}/P50/P{knots[2]:g} (labelled assumption)"),
    )


def offer_quote(
    params: CompensationParams, bands: pd.DataFrame, percentile: float | None = None, year: int | None = None
) -> dict[str, Any]:
    """Offer range for ``offer_role``/``offer_level``/``offer_tier`` (and ``offer_country``) at a market percentile.

    Interpolates linearly between the knots of :func:`offer_knots`; ``offer_low``/``offer_high`` scale the offer
    by the band midpoint's uncertainty (drift × geography × measure ranges). The offer is in the bands'
    ``pay_measure``.

    Returns:
        ``role, level, tier, country, year, percentile, pay_measure, band_min, band_mid, band_max, offer_low,
        offer, offer_high, open_ended, source, percentile_basis``.

    Raises:
        ValueError: No band for that year, or the band's survey cell is suppressed.
    """
    percentile = params.offer_percentile if percentile is None else percentile
    year = params.target_year if year is None else year
    wanted = params.offer_country if params.offer_tier == INTERNATIONAL else US
    part = bands[
        (bands["role"] == params.offer_role)
        & (bands["level"] == params.offer_level)
        & (bands["location_tier"] == params.offer_tier)
        & (bands["year"] == year)
    ]
    row = part[part["country"] == wanted]
    row = part[part["country"] == POOLED_COUNTRY] if row.empty else row
    if row.empty:
        raise ValueError(f"no band for year {year}; compute market_bands with that year")
    row = row.iloc[0]
    if pd.isna(row["mid"]):
        raise ValueError(f"no offer: {row['source']}")
    knots, values, basis = offer_knots(row)
    offer = float(acceptance.pay_at_percentile(percentile, knots, values))
    return {
        "role": params.offer_role,
        "level": params.offer_level,
        "tier": params.offer_tier,
        "country": row["country"],
        "year": int(year),
        "percentile": float(percentile),
        "pay_measure": row["pay_measure"],
        "band_min": float(row["low"]),
        "band_mid": float(row["mid"]),
        "band_max": float(row["high"]),
        "offer_low": offer * float(row["mid_low"] / row["mid"]),
        "offer": offer,
        "offer_high": offer * float(row["mid_high"] / row["mid"]),
        "open_ended": bool(row["open_ended"]),
        "source": row["source"],
        "percentile_basis": basis,
    }


def offer_win_table(params: CompensationParams, percentiles: tuple[float, ...] | None = None) -> pd.DataFrame:
    """P(accept) by number of competing offers (rows) and offer percentile (columns ``accept_at_p<N>``).

    Over the midpoint process length and hazard (:func:`offer_acceptance`).
    """
    low, high = params.competing_offers
    ks = np.arange(int(np.floor(low)), int(np.ceil(high)) + 1)
    percentiles = percentiles or tuple(sorted({50.0, float(params.offer_percentile), 90.0}))
    table = pd.DataFrame({"competing_offers": ks})
    for p in percentiles:
        table[f"accept_at_p{p:g}"] = offer_acceptance(params, p / 100, ks)
    return table


def what_if_metrics(
    comp: pd.DataFrame, params: CompensationParams, merit_budget: float, target_year: int, percentile: float
) -> dict[str, Any]:
    """Share below minimum at ``target_year`` for a merit budget, and the offer at a percentile (widget engine)."""
    varied = params.model_copy(
        update={"merit_budget": merit_budget, "target_year": target_year, "offer_percentile": percentile}
    )
    forward = forward_view(comp, varied)
    at = forward[forward["year"] == target_year].iloc[0]
    countries = [params.offer_country] if params.offer_tier == INTERNATIONAL else []
    bands = market_bands(varied, base_bands(varied), [target_year], geo_factors(varied, countries))
    offer = offer_quote(varied, bands)
    low_k, high_k = params.competing_offers
    return {
        "forward": forward,
        "share_below_min": float(at["share_below_min"]),
        "offer": offer,
        "accept_low_k": float(offer_acceptance(params, percentile / 100, low_k)),
        "accept_high_k": float(offer_acceptance(params, percentile / 100, high_k)),
    }
