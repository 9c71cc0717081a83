"""Compensation benchmarking: hand-worked bands and ratios, survey percentiles, suppression, bad CSVs, runs."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentlib import compensation as cp
from talentlib import reference, report
from talentlib.compensation import charts
from talentlib.config import DATA_DIR
from talentlib.params import ParamsError, validate_params
from talentlib.runner import plan_scenario, run_plans
from talentlib.samples import employees as samples

PARAMS = cp.CompensationParams()
#: The article's arithmetic: stated (article) drift and the tier discount for international staff.
STATED = cp.CompensationParams(pay_drift="stated", international_factors="tier")
HEADER = "employee_id,role,level,location_tier,total_comp\n"


def bands_2026(params: cp.CompensationParams = STATED) -> pd.DataFrame:
    return cp.bands_for_year(cp.market_bands(params, cp.article_base_bands(), [2026]), 2026)


def employees(rows: list[tuple[str, str, str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["employee_id", "role", "level", "location_tier", "total_comp"])
    frame["business_unit"] = "Synthetic BU A"
    return frame


# ---------------------------------------------------------------------------------------------------------
# Parameters and reference defaults


def test_defaults_come_from_reference_data():
    assert PARAMS.location_tiers["non_coastal"] == [0.2, 0.4]
    assert PARAMS.location_tiers["international"] == [0.2, 0.4]
    assert PARAMS.pay_growth_two_years == [0.15, 0.25]
    assert PARAMS.competing_offers == [5.0, 10.0]
    assert PARAMS.merit_budget == reference.figure("assumption.compensation_merit_budget").value
    assert PARAMS.target_year == 2026 and PARAMS.min_group_size == 5
    for field in cp.CompensationParams.model_fields.values():
        assert field.description and "=" not in field.description


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"offer_tier": "mars"}, "key 'offer_tier': expected unknown tier"),
        ({"offer_role": "wizard"}, "key 'offer_role': expected unknown role"),
        ({"location_tiers": {"coastal": [0.0, 0.0], "x": [0.5, 0.2]}}, "must not exceed high"),
        ({"location_tiers": {"coastal": [0.0, 1.5]}}, "between 0 and 0.95"),
        ({"min_group_size": 1}, "a value >= 3"),
        ({"survey_country": "usa"}, "survey_country"),
    ],
)
def test_bad_params_are_refused(values, fragment):
    with pytest.raises(ParamsError) as err:
        validate_params(cp.CompensationParams, values, "compensation.yaml")
    assert fragment in str(err.value)


# ---------------------------------------------------------------------------------------------------------
# Bands: midpoints, open-ended flags, tiers, ageing


def test_article_bands_midpoint_and_open_ended_flags():
    base = cp.article_base_bands().set_index(["role", "level"])
    assert base.loc[("ai_ml_engineer", "senior"), "mid"] == (280_000 + 450_000) / 2
    assert bool(base.loc[("ai_ml_engineer", "senior"), "open_ended"])
    assert bool(base.loc[("ai_research_scientist", "senior"), "open_ended"])
    assert int(base["open_ended"].sum()) == 2
    assert len(base) == 15


def test_ageing_by_hand():
    rates = cp.growth_rates(STATED)
    assert rates["low"] == pytest.approx(1.15**0.5 - 1)  # 7.24 %/yr
    assert rates["central"] == pytest.approx(1.2**0.5 - 1)  # 9.54 %/yr
    assert rates["high"] == pytest.approx(1.25**0.5 - 1)  # 11.80 %/yr
    bands = cp.market_bands(STATED, cp.article_base_bands(), [2024, 2026, 2028]).set_index(
        ["role", "level", "location_tier", "year"]
    )
    junior = bands.loc[("ai_ml_engineer", "junior", "coastal")]
    assert junior.loc[2024, "low"] == pytest.approx(130_000 / 1.2)  # implied 2024 band
    assert junior.loc[2026, "low"] == pytest.approx(130_000)
    assert junior.loc[2028, "low"] == pytest.approx(130_000 * 1.2)  # two more years at the central rate
    assert junior.loc[2028, "mid_low"] == pytest.approx(155_000 * 1.15)
    assert junior.loc[2028, "mid_high"] == pytest.approx(155_000 * 1.25)
    assert junior.loc[2024, "mid_low"] == pytest.approx(155_000 / 1.25)
    inland = bands.loc[("ai_ml_engineer", "junior", "non_coastal")]
    assert inland.loc[2028, "mid"] == pytest.approx(155_000 * 1.2 * 0.7)
    assert inland.loc[2028, "mid_low"] == pytest.approx(155_000 * 1.15 * 0.6)
    assert inland.loc[2028, "mid_high"] == pytest.approx(155_000 * 1.25 * 0.8)
    assert set(cp.band_years(PARAMS)) == {2024, 2026}


def test_bls_geography_evidence_by_hand():
    low, mid, high = cp.bls_discount_range()
    assert low == pytest.approx(1 - 107_950 / 135_980)
    assert mid == pytest.approx(1 - (107_950 + 99_600) / (185_080 + 135_980))
    assert high == pytest.approx(1 - 99_600 / 185_080)


# ---------------------------------------------------------------------------------------------------------
# Compa-ratio and range penetration


def test_compa_ratio_and_penetration_hand_worked():
    staff = employees(
        [
            ("A1", "ai_ml_engineer", "senior", "coastal", 500_000),  # open-ended band 280–450K+, mid 365K
            ("A2", "data_engineer", "mid", "non_coastal", 100_000),  # 150–220K × 0.7 = 105–154K, mid 129.5K
            ("A3", "data_engineer", "senior", "coastal", 400_000),  # 220–350K: above max
            (
                "A4",
                "mlops_engineer",
                "junior",
                "international",
                101_500,
            ),  # 120–170K × 0.7 = 84–119K, mid 101.5K
        ]
    )
    comp = cp.compa_table(staff, bands_2026()).set_index("employee_id")
    assert comp.loc["A1", "compa_ratio"] == pytest.approx(500 / 365)
    assert comp.loc["A1", "range_penetration"] == pytest.approx((500 - 280) / (450 - 280))
    assert not comp.loc["A1", "above_max"]  # open-ended: never above maximum
    assert comp.loc["A2", "band_min"] == pytest.approx(105_000)
    assert comp.loc["A2", "compa_ratio"] == pytest.approx(100_000 / 129_500)
    assert comp.loc["A2", "range_penetration"] == pytest.approx((100_000 - 105_000) / (154_000 - 105_000))
    assert comp.loc["A2", "below_min"]
    assert comp.loc["A3", "above_max"] and not comp.loc["A3", "below_min"]
    assert comp.loc["A4", "compa_ratio"] == pytest.approx(1.0)
    assert comp.loc["A4", "range_penetration"] == pytest.approx(0.5)
    cost = cp.cost_to_market(comp.reset_index(), min_group_size=3)
    total = cost[cost["dimension"] == "total"].iloc[0]
    assert total["cost_to_min"] == pytest.approx(5_000)
    assert total["cost_to_mid"] == pytest.approx(29_500)  # only A2 is below its midpoint


def test_degenerate_band_gives_nan_penetration():
    bands = bands_2026().copy()
    bands["high"] = bands["low"]
    comp = cp.compa_table(employees([("X", "data_engineer", "mid", "coastal", 150_000)]), bands)
    assert np.isnan(comp.loc[0, "range_penetration"])


def test_million_rows_vectorised():
    staff = samples.synthetic_employees(seed=1, n=1_000_000)
    started = time.perf_counter()
    comp = cp.compa_table(staff, bands_2026())
    elapsed = time.perf_counter() - started
    assert len(comp) == 1_000_000 and comp["band_mid"].notna().all()
    assert elapsed < 10, f"compa_table took {elapsed:.1f}s for 1M rows"
    sample = comp.sample(1000, random_state=0)
    assert np.allclose(sample["compa_ratio"], sample["pay"] / sample["band_mid"])


# ---------------------------------------------------------------------------------------------------------
# Survey bands


def raw_extract() -> pd.DataFrame:
    with gzip.open(DATA_DIR / cp.SURVEY_FILE, "rt", encoding="utf-8") as handle:
        return pd.read_csv(
            handle, keep_default_na=False, dtype={"employee_residence": str, "company_location": str}
        )


def test_extract_holds_only_mapped_titles_and_needed_columns():
    raw = raw_extract()
    mapping = cp.title_role_map()
    assert set(raw["job_title"]) <= set(mapping["title"])
    assert list(raw.columns) == [
        "work_year",
        "experience_level",
        "job_title",
        "salary_in_usd",
        "employee_residence",
        "company_location",
        "company_size",
        "remote_ratio",
    ]
    assert set(mapping["role"]) == set(cp.article_roles())
    assert not mapping["title"].duplicated().any()
    assert len(raw) == 22_633
    assert (
        raw["employee_residence"].str.fullmatch(r"[A-Z]{2}").all()
    )  # read as text: "NA" (Namibia) stays a code


@pytest.mark.parametrize(
    "cell",
    [
        ("ai_ml_engineer", "senior", "US", 2024),
        ("data_engineer", "mid", "US", 2023),
        ("ai_research_scientist", "senior", "CA", 2024),
        ("mlops_engineer", "mid", "US", 2024),
    ],
)
def test_survey_percentiles_match_numpy(cell):
    role, level, country, year = cell
    raw = raw_extract()
    mapping = cp.title_role_map()
    titles = mapping.loc[mapping["role"] == role, "title"]
    codes = [k for k, v in cp.LEVEL_MAP.items() if v == level]
    rows = raw[
        raw["job_title"].isin(titles)
        & raw["experience_level"].isin(codes)
        & (raw["employee_residence"] == country)
        & (raw["work_year"] == year)
    ]["salary_in_usd"].to_numpy()
    table = cp.survey_bands(cp.load_survey(), min_group_size=5).set_index(
        ["role", "level", "country", "year"]
    )
    got = table.loc[cell]
    assert got["n"] == len(rows) and len(rows) >= 5
    for p in cp.PERCENTILES:
        assert got[f"p{p}"] == pytest.approx(np.percentile(rows, p))


def test_survey_suppression():
    table = cp.survey_bands(cp.load_survey(), min_group_size=5)
    small = table[table["n"] < 5]
    assert len(small) > 0 and small[["p10", "p50", "p90"]].isna().all().all()
    assert table.loc[table["n"] >= 5, "p50"].notna().all()
    assert table["suppressed"].equals(table["n"] < 5)
    stricter = cp.survey_bands(cp.load_survey(), min_group_size=50)
    assert stricter["suppressed"].sum() > table["suppressed"].sum()


def test_survey_band_source_keeps_suppressed_cells_suppressed():
    params = cp.CompensationParams(band_source="survey", pay_measure="base_salary")
    table = cp.survey_bands(cp.load_survey(), params.min_group_size)
    base = cp.base_bands(params, table).set_index(["role", "level"])
    junior = base.loc[("mlops_engineer", "junior")]  # n = 2 in the 2024 US survey
    assert junior[["low", "mid", "high"]].isna().all() and "suppressed (n=2 < 5)" in junior["source"]
    assert not base["source"].str.startswith("article").any(), "no silent fallback to the article"
    assert set(base["pay_measure"]) == {"base_salary"}
    us = table.set_index(["role", "level", "country", "year"]).loc[("ai_ml_engineer", "senior", "US", 2024)]
    row = base.loc[("ai_ml_engineer", "senior")]
    assert (row["low"], row["mid"], row["high"], row["p75"]) == (us["p10"], us["p50"], us["p90"], us["p75"])
    assert row["base_year"] == 2024 and not row["open_ended"]
    bands = cp.market_bands(params, cp.base_bands(params, table), [2026])
    empty = bands[(bands["role"] == "mlops_engineer") & (bands["level"] == "junior")]
    assert empty[["low", "mid", "high"]].isna().all().all()
    staff = employees([("M1", "mlops_engineer", "junior", "coastal", 90_000)]).rename(
        columns={"total_comp": "base_salary"}
    )
    comp = cp.compa_table(staff, bands, "base_salary")
    assert not comp.loc[0, "has_band"] and not comp.loc[0, "below_min"]


# ---------------------------------------------------------------------------------------------------------
# Report-side suppression


def test_group_summary_heatmap_and_cost_suppress_small_groups():
    rows = [(f"E{i}", "data_engineer", "mid", "coastal", 140_000 + i) for i in range(6)]
    rows += [
        ("S1", "ai_product_manager", "senior", "coastal", 200_000),
        ("S2", "ai_product_manager", "senior", "coastal", 300_000),
    ]
    comp = cp.compa_table(employees(rows), bands_2026())
    summary = cp.group_summary(comp, ["role"], 5).set_index("role")
    assert summary.loc["data_engineer", "n"] == 6 and not summary.loc["data_engineer", "suppressed"]
    assert summary.loc["ai_product_manager", "suppressed"]
    assert summary.loc["ai_product_manager", ["n", "median_compa_ratio", "share_below_min"]].isna().all()
    heat = cp.heatmap_table(comp, 5)
    assert np.isnan(heat.loc["ai_product_manager", "senior"]) and not np.isnan(
        heat.loc["data_engineer", "mid"]
    )
    shown = cp.cost_display(cp.cost_to_market(comp, 5), 5)
    roles = shown[shown["dimension"] == "role"]
    assert "ai_product_manager" not in set(roles["group"])
    # The 2 product managers alone would be too small a pool, and the total (8) minus the published data
    # engineers (6) would give their cost back: the smallest published group joins the pool (secondary suppression).
    assert list(roles["group"]) == [f"{cp.OTHER}: 2 groups"]
    assert roles.iloc[0]["n"] == 8
    risk = cp.flight_risk_summary(comp, 0.9, 5).set_index("role")
    assert risk.loc["ai_product_manager", ["n", "n_at_risk", "share_at_risk"]].isna().all()


# ---------------------------------------------------------------------------------------------------------
# Forward view and offer calculator


def test_forward_view_by_hand():
    params = cp.CompensationParams(target_year=2028, merit_budget=0.03, pay_drift="stated")
    # pay/min = 1.10 falls below min when ((1+a)/(1.03))^t > 1.10: central a = 9.54 %, t = 2 gives 1.131 > 1.10
    comp = cp.compa_table(employees([("F1", "data_engineer", "mid", "coastal", 165_000)]), bands_2026(params))
    forward = cp.forward_view(comp, params).set_index("year")
    assert list(forward.index) == [2026, 2027, 2028, 2029]
    assert forward.loc[2026, "share_below_min"] == 0
    assert forward.loc[2027, "share_below_min"] == 0  # 1.2^0.5 / 1.03 = 1.0636 < 1.10
    assert forward.loc[2028, "share_below_min"] == 1  # 1.2 / 1.03^2 = 1.1311 > 1.10
    assert forward.loc[2028, "share_below_min_low_drift"] == 0  # 1.15 / 1.0609 = 1.084 < 1.10
    assert forward.loc[2027, "share_below_min_high_drift"] == 0  # 1.25^0.5 / 1.03 = 1.0855 < 1.10
    assert forward.loc[2028, "share_below_min_high_drift"] == 1  # 1.25 / 1.0609 = 1.178 > 1.10
    assert (165_000 / 150_000) < 1.2 / 1.03**2


def team_metrics(params: cp.CompensationParams, comp, min_group_size: int) -> dict:
    """``cp.metrics`` of a hand-made team, with the run's market bands, offer, survey bands and survey."""
    bands = cp.market_bands(params, cp.base_bands(params))
    survey = cp.load_survey()
    return cp.metrics(
        params,
        comp,
        cp.cost_to_market(comp, min_group_size),
        cp.forward_view(comp, params),
        cp.offer_quote(params, bands),
        cp.survey_bands(survey, 5),
        survey,
    )


