"""Group results: tier means with bootstrap confidence intervals, the middle-management comparison, business units.

Confidence intervals are percentile bootstraps (95 %) of each tier mean, resampling respondents within the
tier; computed exactly and fast by drawing multinomial counts over the distinct score values. The
middle-management rule (the article's claim as a test) compares the middle-management index with the
C-suite's and with its own target; its wording lives in :mod:`talentlib.leadership_fluency.narrative`.
Privacy: no group with fewer than ``min_group_size`` respondents is reported, with secondary suppression
in the business-unit × tier table (:func:`talentlib.privacy.suppress_cells`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentlib.leadership_fluency.schema import CI_LEVEL, INDEX, TIERS
from talentlib.leadership_fluency.scoring import Scores
from talentlib.privacy import suppress_cells

MM, CS = "middle_management", "c_suite"


def group_rows(labels: np.ndarray) -> dict[Any, np.ndarray]:
    """Row positions of each distinct label, ascending within a label (one hash pass and one stable sort).

    ``group_rows(labels)[x]`` equals ``np.flatnonzero(labels == x)`` for every label ``x`` present; missing
    labels (None/NaN) are left out.
    """
    codes, uniques = pd.factorize(labels)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes[codes >= 0], minlength=len(uniques)))])
    start = int((codes < 0).sum())
    return {label: order[start + bounds[i] : start + bounds[i + 1]] for i, label in enumerate(uniques)}


def bootstrap_means(values: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap distribution of the mean of ``values`` (NaN ignored), vectorised.

    Resampling n values with replacement is the same as drawing multinomial counts over the distinct values
    (probabilities = their frequencies), so the cost is O(samples × distinct values), not O(samples × n).

    Returns:
        ``samples`` bootstrap means (empty when there are no values).
    """
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.empty(0)
    distinct, counts = np.unique(values, return_counts=True)
    n = int(counts.sum())
    draws = rng.multinomial(n, counts / n, size=samples)
    return draws @ distinct / n


@dataclass(frozen=True)
class TierResults:
    """Tier × dimension results.

    Attributes:
        table: Contract table ``tier, dimension, n, score, ci_low, ci_high, target, gap`` (suppressed cells empty),
            plus ``suppressed`` (bool) for display; the CSV keeps the contract columns only.
        index_draws: Bootstrap means of the fluency index per reported tier (for comparisons between tiers).
        scores: The respondent-level scores (kept in memory only).
        min_group_size: The suppression threshold used.
        target_sources: Where the targets came from (the ``source`` labels of the targets, index rows excepted).
    """

    table: pd.DataFrame
    index_draws: dict[str, np.ndarray]
    scores: Scores
    min_group_size: int
    target_sources: tuple[str, ...] = ()

    def contract(self) -> pd.DataFrame:
        """The columns of ``tables/tier_scores.csv``."""
        return self.table[["tier", "dimension", "n", "score", "ci_low", "ci_high", "target", "gap"]]

    def reported_tiers(self) -> list[str]:
        """Tiers whose fluency index is reported (enough respondents)."""
        rows = self.table[(self.table["dimension"] == INDEX) & ~self.table["suppressed"]]
        return rows["tier"].tolist()

    def value(self, tier: str, dimension: str = INDEX, column: str = "score") -> float:
        """One cell of the table (NaN if suppressed or absent)."""
        row = self.table[(self.table["tier"] == tier) & (self.table["dimension"] == dimension)]
        return float(row[column].iloc[0]) if len(row) else float("nan")


