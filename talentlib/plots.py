"""Plot helpers shared by the notebooks (seaborn on matplotlib, Agg backend in batch).

Each helper takes tidy data, returns a matplotlib ``Figure`` with a title, axis labels with units, and
leaves saving/captioning to :meth:`talentlib.report.Artifacts.figure` (which also closes it).

Chart code elsewhere imports pyplot and seaborn from here (``from talentlib.plots import plt, sns``, inside the
chart function): the suite's theme comes with them, and modules that only compute (what ``talentlib validate`` and
the executive summary load) do not pay ~1 s for importing seaborn and scipy.stats.

Figures are saved at their own size (:func:`talentlib.report.figure_png`), so every builder lays itself out
(``fig.tight_layout()``) and keeps legends inside the canvas (:func:`legend_below`); ``tests/test_charts.py``
checks every chart of the default scenario.

Every text a chart shows goes through the one label map (:mod:`talentlib.labels`): ticks, legend entries, titles
and annotations name ``AI/ML engineer``, never ``ai_ml_engineer``. Builders here label what they draw; chart code
elsewhere calls :func:`key_ticks` and :func:`talentlib.labels.label`, and ``tests/test_chart_labels.py`` reads every
text of every chart of the default scenario back.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib

if matplotlib.get_backend().lower() not in {"module://matplotlib_inline.backend_inline", "inline"}:
    matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from talentlib.labels import label, labels
from talentlib.report import FIGURE_DPI

#: Okabe & Ito (2008) colours, safe for colour-blind readers (tests/test_palette.py simulates protanopia and
#: deuteranopia, Machado et al. 2009): blue, orange, bluish green, reddish purple, vermillion, grey, sky blue, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#6b6b6b", "#56B4E9", "#000000"]
#: Diverging colour map of the suite (centred on a reference value such as compa-ratio 1.0): ColorBrewer purple–
#: orange, whose two arms stay apart under simulated protanopia and deuteranopia (``tests/test_palette.py``), unlike
#: red–green maps such as ``RdYlGn``. ``DIVERGING_ENDS`` names its low and high colours for alt text.
DIVERGING_CMAP = "PuOr"
DIVERGING_ENDS = ("orange", "purple")
#: Sequential colour map: cividis, designed to read the same for colour-blind readers.
SEQUENTIAL_CMAP = "cividis"


def apply_theme() -> None:
    """Apply the suite's seaborn theme (called on import)."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    plt.rcParams.update(
        {
            # Figures are drawn at the resolution they are saved at: their layout and their save share one
            # renderer, so the save reuses every text measure the layout made (at 100 it measured them again).
            "figure.dpi": FIGURE_DPI,
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            # Titles sit just above the axes. Left to None, matplotlib re-measures every axis's tick labels at
            # each draw to dodge top ticks (the seaborn style hides tick marks, which sends it down that path);
            # our charts never put ticks or labels on top, and the re-measuring was ~20 % of a chart's cost.
            "axes.titley": 1.0,
        }
    )


apply_theme()


def money_label(value: float) -> str:
    """A USD axis tick: ``$0``, ``$150K``, ``−$40K``, ``$1.25M``."""
    sign = "−" if value < 0 else ""
    size = abs(value)
    if size < 0.5:
        return "$0"
    if size >= 1e6:
        return f"{sign}${f'{size / 1e6:,.2f}'.rstrip('0').rstrip('.')}M"
    return f"{sign}${size / 1e3:,.0f}K"


def money_axis(axis: plt.Axes, which: str = "y") -> None:
    """Format an axis in USD thousands (``$150K``, ``−$40K``); at most 6 ticks, so labels never run together."""
    target = axis.yaxis if which == "y" else axis.xaxis
    target.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _: money_label(v)))


def percent_axis(axis: plt.Axes, which: str = "y") -> None:
    """Format an axis of fractions as percentages."""
    formatter = FuncFormatter(lambda v, _: f"{v * 100:.0f}%")
    (axis.yaxis if which == "y" else axis.xaxis).set_major_formatter(formatter)


#: Y intervals per fan-chart panel at most: small multiples read their level and trend, not exact values.
FAN_Y_BINS = 4
#: Fan charts tick every x value (e.g. each projected year) up to this many; beyond it matplotlib chooses.
MAX_FAN_X_TICKS = 12


