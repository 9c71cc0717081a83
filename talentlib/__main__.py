"""Allow ``python -m talentlib``."""

from talentlib.cli import main

raise SystemExit(main())
