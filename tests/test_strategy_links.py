"""What strategy ROI reads from the other analyses of its run, on hand-made upstream folders."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest

from talentlib import links, reference
from talentlib import strategy_roi as sr
from talentlib.errors import LinkError
from talentlib.strategy_roi import links as strategy_links
from talentlib.strategy_roi import narrative

PARAMS = sr.StrategyRoiParams().model_dump(mode="json")


def write(folder: Path, metrics: dict | None = None, **tables: pd.DataFrame) -> Path:
    (folder / "tables").mkdir(parents=True)
    (folder / "metrics.json").write_text(json.dumps(metrics or {}))
    for stem, frame in tables.items():
        frame.to_csv(folder / "tables" / f"{stem}.csv", index=False)
    return folder


def test_market_coverage_is_the_planned_roles_p10_to_p90_the_year_after_the_start(tmp_path):
    projection = pd.DataFrame(
        {
            "role": ["ai_ml_engineer", "ai_ml_engineer", "data_engineer"],
            "year": [2026, 2027, 2027],
            "coverage_p10": [0.7, 0.61234, 0.1],
            "coverage_p90": [0.8, 0.70009, 0.2],
        }
    )
    folder = write(tmp_path / "market_sizing", projection=projection)
    value = strategy_links.market_coverage(folder, PARAMS)
    assert value.value == [0.6123, 0.7001]
    assert "2027" in value.text and "market sizing" in value.text
    other = strategy_links.market_coverage(folder, {**PARAMS, "role": "data_engineer"})
    assert other.value == [0.1, 0.2]


def test_hire_pay_is_the_total_comp_band_and_a_base_salary_band_is_declined(tmp_path):
    bands = pd.DataFrame(
        {
            "role": ["ai_ml_engineer"] * 2,
            "level": ["mid", "junior"],
            "location_tier": ["coastal"] * 2,
            "country": ["US"] * 2,
            "year": [2026, 2026],
            "pay_measure": ["total_comp"] * 2,
            "low": [200_000.0, 130_000.0],
            "high": [300_000.0, 170_000.0],
            "source": ["article"] * 2,
        }
    )
    folder = write(tmp_path / "compensation", bands=bands)
    assert strategy_links.hire_pay(folder, PARAMS).value == [200_000.0, 300_000.0]
    offered = strategy_links.hire_pay(folder, {**PARAMS, "hire": {"offer_percentile": 60.0}})
    assert offered.text.endswith("the hire is offered its P60"), offered.text
    assert strategy_links.pipeline_pay(folder, PARAMS).value == [130_000.0, 170_000.0]
    base = write(tmp_path / "base" / "compensation", bands=bands.assign(pay_measure="base_salary"))
    declined = strategy_links.hire_pay(base, PARAMS)
    assert declined.value is None and "base_salary" in declined.text
    with pytest.raises(LinkError, match="0 rows"):
        strategy_links.hire_pay(folder, {**PARAMS, "start_year": 2031})


def test_the_leadership_gap_range_is_target_minus_the_index_interval(tmp_path):
    metrics = {
        "middle_management_gap": 22.0,
        "target_by_tier": {"middle_management": 65.0},
        "index_ci_by_tier": {"middle_management": [41.0, 44.9]},
        "synthetic_sample": True,
    }
    folder = write(tmp_path / "leadership_fluency", metrics)
    value = strategy_links.leadership_gap(folder, PARAMS)
    assert value.value == [pytest.approx(20.1), pytest.approx(24.0)]
    assert "synthetic" in value.text
    ahead = write(
        tmp_path / "ahead" / "leadership_fluency",
        {**metrics, "index_ci_by_tier": {"middle_management": [66, 70]}},
    )
    assert strategy_links.leadership_gap(ahead, PARAMS).value == [0.0, 0.0], "no drag when above target"


def test_a_declined_link_keeps_the_default_and_synthetic_upstreams_are_flagged(tmp_path):
    bands = pd.DataFrame(
        {
            "role": ["ai_ml_engineer"],
            "level": ["mid"],
            "location_tier": ["coastal"],
            "country": ["US"],
            "year": [2026],
            "pay_measure": ["base_salary"],
            "low": [1.0],
            "high": [2.0],
            "source": ["survey"],
        }
    )
    write(tmp_path / "compensation", {"synthetic_sample": True}, bands=bands)
    hire_link = [link for link in sr.SPEC.links if link.parameter == "hire.pay"]
    out, [record] = links.resolve(
        "strategy_roi", hire_link, PARAMS, frozenset(), {"compensation": tmp_path / "compensation"}
    )
    assert out["hire"]["pay"] == PARAMS["hire"]["pay"] and record.status == links.DEFAULT
    gap_link = [link for link in sr.SPEC.links if link.source == "leadership_fluency"]
    write(
        tmp_path / "leadership_fluency",
        {
            "middle_management_gap": 5.0,
            "target_by_tier": {"middle_management": 60},
            "index_ci_by_tier": {"middle_management": [50, 60]},
            "synthetic_sample": True,
        },
    )
    _, [record] = links.resolve(
        "strategy_roi", gap_link, PARAMS, frozenset(), {"leadership_fluency": tmp_path / "leadership_fluency"}
    )
    assert record.status == links.LINKED and record.synthetic


def test_run_on_its_own_the_notebook_lists_its_links_as_defaults():
    params, table = sr.linked_inputs(sr.StrategyRoiParams())
    assert list(table["status"]) == ["default"] * len(sr.SPEC.links)
    assert params == sr.StrategyRoiParams()


def test_run_on_its_own_with_upstream_dir_it_takes_an_earlier_runs_values(tmp_path):
    write(
        tmp_path / "leadership_fluency",
        {
            "middle_management_gap": 10.0,
            "target_by_tier": {"middle_management": 60},
            "index_ci_by_tier": {"middle_management": [48, 52]},
        },
    )
    params, table = sr.linked_inputs(sr.StrategyRoiParams(upstream_dir=str(tmp_path)))
    assert params.ai_tools.leadership_gap_points == [8.0, 12.0]
    statuses = dict(zip(table["input"], table["status"], strict=True))
    assert statuses["middle-management AI-fluency gap"] == "linked"
    assert list(table["status"]).count("default") == len(sr.SPEC.links) - 1, (
        "the other analyses are not there"
    )


# ---------------------------------------------------------------------------------------------------------
# Compa-ratio distribution → attrition of upskilled staff


def test_underpaid_attrition_by_hand():
    # 20 % of staff leave at 1.5 × 10 %, the rest at 10 %: 0.8 × 0.10 + 0.2 × 0.15 = 0.11
    assert strategy_links.underpaid_attrition(0.10, 0.2, 1.5) == pytest.approx(0.11)
    # 13.2 % × (1 + 0.4 × 0.1) = 13.728 %; 25 % × (1 + 0.4 × 0.5) = 30 %
    assert strategy_links.underpaid_attrition(0.132, 0.4, 1.1) == pytest.approx(0.13728)
    assert strategy_links.underpaid_attrition(0.25, 0.4, 1.5) == pytest.approx(0.30)
    # everyone underpaid: the whole group leaves at the relative risk; capped at 1
    assert strategy_links.underpaid_attrition(0.2, 1.0, 1.8) == pytest.approx(0.36)
    assert strategy_links.underpaid_attrition(0.8, 1.0, 2.0) == 1.0
    with pytest.raises(ValueError, match="share_below"):
        strategy_links.underpaid_attrition(0.1, 1.2, 1.5)


@pytest.mark.parametrize("base", [0.0, 0.05, 0.132, 0.25])
@pytest.mark.parametrize("risk", [1.0, 1.1, 1.5, 3.0])
def test_underpaid_attrition_rises_with_the_share_underpaid_and_share_zero_is_the_base(base, risk):
    shares = [0.0, 0.05, 0.2, 0.5, 0.9, 1.0]
    rates = [strategy_links.underpaid_attrition(base, s, risk) for s in shares]
    assert rates[0] == base
    assert all(b >= a for a, b in itertools.pairwise(rates))
    if base > 0 and risk > 1:
        assert all(b > a for a, b in itertools.pairwise(rates))


def compensation_metrics(**changes) -> dict:
    metrics = {
        "synthetic_sample": False,
        "min_group_size": 5,
        "n_employees": 40,
        "n_without_band": 0,
        "flight_risk_compa_ratio": 0.9,
        "flight_risk_share": 0.4,
        "flight_risk_share_by_role": {"ai_ml_engineer": 0.25, "data_engineer": None},
    }
    return {**metrics, **changes}


def test_upskilled_attrition_is_raised_for_the_planned_roles_share_below_the_screen(tmp_path):
    folder = write(tmp_path / "compensation", compensation_metrics())
    params = {**PARAMS, "upskill": {**PARAMS["upskill"], "attrition_after": [0.10, 0.20]}}
    risk = reference.figure(strategy_links.UNDERPAID_RISK)
    value = strategy_links.upskilled_attrition(folder, params)
    # low: 10 % × (1 + 0.25 × (RR_low − 1)); high: 20 % × (1 + 0.25 × (RR_high − 1))
    assert value.value == [
        pytest.approx(0.10 * (1 + 0.25 * (risk.low - 1)), abs=5e-5),
        pytest.approx(0.20 * (1 + 0.25 * (risk.high - 1)), abs=5e-5),
    ]
    assert (risk.low, risk.high) == (1.1, 1.5)
    assert value.value == [0.1025, 0.225]
    assert value.text.startswith(
        "attrition of upskilled staff: 10.2%–22.5% a year, 10.0%–20.0% raised for the 25%"
    )
    assert "AI/ML engineer staff below compa-ratio 0.90" in value.text
    assert "compensation report" in value.text and "synthetic" not in value.text
    assert strategy_links.UNDERPAID_RISK in value.text
    synthetic = write(tmp_path / "syn" / "compensation", compensation_metrics(synthetic_sample=True))
    assert strategy_links.upskilled_attrition(synthetic, params).text.endswith("(bundled synthetic sample)")


def test_a_role_too_small_to_report_falls_back_to_all_staff_and_no_share_keeps_the_default(tmp_path):
    folder = write(tmp_path / "compensation", compensation_metrics())
    params = {
        **PARAMS,
        "role": "data_engineer",
        "upskill": {**PARAMS["upskill"], "attrition_after": [0.1, 0.1]},
    }
    value = strategy_links.upskilled_attrition(folder, params)
    assert value.value == [pytest.approx(0.1 * 1.04), pytest.approx(0.1 * 1.2)]
    assert "40% of all staff (the Data engineer role has too few staff to report on its own)" in value.text
    tiny = write(
        tmp_path / "tiny" / "compensation", compensation_metrics(n_employees=4, flight_risk_share_by_role={})
    )
    declined = strategy_links.upskilled_attrition(tiny, PARAMS)
    assert declined.value is None and "this notebook's default" in declined.text
    old = write(tmp_path / "old" / "compensation", {"synthetic_sample": True})
    assert strategy_links.upskilled_attrition(old, PARAMS).value is None
    with pytest.raises(LinkError, match=r"metrics\.json"):
        strategy_links.upskilled_attrition(tmp_path / "absent", PARAMS)


def test_the_attrition_link_is_resolved_and_a_scenario_value_wins(tmp_path):
    write(tmp_path / "compensation", compensation_metrics(synthetic_sample=True))
    link = [item for item in sr.SPEC.links if item.parameter == "upskill.attrition_after"]
    upstream = {"compensation": tmp_path / "compensation"}
    out, [record] = links.resolve("strategy_roi", link, PARAMS, frozenset(), upstream)
    low, high = PARAMS["upskill"]["attrition_after"]
    assert out["upskill"]["attrition_after"] == record.value
    assert record.value[0] > low and record.value[1] > high
    assert record.status == links.LINKED and record.synthetic
    assert record.target == "strategy_roi.upskill.attrition_after"
    sr.StrategyRoiParams.model_validate(out)  # the linked value is valid for the schema
    kept, [record] = links.resolve(
        "strategy_roi", link, PARAMS, frozenset({"upskill.attrition_after"}), upstream
    )
    assert kept["upskill"]["attrition_after"] == [low, high] and record.status == links.OVERRIDE
    _, [record] = links.resolve("strategy_roi", link, PARAMS, frozenset({"upskill.candidate_pool"}), upstream)
    assert record.status == links.LINKED, "setting another upskill input does not block the link"


def test_the_backfill_finding_says_when_upskilled_attrition_was_raised_for_pay():
    metrics = {"backfill": True, "days_to_fill_standard_p50": 54.0, "horizon_years": 3}
    plain = narrative.backfill_finding(metrics, sr.StrategyRoiParams())
    assert "below band" not in plain
    record = {
        "source": "compensation",
        "target": "strategy_roi.upskill.attrition_after",
        "status": "linked",
        "value": [0.14, 0.29],
        "text": "attrition of upskilled staff: …",
        "synthetic": True,
    }
    params = sr.StrategyRoiParams(links=[record], upskill={"attrition_after": [0.14, 0.29]})
    raised = narrative.backfill_finding(metrics, params)
    assert "14.0%–29.0% a year" in raised and "raised for staff paid below band" in raised
