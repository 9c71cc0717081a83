"""What strategy ROI reads from the other analyses of its run, on hand-made upstream folders."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from talentlib import links
from talentlib import strategy_roi as sr
from talentlib.errors import LinkError
from talentlib.strategy_roi import links as strategy_links

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
    assert list(table["status"]).count("default") == 3, "the other analyses are not in that folder"
