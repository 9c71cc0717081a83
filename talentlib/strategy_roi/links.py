"""What strategy ROI takes from the other analyses of its run (``SPEC.links``; see :mod:`talentlib.links`).

* market sizing → ``hire.market_coverage``: coverage (supply ÷ demand, P10–P90) of the planned role in the year
  after ``start_year`` (``assumption.strategy_market_coverage_year``), from ``tables/projection.csv``;
* compensation → ``hire.pay`` and ``pipeline.pay``: the total-compensation band (low–high) of the planned role,
  level (junior for the pipeline) and tier in ``start_year``, from ``tables/bands.csv``; a band in another pay
  measure (survey base salary) is not used, and the report says why;
* leadership fluency → ``ai_tools.leadership_gap_points``: the middle-management gap to target with its interval
  (target − the index's interval bounds, floored at 0), from ``metrics.json``.

Only the upstream's files are read; no analysis is imported. A value from a bundled synthetic sample says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from talentlib import links, reference
from talentlib.labels import label
from talentlib.report import fmt_money
from talentlib.spec import SYNTHETIC_METRIC

#: Plan years after ``start_year`` at which market coverage sets hiring difficulty.
COVERAGE_YEARS = int(reference.figure("assumption.strategy_market_coverage_year").value)


def _synthetic_note(folder: Path) -> str:
    metrics = links.read_metrics(folder)
    return " (bundled synthetic sample)" if metrics.get(SYNTHETIC_METRIC) else ""


def market_coverage(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    """Coverage P10–P90 of the planned role, ``COVERAGE_YEARS`` after the start year."""
    year = int(params["start_year"]) + COVERAGE_YEARS
    table = links.table(folder, "projection")
    row = links.row(table, {"role": params["role"], "year": year}, f"{folder.name} projection")
    low, high = round(float(row["coverage_p10"]), 4), round(float(row["coverage_p90"]), 4)
    text = (
        f"market coverage of {label(params['role'])} in {year}: {low:.0%}–{high:.0%} of demand "
        f"(P10–P90), from this run's market sizing"
    )
    return links.LinkedValue([low, high], text)


def _band(folder: Path, params: Mapping[str, Any], level: str, what: str) -> links.LinkedValue:
    table = links.table(folder, "bands")
    where = {
        "role": params["role"],
        "level": level,
        "location_tier": params["location_tier"],
        "year": int(params["start_year"]),
    }
    if params["location_tier"] == "international":
        where["country"] = "pooled"
    row = links.row(table, where, f"{folder.name} bands")
    place = label(params["location_tier"])
    who = f"{level} {label(params['role'])}, {place}, {params['start_year']}"
    if row.get("pay_measure", "total_comp") != "total_comp":
        text = (
            f"{what}: this notebook's default, because this run's compensation bands are {row['pay_measure']} "
            f"and strategy ROI costs total compensation ({who})"
        )
        return links.LinkedValue(None, text)
    low, high = float(row["low"]), float(row["high"])
    text = (
        f"{what}: {fmt_money(low)}–{fmt_money(high)}, from this run's compensation bands ({who}; "
        f"{row['source']} source)"
    )
    return links.LinkedValue([low, high], text)


def hire_pay(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    """The compensation band of the planned role, level and tier in the start year (the hire is offered a percentile)."""
    linked = _band(folder, params, str(params["level"]), "hire pay band")
    percentile = (params.get("hire") or {}).get("offer_percentile")
    if linked.value is None or percentile is None:
        return linked
    return links.LinkedValue(linked.value, f"{linked.text}; the hire is offered its P{float(percentile):g}")


def pipeline_pay(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    """The junior band of the planned role and tier (converted interns join as juniors)."""
    return _band(folder, params, "junior", "pipeline (converted intern) pay")


def leadership_gap(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    """Middle-management fluency gap to target, its interval as a range (index points, floored at 0)."""
    metrics = links.read_metrics(folder)
    target = (metrics.get("target_by_tier") or {}).get("middle_management")
    interval = (metrics.get("index_ci_by_tier") or {}).get("middle_management")
    gap = metrics.get("middle_management_gap")
    if target is None or not interval or None in interval or gap is None:
        return links.LinkedValue(
            None, "leadership gap: this notebook's default (no reportable middle-management gap)"
        )
    low, high = max(0.0, float(target) - float(interval[1])), max(0.0, float(target) - float(interval[0]))
    text = (
        f"middle-management AI-fluency gap: {gap:.0f} points to target ({low:.0f}–{high:.0f}, the index's "
        f"interval), from this run's leadership fluency report{_synthetic_note(folder)}"
    )
    return links.LinkedValue([round(low, 2), round(high, 2)], text)


LINKS = (
    links.Link(
        "market_sizing", "hire.market_coverage", "market coverage of the planned role", market_coverage
    ),
    links.Link("compensation", "hire.pay", "hire pay of the planned role", hire_pay),
    links.Link("compensation", "pipeline.pay", "pay of converted interns", pipeline_pay),
    links.Link(
        "leadership_fluency", "ai_tools.leadership_gap_points", "the leadership fluency gap", leadership_gap
    ),
)


def linked_inputs(params: Any) -> tuple[Any, Any]:
    """The notebook's parameters with its links applied, and the table of them (:func:`talentlib.links.for_notebook`)."""
    return links.for_notebook(params, LINKS)