def test_metrics_publish_the_share_below_the_flight_risk_screen_by_role_without_small_roles():
    """Strategy ROI's attrition link reads these: shares only (no counts by role), small roles null."""
    params = cp.CompensationParams(pay_drift="stated")
    pays = [
        140_000,
        150_000,
        160_000,
        175_000,
        190_000,
    ]  # midpoint $185K: compa-ratios 0.76 0.81 0.86 0.95 1.03
    rows = [(f"D{i}", "data_engineer", "mid", "coastal", pay) for i, pay in enumerate(pays)]
    rows += [
        (f"P{i}", "ai_product_manager", "mid", "coastal", pay) for i, pay in enumerate([100_000, 300_000])
    ]
    comp = cp.compa_table(employees(rows), bands_2026(params))
    metrics = team_metrics(params, comp, 5)
    assert metrics["flight_risk_compa_ratio"] == 0.9
    assert metrics["flight_risk_share_by_role"] == {"ai_product_manager": None, "data_engineer": 0.6}
    assert metrics["flight_risk_share"] == pytest.approx(4 / 7)


def test_forward_finding_reports_the_end_of_the_forward_view():
    """With target_year = pay_year (the default) the finding still says where the drift leads (pay_year + 3)."""
    params = cp.CompensationParams(merit_budget=0.03, pay_drift="stated")
    bands = cp.market_bands(params, cp.base_bands(params))
    comp = cp.compa_table(employees([("F1", "data_engineer", "mid", "coastal", 165_000)]), bands_2026(params))
    forward = cp.forward_view(comp, params)
    offer = cp.offer_quote(params, bands)
    survey = cp.load_survey()
    metrics = cp.metrics(
        params, comp, cp.cost_to_market(comp, 1), forward, offer, cp.survey_bands(survey, 5), survey
    )
    assert metrics["forward_year"] == 2029 and metrics["share_below_min"] == 0
    # 2029 is 3 years ahead: every drift case crosses 1.10 (low: 1.15^1.5 / 1.03^3 = 1.127)
    assert metrics["share_below_min_forward_year"] == 1 == metrics["share_below_min_forward_year_low_drift"]
    [finding] = [f for f in cp.findings(metrics, params) if "merit budget" in f]
    assert finding.startswith(
        "With a 3.0% merit budget, the share below band minimum goes from 0% in 2026 to, by 2029: "
    )
    assert "100% under the article's +15%–25% over 2024-2026 at 9.5%/yr (used)" in finding
    # the survey drift (+0.9 %/yr, below the 3 % merit budget) keeps the one person above minimum
    assert finding.endswith(
        "; 0% under survey-measured drift (year-on-year medians by role and level) at 0.9%/yr."
    )
    assert metrics["drift_rate_source"] == "article"
    assert metrics["share_below_min_by_forward_year"] == {"article": 1.0, "survey": 0.0}

    recommendations = cp.recommendations(metrics, params)
    assert not any(r.startswith("Budget") for r in recommendations), "nobody is below minimum today"
    assert (
        "A 3.0% merit budget trails the market's central drift of 9.5%/yr: without market adjustments 100% of "
        "employees would be below band minimum by 2029; under survey-measured drift (year-on-year medians by role "
        "and level) (0.9%/yr) it would be 0%." in recommendations
    )
    [offer] = [r for r in recommendations if r.startswith("Quote")]
    assert (
        f"Quote {report.fmt_money(metrics['offer'])} (band P75) for a mid AI/ML engineer (Coastal)" in offer
    )
    assert "range" not in offer, "a coastal offer has no tier-discount range"

    generous = params.model_copy(update={"merit_budget": 0.12})
    assert any(
        r.startswith("Keep the merit budget at or above") for r in cp.recommendations(metrics, generous)
    )
    behind = metrics | {"n_below_min": 3, "share_below_min": 0.25, "cost_to_min": 45_000.0}
    assert cp.recommendations(behind, params)[0] == (
        "Budget $45K a year to bring the 3 employees paid below their band minimum (25%) up to it."
    )


