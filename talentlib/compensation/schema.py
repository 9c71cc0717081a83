"""Parameters of the compensation analysis (``params/compensation/*.yaml``) and their reference-derived defaults.

Defaults come from ``data/reference_figures.csv`` and ``data/article_pay_bands.csv`` through
:mod:`talentlib.reference`: the article's pay table (roles, year), its non-coastal discount, its pay-growth
figure and its competing-offers figure, and the labelled assumptions (merit budget, flight-risk screen, offer
percentile).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

from talentlib import reference
from talentlib.params import NAME_PATTERN, NotebookParams, Range

LEVELS = ("junior", "mid", "senior")
COASTAL = "coastal"
INTERNATIONAL = "international"
#: The two pay measures: the article's bands are total compensation, the survey's salaries base pay.
PAY_MEASURES = ("total_comp", "base_salary")
BAND_MEASURE = {"article": "total_comp", "survey": "base_salary"}

# ---------------------------------------------------------------------------------------------------------
# Reference-derived defaults


def article_roles() -> tuple[str, ...]:
    """The five roles of the article's pay table, in its order."""
    return tuple(dict.fromkeys(reference.article_pay_bands()["role"]))


def article_year() -> int:
    """The year of the article's pay table (its ``period`` column)."""
    return int(reference.article_pay_bands()["period"].iloc[0])


def growth_span() -> tuple[int, int]:
    """Start and end year of the article's pay-growth figure (``2024-2026``)."""
    start, end = reference.figure("article.pay_growth_2024_2026").period.split("-")
    return int(start), int(end)


def default_tiers() -> dict[str, list[float]]:
    """The article's location tiers: coastal (no discount), non-coastal and international at its discount range."""
    discount = reference.figure("article.non_coastal_discount")
    return {
        COASTAL: [0.0, 0.0],
        "non_coastal": [discount.low, discount.high],
        "international": [discount.low, discount.high],
    }


def figure_range(figure_id: str) -> list[float]:
    """A reference figure's ``[low, high]``."""
    fig = reference.figure(figure_id)
    return [fig.low, fig.high]


# ---------------------------------------------------------------------------------------------------------
# Parameters


def _check_tiers(tiers: dict[str, list[float]]) -> dict[str, list[float]]:
    """Tier keys are names and discounts fractions in [0, 0.95]."""
    if not tiers:
        raise ValueError("at least one location tier is needed")
    for key, (low, high) in tiers.items():
        if not NAME_PATTERN.match(key):
            raise ValueError(f"tier key {key!r} must be letters, digits, '_', '-' or '.' (max 64 characters)")
        if low < 0 or high > 0.95:
            raise ValueError(
                f"tier {key!r}: discounts are fractions between 0 and 0.95 (0.3 means 30 % lower)"
            )
    return tiers


def _check_growth(value: list[float]) -> list[float]:
    """Two-year growth within (−90 %, +300 %]."""
    if value[0] <= -0.9 or value[1] > 3:
        raise ValueError("two-year pay growth must be between -90 % and +300 % (fractions: 0.2 means 20 %)")
    return value


def _check_offers(value: list[float]) -> list[float]:
    """Competing offers within [0, 50]."""
    if value[0] < 0 or value[1] > 50:
        raise ValueError("competing offers must be between 0 and 50")
    return value


def _check_conversion(value: list[float]) -> list[float]:
    """Empty, or ``[low, high]`` total_comp ÷ base_salary ratios in [1, 5] with low ≤ high."""
    if not value:
        return value
    if len(value) != 2 or not 1 <= value[0] <= value[1] <= 5:
        raise ValueError(
            "expected [] or [low, high]: total_comp ÷ base_salary, 1 ≤ low ≤ high ≤ 5 (1.3 means total pay is 30 % above base)"
        )
    return value


