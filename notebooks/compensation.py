# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # AI compensation benchmarking
#
# **Question:** what should we pay for each AI role and level, where, and in which year — and where does our team stand?
#
# The article this suite starts from publishes 2026 total-compensation bands for five AI roles, says non-coastal and international
# pay is 20–40 % lower, and that pay rose 15–25 % over 2024. This notebook turns those claims into bands for any location tier and
# year, checks them against public data (BLS wage statistics and the CC0 aijobs.net salary survey), and places a team against them.
# Every number below is computed in `talentlib.compensation`; every input is sourced or labelled as an assumption.
#
# *Privacy:* this report shows aggregates only; groups smaller than `min_group_size` are suppressed. Individual rows go to the
# analyst files `tables/employees.csv` and `tables/flight_risk.csv`, never into this page.
#
# *Analysts:* edit the parameters cell (or run with `talentlib run --set compensation.KEY=VALUE`), then *Run All*.

# %% tags=["parameters"]
output_dir: str = ""  # folder for the artifacts of this run; empty means outputs/adhoc/<notebook>
organisation_name: str = ""  # organisation name shown in the report; empty means the synthetic sample
employees_csv: str = ""  # path of your employees CSV (relative to the project folder); empty means the synthetic sample
pay_measure: str = "total_comp"  # employee pay column compared with the bands
band_source: str = "article"  # bands from the article's table or from the survey's P10/P50/P90
pay_year: int = 2026  # year the employees' pay refers to
target_year: int = 2026  # year the bands, offer and forward view are aged to
pay_growth_two_years: list = [0.15, 0.25]  # market pay growth over two years [low, high] as fractions (annualised by square root)
location_tiers: dict = {'coastal': [0.0, 0.0], 'non_coastal': [0.2, 0.4], 'international': [0.2, 0.4]}  # location tier -> pay discount [low, high] against the coastal bands, as fractions
survey_country: str = "US"  # ISO country of the survey bands (employee residence)
survey_year: int = 2024  # survey year used for survey bands and charts
min_group_size: int = 5  # groups smaller than this are suppressed in reports
export_individual: bool = False  # also write tables/employees.csv and tables/flight_risk.csv: one row per person (pay is recoverable from them); off unless asked (talentlib run --export-individual)
merit_budget: float = 0.035  # annual merit raise for everyone in the forward view, as a fraction
flight_risk_compa_ratio: float = 0.9  # employees below this compa-ratio are listed as flight risks
offer_role: str = "ai_ml_engineer"  # offer calculator role
offer_level: str = "mid"  # offer calculator level
offer_tier: str = "coastal"  # offer calculator location tier (a key of location_tiers)
offer_percentile: float = 75.0  # market percentile the offer targets (10 to 90)
competing_offers: list = [5.0, 10.0]  # competing offers a candidate holds [low, high]

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly. The employees file is validated here too: every problem is listed at once, by line and column.

# %%
from talentlib import compensation as cp
from talentlib import reference, report
from talentlib.params import notebook_params

params = notebook_params(cp.CompensationParams, globals())
artifacts = report.Artifacts.for_notebook(params)
employees = cp.load_employees(params)
report.show_notice(cp.run_notice(params, employees), level="info")

# %% [markdown]
# ## 1. Market bands
#
# The article's table is the coastal (major US tech market) reference. The midpoint of a band is (low + high) / 2 with the high
# end as written; the two open-ended senior bands ("$…K+") are flagged and nobody is counted *above* their maximum. Tiers apply
# the `location_tiers` discounts (by default the article's non-coastal range; the central band uses each range's midpoint); bands are aged from their base year (the article's table year, `survey_year`
# for survey bands) at the annual rate implied by `pay_growth_two_years` (by default the article's two-year growth), (1 + g)^(1/2) − 1 a year. Survey-based bands (`band_source: survey`) use the survey's P10/P50/P90 instead.

# %%
survey = cp.load_survey()
survey_bands = cp.survey_bands(survey, params.min_group_size)
bands = cp.market_bands(params, cp.base_bands(params, survey_bands))
artifacts.table("bands", bands)
artifacts.chart(cp.band_chart(bands, params))
report.show_table(cp.band_display(bands, params.target_year), caption=f"Bands for {params.target_year} by tier (USD/yr); the coastal midpoint with its range across the growth and discount assumptions.", formats=cp.TABLE_FORMATS)
report.show_table(cp.ageing_table(params), caption=cp.ageing_caption(params), formats=cp.TABLE_FORMATS)

# %% [markdown]
# ### Geography and public pay evidence
#
# BLS OEWS metro medians for data scientists give an independent read of the coastal–inland gap (base wages, May 2025), and the
# national wage percentiles of the nearest occupations show where the article's total-compensation bands sit.

