"""The runner's side of links (:mod:`talentlib.links`): which notebooks wait for which, and their linked params.

Within a scenario a notebook waits for the sources of its links (they must succeed) and a ``runs_last`` notebook
waits for every other notebook (whatever their outcome). Independent notebooks still run in parallel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talentlib import links
from talentlib.errors import LinkError, ParamsError
from talentlib.params import validate_params
from talentlib.planning import NotebookPlan, ScenarioPlan
from talentlib.spec import NotebookSpec


@dataclass(frozen=True)
class Waits:
    """What one notebook of a scenario waits for.

    Attributes:
        needs: Upstream notebooks of its links that are part of the run (each must succeed).
        after: Every notebook it must wait for (``needs``, plus all others for a ``runs_last`` notebook).
    """

    needs: frozenset[str]
    after: frozenset[str]


def waits(plan: ScenarioPlan) -> dict[str, Waits]:
    """What each notebook of the scenario waits for.

    Raises:
        ParamsError: When the links of the selected notebooks form a circle.
    """
    names = {n.spec.name for n in plan.notebooks}
    last = {n.spec.name for n in plan.notebooks if n.spec.runs_last}
    out = {}
    for nb in plan.notebooks:
        needs = frozenset(s for s in nb.spec.sources if s in names and s != nb.spec.name)
        after = needs | (frozenset(names - last) if nb.spec.runs_last else frozenset())
        out[nb.spec.name] = Waits(needs, after - {nb.spec.name})
    check_order(out)
    return out


def check_order(graph: Mapping[str, Waits]) -> None:
    """Refuse a circle of links (the runner could never start any notebook on it)."""
    remaining = {name: set(w.after) for name, w in graph.items()}
    while remaining:
        ready = [name for name, after in remaining.items() if not after & remaining.keys()]
        if not ready:
            raise ParamsError([f"links form a circle among: {', '.join(sorted(remaining))}"])
        for name in ready:
            del remaining[name]


def blocked_by(spec: NotebookSpec, needs: frozenset[str], statuses: Mapping[str, str]) -> str:
    """Why a notebook cannot run when an upstream did not succeed (empty when it can run)."""
    for link in spec.links:
        if link.source in needs and statuses.get(link.source) != "succeeded":
            return (
                f"not run: it takes {link.what} from {link.source}, which "
                f"{statuses.get(link.source, 'did not run')}"
            )
    return ""


def linked_params(
    nb_plan: NotebookPlan, stage: Path, in_run: Sequence[str]
) -> tuple[dict[str, Any], list[links.LinkRecord]]:
    """The notebook's parameters with its links applied against the run's staging folder, validated again.

    Raises:
        LinkError: When an upstream's files lack what a link reads, or the linked value does not fit the schema.
    """
    spec = nb_plan.spec
    if not spec.links:
        return nb_plan.params, []
    upstream = {source: (stage / source if source in in_run else None) for source in spec.sources}
    params, records = links.resolve(spec.name, spec.links, nb_plan.params, nb_plan.explicit, upstream)
    params["links"] = links.records_as_json(records)
    try:
        validated = validate_params(spec.params_model, params, f"{spec.name} (values linked from this run)")
    except ParamsError as exc:
        raise LinkError("; ".join(exc.problems)) from None
    return validated.model_dump(mode="json"), records
