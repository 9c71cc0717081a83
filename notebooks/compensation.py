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
employees_mapping: str = ""  # mapping YAML for an HR export (columns, titles, levels, locations); empty means employees_csv has talentlib's columns
pay_measure: str = "total_comp"  # employee pay column compared with the bands (article bands are total_comp, survey bands base_salary)
measure_conversion: list = []  # total_comp ÷ base_salary [low, high] to compare across pay measures; empty refuses such a comparison
measure_conversion_label: str = ""  # where measure_conversion comes from (required with it)
band_source: str = "article"  # bands from the article's table or from the survey's P10/P50/P90
pay_year: int = 2026  # year the employees' pay refers to
target_year: int = 2026  # year the bands, offer and forward view are aged to
pay_drift: str = "survey"  # market pay drift: survey (measured from the survey's year-on-year medians) or stated (pay_growth_two_years)
pay_growth_two_years: list = [0.15, 0.25]  # market pay growth over two years [low, high] as fractions (annualised by square root); used when pay_drift is stated, and as the article stress case
location_tiers: dict = {'coastal': [0.0, 0.0], 'non_coastal': [0.2, 0.4], 'international': [0.2, 0.4]}  # location tier -> pay discount [low, high] against the coastal bands, as fractions
international_factors: str = "survey"  # international pay: survey (country factors from the survey, employee country column) or tier (the location_tiers discount)
survey_country: str = "US"  # ISO country of the survey bands (employee residence)
survey_year: int = 2024  # survey year used for survey bands and charts
min_group_size: int = 5  # groups smaller than this are suppressed in reports
export_individual: bool = False  # also write tables/employees.csv and tables/flight_risk.csv: one row per person (pay is recoverable from them); off unless asked (talentlib run --export-individual)
new_hire_months: int = 12  # pay compression: hires within this many months of the latest hire_date are new
merit_budget: float = 0.035  # annual merit raise for everyone in the forward view, as a fraction
flight_risk_compa_ratio: float = 0.9  # employees below this compa-ratio are listed as flight risks
offer_role: str = "ai_ml_engineer"  # offer calculator role
offer_level: str = "mid"  # offer calculator level
offer_tier: str = "coastal"  # offer calculator location tier (a key of location_tiers)
offer_country: str = ""  # offer country (ISO code) when offer_tier is international
offer_percentile: float = 75.0  # market percentile the offer targets (10 to 90)
competing_offers: list = [5.0, 10.0]  # competing offers a candidate holds [low, high]
process_weeks: list = [4.0, 8.0]  # weeks from first contact to the offer [low, high] (candidates accept elsewhere meanwhile)
offer_loss_hazard: list = [0.01, 0.03]  # weekly chance of losing the candidate per competing offer [low, high]

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly. The employees file is validated here too: every problem is listed at once, by line and column.

# %%
from talentlib import compensation as cp
from talentlib import reference, report
from talentlib.params import notebook_params

params = notebook_params(cp.CompensationParams, globals())
cp.check_pay_measures(params)
artifacts = report.Artifacts.for_notebook(params)
employees = cp.load_employees(params)
report.show_notice(cp.run_notice(params, employees), level="info")
excluded = cp.excluded_titles(employees)
if len(excluded):
    report.show_table(
        cp.excluded_view(excluded),
        caption="Job titles the mapping file left out (titles.unmapped: exclude), with row counts.",
        formats=cp.TABLE_FORMATS,
    )

# %% [markdown]
# ## 1. Market bands
#
# Every band carries its **pay measure**: the article's table is total compensation of the coastal (major US tech) market, the
# survey's P10/P50/P90 are national US base salaries. Employees are compared on `pay_measure`; a comparison across measures is
# refused before anything runs unless `measure_conversion` gives a labelled total ÷ base range. A survey cell under
# `min_group_size` stays suppressed (no band), never filled with the article's figure.
#
# Bands are aged from their base year by the **market drift**: by default measured in the survey itself (year-on-year medians by
# role and level, `talentlib.compensation.drift`); the article's +15–25 % over two years is kept as a labelled stress case, and
# both are shown below with the share of employees below minimum under each. **Geography:** article bands take the
# `location_tiers` discounts; survey bands, being national, take BLS metro ÷ national factors; `international` employees are
# benchmarked by country with factors from the survey (their `country` column), pooled by region or worldwide where a country
# has too few respondents. Each factor says what it rests on.

