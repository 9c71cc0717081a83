"""Threaded maps give the sequential results, in order; the fluency engines do not depend on threading."""

from __future__ import annotations

import threading

import numpy as np

from talentlib import leadership_fluency as lf
from talentlib import parallel


def test_map_ordered_keeps_order_and_uses_threads_only_for_large_work(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    seen: set[int] = set()

    def square(x: int) -> int:
        seen.add(threading.get_ident())
        return x * x

    assert parallel.map_ordered(square, range(6), elements=10) == [0, 1, 4, 9, 16, 25]
    assert seen == {threading.get_ident()}, "small work runs in the calling thread"
    seen.clear()
    assert parallel.map_ordered(square, range(6), elements=10**9) == [0, 1, 4, 9, 16, 25]
    assert threading.get_ident() not in seen


def test_fluency_scores_and_alpha_identical_with_and_without_threads(monkeypatch):
    params = lf.LeadershipFluencyParams()
    inputs = lf.load_inputs(params)
    rng = np.random.default_rng(3)
    answers = rng.integers(1, 6, size=(4_000, inputs.instrument.reverse.size)).astype(float)
    answers[rng.random(answers.shape) < 0.1] = np.nan
    responses = lf.Responses(
        tier=np.array(lf.TIERS, dtype=object)[rng.integers(0, len(lf.TIERS), len(answers))],
        business_unit=np.full(len(answers), "BU", dtype=object),
        answers=answers,
    )
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "MIN_THREADED_ELEMENTS", 10**12)
    scores = lf.dimension_scores(answers, inputs.instrument)
    alphas = lf.reliability_table(responses, inputs.instrument)
    monkeypatch.setattr(parallel, "MIN_THREADED_ELEMENTS", 0)
    assert np.array_equal(lf.dimension_scores(answers, inputs.instrument), scores, equal_nan=True)
    assert lf.reliability_table(responses, inputs.instrument).equals(alphas)
