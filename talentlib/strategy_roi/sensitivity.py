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


def worst_case_npv(params: StrategyRoiParams, tornado: pd.DataFrame) -> dict[str, float]:
    """Each strategy's NPV per unit with every input at the end of its range that lowers that NPV (from the tornado).

    A strategy whose worst case is still positive has a positive NPV that follows from the input ranges, not a
    finding of the simulation. The ends are chosen one input at a time, which is the worst corner of the ranges when
    the NPV is monotone in each input whatever the others (``ai_tools``: positive inputs multiplied, less a cost);
    where directions interact (the pipeline) it is only indicative. Inputs absent from a strategy's tornado do not
    move it and stay at their midpoints.

    Returns:
        ``strategy → NPV``, USD (at ``params.discount_rate``, or the high end of the discount-rate range when that
        lowers the NPV).
    """
    fields = range_fields(params)
    out: dict[str, float] = {}
    for s_index, key in enumerate(STRATEGIES):
        bars = tornado[tornado["strategy"] == key].set_index("variable")
        x = {path: np.array([(low + high) / 2]) for path, (low, high) in fields.items()}
        for path, (low, high) in fields.items():
            if path in bars.index:
                row = bars.loc[path]
                x[path] = np.array([low if row["low_value"] <= row["high_value"] else high])
        rate = params.discount_rate
        if "discount_rate" in bars.index:
            row = bars.loc["discount_rate"]
            rate = float(row["low_input"] if row["low_value"] <= row["high_value"] else row["high_input"])
        econ = evaluate(x, params.horizon_years, rate, params.pipeline.max_interns, params.backfill)
        out[key] = float(cash_flow_metrics(econ.benefits, econ.costs, rate)["npv"][0, s_index])
    return out
