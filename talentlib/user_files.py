"""Files users hand us — scenario YAML, employee and survey CSVs: from path to text, or one clear error.

Every reader of a user file goes through :func:`read_text`, so they all accept and refuse the same things:

* accepted: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8" writes one);
* refused, naming the file (and the line where it applies): a missing file, a folder, an unreadable file,
  a binary file renamed — zip/Excel workbooks, old Excel, gzip, PDF —, UTF-16 text, NUL bytes, and text
  in another encoding (e.g. Excel's Windows-1252), with the offending byte;
* messages never quote file content (it may be a salary).

:func:`sniff_delimiter` picks comma, semicolon or tab from a header line, for CSVs exported with a
European locale (semicolons) or copied from a spreadsheet (tabs).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from talentlib.errors import ParamsError

#: Leading bytes of files that are not text, and what to call them.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip or Excel workbook (.xlsx) renamed"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls) renamed"),
    (b"\x1f\x8b", "a gzip-compressed file (decompress it first)"),
    (b"%PDF", "a PDF file"),
    (b"\xff\xfe", "UTF-16 text"),
    (b"\xfe\xff", "UTF-16 text"),
)

#: Delimiters :func:`sniff_delimiter` chooses between.
DELIMITERS = (",", ";", "\t")


#: Largest user file read (bytes): far above a 1M-row HR export (~60 MB), far below a machine's memory.
MAX_FILE_BYTES = 1 << 30

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def check_path_text(text: str, what: str = "path") -> None:
    """Refuse a path containing NUL or other control characters (they cannot name a real file safely).

    Raises:
        ParamsError: Naming the character's position, never echoing the path.
    """
    match = _CONTROL_CHARACTERS.search(text)
    if match:
        raise ParamsError(
            [
                f"{what}: contains a control character (0x{ord(match.group()):02x} at position {match.start() + 1})"
            ]
        )


def _kind_of(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(
    path: Path, display: str | None = None, expected: str = "a file", max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """Read a regular file's bytes or raise a one-line :class:`ParamsError`.

    Folders, pipes, devices and sockets are refused from their metadata, without opening them (a FIFO would
    block, ``/dev/zero`` never ends); so are paths with control characters and files over ``max_bytes``.

    Args:
        path: The file.
        display: Name used in messages (default: the path).
        expected: What the file should be, for the refusal message (e.g. ``"a CSV file"``).
        max_bytes: Largest size accepted.
    """
    check_path_text(str(path), repr(display or str(path))[1:-1])
    display = display or str(path)
    where = "" if display == str(path) else f" ({path})"
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ParamsError([f"{display}: file not found{where}"]) from None
    except OSError as exc:
        raise ParamsError([f"{display}: cannot be read ({exc.strerror})"]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ParamsError([f"{display}: is {_kind_of(info.st_mode)}, expected {expected}"])
    if info.st_size > max_bytes:
        raise ParamsError([f"{display}: {info.st_size:,} bytes; files are limited to {max_bytes:,} bytes"])
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ParamsError([f"{display}: cannot be read ({exc.strerror})"]) from None
    if len(data) > max_bytes:
        raise ParamsError([f"{display}: more than {max_bytes:,} bytes; files are limited to that"])
    return data


def decode_text(raw: bytes, display: str, save_as: str = "UTF-8 text") -> str:
    """Decode a user file as UTF-8 (BOM dropped) or raise a one-line :class:`ParamsError`.

    Args:
        raw: The file's bytes.
        display: Name used in messages.
        save_as: What to tell the user to save the file as (e.g. ``"CSV UTF-8"``).
    """
    for magic, what in BINARY_SIGNATURES:
        if raw.startswith(magic):
            raise ParamsError([f"{display}: {what}, not a text file; save it as {save_as}"])
    if b"\x00" in raw:
        line = _line_of(raw, raw.index(b"\x00"))
        raise ParamsError(
            [f"{display}:{line}: binary content (NUL byte), not a text file; save it as {save_as}"]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        raise ParamsError(
            [
                f"{display}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}, e.g. Excel's Windows encoding); "
                f"save it as {save_as}"
            ]
        ) from None


def read_text(
    path: Path, display: str | None = None, expected: str = "a file", save_as: str = "UTF-8 text"
) -> str:
    """:func:`read_bytes` then :func:`decode_text`."""
    display = display or str(path)
    return decode_text(read_bytes(path, display, expected), display, save_as)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV from its header line: the most frequent of comma, semicolon, tab (comma on ties)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def first_line(text: str) -> str:
    """The first non-blank line of a text (without its line end); reads only as far as that line."""
    start = 0
    while start < len(text):
        end = min((i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0), default=len(text))
        if text[start:end].strip():
            return text[start:end]
        start = end + 1
    return ""


def _line_of(raw: bytes, offset: int) -> int:
    return raw[:offset].count(b"\n") + 1
