"""Charts of the compensation report and the what-if widget (matplotlib and ipywidgets imported lazily)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation.bands import article_base_bands, bands_for_year, market_bands
from talentlib.compensation.compression import Compression
from talentlib.compensation.drift import case_label, drift_cases, drift_source, growth_rates
from talentlib.compensation.geography import POOLED_COUNTRY
from talentlib.compensation.inputs import SURVEY_SOURCE
from talentlib.compensation.model import heatmap_table, what_if_metrics
from talentlib.compensation.narrative import GROWTH_FIGURE, growth_phrase, growth_source
from talentlib.compensation.schema import COASTAL, LEVELS, CompensationParams, article_roles
from talentlib.compensation.views import OTHER, cost_display
from talentlib.config import batch_mode
from talentlib.labels import in_sentence, label
from talentlib.privacy import suppressed_label
from talentlib.report import Chart, figure_png, fmt_money, fmt_pct, sources_caption

# ---------------------------------------------------------------------------------------------------------
# Charts


def band_chart(bands: pd.DataFrame, params: CompensationParams, year: int | None = None) -> Chart:
    """Band ranges by role and level, one bar per tier; open-ended tops marked with an arrow."""
    from talentlib import plots
    from talentlib.plots import plt

    year = params.target_year if year is None else year
    part = bands_for_year(bands, year)
    part = part[part["country"].isin(["US", POOLED_COUNTRY])]
    roles = article_roles()
    tiers = list(params.location_tiers)
    fig, axes = plt.subplots(1, len(roles), figsize=(3.3 * len(roles), 4.2), sharey=True)
    width = 0.8 / len(tiers)
    for axis, role in zip(np.atleast_1d(axes), roles, strict=True):
        for t_index, tier in enumerate(tiers):
            rows = (
                part[(part["role"] == role) & (part["location_tier"] == tier)]
                .set_index("level")
                .reindex(LEVELS)
            )
            x = np.arange(len(LEVELS)) + (t_index - (len(tiers) - 1) / 2) * width
            colour = plots.PALETTE[t_index % len(plots.PALETTE)]
            axis.bar(
                x,
                rows["high"] - rows["low"],
                bottom=rows["low"],
                width=width * 0.9,
                color=colour,
                alpha=0.6,
                label=label(tier),
            )
            axis.scatter(x, rows["mid"], color="black", s=10, zorder=3)
            for xi, top, oe in zip(x, rows["high"], rows["open_ended"], strict=True):
                if oe:
                    axis.annotate("+", (xi, top), ha="center", va="bottom", fontsize=11, fontweight="bold")
        plots.key_ticks(axis, np.arange(len(LEVELS)), LEVELS)
        axis.set_title(label(role), fontsize=10)
        plots.money_axis(axis)
    measure = label(part["pay_measure"].iloc[0] if len(part) else params.pay_measure)
    np.atleast_1d(axes)[0].set_ylabel(f"{measure}, USD/yr ({year})")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    bottom = plots.legend_below(fig, handles, labels, ncol=len(tiers))
    fig.suptitle(f"Market bands by role, level and location tier, {year}", fontweight="bold")
    plots.tight_layout(fig, rect=(0, bottom, 1, 0.95))
    sources = "; ".join(dict.fromkeys(part["source"])) if len(part) else "article"
    return Chart(
        fig,
        "band_ranges",
        alt=f"Bar ranges of pay bands for {len(roles)} AI roles at {len(LEVELS)} levels and {len(tiers)} location "
        f"tiers in {year}; {_band_pattern(part, tiers)}.",
        caption=f"Bars span band low–high, dots are midpoints, '+' marks open-ended bands (high as written). "
        f"Bands: {sources}, aged at {fmt_pct(growth_rates(params)['central'], 1)}/yr ({growth_source(params)}). "
        f"International bars: the pooled survey factor (country rows in bands.csv). "
        + sources_caption(_tier_sources(part)),
    )


def _band_pattern(part: pd.DataFrame, tiers: list[str]) -> str:
    """What the band chart shows, measured on its data: where senior bands sit and which tier is lowest."""
    if part.empty:
        return "no bands to show"
    mids = part.pivot_table(index=["location_tier", "role"], columns="level", values="mid", aggfunc="first")
    senior_top = int((mids.reindex(columns=list(LEVELS)).idxmax(axis=1) == LEVELS[-1]).sum())
    seniors = (
        "senior midpoints are the highest in every role and tier"
        if senior_top == len(mids)
        else f"senior midpoints are the highest in {senior_top} of {len(mids)} role-tier groups"
    )
    geo = part[part["year"] == part["year"].iloc[0]]
    factors = geo.groupby("location_tier", sort=False)["factor"].median().reindex(tiers).dropna()
    if factors.nunique() <= 1:
        return f"{seniors}; every tier has the same factor"
    lowest = " and ".join(in_sentence(t) for t in factors.index[factors == factors.min()])
    return f"{seniors}; {lowest} bars sit lowest"


def _tier_sources(part: pd.DataFrame) -> list[str]:
    """What the tier and country factors of the charted bands rest on (``factor_source``, each once)."""
    return list(dict.fromkeys(part["factor_source"])) if len(part) else []


def survey_chart(survey_table: pd.DataFrame, bands: pd.DataFrame, params: CompensationParams) -> Chart:
    """The article's coastal bands (aged to the survey year) inside the survey's P10–P90 per role and level."""
    from talentlib import plots
    from talentlib.plots import plt

    cells = survey_table[
        (survey_table["country"] == params.survey_country) & (survey_table["year"] == params.survey_year)
    ]
    as_article = params.model_copy(
        update={"band_source": "article", "pay_measure": "total_comp", "measure_conversion": []}
    )
    article = market_bands(as_article, article_base_bands(), [params.survey_year])
    article = article[article["location_tier"] == COASTAL].drop(columns=["p10", "p25", "p50", "p75", "p90"])
    roles = article_roles()
    fig, axes = plt.subplots(1, len(roles), figsize=(3.3 * len(roles), 4.2), sharey=True)
    for axis, role in zip(np.atleast_1d(axes), roles, strict=True):
        s = cells[cells["role"] == role].set_index("level").reindex(LEVELS)
        a = article[article["role"] == role].set_index("level").reindex(LEVELS)
        x = np.arange(len(LEVELS))
        axis.vlines(
            x - 0.15, s["p10"], s["p90"], color=plots.PALETTE[5], linewidth=1.5, label="survey P10–P90"
        )
        axis.bar(
            x - 0.15,
            s["p75"] - s["p25"],
            bottom=s["p25"],
            width=0.25,
            color=plots.PALETTE[0],
            alpha=0.5,
            label="survey P25–P75",
        )
        axis.scatter(
            x - 0.15, s["p50"], color=plots.PALETTE[0], marker="_", s=200, zorder=3, label="survey P50"
        )
        axis.bar(
            x + 0.15,
            a["high"] - a["low"],
            bottom=a["low"],
            width=0.25,
            color=plots.PALETTE[1],
            alpha=0.6,
            label="article band (coastal)",
        )
        for xi, n_cell, p50 in zip(x, s["n"], s["p50"], strict=True):
            count = (
                "no data"
                if pd.isna(n_cell)
                else (f"n={int(n_cell)}" if pd.notna(p50) else f"n<{params.min_group_size}")
            )
            axis.annotate(
                count,
                (xi - 0.15, 0),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=7,
            )
        plots.key_ticks(axis, x, LEVELS)
        axis.set_title(label(role), fontsize=10)
        plots.money_axis(axis)
    np.atleast_1d(axes)[0].set_ylabel(f"USD/yr ({params.survey_year})")
    handles, labels = np.atleast_1d(axes)[0].get_legend_handles_labels()
    bottom = plots.legend_below(fig, handles, labels, ncol=4)
    fig.suptitle(
        f"Article bands inside the survey distribution ({params.survey_country}, {params.survey_year})",
        fontweight="bold",
    )
    plots.tight_layout(fig, rect=(0, bottom, 1, 0.95))
    article_year = int(article_base_bands()["base_year"].iloc[0])
    direction = "back" if params.survey_year < article_year else "forward"
    return Chart(
        fig,
        "survey_vs_article",
        alt="For each role and level, the survey's P10–P90 range and P25–P75 box beside the article's band; "
        f"{_article_vs_survey(cells, article)}.",
        caption=f"Survey: salaries (mostly base) of full-time respondents resident in {params.survey_country}; cells with "
        f"n<{params.min_group_size} suppressed. Article bands are total compensation, aged {direction} to "
        f"{params.survey_year} at {fmt_pct(growth_rates(params)['central'], 1)}/yr ({growth_source(params)} central "
        f"growth). Sources: {SURVEY_SOURCE}; {reference.ARTICLE_SOURCE}.",
    )


def _article_vs_survey(cells: pd.DataFrame, article: pd.DataFrame) -> str:
    """How many role-level cells with survey data have the article's midpoint above the survey median."""
    joined = article.merge(cells[["role", "level", "p50"]], on=["role", "level"]).dropna(subset=["p50"])
    if joined.empty:
        return "no survey cell has enough respondents to compare"
    above = int((joined["mid"] > joined["p50"]).sum())
    return f"the article's midpoint is above the survey median in {above} of {len(joined)} cells with survey data"


