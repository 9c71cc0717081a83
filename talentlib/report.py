"""Writing artifacts and showing results: tables, figures, metrics, findings.

Shared by every analysis notebook. Guarantees:

* exported CSVs neutralise text cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
  tab, CR are prefixed with ``'``); numbers stay numbers;
* every user-supplied string shown in a notebook is HTML-escaped;
* metrics and tables are written deterministically (sorted keys, fixed float format), so the same inputs
  and seed give byte-identical files;
* figures are saved, embedded in the output with alt text and a source caption, then closed.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from talentlib.config import outputs_dir

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------------------------------------------------
# Formatting


def fmt_money(value: float, digits: int = 0) -> str:
    """Format a USD amount compactly: ``$1.2M``, ``$185K``, ``$950``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount >= 1e9:
        return f"{sign}${amount / 1e9:.{max(digits, 1)}f}B"
    if amount >= 1e6:
        return f"{sign}${amount / 1e6:.{max(digits, 1)}f}M"
    if amount >= 1e4:
        return f"{sign}${amount / 1e3:.{digits}f}K"
    return f"{sign}${amount:,.0f}"


def fmt_pct(value: float, digits: int = 0) -> str:
    """Format a fraction as a percentage: ``0.153`` → ``15%``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value * 100:.{digits}f}%"


def fmt_num(value: float, digits: int = 0) -> str:
    """Format a number with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def fmt_ratio(value: float, digits: int = 2) -> str:
    """Format a ratio such as a compa-ratio: ``0.935`` → ``0.94``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def format_metric(value: Any, unit: str) -> str:
    """Format a metric by its declared unit (``money``, ``pct``, ``num``, ``ratio``; anything else as text).

    The one formatter of headline values: index page, executive summary, comparisons.
    """
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return {"money": fmt_money, "pct": fmt_pct, "num": fmt_num, "ratio": fmt_ratio}.get(unit, fmt_num)(
            value
        )
    return str(value)


def fmt_range(low: float, mid: float, high: float, fmt: Any = fmt_num) -> str:
    """Format a P50 with its P10–P90 band: ``120 (P10–P90: 95–150)``."""
    return f"{fmt(mid)} (P10–P90: {fmt(low)}–{fmt(high)})"


# ---------------------------------------------------------------------------------------------------------
# Safe exports


def neutralise_formula(value: Any) -> Any:
    """Prefix a text value with ``'`` if a spreadsheet would treat it as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells (and column names) are neutralised; numeric columns are untouched."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            out[column] = series.map(neutralise_formula)
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a table as UTF-8 CSV (RFC 4180: CRLF line ends), neutralised against formula injection.

    CRLF line ends also make the writer quote any text cell holding a CR or LF, so multi-line user text never
    breaks a row.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_csv_frame(frame).to_csv(path, index=False, lineterminator="\r\n", float_format="%.10g")
    return path


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        if not math.isfinite(number):
            return None
        return float(f"{number:.10g}")
    return value


def write_json(data: Mapping[str, Any], path: Path) -> Path:
    """Write JSON deterministically: sorted keys, floats to 10 significant digits, NaN/inf → null."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(_jsonable(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def read_json_object(path: Path) -> dict[str, Any]:
    """Read a JSON object written by talentlib; a missing, unreadable or non-object file gives ``{}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# ---------------------------------------------------------------------------------------------------------
# Notebook display


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


#: Tables longer than this fold into ``<details>`` unless told otherwise (the rows stay in the page and the CSV).
FOLD_ROWS = 40


def details_html(summary: str, inner: str, open_: bool = False) -> str:
    """Fold HTML built by talentlib under a ``<details>`` summary line (escaped); printing opens it."""
    state = " open" if open_ else ""
    return f'<details class="tl-fold"{state}><summary>{html.escape(summary)}</summary>{inner}</details>'