def test_offer_and_win_probability_by_hand():
    bands = cp.market_bands(PARAMS, cp.article_base_bands())
    offer = cp.offer_quote(PARAMS, bands)
    # ai_ml_engineer mid coastal 2026: 180–280K, mid 230K; P75 between P50 (mid) and P90 (high)
    assert offer["offer"] == pytest.approx(230_000 + (75 - 50) / (90 - 50) * 50_000)
    assert offer["offer_low"] == offer["offer_high"] == offer["offer"]  # coastal, base year: no uncertainty
    inland = cp.CompensationParams(
        offer_tier="non_coastal", target_year=2027, offer_percentile=50, pay_drift="stated"
    )
    quote = cp.offer_quote(inland, cp.market_bands(inland, cp.article_base_bands()))
    assert quote["offer"] == pytest.approx(230_000 * 0.7 * 1.2**0.5)
    assert quote["offer_low"] == pytest.approx(230_000 * 0.6 * 1.15**0.5)
    assert quote["offer_high"] == pytest.approx(230_000 * 0.8 * 1.25**0.5)
    assert cp.win_probability(0.75, 5, 0.5) == pytest.approx(0.5 * 0.75**5 + 0.5 / 6)
    assert cp.win_probability(1.0, 10, 1.0) == pytest.approx(1.0)
    assert cp.win_probability(0.5, 0, 0.5) == pytest.approx(1.0)  # no competition
    table = cp.offer_win_table(PARAMS)
    assert list(table["competing_offers"]) == list(range(5, 11))
    assert (table["accept_at_p90"] > table["accept_at_p50"]).all()
    assert table["accept_at_p75"].is_monotonic_decreasing
    # the full model over the midpoint process (6 weeks) and hazard (0.02): P75, 5 offers, w = 0.5
    first = table.iloc[0]["accept_at_p75"]
    assert first == pytest.approx(np.exp(-0.02 * 5 * 6) * (0.5 * 0.75**5 + 0.5 / 6))


