"""An analyst's view: each analysis notebook opened in a real JupyterLab (headless Chromium), Run All, then a
what-if slider moved by keyboard — the widget's chart must re-render live.

The notebook is copied into a temporary root so JupyterLab's autosave can never touch the committed template.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.test_browser import ARGS, CHROMIUM

PROJECT = Path(__file__).resolve().parents[2]
TOKEN = "talentlib-test"
OUTPUT_IMG = ".widget-image"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ANALYSES = ["market_sizing", "compensation", "strategy_roi", "leadership_fluency"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("lab")
    root = tmp_path / "lab"
    (root / "notebooks").mkdir(parents=True)
    for name in ANALYSES:
        shutil.copy(PROJECT / "notebooks" / f"{name}.ipynb", root / "notebooks" / f"{name}.ipynb")
    port = free_port()
    env = dict(
        os.environ,
        TALENTLIB_OUTPUTS=str(tmp_path / "outputs"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
        JUPYTER_RUNTIME_DIR=str(
            tmp_path / "runtime"
        ),  # server and kernel connection files stay in the test's folder
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url, root
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("notebook", ANALYSES)
def test_what_if_slider_rerenders_live_in_jupyterlab(lab, notebook):
    from playwright.sync_api import sync_playwright

    url, _ = lab
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/workspaces/{notebook}/tree/notebooks/{notebook}.ipynb?reset&token={TOKEN}")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=90_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=20_000)
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(timeout=20_000)
        try:
            page.wait_for_function(
                f"() => {{ const i = document.querySelector('{OUTPUT_IMG}'); return i && i.complete && i.naturalWidth > 0; }}",
                timeout=120_000,
            )
        finally:
            page.screenshot(
                path=str(PROJECT / "outputs" / "test-screenshots" / f"jupyterlab_{notebook}_run_all.png")
            )
        first = page.evaluate(f"document.querySelector('{OUTPUT_IMG}').src")
        page.locator(".widget-slider .noUi-handle").first.focus()
        for _ in range(10):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            f"s => {{ const i = document.querySelector('{OUTPUT_IMG}'); return i && i.src !== s; }}",
            arg=first,
            timeout=60_000,
        )
        readouts = page.evaluate(
            "Array.from(document.querySelectorAll('.widget-readout')).map(e => e.innerText)"
        )
        if notebook == "market_sizing":
            assert readouts[0].startswith(("-", "\u2212")), (
                readouts
            )  # demand growth shifted down by the keyboard
        page.screenshot(path=str(PROJECT / "outputs" / "test-screenshots" / f"jupyterlab_{notebook}.png"))
        browser.close()
