"""Agreement measures: published worked examples, reference implementations, properties."""

from __future__ import annotations

import math
import warnings
from collections import Counter
from itertools import pairwise

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from desktop.domain import Relation, Span, new_id
from desktop.review.agreement import (
    F1Counts,
    attribute_agreement,
    char_label_runs,
    char_labels,
    char_unit_counts,
    cohen_kappa,
    krippendorff_alpha,
    role_counts,
    role_f1,
    span_counts,
    span_f1,
    span_f1_by_label,
)
from desktop.review.alignment import MODES, Mode

LABELS = ["ACTOR", "ALLEGATION", "RESPONSE"]


def span(start: int, end: int, label: str = "ACTOR", doc: str = "d1", **attrs: str) -> Span:
    return Span(new_id(), doc, "alice", start, end, label, dict(attrs))


def relation(head: Span, child: Span, label: str) -> Relation:
    return Relation(new_id(), head.doc_id, head.layer, label, head.id, child.id)


def copied(spans: list[Span]) -> list[Span]:
    return [s.with_changes(id=new_id(), layer="bob") for s in spans]


spans_in_30 = st.lists(
    st.builds(
        lambda start, length, label: span(start, min(30, start + length), label),
        st.integers(0, 29),
        st.integers(1, 12),
        st.sampled_from(LABELS),
    ),
    max_size=8,
)


def reference_char_labels(spans: list[Span], length: int) -> list[str]:
    """Innermost label by brute force: shortest covering span, then later start, then name."""
    labels = []
    for offset in range(length):
        covering = [s for s in spans if s.contains(offset)]
        best = min(covering, key=lambda s: (s.length, -s.start, s.label), default=None)
        labels.append(best.label if best else "O")
    return labels


# Worked examples from the literature

KRIPPENDORFF_2011 = [  # coders A-D x units 1-12, p. 3 of "Computing Krippendorff's Alpha"
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def as_units(coders: list[list[int | None]]) -> list[tuple[str | None, ...]]:
    return [
        tuple(None if v is None else str(v) for v in unit) for unit in zip(*coders, strict=True)
    ]


def reference_alpha(units: list[tuple[str | None, ...]]) -> float:
    values = sorted({v for unit in units for v in unit if v is not None})
    codes = {v: i for i, v in enumerate(values)}
    data = [
        [np.nan if v is None else codes[v] for v in coder] for coder in zip(*units, strict=True)
    ]
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


def test_krippendorff_alpha_matches_the_published_nominal_example() -> None:
    """Krippendorff (2011): 4 coders, 12 units with missing values, nominal alpha = 0.743."""
    alpha = krippendorff_alpha(as_units(KRIPPENDORFF_2011))
    assert alpha is not None
    assert round(alpha, 3) == 0.743
    assert alpha == pytest.approx(reference_alpha(as_units(KRIPPENDORFF_2011)), abs=1e-9)


def test_cohen_kappa_matches_the_textbook_example() -> None:
    """Wikipedia's 50 proposals: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no give kappa 0.4."""
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-9)


# Reference implementations on random data


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from("abcd")), min_size=1))
def test_cohen_kappa_agrees_with_scikit_learn(pairs: list[tuple[str, str]]) -> None:
    """Kappa equals sklearn's cohen_kappa_score, and is None exactly where that is undefined."""
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = cohen_kappa_score(a, b)
    ours = cohen_kappa(a, b)
    if math.isnan(expected):
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


units_strategy = st.integers(2, 5).flatmap(
    lambda coders: st.lists(
        st.tuples(*[st.one_of(st.none(), st.sampled_from("abcd"))] * coders), min_size=1
    )
)


@settings(max_examples=300)
@given(units_strategy)
def test_krippendorff_alpha_agrees_with_the_krippendorff_package(
    units: list[tuple[str | None, ...]],
) -> None:
    """Alpha equals krippendorff.alpha (nominal), and is None exactly where that one refuses."""
    ours = krippendorff_alpha(units)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = reference_alpha(units)
    except ValueError:
        assert ours is None
        return
    if math.isnan(expected):
        assert ours is None
    else:
        assert ours == pytest.approx(expected, abs=1e-9)


def test_krippendorff_alpha_handles_millions_of_repeated_units() -> None:
    """Three million mostly identical units give the package's alpha from per-unit value counts."""
    kinds = {("O", "O", "O"): 3_000_000, ("O", "A", "A"): 1000, ("A", "A", "A"): 5000}
    kinds[("A", None, "O")] = 300
    units = [unit for unit, count in kinds.items() for _ in range(count)]
    rows = [[u.count("O"), u.count("A")] for u in kinds]
    value_counts = np.repeat(np.array(rows), list(kinds.values()), axis=0)
    expected = krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-9)


