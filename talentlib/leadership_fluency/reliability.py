"""Reliability of the scales: Cronbach's α with a Feldt interval and McDonald's ω, pooled and per tier.

``α = k / (k − 1) · (1 − Σ s²_item / s²_total)`` on reverse-coded items, with listwise deletion within
each dimension (respondents who answered every item of it); a dimension is flagged in a tier when α is
below ``alpha_threshold`` (0.7 by convention) there. Per tier only where at least ``min_group_size``
respondents answered every item of the dimension (smaller groups are suppressed).

Feldt (1965) interval: ``(1 − α)/(1 − α̂) ~ F(n − 1, (n − 1)(k − 1))``, so the ``γ`` interval is
``[1 − (1 − α̂)·F(1 − γ/2), 1 − (1 − α̂)·F(γ/2)]`` (Feldt, Woodruff & Salih 1987, eq. 3).

McDonald's ω (total, one factor): loadings from principal-axis factoring of the item correlation matrix
(start: squared multiple correlations; iterate communalities ``h = λ²`` to convergence, capped at 1), put
back in item units ``λᵢ·sᵢ``, and ``ω = (Σ λᵢ sᵢ)² / ((Σ λᵢ sᵢ)² + Σ (1 − λᵢ²) sᵢ²)`` (McDonald 1999, eq. 6.20b).
With three items the one-factor model is exactly identified and this reduces to ``λᵢ² = rᵢⱼ rᵢₖ / rⱼₖ``.

Measurement-invariance screen (a screen, not a formal configural/metric test — no SEM library is used):
per reported tier, each item's corrected item–rest correlation and one-factor loading. A dimension is not
comparable across tiers when, in some reported tier, an item's item–rest r falls below ``ITEM_REST_MIN``
or its loading below ``LOADING_MIN``, or an item's loadings in two tiers differ by more than
``LOADING_SPREAD_MAX`` and beyond sampling noise (Fisher-z test at the CI level; labelled assumptions in
``reference_figures.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from talentlib import parallel, reference
from talentlib.labels import in_sentence
from talentlib.leadership_fluency.inputs import Instrument, Responses
from talentlib.leadership_fluency.schema import CI_LEVEL, TIERS
from talentlib.leadership_fluency.scoring import dimension_block, reverse_code

#: Tier label of the pooled rows of the reliability table.
POOLED = "all"
#: Screen thresholds (labelled assumptions with their sources in ``reference_figures.csv``).
ITEM_REST_MIN = reference.figure("assumption.fluency_item_rest_min").value
LOADING_MIN = reference.figure("assumption.fluency_loading_min").value
LOADING_SPREAD_MAX = reference.figure("assumption.fluency_loading_spread_max").value
#: A standardised loading this close to 1 is a boundary (Heywood) estimate.
HEYWOOD = 0.99
RELIABILITY_COLUMNS = ["tier", "dimension", "n", "alpha", "alpha_ci_low", "alpha_ci_high", "omega", "flagged"]


def cronbach_alpha(items: np.ndarray) -> tuple[float, int]:
    """Cronbach's α of an item matrix, with listwise deletion.

    ``α = k / (k − 1) · (1 − Σ s²_item / s²_total)`` with sample variances (ddof = 1) over the respondents who
    answered every item.

    Args:
        items: ``[respondent, item]``, already reverse-coded; NaN = missing.

    Returns:
        (α, respondents used). α is NaN with fewer than 2 items, fewer than 3 complete respondents or a
        total score without variance.
    """
    complete = items[~np.isnan(items).any(axis=1)]
    n, k = complete.shape
    if k < 2 or n < 3:
        return float("nan"), int(n)
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), int(n)
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_var)), int(n)


def reliability_table(responses: Responses, instrument: Instrument, threshold: float = 0.7) -> pd.DataFrame:
    """Cronbach's α per dimension over all respondents (reverse-coded items, listwise deletion per dimension).

    Returns:
        Columns ``dimension, n_items, alpha, n_complete, reliable`` (``reliable``: α ≥ threshold).
    """

    def alpha_of(dimension: str) -> tuple[float, int]:
        return cronbach_alpha(
            dimension_block(responses.answers, instrument, instrument.item_positions(dimension))
        )

    alphas = parallel.map_ordered(alpha_of, instrument.dimensions, responses.answers.size)
    rows = []
    for dimension, (alpha, n) in zip(instrument.dimensions, alphas, strict=True):
        cols = instrument.item_positions(dimension)
        rows.append(
            {
                "dimension": dimension,
                "n_items": len(cols),
                "alpha": alpha,
                "n_complete": n,
                "reliable": bool(alpha >= threshold) if np.isfinite(alpha) else False,
            }
        )
    return pd.DataFrame(rows)


def item_statistics(responses: Responses, instrument: Instrument) -> pd.DataFrame:
    """Per item: answers, mean (after reverse-coding), corrected item–rest correlation, α if the item is dropped.

    A reverse-coded item with a negative item–rest correlation usually means it was not reverse-coded in
    the instrument file (or respondents misread it).

    Returns:
        Columns ``item_id, dimension, reverse_coded, n_answered, mean, item_rest_r, alpha_if_dropped``.
    """
    coded = reverse_code(responses.answers, instrument.reverse)
    rows = []
    for dimension in instrument.dimensions:
        cols = instrument.item_positions(dimension)
        block = coded[:, cols]
        complete = block[~np.isnan(block).any(axis=1)]
        for j, col in enumerate(cols):
            rest_cols = [c for c in range(len(cols)) if c != j]
            rest = complete[:, rest_cols].sum(axis=1)
            item = complete[:, j]
            ok = complete.shape[0] >= 3 and item.std() > 0 and rest.std() > 0
            r = float(np.corrcoef(item, rest)[0, 1]) if ok else float("nan")
            drop_alpha = cronbach_alpha(block[:, rest_cols])[0] if len(rest_cols) >= 2 else float("nan")
            rows.append(
                {
                    "item_id": instrument.item_ids[col],
                    "dimension": dimension,
                    "reverse_coded": bool(instrument.reverse[col]),
                    "n_answered": int((~np.isnan(coded[:, col])).sum()),
                    "mean": float(np.nanmean(coded[:, col]))
                    if (~np.isnan(coded[:, col])).any()
                    else float("nan"),
                    "item_rest_r": r,
                    "alpha_if_dropped": drop_alpha,
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# Feldt interval, one-factor loadings, McDonald's ω


def feldt_interval(alpha: float, n: int, k: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Feldt (1965) confidence interval of Cronbach's α (formula in the module docstring).

    Args:
        alpha: Sample α.
        n: Respondents used (complete cases).
        k: Items.
        level: Coverage, e.g. 0.95.

    Returns:
        (low, high); NaN when α is NaN or n < 2 or k < 2.
    """
    if not np.isfinite(alpha) or n < 2 or k < 2:
        return float("nan"), float("nan")
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * special.fdtri(df1, df2, 1 - tail)
    high = 1 - (1 - alpha) * special.fdtri(df1, df2, tail)
    return float(low), float(high)


