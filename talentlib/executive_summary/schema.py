"""Parameters of the executive summary (``notebooks/executive_summary.ipynb``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from talentlib.params import NotebookParams


class ExecutiveSummaryParams(NotebookParams):
    """Parameters of ``notebooks/executive_summary.ipynb``."""

    notebook: ClassVar[str] = "executive_summary"

    run_dir: str = Field(
        "", description="run folder to summarise; empty means the folder holding this output folder"
    )
    organisation_name: str = Field(
        "", max_length=200, description="organisation named in the brief (optional)"
    )
    max_charts: int = Field(4, ge=0, le=8, description="key charts shown (3 to 5 is best)")
