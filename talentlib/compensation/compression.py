"""Pay compression: the newest hires against incumbents of the same role and level.

The article's 15–25 % pay rise is a market-entry price: people hired recently are paid it, incumbents are not.
New hires are those with ``hire_date`` within ``new_hire_months`` of the latest ``hire_date`` in the file (the
file's as-of date; stated in the report); incumbents are hired before that; employees without a ``hire_date``
are counted, never guessed. Pay is the scenario's ``pay_measure``; given the geography factors it is first
divided by the employee's tier or country factor (pay at the bands' reference location), so that a new hire in
Berlin is not compared with an incumbent in San Francisco.

Per role × level: ``ratio = median_new ÷ median_incumbent`` (above 1: new hires are paid more),
``share_incumbents_below`` = share of incumbents paid below the new hires' median, ``cost_to_close`` = what
raising them to it costs a year (in actual pay, not at the reference location). A cell is suppressed (values empty, ``suppressed`` True) unless both groups
have at least ``min_group_size`` people, since a median of fewer is close to one person's pay; counts under the
threshold are blanked too. The pooled ratio is the median, over new hires in cells whose incumbents reach the
threshold, of pay ÷ their cell's incumbent median (published only with at least ``min_group_size`` new hires).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from talentlib.compensation.model import band_country
from talentlib.compensation.schema import LEVELS, CompensationParams, article_roles

COLUMNS = [
    "role",
    "level",
    "n_new",
    "n_incumbent",
    "median_new",
    "median_incumbent",
    "ratio",
    "share_incumbents_below",
    "cost_to_close",
    "suppressed",
]


@dataclass(frozen=True)
class Compression:
    """Pay compression of a run: the table, the pooled ratio and the counts behind it."""

    table: pd.DataFrame
    pooled_ratio: float | None
    n_new: int
    n_incumbent: int
    n_unknown_hire_date: int
    window_start: str
    window_end: str


def cohorts(employees: pd.DataFrame, months: int) -> tuple[pd.Series, str, str]:
    """``new`` / ``incumbent`` / ``unknown`` per employee and the new-hire window (ISO dates, start exclusive)."""
    dates = pd.to_datetime(employees["hire_date"].fillna(""), format="%Y-%m-%d", errors="coerce")
    if dates.notna().sum() == 0:
        return pd.Series("unknown", index=employees.index), "", ""
    end = dates.max()
    start = end - pd.DateOffset(months=months)
    cohort = np.where(dates.isna(), "unknown", np.where(dates > start, "new", "incumbent"))
    return pd.Series(cohort, index=employees.index), start.date().isoformat(), end.date().isoformat()


def location_adjusted_pay(employees: pd.DataFrame, pay_measure: str, geo: pd.DataFrame | None) -> np.ndarray:
    """Pay ÷ the employee's tier or country factor (:func:`talentlib.compensation.geography.geo_factors`).

    Without ``geo`` the pay as given; an employee whose place has no factor gets NaN (left out).
    """
    pay = employees[pay_measure].to_numpy(dtype=float)
    if geo is None:
        return pay
    place = pd.MultiIndex.from_arrays([employees["location_tier"].to_numpy(), band_country(employees, geo)])
    factor = geo.set_index(["location_tier", "country"])["factor"].reindex(place).to_numpy(dtype=float)
    return pay / factor


def compression(
    employees: pd.DataFrame, params: CompensationParams, geo: pd.DataFrame | None = None
) -> Compression:
    """Pay compression table and pooled ratio (see the module docstring).

    Args:
        employees: Output of :func:`talentlib.compensation.inputs.read_employees`.
        params: ``pay_measure``, ``new_hire_months`` and ``min_group_size``.
        geo: Geography factors; given, pay is compared at the reference location (USD/yr there).
    """
    k = params.min_group_size
    cohort, start, end = cohorts(employees, params.new_hire_months)
    work = pd.DataFrame(
        {
            "role": employees["role"].to_numpy(),
            "level": employees["level"].to_numpy(),
            "pay": location_adjusted_pay(employees, params.pay_measure, geo),
            "cohort": cohort.to_numpy(),
        }
    )
    work["factor"] = employees[params.pay_measure].to_numpy(dtype=float) / work["pay"].to_numpy()
    work = work[np.isfinite(work["pay"])]
    new = work[work["cohort"] == "new"]
    old = work[work["cohort"] == "incumbent"]
    keys = ["role", "level"]
    grid = pd.MultiIndex.from_product([article_roles(), LEVELS], names=keys)
    table = pd.DataFrame(
        {
            "n_new": new.groupby(keys).size(),
            "n_incumbent": old.groupby(keys).size(),
            "median_new": new.groupby(keys)["pay"].median(),
            "median_incumbent": old.groupby(keys)["pay"].median(),
        }
    ).reindex(grid)
    table[["n_new", "n_incumbent"]] = table[["n_new", "n_incumbent"]].fillna(0)
    table = table[(table["n_new"] + table["n_incumbent"]) > 0].reset_index()
    merged = old.merge(table[[*keys, "median_new"]], on=keys, how="left")
    merged["below"] = merged["pay"] < merged["median_new"]
    merged["gap"] = np.clip(merged["median_new"] - merged["pay"], 0, None) * merged["factor"]  # actual USD
    below = merged.groupby(keys).agg(share_incumbents_below=("below", "mean"), cost_to_close=("gap", "sum"))
    table = table.merge(below.reset_index(), on=keys, how="left")
    table["ratio"] = table["median_new"] / table["median_incumbent"]
    small = (table["n_new"] < k) | (table["n_incumbent"] < k)
    values = ["median_new", "median_incumbent", "ratio", "share_incumbents_below", "cost_to_close"]
    table.loc[small, values] = np.nan
    for column in ("n_new", "n_incumbent"):
        table[column] = table[column].where(table[column] >= k).astype("Int64")
    table["suppressed"] = small
    pooled = _pooled_ratio(new, old, k)
    return Compression(
        table=table[COLUMNS],
        pooled_ratio=pooled,
        n_new=len(new),
        n_incumbent=len(old),
        n_unknown_hire_date=int((cohort == "unknown").sum()),
        window_start=start,
        window_end=end,
    )


def _pooled_ratio(new: pd.DataFrame, old: pd.DataFrame, k: int) -> float | None:
    """Median over new hires of pay ÷ the incumbent median of their cell (cells with ≥ k incumbents)."""
    cells = old.groupby(["role", "level"])["pay"].agg(["size", "median"])
    cells = cells[cells["size"] >= k]["median"].rename("incumbent_median").reset_index()
    rel = new.merge(cells, on=["role", "level"], how="inner")
    if len(rel) < k:
        return None
    return float((rel["pay"] / rel["incumbent_median"]).median())


def compression_export(result: Compression) -> pd.DataFrame:
    """``tables/compression.csv``: the contract columns (suppressed cells empty, with ``suppressed``)."""
    return result.table[[c for c in COLUMNS if c != "cost_to_close"]]
