"""Tables as readers see them: labels, unit formatting, constant/repeated columns out of the HTML, folding, answer first."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from talentlib import labels, report, tables
from talentlib.rendering import hoist_answer, index_html, thumbnail_png


def test_label_map_and_humanised_keys():
    assert labels.label("ai_ml_engineer") == "AI/ML engineer"
    assert labels.label("c_suite") == "C-suite"
    assert labels.label("non_coastal") == "Non-coastal"
    assert labels.label("cost_per_hire_usd") == "Cost per hire USD"
    assert labels.label("npv_p50") == "NPV P50"
    assert labels.label("Synthetic BU A") == "Synthetic BU A"  # not a key: unchanged
    assert labels.in_sentence("middle_management") == "middle management"
    assert labels.in_sentence("c_suite") == "C-suite"
    assert labels.in_sentence("strategy_value") == "AI strategy and value"


def test_every_label_key_is_unique():
    frame = pd.read_csv(labels.LABELS_FILE)
    assert not frame["key"].duplicated().any()
    assert frame["label"].str.len().min() > 0


def test_cells_are_labelled_only_when_they_are_keys():
    assert labels.value_label("mlops_engineer") == "MLOps engineer"
    assert labels.value_label("my_unit") == "my_unit"  # user text that happens to look like a key stays
    assert labels.value_label(3) == 3


@pytest.mark.parametrize(
    ("name", "values", "unit"),
    [
        ("total_comp", [185000.0, 373750.0], "money"),
        ("cost_per_point_usd", [1.0, 2.0], "money"),
        ("compa_ratio", [0.93, 1.1], "num"),
        ("supply_share", [0.29, 0.5], "pct"),
        ("growth_pct", [40.0, 60.0], "num"),  # already in percent: not multiplied by 100
        ("role", ["a", "b"], "text"),
    ],
)
def test_units_read_from_names(name, values, unit):
    assert tables.column_unit(name, pd.Series(values)) == unit


def test_numbers_formatted_by_unit_worked_by_hand():
    frame = pd.DataFrame(
        {
            "role": ["ai_ml_engineer", "data_engineer"],
            "total_comp": [373750.0, 185000.0],
            "share": [0.153, 0.042],
            "n": [12, 240],
            "alpha": [0.8123, 0.7],
            "year": [2026, 2027],
        }
    )
    shown = tables.display_table(frame).frame
    assert list(shown.columns) == ["Role", "Total compensation", "Share", "n", "Alpha", "Year"]
    assert shown.iloc[0].tolist() == ["AI/ML engineer", "$373,750", "15%", "12", "0.81", "2026"]
    assert shown.iloc[1].tolist() == ["Data engineer", "$185,000", "4.2%", "240", "0.70", "2027"]


def test_explicit_units_and_formats_win():
    frame = pd.DataFrame({"role": ["a", "b"], "x": [0.5, 0.25], "y": [1.0, 2.0]})
    shown = tables.display_table(frame, formats={"y": lambda v: f"<{v}>"}, units={"x": "pct"}).frame
    assert shown["X"].tolist() == ["50%", "25%"]
    assert shown["Y"].tolist() == ["<1.0>", "<2.0>"]


def test_constant_and_repeated_columns_leave_the_html_and_are_named():
    frame = pd.DataFrame(
        {
            "location": ["coastal", "non_coastal", "remote"],
            "coastal_mid_low": [1.0, 0.9, 0.8],
            "coastal_mid": [1.0, 0.9, 0.8],
            "coastal_mid_high": [1.0, 0.9, 0.8],
            "factor_2026_from_2026": [1.0, 1.0, 1.0],
        }
    )
    constant, repeats, notes = tables.redundant_columns(frame)
    assert constant == ["factor_2026_from_2026"]
    assert repeats == {"coastal_mid": "coastal_mid_low", "coastal_mid_high": "coastal_mid_low"}
    assert notes == [
        "Same in every row: Factor 2026 from 2026 = 1.",
        "Coastal mid and Coastal mid high equal Coastal mid low in every row.",
    ]
    markup = report.table_html(frame, caption="Pay factors.")
    assert "Factor 2026" not in markup.split("<p")[0]  # not a column
    assert "Same in every row: Factor 2026 from 2026 = 1." in markup  # but said in the caption
    assert markup.count('<th scope="col">') == 2


def test_one_row_tables_and_categoricals_keep_everything():
    assert tables.redundant_columns(pd.DataFrame({"a": [1], "b": [1]}))[0] == []
    cat = pd.DataFrame(
        {
            "tier": pd.Categorical(["board", "c_suite"]),
            "level": pd.Categorical(["x", "y"], categories=["y", "x"]),
        }
    )
    assert tables.redundant_columns(cat) == ([], {}, [])


def test_csv_keeps_what_the_html_drops(tmp_path):
    frame = pd.DataFrame({"role": ["a", "b"], "constant": [1.0, 1.0], "value": [373750.0, 2.5]})
    artifacts = report.Artifacts(root=tmp_path)
    artifacts.table("t", frame)
    text = (tmp_path / "tables" / "t.csv").read_text()
    assert text.splitlines()[0] == "role,constant,value" and "373750" in text


def test_long_and_input_tables_fold_into_details():
    long = pd.DataFrame(
        {"item": [f"q{i:02d}" for i in range(report.FOLD_ROWS + 1)], "v": range(report.FOLD_ROWS + 1)}
    )
    assert report.table_html(long, caption="Items. More.").startswith(
        '<details class="tl-fold"><summary>Items —'
    )
    short = long.head(3)
    assert not report.table_html(short).startswith("<details")
    assert report.table_html(short, fold=True).startswith("<details")


def test_answer_is_hoisted_to_the_top_of_the_report():
    answer = report.answer_html(["Gap is 22 points."], ["Train managers."], ["Synthetic survey."])
    assert report.ANSWER_MARK in answer and "<h3>Recommendation</h3>" in answer
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Title"),
            nbformat.v4.new_code_cell("x", outputs=[_html_output("<p>inputs</p>")]),
            nbformat.v4.new_code_cell("y", outputs=[_html_output(answer), _html_output("<p>sources</p>")]),
        ]
    )
    cells = hoist_answer(nb).cells
    assert [c.cell_type for c in cells] == ["markdown", "code", "code", "code"]
    assert report.ANSWER_MARK in cells[1].outputs[0]["data"]["text/html"]
    assert [o["data"]["text/html"] for o in cells[3].outputs] == ["<p>sources</p>"]


def test_answer_escapes_text():
    assert "<script>" not in report.answer_html(["<script>x</script>"])


def _html_output(markup: str):
    return nbformat.v4.new_output("display_data", data={"text/html": markup})


def test_index_shows_a_thumbnail_of_the_key_chart(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([0, 1], [0, 1])
    png = tmp_path / "chart.png"
    png.write_bytes(report.figure_png(fig, dpi=100))
    import io

    from PIL import Image

    with Image.open(io.BytesIO(thumbnail_png(png))) as thumb:
        assert thumb.size == (360, 180)  # 800x400 scaled to 360 wide, aspect kept
    row = {
        "title": "T",
        "question": "Q",
        "status": "succeeded",
        "duration": 1.0,
        "report": "t/t.html",
        "error": "",
    }
    with_chart = index_html("s", "", [{**row, "headlines": [], "key_chart": str(png)}], ["m"])
    assert 'alt="Key chart of the T report"' in with_chart and "data:image/png;base64," in with_chart
    without = index_html(
        "s", "", [{**row, "headlines": [], "key_chart": str(tmp_path / "missing.png")}], ["m"]
    )
    assert "data:image/png" not in without


def test_repeated_and_constant_columns_are_found_across_dtypes_and_missing_values():
    frame = pd.DataFrame(
        {
            "role": ["a", "b", "c"],
            "n": [1, 2, None],
            "n_copy": [1.0, 2.0, float("nan")],  # equal to n, missing where n is missing
            "text": ["x", None, "z"],
            "text_copy": ["x", None, "z"],
            "mixed": [1, "2", None],  # 1 == 1 but "2" != 2: not a repeat of n
            "flag": [True, True, True],
        }
    )
    constant, repeats, _ = tables.redundant_columns(frame)
    assert constant == ["flag"]
    assert repeats == {"n_copy": "n", "text_copy": "text"}


def test_a_thumbnail_is_made_once_per_version_of_its_chart(tmp_path):
    import io
    import os

    from PIL import Image

    from talentlib import rendering

    png = tmp_path / "chart.png"
    Image.new("RGB", (720, 360), "white").save(png)
    rendering.prepare_thumbnail(png)  # as the runner does when the notebook finishes
    before = rendering._thumbnail.cache_info()
    first = thumbnail_png(png)
    assert rendering._thumbnail.cache_info().hits == before.hits + 1, "the index page reuses it"
    Image.new("RGB", (720, 720), "black").save(png)
    os.utime(png, ns=(png.stat().st_atime_ns, png.stat().st_mtime_ns + 10**9))
    with Image.open(io.BytesIO(thumbnail_png(png))) as again:
        assert again.size == (360, 360), "a rewritten chart gets a new thumbnail"
    assert thumbnail_png(png) != first
    rendering.prepare_thumbnail(tmp_path / "missing.png")  # left to the index page, which shows none
    (tmp_path / "broken.png").write_bytes(b"not a png")
    rendering.prepare_thumbnail(tmp_path / "broken.png")
