# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Strategy ROI: build, buy, borrow or automate
#
# **Question:** we need more productive AI people within a few years — which mix of the article's strategies gets there, at
# what cost, and how sure are we?
#
# Six levers from the article, each valued per unit (a requisition, an internal candidate, a rotation seat, a tool seat, an
# intern): **hire**, **faster hiring** (a 2-week process against 5–10 competing offers), **upskill** (3–6 month programmes,
# $3–5K a year), **rotation** (3–6 months in the AI team), **AI tools** and the **pipeline**. A seeded Monte Carlo draws every
# input range; an optimiser finds the cheapest mix that reaches the target within budget; a comparator weighs the operating
# models. Every computation is in `talentlib.strategy_roi`; every input is sourced or labelled as an assumption.
#
# *Analysts:* edit the parameters cell (or run with `talentlib run --set strategy_roi.KEY=VALUE`), then *Run All*. The
# what-if section has live sliders in JupyterLab.

# %% tags=["parameters"]
output_dir: str = ""  # folder for the artifacts of this run; empty means outputs/adhoc/<notebook>
upstream_dir: str = ""  # folder of an earlier run (e.g. outputs/default) whose results feed this notebook's linked parameters when it is run on its own; empty: the runner injects them, or the defaults stand
links: list = []  # set by the runner: the values this notebook took from other analyses of the run
role: str = "ai_ml_engineer"  # AI role the plan hires and builds (a role of the article's table)
level: str = "mid"  # level of the planned hires
location_tier: str = "coastal"  # location tier whose pay band the hires are paid on
start_year: int = 2026  # calendar year the plan starts (pay bands of that year)
horizon_years: int = 3  # plan length in years; capacity is measured at its end (the deadline)
discount_rate: float = 0.08  # annual discount rate for NPV (year-0 outlays undiscounted, year t flows discounted t years)
simulations: int = 5000  # Monte Carlo draws
seed: int = 2026  # random seed (same seed, same results)
capacity_target_fte: float = 15.0  # productive AI FTEs to add by the end of the horizon
budget: float = 10000000.0  # spending limit over the horizon, USD, on the budget_basis (cash by default)
value_multiple: list = [1.3, 2.0]  # value of an hour of work as a multiple of the loaded pay of the role whose work it is (one rule for AI work, home-team work given up and tool-freed time)
budget_basis: str = "cash"  # what the budget and the optimiser's cost count: cash (new spend) or economic (cash plus re-allocated staff time at the valuation rule)
backfill: bool = True  # replace leavers from AI roles through the hiring process while the horizon lasts
headcount_target: float = 0.0  # people in AI roles the mix must also add by the deadline (P50 over sampled simulations; 0: none)
discount_rate_range: list = [0.05, 0.12]  # discount rates the tornado tries (low, high)
confidence: float = 0.8  # share of simulations in which the chosen mix must reach the capacity target
pay_overhead: list = [0.2, 0.3]  # employer on-costs on total compensation, fraction
# external hiring, standard process
hire: dict = {'pay': [180000.0, 280000.0],
 'offer_percentile': 75.0,
 'cost_per_hire': [4700.0, 40000.0],
 'time_to_fill_days': [42.0, 42.0],
 'market_coverage': [0.7187, 0.8571],
 'gap_elasticity': [0.5, 1.5],
 'process_weeks': [4.0, 8.0],
 'competing_offers': [5.0, 10.0],
 'offer_loss_hazard': [0.01, 0.03],
 'pay_weight': [0.5, 0.5],
 'ramp_months': [3.0, 6.0],
 'attrition': [0.132, 0.25],
 'max_offers': 30}
# structured upskilling
upskill: dict = {'learning_budget_per_person': [3000.0, 5000.0],
 'program_months': [3.0, 6.0],
 'training_time_share': [0.2, 0.4],
 'completion_rate': [0.6, 0.8],
 'productivity_after': [0.6, 0.8],
 'internal_pay': [135980.0, 171980.0],
 'pay_uplift': [0.1, 0.2],
 'attrition': [0.132, 0.132],
 'attrition_after': [0.132, 0.25],
 'retention_effect': [0.0, 0.0],
 'candidate_pool': 25}
# rotations into the AI team
rotation: dict = {'rotation_months': [3.0, 6.0],
 'productivity_during': [0.3, 0.5],
 'carry_back_share': [0.1, 0.25],
 'internal_pay': [135980.0, 171980.0],
 'mentoring_cost_per_rotation': [5000.0, 15000.0],
 'attrition': [0.132, 0.132],
 'max_seats': 4}
# hiring with a short process
faster_hiring: dict = {'process_weeks': [2.0, 2.0],
 'extra_cost_per_requisition': [3000.0, 10000.0],
 'max_requisitions': 10}
