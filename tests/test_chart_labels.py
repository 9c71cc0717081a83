"""Every text a chart shows goes through the one label map: no ``ai_ml_engineer``, ``non coastal`` or ``mid`` tick.

The charts of market sizing, compensation and strategy ROI are built on the default scenario's library results
(the model and chart functions called directly, no kernel), and every matplotlib ``Text`` of every figure — tick
labels, legend entries and titles, axis labels, titles, suptitles, annotations — is read back.

A raw key is any key of ``talentlib/data/labels.csv`` whose label differs from it, in three shapes:

* a whole text equal to the key (a tick ``mid`` where the map says ``Mid``);
* a part of a text (split at ``:``, ``;``, ``,``, brackets, new lines) equal to the key or to the key with spaces
  for underscores, unless that is how the label reads inside a sentence (``hire: attrition``; but ``coastal`` in
  ``article band (coastal)`` reads as a sentence should);
* a key of several words (``ai_ml_engineer``, ``non coastal``, ``c suite``) anywhere in a text, unless it is the
  label or its in-sentence form (``middle management``).

Any snake_case word (``total_comp``) is a raw key too, whether or not the map knows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from matplotlib.text import Text

from talentlib import compensation as cp
from talentlib import market_sizing as ms
from talentlib import runner
from talentlib import strategy_roi as sr
from talentlib.labels import in_sentence, label_map
from talentlib.plots import plt
from talentlib.report import Chart

SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-])")
PARTS = re.compile(r"[:;,()\[\]\n]")


def _default(name: str, model: type) -> object:
    """The default scenario's parameters of a notebook, as the runner plans them."""
    [plan] = runner.plan_scenario("default", [name]).notebooks
    return model(**{k: v for k, v in plan.params.items() if k in model.model_fields})


def market_sizing_charts() -> Iterator[Chart]:
    params = _default("market_sizing", ms.MarketSizingParams)
    projection = ms.projection_table(ms.simulate(params))
    tornado, base = ms.tornado_table(params)
    yield ms.fan_chart(projection, params)
    yield ms.gap_chart(projection, params)
    yield ms.tornado_chart(tornado, base, params)
    yield ms.persistence_chart(ms.persistence_sensitivity(params), params)


def compensation_charts() -> Iterator[Chart]:
    params = _default("compensation", cp.CompensationParams)
    employees = cp.load_employees(params)
    survey_bands = cp.survey_bands(cp.load_survey(), params.min_group_size)
    countries = list(employees.loc[employees["location_tier"] == "international", "country"])
    geo = cp.geo_factors(params, countries)
    bands = cp.market_bands(params, cp.base_bands(params, survey_bands), geo=geo)
    comp_all = cp.compa_table(employees, cp.bands_for_year(bands, params.pay_year), params.pay_measure)
    comp = comp_all[comp_all["has_band"]]
    yield cp.band_chart(bands, params)
    yield cp.survey_chart(survey_bands, bands, params)
    yield cp.compa_distribution_chart(comp, params)
    yield cp.heatmap_chart(comp, params)
    yield cp.cost_chart(cp.cost_to_market(comp, params.min_group_size), params)
    yield cp.forward_chart(cp.forward_view(comp, params), params)
    yield cp.compression_chart(cp.compression(employees, params, geo), params)


def strategy_roi_charts() -> Iterator[Chart]:
    params, _ = sr.linked_inputs(_default("strategy_roi", sr.StrategyRoiParams))
    econ = sr.simulate(params)
    problem = sr.portfolio_problem(econ, params)
    chosen = sr.optimise(problem, params.capacity_target_fte, params.budget)
    portfolio = sr.out_of_sample(chosen, sr.fresh_simulation(params), params.capacity_target_fte)
    yield sr.npv_chart(sr.strategy_table(econ), params)
    yield sr.tornado_chart(sr.tornado_table(params), params)
    yield sr.frontier_chart(sr.frontier(problem), portfolio, params)
    yield sr.org_chart(sr.org_model_table(params))


BUILDERS: dict[str, tuple[Callable[[], Iterator[Chart]], int, str]] = {
    # analysis: (chart builder, charts expected, a label its charts must show)
    "market_sizing": (market_sizing_charts, 4, "AI/ML engineer"),
    "compensation": (compensation_charts, 7, "Non-coastal"),
    "strategy_roi": (strategy_roi_charts, 4, "Hire (standard process): cost per hire"),
}


def raw_keys(text: str) -> list[str]:
    """The raw keys (see the module docstring) in one chart text."""
    found = SNAKE.findall(text)
    for key, shown in label_map().items():
        if key == shown:
            continue
        allowed = {shown, in_sentence(key)}
        forms = {key, key.replace("_", " ")} - allowed
        if text.strip() in forms | {key}:
            found.append(text.strip())
            continue
        parts = {part.strip() for part in PARTS.split(text)}
        found.extend(form for form in forms if form in parts)
        for form in (f for f in forms if " " in f or "_" in f):
            if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                found.append(form)
    return sorted(set(found))


def chart_texts(fig: object) -> list[str]:
    """Every non-empty text of a figure: ticks, legends, axis labels, titles, suptitle, annotations."""
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_chart_texts_show_labels_not_keys(name):
    build, expected, shown = BUILDERS[name]
    charts = list(build())
    assert len(charts) == expected
    offenders = {}
    texts: list[str] = []
    for chart in charts:
        found = {text: raw_keys(text) for text in chart_texts(chart.fig)}
        texts.extend(found)
        found = {text: keys for text, keys in found.items() if keys}
        if found:
            offenders[chart.name] = found
        plt.close(chart.fig)  # closed, not just cleared: pyplot keeps every open figure of the worker
    assert not offenders, f"{name}: chart texts showing keys instead of labels: {offenders}"
    assert shown in texts, f"{name}: its charts never show the label {shown!r}"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("ai_ml_engineer", ["ai_ml_engineer"]),
        ("ai ml engineer: base demand/supply ratio (1×–5×)", ["ai ml engineer"]),
        ("non coastal", ["non coastal"]),
        ("mid", ["mid"]),
        ("hire: attrition", ["hire"]),
        ("ai research scientist mid", ["ai research scientist"]),
        ("c suite", ["c suite"]),
        ("total_comp, USD/yr (2026)", ["total_comp"]),
        ("AI/ML engineer", []),
        ("Mid", []),
        ("Non-coastal", []),
        ("article band (coastal)", []),
        ("cost per hire", []),
        ("Hire (standard process): pay", []),
        ("the gap in middle management", []),
        ("band midpoint", []),
        ("tables/tornado.csv", []),
    ],
)
def test_the_raw_key_check_finds_keys_and_passes_labels(text, keys):
    assert raw_keys(text) == sorted(keys)
