"""Krippendorff's unitizing alpha (alpha_U) over spans, as DKPro Statistics computes it.

Krippendorff (2004), "Measuring the reliability of qualitative text analysis data",
Quality & Quantity 38; implemented after DKPro Statistics' `KrippendorffAlphaUnitizingAgreement`
(Meyer et al. 2014) and checked against its tests. The continuum is [0, length); each
coder's units of one category (label) cut it into units and gaps. Per category c:

- observed disagreement D_O(c) = 2 Σ_{coder pairs} Σ_{overlapping segments g, h} δ(g, h)
  / (R (R − 1) L²), with δ = (start difference)² + (end difference)² for two overlapping
  units, l² for a unit of length l lying inside a gap of the other coder, else 0;
- expected disagreement D_E(c) = (2 / L) Σ_{units u of c} [(N_c − 1)(2l³ − 3l² + l)/3
  + l² Σ_{gaps g, |g| ≥ l} (|g| − l + 1)] / (R L (R L − 1) − Σ_u l(l − 1)).

alpha_U(c) = 1 − D_O(c) / D_E(c) (0 where the two are equal); overall, D_O and D_E are
averaged over the categories first. Sums are kept in integers and the ratios in
fractions, so equal disagreements compare equal exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import numpy as np

from desktop.domain import Span

Unit = tuple[int, int, str]  # (start, end, label) on the continuum


@dataclass(frozen=True, slots=True)
class UnitizingScore:
    """alpha_U with its observed and expected disagreement (None where undefined)."""

    alpha: float | None
    observed: float | None
    expected: float | None


def merge_units(units: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping (start, end) ranges joined into their union; touching ones kept apart."""
    starts, ends = _merge(
        np.array([u[0] for u in units], dtype=np.int64),
        np.array([u[1] for u in units], dtype=np.int64),
    )
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _merge(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted, non-overlapping units: overlapping ones joined, empty ones dropped."""
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if not len(starts):
        return starts, ends
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new = np.r_[True, starts[1:] >= reach[:-1]]
    firsts = np.flatnonzero(new)
    return starts[new], np.maximum.reduceat(ends, firsts)


def _segments(
    starts: np.ndarray, ends: np.ndarray, length: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segment starts, whether each is a unit, and the gap lengths, covering [0, length)."""
    gap_starts = np.r_[0, ends].astype(np.int64)
    gap_ends = np.r_[starts, length].astype(np.int64)
    real = gap_ends > gap_starts
    gap_starts, gap_ends = gap_starts[real], gap_ends[real]
    all_starts = np.concatenate([starts, gap_starts])
    is_unit = np.concatenate([np.ones(len(starts), bool), np.zeros(len(gap_starts), bool)])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], is_unit[order], gap_ends - gap_starts


def _pair_distance(
    one: tuple[np.ndarray, np.ndarray], other: tuple[np.ndarray, np.ndarray], length: int
) -> int:
    """Σ δ over every pair of overlapping segments of two coders (see the module docstring)."""
    starts1, unit1 = one
    starts2, unit2 = other
    if not unit1.any() and not unit2.any():
        return 0
    ends1 = np.append(starts1[1:], length)
    ends2 = np.append(starts2[1:], length)
    cuts = np.union1d(starts1, starts2)
    k1 = np.searchsorted(starts1, cuts, side="right") - 1
    k2 = np.searchsorted(starts2, cuts, side="right") - 1
    s1, e1, u1 = starts1[k1], ends1[k1], unit1[k1]
    s2, e2, u2 = starts2[k2], ends2[k2], unit2[k2]
    both = u1 & u2
    total = int((((s1 - s2) ** 2 + (e1 - e2) ** 2) * both).sum())
    inside1 = u1 & ~u2 & (s2 <= s1) & (e1 <= e2)
    total += int((((e1 - s1) ** 2) * inside1).sum())
    inside2 = u2 & ~u1 & (s1 <= s2) & (e2 <= e1)
    total += int((((e2 - s2) ** 2) * inside2).sum())
    return total


