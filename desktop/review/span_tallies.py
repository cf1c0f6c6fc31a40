"""Spans of two layers matched over all documents at once, and what the matches count.

Rows are (document, start, end, label index) arrays, one per span, in input order.
Exact matching pairs equal rows, the i-th of a kind in a with the i-th in b (as
`desktop.review.alignment.align` does per document); overlap matching pairs same-label
spans of one document that share a code point, by maximum matching or greedily.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from desktop.domain import Relation, Span
from desktop.review.alignment import Matching
from desktop.review.matching import maximum_pairs


def _unused(size: int, used: np.ndarray) -> np.ndarray:
    """Indices below `size` not in `used`."""
    free = np.ones(size, dtype=bool)
    free[used] = False
    return np.flatnonzero(free)


def row_keys(a_keys: np.ndarray, b_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One int64 per row, equal exactly where the rows are equal (columns are non-negative)."""
    both = np.concatenate([a_keys, b_keys])
    key = np.zeros(len(both), dtype=np.int64)
    bound = 1
    for column in range(both.shape[1]):
        width = int(both[:, column].max(initial=0)) + 1
        bound *= width
        if bound >= 2**62:
            _, inverse = np.unique(both, axis=0, return_inverse=True)
            key = inverse.reshape(-1).astype(np.int64)
            break
        key = key * width + both[:, column]
    return key[: len(a_keys)], key[len(a_keys) :]


