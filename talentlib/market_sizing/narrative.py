"""Market-sizing prose: findings, recommendations and the claims audit, each sentence computed from the run and params.

Where a sentence says where the growth rates come from, it asks :func:`rate_sources`: a side (demand or supply)
is "the article's" only when every role uses the article's range, "public" when every role's range lies inside
the annualised BLS employment projections of the reference data, and otherwise this scenario's own assumption.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from talentlib import reference
from talentlib.market_sizing.model import (
    ClaimsEvidence,
    PublicRates,
    claims_evidence,
    gap_widening_is_certain,
    params_total_ratio,
    public_rates,
)
from talentlib.market_sizing.schema import MarketSizingParams, is_index
from talentlib.report import fmt_num, fmt_pct

RateSource = Literal["article", "public", "assumption"]
SIDES = ("demand", "supply")
#: Half a unit in the 4th decimal: a range typed from annualised BLS rates rounded to 0.0001 still counts as public.
PUBLIC_RATE_TOLERANCE = 5e-5
#: A ratio of growth rates at or above this is "an order of magnitude".
ORDER_OF_MAGNITUDE = 10.0

_SOURCE_LABELS: dict[RateSource, str] = {
    "article": "the article's",
    "public": "from public employment projections (BLS, annualised)",
    "assumption": "this scenario's own assumption",
}


@dataclass(frozen=True)
class RateSources:
    """Where each side's growth rates come from.

    Attributes:
        demand: Source of every role's demand growth range.
        supply: Source of every role's supply growth range.
    """

    demand: RateSource
    supply: RateSource

    @property
    def common(self) -> RateSource | None:
        """The source both sides share, or None when they differ."""
        return self.demand if self.demand == self.supply else None


def growth_span(params: MarketSizingParams, side: str) -> tuple[float, float]:
    """Lowest low and highest high of one side's growth ranges over all roles (fractions per year)."""
    ranges = [getattr(m, f"{side}_growth") for m in params.roles.values()]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _side_source(params: MarketSizingParams, side: str, public: PublicRates) -> RateSource:
    """Classify one side's growth ranges against the article's figure and the public BLS range."""
    article = reference.figure(f"article.{side}_growth")
    ranges = [list(getattr(m, f"{side}_growth")) for m in params.roles.values()]
    if all(r == [article.low, article.high] for r in ranges):
        return "article"
    low = public.employment_low - PUBLIC_RATE_TOLERANCE
    high = public.employment_high + PUBLIC_RATE_TOLERANCE
    if all(low <= r[0] and r[1] <= high for r in ranges):
        return "public"
    return "assumption"


def rate_sources(params: MarketSizingParams) -> RateSources:
    """Where this run's demand and supply growth rates come from (article, public data or assumption)."""
    public = public_rates()
    return RateSources(*(_side_source(params, side, public) for side in SIDES))


def _digits(*values: float) -> int:
    """Decimals needed to show fractions as percentages: 0 for whole percents, else 1."""
    return 0 if all(abs(v * 100 - round(v * 100)) < 1e-9 for v in values) else 1


def rate_range(low: float, high: float) -> str:
    """A growth range as text, ``40%–60%/yr`` (one decimal where the ends are not whole percents)."""
    digits = _digits(low, high)
    return f"{fmt_pct(low, digits)}–{fmt_pct(high, digits)}/yr"


def _article_range(side: str) -> str:
    """The article's growth range of one side as text."""
    fig = reference.figure(f"article.{side}_growth")
    return rate_range(fig.low, fig.high)


def _slower_phrase(rate: float, public: PublicRates) -> str:
    """How much slower public employment projections grow than ``rate`` (computed, not assumed)."""
    if public.employment_high <= 0 or rate / public.employment_high >= ORDER_OF_MAGNITUDE:
        return "an order of magnitude slower"
    return "slower" if public.employment_high < rate else "about as fast or faster"


