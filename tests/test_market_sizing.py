from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from scipy.special import ndtr

from talentlib import market_sizing as ms
from talentlib import parallel, reference
from talentlib.config import params_dir
from talentlib.labels import label
from talentlib.market_sizing import model, narrative, schema, sensitivity, sources
from talentlib.params import ParamsError, load_params_file, validate_params

NEVER_FADES = [1.0, 1.0]


def params_with(roles: dict, **kw) -> ms.MarketSizingParams:
    return validate_params(ms.MarketSizingParams, {"roles": roles, "persistence": NEVER_FADES, **kw}, "test")


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
    np.testing.assert_allclose(
        a.drop(columns=["role", "unit"]).to_numpy(float), b.drop(columns=["role", "unit"]).to_numpy(float)
    )


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
    factor = sim.demand[:, 0, 1] / sim.demand[:, 0, 0]  # ai_ml_engineer: g1 = φ·g0 + (1 − φ)·L
    low = 0.6 * 0.40 + 0.4 * 0.0117  # lowest φ, lowest g0, lowest L
    high = 0.9 * 0.50 + 0.1 * 0.0317
    assert factor.min() >= 1 + low - 1e-12 and factor.max() <= 1 + high + 1e-12
    never = ms.simulate(params.model_copy(update={"persistence": NEVER_FADES}))
    today = never.demand[:, 0, 1] / never.demand[:, 0, 0]
    assert today.min() >= 1.4 and today.max() <= 1.5


def test_horizon_metrics_from_degenerate_inputs():
    params = params_with({"a": FIXED, "b": {**FIXED, "demand": 150.0}}, simulations=100)
    metrics = ms.metrics(ms.simulate(params), params)
    # a: 759.375 - 248.832 ; b: 1139.0625 - 248.832 → total 1400.7735 ; base gap 50
    assert metrics["total_gap_p50"] == pytest.approx(1400.7735)
    assert metrics["total_gap_base"] == pytest.approx(50.0)
    assert metrics["prob_gap_widens"] == 1.0
    assert metrics["gap_widens"] == ms.FOLLOWS
    assert metrics["largest_gap_role"] == "b" and metrics["largest_gap_share"] == 1.0
    assert metrics["total_coverage_p50"] == pytest.approx(497.664 / 1898.4375)
    assert metrics["coverage_p50_by_role"]["b"] == pytest.approx(248.832 / 1139.0625)
    assert metrics["base_supply_by_role"] == {"a": 100.0, "b": 100.0}
    assert metrics["unit"] == "people"


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
    prompt = table[table.role == "prompt_engineer"].drop(columns=["role", "unit"]).to_numpy(float)
    total = table[table.role == "total"].drop(columns=["role", "unit"]).to_numpy(float)
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
        ({"a": {k: v for k, v in FIXED.items() if k != "demand"}}, "give demand"),
        ({"a": {**FIXED, "demand_ratio": 0}}, "demand_ratio': expected a value > 0"),
        ({"a": {**FIXED, "long_run_growth": [0.05, 0.01]}}, "must not exceed"),
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
    # spans over roles: public.30 annualised (1.031^0.1 − 1 = 0.31 %) to public.27 (1.335^0.1 − 1 = 2.93 %)
    assert "demand 0.3%–2.9%/yr, supply 0.3%–2.9%/yr" in rates
    assert not any("stress case" in s for s in text)
    # each role grows at the annualised BLS projections of its own occupations (the crosswalk's projection rows)
    ml = params.roles["ai_ml_engineer"]
    assert ml.demand_growth == [round(1.17**0.1 - 1, 4), round(1.335**0.1 - 1, 4)] == ml.long_run_growth
    assert params.persistence == [1.0, 1.0]


@pytest.mark.parametrize("name", ["aggressive", "conservative"])
def test_scenarios_with_their_own_rates_call_them_assumptions(name):
    params = scenario_params(name)
    assert ms.rate_sources(params).common == "assumption"
    text = scenario_text(params)
    assert not any("article's growth rates" in s for s in text)
    assert any("These growth rates are this scenario's own assumptions" in s for s in text)


