"""Pre-forked kernels: the zygote's rules (unit), and forked kernels that are fresh, isolated and reaped."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from kernel_notebooks import execute_cells

from talentlib import execution, kernels
from talentlib.kernels import client, preload, zygote

needs_fork = pytest.mark.skipif(not kernels.supported(), reason="pre-forked kernels need Linux")


# ---------------------------------------------------------------------------------------------------------
# Rules, without kernels


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("pandas", True),
        ("matplotlib.pyplot", True),
        ("matplotlib.backends", True),
        ("matplotlib.backends.backend_agg", False),
        ("matplotlib_inline", False),
        ("matplotlib_inline.backend_inline", False),
        ("ipywidgets", False),
        ("ipywidgets.widgets.widget", False),
        ("ipywidgetsfoo", True),
        ("__main__", False),
        ("talentlib.kernels.zygote", False),
        ("talentlib.market_sizing", True),
    ],
)
def test_what_may_be_preloaded(name, ok):
    assert preload.allowed(name) is ok


def test_the_module_list_round_trips_and_drops_what_may_not_be_preloaded(tmp_path):
    path = tmp_path / "mods.json"
    preload.write_modules(["pandas", "numpy", "pandas", "matplotlib_inline"], path)
    assert json.loads(path.read_text())["modules"] == ["matplotlib_inline", "numpy", "pandas"]
    assert preload.read_modules(path) == ["numpy", "pandas"]
    path.write_text("{not json")
    assert preload.read_modules(path) == []
    assert preload.read_modules(tmp_path / "absent.json") == []


def _request(**changes):
    request = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"],
        "env": {k: os.environ[k] for k in zygote.FROZEN_ENV if k in os.environ},
    }
    request.update(changes)
    return request


def test_the_zygote_refuses_what_a_fork_cannot_reproduce(monkeypatch):
    startup = {k: os.environ.get(k) for k in zygote.FROZEN_ENV}
    monkeypatch.setattr(zygote, "thread_count", lambda: 1)
    assert zygote.refusal(_request(), startup) == ""
    assert "not an ipykernel command" in zygote.refusal(_request(argv=[sys.executable, "-c", "1"]), startup)
    other = _request(argv=["/usr/bin/true", "-m", "ipykernel_launcher"])
    assert "is not the zygote's" in zygote.refusal(other, startup)
    changed = _request(env={**_request()["env"], "OMP_NUM_THREADS": "7"})
    assert zygote.refusal(changed, startup).endswith("read at import: OMP_NUM_THREADS")
    monkeypatch.setattr(zygote, "thread_count", lambda: 3)
    assert "3 threads" in zygote.refusal(_request(), startup)


def test_the_kernels_parent_is_passed_as_an_argument_not_read_at_import():
    assert zygote.kernel_arguments(["-f", "c.json"], {"JPY_PARENT_PID": "42"}) == [
        "-f",
        "c.json",
        "--IPKernelApp.parent_handle=42",
    ]
    given = ["--IPKernelApp.parent_handle=7"]
    assert zygote.kernel_arguments(given, {"JPY_PARENT_PID": "42"}) == given
    assert zygote.kernel_arguments(["-f", "c.json"], {}) == ["-f", "c.json"]


def test_engine_names_and_the_fallback_off_linux(monkeypatch):
    with pytest.raises(ValueError, match="engine 'warp'"):
        execution.resolve_engine("warp")
    assert execution.resolve_engine("plain") == "plain"
    assert execution.resolve_engine(None) == execution.DEFAULT_ENGINE or not kernels.supported()
    monkeypatch.setattr(kernels, "supported", lambda: False)
    assert execution.resolve_engine("prefork") == "plain"


def test_without_a_zygote_the_runner_uses_plain_kernels():
    client.use_zygote(None)
    assert execution.kernel_manager_class() is execution.quick_shutdown_kernel_manager()


# ---------------------------------------------------------------------------------------------------------
# Real kernels

INLINE = "module://matplotlib_inline.backend_inline"
PROBE = """
import os, random, sys
import numpy as np
import matplotlib
print(json.dumps({
    "pid": os.getpid(), "ppid": os.getppid(), "np": np.random.random(), "random": random.random(),
    "env": os.environ.get("TALENTLIB_LEAK"), "var": "leaked" in globals(),
    "rc": matplotlib.rcParams["lines.linewidth"], "backend": matplotlib.get_backend(),
    "seaborn": "seaborn" in sys.modules, "cwd": os.getcwd(), "path": sys.path,
}))
"""
DIRTY = """
leaked = 1
os.environ["TALENTLIB_LEAK"] = "1"
matplotlib.rcParams["lines.linewidth"] = 9.0
np.random.seed(0)
"""
PLOT = """
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
ax.plot([0, 1, 2], [0, 1, 4])
"""


def _probe(nb: nbformat.NotebookNode) -> dict:
    return json.loads(nb.cells[0].outputs[0]["text"])


def _png(nb: nbformat.NotebookNode) -> str:
    return next(o["data"]["image/png"] for o in nb.cells[-1].outputs if "image/png" in o.get("data", {}))


@pytest.fixture(scope="module")
def forked():
    """A zygote for this module's kernels (preloads once)."""
    with client.zygote_running() as running:
        yield running


