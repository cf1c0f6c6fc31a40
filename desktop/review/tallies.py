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

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from desktop.domain import Relation, Span
from desktop.review.agreement import OUTSIDE
from desktop.review.alignment import Matching
from desktop.review.matching import maximum_pairs

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


def _layer_arrays(
    by_doc: Mapping[str, Sequence[Span]], doc_ids: list[str], lengths: list[int], label_at: dict
) -> tuple[list[Span], np.ndarray]:
    """A layer's spans of the documents in order, and (doc, start, end, label) as an array."""
    spans: list[Span] = []
    rows: list[tuple[int, int, int, int]] = []
    for d, doc_id in enumerate(doc_ids):
        for span in by_doc.get(doc_id, ()):
            if span.end > lengths[d]:
                raise ValueError(f"span {span.start}-{span.end} ends past the text ({lengths[d]})")
            spans.append(span)
            rows.append((d, span.start, span.end, label_at[span.label]))
    array = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return spans, array


def _exact_pairs(a: list[Span], a_rows: np.ndarray, b: list[Span], b_rows: np.ndarray):
    """Index pairs with the same document, start, end and label, the i-th with the i-th."""
    waiting: dict[tuple, list[int]] = defaultdict(list)
    for j, row in enumerate(b_rows.tolist()):
        waiting[tuple(row)].append(j)
    pairs: list[tuple[int, int]] = []
    for i, row in enumerate(a_rows.tolist()):
        queue = waiting.get(tuple(row))
        if queue:
            pairs.append((i, queue.pop(0)))
    return pairs


