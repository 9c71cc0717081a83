"""Market-sizing charts (data → figure) and the what-if widget; the notebook saves and captions them via report.Artifacts.

Plotting is imported inside the functions (``talentlib.plots``), so importing the package stays light.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from talentlib import reference, report
from talentlib.config import batch_mode
from talentlib.market_sizing.model import BLS_ROWS, what_if_metrics
from talentlib.market_sizing.narrative import SIDES, rate_sources
from talentlib.market_sizing.schema import TOTAL, MarketSizingParams
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
    return cited


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
    )
    return Chart(
        fig,
        "fan_chart",
        alt=_fan_alt(projection),
        caption=note
        + "P50 lines with P10–P90 bands from the Monte Carlo. "
        + sources_caption([*growth_citations(params), "base levels: talentlib assumption"]),
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
        title="Median gap (demand − supply) by role",
        ylabel=unit_label(params),
    )
    return Chart(
        fig,
        "gap_over_time",
        alt=_gap_alt(projection),
        caption=note + "P50 of demand − supply per role. " + sources_caption(growth_citations(params)),
    )


def tornado_chart(table: pd.DataFrame, base: float, params: MarketSizingParams) -> Chart:
    """Tornado of the horizon total gap against each growth assumption (the :data:`MAX_TORNADO_BARS` largest)."""
    from talentlib import plots

    note = ""
    if len(table) > MAX_TORNADO_BARS:
        swing = (table["high_value"] - table["low_value"]).abs()
        table = table.loc[swing.sort_values(ascending=False, kind="stable").index[:MAX_TORNADO_BARS]]
        note = f"The {MAX_TORNADO_BARS} largest of {len(swing)} swings; every row is in tables/tornado.csv. "
    fig = plots.tornado(
        table,
        base,
        title=f"What moves the {params.base_year + params.horizon_years} gap most",
        xlabel=f"total gap at the horizon ({unit_label(params)})",
        value_format=lambda v: fmt_num(v),
    )
    return Chart(
        fig,
        "tornado",
        alt="Tornado chart: horizontal bars showing the horizon gap with each growth range at its low and high end.",
        caption=note
        + "One range at a time at its low/high end, all others at their midpoints (deterministic). "
        + sources_caption(growth_citations(params)),
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

    from talentlib.plots import plt

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
            f"Total gap at {metrics['horizon_year']}: {fmt_num(metrics['total_gap_p50'])} "
            f"(coverage {fmt_pct(metrics['total_coverage_p50'])})"
        )
        axis.set_ylabel(unit_label(params))
        fig.tight_layout()
        image.value = report.figure_png(fig, dpi=90)

    demand.observe(redraw, names="value")
    supply.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([demand, supply]), image])
