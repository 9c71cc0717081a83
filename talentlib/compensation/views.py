"""Report tables of the compensation analysis: analyst files, pooled report views and display formats."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentlib.compensation.bands import bands_for_year
from talentlib.compensation.model import flight_risk
from talentlib.compensation.schema import COASTAL, LEVELS, CompensationParams, article_roles
from talentlib.compensation.survey import PERCENTILES
from talentlib.labels import in_sentence
from talentlib.report import fmt_money, fmt_num, fmt_pct

OTHER = "other (small groups)"

EMPLOYEE_COLUMNS = [
    "employee_id",
    "role",
    "level",
    "location_tier",
    "band_min",
    "band_mid",
    "band_max",
    "compa_ratio",
    "range_penetration",
    "below_min",
    "above_max",
    "business_unit",
]


def employee_table(comp: pd.DataFrame) -> pd.DataFrame:
    """The analyst file ``tables/employees.csv`` (individual rows: never shown in a report)."""
    return comp[EMPLOYEE_COLUMNS]


def _pool_until_safe(part: pd.DataFrame, min_group_size: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split one dimension of :func:`cost_to_market` into published groups and groups pooled together.

    Groups below ``min_group_size`` are pooled (primary suppression). While the pool itself is below the threshold,
    the smallest published group joins it (secondary suppression): otherwise the dimension's total minus the
    published groups would give the pool's numbers back exactly.
    """
    shown = part[~part["suppressed"]].sort_values("n", kind="stable")
    hidden = part[part["suppressed"]]
    if part["dimension"].iloc[0] != "total":
        while not hidden.empty and hidden["n"].sum() < min_group_size and not shown.empty:
            hidden = pd.concat([hidden, shown.iloc[:1]])
            shown = shown.iloc[1:]
    return part.loc[part.index.isin(shown.index)], hidden


