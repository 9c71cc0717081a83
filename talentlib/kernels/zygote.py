"""The kernel zygote: preload once, then fork one fresh, single-use ipykernel per request.

Run as ``python -m talentlib.kernels.zygote --kernel ipykernel_launcher --socket PATH --parent PID`` by
:mod:`talentlib.kernels.client` (never by hand). Protocol: one ``SOCK_SEQPACKET`` connection per kernel, one
JSON object per message::

    client → zygote   {"op": "fork", "argv": [...], "env": {...}, "cwd": "..."} + fds (stdout, stderr)
    zygote → client   {"pid": N}  or  {"error": "why this kernel cannot be forked"}
    client → zygote   {"op": "detach"}     shutdown was requested: the zygote sees the exit through
    zygote → client   {"exit": code, "cause": why}   (code as ``Popen.returncode``; cause: set when the
                                          zygote stopped it, e.g. over ``max_memory_mb``, PSS checked every 0.25 s)

Run with ``--serve`` it is a kernel server (:mod:`talentlib.kernels.server`): detached, no parent, until
``{"op": "stop"}``, :data:`SIGTERM` or its idle timeout; it also answers ``{"op": "hello", "executable": ..., "env":
{...}}`` (may this run fork here? :func:`hello_reply`) and ``{"op": "status"}``.

A connection that closes while its kernel lives means the worker is gone: the kernel's process group is killed
(after :data:`DETACHED_GRACE_S` if it was detached). The zygote dies with its runner (``PR_SET_PDEATHSIG``)
and each kernel with the zygote; SIGTERM or EOF on stdin stops it and its kernels.

Environment variables read once at import are frozen in the zygote (:data:`FROZEN_ENV`): a kernel whose
environment differs in one of them is refused (its provisioner then starts a plain kernel). ``MPLBACKEND`` is
re-applied in the child after ipykernel has set it, exactly as matplotlib would read it at import;
``JPY_PARENT_PID`` (read by ipykernel's ``parent_handle`` default at import) is passed as an argument.
``PYTHONHASHSEED``: every child shares the zygote's string-hash seed (it is fixed when an interpreter starts);
results do not depend on it — set iteration order differs between plain kernels too, and the byte-identity
tests compare pre-forked with plain kernels.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import gc
import json
import os
import selectors
import signal
import socket
import sys
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from talentlib.kernels.serving import (
    FROZEN_ENV,
    SERVER_ENV,
    SERVER_OPS,
    Serving,
    daemonize,
    go_live,
    hello_reply,
    module_files,
    starting_path,
)

#: Seconds a detached kernel (shutdown requested) has to exit before its process group is killed.
DETACHED_GRACE_S = 2.0
#: Seconds between memory checks of kernels with a limit (``--max-kernel-memory``).
MEMORY_CHECK_S = 0.25
#: Largest request (argv + environment), bytes.
MAX_MESSAGE = 1 << 20
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """SIGKILL this process when its parent dies (Linux ``prctl``); exit at once if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(143)


def thread_count() -> int:
    """Threads of this process, native ones included (``/proc/self/task``)."""
    return len(os.listdir("/proc/self/task"))


def prime_fork_handlers() -> int:
    """Fork once and reap the child, so ``pthread_atfork`` handlers stop native thread pools; return threads left.

    numpy's and scipy's OpenBLAS start idle worker threads at import and stop them in their fork ``prepare``
    handler; the zygote makes no BLAS call afterwards, so they stay stopped and every later fork is made by a
    single-threaded process (:func:`refusal` checks it each time).
    """
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return thread_count()


def refusal(request: dict, startup_env: dict[str, str | None]) -> str:
    """Why ``request`` cannot be served by forking (empty string: it can)."""
    argv = request.get("argv") or []
    if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
        return f"not an ipykernel command: {argv[:3]}"
    if os.path.realpath(argv[0]) != os.path.realpath(sys.executable):
        return f"kernel interpreter {argv[0]} is not the zygote's {sys.executable}"
    env = request.get("env") or {}
    changed = [k for k in FROZEN_ENV if env.get(k) != startup_env.get(k)]
    if changed:
        return "environment differs in variables read at import: " + ", ".join(changed)
    if thread_count() != 1:
        return f"the zygote has {thread_count()} threads; it forks single-threaded only"
    return ""


@dataclass
class Child:
    """A forked kernel and the connection that asked for it."""

    pid: int
    pidfd: int
    conn: socket.socket | None
    report_fd: int
    detached_at: float | None = None
    report: bytearray = field(default_factory=bytearray)
    max_memory_mb: float | None = None
    cause: str = ""


