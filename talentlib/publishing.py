"""Publish a staged run folder into ``outputs/`` without ever destroying what talentlib did not create.

The rules (reliability issue: publishing once deleted a user's folder that shared a scenario's name):

* **Ownership.** Every folder talentlib publishes carries a marker file (:data:`MARKER`) naming what it is. A
  target is replaced only when it is a real directory (not a symlink) whose marker names the same target. Runs
  published before the marker existed are recognised by their manifest (``run.json`` of a talentlib run of that
  scenario, ``compare.json`` of a comparison). Anything else under that name is refused *before any kernel starts*
  (:func:`check_targets`, exit 2).
* **One atomic step.** Staging lives beside the target on the same filesystem (checked). On Linux the new run
  and the old one are swapped with ``renameat2(RENAME_EXCHANGE)``: at every instant the target path holds either
  the old run or the new one, whole. The old run, now at the staging path, is removed afterwards.
* **Fallback with rollback and recovery.** Where the exchange is unavailable (other kernels, filesystems without
  it) the old run is renamed to ``.<name>.previous-<id>``, the new one moved in, and the old one restored if that
  fails. A crash between the two renames leaves the backup; :func:`recover` (called under the scenario lock at
  the next start) restores it when the target is missing and removes it otherwise.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from talentlib.errors import ParamsError

MARKER = ".talentlib-output"
"""Name of the file that marks a folder as published by talentlib (JSON: ``{"kind", "name"}``)."""

RUN_KIND = "run"
COMPARISON_KIND = "comparison"

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_BACKUP_PATTERN = re.compile(r"^\.(?P<name>.+)\.previous-[0-9a-f]{8}$")


class PublishError(OSError):
    """Publishing failed; the previous run (if any) is still in place."""


def write_marker(folder: Path, kind: str, name: str) -> None:
    """Mark ``folder`` as a talentlib product of ``kind`` published under ``name``."""
    (folder / MARKER).write_text(json.dumps({"kind": kind, "name": name}) + "\n", encoding="utf-8")


def _read_json(path: Path) -> dict | None:
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(1_000_000))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_ours(folder: Path, name: str) -> bool:
    """Whether ``folder`` is a talentlib product published under ``name`` (a real directory, not a symlink).

    Args:
        folder: The candidate folder.
        name: The scenario or comparison name it must have been published under.
    """
    if folder.is_symlink() or not folder.is_dir():
        return False
    marker = _read_json(folder / MARKER)
    if marker is not None:
        return marker.get("name") == name and marker.get("kind") in (RUN_KIND, COMPARISON_KIND)
    manifest = _read_json(folder / "run.json")  # runs published before the marker existed
    if manifest is not None:
        versions = manifest.get("versions")
        return (
            manifest.get("scenario") == name
            and isinstance(versions, dict)
            and "talentlib" in versions
            and isinstance(manifest.get("artifacts"), dict)
        )
    comparison = _read_json(folder / "compare.json")
    return comparison is not None and isinstance(comparison.get("scenarios"), list)


def target_problem(target: Path, what: str = "scenario") -> str | None:
    """Return one line explaining why ``target`` may not be replaced, or ``None`` if it may.

    A missing target may always be created; an existing one must be a folder talentlib published under that name.
    """
    if not os.path.lexists(target):
        return None
    if is_ours(target, target.name):
        return None
    kind = "a symlink" if target.is_symlink() else "a folder" if target.is_dir() else "a file"
    return (
        f"{what} '{target.name}': {target} is {kind} that talentlib did not create; it is left untouched — "
        f"move it away or use another {what} name (or another --out)"
    )


def check_targets(targets: Iterable[Path], what: str = "scenario") -> None:
    """Refuse, before anything runs, every target that a publish would have to replace but does not own.

    Raises:
        ParamsError: One line per refused target.
    """
    problems = [p for p in (target_problem(t, what) for t in targets) if p]
    if problems:
        raise ParamsError(problems)


def staging_dir(out_root: Path, label: str) -> Path:
    """Create and return a fresh staging folder for ``label`` on the same filesystem as ``out_root``.

    Raises:
        PublishError: If ``outputs/.staging`` is on another filesystem (a rename could not publish it atomically).
    """
    parent = out_root / ".staging"
    parent.mkdir(parents=True, exist_ok=True)
    if os.stat(parent).st_dev != os.stat(out_root).st_dev:
        raise PublishError(
            errno.EXDEV,
            f"{parent} is on another filesystem than {out_root}; staging must sit beside the outputs "
            "(remove the mount or symlink)",
        )
    stage = parent / f"{label}-{uuid.uuid4().hex[:10]}"
    stage.mkdir()
    return stage


def stale_stages(out_root: Path, label: str, keep: Iterable[Path] = ()) -> list[Path]:
    """Staging folders of earlier runs of ``label`` (call only while holding that label's lock)."""
    pattern = re.compile(rf"^{re.escape(label)}-[0-9a-f]{{10}}$")
    kept = {Path(p).resolve() for p in keep}
    parent = out_root / ".staging"
    if not parent.is_dir():
        return []
    return [
        p
        for p in parent.iterdir()
        if pattern.match(p.name) and p.resolve() not in kept and not p.is_symlink()
    ]


def remove_tree(path: Path) -> None:
    """Remove a folder talentlib made (staging, an old run moved aside); a missing folder is fine.

    The marker goes last, so a folder interrupted half-way is still recognised as ours and removed next time
    (what remains after the marker is an empty folder).
    """
    with contextlib.suppress(FileNotFoundError):
        for child in path.iterdir():
            if child.name == MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        (path / MARKER).unlink(missing_ok=True)
        path.rmdir()


def recover(target: Path) -> str | None:
    """Repair what a crashed publish of ``target`` may have left (call while holding its lock).

    A backup ``.<name>.previous-<id>`` that talentlib made is restored when ``target`` is missing (the crash hit
    between the two renames of the fallback path) and removed otherwise.

    Returns:
        ``"restored"``, ``"removed"`` or ``None`` when there was nothing to do.
    """
    action = None
    backups = sorted(
        (
            p
            for p in target.parent.glob(f".{glob.escape(target.name)}.previous-*")
            if _is_backup_of(p, target.name)
        ),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for backup in backups:
        if not os.path.lexists(target) and is_ours(backup, target.name):
            os.rename(backup, target)
            action = "restored"
        else:
            remove_tree(backup)
            action = action or "removed"
    return action


def tidy(out_root: Path, target: Path, label: str) -> None:
    """Before a new run of ``label`` (under its lock): repair a crashed publish of ``target``, drop stale staging."""
    recover(target)
    for stale in stale_stages(out_root, label):
        remove_tree(stale)


def _is_backup_of(path: Path, name: str) -> bool:
    match = _BACKUP_PATTERN.match(path.name)
    if not match or match.group("name") != name or path.is_symlink():
        return False
    return is_ours(path, name) or (path.is_dir() and not any(path.iterdir()))  # empty: a removal cut short


def _renameat2(source: Path, dest: Path, flags: int) -> bool:
    """Call Linux ``renameat2``; ``False`` when the kernel, libc or filesystem does not offer it."""
    libc_rename = getattr(_libc(), "renameat2", None)
    if libc_rename is None:
        return False
    result = libc_rename(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(dest), flags)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise PublishError(code, f"{os.strerror(code)}: publishing {source} as {dest}")


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library of this process (``None`` where it cannot be loaded)."""
    if os.name != "posix":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def publish(stage: Path, target: Path) -> None:
    """Move a complete staged folder to ``target``, replacing a previous talentlib product in one atomic step.

    Args:
        stage: The staged folder (must carry the marker for ``target.name``).
        target: Where it is published.

    Raises:
        PublishError: If ``target`` is not talentlib's, the two are on different filesystems, or the swap fails.
            In every case ``target`` holds what it held before.
    """
    problem = target_problem(target)
    if problem:
        raise PublishError(errno.EEXIST, problem)
    target.parent.mkdir(parents=True, exist_ok=True)
    if os.stat(stage).st_dev != os.stat(target.parent).st_dev:
        raise PublishError(errno.EXDEV, f"{stage} and {target.parent} are on different filesystems")
    if not os.path.lexists(target):
        if not _renameat2(stage, target, _RENAME_NOREPLACE):
            os.rename(stage, target)
        return
    if _renameat2(stage, target, _RENAME_EXCHANGE):
        remove_tree(stage)  # now the previous run
        return
    _publish_with_backup(stage, target)


def _publish_with_backup(stage: Path, target: Path) -> None:
    """Two renames with rollback (where no atomic exchange exists); :func:`recover` covers a crash between them."""
    backup = target.with_name(f".{target.name}.previous-{uuid.uuid4().hex[:8]}")
    os.rename(target, backup)
    try:
        os.rename(stage, target)
    except BaseException:
        os.rename(backup, target)
        raise
    remove_tree(backup)
