"""The one reader of user files: what it accepts, what it refuses, and that it never quotes content."""

from __future__ import annotations

import errno
import gzip
from pathlib import Path

import pytest

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
