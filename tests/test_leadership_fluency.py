"""Tests of talentlib.leadership_fluency: scoring, psychometrics, privacy, the flag rule, bad CSVs, the notebook."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from talentlib import leadership_fluency as lf
from talentlib.leadership_fluency import charts, narrative
from talentlib.params import ParamsError, defaults, load_params_file, parameters_cell, validate_params
from talentlib.privacy import suppress_cells
from talentlib.report import Chart
from talentlib.samples import fluency as fluency_sample
from talentlib.user_files import MAX_PROBLEMS

ROOT = Path(__file__).resolve().parents[1]
INSTRUMENT = lf.load_instrument()
ITEMS = INSTRUMENT.item_ids
HEADER = "respondent_id,tier,business_unit," + ",".join(ITEMS)


def uniform_answers(level: int, n: int) -> np.ndarray:
    """Raw answers that reverse-code to ``level`` on every item."""
    row = np.where(INSTRUMENT.reverse, 6 - level, level).astype(float)
    return np.tile(row, (n, 1))


def responses(groups: list[tuple[str, int, int]], unit: str = "BU") -> lf.Responses:
    """(tier, level, count) groups of identical respondents."""
    answers = np.vstack([uniform_answers(level, count) for _, level, count in groups])
    tiers = np.array([t for t, _, count in groups for _ in range(count)], dtype=object)
    return lf.Responses(
        tier=tiers, business_unit=np.array([unit] * len(tiers), dtype=object), answers=answers
    )


def results_for(resp: lf.Responses, min_group_size: int = 5, seed: int = 1) -> lf.TierResults:
    scores = lf.score_responses(resp, INSTRUMENT)
    return lf.tier_results(scores, lf.load_targets(INSTRUMENT), min_group_size, 200, seed)


def write_rows(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "responses.csv") -> str:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def good_row(rid: str, tier: str = "board", answer: str = "3") -> str:
    return f"{rid},{tier},BU A," + ",".join([answer] * len(ITEMS))


# ---------------------------------------------------------------------------------------------------------
# Scoring


def test_reverse_coding_maps_x_to_six_minus_x() -> None:
    answers = np.array([[1.0, 2.0, 5.0, np.nan]])
    out = lf.reverse_code(answers, np.array([True, False, True, True]))
    np.testing.assert_array_equal(out[0, :3], [5.0, 2.0, 1.0])
    assert np.isnan(out[0, 3])


def test_hand_worked_dimension_scores_and_index() -> None:
    # Everyone answers 5 to every item: non-reverse items count 5, reverse items 6 − 5 = 1.
    # Each dimension has 3 normal + 1 reverse item: mean (5+5+5+1)/4 = 4 → (4 − 1)/4 × 100 = 75.
    answers = np.full((1, len(ITEMS)), 5.0)
    dims = lf.dimension_scores(answers, INSTRUMENT)
    np.testing.assert_allclose(dims, 75.0)
    assert lf.fluency_index(dims)[0] == pytest.approx(75.0)
    # All 3s score 50 everywhere; all coded 1 scores 0, coded 5 scores 100.
    assert lf.dimension_scores(np.full((1, len(ITEMS)), 3.0), INSTRUMENT)[0, 0] == pytest.approx(50.0)
    assert lf.dimension_scores(uniform_answers(1, 1), INSTRUMENT)[0, 0] == pytest.approx(0.0)
    assert lf.dimension_scores(uniform_answers(5, 1), INSTRUMENT)[0, 0] == pytest.approx(100.0)
    assert lf.likert_to_score(2.5) == pytest.approx(37.5)


def test_missing_answer_rule() -> None:
    strategy = INSTRUMENT.item_positions("strategy_value")  # q01 q02 q03(R) q04
    answers = np.full((3, len(ITEMS)), 3.0)
    answers[:, strategy] = np.nan
    answers[0, strategy[0]] = 5  # 1 of 4 answered: below ceil(0.5 × 4) = 2 → not scored
    answers[1, strategy[:2]] = [5, 4]  # 2 of 4 answered → (4.5 − 1)/4 × 100 = 87.5
    answers[2, strategy[2]] = 1  # reverse item only, coded 5 → 1 of 4 → not scored
    dims = lf.dimension_scores(answers, INSTRUMENT, share=0.5)
    assert np.isnan(dims[0, 0]) and np.isnan(dims[2, 0])
    assert dims[1, 0] == pytest.approx(87.5)
    index = lf.fluency_index(dims)
    assert np.isnan(index[0]) and index[1] == pytest.approx((87.5 + 4 * 50) / 5)
    # A lower share scores one answered item: q01 = 5 → 100; the reverse item answered 1 → coded 5 → 100.
    loose = lf.dimension_scores(answers, INSTRUMENT, share=0.25)
    assert loose[0, 0] == pytest.approx(100.0) and loose[2, 0] == pytest.approx(100.0)
    assert [lf.min_items_required(k, 0.5) for k in (2, 3, 4, 5)] == [1, 2, 2, 3]
    assert lf.min_items_required(4, 1.0) == 4


def test_cronbach_alpha_hand_worked() -> None:
    # Item variances 5/3, 2/3, 5/3 (sum 4); totals 5, 8, 10, 13 → variance 34/3.
    # α = 3/2 × (1 − 4 / (34/3)) = 33/34.
    matrix = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 4, 5]], dtype=float)
    alpha, n = lf.cronbach_alpha(matrix)
    assert alpha == pytest.approx(33 / 34) and n == 4
    # Listwise deletion: a row with a missing cell is dropped.
    alpha2, n2 = lf.cronbach_alpha(np.vstack([matrix, [5, np.nan, 1]]))
    assert alpha2 == pytest.approx(33 / 34) and n2 == 4


def test_cronbach_alpha_textbook_covariance_form() -> None:
    # Textbook identity: α = k² · mean inter-item covariance / variance of the total.
    rng = np.random.default_rng(7)
    trait = rng.normal(size=(200, 1))
    items = np.clip(np.rint(3 + trait + rng.normal(scale=0.8, size=(200, 5))), 1, 5)
    cov = np.cov(items, rowvar=False)
    k = items.shape[1]
    mean_cov = (cov.sum() - np.trace(cov)) / (k * (k - 1))
    expected = k * k * mean_cov / cov.sum()
    assert lf.cronbach_alpha(items)[0] == pytest.approx(expected)
    # Degenerate cases: identical items give 1, one item or no variance gives NaN.
    same = np.repeat(items[:, :1], 3, axis=1)
    assert lf.cronbach_alpha(same)[0] == pytest.approx(1.0)
    assert math.isnan(lf.cronbach_alpha(items[:, :1])[0])
    assert math.isnan(lf.cronbach_alpha(np.full((10, 3), 3.0))[0])


def test_reliability_uses_reverse_coded_items() -> None:
    rng = np.random.default_rng(3)
    trait = rng.normal(size=(300, 1))
    coded = np.clip(np.rint(3 + trait + rng.normal(scale=0.6, size=(300, len(ITEMS)))), 1, 5)
    raw = np.where(INSTRUMENT.reverse, 6 - coded, coded)
    resp = lf.Responses(np.array(["board"] * 300, dtype=object), np.array(["x"] * 300, dtype=object), raw)
    table = lf.reliability_table(resp, INSTRUMENT, threshold=0.7)
    assert (table["alpha"] > 0.7).all() and table["reliable"].all()
    # Forgetting the reverse-coding would destroy the scales.
    broken = lf.Instrument(INSTRUMENT.items.assign(reverse_coded=False), INSTRUMENT.dimensions, "x")
    assert (lf.reliability_table(resp, broken)["alpha"] < 0.5).all()
    items = lf.item_statistics(resp, broken)
    assert (items.loc[INSTRUMENT.reverse, "item_rest_r"] < 0).all()


def test_score_scales_to_a_million_rows() -> None:
    rng = np.random.default_rng(0)
    answers = rng.integers(1, 6, size=(1_000_000, len(ITEMS))).astype(float)
    answers[rng.random(answers.shape) < 0.03] = np.nan
    import time

    started = time.perf_counter()
    dims = lf.dimension_scores(answers, INSTRUMENT)
    index = lf.fluency_index(dims)
    assert time.perf_counter() - started < 10  # ~0.7 s measured
    assert np.isfinite(index).mean() > 0.99


# ---------------------------------------------------------------------------------------------------------
# Bootstrap, tiers, suppression, the flag


def test_bootstrap_is_seeded_and_matches_row_resampling() -> None:
    values = np.array([10.0, 20.0, 20.0, 30.0, 50.0, np.nan])
    a = lf.bootstrap_means(values, 5000, np.random.default_rng(5))
    b = lf.bootstrap_means(values, 5000, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, lf.bootstrap_means(values, 5000, np.random.default_rng(6)))
    clean = values[~np.isnan(values)]
    naive = clean[np.random.default_rng(9).integers(0, clean.size, size=(20000, clean.size))].mean(axis=1)
    assert a.mean() == pytest.approx(clean.mean(), abs=0.3)
    assert a.std() == pytest.approx(naive.std(), rel=0.05)
    r1 = results_for(responses([("board", 3, 6), ("c_suite", 4, 6)]), seed=11)
    r2 = results_for(responses([("board", 3, 6), ("c_suite", 4, 6)]), seed=11)
    pd.testing.assert_frame_equal(r1.table, r2.table)


def test_small_groups_are_suppressed() -> None:
    res = results_for(responses([("board", 3, 4), ("c_suite", 4, 8), ("middle_management", 2, 30)]))
    board = res.table[res.table["tier"] == "board"]
    assert board["suppressed"].all() and board["score"].isna().all() and board["n"].isna().all()
    assert "board" not in res.reported_tiers()
    assert lf.display_tier_table(res).query("tier == 'board'")["score"].eq("suppressed (n<5)").all()
    shown = res.table[res.table["tier"] == "c_suite"]
    assert (~shown["suppressed"]).all() and shown["n"].eq(8).all()


def test_secondary_suppression_protects_a_single_small_cell() -> None:
    counts = pd.DataFrame(
        {"middle_management": [40, 20, 3], "frontline": [50, 30, 10]}, index=["A", "B", "C"]
    )
    mask = suppress_cells(counts, 5)
    assert mask.loc["C", "middle_management"]  # primary
    assert mask.loc["B", "middle_management"]  # column total published → next-smallest suppressed
    assert mask.loc["C", "frontline"]  # row C total (13) published → its other cell suppressed
    assert not mask.loc["A", "middle_management"]


def test_business_unit_crossings_below_threshold_are_not_reported() -> None:
    answers = np.vstack([uniform_answers(3, 20), uniform_answers(2, 3)])
    resp = lf.Responses(
        tier=np.array(["frontline"] * 23, dtype=object),
        business_unit=np.array(["Big"] * 20 + ["Tiny"] * 3, dtype=object),
        answers=answers,
    )
    table = lf.business_unit_table(lf.score_responses(resp, INSTRUMENT), 5)
    tiny = table[table["business_unit"] == "Tiny"]
    assert tiny["suppressed"].all() and tiny["fluency_index"].isna().all()
    # The big unit's cell is suppressed too: with the tier total published it would reveal the tiny one.
    assert table.loc[(table["business_unit"] == "Big") & (table["tier"] == "frontline"), "suppressed"].all()


def test_flag_fires_when_mm_below_c_suite_and_target() -> None:
    res = results_for(responses([("board", 4, 6), ("c_suite", 4, 6), ("middle_management", 2, 20)]))
    flag = lf.middle_management_flag(res)
    assert flag.fires and flag.evaluable
    assert flag.mm_index == pytest.approx(25.0) and flag.c_suite_index == pytest.approx(75.0)
    assert flag.prob_below_c_suite == 1.0
    assert set(flag.lowest_dimensions) == set(INSTRUMENT.dimensions)
    assert "FIRES" in flag.headline


def test_flag_does_not_fire_when_mm_above_c_suite() -> None:
    res = results_for(responses([("c_suite", 2, 6), ("middle_management", 3, 20)]))
    flag = lf.middle_management_flag(res)
    assert (
        not flag.fires
        and flag.evaluable
        and "exceeds the C-suite's (+50.0) in 0% of resamples" in flag.headline
    )


def test_flag_does_not_fire_when_mm_meets_its_target() -> None:
    # Middle management at 75 (target 65) but the C-suite at 100: below the C-suite, not below target.
    res = results_for(responses([("c_suite", 5, 6), ("middle_management", 4, 20)]))
    flag = lf.middle_management_flag(res)
    assert not flag.fires and "below its own target in 0% of resamples, not 90%" in flag.headline


def test_flag_not_evaluable_when_c_suite_too_small() -> None:
    res = results_for(responses([("c_suite", 4, 3), ("middle_management", 2, 20)]))
    flag = lf.middle_management_flag(res)
    assert not flag.fires and not flag.evaluable and "not evaluable" in flag.headline


def test_targets_file_overrides_and_fallback() -> None:
    targets = lf.load_targets(INSTRUMENT)
    index = targets[targets["dimension"] == lf.INDEX].set_index("tier")["target"]
    for tier in lf.TIERS:  # bundled per-dimension targets average to the tier's labelled figure
        assert index[tier] == pytest.approx(lf.tier_target_figure(tier))
    over = lf.load_targets(INSTRUMENT, overrides={"board": 90})
    assert over.loc[over["tier"] == "board", "target"].eq(90).all()


# ---------------------------------------------------------------------------------------------------------
# Plan and adoption


def test_plan_costs_per_point() -> None:
    res = results_for(responses([("board", 3, 6), ("c_suite", 4, 6), ("middle_management", 2, 20)]))
    params = lf.LeadershipFluencyParams(headcount={"middle_management": 100})
    plan = lf.plan_table(params, res).set_index("intervention")
    academy = plan.loc["manager_academy"]
    assert academy["people"] == 100 and academy["total_cost_low"] == 300_000
    assert academy["cost_per_point_low"] == pytest.approx(3000 / 15)
    assert academy["cost_per_point_high"] == pytest.approx(5000 / 8)
    assert academy["recommended"] and not plan.loc["manager_rotations", "recommended"]
    assert academy["adoption_multiplier_now"] == pytest.approx((1 - 0.06) ** 4)  # gap 65 − 25 = 40
    assert plan.loc["board_briefings", "people"] == 10  # 6 respondents ÷ the 60 % response-rate assumption
    assert plan.loc["board_briefings", "people_source"].startswith("respondents ÷ 60%")
    assert not plan.loc["frontline_ai_literacy", "recommended"]  # no frontline respondents


# ---------------------------------------------------------------------------------------------------------
# Bad input files


def load(path: str) -> lf.Responses:
    return lf.load_responses(path, INSTRUMENT)


def problems(path: str) -> list[str]:
    with pytest.raises(ParamsError) as info:
        load(path)
    return info.value.problems


def test_good_file_with_bom_crlf_semicolons_and_case(tmp_path: Path) -> None:
    rows = [good_row(f"R{i:03d}", tier) for i, tier in enumerate(["Board", "C-Suite", "middle management"])]
    text = "\r\n".join([HEADER.upper().replace("RESPONDENT_ID", "respondent_id"), *rows]).replace(",", ";")
    path = tmp_path / "semi.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    resp = load(str(path))
    assert list(resp.tier) == ["board", "c_suite", "middle_management"] and resp.answers.shape == (3, 20)


def test_every_value_problem_reported_at_once_without_echoing_answers(tmp_path: Path) -> None:
    bad = good_row("R002").split(",")
    bad[3 + 6] = "7"  # q07 out of range
    bad[3 + 0] = "3.5"  # q01 fractional
    bad[3 + 1] = "abc"  # q02 text
    path = write_rows(
        tmp_path,
        [
            good_row("R001"),
            ",".join(bad),
            good_row("R003", "cxo"),
            good_row("R001"),
            good_row("", "board"),
            good_row("R005", ""),
        ],
    )
    lines = problems(path)
    text = "\n".join(lines)
    assert (
        f"{path}:3: column 'q07': expected a whole number 1–5 or an empty cell, got a number out of range"
        in lines
    )
    assert (
        f"{path}:3: column 'q01': expected a whole number 1–5 or an empty cell, got a fractional number"
        in lines
    )
    assert f"{path}:3: column 'q02': expected a whole number 1–5 or an empty cell, got text" in lines
    assert f"{path}:4: column 'tier': unknown label 'cxo'; expected one of board, c_suite" in text
    assert f"{path}:5: column 'respondent_id': duplicate ID (first on line 2)" in lines
    assert f"{path}:6: column 'respondent_id': blank; expected an ID" in text
    assert f"{path}:7: column 'tier': blank; expected one of" in text
    assert "3.5" not in text and "abc" not in text and "got 7" not in text and "R001" not in text


def test_header_problems(tmp_path: Path) -> None:
    header = HEADER.replace("tier,", "").replace(",q20", ",q99") + ",Q01"
    row = "R1,BU," + ",".join(["3"] * 19) + ",3,3"
    text = "\n".join(problems(write_rows(tmp_path, [row], header=header)))
    assert ":1: column 'tier': missing required column" in text
    assert ":1: column 'q20': missing item column" in text
    assert ":1: column 'q99': unknown column (expected respondent_id, tier" in text
    assert ":1: column 'Q01': appears more than once in the header (also column 3" in text


def test_ragged_rows_are_listed_with_lines(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path, [good_row("R1") + ",3", good_row("R2"), ",".join(good_row("R3").split(",")[:-2])]
    )
    text = "\n".join(problems(path))
    assert f"{path}:2: has 24 fields, expected 23" in text and f"{path}:4: has 21 fields, expected 23" in text


def test_ragged_row_with_quotes_uses_the_slow_path(tmp_path: Path) -> None:
    rows = [good_row("R1").replace("BU A", '"Sales, North"'), good_row("R2") + ",3"]
    text = "\n".join(problems(write_rows(tmp_path, rows)))
    assert ":3: has 24 fields" in text and ":2:" not in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"\n\n  \n", "empty file"),
        (HEADER.encode() + b"\n", "header only"),
        (b"PK\x03\x04rest-of-an-xlsx", "zip or Excel"),
        (gzip.compress(HEADER.encode(), mtime=0), "gzip"),
        (b"\xff\xfer\x00e\x00", "UTF-16"),
        (HEADER.encode() + b"\nR1,board,Caf\xe9," + b",".join([b"3"] * 20), "not UTF-8"),
        (HEADER.encode() + b"\nR1,board\x00", "NUL"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "responses.csv"
    path.write_bytes(content)
    assert expected in "\n".join(problems(str(path)))


def test_many_bad_rows_are_capped(tmp_path: Path) -> None:
    rows = [good_row(f"R{i}", answer="9") for i in range(50)]  # 20 items out of range on each of 50 rows
    lines = problems(write_rows(tmp_path, rows))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[-1].endswith(
        f": … and {50 * 20 - MAX_PROBLEMS:,} more problems (first {MAX_PROBLEMS} shown)"
    )


def test_instrument_shape_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "instrument.csv"
    path.write_text(
        "item_id,dimension,text,reverse_coded\nq1,a,x,maybe\nq1,a,y,false\ntier,b,z,true\n", encoding="utf-8"
    )
    with pytest.raises(ParamsError) as info:
        lf.load_instrument(str(path))
    text = str(info.value)
    assert ":2: column 'reverse_coded'" in text and ":3: column 'item_id': duplicate" in text
    assert ":4: column 'item_id': a reserved" in text and "dimension 'b': has 1 item" in text


def test_custom_instrument_falls_back_to_tier_targets(tmp_path: Path) -> None:
    path = tmp_path / "instrument.csv"
    path.write_text(
        "item_id,dimension,text,reverse_coded\na1,alpha,x,false\na2,alpha,y,true\n", encoding="utf-8"
    )
    instrument = lf.load_instrument(str(path))
    targets = lf.load_targets(instrument)
    assert (
        targets.loc[(targets["tier"] == "board") & (targets["dimension"] == "alpha"), "target"].item() == 70
    )


# ---------------------------------------------------------------------------------------------------------
# Synthetic data, parameters, notebook contract


def test_synthetic_survey_regenerates_identically(tmp_path: Path) -> None:
    out = fluency_sample.write_synthetic_responses(tmp_path / "sample.csv")
    assert out.read_bytes() == lf.SAMPLE_RESPONSES_FILE.read_bytes()
    frame = pd.read_csv(out, dtype=str)
    assert frame["respondent_id"].str.startswith("SYN-R").all()
    assert frame["business_unit"].str.startswith("Synthetic BU").all()


def test_synthetic_middle_management_lowest_on_some_dimensions() -> None:
    params = lf.LeadershipFluencyParams()
    inputs = lf.load_inputs(params)
    res = lf.tier_results(lf.score_responses(inputs.responses, INSTRUMENT), inputs.targets, 5, 200, 1)
    flag = lf.middle_management_flag(res)
    assert flag.fires and {"use_case_evaluation", "change_leadership"} <= set(flag.lowest_dimensions)


def test_params_defaults_file_and_cell_agree() -> None:
    model = lf.LeadershipFluencyParams
    loaded = load_params_file(ROOT / "params/leadership_fluency/default.yaml")
    assert validate_params(model, loaded, "default").model_dump(mode="json") == defaults(model)
    first = (ROOT / "params/leadership_fluency/default.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# description:")
    for field in model.model_fields.values():
        assert field.description and "=" not in field.description and "\n" not in field.description
    nb = json.loads((ROOT / "notebooks/leadership_fluency.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1 and "".join(cells[0]["source"]) == parameters_cell(model)
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "def " not in code and "class " not in code
    assert "artifacts.metrics(" in "".join(nb["cells"][-1]["source"])


def test_params_are_validated() -> None:
    with pytest.raises(ParamsError) as info:
        validate_params(
            lf.LeadershipFluencyParams,
            {"targets": {"ceo": 80}, "responses_csv": "no/such/file.csv", "min_group_size": 1},
            "x.yaml",
        )
    text = str(info.value)
    assert "key 'targets'" in text and "key 'responses_csv'" in text and "key 'min_group_size'" in text


def test_organisation_name_is_escaped_in_html() -> None:
    from talentlib.report import findings_html

    params = lf.LeadershipFluencyParams(organisation_name="R&D <script>alert(1)</script>")
    inputs = lf.load_inputs(params)
    markup = findings_html([lf.run_notice(params, inputs)])
    assert "<script>" not in markup and "R&amp;D &lt;script&gt;" in markup


@pytest.mark.notebook
def test_notebook_runs_default_and_public_data(tmp_path: Path) -> None:
    from talentlib import runner

    plans = [runner.plan_scenario(s, notebooks=["leadership_fluency"]) for s in ("default", "public_data")]
    outcomes = runner.run_plans(plans, out_root=tmp_path, jobs=2)
    assert [o.status for o in outcomes] == ["succeeded", "succeeded"], [
        r.error for o in outcomes for r in o.results
    ]
    for scenario in ("default", "public_data"):
        folder = tmp_path / scenario / "leadership_fluency"
        for artifact in lf.SPEC.artifacts:
            assert (folder / artifact).is_file(), artifact
        tiers = pd.read_csv(folder / "tables/tier_scores.csv")
        assert list(tiers.columns) == [
            "tier",
            "dimension",
            "n",
            "score",
            "ci_low",
            "ci_high",
            "ci_method",
            "target",
            "gap",
        ]
        assert set(tiers["ci_method"]) == {"t", "BCa bootstrap"}  # small tiers get t, large ones BCa
        reliability = pd.read_csv(folder / "tables/reliability.csv")
        assert list(reliability.columns) == [
            "tier",
            "dimension",
            "n",
            "alpha",
            "alpha_ci_low",
            "alpha_ci_high",
            "omega",
            "flagged",
        ]
        assert "all" in set(reliability["tier"]) and reliability["n"].dropna().ge(5).all()
        plan = pd.read_csv(folder / "tables/plan.csv")
        assert {"gap_before", "gain_p50", "gap_after", "cost_per_point"} <= set(plan.columns)
        html = (folder / "leadership_fluency.html").read_text(encoding="utf-8")
        assert "SYN-R0" not in html  # no respondent ids in the report
    default = json.loads((tmp_path / "default/leadership_fluency/metrics.json").read_text())
    strict = json.loads((tmp_path / "public_data/leadership_fluency/metrics.json").read_text())
    assert default["middle_management_flag"] is True and strict["middle_management_flag"] is True
    assert default["index_middle_management"] == pytest.approx(43.0, abs=0.01)
    assert default["index_middle_management"] < default["index_c_suite"]
    assert default["low_reliability_dimensions"] == []
    assert strict["low_reliability_dimensions"]  # alpha threshold 0.8 flags the weaker scales
    assert strict["target_by_tier"]["middle_management"] == 75
    assert strict["adoption_multiplier"] < default["adoption_multiplier"] < 1
    assert set(default["weakest_dimension"]) == {"board", "c_suite", "middle_management", "frontline"}


def test_recommendations_quote_the_run_numbers() -> None:
    params = lf.LeadershipFluencyParams(adoption_effect=0.06, headcount={"board": 12})
    metrics = {
        "index_by_tier": {"board": 58.4, "c_suite": 61.1, "middle_management": 43.0},
        "middle_management_flag": True,
        "middle_management_gap": 22.0,
        "c_suite_gap": 13.9,
        "largest_gap_dimension": {"middle_management": "change_leadership"},
        "recommended_interventions": ["manager_academy", "board_briefings"],
        "people_by_tier": {"middle_management": 233, "board": 12},
        "plan_gap_after": {"middle_management": 10.5, "board": -1.0},
        "plan_total_cost_low": 442_000.0,
        "plan_total_cost_high": 766_000.0,
        "adoption_multiplier": 0.94**2.2,
        "reliability_flagged_by_tier": {"c_suite": ["risk_governance"]},
        "noncomparable_dimensions": {"strategy_value": "why"},
    }
    assert lf.recommendations(metrics, params) == [
        "Start the fluency programme with middle management: it is 22.0 points under its own target, against the "
        "C-suite's +13.9 to its own; its largest gap is in change leadership and adoption.",
        "Fund manager academy, board briefings ($442K–$766K in total for the tiers' headcount): the lowest cost per "
        "point of gap closed in each tier below target (see the plan table). They leave middle management 10.5 "
        "points short of target at the p50 gain: plan a second step or a longer programme there.",
        "Set the headcount of middle management: their cost assumes the respondents are 60% of the tier (labelled "
        "assumption).",
        "Expect AI tools to reach about 87% of their planned adoption until middle management closes its gap "
        "(labelled assumption: 6% of adoption lost per 10 points).",
        "Revise the survey items of risk and governance before acting on those scores: their scales fall below the "
        "reliability threshold in at least one reported group.",
        "Do not rank tiers on AI strategy and value until the invariance screen passes (more respondents per tier, or "
        "revised items).",
    ]
    quiet = metrics | {
        "middle_management_flag": False,
        "recommended_interventions": [],
        "adoption_multiplier": 1.0,
        "reliability_flagged_by_tier": {},
        "noncomparable_dimensions": {},
    }
    assert lf.recommendations(quiet, params) == []


# ---------------------------------------------------------------------------------------------------------
# Prose follows the run: sources, thresholds and verdicts computed, never the default scenario's


def caption(chart: Chart) -> str:
    """A chart's caption, its figure closed."""
    from talentlib.plots import plt

    plt.close(chart.fig)
    return chart.caption


