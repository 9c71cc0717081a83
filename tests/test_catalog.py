"""The catalog discovers the analyses from their packages and checks scenario names."""

from __future__ import annotations

import types

import pytest

from talentlib import catalog
from talentlib.errors import ParamsError
from talentlib.params import NotebookParams
from talentlib.spec import NotebookSpec


def test_every_analysis_package_is_discovered_in_report_order():
    assert list(catalog.specs()) == [
        "market_sizing",
        "compensation",
        "strategy_roi",
        "leadership_fluency",
        "executive_summary",
    ]
    assert [s.name for s in catalog.analysis_specs()] == list(catalog.specs())[:-1]
    assert catalog.specs()["executive_summary"].runs_last


def test_every_spec_is_paired_with_its_notebook_and_params_folder():
    for name in catalog.specs():
        assert catalog.notebook_path(name).is_file()
        assert (catalog.params_dir() / name / "default.yaml").is_file()


def test_a_package_whose_spec_names_another_notebook_is_refused(monkeypatch):
    class StrayParams(NotebookParams):
        notebook = "elsewhere"

    fake = types.ModuleType("talentlib.stray")
    fake.SPEC = NotebookSpec(title="Stray", question="?", params_model=StrayParams)
    real_iter = catalog.pkgutil.iter_modules

    def with_stray(path):
        yield from real_iter(path)
        yield catalog.pkgutil.ModuleInfo(None, "stray", True)

    monkeypatch.setattr(catalog.pkgutil, "iter_modules", with_stray)
    monkeypatch.setitem(catalog.importlib.sys.modules, "talentlib.stray", fake)
    catalog.specs.cache_clear()
    try:
        with pytest.raises(TypeError, match=r"talentlib.stray.SPEC must be a NotebookSpec named 'stray'"):
            catalog.specs()
    finally:
        monkeypatch.undo()
        catalog.specs.cache_clear()


def test_the_spec_name_is_the_schema_name():
    spec = catalog.spec("market_sizing")
    assert spec.name == spec.params_model.notebook == "market_sizing"


@pytest.mark.parametrize(
    "name", ["", ".", "..", "a/b", "../x", "-x", "s3://b", "{x}", "x" * 65, "compare", "CON"]
)
def test_unsafe_scenario_names_are_refused(name):
    with pytest.raises(ParamsError):
        catalog.check_scenario_name(name)


@pytest.mark.parametrize("name", ["default", "public_data", "my-scenario.v2", "2027"])
def test_ordinary_scenario_names_are_accepted(name):
    assert catalog.check_scenario_name(name) == name


def test_unknown_notebook_lists_the_known_ones():
    with pytest.raises(ParamsError, match="expected one of market_sizing, compensation"):
        catalog.spec("market")
