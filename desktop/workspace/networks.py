"""Actor networks and the actor table over a project layer, whole or by date range and window.

The layer defaults to `gold` when the project has one, else the local annotator's. Only
spans linked to the actor registry become nodes; unlinked actor spans in roles are
counted and listed in the report, never matched by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop.domain import GOLD, Actor
from desktop.formats.files import write_file
from desktop.networks import (
    WRITERS,
    ActorRow,
    Claim,
    DocumentClaims,
    Duration,
    UnlinkedSpan,
    Window,
    actor_table,
    build_network,
    document_date,
    dynamic_graph,
    format_of,
    layer_claims,
    windows,
    write_table_csv,
)
from desktop.workspace.workspace import Workspace

if TYPE_CHECKING:
    import networkx as nx


#: Unlinked spans listed one by one in a report (the rest are counted).
LISTED = 20


@dataclass
class NetworkCorpus:
    """Every claim of one layer, read once, with the registry and the schema's categories."""

    layer: str
    documents: list[DocumentClaims]
    actors: dict[str, Actor]
    categories: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()  # every layer of the project, for the report


@dataclass
class NetworkReport:
    """What went into a network and what was left out."""

    layer: str
    documents: int = 0
    used_documents: int = 0
    undated_left_out: int = 0
    out_of_range: int = 0
    claims: int = 0
    unlinked: list[UnlinkedSpan] = field(default_factory=list)
    layers: tuple[str, ...] = ()

    def lines(self, texts: dict[str, str] | None = None, limit: int = LISTED) -> list[str]:
        """Human-readable lines: counts, then the first `limit` unlinked spans (with their
        text if known) and how many more there are."""
        lines = [
            f"layer {self.layer}: {self.claims} allegation(s) from {self.used_documents}"
            f" of {self.documents} annotated document(s)"
        ]
        if not self.documents:
            others = ", ".join(n for n in self.layers if n != self.layer) or "none"
            lines.append(f"layer {self.layer} has no annotations; other layers: {others} (--layer)")
        if self.undated_left_out:
            lines.append(
                f"left out {self.undated_left_out} document(s) without a date"
                " (meta 'date') because a date range or window was asked"
            )
        if self.out_of_range:
            lines.append(f"left out {self.out_of_range} document(s) dated outside the range")
        if self.unlinked:
            lines.append(
                f"left out {len(self.unlinked)} actor span(s) in roles that are not linked"
                " to the actor registry (link them, e.g. in the Actors panel):"
            )
            for span in self.unlinked[:limit]:
                text = (texts or {}).get(span.span_id)
                shown = f" {text!r}" if text is not None else ""
                lines.append(
                    f"  {span.doc_id} {span.start}-{span.end}{shown} as {span.role}"
                    f" (span {span.span_id})"
                )
            if len(self.unlinked) > limit:
                lines.append(f"  … and {len(self.unlinked) - limit} more")
        return lines


def network_layer(ws: Workspace, layer: str | None = None) -> str:
    """`layer`, else gold if the project has a gold layer, else the local annotator."""
    if layer:
        return layer
    if any(info.name == GOLD for info in ws.layers()):
        return GOLD
    return ws.annotator


def read_network_corpus(ws: Workspace, layer: str | None = None) -> NetworkCorpus:
    """The claims of every document of the layer, in project order (one pass, no text)."""
    name = network_layer(ws, layer)
    project = ws._project
    metas = project.documents.metas()
    dates = {doc_id: document_date(meta) for doc_id, meta in metas.items()}
    documents = layer_claims(
        project.spans.actor_links(name),
        project.spans.with_labels(name, ("ALLEGATION", "RESPONSE")),
        project.relations.links(name),
        dates,
        project.documents.ids(),
    )
    allegation = next((s for s in ws.schema.span_labels if s.name == "ALLEGATION"), None)
    category = allegation.attribute("category") if allegation else None
    return NetworkCorpus(
        name,
        documents,
        {actor.id: actor for actor in ws.actors()},
        category.choices if category else (),
        tuple(info.name for info in ws.layers()),
    )


@dataclass
class Selection:
    """The claims and mentions of the documents inside a date range."""

    claims: list[Claim]
    mentions: Counter[str]
    report: NetworkReport


def select(corpus: NetworkCorpus, start: date | None = None, end: date | None = None) -> Selection:
    """Claims of documents dated within [start, end]; every document when neither is given."""
    report = NetworkReport(corpus.layer, documents=len(corpus.documents), layers=corpus.layers)
    claims: list[Claim] = []
    mentions: Counter[str] = Counter()
    ranged = start is not None or end is not None
    for document in corpus.documents:
        if ranged:
            if document.date is None:
                report.undated_left_out += 1
                continue
            if (start and document.date < start) or (end and document.date > end):
                report.out_of_range += 1
                continue
        report.used_documents += 1
        claims.extend(document.claims)
        mentions.update(document.mentions)
        report.unlinked.extend(document.unlinked)
    report.claims = len(claims)
    return Selection(claims, mentions, report)


