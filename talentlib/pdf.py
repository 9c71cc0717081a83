"""PDF of every report of a run: the system Chromium through Playwright, offline.

``talentlib run --pdf`` prints while the run is staged; ``talentlib pdf OUTPUT_DIR`` prints a published run. Each
page is printed with the reports' print CSS (A4, margins, no table row or figure split across pages, folded
tables opened) and a running header (scenario, run time, commit) and footer (page N of M). No browser is
downloaded (Debian's ``chromium``, see ``scripts/install_browser.sh``) and no request may leave the machine: any
URL other than ``file:``/``data:`` is aborted and fails the print. The PDFs are listed in ``run.json`` under
``pdf`` (path → sha256) and in its ``artifacts``.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import html
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Chromium flags: headless in a container, nothing phoning home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MARGINS = {"top": "22mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
_BAR = 'style="font-size:8px;color:#5b6573;width:100%;padding:0 14mm;font-family:Arial,sans-serif;display:flex;justify-content:space-between"'


class PdfError(OSError):
    """Printing failed (no browser, a page that tried to reach the network, a crashed print).

    An ``OSError`` so a run treats it as it treats outputs it could not write: not published, kept as evidence.
    """


def chromium_path() -> str:
    """The system Chromium (``TALENTLIB_CHROMIUM`` overrides), or raise :class:`PdfError` saying how to get it."""
    found = os.environ.get("TALENTLIB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).is_file():
        raise PdfError(
            "PDF: no Chromium found (install Debian's 'chromium', e.g. scripts/install_browser.sh, or set TALENTLIB_CHROMIUM)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise PdfError("PDF: Playwright is not installed (pip install 'talentlib[pdf]')") from exc
    return found


def header_template(facts: Mapping[str, str]) -> str:
    """The running header: scenario, run time and commit (escaped)."""
    left = f"talentlib · scenario {facts.get('scenario', '?')}"
    right = f"run {facts.get('started_at', '?')} · commit {str(facts.get('git_commit', 'unknown'))[:12]}"
    return f"<div {_BAR}><span>{html.escape(left)}</span><span>{html.escape(right)}</span></div>"


def footer_template(title: str) -> str:
    """The running footer: report title and ``page N of M``."""
    return (
        f'<div {_BAR}><span>{html.escape(title)}</span><span>page <span class="pageNumber"></span> of '
        '<span class="totalPages"></span></span></div>'
    )


def report_pages(run_dir: Path) -> list[Path]:
    """The HTML pages of a run to print: the index, then every report (``<notebook>/<notebook>.html``)."""
    pages = [run_dir / "index.html"] if (run_dir / "index.html").is_file() else []
    pages += sorted(p for p in run_dir.glob("*/*.html") if p.stem == p.parent.name)
    return pages


def pdf_path(run_dir: Path, page: Path) -> Path:
    """Where a page's PDF goes: beside it, same stem (``index.pdf``, ``<notebook>/<notebook>.pdf``)."""
    return page.with_suffix(".pdf")


def print_pages(pages: list[Path], facts: Mapping[str, str]) -> list[str]:
    """Print HTML pages to PDF beside them.

    Args:
        pages: HTML files (self-contained).
        facts: ``scenario``, ``started_at`` and ``git_commit`` for the running header.

    Returns:
        The URLs that were refused (empty when nothing tried to leave the machine).

    Raises:
        PdfError: If Chromium or Playwright is missing, or printing fails.
    """
    executable = chromium_path()
    # Playwright's sync API refuses to start where an event loop runs (a kernel, another sync session): a thread
    # of its own has none.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="talentlib-pdf") as pool:
        return pool.submit(_print_pages, executable, pages, facts).result()


def _print_pages(executable: str, pages: list[Path], facts: Mapping[str, str]) -> list[str]:
    from playwright.sync_api import Error, sync_playwright

    refused: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
            context = browser.new_context()
            context.route("**/*", guard)
            page = context.new_page()
            for source in pages:
                page.goto(source.resolve().as_uri(), wait_until="load")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(source.with_suffix(".pdf")),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template=header_template(facts),
                    footer_template=footer_template(page.title()),
                    margin=MARGINS,
                )
            browser.close()
    except Error as exc:
        raise PdfError(f"PDF: printing failed: {str(exc).splitlines()[0]}") from exc
    return refused


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def print_run(run_dir: Path, facts: Mapping[str, str]) -> dict[str, str]:
    """Print the index and every report of a run folder; return ``{relative pdf path: sha256}``.

    Raises:
        PdfError: As :func:`print_pages`, and when a page tried to reach the network (named in the message).
    """
    pages = report_pages(run_dir)
    if not pages:
        raise PdfError(f"PDF: {run_dir} holds no report to print (index.html, <notebook>/<notebook>.html)")
    refused = print_pages(pages, facts)
    if refused:
        raise PdfError(f"PDF: {len(refused)} request(s) outside the machine refused, first {refused[0]}")
    return {
        p.with_suffix(".pdf").relative_to(run_dir).as_posix(): sha256(p.with_suffix(".pdf")) for p in pages
    }


def print_published(run_dir: Path) -> dict[str, str]:
    """``talentlib pdf OUTPUT_DIR``: print a published run and record the PDFs in its ``run.json``.

    ``run.json`` gains ``pdf`` (path → sha256) and the PDFs join its ``artifacts``; it is replaced atomically.

    Raises:
        PdfError: If the folder is not a run (no ``run.json``) or printing fails.
    """
    manifest_path = run_dir / "run.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PdfError(f"PDF: {run_dir} is not a talentlib run (no readable run.json)") from exc
    facts = {k: str(manifest.get(k, "")) for k in ("scenario", "started_at", "git_commit")}
    digests = print_run(run_dir, facts)
    manifest["pdf"] = digests
    manifest.setdefault("artifacts", {}).update(digests)
    manifest["artifacts"] = dict(sorted(manifest["artifacts"].items()))
    from talentlib.report import write_json

    staged = manifest_path.with_name(".run.json.tmp")
    write_json(manifest, staged)
    os.replace(staged, manifest_path)
    return digests
