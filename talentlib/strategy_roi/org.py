"""The operating-model comparator: the article's guidance beside a labelled cost and coordination model.

Article guidance (CoE for early maturity and fewer than ``article.coe_max_headcount`` AI professionals, hub-and-spoke
when scaling, embedded when mature) beside capacity losses (CoE context loss per business unit and bottleneck beyond the
CoE size; embedded isolation of small teams and immature practices; hub coordination per doubling of units) and
platform costs (one platform, or a partial platform per unit when embedded). The model's pick is the lowest cost per
effective FTE.
"""

from __future__ import annotations

import math

import pandas as pd

from talentlib.strategy_roi.schema import OrgModelParams, StrategyRoiParams
from talentlib.strategy_roi.sources import figure_value

ORG_MODELS: tuple[str, ...] = ("coe", "hub_and_spoke", "embedded")
ORG_LABELS = {"coe": "Centre of Excellence", "hub_and_spoke": "Hub and spoke", "embedded": "Embedded"}


def article_guidance(ai_headcount: int, maturity: str) -> str:
    """The article's rule: CoE when early and below the CoE size, embedded when mature, else hub and spoke."""
    coe_max = figure_value("article.coe_max_headcount")
    if maturity == "mature":
        return "embedded"
    if maturity == "early" and ai_headcount < coe_max:
        return "coe"
    return "hub_and_spoke"


def org_costs(
    org: OrgModelParams, ai_headcount: float, business_units: float, maturity: str, loaded_pay: float
) -> dict[str, dict[str, float]]:
    """Labelled cost/coordination model of the three operating models.

    Returns:
        ``model → {capacity_loss, effective_fte, annual_cost, cost_per_effective_fte}``.
    """
    n, b = float(ai_headcount), float(business_units)
    coe_max = figure_value("article.coe_max_headcount")
    immaturity = {"early": 1.0, "scaling": 0.5, "mature": 0.0}[maturity] * org.embedded_immaturity_loss
    team = n / b
    losses = {
        "coe": org.coe_context_loss * (b - 1) + org.coe_bottleneck_loss * max(0.0, math.log2(n / coe_max)),
        "embedded": org.embedded_isolation_loss * max(0.0, 1 - team / org.embedded_min_team) + immaturity,
        "hub_and_spoke": org.hub_coordination_loss * math.log2(1 + b)
        + 0.5
        * org.embedded_isolation_loss
        * max(0.0, 1 - (n * (1 - org.hub_share) / b) / org.embedded_min_team),
    }
    platform = {
        "coe": org.platform_cost_per_year,
        "embedded": org.platform_cost_per_year * max(1.0, org.embedded_duplication * b),
        "hub_and_spoke": org.platform_cost_per_year,
    }
    out = {}
    for model in ORG_MODELS:
        loss = min(max(losses[model], 0.0), 0.95)
        effective = n * (1 - loss)
        cost = n * loaded_pay + platform[model]
        out[model] = {
            "capacity_loss": loss,
            "effective_fte": effective,
            "annual_cost": cost,
            "cost_per_effective_fte": cost / effective,
        }
    return out


def _loaded_pay(params: StrategyRoiParams) -> float:
    """Loaded pay of an AI hire at the midpoints: mid ``hire.pay`` × (1 + mid ``pay_overhead``), USD/yr."""
    return sum(params.hire.pay) / 2 * (1 + sum(params.pay_overhead) / 2)


def org_model_table(
    params: StrategyRoiParams,
    headcounts: tuple[int, ...] = (5, 10, 20, 40, 80, 160),
    business_units: tuple[int, ...] = (1, 2, 4, 8, 16),
) -> pd.DataFrame:
    """Article guidance and the cost model's pick for the organisation (today and after the plan) and a grid.

    The organisation's rows use its maturity; the grid covers every maturity × headcount × business units.

    Returns:
        ``case, ai_headcount, business_units, maturity, article_guidance, model_choice, agree`` and
        ``<model>_cost_per_effective_fte`` / ``<model>_capacity_loss`` for each model.
    """
    org = params.org_model
    pay = _loaded_pay(params)
    after = org.ai_headcount + round(params.capacity_target_fte)
    cases = [("today", org.ai_headcount, org.business_units, org.maturity)]
    cases.append(("after plan", after, org.business_units, org.maturity))
    cases += [
        ("grid", h, b, m) for m in ("early", "scaling", "mature") for h in headcounts for b in business_units
    ]
    rows = []
    for case, h, b, maturity in cases:
        costs = org_costs(org, h, b, maturity, pay)
        choice = min(ORG_MODELS, key=lambda m, c=costs: c[m]["cost_per_effective_fte"])
        guidance = article_guidance(h, maturity)
        row = {
            "case": case,
            "ai_headcount": h,
            "business_units": b,
            "maturity": maturity,
            "article_guidance": guidance,
            "model_choice": choice,
            "agree": guidance == choice,
        }
        for model in ORG_MODELS:
            row[f"{model}_cost_per_effective_fte"] = costs[model]["cost_per_effective_fte"]
            row[f"{model}_capacity_loss"] = costs[model]["capacity_loss"]
        rows.append(row)
    return pd.DataFrame(rows)