# %%
survey = cp.load_survey()
survey_bands = cp.survey_bands(survey, params.min_group_size)
base = cp.base_bands(params, survey_bands)
countries = [
    *employees.loc[employees["location_tier"] == "international", "country"],
    *([params.offer_country] if params.offer_tier == "international" else []),
]
geo = cp.geo_factors(params, countries)
bands = cp.market_bands(params, base, geo=geo)
artifacts.table("bands", bands)
artifacts.chart(cp.band_chart(bands, params))
report.show_table(
    cp.band_display(bands, params.target_year),
    caption=cp.band_caption(bands, params),
    formats=cp.TABLE_FORMATS,
)
report.show_table(
    cp.geo_view(geo),
    caption="Tier and country factors applied to the base bands, with n and what each rests on.",
    formats=cp.TABLE_FORMATS,
)
report.show_table(
    cp.ageing_table(params, int(base["base_year"].iloc[0])),
    caption=cp.ageing_caption(params),
    formats=cp.TABLE_FORMATS,
)
report.show_table(cp.survey_drift(params), caption=cp.drift_caption(params), formats=cp.TABLE_FORMATS)


# %% [markdown]
# ### Geography and public pay evidence
#
# BLS OEWS metro medians for data scientists give an independent read of the coastal–inland gap (base wages, May 2025), and the
# national wage percentiles of the nearest occupations show where the article's total-compensation bands sit.

# %%
geography = cp.geography_evidence(params)
artifacts.table("geography_evidence", geography)
report.show_table(
    geography,
    caption="BLS metro medians and the implied inland discount beside the tier discounts used.",
    formats=cp.TABLE_FORMATS,
)
public_pay = cp.public_pay_table()
artifacts.table("public_pay", public_pay)
report.show_table(
    public_pay,
    caption="BLS OEWS May 2025 national annual wage percentiles (base wages; not total compensation).",
    formats=cp.TABLE_FORMATS,
)

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
report.show_table(
    cp.survey_view(survey_bands, params),
    caption=f"Survey percentiles, {params.survey_country} {params.survey_year} (USD/yr); empty cells have n below {params.min_group_size}.",
    formats=cp.TABLE_FORMATS,
)
growth = cp.pay_growth_evidence(survey, params)
artifacts.table("pay_growth_evidence", growth)
report.show_table(growth, caption=cp.pay_growth_evidence_caption(params), formats=cp.TABLE_FORMATS)

# %% [markdown]
# ## 3. The team against the market
#
# Compa-ratio = pay ÷ band midpoint; range penetration = (pay − minimum) ÷ (maximum − minimum). Each employee is compared with the
# band for their role, level and tier in `pay_year`.

# %%
comp_all = cp.compa_table(employees, cp.bands_for_year(bands, params.pay_year), params.pay_measure)
comp = comp_all[comp_all["has_band"]]
report.show_notice(cp.open_ended_policy(bands, comp), level="info")
distribution = cp.compa_distribution_chart(comp, params)
artifacts.chart(distribution)
artifacts.chart(cp.heatmap_chart(comp, params))
report.show_table(
    cp.group_summary(comp, ["role"], params.min_group_size).drop(columns="suppressed"),
    caption=f"By role; groups under {params.min_group_size} people suppressed.",
    formats=cp.TABLE_FORMATS,
)
report.show_table(
    cp.group_summary(comp, ["level", "location_tier"], params.min_group_size).drop(columns="suppressed"),
    caption=f"By level and tier; groups under {params.min_group_size} people suppressed.",
    formats=cp.TABLE_FORMATS,
)

# %% [markdown]
# ## 4. Cost to market
#
# What it costs each year to raise everyone paid below their band minimum to the minimum, and everyone below the midpoint to it.

# %%
cost = cp.cost_to_market(comp, params.min_group_size)
artifacts.table("cost_to_market", cp.cost_export(cost, params.min_group_size))
artifacts.chart(cp.cost_chart(cost, params))
report.show_table(
    cp.cost_display(cost, params.min_group_size),
    caption=f"Annual cost (USD) by role, level and business unit; groups under {params.min_group_size} people pooled.",
    formats=cp.TABLE_FORMATS,
)

# %% [markdown]
# ## 5. Forward view: merit budget against market drift
#
# If everyone gets the merit budget each year while bands drift at the market rate, who falls below minimum by `target_year`?
# The drift used (shaded: its interval) and the other assumption (dashed: the article's stress case, or the survey's measured
# drift when the scenario states its own) are both shown.

