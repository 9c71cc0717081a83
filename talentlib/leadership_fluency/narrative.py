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
from talentlib.labels import in_sentence
from talentlib.leadership_fluency.inputs import (
    SAMPLE_RESPONSES_FILE,
    SAMPLE_RESPONSES_LABEL,
    TARGETS_FILE,
    TARGETS_LABEL,
    Inputs,
)
from talentlib.leadership_fluency.model import (
    CS,
    MM,
    ManagementComparison,
    TierResults,
    compare_management,
    weakest_dimensions,
)
from talentlib.leadership_fluency.plan import residual_gaps
from talentlib.leadership_fluency.reliability import (
    ITEM_REST_MIN,
    LOADING_MIN,
    LOADING_SPREAD_MAX,
    POOLED,
    flagged_scales,
)
from talentlib.leadership_fluency.schema import CI_LEVEL, INDEX, TIERS, LeadershipFluencyParams
from talentlib.report import fmt_money, fmt_pct
from talentlib.spec import SYNTHETIC_METRIC

#: ``source`` label of targets set through the ``targets`` parameter (see ``load_targets``).
PARAMETER_TARGETS = "parameter targets"


def pretty(name: str) -> str:
    """A key as a reader reads it in a sentence (the suite's label map): ``c_suite`` → ``C-suite``."""
    return in_sentence(name)


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
        comparison: The numbers (shares of resamples, gaps, CIs).
    """

    fires: bool
    evaluable: bool
    headline: str
    evidence: list[str] = field(default_factory=list)
    comparison: ManagementComparison | None = None

    @property
    def mm_index(self) -> float:
        """Middle management's fluency index (NaN when not evaluable)."""
        return self.comparison.mm_index if self.comparison else float("nan")

    @property
    def c_suite_index(self) -> float:
        """The C-suite's fluency index (NaN when not evaluable)."""
        return self.comparison.c_suite_index if self.comparison else float("nan")

    @property
    def prob_below_c_suite(self) -> float:
        """Share of resamples with middle management's raw index below the C-suite's."""
        return self.comparison.prob_below_c_suite if self.comparison else float("nan")

    @property
    def lowest_dimensions(self) -> list[str]:
        """Dimensions on which middle management has the lowest score of all reported tiers."""
        return self.comparison.lowest_dimensions if self.comparison else []


def rule_text(confidence: float) -> str:
    """The rule in words, with the confidence it uses."""
    return (
        "Rule: flag when middle management is below its own target and further below it than the C-suite is "
        f"below its own, each in at least {fmt_pct(confidence)} of the bootstrap resamples (each tier is read "
        "against its own target; the raw comparison is shown alongside)."
    )


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
            f"Middle-management flag FIRES: middle managers are {c.mm_gap:.1f} points below their target of "
            f"{c.mm_target:.0f} (index {c.mm_index:.1f}), against the C-suite's {c.c_suite_gap:+.1f} points to its "
            f"target of {c.c_suite_target:.0f}, in {fmt_pct(c.prob_below_target)} and {fmt_pct(c.prob_gap_larger)} "
            "of resamples — the bottleneck the article warns about."
        )
    need = fmt_pct(c.confidence)
    failed = [
        text
        for text, ok in (
            (
                f"it is below its own target in {fmt_pct(c.prob_below_target)} of resamples, not {need}",
                c.below_target,
            ),
            (
                f"its gap to target ({c.mm_gap:+.1f}) exceeds the C-suite's ({c.c_suite_gap:+.1f}) in "
                f"{fmt_pct(c.prob_gap_larger)} of resamples, not {need}",
                c.gap_larger,
            ),
        )
        if not ok
    ]
    return f"Middle-management flag does not fire (index {c.mm_index:.1f}): " + "; and ".join(failed) + "."


def raw_reading(comparison: ManagementComparison) -> str:
    """The raw comparison with the C-suite, and whether it agrees with the target-relative one."""
    c = comparison
    raw = "below" if c.below_c_suite else "not reliably below"
    text = (
        f"Raw scores: middle management ({c.mm_index:.1f}) is {raw} the C-suite ({c.c_suite_index:.1f}) — below "
        f"in {fmt_pct(c.prob_below_c_suite)} of resamples."
    )
    if c.readings_disagree:
        text += (
            f" This disagrees with the target-relative reading (targets {c.mm_target:.0f} and "
            f"{c.c_suite_target:.0f}): the verdict follows the targets, so it rests on them."
        )
    return text


