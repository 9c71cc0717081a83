"""Plan a run: every params file and ``--set`` override validated through the notebooks' schemas.

Nothing is written and no kernel starts here; a problem anywhere is reported with every other one
(file or ``--set``, key, what was expected, what was given) as one :class:`~talentlib.errors.ParamsError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from talentlib import catalog
from talentlib.config import project_dir
from talentlib.errors import ParamsError
from talentlib.handoff import Validated
from talentlib.links import leaf_keys
from talentlib.params import (
    load_params_file,
    parse_yaml_text,
    scenario_description,
    validate_params,
)
from talentlib.spec import NotebookSpec


@dataclass(frozen=True)
class NotebookPlan:
    """One notebook of one scenario, with validated parameters.

    ``explicit`` holds the dotted keys the scenario file and ``--set`` gave (a link never replaces those).
    ``validated`` holds the tables its input check returned, for the runner to hand to the kernel
    (:mod:`talentlib.handoff`); empty unless the plan was made with ``handoff=True``.
    """

    spec: NotebookSpec
    params: dict[str, Any]
    source: str
    explicit: frozenset[str] = frozenset()
    validated: tuple[Validated, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class ScenarioPlan:
    """A validated scenario ready to run."""

    scenario: str
    description: str
    notebooks: tuple[NotebookPlan, ...]


def parse_override(text: str) -> tuple[str, list[str], Any]:
    """Parse ``NOTEBOOK.KEY[.SUBKEY…]=VALUE`` (VALUE is YAML/JSON: ``10``, ``0.5``, ``[0.1, 0.2]``, ``'"text"'``).

    Returns:
        (notebook, key path, value).

    Raises:
        ParamsError: If the text is not of that shape.
    """
    target, sep, raw = text.partition("=")
    parts = target.strip().split(".")
    if not sep or len(parts) < 2 or not all(parts):
        raise ParamsError(
            [f"--set {text!r}: expected NOTEBOOK.KEY=VALUE, e.g. market_sizing.horizon_years=10"]
        )
    value = parse_yaml_text(raw, f"--set {target}")
    return parts[0], parts[1:], value


def _apply_override(values: dict[str, Any], path: list[str], value: Any, label: str) -> None:
    node = values
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            raise ParamsError([f"--set {label}: '{key}' is not a mapping parameter"])
        node[key] = child = dict(child)
        node = child
    node[path[-1]] = value


#: Share of the machine's memory one notebook may plan to use (the kernel, the runner and the OS need the rest).
MEMORY_SHARE = 0.8


def check_memory(spec: NotebookSpec, params: Any, machine_bytes: int | None = None) -> None:
    """Refuse a run whose estimated peak memory exceeds :data:`MEMORY_SHARE` of this machine's memory.

    Raises:
        ParamsError: Naming the notebook, the product of sizes and the machine's memory.
    """
    if spec.memory_estimate is None:
        return
    import psutil

    needed, product = spec.memory_estimate(params)
    machine = psutil.virtual_memory().total if machine_bytes is None else machine_bytes
    if needed > MEMORY_SHARE * machine:
        raise ParamsError(
            [
                f"{spec.name}: needs about {needed / 2**30:,.1f} GiB ({product}); this machine has "
                f"{machine / 2**30:,.1f} GiB — lower the simulations, the roles or the horizon"
            ]
        )


def plan_scenario(
    scenario: str,
    notebooks: Sequence[str] | None = None,
    overrides: Sequence[str] = (),
    run_name: str | None = None,
    handoff: bool = False,
) -> ScenarioPlan:
    """Validate one scenario: every params file and override, through each notebook's schema.

    Args:
        scenario: Scenario name (``params/*/<scenario>.yaml``).
        notebooks: Subset of notebooks to run (default: all).
        overrides: ``NOTEBOOK.KEY=VALUE`` strings.
        run_name: Publish under this name instead of ``scenario`` (sweeps generate one per combination).
        handoff: Keep the tables the input checks validated, for the kernels (:mod:`talentlib.handoff`);
            each is held in this process until the runner writes it into the run's staging folder.

    Returns:
        The plan.

    Raises:
        ParamsError: Listing every problem found (file, key, expected, given).
    """
    catalog.check_scenario_name(scenario)
    files = catalog.scenario_files(scenario)
    if not files:
        known = ", ".join(catalog.scenarios()) or "none"
        raise ParamsError(
            [f"scenario '{scenario}': no params/<notebook>/{scenario}.yaml file found (scenarios: {known})"]
        )
    selected = list(notebooks) if notebooks else list(catalog.specs())
    problems: list[str] = []
    specs = []
    for name in selected:
        try:
            specs.append(catalog.spec(name))
        except ParamsError as exc:
            problems += exc.problems
    parsed_overrides = []
    for text in overrides:
        try:
            nb, path, value = parse_override(text)
            catalog.spec(nb)
            parsed_overrides.append((nb, path, value, text.partition("=")[0]))
        except ParamsError as exc:
            problems += exc.problems
    plans = []
    for spec in specs:
        path = files.get(spec.name)
        try:
            values = load_params_file(path) if path else {}
            source = str(path.relative_to(project_dir())) if path else "schema defaults"
            for nb, key_path, value, label in parsed_overrides:
                if nb == spec.name:
                    _apply_override(values, key_path, value, label)
                    source += f" + --set {label}"
            file_source = str(path.relative_to(project_dir())) if path else spec.name
            set_sources = {
                ".".join(p): f"--set {label}" for nb, p, _, label in parsed_overrides if nb == spec.name
            }
            params = validate_params(spec.params_model, values, file_source, set_sources)
            validated = spec.validate_inputs(params) if spec.validate_inputs is not None else None
            check_memory(spec, params)
            plans.append(
                NotebookPlan(
                    spec=spec,
                    params=params.model_dump(mode="json"),
                    source=source,
                    explicit=leaf_keys(values),
                    validated=tuple(validated or ()) if handoff else (),
                )
            )
        except ParamsError as exc:
            problems += exc.problems
    if problems:
        raise ParamsError(problems)
    description = next((scenario_description(p) for p in files.values() if scenario_description(p)), "")
    if run_name is not None:
        catalog.check_scenario_name(run_name)
        description = f"{description} [{scenario} with: {'; '.join(overrides) or 'no overrides'}]".strip()
    return ScenarioPlan(scenario=run_name or scenario, description=description, notebooks=tuple(plans))
