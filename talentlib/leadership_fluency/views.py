"""Report tables: the run's results formatted for display (suppressed cells labelled, ranges as text).

The CSV artifacts are written from the model's tables; these views only format them for the report.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.labels import label as display_label
from talentlib.leadership_fluency.inputs import Inputs, Instrument
from talentlib.leadership_fluency.model import TierResults
from talentlib.leadership_fluency.schema import CI_LEVEL, TIERS, LeadershipFluencyParams
from talentlib.leadership_fluency.scoring import Scores
from talentlib.privacy import suppressed_label
from talentlib.report import fmt_money, fmt_num, fmt_pct

TABLE_FORMATS: dict[str, Any] = {
    "alpha": lambda v: f"{v:.2f}",
    "alpha_if_dropped": lambda v: f"{v:.2f}",
    "item_rest_r": lambda v: f"{v:.2f}",
    "mean": lambda v: f"{v:.2f}",
    "adoption_multiplier": lambda v: f"{v:.3f}",
    "effect_per_10_points": lambda v: fmt_pct(v),
    "middle_management_gap": lambda v: fmt_num(v, 1),
}


def display_reliability(reliability: pd.DataFrame, threshold: float, min_group_size: int) -> pd.DataFrame:
    """Reliability per group and dimension for display: α with its Feldt interval, ω, a verdict; small groups labelled."""
    label = suppressed_label(min_group_size)
    hidden = reliability["suppressed"].to_numpy()
    alpha = reliability["alpha"].astype(float)
    verdict = np.where(
        ~reliability["flagged"],
        np.where(reliability["alpha_ci_low"] < threshold, f"ok (interval reaches below {threshold:g})", "ok"),
        np.where(np.isfinite(alpha), f"below {threshold:g} — interpret with care", "not computable"),
    )
    return pd.DataFrame(
        {
            "group": reliability["tier"].map(display_label),
            "dimension": reliability["dimension"].map(display_label),
            "n complete": np.where(hidden, label, reliability["n"].astype(str)),
            "alpha": np.where(hidden, "", alpha.map(lambda v: f"{v:.2f}")),
            f"alpha {CI_LEVEL:.0%} CI (Feldt)": np.where(
                hidden,
                "",
                [
                    f"{lo:.2f}–{hi:.2f}"
                    for lo, hi in zip(reliability["alpha_ci_low"], reliability["alpha_ci_high"], strict=True)
                ],
            ),
            "omega": np.where(hidden, "", reliability["omega"].map(lambda v: f"{v:.2f}")),
            "verdict": np.where(hidden, "", verdict),
        }
    )


def display_invariance(screen: pd.DataFrame) -> pd.DataFrame:
    """The invariance screen for display: item–rest r and loading per item (rows) and tier (columns)."""
    if screen.empty:
        return pd.DataFrame({"note": ["no tier has enough complete answers to screen"]})
    cell = screen.assign(
        value=[
            f"{r:.2f} / {lo:.2f}{' ⚠' if weak else ''}"
            for r, lo, weak in zip(screen["item_rest_r"], screen["loading"], screen["weak"], strict=True)
        ]
    )
    table = cell.pivot(index=["dimension", "item_id"], columns="tier", values="value")
    tiers = [t for t in TIERS if t in table.columns]
    out = table[tiers].reset_index()
    out["dimension"] = out["dimension"].map(display_label)
    return out.rename(columns={t: display_label(t) for t in tiers}).fillna("")


def display_tier_table(results: TierResults) -> pd.DataFrame:
    """Tier scores for display: numbers rounded, suppressed cells labelled, CI as one text column."""
    label = suppressed_label(results.min_group_size)
    table = results.table
    out = pd.DataFrame({"tier": table["tier"], "dimension": table["dimension"].map(display_label)})
    out["n"] = np.where(table["suppressed"], label, table["n"].astype(str))
    out["score"] = np.where(table["suppressed"], label, table["score"].map(lambda v: f"{v:.1f}"))
    out[f"{CI_LEVEL:.0%} CI"] = np.where(
        table["suppressed"],
        "",
        [f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
    )
    out["CI method"] = table["ci_method"]
    out["target"] = table["target"].map(lambda v: f"{v:.0f}")
    out["gap"] = np.where(table["suppressed"], "", table["gap"].map(lambda v: f"{v:+.1f}"))
    return out


def display_business_units(table: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Business-unit table for display (suppressed cells labelled)."""
    label = suppressed_label(min_group_size)
    out = table[["business_unit", "tier"]].copy()
    out["n"] = np.where(table["suppressed"], label, table["n"].astype(str))
    out["fluency_index"] = np.where(
        table["suppressed"], label, table["fluency_index"].map(lambda v: f"{v:.1f}")
    )
    return out


