"""The investment plan: interventions per tier, their cost per fluency point, and the effect on adoption.

Adoption drag is :func:`talentlib.formulas.adoption_multiplier`: ``(1 − effect)^(gap / 10)`` for a
middle-management gap of ``gap`` index points below target (``adoption_effect`` per 10 points, a labelled
assumption).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.formulas import adoption_multiplier
from talentlib.leadership_fluency.model import TierResults
from talentlib.leadership_fluency.schema import INDEX, TIERS, LeadershipFluencyParams


def people_per_tier(results: TierResults, params: LeadershipFluencyParams) -> dict[str, int]:
    """People to train per tier: ``headcount`` where given, else the tier's respondents."""
    counts = pd.Series(results.scores.tier).value_counts()
    return {tier: int(params.headcount.get(tier, counts.get(tier, 0))) for tier in TIERS}


def plan_table(params: LeadershipFluencyParams, results: TierResults) -> pd.DataFrame:
    """Interventions per tier with cost ranges, expected uplift and cost per point of fluency gained.

    ``cost_per_point`` is USD per participant per index point (low = cheapest cost ÷ largest uplift, high =
    dearest cost ÷ smallest uplift); totals multiply by the people per tier. ``recommended`` marks the
    intervention with the lowest mid cost per point in each tier that is below its target. For middle
    management the adoption multiplier before and after (mid uplift) is shown.

    Returns:
        One row per intervention.
    """
    people = people_per_tier(results, params)
    mm_gap = results.value("middle_management", INDEX, "gap")
    rows = []
    for key, item in params.interventions.items():
        index_now = results.value(item.tier)
        target = results.value(item.tier, INDEX, "target")
        gap = target - index_now
        uplift_mid = sum(item.uplift_points) / 2
        cost_lo, cost_hi = item.cost_per_person
        up_lo, up_hi = item.uplift_points
        row = {
            "tier": item.tier,
            "intervention": key,
            "description": item.description,
            "people": people[item.tier],
            "index_now": index_now,
            "target": target,
            "gap": gap,
            "uplift_low": up_lo,
            "uplift_high": up_hi,
            "index_after_mid": min(100.0, index_now + uplift_mid) if np.isfinite(index_now) else np.nan,
            "cost_per_person_low": cost_lo,
            "cost_per_person_high": cost_hi,
            "total_cost_low": cost_lo * people[item.tier],
            "total_cost_high": cost_hi * people[item.tier],
            "cost_per_point_low": cost_lo / up_hi if up_hi > 0 else np.nan,
            "cost_per_point_high": cost_hi / up_lo if up_lo > 0 else np.nan,
            "adoption_multiplier_now": np.nan,
            "adoption_multiplier_after": np.nan,
        }
        if item.tier == "middle_management" and np.isfinite(mm_gap):
            row["adoption_multiplier_now"] = adoption_multiplier(mm_gap, params.adoption_effect)
            row["adoption_multiplier_after"] = adoption_multiplier(
                mm_gap - uplift_mid, params.adoption_effect
            )
        rows.append(row)
    columns = [
        "tier", "intervention", "description", "people", "index_now", "target", "gap", "uplift_low", "uplift_high",
        "index_after_mid", "cost_per_person_low", "cost_per_person_high", "total_cost_low", "total_cost_high",
        "cost_per_point_low", "cost_per_point_high", "adoption_multiplier_now", "adoption_multiplier_after",
    ]  # fmt: skip
    plan = pd.DataFrame(rows, columns=columns)
    if plan.empty:
        return plan.assign(recommended=pd.Series(dtype=bool))
    mid_cost = (plan["cost_per_point_low"] + plan["cost_per_point_high"]) / 2
    best = mid_cost.groupby(plan["tier"]).transform("min")
    plan["recommended"] = (plan["gap"] > 0) & (mid_cost == best) & plan["people"].gt(0)
    order = {t: i for i, t in enumerate(TIERS)}
    return plan.sort_values(
        ["tier", "intervention"], key=lambda s: s.map(order) if s.name == "tier" else s
    ).reset_index(drop=True)


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
