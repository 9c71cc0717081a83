"""Reading the leadership-fluency user files: the instrument, the targets and the survey responses.

Only column rules live here; the files are read by :func:`talentlib.user_files.read_table` (the one reader:
encodings, delimiters, ragged rows, header names, labels, IDs, missing-value tokens, the problem cap). Every
problem is reported with its file, line and column, never as a traceback, and answers are described
(``out of range``, ``text``), never echoed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
from talentlib.user_files import (
    check_ids,
    check_labels,
    read_table,
    refuse_other_columns,
    require_columns,
)

INSTRUMENT_FILE = DATA_DIR / "fluency_instrument.csv"
TARGETS_FILE = DATA_DIR / "fluency_targets.csv"
SAMPLE_RESPONSES_FILE = DATA_DIR / "sample_fluency_responses.csv"
#: How the bundled files are named in messages, captions and ``source`` columns.
INSTRUMENT_LABEL = f"{INSTRUMENT_FILE.name} (bundled)"
TARGETS_LABEL = f"{TARGETS_FILE.name} (bundled)"
SAMPLE_RESPONSES_LABEL = f"{SAMPLE_RESPONSES_FILE.name} (bundled, synthetic)"
REQUIRED_COLUMNS = ("respondent_id", "tier")
OPTIONAL_COLUMNS = ("business_unit",)
UNASSIGNED_BU = "Unassigned"


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
    required = ("item_id", "dimension", "text", "reverse_coded")
    table = read_table(file, display, required)
    problems, frame, lines = table.problems, table.frame, table.lines
    missing = require_columns(table, required)
    refuse_other_columns(table, required, ", ".join(required))
    if missing:
        problems.raise_if_any()
    items = pd.DataFrame({c: frame[c].astype(str).str.strip() for c in required})
    bad_id = ~items["item_id"].map(lambda v: bool(NAME_PATTERN.match(v)))
    problems.at(lines[bad_id.to_numpy()], "expected 1–64 letters, digits, '_', '-' or '.'", "item_id")
    lowered = items["item_id"].str.lower()
    reserved = lowered.isin([*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]).to_numpy()
    problems.at(lines[reserved], "a reserved column name of the responses file", "item_id")
    dup = lowered.duplicated().to_numpy()
    problems.at(lines[dup], "duplicate item id (ids are compared ignoring case)", "item_id")
    bad_dim = ~items["dimension"].map(lambda v: bool(NAME_PATTERN.match(v))).to_numpy()
    problems.at(lines[bad_dim], "expected a key of letters, digits, '_', '-' or '.'", "dimension")
    flags = items["reverse_coded"].str.lower()
    bad_flag = ~flags.isin(_TRUE | _FALSE).to_numpy()
    problems.at(lines[bad_flag], "expected true or false", "reverse_coded")
    if (items["dimension"] == INDEX).any():
        problems.add(f"dimension '{INDEX}' is reserved for the overall index")
    sizes = items.loc[~bad_dim, "dimension"].value_counts()
    for dimension, size in sizes.items():
        if size < 2:
            problems.add(
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
    required = ("tier", "dimension", "target")
    table = read_table(file, display, required)
    problems, frame, lines = table.problems, table.frame, table.lines
    require_columns(table, required)
    refuse_other_columns(table, required, ", ".join(required))
    problems.raise_if_any()
    tiers = check_labels(table, "tier", TIERS)
    if not path:  # bundled targets cover the bundled dimensions; with a custom instrument the rest fall back
        keep = frame["dimension"].str.strip().isin(instrument.dimensions).to_numpy()
        frame, lines, tiers = (
            frame[keep].reset_index(drop=True),
            lines[keep],
            tiers[keep].reset_index(drop=True),
        )
    dims = frame["dimension"].str.strip()
    values = pd.to_numeric(frame["target"].str.strip(), errors="coerce")
    problems.at(
        lines[~dims.isin(instrument.dimensions).to_numpy()],
        "not a dimension of the instrument (" + ", ".join(instrument.dimensions) + ")",
        "dimension",
    )
    bad_value = (values.isna() | (values < 0) | (values > 100)).to_numpy()
    problems.at(lines[bad_value], "expected a number 0–100", "target")
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


_OK, _MISSING, _TEXT, _FRACTIONAL, _OUT_OF_RANGE = range(5)


def classify_answers(cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse one item column of text cells into answers and a problem kind per cell.

    Vectorised through the column's distinct values (a Likert column has a handful), so 1M rows take
    milliseconds. Kinds: ok, missing (blank or one of :data:`talentlib.user_files.MISSING_TOKENS`), text,
    fractional, out of range.

    Returns:
        (answers as floats with NaN for anything not a valid answer, kind codes).
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    values = np.full(len(uniques), np.nan)
    kinds = np.full(len(uniques), _OK)
    for index, raw in enumerate(uniques):
        text = str(raw).strip()
        if not text or text.lower() in user_files.MISSING_TOKENS:
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
    an empty cell (or one of :data:`talentlib.user_files.MISSING_TOKENS`, e.g. NA, N/A, null) is a missing answer.

    Raises:
        ParamsError: Listing **every** problem at once, as ``file:line: column 'x': expected …, got …``.
            Answers are described (``out of range``, ``fractional``, ``text``), never echoed.
    """
    file = resolve_path(path) if path else SAMPLE_RESPONSES_FILE
    display = path or SAMPLE_RESPONSES_LABEL
    items = instrument.item_ids
    table = read_table(file, display, (*REQUIRED_COLUMNS, *items[:2], "…"))
    problems, frame, lines = table.problems, table.frame, table.lines
    require_columns(table, REQUIRED_COLUMNS)
    require_columns(
        table, items, "item column (an item of the instrument; leave its cells empty if not asked)"
    )
    refuse_other_columns(
        table,
        [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *items],
        f"respondent_id, tier, business_unit or an item id of {instrument.source}",
    )
    if "respondent_id" in frame.columns:
        check_ids(table, "respondent_id")
    tier = check_labels(table, "tier", TIERS) if "tier" in frame.columns else None
    present = [item for item in items if item in frame.columns]
    answers = np.full((len(frame), len(items)), np.nan)
    for position, item in enumerate(items):
        if item not in frame.columns:
            continue
        numbers, kinds = classify_answers(frame[item])
        expected = f"expected a whole number {LIKERT_MIN}–{LIKERT_MAX} or an empty cell, got"
        for kind, text in (
            (_TEXT, "text"),
            (_FRACTIONAL, "a fractional number"),
            (_OUT_OF_RANGE, "a number out of range"),
        ):
            problems.at(lines[kinds == kind], f"{expected} {text}", item)
        answers[:, position] = numbers
    if not present and not problems:
        problems.add("no item columns")
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