# AI tools and managed services
ai_tools: dict = {'seat_cost_per_year': [500.0, 3000.0],
 'enablement_cost_per_seat': [500.0, 2000.0],
 'productivity_gain': [0.05, 0.15],
 'adoption_rate': [0.5, 0.9],
 'ramp_months': [1.0, 3.0],
 'seat_holder_pay': [135980.0, 171980.0],
 'ai_work_share': [0.0, 0.5],
 'leadership_gap_points': [0.0, 0.0],
 'max_seats': 60}
# interns and university pipeline
pipeline: dict = {'intern_cost': [20000.0, 40000.0],
 'conversion_rate': [0.3, 0.5],
 'lead_time_years': [1.0, 2.0],
 'pay': [130000.0, 180000.0],
 'productivity_after': [0.5, 0.7],
 'ramp_months': [3.0, 6.0],
 'attrition': [0.132, 0.25],
 'partnership_cost_per_year': [50000.0, 150000.0],
 'max_interns': 20}
# operating-model comparator inputs and cost model
org_model: dict = {'ai_headcount': 8,
 'business_units': 4,
 'maturity': 'early',
 'coe_context_loss': 0.03,
 'coe_bottleneck_loss': 0.1,
 'embedded_min_team': 3.0,
 'embedded_isolation_loss': 0.3,
 'embedded_immaturity_loss': 0.2,
 'embedded_duplication': 0.5,
 'hub_coordination_loss': 0.04,
 'hub_share': 0.25,
 'platform_cost_per_year': 250000.0}

# %% [markdown]
# Parameters are validated against the same schema the `talentlib` runner uses, so a run started by raw papermill fails just as clearly. The table lists every input range and limit of this run.

# %%
from talentlib import reference, report
from talentlib import strategy_roi as sr
from talentlib.labels import label
from talentlib.params import notebook_params

params = notebook_params(sr.StrategyRoiParams, globals())
params, linked_inputs = sr.linked_inputs(params)
artifacts = report.Artifacts.for_notebook(params)
report.show_table(linked_inputs, caption=f"Inputs taken from the other analyses of this run for the plan's role ({label(params.level)} {label(params.role)}, {label(params.location_tier)}, from {params.start_year}); 'default' means this notebook's own value, 'override' a value set in the scenario.")
report.show_table(sr.formatted(sr.inputs_table(params), ("low", "high")), caption="Inputs of this run, each in its unit: each range is drawn uniformly on [low, high]; limits bound the optimiser; the discount-rate range is used by the tornado only.")

# %% [markdown]
# ## 1. What does each strategy return?
#
# Per unit, over the horizon: productive FTE-years, yearly cash flows and their **NPV** at the discount rate. Timing
# convention: year-0 outlays (cost per hire, enablement, intern cost) are not discounted; flows during plan year *t* are
# discounted *t* years (`numpy_financial.npv`). **One valuation rule** (`value_multiple`, a labelled assumption): every
# person-hour is worth the same multiple over the loaded pay of the work it produces — AI work on AI pay, the home-team
# work a rotator or upskiller gives up on their own pay (a cost), tool-freed time on the seat holder's pay. **Headcount**
# (people in permanent AI roles at the deadline) is reported apart from **capacity** (FTE of AI work); carry-back work and
# tool-freed time count as capacity only through their labelled shares. **ROI** is NPV ÷ present value of costs;
# **payback** is when the cumulative cash flow turns non-negative for good. Nothing is valued after the horizon, which
# penalises slow strategies such as the pipeline.

# %%
econ = sr.simulate(params)
strategies = sr.strategy_table(econ)
artifacts.table("strategies", strategies)
artifacts.table("cash_flows", sr.cash_flow_table(econ))
artifacts.chart(sr.npv_chart(strategies, params))
report.show_table(strategies, caption="Per unit; P10/P50/P90 over the simulations. Payback beyond the horizon is blank.", formats=sr.TABLE_FORMATS)

# %% [markdown]
# ## 2. How much does a faster hiring process save?
#
# The hire is offered `hire.offer_percentile` of the planned role's band. Whether the candidate accepts is the suite's one
# acceptance model, the same as the compensation report's offer calculator (labelled assumptions): still free after our process,
# exp(−hazard × k × weeks) with k competing offers, then choosing ours, w·q^k + (1 − w)/(k + 1). Days to fill are calibrated on SHRM:
# a market-median offer through the standard process takes SHRM's time to fill, stretched as market coverage (supply ÷ demand, from
# this run's market sizing) falls; a fill is the process plus a search that shrinks as acceptance rises.

# %%
hiring = sr.hiring_table(econ)
artifacts.table("hiring", hiring)
report.show_table(sr.formatted(hiring, ("p10", "p50", "p90")), caption="Standard vs the short process, per requisition, P10/P50/P90. Vacancy value saved: gross at the AI FTE-year value (value multiple × loaded market pay); net of the salary not yet paid (value − the hire's loaded pay).")

