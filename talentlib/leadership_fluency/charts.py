"""Charts of a leadership-fluency run and the what-if widget (data → figure; the notebook saves them).

Plotting libraries are imported inside the functions, so importing the package stays light. Captions
name the run's own sources (the bundled synthetic survey or the user's file; where the targets came from).
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from talentlib.config import batch_mode
from talentlib.leadership_fluency.model import TierResults, score_matrix
from talentlib.leadership_fluency.narrative import (
    pretty,
    responses_label,
    targets_are_assumptions,
    targets_label,
    targets_origin,
)
from talentlib.leadership_fluency.schema import INDEX, LIKERT_MAX, LIKERT_MIN
from talentlib.privacy import suppressed_label
from talentlib.report import Chart, figure_png, sources_caption

#: Width of the histogram bins of the fluency index, in index points.
HISTOGRAM_BIN_POINTS = 5


def _sources_caption(results: TierResults) -> str:
    """``Sources: <the answers>; targets: <where they came from>`` for this run."""
    return sources_caption([responses_label(results.scores.source), targets_label(results.target_sources)])


def _targets_note(results: TierResults) -> str:
    """What the targets are: talentlib's labelled assumptions, or values set for this run."""
    if targets_are_assumptions(results.target_sources):
        return "Targets are labelled assumptions."
    return f"Targets come from {targets_origin(results.target_sources)}."


def heatmap_chart(results: TierResults) -> Chart:
    """Tier × dimension heatmap of mean scores (0–100), suppressed cells greyed and labelled."""
    from talentlib.plots import plt, sns, tight_layout

    matrix = score_matrix(results).astype(float)
    targets = score_matrix(results, "target").astype(float)
    hidden = score_matrix(results, "suppressed").astype(bool)
    label = suppressed_label(results.min_group_size).replace(" (", "\n(")
    annot = np.where(
        hidden.to_numpy(),
        label,
        np.vectorize(lambda s, t: f"{s:.0f}\n(target {t:.0f})")(
            matrix.fillna(0).to_numpy(), targets.to_numpy()
        ),
    )
    fig, axis = plt.subplots(figsize=(1.6 * matrix.shape[1] + 2.5, 0.9 * matrix.shape[0] + 1.8))
    axis.set_facecolor("#e6e6e6")
    sns.heatmap(
        matrix.where(~hidden),
        mask=hidden.to_numpy(),
        annot=annot,
        fmt="",
        vmin=0,
        vmax=100,
        cmap="RdYlBu",  # ColorBrewer diverging, readable with red-green colour blindness
        linewidths=1,
        linecolor="white",
        cbar_kws={"label": "score (0–100)"},
        annot_kws={"fontsize": 8},
        ax=axis,
    )
    for (r, c), value in np.ndenumerate(annot):
        if hidden.to_numpy()[r, c]:
            axis.text(c + 0.5, r + 0.5, value, ha="center", va="center", fontsize=8, color="#444444")
    # Horizontal, wrapped to the column width (1.6 in): rotated labels of neighbouring columns ran together.
    axis.set_xticklabels([textwrap.fill(pretty(c), 14) for c in matrix.columns], rotation=0, ha="center")
    axis.set_yticklabels([pretty(t) for t in matrix.index], rotation=0)
    axis.set_xlabel("")
    axis.set_ylabel("")
    axis.set_title("AI fluency by tier and dimension (mean score, 0–100)")
    tight_layout(fig)
    return Chart(
        fig,
        "heatmap",
        alt="Heatmap of mean AI-fluency scores, one row per tier and one column per dimension plus the overall index; "
        "cells show the score and its target, small groups are greyed out as suppressed.",
        caption=f"Mean of respondent scores; score = (mean item − {LIKERT_MIN})/{LIKERT_MAX - LIKERT_MIN} × 100 "
        "after reverse-coding. " + _sources_caption(results),
    )


