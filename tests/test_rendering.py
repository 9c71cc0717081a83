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


def _report_notebook() -> nbformat.NotebookNode:
    """Every kind of output a report shows: markdown, our HTML (table, figure), text, and a bare PNG."""
    from talentlib import report

    table = report.table_html(__import__("pandas").DataFrame({"role": ["AI/ML engineer"], "gap": [1.5]}))
    figure = report.figure_html(b"\x89PNG fake", alt="A chart <of> things", caption="Source: us")
    outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": table + figure}),
        nbformat.v4.new_output("stream", name="stdout", text="a line & more\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
    ]
    return nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Findings\n\nA *claim* with [a link](https://example.org)."),
            nbformat.v4.new_code_cell("x = 1", outputs=outputs),
        ]
    )


def test_the_report_exporter_skips_only_a_pass_that_would_change_nothing_but_spelling():
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    nb = rendering.hoist_answer(rendering._strip_for_report(_report_notebook()))
    ours, _ = rendering._exporter().from_notebook_node(nb)
    options = {"exclude_input": True, "exclude_input_prompt": True, "exclude_output_prompt": True}
    nbconverts, _ = HTMLExporter(template_name="basic", **options).from_notebook_node(nb)
    assert str(BeautifulSoup(ours, features="html.parser")) == nbconverts
    soup = BeautifulSoup(ours, features="html.parser")
    assert soup.select("img:not([alt])") == []
    assert [img["alt"] for img in soup.select("img")] == ["A chart <of> things", rendering.NO_ALT_TEXT]


def test_an_image_output_keeps_the_alt_text_it_has():
    nb = _report_notebook()
    nb.cells[1].outputs[2].metadata = {"image/png": {"alt": "Cost by role"}}
    page = rendering.notebook_to_html(nb, "t")
    assert 'alt="Cost by role"' in page and rendering.NO_ALT_TEXT not in page


def _answered_notebook(first_id: str = "title") -> nbformat.NotebookNode:
    from talentlib.report import ANSWER_MARK

    answer = nbformat.v4.new_output(
        "display_data", data={"text/html": f"<div>{ANSWER_MARK} the answer</div>"}
    )
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1", outputs=[answer])]
    )
    nb.cells[0].id = first_id
    return nb


def test_a_report_renders_to_the_same_bytes_every_time():
    import copy

    nb = _answered_notebook()
    assert rendering.notebook_to_html(copy.deepcopy(nb), "T") == rendering.notebook_to_html(nb, "T")
    assert [c.id for c in rendering.hoist_answer(_answered_notebook()).cells][:2] == ["title", "answer"]
    taken = rendering.hoist_answer(_answered_notebook(first_id="answer"))
    assert [c.id for c in taken.cells][:2] == ["answer", "answer-2"], "a notebook's own ids are kept unique"


def test_an_invalid_notebook_still_fails_its_render():
    nb = _report_notebook()
    nb.cells[1].outputs[1]["text"] = 5  # a stream's text must be a string
    with pytest.raises(nbformat.ValidationError):
        rendering.notebook_to_html(nb, "T")