def tier_results(
    scores: Scores, targets: pd.DataFrame, min_group_size: int, samples: int, rng: np.random.Generator | int
) -> TierResults:
    """Mean score per tier and dimension (and the fluency index) with bootstrap CIs, targets and gaps.

    A cell is suppressed (``n``, ``score``, CI and gap left empty) when fewer than ``min_group_size``
    respondents of the tier have that score; a tier with fewer respondents than that is suppressed whole.
    Tiers with no respondents are left out. Resampling order is fixed (tiers, then columns), so the same
    seed gives the same CIs.

    Args:
        scores: Respondent scores.
        targets: Output of :func:`load_targets`.
        min_group_size: Suppression threshold.
        samples: Bootstrap resamples.
        rng: A seeded generator, or a seed.

    Returns:
        :class:`TierResults`.
    """
    rng = np.random.default_rng(rng)
    alpha = (1 - CI_LEVEL) / 2 * 100
    target_map = targets.set_index(["tier", "dimension"])["target"]
    rows, draws_by_tier = [], {}
    rows_by_tier = group_rows(scores.tier)
    for tier in TIERS:
        in_tier = rows_by_tier.get(tier, np.empty(0, dtype=np.intp))
        tier_n = int(in_tier.size)
        if tier_n == 0:
            continue
        for c, column in enumerate(scores.columns):
            values = scores.values[in_tier, c]
            n = int((~np.isnan(values)).sum())
            target = float(target_map.get((tier, column), np.nan))
            suppressed = tier_n < min_group_size or n < min_group_size
            row = {
                "tier": tier,
                "dimension": column,
                "n": np.nan,
                "score": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
            if not suppressed:
                draws = bootstrap_means(values, samples, rng)
                low, high = np.percentile(draws, [alpha, 100 - alpha])
                score = float(np.nanmean(values))
                row.update(n=n, score=score, ci_low=float(low), ci_high=float(high))
                if column == INDEX:
                    draws_by_tier[tier] = draws
            row.update(target=target, gap=target - row["score"], suppressed=suppressed)
            rows.append(row)
    table = pd.DataFrame(
        rows, columns=["tier", "dimension", "n", "score", "ci_low", "ci_high", "target", "gap", "suppressed"]
    )
    table["n"] = table["n"].astype("Int64")
    return TierResults(
        table=table,
        index_draws=draws_by_tier,
        scores=scores,
        min_group_size=min_group_size,
        target_sources=target_sources(targets),
    )


def target_sources(targets: pd.DataFrame) -> tuple[str, ...]:
    """Distinct ``source`` labels of a targets table (output of ``load_targets``), index rows left out."""
    labels = targets.loc[targets["dimension"] != INDEX, "source"] if "source" in targets else []
    return tuple(dict.fromkeys(str(label) for label in labels))


def score_matrix(results: TierResults, column: str = "score") -> pd.DataFrame:
    """Tier × dimension matrix (rows: tiers present; columns: dimensions then the index)."""
    table = results.table
    matrix = table.pivot(index="tier", columns="dimension", values=column)
    tiers = [t for t in TIERS if t in matrix.index]
    return matrix.loc[tiers, list(results.scores.columns)]


def weakest_dimensions(results: TierResults) -> dict[str, dict[str, str]]:
    """Per reported tier: the dimension with the lowest score and the one with the largest gap to target."""
    out = {}
    rows = results.table[(results.table["dimension"] != INDEX) & ~results.table["suppressed"]]
    for tier, part in rows.groupby("tier", sort=False):
        out[str(tier)] = {
            "lowest_score": str(part.loc[part["score"].idxmin(), "dimension"]),
            "largest_gap": str(part.loc[part["gap"].idxmax(), "dimension"]),
        }
    return out


@dataclass(frozen=True)
class ManagementComparison:
    """The numbers behind the middle-management rule: index below the C-suite's **and** below its own target.

    Attributes:
        evaluable: Both tiers have a reported fluency index (enough respondents).
        missing: The tiers of the two without a reported index (empty when evaluable).
        below_c_suite: Middle management's index is below the C-suite's (point estimates).
        below_target: Middle management's index is below its target.
        mm_index, c_suite_index, mm_target: The compared values (NaN when not evaluable).
        mm_ci, c_suite_ci: (low, high) bootstrap confidence intervals of the two indices.
        prob_below_c_suite: Share of bootstrap draws with middle management below the C-suite.
        lowest_dimensions: Dimensions on which middle management has the lowest score of all reported tiers.
    """

    evaluable: bool
    missing: tuple[str, ...] = ()
    below_c_suite: bool = False
    below_target: bool = False
    mm_index: float = float("nan")
    c_suite_index: float = float("nan")
    mm_target: float = float("nan")
    mm_ci: tuple[float, float] = (float("nan"), float("nan"))
    c_suite_ci: tuple[float, float] = (float("nan"), float("nan"))
    prob_below_c_suite: float = float("nan")
    lowest_dimensions: list[str] = field(default_factory=list)

    @property
    def fires(self) -> bool:
        """The rule holds: below the C-suite and below target (False when not evaluable)."""
        return bool(self.evaluable and self.below_c_suite and self.below_target)

    @property
    def intervals_overlap(self) -> bool:
        """The two confidence intervals overlap."""
        (mm_lo, mm_hi), (cs_lo, cs_hi) = self.mm_ci, self.c_suite_ci
        return not (mm_hi < cs_lo or cs_hi < mm_lo)


def compare_management(results: TierResults) -> ManagementComparison:
    """Compare middle management with the C-suite and with its own target (the article's claim as a rule).

    Args:
        results: Tier results.

    Returns:
        The comparison; ``evaluable`` is False when either tier has no reported index.
    """
    reported = results.reported_tiers()
    missing = tuple(t for t in (MM, CS) if t not in reported)
    if missing:
        return ManagementComparison(evaluable=False, missing=missing)
    mm_index, cs_index = results.value(MM), results.value(CS)
    mm_target = results.value(MM, INDEX, "target")
    rows = results.table[(results.table["dimension"] != INDEX) & ~results.table["suppressed"]]
    lowest = [
        str(dim)
        for dim, part in rows.groupby("dimension", sort=False)
        if len(part) > 1 and part.loc[part["score"].idxmin(), "tier"] == MM
    ]
    return ManagementComparison(
        evaluable=True,
        below_c_suite=bool(mm_index < cs_index),
        below_target=bool(mm_index < mm_target),
        mm_index=mm_index,
        c_suite_index=cs_index,
        mm_target=mm_target,
        mm_ci=(results.value(MM, INDEX, "ci_low"), results.value(MM, INDEX, "ci_high")),
        c_suite_ci=(results.value(CS, INDEX, "ci_low"), results.value(CS, INDEX, "ci_high")),
        prob_below_c_suite=float(np.mean(results.index_draws[MM] < results.index_draws[CS])),
        lowest_dimensions=lowest,
    )


def business_unit_table(scores: Scores, min_group_size: int) -> pd.DataFrame:
    """Fluency index per business unit × tier and per business unit, with suppression.

    Units and tiers are encoded once as integer codes; counts come from ``np.bincount`` and the means from
    a group-by on the integer cell code (pandas' own mean, so the numbers are those of a group-by on labels).

    Returns:
        Columns ``business_unit, tier, n, fluency_index, suppressed`` (``tier = all`` for the unit total);
        suppressed rows have ``n`` and ``fluency_index`` empty.
    """
    scored = ~np.isnan(scores.index)
    index = scores.index[scored]
    if index.size == 0:
        return pd.DataFrame(columns=["business_unit", "tier", "n", "fluency_index", "suppressed"])
    unit_codes, units = pd.factorize(scores.business_unit[scored], sort=True)
    tier_codes, tier_labels = pd.factorize(scores.tier[scored], sort=True)
    tiers = [t for t in TIERS if t in set(tier_labels)]
    cell = unit_codes.astype(np.int64) * len(tier_labels) + tier_codes
    all_counts = np.bincount(cell, minlength=len(units) * len(tier_labels)).reshape(len(units), -1)
    position = {label: i for i, label in enumerate(tier_labels)}
    columns = [position[t] for t in tiers]
    counts = pd.DataFrame(all_counts[:, columns], index=pd.Index(units, dtype=object), columns=tiers)
    means = pd.Series(index).groupby(cell).mean()
    unit_means = _unit_means(index, unit_codes, len(units))
    mask = suppress_cells(counts, min_group_size).to_numpy()
    rows = []
    for u, unit in enumerate(units):
        for t, tier in enumerate(tiers):
            count = int(counts.iat[u, t])
            if count == 0:
                continue
            hidden = bool(mask[u, t])
            rows.append(
                {
                    "business_unit": unit,
                    "tier": tier,
                    "n": np.nan if hidden else count,
                    "fluency_index": np.nan
                    if hidden
                    else float(means.loc[u * len(tier_labels) + columns[t]]),
                    "suppressed": hidden,
                }
            )
        total = int(counts.iloc[u].sum())
        hidden = total < min_group_size
        rows.append(
            {
                "business_unit": unit,
                "tier": "all",
                "n": np.nan if hidden else total,
                "fluency_index": np.nan if hidden else unit_means[u],
                "suppressed": hidden,
            }
        )
    out = pd.DataFrame(rows)
    out["n"] = out["n"].astype("Int64")
    return out


def _unit_means(index: np.ndarray, unit_codes: np.ndarray, n_units: int) -> list[float]:
    """Mean of ``index`` per unit code, each the pandas mean of that unit's values in their original order."""
    order = np.argsort(unit_codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(unit_codes, minlength=n_units))])
    ordered = index[order]
    return [float(pd.Series(ordered[bounds[u] : bounds[u + 1]]).mean()) for u in range(n_units)]
