"""PDFs of a run, printed by the system Chromium and read back with pypdf (no kernels: a small run folder made here)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from talentlib import cli, pdf, report
from talentlib.rendering import STYLE, index_html, page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser)"),
]
pypdf = pytest.importorskip("pypdf")


def _run_folder(root: Path) -> Path:
    run = root / "default"
    rows = pd.DataFrame(
        {
            "role": ["ai_ml_engineer"] * 150,
            "row": range(150),
            "total_comp": [373750.0 + i for i in range(150)],
        }
    )
    body = "<h2>The answer</h2><p>Total gap at horizon (P50): 2,712 people.</p>" + report.table_html(
        rows, caption="Long input table.", max_rows=150
    )
    (run / "market_sizing").mkdir(parents=True)
    (run / "market_sizing" / "market_sizing.html").write_text(
        page("AI talent market sizing", body, ["scenario default"])
    )
    line = {"title": "AI talent market sizing", "question": "Q?", "status": "succeeded", "duration": 1.0}
    index = index_html(
        "default",
        "",
        [{**line, "report": "market_sizing/market_sizing.html", "error": "", "headlines": []}],
        [],
    )
    (run / "index.html").write_text(index)
    manifest = {
        "scenario": "default",
        "started_at": "2026-12-02T10:00:00Z",
        "git_commit": "abc123def4567890",
        "artifacts": {},
    }
    (run / "run.json").write_text(json.dumps(manifest))
    return run


def _text(path: Path) -> tuple[int, str]:
    reader = pypdf.PdfReader(str(path))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_pdf_of_a_published_run_has_header_page_numbers_and_is_in_run_json(tmp_path):
    run = _run_folder(tmp_path)
    assert cli.main(["pdf", str(run)]) == cli.EXIT_OK
    pages, text = _text(run / "market_sizing" / "market_sizing.pdf")
    assert 2 <= pages <= 12  # 150 rows fold into <details>, opened for print: several pages, not dozens
    assert "AI talent market sizing" in text and "2,712" in text
    assert "$373,750" in text and "$373,899" in text  # formatted by unit; the last of 150 rows is printed
    assert "scenario default" in text and "abc123def456" in text and "2026-12-02T10:00:00Z" in text
    assert f"page 1 of {pages}" in text and f"page {pages} of {pages}" in text
    index_pages, index_text = _text(run / "index.pdf")
    assert index_pages == 1 and "AI talent gap" in index_text
    manifest = json.loads((run / "run.json").read_text())
    for rel in ("index.pdf", "market_sizing/market_sizing.pdf"):
        digest = hashlib.sha256((run / rel).read_bytes()).hexdigest()
        assert manifest["pdf"][rel] == digest == manifest["artifacts"][rel]


def test_a_page_that_reaches_outside_is_refused(tmp_path):
    run = _run_folder(tmp_path)
    # Our pages' Content-Security-Policy already stops this; a page without it meets the print guard.
    (run / "market_sizing" / "market_sizing.html").write_text(
        '<html><body><h1>x</h1><img src="http://192.0.2.1/tracker.png" alt="x"></body></html>'
    )
    with pytest.raises(
        pdf.PdfError, match=r"request\(s\) outside the machine refused, first http://192.0.2.1/"
    ):
        pdf.print_published(run)
    assert "pdf" not in json.loads((run / "run.json").read_text())


def test_not_a_run_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["pdf", str(tmp_path)]) == cli.EXIT_USAGE
    assert "not a talentlib run" in capsys.readouterr().err


def test_print_css_keeps_rows_and_figures_whole_and_repeats_table_heads():
    printing = STYLE.split("@media print")[1]
    assert "@page { size: A4; margin:" in printing
    assert "tr, figure, img" in printing and "break-inside: avoid" in printing
    assert "thead { display: table-header-group; }" in printing
