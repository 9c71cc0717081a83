"""Parameters of the leadership-fluency notebook: the pydantic schema and the constants it rests on.

The schema is the single source of truth for ``notebooks/leadership_fluency.ipynb``'s parameters cell,
``params/leadership_fluency/*.yaml`` and the CLI's help. Every default cost, uplift and target is a
labelled reference figure (see ``FIGURES_USED`` and ``talentlib/data/reference_figures.csv``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field

from talentlib import reference
from talentlib.config import project_dir
from talentlib.formulas import default_adoption_effect
from talentlib.params import NAME_PATTERN, NotebookParams, Range, StrictModel

TIERS: tuple[str, ...] = ("board", "c_suite", "middle_management", "frontline")
Tier = Literal["board", "c_suite", "middle_management", "frontline"]
#: Column key of the overall fluency index (the mean of the dimension scores).
INDEX = "fluency_index"
#: Answer scale of the instrument (1 strongly disagree … 5 strongly agree).
LIKERT_MIN, LIKERT_MAX = 1, 5
#: Coverage of the bootstrap confidence intervals of the tier means.
CI_LEVEL = 0.95

FIGURES_USED = [
    *(f"assumption.fluency_target_{tier}" for tier in TIERS),
    "assumption.fluency_alpha_threshold",
    "assumption.fluency_item_rest_min",
    "assumption.fluency_loading_min",
    "assumption.fluency_loading_spread_max",
    "assumption.fluency_response_rate",
    "assumption.fluency_cost_board_briefings",
    "assumption.fluency_uplift_board_briefings",
    "assumption.fluency_cost_executive_workshops",
    "assumption.fluency_uplift_executive_workshops",
    "article.learning_budget",
    "article.program_months",
    "assumption.fluency_uplift_manager_academy",
    "article.rotation_months",
    "assumption.fluency_cost_manager_rotations",
    "assumption.fluency_uplift_manager_rotations",
    "assumption.fluency_cost_frontline_literacy",
    "assumption.fluency_uplift_frontline_literacy",
    "assumption.fluency_adoption_effect",
    "public.33",
    "public.34",
]


def resolve_path(value: str) -> Path:
    """Resolve a user-given file path: relative paths start at the project folder, never the cwd."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else project_dir() / path


def _check_optional_file(value: str) -> str:
    if value == "":
        return value
    if len(value) > 500 or any(ord(ch) < 32 for ch in value):
        raise ValueError("a file path of at most 500 printable characters")
    if not resolve_path(value).is_file():
        raise ValueError(
            "an existing file (relative paths start at the project folder), or empty for the bundled file"
        )
    return value


OptionalFile = Annotated[str, AfterValidator(_check_optional_file)]


def _check_nonnegative_range(value: list[float]) -> list[float]:
    if value[0] < 0:
        raise ValueError("a range of non-negative numbers")
    return value


NonNegativeRange = Annotated[Range, AfterValidator(_check_nonnegative_range)]


def _check_uplift(value: list[float]) -> list[float]:
    if value[0] < 0 or value[1] > 100:
        raise ValueError("an uplift range within 0–100 index points")
    return value


class Intervention(StrictModel):
    """One development intervention: the tier it serves, its cost per person and its expected uplift."""

    tier: Tier = Field(description="tier the intervention is for")
    description: str = Field(max_length=200, description="what the intervention is")
    cost_per_person: NonNegativeRange = Field(description="cost per participant [low, high] in USD")
    uplift_points: Annotated[Range, AfterValidator(_check_uplift)] = Field(
        description="expected gain of the tier's fluency index [low, high] in index points"
    )


def _figure_range(figure_id: str) -> list[float]:
    fig = reference.figure(figure_id)
    return [fig.low, fig.high]


