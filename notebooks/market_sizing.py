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
# carries those ranges forward with a seeded Monte Carlo, puts them beside public statistics, and audits the article's claims.
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
growth_draw: str = "per_simulation"  # draw each growth rate once per simulation or afresh every year
growth_correlation: float = 0.5  # correlation of growth draws across roles (0 independent, 1 identical)
# role key -> {demand, supply, demand_growth: [low, high], supply_growth: [low, high]}
roles: dict = {'ai_ml_engineer': {'demand': 100.0,
                    'supply': 100.0,
                    'demand_growth': [0.4, 0.6],
                    'supply_growth': [0.15, 0.2]},
 'data_engineer': {'demand': 100.0,
                   'supply': 100.0,
                   'demand_growth': [0.4, 0.6],
                   'supply_growth': [0.15, 0.2]},
 'mlops_engineer': {'demand': 100.0,
                    'supply': 100.0,
                    'demand_growth': [0.4, 0.6],
                    'supply_growth': [0.15, 0.2]},
 'ai_product_manager': {'demand': 100.0,
                        'supply': 100.0,
                        'demand_growth': [0.4, 0.6],
                        'supply_growth': [0.15, 0.2]},
 'ai_research_scientist': {'demand': 100.0,
                           'supply': 100.0,
                           'demand_growth': [0.4, 0.6],
                           'supply_growth': [0.15, 0.2]}}

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly.

# %%
from talentlib import market_sizing as ms
from talentlib import reference, report
from talentlib.params import notebook_params

params = notebook_params(ms.MarketSizingParams, globals())
artifacts = report.Artifacts.for_notebook(params)
report.show_table(ms.inputs_table(params), caption="Inputs of this run. Growth rates are annual fractions drawn uniformly on [low, high].")

# %% [markdown]
# ## 1. Projection
#
# Each simulation draws every role's demand and supply growth (once per simulation by default: the ranges describe an uncertain
# structural rate, not yearly noise), compounds the base levels, and sums the roles **per simulation** for the total.

# %%
sim = ms.simulate(params)
projection = ms.projection_table(sim)
metrics = ms.metrics(sim, params)
findings = ms.findings(metrics, params)
artifacts.table("projection", projection)
report.show_findings(findings, title="Headline")
artifacts.chart(ms.fan_chart(projection, params))
artifacts.chart(ms.gap_chart(projection, params))
report.show_table(ms.total_rows(projection), caption="Total over roles; P10/P50/P90 across simulations.", formats=ms.TABLE_FORMATS)

# %% [markdown]
# ## 2. Sensitivity
#
# Which growth assumption moves the horizon gap most? Each range is set to its low and high end with all others at their
# midpoints. The base levels are an assumption (the article gives no headcounts), so the second table shows the gap under a
# starting shortage instead of parity.

# %%
tornado, tornado_base = ms.tornado_table(params)
artifacts.table("tornado", tornado)
artifacts.chart(ms.tornado_chart(tornado, tornado_base, params))
base_levels = ms.base_level_sensitivity(params)
artifacts.table("base_level_sensitivity", base_levels)
report.show_table(base_levels, caption="Horizon gap if base-year demand were this multiple of supply (same seed).", formats=ms.TABLE_FORMATS)

# %% [markdown]
# ## 3. Reality check and claims audit
#
# The article is a vendor blog. Here its growth ranges sit beside public series (BLS 10-year employment projections as annual
# rates; job postings), and each of its quantitative claims is tested against what its own inputs imply.

# %%
reality = ms.public_growth_table()
artifacts.table("reality_check", reality)
report.show_table(reality, caption="Annual growth rates. BLS: (1 + 10-year change)^(1/10) − 1.", formats=ms.TABLE_FORMATS)
audit = ms.claims_audit(params, metrics)
artifacts.table("claims_audit", audit)
report.show_table(audit, caption="Claims audit: what the article says, what the model reproduces from the article's own inputs, what public data says.")

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
report.show_table(reference.sources_table(ms.FIGURES_USED), caption="Every input of this notebook with its source; 'assumption' rows are modelling choices of ours.")
artifacts.metrics(metrics | {"findings": findings, "recommendations": ms.recommendations(metrics, params)})
