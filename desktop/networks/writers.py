"""Writing networks: GraphML, GEXF (static, or dynamic over time windows), CSV, JSON.

GraphML and GEXF are the plain dialects Gephi reads, every attribute declared with a
type; a list (provenance, aliases, targets) is written as one JSON string, since neither
format has list values (a list in networkx's GEXF writer means a dynamic attribute). The
CSV is an edge list: `source`, `target` (names), `weight`, `source_id`, `target_id`, then
one column per attribute. The JSON is networkx's node-link layout, lists kept as lists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson

from desktop.networks.timeline import Window

if TYPE_CHECKING:  # networkx loads in ~0.2 s: only when a network is built
    import networkx as nx


FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".csv": "csv", ".json": "json"}
EDGE_COLUMNS = ("source", "target", "weight", "source_id", "target_id")
#: Edge attributes in the order the CSV gives them, after the `kind:value` counts.
PROVENANCE = (
    "raw_weight",
    "targets",
    "first_date",
    "last_date",
    "documents",
    "allegations",
    "responses",
    "dates",
)


def format_of(name: str) -> str:
    """The format named by a file name's extension; ValueError if none."""
    lowered = name.lower()
    for extension, fmt in FORMATS.items():
        if lowered.endswith(extension):
            return fmt
    raise ValueError(f"{name}: the output's extension names its format: {', '.join(FORMATS)}")


def plain(value: Any) -> Any:
    """A value GraphML, GEXF and CSV can hold: lists and dicts become JSON text."""
    if isinstance(value, (list, tuple, dict)):
        return orjson.dumps(list(value) if isinstance(value, tuple) else value).decode()
    return value


def _plain_data(data: dict[str, Any]) -> dict[str, Any]:
    return {key: plain(value) for key, value in data.items() if value is not None}


def plain_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` whose every attribute value is a scalar."""
    copy = graph.__class__()
    copy.graph.update(_plain_data(dict(graph.graph)))
    copy.add_nodes_from((node, _plain_data(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from((u, v, _plain_data(data)) for u, v, data in graph.edges(data=True))
    return copy


def write_graphml(stream: BinaryIO, graph: nx.Graph) -> int:
    """Plain GraphML with typed keys; returns the number of edges."""
    import networkx as nx

    nx.write_graphml_xml(plain_graph(graph), stream, encoding="utf-8", prettyprint=True)
    return graph.number_of_edges()


def write_gexf(stream: BinaryIO, graph: nx.Graph) -> int:
    """GEXF 1.2 (static, or dynamic if built by `dynamic_graph`); returns the number of edges."""
    import networkx as nx

    nx.write_gexf(graph if graph.graph.get("mode") == "dynamic" else plain_graph(graph), stream)
    return graph.number_of_edges()


def write_csv(stream: BinaryIO, graph: nx.Graph) -> int:
    """The edge list with one column per attribute; returns the number of rows."""
    found: set[str] = set()
    for _, _, data in graph.edges(data=True):
        found.update(data)
    found.discard("weight")
    columns = sorted(c for c in found if ":" in c)
    columns += [c for c in PROVENANCE if c in found]
    columns += sorted(found - set(columns))
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow([*EDGE_COLUMNS, *columns])
    rows = 0
    for source, target, data in graph.edges(data=True):
        writer.writerow(
            [
                graph.nodes[source].get("name", source),
                graph.nodes[target].get("name", target),
                data.get("weight", 1),
                source,
                target,
                *("" if data.get(c) is None else plain(data[c]) for c in columns),
            ]
        )
        rows += 1
    text.flush()
    text.detach()
    return rows


def node_link(graph: nx.Graph) -> dict[str, Any]:
    """networkx's node-link layout (`nx.node_link_graph(data, edges="links")` reads it)."""
    return {
        "directed": graph.is_directed(),
        "multigraph": False,
        "graph": dict(graph.graph),
        "nodes": [{"id": node, **data} for node, data in graph.nodes(data=True)],
        "links": [{"source": u, "target": v, **data} for u, v, data in graph.edges(data=True)],
    }


def write_json(stream: BinaryIO, graph: nx.Graph) -> int:
    """Node-link JSON; returns the number of edges."""
    stream.write(orjson.dumps(node_link(graph), option=orjson.OPT_INDENT_2))
    stream.write(b"\n")
    return graph.number_of_edges()


WRITERS = {"graphml": write_graphml, "gexf": write_gexf, "csv": write_csv, "json": write_json}


def dynamic_graph(total: nx.Graph, slices: Sequence[tuple[Window, nx.Graph]]) -> nx.Graph:
    """One dynamic graph of windowed networks, for GEXF and Gephi's timeline.

    Window k is shown from its start to the day before the next window starts (or to its
    own end, if sooner), so overlapping windows (`--step` shorter than `--window`) give
    adjacent, not overlapping, intervals. Nodes and edges get `spells` (when they exist)
    and edges a dynamic `window_weight`; the static attributes and `weight` are those of
    `total`, the network over the whole range.
    """
    shown: list[tuple[str, str]] = []
    for index, (window, _) in enumerate(slices):
        last = window.end
        if index + 1 < len(slices):
            last = min(last, slices[index + 1][0].start - timedelta(days=1))
        shown.append((window.start.isoformat(), last.isoformat()))
    result = plain_graph(total)
    result.graph["mode"] = "dynamic"
    node_spells: dict[Any, list[tuple[str, str]]] = {}
    edge_spells: dict[tuple[Any, Any], list[tuple[str, str]]] = {}
    weights: dict[tuple[Any, Any], list[tuple[Any, str, str]]] = {}
    for (start, end), (_, graph) in zip(shown, slices, strict=True):
        for node in graph.nodes:
            node_spells.setdefault(node, []).append((start, end))
        for u, v, data in graph.edges(data=True):
            key = (u, v) if result.has_edge(u, v) else (v, u)
            edge_spells.setdefault(key, []).append((start, end))
            weights.setdefault(key, []).append((data.get("weight", 1), start, end))
    for node, data in result.nodes(data=True):
        data["spells"] = node_spells.get(node, [])
    for u, v, data in result.edges(data=True):
        data["spells"] = edge_spells.get((u, v), [])
        if (u, v) in weights:
            data["window_weight"] = [(float(w), s, e) for w, s, e in weights[(u, v)]]
    return result
