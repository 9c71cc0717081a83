"""Files with one row per person are written only when asked (``--export-individual``)."""

from __future__ import annotations

import pytest

from talentlib import cli

pytestmark = pytest.mark.notebook

PERSONAL = {"employees.csv", "flight_risk.csv"}


@pytest.mark.parametrize("asked", [False, True])
def test_personal_tables_only_with_export_individual(tmp_path, asked):
    args = ["run", "--scenario", "default", "--notebook", "compensation", "--out", str(tmp_path), "--quiet"]
    assert cli.main([*args, "--export-individual"] if asked else args) == 0
    tables = {p.name for p in (tmp_path / "default" / "compensation" / "tables").glob("*.csv")}
    assert (tables >= PERSONAL) if asked else not (PERSONAL & tables)
    assert "cost_to_market.csv" in tables
