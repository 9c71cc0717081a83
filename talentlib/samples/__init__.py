"""Synthetic samples bundled with talentlib, and the generators that build them.

* :mod:`talentlib.samples.employees` — the employee pay sample (``data/sample_employees.csv``);
  ``python -m talentlib.samples.employees`` rebuilds it.
* :mod:`talentlib.samples.fluency` — the leadership fluency survey (``data/sample_fluency_responses.csv``);
  ``python -m talentlib.samples.fluency`` rebuilds it.

Used by the data build and the tests only: no analysis imports this package (an analysis reads the bundled CSV
like a user file, and its reports say the data are synthetic).
"""
