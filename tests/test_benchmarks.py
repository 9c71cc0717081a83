"""Smoke tests of benchmarks/: each module imports and its core functions agree with their baselines at a tiny
size. Correctness only — no timing is asserted anywhere."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

BENCH_DIR = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))

import bench_compensation  # noqa: E402
import bench_employees_file  # noqa: E402
import bench_fluency  # noqa: E402
import bench_market  # noqa: E402
import bench_suite  # noqa: E402
import bench_whatif  # noqa: E402
import common  # noqa: E402
import run_all  # noqa: E402, F401  (imports cleanly)

from talentlib import compensation as cp  # noqa: E402
from talentlib import leadership_fluency as lf  # noqa: E402
from talentlib import market_sizing as ms  # noqa: E402


def test_common_helpers():
    seconds, value = common.best_of(lambda: 42, k=2, warmup=1)
    assert value == 42 and seconds >= 0
    facts = common.machine_facts()
    assert {"cores", "python", "numpy", "pandas", "scipy", "papermill"} <= set(facts)
    table = common.markdown_table([common.Result("x", "1 s", "2 s", 2.0, "≤ 1 s", False, "faster", note="n")])
    assert table.splitlines()[0] == "| benchmark | measured | baseline | ratio | target | met? |"
    assert "**no**" in table and "- x: n" in table


@pytest.mark.parametrize(
    "extra",
    [{}, {"growth_draw": "per_year", "growth_correlation": 0.3}, {"growth_correlation": 1.0}],
)
def test_market_loop_baseline_gives_the_same_paths(extra):
    params = bench_market.bench_params(simulations=150, horizon=6, **extra)
    fast, slow = ms.simulate(params), bench_market.loop_simulate(params)
    np.testing.assert_array_equal(fast.demand, slow.demand)
    np.testing.assert_array_equal(fast.supply, slow.supply)
    np.testing.assert_array_equal(fast.years, slow.years)


def test_whatif_recompute_and_report_projection():
    params = ms.MarketSizingParams(simulations=500)
    projection, metrics = bench_whatif.report_projection(params)
    changed, changed_metrics = ms.what_if_metrics(params, -0.1, 0.0, simulations=500)
    assert list(projection.columns) == list(changed.columns)
    assert changed_metrics["total_gap_p50"] < metrics["total_gap_p50"]


def test_compensation_apply_baseline_matches_the_vectorised_pipeline():
    params = cp.CompensationParams()
    team = bench_compensation.employees(400)
    fast, fast_aggregates = bench_compensation.pipeline(team, params)
    slow, slow_aggregates = bench_compensation.baseline_pipeline(team, params)
    for column in bench_compensation.COMPA_COLUMNS:
        np.testing.assert_allclose(
            fast[column].to_numpy(dtype=float), slow[column].to_numpy(dtype=float), rtol=1e-12, equal_nan=True
        )
    for name, table in fast_aggregates.items():
        pd.testing.assert_frame_equal(_plain(table), _plain(slow_aggregates[name]), check_dtype=False)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical labels as plain strings (the module may use categoricals for speed; the baseline does not)."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    frame.index = frame.index.astype(object) if isinstance(frame.index, pd.CategoricalIndex) else frame.index
    frame.columns = (
        frame.columns.astype(object) if isinstance(frame.columns, pd.CategoricalIndex) else frame.columns
    )
    return frame


def test_compensation_peak_memory_helpers():
    assert bench_compensation._peak_rss() > 0


def test_fluency_naive_baseline_matches_the_vectorised_pipeline():
    instrument = lf.load_instrument()
    targets = lf.load_targets(instrument)
    data = bench_fluency.responses(1500, instrument)
    assert data.answers.shape == (1500, 20) and np.isnan(data.answers).any()
    fast = bench_fluency.pipeline(data, instrument, targets)
    slow = bench_fluency.naive(data, instrument)
    np.testing.assert_allclose(fast["scores"].values, slow["scores"], atol=1e-9, equal_nan=True)
    alphas = fast["reliability"].set_index("dimension")["alpha"]
    for dimension, alpha in slow["alpha"].items():
        assert alphas[dimension] == pytest.approx(alpha, abs=1e-9)
    table = fast["tiers"].table
    for row in table[~table["suppressed"]].itertuples():
        assert row.score == pytest.approx(slow["tier_means"][(row.tier, row.dimension)], abs=1e-9)


def test_suite_probe_and_floor_notebooks(tmp_path):
    from talentlib import catalog, runner

    plan = runner.plan_scenario("default")
    name = "market_sizing"
    probe = bench_suite.probe_notebook(
        tmp_path / "probe.ipynb", catalog.notebook_path(name), tmp_path / "m.json"
    )
    real = nbformat.read(catalog.notebook_path(name), as_version=4)
    probed = nbformat.read(probe, as_version=4)
    assert [c.source for c in probed.cells[:-1]] == [c.source for c in real.cells], (
        "the real notebook, unchanged"
    )
    exec(probed.cells[-1].source, {})  # the probe cell records the modules loaded
    assert "talentlib" in json.loads((tmp_path / "m.json").read_text())

    floor = bench_suite.floor_notebook(tmp_path / "floor.ipynb", ["json", "no_such_module_xyz", "csv"])
    nb = nbformat.read(floor, as_version=4)
    assert nb.cells[0].metadata["tags"] == ["parameters"] and len(nb.cells) == 2
    exec(nb.cells[1].source, {})  # imports what it lists and skips what cannot be imported

    notebooks = {n.spec.name: tmp_path / f"{n.spec.name}.ipynb" for n in plan.notebooks}
    first, last = bench_suite.tasks(plan, notebooks, tmp_path)
    assert len(first) + len(last) == len(plan.notebooks) and [t.notebook for t in last] == [
        "executive_summary"
    ]
    assert {t.notebook: t.input_path for t in first + last} == {k: str(v) for k, v in notebooks.items()}
    assert all(t.artifacts == () for t in first + last)


def test_suite_profile_reads_papermill_timings(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"duration": 3.5}
    cells = [nbformat.v4.new_code_cell("a = 1"), nbformat.v4.new_code_cell("b = 2\nc = 3")]
    cells[0].metadata["papermill"] = {"duration": 0.25}
    cells[1].metadata["papermill"] = {"duration": 1.5}
    nb.cells = cells
    (tmp_path / "demo").mkdir()
    nbformat.write(nb, tmp_path / "demo" / "demo.ipynb")
    totals, costs = bench_suite.cell_costs(tmp_path)
    assert totals[0][0] == 3.5
    assert costs[0] == (1.5, "demo", 2, "b = 2")


def test_employees_file_benchmark_writes_a_valid_file_and_measures_the_tree(tmp_path: Path) -> None:
    import psutil

    path = bench_employees_file.write_file(tmp_path, 300)
    table = bench_employees_file.validate(path)
    assert len(table) == 300 and table["total_comp"].notna().all()
    assert bench_employees_file.tree_rss(psutil.Process()) > 0
