"""Helpers of the system tests: an earlier good run to protect, and a byte-for-byte view of a folder."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from talentlib import publishing


def tree_digest(root: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``root``."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def tree() -> Callable[[Path], dict[str, str]]:
    """:func:`tree_digest`, as a fixture."""
    return tree_digest


@pytest.fixture
def earlier_good_run() -> Callable[[Path], dict[str, str]]:
    """Publish a small talentlib run of ``default`` into an outputs folder; returns its digest."""

    def publish(out: Path) -> dict[str, str]:
        stage = publishing.staging_dir(out, "default")
        publishing.write_marker(stage, publishing.RUN_KIND, "default")
        (stage / "run.json").write_text(json.dumps({"scenario": "default", "status": "succeeded"}))
        (stage / "index.html").write_text("<p>the earlier good run</p>")
        publishing.publish(stage, out / "default")
        return tree_digest(out / "default")

    return publish


@pytest.fixture
def run_command() -> Callable[..., list[str]]:
    """``python -m talentlib run --scenario default --out OUT --quiet`` plus extra arguments, for a subprocess."""

    def command(out: Path, *extra: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "talentlib",
            "run",
            "--scenario",
            "default",
            "--out",
            str(out),
            "--quiet",
            *extra,
        ]

    return command
