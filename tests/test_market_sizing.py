from __future__ import annotations

import numpy as np
import pytest

from talentlib import market_sizing as ms
from talentlib import reference
from talentlib.params import ParamsError, validate_params


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
    metrics = ms.horizon_metrics(ms.simulate(params), params)
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
    audit = ms.claims_audit(params, ms.horizon_metrics(ms.simulate(params), params))
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
    monkeypatch.setattr(ms.parallel, "MIN_THREADED_ELEMENTS", 10**12)
    sequential = ms.simulate(params)
    monkeypatch.setattr(ms.parallel, "MIN_THREADED_ELEMENTS", 1)
    threaded = ms.simulate(params)
    assert np.array_equal(sequential.demand, threaded.demand)
    assert np.array_equal(sequential.supply, threaded.supply)
