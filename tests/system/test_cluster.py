"""Dask: ``--cluster local[:N]`` runs notebooks on a real LocalCluster; bad specs and blind workers are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talentlib import cluster
from talentlib.errors import ParamsError

FAULTS = Path(__file__).resolve().parent / "fixtures" / "faults"


@pytest.mark.parametrize(("spec", "workers"), [("local", 2), ("local:1", 1), ("local:3", 3)])
def test_local_cluster_specs(spec, workers):
    assert cluster.parse_cluster(spec, jobs=2) == workers


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("local:0", "expected local, local:N"),
        ("lokal", "expected local"),
        ("nowhere.json", "no such scheduler file"),
    ],
)
def test_bad_cluster_specs_are_refused(spec, message):
    with pytest.raises(ParamsError, match=message):
        cluster.parse_cluster(spec, jobs=2)


def test_existing_schedulers_and_the_worker_command(tmp_path):
    assert cluster.parse_cluster("tcp://10.0.0.5:8786", jobs=2) == 0
    (tmp_path / "scheduler.json").write_text("{}")
    assert cluster.parse_cluster(str(tmp_path / "scheduler.json"), jobs=2) == 0
    command = cluster.worker_command("tcp://10.0.0.5:8786", 3)
    assert command[1:4] == ["-m", "distributed.cli.dask_worker", "tcp://10.0.0.5:8786"]
    assert command[4:] == [
        "--nworkers",
        "3",
        "--nthreads",
        "1",
        "--resources",
        "kernel=1",
        "--preload",
        "talentlib.cluster",
    ]
    assert cluster.worker_command(str(tmp_path / "scheduler.json"), 1)[3:5] == [
        "--scheduler-file",
        str(tmp_path / "scheduler.json"),
    ]


class _Client:
    def __init__(self, sees: dict[str, bool]) -> None:
        self.sees = sees

    def run(self, fn, path, token):
        real = fn(path, token)
        return {w: real and ok for w, ok in self.sees.items()}


def test_workers_that_cannot_see_the_outputs_folder_are_refused(tmp_path):
    cluster.check_outputs_visible(_Client({"tcp://a": True, "tcp://b": True}), tmp_path / "stage")
    with pytest.raises(ParamsError, match=r"workers tcp://b cannot see the outputs folder"):
        cluster.check_outputs_visible(_Client({"tcp://a": True, "tcp://b": False}), tmp_path / "stage")
    assert list((tmp_path / "stage").iterdir()) == [], "the probe file is removed"


@pytest.mark.notebook
@pytest.mark.skipif(not cluster.available(), reason="needs talentlib[dask]")
def test_a_local_cluster_runs_notebooks_and_reports_failures_like_local_workers(tmp_path, monkeypatch):
    from talentlib.params import NotebookParams
    from talentlib.runner import NotebookPlan, ScenarioPlan, run_plans
    from talentlib.spec import NotebookSpec

    monkeypatch.setenv("TALENTLIB_HOME", str(FAULTS))
    plans = [
        ScenarioPlan(
            f"dask-{name.replace('_', '-')}",
            "",
            (
                NotebookPlan(
                    NotebookSpec(
                        name=name, title=name, question="q", params_model=NotebookParams, timeout_seconds=30
                    ),
                    {"output_dir": ""},
                    "test",
                ),
            ),
        )
        for name in ("ok", "cell_error")
    ]
    ok, bad = run_plans(plans, tmp_path, jobs=1, cluster="local:1")
    assert ok.status == "succeeded" and (tmp_path / "dask-ok" / "ok" / "metrics.json").is_file()
    assert bad.status == "failed" and bad.results[0].error == "cell 3: ValueError: injected fault"


def _worker_sees(names: tuple[str, ...]) -> dict[str, str | None]:
    import os

    return {name: os.environ.get(name) for name in names}


@pytest.mark.notebook
@pytest.mark.skipif(not cluster.available(), reason="needs talentlib[dask]")
def test_a_local_clusters_workers_get_the_runs_environment_and_this_process_keeps_its_own(
    tmp_path, monkeypatch
):
    import os

    monkeypatch.delenv(cluster.MEMORY_ENV, raising=False)
    env = cluster.worker_environment("plain", 640.0)
    with cluster.executor("local:1", 1, tmp_path, env) as pool:
        seen = pool.submit(_worker_sees, (cluster.ENGINE_ENV, cluster.MEMORY_ENV)).result(timeout=60)
    assert seen == {cluster.ENGINE_ENV: "plain", cluster.MEMORY_ENV: "640.0"}
    assert cluster.MEMORY_ENV not in os.environ


@pytest.mark.skipif(not cluster.available(), reason="needs talentlib[dask]")
def test_talentlib_worker_hands_its_engine_and_memory_limit_to_the_dask_worker(monkeypatch):
    from talentlib import cli

    started: list[tuple[list[str], dict[str, str]]] = []

    def fake_execve(path, argv, env):
        started.append((argv, env))
        raise SystemExit(0)

    monkeypatch.setattr("os.execve", fake_execve)
    monkeypatch.delenv(cluster.ENGINE_ENV, raising=False)
    with pytest.raises(SystemExit):
        cli.main(["worker", "tcp://127.0.0.1:8786", "--engine", "prefork", "--max-kernel-memory", "700"])
    ((argv, env),) = started
    assert argv == cluster.worker_command("tcp://127.0.0.1:8786", 1)
    assert env[cluster.ENGINE_ENV] == "prefork" and env[cluster.MEMORY_ENV] == "700"


def test_kernels_do_not_inherit_the_memory_tuning_the_nanny_gives_its_worker(monkeypatch):
    import dask

    nanny_value = str(dask.config.get("distributed.nanny.pre-spawn-environ")["MALLOC_TRIM_THRESHOLD_"])
    monkeypatch.setenv(
        "MALLOC_TRIM_THRESHOLD_", nanny_value
    )  # what the nanny put in the worker's environment
    cluster.kernel_environment_of_worker()
    assert "MALLOC_TRIM_THRESHOLD_" not in os.environ, "the zygote and its kernels start without it"
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1048576")  # the user's own value
    cluster.kernel_environment_of_worker()
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "1048576"