def network(
    ws: Workspace,
    kind: str,
    *,
    layer: str | None = None,
    start: date | None = None,
    end: date | None = None,
    normalize: str | None = None,
    isolates: bool = False,
    corpus: NetworkCorpus | None = None,
) -> tuple[nx.Graph, NetworkReport]:
    """The network of `kind` over the layer, restricted to documents dated start..end."""
    corpus = corpus or read_network_corpus(ws, layer)
    chosen = select(corpus, start, end)
    graph = build_network(
        kind,
        chosen.claims,
        corpus.actors,
        mentions=chosen.mentions,
        normalize=normalize,
        isolates=isolates,
        categories=corpus.categories,
    )
    _describe(graph, corpus.layer, start, end)
    return graph, chosen.report


def _describe(graph: nx.Graph, layer: str, start: date | None, end: date | None) -> None:
    graph.graph["layer"] = layer
    if start:
        graph.graph["from"] = start.isoformat()
    if end:
        graph.graph["to"] = end.isoformat()


def dated_span(corpus: NetworkCorpus) -> tuple[date, date] | None:
    """The first and last document dates of the corpus, if any document is dated."""
    dates = [d.date for d in corpus.documents if d.date is not None]
    return (min(dates), max(dates)) if dates else None


def network_windows(
    ws: Workspace,
    kind: str,
    size: Duration,
    step: Duration,
    *,
    layer: str | None = None,
    start: date | None = None,
    end: date | None = None,
    normalize: str | None = None,
    isolates: bool = False,
) -> tuple[nx.Graph, list[tuple[Window, nx.Graph]], NetworkReport]:
    """The whole-range network and one network per window (start..end, else every date)."""
    corpus = read_network_corpus(ws, layer)
    bounds = dated_span(corpus)
    first = start or (bounds[0] if bounds else None)
    last = end or (bounds[1] if bounds else None)
    if first is None or last is None:
        raise ValueError(
            f"no document of layer {corpus.layer} has a date (meta 'date'): nothing to window"
        )
    total, report = network(
        ws,
        kind,
        start=first,
        end=last,
        normalize=normalize,
        isolates=isolates,
        corpus=corpus,
    )
    slices = []
    for window in windows(first, last, size, step):
        graph, _ = network(
            ws,
            kind,
            start=window.start,
            end=min(window.end, last),
            normalize=normalize,
            isolates=isolates,
            corpus=corpus,
        )
        graph.graph["window"] = window.name
        slices.append((window, graph))
    total.graph["window"] = str(size)
    total.graph["step"] = str(step)
    return total, slices, report


def write_network(out: Path | str, graph: nx.Graph, fmt: str | None = None) -> int:
    """Write `graph` whole to `out` in `fmt` (default: by extension); returns edges or rows."""
    writer = WRITERS[fmt or format_of(str(out))]
    return write_file(out, [graph], lambda stream, graphs: writer(stream, next(iter(graphs))))


def write_windows(
    out: Path | str,
    total: nx.Graph,
    slices: Sequence[tuple[Window, nx.Graph]],
    fmt: str = "graphml",
) -> list[Path]:
    """One dynamic GEXF if `out` ends in .gexf, else a folder of one `fmt` file per window."""
    path = Path(out)
    if path.suffix.lower() == ".gexf":
        write_network(path, dynamic_graph(total, slices), "gexf")
        return [path]
    if path.suffix.lower() in (".graphml", ".csv", ".json"):
        raise ValueError(f"{path}: with --window, OUT is a .gexf file or a folder")
    if path.exists() and not path.is_dir():
        raise ValueError(f"{path}: exists and is not a folder")
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for window, graph in slices:
        target = path / f"{window.name}.{fmt}"
        write_network(target, graph, fmt)
        written.append(target)
    return written


def unlinked_texts(
    ws: Workspace, unlinked: Sequence[UnlinkedSpan], limit: int = LISTED
) -> dict[str, str]:
    """The text of the first `limit` unlinked spans (span id -> text), for the report."""
    texts: dict[str, str] = {}
    documents: dict[str, str] = {}
    for span in unlinked[:limit]:
        if span.doc_id not in documents:
            documents[span.doc_id] = ws.document(span.doc_id).text
        texts[span.span_id] = documents[span.doc_id][span.start : span.end]
    return texts


def actor_rows(
    ws: Workspace,
    *,
    layer: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[list[ActorRow], NetworkReport]:
    """The actor table (accusations made and received, responses, first and last date)."""
    corpus = read_network_corpus(ws, layer)
    chosen = select(corpus, start, end)
    return actor_table(chosen.claims, corpus.actors, chosen.mentions), chosen.report


def export_actor_table(out: Path | str | BinaryIO, rows: Sequence[ActorRow]) -> int:
    """The actor table as CSV to a path (written whole) or a binary stream; returns rows."""
    if isinstance(out, (str, Path)):
        return write_file(out, rows, write_table_csv)
    return write_table_csv(out, rows)


def network_positions(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """A force-directed layout of `graph` (slow for big graphs: run it off the UI thread)."""
    from desktop.networks.layout import spring_positions

    return spring_positions(graph, seed)