def compa_distribution_chart(comp: pd.DataFrame, params: CompensationParams) -> Chart:
    """Histogram of compa-ratios stacked by role (roles below ``min_group_size`` pooled)."""
    from talentlib import plots
    from talentlib.plots import plt

    codes, roles = pd.factorize(comp["role"].astype(str))
    large = np.bincount(codes, minlength=len(roles)) >= params.min_group_size
    names = np.where(large, np.asarray(roles, dtype=object), OTHER)
    ratio = comp["compa_ratio"].clip(0.4, 2.0).to_numpy()
    bins = np.arange(0.4, 2.0001, 0.05)
    fig, axis = plt.subplots(figsize=(8, 4.2))
    # Stacked by role as filled steps: one polygon per role (a bar per bin and role cost ~1 ms each to draw).
    bottom = np.zeros(len(bins) - 1)
    for colour, name in zip(itertools.cycle(plots.PALETTE), sorted(set(names)), strict=False):
        counts = np.histogram(ratio[np.isin(codes, np.flatnonzero(names == name))], bins)[0]
        top = bottom + counts
        axis.stairs(top, bins, baseline=bottom, fill=True, color=colour, alpha=0.8, label=label(name))
        bottom = top
    axis.legend(title="Role", fontsize=8)
    axis.axvline(1.0, color="black", linewidth=1)
    axis.axvline(params.flight_risk_compa_ratio, color="black", linestyle="--", linewidth=1)
    axis.annotate(
        "band midpoint", (1.0, 1), xycoords=("data", "axes fraction"), ha="left", va="top", fontsize=8
    )
    axis.annotate(
        "flight-risk screen",
        (params.flight_risk_compa_ratio, 0.92),
        xycoords=("data", "axes fraction"),
        ha="right",
        va="top",
        fontsize=8,
    )
    axis.set_xlabel("compa-ratio (pay ÷ band midpoint; clipped to 0.4–2.0)")
    axis.set_ylabel("employees")
    axis.set_title(f"Compa-ratio distribution, {params.pay_year}")
    plots.tight_layout(fig)
    return Chart(
        fig,
        "compa_ratio_distribution",
        alt="Stacked histogram of compa-ratios by role with lines at 1.0 (midpoint) and the flight-risk threshold.",
        caption=f"Employees against their role, level and tier band in {params.pay_year}. Roles with fewer than "
        f"{params.min_group_size} people are pooled. Bands: {params.band_source}.",
    )