def test_default_scenario_names_the_article_and_computes_the_public_range():
    params = scenario_params("default")
    assert ms.rate_sources(params).common == "article"
    text = scenario_text(params)
    assert any(s.startswith("Today's growth rates are our per-role reading of the article's") for s in text)
    low, high = ms.public_rates().related_low, ms.public_rates().related_high
    assert low == pytest.approx(1.17**0.1 - 1) and high == pytest.approx(1.335**0.1 - 1)
    assert any("related occupations grow 1.6%–2.9%/yr" in s for s in text)
    # demand >= supply in every role and 0.40 > 0.20: widening follows from the inputs and is said so, not as a share
    assert any("follows from the inputs, not from the simulation" in s for s in text)
    assert not any("% of 500 simulations" in s for s in text)


def test_certain_widening_is_only_claimed_when_the_inputs_force_it():
    overlapping = params_with({"a": {**FIXED, "demand_growth": [0.1, 0.5], "supply_growth": [0.1, 0.2]}})
    assert not model.gap_widening_is_certain(overlapping)
    assert model.gap_widening_is_certain(params_with({"a": FIXED}))
    shortfall_first = params_with({"a": {**FIXED, "supply": 200.0}})
    assert not model.gap_widening_is_certain(shortfall_first)
    fading = {**FIXED, "long_run_growth": [0.02, 0.03]}
    assert model.gap_widening_is_certain(params_with({"a": fading}, persistence=[0.5, 0.9]))
    # persistence 0 from parity: both sides grow at the same long-run rate, the gap stays 0
    assert not model.gap_widening_is_certain(params_with({"a": fading}, persistence=[0.0, 0.9]))
    # ... unless demand starts above supply and the long-run rate is positive
    ahead = {**fading, "demand": 120.0}
    assert model.gap_widening_is_certain(params_with({"a": ahead}, persistence=[0.0, 0.9]))
    shrinking = {**fading, "long_run_growth": [-0.02, 0.03]}
    assert not model.gap_widening_is_certain(params_with({"a": shrinking}, persistence=[0.5, 0.9]))


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
    base = {
        "horizon_year": 2031,
        "total_coverage_p50": 0.99,
        "coverage_p50_by_role": {"a": 0.9},
        "unit": "people",
    }
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
    few = params.model_copy(update={"roles": dict(list(roles.items())[:20])})
    tornado, base = ms.tornado_table(few)
    bars = charts.tornado_chart(tornado, base, few)
    assert "The 16 largest of 82 swings" in bars.caption  # 20 roles × 4 drivers + persistence + correlation


# ---------------------------------------------------------------------------------------------------------
# Issue 14: people, role defaults, fading growth, every driver in the tornado


def test_full_persistence_reproduces_the_constant_growth_model_exactly():
    """Persistence [1, 1] gives the model before fading: today's rate compounded, draws as before, bit for bit."""
    params = ms.MarketSizingParams(simulations=400, persistence=NEVER_FADES, growth_correlation=0.3)
    sim = ms.simulate(params)
    rng = np.random.default_rng(params.seed)
    roles = list(params.roles.values())
    for side, paths in (("demand", sim.demand), ("supply", sim.supply)):
        common = rng.standard_normal((400, 1, 1))
        own = rng.standard_normal((400, len(roles), 1))
        latent = own * np.sqrt(0.7) + np.sqrt(0.3) * common
        ranges = np.array([getattr(m, f"{side}_growth") for m in roles])
        growth = ranges[None, :, :1] + ndtr(latent) * (ranges[None, :, 1:] - ranges[None, :, :1])
        base = np.array([m.base_demand if side == "demand" else m.supply for m in roles])
        factors = np.broadcast_to(1.0 + growth, (400, len(roles), 5))
        expected = np.concatenate(
            [
                np.broadcast_to(base[None, :, None], (400, len(roles), 1)),
                np.cumprod(factors, axis=2) * base[None, :, None],
            ],
            axis=2,
        )
        np.testing.assert_array_equal(paths, expected)


def test_persistence_zero_grows_at_the_long_run_rate_from_year_one():
    role = {**FIXED, "long_run_growth": [0.03, 0.03]}
    params = params_with({"a": role}, persistence=[0.0, 0.0], simulations=100, horizon_years=3)
    sim = ms.simulate(params)
    # 100 × 1.03^t for both sides, whatever today's 50 % and 20 %
    np.testing.assert_allclose(sim.demand[0, 0], [100.0, 103.0, 106.09, 109.2727])
    np.testing.assert_allclose(sim.supply[0, 0], [100.0, 103.0, 106.09, 109.2727])