def test_captions_name_where_the_targets_came_from() -> None:
    res = results_for(responses([("c_suite", 4, 6), ("middle_management", 2, 20)]))
    assert "targets: talentlib assumptions (fluency_targets.csv)" in caption(charts.heatmap_chart(res))
    assert "Targets are labelled assumptions." in caption(charts.gap_chart(res))
    scores = lf.score_responses(responses([("c_suite", 4, 6), ("middle_management", 2, 20)]), INSTRUMENT)
    over = lf.tier_results(
        scores, lf.load_targets(INSTRUMENT, overrides=dict.fromkeys(lf.TIERS, 80)), 5, 200, 1
    )
    for text in (caption(charts.heatmap_chart(over)), caption(charts.gap_chart(over))):
        assert "targets parameter" in text and "talentlib assumptions" not in text
    assert "Targets are labelled assumptions." not in caption(charts.gap_chart(over))
    assert "at least 5 respondents" in caption(charts.distribution_chart(over))


def test_captions_name_the_responses_file() -> None:
    resp = responses([("c_suite", 4, 6)])
    own = lf.Responses(resp.tier, resp.business_unit, resp.answers, source="exports/survey.csv")
    assert "Your responses file survey.csv" in caption(charts.heatmap_chart(results_for(own)))
    bundled = lf.load_responses("", INSTRUMENT)
    assert "Bundled synthetic survey" in narrative.responses_label(bundled.source)


