"""`talentlib app`: Voilà serves an analysis with live widgets, offline, on 127.0.0.1, and writes nothing to outputs/."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from talentlib import app, config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser)"),
]
pytest.importorskip("voila")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_app_cell_follows_the_parameters_cell(tmp_path):
    from talentlib import catalog

    target = app.write_app_notebook(catalog.notebook_path("market_sizing"), tmp_path / "m.ipynb", "default")
    import nbformat

    cells = nbformat.read(target, as_version=4).cells
    index = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    assert "talentlib_app.app_params('market_sizing', 'default')" in cells[index + 1].source


def test_scenario_comes_from_the_url_and_output_never_goes_to_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv(app.APP_OUTPUTS_ENV, str(tmp_path))
    assert app.requested_scenario("default", "scenario=conservative") == "conservative"
    assert app.requested_scenario("default", "") == "default"
    params = app.app_params("market_sizing", "default", "scenario=aggressive")
    assert params["output_dir"] == str(tmp_path / "aggressive" / "market_sizing")
    menu = app.scenario_menu_html("default", "scenario=aggressive")
    assert "<strong>aggressive</strong>" in menu and 'href="?scenario=default"' in menu
    from talentlib.params import ParamsError

    with pytest.raises(ParamsError, match=r"no params/<notebook>/nope\.yaml"):
        app.app_params("market_sizing", "default", "scenario=nope")


def test_offline_template_drops_remote_assets(tmp_path):
    template = app.offline_template(tmp_path)
    text = (template / "index.html.j2").read_text()
    assert "cdn.jsdelivr.net" not in text and not app._REMOTE_ASSET.search(text)
    assert "{%- extends" in text  # the rest of Voila's page is kept


def test_slider_redraws_the_chart_offline(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    before = sorted(p.name for p in config.outputs_dir().glob("*")) if config.outputs_dir().is_dir() else []
    process, folder = app.start("leadership_fluency", "default", port, folder=tmp_path)
    try:
        app.wait_until_serving(process, port, timeout=90)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            outside: list[str] = []

            def route(route):
                url = route.request.url
                if url.startswith((f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/", "data:", "blob:")):
                    route.continue_()
                else:
                    outside.append(url)
                    route.abort()

            page.route("**/*", route)
            page.goto(f"http://127.0.0.1:{port}/?scenario=public_data", timeout=180_000)
            handle = page.wait_for_selector(".widget-slider .noUi-handle", timeout=180_000)
            image = page.locator(".widget-image").last
            first = image.get_attribute("src")
            handle.focus()
            for _ in range(10):
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "first => { const imgs = document.querySelectorAll('.widget-image');"
                " return imgs[imgs.length - 1].src !== first; }",
                arg=first,
                timeout=60_000,
            )
            text = page.inner_text("body")
            browser.close()
        assert outside == []
        assert "Scenario:" in text and "public_data" in text
        assert "globals().update" not in text and "from talentlib" not in text  # no code shown
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert (folder / "outputs" / "public_data" / "leadership_fluency" / "metrics.json").is_file()
    after = sorted(p.name for p in config.outputs_dir().glob("*")) if config.outputs_dir().is_dir() else []
    assert after == before  # nothing written to outputs/<scenario>
