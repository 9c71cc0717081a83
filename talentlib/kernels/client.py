"""The runner's side of pre-forked kernels: start/stop the zygote, and the jupyter_client classes that use it.

* :class:`ZygoteProcess` — one zygote per runner (or Dask worker), started before the workers fork; or the
  user's kernel server (:mod:`talentlib.kernels.server`, ``talentlib kernels start``) when one may serve this run.
* :class:`ZygoteProvisioner` — a ``LocalProvisioner`` whose ``launch_kernel`` asks the zygote to fork; any
  kernel the zygote refuses (another interpreter, an import-time environment variable changed, see
  :data:`talentlib.kernels.serving.FROZEN_ENV`) is started the plain way by ``LocalProvisioner`` itself.
* :func:`kernel_manager_class` — what nbclient gets as ``kernel_manager_class``: the kernelspec ``python3``
  with this provisioner in its metadata, and a client whose readiness probe runs every 20 ms.

Only public jupyter_client interfaces: ``KernelSpecManager.get_kernel_spec``, the ``kernel_provisioner``
kernelspec stanza, the provisioner entry-point group, ``KernelManager.client_class``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from talentlib.kernels import PROVISIONER_NAME

#: Seconds between readiness probes of a starting kernel, and between exit polls (jupyter_client: 0.2 / 0.1).
PROBE_INTERVAL_S = 0.02
#: Milliseconds between a client socket's attempts to reach a kernel still binding its ports (ZeroMQ's default
#: is 100 ms: a client that connects before the forked kernel has bound waited ~90 ms for nothing per kernel).
RECONNECT_INTERVAL_MS = 5
#: Seconds a worker keeps trying to reach a zygote that is still binding its socket.
CONNECT_TIMEOUT_S = 30.0
#: Seconds the zygote has to exit when the runner stops it (half after EOF on stdin, half after SIGTERM).
STOP_GRACE_S = 2.0
#: Seconds to wait for the zygote to answer a fork request (it may still be preloading).
FORK_TIMEOUT_S = 120.0
#: Name prefix of a zygote's private folder in the temporary directory, and the name of its socket there.
FOLDER_PREFIX = "talentlib-zygote-"
SOCKET_NAME = "zygote.sock"
#: Age past which a zygote folder nothing listens in is a killed runner's: a zygote binds its socket first thing.
STALE_FOLDER_S = 60.0


class ZygoteProcess:
    """A running zygote: its process, its private socket folder; stopped (with its kernels) by :meth:`stop`."""

    def __init__(self) -> None:
        remove_stale_folders()
        self.folder = tempfile.mkdtemp(prefix=FOLDER_PREFIX)  # 0700: only this user may ask for kernels
        self.socket_path = str(Path(self.folder) / SOCKET_NAME)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "talentlib.kernels.zygote",
                "--kernel",
                "ipykernel_launcher",
                "--socket",
                self.socket_path,
                "--parent",
                str(os.getpid()),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def stop(self) -> None:
        """Stop the zygote and its kernels within ~:data:`STOP_GRACE_S`.

        Closing its stdin asks it to kill and reap its kernels, save the module list and exit; a zygote still
        preloading does not read stdin, so it gets SIGTERM, then SIGKILL (its kernels die with it,
        ``PR_SET_PDEATHSIG``).
        """
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        for step in (self.process.terminate, self.process.kill):
            try:
                self.process.wait(STOP_GRACE_S / 2)
                break
            except subprocess.TimeoutExpired:
                step()
        self.process.wait()
        _remove_folder(Path(self.folder))

    def discard(self) -> None:
        """Stop a zygote that never forked a kernel (started early, then not needed): no grace period."""
        self.process.kill()
        self.process.wait()
        _remove_folder(Path(self.folder))


class ServerZygote:
    """The user's kernel server, serving this run: stopping it is ``talentlib kernels stop``'s business.

    This run's kernels still end with it: each one's connection closes when the run is done (or gone), and the
    server kills a kernel whose connection closed before it was shut down.
    """

    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path
        _SERVERS.add(socket_path)

    def stop(self) -> None:
        """Nothing to stop: the server outlives the run."""

    def discard(self) -> None:
        """Nothing to discard."""


def start_zygote() -> ZygoteProcess | ServerZygote:
    """The kernel server if it may serve this run (:func:`talentlib.kernels.server.usable`), else a new zygote.

    A server that refuses (another environment, files changed since it started) is reported on stderr.
    """
    from talentlib.kernels import server

    path, why = server.usable()
    if path:
        return ServerZygote(path)
    if why:
        print(f"talentlib: kernel server not used: {why}", file=sys.stderr)
    return ZygoteProcess()


def remove_stale_folders(root: str | None = None) -> list[Path]:
    """Remove the zygote folders of runners killed by SIGKILL, which could not remove them (their zygote died too).

    A folder is stale when it is this user's, older than :data:`STALE_FOLDER_S` and nothing listens on its socket;
    a live zygote's (a long sweep's, or one still preloading: it listens before it imports) is kept.

    Args:
        root: Where the folders are (default: :func:`tempfile.gettempdir`).

    Returns:
        The folders removed.
    """
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not folder.is_dir() or folder.is_symlink() or info.st_uid != os.getuid():
            continue
        if time.time() - info.st_mtime < STALE_FOLDER_S or _listening(folder / SOCKET_NAME):
            continue
        if _remove_folder(folder):
            removed.append(folder)
    return removed


def _remove_folder(folder: Path) -> bool:
    """Remove a zygote's socket and its folder (only if then empty: nothing else is ever put there)."""
    with contextlib.suppress(OSError):
        (folder / SOCKET_NAME).unlink()
    try:
        folder.rmdir()
    except OSError:
        return False
    return True