def test_findings_when_every_tier_meets_target_or_none_is_reported() -> None:
    params = lf.LeadershipFluencyParams()
    res = results_for(responses([("c_suite", 5, 6), ("middle_management", 5, 20)]))
    rel = lf.tier_reliability_table(lf.load_responses("", INSTRUMENT), INSTRUMENT, 5)
    text = lf.findings(res, rel, lf.middle_management_flag(res), params)
    assert "All 2 reported tiers meet their targets." in text
    assert not any("below target;" in line for line in text)
    tiny = results_for(responses([("c_suite", 4, 3)]))
    text = lf.findings(tiny, rel, lf.middle_management_flag(tiny), params)
    assert text[0].startswith("Every score, reliability and interval here rests on bundled synthetic survey")
    assert text[1].startswith("No tier has 5 or more respondents")
    assert "middle management and C-suite have fewer than 5" in text[-1]


def test_unknown_alpha_is_said_so_not_printed_as_nan() -> None:
    nan = np.nan
    rel = pd.DataFrame(
        {
            "tier": ["all"],
            "dimension": ["risk_governance"],
            "n": pd.array([6], dtype="Int64"),
            "alpha": [nan],
            "alpha_ci_low": [nan],
            "alpha_ci_high": [nan],
            "omega": [nan],
            "flagged": [True],
            "n_items": [4],
            "suppressed": [False],
        }
    )
    res = results_for(responses([("c_suite", 4, 6)]))
    text = lf.findings(res, rel, lf.middle_management_flag(res), lf.LeadershipFluencyParams())
    assert any("all respondents: risk and governance (α not computable, n 6)" in line for line in text)
    assert lf.display_reliability(rel, 0.7, 5)["verdict"].iloc[0].startswith("not computable")


