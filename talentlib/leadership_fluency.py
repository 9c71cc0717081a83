"""Leadership AI fluency: a tiered survey diagnostic with honest psychometrics, and an investment plan.

The article claims that boards and C-suites need their own AI fluency and that **middle managers who do
not understand AI are the most common failure point** of adoption. This module scores a survey of leaders
tier by tier (``board``, ``c_suite``, ``middle_management``, optionally ``frontline``), checks how reliable
each scale is, tests the middle-management claim with a documented rule, and prices interventions.

Instrument (data, not code): ``data/fluency_instrument.csv`` (``item_id, dimension, text, reverse_coded``),
20 items on a 1–5 Likert scale in five dimensions; per-tier, per-dimension targets in
``data/fluency_targets.csv`` (``tier, dimension, target``; labelled assumptions, see ``reference_figures.csv``).

Scoring (all vectorised over respondents)::

    reverse-coded item      x' = 6 − x
    dimension score         100 · (mean of answered items − 1) / 4          (0 … 100)
    missing-answer rule     a dimension is scored only if at least ceil(share · k) of its k items are
                            answered (share = ``min_items_answered_share``, 0.5 by default); otherwise NaN
    fluency index           mean of the respondent's dimension scores, only if *every* dimension is scored
                            (an index built from different dimensions would not be comparable)
    tier score              mean over the tier's respondents who have that score
    gap                     target − score (positive: below target)

Reliability: Cronbach's α per dimension, on reverse-coded items, **listwise deletion within the dimension**
(respondents who answered every item of that dimension; α is undefined with missing cells), flagged when
below ``alpha_threshold`` (0.7 by convention).

Confidence intervals: percentile bootstrap (95 %) of each tier mean, resampling respondents within the tier.
It is computed exactly and fast by drawing multinomial counts over the distinct score values (a Likert-based
score takes few distinct values), which has the same distribution as resampling rows.

Middle-management failure flag (the article's claim, as a testable rule): it fires when the middle-management
fluency index is **below the C-suite's and below its own target**. Both tiers must be reportable (at least
``min_group_size`` respondents); otherwise the flag is ``False`` and the reason says it was not evaluable.
The evidence shown: both indices with CIs, the target, the bootstrap probability that middle management is
below the C-suite, and the dimensions on which it is the lowest tier.

Privacy: no group — tier, business unit, or tier × business unit — with fewer than ``min_group_size``
respondents is reported; where one small cell could be recovered from a published total by subtraction,
the next-smallest cell of that row or column is suppressed too (secondary suppression). Individual
answers never appear in reports, logs or error messages.
"""

from __future__ import annotations

import csv
import io
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
import pandas as pd
from pydantic import AfterValidator, Field

from talentlib import parallel, reference, user_files
from talentlib.config import DATA_DIR, batch_mode, project_dir
from talentlib.formulas import adoption_multiplier, default_adoption_effect
from talentlib.params import NAME_PATTERN, NotebookParams, ParamsError, Range, StrictModel
from talentlib.privacy import suppress_cells, suppressed_label
from talentlib.report import Chart, figure_png, fmt_money, fmt_num, fmt_pct, sources_caption
from talentlib.spec import Headline, NotebookSpec

TIERS: tuple[str, ...] = ("board", "c_suite", "middle_management", "frontline")
Tier = Literal["board", "c_suite", "middle_management", "frontline"]
INDEX = "fluency_index"
LIKERT_MIN, LIKERT_MAX = 1, 5
CI_LEVEL = 0.95
INSTRUMENT_FILE = DATA_DIR / "fluency_instrument.csv"
TARGETS_FILE = DATA_DIR / "fluency_targets.csv"
SAMPLE_RESPONSES_FILE = DATA_DIR / "sample_fluency_responses.csv"
REQUIRED_COLUMNS = ("respondent_id", "tier")
OPTIONAL_COLUMNS = ("business_unit",)
MISSING_TOKENS = frozenset({"", "na", "n/a", "null", "none", "nan"})
UNASSIGNED_BU = "Unassigned"
#: Index points over which ``adoption_effect`` applies once (the effect is "per 10 points").
#: Per-line problems listed for one kind of problem before the rest are summarised.
PROBLEMS_PER_KIND = 10
#: Per-line problems listed in total before the rest are counted.
MAX_PROBLEM_LINES = 60

FIGURES_USED = [
    *(f"assumption.fluency_target_{tier}" for tier in TIERS),
    "assumption.fluency_alpha_threshold",
    "assumption.fluency_cost_board_briefings",
    "assumption.fluency_uplift_board_briefings",
    "assumption.fluency_cost_executive_workshops",
    "assumption.fluency_uplift_executive_workshops",
    "article.learning_budget",
    "article.program_months",
    "assumption.fluency_uplift_manager_academy",
    "article.rotation_months",
    "assumption.fluency_cost_manager_rotations",
    "assumption.fluency_uplift_manager_rotations",
    "assumption.fluency_cost_frontline_literacy",
    "assumption.fluency_uplift_frontline_literacy",
    "assumption.fluency_adoption_effect",
    "public.33",
    "public.34",
]


# ---------------------------------------------------------------------------------------------------------
# Parameters


