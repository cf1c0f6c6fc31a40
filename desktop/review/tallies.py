"""Per-document tallies of every agreement measure, computed once for all pairs of layers.

The compared documents are laid end to end and cut at every span boundary into
segments; each layer gives each segment its innermost label (see `char_labels`) and a
presence flag per label. Per-character counts are then sums of segment lengths, taken
per document with `numpy.bincount`. Spans are matched across a pair once over all
documents (exact by (document, start, end, label) in input order; overlap by maximum
matching or greedily). Every tally is an additive count per document, so a measure over
any set of documents, or over a bootstrap resample, is a measure of summed tallies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from desktop.domain import Relation, Span
from desktop.review.agreement import OUTSIDE
from desktop.review.alignment import Matching
from desktop.review.span_tallies import (
    attribute_counts,
    attribute_ids,
    exact_pairs,
    kind_names,
    overlap_pairs,
    role_counts,
    role_rows,
    span_confusion,
)

Key = tuple[int, int, int, str]  # (document, start, end, label)


@dataclass
class PairTallies:
    """Counts per document (rows) of one pair of layers; labels are `Tallies.labels`."""

    a: str
    b: str
    confusion: np.ndarray  # (D, K, K) characters: innermost label of a (row) and of b
    presence: np.ndarray  # (D, L, 3) characters where a has label l, b has it, both have it
    exact: np.ndarray  # (D, L, 3) spans: tp, a's count, b's count (exact matching)
    overlap: np.ndarray  # (D, L) tp of overlap matching
    roles: np.ndarray  # (D, 3) role triples: tp, a's count, b's count
    span_confusion: np.ndarray  # (D, K, K) spans on the same range: a's label (row), b's
    attributes: dict[str, np.ndarray]  # (D, 2) exact pairs agreeing on it, carrying it


@dataclass
class Tallies:
    """Tallies of every pair, and of all layers together, for the documents in order."""

    layers: list[str]
    doc_ids: list[str]
    lengths: np.ndarray  # (D,) characters
    labels: list[str]  # L labels, sorted; index 0 of K = L + 1 is "O"
    pairs: list[PairTallies]
    squares: np.ndarray  # (D,) Σ over characters of Σ_c n_c², n_c = layers giving label c
    totals: np.ndarray  # (D, K) characters × layers per label
    attribute_names: list[str]  # every attribute set on a span of a compared document
    rows: list[np.ndarray]  # per layer, (document, start, end, label index) of its spans


def _flatten(
    by_doc: Mapping[str, Sequence[Span]], doc_ids: list[str]
) -> tuple[list[Span], np.ndarray]:
    """A layer's spans of the documents in order, and the document index of each."""
    spans: list[Span] = []
    counts = np.zeros(len(doc_ids), dtype=np.int64)
    for d, doc_id in enumerate(doc_ids):
        found = by_doc.get(doc_id)
        if found:
            spans.extend(found)
            counts[d] = len(found)
    return spans, np.repeat(np.arange(len(doc_ids), dtype=np.int64), counts)


def _layer_arrays(
    spans: list[Span], docs: np.ndarray, lengths: np.ndarray, label_at: dict[str, int]
) -> np.ndarray:
    """(document, start, end, label index) of each span, checked against the text lengths."""
    n = len(spans)
    starts = np.fromiter((s.start for s in spans), dtype=np.int64, count=n)
    ends = np.fromiter((s.end for s in spans), dtype=np.int64, count=n)
    labels = np.fromiter((label_at[s.label] for s in spans), dtype=np.int64, count=n)
    past = np.flatnonzero(ends > lengths[docs])
    if len(past):
        k = int(past[0])
        raise ValueError(f"span {starts[k]}-{ends[k]} ends past the text ({lengths[docs[k]]})")
    return np.stack([docs, starts, ends, labels], axis=1).reshape(-1, 4)