class CompensationParams(NotebookParams):
    """Parameters of ``notebooks/compensation.ipynb``."""

    notebook: ClassVar[str] = "compensation"

    organisation_name: str = Field(
        "",
        max_length=200,
        description="organisation name shown in the report; empty means the synthetic sample",
    )
    employees_csv: str = Field(
        "",
        description="path of your employees CSV (relative to the project folder); empty means the synthetic sample",
    )
    employees_mapping: str = Field(
        "",
        description="mapping YAML for an HR export (columns, titles, levels, locations); empty means employees_csv "
        "has talentlib's columns",
    )
    pay_measure: Literal["total_comp", "base_salary"] = Field(
        "total_comp",
        description="employee pay column compared with the bands (article bands are total_comp, survey bands base_salary)",
    )
    measure_conversion: list[float] = Field(
        default_factory=list,
        description="total_comp ÷ base_salary [low, high] to compare across pay measures; empty refuses such a comparison",
    )
    measure_conversion_label: str = Field(
        "", max_length=200, description="where measure_conversion comes from (required with it)"
    )
    band_source: Literal["article", "survey"] = Field(
        "article", description="bands from the article's table or from the survey's P10/P50/P90"
    )
    pay_year: int = Field(
        default_factory=article_year, ge=2000, le=2100, description="year the employees' pay refers to"
    )
    target_year: int = Field(
        default_factory=article_year,
        ge=2000,
        le=2100,
        description="year the bands, offer and forward view are aged to",
    )
    pay_drift: Literal["survey", "stated"] = Field(
        "survey",
        description="market pay drift: survey (measured from the survey's year-on-year medians) or stated "
        "(pay_growth_two_years)",
    )
    pay_growth_two_years: Annotated[Range, AfterValidator(_check_growth)] = Field(
        default_factory=lambda: figure_range("article.pay_growth_2024_2026"),
        description="market pay growth over two years [low, high] as fractions (annualised by square root); used "
        "when pay_drift is stated, and as the article stress case",
    )
    location_tiers: Annotated[dict[str, Range], AfterValidator(_check_tiers)] = Field(
        default_factory=default_tiers,
        description="location tier -> pay discount [low, high] against the coastal bands, as fractions",
    )
    international_factors: Literal["survey", "tier"] = Field(
        "survey",
        description="international pay: survey (country factors from the survey, employee country column) or "
        "tier (the location_tiers discount)",
    )
    survey_country: str = Field(
        "US", pattern=r"^[A-Z]{2}$", description="ISO country of the survey bands (employee residence)"
    )
    survey_year: int = Field(
        2024, ge=2020, le=2025, description="survey year used for survey bands and charts"
    )
    min_group_size: int = Field(
        5, ge=3, le=1000, description="groups smaller than this are suppressed in reports"
    )
    export_individual: bool = Field(
        False,
        description="also write tables/employees.csv and tables/flight_risk.csv: one row per person (pay "
        "is recoverable from them); off unless asked (talentlib run --export-individual)",
    )
    new_hire_months: int = Field(
        12,
        ge=1,
        le=60,
        description="pay compression: hires within this many months of the latest hire_date are new",
    )
    merit_budget: float = Field(
        default_factory=lambda: reference.figure("assumption.compensation_merit_budget").value,
        ge=0,
        le=0.5,
        description="annual merit raise for everyone in the forward view, as a fraction",
    )
    flight_risk_compa_ratio: float = Field(
        default_factory=lambda: reference.figure("assumption.compensation_flight_risk_compa_ratio").value,
        gt=0,
        le=2,
        description="employees below this compa-ratio are listed as flight risks",
    )
    offer_role: str = Field("ai_ml_engineer", description="offer calculator role")
    offer_level: Literal["junior", "mid", "senior"] = Field("mid", description="offer calculator level")
    offer_tier: str = Field(COASTAL, description="offer calculator location tier (a key of location_tiers)")
    offer_country: str = Field(
        "", pattern=r"^([A-Z]{2})?$", description="offer country (ISO code) when offer_tier is international"
    )
    offer_percentile: float = Field(
        default_factory=lambda: reference.figure("assumption.compensation_offer_percentile").value,
        ge=10,
        le=90,
        description="market percentile the offer targets (10 to 90)",
    )
    competing_offers: Annotated[Range, AfterValidator(_check_offers)] = Field(
        default_factory=lambda: figure_range("article.competing_offers"),
        description="competing offers a candidate holds [low, high]",
    )
    process_weeks: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_standard_process_weeks"),
        description="weeks from first contact to the offer [low, high] (candidates accept elsewhere meanwhile)",
    )
    offer_loss_hazard: Range = Field(
        default_factory=lambda: figure_range("assumption.strategy_offer_loss_hazard"),
        description="weekly chance of losing the candidate per competing offer [low, high]",
    )

    @field_validator("process_weeks")
    @classmethod
    def _weeks(cls, value: list[float]) -> list[float]:
        if not 0.0 <= value[0] <= 52.0 or value[1] > 52.0:
            raise ValueError("process weeks must be between 0 and 52")
        return value

    @field_validator("offer_loss_hazard")
    @classmethod
    def _hazard(cls, value: list[float]) -> list[float]:
        if not value[0] >= 0.0 or value[1] > 1.0:
            raise ValueError("the weekly hazard must be between 0 and 1")
        return value

    @field_validator("measure_conversion")
    @classmethod
    def _conversion_range(cls, value: list[float]) -> list[float]:
        return _check_conversion(value)

    @model_validator(mode="after")
    def _conversion_is_labelled(self) -> CompensationParams:
        if self.measure_conversion and not self.measure_conversion_label.strip():
            raise ValueError(
                "measure_conversion needs measure_conversion_label (where the factor comes from)"
            )
        return self

    @property
    def band_measure(self) -> str:
        """Pay measure of the bands: ``total_comp`` for the article, ``base_salary`` for the survey."""
        return BAND_MEASURE[self.band_source]

    @field_validator("offer_role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        if value not in article_roles():
            raise ValueError(f"unknown role; expected one of {', '.join(article_roles())}")
        return value

    @field_validator("offer_tier")
    @classmethod
    def _known_tier(cls, value: str, info: ValidationInfo) -> str:
        tiers = info.data.get("location_tiers")
        if tiers is not None and value not in tiers:
            raise ValueError(f"unknown tier; expected one of {', '.join(tiers)}")
        return value