# Degenerate input


def test_nothing_to_compare_gives_none() -> None:
    """Empty input gives None from every measure, never a division by zero."""
    assert span_f1({}, {}) is None
    assert span_f1({"d1": []}, {"d1": []}, "overlap") is None
    assert span_f1_by_label({}, {}) == {}
    assert cohen_kappa([], []) is None
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([("a", None), (None, "b")]) is None
    assert role_f1({}, {}, {}, {}) is None
    assert attribute_agreement({}, {}) == {}
    assert F1Counts().precision is None
    assert F1Counts().recall is None


def test_a_single_label_throughout_is_undefined() -> None:
    """Kappa and alpha are None when only one label occurs (expected agreement is 1)."""
    assert cohen_kappa(["O"] * 10, ["O"] * 10) is None
    assert krippendorff_alpha([("O", "O", "O")] * 10) is None


def test_sequences_of_different_lengths_are_refused() -> None:
    """Kappa refuses label sequences that do not line up."""
    with pytest.raises(ValueError, match="3 labels with 2"):
        cohen_kappa(["a", "b", "a"], ["a", "b"])


# Span F1


def test_span_f1_sums_counts_over_documents() -> None:
    """Micro F1 adds tp, fp and fn over documents before dividing."""
    a = {"d1": [span(0, 5), span(10, 20)], "d2": [span(0, 4, doc="d2")]}
    b = {"d1": [span(0, 5), span(12, 20)], "d3": [span(1, 2, doc="d3")]}
    assert span_counts(a, b, "exact") == F1Counts(tp=1, fp=2, fn=2)
    assert span_f1(a, b, "exact") == pytest.approx(2 / 6)
    assert span_counts(a, b, "overlap") == F1Counts(tp=2, fp=1, fn=1)
    assert span_f1(a, b, "overlap") == pytest.approx(4 / 6)


def test_span_f1_per_label() -> None:
    """The per-label variant scores each label on its own, and the label filter agrees."""
    a = {"d1": [span(0, 5, "ACTOR"), span(6, 9, "RESPONSE")]}
    b = {"d1": [span(0, 5, "ACTOR"), span(6, 9, "ALLEGATION")]}
    assert span_f1_by_label(a, b) == {"ACTOR": 1.0, "ALLEGATION": 0.0, "RESPONSE": 0.0}
    assert span_f1(a, b, label="ACTOR") == 1.0
    assert span_f1(a, b, label="EVIDENCE") is None


@given(st.dictionaries(st.sampled_from(["d1", "d2"]), spans_in_30, min_size=1))
def test_identical_layers_give_perfect_scores(layer: dict[str, list[Span]]) -> None:
    """A layer compared with a copy of itself scores 1.0 wherever a score is defined."""
    other = {doc: copied(spans) for doc, spans in layer.items()}
    has_spans = any(layer.values())
    for mode in MODES:
        assert span_f1(layer, other, mode) == (1.0 if has_spans else None)
    a = [label for doc in sorted(layer) for label in char_labels(layer[doc], 30)]
    b = [label for doc in sorted(other) for label in char_labels(other[doc], 30)]
    assert cohen_kappa(a, b) in ((1.0,) if len(set(a)) > 1 else (None,))
    alpha = krippendorff_alpha(list(zip(a, b, a, strict=True)))
    assert alpha in ((1.0,) if len(set(a)) > 1 else (None,))


@given(spans_in_30, spans_in_30, st.sampled_from(MODES))
def test_swapping_the_pair_changes_nothing(a: list[Span], b: list[Span], mode: Mode) -> None:
    """F1, kappa, alpha and attribute agreement are symmetric in the two layers."""
    by_a, by_b = {"d1": a}, {"d1": b}
    assert span_f1(by_a, by_b, mode) == span_f1(by_b, by_a, mode)
    la, lb = char_labels(a, 30), char_labels(b, 30)
    assert cohen_kappa(la, lb) == cohen_kappa(lb, la)
    assert krippendorff_alpha(list(zip(la, lb, strict=True))) == krippendorff_alpha(
        list(zip(lb, la, strict=True))
    )
    assert attribute_agreement(by_a, by_b) == attribute_agreement(by_b, by_a)


# Per-character labels


