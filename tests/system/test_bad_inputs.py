"""Table-driven: bad inputs of every category (RELIABILITY.md) → exit 2, one clear line per problem naming the file,
field and line, no traceback, nothing written, an earlier good run untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from talentlib.cli import main

PROJECT = Path(__file__).resolve().parents[2]
EMP = "employee_id,role,level,location_tier,total_comp\n"
SURVEY_HEADER = (PROJECT / "talentlib" / "data" / "sample_fluency_responses.csv").read_text().splitlines()[0]
SURVEY_ROW = (PROJECT / "talentlib" / "data" / "sample_fluency_responses.csv").read_text().splitlines()[1]


def survey(row_edit: str | None = None, header_extra: str = "", rows: int = 1) -> str:
    row = SURVEY_ROW if row_edit is None else row_edit
    return SURVEY_HEADER + header_extra + "\n" + "\n".join([row] * rows) + "\n"


def last_item(value: str) -> str:
    cells = SURVEY_ROW.split(",")
    cells[-1] = value
    return ",".join(cells)


# (id, params file text for market_sizing/strategy_roi, expected fragment)
YAML_CASES = [
    (
        "yaml-NO-boolean",
        "market_sizing",
        "horizon_years: NO\n",
        "bad.yaml: key 'horizon_years': expected an integer, got False",
    ),
    (
        "yaml-date",
        "market_sizing",
        "base_year: 2026-01-01\n",
        "key 'base_year': expected an integer, got '2026-01-01'",
    ),
    (
        "yaml-1e3-string",
        "market_sizing",
        "simulations: 1e3\n",
        "key 'simulations': expected an integer, got '1e3'",
    ),
    ("yaml-duplicate-key", "market_sizing", "seed: 1\nseed: 2\n", "bad.yaml:2: duplicate key 'seed'"),
    (
        "yaml-python-tag",
        "market_sizing",
        "seed: !!python/object/apply:os.system ['id']\n",
        "bad.yaml:1: tag refused",
    ),
    ("yaml-top-level-list", "market_sizing", "- 1\n- 2\n", "expected a mapping of parameter names"),
    ("yaml-syntax", "market_sizing", "horizon_years: [1, 2\n", "bad.yaml:2"),
    ("yaml-wrong-type", "market_sizing", "roles: 5\n", "key 'roles': expected a mapping, got 5"),
    ("yaml-misspelt-key", "market_sizing", "horizon_year: 5\n", "key 'horizon_year': unknown parameter"),
    (
        "yaml-out-of-range",
        "market_sizing",
        "horizon_years: 100\n",
        "key 'horizon_years': expected a value <= 30, got 100",
    ),
    ("yaml-nan", "market_sizing", "growth_correlation: .nan\n", "key 'growth_correlation'"),
    (
        "yaml-range-reversed",
        "market_sizing",
        "roles: {a: {demand: 1, supply: 1, demand_growth: [0.6, 0.4], supply_growth: [0.1, 0.2]}}\n",
        "key 'roles.a.demand_growth': expected low (0.6) must not exceed high (0.4)",
    ),
    (
        "yaml-nested-unknown",
        "market_sizing",
        "roles: {a: {demand: 1, supply: 1, demand_growth: [0.1, 0.2], supply_growth: [0.1, 0.2], extra: 1}}\n",
        "key 'roles.a.extra': unknown parameter",
    ),
    (
        "yaml-percent-string",
        "strategy_roi",
        'discount_rate: "8%"\n',
        "key 'discount_rate': expected a number, got '8%'",
    ),
    ("yaml-missing-csv", "compensation", 'employees_csv: "/nonexistent/emp.csv"\n', "emp.csv"),
]
BINARY_YAML = [
    ("yaml-nul-bytes", b"seed: 1\x00\n", "binary content"),
    ("yaml-cp1252", "seed: 1 # caf\u00e9\n".encode("cp1252"), "not UTF-8"),
]

EMPLOYEE_CASES = [
    ("emp-empty", "", "emp.csv: empty file"),
    ("emp-header-only", EMP, "emp.csv: header only"),
    ("emp-dollar", EMP + 'E1,data_engineer,mid,coastal,"$55,000"\n', "emp.csv:2: column 'total_comp'"),
    ("emp-55k", EMP + "E1,data_engineer,mid,coastal,55k\n", "emp.csv:2: column 'total_comp'"),
    ("emp-negative", EMP + "E1,data_engineer,mid,coastal,-5\n", "emp.csv:2: column 'total_comp'"),
    ("emp-absurd", EMP + "E1,data_engineer,mid,coastal,1e12\n", "emp.csv:2: column 'total_comp'"),
    ("emp-na", EMP + "E1,data_engineer,mid,coastal,N/A\n", "emp.csv:2: column 'total_comp'"),
    (
        "emp-duplicate-id",
        EMP + "E1,data_engineer,mid,coastal,150000\nE1,data_engineer,mid,coastal,150000\n",
        "emp.csv:3: column 'employee_id': duplicate",
    ),
    (
        "emp-unknown-role",
        EMP + "E1,wizard,mid,coastal,150000\n",
        "emp.csv:2: column 'role': unknown label 'wizard'",
    ),
    ("emp-unknown-tier", EMP + "E1,data_engineer,mid,moon,150000\n", "emp.csv:2: column 'location_tier'"),
    (
        "emp-semicolons-decimal-comma",
        EMP.replace(",", ";") + "E1;data_engineer;mid;coastal;150000,50\n",
        "emp.csv:2: column 'total_comp'",
    ),
    ("emp-ragged", EMP + "E1,data_engineer,mid\n", "emp.csv:2: has 3 fields, expected 5 as in the header"),
    (
        "emp-case-variant-header",
        EMP.replace("\n", ",ROLE\n") + "E1,data_engineer,mid,coastal,150000,x\n",
        "emp.csv:1: column 'ROLE': appears more than once in the header",
    ),
    (
        "emp-missing-column",
        "employee_id,role,level,total_comp\nE1,data_engineer,mid,150000\n",
        "column 'location_tier': missing required column",
    ),
]
BINARY_EMPLOYEES = [
    ("emp-xlsx-renamed", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "emp.csv: a zip or Excel workbook"),
    ("emp-cp1252", (EMP + "E1,data_engineer,mid,coastal,150000,Caf\u00e9\n").encode("cp1252"), "emp.csv"),
    (
        "emp-nul-byte",
        (EMP + "E1,data_engineer,mid,coastal,15\x000000\n").encode(),
        "emp.csv:2: binary content",
    ),
    ("emp-utf16", (EMP + "E1,data_engineer,mid,coastal,150000\n").encode("utf-16"), "emp.csv: UTF-16 text"),
]

SURVEY_CASES = [
    (
        "survey-unknown-tier",
        survey(SURVEY_ROW.replace(",frontline,", ",wizards,")),
        "resp.csv:2: column 'tier'",
    ),
    ("survey-out-of-range", survey(last_item("7")), "resp.csv:2: column 'q20'"),
    ("survey-fractional", survey(last_item("3.5")), "resp.csv:2: column 'q20'"),
    (
        "survey-unknown-item",
        survey(SURVEY_ROW + ",3", header_extra=",q99"),
        "resp.csv:1: column 'q99': unknown column",
    ),
    ("survey-duplicate-respondent", survey(rows=2), "resp.csv:3: column 'respondent_id'"),
    ("survey-empty", "", "resp.csv: empty file"),
]

CLI_CASES = [
    ("name-traversal", ["run", "--scenario", "../../x"], "scenario name '../../x'"),
    ("name-absolute", ["run", "--scenario", "/etc/passwd"], "scenario name '/etc/passwd'"),
    ("name-url", ["run", "--scenario", "s3://bucket/x"], "scenario name 's3://bucket/x'"),
    ("name-braces", ["run", "--scenario", "{x}"], "scenario name '{x}'"),
    ("name-dot", ["run", "--scenario", "."], "scenario name '.'"),
    ("name-too-long", ["run", "--scenario", "a" * 300], "scenario name 'aaaa"),
    ("name-unknown", ["run", "--scenario", "nosuchscenario"], "scenario 'nosuchscenario': no params"),
    ("cli-jobs-zero", ["run", "--jobs", "0"], "--jobs 0"),
    ("cli-timeout-zero", ["run", "--timeout", "0"], "--timeout 0"),
    ("cli-unknown-notebook", ["run", "--notebook", "nope"], "notebook 'nope': unknown"),
    ("cli-set-unknown-notebook", ["run", "--set", "nope.key=1"], "notebook 'nope': unknown"),
    ("cli-set-not-mapping", ["run", "--set", "market_sizing.seed.x=1"], "'seed' is not a mapping parameter"),
    (
        "cli-set-bad-value",
        ["run", "--set", "market_sizing.horizon_years=ten"],
        "key 'horizon_years': expected an integer",
    ),
]


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def out(tmp_path) -> Path:
    """An outputs folder holding an earlier good run of 'default' (and of 'bad')."""
    root = tmp_path / "outputs"
    for scenario in ("default", "bad"):
        (root / scenario).mkdir(parents=True)
        (root / scenario / "run.json").write_text(json.dumps({"status": "succeeded"}))
        (root / scenario / "index.html").write_text("<p>earlier good run</p>")
    return root


def check(argv: list[str], out: Path, capsys, expected: str) -> None:
    before = snapshot(out)
    code = main([*argv, "--out", str(out)] if argv[0] == "run" else argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("talentlib: error: ") for line in lines), err
    assert "Traceback" not in err
    assert snapshot(out) == before, "nothing may be written and the earlier good run must stay untouched"


def fake_project(tmp_path: Path, notebook: str, content: bytes) -> Path:
    home = tmp_path / "home"
    (home / "params" / notebook).mkdir(parents=True)
    (home / "params" / notebook / "bad.yaml").write_bytes(content)
    return home


@pytest.mark.parametrize(
    ("notebook", "text", "expected"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES]
)
def test_bad_params_yaml(tmp_path, monkeypatch, out, capsys, notebook, text, expected):
    monkeypatch.setenv("TALENTLIB_HOME", str(fake_project(tmp_path, notebook, text.encode())))
    check(["run", "--scenario", "bad", "--notebook", notebook], out, capsys, expected)


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in BINARY_YAML], ids=[c[0] for c in BINARY_YAML]
)
def test_bad_params_yaml_bytes(tmp_path, monkeypatch, out, capsys, content, expected):
    monkeypatch.setenv("TALENTLIB_HOME", str(fake_project(tmp_path, "market_sizing", content)))
    check(["run", "--scenario", "bad", "--notebook", "market_sizing"], out, capsys, expected)


@pytest.mark.parametrize(
    ("content", "expected"),
    [c[1:] for c in EMPLOYEE_CASES + BINARY_EMPLOYEES],
    ids=[c[0] for c in EMPLOYEE_CASES + BINARY_EMPLOYEES],
)
def test_bad_employee_csv(tmp_path, out, capsys, content, expected):
    path = tmp_path / "emp.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    check(
        ["run", "--notebook", "compensation", "--set", f"compensation.employees_csv={json.dumps(str(path))}"],
        out,
        capsys,
        expected,
    )
    assert "150000" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in SURVEY_CASES], ids=[c[0] for c in SURVEY_CASES]
)
def test_bad_survey_csv(tmp_path, out, capsys, content, expected):
    path = tmp_path / "resp.csv"
    path.write_text(content)
    check(
        [
            "run",
            "--notebook",
            "leadership_fluency",
            "--set",
            f"leadership_fluency.responses_csv={json.dumps(str(path))}",
        ],
        out,
        capsys,
        expected,
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tmp/emp\x00loyees.csv", "contains a control character (0x00 at position 9)"),
        ("emp\x1bloyees.csv", "contains a control character (0x1b"),
        ("/tmp/" + "e" * 5000 + ".csv", "paths are limited to 4,096"),
    ],
    ids=["nul-byte", "escape", "too-long"],
)
def test_bad_employees_csv_path(out, capsys, path, expected):
    """A path no file can have: exit 2 and one clear line (not a ValueError or OSError traceback, exit 1)."""
    check(
        ["run", "--notebook", "compensation", "--set", f"compensation.employees_csv={json.dumps(path)}"],
        out,
        capsys,
        expected,
    )


@pytest.mark.parametrize(("argv", "expected"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_bad_names_and_arguments(out, capsys, argv, expected):
    check(argv, out, capsys, expected)


def test_scenario_names_differing_only_by_case_are_refused(tmp_path, monkeypatch, out, capsys):
    home = fake_project(tmp_path, "market_sizing", b"horizon_years: 3\n")
    (home / "params" / "market_sizing" / "DEFAULT.yaml").write_bytes(b"horizon_years: 3\n")
    monkeypatch.setenv("TALENTLIB_HOME", str(home))
    check(
        ["run", "--scenario", "DEFAULT", "--notebook", "market_sizing"],
        out,
        capsys,
        "differs only by case from 'default'",
    )


def test_there_are_at_least_40_bad_inputs():
    total = (
        len(YAML_CASES)
        + len(BINARY_YAML)
        + len(EMPLOYEE_CASES)
        + len(BINARY_EMPLOYEES)
        + len(SURVEY_CASES)
        + len(CLI_CASES)
    )
    assert total >= 40
