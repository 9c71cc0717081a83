"""Injected faults never produce a false success (fixture notebooks in tests/system/fixtures/faults/notebooks/)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from talentlib.cli import main
from talentlib.params import NotebookParams
from talentlib.runner import NotebookPlan, ScenarioPlan, run_plans, scenario_lock
from talentlib.spec import NotebookSpec

FAULTS = Path(__file__).resolve().parent / "fixtures" / "faults"

EXPECTED = {
    "cell_error": "ValueError: injected fault",
    "sys_exit": "SystemExit",
    "kernel_killed": "kernel died",
    "endless": "timeout",
    "flood": "output flood",
    "missing_artifact": "missing artifacts: metrics.json",
}


def plan(name: str) -> ScenarioPlan:
    spec = NotebookSpec(
        name=name, title=name, question="fault", params_model=NotebookParams, timeout_seconds=4
    )
    return ScenarioPlan(
        scenario=f"fault-{name.replace('_', '-')}",
        description="",
        notebooks=(NotebookPlan(spec, {"output_dir": ""}, "test"),),
    )


def _children(pid: int) -> list[int]:
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = next((line.split()[1] for line in text.splitlines() if line.startswith("PPid:")), "")
        if ppid == str(pid):
            out.append(int(status.parent.name))
    return out


@pytest.mark.notebook
def test_every_fault_fails_loudly_while_the_good_scenario_publishes(tmp_path, monkeypatch):
    monkeypatch.setenv("TALENTLIB_HOME", str(FAULTS))
    out = tmp_path / "out"
    before = set(_children(os.getpid()))  # what earlier tests in this pytest worker may have left is not ours
    outcomes = run_plans([plan("ok"), *(plan(name) for name in EXPECTED)], out, jobs=2)
    by_scenario = {o.scenario: o for o in outcomes}
    assert by_scenario["fault-ok"].status == "succeeded"
    assert (out / "fault-ok" / "ok" / "ok.html").is_file()
    for name, message in EXPECTED.items():
        outcome = by_scenario[f"fault-{name.replace('_', '-')}"]
        assert outcome.status == "failed", name
        [result] = outcome.results
        assert message.lower() in result.error.lower(), (name, result.error)
        published = Path(outcome.published)
        assert published.parent.name == "_failed", "a failed run is never published as the scenario"
        assert not (out / outcome.scenario).exists()
        manifest = json.loads((published / "run.json").read_text())
        assert (
            manifest["status"] == "failed" and message.lower() in manifest["notebooks"][name]["error"].lower()
        )
        assert not list(published.glob("*/*.html")), "no partial report"
        evidence = nbformat.read(published / name / f"FAILED-{name}.ipynb", as_version=4)
        ran = [c.execution_count for c in evidence.cells if c.cell_type == "code"]
        assert ran[0] is not None, f"{name}: the evidence notebook shows how far the run got"
    assert not list((out / ".staging").iterdir())
    assert set(_children(os.getpid())) - before == set(), "no kernel or worker processes left behind"


def test_a_second_run_of_the_same_scenario_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    with scenario_lock(out, "default"):
        code = main(["run", "--quiet", "--notebook", "market_sizing", "--out", str(out)])
    assert code == 1
    assert "already being run" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["file", "/proc/talentlib-outputs"])
def test_unwritable_output_folder_fails_with_one_line(tmp_path, target):
    out = tmp_path / "a-file" if target == "file" else Path(target)
    if target == "file":
        out.write_text("not a folder")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "talentlib",
            "run",
            "--quiet",
            "--notebook",
            "market_sizing",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "talentlib: error:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.notebook
def test_a_kernel_start_that_collides_on_a_port_is_retried(tmp_path, monkeypatch):
    import papermill
    import zmq

    from talentlib.runner import NotebookTask, execute_task

    monkeypatch.setenv("TALENTLIB_HOME", str(FAULTS))
    real = papermill.execute_notebook
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise zmq.error.ZMQError(98, "Address already in use")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    task = NotebookTask(
        scenario="s",
        notebook="ok",
        title="ok",
        params={"output_dir": ""},
        input_path=str(FAULTS / "notebooks" / "ok.ipynb"),
        stage_dir=str(tmp_path),
        timeout_seconds=60,
        artifacts=("metrics.json",),
        meta=(),
    )
    result = execute_task(task)
    assert len(calls) == 2
    assert result.status == "succeeded", result.error
