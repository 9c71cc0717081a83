"""Contract tests: notebooks ↔ schemas ↔ params files ↔ packaging stay in step."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from talentlib import catalog
from talentlib.params import defaults, load_params_file, validate_params

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(catalog.specs())


def load_nb(name: str) -> dict:
    return json.loads((PROJECT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))


def parameters_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]


def cell_literals(source: str) -> dict:
    values = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.AnnAssign | ast.Assign), (
            f"parameters cell may only assign literals: {ast.unparse(node)}"
        )
        target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
        values[target.id] = ast.literal_eval(node.value)
    return values


def test_every_notebook_in_the_folder_is_in_the_catalog():
    on_disk = {p.stem for p in (PROJECT / "notebooks").glob("*.ipynb")}
    assert on_disk == set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exactly_one_parameters_cell_followed_by_validation(name):
    nb = load_nb(name)
    cells = parameters_cells(nb)
    assert len(cells) == 1
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    index = code.index(cells[0])
    assert "notebook_params(" in "".join(code[index + 1]["source"]), (
        "the cell after parameters must validate them"
    )


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_cell_defaults_equal_schema_defaults_equal_default_yaml(name):
    model = catalog.spec(name).params_model
    cell = cell_literals("".join(parameters_cells(load_nb(name))[0]["source"]))
    schema = defaults(model)
    assert cell == schema
    default_yaml = load_params_file(PROJECT / "params" / name / "default.yaml")
    validated = validate_params(model, default_yaml, "default.yaml").model_dump(mode="json")
    assert validated == schema


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_committed_clean(name):
    nb = load_nb(name)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "papermill" not in nb["metadata"]
    assert "widgets" not in nb["metadata"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
            assert "papermill" not in cell.get("metadata", {})
            tree = ast.parse("".join(cell["source"]))
            defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
            assert not defs, "no def/class/lambda in notebooks: move logic into talentlib"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_jupytext_source_and_notebook_are_in_step(name):
    """notebooks/<name>.py (what people edit) and <name>.ipynb (what papermill opens) hold the same cells."""
    import jupytext
    from jupytext.compare import compare_notebooks

    source = PROJECT / "notebooks" / f"{name}.py"
    assert source.is_file(), f"notebooks/{name}.py missing: run `make sync`"
    from_py = jupytext.read(source)
    from_ipynb = jupytext.read(PROJECT / "notebooks" / f"{name}.ipynb")
    compare_notebooks(from_py, from_ipynb, fmt="py:percent")  # raises on any difference in cells
    tagged = [c for c in from_py.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "the jupytext source must keep the `parameters` tag"


def test_jupytext_pairing_keeps_cell_metadata():
    """A cell metadata filter would drop the `parameters` tag when the .ipynb is rebuilt from the .py."""
    config = tomllib.loads((PROJECT / "jupytext.toml").read_text())
    assert config["formats"] == "ipynb,py:percent"
    assert "cell_metadata_filter" not in config


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_descriptions_are_papermill_parseable(name):
    for field_name, field in catalog.spec(name).params_model.model_fields.items():
        assert field.description, f"{field_name} has no description"
        assert "=" not in field.description, f"{field_name}: '=' breaks papermill --help-notebook"


@pytest.mark.parametrize(
    "path", sorted((PROJECT / "params").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_params_file_is_valid_and_plain_json(path):
    data = load_params_file(path)
    json.dumps(data)  # JSON-typed: usable with papermill -f as is
    validate_params(catalog.spec(path.parent.name).params_model, data, str(path))
    assert re.match(r"^# description: .+", path.read_text(encoding="utf-8").splitlines()[0])


def _requirement_names(requirements: list[str]) -> dict[str, str]:
    out = {}
    for req in requirements:
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req.strip())
        assert match, req
        out[match.group(1).lower().replace("_", "-")] = match.group(2).replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    pip_deps = _requirement_names(project["dependencies"] + project["optional-dependencies"]["test"])
    env = yaml.safe_load((PROJECT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
    pip_only = [d for d in pip_section if not d.startswith("-")]  # packages conda-forge does not carry
    conda_deps = _requirement_names([d for d in conda if not d.startswith(("python", "pip"))] + pip_only)
    assert conda_deps == pip_deps
    assert f"python{project['requires-python']}" in conda


def test_ci_calls_the_readme_test_command():
    readme = (PROJECT / "README.md").read_text()
    ci = (PROJECT / ".ci" / "run").read_text()
    assert "make test" in readme and "make run" in readme
    assert re.search(r"^make test$", ci, re.M)


def test_outputs_are_git_ignored():
    assert "/outputs/*" in (PROJECT / ".gitignore").read_text()
