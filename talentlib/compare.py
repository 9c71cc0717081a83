"""Compare published scenarios side by side, and expand parameter grids into sweeps.

``talentlib compare A B …`` reads ``outputs/<scenario>/run.json`` and each notebook's ``metrics.json`` and writes
``outputs/compare/<name>/``: ``index.html`` (headline metrics side by side, overlaid charts), ``tables/headlines.csv``,
``figures/*.png`` and ``compare.json``. Nothing is recomputed.

``talentlib sweep --grid NOTEBOOK.KEY=V1,V2 …`` expands the grid into one generated scenario per combination
(named ``<sweep>-NN`` and recorded in ``outputs/sweeps/<sweep>/sweep.json``), runs them, then compares them.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from talentlib import catalog, publishing
from talentlib.params import ParamsError, parse_yaml_text
from talentlib.report import figure_html, figure_png, read_json_object, write_csv, write_json
from talentlib.spec import SYNTHETIC_METRIC, ComparableSeries

# ---------------------------------------------------------------------------------------------------------
# Grids


def split_values(text: str) -> list[str]:
    """Split ``V1,V2`` on top-level commas (commas inside ``[…]`` or ``{…}`` stay)."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts]


def parse_grid(items: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Parse ``NOTEBOOK.KEY=V1,V2`` items into (target, values), validating each value as YAML.

    Raises:
        ParamsError: On a malformed item or an empty value.
    """
    grid = []
    for item in items:
        target, sep, raw = item.partition("=")
        if not sep or "." not in target:
            raise ParamsError([f"--grid {item!r}: expected NOTEBOOK.KEY=V1,V2,…"])
        values = split_values(raw)
        if not all(values):
            raise ParamsError([f"--grid {target}: empty value in {raw!r}"])
        for value in values:
            parse_yaml_text(value, f"--grid {target}")
        grid.append((target.strip(), values))
    if not grid:
        raise ParamsError(["sweep: give at least one --grid NOTEBOOK.KEY=V1,V2"])
    return grid


def expand_grid(grid: Sequence[tuple[str, list[str]]]) -> list[list[str]]:
    """Every combination as a list of ``NOTEBOOK.KEY=VALUE`` overrides (first key varies slowest)."""
    targets = [t for t, _ in grid]
    return [
        [f"{t}={v}" for t, v in zip(targets, combo, strict=True)]
        for combo in itertools.product(*(v for _, v in grid))
    ]


def sweep_name(base: str, grid: Sequence[tuple[str, list[str]]]) -> str:
    """A reproducible name: ``sweep-<8 hex of the base scenario and grid>``."""
    digest = hashlib.sha256(json.dumps([base, list(grid)]).encode()).hexdigest()[:8]
    return f"sweep-{digest}"


# ---------------------------------------------------------------------------------------------------------
# Comparison


def load_runs(out_root: Path, scenarios: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Read the published manifests; every scenario must have a published run.

    Raises:
        ParamsError: If a scenario name is invalid or has no published run.
    """
    runs, problems = {}, []
    for scenario in scenarios:
        catalog.check_scenario_name(scenario)
        manifest = read_json_object(out_root / scenario / "run.json")
        if not manifest:
            problems.append(
                f"scenario '{scenario}': no published run in {out_root} (run `talentlib run --scenario {scenario}` first)"
            )
        runs[scenario] = manifest
    if len(scenarios) < 2:
        problems.append("compare: give at least two scenarios")
    repeated = sorted({s for s in scenarios if list(scenarios).count(s) > 1})
    if repeated:
        problems.append(f"compare: scenario {', '.join(repr(s) for s in repeated)} given more than once")
    if problems:
        raise ParamsError(problems)
    return runs


def headline_matrix(out_root: Path, scenarios: Sequence[str]) -> pd.DataFrame:
    """Headline metrics side by side: ``notebook, metric, unit, <scenario>…, synthetic_in`` (raw numbers).

    ``synthetic_in`` names the scenarios (``;``-separated) whose value rests on a bundled synthetic sample.
    """
    rows = []
    for spec in catalog.analysis_specs():
        metrics = {s: read_json_object(out_root / s / spec.name / "metrics.json") for s in scenarios}
        synthetic = ";".join(s for s in scenarios if metrics[s].get(SYNTHETIC_METRIC))
        for headline in spec.headlines:
            row = {"notebook": spec.name, "metric": headline.label, "unit": headline.unit}
            for scenario in scenarios:
                value = metrics[scenario].get(headline.key)
                row[scenario] = (
                    value if isinstance(value, int | float) and not isinstance(value, bool) else None
                )
            row["synthetic_in"] = synthetic
            if any(row[s] is not None for s in scenarios):
                rows.append(row)
    return pd.DataFrame(rows, columns=["notebook", "metric", "unit", *scenarios, "synthetic_in"])


def linked_inputs(runs: Mapping[str, Mapping[str, Any]], scenarios: Sequence[str]) -> pd.DataFrame:
    """What each run's analyses took from one another (``run.json`` ``links``): ``input, <scenario>…``."""
    table: dict[str, dict[str, str]] = {}
    for scenario in scenarios:
        for record in runs[scenario].get("links", []) or []:
            if isinstance(record, Mapping):
                shown = f"{record.get('text', '')} [{record.get('status', '')}]"
                table.setdefault(str(record.get("target", "")), {})[scenario] = shown
    rows = [
        {"input": target, **{s: values.get(s, "") for s in scenarios}} for target, values in table.items()
    ]
    return pd.DataFrame(rows, columns=["input", *scenarios])


def prepare() -> None:
    """Import what drawing the comparison needs (pyplot, seaborn's theme: ~1.2 s), ahead of :func:`write_comparison`.

    ``talentlib sweep`` calls it in a thread of its own while the sweep's notebooks run, where the runner
    process only waits, so the comparison that follows the last notebook does not start with those imports.
    """
    import talentlib.plots  # noqa: F401


def series_overlay_png(
    out_root: Path, scenarios: Sequence[str], notebook: str, series: ComparableSeries
) -> bytes | None:
    """One declared series (its mid line and low–high band) per scenario, read from each run's table."""
    from talentlib import plots
    from talentlib.plots import plt

    frames = {}
    for scenario in scenarios:
        path = out_root / scenario / notebook / "tables" / f"{series.table}.csv"
        if path.is_file():
            table = pd.read_csv(path)
            for column, value in series.rows:
                table = table[table[column].astype(str) == value]
            frames[scenario] = table
    if not frames:
        return None
    fig, axis = plt.subplots(figsize=(8, 4.2))
    for colour, (scenario, rows) in zip(itertools.cycle(plots.PALETTE), frames.items(), strict=False):
        axis.fill_between(rows[series.x], rows[series.low], rows[series.high], color=colour, alpha=0.15)
        axis.plot(rows[series.x], rows[series.mid], color=colour, marker="o", label=scenario)
    axis.set_title(series.title)
    axis.set_xlabel(series.x)
    axis.set_ylabel(series.y_label)
    axis.legend(fontsize=8)
    plots.tight_layout(fig)
    return figure_png(fig)


def headline_bars_png(matrix: pd.DataFrame, scenarios: Sequence[str]) -> bytes | None:
    """Small multiples: each headline metric as bars per scenario."""
    from talentlib.plots import plt, tight_layout

    if matrix.empty:
        return None
    count = len(matrix)
    cols = min(3, count)
    rows = -(-count // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.8 * rows), squeeze=False)
    for index, (_, row) in enumerate(matrix.iterrows()):
        axis = axes[index // cols][index % cols]
        values = [row[s] if row[s] is not None else 0 for s in scenarios]
        axis.bar(range(len(scenarios)), values, color="#1b6ca8")
        axis.set_xticks(range(len(scenarios)), scenarios, rotation=30, ha="right", fontsize=8)
        axis.set_title(f"{row['metric']}", fontsize=9)
    for index in range(count, rows * cols):
        axes[index // cols][index % cols].set_visible(False)
    tight_layout(fig)
    return figure_png(fig, dpi=100)


def _formatted(matrix: pd.DataFrame, scenarios: Sequence[str]) -> pd.DataFrame:
    from talentlib.report import format_metric

    shown = matrix.copy()
    for scenario in scenarios:
        synthetic = matrix["synthetic_in"].str.split(";").map(lambda names, s=scenario: s in names)
        shown[scenario] = [
            f"{format_metric(v, u)} (synthetic sample)" if mark else format_metric(v, u)
            for v, u, mark in zip(matrix[scenario], matrix["unit"], synthetic, strict=True)
        ]
    return shown.drop(columns=["unit", "synthetic_in"])


def write_comparison(
    out_root: Path, scenarios: Sequence[str], name: str, extra: dict[str, Any] | None = None
) -> Path:
    """Build ``outputs/compare/<name>/`` (staged, then moved into place).

    Returns:
        The path of the comparison's ``index.html``.
    """
    from talentlib.runner import scenario_lock

    catalog.check_scenario_name(name, "comparison")
    runs = load_runs(out_root, scenarios)
    target = out_root / "compare" / name
    with scenario_lock(out_root, f"@compare-{name}"):
        publishing.tidy(out_root, target, f"@compare-{name}")
        publishing.check_targets([target], "comparison")
        stage = publishing.staging_dir(out_root, f"@compare-{name}")
        try:
            _stage_comparison(stage, out_root, scenarios, name, runs, extra)
            publishing.write_marker(stage, publishing.COMPARISON_KIND, name)
            publishing.publish(stage, target)
        finally:
            publishing.remove_tree(stage)  # gone already when published
    return target / "index.html"


def _stage_comparison(
    stage: Path,
    out_root: Path,
    scenarios: Sequence[str],
    name: str,
    runs: dict[str, dict[str, Any]],
    extra: dict[str, Any] | None,
) -> None:
    """Write the comparison's tables, figures, ``compare.json`` and ``index.html`` into ``stage``."""
    from talentlib.rendering import page
    from talentlib.report import table_html

    matrix = headline_matrix(out_root, scenarios)
    write_csv(matrix, stage / "tables" / "headlines.csv")
    parts = []
    descriptions = pd.DataFrame(
        [
            {
                "scenario": s,
                "description": runs[s].get("description", ""),
                "status": runs[s].get("status", ""),
                "commit": str(runs[s].get("git_commit", ""))[:12],
            }
            for s in scenarios
        ]
    )
    parts.append("<h2>Scenarios</h2>" + table_html(descriptions))
    links = " · ".join(
        f'<a href="../../{html.escape(s, quote=True)}/index.html">{html.escape(s)}</a>' for s in scenarios
    )
    parts.append(f"<p>Reports: {links}</p>")
    parts.append(
        "<h2>Headline metrics side by side</h2>"
        + table_html(_formatted(matrix, scenarios), "Read from each run's metrics.json.")
    )
    linked = linked_inputs(runs, scenarios)
    if not linked.empty:
        write_csv(linked, stage / "tables" / "linked_inputs.csv")
        parts.append(
            "<h2>Inputs taken from other analyses of each run</h2>"
            + table_html(
                linked,
                "From each run's run.json: the value, where it came from, and whether it was "
                "linked, overridden by the scenario or left at the default.",
            )
        )
    (stage / "figures").mkdir()
    overlays = [
        (
            series.name,
            series_overlay_png(out_root, scenarios, spec.name, series),
            f"Line chart: {series.title.lower()}.",
            series.caption or f"{series.title}; from each run's {spec.name} table {series.table}.csv.",
        )
        for spec in catalog.analysis_specs()
        for series in spec.comparable
    ]
    for stem, png, alt, caption in (
        *overlays,
        (
            "headlines",
            headline_bars_png(matrix, scenarios),
            "Bar charts: each headline metric per scenario.",
            "Headline metrics per scenario (raw values).",
        ),
    ):
        if png:
            (stage / "figures" / f"{stem}.png").write_bytes(png)
            parts.append(figure_html(png, alt, caption))
    write_json({"scenarios": list(scenarios), **(extra or {})}, stage / "compare.json")
    (stage / "index.html").write_text(
        page(f"Scenario comparison — {name}", "".join(parts), [", ".join(scenarios)]), encoding="utf-8"
    )