# ---------------------------------------------------------------------------------------------------------
# Psychometrics per tier (issue 19): Feldt interval, ω, small-group intervals, the plan's residual gap, the flag

# Five respondents, three items. Covariance matrix × 4 (i.e. × (n − 1)) = [[10, 6, 1], [6, 8, 1], [1, 1, 4]].
TINY = np.array([[5, 4, 5], [4, 1, 4], [1, 1, 5], [3, 3, 3], [2, 1, 3]], dtype=float)


def test_feldt_interval_hand_worked() -> None:
    # α = 3/2 · (1 − (10 + 8 + 4)/38) = 12/19. Feldt with df (n − 1, (n − 1)(k − 1)) = (4, 8); F-table values
    # F(0.975; 4, 8) = 5.053 and F(0.025; 4, 8) = 1 / F(0.975; 8, 4) = 1 / 8.980.
    alpha, n = lf.cronbach_alpha(TINY)
    assert alpha == pytest.approx(12 / 19) and n == 5
    low, high = lf.feldt_interval(alpha, n, 3, 0.95)
    assert low == pytest.approx(1 - (7 / 19) * 5.053, abs=1e-3)
    assert high == pytest.approx(1 - (7 / 19) / 8.980, abs=1e-3)
    assert low < alpha < high
    assert all(np.isnan(v) for v in lf.feldt_interval(float("nan"), 5, 3))