def test_what_if_engine_and_widget_respond(monkeypatch):
    comp = cp.compa_table(cp.load_employees(PARAMS), bands_2026())
    low = cp.what_if_metrics(comp, PARAMS, merit_budget=0.0, target_year=2029, percentile=50)
    high = cp.what_if_metrics(comp, PARAMS, merit_budget=0.15, target_year=2029, percentile=90)
    assert low["share_below_min"] > high["share_below_min"]
    assert high["offer"]["offer"] > low["offer"]["offer"] and high["accept_low_k"] > low["accept_low_k"]
    calls = []
    engine = cp.what_if_metrics
    monkeypatch.setattr(charts, "what_if_metrics", lambda *args: calls.append(args[2:]) or engine(*args))
    widget = cp.what_if_widget(comp, PARAMS)
    merit, year, percentile = widget.children[0].children
    merit.value, year.value, percentile.value = 0.1, 2030, 60  # each change recomputes and redraws
    assert calls[-1] == (0.1, 2030, 60) and len(calls) == 4


def test_notebook_is_thin_and_ends_with_metrics(project):
    nb = json.loads((project / "notebooks" / "compensation.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "artifacts.metrics(" in "".join(code[-1]["source"])
    assert all("def " not in "".join(c["source"]) for c in code)


# ---------------------------------------------------------------------------------------------------------
# Prose computed from the scenario


def test_growth_sentences_follow_the_scenario_not_the_article():
    default = cp.pay_growth_evidence_caption(PARAMS)
    assert "the drift used (survey-measured) is -0.4%–3.0% a year" in default
    article = cp.pay_growth_evidence_caption(STATED)
    assert "the drift used (the article's) is 7.2%–11.8% a year" in article
    conservative = cp.CompensationParams(
        pay_growth_two_years=[0.15, 0.15], merit_budget=0.03, target_year=2028, pay_drift="stated"
    )
    caption = cp.pay_growth_evidence_caption(conservative)
    assert "the drift used (this scenario's) is 7.2% a year" in caption and "article" not in caption
    assert (
        "Time ageing: bands are aged with this scenario's market drift (+15% over 2024–2026 (7.2%/yr))"
        in cp.ageing_caption(conservative)
    )
    assert "survey-measured market drift (0.9%/yr (90% interval -0.4%–3.0%), survey US 2023–2024)" in (
        cp.ageing_caption(PARAMS)
    )


def test_forward_chart_caption_title_and_alt_are_computed():
    comp = cp.compa_table(cp.load_employees(STATED), bands_2026())
    chart = cp.forward_chart(cp.forward_view(comp, STATED), STATED)
    assert "by the article's market drift, +15%–25% over 2024–2026 (7.2%–11.8%/yr)" in chart.caption
    assert "merit budget: talentlib assumption" in chart.caption
    assert chart.fig.axes[0].get_title().startswith("Falling behind: 3.5% merit budget")
    labels = [line.get_label() for line in chart.fig.axes[0].get_lines()]
    assert any(label.startswith("survey-measured drift") for label in labels), "the other drift is drawn"
    aggressive = cp.CompensationParams(
        pay_growth_two_years=[0.25, 0.25], merit_budget=0.15, target_year=2028, pay_drift="stated"
    )
    forward = cp.forward_view(comp, aggressive)
    chart = cp.forward_chart(forward, aggressive)
    assert "15–25" not in chart.caption and "15%–25%" not in chart.caption
    assert "this scenario's market drift, +25% over 2024–2026 (11.8%/yr)" in chart.caption
    assert (
        "scenario parameter pay_growth_two_years" in chart.caption
        and "merit budget: scenario parameter" in chart.caption
    )
    assert chart.fig.axes[0].get_title().startswith("Keeping pace: 15.0% merit budget")
    assert (
        "falling" in chart.alt and "rising" not in chart.alt
    )  # merit above drift: fewer below minimum each year
    survey = cp.forward_chart(cp.forward_view(comp, PARAMS), PARAMS)
    assert "survey-measured market drift, 0.9%/yr" in survey.caption and "aijobs.net" in survey.caption


def test_band_and_survey_chart_alt_text_measures_the_data():
    bands = cp.market_bands(STATED, cp.base_bands(STATED))
    alt = cp.band_chart(bands, STATED).alt
    assert "5 AI roles at 3 levels and 3 location tiers" in alt
    assert "non-coastal and international bars sit lowest" in alt  # labels, not keys, in alt text too
    assert (
        "international bars sit lowest"
        in cp.band_chart(cp.market_bands(PARAMS, cp.base_bands(PARAMS)), PARAMS).alt
    )
    flat = cp.CompensationParams(location_tiers={"coastal": [0.0, 0.0]}, offer_tier="coastal")
    assert (
        "every tier has the same factor"
        in cp.band_chart(cp.market_bands(flat, cp.base_bands(flat)), flat).alt
    )
    table = cp.survey_bands(cp.load_survey(), PARAMS.min_group_size)
    alt = cp.survey_chart(table, bands, PARAMS).alt
    assert "the article's midpoint is above the survey median in " in alt and "cells with survey data" in alt


def test_offer_range_names_both_ranges():
    params = cp.CompensationParams(offer_tier="non_coastal", target_year=2028)
    comp = cp.compa_table(employees([("F1", "data_engineer", "mid", "coastal", 165_000)]), bands_2026(params))
    metrics = team_metrics(params, comp, 1)
    [offer] = [r for r in cp.recommendations(metrics, params) if r.startswith("Quote")]
    assert "across the drift and geography ranges" in offer and "across the tier discount" not in offer
    assert metrics["min_group_size"] == 5 and "min_cell_size" not in metrics


def test_package_imports_no_other_analysis():
    import subprocess
    import sys

    code = (
        "import sys, talentlib.compensation, talentlib.samples.employees; "
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('talentlib.')}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for other in ("market_sizing", "strategy_roi", "leadership_fluency", "executive_summary"):
        assert other not in out


# ---------------------------------------------------------------------------------------------------------
# Synthetic sample


def test_synthetic_sample_regenerates_identically():
    shipped = (DATA_DIR / cp.SAMPLE_FILE).read_text(encoding="utf-8")
    assert samples.sample_csv_text() == shipped
    sample = samples.synthetic_employees()
    assert sample["employee_id"].str.fullmatch(r"SYN-\d{4}").all()
    assert sample["business_unit"].str.startswith("Synthetic BU ").all()
    assert sample["employee_id"].is_unique
    assert (sample["base_salary"] + sample["bonus"] + sample["equity"] == sample["total_comp"]).all()
    loaded = cp.load_employees(PARAMS)
    assert len(loaded) == samples.SAMPLE_SIZE


# ---------------------------------------------------------------------------------------------------------
# Employees CSV validation


def read(tmp_path: Path, content: str | bytes, **kwargs) -> pd.DataFrame:
    path = tmp_path / "employees.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return cp.read_employees(path, cp.article_roles(), tuple(PARAMS.location_tiers), **kwargs)


def problems(tmp_path: Path, content: str | bytes, **kwargs) -> list[str]:
    with pytest.raises(ParamsError) as err:
        read(tmp_path, content, **kwargs)
    return err.value.problems


def test_good_file_with_bom_crlf_case_and_leading_zeros(tmp_path):
    text = "\ufeffEmployee_ID,Role,Level,Location_Tier,Total_Comp,Business_Unit\r\n"
    text += "007,AI ML Engineer,Mid,non-coastal,200000,R&D <Ops>\r\n008,data_engineer,junior,coastal,120000.50,\r\n"
    frame = read(tmp_path, text)
    assert list(frame["employee_id"]) == ["007", "008"]
    assert list(frame["role"]) == ["ai_ml_engineer", "data_engineer"]
    assert list(frame["location_tier"]) == ["non_coastal", "coastal"]
    assert list(frame["business_unit"]) == ["R&D <Ops>", cp.UNASSIGNED]
    assert frame["total_comp"].tolist() == [200_000, 120_000.5]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "employees.csv: empty file"),
        ("\n\n", "employees.csv: empty file"),
        (HEADER, "employees.csv: header only (line 1); no data rows"),
        (
            "employee_id;role;level;location_tier;total_comp\n1;data_engineer;mid;coastal;150000,50\n",
            "employees.csv:2: column 'total_comp': expected a positive number without currency symbols",
        ),
        (
            "employee_id,role,level\n1,data_engineer,mid\n",
            "employees.csv:1: column 'location_tier': missing required column",
        ),
        (
            HEADER + "1,data_engineer,mid,coastal\n2,data_engineer,mid,coastal,150000\n",
            "employees.csv:2: has 4 fields, expected 5 as in the header (a missing or extra ','?",
        ),
        (HEADER + "1,wizard,mid,coastal,150000\n", "employees.csv:2: column 'role': unknown label 'wizard'"),
        (HEADER + "1,data_engineer,principal,coastal,150000\n", "column 'level': unknown label 'principal'"),
        (HEADER + "1,data_engineer,mid,moon,150000\n", "column 'location_tier': unknown label 'moon'"),
        (
            HEADER + '1,data_engineer,mid,coastal,"$55,000"\n',
            "employees.csv:2: column 'total_comp': expected a positive number without currency",
        ),
        (
            HEADER + "1,data_engineer,mid,coastal,55k\n",
            "column 'total_comp': expected a positive number in full USD, got text with a 'k'",
        ),
        (
            HEADER + "1,data_engineer,mid,coastal,lots\n",
            "employees.csv:2: column 'total_comp': expected a positive number, got text",
        ),
        (
            HEADER + "1,data_engineer,mid,coastal,-55000\n",
            "expected a positive number, got zero or a negative value",
        ),
        (
            HEADER + "1,data_engineer,mid,coastal,0\n",
            "expected a positive number, got zero or a negative value",
        ),
        (HEADER + "1,data_engineer,mid,coastal,1e12\n", "above the plausible maximum"),
        (HEADER + "1,data_engineer,mid,coastal,55\n", "below the plausible minimum"),
        (HEADER + "1,data_engineer,mid,coastal,\n", "column 'total_comp': blank"),
        (HEADER + "1,data_engineer,mid,coastal,N/A\n", "column 'total_comp': missing value (N/A)"),
        (HEADER + "1,data_engineer,mid,coastal,inf\n", "non-finite"),
        (
            HEADER + "01,data_engineer,mid,coastal,150000\n01,data_engineer,mid,coastal,150000\n",
            "employees.csv:3: column 'employee_id': duplicate ID (first on line 2)",
        ),
        (HEADER + ",data_engineer,mid,coastal,150000\n", "column 'employee_id': blank"),
        (
            "employee_id,role,Role,level,location_tier,total_comp\n1,data_engineer,x,mid,coastal,150000\n",
            "employees.csv:1: column 'Role': appears more than once in the header (also column 2",
        ),
        (
            HEADER.replace("\n", ",hire_date\n") + "1,data_engineer,mid,coastal,150000,31/12/2024\n",
            "column 'hire_date': expected a date",
        ),
        (
            HEADER.replace("\n", ",bonus\n") + "1,data_engineer,mid,coastal,150000,-5\n",
            "column 'bonus': expected a number of 0 or more",
        ),
    ],
)
def test_bad_csv_values(tmp_path, content, expected):
    found = problems(tmp_path, content)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (gzip.compress(b"employee_id,role\n", mtime=0), "gzip-compressed"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "Excel workbook (.xlsx) renamed"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "old Excel workbook"),
        (HEADER.encode() + b"1,data_engineer,mid,coastal,15\x000000\n", "employees.csv:2: binary content"),
        (
            HEADER.encode() + "1,data_engineer,mid,coastal,150000,Caf\u00e9\n".encode("cp1252"),
            "employees.csv:2: not UTF-8",
        ),
    ],
)
def test_bad_csv_files(tmp_path, content, expected):
    found = problems(tmp_path, content)
    assert len(found) == 1 and expected in found[0], found


