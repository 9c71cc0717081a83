"""talentlib — the library behind the AI talent-gap notebook suite.

Layers (imports point downwards only; no analysis imports another)::

    cli            command line (``talentlib run | validate | params | list | compare | sweep | pdf | init | app``);
                   app (Voilà), pdf (Chromium via Playwright), workspace (``init``)
    runner         plan (planning), lock, stage, execute (worker, execution, papermill_engine), render
                   (rendering), manifest, publish (publishing); compare: side-by-side reports and sweeps
    catalog        discovers the analysis packages by their ``SPEC``
    <analysis>     market_sizing/, compensation/, strategy_roi/, leadership_fluency/, executive_summary/ —
                   each with schema, model, (inputs), narrative, views, charts and ``SPEC`` in ``__init__``
    core           errors, config, params, user_files, reference, privacy, formulas, report, tables, labels,
                   plots, spec, parallel; samples/ builds the bundled synthetic data (used by the data build and tests only)

Importing the package is cheap: analysis packages are imported explicitly.
"""

__version__ = "0.1.0"