def table_html(
    frame: pd.DataFrame,
    caption: str = "",
    formats: Mapping[str, Any] | None = None,
    max_rows: int = 60,
    units: Mapping[str, str] | None = None,
    fold: bool | None = None,
    drop_redundant: bool = True,
) -> str:
    """Render a table as escaped HTML: labels for keys, numbers by unit, constant columns named, not shown.

    Args:
        frame: The table (text is escaped; never use for individual salaries).
        caption: Caption shown under the table (escaped).
        formats: Column → callable formatting one value (e.g. :func:`fmt_money`); wins over ``units``.
        max_rows: Rows shown before truncation (the CSV has them all).
        units: Column → ``money``, ``pct``, ``num``, ``ratio`` or ``text``; other columns' units are read from
            their names (see :mod:`talentlib.tables`).
        fold: Fold the table into ``<details>`` (``None``: when it has more than :data:`FOLD_ROWS` rows).
        drop_redundant: Leave constant and repeated columns out of the HTML (the caption names them).

    Returns:
        An HTML fragment.
    """
    from talentlib.tables import display_table, frame_html

    shown = display_table(frame.head(max_rows), formats, units, drop_redundant)
    note = f" (first {max_rows} of {len(frame)} rows; all in the CSV)" if len(frame) > max_rows else ""
    text = " ".join(part for part in (caption + note, *shown.notes) if part)
    cap = f'<p class="tl-caption">{html.escape(text)}</p>' if text else ""
    # A wide table scrolls sideways: focusable and named, so a keyboard can scroll it too (axe scrollable-region-focusable).
    name = html.escape(caption.split(". ")[0].rstrip(".") or "Table", quote=True)
    block = f'<div class="tl-table-wrap" tabindex="0" role="region" aria-label="{name}">{frame_html(shown.frame)}{cap}</div>'
    if fold or (fold is None and len(frame) > FOLD_ROWS):
        summary = f"{caption.split('. ')[0].rstrip('.') or 'Table'} — {len(frame)} rows (show)"
        return details_html(summary, block)
    return block


def show_table(
    frame: pd.DataFrame,
    caption: str = "",
    formats: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
    fold: bool | None = None,
) -> None:
    """Display a table in the notebook (escaped, labelled, formatted by unit, captioned; see :func:`table_html`)."""
    _display_html(table_html(frame, caption, formats, units=units, fold=fold))


def show_inputs(
    frame: pd.DataFrame,
    caption: str = "",
    formats: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
) -> None:
    """Display an input table folded under ``<details>``: in the report, nothing removed, nothing in the way."""
    _display_html(table_html(frame, caption, formats, units=units, fold=True))


def findings_html(findings: Iterable[str], title: str = "Findings") -> str:
    """Render computed findings as an escaped bullet list."""
    items = "".join(f"<li>{html.escape(text)}</li>" for text in findings)
    return f'<div class="tl-findings"><h4>{html.escape(title)}</h4><ul>{items}</ul></div>'


def show_findings(findings: Iterable[str], title: str = "Findings") -> None:
    """Display computed findings (each a sentence with its numbers)."""
    _display_html(findings_html(findings, title))


#: Marks the answer block; :func:`talentlib.rendering.notebook_to_html` moves it to the top of the report.
ANSWER_MARK = "data-tl-answer"


