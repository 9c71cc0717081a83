"""Where the market-sizing defaults come from: the role ← SOC occupation crosswalk and the role defaults read from the article.

Two data files, each row with its basis:

* ``data/market_soc_crosswalk.csv`` — each role's base-year supply in **persons** as shares of BLS OEWS May 2025
  occupations (``oews_row`` → ``public.<row>``), and the BLS 10-year projection row (``projection_row``) that sets the
  role's long-run growth. Shares are our labelled assumptions; every occupation carries an ``other`` remainder row so the
  shares of one occupation sum to 1 and the persons to the BLS total they cite (a test checks).
* ``data/market_role_defaults.csv`` — per role, today's demand and supply growth ranges and the base-year demand/supply
  ratio, each with the article's words it is read from (``quote``, ``locator``) and our ``reading`` of them.

The CC0 survey's title mix (``aijobs_salaries_ai_roles.csv.gz`` through ``title_role_map.csv``) does **not** set the shares:
it counts survey respondents and listings, not jobs. :func:`survey_mix_check` puts it beside the crosswalk mix as a check.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from talentlib import reference
from talentlib.config import DATA_DIR

CROSSWALK_FILE = "market_soc_crosswalk.csv"
ROLE_DEFAULTS_FILE = "market_role_defaults.csv"
#: Crosswalk role of the part of an occupation outside the five AI roles.
REMAINDER = "other"
#: Geography of the BLS OEWS figures the crosswalk reads.
BLS_GEOGRAPHY = "United States"
#: BLS projection row used for a role outside the crosswalk (all occupations).
ALL_OCCUPATIONS_ROW = "30"


@cache
def crosswalk() -> pd.DataFrame:
    """The crosswalk with the OEWS employment of each occupation and the persons each row gives a role.

    Returns:
        Columns of the data file plus ``employment`` (BLS OEWS persons, ``public.<oews_row>``), ``persons``
        (= share × employment) and ``long_run_growth`` (the ``projection_row`` 10-year change annualised as
        ``(1 + g)^(1/10) − 1``, :func:`talentlib.reference.annualise_10yr_growth`).
    """
    frame = pd.read_csv(DATA_DIR / CROSSWALK_FILE, dtype={"oews_row": str, "projection_row": str})
    frame["employment"] = [reference.figure(f"public.{row}").value for row in frame["oews_row"]]
    frame["persons"] = frame["share"] * frame["employment"]
    frame["long_run_growth"] = [
        reference.annualise_10yr_growth(reference.figure(f"public.{row}").value)
        for row in frame["projection_row"]
    ]
    return frame


def _role_rows() -> pd.DataFrame:
    """Crosswalk rows of the AI roles (the remainder rows dropped)."""
    frame = crosswalk()
    return frame[frame["role"] != REMAINDER]


def base_supply(role: str) -> float:
    """Base-year supply of one role in persons: Σ share × BLS OEWS employment over its occupations, rounded to a person."""
    rows = _role_rows()
    return float(round(rows.loc[rows["role"] == role, "persons"].sum()))


def long_run_rate(role: str) -> float:
    """Long-run growth of one role (fraction/yr): its occupations' annualised BLS projections weighted by persons.

    A role outside the crosswalk gets the all-occupations projection (``public.30``), annualised.
    """
    rows = _role_rows()
    rows = rows[rows["role"] == role]
    if rows.empty:
        return reference.annualise_10yr_growth(reference.figure(f"public.{ALL_OCCUPATIONS_ROW}").value)
    return float((rows["persons"] * rows["long_run_growth"]).sum() / rows["persons"].sum())


def long_run_range(role: str) -> list[float]:
    """Default long-run growth range of one role: :func:`long_run_rate` ± ``assumption.market_long_run_band``, not below 0.

    Rounded to 4 decimals (a hundredth of a percentage point), as the parameters cell shows it.
    """
    rate, band = long_run_rate(role), reference.figure("assumption.market_long_run_band").value
    return [round(max(rate - band, 0.0), 4), round(rate + band, 4)]


@cache
def role_defaults() -> pd.DataFrame:
    """The role defaults data file: ``role, field, low, high, kind, quote, locator, reading``."""
    return pd.read_csv(DATA_DIR / ROLE_DEFAULTS_FILE, keep_default_na=False)


def role_default(role: str, field: str) -> list[float]:
    """One role's default ``[low, high]`` for ``field`` (``demand_growth``, ``supply_growth``, ``demand_ratio``)."""
    frame = role_defaults()
    row = frame[(frame["role"] == role) & (frame["field"] == field)].iloc[0]
    return [float(row["low"]), float(row["high"])]


def default_roles() -> tuple[str, ...]:
    """The roles with defaults, in the data file's order."""
    return tuple(dict.fromkeys(role_defaults()["role"]))


def crosswalk_table() -> pd.DataFrame:
    """The crosswalk for the report: role, occupation, share, persons and the basis of each share."""
    frame = crosswalk()
    return frame.assign(soc=frame["soc_code"] + " " + frame["occupation"])[
        ["role", "soc", "share", "employment", "persons", "basis", "note"]
    ]


def role_defaults_table() -> pd.DataFrame:
    """The role defaults for the report: what the article says and how we read it, per role and field."""
    return role_defaults()[["role", "field", "low", "high", "kind", "quote", "reading"]]


def survey_mix_check() -> pd.DataFrame:
    """Each role's share of the five roles: in the crosswalk (persons) and among US-resident 2024 survey rows.

    Survey rows are mapped to roles by ``title_role_map.csv``; only counts per role are shown (no pay).

    Returns:
        Columns ``role, crosswalk_share, survey_share, survey_rows``.
    """
    survey = pd.read_csv(
        DATA_DIR / "aijobs_salaries_ai_roles.csv.gz", usecols=["work_year", "job_title", "employee_residence"]
    )
    titles = pd.read_csv(DATA_DIR / "title_role_map.csv", keep_default_na=False).set_index("title")["role"]
    us = survey[(survey["employee_residence"] == "US") & (survey["work_year"] == 2024)]
    counts = us["job_title"].map(titles).value_counts()
    persons = _role_rows().groupby("role", sort=False)["persons"].sum()
    roles = list(default_roles())
    return pd.DataFrame(
        {
            "role": roles,
            "crosswalk_share": [persons.get(r, 0.0) / persons.sum() for r in roles],
            "survey_share": [counts.get(r, 0) / counts.sum() for r in roles],
            "survey_rows": [int(counts.get(r, 0)) for r in roles],
        }
    )
