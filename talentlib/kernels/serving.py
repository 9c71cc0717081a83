"""What a kernel server (``python -m talentlib.kernels.zygote --serve``) adds to a zygote: its state, its answers.

Imported by the zygote before its preload: standard library only. The client's side is
:mod:`talentlib.kernels.server`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Environment variables read at import time by the interpreter or preloaded libraries (values frozen).
FROZEN_ENV = (
    "PYTHONHASHSEED",
    "PYTHONPATH",
    "PYTHONWARNINGS",
    "PYTHONDONTWRITEBYTECODE",
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "MPLCONFIGDIR",
)
#: What a kernel server also shares with every run it serves: the folders matplotlib reads its configuration and
#: font cache from at import, and the locale Python set up at start (:func:`hello_reply`).
SERVER_ENV = (*FROZEN_ENV, "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "LANG", "LC_ALL", "LC_CTYPE")
#: Requests only a kernel server answers (``--serve``).
SERVER_OPS = ("hello", "status", "stop")


def module_files() -> dict[str, tuple[int, int]]:
    """``{file: (mtime_ns, size)}`` of every loaded module read from a file: the code a server's kernels run."""
    files = {}
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not isinstance(name, str) or name in files:
            continue
        with contextlib.suppress(OSError):
            info = os.stat(name)
            files[name] = (info.st_mtime_ns, info.st_size)
    return files


def changed_files(snapshot: Mapping[str, tuple[int, int]]) -> list[str]:
    """Files of ``snapshot`` (:func:`module_files`) changed or removed since it was taken."""
    changed = []
    for name, (mtime, size) in snapshot.items():
        try:
            info = os.stat(name)
        except OSError:
            changed.append(name)
            continue
        if (info.st_mtime_ns, info.st_size) != (mtime, size):
            changed.append(name)
    return changed


def hello_reply(
    request: Mapping, startup_env: Mapping[str, str | None], files: Mapping[str, tuple[int, int]]
) -> dict:
    """A kernel server's answer to a run asking whether it may fork its kernels here.

    Returns:
        ``{"ok": true, "pid": N}``; or ``{"refused": why}``, with ``"stale": true`` when a loaded module's file
        changed since the preload (the server then retires).
    """
    if os.path.realpath(str(request.get("executable", ""))) != os.path.realpath(sys.executable):
        return {"refused": f"the kernel server runs {sys.executable}, this run {request.get('executable')}"}
    env = request.get("env") or {}
    differ = [k for k in SERVER_ENV if env.get(k) != startup_env.get(k)]
    if differ:
        return {"refused": "the kernel server was started with other values of " + ", ".join(differ)}
    changed = changed_files(files)
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        return {
            "refused": f"{changed[0]}{more} changed since the kernel server started; it stops once its kernels "
            "end (talentlib kernels start starts a new one)",
            "stale": True,
        }
    return {"ok": True, "pid": os.getpid()}


@dataclass
class Serving:
    """A kernel server's state (``--serve``): what it answers ``hello`` and ``status`` with, and when it exits.

    Attributes:
        socket_path: Its socket (removed when it retires, if it is still this server's).
        inode: Its socket file's inode once live, 0 before (a newer server's socket at the same path is left
            alone).
        idle_timeout_s: Seconds without kernels or connections before it retires (0: never).
        files: :func:`module_files` after the preload.
        preload_s: Seconds the preload took.
        started: When it started (``time.time``).
        last_activity: Last connection or kernel exit (``time.monotonic``).
        retiring: It takes no more kernels and exits once the running ones end.
    """

    socket_path: str
    inode: int = 0
    idle_timeout_s: float = 0.0
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    preload_s: float = 0.0
    started: float = field(default_factory=time.time)
    last_activity: float = field(default_factory=time.monotonic)
    retiring: bool = False


def daemonize() -> None:
    """A kernel server leaves its starter: fork, print the server's pid on stdout, the starter exits.

    The server (the child) gets its own session and writes stdout to stderr (its log) from then on, so the
    process that started it need not reap it.
    """
    pid = os.fork()
    if pid:
        os.write(1, f"{pid}\n".encode())
        os._exit(0)
    os.setsid()
    os.dup2(2, 1)


def starting_path(path: str) -> str:
    """Where a server binds while it preloads: runs see no socket at ``path`` until it can fork (:func:`go_live`)."""
    return f"{path}.{os.getpid()}"


def go_live(serving: Serving, bound: str) -> None:
    """After the preload: move the socket to its public path (one ``rename``: a run sees all or nothing)."""
    os.rename(bound, serving.socket_path)
    serving.inode = os.stat(serving.socket_path).st_ino
    serving.last_activity = time.monotonic()
