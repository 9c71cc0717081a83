from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from talentlib import market_sizing as ms
from talentlib import parallel, reference
from talentlib.config import params_dir
from talentlib.market_sizing import model, narrative
from talentlib.params import ParamsError, load_params_file, validate_params


def params_with(roles: dict, **kw) -> ms.MarketSizingParams:
    return validate_params(ms.MarketSizingParams, {"roles": roles, **kw}, "test")


FIXED = {"demand": 100.0, "supply": 100.0, "demand_growth": [0.5, 0.5], "supply_growth": [0.2, 0.2]}


def test_degenerate_ranges_compound_exactly():
    params = params_with({"a": FIXED}, horizon_years=5, simulations=100)
    table = ms.projection_table(ms.simulate(params))
    last = table[(table.role == "a") & (table.year == 2031)].iloc[0]
    # 100 × 1.5^5 = 759.375 ; 100 × 1.2^5 = 248.832 (by hand)
    assert last.demand_p10 == pytest.approx(759.375) and last.demand_p90 == pytest.approx(759.375)
    assert last.supply_p50 == pytest.approx(248.832)
    assert last.gap_p50 == pytest.approx(510.543)
    assert last.coverage_p50 == pytest.approx(248.832 / 759.375)
    first = table[(table.role == "a") & (table.year == 2026)].iloc[0]
    assert first.demand_p50 == 100 and first.gap_p50 == 0


def test_per_year_draws_with_degenerate_ranges_match_per_simulation():
    a = ms.projection_table(ms.simulate(params_with({"a": FIXED}, simulations=100)))
    b = ms.projection_table(ms.simulate(params_with({"a": FIXED}, simulations=100, growth_draw="per_year")))
    np.testing.assert_allclose(a.drop(columns="role").to_numpy(float), b.drop(columns="role").to_numpy(float))


def test_total_is_summed_per_simulation_not_by_adding_percentiles():
    role = {"demand": 100.0, "supply": 100.0, "demand_growth": [0.0, 1.0], "supply_growth": [0.0, 0.0]}
    params = params_with({"a": role, "b": role}, horizon_years=1, simulations=20_000, growth_correlation=0.0)
    sim = ms.simulate(params)
    table = ms.projection_table(sim)
    h = table[table.year == 2027].set_index("role")
    total_p90 = np.percentile(sim.demand[:, 0, -1] + sim.demand[:, 1, -1], 90)
    assert h.loc["total", "demand_p90"] == pytest.approx(total_p90)
    # independent uniforms: P90 of the sum is below the sum of the P90s (190 + 190 = 380)
    assert h.loc["total", "demand_p90"] < h.loc["a", "demand_p90"] + h.loc["b", "demand_p90"] - 10


def test_full_correlation_gives_identical_draws_across_roles():
    role = {"demand": 50.0, "supply": 10.0, "demand_growth": [0.1, 0.9], "supply_growth": [0.0, 0.3]}
    params = params_with({"a": role, "b": role}, simulations=500, growth_correlation=1.0)
    sim = ms.simulate(params)
    np.testing.assert_allclose(sim.demand[:, 0, :], sim.demand[:, 1, :])


def test_same_seed_same_results_and_other_seed_differs():
    params = ms.MarketSizingParams(simulations=1000)
    a = ms.projection_table(ms.simulate(params))
    b = ms.projection_table(ms.simulate(params))
    c = ms.projection_table(ms.simulate(params.model_copy(update={"seed": 1})))
    assert a.equals(b)
    assert not a.equals(c)


def test_growth_draws_stay_inside_their_ranges():
    params = ms.MarketSizingParams(simulations=5000)
    sim = ms.simulate(params)
    factor = sim.demand[:, :, 1] / sim.demand[:, :, 0]
    assert factor.min() >= 1.4 and factor.max() <= 1.6


def test_horizon_metrics_from_degenerate_inputs():
    params = params_with({"a": FIXED, "b": {**FIXED, "demand": 150.0}}, simulations=100)
    metrics = ms.metrics(ms.simulate(params), params)
    # a: 759.375 - 248.832 ; b: 1139.0625 - 248.832 → total 1400.7735 ; base gap 50
    assert metrics["total_gap_p50"] == pytest.approx(1400.7735)
    assert metrics["total_gap_base"] == pytest.approx(50.0)
    assert metrics["prob_gap_widens"] == 1.0
    assert metrics["largest_gap_role"] == "b"
    assert metrics["total_coverage_p50"] == pytest.approx(497.664 / 1898.4375)


def test_tornado_against_hand_values():
    params = ms.MarketSizingParams()
    table, base = ms.tornado_table(params)
    # midpoints 0.5 and 0.175 over 5 years, 5 roles: 5 × (100·1.5^5 − 100·1.175^5) = 5 × (759.375 − 223.96973)
    assert base == pytest.approx(5 * (759.375 - 223.9697334), rel=1e-6)
    row = table[table.variable == "ai_ml_engineer demand growth"].iloc[0]
    # demand growth of one role at 0.4: replaces 759.375 by 100·1.4^5 = 537.824 for that role
    assert row.low_value == pytest.approx(base - 759.375 + 537.824, rel=1e-6)
    assert row.high_value == pytest.approx(base - 759.375 + 1048.576, rel=1e-6)
    assert len(table) == 10