def fan_chart(
    frame: pd.DataFrame,
    facet: str,
    x: str,
    series: dict[str, str],
    title: str,
    ylabel: str,
    col_wrap: int = 3,
    value_format: Callable[[float], str] | None = None,
) -> Figure:
    """Small multiples of P10–P90 bands with the P50 line.

    Args:
        frame: Tidy table with ``<prefix>_p10``, ``<prefix>_p50``, ``<prefix>_p90`` columns.
        facet: Column whose values get one panel each (e.g. ``role``).
        x: Column on the x axis (e.g. ``year``).
        series: Label → column prefix, e.g. ``{"Demand": "demand", "Supply": "supply"}``.
        title: Figure title.
        ylabel: Y-axis label with unit.
        col_wrap: Panels per row.
        value_format: Formats y ticks (set before the layout, which then measures the labels shown).

    Returns:
        The figure.
    """
    facets = list(dict.fromkeys(frame[facet]))
    ncols = min(col_wrap, len(facets))
    nrows = int(np.ceil(len(facets) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows), squeeze=False, sharex=True)
    for index, name in enumerate(facets):
        axis = axes[index // ncols][index % ncols]
        part = frame[frame[facet] == name]
        for colour, (series_name, prefix) in zip(PALETTE, series.items(), strict=False):
            axis.fill_between(part[x], part[f"{prefix}_p10"], part[f"{prefix}_p90"], color=colour, alpha=0.2)
            axis.plot(
                part[x], part[f"{prefix}_p50"], color=colour, label=f"{series_name} (P50; band P10–P90)"
            )
        axis.set_title(label(name))
        last_in_column = index + ncols >= len(facets)  # the panel that shows the column's shared x ticks
        axis.set_xlabel(label(x) if last_in_column else "")
        axis.set_ylabel(ylabel if index % ncols == 0 else "")  # one unit for all panels: said once per row
        axis.yaxis.set_major_locator(MaxNLocator(nbins=FAN_Y_BINS))
        if value_format is not None:
            axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: value_format(v)))
    steps = sorted(frame[x].unique())
    if len(steps) <= MAX_FAN_X_TICKS:  # a tick per step (year), none beyond the data: the panels share them
        axes[0][0].set_xticks(steps)
    for index in range(len(facets), nrows * ncols):
        axes[index // ncols][index % ncols].set_visible(False)
        if index >= ncols:  # the panel above is now the last in its column: it shows the shared x ticks
            axes[index // ncols - 1][index % ncols].xaxis.set_tick_params(labelbottom=True)
    handles, entries = axes[0][0].get_legend_handles_labels()
    bottom = legend_below(fig, handles, entries, ncol=len(series))
    fig.suptitle(title, fontweight="bold")
    tight_layout(fig, rect=(0, bottom, 1, 0.96))
    return fig


#: The spines on an axes' four edges (a colorbar's outline and polar spines are measured as matplotlib does).
EDGE_SPINES = ("left", "right", "bottom", "top")


def draws_tick_marks(axis: Axis) -> bool:
    """True if ``axis`` draws tick marks of any length: major ones, or minor ones where it has a minor locator.

    The suite's theme (seaborn ``whitegrid``) keeps a tick length but hides the marks themselves.
    """
    major = axis.majorTicks[0]  # the prototype tick every layout and draw creates anyway
    marks = major.get_tick_padding() > 0 and (major.tick1line.get_visible() or major.tick2line.get_visible())
    return marks or not isinstance(axis.get_minor_locator(), NullLocator)


def tight_layout(fig: Figure, rect: tuple[float, float, float, float] | None = None) -> None:
    """``fig.tight_layout(rect=rect)``, without measuring spines that can add nothing to the layout.

    matplotlib counts each visible spine in an axes' layout box: the spine's line plus the tick marks drawn
    outward from it, and measuring it recomputes its axis's ticks (locator, formatter, tick objects) each time —
    four spines per axes, twice per layout. Where the axis draws no tick marks (the suite's theme), the spine's
    box is its line on the axes' edge, and leaving it out gives matplotlib's layout within a pixel
    (``tests/test_charts.py``; the default scenario's 18 PNGs came out byte-identical) for ≈ 8 % less of a
    multi-panel chart's cost. A spine moved off the edge (``set_position``) or along an axis that draws tick marks
    is still measured.

    Args:
        fig: The figure, with everything drawn (the layout measures its texts).
        rect: The box the subplots must fit in, as figure fractions ``(left, bottom, right, top)``
            (e.g. to keep clear of a legend below them, :func:`legend_below`); None is the whole figure.
    """
    for axes in fig.axes:
        for spine in axes.spines.values():
            if spine.spine_type not in EDGE_SPINES or spine.get_position() != ("outward", 0.0):
                continue  # a colorbar's outline, or a spine moved off the axes' edge
            if spine.axis is None or not draws_tick_marks(spine.axis):
                spine.set_in_layout(False)
    fig.tight_layout(rect=rect)


def key_ticks(axis: plt.Axes, positions: object, keys: object, which: str = "x", **kwargs: object) -> None:
    """Put ticks at ``positions`` labelled through the label map (``ai_ml_engineer`` → ``AI/ML engineer``).

    Args:
        axis: The axes.
        positions: Tick positions.
        keys: One key (or any value) per tick; values the map does not know keep their text.
        which: ``"x"`` or ``"y"``.
        **kwargs: Passed to ``set_xticks`` / ``set_yticks`` (e.g. ``fontsize``).
    """
    setter = axis.set_xticks if which == "x" else axis.set_yticks
    setter(positions, labels(keys), **kwargs)


def legend_below(fig: Figure, handles: list, labels: list[str], ncol: int) -> float:
    """Put a figure-wide legend at the bottom edge, inside the canvas; returns the height it takes.

    Figures are saved at their own size (no cropping pass), so the legend must sit inside the figure: pass the
    returned fraction as the bottom of ``tight_layout``'s ``rect`` to keep the panels clear of it.

    Args:
        fig: The figure.
        handles: Legend handles.
        labels: Legend labels.
        ncol: Legend columns.

    Returns:
        The legend's height as a fraction of the figure height (plus a small gap).
    """
    legend = fig.legend(
        handles, labels, loc="lower center", ncol=ncol, frameon=False, bbox_to_anchor=(0.5, 0.0)
    )
    height = legend.get_window_extent(fig.canvas.get_renderer()).height
    return height / fig.bbox.height + 0.01


def tornado(
    frame: pd.DataFrame,
    base: float,
    title: str,
    xlabel: str,
    value_format: Callable[[float], str] | None = None,
    width: float = 8.0,
) -> Figure:
    """Tornado chart of one-at-a-time sensitivity.

    Args:
        frame: Columns ``variable``, ``low_value`` (output at the input's low end), ``high_value``.
        base: Output at the base case (vertical line).
        title: Figure title.
        xlabel: X-axis label with unit.
        value_format: Formats bar-end labels.
        width: Figure width in inches (its height follows the number of bars); set here, before the layout,
            so the layout's text measures are the save's.

    Returns:
        The figure.
    """
    data = frame.assign(swing=(frame["high_value"] - frame["low_value"]).abs()).sort_values("swing")
    fig, axis = plt.subplots(figsize=(width, 0.45 * len(data) + 1.6))
    positions = np.arange(len(data))
    axis.barh(positions, data["low_value"] - base, left=base, color=PALETTE[0], label="input at its low end")
    axis.barh(
        positions, data["high_value"] - base, left=base, color=PALETTE[1], label="input at its high end"
    )
    axis.axvline(base, color="black", linewidth=1)
    axis.set_yticks(positions, labels(data["variable"]))
    if value_format is not None:
        # Bar-end values sit beside their bars, level with them: the save widens the x-limits until they are
        # inside the axes (report.fit_annotations), so the layout need not measure them or make room for them.
        for pos, (low, high) in enumerate(zip(data["low_value"], data["high_value"], strict=True)):
            low_side = "right" if low < base else "left"
            high_side = "left" if high >= base else "right"
            for value, side in ((low, low_side), (high, high_side)):
                axis.annotate(
                    value_format(value), (value, pos), ha=side, va="center", fontsize=8, in_layout=False
                )
    axis.set_xlabel(xlabel)
    axis.set_title(title)
    axis.legend(loc="lower right", fontsize=8)
    tight_layout(fig)
    return fig


def line_chart(frame: pd.DataFrame, x: str, y: str, hue: str, title: str, ylabel: str) -> Figure:
    """A seaborn line chart with one line per ``hue`` value."""
    fig, axis = plt.subplots(figsize=(8, 4.2))
    sns.lineplot(data=frame.assign(**{hue: labels(frame[hue])}), x=x, y=y, hue=hue, marker="o", ax=axis)
    axis.set_title(title)
    axis.set_ylabel(ylabel)
    axis.set_xlabel(label(x))
    legend = axis.get_legend()
    if legend is not None:
        legend.set_title(label(hue))
    tight_layout(fig)
    return fig