def default_interventions() -> dict[str, Intervention]:
    """Default interventions per tier; every cost and uplift is a labelled figure (see ``FIGURES_USED``)."""
    months = reference.figure("article.program_months")
    rotation = reference.figure("article.rotation_months")
    return {
        "board_briefings": Intervention(
            tier="board",
            description="Quarterly AI briefings and an AI-governance session (incl. EU AI Act duties) for directors",
            cost_per_person=_figure_range("assumption.fluency_cost_board_briefings"),
            uplift_points=_figure_range("assumption.fluency_uplift_board_briefings"),
        ),
        "executive_workshops": Intervention(
            tier="c_suite",
            description="Executive AI workshops and coaching on strategy, value cases and risk",
            cost_per_person=_figure_range("assumption.fluency_cost_executive_workshops"),
            uplift_points=_figure_range("assumption.fluency_uplift_executive_workshops"),
        ),
        "manager_academy": Intervention(
            tier="middle_management",
            description=f"Manager AI academy: a {months.low:g}–{months.high:g} month learning path on use cases and adoption",
            cost_per_person=_figure_range("article.learning_budget"),
            uplift_points=_figure_range("assumption.fluency_uplift_manager_academy"),
        ),
        "manager_rotations": Intervention(
            tier="middle_management",
            description=f"{rotation.low:g}–{rotation.high:g} month rotations of managers into the AI team",
            cost_per_person=_figure_range("assumption.fluency_cost_manager_rotations"),
            uplift_points=_figure_range("assumption.fluency_uplift_manager_rotations"),
        ),
        "frontline_ai_literacy": Intervention(
            tier="frontline",
            description="Baseline AI-literacy training (EU AI Act Article 4) for staff who use AI systems",
            cost_per_person=_figure_range("assumption.fluency_cost_frontline_literacy"),
            uplift_points=_figure_range("assumption.fluency_uplift_frontline_literacy"),
        ),
    }


def _check_tier_keys(value: dict[str, Any]) -> dict[str, Any]:
    unknown = [key for key in value if key not in TIERS]
    if unknown:
        raise ValueError(f"keys from {', '.join(TIERS)} (unknown: {', '.join(map(str, unknown))})")
    return value


def _check_intervention_keys(value: dict[str, Intervention]) -> dict[str, Intervention]:
    for key in value:
        if not NAME_PATTERN.match(key):
            raise ValueError(f"intervention keys of letters, digits, '_', '-' or '.' (got {key[:40]!r})")
    return value


TargetValue = Annotated[float, Field(ge=0, le=100)]
Headcount = Annotated[int, Field(ge=1, le=10_000_000)]


class LeadershipFluencyParams(NotebookParams):
    """Parameters of ``notebooks/leadership_fluency.ipynb``."""

    notebook: ClassVar[str] = "leadership_fluency"

    organisation_name: str = Field(
        "Example organisation (synthetic survey)",
        min_length=1,
        max_length=120,
        description="shown in the report title",
    )
    responses_csv: OptionalFile = Field(
        "", description="survey responses CSV; empty means the bundled synthetic survey"
    )
    instrument: OptionalFile = Field(
        "", description="instrument CSV (item_id, dimension, text, reverse_coded); empty means bundled"
    )
    targets_csv: OptionalFile = Field(
        "", description="targets CSV (tier, dimension, target); empty means bundled"
    )
    targets: Annotated[dict[str, TargetValue], AfterValidator(_check_tier_keys)] = Field(
        default_factory=dict,
        description="tier -> target index 0-100 applied to every dimension (overrides the file)",
    )
    min_group_size: int = Field(
        5, ge=3, le=1000, description="smallest group (tier, unit or crossing) reported"
    )
    min_items_answered_share: float = Field(
        0.5, gt=0, le=1, description="share of a dimension's items that must be answered to score it"
    )
    alpha_threshold: float = Field(
        default_factory=lambda: round(reference.figure("assumption.fluency_alpha_threshold").value, 6),
        ge=0,
        le=1,
        description="Cronbach's alpha below which a dimension is flagged as unreliable",
    )
    bootstrap_samples: int = Field(
        2000, ge=100, le=100_000, description="bootstrap resamples for the tier CIs"
    )
    small_group_n: int = Field(
        30, ge=2, le=100_000, description="groups with fewer scored respondents get a t interval, others BCa"
    )
    flag_confidence: float = Field(
        0.9, ge=0.5, lt=1, description="share of resamples a tier difference must hold in to raise the flag"
    )
    seed: int = Field(2026, ge=0, le=2**32 - 1, description="random seed (same seed, same results)")
    headcount: Annotated[dict[str, Headcount], AfterValidator(_check_tier_keys)] = Field(
        default_factory=dict,
        description="tier -> people to train; tiers not listed use respondents / response_rate",
    )
    response_rate: float = Field(
        default_factory=lambda: round(reference.figure("assumption.fluency_response_rate").value, 6),
        gt=0,
        le=1,
        description="share of a tier's people who answered (labelled assumption) for tiers without headcount",
    )
    interventions: Annotated[dict[str, Intervention], AfterValidator(_check_intervention_keys)] = Field(
        default_factory=default_interventions,
        description="key -> {tier, description, cost_per_person: [low, high] USD, uplift_points: [low, high]}",
    )
    adoption_effect: float = Field(
        default_factory=lambda: default_adoption_effect(),
        ge=0,
        le=0.9,
        description="share of AI adoption lost per 10 points middle management is below target",
    )
