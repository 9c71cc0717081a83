"""Words about a leadership-fluency run: the flag's verdict, findings, recommendations, metrics, source labels.

Every sentence is computed from the results and the parameters of the run: no number, threshold or
provenance is written here as a literal, and a claim is made only when the run's numbers support it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentlib.formulas import ADOPTION_GAP_UNIT, adoption_multiplier
from talentlib.leadership_fluency.inputs import (
    SAMPLE_RESPONSES_FILE,
    SAMPLE_RESPONSES_LABEL,
    TARGETS_FILE,
    TARGETS_LABEL,
    Inputs,
)
from talentlib.leadership_fluency.model import (
    ManagementComparison,
    TierResults,
    compare_management,
    weakest_dimensions,
)
from talentlib.leadership_fluency.schema import CI_LEVEL, INDEX, TIERS, LeadershipFluencyParams
from talentlib.report import fmt_money, fmt_pct

#: ``source`` label of targets set through the ``targets`` parameter (see ``load_targets``).
PARAMETER_TARGETS = "parameter targets"


def pretty(name: str) -> str:
    """A key as words: ``middle_management`` → ``middle management``."""
    return name.replace("_", " ")


def _names(keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(pretty(k) for k in keys)


def _ci_label() -> str:
    return f"{CI_LEVEL:.0%} CI"


# ---------------------------------------------------------------------------------------------------------
# The middle-management flag


@dataclass(frozen=True)
class ManagementFlag:
    """Outcome of the middle-management rule with its wording (see :func:`model.compare_management`).

    Attributes:
        fires: The rule holds (False when it could not be evaluated).
        evaluable: Both tiers had enough respondents.
        headline: One sentence for the report.
        evidence: Sentences with the numbers behind the verdict.
        mm_index, c_suite_index, mm_target: The compared values (NaN when not reportable).
        prob_below_c_suite: Share of bootstrap draws with middle management below the C-suite.
        lowest_dimensions: Dimensions on which middle management has the lowest score of all reported tiers.
    """

    fires: bool
    evaluable: bool
    headline: str
    evidence: list[str] = field(default_factory=list)
    mm_index: float = float("nan")
    c_suite_index: float = float("nan")
    mm_target: float = float("nan")
    prob_below_c_suite: float = float("nan")
    lowest_dimensions: list[str] = field(default_factory=list)


def flag_headline(comparison: ManagementComparison, min_group_size: int) -> str:
    """The verdict in one sentence: fires, does not fire (and why), or not evaluable (and why)."""
    if not comparison.evaluable:
        verb = "have" if len(comparison.missing) > 1 else "has"
        return (
            f"Middle-management flag not evaluable: {' and '.join(pretty(t) for t in comparison.missing)} {verb} "
            f"fewer than {min_group_size} scored respondents (or none)."
        )
    c = comparison
    if c.fires:
        return (
            f"Middle-management flag FIRES: middle managers' AI-fluency index is {c.mm_index:.1f}, below the C-suite's "
            f"{c.c_suite_index:.1f} and below their target of {c.mm_target:.0f} — the bottleneck the article warns about."
        )
    failed = [
        text
        for text, ok in (
            ("not below the C-suite's", c.below_c_suite),
            ("not below its target", c.below_target),
        )
        if not ok
    ]
    return (
        f"Middle-management flag does not fire: the index of {c.mm_index:.1f} is "
        + " and ".join(failed)
        + "."
    )


def flag_evidence(comparison: ManagementComparison) -> list[str]:
    """The numbers behind an evaluable verdict: both CIs, the gap, the resampling share, the lowest dimensions."""
    c = comparison
    (mm_lo, mm_hi), (cs_lo, cs_hi) = c.mm_ci, c.c_suite_ci
    ci = _ci_label()
    return [
        f"Middle management: {c.mm_index:.1f} ({ci} {mm_lo:.1f}–{mm_hi:.1f}); C-suite: {c.c_suite_index:.1f} "
        f"({ci} {cs_lo:.1f}–{cs_hi:.1f}); the intervals {'overlap' if c.intervals_overlap else 'do not overlap'}.",
        f"Middle-management target: {c.mm_target:.0f}; gap {c.mm_target - c.mm_index:+.1f} points.",
        f"In {fmt_pct(c.prob_below_c_suite)} of bootstrap resamples middle management scores below the C-suite.",
        (
            "Middle management is the lowest tier on: " + _names(c.lowest_dimensions) + "."
            if c.lowest_dimensions
            else "Middle management is not the lowest tier on any dimension."
        ),
        "Rule: flag when the middle-management index is below the C-suite's and below its own target "
        "(point estimates; the CIs and resampling share above show how sure that is).",
    ]


def middle_management_flag(results: TierResults) -> ManagementFlag:
    """Apply the rule: middle-management index below the C-suite's **and** below its own target.

    Returns:
        The verdict with its evidence.
    """
    c = compare_management(results)
    headline = flag_headline(c, results.min_group_size)
    if not c.evaluable:
        return ManagementFlag(fires=False, evaluable=False, headline=headline)
    return ManagementFlag(
        fires=c.fires,
        evaluable=True,
        headline=headline,
        evidence=flag_evidence(c),
        mm_index=c.mm_index,
        c_suite_index=c.c_suite_index,
        mm_target=c.mm_target,
        prob_below_c_suite=c.prob_below_c_suite,
        lowest_dimensions=c.lowest_dimensions,
    )


# ---------------------------------------------------------------------------------------------------------
# Where the numbers come from


def responses_label(source: str) -> str:
    """Provenance of the answers for a caption: the bundled synthetic survey, or the user's file by name."""
    if not source or source == SAMPLE_RESPONSES_LABEL:
        return f"Bundled synthetic survey ({SAMPLE_RESPONSES_FILE.name})"
    return f"Your responses file {Path(source).name}"


