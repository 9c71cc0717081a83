# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Leadership AI fluency
#
# **Question:** how AI-fluent is our leadership, tier by tier — board, C-suite, middle management (and frontline) — where is the
# bottleneck, and what should we invest in?
#
# The article this suite starts from says organisations that scale AI invest in AI-literate leadership: directors who can evaluate
# AI strategy and risk, C-suite champions, and — *the most common failure point* — middle managers who understand AI well enough
# not to block adoption. It gives no numbers. This notebook measures fluency with a 20-item survey instrument in five dimensions
# (AI strategy and value; risk and governance, including the AI-literacy duty of **EU AI Act Article 4**, Regulation (EU) 2024/1689,
# applicable since 2 February 2025; data and technical literacy; use-case evaluation; change leadership and adoption), checks the
# psychometrics, tests the article's middle-management claim with an explicit rule, and prices a development plan.
# Every number below is computed in `talentlib.leadership_fluency`; every target, cost and effect is a labelled assumption.
#
# *Privacy:* only aggregates are shown. No tier, business unit or crossing with fewer than `min_group_size` respondents is reported,
# and no individual answer appears here or in error messages.
#
# *Analysts:* point `responses_csv` at your survey export (columns `respondent_id, tier, business_unit, q01 … q20`), edit the
# parameters cell (or run with `talentlib run --set leadership_fluency.KEY=VALUE`), then *Run All*.

# %% tags=["parameters"]
output_dir: str = ""  # folder for the artifacts of this run; empty means outputs/adhoc/<notebook>
organisation_name: str = "Example organisation (synthetic survey)"  # shown in the report title
responses_csv: str = ""  # survey responses CSV; empty means the bundled synthetic survey
instrument: str = ""  # instrument CSV (item_id, dimension, text, reverse_coded); empty means bundled
targets_csv: str = ""  # targets CSV (tier, dimension, target); empty means bundled
targets: dict = {}  # tier -> target index 0-100 applied to every dimension (overrides the file)
min_group_size: int = 5  # smallest group (tier, unit or crossing) reported
min_items_answered_share: float = 0.5  # share of a dimension's items that must be answered to score it
alpha_threshold: float = 0.7  # Cronbach's alpha below which a dimension is flagged as unreliable
bootstrap_samples: int = 2000  # bootstrap resamples for the tier CIs
small_group_n: int = 30  # groups with fewer scored respondents get a t interval, others BCa
flag_confidence: float = 0.9  # share of resamples a tier difference must hold in to raise the flag
seed: int = 2026  # random seed (same seed, same results)
headcount: dict = {}  # tier -> people to train; tiers not listed use respondents / response_rate
response_rate: float = 0.6  # share of a tier's people who answered (labelled assumption) for tiers without headcount
# key -> {tier, description, cost_per_person: [low, high] USD, uplift_points: [low, high]}
interventions: dict = {'board_briefings': {'tier': 'board',
                     'description': 'Quarterly AI briefings and an AI-governance session (incl. EU '
                                    'AI Act duties) for directors',
                     'cost_per_person': [2000.0, 6000.0],
                     'uplift_points': [5.0, 10.0]},
 'executive_workshops': {'tier': 'c_suite',
                         'description': 'Executive AI workshops and coaching on strategy, value '
                                        'cases and risk',
                         'cost_per_person': [5000.0, 12000.0],
                         'uplift_points': [6.0, 12.0]},
 'manager_academy': {'tier': 'middle_management',
                     'description': 'Manager AI academy: a 3–6 month learning path on use cases '
                                    'and adoption',
                     'cost_per_person': [3000.0, 5000.0],
                     'uplift_points': [8.0, 15.0]},
 'manager_rotations': {'tier': 'middle_management',
                       'description': '3–6 month rotations of managers into the AI team',
                       'cost_per_person': [8000.0, 20000.0],
                       'uplift_points': [10.0, 20.0]},
 'frontline_ai_literacy': {'tier': 'frontline',
                           'description': 'Baseline AI-literacy training (EU AI Act Article 4) for '
                                          'staff who use AI systems',
                           'cost_per_person': [200.0, 800.0],
                           'uplift_points': [4.0, 10.0]}}
adoption_effect: float = 0.06  # share of AI adoption lost per 10 points middle management is below target

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly. The instrument, targets and responses files are validated here too: every problem is listed at once, by file, line and column.

# %%
from talentlib import leadership_fluency as lf
from talentlib import reference, report
from talentlib.params import notebook_params