def test_innermost_label_wins_inside_nested_spans() -> None:
    """Inside nested spans each character takes the shortest covering span's label."""
    spans = [span(0, 10, "ALLEGATION"), span(2, 5, "ACTOR")]
    assert (
        char_labels(spans, 12)
        == ["ALLEGATION"] * 2 + ["ACTOR"] * 3 + ["ALLEGATION"] * 5 + ["O"] * 2
    )


def test_equally_short_spans_favour_the_later_start_then_label_order() -> None:
    """Equal lengths: the later start wins; same range too: the label first in name order."""
    crossing = [span(2, 6, "RESPONSE"), span(0, 4, "ACTOR")]
    assert char_labels(crossing, 6) == ["ACTOR"] * 2 + ["RESPONSE"] * 4
    same_range = [span(0, 3, "RESPONSE"), span(0, 3, "ALLEGATION")]
    assert char_labels(same_range, 4) == ["ALLEGATION"] * 3 + ["O"]


def test_char_labels_refuse_spans_past_the_text() -> None:
    """A span ending after the text is an error, not silently clipped."""
    with pytest.raises(ValueError, match="past the text"):
        char_labels([span(3, 8)], 5)


@given(spans_in_30)
def test_char_labels_follow_the_innermost_rule(spans: list[Span]) -> None:
    """char_labels equals a brute-force application of the rule, and its runs are maximal."""
    assert char_labels(spans, 30) == reference_char_labels(spans, 30)
    runs = char_label_runs(spans, 30)
    assert all(x[1] == y[0] and x[2] != y[2] for x, y in pairwise(runs))


@given(st.lists(spans_in_30, min_size=1, max_size=4))
def test_char_unit_counts_tally_label_tuples(layers: list[list[Span]]) -> None:
    """Counting label tuples by runs equals counting per character."""
    per_char = Counter(zip(*(char_labels(spans, 30) for spans in layers), strict=True))
    assert char_unit_counts(layers, 30) == per_char


# Roles and attributes


def test_role_f1_compares_roles_by_span_positions() -> None:
    """Roles match on (role, head position and label, child position and label), not ids."""
    accuser, claim, accused = span(0, 3), span(5, 15, "ALLEGATION"), span(20, 25)
    a_spans = [accuser, claim, accused]
    a_rel = [relation(claim, accuser, "accuser"), relation(claim, accused, "accused")]
    b_spans = copied(a_spans)
    b_rel = [
        relation(b_spans[1], b_spans[0], "accuser"),
        relation(b_spans[1], b_spans[2], "victim"),
    ]
    counts = role_counts({"d1": a_rel}, {"d1": a_spans}, {"d1": b_rel}, {"d1": b_spans})
    assert counts == F1Counts(tp=1, fp=1, fn=1)
    assert role_f1({"d1": a_rel}, {"d1": a_spans}, {"d1": b_rel}, {"d1": b_spans}) == 0.5
    assert role_f1({"d1": a_rel}, {"d1": a_spans}, {"d1": a_rel}, {"d1": a_spans}) == 1.0
    assert role_f1({"d1": b_rel}, {"d1": b_spans}, {"d1": a_rel}, {"d1": a_spans}) == 0.5


def test_role_f1_counts_per_document() -> None:
    """The same triple in two different documents is not a match."""
    head, child = span(0, 3, "RESPONSE"), span(5, 9, "ALLEGATION")
    other_head, other_child = span(0, 3, "RESPONSE", "d2"), span(5, 9, "ALLEGATION", "d2")
    a = ({"d1": [relation(head, child, "responds_to")]}, {"d1": [head, child]})
    b = (
        {"d2": [relation(other_head, other_child, "responds_to")]},
        {"d2": [other_head, other_child]},
    )
    assert role_counts(*a, *b) == F1Counts(tp=0, fp=1, fn=1)


def test_attribute_agreement_compares_exactly_matched_pairs() -> None:
    """Per attribute, the share of exact matches carrying it whose values agree."""
    a = [
        span(0, 3, kind="state"),
        span(5, 8, kind="media"),
        span(10, 12, kind="person"),
        span(20, 30, "ALLEGATION", status="hedged"),
        span(40, 44, stance="deny"),
    ]
    b = [
        span(0, 3, kind="state"),
        span(5, 8, kind="group"),
        span(10, 12),
        span(20, 30, "ALLEGATION", status="hedged"),
        span(40, 45, stance="deny"),
    ]
    assert attribute_agreement({"d1": a}, {"d1": b}) == {
        "kind": pytest.approx(1 / 3),
        "stance": None,
        "status": 1.0,
    }