def gap_chart(results: TierResults) -> Chart:
    """Horizontal bars of the gap to target (target − score) per dimension, one panel per reported tier."""
    from talentlib.plots import PALETTE, plt, tight_layout

    tiers = results.reported_tiers() or ["(none)"]
    columns = list(results.scores.columns)
    fig, axes = plt.subplots(
        1,
        len(tiers),
        figsize=(3.4 * len(tiers) + 1.5, 0.45 * len(columns) + 1.8),
        sharey=True,
        sharex=True,
        squeeze=False,
    )
    positions = np.arange(len(columns))
    for axis, tier in zip(axes[0], tiers, strict=True):
        part = results.table[results.table["tier"] == tier].set_index("dimension").reindex(columns)
        gaps = part["gap"].to_numpy(dtype=float)
        colours = [PALETTE[4] if g > 0 else PALETTE[2] for g in np.nan_to_num(gaps)]
        axis.barh(positions, np.nan_to_num(gaps), color=colours)
        axis.axvline(0, color="black", linewidth=1)
        for pos, (gap, hidden) in enumerate(zip(gaps, part["suppressed"].fillna(True), strict=True)):
            text = "suppressed" if hidden else f"{gap:+.1f}"
            axis.annotate(
                text,
                (0 if hidden else gap, pos),
                ha="left" if (hidden or gap >= 0) else "right",
                va="center",
                fontsize=8,
            )
        axis.set_title(pretty(tier))
        axis.set_xlabel("points below target (+) / above (−)")
    axes[0][0].set_yticks(positions, [textwrap.fill(pretty(c), 18) for c in columns])
    axes[0][0].invert_yaxis()
    fig.suptitle("Gap to target by tier (target − score, index points)", fontweight="bold")
    tight_layout(fig)
    return Chart(
        fig,
        "gap_bars",
        alt="Bar panels, one per tier, of the gap between target and score for each dimension and the index; "
        "bars to the right are shortfalls.",
        caption="Gap = target − mean score; positive means below target. "
        + _targets_note(results)
        + " "
        + _sources_caption(results),
    )


def distribution_chart(results: TierResults) -> Chart:
    """Distribution of the respondents' fluency index per reported tier (binned densities, no individual points)."""
    from talentlib.plots import PALETTE, plt, tight_layout

    fig, axis = plt.subplots(figsize=(8, 4.2))
    bins = np.linspace(0, 100, 100 // HISTOGRAM_BIN_POINTS + 1)
    for colour, tier in zip(PALETTE, results.reported_tiers(), strict=False):
        values = results.scores.index[(results.scores.tier == tier) & ~np.isnan(results.scores.index)]
        axis.hist(
            values,
            bins=bins,
            density=True,
            histtype="step",
            linewidth=2,
            color=colour,
            label=f"{pretty(tier)} (n={values.size})",
        )
        axis.axvline(float(np.mean(values)), color=colour, linestyle="--", linewidth=1)
    axis.set_xlim(0, 100)
    axis.set_xlabel("fluency index (0–100)")
    axis.set_ylabel("density")
    axis.set_title("Distribution of the fluency index by tier (dashed: tier mean)")
    axis.legend(fontsize=8)
    tight_layout(fig)
    return Chart(
        fig,
        "distributions",
        alt="Step histograms of the respondents' fluency index for each reported tier, with dashed lines at the tier means.",
        caption=f"Binned in {HISTOGRAM_BIN_POINTS}-point steps; only tiers with at least {results.min_group_size} "
        "respondents with a fluency index are drawn. " + _sources_caption(results),
    )


def explorer_widget(results: TierResults) -> Any:
    """A tier selector and a target slider; the tier's dimension scores, CIs and gaps redraw live.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib.plots import plt, tight_layout

    tiers = results.reported_tiers()
    if not tiers:
        return widgets.HTML("<p>No tier has enough respondents to explore.</p>")
    tier = widgets.Dropdown(
        options=[(pretty(t), t) for t in tiers],
        value=tiers[-1] if "middle_management" not in tiers else "middle_management",
        description="Tier",
    )
    target = widgets.FloatSlider(
        value=results.value(tier.value, INDEX, "target"), min=0, max=100, step=1, description="Target"
    )
    image = widgets.Image(format="png")

    def on_tier(*_: Any) -> None:
        target.value = results.value(tier.value, INDEX, "target")
        redraw()

    def redraw(*_: Any) -> None:
        part = results.table[(results.table["tier"] == tier.value) & ~results.table["suppressed"]]
        fig, axis = plt.subplots(figsize=(7, 3.5))
        positions = np.arange(len(part))
        axis.barh(
            positions,
            part["score"],
            xerr=[part["score"] - part["ci_low"], part["ci_high"] - part["score"]],
            color="#1b6ca8",
        )
        axis.axvline(target.value, color="#c44e52", linestyle="--", label=f"target {target.value:.0f}")
        axis.set_yticks(positions, [textwrap.fill(pretty(d), 18) for d in part["dimension"]])
        axis.set_xlim(0, 100)
        below = int((part["score"] < target.value).sum())
        axis.set_title(
            f"{pretty(tier.value)}: {below} of {len(part)} scores below a target of {target.value:.0f}"
        )
        axis.legend(loc="lower right")
        tight_layout(fig)
        image.value = figure_png(fig, dpi=90)

    tier.observe(on_tier, names="value")
    target.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([tier, target]), image])
