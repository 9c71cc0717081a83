"""Validated input tables handed from the runner to the kernel, so a user file is validated once per run.

The runner validates every user file before any kernel starts (:attr:`talentlib.spec.NotebookSpec.validate_inputs`).
A validation may return :class:`Validated` tables; the runner writes each into the run's staging folder
(``.staging/<scenario>-<id>/.inputs/<name>-<key>.npz``, beside the notebooks' folders) and the kernel reads it
back instead of validating the same file again. The file is keyed by :func:`fingerprint`: the SHA-256 of the
input files' bytes and of the rules they were checked against, so a file changed after the runner's check (or
a run with other rules) finds no handoff and is validated again in the kernel. Raw papermill, and any
``output_dir`` without a handoff, validates in the kernel as before.

The handoff holds individual rows (pay): it is written owner-only, removed before a run is published or kept
as ``_failed`` evidence (:func:`remove`), and removed with the staging folder otherwise. It is a NumPy ``.npz``
read with ``allow_pickle=False``: loading it never runs code.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: Folder of the handoff files inside a run's staging folder (never published).
FOLDER = ".inputs"
_CHUNK = 1 << 22
_NUMBERS = ("float64", "int64", "int32", "bool")


class Validated:
    """A validated table for the kernel, handed over once (:meth:`take` releases the runner's reference).

    Attributes:
        name: The table's name (``employees``): the file stem of the handoff.
        key: :func:`fingerprint` of the files and rules it was validated from.
    """

    __slots__ = ("_table", "key", "name")

    def __init__(self, name: str, key: str, table: pd.DataFrame) -> None:
        self.name, self.key, self._table = name, key, table

    def take(self) -> pd.DataFrame | None:
        """The table, once: later calls return ``None`` (the runner keeps no copy while kernels run)."""
        table, self._table = self._table, None
        return table


def fingerprint(files: Iterable[Path | None], rules: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the files' bytes, in order, and of the rules they are checked against (JSON).

    ``None`` entries (an optional file not given) count as absent, which differs from an empty file.

    Raises:
        OSError: A file cannot be read or is not a regular file (a FIFO, a device, a folder).
    """
    digest = hashlib.sha256(json.dumps(rules, sort_keys=True, default=str).encode())
    for path in files:
        if path is None:
            digest.update(b"\0absent")
            continue
        digest.update(b"\0file")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", str(path))
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def folder(output_dir: str | Path) -> Path:
    """The handoff folder of a notebook whose artifacts go to ``output_dir`` (the run's staging folder)."""
    return Path(output_dir).parent / FOLDER


def path_for(output_dir: str | Path, name: str, key: str) -> Path:
    """Where the handoff of table ``name`` with ``key`` lies for a notebook writing to ``output_dir``."""
    return folder(output_dir) / f"{name}-{key}.npz"


def _column_kind(series: pd.Series) -> str:
    """``str`` (pandas strings), ``object`` (Python strings), or a NumPy number dtype.

    Raises:
        TypeError: Another dtype.
    """
    if isinstance(series.dtype, pd.StringDtype):
        return "str"
    kind = "object" if series.dtype == object else str(series.dtype)
    if kind not in ("object", *_NUMBERS):
        raise TypeError(f"handoff: column {series.name!r} of dtype {kind} is not supported")
    return kind


def _text(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes (``-1`` missing) and unique values (a NumPy string array) of a text column.

    Raises:
        TypeError: A value that is not text, or text a NumPy string array would not keep exactly (a NUL).
    """
    codes, values = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)  # faster than on str
    plain = isinstance(series.dtype, pd.StringDtype) or all(isinstance(v, str) for v in values)
    if not plain or "\0" in "".join(values):
        raise TypeError(f"handoff: column {series.name!r} holds values other than plain text")
    return codes.astype(np.int32 if len(values) < 2**31 else np.int64), np.asarray(values, dtype=str)


def _arrays(frame: pd.DataFrame, prefix: str) -> tuple[dict[str, np.ndarray], list[list[str]]]:
    """Plain arrays of ``frame`` (text as codes and unique values) and its ``[column, kind]`` layout."""
    arrays: dict[str, np.ndarray] = {}
    layout = []
    for position, column in enumerate(frame.columns):
        kind = _column_kind(frame[column])
        stem = f"{prefix}{position}"
        if kind in ("str", "object"):
            arrays[f"{stem}_codes"], arrays[f"{stem}_values"] = _text(frame[column])
        else:
            arrays[stem] = frame[column].to_numpy()
        layout.append([str(column), kind])
    return arrays, layout


def _frame(data: Any, prefix: str, layout: list[list[str]]) -> pd.DataFrame:
    columns = {}
    for position, (column, kind) in enumerate(layout):
        stem = f"{prefix}{position}"
        if kind in ("str", "object"):
            codes, values = data[f"{stem}_codes"], data[f"{stem}_values"].astype(object)
            picked = (
                values[np.maximum(codes, 0)] if len(values) else np.full(len(codes), np.nan, dtype=object)
            )
            if (codes < 0).any():
                picked[codes < 0] = np.nan
            columns[column] = pd.Series(picked, dtype=kind)
        else:
            columns[column] = pd.Series(data[stem], dtype=kind)
    return pd.DataFrame(columns)


def write(output_dir: str | Path, validated: Validated) -> Path | None:
    """Write a validated table for the kernel of a notebook writing to ``output_dir`` (owner-only).

    Frame-valued ``attrs`` (e.g. ``excluded_titles``) travel with it. Returns the path, or ``None`` when the
    table was already handed over.

    Raises:
        TypeError: A column the handoff cannot keep exactly (the kernel then validates the file itself).
    """
    table = validated.take()
    if table is None:
        return None
    arrays, layout = _arrays(table, "c")
    attrs = {}
    for key, value in table.attrs.items():
        extra, extra_layout = _arrays(value, f"a{len(attrs)}_")
        arrays |= extra
        attrs[key] = extra_layout
    header = {"layout": layout, "attrs": attrs, "key": validated.key}
    arrays["header"] = np.asarray(json.dumps(header))
    target = path_for(output_dir, validated.name, validated.key)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        np.savez(handle, **arrays)
    os.replace(partial, target)
    return target


def write_all(stage: Path, tables: Iterable[tuple[str, Validated]]) -> None:
    """Write each ``(notebook, table)`` into the staging folder ``stage`` for that notebook's kernel.

    A table that cannot be written (an unsupported column, a full disk) is skipped: its kernel validates the
    file itself. No reference to a table is kept once written.
    """
    for notebook, validated in tables:
        try:
            write(stage / notebook, validated)
        except (TypeError, OSError):
            validated.take()
            with contextlib.suppress(OSError):
                remove(stage)


def read(output_dir: str | Path, name: str, key: str) -> pd.DataFrame | None:
    """The table handed over for ``name`` with ``key``, or ``None`` (no run folder, no handoff, another key)."""
    if not output_dir:
        return None
    path = path_for(output_dir, name, key)
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(str(data["header"]))
            if header.get("key") != key:
                return None
            frame = _frame(data, "c", header["layout"])
            for position, (attr, layout) in enumerate(header["attrs"].items()):
                frame.attrs[attr] = _frame(data, f"a{position}_", layout)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return frame


def remove(stage: Path) -> None:
    """Remove the handoff folder of a staging folder (before it is published or kept as evidence)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(stage / FOLDER)