def flag_evidence(comparison: ManagementComparison, ci_methods: tuple[str, str]) -> list[str]:
    """The numbers behind an evaluable verdict: CIs, both gaps, the resampling shares, the lowest dimensions."""
    c = comparison
    (mm_lo, mm_hi), (cs_lo, cs_hi) = c.mm_ci, c.c_suite_ci
    ci = _ci_label()
    return [
        f"Middle management: {c.mm_index:.1f} ({ci} {mm_lo:.1f}–{mm_hi:.1f}, {ci_methods[0]}); C-suite: "
        f"{c.c_suite_index:.1f} ({ci} {cs_lo:.1f}–{cs_hi:.1f}, {ci_methods[1]}); the intervals "
        f"{'overlap' if c.intervals_overlap else 'do not overlap'}.",
        f"Gaps to their own targets: middle management {c.mm_gap:+.1f} (target {c.mm_target:.0f}), C-suite "
        f"{c.c_suite_gap:+.1f} (target {c.c_suite_target:.0f}); middle management's gap is the larger in "
        f"{fmt_pct(c.prob_gap_larger)} of {c.resamples:,} resamples, and it is below its target in "
        f"{fmt_pct(c.prob_below_target)}.",
        raw_reading(c),
        (
            "Middle management is the lowest tier on: " + _names(c.lowest_dimensions) + "."
            if c.lowest_dimensions
            else "Middle management is not the lowest tier on any dimension."
        ),
        rule_text(c.confidence),
    ]


