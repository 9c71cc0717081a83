"""Tables as a reader sees them: labels instead of keys, numbers formatted by unit, no column that says nothing.

:func:`display_table` turns an analysis table into what a report shows. The CSV written by
:meth:`talentlib.report.Artifacts.table` is untouched: it keeps every column and full precision.

* **Labels:** headers and key-valued cells through :mod:`talentlib.labels` (``ai_ml_engineer`` → ``AI/ML engineer``).
* **Units:** a column's unit is given (``units={"npv": "money"}``) or read from its name (``…_usd``, ``cost``,
  ``salary`` → money; ``…_pct``, ``share``, ``rate``, ``growth`` holding fractions → percent); other numbers get
  as many decimals as their size needs (``373750.0000`` → ``373,750``).
* **Constant and repeated columns** are dropped from the HTML and named in the caption
  (``Same in every row: factor = 1``; ``Coastal mid high equals Coastal mid in every row``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentlib.labels import label, value_label

Formatter = Callable[[Any], str]

MONEY_TOKENS = frozenset(
    {"usd", "cost", "costs", "comp", "salary", "npv", "budget", "spend", "price", "bonus", "equity", "pay"}
)
PCT_TOKENS = frozenset({"pct", "share", "rate", "growth", "probability", "prob"})
#: A "percent" column whose values fall outside ±this is not a fraction (already in percent): shown as a number.
FRACTION_LIMIT = 1.5


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_money(value: float) -> str:
    """Money in full USD with separators: ``373750.0`` → ``$373,750``; negative as ``-$1,200``."""
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.0f}"


def fmt_pct(value: float) -> str:
    """A fraction as a percentage with one decimal under 10 %: ``0.153`` → ``15%``, ``0.042`` → ``4.2%``."""
    digits = 1 if abs(value) < 0.1 and value != 0 else 0
    return f"{value * 100:.{digits}f}%"


def number_digits(values: pd.Series) -> int:
    """Decimals a numeric column needs: 0 for whole numbers or magnitudes ≥ 100, 1 from 10, else 2."""
    finite = values[values.map(lambda v: isinstance(v, int | float) and math.isfinite(v))].astype(float)
    if finite.empty or bool((finite == finite.round()).all()):
        return 0
    largest = float(finite.abs().max())
    return 0 if largest >= 100 else 1 if largest >= 10 else 2


def column_unit(name: str, values: pd.Series) -> str:
    """The unit of a column read from its name and values: ``money``, ``pct``, ``num`` or ``text``.

    Args:
        name: Column name (snake_case tokens are matched: ``total_comp`` is money, ``compa_ratio`` is not).
        values: The column.

    Returns:
        The unit; a name that says percent but holds values beyond ±1.5 is ``num`` (already in percent).
    """
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return "text"
    tokens = set(re.split(r"[^a-z0-9]+", str(name).lower()))
    if tokens & MONEY_TOKENS:
        return "money"
    if tokens & PCT_TOKENS:
        finite = values.dropna().astype(float)
        if finite.empty or float(finite.abs().max()) <= FRACTION_LIMIT:
            return "pct"
    return "num"


def column_formatter(name: str, values: pd.Series, unit: str | None = None) -> Formatter | None:
    """The formatter of one column (``None`` leaves text as it is).

    Args:
        name: Column name.
        values: The column.
        unit: Declared unit (``money``, ``pct``, ``num``, ``ratio``, ``text``); read from the name if omitted.
    """
    unit = unit or column_unit(name, values)
    if unit == "money":
        return fmt_money
    if unit == "pct":
        return fmt_pct
    if unit == "ratio":
        return lambda v: f"{v:.2f}"
    if unit == "num":
        if "year" in re.split(r"[^a-z0-9]+", str(name).lower()) and number_digits(values) == 0:
            return lambda v: f"{v:.0f}"  # a calendar year, not a quantity: 2026, never 2,026
        digits = number_digits(values)
        return lambda v, d=digits: f"{v:,.{d}f}"
    return None


def _same(left: np.ndarray, right: np.ndarray) -> bool:
    """True if two columns' values are equal row by row (missing equals missing); mixed types are not equal.

    Plain numpy for numeric columns and a loop over Python values otherwise: report tables are small, and
    pandas' element-wise operators cost ~0.5 ms a call (hundreds of calls per report).
    """
    if len(left) != len(right):
        return False
    if left.dtype.kind in "biuf" and right.dtype.kind in "biuf":
        return bool(np.array_equal(left, right, equal_nan=True))
    for x, y in zip(left.tolist(), right.tolist(), strict=True):
        x_missing, y_missing = _is_missing(x), _is_missing(y)
        if x_missing or y_missing:
            if x_missing and y_missing:
                continue
            return False
        try:
            if not bool(x == y):
                return False
        except (TypeError, ValueError):  # values that do not compare (mixed types) are not the same
            return False
    return True


def _shown(value: Any) -> str:
    if _is_missing(value):
        return "—"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value_label(value))


def redundant_columns(frame: pd.DataFrame) -> tuple[list[str], dict[str, str], list[str]]:
    """Columns that add nothing to the HTML: constant ones and exact repeats of an earlier column.

    The first column (what a row is) is always kept; tables of one row keep everything.

    Returns:
        ``(constant, repeats, notes)``: constant column names, ``{repeat: the earlier column it equals}``,
        and one caption sentence per kind.
    """
    if len(frame) < 2 or frame.shape[1] < 2:
        return [], {}, []
    columns = list(frame.columns)
    # Each column's values taken out once: pandas' column lookup and ``iloc`` cost more than the comparisons.
    values = {c: frame.iloc[:, i].to_numpy() for i, c in enumerate(columns)}
    constant = [c for c in columns[1:] if _same(values[c], np.repeat(values[c][:1], len(frame)))]
    repeats: dict[str, str] = {}
    kept: list[str] = [columns[0]]
    for column in columns[1:]:
        if column in constant:
            continue
        twin = next((k for k in kept if _same(values[column], values[k])), None)
        if twin is None:
            kept.append(column)
        else:
            repeats[column] = twin
    notes = []
    if constant:
        notes.append(
            "Same in every row: "
            + "; ".join(f"{label(c)} = {_shown(frame[c].iloc[0])}" for c in constant)
            + "."
        )
    for twin in dict.fromkeys(repeats.values()):
        names = [label(c) for c, t in repeats.items() if t == twin]
        verb = "equals" if len(names) == 1 else "equal"
        notes.append(f"{' and '.join(names)} {verb} {label(twin)} in every row.")
    return constant, repeats, notes


@dataclass
class DisplayTable:
    """A table ready for HTML: formatted text cells, labelled headers, and what the caption must add."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def display_table(
    frame: pd.DataFrame,
    formats: Mapping[str, Formatter] | None = None,
    units: Mapping[str, str] | None = None,
    drop_redundant: bool = True,
) -> DisplayTable:
    """Format, label and trim a table for a report (the CSV keeps the original).

    Args:
        frame: The analysis table (keys, raw floats).
        formats: Column → formatter (wins over units).
        units: Column → unit (``money``, ``pct``, ``num``, ``ratio``, ``text``); others are read from names.
        drop_redundant: Drop constant and repeated columns, naming them in the notes.

    Returns:
        The text table with reader labels as headers, and the notes for its caption.
    """
    formats, units = dict(formats or {}), dict(units or {})
    constant, repeats, notes = redundant_columns(frame) if drop_redundant else ([], {}, [])
    dropped = set(constant) | set(repeats)
    shown = frame[[c for c in frame.columns if c not in dropped]].copy()
    for column in shown.columns:
        values = shown[column]
        formatter = formats.get(column) or column_formatter(str(column), values, units.get(column))
        if formatter is None:
            shown[column] = values.map(lambda v: "—" if _is_missing(v) else str(value_label(v)))
        else:
            shown[column] = values.map(lambda v, f=formatter: "—" if _is_missing(v) else _apply(f, v))
    shown.columns = [label(c) for c in shown.columns]
    return DisplayTable(shown, notes)


def _apply(formatter: Formatter, value: Any) -> str:
    if isinstance(value, str):
        return str(value_label(value))
    try:
        return formatter(value)
    except (TypeError, ValueError):
        return str(value)


def frame_html(frame: pd.DataFrame) -> str:
    """A text table as escaped HTML with ``scope="col"`` headers (screen readers announce them)."""
    markup = frame.to_html(index=False, escape=True, na_rep="—", border=0, classes="tl-table")
    return markup.replace("<th>", '<th scope="col">').replace('<tr style="text-align: right;">', "<tr>")