def one_factor_loadings(complete: np.ndarray, max_iter: int = 1000, tol: float = 1e-10) -> np.ndarray:
    """Standardised loadings of a one-factor model by iterated principal-axis factoring.

    Args:
        complete: ``[respondent, item]`` without missing cells.
        max_iter: Iteration cap.
        tol: Convergence tolerance on the communalities.

    Returns:
        One loading per item (signed so that their sum is non-negative; |λ| ≤ 1), NaN when an item does not
        vary or there are fewer than 3 respondents or 2 items.
    """
    n, k = complete.shape
    sd = complete.std(axis=0, ddof=1) if n >= 2 else np.zeros(k)
    if n < 3 or k < 2 or (sd == 0).any():
        return np.full(k, np.nan)
    corr = np.corrcoef(complete, rowvar=False)
    communality = np.clip(1 - 1 / np.diag(np.linalg.pinv(corr)), 0.005, 1.0)
    loadings = np.zeros(k)
    for _ in range(max_iter):
        reduced = corr.copy()
        np.fill_diagonal(reduced, communality)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * np.sqrt(max(values[-1], 0.0))
        updated = np.minimum(loadings**2, 1.0)
        if np.max(np.abs(updated - communality)) < tol:
            break
        communality = updated
    return np.clip(loadings if loadings.sum() >= 0 else -loadings, -1.0, 1.0)


