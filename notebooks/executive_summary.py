# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Executive summary — the AI talent gap
#
# One page for a reader who will not open the analyses: what this run found about the market, pay, strategy and leadership,
# the charts that matter, the recommendations with their numbers, every assumption with its source, and how the run was made.
# Nothing here is recomputed: it is read from the run's `metrics.json` files. If an analysis failed, this page says so.
# It opens with the answer: what the analyses found, the chart that carries the first finding, what to do, and what the
# numbers rest on.

# %% tags=["parameters"]
output_dir: str = ""  # folder for the artifacts of this run; empty means outputs/adhoc/<notebook>
run_dir: str = ""  # run folder to summarise; empty means the folder holding this output folder
organisation_name: str = ""  # organisation named in the brief (optional)
max_charts: int = 4  # key charts shown (3 to 5 is best)

# %%
from talentlib import catalog, report
from talentlib import executive_summary as es
from talentlib.params import notebook_params

params = notebook_params(es.ExecutiveSummaryParams, globals())
artifacts = report.Artifacts.for_notebook(params)
digest = es.collect_run(es.resolve_run_dir(params), catalog.analysis_specs())
report.show_html(es.title_html(params, digest))
findings = es.findings(digest)
recommendations = es.recommendations(digest) or ["No recommendations were produced in this run."]
basis = es.data_basis(digest, es.figure_kinds(digest))
report.show_html(report.answer_html(findings, recommendations, basis, chart="".join(es.key_charts_html(digest, 1))))

# %% [markdown]
# ## Status of the analyses

# %%
status = es.status_table(digest)
artifacts.table("status", status)
report.show_table(status, caption="A report that failed or did not run contributes no numbers to this brief.")

# %% [markdown]
# ## Headline metrics

# %%
headlines = es.headline_table(digest)
artifacts.table("headlines", headlines)
report.show_table(headlines, caption="Headline metrics as computed in each report (P50 unless stated).")

# %% [markdown]
# ## The charts that matter

# %%
report.show_html("".join(es.key_charts_html(digest, params.max_charts)) or "<p>No charts: no analysis succeeded.</p>")

# %% [markdown]
# ## Assumptions and sources

# %%
report.show_html(es.assumptions_html(digest))

# %% [markdown]
# ## Run metadata

# %%
report.show_table(es.run_metadata(digest, params), caption="How this run was made; the full manifest with checksums is run.json.")
artifacts.metrics(es.summary_metrics(digest))
