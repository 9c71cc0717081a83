"""Reliability of the scales: Cronbach's α per dimension and item statistics.

``α = k / (k − 1) · (1 − Σ s²_item / s²_total)`` on reverse-coded items, with listwise deletion within
each dimension (respondents who answered every item of it); a dimension is flagged when α is below
``alpha_threshold`` (0.7 by convention).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib import parallel
from talentlib.leadership_fluency.inputs import Instrument, Responses
from talentlib.leadership_fluency.scoring import dimension_block, reverse_code


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
