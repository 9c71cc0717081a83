"""Strategy-ROI charts (data → :class:`~talentlib.report.Chart`) and the what-if widget.

Plotting is imported inside each function (``talentlib.plots``, matplotlib, ipywidgets), so the package imports
without them; captions name this run's sources (:func:`talentlib.strategy_roi.narrative.assumption_caption`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from talentlib.config import batch_mode
from talentlib.labels import label
from talentlib.report import (
    Chart,
    figure_png,
    findings_html,
    fmt_money,
    fmt_num,
    fmt_pct,
    sources_caption,
    table_html,
)
from talentlib.strategy_roi.narrative import assumption_caption, strategy_label
from talentlib.strategy_roi.optimise import PortfolioResult
from talentlib.strategy_roi.org import ORG_LABELS, ORG_MODELS
from talentlib.strategy_roi.schema import STRATEGIES, UNITS, StrategyRoiParams
from talentlib.strategy_roi.sources import figure
from talentlib.strategy_roi.views import TABLE_FORMATS, what_if


def npv_chart(strategies: pd.DataFrame, params: StrategyRoiParams) -> Chart:
    """NPV per unit, P10–P90 range with the P50, by strategy."""
    from talentlib import plots
    from talentlib.plots import plt

    data = strategies.sort_values("npv_p50")
    fig, axis = plt.subplots(figsize=(8, 0.55 * len(data) + 1.6))
    positions = np.arange(len(data))
    axis.hlines(
        positions,
        data["npv_p10"],
        data["npv_p90"],
        color=plots.PALETTE[0],
        linewidth=6,
        alpha=0.45,
        label="P10–P90",
    )
    axis.scatter(data["npv_p50"], positions, color=plots.PALETTE[1], zorder=3, label="P50")
    axis.axvline(0, color="black", linewidth=1)
    axis.set_yticks(positions, [f"{strategy_label(k, params)} (per {UNITS[k]})" for k in data["strategy"]])
    plots.money_axis(axis, "x")
    axis.set_xlabel(
        f"NPV per unit over {params.horizon_years} years at {fmt_pct(params.discount_rate)} (USD)"
    )
    axis.set_title("NPV by strategy, per unit")
    axis.legend(loc="lower right", fontsize=8)
    plots.tight_layout(fig)
    return Chart(
        fig,
        "npv_ranges",
        alt="Horizontal range bars of NPV per unit for each strategy, P10 to P90 with the median marked.",
        caption=f"Seeded Monte Carlo, {params.simulations:,} draws, uniform over every input range; no value after the "
        "horizon. " + assumption_caption(params),
    )


def _lever_label(variable: str, key: str) -> str:
    """A tornado bar's label: ``rotation.carry_back_share`` in the rotation panel → ``carry back share``.

    Another strategy's input is named by that strategy's label (``hire.pay`` → ``Hire (standard process): pay``).
    """
    section, _, name = variable.rpartition(".")
    words = name.replace("_", " ")
    return words if section in ("", key) else f"{label(section)}: {words}"


def tornado_chart(table: pd.DataFrame, params: StrategyRoiParams, top: int = 8) -> Chart:
    """Small multiples: for each strategy, the inputs that move its per-unit NPV most (one at a time), by swing."""
    from talentlib import plots
    from talentlib.plots import plt

    keys = [k for k in STRATEGIES if k in set(table["strategy"])]
    ncols = 2
    nrows = math.ceil(len(keys) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(13, 2.9 * nrows), squeeze=False)
    for index, key in enumerate(keys):
        axis = axes[index // ncols][index % ncols]
        data = table[table["strategy"] == key].nlargest(top, "swing").iloc[::-1]
        base = float(data["base_value"].iloc[0])
        pos = np.arange(len(data))
        axis.barh(
            pos, data["low_value"] - base, left=base, color=plots.PALETTE[0], label="input at its low end"
        )
        axis.barh(
            pos, data["high_value"] - base, left=base, color=plots.PALETTE[1], label="input at its high end"
        )
        axis.axvline(base, color="black", linewidth=1)
        axis.set_yticks(pos, [_lever_label(v, key) for v in data["variable"]], fontsize=8)
        plots.money_axis(axis, "x")
        axis.set_title(f"{strategy_label(key, params)} (base {fmt_money(base)})", fontsize=10)
    for index in range(len(keys), nrows * ncols):
        axes[index // ncols][index % ncols].set_visible(False)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    fig.suptitle("What moves each strategy's NPV per unit", fontweight="bold")
    plots.tight_layout(fig, rect=(0, 0.04, 1, 0.97))
    return Chart(
        fig,
        "tornado",
        alt=f"{len(keys)} tornado panels, one per strategy, showing NPV per unit with each input at its low and high end.",
        caption=f"One input at a time at its low/high end, all others at their midpoints (deterministic); the "
        f"discount rate at {fmt_pct(params.discount_rate_range[0])}–{fmt_pct(params.discount_rate_range[1])} "
        f"(discount_rate_range). The {top} largest swings per strategy; every input is in tables/tornado.csv. "
        + assumption_caption(params),
    )


def frontier_chart(front: pd.DataFrame, result: PortfolioResult, params: StrategyRoiParams) -> Chart:
    """Minimum cost against capacity target, with the budget and the target."""
    from talentlib import plots
    from talentlib.plots import plt

    fig, axis = plt.subplots(figsize=(8, 4.4))
    axis.plot(
        front["capacity_target_fte"],
        front["min_cost"],
        marker="o",
        color=plots.PALETTE[0],
        label="minimum cost",
    )
    axis.axhline(
        params.budget, color=plots.PALETTE[4], linestyle="--", label=f"budget {fmt_money(params.budget)}"
    )
    axis.axvline(
        params.capacity_target_fte,
        color=plots.PALETTE[2],
        linestyle=":",
        label=f"target {fmt_num(params.capacity_target_fte, 1)} FTE",
    )
    axis.scatter(
        [result.total_fte], [result.total_cost], color=plots.PALETTE[1], zorder=4, s=60, label="chosen mix"
    )
    axis.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"${v / 1e6:,.1f}M"))
    axis.set_xlabel(f"productive AI FTE added by year {params.horizon_years} (expected)")
    axis.set_ylabel("minimum total cost over the horizon (USD)")
    axis.set_title("Cost-versus-capacity frontier")
    axis.legend(fontsize=8, loc="upper left")
    plots.tight_layout(fig)
    return Chart(
        fig,
        "frontier",
        alt="Rising curve of minimum cost against FTE target, with the budget as a horizontal line and the target vertical.",
        caption="Mixed-integer programme (scipy.optimize.milp) over whole units; capacity and cost per unit are Monte "
        "Carlo means; limits per strategy and a shared recruiting limit. " + assumption_caption(params),
    )


def org_chart(org: pd.DataFrame) -> Chart:
    """Cost per effective FTE by model for the organisation, and the model choice across the grid."""
    from matplotlib.colors import ListedColormap

    from talentlib import plots
    from talentlib.plots import plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.6), gridspec_kw={"width_ratios": [1, 1.3]})
    mine = org[org["case"].isin(["today", "after plan"])]
    width = 0.38
    for offset, (_, row) in zip((-width / 2, width / 2), mine.iterrows(), strict=True):
        values = [row[f"{m}_cost_per_effective_fte"] for m in ORG_MODELS]
        left.bar(
            np.arange(3) + offset, values, width, label=f"{row['case']} ({row['ai_headcount']} AI staff)"
        )
    left.set_xticks(np.arange(3), [ORG_LABELS[m] for m in ORG_MODELS])
    plots.money_axis(left)
    left.set_ylabel("annual cost per effective AI FTE (USD)")
    left.set_title("Your organisation")
    left.legend(fontsize=8)
    maturity = mine["maturity"].iloc[0]
    grid = org[(org["case"] == "grid") & (org["maturity"] == maturity)]
    heads = sorted(grid["ai_headcount"].unique())
    units = sorted(grid["business_units"].unique())
    code = {m: i for i, m in enumerate(ORG_MODELS)}
    matrix = np.full((len(heads), len(units)), np.nan)
    for _, row in grid.iterrows():
        matrix[heads.index(row["ai_headcount"]), units.index(row["business_units"])] = code[
            row["model_choice"]
        ]
    right.imshow(
        matrix, cmap=ListedColormap(plots.PALETTE[:3]), vmin=-0.5, vmax=2.5, aspect="auto", origin="lower"
    )
    short = {"coe": "CoE", "hub_and_spoke": "Hub", "embedded": "Emb"}
    for _, row in grid.iterrows():
        i, j = heads.index(row["ai_headcount"]), units.index(row["business_units"])
        right.text(
            j,
            i,
            f"{short[row['model_choice']]}\n(article: {short[row['article_guidance']]})",
            ha="center",
            va="center",
            fontsize=7,
            color="white",
        )
    right.set_xticks(range(len(units)), [str(u) for u in units])
    right.set_yticks(range(len(heads)), [str(h) for h in heads])
    right.set_xlabel("business units")
    right.set_ylabel("AI headcount")
    right.set_title(f"Cost model's pick ({grid['maturity'].iloc[0]} maturity)")
    right.grid(False)
    plots.tight_layout(fig)
    coe = figure("article.coe_max_headcount")
    return Chart(
        fig,
        "org_model",
        alt="Bar chart of cost per effective FTE for CoE, hub and spoke and embedded; grid of the cheapest model by headcount and business units.",
        caption=f"Article guidance (CoE below {coe.low:g} AI professionals at early maturity, hub and spoke when scaling, "
        "embedded when mature) beside a labelled cost and coordination model (assumption.strategy_coe_*, embedded_*, "
        "hub_*). " + sources_caption([coe.citation]),
    )


def what_if_widget(params: StrategyRoiParams) -> Any:
    """Sliders for the value multiple, discount rate, target, budget and offer percentile; NPV bars and the mix recompute.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    from talentlib import plots

    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib.plots import plt

    style = {"description_width": "initial"}
    value = widgets.FloatSlider(
        value=1.0, min=0.5, max=2.0, step=0.05, description="× value multiple", style=style
    )
    rate = widgets.FloatSlider(
        value=params.discount_rate, min=0.0, max=0.3, step=0.01, description="discount rate", style=style
    )
    target = widgets.FloatSlider(
        value=params.capacity_target_fte,
        min=0.0,
        max=max(4 * params.capacity_target_fte, 10.0),
        step=1.0,
        description="target FTE",
        style=style,
    )
    budget = widgets.FloatSlider(
        value=params.budget,
        min=0.0,
        max=max(3 * params.budget, 1e6),
        step=max(params.budget / 20, 1e5),
        description="budget (USD)",
        style=style,
        readout_format=",.0f",
    )
    offer = widgets.FloatSlider(
        value=params.hire.offer_percentile,
        min=10,
        max=90,
        step=5,
        description="offer percentile",
        style=style,
    )
    image = widgets.Image(format="png")
    notes = widgets.HTML()

    def redraw(*_: Any) -> None:
        table, result = what_if(
            params, value.value, rate.value, target.value, budget.value, offer_percentile=offer.value
        )
        fig, axis = plt.subplots(figsize=(7.5, 3.4))
        axis.barh(
            [strategy_label(k, params) for k in table["strategy"]], table["npv_p50"], color=plots.PALETTE[0]
        )
        axis.axvline(0, color="black", linewidth=1)
        plots.money_axis(axis, "x")
        axis.set_title("NPV per unit (P50)")
        plots.tight_layout(fig)
        image.value = figure_png(fig, dpi=90)
        chosen = result.allocation.loc[result.allocation["units"] > 0, ["strategy", "units", "fte", "cost"]]
        notes.value = findings_html([result.explanation], title="Portfolio") + table_html(
            chosen, formats=TABLE_FORMATS
        )

    for slider in (value, rate, target, budget, offer):
        slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([value, rate]), widgets.HBox([target, budget]), offer, image, notes])
