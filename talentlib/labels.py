"""The one label map of the suite: keys (``ai_ml_engineer``, ``c_suite``) → what a reader reads.

Keys and their labels live in ``talentlib/data/labels.csv`` (``key, label, kind``); everything a reader sees —
table headers and cells, axis ticks, sentences — goes through :func:`label`. A key without a row is humanised
(``cost_per_hire_usd`` → ``Cost per hire USD``) so no snake_case reaches a report.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import cache

from talentlib.config import DATA_DIR

LABELS_FILE = DATA_DIR / "labels.csv"

#: Tokens written in capitals (or a fixed spelling) when a key is humanised.
TOKENS = {
    "ai": "AI",
    "ml": "ML",
    "mlops": "MLOps",
    "usd": "USD",
    "npv": "NPV",
    "roi": "ROI",
    "ci": "CI",
    "fte": "FTE",
    "bu": "BU",
    "id": "ID",
    "eu": "EU",
    "bls": "BLS",
    "shrm": "SHRM",
    "atd": "ATD",
    "p10": "P10",
    "p50": "P50",
    "p90": "P90",
    "pct": "%",
    "n": "n",
}
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@cache
def label_map() -> dict[str, str]:
    """Return ``{key: label}`` from ``labels.csv`` (read once)."""
    with LABELS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row["label"] for row in csv.DictReader(handle)}


def humanise(key: str) -> str:
    """Turn a snake_case key into words: ``cost_per_hire_usd`` → ``Cost per hire USD``.

    Args:
        key: An identifier; anything else is returned unchanged.

    Returns:
        The words, first letter capitalised, known abbreviations in capitals.
    """
    if not _IDENTIFIER.match(key):
        return key
    words = [TOKENS.get(word, word) for word in key.split("_")]
    first = words[0]
    words[0] = first if first in TOKENS.values() else first[:1].upper() + first[1:]
    return " ".join(words)


def label(key: object) -> str:
    """Return the reader's label of a key: the label map first, then :func:`humanise`.

    Values that are not keys (numbers, sentences, a user's business unit) come back as text, unchanged.
    """
    text = str(key)
    return label_map().get(text) or humanise(text)


def value_label(value: object) -> object:
    """Label a table cell only when it is a known key (user text such as ``Synthetic BU A`` stays as it is)."""
    return label_map().get(value, value) if isinstance(value, str) else value


def labels(keys: Iterable[object]) -> list[str]:
    """Label several keys (axis ticks, legend entries)."""
    return [label(key) for key in keys]


def in_sentence(key: object) -> str:
    """The label as it reads inside a sentence: ``middle_management`` → ``middle management``, ``c_suite`` → ``C-suite``.

    The first letter is lowered unless the label starts with an abbreviation or a letter set apart (``AI …``,
    ``C-suite``).
    """
    text = label(key)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
