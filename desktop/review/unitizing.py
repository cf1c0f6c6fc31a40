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

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate, combinations

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
    merged: list[tuple[int, int]] = []
    for start, end in sorted(units):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _segments(
    units: list[tuple[int, int]], length: int
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Segment starts, whether each is a unit, and the gap lengths, covering [0, length)."""
    starts: list[int] = []
    is_unit: list[bool] = []
    gaps: list[int] = []
    pos = 0
    for start, end in units:
        if start > pos:
            starts.append(pos)
            is_unit.append(False)
            gaps.append(start - pos)
        starts.append(start)
        is_unit.append(True)
        pos = end
    if pos < length:
        starts.append(pos)
        is_unit.append(False)
        gaps.append(length - pos)
    return np.array(starts, dtype=np.int64), np.array(is_unit, dtype=bool), gaps


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
    coders: Sequence[list[tuple[int, int]]], length: int
) -> tuple[Fraction, Fraction, bool]:
    """D_O and D_E of one category, and whether any of its units has a length."""
    r = len(coders)
    segments = [_segments(units, length) for units in coders]
    observed = sum(
        _pair_distance(segments[i][:2], segments[j][:2], length)
        for i, j in combinations(range(r), 2)
    )
    lengths = Counter(end - start for units in coders for start, end in units)
    n_c = lengths.total()
    gaps = sorted(g for _, _, coder_gaps in segments for g in coder_gaps)
    suffix_count = len(gaps)
    suffix_sums = [0, *accumulate(gaps)]
    gap_total = suffix_sums[-1]
    total = 0
    squared = 0
    for size, count in lengths.items():
        squared += count * size * (size - 1)
        first = bisect_left(gaps, size)
        n_long = suffix_count - first
        long_sum = gap_total - suffix_sums[first]
        within = long_sum - (size - 1) * n_long  # Σ_{g ≥ l} (g − l + 1)
        cubic = (2 * size**3 - 3 * size**2 + size) // 3
        total += count * ((n_c - 1) * cubic + size * size * within)
    d_o = Fraction(2 * observed, r * (r - 1) * length * length)
    denominator = length * (r * length * (r * length - 1) - squared)
    d_e = Fraction(2 * total, denominator) if denominator else Fraction(0)
    return d_o, d_e, bool(lengths)


def _ratio(d_o: Fraction, d_e: Fraction) -> float | None:
    if d_o == d_e:
        return 0.0
    if d_e == 0:
        return None
    return float(1 - d_o / d_e)


def alpha_u(
    coders: Sequence[Sequence[Unit]], length: int
) -> tuple[UnitizingScore, dict[str, UnitizingScore]]:
    """alpha_U over all categories, and per category, of coders' units on [0, length).

    A coder's overlapping units of one category are joined first (the measure assumes they
    do not overlap). Overall is None without any unit, fewer than two coders or no text.
    """
    r = len(coders)
    labels = sorted({label for units in coders for _, _, label in units})
    by_label: dict[str, UnitizingScore] = {}
    if r < 2 or length <= 0 or not labels:
        return UnitizingScore(None, None, None), by_label
    grouped: list[dict[str, list[tuple[int, int]]]] = []
    for units in coders:
        per_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for start, end, label in units:
            per_label[label].append((start, end))
        grouped.append(per_label)
    sum_o = sum_e = Fraction(0)
    informative = False
    for label in labels:
        d_o, d_e, has_length = _category(
            [merge_units(per_label.get(label, ())) for per_label in grouped], length
        )
        informative = informative or has_length
        by_label[label] = UnitizingScore(_ratio(d_o, d_e), float(d_o), float(d_e))
        sum_o += d_o
        sum_e += d_e
    d_o, d_e = sum_o / len(labels), sum_e / len(labels)
    overall: float | None = _ratio(d_o, d_e)
    if d_o == d_e and d_o == 0 and informative:
        overall = 1.0
    return UnitizingScore(overall, float(d_o), float(d_e)), by_label


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
