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
    """``new`` / ``incumbent`` / ``unknown`` per employee and the new-hire window (ISO dates, start exclusive).

    Dates are parsed once per distinct text (a million rows hold a few thousand dates).
    """
    codes, texts = pd.factorize(employees["hire_date"].fillna(""), use_na_sentinel=False)
    distinct = pd.to_datetime(pd.Series(texts, dtype=object), format="%Y-%m-%d", errors="coerce")
    dates = pd.Series(distinct.to_numpy()[codes], index=employees.index)
    if dates.notna().sum() == 0:
        return pd.Series("unknown", index=employees.index), "", ""
    end = dates.max()
    start = end - pd.DateOffset(months=months)
    cohort = np.where(dates.isna(), "unknown", np.where(dates > start, "new", "incumbent"))
    return pd.Series(cohort, index=employees.index), start.date().isoformat(), end.date().isoformat()


def location_adjusted_pay(employees: pd.DataFrame, pay_measure: str, geo: pd.DataFrame | None) -> np.ndarray:
    """Pay ÷ the employee's tier or country factor (:func:`talentlib.compensation.geography.geo_factors`).

    Without ``geo`` the pay as given; an employee whose place has no factor gets NaN (left out). Factors are
    looked up once per distinct (tier, country) place.
    """
    pay = employees[pay_measure].to_numpy(dtype=float)
    if geo is None:
        return pay
    tier_codes, tiers = pd.factorize(employees["location_tier"].to_numpy(dtype=object))
    country_codes, countries = pd.factorize(band_country(employees, geo))
    places = pd.MultiIndex.from_product([tiers, countries])
    factors = geo.set_index(["location_tier", "country"])["factor"].reindex(places).to_numpy(dtype=float)
    codes = np.where(
        (tier_codes >= 0) & (country_codes >= 0), tier_codes * len(countries) + country_codes, len(factors)
    )
    return pay / np.append(factors, np.nan)[codes]


def _cell_codes(employees: pd.DataFrame) -> tuple[np.ndarray, pd.MultiIndex]:
    """Each employee's position in the role × level grid (``-1`` outside it), and the grid."""
    grid = pd.MultiIndex.from_product([article_roles(), LEVELS], names=["role", "level"])
    role = pd.Index(article_roles()).get_indexer(employees["role"].to_numpy(dtype=object))
    level = pd.Index(LEVELS).get_indexer(employees["level"].to_numpy(dtype=object))
    return np.where((role >= 0) & (level >= 0), role * len(LEVELS) + level, -1), grid


def compression(
    employees: pd.DataFrame, params: CompensationParams, geo: pd.DataFrame | None = None
) -> Compression:
    """Pay compression table and pooled ratio (see the module docstring).

    Cells are integer positions in the role × level grid (one lookup per employee, no string grouping); the
    medians, means and sums per cell are pandas' group reductions over each cell's rows in file order.

    Args:
        employees: Output of :func:`talentlib.compensation.inputs.read_employees`.
        params: ``pay_measure``, ``new_hire_months`` and ``min_group_size``.
        geo: Geography factors; given, pay is compared at the reference location (USD/yr there).
    """
    k = params.min_group_size
    cohort, start, end = cohorts(employees, params.new_hire_months)
    cell, grid = _cell_codes(employees)
    pay = location_adjusted_pay(employees, params.pay_measure, geo)
    factor = employees[params.pay_measure].to_numpy(dtype=float) / pay
    kept = np.isfinite(pay) & (cell >= 0)
    labels = cohort.to_numpy()
    new = pd.DataFrame({"cell": cell, "pay": pay})[kept & (labels == "new")]
    old = pd.DataFrame({"cell": cell, "pay": pay, "factor": factor})[kept & (labels == "incumbent")]
    cells = pd.RangeIndex(len(grid), name="cell")
    table = pd.DataFrame(
        {
            "n_new": new.groupby("cell").size(),
            "n_incumbent": old.groupby("cell").size(),
            "median_new": new.groupby("cell")["pay"].median(),
            "median_incumbent": old.groupby("cell")["pay"].median(),
        }
    ).reindex(cells)
    table[["n_new", "n_incumbent"]] = table[["n_new", "n_incumbent"]].fillna(0)
    median_new = table["median_new"].to_numpy()[old["cell"].to_numpy()]
    old_pay = old["pay"].to_numpy()
    gaps = pd.DataFrame(
        {
            "cell": old["cell"].to_numpy(),
            "below": old_pay < median_new,
            "gap": np.clip(median_new - old_pay, 0, None) * old["factor"].to_numpy(),  # actual USD
        }
    )
    below = gaps.groupby("cell").agg(share_incumbents_below=("below", "mean"), cost_to_close=("gap", "sum"))
    table = table.join(below)
    table.index = grid
    table = table[(table["n_new"] + table["n_incumbent"]) > 0].reset_index()
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
    cells = old.groupby("cell")["pay"].agg(["size", "median"])
    cells = cells[cells["size"] >= k]["median"]
    rel = new[new["cell"].isin(cells.index)]
    if len(rel) < k:
        return None
    return float((rel["pay"] / cells.reindex(rel["cell"]).to_numpy()).median())


def compression_export(result: Compression) -> pd.DataFrame:
    """``tables/compression.csv``: the contract columns (suppressed cells empty, with ``suppressed``)."""
    return result.table[[c for c in COLUMNS if c != "cost_to_close"]]