def overlap_edges(a_rows: np.ndarray, b_rows: np.ndarray) -> tuple[np.ndarray, ...]:
    """(i, j, shared) for every same-document, same-label pair sharing a code point."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(a_rows) or not len(b_rows):
        return empty, empty, empty
    width = int(max(a_rows[:, 2].max(), b_rows[:, 2].max())) + 1
    labels = int(max(a_rows[:, 3].max(), b_rows[:, 3].max())) + 1
    a_group = a_rows[:, 0] * labels + a_rows[:, 3]
    b_group = b_rows[:, 0] * labels + b_rows[:, 3]
    b_key = b_group * width + b_rows[:, 1]
    order = np.argsort(b_key, kind="stable")
    sorted_key = b_key[order]
    lo = np.searchsorted(sorted_key, a_group * width, side="left")
    hi = np.searchsorted(sorted_key, a_group * width + a_rows[:, 2], side="left")
    counts = hi - lo
    i = np.repeat(np.arange(len(a_rows)), counts)
    first = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    j = order[first + np.arange(len(i))]
    shared = np.minimum(a_rows[i, 2], b_rows[j, 2]) - np.maximum(a_rows[i, 1], b_rows[j, 1])
    keep = shared > 0
    return i[keep], j[keep], shared[keep]


def _overlap_pairs(a_rows: np.ndarray, b_rows: np.ndarray, matching: Matching) -> np.ndarray:
    """Indices into a of the spans the overlap matching pairs."""
    i, j, shared = overlap_edges(a_rows, b_rows)
    if matching == "greedy":
        lo_start = np.minimum(a_rows[i, 1], b_rows[j, 1])
        hi_start = np.maximum(a_rows[i, 1], b_rows[j, 1])
        lo_end = np.minimum(a_rows[i, 2], b_rows[j, 2])
        hi_end = np.maximum(a_rows[i, 2], b_rows[j, 2])
        order = np.lexsort((j, i, hi_end, lo_end, hi_start, lo_start, -shared))
        used_a: set[int] = set()
        used_b: set[int] = set()
        for x, y in zip(i[order].tolist(), j[order].tolist(), strict=True):
            if x not in used_a and y not in used_b:
                used_a.add(x)
                used_b.add(y)
        return np.array(sorted(used_a), dtype=np.int64)
    if matching != "maximum":
        raise ValueError(f"matching must be 'maximum' or 'greedy', got {matching!r}")
    degree_a = np.bincount(i, minlength=len(a_rows))
    degree_b = np.bincount(j, minlength=len(b_rows))
    alone = (degree_a[i] == 1) & (degree_b[j] == 1)
    chosen = i[alone].tolist()
    tangled = ~alone
    edges = list(
        zip(i[tangled].tolist(), j[tangled].tolist(), shared[tangled].tolist(), strict=True)
    )
    chosen.extend(x for x, _ in maximum_pairs(edges))
    return np.array(chosen, dtype=np.int64)


def _role_keys(
    relations: Mapping[str, Sequence[Relation]], by_doc: Mapping[str, Sequence[Span]], doc_ids
) -> Counter:
    """(document, role, head position, child position) of every relation with known spans."""
    keys: Counter = Counter()
    for d, doc_id in enumerate(doc_ids):
        rels = relations.get(doc_id, ())
        if not rels:
            continue
        where = {s.id: (s.start, s.end, s.label) for s in by_doc.get(doc_id, ())}
        for relation in rels:
            head, child = where.get(relation.head_id), where.get(relation.child_id)
            if head is not None and child is not None:
                keys[(d, relation.label, head, child)] += 1
    return keys


def _per_doc(keys: Counter, docs: int) -> np.ndarray:
    out = np.zeros(docs, dtype=np.int64)
    for key, count in keys.items():
        out[key[0]] += count
    return out


def _span_confusion(
    a_rows: np.ndarray, b_rows: np.ndarray, exact: list[tuple[int, int]], docs: int, k: int
) -> np.ndarray:
    """(D, K, K) spans paired by range (same label first, then in input order), O for none."""
    codes: list[int] = [int(a_rows[x, 0] * k * k + a_rows[x, 3] * (k + 1)) for x, _ in exact]
    used_a = {x for x, _ in exact}
    used_b = {y for _, y in exact}
    waiting: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for y, row in enumerate(b_rows.tolist()):
        if y not in used_b:
            waiting[(row[0], row[1], row[2])].append(row[3])
    for x, row in enumerate(a_rows.tolist()):
        if x in used_a:
            continue
        queue = waiting.get((row[0], row[1], row[2]))
        codes.append(row[0] * k * k + row[3] * k + (queue.pop(0) if queue else 0))
    for (doc, _, _), queue in waiting.items():
        codes.extend(doc * k * k + label for label in queue)
    counts = np.bincount(np.array(codes, dtype=np.int64), minlength=docs * k * k)
    return counts.reshape(docs, k, k)


def _attribute_counts(
    a: list[Span], a_rows: np.ndarray, b: list[Span], exact: list[tuple[int, int]], docs: int
) -> dict[str, np.ndarray]:
    """Per attribute, (D, 2): exactly matched pairs that agree on it, and that carry it."""
    counts: dict[str, np.ndarray] = {}
    for x, y in exact:
        first, second = a[x].attrs, b[y].attrs
        if not first and not second:
            continue
        carried = {n for n, v in first.items() if v is not None}
        carried.update(n for n, v in second.items() if v is not None)
        doc = int(a_rows[x, 0])
        for name in carried:
            row = counts.get(name)
            if row is None:
                row = counts[name] = np.zeros((docs, 2), dtype=np.int64)
            row[doc, 1] += 1
            if first.get(name) == second.get(name):
                row[doc, 0] += 1
    return counts


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
    wanted = set(doc_ids)
    labels = sorted(
        {
            s.label
            for by_doc in layers.values()
            for d, ss in by_doc.items()
            if d in wanted
            for s in ss
        }
    )
    label_at = {label: k + 1 for k, label in enumerate(labels)}
    k_all = len(labels) + 1
    offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    data = [_layer_arrays(layers[n], doc_ids, lengths, label_at) for n in names]

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
        cover = np.zeros((k_all, seg_count + 1), dtype=np.int64)
        np.add.at(cover, (rows[:, 3], first), 1)
        np.add.at(cover, (rows[:, 3], last), -1)
        present.append(np.cumsum(cover, axis=1)[1:, :-1] > 0)

    def by_doc(weights: np.ndarray) -> np.ndarray:
        return np.bincount(seg_doc, weights=weights, minlength=docs).astype(np.int64)

    counts = np.zeros((seg_count, k_all), dtype=np.int64)
    for paint in innermost:
        counts[np.arange(seg_count), paint] += 1
    squares = by_doc(seg_len * (counts**2).sum(axis=1))
    totals = np.stack([by_doc(seg_len * counts[:, c]) for c in range(k_all)], axis=1)

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
        exact_pairs = _exact_pairs(a_spans, a_rows, b_spans, b_rows)
        exact = np.zeros((docs, len(labels), 3), dtype=np.int64)
        size = docs * k_all
        matched = np.array([i for i, _ in exact_pairs], dtype=np.int64)
        exact[:, :, 0] = _doc_label_counts(a_rows[matched], size, k_all)
        exact[:, :, 1] = _doc_label_counts(a_rows, size, k_all)
        exact[:, :, 2] = _doc_label_counts(b_rows, size, k_all)
        overlap = _doc_label_counts(a_rows[_overlap_pairs(a_rows, b_rows, matching)], size, k_all)
        role_a = _role_keys(relations.get(names[x], {}), layers[names[x]], doc_ids)
        role_b = _role_keys(relations.get(names[y], {}), layers[names[y]], doc_ids)
        roles = np.stack(
            [_per_doc(role_a & role_b, docs), _per_doc(role_a, docs), _per_doc(role_b, docs)],
            axis=1,
        )
        pairs.append(
            PairTallies(
                names[x],
                names[y],
                confusion.reshape(docs, k_all, k_all).astype(np.int64),
                presence,
                exact,
                overlap,
                roles,
                _span_confusion(a_rows, b_rows, exact_pairs, docs, k_all),
                _attribute_counts(a_spans, a_rows, b_spans, exact_pairs, docs),
            )
        )
    attribute_names = sorted(
        {
            n
            for spans, _ in data
            for s in spans
            if s.attrs
            for n, v in s.attrs.items()
            if v is not None
        }
    )
    return Tallies(
        names,
        doc_ids,
        np.array(lengths, dtype=np.int64),
        labels,
        pairs,
        squares,
        totals,
        attribute_names,
    )


def _doc_label_counts(rows: np.ndarray, size: int, k_all: int) -> np.ndarray:
    """(D, L) how many of the spans fall on each document and label."""
    counts = np.bincount(rows[:, 0] * k_all + rows[:, 3], minlength=size)
    return counts.reshape(-1, k_all)[:, 1:]


def label_names(tallies: Tallies) -> list[str]:
    """The K labels of the per-character matrices: "O" first, then the span labels."""
    return [OUTSIDE, *tallies.labels]
