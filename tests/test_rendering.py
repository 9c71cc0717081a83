"""HTML of the reports and the index page: user text escaped, metrics formatted by their unit."""

from __future__ import annotations

import nbformat
import pytest

from talentlib import rendering
from talentlib.report import format_metric


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (None, "money", "n/a"),
        (True, "num", "yes"),
        (185_000, "money", "$185K"),
        (0.153, "pct", "15%"),
        (2712.4, "num", "2,712"),
        (0.935, "ratio", "0.94"),
        ("bottleneck", "text", "bottleneck"),
    ],
)
def test_one_formatter_for_every_headline(value, unit, text):
    assert format_metric(value, unit) == text


def _row(**overrides):
    row = {
        "title": "Market <sizing>",
        "question": "How fast? & why",
        "status": "succeeded",
        "duration": 1.25,
        "report": "market_sizing/market_sizing.html",
        "error": "",
        "headlines": [("Gap <P50>", "2,712")],
    }
    row.update(overrides)
    return row


def test_index_escapes_every_user_and_report_text():
    page = rendering.index_html("s<1>", "R&D <Ops>", [_row()], ["scenario s<1>"])
    assert "R&amp;D &lt;Ops&gt;" in page and "<Ops>" not in page
    assert "Market &lt;sizing&gt;" in page and "Gap &lt;P50&gt;" in page
    assert 'href="market_sizing/market_sizing.html"' in page


def test_index_says_which_notebooks_failed():
    page = rendering.index_html(
        "s", "", [_row(), _row(title="Pay", status="failed", report="", error="boom")], []
    )
    assert "Incomplete run: 1 notebook(s) failed (Pay)" in page
    assert "boom" in page


def test_report_html_keeps_outputs_and_drops_code():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Findings"),
            nbformat.v4.new_code_cell(
                "secret_code = 1", outputs=[nbformat.v4.new_output("stream", text="shown")]
            ),
        ]
    )
    html = rendering.notebook_to_html(nb, "Title & more", ["run 1"])
    assert "Findings" in html and "shown" in html
    assert "secret_code" not in html
    assert "Title &amp; more" in html