def heatmap_chart(comp: pd.DataFrame, params: CompensationParams) -> Chart:
    """Role × level heatmap of median compa-ratio; suppressed cells left blank and labelled."""
    from talentlib import plots
    from talentlib.plots import plt, sns

    wide = heatmap_table(comp, params.min_group_size)
    fig, axis = plt.subplots(figsize=(6.5, 4))
    sns.heatmap(
        wide.astype(float),
        annot=True,
        fmt=".2f",
        cmap=plots.DIVERGING_CMAP,
        center=1.0,
        vmin=0.6,
        vmax=1.4,
        ax=axis,
        cbar_kws={"label": "median compa-ratio"},
    )
    for (i, j), value in np.ndenumerate(wide.to_numpy(dtype=float)):
        if np.isnan(value):
            axis.text(
                j + 0.5,
                i + 0.5,
                suppressed_label(params.min_group_size),
                ha="center",
                va="center",
                fontsize=8,
                color="grey",
            )
    axis.grid(False)
    axis.set_facecolor("#eeeeee")
    plots.key_ticks(axis, np.arange(len(wide.index)) + 0.5, wide.index, which="y", rotation=0)
    plots.key_ticks(axis, np.arange(len(wide.columns)) + 0.5, wide.columns)
    axis.set_xlabel("level")
    axis.set_ylabel("")
    axis.set_title("Median compa-ratio by role and level")
    plots.tight_layout(fig)
    return Chart(
        fig,
        "compa_ratio_heatmap",
        alt=f"Heatmap of median compa-ratio by role and level; {plots.DIVERGING_ENDS[1]} above 1 (paid above "
        f"midpoint), {plots.DIVERGING_ENDS[0]} below.",
        caption=f"Cells with fewer than {params.min_group_size} employees are suppressed. Bands: {params.band_source}, {params.pay_year}.",
    )


