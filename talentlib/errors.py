"""The exceptions talentlib raises on purpose. Imports nothing, so every module can use them (papermill's layout)."""

from __future__ import annotations

from collections.abc import Iterable


class ParamsError(ValueError):
    """Invalid parameters or input files; each entry of ``problems`` is one self-contained line."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class RunConflictError(RuntimeError):
    """Another talentlib process is running the same scenario into the same outputs folder."""