@needs_fork
@pytest.mark.notebook
def test_forked_kernels_are_fresh_and_nothing_leaks_from_one_to_the_next(forked, tmp_path):
    runs = [_probe(execute_cells([PROBE, DIRTY], tmp_path)) for _ in range(3)]
    assert {r["ppid"] for r in runs} == {forked.process.pid}, "forked by the zygote, not started plain"
    assert len({r["pid"] for r in runs}) == 3, "one kernel per notebook"
    assert len({r["np"] for r in runs}) == 3, "numpy's legacy RNG is reseeded in every child"
    assert len({r["random"] for r in runs}) == 3
    for run in runs:
        assert run["env"] is None and run["var"] is False and run["rc"] == 1.5
        assert run["backend"] == os.environ.get("MPLBACKEND", INLINE)
        assert run["cwd"] == str(tmp_path) and "" in run["path"]


@needs_fork
@pytest.mark.notebook
def test_a_forked_kernel_sees_what_a_plain_kernel_sees_and_draws_the_same_png(forked, tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the zygote imported matplotlib with Agg (conftest)
    forked_nb = execute_cells([PROBE, PLOT], tmp_path)
    assert client.take_launch() == "prefork"
    client.use_zygote(None)
    try:
        plain_nb = execute_cells([PROBE, PLOT], tmp_path)
        assert client.take_launch() == "plain", "what run.json records per notebook"
    finally:
        client.use_zygote(forked.socket_path)
    fork, plain = _probe(forked_nb), _probe(plain_nb)
    assert fork["ppid"] == forked.process.pid and plain["ppid"] == os.getpid()
    for key in ("env", "var", "rc", "backend", "cwd", "path"):
        assert fork[key] == plain[key], key
    assert fork["backend"] == INLINE, "MPLBACKEND set by ipykernel is re-applied after the fork"
    assert _png(forked_nb) == _png(plain_nb)


@needs_fork
@pytest.mark.notebook
def test_twenty_forked_kernels_leave_no_process_behind(tmp_path, monkeypatch):
    import psutil

    from talentlib.params import NotebookParams
    from talentlib.runner import NotebookPlan, ScenarioPlan, run_plans
    from talentlib.spec import NotebookSpec

    monkeypatch.setenv("TALENTLIB_HOME", str(Path(__file__).parent / "system" / "fixtures" / "faults"))
    spec = NotebookSpec(name="ok", title="ok", question="q", params_model=NotebookParams, timeout_seconds=60)
    plans = [
        ScenarioPlan(f"fork-{i:02d}", "", (NotebookPlan(spec, {"output_dir": ""}, "test"),))
        for i in range(20)
    ]
    earlier = {  # the module's zygote, which lives on, and its kernels
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if "talentlib.kernels" in " ".join(p.info["cmdline"] or [])
    }
    outcomes = run_plans(plans, tmp_path, jobs=2, engine="prefork")
    assert [o.status for o in outcomes] == ["succeeded"] * 20
    manifest = json.loads((tmp_path / "fork-00" / "run.json").read_text())
    assert manifest["engine"] == "prefork"
    assert manifest["notebooks"]["ok"]["engine"] == "prefork", "the kernel was forked, not started afresh"
    workers = [c for c in psutil.Process().children(recursive=True) if c.pid not in earlier]
    assert [c for c in workers if c.ppid() not in earlier] == [], "workers or the run's zygote outlived it"
    # this process's zygotes and the kernels they forked (a fork keeps the zygote's argv, `--parent <our pid>`);
    # the other xdist worker's runs start zygotes of their own at the same time, which are not ours to count
    ours = f"--parent {os.getpid()}"
    leftover = [
        p
        for p in psutil.process_iter(["pid", "ppid", "cmdline"])
        if p.pid not in earlier
        and p.info["ppid"] not in earlier
        and "talentlib.kernels" in " ".join(p.info["cmdline"] or [])
        and ours in " ".join(p.info["cmdline"] or [])
    ]
    assert leftover == [], "zygote or kernels outlived the run"


def test_run_and_sweep_take_an_engine_and_refuse_an_unknown_one(capsys):
    from talentlib.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["run", "--engine", "plain"]).engine == "plain"
    assert parser.parse_args(["sweep", "--engine", "prefork"]).engine == "prefork"
    assert parser.parse_args(["run"]).engine is None, "None: the runner's default"
    with pytest.raises(SystemExit) as exc:
        parser.parse_args(["run", "--engine", "warp"])
    assert exc.value.code == 2 and "invalid choice: 'warp'" in capsys.readouterr().err


