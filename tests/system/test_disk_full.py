"""A full disk fails the run clearly, keeps what evidence fits, and leaves the earlier good run intact."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebook


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a 1 MB tmpfs here ({done.stderr.decode().strip() or 'not permitted'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_the_run_and_keeps_the_earlier_run(
    small_disk: Path, tree, earlier_good_run, run_command
):
    earlier = earlier_good_run(small_disk)
    done = subprocess.run(
        run_command(small_disk, "--notebook", "market_sizing", "--jobs", "1"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "No space left on device" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert tree(small_disk / "default") == earlier
    assert not list((small_disk / ".staging").iterdir())
