"""Publishing never destroys what talentlib did not create, and a crash at any step leaves the old or the new run."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from talentlib import publishing
from talentlib.errors import ParamsError


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _run(out_root: Path, name: str, label: str, files: int = 3) -> Path:
    stage = publishing.staging_dir(out_root, name)
    publishing.write_marker(stage, publishing.RUN_KIND, name)
    for i in range(files):
        (stage / "sub").mkdir(exist_ok=True)
        (stage / "sub" / f"{i}.txt").write_text(f"{label} {i}")
    (stage / "run.json").write_text(json.dumps({"scenario": name, "label": label}))
    return stage


def test_a_folder_talentlib_did_not_create_is_refused_and_kept(tmp_path):
    user = tmp_path / "Documents"
    user.mkdir()
    (user / "thesis.txt").write_text("years of work")
    with pytest.raises(ParamsError) as caught:
        publishing.check_targets([user])
    (line,) = caught.value.problems
    assert "Documents" in line and "did not create" in line
    stage = _run(tmp_path, "Documents", "new")
    with pytest.raises(publishing.PublishError):
        publishing.publish(stage, user)
    assert (user / "thesis.txt").read_text() == "years of work"
    assert sorted(p.name for p in user.iterdir()) == ["thesis.txt"]


@pytest.mark.parametrize("kind", ["file", "symlink", "foreign run.json", "marker of another name"])
def test_anything_but_our_own_folder_is_refused(tmp_path, kind):
    target = tmp_path / "README.md"
    if kind == "file":
        target.write_text("tracked readme")
    elif kind == "symlink":
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere")
    else:
        target.mkdir()
        if kind == "foreign run.json":
            (target / "run.json").write_text(json.dumps({"scenario": "README.md", "note": "mine"}))
        else:
            publishing.write_marker(target, publishing.RUN_KIND, "other")
    assert publishing.target_problem(target) is not None
    with pytest.raises(publishing.PublishError):
        publishing.publish(_run(tmp_path, "README.md", "new"), target)
    assert target.is_symlink() or target.exists()


def test_runs_published_before_the_marker_are_still_ours(tmp_path):
    legacy = tmp_path / "default"
    legacy.mkdir()
    manifest = {"scenario": "default", "versions": {"talentlib": "0.1.0"}, "artifacts": {}}
    (legacy / "run.json").write_text(json.dumps(manifest))
    assert publishing.is_ours(legacy, "default")
    assert not publishing.is_ours(legacy, "other")


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_publish_replaces_our_previous_run(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publishing, "_renameat2", lambda *a: False)
    target = tmp_path / "s"
    publishing.publish(_run(tmp_path, "s", "old"), target)
    new = _run(tmp_path, "s", "new")
    expected = _tree(new)
    publishing.publish(new, target)
    assert _tree(target) == expected
    assert not new.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".s.")] == []


def test_recover_restores_a_backup_left_by_a_crash_and_removes_one_left_after(tmp_path):
    target = tmp_path / "s"
    publishing.publish(_run(tmp_path, "s", "old"), target)
    old = _tree(target)
    backup = tmp_path / ".s.previous-0123abcd"
    os.rename(target, backup)  # crash between the two renames
    assert publishing.recover(target) == "restored"
    assert _tree(target) == old
    publishing.publish(_run(tmp_path, "s", "x"), tmp_path / ".s.previous-89abcdef")  # crash after the swap
    assert publishing.recover(target) == "removed"
    assert _tree(target) == old
    assert not (tmp_path / ".s.previous-89abcdef").exists()


def test_recover_never_touches_a_lookalike_it_did_not_make(tmp_path):
    lookalike = tmp_path / ".s.previous-0123abcd"
    lookalike.mkdir()
    (lookalike / "keep.txt").write_text("mine")
    assert publishing.recover(tmp_path / "s") is None
    assert (lookalike / "keep.txt").read_text() == "mine"


def test_stale_stages_are_only_this_labels(tmp_path):
    mine = publishing.staging_dir(tmp_path, "s")
    other = publishing.staging_dir(tmp_path, "s-2")
    current = publishing.staging_dir(tmp_path, "s")
    assert publishing.stale_stages(tmp_path, "s", keep=[current]) == [mine]
    assert publishing.stale_stages(tmp_path, "s-2") == [other]


_CRASHER = textwrap.dedent(
    """
    import os, shutil, sys
    from pathlib import Path
    from talentlib import publishing

    stage, target, crash_at, exchange = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
    steps = 0

    def step(func):
        def wrapped(*args, **kwargs):
            global steps
            if steps == crash_at:
                os._exit(137)  # the process dies here: no cleanup, no finally
            steps += 1
            return func(*args, **kwargs)
        return wrapped

    os.rename = step(os.rename)
    os.unlink = step(os.unlink)
    os.rmdir = step(os.rmdir)
    publishing._renameat2 = step(publishing._renameat2) if exchange else (lambda *a: False)
    publishing.publish(stage, target)
    print(steps)
    """
)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_a_runner_killed_between_any_two_publish_steps_leaves_the_old_or_the_new_run(tmp_path, exchange):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "s"
    publishing.publish(_run(out, "s", "old"), target)
    old = _tree(target)
    crash_at, completed = 0, False
    while not completed:
        stage = _run(out, "s", f"new {crash_at}")
        new = _tree(stage)
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                _CRASHER,
                str(stage),
                str(target),
                str(crash_at),
                "1" if exchange else "0",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode in (0, 137), proc.stderr
        completed = proc.returncode == 0
        publishing.recover(target)  # what the next run does under the lock
        for stale in publishing.stale_stages(out, "s"):
            publishing.remove_tree(stale)
        assert _tree(target) in (old, new), f"crash at step {crash_at}: target is neither run whole"
        if _tree(target) == new:
            old = new
        assert not any(p.name.startswith(".s.previous") for p in out.iterdir())
        assert not list((out / ".staging").iterdir())
        crash_at += 1
    assert crash_at > 3, "the crash points must cover the whole publish"