def middle_management_flag(results: TierResults, confidence: float = 0.9) -> ManagementFlag:
    """Apply the rule (see :class:`model.ManagementComparison`) at the given confidence.

    Returns:
        The verdict with its evidence.
    """
    c = compare_management(results, confidence)
    headline = flag_headline(c, results.min_group_size)
    if not c.evaluable:
        return ManagementFlag(fires=False, evaluable=False, headline=headline, comparison=c)
    methods = (results.ci_method(MM), results.ci_method(CS))
    return ManagementFlag(
        fires=c.fires, evaluable=True, headline=headline, evidence=flag_evidence(c, methods), comparison=c
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


def _group_name(tier: str) -> str:
    return "all respondents" if tier == POOLED else pretty(tier)


def _scale_text(row: pd.Series) -> str:
    """``use case evaluation (α 0.68, 95% CI 0.52–0.80, ω 0.70, n 40)``."""
    if not np.isfinite(row["alpha"]):
        return f"{pretty(row['dimension'])} ({_alpha_text(row['alpha'])}, n {row['n']})"
    return (
        f"{pretty(row['dimension'])} ({_alpha_text(row['alpha'])}, {_ci_label()} {row['alpha_ci_low']:.2f}–"
        f"{row['alpha_ci_high']:.2f}, ω {row['omega']:.2f}, n {row['n']})"
    )


def reliability_findings(reliability: pd.DataFrame, threshold: float) -> list[str]:
    """Per group (all respondents, then each reported tier): the scales under the threshold.

    Also the scales whose Feldt interval reaches below the threshold although α does not.

    Args:
        reliability: Output of :func:`reliability.tier_reliability_table`.
        threshold: ``alpha_threshold``.
    """
    shown = reliability[~reliability["suppressed"]]
    flagged = shown[shown["flagged"]]
    out = []
    if flagged.empty:
        out.append(f"Every reported scale reaches α ≥ {threshold:g}, pooled and in every tier reported.")
    for tier, part in flagged.groupby("tier", sort=False):
        listed = "; ".join(_scale_text(row) for _, row in part.iterrows())
        out.append(
            f"Scales below α {threshold:g} in {_group_name(str(tier))}: {listed} — read that group's scores on "
            "them with care."
        )
    unsure = shown[~shown["flagged"] & (shown["alpha_ci_low"] < threshold)]
    if len(unsure):
        pairs = ", ".join(
            f"{pretty(d)} in {_group_name(str(t))}"
            for t, d in zip(unsure["tier"], unsure["dimension"], strict=True)
        )
        out.append(
            f"α reaches {threshold:g} but its Feldt {_ci_label()} reaches below it for {len(unsure)} scale-group "
            f"pair(s): {pairs}."
        )
    return out


def invariance_finding(noncomparable: dict[str, str]) -> str:
    """The measurement-invariance screen's verdict in one sentence."""
    if not noncomparable:
        return (
            f"Invariance screen: on every dimension the items hold together in every screened tier (item–rest r ≥ "
            f"{ITEM_REST_MIN:g}, loadings ≥ {LOADING_MIN:g}, no loading differing between tiers by more than "
            f"{LOADING_SPREAD_MAX:g} beyond sampling noise); tiers may be compared."
        )
    listed = "; ".join(f"{pretty(d)}: {why}" for d, why in noncomparable.items())
    return (
        f"Tiers cannot be compared on {len(noncomparable)} dimension(s), the scale may not mean the same thing in "
        f"each tier — {listed}. Compare those tiers on the other dimensions."
    )


def plan_finding(plan: pd.DataFrame) -> str | None:
    """The gap each tier below target has before and after its recommended intervention (p50 gain)."""
    chosen = plan[plan["recommended"]] if len(plan) else plan
    if chosen.empty:
        return None
    parts = [
        f"{pretty(r['tier'])} {r['gap_before']:.1f} → {r['gap_after']:+.1f} with {pretty(r['intervention'])} "
        f"(+{r['gain_p50']:.1f}, range {r['gain_low']:.1f}–{r['gain_high']:.1f})"
        for _, r in chosen.iterrows()
    ]
    left = chosen[chosen["gap_after"] > 0]
    tail = (
        f" {len(left)} tier(s) stay below target: " + _names(left["tier"].tolist()) + "."
        if len(left)
        else " Every tier below target reaches it at the p50 gain."
    )
    return (
        "Gap to target before → after the recommended intervention (index points): "
        + "; ".join(parts)
        + "."
        + tail
    )


def basis_finding(results: TierResults, params: LeadershipFluencyParams) -> str:
    """What the numbers rest on: the bundled synthetic survey or the user's file, and where the targets came from."""
    label = responses_label(results.scores.source)
    origin = targets_origin(results.target_sources)
    return (
        f"Every score, reliability and interval here rests on {label[0].lower() + label[1:]} "
        f"({len(results.scores.tier):,} respondents); targets come from {origin}; costs, uplifts and the "
        f"{fmt_pct(params.response_rate)} response rate are labelled assumptions unless set for this run."
    )


def findings(
    results: TierResults,
    reliability: pd.DataFrame,
    flag: ManagementFlag,
    params: LeadershipFluencyParams,
    plan: pd.DataFrame | None = None,
    noncomparable: dict[str, str] | None = None,
) -> list[str]:
    """Plain-language findings, every number computed from the run."""
    out = [basis_finding(results, params)]
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
    out += reliability_findings(reliability, params.alpha_threshold)
    if noncomparable is not None:
        out.append(invariance_finding(noncomparable))
    out.append(flag.headline)
    if plan is not None and (text := plan_finding(plan)):
        out.append(text)
    return out


def recommendations(metrics: dict[str, Any], params: LeadershipFluencyParams) -> list[str]:
    """What to do about leadership AI fluency, each with its number from the run's metrics."""
    out = []
    if metrics.get("middle_management_flag"):
        largest = metrics["largest_gap_dimension"].get("middle_management", "n/a")
        out.append(
            f"Start the fluency programme with middle management: it is {metrics['middle_management_gap']:.1f} points "
            f"under its own target, against the C-suite's {metrics['c_suite_gap']:+.1f} to its own; its largest gap "
            f"is in {pretty(largest)}."
        )
    interventions = metrics.get("recommended_interventions") or []
    if interventions:
        left = {t: g for t, g in (metrics.get("plan_gap_after") or {}).items() if g > 0}
        tail = (
            " They leave "
            + "; ".join(f"{pretty(t)} {g:.1f} points short" for t, g in left.items())
            + " of target at the p50 gain: plan a second step or a longer programme there."
            if left
            else " At the p50 gain they close every gap."
        )
        out.append(
            f"Fund {_names(interventions)} "
            f"({fmt_money(metrics['plan_total_cost_low'])}–{fmt_money(metrics['plan_total_cost_high'])} in total for "
            "the tiers' headcount): the lowest cost per point of gap closed in each tier below target (see the plan "
            "table)." + tail
        )
    missing = [t for t in metrics.get("people_by_tier", {}) if t not in params.headcount]
    if interventions and missing:
        out.append(
            f"Set the headcount of {_names(missing)}: their cost assumes the respondents are "
            f"{fmt_pct(params.response_rate)} of the tier (labelled assumption)."
        )
    multiplier = metrics.get("adoption_multiplier")
    if multiplier is not None and multiplier < 1:
        out.append(
            f"Expect AI tools to reach about {fmt_pct(multiplier)} of their planned adoption until middle management "
            f"closes its gap (labelled assumption: {fmt_pct(params.adoption_effect)} of adoption lost per "
            f"{ADOPTION_GAP_UNIT:g} points)."
        )
    weak = sorted({d for dims in (metrics.get("reliability_flagged_by_tier") or {}).values() for d in dims})
    if weak:
        out.append(
            f"Revise the survey items of {_names(weak)} before acting on those "
            "scores: their scales fall below the reliability threshold in at least one reported group."
        )
    if metrics.get("noncomparable_dimensions"):
        out.append(
            "Do not rank tiers on "
            + _names(list(metrics["noncomparable_dimensions"]))
            + " until the invariance screen passes (more respondents per tier, or revised items)."
        )
    return out


def none_if_nan(value: float | None) -> float | None:
    """``None`` for a missing or non-finite number (JSON has no NaN), else the float."""
    return None if value is None or not np.isfinite(value) else float(value)


def _flag_metrics(flag: ManagementFlag, params: LeadershipFluencyParams) -> dict[str, Any]:
    c = flag.comparison
    evaluable = c is not None and c.evaluable
    return {
        "middle_management_flag": flag.fires,
        "middle_management_flag_evaluable": flag.evaluable,
        "middle_management_flag_reason": flag.headline,
        "flag_confidence": params.flag_confidence,
        "middle_management_prob_below_c_suite": none_if_nan(flag.prob_below_c_suite),
        "middle_management_prob_below_target": none_if_nan(c.prob_below_target) if evaluable else None,
        "middle_management_prob_gap_larger": none_if_nan(c.prob_gap_larger) if evaluable else None,
        "middle_management_below_c_suite_raw": bool(c.below_c_suite) if evaluable else None,
        "c_suite_gap": none_if_nan(c.c_suite_gap) if evaluable else None,
    }


def _reliability_metrics(reliability: pd.DataFrame) -> dict[str, Any]:
    shown = reliability[~reliability["suppressed"]]
    pooled = shown[shown["tier"] == POOLED]
    by_tier: dict[str, dict[str, float | None]] = {}
    for tier, dim, alpha in zip(shown["tier"], shown["dimension"], shown["alpha"], strict=True):
        by_tier.setdefault(str(tier), {})[str(dim)] = none_if_nan(alpha)
    return {
        "alpha_by_dimension": {
            d: none_if_nan(a) for d, a in zip(pooled["dimension"], pooled["alpha"], strict=True)
        },
        "omega_by_dimension": {
            d: none_if_nan(w) for d, w in zip(pooled["dimension"], pooled["omega"], strict=True)
        },
        "alpha_by_tier": by_tier,
        "low_reliability_dimensions": pooled.loc[pooled["flagged"], "dimension"].tolist(),
        "reliability_flagged_by_tier": flagged_scales(reliability),
    }


def metrics(
    params: LeadershipFluencyParams,
    inputs: Inputs,
    results: TierResults,
    reliability: pd.DataFrame,
    flag: ManagementFlag,
    plan: pd.DataFrame,
    noncomparable: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Headline numbers for ``metrics.json``."""
    index_by_tier = {t: none_if_nan(results.value(t)) for t in TIERS if (results.table["tier"] == t).any()}
    weakest = weakest_dimensions(results)
    mm_gap = results.value("middle_management", INDEX, "gap")
    recommended = plan.loc[plan["recommended"]] if len(plan) else plan
    reported = results.reported_tiers()
    return {
        "organisation_name": params.organisation_name,
        SYNTHETIC_METRIC: not params.responses_csv,
        "responses_source": responses_label(results.scores.source),
        "n_respondents": inputs.responses.n,
        "n_with_index": int((~np.isnan(results.scores.index)).sum()),
        "seed": params.seed,
        "bootstrap_samples": params.bootstrap_samples,
        "min_group_size": params.min_group_size,
        "index_by_tier": index_by_tier,
        **{f"index_{t}": v for t, v in index_by_tier.items()},
        "index_ci_by_tier": {
            t: [
                none_if_nan(results.value(t, INDEX, "ci_low")),
                none_if_nan(results.value(t, INDEX, "ci_high")),
            ]
            for t in reported
        },
        "ci_method_by_tier": {t: results.ci_method(t) for t in reported},
        "target_by_tier": {t: results.value(t, INDEX, "target") for t in index_by_tier},
        "weakest_dimension": {t: v["lowest_score"] for t, v in weakest.items()},
        "largest_gap_dimension": {t: v["largest_gap"] for t, v in weakest.items()},
        **_flag_metrics(flag, params),
        "middle_management_gap": none_if_nan(mm_gap),
        "adoption_effect": params.adoption_effect,
        "adoption_multiplier": adoption_multiplier(mm_gap, params.adoption_effect)
        if np.isfinite(mm_gap)
        else None,
        **_reliability_metrics(reliability),
        "noncomparable_dimensions": dict(noncomparable or {}),
        "suppressed_cells": int(results.table["suppressed"].sum()),
        "recommended_interventions": recommended["intervention"].tolist() if len(plan) else [],
        "people_by_tier": {
            str(t): int(p)
            for t, p in zip(recommended.get("tier", []), recommended.get("people", []), strict=True)
        },
        "response_rate": params.response_rate,
        "plan_gap_after": residual_gaps(plan),
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