def _listening(path: Path) -> bool:
    """True if a zygote accepts connections on ``path`` (the probe connection is closed at once)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    probe.settimeout(1.0)
    try:
        probe.connect(str(path))
    except OSError:
        return False
    finally:
        probe.close()
    return True


#: A zygote started ahead of the run (:func:`zygote_started_early`), for the next :func:`zygote_running`.
_EARLY: list[ZygoteProcess | ServerZygote | None] = [None]


@contextlib.contextmanager
def zygote_started_early():
    """Start this process's zygote now, so it preloads while the runner validates inputs.

    The next :func:`zygote_running` takes it over (and stops it); one left untaken — the run stopped at
    validation — is discarded on leaving.
    """
    _EARLY[0] = start_zygote()
    try:
        yield
    finally:
        early, _EARLY[0] = _EARLY[0], None
        if early is not None:
            early.discard()


@contextlib.contextmanager
def zygote_running(max_memory_mb: float | None = None):
    """Start a zygote (or take the early one), point new kernel managers at it (:func:`use_zygote`), stop it after."""
    zygote, _EARLY[0] = (_EARLY[0] or start_zygote()), None
    previous = (_SOCKET[0], _MAX_MEMORY[0])
    use_zygote(zygote.socket_path, max_memory_mb)
    try:
        yield zygote
    finally:
        use_zygote(*previous)
        zygote.stop()


#: The socket of this process's zygote (set before workers fork; they inherit it).
_SOCKET: list[str | None] = [None]
#: Sockets of kernel servers this process used: a server's socket that is gone means it stopped (a run's own
#: zygote's may still be binding it, so that one is waited for).
_SERVERS: set[str] = set()
#: Memory limit (MB of PSS) for each forked kernel, or None (set with :func:`use_zygote`).
_MAX_MEMORY: list[float | None] = [None]
#: Why the zygote stopped a kernel of this process (read once by :func:`take_cause`).
_CAUSES: list[str] = []


def use_zygote(socket_path: str | None, max_memory_mb: float | None = None) -> None:
    """Make :func:`kernel_manager_class` fork kernels from the zygote at ``socket_path`` (None: plain kernels).

    Args:
        socket_path: The zygote's socket.
        max_memory_mb: Stop a kernel whose PSS exceeds this (``--max-kernel-memory``); None: no limit.
    """
    _SOCKET[0] = socket_path
    _MAX_MEMORY[0] = max_memory_mb


#: How this process's last kernel was started: ``prefork`` (forked by the zygote) or ``plain`` (a new
#: interpreter: no zygote in use, or the zygote refused and ``LocalProvisioner`` took over).
_LAUNCHED: list[str] = []


def take_launch() -> str:
    """How the last kernel started here was launched (``prefork`` or ``plain``); clears it."""
    launched = _LAUNCHED[-1] if _LAUNCHED else "plain"
    _LAUNCHED.clear()
    return launched


def take_cause() -> str:
    """Why the zygote last stopped one of this process's kernels ('' if it did not); clears it."""
    cause = _CAUSES[-1] if _CAUSES else ""
    _CAUSES.clear()
    return cause


def current_socket() -> str | None:
    """The socket given to :func:`use_zygote`, if any."""
    return _SOCKET[0]