class Zygote:
    """The serving loop: accept, fork, watch children by pidfd, report exits, kill orphans."""

    def __init__(
        self, listener: socket.socket, startup_env: dict[str, str | None], serving: Serving | None = None
    ) -> None:
        self.listener = listener
        self.startup_env = startup_env
        self.serving = serving
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ, ("accept", None))
        if serving is None:  # a runner's zygote stops when the runner closes its stdin
            self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, ("stdin", None))
        self.children: dict[int, Child] = {}
        self.by_conn: dict[int, Child] = {}
        self.open_conns = 0
        self.observed: set[str] = set()
        self.running = True

    # -- the loop ---------------------------------------------------------------------------------------
    def serve(self) -> None:
        """Serve until stdin closes or SIGTERM, or a server retires; then kill and reap every kernel left.

        A retiring server first waits for its running kernels to end.
        """
        try:
            while self.running and not (self.serving and self.serving.retiring and not self.children):
                for key, _ in self.selector.select(timeout=self._next_deadline()):
                    kind, obj = key.data
                    getattr(self, f"_on_{kind}")(key.fileobj, obj)
                self._kill_overdue()
                self._retire_if_idle()
        finally:
            self.stop_children()
            self._retire()

    def _next_deadline(self) -> float | None:
        pending = [
            c.detached_at + DETACHED_GRACE_S for c in self.children.values() if c.detached_at is not None
        ]
        if any(c.max_memory_mb for c in self.children.values()):
            pending.append(time.monotonic() + MEMORY_CHECK_S)
        if self.serving and self.serving.idle_timeout_s and not self.children:
            pending.append(self.serving.last_activity + self.serving.idle_timeout_s)
        if not pending:
            return None
        return max(0.0, min(pending) - time.monotonic())

    def _on_accept(self, listener: socket.socket, _: object) -> None:
        conn, _ = listener.accept()
        self.open_conns += 1
        self._active()
        self.selector.register(conn, selectors.EVENT_READ, ("conn", conn))

    def _active(self) -> None:
        if self.serving:
            self.serving.last_activity = time.monotonic()

    def _retire_if_idle(self) -> None:
        serving = self.serving
        if not serving or not serving.idle_timeout_s or self.children or self.open_conns:
            return
        if time.monotonic() - serving.last_activity >= serving.idle_timeout_s:
            self._retire()

    def _retire(self) -> None:
        """A server stops taking kernels: its socket goes (if still its own); it exits when its kernels end."""
        serving = self.serving
        if serving is None or serving.retiring:
            return
        serving.retiring = True
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(self.listener)
        self.listener.close()
        with contextlib.suppress(OSError):
            if os.stat(serving.socket_path).st_ino == serving.inode:
                os.unlink(serving.socket_path)

    def _status(self) -> dict:
        serving = self.serving
        assert serving is not None
        return {
            "pid": os.getpid(),
            "ready": True,
            "started": serving.started,
            "preload_s": round(serving.preload_s, 3),
            "modules": len(sys.modules),
            "kernels": len(self.children),
            "idle_timeout_s": serving.idle_timeout_s,
            "executable": sys.executable,
            "retiring": serving.retiring,
        }

    def _on_server_request(self, conn: socket.socket, request: dict) -> None:
        """``hello``, ``status`` and ``stop`` (a kernel server only)."""
        serving = self.serving
        assert serving is not None
        op = request.get("op")
        if op == "hello":
            reply = hello_reply(request, self.startup_env, serving.files)
            if serving.retiring and reply.get("ok"):
                reply = {"refused": "the kernel server is stopping"}
            if reply.get("stale"):
                self._retire()
        elif op == "stop":
            self._retire()
            reply = self._status()
        else:
            reply = self._status()
        with contextlib.suppress(OSError):
            conn.send(json.dumps(reply).encode())

    def _on_stdin(self, fd: int, _: object) -> None:
        if not os.read(fd, 4096):
            self.running = False

    def _on_conn(self, conn: socket.socket, _: object) -> None:
        try:
            data, fds, _flags, _addr = socket.recv_fds(conn, MAX_MESSAGE, 4)
        except OSError:
            data, fds = b"", []
        if not data:
            self._close_conn(conn)
            return
        request = json.loads(data)
        if request.get("op") == "fork":
            self._fork(conn, request, fds)
        elif self.serving is not None and request.get("op") in SERVER_OPS:
            self._on_server_request(conn, request)
        elif request.get("op") == "detach" and conn.fileno() in self.by_conn:
            self.by_conn[conn.fileno()].detached_at = time.monotonic()
        for fd in fds:
            os.close(fd)

    def _on_pidfd(self, pidfd: int, child: Child) -> None:
        self._active()
        self.selector.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(child.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        self.children.pop(child.pid, None)
        if child.conn is not None:
            self.by_conn.pop(child.conn.fileno(), None)
            with contextlib.suppress(OSError):
                child.conn.send(json.dumps({"exit": code, "cause": child.cause}).encode())

    def _on_report(self, fd: int, child: Child) -> None:
        chunk = os.read(fd, 65536)
        if chunk:
            child.report += chunk
            return
        self.selector.unregister(fd)
        os.close(fd)
        self.observed.update(n for n in child.report.decode(errors="replace").split() if n)

    def _close_conn(self, conn: socket.socket) -> None:
        self.open_conns -= 1
        child = self.by_conn.pop(conn.fileno(), None)
        self.selector.unregister(conn)
        conn.close()
        if child is None:
            return
        child.conn = None
        if child.detached_at is None:  # the worker went away without a shutdown: its kernel goes too
            _killpg(child.pid)

    def _kill_overdue(self) -> None:
        now = time.monotonic()
        for child in list(self.children.values()):
            if child.max_memory_mb and not child.cause:
                used = pss_mb(child.pid)
                if used > child.max_memory_mb:
                    child.cause = (
                        f"the kernel used {used:.0f} MB, over --max-kernel-memory {child.max_memory_mb:.0f} MB, "
                        "and was stopped"
                    )
                    _killpg(child.pid)
            if child.detached_at is not None and now - child.detached_at >= DETACHED_GRACE_S:
                _killpg(child.pid)
                child.detached_at = None

    def stop_children(self) -> None:
        """Kill every kernel still running and reap it (none is left to PID 1)."""
        for child in list(self.children.values()):
            _killpg(child.pid)
        for child in list(self.children.values()):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child.pid, 0)
        self.children.clear()

    # -- forking ----------------------------------------------------------------------------------------
    def _fork(self, conn: socket.socket, request: dict, fds: list[int]) -> None:
        why = refusal(request, self.startup_env) or ("" if len(fds) == 2 else "expected stdout and stderr")
        if self.serving and self.serving.retiring:
            why = "the kernel server is stopping"
        if why:
            conn.send(json.dumps({"error": why}).encode())
            return
        ready_r, ready_w = os.pipe()
        report_r, report_w = os.pipe()
        zygote = os.getpid()
        pid = os.fork()
        if pid == 0:  # the kernel: never returns
            os.close(ready_r)
            os.close(report_r)
            self._forget_fds()
            run_kernel(request, fds, ready_w, report_w, zygote)
        os.close(ready_w)
        os.close(report_w)
        ready = os.read(ready_r, 1)  # the child has its own session (its pgid is its pid)
        os.close(ready_r)
        pidfd = os.pidfd_open(pid)
        child = Child(
            pid=pid, pidfd=pidfd, conn=conn, report_fd=report_r, max_memory_mb=request.get("max_memory_mb")
        )
        self.children[pid] = child
        self.by_conn[conn.fileno()] = child
        self.selector.register(pidfd, selectors.EVENT_READ, ("pidfd", child))
        self.selector.register(report_r, selectors.EVENT_READ, ("report", child))
        conn.send(json.dumps({"pid": pid} if ready else {"error": "the kernel died while starting"}).encode())

    def _forget_fds(self) -> None:
        """In the child: close the zygote's sockets, selector and pidfds (without their objects' finalisers)."""
        for key in list(self.selector.get_map().values()):
            fileobj = key.fileobj
            if isinstance(fileobj, socket.socket):
                os.close(fileobj.detach())
            elif isinstance(fileobj, int) and fileobj > 2:
                with contextlib.suppress(OSError):
                    os.close(fileobj)
        self.selector.close()


def pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` in MB (pages shared with the zygote count by share); 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _killpg(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def run_kernel(request: dict, stdio: list[int], ready_w: int, report_w: int, zygote: int) -> None:
    """In the forked child: become a fresh kernel process, run ``IPKernelApp``, exit (never returns)."""
    code = 1
    try:
        os.setsid()
        die_with_parent(zygote)
        os.write(ready_w, b"1")
        os.close(ready_w)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(stdio[0], 1)
        os.dup2(stdio[1], 2)
        for fd in (null, *stdio):
            os.close(fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        become(request)
        preloaded = set(sys.modules)
        code = start_kernel(kernel_arguments(request["argv"][3:], os.environ))
        report_modules(report_w, set(sys.modules) - preloaded)
    except BaseException:
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def become(request: dict) -> None:
    """Apply the kernel's environment, working folder, umask, ``sys.argv``, time zone and RNG seeds.

    ``sys.path`` is the zygote's, which left out its working folder as ``ipykernel_launcher`` does; IPython
    adds ``''`` (the kernel's cwd) when the shell starts.
    """
    os.environ.clear()
    os.environ.update(request["env"])
    cwd = request.get("cwd") or os.getcwd()
    os.chdir(cwd)
    if isinstance(request.get("umask"), int):  # a server's own umask may not be the run's
        os.umask(request["umask"])
    sys.argv = ["ipykernel_launcher", *request["argv"][3:]]
    time.tzset()
    if "numpy" in sys.modules:  # the legacy global RNG was seeded once, in the zygote
        sys.modules["numpy"].random.seed()
    # ``random`` reseeds itself after fork (os.register_at_fork); ``tempfile`` checks the pid.


def kernel_arguments(args: list[str], env: Mapping[str, str]) -> list[str]:
    """``IPKernelApp`` arguments, plus what its trait defaults would have read from ``env`` at import.

    ``IPKernelApp.parent_handle`` defaults to ``$JPY_PARENT_PID`` read when ipykernel is imported — in the
    zygote, before any kernel had an environment — so it is passed explicitly.
    """
    parent = env.get("JPY_PARENT_PID", "")
    if parent.isdigit() and not any(a.startswith("--IPKernelApp.parent_handle") for a in args):
        return [*args, f"--IPKernelApp.parent_handle={parent}"]
    return list(args)


def start_kernel(args: list[str]) -> int:
    """Run ``IPKernelApp`` as ``ipykernel_launcher`` does, re-applying ``MPLBACKEND`` after it set it."""
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    try:
        app.initialize(args)
        register_with_kernel()
        backend = os.environ.get("MPLBACKEND")
        if backend and "matplotlib" in sys.modules:
            sys.modules["matplotlib"].rcParams["backend"] = backend  # what matplotlib's import would read
        app.start()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def register_with_kernel() -> None:
    """Do for the new kernel what preloaded modules do at import only when a kernel is running.

    ``ipywidgets`` registers its comm targets (``jupyter.widget``, ``jupyter.widget.control``) at import if it
    finds a kernel. It is never preloaded by name, but seaborn imports it (``seaborn.widgets``), so in the
    zygote it was imported with no kernel: without this, a forked kernel would refuse the widget comms a
    front end opens (``tests/test_kernels.py``).
    """
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets.register_comm_target()


def report_modules(fd: int, names: set[str]) -> None:
    """Tell the zygote which modules this kernel loaded beyond its own (measured preload list)."""
    from talentlib.kernels.preload import allowed

    data = "\n".join(sorted(n for n in names if allowed(n))).encode()
    with contextlib.suppress(OSError):
        while data:
            data = data[os.write(fd, data) :]
    os.close(fd)


def main(argv: list[str] | None = None) -> int:
    """Bind the socket, preload, freeze the heap, serve; on exit record the modules kernels loaded."""
    parser = argparse.ArgumentParser(prog="talentlib.kernels.zygote")
    parser.add_argument("--kernel", default="ipykernel_launcher")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--parent", type=int, default=None, help="the runner (required without --serve)")
    parser.add_argument("--serve", action="store_true", help="a kernel server (talentlib kernels start)")
    parser.add_argument(
        "--idle-timeout", type=float, default=0.0, help="--serve: seconds idle before exiting"
    )
    args = parser.parse_args(argv)
    if not args.serve and args.parent is None:
        parser.error("--parent is required without --serve")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the runner's to decide

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    if args.serve:
        daemonize()
    else:
        die_with_parent(args.parent)
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():  # as ipykernel_launcher, before any import
        del sys.path[0]
    startup_env = {k: os.environ.get(k) for k in (SERVER_ENV if args.serve else FROZEN_ENV)}
    serving = Serving(args.socket, idle_timeout_s=args.idle_timeout) if args.serve else None
    # a server binds beside its public path and moves there once it can fork (serving.go_live)
    bound = starting_path(args.socket) if serving else args.socket
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(bound)
    listener.listen(64)
    began = time.perf_counter()
    from talentlib.kernels import preload

    try:
        verified = preload.read_modules()
        known = {*verified, *preload.read_modules(key="impure")}
        fresh = [n for n in preload.read_modules(key="candidates") if n not in known]
        pure, impure = preload.import_pure([*preload.BASE_MODULES, *verified], fresh)
        gc.collect()
        gc.freeze()
        prime_fork_handlers()
        if serving is not None:
            serving.files, serving.preload_s = module_files(), time.perf_counter() - began
            go_live(serving, bound)
    finally:
        if serving is not None and not serving.inode:  # the preload failed: no half-started server is left
            with contextlib.suppress(OSError):
                os.unlink(bound)
    zygote = Zygote(listener, startup_env, serving)
    try:
        zygote.serve()
    finally:
        seen = zygote.observed - known - set(pure) - set(impure)
        if pure or impure or seen:
            preload.write_modules(
                [*verified, *pure],
                impure=[*preload.read_modules(key="impure"), *impure],
                candidates=seen,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
