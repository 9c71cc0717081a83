"""The one reader of user files: what it accepts, what it refuses, and that it never quotes content."""

from __future__ import annotations

import errno
import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentlib import csv_scan, user_files
from talentlib.params import ParamsError
from talentlib.user_files import decode_text, first_line, read_bytes, read_text, sniff_delimiter


def test_utf8_with_and_without_bom_reads_the_same(tmp_path: Path) -> None:
    plain = tmp_path / "a.csv"
    plain.write_bytes("role,pay\nCafé,1\n".encode())
    bom = tmp_path / "b.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + "role,pay\nCafé,1\n".encode())
    assert read_text(plain) == read_text(bom) == "role,pay\nCafé,1\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"PK\x03\x04\x14\x00" + b"\x00" * 20,
            "f.csv: a zip or Excel workbook (.xlsx) renamed, not a text file",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "f.csv: an old Excel workbook (.xls) renamed"),
        (gzip.compress(b"a,b\n", mtime=0), "f.csv: a gzip-compressed file"),
        (b"%PDF-1.7\n", "f.csv: a PDF file"),
        ("a,b\n".encode("utf-16"), "f.csv: UTF-16 text"),
        (b"a,b\n1,2\n3,\x004\n", "f.csv:3: binary content (NUL byte)"),
        ("a,b\n1,2\nCaf\u00e9,9\n".encode("cp1252"), "f.csv:3: not UTF-8 text (byte 0xe9"),
    ],
)
def test_refusals_name_the_file_and_line_and_never_the_content(content: bytes, expected: str) -> None:
    with pytest.raises(ParamsError) as info:
        decode_text(content, "f.csv", save_as="CSV UTF-8")
    [message] = info.value.problems
    assert message.startswith(expected), message
    assert message.endswith("save it as CSV UTF-8")
    assert "Caf" not in message and "1,2" not in message


def test_missing_folder_and_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ParamsError, match=r"^emp.csv: file not found \(.*nope.csv\)$"):
        read_bytes(tmp_path / "nope.csv", "emp.csv")
    with pytest.raises(ParamsError, match="is a folder, expected a CSV file"):
        read_bytes(tmp_path, expected="a CSV file")
    broken = tmp_path / "broken.csv"
    broken.write_text("a\n")

    def fail(self: Path, *args: object, **kwargs: object) -> bytes:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(ParamsError, match=r"broken.csv: cannot be read \(Input/output error\)$"):
        read_bytes(broken)


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("a,b,c", ","),
        ("a;b;c", ";"),
        ("a\tb\tc", "\t"),
        ("a;b,c", ","),  # a tie goes to the comma
        ("name;note, with comma;x", ";"),
        ("single", ","),
    ],
)
def test_sniff_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter(header) == delimiter


def test_first_line_skips_blank_lines_and_any_line_end() -> None:
    assert first_line("\n\r\n  \na;b\r\nc") == "a;b"
    assert first_line("x\ry") == "x"
    assert first_line("") == first_line("\n \n") == ""


def test_special_files_are_refused_without_being_opened(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "employees.csv"
    os.mkfifo(fifo)  # opening it would block until a writer appears
    with pytest.raises(ParamsError, match=r"employees.csv: is a named pipe \(FIFO\), expected a CSV file$"):
        read_bytes(fifo, "employees.csv", expected="a CSV file")
    with pytest.raises(ParamsError, match=r"is a character device"):
        read_bytes(Path("/dev/zero"))


def test_paths_with_control_characters_are_refused_without_echoing_them() -> None:
    with pytest.raises(ParamsError) as err:
        read_bytes(Path("emp\x00loyees.csv"))
    (line,) = err.value.problems
    assert "control character (0x00 at position 4)" in line and "\x00" not in line


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 101)
    with pytest.raises(ParamsError, match="101 bytes; files are limited to 100 bytes"):
        read_bytes(big, max_bytes=100)


# ---------------------------------------------------------------------------------------------------------
# Parity: the employee reader and the fluency responses reader say the same thing about the same faults

EMP_HEADER = "employee_id,role,level,location_tier,total_comp"
EMP_ROW = "E1,data_engineer,mid,coastal,150000"


def _fluency_header_and_row() -> tuple[str, str]:
    from talentlib import leadership_fluency as lf

    items = lf.load_instrument().item_ids
    return ",".join(["respondent_id", "tier", "business_unit", *items]), "R1,board,BU A," + ",".join(
        ["3"] * len(items)
    )


FLU_HEADER, FLU_ROW = _fluency_header_and_row()


