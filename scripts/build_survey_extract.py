"""Build ``talentlib/data/aijobs_salaries_ai_roles.csv.gz`` from the CC0 aijobs.net salary survey.

A maintainer's tool, not used at run time. Reproducible: same input file and title map give byte-identical
output (gzip header without timestamp or file name).

Usage: python scripts/build_survey_extract.py [SOURCE_CSV]
(default source: ../shared/data/aijobs_salaries_2025-01-19.csv, i.e. foorilla/ai-jobs-net-salaries
``salaries.csv`` at commit 9c225876510af8fbdabdb7ca39d1a6d44be0072b, 2025-01-19, CC0 1.0.)

Filters: full-time rows (``employment_type == "FT"``) whose ``job_title`` is listed in
``talentlib/data/title_role_map.csv``. Keeps only the columns the compensation notebook needs.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "talentlib" / "data"
DEFAULT_SOURCE = PROJECT.parent / "shared" / "data" / "aijobs_salaries_2025-01-19.csv"
OUTPUT = DATA / "aijobs_salaries_ai_roles.csv.gz"
COLUMNS = [
    "work_year",
    "experience_level",
    "job_title",
    "salary_in_usd",
    "employee_residence",
    "company_location",
    "company_size",
    "remote_ratio",
]


def build(source: Path = DEFAULT_SOURCE, output: Path = OUTPUT) -> pd.DataFrame:
    """Filter the survey and write the gzipped extract; return the rows written."""
    raw = pd.read_csv(
        source, keep_default_na=False, dtype={"employee_residence": str, "company_location": str}
    )
    titles = pd.read_csv(DATA / "title_role_map.csv", keep_default_na=False)["title"]
    keep = raw["employment_type"].eq("FT") & raw["job_title"].isin(set(titles))
    extract = raw.loc[keep, COLUMNS].sort_values(COLUMNS, kind="stable").reset_index(drop=True)
    text = extract.to_csv(index=False, lineterminator="\n")
    with open(output, "wb") as handle, gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    print(f"source {source.name} sha256 {digest}: {len(raw):,} rows; kept {len(extract):,} ({output.name})")
    return extract


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE)