params = notebook_params(lf.LeadershipFluencyParams, globals())
artifacts = report.Artifacts.for_notebook(params)
inputs = lf.load_inputs(params)
report.show_notice(lf.run_notice(params, inputs), level="info")
report.show_inputs(lf.instrument_table(inputs.instrument), caption="The instrument: answers on 1 (strongly disagree) … 5 (strongly agree); reverse-coded items are scored 6 − answer.")

# %% [markdown]
# ## 1. Scores and data quality
#
# Each dimension is scored 0–100 as (mean item − 1) ÷ 4 × 100 after reverse-coding. **Missing answers:** a dimension is scored only
# if at least `min_items_answered_share` of its items (rounded up; 2 of 4 by default) are answered; the fluency index is the mean of
# the five dimension scores and needs all five.

# %%
scores = lf.score_responses(inputs.responses, inputs.instrument, params.min_items_answered_share)
report.show_table(lf.data_quality_table(inputs, scores, params), caption="Respondents per tier, how many have a fluency index, and the share of blank answers (aggregates only).")

# %% [markdown]
# ## 2. Reliability: do the scales measure one thing each — in every tier?
#
# Cronbach's α per dimension on reverse-coded items, over the respondents who answered every item of that dimension (listwise
# deletion per dimension), **pooled (`all`) and per tier** wherever at least `min_group_size` respondents did (smaller groups
# are suppressed). Each α has a Feldt (1965) 95 % interval, (1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1)), which is wide on a
# board of ten; McDonald's ω comes from a one-factor model (principal-axis factoring). A scale under `alpha_threshold` (0.7 by
# convention) is flagged in the group where it falls short: its scores there are noisier and gaps on it deserve less weight.
# The item table shows which item pulls a pooled scale down (a reverse-coded item with a negative item–rest correlation was
# probably not reverse-coded).

# %%
reliability = lf.tier_reliability_table(inputs.responses, inputs.instrument, params.min_group_size, params.alpha_threshold)
artifacts.table("reliability", reliability[["tier", "dimension", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "flagged"]])
report.show_table(lf.display_reliability(reliability, params.alpha_threshold, params.min_group_size), caption=f"Cronbach's alpha (Feldt 95% CI) and McDonald's omega per group and dimension; n complete = respondents with every item of the dimension answered. Threshold {params.alpha_threshold:g}.")
items = lf.item_statistics(inputs.responses, inputs.instrument)
artifacts.table("items", items)
report.show_table(items, caption="Item statistics over all respondents: mean after reverse-coding, corrected item–rest correlation, alpha if the item were dropped.", formats=lf.TABLE_FORMATS)

# %% [markdown]
# ### Can the tiers be compared? A measurement-invariance screen
#
# Comparing tier means assumes the scale means the same thing in each tier. Without a structural-equation library this is a
# screen, not a formal configural/metric test: per tier with enough complete answers, each item's corrected item–rest
# correlation and its loading on the dimension's single factor. A dimension is marked *not comparable* when an item falls below
# the item–rest or loading threshold in some tier, or its loadings differ across tiers by more than the allowed spread (all three
# thresholds are labelled assumptions). Small tiers make these statistics noisy, so a failed screen can also mean "too few
# respondents to tell".

# %%
screen = lf.invariance_screen(inputs.responses, inputs.instrument, params.min_group_size)
noncomparable = lf.noncomparable_dimensions(screen)
artifacts.table("invariance", screen)
report.show_notice(lf.invariance_finding(noncomparable), level="alert" if noncomparable else "info")
report.show_table(lf.display_invariance(screen), caption="Item–rest correlation / one-factor loading per item and tier (⚠ = below a screen threshold). Tiers under min_group_size complete answers are left out.")

# %% [markdown]
# ## 3. Fluency by tier
#
# Mean scores per tier and dimension with 95 % confidence intervals, the target per tier and the gap (target − score; positive
# means below target). A group with fewer than `small_group_n` scored respondents gets a Student t interval (a percentile
# bootstrap is too narrow for small groups); larger groups get a BCa bootstrap (respondents resampled within each tier,
# `bootstrap_samples` times, seeded). The table names the method per cell. Targets are labelled assumptions
# (`talentlib/data/fluency_targets.csv`), overridable with `targets`.

# %%
results = lf.tier_results(scores, inputs.targets, params.min_group_size, params.bootstrap_samples, params.seed, params.small_group_n)
artifacts.table("tier_scores", results.contract())
heatmap = lf.heatmap_chart(results)
artifacts.chart(heatmap)
artifacts.chart(lf.gap_chart(results))
artifacts.chart(lf.distribution_chart(results))
report.show_table(lf.display_tier_table(results), caption="Tier × dimension scores (0–100) with 95% CIs (method per cell: t below small_group_n respondents, else BCa bootstrap), targets and gaps (target − score).")

