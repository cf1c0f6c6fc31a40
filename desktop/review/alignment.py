"""Align two layers' spans of one document: exact, overlap, and same-range (label-blind) matching.

Overlap: same label, >= 1 shared code point; one-to-one by maximum matching (the most pairs,
then the largest total overlap; `desktop.review.matching`), or greedily, largest overlap first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from desktop.domain import Span
from desktop.review.matching import greedy_pairs, maximum_overlap_pairs

Mode = Literal["exact", "overlap"]
MODES: tuple[Mode, ...] = ("exact", "overlap")
Matching = Literal["maximum", "greedy"]
MATCHINGS: tuple[Matching, ...] = ("maximum", "greedy")


@dataclass(frozen=True, slots=True)
class Alignment:
    """Matched pairs (a span, b span) and what each side has that the other lacks."""

    matched: list[tuple[Span, Span]] = field(default_factory=list)
    only_a: list[Span] = field(default_factory=list)
    only_b: list[Span] = field(default_factory=list)

    def swapped(self) -> Alignment:
        """The same alignment seen from b's side."""
        return Alignment([(b, a) for a, b in self.matched], list(self.only_b), list(self.only_a))


def _position(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


def _finish(a: Sequence[Span], b: Sequence[Span], pairs: list[tuple[int, int]]) -> Alignment:
    """Build an Alignment from index pairs, everything in document order."""
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    matched = sorted(((a[i], b[j]) for i, j in pairs), key=lambda p: (_position(p[0]), p[1].start))
    only_a = sorted((s for i, s in enumerate(a) if i not in used_a), key=_position)
    only_b = sorted((s for j, s in enumerate(b) if j not in used_b), key=_position)
    return Alignment(matched, only_a, only_b)


def _pair_by_key(
    a: Sequence[Span],
    b: Sequence[Span],
    key: Callable[[Span], Hashable],
    skip_a: set[int] | frozenset[int] = frozenset(),
    skip_b: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Pair spans with equal keys, the i-th of a key in a with the i-th in b (input order)."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for j, span in enumerate(b):
        if j not in skip_b:
            waiting[key(span)].append(j)
    pairs: list[tuple[int, int]] = []
    for i, span in enumerate(a):
        if i in skip_a:
            continue
        queue = waiting.get(key(span))
        if queue:
            pairs.append((i, queue.pop(0)))
    return pairs


def align(
    a: Sequence[Span], b: Sequence[Span], mode: Mode = "exact", matching: Matching = "maximum"
) -> Alignment:
    """Match the spans of two layers in one document.

    `exact`: same (start, end, label); `overlap`: same label and at least one shared code
    point, one-to-one by `matching` ("maximum" or "greedy", module docstring). Duplicates
    pair up in input order; every span ends up in exactly one of matched, only_a, only_b.
    """
    if mode == "exact":
        pairs = _pair_by_key(a, b, _position)
    elif mode == "overlap":
        if matching == "maximum":
            pairs = maximum_overlap_pairs(a, b)
        elif matching == "greedy":
            pairs = greedy_pairs(a, b)
        else:
            raise ValueError(f"matching must be 'maximum' or 'greedy', got {matching!r}")
    else:
        raise ValueError(f"alignment mode must be 'exact' or 'overlap', got {mode!r}")
    return _finish(a, b, pairs)


def align_ranges(a: Sequence[Span], b: Sequence[Span]) -> Alignment:
    """Match spans covering the same range whatever their labels (same label paired first)."""
    exact = _pair_by_key(a, b, _position)
    rest = _pair_by_key(
        a,
        b,
        lambda s: (s.start, s.end),
        skip_a={i for i, _ in exact},
        skip_b={j for _, j in exact},
    )
    return _finish(a, b, exact + rest)


def label_disagreements(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Pairs (a span, b span) on the same range with different labels, in document order."""
    return [(x, y) for x, y in align_ranges(a, b).matched if x.label != y.label]
