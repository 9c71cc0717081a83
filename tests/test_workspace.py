"""`talentlib init` and workspaces: what a workspace holds, when init refuses, and how commands find it."""

from __future__ import annotations

import json

import pytest

from talentlib import cli, config
from talentlib.params import ParamsError
from talentlib.workspace import MY_DATA_SCENARIO, init_workspace


@pytest.fixture
def no_home(monkeypatch):
    """Commands run as a user's would: no TALENTLIB_HOME / TALENTLIB_OUTPUTS (restored afterwards)."""
    monkeypatch.delenv("TALENTLIB_HOME", raising=False)
    monkeypatch.delenv("TALENTLIB_OUTPUTS", raising=False)


def test_init_makes_params_data_readme_and_marker(tmp_path):
    target = tmp_path / "ws"
    written = init_workspace(target)
    names = {p.relative_to(target).as_posix() for p in written}
    assert {"README.md", config.WORKSPACE_MARKER, "data/README.md", "data/example_employees.csv"} <= names
    assert "params/market_sizing/default.yaml" in names
    assert f"params/compensation/{MY_DATA_SCENARIO}.yaml" in names
    assert not (target / "notebooks").exists()
    shipped = sorted(p.name for p in (config.shipped_dir() / "params" / "strategy_roi").glob("*.yaml"))
    assert sorted(p.name for p in (target / "params" / "strategy_roi").glob("*.yaml")) == shipped
    readme = (target / "data" / "README.md").read_text()
    assert "employee_id,role,level,location_tier,total_comp" in readme  # the example's real header
    assert json.loads((target / config.WORKSPACE_MARKER).read_text())["notebooks"] is False


def test_init_with_notebooks_copies_sources_and_templates(tmp_path):
    init_workspace(tmp_path / "ws", notebooks=True)
    assert {p.name for p in (tmp_path / "ws" / "notebooks").iterdir()} >= {
        "leadership_fluency.py",
        "leadership_fluency.ipynb",
    }


def test_init_refuses_a_non_empty_folder_unless_forced(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ParamsError, match="not empty; choose a new folder or pass --force"):
        init_workspace(tmp_path)
    assert cli.main(["init", str(tmp_path)]) == cli.EXIT_USAGE
    init_workspace(tmp_path, force=True)
    assert (tmp_path / "mine.txt").read_text() == "keep me"  # --force writes its files, touches nothing else
    assert (tmp_path / config.WORKSPACE_MARKER).is_file()


def test_init_refuses_a_file(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(ParamsError, match="is a file"):
        init_workspace(tmp_path / "f")


def test_find_workspace_from_a_subfolder(tmp_path):
    init_workspace(tmp_path / "ws")
    (tmp_path / "ws" / "data" / "deep").mkdir()
    assert config.find_workspace(tmp_path / "ws" / "data" / "deep") == (tmp_path / "ws").resolve()
    assert config.find_workspace(tmp_path) is None


def test_workspace_without_notebooks_uses_the_package_notebooks(tmp_path, monkeypatch, no_home):
    init_workspace(tmp_path / "ws")
    monkeypatch.setenv("TALENTLIB_HOME", str(tmp_path / "ws"))
    assert config.params_dir() == (tmp_path / "ws" / "params").resolve()
    assert config.outputs_dir() == (tmp_path / "ws" / "outputs").resolve()
    assert config.notebooks_dir() == config.shipped_dir() / "notebooks"
    (tmp_path / "ws" / "notebooks").mkdir()
    assert config.notebooks_dir() == (tmp_path / "ws" / "notebooks").resolve()


def test_repository_behaviour_is_unchanged(no_home):
    assert config.checkout_dir() == config.PACKAGE_DIR.parent
    assert config.project_dir() == config.PACKAGE_DIR.parent
    assert config.notebooks_dir() == config.PACKAGE_DIR.parent / "notebooks"
    assert not config.is_read_only_bundle()


def test_commands_inside_a_workspace_use_its_params_and_data(tmp_path, monkeypatch, capsys, no_home):
    init_workspace(tmp_path / "ws")
    (tmp_path / "ws" / "params" / "market_sizing" / "mine.yaml").write_text("horizon_years: 7\n")
    monkeypatch.chdir(tmp_path / "ws" / "data")
    assert cli.main(["validate", "--scenario", "mine", "--scenario", MY_DATA_SCENARIO]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "ok  mine: market_sizing (params/market_sizing/mine.yaml)" in out
    assert f"compensation (params/compensation/{MY_DATA_SCENARIO}.yaml)" in out


def test_a_broken_workspace_file_is_named(tmp_path, monkeypatch, capsys, no_home):
    init_workspace(tmp_path / "ws")
    employees = tmp_path / "ws" / "data" / "example_employees.csv"
    employees.write_text(employees.read_text().replace(",342500,", ',"$342,500",', 1))
    monkeypatch.chdir(tmp_path / "ws")
    assert cli.main(["validate", "--scenario", MY_DATA_SCENARIO]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "example_employees.csv" in err and ":2" in err
    assert "342" not in err  # never echoes a salary