# %% [markdown]
# ## 3. Which inputs matter most?
#
# Each input range is set to its low and then its high end with every other at its midpoint; the bars show how far each
# strategy's NPV per unit moves, ordered by swing. Every lever is there — the value multiple, the carry-back share, the
# tool gain, attrition, market coverage — and the discount rate over `discount_rate_range`. Because starts, exits and
# ramps are pro-rated within months, the base case lies inside every bar.

# %%
tornado = sr.tornado_table(params)
artifacts.table("tornado", tornado)
artifacts.chart(sr.tornado_chart(tornado, params))

# %% [markdown]
# ## 4. The cheapest mix that reaches the target, at a stated confidence
#
# The optimiser chooses whole units of each strategy to minimise expected cost over the horizon — on the `budget_basis`:
# **cash** (new spend) by default, or **economic** (cash plus the home-team work of re-allocated staff at the valuation
# rule); the report shows both — such that capacity at the deadline reaches `capacity_target_fte` in at least `confidence`
# of a sample of simulations (a chance constraint by sample-average approximation, solved exactly by enumerating the
# mixes, with `scipy.optimize.milp` (HiGHS) as the fallback for large limits), within per-strategy limits
# and the shared recruiting market (standard and fast hires draw on the same candidates taken to offer; a shorter process
# loses fewer of them). The pipeline's partnership cost is a fixed cost paid if any interns are taken. If the target cannot
# be reached the result says which constraint binds and shows the best mix available. The mix is then re-evaluated on
# fresh simulations (another seed): the share that reaches the target is its P(reach), also shown without carry-back work
# and tool-freed time. Binding limits are priced by finite differences (the cost change if one more unit were allowed).
# Leavers from AI roles are replaced through the hiring process while the horizon lasts (`backfill`). The cost–confidence
# curve repeats the choice at 50–95 % (budget ignored); the frontier is on expected capacity.

# %%
problem = sr.portfolio_problem(econ, params)
fresh = sr.fresh_simulation(params)
portfolio = sr.out_of_sample(sr.optimise(problem, params.capacity_target_fte, params.budget), fresh, params.capacity_target_fte)
frontier = sr.frontier(problem)
curve = sr.confidence_curve(problem, fresh, params.capacity_target_fte)
artifacts.table("portfolio", sr.portfolio_table(portfolio))
artifacts.table("frontier", frontier)
artifacts.table("confidence_curve", curve)
report.show_notice(portfolio.explanation, level="info" if portfolio.feasible else "alert")
report.show_table(sr.portfolio_table(portfolio), caption=f"Chosen units; people in AI roles and FTE of AI work at the deadline (P50 on fresh simulations); expected cash and economic cost per strategy over the horizon; 'cost' is the {params.budget_basis} cost the budget counts.", formats=sr.TABLE_FORMATS)
report.show_table(curve, caption="Cheapest cost of the target at each confidence asked (sampled simulations) and the share of fresh simulations in which that mix reaches the target.", formats=sr.TABLE_FORMATS)
frontier_figure = sr.frontier_chart(frontier, portfolio, params)
artifacts.chart(frontier_figure)

# %% [markdown]
# ## 5. Which operating model?
#
# The article's guidance — a centralised Centre of Excellence for early maturity and fewer than 10 AI professionals,
# hub-and-spoke when scaling, embedded teams for mature organisations — beside a labelled cost and coordination model
# (capacity lost to context distance and bottlenecks, isolation and inconsistent practice, coordination; platform costs).
# The table shows how the recommendation moves with AI headcount and business units.

# %%
org = sr.org_model_table(params)
artifacts.table("org_model", org)
artifacts.chart(sr.org_chart(org))
report.show_findings(sr.org_findings(org), title="Operating model")

# %% [markdown]
# ## 6. What-if (live in JupyterLab)
#
# Scale the value multiple, change the discount rate, the target or the budget, and watch NPVs and the chosen mix
# update (1,000 simulations for speed). In a batch report the sliders are replaced by the static charts above.

# %%
sr.what_if_widget(params)

# %% [markdown]
# ## Findings, sources and assumptions

# %%
alternative = sr.basis_alternative(problem, params.capacity_target_fte)
metrics = sr.metrics(params, strategies, portfolio, org, hiring, sr.worst_case_npv(params, tornado), alternative)
findings = sr.findings(metrics, strategies, params)
recommendations = sr.recommendations(metrics, portfolio.allocation, org)
report.show_findings(findings, title="Headline")
report.show_findings(recommendations, title="Recommendations")
report.show_table(reference.sources_table(sr.FIGURES_USED), caption="Every input of this notebook with its source; 'assumption' rows are modelling choices of ours; BLS data-scientist pay and ATD learning spend are the public alternatives of the public_data scenario.")
artifacts.metrics(metrics | {"findings": findings, "recommendations": recommendations})
artifacts.answer(findings, recommendations, sr.input_sources(params), key_chart=frontier_figure)