def test_omega_hand_worked_for_three_items() -> None:
    # Three items identify one factor exactly: λᵢ² = σᵢⱼ σᵢₖ / σⱼₖ (covariances ÷ 4):
    # λ₁² = (6/4)(1/4)/(1/4) = 3/2, λ₂² = 3/2, λ₃² = (1/4)(1/4)/(6/4) = 1/24; the model fits exactly, so
    # ω = (Σλ)² / variance of the total = (2√1.5 + √(1/24))² / (38/4).
    expected = (2 * math.sqrt(1.5) + math.sqrt(1 / 24)) ** 2 / 9.5
    assert lf.mcdonald_omega(TINY) == pytest.approx(expected, abs=1e-8)
    std = lf.one_factor_loadings(TINY)  # standardised: λᵢ / sᵢ
    np.testing.assert_allclose(std, [math.sqrt(1.5 / 2.5), math.sqrt(1.5 / 2), math.sqrt(1 / 24)], atol=1e-6)
    # Parallel items (equal loadings and unique variances): ω equals α.
    rng = np.random.default_rng(4)
    trait = rng.normal(size=(5000, 1))
    parallel = trait + rng.normal(size=(5000, 4))
    assert lf.mcdonald_omega(parallel) == pytest.approx(lf.cronbach_alpha(parallel)[0], abs=0.01)