class ForkedKernel:
    """The ``Popen``-like handle ``LocalProvisioner`` keeps in ``self.process``, for a kernel the zygote forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, conn: socket.socket) -> None:
        self.pid = pid
        self.conn = conn
        self.returncode: int | None = None
        self.detached = False

    def _read(self, timeout: float) -> None:
        if self.returncode is not None or self.conn.fileno() < 0:
            return
        readable, _, _ = select.select([self.conn], [], [], timeout)
        if not readable:
            return
        data = self.conn.recv(4096)
        reply = json.loads(data) if data else {"exit": -signal.SIGKILL}
        self.returncode = reply["exit"]
        if reply.get("cause"):
            _CAUSES.append(reply["cause"])

    def poll(self) -> int | None:
        """Exit code if the kernel has exited; after :meth:`detach` its exit is the zygote's business (0)."""
        self._read(0)
        if self.returncode is None and self.detached:
            return 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Block until the kernel exits (or is detached)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            self._read(PROBE_INTERVAL_S)
        return self.poll() or 0

    def detach(self) -> None:
        """Shutdown was requested: leave the interpreter's exit to the zygote (killed after its grace)."""
        with contextlib.suppress(OSError):
            self.conn.send(json.dumps({"op": "detach"}).encode())
        self.detached = True

    def send_signal(self, signum: int) -> None:
        """Signal the kernel (``LocalProvisioner`` prefers its process group)."""
        if self.returncode is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)

    def close(self) -> None:
        """Close the connection (a kernel still running and not detached is then killed by the zygote)."""
        self.conn.close()


def _connect(path: str) -> socket.socket:
    deadline = time.monotonic() + (0.0 if path in _SERVERS else CONNECT_TIMEOUT_S)
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            conn.connect(path)
            return conn
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(PROBE_INTERVAL_S)


