"""The run planner: every params file and --set validated before anything runs, problems blamed where they are."""

from __future__ import annotations

import os

import nbformat
import pytest

from talentlib import runner
from talentlib.errors import ParamsError


def test_the_default_scenario_plans_every_notebook():
    plan = runner.plan_scenario("default")
    assert [n.spec.name for n in plan.notebooks][-1] == "executive_summary"
    assert all(n.source.startswith("params/") for n in plan.notebooks)


def test_set_overrides_are_applied_and_recorded():
    plan = runner.plan_scenario("default", ["market_sizing"], ["market_sizing.horizon_years=7"])
    (nb,) = plan.notebooks
    assert nb.params["horizon_years"] == 7
    assert nb.source.endswith("+ --set market_sizing.horizon_years")


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParamsError) as err:
        runner.plan_scenario(
            "default", ["market_sizing", "nope"], ["market_sizing.seed=-1", "market_sizing.simulations=0"]
        )
    text = "\n".join(err.value.problems)
    assert "notebook 'nope': unknown" in text
    assert "--set market_sizing.seed: key 'seed'" in text
    assert "--set market_sizing.simulations: key 'simulations'" in text


@pytest.mark.parametrize("text", ["market_sizing", "horizon_years=3", "=3", "market_sizing.=3"])
def test_malformed_set_is_a_usage_error(text):
    with pytest.raises(ParamsError, match=r"expected NOTEBOOK\.KEY=VALUE"):
        runner.parse_override(text)


def test_a_problem_is_blamed_on_the_set_that_gave_the_key_or_its_parent():
    from talentlib.market_sizing import MarketSizingParams
    from talentlib.params import validate_params

    values = {
        "roles": {"a": {"demand": -1, "supply": 1, "demand_growth": [0, 0], "supply_growth": [0, 0]}},
        "seed": -1,
    }
    with pytest.raises(ParamsError) as err:
        validate_params(MarketSizingParams, values, "params/x/default.yaml", {"roles": "--set x.roles"})
    lines = err.value.problems
    assert any(line.startswith("--set x.roles: key 'roles.a.demand'") for line in lines)
    assert any(line.startswith("params/x/default.yaml: key 'seed'") for line in lines)


def test_embedded_images_do_not_count_as_output_flood():
    png = "iVBORw0KGgo" * 1_000_000  # ~11 MB of base64, far over the text limit
    cell = nbformat.v4.new_code_cell(
        "chart",
        outputs=[
            nbformat.v4.new_output("display_data", data={"image/png": png}),
            nbformat.v4.new_output(
                "display_data", data={"text/html": f'<img src="data:image/png;base64,{png}"><p>caption</p>'}
            ),
        ],
    )
    cell.execution_count = 1
    assert runner.notebook_problems(nbformat.v4.new_notebook(cells=[cell])) == []
    flood = nbformat.v4.new_code_cell(
        "print", outputs=[nbformat.v4.new_output("stream", text="x" * 6_000_000)]
    )
    flood.execution_count = 1
    assert "output flood" in runner.notebook_problems(nbformat.v4.new_notebook(cells=[flood]))[0]


def test_a_run_that_cannot_fit_in_memory_is_refused_naming_the_product():
    from talentlib import catalog, planning
    from talentlib.market_sizing import MarketSizingParams, RoleMarket

    roles = {
        f"r{i}": RoleMarket(demand=100, supply=90, demand_growth=[0.1, 0.2], supply_growth=[0.0, 0.1])
        for i in range(200)
    }
    big = MarketSizingParams(roles=roles, simulations=1_000_000, horizon_years=30)
    spec = catalog.spec("market_sizing")
    with pytest.raises(ParamsError) as err:
        planning.check_memory(spec, big, machine_bytes=24 * 2**30)
    (line,) = err.value.problems
    assert "201 role series (incl. the total) × 1,000,000 simulations × 31 year points × 64 bytes" in line
    assert "371.4 GiB" in line and "24.0 GiB" in line
    planning.check_memory(spec, MarketSizingParams(), machine_bytes=24 * 2**30)  # the default fits


def test_the_memory_estimate_covers_a_measured_run():
    import tracemalloc

    from talentlib import market_sizing as ms

    params = ms.MarketSizingParams(simulations=20_000, horizon_years=8)
    tracemalloc.start()
    sim = ms.simulate(params)
    ms.metrics(sim, params)
    ms.projection_table(sim)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    estimate, _ = ms.memory_estimate(params)
    assert peak <= estimate <= 2 * peak


def test_a_cluster_run_leaves_the_process_environment_as_it_found_it(tmp_path, monkeypatch):
    """The engine and kernel memory limit of a Dask run reach its workers, not this process (no leak into later runs)."""
    import contextlib

    from talentlib import cluster, execution

    handed: list[dict[str, str]] = []

    @contextlib.contextmanager
    def fake_executor(spec, jobs, out_root, worker_env=None):
        handed.append(dict(worker_env or {}))
        yield object()

    monkeypatch.setattr(cluster, "executor", fake_executor)
    monkeypatch.setattr(execution, "preload", lambda: None)
    for name in ("TALENTLIB_ENGINE", "TALENTLIB_MAX_KERNEL_MEMORY"):  # what `talentlib worker` reads
        monkeypatch.delenv(name, raising=False)
    before = dict(os.environ)
    with runner._pool(
        1, {"cluster": "local:1", "engine": "prefork", "max_kernel_memory_mb": 512.0}, tmp_path, 1
    ):
        pass
    assert dict(os.environ) == before
    with runner._pool(1, {"cluster": "local:1", "engine": "plain"}, tmp_path, 1):
        pass
    assert dict(os.environ) == before, "no memory limit or engine is left for the next run"
    assert handed == [
        {"TALENTLIB_ENGINE": "prefork", "TALENTLIB_MAX_KERNEL_MEMORY": "512.0"},
        {"TALENTLIB_ENGINE": "plain"},
    ]