def test_per_tier_alpha_equals_pooled_on_a_single_tier_file() -> None:
    rng = np.random.default_rng(8)
    trait = rng.normal(size=(60, 1))
    answers = np.clip(np.rint(3 + trait + rng.normal(scale=0.9, size=(60, len(ITEMS)))), 1, 5)
    answers = np.where(INSTRUMENT.reverse, 6 - answers, answers)
    answers[rng.random(answers.shape) < 0.03] = np.nan
    resp = lf.Responses(
        tier=np.array(["middle_management"] * 60, dtype=object),
        business_unit=np.array(["BU"] * 60, dtype=object),
        answers=answers,
    )
    table = lf.tier_reliability_table(resp, INSTRUMENT, 5)
    pooled = table[table["tier"] == "all"].set_index("dimension")
    tier = table[table["tier"] == "middle_management"].set_index("dimension")
    pd.testing.assert_frame_equal(pooled.drop(columns="tier"), tier.drop(columns="tier"))
    old = lf.reliability_table(resp, INSTRUMENT).set_index("dimension")
    np.testing.assert_allclose(pooled["alpha"], old["alpha"])  # the pooled formula, listwise per dimension
    assert list(table.columns[:8]) == [
        "tier", "dimension", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "flagged",
    ]  # fmt: skip


