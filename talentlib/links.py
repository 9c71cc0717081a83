"""Values one analysis takes from another analysis of the same run: declared on ``SPEC``, resolved by the runner.

A :class:`Link` says which upstream notebook a value comes from, which downstream parameter it sets, and how to
read it from the upstream's contract files (``metrics.json``, ``tables/*.csv``). The runner orders notebooks by
their links, resolves each link once its upstream has succeeded, and injects the values as parameters; a value
set explicitly in the scenario file or by ``--set`` wins and is recorded as an override. Every link is recorded
(:class:`LinkRecord`) in ``run.json`` and shown on the downstream report. Raw papermill or JupyterLab can point a
notebook at an earlier run with its ``upstream_dir`` parameter; without one, a notebook uses its own defaults.

No analysis imports another: a link's reader knows the upstream only by its notebook name and its files.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from talentlib.errors import LinkError

#: Key of ``metrics.json`` that is true when an analysis rests on a bundled synthetic sample instead of the
#: user's files; the index page, the executive summary, comparisons and linked values mark such results.
SYNTHETIC_METRIC = "synthetic_sample"

#: How a link ended: taken from the upstream, overridden by the scenario, or the default (upstream not run).
LINKED, OVERRIDE, DEFAULT = "linked", "override", "default"


@dataclass(frozen=True)
class LinkedValue:
    """A value read from an upstream analysis.

    Attributes:
        value: The parameter's new value (JSON types, valid for the downstream schema); ``None`` when the
            reader declines (e.g. a pay band in another measure): the default stands and ``text`` says why.
        text: What a reader is told, e.g. ``hire pay: $241K–$312K, mid AI/ML engineer, coastal, 2027``.
    """

    value: Any
    text: str


@dataclass(frozen=True)
class Link:
    """A downstream parameter set from an upstream analysis of the same run.

    Attributes:
        source: Upstream notebook name (``compensation``).
        parameter: Dotted downstream parameter (``hire.pay``).
        what: What the value is, for messages and the report (``hire pay of the planned role``).
        read: ``(upstream folder, downstream params as a dict) -> LinkedValue``; raises :class:`LinkError`.
    """

    source: str
    parameter: str
    what: str
    read: Callable[[Path, Mapping[str, Any]], LinkedValue]


@dataclass(frozen=True)
class LinkRecord:
    """How one link ended in a run (``run.json`` ``links`` and the downstream report).

    Attributes:
        source: Upstream notebook.
        target: ``<notebook>.<parameter>`` it sets.
        status: :data:`LINKED`, :data:`OVERRIDE` or :data:`DEFAULT`.
        value: The value the downstream notebook ran with.
        text: The sentence the report shows.
        synthetic: The upstream rests on a bundled synthetic sample (its ``metrics.json`` says so).
    """

    source: str
    target: str
    status: str
    value: Any
    text: str
    synthetic: bool = False


# ---------------------------------------------------------------------------------------------------------
# Reading an upstream's contract files


def read_metrics(folder: Path) -> dict[str, Any]:
    """The upstream's ``metrics.json``.

    Raises:
        LinkError: When the file is missing or not a JSON object.
    """
    path = folder / "metrics.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise LinkError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise LinkError(f"{path}: not a JSON object")
    return data


def metric(folder: Path, key: str) -> Any:
    """One metric of the upstream (``metrics.json``).

    Raises:
        LinkError: When the file or the key is missing.
    """
    metrics = read_metrics(folder)
    if key not in metrics:
        raise LinkError(f"{folder / 'metrics.json'}: no metric {key!r}")
    return metrics[key]


def table(folder: Path, stem: str) -> pd.DataFrame:
    """One contract table of the upstream (``tables/<stem>.csv``).

    Raises:
        LinkError: When the file is missing or unreadable.
    """
    path = folder / "tables" / f"{stem}.csv"
    try:
        return pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise LinkError(f"{path}: cannot be read ({exc.__class__.__name__})") from None


def row(frame: pd.DataFrame, where: Mapping[str, Any], what: str) -> pd.Series:
    """The one row of ``frame`` matching every ``column == value`` of ``where``.

    Raises:
        LinkError: When no row or more than one matches (naming the selection).
    """
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if column not in frame.columns:
            raise LinkError(f"{what}: no column {column!r}")
        mask &= frame[column].astype(str) == str(value)
    chosen = frame[mask]
    if len(chosen) != 1:
        selection = ", ".join(f"{k}={v}" for k, v in where.items())
        raise LinkError(f"{what}: {len(chosen)} rows with {selection} (expected one)")
    return chosen.iloc[0]


# ---------------------------------------------------------------------------------------------------------
# Parameters as nested dicts


def get_path(params: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted path of nested parameters (``hire.pay``)."""
    value: Any = params
    for key in dotted.split("."):
        value = value[key]
    return value