def match_ranked(a_keys: np.ndarray, b_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices (into a, into b) pairing equal keys, the i-th of a key in a with the i-th in b."""
    empty = np.zeros(0, dtype=np.int64)
    if not len(a_keys) or not len(b_keys):
        return empty, empty
    ka, kb = row_keys(a_keys, b_keys)
    na = len(ka)
    combined = np.concatenate([ka * 2, kb * 2 + 1])
    order = np.argsort(combined, kind="stable")  # by key, a before b, then input order
    key = combined[order] >> 1
    side = combined[order] & 1
    new_key = np.r_[True, key[1:] != key[:-1]]
    key_start = np.maximum.accumulate(np.where(new_key, np.arange(len(key)), 0))
    firsts = np.flatnonzero(new_key)
    a_count = np.add.reduceat(1 - side, firsts)
    b_count = np.add.reduceat(side, firsts)
    group = np.cumsum(new_key) - 1
    rank = np.arange(len(key)) - key_start
    is_pair = (side == 0) & (rank < b_count[group])
    positions = np.flatnonzero(is_pair)
    partners = key_start[positions] + a_count[group[positions]] + rank[positions]
    return order[positions].astype(np.int64), (order[partners] - na).astype(np.int64)


def exact_pairs(a_rows: np.ndarray, b_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs with the same document, start, end and label, the i-th with the i-th."""
    ia, ib = match_ranked(a_rows, b_rows)
    order = np.argsort(ia, kind="stable")
    return ia[order], ib[order]


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


def overlap_pairs(a_rows: np.ndarray, b_rows: np.ndarray, matching: Matching) -> np.ndarray:
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


def span_confusion(
    a_rows: np.ndarray, b_rows: np.ndarray, exact: tuple[np.ndarray, np.ndarray], docs: int, k: int
) -> np.ndarray:
    """(D, K, K) spans paired by range (same label first, then in input order), O for none."""
    ia, ib = exact
    rest_a = _unused(len(a_rows), ia)
    rest_b = _unused(len(b_rows), ib)
    ra, rb = match_ranked(a_rows[rest_a, :3], b_rows[rest_b, :3])
    lone_a = _unused(len(rest_a), ra)
    lone_b = _unused(len(rest_b), rb)
    a_label, b_label = a_rows[:, 3], b_rows[:, 3]
    codes = np.concatenate(
        [
            a_rows[ia, 0] * k * k + a_label[ia] * (k + 1),
            a_rows[rest_a[ra], 0] * k * k + a_label[rest_a[ra]] * k + b_label[rest_b[rb]],
            a_rows[rest_a[lone_a], 0] * k * k + a_label[rest_a[lone_a]] * k,
            b_rows[rest_b[lone_b], 0] * k * k + b_label[rest_b[lone_b]],
        ]
    ).astype(np.int64)
    return np.bincount(codes, minlength=docs * k * k).reshape(docs, k, k)


def role_rows(
    relations: Mapping[str, Sequence[Relation]], spans: list[Span], rows: np.ndarray, roles: dict
) -> np.ndarray:
    """(document, role, head start, end, label, child start, end, label) per relation whose
    two spans are among `spans` (role numbered in `roles`, which grows)."""
    index = {span.id: k for k, span in enumerate(spans)}
    found: list[tuple[int, int, int]] = []
    for rels in relations.values():
        for relation in rels:
            head, child = index.get(relation.head_id), index.get(relation.child_id)
            if head is not None and child is not None:
                found.append((roles.setdefault(relation.label, len(roles)), head, child))
    if not found:
        return np.zeros((0, 8), dtype=np.int64)
    table = np.array(found, dtype=np.int64)
    heads, children = table[:, 1], table[:, 2]
    same_doc = rows[heads, 0] == rows[children, 0]
    table, heads, children = table[same_doc], heads[same_doc], children[same_doc]
    return np.column_stack([rows[heads, 0], table[:, 0], rows[heads, 1:], rows[children, 1:]])


def role_counts(a_roles: np.ndarray, b_roles: np.ndarray, docs: int) -> np.ndarray:
    """(D, 3): role triples matched (as a multiset), a's count and b's, per document."""
    ia, _ = match_ranked(a_roles, b_roles)
    return np.stack(
        [
            np.bincount(a_roles[ia, 0], minlength=docs),
            np.bincount(a_roles[:, 0], minlength=docs),
            np.bincount(b_roles[:, 0], minlength=docs),
        ],
        axis=1,
    ).astype(np.int64)


def attribute_ids(spans: list[Span], kinds: dict) -> np.ndarray:
    """A number per span, equal for spans whose attributes are equal; `kinds` maps each
    kind (hashable form) to its number and grows."""
    out = np.empty(len(spans), dtype=np.int64)
    get = kinds.get
    for k, span in enumerate(spans):
        key: object = tuple(span.attrs.items())
        try:
            number = get(key)
        except TypeError:  # an unhashable value: compare as text
            key = repr(sorted(span.attrs.items()))
            number = get(key)
        if number is None:
            number = kinds[key] = len(kinds)
        out[k] = number
    return out


def kind_names(kinds: dict) -> dict[int, list[str]]:
    """Per kind number, the attribute names it sets to a value (not None); kinds kept as
    text (unhashable values) are left out."""
    return {
        number: [name for name, value in key if value is not None]
        for key, number in kinds.items()
        if isinstance(key, tuple)
    }


def attribute_counts(
    a: list[Span],
    a_ids: np.ndarray,
    a_rows: np.ndarray,
    b: list[Span],
    b_ids: np.ndarray,
    exact: tuple[np.ndarray, np.ndarray],
    names_of: dict[int, list[str]],
    docs: int,
) -> dict[str, np.ndarray]:
    """Per attribute, (D, 2): exactly matched pairs that agree on it, and that carry it.

    A value of None counts as absent. Pairs whose attributes are identical agree on every
    name they set, and are counted by kind and document with numpy.
    """
    ia, ib = exact
    out: dict[str, np.ndarray] = {}

    def row(name: str) -> np.ndarray:
        found = out.get(name)
        if found is None:
            found = out[name] = np.zeros((docs, 2), dtype=np.int64)
        return found

    same = a_ids[ia] == b_ids[ib]
    kind, doc = a_ids[ia[same]], a_rows[ia[same], 0]
    by_name: dict[str, list[int]] = {}
    for number in np.unique(kind).tolist():
        names = names_of.get(number)
        if names is None:  # an unhashable kind: count it pair by pair below
            same[np.flatnonzero(same)[kind == number]] = False
            continue
        for name in names:
            by_name.setdefault(name, []).append(number)
    kind, doc = a_ids[ia[same]], a_rows[ia[same], 0]
    for name, numbers in by_name.items():
        counted = np.bincount(doc[np.isin(kind, numbers)], minlength=docs)
        target = row(name)
        target[:, 0] += counted
        target[:, 1] += counted
    differ = ~same
    for x, y in zip(ia[differ].tolist(), ib[differ].tolist(), strict=True):
        first, second = a[x].attrs, b[y].attrs
        d = int(a_rows[x, 0])
        carried = {n for n, v in first.items() if v is not None}
        carried.update(n for n, v in second.items() if v is not None)
        for name in carried:
            target = row(name)
            target[d, 1] += 1
            if first.get(name) == second.get(name):
                target[d, 0] += 1
    return out