def cost_chart(cost: pd.DataFrame, params: CompensationParams) -> Chart:
    """Cost to bring people to band minimum and midpoint, by role (small roles pooled)."""
    from talentlib import plots
    from talentlib.plots import plt

    shown = cost_display(cost, params.min_group_size)
    part = shown[shown["dimension"] == "role"].dropna(subset=["cost_to_min"])
    fig, axis = plt.subplots(figsize=(8, 4))
    y = np.arange(len(part))
    axis.barh(y - 0.2, part["cost_to_min"], height=0.4, color=plots.PALETTE[4], label="to band minimum")
    axis.barh(y + 0.2, part["cost_to_mid"], height=0.4, color=plots.PALETTE[0], label="to band midpoint")
    plots.key_ticks(axis, y, part["group"], which="y")
    plots.money_axis(axis, "x")
    axis.set_xlabel("annual cost, USD")
    axis.set_title("Cost to market by role")
    axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False)
    plots.tight_layout(fig)
    return Chart(
        fig,
        "cost_to_market",
        alt="Horizontal bars per role: annual cost to raise underpaid employees to band minimum and to midpoint.",
        caption=f"Sum over employees of max(0, band − pay) in {params.pay_year}. Roles with fewer than "
        f"{params.min_group_size} people are pooled.",
    )


def forward_chart(forward: pd.DataFrame, params: CompensationParams) -> Chart:
    """Share below band minimum by year, merit budget against market drift."""
    from talentlib import plots
    from talentlib.plots import plt

    fig, axis = plt.subplots(figsize=(7.5, 3.8))
    axis.fill_between(
        forward["year"],
        forward["share_below_min_low_drift"],
        forward["share_below_min_high_drift"],
        alpha=0.25,
        label="market drift low–high",
    )
    axis.plot(
        forward["year"], forward["share_below_min"], marker="o", label=f"{growth_source(params)} drift (used)"
    )
    for i, case in enumerate(c for c in drift_cases(params) if c != drift_source(params)):
        axis.plot(
            forward["year"],
            forward[f"share_below_min_{case}_drift"],
            linestyle="--",
            color=plots.PALETTE[(i + 3) % len(plots.PALETTE)],
            label=case_label(case),
        )
    axis.axvline(params.target_year, color="grey", linestyle=":", linewidth=1)
    axis.set_xticks(forward["year"], [str(y) for y in forward["year"]])
    plots.percent_axis(axis)
    axis.set_xlabel("year")
    axis.set_ylabel("share below band minimum")
    axis.set_title(
        f"{_drift_verdict(params)}: {fmt_pct(params.merit_budget, 1)} merit budget vs market drift"
    )
    axis.legend(loc="upper left", fontsize=8)
    plots.tight_layout(fig)
    return Chart(
        fig,
        "forward_view",
        alt="Line with a shaded range: share of employees below band minimum by year, "
        f"{_forward_path(forward)} at central market drift.",
        caption=f"Pay grows by the {fmt_pct(params.merit_budget, 1)} merit budget a year; bands by "
        f"{growth_source(params)} market drift, {growth_phrase(params)} (shaded: its interval); dashed: "
        f"the other drift assumption. " + sources_caption(_forward_sources(params)),
    )


def _drift_verdict(params: CompensationParams) -> str:
    """``Falling behind`` / ``Keeping pace`` / ``Within the drift range``: merit budget against market drift."""
    rates = growth_rates(params)
    if params.merit_budget < rates["low"]:
        return "Falling behind"
    if params.merit_budget >= rates["high"]:
        return "Keeping pace"
    return "Within the drift range"


def _forward_path(forward: pd.DataFrame) -> str:
    """The central line's path in words, from its first to its last year."""
    first, last = forward.iloc[0], forward.iloc[-1]
    start, end = float(first["share_below_min"]), float(last["share_below_min"])
    verb = "rising" if end > start else ("falling" if end < start else "flat")
    return f"{verb} from {fmt_pct(start)} in {int(first['year'])} to {fmt_pct(end)} in {int(last['year'])}"


