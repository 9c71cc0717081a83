"""Group results: tier means with bootstrap confidence intervals, the middle-management comparison, business units.

Confidence intervals (95 %) of each tier mean: Student t for groups under ``small_group_n`` respondents,
BCa bootstrap from it on (:mod:`.intervals`; the method is named in the table's ``ci_method``). The
bootstrap resamples respondents within the tier, computed exactly and fast by drawing multinomial counts
over the distinct score values. The middle-management rule (the article's claim as a test) compares each
tier's gap with its **own** target: middle management must be below its target and further below it than
the C-suite is below its own, each in at least ``flag_confidence`` of the resamples; the raw comparison is
reported alongside. Its wording lives in :mod:`talentlib.leadership_fluency.narrative`.
Privacy: no group with fewer than ``min_group_size`` respondents is reported, with secondary suppression
in the business-unit × tier table (:func:`talentlib.privacy.suppress_cells`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentlib.leadership_fluency.intervals import bca_interval, interval_method, t_interval
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
        table: Contract table ``tier, dimension, n, score, ci_low, ci_high, ci_method, target, gap`` (suppressed
            cells empty), plus ``suppressed`` (bool) for display; the CSV keeps the contract columns only.
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
        return self.table[
            ["tier", "dimension", "n", "score", "ci_low", "ci_high", "ci_method", "target", "gap"]
        ]

    def reported_tiers(self) -> list[str]:
        """Tiers whose fluency index is reported (enough respondents)."""
        rows = self.table[(self.table["dimension"] == INDEX) & ~self.table["suppressed"]]
        return rows["tier"].tolist()

    def value(self, tier: str, dimension: str = INDEX, column: str = "score") -> float:
        """One cell of the table (NaN if suppressed or absent)."""
        row = self.table[(self.table["tier"] == tier) & (self.table["dimension"] == dimension)]
        return float(row[column].iloc[0]) if len(row) else float("nan")

    def ci_method(self, tier: str, dimension: str = INDEX) -> str:
        """The interval method of one cell (empty if suppressed or absent)."""
        row = self.table[(self.table["tier"] == tier) & (self.table["dimension"] == dimension)]
        return str(row["ci_method"].iloc[0]) if len(row) else ""


def cell_interval(values: np.ndarray, draws: np.ndarray, small_group_n: int) -> tuple[float, float, str]:
    """The CI of one cell's mean and the method's name: t under ``small_group_n`` scored respondents, else BCa."""
    method = interval_method(int((~np.isnan(values)).sum()), small_group_n)
    low, high = t_interval(values, CI_LEVEL) if method == "t" else bca_interval(values, draws, CI_LEVEL)
    return low, high, method


def tier_results(
    scores: Scores,
    targets: pd.DataFrame,
    min_group_size: int,
    samples: int,
    rng: np.random.Generator | int,
    small_group_n: int = 30,
) -> TierResults:
    """Mean score per tier and dimension (and the fluency index) with CIs, targets and gaps.

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
        small_group_n: Cells with fewer scored respondents get a t interval, others a BCa bootstrap.

    Returns:
        :class:`TierResults`.
    """
    rng = np.random.default_rng(rng)
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
                "ci_method": "",
            }
            if not suppressed:
                draws = bootstrap_means(values, samples, rng)
                low, high, method = cell_interval(values, draws, small_group_n)
                score = float(np.nanmean(values))
                row.update(n=n, score=score, ci_low=low, ci_high=high, ci_method=method)
                if column == INDEX:
                    draws_by_tier[tier] = draws
            row.update(target=target, gap=target - row["score"], suppressed=suppressed)
            rows.append(row)
    table = pd.DataFrame(
        rows,
        columns=[
            "tier",
            "dimension",
            "n",
            "score",
            "ci_low",
            "ci_high",
            "ci_method",
            "target",
            "gap",
            "suppressed",
        ],
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
    """The numbers behind the middle-management rule, each tier read against its **own** target.

    The rule fires when, in at least ``confidence`` of the bootstrap resamples, middle management is below
    its target **and** its gap (target − index) is larger than the C-suite's gap. The raw comparison (index
    below the C-suite's) is kept as evidence: with different targets the two readings can disagree.

    Attributes:
        evaluable: Both tiers have a reported fluency index (enough respondents).
        missing: The tiers of the two without a reported index (empty when evaluable).
        confidence: Share of resamples a difference must hold in (``flag_confidence``).
        mm_index, c_suite_index, mm_target, c_suite_target: The compared values (NaN when not evaluable).
        mm_ci, c_suite_ci: (low, high) confidence intervals of the two indices.
        prob_below_target: Share of resamples with middle management below its target.
        prob_gap_larger: Share of resamples with middle management's gap larger than the C-suite's.
        prob_below_c_suite: Share of resamples with middle management's raw index below the C-suite's.
        resamples: Bootstrap resamples behind the shares.
        lowest_dimensions: Dimensions on which middle management has the lowest score of all reported tiers.
    """

    evaluable: bool
    missing: tuple[str, ...] = ()
    confidence: float = 0.9
    mm_index: float = float("nan")
    c_suite_index: float = float("nan")
    mm_target: float = float("nan")
    c_suite_target: float = float("nan")
    mm_ci: tuple[float, float] = (float("nan"), float("nan"))
    c_suite_ci: tuple[float, float] = (float("nan"), float("nan"))
    prob_below_target: float = float("nan")
    prob_gap_larger: float = float("nan")
    prob_below_c_suite: float = float("nan")
    resamples: int = 0
    lowest_dimensions: list[str] = field(default_factory=list)

    @property
    def mm_gap(self) -> float:
        """Middle management's gap to its own target (positive: below)."""
        return self.mm_target - self.mm_index

    @property
    def c_suite_gap(self) -> float:
        """The C-suite's gap to its own target (positive: below)."""
        return self.c_suite_target - self.c_suite_index

    @property
    def below_target(self) -> bool:
        """Middle management is below its target in at least ``confidence`` of the resamples."""
        return bool(self.prob_below_target >= self.confidence)

    @property
    def gap_larger(self) -> bool:
        """Middle management's gap exceeds the C-suite's in at least ``confidence`` of the resamples."""
        return bool(self.prob_gap_larger >= self.confidence)

    @property
    def below_c_suite(self) -> bool:
        """Raw reading: the index is below the C-suite's in at least ``confidence`` of the resamples."""
        return bool(self.prob_below_c_suite >= self.confidence)

    @property
    def readings_disagree(self) -> bool:
        """The raw and the target-relative comparison with the C-suite reach different verdicts."""
        return self.below_c_suite != self.gap_larger

    @property
    def fires(self) -> bool:
        """The rule holds: below its own target and a larger gap than the C-suite's (False when not evaluable)."""
        return bool(self.evaluable and self.below_target and self.gap_larger)

    @property
    def intervals_overlap(self) -> bool:
        """The two confidence intervals overlap."""
        (mm_lo, mm_hi), (cs_lo, cs_hi) = self.mm_ci, self.c_suite_ci
        return not (mm_hi < cs_lo or cs_hi < mm_lo)