def test_fading_growth_against_hand_values():
    role = {**FIXED, "long_run_growth": [0.03, 0.03]}
    params = params_with({"a": role}, persistence=[0.5, 0.5], simulations=100, horizon_years=2)
    sim = ms.simulate(params)
    # demand: g1 = 0.5·0.5 + 0.5·0.03 = 0.265, g2 = 0.25·0.5 + 0.75·0.03 = 0.1475 → 100·1.265·1.1475 = 145.15875
    # supply: g1 = 0.5·0.2 + 0.5·0.03 = 0.115, g2 = 0.25·0.2 + 0.75·0.03 = 0.0725 → 100·1.115·1.0725 = 119.58375
    np.testing.assert_allclose(sim.demand[:, 0, -1], 145.15875)
    np.testing.assert_allclose(sim.supply[:, 0, -1], 119.58375)
    assert ms.closed_form_gap(params) == pytest.approx(145.15875 - 119.58375)
    assert schema.half_life(0.5) == pytest.approx(1.0) and schema.half_life(1.0) == float("inf")
    assert narrative._half_lives(0.8, 1.0) == "3.1 years to never"  # ln 0.5 / ln 0.8 = 3.106
    assert narrative._half_lives(0.6, 0.9) == "1.4–6.6 years"  # 1.357 and 6.579


def test_horizon_gap_rises_with_persistence_when_demand_outgrows_supply():
    table = ms.persistence_sensitivity(ms.MarketSizingParams(simulations=500))
    assert table.persistence.tolist() == sorted(table.persistence)
    assert table.total_gap_p50.is_monotonic_increasing and table.total_gap_p10.is_monotonic_increasing
    assert table.unit.eq("people").all()
    never = ms.metrics(
        *(lambda p: (ms.simulate(p), p))(ms.MarketSizingParams(simulations=500, persistence=NEVER_FADES))
    )
    assert table.total_gap_p50.iloc[-1] == pytest.approx(never["total_gap_p50"])


def test_crosswalk_sums_to_the_bls_totals_it_cites():
    frame = sources.crosswalk()
    for soc, rows in frame.groupby("soc_code"):
        assert rows.share.sum() == pytest.approx(1.0), soc
        assert rows.persons.sum() == pytest.approx(rows.employment.iloc[0]), soc
        fig = reference.figure(f"public.{rows.oews_row.iloc[0]}")
        assert (
            fig.unit == "persons"
            and "OEWS" in fig.source_name
            and rows.soc_code.iloc[0] in fig.description + soc
        )
        assert set(rows.basis) <= {"assumption", "remainder"}
    # data scientists: 0.15 + 0.10 + 0.02 of 262,440 (public.1) in AI roles; 37,200 research scientists (public.13) halved
    assert sources.base_supply("ai_research_scientist") == round(0.02 * 262_440 + 0.5 * 37_200)
    assert sources.base_supply("ai_ml_engineer") == round(0.03 * 1_687_890 + 0.15 * 262_440)
    # long-run: persons-weighted annualised projections (public.29 software developers, public.27 data scientists)
    sd, ds = 0.03 * 1_687_890, 0.15 * 262_440
    expected = (sd * (1.17**0.1 - 1) + ds * (1.335**0.1 - 1)) / (sd + ds)
    assert sources.long_run_rate("ai_ml_engineer") == pytest.approx(expected)
    assert sources.long_run_rate("prompt_engineer") == pytest.approx(1.031**0.1 - 1)


