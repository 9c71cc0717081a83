"""Shared fixtures. Notebook kernels inherit this process's environment, so outputs of ad-hoc runs (nbval,
raw papermill) go to a temporary folder instead of the repository's outputs/, and no run uses a kernel server."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
if "TALENTLIB_OUTPUTS" not in os.environ:
    _SESSION_OUTPUTS = tempfile.mkdtemp(prefix="talentlib-test-outputs-")
    os.environ["TALENTLIB_OUTPUTS"] = _SESSION_OUTPUTS
    atexit.register(
        shutil.rmtree, _SESSION_OUTPUTS, ignore_errors=True
    )  # one per pytest process; none left behind
os.environ.setdefault("MPLBACKEND", "Agg")
# a kernel server the developer keeps running (talentlib kernels start) is not the tests' to use: each run starts
# its own zygote; tests/test_kernel_server.py starts servers of its own in private folders
os.environ["TALENTLIB_KERNEL_SERVER"] = "off"


@pytest.fixture
def project() -> Path:
    """The repository root."""
    return PROJECT


# Fault-injection notebooks are executed by tests/system/test_faults.py on purpose; nbval must not collect them.
collect_ignore_glob = ["system/fixtures/*"]
