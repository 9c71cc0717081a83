"""``talentlib app``: the analyses as a web app (Voilà) for people who never open a notebook.

The app serves copies of the analysis notebooks made in a temporary folder: one cell is added after the
``parameters`` cell that takes the scenario from the URL (``?scenario=conservative``) or ``--scenario``, loads its
parameters through the same planner as ``talentlib run`` and points ``output_dir`` into the app's temporary folder,
so the app never writes to ``outputs/<scenario>``. Voilà shows outputs only (no code), the what-if widgets are live
(the kernel is not a batch kernel), it binds to 127.0.0.1 unless told otherwise, and every asset it serves is local.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import nbformat

#: Environment variable naming the app's temporary outputs folder (set for the Voilà server and its kernels).
APP_OUTPUTS_ENV = "TALENTLIB_APP_OUTPUTS"
DEFAULT_IP = "127.0.0.1"
DEFAULT_PORT = 8866


def requested_scenario(default: str, query: str | None = None) -> str:
    """The scenario asked for in the page's URL (``?scenario=NAME``; Voilà passes ``QUERY_STRING``), else ``default``."""
    query = os.environ.get("QUERY_STRING", "") if query is None else query
    asked = parse_qs(query).get("scenario", [""])[0]
    return asked or default


def app_params(notebook: str, default_scenario: str, query: str | None = None) -> dict[str, Any]:
    """The parameters an app notebook runs with (merged into its globals after the ``parameters`` cell).

    Args:
        notebook: Notebook name.
        default_scenario: Scenario when the URL names none (``talentlib app --scenario``).
        query: URL query string (default: ``QUERY_STRING`` from Voilà).

    Returns:
        The scenario's validated parameters, with ``output_dir`` inside the app's temporary folder.

    Raises:
        ParamsError: For an unknown scenario or invalid parameters, as ``talentlib run`` would.
    """
    from talentlib.runner import plan_scenario

    scenario = requested_scenario(default_scenario, query)
    params = dict(plan_scenario(scenario, [notebook]).notebooks[0].params)
    root = Path(os.environ.get(APP_OUTPUTS_ENV) or tempfile.mkdtemp(prefix="talentlib-app-"))
    params["output_dir"] = str(root / scenario / notebook)
    return params


def scenario_menu_html(default_scenario: str, query: str | None = None) -> str:
    """Links to every scenario (the current one in bold): choosing one reloads the page with ``?scenario=``."""
    from talentlib import catalog

    current = requested_scenario(default_scenario, query)
    links = [
        f"<strong>{html.escape(name)}</strong>"
        if name == current
        else f'<a href="?scenario={quote(name)}">{html.escape(name)}</a>'
        for name in catalog.scenarios()
    ]
    return f'<nav class="tl-scenarios" aria-label="Scenarios"><p>Scenario: {" · ".join(links)}</p></nav>'


def app_cell(notebook: str, default_scenario: str) -> str:
    """Source of the cell added after the ``parameters`` cell of an app notebook."""
    return (
        "from talentlib import app as talentlib_app\n"
        "from talentlib import report as talentlib_report\n\n"
        f"globals().update(talentlib_app.app_params({notebook!r}, {default_scenario!r}))\n"
        f"talentlib_report.show_html(talentlib_app.scenario_menu_html({default_scenario!r}))"
    )


def write_app_notebook(template: Path, target: Path, default_scenario: str) -> Path:
    """Copy a notebook template with the app cell after its ``parameters`` cell.

    Raises:
        ValueError: If the template has no cell tagged ``parameters``.
    """
    nb = nbformat.read(template, as_version=4)
    index = next(
        (i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None
    )
    if index is None:
        raise ValueError(f"{template}: no cell tagged 'parameters'")
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(app_cell(template.stem, default_scenario)))
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def build_app(folder: Path, notebooks: Sequence[str], default_scenario: str) -> list[Path]:
    """Write the app notebooks (one per analysis) into ``folder``."""
    from talentlib import catalog

    return [
        write_app_notebook(catalog.notebook_path(name), folder / f"{name}.ipynb", default_scenario)
        for name in notebooks
    ]


