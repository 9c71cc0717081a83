"""Reports verified in a real browser: Playwright driving Debian's Chromium (installed by scripts/install_browser.sh).

Every page: zero console errors, zero requests outside file://, every image loaded, key headings and numbers present;
hostile user text renders literally and runs no script. Screenshots go to outputs/test-screenshots/ for inspection.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from talentlib.pdf import CHROMIUM_ARGS
from talentlib.runner import plan_scenario, run_plans

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PROJECT = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT / "outputs" / "test-screenshots"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> AT&T R&D <Ops>'
ARGS = list(CHROMIUM_ARGS)  # the same flags the PDF printer uses

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make browser)"),
]


HOSTILE_BU = "<script>window.__pwned=3</script>BU A"
FORMULA_BU = '=HYPERLINK("http://x")'
HOSTILE_SURVEY_BU = '<img src=x onerror="window.__pwned=4">Retail'
DATA = PROJECT / "talentlib" / "data"


def hostile_inputs(folder: Path) -> tuple[Path, Path]:
    """The bundled samples with business units renamed to HTML/formula payloads (group sizes unchanged)."""
    employees = (DATA / "sample_employees.csv").read_text()
    employees = employees.replace("Synthetic BU A", f'"{HOSTILE_BU}"').replace(
        "Synthetic BU B", '"=HYPERLINK(""http://x"")"'
    )
    survey = (
        (DATA / "sample_fluency_responses.csv")
        .read_text()
        .replace("Synthetic BU Retail", f'"{HOSTILE_SURVEY_BU.replace(chr(34), chr(34) * 2)}"')
    )
    (folder / "employees.csv").write_text(employees)
    (folder / "responses.csv").write_text(survey)
    return folder / "employees.csv", folder / "responses.csv"


@pytest.fixture(scope="module")
def run_root(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    employees, responses = hostile_inputs(out)
    plan = plan_scenario(
        "default",
        overrides=[
            f"executive_summary.organisation_name={json.dumps(HOSTILE)}",
            f"compensation.employees_csv={json.dumps(str(employees))}",
            f"leadership_fluency.responses_csv={json.dumps(str(responses))}",
        ],
    )
    [outcome] = run_plans([plan], out, jobs=2, pdf=True)  # also printed: test_pdfs_* read them back
    assert outcome.status == "succeeded", (outcome.error, [(r.notebook, r.error) for r in outcome.results])
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
    assert "Total gap at horizon (P50, people)" in text
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
        body = page.inner_text("body").lower()
        assert "sources and assumptions" in body or "assumptions and sources" in body, report


def test_market_sizing_numbers_match_metrics(browser, run_root):
    metrics = json.loads((run_root / "market_sizing" / "metrics.json").read_text())
    page, errors, outside = open_page(
        browser, run_root / "market_sizing" / "market_sizing.html", "market_sizing_numbers"
    )
    assert_clean(page, errors, outside)
    assert f"{metrics['total_gap_p50']:,.0f}" in page.inner_text("body")


def test_hostile_business_units_render_literally_and_csvs_are_neutralised(browser, run_root):
    for name in ("compensation", "leadership_fluency"):
        page, errors, outside = open_page(browser, run_root / name / f"{name}.html", f"hostile_{name}")
        assert_clean(page, errors, outside)
    body = page.inner_text("body")
    assert "Retail" in body and "<img src=x" in body, "the survey's business unit shows literally"
    for csv_path in run_root.glob("*/tables/*.csv"):
        for line in csv_path.read_text().splitlines():
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "@")), (csv_path, cell)


def test_no_individual_salary_in_reports(run_root):
    import csv

    rows = list(csv.DictReader((DATA / "sample_employees.csv").open()))
    distinctive = {r["total_comp"] for r in rows if int(r["total_comp"]) % 5000}
    assert len(distinctive) > 20
    for report in run_root.glob("**/*.html"):
        text = re.sub(r"data:[^\"')\s]+", "", report.read_text())  # embedded images are not text
        # a whole number, not a part of a larger one (896,000 people holds "96,000")
        leaked = [
            v
            for v in distinctive
            if re.search(rf"(?<![\d,.]){v}(?![\d,])|(?<![\d,.]){int(v):,}(?![\d]|,\d)", text)
        ]
        assert not leaked, (report.name, leaked[:3])


def test_hostile_text_renders_literally(browser, run_root):
    page, errors, outside = open_page(
        browser, run_root / "executive_summary" / "executive_summary.html", "hostile"
    )
    assert_clean(page, errors, outside)
    assert "<script>window.__pwned=1</script>" in page.inner_text("body")
    assert "AT&T R&D <Ops>" in page.inner_text("body")


def test_no_local_paths_in_reports(run_root):
    for report in run_root.glob("**/*.html"):
        text = report.read_text()
        assert str(run_root.parent) not in text and ".staging" not in text, report.name


def _reports(run_root: Path) -> list[Path]:
    return sorted(p for p in run_root.glob("*/*.html") if p.stem == p.parent.name)


def test_no_serious_or_critical_accessibility_violation(browser, run_root):
    """axe-core (vendored in axe-playwright-python, no CDN) on the index and every report."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for path in [run_root / "index.html", *_reports(run_root)]:
        page, _errors, outside = open_page(browser, path, f"axe-{path.stem}")
        violations = axe.run(page).response["violations"]
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], (path.name, serious)
        assert outside == [], outside
        page.close()


def test_pdfs_of_every_report_read_back(run_root):
    """``run --pdf``: index and reports printed, listed in run.json with sha256, titles and headline numbers inside."""
    import hashlib

    pypdf = pytest.importorskip("pypdf")
    manifest = json.loads((run_root / "run.json").read_text())
    expected = {
        "index.pdf",
        *(p.with_suffix(".pdf").relative_to(run_root).as_posix() for p in _reports(run_root)),
    }
    assert set(manifest["pdf"]) == expected
    texts = {}
    for rel, digest in manifest["pdf"].items():
        data = (run_root / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest == manifest["artifacts"][rel]
        reader = pypdf.PdfReader(run_root / rel)
        assert 1 <= len(reader.pages) <= 40, (rel, len(reader.pages))
        texts[rel] = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert f"page {len(reader.pages)} of {len(reader.pages)}" in texts[rel], rel
        assert "scenario default" in texts[rel] and manifest["git_commit"][:12] in texts[rel], rel
    metrics = json.loads((run_root / "market_sizing" / "metrics.json").read_text())
    assert "AI talent market sizing" in texts["market_sizing/market_sizing.pdf"]
    assert f"{metrics['total_gap_p50']:,.0f}" in texts["market_sizing/market_sizing.pdf"]
    assert "Total gap at horizon (P50, people)" in texts["index.pdf"]
    fluency = json.loads((run_root / "leadership_fluency" / "metrics.json").read_text())
    assert " ".join(fluency["findings"][1].split())[:40] in texts[
        "leadership_fluency/leadership_fluency.pdf"
    ].replace("\n", " ")