def _descriptor(stream: Any, default: int) -> int:
    """The file descriptor behind ``stream``; ``default`` when it has none (a capture, a notebook's stream)."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return default


def current_umask() -> int:
    """This process's umask (``/proc/self/status``; without it, set and restored at once)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        lines = Path("/proc/self/status").read_text().splitlines()
        return int(next(ln for ln in lines if ln.startswith("Umask:")).split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def fork_kernel(path: str, argv: list[str], env: dict[str, str], cwd: str | None) -> ForkedKernel | str:
    """Ask the zygote at ``path`` for a kernel; returns its handle, or the zygote's reason for refusing.

    A kernel server that has stopped since the run began (``talentlib kernels stop``, or retired because its files
    changed) refuses by its absence: the run's remaining kernels start plain.
    """
    try:
        conn = _connect(path)
    except (FileNotFoundError, ConnectionRefusedError):
        if path not in _SERVERS:
            raise
        return f"the kernel server at {path} has stopped"
    request = {
        "op": "fork",
        "argv": argv,
        "env": dict(env),
        "cwd": cwd,
        "umask": current_umask(),
        "max_memory_mb": _MAX_MEMORY[0],
    }
    socket.send_fds(
        conn, [json.dumps(request).encode()], [_descriptor(sys.stdout, 1), _descriptor(sys.stderr, 2)]
    )
    readable, _, _ = select.select([conn], [], [], FORK_TIMEOUT_S)
    reply = (
        json.loads(conn.recv(65536) or b'{"error": "the zygote closed the connection"}') if readable else {}
    )
    if "pid" not in reply:
        conn.close()
        return str(reply.get("error", f"no answer from the zygote within {FORK_TIMEOUT_S:.0f} s"))
    return ForkedKernel(reply["pid"], conn)


@cache
def provisioner_class() -> type:
    """Build :class:`ZygoteProvisioner` on jupyter_client's ``LocalProvisioner`` (imported on first use)."""
    from jupyter_client.provisioning import LocalProvisioner
    from traitlets import Unicode

    class ZygoteProvisioner(LocalProvisioner):  # type: ignore[misc]
        """``LocalProvisioner`` that forks the kernel from the zygote at ``socket_path``."""

        socket_path = Unicode("", config=True, help="Unix socket of the kernel zygote")

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            """Fork through the zygote; fall back to ``LocalProvisioner``'s subprocess when refused."""
            kernel = None
            env = dict(kwargs.get("env") or os.environ)
            if not kwargs.get("independent"):  # as jupyter_client.launcher.launch_kernel does
                env["JPY_PARENT_PID"] = str(os.getpid())
            if self.socket_path:
                kernel = fork_kernel(self.socket_path, cmd, env, kwargs.get("cwd"))
            if not isinstance(kernel, ForkedKernel):
                if kernel:
                    self.log.warning("talentlib: plain kernel (%s)", kernel)
                _LAUNCHED.append("plain")
                return await super().launch_kernel(cmd, **kwargs)
            _LAUNCHED.append("prefork")
            self.process = kernel
            self.pid = self.pgid = kernel.pid
            self.cwd = kwargs.get("cwd") or os.getcwd()
            return self.connection_info

        async def shutdown_requested(self, restart: bool = False) -> None:
            """Hand the kernel's exit to the zygote (no waiting for interpreter shutdown here)."""
            if isinstance(self.process, ForkedKernel) and not restart:
                self.process.detach()
            await super().shutdown_requested(restart=restart)

        async def wait(self) -> int | None:
            """Like ``LocalProvisioner.wait``, polling every :data:`PROBE_INTERVAL_S`."""
            if not isinstance(self.process, ForkedKernel):
                return await super().wait()
            while self.process.poll() is None:
                await asyncio.sleep(PROBE_INTERVAL_S)
            code = self.process.poll()
            self.process = None
            return code

        async def cleanup(self, restart: bool = False) -> None:
            """Return cached ports and close the connection to the zygote."""
            if isinstance(self.process, ForkedKernel):
                self.process.close()
            await super().cleanup(restart=restart)

    ZygoteProvisioner.__module__ = __name__
    ZygoteProvisioner.__qualname__ = "ZygoteProvisioner"
    return ZygoteProvisioner


def __getattr__(name: str) -> Any:
    """``ZygoteProvisioner`` (the entry point's target) is built on first access."""
    if name == "ZygoteProvisioner":
        return provisioner_class()
    raise AttributeError(name)


@cache
def _client_class() -> type:
    from jupyter_client import protocol_version_info
    from jupyter_client.asynchronous import AsyncKernelClient

    class QuickReadyKernelClient(AsyncKernelClient):  # type: ignore[misc]
        """``AsyncKernelClient`` whose ``wait_for_ready`` probes every 20 ms (jupyter_client: 200 ms–1 s).

        Its sockets retry a refused connection every :data:`RECONNECT_INTERVAL_MS` (set as the default of the
        client's own ZeroMQ context before the channels open), so a kernel forked a few milliseconds ago is
        reached as soon as it has bound.
        """

        def start_channels(self, *args: Any, **kwargs: Any) -> None:
            import zmq

            self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_INTERVAL_MS)
            super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Wait for a ``kernel_info_reply`` and proof that IOPub is connected; then drain IOPub."""
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                msg_id = self.kernel_info()
                reply = await self._get(self.shell_channel, deadline, msg_id)
                if reply is not None and await self._get(self.iopub_channel, deadline) is not None:
                    major = int(reply["content"]["protocol_version"].split(".")[0])
                    if major != protocol_version_info[0]:
                        self.session.adapt_version = major
                    break
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while await self._get(self.iopub_channel, deadline) is not None:
                pass

        async def _get(self, channel: Any, deadline: float, reply_to: str | None = None) -> Any:
            """A message from ``channel`` within :data:`PROBE_INTERVAL_S` (a reply to ``reply_to``), else None."""
            import queue

            end = min(deadline, time.monotonic() + 10 * PROBE_INTERVAL_S)
            while time.monotonic() < end:
                try:
                    msg = await channel.get_msg(timeout=PROBE_INTERVAL_S)
                except queue.Empty:
                    if reply_to is None:
                        return None
                    continue
                if reply_to is None or msg.get("parent_header", {}).get("msg_id") == reply_to:
                    return msg
            return None

    QuickReadyKernelClient.__module__ = __name__
    QuickReadyKernelClient.__qualname__ = "QuickReadyKernelClient"
    return QuickReadyKernelClient


@cache
def kernel_manager_class(base: type, socket_path: str) -> type:
    """``base`` (an ``AsyncKernelManager``) with kernels forked by the zygote at ``socket_path``.

    Args:
        base: The runner's kernel manager class (:func:`talentlib.execution.quick_shutdown_kernel_manager`).
        socket_path: The zygote's socket (:func:`current_socket`).
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from traitlets import default

    class ZygoteKernelSpecManager(KernelSpecManager):  # type: ignore[misc]
        """Kernelspecs as installed, with the zygote provisioner in their ``kernel_provisioner`` stanza."""

        def get_kernel_spec(self, kernel_name: str) -> Any:
            """The installed spec, provisioned by :data:`talentlib.kernels.PROVISIONER_NAME`."""
            spec = super().get_kernel_spec(kernel_name)
            spec.metadata = {
                **spec.metadata,
                "kernel_provisioner": {
                    "provisioner_name": PROVISIONER_NAME,
                    "config": {"socket_path": socket_path},
                },
            }
            return spec

    client = _client_class()

    class PreforkKernelManager(base):  # type: ignore[misc, valid-type]
        """The runner's kernel manager, with pre-forked kernels and a 20 ms readiness probe."""

        @default("kernel_spec_manager")
        def _zygote_spec_manager(self) -> KernelSpecManager:
            return ZygoteKernelSpecManager(data_dir=self.data_dir)

        @default("client_factory")
        def _quick_client(self) -> type:
            return client

    return PreforkKernelManager
