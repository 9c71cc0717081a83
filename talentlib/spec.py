"""What the runner needs to know about a notebook: its schema, its contract artifacts, its headline metrics.

Each analysis declares one :class:`NotebookSpec` named ``SPEC``; :mod:`talentlib.catalog` discovers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from talentlib.params import NotebookParams


@dataclass(frozen=True)
class Headline:
    """A metric shown on the scenario index page.

    Attributes:
        key: Key in the notebook's ``metrics.json``.
        label: What a reviewer reads.
        unit: ``money``, ``pct``, ``num``, ``ratio`` or ``text`` (how to format it).
    """

    key: str
    label: str
    unit: str = "num"


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook of the suite.

    Attributes:
        name: File stem in ``notebooks/`` and folder name in ``params/`` and ``outputs/<scenario>/``.
        title: Human title of the report.
        question: The question the notebook answers (README, index page).
        params_model: The pydantic schema of its parameters.
        artifacts: Relative paths that must exist after a successful run (beyond the notebook and HTML).
        headlines: Metrics shown on the index page.
        timeout_seconds: Per-cell execution timeout.
        runs_last: Run after the other notebooks of the scenario (the executive summary).
        position: Where the report is listed among the analyses (index page, executive summary); lower first.
        key_figures: Figures (relative paths) the executive summary shows from this notebook.
        figures: Reference figure ids the notebook uses (its "Sources and assumptions").
        validate_inputs: Called with the validated parameters before any kernel starts, to check input files
            (CSV, instrument); raises :class:`talentlib.params.ParamsError` naming file, row and column.
    """

    name: str
    title: str
    question: str
    params_model: type[NotebookParams]
    artifacts: tuple[str, ...] = ("metrics.json",)
    headlines: tuple[Headline, ...] = field(default_factory=tuple)
    timeout_seconds: int = 600
    runs_last: bool = False
    position: int = 100
    key_figures: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    validate_inputs: Callable[[Any], None] | None = None
