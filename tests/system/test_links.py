"""Links between the analyses of a run: ordering, injection, overrides, failed upstreams, run.json, raw runs.

Fixture notebooks in tests/system/fixtures/links/notebooks/: ``upstream`` writes ``{"value": 7}``; ``broken`` fails;
``downstream`` reports the ``x`` it ran with (linked from the upstream's ``value``) and the ``links`` it was given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field

from talentlib import links
from talentlib.errors import LinkError, ParamsError
from talentlib.linking import Waits, check_order, waits
from talentlib.params import LinkedParams, NotebookParams
from talentlib.runner import NotebookPlan, ScenarioPlan, run_plans
from talentlib.spec import NotebookSpec

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "links"


class UpstreamParams(NotebookParams):
    value: int = Field(7, description="what it reports")


class DownstreamParams(LinkedParams):
    x: int = Field(1, ge=0, description="linked from upstream")


def read_value(folder: Path, params: Mapping[str, Any]) -> links.LinkedValue:
    value = links.metric(folder, "value")
    return links.LinkedValue(value, f"x: {value}, from this run's upstream report")


def downstream_spec(source: str = "upstream") -> NotebookSpec:
    link = links.Link(source=source, parameter="x", what="the value x", read=read_value)
    return NotebookSpec(
        name="downstream", title="downstream", question="?", params_model=DownstreamParams, links=(link,)
    )


def plan(*notebooks: NotebookPlan, scenario: str = "links") -> ScenarioPlan:
    return ScenarioPlan(scenario=scenario, description="", notebooks=notebooks)


def upstream_plan(value: int = 7) -> NotebookPlan:
    spec = NotebookSpec(name="upstream", title="upstream", question="?", params_model=UpstreamParams)
    return NotebookPlan(spec, {"output_dir": "", "value": value}, "test")


def broken_plan() -> NotebookPlan:
    spec = NotebookSpec(name="broken", title="broken", question="?", params_model=NotebookParams)
    return NotebookPlan(spec, {"output_dir": ""}, "test")


def downstream_plan(
    source: str = "upstream", explicit: frozenset[str] = frozenset(), x: int = 1
) -> NotebookPlan:
    params = {"output_dir": "", "upstream_dir": "", "links": [], "x": x}
    return NotebookPlan(downstream_spec(source), params, "test", explicit=explicit)


def test_a_downstream_waits_for_its_source_and_a_circle_is_refused():
    graph = waits(plan(downstream_plan(), upstream_plan()))
    assert graph["downstream"].needs == {"upstream"} and graph["upstream"].after == frozenset()
    circle = {"a": Waits(frozenset({"b"}), frozenset({"b"})), "b": Waits(frozenset({"a"}), frozenset({"a"}))}
    with pytest.raises(ParamsError, match="links form a circle among: a, b"):
        check_order(circle)


def test_resolution_records_linked_override_and_default(tmp_path):
    folder = tmp_path / "upstream"
    folder.mkdir()
    (folder / "metrics.json").write_text('{"value": 9}')
    params = {"x": 1, "links": []}
    linked, [record] = links.resolve(
        "downstream", downstream_spec().links, params, frozenset(), {"upstream": folder}
    )
    assert linked["x"] == 9 and record.status == links.LINKED and record.target == "downstream.x"
    kept, [record] = links.resolve(
        "downstream", downstream_spec().links, params, frozenset({"x"}), {"upstream": folder}
    )
    assert kept["x"] == 1 and record.status == links.OVERRIDE
    kept, [record] = links.resolve(
        "downstream", downstream_spec().links, params, frozenset(), {"upstream": None}
    )
    assert kept["x"] == 1 and record.status == links.DEFAULT and "not part of this run" in record.text
    (folder / "metrics.json").write_text("{}")
    with pytest.raises(LinkError, match=r"downstream: the value x from upstream: .*no metric 'value'"):
        links.resolve("downstream", downstream_spec().links, params, frozenset(), {"upstream": folder})


def test_a_notebook_run_on_its_own_reads_an_earlier_run(tmp_path):
    (tmp_path / "upstream").mkdir()
    (tmp_path / "upstream" / "metrics.json").write_text('{"value": 5}')
    linked, [record] = links.from_upstream_dir("downstream", downstream_spec().links, {"x": 1}, str(tmp_path))
    assert linked["x"] == 5 and record.status == links.LINKED
    kept, [record] = links.from_upstream_dir(
        "downstream", downstream_spec().links, {"x": 1}, str(tmp_path / "none")
    )
    assert kept["x"] == 1 and record.status == links.DEFAULT


def test_nested_parameters_are_linked_by_dotted_path():
    params = {"hire": {"pay": [1, 2], "days": 3}}
    assert links.with_value(params, "hire.pay", [5, 6]) == {"hire": {"pay": [5, 6], "days": 3}}
    assert params["hire"]["pay"] == [1, 2], "a copy, the plan's params are untouched"
    explicit = links.leaf_keys({"hire": {"pay": [1, 2]}, "seed": 1})
    assert explicit == {"hire.pay", "seed"}
    assert links.is_explicit("hire.pay", explicit) and links.is_explicit("hire", explicit)
    assert not links.is_explicit("hire.days", explicit)


@pytest.mark.notebook
def test_the_runner_injects_records_and_fails_dependants_of_a_failed_upstream(tmp_path, monkeypatch):
    monkeypatch.setenv("TALENTLIB_HOME", str(FIXTURES))
    out = tmp_path / "out"
    good = plan(downstream_plan(), upstream_plan(value=7), scenario="good")
    overridden = plan(downstream_plan(explicit=frozenset({"x"}), x=3), upstream_plan(), scenario="overridden")
    broken = plan(downstream_plan(source="broken"), broken_plan(), scenario="broken")
    outcomes = {o.scenario: o for o in run_plans([good, overridden, broken], out, jobs=2)}

    assert outcomes["good"].status == "succeeded"
    metrics = json.loads((out / "good" / "downstream" / "metrics.json").read_text())
    assert metrics["x"] == 7, "the upstream's value reached the downstream notebook as a parameter"
    manifest = json.loads((out / "good" / "run.json").read_text())
    assert manifest["links"] == [
        {
            "source": "upstream",
            "target": "downstream.x",
            "status": "linked",
            "value": 7,
            "text": "x: 7, from this run's upstream report",
            "synthetic": False,
        }
    ]
    assert manifest["notebooks"]["downstream"]["params"]["x"] == 7
    assert metrics["links"] == manifest["links"], "the report is told what it was given"

    assert outcomes["overridden"].status == "succeeded"
    assert json.loads((out / "overridden" / "downstream" / "metrics.json").read_text())["x"] == 3
    assert json.loads((out / "overridden" / "run.json").read_text())["links"][0]["status"] == "override"

    assert outcomes["broken"].status == "failed"
    result = {r.notebook: r for r in outcomes["broken"].results}["downstream"]
    assert result.error == "not run: it takes the value x from broken, which failed"
    assert not (Path(outcomes["broken"].published) / "downstream" / "metrics.json").exists()