def with_value(params: Mapping[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``params`` with the dotted path set to ``value``."""
    out = copy.deepcopy(dict(params))
    node = out
    keys = dotted.split(".")
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return out


def leaf_keys(values: Mapping[str, Any], prefix: str = "") -> frozenset[str]:
    """Dotted paths of every leaf of a nested mapping (what a scenario file or ``--set`` gave explicitly)."""
    keys: set[str] = set()
    for key, value in values.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            keys |= leaf_keys(value, f"{path}.")
        else:
            keys.add(path)
    return frozenset(keys)


def is_explicit(parameter: str, explicit: frozenset[str]) -> bool:
    """Whether a parameter (or a part of it) was given in the scenario file or by ``--set``."""
    return any(key == parameter or key.startswith(f"{parameter}.") for key in explicit)


# ---------------------------------------------------------------------------------------------------------
# Resolution


def resolve(
    notebook: str,
    links: Sequence[Link],
    params: Mapping[str, Any],
    explicit: frozenset[str],
    upstream: Mapping[str, Path | None],
) -> tuple[dict[str, Any], list[LinkRecord]]:
    """Apply a notebook's links to its parameters.

    Args:
        notebook: The downstream notebook.
        links: Its declared links.
        params: Its validated parameters as a dict (JSON types).
        explicit: Dotted keys given in the scenario file or by ``--set`` (they win over a link).
        upstream: Upstream notebook → the folder of its outputs in this run, or None when it is not part of
            the run (its links then keep the notebook's default).

    Returns:
        The parameters with the linked values, and one record per link.

    Raises:
        LinkError: When an upstream's files do not hold what a link needs (names notebook, link and file).
    """
    out = copy.deepcopy(dict(params))
    records = []
    for link in links:
        target = f"{notebook}.{link.parameter}"
        current = get_path(out, link.parameter)
        folder = upstream.get(link.source)
        if is_explicit(link.parameter, explicit):
            text = f"{link.what}: set in the scenario, not taken from {link.source}"
            records.append(LinkRecord(link.source, target, OVERRIDE, current, text))
            continue
        if folder is None:
            text = f"{link.what}: this notebook's default ({link.source} is not part of this run)"
            records.append(LinkRecord(link.source, target, DEFAULT, current, text))
            continue
        try:
            linked = link.read(folder, out)
        except LinkError as exc:
            raise LinkError(f"{notebook}: {link.what} from {link.source}: {exc}") from None
        if linked.value is None:  # the reader declined (e.g. another pay measure) and says why
            records.append(LinkRecord(link.source, target, DEFAULT, current, linked.text))
            continue
        out = with_value(out, link.parameter, linked.value)
        synthetic = bool(_upstream_flag(folder))
        records.append(LinkRecord(link.source, target, LINKED, linked.value, linked.text, synthetic))
    return out, records


def _upstream_flag(folder: Path) -> bool:
    """Whether the upstream's ``metrics.json`` says it rests on a bundled synthetic sample."""
    try:
        return bool(read_metrics(folder).get(SYNTHETIC_METRIC, False))
    except LinkError:
        return False


def records_as_json(records: Sequence[LinkRecord]) -> list[dict[str, Any]]:
    """Records as JSON objects (``run.json``, the notebook's ``links`` parameter)."""
    return [asdict(record) for record in records]


def from_upstream_dir(
    notebook: str, links: Sequence[Link], params: Mapping[str, Any], upstream_dir: str
) -> tuple[dict[str, Any], list[LinkRecord]]:
    """Resolve links inside a notebook run by raw papermill or JupyterLab against an earlier run's folder.

    ``upstream_dir`` is a run folder (``outputs/default``) holding ``<source>/metrics.json`` and tables; a
    source folder that is absent keeps the default. Nothing counts as explicit here: pointing a notebook at a
    run means taking that run's values.
    """
    root = Path(upstream_dir).expanduser()
    upstream = {link.source: root / link.source for link in links}
    present = {name: folder if folder.is_dir() else None for name, folder in upstream.items()}
    return resolve(notebook, links, params, frozenset(), present)


def for_notebook(params: Any, declared: Sequence[Link]) -> tuple[Any, pd.DataFrame]:
    """The links of a running notebook: its parameters and a table of what it took from other analyses.

    Run by talentlib, the runner has injected the values and listed them in ``params.links``. Run on its own
    with ``upstream_dir`` set, the links are resolved here against that earlier run and the parameters
    validated again. Otherwise the defaults stand and the table says so.

    Returns:
        ``(params, table)``; the table has columns ``input, value, status`` (one row per declared link).
    """
    records = [LinkRecord(**record) for record in params.links]
    if params.upstream_dir and not records:
        values, records = from_upstream_dir(
            params.notebook, declared, params.model_dump(mode="json"), params.upstream_dir
        )
        values["links"] = records_as_json(records)
        params = type(params).model_validate(values)
    if not records:
        records = [
            LinkRecord(
                link.source,
                f"{params.notebook}.{link.parameter}",
                DEFAULT,
                None,
                f"{link.what}: this notebook's default (run on its own; set upstream_dir to use a run)",
            )
            for link in declared
        ]
    rows = [
        {
            "input": record.text.split(":", 1)[0],
            "value": record.text.split(":", 1)[-1].strip(),
            "status": record.status,
        }
        for record in records
    ]
    return params, pd.DataFrame(rows, columns=["input", "value", "status"])