def test_any_subset_or_custom_role_keys_work():
    params = params_with(
        {
            "prompt_engineer": {
                "demand": 12.0,
                "supply": 3.0,
                "demand_growth": [0.1, 0.3],
                "supply_growth": [0.05, 0.05],
            }
        }
    )
    table = ms.projection_table(ms.simulate(params))
    assert set(table.role) == {"prompt_engineer", "total"}
    prompt = table[table.role == "prompt_engineer"].drop(columns="role").to_numpy(float)
    total = table[table.role == "total"].drop(columns="role").to_numpy(float)
    np.testing.assert_allclose(prompt, total)


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ({}, "at least one role"),
        ({"total": FIXED}, "reserved"),
        ({"../x": FIXED}, "role key"),
        ({"a": {**FIXED, "supply": 0}}, "roles.a.supply': expected a value > 0"),
        ({"a": {**FIXED, "demand_growth": [-1.5, 0.2]}}, "above -100"),
        ({"a": {**FIXED, "demand_growth": [40, 60]}}, "fractions"),
        ({"a": {k: v for k, v in FIXED.items() if k != "supply"}}, "roles.a.supply': missing"),
    ],
)
def test_invalid_roles_are_refused(roles, message):
    with pytest.raises(ParamsError, match=message):
        params_with(roles)


def test_annualised_bls_projection():
    # (1.335)^(1/10) − 1 = exp(ln 1.335 / 10) − 1 = exp(0.0288931) − 1 = 0.0293146
    assert reference.annualise_10yr_growth(33.5) == pytest.approx(0.0293146, abs=1e-6)


def test_claims_audit_shows_the_growth_ratio_the_article_implies():
    params = ms.MarketSizingParams(simulations=500)
    audit = ms.claims_audit(params, ms.metrics(ms.simulate(params), params))
    factor = audit[audit.claim.str.contains("factor")].iloc[0]
    # 0.40 / 0.20 = 2.0 and 0.60 / 0.15 = 4.0
    assert "growth-rate ratio 2.0–4.0x" in factor.model_from_article_inputs
    assert "2–4x, not 3–5x" in factor.verdict


def test_reality_check_annualises_public_series():
    table = ms.public_growth_table()
    data_sci = table[table.series.str.contains("Data Scientists")].iloc[0]
    assert data_sci.annual_growth_low == pytest.approx(1.335**0.1 - 1)
    postings = table.iloc[-1]
    assert postings.annual_growth_low == pytest.approx(66000 / 16000 - 1)


def test_base_level_sensitivity_grows_with_a_starting_shortage():
    params = ms.MarketSizingParams(simulations=500)
    table = ms.base_level_sensitivity(params, ratios=(1.0, 1.5))
    assert table.total_gap_p50.iloc[1] > table.total_gap_p50.iloc[0]


def test_what_if_shift_moves_the_gap():
    params = ms.MarketSizingParams()
    _, base = ms.what_if_metrics(params, 0.0, 0.0, simulations=500)
    _, slower = ms.what_if_metrics(params, -0.3, 0.0, simulations=500)
    assert slower["total_gap_p50"] < base["total_gap_p50"]


@pytest.mark.parametrize("growth_draw", ["per_simulation", "per_year"])
def test_threaded_and_sequential_simulation_are_bit_identical(monkeypatch, growth_draw):
    params = ms.MarketSizingParams(simulations=3_000, horizon_years=6, growth_draw=growth_draw)
    monkeypatch.setattr(parallel, "MIN_THREADED_ELEMENTS", 10**12)
    sequential = ms.simulate(params)
    monkeypatch.setattr(parallel, "MIN_THREADED_ELEMENTS", 1)
    threaded = ms.simulate(params)
    assert np.array_equal(sequential.demand, threaded.demand)
    assert np.array_equal(sequential.supply, threaded.supply)


def scenario_params(name: str, simulations: int = 500) -> ms.MarketSizingParams:
    path = params_dir() / "market_sizing" / f"{name}.yaml"
    values = load_params_file(path) | {"simulations": simulations}
    return validate_params(ms.MarketSizingParams, values, str(path))


def scenario_text(params: ms.MarketSizingParams) -> list[str]:
    metrics = ms.metrics(ms.simulate(params), params)
    return ms.findings(metrics, params) + ms.recommendations(metrics, params)


def test_public_data_scenario_never_attributes_its_rates_to_the_article():
    params = scenario_params("public_data")
    assert ms.rate_sources(params) == narrative.RateSources("public", "public")
    text = scenario_text(params)
    for sentence in text:
        assert "article's growth rates" not in sentence, sentence
        assert "the article's" not in sentence or re.search(
            r"not the article's|beside the article's", sentence
        ), sentence
    rates = next(s for s in text if "growth rates are public employment projections" in s)
    # the scenario's own ranges (public.28 → public.27 for demand, public.29 → public.27 for supply), as %/yr
    assert "demand 1.8%–2.9%/yr, supply 1.6%–2.9%/yr" in rates
    assert not any("stress case" in s for s in text)


