"""CLI behaviour: exit codes 0/1/2, one-line errors, nothing written on invalid input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from talentlib.cli import main

PROJECT = Path(__file__).resolve().parents[2]


def test_validate_default_ok(capsys):
    assert main(["validate"]) == 0
    assert "ok  default" in capsys.readouterr().out


def test_list_and_params(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "market_sizing" in out and "default" in out
    assert main(["params", "market_sizing"]) == 0
    assert "horizon_years" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--scenario", "nope"], "scenario 'nope': no params/<notebook>/nope.yaml"),
        (["run", "--scenario", "../../etc"], "scenario name '../../etc'"),
        (["run", "--scenario", ""], "scenario name ''"),
        (["run", "--scenario", "s3://bucket"], "scenario name 's3://bucket'"),
        (["run", "--notebook", "nope"], "notebook 'nope': unknown"),
        (
            ["run", "--set", "market_sizing.horizon_years=0"],
            "key 'horizon_years': expected a value >= 1, got 0",
        ),
        (["run", "--set", "market_sizing.typo=1"], "key 'typo': unknown parameter"),
        (["run", "--set", "horizon_years"], "expected NOTEBOOK.KEY=VALUE"),
        (["run", "--set", "market_sizing.seed=!!python/object/apply:os.system [ls]"], "tag refused"),
        (["run", "--jobs", "0"], "--jobs 0: expected an integer >= 1"),
    ],
)
def test_invalid_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, message):
    out = tmp_path / "out"
    assert main([*argv, "--out", str(out)] if argv[0] == "run" else argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def _fake_project(tmp_path: Path, broken_source: str | None) -> Path:
    home = tmp_path / "home"
    (home / "params").mkdir(parents=True)
    shutil.copytree(PROJECT / "params" / "market_sizing", home / "params" / "market_sizing")
    (home / "notebooks").mkdir()
    nb = nbformat.read(PROJECT / "notebooks" / "market_sizing.ipynb", as_version=4)
    if broken_source is not None:
        nb.cells.insert(4, nbformat.v4.new_code_cell(broken_source))
    nbformat.write(nb, home / "notebooks" / "market_sizing.ipynb")
    return home


def _run_cli(home: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {
        "TALENTLIB_HOME": str(home),
        "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
        "HOME": str(home),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "talentlib",
            "run",
            "--quiet",
            "--out",
            str(out),
            "--notebook",
            "market_sizing",
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.notebook
def test_failed_notebook_exits_1_keeps_evidence_and_previous_good_run(tmp_path):
    out = tmp_path / "out"
    good = _run_cli(_fake_project(tmp_path / "a", None), out)
    assert good.returncode == 0, good.stderr
    before = (out / "default" / "run.json").read_bytes()

    bad = _run_cli(_fake_project(tmp_path / "b", "raise RuntimeError('boom')"), out)
    assert bad.returncode == 1
    assert "RuntimeError: boom" in bad.stderr + bad.stdout
    assert (out / "default" / "run.json").read_bytes() == before, "previous good run must stay untouched"
    failed = list((out / "_failed").glob("default-*"))
    assert len(failed) == 1
    evidence = failed[0] / "market_sizing" / "FAILED-market_sizing.ipynb"
    assert evidence.exists()
    assert not (failed[0] / "market_sizing" / "market_sizing.html").exists()
    manifest = json.loads((failed[0] / "run.json").read_text())
    assert manifest["status"] == "failed"
    assert manifest["notebooks"]["market_sizing"]["status"] == "failed"
    assert "boom" in manifest["notebooks"]["market_sizing"]["error"]
    assert "Incomplete run" in (failed[0] / "index.html").read_text()


@pytest.mark.notebook
def test_sys_exit_mid_notebook_is_not_a_success(tmp_path):
    out = tmp_path / "out"
    result = _run_cli(_fake_project(tmp_path, "import sys\nsys.exit(0)"), out)
    assert result.returncode == 1
    assert not (out / "default").exists()


def test_the_command_freezes_what_it_loaded_so_the_exit_does_not_collect_it(monkeypatch):
    import gc

    from talentlib import cli

    monkeypatch.setattr(cli, "main", lambda: 3)
    gc.unfreeze()
    try:
        assert cli.console() == 3, "the command's exit code"
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    from importlib.metadata import entry_points

    scripts = entry_points(group="console_scripts", name="talentlib")
    assert [e.value for e in scripts] == ["talentlib.cli:console"], "the installed command goes through it"


def test_a_sweep_prepares_its_comparison_while_its_notebooks_run_and_waits_for_it(monkeypatch, tmp_path):
    import time

    from talentlib import cli, runner

    events: list[str] = []

    def run_plans(plans, out_root, on_event, **_):
        events.append("workers forked")
        on_event("start", "sweep-01", "market_sizing")
        on_event("done", "sweep-01", "market_sizing:succeeded")
        events.append("run over")
        return []

    def prepare():
        time.sleep(0.2)
        events.append("prepared")

    monkeypatch.setattr(runner, "run_plans", run_plans)
    args = cli.build_parser().parse_args(["run", "--out", str(tmp_path), "--quiet"])
    cli._execute_plans([], args, prepare=prepare)
    assert events == ["workers forked", "run over", "prepared"], "started once a notebook ran, joined after"

    def broken():
        raise RuntimeError("the comparison's own call will raise this")

    events.clear()
    cli._execute_plans([], args, prepare=broken)
    assert events == ["workers forked", "run over"]