def test_small_tiers_are_suppressed_and_flagged_per_tier() -> None:
    rng = np.random.default_rng(2)
    good = np.clip(np.rint(3 + rng.normal(size=(40, 1)) + rng.normal(scale=0.6, size=(40, len(ITEMS)))), 1, 5)
    noise = rng.integers(1, 6, size=(30, len(ITEMS))).astype(float)  # unrelated answers: α near 0
    answers = np.where(
        INSTRUMENT.reverse, 6 - np.vstack([good, noise, good[:3]]), np.vstack([good, noise, good[:3]])
    )
    tiers = ["frontline"] * 40 + ["middle_management"] * 30 + ["board"] * 3
    resp = lf.Responses(np.array(tiers, dtype=object), np.array(["BU"] * 73, dtype=object), answers)
    table = lf.tier_reliability_table(resp, INSTRUMENT, 5)
    board = table[table["tier"] == "board"]
    assert board["suppressed"].all() and board["alpha"].isna().all() and board["n"].isna().all()
    assert not board["flagged"].any()
    assert table.loc[table["tier"] == "middle_management", "flagged"].all()
    assert not table.loc[table["tier"] == "frontline", "flagged"].any()
    assert set(narrative.flagged_scales(table)) >= {"middle_management"}


def test_bca_matches_scipy_bootstrap_on_the_same_distribution() -> None:
    from scipy import stats

    rng = np.random.default_rng(12)
    values = np.rint(rng.gamma(2.0, 8.0, size=45))  # skewed, few distinct values, like tier scores
    draws = lf.bootstrap_means(values, 4000, np.random.default_rng(3))

    class Previous:
        bootstrap_distribution = draws

    ref = stats.bootstrap(
        (values,), np.mean, n_resamples=0, bootstrap_result=Previous(), method="BCa", confidence_level=0.95
    )
    low, high = lf.bca_interval(values, draws, 0.95)
    assert low == pytest.approx(ref.confidence_interval.low, rel=1e-12)
    assert high == pytest.approx(ref.confidence_interval.high, rel=1e-12)
    # Seeded: the same seed gives the same interval in the tier table.
    r1 = results_for(responses([("middle_management", 2, 30), ("middle_management", 4, 15)]), seed=5)
    r2 = results_for(responses([("middle_management", 2, 30), ("middle_management", 4, 15)]), seed=5)
    pd.testing.assert_frame_equal(r1.table, r2.table)
    assert r1.ci_method("middle_management") == "BCa bootstrap"


def test_small_groups_get_a_t_interval_wider_than_the_percentile_bootstrap() -> None:
    from scipy import stats

    values = np.array([40.0, 45.0, 50.0, 55.0, 60.0, 62.5, 70.0, 75.0, 35.0, 52.5])
    low, high = lf.t_interval(values, 0.95)
    half = stats.t.ppf(0.975, 9) * values.std(ddof=1) / math.sqrt(10)
    assert (low, high) == pytest.approx((values.mean() - half, values.mean() + half))
    draws = lf.bootstrap_means(values, 20000, np.random.default_rng(1))
    p_low, p_high = np.percentile(draws, [2.5, 97.5])
    assert high - low > p_high - p_low
    res = results_for(responses([("board", 3, 6), ("c_suite", 4, 8)]))
    assert res.ci_method("board") == "t" and res.ci_method("c_suite") == "t"


