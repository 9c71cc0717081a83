"""One-at-a-time sensitivity of the strategies' per-unit NPV (the tornado): every range and the discount rate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from talentlib.strategy_roi.model import cash_flow_metrics, evaluate, npv_at, range_fields
from talentlib.strategy_roi.schema import STRATEGIES, StrategyRoiParams


def tornado_table(params: StrategyRoiParams) -> pd.DataFrame:
    """One-at-a-time sensitivity of each strategy's per-unit NPV: every range, and the discount rate.

    Every range sits at its midpoint except one, set to its low and then its high end; the discount rate row
    discounts the all-midpoint case at ``discount_rate_range``. All cases are evaluated in one vectorised call.
    Inputs that do not move a strategy's NPV are dropped for that strategy; bars are ordered by swing.

    Returns:
        ``strategy, variable, low_input, high_input, base_value, low_value, high_value, swing``.
    """
    fields = range_fields(params)
    mid = {path: (low + high) / 2 for path, (low, high) in fields.items()}
    paths = list(fields)
    n = 1 + 2 * len(paths)
    x = {path: np.full(n, value) for path, value in mid.items()}
    for index, path in enumerate(paths):
        x[path][1 + 2 * index] = fields[path][0]
        x[path][2 + 2 * index] = fields[path][1]
    econ = evaluate(
        x, params.horizon_years, params.discount_rate, params.pipeline.max_interns, params.backfill
    )
    npv = cash_flow_metrics(econ.benefits, econ.costs, params.discount_rate)["npv"]
    flows = econ.benefits[0] - econ.costs[0]
    low_rate, high_rate = params.discount_rate_range
    rates = (
        min(low_rate, params.discount_rate),
        max(high_rate, params.discount_rate),
    )  # the base inside the bar
    by_rate = [npv_at(rate, flows) for rate in rates]
    rows = []
    for s_index, key in enumerate(STRATEGIES):
        base = float(npv[0, s_index])
        cases = [
            (path, fields[path], float(npv[1 + 2 * i, s_index]), float(npv[2 + 2 * i, s_index]))
            for i, path in enumerate(paths)
        ]
        cases.append(("discount_rate", tuple(rates), float(by_rate[0][s_index]), float(by_rate[1][s_index])))
        for path, (low_input, high_input), low_value, high_value in cases:
            swing = abs(high_value - low_value)
            if swing <= 1e-6 * max(1.0, abs(base)):
                continue
            rows.append(
                {
                    "strategy": key,
                    "variable": path,
                    "low_input": low_input,
                    "high_input": high_input,
                    "base_value": base,
                    "low_value": low_value,
                    "high_value": high_value,
                    "swing": swing,
                }
            )
    return pd.DataFrame(rows).sort_values(["strategy", "swing"], ascending=[True, False], ignore_index=True)
