from __future__ import annotations

from pathlib import Path

import pytest

from talentlib.market_sizing import MarketSizingParams
from talentlib.params import ParamsError, load_params_file, notebook_params, parse_yaml_text, validate_params


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_keeps_dates_and_times_as_strings():
    data = parse_yaml_text("a: 2026-01-31\nb: '12:30'\nc: NO\nd: 010\n", "x.yaml")
    assert data["a"] == "2026-01-31"
    assert data["b"] == "12:30"
    assert data["c"] is False  # YAML 1.1 boolean — the schema then refuses it for a string field
    assert data["d"] == 10  # YAML 1.2 integers: a leading zero is decimal, never YAML 1.1's octal 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: 010", 10),
        ("v: 007", 7),
        ("v: 0o17", 15),
        ("v: 0x1F", 31),
        ("v: -3", -3),
        ("v: 1:00", "1:00"),  # YAML 1.1 sexagesimal 60; a string here, refused by a numeric field
        ("v: 190:20:30.15", "190:20:30.15"),
        ("v: 0b101", "0b101"),
        ("v: 1_000", "1_000"),
        ("v: 1.5", 1.5),
        ("v: [0.4, 0.6]", [0.4, 0.6]),
    ],
)
def test_yaml_numbers_follow_yaml_1_2(text, expected):
    assert parse_yaml_text(text, "x.yaml")["v"] == expected


def _laughs(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_once_naming_the_line():
    import time

    started = time.perf_counter()
    with pytest.raises(ParamsError) as err:
        parse_yaml_text(_laughs(12), "laughs.yaml")
    assert time.perf_counter() - started < 1
    (line,) = err.value.problems
    assert line.startswith("laughs.yaml:") and "aliases expand" in line


def test_deep_nesting_is_refused_naming_the_line():
    with pytest.raises(ParamsError) as err:
        parse_yaml_text("a: 1\nroles: " + "[" * 2000 + "]" * 2000 + "\n", "deep.yaml")
    (line,) = err.value.problems
    assert line.startswith("deep.yaml:2:") and "nested deeper" in line


def test_an_oversized_params_text_is_refused_before_parsing():
    with pytest.raises(ParamsError, match="characters; params are limited"):
        parse_yaml_text("flows: [" + "1, " * 600_000 + "1]\n", "big.yaml")


def test_error_lines_never_expand_a_shared_value():
    from talentlib.params import _short

    value: list = [1] * 9
    for _ in range(30):
        value = [value] * 9  # 9**30 elements if expanded
    assert len(_short(value)) <= 60


def test_yaml_refuses_python_tags(tmp_path):
    path = write(tmp_path, "seed: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ParamsError) as err:
        load_params_file(path)
    assert "s.yaml:1" in str(err.value) and "tag refused" in str(err.value)


def test_yaml_refuses_duplicate_keys(tmp_path):
    path = write(tmp_path, "seed: 1\nhorizon_years: 3\nseed: 2\n")
    with pytest.raises(ParamsError) as err:
        load_params_file(path)
    assert "duplicate key 'seed'" in str(err.value) and "s.yaml:3" in str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("# only a comment\n", {}),
    ],
)
def test_empty_files_are_empty_mappings(tmp_path, text, expected):
    assert load_params_file(write(tmp_path, text)) == expected


def test_top_level_list_is_refused(tmp_path):
    with pytest.raises(ParamsError, match="expected a mapping of parameter names"):
        load_params_file(write(tmp_path, "- 1\n- 2\n"))


def test_validation_names_file_key_expected_and_given():
    with pytest.raises(ParamsError) as err:
        validate_params(MarketSizingParams, {"horizon_years": "five", "seed": -1, "simulaitons": 5}, "p.yaml")
    lines = err.value.problems
    assert any(
        line.startswith("p.yaml: key 'horizon_years': expected an integer, got 'five' (string)")
        for line in lines
    )
    assert any("key 'seed': expected a value >= 0, got -1 (integer)" in line for line in lines)
    assert any("key 'simulaitons': unknown parameter" in line for line in lines)


def test_range_low_above_high_is_refused():
    role = {"demand": 1.0, "supply": 1.0, "demand_growth": [0.6, 0.4], "supply_growth": [0.1, 0.1]}
    with pytest.raises(
        ParamsError, match=r"roles.x.demand_growth': expected low \(0.6\) must not exceed high \(0.4\)"
    ):
        validate_params(MarketSizingParams, {"roles": {"x": role}}, "p.yaml")


def test_booleans_are_not_integers():
    with pytest.raises(ParamsError, match="horizon_years': expected an integer, got True"):
        validate_params(MarketSizingParams, {"horizon_years": True}, "p.yaml")


def test_notebook_params_refuses_injected_unknown_names():
    namespace = {"horizon_years": 3, "horizn_years": 4, "In": [], "__name__": "x"}
    with pytest.raises(ParamsError, match="key 'horizn_years': unknown parameter"):
        notebook_params(MarketSizingParams, namespace)


def test_notebook_params_accepts_the_defaults():
    params = notebook_params(MarketSizingParams, {"horizon_years": 7})
    assert params.horizon_years == 7
    assert set(params.roles) == {
        "ai_ml_engineer",
        "data_engineer",
        "mlops_engineer",
        "ai_product_manager",
        "ai_research_scientist",
    }


def test_a_document_parsed_again_gives_an_equal_value_the_caller_owns():
    from talentlib.params import parse_yaml_text

    text = "roles:\n  a: {supply: 1.0, demand_growth: [0.4, 0.5]}\n"
    first = parse_yaml_text(text, "p.yaml")
    first["roles"]["a"]["demand_growth"].append(9)  # a caller changing its copy
    assert parse_yaml_text(text, "p.yaml") == {"roles": {"a": {"supply": 1.0, "demand_growth": [0.4, 0.5]}}}


def test_a_bad_document_fails_every_time_it_is_parsed():
    from talentlib.params import parse_yaml_text

    for _ in range(2):
        with pytest.raises(ParamsError, match=r"bad\.yaml:2"):
            parse_yaml_text("a: 1\na: 2\n", "bad.yaml")
