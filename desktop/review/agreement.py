"""Agreement measures between annotation layers, as pure functions named as in the literature.

Every measure returns None when there is nothing to compare, never a division by zero.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from desktop.domain import Relation, Span
from desktop.review.alignment import Mode, align

SpansByDoc = Mapping[str, Sequence[Span]]
RelationsByDoc = Mapping[str, Sequence[Relation]]
Unit = tuple[str | None, ...]

OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class F1Counts:
    """True positives, false positives and false negatives of b measured against a."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: F1Counts) -> F1Counts:
        return F1Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp), None without any b item."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn), None without any a item."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """F1 = 2TP / (2TP + FP + FN) (van Rijsbergen 1979, "Information Retrieval")."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None


@dataclass(frozen=True, slots=True)
class AttributeCounts:
    """How many compared span pairs carried an attribute, and how many agreed on its value."""

    agreeing: int = 0
    compared: int = 0

    def __add__(self, other: AttributeCounts) -> AttributeCounts:
        return AttributeCounts(self.agreeing + other.agreeing, self.compared + other.compared)

    @property
    def share(self) -> float | None:
        """agreeing / compared, None when no pair carried the attribute."""
        return self.agreeing / self.compared if self.compared else None


def _doc_ids(*by_doc: Mapping[str, object]) -> list[str]:
    """The union of the documents, in first-seen order."""
    return list(dict.fromkeys(doc_id for mapping in by_doc for doc_id in mapping))


def _position(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.label)


# Spans


def span_counts_by_label(
    a_spans_by_doc: SpansByDoc, b_spans_by_doc: SpansByDoc, mode: Mode = "exact"
) -> dict[str, F1Counts]:
    """Per label, tp/fp/fn of aligned spans summed over documents (a missing doc has no spans)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc_id in _doc_ids(a_spans_by_doc, b_spans_by_doc):
        alignment = align(a_spans_by_doc.get(doc_id, ()), b_spans_by_doc.get(doc_id, ()), mode)
        tp.update(x.label for x, _ in alignment.matched)
        fn.update(x.label for x in alignment.only_a)
        fp.update(y.label for y in alignment.only_b)
    labels = sorted(tp.keys() | fp.keys() | fn.keys())
    return {label: F1Counts(tp[label], fp[label], fn[label]) for label in labels}


def span_counts(
    a_spans_by_doc: SpansByDoc,
    b_spans_by_doc: SpansByDoc,
    mode: Mode = "exact",
    label: str | None = None,
) -> F1Counts:
    """tp/fp/fn of aligned spans summed over documents, for one label or all of them."""
    by_label = span_counts_by_label(a_spans_by_doc, b_spans_by_doc, mode)
    if label is not None:
        return by_label.get(label, F1Counts())
    return sum(by_label.values(), F1Counts())


def span_f1(
    a_spans_by_doc: SpansByDoc,
    b_spans_by_doc: SpansByDoc,
    mode: Mode = "exact",
    label: str | None = None,
) -> float | None:
    """Micro F1 = 2ΣTP / (2ΣTP + ΣFP + ΣFN) over documents (van Rijsbergen 1979)."""
    return span_counts(a_spans_by_doc, b_spans_by_doc, mode, label).f1


def span_f1_by_label(
    a_spans_by_doc: SpansByDoc, b_spans_by_doc: SpansByDoc, mode: Mode = "exact"
) -> dict[str, float | None]:
    """Micro F1 per label, for every label either side used (sorted by label)."""
    by_label = span_counts_by_label(a_spans_by_doc, b_spans_by_doc, mode)
    return {label: counts.f1 for label, counts in by_label.items()}


# Per-character labels