def test_every_problem_reported_at_once_without_pay_values(tmp_path):
    text = HEADER + "\n".join(
        [
            '1,data_engineer,mid,coastal,"$55,000"',  # line 2
            "2,wizard,mid,coastal,150000",  # line 3
            "3,data_engineer,mid,coastal,55k",  # line 4
            "3,data_engineer,mid,coastal,-71234",  # line 5: duplicate id and negative pay
            "4,data_engineer,mid",  # line 6: ragged
            "5,data_engineer,mid,coastal,N/A",  # line 7
            "6,data_engineer,mid,coastal,98765432109",  # line 8
        ]
    )
    found = problems(tmp_path, text + "\n")
    joined = "\n".join(found)
    for line in (2, 3, 4, 5, 6, 7, 8):
        assert f"employees.csv:{line}:" in joined, (line, found)
    assert len(found) == 8
    for secret in ("55,000", "55000", "55k", "71234", "98765432109"):
        assert secret not in joined
    assert found == sorted(found, key=lambda s: int(s.split(":")[1]))


def test_base_salary_measure_requires_the_column(tmp_path):
    found = problems(tmp_path, HEADER + "1,data_engineer,mid,coastal,150000\n", pay_measure="base_salary")
    assert any(
        "column 'base_salary': missing required column (needed because pay_measure is base_salary)" in p
        for p in found
    )


def test_problem_list_is_capped(tmp_path):
    text = HEADER + "".join(f"{i},data_engineer,mid,coastal,oops\n" for i in range(cp.MAX_PROBLEMS + 50))
    found = problems(tmp_path, text)
    assert len(found) == cp.MAX_PROBLEMS + 1 and "50 more problems" in found[-1]


def test_missing_employees_file_is_a_params_error(tmp_path):
    params = cp.CompensationParams(employees_csv=str(tmp_path / "nope.csv"))
    with pytest.raises(ParamsError, match=r"nope\.csv: file not found"):
        cp.load_employees(params)


# ---------------------------------------------------------------------------------------------------------
# Notebook runs (papermill through the runner)


