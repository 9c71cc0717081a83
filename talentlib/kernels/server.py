"""The kernel server: one zygote kept running between runs, so a run's first kernel waits for no preload (opt-in).

A zygote per run (:class:`talentlib.kernels.client.ZygoteProcess`) pays its preload — ipykernel, pandas, seaborn,
scipy and the analyses, ≈ 2 s of one core — before the run's first kernel can fork; that is the longest stretch of
a default run's critical path. ``talentlib kernels start`` leaves one zygote serving (the same code, run with
``--serve``) until ``talentlib kernels stop`` or :data:`DEFAULT_IDLE_MIN` minutes without a kernel; every
``prefork`` run of this user on this machine, with this interpreter and this talentlib, then forks its kernels
from it. A run checks it first (:func:`usable`) and starts its own zygote instead, saying why, when:

* its environment differs in a variable read at import (:data:`talentlib.kernels.serving.SERVER_ENV`: the
  zygote's frozen ones, plus those that decide matplotlib's configuration folder and the locale); the server
  keeps serving runs that match;
* any file of a module the server has loaded changed since it started (an edited talentlib, an upgraded pandas):
  the server then stops taking kernels, lets those running finish, and exits — ``talentlib kernels start``
  starts a fresh one.

Each kernel still gets the run's environment, working folder, umask and argv
(:func:`talentlib.kernels.zygote.become`); resource limits (``ulimit``) are the server's. A kernel dies when the run
that asked for it goes away (its connection closes) or with the server; a server stopped while a run uses it leaves
that run's later kernels to start plain. ``TALENTLIB_KERNEL_SERVER=off`` makes runs ignore a server.

Where it lives: ``$XDG_RUNTIME_DIR/talentlib/`` (or ``<tmp>/talentlib-<uid>/``), a folder only this user may
enter, checked before use; one socket per interpreter and talentlib (:func:`socket_path`), and its log beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from talentlib.kernels.serving import SERVER_ENV

#: ``off`` (or ``0``, ``no``): runs never use a kernel server (each starts its own zygote).
DISABLE_ENV = "TALENTLIB_KERNEL_SERVER"
#: Minutes without a kernel after which a server exits (``talentlib kernels start --idle-timeout``).
DEFAULT_IDLE_MIN = 60
#: Seconds ``talentlib kernels start`` waits for the server's preload.
START_TIMEOUT_S = 120.0
#: Seconds a run waits for the server to answer whether it may use it.
HELLO_TIMEOUT_S = 5.0
#: Longest path of a Unix socket Linux accepts (``sun_path`` is 108 bytes with its NUL).
MAX_SOCKET_PATH = 107


class KernelServerError(Exception):
    """The server's folder is unsafe, or the server could not start or be reached; the message says which."""


def folder() -> Path:
    """The folder of this user's kernel servers (not created here)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime) / "talentlib"
    return Path(tempfile.gettempdir()) / f"talentlib-{os.getuid()}"


def private_folder(create: bool = False) -> Path:
    """:func:`folder`, checked to be a real folder of this user that nobody else may enter.

    Raises:
        KernelServerError: It is a symbolic link, not a folder, someone else's, or open to others.
    """
    path = folder()
    if create:
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise KernelServerError(
            f"{path}: expected a folder, found {'a link' if stat.S_ISLNK(info.st_mode) else 'a file'}"
        )
    if info.st_uid != os.getuid():
        raise KernelServerError(f"{path}: owned by uid {info.st_uid}, not this user ({os.getuid()})")
    if info.st_mode & 0o077:
        raise KernelServerError(
            f"{path}: others may enter it (mode {stat.S_IMODE(info.st_mode):o}); expected 700"
        )
    return path


def key(executable: str | None = None) -> str:
    """Which server a process may use: a digest of its interpreter and of talentlib's version and location."""
    from talentlib import __version__

    package = Path(__file__).resolve().parents[1]
    text = "\0".join([os.path.realpath(executable or sys.executable), __version__, str(package)])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def socket_path() -> Path:
    """The socket of this interpreter's server (its log is :func:`log_path`)."""
    return folder() / f"kernels-{key()}.sock"


def log_path() -> Path:
    """The server's log: what it printed (a failed preload's traceback)."""
    return socket_path().with_suffix(".log")


def disabled(env: Mapping[str, str] | None = None) -> bool:
    """True when :data:`DISABLE_ENV` says runs must not use a server."""
    return (env if env is not None else os.environ).get(DISABLE_ENV, "").strip().lower() in {
        "off",
        "0",
        "no",
        "false",
    }