def cost_display(cost: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Report view of :func:`cost_to_market`: small groups pooled per dimension into one row.

    Pooling follows :func:`_pool_until_safe`; a pool still below ``min_group_size`` (a whole dimension that
    small) is blanked.
    """
    rows = []
    for dimension, part in cost.groupby("dimension", sort=False):
        published, hidden = _pool_until_safe(part, min_group_size)
        rows.append(published.drop(columns="suppressed"))
        if hidden.empty:
            continue
        n = int(hidden["n"].sum())
        pooled: dict[str, Any] = {"dimension": dimension, "group": f"{OTHER}: {len(hidden)} groups", "n": n}
        if n >= min_group_size:
            pooled |= {
                "n_below_min": int(hidden["n_below_min"].sum()),
                "share_below_min": hidden["n_below_min"].sum() / n,
                "cost_to_min": hidden["cost_to_min"].sum(),
                "cost_to_mid": hidden["cost_to_mid"].sum(),
            }
        else:
            pooled["n"] = np.nan
        rows.append(pd.DataFrame([pooled]))
    return pd.concat(rows, ignore_index=True)


def cost_export(cost: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """The analyst CSV of :func:`cost_to_market`: as :func:`cost_display`, with ``suppressed`` marking blank rows.

    No row marked suppressed carries a value, and no published total minus published groups reveals a small
    group (one person's pay would otherwise be recoverable from ``cost_to_min``).
    """
    table = cost_display(cost, min_group_size)
    table["suppressed"] = table["n"].isna()
    table["n_below_min"] = table["n_below_min"].astype("Int64")
    table["n"] = table["n"].astype("Int64")
    return table[list(cost.columns)]


def individual_exports(params: CompensationParams, comp: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The analyst tables that hold one row per person, built and returned only when ``params.export_individual`` asks.

    Args:
        params: The run's parameters (``export_individual``, ``flight_risk_compa_ratio``).
        comp: :func:`talentlib.compensation.model.compa_table` rows with a band.

    Returns:
        ``{table name: frame}``, empty unless asked: :func:`employee_table` (compa-ratio and band per person:
        pay = compa_ratio × band_mid) and :func:`talentlib.compensation.model.flight_risk` (who is below the
        screen) are personal data; reports show only aggregates.
    """
    if not params.export_individual:
        return {}
    return {
        "employees": employee_table(comp),
        "flight_risk": flight_risk(comp, params.flight_risk_compa_ratio),
    }


def offer_formats(table: pd.DataFrame) -> dict[str, Any]:
    """Display formats of :func:`offer_win_table` (percentages)."""
    return {c: fmt_pct for c in table.columns if c.startswith("accept_at_")}


def offer_acceptance_caption(params: CompensationParams) -> str:
    """Caption of the acceptance grid, with the process length and hazard it is computed at."""
    weeks = sum(params.process_weeks) / 2
    hazard = sum(params.offer_loss_hazard) / 2
    return (
        "Chance the candidate accepts, by competing offers (rows) and offer percentile (columns), through a "
        f"{weeks:g}-week process losing {hazard:.1%} of candidates a week per competing offer; an illustrative model "
        "(labelled assumptions), the same one strategy ROI's hiring uses."
    )


def offer_caption(offer: dict[str, Any]) -> str:
    """Caption of the offer table, saying whether low/high carry a range at all."""
    measure = in_sentence(offer.get("pay_measure", ""))
    spread = (
        "low/high carry the drift, geography and measure-conversion ranges"
        if fmt_money(offer["offer_low"]) != fmt_money(offer["offer_high"])
        else "low = high: every range behind this band is a single value"
    )
    return f"Offer (USD/yr, {measure}) at P{offer['percentile']:g}, from {offer.get('percentile_basis', 'the band')}; {spread}."


def offer_frame(offer: dict[str, Any]) -> pd.DataFrame:
    """One-row table of an :func:`offer_quote` for display."""
    return pd.DataFrame([offer])


def band_display(bands: pd.DataFrame, year: int) -> pd.DataFrame:
    """Report view of one year of bands: one row per role and level, a column per tier (``low–high``)."""
    part = bands_for_year(bands, year)
    part = part.assign(
        location_tier=np.where(
            part["country"].eq("US"),
            part["location_tier"],
            part["location_tier"] + " (" + part["country"] + ")",
        )
    )
    text = part.assign(
        band=[
            "suppressed (no band)" if np.isnan(lo) else f"{fmt_money(lo)}–{fmt_money(hi)}{'+' if oe else ''}"
            for lo, hi, oe in zip(part["low"], part["high"], part["open_ended"], strict=True)
        ]
    )
    wide = text.pivot(index=["role", "level"], columns="location_tier", values="band").reset_index()
    reference_tier = COASTAL if COASTAL in set(part["location_tier"]) else part["location_tier"].iloc[0]
    mids = part[part["location_tier"] == reference_tier][
        ["role", "level", "pay_measure", "mid", "mid_low", "mid_high", "source"]
    ]
    mids = mids.rename(columns={c: f"{reference_tier}_{c}" for c in ("mid", "mid_low", "mid_high")})
    wide = wide.merge(mids, on=["role", "level"])
    order = {r: i for i, r in enumerate(article_roles())}
    level_order = {lv: i for i, lv in enumerate(LEVELS)}
    return wide.sort_values(
        ["role", "level"], key=lambda s: s.map(order) if s.name == "role" else s.map(level_order)
    ).reset_index(drop=True)


TABLE_FORMATS: dict[str, Any] = {
    **{
        c: fmt_money
        for c in ("low", "mid", "high", "mid_low", "mid_high", "band_min", "band_mid", "band_max")
    },
    **{f"p{p}": fmt_money for p in PERCENTILES},
    **{c: fmt_money for c in ("value", "cost_to_min", "cost_to_mid", "offer_low", "offer", "offer_high")},
    **{
        c: fmt_pct
        for c in (
            "share_below_min",
            "share_above_max",
            "share_below_min_now",
            "share_below_min_target",
            "share_at_risk",
            "discount_vs_coastal",
            "share_below_min_low_drift",
            "share_below_min_high_drift",
            "share_below_min_survey_drift",
            "share_below_min_article_drift",
            "share_below_min_scenario_drift",
        )
    },
    **{
        c: (lambda v: fmt_pct(v, 1)) for c in ("change_vs_previous_year", "annual_rate", "growth_over_period")
    },
    **{f"{COASTAL}_{c}": fmt_money for c in ("mid", "mid_low", "mid_high")},
    "median_compa_ratio": lambda v: f"{v:.2f}",
    **{c: fmt_money for c in ("median_new", "median_incumbent", "cost_to_close")},
    **{
        c: (lambda v: f"{v:.2f}")
        for c in ("ratio", "geo_factor", "geo_factor_low", "geo_factor_high", "factor")
    },
    **{
        c: (lambda v: fmt_pct(v, 1))
        for c in ("rate", "rate_low", "rate_high", "annual_rate_low", "annual_rate_high")
    },
    "share_incumbents_below": fmt_pct,
    **{c: fmt_num for c in ("n_new", "n_incumbent", "levels")},
    "n": fmt_num,
    "n_below_min": fmt_num,
    "n_at_risk": fmt_num,
}


def band_caption(bands: pd.DataFrame, params: CompensationParams) -> str:
    """Caption of :func:`band_display`, saying whether the reference midpoint carries a range at all."""
    part = bands_for_year(bands, params.target_year)
    reference_tier = COASTAL if COASTAL in set(part["location_tier"]) else part["location_tier"].iloc[0]
    part = part[part["location_tier"] == reference_tier]
    spread = (part["mid_high"] - part["mid_low"]).abs().max() if len(part) else 0
    ranged = (
        "the reference-tier midpoint with its range across the drift, geography and measure assumptions"
        if spread > 0.5
        else "the reference-tier midpoint (no range: every assumption behind it is a single value in this year)"
    )
    return (
        f"Bands for {params.target_year} by tier and country (USD/yr, {in_sentence(params.pay_measure)}); "
        f"{ranged}. 'suppressed (no band)': survey cell under {params.min_group_size} respondents."
    )


def geo_view(geo: pd.DataFrame) -> pd.DataFrame:
    """Report view of the tier and country factors: factor, its interval, n and what it rests on."""
    return geo.rename(
        columns={"factor": "geo_factor", "factor_low": "geo_factor_low", "factor_high": "geo_factor_high"}
    )


def compression_view(table: pd.DataFrame) -> pd.DataFrame:
    """Report view of the compression table: published cells, then one line counting the suppressed ones."""
    shown = table[~table["suppressed"]].drop(columns="suppressed")
    hidden = int(table["suppressed"].sum())
    if hidden:
        shown = pd.concat(
            [shown, pd.DataFrame([{"role": f"{OTHER}: {hidden} role-level cells suppressed", "level": ""}])],
            ignore_index=True,
        )
    return shown


def excluded_view(excluded: pd.DataFrame) -> pd.DataFrame:
    """Titles an HR export's mapping left out, with row counts (no pay)."""
    return excluded.rename(columns={"rows": "n"})


def survey_bands_table(survey_bands: pd.DataFrame) -> pd.DataFrame:
    """The contract columns of ``tables/survey_bands.csv``: ``role, level, country, year, n, p10 … p90``."""
    return survey_bands[["role", "level", "country", "year", "n", "p10", "p25", "p50", "p75", "p90"]]


def survey_view(survey_bands: pd.DataFrame, params: CompensationParams) -> pd.DataFrame:
    """Survey percentiles for the scenario's ``survey_country`` and ``survey_year`` (suppressed cells stay empty)."""
    chosen = (survey_bands["country"] == params.survey_country) & (survey_bands["year"] == params.survey_year)
    return survey_bands.loc[chosen].drop(columns="suppressed")


def offer_export(offer_wins: pd.DataFrame, offer: dict[str, Any]) -> pd.DataFrame:
    """``tables/offer.csv``: the acceptance grid with the offer range attached."""
    return offer_wins.assign(
        offer=offer["offer"], offer_low=offer["offer_low"], offer_high=offer["offer_high"]
    )
