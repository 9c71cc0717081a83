"""Paths used across the suite — the one place they come from.

Nothing in talentlib reads the current working directory: papermill and nbval run kernels from
different directories, so every path is anchored to the project or the installed package.

``TALENTLIB_HOME`` overrides the project directory (the folder holding ``notebooks/`` and ``params/``);
``TALENTLIB_OUTPUTS`` overrides the outputs directory. ``TALENTLIB_BATCH=1`` is set by the runner for the kernels
it starts (see :func:`batch_mode`).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
DATA_DIR: Path = PACKAGE_DIR / "data"


def project_dir() -> Path:
    """Return the project directory (holding ``notebooks/`` and ``params/``)."""
    env = os.environ.get("TALENTLIB_HOME")
    if env:
        return Path(env).resolve()
    return PACKAGE_DIR.parent


def notebooks_dir() -> Path:
    """Return the folder of notebook templates."""
    return project_dir() / "notebooks"


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