def answer_html(
    findings: Sequence[str],
    recommendations: Sequence[str] = (),
    basis: Sequence[str] = (),
    chart: str = "",
    title: str = "The answer",
) -> str:
    """The block a report opens with: headline findings, the chart that carries them, the recommendation, the basis.

    Args:
        findings: Headline findings, each a computed sentence with its numbers (escaped).
        recommendations: What to do, each with its confidence (escaped).
        basis: What the numbers rest on: article, public data, your files, synthetic sample, assumptions (escaped).
        chart: A ``<figure>`` from :func:`figure_html` (already escaped), or empty.
        title: Heading of the block.

    Returns:
        An HTML ``<section>`` marked with :data:`ANSWER_MARK`.
    """

    def items(texts: Sequence[str]) -> str:
        return "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in texts) + "</ul>"

    parts = [f"<h2>{html.escape(title)}</h2>", items(findings) if findings else ""]
    parts.append(chart)
    if recommendations:
        parts.append(f"<h3>Recommendation</h3>{items(recommendations)}")
    if basis:
        parts.append(f'<h3>What this rests on</h3><div class="tl-basis">{items(basis)}</div>')
    return f'<section class="tl-answer" {ANSWER_MARK}="1">{"".join(parts)}</section>'


def show_html(markup: str) -> None:
    """Display HTML built by talentlib (its user text already escaped)."""
    _display_html(markup)


def show_notice(text: str, level: str = "warning") -> None:
    """Display a prominent notice box (``info``, ``warning`` or ``alert``)."""
    _display_html(
        f'<div class="tl-notice tl-{html.escape(level)}"><strong>{html.escape(text)}</strong></div>'
    )


#: Resolution of saved figures (dots per inch); also the figures' own resolution (the suite's theme), so a chart's
#: layout measures its texts with the renderer its save then draws with, and every measure is reused.
FIGURE_DPI = 110
#: zlib level of saved PNGs: 3 encodes the suite's charts in two thirds of the time of Pillow's default 6, for
#: files within 1–4 % of its size (measured on the default scenario's market-sizing charts).
PNG_COMPRESS_LEVEL = 3


#: Pixels an annotation keeps from the side of its axes (:func:`fit_annotations`).
ANNOTATION_PAD_PX = 4.0


def fit_annotations(fig: Any, pad_px: float = ANNOTATION_PAD_PX) -> None:
    """Widen each axes' x-limits just enough for its annotations (bar-end values, counts) to sit inside it.

    An annotation anchored at a bar's end is drawn beside it, in pixels, so a long bar's label can leave the axes
    and run into the tick labels or the next panel. Each label is measured once: how far it reaches left and
    right of its anchor, in pixels — which does not change when the limits do, since the text is placed at (or
    offset in points from) its anchor. The limits then follow in closed form (:func:`widened_limits`), on a
    normal or an inverted axis. Figures without annotations are left as they are.
    """
    from matplotlib.text import Annotation

    def x_in_data(coords: Any) -> bool:
        return coords == "data" or (isinstance(coords, tuple) and coords[0] == "data")

    def fitted(text: Any) -> bool:
        """Anchored in data, its text at the anchor or offset from it in points (the reach is then fixed)."""
        at_anchor = not x_in_data(text.anncoords) or tuple(text.xyann) == tuple(text.xy)
        return x_in_data(text.xycoords) and at_anchor

    renderer = None
    for axis in fig.axes:
        texts = [
            t
            for t in axis.texts
            if isinstance(t, Annotation) and t.get_visible() and t.get_text() and fitted(t)
        ]
        if not texts or not axis.get_visible() or axis.get_xscale() != "linear":
            continue  # (the closed form assumes data units per pixel are the same across the axes)
        renderer = renderer or fig.canvas.get_renderer()
        box = axis.get_window_extent(renderer)
        low, high = axis.get_xlim()
        if box.width <= 0 or high == low:
            continue
        to_px = axis.transData.transform
        anchors, reach_left, reach_right = [], [], []
        for text in texts:
            extent = text.get_window_extent(renderer)
            anchor_px = to_px((text.xy[0], 0.0))[0]  # only x matters here
            anchors.append(float(text.xy[0]))
            reach_left.append(anchor_px - extent.x0 + pad_px)
            reach_right.append(extent.x1 - anchor_px + pad_px)
        limits = widened_limits((low, high), box.width, anchors, reach_left, reach_right)
        if limits != (low, high):
            axis.set_xlim(*limits)


