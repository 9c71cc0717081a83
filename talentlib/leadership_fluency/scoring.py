"""Scoring the survey: reverse-coding, dimension scores on 0–100 and the fluency index (vectorised).

Formulas (see the package docstring)::

    reverse-coded item      x' = 6 − x
    dimension score         100 · (mean of answered items − 1) / 4          (0 … 100)
    missing-answer rule     scored only if at least ceil(share · k) of the dimension's k items are answered
    fluency index           mean of the dimension scores, only if every dimension is scored
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from talentlib import parallel
from talentlib.leadership_fluency.inputs import Instrument, Responses
from talentlib.leadership_fluency.schema import INDEX, LIKERT_MAX, LIKERT_MIN


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
        source: Where the answers came from (as named in messages), for captions.
    """

    dimensions: tuple[str, ...]
    tier: np.ndarray
    business_unit: np.ndarray
    values: np.ndarray
    source: str = ""

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
    return Scores(instrument.dimensions, responses.tier, responses.business_unit, values, responses.source)
