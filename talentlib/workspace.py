"""``talentlib init DIR``: a workspace for using the installed package on your own data.

A workspace holds ``params/`` (the shipped scenarios, to edit), ``data/`` (example input files to replace, with
their columns documented), a short ``README.md``, the marker :data:`talentlib.config.WORKSPACE_MARKER`, and —
with ``--notebooks`` — copies of the notebooks to edit. Run ``talentlib …`` from inside it and every command uses
its params, data and outputs (see :mod:`talentlib.config`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from talentlib import __version__
from talentlib.config import DATA_DIR, WORKSPACE_MARKER, shipped_dir
from talentlib.params import ParamsError

#: Example input files: bundled synthetic sample → name in the workspace's ``data/``.
EXAMPLE_FILES = {
    "sample_employees.csv": "example_employees.csv",
    "sample_fluency_responses.csv": "example_fluency_responses.csv",
}
#: The scenario that reads the workspace's own files (``talentlib run --scenario my_data``).
MY_DATA_SCENARIO = "my_data"
MY_DATA_PARAMS = {
    "compensation": ("employees_csv", "data/example_employees.csv"),
    "leadership_fluency": ("responses_csv", "data/example_fluency_responses.csv"),
}

README = """# talentlib workspace

Made by `talentlib init` (talentlib {version}). Every `talentlib` command run in this folder (or below it) uses
`params/` and `data/` here and writes to `outputs/` here; the notebooks are the package's{notebooks_note}.

```bash
talentlib list                          # notebooks and scenarios
talentlib validate --scenario my_data   # check your files; nothing runs
talentlib run --scenario my_data        # reports in outputs/my_data/index.html
talentlib run --scenario my_data --pdf  # the same, with a PDF of every report
talentlib app                           # the what-if app in your browser (http://127.0.0.1:8866)
```

* `params/<notebook>/<scenario>.yaml` — scenarios; `default` is the article's figures, `my_data` reads `data/`.
* `data/` — the example files are the **synthetic** samples shipped with talentlib: replace them with your own
  exports (same columns, see `data/README.md`) before reading anything into the results.
"""

DATA_README = """# Your input files

The files here are **synthetic examples** (made-up people). Replace them with your own exports, keeping the
file names or changing the paths in `params/*/my_data.yaml`. `talentlib validate --scenario my_data` lists every
problem by file, line and column; error messages never repeat a salary or an answer.

| file | one row per | columns |
|---|---|---|
| `example_employees.csv` | employee | required `employee_id, role, level, location_tier, total_comp`; optional `base_salary, bonus, equity, business_unit, hire_date` (money in full USD a year, dates `YYYY-MM-DD`) |
| `example_fluency_responses.csv` | survey respondent | required `respondent_id, tier`; optional `business_unit`; one column per instrument item (`q01`…`q20`, answers 1–5, blank = not answered) |

Header of each example (what your file should look like):

{headers}

Roles: `ai_ml_engineer, ai_research_scientist, ai_product_manager, data_engineer, mlops_engineer`; levels
`junior, mid, senior`; location tiers as in the example; tiers `board, c_suite, middle_management, frontline`.
Labels are accepted in any case (`Data Engineer` = `data_engineer`). UTF-8 (Excel's "CSV UTF-8"), comma-,
semicolon- or tab-separated.
"""


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def _copy(source: Path, dest: Path, written: list[Path]) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    written.append(dest)


def _write(dest: Path, text: str, written: list[Path]) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    written.append(dest)


def init_workspace(target: Path, notebooks: bool = False, force: bool = False) -> list[Path]:
    """Create a workspace in ``target``.

    Args:
        target: The folder (created if missing).
        notebooks: Also copy the notebook templates (``notebooks/*.py`` and ``*.ipynb``) to edit them.
        force: Write into a non-empty folder (files of the same name are overwritten, nothing else is touched).

    Returns:
        The files written.

    Raises:
        ParamsError: If ``target`` is a file, or a non-empty folder without ``force``.
    """
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise ParamsError([f"init {target}: is a file; expected a folder (new or empty)"])
    if not _is_empty(target) and not force:
        raise ParamsError([f"init {target}: folder is not empty; choose a new folder or pass --force"])
    source = shipped_dir()
    written: list[Path] = []
    for path in sorted((source / "params").glob("*/*.yaml")):
        _copy(path, target / "params" / path.parent.name / path.name, written)
    for notebook, (key, value) in MY_DATA_PARAMS.items():
        text = (
            "# description: your own files in data/ (until you replace them: the synthetic examples)\n"
            f'{key}: "{value}"\n'
        )
        _write(target / "params" / notebook / f"{MY_DATA_SCENARIO}.yaml", text, written)
    headers = []
    for sample, name in EXAMPLE_FILES.items():
        _copy(DATA_DIR / sample, target / "data" / name, written)
        header = (DATA_DIR / sample).read_text(encoding="utf-8").splitlines()[0]
        headers.append(f"* `{name}`: `{header}`")
    _write(target / "data" / "README.md", DATA_README.format(headers="\n".join(headers)), written)
    if notebooks:
        for path in sorted((source / "notebooks").glob("*")):
            if path.suffix in {".py", ".ipynb"}:
                _copy(path, target / "notebooks" / path.name, written)
    note = " (copies in `notebooks/`, edit them freely)" if notebooks else ""
    _write(target / "README.md", README.format(version=__version__, notebooks_note=note), written)
    marker = {"talentlib_version": __version__, "notebooks": notebooks}
    _write(target / WORKSPACE_MARKER, json.dumps(marker, indent=2) + "\n", written)
    return written
