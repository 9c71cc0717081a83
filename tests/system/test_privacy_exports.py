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


def test_the_validated_table_handed_to_the_kernel_is_never_published(tmp_path):
    from talentlib import handoff
    from talentlib.compensation.inputs import SAMPLE_FILE
    from talentlib.config import DATA_DIR

    employees = tmp_path / "employees.csv"
    employees.write_bytes((DATA_DIR / SAMPLE_FILE).read_bytes())
    out = tmp_path / "out"
    args = ["run", "--notebook", "compensation", "--out", str(out), "--quiet"]
    assert cli.main([*args, "--set", f"compensation.employees_csv={employees}"]) == 0
    left = [p for p in out.rglob("*") if p.name == handoff.FOLDER or p.suffix in (".npz", ".partial")]
    assert left == []
    assert not any((out / ".staging").iterdir()) if (out / ".staging").exists() else True
