"""Market-sizing prose: findings, recommendations and the claims audit, each sentence computed from the run and params.

Where a sentence says where the growth rates come from, it asks :func:`rate_sources`: a side (demand or supply)
is "the article's" when every role's range lies inside the article's range (our per-role reading of it), "public"
when every role's range lies inside the annualised BLS employment projections of the reference data, and otherwise
this scenario's own assumption. Base levels are "BLS OEWS via our crosswalk" only when every role's supply is the
crosswalk figure (:func:`talentlib.market_sizing.schema.supply_from_bls`). Levels are rounded to three significant
figures: the crosswalk shares behind them are assumptions, not counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from talentlib import reference
from talentlib.market_sizing.model import (
    DOMINANCE,
    FOLLOWS,
    ClaimsEvidence,
    PublicRates,
    claims_evidence,
    params_total_ratio,
    public_rates,
)
from talentlib.market_sizing.schema import MarketSizingParams, half_life, supply_from_bls
from talentlib.report import fmt_num, fmt_pct

RateSource = Literal["article", "public", "assumption"]
SIDES = ("demand", "supply")
#: Half a unit in the 4th decimal: a range typed from annualised BLS rates rounded to 0.0001 still counts as public.
PUBLIC_RATE_TOLERANCE = 5e-5
#: A ratio of growth rates at or above this is "an order of magnitude".
ORDER_OF_MAGNITUDE = 10.0

_SOURCE_LABELS: dict[RateSource, str] = {
    "article": "the article's (read per role)",
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


def people(value: float, unit: str = "people") -> str:
    """A level rounded to three significant figures with its unit: ``516,000 people``."""
    if value == 0 or not math.isfinite(value):
        return f"{fmt_num(value)} {unit}"
    digits = 2 - math.floor(math.log10(abs(value)))
    return f"{fmt_num(round(value, digits) if digits < 0 else value)} {unit}"


def growth_span(params: MarketSizingParams, side: str) -> tuple[float, float]:
    """Lowest low and highest high of one side's growth ranges over all roles (fractions per year)."""
    ranges = [getattr(m, f"{side}_growth") for m in params.roles.values()]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _side_source(params: MarketSizingParams, side: str, public: PublicRates) -> RateSource:
    """Classify one side's growth ranges against the article's figure and the public BLS range."""
    article = reference.figure(f"article.{side}_growth")
    ranges = [list(getattr(m, f"{side}_growth")) for m in params.roles.values()]
    if all(article.low <= r[0] and r[1] <= article.high for r in ranges):
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
    if low == high:
        return f"{fmt_pct(low, digits)}/yr"
    return f"{fmt_pct(low, digits)}–{fmt_pct(high, digits)}/yr"


def _article_range(side: str) -> str:
    """The article's growth range of one side as text."""
    fig = reference.figure(f"article.{side}_growth")
    return rate_range(fig.low, fig.high)


def role_label(role: str) -> str:
    """A role key as words: ``ai_ml_engineer`` → ``ai ml engineer``."""
    return role.replace("_", " ")


def base_source(params: MarketSizingParams) -> str:
    """Where the base levels come from, in words (BLS via the crosswalk, the scenario's own levels, or both)."""
    from_bls = [supply_from_bls(params, role) for role in params.roles]
    ratios = sorted({round(m.ratio, 2) for m in params.roles.values()})
    ratio = f"{ratios[0]:g}×" if len(ratios) == 1 else f"{ratios[0]:g}–{ratios[-1]:g}×"
    if all(from_bls):
        supply = "base supply is BLS OEWS May 2025 employment (United States) split into roles by our crosswalk shares"
    elif not any(from_bls):
        supply = f"base levels are this scenario's own ({params.unit}, {params.geography})"
    else:
        supply = "base supply is BLS OEWS via our crosswalk for some roles and this scenario's own for others"
    return f"{supply}; base demand is {ratio} supply"


def _half_lives(low: float, high: float) -> str:
    """Half-lives of a persistence range as text: ``1.4–6.6 years``, ``3.1 years to never``."""
    short, long = half_life(low), half_life(high)
    if short == long:
        return "never" if short == float("inf") else f"{short:.1f} years"
    if long == float("inf"):
        return f"{short:.1f} years to never"
    return f"{short:.1f}–{long:.1f} years"


