"""Paths used across the suite — the one place they come from.

Nothing in talentlib reads the current working directory: papermill and nbval run kernels from
different directories, so every path is anchored to the project or the installed package.

``TALENTLIB_HOME`` overrides the project directory (the folder holding ``notebooks/`` and ``params/``);
``TALENTLIB_OUTPUTS`` overrides the outputs directory.

Three kinds of project directory:

* the **repository** (a source checkout or an editable install): the folder above the package, as always;
* a **workspace** made by ``talentlib init DIR`` (marked by :data:`WORKSPACE_MARKER`): its ``params/``, ``data/`` and
  ``outputs/``, and its own ``notebooks/`` only if it has them (``init --notebooks``), else the package's. The
  command line finds the workspace enclosing the current directory and sets ``TALENTLIB_HOME`` to it
  (:func:`find_workspace`); below that, nothing reads the current directory;
* an **installed wheel** used outside any workspace: the copies shipped inside the package (``_shipped/``), read
  only — runs need ``--out`` or a workspace. ``TALENTLIB_BATCH=1`` is set by the runner for the kernels
it starts (see :func:`batch_mode`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
DATA_DIR: Path = PACKAGE_DIR / "data"
#: Notebooks and scenario files copied into the wheel by ``setup.py`` (absent in a source checkout).
SHIPPED_DIR: Path = PACKAGE_DIR / "_shipped"
#: The file ``talentlib init`` writes at the top of a workspace.
WORKSPACE_MARKER = "talentlib-workspace.json"


def checkout_dir() -> Path | None:
    """The repository holding the package, when talentlib runs from a source checkout (or editable install)."""
    root = PACKAGE_DIR.parent
    return root if (root / "notebooks").is_dir() and (root / "params").is_dir() else None


def shipped_dir() -> Path:
    """Where the package's own notebooks and scenario files are: the checkout, else the wheel's copies."""
    return checkout_dir() or SHIPPED_DIR


def find_workspace(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding :data:`WORKSPACE_MARKER`, or ``None``."""
    start = start.resolve()
    return next((d for d in (start, *start.parents) if (d / WORKSPACE_MARKER).is_file()), None)


def is_read_only_bundle() -> bool:
    """True when the project directory is the wheel's shipped copies (no workspace, no checkout, no override)."""
    return project_dir() == SHIPPED_DIR.resolve()


def project_dir() -> Path:
    """Return the project directory (holding ``notebooks/`` and ``params/``)."""
    env = os.environ.get("TALENTLIB_HOME")
    if env:
        return Path(env).resolve()
    return shipped_dir().resolve()


def notebooks_dir() -> Path:
    """Return the folder of notebook templates: the project's own, else the package's (a workspace without copies)."""
    own = project_dir() / "notebooks"
    return own if own.is_dir() else shipped_dir() / "notebooks"


def params_dir() -> Path:
    """Return the folder of scenario parameter files (``params/<notebook>/<scenario>.yaml``)."""
    return project_dir() / "params"


def outputs_dir() -> Path:
    """Return the folder runs publish into (``outputs/<scenario>/…``)."""
    env = os.environ.get("TALENTLIB_OUTPUTS")
    if env:
        return Path(env).resolve()
    return project_dir() / "outputs"


#: Set to ``1`` in the environment of kernels started by ``talentlib run``.
BATCH_ENV = "TALENTLIB_BATCH"


def batch_mode() -> bool:
    """True inside a kernel started by the talentlib runner.

    Batch reports drop widget views (a reviewer's HTML has no kernel to drive them), so the what-if widgets
    are not built there. Raw ``papermill`` runs, nbval and JupyterLab do not set it and build them.
    """
    return os.environ.get(BATCH_ENV) == "1"


#: Optional modules a dependency imports when present that the command never needs: ``rfc3987_syntax`` builds ~38
#: lark grammars (0.75 s) as nbformat imports jsonschema, for ``iri`` formats no notebook schema uses (unchecked without it).
UNUSED_MODULES = ("rfc3987_syntax",)


def skip_unused_modules() -> None:
    """Make :data:`UNUSED_MODULES` unimportable in this process (``sys.modules[name] = None``), unless loaded."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: the import system refuses it
