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