def _fading_text(params: MarketSizingParams) -> str:
    """How today's rates fade, in words (persistence range and its half-lives)."""
    low, high = params.persistence
    if low == high == 1:
        return "held for the whole horizon (persistence 1: they never fade)"
    span = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    return f"fading toward long-run rates with persistence {span} a year (half-life {_half_lives(low, high)})"


def _rates_finding(params: MarketSizingParams) -> str:
    """Where the projection's growth rates come from and how they fade (the last finding)."""
    sources, public = rate_sources(params), public_rates()
    employment = rate_range(public.employment_low, public.employment_high)
    spans = {side: rate_range(*growth_span(params, side)) for side in SIDES}
    fading = _fading_text(params)
    persistence = reference.figure("assumption.market_persistence")
    whose = (
        "our assumption" if params.persistence == [persistence.low, persistence.high] else "this scenario's"
    )
    if sources.common == "article":
        return (
            f"Today's growth rates are our per-role reading of the article's (demand {spans['demand']}, supply "
            f"{spans['supply']}; a vendor claim), {fading}, {whose}; public employment projections grow {employment} "
            "(see the reality check and the gap against persistence)."
        )
    if sources.common == "public":
        return (
            f"These growth rates are public employment projections (BLS, annualised): demand {spans['demand']}, supply "
            f"{spans['supply']}, not the article's {_article_range('demand')} and {_article_range('supply')}; "
            "employment counts filled jobs, where demand and supply meet, so it does not measure unmet demand "
            "(see the reality check)."
        )
    comparison = (
        f"for comparison, the article says demand {_article_range('demand')} and supply {_article_range('supply')}, "
        f"and public employment projections grow {employment} (see the reality check)."
    )
    if sources.common == "assumption":
        return (
            f"These growth rates are this scenario's own assumptions (demand {spans['demand']}, supply "
            f"{spans['supply']}), {fading}; {comparison}"
        )
    described = "; ".join(
        f"{side} growth {spans[side]} is {_SOURCE_LABELS[getattr(sources, side)]}" for side in SIDES
    )
    return f"Growth rates of this run: {described}, {fading}; {comparison}"