def _money_range(low: pd.Series, high: pd.Series) -> list[str]:
    return [f"{fmt_money(a)}–{fmt_money(b)}" for a, b in zip(low, high, strict=True)]


def _points(value: float, signed: bool = False) -> str:
    if not np.isfinite(value):
        return "suppressed"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def display_plan(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan for display: gap before, gain (p50 and range), gap after, people, costs (ranges as text)."""
    return pd.DataFrame(
        {
            "tier": plan["tier"],
            "intervention": plan["intervention"].map(display_label),
            "what": plan["description"],
            "people (source)": [
                f"{p:,} ({s})" for p, s in zip(plan["people"], plan["people_source"], strict=True)
            ],
            "index now → target": [
                "suppressed" if not np.isfinite(a) else f"{a:.1f} → {b:.0f}"
                for a, b in zip(plan["index_now"], plan["target"], strict=True)
            ],
            "gap before": plan["gap_before"].map(_points),
            "gain p50 (range)": [
                "suppressed" if not np.isfinite(m) else f"{m:.1f} ({a:.1f}–{b:.1f})"
                for m, a, b in zip(plan["gain_p50"], plan["gain_low"], plan["gain_high"], strict=True)
            ],
            "gap after": plan["gap_after"].map(lambda v: _points(v, signed=True)),
            "cost per person": _money_range(plan["cost_per_person_low"], plan["cost_per_person_high"]),
            "total cost": _money_range(plan["total_cost_low"], plan["total_cost_high"]),
            "cost per point closed (tier)": [
                fmt_money(v) if np.isfinite(v) else "—" for v in plan["cost_per_point"]
            ],
            "USD per person per point": _money_range(plan["cost_per_point_low"], plan["cost_per_point_high"]),
            "recommended": plan["recommended"].map({True: "yes", False: ""}),
        }
    )


def data_quality_table(inputs: Inputs, scores: Scores, params: LeadershipFluencyParams) -> pd.DataFrame:
    """Respondents per tier, how many could be scored, and the share of missing answers (aggregates only)."""
    label = suppressed_label(params.min_group_size)
    rows = []
    for tier in TIERS:
        mask = scores.tier == tier
        n = int(mask.sum())
        if n == 0:
            continue
        small = n < params.min_group_size
        rows.append(
            {
                "tier": tier,
                "respondents": label if small else str(n),
                "with a fluency index": label if small else str(int((~np.isnan(scores.index[mask])).sum())),
                "missing answers": label
                if small
                else fmt_pct(float(np.isnan(inputs.responses.answers[mask]).mean()), 1),
            }
        )
    return pd.DataFrame(rows)


def instrument_table(instrument: Instrument) -> pd.DataFrame:
    """The instrument for display."""
    items = instrument.items
    return pd.DataFrame(
        {
            "item": items["item_id"],
            "dimension": items["dimension"].map(display_label),
            "statement (1 strongly disagree … 5 strongly agree)": items["text"],
            "reverse-coded": items["reverse_coded"].map({True: "yes", False: ""}),
        }
    )


def public_context_table() -> pd.DataFrame:
    """Public survey figures on AI skills and training (Work Trend Index 2024) for context."""
    rows = []
    for fid in ("public.33", "public.34"):
        fig = reference.figure(fid)
        rows.append(
            {
                "figure": fig.description,
                "value": f"{fig.value:g} {fig.unit}",
                "source": fig.citation,
                "note": fig.note,
            }
        )
    return pd.DataFrame(rows)
