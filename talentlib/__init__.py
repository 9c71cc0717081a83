"""talentlib — the library behind the AI talent-gap notebook suite.

Layers (imports point downwards only)::

    cli            command line (``talentlib …``, ``python -m talentlib``)
    runner         papermill execution, staging, HTML rendering, manifest, publishing
    catalog        the notebooks of the suite and their parameter schemas
    <analysis>     market_sizing, compensation, strategy_roi, leadership_fluency, executive_summary
    shared core    config, params, reference, plots, report

Importing the package is cheap: analysis modules are imported explicitly.
"""

__version__ = "0.1.0"
