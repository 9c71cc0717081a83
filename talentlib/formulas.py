"""Formulas more than one analysis needs (compounding, adoption drag). Pure functions of numbers; no analysis imports another."""

from __future__ import annotations

import numpy as np

from talentlib import reference

#: Index points per step of the adoption drag (each 10 points below target removes a share ``effect``).
ADOPTION_GAP_UNIT = 10.0


def compound(level: float | np.ndarray, rate: float | np.ndarray, years: float) -> float | np.ndarray:
    """``level × (1 + rate) ** years``: a level grown at a constant annual rate.

    Args:
        level: Starting level (any unit).
        rate: Annual growth rate as a fraction (0.4 = 40 %/yr).
        years: Years of growth.
    """
    return level * (1 + rate) ** years


def adoption_multiplier(index_gap: float | np.ndarray, effect: float) -> float | np.ndarray:
    """Expected multiplier on AI adoption from middle management's fluency shortfall (a labelled assumption).

    ``multiplier = (1 − effect) ** (max(gap, 0) / 10)``: each 10 index points that middle management is below
    its target removes a share ``effect`` of the adoption an initiative would otherwise reach; at or above
    target the multiplier is 1 (no bonus is assumed). Default ``effect``: ``assumption.fluency_adoption_effect``
    (see :func:`default_adoption_effect`). Intended for reuse, e.g. by the strategy-ROI model to scale adoption.

    Args:
        index_gap: Target minus middle-management index, in index points (positive = below target).
        effect: Share of adoption lost per 10 points, 0 ≤ effect < 1.

    Returns:
        Multiplier in (0, 1] (an array for array input).
    """
    if not 0 <= effect < 1:
        raise ValueError("effect must be in [0, 1)")
    gap = np.maximum(np.asarray(index_gap, dtype=float), 0.0)
    result = (1.0 - effect) ** (gap / ADOPTION_GAP_UNIT)
    return float(result) if np.ndim(result) == 0 else result


def default_adoption_effect() -> float:
    """The default share of adoption lost per 10 index points (midpoint of the labelled assumption)."""
    return round(reference.figure("assumption.fluency_adoption_effect").value, 6)
