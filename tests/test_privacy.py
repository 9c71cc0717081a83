"""Small groups are never shown, and a published total never reveals a suppressed cell."""

from __future__ import annotations

import pandas as pd

from talentlib import privacy


def test_primary_and_secondary_suppression_by_hand():
    counts = pd.DataFrame({"x": [3, 10], "y": [12, 20]}, index=["A", "B"])
    mask = privacy.suppress_cells(counts, min_group_size=5)
    # A/x (3) is primary. Row A's total (15) would reveal it: A/y goes too. Column x's total (13) would reveal
    # A/x from B/x: B/x goes. Column y's total (32) would then reveal A/y from B/y: B/y goes. Stable.
    assert mask.to_numpy().all()


def test_secondary_suppression_picks_the_smallest_other_cell():
    counts = pd.DataFrame({"x": [2, 30, 40], "y": [9, 8, 50]}, index=["A", "B", "C"])
    mask = privacy.suppress_cells(counts, min_group_size=5)
    assert mask.loc["A", "x"]  # primary
    assert mask.loc["A", "y"]  # row A: its only other cell
    assert mask.loc["B", "x"] and not mask.loc["C", "x"]  # column x: the smaller of 30 and 40
    assert mask.loc["B", "y"] and not mask.loc["C", "y"]  # column y: the smaller of 8 and 50


def test_no_suppression_when_every_group_is_large_enough():
    counts = pd.DataFrame({"x": [5, 6], "y": [7, 8]})
    assert not privacy.suppress_cells(counts, min_group_size=5).to_numpy().any()


def test_empty_cells_are_not_suppressed():
    counts = pd.DataFrame({"x": [0, 9], "y": [9, 9]})
    assert not privacy.suppress_cells(counts, min_group_size=5).to_numpy().any()


def test_the_label_names_the_threshold():
    assert privacy.suppressed_label(5) == "suppressed (n<5)"


def _cost(groups: dict[str, tuple[int, int, float]], dimension: str = "role") -> pd.DataFrame:
    """A cost_to_market-shaped table: ``{group: (n, n_below_min, cost_to_min)}`` plus its total."""
    rows = [
        {
            "dimension": dimension,
            "group": g,
            "n": n,
            "n_below_min": below,
            "share_below_min": below / n,
            "cost_to_min": cost,
            "cost_to_mid": 2 * cost,
            "suppressed": n < 5,
        }
        for g, (n, below, cost) in groups.items()
    ]
    n, below, cost = (sum(v[i] for v in groups.values()) for i in range(3))
    total = {
        "dimension": "total",
        "group": "all employees",
        "n": n,
        "n_below_min": below,
        "share_below_min": below / n,
        "cost_to_min": cost,
        "cost_to_mid": 2 * cost,
        "suppressed": False,
    }
    return pd.DataFrame([total, *rows])


def test_a_one_person_group_is_pooled_with_the_next_smallest_so_the_total_reveals_nothing():
    from talentlib.compensation import cost_export

    cost = _cost({"a": (1, 1, 40_000.0), "b": (6, 2, 10_000.0), "c": (9, 0, 0.0)})
    export = cost_export(cost, 5)
    roles = export[export["dimension"] == "role"]
    assert list(roles["group"]) == ["c", "other (small groups): 2 groups"]
    pooled = roles.iloc[-1]
    assert pooled["n"] == 7 and pooled["cost_to_min"] == 50_000.0  # a + b: neither recoverable
    assert not export["suppressed"].any()
    assert 40_000.0 not in set(export["cost_to_min"])


def test_no_row_marked_suppressed_keeps_a_value():
    from talentlib.compensation import cost_export

    cost = _cost({"a": (2, 1, 40_000.0), "b": (1, 0, 0.0)})  # the whole dimension is below the threshold
    export = cost_export(cost, 5)
    hidden = export[export["suppressed"]]
    assert len(hidden) == 1
    assert hidden[["n", "n_below_min", "share_below_min", "cost_to_min", "cost_to_mid"]].isna().all(axis=None)


def test_groups_above_the_threshold_are_exported_unchanged():
    from talentlib.compensation import cost_export

    cost = _cost({"a": (6, 1, 40_000.0), "b": (7, 0, 0.0)})
    export = cost_export(cost, 5)
    assert export.drop(columns="suppressed").astype(str).equals(cost.drop(columns="suppressed").astype(str))


def test_individual_tables_are_written_only_when_asked():
    from talentlib import compensation as cp
    from talentlib.compensation.views import EMPLOYEE_COLUMNS

    frame = pd.DataFrame(
        {column: [0.5] for column in EMPLOYEE_COLUMNS if column not in ("employee_id", "role")}
        | {"employee_id": ["E1"], "role": ["ai_ml_engineer"]}
    )
    assert cp.individual_exports(cp.CompensationParams(), frame) == {}
    asked = cp.individual_exports(cp.CompensationParams(export_individual=True), frame)
    assert set(asked) == {"employees", "flight_risk"}
    assert asked["flight_risk"]["employee_id"].tolist() == ["E1"]  # compa-ratio 0.5 is below the screen