def test_the_sweep_benchmark_measures_the_pss_of_a_process_tree():
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_sweep

    with bench_sweep.PeakPss(os.getpid()) as pss:
        time.sleep(0.6)
    assert pss.peak_mb > 1


@needs_fork
@pytest.mark.notebook
def test_a_kernel_over_the_memory_limit_is_stopped_with_that_cause(forked, tmp_path):
    from nbclient.exceptions import DeadKernelError

    client.use_zygote(forked.socket_path, max_memory_mb=300)
    try:
        with pytest.raises(DeadKernelError):
            execute_cells(
                ["import numpy as np\nblock = np.ones(60_000_000)\nimport time\ntime.sleep(5)"], tmp_path
            )
        cause = client.take_cause()
    finally:
        client.use_zygote(forked.socket_path)
    assert "over --max-kernel-memory 300 MB, and was stopped" in cause
    assert client.take_cause() == "", "read once"


WIDGET_TARGETS = """
import ipywidgets, comm
print(json.dumps(sorted(comm.get_comm_manager().targets)))
"""


@needs_fork
@pytest.mark.notebook
def test_a_forked_kernel_takes_widget_comms_although_seaborn_imported_ipywidgets_before_it(
    tmp_path, monkeypatch
):
    # seaborn imports ipywidgets (seaborn.widgets), whose import registers its comm targets only with a running
    # kernel: the zygote has none, so the forked kernel must register them as a fresh import would have
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    preload.write_modules(["seaborn"])
    with client.zygote_running() as running:
        forked = json.loads(execute_cells([WIDGET_TARGETS], tmp_path).cells[0].outputs[0]["text"])
        assert client.take_launch() == "prefork" and running.process.poll() is None
        client.use_zygote(None)
        plain = json.loads(execute_cells([WIDGET_TARGETS], tmp_path).cells[0].outputs[0]["text"])
    assert "jupyter.widget" in plain and "jupyter.widget.control" in plain
    assert forked == plain


def _aged(folder: Path, seconds: float = 2 * client.STALE_FOLDER_S) -> Path:
    old = folder.stat().st_mtime - seconds
    os.utime(folder, (old, old))
    return folder


def test_a_killed_runners_zygote_folder_is_removed_and_a_live_ones_kept(tmp_path):
    import socket

    dead = tmp_path / f"{client.FOLDER_PREFIX}dead"
    dead.mkdir()
    unbound = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    unbound.bind(str(dead / "zygote.sock"))  # bound, then its zygote died: the file stays, nothing listens
    unbound.close()
    _aged(dead)
    live = tmp_path / f"{client.FOLDER_PREFIX}live"
    live.mkdir()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(str(live / "zygote.sock"))
    listener.listen(1)
    _aged(live)  # a long sweep's zygote
    starting = tmp_path / f"{client.FOLDER_PREFIX}starting"
    starting.mkdir()  # made by a runner whose zygote has not bound yet
    other = tmp_path / "not-a-zygote"
    other.mkdir()
    _aged(other)
    try:
        assert client.remove_stale_folders(str(tmp_path)) == [dead]
    finally:
        listener.close()
    assert not dead.exists() and live.is_dir() and starting.is_dir() and other.is_dir()