def _category(
    coders: Sequence[tuple[np.ndarray, np.ndarray]], length: int
) -> tuple[Fraction, Fraction, bool]:
    """D_O and D_E of one category from each coder's merged (starts, ends), and whether any
    of its units has a length."""
    r = len(coders)
    segments = [_segments(starts, ends, length) for starts, ends in coders]
    observed = sum(
        _pair_distance(segments[i][:2], segments[j][:2], length)
        for i, j in combinations(range(r), 2)
    )
    sizes, counts = np.unique(
        np.concatenate([ends - starts for starts, ends in coders]), return_counts=True
    )
    n_c = int(counts.sum())
    gaps = np.sort(np.concatenate([seg[2] for seg in segments]))
    suffix_sums = np.r_[0, np.cumsum(gaps)]
    first = np.searchsorted(gaps, sizes, side="left")
    total = 0
    squared = 0
    for size, count, at in zip(sizes.tolist(), counts.tolist(), first.tolist(), strict=True):
        squared += count * size * (size - 1)
        n_long = len(gaps) - at
        long_sum = int(suffix_sums[-1] - suffix_sums[at])
        within = long_sum - (size - 1) * n_long  # Σ_{g ≥ l} (g − l + 1)
        cubic = (2 * size**3 - 3 * size**2 + size) // 3
        total += count * ((n_c - 1) * cubic + size * size * within)
    d_o = Fraction(2 * observed, r * (r - 1) * length * length)
    denominator = length * (r * length * (r * length - 1) - squared)
    d_e = Fraction(2 * total, denominator) if denominator else Fraction(0)
    return d_o, d_e, n_c > 0


def _ratio(d_o: Fraction, d_e: Fraction) -> float | None:
    if d_o == d_e:
        return 0.0
    if d_e == 0:
        return None
    return float(1 - d_o / d_e)


def alpha_u_arrays(
    coders: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], length: int, labels: Sequence[str]
) -> tuple[UnitizingScore, dict[str, UnitizingScore]]:
    """alpha_U, overall and per category, of coders' units as (starts, ends, label indices).

    `labels[k]` names label index k. A coder's overlapping units of one category are joined
    first (the measure assumes they do not overlap). Overall is None without any unit,
    fewer than two coders or no text.
    """
    r = len(coders)
    used = sorted({int(k) for _, _, codes in coders for k in np.unique(codes).tolist()})
    by_label: dict[str, UnitizingScore] = {}
    if r < 2 or length <= 0 or not used:
        return UnitizingScore(None, None, None), by_label
    sum_o = sum_e = Fraction(0)
    informative = False
    for k in sorted(used, key=lambda k: labels[k]):
        d_o, d_e, has_length = _category(
            [_merge(starts[codes == k], ends[codes == k]) for starts, ends, codes in coders], length
        )
        informative = informative or has_length
        by_label[labels[k]] = UnitizingScore(_ratio(d_o, d_e), float(d_o), float(d_e))
        sum_o += d_o
        sum_e += d_e
    d_o, d_e = sum_o / len(used), sum_e / len(used)
    overall: float | None = _ratio(d_o, d_e)
    if d_o == d_e and d_o == 0 and informative:
        overall = 1.0
    return UnitizingScore(overall, float(d_o), float(d_e)), by_label


def alpha_u(
    coders: Sequence[Sequence[Unit]], length: int
) -> tuple[UnitizingScore, dict[str, UnitizingScore]]:
    """alpha_U over all categories, and per category, of coders' (start, end, label) units."""
    labels = sorted({label for units in coders for _, _, label in units})
    index = {label: k for k, label in enumerate(labels)}
    arrays = [
        (
            np.array([u[0] for u in units], dtype=np.int64),
            np.array([u[1] for u in units], dtype=np.int64),
            np.array([index[u[2]] for u in units], dtype=np.int64),
        )
        for units in coders
    ]
    return alpha_u_arrays(arrays, length, labels)


def spans_alpha_u(
    layers: Sequence[Mapping[str, Sequence[Span]]], text_lengths: Mapping[str, int]
) -> tuple[UnitizingScore, dict[str, UnitizingScore]]:
    """alpha_U of layers' spans, the documents of `text_lengths` laid end to end in order."""
    coders: list[list[Unit]] = [[] for _ in layers]
    offset = 0
    for doc_id, length in text_lengths.items():
        for units, by_doc in zip(coders, layers, strict=True):
            units.extend(
                (offset + s.start, offset + s.end, s.label) for s in by_doc.get(doc_id, ())
            )
        offset += length
    return alpha_u(coders, offset)
