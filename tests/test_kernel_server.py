"""The kernel server (``talentlib kernels start``): who may use it, what it refuses, when it goes away.

Real servers run in a private folder of the test's own (``XDG_RUNTIME_DIR``), never in the user's.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kernel_notebooks import execute_cells

from talentlib import cli, execution, kernels
from talentlib.kernels import client, server, serving

needs_fork = pytest.mark.skipif(not kernels.supported(), reason="pre-forked kernels need Linux")


@pytest.fixture
def runtime(monkeypatch) -> Iterator[Path]:
    """A private runtime folder for this test's servers (short: a socket path has at most 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="tl-rt-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    monkeypatch.delenv(server.DISABLE_ENV, raising=False)
    yield folder
    info = server.status()
    if info:
        os.kill(info["pid"], 9)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def _gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not server.alive(pid):
            return True
        time.sleep(0.05)
    return False


# ---------------------------------------------------------------------------------------------------------
# Rules, without a server


def test_the_servers_folder_must_be_this_users_and_closed_to_others(runtime):
    assert server.private_folder(create=True) == runtime / "talentlib"
    assert stat.S_IMODE((runtime / "talentlib").stat().st_mode) == 0o700
    (runtime / "talentlib").chmod(0o755)
    with pytest.raises(server.KernelServerError, match=r"others may enter it \(mode 755\)"):
        server.private_folder()
    (runtime / "talentlib").rmdir()
    (runtime / "elsewhere").mkdir(mode=0o700)
    (runtime / "talentlib").symlink_to(runtime / "elsewhere")
    with pytest.raises(server.KernelServerError, match="expected a folder, found a link"):
        server.private_folder()
    path, why = server.usable()
    assert path is None and "found a link" in why, "a run says why it cannot use the server"


