# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # AI talent market sizing
#
# **Question:** how fast does the gap between demand for and supply of AI talent grow, role by role, and how sure are we?
#
# The article this suite starts from claims demand for AI talent grows 40–60 % a year while supply grows 15–20 %. This notebook
# starts from the number of people in each role today (BLS OEWS employment through a role crosswalk), reads each role's rates
# from the article's own words, lets today's rates fade toward BLS long-run projections, and runs a seeded Monte Carlo, in
# people. It puts the result beside public statistics and audits the article's claims.
# Every number below is computed in `talentlib.market_sizing`; every input is sourced or labelled as an assumption.
#
# *Analysts:* edit the parameters cell (or run with `talentlib run --set market_sizing.KEY=VALUE`), then *Run All*.
# The what-if section at the end has live sliders in JupyterLab.

# %% tags=["parameters"]
output_dir: str = ""  # folder for the artifacts of this run; empty means outputs/adhoc/<notebook>
base_year: int = 2026  # first year of the projection (year 0)
horizon_years: int = 5  # years projected past base_year
simulations: int = 10000  # Monte Carlo draws
seed: int = 2026  # random seed (same seed, same results)
unit: str = "people"  # unit of the base levels (people, or e.g. requisitions)
geography: str = "United States"  # where the base levels are counted
growth_draw: str = "per_simulation"  # draw each growth rate once per simulation or afresh every year
growth_correlation: float = 0.5  # correlation of growth draws across roles (0 independent, 1 identical)
persistence: list = [
    0.6,
    0.9,
]  # share of today's excess growth kept each year [low, high] (1 never fades, 0 long-run at once)
# role key -> {supply, demand_ratio or demand, demand_growth: [low, high], supply_growth: [low, high], long_run_growth: [low, high]}
roles: dict = {
    "ai_ml_engineer": {
        "supply": 90003.0,
        "demand": None,
        "demand_ratio": 1.3,
        "demand_growth": [0.4, 0.5],
        "supply_growth": [0.15, 0.2],
        "long_run_growth": [0.0117, 0.0317],
    },
    "data_engineer": {
        "supply": 93760.0,
        "demand": None,
        "demand_ratio": 1.2,
        "demand_growth": [0.5, 0.6],
        "supply_growth": [0.15, 0.2],
        "long_run_growth": [0.0096, 0.0296],
    },
    "mlops_engineer": {
        "supply": 16879.0,
        "demand": None,
        "demand_ratio": 1.4,
        "demand_growth": [0.4, 0.6],
        "supply_growth": [0.15, 0.2],
        "long_run_growth": [0.0058, 0.0258],
    },
    "ai_product_manager": {
        "supply": 13411.0,
        "demand": None,
        "demand_ratio": 1.3,
        "demand_growth": [0.4, 0.6],
        "supply_growth": [0.15, 0.17],
        "long_run_growth": [0.0, 0.0131],
    },
    "ai_research_scientist": {
        "supply": 23849.0,
        "demand": None,
        "demand_ratio": 1.5,
        "demand_growth": [0.4, 0.6],
        "supply_growth": [0.15, 0.2],
        "long_run_growth": [0.0106, 0.0306],
    },
}

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly.

# %%
from talentlib import market_sizing as ms
from talentlib import reference, report
from talentlib.params import notebook_params

params = notebook_params(ms.MarketSizingParams, globals())
artifacts = report.Artifacts.for_notebook(params)
report.show_table(
    ms.inputs_table(params),
    caption=f"Inputs of this run, levels in {params.unit} ({params.geography}). Demand = people employers want in the role "
    "(filled jobs plus openings); supply = people working in or available for it. Today's growth rates are annual fractions "
    "drawn uniformly on [low, high]; they fade toward the long-run rate.",
    formats=ms.TABLE_FORMATS,
)

# %% [markdown]
# ### Where the default base levels and role inputs come from
#
# Base supply is BLS OEWS May 2025 employment (United States) split into the five roles by a crosswalk of SOC occupations;
# the shares are our assumptions, each with its reason. Each occupation keeps an `other` row, so the persons of an
# occupation add up to the BLS total it cites. Role inputs are read from the article's own words, quoted beside our reading.
# The CC0 survey's title mix does not set the shares (it counts respondents and listings, not jobs); it is shown as a check.