def _employee_problems(path: Path) -> list[str]:
    from talentlib import compensation as cp

    with pytest.raises(ParamsError) as info:
        cp.read_employees(
            path, cp.article_roles(), ("coastal", "non_coastal", "international"), name=str(path)
        )
    return [line.replace(str(path), "FILE") for line in info.value.problems]


def _fluency_problems(path: Path) -> list[str]:
    from talentlib import leadership_fluency as lf

    with pytest.raises(ParamsError) as info:
        lf.load_responses(str(path), lf.load_instrument())
    return [line.replace(str(path), "FILE") for line in info.value.problems]


def _both(tmp_path: Path, employees: bytes, responses: bytes) -> tuple[list[str], list[str]]:
    (tmp_path / "emp.csv").write_bytes(employees)
    (tmp_path / "resp.csv").write_bytes(responses)
    return _employee_problems(tmp_path / "emp.csv"), _fluency_problems(tmp_path / "resp.csv")


def _lines(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def test_parity_ragged_first_data_row(tmp_path: Path) -> None:
    emp, flu = _both(
        tmp_path,
        _lines(EMP_HEADER, EMP_ROW + ",x", EMP_ROW.replace("E1", "E2")),
        _lines(FLU_HEADER, FLU_ROW + ",3"),
    )
    hint = "as in the header (a missing or extra ','? quote text that contains it)"
    assert emp == [f"FILE:2: has 6 fields, expected 5 {hint}"]
    assert flu == [f"FILE:2: has 24 fields, expected 23 {hint}"]


def test_parity_duplicate_and_case_variant_header(tmp_path: Path) -> None:
    emp, flu = _both(
        tmp_path,
        _lines(EMP_HEADER + ",ROLE", EMP_ROW + ",x"),
        _lines(FLU_HEADER + ",TIER", FLU_ROW + ",board"),
    )
    assert emp == [
        "FILE:1: column 'ROLE': appears more than once in the header (also column 2; names are "
        "compared ignoring case)"
    ]
    assert flu == [emp[0].replace("ROLE", "TIER")]


def test_parity_bom_and_semicolons_read_like_commas(tmp_path: Path) -> None:
    from talentlib import compensation as cp
    from talentlib import leadership_fluency as lf

    bom = b"\xef\xbb\xbf"
    (tmp_path / "emp.csv").write_bytes(bom + _lines(EMP_HEADER, EMP_ROW).replace(b",", b";"))
    (tmp_path / "resp.csv").write_bytes(bom + _lines(FLU_HEADER, FLU_ROW).replace(b",", b";"))
    staff = cp.read_employees(tmp_path / "emp.csv", cp.article_roles(), ("coastal",))
    answers = lf.load_responses(str(tmp_path / "resp.csv"), lf.load_instrument())
    assert staff["employee_id"].tolist() == ["E1"] and staff["total_comp"].tolist() == [150_000]
    assert answers.n == 1 and list(answers.tier) == ["board"]
    # the same semicolon file with a bad label: the same wording, delimiter named
    emp, flu = _both(
        tmp_path,
        bom + _lines(EMP_HEADER, EMP_ROW, "E2;x").replace(b",", b";"),
        bom + _lines(FLU_HEADER, FLU_ROW, "R2;x").replace(b",", b";"),
    )
    assert emp == [
        "FILE:3: has 2 fields, expected 5 as in the header (a missing or extra ';'? quote text that "
        "contains it)"
    ]
    assert flu == [emp[0].replace("expected 5", "expected 23")]


def test_parity_nul_byte_and_utf16(tmp_path: Path) -> None:
    emp, flu = _both(tmp_path, _lines(EMP_HEADER, EMP_ROW, "E2\x00"), _lines(FLU_HEADER, FLU_ROW, "R2\x00"))
    assert emp == flu == ["FILE:3: binary content (NUL byte), not a text file; save it as CSV UTF-8"]
    emp, flu = _both(
        tmp_path,
        "\n".join([EMP_HEADER, EMP_ROW]).encode("utf-16"),
        "\n".join([FLU_HEADER, FLU_ROW]).encode("utf-16"),
    )
    assert emp == flu == ["FILE: UTF-16 text, not a text file; save it as CSV UTF-8"]


def test_parity_unknown_and_blank_labels(tmp_path: Path) -> None:
    from talentlib.leadership_fluency import TIERS

    emp, flu = _both(
        tmp_path,
        _lines(
            EMP_HEADER,
            EMP_ROW.replace("data_engineer", " Wizard "),
            EMP_ROW.replace("E1", "E2").replace("data_engineer", ""),
        ),
        _lines(
            FLU_HEADER, FLU_ROW.replace("board", " Wizard "), FLU_ROW.replace("R1", "R2").replace("board", "")
        ),
    )
    from talentlib import compensation as cp

    roles = ", ".join(cp.article_roles())
    tiers = ", ".join(TIERS)
    assert emp == [
        f"FILE:2: column 'role': unknown label 'Wizard'; expected one of {roles}",
        f"FILE:3: column 'role': blank; expected one of {roles}",
    ]
    assert flu == [
        f"FILE:2: column 'tier': unknown label 'Wizard'; expected one of {tiers}",
        f"FILE:3: column 'tier': blank; expected one of {tiers}",
    ]


def test_parity_a_label_that_reads_as_a_number_is_never_echoed(tmp_path: Path) -> None:
    emp, flu = _both(
        tmp_path,
        _lines(EMP_HEADER, EMP_ROW.replace("data_engineer", "123456")),
        _lines(FLU_HEADER, FLU_ROW.replace("board", "123456")),
    )
    assert "123456" not in "\n".join(emp + flu)
    assert "unknown label (a number)" in emp[0] and "unknown label (a number)" in flu[0]


def test_parity_ten_thousand_problems_share_one_cap(tmp_path: Path) -> None:
    from talentlib.user_files import MAX_PROBLEMS

    emp_rows = [f"E{i},data_engineer,mid,coastal,oops" for i in range(10_000)]
    n_items = FLU_HEADER.count(",") - 2
    flu_rows = [f"R{i},board,BU A," + ",".join(["9"] * n_items) for i in range(10_000 // n_items)]
    emp, flu = _both(tmp_path, _lines(EMP_HEADER, *emp_rows), _lines(FLU_HEADER, *flu_rows))
    final = f"FILE: … and {10_000 - MAX_PROBLEMS:,} more problems (first {MAX_PROBLEMS} shown)"
    assert len(emp) == len(flu) == MAX_PROBLEMS + 1
    assert emp[-1] == flu[-1] == final
    assert emp[0] == "FILE:2: column 'total_comp': expected a positive number, got text"
    assert flu[0].startswith("FILE:2: column 'q01': expected a whole number 1–5")


def test_parity_empty_and_header_only(tmp_path: Path) -> None:
    emp, flu = _both(tmp_path, b"\n \n", b"")
    assert emp[0].startswith("FILE: empty file; expected a header line (employee_id, role")
    assert flu[0].startswith("FILE: empty file; expected a header line (respondent_id, tier")
    emp, flu = _both(tmp_path, _lines("", EMP_HEADER), _lines(FLU_HEADER))
    assert emp == ["FILE: header only (line 2); no data rows"]
    assert flu == ["FILE: header only (line 1); no data rows"]


# ---------------------------------------------------------------------------------------------------------
# The pieces


def test_problems_are_ordered_by_line_and_capped() -> None:
    from talentlib.user_files import Problems

    problems = Problems("f.csv", cap=3)
    problems.at([5, 2], "bad", "x")
    problems.add("file-level")
    problems.each([4, 3], ["four", "three"], "y")
    assert len(problems) == 5
    assert problems.lines() == [
        "f.csv: file-level",
        "f.csv:2: column 'x': bad",
        "f.csv:3: column 'y': three",
        "f.csv: … and 2 more problems (first 3 shown)",
    ]


def test_normalise_labels() -> None:
    import pandas as pd

    from talentlib.user_files import normalise_labels

    got = normalise_labels(pd.Series([" AI-ML  Engineer ", "C-Suite", "middle__management", "Data_Engineer"]))
    assert got.tolist() == ["ai_ml_engineer", "c_suite", "middle_management", "data_engineer"]


def test_table_reader_blank_lines_cr_line_ends_and_quotes(tmp_path: Path) -> None:
    from talentlib.user_files import read_table

    path = tmp_path / "t.csv"
    path.write_bytes(b'\r\nA,b\r\r\n1,2\r,,\r3,"x,\ny"\r')
    table = read_table(path)
    assert table.header == ["A", "b"] and list(table.frame.columns) == ["a", "b"]
    assert table.frame.values.tolist() == [["1", "2"], ["3", "x,\ny"]]
    assert table.lines.tolist() == [4, 6] and table.header_line == 2 and not table.problems


def test_overlong_paths_are_refused() -> None:
    with pytest.raises(ParamsError, match=r"path of 5,000 characters; paths are limited to 4,096$"):
        read_bytes(Path("a" * 5000))


def _records_by_line(text: str, delimiter: str) -> tuple[list[str], int, list[int], list[int]]:
    """The per-line reading the vectorised fast path must agree with (the obvious Python loop)."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blank = [not line.replace(delimiter, "").strip() for line in physical]
    if all(blank):
        return [], 0, [], []
    header_index = blank.index(False)
    rows = [i for i, b in enumerate(blank) if not b and i > header_index]
    counts = [physical[i].count(delimiter) + 1 for i in rows]
    return physical[header_index].split(delimiter), header_index + 1, [i + 1 for i in rows], counts


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n",
        "\n\n a , b \r\n1,2\r\n,,\r\n3,4,5\r\n\n",
        "a;b\r1;2\r\u00a0\u00a0\r;\u2003;\r4;é\r",
        "h\x1c\n\x1c\x1f\n\t\x0b\x0c\nx,y\n",
        "naïve,café\nä,ö\n\u00a0x\u00a0,y\n",
        " , ,\n\n",
    ],
)
def test_records_fast_path_agrees_with_the_line_by_line_reading(text: str) -> None:
    delimiter = user_files.sniff_delimiter(user_files.first_line(text)) if text.strip(" ,\n") else ","
    records = csv_scan.records_unquoted(text, delimiter)
    header, header_line, starts, counts = _records_by_line(text, delimiter)
    assert records.header == header
    assert records.header_line == header_line
    assert records.starts.tolist() == starts
    assert records.counts.tolist() == counts


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(" 120000 ", 120000.0), ("1e5", 1e5), ("+7", 7.0), ("1_000", 1000.0), ("$1,000", None), ("", None)],
)
def test_parse_numbers_reads_as_float_does_in_clean_and_dirty_columns(
    cell: str, expected: float | None
) -> None:
    clean = user_files.parse_numbers(pd.Series([cell, "5"]))
    dirty = user_files.parse_numbers(pd.Series([cell, "5", "not a number"]))
    for numbers in (clean, dirty):
        assert numbers[1] == 5.0
        assert np.isnan(numbers[0]) if expected is None else numbers[0] == expected
    assert np.isnan(dirty[2])


def test_numeric_columns_come_back_as_floats_only_when_every_cell_is_a_plain_number(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text("ID,Pay,Note\n007,120000.5,a\n008, 95000 ,b\n", encoding="utf-8")
    table = user_files.read_table(clean, numeric=("pay",))
    assert table.frame["pay"].tolist() == [120000.5, 95000.0]
    assert table.frame["id"].tolist() == ["007", "008"]  # other columns stay text
    dirty = tmp_path / "dirty.csv"
    dirty.write_text("ID,Pay,Note\n007,120000.5,a\n008,95k,b\n", encoding="utf-8")
    assert user_files.read_table(dirty, numeric=("pay",)).frame["pay"].tolist() == ["120000.5", "95k"]
    blank = tmp_path / "blank.csv"
    blank.write_text("ID,Pay,Note\n007,120000.5,a\n008,,b\n", encoding="utf-8")
    assert user_files.read_table(blank, numeric=("pay",)).frame["pay"].tolist() == ["120000.5", ""]


@pytest.mark.parametrize(
    "content",
    [
        "id,unit\n 007 ,BU A\n008,\tBU A \n009,BU A\n",
        'id,unit\n" 007 ",BU A\n008,"\tBU A "\n009,BU A\n',
        "id;unit\r\n007\u00a0;BU A\r\n008;BU A\r\n009;BU A\r\n",
    ],
)
def test_cells_come_back_trimmed_whatever_the_path(tmp_path: Path, content: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    frame = user_files.read_table(path).frame
    assert frame["id"].tolist() == ["007", "008", "009"]
    assert frame["unit"].tolist() == ["BU A"] * 3


def test_padding_is_found_on_the_bytes() -> None:
    assert not csv_scan.may_be_padded("a,b c\nd,e\n", ",")
    assert csv_scan.may_be_padded("a, b\n", ",")
    assert csv_scan.may_be_padded("a,b \nc,d", ",")
    assert csv_scan.may_be_padded(" a,b", ",")


def test_the_early_reading_is_used_only_when_its_guess_holds():
    early = csv_scan.EarlyCells("a,b\n1,x\n", ",", 2, frozenset({0}))
    assert early.result(3, frozenset({0})) is None  # another width: the caller reads again
    early = csv_scan.EarlyCells("a,b\n1,x\n", ",", 2, frozenset({1}))
    frame = early.result(2, frozenset({1}))  # column b is not a number: every cell comes back as text
    assert frame is not None and frame.iloc[0].tolist() == ["1", "x"]