def char_label_runs(spans: Iterable[Span], length: int) -> list[tuple[int, int, str]]:
    """`char_labels` run-length encoded: maximal (start, end, label) runs covering [0, length)."""
    ordered = sorted(spans, key=lambda s: s.start)
    if length < 0:
        raise ValueError(f"text length must not be negative, got {length}")
    for span in ordered:
        if span.end > length:
            raise ValueError(f"span {span.start}-{span.end} ends past the text ({length})")
    cuts = sorted({0, length, *(s.start for s in ordered), *(s.end for s in ordered)})
    covering: list[tuple[int, int, str, int]] = []  # heap; the innermost span is on top
    runs: list[tuple[int, int, str]] = []
    k = 0
    for lo, hi in pairwise(cuts):
        while k < len(ordered) and ordered[k].start <= lo:
            span = ordered[k]
            heapq.heappush(covering, (span.length, -span.start, span.label, span.end))
            k += 1
        while covering and covering[0][3] <= lo:
            heapq.heappop(covering)
        label = covering[0][2] if covering else OUTSIDE
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], hi, label)
        else:
            runs.append((lo, hi, label))
    return runs


def char_labels(spans: Iterable[Span], length: int) -> list[str]:
    """One label per code point of a text of `length`, "O" outside every span.

    Where spans nest or overlap, the innermost wins: the shortest span covering the
    character; among equally short ones the later start; then the label first in name order.
    A span ending past `length` raises ValueError.
    """
    labels: list[str] = []
    for start, end, label in char_label_runs(spans, length):
        labels.extend([label] * (end - start))
    return labels


def char_unit_counts(layers: Sequence[Iterable[Span]], length: int) -> Counter[tuple[str, ...]]:
    """How many characters of one text carry each tuple of labels (one label per layer)."""
    counts: Counter[tuple[str, ...]] = Counter()
    if not layers or length == 0:
        return counts
    all_runs = [char_label_runs(spans, length) for spans in layers]
    cuts = sorted({start for runs in all_runs for start, _, _ in runs} | {length})
    at = [0] * len(all_runs)
    for lo, hi in pairwise(cuts):
        unit = []
        for r, runs in enumerate(all_runs):
            while runs[at[r]][1] <= lo:
                at[r] += 1
            unit.append(runs[at[r]][2])
        counts[tuple(unit)] += hi - lo
    return counts


# Chance-corrected agreement


