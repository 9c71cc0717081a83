"""Market-sizing charts (data → figure) and the what-if widget; the notebook saves and captions them via report.Artifacts.

Plotting is imported inside the functions (``talentlib.plots``), so importing the package stays light.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib import reference, report
from talentlib.config import batch_mode
from talentlib.market_sizing.model import BLS_ROWS
from talentlib.market_sizing.narrative import SIDES, base_source, people, rate_sources
from talentlib.market_sizing.schema import TOTAL, MarketSizingParams
from talentlib.market_sizing.sensitivity import (
    CORRELATION_DRIVER,
    NOISE_SHARE,
    TORNADO_SIMULATIONS,
    noise_drivers,
    what_if_metrics,
)
from talentlib.market_sizing.views import unit_label
from talentlib.report import Chart, fmt_num, fmt_pct, sources_caption


def growth_citations(params: MarketSizingParams) -> list[str]:
    """Citations of where this run's growth rates come from (the article, BLS projections or a scenario assumption)."""
    sources = rate_sources(params)
    cited: list[str] = []
    for side in SIDES:
        source = getattr(sources, side)
        if source == "article":
            cited.append(reference.figure(f"article.{side}_growth").citation)
        elif source == "public":
            cited.extend(reference.figure(f"public.{row}").citation for row in BLS_ROWS)
        else:
            cited.append(f"{side} growth: scenario assumption")
    if params.persistence != [1.0, 1.0]:
        cited.append(
            reference.figure("assumption.market_persistence").citation + " (fading toward BLS long-run rates)"
        )
    return cited


def base_citation(params: MarketSizingParams) -> str:
    """Where the base levels come from, for a caption."""
    text = base_source(params)
    return text[0].upper() + text[1:]


def _total_gap_ends(projection: pd.DataFrame) -> tuple[float, float]:
    """Median total gap in the first and the last year of a projection."""
    total = projection[projection["role"] == TOTAL].sort_values("year")
    return float(total["gap_p50"].iloc[0]), float(total["gap_p50"].iloc[-1])


def _fan_alt(projection: pd.DataFrame) -> str:
    """Alt text of the fan chart, saying what the total does over the horizon."""
    first, last = _total_gap_ends(projection)
    if last > first:
        trend = "demand pulls away from supply"
    elif last < first:
        trend = "supply closes on demand"
    else:
        trend = "demand and supply move together"
    return f"Small multiples, one per role and the total: demand and supply bands by year; {trend}."


def _gap_alt(projection: pd.DataFrame) -> str:
    """Alt text of the gap chart, counting the roles whose median gap widens over the horizon."""
    roles = projection[projection["role"] != TOTAL].sort_values("year").groupby("role", sort=False)["gap_p50"]
    widening = int((roles.last() > roles.first()).sum())
    count = roles.ngroups
    if widening == count:
        trend = "all roles widen over the horizon"
    elif widening == 0:
        trend = "no role widens over the horizon"
    else:
        trend = f"{widening} of {count} roles widen over the horizon"
    return f"Line chart of the median gap by role and year; {trend}."


#: Roles drawn in the per-role charts; larger role sets show those with the largest median gap at the horizon
#: (every role stays in ``tables/projection.csv``), so a chart stays readable and small for 200 roles.
MAX_CHART_ROLES = 11
#: Bars drawn in the tornado (the largest swings); every row stays in ``tables/tornado.csv``.
MAX_TORNADO_BARS = 16


