"""The bundled example HR export (``talentlib/data/example_hr_export.csv``) and its mapping file.

A clearly synthetic Workday/BambooHR-style export (IDs ``SYN-HR-0001``…): its own column names, job titles,
grades, work locations and countries, base salary with bonus target and equity value. It shows how an export
runs through ``employees_mapping`` (``data/example_hr_export_mapping.yaml``) without hand-editing. Pay is the
survey's 2024 US median of the row's role and level (base salary), aged to 2026 and placed by the BLS tier or
the survey country factor, times a lognormal spread; people hired in the last year get the article's entry
premium (+20 %, the midpoint of its +15–25 %) so the report has pay compression to find. A few titles have no
role in the survey's title map (``Data Scientist``, ``Recruiter``): the mapping excludes them and the report
lists them with counts. Regenerate with ``python -m talentlib.samples.hr_export`` (a test checks the bytes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from talentlib import reference
from talentlib.compensation import CompensationParams, base_bands, geo_factors, market_bands
from talentlib.config import DATA_DIR

EXPORT_FILE = "example_hr_export.csv"
MAPPING_FILE = "example_hr_export_mapping.yaml"
SEED = 1515
SIZE = 400
TITLES = {
    "ai_ml_engineer": ["Machine Learning Engineer", "AI Engineer"],
    "data_engineer": ["Data Engineer"],
    "mlops_engineer": ["MLOps Engineer"],
    "ai_product_manager": ["AI Product Manager"],
    "ai_research_scientist": ["Research Scientist", "AI Research Scientist"],
}
UNMAPPED_TITLES = ["Data Scientist", "Recruiter"]
GRADES = {"junior": "G4", "mid": "G5", "senior": "G6"}
#: Work location → (country, tier); the mapping file says the same for the US cities.
LOCATIONS = {
    "San Francisco": ("US", "coastal"),
    "New York": ("US", "coastal"),
    "Seattle": ("US", "coastal"),
    "Austin": ("US", "non_coastal"),
    "Columbus": ("US", "non_coastal"),
    "Denver": ("US", "non_coastal"),
    "Toronto": ("CA", "international"),
    "London": ("GB", "international"),
    "Berlin": ("DE", "international"),
}
LOCATION_P = [0.2, 0.15, 0.1, 0.12, 0.1, 0.08, 0.09, 0.09, 0.07]
PARAMS = CompensationParams(band_source="survey", pay_measure="base_salary")
MAPPING_TEXT = """\
# Mapping of the example HR export (talentlib/data/example_hr_export.csv) to talentlib's employee columns.
# Use: talentlib run --set compensation.employees_csv='"talentlib/data/example_hr_export.csv"' \\
#        --set compensation.employees_mapping='"talentlib/data/example_hr_export_mapping.yaml"' \\
#        --set compensation.band_source='"survey"' --set compensation.pay_measure='"base_salary"'
columns:            # export header (any case) -> talentlib column
  Employee ID: employee_id
  Job Title: title
  Grade: grade
  Work Location: location
  Country: country
  Annual Base Salary: base_salary
  Bonus Target: bonus
  Equity Value: equity
  Hire Date: hire_date
titles:             # through data/title_role_map.csv, the map the survey is read with
  extra: {}         # title -> role for titles of yours that map lacks
  unmapped: exclude # refuse (stop the run) or exclude (leave the rows out; the report lists titles with counts)
levels:
  grades: {G4: junior, G5: mid, G6: senior, G7: senior}
locations:          # US work locations -> tier; a country other than US is international
  cities:
    San Francisco: coastal
    New York: coastal
    Seattle: coastal
    Austin: non_coastal
    Columbus: non_coastal
    Denver: non_coastal
"""


def _pay_centres(role: np.ndarray, level: np.ndarray, tier: np.ndarray, country: np.ndarray) -> np.ndarray:
    """The 2026 survey-based band midpoint of each row (base salary, USD/yr)."""
    bands = market_bands(PARAMS, base_bands(PARAMS), [2026], geo_factors(PARAMS, ["CA", "GB", "DE"]))
    band_country = np.where(tier == "international", country, "US")
    keys = pd.MultiIndex.from_arrays([role, level, tier, band_country])
    mids = bands.set_index(["role", "level", "location_tier", "country"])["mid"]
    # a suppressed survey cell has no band: pay there is the lowest other level's band of the role and place
    lowest = bands.groupby(["role", "location_tier", "country"])["mid"].min()
    centre = mids.reindex(keys).to_numpy()
    other = lowest.reindex(pd.MultiIndex.from_arrays([role, tier, band_country])).to_numpy()
    return np.where(np.isnan(centre), other, centre)


def example_export(seed: int = SEED, n: int = SIZE) -> pd.DataFrame:
    """The synthetic export (see the module docstring); deterministic for a seed."""
    rng = np.random.default_rng(seed)
    roles = np.array(list(TITLES))
    role = rng.choice(roles, size=n, p=[0.35, 0.3, 0.1, 0.1, 0.15])
    level = rng.choice(np.array(list(GRADES)), size=n, p=[0.3, 0.45, 0.25])
    title = np.array([rng.choice(TITLES[r]) for r in role], dtype=object)
    odd = rng.random(n) < 0.06
    title[odd] = rng.choice(UNMAPPED_TITLES, size=int(odd.sum()))
    places = np.array(list(LOCATIONS))
    place = rng.choice(places, size=n, p=LOCATION_P)
    country = np.array([LOCATIONS[p][0] for p in place])
    tier = np.array([LOCATIONS[p][1] for p in place])
    days = rng.integers(0, 365 * 5, size=n)
    hire = np.datetime64("2025-12-31") - days.astype("timedelta64[D]")
    premium = reference.figure("article.pay_growth_2024_2026")
    uplift = np.where(days < 365, 1 + (premium.low + premium.high) / 2, 1.0)
    spread = np.exp(rng.normal(np.log(0.97), 0.12, size=n))
    base = np.round(_pay_centres(role, level, tier, country) * spread * uplift / 100) * 100
    return pd.DataFrame(
        {
            "Employee ID": [f"SYN-HR-{i:04d}" for i in range(1, n + 1)],
            "Job Title": title,
            "Grade": [GRADES[lv] for lv in level],
            "Work Location": place,
            "Country": country,
            "Annual Base Salary": base.astype(np.int64),
            "Bonus Target": (np.round(base * 0.1 / 100) * 100).astype(np.int64),
            "Equity Value": (np.round(base * rng.uniform(0, 0.3, size=n) / 100) * 100).astype(np.int64),
            "Hire Date": hire.astype(str),
        }
    )


def export_csv_text(seed: int = SEED, n: int = SIZE) -> str:
    """The bundled export's exact text (LF line ends)."""
    return example_export(seed, n).to_csv(index=False, lineterminator="\n")


def write_example(folder: Path | None = None) -> tuple[Path, Path]:
    """(Re)write the example export and its mapping into ``talentlib/data/`` (maintainers only)."""
    folder = folder or DATA_DIR
    export, mapping = folder / EXPORT_FILE, folder / MAPPING_FILE
    export.write_text(export_csv_text(), encoding="utf-8", newline="")
    mapping.write_text(MAPPING_TEXT, encoding="utf-8", newline="")
    return export, mapping


if __name__ == "__main__":
    print(*write_example())
