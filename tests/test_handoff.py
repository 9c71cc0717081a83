"""The runner validates a user file once and hands the table to the kernel (:mod:`talentlib.handoff`).

The handoff is used only for the same bytes and rules, never published, never kept as evidence.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentlib import compensation as cp
from talentlib import handoff, runner
from talentlib.compensation import inputs
from talentlib.config import DATA_DIR
from talentlib.errors import ParamsError
from talentlib.worker import NotebookResult


def _params(tmp_path: Path, employees: Path) -> cp.CompensationParams:
    return cp.CompensationParams(
        output_dir=str(tmp_path / "stage" / "compensation"), employees_csv=str(employees)
    )


@pytest.fixture
def employees(tmp_path: Path) -> Path:
    """A copy of the bundled sample as a user's employees file."""
    path = tmp_path / "employees.csv"
    shutil.copy(DATA_DIR / cp.SAMPLE_FILE, path)
    return path


def test_a_validated_table_comes_back_identical_with_its_attrs(tmp_path):
    frame = pd.DataFrame(
        {
            "employee_id": pd.Series(["007", "", None, "x"], dtype="str"),
            "pay": [1.5, np.nan, 3.0, 4.0],
            "line": np.array([2, 3, 4, 5], dtype=np.int64),
        }
    )
    frame.attrs["excluded_titles"] = pd.DataFrame({"title": ["Intern"], "rows": [3]})
    out = tmp_path / "stage" / "nb"
    path = handoff.write(out, handoff.Validated("t", "k1", frame.copy()))
    assert path is not None and path.parent == tmp_path / "stage" / handoff.FOLDER
    assert path.stat().st_mode & 0o077 == 0  # individual rows: owner only
    back = handoff.read(out, "t", "k1")
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    pd.testing.assert_frame_equal(back.attrs["excluded_titles"], frame.attrs["excluded_titles"])
    assert handoff.read(out, "t", "another key") is None
    assert handoff.read("", "t", "k1") is None


def test_a_table_is_handed_over_once_and_unsupported_columns_are_refused(tmp_path):
    validated = handoff.Validated("t", "k", pd.DataFrame({"a": [1.0]}))
    assert handoff.write(tmp_path / "nb", validated) is not None
    assert handoff.write(tmp_path / "nb", validated) is None  # the runner keeps no copy
    with pytest.raises(TypeError):
        handoff.write(
            tmp_path / "nb", handoff.Validated("u", "k", pd.DataFrame({"a": pd.to_datetime(["2026-01-01"])}))
        )
    with pytest.raises(TypeError):  # a NUL would not survive a NumPy string array
        handoff.write(tmp_path / "nb", handoff.Validated("u", "k", pd.DataFrame({"a": ["x\0"]})))


def test_the_fingerprint_follows_bytes_and_rules_and_refuses_a_fifo(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a\n1\n")
    key = handoff.fingerprint([path, None], {"r": 1})
    assert handoff.fingerprint([path, None], {"r": 1}) == key
    assert handoff.fingerprint([path, None], {"r": 2}) != key
    assert handoff.fingerprint([path, path], {"r": 1}) != key
    path.write_text("a\n2\n")
    assert handoff.fingerprint([path, None], {"r": 1}) != key
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        handoff.fingerprint([fifo], {})


def test_the_kernel_uses_the_runners_table_for_the_same_file(tmp_path, employees):
    params = _params(tmp_path, employees)
    (validated,) = cp.validate_inputs(params)
    marked = cp.read_employees(employees, cp.article_roles(), tuple(params.location_tiers))
    marked["business_unit"] = "handed over"  # a table the file does not give: proves which one is read
    handoff.write(params.output_dir, handoff.Validated(validated.name, validated.key, marked))
    assert (cp.load_employees(params)["business_unit"] == "handed over").all()


def test_a_changed_file_is_validated_again(tmp_path, employees):
    params = _params(tmp_path, employees)
    (validated,) = cp.validate_inputs(params)
    handoff.write(params.output_dir, validated)
    text = employees.read_text().splitlines()
    employees.write_text("\n".join([text[0], *text[2:]]) + "\n")  # one person fewer
    fresh = cp.load_employees(params)
    assert len(fresh) == len(text) - 2
    pd.testing.assert_frame_equal(
        fresh, cp.read_employees(employees, cp.article_roles(), tuple(params.location_tiers))
    )


def test_other_rules_are_validated_again(tmp_path, employees):
    params = _params(tmp_path, employees)
    (validated,) = cp.validate_inputs(params)
    handoff.write(params.output_dir, validated)
    other = params.model_copy(update={"pay_measure": "base_salary"})
    assert inputs.employees_key(other) != validated.key
    assert inputs.employees_key(params) == validated.key


def test_plans_hold_the_validated_table_only_when_asked(employees):
    override = [f"compensation.employees_csv={employees}"]
    (kept,) = runner.plan_scenario("default", ["compensation"], override, handoff=True).notebooks
    (plain,) = runner.plan_scenario("default", ["compensation"], override).notebooks
    assert [v.name for v in kept.validated] == ["employees"]
    assert plain.validated == ()


def test_the_handoff_is_never_published_nor_kept_as_evidence(tmp_path, employees, monkeypatch):
    seen: list[Path] = []
    statuses: list[str] = []

    def execute(plans, stages, out_root, jobs, facts, started_at, on_event):
        stage = stages["default"]
        seen.extend(p.relative_to(stage) for p in stage.rglob("*.npz"))
        results = [NotebookResult("default", "compensation", status=status) for status in statuses]
        return [runner._finish_scenario(plans[0], stage, results, out_root, facts, started_at)]

    monkeypatch.setattr(runner, "_execute", execute)
    for status in ("succeeded", "failed"):
        out = tmp_path / status
        seen.clear()
        statuses[:] = [status]
        plan = runner.plan_scenario(
            "default", ["compensation"], [f"compensation.employees_csv={employees}"], handoff=True
        )
        (outcome,) = runner.run_plans([plan], out)
        assert [str(p) for p in seen] == [
            f"{handoff.FOLDER}/employees-{plan.notebooks[0].validated[0].key}.npz"
        ]
        assert not [p for p in out.rglob("*") if p.suffix == ".npz" or p.name == handoff.FOLDER]
        assert Path(outcome.published).is_dir()


def test_a_path_the_fingerprint_cannot_read_is_left_to_the_validation(tmp_path):
    params = cp.CompensationParams(
        output_dir=str(tmp_path / "stage" / "compensation"), employees_csv="bad\0name.csv"
    )
    (tmp_path / "stage" / handoff.FOLDER).mkdir(parents=True)
    with pytest.raises(ParamsError):
        cp.load_employees(params)
    with pytest.raises(ParamsError):
        cp.validate_inputs(params)