def tally(
    layers: Mapping[str, Mapping[str, Sequence[Span]]],
    relations: Mapping[str, Mapping[str, Sequence[Relation]]],
    text_lengths: Mapping[str, int],
    matching: Matching = "maximum",
) -> Tallies:
    """Tallies of `layers` over the documents of `text_lengths`, in its order."""
    names = list(layers)
    doc_ids = list(text_lengths)
    lengths = [int(text_lengths[d]) for d in doc_ids]
    docs = len(doc_ids)
    flat = [_flatten(layers[n], doc_ids) for n in names]
    labels = sorted({s.label for spans, _ in flat for s in spans})
    label_at = {label: k + 1 for k, label in enumerate(labels)}
    k_all = len(labels) + 1
    offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    length_array = np.array(lengths, dtype=np.int64)
    data = [(spans, _layer_arrays(spans, doc_of, length_array, label_at)) for spans, doc_of in flat]

    cuts = [offsets]
    for _, rows in data:
        cuts += [offsets[rows[:, 0]] + rows[:, 1], offsets[rows[:, 0]] + rows[:, 2]]
    bounds = np.unique(np.concatenate(cuts))
    seg_len = np.diff(bounds)
    seg_doc = np.searchsorted(offsets, bounds[:-1], side="right") - 1
    seg_count = len(seg_len)

    innermost: list[np.ndarray] = []
    present: list[np.ndarray] = []  # (L, segments) bool per layer
    for _, rows in data:
        first = np.searchsorted(bounds, offsets[rows[:, 0]] + rows[:, 1])
        last = np.searchsorted(bounds, offsets[rows[:, 0]] + rows[:, 2])
        paint = np.zeros(seg_count, dtype=np.int64)
        order = np.lexsort((-rows[:, 3], rows[:, 1], -(rows[:, 2] - rows[:, 1])))
        for lo, hi, label in zip(
            first[order].tolist(), last[order].tolist(), rows[order, 3].tolist(), strict=True
        ):
            paint[lo:hi] = label
        innermost.append(paint)
        width = seg_count + 1
        cover = np.bincount(rows[:, 3] * width + first, minlength=k_all * width)
        cover -= np.bincount(rows[:, 3] * width + last, minlength=k_all * width)
        present.append(np.cumsum(cover.reshape(k_all, width), axis=1)[1:, :-1] > 0)

    def by_doc(weights: np.ndarray) -> np.ndarray:
        return np.bincount(seg_doc, weights=weights, minlength=docs).astype(np.int64)

    counts = np.zeros((seg_count, k_all), dtype=np.int64)
    for paint in innermost:
        counts[np.arange(seg_count), paint] += 1
    squares = by_doc(seg_len * (counts**2).sum(axis=1))
    totals = np.stack([by_doc(seg_len * counts[:, c]) for c in range(k_all)], axis=1)

    roles: dict[str, int] = {}
    role_table = [
        role_rows(relations.get(n, {}), spans, rows, roles)
        for n, (spans, rows) in zip(names, data, strict=True)
    ]
    kinds: dict = {}
    attr_ids = [attribute_ids(spans, kinds) for spans, _ in data]
    names_of = kind_names(kinds)
    attribute_set = {name for names in names_of.values() for name in names}
    for key in kinds:
        if not isinstance(key, tuple):  # unhashable values: names from the spans
            attribute_set.update(
                n for spans, _ in data for sp in spans for n, v in sp.attrs.items() if v is not None
            )
            break
    pairs: list[PairTallies] = []
    for x, y in combinations(range(len(names)), 2):
        (a_spans, a_rows), (b_spans, b_rows) = data[x], data[y]
        code = seg_doc * k_all * k_all + innermost[x] * k_all + innermost[y]
        confusion = np.bincount(code, weights=seg_len, minlength=docs * k_all * k_all)
        presence = np.zeros((docs, len(labels), 3), dtype=np.int64)
        for lab in range(len(labels)):
            has_a, has_b = present[x][lab], present[y][lab]
            presence[:, lab, 0] = by_doc(seg_len * has_a)
            presence[:, lab, 1] = by_doc(seg_len * has_b)
            presence[:, lab, 2] = by_doc(seg_len * (has_a & has_b))
        matched = exact_pairs(a_rows, b_rows)
        exact = np.zeros((docs, len(labels), 3), dtype=np.int64)
        size = docs * k_all
        exact[:, :, 0] = _doc_label_counts(a_rows[matched[0]], size, k_all)
        exact[:, :, 1] = _doc_label_counts(a_rows, size, k_all)
        exact[:, :, 2] = _doc_label_counts(b_rows, size, k_all)
        overlap = _doc_label_counts(a_rows[overlap_pairs(a_rows, b_rows, matching)], size, k_all)
        pairs.append(
            PairTallies(
                names[x],
                names[y],
                confusion.reshape(docs, k_all, k_all).astype(np.int64),
                presence,
                exact,
                overlap,
                role_counts(role_table[x], role_table[y], docs),
                span_confusion(a_rows, b_rows, matched, docs, k_all),
                attribute_counts(
                    a_spans, attr_ids[x], a_rows, b_spans, attr_ids[y], matched, names_of, docs
                ),
            )
        )
    attribute_names = sorted(attribute_set)
    return Tallies(
        names,
        doc_ids,
        np.array(lengths, dtype=np.int64),
        labels,
        pairs,
        squares,
        totals,
        attribute_names,
        [rows for _, rows in data],
    )


def _doc_label_counts(rows: np.ndarray, size: int, k_all: int) -> np.ndarray:
    """(D, L) how many of the spans fall on each document and label."""
    counts = np.bincount(rows[:, 0] * k_all + rows[:, 3], minlength=size)
    return counts.reshape(-1, k_all)[:, 1:]


def label_names(tallies: Tallies) -> list[str]:
    """The K labels of the per-character matrices: "O" first, then the span labels."""
    return [OUTSIDE, *tallies.labels]