def resolve_path(value: str) -> Path:
    """Resolve a user-given file path: relative paths start at the project folder, never the cwd."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else project_dir() / path


def _check_optional_file(value: str) -> str:
    if value == "":
        return value
    if len(value) > 500 or any(ord(ch) < 32 for ch in value):
        raise ValueError("a file path of at most 500 printable characters")
    if not resolve_path(value).is_file():
        raise ValueError(
            "an existing file (relative paths start at the project folder), or empty for the bundled file"
        )
    return value


OptionalFile = Annotated[str, AfterValidator(_check_optional_file)]


def _check_nonnegative_range(value: list[float]) -> list[float]:
    if value[0] < 0:
        raise ValueError("a range of non-negative numbers")
    return value


NonNegativeRange = Annotated[Range, AfterValidator(_check_nonnegative_range)]


def _check_uplift(value: list[float]) -> list[float]:
    if value[0] < 0 or value[1] > 100:
        raise ValueError("an uplift range within 0–100 index points")
    return value


class Intervention(StrictModel):
    """One development intervention: the tier it serves, its cost per person and its expected uplift."""

    tier: Tier = Field(description="tier the intervention is for")
    description: str = Field(max_length=200, description="what the intervention is")
    cost_per_person: NonNegativeRange = Field(description="cost per participant [low, high] in USD")
    uplift_points: Annotated[Range, AfterValidator(_check_uplift)] = Field(
        description="expected gain of the tier's fluency index [low, high] in index points"
    )


def _figure_range(figure_id: str) -> list[float]:
    fig = reference.figure(figure_id)
    return [fig.low, fig.high]


def default_interventions() -> dict[str, Intervention]:
    """Default interventions per tier; every cost and uplift is a labelled figure (see ``FIGURES_USED``)."""
    months = reference.figure("article.program_months")
    rotation = reference.figure("article.rotation_months")
    return {
        "board_briefings": Intervention(
            tier="board",
            description="Quarterly AI briefings and an AI-governance session (incl. EU AI Act duties) for directors",
            cost_per_person=_figure_range("assumption.fluency_cost_board_briefings"),
            uplift_points=_figure_range("assumption.fluency_uplift_board_briefings"),
        ),
        "executive_workshops": Intervention(
            tier="c_suite",
            description="Executive AI workshops and coaching on strategy, value cases and risk",
            cost_per_person=_figure_range("assumption.fluency_cost_executive_workshops"),
            uplift_points=_figure_range("assumption.fluency_uplift_executive_workshops"),
        ),
        "manager_academy": Intervention(
            tier="middle_management",
            description=f"Manager AI academy: a {months.low:g}–{months.high:g} month learning path on use cases and adoption",
            cost_per_person=_figure_range("article.learning_budget"),
            uplift_points=_figure_range("assumption.fluency_uplift_manager_academy"),
        ),
        "manager_rotations": Intervention(
            tier="middle_management",
            description=f"{rotation.low:g}–{rotation.high:g} month rotations of managers into the AI team",
            cost_per_person=_figure_range("assumption.fluency_cost_manager_rotations"),
            uplift_points=_figure_range("assumption.fluency_uplift_manager_rotations"),
        ),
        "frontline_ai_literacy": Intervention(
            tier="frontline",
            description="Baseline AI-literacy training (EU AI Act Article 4) for staff who use AI systems",
            cost_per_person=_figure_range("assumption.fluency_cost_frontline_literacy"),
            uplift_points=_figure_range("assumption.fluency_uplift_frontline_literacy"),
        ),
    }


def _check_tier_keys(value: dict[str, Any]) -> dict[str, Any]:
    unknown = [key for key in value if key not in TIERS]
    if unknown:
        raise ValueError(f"keys from {', '.join(TIERS)} (unknown: {', '.join(map(str, unknown))})")
    return value


def _check_intervention_keys(value: dict[str, Intervention]) -> dict[str, Intervention]:
    for key in value:
        if not NAME_PATTERN.match(key):
            raise ValueError(f"intervention keys of letters, digits, '_', '-' or '.' (got {key[:40]!r})")
    return value


TargetValue = Annotated[float, Field(ge=0, le=100)]
Headcount = Annotated[int, Field(ge=1, le=10_000_000)]


class LeadershipFluencyParams(NotebookParams):
    """Parameters of ``notebooks/leadership_fluency.ipynb``."""

    notebook: ClassVar[str] = "leadership_fluency"

    organisation_name: str = Field(
        "Example organisation (synthetic survey)",
        min_length=1,
        max_length=120,
        description="shown in the report title",
    )
    responses_csv: OptionalFile = Field(
        "", description="survey responses CSV; empty means the bundled synthetic survey"
    )
    instrument: OptionalFile = Field(
        "", description="instrument CSV (item_id, dimension, text, reverse_coded); empty means bundled"
    )
    targets_csv: OptionalFile = Field(
        "", description="targets CSV (tier, dimension, target); empty means bundled"
    )
    targets: Annotated[dict[str, TargetValue], AfterValidator(_check_tier_keys)] = Field(
        default_factory=dict,
        description="tier -> target index 0-100 applied to every dimension (overrides the file)",
    )
    min_group_size: int = Field(
        5, ge=3, le=1000, description="smallest group (tier, unit or crossing) reported"
    )
    min_items_answered_share: float = Field(
        0.5, gt=0, le=1, description="share of a dimension's items that must be answered to score it"
    )
    alpha_threshold: float = Field(
        default_factory=lambda: round(reference.figure("assumption.fluency_alpha_threshold").value, 6),
        ge=0,
        le=1,
        description="Cronbach's alpha below which a dimension is flagged as unreliable",
    )
    bootstrap_samples: int = Field(
        2000, ge=100, le=100_000, description="bootstrap resamples for the tier CIs"
    )
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    headcount: Annotated[dict[str, Headcount], AfterValidator(_check_tier_keys)] = Field(
        default_factory=dict,
        description="tier -> people to train; tiers not listed use the survey respondents",
    )
    interventions: Annotated[dict[str, Intervention], AfterValidator(_check_intervention_keys)] = Field(
        default_factory=default_interventions,
        description="key -> {tier, description, cost_per_person: [low, high] USD, uplift_points: [low, high]}",
    )
    adoption_effect: float = Field(
        default_factory=lambda: default_adoption_effect(),
        ge=0,
        le=0.9,
        description="share of AI adoption lost per 10 points middle management is below target",
    )


# ---------------------------------------------------------------------------------------------------------
# Reading CSV files: every structural problem with its line, never a traceback


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
    display = path or "fluency_instrument.csv (bundled)"
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
        (the mean of the tier's dimension targets).

    Raises:
        ParamsError: Listing every problem of the file with its line.
    """
    file = resolve_path(path) if path else TARGETS_FILE
    display = path or "fluency_targets.csv (bundled)"
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
                value, source = given[(tier, dimension)], "targets file"
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
    display = path or "sample_fluency_responses.csv (bundled, synthetic)"
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


# ---------------------------------------------------------------------------------------------------------
# Scoring