# %%
geography = cp.geography_evidence(params)
artifacts.table("geography_evidence", geography)
report.show_table(geography, caption="BLS metro medians and the implied inland discount beside the tier discounts used.", formats=cp.TABLE_FORMATS)
public_pay = cp.public_pay_table()
artifacts.table("public_pay", public_pay)
report.show_table(public_pay, caption="BLS OEWS May 2025 national annual wage percentiles (base wages; not total compensation).", formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 2. Bands from real data: the aijobs.net salary survey
#
# A CC0 survey of AI, ML and data salaries, filtered to full-time respondents whose job title maps to one of the five roles
# (`talentlib/data/title_role_map.csv`), levels EN→junior, MI→mid, SE/EX→senior. Percentiles by role, level, country of residence
# and year; cells with fewer than `min_group_size` respondents are suppressed. The survey reports salaries (mostly base pay) where
# the article reports total compensation, so compare shapes and orderings more than levels.

# %%
artifacts.table("survey_bands", cp.survey_bands_table(survey_bands))
artifacts.chart(cp.survey_chart(survey_bands, bands, params))
report.show_table(cp.survey_view(survey_bands, params), caption=f"Survey percentiles, {params.survey_country} {params.survey_year} (USD/yr); empty cells have n below {params.min_group_size}.", formats=cp.TABLE_FORMATS)
growth = cp.pay_growth_evidence(survey, params)
artifacts.table("pay_growth_evidence", growth)
report.show_table(growth, caption=cp.pay_growth_evidence_caption(params), formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 3. The team against the market
#
# Compa-ratio = pay ÷ band midpoint; range penetration = (pay − minimum) ÷ (maximum − minimum). Each employee is compared with the
# band for their role, level and tier in `pay_year`.

# %%
comp = cp.compa_table(employees, cp.bands_for_year(bands, params.pay_year), params.pay_measure)
artifacts.chart(cp.compa_distribution_chart(comp, params))
artifacts.chart(cp.heatmap_chart(comp, params))
report.show_table(cp.group_summary(comp, ["role"], params.min_group_size).drop(columns="suppressed"), caption=f"By role; groups under {params.min_group_size} people suppressed.", formats=cp.TABLE_FORMATS)
report.show_table(cp.group_summary(comp, ["level", "location_tier"], params.min_group_size).drop(columns="suppressed"), caption=f"By level and tier; groups under {params.min_group_size} people suppressed.", formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 4. Cost to market
#
# What it costs each year to raise everyone paid below their band minimum to the minimum, and everyone below the midpoint to it.

# %%
cost = cp.cost_to_market(comp, params.min_group_size)
artifacts.table("cost_to_market", cp.cost_export(cost, params.min_group_size))
artifacts.chart(cp.cost_chart(cost, params))
report.show_table(cp.cost_display(cost, params.min_group_size), caption=f"Annual cost (USD) by role, level and business unit; groups under {params.min_group_size} people pooled.", formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 5. Forward view: merit budget against market drift
#
# If everyone gets the merit budget each year while bands drift at the market rate, who falls below minimum by `target_year`?

# %%
forward = cp.forward_view(comp, params)
artifacts.table("forward_view", forward)
artifacts.chart(cp.forward_chart(forward, params))
report.show_table(cp.forward_by_role(comp, params), caption=f"Share below band minimum now and in {params.target_year} (central drift); roles under {params.min_group_size} people suppressed.", formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 6. Flight risk
#
# People in AI roles paid below `flight_risk_compa_ratio` of their band midpoint. A screen, not a prediction: this page shows counts
# by role only. The list of people (`tables/flight_risk.csv`) and the per-person compa-ratios (`tables/employees.csv`) are personal
# data, written only when asked (`export_individual`, `talentlib run --export-individual`).

# %%
risk = cp.flight_risk(comp, params.flight_risk_compa_ratio)
for name, table in cp.individual_exports(params, cp.employee_table(comp), risk).items():
    artifacts.table(name, table)
report.show_table(cp.flight_risk_summary(comp, params.flight_risk_compa_ratio, params.min_group_size), caption=f"Employees below a compa-ratio of {params.flight_risk_compa_ratio:.2f}; roles under {params.min_group_size} people suppressed.", formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 7. Offer calculator
#
# An offer for `offer_role` / `offer_level` / `offer_tier` in `target_year` at `offer_percentile` of the market, and a
# labelled-assumption estimate of the chance of winning a candidate who holds `competing_offers` competing offers (by default the article's figure):
# P(win) = w·q^k + (1 − w)/(k + 1), with q the offer's market quantile, k competing offers and w the weight of pay in the decision.

# %%
offer = cp.offer_quote(params, bands)
offer_wins = cp.offer_win_table(params)
artifacts.table("offer", cp.offer_export(offer_wins, offer))
report.show_table(cp.offer_frame(offer), caption="Offer range (USD/yr): low/high carry the growth and discount ranges.", formats=cp.TABLE_FORMATS)
report.show_table(offer_wins, caption="Chance of winning the candidate by competing offers (rows) and offer percentile (columns); an illustrative model.", formats=cp.offer_formats(offer_wins))

# %% [markdown]
# ## 8. What-if (live in JupyterLab)
#
# Move the merit budget, target year and offer percentile; the forward view and offer recompute. In a batch report the sliders are
# replaced by the static charts above.

# %%
cp.what_if_widget(comp, params)

# %% [markdown]
# ## Headline and recommendations

# %%
metrics = cp.metrics(params, comp, cost, forward, offer, survey_bands, survey)
findings = cp.findings(metrics, params)
report.show_findings(findings, title="Headline")
recommendations = cp.recommendations(metrics, params)
report.show_findings(recommendations, title="Recommendations")

# %% [markdown]
# ## Sources and assumptions

# %%
report.show_table(reference.sources_table(cp.FIGURES_USED), caption=f"Every input of this notebook with its source; 'assumption' rows are modelling choices of ours. Survey: {cp.SURVEY_SOURCE}.")
artifacts.metrics(metrics | {"findings": findings, "recommendations": recommendations})
