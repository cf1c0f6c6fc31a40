"""Coefficients from summed tallies, for whole arrays at once, and bootstrap intervals.

Every function takes counts with any leading shape (one set of sums, or one per bootstrap
resample) and returns float arrays, NaN where the coefficient is undefined. The bootstrap
resamples documents with replacement (Efron & Tibshirani 1993): a resample's tallies are
the per-document tallies weighted by how often each document was drawn; the interval is
the percentile interval of the resampled coefficients, undefined resamples left out.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping

import numpy as np
from numpy.typing import ArrayLike

CHUNK = 100  # resamples drawn at a time (memory: CHUNK x documents weights)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denominator != 0, numerator / np.where(denominator != 0, denominator, 1), np.nan
        )


def cohen_kappa(confusion: ArrayLike) -> np.ndarray:
    """κ = (n·agree − Σ_c rows_c·cols_c) / (n² − Σ_c rows_c·cols_c) of (..., K, K) counts."""
    c = np.asarray(confusion, dtype=np.float64)
    n = c.sum(axis=(-1, -2))
    agree = np.trace(c, axis1=-2, axis2=-1)
    chance = (c.sum(axis=-1) * c.sum(axis=-2)).sum(axis=-1)
    return _divide(n * agree - chance, n * n - chance)


def agreement_shares(confusion: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Observed p_o = agree / n and expected p_e = Σ_c rows_c·cols_c / n² of (..., K, K)."""
    c = np.asarray(confusion, dtype=np.float64)
    n = c.sum(axis=(-1, -2))
    agree = np.trace(c, axis1=-2, axis2=-1)
    chance = (c.sum(axis=-1) * c.sum(axis=-2)).sum(axis=-1)
    return _divide(agree, n), _divide(chance, n * n)


def presence_table(a: ArrayLike, b: ArrayLike, both: ArrayLike, n: ArrayLike) -> np.ndarray:
    """(..., 2, 2) present/absent table from characters a has, b has, both have, and all."""
    a, b, both, n = (np.asarray(v, dtype=np.float64) for v in (a, b, both, n))
    n = np.broadcast_to(n, a.shape)
    table = np.stack(
        [np.stack([both, a - both], axis=-1), np.stack([b - both, n - a - b + both], axis=-1)],
        axis=-2,
    )
    return table


def f1(tp: ArrayLike, fp: ArrayLike, fn: ArrayLike) -> np.ndarray:
    """F1 = 2TP / (2TP + FP + FN)."""
    tp, fp, fn = (np.asarray(v, dtype=np.float64) for v in (tp, fp, fn))
    return _divide(2 * tp, 2 * tp + fp + fn)


def fleiss_kappa(
    chars: ArrayLike, squares: ArrayLike, totals: ArrayLike, raters: int
) -> np.ndarray:
    """Fleiss (1971) κ = (P̄ − P_e) / (1 − P_e), characters as subjects, layers as raters.

    P̄ = (Σ_i Σ_j n_ij² − N·R) / (N·R·(R − 1)), P_e = Σ_j (Σ_i n_ij / (N·R))².
    """
    n = np.asarray(chars, dtype=np.float64)
    if raters < 2:
        return np.full(np.shape(n), np.nan)
    s = np.asarray(squares, dtype=np.float64)
    t = np.asarray(totals, dtype=np.float64)
    ratings = n * raters
    p_bar = _divide(s - ratings, ratings * (raters - 1))
    p_e = _divide((t * t).sum(axis=-1), ratings * ratings)
    return _divide(p_bar - p_e, 1 - p_e)


def krippendorff_alpha(
    chars: ArrayLike, squares: ArrayLike, totals: ArrayLike, raters: int
) -> np.ndarray:
    """Nominal α = 1 − (n − 1)(n − Σ_c o_cc) / (n² − Σ_c n_c²), every layer labelling every
    character: n = N·R, Σ_c o_cc = (Σ_i Σ_c n_ic² − n) / (R − 1), n_c the label totals."""
    n = np.asarray(chars, dtype=np.float64) * raters
    if raters < 2:
        return np.full(np.shape(n), np.nan)
    s = np.asarray(squares, dtype=np.float64)
    t = np.asarray(totals, dtype=np.float64)
    same = (s - n) / (raters - 1)
    return 1 - _divide((n - 1) * (n - same), n * n - (t * t).sum(axis=-1))


def value(x: np.ndarray | float) -> float | None:
    """A plain float, None for NaN."""
    number = float(x)
    return None if np.isnan(number) else number


def resample_weights(docs: int, resamples: int, seed: int) -> Iterator[np.ndarray]:
    """How often each document is drawn, (resamples x docs), CHUNK resamples at a time.

    Each resample draws `docs` documents uniformly with replacement from a numpy
    generator seeded with `seed`, so equal arguments give equal weights.
    """
    rng = np.random.default_rng(seed)
    done = 0
    while done < resamples:
        size = min(CHUNK, resamples - done)
        drawn = rng.integers(0, docs, size=(size, docs))
        rows = np.arange(size)[:, None] * docs
        counts = np.bincount((drawn + rows).ravel(), minlength=size * docs)
        yield counts.reshape(size, docs).astype(np.float64)
        done += size


Part = tuple[np.ndarray, Callable[[np.ndarray], np.ndarray]]


def intervals(
    parts: Mapping[str, Part], level: float, resamples: int, seed: int
) -> dict[str, np.ndarray]:
    """Percentile intervals (..., 2) of each `measure` over document resamples.

    `parts[name]` is (features, measure): per-document tallies (documents x ...), all with
    the same documents, and a function of summed tallies (resamples x ...) giving the
    coefficients (resamples x ...). Every part sees the same resamples. NaN where no
    resample gives a defined coefficient, or there are no documents.
    """
    docs = next(iter(parts.values()))[0].shape[0] if parts else 0
    if docs == 0 or resamples <= 0:
        out = {}
        for name, (features, measure) in parts.items():
            probe = measure(np.zeros((1, *features.shape[1:])))
            out[name] = np.full((*probe.shape[1:], 2), np.nan)
        return out
    flat = {name: f.reshape(docs, -1).astype(np.float64) for name, (f, _) in parts.items()}
    values: dict[str, list[np.ndarray]] = {name: [] for name in parts}
    for weights in resample_weights(docs, resamples, seed):
        for name, (features, measure) in parts.items():
            sums = (weights @ flat[name]).reshape((len(weights), *features.shape[1:]))
            values[name].append(measure(sums))
    tail = (1 - level) / 2 * 100
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for name, chunks in values.items():
            bounds = np.nanpercentile(np.concatenate(chunks), [tail, 100 - tail], axis=0)
            out[name] = np.moveaxis(bounds, 0, -1)
    return out
