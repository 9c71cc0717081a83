"""Reports verified in a real browser: Playwright driving Debian's Chromium (installed by scripts/install_browser.sh).

Every page: zero console errors, zero requests outside file://, every image loaded, key headings and numbers present;
hostile user text renders literally and runs no script. Screenshots go to outputs/test-screenshots/ for inspection.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from talentlib.runner import plan_scenario, run_plans

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PROJECT = Path(__file__).resolve().parents[1]
SCREENSHOTS = PROJECT / "outputs" / "test-screenshots"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> AT&T R&D <Ops>'
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser)"),
]


@pytest.fixture(scope="module")
def run_root(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    plan = plan_scenario("default", overrides=[f"executive_summary.organisation_name={json.dumps(HOSTILE)}"])
    [outcome] = run_plans([plan], out, jobs=2)
    assert outcome.status == "succeeded", [(r.notebook, r.error) for r in outcome.results]
    return out / "default"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


def open_page(browser, path: Path, shot: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, outside = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(route):
        if not route.request.url.startswith(("file://", "data:")):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
    return page, errors, outside


def assert_clean(page, errors, outside):
    assert errors == [], errors
    assert outside == [], outside
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length"
    )
    assert broken == 0
    missing_alt = page.evaluate("Array.from(document.images).filter(i => !i.alt).length")
    assert missing_alt == 0
    assert page.evaluate("window.__pwned === undefined")
    text = page.inner_text("body")
    assert "Traceback" not in text


def test_index_page(browser, run_root):
    page, errors, outside = open_page(browser, run_root / "index.html", "index")
    assert_clean(page, errors, outside)
    text = page.inner_text("body")
    assert "AI talent market sizing" in text and "succeeded" in text
    assert "Total gap at horizon (P50)" in text
    links = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    for link in links:
        assert (run_root / link).is_file(), link


def test_every_report(browser, run_root):
    reports = sorted(run_root.glob("*/*.html"))
    assert len(reports) >= 2
    for report in reports:
        page, errors, outside = open_page(browser, report, report.stem)
        assert_clean(page, errors, outside)
        headings = page.evaluate("Array.from(document.querySelectorAll('h1,h2')).map(h => h.innerText)")
        assert len(headings) >= 3, (report, headings)
        assert page.evaluate("document.images.length") >= 1, report
        assert "Sources and assumptions" in page.inner_text(
            "body"
        ) or "Assumptions and sources" in page.inner_text("body")


def test_market_sizing_numbers_match_metrics(browser, run_root):
    metrics = json.loads((run_root / "market_sizing" / "metrics.json").read_text())
    page, errors, outside = open_page(
        browser, run_root / "market_sizing" / "market_sizing.html", "market_sizing_numbers"
    )
    assert_clean(page, errors, outside)
    assert f"{metrics['total_gap_p50']:,.0f}" in page.inner_text("body")


def test_hostile_text_renders_literally(browser, run_root):
    page, errors, outside = open_page(
        browser, run_root / "executive_summary" / "executive_summary.html", "hostile"
    )
    assert_clean(page, errors, outside)
    assert "<script>window.__pwned=1</script>" in page.inner_text("body")
    assert "AT&T R&D <Ops>" in page.inner_text("body")
