"""Span alignment: exact, overlap (maximum or greedy matching), and same-range matching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import Span, new_id
from desktop.review.alignment import MODES, Mode, align, align_ranges, label_disagreements


def span(start: int, end: int, label: str = "ACTOR", **attrs: str) -> Span:
    return Span(new_id(), "d1", "alice", start, end, label, dict(attrs))


def ranges(s: list[tuple[Span, Span]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [((x.start, x.end), (y.start, y.end)) for x, y in s]


span_lists = st.lists(
    st.builds(
        lambda start, length, label: span(start, start + length, label),
        st.integers(0, 30),
        st.integers(1, 10),
        st.sampled_from(["ACTOR", "ALLEGATION"]),
    ),
    max_size=8,
)


def test_exact_needs_same_range_and_label() -> None:
    """Exact mode pairs only spans with equal start, end and label."""
    a = [span(0, 5), span(10, 15, "ALLEGATION"), span(20, 25)]
    b = [span(0, 5), span(10, 15, "RESPONSE"), span(20, 26)]
    result = align(a, b, "exact")
    assert ranges(result.matched) == [((0, 5), (0, 5))]
    assert [(s.start, s.label) for s in result.only_a] == [(10, "ALLEGATION"), (20, "ACTOR")]
    assert [(s.start, s.label) for s in result.only_b] == [(10, "RESPONSE"), (20, "ACTOR")]


def test_exact_pairs_duplicates_one_to_one() -> None:
    """Two identical spans in a and one in b give one match and one leftover."""
    result = align([span(0, 5), span(0, 5)], [span(0, 5)], "exact")
    assert len(result.matched) == 1
    assert len(result.only_a) == 1
    assert result.only_b == []


def test_overlap_needs_same_label_and_a_shared_code_point() -> None:
    """Touching ranges do not overlap; overlapping ranges with other labels do not match."""
    result = align([span(0, 5), span(10, 15)], [span(5, 9), span(12, 20, "RESPONSE")], "overlap")
    assert result.matched == []
    assert len(result.only_a) == 2
    assert len(result.only_b) == 2


def test_overlap_prefers_the_largest_overlap() -> None:
    """Greedily, and by maximum matching too, the pair sharing the most code points wins."""
    a = [span(0, 10)]
    b = [span(0, 3), span(5, 12)]
    assert ranges(align(a, b, "overlap").matched) == [((0, 10), (5, 12))]
    result = align(a, b, "overlap", "greedy")
    assert ranges(result.matched) == [((0, 10), (5, 12))]
    assert [(s.start, s.end) for s in result.only_b] == [(0, 3)]


def test_overlap_breaks_ties_by_earlier_start() -> None:
    """Between two equal overlaps the candidate with the earlier start wins."""
    result = align([span(2, 6)], [span(4, 8), span(0, 4)], "overlap", "greedy")
    assert ranges(result.matched) == [((2, 6), (0, 4))]


def test_greedy_misses_a_pair_the_maximum_matching_finds() -> None:
    """Greedy largest-overlap-first pairs one span here; the maximum matching pairs both."""
    a = [span(0, 10), span(8, 11)]
    b = [span(1, 11), span(0, 2)]
    greedy = align(a, b, "overlap", "greedy")
    assert ranges(greedy.matched) == [((0, 10), (1, 11))]
    assert [(s.start, s.end) for s in greedy.only_a] == [(8, 11)]
    best = align(a, b, "overlap")
    assert ranges(best.matched) == [((0, 10), (0, 2)), ((8, 11), (1, 11))]
    assert best.only_a == [] and best.only_b == []


def test_unknown_matching_is_refused() -> None:
    """A matching other than maximum or greedy raises ValueError."""
    with pytest.raises(ValueError, match="matching"):
        align([span(0, 2)], [span(1, 3)], "overlap", "best")  # type: ignore[arg-type]


@given(span_lists, span_lists, st.sampled_from(MODES))
def test_alignment_is_one_to_one_and_complete(a: list[Span], b: list[Span], mode: Mode) -> None:
    """Every span is matched at most once and ends up in exactly one of the three lists."""
    result = align(a, b, mode)
    left = [id(x) for x, _ in result.matched] + [id(x) for x in result.only_a]
    right = [id(y) for _, y in result.matched] + [id(y) for y in result.only_b]
    assert sorted(left) == sorted(id(x) for x in a)
    assert sorted(right) == sorted(id(y) for y in b)
    for x, y in result.matched:
        assert x.label == y.label
        assert x.overlaps(y)
        if mode == "exact":
            assert x.same_range(y)


@given(span_lists, span_lists, st.sampled_from(MODES))
def test_swapping_sides_matches_as_many(a: list[Span], b: list[Span], mode: Mode) -> None:
    """align(b, a) matches as many spans as align(a, b)."""
    assert len(align(a, b, mode).matched) == len(align(b, a, mode).matched)


def test_overlap_matches_each_exact_pair_when_nothing_competes() -> None:
    """Identical layers align completely in overlap mode too."""
    a = [span(0, 5), span(3, 9), span(3, 9, "ALLEGATION"), span(20, 22)]
    result = align(a, list(a), "overlap")
    assert all(x is y for x, y in result.matched)
    assert result.only_a == result.only_b == []


def test_unknown_mode_is_refused() -> None:
    """A mode other than exact or overlap raises ValueError."""
    with pytest.raises(ValueError, match="fuzzy"):
        align([], [], "fuzzy")  # type: ignore[arg-type]


def test_same_range_alignment_finds_label_disagreements() -> None:
    """Same-range spans pair regardless of label, same labels first; the rest are disagreements."""
    a = [span(0, 5, "ACTOR"), span(0, 5, "ALLEGATION"), span(10, 12, "RESPONSE")]
    b = [span(0, 5, "EVIDENCE"), span(0, 5, "ACTOR"), span(10, 13, "RESPONSE")]
    result = align_ranges(a, b)
    assert sorted((x.label, y.label) for x, y in result.matched) == [
        ("ACTOR", "ACTOR"),
        ("ALLEGATION", "EVIDENCE"),
    ]
    assert [(x.label, y.label) for x, y in label_disagreements(a, b)] == [
        ("ALLEGATION", "EVIDENCE")
    ]
    assert [(s.start, s.end) for s in result.only_a] == [(10, 12)]
    assert [(s.start, s.end) for s in result.only_b] == [(10, 13)]
