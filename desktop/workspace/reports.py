"""Read-only summaries of a project: statistics and the integrity check."""

from __future__ import annotations

from typing import Any

from desktop.domain import DomainError
from desktop.workspace.workspace import Workspace


def stats(ws: Workspace) -> dict[str, Any]:
    """Documents, spans and relations per layer and label, and status counts."""
    project = ws._project
    spans: dict[str, dict[str, int]] = {}
    for (layer, label), n in sorted(project.spans.count_by_label().items()):
        spans.setdefault(layer, {})[label] = n
    relations: dict[str, dict[str, int]] = {}
    for (layer, label), n in sorted(project.relations.count_by_label().items()):
        relations.setdefault(layer, {})[label] = n
    status: dict[str, dict[str, int]] = {}
    for (layer, state), n in sorted(project.layers.status_counts().items()):
        status.setdefault(layer, {})[state] = n
    return {
        "documents": project.documents.count(),
        "annotator": ws.annotator,
        "layers": [layer.name for layer in project.layers.all()],
        "spans": spans,
        "relations": relations,
        "status": status,
        "actors": len(project.actors.existing_ids()),
        "edits": project.history.count(),
    }


def format_stats(data: dict[str, Any]) -> str:
    """A readable text version of `stats`."""
    lines = [
        f"documents: {data['documents']}",
        f"annotator: {data['annotator']}",
        f"actors: {data['actors']}",
        f"edits logged: {data['edits']}",
    ]
    for layer in data["layers"]:
        spans = data["spans"].get(layer, {})
        rels = data["relations"].get(layer, {})
        status = data["status"].get(layer, {})
        lines.append(f"layer {layer}:")
        lines.append(f"  spans: {sum(spans.values())}  " + _pairs(spans))
        lines.append(f"  relations: {sum(rels.values())}  " + _pairs(rels))
        lines.append("  status: " + (_pairs(status) or "none"))
    return "\n".join(lines)


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def check(ws: Workspace) -> list[str]:
    """Every problem found: SQLite integrity, offsets past the text, schema violations."""
    project = ws._project
    problems = project.integrity_errors()
    for span_id, doc_id in project.spans.overruns():
        problems.append(f"span {span_id} ends past the text of document {doc_id}")
    schema = ws.schema
    for layer in project.layers.all():
        spans = {s.id: s for s in project.spans.for_layer(layer.name)}
        for span in spans.values():
            try:
                schema.check_span(span)
            except DomainError as exc:
                problems.append(f"span {span.id} ({layer.name}): {exc}")
        for relation in project.relations.for_layer(layer.name):
            head, child = spans.get(relation.head_id), spans.get(relation.child_id)
            if head is None or child is None:
                problems.append(f"relation {relation.id} ({layer.name}) crosses layers")
                continue
            try:
                schema.check_relation(relation, head, child)
            except DomainError as exc:
                problems.append(f"relation {relation.id} ({layer.name}): {exc}")
    stored = project.documents.all_hashes()
    for document in project.documents.iter_all():
        if document.sha256 != stored.get(document.id):
            problems.append(f"document {document.id}: text does not match its stored hash")
    return problems
