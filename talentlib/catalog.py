"""The notebooks of the suite, in run order, and the scenarios available for them.

A scenario is the set of files ``params/<notebook>/<scenario>.yaml`` with the same name across notebooks;
a notebook without a file for a scenario runs on its schema defaults.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path

import talentlib
from talentlib.config import notebooks_dir, params_dir
from talentlib.params import ParamsError
from talentlib.spec import NotebookSpec

#: Scenario names: a letter or digit first, then letters, digits, ``_``, ``-`` or ``.``; no ``..``.
SCENARIO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
RESERVED_NAMES = {"adhoc", "compare", "sweeps", "_failed", "con", "nul", "prn", "aux"}


@cache
def specs() -> dict[str, NotebookSpec]:
    """Return every notebook spec by name: analyses by :attr:`NotebookSpec.position`, then those that run last.

    Discovered, not listed: every analysis is a package ``talentlib/<name>/`` that exports ``SPEC`` (its
    notebook is ``notebooks/<name>.ipynb``). Packages without ``SPEC`` (``talentlib.samples``) are skipped.
    Adding an analysis is adding its package, its notebook and its params folder.

    Raises:
        TypeError: If a package's ``SPEC`` carries another name than the package.
    """
    found = []
    for info in pkgutil.iter_modules(talentlib.__path__):
        if not info.ispkg:
            continue
        spec_ = getattr(importlib.import_module(f"talentlib.{info.name}"), "SPEC", None)
        if spec_ is None:
            continue
        if not isinstance(spec_, NotebookSpec) or spec_.name != info.name:
            raise TypeError(f"talentlib.{info.name}.SPEC must be a NotebookSpec named '{info.name}'")
        found.append(spec_)
    found.sort(key=lambda s: (s.runs_last, s.position, s.name))
    return {s.name: s for s in found}


def analysis_specs() -> list[NotebookSpec]:
    """The analysis notebooks (everything except those that run last, such as the executive summary)."""
    return [s for s in specs().values() if not s.runs_last]


def spec(name: str) -> NotebookSpec:
    """Return one notebook's spec, or raise :class:`ParamsError` listing the known names."""
    known = specs()
    if name not in known:
        raise ParamsError([f"notebook '{name}': unknown; expected one of {', '.join(known)}"])
    return known[name]


def notebook_path(name: str) -> Path:
    """Return the template path ``notebooks/<name>.ipynb``."""
    return notebooks_dir() / f"{name}.ipynb"


def check_scenario_name(name: str, what: str = "scenario") -> str:
    """Refuse names that could escape the outputs folder or confuse tools.

    Raises:
        ParamsError: For empty names, ``.``/``..``, path separators, URL schemes, braces, over-long or reserved names.
    """
    if not SCENARIO_PATTERN.match(name or "") or ".." in name or name.lower() in RESERVED_NAMES:
        shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
        raise ParamsError(
            [
                f"{what} name {shown}: expected 1–64 characters from letters, digits, '_', '-', '.', starting with a "
                f"letter or digit, not '..' and not a reserved name ({', '.join(sorted(RESERVED_NAMES))})"
            ]
        )
    return name


def scenario_files(scenario: str) -> dict[str, Path]:
    """Return ``{notebook: params file}`` for the notebooks that have a file for this scenario."""
    check_scenario_name(scenario)
    return {
        name: params_dir() / name / f"{scenario}.yaml"
        for name in specs()
        if (params_dir() / name / f"{scenario}.yaml").is_file()
    }


def scenarios() -> list[str]:
    """Return every scenario name found under ``params/`` (sorted, ``default`` first)."""
    names = {path.stem for name in specs() for path in (params_dir() / name).glob("*.yaml")}
    return sorted(names, key=lambda n: (n != "default", n))
