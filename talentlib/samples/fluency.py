"""The bundled synthetic leadership-fluency survey (``talentlib/data/sample_fluency_responses.csv``).

Deterministic and clearly synthetic (ids ``SYN-R…``, units ``Synthetic BU …``): no real person. It is
built for the bundled instrument, which it reads through the analysis's own reader
(:func:`talentlib.leadership_fluency.inputs.load_instrument`); the analysis never imports this module.
Regenerate the bundled file with ``python -m talentlib.samples.fluency`` (a test checks it is byte-identical).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from talentlib.leadership_fluency.inputs import SAMPLE_RESPONSES_FILE, load_instrument
from talentlib.leadership_fluency.schema import LIKERT_MAX, LIKERT_MIN

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


if __name__ == "__main__":
    print(write_synthetic_responses())