#: Name of the Voilà template written by :func:`offline_template`.
TEMPLATE = "talentlib"
_REMOTE_ASSET = re.compile(r"""<(link|script)\b[^>]*(href|src)=["']https?://""", re.IGNORECASE)


def offline_template(share: Path) -> Path:
    """Write Voilà's ``lab`` template without its remote assets into ``share/voila/templates/talentlib``.

    Voilà's ``lab`` page links Font Awesome from a CDN (two requests that fail offline). The copy drops every
    ``<link>``/``<script>`` line that points to ``http(s)://``; everything else it serves is local. Put ``share`` on
    ``JUPYTER_PATH`` and pass ``--template=talentlib``.

    Raises:
        FileNotFoundError: If Voilà's ``lab`` template is not installed.
    """
    from jupyter_core.paths import jupyter_path

    source = next(
        (Path(p) for p in jupyter_path("voila", "templates", "lab") if Path(p, "index.html.j2").is_file()),
        None,
    )
    if source is None:
        raise FileNotFoundError("Voila's 'lab' template not found: pip install 'talentlib[app]'")
    target = share / "voila" / "templates" / TEMPLATE
    shutil.copytree(source, target, dirs_exist_ok=True)
    (target / "conf.json").write_text(
        '{"base_template": "lab"}\n', encoding="utf-8"
    )  # the rest from Voila's lab
    for page in target.glob("*.j2"):
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        page.write_text("".join(line for line in lines if not _REMOTE_ASSET.search(line)), encoding="utf-8")
    return target


def voila_command(target: Path, port: int, ip: str = DEFAULT_IP) -> list[str]:
    """The Voilà command line: outputs only, no tracebacks, no browser opened, bound to ``ip``, offline template."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(target),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--template={TEMPLATE}",
        "--theme=light",
    ]


def start(
    notebook: str | None, scenario: str, port: int, ip: str = DEFAULT_IP, folder: Path | None = None
) -> tuple[subprocess.Popen[bytes], Path]:
    """Build the app in a temporary folder and start Voilà on it; the caller waits for or stops the process.

    Args:
        notebook: One analysis to serve, or ``None`` for all of them (Voilà's list page).
        scenario: Scenario shown when the URL names none.
        port: TCP port.
        ip: Address to bind (127.0.0.1 by default: this machine only).
        folder: Where to build the app (default: a new temporary folder).

    Returns:
        The Voilà process and the app folder.

    Raises:
        ParamsError: For an unknown notebook or scenario (before anything starts).
    """
    from talentlib import catalog
    from talentlib.config import project_dir
    from talentlib.runner import plan_scenario

    names = [catalog.spec(notebook).name] if notebook else [s.name for s in catalog.analysis_specs()]
    plan_scenario(scenario, names)  # refuse a bad scenario here, not in a kernel
    folder = folder or Path(tempfile.mkdtemp(prefix="talentlib-app-"))
    paths = build_app(folder / "app", names, scenario)
    offline_template(folder / "share")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(folder / "share"), env.get("JUPYTER_PATH", "")) if p
    )
    env.setdefault("TALENTLIB_HOME", str(project_dir()))
    env[APP_OUTPUTS_ENV] = str(folder / "outputs")
    env["TALENTLIB_OUTPUTS"] = str(folder / "outputs")  # ad-hoc artifacts too: never outputs/<scenario>
    env.pop("TALENTLIB_BATCH", None)  # live widgets
    target = paths[0] if notebook else folder / "app"
    return subprocess.Popen(voila_command(target, port, ip), cwd=folder / "app", env=env), folder


def wait_until_serving(
    process: subprocess.Popen[bytes], port: int, ip: str = DEFAULT_IP, timeout: float = 60
) -> None:
    """Return once the server accepts connections.

    Raises:
        RuntimeError: If the server exits first or does not answer within ``timeout`` seconds.
    """
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with code {process.returncode} before serving")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex((ip, port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"voila did not answer on {ip}:{port} within {timeout:.0f} s")
