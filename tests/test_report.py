from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from talentlib import report
from talentlib.rendering import index_html


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("x")',
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ],
)
def test_formula_prefixes_are_neutralised(tmp_path, text):
    frame = pd.DataFrame({"name": [text], "pay": [-5.0]})
    safe = report.safe_csv_frame(frame)
    assert safe["name"][0] == "'" + text
    assert safe["pay"][0] == -5.0, "numbers stay numbers"
    path = report.write_csv(frame, tmp_path / "t.csv")
    back = pd.read_csv(path)
    assert back["pay"][0] == -5.0 and len(back) == 1, "a CR inside text must not break the row"
    first_field = path.read_bytes().decode().split("\r\n", 1)[1]
    assert first_field.startswith(("'", "\"'")), first_field


def test_plain_text_is_untouched(tmp_path):
    path = report.write_csv(pd.DataFrame({"name": ["AT&T R&D <Ops>", "مرحبا 🚀"]}), tmp_path / "t.csv")
    assert pd.read_csv(path)["name"].tolist() == ["AT&T R&D <Ops>", "مرحبا 🚀"]


def test_metrics_are_deterministic_and_json_clean(tmp_path):
    data = {"b": np.float64(1 / 3), "a": np.int64(2), "c": float("nan"), "d": np.bool_(False)}
    path = report.write_json(data, tmp_path / "m.json")
    assert (
        path.read_text() == report.write_json(dict(reversed(data.items())), tmp_path / "n.json").read_text()
    )
    loaded = json.loads(path.read_text())
    assert loaded == {"a": 2, "b": 0.3333333333, "c": None, "d": False}


def test_tables_escape_html():
    markup = report.table_html(pd.DataFrame({"unit": ["<script>alert(1)</script>"]}), caption="<b>c</b>")
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "&lt;b&gt;" in markup


def test_findings_escape_html():
    assert "<img" not in report.findings_html(['<img src=x onerror="alert(1)">'])


def test_index_page_escapes_scenario_text():
    row = {
        "title": "<i>t</i>",
        "question": "q<script>",
        "status": "failed",
        "duration": 1.0,
        "report": "",
        "error": "<img src=x onerror=alert(1)>",
        "headlines": [("<b>", "<u>")],
    }
    page = index_html("s", "<script>alert(1)</script>", [row], ["<meta>"])
    assert "<script>alert" not in page and "<img src=x" not in page and "<i>t</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("value", "text"), [(1_250_000, "$1.2M"), (185_000, "$185K"), (950, "$950"), (-20_000, "-$20K")]
)
def test_money_format(value, text):
    assert report.fmt_money(value) == text
