"""What-if latency: one widget change → recomputed projection (``market_sizing.what_if_metrics``).

Target: ≤ 100 ms with the default parameters. Baseline: the full-size report projection (the notebook's
``simulate`` + ``projection_table`` + ``metrics`` at the report's simulation count).
"""

from __future__ import annotations

from common import Result, best_of, fmt_s, standalone

from talentlib import market_sizing as ms

TARGET_SECONDS = 0.1
#: Slider positions visited, one recompute each (a user dragging the demand slider).
SHIFTS = (-0.2, -0.1, 0.05, 0.15)


def report_projection(params: ms.MarketSizingParams) -> tuple:
    """What the notebook computes for the report at full size."""
    sim = ms.simulate(params)
    return ms.projection_table(sim), ms.metrics(sim, params)


def run(k: int = 7) -> Result:
    """Time one what-if recompute (worst slider position, best of k each) against the report projection."""
    params = ms.MarketSizingParams()
    per_shift = [best_of(lambda s=s: ms.what_if_metrics(params, s, 0.0), k=k, warmup=1)[0] for s in SHIFTS]
    change = max(per_shift)
    full, _ = best_of(lambda: report_projection(params), k=max(1, k // 2), warmup=1)
    print(
        f"what-if: one slider change {fmt_s(change)} (slowest of {len(SHIFTS)} positions, best of {k} each); "
        f"report projection ({params.simulations:,} sims) {fmt_s(full)}"
    )
    return Result(
        name="What-if latency (one slider change)",
        measured=fmt_s(change),
        baseline=f"{fmt_s(full)} (report projection, {params.simulations:,} sims)",
        ratio=change / full,
        ratio_label="of baseline",
        target=f"≤ {TARGET_SECONDS * 1000:.0f} ms",
        met=change <= TARGET_SECONDS,
    )


def main() -> list[Result]:
    return standalone(run)


if __name__ == "__main__":
    main()
