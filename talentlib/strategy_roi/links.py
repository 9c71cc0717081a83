"""What strategy ROI takes from the other analyses of its run (``SPEC.links``; see :mod:`talentlib.links`).

* market sizing → ``hire.market_coverage``: coverage (supply ÷ demand, P10–P90) of the planned role in the year
  after ``start_year`` (``assumption.strategy_market_coverage_year``), from ``tables/projection.csv``;
* compensation → ``hire.pay`` and ``pipeline.pay``: the total-compensation band (low–high) of the planned role,
  level (junior for the pipeline) and tier in ``start_year``, from ``tables/bands.csv``; a band in another pay
  measure (survey base salary) is not used, and the report says why;
* leadership fluency → ``ai_tools.leadership_gap_points``: the middle-management gap to target with its interval
  (target − the index's interval bounds, floored at 0), from ``metrics.json``;
* compensation → ``upskill.attrition_after``: the attrition of upskilled staff in AI roles (the rate the model applies
  to internal staff; ``upskill.attrition``, the baseline, enters no flow) raised for the share of the planned role's
  staff paid below the flight-risk compa-ratio (all staff when the role is under ``min_group_size``), from
  ``metrics.json`` (:func:`underpaid_attrition`, relative risk ``assumption.strategy_underpaid_attrition_risk``).

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
#: Figure of the relative risk of leaving for staff paid below the flight-risk compa-ratio (low–high).
UNDERPAID_RISK = "assumption.strategy_underpaid_attrition_risk"


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


def underpaid_attrition(base: float, share_below: float, relative_risk: float) -> float:
    """Annual attrition of a group of which ``share_below`` is paid below the flight-risk compa-ratio.

    ``base × (1 + share_below × (relative_risk − 1))``: the mix of staff at or above the threshold, who leave at
    ``base``, and staff below it, who leave at ``relative_risk × base`` (a relative risk applied to a population:
    the relation behind Levin's 1953 population attributable fraction). ``base`` is read as the rate of staff paid at or above
    the threshold; a published turnover rate already mixes some underpaid staff in, so the result errs high.

    Args:
        base: Annual attrition of staff paid at or above the threshold, fraction (0–1).
        share_below: Share of staff below the threshold, fraction (0–1); 0 returns ``base``.
        relative_risk: Their risk of leaving against the others' (``assumption.strategy_underpaid_attrition_risk``).

    Returns:
        Annual attrition, fraction, capped at 1.

    Raises:
        ValueError: When ``base`` or ``share_below`` lies outside [0, 1] or ``relative_risk`` is negative.
    """
    if not (0.0 <= base <= 1.0 and 0.0 <= share_below <= 1.0 and relative_risk >= 0.0):
        raise ValueError(
            f"need 0 <= base, share_below <= 1 and relative_risk >= 0 (got {base}, {share_below}, {relative_risk})"
        )
    return min(1.0, base * (1.0 + share_below * (relative_risk - 1.0)))


def _underpaid_share(metrics: Mapping[str, Any], role: str) -> tuple[float | None, str]:
    """Share below the flight-risk screen of the planned role, else of all staff; ``(None, why)`` when neither is reportable."""
    by_role = metrics.get("flight_risk_share_by_role") or {}
    share = by_role.get(role)
    if share is not None:
        return float(share), f"{label(role)} staff"
    banded = int(metrics.get("n_employees") or 0) - int(metrics.get("n_without_band") or 0)
    overall = metrics.get("flight_risk_share")
    if overall is None or banded < int(metrics.get("min_group_size") or 1):
        return None, "no reportable share of staff below the flight-risk compa-ratio"
    why = "too few staff" if role in by_role else "no staff"
    return float(overall), f"all staff (the {label(role)} role has {why} to report on its own)"


def upskilled_attrition(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    """Attrition of upskilled staff raised for the share paid below the flight-risk compa-ratio (:func:`underpaid_attrition`).

    Low end: ``attrition_after[0]`` with the figure's low relative risk; high end: ``attrition_after[1]`` with its high.
    """
    metrics = links.read_metrics(folder)
    threshold = metrics.get("flight_risk_compa_ratio")
    share, who = _underpaid_share(metrics, str(params["role"]))
    if threshold is None or share is None:
        reason = who if threshold is not None else "no flight-risk compa-ratio in its metrics"
        return links.LinkedValue(
            None, f"attrition of upskilled staff: this notebook's default (compensation reports {reason})"
        )
    risk = reference.figure(UNDERPAID_RISK)
    base_low, base_high = (float(v) for v in params["upskill"]["attrition_after"])
    low = round(underpaid_attrition(base_low, share, risk.low), 4)
    high = round(underpaid_attrition(base_high, share, risk.high), 4)
    text = (
        f"attrition of upskilled staff: {low:.1%}–{high:.1%} a year, {base_low:.1%}–{base_high:.1%} raised for the "
        f"{share:.0%} of {who} below compa-ratio {float(threshold):.2f} (relative risk of leaving "
        f"{risk.low:g}–{risk.high:g}: our assumption, {UNDERPAID_RISK}), from this run's compensation "
        f"report{_synthetic_note(folder)}"
    )
    return links.LinkedValue([low, high], text)


LINKS = (
    links.Link(
        "market_sizing", "hire.market_coverage", "market coverage of the planned role", market_coverage
    ),
    links.Link("compensation", "hire.pay", "hire pay of the planned role", hire_pay),
    links.Link("compensation", "pipeline.pay", "pay of converted interns", pipeline_pay),
    links.Link(
        "leadership_fluency", "ai_tools.leadership_gap_points", "the leadership fluency gap", leadership_gap
    ),
    links.Link(
        "compensation",
        "upskill.attrition_after",
        "attrition of upskilled staff (pay below band)",
        upskilled_attrition,
    ),
)


def linked_inputs(params: Any) -> tuple[Any, Any]:
    """The notebook's parameters with its links applied, and the table of them (:func:`talentlib.links.for_notebook`)."""
    return links.for_notebook(params, LINKS)