def _forward_sources(params: CompensationParams) -> list[str]:
    """Sources of the forward view's two rates: the article or the scenario, and the merit assumption."""
    growth = {
        "article": reference.figure(GROWTH_FIGURE).citation,
        "survey": f"market drift: {SURVEY_SOURCE} (year-on-year medians)",
        "scenario": "market growth: scenario parameter pay_growth_two_years",
    }[drift_source(params)]
    merit_default = reference.figure("assumption.compensation_merit_budget").value
    merit = (
        "merit budget: talentlib assumption"
        if params.merit_budget == merit_default
        else "merit budget: scenario parameter"
    )
    return [growth, merit]


def compression_chart(squeeze: Compression, params: CompensationParams) -> Chart:
    """New hires' median pay ÷ incumbents' median by role and level (published cells only)."""
    from talentlib import plots
    from talentlib.plots import plt

    shown = squeeze.table[~squeeze.table["suppressed"]]
    labels = [f"{label(r)}, {in_sentence(lv)}" for r, lv in zip(shown["role"], shown["level"], strict=True)]
    fig, axis = plt.subplots(figsize=(7.5, 0.5 * max(len(shown), 3) + 1.5))
    y = np.arange(len(shown))
    axis.barh(y, shown["ratio"] - 1, left=1, color=plots.PALETTE[4], height=0.6)
    axis.axvline(1, color="black", linewidth=1)
    if squeeze.pooled_ratio is not None:
        axis.axvline(
            squeeze.pooled_ratio, color=plots.PALETTE[0], linestyle="--", label="all new hires (pooled)"
        )
        axis.legend(loc="lower right", fontsize=8)
    axis.set_yticks(y, labels)
    if shown.empty:
        axis.text(
            0.5,
            0.5,
            f"every cell suppressed (groups under {params.min_group_size})",
            transform=axis.transAxes,
            ha="center",
        )
    axis.set_xlabel("median pay of new hires ÷ median pay of incumbents")
    axis.set_title("Pay compression: new hires vs incumbents (same role, level)", fontsize=10)
    plots.tight_layout(fig)
    hidden = int(squeeze.table["suppressed"].sum())
    pooled = "none" if squeeze.pooled_ratio is None else f"{squeeze.pooled_ratio:.2f}"
    return Chart(
        fig,
        "pay_compression",
        alt=f"Horizontal bars of the new-hire to incumbent pay ratio for {len(shown)} role-level cells; "
        f"pooled ratio {pooled}; {hidden} cells suppressed.",
        caption=f"New hires: hire_date in the {params.new_hire_months} months to {squeeze.window_end or 'n/a'} (the latest "
        f"hire date in the file); {in_sentence(params.pay_measure)}. Cells with fewer than {params.min_group_size} "
        f"new hires or incumbents are suppressed ({hidden}); {squeeze.n_unknown_hire_date} employees without a "
        "hire date are not classified.",
    )


# ---------------------------------------------------------------------------------------------------------
# What-if


def what_if_widget(comp: pd.DataFrame, params: CompensationParams) -> Any:
    """Sliders for merit budget, target year and offer percentile; the forward chart and offer recompute live.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib import plots
    from talentlib.plots import plt

    merit = widgets.FloatSlider(
        value=params.merit_budget,
        min=0.0,
        max=0.15,
        step=0.005,
        description="merit budget",
        readout_format=".1%",
    )
    year = widgets.IntSlider(
        value=max(params.target_year, params.pay_year),
        min=params.pay_year,
        max=params.pay_year + 10,
        description="target year",
    )
    pct = widgets.FloatSlider(value=params.offer_percentile, min=10, max=90, step=5, description="offer pct")
    image = widgets.Image(format="png")

    def redraw(*_: Any) -> None:
        result = what_if_metrics(comp, params, merit.value, int(year.value), pct.value)
        offer = result["offer"]
        fig, axis = plt.subplots(figsize=(7, 3.2))
        forward = result["forward"]
        axis.fill_between(
            forward["year"],
            forward["share_below_min_low_drift"],
            forward["share_below_min_high_drift"],
            alpha=0.25,
        )
        axis.plot(forward["year"], forward["share_below_min"], marker="o")
        plots.percent_axis(axis)
        axis.set_title(
            f"{year.value}: {fmt_pct(result['share_below_min'])} below minimum; offer "
            f"{fmt_money(offer['offer'])} ({fmt_money(offer['offer_low'])}–{fmt_money(offer['offer_high'])}), "
            f"accepted by {fmt_pct(result['accept_high_k'])}–{fmt_pct(result['accept_low_k'])}",
            fontsize=9,
        )
        plots.tight_layout(fig)
        image.value = figure_png(fig, dpi=90)

    for control in (merit, year, pct):
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([merit, year, pct]), image])
