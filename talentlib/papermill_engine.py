"""The ``talentlib`` papermill engine: papermill's nbclient engine with rate-limited saves of the output notebook.

Registered through the ``papermill.engine`` entry-point group (``pyproject.toml``), so ``papermill --engine
talentlib`` works from the raw CLI too. Why it exists: see :mod:`talentlib.execution`.

papermill imports the entry points at the end of ``papermill.engines``; a module that subclassed papermill's
engine at import time would import ``papermill.engines`` and be imported back by it half-initialised. So the
registered object, :class:`ThrottledSaveEngine`, is a thin class whose methods delegate to the real engine, built
on first use by :func:`engine_classes`.
"""

from __future__ import annotations

import time
from functools import cache
from typing import Any

#: While cells run, the output notebook is rewritten at most this often (seconds).
SAVE_EVERY_S = 10.0


@cache
def engine_classes() -> tuple[type, type]:
    """Build ``(ThrottledSaveManager, engine)`` on papermill's ``NotebookExecutionManager`` and ``NBClientEngine``."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager

    class ThrottledSaveManager(NotebookExecutionManager):
        """Papermill's execution manager with rewrites of the output notebook rate-limited."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.last_write = time.monotonic()

        def save(self, force: bool = False, **kwargs: Any) -> None:
            """Write the notebook if forced or if :data:`SAVE_EVERY_S` passed since the last write."""
            if force or time.monotonic() - self.last_write >= SAVE_EVERY_S:
                super().save(**kwargs)
                self.last_write = time.monotonic()

    class Engine(NBClientEngine):
        """papermill's nbclient engine with :class:`ThrottledSaveManager`."""

        @classmethod
        def execute_notebook(
            cls,
            nb: Any,
            kernel_name: str,
            output_path: str | None = None,
            progress_bar: bool = True,
            log_output: bool = False,
            autosave_cell_every: int = 30,
            **kwargs: Any,
        ) -> Any:
            """Execute like papermill's ``Engine.execute_notebook``; save when execution fails (evidence)."""
            manager = ThrottledSaveManager(
                nb,
                output_path=output_path,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            except BaseException:
                manager.cleanup_pbar()
                manager.notebook_complete()
                manager.save(force=True)
                raise
            manager.cleanup_pbar()
            manager.notebook_complete()
            return manager.nb

    return ThrottledSaveManager, Engine


class ThrottledSaveEngine:
    """What papermill registers as the ``talentlib`` engine: papermill's engine interface, delegated."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, **kwargs: Any) -> Any:
        """Execute ``nb`` (see papermill's ``Engine.execute_notebook``), saving at most every SAVE_EVERY_S."""
        return engine_classes()[1].execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> str:
        """The kernel to use (papermill's rule)."""
        return engine_classes()[1].nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> str:
        """The notebook's language (papermill's rule)."""
        return engine_classes()[1].nb_language(nb, language)
