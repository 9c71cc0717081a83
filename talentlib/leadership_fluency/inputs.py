"""Reading the leadership-fluency user files: the instrument, the targets and the survey responses.

Only column rules live here; every problem is reported with its file, line and column, never as a
traceback, and answers are described (``out of range``, ``text``), never echoed. The CSV reader
(:func:`read_csv_table`) is this analysis's own for now; a later step unifies it with
:mod:`talentlib.user_files`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from talentlib import reference, user_files
from talentlib.config import DATA_DIR
from talentlib.leadership_fluency.schema import (
    INDEX,
    LIKERT_MAX,
    LIKERT_MIN,
    TIERS,
    LeadershipFluencyParams,
    resolve_path,
)
from talentlib.params import NAME_PATTERN, ParamsError

INSTRUMENT_FILE = DATA_DIR / "fluency_instrument.csv"
TARGETS_FILE = DATA_DIR / "fluency_targets.csv"
SAMPLE_RESPONSES_FILE = DATA_DIR / "sample_fluency_responses.csv"
#: How the bundled files are named in messages, captions and ``source`` columns.
INSTRUMENT_LABEL = f"{INSTRUMENT_FILE.name} (bundled)"
TARGETS_LABEL = f"{TARGETS_FILE.name} (bundled)"
SAMPLE_RESPONSES_LABEL = f"{SAMPLE_RESPONSES_FILE.name} (bundled, synthetic)"
REQUIRED_COLUMNS = ("respondent_id", "tier")
OPTIONAL_COLUMNS = ("business_unit",)
MISSING_TOKENS = frozenset({"", "na", "n/a", "null", "none", "nan"})
UNASSIGNED_BU = "Unassigned"
#: Per-line problems listed for one kind of problem before the rest are summarised.
PROBLEMS_PER_KIND = 10
#: Per-line problems listed in total before the rest are counted.
MAX_PROBLEM_LINES = 60


class Problems:
    """Collects problems as ``file:line: column 'x': …`` lines; long runs of one kind are summarised."""

    def __init__(self, display: str) -> None:
        self.display = display
        self._header: list[str] = []
        self._rows: list[tuple[int, int, str]] = []
        self._summaries: list[str] = []
        self._order = 0

    def header(self, text: str) -> None:
        """A problem of the file or its header (no row)."""
        self._header.append(f"{self.display}: {text}")

    def at(self, lines: np.ndarray | list[int], text: str) -> None:
        """The same problem on many lines (the first few listed, the rest counted)."""
        lines = np.sort(np.asarray(lines, dtype=np.int64))
        if lines.size == 0:
            return
        for line in lines[:PROBLEMS_PER_KIND]:
            self._rows.append((int(line), self._order, f"{self.display}:{line}: {text}"))
            self._order += 1
        if lines.size > PROBLEMS_PER_KIND:
            rest = lines[PROBLEMS_PER_KIND:]
            shown = ", ".join(str(v) for v in rest[:5]) + (", …" if rest.size > 5 else "")
            self._summaries.append(f"{self.display}: {text} — also on {rest.size:,} more lines ({shown})")

    def __bool__(self) -> bool:
        return bool(self._header or self._rows or self._summaries)

    def lines(self) -> list[str]:
        """All problems: file/header first, then rows by line number (at most ``MAX_PROBLEM_LINES``), then summaries."""
        rows = [text for _, _, text in sorted(self._rows)]
        if len(rows) > MAX_PROBLEM_LINES:
            hidden = len(rows) - MAX_PROBLEM_LINES
            rows = [
                *rows[:MAX_PROBLEM_LINES],
                f"{self.display}: … and {hidden:,} more problems on later lines",
            ]
        return self._header + rows + self._summaries

    def raise_if_any(self) -> None:
        """Raise :class:`ParamsError` listing every problem collected."""
        if self:
            raise ParamsError(self.lines())


@dataclass(frozen=True)
class CsvTable:
    """A parsed CSV file: text cells only.

    Attributes:
        header: Column names as written (stripped).
        frame: One row per data record with well-formed width; columns are the lower-cased names
            (a case-variant duplicate keeps its first occurrence).
        lines: File line number where each row of ``frame`` starts.
        problems: Structural problems found so far (ragged rows, duplicate headers).
    """

    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    problems: Problems


def _structure_unquoted(text: str, delimiter: str) -> tuple[list[str], int, np.ndarray, np.ndarray]:
    """Header, header line, start line and field count of every data record — fast path without quotes."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blank = np.fromiter(
        (not line.replace(delimiter, "").strip() for line in physical), dtype=bool, count=len(physical)
    )
    if blank.all():
        return [], 0, np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    header_index = int(np.argmin(blank))
    counts = (
        np.fromiter((line.count(delimiter) for line in physical), dtype=np.int64, count=len(physical)) + 1
    )
    data = ~blank & (np.arange(len(physical)) > header_index)
    return physical[header_index].split(delimiter), header_index + 1, np.flatnonzero(data) + 1, counts[data]


