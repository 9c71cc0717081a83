"""Execute a throwaway notebook through the runner's kernel manager (pre-forked when a zygote is in use).

Shared by the kernel tests; not a test module.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from talentlib import execution


def execute_cells(cells: list[str], cwd: Path) -> nbformat.NotebookNode:
    """Run ``cells`` (the first gets ``import json``) in a kernel whose working folder is ``cwd``."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.cells[0].source = "import json\n" + nb.cells[0].source
    for attempt in range(3):  # a kernel can lose a port to another process (the worker retries the same way)
        try:
            NotebookClient(
                nb,
                kernel_name=execution.KERNEL_NAME,
                kernel_manager_class=execution.kernel_manager_class(),
                extra_arguments=list(execution.KERNEL_ARGUMENTS),
                resources={"metadata": {"path": str(cwd)}},
                timeout=60,
            ).execute()
            return nb
        except RuntimeError as exc:
            if "Kernel died before replying" not in str(exc) or attempt == 2:
                raise
    raise AssertionError("unreachable")