def reverse_code(answers: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    """Reverse-code the marked item columns of a 1–5 answer matrix: ``x → 6 − x`` (NaN stays NaN)."""
    return np.where(reverse[None, :], (LIKERT_MIN + LIKERT_MAX) - answers, answers)


def dimension_block(answers: np.ndarray, instrument: Instrument, cols: np.ndarray) -> np.ndarray:
    """Reverse-coded answers of a few item columns, as a fresh C-contiguous ``[respondent, item]`` array.

    Equal, value for value, to ``reverse_code(answers, reverse)[:, cols]``, but only the requested columns
    are copied and reverse-coded (the full matrix is never materialised).

    Args:
        answers: Raw answers ``[respondent, item]`` (1–5, NaN missing), instrument order.
        instrument: The instrument (which items are reverse-coded).
        cols: Column positions to take (e.g. :meth:`Instrument.item_positions`).
    """
    block = np.take(answers, cols, axis=1)
    reverse = instrument.reverse[cols]
    if reverse.any():
        block[:, reverse] = (LIKERT_MIN + LIKERT_MAX) - block[:, reverse]
    return block


def min_items_required(n_items: int, share: float) -> int:
    """Items that must be answered to score a dimension of ``n_items``: ``max(1, ceil(share · n_items))``."""
    return max(1, math.ceil(share * n_items - 1e-9))


def likert_to_score(mean_item: np.ndarray | float) -> np.ndarray | float:
    """Map a mean item answer on 1–5 to 0–100: ``(mean − 1) / 4 · 100``."""
    return (mean_item - LIKERT_MIN) / (LIKERT_MAX - LIKERT_MIN) * 100.0


def dimension_scores(answers: np.ndarray, instrument: Instrument, share: float = 0.5) -> np.ndarray:
    """Score every respondent on every dimension (vectorised).

    Args:
        answers: Raw answers ``[respondent, item]`` (1–5, NaN missing), instrument order.
        instrument: The instrument (dimensions, reverse-coded items).
        share: Minimum share of a dimension's items answered (see :func:`min_items_required`).

    Returns:
        ``[respondent, dimension]`` scores on 0–100, NaN where the missing-answer rule is not met.
    """
    out = np.full((answers.shape[0], len(instrument.dimensions)), np.nan)

    def score(
        d: int,
    ) -> None:  # each dimension writes its own column: independent, so threads may share `out`
        cols = instrument.item_positions(instrument.dimensions[d])
        total, count = _answered_sum(answers, instrument.reverse, cols)
        ok = count >= min_items_required(len(cols), share)
        out[ok, d] = likert_to_score(total[ok] / count[ok])

    parallel.map_ordered(score, range(len(instrument.dimensions)), answers.size)
    return out


def _answered_sum(
    answers: np.ndarray, reverse: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent: the sum of the answered, reverse-coded items ``cols`` and how many were answered.

    Accumulates item by item in column order (whole-column operations, no per-row reduction over a short axis).
    """
    total = np.zeros(answers.shape[0])
    count = np.zeros(answers.shape[0], dtype=np.int64)
    for col in cols:
        item = answers[:, col]
        if reverse[col]:
            item = (LIKERT_MIN + LIKERT_MAX) - item
        answered = ~np.isnan(item)
        count += answered
        total += np.where(answered, item, 0.0)
    return total, count


def fluency_index(dim_scores: np.ndarray) -> np.ndarray:
    """Per respondent: the mean of the dimension scores, NaN unless every dimension is scored."""
    complete = ~np.isnan(dim_scores).any(axis=1)
    out = np.full(dim_scores.shape[0], np.nan)
    out[complete] = dim_scores[complete].mean(axis=1)
    return out


@dataclass(frozen=True)
class Scores:
    """Scores of every respondent (never shown individually).

    Attributes:
        dimensions: Dimension keys (columns of ``values`` before the index).
        tier: Tier per respondent.
        business_unit: Business unit per respondent.
        values: ``[respondent, dimension + 1]``; the last column is the fluency index.
    """

    dimensions: tuple[str, ...]
    tier: np.ndarray
    business_unit: np.ndarray
    values: np.ndarray

    @property
    def columns(self) -> tuple[str, ...]:
        """Dimension keys and ``fluency_index``."""
        return (*self.dimensions, INDEX)

    @property
    def index(self) -> np.ndarray:
        """Fluency index per respondent."""
        return self.values[:, -1]


def score_responses(responses: Responses, instrument: Instrument, share: float = 0.5) -> Scores:
    """Dimension scores and fluency index for every respondent."""
    dims = dimension_scores(responses.answers, instrument, share)
    values = np.column_stack([dims, fluency_index(dims)])
    return Scores(instrument.dimensions, responses.tier, responses.business_unit, values)


def cronbach_alpha(items: np.ndarray) -> tuple[float, int]:
    """Cronbach's α of an item matrix, with listwise deletion.

    ``α = k / (k − 1) · (1 − Σ s²_item / s²_total)`` with sample variances (ddof = 1) over the respondents who
    answered every item.

    Args:
        items: ``[respondent, item]``, already reverse-coded; NaN = missing.

    Returns:
        (α, respondents used). α is NaN with fewer than 2 items, fewer than 3 complete respondents or a
        total score without variance.
    """
    complete = items[~np.isnan(items).any(axis=1)]
    n, k = complete.shape
    if k < 2 or n < 3:
        return float("nan"), int(n)
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), int(n)
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_var)), int(n)


def reliability_table(responses: Responses, instrument: Instrument, threshold: float = 0.7) -> pd.DataFrame:
    """Cronbach's α per dimension over all respondents (reverse-coded items, listwise deletion per dimension).

    Returns:
        Columns ``dimension, n_items, alpha, n_complete, reliable`` (``reliable``: α ≥ threshold).
    """

    def alpha_of(dimension: str) -> tuple[float, int]:
        return cronbach_alpha(
            dimension_block(responses.answers, instrument, instrument.item_positions(dimension))
        )

    alphas = parallel.map_ordered(alpha_of, instrument.dimensions, responses.answers.size)
    rows = []
    for dimension, (alpha, n) in zip(instrument.dimensions, alphas, strict=True):
        cols = instrument.item_positions(dimension)
        rows.append(
            {
                "dimension": dimension,
                "n_items": len(cols),
                "alpha": alpha,
                "n_complete": n,
                "reliable": bool(alpha >= threshold) if np.isfinite(alpha) else False,
            }
        )
    return pd.DataFrame(rows)


def item_statistics(responses: Responses, instrument: Instrument) -> pd.DataFrame:
    """Per item: answers, mean (after reverse-coding), corrected item–rest correlation, α if the item is dropped.

    A reverse-coded item with a negative item–rest correlation usually means it was not reverse-coded in
    the instrument file (or respondents misread it).

    Returns:
        Columns ``item_id, dimension, reverse_coded, n_answered, mean, item_rest_r, alpha_if_dropped``.
    """
    coded = reverse_code(responses.answers, instrument.reverse)
    rows = []
    for dimension in instrument.dimensions:
        cols = instrument.item_positions(dimension)
        block = coded[:, cols]
        complete = block[~np.isnan(block).any(axis=1)]
        for j, col in enumerate(cols):
            rest_cols = [c for c in range(len(cols)) if c != j]
            rest = complete[:, rest_cols].sum(axis=1)
            item = complete[:, j]
            ok = complete.shape[0] >= 3 and item.std() > 0 and rest.std() > 0
            r = float(np.corrcoef(item, rest)[0, 1]) if ok else float("nan")
            drop_alpha = cronbach_alpha(block[:, rest_cols])[0] if len(rest_cols) >= 2 else float("nan")
            rows.append(
                {
                    "item_id": instrument.item_ids[col],
                    "dimension": dimension,
                    "reverse_coded": bool(instrument.reverse[col]),
                    "n_answered": int((~np.isnan(coded[:, col])).sum()),
                    "mean": float(np.nanmean(coded[:, col]))
                    if (~np.isnan(coded[:, col])).any()
                    else float("nan"),
                    "item_rest_r": r,
                    "alpha_if_dropped": drop_alpha,
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Tier scores with bootstrap confidence intervals


def group_rows(labels: np.ndarray) -> dict[Any, np.ndarray]:
    """Row positions of each distinct label, ascending within a label (one hash pass and one stable sort).

    ``group_rows(labels)[x]`` equals ``np.flatnonzero(labels == x)`` for every label ``x`` present; missing
    labels (None/NaN) are left out.
    """
    codes, uniques = pd.factorize(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes[codes >= 0], minlength=len(uniques)))])
    start = int((codes < 0).sum())
    return {label: order[start + bounds[i] : start + bounds[i + 1]] for i, label in enumerate(uniques)}


def bootstrap_means(values: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap distribution of the mean of ``values`` (NaN ignored), vectorised.

    Resampling n values with replacement is the same as drawing multinomial counts over the distinct values
    (probabilities = their frequencies), so the cost is O(samples × distinct values), not O(samples × n).

    Returns:
        ``samples`` bootstrap means (empty when there are no values).
    """
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.empty(0)
    distinct, counts = np.unique(values, return_counts=True)
    n = int(counts.sum())
    draws = rng.multinomial(n, counts / n, size=samples)
    return draws @ distinct / n


@dataclass(frozen=True)
class TierResults:
    """Tier × dimension results.

    Attributes:
        table: Contract table ``tier, dimension, n, score, ci_low, ci_high, target, gap`` (suppressed cells empty),
            plus ``suppressed`` (bool) for display; the CSV keeps the contract columns only.
        index_draws: Bootstrap means of the fluency index per reported tier (for comparisons between tiers).
        scores: The respondent-level scores (kept in memory only).
        min_group_size: The suppression threshold used.
    """

    table: pd.DataFrame
    index_draws: dict[str, np.ndarray]
    scores: Scores
    min_group_size: int

    def contract(self) -> pd.DataFrame:
        """The columns of ``tables/tier_scores.csv``."""
        return self.table[["tier", "dimension", "n", "score", "ci_low", "ci_high", "target", "gap"]]

    def reported_tiers(self) -> list[str]:
        """Tiers whose fluency index is reported (enough respondents)."""
        rows = self.table[(self.table["dimension"] == INDEX) & ~self.table["suppressed"]]
        return rows["tier"].tolist()

    def value(self, tier: str, dimension: str = INDEX, column: str = "score") -> float:
        """One cell of the table (NaN if suppressed or absent)."""
        row = self.table[(self.table["tier"] == tier) & (self.table["dimension"] == dimension)]
        return float(row[column].iloc[0]) if len(row) else float("nan")


def tier_results(
    scores: Scores, targets: pd.DataFrame, min_group_size: int, samples: int, rng: np.random.Generator | int
) -> TierResults:
    """Mean score per tier and dimension (and the fluency index) with bootstrap CIs, targets and gaps.

    A cell is suppressed (``n``, ``score``, CI and gap left empty) when fewer than ``min_group_size``
    respondents of the tier have that score; a tier with fewer respondents than that is suppressed whole.
    Tiers with no respondents are left out. Resampling order is fixed (tiers, then columns), so the same
    seed gives the same CIs.

    Args:
        scores: Respondent scores.
        targets: Output of :func:`load_targets`.
        min_group_size: Suppression threshold.
        samples: Bootstrap resamples.
        rng: A seeded generator, or a seed.

    Returns:
        :class:`TierResults`.
    """
    rng = np.random.default_rng(rng)
    alpha = (1 - CI_LEVEL) / 2 * 100
    target_map = targets.set_index(["tier", "dimension"])["target"]
    rows, draws_by_tier = [], {}
    rows_by_tier = group_rows(scores.tier)
    for tier in TIERS:
        in_tier = rows_by_tier.get(tier, np.empty(0, dtype=np.intp))
        tier_n = int(in_tier.size)
        if tier_n == 0:
            continue
        for c, column in enumerate(scores.columns):
            values = scores.values[in_tier, c]
            n = int((~np.isnan(values)).sum())
            target = float(target_map.get((tier, column), np.nan))
            suppressed = tier_n < min_group_size or n < min_group_size
            row = {
                "tier": tier,
                "dimension": column,
                "n": np.nan,
                "score": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
            if not suppressed:
                draws = bootstrap_means(values, samples, rng)
                low, high = np.percentile(draws, [alpha, 100 - alpha])
                score = float(np.nanmean(values))
                row.update(n=n, score=score, ci_low=float(low), ci_high=float(high))
                if column == INDEX:
                    draws_by_tier[tier] = draws
            row.update(target=target, gap=target - row["score"], suppressed=suppressed)
            rows.append(row)
    table = pd.DataFrame(
        rows, columns=["tier", "dimension", "n", "score", "ci_low", "ci_high", "target", "gap", "suppressed"]
    )
    table["n"] = table["n"].astype("Int64")
    return TierResults(table=table, index_draws=draws_by_tier, scores=scores, min_group_size=min_group_size)


def display_tier_table(results: TierResults) -> pd.DataFrame:
    """Tier scores for display: numbers rounded, suppressed cells labelled, CI as one text column."""
    label = suppressed_label(results.min_group_size)
    table = results.table
    out = pd.DataFrame({"tier": table["tier"], "dimension": table["dimension"].str.replace("_", " ")})
    out["n"] = np.where(table["suppressed"], label, table["n"].astype(str))
    out["score"] = np.where(table["suppressed"], label, table["score"].map(lambda v: f"{v:.1f}"))
    out["95% CI"] = np.where(
        table["suppressed"],
        "",
        [f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)],
    )
    out["target"] = table["target"].map(lambda v: f"{v:.0f}")
    out["gap"] = np.where(table["suppressed"], "", table["gap"].map(lambda v: f"{v:+.1f}"))
    return out


def score_matrix(results: TierResults, column: str = "score") -> pd.DataFrame:
    """Tier × dimension matrix (rows: tiers present; columns: dimensions then the index)."""
    table = results.table
    matrix = table.pivot(index="tier", columns="dimension", values=column)
    tiers = [t for t in TIERS if t in matrix.index]
    return matrix.loc[tiers, list(results.scores.columns)]


def weakest_dimensions(results: TierResults) -> dict[str, dict[str, str]]:
    """Per reported tier: the dimension with the lowest score and the one with the largest gap to target."""
    out = {}
    rows = results.table[(results.table["dimension"] != INDEX) & ~results.table["suppressed"]]
    for tier, part in rows.groupby("tier", sort=False):
        out[str(tier)] = {
            "lowest_score": str(part.loc[part["score"].idxmin(), "dimension"]),
            "largest_gap": str(part.loc[part["gap"].idxmax(), "dimension"]),
        }
    return out


# ---------------------------------------------------------------------------------------------------------
# The middle-management failure flag


@dataclass(frozen=True)
class ManagementFlag:
    """Outcome of the middle-management rule (see the module docstring).

    Attributes:
        fires: The rule holds (False when it could not be evaluated).
        evaluable: Both tiers had enough respondents.
        headline: One sentence for the report.
        evidence: Sentences with the numbers behind the verdict.
        mm_index, c_suite_index, mm_target: The compared values (NaN when not reportable).
        prob_below_c_suite: Share of bootstrap draws with middle management below the C-suite.
        lowest_dimensions: Dimensions on which middle management has the lowest score of all reported tiers.
    """

    fires: bool
    evaluable: bool
    headline: str
    evidence: list[str] = field(default_factory=list)
    mm_index: float = float("nan")
    c_suite_index: float = float("nan")
    mm_target: float = float("nan")
    prob_below_c_suite: float = float("nan")
    lowest_dimensions: list[str] = field(default_factory=list)


def middle_management_flag(results: TierResults) -> ManagementFlag:
    """Apply the rule: middle-management index below the C-suite's **and** below its own target.

    Returns:
        The verdict with its evidence.
    """
    mm, cs = "middle_management", "c_suite"
    reported = results.reported_tiers()
    missing = [t for t in (mm, cs) if t not in reported]
    if missing:
        names = " and ".join(t.replace("_", " ") for t in missing)
        return ManagementFlag(
            fires=False,
            evaluable=False,
            headline=f"Middle-management flag not evaluable: {names} has fewer than {results.min_group_size} scored "
            "respondents (or none).",
        )
    mm_index, cs_index = results.value(mm), results.value(cs)
    mm_target = results.value(mm, INDEX, "target")
    below_cs, below_target = mm_index < cs_index, mm_index < mm_target
    fires = bool(below_cs and below_target)
    prob = float(np.mean(results.index_draws[mm] < results.index_draws[cs]))
    rows = results.table[(results.table["dimension"] != INDEX) & ~results.table["suppressed"]]
    lowest = [
        str(dim)
        for dim, part in rows.groupby("dimension", sort=False)
        if len(part) > 1 and part.loc[part["score"].idxmin(), "tier"] == mm
    ]
    mm_lo, mm_hi = results.value(mm, INDEX, "ci_low"), results.value(mm, INDEX, "ci_high")
    cs_lo, cs_hi = results.value(cs, INDEX, "ci_low"), results.value(cs, INDEX, "ci_high")
    if fires:
        headline = (
            f"Middle-management flag FIRES: middle managers' AI-fluency index is {mm_index:.1f}, below the C-suite's "
            f"{cs_index:.1f} and below their target of {mm_target:.0f} — the bottleneck the article warns about."
        )
    else:
        failed = [
            text
            for text, ok in (("not below the C-suite's", below_cs), ("not below its target", below_target))
            if not ok
        ]
        headline = (
            f"Middle-management flag does not fire: the index of {mm_index:.1f} is "
            + " and ".join(failed)
            + "."
        )
    overlap = not (mm_hi < cs_lo or cs_hi < mm_lo)
    evidence = [
        f"Middle management: {mm_index:.1f} (95% CI {mm_lo:.1f}–{mm_hi:.1f}); C-suite: {cs_index:.1f} "
        f"(95% CI {cs_lo:.1f}–{cs_hi:.1f}); the intervals {'overlap' if overlap else 'do not overlap'}.",
        f"Middle-management target: {mm_target:.0f}; gap {mm_target - mm_index:+.1f} points.",
        f"In {fmt_pct(prob)} of bootstrap resamples middle management scores below the C-suite.",
        (
            "Middle management is the lowest tier on: " + ", ".join(d.replace("_", " ") for d in lowest) + "."
            if lowest
            else "Middle management is not the lowest tier on any dimension."
        ),
        "Rule: flag when the middle-management index is below the C-suite's and below its own target "
        "(point estimates; the CIs and resampling share above show how sure that is).",
    ]
    return ManagementFlag(
        fires=fires,
        evaluable=True,
        headline=headline,
        evidence=evidence,
        mm_index=mm_index,
        c_suite_index=cs_index,
        mm_target=mm_target,
        prob_below_c_suite=prob,
        lowest_dimensions=lowest,
    )


# ---------------------------------------------------------------------------------------------------------
# Business units (with primary and secondary suppression)


def business_unit_table(scores: Scores, min_group_size: int) -> pd.DataFrame:
    """Fluency index per business unit × tier and per business unit, with suppression.

    Units and tiers are encoded once as integer codes; counts come from ``np.bincount`` and the means from
    a group-by on the integer cell code (pandas' own mean, so the numbers are those of a group-by on labels).

    Returns:
        Columns ``business_unit, tier, n, fluency_index, suppressed`` (``tier = all`` for the unit total);
        suppressed rows have ``n`` and ``fluency_index`` empty.
    """
    scored = ~np.isnan(scores.index)
    index = scores.index[scored]
    if index.size == 0:
        return pd.DataFrame(columns=["business_unit", "tier", "n", "fluency_index", "suppressed"])
    unit_codes, units = pd.factorize(scores.business_unit[scored], sort=True)
    tier_codes, tier_labels = pd.factorize(scores.tier[scored], sort=True)
    tiers = [t for t in TIERS if t in set(tier_labels)]
    cell = unit_codes.astype(np.int64) * len(tier_labels) + tier_codes
    all_counts = np.bincount(cell, minlength=len(units) * len(tier_labels)).reshape(len(units), -1)
    position = {label: i for i, label in enumerate(tier_labels)}
    columns = [position[t] for t in tiers]
    counts = pd.DataFrame(all_counts[:, columns], index=pd.Index(units, dtype=object), columns=tiers)
    means = pd.Series(index).groupby(cell).mean()
    unit_means = _unit_means(index, unit_codes, len(units))
    mask = suppress_cells(counts, min_group_size).to_numpy()
    rows = []
    for u, unit in enumerate(units):
        for t, tier in enumerate(tiers):
            count = int(counts.iat[u, t])
            if count == 0:
                continue
            hidden = bool(mask[u, t])
            rows.append(
                {
                    "business_unit": unit,
                    "tier": tier,
                    "n": np.nan if hidden else count,
                    "fluency_index": np.nan
                    if hidden
                    else float(means.loc[u * len(tier_labels) + columns[t]]),
                    "suppressed": hidden,
                }
            )
        total = int(counts.iloc[u].sum())
        hidden = total < min_group_size
        rows.append(
            {
                "business_unit": unit,
                "tier": "all",
                "n": np.nan if hidden else total,
                "fluency_index": np.nan if hidden else unit_means[u],
                "suppressed": hidden,
            }
        )
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("Int64")
    return out


def _unit_means(index: np.ndarray, unit_codes: np.ndarray, n_units: int) -> list[float]:
    """Mean of ``index`` per unit code, each the pandas mean of that unit's values in their original order."""
    order = np.argsort(unit_codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(unit_codes, minlength=n_units))])
    ordered = index[order]
    return [float(pd.Series(ordered[bounds[u] : bounds[u + 1]]).mean()) for u in range(n_units)]


def display_business_units(table: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Business-unit table for display (suppressed cells labelled)."""
    label = suppressed_label(min_group_size)
    out = table[["business_unit", "tier"]].copy()
    out["n"] = np.where(table["suppressed"], label, table["n"].astype(str))
    out["fluency_index"] = np.where(
        table["suppressed"], label, table["fluency_index"].map(lambda v: f"{v:.1f}")
    )
    return out


# ---------------------------------------------------------------------------------------------------------
# Plan and the effect on adoption


def people_per_tier(results: TierResults, params: LeadershipFluencyParams) -> dict[str, int]:
    """People to train per tier: ``headcount`` where given, else the tier's respondents."""
    counts = pd.Series(results.scores.tier).value_counts()
    return {tier: int(params.headcount.get(tier, counts.get(tier, 0))) for tier in TIERS}


def plan_table(params: LeadershipFluencyParams, results: TierResults) -> pd.DataFrame:
    """Interventions per tier with cost ranges, expected uplift and cost per point of fluency gained.

    ``cost_per_point`` is USD per participant per index point (low = cheapest cost ÷ largest uplift, high =
    dearest cost ÷ smallest uplift); totals multiply by the people per tier. ``recommended`` marks the
    intervention with the lowest mid cost per point in each tier that is below its target. For middle
    management the adoption multiplier before and after (mid uplift) is shown.

    Returns:
        One row per intervention.
    """
    people = people_per_tier(results, params)
    mm_gap = results.value("middle_management", INDEX, "gap")
    rows = []
    for key, item in params.interventions.items():
        index_now = results.value(item.tier)
        target = results.value(item.tier, INDEX, "target")
        gap = target - index_now
        uplift_mid = sum(item.uplift_points) / 2
        cost_lo, cost_hi = item.cost_per_person
        up_lo, up_hi = item.uplift_points
        row = {
            "tier": item.tier,
            "intervention": key,
            "description": item.description,
            "people": people[item.tier],
            "index_now": index_now,
            "target": target,
            "gap": gap,
            "uplift_low": up_lo,
            "uplift_high": up_hi,
            "index_after_mid": min(100.0, index_now + uplift_mid) if np.isfinite(index_now) else np.nan,
            "cost_per_person_low": cost_lo,
            "cost_per_person_high": cost_hi,
            "total_cost_low": cost_lo * people[item.tier],
            "total_cost_high": cost_hi * people[item.tier],
            "cost_per_point_low": cost_lo / up_hi if up_hi > 0 else np.nan,
            "cost_per_point_high": cost_hi / up_lo if up_lo > 0 else np.nan,
            "adoption_multiplier_now": np.nan,
            "adoption_multiplier_after": np.nan,
        }
        if item.tier == "middle_management" and np.isfinite(mm_gap):
            row["adoption_multiplier_now"] = adoption_multiplier(mm_gap, params.adoption_effect)
            row["adoption_multiplier_after"] = adoption_multiplier(
                mm_gap - uplift_mid, params.adoption_effect
            )
        rows.append(row)
    columns = [
        "tier", "intervention", "description", "people", "index_now", "target", "gap", "uplift_low", "uplift_high",
        "index_after_mid", "cost_per_person_low", "cost_per_person_high", "total_cost_low", "total_cost_high",
        "cost_per_point_low", "cost_per_point_high", "adoption_multiplier_now", "adoption_multiplier_after",
    ]  # fmt: skip
    plan = pd.DataFrame(rows, columns=columns)
    if plan.empty:
        return plan.assign(recommended=pd.Series(dtype=bool))
    mid_cost = (plan["cost_per_point_low"] + plan["cost_per_point_high"]) / 2
    best = mid_cost.groupby(plan["tier"]).transform("min")
    plan["recommended"] = (plan["gap"] > 0) & (mid_cost == best) & plan["people"].gt(0)
    order = {t: i for i, t in enumerate(TIERS)}
    return plan.sort_values(
        ["tier", "intervention"], key=lambda s: s.map(order) if s.name == "tier" else s
    ).reset_index(drop=True)


def display_plan(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan for display (ranges as text)."""
    return pd.DataFrame(
        {
            "tier": plan["tier"],
            "intervention": plan["intervention"].str.replace("_", " "),
            "what": plan["description"],
            "people": plan["people"],
            "index now → target": [
                "suppressed" if not np.isfinite(a) else f"{a:.1f} → {b:.0f}"
                for a, b in zip(plan["index_now"], plan["target"], strict=True)
            ],
            "uplift (points)": [
                f"{a:g}–{b:g}" for a, b in zip(plan["uplift_low"], plan["uplift_high"], strict=True)
            ],
            "cost per person": [
                f"{fmt_money(a)}–{fmt_money(b)}"
                for a, b in zip(plan["cost_per_person_low"], plan["cost_per_person_high"], strict=True)
            ],
            "total cost": [
                f"{fmt_money(a)}–{fmt_money(b)}"
                for a, b in zip(plan["total_cost_low"], plan["total_cost_high"], strict=True)
            ],
            "USD per person per point": [
                f"{fmt_money(a)}–{fmt_money(b)}"
                for a, b in zip(plan["cost_per_point_low"], plan["cost_per_point_high"], strict=True)
            ],
            "recommended": plan["recommended"].map({True: "yes", False: ""}),
        }
    )


def adoption_sensitivity(results: TierResults) -> pd.DataFrame:
    """Adoption multiplier at today's middle-management gap for the low, mid and high adoption-effect assumption."""
    fig = reference.figure("assumption.fluency_adoption_effect")
    gap = results.value("middle_management", INDEX, "gap")
    return pd.DataFrame(
        [
            {
                "adoption_effect": label,
                "effect_per_10_points": effect,
                "middle_management_gap": gap,
                "adoption_multiplier": adoption_multiplier(gap, effect) if np.isfinite(gap) else np.nan,
            }
            for label, effect in (("low", fig.low), ("mid", fig.value), ("high", fig.high))
        ]
    )


# ---------------------------------------------------------------------------------------------------------
# Inputs, data quality, public context, findings, metrics


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


def data_quality_table(inputs: Inputs, scores: Scores, params: LeadershipFluencyParams) -> pd.DataFrame:
    """Respondents per tier, how many could be scored, and the share of missing answers (aggregates only)."""
    label = suppressed_label(params.min_group_size)
    rows = []
    for tier in TIERS:
        mask = scores.tier == tier
        n = int(mask.sum())
        if n == 0:
            continue
        small = n < params.min_group_size
        rows.append(
            {
                "tier": tier,
                "respondents": label if small else str(n),
                "with a fluency index": label if small else str(int((~np.isnan(scores.index[mask])).sum())),
                "missing answers": label
                if small
                else fmt_pct(float(np.isnan(inputs.responses.answers[mask]).mean()), 1),
            }
        )
    return pd.DataFrame(rows)


def instrument_table(instrument: Instrument) -> pd.DataFrame:
    """The instrument for display."""
    items = instrument.items
    return pd.DataFrame(
        {
            "item": items["item_id"],
            "dimension": items["dimension"].str.replace("_", " "),
            "statement (1 strongly disagree … 5 strongly agree)": items["text"],
            "reverse-coded": items["reverse_coded"].map({True: "yes", False: ""}),
        }
    )


def public_context_table() -> pd.DataFrame:
    """Public survey figures on AI skills and training (Work Trend Index 2024) for context."""
    rows = []
    for fid in ("public.33", "public.34"):
        fig = reference.figure(fid)
        rows.append(
            {
                "figure": fig.description,
                "value": f"{fig.value:g} {fig.unit}",
                "source": fig.citation,
                "note": fig.note,
            }
        )
    return pd.DataFrame(rows)


def findings(
    results: TierResults, reliability: pd.DataFrame, flag: ManagementFlag, params: LeadershipFluencyParams
) -> list[str]:
    """Plain-language findings, every number computed from the run."""
    out = []
    reported = results.reported_tiers()
    if reported:
        parts = [
            f"{t.replace('_', ' ')} {results.value(t):.1f} (target {results.value(t, INDEX, 'target'):.0f})"
            for t in reported
        ]
        out.append("AI-fluency index (0–100) by tier: " + "; ".join(parts) + ".")
        below = [t for t in reported if results.value(t, INDEX, "gap") > 0]
        if below:
            worst = max(below, key=lambda t: results.value(t, INDEX, "gap"))
            out.append(
                f"{len(below)} of {len(reported)} reported tiers are below target; the largest gap is "
                f"{worst.replace('_', ' ')} at {results.value(worst, INDEX, 'gap'):.1f} points."
            )
    hidden = sorted(set(results.table.loc[results.table["suppressed"], "tier"]))
    if hidden:
        out.append(
            "Not reported for privacy (fewer than "
            f"{params.min_group_size} respondents): "
            + ", ".join(t.replace("_", " ") for t in hidden)
            + " (some or all cells)."
        )
    weak = reliability[~reliability["reliable"]]
    if len(weak):
        out.append(
            "Scales below the reliability threshold (α < "
            f"{params.alpha_threshold:g}): "
            + ", ".join(
                f"{d.replace('_', ' ')} (α {a:.2f})"
                for d, a in zip(weak["dimension"], weak["alpha"], strict=True)
            )
            + " — read those scores with care."
        )
    else:
        out.append(f"Every dimension's scale reaches α ≥ {params.alpha_threshold:g}.")
    out.append(flag.headline)
    return out


def recommendations(metrics: dict[str, Any], params: LeadershipFluencyParams) -> list[str]:
    """What to do about leadership AI fluency, each with its number from the run's metrics."""
    out = []
    index = metrics.get("index_by_tier", {})
    if metrics.get("middle_management_flag"):
        out.append(
            f"Start the fluency programme with middle management: its index {index['middle_management']:.1f} is below "
            f"the C-suite's {index['c_suite']:.1f} and {metrics['middle_management_gap']:.1f} points under its target; "
            f"its largest gap is in {metrics['largest_gap_dimension'].get('middle_management', 'n/a').replace('_', ' ')}."
        )
    interventions = metrics.get("recommended_interventions") or []
    if interventions:
        out.append(
            f"Fund {', '.join(i.replace('_', ' ') for i in interventions)} "
            f"({fmt_money(metrics['plan_total_cost_low'])}–{fmt_money(metrics['plan_total_cost_high'])} in total): the "
            "cheapest intervention per fluency point for each tier below target (see the plan table)."
        )
    multiplier = metrics.get("adoption_multiplier")
    if multiplier is not None and multiplier < 1:
        out.append(
            f"Expect AI tools to reach about {fmt_pct(multiplier)} of their planned adoption until middle management "
            f"closes its gap (labelled assumption: {fmt_pct(params.adoption_effect)} of adoption lost per 10 points)."
        )
    weak = metrics.get("low_reliability_dimensions") or []
    if weak:
        out.append(
            "Revise the survey items of "
            + ", ".join(d.replace("_", " ") for d in weak)
            + " before acting on those "
            "scores: their scales fall below the reliability threshold."
        )
    return out


def metrics(
    params: LeadershipFluencyParams,
    inputs: Inputs,
    results: TierResults,
    reliability: pd.DataFrame,
    flag: ManagementFlag,
    plan: pd.DataFrame,
) -> dict[str, Any]:
    """Headline numbers for ``metrics.json``."""
    index_by_tier = {t: _none_if_nan(results.value(t)) for t in TIERS if (results.table["tier"] == t).any()}
    weakest = weakest_dimensions(results)
    mm_gap = results.value("middle_management", INDEX, "gap")
    recommended = plan.loc[plan["recommended"]] if len(plan) else plan
    return {
        "organisation_name": params.organisation_name,
        "n_respondents": inputs.responses.n,
        "n_with_index": int((~np.isnan(results.scores.index)).sum()),
        "seed": params.seed,
        "bootstrap_samples": params.bootstrap_samples,
        "min_group_size": params.min_group_size,
        "index_by_tier": index_by_tier,
        **{f"index_{t}": v for t, v in index_by_tier.items()},
        "target_by_tier": {t: results.value(t, INDEX, "target") for t in index_by_tier},
        "weakest_dimension": {t: v["lowest_score"] for t, v in weakest.items()},
        "largest_gap_dimension": {t: v["largest_gap"] for t, v in weakest.items()},
        "middle_management_flag": flag.fires,
        "middle_management_flag_evaluable": flag.evaluable,
        "middle_management_flag_reason": flag.headline,
        "middle_management_prob_below_c_suite": _none_if_nan(flag.prob_below_c_suite),
        "middle_management_gap": _none_if_nan(mm_gap),
        "adoption_effect": params.adoption_effect,
        "adoption_multiplier": adoption_multiplier(mm_gap, params.adoption_effect)
        if np.isfinite(mm_gap)
        else None,
        "alpha_by_dimension": {
            d: _none_if_nan(a) for d, a in zip(reliability["dimension"], reliability["alpha"], strict=True)
        },
        "low_reliability_dimensions": reliability.loc[~reliability["reliable"], "dimension"].tolist(),
        "suppressed_cells": int(results.table["suppressed"].sum()),
        "recommended_interventions": recommended["intervention"].tolist() if len(plan) else [],
        "plan_total_cost_low": float(recommended["total_cost_low"].sum()) if len(plan) else 0.0,
        "plan_total_cost_high": float(recommended["total_cost_high"].sum()) if len(plan) else 0.0,
    }


def _none_if_nan(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def run_notice(params: LeadershipFluencyParams, inputs: Inputs) -> str:
    """One line naming the organisation and the files scored (plain text; the display escapes it)."""
    synthetic = " — SYNTHETIC DATA, for illustration only" if not params.responses_csv else ""
    return (
        f"{params.organisation_name}: {inputs.responses.n:,} responses from {Path(inputs.responses.source).name}{synthetic}; "
        f"instrument {inputs.instrument.source} ({len(inputs.instrument.item_ids)} items, "
        f"{len(inputs.instrument.dimensions)} dimensions)."
    )


# ---------------------------------------------------------------------------------------------------------
# Synthetic survey (deterministic)

SYNTHETIC_SEED = 20260205
SYNTHETIC_UNITS = (
    "Synthetic BU Retail",
    "Synthetic BU Operations",
    "Synthetic BU Finance",
    "Synthetic BU Digital",
)
#: Respondents per (tier, business unit); the small "Legal" cells show suppression at work.
SYNTHETIC_LAYOUT: dict[str, dict[str, int]] = {
    "board": {"Synthetic BU Group": 11},
    "c_suite": {"Synthetic BU Group": 16},
    "middle_management": {
        "Synthetic BU Retail": 44,
        "Synthetic BU Operations": 40,
        "Synthetic BU Finance": 26,
        "Synthetic BU Digital": 27,
        "Synthetic BU Legal": 3,
    },
    "frontline": {
        "Synthetic BU Retail": 100,
        "Synthetic BU Operations": 90,
        "Synthetic BU Finance": 30,
        "Synthetic BU Digital": 36,
        "Synthetic BU Legal": 4,
    },
}
#: Latent mean answer (1–5 scale) per tier and dimension of the bundled instrument. Built so that middle
#: management is the lowest tier on use-case evaluation and change leadership (the article's claim).
SYNTHETIC_MEANS: dict[str, tuple[float, float, float, float, float]] = {
    # strategy, risk, data, use case, change
    "board": (3.55, 3.6, 2.75, 3.1, 3.35),
    "c_suite": (4.0, 3.55, 3.3, 3.75, 3.75),
    "middle_management": (2.85, 2.95, 3.0, 2.6, 2.55),
    "frontline": (2.7, 2.6, 3.25, 2.95, 3.05),
}


def synthetic_responses(seed: int = SYNTHETIC_SEED) -> pd.DataFrame:
    """Generate the bundled, clearly synthetic survey deterministically.

    Model: answer = round(tier mean + general trait + dimension trait + item noise), clipped to 1–5, then
    reverse-coded items flipped (6 − x); about 4 % of answers are left blank at random and 3 respondents
    broke off after a few items (they fail the missing-answer rule). Respondent ids ``SYN-R0001…`` are assigned
    after shuffling, so they carry no information about the tier.

    Returns:
        Columns ``respondent_id, tier, business_unit, q01 … q20`` (answers as nullable integers).
    """
    instrument = load_instrument()
    rng = np.random.default_rng(seed)
    tiers, units = [], []
    for tier, layout in SYNTHETIC_LAYOUT.items():
        for unit, count in layout.items():
            tiers += [tier] * count
            units += [unit] * count
    n, k = len(tiers), len(instrument.item_ids)
    order = rng.permutation(n)
    tiers_arr, units_arr = np.array(tiers, dtype=object)[order], np.array(units, dtype=object)[order]
    dim_of_item = np.array([instrument.dimensions.index(d) for d in instrument.items["dimension"]])
    means = np.array([SYNTHETIC_MEANS[t] for t in tiers_arr])  # [n, D]
    general = rng.normal(0.0, 0.45, size=(n, 1))
    specific = rng.normal(0.0, 0.5, size=means.shape)
    latent = (means + general + specific)[:, dim_of_item]  # [n, k]
    noise_sd = np.where(instrument.reverse, 0.8, 0.6)
    raw = np.clip(np.rint(latent + rng.normal(0.0, 1.0, size=(n, k)) * noise_sd), LIKERT_MIN, LIKERT_MAX)
    answers = np.where(instrument.reverse, (LIKERT_MIN + LIKERT_MAX) - raw, raw)
    answers[rng.random((n, k)) < 0.04] = np.nan
    for row in rng.choice(n, size=3, replace=False):
        answers[row, 3:] = np.nan
    frame = pd.DataFrame(
        {
            "respondent_id": [f"SYN-R{i + 1:04d}" for i in range(n)],
            "tier": tiers_arr,
            "business_unit": units_arr,
        }
    )
    for position, item in enumerate(instrument.item_ids):
        frame[item] = pd.array(answers[:, position], dtype="Float64").astype("Int64")
    return frame


def write_synthetic_responses(path: Path = SAMPLE_RESPONSES_FILE, seed: int = SYNTHETIC_SEED) -> Path:
    """Write :func:`synthetic_responses` as CSV (Unix line ends, blanks for missing answers)."""
    synthetic_responses(seed).to_csv(path, index=False, lineterminator="\n", na_rep="")
    return path


# ---------------------------------------------------------------------------------------------------------
# Charts (data → figure; the notebook saves and captions them through report.Artifacts)


def _target_source_caption() -> str:
    return sources_caption(
        ["Synthetic survey or your responses file", "targets: talentlib assumptions (fluency_targets.csv)"]
    )


def _pretty(name: str) -> str:
    return name.replace("_", " ")


def heatmap_chart(results: TierResults) -> Chart:
    """Tier × dimension heatmap of mean scores (0–100), suppressed cells greyed and labelled."""
    from talentlib.plots import plt, sns

    matrix = score_matrix(results).astype(float)
    targets = score_matrix(results, "target").astype(float)
    hidden = score_matrix(results, "suppressed").astype(bool)
    label = suppressed_label(results.min_group_size).replace(" (", "\n(")
    annot = np.where(
        hidden.to_numpy(),
        label,
        np.vectorize(lambda s, t: f"{s:.0f}\n(target {t:.0f})")(
            matrix.fillna(0).to_numpy(), targets.to_numpy()
        ),
    )
    fig, axis = plt.subplots(figsize=(1.6 * matrix.shape[1] + 2.5, 0.9 * matrix.shape[0] + 1.8))
    axis.set_facecolor("#e6e6e6")
    sns.heatmap(
        matrix.where(~hidden),
        mask=hidden.to_numpy(),
        annot=annot,
        fmt="",
        vmin=0,
        vmax=100,
        cmap="RdYlGn",
        linewidths=1,
        linecolor="white",
        cbar_kws={"label": "score (0–100)"},
        annot_kws={"fontsize": 8},
        ax=axis,
    )
    for (r, c), value in np.ndenumerate(annot):
        if hidden.to_numpy()[r, c]:
            axis.text(c + 0.5, r + 0.5, value, ha="center", va="center", fontsize=8, color="#444444")
    # Horizontal, wrapped to the column width (1.6 in): rotated labels of neighbouring columns ran together.
    axis.set_xticklabels([textwrap.fill(_pretty(c), 14) for c in matrix.columns], rotation=0, ha="center")
    axis.set_yticklabels([_pretty(t) for t in matrix.index], rotation=0)
    axis.set_xlabel("")
    axis.set_ylabel("")
    axis.set_title("AI fluency by tier and dimension (mean score, 0–100)")
    fig.tight_layout()
    return Chart(
        fig,
        "heatmap",
        alt="Heatmap of mean AI-fluency scores, one row per tier and one column per dimension plus the overall index; "
        "cells show the score and its target, small groups are greyed out as suppressed.",
        caption="Mean of respondent scores; score = (mean item − 1)/4 × 100 after reverse-coding. "
        + _target_source_caption(),
    )


def gap_chart(results: TierResults) -> Chart:
    """Horizontal bars of the gap to target (target − score) per dimension, one panel per reported tier."""
    from talentlib.plots import PALETTE, plt

    tiers = results.reported_tiers() or ["(none)"]
    columns = list(results.scores.columns)
    fig, axes = plt.subplots(
        1,
        len(tiers),
        figsize=(3.4 * len(tiers) + 1.5, 0.45 * len(columns) + 1.8),
        sharey=True,
        sharex=True,
        squeeze=False,
    )
    positions = np.arange(len(columns))
    for axis, tier in zip(axes[0], tiers, strict=True):
        part = results.table[results.table["tier"] == tier].set_index("dimension").reindex(columns)
        gaps = part["gap"].to_numpy(dtype=float)
        colours = [PALETTE[4] if g > 0 else PALETTE[2] for g in np.nan_to_num(gaps)]
        axis.barh(positions, np.nan_to_num(gaps), color=colours)
        axis.axvline(0, color="black", linewidth=1)
        for pos, (gap, hidden) in enumerate(zip(gaps, part["suppressed"].fillna(True), strict=True)):
            text = "suppressed" if hidden else f"{gap:+.1f}"
            axis.annotate(
                text,
                (0 if hidden else gap, pos),
                ha="left" if (hidden or gap >= 0) else "right",
                va="center",
                fontsize=8,
            )
        axis.set_title(_pretty(tier))
        axis.set_xlabel("points below target (+) / above (−)")
    axes[0][0].set_yticks(positions, [_pretty(c) for c in columns])
    axes[0][0].invert_yaxis()
    fig.suptitle("Gap to target by tier (target − score, index points)", fontweight="bold")
    fig.tight_layout()
    return Chart(
        fig,
        "gap_bars",
        alt="Bar panels, one per tier, of the gap between target and score for each dimension and the index; "
        "bars to the right are shortfalls.",
        caption="Gap = target − mean score; positive means below target. Targets are labelled assumptions. "
        + _target_source_caption(),
    )


def distribution_chart(results: TierResults) -> Chart:
    """Distribution of the respondents' fluency index per reported tier (binned densities, no individual points)."""
    from talentlib.plots import PALETTE, plt

    fig, axis = plt.subplots(figsize=(8, 4.2))
    bins = np.linspace(0, 100, 21)
    for colour, tier in zip(PALETTE, results.reported_tiers(), strict=False):
        values = results.scores.index[(results.scores.tier == tier) & ~np.isnan(results.scores.index)]
        axis.hist(
            values,
            bins=bins,
            density=True,
            histtype="step",
            linewidth=2,
            color=colour,
            label=f"{_pretty(tier)} (n={values.size})",
        )
        axis.axvline(float(np.mean(values)), color=colour, linestyle="--", linewidth=1)
    axis.set_xlim(0, 100)
    axis.set_xlabel("fluency index (0–100)")
    axis.set_ylabel("density")
    axis.set_title("Distribution of the fluency index by tier (dashed: tier mean)")
    axis.legend(fontsize=8)
    fig.tight_layout()
    return Chart(
        fig,
        "distributions",
        alt="Step histograms of the respondents' fluency index for each reported tier, with dashed lines at the tier means.",
        caption="Binned in 5-point steps; only tiers with at least the minimum group size are drawn. "
        + _target_source_caption(),
    )


def explorer_widget(results: TierResults) -> Any:
    """A tier selector and a target slider; the tier's dimension scores, CIs and gaps redraw live.

    Returns:
        An ipywidgets ``VBox``; None in a talentlib batch run (:func:`talentlib.config.batch_mode`), whose
        reports show the static charts instead.
    """
    if batch_mode():
        return None  # batch reports drop widget views: nothing to build
    import ipywidgets as widgets

    from talentlib.plots import plt

    tiers = results.reported_tiers()
    if not tiers:
        return widgets.HTML("<p>No tier has enough respondents to explore.</p>")
    tier = widgets.Dropdown(
        options=[(_pretty(t), t) for t in tiers],
        value=tiers[-1] if "middle_management" not in tiers else "middle_management",
        description="Tier",
    )
    target = widgets.FloatSlider(
        value=results.value(tier.value, INDEX, "target"), min=0, max=100, step=1, description="Target"
    )
    image = widgets.Image(format="png")

    def on_tier(*_: Any) -> None:
        target.value = results.value(tier.value, INDEX, "target")
        redraw()

    def redraw(*_: Any) -> None:
        part = results.table[(results.table["tier"] == tier.value) & ~results.table["suppressed"]]
        fig, axis = plt.subplots(figsize=(7, 3.5))
        positions = np.arange(len(part))
        axis.barh(
            positions,
            part["score"],
            xerr=[part["score"] - part["ci_low"], part["ci_high"] - part["score"]],
            color="#1b6ca8",
        )
        axis.axvline(target.value, color="#c44e52", linestyle="--", label=f"target {target.value:.0f}")
        axis.set_yticks(positions, [_pretty(d) for d in part["dimension"]])
        axis.set_xlim(0, 100)
        below = int((part["score"] < target.value).sum())
        axis.set_title(
            f"{_pretty(tier.value)}: {below} of {len(part)} scores below a target of {target.value:.0f}"
        )
        axis.legend(loc="lower right")
        fig.tight_layout()
        image.value = figure_png(fig, dpi=90)

    tier.observe(on_tier, names="value")
    target.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([tier, target]), image])


TABLE_FORMATS: dict[str, Any] = {
    "alpha": lambda v: f"{v:.2f}",
    "alpha_if_dropped": lambda v: f"{v:.2f}",
    "item_rest_r": lambda v: f"{v:.2f}",
    "mean": lambda v: f"{v:.2f}",
    "adoption_multiplier": lambda v: f"{v:.3f}",
    "effect_per_10_points": lambda v: fmt_pct(v),
    "middle_management_gap": lambda v: fmt_num(v, 1),
}


def display_reliability(reliability: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Reliability for display, with a verdict column."""
    out = reliability.copy()
    out["dimension"] = out["dimension"].str.replace("_", " ")
    out["verdict"] = np.where(out["reliable"], "ok", f"below {threshold:g} — interpret with care")
    return out.drop(columns="reliable")


def validate_inputs(params: LeadershipFluencyParams) -> None:
    """Check the instrument, targets and responses files before any kernel starts (the runner calls this).

    Raises:
        ParamsError: Every problem, with file, row and column.
    """
    load_inputs(params)


SPEC = NotebookSpec(
    name="leadership_fluency",
    title="Leadership AI fluency",
    question="How AI-fluent is our leadership, tier by tier, where is the bottleneck, and what should we invest in?",
    params_model=LeadershipFluencyParams,
    artifacts=(
        "metrics.json",
        "tables/tier_scores.csv",
        "tables/reliability.csv",
        "tables/plan.csv",
        "tables/items.csv",
        "tables/business_units.csv",
        "figures/heatmap.png",
        "figures/gap_bars.png",
        "figures/distributions.png",
    ),
    headlines=(
        Headline("index_middle_management", "Middle-management fluency index (0–100)", "num"),
        Headline("index_c_suite", "C-suite fluency index (0–100)", "num"),
        Headline("middle_management_flag", "Middle-management bottleneck flag", "text"),
        Headline("adoption_multiplier", "Adoption reached vs. no fluency gap (assumption)", "pct"),
    ),
    timeout_seconds=300,
    key_figures=("figures/heatmap.png",),
    figures=tuple(FIGURES_USED),
    validate_inputs=validate_inputs,
)
