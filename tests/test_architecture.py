"""The layout holds: no import circle, no analysis importing another, no module past ~600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from talentlib import catalog

PACKAGE = Path(catalog.__file__).parent
ANALYSES = [s.name for s in catalog.specs().values()]
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("talentlib"):
            out |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name.startswith("talentlib")}
    return out


def _analysis(module: str) -> str | None:
    return next(
        (a for a in ANALYSES if module == f"talentlib.{a}" or module.startswith(f"talentlib.{a}.")), None
    )


def test_no_analysis_imports_another():
    crossing = [
        f"{name} imports {target}"
        for name, path in _modules().items()
        if (own := _analysis(name))
        for target in _imports(path, top_level_only=False)
        if (other := _analysis(target)) and other != own
    ]
    assert crossing == []


def test_core_never_imports_an_analysis():
    running = {
        "talentlib.catalog",
        "talentlib.cli",
        "talentlib.runner",
        "talentlib.compare",
        "talentlib.planning",
    }
    crossing = [
        f"{name} imports {target}"
        for name, path in _modules().items()
        if _analysis(name) is None and name not in running and not name.startswith("talentlib.samples")
        for target in _imports(path, top_level_only=False)
        if _analysis(target)
    ]
    assert crossing == []


def test_no_import_circle_at_load_time():
    modules = _modules()
    graph = {
        name: {t for t in _imports(path, top_level_only=True) if t in modules and t != name}
        for name, path in modules.items()
    }

    def related(a: str, b: str) -> bool:  # a package and its own submodules
        return a.startswith(b + ".") or b.startswith(a + ".")

    circles = []

    def visit(node: str, path: list[str], done: set[str]) -> None:
        for nxt in graph[node]:
            if related(node, nxt):
                continue
            if nxt in path:
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in done:
                done.add(nxt)
                visit(nxt, [*path, nxt], done)

    for start in graph:
        visit(start, [start], {start})
    assert circles == []


def test_errors_imports_nothing():
    assert _imports(PACKAGE / "errors.py", top_level_only=False) == set()


def test_no_module_is_past_the_size_of_one_concern():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_command_line_starts_kernels_before_it_loads_the_analyses():
    # `talentlib run|sweep` starts the pre-fork zygote right after parsing its arguments, so it preloads while
    # the runner imports the analyses and validates inputs: loading the command itself must stay this light
    import subprocess
    import sys

    probe = "import sys, talentlib.cli; print(sorted({'pandas', 'pydantic', 'talentlib.catalog'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
