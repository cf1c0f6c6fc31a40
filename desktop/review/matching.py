"""Maximum matching of overlapping spans: as many one-to-one pairs as possible.

Two spans may pair when they carry the same label and share at least one code point. Of
all matchings with the largest number of pairs, the one with the largest total overlap
(shared code points summed over the pairs) is taken; where several remain, the one
networkx's `max_weight_matching` returns (deterministic for the same input).

The candidate pairs fall apart into connected components (spans linked by overlaps); a
component where one side has a single span is matched directly, others by Edmonds'
blossom algorithm (`networkx.max_weight_matching` with `maxcardinality=True`: the largest
total overlap among the matchings with the most pairs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from desktop.domain import Span


def overlap_edges(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int, int]]:
    """(i, j, shared code points) for every same-label pair a[i], b[j] that overlaps."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for j in sorted(range(len(b)), key=lambda j: b[j].start):
        by_label[b[j].label].append(j)
    edges: list[tuple[int, int, int]] = []
    for i, x in enumerate(a):
        for j in by_label.get(x.label, ()):
            y = b[j]
            if y.start >= x.end:
                break
            shared = min(x.end, y.end) - max(x.start, y.start)
            if shared > 0:
                edges.append((i, j, shared))
    return edges


def _components(edges: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """The edges grouped by connected component (a side's nodes kept apart from b's)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for i, j, _ in edges:
        ra, rb = find((0, i)), find((1, j))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for edge in edges:
        groups[find((0, edge[0]))].append(edge)
    return list(groups.values())


def maximum_pairs(edges: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """A maximum-cardinality matching of the edges, of largest total weight among those."""
    pairs: list[tuple[int, int]] = []
    for component in _components(edges):
        if len({i for i, _, _ in component}) == 1 or len({j for _, j, _ in component}) == 1:
            # a star: one pair at most, the one with the largest overlap (first on a tie)
            best = max(component, key=lambda edge: edge[2])
            pairs.append((best[0], best[1]))
            continue
        import networkx as nx

        graph = nx.Graph()
        for i, j, w in component:
            graph.add_edge((0, i), (1, j), weight=w)
        for u, v in nx.max_weight_matching(graph, maxcardinality=True):
            (side_u, index_u), (_, index_v) = u, v
            pairs.append((index_u, index_v) if side_u == 0 else (index_v, index_u))
    return pairs


def maximum_overlap_pairs(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """Index pairs of a maximum matching of same-label overlapping spans (module docstring)."""
    return maximum_pairs(overlap_edges(a, b))


def greedy_pairs(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, largest overlap first (the `--overlap greedy` rule).

    Ties go to the earlier start (the smaller, then the larger of the two starts), then the
    earlier ends, then input order. Can miss pairs a maximum matching finds.
    """
    candidates: list[tuple[int, int, int, int, int, int, int]] = []
    for i, j, shared in overlap_edges(a, b):
        x, y = a[i], b[j]
        starts = (x.start, y.start) if x.start <= y.start else (y.start, x.start)
        ends = (x.end, y.end) if x.end <= y.end else (y.end, x.end)
        candidates.append((-shared, *starts, *ends, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs
