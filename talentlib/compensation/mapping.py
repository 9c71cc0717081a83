"""HR exports (Workday, BambooHR and the like) read through a mapping file instead of hand-editing.

The mapping YAML (``employees_mapping``) has four sections:

``columns``
    Export header → talentlib column (headers compared ignoring case): ``employee_id``, ``title``, ``grade``,
    ``years_experience``, ``location``, ``country``, ``base_salary``, ``bonus``, ``equity``, ``total_comp``,
    ``business_unit``, ``hire_date``. Without ``total_comp`` it is ``base_salary + bonus + equity`` (blank
    parts count 0).
``titles``
    ``extra``: title → role on top of ``data/title_role_map.csv`` (the map the survey is read with; titles
    compared like labels, ignoring case, spaces and hyphens); ``unmapped``: ``refuse`` (default: the run stops,
    each unmapped title listed once with its row count) or ``exclude`` (those rows are left out and the report
    lists the titles with counts). Salaries are never listed.
``levels``
    ``grades``: grade → ``junior``/``mid``/``senior``; or ``years_experience``: ``{mid: 3, senior: 7}`` (at least
    that many years; fewer is junior).
``locations``
    ``cities``: work location → US tier; a row whose ``country`` is not ``US`` is ``international`` with its
    country kept; a blank country is read as ``US``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from talentlib import user_files
from talentlib.compensation.schema import INTERNATIONAL
from talentlib.errors import ParamsError
from talentlib.params import StrictModel, parse_yaml_text, validate_params

TARGETS = (
    "employee_id",
    "title",
    "grade",
    "years_experience",
    "location",
    "country",
    "base_salary",
    "bonus",
    "equity",
    "total_comp",
    "business_unit",
    "hire_date",
)
Target = Literal[TARGETS]  # type: ignore[valid-type]
Level = Literal["junior", "mid", "senior"]


class TitleRules(StrictModel):
    """``titles:`` of a mapping file."""

    extra: dict[str, str] = Field(default_factory=dict)
    unmapped: Literal["refuse", "exclude"] = "refuse"


class LevelRules(StrictModel):
    """``levels:`` of a mapping file (grades, or thresholds of years of experience)."""

    grades: dict[str, Level] = Field(default_factory=dict)
    years_experience: dict[Literal["mid", "senior"], float] = Field(default_factory=dict)


class LocationRules(StrictModel):
    """``locations:`` of a mapping file."""

    cities: dict[str, str] = Field(default_factory=dict)


class ExportMapping(StrictModel):
    """A mapping file (validated like scenario YAML: every problem named by key)."""

    columns: dict[str, Target]
    titles: TitleRules = Field(default_factory=TitleRules)
    levels: LevelRules = Field(default_factory=LevelRules)
    locations: LocationRules = Field(default_factory=LocationRules)


def load_mapping(path: Path) -> ExportMapping:
    """Read and validate a mapping YAML (refused with file and key on any problem)."""
    text = user_files.read_text(path, path.name, expected="a mapping YAML file")
    values = parse_yaml_text(text, path.name)
    if not isinstance(values, dict):
        raise ParamsError([f"{path.name}: expected a mapping with columns, titles, levels, locations"])
    return validate_params(ExportMapping, values, path.name)


def _keys(mapping: dict[str, str]) -> dict[str, str]:
    """A label map keyed like :func:`talentlib.user_files.normalise_labels`."""
    keys = user_files.normalise_labels(pd.Series(list(mapping), dtype=str))
    return dict(zip(keys, mapping.values(), strict=True))


def _unknown(
    table: user_files.CsvTable, column: str, keys: pd.Series, known: pd.Series, what: str, hint: str
) -> pd.DataFrame:
    """Distinct unknown values of a column with their row counts; each reported once (at its first line)."""
    bad = ~known & keys.ne("")
    raw = table.frame[column].astype(str).str.strip()
    counts = (
        pd.DataFrame({"value": raw[bad], "key": keys[bad], "line": table.lines[bad.to_numpy()]})
        .groupby("key", sort=True)
        .agg(value=("value", "first"), rows=("value", "size"), line=("line", "min"))
        .reset_index(drop=True)
    )
    return counts.assign(what=what, hint=hint)


def _report(table: user_files.CsvTable, unknown: pd.DataFrame, column: str) -> None:
    """One problem per distinct unknown value: ``… 'Office Manager' (3 rows) has no …`` (numbers not echoed).

    ``column`` is the export's own header (the message names the user's column).
    """
    for _, row in unknown.iterrows():
        numeric = pd.notna(pd.to_numeric(row["value"], errors="coerce"))
        shown = "(a number)" if numeric else repr(row["value"][:40])
        table.problems.add(
            f"{row['what']} {shown} ({row['rows']} rows) {row['hint']}", int(row["line"]), column
        )


def _roles(
    table: user_files.CsvTable, rules: TitleRules, title_map: dict[str, str], names: dict[str, str]
) -> tuple[pd.Series, pd.DataFrame]:
    """Role per row from the title, and the unmapped titles (``title, rows``) when they are excluded."""
    keys = user_files.normalise_labels(table.frame["title"])
    lookup = _keys(title_map) | _keys(rules.extra)
    roles = keys.map(lookup)
    unknown = _unknown(
        table,
        "title",
        keys,
        roles.notna(),
        "title",
        "has no role in data/title_role_map.csv; add it under titles.extra or set titles.unmapped: exclude",
    )
    if rules.unmapped == "refuse":
        _report(table, unknown, names.get("title", "title"))
        excluded = unknown.iloc[0:0]
    else:
        excluded = unknown
    blank = keys.eq("")
    table.problems.at(
        table.lines[blank.to_numpy()], "blank; expected a job title", names.get("title", "title")
    )
    return roles.fillna(""), excluded[["value", "rows"]].rename(columns={"value": "title"})


def _levels(table: user_files.CsvTable, rules: LevelRules, names: dict[str, str]) -> pd.Series:
    """Level per row from the grade map or the years-of-experience thresholds."""
    frame = table.frame
    if rules.grades and "grade" in frame:
        keys = user_files.normalise_labels(frame["grade"])
        levels = keys.map(_keys(rules.grades))
        unknown = _unknown(table, "grade", keys, levels.notna(), "grade", "is not under levels.grades")
        _report(table, unknown, names.get("grade", "grade"))
        table.problems.at(table.lines[keys.eq("").to_numpy()], "blank; expected a grade", "grade")
        return levels.fillna("")
    if rules.years_experience and "years_experience" in frame:
        years = pd.to_numeric(frame["years_experience"].str.strip(), errors="coerce")
        bad = years.isna() | (years < 0)
        table.problems.at(
            table.lines[bad.to_numpy()], "expected years of experience (0 or more)", "years_experience"
        )
        mid = rules.years_experience.get("mid", np.inf)
        senior = rules.years_experience.get("senior", np.inf)
        return pd.Series(
            np.select([years >= senior, years >= mid], ["senior", "mid"], "junior"), index=frame.index
        )
    table.problems.add(
        "levels: give grades (with a grade column) or years_experience (with its column)", table.header_line
    )
    return pd.Series("", index=frame.index)


def _locations(
    table: user_files.CsvTable, rules: LocationRules, names: dict[str, str]
) -> tuple[pd.Series, pd.Series]:
    """Tier and country per row: non-US countries are international, US rows go through ``locations.cities``."""
    frame = table.frame
    country = (
        (frame["country"] if "country" in frame else pd.Series("", index=frame.index)).str.strip().str.upper()
    )
    country = country.replace("", "US")
    us = country.eq("US")
    tier = pd.Series(INTERNATIONAL, index=frame.index, dtype=object)
    if "location" in frame:
        keys = user_files.normalise_labels(frame["location"])
        mapped = keys.map(_keys(rules.cities))
        unknown = _unknown(
            table,
            "location",
            keys.where(us, ""),
            mapped.notna() | ~us,
            "US location",
            "is not under locations.cities",
        )
        _report(table, unknown, names.get("location", "location"))
        tier = tier.where(~us, mapped.fillna(""))
    elif us.any():
        table.problems.add(
            "US rows need a location column mapped to a tier (locations.cities)", table.header_line
        )
    return tier, country.where(~us, "")


def apply_mapping(
    table: user_files.CsvTable, mapping: ExportMapping, title_map: dict[str, str]
) -> tuple[user_files.CsvTable, pd.DataFrame, bool]:
    """Turn an HR export into talentlib's employee columns (text cells; values are checked afterwards).

    Args:
        table: The export as read by :func:`talentlib.user_files.read_table`.
        mapping: The validated mapping file.
        title_map: Title → role (the survey's map).

    Returns:
        The table with columns ``employee_id, role, level, location_tier, country, base_salary, bonus, equity,
        total_comp, business_unit, hire_date`` (those present), the excluded titles (``title, rows``), and
        whether ``total_comp`` is to be derived from its parts.
    """
    rename = {header.strip().lower(): target for header, target in mapping.columns.items()}
    missing = [h for h, target in mapping.columns.items() if h.strip().lower() not in table.frame.columns]
    for header in missing:
        table.problems.add("missing (named under columns in the mapping file)", table.header_line, header)
    frame = table.frame[[c for c in table.frame.columns if c in rename]].rename(columns=rename)
    mapped = user_files.CsvTable(table.header, frame, table.lines, table.header_line, table.problems)
    if missing or "title" not in frame or "employee_id" not in frame:
        if "title" not in frame or "employee_id" not in frame:
            table.problems.add("columns: map an employee_id and a title column", table.header_line)
        table.problems.raise_if_any()
    names = {target: header for header, target in mapping.columns.items()}
    roles, excluded = _roles(mapped, mapping.titles, title_map, names)
    out = frame.drop(columns=[c for c in ("title", "grade", "years_experience", "location") if c in frame])
    out["role"] = roles
    out["level"] = _levels(mapped, mapping.levels, names)
    out["location_tier"], out["country"] = _locations(mapped, mapping.locations, names)
    keep = roles.ne("").to_numpy()  # refused titles are reported above; their rows need no second message
    derive = "total_comp" not in out
    if derive:
        out["total_comp"] = ""
    result = user_files.CsvTable(
        table.header, out[keep].reset_index(drop=True), table.lines[keep], table.header_line, table.problems
    )
    return result, excluded.reset_index(drop=True), derive
