"""Build hook: the wheel carries the notebook templates and the shipped scenario files.

``notebooks/`` and ``params/`` live at the top of the repository (where people edit and review them); a wheel can
only carry files inside the package, so ``build_py`` copies them to ``talentlib/_shipped/`` in the build tree
(never into the source tree). Editable installs skip the copy: they read the repository itself.
Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Folder → file patterns copied into ``talentlib/_shipped/<folder>/``.
SHIPPED = {"notebooks": ("*.ipynb", "*.py"), "params": ("*/*.yaml",)}


class BuildWithShipped(build_py):
    """``build_py`` that also copies the notebooks and scenario files into the built package."""

    def run(self) -> None:
        """Build the package, then add ``talentlib/_shipped/{notebooks,params}``."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "talentlib" / "_shipped"
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    dest = target / folder / source.relative_to(ROOT / folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildWithShipped})