def mcdonald_omega(items: np.ndarray) -> float:
    """McDonald's ω (total) of an item matrix from a one-factor model, listwise deletion.

    ``ω = (Σ λᵢ sᵢ)² / ((Σ λᵢ sᵢ)² + Σ (1 − λᵢ²) sᵢ²)`` with the loadings of :func:`one_factor_loadings`.

    Args:
        items: ``[respondent, item]``, reverse-coded; NaN = missing.

    Returns:
        ω, NaN where the loadings are.
    """
    complete = items[~np.isnan(items).any(axis=1)]
    loadings = one_factor_loadings(complete)
    if not np.isfinite(loadings).all():
        return float("nan")
    sd = complete.std(axis=0, ddof=1)
    common = float(np.sum(loadings * sd)) ** 2
    unique = float(np.sum((1 - loadings**2) * sd**2))
    return common / (common + unique) if common + unique > 0 else float("nan")


# ---------------------------------------------------------------------------------------------------------
# Per tier


def tier_groups(tiers: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """``("all", every row)`` then each present tier in ``TIERS`` order with its row mask."""
    groups = [(POOLED, np.ones(tiers.shape[0], dtype=bool))]
    return groups + [(tier, tiers == tier) for tier in TIERS if (tiers == tier).any()]


def reliability_row(block: np.ndarray, min_group_size: int, threshold: float) -> dict[str, object]:
    """α (with its Feldt interval), ω and the flag of one dimension in one group; suppressed when n is small.

    Args:
        block: The group's reverse-coded answers to the dimension's items.
        min_group_size: Smallest number of complete respondents reported.
        threshold: α below which the scale is flagged.

    Returns:
        ``n, alpha, alpha_ci_low, alpha_ci_high, omega, flagged, suppressed`` (values NaN when suppressed).
    """
    alpha, n = cronbach_alpha(block)
    if n < min_group_size:
        nan = float("nan")
        return dict(
            n=np.nan,
            alpha=nan,
            alpha_ci_low=nan,
            alpha_ci_high=nan,
            omega=nan,
            flagged=False,
            suppressed=True,
        )
    low, high = feldt_interval(alpha, n, block.shape[1])
    return dict(
        n=n,
        alpha=alpha,
        alpha_ci_low=low,
        alpha_ci_high=high,
        omega=mcdonald_omega(block),
        flagged=not (np.isfinite(alpha) and alpha >= threshold),
        suppressed=False,
    )


def tier_reliability_table(
    responses: Responses, instrument: Instrument, min_group_size: int, threshold: float = 0.7
) -> pd.DataFrame:
    """Reliability per dimension, pooled (tier ``all``) and per tier (the ``tables/reliability.csv`` contract).

    Returns:
        Columns ``tier, dimension, n, alpha, alpha_ci_low, alpha_ci_high, omega, flagged`` plus ``n_items``
        and ``suppressed`` for display (fewer than ``min_group_size`` complete respondents: values empty).
    """
    rows = []
    for tier, mask in tier_groups(responses.tier):
        answers = responses.answers[mask]
        for dimension in instrument.dimensions:
            cols = instrument.item_positions(dimension)
            block = dimension_block(answers, instrument, cols)
            row = reliability_row(block, min_group_size, threshold)
            rows.append({"tier": tier, "dimension": dimension, "n_items": len(cols), **row})
    table = pd.DataFrame(rows, columns=[*RELIABILITY_COLUMNS, "n_items", "suppressed"])
    table["n"] = table["n"].astype("Int64")
    return table


def flagged_scales(table: pd.DataFrame) -> dict[str, list[str]]:
    """Per group (``all`` and tiers) the dimensions flagged as unreliable (reported rows only)."""
    rows = table[table["flagged"] & ~table["suppressed"]]
    return {str(t): part["dimension"].tolist() for t, part in rows.groupby("tier", sort=False)}


# ---------------------------------------------------------------------------------------------------------
# Measurement-invariance screen


def item_rest_correlations(complete: np.ndarray) -> np.ndarray:
    """Corrected item–rest correlation of each column of a complete item matrix (NaN without variance)."""
    total = complete.sum(axis=1)
    out = np.full(complete.shape[1], np.nan)
    for j in range(complete.shape[1]):
        rest = total - complete[:, j]
        if complete.shape[0] >= 3 and complete[:, j].std() > 0 and rest.std() > 0:
            out[j] = np.corrcoef(complete[:, j], rest)[0, 1]
    return out


def invariance_screen(responses: Responses, instrument: Instrument, min_group_size: int) -> pd.DataFrame:
    """Item–rest correlations and one-factor loadings per tier and item (tiers with enough complete answers).

    Returns:
        Columns ``tier, dimension, item_id, n, item_rest_r, loading, weak`` (``weak``: item–rest r below
        ``ITEM_REST_MIN`` or loading below ``LOADING_MIN``, or either not computable). Groups with fewer
        than ``min_group_size`` complete respondents are left out.
    """
    rows = []
    for tier, mask in tier_groups(responses.tier)[1:]:
        answers = responses.answers[mask]
        for dimension in instrument.dimensions:
            cols = instrument.item_positions(dimension)
            block = dimension_block(answers, instrument, cols)
            complete = block[~np.isnan(block).any(axis=1)]
            if complete.shape[0] < min_group_size:
                continue
            r, loading = item_rest_correlations(complete), one_factor_loadings(complete)
            for j, col in enumerate(cols):
                weak = not (r[j] >= ITEM_REST_MIN and loading[j] >= LOADING_MIN)
                rows.append(
                    {
                        "tier": tier,
                        "dimension": dimension,
                        "item_id": instrument.item_ids[col],
                        "n": int(complete.shape[0]),
                        "item_rest_r": float(r[j]),
                        "loading": float(loading[j]),
                        "weak": weak,
                    }
                )
    return pd.DataFrame(rows, columns=["tier", "dimension", "item_id", "n", "item_rest_r", "loading", "weak"])


def loading_differences(part: pd.DataFrame) -> pd.DataFrame:
    """Pairs of tiers per item whose loadings differ by more than ``LOADING_SPREAD_MAX`` **and** beyond noise.

    Noise: loadings are compared as correlations with the factor on Fisher's z scale,
    ``|atanh λ₁ − atanh λ₂| / √(1/(n₁ − 3) + 1/(n₂ − 3)) > z(0.975)`` — a screen, since an estimated
    loading's error is not exactly that of a correlation. A loading at the boundary (|λ| ≥ ``HEYWOOD``, a
    Heywood case, common in small groups) has no usable z and is left out of the pairs.

    Args:
        part: Rows of :func:`invariance_screen` for one dimension.

    Returns:
        Columns ``item_id, tier_a, tier_b, difference`` of the pairs that differ.
    """
    z_crit = float(special.ndtri(1 - (1 - CI_LEVEL) / 2))
    rows = []
    for item, rows_item in part.groupby("item_id", sort=False):
        tiers = rows_item.to_dict("records")
        for i, a in enumerate(tiers):
            for b in tiers[i + 1 :]:
                diff = abs(a["loading"] - b["loading"])
                heywood = max(abs(a["loading"]), abs(b["loading"])) >= HEYWOOD
                if (
                    heywood
                    or not (np.isfinite(diff) and diff > LOADING_SPREAD_MAX)
                    or min(a["n"], b["n"]) <= 3
                ):
                    continue
                za, zb = np.arctanh(a["loading"]), np.arctanh(b["loading"])
                if abs(za - zb) / np.sqrt(1 / (a["n"] - 3) + 1 / (b["n"] - 3)) > z_crit:
                    rows.append(
                        {"item_id": item, "tier_a": a["tier"], "tier_b": b["tier"], "difference": diff}
                    )
    return pd.DataFrame(rows, columns=["item_id", "tier_a", "tier_b", "difference"])


def noncomparable_dimensions(screen: pd.DataFrame) -> dict[str, str]:
    """Dimensions the tiers cannot be compared on, each with the reason (computed from the screen).

    A dimension fails when an item is weak in some screened tier, or an item's loadings in two tiers differ
    by more than ``LOADING_SPREAD_MAX`` and beyond sampling noise (:func:`loading_differences`). Needs at
    least two screened tiers on the dimension.
    """
    out = {}
    for dimension, part in screen.groupby("dimension", sort=False):
        if part["tier"].nunique() < 2:
            continue
        weak = part[part["weak"]]
        differ = loading_differences(part)
        reasons = []
        if len(weak):
            tiers = ", ".join(dict.fromkeys(weak["tier"].map(in_sentence)))
            reasons.append(
                f"{len(weak)} item-tier pair(s) below item–rest r {ITEM_REST_MIN:g} or loading {LOADING_MIN:g} ({tiers})"
            )
        if len(differ):
            reasons.append(
                f"{len(differ)} item loading(s) differ between tiers by up to {differ['difference'].max():.2f} "
                f"(screen: more than {LOADING_SPREAD_MAX:g} and beyond sampling noise)"
            )
        if reasons:
            out[str(dimension)] = "; ".join(reasons)
    return out
