"""What the runner needs to know about a notebook: its schema, its contract artifacts, its headline metrics.

Each analysis declares one :class:`NotebookSpec` named ``SPEC``; :mod:`talentlib.catalog` discovers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from talentlib.handoff import Validated
from talentlib.links import (
    SYNTHETIC_METRIC as SYNTHETIC_METRIC,  # re-exported: analyses flag their metrics with it
)
from talentlib.links import Link
from talentlib.params import LinkedParams, NotebookParams


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
class ComparableSeries:
    """A band over time in one of the notebook's tables, which ``talentlib compare`` overlays across scenarios.

    Attributes:
        name: Figure stem in the comparison (``figures/<name>.png``).
        table: Table stem: the series is read from ``<notebook>/tables/<table>.csv``.
        title: Chart title.
        x: Column on the horizontal axis (e.g. ``year``).
        low: Column with the lower edge of the band (e.g. P10).
        mid: Column drawn as the line (e.g. P50).
        high: Column with the upper edge of the band (e.g. P90).
        y_label: Vertical axis label.
        rows: ``(column, value)`` pairs selecting the rows of the series (e.g. ``(("role", "total"),)``).
        caption: What a reader needs to read it across scenarios (units, what differs).
    """

    name: str
    table: str
    title: str
    x: str
    low: str
    mid: str
    high: str
    y_label: str
    rows: tuple[tuple[str, str], ...] = ()
    caption: str = ""


@dataclass(frozen=True, kw_only=True)
class NotebookSpec:
    """A notebook of the suite.

    Attributes:
        name: File stem in ``notebooks/`` and folder name in ``params/`` and ``outputs/<scenario>/``; derived
            from ``params_model.notebook`` (the one place a notebook's name is written).
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
        comparable: Series that ``talentlib compare`` overlays across scenarios.
        memory_estimate: Called with the validated parameters; returns the run's peak memory in bytes and the
            product it comes from, so the planner refuses a run that cannot fit before any kernel starts.
        validate_inputs: Called with the validated parameters before any kernel starts, to check input files
            (CSV, instrument); raises :class:`talentlib.params.ParamsError` naming file, row and column. It may
            return the validated tables (:class:`talentlib.handoff.Validated`), which the runner hands to the
            kernel through the run's staging folder so the notebook does not validate the same file again.
        links: Values taken from other analyses of the same run (:mod:`talentlib.links`); the runner runs
            this notebook after their sources and injects the values as parameters.
    """

    title: str
    question: str
    params_model: type[NotebookParams]
    name: str = ""
    artifacts: tuple[str, ...] = ("metrics.json",)
    headlines: tuple[Headline, ...] = field(default_factory=tuple)
    timeout_seconds: int = 600
    runs_last: bool = False
    position: int = 100
    key_figures: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    comparable: tuple[ComparableSeries, ...] = ()
    memory_estimate: Callable[[Any], tuple[int, str]] | None = None
    validate_inputs: Callable[[Any], Iterable[Validated] | None] | None = None
    links: tuple[Link, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The upstream notebooks of its links, in order of first mention."""
        return tuple(dict.fromkeys(link.source for link in self.links))

    def __post_init__(self) -> None:
        declared = self.params_model.notebook
        if declared and self.name and self.name != declared:
            raise ValueError(
                f"NotebookSpec name {self.name!r} differs from {self.params_model.__name__}.notebook {declared!r}"
            )
        if not (declared or self.name):
            raise ValueError(f"{self.params_model.__name__} declares no notebook name")
        object.__setattr__(self, "name", declared or self.name)
        if self.links and not issubclass(self.params_model, LinkedParams):
            raise ValueError(f"{self.params_model.__name__} has links but does not extend LinkedParams")
