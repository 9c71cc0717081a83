"""End-to-end: the runner on real notebooks, and raw papermill on every params file."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from talentlib.runner import plan_scenario, run_plans

PROJECT = Path(__file__).resolve().parents[2]
PAPERMILL = str(Path(sys.executable).parent / "papermill")


@pytest.mark.notebook
def test_default_market_sizing_run_produces_the_contract(tmp_path):
    plan = plan_scenario("default", ["market_sizing", "executive_summary"])
    [outcome] = run_plans([plan], tmp_path, jobs=2)
    assert outcome.status == "succeeded", outcome.results
    root = tmp_path / "default"
    nb_dir = root / "market_sizing"
    for rel in (
        "market_sizing.ipynb",
        "market_sizing.html",
        "metrics.json",
        "tables/projection.csv",
        "figures/fan_chart.png",
    ):
        assert (nb_dir / rel).is_file(), rel
    projection = pd.read_csv(nb_dir / "tables" / "projection.csv")
    required = {
        "role",
        "year",
        "demand_p10",
        "demand_p50",
        "demand_p90",
        "supply_p10",
        "supply_p50",
        "supply_p90",
        "gap_p10",
        "gap_p50",
        "gap_p90",
        "coverage_p50",
        "unit",
    }
    assert required <= set(projection.columns)
    assert "total" in set(projection.role) and set(projection.unit) == {"people"}
    tornado = pd.read_csv(nb_dir / "tables" / "tornado.csv")
    assert list(tornado.columns)[:6] == [
        "driver",
        "low_value",
        "high_value",
        "gap_at_low",
        "gap_at_high",
        "swing",
    ]
    metrics = json.loads((nb_dir / "metrics.json").read_text())
    assert metrics["total_gap_p10"] < metrics["total_gap_p50"] < metrics["total_gap_p90"]
    assert metrics["prob_gap_widens"] == 1.0  # the article's demand growth always exceeds its supply growth
    assert metrics["gap_widens"] == "follows from inputs"  # ... and the report says so, not a probability
    assert metrics["unit"] == "people"
    assert (
        set(metrics["coverage_p50_by_role"]) == set(metrics["base_supply_by_role"]) == set(metrics["roles"])
    )

    manifest = json.loads((root / "run.json").read_text())
    assert manifest["status"] == "succeeded"
    assert manifest["notebooks"]["market_sizing"]["params"]["horizon_years"] == 5
    for rel, digest in manifest["artifacts"].items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest
    assert "run.json" not in manifest["artifacts"]

    html = (nb_dir / "market_sizing.html").read_text()
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "In&nbsp;[" not in html and "notebook_params(" not in html, "code must be hidden"
    assert "Traceback" not in html
    assert ".staging" not in html and "PosixPath" not in html, "no local paths in reports"
    assert "data:image/png;base64," in html and 'alt="' in html
    assert "Claims audit" in html and "CallSphere" in html
    index = (root / "index.html").read_text()
    assert "market_sizing/market_sizing.html" in index and "succeeded" in index
    assert not list(tmp_path.glob(".staging/*")), "staging must be empty after publishing"
    brief = (root / "executive_summary" / "executive_summary.html").read_text()
    assert "By 20" in brief and "data:image/png;base64," in brief and "run.json" in brief
    executed = (nb_dir / "market_sizing.ipynb").read_text()
    assert "widget-view" not in executed, "batch kernels (TALENTLIB_BATCH=1) do not build what-if widgets"


@pytest.mark.notebook
def test_same_seed_gives_byte_identical_tables_metrics_and_pngs_plain_and_preforked(tmp_path):
    plan = plan_scenario("default", ["market_sizing"], ["market_sizing.simulations=2000"])
    run_plans([plan], tmp_path / "a", jobs=1, engine="plain")
    run_plans([plan], tmp_path / "b", jobs=2, engine="prefork")
    a, b = (tmp_path / side / "default" / "market_sizing" for side in "ab")
    products = sorted(
        p.relative_to(a).as_posix()
        for p in a.rglob("*")
        if p.is_file() and (p.suffix in {".csv", ".png"} or p.name == "metrics.json")
    )
    assert {"metrics.json", "tables/projection.csv", "tables/claims_audit.csv"} <= set(products)
    assert any(p.endswith(".png") for p in products)
    for rel in products:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


@pytest.mark.notebook
@pytest.mark.parametrize(
    "path", sorted((PROJECT / "params").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_raw_papermill_runs_every_params_file(tmp_path, path):
    name = path.parent.name
    result = subprocess.run(
        [
            PAPERMILL,
            str(PROJECT / "notebooks" / f"{name}.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-f",
            str(path),
            "-p",
            "output_dir",
            str(tmp_path / "artifacts"),
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "artifacts" / "metrics.json").is_file()


@pytest.mark.notebook
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "horizon_years", "0"], "key 'horizon_years': expected a value >= 1"),
        (["-p", "horizn_years", "3"], "key 'horizn_years': unknown parameter"),
        (["-p", "growth_draw", "weekly"], "key 'growth_draw'"),
    ],
)
def test_raw_papermill_fails_clearly_on_bad_parameters(tmp_path, args, message):
    result = subprocess.run(
        [
            PAPERMILL,
            str(PROJECT / "notebooks" / "market_sizing.ipynb"),
            str(tmp_path / "out.ipynb"),
            *args,
            "-p",
            "output_dir",
            str(tmp_path / "artifacts"),
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert message in result.stderr + result.stdout
    assert not (tmp_path / "artifacts" / "metrics.json").exists()


@pytest.mark.notebook
def test_raw_papermill_with_your_own_base_levels(tmp_path):
    """A user's own levels (requisitions, not BLS people) flow through to the metrics, tables and findings."""
    params = tmp_path / "own.yaml"
    params.write_text(
        "simulations: 500\n"
        'unit: "requisitions"\n'
        'geography: "Acme Corp"\n'
        "roles:\n"
        "  ai_ml_engineer: {supply: 40, demand: 55, demand_growth: [0.1, 0.2], supply_growth: [0.05, 0.1]}\n"
        "  data_engineer: {supply: 25, demand_ratio: 1.2, demand_growth: [0.2, 0.3], supply_growth: [0.05, 0.1]}\n"
    )
    result = subprocess.run(
        [
            PAPERMILL,
            str(PROJECT / "notebooks" / "market_sizing.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-f",
            str(params),
            "-p",
            "output_dir",
            str(tmp_path / "artifacts"),
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    metrics = json.loads((tmp_path / "artifacts" / "metrics.json").read_text())
    assert metrics["unit"] == "requisitions"
    assert metrics["base_supply_by_role"] == {"ai_ml_engineer": 40.0, "data_engineer": 25.0}
    assert metrics["base_demand_by_role"] == {"ai_ml_engineer": 55.0, "data_engineer": 30.0}
    assert any(f.startswith("In requisitions:") and "Acme Corp" in f for f in metrics["findings"])
    projection = pd.read_csv(tmp_path / "artifacts" / "tables" / "projection.csv")
    assert set(projection.unit) == {"requisitions"} and set(projection.role) == {
        "ai_ml_engineer",
        "data_engineer",
        "total",
    }