def _rates_finding(params: MarketSizingParams) -> str:
    """Where the projection's growth rates come from and how they compare (the last finding)."""
    sources, public = rate_sources(params), public_rates()
    employment = rate_range(public.employment_low, public.employment_high)
    if sources.common == "article":
        slower = _slower_phrase(growth_span(params, "demand")[0], public)
        return (
            f"These are the article's growth rates carried forward; public employment projections grow {slower} "
            "(see the reality check)."
        )
    spans = {side: rate_range(*growth_span(params, side)) for side in SIDES}
    if sources.common == "public":
        return (
            f"These growth rates are public employment projections (BLS, annualised) carried forward: demand "
            f"{spans['demand']}, supply {spans['supply']}, not the article's {_article_range('demand')} and "
            f"{_article_range('supply')}; employment counts filled jobs, where demand and supply meet, so it does "
            "not measure unmet demand (see the reality check)."
        )
    comparison = (
        f"for comparison, the article says demand {_article_range('demand')} and supply {_article_range('supply')}, "
        f"and public employment projections grow {employment} (see the reality check)."
    )
    if sources.common == "assumption":
        return (
            f"These growth rates are this scenario's own assumptions (demand {spans['demand']}, supply "
            f"{spans['supply']}); {comparison}"
        )
    described = "; ".join(
        f"{side} growth {spans[side]} is {_SOURCE_LABELS[getattr(sources, side)]}" for side in SIDES
    )
    return f"Growth rates of this run: {described}; {comparison}"


def _gap_finding(metrics: dict[str, Any], unit: str) -> str:
    """The total gap at the horizon (P50 and P10–P90), worded by its sign."""
    p10, p50, p90 = (metrics[f"total_gap_p{p}"] for p in (10, 50, 90))
    spread = f"{fmt_num(p10)}–{fmt_num(p90)}" if p10 >= 0 else f"{fmt_num(p10)} to {fmt_num(p90)}"
    if p50 >= 0:
        head = f"total demand exceeds total supply by {fmt_num(p50)} {unit}"
    else:
        head = f"total supply exceeds total demand by {fmt_num(-p50)} {unit}"
    return f"By {metrics['horizon_year']}, {head} (P50; P10–P90 {spread})."


