from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

from talentlib import executive_summary as es
from talentlib.market_sizing import SPEC as MARKET
from talentlib.params import NotebookParams
from talentlib.spec import Headline, NotebookSpec


class OtherParams(NotebookParams):
    notebook: ClassVar[str] = "other"


class AbsentParams(NotebookParams):
    notebook: ClassVar[str] = "absent"


OTHER = NotebookSpec(
    title="Other analysis",
    question="?",
    params_model=OtherParams,
    headlines=(Headline("cost", "Cost", "money"),),
)


def make_run(tmp_path: Path, failed: bool = True) -> Path:
    (tmp_path / "market_sizing" / "figures").mkdir(parents=True)
    metrics = {
        "total_gap_p50": 2712.1,
        "total_coverage_p50": 0.29,
        "prob_gap_widens": 1.0,
        "gap_widens": 1.0,
        "findings": ["Gap grows."],
        "recommendations": ["Build, do not only buy."],
    }
    (tmp_path / "market_sizing" / "metrics.json").write_text(json.dumps(metrics))
    (tmp_path / "market_sizing" / "figures" / "fan_chart.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "other").mkdir()
    if failed:
        (tmp_path / "other" / "FAILED-other.ipynb").write_text("{}")
        status = {"other": {"status": "failed", "error": "cell 5: ValueError: bad <input>"}}
    else:
        (tmp_path / "other" / "metrics.json").write_text(json.dumps({"cost": 1_250_000}))
        status = {}
    (tmp_path / "run_status.json").write_text(
        json.dumps({"scenario": "s1", "notebooks": status, "versions": {"pandas": "3"}})
    )
    return tmp_path


def test_failed_notebook_is_stated_plainly(tmp_path):
    digest = es.collect_run(make_run(tmp_path), [MARKET, OTHER])
    assert [n.status for n in digest.notebooks] == ["succeeded", "failed"]
    found = es.findings(digest)
    assert found[0].startswith("Other analysis: FAILED in this run (cell 5: ValueError")
    assert "missing from this brief" in found[0]
    assert "AI talent market sizing: Gap grows." in found
    assert es.summary_metrics(digest) == {
        "notebooks_succeeded": ["market_sizing"],
        "notebooks_failed": ["other"],
        "notebooks_not_run": [],
        "complete": False,
        "synthetic_analyses": [],
    }


def test_headlines_are_read_and_formatted_not_recomputed(tmp_path):
    digest = es.collect_run(make_run(tmp_path, failed=False), [MARKET, OTHER])
    table = es.headline_table(digest)
    values = dict(zip(table.metric, table.value, strict=True))
    assert values == {
        "Total gap at horizon (P50, people)": "2,712",
        "Supply covers demand (P50)": "29%",
        "Gap widens (share of simulations)": "100%",
        "Cost": "$1.2M",
    }
    assert es.recommendations(digest) == ["AI talent market sizing: Build, do not only buy."]


def test_missing_notebook_is_not_run_and_key_chart_embedded(tmp_path):
    run = make_run(tmp_path)
    digest = es.collect_run(
        run, [MARKET, OTHER, NotebookSpec(title="Absent", question="?", params_model=AbsentParams)]
    )
    assert digest.notebooks[2].status == "not run"
    charts = es.key_charts_html(digest, max_charts=3)
    assert len(charts) == 1 and 'alt="Chart from the AI talent market sizing report: fan chart"' in charts[0]
    assert es.key_charts_html(digest, max_charts=0) == []


def test_user_text_is_escaped_in_the_title(tmp_path):
    digest = es.collect_run(make_run(tmp_path), [MARKET, OTHER])
    params = es.ExecutiveSummaryParams(organisation_name="<script>alert(1)</script> R&D")
    markup = es.title_html(params, digest)
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "R&amp;D" in markup


def test_assumptions_cover_the_succeeded_notebooks(tmp_path):
    digest = es.collect_run(make_run(tmp_path), [MARKET, OTHER])
    table = es.assumptions_table(digest)
    assert "assumption" in set(table.kind) and "article" in set(table.kind)


def test_assumptions_are_summarised_with_the_full_list_folded(tmp_path):
    digest = es.collect_run(make_run(tmp_path), [MARKET, OTHER])
    markup = es.assumptions_html(digest)
    assert "<details>" in markup and "claims of the source article" in markup
    assert markup.count("<tr>") > len(
        MARKET.figures
    )  # the article table plus every figure in the folded list


def test_results_from_synthetic_samples_are_marked_and_the_brief_not_headed_as_an_organisation(tmp_path):
    run = make_run(tmp_path, failed=False)
    metrics = {
        "cost": 1,
        "synthetic_sample": True,
        "findings": ["Pay lags."],
        "recommendations": ["Raise pay."],
    }
    (run / "other" / "metrics.json").write_text(json.dumps(metrics))
    digest = es.collect_run(run, [MARKET, OTHER])
    params = es.ExecutiveSummaryParams(organisation_name="Acme")
    heading = es.title_html(params, digest)
    assert "Acme" not in heading and "Illustrative brief" in heading and "Other analysis" in heading
    assert "Other analysis (synthetic sample): Pay lags." in es.findings(digest)
    assert "Other analysis (illustrative only: synthetic sample): Raise pay." in es.recommendations(digest)
    assert "AI talent market sizing: Gap grows." in es.findings(digest), "not every analysis is synthetic"
    assert es.summary_metrics(digest)["synthetic_analyses"] == ["Other analysis"]
    (run / "other" / "metrics.json").write_text(json.dumps({**metrics, "synthetic_sample": False}))
    real = es.collect_run(run, [MARKET, OTHER])
    assert "<strong>Acme</strong>" in es.title_html(params, real)