# %%
crosswalk = ms.crosswalk_table()
artifacts.table("crosswalk", crosswalk)
report.show_table(
    crosswalk,
    caption="Role ← SOC occupation crosswalk: persons = share × BLS OEWS May 2025 employment (public.1, 7, 13, 17); shares are our assumptions.",
    formats=ms.TABLE_FORMATS,
)
report.show_table(
    ms.role_defaults_table(),
    caption="Default role inputs: the article's words (quote) and our reading of them. Ratios are our assumptions; the article gives only an order of scarcity.",
)
report.show_table(
    ms.survey_mix_check(),
    caption="Check, not an input: each role's share of the five roles in the crosswalk (persons) and among US-resident 2024 rows of the CC0 aijobs.net survey (counts only).",
    formats=ms.TABLE_FORMATS,
)

# %% [markdown]
# ## 1. Projection
#
# Each simulation draws every role's demand and supply growth for today (once per simulation by default: the ranges describe an
# uncertain structural rate, not yearly noise), lets both fade toward the role's long-run rate at the simulation's persistence,
# compounds the base levels, and sums the roles **per simulation** for the total.

# %%
sim = ms.simulate(params)
projection = ms.projection_table(sim)
metrics = ms.metrics(sim, params)
findings = ms.findings(metrics, params)
artifacts.table("projection", projection)
report.show_findings(findings, title="Headline")
report.show_table(
    ms.horizon_rows(projection),
    caption=f"Per role at {metrics['horizon_year']}: coverage (supply ÷ demand) and gap in {params.unit}; P10/P50/P90 across simulations.",
    formats=ms.TABLE_FORMATS,
)
fan = ms.fan_chart(projection, params)
artifacts.chart(fan)
artifacts.chart(ms.gap_chart(projection, params))
report.show_table(
    ms.total_rows(projection),
    caption=f"Total over roles in {params.unit}; P10/P50/P90 across simulations.",
    formats=ms.TABLE_FORMATS,
)

# %% [markdown]
# ## 2. Sensitivity
#
# Which input moves the horizon gap most? Each driver — every role's base demand/supply ratio, today's growth ranges and
# long-run rate, the persistence and the correlation — is set to its low and high end with everything else as in this run,
# re-simulated with the same seed. The tables below then move the base ratio in every role at once (up to the article's
# "3–5x") and hold the persistence at fixed values.

# %%
tornado, tornado_base = ms.tornado_table(params)
artifacts.table("tornado", tornado)
artifacts.chart(ms.tornado_chart(tornado, tornado_base, params))
base_levels = ms.base_level_sensitivity(params)
artifacts.table("base_level_sensitivity", base_levels)
report.show_table(
    base_levels,
    caption=f"Horizon gap ({params.unit}) if base-year demand were this multiple of supply in every role (same seed, {min(params.simulations, ms.SWEEP_SIMULATIONS):,} simulations per row); 5x is the article's upper 'factor'.",
    formats=ms.TABLE_FORMATS,
)
persistence_table = ms.persistence_sensitivity(params)
artifacts.table("persistence_sensitivity", persistence_table)
artifacts.chart(ms.persistence_chart(persistence_table, params))
report.show_table(
    persistence_table,
    caption=f"Horizon gap ({params.unit}) with persistence held at each value (same seed, {min(params.simulations, ms.SWEEP_SIMULATIONS):,} simulations per row): 0 = long-run rates from year 1, 1 = today's rates never fade.",
    formats=ms.TABLE_FORMATS,
)

# %% [markdown]
# ## 3. Reality check and claims audit
#
# The article is a vendor blog. Here its growth ranges sit beside public series (BLS 10-year employment projections as annual
# rates; job postings), and each of its quantitative claims is tested against what its own inputs imply.

# %%
reality = ms.public_growth_table()
artifacts.table("reality_check", reality)
report.show_table(
    reality, caption="Annual growth rates. BLS: (1 + 10-year change)^(1/10) − 1.", formats=ms.TABLE_FORMATS
)
audit = ms.claims_audit(params, metrics)
artifacts.table("claims_audit", audit)
report.show_table(
    audit,
    caption="Claims audit: what the article says, what the model reproduces from the article's own inputs, what public data says.",
)

# %% [markdown]
# ## 4. What-if (live in JupyterLab)
#
# Shift every demand or supply growth range and watch the total gap. In a batch report the sliders are replaced by the static
# charts above.

# %%
ms.what_if_widget(params)

# %% [markdown]
# ## Sources and assumptions

# %%
report.show_table(
    reference.sources_table(ms.FIGURES_USED),
    caption="Every input of this notebook with its source; 'assumption' rows are modelling choices of ours. The crosswalk and role-default tables above give the rest.",
)
recommendations = ms.recommendations(metrics, params, tornado)
artifacts.metrics(metrics | {"findings": findings, "recommendations": recommendations})
artifacts.answer(findings, recommendations, [ms.base_source(params)], key_chart=fan)