def test_without_a_runtime_folder_the_server_lives_in_a_per_user_temporary_folder(monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert server.folder() == Path(tempfile.gettempdir()) / f"talentlib-{os.getuid()}"
    assert server.socket_path().name == f"kernels-{server.key()}.sock"
    assert server.key() != server.key("/usr/bin/python3-elsewhere"), "one server per interpreter"


def test_runs_can_be_told_to_ignore_a_server(monkeypatch):
    for value in ("off", "0", "No", "false"):
        assert server.disabled({server.DISABLE_ENV: value})
        assert server.usable({server.DISABLE_ENV: value}) == (None, "")
    assert not server.disabled({}) and not server.disabled({server.DISABLE_ENV: "on"})


def test_a_server_answers_hello_with_what_keeps_a_run_from_using_it(tmp_path):
    module = tmp_path / "mod.py"
    module.write_text("x = 1\n")
    files = {str(module): (module.stat().st_mtime_ns, module.stat().st_size)}
    env = {k: os.environ.get(k) for k in serving.SERVER_ENV}
    hello = {"executable": sys.executable, "env": env}
    assert serving.hello_reply(hello, env, files) == {"ok": True, "pid": os.getpid()}
    other = serving.hello_reply({**hello, "executable": "/usr/bin/true"}, env, files)
    assert "this run /usr/bin/true" in other["refused"] and "stale" not in other
    moved = serving.hello_reply({**hello, "env": {**env, "HOME": "/elsewhere", "LC_ALL": "C"}}, env, files)
    assert moved["refused"].endswith("other values of HOME, LC_ALL")
    os.utime(module, ns=(time.time_ns(), time.time_ns() + 10**9))
    stale = serving.hello_reply(hello, env, files)
    assert stale["stale"] is True and stale["refused"].startswith(f"{module} changed since")
    module.unlink()
    assert serving.changed_files(files) == [str(module)], "a removed file counts as changed"


def test_the_kernels_command_checks_its_options(runtime, capsys):
    assert cli.main(["kernels", "status"]) == 1
    assert "kernel server: none running" in capsys.readouterr().out
    assert cli.main(["kernels", "stop", "--idle-timeout", "5"]) == 2
    assert "--idle-timeout 5: only for start" in capsys.readouterr().err
    assert cli.main(["kernels", "start", "--idle-timeout", "-1"]) == 2


# ---------------------------------------------------------------------------------------------------------
# Real servers

PROBE = "import json, os\nopen('probe.txt', 'w').write('x')\nprint(json.dumps({'ppid': os.getppid(), 'cwd': os.getcwd()}))"


def _run_probe(cwd: Path) -> dict:
    return json.loads(execute_cells([PROBE], cwd).cells[0].outputs[0]["text"])


@needs_fork
@pytest.mark.notebook
def test_a_running_server_serves_runs_until_it_is_stopped(runtime, tmp_path, capsys):
    assert cli.main(["kernels", "start", "--idle-timeout", "10"]) == 0
    started = server.status()
    assert started and started["ready"] and started["idle_timeout_s"] == 600
    assert f"kernel server {started['pid']}: ready" in capsys.readouterr().out
    assert stat.S_IMODE(server.log_path().stat().st_mode) == 0o600
    assert cli.main(["kernels", "start"]) == 0
    assert "already running" in capsys.readouterr().out, "a second start keeps the running server"

    mask = os.umask(0o027)
    try:
        with execution.kernel_engine("prefork") as engine:
            assert engine == "prefork" and client.current_socket() == str(server.socket_path())
            probe = _run_probe(tmp_path)
            assert client.take_launch() == "prefork"
    finally:
        os.umask(mask)
    assert probe == {"ppid": started["pid"], "cwd": str(tmp_path)}, (
        "forked by the server, in the run's folder"
    )
    assert stat.S_IMODE((tmp_path / "probe.txt").stat().st_mode) == 0o640, "the run's umask, not the server's"
    assert server.status()["pid"] == started["pid"], "the run ended; the server lives on"

    assert cli.main(["kernels", "stop"]) == 0
    assert _gone(started["pid"]) and not server.socket_path().exists()
    assert "stopped" in capsys.readouterr().out


@needs_fork
def test_a_run_with_another_environment_starts_its_own_zygote_and_says_why(runtime, monkeypatch, capsys):
    started = server.start(idle_timeout_min=5)
    monkeypatch.setenv("MPLCONFIGDIR", str(runtime / "mpl"))
    zygote = client.start_zygote()
    try:
        assert isinstance(zygote, client.ZygoteProcess)
    finally:
        zygote.discard()
    assert "kernel server not used: the kernel server was started with other values of MPLCONFIGDIR" in (
        capsys.readouterr().err
    )
    monkeypatch.delenv("MPLCONFIGDIR")
    assert isinstance(client.start_zygote(), client.ServerZygote), "a matching run still uses it"
    assert server.status()["pid"] == started["pid"]


@needs_fork
def test_a_server_whose_code_changed_retires_and_the_next_start_replaces_it(runtime, tmp_path, monkeypatch):
    code = tmp_path / "site"
    code.mkdir()
    (code / "sitecustomize.py").write_text("LOADED = True\n")  # imported at start: one of the server's files
    monkeypatch.setenv("PYTHONPATH", str(code))
    first = server.start(idle_timeout_min=5)
    assert server.usable()[0] == str(server.socket_path())
    (code / "sitecustomize.py").write_text("LOADED = 'changed'\n")
    path, why = server.usable()
    assert path is None and f"{code / 'sitecustomize.py'} changed since the kernel server started" in why
    assert _gone(first["pid"]), "a stale server exits (it had no kernels running)"
    second = server.start(idle_timeout_min=5)
    assert second["pid"] != first["pid"] and server.usable()[0] == str(server.socket_path())


@needs_fork
def test_an_idle_server_exits_and_removes_its_socket(runtime):
    started = server.start(idle_timeout_min=1 / 60)
    assert _gone(started["pid"]), "idle for a second: gone"
    assert not server.socket_path().exists()
    assert server.usable() == (None, "")


@needs_fork
def test_two_starts_at_once_start_one_server_whose_socket_appears_when_it_can_fork(runtime):
    import concurrent.futures as cf

    seen_early = []

    def watch(stop_at: float) -> None:  # the socket must never be there before the server answers
        while time.monotonic() < stop_at:
            if server.socket_path().exists():
                seen_early.append(server.status() is not None)
                return
            time.sleep(0.01)

    with cf.ThreadPoolExecutor(3) as pool:
        watcher = pool.submit(watch, time.monotonic() + 60)
        starts = [pool.submit(server.start, 5) for _ in range(2)]
        infos = [s.result() for s in starts]
        watcher.result()
    assert infos[0]["pid"] == infos[1]["pid"], "one server"
    assert sorted(bool(i.get("already")) for i in infos) == [False, True], "the second found the first's"
    assert seen_early == [True], "when the socket exists, the server answers"
    names = sorted(p.suffix for p in (runtime / "talentlib").iterdir())
    assert names == [".lock", ".log", ".sock"], "no socket of the preload left behind"


@needs_fork
@pytest.mark.notebook
def test_a_run_whose_server_stops_starts_its_remaining_kernels_plain(runtime, tmp_path):
    started = server.start(idle_timeout_min=5)
    with execution.kernel_engine("prefork"):
        assert client.current_socket() == str(server.socket_path())
        server.stop()
        assert _gone(started["pid"])
        begun = time.monotonic()
        probe = _run_probe(tmp_path)
        assert client.take_launch() == "plain", "the notebook still runs, on a plain kernel"
        assert time.monotonic() - begun < client.CONNECT_TIMEOUT_S, "no wait for a server that is gone"
    assert probe["ppid"] == os.getpid()


def test_an_unsafe_folder_stops_the_kernels_command_with_its_reason(runtime, capsys):
    (runtime / "talentlib").mkdir(mode=0o755)
    (runtime / "talentlib").chmod(0o755)
    assert cli.main(["kernels", "start"]) == 1
    assert "kernel server: " in capsys.readouterr().err and server.status() is None