#: Pixels of an axes' width a pair of labels must leave for the data to be fitted at all (:func:`widened_limits`).
MIN_ROOM_PX = 1.0


def widened_limits(
    limits: tuple[float, float],
    width_px: float,
    anchors: Sequence[float],
    reach_left: Sequence[float],
    reach_right: Sequence[float],
) -> tuple[float, float]:
    """The narrowest x-limits that hold the current ones and every label.

    Label *i* spans ``reach_left[i]`` pixels left and ``reach_right[i]`` right of data position ``anchors[i]``,
    on an axes ``width_px`` pixels wide. With ``u`` the data units per pixel, the left edge is the least of the
    current left limit and every ``anchor − reach_left·u``, the right edge the greatest of the right limit and
    every ``anchor + reach_right·u``, and ``u = (right − left) / width``. Each pair of a left candidate
    ``b_l − a_l·u`` and a right one ``b_r + a_r·u`` needs ``u ≥ (b_r − b_l) / (width − a_l − a_r)``; the limits
    that satisfy every pair use the largest of these. A pair whose labels together leave less than
    :data:`MIN_ROOM_PX` of the width cannot fit at any limits: it is left out (those labels overflow) rather
    than shrinking the data to nothing.

    Args:
        limits: ``axis.get_xlim()``: (left, right) in screen order, so (high, low) on an inverted axis.
        width_px: The axes' width in pixels.
        anchors: Each label's anchor, in data units.
        reach_left: Pixels each label reaches left of its anchor (padding included).
        reach_right: Pixels each label reaches right of its anchor.

    Returns:
        The new (left, right) limits, in the same screen order.
    """
    sign = 1.0 if limits[1] > limits[0] else -1.0  # work in screen order: left < right
    left, right = sign * limits[0], sign * limits[1]
    anchor = sign * np.asarray(anchors, dtype=float)
    # Candidates for each edge: (position b, pixels a) meaning b − a·u (left) or b + a·u (right).
    b_left, a_left = np.append(anchor, left), np.append(np.asarray(reach_left, dtype=float), 0.0)
    b_right, a_right = np.append(anchor, right), np.append(np.asarray(reach_right, dtype=float), 0.0)
    room = width_px - a_left[:, None] - a_right[None, :]
    need = (b_right[None, :] - b_left[:, None]) / np.where(room >= MIN_ROOM_PX, room, np.inf)
    per_px = max(float(np.max(need)), 0.0)
    new_left = min(left, float(np.min(b_left - a_left * per_px)))
    new_right = max(right, float(np.max(b_right + a_right * per_px)))
    return (sign * new_left, sign * new_right)


def figure_png(fig: Any, dpi: int = FIGURE_DPI) -> bytes:
    """Render a matplotlib figure to PNG bytes (no timestamp metadata) and close it.

    The figure is saved at its own size, drawn once: chart builders lay themselves out (``tight_layout``) with
    everything inside the canvas (``tests/test_charts.py`` checks every chart), so there is no
    ``bbox_inches="tight"`` cropping pass and no layout pass at save time (each was a whole extra draw).

    Also what the live what-if widgets show (an ``ipywidgets.Image`` whose value is synced as widget state, so
    the chart appears as soon as the widget does — no output capture that could race the front end).
    """
    import matplotlib.pyplot as plt
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        # What ``Figure.tight_layout()`` leaves behind: a layout already done. Any engine makes savefig draw the
        # whole figure once more before printing, for nothing here — a third of the save time.
        fig.set_layout_engine(None)
    fit_annotations(fig)
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=dpi,
        metadata={"Software": None},
        pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL},
    )
    plt.close(fig)
    return buffer.getvalue()


def figure_html(png: bytes, alt: str, caption: str) -> str:
    """Embed a PNG as a ``<figure>`` with alt text and caption (self-contained, no external file)."""
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure class="tl-figure"><img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}"/>'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