def test_default_roles_differ_as_the_article_says():
    roles = ms.MarketSizingParams().roles
    dumps = [m.model_dump() for m in roles.values()]
    assert all(a != b for i, a in enumerate(dumps) for b in dumps[i + 1 :])
    # "demand growing faster than ML engineer demand"
    assert roles["data_engineer"].demand_growth[0] >= roles["ai_ml_engineer"].demand_growth[1]
    # "scarcest": the largest starting shortage
    assert roles["ai_research_scientist"].ratio == max(m.ratio for m in roles.values())
    # "no established training pipeline": the slowest supply growth
    assert roles["ai_product_manager"].supply_growth[1] == min(m.supply_growth[1] for m in roles.values())
    # "thin talent pool": the smallest pool of the three engineering roles
    engineers = ("ai_ml_engineer", "data_engineer", "mlops_engineer")
    assert min(engineers, key=lambda r: roles[r].supply) == "mlops_engineer"
    # every default is quoted and read, and stays inside the article's ranges
    table = sources.role_defaults()
    assert table.quote.str.len().gt(20).all() and table.reading.str.len().gt(10).all()
    growth = table[table.field != "demand_ratio"]
    assert growth.kind.str.startswith("article").all()
    assert (table[table.field == "demand_ratio"].kind == "assumption (our reading)").all()
    article = {side: reference.figure(f"article.{side}_growth") for side in ("demand", "supply")}
    for role, market in roles.items():
        for side, fig in article.items():
            low, high = getattr(market, f"{side}_growth")
            assert fig.low <= low <= high <= fig.high, (role, side)


def test_tornado_holds_every_driver_ordered_by_swing_with_the_base_inside_each_bar():
    params = ms.MarketSizingParams(simulations=2000)
    table, base = ms.tornado_table(params)
    assert list(table.columns)[:6] == [
        "driver",
        "low_value",
        "high_value",
        "gap_at_low",
        "gap_at_high",
        "swing",
    ]
    expected = {"persistence (all roles)", "correlation across roles"} | {
        f"{label(role)}: {name}"
        for role in params.roles
        for name in (
            "base demand/supply ratio",
            "today's demand growth",
            "today's supply growth",
            "long-run growth",
        )
    }
    assert set(table.driver) == expected and len(table) == len(expected)
    assert table.swing.is_monotonic_decreasing
    np.testing.assert_allclose(table.swing, (table.gap_at_high - table.gap_at_low).abs())
    low = table[["gap_at_low", "gap_at_high"]].min(axis=1)
    high = table[["gap_at_low", "gap_at_high"]].max(axis=1)
    inside = (low <= base + 1e-6) & (base - 1e-6 <= high)
    # every driver the total gap is monotone in contains the base; the correlation moves only the spread,
    # and its bar (inside or not) is Monte Carlo noise, under 2 % of the base
    monotone = table.driver != sensitivity.CORRELATION_DRIVER
    assert inside[monotone].all(), table[monotone & ~inside]
    assert table.loc[~monotone, "swing"].iloc[0] < sensitivity.NOISE_SHARE * base
    assert sensitivity.CORRELATION_DRIVER in sensitivity.noise_drivers(table, base)
    ratio = table[table.driver == "Data engineer: base demand/supply ratio"].iloc[0]
    assert (ratio.low_value, ratio.high_value) == (1.0, 5.0)  # parity to the article's 5x
    # the base ratio and the persistence move the gap more than any growth range (the expert review's finding)
    assert table.driver.iloc[0].endswith("base demand/supply ratio")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_base_inside_every_monotone_bar_whatever_the_seed(seed):
    params = scenario_params("aggressive", simulations=2000).model_copy(update={"seed": seed})
    table, base = ms.tornado_table(params)
    monotone = table[table.driver != sensitivity.CORRELATION_DRIVER]
    assert (monotone[["gap_at_low", "gap_at_high"]].min(axis=1) <= base + 1e-6).all()
    assert (monotone[["gap_at_low", "gap_at_high"]].max(axis=1) >= base - 1e-6).all()


def test_base_level_sensitivity_reaches_the_articles_five_times():
    table = ms.base_level_sensitivity(ms.MarketSizingParams(simulations=500))
    assert table.base_demand_ratio.tolist() == [1.0, 1.25, 1.5, 2.0, 3.0, 5.0]
    assert table.total_gap_p50.is_monotonic_increasing
    assert table.total_coverage_p50.is_monotonic_decreasing


