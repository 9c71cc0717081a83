"""The bundled synthetic employee sample (``talentlib/data/sample_employees.csv``).

Deterministic and clearly synthetic (IDs ``SYN-0001``…, business units ``Synthetic BU A``…): no real person.
Pay is built from the compensation analysis's article bands and default geography (the article's non-coastal
discount; for ``international`` the survey's pooled country factor); the analysis never imports this module (it reads the bundled file like any user file). Regenerate the bundled file with
``python -m talentlib.samples.employees`` (a test checks it is byte-identical).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from talentlib.compensation.bands import article_base_bands
from talentlib.compensation.geography import geo_factors
from talentlib.compensation.inputs import SAMPLE_FILE
from talentlib.compensation.schema import LEVELS, CompensationParams, article_roles, default_tiers
from talentlib.config import DATA_DIR

SAMPLE_SEED = 2026
SAMPLE_SIZE = 240


def synthetic_employees(seed: int = SAMPLE_SEED, n: int = SAMPLE_SIZE) -> pd.DataFrame:
    """A clearly synthetic organisation (IDs ``SYN-0001``…, business units ``Synthetic BU A``…), vectorised.

    Pay is the article's 2026 band midpoint times the default geography factor of the tier (coastal 1, the
    article's non-coastal discount midpoint, the survey's pooled factor abroad: no ``country`` column), times a
    lognormal spread (median 0.95, σ 0.15) so that some people sit below their band; rounded to $500.

    Args:
        seed: Seed of the ``numpy.random.Generator``.
        n: Number of employees.

    Returns:
        Columns ``employee_id, role, level, location_tier, total_comp, base_salary, bonus, equity,
        business_unit, hire_date`` (money as integers, USD/yr).
    """
    rng = np.random.default_rng(seed)
    roles = np.array(article_roles())
    tiers = default_tiers()
    tier_names = np.array(list(tiers))
    role = rng.choice(roles, size=n, p=[0.34, 0.3, 0.12, 0.1, 0.14])
    level = rng.choice(np.array(LEVELS), size=n, p=[0.3, 0.45, 0.25])
    tier = rng.choice(tier_names, size=n, p=[0.5, 0.35, 0.15])
    unit = rng.choice(np.array([f"Synthetic BU {c}" for c in "ABCD"]), size=n, p=[0.4, 0.3, 0.2, 0.1])
    mids = article_base_bands().set_index(["role", "level"])["mid"]
    mid = mids.reindex(pd.MultiIndex.from_arrays([role, level])).to_numpy()
    geo = geo_factors(CompensationParams(), []).set_index("location_tier")["factor"]
    factor = pd.Series(tier).map(geo).to_numpy()
    spread = np.exp(rng.normal(np.log(0.95), 0.15, size=n))
    total = np.round(mid * factor * spread / 500) * 500
    base_share = rng.uniform(0.62, 0.8, size=n)
    base_salary = np.round(total * base_share / 100) * 100
    bonus = np.round(total * 0.1 / 100) * 100
    equity = total - base_salary - bonus
    start = np.datetime64("2015-01-01")
    days = rng.integers(0, (np.datetime64("2025-12-31") - start).astype(np.int64), size=n)
    hire = (start + days.astype("timedelta64[D]")).astype(str)
    return pd.DataFrame(
        {
            "employee_id": [f"SYN-{i:04d}" for i in range(1, n + 1)],
            "role": role,
            "level": level,
            "location_tier": tier,
            "total_comp": total.astype(np.int64),
            "base_salary": base_salary.astype(np.int64),
            "bonus": bonus.astype(np.int64),
            "equity": equity.astype(np.int64),
            "business_unit": unit,
            "hire_date": hire,
        }
    )


def sample_csv_text(seed: int = SAMPLE_SEED, n: int = SAMPLE_SIZE) -> str:
    """The bundled sample file's exact text (LF line ends)."""
    return synthetic_employees(seed, n).to_csv(index=False, lineterminator="\n")


def write_sample(path: Path | None = None) -> Path:
    """(Re)write ``data/sample_employees.csv`` from :func:`synthetic_employees` (maintainers only)."""
    path = path or DATA_DIR / SAMPLE_FILE
    path.write_text(sample_csv_text(), encoding="utf-8", newline="")
    return path


if __name__ == "__main__":
    print(write_sample())
