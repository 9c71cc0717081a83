"""Files users hand us — scenario YAML, employee and survey CSVs: the one reader, from path to table or clear errors.

Every reader of a user file goes through :func:`read_text` (CSV tables through :func:`read_table`), so they all
accept and refuse the same things:

* accepted: UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8" writes one);
* refused, naming the file (and the line where it applies): a missing file, a folder, an unreadable file,
  a binary file renamed — zip/Excel workbooks, old Excel, gzip, PDF —, UTF-16 text, NUL bytes, and text
  in another encoding (e.g. Excel's Windows-1252), with the offending byte;
* messages never quote file content (it may be a salary).

:func:`sniff_delimiter` picks comma, semicolon or tab from a header line, for CSVs exported with a
European locale (semicolons) or copied from a spreadsheet (tabs).

CSV tables (:func:`read_table`): blank lines and CR/LF/CRLF line ends are accepted; a ragged row (the first data
row too) is reported and left out; a header name missing, repeated or repeated in another case is reported.
Column rules are declared by each analysis's ``inputs.py`` and checked with the helpers here
(:func:`require_columns`, :func:`refuse_other_columns`, :func:`check_ids`, :func:`check_labels`), which all
report into one :class:`Problems` collector: ``file:line: column 'x': …`` lines, at most :data:`MAX_PROBLEMS`,
then ``file: … and N more problems``. Labels are read through one normaliser (:func:`normalise_labels`) and
:data:`MISSING_TOKENS` is the one set of words meaning "no value".
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from talentlib import csv_scan
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
#: Longest path accepted, in characters (Linux's ``PATH_MAX``).
MAX_PATH_CHARS = 4096
#: Problems listed for one file before the rest are counted in a final ``… and N more problems`` line.
MAX_PROBLEMS = 100
#: Cell texts (compared trimmed and in lower case) that mean "no value", besides a blank cell.
MISSING_TOKENS = frozenset({"na", "n/a", "#n/a", "nan", "null", "none", "-", "--", "?"})
#: How a delimiter is named in messages.
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def check_path_text(text: str, what: str = "path") -> None:
    """Refuse a path over :data:`MAX_PATH_CHARS` or containing NUL or other control characters.

    Such a path cannot name a real file safely (the operating system would refuse it with a bare ``ValueError``
    or ``OSError``).

    Raises:
        ParamsError: Naming the length or the character's position, never echoing the path.
    """
    if len(text) > MAX_PATH_CHARS:
        shown = what if len(what) <= 60 else what[:60] + "…"
        raise ParamsError(
            [f"{shown}: path of {len(text):,} characters; paths are limited to {MAX_PATH_CHARS:,}"]
        )
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


# ---------------------------------------------------------------------------------------------------------
# Problems


class Problems:
    """Collects a file's problems as ``file:line: column 'x': …`` lines and reports them capped.

    Problems are kept as arrays (the same text on many lines, or one text per line), so a million bad cells
    cost a few arrays, not a million strings; :meth:`lines` orders them by line (file-level problems first,
    then in the order added) and lists at most ``cap`` of them, then ``file: … and N more problems``.
    """

    def __init__(self, display: str, cap: int = MAX_PROBLEMS) -> None:
        """Start an empty collection for the file named ``display`` in messages."""
        self.display = display
        self.cap = cap
        #: (lines, distinct texts, text code per line or None when every line has the first text)
        self._parts: list[tuple[np.ndarray, list[str], np.ndarray | None]] = []

    def add(self, text: str, line: int | None = None, column: str | None = None) -> None:
        """One problem, of the file (no ``line``) or of one line, optionally of one column."""
        self.at([line or 0], text, column)

    def at(self, lines: np.ndarray | Sequence[int], text: str, column: str | None = None) -> None:
        """The same problem on many lines (line 0: the file as a whole)."""
        found = np.asarray(lines, dtype=np.int64).ravel()
        if found.size:
            self._parts.append((found, [_column_prefix(column) + text], None))

    def each(self, lines: np.ndarray | Sequence[int], texts: np.ndarray | Sequence[str], column: str) -> None:
        """One problem per line, each with its own text (``texts`` aligned with ``lines``; kept as codes)."""
        found = np.asarray(lines, dtype=np.int64).ravel()
        if found.size:
            codes, distinct = pd.factorize(np.asarray(texts, dtype=object).ravel(), use_na_sentinel=False)
            prefix = _column_prefix(column)
            self._parts.append((found, [prefix + str(text) for text in distinct], codes))

    def __len__(self) -> int:
        """How many problems were collected (listed or not)."""
        return sum(found.size for found, _, _ in self._parts)

    def __bool__(self) -> bool:
        """Whether any problem was collected."""
        return bool(self._parts)

    def lines(self) -> list[str]:
        """The problems by line, at most ``cap`` of them, then ``file: … and N more problems``."""
        if not self._parts:
            return []
        numbers = np.concatenate([found for found, _, _ in self._parts])
        part = np.repeat(np.arange(len(self._parts)), [found.size for found, _, _ in self._parts])
        offset = np.concatenate([np.arange(found.size) for found, _, _ in self._parts])
        shown = np.argsort(numbers, kind="stable")[: self.cap]
        out = []
        for index in shown:
            _, texts, codes = self._parts[part[index]]
            message = texts[0 if codes is None else codes[offset[index]]]
            line = int(numbers[index])
            out.append(f"{self.display}:{line}: {message}" if line else f"{self.display}: {message}")
        hidden = numbers.size - shown.size
        if hidden:
            out.append(f"{self.display}: … and {hidden:,} more problems (first {self.cap} shown)")
        return out

    def raise_if_any(self) -> None:
        """Raise :class:`ParamsError` listing the problems collected, if any."""
        if self:
            raise ParamsError(self.lines())


def _column_prefix(column: str | None) -> str:
    return f"column '{column}': " if column else ""


# ---------------------------------------------------------------------------------------------------------
# CSV tables


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as text cells, with the line each row starts on.

    Attributes:
        header: Column names as written (trimmed).
        frame: One row per data record of the header's width, text cells without surrounding white space
            (floats in the ``numeric`` columns of :func:`read_table` when all are plain numbers); columns
            are the names in lower case (a missing name is left out, a repeated one keeps its first one).
        lines: File line on which each row of ``frame`` starts.
        header_line: File line of the header.
        problems: Problems found so far (ragged rows, header names); column rules add theirs.
    """

    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    header_line: int
    problems: Problems


