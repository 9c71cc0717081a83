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


class Terminated(BaseException):
    """The runner received SIGTERM (or SIGHUP); raised in the main thread so every cleanup runs.

    A ``BaseException``, like ``KeyboardInterrupt``, so that no ``except Exception`` on the way swallows it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"signal {signum}")


class LinkError(RuntimeError):
    """A value one analysis takes from another analysis of the run could not be read (file, key or row missing)."""


#: Exit codes of the command line: everything succeeded; a notebook failed (or the outputs could not be
#: written); invalid input or usage, nothing written.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
