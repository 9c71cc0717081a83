"""HTML reports: executed notebooks rendered in-process with nbconvert, and the scenario index page.

Reports are self-contained: nbconvert's ``basic`` template (no external scripts, no MathJax), figures are
already embedded as data URIs by :mod:`talentlib.report`, widget views are dropped (the batch report shows the
static charts), code cells and prompts are hidden, and everything we add is HTML-escaped.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

STYLE = """
:root { --ink:#1d2733; --muted:#5b6573; --line:#dde3ea; --accent:#1b6ca8; --bad:#b3261e; --good:#2e7d32; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 1080px; margin: 0 auto; padding: 24px 28px 64px; line-height: 1.5; background: #fff; }
header.tl-head { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 8px; }
header.tl-head .tl-meta { color: var(--muted); font-size: 0.85em; }
h1 { font-size: 1.7em; margin: 0.2em 0; } h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1em; } a { color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.88em; width: auto; max-width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f4f6f9; }
.tl-table-wrap { overflow-x: auto; margin: 10px 0 18px; }
.tl-caption, figcaption { color: var(--muted); font-size: 0.82em; margin-top: 4px; }
figure.tl-figure { margin: 12px 0 22px; } figure.tl-figure img { max-width: 100%; height: auto; }
.tl-findings { background: #f3f8fc; border-left: 4px solid var(--accent); padding: 6px 16px; margin: 12px 0; }
.tl-notice { padding: 10px 14px; margin: 12px 0; border-radius: 4px; }
.tl-warning { background: #fff6e0; border-left: 4px solid #e0a000; } .tl-alert { background: #fdecea; border-left: 4px solid var(--bad); }
.tl-info { background: #eef5fb; border-left: 4px solid var(--accent); }
.status-succeeded { color: var(--good); font-weight: 600; } .status-failed { color: var(--bad); font-weight: 700; }
.jp-OutputArea-output pre, .output_text pre { background: #f7f7f7; padding: 6px; overflow-x: auto; }
details.tl-fold { margin: 10px 0 18px; } details.tl-fold > summary { cursor: pointer; color: var(--accent); font-weight: 600; }
section.tl-answer { border: 1px solid var(--line); border-top: 4px solid var(--accent); padding: 4px 18px 10px; margin: 8px 0 28px; }
section.tl-answer h2 { border-bottom: none; margin-top: 0.6em; }
td.tl-thumb img { width: 180px; height: auto; border: 1px solid var(--line); }
footer { margin-top: 40px; color: var(--muted); font-size: 0.8em; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  @page { size: A4; margin: 22mm 14mm 18mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: var(--ink); text-decoration: none; }
  tr, figure, img, .tl-notice, .tl-findings, section.tl-answer li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .tl-table-wrap { overflow: visible; }
  details.tl-fold > summary { list-style: none; color: var(--ink); }
}
"""


def _strip_for_report(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop widget views, widget state and stream noise from an executed notebook (copy)."""
    clean = nbformat.from_dict(nb)
    clean.metadata.pop("widgets", None)
    for cell in clean.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                continue
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            _give_images_alt_text(output, cell)
            kept.append(output)
        cell.outputs = kept
    return clean


#: Alt text of an image output that has none (nbconvert's own placeholder: our figures always carry theirs).
NO_ALT_TEXT = "No description has been provided for this image"


def _give_images_alt_text(output: nbformat.NotebookNode, cell: nbformat.NotebookNode) -> None:
    """Give a PNG/JPEG output without alt text nbconvert's placeholder, through the metadata its template reads.

    E.g. a figure an analyst's added cell leaves open, which the inline backend shows as a bare PNG.
    """
    for mime in ("image/png", "image/jpeg"):
        if mime not in output.get("data", {}) or cell.get("metadata", {}).get("alt"):
            continue
        metadata = output.setdefault("metadata", {}).setdefault(mime, {})
        if not metadata.get("alt"):
            metadata["alt"] = NO_ALT_TEXT


def hoist_answer(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Move the outputs marked as the answer (:data:`talentlib.report.ANSWER_MARK`) to the top of the report.

    They go into a cell of their own right after the first cell (the title and question), so a report opens with
    its answer while the notebook computes it where it likes. Works on the stripped copy; nothing is lost.
    """
    from talentlib.report import ANSWER_MARK

    answers = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            markup = output.get("data", {}).get("text/html", "")
            text = "".join(markup) if isinstance(markup, list) else markup
            (answers if ANSWER_MARK in text else kept).append(output)
        cell.outputs = kept
    if answers:
        hoisted = nbformat.v4.new_code_cell(source="", outputs=answers)
        hoisted.id = _free_cell_id("answer", {cell.get("id") for cell in nb.cells})  # not random: same HTML
        nb.cells.insert(1 if nb.cells else 0, hoisted)
    return nb


def _free_cell_id(stem: str, taken: set[str | None]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` … : the first cell id not in ``taken``."""
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def page(title: str, body: str, meta: Sequence[str] = ()) -> str:
    """Wrap an HTML body in the suite's self-contained page (inline CSS, no scripts)."""
    meta_line = " · ".join(html.escape(m) for m in meta)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<header class="tl-head"><h1>{html.escape(title)}</h1><div class="tl-meta">{meta_line}</div></header>'
        f"{body}<footer>Generated by talentlib. Every figure carries its source or is labelled as an assumption; "
        "individual salaries and survey answers are never shown.</footer></body></html>\n"
    )


def notebook_to_html(nb: nbformat.NotebookNode, title: str, meta: Sequence[str] = ()) -> str:
    """Render an executed notebook as a self-contained HTML report without code.

    Args:
        nb: The executed notebook.
        title: Page title.
        meta: Run facts shown under the title (scenario, commit, time …).

    Returns:
        The HTML document.
    """
    body, _ = _exporter().from_notebook_node(hoist_answer(_strip_for_report(nb)))
    return page(title, body, meta)


@functools.cache
def _exporter() -> Any:
    """The report exporter, made once per process: its Jinja environment compiles the templates once.

    A new exporter per report recompiled six templates (~0.1 s) every time; the runner's
    :func:`talentlib.execution.preload` makes this one before its workers fork, so they inherit it compiled.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without the BeautifulSoup pass that ends ``HTMLExporter.from_notebook_node``.

        That pass re-parses the whole page (~0.1 s for a report with its figures, 60 % of the render) to give
        ``img`` tags without ``alt`` a placeholder and to make lab-template cells focusable. On these reports it
        finds nothing: every figure is our ``<figure>`` with its own alt text (:func:`talentlib.report.figure_html`),
        any other image output gets the same placeholder through its metadata first (:func:`_strip_for_report`),
        and the ``basic`` template has no lab cells. The filters are registered as ``HTMLExporter`` registers
        them (nbconvert 7.17); ``tests/test_rendering.py`` renders a report both ways and checks that the pass
        would change nothing but the markup's spelling, so a change in nbconvert shows there.
        """

        def from_notebook_node(  # type: ignore[override]
            self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            self.register_filter(
                "highlight_code",
                self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    # optimistic_validation: validate the notebook once after the preprocessors, not after each of the twelve
    # (40 % of a render); an invalid notebook still fails the render
    return ReportExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        optimistic_validation=True,
    )


def index_html(
    scenario: str, description: str, rows: Sequence[Mapping[str, Any]], meta: Sequence[str]
) -> str:
    """The scenario index: status of each notebook, its headline metrics and links.

    Args:
        scenario: Scenario name.
        description: One-line scenario description (escaped).
        rows: Per notebook: ``title, question, status, duration, report (relative link or ''), error, headlines``
            where ``headlines`` is a list of ``(label, formatted value)``, and optionally ``key_chart``: the path of
            the report's key chart (the first of its spec's ``key_figures``), shown as a thumbnail.
        meta: Run facts.

    Returns:
        The HTML document.
    """
    failed = [r for r in rows if r["status"] != "succeeded"]
    parts = []
    if failed:
        names = ", ".join(r["title"] for r in failed)
        parts.append(
            f'<div class="tl-notice tl-alert"><strong>Incomplete run: {len(failed)} notebook(s) failed ({html.escape(names)}). '
            "Their reports are not published; the failed notebooks are kept as evidence.</strong></div>"
        )
    if description:
        parts.append(f"<p>{html.escape(description)}</p>")
    parts.append(
        "<table><thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Report", "Question", "Status", "Key chart", "Headline", "Time")
        )
        + "</tr></thead><tbody>"
    )
    for row in rows:
        title = html.escape(row["title"])
        link = (
            f'<a href="{html.escape(row["report"], quote=True)}">{title}</a>' if row.get("report") else title
        )
        status = html.escape(row["status"])
        error = f"<br><small>{html.escape(row['error'])}</small>" if row.get("error") else ""
        thumb = thumbnail_html(row.get("key_chart"), row["title"])
        headlines = "<br>".join(
            f"{html.escape(label)}: <strong>{html.escape(value)}</strong>"
            for label, value in row["headlines"]
        )
        parts.append(
            f"<tr><td>{link}</td><td>{html.escape(row['question'])}</td>"
            f'<td class="status-{status}">{status}{error}</td><td class="tl-thumb">{thumb}</td><td>{headlines}</td><td>{row["duration"]:.1f} s</td></tr>'
        )
    parts.append("</tbody></table>")
    return page(f"AI talent gap — scenario “{scenario}”", "".join(parts), meta)


#: Width in pixels of the key-chart thumbnails on the index page.
THUMBNAIL_WIDTH = 360
#: Pillow's ``reducing_gap`` for thumbnails: the final Lanczos step shrinks by at most this factor.
THUMBNAIL_REDUCING_GAP = 1.25


def thumbnail_png(path: Path, width: int = THUMBNAIL_WIDTH) -> bytes:
    """A PNG of the chart scaled down to ``width`` pixels (aspect kept); no metadata, so the bytes are stable.

    Made once per version of the file (its path, size and modification time): the runner makes each report's
    as soon as its notebook has finished (:func:`prepare_thumbnail`), while other notebooks still run, and the
    index page, written after the last one, reuses it.
    """
    info = os.stat(path)
    return _thumbnail(str(Path(path).resolve()), info.st_mtime_ns, info.st_size, width)


def prepare_thumbnail(path: Path) -> None:
    """Make the thumbnail of ``path`` now (:func:`thumbnail_png`); a file it cannot read is left to the index page."""
    with contextlib.suppress(OSError, ValueError):
        thumbnail_png(path)


@functools.lru_cache(maxsize=64)
def _thumbnail(path: str, _mtime_ns: int, _size: int, width: int) -> bytes:
    from PIL import Image

    from talentlib.report import PNG_COMPRESS_LEVEL

    with Image.open(path) as image:
        image.load()
        if image.mode == "RGBA" and image.getextrema()[3] == (255, 255):
            image = image.convert("RGB")  # an opaque chart: a quarter less to scale and to encode
        if image.width > width:
            height = max(1, round(image.height * width / image.width))
            # Box-reduce by the whole factor first, then Lanczos for the last < 1.25x: half the time of a
            # Lanczos pass over the full chart, and no visible difference at a thumbnail's size.
            image = image.resize(
                (width, height), Image.Resampling.LANCZOS, reducing_gap=THUMBNAIL_REDUCING_GAP
            )
        buffer = io.BytesIO()
        # the figures' zlib level: the key chart's thumbnail encodes in 3.6 ms instead of 6.1 and is 7 % smaller
        # (optimize=True: 2 % smaller than level 6, twice its time, per scenario of a sweep)
        image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def thumbnail_html(path: str | Path | None, title: str) -> str:
    """The key chart of a report as an embedded thumbnail (empty when there is none)."""
    if not path or not Path(path).is_file():
        return ""
    data = base64.b64encode(thumbnail_png(Path(path))).decode("ascii")
    alt = html.escape(f"Key chart of the {title} report", quote=True)
    return f'<img src="data:image/png;base64,{data}" alt="{alt}">'
