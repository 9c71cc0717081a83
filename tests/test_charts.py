"""Every chart of the default scenario fits its canvas: nothing is cut off when saved without cropping.

Figures are saved at their own size (no ``bbox_inches="tight"`` re-layout, which cost a second draw per chart),
so each chart builder must leave every title, label and legend inside the figure. The notebooks' code cells run
in this process (the same code papermill sends to a kernel) and every figure is inspected as it is saved.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import re
import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest

from talentlib import catalog, report, runner

matplotlib.use("Agg")

TOLERANCE_IN = 0.02  # inches a glyph's anti-aliasing may stray past the edge
MIN_TICK_GAP_PX = 4  # neighbouring tick labels closer than this (at 100 dpi) read as one


def _run_cells(name: str, params: dict, monkeypatch) -> None:
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: None)
    nb = nbformat.read(catalog.notebook_path(name), as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(cell.source, f"<{name}>", "exec"), namespace)  # our own notebook code
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(params)


def _overflow(fig) -> dict[str, float]:
    """Inches by which the drawn content passes each edge of the canvas (0 when it fits)."""
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    box = fig.get_tightbbox(renderer)
    width, height = fig.get_size_inches()
    return {
        "left": max(0.0, -box.x0),
        "bottom": max(0.0, -box.y0),
        "right": max(0.0, box.x1 - width),
        "top": max(0.0, box.y1 - height),
    }


def _crowded_ticks(fig) -> list[str]:
    """Tick labels that run into their neighbour on the same axis (after the figure was drawn)."""
    renderer = fig.canvas.get_renderer()
    crowded = []
    for axes in fig.axes:
        for axis, along in ((axes.xaxis, "x"), (axes.yaxis, "y")):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            boxes = [(t.get_window_extent(renderer), t.get_text()) for t in labels]
            boxes.sort(key=lambda b: b[0].x0 if along == "x" else b[0].y0)
            for (left, a), (right, b) in itertools.pairwise(boxes):
                gap = right.x0 - left.x1 if along == "x" else right.y0 - left.y1
                if gap < MIN_TICK_GAP_PX:
                    crowded.append(f"{axes.get_title() or '?'}: {a!r} / {b!r}")
    return crowded


def _stray_annotations(fig) -> list[str]:
    """Annotations (bar-end values, point labels) that leave their axes sideways, into the tick labels beside it."""
    from matplotlib.text import Annotation

    renderer = fig.canvas.get_renderer()
    stray = []
    for axes in fig.axes:
        box = axes.get_window_extent(renderer)
        for text in axes.texts:
            if not (isinstance(text, Annotation) and text.get_visible() and text.get_text()):
                continue
            extent = text.get_window_extent(renderer)
            if extent.x0 < box.x0 - MIN_TICK_GAP_PX or extent.x1 > box.x1 + MIN_TICK_GAP_PX:
                stray.append(f"{axes.get_title() or '?'}: {text.get_text()!r}")
    return stray


@pytest.mark.parametrize("name", [s.name for s in catalog.analysis_specs()])
def test_every_chart_fits_its_canvas(name, tmp_path, monkeypatch):
    checked: list[tuple[str, dict[str, float]]] = []
    crowded: list[str] = []
    stray: list[str] = []
    save = report.figure_png

    def inspect(fig, dpi: int = report.FIGURE_DPI) -> bytes:
        title = fig._suptitle.get_text() if fig._suptitle else (fig.axes[0].get_title() if fig.axes else "")
        report.fit_annotations(fig)  # what the save does first: the checks see the figure as it is saved
        checked.append((title, _overflow(fig)))
        crowded.extend(_crowded_ticks(fig))
        stray.extend(_stray_annotations(fig))
        return save(fig, dpi)

    monkeypatch.setattr(report, "figure_png", inspect)
    importlib.import_module(f"talentlib.{name}")
    for module_name, module in list(sys.modules.items()):  # the live widgets' charts, wherever they import it
        if module_name.startswith(f"talentlib.{name}") and getattr(module, "figure_png", None) is save:
            monkeypatch.setattr(module, "figure_png", inspect)
    monkeypatch.delenv("TALENTLIB_BATCH", raising=False)
    [nb_plan] = runner.plan_scenario("default", [name]).notebooks
    _run_cells(name, dict(nb_plan.params, output_dir=str(tmp_path)), monkeypatch)
    assert len(checked) >= 4, f"{name}: expected its charts and widget chart, got {len(checked)}"
    cut = [
        (title, {k: round(float(v), 2) for k, v in edges.items() if v > TOLERANCE_IN})
        for title, edges in checked
    ]
    cut = [(title, edges) for title, edges in cut if edges]
    assert not cut, f"{name}: content outside the canvas (inches): {cut}"
    assert not crowded, f"{name}: tick labels running together: {crowded}"
    assert not stray, f"{name}: annotations outside their axes, over the tick labels: {stray}"


def test_only_plots_imports_pyplot_and_seaborn():
    """Chart code gets pyplot/seaborn from talentlib.plots, so the theme always applies (and imports stay lazy)."""
    package = Path(catalog.__file__).parent
    direct = re.compile(
        r"^\s*(import (matplotlib\.pyplot|seaborn)\b|from (matplotlib\.pyplot|seaborn) import)", re.M
    )
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 30, "the analysis packages are scanned too"
    offenders = [
        str(p.relative_to(package))
        for p in modules
        if p.name not in {"plots.py", "report.py"} and direct.search(p.read_text())
    ]
    assert offenders == []
    top_level = re.compile(
        r"^(import|from) (matplotlib|seaborn|talentlib\.plots)\b|^from talentlib import .*\bplots\b", re.M
    )
    eager = [
        str(p.relative_to(package))
        for p in modules
        if p.name != "plots.py" and top_level.search(p.read_text())
    ]
    assert eager == [], "plotting is imported inside chart functions only"


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (0, "$0"),
        (150_000, "$150K"),
        (-40_000, "−$40K"),
        (2_000_000, "$2M"),
        (1_250_000, "$1.25M"),
        (-1.5e6, "−$1.5M"),
    ],
)
def test_money_tick_labels(value, label):
    from talentlib.plots import money_label

    assert money_label(value) == label


@pytest.mark.parametrize("inverted", [False, True])
def test_bar_end_labels_are_fitted_inside_their_axes(inverted):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2), dpi=report.FIGURE_DPI)
    FigureCanvasAgg(fig)
    axis = fig.subplots()
    axis.barh([0, 1], [10, -3])
    outward = ("right", "left") if inverted else ("left", "right")  # away from the bars, off the axes
    axis.annotate("1,640,000 people", (10, 0), ha=outward[0], va="center")
    axis.annotate("−300,000 people", (-3, 1), ha=outward[1], va="center")
    if inverted:
        axis.invert_xaxis()
    assert _stray_annotations(fig), "the labels start outside the axes"
    report.fit_annotations(fig)
    assert _stray_annotations(fig) == []
    low, high = sorted(axis.get_xlim())
    assert low < -3 and high > 10, "the bars are still all shown"


def test_widened_limits_is_the_closed_form_worked_by_hand():
    # 100 px axes on [0, 10]; a label at 10 reaching 20 px right: right = 10 + 20u with u = right / 100,
    # so 80u = 10, u = 0.125 and right = 12.5 (the label ends exactly at the edge).
    assert report.widened_limits((0.0, 10.0), 100.0, [10.0], [0.0], [20.0]) == (0.0, 12.5)
    # The same on an inverted axis, the label at the right edge (data 0): the limits run 10 → −2.5.
    assert report.widened_limits((10.0, 0.0), 100.0, [0.0], [0.0], [20.0]) == (10.0, -2.5)
    # Labels that already fit change nothing.
    assert report.widened_limits((0.0, 10.0), 100.0, [5.0], [10.0], [10.0]) == (0.0, 10.0)
    # Both sides: labels of 30 px left of 0 and 30 px right of 10 leave 40 px for 10 units: u = 0.25.
    assert report.widened_limits((0.0, 10.0), 100.0, [0.0, 10.0], [30.0, 0.0], [0.0, 30.0]) == (-7.5, 17.5)


def test_labels_that_cannot_fit_together_leave_finite_limits():
    # 80 px + 80 px of labels on a 100 px axes: no limits hold both; each still fits against the far edge alone
    # (u = 10 / 20 = 0.5 data units a pixel), so the limits are (−40, 50), not an axis squeezed to nothing.
    assert report.widened_limits((0.0, 10.0), 100.0, [0.0, 10.0], [80.0, 0.0], [0.0, 80.0]) == (-40.0, 50.0)


def test_a_log_axis_is_left_to_matplotlib():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    FigureCanvasAgg(fig)
    axis = fig.subplots()
    axis.barh([0], [1000])
    axis.set_xscale("log")
    axis.annotate("1,000 people and a long label", (1000, 0), ha="left", va="center")
    before = axis.get_xlim()
    report.fit_annotations(fig)
    assert axis.get_xlim() == before


def test_a_figure_without_annotations_keeps_its_limits():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    FigureCanvasAgg(fig)
    axis = fig.subplots()
    axis.plot([0, 1], [0, 1])
    axis.text(0.5, 0.5, "a plain text is not an annotation")
    before = axis.get_xlim()
    report.fit_annotations(fig)
    assert axis.get_xlim() == before


def _themed_panels(with_ticks: bool = False):
    from talentlib import plots

    fig, axes = plots.plt.subplots(2, 3, figsize=(9, 5), dpi=report.FIGURE_DPI)
    for index, axis in enumerate(axes.flat):
        axis.plot([2026, 2031], [index * 1000, 250_000])
        axis.set_title(f"Panel {index}")
        axis.set_ylabel("people")
        if with_ticks:
            axis.xaxis.set_tick_params(length=8, direction="out", bottom=True)
    return fig


def _layout(fig) -> tuple[float, ...]:
    pars = fig.subplotpars
    return (pars.left, pars.right, pars.bottom, pars.top, pars.wspace, pars.hspace)


def test_our_tight_layout_lays_the_suite_theme_out_as_matplotlib_does():
    from talentlib import plots

    ours, theirs = _themed_panels(), _themed_panels()
    plots.tight_layout(ours, rect=(0, 0.05, 1, 0.96))
    theirs.tight_layout(rect=(0, 0.05, 1, 0.96))
    width_px = ours.bbox.width
    # The theme draws no tick marks, so the spines are left out of the measure …
    assert not any(s.get_in_layout() for axis in ours.axes for s in axis.spines.values())
    # … and every margin and gap is matplotlib's within a pixel.
    assert all(abs(a - b) * width_px < 1 for a, b in zip(_layout(ours), _layout(theirs), strict=True))
    plots.plt.close(ours)
    plots.plt.close(theirs)


def test_spines_with_tick_marks_or_off_the_edge_are_still_measured():
    from talentlib import plots

    fig = _themed_panels(with_ticks=True)
    fig.axes[0].spines["left"].set_position(("outward", 10))
    plots.tight_layout(fig)
    first = fig.axes[0].spines
    assert (
        first["bottom"].get_in_layout() and first["top"].get_in_layout()
    )  # the x axis draws 8 pt marks below
    assert first["left"].get_in_layout()  # moved 10 pt off the axes' edge
    assert not first["right"].get_in_layout()
    plots.plt.close(fig)


def test_a_label_placed_elsewhere_in_data_is_left_alone():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2))
    FigureCanvasAgg(fig)
    axis = fig.subplots()
    axis.barh([0], [10])
    # Its text sits at x = 9 in data: how far it reaches past the bar changes with the limits, so the closed form
    # (a reach fixed in pixels) does not hold for it.
    axis.annotate("1,000 people and a long label", (10, 0), xytext=(9, 0), textcoords="data", ha="left")
    before = axis.get_xlim()
    report.fit_annotations(fig)
    assert axis.get_xlim() == before