def _records_quoted(text: str, delimiter: str, display: str) -> csv_scan.Records:
    """:class:`csv_scan.Records` through the csv module (quoted fields may hold delimiters or line breaks), with rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    header_line = previous = 0
    starts: list[int] = []
    rows: list[list[str]] = []
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if not header:
                header, header_line = row, start
            else:
                starts.append(start)
                rows.append(row)
    except csv.Error as exc:
        raise ParamsError([f"{display}:{reader.line_num}: not a readable CSV row ({exc})"]) from None
    counts = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    return csv_scan.Records(header, header_line, np.asarray(starts, dtype=np.int64), counts, rows)


def _cells(
    text: str,
    delimiter: str,
    records: csv_scan.Records,
    width: int,
    ragged: np.ndarray,
    display: str,
    numeric: frozenset[int] = frozenset(),
    early: csv_scan.EarlyCells | None = None,
) -> pd.DataFrame:
    """The data records of the header's width as a frame of cells, columns ``0 … width-1``.

    Cells are text, except that columns at ``numeric`` positions come back as floats when every cell of them
    is a plain number (pandas' C parser reads those without building a million strings); when one is not,
    the whole table is read as text and the caller's rules report the cell. ``early`` is that reading
    started while the records were scanned (:func:`_early_cells`), used when its guess holds.
    """
    if records.rows is None and not ragged.any() and records.header_line == 1:
        frame = early.result(width, numeric) if early is not None else None
        if frame is None:
            frame = csv_scan.plain_cells(text, delimiter, width, numeric)
        if len(frame) == records.starts.size:  # else a line of only spaces or delimiters: the csv module
            return frame
    elif early is not None:
        early.discard()
    rows = records.rows
    if rows is None:
        rows = _records_quoted(text, delimiter, display).rows or []
    return pd.DataFrame([row for row in rows if len(row) == width], columns=list(range(width)), dtype=str)


def read_table(
    path: Path, display: str | None = None, columns: Sequence[str] = (), numeric: Sequence[str] = ()
) -> CsvTable:
    """Read a CSV file into text cells with file line numbers, collecting its structural problems.

    Accepts a UTF-8 BOM, CR, LF or CRLF line ends, blank lines, and ``,``, ``;`` or tab delimiters (sniffed from
    the header line). Refuses at once what is not a table: an empty, header-only, binary or non-UTF-8 file (see
    :func:`read_text`). Ragged rows (a field count other than the header's, the first data row too) and header
    names that are missing or repeated (ignoring case) are collected in the table's :class:`Problems`.

    Args:
        path: The file.
        display: Name used in messages (default: the path).
        columns: The columns expected, named in the message for an empty file.
        numeric: Columns (lower-case names) that should hold numbers: read as floats when all their cells
            are plain numbers (a fast path for large files), else as text like every other column.

    Raises:
        ParamsError: For a file that is not a readable table.
    """
    display = display or str(path)
    expected = (
        f"a header line ({', '.join(columns)}) and data rows" if columns else "a header line and data rows"
    )
    raw = read_bytes(path, display, expected="a CSV file")
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ParamsError([f"{display}: empty file; expected {expected}"])
    text = decode_text(raw, display, save_as="CSV UTF-8")
    delimiter = sniff_delimiter(first_line(text))
    quoted = '"' in text  # quotes may hold delimiters or line breaks: the csv module reads those
    wanted = {name.lower() for name in numeric}
    early = None if quoted else _early_cells(text, delimiter, wanted)
    try:
        return _read_records(text, delimiter, quoted, display, expected, wanted, early)
    except BaseException:
        if early is not None:
            early.discard()
        raise


def _early_cells(text: str, delimiter: str, wanted: set[str]) -> csv_scan.EarlyCells | None:
    """The fast path's reading of an unquoted text, started on the guess that its first line is the header."""
    ends = [i for i in (text.find("\n"), text.find("\r")) if i >= 0]
    head = text[: min(ends, default=len(text))]
    if not head.strip():
        return None
    names = [cell.strip().lower() for cell in head.split(delimiter)]
    numeric = frozenset(i for i, name in enumerate(names) if name in wanted)
    return csv_scan.EarlyCells(text, delimiter, len(names), numeric)


def _read_records(
    text: str,
    delimiter: str,
    quoted: bool,
    display: str,
    expected: str,
    wanted: set[str],
    early: csv_scan.EarlyCells | None,
) -> CsvTable:
    """The rest of :func:`read_table` once the text is decoded: records, structural problems, cells."""
    records = (
        _records_quoted(text, delimiter, display) if quoted else csv_scan.records_unquoted(text, delimiter)
    )
    if not records.header:
        raise ParamsError([f"{display}: empty file; expected {expected}"])
    if records.starts.size == 0:
        raise ParamsError([f"{display}: header only (line {records.header_line}); no data rows"])
    header = [cell.strip() for cell in records.header]
    problems = Problems(display)
    width = len(header)
    ragged = records.counts != width
    for count in np.unique(records.counts[ragged]):
        problems.at(
            records.starts[records.counts == count],
            f"has {count} fields, expected {width} as in the header (a missing or extra "
            f"{DELIMITER_NAMES[delimiter]}? quote text that contains it)",
        )
    positions = frozenset(i for i, name in enumerate(header) if name.lower() in wanted)
    frame = _cells(text, delimiter, records, width, ragged, display, positions, early)
    keep = _header_columns(header, records.header_line, problems)
    frame = frame[list(keep)]
    frame.columns = list(keep.values())
    if quoted or csv_scan.may_be_padded(text, delimiter):
        frame = frame.apply(csv_scan.trimmed)
    return CsvTable(
        header=header,
        frame=frame.reset_index(drop=True),
        lines=records.starts[~ragged],
        header_line=records.header_line,
        problems=problems,
    )


def _header_columns(header: list[str], line: int, problems: Problems) -> dict[int, str]:
    """Position → lower-case name of the columns kept; a missing or repeated name is a problem."""
    keep: dict[int, str] = {}
    first: dict[str, int] = {}
    for position, written in enumerate(header):
        name = written.lower()
        if not name:
            problems.add(f"column {position + 1} of the header has no name", line)
        elif name in first:
            problems.add(
                f"appears more than once in the header (also column {first[name] + 1}; names are compared "
                "ignoring case)",
                line,
                written,
            )
        else:
            first[name] = position
            keep[position] = name
    return keep


# ---------------------------------------------------------------------------------------------------------
# Column rules shared by the analyses' inputs


def require_columns(table: CsvTable, required: Sequence[str], what: str = "required column") -> list[str]:
    """Report each of ``required`` the header lacks (``column 'x': missing required column``); return them."""
    missing = [column for column in required if column not in table.frame.columns]
    for column in missing:
        table.problems.add(f"missing {what}", table.header_line, column)
    return missing


def refuse_other_columns(table: CsvTable, allowed: Sequence[str], expected: str) -> None:
    """Report each header column not in ``allowed`` (``column 'x': unknown column (expected …)``)."""
    for column in table.frame.columns:
        if column not in allowed:
            table.problems.add(f"unknown column (expected {expected})", table.header_line, column)


def is_missing(cells: pd.Series) -> pd.Series:
    """Whether each text cell is blank or one of :data:`MISSING_TOKENS` (trimmed, any case)."""
    text = cells.astype(str).str.strip()
    return text.eq("") | text.str.lower().isin(MISSING_TOKENS)


def parse_numbers(cells: pd.Series) -> np.ndarray:
    """Text cells as floats, read as Python's ``float()`` reads them; NaN where a cell is not a number.

    Surrounding spaces, a sign, exponents and ``_`` between digits are accepted; ``nan`` gives NaN and
    ``inf`` infinity, which callers report. A column of clean numbers converts in one vectorised step (a
    million cells in about 0.3 s); only a column holding something unreadable is read cell by cell.
    """
    values = cells.to_numpy(dtype=object)
    try:
        return values.astype(float)
    except (TypeError, ValueError):
        pass
    numbers = np.array(pd.to_numeric(cells, errors="coerce"), dtype=float)
    for position in np.flatnonzero(np.isnan(numbers)):
        try:
            number = float(values[position])
        except (TypeError, ValueError):
            continue
        numbers[position] = number
    return numbers


def normalise_labels(values: pd.Series) -> pd.Series:
    """Labels as keys: trimmed, lower case, runs of spaces, hyphens and underscores read as one ``_``.

    ``" AI-ML  Engineer "`` → ``ai_ml_engineer``, ``C-Suite`` → ``c_suite``. Vectorised over the distinct
    labels, so a million rows cost as much as their handful of labels.
    """
    codes, keys = _label_codes(values)
    return pd.Series(keys[codes], index=values.index, dtype=str)


def _label_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the normalised labels (:func:`normalise_labels`) in order of first appearance, and the labels."""
    codes, uniques = pd.factorize(values.astype(str), use_na_sentinel=False)
    keys = pd.Series(uniques, dtype=str).str.strip().str.lower().str.replace(r"[\s_\-]+", "_", regex=True)
    key_codes, distinct = pd.factorize(keys, use_na_sentinel=False)
    return key_codes[codes], np.asarray(distinct, dtype=object)


def check_labels(table: CsvTable, column: str, allowed: Sequence[str]) -> pd.Series:
    """Normalise a label column (:func:`normalise_labels`) and report blank or unknown labels.

    An unknown label is quoted (first 40 characters) unless it reads as a number, which is never echoed (it
    may be a salary or an answer in the wrong column).

    Returns:
        The normalised labels.
    """
    codes, uniques = _label_codes(table.frame[column])
    labels = pd.Series(uniques[codes], index=table.frame[column].index, dtype=str)
    written = pd.Series(table.frame[column].to_numpy()[_first_positions(codes, len(uniques))], dtype=str)
    numeric = pd.to_numeric(written.str.strip(), errors="coerce").notna().to_numpy()
    choices = f"expected one of {', '.join(allowed)}"
    messages = np.array(
        [
            f"blank; {choices}"
            if key == ""
            else f"unknown label {'(a number)' if number else repr(shown.strip()[:40])}; {choices}"
            for key, shown, number in zip(uniques, written, numeric, strict=True)
        ],
        dtype=object,
    )
    bad = ~np.isin(np.asarray(uniques, dtype=object), list(allowed))
    rows = bad[codes]
    table.problems.each(table.lines[rows], messages[codes[rows]], column)
    return labels


def _first_positions(codes: np.ndarray, n: int) -> np.ndarray:
    """Position of the first occurrence of each of ``n`` factor codes."""
    first = np.full(n, -1, dtype=np.int64)
    positions = np.arange(codes.size)[::-1]
    first[codes[::-1]] = positions
    return first


def check_ids(table: CsvTable, column: str) -> pd.Series:
    """Trim an ID column (text: leading zeros kept) and report blank and repeated IDs (never echoing them).

    Returns:
        The trimmed IDs.
    """
    ids = table.frame[column].astype(str)
    lines = pd.Series(table.lines, index=ids.index)
    blank = ids.eq("")
    table.problems.at(table.lines[blank.to_numpy()], "blank; expected an ID", column)
    repeated = (~blank & ids.duplicated(keep="first")).to_numpy()
    if repeated.any():
        first = lines.groupby(ids.to_numpy()).transform("min").to_numpy()
        texts = [f"duplicate ID (first on line {line})" for line in first[repeated]]
        table.problems.each(table.lines[repeated], texts, column)
    return ids
