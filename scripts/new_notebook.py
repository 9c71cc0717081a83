"""Write a notebook template from a list of (kind, source) cells — a maintainer's tool, not used at run time.

Usage: python scripts/new_notebook.py SPEC.py  (SPEC.py defines NAME and CELLS)
Keeps every template in the same shape: python3 kernelspec, no outputs, one `parameters`-tagged cell.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import nbformat


def build(name: str, cells: list[tuple[str, str]]) -> Path:
    """Write notebooks/<name>.ipynb from (kind, source) cells; kind is md, parameters or code."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    for kind, source in cells:
        source = source.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        elif kind == "parameters":
            nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": ["parameters"]}))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:20]}-{index:02d}"
    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    spec = runpy.run_path(sys.argv[1])
    print(build(spec["NAME"], spec["CELLS"]))