def chart_roles(projection: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The projection rows the per-role charts draw, and a caption note when roles were left out.

    Returns:
        (rows of the total and of at most :data:`MAX_CHART_ROLES` roles, note or ``""``).
    """
    roles = projection[projection["role"] != TOTAL]
    names = list(dict.fromkeys(roles["role"]))
    if len(names) <= MAX_CHART_ROLES:
        return projection, ""
    last = roles[roles["year"] == roles["year"].max()].set_index("role")["gap_p50"]
    kept = set(last.sort_values(ascending=False, kind="stable").index[:MAX_CHART_ROLES])
    rows = projection[(projection["role"] == TOTAL) | projection["role"].isin(kept)]
    note = (
        f"Showing the {MAX_CHART_ROLES} of {len(names)} roles with the largest median gap at the horizon, and the "
        "total of all roles; every role is in tables/projection.csv. "
    )
    return rows, note


def fan_chart(projection: pd.DataFrame, params: MarketSizingParams) -> Chart:
    """Demand and supply P10–P90 bands per role (and total); at most :data:`MAX_CHART_ROLES` roles drawn."""
    from talentlib import plots

    projection, note = chart_roles(projection)
    fig = plots.fan_chart(
        projection,
        facet="role",
        x="year",
        series={"Demand": "demand", "Supply": "supply"},
        title=f"AI talent demand vs supply, {params.base_year}–{params.base_year + params.horizon_years}",
        ylabel=unit_label(params),
        value_format=fmt_num,  # thousands separators, no "1e6" offset
    )
    return Chart(
        fig,
        "fan_chart",
        alt=_fan_alt(projection),
        caption=note
        + "P50 lines with P10–P90 bands from the Monte Carlo. "
        + f"{base_citation(params)}. "
        + sources_caption(growth_citations(params)),
    )


def gap_chart(projection: pd.DataFrame, params: MarketSizingParams) -> Chart:
    """Median gap by role over time; at most :data:`MAX_CHART_ROLES` roles drawn."""
    from talentlib import plots

    shown, note = chart_roles(projection)
    roles = shown[shown["role"] != TOTAL]
    fig = plots.line_chart(
        roles,
        x="year",
        y="gap_p50",
        hue="role",
        title=f"Median gap (demand − supply) by role, in {params.unit}",
        ylabel=unit_label(params),
    )
    return Chart(
        fig,
        "gap_over_time",
        alt=_gap_alt(projection),
        caption=note + "P50 of demand − supply per role. " + sources_caption(growth_citations(params)),
    )


def _driver_label(row: Any) -> str:
    """A tornado bar's label: the driver and its two ends (ratios as ×, growth rates as %)."""
    name, low, high = row.driver, row.low_value, row.high_value
    if "ratio" in name:
        ends = f"{low:g}×–{high:g}×"
    elif "growth" in name:
        ends = f"{fmt_pct(low, 1)}–{fmt_pct(high, 1)}"
    else:
        ends = f"{low:g}–{high:g}"
    return f"{name} ({ends})"


def tornado_chart(table: pd.DataFrame, base: float, params: MarketSizingParams) -> Chart:
    """Tornado of the P50 horizon total gap against every driver (the :data:`MAX_TORNADO_BARS` largest swings)."""
    from talentlib import plots

    note = ""
    if CORRELATION_DRIVER in noise_drivers(table, base):
        note = (
            f"The correlation changes the spread of the total, not its median: its swing is under "
            f"{fmt_pct(NOISE_SHARE)} of the base, within Monte Carlo noise, so its bar need not contain the base. "
        )
    if len(table) > MAX_TORNADO_BARS:
        count = len(table)
        table = table.sort_values("swing", ascending=False, kind="stable").iloc[:MAX_TORNADO_BARS]
        note += (
            f"The {MAX_TORNADO_BARS} largest of {count} swings shown; every row is in tables/tornado.csv. "
        )
    bars = table.assign(
        variable=[_driver_label(row) for row in table.itertuples()],
        low_value=table["gap_at_low"],
        high_value=table["gap_at_high"],
    )
    fig = plots.tornado(
        bars,
        base,
        title=f"What moves the {params.base_year + params.horizon_years} gap most",
        xlabel=f"total gap at the horizon, P50 ({unit_label(params)})",
        value_format=lambda v: people(v, "").strip(),
        width=11,
    )
    axis = fig.axes[0]
    axis.xaxis.set_major_locator(plots.plt.MaxNLocator(5))
    axis.xaxis.set_major_formatter(lambda v, _: fmt_num(v))
    longest = max(len(label) for label in bars["variable"])
    fig.subplots_adjust(left=min(0.6, 0.06 + 0.0075 * longest), right=0.95)
    return Chart(
        fig,
        "tornado",
        alt="Tornado chart: horizontal bars of the P50 horizon gap with each driver at its low and high end, largest swing on top.",
        caption=note
        + "One driver at a time at its low/high end (in brackets), all others as in the run; Monte Carlo with the same "
        f"seed ({min(params.simulations, TORNADO_SIMULATIONS):,} simulations per bar end), so bars differ only by the "
        "driver. Base ratio runs from parity to the article's 5x. "
        + sources_caption(growth_citations(params)),
    )


def persistence_chart(table: pd.DataFrame, params: MarketSizingParams) -> Chart:
    """The P50 horizon total gap (band P10–P90) against persistence held at each value."""
    from talentlib.plots import plt, tight_layout

    fig, axis = plt.subplots(figsize=(8, 4))
    axis.fill_between(
        table["persistence"], table["total_gap_p10"], table["total_gap_p90"], alpha=0.25, label="P10–P90"
    )
    axis.plot(table["persistence"], table["total_gap_p50"], marker="o", label="P50")
    low, high = params.persistence
    axis.axvspan(low, high, color="grey", alpha=0.15, label="this run's range")
    axis.set_xlabel("persistence (share of today's excess growth kept each year)")
    axis.set_ylabel(f"total gap, {params.base_year + params.horizon_years} ({params.unit})")
    axis.yaxis.set_major_formatter(lambda v, _: fmt_num(v))
    axis.set_title("Horizon gap against how long today's growth rates last")
    axis.legend(fontsize=8, loc="upper left")
    tight_layout(fig)
    first, last = table.iloc[0], table.iloc[-1]
    return Chart(
        fig,
        "gap_vs_persistence",
        alt=(
            f"Line chart: the P50 total gap rises from {fmt_num(first['total_gap_p50'])} at persistence "
            f"{first['persistence']:g} to {fmt_num(last['total_gap_p50'])} at {last['persistence']:g}."
        ),
        caption="Persistence 0: long-run (BLS) rates from year 1; 1: today's rates for the whole horizon. Same seed. "
        + sources_caption([reference.figure("assumption.market_persistence").citation]),
    )


def what_if_widget(params: MarketSizingParams) -> Any:
    """Sliders shifting demand and supply growth; the total gap chart and headline recompute live.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib.plots import plt, tight_layout

    demand = widgets.FloatSlider(
        value=0.0, min=-0.35, max=0.3, step=0.01, description="Δ demand growth", readout_format=".0%"
    )
    supply = widgets.FloatSlider(
        value=0.0, min=-0.1, max=0.4, step=0.01, description="Δ supply growth", readout_format=".0%"
    )
    image = widgets.Image(format="png")

    def redraw(*_: Any) -> None:
        projection, metrics = what_if_metrics(params, demand.value, supply.value)
        total = projection[projection["role"] == TOTAL]
        fig, axis = plt.subplots(figsize=(7, 3.5))
        axis.fill_between(total["year"], total["gap_p10"], total["gap_p90"], alpha=0.25)
        axis.plot(total["year"], total["gap_p50"])
        axis.set_title(
            f"Total gap at {metrics['horizon_year']}: {fmt_num(metrics['total_gap_p50'])} {params.unit} "
            f"(coverage {fmt_pct(metrics['total_coverage_p50'])})"
        )
        axis.set_ylabel(unit_label(params))
        tight_layout(fig)
        image.value = report.figure_png(fig, dpi=90)

    demand.observe(redraw, names="value")
    supply.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([demand, supply]), image])
