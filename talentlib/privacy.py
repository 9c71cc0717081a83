"""Privacy of pay and survey data: the one small-group threshold (``min_group_size``) and its suppression rules.

Every analysis that shows groups of people uses these: a group smaller than ``min_group_size`` is never shown
(primary suppression), and a published total never lets a suppressed cell be recovered by subtraction
(secondary suppression).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def suppressed_label(min_group_size: int) -> str:
    """How a suppressed cell reads in reports."""
    return f"suppressed (n<{min_group_size})"


def suppress_cells(counts: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Which cells of a count table to suppress.

    Primary: cells with ``0 < n < min_group_size``. Secondary: a published row or column total (its own
    ``n ≥ min_group_size``) with exactly one suppressed non-empty cell would reveal that cell by subtraction,
    so its smallest other published non-empty cell is suppressed too; repeated until stable.

    Args:
        counts: Integer counts (rows × columns), zeros for empty cells.
        min_group_size: Threshold.

    Returns:
        Boolean frame of the same shape (True = suppress).
    """
    n = counts.to_numpy(dtype=float)
    mask = (n > 0) & (n < min_group_size)
    for _ in range(n.size + 1):
        changed = False
        for axis_values, axis in ((n, mask), (n.T, mask.T)):
            for i in range(axis_values.shape[0]):
                line_n, line_mask = axis_values[i], axis[i]
                if line_n.sum() < min_group_size:
                    continue
                if int((line_mask & (line_n > 0)).sum()) == 1:
                    candidates = np.where(~line_mask & (line_n > 0), line_n, np.inf)
                    if np.isfinite(candidates).any():
                        axis[i, int(np.argmin(candidates))] = True
                        changed = True
        if not changed:
            break
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)