def _widening_finding(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """The share of simulations in which the gap widens; stated as following from the inputs when it must."""
    sentence = (
        f"The gap widens in {fmt_pct(metrics['prob_gap_widens'])} of {metrics['simulations']:,} simulations"
    )
    if gap_widening_is_certain(params):
        return (
            f"{sentence}, as it must: in every role base demand is at least base supply and the lowest demand "
            "growth exceeds the highest supply growth (it follows from the inputs)."
        )
    return f"{sentence}."


def _largest_gap_finding(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """The role with the largest median gap, or a note that all roles share the same inputs."""
    markets = [m.model_dump() for m in params.roles.values()]
    if len(markets) > 1 and all(m == markets[0] for m in markets):
        return "All roles share the same inputs in this scenario, so they project the same gap; set per-role values to compare them."
    return (
        f"The largest gap is in {metrics['largest_gap_role'].replace('_', ' ')} "
        f"({fmt_num(metrics['largest_gap_role_p50'])} at P50)."
    )


def findings(metrics: dict[str, Any], params: MarketSizingParams) -> list[str]:
    """Plain-language findings, every number computed from the run and every source claim from the params."""
    unit = "index points (base-year supply of each role = 100)" if is_index(params) else "people"
    return [
        _gap_finding(metrics, unit),
        (
            f"Supply covers {fmt_pct(metrics['total_coverage_p50'])} of demand at the horizon (P50), "
            f"against {fmt_pct(1 / (params_total_ratio(params)))} in {metrics['base_year']}."
        ),
        _widening_finding(metrics, params),
        _largest_gap_finding(metrics, params),
        _rates_finding(params),
    ]


def _coverage_recommendation(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """What the horizon coverage means for hiring, worded by whether a shortfall is likely, possible or unlikely."""
    horizon, coverage = metrics["horizon_year"], fmt_pct(metrics["total_coverage_p50"])
    mix = "size the build/borrow/automate mix in the strategy-ROI report"
    if metrics["total_gap_p10"] > 0:
        return (
            f"Plan for the market to cover only about {coverage} of AI-talent demand by {horizon} "
            f"(P50): external hiring alone will not fill the roles; {mix}."
        )
    unit = "index points" if is_index(params) else "people"
    spread = f"{fmt_num(metrics['total_gap_p10'])} to {fmt_num(metrics['total_gap_p90'])} {unit}"
    if metrics["total_gap_p90"] > 0:
        return (
            f"Supply covers about {coverage} of AI-talent demand by {horizon} (P50) and the total gap spans {spread} "
            f"(P10–P90), so a shortfall and a surplus are both plausible: the market alone does not make the case "
            f"for building over hiring; {mix} from your own roles."
        )
    return (
        f"Supply meets AI-talent demand by {horizon} in at least 90 % of simulations (total gap {spread}, P10–P90): "
        f"external hiring can fill the roles at market level; {mix} only where your own roles are harder to fill."
    )


def _rates_recommendation(params: MarketSizingParams) -> str:
    """How to read the growth rates of this run, depending on where they come from."""
    sources, public = rate_sources(params), public_rates()
    related = rate_range(public.related_low, public.related_high)
    if sources.common == "article":
        return (
            "Treat the article's growth rates as a stress case, not a forecast: public employment projections for "
            f"related occupations grow {related} (see the reality check)."
        )
    if sources.common == "public":
        article_low = reference.figure("article.demand_growth").low
        case = "a low case" if growth_span(params, "demand")[1] < article_low else "a case"
        return (
            "Read this run as what public employment data show, not a forecast of unmet demand: employment "
            f"projections count filled jobs, so this is {case} beside the article's demand growth of "
            f"{_article_range('demand')}, a vendor claim (see the reality check)."
        )
    return (
        f"Treat this scenario's growth rates (demand {rate_range(*growth_span(params, 'demand'))}, supply "
        f"{rate_range(*growth_span(params, 'supply'))}) as a what-if, not a forecast: public employment projections "
        f"for related occupations grow {related} and the article claims demand {_article_range('demand')} "
        "(see the reality check)."
    )


def recommendations(metrics: dict[str, Any], params: MarketSizingParams) -> list[str]:
    """Planning consequences of the projection, each with its number and the source of its growth rates."""
    return [_coverage_recommendation(metrics, params), _rates_recommendation(params)]


def _ratio_text(value: float) -> str:
    """A ratio rounded to one decimal without trailing zeros: ``2``, ``3.3``."""
    return f"{round(value, 1):g}"


def factor_verdict(evidence: ClaimsEvidence) -> str:
    """Verdict on the claimed demand/supply factor from the growth-rate ratio the article's own ranges imply."""
    implied = f"{_ratio_text(evidence.ratio_low)}–{_ratio_text(evidence.ratio_high)}x"
    claimed = f"{evidence.factor[0]:g}–{evidence.factor[1]:g}x"
    if evidence.factor_covered:
        return f"reproduced: the growth rates imply {implied}, which covers {claimed}"
    if evidence.factor_overlaps:
        return f"partly reproduced: the growth rates imply {implied}, not {claimed}"
    return f"not reproduced by the article's own growth rates: they imply {implied}, not {claimed}"


def _demand_verdict(evidence: ClaimsEvidence) -> str:
    """Verdict on the demand-growth claim against BLS projections and GenAI postings."""
    lowest, highest_public = evidence.demand_growth[0], evidence.public.employment_high
    if lowest <= highest_public:
        head = "overlaps employment projections"
    elif highest_public <= 0 or lowest / highest_public >= ORDER_OF_MAGNITUDE:
        head = "disagrees with employment projections by an order of magnitude"
    else:
        head = f"disagrees with employment projections ({lowest / highest_public:.1f}x their highest rate)"
    if evidence.public.postings > evidence.demand_growth[1]:
        return f"{head}; postings grow faster still"
    return f"{head}; postings grow {fmt_pct(evidence.public.postings)} a year"


def _persistence_verdict(evidence: ClaimsEvidence) -> str:
    """Verdict on the gap-persistence claim: mechanical when the article's ranges guarantee widening."""
    if evidence.widening_guaranteed:
        return "follows mechanically from demand growth > supply growth (an input, not evidence)"
    return "not guaranteed by the article's ranges: their demand and supply growth overlap"


def claims_audit(params: MarketSizingParams, metrics: dict[str, Any]) -> pd.DataFrame:
    """Each quantitative claim of the article: can the model reproduce it from the article's own inputs, and what public data says.

    Args:
        params: This run's parameters (kept for a uniform signature; the audit reads the article's figures).
        metrics: This run's horizon metrics (P50 ratio and widening share quoted in the table).

    Returns:
        Columns ``claim, article_says, model_from_article_inputs, public_data, verdict``.
    """
    ev = claims_evidence()
    (dg_low, dg_high), (sg_low, sg_high), (f_low, f_high) = ev.demand_growth, ev.supply_growth, ev.factor
    bls = f"{fmt_pct(ev.public.employment_low, 1)}–{fmt_pct(ev.public.employment_high, 1)}/yr"
    return pd.DataFrame(
        [
            {
                "claim": f"Demand for AI talent grows {dg_low * 100:g}–{dg_high * 100:g} % a year",
                "article_says": f"{fmt_pct(dg_low)}–{fmt_pct(dg_high)}/yr",
                "model_from_article_inputs": "input, not derived",
                "public_data": (
                    f"BLS employment projections for related occupations: {bls}; "
                    f"GenAI job postings +{fmt_pct(ev.public.postings)} in one year (2023→2024, small base)"
                ),
                "verdict": _demand_verdict(ev),
            },
            {
                "claim": f"Supply of qualified AI professionals grows {sg_low * 100:g}–{sg_high * 100:g} % a year",
                "article_says": f"{fmt_pct(sg_low)}–{fmt_pct(sg_high)}/yr",
                "model_from_article_inputs": "input, not derived",
                "public_data": f"no public supply series in the reference data; BLS employment growth {bls}",
                "verdict": "not verifiable with the reference data",
            },
            {
                "claim": f"Demand outpaces supply by a factor of {f_low:g}–{f_high:g}x",
                "article_says": f"{f_low:g}–{f_high:g}x",
                "model_from_article_inputs": (
                    f"growth-rate ratio {ev.ratio_low:.1f}–{ev.ratio_high:.1f}x; from parity, demand/supply levels reach "
                    f"{f_low:g}x after {ev.years_to_factor_low:.1f} yrs and {f_high:g}x after "
                    f"{ev.years_to_factor_high:.1f} yrs at mid rates; "
                    f"P50 ratio at {metrics['horizon_year']}: {metrics['demand_supply_ratio_p50']:.2f}x"
                ),
                "public_data": "none in the reference data",
                "verdict": factor_verdict(ev),
            },
            {
                "claim": (
                    f"The gap will not close in the next {ev.persistence_years[0]:g}–{ev.persistence_years[1]:g} years"
                ),
                "article_says": f"{ev.persistence_years[0]:g}–{ev.persistence_years[1]:g} years",
                "model_from_article_inputs": (
                    f"share of simulations in which the total gap widens by {metrics['horizon_year']}: "
                    f"{fmt_pct(metrics['prob_gap_widens'])}"
                ),
                "public_data": "none",
                "verdict": _persistence_verdict(ev),
            },
        ]
    )