# ---------------------------------------------------------------------------------------------------------
# Artifacts


@dataclass(frozen=True)
class Chart:
    """A figure ready to publish: the matplotlib figure, a file stem, alt text and a caption with sources."""

    fig: Any
    name: str
    alt: str
    caption: str


@dataclass
class Artifacts:
    """Where a notebook writes its products: ``tables/*.csv``, ``figures/*.png`` and ``metrics.json``.

    Attributes:
        root: The notebook's output folder.
        written: Relative paths written so far (for the manifest and the completeness check).
    """

    root: Path
    written: list[str] = field(default_factory=list)

    @classmethod
    def for_notebook(cls, params: Any) -> Artifacts:
        """Return the artifact folder for a notebook run.

        Args:
            params: The notebook's validated parameters: ``params.output_dir`` is the folder the runner gave
                (empty means ``outputs/adhoc/<notebook>``, the name coming from the schema's ``notebook``).
        """
        output_dir, notebook = params.output_dir, type(params).notebook
        root = Path(output_dir) if output_dir else outputs_dir() / "adhoc" / notebook
        root.mkdir(parents=True, exist_ok=True)
        return cls(root=root.resolve())

    def _record(self, path: Path) -> Path:
        rel = path.relative_to(self.root).as_posix()
        if rel not in self.written:
            self.written.append(rel)
        return path

    def table(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``tables/<name>.csv`` (neutralised)."""
        self._record(write_csv(frame, self.root / "tables" / f"{name}.csv"))

    def metrics(self, data: Mapping[str, Any]) -> None:
        """Write ``metrics.json`` (deterministic). Write it last: its presence marks a complete run."""
        self._record(write_json(data, self.root / "metrics.json"))

    def json(self, name: str, data: Mapping[str, Any]) -> None:
        """Write ``<name>.json`` next to the metrics (deterministic)."""
        self._record(write_json(data, self.root / f"{name}.json"))

    def figure(self, fig: Any, name: str, alt: str, caption: str, show: bool = True) -> None:
        """Save a matplotlib figure as ``figures/<name>.png``, display it with alt text and caption, close it.

        Args:
            fig: A matplotlib Figure.
            name: File stem.
            alt: Alt text describing what the chart shows (for screen readers and broken images).
            caption: Caption with units and sources.
            show: Display in the notebook (False in tests).

        The methods return nothing, so a call ending a notebook cell displays nothing (no paths in reports).
        """
        path = self.root / "figures" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        png = figure_png(fig)
        path.write_bytes(png)
        if show:
            _display_html(figure_html(png, alt, caption))
        self._record(path)

    def answer(
        self,
        findings: Sequence[str],
        recommendations: Sequence[str] = (),
        basis: Sequence[str] = (),
        key_chart: Chart | None = None,
    ) -> None:
        """Display the report's answer (see :func:`answer_html`); the rendered report opens with it.

        Args:
            findings: Headline findings.
            recommendations: Recommendations with their confidence.
            basis: What the numbers rest on.
            key_chart: The chart that carries the findings, already saved by :meth:`chart` (its PNG is reused).
        """
        figure = ""
        path = self.root / "figures" / f"{key_chart.name}.png" if key_chart else None
        if key_chart and path and path.is_file():
            figure = figure_html(path.read_bytes(), key_chart.alt, key_chart.caption)
        _display_html(answer_html(findings, recommendations, basis, figure))

    def chart(self, chart: Chart, show: bool = True) -> None:
        """Save and display a :class:`Chart` (see :meth:`figure`)."""
        self.figure(chart.fig, chart.name, chart.alt, chart.caption, show=show)


def sources_caption(sources: Sequence[str]) -> str:
    """Join source labels into a caption: ``Sources: A; B``."""
    unique = list(dict.fromkeys(s for s in sources if s))
    return "Sources: " + "; ".join(unique) if unique else ""