def test_residual_gap_is_target_minus_score_plus_gain() -> None:
    res = results_for(responses([("board", 3, 6), ("c_suite", 4, 6), ("middle_management", 2, 20)]))
    params = lf.LeadershipFluencyParams(headcount={"middle_management": 100})
    plan = lf.plan_table(params, res).set_index("intervention")
    assert plan.loc["frontline_ai_literacy", ["gap_before", "gap_after", "cost_per_point"]].isna().all()
    for key, row in plan.drop(index="frontline_ai_literacy").iterrows():  # no frontline respondents
        assert row["gap_after"] == pytest.approx(row["target"] - (row["index_now"] + row["gain_p50"])), key
        assert row["gap_before"] == pytest.approx(row["target"] - row["index_now"])
    academy = plan.loc["manager_academy"]  # index 25, target 65, uplift 8–15 → p50 11.5
    assert academy["gain_p50"] == pytest.approx(11.5) and academy["gap_after"] == pytest.approx(65 - 36.5)
    assert (academy["gain_low"], academy["gain_high"]) == (8.0, 15.0)
    assert academy["cost_per_point"] == pytest.approx(
        100 * 4000 / 11.5
    )  # 100 people × mid cost ÷ points closed
    board = plan.loc[
        "board_briefings"
    ]  # index 50, target 70, 10 people (6 ÷ 0.6), gain 7.5 of a 20-point gap
    assert board["cost_per_point"] == pytest.approx(10 * 4000 / 7.5)
    assert lf.residual_gaps(lf.plan_table(params, res))["middle_management"] == pytest.approx(28.5)


def test_flag_follows_own_targets_when_raw_and_target_relative_readings_disagree() -> None:
    rng = np.random.default_rng(0)

    def tier_answers(level: float, n: int) -> np.ndarray:
        coded = np.clip(np.rint(level + rng.normal(scale=0.7, size=(n, len(ITEMS)))), 1, 5)
        return np.where(INSTRUMENT.reverse, 6 - coded, coded)

    def run(mm_level: float, cs_level: float, targets: dict[str, float]) -> lf.ManagementFlag:
        answers = np.vstack([tier_answers(mm_level, 60), tier_answers(cs_level, 40)])
        tiers = np.array(["middle_management"] * 60 + ["c_suite"] * 40, dtype=object)
        resp = lf.Responses(tiers, np.array(["BU"] * 100, dtype=object), answers)
        scores = lf.score_responses(resp, INSTRUMENT)
        res = lf.tier_results(scores, lf.load_targets(INSTRUMENT, overrides=targets), 5, 1000, 3)
        return lf.middle_management_flag(res, 0.9)

    # Raw: middle management (~50) far below the C-suite (~75); but its target is 55 and the C-suite's 95,
    # so middle management's gap (~5) is smaller than the C-suite's (~20): target-relative, no bottleneck.
    flag = run(3.0, 4.0, {"middle_management": 55, "c_suite": 95})
    assert flag.comparison.below_c_suite and not flag.comparison.gap_larger
    assert not flag.fires and flag.comparison.readings_disagree
    assert any("disagrees with the target-relative reading" in line for line in flag.evidence)
    # Raw: middle management (~75) above the C-suite (~70); but its target is 95 against the C-suite's 72.
    flag = run(4.0, 3.8, {"middle_management": 95, "c_suite": 72})
    assert not flag.comparison.below_c_suite and flag.comparison.gap_larger
    assert flag.fires and flag.comparison.readings_disagree and "FIRES" in flag.headline
    # A difference that holds in fewer than 90 % of resamples does not raise the flag.
    near = run(3.0, 3.0, {"middle_management": 70, "c_suite": 70})
    assert near.comparison.prob_below_target >= 0.9 and near.comparison.prob_gap_larger < 0.9
    assert not near.fires


def test_invariance_screen_marks_a_dimension_that_means_different_things() -> None:
    rng = np.random.default_rng(6)
    trait = rng.normal(size=(300, 1))
    coherent = np.clip(np.rint(3 + trait + rng.normal(scale=0.6, size=(300, len(ITEMS)))), 1, 5)
    broken = coherent[150:].copy()
    strategy = INSTRUMENT.item_positions("strategy_value")
    broken[:, strategy[:2]] = rng.integers(1, 6, size=(150, 2))  # two items unrelated to the rest in one tier
    answers = np.vstack([coherent[:150], broken])
    answers = np.where(INSTRUMENT.reverse, 6 - answers, answers)
    tiers = np.array(["middle_management"] * 150 + ["frontline"] * 150, dtype=object)
    resp = lf.Responses(tiers, np.array(["BU"] * 300, dtype=object), answers)
    screen = lf.invariance_screen(resp, INSTRUMENT, 5)
    assert set(screen["tier"]) == {"middle_management", "frontline"}
    noncomparable = lf.noncomparable_dimensions(screen)
    assert list(noncomparable) == ["strategy_value"]
    assert "Tiers cannot be compared on 1 dimension(s)" in lf.invariance_finding(noncomparable)
    assert "tiers may be compared" in lf.invariance_finding({})