# -- a run's and the CLI's side -----------------------------------------------------------------------------
def request(
    op: str, path: Path | None = None, timeout: float = HELLO_TIMEOUT_S, **fields: Any
) -> dict | None:
    """Send one request to the server at ``path`` (default :func:`socket_path`); its reply, or None if none listens."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    conn.settimeout(timeout)
    try:
        conn.connect(str(path or socket_path()))
        conn.send(json.dumps({"op": op, **fields}).encode())
        data = conn.recv(65536)
    except (OSError, TimeoutError):
        return None
    finally:
        conn.close()
    return json.loads(data) if data else None


def usable(env: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """The server's socket if this process may fork its kernels there; else None and why ('' if none runs).

    Args:
        env: The run's environment (default ``os.environ``).
    """
    env = os.environ if env is None else env
    if disabled(env) or not kernels_supported():
        return None, ""
    try:
        private_folder()
    except KernelServerError as exc:
        return None, str(exc)
    path = socket_path()
    if not path.exists():
        return None, ""
    reply = request("hello", path, executable=sys.executable, env={k: env.get(k) for k in SERVER_ENV})
    if reply is None:
        return None, ""
    if reply.get("ok"):
        return str(path), ""
    return None, str(reply.get("refused", "refused"))


def kernels_supported() -> bool:
    """Pre-forked kernels work here (:func:`talentlib.kernels.supported`)."""
    from talentlib import kernels

    return kernels.supported()


def status() -> dict | None:
    """The running server's status (pid, kernels, start time, preload), or None when none answers."""
    path = socket_path()
    return request("status", path) if path.exists() else None


def start(idle_timeout_min: float = DEFAULT_IDLE_MIN) -> dict:
    """Start this interpreter's server (detached) and wait for its preload; a usable one running is kept.

    Args:
        idle_timeout_min: Minutes without a kernel after which it exits (0: never).

    Returns:
        Its status (``talentlib kernels status``), with ``"already": true`` if it was running and ``"replaced"``:
        why a running one could not be used.

    Raises:
        KernelServerError: Unsafe folder, socket path too long, or the server died or did not answer in time.
    """
    directory = private_folder(create=True)
    path = socket_path()
    if len(str(path).encode()) + 8 > MAX_SOCKET_PATH:  # + ".<pid>" while it preloads
        raise KernelServerError(
            f"{path}: longer than a Unix socket path may be; set XDG_RUNTIME_DIR to a shorter folder"
        )
    import fcntl  # Unix only, like the server

    lock = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:  # two starts at once start one server
        fcntl.flock(lock, fcntl.LOCK_EX)
        ok, why = usable({**os.environ, DISABLE_ENV: ""})
        if ok:
            return {**(status() or {}), "already": True}
        if path.exists() and request("status", path, timeout=1.0) is None:
            path.unlink()  # left by a server that was killed
        return {**_spawn(directory, path, idle_timeout_min), "replaced": why}
    finally:
        os.close(lock)  # releases the lock


def _spawn(directory: Path, path: Path, idle_timeout_min: float) -> dict:
    """Start the server process for ``path`` and wait for its preload; its status."""
    command = [sys.executable, "-m", "talentlib.kernels.zygote", "--serve", "--socket", str(path)]
    command += ["--idle-timeout", str(max(0.0, idle_timeout_min) * 60)]
    descriptor = os.open(log_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        starter = subprocess.run(  # the zygote forks the server off and prints its pid (serving.daemonize)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=descriptor,
            cwd=directory,
            close_fds=True,
            start_new_session=True,
            check=False,
            timeout=START_TIMEOUT_S,
        )
    finally:
        os.close(descriptor)
    if starter.returncode != 0 or not starter.stdout.strip().isdigit():
        raise KernelServerError(f"the kernel server did not start ({starter.returncode}); see {log_path()}")
    return _wait_ready(int(starter.stdout))


def _wait_ready(pid: int) -> dict:
    """Wait until the server ``pid`` answers ``status`` after its preload; raise with its log if it died."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if not alive(pid):
            tail = log_path().read_text(errors="replace").strip().splitlines()[-3:]
            raise KernelServerError("the kernel server exited during its preload: " + " | ".join(tail))
        reply = request("status", socket_path(), timeout=1.0) if socket_path().exists() else None
        if reply and reply.get("ready") and reply.get("pid") == pid:
            return reply
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        os.kill(pid, 9)
    raise KernelServerError(f"the kernel server did not finish its preload within {START_TIMEOUT_S:.0f} s")


def stop(timeout: float = 10.0) -> dict | None:
    """Ask the server to stop: it takes no more kernels and exits once its running ones finish.

    Returns:
        Its last status (``kernels``: how many were still running), or None if none was running.
    """
    path = socket_path()
    reply = request("stop", path) if path.exists() else None
    if reply is None:
        return None
    deadline = time.monotonic() + timeout
    while not reply.get("kernels") and time.monotonic() < deadline and alive(int(reply["pid"])):
        time.sleep(0.05)
    return reply


def alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] not in {"Z", "X"}
