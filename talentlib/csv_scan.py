"""CSV text scanned with numpy and pandas' C parser: the fast paths of :func:`talentlib.user_files.read_table`.

Lines, field counts and padding are found on the UTF-8 bytes (a million rows in a fraction of a second);
cells come from pandas' C parser. Anything these fast paths cannot vouch for (quotes, blank-looking lines,
non-ASCII white space, a cell that is not a plain number) is left to the exact, slower path of the caller.
"""

from __future__ import annotations

import io
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Records:
    """Where the records of a CSV text are: header, its line, start line and field count of each data record."""

    header: list[str]
    header_line: int
    starts: np.ndarray
    counts: np.ndarray
    rows: list[list[str]] | None = None


#: ASCII bytes that ``str.strip()`` removes.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[0x09, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True


def records_unquoted(text: str, delimiter: str) -> Records:
    """:class:`Records` of a text without quotes: one record per physical line (fast path).

    Lines are found and their delimiters counted on the UTF-8 bytes with numpy (a million lines in about
    half a second). A line is blank when nothing but delimiters and white space remains, as ``str.strip()``
    would say; only lines that are empty or start with a delimiter, white space or a non-ASCII character
    can be, and only those are looked at in Python.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    data = np.frombuffer(normalised.encode("utf-8") + b"\n", dtype=np.uint8)
    newlines = np.flatnonzero(data == ord("\n"))
    starts = np.concatenate(([0], newlines[:-1] + 1))
    lengths = newlines - starts
    delimiters_before = np.searchsorted(np.flatnonzero(data == ord(delimiter)), newlines)
    counts = np.diff(delimiters_before, prepend=0) + 1
    first = data[starts]
    maybe_blank = np.flatnonzero(
        (lengths == 0) | _ASCII_SPACE[first] | (first == ord(delimiter)) | (first >= 0x80)
    )
    blank = np.zeros(starts.size, dtype=bool)
    for index in maybe_blank:
        line = data[starts[index] : newlines[index]].tobytes().decode("utf-8")
        blank[index] = not line.replace(delimiter, "").strip()
    if blank.all():
        return Records([], 0, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    header_index = int(np.argmin(blank))
    header = data[starts[header_index] : newlines[header_index]].tobytes().decode("utf-8").split(delimiter)
    rows = ~blank & (np.arange(blank.size) > header_index)
    return Records(header, header_index + 1, np.flatnonzero(rows) + 1, counts[rows])


def read_csv_cells(text: str, delimiter: str, width: int, numeric: frozenset[int]) -> pd.DataFrame:
    """Read the whole text with the C parser of pandas: ``numeric`` positions as float, every other cell as text."""
    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=0,
        names=list(range(width)),
        dtype={position: float if position in numeric else str for position in range(width)},
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=True,
        engine="c",
    )


def plain_cells(text: str, delimiter: str, width: int, numeric: frozenset[int]) -> pd.DataFrame:
    """:func:`read_csv_cells` with ``numeric`` positions as floats, or every cell as text when one is not a number."""
    if numeric:
        try:
            return read_csv_cells(text, delimiter, width, numeric)
        except ValueError:
            pass
    return read_csv_cells(text, delimiter, width, frozenset())


class EarlyCells:
    """:func:`plain_cells` of a text, started in a thread while the caller scans its records on the bytes.

    pandas' C parser tokenizes without the interpreter lock, so the scan and the parse share the machine's
    cores; the caller takes the frame only if the scan confirms the guess it was started with (the header's
    width and numeric positions), and otherwise waits for the thread and reads as before.
    """

    def __init__(self, text: str, delimiter: str, width: int, numeric: frozenset[int]) -> None:
        self.width, self.numeric = width, numeric
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talentlib-csv")
        self._future: Future[pd.DataFrame] = pool.submit(plain_cells, text, delimiter, width, numeric)
        pool.shutdown(wait=False)  # the thread ends with its one task

    def result(self, width: int, numeric: frozenset[int]) -> pd.DataFrame | None:
        """The frame if it was read with ``width`` and ``numeric`` (raising what the read raised), else ``None``."""
        if (width, numeric) != (self.width, self.numeric):
            self.discard()
            return None
        return self._future.result()

    def discard(self) -> None:
        """Wait for the thread and drop its frame (or its error)."""
        self._future.exception()


def may_be_padded(text: str, delimiter: str) -> bool:
    """Whether any cell of an unquoted text may start or end with white space (cheap, on the bytes).

    True when a space or tab touches a delimiter, a line end or the start of the text, and, to be safe,
    whenever the text holds non-ASCII characters or rarer white space; a million-row file without padding
    then skips trimming altogether.
    """
    if not text.isascii() or any(rare in text for rare in "\x0b\x0c\x1c\x1d\x1e\x1f"):
        return True
    if text[:1] in (" ", "\t") or text[-1:] in (" ", "\t"):
        return True
    data = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    space = (data == ord(" ")) | (data == ord("\t"))
    edge = np.zeros(256, dtype=bool)
    edge[[ord(delimiter), ord("\n"), ord("\r")]] = True
    return bool(edge[data[:-1][space[1:]]].any() or edge[data[1:][space[:-1]]].any())


def trimmed(column: pd.Series) -> pd.Series:
    """A text column with surrounding white space removed; columns of few distinct values trim each once."""
    if column.dtype.kind == "f":
        return column
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    if 2 * len(uniques) > len(column):
        return column.str.strip()
    trimmed = pd.Series(uniques, dtype=object).str.strip().to_numpy()
    return pd.Series(trimmed[codes], index=column.index, dtype=column.dtype)