@pytest.mark.notebook
def test_notebook_runs_default_and_public_data_scenarios(tmp_path):
    hostile = "<script>alert(1)</script> R&D"
    plans = [
        plan_scenario(
            "default",
            ["compensation"],
            [f"compensation.organisation_name='{hostile}'", "compensation.export_individual=true"],
        ),
        plan_scenario(
            "default",
            ["compensation"],
            [f"compensation.{k}={json.dumps(v)}" for k, v in HR_EXPORT.items()],
            run_name="hr_export",
        ),
    ]
    outcomes = run_plans(plans, tmp_path, jobs=2)
    assert [o.status for o in outcomes] == ["succeeded", "succeeded"], [o.results for o in outcomes]
    spec = cp.SPEC
    results = {}
    for scenario in ("default", "hr_export"):
        root = tmp_path / scenario / "compensation"
        for rel in (*spec.artifacts, "compensation.html", "compensation.ipynb"):
            assert (root / rel).is_file(), (scenario, rel)
        results[scenario] = (root, json.loads((root / "metrics.json").read_text()))

    root, metrics = results["default"]
    bands = pd.read_csv(root / "tables" / "bands.csv")
    assert list(bands.columns[:11]) == [
        "role",
        "level",
        "location_tier",
        "country",
        "year",
        "pay_measure",
        "low",
        "mid",
        "high",
        "open_ended",
        "source",
    ]
    assert len(bands) == 5 * 3 * 3 * 2  # roles × levels × tiers (international: pooled) × years (2024, 2026)
    assert set(bands["pay_measure"]) == {"total_comp"}
    survey = pd.read_csv(root / "tables" / "survey_bands.csv", keep_default_na=False, na_values=[""])
    assert list(survey.columns) == [
        "role",
        "level",
        "country",
        "year",
        "n",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
    ]
    staff = pd.read_csv(root / "tables" / "employees.csv", dtype={"employee_id": str})
    assert list(staff.columns[:10]) == [
        "employee_id",
        "role",
        "level",
        "location_tier",
        "band_min",
        "band_mid",
        "band_max",
        "compa_ratio",
        "range_penetration",
        "below_min",
    ]
    assert len(staff) == metrics["n_employees"] == samples.SAMPLE_SIZE
    assert metrics["share_below_min"] == pytest.approx(staff["below_min"].mean())
    assert metrics["share_below_min"] == pytest.approx(33 / 240)
    assert metrics["cost_to_min"] == pytest.approx(299_804.05, abs=1)
    assert metrics["share_below_min_by_forward_year"] == pytest.approx(
        {"survey": 13 / 240, "article": 130 / 240}
    )
    assert metrics["median_compa_ratio"] == pytest.approx(staff["compa_ratio"].median())
    assert metrics["offer"] == pytest.approx(261_250)
    assert metrics["survey_rows"] == 22_633
    assert metrics["synthetic_sample"] is True

    page = (root / "compensation.html").read_text(encoding="utf-8")
    assert "SYN-0" not in page  # no individual rows in the report
    assert "PosixPath" not in page and ".staging" not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D" in page

    root, metrics = results["hr_export"]
    assert metrics["band_source"] == "survey" and metrics["pay_measure"] == "base_salary"
    page = (root / "compensation.html").read_text(encoding="utf-8")
    assert "SYN-HR-" not in page and "Data Scientist" in page  # excluded titles listed with counts
    text = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", page)
    raw = pd.read_csv(DATA_DIR / "example_hr_export.csv")
    public = set(reference.public_figures()["value"].astype(float))
    salaries = [v for v in raw["Annual Base Salary"] if float(v) not in public]  # a BLS median may coincide
    numbers = set(re.findall(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d{5,7}(?![\d,])", text))
    shown = {int(n.replace(",", "")) for n in numbers}
    assert not shown & set(salaries), "an individual salary in the report"
    compression = pd.read_csv(root / "tables" / "compression.csv")
    assert list(compression.columns) == [
        *cp.compression_export(cp.compression(twelve_people(), PARAMS)).columns
    ]
    assert compression.loc[compression["suppressed"], ["median_new", "ratio"]].isna().all().all()
    assert metrics["drift_rate_source"] == "survey"
    assert set(metrics["share_below_min_by_target_year"]) == {"survey", "article"}
    assert metrics["compression_ratio_median"] == pytest.approx(1.2, abs=0.06)
    bands = pd.read_csv(root / "tables" / "bands.csv", keep_default_na=False)
    assert {"pay_measure", "country"} <= set(bands.columns) and set(bands["pay_measure"]) == {"base_salary"}
    assert {"CA", "GB", "DE", "pooled", "US"} <= set(bands["country"])
    assert bands["source"].str.startswith("survey US 2024").all()


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files_read_like_comma_files(tmp_path, delimiter):
    text = HEADER + "007,ai_ml_engineer,senior,coastal,250000\n008,data_engineer,mid,non-coastal,140000.5\n"
    expected = read(tmp_path, text)
    other = read(tmp_path, text.replace(",", delimiter))
    pd.testing.assert_frame_equal(other, expected)


# ---------------------------------------------------------------------------------------------------------
# Issue 15: pay measures, survey drift and geography, pay compression, HR exports

SURVEY_BASE = cp.CompensationParams(band_source="survey", pay_measure="base_salary")


@pytest.mark.parametrize(
    ("band_source", "pay_measure"), [("article", "base_salary"), ("survey", "total_comp")]
)
def test_cross_measure_comparison_is_refused_in_one_line_naming_both(band_source, pay_measure):
    params = cp.CompensationParams(band_source=band_source, pay_measure=pay_measure)
    with pytest.raises(ParamsError) as err:
        cp.validate_inputs(params)
    [line] = err.value.problems
    assert f"pay_measure '{pay_measure}'" in line and f"measured as '{params.band_measure}'" in line
    with pytest.raises(ParamsError):
        cp.market_bands(params, cp.base_bands(params))  # the library refuses too, not only the runner


def test_cross_measure_run_exits_2_before_any_kernel(tmp_path, capsys):
    from talentlib import cli

    code = cli.main(
        [
            "run",
            "--notebook",
            "compensation",
            "--set",
            'compensation.pay_measure="base_salary"',
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "pay_measure 'base_salary'" in err and "'total_comp'" in err
    assert not (tmp_path / "default").exists()


def test_labelled_conversion_converts_with_its_range():
    with pytest.raises(ParamsError, match="measure_conversion_label"):
        validate_params(cp.CompensationParams, {"measure_conversion": [1.2, 1.4]}, "test")
    params = cp.CompensationParams(
        pay_measure="base_salary", measure_conversion=[1.2, 1.4], measure_conversion_label="our payroll 2025"
    )
    cp.check_pay_measures(params)
    stated = params.model_copy(update={"pay_drift": "stated"})
    band = cp.market_bands(stated, cp.article_base_bands(), [2026]).set_index(
        ["role", "level", "location_tier"]
    )
    row = band.loc[("ai_ml_engineer", "mid", "coastal")]
    assert row["mid"] == pytest.approx(230_000 / 1.3)  # total ÷ central total-to-base ratio
    assert row["mid_low"] == pytest.approx(230_000 / 1.4) and row["mid_high"] == pytest.approx(230_000 / 1.2)
    assert row["pay_measure"] == "base_salary" and "our payroll 2025" in row["source"]


def test_survey_drift_by_hand_on_one_role():
    """The pooled and per-role drift are n-weighted mean log changes of role × level medians, 2023 → 2024."""
    drift = cp.survey_drift(PARAMS).set_index("role")
    survey = cp.load_survey()
    us = survey[(survey["country"] == "US") & survey["year"].isin([2023, 2024])]
    cells = (
        us[us["role"] == "data_engineer"].groupby(["level", "year"])["salary_in_usd"].agg(["size", "median"])
    )
    cells = cells.unstack("year")
    cells = cells[(cells["size"] >= 5).all(axis=1)]
    weights = cells["size"].sum(axis=1)
    logs = np.log(cells[("median", 2024)] / cells[("median", 2023)])
    expected = np.expm1((logs * weights).sum() / weights.sum())
    row = drift.loc["data_engineer"]
    assert row["rate"] == pytest.approx(expected)
    assert row["n"] == weights.sum() and row["levels"] == len(cells)
    assert row["rate_low"] < row["rate"] < row["rate_high"]
    assert cp.survey_drift(PARAMS).equals(cp.survey_drift(PARAMS)), "seeded bootstrap"
    assert cp.growth_rates(PARAMS)["central"] == pytest.approx(drift.loc["all five roles", "rate"])
    assert cp.drift_source(PARAMS) == "survey" and cp.drift_source(STATED) == "article"


def test_public_data_bands_are_survey_percentiles_aged_by_survey_drift_without_extra_discount():
    params = SURVEY_BASE.model_copy(update={"target_year": 2028})
    table = cp.survey_bands(cp.load_survey(), 5)
    bands = cp.market_bands(params, cp.base_bands(params, table), [2028]).set_index(
        ["role", "level", "location_tier", "country"]
    )
    cell = table.set_index(["role", "level", "country", "year"]).loc[("mlops_engineer", "senior", "US", 2024)]
    drift = cp.survey_drift(params).iloc[-1]["rate"]
    inland = (107_950 + 99_600) / 2 / 120_230  # BLS inland metros ÷ national median (data scientists)
    coastal = (185_080 + 135_980) / 2 / 120_230
    row = bands.loc[("mlops_engineer", "senior", "non_coastal", "US")]
    assert row["mid"] == pytest.approx(cell["p50"] * (1 + drift) ** 4 * inland)  # 180,000 × … ≈ $161K
    assert row["mid"] > 180_000 * (1 + drift) ** 4 * 0.7 * 1.1, "no 30 % article discount on top"
    assert bands.loc[("mlops_engineer", "senior", "coastal", "US"), "mid"] == pytest.approx(
        cell["p50"] * (1 + drift) ** 4 * coastal
    )
    assert set(bands["pay_measure"]) == {"base_salary"}


def test_offer_reads_the_survey_p75():
    params = SURVEY_BASE.model_copy(update={"offer_percentile": 75.0, "target_year": 2024})
    table = cp.survey_bands(cp.load_survey(), 5)
    bands = cp.market_bands(params, cp.base_bands(params, table), [2024])
    offer = cp.offer_quote(params, bands)
    cell = table.set_index(["role", "level", "country", "year"]).loc[("ai_ml_engineer", "mid", "US", 2024)]
    coastal = (185_080 + 135_980) / 2 / 120_230
    assert offer["offer"] == pytest.approx(cell["p75"] * coastal)  # not interpolated between P50 and P90
    assert offer["percentile_basis"] == "the survey's own percentiles"
    assert offer["pay_measure"] == "base_salary"


def test_country_factors_match_a_direct_pandas_computation():
    survey = cp.load_survey()
    rows = survey[survey["year"].isin([2023, 2024])]
    us = rows[rows["country"] == "US"].groupby(["role", "level", "year"])["salary_in_usd"]
    us = pd.DataFrame({"size": us.size(), "median": us.median()})
    us = us[us["size"] >= 5]
    de = rows[rows["country"] == "DE"].join(us["median"], on=["role", "level", "year"], how="inner")
    factors = cp.country_factors(PARAMS, ["DE", "XK", ""]).set_index("country")
    assert factors.loc["DE", "factor"] == pytest.approx((de["salary_in_usd"] / de["median"]).median())
    assert factors.loc["DE", "n"] == len(de) and factors.loc["DE", "pool"] == "country DE"
    assert factors.loc["DE", "factor_low"] < factors.loc["DE", "factor"] < factors.loc["DE", "factor_high"]
    assert (
        factors.loc["XK", "pool"] == "all non-US countries"
        and "XK: fewer than 5" in factors.loc["XK", "factor_source"]
    )
    assert factors.loc["pooled", "n"] == factors.loc["XK", "n"]
    # a country with few rows takes its region's pool (Malta: Europe)
    malta = cp.country_factors(PARAMS, ["MT"]).iloc[0]
    assert malta["pool"] == "region Europe" and malta["n"] >= 5
    # article bands abroad: coastal band × BLS national ÷ coastal × the survey factor
    geo = cp.geo_factors(PARAMS, ["DE"]).set_index(["location_tier", "country"])
    coastal = (185_080 + 135_980) / 2 / 120_230
    assert geo.loc[("international", "DE"), "factor"] == pytest.approx(factors.loc["DE", "factor"] / coastal)


def test_international_employees_are_benchmarked_by_country():
    staff = employees(
        [
            ("D1", "data_engineer", "mid", "international", 100_000),
            ("N1", "data_engineer", "mid", "international", 100_000),
            ("U1", "data_engineer", "mid", "coastal", 100_000),
        ]
    ).assign(country=["DE", "", ""])
    geo = cp.geo_factors(PARAMS, list(staff["country"]))
    bands = cp.bands_for_year(cp.market_bands(PARAMS, cp.article_base_bands(), [2026], geo), 2026)
    comp = cp.compa_table(staff, bands).set_index("employee_id")
    factor = geo.set_index(["location_tier", "country"])["factor"]
    assert comp.loc["D1", "band_mid"] == pytest.approx(185_000 * factor[("international", "DE")])
    assert comp.loc["N1", "band_mid"] == pytest.approx(185_000 * factor[("international", "pooled")])
    assert comp.loc["U1", "band_mid"] == pytest.approx(185_000)
    assert comp["has_band"].all()


def twelve_people() -> pd.DataFrame:
    """A hand-made 12-person file: 5 new and 5 incumbent data engineers (mid), 1 new PM, 1 without a hire date."""
    new = [
        (f"N{i}", "data_engineer", "mid", "coastal", pay) for i, pay in enumerate([150, 155, 160, 165, 170])
    ]
    old = [
        (f"O{i}", "data_engineer", "mid", "coastal", pay) for i, pay in enumerate([120, 130, 140, 160, 175])
    ]
    rows = [(*r[:4], r[4] * 1000.0) for r in new + old]
    rows += [
        ("P1", "ai_product_manager", "mid", "coastal", 200_000.0),
        ("X1", "data_engineer", "mid", "coastal", 1e5),
    ]
    frame = employees(rows)
    frame["hire_date"] = ["2025-06-01"] * 5 + ["2020-01-01"] * 5 + ["2025-12-01", ""]
    return frame


def test_compression_on_a_hand_made_twelve_person_file():
    squeeze = cp.compression(twelve_people(), PARAMS)
    assert (squeeze.window_start, squeeze.window_end) == ("2024-12-01", "2025-12-01")
    assert (squeeze.n_new, squeeze.n_incumbent, squeeze.n_unknown_hire_date) == (6, 5, 1)
    table = squeeze.table.set_index(["role", "level"])
    row = table.loc[("data_engineer", "mid")]
    assert row["median_new"] == 160_000 and row["median_incumbent"] == 140_000
    assert row["ratio"] == pytest.approx(160 / 140)
    assert row["share_incumbents_below"] == pytest.approx(3 / 5)  # 120, 130, 140 < 160
    assert row["cost_to_close"] == pytest.approx(40_000 + 30_000 + 20_000)
    pm = table.loc[("ai_product_manager", "mid")]  # one new PM, no incumbent: suppressed
    assert pm["suppressed"] and pm[["median_new", "ratio", "share_incumbents_below"]].isna().all()
    assert pd.isna(pm["n_new"])
    # pooled: new engineers' pay ÷ the incumbents' median 140K, median of 150…170 → 160/140
    assert squeeze.pooled_ratio == pytest.approx(160 / 140)
    export = cp.compression_export(squeeze)
    assert list(export.columns) == [
        "role",
        "level",
        "n_new",
        "n_incumbent",
        "median_new",
        "median_incumbent",
        "ratio",
        "share_incumbents_below",
        "suppressed",
    ]
    sentence = cp.narrative.compression_sentence(
        {
            "compression_window": [squeeze.window_start, squeeze.window_end],
            "compression_n_unknown_hire_date": 1,
            "compression_ratio_median": squeeze.pooled_ratio,
            "compression_n_new": 6,
            "compression_cells_published": 1,
        },
        PARAMS,
    )
    assert "paid a median 14.3% more than incumbents" in sentence and "1 without a hire date" in sentence
    assert sentence.startswith("Pay compression (pay at the bands' reference location): the 6 people")


def test_compression_is_suppressed_below_the_threshold_and_monotone_in_a_premium():
    people = twelve_people()
    strict = cp.compression(people, PARAMS.model_copy(update={"min_group_size": 6}))
    assert strict.table["suppressed"].all() and strict.pooled_ratio is None
    values = ["median_new", "median_incumbent", "ratio", "share_incumbents_below", "cost_to_close"]
    assert strict.table[values].isna().all().all() and strict.table["n_new"].isna().all()
    richer = people.assign(
        total_comp=np.where(
            people["employee_id"].str.startswith("N"), people["total_comp"] * 1.1, people["total_comp"]
        )
    )
    assert cp.compression(richer, PARAMS).pooled_ratio > cp.compression(people, PARAMS).pooled_ratio


def test_every_new_table_suppresses_cells_under_the_threshold():
    drift = cp.survey_drift(PARAMS)
    assert (drift["n"] >= PARAMS.min_group_size * 2).all()  # cells need the threshold in both years
    factors = cp.country_factors(PARAMS, ["DE", "MT", "XK"])
    assert (factors["n"] >= PARAMS.min_group_size).all()
    squeeze = cp.compression(twelve_people(), PARAMS)
    shown = squeeze.table[~squeeze.table["suppressed"]]
    assert (shown["n_new"] >= 5).all() and (shown["n_incumbent"] >= 5).all()
    view = cp.compression_view(squeeze.table)
    assert "ai_product_manager" not in set(view["role"])


HR_EXPORT = {
    "employees_csv": "talentlib/data/example_hr_export.csv",
    "employees_mapping": "talentlib/data/example_hr_export_mapping.yaml",
    "band_source": "survey",
    "pay_measure": "base_salary",
}


def test_example_hr_export_regenerates_and_runs_through_its_mapping(project):
    from talentlib.samples import hr_export

    assert hr_export.export_csv_text() == (DATA_DIR / hr_export.EXPORT_FILE).read_text(encoding="utf-8")
    assert (DATA_DIR / hr_export.MAPPING_FILE).read_text(encoding="utf-8") == hr_export.MAPPING_TEXT
    params = cp.CompensationParams(**HR_EXPORT)
    cp.validate_inputs(params)
    staff = cp.load_employees(params)
    raw = pd.read_csv(DATA_DIR / hr_export.EXPORT_FILE)
    excluded = cp.excluded_titles(staff).set_index("title")["rows"]
    assert set(excluded.index) == set(hr_export.UNMAPPED_TITLES)
    assert len(staff) == len(raw) - excluded.sum()
    assert (staff["total_comp"] == staff["base_salary"] + staff["bonus"] + staff["equity"]).all()
    abroad = staff[staff["location_tier"] == "international"]
    assert set(abroad["country"]) == {"CA", "GB", "DE"} and set(
        staff.loc[staff["country"] == "", "location_tier"]
    ) == {
        "coastal",
        "non_coastal",
    }
    geo = cp.geo_factors(params, list(staff["country"]))
    bands = cp.market_bands(params, cp.base_bands(params), geo=geo)
    comp = cp.compa_table(staff, cp.bands_for_year(bands, 2026), "base_salary")
    assert comp["has_band"].mean() > 0.95
    assert 0.8 < comp.loc[comp["has_band"], "compa_ratio"].median() < 1.3
    squeeze = cp.compression(staff, params, geo)
    assert squeeze.pooled_ratio == pytest.approx(
        1.2, abs=0.06
    )  # the generator's built-in +20 % entry premium


def test_mapping_refuses_unmapped_titles_once_with_counts_and_no_salaries(tmp_path):
    from talentlib.samples import hr_export

    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        hr_export.MAPPING_TEXT.replace("unmapped: exclude", "unmapped: refuse"), encoding="utf-8"
    )
    export = tmp_path / "export.csv"
    export.write_text(
        "Employee ID,Job Title,Grade,Work Location,Country,Annual Base Salary,Bonus Target,Equity Value,Hire Date\n"
        "1,Recruiter,G4,Austin,US,91234,0,0,2024-01-01\n"
        "2,Recruiter,G5,Austin,US,91235,0,0,2024-01-01\n"
        "3,Data Engineer,G9,Atlantis,US,91236,0,0,2024-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(ParamsError) as err:
        cp.read_employees(export, cp.article_roles(), tuple(PARAMS.location_tiers), mapping=mapping)
    text = "\n".join(err.value.problems)
    assert text.count("'Recruiter' (2 rows)") == 1 and "export.csv:2" in text
    assert "grade 'G9' (1 rows)" in text and "US location 'Atlantis' (1 rows)" in text
    assert "9123" not in text


def test_share_below_minimum_rises_with_drift_and_falls_with_merit():
    """Properties: more market drift never lowers the share below minimum, a bigger merit budget never raises it."""
    comp = cp.compa_table(cp.load_employees(STATED), bands_2026())
    shares = [
        cp.forward_view(comp, STATED.model_copy(update={"pay_growth_two_years": [g, g]}))[
            "share_below_min"
        ].iloc[-1]
        for g in (0.0, 0.1, 0.2, 0.3, 0.5)
    ]
    assert shares == sorted(shares) and shares[-1] > shares[0]
    merits = [
        cp.forward_view(comp, STATED.model_copy(update={"merit_budget": m}))["share_below_min"].iloc[-1]
        for m in (0.0, 0.03, 0.06, 0.12)
    ]
    assert merits == sorted(merits, reverse=True) and merits[0] > merits[-1]
    # drift equal to the merit budget: nobody crosses the minimum, the share stays where it starts
    even = STATED.model_copy(update={"pay_growth_two_years": [1.035**2 - 1] * 2})
    forward = cp.forward_view(comp, even)
    assert forward["share_below_min"].nunique() == 1


def test_degenerate_conversion_range_reproduces_the_closed_form():
    params = cp.CompensationParams(
        pay_measure="base_salary",
        measure_conversion=[1.25, 1.25],
        measure_conversion_label="test",
        pay_drift="stated",
        pay_growth_two_years=[0.2, 0.2],
    )
    band = cp.market_bands(params, cp.article_base_bands(), [2028]).set_index(
        ["role", "level", "location_tier"]
    )
    row = band.loc[("data_engineer", "mid", "coastal")]
    assert row["mid"] == row["mid_low"] == row["mid_high"] == pytest.approx(185_000 * 1.2 / 1.25)


def test_captions_say_when_a_range_is_degenerate():
    bands = cp.market_bands(PARAMS, cp.base_bands(PARAMS))
    assert "no range" in cp.band_caption(bands, PARAMS)  # coastal 2026: the article's own band
    later = PARAMS.model_copy(update={"target_year": 2028})
    assert "with its range" in cp.band_caption(cp.market_bands(later, cp.base_bands(later)), later)
    offer = cp.offer_quote(PARAMS, bands)
    assert "low = high" in cp.offer_caption(offer) and "total comp" in cp.offer_caption(offer)
    inland = STATED.model_copy(update={"offer_tier": "non_coastal"})
    quote = cp.offer_quote(inland, cp.market_bands(inland, cp.base_bands(inland)))
    assert "carry the drift, geography" in cp.offer_caption(quote)