def test_largest_gap_is_named_only_when_dominant():
    wide = {"demand": 100.0, "supply": 100.0, "demand_growth": [0.3, 0.6], "supply_growth": [0.1, 0.2]}
    close = params_with({"a": wide, "b": {**wide, "demand": 101.0}}, simulations=2000, growth_correlation=0.0)
    metrics = ms.metrics(ms.simulate(close), close)
    assert metrics["largest_gap_role"] is None and 0.4 < metrics["largest_gap_share"] < 0.9
    text = narrative._largest_gap_finding(metrics, close)
    assert text.startswith("No single role has the largest gap in at least 90%")
    apart = params_with({"a": wide, "b": {**wide, "demand": 300.0}}, simulations=2000)
    metrics = ms.metrics(ms.simulate(apart), apart)
    assert metrics["largest_gap_role"] == "b" and metrics["largest_gap_share"] >= 0.9
    assert "is in the b role" in narrative._largest_gap_finding(metrics, apart)


def test_gap_widens_is_a_probability_when_the_inputs_do_not_force_it():
    overlapping = {**FIXED, "demand_growth": [0.1, 0.5], "supply_growth": [0.1, 0.3]}
    params = params_with({"a": overlapping}, simulations=2000)
    metrics = ms.metrics(ms.simulate(params), params)
    assert isinstance(metrics["gap_widens"], float) and 0 < metrics["gap_widens"] < 1
    assert metrics["gap_widens"] == metrics["prob_gap_widens"]
    assert "of 2,000 simulations" in narrative._widening_finding(metrics)


def test_levels_are_people_everywhere_by_default():
    params = ms.MarketSizingParams(simulations=500)
    sim = ms.simulate(params)
    projection = ms.projection_table(sim)
    assert projection.unit.eq("people").all()
    metrics = ms.metrics(sim, params)
    assert metrics["unit"] == "people"
    assert metrics["base_supply_by_role"]["ai_research_scientist"] == sources.base_supply(
        "ai_research_scientist"
    )
    assert set(metrics["coverage_p50_by_role"]) == set(params.roles)
    text = ms.findings(metrics, params)
    assert text[0].startswith("By 2031, supply covers") and all(
        r.replace("_", " ") in text[0] for r in params.roles
    )
    assert "people" in text[1] and "BLS OEWS May 2025" in text[1]
    assert not any("index" in s for s in text)
    assert ms.inputs_table(params).unit.eq("people").all()


def test_own_base_levels_and_unit_replace_the_bls_ones():
    own = {"supply": 40.0, "demand": 55.0, "demand_growth": [0.1, 0.2], "supply_growth": [0.05, 0.1]}
    params = params_with({"ai_ml_engineer": own}, unit="requisitions", geography="Acme Corp", simulations=200)
    metrics = ms.metrics(ms.simulate(params), params)
    assert metrics["unit"] == "requisitions" and metrics["base_demand_by_role"] == {"ai_ml_engineer": 55.0}
    gap = ms.findings(metrics, params)[1]
    assert gap.startswith("In requisitions:") and "this scenario's own (requisitions, Acme Corp)" in gap
    # the default (BLS, United States) supply under another geography is refused, naming the field
    with pytest.raises(ParamsError, match=r"key 'roles': expected ai_ml_engineer\.supply counted in Germany"):
        validate_params(ms.MarketSizingParams, {"geography": "Germany"}, "test")


def test_demand_given_wins_over_the_default_ratio():
    role = {**FIXED, "demand": 250.0, "demand_ratio": 1.3}
    assert params_with({"a": role}).roles["a"].base_demand == 250.0
    assert params_with({"a": {**FIXED, "demand": None, "demand_ratio": 1.3}}).roles["a"].base_demand == 130.0


def test_driver_recommendation_names_the_largest_swing():
    params = ms.MarketSizingParams(simulations=500)
    table, _ = ms.tornado_table(params)
    metrics = ms.metrics(ms.simulate(params), params)
    advice = ms.recommendations(metrics, params, table)
    assert len(advice) == 3 and table.driver.iloc[0] in advice[1]
    assert not any("stress case" in s for s in advice)  # no second, contradictory reading of the coverage


def test_survey_mix_is_a_check_of_shares_not_pay():
    check = ms.survey_mix_check()
    assert check.crosswalk_share.sum() == pytest.approx(1.0) and check.survey_share.sum() == pytest.approx(
        1.0
    )
    assert list(check.columns) == ["role", "crosswalk_share", "survey_share", "survey_rows"]