def _coverage_finding(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """The headline: coverage per role at the horizon, P50 with P10–P90."""
    parts = [
        f"{role_label(role)} {fmt_pct(metrics['coverage_p50_by_role'][role])} "
        f"({fmt_pct(metrics['coverage_p10_by_role'][role])}–{fmt_pct(metrics['coverage_p90_by_role'][role])})"
        for role in metrics["roles"]
    ]
    return (
        f"By {metrics['horizon_year']}, supply covers this share of demand (P50, P10–P90 in brackets): "
        + "; ".join(parts)
        + f"; all roles together {fmt_pct(metrics['total_coverage_p50'])}, from "
        + f"{fmt_pct(1 / params_total_ratio(params))} in {metrics['base_year']}."
    )


def _gap_finding(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """The total gap at the horizon in the run's unit (P50 and P10–P90), worded by its sign, with its base."""
    unit = metrics["unit"]
    p10, p50, p90 = (metrics[f"total_gap_p{p}"] for p in (10, 50, 90))
    spread = f"{people(p10, unit)} to {people(p90, unit)}"
    if p50 >= 0:
        head = f"total demand exceeds total supply by {people(p50, unit)}"
    else:
        head = f"total supply exceeds total demand by {people(-p50, unit)}"
    return (
        f"In {unit}: by {metrics['horizon_year']} {head} (P50; P10–P90 {spread}), against "
        f"{people(metrics['total_gap_base'], unit)} in {metrics['base_year']}; {base_source(params)} "
        f"(see the inputs and the crosswalk)."
    )


def _widening_finding(metrics: dict[str, Any]) -> str:
    """Whether the gap widens: 'follows from the inputs' when it must, else the share of simulations."""
    if metrics["gap_widens"] == FOLLOWS:
        return (
            f"That the gap widens by {metrics['horizon_year']} follows from the inputs, not from the simulation: in "
            "every role base demand is at least base supply and today's lowest demand growth exceeds the highest "
            "supply growth, and both sides fade at the same pace toward the same long-run rate."
        )
    return (
        f"The total gap widens by {metrics['horizon_year']} in {fmt_pct(metrics['prob_gap_widens'])} of "
        f"{metrics['simulations']:,} simulations."
    )


def _largest_gap_finding(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """The role with the largest gap, named only when it is the largest in at least :data:`DOMINANCE` of simulations."""
    markets = [m.model_dump() for m in params.roles.values()]
    if len(markets) == 1:
        return f"Only one role is projected ({role_label(metrics['roles'][0])})."
    if all(m == markets[0] for m in markets):
        return "All roles share the same inputs in this scenario, so no role's gap is larger; set per-role values to compare them."
    leader, share = role_label(metrics["largest_gap_leader"]), fmt_pct(metrics["largest_gap_share"])
    if metrics["largest_gap_role"] is None:
        return (
            f"No single role has the largest gap in at least {fmt_pct(DOMINANCE)} of simulations ({leader} leads in "
            f"{share}), so the report names none."
        )
    return (
        f"The largest gap in {metrics['unit']} is in the {leader} role: larger than every other role's in {share} of "
        f"simulations ({people(metrics['largest_gap_role_p50'], metrics['unit'])} at P50)."
    )


def findings(metrics: dict[str, Any], params: MarketSizingParams) -> list[str]:
    """Plain-language findings, every number computed from the run and every source claim from the params."""
    return [
        _coverage_finding(metrics, params),
        _gap_finding(metrics, params),
        _widening_finding(metrics),
        _largest_gap_finding(metrics, params),
        _rates_finding(params),
    ]


def _coverage_recommendation(metrics: dict[str, Any], params: MarketSizingParams) -> str:
    """What the horizon coverage means for hiring, worded by whether a shortfall is likely, possible or unlikely."""
    horizon, coverage = metrics["horizon_year"], fmt_pct(metrics["total_coverage_p50"])
    mix = "size the build/borrow/automate mix in the strategy-ROI report"
    by_role = metrics["coverage_p50_by_role"]
    lowest = min(by_role, key=by_role.__getitem__)
    if metrics["total_gap_p10"] > 0:
        return (
            f"If these inputs hold, the market covers about {coverage} of AI-talent demand by {horizon} (P50; "
            f"lowest: {role_label(lowest)} at {fmt_pct(by_role[lowest])}): external hiring alone will not fill the "
            f"roles; {mix}."
        )
    unit = metrics["unit"]
    spread = f"{people(metrics['total_gap_p10'], unit)} to {people(metrics['total_gap_p90'], unit)}"
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


def _driver_recommendation(tornado: pd.DataFrame, unit: str) -> str:
    """Which input to check first: the tornado's largest swing, with its two ends."""
    top = tornado.iloc[0]
    return (
        f"Check “{top['driver']}” first: it moves the P50 total gap most, from {people(top['gap_at_low'], unit)} at "
        f"{top['low_value']:g} to {people(top['gap_at_high'], unit)} at {top['high_value']:g} (tornado); your own "
        "requisitions and postings measure it better than any default."
    )


def _rates_recommendation(params: MarketSizingParams) -> str:
    """How to read the growth rates of this run, depending on where they come from."""
    sources, public = rate_sources(params), public_rates()
    related = rate_range(public.related_low, public.related_high)
    if sources.common == "article":
        return (
            "Read the coverage as conditional on the article's rates (a vendor claim) and on how fast they fade (our "
            f"assumption): public employment projections for related occupations grow {related}; the gap against "
            "persistence shows how much rests on the fading."
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


def recommendations(
    metrics: dict[str, Any], params: MarketSizingParams, tornado: pd.DataFrame | None = None
) -> list[str]:
    """Planning consequences of the projection, each with its number and the source of its inputs.

    Args:
        metrics: Horizon metrics of the run.
        params: The run's parameters.
        tornado: The tornado table (largest swing first); when given, the input to check first is named.
    """
    out = [_coverage_recommendation(metrics, params)]
    if tornado is not None and len(tornado):
        out.append(_driver_recommendation(tornado, metrics["unit"]))
    return [*out, _rates_recommendation(params)]


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


def _widening_evidence(metrics: dict[str, Any]) -> str:
    """What this run says about the gap persisting: forced by its inputs, or the share of simulations."""
    if metrics["gap_widens"] == FOLLOWS:
        return f"this run: the total gap widens by {metrics['horizon_year']} in every simulation, as its inputs force"
    return (
        f"this run: share of simulations in which the total gap widens by {metrics['horizon_year']}: "
        f"{fmt_pct(metrics['prob_gap_widens'])}"
    )


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
                "model_from_article_inputs": _widening_evidence(metrics),
                "public_data": "none",
                "verdict": _persistence_verdict(ev),
            },
        ]
    )