def cohen_kappa_from_counts(pair_counts: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from counts of (label a, label b) pairs; see `cohen_kappa`."""
    n = agreeing = 0
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    for (x, y), count in pair_counts.items():
        n += count
        rows[x] += count
        cols[y] += count
        if x == y:
            agreeing += count
    chance = sum(rows[c] * cols[c] for c in rows)
    # (p_o - p_e) / (1 - p_e) multiplied through by n², so that it stays exact in integers.
    denominator = n * n - chance
    if denominator == 0:
        return None
    return (n * agreeing - chance) / denominator


def cohen_kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> float | None:
    """κ = (p_o − p_e) / (1 − p_e) (Cohen 1960, "A coefficient of agreement for nominal scales").

    Undefined, hence None, where scikit-learn's `cohen_kappa_score` returns its
    `replace_undefined_by` value or fails: no items, or both sides using one and the same
    label throughout (p_e = 1). Sequences of different lengths raise ValueError.
    """
    if len(labels_a) != len(labels_b):
        raise ValueError(f"cannot compare {len(labels_a)} labels with {len(labels_b)}")
    return cohen_kappa_from_counts(Counter(zip(labels_a, labels_b, strict=True)))


def krippendorff_alpha_from_counts(
    unit_counts: Mapping[Unit, int] | Mapping[tuple[str, ...], int],
) -> float | None:
    """Nominal alpha from counts of identical units (tuples of coders' values); see below."""
    n_c: Counter[str] = Counter()
    same_pairs: defaultdict[int, int] = defaultdict(int)  # m_u -> Σ_u Σ_c n_cu (n_cu - 1)
    for unit, count in unit_counts.items():
        values = Counter(v for v in unit if v is not None)
        m = sum(values.values())
        if m < 2 or count <= 0:
            continue  # a unit with fewer than two values has no pairable values
        for value, k in values.items():
            n_c[value] += count * k
        same_pairs[m] += count * sum(k * (k - 1) for k in values.values())
    n = sum(n_c.values())
    expected = n * n - sum(k * k for k in n_c.values())  # Σ_{c≠k} n_c n_k
    if expected == 0:
        return None  # no pairable values, or a single value throughout
    observed_same = sum(Fraction(pairs, m - 1) for m, pairs in same_pairs.items())  # Σ_c o_cc
    return float(1 - (n - 1) * (n - observed_same) / expected)


def krippendorff_alpha(units: Iterable[Sequence[str | None]]) -> float | None:
    """α = 1 − (n−1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, nominal (Krippendorff 2011, "Computing K's α").

    `units` holds one sequence per unit with every coder's value, None where a coder gave
    none; any number of coders. Identical units are counted first, then the coincidence
    matrix is built from the counts. None when fewer than two values are pairable or only
    one value occurs.
    """
    return krippendorff_alpha_from_counts(Counter(map(tuple, units)))


# Roles and attributes


def _role_triples(
    relations: Iterable[Relation], spans: Iterable[Span]
) -> Counter[tuple[str, tuple[int, int, str], tuple[int, int, str]]]:
    """(role, head position, child position) for each relation whose two spans are known."""
    by_id = {span.id: span for span in spans}
    triples: Counter[tuple[str, tuple[int, int, str], tuple[int, int, str]]] = Counter()
    for relation in relations:
        head, child = by_id.get(relation.head_id), by_id.get(relation.child_id)
        if head is not None and child is not None:
            triples[(relation.label, _position(head), _position(child))] += 1
    return triples


def role_counts(
    a_relations: RelationsByDoc,
    a_spans: SpansByDoc,
    b_relations: RelationsByDoc,
    b_spans: SpansByDoc,
) -> F1Counts:
    """tp/fp/fn of (role, head (start, end, label), child (start, end, label)) triples.

    Counted per document, then summed; a relation whose head or child is not among its
    layer's spans of that document is left out.
    """
    total = F1Counts()
    for doc_id in _doc_ids(a_relations, b_relations):
        a = _role_triples(a_relations.get(doc_id, ()), a_spans.get(doc_id, ()))
        b = _role_triples(b_relations.get(doc_id, ()), b_spans.get(doc_id, ()))
        tp = sum((a & b).values())
        total += F1Counts(tp, b.total() - tp, a.total() - tp)
    return total


def role_f1(
    a_relations: RelationsByDoc,
    a_spans: SpansByDoc,
    b_relations: RelationsByDoc,
    b_spans: SpansByDoc,
) -> float | None:
    """Micro F1 = 2ΣTP / (2ΣTP + ΣFP + ΣFN) of role triples (van Rijsbergen 1979)."""
    return role_counts(a_relations, a_spans, b_relations, b_spans).f1


def attribute_counts(
    a_spans_by_doc: SpansByDoc, b_spans_by_doc: SpansByDoc
) -> dict[str, AttributeCounts]:
    """Per attribute, exactly matched span pairs where a side has it, and how many agree.

    An attribute set to None counts as absent. Every attribute name found on any span is
    listed (sorted), with zero counts when no matched pair carried it.
    """
    agreeing: Counter[str] = Counter()
    compared: Counter[str] = Counter()
    names: set[str] = set()
    for doc_id in _doc_ids(a_spans_by_doc, b_spans_by_doc):
        a, b = a_spans_by_doc.get(doc_id, ()), b_spans_by_doc.get(doc_id, ())
        for span in (*a, *b):
            names.update(name for name, value in span.attrs.items() if value is not None)
        for x, y in align(a, b, "exact").matched:
            carried = {n for n, v in x.attrs.items() if v is not None}
            carried.update(n for n, v in y.attrs.items() if v is not None)
            for name in carried:
                compared[name] += 1
                if x.attrs.get(name) == y.attrs.get(name):
                    agreeing[name] += 1
    return {name: AttributeCounts(agreeing[name], compared[name]) for name in sorted(names)}


def attribute_agreement(
    a_spans_by_doc: SpansByDoc, b_spans_by_doc: SpansByDoc
) -> dict[str, float | None]:
    """Per attribute, agreeing / compared exact span pairs that carry it (observed agreement)."""
    counts = attribute_counts(a_spans_by_doc, b_spans_by_doc)
    return {name: c.share for name, c in counts.items()}