@pytest.mark.parametrize("name", ["aggressive", "conservative"])
def test_scenarios_with_their_own_rates_call_them_assumptions(name):
    params = scenario_params(name)
    assert ms.rate_sources(params).common == "assumption"
    text = scenario_text(params)
    assert not any("article's growth rates" in s for s in text)
    assert any("this scenario's own assumptions" in s for s in text)


def test_default_scenario_names_the_article_and_computes_the_public_range():
    params = scenario_params("default")
    assert ms.rate_sources(params).common == "article"
    text = scenario_text(params)
    assert any(s.startswith("These are the article's growth rates carried forward") for s in text)
    low, high = ms.public_rates().related_low, ms.public_rates().related_high
    assert low == pytest.approx(1.17**0.1 - 1) and high == pytest.approx(1.335**0.1 - 1)
    assert any("related occupations grow 1.6%–2.9%/yr" in s for s in text)
    # 0.40 > 0.20 in every role from parity: widening follows from the inputs and is said so
    assert any("it follows from the inputs" in s for s in text)


def test_certain_widening_is_only_claimed_when_the_inputs_force_it():
    overlapping = params_with({"a": {**FIXED, "demand_growth": [0.1, 0.5], "supply_growth": [0.1, 0.2]}})
    assert not model.gap_widening_is_certain(overlapping)
    assert model.gap_widening_is_certain(params_with({"a": FIXED}))
    shortfall_first = params_with({"a": {**FIXED, "supply": 200.0}})
    assert not model.gap_widening_is_certain(shortfall_first)


def test_factor_verdict_multiples_are_computed_from_the_ranges():
    evidence = ms.claims_evidence()
    assert narrative.factor_verdict(evidence) == "partly reproduced: the growth rates imply 2–4x, not 3–5x"
    wider = dataclasses.replace(evidence, ratio_low=2.5, ratio_high=7.0)
    assert narrative.factor_verdict(wider) == "reproduced: the growth rates imply 2.5–7x, which covers 3–5x"
    shifted = dataclasses.replace(evidence, ratio_low=0.5 / 0.15, ratio_high=7.0)
    assert narrative.factor_verdict(shifted) == "partly reproduced: the growth rates imply 3.3–7x, not 3–5x"
    apart = dataclasses.replace(evidence, ratio_low=1.2, ratio_high=1.5)
    assert (
        narrative.factor_verdict(apart)
        == "not reproduced by the article's own growth rates: they imply 1.2–1.5x, not 3–5x"
    )


def test_claims_audit_verdict_follows_the_article_figures(monkeypatch):
    original = reference.figure

    def figure(figure_id):
        fig = original(figure_id)
        return dataclasses.replace(fig, low=0.1) if figure_id == "article.supply_growth" else fig

    monkeypatch.setattr(reference, "figure", figure)
    params = ms.MarketSizingParams(simulations=200)
    audit = ms.claims_audit(params, ms.metrics(ms.simulate(params), params))
    factor = audit[audit.claim.str.contains("factor")].iloc[0]
    # 0.40 / 0.20 = 2 and 0.60 / 0.10 = 6
    assert factor.verdict == "reproduced: the growth rates imply 2–6x, which covers 3–5x"
    assert "growth-rate ratio 2.0–6.0x" in factor.model_from_article_inputs


def test_coverage_recommendation_is_worded_by_the_gap_spread():
    params = scenario_params("default")
    base = {"horizon_year": 2031, "total_coverage_p50": 0.99}
    mixed = narrative._coverage_recommendation(base | {"total_gap_p10": -11.0, "total_gap_p90": 17.0}, params)
    assert "shortfall and a surplus are both plausible" in mixed and "will not fill" not in mixed
    surplus = narrative._coverage_recommendation(
        base | {"total_gap_p10": -30.0, "total_gap_p90": -1.0}, params
    )
    assert "at least 90 % of simulations" in surplus


def test_charts_of_two_hundred_roles_stay_small_and_say_what_they_show():
    from talentlib.market_sizing import charts
    from talentlib.report import figure_png

    roles = {
        f"role_{i:03d}": ms.RoleMarket(
            demand=100 + i, supply=90, demand_growth=[0.1, 0.2], supply_growth=[0.0, 0.1]
        )
        for i in range(200)
    }
    params = ms.MarketSizingParams(roles=roles, simulations=200, horizon_years=3)
    projection = ms.projection_table(ms.simulate(params))
    shown, note = charts.chart_roles(projection)
    assert set(shown["role"]) == {"total", *(f"role_{i:03d}" for i in range(189, 200))}  # the largest gaps
    assert note.startswith("Showing the 11 of 200 roles")
    fan = charts.fan_chart(projection, params)
    assert len([a for a in fan.fig.axes if a.get_visible()]) <= 12
    assert len(figure_png(fan.fig)) < 1_000_000
    tornado, base = ms.tornado_table(params)
    bars = charts.tornado_chart(tornado, base, params)
    assert "The 16 largest of 400 swings" in bars.caption