def _structure_quoted(
    text: str, delimiter: str, display: str
) -> tuple[list[str], int, np.ndarray, np.ndarray]:
    """As :func:`_structure_unquoted`, through the csv module (quoted fields may hold delimiters or line breaks)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    header_line = 0
    starts: list[int] = []
    counts: list[int] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                if header:
                    previous = reader.line_num
                continue
            if not header:
                header, header_line = row, reader.line_num
            else:
                starts.append(previous + 1)
                counts.append(len(row))
            previous = reader.line_num
    except csv.Error as exc:
        raise ParamsError([f"{display}:{reader.line_num}: not a readable CSV row ({exc})"]) from None
    return header, header_line, np.asarray(starts, dtype=np.int64), np.asarray(counts, dtype=np.int64)


def read_csv_table(path: Path, display: str | None = None) -> CsvTable:
    """Read a small-or-large CSV into text cells with file line numbers; collect structural problems.

    Tolerates a UTF-8 BOM, CRLF/CR line ends, and ``;`` or tab delimiters (sniffed from the header).
    Refuses empty files, header-only files, binary files renamed ``.csv`` and non-UTF-8 text at once;
    ragged rows (a field count different from the header's) are collected as problems and left out.

    Args:
        path: The file.
        display: Name used in messages (default: the path).

    Returns:
        The table.

    Raises:
        ParamsError: For problems that make the file unreadable as a whole.
    """
    display = display or str(path)
    raw = user_files.read_bytes(path, display, expected="a CSV file")
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ParamsError([f"{display}: empty file; expected a header row and data rows"])
    text = user_files.decode_text(raw, display, save_as="CSV UTF-8")
    delimiter = user_files.sniff_delimiter(user_files.first_line(text))
    problems = Problems(display)
    if '"' not in text:
        header, header_line, start_arr, count_arr = _structure_unquoted(text, delimiter)
    else:
        header, header_line, start_arr, count_arr = _structure_quoted(text, delimiter, display)
    if not header:
        raise ParamsError([f"{display}: empty file; expected a header row and data rows"])
    header = [cell.strip() for cell in header]
    width = len(header)
    if start_arr.size == 0:
        raise ParamsError([f"{display}: header only (line {header_line}); no data rows"])
    ragged = count_arr != width
    for count in np.unique(count_arr[ragged]):
        problems.at(
            start_arr[count_arr == count],
            f"has {count} fields, expected {width} as in the header (a missing or extra '{delimiter}'? "
            "quote text that contains it)",
        )
    frame = None
    if not ragged.any() and header_line == 1:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=0,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=True,
            engine="c",
        )
        if len(frame) != start_arr.size:
            frame = None
    if frame is None:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for _ in range(header_line):
            next(reader)
        rows = [row for row in reader if any(cell.strip() for cell in row)]
        frame = pd.DataFrame(
            [row for row in rows if len(row) == width], columns=list(range(width)), dtype=str
        )
    lines = start_arr[~ragged]
    names = [name.lower() for name in header]
    keep, seen = [], set()
    for position, (name, written) in enumerate(zip(names, header, strict=True)):
        if not name:
            problems.header(f"header: column {position + 1} has no name")
        elif name in seen:
            problems.header(
                f"header: column '{written}' appears more than once (names are compared ignoring case)"
            )
        else:
            seen.add(name)
            keep.append(position)
    frame = frame[keep]
    frame.columns = [names[p] for p in keep]
    return CsvTable(header=header, frame=frame.reset_index(drop=True), lines=lines, problems=problems)


# ---------------------------------------------------------------------------------------------------------
# Instrument and targets


@dataclass(frozen=True)
class Instrument:
    """The survey instrument.

    Attributes:
        items: Columns ``item_id, dimension, text, reverse_coded`` (bool), in file order.
        dimensions: Dimension keys in order of first appearance.
        source: Where it was read from.
    """

    items: pd.DataFrame
    dimensions: tuple[str, ...]
    source: str

    @property
    def item_ids(self) -> list[str]:
        """Item ids in instrument order."""
        return self.items["item_id"].tolist()

    @property
    def reverse(self) -> np.ndarray:
        """Boolean mask of reverse-coded items, in instrument order."""
        return self.items["reverse_coded"].to_numpy(dtype=bool)

    def item_positions(self, dimension: str) -> np.ndarray:
        """Column positions of a dimension's items."""
        return np.flatnonzero(self.items["dimension"].to_numpy() == dimension)


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def load_instrument(path: str = "") -> Instrument:
    """Read and validate an instrument file (bundled when ``path`` is empty).

    Shape: ``item_id`` (unique, letters/digits/``_-.``), ``dimension`` (non-empty key), ``text``,
    ``reverse_coded`` (true/false). Every dimension needs at least two items (α needs two).

    Raises:
        ParamsError: Listing every problem with its line.
    """
    file = resolve_path(path) if path else INSTRUMENT_FILE
    display = path or INSTRUMENT_LABEL
    table = read_csv_table(file, display)
    problems, frame, lines = table.problems, table.frame, table.lines
    required = ("item_id", "dimension", "text", "reverse_coded")
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        problems.header(f"header: missing required column '{column}' (expected {', '.join(required)})")
    for column in frame.columns:
        if column not in required:
            problems.header(f"header: unknown column '{column}' (expected {', '.join(required)})")
    if missing:
        problems.raise_if_any()
    items = pd.DataFrame({c: frame[c].astype(str).str.strip() for c in required})
    bad_id = ~items["item_id"].map(lambda v: bool(NAME_PATTERN.match(v)))
    problems.at(lines[bad_id.to_numpy()], "column 'item_id': expected 1–64 letters, digits, '_', '-' or '.'")
    lowered = items["item_id"].str.lower()
    reserved = lowered.isin([*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]).to_numpy()
    problems.at(lines[reserved], "column 'item_id': a reserved column name of the responses file")
    dup = lowered.duplicated().to_numpy()
    problems.at(lines[dup], "column 'item_id': duplicate item id (ids are compared ignoring case)")
    bad_dim = ~items["dimension"].map(lambda v: bool(NAME_PATTERN.match(v))).to_numpy()
    problems.at(lines[bad_dim], "column 'dimension': expected a key of letters, digits, '_', '-' or '.'")
    flags = items["reverse_coded"].str.lower()
    bad_flag = ~flags.isin(_TRUE | _FALSE).to_numpy()
    problems.at(lines[bad_flag], "column 'reverse_coded': expected true or false")
    if (items["dimension"] == INDEX).any():
        problems.header(f"dimension '{INDEX}' is reserved for the overall index")
    sizes = items.loc[~bad_dim, "dimension"].value_counts()
    for dimension, size in sizes.items():
        if size < 2:
            problems.header(
                f"dimension '{dimension}': has {size} item; at least 2 are needed (for Cronbach's alpha)"
            )
    problems.raise_if_any()
    items["item_id"] = lowered
    items["reverse_coded"] = flags.isin(_TRUE)
    return Instrument(items=items, dimensions=tuple(dict.fromkeys(items["dimension"])), source=display)


def tier_target_figure(tier: str) -> float:
    """The tier's target fluency index (a labelled assumption)."""
    return reference.figure(f"assumption.fluency_target_{tier}").value


def load_targets(
    instrument: Instrument, path: str = "", overrides: dict[str, float] | None = None
) -> pd.DataFrame:
    """Targets per tier and dimension (0–100).

    Order of precedence: ``overrides`` (tier → one target for every dimension of that tier), then the targets
    file (bundled when ``path`` is empty), then the tier's target figure for any (tier, dimension) the file
    does not list (e.g. a user instrument with other dimensions).

    Returns:
        Columns ``tier, dimension, target, source`` for every tier × dimension and the ``fluency_index``
        (the mean of the tier's dimension targets). ``source`` is ``parameter targets``, the targets file as
        named in messages (``fluency_targets.csv (bundled)`` or the given path), the reference figure's id,
        or ``mean`` for the index rows.

    Raises:
        ParamsError: Listing every problem of the file with its line.
    """
    file = resolve_path(path) if path else TARGETS_FILE
    display = path or TARGETS_LABEL
    table = read_csv_table(file, display)
    problems, frame, lines = table.problems, table.frame, table.lines
    required = ("tier", "dimension", "target")
    for column in required:
        if column not in frame.columns:
            problems.header(f"header: missing required column '{column}' (expected {', '.join(required)})")
    for column in frame.columns:
        if column not in required:
            problems.header(f"header: unknown column '{column}' (expected {', '.join(required)})")
    problems.raise_if_any()
    if not path:  # bundled targets cover the bundled dimensions; with a custom instrument the rest fall back
        keep = frame["dimension"].str.strip().isin(instrument.dimensions).to_numpy()
        frame, lines = frame[keep].reset_index(drop=True), lines[keep]
    tiers = frame["tier"].str.strip().str.lower()
    dims = frame["dimension"].str.strip()
    values = pd.to_numeric(frame["target"].str.strip(), errors="coerce")
    problems.at(lines[~tiers.isin(TIERS).to_numpy()], f"column 'tier': expected one of {', '.join(TIERS)}")
    problems.at(
        lines[~dims.isin(instrument.dimensions).to_numpy()],
        "column 'dimension': not a dimension of the instrument (" + ", ".join(instrument.dimensions) + ")",
    )
    bad_value = (values.isna() | (values < 0) | (values > 100)).to_numpy()
    problems.at(lines[bad_value], "column 'target': expected a number 0–100")
    dup = pd.Series(list(zip(tiers, dims, strict=True))).duplicated().to_numpy()
    problems.at(lines[dup], "duplicate (tier, dimension) row")
    problems.raise_if_any()
    given = {(t, d): float(v) for t, d, v in zip(tiers, dims, values, strict=True)}
    overrides = overrides or {}
    rows = []
    for tier in TIERS:
        for dimension in instrument.dimensions:
            if tier in overrides:
                value, source = float(overrides[tier]), "parameter targets"
            elif (tier, dimension) in given:
                value, source = given[(tier, dimension)], display
            else:
                value, source = tier_target_figure(tier), f"assumption.fluency_target_{tier}"
            rows.append({"tier": tier, "dimension": dimension, "target": value, "source": source})
    out = pd.DataFrame(rows)
    index_rows = (
        out.groupby("tier", sort=False)["target"].mean().reset_index().assign(dimension=INDEX, source="mean")
    )
    return pd.concat([out, index_rows[out.columns]], ignore_index=True)


# ---------------------------------------------------------------------------------------------------------
# Responses


@dataclass(frozen=True)
class Responses:
    """Validated survey answers (no respondent ids are kept beyond validation).

    Attributes:
        tier: Tier of each respondent.
        business_unit: Business unit of each respondent (``Unassigned`` when blank or absent).
        answers: Float array ``[respondent, item]`` in instrument order, raw 1–5 (not reverse-coded), NaN = missing.
        source: Where the answers came from.
    """

    tier: np.ndarray
    business_unit: np.ndarray
    answers: np.ndarray
    source: str = ""

    @property
    def n(self) -> int:
        """Number of respondents."""
        return int(self.answers.shape[0])


def normalise_tier(values: pd.Series) -> pd.Series:
    """Lower-case tier labels, spaces and hyphens as ``_`` (``C-Suite`` → ``c_suite``); vectorised over distinct labels."""
    codes, uniques = pd.factorize(values.astype(str), use_na_sentinel=False)
    labels = pd.Series(uniques, dtype=str).str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    return pd.Series(labels.to_numpy(dtype=object)[codes], index=values.index, dtype=object)


_OK, _MISSING, _TEXT, _FRACTIONAL, _OUT_OF_RANGE = range(5)


def classify_answers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse one item column of text cells into answers and a problem kind per cell.

    Vectorised through the column's distinct values (a Likert column has a handful), so 1M rows take
    milliseconds. Kinds: ok, missing (blank, NA, N/A, null, none, nan), text, fractional, out of range.

    Returns:
        (answers as floats with NaN for anything not a valid answer, kind codes).
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    values = np.full(len(uniques), np.nan)
    kinds = np.full(len(uniques), _OK)
    for index, raw in enumerate(uniques):
        text = str(raw).strip()
        if text.lower() in MISSING_TOKENS:
            kinds[index] = _MISSING
            continue
        try:
            number = float(text)
        except ValueError:
            kinds[index] = _TEXT
            continue
        if not math.isfinite(number):
            kinds[index] = _TEXT
        elif number != math.floor(number):
            kinds[index] = _FRACTIONAL
        elif not LIKERT_MIN <= number <= LIKERT_MAX:
            kinds[index] = _OUT_OF_RANGE
        else:
            values[index] = number
    return values[codes], kinds[codes]


def load_responses(path: str, instrument: Instrument) -> Responses:
    """Read and validate a responses file; the bundled synthetic survey when ``path`` is empty.

    Columns: ``respondent_id`` and ``tier`` (required), ``business_unit`` (optional), one column per item of
    the instrument (all required; leave cells empty for items not asked). Answers are whole numbers 1–5;
    an empty cell (or NA, N/A, null, none) is a missing answer.

    Raises:
        ParamsError: Listing **every** problem at once, as ``file:line: column 'x': expected …, got …``.
            Answers are described (``out of range``, ``fractional``, ``text``), never echoed.
    """
    file = resolve_path(path) if path else SAMPLE_RESPONSES_FILE
    display = path or SAMPLE_RESPONSES_LABEL
    table = read_csv_table(file, display)
    problems, frame, lines = table.problems, table.frame, table.lines
    items = instrument.item_ids
    for column in REQUIRED_COLUMNS:
        if column not in frame.columns:
            problems.header(f"header: missing required column '{column}'")
    for item in items:
        if item not in frame.columns:
            problems.header(
                f"header: missing item column '{item}' (an item of the instrument; leave its cells empty if not asked)"
            )
    for column in frame.columns:
        if column not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *items):
            problems.header(
                f"header: unknown column '{column}' (expected respondent_id, tier, business_unit or an item id of "
                f"{instrument.source})"
            )
    if "respondent_id" in frame.columns:
        ids = frame["respondent_id"].astype(str).str.strip()
        problems.at(lines[(ids == "").to_numpy()], "column 'respondent_id': empty (every row needs an id)")
        named = ids != ""
        dup = (ids.duplicated(keep="first") & named).to_numpy()
        if dup.any():
            first_line = pd.Series(lines).groupby(ids.to_numpy()).transform("first").to_numpy()
            for first in np.unique(first_line[dup]):
                problems.at(
                    lines[dup & (first_line == first)],
                    f"column 'respondent_id': duplicate of the respondent on line {first}",
                )
    tier = None
    if "tier" in frame.columns:
        tier = normalise_tier(frame["tier"])
        unknown = ~tier.isin(TIERS)
        for value in pd.unique(tier[unknown]):
            shown = "empty" if value == "" else f"unknown tier {value[:40]!r}"
            problems.at(
                lines[(unknown & (tier == value)).to_numpy()],
                f"column 'tier': expected one of {', '.join(TIERS)}, got {shown}",
            )
    present = [item for item in items if item in frame.columns]
    answers = np.full((len(frame), len(items)), np.nan)
    for position, item in enumerate(items):
        if item not in frame.columns:
            continue
        numbers, kinds = classify_answers(frame[item])
        expected = f"column '{item}': expected a whole number {LIKERT_MIN}–{LIKERT_MAX} or an empty cell, got"
        for kind, text in (
            (_TEXT, "text"),
            (_FRACTIONAL, "a fractional number"),
            (_OUT_OF_RANGE, "a number out of range"),
        ):
            problems.at(lines[kinds == kind], f"{expected} {text}")
        answers[:, position] = numbers
    if not present and not problems:
        problems.header("no item columns")
    problems.raise_if_any()
    assert tier is not None
    if "business_unit" in frame.columns:
        units = frame["business_unit"].astype(str).str.strip().replace("", UNASSIGNED_BU)
    else:
        units = pd.Series([UNASSIGNED_BU] * len(frame))
    return Responses(
        tier=tier.to_numpy(dtype=object),
        business_unit=units.to_numpy(dtype=object),
        answers=answers,
        source=display,
    )


@dataclass(frozen=True)
class Inputs:
    """Everything read from files for one run."""

    instrument: Instrument
    responses: Responses
    targets: pd.DataFrame


def load_inputs(params: LeadershipFluencyParams) -> Inputs:
    """Read and validate the instrument, targets and responses named by the parameters.

    Raises:
        ParamsError: Listing every problem of every file.
    """
    instrument = load_instrument(params.instrument)
    problems: list[str] = []
    targets = responses = None
    try:
        targets = load_targets(instrument, params.targets_csv, params.targets)
    except ParamsError as exc:
        problems += exc.problems
    try:
        responses = load_responses(params.responses_csv, instrument)
    except ParamsError as exc:
        problems += exc.problems
    if problems:
        raise ParamsError(problems)
    assert targets is not None and responses is not None
    return Inputs(instrument=instrument, responses=responses, targets=targets)


def validate_inputs(params: LeadershipFluencyParams) -> None:
    """Check the instrument, targets and responses files before any kernel starts (the runner calls this).

    Raises:
        ParamsError: Every problem, with file, row and column.
    """
    load_inputs(params)