# %% [markdown]
# ## 4. Is middle management the bottleneck?
#
# The article's claim as a testable rule. Tiers have different targets, so comparing raw scores would mix "less fluent" with
# "asked for less". **Each tier is read against its own target: the flag fires when middle management is below its target and
# further below it than the C-suite is below its own, each in at least `flag_confidence` of the bootstrap resamples.** The raw
# comparison (middle management's index below the C-suite's) is shown alongside, with a note when the two readings disagree.

# %%
flag = lf.middle_management_flag(results, params.flag_confidence)
report.show_notice(flag.headline, level="alert" if flag.fires else "info")
report.show_findings(flag.evidence, title="Evidence")

# %% [markdown]
# ## 5. Business units
#
# The fluency index by business unit and tier. Cells under `min_group_size` are suppressed, and where a suppressed cell could be
# worked out by subtracting the others from a published total, the next-smallest cell is suppressed too.

# %%
units = lf.business_unit_table(scores, params.min_group_size)
artifacts.table("business_units", units[["business_unit", "tier", "n", "fluency_index"]])
report.show_table(lf.display_business_units(units, params.min_group_size), caption=f"Fluency index (0–100) by business unit and tier; 'all' is the unit total. Groups under {params.min_group_size} suppressed.")

# %% [markdown]
# ## 6. Plan: what to invest in
#
# Interventions per tier with cost ranges and expected uplift — all labelled assumptions except the manager academy's cost, which is
# the article's $3,000–5,000 learning budget. Per intervention: the tier's **gap before**, the points it buys (**gain**, p50 = the
# middle of the uplift range, with the range), the **gap after** = target − (score + gain), and the **cost per point closed** =
# the tier's cost at the mid cost per person ÷ the points of the gap it closes. People are the `headcount` parameter or, where a
# tier is not given, its respondents ÷ `response_rate` (a labelled assumption): respondents are not the tier. In each tier below
# target, the intervention with the lowest cost per point closed is recommended. The effect on adoption is an adjustable assumption (`adoption_effect`): each 10 points middle management is below
# target removes that share of the adoption an AI initiative would otherwise reach, multiplier (1 − effect)^(gap/10). The
# strategy-ROI notebook reuses it as `talentlib.formulas.adoption_multiplier`.

# %%
plan = lf.plan_table(params, results)
artifacts.table("plan", plan)
report.show_table(lf.display_plan(plan), caption=f"Interventions per tier (USD): gap before, p50 gain (range), gap after, and cost per point closed for the tier. People = headcount parameter or, if not given, respondents ÷ {params.response_rate:.0%} response rate (assumption).")
report.show_table(lf.adoption_sensitivity(results), caption="Adoption multiplier at today's middle-management gap for the low, mid and high adoption-effect assumption.", formats=lf.TABLE_FORMATS)

# %% [markdown]
# ## 7. Context from public data
#
# Public surveys do not measure this instrument, but they show the pressure: leaders expect AI skills, and few AI users have been
# trained by their employer.

# %%
report.show_table(lf.public_context_table(), caption="Microsoft & LinkedIn Work Trend Index 2024 (secondary summaries).")

# %% [markdown]
# ## 8. Explore (live in JupyterLab)
#
# Pick a tier and move its target; the dimension scores, CIs and the number of gaps redraw. In a batch report the widget is replaced
# by the static charts above.

# %%
lf.explorer_widget(results)

# %% [markdown]
# ## The answer, sources and assumptions
#
# The answer — headline findings, the chart that carries them, the recommendations and what they rest on — is computed
# here from everything above; the rendered report opens with it (`artifacts.answer`), the sections above follow as the
# evidence. Every input with its source closes the report.

# %%
metrics = lf.metrics(params, inputs, results, reliability, flag, plan, noncomparable)
findings = lf.findings(results, reliability, flag, params, plan, noncomparable)
recommendations = lf.recommendations(metrics, params)
basis = [lf.basis_finding(results, params)]
artifacts.answer([f for f in findings if f not in basis], recommendations, basis, key_chart=heatmap)
report.show_table(reference.sources_table(lf.FIGURES_USED), caption="Every input of this notebook with its source; 'assumption' rows are modelling choices of ours.")
artifacts.metrics(metrics | {"findings": findings, "recommendations": recommendations})
