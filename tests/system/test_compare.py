from __future__ import annotations

import json

import pytest

from talentlib.cli import main
from talentlib.compare import expand_grid, parse_grid, split_values, sweep_name
from talentlib.params import ParamsError


def test_split_values_keeps_commas_inside_brackets():
    assert split_values("5,10") == ["5", "10"]
    assert split_values("[0.1, 0.2],[0.3, 0.4]") == ["[0.1, 0.2]", "[0.3, 0.4]"]


def test_grid_expands_to_every_combination_first_key_slowest():
    grid = parse_grid(["a.x=1,2", "a.y=3,4,5"])
    combos = expand_grid(grid)
    assert len(combos) == 6
    assert combos[0] == ["a.x=1", "a.y=3"] and combos[-1] == ["a.x=2", "a.y=5"]


def test_sweep_name_is_reproducible_and_depends_on_the_grid():
    grid = parse_grid(["a.x=1,2"])
    assert sweep_name("default", grid) == sweep_name("default", parse_grid(["a.x=1,2"]))
    assert sweep_name("default", grid) != sweep_name("other", grid)


@pytest.mark.parametrize("item", ["a=1,2", "a.x", "a.x=1,,2", "a.x=!!python/object/apply:os.system [ls]"])
def test_bad_grid_items_are_refused(item):
    with pytest.raises(ParamsError):
        parse_grid([item])


def test_compare_needs_published_runs(tmp_path, capsys):
    assert main(["compare", "default", "nope", "--out", str(tmp_path)]) == 2
    assert "no published run" in capsys.readouterr().err


@pytest.mark.notebook
def test_sweep_of_a_2x2_grid_then_compare(tmp_path):
    argv = [
        "sweep",
        "--quiet",
        "--out",
        str(tmp_path),
        "--notebook",
        "market_sizing",
        "--name",
        "grid",
        "--set",
        "market_sizing.simulations=500",
        "--grid",
        "market_sizing.horizon_years=2,4",
        "--grid",
        "market_sizing.growth_correlation=0,1",
    ]
    assert main(argv) == 0
    runs = sorted(p.name for p in tmp_path.glob("grid-*"))
    assert runs == ["grid-01", "grid-02", "grid-03", "grid-04"]
    record = json.loads((tmp_path / "sweeps" / "grid" / "sweep.json").read_text())
    assert record["runs"]["grid-03"] == [
        "market_sizing.horizon_years=4",
        "market_sizing.growth_correlation=0",
    ]
    manifest = json.loads((tmp_path / "grid-03" / "run.json").read_text())
    assert manifest["notebooks"]["market_sizing"]["params"]["horizon_years"] == 4
    matrix = (tmp_path / "compare" / "grid" / "tables" / "headlines.csv").read_text()
    assert "grid-01" in matrix and "Total gap at horizon" in matrix
    gaps = [
        json.loads((tmp_path / r / "market_sizing" / "metrics.json").read_text())["total_gap_p50"]
        for r in runs
    ]
    assert gaps[2] > gaps[0]  # a longer horizon widens the gap
    index = (tmp_path / "compare" / "grid" / "index.html").read_text()
    assert "data:image/png;base64," in index and "<script" not in index

    assert main(["compare", "grid-01", "grid-04", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "compare" / "grid-01-vs-grid-04" / "index.html").is_file()


def test_synthetic_values_are_marked_and_linked_inputs_listed(tmp_path):
    from talentlib import compensation
    from talentlib.compare import _formatted, headline_matrix, linked_inputs

    key = compensation.SPEC.headlines[0]
    for scenario, synthetic in (("a", True), ("b", False)):
        folder = tmp_path / scenario / "compensation"
        folder.mkdir(parents=True)
        (folder / "metrics.json").write_text(json.dumps({key.key: 0.5, "synthetic_sample": synthetic}))
    matrix = headline_matrix(tmp_path, ["a", "b"])
    row = matrix[matrix["metric"] == key.label].iloc[0]
    assert row["synthetic_in"] == "a"
    shown = _formatted(matrix, ["a", "b"])
    shown_row = shown[shown["metric"] == key.label].iloc[0]
    assert shown_row["a"].endswith("(synthetic sample)") and not shown_row["b"].endswith("(synthetic sample)")
    runs = {
        "a": {"links": [{"target": "strategy_roi.hire.pay", "status": "linked", "text": "hire pay: $241K"}]},
        "b": {
            "links": [
                {"target": "strategy_roi.hire.pay", "status": "override", "text": "set in the scenario"}
            ]
        },
    }
    table = linked_inputs(runs, ["a", "b"])
    assert table.to_dict("records") == [
        {
            "input": "strategy_roi.hire.pay",
            "a": "hire pay: $241K [linked]",
            "b": "set in the scenario [override]",
        }
    ]
