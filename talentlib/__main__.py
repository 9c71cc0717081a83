"""Allow ``python -m talentlib``."""

from talentlib.cli import console

raise SystemExit(console())
