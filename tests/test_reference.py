from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentlib import reference
from talentlib.config import DATA_DIR

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_every_figure_has_a_source_and_kind():
    table = reference.all_figures()
    assert set(table["kind"]) <= {"article", "public", "assumption"}
    assert (table["source_name"].str.len() > 0).all()
    assert not table["figure_id"].duplicated().any()
    assumptions = table[table["kind"] == "assumption"]
    assert (assumptions["source_name"] == "assumption (talentlib)").all()


def test_figure_lookup_and_citation():
    fig = reference.figure("article.demand_growth")
    assert (fig.low, fig.high) == (0.4, 0.6)
    assert "CallSphere" in fig.citation
    assert reference.figure("public.27").value == 33.5
    with pytest.raises(KeyError, match="unknown reference figure"):
        reference.figure("article.nope")


@pytest.mark.skipif(not (SHARED / "data").exists(), reason="shared/ not beside the checkout")
def test_public_figures_are_a_byte_identical_copy():
    assert (DATA_DIR / "public_reference_figures.csv").read_bytes() == (
        SHARED / "data" / "public_reference_figures.csv"
    ).read_bytes()


@pytest.mark.skipif(not (SHARED / "seed").exists(), reason="shared/ not beside the checkout")
def test_article_pay_table_matches_the_article_text():
    text = (SHARED / "seed" / "ai-talent-gap-article.txt").read_text(encoding="utf-8")
    names = {
        "AI/ML Engineer": "ai_ml_engineer",
        "Data Engineer": "data_engineer",
        "MLOps Engineer": "mlops_engineer",
        "AI Product Manager": "ai_product_manager",
        "AI Research Scientist": "ai_research_scientist",
    }
    bands = reference.article_pay_bands().set_index(["role", "level"])
    for label, role in names.items():
        row = re.search(rf"^\| {re.escape(label)} \| (.+) \|$", text, re.M)
        assert row, label
        cells = [c.strip() for c in row.group(1).split("|")]
        for level, cell in zip(("junior", "mid", "senior"), cells, strict=True):
            low, high, plus = re.match(r"\$(\d+)-(\d+)K(\+?)", cell).groups()
            band = bands.loc[(role, level)]
            assert (band["low"], band["high"], band["open_ended"]) == (
                int(low) * 1000,
                int(high) * 1000,
                plus == "+",
            )


@pytest.mark.skipif(not (SHARED / "seed").exists(), reason="shared/ not beside the checkout")
def test_article_growth_figures_appear_in_the_article():
    text = (SHARED / "seed" / "ai-talent-gap-article.txt").read_text(encoding="utf-8")
    assert "growing at 40-60% annually" in text
    assert "growing at 15-20%" in text
    assert "factor of 3-5x" in text
    assert "($3-5K annually)" in text
    assert "5-10 competing offers" in text
