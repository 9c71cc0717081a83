"""A run or comparison never replaces what talentlib did not create, and its lock dies with the runner."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from talentlib import cli, runner


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_run_refuses_a_user_folder_or_file_with_the_scenario_name_before_any_kernel(tmp_path, capsys, kind):
    target = tmp_path / "default"
    if kind == "folder":
        target.mkdir()
        (target / "thesis.txt").write_text("years of work")
    else:
        target.write_text("notes")
    started = time.perf_counter()
    code = cli.main(
        ["run", "--scenario", "default", "--notebook", "market_sizing", "--out", str(tmp_path), "--quiet"]
    )
    assert code == 2
    assert time.perf_counter() - started < 20, "refused before any kernel starts"
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did not create" in err[0] and str(target) in err[0]
    if kind == "folder":
        assert [p.name for p in target.iterdir()] == ["thesis.txt"]
        assert (target / "thesis.txt").read_text() == "years of work"
    else:
        assert target.read_text() == "notes"
    assert not list((tmp_path / ".staging").glob("*")) if (tmp_path / ".staging").exists() else True


def test_compare_refuses_a_user_folder_with_the_comparison_name(tmp_path, capsys):
    for scenario in ("a", "b"):
        run = tmp_path / scenario
        run.mkdir()
        manifest = {"scenario": scenario, "versions": {"talentlib": "0"}, "artifacts": {}, "notebooks": {}}
        (run / "run.json").write_text(json.dumps(manifest))
    user = tmp_path / "compare" / "a-vs-b"
    user.mkdir(parents=True)
    (user / "mine.txt").write_text("keep")
    assert cli.main(["compare", "a", "b", "--out", str(tmp_path)]) == 2
    assert "did not create" in capsys.readouterr().err
    assert (user / "mine.txt").read_text() == "keep"


def test_compare_of_one_scenario_twice_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["compare", "default", "default", "--out", str(tmp_path)]) == 2
    assert "more than once" in capsys.readouterr().err


_HOLDER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from talentlib import runner

    with runner.scenario_lock(Path(sys.argv[1]), "default"):
        child = os.fork()
        if child == 0:  # a forked worker: it must not keep the runner's lock alive
            # Reported by the worker itself: its at-fork hook has run by now, so the test never races the hook.
            print(os.getpid(), flush=True)
            time.sleep(60)
            os._exit(0)
        time.sleep(60)
    """
)


def test_the_lock_dies_with_a_killed_runner_even_while_its_workers_live(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    worker = int(holder.stdout.readline())
    try:
        with pytest.raises(runner.RunConflictError), runner.scenario_lock(tmp_path, "default"):
            pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        with runner.scenario_lock(tmp_path, "default"):
            pass  # acquired while the orphaned worker is still alive
        os.kill(worker, 0)
    finally:
        holder.kill()
        os.kill(worker, signal.SIGKILL)


def test_jobs_are_capped_at_the_cores_unless_forced(capsys, monkeypatch):
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 2)
    assert cli.effective_jobs(None) == 2
    assert cli.effective_jobs(1) == 1
    assert cli.effective_jobs(300) == 2
    assert "--jobs 300 capped at 2" in capsys.readouterr().err
    assert cli.effective_jobs(300, force=True) == 300


def test_an_invalid_set_value_is_blamed_on_the_set_not_the_params_file(capsys):
    code = cli.main(["validate", "--scenario", "default", "--set", "market_sizing.horizon_years=abc"])
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("talentlib: error: --set market_sizing.horizon_years: key 'horizon_years'")
    assert "default.yaml" not in line