# %%
forward = cp.forward_view(comp, params)
artifacts.table("forward_view", forward)
artifacts.chart(cp.forward_chart(forward, params))
report.show_table(
    cp.forward_by_role(comp, params),
    caption=f"Share below band minimum now and in {params.target_year} (central drift); roles under {params.min_group_size} people suppressed.",
    formats=cp.TABLE_FORMATS,
)

# %% [markdown]
# ## 6. Pay compression
#
# The article's 15–25 % pay rise is paid to new hires first. People hired within `new_hire_months` of the latest hire date in the
# file are compared with incumbents of the same role and level: median pay ratio, share of incumbents paid below the new hires'
# median, and the annual cost of closing that gap. Pay is divided by each person's tier or country factor first (pay at the bands'
# reference location), so a new hire abroad is not compared with an incumbent on the coast. Cells with fewer than
# `min_group_size` new hires or incumbents are suppressed; employees without a `hire_date` are counted, not guessed.

# %%
squeeze = cp.compression(employees, params, geo)
artifacts.table("compression", cp.compression_export(squeeze))
artifacts.chart(cp.compression_chart(squeeze, params))
report.show_table(
    cp.compression_view(squeeze.table),
    caption=f"New hires (hired {squeeze.window_start or 'n/a'} to {squeeze.window_end or 'n/a'}) against incumbents; cells under {params.min_group_size} people suppressed; {squeeze.n_unknown_hire_date} employees without a hire date.",
    formats=cp.TABLE_FORMATS,
)

# %% [markdown]
# ## 7. Flight risk
#
# People in AI roles paid below `flight_risk_compa_ratio` of their band midpoint. A screen, not a prediction: this page shows counts
# by role only. The list of people (`tables/flight_risk.csv`) and the per-person compa-ratios (`tables/employees.csv`) are personal
# data, written only when asked (`export_individual`, `talentlib run --export-individual`).

# %%
for name, table in cp.individual_exports(params, comp).items():
    artifacts.table(name, table)
report.show_table(
    cp.flight_risk_summary(comp, params.flight_risk_compa_ratio, params.min_group_size),
    caption=f"Employees below a compa-ratio of {params.flight_risk_compa_ratio:.2f}; roles under {params.min_group_size} people suppressed.",
    formats=cp.TABLE_FORMATS,
)

# %% [markdown]
# ## 8. Offer calculator
#
# An offer for `offer_role` / `offer_level` / `offer_tier` in `target_year` at `offer_percentile` of the market, and the suite's one
# acceptance model (labelled assumptions; strategy ROI's hiring uses the same): a candidate who holds k `competing_offers` (by default the
# article's figure) is still free after our `process_weeks` with probability exp(−h·k·weeks) (`offer_loss_hazard` h), then picks ours with
# probability w·q^k + (1 − w)/(k + 1), q the offer's market quantile and w the weight of pay in the decision.

# %%
offer = cp.offer_quote(params, bands)
offer_wins = cp.offer_win_table(params)
artifacts.table("offer", cp.offer_export(offer_wins, offer))
report.show_table(cp.offer_frame(offer), caption=cp.offer_caption(offer), formats=cp.TABLE_FORMATS)
report.show_table(
    offer_wins,
    caption=cp.offer_acceptance_caption(params),
    formats=cp.offer_formats(offer_wins),
)

# %% [markdown]
# ## 9. What-if (live in JupyterLab)
#
# Move the merit budget, target year and offer percentile; the forward view and offer recompute. In a batch report the sliders are
# replaced by the static charts above.

# %%
cp.what_if_widget(comp, params)

# %% [markdown]
# ## Headline and recommendations

# %%
metrics = cp.metrics(params, comp_all, cost, forward, offer, survey_bands, survey, squeeze)
findings = cp.findings(metrics, params)
report.show_findings(findings, title="Headline")
recommendations = cp.recommendations(metrics, params)
report.show_findings(recommendations, title="Recommendations")

# %% [markdown]
# ## Sources and assumptions

# %%
report.show_table(
    reference.sources_table(cp.FIGURES_USED),
    caption=f"Every input of this notebook with its source; 'assumption' rows are modelling choices of ours. Survey: {cp.SURVEY_SOURCE}.",
)
artifacts.metrics(metrics | {"findings": findings, "recommendations": recommendations})
artifacts.answer(findings, recommendations, [cp.run_notice(params, employees), cp.drift_source(params)], key_chart=distribution)