def targets_origin(sources: tuple[str, ...]) -> str:
    """Where the targets came from, in words, from their ``source`` labels (see ``load_targets``)."""
    parts = []
    for source in sources:
        if source == PARAMETER_TARGETS:
            part = "the targets parameter of this run"
        elif source == TARGETS_LABEL:
            part = f"talentlib assumptions ({TARGETS_FILE.name})"
        elif source.startswith("assumption."):
            part = "talentlib assumptions (reference figures)"
        else:
            part = f"your targets file {Path(source).name}"
        parts.append(part)
    return " and ".join(dict.fromkeys(parts))


def targets_label(sources: tuple[str, ...]) -> str:
    """Provenance of the targets for a caption: ``targets: <origin>`` (empty without targets)."""
    origin = targets_origin(sources)
    return f"targets: {origin}" if origin else ""


def targets_are_assumptions(sources: tuple[str, ...]) -> bool:
    """True when every target is one of talentlib's labelled assumptions (bundled file or reference figure)."""
    return all(s == TARGETS_LABEL or s.startswith("assumption.") for s in sources)


# ---------------------------------------------------------------------------------------------------------
# Findings, recommendations, metrics


def _index_finding(results: TierResults, reported: list[str]) -> str:
    parts = [
        f"{pretty(t)} {results.value(t):.1f} (target {results.value(t, INDEX, 'target'):.0f})"
        for t in reported
    ]
    return "AI-fluency index (0–100) by tier: " + "; ".join(parts) + "."


def _target_finding(results: TierResults, reported: list[str]) -> str:
    below = [t for t in reported if results.value(t, INDEX, "gap") > 0]
    if not below:
        if len(reported) == 1:
            return f"The one reported tier, {pretty(reported[0])}, meets its target."
        return f"All {len(reported)} reported tiers meet their targets."
    worst = max(below, key=lambda t: results.value(t, INDEX, "gap"))
    return (
        f"{len(below)} of {len(reported)} reported tiers are below target; the largest gap is "
        f"{pretty(worst)} at {results.value(worst, INDEX, 'gap'):.1f} points."
    )


def _alpha_text(alpha: float) -> str:
    return f"α {alpha:.2f}" if np.isfinite(alpha) else "α not computable"


def _reliability_finding(reliability: pd.DataFrame, threshold: float) -> str:
    weak = reliability[~reliability["reliable"]]
    if not len(weak):
        return f"Every dimension's scale reaches α ≥ {threshold:g}."
    listed = ", ".join(
        f"{pretty(d)} ({_alpha_text(a)})" for d, a in zip(weak["dimension"], weak["alpha"], strict=True)
    )
    return (
        f"Scales below the reliability threshold (α < {threshold:g}): {listed} — read those scores with care."
    )


def findings(
    results: TierResults, reliability: pd.DataFrame, flag: ManagementFlag, params: LeadershipFluencyParams
) -> list[str]:
    """Plain-language findings, every number computed from the run."""
    out = []
    reported = results.reported_tiers()
    if reported:
        out += [_index_finding(results, reported), _target_finding(results, reported)]
    else:
        out.append(
            f"No tier has {params.min_group_size} or more respondents with a fluency index; nothing is reported by tier."
        )
    hidden = sorted(set(results.table.loc[results.table["suppressed"], "tier"]))
    if hidden:
        out.append(
            f"Not reported for privacy (fewer than {params.min_group_size} respondents): "
            + _names(hidden)
            + " (some or all cells)."
        )
    out.append(_reliability_finding(reliability, params.alpha_threshold))
    out.append(flag.headline)
    return out


