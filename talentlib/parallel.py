"""Threads for large, independent numpy work (numpy releases the GIL inside its loops).

Results never depend on threading: each call computes exactly what the sequential loop would, in the same order,
and small inputs (where a thread costs more than it saves) run sequentially.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many array elements of work in total, :func:`map_ordered` runs sequentially.
MIN_THREADED_ELEMENTS = 2_000_000


def workers() -> int:
    """Threads to use: the cores this process may run on, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def map_ordered(function: Callable[[T], R], items: Iterable[T], elements: int) -> list[R]:
    """``[function(item) for item in items]``, in threads when ``elements`` (the total work) is large.

    Args:
        function: Pure function of one item (numpy-heavy, so threads run in parallel).
        items: The items, in the order of the results.
        elements: Array elements the whole map touches (decides threads vs. a plain loop).

    Returns:
        The results, in the order of ``items``.
    """
    items = list(items)
    threads = min(workers(), len(items))
    if elements < MIN_THREADED_ELEMENTS or threads < 2:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(function, items))
