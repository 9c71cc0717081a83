"""The wheel works outside the repository: build it, install it (not editable) into a fresh venv, init, validate, run.

To stay within ~60 s on 2 cores the fresh venv gets the dependencies already installed in this test's environment
through a ``.pth`` line (its site-packages is *added to the path*, its own ``.pth`` files — among them this
checkout's editable-install hook — are not processed) and ``JUPYTER_PATH`` (their data files: nbconvert's
templates), and the wheel is installed with ``--no-deps --no-index``.
The test asserts that the ``talentlib`` the fresh interpreter imports is the wheel's copy, not this checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "talentlib", "notebooks", "params")

pytestmark = pytest.mark.notebook


def _sh(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-3000:])
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv outside the repository with the wheel installed; returns its ``bin`` and a clean environment."""
    root = tmp_path_factory.mktemp("install")
    source = root / "src"
    for name in SOURCES:  # build from a copy: the build's scratch folders never land in the checkout
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copyfile(PROJECT / name, source / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TALENTLIB_", "PYTHON", "VIRTUAL_ENV"))}
    env["JUPYTER_PATH"] = str(
        Path(sys.prefix) / "share" / "jupyter"
    )  # the reused deps' data files (nbconvert templates)
    wheels = root / "wheels"
    _sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)], root, env)
    venv = root / "venv"
    _sh([sys.executable, "-m", "venv", "--without-pip", str(venv)], root, env)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("talentlib-*.whl"))
    _sh(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        root,
        env,
    )
    return venv / "bin", env


def test_wheel_carries_notebooks_params_and_samples(installed):
    bin_dir, env = installed
    probe = "import talentlib, talentlib.config as c; print(talentlib.__file__); print(c.project_dir()); print(sorted(p.name for p in (c.SHIPPED_DIR / 'notebooks').glob('*.ipynb')))"
    out = _sh([str(bin_dir / "python"), "-c", probe], bin_dir, env).stdout.splitlines()
    assert out[0].startswith(str(bin_dir.parent)) and not out[0].startswith(str(PROJECT))
    assert out[1].endswith("talentlib/_shipped")
    assert "leadership_fluency.ipynb" in out[2] and "market_sizing.ipynb" in out[2]


def test_outside_a_workspace_a_run_is_refused_not_written_into_the_package(installed, tmp_path):
    bin_dir, env = installed
    done = subprocess.run(
        [str(bin_dir / "talentlib"), "run"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "talentlib init DIR" in done.stderr


def test_init_validate_run_in_a_workspace(installed, tmp_path):
    bin_dir, env = installed
    talentlib = str(bin_dir / "talentlib")
    _sh([talentlib, "init", "ws"], tmp_path, env)
    workspace = tmp_path / "ws"
    refused = subprocess.run([talentlib, "init", "ws"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and "not empty" in refused.stderr
    out = _sh([talentlib, "validate", "--scenario", "my_data"], workspace, env).stdout
    assert "ok  my_data" in out and "params/compensation/my_data.yaml" in out
    run = [talentlib, "run", "--scenario", "my_data", "--quiet", "--jobs", "2"]
    _sh([*run, "--notebook", "leadership_fluency"], workspace, env)  # one kernel: the suite runs elsewhere
    published = workspace / "outputs" / "my_data"
    manifest = json.loads((published / "run.json").read_text())
    assert manifest["status"] == "succeeded"
    params = manifest["notebooks"]["leadership_fluency"]["params"]
    assert params["responses_csv"] == "data/example_fluency_responses.csv"
    fluency = (published / "leadership_fluency" / "leadership_fluency.html").read_text()
    assert "example_fluency_responses.csv" in fluency and 'class="tl-answer"' in fluency
    assert "Leadership AI fluency" in (published / "index.html").read_text()