def recommendations(metrics: dict[str, Any], params: LeadershipFluencyParams) -> list[str]:
    """What to do about leadership AI fluency, each with its number from the run's metrics."""
    out = []
    index = metrics.get("index_by_tier", {})
    if metrics.get("middle_management_flag"):
        largest = metrics["largest_gap_dimension"].get("middle_management", "n/a")
        out.append(
            f"Start the fluency programme with middle management: its index {index['middle_management']:.1f} is below "
            f"the C-suite's {index['c_suite']:.1f} and {metrics['middle_management_gap']:.1f} points under its target; "
            f"its largest gap is in {pretty(largest)}."
        )
    interventions = metrics.get("recommended_interventions") or []
    if interventions:
        out.append(
            f"Fund {_names(interventions)} "
            f"({fmt_money(metrics['plan_total_cost_low'])}–{fmt_money(metrics['plan_total_cost_high'])} in total): the "
            "cheapest intervention per fluency point for each tier below target (see the plan table)."
        )
    multiplier = metrics.get("adoption_multiplier")
    if multiplier is not None and multiplier < 1:
        out.append(
            f"Expect AI tools to reach about {fmt_pct(multiplier)} of their planned adoption until middle management "
            f"closes its gap (labelled assumption: {fmt_pct(params.adoption_effect)} of adoption lost per "
            f"{ADOPTION_GAP_UNIT:g} points)."
        )
    weak = metrics.get("low_reliability_dimensions") or []
    if weak:
        out.append(
            f"Revise the survey items of {_names(weak)} before acting on those "
            "scores: their scales fall below the reliability threshold."
        )
    return out


def none_if_nan(value: float | None) -> float | None:
    """``None`` for a missing or non-finite number (JSON has no NaN), else the float."""
    return None if value is None or not np.isfinite(value) else float(value)


def metrics(
    params: LeadershipFluencyParams,
    inputs: Inputs,
    results: TierResults,
    reliability: pd.DataFrame,
    flag: ManagementFlag,
    plan: pd.DataFrame,
) -> dict[str, Any]:
    """Headline numbers for ``metrics.json``."""
    index_by_tier = {t: none_if_nan(results.value(t)) for t in TIERS if (results.table["tier"] == t).any()}
    weakest = weakest_dimensions(results)
    mm_gap = results.value("middle_management", INDEX, "gap")
    recommended = plan.loc[plan["recommended"]] if len(plan) else plan
    return {
        "organisation_name": params.organisation_name,
        "n_respondents": inputs.responses.n,
        "n_with_index": int((~np.isnan(results.scores.index)).sum()),
        "seed": params.seed,
        "bootstrap_samples": params.bootstrap_samples,
        "min_group_size": params.min_group_size,
        "index_by_tier": index_by_tier,
        **{f"index_{t}": v for t, v in index_by_tier.items()},
        "target_by_tier": {t: results.value(t, INDEX, "target") for t in index_by_tier},
        "weakest_dimension": {t: v["lowest_score"] for t, v in weakest.items()},
        "largest_gap_dimension": {t: v["largest_gap"] for t, v in weakest.items()},
        "middle_management_flag": flag.fires,
        "middle_management_flag_evaluable": flag.evaluable,
        "middle_management_flag_reason": flag.headline,
        "middle_management_prob_below_c_suite": none_if_nan(flag.prob_below_c_suite),
        "middle_management_gap": none_if_nan(mm_gap),
        "adoption_effect": params.adoption_effect,
        "adoption_multiplier": adoption_multiplier(mm_gap, params.adoption_effect)
        if np.isfinite(mm_gap)
        else None,
        "alpha_by_dimension": {
            d: none_if_nan(a) for d, a in zip(reliability["dimension"], reliability["alpha"], strict=True)
        },
        "low_reliability_dimensions": reliability.loc[~reliability["reliable"], "dimension"].tolist(),
        "suppressed_cells": int(results.table["suppressed"].sum()),
        "recommended_interventions": recommended["intervention"].tolist() if len(plan) else [],
        "plan_total_cost_low": float(recommended["total_cost_low"].sum()) if len(plan) else 0.0,
        "plan_total_cost_high": float(recommended["total_cost_high"].sum()) if len(plan) else 0.0,
    }


def run_notice(params: LeadershipFluencyParams, inputs: Inputs) -> str:
    """One line naming the organisation and the files scored (plain text; the display escapes it)."""
    synthetic = " — SYNTHETIC DATA, for illustration only" if not params.responses_csv else ""
    return (
        f"{params.organisation_name}: {inputs.responses.n:,} responses from {Path(inputs.responses.source).name}"
        f"{synthetic}; instrument {inputs.instrument.source} ({len(inputs.instrument.item_ids)} items, "
        f"{len(inputs.instrument.dimensions)} dimensions)."
    )
