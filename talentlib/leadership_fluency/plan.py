"""The investment plan: per tier the gap before, what each intervention buys, the gap left, the cost per point.

Per intervention (tier index ``score``, the tier's own ``target``, uplift range ``[u_low, u_high]``)::

    gap_before      target − score                          (index points; positive: below target)
    gain_*          min(u, 100 − score) for u = u_low, (u_low + u_high)/2, u_high   (p50: midpoint)
    gap_after       target − (score + gain_p50)             (negative: past the target)
    people          headcount[tier], else round(respondents / response_rate)   (labelled assumption)
    total_cost_*    cost_per_person_* × people
    cost_per_point  people × mid cost per person ÷ points of the gap closed, min(gain_p50, gap_before)
                    (USD for the tier per index point closed; empty when the tier is at or above target)

``recommended`` marks, in each tier below target, the intervention with the lowest ``cost_per_point``.

Adoption drag is :func:`talentlib.formulas.adoption_multiplier`: ``(1 − effect)^(gap / 10)`` for a
middle-management gap of ``gap`` index points below target (``adoption_effect`` per 10 points, a labelled
assumption).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.formulas import adoption_multiplier
from talentlib.leadership_fluency.model import TierResults
from talentlib.leadership_fluency.schema import INDEX, TIERS, Intervention, LeadershipFluencyParams

PLAN_COLUMNS = [
    "tier", "intervention", "description", "people", "people_source", "index_now", "target", "gap_before",
    "uplift_low", "uplift_high", "gain_low", "gain_p50", "gain_high", "gap_after", "cost_per_person_low",
    "cost_per_person_high", "total_cost_low", "total_cost_high", "cost_per_point", "cost_per_point_low",
    "cost_per_point_high", "adoption_multiplier_now", "adoption_multiplier_after",
]  # fmt: skip


def people_per_tier(results: TierResults, params: LeadershipFluencyParams) -> dict[str, int]:
    """People to train per tier: ``headcount`` where given, else ``round(respondents / response_rate)``.

    The response rate is a labelled assumption (``assumption.fluency_response_rate``); a tier with neither
    respondents nor a headcount gets 0.
    """
    counts = pd.Series(results.scores.tier).value_counts()
    return {
        tier: int(params.headcount[tier])
        if tier in params.headcount
        else round(int(counts.get(tier, 0)) / params.response_rate)
        for tier in TIERS
    }


def people_source(tier: str, params: LeadershipFluencyParams) -> str:
    """Where a tier's people count comes from, in words (for the plan table)."""
    if tier in params.headcount:
        return "headcount parameter"
    return f"respondents ÷ {params.response_rate:.0%} response rate (assumption)"


def gains(score: float, uplift: list[float]) -> tuple[float, float, float]:
    """Points an intervention buys at the low, mid (p50) and high uplift, capped at the scale's 100."""
    low, high = uplift
    room = 100.0 - score
    return min(low, room), min((low + high) / 2, room), min(high, room)


def cost_per_point_closed(total_cost_mid: float, gap_before: float, gain_p50: float) -> float:
    """USD for the tier per index point of the gap closed: ``total ÷ min(gain, gap)``; NaN at or above target."""
    if not (np.isfinite(gap_before) and np.isfinite(gain_p50)):
        return float("nan")
    closed = min(gain_p50, gap_before)
    return total_cost_mid / closed if closed > 0 else float("nan")


def plan_row(
    key: str, item: Intervention, results: TierResults, params: LeadershipFluencyParams, people: int
) -> dict[str, Any]:
    """One intervention's row of the plan (formulas in the module docstring)."""
    index_now = results.value(item.tier)
    target = results.value(item.tier, INDEX, "target")
    gap_before = target - index_now
    gain_low, gain_p50, gain_high = gains(index_now, item.uplift_points)
    cost_lo, cost_hi = item.cost_per_person
    up_lo, up_hi = item.uplift_points
    row = {
        "tier": item.tier,
        "intervention": key,
        "description": item.description,
        "people": people,
        "people_source": people_source(item.tier, params),
        "index_now": index_now,
        "target": target,
        "gap_before": gap_before,
        "uplift_low": up_lo,
        "uplift_high": up_hi,
        "gain_low": gain_low,
        "gain_p50": gain_p50,
        "gain_high": gain_high,
        "gap_after": target - (index_now + gain_p50),
        "cost_per_person_low": cost_lo,
        "cost_per_person_high": cost_hi,
        "total_cost_low": cost_lo * people,
        "total_cost_high": cost_hi * people,
        "cost_per_point": cost_per_point_closed((cost_lo + cost_hi) / 2 * people, gap_before, gain_p50),
        "cost_per_point_low": cost_lo / up_hi if up_hi > 0 else np.nan,
        "cost_per_point_high": cost_hi / up_lo if up_lo > 0 else np.nan,
        "adoption_multiplier_now": np.nan,
        "adoption_multiplier_after": np.nan,
    }
    if item.tier == "middle_management" and np.isfinite(gap_before):
        row["adoption_multiplier_now"] = adoption_multiplier(gap_before, params.adoption_effect)
        row["adoption_multiplier_after"] = adoption_multiplier(gap_before - gain_p50, params.adoption_effect)
    return row


def plan_table(params: LeadershipFluencyParams, results: TierResults) -> pd.DataFrame:
    """Interventions per tier: gap before, gain (low, p50, high), gap after, costs and cost per point closed.

    ``cost_per_point_low/high`` are USD per participant per index point of uplift (cheapest cost ÷ largest
    uplift … dearest ÷ smallest); ``cost_per_point`` is USD for the tier per point of the gap closed. For
    middle management the adoption multiplier before and after (p50 gain) is shown.

    Returns:
        One row per intervention, tiers in ``TIERS`` order, plus ``recommended``.
    """
    people = people_per_tier(results, params)
    rows = [
        plan_row(key, item, results, params, people[item.tier]) for key, item in params.interventions.items()
    ]
    plan = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    if plan.empty:
        return plan.assign(recommended=pd.Series(dtype=bool))
    best = plan["cost_per_point"].groupby(plan["tier"]).transform("min")
    plan["recommended"] = (plan["gap_before"] > 0) & (plan["cost_per_point"] == best) & plan["people"].gt(0)
    order = {t: i for i, t in enumerate(TIERS)}
    return plan.sort_values(
        ["tier", "intervention"], key=lambda s: s.map(order) if s.name == "tier" else s
    ).reset_index(drop=True)


def residual_gaps(plan: pd.DataFrame) -> dict[str, float]:
    """Per tier with a recommended intervention: the gap left after it (p50 gain; negative: past target)."""
    if plan.empty:
        return {}
    chosen = plan[plan["recommended"]]
    return {str(t): float(g) for t, g in zip(chosen["tier"], chosen["gap_after"], strict=True)}


def adoption_sensitivity(results: TierResults) -> pd.DataFrame:
    """Adoption multiplier at today's middle-management gap for the low, mid and high adoption-effect assumption."""
    fig = reference.figure("assumption.fluency_adoption_effect")
    gap = results.value("middle_management", INDEX, "gap")
    return pd.DataFrame(
        [
            {
                "adoption_effect": label,
                "effect_per_10_points": effect,
                "middle_management_gap": gap,
                "adoption_multiplier": adoption_multiplier(gap, effect) if np.isfinite(gap) else np.nan,
            }
            for label, effect in (("low", fig.low), ("mid", fig.value), ("high", fig.high))
        ]
    )
