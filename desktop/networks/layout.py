"""Node positions for drawing a network: a seeded force-directed (spring) layout."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def spring_positions(graph: nx.Graph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold positions in [-1, 1]², weighted by `weight`, the same for a seed."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    size = graph.number_of_nodes()
    positions = nx.spring_layout(
        undirected, k=2.0 / max(size, 1) ** 0.5, iterations=80, seed=seed, weight=None
    )
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}