def compare_management(results: TierResults, confidence: float = 0.9) -> ManagementComparison:
    """Compare middle management with its own target and with the C-suite, raw and target-relative.

    The shares come from the tiers' bootstrap means of the fluency index (independent resamples per tier,
    paired by draw number): ``P(mm* < t_mm)``, ``P(t_mm − mm* > t_cs − cs*)`` and ``P(mm* < cs*)``.

    Args:
        results: Tier results.
        confidence: Share of resamples a difference must hold in to count.

    Returns:
        The comparison; ``evaluable`` is False when either tier has no reported index.
    """
    reported = results.reported_tiers()
    missing = tuple(t for t in (MM, CS) if t not in reported)
    if missing:
        return ManagementComparison(evaluable=False, missing=missing, confidence=confidence)
    mm_target = results.value(MM, INDEX, "target")
    cs_target = results.value(CS, INDEX, "target")
    mm_draws, cs_draws = results.index_draws[MM], results.index_draws[CS]
    rows = results.table[(results.table["dimension"] != INDEX) & ~results.table["suppressed"]]
    lowest = [
        str(dim)
        for dim, part in rows.groupby("dimension", sort=False)
        if len(part) > 1 and part.loc[part["score"].idxmin(), "tier"] == MM
    ]
    return ManagementComparison(
        evaluable=True,
        confidence=confidence,
        mm_index=results.value(MM),
        c_suite_index=results.value(CS),
        mm_target=mm_target,
        c_suite_target=cs_target,
        mm_ci=(results.value(MM, INDEX, "ci_low"), results.value(MM, INDEX, "ci_high")),
        c_suite_ci=(results.value(CS, INDEX, "ci_low"), results.value(CS, INDEX, "ci_high")),
        prob_below_target=float(np.mean(mm_draws < mm_target)),
        prob_gap_larger=float(np.mean(mm_target - mm_draws > cs_target - cs_draws)),
        prob_below_c_suite=float(np.mean(mm_draws < cs_draws)),
        resamples=int(mm_draws.size),
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
